"""Tests for orgshape.scenario: operations that build a proposed org, and their diff."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orgshape
from orgshape import Org, Position, diff
from orgshape.exceptions import (
    DataError,
    InputError,
    StructureError,
    UnknownLevelError,
    UnknownPositionError,
)
from orgshape.rules import Policy
from orgshape.scenario import (
    Added,
    DottedLineChanged,
    Moved,
    Relevelled,
    Removed,
    Renamed,
    Retitled,
    add_seat,
    delayer,
    fill,
    insert_layer,
    merge,
    move,
    open_vacancy,
    promote,
    seat_cost,
)


@pytest.fixture(scope="module")
def example() -> Org:
    return orgshape.example()


def boss(org: Org, id: str) -> str | None:
    manager = org.manager(id)
    return manager.id if manager is not None else None


def kinds(current: Org, proposed: Org) -> list[tuple[str, str]]:
    return [(c.kind, c.id) for c in diff(current, proposed)]


class TestMove:
    def test_moves_the_whole_team_by_default(self, example: Org) -> None:
        """A person moves with everybody below them; the original org is untouched."""
        proposed = move(example, "P028", to="P014")
        assert boss(proposed, "P028") == "P014"
        assert boss(proposed, "P059") == "P028"
        assert boss(example, "P028") == "P013"
        assert kinds(example, proposed) == [("moved", "P028")]

    def test_moving_alone_leaves_the_reports_with_the_old_manager(self, example: Org) -> None:
        """with_team=False: the reports stay behind, under the person's old manager."""
        proposed = move(example, "P028", to="P014", with_team=False)
        assert boss(proposed, "P028") == "P014"
        assert [p.id for p in proposed.reports("P028")] == []
        assert boss(proposed, "P059") == "P013"
        assert kinds(example, proposed) == [
            ("moved", "P028"),
            ("moved", "P059"),
            ("moved", "P060"),
        ]

    def test_moving_alone_under_a_former_report_is_allowed(self, example: Org) -> None:
        """Alone, a manager may go under one of their own reports (who moved up first)."""
        proposed = move(example, "P028", to="P059", with_team=False)
        assert boss(proposed, "P028") == "P059"
        assert boss(proposed, "P059") == "P013"

    def test_moving_a_team_into_itself_is_refused(self, example: Org) -> None:
        """With the team, the new manager cannot be inside that team."""
        with pytest.raises(StructureError, match="own team"):
            move(example, "P013", to="P028")

    def test_moving_under_oneself_is_refused(self, example: Org) -> None:
        """Nobody reports to themselves, alone or not."""
        with pytest.raises(StructureError):
            move(example, "P028", to="P028", with_team=False)
        with pytest.raises(StructureError):
            move(example, "P028", to="P028")

    def test_the_top_cannot_move_alone_with_reports(self, example: Org) -> None:
        """The CPO's reports would have nobody to stay with."""
        with pytest.raises(StructureError, match="at the top"):
            move(example, "P001", to="P002", with_team=False)

    def test_unknown_ids_are_named(self, example: Org) -> None:
        """An unknown person or manager raises UnknownPositionError naming the id."""
        with pytest.raises(UnknownPositionError, match="P999"):
            move(example, "P999", to="P001")
        with pytest.raises(UnknownPositionError, match="P999"):
            move(example, "P028", to="P999", with_team=False)


class TestMerge:
    def test_reports_move_and_the_manager_stays_by_default(self, example: Org) -> None:
        """The emptied manager stays as a seat without reports."""
        proposed = merge(example, "P006", into="P005")
        assert boss(proposed, "P012") == "P005"
        assert "P006" in proposed
        assert proposed.span("P006") == 0
        assert kinds(example, proposed) == [("moved", "P012")]

    def test_remove_manager_removes_the_emptied_seat(self, example: Org) -> None:
        """remove_manager=True removes the emptied manager too."""
        proposed = merge(example, "P006", into="P005", remove_manager=True)
        assert "P006" not in proposed
        assert kinds(example, proposed) == [("moved", "P012"), ("removed", "P006")]

    def test_merging_into_the_own_team_is_refused(self, example: Org) -> None:
        """The receiving manager cannot be inside the merged team (delayer does that)."""
        with pytest.raises(StructureError, match="delayer"):
            merge(example, "P013", into="P028")
        with pytest.raises(StructureError):
            merge(example, "P013", into="P013")

    def test_a_manager_without_reports_cannot_be_merged(self, example: Org) -> None:
        """Nothing to merge is an error, not a silent no-op."""
        with pytest.raises(StructureError, match="no reports"):
            merge(example, "P047", into="P016")


