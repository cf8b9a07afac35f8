"""Tests for orgshape.rules: the engine, the built-in rules and the bundled example."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgshape import Level, Org, Position
from orgshape._ladder import Ladder
from orgshape._problems import FATAL_CODES, ProblemCode
from orgshape.io import example, read
from orgshape.rules import (
    BUILTIN_RULES,
    Context,
    Exemption,
    Finding,
    Policy,
    Report,
    Rule,
    Severity,
    rule,
    rule_reference,
    validate,
)

# ----------------------------------------------------------------------------- helpers


def pos(
    id: str, name: str | None, title: str | None, manager: str | None = None, **kw: Any
) -> Position:
    return Position(id=id, name=name, title=title, manager=manager, **kw)


def team(manager: str, count: int, *, title: str = "Product Manager", **kw: Any) -> list[Position]:
    return [
        pos(f"{manager}.{k}", f"Report {manager}.{k}", title, manager, **kw) for k in range(count)
    ]


def run(org: Org, code: str, **policy: Any) -> list[Finding]:
    """The findings of one rule (only that rule selected)."""
    return list(validate(org, Policy(select=[code], **policy)))


def codes(org: Org, **policy: Any) -> list[tuple[str, str | None]]:
    return [(f.code, f.id) for f in validate(org, Policy(**policy))]


# ----------------------------------------------------------------------------- registry


class TestRegistry:
    def test_codes_and_names_unique(self) -> None:
        """Every built-in rule has its own code and kebab-case name."""
        rules = list(BUILTIN_RULES.values())
        assert len({r.code for r in rules}) == len(rules)
        assert len({r.name for r in rules}) == len(rules)
        for r in rules:
            assert r.name == r.code.lower().replace("_", "-")

    def test_every_rule_documented(self) -> None:
        """Every built-in rule has a rationale, a hint and a readable repr."""
        for r in BUILTIN_RULES.values():
            assert r.rationale, r
            assert r.hint, r
            assert repr(r) == f"<Rule {r.code} {r.name} ({r.severity})>"

    def test_every_problem_code_is_a_rule(self) -> None:
        """Every data-problem code is a rule of the structure group with the same code."""
        for code in ProblemCode:
            assert BUILTIN_RULES[code.value].group == "structure"

    def test_fatal_problems_have_no_example(self) -> None:
        """Problems that stop a load cannot reach a report, so they have no example org."""
        for code in FATAL_CODES:
            assert BUILTIN_RULES[code.value].example is None

    @pytest.mark.parametrize(
        "code", [code for code, r in BUILTIN_RULES.items() if r.example is not None]
    )
    def test_example_triggers_rule(self, code: str) -> None:
        """Each rule's example org triggers that rule (the reference shows it)."""
        r = BUILTIN_RULES[code]
        assert r.example is not None
        made = r.example()
        org, policy = made if isinstance(made, tuple) else (made, Policy(select=[code]))
        assert code in {f.code for f in validate(org, policy)}

    def test_reference_lists_every_rule(self) -> None:
        """The generated reference has a section per rule, with a computed example."""
        text = rule_reference()
        for r in BUILTIN_RULES.values():
            assert f"### `{r.code}` · `{r.name}`" in text
        assert "Hannah" not in text  # examples are computed on tiny orgs, not the demo
        assert "Dana Ruiz (Director of Product) has 9 direct reports" in text

    def test_reference_deterministic(self) -> None:
        """Two renderings of the reference are byte-identical."""
        assert rule_reference() == rule_reference()

    def test_reference_of_custom_rules(self) -> None:
        """The reference can document custom rules too, grouped as custom."""

        @rule(code="NO_CTO", severity="info", hint="hire one")
        def no_cto(ctx: Context) -> Iterator[Finding]:
            """The org has no CTO."""
            yield ctx.finding(message="there is no CTO")

        text = rule_reference([no_cto])
        assert "## Custom" in text
        assert "The org has no CTO." in text


# ----------------------------------------------------------------------------- example


#: The Heads' teams in the bundled example: the Head first, then the PMs (Senior PMs first).
PAYMENTS: tuple[str, ...] = (
    "P005",
    "P016",
    "P017",
    "P020",
    "P021",
    "P053",
    "P018",
    "P022",
    "P047",
    "P048",
)
PAYMENTS += ("P049", "P050", "P051", "P052", "P054")
GROWTH: tuple[str, ...] = ("P006", "P023", "P024", "P025", "P026", "P055", "P056", "P057", "P058")
PLATFORM: tuple[str, ...] = (
    "007",
    "P028",
    "P029",
    "P030",
    "P031",
    "P040",
    "P041",
    "P044",
    "P045",
    "P032",
)
PLATFORM += ("P033", "P034", "P035", "P036", "P037", "P038", "P042", "P059", "P060", "P061")
PLATFORM += ("P062", "P063", "P064", "P065", "P066")


@pytest.fixture(scope="module")
def report() -> Report:
    return validate(example())


