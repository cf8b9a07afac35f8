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

from collections.abc import Sequence
from typing import TYPE_CHECKING

from orgshape.changes import Affected, Displaced, Impact, RemovedSeat

if TYPE_CHECKING:
    from orgshape._diff._match import Matched, Side
    from orgshape._storage import OrgView

__all__ = ["DEFAULT_LEVELS", "impact"]

#: The levels whose leaders are compared by default.
DEFAULT_LEVELS = ("VP", "HEAD")


def _leaders(view: OrgView, level: str) -> list[int]:
    """For each position, the nearest position above it on ``level`` (-1: none)."""
    parent, levels = view.parent, view.levels
    out = [-1] * len(view)
    for i in view.top_down:
        p = parent[i]
        if p >= 0:
            out[i] = p if levels[p] == level else out[p]
    return out


def _key(side: Side, k: int) -> str | None:
    return side.keys[k] if k >= 0 else None


def impact(matched: Matched, levels: Sequence[str]) -> Impact:
    """The impact of :meth:`Diff.impact` (levels checked by the caller)."""
    old, new = matched.old, matched.new
    a, b = old.org.view, new.org.view
    pair = matched.pair
    leaders_a = [_leaders(a, level) for level in levels]
    leaders_b = [_leaders(b, level) for level in levels]
    la, lb = a.layers, b.layers
    people: list[Affected] = []
    for j, i in enumerate(pair):
        if i is None:
            continue
        name = b.names[j]
        if name is None or a.names[i] != name:
            continue  # an open role, or another person in the seat: not this person's move
        manager = old.manager_key(i) != new.manager_key(j)
        leader = any(
            _key(old, la_[i]) != _key(new, lb_[j])
            for la_, lb_ in zip(leaders_a, leaders_b, strict=True)
        )
        layer = la[i] != lb[j]
        if manager or leader or layer:
            people.append(
                Affected(
                    id=b.ids[j],
                    name=name,
                    manager_changed=manager,
                    leader_changed=leader,
                    layer_changed=layer,
                    old_manager=a.managers[i],
                    new_manager=b.managers[j],
                    old_leaders=tuple(a.ids[x[i]] if x[i] >= 0 else None for x in leaders_a),
                    new_leaders=tuple(b.ids[x[j]] if x[j] >= 0 else None for x in leaders_b),
                    old_layer=la[i],
                    new_layer=lb[j],
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
