"""Tests for orgshape.metrics(): spans, layers, bands, tables, text, JSON and pictures."""

from __future__ import annotations

import json
import math
import statistics
import sys
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import orgshape
import orgshape._metrics._result as metrics_module
from orgshape import Org, Position
from orgshape._metrics import (
    Band,
    Bands,
    LayerRow,
    LevelRow,
    ManagerRow,
    Metrics,
    metrics,
)
from orgshape.exceptions import OrgShapeError, PolicyError, UnknownPositionError
from tests.inert import HOSTILE, assert_inert, inert_line

SVG = "{http://www.w3.org/2000/svg}"


def small_org() -> Org:
    """A hand-checked org (see TestHandComputed for every number).

    1 CPO (cost 300)
    ├── 2 VP (200)
    │   ├── 4 Senior PM (150)
    │   │   ├── 6 PM (100)
    │   │   ├── 7 PM, vacant (100)
    │   │   └── 8 PM (100)
    │   └── 5 Senior PM (150)
    │       └── 9 PM (cost unknown)
    └── 3 Executive Assistant (50, assistant)
    """
    return Org(
        [
            Position(id="1", name="Ana", title="Chief Product Officer", cost=300.0),
            Position(id="2", name="Bo", title="VP of Product", manager="1", cost=200.0),
            Position(
                id="3",
                name="Mia",
                title="Executive Assistant",
                manager="1",
                assistant=True,
                cost=50.0,
            ),
            Position(id="4", name="Cy", title="Senior Product Manager", manager="2", cost=150.0),
            Position(id="5", name="Di", title="Sr. PM", manager="2", cost=150.0),
            Position(id="6", name="Ed", title="Product Manager", manager="4", cost=100.0),
            Position(id="7", title="Product Manager", manager="4", cost=100.0),
            Position(id="8", name="Flo", title="PM", manager="4", cost=100.0),
            Position(id="9", name="Gus", title="Product Manager 2", manager="5"),
        ]
    )


def chain_org(n: int) -> Org:
    return Org(
        [
            Position(id=str(i), name=f"P{i}", title="PM", manager=str(i - 1) if i else None)
            for i in range(n)
        ]
    )


def shares(m: Metrics) -> dict[str, int]:
    return {b.label: b.managers for b in m.summary.band_shares}


# ---------------------------------------------------------------- bands


class TestBand:
    def test_range_labels(self) -> None:
        """A band describes its spans as 'n', 'a-b' or 'n+'."""
        assert Band(label="x", min=1, max=1).range_label == "1"
        assert Band(label="x", min=2, max=3).range_label == "2-3"
        assert Band(label="x", min=17).range_label == "17+"

    def test_contains(self) -> None:
        """A span is in a band when min <= span <= max; open bands have no top."""
        band = Band(label="x", min=4, max=7)
        assert 4 in band
        assert 7 in band
        assert 8 not in band
        assert 3 not in band
        assert "5" not in band
        assert 10**9 in Band(label="y", min=17)

    @pytest.mark.parametrize(
        ("kwargs", "words"),
        [
            ({"label": "", "min": 1}, "non-empty"),
            ({"label": "a", "min": 0}, "min must be an integer >= 1"),
            ({"label": "a", "min": True}, "min must be an integer >= 1"),
            ({"label": "a", "min": 5, "max": 4}, "max must be None"),
            ({"label": "a", "min": 1, "max": 2.5}, "max must be None"),
        ],
    )
    def test_bad_band(self, kwargs: dict[str, Any], words: str) -> None:
        """A bad band is a PolicyError (also a ValueError) saying what is wrong."""
        with pytest.raises(PolicyError, match=words) as info:
            Band(**kwargs)
        assert isinstance(info.value, ValueError)


