"""A PowerPoint deck of a chart: native, editable shapes on 16:9 slides.

Glossary:
    slide: 13.333 × 7.5 inches (16:9). A title at the top, the chart below it.
    readable: a name is drawn at 12 pt or more. orgshape's boxes use 11 pt names, so a
        slide shows a chart at :data:`MIN_SCALE` (12/11) of its size or more.
    deck: an overview slide (the chart, as many layers deep as fit readably, at least
        two), then one slide per leader whose team was collapsed on an earlier slide,
        planned the same way (depth first), then the findings as table slides (12 a
        slide), numbered as on the charts. Each chart slide's speaker notes list the
        findings of the people on it. A team too big for a readable slide even two
        layers deep (a manager of more than about eight stacked reports) is drawn
        smaller, and its speaker notes say so.

Everything on a slide is a native shape that stays editable in PowerPoint (and Keynote,
LibreOffice Impress, Google Slides): each box is a rounded rectangle with its text
(name bold, title, change marks, dotted-line tags), each reporting line an elbow
connector *glued* to both boxes (moving a box in PowerPoint drags its lines along),
callouts and roll-up badges are small shapes of their own, and the findings are a
table. Positions come from orgshape's own layout (:mod:`orgshape.render._layout`), so
a slide looks like the chart; the connectors' route is the application's own elbow
routing between the glued sides.

Made with python-pptx, the optional extra ``orgshape[pptx]``.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any, Final

from orgshape._display import visible
from orgshape.render._dot import callout_text, rollup_parts
from orgshape.render._labels import FONT
from orgshape.render._options import SEVERITY_GLYPHS
from orgshape.render._pages import plan

if TYPE_CHECKING:
    from orgshape.render._chart import Chart
    from orgshape.render._scene import Scene

__all__ = ["MIN_SCALE", "SLIDE", "write_pptx"]

#: Slide width and height in points (13.333 × 7.5 inches).
SLIDE: Final = (960.0, 540.0)
#: The smallest scale a chart is drawn at on a slide: names of 12 pt or more.
MIN_SCALE: Final = 12 / FONT.name_size
_MAX_SCALE: Final = 1.6  # small teams are not blown up past this
_MARGIN: Final = 24.0
_TITLE_H: Final = 44.0
_ROWS: Final = 12  # findings per table slide
_EMU: Final = 12_700  # EMU per point


def _rgb(colour: str) -> Any:
    from pptx.dml.color import RGBColor  # noqa: PLC0415  (optional)

    text = colour.lstrip("#")[:6] if colour.startswith("#") else "000000"
    # python-pptx leaves RGBColor untyped
    return RGBColor(  # type: ignore[no-untyped-call]
        int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
    )


def _emu(points: float) -> int:
    return round(points * _EMU)


def write_pptx(chart: Chart) -> bytes:
    """The deck of ``chart`` (see the module docs) as ``.pptx`` bytes.

    Raises:
        ImportError: python-pptx is missing (``pip install 'orgshape[pptx]'``).
    """
    try:
        from pptx import Presentation  # noqa: PLC0415  (optional, heavy)
        from pptx.util import Emu  # noqa: PLC0415
    except ImportError as err:
        msg = "PowerPoint output needs python-pptx: pip install 'orgshape[pptx]'"
        raise ImportError(msg) from err
    deck = Presentation()
    deck.slide_width = Emu(_emu(SLIDE[0]))
    deck.slide_height = Emu(_emu(SLIDE[1]))
    room = (SLIDE[0] - 2 * _MARGIN, SLIDE[1] - 2 * _MARGIN - _TITLE_H)
    pages = plan(chart, room, min_scale=MIN_SCALE, rows=_ROWS, legend=False)
    blank = deck.slide_layouts[6]
    for page in pages:
        slide = deck.slides.add_slide(blank)
        _title(slide, page.title, chart)
        if page.chart is not None:
            scene = page.chart._scene  # noqa: SLF001  (same package)
            _draw(slide, scene, room)
            _notes(slide, scene, readable=page.readable)
        else:
            _table(slide, page.findings, chart)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _title(slide: Any, text: str, chart: Chart) -> None:
    from pptx.util import Pt  # noqa: PLC0415

    box = slide.shapes.add_textbox(
        _emu(_MARGIN), _emu(_MARGIN / 2), _emu(SLIDE[0] - 2 * _MARGIN), _emu(_TITLE_H)
    )
    box.name = "title"
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = visible(text)
    run.font.size = Pt(22)
    run.font.bold = True
    run.font.color.rgb = _rgb(chart.options.theme.text)


def _draw(slide: Any, scene: Scene, room: tuple[float, float]) -> None:
    """The boxes, connectors, callouts and badges of one chart slide."""
    from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE  # noqa: PLC0415
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN  # noqa: PLC0415
    from pptx.util import Pt  # noqa: PLC0415

    theme = scene.options.theme
    lay, labels, tree = scene.layout, scene.labels, scene.tree
    w, h = labels.width, labels.height
    scale = min(room[0] / lay.width, room[1] / lay.height, _MAX_SCALE)
    ox = _MARGIN + (room[0] - lay.width * scale) / 2
    oy = _MARGIN + _TITLE_H
    view = scene.org.view
    shapes: list[Any] = []
    for v in range(len(tree)):
        left = ox + (lay.x[v] - w / 2) * scale
        top = oy + lay.y[v] * scale
        shape = slide.shapes.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE, _emu(left), _emu(top), _emu(w * scale), _emu(h * scale)
        )
        s = tree.src[v]
        shape.name = f"box {view.ids[s]}" if s >= 0 else f"removed {scene.ghosts[-1 - s].id}"
        shape.adjustments[0] = 0.18
        level = scene.level(v)
        k = scene.level_index.get(level) if level is not None else None
        vacancy = scene.vacant[s] if s >= 0 else scene.ghosts[-1 - s].is_vacant
        fill = theme.vacancy_fill if vacancy else theme.fill_for(k)
        if s < 0:
            fill = theme.ghost_fill
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(fill)
        line = shape.line
        severity = scene.severity(v)
        line.color.rgb = _rgb(theme.severity_colour(severity) if severity else theme.border)
        line.width = Pt(2.5 if severity else 1)
        if vacancy or s < 0:
            from pptx.enum.dml import MSO_LINE  # noqa: PLC0415

            line.dash_style = MSO_LINE.DASH
        frame = shape.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(frame, side, _emu(2 * scale))
        for n, text_line in enumerate(labels.lines[v]):
            para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
            para.alignment = PP_ALIGN.CENTER
            run = para.add_run()
            run.text = text_line.text
            size = {"name": FONT.name_size, "mark": FONT.mark_size}.get(
                text_line.kind, FONT.field_size
            )
            run.font.size = Pt(round(size * scale, 1))
            run.font.bold = text_line.kind == "name"
            run.font.italic = text_line.kind == "tag" or (vacancy and text_line.kind == "name")
            colour = text_line.colour or (theme.text if text_line.kind == "name" else theme.muted)
            run.font.color.rgb = _rgb(colour)
        shapes.append(shape)
    for v in range(len(tree)):
        p = tree.parent[v]
        if p < 0:
            continue
        begin, end = _sites(scene, p, v)
        conn = slide.shapes.add_connector(MSO_CONNECTOR.ELBOW, 0, 0, 0, 0)
        conn.begin_connect(shapes[p], begin)
        conn.end_connect(shapes[v], end)
        conn.line.color.rgb = _rgb(theme.ghost_border if tree.src[v] < 0 else theme.line)
        conn.line.width = Pt(1.25)
        conn.name = f"line to {shapes[v].name}"
    for v, calls in scene.callouts.items():
        _pill(
            slide,
            callout_text(calls),
            ox + (lay.x[v] + w / 2) * scale,
            oy + lay.y[v] * scale,
            theme.severity_colour(calls[0][0]),
            theme.background,
            anchor="right",
            name=f"callout {shapes[v].name}",
        )
    for v in range(len(tree)):
        if tree.hidden[v]:
            text = " · ".join(t for t, _ in rollup_parts(scene, v))
            _pill(
                slide,
                text,
                ox + lay.x[v] * scale,
                oy + (lay.y[v] + h) * scale,
                theme.badge_fill,
                theme.text,
                anchor="centre",
                name=f"badge {shapes[v].name}",
                border=theme.border,
            )


def _sites(scene: Scene, p: int, v: int) -> tuple[int, int]:
    """Which sides a connector joins: 0 top, 1 left, 2 bottom, 3 right."""
    lay, h = scene.layout, scene.labels.height
    if abs(lay.y[v] - lay.y[p]) < h / 2:  # an assistant beside the manager
        return (3, 1) if lay.x[v] > lay.x[p] else (1, 3)
    path = lay.paths[v]
    if path is not None and path[-1] == path[-3]:  # the line ends sideways: a stack, compact
        return 2, (1 if path[-2] > path[-4] else 3)
    return 2, 0


def _pill(
    slide: Any,
    text: str,
    x: float,
    y: float,
    fill: str,
    colour: str,
    *,
    anchor: str,
    name: str,
    border: str | None = None,
) -> None:
    """A small rounded label centred on (x, y), or ending at x (``anchor="right"``)."""
    from pptx.enum.shapes import MSO_SHAPE  # noqa: PLC0415
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN  # noqa: PLC0415
    from pptx.util import Pt  # noqa: PLC0415

    from orgshape.render._labels import text_width  # noqa: PLC0415

    size = 10.0
    width = text_width(text, size, bold=True) + 12
    height = 16.0
    left = x - width + 4 if anchor == "right" else x - width / 2
    shape = slide.shapes.add_shape(
        MSO_SHAPE.ROUNDED_RECTANGLE, _emu(left), _emu(y - height / 2), _emu(width), _emu(height)
    )
    shape.name = name
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(fill)
    if border is None:
        shape.line.fill.background()
    else:
        shape.line.color.rgb = _rgb(border)
        shape.line.width = Pt(0.75)
    frame = shape.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, 0)
    para = frame.paragraphs[0]
    para.alignment = PP_ALIGN.CENTER
    run = para.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = True
    run.font.color.rgb = _rgb(colour)


def _notes(slide: Any, scene: Scene, *, readable: bool) -> None:
    """The speaker notes: the findings about the people on this slide."""
    shown = set(scene.callouts)
    lines = []
    if not readable:
        lines.append(
            "This team does not fit one slide with names of 12 pt, even two layers deep: "
            "it is drawn smaller. The paged PDF (orgshape render --pages) shows it larger."
        )
    for f in scene.findings:
        if shown & set(f.nodes):
            row = next(r for r in scene.finding_rows() if r[0] == f.number)
            lines.append(
                f"{f.number}. {SEVERITY_GLYPHS[f.severity]} {f.severity} {f.code} "
                f"({visible(row[3])}): {visible(f.message)}"
            )
    found = [line for line in lines if line[:1].isdigit()]
    if found:
        lines.insert(len(lines) - len(found), "Findings on this slide:")
    if lines:
        slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def _table(slide: Any, rows: list[tuple[int, str, str, str, str]], chart: Chart) -> None:
    """A findings slide: one native table."""
    from pptx.util import Pt  # noqa: PLC0415

    theme = chart.options.theme
    widths = (40.0, 90.0, 170.0, 190.0, SLIDE[0] - 2 * _MARGIN - 490.0)
    table = slide.shapes.add_table(
        len(rows) + 1,
        5,
        _emu(_MARGIN),
        _emu(_MARGIN + _TITLE_H),
        _emu(sum(widths)),
        _emu(24.0 * (len(rows) + 1)),
    ).table
    for k, width in enumerate(widths):
        table.columns[k].width = _emu(width)
    for k, head in enumerate(("#", "severity", "rule", "people", "message")):
        table.cell(0, k).text = head
    for r, (number, severity, code, people, message) in enumerate(rows, start=1):
        cells = (str(number), f"{SEVERITY_GLYPHS[severity]} {severity}", code, people, message)
        for k, text in enumerate(cells):
            cell = table.cell(r, k)
            cell.text = visible(text)
            for para in cell.text_frame.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(12)
                    if k == 1:
                        run.font.color.rgb = _rgb(theme.severity_colour(severity))
    for k in range(5):
        for para in table.cell(0, k).text_frame.paragraphs:
            for run in para.runs:
                run.font.size = Pt(12)
                run.font.bold = True
