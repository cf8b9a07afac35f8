"""The DOT source of a chart, built with the ``graphviz`` package.

Glossary:
    node name: the DOT identifier of a box; always synthetic: ``n<row>`` for the
        position on row ``<row>`` of the org, ``x<k>`` for ghost ``k``; badges are
        ``h<row>`` ("+N" hidden), ``f<row>`` (finding); ``legend``, ``title``, ``note``.
        The same names are the SVG ``id`` attributes, so tests and stylesheets can find
        every box. Each box also has SVG classes: ``person``, ``level_<name>``
        (``level_unknown``), and when they apply ``vacancy``, ``assistant``, ``ghost``,
        ``collapsed``, ``flag_<severity>``, ``mark_<kind>``.
    pinned: every node has ``pos="x,y!"`` and every connector an explicit ``pos``;
        the graph says ``layout=nop2``, so Graphviz draws without laying out.

The output is deterministic: the same org and options give the same bytes.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Final

from orgshape._display import dot_label, dot_tooltip, more
from orgshape.render._labels import FONT, GHOST_GLYPH, text_width
from orgshape.render._options import SEVERITY_GLYPHS

if TYPE_CHECKING:
    import graphviz

    from orgshape.render._labels import Line
    from orgshape.render._options import Theme
    from orgshape.render._scene import Scene

__all__ = ["build_dot", "node_name"]

_PENWIDTH: Final = {"error": "3.2", "warning": "2.4", "info": "1.8"}
_LEGEND_SIZE: Final = 10.0
_LEGEND_ROW: Final = 18.0
_TITLE_SIZE: Final = 16.0
_NOTE_SIZE: Final = 10.0
_GAP: Final = 30.0
_ARROW: Final = 7.0  # arrowhead length at arrowsize 0.7
_CLASS_SAFE: Final = re.compile(r"[^a-z0-9_]+")


_USER_KEYS: Final = frozenset({"label", "tooltip"})


def _quote(value: str) -> str:
    """The graphviz package's quoting (imported late: ``import orgshape`` stays light)."""
    from graphviz.quoting import quote  # noqa: PLC0415

    quoted: str = quote(value)
    return quoted


def _statement(dot: graphviz.Digraph, head: str, attrs: dict[str, str]) -> None:
    """Append a node or edge statement to ``dot``.

    Labels and tooltips (the only attributes that carry people's data, already through
    the DOT escapers of :mod:`orgshape._display`) are quoted by the ``graphviz`` package; the other
    values are orgshape's own numbers, colours and class names, checked to need no
    escaping. This is the graphviz package's raw-``body`` route, used because its
    per-call keyword API was 40% of the time to build the DOT of a large org.
    """
    parts = []
    for key, value in attrs.items():
        if key in _USER_KEYS:
            parts.append(f"{key}={_quote(value)}")
        else:
            if '"' in value or "\\" in value or "\n" in value:
                msg = f"internal: unquoted DOT value {value!r}"
                raise AssertionError(msg)
            parts.append(f'{key}="{value}"')
    dot.body.append(f"\t{head} [{' '.join(parts)}]\n")


def node_name(scene: Scene, v: int) -> str:
    """The synthetic DOT name (and SVG id) of node ``v``."""
    s = scene.tree.src[v]
    return f"n{s}" if s >= 0 else f"x{-1 - s}"