class TestBands:
    def test_orgvue_profile(self) -> None:
        """The Orgvue profile is 1, 2-3, 4-7, 8-12, 13-16, 17+."""
        bands = Bands.orgvue()
        assert [(b.min, b.max) for b in bands] == [
            (1, 1),
            (2, 3),
            (4, 7),
            (8, 12),
            (13, 16),
            (17, None),
        ]
        assert [b.label for b in bands] == ["1", "2-3", "4-7", "8-12", "13-16", "17+"]

    def test_mckinsey_profile(self) -> None:
        """McKinsey's archetypes, with 15 a facilitator and 1-2 below player/coach."""
        bands = Bands.mckinsey()
        assert [(b.label, b.min, b.max) for b in bands] == [
            ("below player/coach", 1, 2),
            ("player/coach", 3, 5),
            ("coach", 6, 7),
            ("supervisor", 8, 10),
            ("facilitator", 11, 15),
            ("coordinator", 16, None),
        ]
        assert bands.band_of(15).label == "facilitator"  # type: ignore[union-attr]
        assert bands.band_of(16).label == "coordinator"  # type: ignore[union-attr]

    @pytest.mark.parametrize(
        ("span", "label"),
        [(1, "1"), (2, "2-3"), (3, "2-3"), (7, "4-7"), (12, "8-12"), (16, "13-16"), (17, "17+")],
    )
    def test_band_of(self, span: int, label: str) -> None:
        """band_of finds the band of each span, the open band included."""
        band = Bands.orgvue().band_of(span)
        assert band is not None
        assert band.label == label

    def test_band_of_big_span(self) -> None:
        """Spans far above the last band's start fall in the open-ended band."""
        assert Bands.orgvue().band_of(10**6) == Band(label="17+", min=17)

    def test_span_zero_has_no_band(self) -> None:
        """An individual contributor (span 0) is in no band."""
        assert Bands.orgvue().band_of(0) is None

    def test_band_of_rejects_bad_spans(self) -> None:
        """A negative or non-integer span is an error, not a silent None."""
        with pytest.raises(ValueError, match="negative"):
            Bands.orgvue().band_of(-1)
        with pytest.raises(TypeError, match="integer"):
            Bands.orgvue().band_of(2.0)  # type: ignore[arg-type]

    def test_named(self) -> None:
        """Profiles are found by name, in any case."""
        assert Bands.named("orgvue") is Bands.orgvue()
        assert Bands.named("McKinsey") is Bands.mckinsey()

    def test_named_unknown_lists_choices(self) -> None:
        """An unknown profile name is a PolicyError listing the known ones."""
        with pytest.raises(
            PolicyError, match=r"unknown band profile 'bain' \(known: mckinsey, orgvue\)"
        ):
            Bands.named("bain")

    def test_custom(self) -> None:
        """Custom bands come from label -> [min, max] or [min] (open-ended)."""
        bands = Bands.custom({"narrow": [1, 3], "healthy": (4, 8), "wide": [9]}, name="policy")
        assert bands.name == "policy"
        assert [(b.label, b.min, b.max) for b in bands] == [
            ("narrow", 1, 3),
            ("healthy", 4, 8),
            ("wide", 9, None),
        ]
        assert len(bands) == 3
        assert repr(bands) == "<Bands policy: narrow 1-3 | healthy 4-8 | wide 9+>"

    def test_custom_with_explicit_none(self) -> None:
        """[min, None] is open-ended too."""
        assert Bands.custom({"all": [1, None]}).bands == (Band(label="all", min=1),)

    def test_constructor(self) -> None:
        """Bands can be built from Band objects directly; equal bands are equal."""
        bands = Bands(
            name="two", bands=[Band(label="few", min=1, max=4), Band(label="many", min=5)]
        )
        assert bands == Bands.custom({"few": [1, 4], "many": [5]}, name="two")

    @pytest.mark.parametrize(
        ("limits", "words"),
        [
            ({}, "at least one band"),
            ({"a": [2]}, "must start at span 1"),
            ({"a": [1, 3], "b": [5]}, r"leave a gap: span 4 is in no band"),
            ({"a": [1, 3], "b": [6]}, r"leave a gap: spans 4-5 are in no band"),
            ({"a": [1, 3], "b": [3]}, "overlap"),
            ({"a": [1, 5], "b": [3, 4], "c": [5]}, "overlap"),
            ({"a": [1, 3], "b": [4, 8]}, "must be open-ended"),
            ({"a": [1], "b": [2]}, "only the last band may be open-ended"),
            ({"a": [1, 2], "b": "3"}, r"expected \[min, max\] or \[min\]"),
            ({"a": [1, 2], "b": [3, 4, 5]}, r"expected \[min, max\] or \[min\]"),
            ({"a": [1, 2], "b": [3.0]}, r"expected \[min, max\] or \[min\]"),
        ],
    )
    def test_custom_rejects_bad_bands(self, limits: dict[str, Any], words: str) -> None:
        """Bands must be contiguous from 1, ascending, and open-ended at the top."""
        with pytest.raises(PolicyError, match=words):
            Bands.custom(limits)

    def test_duplicate_labels(self) -> None:
        """Two bands may not share a label."""
        with pytest.raises(PolicyError, match="two bands are labelled 'a'"):
            Bands(name="x", bands=[Band(label="a", min=1, max=2), Band(label="a", min=3)])

    def test_huge_bounds_are_cheap(self) -> None:
        """Band bounds in the billions need no table of every span."""
        bands = Bands.custom({"normal": [1, 10**12], "absurd": [10**12 + 1]})
        assert bands.band_of(10**12).label == "normal"  # type: ignore[union-attr]
        assert bands.band_of(10**12 + 1).label == "absurd"  # type: ignore[union-attr]

    def test_not_a_mapping(self) -> None:
        """custom() wants a mapping and says so."""
        with pytest.raises(PolicyError, match="mapping of label"):
            Bands.custom([("a", [1])])  # type: ignore[arg-type]

    def test_errors_are_orgshape_errors(self) -> None:
        """Band errors can be caught as OrgShapeError or ValueError."""
        with pytest.raises(OrgShapeError):
            Bands.custom({"a": [2]})
        with pytest.raises(ValueError, match="start at span 1"):
            Bands.custom({"a": [2]})


# ---------------------------------------------------------------- numbers by hand


