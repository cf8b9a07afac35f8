"""The compact org-chart layout: orgshape places every box itself.

Glossary:
    block: the rectangle a position's drawn team takes (its box, its assistants and
        everything drawn below it).
    item: one thing in the row(s) below a manager: the block of a report who has a
        team, or a *stack* of individual contributors.
    stack: individual contributors (ICs) drawn in a column under their manager, each
        joined to a vertical trunk by a short tick (the "hanging" layout of Visio and
        PowerPoint org charts). A stack holds at most ten boxes; more make several
        stacks side by side.
    bus: the orthogonal connector: a vertical line down from the manager, a horizontal
        line across the row, and a drop to each report.
    compact: when a row of sibling teams is wider than the chart can afford, the items
        are dealt into two columns, left and right of a vertical trunk that runs down
        from the manager (d3-org-chart's "compact" mode): item ``2j`` left, ``2j + 1``
        right, on row ``j``. A team hangs from the trunk by a line to the side of its
        top box, a stack by a short jog from the trunk into the gap above it (a stack
        left of the trunk is mirrored, its own trunk on its right), so no line runs
        above a row of teams and the trunk never closes a frame around one.

Why orgshape computes positions instead of letting Graphviz ``dot`` do it: ``dot``
ranks every report one row below its manager, so a plain tree of 1,000 people is about
200 times wider than tall (10,000 people: about 2,000 times), and ``dot`` has no notion
of stacking leaves or wrapping a row. Its ``rank=same`` and invisible-edge tricks can
stack a few leaves, but each one adds constraints to a layout that is already the
slowest step (about 2 s for 10,000 boxes). The layout here is a tidy tree on bounding
boxes (block sizes bottom-up, then positions top-down; each manager centred over their
reports; iterative, so that 100,000-deep chains work) with three additions:

* assistants sit to the right of their manager, on the manager's row;
* ICs are stacked, so a team of ten is one box wide and the chart's width grows with
  the number of managers, not headcount;
* rows wrap, lowest layers first. Wrapping is all-or-nothing per manager: its
  reports stay on one row, or go compact (two columns). Two numbers decide which
  managers go compact, found by search, both deterministic:

  1. ``D``, the highest layer allowed to wrap: managers above layer ``D`` always keep
     their reports on one row. ``D`` starts at the deepest manager and moves up one
     layer at a time until wrapping everything allowed (with the narrowest budget)
     can meet ``aspect``; so peers of one manager sit on one row wherever the aspect
     can be met by wrapping below them (seven Heads of a VP read as one layer, not as
     four);
  2. ``T``, one width budget for every row: a manager at or below ``D`` whose row of
     reports is wider than ``T`` goes compact. ``T`` is found by bisection (about a
     dozen linear passes) as the widest budget that keeps the whole chart within
     ``aspect`` (16:9 by default); since one more manager going compact can halve
     the chart's width, the bisection's last budget just over the target is taken
     instead when its width:height ratio is nearer the target's.

  When even ``D = 0`` (everything may wrap) cannot meet the aspect, the chart is as
  narrow as the layout can make it (a team of two, or a single stack of ten, cannot
  be narrower): the aspect is a target, honoured within about 20 % for orgs of 300
  to 2,000 people with spans of 2 to 10 (tested), not a guarantee. The tops of a
  forest (several people without a manager) wrap onto as many rows as needed.

Graphviz then only *draws*: the DOT has pinned node positions (``pos="x,y!"``), every
connector is given as an explicit polyline (``pos`` on the edge, as straight Bézier
segments), and the graph says ``layout=nop2`` (``neato -n2``): no layout, no edge
routing. Measured with the Graphviz that pygraphviz bundles, a whole chart (layout in
Python, DOT, drawing, SVG check) takes 1.2 to 1.6 times what plain ``dot`` takes to lay
out and draw a naive one-box-per-person tree of 100 or 1,000 people, and about half of
it at 10,000 (where ``dot`` needs 2 to 3 s). Pinning also keeps dotted lines from
pulling anything, and makes the DOT self-contained: ``dot -Tsvg chart.gv`` reproduces
the chart. Letting Graphviz route orthogonal edges (``splines=ortho``)
was measured too, on 1,000 boxes: 1.2 s with ``dot`` (5 times plain ``dot``) and 2.8 s
on the pinned positions, against 0.17 s for drawing orgshape's own bus lines; and it
still draws one line per report instead of a shared bus.

With ``align_levels`` every ladder level gets its own row; rows are not wrapped then
(a wrapped row would leave its level), so very wide orgs stay wide in that mode.
"""

