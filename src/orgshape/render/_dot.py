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
from orgshape.render._dotted import TAG_GLYPH, route
from orgshape.render._labels import FONT, GHOST_GLYPH, MAX_TIP_LINE, text_width
from orgshape.render._options import SEVERITY_GLYPHS

if TYPE_CHECKING:
    import graphviz

    from orgshape.render._labels import Line
    from orgshape.render._options import Theme
    from orgshape.render._scene import Scene

__all__ = [
    "TABLE_ROWS",
    "build_dot",
    "callout_text",
    "drawing_size",
    "node_name",
    "rollup_parts",
    "rollup_sentence",
]

_PENWIDTH: Final = {"error": "3.2", "warning": "2.4", "info": "1.8"}
_LEGEND_SIZE: Final = 10.0
_LEGEND_ROW: Final = 22.0
_TITLE_SIZE: Final = 16.0
_NOTE_SIZE: Final = 10.0
_GAP: Final = 30.0
_PAD: Final = 0.3  # inches of margin Graphviz adds around the drawing
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


_CALLOUT_SIZE: Final = 8.5


def callout_text(callouts: list[tuple[str, int]], *, limit: int = 4) -> str:
    """The text of a box's callout: glyphs and numbers, most severe first.

    Examples:
        >>> callout_text([("error", 1), ("warning", 4), ("warning", 7)])
        '✖1 ▲4,7'
        >>> callout_text([("warning", k) for k in range(2, 9)])
        '▲2,3,4,5 +3'
    """
    groups: dict[str, list[str]] = {}
    for severity, number in callouts[:limit]:
        groups.setdefault(severity, []).append(str(number))
    text = " ".join(SEVERITY_GLYPHS[sev] + ",".join(nums) for sev, nums in groups.items())
    if len(callouts) > limit:
        text += f" +{len(callouts) - limit}"
    return text


def rollup_parts(scene: Scene, v: int) -> list[tuple[str, str | None]]:
    """A collapsed box's badge: (text, colour) parts: +N, open roles, findings."""
    theme = scene.options.theme
    parts: list[tuple[str, str | None]] = [(f"+{scene.tree.hidden[v]}", None)]
    vacancies = scene.hidden_open.get(v, 0)
    if vacancies:
        parts.append((f"{vacancies} open", None))
    counts = scene.rollup.get(v, {})
    for severity in ("error", "warning", "info"):
        if counts.get(severity):
            parts.append(
                (f"{SEVERITY_GLYPHS[severity]}{counts[severity]}", theme.severity_colour(severity))
            )
    return parts