class TestInsertLayer:
    def test_new_manager_between_manager_and_chosen_reports(self, example: Org) -> None:
        """The chosen reports go one layer down, under the new position."""
        proposed = insert_layer(
            example,
            "P013",
            new_id="P067",
            title="Director of Product",
            name="Dana Lee",
            reports=["P032", "P033"],
        )
        assert boss(proposed, "P067") == "P013"
        assert [p.id for p in proposed.reports("P067")] == ["P032", "P033"]
        assert proposed.layer("P032") == example.layer("P032") + 1
        assert proposed["P067"].level == "DIRECTOR"
        assert kinds(example, proposed) == [
            ("added", "P067"),
            ("moved", "P032"),
            ("moved", "P033"),
        ]

    def test_new_position_comes_before_its_first_report(self, example: Org) -> None:
        """Rows stay top-down: the new manager is placed just before its first report."""
        proposed = insert_layer(example, "P013", new_id="X", title="Director", reports=["P033"])
        ids = proposed.ids
        assert ids.index("X") == ids.index("P033") - 1

    def test_default_takes_every_report_but_assistants(self, example: Org) -> None:
        """Without reports=, all direct reports move except assistants."""
        proposed = insert_layer(example, "P001", new_id="COO", title="Chief Operating Officer")
        assert [p.id for p in proposed.reports("COO")] == ["P002", "P003"]
        assert boss(proposed, "P004") == "P001"
        assert proposed["COO"].is_vacant

    def test_explicit_level_and_name(self, example: Org) -> None:
        """level= sets the level when the title does not map to one."""
        proposed = insert_layer(
            example, "P013", new_id="X", title="Group Lead", level="DIRECTOR", reports="P032"
        )
        assert proposed["X"].level == "DIRECTOR"

    def test_bad_input_is_refused_clearly(self, example: Org) -> None:
        """A used id, a report of someone else, an unknown level or an empty title."""
        with pytest.raises(StructureError, match="already used"):
            insert_layer(example, "P013", new_id="P001", title="Director")
        with pytest.raises(StructureError, match="not to P013"):
            insert_layer(example, "P013", new_id="X", title="Director", reports=["P040"])
        with pytest.raises(UnknownLevelError):
            insert_layer(example, "P013", new_id="X", title="Director", level="BOSS")
        with pytest.raises(InputError, match="title"):
            insert_layer(example, "P013", new_id="X", title="  ")
        with pytest.raises(StructureError, match="nobody"):
            insert_layer(example, "P047", new_id="X", title="Director")
        with pytest.raises(StructureError, match="nobody"):
            insert_layer(example, "P013", new_id="X", title="Director", reports=[])


class TestDelayer:
    def test_reports_move_up(self, example: Org) -> None:
        """The manager goes; their reports report to the manager's manager."""
        proposed = delayer(example, "P006")
        assert boss(proposed, "P012") == "P002"
        assert kinds(example, proposed) == [("moved", "P012"), ("removed", "P006")]

    def test_an_individual_contributor_is_not_a_layer(self, example: Org) -> None:
        """Delayering a position without reports is refused (org.remove does that)."""
        with pytest.raises(StructureError, match=r"org\.remove"):
            delayer(example, "P047")

    def test_the_top_cannot_be_delayered(self, example: Org) -> None:
        """The top has nobody above to take the reports."""
        with pytest.raises(StructureError, match="top"):
            delayer(example, "P001")


