"""Tests for orgshape._model: Position and Org, through the public API."""

from __future__ import annotations

import io
import sys
from typing import Any

import attrs
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import orgshape
from orgshape import (
    DataError,
    Org,
    OrgShapeError,
    Position,
    Problem,
    ProblemCode,
    StructureError,
    UnknownLevelError,
    UnknownPositionError,
)
from orgshape.strategies import messy_tables, orgs


def small_org() -> Org:
    """A CPO with two VPs and an assistant; a director with a PM and a vacancy."""
    return Org(
        [
            Position(id="1", name="Ana", title="Chief Product Officer"),
            Position(id="2", name="Bo", title="VP of Product", manager="1"),
            Position(id="3", name="Cy", title="Executive Assistant", manager="1", assistant=True),
            Position(id="4", name="Di", title="Director of Product", manager="2"),
            Position(id="5", name="Ed", title="Product Manager", manager="4", products=["Pay"]),
            Position(id="6", title="Product Manager", manager="4", req="REQ-1"),
            Position(id="7", name="Fay", title="VP, Product", manager="1"),
            Position(
                id="8",
                name="Gus",
                title="Sr. PM",
                manager="7",
                dotted_line=["4"],
                extra={"email": "gus@x", "team": ""},
            ),
        ]
    )


def ids(positions: Any) -> list[str]:
    return [p.id for p in positions]


def lenient(text: str) -> Org:
    """Read CSV text leniently (problems kept on the org)."""
    return orgshape.read(io.StringIO(text), format="csv", strict=False)


def codes(org: Org) -> list[str]:
    return [p.code.value for p in org.problems]


def only(org: Org, code: ProblemCode) -> Problem:
    found = [p for p in org.problems if p.code == code]
    assert len(found) == 1, org.problems
    return found[0]


class TestPosition:
    def test_frozen_record_with_string_id(self) -> None:
        """A position is frozen; its id must be a string (``007`` stays ``007``)."""
        p = Position(id="007", name="Ana")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            p.name = "Bo"  # type: ignore[misc]
        with pytest.raises(TypeError, match="must be a string"):
            Position(id=7)  # type: ignore[arg-type]

    def test_keyword_only(self) -> None:
        """Fields are keyword-only."""
        with pytest.raises(TypeError):
            Position("1")  # type: ignore[call-arg]

    def test_defaults_and_conversions(self) -> None:
        """Products and dotted lines become tuples; extra is a read-only mapping."""
        p = Position(id="1", products=["A", "B"], dotted_line="9", extra={"x": 1})
        assert p.products == ("A", "B")
        assert p.dotted_line == ("9",)
        assert p.assistant is False
        assert p.level is None
        with pytest.raises(TypeError):
            p.extra["x"] = 2  # type: ignore[index]

    def test_vacancy(self) -> None:
        """A position without a name is a vacancy shown as an open role."""
        assert Position(id="1").is_vacant
        assert Position(id="1").display_name == "Open role"
        assert Position(id="1", name="Ana").display_name == "Ana"

    def test_evolve(self) -> None:
        """attrs.evolve makes a changed copy."""
        p = Position(id="1", name="Ana")
        assert attrs.evolve(p, name="Bo").name == "Bo"
        assert p.name == "Ana"