class TestHandComputed:
    def test_summary(self) -> None:
        """Every summary number of the small org matches the hand count."""
        s = metrics(small_org()).summary
        assert (s.positions, s.filled, s.vacancies) == (9, 8, 1)
        assert (s.managers, s.individual_contributors, s.assistants) == (4, 5, 1)
        assert s.manager_share == pytest.approx(4 / 9)
        assert (s.roots, s.layers) == (1, 4)
        # spans of the managers: CPO 1 (the assistant is left out), VP 2, SPMs 3 and 1
        assert s.mean_span == pytest.approx(7 / 4)
        assert s.median_span == 1.5
        assert (s.min_span, s.max_span) == (1, 3)
        assert s.one_over_ones == 2
        assert s.pm_to_senior_pm_ratio == 2.0  # 4 PM seats (the vacancy counts) / 2 Senior PMs
        assert s.pm_to_director_ratio is None  # no Director
        assert s.total_cost == 1150.0  # 9's cost is unknown
        assert s.vacancy_cost == 100.0

    def test_band_shares(self) -> None:
        """Spans 1, 1, 2, 3 put two managers in band 1 and two in 2-3."""
        s = metrics(small_org()).summary
        assert [b.range_label for b in s.band_shares][-2:] == ["13-16", "17+"]
        assert [(b.label, b.managers, b.share) for b in s.band_shares] == [
            ("1", 2, 0.5),
            ("2-3", 2, 0.5),
            ("4-7", 0, 0.0),
            ("8-12", 0, 0.0),
            ("13-16", 0, 0.0),
            ("17+", 0, 0.0),
        ]

    def test_mckinsey_shares(self) -> None:
        """With McKinsey bands, spans 1, 1, 2 are below player/coach and 3 is a player/coach."""
        m = metrics(small_org(), bands="mckinsey")
        assert shares(m)["below player/coach"] == 3
        assert shares(m)["player/coach"] == 1
        assert m.bands is Bands.mckinsey()

    def test_manager_rows(self) -> None:
        """Manager rows are top-down and count everyone below, vacancies and costs too."""
        rows = metrics(small_org()).managers
        assert rows == (
            ManagerRow("1", "Ana", "Chief Product Officer", "CPO", 1, 1, "1", 8, 1, 850.0),
            ManagerRow("2", "Bo", "VP of Product", "VP", 2, 2, "2-3", 6, 1, 600.0),
            ManagerRow("4", "Cy", "Senior Product Manager", "SENIOR_PM", 3, 3, "2-3", 3, 1, 300.0),
            ManagerRow("5", "Di", "Sr. PM", "SENIOR_PM", 3, 1, "1", 1, 0, 0.0),
        )

    def test_layers(self) -> None:
        """One row per layer with the spans of that layer's managers."""
        assert metrics(small_org()).layers == (
            LayerRow(1, 1, 0, 1, 0, 1.0, 1.0, 1, 1, 300.0),
            LayerRow(2, 2, 0, 1, 1, 2.0, 2.0, 2, 2, 250.0),
            LayerRow(3, 2, 0, 2, 0, 2.0, 2.0, 1, 3, 300.0),
            LayerRow(4, 4, 1, 0, 4, None, None, None, None, 300.0),
        )

    def test_levels(self) -> None:
        """One row per level in ladder order, unknown (the assistant's title) last."""
        assert metrics(small_org()).levels == (
            LevelRow("CPO", 1, 0, 1, 0, 1.0, 1.0, 1, 1, 300.0),
            LevelRow("VP", 1, 0, 1, 0, 2.0, 2.0, 2, 2, 200.0),
            LevelRow("SENIOR_PM", 2, 0, 2, 0, 2.0, 2.0, 1, 3, 300.0),
            LevelRow("PM", 4, 1, 0, 4, None, None, None, None, 300.0),
            LevelRow(None, 1, 0, 0, 1, None, None, None, None, 50.0),
        )

    def test_subtree_scope(self) -> None:
        """root= measures one team, its root on layer 1."""
        m = metrics(small_org(), root="2")
        assert m.root == "2"
        assert (m.summary.positions, m.summary.layers, m.summary.managers) == (7, 3, 3)
        assert m.summary.assistants == 0
        assert m.summary.total_cost == 800.0
        assert [(r.id, r.layer, r.headcount_below) for r in m.managers] == [
            ("2", 1, 6),
            ("4", 2, 3),
            ("5", 2, 1),
        ]

    def test_leaf_scope(self) -> None:
        """A leaf as root is a one-position org with no managers."""
        s = metrics(small_org(), root="9").summary
        assert (s.positions, s.managers, s.layers, s.mean_span) == (1, 0, 1, None)
        assert s.total_cost is None  # cost data is judged in scope: 9's cost is unknown

    def test_one_spelling(self) -> None:
        """Metrics are orgshape.metrics(org): the org has no metrics() shortcut."""
        assert not hasattr(small_org(), "metrics")

    def test_no_cost_data(self) -> None:
        """Without any cost, the cost fields are None rather than 0."""
        m = metrics(chain_org(3))
        assert m.summary.total_cost is None
        assert m.summary.vacancy_cost is None
        assert all(r.cost_below is None for r in m.managers)

    def test_bad_costs_are_unknown(self) -> None:
        """A NaN or non-numeric cost is treated as unknown, not summed."""
        org = Org(
            [
                Position(id="1", name="A", title="CPO", cost=float("nan")),
                Position(id="2", name="B", title="PM", manager="1", cost=10),
                Position(id="3", name="C", title="PM", manager="1", cost="n/a"),  # type: ignore[arg-type]
            ]
        )
        m = metrics(org)
        assert m.summary.total_cost == 10.0
        assert m.managers[0].cost_below == 10.0
        json.loads(m.to_json())  # no NaN leaks into JSON

    def test_assistant_only_manager_is_an_ic(self) -> None:
        """Someone whose only report is an assistant has span 0: an IC."""
        org = Org(
            [
                Position(id="1", name="A", title="CPO"),
                Position(id="2", name="B", title="Assistant", manager="1", assistant=True),
            ]
        )
        s = metrics(org).summary
        assert (s.managers, s.individual_contributors, s.assistants) == (0, 2, 1)
        assert s.manager_share == 0.0
        assert all(b.share == 0.0 for b in s.band_shares)

    def test_directors(self) -> None:
        """PMs per Director divides PM seats by Director seats."""
        org = Org(
            [
                Position(id="d1", name="D", title="Director of Product"),
                Position(id="d2", name="E", title="Director, Product", manager="d1"),
                *[Position(id=f"p{i}", name=f"P{i}", title="PM", manager="d2") for i in range(5)],
            ]
        )
        s = metrics(org).summary
        assert s.pm_to_director_ratio == 2.5
        assert s.pm_to_senior_pm_ratio is None

    def test_empty_org(self) -> None:
        """An empty org has zero counts and None for what is undefined."""
        m = metrics(Org([]))
        s = m.summary
        assert (s.positions, s.managers, s.layers, s.roots) == (0, 0, 0, 0)
        assert s.manager_share is None
        assert s.mean_span is None
        assert (m.managers, m.layers, m.levels) == ((), (), ())
        assert "positions                0 (0 filled, 0 vacancies)" in str(m)
        ET.fromstring(m.pyramid_svg())
        ET.fromstring(m.band_histogram_svg())

    def test_off_ladder_level_sorted_after_ladder(self) -> None:
        """Levels not on the ladder come after the ladder's, before unknown."""
        org = Org(
            [
                Position(id="1", name="A", title="CPO"),
                Position(id="2", name="B", title="Pod Lead", level="POD_LEAD", manager="1"),
                Position(id="3", name="C", title="Chief of Staff", manager="1"),
                Position(id="4", name="D", title="PM", manager="2"),
            ],
            strict=False,
        )
        assert [row.level for row in metrics(org).levels] == ["CPO", "PM", "POD_LEAD", None]