class TestVacancies:
    def test_fill_and_open(self, example: Org) -> None:
        """fill() names an open role; open_vacancy() empties a seat and keeps the rest."""
        filled = fill(example, "P050", name="Ines Duarte")
        assert filled["P050"].name == "Ines Duarte"
        assert filled["P050"].req == "REQ-2291"
        opened = open_vacancy(example, "P017")
        assert opened["P017"].is_vacant
        assert [p.id for p in opened.reports("P017")] == ["P049", "P050"]
        (change,) = diff(example, opened)
        assert isinstance(change, Renamed)
        assert change.opened
        assert change.old_name == "Yuki Nakamura"

    def test_fill_needs_an_open_role_and_a_name(self, example: Org) -> None:
        """Filling a filled seat, or with an empty name, is refused."""
        with pytest.raises(StructureError, match="not an open role"):
            fill(example, "P017", name="Someone")
        with pytest.raises(InputError, match="name"):
            fill(example, "P050", name="")

    def test_opening_an_open_role_is_refused(self, example: Org) -> None:
        """A vacancy cannot be opened again."""
        with pytest.raises(StructureError, match="already"):
            open_vacancy(example, "P050")


class TestPromote:
    def test_title_and_level_follow(self, example: Org) -> None:
        """A new title brings the level it maps to: Retitled and Relevelled."""
        proposed = promote(example, "P057", title="Senior Product Manager")
        assert proposed["P057"].level == "SENIOR_PM"
        retitled, relevelled = diff(example, proposed)
        assert isinstance(retitled, Retitled)
        assert retitled.old_title == "Product Manager 2"
        assert isinstance(relevelled, Relevelled)
        assert (relevelled.old_level, relevelled.new_level) == ("PM", "SENIOR_PM")

    def test_a_title_promotion_within_a_level(self, example: Org) -> None:
        """PM to PM 2 is a promotion of title only: just Retitled."""
        proposed = promote(example, "P047", title="Product Manager 2")
        assert kinds(example, proposed) == [("retitled", "P047")]

    def test_explicit_level(self, example: Org) -> None:
        """level= overrides what the title says."""
        proposed = promote(example, "P057", title="Group PM", level="SENIOR_PM")
        assert proposed["P057"].level == "SENIOR_PM"

    def test_non_ladder_titles_stay_off_the_ladder(self, example: Org) -> None:
        """A designer promoted to a senior designer keeps no ladder level."""
        proposed = promote(example, "P019", title="Senior Product Designer")
        assert kinds(example, proposed) == [("retitled", "P019")]

    def test_refusals(self, example: Org) -> None:
        """A demotion, no change, an unknown title for a levelled seat, an unknown level."""
        with pytest.raises(StructureError, match="down"):
            promote(example, "P016", title="Product Manager")
        with pytest.raises(StructureError, match="already"):
            promote(example, "P016", title="Senior Product Manager")
        with pytest.raises(InputError, match="level="):
            promote(example, "P016", title="Product Lead")
        with pytest.raises(UnknownLevelError):
            promote(example, "P016", title="Product Lead", level="BOSS")


# ----------------------------------------------------------------- property test