def rollup_sentence(scene: Scene, v: int) -> str:
    """What a collapsed box hides, as a sentence (its tooltip)."""
    hidden = scene.tree.hidden[v]
    text = f"{hidden} more in this team (collapsed)"
    vacancies = scene.hidden_open.get(v, 0)
    if vacancies:
        text += f", {vacancies} of them open roles"
    counts = scene.rollup.get(v, {})
    found = [f"{n} {sev}{'s' if n != 1 and sev != 'info' else ''}" for sev, n in counts.items()]
    if found:
        text += "; findings about them: " + ", ".join(found)
    return text


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
        elif line.kind == "tag":
            parts.append(f'<font color="{line.colour}"><i>{text}</i></font>')
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
    dotted = bool(scene.dotted)
    tagged = bool(scene.tags)
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
        add(f'<td><font color="{theme.dotted}">- - -&gt;</font></td>', "dotted-line manager")
    if tagged:
        add(f'<td><font color="{theme.dotted}">{TAG_GLYPH}</font></td>', "dotted line to (named)")
    if collapsed:
        add("<td>+N</td>", "team hidden below (people, open roles, findings)")
    severities = {f.severity for f in scene.findings}
    table = options.findings_table
    for severity in ("error", "warning", "info"):
        if severity in severities:
            glyph = SEVERITY_GLYPHS[severity]
            cell = f'<td><font color="{theme.severity_colour(severity)}">{glyph} 1</font></td>'
            add(cell, f"{severity}, numbered as in the findings table" if table else severity)
    kinds = dict.fromkeys(kind for marks in scene.marks.values() for kind, _ in marks)
    for kind in kinds:
        style = theme.marks[kind]
        add(f'<td><font color="{style.colour}">{dot_label(style.glyph)}</font></td>', style.label)
    if ghost:
        cell = f'<td><font color="{theme.ghost_border}">{GHOST_GLYPH}</font></td>'
        add(cell, "removed (was here)")
    for severity, code, message in [] if table else scene.orgwide[:8]:
        glyph = SEVERITY_GLYPHS[severity]
        cell = f'<td><font color="{theme.severity_colour(severity)}">{glyph}</font></td>'
        add(cell, _shorten(f"{code}: {message}", 70))
    if not table and len(scene.orgwide) > 8:
        add("<td></td>", more(len(scene.orgwide) - 8, "org-wide findings"))
    if not rows:
        return None
    body = "".join(f'<tr>{cell}<td align="left">{text}</td></tr>' for cell, text in rows)
    label = (
        f'<<table border="1" color="{theme.border}" cellborder="0" cellspacing="4" '
        f'cellpadding="2" bgcolor="{theme.background}">'
        f'<tr><td colspan="2" align="left"><b>Legend</b></td></tr>{body}</table>>'
    )
    width = max(text_width(t, _LEGEND_SIZE) for t in texts) + 26 + 24
    height = (len(rows) + 1) * _LEGEND_ROW + 10
    return label, width, height


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Frame:
    """Where the title, note and side panels go around the chart, and the y flip.

    The panels (the legend, the findings table, a summary) sit in one column beside
    the chart, or in one row below it, whichever keeps the picture nearer its aspect.
    """

    __slots__ = ("flip", "left", "notes_y", "panels", "right", "title_y", "top")

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
        self.top = top
        found: list[tuple[str, tuple[str, float, float] | None]] = [
            ("summary", _summary(scene)),
            ("legend", _legend(scene) if options.legend else None),
            ("findings", _findings_table(scene) if options.findings_table else None),
        ]
        shown = [(name, panel) for name, panel in found if panel is not None]
        self.left, self.right, bottom = 0.0, lay.width, lay.height
        #: (node name, HTML label, centre x, centre y) of each panel
        self.panels: list[tuple[str, str, float, float]] = []
        if shown:
            col_w = max(p[1] for _, p in shown)
            col_h = sum(p[2] for _, p in shown) + _GAP * (len(shown) - 1)
            row_w = sum(p[1] for _, p in shown) + _GAP * (len(shown) - 1)
            row_h = max(p[2] for _, p in shown)
            aspect = options.aspect or 16 / 9
            side = (lay.width + _GAP + col_w) / (max(lay.height, col_h) - top)
            below = max(lay.width, row_w) / (lay.height + _GAP + row_h - top)
            if abs(math.log(side / aspect)) <= abs(math.log(below / aspect)):
                y = 0.0
                for name, (label, w, h) in shown:
                    self.panels.append((name, label, -_GAP - col_w + w / 2, y + h / 2))
                    y += h + _GAP
                self.left = -_GAP - col_w
                bottom = max(bottom, col_h)
            else:
                x = 0.0
                for name, (label, w, h) in shown:
                    self.panels.append((name, label, x + w / 2, lay.height + _GAP + h / 2))
                    x += w + _GAP
                self.right = max(self.right, row_w)
                bottom = lay.height + _GAP + row_h
        self.flip = bottom  # Graphviz's y grows upwards: y' = flip - y

    def centre_x(self) -> str:
        return _num((self.left + self.right) / 2)

    @property
    def size(self) -> tuple[float, float]:
        """The drawing's width and height in points, Graphviz's padding included."""
        pad = 2 * _PAD * 72
        return self.right - self.left + pad, self.flip - self.top + pad


_TABLE_SIZE: Final = 9.0
_TABLE_ROW: Final = 15.0
#: Rows of the findings table drawn beside a chart (a paged PDF lists every finding).
TABLE_ROWS: Final = 40
_MESSAGE: Final = 90  # characters of a message in the table beside the chart


