"""The public Hypothesis strategies keep their promises (orgshape.strategies)."""

from __future__ import annotations

import csv
import functools
import io
from collections import Counter
from typing import Any

import attrs
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import orgshape
from orgshape import Ladder, Level, Org
from orgshape._problems import FATAL_CODES
from orgshape.rules import BUILTIN_RULES, Exemption, Policy, Severity, rule, validate
from orgshape.strategies import messy_tables, orgs, orgs_breaking, titles

GROUP_PM = Level(name="GROUP_PM", label="Group PM", titles=("Group Product Manager", "GPM"))
GROUP_LADDER = Ladder.default().with_levels(GROUP_PM, below="DIRECTOR")
DESIGN_LADDER = Ladder.default().with_levels(
    Level(name="DESIGNER", label="Product Designer", rank=5, function="design")
)

#: Policies the strategies are checked against: the default and some unusual ones.
POLICIES: dict[str, Policy] = {
    "default": Policy(),
    "narrow": Policy(
        exemptions=[Exemption(rule="one-over-one", id="P999", reason="a stale exemption")],
        max_level_gap=1,
        max_layers=5,
        max_vacancy_share=0.0,
        spans={"DIRECTOR": (5, 12), "SENIOR_PM": (2, 3)},
        promotion_years=6,
    ),
    "catalogue": Policy(products=("Search", "Checkout", "Payouts")),
    "group-pm": Policy(
        ladder=GROUP_LADDER,
        root_level="VP",
        spans={"GROUP_PM": (2, 6)},
        min_products={"GROUP_PM": 3},
        exemptions=[Exemption(rule="level-skip", id="P999", reason="a stale exemption")],
    ),
    "ranks": Policy(
        ladder=DESIGN_LADDER,
        ic_levels=("PM", "SENIOR_PM"),
        min_engineers=1,
        exemptions=[Exemption(rule="cycle", id="P999", reason="a stale exemption")],
    ),
}

#: find() settings to check that an example exists at all (no shrinking needed).
FIND_ANY = settings(max_examples=1000, database=None, phases=[Phase.generate])

BREAKABLE = [code for code in BUILTIN_RULES if code not in FATAL_CODES]
#: What a break cannot come without (documented in orgs_breaking).
COMPANIONS = {
    "MULTIPLE_ROOTS": {"WRONG_ROOT_LEVEL"},
    "NO_ROOT": {"UNKNOWN_MANAGER", "UNREACHABLE"},
    "UNREACHABLE": {"UNKNOWN_MANAGER"},
}


@functools.cache
def valid_orgs(policy: str) -> st.SearchStrategy[Org]:
    return orgs(policy=POLICIES[policy], max_size=25)


@functools.cache
def breaking(code: str, policy: str) -> st.SearchStrategy[Org]:
    return orgs_breaking(code, policy=POLICIES[policy], max_size=30)


def codes(org: Org, policy: Policy, code: str = "") -> set[str]:
    """The codes found, less the infos of exemptions a valid org never uses."""
    found = {f.code for f in validate(org, policy)}
    return found if code == "UNUSED_EXEMPTION" else found - {"UNUSED_EXEMPTION"}


