"""A paged PDF: an overview page, one page per leader whose team fits, and the findings.

Glossary:
    page size: ``"a4"`` (the default), ``"a3"``, ``"letter"`` or ``"tabloid"``, always
        landscape (org charts are wide).
    readable: drawn at :data:`MIN_SCALE` of its size or more, so that names (11 pt)
        print at 8 pt or more.
    plan: the pages, worked out before anything is drawn. The first page is the
        chart itself, as many layers deep as fit the page readably (at least two;
        unwrapped when that fits, else wrapped to the page's aspect);
        every box left collapsed by that depth (not by ``collapse=``) gets its own
        page, planned the same way (its team, as deep as fits), depth first, so a VP's
        page is followed by the pages of its Heads. Then the findings pages: every
        finding of the chart, numbered as on the charts (40 rows a page).

How it is made, and why so: each page is an ordinary chart, drawn to PDF by the same
Graphviz as single-page PDFs, so pages look exactly like every other output (fonts,
Unicode names, colours); a PDF library then places each drawing on a fixed-size page
(scaled down to fit, never up), adds the page number (itself a tiny Graphviz drawing,
so its font matches) and a bookmark per page. The library was chosen by measurement,
on the 265 pages of a 2,000-person org: pikepdf (qpdf, placing each drawing as a form
XObject) took 2.1 s and wrote 3.9 MB; pypdf (pure Python, which rewrites each page's
content stream to transform it) took 44 s and wrote 5.9 MB, against 7.9 s for Graphviz
to draw the pages. pikepdf is a 2.8 MB compiled wheel, maintained and released
regularly; it is the optional extra ``orgshape[pdf]``: single-page PDFs need nothing but
Graphviz.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import attrs

from orgshape.exceptions import InputError
from orgshape.render._backend import render

if TYPE_CHECKING:
    from orgshape.render._chart import Chart

__all__ = ["MIN_SCALE", "PAGE_SIZES", "Page", "page_svg", "plan", "plan_pages", "write_pages"]

#: Landscape page sizes in points.
PAGE_SIZES: Final = {
    "a4": (841.9, 595.3),
    "a3": (1190.6, 841.9),
    "letter": (792.0, 612.0),
    "tabloid": (1224.0, 792.0),
}
#: The smallest scale a page is drawn at when choosing how many layers fit.
MIN_SCALE: Final = 0.72
_MARGIN: Final = 28.0  # points around the drawing
_FOOTER: Final = 18.0  # points kept free at the bottom for the page number
_ROWS: Final = 40  # findings per findings page
_MAX_PAGES: Final = 500


class Page:
    """One planned page.

    Attributes:
        chart: what the page draws (a chart, or None for a findings page).
        title: the page's heading and bookmark.
        findings: for a findings page, the rows it lists.
        readable: whether the drawing fits at the smallest scale asked for (a team
            too big even two layers deep is drawn smaller, and says so).
    """

    __slots__ = ("chart", "findings", "readable", "title")

    def __init__(
        self,
        title: str,
        chart: Chart | None = None,
        findings: list[tuple[int, str, str, str, str]] | None = None,
        *,
        readable: bool = True,
    ) -> None:
        self.title = title
        self.chart = chart
        self.findings = findings or []
        self.readable = readable


def _page_size(pages: object) -> tuple[float, float]:
    if pages is True:
        return PAGE_SIZES["a4"]
    if isinstance(pages, str) and pages.lower() in PAGE_SIZES:
        return PAGE_SIZES[pages.lower()]
    msg = f"pages must be True or a page size ({', '.join(PAGE_SIZES)}), got {pages!r}"
    raise InputError(msg)


def plan_pages(chart: Chart, pages: object) -> list[Page]:
    """Work out the pages of ``chart`` for page size ``pages`` (see the module docs)."""
    size = _page_size(pages)
    room = (size[0] - 2 * _MARGIN, size[1] - 2 * _MARGIN - _FOOTER)
    return plan(chart, room, min_scale=MIN_SCALE, rows=_ROWS)


def plan(
    chart: Chart, room: tuple[float, float], *, min_scale: float, rows: int, legend: bool = True
) -> list[Page]:
    """Pages (or slides) of ``chart``: each drawing fits ``room`` at ``min_scale`` or more.

    Args:
        chart: the chart to split.
        room: the width and height (points) a drawing may take.
        min_scale: the smallest scale a drawing may be shown at.
        rows: findings per findings page.
        legend: draw the legend on the first page.
    """
    base = chart.options
    org = chart.org
    aspect = room[0] / room[1]

    def fits(view: Chart) -> bool:
        w, h = view.size
        return min(room[0] / w, room[1] / h) >= min_scale

    limit = base.max_depth
    out: list[Page] = []
    # (root id or None, layers already above it on earlier pages)
    todo: list[tuple[str | None, int]] = [(base.root, 0)]
    while todo and len(out) < _MAX_PAGES:
        root, above = todo.pop()
        layers_left = None if limit is None else limit - above
        best = None
        depth = 2
        while True:
            d = depth if layers_left is None else min(depth, layers_left)
            options = attrs.evolve(
                base,
                root=root,
                max_depth=d,
                aspect=None,  # unwrapped first: wrap only when that does not fit
                title=None,
                findings_table=False,  # the findings pages list them
                legend=legend and base.legend and not out,  # the overview's serves all
            )
            view = chart._evolve(options)  # noqa: SLF001  (same package)
            if not fits(view):
                view = chart._evolve(attrs.evolve(options, aspect=aspect))  # noqa: SLF001
            if best is not None and not fits(view):
                break
            best = (view, d)
            tree = view._scene.tree  # noqa: SLF001
            if d == layers_left or not any(tree.hidden) or max(tree.depth) < d:
                break
            depth += 1
        view, d = best
        view = _expand(chart, view, d, layers_left, fits)
        if root is None:
            title = base.title or "Overview"
        else:
            top = org.get(root)
            name = top.display_name if top is not None else root
            role = f" — {top.title}" if top is not None and top.title else ""
            title = f"{name}{role}: team of {view._scene.tree.scope_size - 1:,}"  # noqa: SLF001
        titled = view._evolve(attrs.evolve(view.options, title=title))  # noqa: SLF001
        out.append(Page(title, titled, readable=fits(titled)))
        scene = titled._scene  # noqa: SLF001
        tree = scene.tree
        collapsed = set(base.collapse)
        children = []
        for v in range(len(tree)):
            s = tree.src[v]
            if tree.hidden[v] and s >= 0 and tree.kids[v] == []:
                pid = org.view.ids[s]
                if pid not in collapsed:
                    children.append((pid, above + tree.depth[v] - 1))
        todo.extend(reversed(children))
    found = chart._scene.finding_rows()  # noqa: SLF001
    parts = (len(found) + rows - 1) // rows
    for k in range(0, len(found), rows):
        part = f" ({k // rows + 1} of {parts})" if parts > 1 else ""
        out.append(Page(f"{base.findings_title}{part}", findings=found[k : k + rows]))
    return out


#: Most teams a page tries to open beyond its uniform depth.
_EXPAND_TRIES: Final = 40


def _expand(
    chart: Chart, view: Chart, d: int, layers_left: int | None, fits: Callable[[Chart], bool]
) -> Chart:
    """Open the smallest teams collapsed at depth ``d`` while the page still fits.

    A uniform depth leaves small teams behind "+N" badges (and so on pages of two
    or three people); opening them one by one, smallest first, while the drawing
    still fits keeps them on their leader's page. Each team opened shows its
    reports, with their own teams collapsed.
    """
    if layers_left is not None and d >= layers_left:
        return view
    org = chart.org
    start, kids = org.view.child_index()
    tree = view._scene.tree  # noqa: SLF001  (same package)
    collapse = set(chart.options.collapse)
    shut = [
        tree.src[v]
        for v in range(len(tree))
        if tree.hidden[v] and tree.src[v] >= 0 and org.view.ids[tree.src[v]] not in collapse
    ]
    if not shut:
        return view
    closed = set(shut)
    ids = org.view.ids
    best = view
    for i in sorted(shut, key=lambda i: (tree.team[view._scene.node_of[i]], i))[:_EXPAND_TRIES]:  # noqa: SLF001
        opened = {c for c in kids[start[i] : start[i + 1]] if start[c + 1] > start[c]}
        trial = (closed - {i}) | opened
        options = attrs.evolve(
            best.options,
            max_depth=layers_left,
            collapse=(*chart.options.collapse, *sorted(ids[k] for k in trial)),
        )
        candidate = chart._evolve(options)  # noqa: SLF001
        if fits(candidate):
            best, closed = candidate, trial
    return best


def _findings_dot(page: Page, chart: Chart) -> str:
    """A findings page as DOT: one table."""
    from orgshape._display import dot_label  # noqa: PLC0415  (only for paged PDFs)
    from orgshape.render._options import SEVERITY_GLYPHS  # noqa: PLC0415

    theme = chart.options.theme
    body = []
    for number, severity, code, people, message in page.findings:
        colour = theme.severity_colour(severity)
        text = message if len(message) <= 160 else message[:159] + "…"
        body.append(
            f'<tr><td align="right"><b>{number}</b></td>'
            f'<td align="left"><font color="{colour}">'
            f"{dot_label(SEVERITY_GLYPHS[severity] + ' ' + severity)}</font></td>"
            f'<td align="left">{dot_label(code)}</td><td align="left">{dot_label(people)}</td>'
            f'<td align="left">{dot_label(text)}</td></tr>'
        )
    head = "".join(
        f'<td align="left"><b>{h}</b></td>' for h in ("#", "severity", "rule", "people", "message")
    )
    label = (
        f'<<table border="0" cellborder="0" cellspacing="0" cellpadding="3">'
        f'<tr><td colspan="5" align="left"><font point-size="14"><b>{dot_label(page.title)}'
        f"</b></font></td></tr><tr>{head}</tr>{''.join(body)}</table>>"
    )
    return (
        "digraph findings {\n"
        f'\tgraph [layout="nop2" bgcolor="{theme.background}" pad="0.2"]\n'
        f'\tnode [shape="plaintext" fontname="{theme.fontname}" fontsize="9" '
        f'fontcolor="{theme.text}"]\n'
        f'\ttable [label={label} pos="0,0!"]\n}}\n'
    )


def _number_dot(text: str, chart: Chart) -> str:
    from orgshape._display import dot_label  # noqa: PLC0415  (only for paged PDFs)

    theme = chart.options.theme
    return (
        "digraph n {\n"
        '\tgraph [layout="nop2" pad="0"]\n'
        f'\tnode [shape="plaintext" fontname="{theme.fontname}" fontsize="9" '
        f'fontcolor="{theme.muted}"]\n'
        f'\tn [label=<{dot_label(text)}> pos="0,0!"]\n}}\n'
    )


def write_pages(chart: Chart, pages: object) -> bytes:
    """The paged PDF of ``chart`` (see the module docs).

    Raises:
        ImportError: pikepdf is missing (``pip install 'orgshape[pdf]'``).
    """
    try:
        import pikepdf  # noqa: PLC0415  (optional, only for paged PDFs)
    except ImportError as err:
        msg = "a paged PDF needs pikepdf: pip install 'orgshape[pdf]'"
        raise ImportError(msg) from err
    width, height = _page_size(pages)
    plan = plan_pages(chart, pages)
    out = pikepdf.Pdf.new()
    total = len(plan)
    keep = []  # the drawings stay open until the document is written
    for k, page in enumerate(plan):
        if page.chart is not None:
            data = page.chart.pipe("pdf")
        else:
            data = render(_findings_dot(page, chart), "pdf")
        drawing = pikepdf.Pdf.open(io.BytesIO(data))
        keep.append(drawing)
        box = drawing.pages[0].mediabox
        dw, dh = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
        room_w, room_h = width - 2 * _MARGIN, height - 2 * _MARGIN - _FOOTER
        scale = min(room_w / dw, room_h / dh, 1.0)
        x = (width - dw * scale) / 2 if page.chart is not None else _MARGIN
        top = height - _MARGIN
        sheet = out.add_blank_page(page_size=(width, height))
        sheet.add_overlay(
            drawing.pages[0], pikepdf.Rectangle(x, top - dh * scale, x + dw * scale, top)
        )
        text = f"{page.title} · page {k + 1} of {total}"
        number = pikepdf.Pdf.open(io.BytesIO(render(_number_dot(text, chart), "pdf")))
        keep.append(number)
        nbox = number.pages[0].mediabox
        nw, nh = float(nbox[2]), float(nbox[3])
        right = width - _MARGIN
        sheet.add_overlay(
            number.pages[0], pikepdf.Rectangle(right - nw, _MARGIN / 2, right, _MARGIN / 2 + nh)
        )
    with out.open_outline() as outline:
        outline.root.extend(pikepdf.OutlineItem(page.title, k) for k, page in enumerate(plan))
    out.docinfo["/Title"] = plan[0].title
    out.docinfo["/Creator"] = "orgshape"
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def page_svg(chart: Chart, plan: list[Page], k: int, pages: object) -> str:
    """Page ``k`` of a plan as an SVG picture of the sheet (for the docs).

    The PDF is pypdf placing Graphviz drawings on pages; this places the same drawing,
    as SVG, on a sheet of the same size with the same margins and page number, so a
    picture of a page needs no PDF rasteriser.
    """
    import html  # noqa: PLC0415  (only for pictures)
    import re  # noqa: PLC0415

    from orgshape._display import visible  # noqa: PLC0415

    width, height = _page_size(pages)
    page = plan[k]
    if page.chart is not None:
        svg = page.chart.pipe("svg").decode("utf-8")
    else:
        svg = render(_findings_dot(page, chart), "svg").decode("utf-8")
    inner = svg[svg.index("<svg") :]
    size = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', inner)
    if size is None:
        msg = "internal: Graphviz's SVG has no size"
        raise AssertionError(msg)
    dw, dh = float(size[1]), float(size[2])
    room_w, room_h = width - 2 * _MARGIN, height - 2 * _MARGIN - _FOOTER
    scale = min(room_w / dw, room_h / dh, 1.0)
    x = (width - dw * scale) / 2 if page.chart is not None else _MARGIN
    inner = inner.replace(
        size[0],
        f'<svg x="{x:.1f}" y="{_MARGIN:.1f}" width="{dw * scale:.1f}" height="{dh * scale:.1f}"',
        1,
    )
    footer = html.escape(visible(f"{page.title} · page {k + 1} of {len(plan)}"))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.1f} {height:.1f}">'
        f'<rect width="100%" height="100%" fill="#ffffff" stroke="#9aa1a9"/>{inner}'
        f'<text x="{width - _MARGIN:.1f}" y="{height - _MARGIN / 2:.1f}" text-anchor="end" '
        f'font-family="Helvetica, sans-serif" font-size="9" fill="#4a5260">{footer}</text></svg>'
    )


def describe(plan: list[Page]) -> list[dict[str, Any]]:
    """The plan as plain data (title, boxes drawn): for tests and the docs."""
    return [
        {
            "title": p.title,
            "boxes": len(p.chart._scene.tree) if p.chart is not None else 0,  # noqa: SLF001
            "findings": len(p.findings),
        }
        for p in plan
    ]
