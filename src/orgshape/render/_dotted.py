"""Dotted lines that cannot be misread: routed around boxes, or a tag on the box.

Glossary:
    dotted line: a secondary manager (``Position.dotted_line``). Positions come from
        solid lines only; dotted lines are drawn on top, in one of two ways.
    route: an orthogonal dashed line with an arrowhead, from the side of the
        dotted-line manager's box to the side of the report's box, that goes around
        every box (never under one), so its visible end cannot be taken for another
        person's line.
    tag: a line "⋯ Manager Name" in the dotted-line colour at the bottom of the
        report's box, naming the dotted-line manager; nothing is drawn between the
        boxes.

Which one (``ChartOptions.dotted_lines``): ``"route"``, ``"tag"``, or ``"auto"`` (what
``True`` means): routes for charts of at most :data:`ROUTE_BOXES` boxes with at most
:data:`ROUTE_LINES` dotted lines, tags above that, where routed lines would cross the
whole chart (from about 600 people they turned into chart-wide crossing curves). A
dotted-line manager who is not drawn (outside ``root``, hidden in a collapsed team)
is always named by a tag, so no dotted line disappears from a chart.

How a route is found: the chart is cut into a grid of 8-point cells; cells under a
box (with a 2-point margin) are walls, cells on a solid connector or an earlier
dotted route cost more, so routes keep to the empty gaps between rows and columns;
an A* search (cost: length, plus a penalty per bend) runs from the cells next to the
manager's box to the cells next to the report's box. Everything is in integers and
tie-broken by cell order, so the same chart gives the same routes. A search that
would visit more than 400,000 cells gives up (not seen on charts within the
``"auto"`` limits); that one line is then drawn as the plain dashed curve of earlier
versions.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from orgshape.render._scene import Scene

__all__ = ["ROUTE_BOXES", "ROUTE_LINES", "TAG_GLYPH", "dotted_mode", "dotted_pairs", "route"]

#: Most boxes of a chart whose dotted lines are routed in ``"auto"`` mode.
ROUTE_BOXES: Final = 200
#: Most dotted lines routed in ``"auto"`` mode.
ROUTE_LINES: Final = 24
#: The glyph that starts a dotted-line tag.
TAG_GLYPH: Final = "⋯"
_CELL: Final = 8.0
_MARGIN: Final = 2.0
_BEND: Final = 4  # cost of a bend, in cells
_ON_LINE: Final = 3  # extra cost of a cell on a solid connector
_ON_ROUTE: Final = 8  # extra cost of a cell on an earlier dotted route
_MAX_VISITS: Final = 400_000
_DIRS: Final = ((1, 0), (0, 1), (-1, 0), (0, -1))


def dotted_pairs(scene: Scene) -> tuple[list[tuple[int, int]], dict[int, list[int]]]:
    """The dotted lines of the drawn part of a chart.

    Returns:
        (manager node, report node) pairs where both are drawn, and for each drawn
        report the org rows of its dotted-line managers who are not drawn.
    """
    view = scene.org.view
    column = view.field("dotted_line")
    if column is None:
        return [], {}
    index = view.index
    node_of = scene.node_of
    pairs: list[tuple[int, int]] = []
    undrawn: dict[int, list[int]] = {}
    for v, s in enumerate(scene.tree.src):
        if s < 0:
            continue
        for ref in column[s]:
            i = index.get(ref)
            if i is None:
                continue
            m = node_of.get(i)
            if m is None:
                undrawn.setdefault(v, []).append(i)
            elif m != v:
                pairs.append((m, v))
    return pairs, undrawn


def dotted_mode(scene: Scene) -> str:
    """``"none"``, ``"route"`` or ``"tag"``: how this chart draws its dotted lines."""
    option = scene.options.dotted_lines
    if option is False or option == "none":
        return "none"
    if option in ("route", "tag"):
        return str(option)
    pairs, _ = dotted_pairs(scene)
    small = len(scene.tree) <= ROUTE_BOXES and len(pairs) <= ROUTE_LINES
    return "route" if small else "tag"


class _Grid:
    """The chart as cells: walls (boxes) and extra costs (connectors, routes)."""

    def __init__(self, scene: Scene) -> None:
        lay = scene.layout
        w, h = scene.labels.width, scene.labels.height
        self.x0 = -3 * _CELL
        self.y0 = -3 * _CELL
        self.nx = int((lay.width + 6 * _CELL) / _CELL) + 1
        self.ny = int((lay.height + 6 * _CELL) / _CELL) + 1
        self.wall = bytearray(self.nx * self.ny)
        self.cost = bytearray(self.nx * self.ny)
        self.boxes = [(x - w / 2, y, x + w / 2, y + h) for x, y in zip(lay.x, lay.y, strict=True)]
        for left, top, right, bottom in self.boxes:
            for k in self._cells(left - _MARGIN, top - _MARGIN, right + _MARGIN, bottom + _MARGIN):
                self.wall[k] = 1
        for path in lay.paths:
            if path:
                self.mark(path, _ON_LINE)

    def _span(self, lo: float, hi: float, origin: float, count: int) -> range:
        a = max(0, int((lo - origin) // _CELL))
        b = min(count - 1, int((hi - origin) // _CELL))
        return range(a, b + 1)

    def _cells(self, left: float, top: float, right: float, bottom: float) -> list[int]:
        xs = self._span(left, right, self.x0, self.nx)
        return [cy * self.nx + cx for cy in self._span(top, bottom, self.y0, self.ny) for cx in xs]

    def mark(self, path: list[float], extra: int) -> None:
        """Raise the cost of the cells a polyline runs through."""
        for k in range(0, len(path) - 2, 2):
            x0, y0, x1, y1 = path[k : k + 4]
            for c in self._cells(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)):
                self.cost[c] = max(self.cost[c], extra)

    def centre(self, cell: int) -> tuple[float, float]:
        cy, cx = divmod(cell, self.nx)
        return self.x0 + (cx + 0.5) * _CELL, self.y0 + (cy + 0.5) * _CELL

    def ring(self, v: int) -> list[tuple[int, int]]:
        """Free cells next to box ``v``: (cell, direction pointing away from the box)."""
        left, top, right, bottom = self.boxes[v]
        out: list[tuple[int, int]] = []
        cols = self._span(left, right, self.x0, self.nx)
        rows = self._span(top, bottom, self.y0, self.ny)
        for cx in cols:
            for cy, d in ((rows.start - 1, 3), (rows.stop, 1)):
                if 0 <= cy < self.ny:
                    out.append((cy * self.nx + cx, d))
        for cy in rows:
            for cx, d in ((cols.start - 1, 2), (cols.stop, 0)):
                if 0 <= cx < self.nx:
                    out.append((cy * self.nx + cx, d))
        return [(c, d) for c, d in out if not self.wall[c]]


def _search(grid: _Grid, sources: list[tuple[int, int]], goal: int) -> list[int] | None:
    """Cells from a source to a cell next to box ``goal`` (A*, with bend costs)."""
    targets = dict(grid.ring(goal))
    if not sources or not targets:
        return None
    left, top, right, bottom = grid.boxes[goal]
    gx0 = int((left - grid.x0) // _CELL)
    gx1 = int((right - grid.x0) // _CELL)
    gy0 = int((top - grid.y0) // _CELL)
    gy1 = int((bottom - grid.y0) // _CELL)
    nx = grid.nx

    def estimate(cell: int) -> int:
        cy, cx = divmod(cell, nx)
        return max(gx0 - cx, 0, cx - gx1) + max(gy0 - cy, 0, cy - gy1)

    best: dict[tuple[int, int], int] = {}
    came: dict[tuple[int, int], tuple[int, int] | None] = {}
    queue: list[tuple[int, int, int, int]] = []
    for cell, d in sources:
        state = (cell, d)
        best[state] = 0
        came[state] = None
        heapq.heappush(queue, (2 * estimate(cell), 0, cell, d))
    visits = 0
    wall, cost = grid.wall, grid.cost
    ny = grid.ny
    while queue:
        _, g, cell, d = heapq.heappop(queue)
        state = (cell, d)
        if best.get(state, -1) != g:
            continue
        if cell in targets:
            out = [cell]
            prev = came[state]
            while prev is not None:
                out.append(prev[0])
                prev = came[prev]
            out.reverse()
            return out
        visits += 1
        if visits > _MAX_VISITS:
            return None
        cy, cx = divmod(cell, nx)
        for nd, (dx, dy) in enumerate(_DIRS):
            if nd == (d + 2) % 4:
                continue
            x, y = cx + dx, cy + dy
            if not (0 <= x < nx and 0 <= y < ny):
                continue
            nxt = y * nx + x
            if wall[nxt]:
                continue
            step = g + 1 + cost[nxt] + (_BEND if nd != d else 0)
            key = (nxt, nd)
            if step < best.get(key, 1 << 60):
                best[key] = step
                came[key] = state
                heapq.heappush(queue, (step + 2 * estimate(nxt), step, nxt, nd))
    return None


def _edge_point(box: tuple[float, float, float, float], x: float, y: float) -> tuple[float, float]:
    """The point of a box's border straight across from the cell centre (x, y)."""
    left, top, right, bottom = box
    if x < left:
        return left, min(max(y, top + 4), bottom - 4)
    if x > right:
        return right, min(max(y, top + 4), bottom - 4)
    if y < top:
        return min(max(x, left + 4), right - 4), top
    return min(max(x, left + 4), right - 4), bottom