class TestBundledExample:
    def test_exact_findings(self, report: Report) -> None:
        """The example yields its deliberate problems plus two documented extras."""
        assert [(f.code, f.ids) for f in report] == [
            ("LEVEL_INVERSION", ("P053", "P022")),
            ("ONE_OVER_ONE", ("P006", "P012")),
            ("SPAN_ABOVE_RANGE", ("P013",)),
            ("IC_WITH_REPORTS", ("P022", "P053", "P054")),
            ("SHARED_PRODUCT", ("P035", "P042")),
            # extra: "Quotes" is held only by the open role P050 (no PM owns it yet)
            ("UNOWNED_PRODUCT", ("P050",)),
            # extra: PM P054 reports to PM P022 (the README anticipates it)
            ("SAME_LEVEL_REPORT", ("P054", "P022")),
            # extra: four designers for 46 PMs, at most 5 PMs per designer by default
            ("PARTNER_COVERAGE", PAYMENTS),
            ("PARTNER_COVERAGE", GROWTH),
            ("PARTNER_COVERAGE", PLATFORM),
            ("SMALL_PORTFOLIO", ("P044",)),  # an info: a portfolio is handed over in time
            ("PROMOTION_CANDIDATE", ("P057",)),
        ]
        assert not report.ok

    def test_messages_name_people(self, report: Report) -> None:
        """Each deliberate problem's message names the people and the values."""
        by_code = {f.code: f for f in report}
        assert by_code["SPAN_ABOVE_RANGE"].message == (
            "Hannah Schmidt (Director of Product Management) has 12 direct reports; "
            "the policy allows 3–8 for DIRECTOR"
        )
        assert "Siobhán O'Neill" in by_code["ONE_OVER_ONE"].message
        assert "Tomasz Kowalczyk" in by_code["ONE_OVER_ONE"].message
        assert "Julia Novak" in by_code["LEVEL_INVERSION"].message
        assert "Grace Liu" in by_code["LEVEL_INVERSION"].message
        assert "Grace Liu" in by_code["IC_WITH_REPORTS"].message
        assert "Thandiwe Ndlovu" in by_code["SMALL_PORTFOLIO"].message
        assert "Analytics Dashboard" in by_code["SMALL_PORTFOLIO"].message
        shared = by_code["SHARED_PRODUCT"].message
        assert "'Partner API'" in shared
        assert "Chidi Okonkwo" in shared
        assert "Camille Laurent" in shared
        assert "Rebecca Stein" in by_code["PROMOTION_CANDIDATE"].message

    def test_rows_and_source(self, report: Report) -> None:
        """Findings carry the CSV row of the main person and the file name."""
        by_code = {f.code: f for f in report}
        assert by_code["SPAN_ABOVE_RANGE"].row == 14  # header is row 1, P013 is row 14
        assert by_code["LEVEL_INVERSION"].row == 54
        assert {f.source for f in report} == {"example_org.csv"}

    def test_assistant_and_dotted_line_not_counted(self, report: Report) -> None:
        """The CPO's assistant and Björn's dotted line do not make spans findings."""
        assert not report.filter(id="P001")
        assert [f.code for f in report.filter(id="P025")] == ["PARTNER_COVERAGE"]  # a PM

    def test_non_product_titles_not_unknown(self, report: Report) -> None:
        """Designers, product ops, the engineer and the assistant are not unknown titles."""
        assert not report.filter(code="unknown-title")


# ----------------------------------------------------------------------------- ladder


class TestUnknownTitle:
    def test_triggers(self) -> None:
        """A product title the ladder does not know is reported, naming the title."""
        org = Org([pos("1", "Ana", "CPO"), pos("2", "Bo", "Product Lead", "1")])
        (f,) = run(org, "UNKNOWN_TITLE")
        assert f.ids == ("2",)
        assert "'Product Lead'" in f.message

    def test_non_product_function_ignored(self) -> None:
        """A non-product function with an off-ladder title is not a finding."""
        org = Org(
            [pos("1", "Ana", "CPO"), pos("2", "Bo", "Staff Engineer", "1", function="Engineering")]
        )
        assert run(org, "UNKNOWN_TITLE") == []

    def test_product_function_counts(self) -> None:
        """An explicit product function keeps the position on the ladder's watch."""
        org = Org([pos("1", "Ana", "CPO"), pos("2", "Bo", "Product Lead", "1", function="Product")])
        assert len(run(org, "UNKNOWN_TITLE")) == 1

    def test_missing_title(self) -> None:
        """A position with neither title nor level is reported as such."""
        org = Org([pos("1", "Ana", "CPO"), pos("2", "Bo", None, "1")])
        (f,) = run(org, "UNKNOWN_TITLE")
        assert "neither a title nor a level" in f.message

    def test_alias_fixes_it(self) -> None:
        """A ladder alias makes the title known, and the finding goes away."""
        ladder = Ladder.default().with_aliases({"Product Lead": "SENIOR_PM"})
        org = Org([pos("1", "Ana", "CPO"), pos("2", "Bo", "Product Lead", "1")], ladder=ladder)
        assert run(org, "UNKNOWN_TITLE") == []


class TestRootLevel:
    def test_wrong_root(self) -> None:
        """A Director at the top of the org is reported."""
        org = Org([pos("1", "Di", "Director of Product"), *team("1", 3)])
        (f,) = run(org, "WRONG_ROOT_LEVEL")
        assert f.ids == ("1",)
        assert f.severity == "warning"
        assert "at level DIRECTOR; expected CPO" in f.message

    @pytest.mark.parametrize(
        "title", ["VP of Product", "VP, Head of Product", "Head of Product", "Interim CPO"]
    )
    def test_vp_or_head_led_org_is_healthy(self, title: str) -> None:
        """A VP or a Head of Product at the top is a common, healthy shape: no finding."""
        org = Org([pos("1", "Bo", title), *team("1", 3, title="Director of Product")])
        assert run(org, "WRONG_ROOT_LEVEL") == []

    def test_explicit_root_level_is_strict(self) -> None:
        """With root_level in the policy, only that level is the expected top."""
        org = Org([pos("1", "Bo", "Head of Product"), *team("1", 3)])
        (f,) = run(org, "WRONG_ROOT_LEVEL", root_level="VP")
        assert "expected VP" in f.message

    def test_non_product_top_is_not_judged(self) -> None:
        """The CEO of a whole-company export is outside product: the product org is below."""
        org = Org(
            [
                pos("1", "Ceo", "Chief Executive Officer", function="executive"),
                pos("2", "Ana", "CPO", "1", function="product"),
                *team("2", 3, function="product"),
            ]
        )
        assert run(org, "WRONG_ROOT_LEVEL") == []

    def test_cpo_root_ok(self) -> None:
        """A CPO at the top is fine."""
        org = Org([pos("1", "Ana", "CPO"), pos("2", "Bo", "VP of Product", "1")])
        assert run(org, "WRONG_ROOT_LEVEL") == []

    def test_root_level_policy(self) -> None:
        """A policy for a VP's org expects a VP at the top."""
        org = Org([pos("1", "Bo", "VP of Product"), pos("2", "Cy", "Head of Product", "1")])
        assert run(org, "WRONG_ROOT_LEVEL", root_level="VP") == []

    def test_fragments_are_not_roots(self) -> None:
        """Tops created by data problems (an unknown manager) are not judged as roots."""
        org = Org([pos("1", "Ana", "CPO"), pos("2", "Bo", "PM", "99")], strict=False)
        assert run(org, "WRONG_ROOT_LEVEL") == []

    def test_unknown_level_at_top(self) -> None:
        """A top whose level is unknown is reported as such."""
        org = Org([pos("1", "Bo", "Chief Vibes Officer")])
        (f,) = run(org, "WRONG_ROOT_LEVEL")
        assert "unknown level" in f.message

    def test_two_cpos(self) -> None:
        """Two positions at the root level make one finding listing both."""
        org = Org([pos("1", "Ana", "CPO"), pos("2", "Bo", "Chief Product Officer", "1")])
        (f,) = run(org, "MULTIPLE_ROOT_LEVEL")
        assert f.ids == ("2", "1")
        assert f.severity == "error"

    def test_one_cpo(self) -> None:
        """One CPO is fine."""
        org = Org([pos("1", "Ana", "CPO"), pos("2", "Bo", "VP of Product", "1")])
        assert run(org, "MULTIPLE_ROOT_LEVEL") == []


