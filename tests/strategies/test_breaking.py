"""Orgs that break one rule (orgshape.strategies.orgs_breaking) break it alone."""

from __future__ import annotations

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from orgshape._problems import FATAL_CODES
from orgshape.rules import Exemption, Policy, validate
from orgshape.strategies import orgs_breaking
from tests.strategies.policies import BREAKABLE, COMPANIONS, POLICIES, breaking, codes


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
    def test_a_second_root_outside_product_comes_alone(self, org):
        """MULTIPLE_ROOTS alone: a second top outside product is no WRONG_ROOT_LEVEL."""
        assert codes(org, Policy()) == {"MULTIPLE_ROOTS"}

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
