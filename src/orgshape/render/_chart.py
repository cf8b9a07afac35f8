"""The :class:`Chart` object and :func:`chart`, the front door of rendering."""

from __future__ import annotations

import os
import pathlib
from typing import Any, Final

from orgshape._display import NotebookDisplay, sanitise_svg, visible
from orgshape._model import Org, require_org
from orgshape.exceptions import InputError
from orgshape.render._backend import render
from orgshape.render._dot import build_dot, drawing_size
from orgshape.render._labels import check_fields
from orgshape.render._mermaid import build_mermaid
from orgshape.render._notebook import html_view, plain, svg_view
from orgshape.render._options import ChartOptions, merge_options
from orgshape.render._scene import Scene
from orgshape.render._size import check_png, check_size, resolve_dpi
from orgshape.render._text import build_text

__all__ = ["FORMATS", "SUFFIXES", "Chart", "chart"]

#: What :meth:`Chart.pipe` produces: drawings, then text formats.
FORMATS: Final = ("svg", "png", "pdf", "pptx", "html", "dot", "gv", "mmd", "txt")
#: File suffixes :meth:`Chart.save` understands, and their format.
SUFFIXES: Final = {
    ".svg": "svg",
    ".png": "png",
    ".pdf": "pdf",
    ".pptx": "pptx",
    ".html": "html",
    ".htm": "html",
    ".dot": "dot",
    ".gv": "gv",
    ".mmd": "mmd",
    ".mermaid": "mmd",
    ".txt": "txt",
}


