"""Tests for orgshape diff(): typed changes, matching keys, measures, findings, output, chart."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orgshape
from orgshape import Diff, Org, Position, _storage, cli, diff
from orgshape._diff import _text as diff_text
from orgshape.exceptions import InputError, StructureError, UnknownLevelError
from orgshape.render import Ghost, Mark
from orgshape.rules import Policy, validate
from orgshape.scenario import (
    Added,
    Changed,
    DottedLineChanged,
    LayerChange,
    Moved,
    Relevelled,
    Removed,
    Renamed,
    Retitled,
    SpanChange,
    delayer,
    fill,
    insert_layer,
    move,
    open_vacancy,
    promote,
)
from orgshape.strategies import orgs as generated_orgs
from tests.inert import HOSTILE, assert_inert, inert_line


@pytest.fixture(scope="module")
def example() -> Org:
    return orgshape.example()


@pytest.fixture(scope="module")
def reorg(example: Org) -> Org:
    """The documented reorg: split Hannah's team, drop the one-over-one Head, and more."""
    org = insert_layer(
        example,
        "P013",
        new_id="P067",
        title="Director of Product",
        name="Dana Lee",
        reports=["P032", "P033", "P034", "P035", "P036", "P037", "P038"],
    )
    org = move(org, "P067", to="007")
    org = delayer(org, "P006")
    org = fill(org, "P050", name="Ines Duarte")
    org = promote(org, "P057", title="Senior Product Manager")
    return move(org, "P053", to="P010")


def small() -> Org:
    return Org(
        [
            Position(id="1", name="Ana", title="Chief Product Officer", cost=300.0),
            Position(id="2", name="Bo", title="VP of Product", manager="1", cost=200.0),
            Position(id="3", name="Cy", title="Director of Product", manager="2"),
            Position(id="4", name="Di", title="Product Manager", manager="3", products=("A", "B")),
            Position(id="5", title="Product Manager", manager="3", dotted_line=("2",)),
        ]
    )


def other_system(org: Org, *, column: str = "email", prefix: str = "E") -> Org:
    """The same people under other ids (another HR system), the email under ``column``."""
    positions = []
    for p in org:
        extra = dict(p.extra)
        if "email" in extra and column != "email":
            extra[column] = extra.pop("email")
        positions.append(
            attrs.evolve(
                p,
                id=prefix + p.id,
                manager=prefix + p.manager if p.manager is not None else None,
                dotted_line=tuple(prefix + d for d in p.dotted_line),
                extra=extra,
            )
        )
    return Org(positions)


class TestChanges:
    def test_an_org_against_itself_is_empty(self, example: Org) -> None:
        """diff(a, a) has no changes, is falsy, and says so."""
        d = diff(example, example)
        assert len(d) == 0
        assert not d
        assert list(d) == []
        assert d.spans == ()
        assert d.layers == ()
        assert d.introduced == ()
        assert d.resolved == ()

    def test_a_rebuilt_copy_is_the_same(self, example: Org) -> None:
        """An org rebuilt from its own positions has no changes."""
        assert not diff(example, Org(list(example)))

    def test_records_carry_ids_names_and_values(self) -> None:
        """Each kind of change has the ids, the names and the old and new values."""
        current = small()
        proposed = Org(
            [
                Position(id="1", name="Ana", title="Chief Product Officer", cost=310.0),
                Position(id="2", name="Bo", title="Head of Product", manager="1", cost=200.0),
                Position(id="4", name="Di", title="Product Manager", manager="2", products="A"),
                Position(id="5", name="Ed", title="Product Manager", manager="3"),
                Position(id="3", name="Cy", title="Director of Product", manager="2"),
                Position(id="6", name="Fa", title="Product Manager", manager="3"),
            ]
        )
        d = diff(current, proposed)
        assert d.changes == (
            Changed(id="1", name="Ana", field="cost", old=300.0, new=310.0),
            Retitled(id="2", name="Bo", old_title="VP of Product", new_title="Head of Product"),
            Relevelled(id="2", name="Bo", old_level="VP", new_level="HEAD"),
            Moved(
                id="4",
                name="Di",
                old_manager="3",
                old_manager_name="Cy",
                new_manager="2",
                new_manager_name="Bo",
            ),
            Changed(id="4", name="Di", field="products", old=("A", "B"), new=("A",)),
            Renamed(id="5", title="Product Manager", old_name=None, new_name="Ed"),
            DottedLineChanged(
                id="5",
                name="Ed",
                old_dotted_line=("2",),
                old_dotted_names=("Bo",),
                new_dotted_line=(),
                new_dotted_names=(),
            ),
            Added(
                id="6",
                name="Fa",
                title="Product Manager",
                level="PM",
                manager="3",
                manager_name="Cy",
            ),
        )

    def test_order_is_proposed_order_then_removed_in_current_order(self) -> None:
        """Changes follow the proposed rows; removals come last, in the current rows."""
        current = small()
        proposed = (
            current.remove("5")
            .remove("4")
            .add(Position(id="7", name="Gu", title="Product Manager", manager="3"))
        )
        proposed = proposed.move("3", to="1")
        assert [(c.kind, c.id) for c in diff(current, proposed)] == [
            ("moved", "3"),
            ("added", "7"),
            ("removed", "4"),
            ("removed", "5"),
        ]
        removed = diff(current, proposed).of_type(Removed)[0]
        assert (removed.manager, removed.manager_name, removed.name) == ("3", "Cy", "Di")

    def test_reordered_products_and_dotted_lines_are_not_changes(self) -> None:
        """Products and dotted lines are sets: their order is not a change."""
        base = Org(
            [
                Position(id="1", name="Ana", title="CPO"),
                Position(id="2", name="Bo", title="VP", manager="1"),
                Position(id="3", name="Cy", title="PM", manager="1", products=("A", "B")),
            ]
        )
        swapped = base.replace(attrs.evolve(base["3"], products=("B", "A")))
        assert not diff(base, swapped)

    def test_renamed_tells_filled_opened_and_replaced_apart(self) -> None:
        """Renamed.filled, .opened, and neither when another person sits there."""
        filled = Renamed(id="1", title="PM", old_name=None, new_name="Ana")
        opened = Renamed(id="1", title="PM", old_name="Ana", new_name=None)
        other = Renamed(id="1", title="PM", old_name="Ana", new_name="Bo")
        assert (filled.filled, filled.opened) == (True, False)
        assert (opened.filled, opened.opened) == (False, True)
        assert (other.filled, other.opened) == (False, False)
        assert str(opened) == "opened 1 (PM): Ana → open role"
        assert str(other) == "renamed 1 (PM): Ana → Bo"

    def test_of_type_filters_one_kind(self, example: Org, reorg: Org) -> None:
        """of_type() keeps the changes of one type, in order; other types are refused."""
        d = diff(example, reorg)
        assert [c.id for c in d.of_type(Added)] == ["P067"]
        assert [c.id for c in d.of_type(Removed)] == ["P006"]
        assert len(d.of_type(Moved)) == 9
        with pytest.raises(TypeError, match="change type"):
            d.of_type(Position)  # type: ignore[type-var]

    def test_a_deep_chain_needs_no_recursion(self) -> None:
        """A 100,000-deep chain diffs (changes, spans, layers) without recursion."""
        n = 100_000
        chain = Org(
            [
                Position(id=str(k), name=f"P{k}", title="PM", manager=str(k - 1) if k else None)
                for k in range(n)
            ]
        )
        d = diff(chain, chain.move(str(n - 1), to="0"))
        assert [(c.kind, c.id) for c in d] == [("moved", str(n - 1))]
        assert d.layers == (
            LayerChange(layer=2, old=1, new=2),
            LayerChange(layer=n, old=1, new=0),
        )
        assert len(d.spans) == 2
        top = d.rollups()[0]
        assert (top.id, top.old_headcount, top.new_headcount) == ("0", n, n)
        second = d.rollups()[1]  # "1" loses the mover from the bottom of their org
        assert (second.id, second.old_headcount, second.new_headcount) == ("1", n - 1, n - 2)
        assert [p.id for p in d.impact().people] == [str(n - 1)]

    def test_bad_arguments(self, example: Org) -> None:
        """Non-orgs, a non-string key or a non-Policy are TypeErrors."""
        with pytest.raises(TypeError, match="Org"):
            diff(example, [])  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="key"):
            diff(example, example, key=3)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="Policy"):
            diff(example, example, policy={})  # type: ignore[arg-type]

    def test_one_spelling(self, example: Org) -> None:
        """Diffs are orgshape.diff(a, b): the org has no diff() shortcut."""
        assert not hasattr(example, "diff")


