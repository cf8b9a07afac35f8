"""Change records: what differs between a current and a proposed org, one typed record each.

Glossary:
    change: one frozen record of what differs for one position: :class:`Added`,
        :class:`Removed`, :class:`Moved` (another solid-line manager),
        :class:`Retitled`, :class:`Relevelled` (another ladder level),
        :class:`Renamed` (the same seat, another person: filled, opened or
        replaced), :class:`DottedLineChanged` and :class:`Changed` (any other field:
        cost, products, location...).
    span change: a manager whose span of control (solid reports, assistants left out)
        differs; a position missing on one side has no span there (None).
    layer change: a layer (1 = the top) whose number of positions differs.
    summary row: one headline number (positions, mean span, total cost...) before and
        after.

This module holds only the records (and loads no validation, metrics or rendering), so
that code building proposals (:mod:`orgshape.scenario`) and code reading diffs can use
them cheaply; :func:`orgshape.diff` makes them.

Examples:
    >>> from orgshape.changes import Moved
    >>> change = Moved(id="P032", name="Kenji Watanabe", old_manager="P013",
    ...                old_manager_name="Hannah Schmidt", new_manager="P014",
    ...                new_manager_name="Mateo Rossi")
    >>> print(change)
    moved P032 (Kenji Watanabe) from P013 (Hannah Schmidt) to P014 (Mateo Rossi)
    >>> change.to_dict()["change"]
    'moved'
"""

from __future__ import annotations

import math
import typing

import attrs

from orgshape import _display, _version

if typing.TYPE_CHECKING:
    from typing import Any, ClassVar, Final, TypeAlias

__all__ = [
    "CHANGE_TYPES",
    "ROLLUP_COLUMNS",
    "Added",
    "Affected",
    "Change",
    "Changed",
    "Displaced",
    "DottedLineChanged",
    "Impact",
    "LayerChange",
    "Moved",
    "Relevelled",
    "Removed",
    "RemovedSeat",
    "Renamed",
    "Retitled",
    "Rollup",
    "Rollups",
    "Sheet",
    "SpanChange",
    "SummaryRow",
    "field_names",
    "who",
]

_DECIMALS: Final = 4  # floats in to_dict
_OPEN: Final = "open role"


def _plain(value: Any) -> Any:
    """A value as it appears in :meth:`Diff.to_dict`: tuples as lists, floats rounded."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        rounded = round(value, _DECIMALS)
        return 0.0 if rounded == 0 else rounded
    return value


def who(id: str | None, name: str | None) -> str:
    """``P032 (Kenji Watanabe)``, ``P050 (open role)``, or ``nobody (top)`` for no id."""
    if id is None:
        return "nobody (top)"
    return f"{id} ({name if name is not None else _OPEN})"


def _shown(value: Any) -> str:
    if value is None or value == ():
        return "none"
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return f"{int(value)}"
    return str(value)


def field_names(kind: type[_Record]) -> tuple[str, ...]:
    """The fields of a change record type, in order."""
    return tuple(f.name for f in attrs.fields(typing.cast("type[attrs.AttrsInstance]", kind)))


class _Record:
    """What every change record shares: ``kind``, ``id``, ``name``, ``to_dict``."""

    __slots__ = ()
    kind: ClassVar[str]

    def __str__(self) -> str:
        """One line saying what changed, the data in its visible form (inert on a terminal)."""
        return _display.visible(self._describe())

    def _describe(self) -> str:
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready data: ``change`` (its kind), ``id``, ``name``, values."""
        out: dict[str, Any] = {
            "change": self.kind,
            "id": getattr(self, "id"),  # noqa: B009  (every record has them)
            "name": getattr(self, "name"),  # noqa: B009
        }
        for field in field_names(type(self)):
            if field not in out:
                out[field] = _plain(getattr(self, field))
        return out


@attrs.frozen(kw_only=True)
class Added(_Record):
    """A position of the proposed org that the current org does not have.

    Attributes:
        id: its id.
        name: the person (None: a new open role).
        title: the job title.
        level: the ladder level (None: unknown).
        manager: the manager's id (None: the top).
        manager_name: the manager's name (None: none, or an open role).

    Examples:
        >>> str(Added(id="P067", name="Dana Lee", title="Director of Product",
        ...           level="DIRECTOR", manager="007", manager_name="Kwame Mensah"))
        'added P067 (Dana Lee), Director of Product, under 007 (Kwame Mensah)'
    """

    kind: ClassVar[str] = "added"
    id: str
    name: str | None
    title: str | None
    level: str | None
    manager: str | None
    manager_name: str | None

    def _describe(self) -> str:
        return (
            f"added {who(self.id, self.name)}, {self.title or 'no title'}, "
            f"under {who(self.manager, self.manager_name)}"
        )