class TestNewSeats:
    def test_a_new_layer_costs_the_median_of_its_level(self, example: Org) -> None:
        """Without cost=, the seat costs the median known cost of its level in the org."""
        proposed = insert_layer(
            example, "P013", new_id="X", title="Director of Product", reports=["P032"]
        )
        directors = sorted(p.cost for p in example if p.level == "DIRECTOR" and p.cost)
        middle = len(directors) // 2
        assert proposed["X"].cost == (directors[middle - 1] + directors[middle]) / 2

    def test_the_policy_prices_a_level(self, example: Org) -> None:
        """A policy's level_costs win over the org's median."""
        policy = Policy(level_costs={"DIRECTOR": 250_000})
        proposed = insert_layer(
            example,
            "P013",
            new_id="X",
            title="Director of Product",
            reports=["P032"],
            policy=policy,
        )
        assert proposed["X"].cost == 250_000.0
        assert seat_cost(example, "DIRECTOR", policy=policy) == 250_000.0

    def test_a_given_cost_function_area_and_req_are_kept(self, example: Org) -> None:
        """cost=, function=, area= and req= are the new seat's own."""
        proposed = insert_layer(
            example,
            "P013",
            new_id="X",
            title="Director of Product",
            reports=["P032"],
            cost=0,
            function="product",
            area="Search",
            req="REQ-7",
            policy=Policy(level_costs={"DIRECTOR": 250_000}),
        )
        seat = proposed["X"]
        assert (seat.cost, seat.function, seat.area, seat.req) == (
            0.0,
            "product",
            "Search",
            "REQ-7",
        )

    def test_no_cost_data_means_no_cost(self) -> None:
        """An org without costs, and a level nobody holds, leave the new seat unpriced."""
        org = Org(
            [
                Position(id="1", name="Ana", title="CPO"),
                Position(id="2", name="Bo", title="PM", manager="1"),
            ]
        )
        assert insert_layer(org, "1", new_id="3", title="Director of Product")["3"].cost is None
        assert seat_cost(orgshape.example(), "NOBODY") is None
        assert seat_cost(orgshape.example(), None) is None

    def test_add_seat_opens_a_priced_role_after_the_team(self, example: Org) -> None:
        """add_seat: an open role (or a hire) under a manager, priced like its level."""
        proposed = add_seat(example, "P013", new_id="P070", title="Product Manager", req="R-1")
        seat = proposed["P070"]
        assert (seat.manager, seat.is_vacant, seat.level, seat.req) == ("P013", True, "PM", "R-1")
        assert seat.cost == seat_cost(example, "PM")
        assert proposed.ids.index("P070") == proposed.ids.index("P039") + 1
        hired = add_seat(example, "P047", new_id="P071", title="Product Manager", name="Ann")
        assert hired.ids.index("P071") == hired.ids.index("P047") + 1
        assert kinds(example, hired) == [("added", "P071")]

    @pytest.mark.parametrize("cost", [2**53, 2**63 - 1, 1e300, float("nan"), True, "150000"])
    def test_a_cost_a_float_cannot_hold_is_refused(self, example: Org, cost: object) -> None:
        """A cost is never rounded to a neighbouring number, nor a flag or text taken."""
        with pytest.raises(InputError, match="cost must be"):
            add_seat(example, "P013", new_id="X", title="Product Manager", cost=cost)  # type: ignore[arg-type]
        exact = add_seat(example, "P013", new_id="X", title="Product Manager", cost=2**53 - 1)
        assert exact["X"].cost == 2**53 - 1
        zero = add_seat(example, "P013", new_id="X", title="Product Manager", cost=-0.0)
        assert str(zero["X"].cost) == "0.0"

    def test_bad_seats_are_refused(self, example: Org) -> None:
        """A used id, a negative or non-numeric cost, an empty function, an unknown manager."""
        with pytest.raises(StructureError, match="already used"):
            add_seat(example, "P013", new_id="P001", title="PM")
        for cost in (-1, float("nan"), "100", True):
            with pytest.raises(InputError, match="cost"):
                add_seat(example, "P013", new_id="X", title="PM", cost=cost)  # type: ignore[arg-type]
        with pytest.raises(InputError, match="function"):
            add_seat(example, "P013", new_id="X", title="PM", function="")
        with pytest.raises(UnknownPositionError):
            add_seat(example, "P999", new_id="X", title="PM")
        with pytest.raises(TypeError, match="Policy"):
            seat_cost(example, "PM", policy={"PM": 1})  # type: ignore[arg-type]


class TestDottedLines:
    def test_removing_a_seat_drops_the_dotted_lines_to_it(self, example: Org) -> None:
        """Org.remove, delayer and merge(remove_manager=True) leave no line to nobody."""
        with_line = move(example, "P025", to="007")  # Björn: dotted to Kwame (007)
        assert example["P025"].dotted_line == ("007",)
        for proposed in (
            example.remove("007", reports_to="P003"),
            delayer(example, "007"),
            merge(example, "007", into="P003", remove_manager=True),
        ):
            assert "007" not in proposed
            assert proposed["P025"].dotted_line == ()
            assert not proposed.problems
            d = diff(example, proposed)
            assert [c.id for c in d.of_type(DottedLineChanged)] == ["P025"]
            assert "UNKNOWN_DOTTED_LINE" not in {f.code for f in d.introduced}
        assert with_line["P025"].dotted_line == ("007",)

    def test_a_dotted_line_to_nobody_is_a_problem_from_code_too(self) -> None:
        """Org(...) reports UNKNOWN_DOTTED_LINE as the loaders do (strict refuses it)."""
        positions = [
            Position(id="1", name="Ana", title="CPO"),
            Position(id="2", name="Bo", title="PM", manager="1", dotted_line=("9",)),
        ]
        org = Org(positions, strict=False)
        (problem,) = org.problems
        assert (problem.code, problem.id, problem.related) == ("UNKNOWN_DOTTED_LINE", "2", ("9",))
        read_back = orgshape.read(
            [dict(p, manager=p["manager"] or "") for p in org.to_records()], strict=False
        )
        assert [p.message for p in read_back.problems] == [problem.message]
        with pytest.raises(DataError, match="UNKNOWN_DOTTED_LINE"):
            Org(positions)

    def test_the_api_and_a_file_agree(self, example: Org, tmp_path: Path) -> None:
        """A proposal diffed in Python and the same proposal written to CSV diff the same."""
        proposed = delayer(example, "007")
        path = tmp_path / "proposed.csv"
        orgshape.write(proposed, path)
        from_file = orgshape.read(path, strict=False)
        in_code, on_disk = diff(example, proposed), diff(example, from_file)
        assert [str(c) for c in in_code] == [str(c) for c in on_disk]
        assert [f.code for f in in_code.introduced] == [f.code for f in on_disk.introduced]
        assert not from_file.problems


