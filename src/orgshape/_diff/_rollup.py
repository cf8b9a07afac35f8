"""Roll-ups: every leader's org (headcount, vacancies, cost, span) before and after.

One bottom-up pass per org sums each position's whole team (itself included) in the
order managers come before their reports, reversed; grouped by function or level, each
manager's sums are a small dictionary merged into its manager's. Linear in the number
of positions (times the number of groups), without recursion.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

from orgshape.changes import Rollup, Rollups

if TYPE_CHECKING:
    from orgshape._diff._match import Matched
    from orgshape._storage import OrgView

__all__ = ["BY", "By", "rollups"]

#: What a roll-up can be broken down by.
BY: Final = ("function", "level")
By: TypeAlias = Literal["function", "level"] | None

# per group: [positions, vacancies, cost]
_Sums: TypeAlias = dict[str | None, list[Any]]


def _costs(view: OrgView) -> list[float] | None:
    """Each position's known cost (0.0 when unknown); None when the org has no costs."""
    raw = view.field("cost")
    if raw is None:
        return None
    if set(map(type, raw)) <= {float, type(None)}:  # the usual case, checked in C
        costs = [0.0 if c is None else c for c in raw]
        if all(map(math.isfinite, costs)):  # (not fsum: it raises on a sum past the floats)
            return costs
    return [
        float(c)
        if isinstance(c, int | float) and not isinstance(c, bool) and math.isfinite(c)
        else 0.0
        for c in raw
    ]


def _groups(view: OrgView, by: By) -> Sequence[str | None]:
    if by is None:
        return [None] * len(view)
    if by == "level":
        return view.levels
    functions = view.field("function")
    return functions if functions is not None else [None] * len(view)


def _totals(view: OrgView, wanted: Collection[int]) -> dict[int, _Sums]:
    """The whole-team sums of the ``wanted`` positions: three flat columns, one pass."""
    n = len(view)
    heads = view.subtree_totals([1] * n)  # (over arrays with the columnar engine)
    open_ = view.subtree_totals(
        list(map(int, map(operator.is_, view.names, itertools.repeat(None))))
    )
    costs = _costs(view) or [0.0] * n
    if _whole(costs):  # every sum exact: the integer totals are the float sums, bit for bit
        totals: Sequence[float] = list(map(float, view.subtree_totals(list(map(int, costs)))))
    else:  # sums that round: added in the one order, bottom-up
        parent = view.parent
        for i in reversed(view.top_down):
            p = parent[i]
            if p >= 0:
                costs[p] += costs[i]
        totals = costs
    return {i: {None: [heads[i], open_[i], totals[i]]} for i in wanted}


def _whole(costs: list[float]) -> bool:
    """True when integer sums give the float sums of the costs bit for bit.

    Every cost is a whole number >= 0 (not -0.0 either: an integer has no sign of zero)
    and their total is below 2**53, so that every partial sum is exact in a float.
    """
    if not all(map(float.is_integer, costs)):  # (also: every cost is finite)
        return False
    if -1.0 in map(math.copysign, itertools.repeat(1.0), costs):
        return False
    try:
        return math.fsum(costs) < 2**53
    except OverflowError:  # a total past the largest float
        return False