class TestQueries:
    def test_root_and_roots(self) -> None:
        """The single top position is the root."""
        org = small_org()
        assert org.root.id == "1"
        assert ids(org.roots) == ["1"]

    def test_reports_include_assistants_in_order(self) -> None:
        """Direct reports come in row order, assistants included."""
        org = small_org()
        assert ids(org.reports("1")) == ["2", "3", "7"]
        assert ids(org.reports("4")) == ["5", "6"]
        assert org.reports("5") == ()

    def test_manager(self) -> None:
        """The solid-line manager, None at the top."""
        org = small_org()
        assert org.manager("5") == org["4"]
        assert org.manager("1") is None

    def test_chain(self) -> None:
        """The chain of command goes upward, nearest manager first."""
        org = small_org()
        assert ids(org.chain("5")) == ["4", "2", "1"]
        assert org.chain("1") == ()

    def test_subtree(self) -> None:
        """A subtree is an org of its own with the given position on top."""
        org = small_org()
        sub = org.subtree("2")
        assert ids(sub) == ["2", "4", "5", "6"]
        assert sub.root.id == "2"
        assert sub["2"].manager is None
        assert sub.problems == ()
        assert org["2"].manager == "1"

    def test_layer(self) -> None:
        """The root is on layer 1, its reports on layer 2..."""
        org = small_org()
        assert [org.layer(i) for i in ("1", "2", "4", "5", "8")] == [1, 2, 3, 4, 3]

    def test_span_excludes_assistants(self) -> None:
        """Span counts solid reports without assistants."""
        org = small_org()
        assert org.span("1") == 2
        assert org.span("4") == 2
        assert org.span("5") == 0

    def test_managers_and_individual_contributors(self) -> None:
        """Managers have a span; everybody else is an IC (assistant-only managers too)."""
        org = small_org()
        assert ids(org.managers) == ["1", "2", "4", "7"]
        assert ids(org.individual_contributors) == ["3", "5", "6", "8"]

    def test_assistant_only_manager_is_an_ic(self) -> None:
        """A manager whose only report is an assistant has no span."""
        org = Org([Position(id="1"), Position(id="2", manager="1", assistant=True)])
        assert org.span("1") == 0
        assert ids(org.individual_contributors) == ["1", "2"]

    def test_vacancies(self) -> None:
        """Vacancies are the positions without a name."""
        assert ids(small_org().vacancies) == ["6"]

    def test_by_level(self) -> None:
        """Positions are grouped in ladder order, unknown levels last."""
        groups = small_org().by_level()
        assert list(groups) == ["CPO", "VP", "DIRECTOR", "SENIOR_PM", "PM", None]
        assert ids(groups["VP"]) == ["2", "7"]
        assert ids(groups["PM"]) == ["5", "6"]
        assert ids(groups[None]) == ["3"]

    def test_dotted_reports(self) -> None:
        """Dotted-line reports are found by the dotted-line manager's id."""
        org = small_org()
        assert ids(org.dotted_reports("4")) == ["8"]
        assert org.dotted_reports("1") == ()

    def test_where(self) -> None:
        """where() filters positions in order."""
        assert ids(small_org().where(lambda p: p.level == "PM")) == ["5", "6"]

    def test_contains_len_iter(self) -> None:
        """``in`` takes ids or positions; len counts seats; iteration keeps row order."""
        org = small_org()
        assert "5" in org
        assert org["5"] in org
        assert Position(id="5", name="Someone else") not in org
        assert "99" not in org
        assert 5 not in org
        assert len(org) == 8
        assert ids(org) == [str(i) for i in range(1, 9)]
        assert org.ids == tuple(str(i) for i in range(1, 9))

    def test_getitem_and_get(self) -> None:
        """org[id] raises UnknownPositionError (a KeyError); get() returns a default."""
        org = small_org()
        assert org["5"].name == "Ed"
        with pytest.raises(UnknownPositionError, match="no position with id '99'"):
            org["99"]
        with pytest.raises(KeyError):
            org["99"]
        assert org.get("99") is None
        assert org.get("99", org["1"]) == org["1"]
        assert org.get("5") == org["5"]

    def test_non_string_id_says_ids_are_strings(self) -> None:
        """Looking up an int id fails with a hint that ids are strings."""
        org = small_org()
        with pytest.raises(UnknownPositionError, match="ids are strings; got int"):
            org[5]  # type: ignore[index]
        with pytest.raises(UnknownPositionError, match="ids are strings"):
            org.layer(5)  # type: ignore[arg-type]

    def test_every_query_checks_the_id(self) -> None:
        """Every query on an unknown id raises UnknownPositionError."""
        org = small_org()
        for query in (
            org.manager,
            org.reports,
            org.chain,
            org.subtree,
            org.layer,
            org.span,
            org.dotted_reports,
        ):
            with pytest.raises(UnknownPositionError):
                query("nope")

    def test_extra_and_records(self) -> None:
        """Extra columns are kept in order; records list typed fields then extras."""
        org = small_org()
        assert org.extra_columns == ("email", "team")
        assert dict(org["8"].extra) == {"email": "gus@x", "team": ""}
        assert dict(org["5"].extra) == {}
        record = org.to_records()[7]
        assert list(record)[:5] == ["id", "name", "title", "level", "manager"]
        assert record["email"] == "gus@x"
        assert record["team"] == ""

    def test_repr(self) -> None:
        """The repr names the size and the root."""
        assert repr(small_org()) == "<Org 8 positions, root '1' (Ana, Chief Product Officer)>"

    def test_levels_inferred_and_explicit_level_wins(self) -> None:
        """A level comes from the title unless given explicitly."""
        org = Org(
            [
                Position(id="1", title="Chief Product Officer"),
                Position(id="2", title="Product Manager", level="SENIOR_PM", manager="1"),
                Position(id="3", title="Chief Vibes Officer", manager="1"),
            ]
        )
        assert [p.level for p in org] == ["CPO", "SENIOR_PM", None]

    def test_empty_org(self) -> None:
        """An org with nobody has no root."""
        org = Org([])
        assert len(org) == 0
        assert org.roots == ()
        with pytest.raises(StructureError, match="0 top positions"):
            _ = org.root

    def test_not_positions(self) -> None:
        """An org is built from Position records only."""
        with pytest.raises(TypeError, match="Position records"):
            Org([{"id": "1"}])  # type: ignore[list-item]