class TestLevelSteps:
    def test_inversion(self) -> None:
        """A Senior PM under a PM is an inversion; the report is the main person."""
        org = Org(
            [
                pos("1", "Di", "Director of Product"),
                pos("2", "Bo", "PM", "1"),
                pos("3", "Cy", "Sr. PM", "2"),
            ]
        )
        (f,) = run(org, "LEVEL_INVERSION")
        assert f.ids == ("3", "2")
        assert f.severity == "error"
        assert "Cy (Sr. PM) at level SENIOR_PM reports to Bo (PM)" in f.message

    def test_same_level(self) -> None:
        """A report at the manager's own level is a same-level finding, not an inversion."""
        org = Org(
            [
                pos("1", "Di", "Director of Product"),
                pos("2", "Bo", "PM", "1"),
                pos("3", "Cy", "PM", "2"),
            ]
        )
        selected = ["LEVEL_INVERSION", "SAME_LEVEL_REPORT", "IC_WITH_REPORTS"]
        assert [f.code for f in validate(org, Policy(select=selected))] == [
            "IC_WITH_REPORTS",
            "SAME_LEVEL_REPORT",
        ]

    def test_one_step_down_is_clean(self) -> None:
        """Each report one level below their manager: no ladder findings."""
        org = Org(
            [
                pos("1", "Ana", "CPO"),
                pos("2", "Bo", "VP of Product", "1"),
                *team("2", 2, title="Head of Product"),
            ]
        )
        assert validate(org, Policy(select=["ladder"])).findings == ()

    @staticmethod
    def _layered(*, direct: str = "PM") -> Org:
        """A CPO with a VP → Director → Group PM line and one direct report."""
        return Org(
            [
                pos("1", "Ana", "CPO"),
                pos("2", "Bo", "VP of Product", "1"),
                pos("3", "Di", "Director of Product", "2"),
                pos("4", "Gi", "Group Product Manager", "3"),
                pos("5", "Pat", "PM", "4"),
                pos("6", "Cy", direct, "1"),
            ]
        )

    def test_gap_boundary(self) -> None:
        """Skipping three management levels in use (VP, Director, Group PM) is a skip."""
        (f,) = run(self._layered(), "LEVEL_SKIP")
        assert f.ids == ("6", "1")
        assert f.message == (
            "Cy (PM) at level PM reports directly to Ana (CPO) at level CPO, skipping 3 "
            "management levels the org uses (VP, DIRECTOR, GROUP_PM); the policy allows a "
            "step of 3"
        )

    def test_two_skipped_levels_are_allowed(self) -> None:
        """A CPO leading a Group PM skips VP and Director: within the default gap of 3."""
        assert run(self._layered(direct="Group Product Manager"), "LEVEL_SKIP") == []

    def test_startup_cpo_leading_pms_skips_nothing(self) -> None:
        """No Director, VP or Head anywhere: a CPO leading PMs directly skips nothing."""
        seniors = [pos(f"S{k}", f"Sam {k}", "Sr. PM", "1") for k in range(2)]
        org = Org([pos("1", "Ana", "CPO"), *team("1", 4), *seniors])
        assert run(org, "LEVEL_SKIP") == []

    def test_unused_levels_do_not_count(self) -> None:
        """Levels nobody leads at (here every level between Head and PM) are no skip."""
        org = Org(
            [
                pos("1", "Hd", "Head of Product"),
                *team("1", 3),
                pos("2", "Di", "Director of Product", "1"),  # a Director without reports
                pos("3", "Sp", "Sr. PM", "1"),
            ]
        )
        assert run(org, "LEVEL_SKIP") == []

    def test_senior_ic_sits_beside_managers(self) -> None:
        """A Principal PM under the CPO is never a skip (a senior IC), a PM is."""
        assert run(self._layered(direct="Principal Product Manager"), "LEVEL_SKIP") == []
        assert len(run(self._layered(direct="Product Manager"), "LEVEL_SKIP")) == 1

    def test_longer_ladder_same_verdict(self) -> None:
        """Levels added to the ladder that the org does not use change nothing."""
        org = Org([pos("1", "Di", "Director of Product"), *team("1", 3)])
        longer = Ladder.default().with_levels(
            Level(name="AREA_LEAD", label="Area Lead"),
            Level(name="SQUAD_LEAD", label="Squad Lead"),
            below="DIRECTOR",
        )
        assert run(org, "LEVEL_SKIP") == []
        assert run(org, "LEVEL_SKIP", ladder=longer) == []

    def test_gap_policy(self) -> None:
        """max_level_gap widens or narrows the allowed step."""
        org = self._layered()
        assert len(run(org, "LEVEL_SKIP")) == 1
        assert run(org, "LEVEL_SKIP", max_level_gap=4) == []
        narrow = run(self._layered(direct="Group Product Manager"), "LEVEL_SKIP", max_level_gap=2)
        assert [f.ids for f in narrow] == [("6", "1")]

    def test_unknown_levels_not_judged(self) -> None:
        """A report with an unknown level is neither an inversion nor a skip."""
        org = Org([pos("1", "Ana", "CPO"), pos("2", "Bo", "Designer", "1", function="design")])
        assert (
            validate(
                org, Policy(select=["LEVEL_INVERSION", "LEVEL_SKIP", "SAME_LEVEL_REPORT"])
            ).findings
            == ()
        )


class TestIcWithReports:
    def test_triggers(self) -> None:
        """A PM with reports is reported with the reports listed."""
        org = Org(
            [
                pos("1", "Di", "Director of Product"),
                pos("2", "Bo", "PM", "1"),
                pos("3", "Cy", "PM", "2"),
            ]
        )
        (f,) = run(org, "IC_WITH_REPORTS")
        assert f.ids == ("2", "3")
        assert "1 direct report: Cy (PM)" in f.message

    def test_assistant_only(self) -> None:
        """A PM whose only report is an assistant has no span: not a finding."""
        org = Org(
            [
                pos("1", "Di", "Director of Product"),
                pos("2", "Bo", "PM", "1"),
                pos("3", "Cy", "EA", "2", assistant=True),
            ]
        )
        assert run(org, "IC_WITH_REPORTS") == []

    def test_ic_levels_policy(self) -> None:
        """ic_levels can make Senior PMs individual contributors too."""
        org = Org(
            [
                pos("1", "Di", "Director of Product"),
                pos("2", "Bo", "Sr. PM", "1"),
                pos("3", "Cy", "PM", "2"),
            ]
        )
        assert run(org, "IC_WITH_REPORTS") == []
        assert len(run(org, "IC_WITH_REPORTS", ic_levels=["SENIOR_PM", "PM"])) == 1