def _sums(view: OrgView, by: By, wanted: Collection[int]) -> dict[int, _Sums]:
    """The team sums (the position included) of the ``wanted`` positions, by group."""
    if by is None:
        return _totals(view, wanted)
    groups = _groups(view, by)
    costs = _costs(view)
    names, parent = view.names, view.parent
    acc: dict[int, _Sums] = {}
    out: dict[int, _Sums] = {}
    for i in reversed(view.top_down):
        sums = acc.pop(i, None)
        g = groups[i]
        vacant = 1 if names[i] is None else 0
        cost = costs[i] if costs is not None else 0.0
        p = parent[i]
        if sums is None and i not in wanted:  # nobody below: straight into the manager's
            if p >= 0:
                up = acc.get(p)
                if up is None:
                    acc[p] = {g: [1, vacant, cost]}
                else:
                    w = up.get(g)
                    if w is None:
                        up[g] = [1, vacant, cost]
                    else:
                        w[0] += 1
                        w[1] += vacant
                        w[2] += cost
            continue
        if sums is None:
            sums = {}
        own = sums.get(g)
        if own is None:
            sums[g] = [1, vacant, cost]
        else:
            own[0] += 1
            own[1] += vacant
            own[2] += cost
        if i in wanted:
            out[i] = {k: list(v) for k, v in sums.items()}
        if p >= 0:
            up = acc.get(p)
            if up is None:
                acc[p] = sums
            else:
                for k, v in sums.items():
                    w = up.get(k)
                    if w is None:
                        up[k] = v
                    else:
                        w[0] += v[0]
                        w[1] += v[1]
                        w[2] += v[2]
    return out


def _order(groups: set[str | None], by: By, names: Sequence[str]) -> list[str | None]:
    if by == "level":
        rank = {name: k for k, name in enumerate(names)}
        return sorted(
            groups,
            key=lambda g: (g is None, g not in rank, rank.get(g, 0) if g else 0, g or ""),
        )
    return sorted(groups, key=lambda g: (g is None, g or ""))


def rollups(
    matched: Matched,
    *,
    by: By = None,
    max_depth: int | None = None,
    levels: Collection[str] | None = None,
) -> Rollups:
    """The roll-up table of :meth:`Diff.rollups` (arguments checked by the caller)."""
    old, new = matched.old, matched.new
    a, b = old.org.view, new.org.view
    pair = matched.pair
    kept = {i for i in pair if i is not None}

    def chosen(view: OrgView, k: int) -> bool:
        return (
            view.spans[k] > 0
            and (max_depth is None or view.layers[k] <= max_depth)
            and (levels is None or view.levels[k] in levels)
        )

    leaders_b: list[int] = []
    for j in b.top_down:
        i = pair[j]
        if chosen(b, j) or (i is not None and chosen(a, i)):
            leaders_b.append(j)
    leaders_a = [i for i in a.top_down if i not in kept and chosen(a, i)]
    sums_b = _sums(b, by, set(leaders_b))
    sums_a = _sums(
        a, by, {i for i in (pair[j] for j in leaders_b) if i is not None} | set(leaders_a)
    )
    has_cost_a, has_cost_b = a.field("cost") is not None, b.field("cost") is not None
    ladder_names = new.org.ladder.names
    rows: list[Rollup] = []

    def add(view: OrgView, k: int, old_i: int | None, new_j: int | None) -> None:
        before = sums_a.get(old_i) if old_i is not None else None
        after = sums_b.get(new_j) if new_j is not None else None
        base: dict[str, Any] = {
            "id": view.ids[k],
            "name": view.names[k],
            "title": view.titles[k],
            "level": view.levels[k],
            "layer": view.layers[k],
        }
        present = {*(before or ()), *(after or ())}
        groups = [None] if by is None else _order(present, by, ladder_names)
        for g in groups:
            was = before.get(g, [0.0, 0.0, 0.0]) if before is not None else None
            now = after.get(g, [0.0, 0.0, 0.0]) if after is not None else None
            rows.append(
                Rollup(
                    **base,
                    group=g,
                    old_headcount=int(was[0]) if was is not None else None,
                    new_headcount=int(now[0]) if now is not None else None,
                    old_vacancies=int(was[1]) if was is not None else None,
                    new_vacancies=int(now[1]) if now is not None else None,
                    old_cost=was[2] if was is not None and has_cost_a else None,
                    new_cost=now[2] if now is not None and has_cost_b else None,
                    old_span=a.spans[old_i] if by is None and old_i is not None else None,
                    new_span=b.spans[new_j] if by is None and new_j is not None else None,
                )
            )

    for j in leaders_b:
        add(b, j, pair[j], j)
    for i in leaders_a:
        add(a, i, i, None)
    return Rollups(by=by, rows=tuple(rows))
