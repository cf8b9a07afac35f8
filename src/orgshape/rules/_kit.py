"""What the built-in rule modules share: the registry, the per-validation memo, helpers.

The built-in rules live in several modules by family (``_builtin`` for structure,
ladder, spans, layers, vacancies, portfolio and people; ``_team`` for team mix); each
registers its rules here with :func:`builtin`, and ``_builtin`` orders them by group
into :data:`~orgshape.rules.BUILTIN_RULES`.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, TypeVar

from orgshape._model import Position, vacant_seats
from orgshape.rules._arrays import arrays
from orgshape.rules._finding import Finding
from orgshape.rules._rule import Context, Example, Rule, indices_of, rule

__all__ = [
    "GROUP_ORDER",
    "REGISTRY",
    "at_level",
    "builtin",
    "level_codes",
    "memo",
    "person",
    "plural",
    "pm_mask",
    "product_counts_past",
    "product_layers",
    "product_scope",
    "vacancy_orgs",
    "vacant",
]

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


@memo
def _on_level(ctx: Context) -> dict[str | None, list[int]]:
    return {}


@memo
def level_codes(ctx: Context) -> tuple[list[str | None], Any]:
    """Each position's level as a small int over the org's arrays: (the levels, codes).

    Only called when :func:`~orgshape.rules._arrays.arrays` is not None.
    """
    fast = arrays(ctx)
    assert fast is not None
    names = list(set(ctx.levels))
    code = {level: k for k, level in enumerate(names)}
    codes = fast.np.fromiter(map(code.__getitem__, ctx.levels), dtype=fast.np.int64, count=fast.n)
    return names, codes


def at_level(ctx: Context, level: str | None) -> list[int]:
    """Indices of the positions on ``level`` (None: unknown), in order; shared by rules."""
    cache = _on_level(ctx)
    found = cache.get(level)
    if found is None:
        fast = arrays(ctx)
        if fast is None:
            found = indices_of(ctx.levels, level)
        else:
            names, codes = level_codes(ctx)
            on = names.index(level) if level in names else -1
            found = fast.np.flatnonzero(codes == on).tolist() if on >= 0 else []
        cache[level] = found
    return found


def product_counts_past(
    ctx: Context,
    products: Sequence[Sequence[str]],
    limits: Mapping[str, int],
    past: Callable[[int, int], bool],
) -> Iterator[tuple[str, int, int]]:
    """The positions whose number of products is past their level's limit.

    Yields (level, limit, index) for the levels of ``limits`` on the ladder (in name
    order), each position where ``past(limit, count)`` holds, in order.
    """
    for level, limit in sorted(limits.items()):
        if level not in ctx.ladder:
            continue
        on_level = at_level(ctx, level)
        counts = map(len, map(products.__getitem__, on_level))
        for i in itertools.compress(on_level, map(past, itertools.repeat(limit), counts)):
            yield level, limit, i


@memo
def vacant(ctx: Context) -> list[bool]:
    """True for each vacant seat (an open role)."""
    return vacant_seats(ctx.view)


@memo
def product_scope(ctx: Context) -> list[bool] | None:
    """The product part of a file whose top is not a product person; None: all of it.

    A whole-company export has a CEO at the top: the product part is every product
    person (see :attr:`Context.product_mask`) and everyone below them. None when the
    one top is a product person, when the org has several tops (fragments of a file
    with data problems), no function data, or nobody in product.
    """
    if ctx.functions is None:
        return None
    product = ctx.product_mask
    tops = ctx.view.tops
    if len(tops) != 1 or product[tops[0]] or True not in product:
        return None  # a product top, a forest of fragments, or nobody in product
    parent = ctx.parent
    scope = [False] * len(product)
    for i in ctx.order:
        p = parent[i]
        scope[i] = product[i] or (p >= 0 and scope[p])
    return scope


@memo
def product_layers(ctx: Context) -> Sequence[int]:
    """Layers counted from the top of the product part (0 outside it); else the org's."""
    scope = product_scope(ctx)
    if scope is None:
        return ctx.layers
    parent = ctx.parent
    out = [0] * len(scope)
    for i in ctx.order:
        if scope[i]:
            p = parent[i]
            out[i] = out[p] + 1 if p >= 0 and scope[p] else 1
    return out


