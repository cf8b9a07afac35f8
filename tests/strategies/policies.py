"""Policies, ladders and helpers that the strategy tests share."""

from __future__ import annotations

import functools

from hypothesis import Phase, settings
from hypothesis import strategies as st

from orgshape import Ladder, Level, Org
from orgshape._problems import FATAL_CODES
from orgshape.rules import BUILTIN_RULES, Exemption, Policy, validate
from orgshape.strategies import orgs, orgs_breaking

#: A ladder of the user's own: the six levels of the brief, plus a Group PM level.
SIX_LADDER = Ladder(
    [Ladder.default()[name] for name in ("CPO", "VP", "HEAD", "DIRECTOR", "SENIOR_PM", "PM")]
)
GROUP_PM = Level(name="GROUP_PM", label="Group PM", titles=("Group Product Manager", "GPM"))
GROUP_LADDER = SIX_LADDER.with_levels(GROUP_PM, below="DIRECTOR")
DESIGN_LADDER = Ladder.default().with_levels(
    Level(
        name="DESIGNER",
        label="Product Designer",
        rank=Ladder.default().rank("PM"),
        function="design",
    )
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
    "NO_ROOT": {"UNKNOWN_MANAGER", "UNREACHABLE"},
    "UNREACHABLE": {"UNKNOWN_MANAGER"},
    "CREATED_FROM_EDGES": {"UNKNOWN_TITLE", "WRONG_ROOT_LEVEL"},
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