@attrs.frozen(kw_only=True)
class Removed(_Record):
    """A position of the current org that the proposed org does not have.

    Attributes:
        id: its id (in the current org).
        name: the person (None: an open role).
        title: the job title.
        level: the ladder level.
        manager: the manager it had (current id; None: the top).
        manager_name: that manager's name.

    Examples:
        >>> str(Removed(id="P050", name=None, title="Product Manager", level="PM",
        ...             manager="P017", manager_name="Yuki Nakamura"))
        'removed P050 (open role), Product Manager, was under P017 (Yuki Nakamura)'
    """

    kind: ClassVar[str] = "removed"
    id: str
    name: str | None
    title: str | None
    level: str | None
    manager: str | None
    manager_name: str | None

    def _describe(self) -> str:
        return (
            f"removed {who(self.id, self.name)}, {self.title or 'no title'}, "
            f"was under {who(self.manager, self.manager_name)}"
        )


@attrs.frozen(kw_only=True)
class Moved(_Record):
    """A position that reports to another solid-line manager (its team moves with it).

    Attributes:
        id: its id.
        name: the person.
        old_manager: the current manager's id (None: was the top).
        old_manager_name: their name.
        new_manager: the proposed manager's id (None: now the top).
        new_manager_name: their name.

    Examples:
        >>> str(Moved(id="P032", name="Kenji Watanabe", old_manager="P013",
        ...           old_manager_name="Hannah Schmidt", new_manager="P014",
        ...           new_manager_name="Arjun Mehta"))
        'moved P032 (Kenji Watanabe) from P013 (Hannah Schmidt) to P014 (Arjun Mehta)'
    """

    kind: ClassVar[str] = "moved"
    id: str
    name: str | None
    old_manager: str | None
    old_manager_name: str | None
    new_manager: str | None
    new_manager_name: str | None

    def _describe(self) -> str:
        return (
            f"moved {who(self.id, self.name)} from "
            f"{who(self.old_manager, self.old_manager_name)} to "
            f"{who(self.new_manager, self.new_manager_name)}"
        )


@attrs.frozen(kw_only=True)
class Retitled(_Record):
    """A position with another job title.

    Attributes:
        id: its id.
        name: the person.
        old_title: the current title.
        new_title: the proposed title.

    Examples:
        >>> str(Retitled(id="P057", name="Rebecca Stein", old_title="Product Manager 2",
        ...              new_title="Senior Product Manager"))
        'retitled P057 (Rebecca Stein): Product Manager 2 → Senior Product Manager'
    """

    kind: ClassVar[str] = "retitled"
    id: str
    name: str | None
    old_title: str | None
    new_title: str | None

    def _describe(self) -> str:
        return f"retitled {who(self.id, self.name)}: {self.old_title} → {self.new_title}"


@attrs.frozen(kw_only=True)
class Relevelled(_Record):
    """A position on another ladder level (a promotion, or a demotion).

    Attributes:
        id: its id.
        name: the person.
        old_level: the current level (None: unknown).
        new_level: the proposed level (None: unknown).

    Examples:
        >>> str(Relevelled(id="P057", name="Rebecca Stein", old_level="PM",
        ...                new_level="SENIOR_PM"))
        'relevelled P057 (Rebecca Stein): PM → SENIOR_PM'
    """

    kind: ClassVar[str] = "relevelled"
    id: str
    name: str | None
    old_level: str | None
    new_level: str | None

    def _describe(self) -> str:
        return f"relevelled {who(self.id, self.name)}: {self.old_level} → {self.new_level}"