class TestEdits:
    def test_add(self) -> None:
        """add() returns a new org with the position at the end."""
        org = small_org()
        bigger = org.add(Position(id="9", name="Hal", title="Product Manager", manager="8"))
        assert len(bigger) == 9
        assert ids(bigger)[-1] == "9"
        assert bigger.span("8") == 1
        assert len(org) == 8
        assert "9" not in org

    def test_add_refuses_a_used_id_or_unknown_manager(self) -> None:
        """add() refuses a duplicate id and a manager not in the org."""
        org = small_org()
        with pytest.raises(StructureError, match="already in the org"):
            org.add(Position(id="5"))
        with pytest.raises(StructureError, match="not in the org"):
            org.add(Position(id="9", manager="42"))

    def test_move(self) -> None:
        """move() re-parents a position with their team and leaves the original alone."""
        org = small_org()
        moved = org.move("4", to="7")
        assert moved.manager("4") == moved["7"]
        assert ids(moved.subtree("7")) == ["7", "4", "8", "5", "6"]
        assert moved.layer("5") == 4
        assert org.manager("4") == org["2"]

    def test_move_refuses_a_loop(self) -> None:
        """Moving a manager under themself or their own report is a StructureError."""
        org = small_org()
        with pytest.raises(StructureError, match="own team"):
            org.move("2", to="5")
        with pytest.raises(StructureError):
            org.move("2", to="2")
        with pytest.raises(UnknownPositionError):
            org.move("2", to="99")

    def test_remove_hands_reports_to_own_manager(self) -> None:
        """remove() moves the reports to the removed position's manager by default."""
        org = small_org()
        smaller = org.remove("4")
        assert len(smaller) == 7
        assert "4" not in smaller
        assert ids(smaller.reports("2")) == ["5", "6"]
        assert len(org) == 8

    def test_remove_with_reports_to(self) -> None:
        """remove(reports_to=) hands the reports to somebody else."""
        smaller = small_org().remove("4", reports_to="7")
        assert ids(smaller.reports("7")) == ["5", "6", "8"]

    def test_remove_leaf(self) -> None:
        """Removing a leaf touches nobody else."""
        smaller = small_org().remove("5")
        assert ids(smaller.reports("4")) == ["6"]

    def test_remove_refusals(self) -> None:
        """The top with reports needs reports_to=; reports_to cannot be in the team."""
        org = small_org()
        with pytest.raises(StructureError, match="reports_to"):
            org.remove("1")
        with pytest.raises(StructureError, match="in that team"):
            org.remove("2", reports_to="5")

    def test_remove_with_a_direct_report_stepping_up(self) -> None:
        """A direct report named in reports_to takes the removed position's place."""
        org = small_org()
        without_cpo = org.remove("1", reports_to="2")
        assert ids(without_cpo.roots) == ["2"]
        assert ids(without_cpo.reports("2")) == ["3", "4", "7"]
        assert without_cpo.problems == ()
        without_vp = org.remove("2", reports_to="4")
        assert without_vp.manager("4") == without_vp["1"]

    def test_retitle(self) -> None:
        """retitle() changes the title; the level follows it unless given."""
        org = small_org()
        promoted = org.retitle("5", "Senior Product Manager")
        assert promoted["5"].title == "Senior Product Manager"
        assert promoted["5"].level == "SENIOR_PM"
        assert org["5"].level == "PM"
        assert org.retitle("5", "Chief Vibes Officer")["5"].level is None
        assert org.retitle("5", "Ninja", level="DIRECTOR")["5"].level == "DIRECTOR"
        with pytest.raises(UnknownLevelError):
            org.retitle("5", "Ninja", level="BOSS")

    def test_relevel(self) -> None:
        """relevel() changes the level and keeps the title."""
        org = small_org()
        moved = org.relevel("5", "SENIOR_PM")
        assert (moved["5"].level, moved["5"].title) == ("SENIOR_PM", "Product Manager")
        assert org["5"].level == "PM"
        with pytest.raises(UnknownLevelError, match="BOSS"):
            org.relevel("5", "BOSS")

    def test_replace(self) -> None:
        """replace() swaps in a new record; a looping manager is refused."""
        org = small_org()
        replaced = org.replace(attrs.evolve(org["5"], name="Eve", manager="7"))
        assert replaced["5"].name == "Eve"
        assert replaced.manager("5") == replaced["7"]
        assert org["5"].name == "Ed"
        with pytest.raises(StructureError, match="loop"):
            org.replace(attrs.evolve(org["2"], manager="5"))
        with pytest.raises(UnknownPositionError):
            org.replace(Position(id="99"))


