"""Compare a proposed org design with the current one: typed changes, spans, layers, findings.

Glossary:
    current / proposed: the org as it is, and the design under discussion (a reorg).
    match key: what makes a position of one org "the same" as one of the other. By
        default the ``id``; when the two files come from different systems, a person
        key such as the email or the employee number (``key="email"``).
    change: one typed, frozen record of what differs for one position: :class:`Added`,
        :class:`Removed`, :class:`Moved` (another solid-line manager),
        :class:`Retitled`, :class:`Relevelled` (another ladder level),
        :class:`Renamed` (the same seat, another person: filled, opened or
        replaced), :class:`DottedLineChanged` and :class:`Changed` (any other field:
        cost, products, location...).
    span change: a manager whose span of control (solid reports, assistants left out)
        differs; a position missing on one side has no span there (None).
    layer change: a layer (1 = the top) whose number of positions differs.
    introduced / resolved finding: a validation finding the proposal has and the
        current org has not (introduced), or the reverse (resolved); both orgs are
        validated with the same policy.
    ghost: a removed seat drawn dashed under its old manager on the diff chart.

Conventions:

* Changes come in the proposed org's row order (all the changes of one position
  together, in the order of the list above), then the removed positions in the
  current org's row order. The same two orgs always give the same changes, text and
  JSON, byte for byte.
* Ids in a record are the proposed org's ids, except for :class:`Removed` and the
  ``old_*`` ids (old manager, old dotted lines), which are the current org's. They only
  differ when the orgs are matched by another key.
* A manager reference is compared through the match key: with ``key="email"``, a
  person whose manager has another id in the new system but the same email has not
  moved. Products and dotted lines are compared as sets (their order is not a
  change).
* Everything is linear in the number of positions (dictionaries keyed by the match
  key; no comparison of pairs).
"""

from __future__ import annotations

import html
import json
import math
import operator
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final, Literal, TypeAlias, TypeVar, cast

import attrs

from orgshape._gc import gc_paused
from orgshape._metrics import Metrics, metrics
from orgshape._model import FIELD_DEFAULTS, Org
from orgshape.exceptions import InputError, StructureError
from orgshape.render import Chart, ChartOptions, Ghost, Mark, chart
from orgshape.rules import Finding, Policy, Report, validate

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "SCHEMA_VERSION",
    "Added",
    "Change",
    "Changed",
    "Diff",
    "DottedLineChanged",
    "LayerChange",
    "Moved",
    "Relevelled",
    "Removed",
    "Renamed",
    "Retitled",
    "SpanChange",
    "SummaryRow",
    "diff",
]

#: The version of the layout of :meth:`Diff.to_dict` (bumped on incompatible change).
SCHEMA_VERSION: Final = 1
_DECIMALS: Final = 4  # floats in to_dict/to_json
_TEXT_ROWS: Final = 50  # lines per section in str() and the notebook display
_OPEN: Final = "open role"
_MARKS: Final = "\x00\x01\x02\x03"  # match-key namespaces: id, key, unknown ref, req


# --------------------------------------------------------------------------- records


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


def _who(id: str | None, name: str | None) -> str:
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


def _field_names(kind: type[_Record]) -> tuple[str, ...]:
    return tuple(f.name for f in attrs.fields(cast("type[attrs.AttrsInstance]", kind)))