class TestOrgs:
    @pytest.mark.parametrize("policy", list(POLICIES))
    @given(data=st.data())
    def test_generated_orgs_pass_their_policy(self, policy, data):
        """Every built-in rule is silent on an org made for the policy."""
        org = data.draw(valid_orgs(policy))
        report = validate(org, POLICIES[policy])
        assert codes(org, POLICIES[policy]) == set(), str(report)
        assert not org.problems
        assert 1 <= len(org) <= 25

    @given(orgs(min_size=5, max_size=9))
    def test_sizes_stay_within_bounds(self, org):
        """min_size and max_size bound the number of positions."""
        assert 5 <= len(org) <= 9

    @given(orgs(max_size=30))
    def test_ids_follow_row_order_with_managers_first(self, org):
        """Ids are P1, P2... in row order, and every manager comes before their reports."""
        ids = [p.id for p in org]
        assert ids == [f"P{k}" for k in range(1, len(org) + 1)]
        seen: set[str] = set()
        for p in org:
            assert p.manager is None or p.manager in seen
            seen.add(p.id)

    @given(
        orgs(
            max_size=30,
            vacancies=False,
            assistants=False,
            dotted_lines=False,
            products=False,
            experience=False,
        )
    )
    def test_features_can_be_turned_off(self, org):
        """With every feature off: no open roles, assistants, dotted lines, products or years."""
        for p in org:
            assert p.name is not None
            assert not p.assistant
            assert not p.dotted_line
            assert not p.products
            assert p.years_experience is None

    @given(orgs(max_size=30, policy=POLICIES["catalogue"]))
    def test_catalogue_products_have_one_filled_owner(self, org):
        """Each catalogue product is owned by exactly one filled PM-level seat."""
        owners = Counter(product for p in org for product in p.products)
        for product in POLICIES["catalogue"].products:
            assert owners[product] == 1
            (owner,) = [p for p in org if product in p.products]
            assert owner.name is not None
            assert owner.level in ("PM", "SENIOR_PM")

    @given(orgs(max_size=15, names=st.just("Zoë \u202e<b>")))
    def test_names_come_from_the_given_strategy(self, org):
        """``names=`` supplies every filled seat's name."""
        assert {p.name for p in org} - {None} == {"Zoë \u202e<b>"}
        assert not validate(org).findings

    @given(orgs(ladder=GROUP_LADDER, max_size=20))
    def test_a_custom_ladder_is_used(self, org):
        """Titles and levels come from the given ladder, and the org carries it."""
        assert org.ladder == GROUP_LADDER
        assert all(p.level in GROUP_LADDER.names for p in org if not p.assistant)
        assert not validate(org).findings

    def test_orgs_shrink_to_a_cpo_and_two_vps(self):
        """The smallest org of three is the CPO and two VPs, with plain titles and names."""
        org = find(orgs(), lambda org: len(org) >= 3)
        assert [(p.id, p.name, p.title, p.manager) for p in org] == [
            ("P1", "Ana Lima", "CPO", None),
            ("P2", "Bo Chen", "VP Product", "P1"),
            ("P3", "Cy Diaz", "VP Product", "P1"),
        ]

    def test_an_open_role_shrinks_to_a_team_of_two(self):
        """The smallest org with an open role: a CPO, a VP and an open VP seat."""
        org = find(orgs(max_size=20), lambda org: bool(org.vacancies))
        assert len(org) == 3
        assert [(p.id, p.req) for p in org.vacancies] == [("P3", "REQ-3")]

    def test_a_deep_org_shrinks_to_one_chain_of_teams(self):
        """The smallest org with five layers has just the teams five layers need."""
        org = find(orgs(max_size=30), lambda org: max(org.layer(p.id) for p in org) >= 5)
        assert len(org) == 9  # CPO, 2 VPs, 2 Directors... each manager with two reports
        assert not validate(org).findings