class TestKeys:
    def test_other_ids_same_emails_is_no_change(self, example: Org) -> None:
        """Two systems with other ids but the same emails: nothing changed."""
        assert not diff(example, other_system(example), key="email")

    def test_by_id_everything_would_be_added_and_removed(self, example: Org) -> None:
        """The same comparison by id sees 66 removals and 66 additions."""
        d = diff(example, other_system(example))
        assert (len(d.of_type(Added)), len(d.of_type(Removed))) == (66, 66)

    def test_moves_are_found_through_the_key(self, example: Org) -> None:
        """A move shows with the ids of each system, matched by email."""
        proposed = other_system(move(example, "P032", to="P014"))
        (change,) = diff(example, proposed, key="email")
        assert isinstance(change, Moved)
        assert (change.id, change.old_manager, change.new_manager) == ("EP032", "P013", "EP014")
        assert change.new_manager_name == "Arjun Mehta"

    def test_the_role_resolves_through_the_header_spelling(self, example: Org) -> None:
        """key="email" finds a column spelled "Work Email"; case does not matter."""
        proposed = other_system(example, column="Work Email")
        upper = Org(
            [
                attrs.evolve(p, extra={"Work Email": p.extra["Work Email"].upper()})
                if "Work Email" in p.extra
                else p
                for p in proposed
            ]
        )
        assert not diff(example, upper, key="email")

    def test_an_exact_extra_column_name(self) -> None:
        """Any extra column can be the key, matched as text (7.0 is "7")."""
        a = Org(
            [
                Position(id="1", name="Ana", title="CPO", extra={"badge": 7}),
                Position(id="2", name="Bo", title="PM", manager="1", extra={"badge": "8"}),
            ]
        )
        b = Org(
            [
                Position(id="x", name="Ana", title="CPO", extra={"badge": 7.0}),
                Position(id="y", name="Bo", title="PM", manager="x", extra={"badge": " 8 "}),
            ]
        )
        assert not diff(a, b, key="badge")
        assert diff(a, b, key="badge").key == "badge"

    def test_open_roles_without_a_key_match_by_req_then_id(self, example: Org) -> None:
        """An open role has no email: it matches by requisition, else by id."""
        no_req = Org([attrs.evolve(p, req=None) for p in example])
        d = diff(no_req, other_system(no_req), key="email")
        assert [(c.kind, c.id) for c in d] == [("added", "EP050"), ("removed", "P050")]
        filled = fill(example, "P050", name="Ines Duarte")
        filled = filled.replace(attrs.evolve(filled["P050"], extra={"email": "ines@x.example"}))
        (change,) = diff(example, filled, key="email")
        assert isinstance(change, Renamed)
        assert change.filled

    def test_people_without_a_key_are_named(self, example: Org) -> None:
        """A person with no email is an error that names them."""
        proposed = example.replace(attrs.evolve(example["P017"], extra={}))
        with pytest.raises(StructureError, match=r"P017 \(Yuki Nakamura\)"):
            diff(example, proposed, key="email")

    def test_shared_keys_are_named(self, example: Org) -> None:
        """Two people with one email is an error naming both."""
        email = example["P016"].extra["email"]
        proposed = example.replace(attrs.evolve(example["P017"], extra={"email": email}))
        with pytest.raises(StructureError, match=r"P016 \(Ethan Brooks\), P017 \(Yuki"):
            diff(example, proposed, key="email")

    def test_duplicate_ids_cannot_be_matched(self) -> None:
        """A lenient org with a duplicate id cannot be matched by id."""
        dup = Org(
            [
                Position(id="1", name="Ana", title="CPO"),
                Position(id="2", name="Bo", title="PM", manager="1"),
                Position(id="2", name="Cy", title="PM", manager="1"),
            ],
            strict=False,
        )
        with pytest.raises(StructureError, match=r"2 \(Bo\), 2 \(Cy\)"):
            diff(dup, dup)

    def test_unknown_and_ambiguous_keys(self, example: Org) -> None:
        """A key that names no column, or fits several, is an InputError."""
        with pytest.raises(InputError, match="'email'"):
            diff(example, example, key="badge")
        two = Org(
            [Position(id="1", name="Ana", title="CPO", extra={"Work Email": "a", "E-mail": "b"})]
        )
        with pytest.raises(InputError, match="several columns"):
            diff(two, two, key="email")
        with pytest.raises(InputError, match="no such column"):
            diff(small(), small(), key="employee_number")