# ----------------------------------------------------------------------------- spans


class TestSpans:
    def test_above_boundary(self) -> None:
        """A Director with 8 reports is fine; with 9, span-above-range."""
        eight = Org([pos("D", "Dana Ruiz", "Director of Product"), *team("D", 8)])
        nine = Org([pos("D", "Dana Ruiz", "Director of Product"), *team("D", 9)])
        assert run(eight, "SPAN_ABOVE_RANGE") == []
        (f,) = run(nine, "SPAN_ABOVE_RANGE")
        assert f.message == (
            "Dana Ruiz (Director of Product) has 9 direct reports; "
            "the policy allows 3–8 for DIRECTOR"
        )

    def test_below_boundary(self) -> None:
        """A Director with 3 reports is fine; with 2, span-below-range."""
        three = Org([pos("D", "Dana", "Director of Product"), *team("D", 3)])
        two = Org([pos("D", "Dana", "Director of Product"), *team("D", 2)])
        assert run(three, "SPAN_BELOW_RANGE") == []
        assert [f.ids for f in run(two, "SPAN_BELOW_RANGE")] == [("D",)]

    def test_span_one_is_one_over_one_only(self) -> None:
        """A span of 1 is a one-over-one, not also span-below-range."""
        org = Org([pos("D", "Dana", "Director of Product"), *team("D", 1)])
        assert [f.code for f in validate(org, Policy(select=["spans"]))] == ["ONE_OVER_ONE"]

    def test_assistants_never_count(self) -> None:
        """Eight PMs plus an assistant is a span of 8."""
        org = Org(
            [
                pos("D", "Dana", "Director of Product"),
                *team("D", 8),
                pos("A", "Al", "EA", "D", assistant=True),
            ]
        )
        assert validate(org, Policy(select=["spans"])).findings == ()

    def test_dotted_lines_never_count(self) -> None:
        """Dotted-line reports do not add to a manager's span."""
        people = [
            pos("1", "Ana", "CPO"),
            pos("D", "Dana", "Director of Product", "1"),
            *team("D", 8),
        ]
        people += [
            pos(f"X{k}", f"X{k}", "VP of Product", "1", dotted_line=("D",)) for k in range(3)
        ]
        org = Org(people)
        assert org.span("D") == 8
        assert len(org.dotted_reports("D")) == 3
        assert run(org, "SPAN_ABOVE_RANGE") == []

    def test_policy_range(self) -> None:
        """A policy range replaces the default for that level only."""
        org = Org([pos("D", "Dana", "Director of Product"), *team("D", 9)])
        assert run(org, "SPAN_ABOVE_RANGE", spans={"DIRECTOR": [3, 10]}) == []
        assert run(org, "SPAN_ABOVE_RANGE", spans={"DIRECTOR": [3]}) == []

    def test_one_over_one(self) -> None:
        """A manager with one report is a one-over-one naming both."""
        org = Org(
            [
                pos("1", "Ana", "Head of Product"),
                pos("2", "Bo", "Director of Product", "1"),
                *team("2", 3),
            ]
        )
        (f,) = run(org, "ONE_OVER_ONE")
        assert f.ids == ("1", "2")
        assert f.message == (
            "Ana (Head of Product) has exactly one direct report, Bo (Director of Product)"
        )

    def test_one_over_one_with_assistant(self) -> None:
        """One report plus an assistant is still a one-over-one."""
        org = Org(
            [
                pos("1", "Ana", "Head of Product"),
                pos("A", "Al", "EA", "1", assistant=True),
                pos("2", "Bo", "Director of Product", "1"),
            ]
        )
        (f,) = run(org, "ONE_OVER_ONE")
        assert f.ids == ("1", "2")

    def test_senior_pm_may_coach_one(self) -> None:
        """A Senior PM with one report: the SENIOR_PM span range starts at 1, so no finding."""
        org = Org(
            [
                pos("1", "Di", "Director of Product"),
                pos("2", "Sam", "Sr. PM", "1"),
                pos("3", "Al", "Associate Product Manager", "2"),
                *team("1", 2),
            ]
        )
        assert run(org, "ONE_OVER_ONE") == []

    def test_span_range_decides(self) -> None:
        """A range starting at 2 makes a Senior PM's single report a one-over-one again."""
        org = Org([pos("1", "Sam", "Sr. PM"), pos("2", "Al", "PM", "1")])
        assert run(org, "ONE_OVER_ONE") == []
        (f,) = run(org, "ONE_OVER_ONE", spans={"SENIOR_PM": [2, 5]})
        assert f.ids == ("1", "2")
        assert len(run(Org([pos("1", "Di", "Director of Product"), pos("2", "Al", "PM", "1")]),
                       "ONE_OVER_ONE", spans={"DIRECTOR": [1, 8]})) == 0  # fmt: skip

    def test_exemption(self) -> None:
        """An exemption with a reason silences that person's one-over-one only."""
        org = Org(
            [
                pos("1", "Ana", "Head of Product"),
                pos("2", "Bo", "Director of Product", "1"),
                pos("3", "Cy", "Sr. PM", "2"),
            ]
        )
        ex = Exemption(rule="one-over-one", id="1", reason="ramping up")
        found = run(org, "ONE_OVER_ONE", exemptions=[ex], spans={"SENIOR_PM": [2, 5]})
        assert [f.ids for f in found] == [("2", "3")]


# ----------------------------------------------------------------------------- layers


def chain_org(titles: list[str]) -> Org:
    return Org(
        [pos(str(k), f"Person {k}", t, str(k - 1) if k else None) for k, t in enumerate(titles)]
    )


LADDER_TITLES = ["CPO", "VP of Product", "Head of Product", "Director of Product", "Sr. PM", "PM"]


