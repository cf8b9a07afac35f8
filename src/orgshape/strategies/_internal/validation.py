"""The argument checks of the public strategies: each raises InvalidArgument at once.

Hypothesis's own style: a bad argument fails when the strategy is made, not in the
middle of a test run, and the message shows the bad value and what is allowed.
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from orgshape._ladder import DEFAULT_LADDER, Ladder
from orgshape._problems import FATAL_CODES
from orgshape.exceptions import PolicyError
from orgshape.rules import BUILTIN_RULES, Policy

__all__ = [
    "check_breakable",
    "check_choice",
    "check_flag",
    "check_ladder",
    "check_size",
    "check_strategy",
    "resolve",
    "rule_code",
]


def check_size(min_size: object, max_size: object, *, least: int = 0) -> tuple[int, int]:
    """``min_size`` and ``max_size`` as integers of at least ``least``, in order."""
    for name, value in (("min_size", min_size), ("max_size", max_size)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidArgument(f"{name}={value!r} must be an integer")
        if value < least:
            raise InvalidArgument(f"{name}={value!r} must be at least {least}")
    assert isinstance(min_size, int)
    assert isinstance(max_size, int)
    if min_size > max_size:
        raise InvalidArgument(f"min_size={min_size!r} is larger than max_size={max_size!r}")
    return min_size, max_size


def check_flag(name: str, value: object) -> bool:
    """A boolean option (``1`` or ``"yes"`` is refused, not read as true)."""
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be True or False")
    return value


def check_choice(name: str, value: object, allowed: tuple[str, ...]) -> str:
    """One of a few strings."""
    if value not in allowed:
        shown = " or ".join(repr(a) for a in allowed)
        raise InvalidArgument(f"{name}={value!r} must be {shown}")
    assert isinstance(value, str)
    return value


def check_ladder(ladder: object) -> Ladder:
    """The ladder given, or the product ladder for None."""
    if ladder is None:
        return DEFAULT_LADDER
    if not isinstance(ladder, Ladder):
        raise InvalidArgument(f"ladder={ladder!r} must be an orgshape.Ladder or None")
    return ladder


def check_strategy(name: str, value: object) -> st.SearchStrategy[object] | None:
    """A Hypothesis strategy, or None."""
    if value is not None and not isinstance(value, st.SearchStrategy):
        raise InvalidArgument(f"{name}={value!r} must be a Hypothesis strategy or None")
    return value


def resolve(ladder: object, policy: object) -> tuple[Ladder, Policy]:
    """The ladder and policy to build with, checked against each other."""
    if policy is None:
        policy = Policy()
    elif not isinstance(policy, Policy):
        raise InvalidArgument(f"policy={policy!r} must be an orgshape.rules.Policy or None")
    given = None if ladder is None else check_ladder(ladder)
    if given is not None and policy.ladder is not None and given != policy.ladder:
        raise InvalidArgument(
            "ladder= and policy.ladder are different ladders; give one of them (the policy "
            "judges levels with its own ladder)"
        )
    chosen = given if given is not None else policy.ladder or DEFAULT_LADDER
    try:
        policy.resolve(chosen)
    except PolicyError as err:
        raise InvalidArgument(f"the policy does not fit the ladder: {err}") from None
    return chosen, policy


def rule_code(rule: object) -> str:
    """The code of a built-in rule named by code or kebab-case name."""
    if not isinstance(rule, str):
        raise InvalidArgument(f"rule={rule!r} must be a rule code or name (a string)")
    for code, r in BUILTIN_RULES.items():
        if rule in (r.code, r.name):
            return code
    raise InvalidArgument(
        f"rule={rule!r} is not a built-in rule (known: {', '.join(BUILTIN_RULES)}; or their "
        "kebab-case names); orgs_breaking() breaks built-in rules only"
    )


def check_breakable(code: str, policy: Policy) -> None:
    """Refuse a rule no Org can break: a load-stopping problem, or a rule not run."""
    if code in FATAL_CODES:
        raise InvalidArgument(
            f"{code} stops a load (reading raises DataError even with strict=False), so no "
            "Org holds it; test it with files or with messy_tables()"
        )
    if code not in {r.code for r in policy.selected_rules()}:
        raise InvalidArgument(f"the policy does not run {code} (see its select and ignore)")