@attrs.frozen(kw_only=True)
class Renamed(_Record):
    """The same seat with another person in it: filled, opened, or someone else.

    One record type covers the three cases, so that ``of_type(Renamed)`` lists every
    change of who sits where; :attr:`filled` and :attr:`opened` tell them apart.

    Attributes:
        id: the seat's id.
        title: its job title (in the proposed org).
        old_name: who sits there now (None: an open role).
        new_name: who sits there in the proposal (None: an open role).

    Examples:
        >>> change = Renamed(id="P050", title="Product Manager", old_name=None,
        ...                  new_name="Ana Lima")
        >>> change.filled, change.opened, change.name
        (True, False, 'Ana Lima')
        >>> str(change)
        'filled P050 (Product Manager): open role → Ana Lima'
    """

    kind: ClassVar[str] = "renamed"
    id: str
    title: str | None
    old_name: str | None
    new_name: str | None

    @property
    def name(self) -> str | None:
        """The name in the proposal (``new_name``)."""
        return self.new_name

    @property
    def filled(self) -> bool:
        """True when an open role gets a person."""
        return self.old_name is None and self.new_name is not None

    @property
    def opened(self) -> bool:
        """True when a person's seat becomes an open role."""
        return self.old_name is not None and self.new_name is None

    def _describe(self) -> str:
        verb = "filled" if self.filled else "opened" if self.opened else "renamed"
        old = self.old_name if self.old_name is not None else _OPEN
        new = self.new_name if self.new_name is not None else _OPEN
        return f"{verb} {self.id} ({self.title or 'no title'}): {old} → {new}"


@attrs.frozen(kw_only=True)
class DottedLineChanged(_Record):
    """A position whose dotted-line managers differ.

    Attributes:
        id: its id.
        name: the person.
        old_dotted_line: the current dotted-line managers' ids.
        old_dotted_names: their names (None for an open role or an unknown id).
        new_dotted_line: the proposed dotted-line managers' ids.
        new_dotted_names: their names.

    Examples:
        >>> str(DottedLineChanged(id="P025", name="Björn Lindqvist",
        ...     old_dotted_line=("007",), old_dotted_names=("Kwame Mensah",),
        ...     new_dotted_line=(), new_dotted_names=()))
        'dotted line of P025 (Björn Lindqvist): 007 (Kwame Mensah) → none'
    """

    kind: ClassVar[str] = "dotted_line_changed"
    id: str
    name: str | None
    old_dotted_line: tuple[str, ...]
    old_dotted_names: tuple[str | None, ...]
    new_dotted_line: tuple[str, ...]
    new_dotted_names: tuple[str | None, ...]

    def _describe(self) -> str:
        def listed(ids: tuple[str, ...], names: tuple[str | None, ...]) -> str:
            return ", ".join(who(i, n) for i, n in zip(ids, names, strict=True)) or "none"

        return (
            f"dotted line of {who(self.id, self.name)}: "
            f"{listed(self.old_dotted_line, self.old_dotted_names)} → "
            f"{listed(self.new_dotted_line, self.new_dotted_names)}"
        )


@attrs.frozen(kw_only=True)
class Changed(_Record):
    """Another field of a position differs: cost, products, location, function...

    Attributes:
        id: its id.
        name: the person.
        field: the :class:`~orgshape.Position` field (``"cost"``, ``"products"``,
            ``"function"``, ``"location"``, ``"years_experience"``, ``"assistant"``,
            ``"req"``). Extra columns are not compared.
        old: the current value.
        new: the proposed value.

    Examples:
        >>> str(Changed(id="P013", name="Hannah Schmidt", field="cost",
        ...             old=295000.0, new=305000.0))
        'changed cost of P013 (Hannah Schmidt): 295000 → 305000'
    """

    kind: ClassVar[str] = "changed"
    id: str
    name: str | None
    field: str
    old: Any
    new: Any

    def _describe(self) -> str:
        return (
            f"changed {self.field} of {who(self.id, self.name)}: "
            f"{_shown(self.old)} → {_shown(self.new)}"
        )


#: Any change record.
Change: TypeAlias = (
    Added | Removed | Moved | Retitled | Relevelled | Renamed | DottedLineChanged | Changed
)
#: The change record types, in the order a position's changes are listed.
CHANGE_TYPES: Final[tuple[type[_Record], ...]] = (
    Added,
    Removed,
    Moved,
    Retitled,
    Relevelled,
    Renamed,
    DottedLineChanged,
    Changed,
)