def _findings_table(scene: Scene) -> tuple[str, float, float] | None:
    """The findings table's HTML label and estimated (width, height), or None."""
    rows = scene.finding_rows()
    if not rows:
        return None
    theme = scene.options.theme
    shown = rows[:TABLE_ROWS]
    headers = ("#", "severity", "rule", "people", "message")
    texts: list[list[str]] = [list(headers)]
    body = []
    for number, severity, code, people, message in shown:
        message = _shorten(message, _MESSAGE)
        cells = [str(number), f"{SEVERITY_GLYPHS[severity]} {severity}", code, people, message]
        texts.append(cells)
        colour = theme.severity_colour(severity)
        body.append(
            "<tr>"
            f'<td align="right"><b>{number}</b></td>'
            f'<td align="left"><font color="{colour}">{dot_label(cells[1])}</font></td>'
            + "".join(f'<td align="left">{dot_label(c)}</td>' for c in cells[2:])
            + "</tr>"
        )
    if len(rows) > TABLE_ROWS:
        rest = more(
            len(rows) - TABLE_ROWS,
            "findings",
            hint="every finding is on the findings page of a paged PDF, and in orgshape check",
        )
        texts.append([rest])
        body.append(f'<tr><td colspan="5" align="left">{dot_label(rest)}</td></tr>')
    head = "".join(f'<td align="left"><b>{h}</b></td>' for h in headers)
    title = f"{scene.options.findings_title} ({len(rows)})"
    label = (
        f'<<table border="1" color="{theme.border}" cellborder="0" cellspacing="0" '
        f'cellpadding="3" bgcolor="{theme.background}">'
        f'<tr><td colspan="5" align="left"><b>{dot_label(title)}</b></td></tr>'
        f"<tr>{head}</tr>{''.join(body)}</table>>"
    )
    columns = [0.0] * 5
    for cells in texts:
        if len(cells) == 5:
            for k, cell in enumerate(cells):
                columns[k] = max(columns[k], text_width(cell, _TABLE_SIZE, bold=k == 0))
    width = sum(columns) + 5 * 8 + 8
    if len(rows) > TABLE_ROWS:
        width = max(width, text_width(texts[-1][0], _TABLE_SIZE) + 16)
    height = (len(body) + 2) * _TABLE_ROW + 10
    return label, width, height


def _summary(scene: Scene) -> tuple[str, float, float] | None:
    """The summary panel (``ChartOptions.summary``): its label and (width, height)."""
    items = scene.options.summary
    if not items:
        return None
    theme = scene.options.theme
    body = "".join(
        f'<tr><td align="left">{dot_label(k)}</td><td align="right"><b>{dot_label(v)}</b></td></tr>'
        for k, v in items
    )
    title = scene.options.summary_title
    label = (
        f'<<table border="1" color="{theme.border}" cellborder="0" cellspacing="0" '
        f'cellpadding="3" bgcolor="{theme.background}">'
        f'<tr><td colspan="2" align="left"><b>{dot_label(title)}</b></td></tr>{body}</table>>'
    )
    width = max(
        max(
            text_width(k, _LEGEND_SIZE) + text_width(v, _LEGEND_SIZE, bold=True) + 30
            for k, v in items
        ),
        text_width(title, _LEGEND_SIZE, bold=True) + 16,
    )
    height = (len(items) + 1) * _LEGEND_ROW + 10
    return label, width, height


#: The most UTF-8 bytes of a tooltip: Graphviz refuses a quoted string over 16 KB.
_TOOLTIP_BYTES: Final = 12_000


