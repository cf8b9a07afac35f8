"""Which positions a chart draws: focus, depth limit, collapsed teams and ghosts.

Glossary:
    scope: the positions the chart is about: the team below ``root``, or the whole org.
    visible node: a box the chart draws: a position of the scope that is not hidden
        below a collapsed one, or a ghost (a removed seat).
    collapsed: a drawn position whose team is hidden; ``hidden`` counts the positions
        below it (its "+N" badge).
    only: with ``ChartOptions.only``, just the positions named and their managers'
        chains are drawn; a drawn manager's ``hidden`` then counts the people below
        it that are not drawn (the teams of its reports who are left out).

Everything here is iterative (breadth-first), so a 100,000-deep chain is fine.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from orgshape.exceptions import InputError

if TYPE_CHECKING:
    from orgshape._model import Org, Position
    from orgshape.render._options import ChartOptions

__all__ = ["VisibleTree", "visible_tree"]


class VisibleTree:
    """The drawn part of an org; node ``v`` is ``0 .. len-1`` in breadth-first order.

    Attributes:
        src: the org row index of each node, or ``-1 - k`` for ghost ``k``.
        parent: the drawn manager (``-1`` for a top node).
        kids: the drawn reports, in org order, ghosts last.
        depth: the layer in the chart (1 for a top node).
        hidden: positions hidden below a collapsed node (0 when expanded).
        reports: whether the position has any report in the org (drawn or not).
        assistant: whether the position is an assistant.
        tops: the top nodes, in order.
        scope_size: positions in the scope (the focused team or the org).
        layer_sizes: positions per layer of the scope (index 0 is layer 1).
        team: the team size below each node in the org (0 for a ghost).
        scope: the org rows of the scope, breadth-first (managers before reports).
    """

    __slots__ = (
        "assistant",
        "depth",
        "hidden",
        "kids",
        "layer_sizes",
        "parent",
        "reports",
        "scope",
        "scope_size",
        "src",
        "team",
        "tops",
    )

    def __init__(self, *, scope_size: int, layer_sizes: list[int]) -> None:
        self.src: list[int] = []
        self.parent: list[int] = []
        self.kids: list[list[int]] = []
        self.depth: list[int] = []
        self.hidden: list[int] = []
        self.reports: list[bool] = []
        self.assistant: list[bool] = []
        self.tops: list[int] = []
        self.team: list[int] = []
        self.scope: list[int] = []
        self.scope_size = scope_size
        self.layer_sizes = layer_sizes

    def __len__(self) -> int:
        return len(self.src)

    def position(self, org: Org, ghosts: tuple[Position, ...], v: int) -> Position:
        """The position drawn as node ``v``."""
        s = self.src[v]
        return org.at(s) if s >= 0 else ghosts[-1 - s]


def visible_tree(org: Org, options: ChartOptions) -> VisibleTree:
    """Work out which positions the chart draws.

    Raises:
        UnknownPositionError: ``root`` or a ``collapse`` id is not in the org.
        InputError: a ghost's ``under`` names neither a position nor a ghost, or ghosts
            form a loop.
    """
    n = len(org)
    start, kids_csr = org.view.child_index()
    roots = [org.index(options.root)] if options.root is not None else list(org.view.tops)
    collapse = {org.index(i) for i in options.collapse}

    # the scope, breadth-first, with depths and team sizes
    rel_depth = [0] * n
    order: list[int] = []
    for r in roots:
        rel_depth[r] = 1
        order.append(r)
    k = 0
    while k < len(order):
        i = order[k]
        k += 1
        d = rel_depth[i] + 1
        for c in kids_csr[start[i] : start[i + 1]]:
            rel_depth[c] = d
            order.append(c)
    size = [1] * n
    parent_idx = org.view.parent
    for i in reversed(order):
        p = parent_idx[i]
        if p >= 0:
            size[p] += size[i]
    layer_sizes: list[int] = []
    for i in order:
        d = rel_depth[i]
        if d > len(layer_sizes):
            layer_sizes.append(0)
        layer_sizes[d - 1] += 1

    keep: list[bool] | None = None
    if options.only is not None:
        # the positions asked for and their managers' chains, within the scope
        keep = [False] * n
        for id_ in options.only:
            i = org.index(id_)
            while i >= 0 and rel_depth[i] and not keep[i]:
                keep[i] = True
                i = parent_idx[i] if rel_depth[i] > 1 else -1
        for r in roots:
            keep[r] = True
    assistants = org.view.field("assistant")
    max_depth = options.max_depth
    tree = VisibleTree(scope_size=len(order), layer_sizes=layer_sizes)
    tree.scope = order
    queue: deque[tuple[int, int, int]] = deque((r, -1, 1) for r in roots)
    expanded: dict[int, int] = {}  # org index -> node, for expanded nodes only
    while queue:
        i, p, d = queue.popleft()
        children = kids_csr[start[i] : start[i + 1]]
        is_assistant = bool(assistants[i]) if assistants is not None else False
        v = _add(tree, i, p, d, team=size[i] - 1, reports=bool(children), assistant=is_assistant)
        if children and ((max_depth is not None and d >= max_depth) or i in collapse):
            tree.hidden[v] = size[i] - 1
            continue
        expanded[i] = v
        if keep is not None:
            shown = [c for c in children if keep[c]]
            tree.hidden[v] = sum(size[c] for c in children if not keep[c])
            children = shown
        queue.extend((c, v, d + 1) for c in children)
    if options.ghosts:
        _add_ghosts(org, options, expanded, tree)
    return tree


def _add(
    tree: VisibleTree,
    source: int,
    parent: int,
    layer: int,
    *,
    team: int,
    reports: bool,
    assistant: bool,
) -> int:
    v = len(tree.src)
    tree.src.append(source)
    tree.parent.append(parent)
    tree.kids.append([])
    tree.depth.append(layer)
    tree.hidden.append(0)
    tree.reports.append(reports)
    tree.assistant.append(assistant)
    tree.team.append(team)
    if parent >= 0:
        tree.kids[parent].append(v)
    else:
        tree.tops.append(v)
    return v


def _add_ghosts(
    org: Org, options: ChartOptions, expanded: dict[int, int], tree: VisibleTree
) -> None:
    ghosts = options.ghosts
    ghost_index: dict[str, int] = {}
    for g, ghost in enumerate(ghosts):
        ghost_index.setdefault(ghost.position.id, g)
    index = org.view.index
    # where each ghost goes: ("node", v), ("ghost", g), ("top", -1) or ("drop", -1)
    attach: list[tuple[str, int]] = []
    for ghost in ghosts:
        under = ghost.under
        if under is None:
            attach.append(("top", -1))
        elif under in index:
            v = expanded.get(index[under], -1)
            attach.append(("node", v) if v >= 0 else ("drop", -1))
        elif under in ghost_index:
            attach.append(("ghost", ghost_index[under]))
        else:
            msg = (
                f"ghost {ghost.position.id!r} is under {under!r}, which is neither a "
                "position of the org nor another ghost"
            )
            raise InputError(msg)
    below: dict[int, list[int]] = {}
    for g, (kind, target) in enumerate(attach):
        if kind == "ghost":
            below.setdefault(target, []).append(g)
    reached = [False] * len(ghosts)
    dropped: list[int] = []
    queue: deque[tuple[int, int, int]] = deque()
    for g, (kind, target) in enumerate(attach):
        if kind == "drop":
            reached[g] = True
            dropped.append(g)
        elif kind == "top":
            queue.append((g, -1, 1))
        elif kind == "node":
            queue.append((g, target, tree.depth[target] + 1))
    max_depth = options.max_depth
    while queue:
        g, p, d = queue.popleft()
        reached[g] = True
        if max_depth is not None and d > max_depth:
            dropped.append(g)
            continue
        v = _add(tree, -1 - g, p, d, team=0, reports=bool(below.get(g)), assistant=False)
        queue.extend((c, v, d + 1) for c in below.get(g, ()))
    # the team of a dropped ghost is dropped with it
    while dropped:
        g = dropped.pop()
        for c in below.get(g, ()):
            reached[c] = True
            dropped.append(c)
    for g, done in enumerate(reached):
        if not done:
            msg = f"ghosts loop: ghost {ghosts[g].position.id!r} is (indirectly) under itself"
            raise InputError(msg)