class TestLayers:
    def test_eight_layers_are_fine(self) -> None:
        """Eight layers is the default cap ("very large firms aim for 7-8")."""
        assert run(chain_org([*LADDER_TITLES, "PM", "PM"]), "TOO_MANY_LAYERS") == []

    def test_one_more_layer(self) -> None:
        """A ninth layer is reported at the deepest person, with the chain."""
        org = chain_org([*LADDER_TITLES, "PM", "PM", "PM"])
        (f,) = run(org, "TOO_MANY_LAYERS")
        assert f.ids == ("8",)
        assert "9 layers; the policy allows 8" in f.message
        assert "0 → 1 → 2" in f.message
        assert "1 position below layer 8" in f.message

    def test_cap_does_not_grow_with_the_ladder(self) -> None:
        """A ladder with more levels keeps the cap of 8: a 9-layer chain is still found."""
        longer = Ladder.default().with_levels(
            *[Level(name=f"EXTRA_{k}", label=f"Extra Level {k}") for k in "ABCDEF"]
        )
        org = chain_org([*LADDER_TITLES, "PM", "PM", "PM"])
        assert len(run(org, "TOO_MANY_LAYERS", ladder=longer)) == 1

    def test_max_layers_policy(self) -> None:
        """max_layers overrides the ladder's length."""
        assert run(chain_org(LADDER_TITLES), "TOO_MANY_LAYERS", max_layers=5) != []
        assert run(chain_org([*LADDER_TITLES, "PM"]), "TOO_MANY_LAYERS", max_layers=7) == []

    def test_deep_chain_no_recursion(self) -> None:
        """A 100,000-deep chain validates under the default recursion limit."""
        n = 100_000
        org = read(
            [
                {"id": str(k), "name": f"P{k}", "title": "PM", "manager": str(k - 1) if k else ""}
                for k in range(n)
            ]
        )
        report = validate(org)
        (deep,) = report.filter(code="TOO_MANY_LAYERS")
        assert deep.id == str(n - 1)
        assert "→ … →" in deep.message
        assert len(report.filter(code="IC_WITH_REPORTS")) == n - 1


# ----------------------------------------------------------------------------- vacancies


class TestVacancies:
    def test_vacant_manager(self) -> None:
        """A vacant seat with reports is reported."""
        org = Org(
            [
                pos("1", "Ana", "Head of Product"),
                pos("2", None, "Director of Product", "1"),
                *team("2", 3),
            ]
        )
        (f,) = run(org, "VACANT_MANAGER")
        assert f.ids == ("2",)
        assert f.message.startswith("open role 2 (Director of Product) has 3")

    def test_vacancy_without_reports(self) -> None:
        """A vacant seat without reports is just a vacancy."""
        org = Org([pos("1", "Ana", "Director of Product"), pos("2", None, "PM", "1")])
        assert run(org, "VACANT_MANAGER") == []

    def test_share_boundary(self) -> None:
        """Half the team open is allowed (0.5); three of four is not."""
        half = Org(
            [
                pos("1", "Ana", "Director of Product"),
                *team("1", 2),
                pos("v1", None, "PM", "1"),
                pos("v2", None, "PM", "1"),
            ]
        )
        most = Org(
            [
                pos("1", "Ana", "Director of Product"),
                *team("1", 1),
                *[pos(f"v{k}", None, "PM", "1") for k in range(3)],
            ]
        )
        assert run(half, "HIGH_VACANCY_SHARE") == []
        (f,) = run(most, "HIGH_VACANCY_SHARE")
        assert f.ids == ("1", "v0", "v1", "v2")
        assert "(75%)" in f.message

    def test_share_policy(self) -> None:
        """max_vacancy_share lowers the threshold."""
        half = Org(
            [
                pos("1", "Ana", "Director of Product"),
                *team("1", 2),
                pos("v1", None, "PM", "1"),
                pos("v2", None, "PM", "1"),
            ]
        )
        assert len(run(half, "HIGH_VACANCY_SHARE", max_vacancy_share=0.25)) == 1


# ----------------------------------------------------------------------------- portfolio