class TestForest:
    def forest(self) -> Org:
        return Org(
            [
                Position(id="A", name="Ann", title="CPO"),
                Position(id="B", name="Ben", title="VP of Product", manager="A"),
                Position(id="C", name="Cat", title="PM", manager="B"),
                Position(id="D", name="Dan", title="CPO"),  # a second root
                Position(id="E", name="Eve", title="PM", manager="D"),
                Position(id="F", name="Fay", title="PM", manager="nobody"),  # unknown manager
                Position(id="G", name="Gil", title="PM", manager="F"),
            ],
            strict=False,
        )

    def test_forest_counts_everyone(self) -> None:
        """A leniently loaded forest is measured over every position."""
        s = metrics(self.forest()).summary
        assert (s.positions, s.roots, s.managers) == (7, 3, 4)
        assert s.layers == 3

    def test_layers_count_from_each_top(self) -> None:
        """Each top position is on layer 1."""
        m = metrics(self.forest())
        assert [(r.layer, r.positions) for r in m.layers] == [(1, 3), (2, 3), (3, 1)]
        assert {r.id: r.layer for r in m.managers} == {"A": 1, "B": 2, "D": 1, "F": 1}

    def test_forest_text_says_not_one_tree(self) -> None:
        """The text form warns that the org is not one tree."""
        assert "3 (not one tree: see Org.problems)" in str(metrics(self.forest()))

    def test_duplicate_ids(self) -> None:
        """A lenient org with a duplicate id is measured with every row counted."""
        org = Org(
            [
                Position(id="A", name="Ann", title="CPO"),
                Position(id="B", name="Ben", title="PM", manager="A"),
                Position(id="B", name="Bob", title="PM", manager="A"),
            ],
            strict=False,
        )
        m = metrics(org)
        assert (m.summary.positions, m.managers[0].span) == (3, 2)

    def test_cycle(self) -> None:
        """An org with a cut cycle is measured without hanging."""
        org = Org(
            [
                Position(id="R", name="R", title="CPO"),
                Position(id="X", name="X", title="PM", manager="Y"),
                Position(id="Y", name="Y", title="PM", manager="X"),
            ],
            strict=False,
        )
        s = metrics(org).summary
        assert (s.positions, s.roots, s.layers) == (3, 2, 2)


class TestArguments:
    def test_unknown_root(self) -> None:
        """An unknown root is an UnknownPositionError naming it."""
        with pytest.raises(UnknownPositionError, match="'nobody'"):
            metrics(small_org(), root="nobody")

    def test_root_must_be_a_string(self) -> None:
        """Ids are strings; an int root is reported, not matched."""
        with pytest.raises(UnknownPositionError, match="ids are strings"):
            metrics(small_org(), root=1)  # type: ignore[arg-type]

    def test_unknown_band_profile(self) -> None:
        """An unknown band profile name is a PolicyError."""
        with pytest.raises(PolicyError, match="known: mckinsey, orgvue"):
            metrics(small_org(), bands="bcg")

    def test_bands_wrong_type(self) -> None:
        """bands must be a Bands or a name."""
        with pytest.raises(TypeError, match="bands must be a Bands profile"):
            metrics(small_org(), bands=7)  # type: ignore[arg-type]

    def test_not_an_org(self) -> None:
        """metrics() of something else is a TypeError that says what it got."""
        with pytest.raises(TypeError, match=r"measures an orgshape\.Org, got list"):
            metrics([])  # type: ignore[arg-type]

    def test_custom_bands(self) -> None:
        """A custom profile is used for the shares and the rows."""
        bands = Bands.custom({"small": [1, 1], "big": [2]}, name="policy")
        m = metrics(small_org(), bands=bands)
        assert shares(m) == {"small": 2, "big": 2}
        assert [r.band for r in m.managers] == ["small", "big", "big", "small"]


class TestDeep:
    def test_deep_chain(self) -> None:
        """A 100,000-deep chain is measured without recursion."""
        n = 100_000
        m = metrics(chain_org(n))
        assert m.summary.layers == n
        assert m.summary.managers == n - 1
        assert m.managers[0].headcount_below == n - 1
        assert m.managers[-1].layer == n - 1
        text = str(m)
        assert f"and {n - 40:,} more rows" in text
        assert len(text) < 10_000
        svg = m.pyramid_svg()
        assert "Layers 40-100000" in svg
        assert len(ET.fromstring(svg).findall(f"{SVG}rect")) < 200


