"""The interactive chart: one self-contained, offline HTML page.

Glossary:
    page: the HTML file :meth:`Chart.save` writes for ``.html``: markup that holds no
        data, a stylesheet, the chart's data as JSON in a
        ``<script type="application/json">`` element, and one script (the layout and
        the viewer, from ``_static/``). It loads nothing: no CDN, no font, no image,
        no request of any kind.
    full tree: every position of the chart's scope (``root``, or the whole org) and
        every ghost, in the order :func:`~orgshape.render._tree.visible_tree` gives
        them with nothing collapsed. The page shows part of it and re-lays out what is
        shown whenever a team is expanded or collapsed.
    initial view: ``max_depth`` and ``collapse`` say which teams start collapsed;
        without either, the page picks the deepest depth that still fits the screen.

How it lays out: ``_static/layout.js`` is a line-by-line port of
:mod:`orgshape.render._layout` (same constants, same passes), so the page draws the
same compact chart as the SVG, and an expanded or collapsed team is laid out as the
Python layout would lay it out; the browser tests compare the two, coordinate by
coordinate. All boxes have the size of the full tree's widest label, so they do not
change size as teams open.

Safety: the markup is constant; every user string (names, titles, ids, extra
columns, findings, the title) is in the JSON, in its visible form
(:func:`orgshape._display.visible`: control and bidi characters as visible codes),
escaped by :func:`orgshape._display.script_json` so that it cannot close its
``<script>`` element, and the script puts it on the page with ``textContent`` or as
an attribute value, never as HTML. A
Content-Security-Policy meta tag allows only the page's own script and stylesheet
(by their SHA-256), no ``eval``, no request (``default-src 'none'``).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import attrs

from orgshape._display import script_json, visible
from orgshape._model import MISSING, Position
from orgshape._version import __version__
from orgshape.render._labels import FONT
from orgshape.render._options import SEVERITIES, severity_of
from orgshape.render._scene import Scene

if TYPE_CHECKING:
    from orgshape._model import Org
    from orgshape.render._options import ChartOptions

__all__ = ["CSP", "build_html", "notebook_height", "notebook_html", "page_data"]

#: The page's Content-Security-Policy; ``{script}`` and ``{style}`` are SHA-256 sources.
CSP: Final = (
    "default-src 'none'; script-src {script}; style-src {style}; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
_PLACEHOLDER: Final = re.compile(r"\{\{(\w+)\}\}")
#: Position fields the details card shows in their own way (the rest: one row each).
_SHOWN_APART: Final = frozenset(
    {"id", "name", "title", "level", "manager", "dotted_line", "assistant", "extra"}
)
_LABELS: Final = {"req": "Requisition", "years_experience": "Years of experience"}
#: Notebook frame height, in CSS pixels: the chart's natural height, within these.
NOTEBOOK_HEIGHT: Final = (260, 640)
_TOOLBAR_PX: Final = 46


@functools.cache
def _static(name: str) -> str:
    from importlib.resources import files  # noqa: PLC0415  (import orgshape stays light)

    return files("orgshape.render").joinpath("_static", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def _text(value: object) -> str:
    return str(getattr(value, "value", value))


def _value(field: str, value: Any) -> str | None:
    """A field's value as display text (None when empty)."""
    if value is None or value is MISSING or value == ():
        return None
    if field == "products" or field == "dotted_line":
        return visible("; ".join(str(v) for v in value))
    if field == "cost" and isinstance(value, int | float):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    if field == "years_experience" and isinstance(value, int | float):
        return f"{value:g}"
    return visible(str(value))


def _full_scene(org: Org, options: ChartOptions) -> Scene:
    return Scene(org, attrs.evolve(options, max_depth=None, collapse=()))