@attrs.frozen(kw_only=True)
class SpanChange:
    """A manager whose span of control differs.

    Attributes:
        id: the manager's id (the proposed org's; the current one's if removed).
        name: their name.
        old: the current span (None: not in the current org).
        new: the proposed span (None: not in the proposed org).
    """

    id: str
    name: str | None
    old: int | None
    new: int | None

    def to_dict(self) -> dict[str, Any]:
        """The span change as JSON-ready data."""
        return {k: _plain(v) for k, v in attrs.asdict(self).items()}


@attrs.frozen(kw_only=True)
class LayerChange:
    """A layer whose number of positions differs (layer 1 is the top).

    Attributes:
        layer: the layer.
        old: positions on it in the current org.
        new: positions on it in the proposed org.
    """

    layer: int
    old: int
    new: int

    def to_dict(self) -> dict[str, Any]:
        """The layer change as JSON-ready data."""
        return {k: _plain(v) for k, v in attrs.asdict(self).items()}


_LABELS: Final = {"one_over_ones": "one-over-ones"}


@attrs.frozen(kw_only=True)
class SummaryRow:
    """One headline number before and after.

    Attributes:
        metric: what is measured, in snake_case, named as in the metrics'
            :class:`~orgshape.Metrics` summary (``"positions"``, ``"mean_span"``,
            ``"total_cost"``...); ``"band_share"`` for the share of managers in a span
            band.
        old: the current value (None: not defined, such as a span without managers).
        new: the proposed value.
        band: the band's label for a ``"band_share"`` row (``"2-3"``), else None.

    Examples:
        >>> row = SummaryRow(metric="band_share", band="2-3", old=0.75, new=0.5)
        >>> row.label, row.change
        ('share in band 2-3', -0.25)
        >>> SummaryRow(metric="total_cost", old=10.0, new=12.0).label
        'total cost'
    """

    metric: str
    old: float | int | None
    new: float | int | None
    band: str | None = None

    @property
    def label(self) -> str:
        """The metric in words, as text and tables show it (``"share in band 2-3"``)."""
        if self.metric == "band_share":
            return f"share in band {self.band}"
        return _LABELS.get(self.metric, self.metric.replace("_", " "))

    @property
    def change(self) -> float | int | None:
        """``new - old``, or None when either is None."""
        if self.old is None or self.new is None:
            return None
        return self.new - self.old

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data, with its ``change``."""
        out = {k: _plain(v) for k, v in attrs.asdict(self).items()}
        out["change"] = _plain(self.change)
        return out


# --------------------------------------------------------------------------- leaders


def _change(old: float | int | None, new: float | int | None) -> float | int | None:
    return None if old is None or new is None else new - old


def _arrow(old: str, new: str) -> str:
    return old if old == new else f"{old} → {new}"


def _count_cell(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


@attrs.frozen(kw_only=True)
class Rollup:
    """One leader's org before and after: headcount, vacancies, cost and span.

    A leader's org is the leader and everyone below them, vacancies included (unlike
    ``headcount_below`` in metrics, the leader counts, so the top's row is the whole
    org and a VP's row is the VP's budget line).

    Attributes:
        id: the leader's id (the proposed org's; the current one's if removed).
        name: their name.
        title: their title (the proposed one; the current one if removed).
        level: their ladder level (likewise).
        layer: their layer (likewise; 1 = the top).
        group: in a table by function or by level, the function or level this row
            counts (None: positions without one); None in a table of whole orgs.
        old_headcount: positions in the leader's org (of the group) in the current
            org; None when the leader is not in it.
        new_headcount: the same in the proposed org.
        old_vacancies: the open roles among them, current.
        new_vacancies: proposed.
        old_cost: the sum of their known costs, current; None when the org has no
            cost data or the leader is not in it.
        new_cost: proposed.
        old_span: the leader's span (direct solid reports, assistants left out),
            current; None in a row of a group or when not in the org.
        new_span: proposed.

    Examples:
        >>> row = Rollup(id="P003", name="Priya Raman", title="VP, Product", level="VP",
        ...              layer=2, old_headcount=38, new_headcount=39, old_vacancies=0,
        ...              new_vacancies=1, old_cost=8.0e6, new_cost=8.2e6, old_span=2,
        ...              new_span=2)
        >>> row.headcount_change, row.cost_change, row.span_change
        (1, 200000.0, 0)
    """

    id: str
    name: str | None
    title: str | None
    level: str | None
    layer: int
    group: str | None = None
    old_headcount: int | None
    new_headcount: int | None
    old_vacancies: int | None
    new_vacancies: int | None
    old_cost: float | None
    new_cost: float | None
    old_span: int | None = None
    new_span: int | None = None

    @property
    def headcount_change(self) -> int | None:
        """``new_headcount - old_headcount`` (None when either is None)."""
        return typing.cast("int | None", _change(self.old_headcount, self.new_headcount))

    @property
    def vacancies_change(self) -> int | None:
        """``new_vacancies - old_vacancies`` (None when either is None)."""
        return typing.cast("int | None", _change(self.old_vacancies, self.new_vacancies))

    @property
    def cost_change(self) -> float | None:
        """``new_cost - old_cost`` (None when either is None)."""
        return typing.cast("float | None", _change(self.old_cost, self.new_cost))

    @property
    def span_change(self) -> int | None:
        """``new_span - old_span`` (None when either is None)."""
        return typing.cast("int | None", _change(self.old_span, self.new_span))

    @property
    def changed(self) -> bool:
        """True when any number differs (or the leader is on one side only)."""
        return any(
            getattr(self, f"old_{k}") != getattr(self, f"new_{k}")
            for k in ("headcount", "vacancies", "cost", "span")
        )

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data, with the ``*_change`` values."""
        out = {k: _plain(getattr(self, k)) for k in _ROLLUP_FIELDS}
        for k in ("headcount", "vacancies", "cost", "span"):
            out[f"{k}_change"] = _plain(getattr(self, f"{k}_change"))
        return out