class TestMeasures:
    def test_span_changes(self, example: Org, reorg: Org) -> None:
        """Managers whose span differs, with None where the position is missing."""
        spans = {s.id: (s.old, s.new) for s in diff(example, reorg).spans}
        assert spans == {
            "007": (3, 4),
            "P010": (3, 4),
            "P013": (12, 5),
            "P022": (2, 1),
            "P067": (None, 7),
            "P006": (1, None),
        }
        assert diff(example, reorg).spans[-1] == SpanChange(
            id="P006", name="Siobhán O'Neill", old=1, new=None
        )

    def test_layer_changes(self, example: Org, reorg: Org) -> None:
        """Layers whose headcount differs, top first."""
        assert diff(example, reorg).layers == (
            LayerChange(layer=4, old=7, new=12),
            LayerChange(layer=6, old=20, new=15),
        )

    def test_summary_before_and_after(self, example: Org, reorg: Org) -> None:
        """The headline metrics, band shares and cost before and after."""
        summary = diff(example, reorg).summary
        rows = {row.label: row for row in summary}
        assert [r.metric for r in summary][:3] == ["positions", "filled", "vacancies"]
        assert {r.band for r in summary if r.metric == "band_share"} == {
            "1",
            "2-3",
            "4-7",
            "8-12",
            "13-16",
            "17+",
        }
        assert (rows["positions"].old, rows["positions"].new) == (66, 66)
        assert (rows["vacancies"].old, rows["vacancies"].new, rows["vacancies"].change) == (
            1,
            0,
            -1,
        )
        assert (rows["max span"].old, rows["max span"].new) == (12, 7)
        assert rows["share in band 8-12"].old == pytest.approx(1 / 22)
        assert rows["share in band 8-12"].new == 0.0
        # Siobhán's seat (330,000) goes and 7 PMs' new Director costs the median
        # Director's 277,500 (seats made by scenarios are priced; see test_scenario)
        assert rows["total cost"].change == -315_000.0 + 277_500.0
        assert list(rows)[:3] == ["positions", "filled", "vacancies"]
        assert rows["mean span"].change == pytest.approx(0.0)

    def test_metrics_are_the_two_orgs_metrics(self, example: Org, reorg: Org) -> None:
        """Diff.metrics are metrics() of each side."""
        before, after = diff(example, reorg).metrics
        assert before == orgshape.metrics(example)
        assert after == orgshape.metrics(reorg)


@st.composite
def costed_positions(draw: st.DrawFn) -> tuple[list[Position], Any]:
    """An org's positions with costs of every kind (whole, fractional, -0.0, huge, none)."""
    org = draw(generated_orgs(max_size=25))
    amounts = st.none() | st.sampled_from([0.0, -0.0, 1.0, 0.1, 1e17, 2.0**53, 1e308, 150_000.0])
    if draw(st.booleans()):
        costs = [draw(amounts | st.integers(0, 10**6).map(float)) for _ in range(len(org))]
    else:  # one cost for everyone (-0.0 everywhere keeps its sign in every sum)
        costs = [draw(amounts)] * len(org)
    return [attrs.evolve(org.at(k), cost=c) for k, c in enumerate(costs)], org.ladder


class TestRollupSums:
    @pytest.mark.parametrize("engine_from", [0, 10**9], ids=["columnar", "python"])
    @settings(max_examples=150, deadline=None)
    @given(case=costed_positions())
    def test_sums_are_the_loop_sums_bit_for_bit(
        self, engine_from: int, case: tuple[list[Position], Any]
    ) -> None:
        """Headcount, open roles and cost of every leader's org are the bottom-up sums of
        the positions below, added in the one order (so fractions round the same), with
        either storage engine."""
        pytest.importorskip("numpy")
        saved = _storage.COLUMNAR_MIN_POSITIONS
        _storage.COLUMNAR_MIN_POSITIONS = engine_from  # type: ignore[misc]
        try:
            org = Org(case[0], ladder=case[1], strict=False)
        finally:
            _storage.COLUMNAR_MIN_POSITIONS = saved  # type: ignore[misc]
        view = org.view
        heads = [1] * len(org)
        open_ = [int(name is None) for name in view.names]
        cost = [p.cost if p.cost is not None else 0.0 for p in org]
        for i in reversed(view.top_down):
            p = view.parent[i]
            if p >= 0:
                heads[p] += heads[i]
                open_[p] += open_[i]
                cost[p] += cost[i]
        for row in diff(org, org).rollups():
            i = org.index(row.id)
            assert (row.old_headcount, row.old_vacancies) == (heads[i], open_[i])
            assert type(row.old_vacancies) is int
            if row.old_cost is not None:
                assert repr(row.old_cost) == repr(cost[i])