@memo
def vacancy_orgs(ctx: Context) -> list[int]:
    """The managers whose whole org is mostly open roles (``VACANCY_SHARE``), top-most.

    An org qualifies when it is deeper than the manager's direct reports, more than
    ``max_vacancy_share`` of its seats (assistants left out) are open, and at least
    two teams below the manager's own are mostly open themselves (one mostly open team
    is ``HIGH_VACANCY_SHARE``'s alone).
    Only the top-most manager of nested qualifying orgs is listed: they are one fact.
    """
    open_seats = vacant(ctx)
    if True not in open_seats:
        return []
    assistants = ctx.assistants
    counted = None if assistants is None else list(map(operator.not_, assistants))
    holes = open_seats if counted is None else list(map(operator.and_, open_seats, counted))
    threshold = ctx.policy.max_vacancy_share
    spans = ctx.spans
    parent = ctx.parent
    chain = ctx.view.chain
    # the mostly open teams (HIGH_VACANCY_SHARE's), and how many are below each manager:
    # open roles are few, so each one's chain is walked rather than every position
    open_direct = Counter(parent[i] for i in indices_of(holes, True))
    del open_direct[-1]
    mostly = {p for p, k in open_direct.items() if k / spans[p] > threshold}
    teams_below = Counter(itertools.chain.from_iterable(map(chain, mostly)))
    candidates = {i for i, k in teams_below.items() if k >= 2}
    if not candidates:
        return []
    seats, opened, ordered = _vacancy_counts(ctx, counted, indices_of(holes, True), candidates)
    out: list[int] = []
    flagged: set[int] = set()
    for i in ordered:
        below = seats[i] - (counted is None or counted[i])
        if spans[i] == 0 or below <= spans[i]:
            continue
        if opened[i] / below <= threshold:
            continue
        if flagged.intersection(chain(i)):
            continue  # inside an org already listed: one fact
        flagged.add(i)
        out.append(i)
    return out


def _vacancy_counts(
    ctx: Context, counted: list[bool] | None, holes: list[int], candidates: set[int]
) -> tuple[Mapping[int, int], Mapping[int, int], Iterable[int]]:
    """The counted seats and the open roles below, of each candidate manager.

    Returns:
        (each candidate's counted seats, its whole team included; the open roles
        below each candidate; the candidates in top-down order).
    """
    fast = arrays(ctx)
    order = ctx.order
    if fast is not None:
        np = fast.np
        chosen = np.asarray(sorted(candidates), dtype=np.int64)
        ones = np.ones(fast.n, dtype=np.int64) if counted is None else fast.mask(counted)
        open_roles = np.zeros(fast.n, dtype=np.int64)
        open_roles[holes] = 1
        picked = chosen.tolist()
        seats = fast.subtree_totals(ones.astype(np.int64))[chosen].tolist()
        below = fast.subtree_totals(open_roles)[chosen] - open_roles[chosen]
        return (
            dict(zip(picked, seats, strict=True)),
            dict(zip(picked, below.tolist(), strict=True)),
            fast.in_order(chosen).tolist(),
        )
    every = [1] * len(ctx.ids) if counted is None else list(map(int, counted))
    totals = ctx.subtree_totals(every)
    opened_below = Counter(itertools.chain.from_iterable(map(ctx.view.chain, holes)))
    if isinstance(order, range):
        ordered: Iterable[int] = sorted(candidates)
    else:
        marked = [False] * len(ctx.ids)
        for i in candidates:
            marked[i] = True
        ordered = itertools.compress(order, map(marked.__getitem__, order))
    return {i: totals[i] for i in candidates}, opened_below, ordered