_ROLLUP_FIELDS: Final = field_names(Rollup)  # type: ignore[arg-type]

#: The columns of a roll-up table, in order (``to_pandas`` and the workbook).
ROLLUP_COLUMNS: Final = (
    "id",
    "name",
    "title",
    "level",
    "layer",
    "group",
    "old_headcount",
    "new_headcount",
    "headcount_change",
    "old_vacancies",
    "new_vacancies",
    "vacancies_change",
    "old_cost",
    "new_cost",
    "cost_change",
    "old_span",
    "new_span",
    "span_change",
)


def _pandas() -> Any:
    try:
        import pandas as pd  # noqa: PLC0415  (optional extra, heavy)
    except ImportError as err:
        raise ImportError("to_pandas() needs pandas: pip install 'orgshape[pandas]'") from err
    return pd


def _money_cell(value: float | None, *, signed: bool = False) -> str:
    return _display.money(value, none="-", signed=signed)


@attrs.frozen(kw_only=True)
class Rollups(_display.NotebookDisplay):
    """Every leader's org before and after (:meth:`orgshape.Diff.rollups`).

    A read-only sequence of :class:`Rollup` rows: leaders in the proposed org's
    top-down order (layer by layer), then the removed leaders in the current org's.

    Attributes:
        by: None (one row per leader: the whole org), ``"function"`` or ``"level"``
            (one row per leader and function or level, ``group`` saying which).
        rows: the rows.
    """

    _display_formats: ClassVar = (("text/html", "_html"),)
    by: str | None
    rows: tuple[Rollup, ...]

    def __iter__(self) -> typing.Iterator[Rollup]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> Rollup:
        return self.rows[index]

    def of(self, id: str) -> tuple[Rollup, ...]:
        """The rows of one leader (one row, or one per group).

        Examples:
            >>> Rollups(by=None, rows=()).of("P003")
            ()
        """
        return tuple(r for r in self.rows if r.id == id)

    def to_dict(self) -> dict[str, Any]:
        """The table as JSON-ready data: ``by`` and ``rows`` (each :meth:`Rollup.to_dict`)."""
        return {"by": self.by, "rows": [r.to_dict() for r in self.rows]}

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON (with the ``schema_version``), byte-identical for equal input."""
        return _display.json_text(
            {"schema_version": _version.SCHEMA_VERSION, **self.to_dict()}, indent=indent
        )

    def columns(self) -> tuple[str, ...]:
        """The table's columns (``group`` only when :attr:`by` is set)."""
        return tuple(c for c in ROLLUP_COLUMNS if c != "group" or self.by is not None)

    def records(self) -> list[dict[str, Any]]:
        """One dict of typed cells per row, in :meth:`columns` order (for sheets)."""
        columns = self.columns()
        return [{c: v for c, v in r.to_dict().items() if c in columns} for r in self.rows]

    def to_pandas(self) -> Any:
        """The table as a pandas DataFrame (one row per row, :meth:`columns`).

        Raises:
            ImportError: pandas is not installed (``pip install 'orgshape[pandas]'``).
        """
        pd = _pandas()
        return pd.DataFrame.from_records(self.records(), columns=list(self.columns()))

    def _table(self, limit: int | None = None) -> _display.Table:
        shown = self.rows if limit is None else self.rows[:limit]
        headers = ["leader", "level"]
        if self.by is not None:
            headers.append("function" if self.by == "function" else "at level")
        headers += ["headcount", "change", "vacancies", "cost", "cost change", "span"]
        rows = []
        for r in shown:
            cells = [who(r.id, r.name), r.level or "-"]
            if self.by is not None:
                cells.append(r.group if r.group is not None else "none")
            cells += [
                _arrow(_count_cell(r.old_headcount), _count_cell(r.new_headcount)),
                _display.decimal(r.headcount_change, none="", signed=True)
                if r.headcount_change
                else "",
                _arrow(_count_cell(r.old_vacancies), _count_cell(r.new_vacancies)),
                _arrow(_money_cell(r.old_cost), _money_cell(r.new_cost)),
                _money_cell(r.cost_change, signed=True) if r.cost_change else "",
                ""
                if self.by is not None
                else _arrow(_count_cell(r.old_span), _count_cell(r.new_span)),
            ]
            rows.append(cells)
        if self.by is not None:
            del headers[-1]
            rows = [row[:-1] for row in rows]
        return _display.Table(
            headers,
            rows,
            numeric=[h for h in headers if h not in ("leader", "level", "function", "at level")],
            total=len(self.rows),
            noun="leaders" if self.by is None else "rows",
            hint="see to_pandas()",
            caption="Org per leader" + (f", by {self.by}" if self.by else ""),
        )

    def text_lines(self, *, limit: int | None = 50) -> list[str]:
        """The table as text lines (at most ``limit`` rows, then a "… and N more" line)."""
        return self._table(limit).text_lines()

    def __str__(self) -> str:
        if not self.rows:
            return "Org per leader: no leaders"
        title = "Org per leader" + (f", by {self.by}" if self.by else "")
        return _display.terminal_text("\n".join([title, *self.text_lines()]))

    def html_table(self, *, limit: int | None = 50) -> str:
        """The table as one HTML ``<table>`` (empty text when there are no rows)."""
        return self._table(limit).html() if self.rows else ""

    def _html(self) -> str:
        return self.html_table() or "<p>Org per leader: no leaders</p>"