class _Record:
    """What every change record shares: ``kind``, ``id``, ``name``, ``to_dict``."""

    __slots__ = ()
    kind: ClassVar[str]

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON-ready data: ``change`` (its kind), ``id``, ``name``, values."""
        out: dict[str, Any] = {
            "change": self.kind,
            "id": getattr(self, "id"),  # noqa: B009  (every record has them)
            "name": getattr(self, "name"),  # noqa: B009
        }
        for field in _field_names(type(self)):
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

    def __str__(self) -> str:
        return (
            f"added {_who(self.id, self.name)}, {self.title or 'no title'}, "
            f"under {_who(self.manager, self.manager_name)}"
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

    def __str__(self) -> str:
        return (
            f"removed {_who(self.id, self.name)}, {self.title or 'no title'}, "
            f"was under {_who(self.manager, self.manager_name)}"
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

    def __str__(self) -> str:
        return (
            f"moved {_who(self.id, self.name)} from "
            f"{_who(self.old_manager, self.old_manager_name)} to "
            f"{_who(self.new_manager, self.new_manager_name)}"
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

    def __str__(self) -> str:
        return f"retitled {_who(self.id, self.name)}: {self.old_title} → {self.new_title}"


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

    def __str__(self) -> str:
        return f"relevelled {_who(self.id, self.name)}: {self.old_level} → {self.new_level}"


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

    def __str__(self) -> str:
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

    def __str__(self) -> str:
        def listed(ids: tuple[str, ...], names: tuple[str | None, ...]) -> str:
            return ", ".join(_who(i, n) for i, n in zip(ids, names, strict=True)) or "none"

        return (
            f"dotted line of {_who(self.id, self.name)}: "
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

    def __str__(self) -> str:
        return (
            f"changed {self.field} of {_who(self.id, self.name)}: "
            f"{_shown(self.old)} → {_shown(self.new)}"
        )


#: Any change record.
Change: TypeAlias = (
    Added | Removed | Moved | Retitled | Relevelled | Renamed | DottedLineChanged | Changed
)
_KINDS: Final[tuple[type[_Record], ...]] = (
    Added,
    Removed,
    Moved,
    Retitled,
    Relevelled,
    Renamed,
    DottedLineChanged,
    Changed,
)
#: Position fields compared into :class:`Changed` records, in this order.
_OTHER_FIELDS: Final = (
    "function",
    "products",
    "years_experience",
    "cost",
    "location",
    "assistant",
    "req",
)
_SET_FIELDS: Final = frozenset({"products", "dotted_line"})


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


_C = TypeVar("_C", bound=_Record)

# --------------------------------------------------------------------------- matching


def _key_column(org: Org, key: str, side: str) -> tuple[str, bool]:
    """The extra column of ``org`` that holds ``key``, and whether it holds emails.

    Raises:
        InputError: no column fits, or several do.
    """
    from orgshape.io import columns_for  # noqa: PLC0415  (io is only needed for key=)

    extra = org.extra_columns
    if key in extra:
        return key, bool(columns_for([key], "email"))
    if key in ("email", "employee_number"):
        found = columns_for(extra, key)
        if len(found) == 1:
            return found[0], key == "email"
        if len(found) > 1:
            msg = (
                f"key={key!r} fits several columns of the {side} org "
                f"({', '.join(map(repr, found))}); pass the column name as key"
            )
            raise InputError(msg)
    columns = ", ".join(map(repr, extra)) if extra else "none"
    msg = (
        f"cannot match by {key!r}: the {side} org has no such column (its extra columns: "
        f"{columns}); key is 'id', 'email', 'employee_number' or an extra column name"
    )
    raise InputError(msg)


def _people(org: Org, rows: Sequence[int]) -> str:
    ids, names = org.view.ids, org.view.names
    shown = ", ".join(_who(ids[i], names[i]) for i in rows[:10])
    return shown + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")


class _Side:
    """One org seen through the match key: a key per row and the key → row index."""

    def __init__(self, org: Org, key: str | None, side: str) -> None:
        self.org = org
        view = org.view
        ids = view.ids
        self.by_id: Mapping[str, int] = view.index
        if key is None:
            keys: Sequence[str] = ids
            unique = view.unique
        else:
            from orgshape.io import key_text  # noqa: PLC0415  (io is only needed for key=)

            column, casefold = _key_column(org, key, side)
            values = view.extra_column(column)
            names = view.names
            reqs = view.field("req")
            made: list[str] = []
            missing: list[int] = []
            for i, raw in enumerate(values):
                text = key_text(raw)
                if text is None:
                    if names[i] is not None:
                        missing.append(i)
                    req = reqs[i] if reqs is not None else None
                    # an open role without a key: by requisition, else by id
                    made.append("\x03" + req if req else "\x00" + ids[i])
                else:
                    made.append("\x01" + (text.casefold() if casefold else text))
            if missing:
                noun = "person has" if len(missing) == 1 else "people have"
                msg = (
                    f"cannot match by {key!r}: {len(missing)} {noun} no {column!r} in the "
                    f"{side} org: {_people(org, missing)}"
                )
                raise StructureError(msg)
            unique = False
            keys = made
        self.keys = keys
        index: Mapping[str, int] = (
            view.index if unique else dict(zip(keys, range(len(keys)), strict=True))
        )
        if len(index) != len(keys):
            first: dict[str, int] = {}
            clashes: dict[str, list[int]] = {}
            for i, k in enumerate(keys):
                j = first.setdefault(k, i)
                if j != i:
                    clashes.setdefault(k, [j]).append(i)
            what = "id" if key is None else repr(key)
            listed = "; ".join(
                f"{k.lstrip(_MARKS)!r}: {_people(org, rows)}"
                for k, rows in list(clashes.items())[:10]
            )
            msg = (
                f"cannot match the {side} org by {what}: {len(clashes)} "
                f"{'value is' if len(clashes) == 1 else 'values are'} shared by several "
                f"positions ({listed})"
            )
            raise StructureError(msg)
        self.index = index
        self.raw = key is None  # keys are the ids themselves

    def manager_key(self, i: int) -> str | None:
        """The match key of the manager ``i`` refers to (the raw reference if unknown)."""
        ref = self.org.view.managers[i]
        if ref is None or self.raw:
            return ref
        t = self.by_id.get(ref)
        return self.keys[t] if t is not None else "\x02" + ref

    def ref_keys(self, refs: Iterable[str]) -> frozenset[str]:
        """Match keys of several id references (dotted lines)."""
        if self.raw:
            return frozenset(refs)
        by_id, keys = self.by_id, self.keys
        return frozenset(keys[t] if (t := by_id.get(r)) is not None else "\x02" + r for r in refs)

    def name_of(self, id: str | None) -> str | None:
        """The name of the position with this id (None: no such position or vacant)."""
        if id is None:
            return None
        t = self.by_id.get(id)
        return self.org.view.names[t] if t is not None else None

    def column(self, field: str) -> Sequence[Any] | None:
        return self.org.view.field(field)


# --------------------------------------------------------------------------- diff


def diff(
    current: Org,
    proposed: Org,
    *,
    key: str | None = None,
    policy: Policy | None = None,
) -> Diff:
    """Compare a proposed org design with the current one.

    Args:
        current: the org as it is.
        proposed: the design under discussion.
        key: what matches positions across the two orgs: ``None`` or ``"id"`` (the
            default), or, when the files come from different systems, ``"email"``,
            ``"employee_number"`` (found among each org's extra columns under any of
            the header spellings the loader knows, such as "Work Email") or the exact
            name of an extra column. Emails match case-insensitively. An open role
            without a key is matched by its requisition (``req``) when it has one,
            else by id, among the open roles; a position left over that has the
            requisition of a current open role left over is that role, filled.
        policy: the policy both orgs are validated with for :attr:`Diff.introduced` and
            :attr:`Diff.resolved` (default: ``Policy()``).

    Returns:
        The :class:`Diff`; its changes are computed now, the metrics and findings when
        first asked for.

    Raises:
        TypeError: ``current`` or ``proposed`` is not an Org, or ``policy`` not a Policy.
        InputError: ``key`` names no column of one of the orgs, or several.
        StructureError: the key does not identify positions one to one: a value is
            shared by several positions, or people have none (the message names them).

    Examples:
        >>> from orgshape import Org, Position
        >>> current = Org([
        ...     Position(id="1", name="Ana", title="Chief Product Officer"),
        ...     Position(id="2", name="Bo", title="Director of Product", manager="1"),
        ...     Position(id="3", name="Cy", title="Product Manager", manager="2"),
        ... ])
        >>> proposed = current.move("3", to="1").retitle("2", "VP of Product")
        >>> d = diff(current, proposed)
        >>> [change.kind for change in d]
        ['retitled', 'relevelled', 'moved']
        >>> print(d.changes[2])
        moved 3 (Cy) from 2 (Bo) to 1 (Ana)
        >>> [(s.id, s.old, s.new) for s in d.spans]
        [('1', 1, 2), ('2', 1, 0)]
        >>> len(diff(current, current)), bool(diff(current, current))
        (0, False)
    """
    for org in (current, proposed):
        if not isinstance(org, Org):
            raise TypeError(f"diff() compares two Org objects, got {type(org).__name__}")
    if key is not None and not isinstance(key, str):
        raise TypeError(f"key must be a column name (a string) or None, got {key!r}")
    if policy is None:
        policy = Policy()
    elif not isinstance(policy, Policy):
        raise TypeError(f"policy must be a Policy, got {type(policy).__name__}")
    match_key = None if key in (None, "id") else key
    with gc_paused():
        old = _Side(current, match_key, "current")
        new = _Side(proposed, match_key, "proposed")
        pair = list(map(old.index.get, new.keys))  # proposed row -> current row or None
        if match_key is not None:
            _pair_by_req(old, new, pair)
        changes = _changes(old, new, pair)
    return Diff(
        current=current,
        proposed=proposed,
        key=key if key is not None else "id",
        policy=policy,
        changes=changes,
        pair=pair,
        sides=(old, new),
    )


def _pair_by_req(old: _Side, new: _Side, pair: list[int | None]) -> None:
    """Pair the seats left over that share a requisition: an open role filled by someone.

    The proposed seat takes the current seat's match key, so that its reports have not
    moved.
    """
    a_req, b_req = old.column("req"), new.column("req")
    if a_req is None or b_req is None:
        return
    # made for a match key (never the org's own read-only ids and index): re-keyable
    keys, index = new.keys, new.index
    assert isinstance(keys, list)
    assert isinstance(index, dict)
    used = set(pair)
    by_req: dict[str, list[int]] = {}
    for k, req in enumerate(a_req):
        if req and k not in used:
            by_req.setdefault(req, []).append(k)
    for j, req in enumerate(b_req):
        if pair[j] is None and req and len(by_req.get(req, ())) == 1:
            (i,) = by_req.pop(req)
            pair[j] = i
            del index[keys[j]]
            keys[j] = old.keys[i]
            index[keys[j]] = j


def _changes(old: _Side, new: _Side, pair: list[int | None]) -> tuple[Change, ...]:
    """Every change, in proposed order, then the removals in current order."""
    a, b = old.org.view, new.org.view
    found: dict[int, list[Change]] = {}  # proposed row -> its changes, in kind order

    def put(j: int, change: Change) -> None:
        found.setdefault(j, []).append(change)

    matched = [(j, i) for j, i in enumerate(pair) if i is not None]
    for j, i in enumerate(pair):
        if i is None:
            ref = b.managers[j]
            put(
                j,
                Added(
                    id=b.ids[j],
                    name=b.names[j],
                    title=b.titles[j],
                    level=b.levels[j],
                    manager=ref,
                    manager_name=new.name_of(ref),
                ),
            )
    if old.raw:
        moved = [(j, i) for j, i in matched if a.managers[i] != b.managers[j]]
    else:
        moved = [(j, i) for j, i in matched if old.manager_key(i) != new.manager_key(j)]
    for j, i in moved:
        put(
            j,
            Moved(
                id=b.ids[j],
                name=b.names[j],
                old_manager=a.managers[i],
                old_manager_name=old.name_of(a.managers[i]),
                new_manager=b.managers[j],
                new_manager_name=new.name_of(b.managers[j]),
            ),
        )
    at, bt = a.titles, b.titles
    for j, i in matched:
        if at[i] != bt[j]:
            put(j, Retitled(id=b.ids[j], name=b.names[j], old_title=at[i], new_title=bt[j]))
    al, bl = a.levels, b.levels
    for j, i in matched:
        if al[i] != bl[j]:
            put(j, Relevelled(id=b.ids[j], name=b.names[j], old_level=al[i], new_level=bl[j]))
    an, bn = a.names, b.names
    for j, i in matched:
        if an[i] != bn[j]:
            put(j, Renamed(id=b.ids[j], title=bt[j], old_name=an[i], new_name=bn[j]))
    ad, bd = old.column("dotted_line"), new.column("dotted_line")
    if ad is not None or bd is not None:
        for j, i in matched:
            od: tuple[str, ...] = ad[i] if ad is not None else ()
            nd: tuple[str, ...] = bd[j] if bd is not None else ()
            if (od or nd) and old.ref_keys(od) != new.ref_keys(nd):
                put(
                    j,
                    DottedLineChanged(
                        id=b.ids[j],
                        name=b.names[j],
                        old_dotted_line=tuple(od),
                        old_dotted_names=tuple(old.name_of(r) for r in od),
                        new_dotted_line=tuple(nd),
                        new_dotted_names=tuple(new.name_of(r) for r in nd),
                    ),
                )
    for field in _OTHER_FIELDS:
        ac, bc = old.column(field), new.column(field)
        if ac is None and bc is None:
            continue
        default = FIELD_DEFAULTS[field]
        as_set = field in _SET_FIELDS
        for j, i in matched:
            ov = ac[i] if ac is not None else default
            nv = bc[j] if bc is not None else default
            if ov == nv or (as_set and frozenset(ov) == frozenset(nv)):
                continue
            put(j, Changed(id=b.ids[j], name=b.names[j], field=field, old=ov, new=nv))

    out: list[Change] = []
    for j in sorted(found):
        out.extend(found[j])
    kept = [False] * len(a.ids)
    for i in pair:
        if i is not None:
            kept[i] = True
    for i, is_kept in enumerate(kept):
        if not is_kept:
            ref = a.managers[i]
            out.append(
                Removed(
                    id=a.ids[i],
                    name=a.names[i],
                    title=a.titles[i],
                    level=a.levels[i],
                    manager=ref,
                    manager_name=old.name_of(ref),
                )
            )
    return tuple(out)


# --------------------------------------------------------------------------- the Diff


class Diff:
    """What changes from a current org to a proposed one: typed changes and measures.

    A diff is a read-only sequence of change records (see :func:`diff`), empty (and
    false) when nothing changed. Beside the changes it has the span and layer changes,
    the headline metrics before and after, and the validation findings the proposal
    introduces and resolves; these are computed when first asked for.

    Attributes:
        current: the current org.
        proposed: the proposed org.
        key: what positions were matched by (``"id"``, ``"email"``...).
        policy: the policy both orgs are validated with.

    Examples:
        >>> from orgshape import Org, Position
        >>> current = Org([
        ...     Position(id="1", name="Ana", title="Chief Product Officer"),
        ...     Position(id="2", title="Product Manager", manager="1"),
        ... ])
        >>> d = diff(current, current.replace(Position(id="2", name="Bo",
        ...                                            title="Product Manager", manager="1")))
        >>> d
        <Diff 2 → 2 positions: 1 change (1 renamed)>
        >>> d.of_type(Renamed)[0].filled
        True
        >>> [(row.metric, row.old, row.new) for row in d.summary][:3]
        [('positions', 2, 2), ('filled', 1, 2), ('vacancies', 1, 0)]
    """

    __slots__ = (
        "_layers",
        "_metrics",
        "_pair",
        "_reports",
        "_sides",
        "_spans",
        "_split",
        "_summary",
        "changes",
        "current",
        "key",
        "policy",
        "proposed",
    )

    def __init__(
        self,
        *,
        current: Org,
        proposed: Org,
        key: str,
        policy: Policy,
        changes: tuple[Change, ...],
        pair: list[int | None],
        sides: tuple[_Side, _Side],
    ) -> None:
        self.current = current
        self.proposed = proposed
        self.key = key
        self.policy = policy
        #: Every change, in order (see the module docs).
        self.changes: tuple[Change, ...] = changes
        self._pair = pair
        self._sides = sides
        self._spans: tuple[SpanChange, ...] | None = None
        self._layers: tuple[LayerChange, ...] | None = None
        self._metrics: tuple[Metrics, Metrics] | None = None
        self._summary: tuple[SummaryRow, ...] | None = None
        self._reports: tuple[Report, Report] | None = None
        self._split: tuple[tuple[Finding, ...], tuple[Finding, ...]] | None = None

    # -- sequence ----------------------------------------------------------------------

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def of_type(self, kind: type[_C]) -> tuple[_C, ...]:
        """The changes of one type, in order.

        Examples:
            >>> from orgshape import Org, Position
            >>> org = Org([Position(id="1", name="Ana", title="CPO")])
            >>> d = diff(org, org.add(Position(id="2", name="Bo", title="PM", manager="1")))
            >>> [c.id for c in d.of_type(Added)], d.of_type(Removed)
            (['2'], ())
        """
        if kind not in _KINDS:
            known = ", ".join(k.__name__ for k in _KINDS)
            msg = f"of_type() takes a change type ({known}), got {kind!r}"
            raise TypeError(msg)
        return tuple(c for c in self.changes if isinstance(c, kind))

    def _counts(self) -> dict[str, int]:
        counts = dict.fromkeys((k.kind for k in _KINDS), 0)
        for c in self.changes:
            counts[c.kind] += 1
        return counts

    # -- measures ----------------------------------------------------------------------

    @property
    def spans(self) -> tuple[SpanChange, ...]:
        """Managers whose span differs: proposed order, then removed managers."""
        if self._spans is None:
            old, new = self._sides
            a, b = old.org.view, new.org.view
            a_span, b_span = a.spans, b.spans
            out: list[SpanChange] = []
            for j, i in enumerate(self._pair):
                was = a_span[i] if i is not None else None
                now = b_span[j]
                if (was or 0) != now:
                    out.append(SpanChange(id=b.ids[j], name=b.names[j], old=was, new=now))
            kept = set(self._pair)
            out.extend(
                SpanChange(id=a.ids[i], name=a.names[i], old=span, new=None)
                for i, span in enumerate(a_span)
                if span and i not in kept
            )
            self._spans = tuple(out)
        return self._spans

    @property
    def layers(self) -> tuple[LayerChange, ...]:
        """Layers whose number of positions differs, top first."""
        if self._layers is None:
            old, new = self._sides
            a = Counter(old.org.view.layers)
            b = Counter(new.org.view.layers)
            deepest = max(max(a, default=0), max(b, default=0))
            self._layers = tuple(
                LayerChange(layer=k, old=a[k], new=b[k])
                for k in range(1, deepest + 1)
                if a[k] != b[k]
            )
        return self._layers

    @property
    def metrics(self) -> tuple[Metrics, Metrics]:
        """The spans-and-layers metrics of the current and the proposed org."""
        if self._metrics is None:
            self._metrics = (metrics(self.current), metrics(self.proposed))
        return self._metrics

    @property
    def summary(self) -> tuple[SummaryRow, ...]:
        """The headline numbers before and after, one row per metric.

        Rows: positions, filled, vacancies, managers, individual contributors, layers,
        mean span, median span, max span, one-over-ones, the share of managers in each
        span band, total cost and vacancy cost.
        """
        if self._summary is None:
            before, after = self.metrics
            s, t = before.summary, after.summary
            rows = [
                SummaryRow(metric=label, old=getattr(s, field), new=getattr(t, field))
                for label, field in _SUMMARY_FIELDS
            ]
            shares = {b.label: b.share for b in t.band_shares}
            rows[10:10] = [
                SummaryRow(metric=f"share in band {b.label}", old=b.share, new=shares.get(b.label))
                for b in s.band_shares
            ]
            self._summary = tuple(rows)
        return self._summary

    # -- findings ----------------------------------------------------------------------

    @property
    def reports(self) -> tuple[Report, Report]:
        """The validation reports of the current and the proposed org (same policy)."""
        if self._reports is None:
            self._reports = (
                validate(self.current, self.policy),
                validate(self.proposed, self.policy),
            )
        return self._reports

    @property
    def introduced(self) -> tuple[Finding, ...]:
        """Findings of the proposal that the current org does not have.

        Findings are matched by rule code and the people involved (through the match
        key); a finding about the same main person under the same rule whose list of
        people changed (a manager who still has too many reports, with others) is the
        same finding, neither introduced nor resolved.
        """
        return self._findings()[0]

    @property
    def resolved(self) -> tuple[Finding, ...]:
        """Findings of the current org that the proposal no longer has (see introduced)."""
        return self._findings()[1]

    def _findings(self) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
        if self._split is None:
            old_report, new_report = self.reports
            old, new = self._sides
            with gc_paused():
                self._split = _split_findings(old_report, new_report, old, new)
        return self._split

    # -- data out ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON-ready data with a schema version; deterministic.

        Keys: ``schema_version``, ``key``, ``positions`` (old and new counts),
        ``counts`` (changes per kind), ``changes``, ``spans``, ``layers``, ``summary``,
        ``introduced`` and ``resolved`` (findings, as in a report).

        Examples:
            >>> from orgshape import Org, Position
            >>> org = Org([Position(id="1", name="Ana", title="CPO")])
            >>> d = diff(org, org.retitle("1", "Chief Product Officer"))
            >>> d.to_dict()["changes"]
            [{'change': 'retitled', 'id': '1', 'name': 'Ana', 'old_title': 'CPO', \
'new_title': 'Chief Product Officer'}]
        """
        return {
            "schema_version": SCHEMA_VERSION,
            "key": self.key,
            "positions": {"old": len(self.current), "new": len(self.proposed)},
            "counts": self._counts(),
            "changes": [c.to_dict() for c in self.changes],
            "spans": [_record_dict(r) for r in self.spans],
            "layers": [_record_dict(r) for r in self.layers],
            "summary": [_record_dict(r) for r in self.summary],
            "introduced": [f.to_dict() for f in self.introduced],
            "resolved": [f.to_dict() for f in self.resolved],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON: sorted keys, UTF-8 text, byte-identical for equal input."""
        return json.dumps(
            self.to_dict(), indent=indent, sort_keys=True, ensure_ascii=False, allow_nan=False
        )

    def to_pandas(
        self, table: Literal["changes", "spans", "layers", "summary", "findings"] = "changes"
    ) -> pd.DataFrame:
        """One table of the diff as a pandas DataFrame.

        Args:
            table: ``"changes"`` (one row per change: ``change``, ``id``, ``name``, then
                every record field; a field a change does not have is empty),
                ``"spans"``, ``"layers"``, ``"summary"`` (metric, old, new, change) or
                ``"findings"`` (``status`` introduced/resolved, then the finding).

        Raises:
            ImportError: pandas is not installed (``pip install 'orgshape[pandas]'``).
            ValueError: an unknown table.
        """
        rows: list[dict[str, Any]]
        if table == "changes":
            rows = [c.to_dict() for c in self.changes]
            columns: list[str] = ["change", "id", "name"]
            for kind in _KINDS:
                columns.extend(f for f in _field_names(kind) if f not in columns)
        elif table in ("spans", "layers"):
            kind_of: type[SpanChange | LayerChange] = (
                SpanChange if table == "spans" else LayerChange
            )
            rows = [attrs.asdict(r) for r in getattr(self, table)]
            columns = [f.name for f in attrs.fields(kind_of)]
        elif table == "summary":
            rows = [_record_dict(r) for r in self.summary]
            columns = ["metric", "old", "new", "change"]
        elif table == "findings":
            rows = [{"status": "introduced", **f.to_dict()} for f in self.introduced]
            rows.extend({"status": "resolved", **f.to_dict()} for f in self.resolved)
            columns = [
                "status",
                *Finding(code="X", name="x", severity="info", message="").to_dict(),
            ]
        else:
            msg = f"unknown table {table!r} (known: changes, spans, layers, summary, findings)"
            raise ValueError(msg)
        try:
            import pandas as pd  # noqa: PLC0415  (optional extra, heavy)
        except ImportError as err:
            raise ImportError(
                "Diff.to_pandas() needs pandas: pip install 'orgshape[pandas]'"
            ) from err
        return pd.DataFrame.from_records(rows, columns=columns)

    # -- chart -------------------------------------------------------------------------

    def chart(self, options: ChartOptions | None = None, /, **overrides: Any) -> Chart:
        """The proposed org with the changes drawn on it.

        Added, moved ("from" the old manager), retitled, relevelled and otherwise
        changed seats get a badge line with a glyph and a note and a thicker border;
        removed seats are drawn as dashed, struck-through ghosts under their old
        manager (or under the ghost of their removed manager). The legend lists the
        kinds shown, so the chart reads without colour. Options are those of
        :func:`orgshape.chart`; marks and ghosts passed in are drawn too.

        Examples:
            >>> from orgshape import Org, Position
            >>> org = Org([Position(id="1", name="Ana", title="CPO"),
            ...            Position(id="2", name="Bo", title="PM", manager="1")])
            >>> c = diff(org, org.remove("2")).chart()
            >>> [(g.position.id, g.under) for g in c.options.ghosts]
            [('2', '1')]
        """
        base = options if options is not None else ChartOptions()
        marks, ghosts = self._marks_and_ghosts()
        extra_marks = overrides.pop("marks", base.marks)
        extra_ghosts = overrides.pop("ghosts", base.ghosts)
        return chart(
            self.proposed,
            base,
            **overrides,
            marks=(*marks, *extra_marks),
            ghosts=(*ghosts, *extra_ghosts),
        )

    def _marks_and_ghosts(self) -> tuple[list[Mark], list[Ghost]]:
        old, new = self._sides
        ladder = self.current.ladder
        marks: list[Mark] = []
        changed: dict[str, list[str]] = {}
        for c in self.changes:
            if isinstance(c, Added):
                marks.append(Mark(id=c.id, kind="added"))
            elif isinstance(c, Moved):
                where = (
                    c.old_manager_name or c.old_manager if c.old_manager is not None else "the top"
                )
                marks.append(Mark(id=c.id, kind="moved", note=f"from {where}"))
            elif isinstance(c, Retitled):
                marks.append(Mark(id=c.id, kind="retitled", note=f"was {c.old_title or '-'}"))
            elif isinstance(c, Relevelled):
                level = c.old_level
                label = ladder[level].label if level is not None and level in ladder else level
                marks.append(Mark(id=c.id, kind="relevelled", note=f"was {label or 'no level'}"))
            elif isinstance(c, Renamed):
                note = (
                    "filled"
                    if c.filled
                    else f"opened (was {c.old_name})"
                    if c.opened
                    else f"was {c.old_name}"
                )
                changed.setdefault(c.id, []).append(note)
            elif isinstance(c, DottedLineChanged):
                changed.setdefault(c.id, []).append("dotted line")
            elif isinstance(c, Changed):
                changed.setdefault(c.id, []).append(c.field.replace("_", " "))
        marks.extend(
            Mark(id=i, kind="changed", note=", ".join(notes)) for i, notes in changed.items()
        )

        # removed seats, under their old manager: the same seat in the proposal, or
        # the ghost of a removed manager; a ghost id the proposal also uses is renamed
        a = old.org.view
        back = {i: j for j, i in enumerate(self._pair) if i is not None}
        removed = [i for i in range(len(a.ids)) if i not in back]
        ghost_id: dict[str, str] = {}
        taken = set(new.by_id)
        for i in removed:
            gid = a.ids[i]
            while gid in taken:
                gid += " (removed)"
            taken.add(gid)
            ghost_id.setdefault(a.ids[i], gid)
        ghosts: list[Ghost] = []
        for i in removed:
            ref = a.managers[i]
            under: str | None = None
            if ref in ghost_id:
                under = ghost_id[ref]
            elif ref is not None:
                t = old.by_id.get(ref)
                j = back.get(t) if t is not None else None
                under = new.org.view.ids[j] if j is not None else None
            position = old.org.at(i)
            if ghost_id[a.ids[i]] != position.id:
                position = attrs.evolve(position, id=ghost_id[a.ids[i]])
            ghosts.append(Ghost(position=position, under=under))
        return marks, ghosts

    # -- text and display --------------------------------------------------------------

    def _headline(self) -> str:
        counts = {k: n for k, n in self._counts().items() if n}
        n = len(self.changes)
        listed = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
        what = f"{n} change{'s' if n != 1 else ''}" + (f" ({listed})" if listed else "")
        return f"{len(self.current):,} → {len(self.proposed):,} positions: {what}"

    def __repr__(self) -> str:
        try:
            return f"<Diff {self._headline()}>"
        except Exception:  # a repr must never raise
            return "<Diff>"

    def _summary_table(self) -> tuple[list[str], list[list[str]]]:
        rows = []
        for row in self.summary:
            change = row.change
            rows.append(
                [
                    row.metric,
                    _fmt(row.metric, row.old),
                    _fmt(row.metric, row.new),
                    _fmt(row.metric, change, signed=True) if change else "",
                ]
            )
        return ["metric", "current", "proposed", "change"], rows

    def __str__(self) -> str:
        by = f" (matched by {self.key})" if self.key != "id" else ""
        lines = [f"Diff{by}: {self._headline()}"]

        def section(title: str, items: Sequence[str]) -> None:
            if not items:
                return
            lines.extend(("", f"{title} ({len(items)})"))
            lines.extend(f"  {item}" for item in items[:_TEXT_ROWS])
            if len(items) > _TEXT_ROWS:
                lines.append(f"  ... and {len(items) - _TEXT_ROWS:,} more (see to_pandas())")

        section("Changes", [str(c) for c in self.changes])
        section(
            "Span changes",
            [f"{_who(s.id, s.name)}: {_span(s.old)} → {_span(s.new)}" for s in self.spans],
        )
        section(
            "Layer changes",
            [f"layer {r.layer}: {r.old:,} → {r.new:,} positions" for r in self.layers],
        )
        headers, rows = self._summary_table()
        lines.extend(("", "Before and after"))
        lines.extend(_text_table(headers, rows))
        section("Findings introduced", [str(f) for f in self.introduced])
        section("Findings resolved", [str(f) for f in self.resolved])
        if not self.introduced and not self.resolved:
            lines.extend(("", "Findings: the same on both sides."))
        return "\n".join(lines)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Jupyter display: escaped HTML tables and the text form (never raises)."""
        try:
            text = str(self)
        except Exception as err:  # a repr must never raise
            return {"text/plain": f"{self!r} (cannot display: {type(err).__name__}: {err})"}
        try:
            return {"text/html": self._html(), "text/plain": text}
        except Exception:  # ... and the text is better than nothing
            return {"text/plain": text}

    def _html(self) -> str:
        esc = html.escape
        parts = [f'<div class="orgshape-diff"><p><strong>{esc(self._headline())}</strong></p>']

        def table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
            if not rows:
                return
            parts.append(f"<table><caption>{esc(caption)}</caption><thead><tr>")
            parts.extend(f"<th>{esc(h)}</th>" for h in headers)
            parts.append("</tr></thead><tbody>")
            parts.extend(
                "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>"
                for row in rows[:_TEXT_ROWS]
            )
            if len(rows) > _TEXT_ROWS:
                more = len(rows) - _TEXT_ROWS
                parts.append(f'<tr><td colspan="{len(headers)}">… and {more:,} more</td></tr>')
            parts.append("</tbody></table>")

        table(
            "Changes",
            ["change", "position", "detail"],
            [[c.kind.replace("_", " "), _who(c.id, c.name), str(c)] for c in self.changes],
        )
        table(
            "Span changes",
            ["manager", "current", "proposed"],
            [[_who(s.id, s.name), _span(s.old), _span(s.new)] for s in self.spans],
        )
        table(
            "Layer changes",
            ["layer", "current", "proposed"],
            [[str(r.layer), f"{r.old:,}", f"{r.new:,}"] for r in self.layers],
        )
        headers, rows = self._summary_table()
        table("Before and after", headers, rows)
        table(
            "Findings introduced",
            ["severity", "rule", "message"],
            [[f.severity.value, f.code, f.message] for f in self.introduced],
        )
        table(
            "Findings resolved",
            ["severity", "rule", "message"],
            [[f.severity.value, f.code, f.message] for f in self.resolved],
        )
        parts.append("</div>")
        return "\n".join(parts)


_SUMMARY_FIELDS: Final = (
    ("positions", "positions"),
    ("filled", "filled"),
    ("vacancies", "vacancies"),
    ("managers", "managers"),
    ("individual contributors", "individual_contributors"),
    ("layers", "layers"),
    ("mean span", "mean_span"),
    ("median span", "median_span"),
    ("max span", "max_span"),
    ("one-over-ones", "one_over_ones"),
    # the band shares go here
    ("total cost", "total_cost"),
    ("vacancy cost", "vacancy_cost"),
)


def _record_dict(record: SpanChange | LayerChange | SummaryRow) -> dict[str, Any]:
    out = {k: _plain(v) for k, v in attrs.asdict(record).items()}
    if isinstance(record, SummaryRow):
        out["change"] = _plain(record.change)
    return out


def _span(value: int | None) -> str:
    return "-" if value is None else str(value)


def _fmt(metric: str, value: float | None, *, signed: bool = False) -> str:
    if value is None:
        return "-"
    sign = "+" if signed and value > 0 else ""
    if metric.startswith("share"):
        return f"{sign}{value * 100:.1f}%"
    if isinstance(value, int) or float(value).is_integer():
        return f"{sign}{int(value):,}"
    return f"{sign}{value:,.2f}"


def _text_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max([len(h)] + [len(r[k]) for r in rows]) for k, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return (
            "  "
            + "  ".join(
                cell.ljust(w) if k == 0 else cell.rjust(w)
                for k, (cell, w) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()
        )

    return [line(headers), *(line(r) for r in rows)]


_FindingKey: TypeAlias = tuple[str, tuple[str, ...]]


def _finding_keys(report: Report, side: _Side) -> list[_FindingKey]:
    """(code, the people's match keys) of each finding, in report order."""
    findings = report.findings
    codes = map(operator.attrgetter("code"), findings)
    people = map(operator.attrgetter("ids"), findings)
    if side.raw:
        return list(zip(codes, people, strict=True))
    by_id, keys = side.by_id, side.keys

    def key(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(keys[t] if (t := by_id.get(i)) is not None else "\x02" + i for i in ids)

    return list(zip(codes, map(key, people), strict=True))


def _unmatched(
    old_keys: Sequence[Hashable], new_keys: Sequence[Hashable]
) -> tuple[list[int], list[int]]:
    """Positions of the keys of each side that the other side lacks (multisets, in order).

    Among equal keys, the first ones of each side are the ones matched.
    """
    pool = Counter(old_keys)
    get = pool.get
    new_left: list[int] = []
    for j, k in enumerate(new_keys):
        n = get(k)
        if n:
            pool[k] = n - 1
        else:
            new_left.append(j)
    remaining = {k: n for k, n in pool.items() if n}
    old_left: list[int] = []
    if remaining:
        for i in range(len(old_keys) - 1, -1, -1):
            k = old_keys[i]
            n = remaining.get(k)
            if n:
                remaining[k] = n - 1
                old_left.append(i)
        old_left.reverse()
    return old_left, new_left


def _split_findings(
    old_report: Report, new_report: Report, old: _Side, new: _Side
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """(introduced, resolved): match by (code, people), then by (code, main person)."""
    olds, news = old_report.findings, new_report.findings
    old_keys, new_keys = _finding_keys(old_report, old), _finding_keys(new_report, new)
    old_left, new_left = _unmatched(old_keys, new_keys)
    if old_left and new_left:  # the same finding about the same main person persists

        def main(keys: list[_FindingKey], rows: list[int]) -> list[_FindingKey]:
            return [(keys[k][0], keys[k][1][:1]) for k in rows]

        old_again, new_again = _unmatched(main(old_keys, old_left), main(new_keys, new_left))
        old_left = [old_left[k] for k in old_again]
        new_left = [new_left[k] for k in new_again]
    return tuple(news[k] for k in new_left), tuple(olds[k] for k in old_left)
