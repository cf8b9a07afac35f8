"""Impact: the people a proposal touches, the seats it removes and who is left without one.

A person is affected when their solid-line manager, the leader above them at an impact
level (by default the VP and the Head of Product), or their layer changes. Each is
compared through the match key, so that with ``key="email"`` a manager with another id
but the same email is the same manager. The leader at a level is the nearest position
above a person on that level, found for everyone in one top-down pass per level.

A displaced person (their seat removed, opened or given to someone else) goes to a
seat where their name newly appears in the proposal (an added seat, or one that
changes hands); nowhere means the bench.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from orgshape.changes import Affected, Displaced, Impact, RemovedSeat

if TYPE_CHECKING:
    from orgshape._diff._match import Matched, Side
    from orgshape._storage import OrgView

__all__ = ["DEFAULT_LEVELS", "impact"]

#: The levels whose leaders are compared by default.
DEFAULT_LEVELS = ("VP", "HEAD")


def _leaders(view: OrgView, level: str) -> list[int]:
    """For each position, the nearest position above it on ``level`` (-1: none)."""
    return view.nearest_above(list(map(operator.eq, view.levels, itertools.repeat(level))))


def _manager_keys(side: Side, rows: list[int]) -> list[str | None]:
    """The match key of each row's manager (see ``Side.manager_key``)."""
    if side.raw:
        managers = side.org.view.managers
        return [managers[r] for r in rows]
    return list(map(side.manager_key, rows))


def _leader_keys(side: Side, leaders: list[int], rows: list[int]) -> list[str | None]:
    """The match key of each row's leader (None: no leader at that level)."""
    keys = side.keys
    return [keys[k] if k >= 0 else None for k in map(leaders.__getitem__, rows)]


def impact(matched: Matched, levels: Sequence[str]) -> Impact:
    """The impact of :meth:`Diff.impact` (levels checked by the caller)."""
    old, new = matched.old, matched.new
    a, b = old.org.view, new.org.view
    pair = matched.pair
    leaders_a = [_leaders(a, level) for level in levels]
    leaders_b = [_leaders(b, level) for level in levels]
    la, lb = a.layers, b.layers
    # the people in both orgs (the same name in a matched seat), then what changed for
    # them, compared column by column (C-level maps), records only for the affected
    rows_new = [j for j, i in enumerate(pair) if i is not None]
    rows_old = cast("list[int]", list(map(pair.__getitem__, rows_new)))
    names = list(map(b.names.__getitem__, rows_new))
    same = list(map(operator.eq, map(a.names.__getitem__, rows_old), names))
    stay = [
        k for k, (name, ok) in enumerate(zip(names, same, strict=True)) if ok and name is not None
    ]
    js = list(map(rows_new.__getitem__, stay))
    is_ = list(map(rows_old.__getitem__, stay))
    changed = [
        list(map(operator.ne, _manager_keys(old, is_), _manager_keys(new, js))),
        *(
            list(map(operator.ne, _leader_keys(old, la_, is_), _leader_keys(new, lb_, js)))
            for la_, lb_ in zip(leaders_a, leaders_b, strict=True)
        ),
        list(map(operator.ne, map(la.__getitem__, is_), map(lb.__getitem__, js))),
    ]
    people: list[Affected] = []
    for k in itertools.compress(range(len(js)), map(any, zip(*changed, strict=True))):
        r, q = is_[k], js[k]  # (old row, new row)
        people.append(
            Affected(
                id=b.ids[q],
                name=b.names[q],
                manager_changed=changed[0][k],
                leader_changed=any(c[k] for c in changed[1:-1]),
                layer_changed=changed[-1][k],
                old_manager=a.managers[r],
                new_manager=b.managers[q],
                old_leaders=tuple(a.ids[x[r]] if x[r] >= 0 else None for x in leaders_a),
                new_leaders=tuple(b.ids[x[q]] if x[q] >= 0 else None for x in leaders_b),
                old_layer=la[r],
                new_layer=lb[q],
            )
        )

    # where people newly appear: added seats and seats that change hands
    arrivals: dict[str, int] = {}
    for j, i in enumerate(pair):
        name = b.names[j]
        if name is not None and (i is None or a.names[i] != name):
            arrivals.setdefault(name, j)
    back = {i: j for j, i in enumerate(pair) if i is not None}

    def displaced(i: int, *, removed: bool) -> Displaced:
        name = a.names[i]
        assert name is not None
        to = arrivals.get(name)
        return Displaced(
            name=name,
            seat=a.ids[i],
            title=a.titles[i],
            seat_removed=removed,
            destination=b.ids[to] if to is not None else None,
            destination_title=b.titles[to] if to is not None else None,
        )

    removed: list[RemovedSeat] = []
    out: list[Displaced] = []
    for i in range(len(a)):
        kept = back.get(i)
        if kept is None:
            team = [k for k in a.children(i) if k in back]
            gone = displaced(i, removed=True) if a.names[i] is not None else None
            removed.append(
                RemovedSeat(
                    id=a.ids[i],
                    name=a.names[i],
                    title=a.titles[i],
                    level=a.levels[i],
                    destination=gone.destination if gone is not None else None,
                    team=tuple(a.ids[k] for k in team),
                    team_managers=tuple(b.managers[back[k]] for k in team),
                )
            )
            if gone is not None:
                out.append(gone)
        elif a.names[i] is not None and a.names[i] != b.names[kept]:
            out.append(displaced(i, removed=False))
    return Impact(
        levels=tuple(levels), people=tuple(people), removed=tuple(removed), displaced=tuple(out)
    )