def _tooltip(lines: list[str]) -> str:
    """A tooltip attribute value (the graphviz package then quotes it as text).

    Lines are cut to :data:`MAX_TIP_LINE` characters, and the tooltip ends with "…"
    before it would pass Graphviz's limit on a quoted string (finding messages name
    people, whose names can be long).
    """
    from graphviz import nohtml  # noqa: PLC0415  (import orgshape stays light)

    kept: list[str] = []
    size = 0
    for line in lines:
        shown = dot_tooltip(line)
        if len(shown) > MAX_TIP_LINE:
            shown = shown[: MAX_TIP_LINE - 1] + "…"
        size += len(shown.encode()) + shown.count('"') + 2
        if size > _TOOLTIP_BYTES:
            kept.append("…")
            break
        kept.append(shown)
    text: str = nohtml("\\n".join(kept))
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
    callouts = scene.callouts.get(v)
    if callouts:
        worst = callouts[0][0]
        colour = theme.severity_colour(worst)
        text = callout_text(callouts)
        cw = text_width(text, _CALLOUT_SIZE, bold=True) + 10
        name = f"f{s}" if s >= 0 else f"fx{-1 - s}"
        numbered = [
            f"{SEVERITY_GLYPHS[f.severity]} {f.number}. {f.code}: {f.message}"
            for f in scene.findings
            if v in f.nodes
        ]
        badges.append(
            (
                name,
                {
                    "label": f"<<b>{dot_label(text)}</b>>",
                    "shape": "box",
                    "style": "rounded,filled",
                    "width": _inches(cw),
                    "height": _inches(15),
                    "fontsize": _num(_CALLOUT_SIZE),
                    "fontcolor": theme.background,
                    "fillcolor": colour,
                    "color": colour,
                    "pos": f"{_num(lay.x[v] + w / 2 - cw / 2 + 6)},{_num(flip - lay.y[v])}!",
                    "id": name,
                    "class": f"badge callout flag_{worst}",
                    "tooltip": _tooltip(numbered),
                },
            )
        )
    hidden = tree.hidden[v]
    if hidden:
        classes.append("collapsed")
        parts = rollup_parts(scene, v)
        plain = " · ".join(text for text, _ in parts)
        label = " · ".join(
            f'<font color="{c}">{dot_label(t)}</font>' if c else dot_label(t) for t, c in parts
        )
        badges.append(
            (
                f"h{s}",
                {
                    "label": f"<{label}>",
                    "width": _inches(max(26.0, text_width(plain, 8.5) + 12)),
                    "height": _inches(15),
                    "fontsize": "8.5",
                    "fontcolor": theme.text,
                    "fillcolor": theme.badge_fill,
                    "pos": f"{_num(lay.x[v])},{_num(flip - lay.y[v] - h)}!",
                    "id": f"h{s}",
                    "class": "badge hidden_count",
                    "tooltip": _tooltip([rollup_sentence(scene, v)]),
                },
            )
        )
    if tips:
        attrs["tooltip"] = _tooltip(tips)
    attrs["class"] = " ".join(classes)
    attrs["label"] = _label(labels.lines[v], theme, vacancy=vacancy, ghost=ghost)
    return attrs


def drawing_size(scene: Scene, *, notes: tuple[str, ...] = ()) -> tuple[float, float]:
    """The width and height (points) of the drawing :func:`build_dot` describes."""
    return _Frame(scene, notes).size


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
            "pad": _num(_PAD),
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
    for name, label, x, y in frame.panels:
        dot.node(
            name,
            label=label,
            fontsize=_num(_TABLE_SIZE if name == "findings" else _LEGEND_SIZE),
            fontcolor=theme.text,
            pos=f"{_num(x)},{_num(flip - y)}!",
            id=name,
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
    if scene.dotted:
        routes = route(scene, scene.dotted)
        for (m, v), line in zip(scene.dotted, routes, strict=True):
            if line is None:  # no route found within the search limit: the plain curve
                a = (lay.x[m], lay.y[m] + h / 2)
                b = (lay.x[v], lay.y[v] + h / 2)
                pos = _arrow_curve(_curve(a, b, w, h), flip)
            else:
                pos = _arrow_line(line, flip)
            _statement(
                dot,
                f"{node_name(scene, m)} -> {node_name(scene, v)}",
                {
                    "pos": pos,
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


def _arrow_line(points: list[float], flip: float) -> str:
    """An orthogonal polyline ending in an arrowhead at its last point."""
    tip_x, tip_y = points[-2], points[-1]
    dx, dy = tip_x - points[-4], tip_y - points[-3]
    length = math.hypot(dx, dy) or 1.0
    cut = min(_ARROW, length / 2)
    body = [*points[:-2], tip_x - dx / length * cut, tip_y - dy / length * cut]
    return f"e,{_num(tip_x)},{_num(flip - tip_y)} {_bezier(body, flip)}"


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