@st.composite
def edited_orgs(draw: st.DrawFn) -> tuple[Org, Org, Org]:
    """(org, an edit of it by an Org method, the same edit made from its records)."""
    if draw(st.booleans()):
        org = draw(orgs(max_size=12))
    else:  # a messy export: extra columns, missing cells, duplicate ids...
        text = draw(messy_tables(format="csv", max_size=12))
        try:
            org = orgshape.read(io.StringIO(text), format="csv", strict=False)
        except orgshape.OrgShapeError:
            org = draw(orgs(max_size=12))
    n = len(org)
    positions = [org.at(k) for k in range(n)]
    i = org.index(positions[draw(st.integers(0, n - 1))].id)  # (the first of an id's holders)
    p = positions[i]
    kind = draw(st.sampled_from(["replace", "remove", "add", "retitle"]))
    extra = draw(st.dictionaries(st.sampled_from(["team", "Note", "x"]), st.text(max_size=3)))
    try:
        if kind == "replace":
            new = attrs.evolve(p, name=draw(st.none() | st.just("Zed")), cost=3.0, extra=extra)
            edited = org.replace(new)
            records = [new if k == i else q for k, q in enumerate(positions)]
        elif kind == "remove":
            edited = org.remove(p.id)
            reports = set(org.view.children(i))
            records = []
            for k, q in enumerate(positions):
                if k == i:
                    continue
                if k in reports:
                    q = attrs.evolve(q, manager=p.manager)
                if p.id in q.dotted_line:
                    q = attrs.evolve(q, dotted_line=tuple(r for r in q.dotted_line if r != p.id))
                records.append(q)
        elif kind == "add":
            new = Position(id="NEW-ID", title="Product Manager", manager=p.id, extra=extra)
            edited = org.add(new)
            records = [*positions, new]
        else:
            edited = org.retitle(p.id, "Head of Product")
            records = [
                attrs.evolve(q, title="Head of Product", level="HEAD") if k == i else q
                for k, q in enumerate(positions)
            ]
    except StructureError:
        return org, org, org
    return org, edited, Org(records, ladder=org.ladder, strict=False)


class TestEditsColumnByColumn:
    @settings(max_examples=150, deadline=None)
    @given(edited_orgs())
    def test_an_edit_is_the_org_of_the_edited_records(self, case: tuple[Org, Org, Org]) -> None:
        """An edit made column by column is the org its edited records make: positions,
        typed fields and extra columns (in order), structure and problems."""
        _, edited, rebuilt = case
        assert edited == rebuilt
        assert edited.view.field_names == rebuilt.view.field_names
        assert edited.view.extra_names == rebuilt.view.extra_names
        assert edited.problems == rebuilt.problems
        assert edited.view.parent == rebuilt.view.parent
        assert edited.view.facts == rebuilt.view.facts
        for name in edited.view.extra_names:
            assert edited.view.extra_column(name) == rebuilt.view.extra_column(name)

    def test_extra_columns_keep_the_order_positions_first_have_them(self) -> None:
        """Extra keys come in the order the positions first have them, as Org() makes it."""
        org = Org(
            [
                Position(id="1", extra={"b": "1"}),
                Position(id="2", manager="1", extra={"a": "x", "b": "2"}),
                Position(id="3", manager="1", extra={"c": "y"}),
            ]
        )
        assert org.view.extra_names == ("b", "a", "c")
        edited = org.replace(Position(id="1", extra={"c": "z", "a": "w"}))
        assert edited.view.extra_names == ("c", "a", "b")
        assert edited.remove("3").view.extra_names == ("c", "a", "b")
        assert org.remove("2").view.extra_names == ("b", "c")
        assert org.add(Position(id="4", manager="1", extra={"d": ""})).view.extra_names[-1] == "d"