def route(scene: Scene, pairs: list[tuple[int, int]]) -> list[list[float] | None]:
    """For each (manager, report) pair, an orthogonal polyline around the boxes.

    The polyline is flat ``[x0, y0, x1, y1, ...]`` (y down), from the manager's box
    border to the report's box border (where the arrowhead goes); None when no route
    was found within the search limit (the caller tags the report's box instead).
    """
    grid = _Grid(scene)
    out: list[list[float] | None] = []
    for m, v in pairs:
        cells = _search(grid, grid.ring(m), v)
        if cells is None:
            out.append(None)
            continue
        points = [grid.centre(c) for c in cells]
        start = _edge_point(grid.boxes[m], *points[0])
        end = _edge_point(grid.boxes[v], *points[-1])
        flat: list[float] = [*start, *_corner(start, points[0], grid.boxes[m])]
        for x, y in points:
            flat.extend((x, y))
        flat.extend(_corner(end, points[-1], grid.boxes[v]))
        flat.extend(end)
        line = _orthogonal(flat)
        grid.mark(line, _ON_ROUTE)
        out.append(line)
    return out


def _corner(
    edge: tuple[float, float], cell: tuple[float, float], box: tuple[float, float, float, float]
) -> tuple[float, float]:
    """The corner joining a border point to a cell centre with two orthogonal steps."""
    if edge[0] in (box[0], box[2]):  # on a side: leave horizontally
        return cell[0], edge[1]
    return edge[0], cell[1]


def _orthogonal(points: list[float]) -> list[float]:
    """Keep only the corners of a polyline made of cell steps (and its two ends)."""
    out = [points[0], points[1]]
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
