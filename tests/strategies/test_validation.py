"""Arguments are checked when a strategy is made, and the package exports its names only."""

from __future__ import annotations

import pytest
from hypothesis.errors import InvalidArgument

import orgshape.strategies
from orgshape.rules import Policy
from orgshape.strategies import messy_tables, orgs, orgs_breaking, titles
from tests.strategies.policies import DESIGN_LADDER, GROUP_LADDER


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
            (orgs, {"policy": Policy(spans={"LEAD_PM": (2, 5)})}, "unknown level 'LEAD_PM'"),
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
            ("SPAN_BELOW_RANGE",
             {"policy": Policy(spans={"HEAD": (2, 8), "SENIOR_DIRECTOR": (2, 8),
                                      "DIRECTOR": (2, 8)})},
             "minimum span of 3"),
        ],
    )  # fmt: skip
    def test_rules_that_cannot_break_say_why(self, rule_name, kwargs, message):
        """orgs_breaking refuses rules it cannot break alone, and says why."""
        with pytest.raises(InvalidArgument, match=message):
            orgs_breaking(rule_name, **kwargs)


class TestExports:
    def test_all_is_exactly_the_public_names(self):
        """__all__ lists every public name of orgshape.strategies, and nothing else is public."""
        public = {
            name for name in dir(orgshape.strategies) if name[0] not in "_@"
        }  # @: pytest's assertion rewriting
        assert set(orgshape.strategies.__all__) == public
        assert orgshape.strategies.__all__ == sorted(orgshape.strategies.__all__)

    def test_the_public_names_are_defined_in_the_package(self):
        """The strategies are documented where users import them, not in _internal."""
        for name in orgshape.strategies.__all__:
            assert getattr(orgshape.strategies, name).__module__ == "orgshape.strategies"