class TestEquality:
    def test_equal_orgs(self) -> None:
        """Orgs with the same positions in the same order are equal."""
        assert small_org() == small_org()
        assert small_org() != small_org().retitle("5", "PM")

    def test_order_matters(self) -> None:
        """Row order is part of an org (files are written in it)."""
        a = Org([Position(id="1"), Position(id="2", manager="1"), Position(id="3", manager="1")])
        b = Org([Position(id="1"), Position(id="3", manager="1"), Position(id="2", manager="1")])
        assert a != b

    def test_not_equal_to_other_types_and_unhashable(self) -> None:
        """An org equals only orgs and cannot be hashed."""
        assert small_org() != list(small_org())
        with pytest.raises(TypeError):
            hash(small_org())


class TestNetworkx:
    def test_to_networkx(self) -> None:
        """One node per id with the fields as attributes; edges go manager → report."""
        graph = small_org().to_networkx()
        assert list(graph.nodes) == [str(i) for i in range(1, 9)]
        assert sorted(graph.edges) == sorted(
            [("1", "2"), ("1", "3"), ("1", "7"), ("2", "4"), ("4", "5"), ("4", "6"), ("7", "8")]
        )
        node = graph.nodes["8"]
        assert node["name"] == "Gus"
        assert node["dotted_line"] == ("4",)
        assert node["extra"] == {"email": "gus@x", "team": ""}
        assert graph.nodes["3"]["assistant"] is True

    def test_round_trip(self) -> None:
        """from_networkx(to_networkx(org)) gives an equal org, attributes kept."""
        org = small_org()
        assert Org.from_networkx(org.to_networkx()) == org
        assert orgshape.read(org.to_networkx()) == org

    def test_read_only_graph(self) -> None:
        """org.graph is a frozen view."""
        graph = small_org().graph
        assert nx.is_frozen(graph)

    def test_from_plain_graph(self) -> None:
        """Node keys become string ids; unknown attributes go to extra."""
        graph = nx.DiGraph()
        graph.add_node(1, name="Ana", title="CPO", colour="red")
        graph.add_edge(1, 2)
        org = Org.from_networkx(graph)
        assert ids(org) == ["1", "2"]
        assert org["2"].manager == "1"
        assert dict(org["1"].extra) == {"colour": "red"}

    def test_two_managers(self) -> None:
        """A node with two in-edges is MULTIPLE_MANAGERS; leniently the first is kept."""
        graph = nx.DiGraph([("a", "c"), ("b", "c")])
        with pytest.raises(DataError) as caught:
            Org.from_networkx(graph)
        assert [p.code for p in caught.value.problems] == [
            ProblemCode.MULTIPLE_MANAGERS,
            ProblemCode.MULTIPLE_ROOTS,
        ]
        org = Org.from_networkx(graph, strict=False)
        problem = only(org, ProblemCode.MULTIPLE_MANAGERS)
        assert (problem.id, problem.related) == ("c", ("a", "b"))
        assert org["c"].manager == "a"
        assert len(org) == 3

    def test_duplicate_ids_cannot_convert(self) -> None:
        """A leniently loaded org with duplicate ids cannot become a graph."""
        org = Org([Position(id="1"), Position(id="1")], strict=False)
        with pytest.raises(StructureError, match="duplicate"):
            org.to_networkx()