class TestOrgsBreaking:
    @pytest.mark.parametrize("code", [c for c in BREAKABLE if c != "UNUSED_EXEMPTION"])
    @given(data=st.data())
    def test_each_rule_breaks_alone(self, code, data):
        """The org triggers the rule and no other finding (bar implied companions)."""
        org = data.draw(breaking(code, "default"))
        found = codes(org, POLICIES["default"], code)
        assert code in found
        assert found - {code} <= COMPANIONS.get(code, set())
        assert 1 <= len(org) <= 30

    @pytest.mark.parametrize("policy", ["narrow", "group-pm", "ranks"])
    @pytest.mark.parametrize("code", BREAKABLE)
    @settings(max_examples=10)
    @given(data=st.data())
    def test_each_rule_breaks_alone_under_other_policies(self, policy, code, data):
        """The same holds under unusual ladders, thresholds and exemptions."""
        org = data.draw(breaking(code, policy))
        found = codes(org, POLICIES[policy], code)
        assert code in found
        assert found - {code} <= COMPANIONS.get(code, set())

    @given(orgs_breaking("MULTIPLE_ROOTS", max_size=10))
    def test_a_second_root_comes_with_its_wrong_level(self, org):
        """MULTIPLE_ROOTS is joined by exactly WRONG_ROOT_LEVEL (a documented companion)."""
        assert codes(org, Policy()) == {"MULTIPLE_ROOTS", "WRONG_ROOT_LEVEL"}

    def test_breaking_an_exemption_needs_one(self):
        """UNUSED_EXEMPTION breaks with a policy that has an exemption for a rule it runs."""
        policy = Policy(exemptions=[Exemption(rule="one-over-one", id="P9", reason="ramp-up")])
        org = find(orgs_breaking("unused-exemption", policy=policy), lambda org: True)
        assert [f.code for f in validate(org, policy)] == ["UNUSED_EXEMPTION"]

    def test_exempted_ids_are_never_used_for_the_break(self):
        """The added seats avoid ids the policy exempts, so the finding is not silenced."""
        policy = Policy(exemptions=[Exemption(rule="one-over-one", id="X1", reason="ramp-up")])
        org = find(orgs_breaking("ONE_OVER_ONE", policy=policy), lambda org: True)
        assert {f.code for f in validate(org, policy)} == {"ONE_OVER_ONE", "UNUSED_EXEMPTION"}

    def test_rules_are_named_by_code_or_name(self):
        """A kebab-case name works as well as the code."""
        org = find(orgs_breaking("span-above-range", max_size=20), lambda org: True)
        assert codes(org, Policy()) == {"SPAN_ABOVE_RANGE"}

    def test_a_break_shrinks_to_a_small_readable_org(self):
        """The smallest one-over-one is the CPO, a chief of staff and one analyst."""
        org = find(orgs_breaking("ONE_OVER_ONE"), lambda org: True)
        assert [(p.id, p.title, p.manager) for p in org] == [
            ("P1", "CPO", None),
            ("X1", "Chief of Staff", "P1"),
            ("X2", "Operations Analyst", "X1"),
        ]

    @pytest.mark.parametrize("code", sorted(FATAL_CODES))
    def test_problems_that_stop_a_load_cannot_be_in_an_org(self, code):
        """EMPTY_INPUT, YAML_FORBIDDEN... are refused with a reason."""
        with pytest.raises(InvalidArgument, match="stops a load"):
            orgs_breaking(code)


class TestMessyTables:
    @given(messy_tables())
    def test_a_lenient_read_keeps_every_record(self, rows):
        """Records load leniently with one position per row; strict loads raise DataError."""
        org = orgshape.read(rows, strict=False)
        assert len(org) == len(rows)
        validate(org)  # the report of a messy org is made without error
        if org.problems:
            with pytest.raises(orgshape.DataError) as raised:
                orgshape.read(rows)
            assert raised.value.problems == org.problems
        else:
            assert orgshape.read(rows) == org

    @given(messy_tables(format="csv"))
    def test_a_lenient_read_keeps_every_csv_row(self, text):
        """CSV text loads leniently with one position per data row."""
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
        org = orgshape.read(io.StringIO(text), format="csv", strict=False)
        assert len(org) == len(rows) - 1
        assert all(p.row is None or p.row >= 2 for p in org.problems)

    @given(messy_tables(min_size=3, max_size=4, extra_columns=False))
    def test_sizes_and_columns(self, rows):
        """min_size/max_size bound the rows; the columns are id, name, title, manager_id."""
        assert 3 <= len(rows) <= 4
        assert all(list(row) == ["id", "name", "title", "manager_id"] for row in rows)

    @pytest.mark.parametrize(
        "mess",
        [
            lambda rows: len({r["id"] for r in rows}) < len(rows),  # a duplicate id
            lambda rows: any(r["id"].startswith("0") for r in rows),  # leading zeros
            lambda rows: any(r["id"] != r["id"].strip() for r in rows),  # whitespace
            lambda rows: any(r["manager_id"] == "999" for r in rows),  # an orphan
            lambda rows: any(r["manager_id"] == r["id"] != "" for r in rows),  # self-manager
            lambda rows: any(r["name"] in ("NA", "null") for r in rows),  # NA strings
            lambda rows: any(r["title"] == "Group Product Manager" for r in rows),
        ],
    )
    def test_the_mess_is_there(self, mess):
        """Each kind of mess the docs promise turns up."""
        find(messy_tables(), mess, settings=FIND_ANY)

    def test_a_loop_turns_up(self):
        """Some tables have reporting loops."""
        org = find(
            messy_tables(extra_columns=False).map(lambda rows: orgshape.read(rows, strict=False)),
            lambda org: any(p.code == "CYCLE" for p in org.problems),
            settings=FIND_ANY,
        )
        assert len(org) >= 2