TITLES = (
    "Chief Product Officer",
    "VP of Product",
    "Head of Product",
    "Director of Product",
    "Senior Product Manager",
    "Product Manager",
    "Product Designer",
)


@st.composite
def orgs(draw: st.DrawFn, max_size: int = 16) -> Org:
    """Each new position reports to one drawn before it (no filtering)."""
    size = draw(st.integers(1, max_size))
    positions = []
    for k in range(size):
        manager = None if k == 0 else f"p{draw(st.integers(0, k - 1))}"
        vacant = k > 0 and draw(st.integers(0, 3)) == 0
        positions.append(
            Position(
                id=f"p{k}",
                name=None if vacant else f"Person {k}",
                title=draw(st.sampled_from(TITLES)),
                manager=manager,
            )
        )
    return Org(positions)


Expected = dict[tuple[str, str], dict[str, Any]]


class _Run:
    """Random scenario operations on distinct people, and the changes they must give."""

    def __init__(self, org: Org, data: st.DataObject) -> None:
        self.org = org
        self.data = data
        self.touched: set[str] = set()
        self.expected: Expected = {}
        self.new_ids = 0

    def pick(self, ids: list[str]) -> str | None:
        return self.data.draw(st.sampled_from(ids)) if ids else None

    def free(self) -> list[str]:
        return [i for i in self.org.ids if i not in self.touched]

    def expect(self, kind: str, id: str, **values: Any) -> None:
        assert (kind, id) not in self.expected
        self.expected[kind, id] = values
        self.touched.add(id)

    def team(self, id: str) -> set[str]:
        return set(self.org.subtree(id).ids)

    def reports(self, id: str) -> list[str]:
        return [p.id for p in self.org.reports(id)]

    def move(self) -> None:
        org = self.org
        x = self.pick([i for i in self.free() if org[i].manager is not None])
        if x is None:
            return
        old = org[x].manager
        reports = self.reports(x)
        with_team = self.data.draw(st.booleans()) or bool(self.touched & set(reports))
        banned = self.team(x) if with_team else {x}
        to = self.pick([t for t in org.ids if t not in banned and t != old])
        if to is None:
            return
        self.org = move(org, x, to=to, with_team=with_team)
        self.expect("moved", x, old_manager=old, new_manager=to)
        if not with_team:
            for r in reports:
                self.expect("moved", r, old_manager=x, new_manager=old)

    def promote(self) -> None:
        org = self.org
        x = self.pick(self.free())
        if x is None:
            return
        title = self.data.draw(st.sampled_from(TITLES))
        old_level, new_level = org[x].level, org.ladder.level_of(title)
        ladder = org.ladder
        if title == org[x].title or (old_level is not None and new_level is None):
            return
        if old_level and new_level and ladder.rank(new_level) > ladder.rank(old_level):
            return
        self.org = promote(org, x, title=title)
        self.expect("retitled", x, old_title=org[x].title, new_title=title)
        if old_level != new_level:
            self.expect("relevelled", x, old_level=old_level, new_level=new_level)

    def fill_or_open(self) -> None:
        x = self.pick(self.free())
        if x is None:
            return
        old = self.org[x].name
        if old is None:
            self.org = fill(self.org, x, name=f"New {x}")
        else:
            self.org = open_vacancy(self.org, x)
        self.expect("renamed", x, old_name=old, new_name=self.org[x].name)

    def remove_vacancy(self) -> None:
        org = self.org
        x = self.pick(
            [
                i
                for i in self.free()
                if org[i].is_vacant and org[i].manager is not None and not org.reports(i)
            ]
        )
        if x is not None:
            self.org = org.remove(x)
            self.expect("removed", x, manager=org[x].manager)

    def delayer(self) -> None:
        org = self.org
        x = self.pick(
            [
                i
                for i in self.free()
                if org[i].manager is not None
                and org.reports(i)
                and not self.touched & set(self.reports(i))
            ]
        )
        if x is None:
            return
        up, reports = org[x].manager, self.reports(x)
        self.org = delayer(org, x)
        self.expect("removed", x)
        for r in reports:
            self.expect("moved", r, old_manager=x, new_manager=up)

    def merge(self) -> None:
        org = self.org
        a = self.pick(
            [i for i in org.ids if org.reports(i) and not self.touched & set(self.reports(i))]
        )
        if a is None:
            return
        b = self.pick([i for i in org.ids if i not in self.team(a)])
        if b is None:
            return
        remove = a not in self.touched and self.data.draw(st.booleans())
        reports = self.reports(a)
        self.org = merge(org, a, into=b, remove_manager=remove)
        for r in reports:
            self.expect("moved", r, old_manager=a, new_manager=b)
        if remove:
            self.expect("removed", a)

    def insert_layer(self) -> None:
        org = self.org
        m = self.pick([i for i in org.ids if any(r not in self.touched for r in self.reports(i))])
        if m is None:
            return
        free = [r for r in self.reports(m) if r not in self.touched]
        chosen = self.data.draw(st.lists(st.sampled_from(free), min_size=1, unique=True))
        new_id = f"n{self.new_ids}"
        self.new_ids += 1
        self.org = insert_layer(org, m, new_id=new_id, title="Director of Product", reports=chosen)
        self.expect("added", new_id, manager=m)
        for r in chosen:
            self.expect("moved", r, old_manager=m, new_manager=new_id)