class Chart(NotebookDisplay):
    """An org chart: DOT source always, drawings through Graphviz, Jupyter display.

    Make one with :func:`orgshape.chart` or :meth:`Org.chart`. Everything is computed
    on first use and kept: the DOT :attr:`source` needs no Graphviz at all; drawing
    (:meth:`pipe`, :meth:`save`, the notebook display) runs Graphviz in-process.

    Examples:
        >>> from orgshape import Org, Position
        >>> org = Org([Position(id="1", name="Ana", title="CPO"),
        ...            Position(id="2", name="Bo", title="VP of Product", manager="1")])
        >>> c = chart(org)
        >>> print(c.text, end="")
        Ana — CPO [1]
        └── Bo — VP of Product [2]
        >>> c.source.startswith("// org chart by orgshape")
        True
        >>> c.pipe("svg")[:5]
        b'<?xml'
    """

    __slots__ = (
        "_html",
        "_inline",
        "_mermaid",
        "_notes",
        "_org",
        "_scene",
        "_source",
        "_text_full",
    )
    _display_formats = (("text/html", "_display_html"), ("image/svg+xml", "_display_svg"))

    def __init__(self, org: Org, options: ChartOptions, *, _notes: tuple[str, ...] = ()) -> None:
        require_org(org, "chart() draws")
        check_fields(org, options.fields)
        self._org = org
        self._scene = Scene(org, options)
        self._notes = _notes
        self._source: str | None = None
        self._mermaid: str | None = None
        self._html: str | None = None
        self._inline: tuple[Chart, str, str] | None = None
        self._text_full: str | None = None

    @property
    def org(self) -> Org:
        """The org the chart draws."""
        return self._org

    @property
    def options(self) -> ChartOptions:
        """The chart's options."""
        return self._scene.options

    @property
    def source(self) -> str:
        """The DOT source (pinned positions; byte-identical for the same input)."""
        if self._source is None:
            self._source = build_dot(self._scene, notes=self._notes)
        return self._source

    @property
    def mermaid(self) -> str:
        """The chart as Mermaid flowchart text (safe under ``securityLevel: strict``)."""
        if self._mermaid is None:
            self._mermaid = build_mermaid(self._scene)
        return self._mermaid

    @property
    def html(self) -> str:
        """The interactive chart: one self-contained, offline HTML page.

        Pan and zoom, expand and collapse teams (with "+N" badges that roll up the
        people, open roles and findings hidden below), search by name, title or id,
        a details card and a findings panel. The page loads nothing from anywhere;
        see :mod:`orgshape.render._html`.
        """
        if self._html is None:
            from orgshape.render._html import build_html  # noqa: PLC0415  (only when used)

            self._html = build_html(self._org, self.options)
        return self._html

    @property
    def text(self) -> str:
        """The chart as a plain-text tree, one position per line."""
        if self._text_full is None:
            self._text_full = build_text(self._scene)
        return self._text_full

    def _text(self, *, max_lines: int | None = None) -> str:
        return self.text if max_lines is None else build_text(self._scene, max_lines=max_lines)

    @property
    def size(self) -> tuple[float, float]:
        """The drawing's width and height in points (1/72 inch), margins included.

        A PNG is this times ``dpi / 72`` pixels (192 dpi by default).
        """
        return drawing_size(self._scene, notes=self._notes)

    def pipe(
        self, format: str = "svg", *, scale: float | None = None, dpi: float | None = None
    ) -> bytes:
        """Return the chart in ``format``.

        Args:
            format: ``svg``, ``png`` or ``pdf`` (drawn by Graphviz), ``pptx`` (a
                PowerPoint deck of native shapes, see :mod:`orgshape.render._pptx`;
                needs ``orgshape[pptx]``), ``html`` (the interactive chart,
                :attr:`html`), or ``dot``/``gv`` (the DOT source), ``mmd`` (Mermaid) or
                ``txt`` (the text tree), as UTF-8.
            scale: a PNG's size over Graphviz's 96 dpi (default 2: 192 dpi, sharp on
                slides and 4K screens).
            dpi: a PNG's dots per inch (instead of ``scale``).

        A drawing past its format's readable size gets one
        :class:`~orgshape._warnings.OrgShapeWarning` naming the fixes (see
        :mod:`orgshape.render._size`); one past Graphviz's own limit is drawn smaller,
        with that warning, never silently.

        Raises:
            InputError: an unknown format, or a bad ``scale``/``dpi``.
            RenderError: no usable Graphviz (the message says what to install).
        """
        if format in ("dot", "gv"):
            return self.source.encode("utf-8")
        if format == "mmd":
            return self.mermaid.encode("utf-8")
        if format == "txt":
            return self.text.encode("utf-8")
        if format == "html":
            return self.html.encode("utf-8")
        if format == "pptx":
            from orgshape.render._pptx import write_pptx  # noqa: PLC0415  (python-pptx, optional)

            return write_pptx(self)
        if format not in FORMATS:
            msg = f"unknown chart format {format!r} (known: {', '.join(FORMATS)})"
            raise InputError(msg)
        wanted = resolve_dpi(scale, dpi)
        size = self.size
        use_dpi, fit = check_size(format, size, wanted)
        if format == "png":
            data = render(self.source, format, dpi=use_dpi)
            check_png(data, size, use_dpi or wanted)
            return data
        # only the options in force are passed (the renderer's plain call stays the same)
        data = render(self.source, format, **({"fit": fit} if fit is not None else {}))
        return sanitise_svg(data) if format == "svg" else data

    def save(
        self,
        path: str | os.PathLike[str],
        *,
        format: str | None = None,
        scale: float | None = None,
        dpi: float | None = None,
        pages: bool | str | None = None,
    ) -> pathlib.Path:
        """Write the chart to ``path``; the format comes from the suffix unless given.

        Args:
            path: the file to write (``.svg .png .pdf .pptx .html .htm .dot .gv .mmd
                .mermaid .txt``).
            format: a format of :meth:`pipe`, to override the suffix.
            scale: a PNG's scale (see :meth:`pipe`).
            dpi: a PNG's dots per inch (see :meth:`pipe`).
            pages: for a PDF, ``True`` or a page size (``"a4"``, ``"a3"``, ``"letter"``,
                ``"tabloid"``; landscape) for a paged PDF: an overview page, one page
                per leader whose team fits, page numbers and the findings (see
                :mod:`orgshape.render._pages`; needs ``orgshape[pdf]``).

        Returns:
            The path written.

        Raises:
            InputError: the suffix is not one of the known ones and no format is given.
        """
        target = pathlib.Path(path)
        if format is None:
            format = SUFFIXES.get(target.suffix.lower())
            if format is None:
                msg = (
                    f"cannot tell the chart format from {target.name!r} "
                    f"(known suffixes: {' '.join(SUFFIXES)}); pass format="
                )
                raise InputError(msg)
        if (scale is not None or dpi is not None) and format != "png":
            msg = f"scale= and dpi= are for PNG output, not {format!r}"
            raise InputError(msg)
        if pages not in (None, False):
            if format != "pdf":
                msg = f"pages= makes a paged PDF, not {format!r}"
                raise InputError(msg)
            from orgshape.render._pages import write_pages  # noqa: PLC0415  (pypdf, optional)

            target.write_bytes(write_pages(self, pages))
            return target
        data = self.pipe(format, scale=scale, dpi=dpi)
        target.write_bytes(data)
        return target

    def _evolve(self, options: ChartOptions) -> Chart:
        return Chart(self._org, options, _notes=self._notes)

    def _with_notes(self, notes: tuple[str, ...]) -> Chart:
        return Chart(self._org, self.options, _notes=notes)

    def _display_text(self) -> str:
        return plain(self)

    def _display_html(self) -> str:
        return html_view(self)

    def _display_svg(self) -> tuple[str, str]:
        return svg_view(self)

    def __repr__(self) -> str:
        try:
            tree = self._scene.tree
            org = self._org
            removed = sum(1 for s in tree.src if s < 0)  # ghosts: seats a diff removed
            shown = len(tree) - removed
            if len(tree.tops) == 1:
                top = tree.position(org, self._scene.ghosts, tree.tops[0])
                where = f", top {top.id!r} ({visible(top.display_name)})"
            else:
                where = f", {len(tree.tops)} tops"
            layers = max(tree.depth, default=0)
            noun = "layer" if layers == 1 else "layers"
            gone = f" (and {removed:,} removed)" if removed else ""
            return (
                f"<Chart {shown:,} of {tree.scope_size:,} positions{gone}{where}, {layers} {noun}>"
            )
        except Exception:
            return "<Chart>"


def chart(org: Org, options: ChartOptions | None = None, /, **overrides: Any) -> Chart:
    """Draw an org chart.

    Args:
        org: the org to draw.
        options: a :class:`ChartOptions` (default: the defaults).
        **overrides: :class:`ChartOptions` fields to change, such as ``max_depth=3``.

    Returns:
        A :class:`Chart`: ``.source`` (DOT), ``.pipe(format)``, ``.save(path)``,
        ``.mermaid``, ``.text``, and a notebook display.

    Raises:
        TypeError: an unknown option name (the message lists the valid ones).
        InputError: a bad option value, or a field the org does not have.
        UnknownPositionError: ``root``, a ``collapse`` or a mark id is not in the org.

    Examples:
        >>> from orgshape import Org, Position
        >>> org = Org([Position(id="1", name="Ana", title="CPO"),
        ...            Position(id="2", name="Bo", title="VP of Product", manager="1")])
        >>> chart(org, max_depth=1)
        <Chart 1 of 2 positions, top '1' (Ana), 1 layer>
        >>> chart(org, colour="red")
        Traceback (most recent call last):
        ...
        TypeError: unknown chart option 'colour' (valid: root, max_depth, ...)
    """
    return Chart(org, merge_options(options, overrides))
