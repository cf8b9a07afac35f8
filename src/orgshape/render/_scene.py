"""What every output of one chart shares: the drawn nodes, flags, marks and layout.

Glossary:
    node: a drawn box (see :mod:`orgshape.render._tree`).
    flag: a finding attached to a drawn position (from ``highlight``).
    org-wide finding: a finding that names no position; the legend lists it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgshape._model import vacant_seats
from orgshape.render._labels import Labels, build_labels
from orgshape.render._layout import Layout, layout
from orgshape.render._options import SEVERITIES, severity_of
from orgshape.render._tree import VisibleTree, visible_tree

if TYPE_CHECKING:
    from orgshape._model import Org, Position
    from orgshape.render._options import ChartOptions

__all__ = ["Flag", "Scene"]

#: (severity, code, message) of one finding on one box.
Flag = tuple[str, str, str]


def _text(value: object) -> str:
    return str(getattr(value, "value", value))


class Scene:
    """The drawn part of an org and what is attached to it; labels and layout on demand."""

    def __init__(self, org: Org, options: ChartOptions) -> None:
        self.org = org
        self.options = options
        self.tree: VisibleTree = visible_tree(org, options)
        self.ghosts: tuple[Position, ...] = tuple(g.position for g in options.ghosts)
        #: whether each position's seat is vacant (a name unknown is not vacant)
        self.vacant: list[bool] = vacant_seats(org.view)
        tree = self.tree
        self.node_of: dict[int, int] = {s: v for v, s in enumerate(tree.src) if s >= 0}
        self.flags: dict[int, list[Flag]] = {}
        self.orgwide: list[Flag] = []
        index = org.view.index
        for finding in options.highlight:
            flag = (severity_of(finding), _text(finding.code), _text(finding.message))
            raw: object = finding.ids  # a lone id string is one id, not characters
            ids = [raw] if isinstance(raw, str) else [str(i) for i in finding.ids or ()]
            if not ids:
                self.orgwide.append(flag)
            for id_ in dict.fromkeys(ids):
                i = index.get(id_)
                v = self.node_of.get(i) if i is not None else None
                if v is not None:
                    self.flags.setdefault(v, []).append(flag)
        order = {s: k for k, s in enumerate(SEVERITIES)}
        for flags in self.flags.values():
            flags.sort(key=lambda f: order[f[0]])
        self.orgwide.sort(key=lambda f: order[f[0]])
        self.marks: dict[int, list[tuple[str, str]]] = {}
        styles = options.theme.marks
        for mark in options.marks:
            v = self.node_of.get(org.index(mark.id))
            if v is not None:
                note = mark.note if mark.note is not None else styles[mark.kind].label
                self.marks.setdefault(v, []).append((mark.kind, note))
        #: ladder index of each level name (for colours and classes)
        self.level_index: dict[str, int] = {n: k for k, n in enumerate(org.ladder.names)}
        self._labels: Labels | None = None
        self._layout: Layout | None = None

    def position(self, v: int) -> Position:
        """The position drawn as node ``v``."""
        return self.tree.position(self.org, self.ghosts, v)

    def level(self, v: int) -> str | None:
        """The level of node ``v``."""
        s = self.tree.src[v]
        return self.org.view.levels[s] if s >= 0 else self.ghosts[-1 - s].level

    def severity(self, v: int) -> str | None:
        """The worst severity flagged on node ``v``."""
        flags = self.flags.get(v)
        return flags[0][0] if flags else None

    @property
    def labels(self) -> Labels:
        """Box lines and size (built once; warns when lines are cut)."""
        if self._labels is None:
            self._labels = build_labels(self.org, self.tree, self.options, self.marks)
        return self._labels

    @property
    def layout(self) -> Layout:
        """Box and connector positions."""
        if self._layout is None:
            tree = self.tree
            labels = self.labels
            leaf = [
                not kids and not hidden and not reports
                for kids, hidden, reports in zip(tree.kids, tree.hidden, tree.reports, strict=True)
            ]
            self._layout = layout(
                tree.kids,
                tree.tops,
                leaf,
                tree.assistant,
                box_w=labels.width,
                box_h=labels.height,
                stack_leaves=self.options.stack_leaves,
                aspect=self.options.aspect,
                rows=self._rows() if self.options.align_levels else None,
            )
        return self._layout

    def _rows(self) -> list[int]:
        """The level row of each node, for ``align_levels``."""
        tree = self.tree
        ladder = self.org.ladder
        ranks: list[int | None] = []
        for v in range(len(tree)):
            level = self.level(v)
            ranks.append(ladder.rank(level) if level is not None and level in ladder else None)
        known = [r for r in (ranks[t] for t in tree.tops) if r is not None]
        base = min(known) if known else 0
        rows = [0] * len(tree)
        for v in range(len(tree)):
            p = tree.parent[v]
            rank = ranks[v]
            if p < 0:
                rows[v] = rank - base if rank is not None else 0
            elif tree.assistant[v] and not tree.kids[v]:
                rows[v] = rows[p]
            elif rank is None:
                rows[v] = rows[p] + 1
            else:
                rows[v] = max(rank - base, rows[p] + 1)
        return rows
