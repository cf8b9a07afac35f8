"""What every output of one chart shares: the drawn nodes, flags, marks and layout.

Glossary:
    node: a drawn box (see :mod:`orgshape.render._tree`).
    flag: a finding attached to a drawn position (from ``highlight``).
    org-wide finding: a finding that names no position; the findings table lists it.
    number: every finding given gets a number, errors first, then warnings, then
        infos, each in the order given, counted over *all* the findings given (not only
        those in the drawn part): a number means the same finding on every page, slide
        and chart made from the same report.
    callout: the numbers shown on a box: the findings about the person, and those
        about people hidden below a collapsed box (so a collapsed view never hides
        one).
    representative: the drawn box that stands for a position: its own box, or the
        nearest drawn box above it (the collapsed box it is hidden behind).
    roll-up: what a collapsed box hides: positions, open roles and findings by
        severity, shown in its badge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from orgshape._model import vacant_seats
from orgshape.render._dotted import dotted_mode, dotted_pairs
from orgshape.render._labels import Labels, build_labels
from orgshape.render._layout import Layout, layout
from orgshape.render._options import SEVERITIES, severity_of
from orgshape.render._tree import VisibleTree, visible_tree

if TYPE_CHECKING:
    from orgshape._model import Org, Position
    from orgshape.render._options import ChartOptions

__all__ = ["Flag", "Numbered", "Scene"]

#: (severity, code, message) of one finding on one box.
Flag = tuple[str, str, str]


class Numbered:
    """One finding of the chart's scope, numbered.

    Attributes:
        number: its number (see the module docs).
        severity: ``"error"``, ``"warning"`` or ``"info"``.
        code: the rule code.
        message: the message.
        people: the rows of the org it names that are in the scope, in order.
        nodes: the drawn boxes that carry its number (representatives of ``people``).
    """

    __slots__ = ("code", "message", "nodes", "number", "people", "severity")

    def __init__(
        self,
        number: int,
        flag: Flag,
        people: list[int],
        nodes: list[int],
    ) -> None:
        self.number = number
        self.severity, self.code, self.message = flag
        self.people = people
        self.nodes = nodes


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
        self._number(order)
        self.marks: dict[int, list[tuple[str, str]]] = {}
        styles = options.theme.marks
        for mark in options.marks:
            v = self.node_of.get(org.index(mark.id))
            if v is not None:
                note = mark.note if mark.note is not None else styles[mark.kind].label
                self.marks.setdefault(v, []).append((mark.kind, note))
        #: dotted lines: how they are drawn, pairs of drawn boxes, undrawn managers
        self.dotted_mode = dotted_mode(self)
        pairs, undrawn = dotted_pairs(self) if self.dotted_mode != "none" else ([], {})
        self.dotted = pairs if self.dotted_mode == "route" else []
        view = org.view
        self.tags: dict[int, list[str]] = {}
        if self.dotted_mode == "tag":
            for m, v in pairs:
                self.tags.setdefault(v, []).append(self._name(self.tree.src[m]))
        for v, rows in undrawn.items():
            self.tags.setdefault(v, []).extend(self._name(i) for i in rows)
        del view
        #: ladder index of each level name (for colours and classes)
        self.level_index: dict[str, int] = {n: k for k, n in enumerate(org.ladder.names)}
        self._labels: Labels | None = None
        self._layout: Layout | None = None

    def _number(self, order: dict[str, int]) -> None:
        """Representatives, open roles hidden per box, and the numbered findings."""
        org, tree = self.org, self.tree
        view = org.view
        parent = view.parent
        rep = [-1] * len(view.ids)
        node_of = self.node_of
        #: open roles hidden below each collapsed (or partly drawn) box
        self.hidden_open: dict[int, int] = {}
        for i in tree.scope:
            v = node_of.get(i, -1)
            if v < 0:
                p = parent[i]
                v = rep[p] if p >= 0 else -1
                if v >= 0 and self.vacant[i]:
                    self.hidden_open[v] = self.hidden_open.get(v, 0) + 1
            rep[i] = v
        self.rep = rep
        #: the scope's findings, numbered; callouts and roll-ups per box
        self.findings: list[Numbered] = []
        self.callouts: dict[int, list[tuple[str, int]]] = {}
        self.rollup: dict[int, dict[str, int]] = {}
        index = view.index
        entries = []
        for k, finding in enumerate(self.options.highlight):
            sev = severity_of(finding)
            entries.append((order[sev], k, finding, sev))
        entries.sort(key=lambda e: (e[0], e[1]))
        for number, (_, _, finding, sev) in enumerate(entries, start=1):
            raw: object = finding.ids
            ids = [raw] if isinstance(raw, str) else [str(i) for i in finding.ids or ()]
            people = [
                i
                for i in (index.get(x) for x in dict.fromkeys(ids))
                if i is not None and rep[i] >= 0
            ]
            if ids and not people:
                continue  # about people outside the drawn scope
            nodes = list(dict.fromkeys(rep[i] for i in people))
            self.findings.append(
                Numbered(number, (sev, _text(finding.code), _text(finding.message)), people, nodes)
            )
            for v in nodes:
                self.callouts.setdefault(v, []).append((sev, number))
            for v in dict.fromkeys(rep[i] for i in people if node_of.get(i) is None):
                counts = self.rollup.setdefault(v, {})
                counts[sev] = counts.get(sev, 0) + 1

    def finding_rows(self) -> list[tuple[int, str, str, str, str]]:
        """The findings table: (number, severity, rule, people, message) of each finding.

        People are named (up to three, then "+N more"); "—" for an org-wide finding.
        The strings are raw user data: each output escapes them for its medium.
        """
        view = self.org.view
        rows = []
        for f in self.findings:
            named = [
                view.names[i] if view.names[i] is not None else f"open role {view.ids[i]}"
                for i in f.people[:3]
            ]
            people = ", ".join(str(n) for n in named) or "—"
            if len(f.people) > 3:
                people += f" +{len(f.people) - 3} more"
            rows.append((f.number, f.severity, f.code, people, f.message))
        return rows

    def _name(self, i: int) -> str:
        """The name of org row ``i`` ("Open role" for a vacancy)."""
        name = self.org.view.names[i]
        return name if name is not None else "Open role"

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
            self._labels = build_labels(self.org, self.tree, self.options, self.marks, self.tags)
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