def page_data(org: Org, options: ChartOptions) -> dict[str, Any]:
    """The data the page shows, as JSON-ready values (every user string visible).

    Raises:
        UnknownPositionError: ``root`` or a ``collapse`` or mark id is not in the org.
    """
    scene = _full_scene(org, options)
    tree, labels = scene.tree, scene.labels
    view = org.view
    ladder = org.ladder
    theme = options.theme
    n = len(tree)
    ghosts = scene.ghosts
    src = tree.src

    def column(field: str) -> list[Any]:
        """A field of every node: the org's column, and the ghosts' own values."""
        if field in ("id", "name", "title", "manager"):
            values: Any = getattr(view, field + "s")
        else:
            values = view.field(field)
        return [
            (values[s] if values is not None else None)
            if s >= 0
            else getattr(ghosts[-1 - s], field)
            for s in src
        ]

    def extra_column(name: str) -> list[Any]:
        values = view.extra_column(name)
        return [values[s] if s >= 0 else ghosts[-1 - s].extra.get(name, MISSING) for s in src]

    ids, names, titles = column("id"), column("name"), column("title")
    managers = column("manager")
    spans = view.spans
    level_index = scene.level_index

    def rank(level: str | None) -> int | None:
        return ladder.rank(level) if level is not None and level in ladder else None

    levels = [scene.level(v) for v in range(n)]
    marks: dict[int, str] = {}
    mark_kinds: dict[int, list[str]] = {}
    mark_colours: dict[int, list[str]] = {}
    for v, line_marks in scene.marks.items():
        marks[v] = theme.marks[line_marks[0][0]].colour
        mark_kinds[v] = list(dict.fromkeys(kind for kind, _ in line_marks))
    for v in range(n):
        colours = [line.colour or theme.text for line in labels.lines[v] if line.kind == "mark"]
        if colours:
            mark_colours[v] = colours
    kinds = {"name": "n", "field": "f", "mark": "m", "tag": "t"}  # t: a dotted-line tag

    # details: every field the org has data for, and the extra columns
    columns: list[tuple[str, Callable[[int], str | None]]] = [
        ("Id", lambda v: visible(ids[v])),
        ("Level", lambda v: _level_text(org, levels[v])),
        ("Manager id", lambda v: _value("manager", managers[v])),
    ]
    if "dotted_line" in view.field_names or ghosts:
        dotted_column = column("dotted_line")
        columns.append(("Dotted line to", functools.partial(_cell, dotted_column, "dotted_line")))
    for attribute in attrs.fields(Position):
        field = attribute.name
        if field in _SHOWN_APART or not (field in view.field_names or ghosts):
            continue
        label = _LABELS.get(field, field.replace("_", " ").capitalize())
        columns.append((label, functools.partial(_cell, column(field), field)))
    columns.append(("Assistant", lambda v: "yes" if tree.assistant[v] else None))
    for extra in view.extra_names:
        columns.append((visible(extra), functools.partial(_cell, extra_column(extra), extra)))
    if view.rows is not None:
        rows = view.rows
        columns.append(
            ("Source row", lambda v: str(rows[src[v]]) if src[v] >= 0 and rows[src[v]] else None)
        )
    values = [[get(v) for v in range(n)] for _, get in columns]
    keep = [k for k, column in enumerate(values) if any(x is not None for x in column)]

    dotted: list[list[int]] = []
    if options.dotted_lines:
        refs = view.field("dotted_line")
        if refs is not None:
            index = view.index
            for v, s in enumerate(src):
                if s < 0:
                    continue
                for ref in refs[s]:
                    i = index.get(ref)
                    m = scene.node_of.get(i) if i is not None else None
                    if m is not None and m != v:
                        dotted.append([v, m])

    findings = []
    for finding in options.highlight:
        raw: object = finding.ids
        named = [raw] if isinstance(raw, str) else [str(i) for i in finding.ids or ()]
        nodes = []
        for id_ in dict.fromkeys(named):
            i = view.index.get(id_)
            node = scene.node_of.get(i) if i is not None else None
            if node is not None:
                nodes.append(node)
        findings.append(
            {
                "severity": severity_of(finding),
                "code": visible(_text(finding.code)),
                "message": visible(_text(finding.message)),
                "hint": visible(_text(getattr(finding, "hint", "") or "")),
                "ids": [visible(i) for i in named],
                "nodes": nodes,
            }
        )
    order = {s: k for k, s in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: order[str(f["severity"])])

    initial: dict[str, Any] | None = None
    if options.max_depth is not None or options.collapse:
        closed = [scene.node_of[org.index(i)] for i in options.collapse]
        initial = {"depth": options.max_depth, "closed": closed}

    costs = view.field("cost")
    return {
        "version": 1,
        "heading": visible(options.title) if options.title else None,
        "scope": tree.scope_size,
        "box": {"w": labels.width, "h": labels.height},
        "font": {
            "name_height": FONT.name_height,
            "field_height": FONT.field_height,
            "mark_height": FONT.mark_height,
        },
        "aspect": options.aspect,
        "stack": options.stack_leaves,
        "align": options.align_levels,
        "dotted_lines": options.dotted_lines,
        "theme": {
            "background": theme.background,
            "text": theme.text,
            "border": theme.border,
            "line": theme.line,
            "dotted": theme.dotted,
            "unknown_fill": theme.unknown_fill,
            "ghost_fill": theme.ghost_fill,
            "ghost_border": theme.ghost_border,
            "badge_fill": theme.badge_fill,
            "error": theme.error,
            "warning": theme.warning,
            "info": theme.info,
            "marks": {
                kind: {"glyph": visible(s.glyph), "colour": s.colour, "label": visible(s.label)}
                for kind, s in theme.marks.items()
            },
        },
        "levels": [
            {"label": visible(ladder[name].label), "fill": theme.fill_for(k)}
            for k, name in enumerate(ladder.names)
        ],
        "id": list(ids),
        "name": [visible(name) if name is not None else "Open role" for name in names],
        "title": [visible(title) if title else None for title in titles],
        "parent": tree.parent,
        "ghost": [1 if s < 0 else 0 for s in src],
        "reports": [1 if r else 0 for r in tree.reports],
        "vacancy": [1 if name is None else 0 for name in names],
        "assistant": [1 if a else 0 for a in tree.assistant],
        "level": [level_index.get(level, -1) if level is not None else -1 for level in levels],
        "rank": [rank(level) for level in levels],
        "span": [spans[s] if s >= 0 else 0 for s in src],
        "cost": [_finite(costs[s]) if costs is not None and s >= 0 else None for s in src],
        "lines": [[line.text for line in labels.lines[v]] for v in range(n)],
        "kinds": ["".join(kinds[line.kind] for line in labels.lines[v]) for v in range(n)],
        "full": {v: list(full) for v, full in enumerate(labels.full) if full},
        "marks": marks,
        "markKinds": mark_kinds,
        "markColours": mark_colours,
        "changes": {
            v: [f"{visible(theme.marks[kind].glyph)} {visible(note)}" for kind, note in notes]
            for v, notes in scene.marks.items()
        },
        "fields": {
            "names": [columns[k][0] for k in keep],
            "values": [values[k] for k in keep],
        },
        "dotted": dotted,
        "findings": findings,
        "initial": initial,
    }