# --------------------------------------------------------------------------- impact


@attrs.frozen(kw_only=True)
class Affected:
    """A person whose place in the org changes, and how.

    Attributes:
        id: their seat's id (the proposed org's).
        name: their name.
        manager_changed: their solid-line manager changes.
        leader_changed: the leader above them at one of the impact levels (by default
            the VP and the Head of Product) changes.
        layer_changed: their layer changes.
        old_manager: the current manager's id (None: the top).
        new_manager: the proposed manager's id (None: the top).
        old_leaders: the current leader above them at each impact level (None: none).
        new_leaders: the proposed ones.
        old_layer: their current layer.
        new_layer: their proposed layer.
    """

    id: str
    name: str | None
    manager_changed: bool
    leader_changed: bool
    layer_changed: bool
    old_manager: str | None
    new_manager: str | None
    old_leaders: tuple[str | None, ...]
    new_leaders: tuple[str | None, ...]
    old_layer: int
    new_layer: int

    def to_dict(self) -> dict[str, Any]:
        """The person as JSON-ready data."""
        return {k: _plain(v) for k, v in attrs.asdict(self).items()}


@attrs.frozen(kw_only=True)
class RemovedSeat:
    """A seat the proposal removes: who sat in it, where they go, where its team goes.

    Attributes:
        id: the seat's id (the current org's).
        name: who sits in it (None: an open role).
        title: its title.
        level: its level.
        destination: the proposed seat its person takes (None: an open role, or the
            person is on the bench).
        team: the seat's direct reports (current ids) that stay in the proposal.
        team_managers: each one's manager in the proposal (None: now the top).
    """

    id: str
    name: str | None
    title: str | None
    level: str | None
    destination: str | None
    team: tuple[str, ...]
    team_managers: tuple[str | None, ...]

    def to_dict(self) -> dict[str, Any]:
        """The seat as JSON-ready data."""
        return {k: _plain(v) for k, v in attrs.asdict(self).items()}