class TestStrictAndLenient:
    def test_strict_raises_one_error_with_every_problem(self) -> None:
        """A strict org raises DataError carrying all problems, sorted."""
        positions = [
            Position(id="1"),
            Position(id="2", manager="2"),
            Position(id="3", manager="nobody"),
        ]
        with pytest.raises(DataError) as caught:
            Org(positions)
        assert {p.code for p in caught.value.problems} == {
            ProblemCode.SELF_MANAGER,
            ProblemCode.UNKNOWN_MANAGER,
        }
        assert isinstance(caught.value, OrgShapeError)
        assert isinstance(caught.value, ValueError)
        assert "strict=False" in str(caught.value)

    def test_a_fatal_problem_does_not_advise_lenient_loading(self) -> None:
        """When nothing can be loaded, the error does not suggest strict=False."""
        with pytest.raises(DataError) as caught:
            orgshape.read([])
        assert "strict=False cannot help" in str(caught.value)
        assert "Load with strict=False" not in str(caught.value)

    def test_lenient_keeps_everybody(self) -> None:
        """strict=False keeps every position and the problems."""
        org = Org([Position(id="1"), Position(id="2", manager="2")], strict=False)
        assert len(org) == 2
        assert codes(org) == ["SELF_MANAGER"]
        assert "1 problems" in repr(org)

    def test_positions_have_no_rows(self) -> None:
        """Problems of an org built in code have no source row."""
        org = Org([Position(id="1"), Position(id="1")], strict=False)
        assert only(org, ProblemCode.DUPLICATE_ID).row is None

    def test_edits_of_a_lenient_org_stay_lenient(self) -> None:
        """Edits of an org with problems return orgs that keep reporting them."""
        org = Org([Position(id="1"), Position(id="2"), Position(id="3", manager="1")], strict=False)
        assert codes(org.add(Position(id="4", manager="3"))) == ["MULTIPLE_ROOTS"]