OPERATIONS = ("move", "promote", "fill_or_open", "remove_vacancy", "delayer", "merge")


class TestScenarioRoundTrip:
    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(orgs(), st.data())
    def test_diff_gives_back_exactly_the_operations(self, org: Org, data: st.DataObject) -> None:
        """Random operations on distinct people come back from diff(), and only they."""
        snapshot = org.to_records()
        run = _Run(org, data)
        for _ in range(data.draw(st.integers(0, 6))):
            getattr(run, data.draw(st.sampled_from((*OPERATIONS, "insert_layer"))))()
        d = diff(org, run.org)
        got = {(c.kind, c.id): c for c in d}
        assert len(got) == len(d)
        assert set(got) == set(run.expected)
        for key, values in run.expected.items():
            for name, value in values.items():
                assert getattr(got[key], name) == value, (key, name)
        assert org.to_records() == snapshot
        assert len(d.of_type(Added)) - len(d.of_type(Removed)) == len(run.org) - len(org)

    @settings(max_examples=40, deadline=None)
    @given(orgs(), st.data())
    def test_the_reverse_diff_mirrors_the_changes(self, org: Org, data: st.DataObject) -> None:
        """diff(b, a) has a Removed for each Added of diff(a, b), and the same moves."""
        run = _Run(org, data)
        for _ in range(data.draw(st.integers(0, 4))):
            getattr(run, data.draw(st.sampled_from(OPERATIONS)))()
        forward, backward = diff(org, run.org), diff(run.org, org)
        assert {c.id for c in forward.of_type(Added)} == {c.id for c in backward.of_type(Removed)}
        assert {c.id for c in forward.of_type(Removed)} == {c.id for c in backward.of_type(Added)}
        assert {(c.id, c.old_manager, c.new_manager) for c in forward.of_type(Moved)} == {
            (c.id, c.new_manager, c.old_manager) for c in backward.of_type(Moved)
        }
