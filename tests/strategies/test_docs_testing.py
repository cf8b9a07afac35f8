"""The Hypothesis examples of docs/testing.md, run as tests (the same code as the page)."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from orgshape.rules import BUILTIN_RULES, Policy, Severity, rule, validate
from orgshape.strategies import orgs, orgs_breaking


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