# ---------------------------------------------------------------- the bundled example


class TestExample:
    def test_example_summary(self) -> None:
        """The bundled example matches its README: 66 positions, 1 vacancy, 6 layers..."""
        m = metrics(orgshape.example())
        s = m.summary
        assert (s.positions, s.filled, s.vacancies, s.layers) == (66, 65, 1, 6)
        assert [r.positions for r in m.layers] == [1, 3, 4, 7, 31, 20]
        assert (s.managers, s.individual_contributors, s.assistants) == (22, 44, 1)
        assert s.one_over_ones == 1
        assert (s.min_span, s.max_span, s.median_span) == (1, 12, 2.0)
        assert s.mean_span == pytest.approx(64 / 22)
        assert [b.managers for b in s.band_shares] == [1, 17, 3, 1, 0, 0]
        assert s.pm_to_senior_pm_ratio == 30 / 16
        assert s.pm_to_director_ratio == 30 / 6
        assert s.total_cost == 13_745_000.0
        assert s.vacancy_cost == 165_000.0

    def test_example_deliberate_problems_show(self) -> None:
        """The wide Director (12) and the one-over-one Head show in the manager rows."""
        rows = {r.id: r for r in metrics(orgshape.example()).managers}
        assert (rows["P013"].span, rows["P013"].band) == (12, "8-12")
        assert (rows["P006"].span, rows["P006"].band) == (1, "1")
        assert rows["P001"].headcount_below == 65
        assert rows["P001"].span == 2  # the assistant P004 is left out
        assert rows["P017"].vacancies_below == 1

    def test_example_subtree(self) -> None:
        """The Platform Director P013's team: 12 reports and 4 below them."""
        s = metrics(orgshape.example(), root="P013").summary
        assert (s.positions, s.layers, s.managers) == (17, 3, 3)


# ---------------------------------------------------------------- outputs


