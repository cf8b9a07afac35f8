"""How a chart shows itself in Jupyter (``_repr_mimebundle_``).

Glossary:
    interactive view: what the cell shows first (``text/html``): the interactive chart
        page (:mod:`orgshape.render._html`) in a sandboxed ``<iframe srcdoc>``, as tall
        as the chart needs within :data:`~orgshape.render._html.NOTEBOOK_HEIGHT`; the
        page never zooms a small chart above 100 %. Where a notebook strips frames
        (JupyterLab sanitises untrusted output), the static SVG under the frame shows.
    inline view: the static fallback (``image/svg+xml``): the SVG, scaled to the
        cell's width (``width="100%"`` with the ``viewBox`` kept, never wider than its
        natural size).
    collapsed view: for a chart of more than :data:`INLINE_LIMIT` boxes, or wider than
        :data:`INLINE_WIDTH` (where a cell would show the boxes at a third of their
        size), the cell shows the top layers only (with "+N" badges) and a note saying
        how to see the rest.

The display itself is the shared mixin of :mod:`orgshape._display`: these are the
chart's hooks. It never raises: if drawing fails (no Graphviz, a bad option found
late...), the cell shows the text tree and the reason instead, and warnings (a label cut
for display) go into the text.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Final

import attrs

from orgshape.render._html import notebook_height, notebook_html

if TYPE_CHECKING:
    from orgshape.render._chart import Chart

__all__ = ["INLINE_LIMIT", "INLINE_WIDTH", "fit_width", "html_view", "plain", "svg_view"]

#: Boxes a notebook shows inline before it switches to a collapsed view.
INLINE_LIMIT: Final = 150
#: The widest chart (in points) a notebook shows inline: a cell is about 1,000 px
#: (750 pt) wide, so wider charts shrink their boxes; past this width (boxes at about
#: two thirds of their size) the cell shows a collapsed view instead.
INLINE_WIDTH: Final = 1_150.0
_SVG_SIZE: Final = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


def fit_width(svg: str) -> str:
    """Make an SVG scale down to its container's width, keeping its aspect ratio.

    Examples:
        >>> fit_width('<svg width="300pt" height="100pt" viewBox="0 0 300 100">')
        '<svg width="100%" style="max-width:300pt;height:auto" viewBox="0 0 300 100">'
    """
    return _SVG_SIZE.sub(r'<svg width="100%" style="max-width:\1pt;height:auto"', svg, count=1)


def _inline_chart(chart: Chart) -> tuple[Chart, str]:
    """The chart to show inline, and a note when it is a collapsed view."""
    tree = chart._scene.tree  # noqa: SLF001  (Chart's display helper, same package)
    if len(tree) <= INLINE_LIMIT and _width(chart) <= INLINE_WIDTH:
        return chart, ""
    sizes = tree.layer_sizes
    cumulative = list(itertools.accumulate(sizes))
    depth = sum(1 for total in cumulative if total <= INLINE_LIMIT)
    depth = max(depth, 2 if len(cumulative) > 1 and cumulative[1] <= 1000 else 1)
    limit = chart.options.max_depth
    if limit is not None:
        depth = min(depth, limit)
    view = chart._evolve(attrs.evolve(chart.options, max_depth=depth))  # noqa: SLF001
    # fewer layers until the boxes show at a readable size in a notebook cell
    while depth > 2 and _width(view) > INLINE_WIDTH:
        depth -= 1
        view = chart._evolve(attrs.evolve(chart.options, max_depth=depth))  # noqa: SLF001
    shown = len(view._scene.tree)  # noqa: SLF001
    layers = len(sizes)
    note = (
        f"Collapsed view: {shown:,} of {len(tree):,} boxes ({depth} of {layers} layers). "
        "See everything with chart.save('org.svg'), or one team with "
        "orgshape.chart(org, root='<id>')."
    )
    return view._with_notes((note,)), note  # noqa: SLF001


def _inline(chart: Chart) -> tuple[Chart, str, str]:
    """The inline view, its SVG and note, drawn once for both MIME types."""
    cached = chart._inline  # noqa: SLF001  (Chart's display helper, same package)
    if cached is None:
        view, note = _inline_chart(chart)
        cached = (view, fit_width(view.pipe("svg").decode("utf-8")), note)
        chart._inline = cached  # noqa: SLF001
    return cached


def _width(chart: Chart) -> float:
    """The drawn width of a chart's boxes, in points (the legend beside it left out)."""
    return chart._scene.layout.width  # noqa: SLF001


def svg_view(chart: Chart) -> tuple[str, str]:
    """The SVG the cell shows (scaled to its width) and the collapsed-view note, if any."""
    _, svg, note = _inline(chart)
    return svg, note


def html_view(chart: Chart) -> str:
    """The interactive chart in a sandboxed frame, with the inline SVG under it."""
    view, svg, _ = _inline(chart)
    height = notebook_height(view._scene.layout.height)  # noqa: SLF001
    return notebook_html(chart.html, height=height, fallback_svg=svg)


def plain(chart: Chart) -> str:
    """The text form: the chart's repr, one line.

    A terminal IPython shows only this form, so an org (which displays as its chart)
    typed at the prompt gives one line, as in the plain Python REPL, instead of a
    page of tree; ``print(chart.text)`` shows the tree.
    """
    return repr(chart)