class TestTitles:
    @given(st.sampled_from(Ladder.default().names).flatmap(lambda level: st.tuples(
        st.just(level), titles(level))))  # fmt: skip
    def test_each_title_maps_back_to_its_level(self, pair):
        """The ladder reads every generated title as the level it was made for."""
        level, title = pair
        assert Ladder.default().level_of(title) == level

    @given(titles(ladder=GROUP_LADDER))
    def test_any_level_of_a_custom_ladder(self, title):
        """Without a level, titles of every level of the given ladder come out."""
        assert GROUP_LADDER.level_of(title) is not None

    def test_variants_include_hr_spellings(self):
        """Abbreviations, grades and qualifiers appear, and shrink to the plainest one."""
        assert find(titles("SENIOR_PM"), lambda t: "Sr." in t) == "Sr. PM"
        assert find(titles("PM"), lambda t: "," in t) == "PM, Payments"


def _call(factory: Any, *args: Any, **kwargs: Any) -> None:
    factory(*args, **kwargs)


class TestArgumentValidation:
    @pytest.mark.parametrize(
        ("factory", "kwargs", "message"),
        [
            (orgs, {"min_size": 0}, "min_size=0 must be at least 1"),
            (orgs, {"min_size": 5, "max_size": 2}, "larger than max_size"),
            (orgs, {"max_size": 2.5}, "must be an integer"),
            (orgs, {"min_size": True}, "must be an integer"),
            (orgs, {"policy": {"max_layers": 3}}, "must be an orgshape.rules.Policy"),
            (orgs, {"ladder": "default"}, "must be an orgshape.Ladder"),
            (orgs, {"vacancies": 1}, "must be True or False"),
            (orgs, {"names": ["Ana"]}, "must be a Hypothesis strategy"),
            (orgs, {"ladder": GROUP_LADDER, "policy": Policy(ladder=DESIGN_LADDER)}, "different"),
            (orgs, {"policy": Policy(spans={"GROUP_PM": (2, 5)})}, "unknown level 'GROUP_PM'"),
            (
                orgs,
                {"min_size": 2, "max_size": 2, "assistants": False},
                "no org of 2 to 2 positions",
            ),
            (orgs, {"policy": Policy(max_layers=1), "min_size": 2}, "possible sizes up to 50: 1$"),
            (messy_tables, {"format": "xml"}, "must be 'records' or 'csv'"),
            (messy_tables, {"min_size": 0}, "at least 1"),
            (messy_tables, {"ladder": 3}, "must be an orgshape.Ladder"),
            (titles, {"level": "BOSS"}, "not on the ladder"),
            (titles, {"ladder": "x"}, "must be an orgshape.Ladder"),
        ],
    )
    def test_bad_arguments_are_refused_eagerly(self, factory, kwargs, message):
        """Bad arguments raise InvalidArgument when the strategy is made, naming the value."""
        with pytest.raises(InvalidArgument, match=message):
            factory(**kwargs)

    @pytest.mark.parametrize(
        ("rule_name", "kwargs", "message"),
        [
            ("NOPE", {}, "not a built-in rule"),
            (3, {}, "must be a rule code or name"),
            ("span-above-range", {"policy": Policy(ignore=["spans"])}, "does not run"),
            ("SPAN_ABOVE_RANGE", {"max_size": 5}, "too small|no org"),
            ("HIGH_VACANCY_SHARE", {"policy": Policy(max_vacancy_share=1)}, "open roles only"),
            ("PM_ENGINEER_RATIO", {"policy": Policy(max_layers=4)}, "needs 5 layers"),
            ("SPAN_BELOW_RANGE", {"policy": Policy(spans={"HEAD": (2, 8), "DIRECTOR": (2, 8)})},
             "minimum span of 3"),
        ],
    )  # fmt: skip
    def test_rules_that_cannot_break_say_why(self, rule_name, kwargs, message):
        """orgs_breaking refuses rules it cannot break alone, and says why."""
        with pytest.raises(InvalidArgument, match=message):
            orgs_breaking(rule_name, **kwargs)