class TestProblemCodes:
    """Every structural problem, with its code, row, id, name and related ids."""

    def test_duplicate_id(self) -> None:
        """The second use of an id is reported; references mean the first one."""
        org = lenient("id,name,manager_id\n1,Ana,\n2,Bo,1\n2,Cy,1\n3,Di,2\n")
        problem = only(org, ProblemCode.DUPLICATE_ID)
        assert (problem.row, problem.id, problem.name, problem.related) == (4, "2", "Cy", ("2",))
        assert "row 3" in problem.message
        assert org.manager("3") == org["2"]
        assert [p.name for p in org] == ["Ana", "Bo", "Cy", "Di"]
        assert org["2"].name == "Bo"

    def test_missing_id(self) -> None:
        """A row without an id is reported by name and row."""
        org = lenient("id,name,manager_id\n1,Ana,\n,Bo,1\n")
        problem = only(org, ProblemCode.MISSING_ID)
        assert (problem.row, problem.id, problem.name) == (3, None, "Bo")
        assert len(org) == 2

    def test_self_manager(self) -> None:
        """A person who manages themself is reported."""
        org = lenient("id,name,manager_id\n1,Ana,\n2,Bo,2\n")
        problem = only(org, ProblemCode.SELF_MANAGER)
        assert (problem.row, problem.id, problem.name, problem.related) == (3, "2", "Bo", ("2",))
        assert "their own manager" in problem.message

    def test_unknown_manager_and_unreachable_team(self) -> None:
        """An unknown manager is reported; their team is unreachable."""
        org = lenient("id,name,manager_id\n1,Ana,\n2,Bo,42\n3,Cy,2\n")
        problem = only(org, ProblemCode.UNKNOWN_MANAGER)
        assert (problem.row, problem.id, problem.name, problem.related) == (3, "2", "Bo", ("42",))
        assert "'42'" in problem.message
        unreachable = only(org, ProblemCode.UNREACHABLE)
        assert (unreachable.row, unreachable.id, unreachable.name) == (4, "3", "Cy")
        assert unreachable.related == ("2",)
        assert ids(org.roots) == ["1", "2"]

    def test_cycle_is_printed_as_the_ordered_loop(self) -> None:
        """A cycle names its members in reporting order: A → B → C → A."""
        org = lenient("id,name,manager_id\nR,Root,\nA,Ann,B\nB,Ben,C\nC,Cat,A\n")
        problem = only(org, ProblemCode.CYCLE)
        assert "A → B → C → A" in problem.message
        assert problem.related == ("A", "B", "C")
        assert (problem.row, problem.id, problem.name) == (3, "A", "Ann")
        assert codes(org) == ["CYCLE"]
        assert len(org) == 4

    def test_cycle_starts_at_its_first_row(self) -> None:
        """The loop is printed from the member on the earliest row."""
        org = lenient("id,manager_id\nR,\nC,A\nB,C\nA,B\n")
        problem = only(org, ProblemCode.CYCLE)
        assert "C → A → B → C" in problem.message
        assert problem.row == 3

    def test_two_cycle(self) -> None:
        """Two people managing each other form a loop."""
        org = lenient("id,manager_id\nR,\nA,B\nB,A\n")
        assert "A → B → A" in only(org, ProblemCode.CYCLE).message

    def test_cycle_with_a_tail(self) -> None:
        """People below a loop are unreachable; the loop is reported once."""
        org = lenient("id,manager_id\nR,\nA,B\nB,A\nT1,A\nT2,T1\n")
        assert codes(org) == ["CYCLE", "UNREACHABLE", "UNREACHABLE"]
        assert [p.id for p in org.problems if p.code == ProblemCode.UNREACHABLE] == ["T1", "T2"]
        assert org.layer("T2") == 3

    def test_multiple_roots_lists_all(self) -> None:
        """Several people without a manager are all listed."""
        org = lenient("id,name,manager_id\n1,Ana,\n2,Bo,\n3,Cy,1\n4,Di,\n")
        problem = only(org, ProblemCode.MULTIPLE_ROOTS)
        assert problem.related == ("1", "2", "4")
        assert "1 (Ana), 2 (Bo), 4 (Di)" in problem.message
        assert (problem.row, problem.id, problem.name) == (3, "2", "Bo")
        with pytest.raises(StructureError, match="3 top positions"):
            _ = org.root

    def test_no_root(self) -> None:
        """Everybody having a manager means nobody is at the top."""
        org = lenient("id,manager_id\nA,B\nB,A\n")
        assert codes(org) == ["CYCLE", "NO_ROOT"]
        problem = only(org, ProblemCode.NO_ROOT)
        assert (problem.row, problem.id) == (None, None)

    def test_unknown_level(self) -> None:
        """An explicit level that is not on the ladder is reported."""
        org = lenient("id,name,level,manager_id\n1,Ana,CPO,\n2,Bo,Overlord,1\n")
        problem = only(org, ProblemCode.UNKNOWN_LEVEL)
        assert (problem.row, problem.id, problem.name, problem.related) == (
            3,
            "2",
            "Bo",
            ("Overlord",),
        )
        assert "CPO, VP, HEAD, SENIOR_DIRECTOR, DIRECTOR, GROUP_PM" in problem.message

    def test_every_problem_in_one_pass(self) -> None:
        """One load reports every problem at once, sorted by row; nobody is lost."""
        text = "id,name,manager_id\n1,Ana,\n2,Bo,2\n3,Cy,42\n1,Dup,1\n4,Eve,5\n5,Fay,4\n6,Gus,\n"
        with pytest.raises(DataError) as caught:
            orgshape.read(io.StringIO(text), format="csv")
        found = [(p.row, p.code.value) for p in caught.value.problems]
        assert found == [
            (3, "SELF_MANAGER"),
            (4, "UNKNOWN_MANAGER"),
            (5, "DUPLICATE_ID"),
            (6, "CYCLE"),
            (8, "MULTIPLE_ROOTS"),
        ]
        assert len(lenient(text)) == 7

    @pytest.mark.parametrize(
        "text",
        [
            "id,manager_id\n1,\n1,\n1,1\n",
            "id,manager_id\nA,B\nB,C\nC,A\nD,A\n",
            "id,name,manager_id\nx,,\n,Bo,x\n,Cy,x\n",
            "id,manager_id\nA,A\nB,B\n",
            "id,manager_id\nA,Z\nB,A\nC,A\nD,B\n",
        ],
    )
    def test_nobody_dropped_or_duplicated(self, text: str) -> None:
        """A lenient org has exactly one position per input row, in order."""
        rows = text.strip().splitlines()[1:]
        org = lenient(text)
        assert len(org) == len(rows)
        assert list(org.ids) == [r.split(",")[0] for r in rows]


def chain_csv(n: int) -> str:
    return "id,name,manager_id\n0,P0,\n" + "".join(f"{i},P{i},{i - 1}\n" for i in range(1, n))