from __future__ import annotations

import math
from typing import Final

__all__ = ["GEOMETRY", "Geometry", "Layout", "layout"]


class Geometry:
    """Spacing of the layout, in points (1/72 inch)."""

    __slots__ = ()
    hgap: Final = 22.0
    vgap: Final = 44.0
    stack_gap: Final = 10.0
    hang_gap: Final = 18.0
    indent: Final = 18.0
    side_gap: Final = 26.0
    row_gap: Final = 22.0
    max_stack: Final = 10


GEOMETRY: Final = Geometry()
_INF: Final = math.inf


class Layout:
    """Where everything goes (y grows downwards; Graphviz flips it).

    Attributes:
        x: the centre x of each node's box.
        y: the top y of each node's box.
        paths: for each node, the connector from its manager as a flat list
            ``[x0, y0, x1, y1, ...]`` (an orthogonal polyline), or None for a top node.
        width: total width.
        height: total height.
        budget: the row-width budget the chart was wrapped to (inf: not wrapped).
        compact: whether each node's reports are wrapped into two columns.
    """

    __slots__ = ("budget", "compact", "height", "paths", "width", "x", "y")

    def __init__(
        self,
        *,
        x: list[float],
        y: list[float],
        paths: list[list[float] | None],
        width: float,
        height: float,
        budget: float,
        compact: list[bool] | None = None,
    ) -> None:
        self.compact = compact if compact is not None else [False] * len(x)
        self.x = x
        self.y = y
        self.paths = paths
        self.width = width
        self.height = height
        self.budget = budget


class _Arrangement:
    """How one node's items sit in its block (block-relative coordinates)."""

    __slots__ = ("box_x", "bus_y", "height", "item_x", "item_y", "width")

    def __init__(
        self,
        width: float,
        height: float,
        box_x: float,
        item_x: list[float],
        item_y: list[float],
        bus_y: list[float],
    ) -> None:
        self.width = width
        self.height = height
        self.box_x = box_x  # box centre
        self.item_x = item_x  # left of each item
        self.item_y = item_y  # top of each item
        self.bus_y = bus_y  # bus height for each item