# --------------------------------------------------------------------------- docs/testing.md
# The same code as the Hypothesis examples of docs/testing.md, run here.


@rule(code="OPEN_PM_WITHOUT_REQ", severity="warning", hint="open a requisition for the seat")
def open_pm_without_req(ctx):
    """An open PM seat needs an open requisition, or nobody is hiring for it."""
    reqs = ctx.column("req")
    for i in ctx.indices(level="PM"):
        if ctx.names[i] is None and (reqs is None or not reqs[i]):
            yield ctx.finding(i, message=f"{ctx.who(i)} has no open requisition")


POLICY = Policy(rules=[open_pm_without_req], spans={"DIRECTOR": (3, 10)})
DOC_BREAKABLE = [code for code in BUILTIN_RULES if code not in {
    "EMPTY_INPUT", "MISSING_COLUMN", "AMBIGUOUS_MAPPING", "NESTING_TOO_DEEP",
    "YAML_FORBIDDEN", "INPUT_TOO_LARGE",  # they stop a load: no Org holds them
    "UNUSED_EXEMPTION",                   # needs a policy with exemptions
}]  # fmt: skip


class TestDocsTesting:
    @given(orgs(policy=POLICY))
    def test_valid_orgs_pass_my_rule(self, org):
        """A well-formed org (open seats have a req) passes the custom rule."""
        assert validate(org, POLICY).ok
        assert not validate(org, POLICY).filter(code="OPEN_PM_WITHOUT_REQ")

    @given(orgs(policy=POLICY, min_size=8), st.data())
    def test_my_rule_finds_an_open_pm_without_req(self, org, data):
        """Dropping the req of an open PM seat makes the rule name that seat, and only it."""
        open_pms = [p for p in org.vacancies if p.level == "PM"]
        if not open_pms:
            return
        seat = data.draw(st.sampled_from(open_pms))
        broken = org.replace(attrs.evolve(seat, req=None))
        report = validate(broken, POLICY)
        assert [f.id for f in report] == [seat.id]
        assert report[0].severity is Severity.WARNING

    @given(st.sampled_from(DOC_BREAKABLE).flatmap(
        lambda code: orgs_breaking(code, policy=POLICY, max_size=20)))  # fmt: skip
    def test_my_rule_stays_quiet_on_other_problems(self, org):
        """Orgs broken in any built-in way never trip the custom rule."""
        assert not validate(org, POLICY).filter(code="OPEN_PM_WITHOUT_REQ")

    @given(orgs_breaking("span-above-range", policy=POLICY))
    def test_director_spans_are_capped_at_ten(self, org):
        """The policy's own thresholds are the ones broken and reported."""
        (finding,) = validate(org, POLICY)
        manager = org[finding.id]
        assert org.span(manager.id) > POLICY.spans[manager.level][1]