class TestPortfolio:
    def test_catalogue_product_without_owner(self) -> None:
        """A catalogue product nobody holds is reported org-wide (no ids)."""
        org = Org([pos("1", "Ana", "PM", products=("Search",))])
        (f,) = run(org, "UNOWNED_PRODUCT", products=["Search", "Cart"])
        assert f.ids == ()
        assert "'Cart'" in f.message

    def test_held_by_vacancy_or_director(self) -> None:
        """Products held only by an open role or a Director have no owner."""
        org = Org(
            [
                pos("1", "Dana", "Director of Product", products=("Search",)),
                pos("2", None, "PM", "1", products=("Quotes",)),
                pos("3", "Bo", "PM", "1", products=("Cart",)),
            ]
        )
        found = run(org, "UNOWNED_PRODUCT")
        assert [(f.ids, f.message.split(" is held")[0]) for f in found] == [
            (("1",), "product 'Search'"),
            (("2",), "product 'Quotes'"),
        ]
        assert "PM level (GROUP_PM, PRINCIPAL_PM, SENIOR_PM, PM, PRODUCT_OWNER, ASSOCIATE_PM)" in (
            found[0].message
        )
        assert found[1].message == "product 'Quotes' is held only by open role 2 (PM)"

    def test_one_finding_per_holder(self) -> None:
        """An open role's products without an owner are one finding naming them all."""
        org = Org(
            [
                pos("1", "Dana", "Director of Product", products=("Search",)),
                pos("2", None, "PM", "1", products=("Quotes", "Billing", "Atlas")),
                pos("3", "Bo", "PM", "1", products=("Cart",)),
                pos("4", None, "PM", "1", products=("Zeta", "Billing")),
            ]
        )
        found = run(org, "UNOWNED_PRODUCT", products=["Cart", "Orphan"])
        assert [(f.ids, f.message.split(" held")[0]) for f in found] == [
            ((), "product 'Orphan' is in the policy's catalogue but nobody owns it"),
            (("1",), "product 'Search' is"),
            (("2",), "2 products ('Atlas', 'Quotes') are"),
            (("2", "4"), "product 'Billing' is"),
            (("4",), "product 'Zeta' is"),
        ]
        many = Org([pos("1", None, "PM", products=tuple(f"P{k:02}" for k in range(12)))])
        (f,) = run(many, "UNOWNED_PRODUCT")
        assert f.message.startswith(
            "12 products ('P00', 'P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', "
            "'P09' and 2 more) are held only by open role 1 (PM)"
        )

    def test_owned_by_pm(self) -> None:
        """A product a filled PM owns is fine, even if a Director lists it too."""
        org = Org(
            [
                pos("1", "Dana", "Director of Product", products=("Cart",)),
                pos("2", "Bo", "PM", "1", products=("Cart",)),
            ]
        )
        assert run(org, "UNOWNED_PRODUCT", products=["Cart"]) == []

    def test_no_products_column(self) -> None:
        """Without product data and without a catalogue there is nothing to judge."""
        assert run(Org([pos("1", "Ana", "PM")]), "UNOWNED_PRODUCT") == []

    def test_shared(self) -> None:
        """A product two PMs own is reported with both."""
        org = Org(
            [
                pos("1", "Dana", "Director of Product"),
                pos("2", "Bo", "PM", "1", products=("API",)),
                pos("3", "Cy", "Sr. PM", "1", products=("API", "SDK")),
            ]
        )
        (f,) = run(org, "SHARED_PRODUCT")
        assert f.ids == ("2", "3")
        assert "owned by 2 PMs" in f.message

    def test_not_shared(self) -> None:
        """One PM listing a product twice, or a Director beside a PM, is not sharing."""
        org = Org(
            [
                pos("1", "Dana", "Director of Product", products=("API",)),
                pos("2", "Bo", "PM", "1", products=("API", "API")),
            ]
        )
        assert run(org, "SHARED_PRODUCT") == []

    def test_senior_pm_listing_their_pms_product(self) -> None:
        """A Senior PM's portfolio holding the product her own PM owns is not sharing."""
        org = Org(
            [
                pos("1", "Dana", "Director of Product"),
                pos("2", "Sam", "Sr. PM", "1", products=("API", "SDK")),
                pos("3", "Bo", "PM", "2", products=("API",)),
                pos("4", "Al", "Associate Product Manager", "2", products=("SDK",)),
            ]
        )
        assert run(org, "SHARED_PRODUCT") == []

    def test_two_pms_of_one_senior_pm_still_share(self) -> None:
        """Two PMs of the same Senior PM owning one product do share it; she is not named."""
        org = Org(
            [
                pos("1", "Sam", "Sr. PM", products=("API", "SDK")),
                pos("2", "Bo", "PM", "1", products=("API",)),
                pos("3", "Cy", "PM", "1", products=("API",)),
            ]
        )
        (f,) = run(org, "SHARED_PRODUCT")
        assert f.ids == ("2", "3")

    def test_product_owner_and_principal_pm_own_products(self) -> None:
        """Product Owners, Principal PMs and APMs are PM levels: a product they hold is owned."""
        org = Org(
            [
                pos("1", "Dana", "Director of Product"),
                pos("2", "Po", "Product Owner", "1", products=("Forms",)),
                pos("3", "Pr", "Principal Product Manager", "1", products=("Search",)),
                pos("4", "Al", "APM", "1", products=("Cart",)),
            ]
        )
        assert run(org, "UNOWNED_PRODUCT") == []
        shared = Org([*org, pos("5", "Bo", "PM", "1", products=("Forms",))])
        assert [f.ids for f in run(shared, "SHARED_PRODUCT")] == [("2", "5")]

    def test_small_portfolio_boundary(self) -> None:
        """A Senior PM with one product is reported as an info; with two, fine."""
        one = Org([pos("1", "Ty", "Sr. PM", products=("A",))])
        two = Org([pos("1", "Ty", "Sr. PM", products=("A", "B"))])
        (f,) = run(one, "SMALL_PORTFOLIO")
        assert f.severity is Severity.INFO
        assert "owns 1 product (A)" in f.message
        assert run(two, "SMALL_PORTFOLIO") == []

    def test_min_products_policy(self) -> None:
        """min_products raises the bar per level."""
        two = Org([pos("1", "Ty", "Sr. PM", products=("A", "B"))])
        assert len(run(two, "SMALL_PORTFOLIO", min_products={"SENIOR_PM": 3})) == 1


# ----------------------------------------------------------------------------- people


class TestPeople:
    @pytest.mark.parametrize(("years", "flagged"), [(4.0, True), (3.9, False), (None, False)])
    def test_promotion_boundary(self, years: float | None, flagged: bool) -> None:
        """A PM with at least four years is a promotion candidate (info)."""
        org = Org(
            [
                pos("1", "Sam", "Sr. PM", years_experience=9.0),
                pos("2", "Bo", "PM", "1", years_experience=years),
            ]
        )
        found = run(org, "PROMOTION_CANDIDATE")
        assert bool(found) is flagged
        assert all(f.severity is Severity.INFO for f in found)

    @pytest.mark.parametrize(("years", "flagged"), [(3.9, True), (4.0, False), (None, False)])
    def test_below_promotion_boundary(self, years: float | None, flagged: bool) -> None:
        """A Senior PM with under four years is reported (info)."""
        org = Org(
            [
                pos("1", "Sam", "Sr. PM", years_experience=years),
                pos("2", "Bo", "PM", "1", years_experience=1.0),
            ]
        )
        assert bool(run(org, "BELOW_PROMOTION_YEARS")) is flagged

    def test_promotion_years_policy(self) -> None:
        """promotion_years moves the bar."""
        org = Org([pos("1", "Bo", "PM", years_experience=4.5)])
        assert run(org, "PROMOTION_CANDIDATE", promotion_years=5) == []

    def test_promotion_is_the_pm_step_by_name(self) -> None:
        """APMs and Product Owners below PM on the ladder are not judged for PM → Senior PM."""
        org = Org(
            [
                pos("1", "Sam", "Sr. PM", years_experience=9.0),
                pos("2", "Bo", "PM", "1", years_experience=5.0),
                pos("3", "Al", "Associate Product Manager", "1", years_experience=6.0),
                pos("4", "Po", "Product Owner", "1", years_experience=6.0),
            ]
        )
        found = run(org, "PROMOTION_CANDIDATE")
        assert [f.ids for f in found] == [("2",)]
        assert "a PM is usually ready for SENIOR_PM" in found[0].message
        longer = Ladder.default().with_levels(Level(name="INTERN", label="Product Intern"))
        assert [f.ids for f in run(org, "PROMOTION_CANDIDATE", ladder=longer)] == [("2",)]

    def test_no_promotion_step_on_a_ladder_without_it(self) -> None:
        """On a ladder without PM and SENIOR_PM the promotion rules do not run."""
        ladder = Ladder(
            [
                Level(name="LEAD", label="Product Lead"),
                Level(name="IC", label="Product Person", individual_contributor=True),
            ]
        )
        org = Org(
            [pos("1", "Lee", "Product Lead"), pos("2", "Ian", "Product Person", "1")],
            ladder=ladder,
        )
        org = Org([attrs.evolve(p, years_experience=9.0) for p in org], ladder=ladder)
        selected = ["PROMOTION_CANDIDATE", "BELOW_PROMOTION_YEARS"]
        assert validate(org, Policy(select=selected)).findings == ()