class TestRollups:
    def test_every_leader_before_and_after(self, example: Org, reorg: Org) -> None:
        """One row per manager of either org; the top's row is the whole org."""
        d = diff(example, reorg)
        rows = d.rollups()
        managers = {p.id for p in example.managers} | {p.id for p in reorg.managers}
        assert {r.id for r in rows} == managers
        assert len(rows) == len(managers)
        top = rows[0]
        assert (top.id, top.old_headcount, top.new_headcount) == ("P001", 66, 66)
        assert (top.old_cost, top.new_cost) == (
            orgshape.metrics(example).summary.total_cost,
            orgshape.metrics(reorg).summary.total_cost,
        )
        assert (top.old_vacancies, top.new_vacancies, top.vacancies_change) == (1, 0, -1)

    def test_a_leaders_org_is_the_leader_and_their_team(self, example: Org, reorg: Org) -> None:
        """Headcount and cost count the leader and everyone below, vacancies included."""
        d = diff(example, reorg)
        (kwame,) = d.rollups().of("007")
        team_before, team_after = example.subtree("007"), reorg.subtree("007")
        assert (kwame.old_headcount, kwame.new_headcount) == (len(team_before), len(team_after))
        assert kwame.new_cost == sum(p.cost or 0 for p in team_after)
        assert (kwame.old_span, kwame.new_span, kwame.span_change) == (3, 4, 1)
        assert kwame.cost_change == reorg["P067"].cost

    def test_added_and_removed_leaders(self, example: Org, reorg: Org) -> None:
        """A new leader has no 'before'; a removed one comes last, with no 'after'."""
        rows = diff(example, reorg).rollups()
        (dana,) = rows.of("P067")
        assert (dana.old_headcount, dana.new_headcount, dana.headcount_change) == (None, 8, None)
        assert rows[-1].id == "P006"
        assert (rows[-1].old_headcount, rows[-1].new_headcount) == (11, None)
        assert rows[-1].changed

    def test_top_layers_and_levels(self, example: Org, reorg: Org) -> None:
        """max_depth keeps the top layers (of either org); levels keeps those levels."""
        d = diff(example, reorg)
        assert [r.id for r in d.rollups(levels="VP")] == ["P002", "P003"]
        assert [r.id for r in d.rollups(levels=["VP", "CPO"])] == ["P001", "P002", "P003"]
        top3 = [r.id for r in d.rollups(max_depth=3)]
        assert top3 == ["P001", "P002", "P003", "P005", "007", "P012", "P006"]
        assert all(r.layer <= 3 for r in d.rollups(max_depth=3) if r.id != "P012")

    def test_by_function_and_by_level_add_up(self, example: Org, reorg: Org) -> None:
        """The groups of a leader sum to the leader's whole org, before and after."""
        d = diff(example, reorg)
        whole = {r.id: r for r in d.rollups()}
        for by in ("function", "level"):
            table = d.rollups(by=by)
            assert table.by == by
            for leader, row in whole.items():
                parts = table.of(leader)
                assert parts, (by, leader)
                for side in ("old", "new"):
                    for what in ("headcount", "vacancies", "cost"):
                        total = getattr(row, f"{side}_{what}")
                        got = [getattr(r, f"{side}_{what}") for r in parts]
                        assert (sum(got) if total is not None else set(got)) == (
                            total if total is not None else {None}
                        ), (by, leader, side, what)
                assert {r.old_span for r in parts} == {None}
        product = next(r for r in d.rollups(by="function").of("P002") if r.group == "product")
        assert product.headcount_change == -1
        levels = [r.group for r in d.rollups(by="level").of("P001")]
        assert levels == ["CPO", "VP", "HEAD", "DIRECTOR", "SENIOR_PM", "PM", None]

    def test_orgs_without_costs(self) -> None:
        """No cost data: costs are None on that side, headcounts still count."""
        org = small()
        bare = Org([attrs.evolve(p, cost=None) for p in org])
        row = diff(bare, org).rollups()[0]
        assert (row.old_cost, row.new_cost, row.cost_change) == (None, 500.0, None)

    def test_bad_arguments(self, example: Org) -> None:
        """An unknown by, a depth below 1 or an unknown level is refused with the value."""
        d = diff(example, example)
        with pytest.raises(ValueError, match="'team'"):
            d.rollups(by="team")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="max_depth"):
            d.rollups(max_depth=0)
        with pytest.raises(UnknownLevelError, match="BOSS"):
            d.rollups(levels="BOSS")

    def test_outputs(self, example: Org, reorg: Org) -> None:
        """Text, HTML, JSON and pandas of a roll-up table agree on the rows."""
        rollups = diff(example, reorg).rollups(levels="VP", by="function")
        text = str(rollups)
        assert text.splitlines()[0] == "Org per leader, by function"
        assert "P002 (Lars Johansson)" in text
        assert "-315,000" in text
        data = json.loads(rollups.to_json())
        assert data["schema_version"] == 2
        assert data["by"] == "function"
        assert [(r["id"], r["group"]) for r in data["rows"]] == [(r.id, r.group) for r in rollups]
        assert data["rows"][0]["headcount_change"] == rollups[0].headcount_change
        frame = rollups.to_pandas()
        assert list(frame.columns) == list(rollups.columns())
        assert "group" in frame.columns
        assert len(frame) == len(rollups)
        assert "group" not in diff(example, reorg).rollups().to_pandas().columns
        html = rollups._repr_mimebundle_()["text/html"]
        assert "<table>" in html
        assert "Lars Johansson" in html

    def test_the_diff_shows_the_changed_top_leaders(self, example: Org, reorg: Org) -> None:
        """str(diff) lists the leaders of layers 1-3 whose org changes; JSON has them all."""
        d = diff(example, reorg)
        text = str(d)
        assert "Org per leader (layers 1-3, 6 changed)" in text
        assert "P012 (Tomasz" not in text.split("Org per leader")[1].split("Impact")[0]
        data = d.to_dict()
        assert [r["id"] for r in data["rollups"]] == [r.id for r in d.rollups()]
        assert list(d.to_pandas("rollups")["id"]) == [r.id for r in d.rollups()]