class TestOutputs:
    def test_to_dict_layout(self) -> None:
        """to_dict has a schema version, the profile, and every table."""
        d = metrics(small_org()).to_dict()
        assert sorted(d) == [
            "band_layers",
            "bands",
            "functions",
            "layers",
            "levels",
            "managers",
            "root",
            "schema_version",
            "summary",
        ]
        assert d["schema_version"] == 2
        assert d["bands"]["name"] == "orgvue"
        assert d["bands"]["bands"][-1] == {"label": "17+", "min": 17, "max": None}
        assert d["summary"]["band_shares"][0] == {
            "label": "1",
            "min": 1,
            "max": 1,
            "managers": 2,
            "share": 0.5,
        }
        assert d["managers"][0]["id"] == "1"

    def test_floats_rounded(self) -> None:
        """Floats in JSON are rounded to 4 decimals."""
        d = metrics(small_org()).to_dict()
        assert d["summary"]["manager_share"] == 0.4444

    def test_json_deterministic(self) -> None:
        """Two equal orgs give byte-identical JSON with sorted keys."""
        a, b = metrics(small_org()).to_json(), metrics(small_org()).to_json()
        assert a == b
        assert json.loads(a) == metrics(small_org()).to_dict()
        assert a.index('\n  "bands"') < a.index('\n  "layers"') < a.index('\n  "managers"')

    def test_json_unicode(self) -> None:
        """Non-ASCII names stay readable in JSON."""
        org = Org(
            [
                Position(id="1", name="Zoë Müller", title="CPO"),
                Position(id="2", name="Siobhán O'Neill", title="PM", manager="1"),
            ]
        )
        assert "Zoë Müller" in metrics(org).to_json(indent=None)

    def test_csv_managers_default(self) -> None:
        """to_csv() is the managers table with a header row."""
        text = metrics(small_org()).to_csv()
        lines = text.splitlines()
        assert lines[0] == (
            "id,name,title,level,layer,span,band,headcount_below,vacancies_below,cost_below"
        )
        assert lines[1] == "1,Ana,Chief Product Officer,CPO,1,1,1,8,1,850.0"
        assert len(lines) == 5
        assert text.endswith("\n")
        assert "\r" not in text

    @pytest.mark.parametrize(
        ("table", "rows"), [("layers", 4), ("levels", 5), ("bands", 6), ("summary", 1)]
    )
    def test_csv_tables(self, table: Any, rows: int) -> None:
        """Each table has its own CSV; None becomes an empty cell."""
        lines = metrics(small_org()).to_csv(table).splitlines()
        assert len(lines) == rows + 1
        if table == "summary":
            assert "band_shares" not in lines[0]
            assert lines[0].startswith("positions,filled,vacancies")

    def test_csv_quotes(self) -> None:
        """Commas and quotes in names are quoted, as CSV requires."""
        org = Org(
            [
                Position(id="1", name='Ann "The Boss", Jr', title="CPO"),
                Position(id="2", name="B", title="PM", manager="1"),
            ]
        )
        assert '"Ann ""The Boss"", Jr"' in metrics(org).to_csv()

    def test_unknown_table(self) -> None:
        """An unknown table name lists the known ones."""
        with pytest.raises(ValueError, match="known: managers, layers, levels, bands, summary"):
            metrics(small_org()).to_csv("people")  # type: ignore[arg-type]

    def test_to_pandas(self) -> None:
        """Each table is a DataFrame with one column per field."""
        m = metrics(small_org())
        managers = m.to_pandas()
        assert list(managers.columns) == [
            "id",
            "name",
            "title",
            "level",
            "layer",
            "span",
            "band",
            "headcount_below",
            "vacancies_below",
            "cost_below",
        ]
        assert managers["headcount_below"].tolist() == [8, 6, 3, 1]
        assert len(m.to_pandas("layers")) == 4
        assert len(m.to_pandas("levels")) == 5
        assert m.to_pandas("bands")["managers"].sum() == 4
        summary = m.to_pandas("summary")
        assert len(summary) == 1
        assert summary.loc[0, "positions"] == 9

    def test_to_pandas_empty(self) -> None:
        """An empty table still has its columns."""
        frame = metrics(Org([Position(id="1", name="A", title="CPO")])).to_pandas()
        assert frame.empty
        assert "headcount_below" in frame.columns

    def test_to_pandas_without_pandas(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas the error names the extra to install."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(ImportError, match=r"pip install 'orgshape\[pandas\]'"):
            metrics(small_org()).to_pandas()

    def test_text(self) -> None:
        """str() shows the summary, the band shares and the layers table."""
        text = str(metrics(small_org()))
        assert text.startswith("Spans and layers of the whole org\n")
        assert "positions                9 (8 filled, 1 vacancy)" in text
        assert "span                     mean 1.75, median 1.50, min 1, max 3" in text
        assert "total cost               1,150 (vacancies 100)" in text
        assert "Managers by span band (orgvue)" in text
        assert "  2-3    2-3           2  50.0%" in text
        assert "Layers\n  layer  positions  vacancies  managers  ICs" in text
        assert str(metrics(small_org())) == text

    def test_repr(self) -> None:
        """The repr is one short line."""
        assert repr(metrics(small_org(), root="2")) == (
            "<Metrics of the subtree of 2: 7 positions, 3 managers, 3 layers, bands orgvue>"
        )

    def test_mimebundle(self) -> None:
        """The notebook display has escaped HTML tables, both pictures and text."""
        org = Org(
            [
                Position(id="<b>1</b>", name="<script>alert(1)</script>", title="CPO"),
                Position(id="2", name="B", title="PM", manager="<b>1</b>"),
            ]
        )
        bundle = metrics(org, root="<b>1</b>")._repr_mimebundle_()
        assert bundle["text/plain"] == str(metrics(org, root="<b>1</b>"))
        html = bundle["text/html"]
        assert "<b>1</b>" not in html
        assert "&lt;b&gt;1&lt;/b&gt;" in html
        assert "<script" not in html
        assert html.count("<svg") == 2
        assert "<table>" in html

    def test_mimebundle_never_raises(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """If the pictures fail, the display falls back to text."""

        def boom(*args: object) -> str:
            raise RuntimeError("boom")

        monkeypatch.setattr(metrics_module, "band_histogram", boom)
        bundle = metrics(small_org())._repr_mimebundle_()
        assert set(bundle) == {"text/plain"}


# ---------------------------------------------------------------- pictures


def check_safe_svg(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox", "").startswith("0 0 ")
    for element in root.iter():
        assert element.tag.removeprefix(SVG) not in {"script", "foreignObject", "a", "image"}
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), name
            assert "href" not in name
            assert "javascript:" not in value.lower()
            if "url(" in value:
                assert value.startswith("url(#")
    return root


class TestSvg:
    def test_pyramid_structure(self) -> None:
        """The pyramid parses, has one label per layer and marks managers and ICs."""
        m = metrics(small_org())
        root = check_safe_svg(m.pyramid_svg())
        texts = [t.text for t in root.iter(f"{SVG}text")]
        for layer in range(1, 5):
            assert f"Layer {layer}" in texts
        assert "4 positions: 0 managers, 4 ICs" in texts
        assert "2 positions: 1 manager, 1 IC" in texts
        assert "managers (solid)" in texts
        assert "individual contributors (hatched)" in texts
        assert root.find(f".//{SVG}pattern") is not None

    def test_histogram_structure(self) -> None:
        """The histogram parses and labels every band with its share."""
        root = check_safe_svg(metrics(small_org()).band_histogram_svg())
        texts = [t.text for t in root.iter(f"{SVG}text")]
        for label in ("1", "2-3", "4-7", "8-12", "13-16", "17+"):
            assert label in texts
        assert "50.0% (2)" in texts

    def test_histogram_shows_ranges_of_named_bands(self) -> None:
        """Named bands (McKinsey) show their span range under the name."""
        root = check_safe_svg(metrics(small_org(), bands="mckinsey").band_histogram_svg())
        texts = [t.text for t in root.iter(f"{SVG}text")]
        assert "facilitator" in texts
        assert "span 11-15" in texts

    def test_user_strings_escaped(self) -> None:
        """Ids and band labels with markup or control characters stay text."""
        nasty = '<script>alert("x")</script>\x01 & \'q\' onload="y"'
        org = Org(
            [
                Position(id=nasty, name="A", title="CPO"),
                Position(id="2", name="B", title="PM", manager=nasty),
            ]
        )
        bands = Bands.custom({nasty: [1, 1], "rest": [2]}, name=nasty)
        m = metrics(org, root=nasty, bands=bands)
        for svg in (m.pyramid_svg(), m.band_histogram_svg()):
            root = check_safe_svg(svg)
            assert "<script" not in svg
            assert any("<script>" in (t.text or "") for t in root.iter(f"{SVG}text"))

    def test_deterministic(self) -> None:
        """The same metrics give the same bytes."""
        a, b = metrics(small_org()), metrics(small_org())
        assert a.pyramid_svg() == b.pyramid_svg()
        assert a.band_histogram_svg() == b.band_histogram_svg()


# ---------------------------------------------------------------- properties

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
def orgs(draw: st.DrawFn, *, max_size: int = 40) -> Org:
    """A random single-rooted org: each new position reports to one drawn before it."""
    n = draw(st.integers(1, max_size))
    with_cost = draw(st.booleans())
    positions = []
    for i in range(n):
        manager = None if i == 0 else str(draw(st.integers(0, i - 1)))
        positions.append(
            Position(
                id=str(i),
                name=draw(st.sampled_from(["Ana", "Bo", None])),
                title=draw(st.sampled_from(TITLES)),
                manager=manager,
                assistant=draw(st.booleans()) if i else False,
                cost=float(draw(st.integers(0, 500)))
                if with_cost and draw(st.booleans())
                else None,
            )
        )
    return Org(positions)


@st.composite
def band_profiles(draw: st.DrawFn) -> Bands:
    """Orgvue, McKinsey, or random contiguous bands from 1 up."""
    kind = draw(st.sampled_from(["orgvue", "mckinsey", "custom"]))
    if kind != "custom":
        return Bands.named(kind)
    cuts = sorted(draw(st.sets(st.integers(2, 30), max_size=5)))
    starts = [1, *cuts]
    limits: dict[str, list[int]] = {}
    for k, lo in enumerate(starts):
        limits[f"b{k}"] = [lo, starts[k + 1] - 1] if k + 1 < len(starts) else [lo]
    return Bands.custom(limits)


def brute_force(org: Org) -> dict[str, tuple[int, int, float]]:
    """Headcount, vacancies and cost below each position, by walking every chain."""
    count = dict.fromkeys(org.ids, 0)
    vacancies = dict.fromkeys(org.ids, 0)
    cost = dict.fromkeys(org.ids, 0.0)
    for p in org:
        for boss in org.chain(p.id):
            count[boss.id] += 1
            vacancies[boss.id] += p.is_vacant
            cost[boss.id] += p.cost or 0.0
    return {k: (count[k], vacancies[k], cost[k]) for k in org.ids}


class TestProperties:
    @settings(max_examples=60, deadline=None)
    @given(orgs())
    def test_spans_and_assistants_sum_to_positions_minus_one(self, org: Org) -> None:
        """In one tree, spans plus assistants with a manager are positions - 1."""
        m = metrics(org)
        assistants_with_manager = sum(1 for p in org if p.assistant and p.manager is not None)
        assert sum(r.span for r in m.managers) + assistants_with_manager == len(org) - 1
        assert m.summary.managers + m.summary.individual_contributors == len(org)
        assert sum(r.positions for r in m.layers) == len(org)
        assert sum(r.positions for r in m.levels) == len(org)
        assert sum(r.managers for r in m.layers) == m.summary.managers

    @settings(max_examples=60, deadline=None)
    @given(orgs(), band_profiles())
    def test_band_shares_sum_to_one(self, org: Org, bands: Bands) -> None:
        """With managers, the shares of managers per band sum to 1."""
        s = metrics(org, bands=bands).summary
        assert sum(b.managers for b in s.band_shares) == s.managers
        if s.managers:
            assert math.isclose(sum(b.share for b in s.band_shares), 1.0)
        else:
            assert all(b.share == 0.0 for b in s.band_shares)

    @settings(max_examples=60, deadline=None)
    @given(orgs(), st.data())
    def test_subtree_equals_subtree_org(self, org: Org, data: st.DataObject) -> None:
        """metrics(org, root=x) equals metrics(org.subtree(x)), table by table."""
        x = data.draw(st.sampled_from(org.ids))
        scoped, alone = metrics(org, root=x), metrics(org.subtree(x))
        assert scoped.summary == alone.summary
        assert scoped.managers == alone.managers
        assert scoped.layers == alone.layers
        assert scoped.levels == alone.levels
        assert scoped.to_dict() | {"root": None} == alone.to_dict()

    @settings(max_examples=60, deadline=None)
    @given(orgs())
    def test_below_counts_match_brute_force(self, org: Org) -> None:
        """Headcount, vacancies and cost below match a walk up every chain."""
        expected = brute_force(org)
        has_cost = any(p.cost is not None for p in org)
        for row in metrics(org).managers:
            count, vacancies, cost = expected[row.id]
            assert (row.headcount_below, row.vacancies_below) == (count, vacancies)
            assert row.cost_below == (cost if has_cost else None)
            assert row.span == org.span(row.id)
            assert row.layer == org.layer(row.id)

    @settings(max_examples=60, deadline=None)
    @given(orgs())
    def test_span_statistics_match_statistics_module(self, org: Org) -> None:
        """Mean, median, min and max span agree with the statistics module, per layer too."""
        m = metrics(org)
        spans = [org.span(p.id) for p in org if org.span(p.id)]
        if not spans:
            assert m.summary.mean_span is None
            assert m.summary.median_span is None
            return
        assert m.summary.mean_span == pytest.approx(statistics.mean(spans))
        assert m.summary.median_span == statistics.median(spans)
        assert (m.summary.min_span, m.summary.max_span) == (min(spans), max(spans))
        for row in m.layers:
            here = [org.span(p.id) for p in org if org.layer(p.id) == row.layer and org.span(p.id)]
            assert row.managers == len(here)
            assert row.median_span == (statistics.median(here) if here else None)

    @settings(max_examples=30, deadline=None)
    @given(orgs())
    def test_outputs_are_well_formed(self, org: Org) -> None:
        """JSON round-trips, CSV has a row per manager, and SVG parses, for any org."""
        m = metrics(org)
        assert json.loads(m.to_json()) == m.to_dict()
        assert len(m.to_csv().splitlines()) == len(m.managers) + 1
        check_safe_svg(m.pyramid_svg())
        check_safe_svg(m.band_histogram_svg())
        assert m._repr_mimebundle_()["text/plain"] == str(m)


def hostile_metrics() -> Metrics:
    people = [Position(id="top\x1b[2J", name=HOSTILE[0], title="CPO")]
    people += [
        Position(id=f"m{k}", name=name, title="Director", manager="top\x1b[2J")
        for k, name in enumerate(HOSTILE[1:])
    ]
    people += [Position(id=f"r{k}", name="R", title="PM", manager=f"m{k}") for k in range(9)]
    bands = Bands.custom({"one\u202e": [1, 1], "=more": [2]}, name="ours\x1b[1m")
    return metrics(Org(people), bands=bands)


class TestHostileData:
    def test_text_and_repr_are_inert(self) -> None:
        """Control and bidi characters from ids, names and band labels show as codes."""
        m = hostile_metrics()
        assert_inert(str(m))
        assert_inert(repr(m))
        assert "one[U+202E]" in str(m)
        assert "ours[U+001B][1m" in repr(m)
        scoped = metrics(hostile_org_scoped(), root="top\x1b[2J")
        assert "subtree of top[U+001B][2J" in str(scoped)

    def test_csv_guards_formula_cells(self) -> None:
        """Cells starting with = + - @ get a leading apostrophe; numbers stay numbers."""
        m = hostile_metrics()
        text = m.to_csv()
        assert '"\'=HYPERLINK(""http://x"",""y"")"' in text
        for line in text.splitlines()[1:]:
            for cell in line.split(","):
                assert not cell.lstrip('"').startswith(("=", "+", "@")), line
        assert "'@SUM(A1)" in text
        assert "'+Director" in text
        assert ",'=more," in text  # the band label
        bands = m.to_csv("bands")
        assert "'=more" in bands

    def test_csv_quotes_a_lone_cr(self) -> None:
        """A CR in a name is quoted, so no reader splits the row there."""
        org = Org(
            [
                Position(id="1", name="A\rB", title="CPO"),
                Position(id="2", name="C", title="PM", manager="1"),
            ]
        )
        lines = metrics(org).to_csv().split("\n")
        assert lines[1].startswith('1,"A\rB",')

    def test_json_is_inert_and_exact(self) -> None:
        """to_json() parses back to to_dict(); controls are \\u escapes."""
        m = hostile_metrics()
        assert_inert(m.to_json())
        assert json.loads(m.to_json()) == m.to_dict()

    def test_html_is_inert(self) -> None:
        """The notebook HTML and pictures hold no raw control or bidi character."""
        html = hostile_metrics()._repr_mimebundle_()["text/html"]
        assert all(inert_line(line) for line in html.split("\n"))
        assert "one[U+202E]" in html
        assert '<td style="text-align:right">' in html


def hostile_org_scoped() -> Org:
    return Org(
        [
            Position(id="top\x1b[2J", name="A", title="CPO"),
            Position(id="b", name="B", title="PM", manager="top\x1b[2J"),
        ]
    )


class TestDesignerNumbers:
    def test_manager_roles_and_vacancy_rate(self) -> None:
        """Managers of managers and first-line managers add up to the managers."""
        s = metrics(orgshape.example()).summary
        assert s.first_line_managers + s.managers_of_managers == s.managers
        assert s.managers_of_managers == 12  # CPO, 2 VPs, 3 Heads, 6 Directors
        assert s.vacancy_rate == pytest.approx(1 / 66)

    def test_level_count_ratios(self) -> None:
        """The renamed ratios count seats per level, not reports per manager."""
        s = metrics(orgshape.example()).summary
        assert s.pm_to_senior_pm_ratio == 30 / 16
        assert s.pm_to_director_ratio == 30 / 6

    def test_function_mix(self) -> None:
        """One row per canonical function, most first, shares summing to 1, costs by function."""
        m = metrics(orgshape.example())
        rows = {r.function: r for r in m.functions}
        assert rows["product"].positions == 58  # the CPO down to the PMs
        assert rows["design"].positions == 4
        assert rows["product_ops"].positions == 2
        assert math.fsum(r.share for r in m.functions) == pytest.approx(1.0)
        assert math.fsum(r.cost or 0 for r in m.functions) == pytest.approx(13_745_000.0)
        assert m.functions[0].function == "product"

    def test_band_layer_matrix(self) -> None:
        """Each layer's managers per band add up to the layer's managers."""
        m = metrics(orgshape.example())
        for row in m.layers:
            cells = [c for c in m.band_layers if c.layer == row.layer]
            assert len(cells) == len(m.bands.bands)
            assert sum(c.managers for c in cells) == row.managers

    def test_cost_by_layer_and_level(self) -> None:
        """Costs per layer and per level add up to the total cost."""
        m = metrics(orgshape.example())
        assert math.fsum(r.cost or 0 for r in m.layers) == pytest.approx(13_745_000.0)
        assert math.fsum(r.cost or 0 for r in m.levels) == pytest.approx(13_745_000.0)

    @settings(max_examples=30, deadline=None)
    @given(orgs(max_size=25))
    def test_invariants(self, org: Org) -> None:
        """On any valid org: roles sum to managers, the matrix to each layer's managers."""
        m = metrics(org)
        s = m.summary
        assert s.first_line_managers + s.managers_of_managers == s.managers
        for row in m.layers:
            assert sum(c.managers for c in m.band_layers if c.layer == row.layer) == row.managers
        assert sum(r.positions for r in m.functions) in (0, s.positions)