# ----------------------------------------------------------------------------- team mix


def mix_org(pms: int, engineers: int, *, designers: int = 0) -> Org:
    people = [pos("H", "Hal", "Head of Product", function="product")]
    people += team("H", pms, function="product")
    people += [
        pos(f"E{k}", f"Eng {k}", "Software Engineer", "H", function="Engineering")
        for k in range(engineers)
    ]
    people += [
        pos(f"U{k}", f"Des {k}", "Product Designer", "H", function="design")
        for k in range(designers)
    ]
    return Org(people)


class TestTeamMix:
    @pytest.mark.parametrize(
        ("pms", "engineers", "flagged"),
        [(2, 5, True), (1, 5, False), (1, 10, False), (1, 11, True), (2, 4, False)],
    )
    def test_ratio_boundaries(self, pms: int, engineers: int, flagged: bool) -> None:
        """1:5–1:10 is fine; outside is reported; under 5 engineers is not judged."""
        assert bool(run(mix_org(pms, engineers), "PM_ENGINEER_RATIO")) is flagged

    def test_ratio_message(self) -> None:
        """The message gives the counts and the ratio."""
        (f,) = run(mix_org(2, 5), "PM_ENGINEER_RATIO")
        assert "has 2 PMs (" in f.message
        assert "and 5 engineers: 2.5 engineers per PM; the policy expects 5–10" in f.message

    def test_no_function_data(self) -> None:
        """Without a function column the team-mix rules do nothing."""
        org = Org([pos("H", "Hal", "Head of Product"), *team("H", 3)])
        assert validate(org, Policy(select=["team-mix"])).findings == ()

    def test_design_coverage(self) -> None:
        """A Head's area with PMs and no designer is reported when designers exist."""
        org = Org(
            [
                pos("V", "Vi", "VP of Product", function="product"),
                pos("H1", "Hal", "Head of Product", "V", function="product"),
                *team("H1", 2, function="product"),
                pos("H2", "Hana", "Head of Product", "V", function="product"),
                *team("H2", 2, function="product"),
                pos("U", "Ud", "Product Designer", "H2", function="design"),
            ]
        )
        (f,) = run(org, "PARTNER_COVERAGE")
        assert f.id == "H1"  # the team's lead first, then its PMs
        assert set(f.ids) == {"H1", *(p.id for p in team("H1", 2))}
        assert "has 2 PMs" in f.message
        assert "and no design partner" in f.message

    def test_function_absent_not_judged(self) -> None:
        """No designer anywhere in the data: design coverage is not judged."""
        assert run(mix_org(3, 0), "PARTNER_COVERAGE") == []

    def test_coverage_ratio(self) -> None:
        """max_pms turns presence into a ratio."""
        org = mix_org(9, 0, designers=1)
        (f,) = run(org, "PARTNER_COVERAGE")  # default: at most 5 PMs per designer
        assert "at most 5 PMs per design partner" in f.message
        loose = {"design": {"level": "HEAD", "max_pms": 9}}
        assert run(org, "PARTNER_COVERAGE", coverage=loose) == []
        (f,) = run(org, "PARTNER_COVERAGE", coverage={"design": {"level": "HEAD", "max_pms": 8}})
        assert "at most 8 PMs per design partner" in f.message

    def test_coverage_function_spelling(self) -> None:
        """Function names are compared normalised: "Product Ops" is product_ops."""
        org = Org(
            [
                pos("V", "Vi", "VP of Product", function="Product"),
                *team("V", 2, function="product"),
                pos("O", "Ops", "Product Operations Manager", "V", function="Product Ops"),
                pos("W", "Wu", "VP of Product", function="product"),
                *team("W", 2, function="product"),
            ],
            strict=False,
        )
        found = run(org, "PARTNER_COVERAGE", coverage={"Product Ops": "VP", "product_ops": None})
        assert [f.id for f in found] == ["W"]
        assert "no product ops partner" in found[0].message

    def test_nested_units(self) -> None:
        """A Director inside a Head's area is part of the Head's team: one finding."""
        people = [
            pos("H", "Hal", "Head of Product", function="product"),
            pos("D", "Di", "Director of Product", "H", function="product"),
        ]
        people += team("D", 1, function="product")
        people += [
            pos(f"E{k}", f"E{k}", "Engineer", "D", function="engineering") for k in range(12)
        ]
        found = run(Org(people), "PM_ENGINEER_RATIO")
        assert [f.id for f in found] == ["H"]


# ----------------------------------------------------------------------------- structure


class TestDataProblems:
    def test_problems_become_findings(self) -> None:
        """Data problems appear with their code, row, ids and the problem's message."""
        org = Org(
            [
                pos("1", "Ana", "CPO"),
                pos("2", "Bo", "VP of Product", "3"),
                pos("3", "Cy", "Head of Product", "2"),
            ],
            strict=False,
        )
        report = validate(org)
        (cycle,) = report.filter(code="CYCLE")
        (problem,) = [p for p in org.problems if p.code == "CYCLE"]
        assert cycle.severity is Severity.ERROR
        assert cycle.ids == ("2", "3")
        assert cycle.message == problem.message

    def test_rows_from_loader(self) -> None:
        """A problem's source row is the finding's row."""
        stream = io.StringIO("id,name,title,manager\n1,Ana,CPO,\n2,Bo,PM,9\n3,Cy,PM,1\n4,Di,PM,1\n")
        stream.name = "org.csv"
        org = read(stream, format="csv", strict=False)
        (f,) = validate(org).filter(code="unknown-manager")
        assert (f.row, f.source, f.ids) == (3, "org.csv", ("2",))

    def test_ignore_and_reseverity(self) -> None:
        """Problem codes can be ignored or re-severitied like any rule."""
        org = Org([pos("1", "Ana", "CPO"), pos("2", "Bo", "VP of Product")], strict=False)
        assert validate(org).filter(code="MULTIPLE_ROOTS").errors
        assert not validate(org, Policy(ignore=["multiple-roots"])).filter(code="MULTIPLE_ROOTS")
        relaxed = validate(org, Policy(severity={"MULTIPLE_ROOTS": "info"}))
        assert relaxed.filter(code="MULTIPLE_ROOTS").infos

    def test_ignore_group(self) -> None:
        """Ignoring the structure group drops every data problem."""
        org = Org([pos("1", "Ana", "CPO", "1")], strict=False)
        assert validate(org, Policy(select=["structure"]))
        assert not validate(org, Policy(select=["structure"], ignore=["structure"]))