class TestImpact:
    def test_manager_leader_and_layer_changes(self, example: Org, reorg: Org) -> None:
        """Who gets a new manager, a new VP or Head above them, or another layer."""
        impact = diff(example, reorg).impact()
        assert impact.levels == ("VP", "HEAD")
        by_id = {p.id: p for p in impact.people}
        moved = {c.id for c in diff(example, reorg).of_type(Moved)}
        assert {i for i, p in by_id.items() if p.manager_changed} == moved
        # Tomasz's team kept its manager but lost its Head and moved up a layer
        mateo = by_id["P023"]
        assert (mateo.manager_changed, mateo.leader_changed, mateo.layer_changed) == (
            False,
            True,
            True,
        )
        assert (mateo.old_leaders, mateo.new_leaders) == (("P002", "P006"), ("P002", None))
        assert (mateo.old_layer, mateo.new_layer) == (5, 4)
        # Kenji: a new manager (Dana), the same Head (Kwame), the same layer
        kenji = by_id["P032"]
        assert (kenji.manager_changed, kenji.leader_changed, kenji.layer_changed) == (
            True,
            False,
            False,
        )
        assert "P050" not in by_id  # an open role (filled now) is not a person who moves
        assert impact.counts() == {
            "affected": 18,
            "manager_changed": 9,
            "leader_changed": 10,
            "layer_changed": 11,
            "seats_removed": 1,
            "displaced": 1,
            "bench": 1,
        }

    def test_removed_seats_and_the_bench(self, example: Org, reorg: Org) -> None:
        """A removed seat says where its person and its team go; nowhere is the bench."""
        impact = diff(example, reorg).impact()
        (seat,) = impact.removed
        assert (seat.id, seat.name, seat.destination) == ("P006", "Siobhán O'Neill", None)
        assert (seat.team, seat.team_managers) == (("P012",), ("P002",))
        assert [(b.name, b.seat, b.seat_removed) for b in impact.bench] == [
            ("Siobhán O'Neill", "P006", True)
        ]
        assert "Siobhán O'Neill → bench" in str(impact)

    def test_a_displaced_leader_who_lands_elsewhere(self, example: Org) -> None:
        """A person whose seat goes but who appears in a new seat is not on the bench."""
        proposed = delayer(example, "P006").add(
            Position(id="P070", name="Siobhán O'Neill", title="Head of Product", manager="P003")
        )
        impact = diff(example, proposed).impact()
        (gone,) = impact.displaced
        assert (gone.destination, gone.destination_title, gone.on_bench) == (
            "P070",
            "Head of Product",
            False,
        )
        assert impact.removed[0].destination == "P070"
        assert impact.bench == ()

    def test_an_opened_or_given_seat_displaces_its_person(self, example: Org) -> None:
        """Opening a seat, or giving it to someone else, displaces its person."""
        opened = open_vacancy(example, "P057")
        (d,) = diff(example, opened).impact().displaced
        assert (d.name, d.seat, d.seat_removed, d.on_bench) == (
            "Rebecca Stein",
            "P057",
            False,
            True,
        )
        swapped = example.replace(attrs.evolve(example["P057"], name="Tariq Aziz")).replace(
            attrs.evolve(example["P058"], name="Rebecca Stein")
        )
        moves = {(d.name, d.seat, d.destination) for d in diff(example, swapped).impact().displaced}
        assert moves == {("Rebecca Stein", "P057", "P058"), ("Tariq Aziz", "P058", "P057")}

    def test_through_the_key_and_other_levels(self, example: Org) -> None:
        """Matched by email, the same people in other ids are not affected; levels= picks."""
        assert diff(example, other_system(example), key="email").impact().people == ()
        impact = diff(example, delayer(example, "P006")).impact(levels="DIRECTOR")
        assert impact.levels == ("DIRECTOR",)
        assert {p.leader_changed for p in impact.people} == {False}
        with pytest.raises(UnknownLevelError):
            diff(example, example).impact(levels=["VP", "BOSS"])

    def test_outputs(self, example: Org, reorg: Org) -> None:
        """Text, JSON, pandas and the diff's own output carry the impact."""
        d = diff(example, reorg)
        impact = d.impact()
        assert str(impact).startswith("Impact: 18 people affected: 9 with a new manager")
        data = json.loads(impact.to_json())
        assert data["counts"] == impact.counts()
        assert data["people"][0]["old_leaders"] == ["P002", "P006"]
        assert d.to_dict()["impact"] == impact.to_dict()
        frame = impact.to_pandas()
        assert frame.loc[0, "old_leaders"] == "P002; P006"
        assert list(impact.to_pandas("displaced").columns)[-1] == "on_bench"
        assert list(d.to_pandas("impact")["id"]) == [p.id for p in impact.people]
        with pytest.raises(ValueError, match="unknown table 'seats'"):
            impact.to_pandas("seats")
        assert "Impact\n  18 people affected" in str(d)
        assert "Impact: 18 people affected" in d._repr_mimebundle_()["text/html"]