def _num(value: float) -> str:
    """A coordinate or size in points, to a tenth: deterministic and short."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def _darker(colour: str) -> str:
    """A level fill darkened to a border colour (``#rrggbb``; other colours as they are).

    Same hue, 45 % of the lightness, more saturation.

    Examples:
        >>> _darker("#c4d8ef"), _darker("#ececec")
        ('#215da2', '#6a6a6a')
    """
    import colorsys  # noqa: PLC0415  (only for vacancies)

    if len(colour) != 7 or not colour.startswith("#"):
        return colour
    r, g, b = (int(colour[k : k + 2], 16) / 255 for k in (1, 3, 5))
    h, lightness, sat = colorsys.rgb_to_hls(r, g, b)
    r, g, b = colorsys.hls_to_rgb(
        h, lightness * 0.45, min(1.0, sat * 0.8 + 0.2) if sat > 0.05 else 0.0
    )
    return "#" + "".join(f"{round(c * 255):02x}" for c in (r, g, b))


def _inches(points: float) -> str:
    return _num(points / 72)


def _label(lines: tuple[Line, ...], theme: Theme, *, vacancy: bool, ghost: bool) -> str:
    parts = []
    for line in lines:
        text = dot_label(line.text)
        if line.kind == "name":
            if vacancy:
                text = f"<i>{text}</i>"
            if ghost:
                text = f"<s>{text}</s>"
            colour = theme.muted if ghost else theme.text
            parts.append(
                f'<font point-size="{_num(FONT.name_size)}" color="{colour}"><b>{text}</b></font>'
            )
        elif line.kind == "mark":
            parts.append(
                f'<font point-size="{_num(FONT.mark_size)}" color="{line.colour}">{text}</font>'
            )
        else:
            parts.append(text)
    return "<" + "<br/>".join(parts) + ">"


def _bezier(points: list[float], flip: float) -> str:
    """A polyline as a Graphviz spline: every segment a straight cubic Bézier."""
    coords = [f"{_num(points[k])},{_num(flip - points[k + 1])}" for k in range(0, len(points), 2)]
    out = [coords[0]]
    for k in range(1, len(coords)):
        out.extend((coords[k - 1], coords[k], coords[k]))
    return " ".join(out)


def _curve(a: tuple[float, float], b: tuple[float, float], w: float, h: float) -> list[float]:
    """A dotted-line connector between two box centres, leaving and entering at sides."""
    (ax, ay), (bx, by) = a, b
    if abs(ax - bx) > w:
        sign = 1.0 if bx > ax else -1.0
        x0, x1 = ax + sign * w / 2, bx - sign * w / 2
        dx = (x1 - x0) / 2
        return [x0, ay, x0 + dx, ay, x1 - dx, by, x1, by]
    sign = 1.0 if by > ay else -1.0
    y0, y1 = ay + sign * h / 2, by - sign * h / 2
    bend = max(w * 0.6, abs(y1 - y0) / 3)
    return [ax + w / 2, ay, ax + w / 2 + bend, ay, bx + w / 2 + bend, by, bx + w / 2, by]


def _legend(scene: Scene) -> tuple[str, float, float] | None:
    """The legend's HTML label and estimated (width, height), or None if empty."""
    options = scene.options
    theme = options.theme
    tree = scene.tree
    ladder = scene.org.ladder
    names = ladder.names
    used: set[int | None] = set()
    vacancy = assistant = dotted = collapsed = ghost = False
    for v in range(len(tree)):
        level = scene.level(v)
        used.add(scene.level_index.get(level) if level is not None else None)
        s = tree.src[v]
        if s < 0:
            ghost = True
            continue
        vacancy = vacancy or scene.vacant[s]
        assistant = assistant or tree.assistant[v]
        collapsed = collapsed or tree.hidden[v] > 0
    dotted = options.dotted_lines and bool(_dotted_pairs(scene))
    rows: list[tuple[str, str]] = []  # (swatch cell, text)
    texts: list[str] = []

    def swatch(fill: str, border: str, style: str = "rounded") -> str:
        return (
            f'<td width="26" height="12" fixedsize="true" bgcolor="{fill}" border="1" '
            f'color="{border}" style="{style}"></td>'
        )

    def add(cell: str, text: str) -> None:
        rows.append((cell, dot_label(text)))
        texts.append(text)

    for k, level_name in enumerate(names):
        if k in used:
            add(swatch(theme.fill_for(k), theme.border), ladder[level_name].label)
    if None in used:
        add(swatch(theme.unknown_fill, theme.border), "other / no ladder level")
    if vacancy:
        # a plain dashed cell: a rounded, dashed cell border is drawn past its cell
        add(swatch(theme.vacancy_fill, theme.border, "dashed"), "open role (vacancy)")
    if assistant:
        add("<td>▭ ▭</td>", "assistant (beside manager)")
    if dotted:
        add(f'<td><font color="{theme.dotted}">- - - -</font></td>', "dotted-line manager")
    if collapsed:
        add("<td>+N</td>", "team hidden below")
    severities = {scene.severity(v) for v in scene.flags}
    for severity in ("error", "warning", "info"):
        if severity in severities:
            glyph = SEVERITY_GLYPHS[severity]
            cell = f'<td><font color="{theme.severity_colour(severity)}">{glyph}</font></td>'
            add(cell, f"{severity} (hover for message)")
    kinds = dict.fromkeys(kind for marks in scene.marks.values() for kind, _ in marks)
    for kind in kinds:
        style = theme.marks[kind]
        add(f'<td><font color="{style.colour}">{dot_label(style.glyph)}</font></td>', style.label)
    if ghost:
        cell = f'<td><font color="{theme.ghost_border}">{GHOST_GLYPH}</font></td>'
        add(cell, "removed (was here)")
    for severity, code, message in scene.orgwide[:8]:
        glyph = SEVERITY_GLYPHS[severity]
        cell = f'<td><font color="{theme.severity_colour(severity)}">{glyph}</font></td>'
        add(cell, _shorten(f"{code}: {message}", 70))
    if len(scene.orgwide) > 8:
        add("<td></td>", more(len(scene.orgwide) - 8, "org-wide findings"))
    if not rows:
        return None
    body = "".join(f'<tr>{cell}<td align="left">{text}</td></tr>' for cell, text in rows)
    label = (
        f'<<table border="1" color="{theme.border}" cellborder="0" cellspacing="2" '
        f'cellpadding="2" bgcolor="{theme.background}">'
        f'<tr><td colspan="2" align="left"><b>Legend</b></td></tr>{body}</table>>'
    )
    width = max(text_width(t, _LEGEND_SIZE) for t in texts) + 26 + 24
    height = (len(rows) + 1) * _LEGEND_ROW + 10
    return label, width, height


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _dotted_pairs(scene: Scene) -> list[tuple[int, int]]:
    """(dotted-line manager node, report node) pairs where both are drawn."""
    column = scene.org.view.field("dotted_line")
    if column is None:
        return []
    index = scene.org.view.index
    node_of = scene.node_of
    pairs: list[tuple[int, int]] = []
    for v, s in enumerate(scene.tree.src):
        if s < 0:
            continue
        for ref in column[s]:
            i = index.get(ref)
            m = node_of.get(i) if i is not None else None
            if m is not None and m != v:
                pairs.append((m, v))
    return pairs


class _Frame:
    """Where the title, note and legend go around the chart, and the y flip."""

    __slots__ = ("flip", "left", "legend", "legend_pos", "notes_y", "right", "title_y")

    def __init__(self, scene: Scene, notes: tuple[str, ...]) -> None:
        options = scene.options
        lay = scene.layout
        top = 0.0  # y grows downwards here; the chart's boxes start at 0
        self.notes_y = self.title_y = 0.0
        if notes:
            top -= len(notes) * (_NOTE_SIZE + 4) + 12
            self.notes_y = top
        if options.title:
            top -= _TITLE_SIZE + 18
            self.title_y = top
        self.legend = _legend(scene) if options.legend else None
        self.left, self.right, bottom = 0.0, lay.width, lay.height
        self.legend_pos = (0.0, 0.0)
        if self.legend is not None:
            # beside the chart or below it, whichever keeps the picture nearer its aspect
            _, lw, lh = self.legend
            aspect = options.aspect or 16 / 9
            side = (lay.width + _GAP + lw) / (max(lay.height, lh) - top)
            below = max(lay.width, lw) / (lay.height + _GAP + lh - top)
            if abs(math.log(side / aspect)) <= abs(math.log(below / aspect)):
                self.legend_pos = (-_GAP - lw / 2, lh / 2)
                self.left = -_GAP - lw
                bottom = max(bottom, lh)
            else:
                self.legend_pos = (lw / 2, lay.height + _GAP + lh / 2)
                self.right = max(self.right, lw)
                bottom = lay.height + _GAP + lh
        self.flip = bottom  # Graphviz's y grows upwards: y' = flip - y

    def centre_x(self) -> str:
        return _num((self.left + self.right) / 2)


def _tooltip(lines: list[str]) -> str:
    """A tooltip attribute value (the graphviz package then quotes it as text)."""
    from graphviz import nohtml  # noqa: PLC0415  (import orgshape stays light)

    text: str = nohtml("\\n".join(dot_tooltip(line) for line in lines))
    return text


def _person(
    scene: Scene, v: int, flip: float, badges: list[tuple[str, dict[str, str]]]
) -> dict[str, str]:
    """The attributes of node ``v``'s box; its badges are appended to ``badges``."""
    theme = scene.options.theme
    tree, labels, lay = scene.tree, scene.labels, scene.layout
    w, h = labels.width, labels.height
    s = tree.src[v]
    ghost = s < 0
    level = scene.level(v)
    k = scene.level_index.get(level) if level is not None else None
    vacancy = scene.vacant[s] if s >= 0 else scene.ghosts[-1 - s].is_vacant
    classes = [
        "person",
        f"level_{_CLASS_SAFE.sub('_', level.lower())}"
        if k is not None and level
        else "level_unknown",
    ]
    attrs = {"pos": f"{_num(lay.x[v])},{_num(flip - lay.y[v] - h / 2)}!", "id": node_name(scene, v)}
    fill = theme.fill_for(k)
    style = "rounded,filled"
    if vacancy:
        # an open seat: empty (the vacancy fill), its level shown by a thick dashed
        # border in the level's colour, and "Open role" in italics
        classes.append("vacancy")
        style = "rounded,filled,dashed"
        attrs["color"] = theme.border if fill == theme.unknown_fill else _darker(fill)
        attrs["penwidth"] = "1.8"
        fill = theme.vacancy_fill
    if tree.assistant[v]:
        classes.append("assistant")
    if ghost:
        classes.append("ghost")
        style = "rounded,filled,dashed"
        fill = theme.ghost_fill
        attrs["color"] = theme.ghost_border
    if fill != theme.unknown_fill or vacancy:
        attrs["fillcolor"] = fill
    if style != "rounded,filled":
        attrs["style"] = style
    tips = list(labels.full[v])
    marks = scene.marks.get(v)
    if marks:
        classes.extend(
            "mark_" + _CLASS_SAFE.sub("_", kind.lower())
            for kind in dict.fromkeys(kind for kind, _ in marks)
        )
        attrs["color"] = theme.marks[marks[0][0]].colour
        attrs["penwidth"] = "2"
    severity = scene.severity(v)
    if severity is not None:
        colour = theme.severity_colour(severity)
        classes.append(f"flag_{severity}")
        attrs["color"] = colour
        attrs["penwidth"] = _PENWIDTH[severity]
        messages = [f"{SEVERITY_GLYPHS[sev]} {code}: {text}" for sev, code, text in scene.flags[v]]
        tips = (tips or [line.text for line in labels.lines[v]]) + messages
        name = f"f{s}" if s >= 0 else f"fx{-1 - s}"
        badges.append(
            (
                name,
                {
                    "label": SEVERITY_GLYPHS[severity],
                    "shape": "circle",
                    "width": _inches(17),
                    "height": _inches(17),
                    "fontsize": "9",
                    "fontcolor": theme.background,
                    "fillcolor": colour,
                    "color": colour,
                    "style": "filled",
                    "pos": f"{_num(lay.x[v] + w / 2 - 3)},{_num(flip - lay.y[v] - 3)}!",
                    "id": name,
                    "class": f"badge flag_{severity}",
                    "tooltip": _tooltip(messages),
                },
            )
        )
    hidden = tree.hidden[v]
    if hidden:
        classes.append("collapsed")
        text = f"+{hidden}"
        badges.append(
            (
                f"h{s}",
                {
                    "label": text,
                    "width": _inches(max(26.0, text_width(text, 8.5) + 12)),
                    "height": _inches(15),
                    "fontsize": "8.5",
                    "fontcolor": theme.text,
                    "fillcolor": theme.badge_fill,
                    "pos": f"{_num(lay.x[v])},{_num(flip - lay.y[v] - h)}!",
                    "id": f"h{s}",
                    "class": "badge hidden_count",
                    "tooltip": f"{hidden} more in this team (collapsed)",
                },
            )
        )
    if tips:
        attrs["tooltip"] = _tooltip(tips)
    attrs["class"] = " ".join(classes)
    attrs["label"] = _label(labels.lines[v], theme, vacancy=vacancy, ghost=ghost)
    return attrs


def build_dot(scene: Scene, *, notes: tuple[str, ...] = ()) -> str:
    """Return the chart's DOT source.

    Args:
        scene: the chart's nodes, flags, marks, labels and layout.
        notes: extra lines drawn under the title (the notebook's "collapsed view" note).
    """
    import graphviz  # noqa: PLC0415  (import orgshape stays light)

    options = scene.options
    theme = options.theme
    tree, labels, lay = scene.tree, scene.labels, scene.layout
    w, h = labels.width, labels.height
    frame = _Frame(scene, notes)
    flip = frame.flip
    dot = graphviz.Digraph(
        name="orgchart",
        comment=(
            "org chart by orgshape: positions are pinned (layout=nop2); "
            "render with: dot -Tsvg chart.gv"
        ),
        graph_attr={
            "layout": "nop2",
            "outputorder": "edgesfirst",
            "bgcolor": theme.background,
            "pad": "0.3",
            "fontname": theme.fontname,
        },
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fixedsize": "true",
            "width": _inches(w),
            "height": _inches(h),
            "fontname": theme.fontname,
            "fontsize": _num(FONT.field_size),
            "fontcolor": theme.muted,
            "color": theme.border,
            "fillcolor": theme.unknown_fill,
            "penwidth": "1",
            "margin": "0",
        },
        edge_attr={"dir": "none", "color": theme.line, "penwidth": "1.2"},
    )
    text_node = {"shape": "plaintext", "fixedsize": "false", "style": ""}
    if options.title:
        dot.node(
            "title",
            label=f"<<b>{dot_label(options.title)}</b>>",
            fontsize=_num(_TITLE_SIZE),
            fontcolor=theme.text,
            pos=f"{frame.centre_x()},{_num(flip - frame.title_y - 10)}!",
            id="title",
            **text_node,
        )
    if notes:
        middle = frame.notes_y + len(notes) * (_NOTE_SIZE + 4) / 2
        dot.node(
            "note",
            label="<" + "<br/>".join(dot_label(line) for line in notes) + ">",
            fontsize=_num(_NOTE_SIZE),
            pos=f"{frame.centre_x()},{_num(flip - middle)}!",
            id="note",
            **text_node,
        )
    if frame.legend is not None:
        x, y = frame.legend_pos
        dot.node(
            "legend",
            label=frame.legend[0],
            fontsize=_num(_LEGEND_SIZE),
            fontcolor=theme.text,
            pos=f"{_num(x)},{_num(flip - y)}!",
            id="legend",
            **text_node,
        )

    badges: list[tuple[str, dict[str, str]]] = []
    for v in range(len(tree)):
        _statement(dot, node_name(scene, v), _person(scene, v, flip, badges))
    for v in range(len(tree)):
        path = lay.paths[v]
        p = tree.parent[v]
        if path is None or p < 0:
            continue
        edge = {"pos": _bezier(path, flip)}
        if tree.src[v] < 0:
            edge["style"] = "dashed"
            edge["color"] = theme.ghost_border
        _statement(dot, f"{node_name(scene, p)} -> {node_name(scene, v)}", edge)
    if options.dotted_lines:
        for m, v in _dotted_pairs(scene):
            a = (lay.x[m], lay.y[m] + h / 2)
            b = (lay.x[v], lay.y[v] + h / 2)
            _statement(
                dot,
                f"{node_name(scene, m)} -> {node_name(scene, v)}",
                {
                    "pos": _arrow_curve(_curve(a, b, w, h), flip),
                    "dir": "forward",
                    "arrowhead": "vee",
                    "arrowsize": "0.7",
                    "style": "dashed",
                    "color": theme.dotted,
                    "penwidth": "1.4",
                    "class": "dotted_line",
                },
            )
    for name, attrs in badges:
        _statement(dot, name, attrs)
    source: str = dot.source
    return source


def _arrow_curve(points: list[float], flip: float) -> str:
    """Four points as one cubic Bézier ending in an arrowhead at the last point."""
    tip_x, tip_y = points[6], points[7]
    dx, dy = tip_x - points[4], tip_y - points[5]
    length = math.hypot(dx, dy) or 1.0
    cut = min(_ARROW, length / 2)
    end = [tip_x - dx / length * cut, tip_y - dy / length * cut]
    pts = [*points[:4], points[4] - dx / length * cut, points[5] - dy / length * cut, *end]
    coords = " ".join(f"{_num(pts[k])},{_num(flip - pts[k + 1])}" for k in range(0, len(pts), 2))
    return f"e,{_num(tip_x)},{_num(flip - tip_y)} {coords}"