class _Engine:
    """Measures and places blocks; see the module docs."""

    def __init__(
        self,
        kids: list[list[int]],
        tops: list[int],
        leaf: list[bool],
        assistant: list[bool],
        *,
        box_w: float,
        box_h: float,
        stack_leaves: bool,
        rows: list[int] | None,
        geometry: Geometry,
    ) -> None:
        self.w = box_w
        self.h = box_h
        self.g = geometry
        self.rows = rows
        n = len(kids)
        self.n = n
        self.tops = tops
        # the layer of each node (reports have larger indexes than their managers)
        self.depth = [0] * n
        for v in range(n):
            for c in kids[v]:
                self.depth[c] = self.depth[v] + 1
        #: managers above this layer keep their reports on one row (see :func:`layout`)
        self.wrap_from = 0
        # per node: assistants beside it, and its items (stacks first, then teams)
        self.sides: list[list[int]] = [[] for _ in range(n)]
        self.items: list[list[tuple[bool, int, list[int]]]] = [[] for _ in range(n)]
        self.hang = [False] * n
        cap = geometry.max_stack
        for v in range(n):
            leaves: list[int] = []
            subs: list[int] = []
            for c in kids[v]:
                if assistant[c] and leaf[c]:
                    self.sides[v].append(c)
                elif stack_leaves and leaf[c]:
                    leaves.append(c)
                else:
                    subs.append(c)
            items: list[tuple[bool, int, list[int]]] = []
            if leaves:
                groups: list[list[int]] = [leaves]
                if rows is not None:  # one stack per level row
                    by_row: dict[int, list[int]] = {}
                    for c in leaves:
                        by_row.setdefault(rows[c], []).append(c)
                    groups = [by_row[r] for r in sorted(by_row)]
                for group in groups:
                    items.extend(
                        (True, group[0], group[k : k + cap]) for k in range(0, len(group), cap)
                    )
            items.extend((False, c, []) for c in subs)
            self.items[v] = items
            if len(items) == 1 and items[0][0]:
                first = items[0][1]
                self.hang[v] = rows is None or rows[first] == rows[v] + 1
        self.bw = [0.0] * n
        self.bh = [0.0] * n
        self.bx = [0.0] * n
        self.r = [1] * n
        # blocks without a row to wrap have the same size for every budget: size them once
        self.active: list[int] = []
        for v in range(n - 1, -1, -1):
            if self.items[v] and not self.hang[v]:
                self.active.append(v)
            else:
                a = self._arrange(v, 1, self.items[v])
                self.bw[v], self.bh[v], self.bx[v] = a.width, a.height, a.box_x

    # -- geometry of one node --------------------------------------------------------

    def _top_h(self, v: int) -> float:
        k = len(self.sides[v]) if v >= 0 else 0
        if k <= 1:
            return self.h if v >= 0 else 0.0
        return k * self.h + (k - 1) * self.g.stack_gap

    def _item_size(self, item: tuple[bool, int, list[int]]) -> tuple[float, float, float]:
        is_stack, c, members = item
        if is_stack:
            k = len(members)
            return (
                self.g.indent + self.w,
                k * self.h + (k - 1) * self.g.stack_gap,
                self.g.indent / 2,
            )
        return self.bw[c], self.bh[c], self.bx[c]

    def _row_split(
        self, widths: list[float], r: int
    ) -> tuple[float, float, list[tuple[int, int, int, float]]]:
        """Deal items onto ``r`` rows; return (max left, max right, rows).

        Each row is (first item, end item, split, left width): items before ``split``
        sit left of the trunk.
        """
        hgap = self.g.hgap
        n = len(widths)
        per, extra = divmod(n, r)
        out: list[tuple[int, int, int, float]] = []
        max_left = max_right = 0.0
        start = 0
        for j in range(r):
            end = start + per + (1 if j < extra else 0)
            total = sum(widths[start:end]) + hgap * (end - start - 1)
            best_m, best_key, best_left = start, (math.inf, math.inf), 0.0
            left = 0.0
            for m in range(start, end + 1):
                if m > start:
                    left += widths[m - 1] + (hgap if m - 1 > start else 0.0)
                right = total - left - (hgap if start < m < end else 0.0)
                key = (max(max_left, left) + max(max_right, right), abs(left - right))
                if key < best_key:
                    best_m, best_key, best_left = m, key, left
            right = total - best_left - (hgap if start < best_m < end else 0.0)
            max_left = max(max_left, best_left)
            max_right = max(max_right, right)
            out.append((start, end, best_m, best_left))
            start = end
        return max_left, max_right, out

    def _rows_width(self, widths: list[float], r: int) -> float:
        if r == 1:
            return sum(widths) + self.g.hgap * (len(widths) - 1)
        max_left, max_right, _ = self._row_split(widths, r)
        return max_left + self.g.hgap + max_right

    def _choose_rows(self, v: int, widths: list[float], budget: float) -> int:
        """1: one row; for a manager, 2: compact (two columns); for the top, the rows."""
        n = len(widths)
        if self.rows is not None or n <= 1 or self._rows_width(widths, 1) <= budget:
            return 1
        if v >= 0:
            return 2 if n >= 3 and self.depth[v] >= self.wrap_from else 1
        lo, hi = 2, n
        if self._rows_width(widths, hi) > budget:
            return hi
        while lo < hi:
            mid = (lo + hi) // 2
            if self._rows_width(widths, mid) <= budget:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def _compact(
        self, sizes: list[tuple[float, float, float]], y0: float
    ) -> tuple[float, float, list[float], list[float], float]:
        """Two columns around a trunk: item ``2j`` left of it, ``2j + 1`` right, row ``j``.

        Returns (trunk x, children width, item x, item y, bottom).
        """
        g = self.g
        n = len(sizes)
        max_left = max(sizes[k][0] for k in range(0, n, 2))
        max_right = max((sizes[k][0] for k in range(1, n, 2)), default=0.0)
        trunk = max_left + g.hgap / 2
        item_x = [0.0] * n
        item_y = [0.0] * n
        top = y0
        bottom = y0
        for k in range(0, n, 2):
            row_h = sizes[k][1]
            item_x[k] = trunk - g.hgap / 2 - sizes[k][0]
            item_y[k] = top
            if k + 1 < n:
                item_x[k + 1] = trunk + g.hgap / 2
                item_y[k + 1] = top
                row_h = max(row_h, sizes[k + 1][1])
            bottom = top + row_h
            top = bottom + g.row_gap
        return trunk, max_left + g.hgap + max_right, item_x, item_y, bottom

    def _arrange(self, v: int, r: int, items: list[tuple[bool, int, list[int]]]) -> _Arrangement:
        """Lay out node ``v`` (``-1``: the boxless top of a forest) with ``r`` rows."""
        w, h, g = self.w, self.h, self.g
        has_box = v >= 0
        half = w / 2 if has_box else 0.0
        right_top = half + ((g.side_gap + w) if has_box and self.sides[v] else 0.0)
        top_h = self._top_h(v)
        if not items:
            return _Arrangement(half + right_top, top_h, half, [], [], [])
        if has_box and self.hang[v]:
            iw, ih, _ = self._item_size(items[0])
            y0 = top_h + g.hang_gap
            return _Arrangement(max(iw, half + right_top), y0 + ih, half, [0.0], [y0], [top_h])
        sizes = [self._item_size(item) for item in items]
        widths = [s[0] for s in sizes]
        y0 = top_h + g.vgap if has_box else 0.0
        item_x: list[float] = []
        item_y: list[float] = []
        bus_y: list[float] = []
        bottom = 0.0
        if r == 2 and has_box:
            trunk, children_w, item_x, item_y, bottom = self._compact(sizes, top_h + g.row_gap)
            bus_y = [y - g.row_gap / 2 for y in item_y]
        elif r == 1:
            x = 0.0
            for k, (iw, ih, _) in enumerate(sizes):
                item_x.append(x)
                extra = 0.0
                if self.rows is not None and has_box:
                    c = items[k][1]
                    extra = max(0.0, (self.rows[c] - self.rows[v] - 1) * (h + g.vgap))
                item_y.append(y0 + extra)
                bus_y.append(y0 - g.vgap / 2)
                bottom = max(bottom, y0 + extra + ih)
                x += iw + g.hgap
            children_w = x - g.hgap
            trunk = (item_x[0] + sizes[0][2] + item_x[-1] + sizes[-1][2]) / 2
        else:
            max_left, max_right, rows = self._row_split(widths, r)
            trunk = max_left + g.hgap / 2
            children_w = max_left + g.hgap + max_right
            item_x = [0.0] * len(items)
            item_y = [0.0] * len(items)
            bus_y = [0.0] * len(items)
            top = y0
            for start, end, split, left in rows:
                x = trunk - g.hgap / 2 - left
                row_h = 0.0
                for k in range(start, end):
                    if k == split:
                        x = trunk + g.hgap / 2
                    item_x[k] = x
                    item_y[k] = top
                    bus_y[k] = top - g.vgap / 2
                    x += widths[k] + g.hgap
                    row_h = max(row_h, sizes[k][1])
                bottom = top + row_h
                top = bottom + g.vgap
        left_ext = max(trunk, half)
        shift = left_ext - trunk
        if shift:
            item_x = [x + shift for x in item_x]
        width = left_ext + max(children_w - trunk, right_top)
        return _Arrangement(width, max(bottom, top_h), left_ext, item_x, item_y, bus_y)

    # -- passes ------------------------------------------------------------------------

    def measure(self, budget: float) -> tuple[float, float]:
        """Size every block for a row-width budget; return the chart's (width, height)."""
        bw, bh, bx, rsel = self.bw, self.bh, self.bx, self.r
        for v in self.active:  # reports before their managers
            items = self.items[v]
            r = 1
            if len(items) > 1:
                r = self._choose_rows(v, [self._item_size(item)[0] for item in items], budget)
            rsel[v] = r
            a = self._arrange(v, r, items)
            bw[v], bh[v], bx[v] = a.width, a.height, a.box_x
        if len(self.tops) == 1:
            top = self.tops[0]
            return bw[top], bh[top]
        items = [(False, t, []) for t in self.tops]
        self.top_r = self._choose_rows(-1, [bw[t] for t in self.tops], budget)
        a = self._arrange(-1, self.top_r, items)
        return a.width, a.height

    def place(self, budget: float) -> Layout:
        """Position every box and connector (after :meth:`measure` with ``budget``)."""
        n = self.n
        xs = [0.0] * n
        ys = [0.0] * n
        paths: list[list[float] | None] = [None] * n
        origin: list[tuple[float, float]] = [(0.0, 0.0)] * n
        if len(self.tops) == 1:
            width, height = self.bw[self.tops[0]], self.bh[self.tops[0]]
        else:
            a = self._arrange(-1, self.top_r, [(False, t, []) for t in self.tops])
            for k, t in enumerate(self.tops):
                origin[t] = (a.item_x[k], a.item_y[k])
            width, height = a.width, a.height
        w, h, g = self.w, self.h, self.g
        by_parent = [False] * n  # stacked and assistant boxes are placed by their manager
        for v in range(n):  # parents come before their reports
            if by_parent[v]:
                continue
            ox, oy = origin[v]
            items = self.items[v]
            a = self._arrange(v, self.r[v], items)
            bx = ox + a.box_x
            xs[v], ys[v] = bx, oy
            bottom = oy + h
            mid = oy + h / 2
            right = bx + w / 2
            for k, c in enumerate(self.sides[v]):
                cy = oy + k * (h + g.stack_gap)
                xs[c], ys[c] = right + g.side_gap + w / 2, cy
                by_parent[c] = True
                sx = right + g.side_gap / 2
                paths[c] = _clean(
                    [right, mid, sx, mid, sx, cy + h / 2, right + g.side_gap, cy + h / 2]
                )
            compact = self.r[v] == 2
            for k, (is_stack, c, members) in enumerate(items):
                ix, iy, by = ox + a.item_x[k], oy + a.item_y[k], oy + a.bus_y[k]
                if compact:
                    self._place_compact(v, k, c, members, (bx, bottom, ix, iy, by), xs, ys, paths)
                    for c2 in members:
                        by_parent[c2] = True
                    if not is_stack:
                        origin[c] = (ix, iy)
                    continue
                if is_stack:
                    trunk = ix + g.indent / 2
                    if self.hang[v]:
                        trunk = bx - w / 2 + g.indent / 2
                        ix = bx - w / 2
                        head = [trunk, bottom]
                    else:
                        head = [bx, bottom, bx, by, trunk, by]
                    for m, c2 in enumerate(members):
                        cy = iy + m * (h + g.stack_gap)
                        xs[c2], ys[c2] = ix + g.indent + w / 2, cy
                        by_parent[c2] = True
                        paths[c2] = _clean([*head, trunk, cy + h / 2, ix + g.indent, cy + h / 2])
                else:
                    origin[c] = (ix, iy)
                    anchor = ix + self.bx[c]
                    paths[c] = _clean([bx, bottom, bx, by, anchor, by, anchor, iy])
        wrapped = [r == 2 for r in self.r]
        return Layout(
            x=xs, y=ys, paths=paths, width=width, height=height, budget=budget, compact=wrapped
        )

    def _place_compact(
        self,
        v: int,
        k: int,
        c: int,
        members: list[int],
        where: tuple[float, float, float, float, float],
        xs: list[float],
        ys: list[float],
        paths: list[list[float] | None],
    ) -> None:
        """Connect item ``k`` of a compact node ``v`` to the trunk below the manager.

        Items left of the trunk (even ``k``) face it with their right side; a stack
        there is mirrored (its own trunk on its right). A team hangs from the trunk by
        a line to the side of its top box, so no line runs above a row of teams and
        the trunk never closes a frame around one; a team whose manager has an
        assistant on the side facing the trunk, and every stack, is reached from
        the gap above it instead.
        """
        w, h, g = self.w, self.h, self.g
        bx, bottom, ix, iy, by = where
        left = k % 2 == 0
        if members:  # a stack
            iw = g.indent + w
            trunk = ix + iw - g.indent / 2 if left else ix + g.indent / 2
            box_x = ix + w / 2 if left else ix + g.indent + w / 2
            edge = box_x + w / 2 if left else box_x - w / 2
            for m, c2 in enumerate(members):
                cy = iy + m * (h + g.stack_gap)
                xs[c2], ys[c2] = box_x, cy
                paths[c2] = _clean(
                    [bx, bottom, bx, by, trunk, by, trunk, cy + h / 2, edge, cy + h / 2]
                )
            return
        anchor = ix + self.bx[c]
        mid = iy + h / 2
        if left and self.sides[c]:
            paths[c] = _clean([bx, bottom, bx, by, anchor, by, anchor, iy])
        else:
            side = anchor + w / 2 if left else anchor - w / 2
            paths[c] = _clean([bx, bottom, bx, mid, side, mid])


