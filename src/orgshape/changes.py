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

from orgshape import _display

if typing.TYPE_CHECKING:
    from typing import Any, ClassVar, Final, TypeAlias

__all__ = [
    "CHANGE_TYPES",
    "Added",
    "Change",
    "Changed",
    "DottedLineChanged",
    "LayerChange",
    "Moved",
    "Relevelled",
    "Removed",
    "Renamed",
    "Retitled",
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


@attrs.frozen(kw_only=True)
class SummaryRow:
    """One headline number before and after.

    Attributes:
        metric: what is measured (``"positions"``, ``"mean span"``,
            ``"share in band 2-3"``, ``"total cost"``...).
        old: the current value (None: not defined, such as a span without managers).
        new: the proposed value.
    """

    metric: str
    old: float | int | None
    new: float | int | None

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
