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
    wrap: when a row of sibling teams is wider than the chart can afford, the items
        are dealt onto several rows, left and right of a vertical trunk that runs down
        from the manager between them (d3-org-chart's "compact" mode).

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
* rows wrap: one width budget ``T`` applies to every row of items, and ``T`` is found
  by bisection (about a dozen linear passes) as the widest budget that keeps the
  whole chart within ``aspect`` (16:9 by default). Rows near the top, where the
  blocks are big, are the ones that wrap; small teams keep the classic look. A
  wrapped row keeps at least two items (one each side of the trunk; the last row may
  have one), so two sibling teams are never stacked into an outline.

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
    """

    __slots__ = ("budget", "height", "paths", "width", "x", "y")

    def __init__(
        self,
        *,
        x: list[float],
        y: list[float],
        paths: list[list[float] | None],
        width: float,
        height: float,
        budget: float,
    ) -> None:
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
        n = len(widths)
        if self.rows is not None or n <= 1 or self._rows_width(widths, 1) <= budget:
            return 1
        lo, hi = 2, n if v < 0 else (n + 1) // 2  # two items a row (the last may have one)
        if hi < lo:
            return 1
        if self._rows_width(widths, hi) > budget:
            return hi
        while lo < hi:
            mid = (lo + hi) // 2
            if self._rows_width(widths, mid) <= budget:
                hi = mid
            else:
                lo = mid + 1
        return lo

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
        if r == 1:
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
            for k, (is_stack, c, members) in enumerate(items):
                ix, iy, by = ox + a.item_x[k], oy + a.item_y[k], oy + a.bus_y[k]
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
        return Layout(x=xs, y=ys, paths=paths, width=width, height=height, budget=budget)


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
        lo, hi = box_w, width
        best: float | None = None
        for _ in range(16):
            mid = math.sqrt(lo * hi)
            w2, h2 = engine.measure(mid)
            if w2 <= aspect * h2:
                lo = best = mid
            else:
                hi = mid
            if hi / lo < 1.03:
                break
        budget = best if best is not None else box_w
        engine.measure(budget)
    return engine.place(budget)
