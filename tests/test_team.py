"""Team mix, the product part of a file, and the capacity rules, through the public API.

The rules: PM_ENGINEER_RATIO and PARTNER_COVERAGE per team (area column, solid and
dotted lines), DOTTED_LINE_OVERLOAD, PRODUCT_SCOPE, PORTFOLIO_OVERLOAD, VACANCY_SHARE.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgshape import Org, Position, validate
from orgshape.rules import BUILTIN_RULES, Finding, Policy


def pos(id: str, title: str, manager: str | None = None, **fields: Any) -> Position:
    fields.setdefault("name", f"Person {id}")
    return Position(id=id, title=title, manager=manager, **fields)


def run(org: Org, code: str, **policy: Any) -> list[Finding]:
    """The findings of one rule (only that rule selected)."""
    return list(validate(org, Policy(select=[code], **policy)))


def squads(engineers: dict[str, int], pms: dict[str, int], *, dotted: bool = True) -> Org:
    """A product org with squads in an area column; engineers report in engineering."""
    people = [
        pos("CPO", "Chief Product Officer", function="Product Management"),
        pos("D", "Director of Product", "CPO", function="Product Management"),
        pos("VPE", "VP of Engineering", "CPO", function="Software Engineering"),
        pos("HD", "Head of Design", "CPO", function="Design"),
    ]
    for area, count in pms.items():
        people += [
            pos(f"{area}-PM{k}", "Product Manager", "D", function="Product", area=area)
            for k in range(count)
        ]
        lead = f"{area}-PM0"
        people.append(
            pos(
                f"{area}-UX",
                "Product Designer",
                "HD",
                function="UX",
                dotted_line=(lead,) if dotted else (),
                area=None if dotted else area,
            )
        )
    for area, count in engineers.items():
        people.append(pos(f"{area}-EM", "Engineering Manager", "VPE", function="R&D", area=area))
        people += [
            pos(f"{area}-E{k}", "Software Engineer", f"{area}-EM", function="R&D")
            for k in range(count)
        ]
    return Org(people)


class TestPmEngineerRatio:
    def test_judged_per_area(self):
        """Engineers in their own function count for the squad named in their area."""
        org = squads({"Billing": 25, "Routing": 7}, {"Billing": 1, "Routing": 1})
        (f,) = run(org, "PM_ENGINEER_RATIO")
        assert f.ids == ("Billing-PM0",)
        assert f.severity == "warning"
        assert "the Billing team has 1 PM" in f.message
        assert "25 engineers (26 with their managers): 25.0 engineers per PM" in f.message

    def test_too_few_engineers_per_pm(self):
        """Three PMs for six engineers is reported, naming every PM of the team."""
        org = squads({"Data": 6}, {"Data": 3})
        (f,) = run(org, "PM_ENGINEER_RATIO")
        assert set(f.ids) == {"Data-PM0", "Data-PM1", "Data-PM2"}

    @settings(max_examples=30, deadline=None)
    @given(pms=st.integers(1, 4), engineers=st.integers(0, 45))
    def test_flagged_exactly_outside_the_range(self, pms, engineers):
        """A team is flagged exactly when it has 5+ engineers and is outside 1:5–1:10."""
        org = squads({"A": engineers}, {"A": pms})
        flagged = engineers >= 5 and not 5 <= engineers / pms <= 10
        assert bool(run(org, "PM_ENGINEER_RATIO")) is flagged

    def test_dotted_line_engineers_count(self):
        """An engineer without an area counts for the team of their dotted-line manager."""
        people = [
            pos("H", "Head of Product", function="product"),
            pos("P", "Product Manager", "H", function="product", area="Search"),
            pos("EM", "Engineering Manager", function="engineering", dotted_line=("P",)),
        ]
        people += [pos(f"E{k}", "Engineer", "EM", function="engineering") for k in range(12)]
        (f,) = run(Org(people, strict=False), "PM_ENGINEER_RATIO")
        assert f.id == "P"


class TestPartnerCoverage:
    def test_designer_by_dotted_line_covers_the_team(self):
        """Designers report in design; a dotted line to the squad's PM is coverage."""
        org = squads({}, {"Routing": 1, "Fleet": 2})
        assert run(org, "PARTNER_COVERAGE") == []

    def test_designer_by_area_covers_the_team(self):
        """A designer whose area is the squad covers it, without any dotted line."""
        org = squads({}, {"Routing": 1}, dotted=False)
        assert run(org, "PARTNER_COVERAGE") == []

    def test_a_squad_without_designer(self):
        """A squad nobody designs for is reported, naming its PMs."""
        org = squads({}, {"Routing": 1, "Portal": 1})
        people = [p for p in org if p.id != "Portal-UX"]
        (f,) = run(Org(people), "PARTNER_COVERAGE")
        assert f.ids == ("Portal-PM0",)
        assert "no design partner" in f.message

    def test_pms_per_designer(self):
        """Six PMs sharing one designer is more than the default five."""
        org = squads({}, {"Big": 6})
        (f,) = run(org, "PARTNER_COVERAGE")
        assert "at most 5 PMs per design partner" in f.message
        assert (
            run(org, "PARTNER_COVERAGE", coverage={"design": {"level": "HEAD", "max_pms": 6}}) == []
        )

    def test_central_design_team_not_judged(self):
        """Designers in a central team with no area or dotted line say nothing per team."""
        people = [
            pos("CPO", "Chief Product Officer", function="product"),
            pos("H", "Head of Product", "CPO", function="product"),
            pos("P1", "Product Manager", "H", function="product"),
            pos("P2", "Product Manager", "H", function="product"),
            pos("HD", "Head of Design", "CPO", function="design"),
            pos("U", "Product Designer", "HD", function="design"),
        ]
        assert run(Org(people), "PARTNER_COVERAGE") == []

    def test_product_ops_presence(self):
        """Ten PMs in two or more teams and nobody in product ops: one finding, at the top."""
        org = squads({}, {"A": 5, "B": 5})
        (f,) = [f for f in run(org, "PARTNER_COVERAGE") if "product operations" in f.message]
        assert f.id == "CPO"
        with_ops = Org([*org, pos("OPS", "Product Ops Manager", "CPO", function="Product Ops")])
        assert not [f for f in run(with_ops, "PARTNER_COVERAGE") if "operations" in f.message]


