"""The :class:`Metrics` result: typed tables, and their data, text, HTML and SVG forms."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import attrs

from orgshape import _version
from orgshape._display import (
    NotebookDisplay,
    csv_line,
    decimal,
    html_pairs,
    html_text,
    json_text,
    money,
    percent,
    text_pairs,
    visible,
)
from orgshape._display import Table as DisplayTable
from orgshape._display import count as counted
from orgshape._metrics._bands import Bands
from orgshape._metrics._records import (
    BandLayerRow,
    BandShare,
    FunctionRow,
    LayerRow,
    LevelRow,
    ManagerRow,
    Row,
    Summary,
    clean,
    columns_of,
    row_dicts,
)
from orgshape._svg import BarSpec, LayerSpec, band_histogram, layer_pyramid
from orgshape.changes import Sheet

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SCHEMA_VERSION", "Metrics", "Table"]

#: The version of the layout of :meth:`Metrics.to_dict`: orgshape's one JSON layout version.
SCHEMA_VERSION: Final = _version.SCHEMA_VERSION

Table: TypeAlias = Literal[
    "managers", "layers", "levels", "bands", "summary", "functions", "band_layers"
]
_TABLES: Final[tuple[str, ...]] = (
    "managers",
    "layers",
    "levels",
    "bands",
    "summary",
    "functions",
    "band_layers",
)
_TEXT_ROWS: Final = 40  # rows of a table shown by str() and the notebook display


@attrs.frozen(kw_only=True, repr=False)
class Metrics(NotebookDisplay):
    """Spans and layers of an org (or of one manager's subtree): typed tables.

    Each table is a tuple of frozen records. ``managers`` is in top-down order
    (breadth-first: layer by layer, siblings in input order); ``layers`` is by layer;
    ``levels`` is in ladder order, then levels that are not on the ladder
    (alphabetically), then unknown (None) last; only levels with positions are listed.

    Attributes:
        root: the id of the scope's root; None for the whole org.
        bands: the band profile used.
        summary: the headline numbers.
        managers: one row per manager.
        layers: one row per layer.
        levels: one row per ladder level.
        functions: the function mix, one row per function, most positions first.
        band_layers: the span-band x layer matrix, one row per layer and band.

    Examples:
        >>> from orgshape import Org, Position, metrics
        >>> org = Org([
        ...     Position(id="1", name="Ana", title="Chief Product Officer"),
        ...     Position(id="2", name="Bo", title="Product Manager", manager="1"),
        ...     Position(id="3", name="Cy", title="Product Manager", manager="1"),
        ... ])
        >>> m = metrics(org)
        >>> m
        <Metrics of the whole org: 3 positions, 1 manager, 2 layers, bands orgvue>
        >>> [(row.layer, row.positions, row.managers) for row in m.layers]
        [(1, 1, 1), (2, 2, 0)]
        >>> print(m.to_csv("layers"))
        layer,positions,vacancies,managers,individual_contributors,mean_span,median_span,...
        1,1,0,1,0,2.0,2.0,2,2,
        2,2,0,0,2,,,,,
        <BLANKLINE>
    """

    _display_formats = (("text/html", "_html"),)

    root: str | None
    bands: Bands
    summary: Summary
    managers: tuple[ManagerRow, ...]
    layers: tuple[LayerRow, ...]
    levels: tuple[LevelRow, ...]
    functions: tuple[FunctionRow, ...] = ()
    band_layers: tuple[BandLayerRow, ...] = ()

    # -- data out ------------------------------------------------------------------

    def _records(self, table: str) -> tuple[type[Row], Sequence[Row]]:
        """The record type and the records of one table."""
        if table == "managers":
            return ManagerRow, self.managers
        if table == "layers":
            return LayerRow, self.layers
        if table == "levels":
            return LevelRow, self.levels
        if table == "bands":
            return BandShare, self.summary.band_shares
        if table == "summary":
            return Summary, (self.summary,)
        if table == "functions":
            return FunctionRow, self.functions
        if table == "band_layers":
            return BandLayerRow, self.band_layers
        raise ValueError(f"unknown table {table!r} (known: {', '.join(_TABLES)})")

    def to_dict(self) -> dict[str, Any]:
        """Every table as plain data (JSON-ready), with a schema version.

        Floats are rounded to 4 decimals. The keys are ``schema_version``, ``root``,
        ``bands`` (the profile), ``summary`` (with ``band_shares``), ``managers``,
        ``layers`` and ``levels``.

        Examples:
            >>> from orgshape import Org, Position, metrics
            >>> d = metrics(Org([Position(id="1", name="Ana", title="CPO")])).to_dict()
            >>> d["schema_version"], d["summary"]["positions"], d["managers"]
            (2, 1, [])
        """
        summary = row_dicts(Summary, (self.summary,))[0]
        summary["band_shares"] = row_dicts(BandShare, self.summary.band_shares)
        return {
            "schema_version": SCHEMA_VERSION,
            "root": self.root,
            "bands": self.bands.to_dict(),
            "summary": summary,
            "managers": row_dicts(ManagerRow, self.managers),
            "layers": row_dicts(LayerRow, self.layers),
            "levels": row_dicts(LevelRow, self.levels),
            "functions": row_dicts(FunctionRow, self.functions),
            "band_layers": row_dicts(BandLayerRow, self.band_layers),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON: sorted keys, UTF-8 text, byte-identical for equal input.

        Examples:
            >>> from orgshape import Org, Position, metrics
            >>> text = metrics(Org([Position(id="1", name="Zoë", title="CPO")])).to_json()
            >>> text.splitlines()[1]
            '  "band_layers": ['
        """
        return json_text(self.to_dict(), indent=indent, allow_nan=False)

    def to_csv(self, table: Table = "managers") -> str:
        """One table as CSV text (header first, LF line ends, empty cells for None).

        Text cells that a spreadsheet would run as a formula (starting with ``= + - @``,
        a tab or a CR) get a leading ``'``, as :func:`orgshape.write` does; a cell with
        a comma, a quote, a CR or an LF is quoted.

        The managers table is the default because it is the one people sort and filter
        in a spreadsheet; ``"summary"`` gives one row of the scalar summary fields and
        ``"bands"`` the band shares.

        Raises:
            ValueError: ``table`` is not one of managers, layers, levels, bands, summary.
        """
        kind, records = self._records(table)
        columns = columns_of(kind)
        values = operator.attrgetter(*columns)
        lines = [csv_line(columns)]
        lines.extend(csv_line(map(clean, values(record))) for record in records)
        return "".join(lines)

    def sheets(self) -> tuple[Sheet, ...]:
        """Every table as a workbook sheet: summary, managers, layers, levels, span bands.

        Cells as in :meth:`to_csv` (floats rounded to 4 decimals); what
        ``orgshape.write(org, "org.xlsx", metrics=m)`` writes.

        Examples:
            >>> from orgshape import Org, Position, metrics
            >>> m = metrics(Org([Position(id="1", name="Ana", title="CPO")]))
            >>> [s.name for s in m.sheets()]
            ['summary', 'managers', 'layers', 'levels', 'span bands']
        """
        out = []
        for table, name in (
            ("summary", "summary"),
            ("managers", "managers"),
            ("layers", "layers"),
            ("levels", "levels"),
            ("bands", "span bands"),
        ):
            kind, records = self._records(table)
            columns = columns_of(kind)
            values = operator.attrgetter(*columns)
            out.append(
                Sheet(
                    name=name,
                    headers=columns,
                    rows=[tuple(map(clean, values(r))) for r in records],
                )
            )
        return tuple(out)

    def to_pandas(self, table: Table = "managers") -> pd.DataFrame:
        """One table as a pandas DataFrame (one column per record field).

        ``"summary"`` is one row of the scalar summary fields; the band shares are the
        ``"bands"`` table. Values are as in the records (not rounded).

        Raises:
            ImportError: pandas is not installed (``pip install 'orgshape[pandas]'``).
            ValueError: ``table`` is not one of managers, layers, levels, bands, summary.
        """
        kind, records = self._records(table)
        columns = columns_of(kind)
        try:
            import pandas as pd  # noqa: PLC0415  (optional extra, heavy)
        except ImportError as err:
            raise ImportError(
                "Metrics.to_pandas() needs pandas: pip install 'orgshape[pandas]'"
            ) from err
        values = operator.attrgetter(*columns)
        return pd.DataFrame.from_records(map(values, records), columns=list(columns))

    # -- pictures --------------------------------------------------------------------

    def pyramid_svg(self) -> str:
        """A layer pyramid as a self-contained SVG document.

        One centred horizontal bar per layer, as wide as its number of positions;
        managers are solid, ICs hatched, and each bar is labelled with its layer and
        counts. Very deep orgs show the first 39 layers and one bar for the rest. No
        script, no external reference; the same metrics give the same bytes.

        Examples:
            >>> from orgshape import Org, Position, metrics
            >>> svg = metrics(Org([Position(id="1", name="Ana", title="CPO")])).pyramid_svg()
            >>> svg.startswith("<svg"), "Layer 1" in svg
            (True, True)
        """
        shown = self.layers[: _TEXT_ROWS - 1] if len(self.layers) > _TEXT_ROWS else self.layers
        specs = [
            LayerSpec(
                label=f"Layer {row.layer}",
                managers=row.managers,
                individual_contributors=row.individual_contributors,
            )
            for row in shown
        ]
        rest = self.layers[len(shown) :]
        if rest:
            specs.append(
                LayerSpec(
                    label=f"Layers {rest[0].layer}-{rest[-1].layer}",
                    managers=sum(row.managers for row in rest),
                    individual_contributors=sum(row.individual_contributors for row in rest),
                )
            )
        return layer_pyramid(f"Layer pyramid: {self._scope()}", specs)

    def band_histogram_svg(self) -> str:
        """The share of managers per span band as a self-contained SVG bar chart.

        Examples:
            >>> from orgshape import Org, Position, metrics
            >>> org = Org([Position(id="1", name="Ana", title="CPO"),
            ...            Position(id="2", name="Bo", title="PM", manager="1")])
            >>> "100.0% (1)" in metrics(org).band_histogram_svg()
            True
        """
        bars = [
            BarSpec(
                label=share.label,
                range_label=share.range_label,
                managers=share.managers,
                share=share.share,
            )
            for share in self.summary.band_shares
        ]
        title = f"Managers by span band ({self.bands.name}): {self._scope()}"
        return band_histogram(title, bars)

    # -- text and notebook display -----------------------------------------------------

    def _scope(self) -> str:
        """What was measured, for headings (the root id as it is; escape at output)."""
        return "whole org" if self.root is None else f"subtree of {self.root}"

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<Metrics of the {visible(self._scope())}: {counted(s.positions, 'position')}, "
            f"{counted(s.managers, 'manager')}, {counted(s.layers, 'layer')}, "
            f"bands {visible(self.bands.name)}>"
        )

    def _summary_lines(self) -> list[tuple[str, str]]:
        s = self.summary
        lines = [
            (
                "positions",
                f"{s.positions:,} ({s.filled:,} filled, "
                f"{counted(s.vacancies, 'vacancy', 'vacancies')})",
            ),
            (
                "managers",
                f"{s.managers:,}"
                + (
                    f" ({percent(s.manager_share)} of positions)"
                    if s.manager_share is not None
                    else ""
                ),
            ),
            ("individual contributors", f"{s.individual_contributors:,}"),
            ("assistants", f"{s.assistants:,}"),
            ("layers", f"{s.layers:,}"),
        ]
        if s.roots != 1:
            lines.append(("top positions", f"{s.roots:,} (not one tree: see Org.problems)"))
        if s.managers:
            lines.append(
                (
                    "span",
                    f"mean {decimal(s.mean_span)}, median {decimal(s.median_span)}, "
                    f"min {s.min_span}, max {s.max_span}",
                )
            )
        lines.append(("one-over-ones", f"{s.one_over_ones:,}"))
        if s.managers:
            lines.append(
                (
                    "manager roles",
                    f"{s.first_line_managers:,} first-line, "
                    f"{s.managers_of_managers:,} managing managers",
                )
            )
        if s.vacancy_rate is not None:
            lines.append(("vacancy rate", percent(s.vacancy_rate)))
        lines.append(("PM : Senior PM seats", decimal(s.pm_to_senior_pm_ratio, none="n/a")))
        lines.append(("PM : Director seats", decimal(s.pm_to_director_ratio, none="n/a")))
        if s.total_cost is not None:
            lines.append(
                ("total cost", f"{money(s.total_cost)} (vacancies {money(s.vacancy_cost)})")
            )
        return lines

    def _band_table(self) -> DisplayTable:
        rows = [
            [share.label, share.range_label, f"{share.managers:,}", percent(share.share)]
            for share in self.summary.band_shares
        ]
        return DisplayTable(
            ["band", "spans", "managers", "share"],
            rows,
            numeric=("managers", "share"),
            caption=f"Managers by span band ({self.bands.name})",
        )

    def _layer_table(self) -> DisplayTable:
        rows = [
            [
                str(row.layer),
                f"{row.positions:,}",
                f"{row.vacancies:,}",
                f"{row.managers:,}",
                f"{row.individual_contributors:,}",
                decimal(row.mean_span),
                decimal(row.median_span),
                decimal(row.min_span),
                decimal(row.max_span),
            ]
            for row in self.layers[:_TEXT_ROWS]
        ]
        headers = [
            "layer",
            "positions",
            "vacancies",
            "managers",
            "ICs",
            "mean span",
            "median",
            "min",
            "max",
        ]
        # the layer number labels its row, so it is left-aligned like a name
        return DisplayTable(
            headers, rows, numeric=headers[1:], total=len(self.layers), caption="Layers"
        )

    def __str__(self) -> str:
        """The summary, the band shares and the layers table, the data inert."""
        lines = [f"Spans and layers of the {visible(self._scope())}"]
        lines.extend(text_pairs(self._summary_lines()))
        lines.extend(("", f"Managers by span band ({visible(self.bands.name)})"))
        lines.extend(self._band_table().text_lines())
        lines.extend(("", "Layers"))
        lines.extend(self._layer_table().text_lines())
        return "\n".join(lines)

    def _html(self) -> str:
        parts = [
            '<div class="orgshape-metrics">',
            f"<p><strong>Spans and layers of the {html_text(self._scope())}</strong></p>",
            html_pairs(self._summary_lines()),
            self.band_histogram_svg(),
            self._band_table().html(),
            self.pyramid_svg(),
            self._layer_table().html(),
            "</div>",
        ]
        return "\n".join(parts)