def _level_text(org: Org, level: str | None) -> str | None:
    if level is None:
        return None
    return visible(org.ladder[level].label if level in org.ladder else level)


def _finite(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _cell(values: list[Any], field: str, v: int) -> str | None:
    return _value(field, values[v])


def build_html(org: Org, options: ChartOptions) -> str:
    """Return the interactive chart page of ``org`` drawn with ``options``.

    Raises:
        UnknownPositionError: ``root`` or a ``collapse`` or mark id is not in the org.
    """
    style = _static("chart.css")
    script = _static("layout.js") + "\n" + _static("chart.js")
    values = {
        "csp": CSP.format(script=_sha256(script), style=_sha256(style)),
        "version": __version__,
        "style": style,
        "data": script_json(page_data(org, options)),
        "script": script,
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], _static("chart.html"))


def notebook_html(page: str, *, height: int, fallback_svg: str | None = None) -> str:
    """The page in a sandboxed ``<iframe srcdoc>``, for a notebook's ``text/html``.

    The frame keeps the page's script and its CSP apart from the notebook (an opaque
    origin: ``sandbox="allow-scripts"`` without ``allow-same-origin``). Where the
    notebook strips frames (JupyterLab shows untrusted output sanitised), the static
    SVG, as an ``<img>`` under the frame, shows instead.

    Examples:
        >>> out = notebook_html("<p>a & b</p>", height=300)
        >>> 'srcdoc="&lt;p&gt;a &amp; b&lt;/p&gt;"' in out, 'height:300px' in out
        (True, True)
    """
    image = ""
    if fallback_svg is not None:
        data = base64.b64encode(fallback_svg.encode("utf-8")).decode("ascii")
        image = (
            f'<img alt="org chart (static view)" src="data:image/svg+xml;base64,{data}" '
            'style="max-width:100%;max-height:100%;display:block;margin:0 auto">'
        )
    return (
        f'<div class="orgshape-chart" style="position:relative;width:100%;height:{height}px;'
        f'overflow:hidden">{image}'
        # the whole page as an attribute value: entities only (its data is escaped already)
        f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
        'title="org chart" loading="lazy" '
        'style="position:absolute;top:0;left:0;width:100%;height:100%;border:0;'
        'background:#ffffff"></iframe></div>'
    )


def notebook_height(layout_height: float) -> int:
    """The frame height for a chart whose initial view is ``layout_height`` points tall.

    Examples:
        >>> notebook_height(100), notebook_height(10_000)
        (260, 640)
    """
    natural = layout_height * 4 / 3 + _TOOLBAR_PX + 60
    low, high = NOTEBOOK_HEIGHT
    return int(min(high, max(low, natural)))