class TestDottedLineOverload:
    def test_three_dotted_managers(self):
        """Three dotted-line managers is an overload; two is not."""
        people = [pos("1", "Director of Product", function="product")]
        people += [pos(f"P{k}", "Product Manager", "1", function="product") for k in range(3)]
        two = pos("X", "Data Analyst", "1", function="data", dotted_line=("P0", "P1"))
        assert run(Org([*people, two]), "DOTTED_LINE_OVERLOAD") == []
        three = pos("X", "Data Analyst", "1", function="data", dotted_line=("P0", "P1", "P2"))
        (f,) = run(Org([*people, three]), "DOTTED_LINE_OVERLOAD")
        assert f.ids == ("X", "P0", "P1", "P2")
        assert "3 dotted-line managers" in f.message

    def test_partner_across_four_squads(self):
        """A designer with an area and three dotted lines to other squads serves four teams."""
        org = squads({}, {"A": 1, "B": 1, "C": 1, "D": 1})
        people = [p for p in org if not p.id.endswith("-UX")]
        people.append(
            pos(
                "UX",
                "Senior Product Designer",
                "HD",
                function="design",
                area="A",
                dotted_line=("B-PM0", "C-PM0", "D-PM0"),
            )
        )
        (f,) = run(Org(people), "DOTTED_LINE_OVERLOAD")
        assert f.id == "UX"
        assert "partners 4 teams (A, B, C, D)" in f.message

    def test_central_partner_of_two_leaders(self):
        """Product ops partnering two Directors by dotted line is not spread thin."""
        people = [
            pos("CPO", "Chief Product Officer", function="product"),
            pos("D1", "Director of Product", "CPO", function="product"),
            pos("D2", "Director of Product", "CPO", function="product"),
        ]
        for d in ("D1", "D2"):
            people += [
                pos(f"{d}-{k}", "Product Manager", d, function="product", area=f"{d}{k}")
                for k in range(3)
            ]
        people.append(
            pos("O", "Product Ops", "CPO", function="product_ops", dotted_line=("D1", "D2"))
        )
        assert run(Org(people), "DOTTED_LINE_OVERLOAD") == []


def company(outside: int) -> Org:
    """A CEO, a small product org under a CPO, and ``outside`` people in sales."""
    people = [
        pos("CEO", "Chief Executive Officer", department="Executive"),
        pos("CPO", "Chief Product Officer", "CEO", department="Product Management"),
        pos("PM1", "Product Manager", "CPO", department="Product Management"),
        pos("PM2", "Product Manager", "CPO", department="Product Management"),
        pos("VPS", "VP of Sales", "CEO", department="Sales"),
    ]
    people += [pos(f"S{k}", "Account Executive", "VPS", department="Sales") for k in range(outside)]
    return Org(people)