def _clean(points: list[float]) -> list[float]:
    """Drop repeated points and the middle of straight runs from a flat polyline."""
    out: list[float] = [points[0], points[1]]
    for k in range(2, len(points), 2):
        x, y = points[k], points[k + 1]
        if x == out[-2] and y == out[-1]:
            continue
        if len(out) >= 4:
            px, py, qx, qy = out[-4], out[-3], out[-2], out[-1]
            if (px == qx == x) or (py == qy == y):
                out[-2], out[-1] = x, y
                continue
        out.extend((x, y))
    return out


def layout(
    kids: list[list[int]],
    tops: list[int],
    leaf: list[bool],
    assistant: list[bool],
    *,
    box_w: float,
    box_h: float,
    stack_leaves: bool = True,
    aspect: float | None = 16 / 9,
    rows: list[int] | None = None,
    geometry: Geometry = GEOMETRY,
) -> Layout:
    """Place every box and connector of a tree of same-size boxes.

    Args:
        kids: the reports of each node, in order; a report has a larger index than
            its manager.
        tops: the top nodes.
        leaf: whether each node can go in a stack (an IC: no reports, nothing hidden).
        assistant: whether each node is an assistant (drawn beside its manager when it
            is a leaf).
        box_w: box width.
        box_h: box height.
        stack_leaves: stack ICs under their manager.
        aspect: the width:height to wrap rows to (None: never wrap).
        rows: a level row for each node, to align levels (no wrapping then).
        geometry: spacing.

    Examples:
        >>> out = layout([[1, 2], [], []], [0], [False, True, True], [False] * 3,
        ...              box_w=100, box_h=40)
        >>> out.x, out.y  # two ICs stacked under their manager, indented
        ([50.0, 68.0, 68.0], [0.0, 58.0, 108.0])
    """
    engine = _Engine(
        kids,
        tops,
        leaf,
        assistant,
        box_w=box_w,
        box_h=box_h,
        stack_leaves=stack_leaves,
        rows=rows,
        geometry=geometry,
    )
    width, height = engine.measure(_INF)
    budget = _INF
    if aspect is not None and rows is None and width > aspect * height:
        # the lowest layers wrap first: keep managers above layer D on one row, for
        # the smallest D (from the deepest manager up) that can meet the aspect
        layers = sorted({engine.depth[v] for v in engine.active}, reverse=True)
        for d in layers:  # D, see the module docs
            engine.wrap_from = d
            w2, h2 = engine.measure(box_w)
            if w2 <= aspect * h2:
                break
        lo, hi = box_w, width
        best: float | None = None
        best_ratio = over_ratio = width / height
        for _ in range(16):
            mid = math.sqrt(lo * hi)
            w2, h2 = engine.measure(mid)
            if w2 <= aspect * h2:
                lo = best = mid
                best_ratio = w2 / h2
            else:
                hi = mid
                over_ratio = w2 / h2
            if hi / lo < 1.03:
                break
        budget = best if best is not None else box_w
        # one more manager going compact can halve the width: when the chart just
        # wider than the target is nearer to it (in ratio) than the one within it,
        # take that one
        if best is not None and abs(math.log(over_ratio / aspect)) < abs(
            math.log(best_ratio / aspect)
        ):
            budget = hi
        engine.measure(budget)
    return engine.place(budget)