@attrs.frozen(kw_only=True)
class Displaced:
    """A person who loses their seat: it is removed, opened, or given to someone else.

    Attributes:
        name: the person.
        seat: the seat they leave (the current org's id).
        title: its title.
        seat_removed: True when the seat itself is removed (else it stays, open or
            with someone else in it).
        destination: the proposed seat they take (a seat where they newly appear,
            found by name); None: nowhere, they are on the bench.
        destination_title: that seat's title.
    """

    name: str
    seat: str
    title: str | None
    seat_removed: bool
    destination: str | None
    destination_title: str | None

    @property
    def on_bench(self) -> bool:
        """True when the person has no seat in the proposal."""
        return self.destination is None

    def to_dict(self) -> dict[str, Any]:
        """The person as JSON-ready data (with ``on_bench``)."""
        out = {k: _plain(v) for k, v in attrs.asdict(self).items()}
        out["on_bench"] = self.on_bench
        return out


@attrs.frozen(kw_only=True)
class Impact(_display.NotebookDisplay):
    """Who a proposal touches (:meth:`orgshape.Diff.impact`).

    Attributes:
        levels: the impact levels whose leader is compared (``("VP", "HEAD")``).
        people: everyone affected, in the proposed org's order; a person is affected
            when their manager, a leader above them at an impact level, or their layer
            changes (open roles are not people and are left out).
        removed: the seats removed, in the current org's order.
        displaced: the people who lose their seat, in the current org's order.
    """

    _display_formats: ClassVar = (("text/html", "_html"),)
    levels: tuple[str, ...]
    people: tuple[Affected, ...]
    removed: tuple[RemovedSeat, ...]
    displaced: tuple[Displaced, ...]

    @property
    def bench(self) -> tuple[Displaced, ...]:
        """The displaced people left without a seat."""
        return tuple(d for d in self.displaced if d.on_bench)

    def counts(self) -> dict[str, int]:
        """How many people are affected, and for which reason; seats removed; bench.

        Examples:
            >>> Impact(levels=("VP",), people=(), removed=(), displaced=()).counts()
            {'affected': 0, 'manager_changed': 0, 'leader_changed': 0, 'layer_changed': 0, \
'seats_removed': 0, 'displaced': 0, 'bench': 0}
        """
        people = self.people
        return {
            "affected": len(people),
            "manager_changed": sum(p.manager_changed for p in people),
            "leader_changed": sum(p.leader_changed for p in people),
            "layer_changed": sum(p.layer_changed for p in people),
            "seats_removed": len(self.removed),
            "displaced": len(self.displaced),
            "bench": len(self.bench),
        }

    def to_dict(self) -> dict[str, Any]:
        """The impact as JSON-ready data: levels, counts, people, removed, displaced."""
        return {
            "levels": list(self.levels),
            "counts": self.counts(),
            "people": [p.to_dict() for p in self.people],
            "removed": [s.to_dict() for s in self.removed],
            "displaced": [d.to_dict() for d in self.displaced],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON (with the ``schema_version``), byte-identical for equal input."""
        return _display.json_text(
            {"schema_version": _version.SCHEMA_VERSION, **self.to_dict()}, indent=indent
        )

    def records(self, table: str = "people") -> tuple[list[str], list[dict[str, Any]]]:
        """``(columns, rows)`` of one table: ``"people"``, ``"removed"`` or ``"displaced"``.

        Lists (leaders, teams) are joined with ``"; "`` so that every cell is a plain
        value (for spreadsheets).

        Raises:
            ValueError: an unknown table.
        """
        kinds: dict[str, tuple[type[Any], tuple[Any, ...]]] = {
            "people": (Affected, self.people),
            "removed": (RemovedSeat, self.removed),
            "displaced": (Displaced, self.displaced),
        }
        if table not in kinds:
            raise ValueError(f"unknown table {table!r} (known: people, removed, displaced)")
        kind, items = kinds[table]
        columns = list(field_names(kind))
        if kind is Displaced:
            columns.append("on_bench")
        rows = []
        for item in items:
            row = item.to_dict()
            rows.append(
                {
                    c: "; ".join("-" if v is None else str(v) for v in row[c])
                    if isinstance(row[c], list)
                    else row[c]
                    for c in columns
                }
            )
        return columns, rows

    def to_pandas(self, table: str = "people") -> Any:
        """One table as a pandas DataFrame (see :meth:`records`).

        Raises:
            ImportError: pandas is not installed (``pip install 'orgshape[pandas]'``).
            ValueError: an unknown table.
        """
        columns, rows = self.records(table)
        return _pandas().DataFrame.from_records(rows, columns=columns)

    def summary(self) -> str:
        """One line: how many people are affected, and why; seats removed; the bench.

        Examples:
            >>> Impact(levels=("VP", "HEAD"), people=(), removed=(), displaced=()).summary()
            'nobody affected; no seat removed'
        """
        n = self.counts()
        if n["affected"]:
            first = (
                f"{_display.count(n['affected'], 'person', 'people')} affected: "
                f"{n['manager_changed']:,} with a new manager, {n['leader_changed']:,} with "
                f"a new {' or '.join(self.levels) or 'leader'} above them, "
                f"{n['layer_changed']:,} on another layer"
            )
        else:
            first = "nobody affected"
        seats = (
            f"{_display.count(n['seats_removed'], 'seat')} removed"
            if n["seats_removed"]
            else "no seat removed"
        )
        bench = f", {n['bench']:,} on the bench" if n["bench"] else ""
        return f"{first}; {seats}{bench}"

    def details(self) -> list[str]:
        """The details: one line per removed seat and per person displaced from a seat.

        A removed seat's line says where its person goes and who its team reports to.
        """
        lines = []
        for s in self.removed:
            where = (
                "open role"
                if s.name is None
                else f"{s.name} → {s.destination}"
                if s.destination is not None
                else f"{s.name} → bench"
            )
            bosses = sorted({m or "top" for m in s.team_managers})
            team = f"; its team of {len(s.team)} to {', '.join(bosses)}" if s.team else ""
            lines.append(f"removed {s.id} ({s.title or 'no title'}): {where}{team}")
        for d in self.displaced:
            if not d.seat_removed:
                where = f"→ {d.destination}" if d.destination is not None else "→ bench"
                lines.append(f"displaced {d.name} from {d.seat} ({d.title or 'no title'}) {where}")
        return lines

    def __str__(self) -> str:
        lines = [f"Impact: {self.summary()}"]
        lines.extend(f"  {_display.visible(line)}" for line in self.details())
        return _display.terminal_text("\n".join(lines))

    def _html(self) -> str:
        rows = [[line] for line in self.details()]
        body = _display.Table(["seat"], rows, caption="Seats and people").html() if rows else ""
        return f"<p>{_display.html_text('Impact: ' + self.summary())}</p>{body}"


# --------------------------------------------------------------------------- sheets


def _cell(value: Any) -> Any:
    """A value as a sheet cell: lists joined with ``"; "``, everything else as is."""
    if type(value) in (list, tuple):
        return "; ".join("-" if v is None else str(v) for v in value)
    return value


def _headers(headers: typing.Iterable[str]) -> tuple[str, ...]:
    return tuple(headers)


def _rows(rows: typing.Iterable[typing.Iterable[Any]]) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(r) for r in rows)


@attrs.frozen(kw_only=True)
class Sheet:
    """One table of a workbook: a name, column headers and rows of typed cells.

    What ``to_excel()`` writes, one sheet per table; any writer that takes headers and
    rows of plain values (a spreadsheet library, a database) can take them too.

    Attributes:
        name: the sheet's name (a workbook shortens and de-duplicates it as Excel needs).
        headers: the column names.
        rows: the rows, each one cell per header (text, numbers, true/false, dates or
            None for an empty cell).

    Examples:
        >>> sheet = Sheet.of("leaders", ["id", "headcount"], [{"id": "P002", "headcount": 31}])
        >>> sheet.rows
        (('P002', 31),)
    """

    name: str
    headers: tuple[str, ...] = attrs.field(converter=_headers)
    rows: tuple[tuple[Any, ...], ...] = attrs.field(converter=_rows)

    @classmethod
    def of(
        cls, name: str, columns: typing.Sequence[str], records: typing.Iterable[dict[str, Any]]
    ) -> Sheet:
        """A sheet from dict records (missing keys are empty cells, lists are joined)."""
        return cls(
            name=name,
            headers=tuple(columns),
            rows=tuple(tuple(_cell(r.get(c)) for c in columns) for r in records),
        )