class TestProductScope:
    def test_said_once_when_most_is_outside(self):
        """A whole-company file gets one note naming the product org's top."""
        (f,) = run(company(20), "PRODUCT_SCOPE")
        assert f.ids == ("CPO",)
        assert f.severity == "info"
        assert "22 of the 25 people (88%) are outside the product organisation" in f.message

    def test_no_note_when_product_is_most(self):
        """No note when the product part is most of the file."""
        assert run(company(1), "PRODUCT_SCOPE") == []

    def test_only_the_product_part_is_judged(self):
        """The CEO at the top and the sales org are not judged by the product ladder."""
        report = validate(company(20))
        assert report.filter(code="PRODUCT_SCOPE")
        assert {f.id for f in report} <= {"CPO", "PM1", "PM2"}

    def test_layers_counted_from_the_product_top(self):
        """The CEO's layer does not count against the product org's layer cap."""
        people = [pos("CEO", "Chief Executive Officer", department="Executive")]
        titles = ["Chief Product Officer", "VP of Product", "Head of Product"]
        titles += ["Director of Product", "Senior Product Manager", "Product Manager"]
        manager = "CEO"
        for k, title in enumerate(titles):
            people.append(pos(f"L{k}", title, manager, department="Product"))
            manager = f"L{k}"
        people += [pos(f"S{k}", "Account Executive", "CEO", department="Sales") for k in range(9)]
        assert run(Org(people), "TOO_MANY_LAYERS") == []


class TestPortfolioOverload:
    def test_a_pm_with_too_many_products(self):
        """A PM holding four products is over the default three."""
        org = Org(
            [
                pos("1", "Director of Product"),
                pos("2", "Product Manager", "1", products=("A", "B", "C", "D")),
                pos("3", "Product Manager", "1", products=("E", "F", "G")),
                pos("4", "Senior Product Manager", "1", products=("H", "I", "J")),
            ]
        )
        (f,) = run(org, "PORTFOLIO_OVERLOAD")
        assert f.ids == ("2",)
        assert "holds 4 products (A, B, C, D); a PM holds at most 3" in f.message

    @given(st.integers(0, 12), st.integers(1, 8))
    def test_flagged_exactly_above_the_maximum(self, held, most):
        """A PM is flagged exactly when they hold more than the policy's maximum."""
        org = Org(
            [
                pos("1", "Director of Product"),
                pos("2", "Product Manager", "1", products=tuple(f"P{k}" for k in range(held))),
            ]
        )
        found = run(org, "PORTFOLIO_OVERLOAD", max_products={"PM": most})
        assert bool(found) is (held > most)


def hiring_plan() -> Org:
    """A Head whose org is 6 of 10 seats open, though only 1 of 3 direct reports is."""
    return Org(
        [
            pos("ROOT", "Chief Product Officer"),
            pos("H", "Head of Product", "ROOT"),
            pos("G1", "Group Product Manager", "H"),
            pos("G2", "Director of Product", "H", name=None),
            pos("PM", "Product Manager", "H"),
            pos("a", "Product Manager", "G1"),
            pos("b", "Product Manager", "G1", name=None),
            pos("c", "Product Manager", "G1", name=None),
            pos("d", "Product Manager", "G1", name=None),
            pos("e", "Product Manager", "G2", name=None),
            pos("f", "Product Manager", "G2", name=None),
            pos("R2", "Head of Product", "ROOT"),
            *[pos(f"r{k}", "Product Manager", "R2") for k in range(3)],
        ],
        strict=False,
    )


class TestVacancyShare:
    def test_whole_subtree(self):
        """Six of ten seats open below the Head: one finding at the Head, naming the seats."""
        (f,) = run(hiring_plan(), "VACANCY_SHARE")
        assert f.id == "H"
        assert set(f.ids[1:]) == {"G2", "b", "c", "d", "e", "f"}
        assert "6 of the 9 seats below" in f.message or "6 of the 10 seats below" in f.message

    def test_nested_teams_are_the_same_fact(self):
        """The mostly open teams inside are not reported again as HIGH_VACANCY_SHARE."""
        report = validate(hiring_plan(), Policy(select=["vacancies"]))
        assert not report.filter(code="HIGH_VACANCY_SHARE")
        alone = validate(hiring_plan(), Policy(select=["HIGH_VACANCY_SHARE"]))
        assert {f.id for f in alone} == {"G1", "G2"}

    def test_one_open_team_is_not_an_org(self):
        """A single mostly open team is HIGH_VACANCY_SHARE's, not VACANCY_SHARE's."""
        org = Org(
            [
                pos("1", "Head of Product"),
                pos("2", "Director of Product", "1"),
                pos("3", "Product Manager", "2", name=None),
                pos("4", "Product Manager", "2", name=None),
                pos("5", "Product Manager", "2"),
            ]
        )
        assert run(org, "VACANCY_SHARE") == []
        assert [f.id for f in run(org, "HIGH_VACANCY_SHARE")] == ["2"]


@pytest.mark.parametrize("code", ["DOTTED_LINE_OVERLOAD", "PRODUCT_SCOPE", "PORTFOLIO_OVERLOAD"])
def test_rules_are_registered(code):
    """The new rules are built-in rules with a hint and an example that triggers them."""
    r = BUILTIN_RULES[code]
    assert r.hint
    assert r.rationale
    assert r.example is not None
    org = r.example()
    assert isinstance(org, Org)
    assert run(org, code)