class TestFindings:
    def test_introduced_and_resolved(self, example: Org, reorg: Org) -> None:
        """The proposal's new findings and the current findings it fixes."""
        d = diff(example, reorg)
        assert sorted((f.code, f.ids) for f in d.resolved) == [
            ("LEVEL_INVERSION", ("P053", "P022")),
            ("ONE_OVER_ONE", ("P006", "P012")),
            (
                "PARTNER_COVERAGE",
                ("P006", "P023", "P024", "P025", "P026", "P055", "P056", "P057", "P058"),
            ),
            ("PROMOTION_CANDIDATE", ("P057",)),
            ("SPAN_ABOVE_RANGE", ("P013",)),
            ("UNOWNED_PRODUCT", ("P050",)),
        ]
        # Rebecca's SMALL_PORTFOLIO is her promotion's to-do, not the design's fault
        assert sorted((f.code, f.id) for f in d.introduced) == [
            ("ONE_OVER_ONE", "P022"),
            ("SAME_LEVEL_REPORT", "P057"),
        ]
        assert ("SMALL_PORTFOLIO", "P057") in {(f.code, f.id) for f in d.reports[1]}

    def test_a_promotion_does_not_introduce_its_own_portfolio_finding(self, example: Org) -> None:
        """SMALL_PORTFOLIO of a promoted person is not introduced; of anyone else it is."""
        promoted = promote(example, "P057", title="Senior Product Manager")
        assert "SMALL_PORTFOLIO" not in {f.code for f in diff(example, promoted).introduced}
        assert "SMALL_PORTFOLIO" in {f.code for f in validate(promoted)}
        # a Senior PM (not promoted) who loses a product: the design's own finding
        p023 = example["P023"]
        assert p023.level == "SENIOR_PM"
        assert len(p023.products) >= 2
        fewer = example.replace(attrs.evolve(p023, products=p023.products[:1]))
        assert ("SMALL_PORTFOLIO", "P023") in {
            (f.code, f.id) for f in diff(example, fewer).introduced
        }

    def test_the_same_finding_about_other_people_persists(self, example: Org, reorg: Org) -> None:
        """Grace Liu still has reports at an IC level: neither introduced nor resolved."""
        d = diff(example, reorg)
        assert "IC_WITH_REPORTS" not in {f.code for f in (*d.introduced, *d.resolved)}
        before, after = d.reports
        assert [f.ids for f in before if f.code == "IC_WITH_REPORTS"] == [("P022", "P053", "P054")]
        assert [f.ids for f in after if f.code == "IC_WITH_REPORTS"] == [("P022", "P054")]

    def test_both_sides_use_the_policy(self, example: Org, reorg: Org) -> None:
        """A rule the policy ignores is in neither list."""
        d = diff(example, reorg, policy=Policy(ignore=["SPAN_ABOVE_RANGE", "ONE_OVER_ONE"]))
        codes = {f.code for f in (*d.introduced, *d.resolved)}
        assert "SPAN_ABOVE_RANGE" not in codes
        assert "ONE_OVER_ONE" not in codes
        assert d.policy.ignore

    def test_findings_match_through_the_key(self, example: Org) -> None:
        """Across systems, findings about the same people are the same findings."""
        d = diff(example, other_system(example), key="email")
        assert (d.introduced, d.resolved) == ((), ())


