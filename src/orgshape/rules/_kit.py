"""What the built-in rule modules share: the registry, the per-validation memo, helpers.

The built-in rules live in several modules by family (``_builtin`` for structure,
ladder, spans, layers, vacancies, portfolio and people; ``_team`` for team mix); each
registers its rules here with :func:`builtin`, and ``_builtin`` orders them by group
into :data:`~orgshape.rules.BUILTIN_RULES`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any, Final, TypeVar

from orgshape._model import Position
from orgshape.rules._finding import Finding
from orgshape.rules._rule import Context, Example, Rule, rule

__all__ = ["GROUP_ORDER", "REGISTRY", "builtin", "memo", "person", "plural", "pm_mask"]

_T = TypeVar("_T")

#: Every built-in rule, in the order its module registered it.
REGISTRY: list[Rule] = []

#: The order of the rule families in the reference and in ``BUILTIN_RULES``.
GROUP_ORDER: Final = (
    "structure",
    "ladder",
    "spans",
    "layers",
    "vacancies",
    "portfolio",
    "people",
    "team-mix",
    "policy",
)


def builtin(
    *, code: str, severity: str, group: str, hint: str, example: Example | None = None
) -> Callable[[Callable[[Context], Iterator[Finding]]], Rule]:
    """Register a built-in rule (the same :func:`rule` decorator, plus the registry)."""

    def decorate(check: Callable[[Context], Iterator[Finding]]) -> Rule:
        made = rule(code=code, severity=severity, hint=hint, group=group, example=example)(check)
        REGISTRY.append(made)
        return made

    return decorate


def memo(fn: Callable[[Context], _T]) -> Callable[[Context], _T]:
    """Compute ``fn(ctx)`` once per validation and share it between rules."""

    @functools.wraps(fn)
    def shared(ctx: Context) -> _T:
        return ctx.shared(fn)

    return shared


def person(
    id: str, name: str | None, title: str, manager: str | None = None, **fields: Any
) -> Position:
    """A position for a rule's example org."""
    return Position(id=id, name=name, title=title, manager=manager, **fields)


def plural(n: float, word: str) -> str:
    """``plural(1, "PM")`` is ``"1 PM"``, ``plural(2, "PM")`` is ``"2 PMs"``.

    Examples:
        >>> plural(1, "PM"), plural(2, "PM"), plural(2.5, "year")
        ('1 PM', '2 PMs', '2.5 years')
    """
    shown = f"{n:g}" if isinstance(n, float) else str(n)
    return f"{shown} {word}" if n == 1 else f"{shown} {word}s"


@memo
def pm_mask(ctx: Context) -> list[bool]:
    """True for each position at a PM level (the policy's ``pm_levels``)."""
    pm = ctx.pm_levels
    return list(map(pm.__contains__, ctx.levels))