class TestDeepChain:
    """A 100,000-deep chain works under the default recursion limit."""

    N = 100_000

    @pytest.fixture(scope="class")
    @classmethod
    def deep(cls) -> Org:
        assert sys.getrecursionlimit() <= 10_000
        return orgshape.read(io.StringIO(chain_csv(cls.N)), format="csv")

    def test_loads(self, deep: Org) -> None:
        """Every position loads, with no problem, one root."""
        assert len(deep) == self.N
        assert deep.root.id == "0"
        assert deep.problems == ()

    def test_queries(self, deep: Org) -> None:
        """layer, chain, span and reports work at the bottom of the chain."""
        last = str(self.N - 1)
        assert deep.layer(last) == self.N
        chain = deep.chain(last)
        assert len(chain) == self.N - 1
        assert chain[0].id == str(self.N - 2)
        assert chain[-1].id == "0"
        assert deep.span("0") == 1
        assert ids(deep.reports("50000")) == ["50001"]
        assert len(deep.managers) == self.N - 1

    def test_subtree_and_records(self, deep: Org) -> None:
        """A subtree halfway down and the records of the whole chain."""
        sub = deep.subtree("50000")
        assert len(sub) == self.N - 50_000
        assert sub.layer(str(self.N - 1)) == self.N - 50_000
        records = deep.to_records()
        assert len(records) == self.N
        assert records[-1]["manager"] == str(self.N - 2)

    def test_edits(self, deep: Org) -> None:
        """Moving the bottom to the top and removing a middle link."""
        last = str(self.N - 1)
        assert deep.move(last, to="0").layer(last) == 2
        assert deep.remove("5").layer(last) == self.N - 1


# --------------------------------------------------------------------------- properties


@st.composite
def random_trees(draw: st.DrawFn, max_size: int = 40) -> tuple[list[Position], list[int]]:
    """A random tree: each new position reports to one drawn before it (no filtering).

    Returns the positions in a shuffled row order and each one's parent (-1 at the top),
    indexed like the positions.
    """
    n = draw(st.integers(min_value=1, max_value=max_size))
    parents = [-1] + [draw(st.integers(min_value=0, max_value=i - 1)) for i in range(1, n)]
    assistant = [False] + [draw(st.booleans()) for _ in range(1, n)]
    order = draw(st.permutations(range(n)))
    positions = [
        Position(
            id=f"p{k}",
            name=draw(st.none() | st.text(max_size=5)),
            manager=None if parents[k] < 0 else f"p{parents[k]}",
            assistant=assistant[k],
        )
        for k in order
    ]
    return positions, [parents[k] for k in order]


class TestTreeProperties:
    @settings(max_examples=60, deadline=None)
    @given(random_trees())
    def test_invariants(self, tree: tuple[list[Position], list[int]]) -> None:
        """One root; layer = chain + 1; spans + assistants = n − 1; subtree sizes add up."""
        positions, _ = tree
        org = Org(positions)
        n = len(positions)
        assert len(org) == n
        assert org.problems == ()
        assert org.root.id == "p0"
        for p in org:
            assert org.layer(p.id) == len(org.chain(p.id)) + 1
        spans = sum(org.span(p.id) for p in org)
        assistants = sum(1 for p in org if p.assistant and p.manager is not None)
        assert spans + assistants == n - 1
        below: dict[str, int] = {p.id: 1 for p in org}
        for p in org:
            for boss in org.chain(p.id):
                below[boss.id] += 1
        for p in org:
            assert len(org.subtree(p.id)) == below[p.id]
            assert len(org.subtree(p.id)) == 1 + sum(below[r.id] for r in org.reports(p.id))

    @settings(max_examples=40, deadline=None)
    @given(random_trees(), st.data())
    def test_move_keeps_a_tree(self, tree: tuple[list[Position], list[int]], data: Any) -> None:
        """A legal move keeps one tree with everybody in it."""
        positions, _ = tree
        org = Org(positions)
        who = data.draw(st.sampled_from(org.ids))
        outside = [i for i in org.ids if i not in set(org.subtree(who).ids)]
        if not outside:
            with pytest.raises(StructureError):
                org.move(who, to=who)
            return
        to = data.draw(st.sampled_from(outside))
        moved = org.move(who, to=to)
        assert moved.problems == ()
        assert len(moved) == len(org)
        assert moved.layer(who) == moved.layer(to) + 1


class TestProblemText:
    def test_a_problem_and_a_data_error_show_data_inert(self) -> None:
        """Control and bidi characters in a name reach no terminal through str() or a traceback."""
        org = Org(
            [Position(id="1", name="Ana\x1b[31m\u202e"), Position(id="1", manager="1")],
            strict=False,
        )
        (problem,) = [p for p in org.problems if p.code == ProblemCode.DUPLICATE_ID]
        assert "\x1b" not in str(problem)
        assert "\u202e" not in str(problem)
        assert "[U+001B]" in str(problem)
        with pytest.raises(DataError) as caught:
            Org([Position(id="1", name="Ana\x1b[31m"), Position(id="1", manager="1")])
        assert "\x1b" not in str(caught.value)
        assert problem.message.count("\x1b") == 1  # the data itself is unchanged