class TestOutput:
    def test_text_summary(self, example: Org, reorg: Org) -> None:
        """str() has the headline, the changes, spans, layers, the table and findings."""
        text = str(diff(example, reorg))
        assert text.startswith("Diff: 66 → 66 positions: 14 changes (1 added, 1 removed, 9 moved")
        for part in (
            "Changes (14)",
            "  moved P053 (Julia Novak) from P022 (Grace Liu) to P010 (Rafael Costa)",
            "Span changes (6)",
            "  P013 (Hannah Schmidt): 12 → 5",
            "Layer changes (2)",
            "Before and after",
            "Findings introduced (2)",
            "Findings resolved (6)",
        ):
            assert part in text
        assert "  vacancies                         1           0        -1" in text

    def test_text_of_an_empty_diff(self, example: Org) -> None:
        """No changes says so, and the findings are the same."""
        text = str(diff(example, example))
        assert text.splitlines()[0] == "Diff: 66 → 66 positions: 0 changes"
        assert "Findings: the same on both sides." in text

    def test_long_sections_are_cut(self, example: Org) -> None:
        """Over 50 lines a section says how many more there are."""
        text = str(diff(example, other_system(example)))
        assert "  … and 82 more (see to_pandas())" in text

    def test_json_is_deterministic_and_complete(self, example: Org, reorg: Org) -> None:
        """to_json() is byte-identical on reruns and holds every part."""
        first = diff(example, reorg).to_json()
        assert first == diff(example, reorg).to_json()
        data = json.loads(first)
        assert data["schema_version"] == 2
        assert data["key"] == "id"
        assert data["positions"] == {"old": 66, "new": 66}
        assert data["counts"]["moved"] == 9
        assert data["counts"]["changed"] == 0
        assert data["changes"][0] == {
            "change": "moved",
            "id": "P012",
            "name": "Tomasz Kowalczyk",
            "old_manager": "P006",
            "old_manager_name": "Siobhán O'Neill",
            "new_manager": "P002",
            "new_manager_name": "Lars Johansson",
        }
        assert data["spans"][0] == {"id": "007", "name": "Kwame Mensah", "old": 3, "new": 4}
        assert data["layers"][0] == {"layer": 4, "old": 7, "new": 12}
        assert {"metric": "vacancies", "band": None, "old": 1, "new": 0, "change": -1} in data[
            "summary"
        ]
        assert {
            "metric": "band_share",
            "band": "8-12",
            "old": 0.0455,
            "new": 0.0,
            "change": -0.0455,
        } in data["summary"]
        assert len(data["introduced"]) == 2
        assert data["resolved"][0]["code"] == "LEVEL_INVERSION"
        assert "Zoë" not in first or "\\u" not in first  # UTF-8, not escapes

    def test_to_dict_rounds_floats_and_lists_tuples(self) -> None:
        """Floats are rounded to 4 decimals; tuples become lists."""
        change = Changed(id="1", name="A", field="products", old=("a", "b"), new=("a",))
        assert change.to_dict()["old"] == ["a", "b"]
        cost = Changed(id="1", name="A", field="cost", old=1 / 3, new=2.0)
        assert cost.to_dict()["old"] == 0.3333

    def test_to_pandas_tables(self, example: Org, reorg: Org) -> None:
        """Each table as a DataFrame: changes, spans, layers, summary, findings."""
        d = diff(example, reorg)
        changes = d.to_pandas()
        assert list(changes.columns[:3]) == ["change", "id", "name"]
        assert len(changes) == 14
        assert changes.loc[0, "old_manager"] == "P006"
        assert list(d.to_pandas("spans").columns) == ["id", "name", "old", "new"]
        assert len(d.to_pandas("layers")) == 2
        assert list(d.to_pandas("summary").columns) == ["metric", "band", "old", "new", "change"]
        findings = d.to_pandas("findings")
        assert sorted(set(findings["status"])) == ["introduced", "resolved"]
        with pytest.raises(ValueError, match="unknown table"):
            d.to_pandas("people")  # type: ignore[arg-type]

    def test_to_pandas_without_pandas(self, example: Org, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas, to_pandas() says what to install."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(ImportError, match=r"orgshape\[pandas\]"):
            diff(example, example).to_pandas()

    def test_notebook_display_escapes_html(self) -> None:
        """Names are escaped in the HTML; the text form is there too."""
        a = Org([Position(id="1", name="<script>x</script>", title="CPO")])
        b = a.retitle("1", "Chief & <b>Officer</b>")
        bundle = diff(a, b)._repr_mimebundle_()
        assert "<script>" not in bundle["text/html"]
        assert "&lt;script&gt;" in bundle["text/html"]
        assert "&lt;b&gt;Officer" in bundle["text/html"]
        assert bundle["text/plain"].startswith("Diff: 1 → 1 positions: 2 changes")

    def test_notebook_display_never_raises(
        self, example: Org, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A failure while rendering falls back to text, then to the repr."""
        d = diff(example, example.remove("P050"))

        def boom(self: Any) -> Any:
            raise RuntimeError("boom")

        monkeypatch.setattr(diff_text, "html", boom)
        assert set(d._repr_mimebundle_()) == {"text/plain"}
        monkeypatch.setattr(Diff, "__str__", boom)
        bundle = d._repr_mimebundle_()
        assert "cannot display" in bundle["text/plain"]
        assert repr(d) == "<Diff 66 → 65 positions: 1 change (1 removed)>"


class TestChart:
    def test_marks_and_ghosts(self, example: Org, reorg: Org) -> None:
        """Added, moved (from whom), retitled, relevelled, changed; the removed as ghosts."""
        c = diff(example, reorg).chart()
        marks = {(m.id, m.kind): m.note for m in c.options.marks}
        assert marks[("P067", "added")] is None
        assert marks[("P012", "moved")] == "from Siobhán O'Neill"
        assert marks[("P057", "retitled")] == "was Product Manager 2"
        assert marks[("P057", "relevelled")] == "was PM"
        assert marks[("P050", "changed")] == "filled"
        assert [(g.position.id, g.under) for g in c.options.ghosts] == [("P006", "P002")]
        assert c.org is reorg

    def test_a_removed_team_keeps_its_shape(self) -> None:
        """A ghost whose manager was removed too is drawn under that manager's ghost."""
        org = small()
        proposed = org.remove("5").remove("4").remove("3")
        ghosts = diff(org, proposed).chart().options.ghosts
        assert [(g.position.id, g.under) for g in ghosts] == [
            ("3", "2"),
            ("4", "3"),
            ("5", "3"),
        ]

    def test_ghost_ids_do_not_clash_with_the_proposal(self, example: Org) -> None:
        """Across systems a removed id may be a proposed id: the ghost is renamed."""
        a = Org(
            [
                Position(id="1", name="Ana", title="CPO", extra={"email": "a"}),
                Position(id="2", name="Bo", title="PM", manager="1", extra={"email": "b"}),
            ]
        )
        b = Org(
            [
                Position(id="2", name="Ana", title="CPO", extra={"email": "a"}),
                Position(id="1", name="Cy", title="PM", manager="2", extra={"email": "c"}),
            ]
        )
        c = diff(a, b, key="email").chart()
        assert [(g.position.id, g.under) for g in c.options.ghosts] == [("2 (removed)", "2")]
        assert "✕ removed" in c.text or c.source

    def test_other_fields_share_one_changed_mark(self) -> None:
        """Several other changes of one seat make one "changed" line."""
        org = small()
        proposed = org.replace(attrs.evolve(org["4"], name="Dee", cost=1.0, location="Oslo"))
        marks = diff(org, proposed).chart().options.marks
        assert marks == (Mark(id="4", kind="changed", note="was Di, cost, location"),)

    def test_options_and_own_marks_are_kept(self, example: Org, reorg: Org) -> None:
        """Chart options pass through; marks and ghosts given are drawn too."""
        extra = Mark(id="P001", kind="changed", note="new strategy")
        ghost = Ghost(position=Position(id="G1", name="Old", title="PM"), under="P001")
        c = diff(example, reorg).chart(max_depth=3, marks=[extra], ghosts=[ghost])
        assert c.options.max_depth == 3
        assert c.options.marks[-1] == extra
        assert c.options.ghosts[-1] == ghost

    def test_the_chart_draws_with_a_legend(self, example: Org, reorg: Org) -> None:
        """The SVG shows each kind's legend line and the ghost, told apart by glyphs."""
        c = diff(example, reorg).chart()
        svg = c.pipe("svg").decode()
        for text in ("added", "moved", "retitled", "relevelled", "removed (was here)"):
            assert text in svg
        for glyph in ("+", "→", "✎", "↕", "Δ", "✕"):
            assert glyph in svg
        assert "mark_moved" in c.source
        assert "ghost" in c.source

    def test_summary_panel_and_new_findings(self, example: Org, reorg: Org) -> None:
        """A "Changes" panel counts the changes, deltas and findings; new findings numbered."""
        d = diff(example, reorg)
        c = d.chart()
        summary = dict(c.options.summary)
        assert summary["added"] == "1"
        assert summary["moved"] == str(len(d.of_type(Moved)))
        assert summary["findings introduced"] == str(len(d.introduced))
        assert summary["findings resolved"] == str(len(d.resolved))
        assert summary["layer 4"] == "7 → 12"
        panel = next(line for line in c.source.splitlines() if line.startswith("\tsummary "))
        assert "Changes" in panel
        assert "findings resolved" in panel
        assert c.options.highlight == d.introduced
        table = next(line for line in c.source.splitlines() if line.startswith("\tfindings "))
        assert f"New findings ({len(d.introduced)})" in table

    def test_changes_only(self, example: Org, reorg: Org) -> None:
        """changes_only: the changed people, their managers' chains, and nothing else."""
        d = diff(example, reorg)
        c = d.chart(changes_only=True)
        view = reorg.view
        drawn = {view.ids[s] for s in c._scene.tree.src if s >= 0}
        changed = {m.id for m in c.options.marks}
        expected = set()
        for i in changed | {"P002"}:  # P002: the removed Head's manager, for the ghost
            expected.add(i)
            expected.update(p.id for p in reorg.chain(i))
        assert drawn == expected
        assert "P031" not in drawn  # Hannah's unchanged PMs are left out
        assert len(drawn) < len(reorg) / 2
        assert [g.position.id for g in c.options.ghosts] == ["P006"]
        assert "✕ removed" in c.text

    def test_root_and_depth_with_changes_only(self, example: Org, reorg: Org) -> None:
        """root= and max_depth= combine with changes_only."""
        c = diff(example, reorg).chart(changes_only=True, root="007", max_depth=2)
        view = reorg.view
        drawn = {view.ids[s] for s in c._scene.tree.src if s >= 0}
        assert drawn == {"007", "P067"}

    def test_cli_changes_only(self, example: Org, reorg: Org, tmp_path: Path) -> None:
        """orgshape diff -o chart --changes-only --root --max-depth draws that chart."""
        a, b = tmp_path / "a.csv", tmp_path / "b.csv"
        orgshape.write(example, a)
        orgshape.write(reorg, b)
        out = tmp_path / "d.dot"
        argv = ["diff", str(a), str(b), "-o", str(out), "--changes-only", "--isolated"]
        assert cli.main([*argv, "--root", "007", "--max-depth", "2"]) == 0
        source = out.read_text()
        assert source.count('class="person') == 2


# ----------------------------------------------------------------- properties

TITLES = ("Chief Product Officer", "Director of Product", "Product Manager", "Designer")


@st.composite
def orgs(draw: st.DrawFn, max_size: int = 20) -> Org:
    """Each new position reports to one drawn before it (no filtering)."""
    size = draw(st.integers(1, max_size))
    positions = []
    for k in range(size):
        positions.append(
            Position(
                id=f"p{k}",
                name=draw(st.none() | st.sampled_from(("Ana", "Bo", "Zoë"))) if k else "Top",
                title=draw(st.sampled_from(TITLES)),
                manager=f"p{draw(st.integers(0, k - 1))}" if k else None,
                cost=draw(st.none() | st.floats(0, 1e6)),
                products=draw(st.lists(st.sampled_from("ABC"), max_size=2)),
            )
        )
    return Org(positions)


class TestProperties:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(orgs(), orgs())
    def test_rollups_add_up(self, a: Org, b: Org) -> None:
        """A leader's groups sum to their whole org; the top's org is the whole org."""
        d = diff(a, b)
        whole = {r.id: r for r in d.rollups()}
        assert len(whole) == len(d.rollups())
        for by in ("function", "level"):
            parts: dict[str, list[Any]] = {}
            for row in d.rollups(by=by):
                parts.setdefault(row.id, []).append(row)
            assert set(parts) == set(whole)
            for leader, rows in parts.items():
                for field in ("old_headcount", "new_headcount", "old_vacancies", "new_vacancies"):
                    total = getattr(whole[leader], field)
                    got = {getattr(r, field) for r in rows} if total is None else None
                    assert got in (None, {None})
                    if total is not None:
                        assert sum(getattr(r, field) for r in rows) == total
                for field in ("old_cost", "new_cost"):
                    total = getattr(whole[leader], field)
                    if total is not None:
                        assert sum(getattr(r, field) for r in rows) == pytest.approx(total)
        if "p0" in whole:  # the top of both orgs
            top = whole["p0"]
            assert (top.old_headcount, top.new_headcount) == (len(a), len(b))
            assert (top.old_vacancies, top.new_vacancies) == (len(a.vacancies), len(b.vacancies))
        for person in d.impact().people:
            assert person.id in a
            assert person.name is not None
            assert person.manager_changed or person.leader_changed or person.layer_changed

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(orgs())
    def test_an_org_against_itself_is_empty(self, org: Org) -> None:
        """diff(a, a) is empty for any org, and so are its span and layer changes."""
        d = diff(org, org)
        assert not d
        assert d.spans == ()
        assert d.layers == ()
        assert all(row.change in (0, None) for row in d.summary)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(orgs(), orgs())
    def test_headcount_and_json_are_consistent(self, a: Org, b: Org) -> None:
        """Added minus removed is the change in headcount; JSON is stable."""
        d = diff(a, b)
        assert len(d.of_type(Added)) - len(d.of_type(Removed)) == len(b) - len(a)
        assert d.to_json() == diff(a, b).to_json()


def hostile_pair() -> tuple[Org, Org]:
    people = [Position(id="top", name="Top", title="CPO")]
    people += [
        Position(id=f"p{k}\u202e", name=name, title="Director", manager="top")
        for k, name in enumerate(HOSTILE)
    ]
    current = Org(people)
    proposed = current.retitle("p0\u202e", "Head\x1b[31m\r\n0 errors").remove("p1\u202e")
    proposed = proposed.move("p2\u202e", to="p3\u202e")
    return current, proposed


class TestHostileData:
    def test_text_is_inert(self) -> None:
        """Names, ids and titles with controls or bidi show as codes in str(diff)."""
        d = diff(*hostile_pair())
        text = str(d)
        assert_inert(text)
        assert "Head[U+001B][31m[U+000D][U+000A]0 errors" in text
        for change in d:
            assert_inert(str(change))

    def test_json_is_inert_and_exact(self) -> None:
        """to_json() parses back to to_dict(); controls are \\u escapes."""
        d = diff(*hostile_pair())
        assert_inert(d.to_json())
        assert json.loads(d.to_json()) == d.to_dict()

    def test_html_is_inert(self) -> None:
        """The notebook HTML holds no raw control or bidi character; details align left."""
        html = diff(*hostile_pair())._repr_mimebundle_()["text/html"]
        assert all(inert_line(line) for line in html.split("\n"))
        assert "p0[U+202E]" in html
        assert '<td style="text-align:left">retitled p0[U+202E]' in html