# ----------------------------------------------------------------------------- engine


class TestEngine:
    def test_one_spelling(self) -> None:
        """Validation is orgshape.validate(org): the org has no validate() shortcut."""
        assert not hasattr(example(), "validate")

    def test_type_errors(self) -> None:
        """validate() says what it needs."""
        with pytest.raises(TypeError, match=r"checks an orgshape\.Org"):
            validate("org.csv")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="must be a Policy"):
            validate(example(), {"max_layers": 3})  # type: ignore[arg-type]

    def test_select_by_name_code_group(self) -> None:
        """select accepts codes, names, groups and ALL; ignore wins over select."""
        org = example()
        assert {f.code for f in validate(org, Policy(select=["spans"]))} == {
            "ONE_OVER_ONE",
            "SPAN_ABOVE_RANGE",
        }
        assert {
            f.code for f in validate(org, Policy(select=["one-over-one", "SMALL_PORTFOLIO"]))
        } == {"ONE_OVER_ONE", "SMALL_PORTFOLIO"}
        assert {f.code for f in validate(org, Policy(ignore=["ALL"]))} == set()
        assert "ONE_OVER_ONE" not in {
            f.code for f in validate(org, Policy(ignore=["one-over-one"]))
        }

    def test_severity_override(self) -> None:
        """A severity override by name applies to every finding of the rule."""
        report = validate(example(), Policy(severity={"span-above-range": "error"}))
        assert [f.severity for f in report.filter(code="SPAN_ABOVE_RANGE")] == [Severity.ERROR]

    def test_unused_exemption(self) -> None:
        """An exemption that matches nothing is reported; a used one is not."""
        stale = Exemption(rule="ONE_OVER_ONE", id="P013", reason="old")
        used = Exemption(rule="ONE_OVER_ONE", id="P006", reason="ramp-up")
        report = validate(example(), Policy(exemptions=[stale, used]))
        (f,) = report.filter(code="UNUSED_EXEMPTION")
        assert f.ids == ("P013",)
        assert "'old'" in f.message
        assert not report.filter(code="ONE_OVER_ONE")

    def test_unused_exemption_of_ignored_rule(self) -> None:
        """An exemption for a rule that did not run is not reported as unused."""
        stale = Exemption(rule="ONE_OVER_ONE", id="P013", reason="old")
        report = validate(example(), Policy(exemptions=[stale], ignore=["one-over-one"]))
        assert not report.filter(code="UNUSED_EXEMPTION")

    def test_exemption_for_missing_person(self) -> None:
        """An exemption naming nobody in the org says so."""
        ex = Exemption(rule="ONE_OVER_ONE", id="NOPE", reason="left")
        (f,) = validate(example(), Policy(exemptions=[ex])).filter(code="UNUSED_EXEMPTION")
        assert f.ids == ()
        assert "'NOPE' is not in the org" in f.message

    def test_custom_rule_error_has_note(self) -> None:
        """A custom rule that raises keeps its traceback, with a note naming the rule."""

        @rule(code="BROKEN")
        def broken(ctx: Context) -> Iterator[Finding]:
            raise ZeroDivisionError("oops")

        with pytest.raises(ZeroDivisionError) as info:
            validate(example(), Policy(rules=[broken]))
        assert any("BROKEN" in note for note in info.value.__notes__)

    def test_custom_rule_must_yield_findings(self) -> None:
        """A rule yielding something else is a clear TypeError."""

        @rule(code="WRONG")  # type: ignore[arg-type]
        def wrong(ctx: Context) -> Iterator[str]:
            yield "not a finding"

        with pytest.raises(TypeError, match="yields Finding records"):
            validate(example(), Policy(rules=[wrong]))

    def test_finding_outside_rule(self) -> None:
        """ctx.finding only works while a rule runs."""
        ctx = Context(example(), Policy())
        with pytest.raises(RuntimeError):
            ctx.finding(0, message="x")

    def test_context_shared_data(self) -> None:
        """The context exposes spans, levels, ranks, layers and children by index."""
        org = example()
        ctx = Context(org, Policy())
        i = ctx.index("P013")
        assert ctx.spans[i] == 12
        assert ctx.levels[i] == "DIRECTOR"
        assert ctx.ranks[i] == 4
        assert ctx.layers[i] == 4
        assert len(ctx.children(i)) == 12
        assert ctx.who(ctx.index("P050")) == "open role P050 (Product Manager)"
        assert ctx.column("no such field") is None


# ----------------------------------------------------------------------------- properties


@st.composite
def trees(draw: st.DrawFn) -> Org:
    """A clean tree: each new person reports to someone already drawn."""
    n = draw(st.integers(min_value=1, max_value=40))
    titles = ["CPO", "VP of Product", "Head of Product", "Director of Product", "Sr. PM", "PM"]
    people = [pos("0", "Root", "CPO")]
    for k in range(1, n):
        manager = draw(st.integers(min_value=0, max_value=k - 1))
        people.append(
            pos(
                str(k),
                draw(st.sampled_from(["Ana", "Bo", None, "Zoë <b>"])),
                draw(st.sampled_from(titles)),
                str(manager),
                products=draw(st.lists(st.sampled_from(["A", "B", "C"]), max_size=2)),
                years_experience=draw(st.none() | st.floats(0, 12)),
            )
        )
    return Org(people)


class TestProperties:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(trees())
    def test_clean_tree_has_no_structure_findings(self, org: Org) -> None:
        """A generated tree has no data problems, so no structure findings."""
        report = validate(org)
        assert not report.filter(
            code=[r.code for r in BUILTIN_RULES.values() if r.group == "structure"]
        )

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(trees())
    def test_sorted_and_stable(self, org: Org) -> None:
        """Findings are sorted; JSON is byte-identical across runs."""
        report = validate(org)
        keys = [(-f.severity.rank, f.row is None, f.row or 0, f.code, f.ids) for f in report]
        assert keys == sorted(keys)
        assert report.to_json() == validate(org).to_json()

    @settings(max_examples=40, deadline=None)
    @given(trees())
    def test_findings_name_known_people(self, org: Org) -> None:
        """Every id a finding names is a position of the org."""
        for f in validate(org):
            assert all(i in org for i in f.ids)


def test_rule_is_frozen() -> None:
    """Rules are frozen records."""
    r = BUILTIN_RULES["ONE_OVER_ONE"]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        r.code = "X"  # type: ignore[misc]
    assert isinstance(r, Rule)
