"""The org model: positions, solid reporting lines (a tree) and dotted lines.

Glossary:
    position: one seat in the org. It has an ``id`` (always a string); ``name`` is None
        when the seat is vacant.
    manager: the solid-line manager, by id. The person with no manager is the root
        (the CPO in a product org).
    report: a position whose manager is the given one ("direct report").
    span of control: the number of direct solid-line reports of a manager. Assistants
        are left out of span counts (Orgvue's convention), and dotted lines never count.
    layer: the distance from the top: the root is on layer 1, its reports on layer 2...
    individual contributor (IC): a position with no span (no non-assistant reports).
    vacancy: a seat with no person (``name`` is None), often with an open ``req``.
    dotted line: a secondary, non-solid manager (a cross-functional lead). Dotted lines
        are kept on ``Position.dotted_line`` and are not part of the tree.

Convention: the org is a forest of solid lines. A well-formed org is one tree (a single
root). A leniently loaded org with data problems may have several top positions (the
extra roots, the heads of fragments under unknown managers, one member of each cycle
whose upward line is cut); nobody is dropped, and the problems say what is wrong.

Internally an :class:`Org` sits on a read-only storage of columns (ids, parent
indices, levels...), reached through :attr:`Org.view` (an :class:`OrgView`), so that a
million-row export loads quickly; :class:`Position` records and the networkx graph are
made on demand. Every traversal is iterative: a 100,000-deep chain works under Python's
default recursion limit.
"""

from __future__ import annotations

import itertools
import operator
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, TypeAlias, cast

import attrs

from orgshape._display import NotebookDisplay, visible
from orgshape._ladder import DEFAULT_LADDER, Ladder
from orgshape._problems import FATAL_CODES, INFO_CODES, Problem, ProblemCode
from orgshape._storage import MISSING, Columns, Fact, OrgView, build_storage
from orgshape.exceptions import DataError, StructureError, UnknownPositionError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "FIELDS",
    "FIELD_DEFAULTS",
    "MISSING",
    "OPTIONAL_FIELDS",
    "VACANCY_MARKERS",
    "Columns",
    "Org",
    "OrgView",
    "Position",
    "edited_org",
    "org_from_columns",
    "require_org",
    "vacant_seats",
]

#: The optional typed fields of a position, in the order files are written.
OPTIONAL_FIELDS: Final = (
    "products",
    "function",
    "area",
    "department",
    "years_experience",
    "cost",
    "location",
    "dotted_line",
    "assistant",
    "req",
    "name_known",
)
#: Every typed field of a position (``extra`` aside), in the order files are written.
FIELDS: Final = ("id", "name", "title", "level", "manager", *OPTIONAL_FIELDS)


#: Name cells that mark an open seat explicitly (compared case-folded): a reader turns
#: them into vacancies, so no filled seat may carry one as its name.
VACANCY_MARKERS: Final = frozenset(
    {
        "vacant",
        "vacancy",
        "open",
        "open role",
        "open position",
        "open req",
        "open requisition",
        "tbh",
        "tbd",
        "to be hired",
        "(vacant)",
    }
)


def _frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return types.MappingProxyType(dict(value or {}))


def _str_tuple(value: Iterable[str] | str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _is_str(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        msg = f"Position.{attribute.name} must be a string, got {value!r} ({type(value).__name__})"
        raise TypeError(msg)


@attrs.frozen(kw_only=True)
class Position:
    """One seat of the org: a frozen record.

    Change a position with :func:`attrs.evolve` or with the explicit operations on
    :class:`Org` (``move``, ``retitle`` ...), which return a new org.

    Attributes:
        id: the position's key, always a string (``"007"`` stays ``"007"``).
        name: the person's name; None for a vacancy.
        title: the job title as written in the source.
        level: the ladder level (``"SENIOR_PM"``), from an explicit level column or
            inferred from the title; None when unknown.
        manager: the solid-line manager's id; None for the top of the org.
        products: the products this position owns.
        function: the track (``"product"``, ``"design"``, ``"product_ops"``...).
        area: the team or product area the seat works in (a product line, a squad);
            partners in other functions who share it work with its PMs.
        department: the department or org unit the seat belongs to, as the source
            names it (``"Sales"``, ``"Platform Engineering"``).
        years_experience: years of product experience.
        cost: annual fully loaded cost.
        location: where the seat is.
        dotted_line: ids of dotted-line managers.
        assistant: True for an assistant (left out of span counts).
        req: an open requisition id (usually on a vacancy).
        name_known: False when the source does not say who sits in the seat (it has no
            name column): ``name`` is then None, and the seat is *not* a vacancy.
        extra: every other input column, verbatim, in input order.

    A vacancy is what the data says: a seat whose name is empty in a source that has
    names. A source without a name column gives seats whose names are unknown.

    Examples:
        >>> p = Position(id="007", name="Ana Lima", title="Sr. PM", manager="P1")
        >>> p.id, p.is_vacant
        ('007', False)
        >>> Position(id="8", title="Product Manager", manager="P1").is_vacant
        True
        >>> Position(id="9", title="Product Manager", name_known=False).is_vacant
        False
    """

    id: str = attrs.field(validator=_is_str)
    name: str | None = None
    title: str | None = None
    level: str | None = None
    manager: str | None = None
    products: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    function: str | None = None
    area: str | None = None
    department: str | None = None
    years_experience: float | None = None
    cost: float | None = None
    location: str | None = None
    dotted_line: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    assistant: bool = False
    req: str | None = None
    name_known: bool = True
    extra: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_frozen_mapping, hash=False, repr=lambda m: repr(dict(m))
    )

    @property
    def is_vacant(self) -> bool:
        """True when nobody sits in this seat (no name, in a source that has names)."""
        return self.name is None and self.name_known

    @property
    def display_name(self) -> str:
        """The name, ``"Open role"`` for a vacancy, or ``"Name unknown"``."""
        if self.name is not None:
            return self.name
        return "Open role" if self.name_known else "Name unknown"


def vacant_seats(view: OrgView) -> list[bool]:
    """For each position of a view, whether its seat is vacant (:attr:`Position.is_vacant`).

    A seat is vacant when its name is empty in a source that has names; a seat whose
    name is unknown (``name_known`` False) is not. Every count of vacancies (rules,
    metrics, charts) goes through this one test.

    Examples:
        >>> org = Org([Position(id="1", name="Ana"), Position(id="2", manager="1"),
        ...            Position(id="3", manager="1", name_known=False)])
        >>> vacant_seats(org.view)
        [False, True, False]
    """
    names = view.names
    known = view.field("name_known")
    if known is None:
        return [name is None for name in names]
    return [name is None and k for name, k in zip(names, known, strict=True)]


# --------------------------------------------------------------------------- problems


def _problems_of(view: OrgView) -> list[Problem]:
    """The structural facts of a storage as problems with messages, in the order found.

    A sub-org export is told apart here: when nobody in the org is without a manager
    and every reference to someone outside it names the same id, that id is the org's
    external manager. Each top reporting to it is a root (one EXTERNAL_MANAGER info
    each), not an unknown manager, and neither the people below nor the org as a whole
    are flagged.
    """
    ids, names, managers, rows = view.ids, view.names, view.managers, view.rows
    known = view.field("name_known")

    def row_of(i: int) -> int | None:
        return rows[i] if rows is not None else None

    def who(i: int) -> str:
        name = names[i]
        if name is not None:
            return f"{ids[i]} ({name})"
        unknown = known is not None and not known[i]
        return f"{ids[i]} (name unknown)" if unknown else f"{ids[i]} (open role)"

    facts = list(view.facts)
    outside = {managers[f.at] for f in facts if f.kind == "UNKNOWN_MANAGER"}
    if len(outside) == 1 and any(f.kind == "NO_ROOT" for f in facts):
        tops = {f.at for f in facts if f.kind == "UNKNOWN_MANAGER"}
        facts = [
            Fact("EXTERNAL_MANAGER", f.at, f.related) if f.kind == "UNKNOWN_MANAGER" else f
            for f in facts
            if f.kind != "NO_ROOT" and not (f.kind == "UNREACHABLE" and f.related[0] in tops)
        ]
    return [_problem(fact, ids, names, managers, row_of, who) for fact in facts]


def _problem(
    fact: Fact,
    ids: Any,
    names: Any,
    managers: Any,
    row_of: Callable[[int], int | None],
    who: Callable[[int], str],
) -> Problem:
    kind, i, related = fact
    code = ProblemCode(kind)
    if code is ProblemCode.DUPLICATE_ID:
        (first,) = related
        key = ids[i]
        where = f" (row {row_of(first)})" if row_of(first) is not None else ""
        return Problem(
            code=code,
            message=f"id {key!r} of {who(i)} is already used by {who(first)}{where}; "
            "references to it mean the first one",
            row=row_of(i),
            id=key,
            name=names[i],
            related=(key,),
        )
    if code is ProblemCode.MISSING_ID:
        return Problem(
            code=code,
            message=f"{names[i] or 'a position'} has no id",
            row=row_of(i),
            id=None,
            name=names[i],
        )
    if code is ProblemCode.EXTERNAL_MANAGER:
        return Problem(
            code=code,
            message=f"{who(i)} is the top of this org and reports to {managers[i]!r}, "
            "outside it (a sub-org export)",
            row=row_of(i),
            id=ids[i],
            name=names[i],
            related=(str(managers[i]),),
        )
    if code is ProblemCode.UNKNOWN_MANAGER:
        return Problem(
            code=code,
            message=f"{who(i)} reports to {managers[i]!r}, who is not in the org",
            row=row_of(i),
            id=ids[i],
            name=names[i],
            related=(str(managers[i]),),
        )
    if code is ProblemCode.SELF_MANAGER:
        return Problem(
            code=code,
            message=f"{who(i)} is their own manager",
            row=row_of(i),
            id=ids[i],
            name=names[i],
            related=(ids[i],),
        )
    if code is ProblemCode.CYCLE:
        return Problem(
            code=code,
            message="reporting lines loop: "
            + " → ".join(ids[m] for m in [*related, i])
            + f" ({len(related)} people; {who(i)} is shown at the top until fixed)",
            row=row_of(i),
            id=ids[i],
            name=names[i],
            related=tuple(ids[m] for m in related),
        )
    if code is ProblemCode.NO_ROOT:
        return Problem(code=code, message="every position has a manager, so nobody is at the top")
    if code is ProblemCode.MULTIPLE_ROOTS:
        listed = ", ".join(who(r) for r in related)
        return Problem(
            code=code,
            message=f"{len(related)} positions have no manager: {listed}",
            row=row_of(i),
            id=ids[i],
            name=names[i],
            related=tuple(ids[r] for r in related),
        )
    if code is ProblemCode.UNREACHABLE:
        (top,) = related
        return Problem(
            code=code,
            message=f"{who(i)} cannot be reached from the top: their chain of "
            f"managers stops at {who(top)}",
            row=row_of(i),
            id=ids[i],
            name=names[i],
            related=(ids[top],),
        )
    raise AssertionError(f"no message for the structural fact {kind}")  # pragma: no cover


def _sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    def key(p: Problem) -> tuple[int, int, str, str]:
        return (p.row is None, p.row or 0, p.code.value, p.id or "")

    return sorted(problems, key=key)


# --------------------------------------------------------------------------- the org

_WhereFn: TypeAlias = Callable[[Position], bool]


class Org(NotebookDisplay):
    """A whole org design: positions, solid reporting lines and dotted lines.

    An org is immutable: the edit operations (:meth:`add`, :meth:`move`,
    :meth:`remove`, :meth:`retitle`, :meth:`relevel`) return a new org and leave this
    one untouched. Validation, metrics, charts and diffs are functions of their own
    layers (:func:`orgshape.validate`, :func:`orgshape.metrics`,
    :func:`orgshape.chart`, :func:`orgshape.diff`), not methods of the org.

    Args:
        positions: the seats, in the order they should keep (files are written in it).
        ladder: the ladder that maps titles to levels (default: the product ladder).
        strict: raise :class:`~orgshape.DataError` listing every problem if the
            positions do not form one tree; with ``strict=False`` keep them all and put
            the problems on :attr:`problems`.

    Levels: a position whose ``level`` is None gets the level its title maps to.

    Examples:
        >>> org = Org([
        ...     Position(id="1", name="Ana", title="Chief Product Officer"),
        ...     Position(id="2", name="Bo", title="VP of Product", manager="1"),
        ...     Position(id="3", name="Cy", title="Sr. PM", manager="2"),
        ...     Position(id="4", title="Product Manager", manager="3"),
        ... ])
        >>> len(org), org.root.name, org["3"].level
        (4, 'Ana', 'SENIOR_PM')
        >>> [p.id for p in org.chain("4")]
        ['3', '2', '1']
        >>> org.layer("4"), org.span("1"), [p.id for p in org.vacancies]
        (4, 1, ['4'])
        >>> moved = org.move("4", to="2")
        >>> moved.span("2"), org.span("2")
        (2, 1)
    """

    __slots__ = (
        "__weakref__",
        "_ladder",
        "_positions",
        "_problems",
        "_source",
        "_storage",
    )

    def __init__(
        self,
        positions: Iterable[Position] = (),
        *,
        ladder: Ladder | None = None,
        strict: bool = True,
    ) -> None:
        ladder = ladder if ladder is not None else DEFAULT_LADDER
        cols = _columns_from_positions(positions)
        problems = _unknown_dotted_lines(cols)  # what a loader reports, from code too
        self._init(cols, ladder=ladder, problems=problems, strict=strict, source=None)

    # -- construction ---------------------------------------------------------------

    def _init(
        self,
        cols: Columns,
        *,
        ladder: Ladder,
        problems: Iterable[Problem],
        strict: bool,
        source: str | None,
        index: dict[str, int] | None = None,
    ) -> None:
        found = list(problems)
        found.extend(_infer_levels(cols, ladder))
        storage = build_storage(cols, index=index, consume=True)  # (the org takes them over)
        # a loader that already said why a manager reference resolves to nobody (it
        # names several people) has explained the UNKNOWN_MANAGER the analysis finds
        explained = {(p.row, p.id) for p in found if p.code == ProblemCode.AMBIGUOUS_MANAGER_REF}
        found.extend(
            p
            for p in _problems_of(storage)
            if p.code != ProblemCode.UNKNOWN_MANAGER or (p.row, p.id) not in explained
        )
        ordered = tuple(_sort_problems(found))
        if any(p.code not in INFO_CODES for p in ordered) and (
            strict or any(p.code in FATAL_CODES for p in ordered)
        ):
            raise DataError(ordered, source=source)
        self._storage = storage
        self._ladder = ladder
        self._problems = ordered
        self._source = source
        self._positions: list[Position | None] | None = None

    def _rebuild(self, positions: Iterable[Position]) -> Org:
        return Org(positions, ladder=self._ladder, strict=False)

    # -- basic protocol ---------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._storage)

    def __iter__(self) -> Iterator[Position]:
        return (self.at(i) for i in range(len(self)))

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Position):
            i = self._storage.index_of(item.id)
            return i is not None and self.at(i) == item
        return isinstance(item, str) and self._storage.index_of(item) is not None

    def __getitem__(self, id: str) -> Position:
        return self.at(self.index(id))

    def get(self, id: str, default: Position | None = None) -> Position | None:
        """The position with this id, or ``default``."""
        i = self._storage.index_of(id) if isinstance(id, str) else None
        return default if i is None else self.at(i)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Org):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        tops = self._storage.tops
        if len(tops) == 1:
            top = self.at(tops[0])
            where = f", root {top.id!r} ({visible(top.display_name)}, {visible(str(top.title))})"
        else:
            where = f", {len(tops)} top positions"
        issues = f", {len(self._problems)} problems" if self._problems else ""
        return f"<Org {len(self)} positions{where}{issues}>"

    # -- properties -----------------------------------------------------------------

    @property
    def ladder(self) -> Ladder:
        """The ladder used to map titles to levels."""
        return self._ladder

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Data problems found while building this org (empty for a clean org)."""
        return self._problems

    @property
    def source(self) -> str | None:
        """Where the org was read from, when it came from a file."""
        return self._source

    @property
    def view(self) -> OrgView:
        """The org's columns, read-only, indexed by position index (see :class:`OrgView`).

        What rules, metrics and charts read; a custom rule gets it as ``ctx.view``.

        Examples:
            >>> org = Org([Position(id="1", name="Ana", title="CPO"),
            ...            Position(id="2", name="Bo", title="PM", manager="1")])
            >>> org.view.ids, org.view.parent, org.view.spans
            (('1', '2'), (-1, 0), (1, 0))
        """
        return self._storage

    @property
    def ids(self) -> tuple[str, ...]:
        """Every id, in order."""
        return tuple(self._storage.ids)

    @property
    def extra_columns(self) -> tuple[str, ...]:
        """The names of the extra (unmapped) input columns, in input order."""
        return self._storage.extra_names

    @property
    def roots(self) -> tuple[Position, ...]:
        """Every top position (one for a well-formed org), in order."""
        return tuple(self.at(i) for i in self._storage.tops)

    @property
    def root(self) -> Position:
        """The single top position.

        Raises:
            StructureError: the org has no single top position.
        """
        tops = self._storage.tops
        if len(tops) != 1:
            ids = self._storage.ids
            listed = ", ".join(repr(ids[i]) for i in tops[:10])
            msg = (
                f"the org has {len(tops)} top positions ({listed}"
                f"{', ...' if len(tops) > 10 else ''}), not one; see Org.problems"
            )
            raise StructureError(msg)
        return self.at(tops[0])

    # -- index access -----------------------------------------------------------------

    def index(self, id: str) -> int:
        """The position index of ``id`` (its place in the org's order, 0-based).

        Raises:
            UnknownPositionError: no position has this id.

        Examples:
            >>> org = Org([Position(id="1", title="CPO"), Position(id="2", manager="1")])
            >>> org.index("2")
            1
            >>> org.index(2)
            Traceback (most recent call last):
            ...
            orgshape.exceptions.UnknownPositionError: no position with id 2 in the org \
(ids are strings; got int)
        """
        i = self._storage.index_of(id) if isinstance(id, str) else None
        if i is None:
            hint = "" if isinstance(id, str) else f" (ids are strings; got {type(id).__name__})"
            msg = f"no position with id {id!r} in the org{hint}"
            raise UnknownPositionError(msg)
        return i

    def at(self, index: int) -> Position:
        """The position at a position index (made on demand, then cached).

        Index access serves code that works on :attr:`view`'s columns; it also reaches
        the second of two positions that share an id in a leniently loaded org.

        Raises:
            IndexError: the index is out of range.
        """
        cache = self._positions
        if cache is None:
            cache = self._positions = [None] * len(self)
        p = cache[index]
        if p is None:
            p = cache[index] = Position(**self._storage.record(index))
        return p

    # -- queries ----------------------------------------------------------------------

    def manager(self, id: str) -> Position | None:
        """The solid-line manager of ``id`` (None at the top)."""
        p = self._storage.parent[self.index(id)]
        return None if p < 0 else self.at(p)

    def reports(self, id: str) -> tuple[Position, ...]:
        """The direct solid-line reports of ``id``, assistants included, in order."""
        return tuple(self.at(k) for k in self._storage.children(self.index(id)))

    def dotted_reports(self, id: str) -> tuple[Position, ...]:
        """The positions that have ``id`` as a dotted-line manager, in order."""
        self.index(id)
        dotted = self._storage.field("dotted_line")
        if dotted is None:
            return ()
        return tuple(self.at(i) for i, refs in enumerate(dotted) if id in refs)

    def chain(self, id: str) -> tuple[Position, ...]:
        """The chain of command above ``id``: their manager first, the top last."""
        return tuple(self.at(i) for i in self._storage.chain(self.index(id)))

    def subtree(self, id: str) -> Org:
        """The org below and including ``id``, as an org of its own with ``id`` on top."""
        keep = self._storage.subtree(self.index(id))
        positions = [self.at(k) for k in keep]
        positions[0] = attrs.evolve(positions[0], manager=None)
        return self._rebuild(positions)

    def layer(self, id: str) -> int:
        """The layer of ``id``: 1 for the top, 2 for its reports, and so on."""
        return self._storage.layers[self.index(id)]

    def span(self, id: str) -> int:
        """Direct solid-line reports of ``id``, assistants excluded (span of control)."""
        return self._storage.spans[self.index(id)]

    @property
    def managers(self) -> tuple[Position, ...]:
        """Positions with a span of at least one, in order."""
        spans = self._storage.spans
        return tuple(self.at(i) for i in range(len(self)) if spans[i])

    @property
    def individual_contributors(self) -> tuple[Position, ...]:
        """Positions with no span (no non-assistant reports), in order."""
        spans = self._storage.spans
        return tuple(self.at(i) for i in range(len(self)) if not spans[i])

    @property
    def vacancies(self) -> tuple[Position, ...]:
        """Vacant seats (no name, in a source that has names), in order."""
        vacant = vacant_seats(self._storage)
        return tuple(self.at(i) for i in range(len(self)) if vacant[i])

    def by_level(self) -> dict[str | None, tuple[Position, ...]]:
        """Positions grouped by level, in ladder order; unknown levels (None) last.

        Levels with nobody are left out.
        """
        groups: dict[str | None, list[int]] = {}
        for i, level in enumerate(self._storage.levels):
            groups.setdefault(level, []).append(i)
        order = {name: k for k, name in enumerate(self._ladder.names)}
        keys = sorted(
            groups, key=lambda k: (k is None, order.get(k, len(order)) if k else 0, k or "")
        )
        return {k: tuple(self.at(i) for i in groups[k]) for k in keys}

    def where(self, predicate: _WhereFn) -> tuple[Position, ...]:
        """The positions for which ``predicate(position)`` is true, in order."""
        return tuple(p for p in self if predicate(p))

    # -- edits (each returns a new org) -----------------------------------------------

    def add(self, position: Position) -> Org:
        """A new org with ``position`` added at the end.

        Raises:
            StructureError: the id is already used, or the manager is not in the org.
        """
        if self._storage.index_of(position.id) is not None:
            msg = f"id {position.id!r} is already in the org ({self[position.id].display_name})"
            raise StructureError(msg)
        if position.manager is not None and self._storage.index_of(position.manager) is None:
            msg = f"manager {position.manager!r} of {position.id!r} is not in the org"
            raise StructureError(msg)
        return edited_org(self, {}, insert=(len(self), position))

    def move(self, id: str, *, to: str) -> Org:
        """A new org where ``id`` (and the team below them) reports to ``to``.

        Raises:
            StructureError: ``to`` is ``id`` or one of their reports (a loop).
        """
        i, target = self.index(id), self.index(to)
        if target == i or i in self._storage.chain(target):
            msg = f"cannot move {id!r} under {to!r}: {to!r} is in {id!r}'s own team"
            raise StructureError(msg)
        return self._replace({i: attrs.evolve(self.at(i), manager=to)})

    def remove(self, id: str, *, reports_to: str | None = None) -> Org:
        """A new org without ``id``; their reports move to ``reports_to``.

        Args:
            id: the position to remove.
            reports_to: the new manager of the removed position's reports; by default the
                removed position's own manager. It may be one of those reports (who then
                takes the removed position's place, as when a VP replaces their CPO).

        Dotted lines to the removed position are dropped from the people who had them
        (a diff lists each as a ``DottedLineChanged``), so no reference to nobody is
        left behind.

        Raises:
            StructureError: the removed position is the top and has reports, and no
                ``reports_to`` is given, or ``reports_to`` is ``id`` or further below
                ``id`` than a direct report.
        """
        view = self._storage
        i = self.index(id)
        p = view.parent[i]
        own_manager = None if p < 0 else view.ids[p]
        successor = -1
        if reports_to is not None:
            target = self.index(reports_to)
            if view.parent[target] == i and target != i:
                successor = target  # a direct report steps up
            elif target == i or i in view.chain(target):
                msg = f"cannot hand {id!r}'s reports to {reports_to!r}, who is in that team"
                raise StructureError(msg)
            new_manager: str | None = reports_to
        else:
            new_manager = own_manager
        direct = view.children(i)
        if new_manager is None and direct:
            msg = f"{id!r} is at the top and has reports: say who they report to (reports_to=)"
            raise StructureError(msg)
        changes = {
            k: attrs.evolve(self.at(k), manager=own_manager if k == successor else new_manager)
            for k in direct
        }
        # dotted lines to the removed seat go with it (a diff lists each as changed)
        dotted = view.field("dotted_line")
        if dotted is not None:
            for k, refs in enumerate(dotted):
                if id in refs and k != i:
                    kept = tuple(r for r in refs if r != id)
                    changes[k] = attrs.evolve(changes.get(k, self.at(k)), dotted_line=kept)
        return edited_org(self, changes, drop=i)

    def retitle(self, id: str, title: str, *, level: str | None = None) -> Org:
        """A new org where ``id`` has a new title; the level follows the title unless given."""
        i = self.index(id)
        if level is not None:
            self._ladder[level]
        new_level = level if level is not None else self._ladder.level_of(title)
        return self._replace({i: attrs.evolve(self.at(i), title=title, level=new_level)})

    def relevel(self, id: str, level: str) -> Org:
        """A new org where ``id`` is on ``level`` (the title stays)."""
        i = self.index(id)
        self._ladder[level]
        return self._replace({i: attrs.evolve(self.at(i), level=level)})

    def replace(self, position: Position) -> Org:
        """A new org where the position with ``position.id`` is replaced by ``position``.

        Raises:
            StructureError: the new manager would make a loop.
        """
        i = self.index(position.id)
        if position.manager is not None:
            target = self._storage.index_of(position.manager)
            if target is not None and (target == i or i in self._storage.chain(target)):
                msg = f"{position.id!r} cannot report to {position.manager!r}: a loop"
                raise StructureError(msg)
        return self._replace({i: position})

    def _replace(self, changes: Mapping[int, Position]) -> Org:
        return edited_org(self, changes)

    # -- conversions ------------------------------------------------------------------

    def to_records(self) -> list[dict[str, Any]]:
        """Every position as a flat dict (typed fields first, then extra columns)."""
        return [_record(p) for p in self]

    def to_networkx(self) -> nx.DiGraph:
        """A networkx DiGraph: one node per id, an edge from each manager to each report.

        Node attributes are the position's fields (``extra`` under ``"extra"``); dotted
        lines stay in the ``dotted_line`` attribute so that the graph is a tree.

        Raises:
            StructureError: ids are not unique (a leniently loaded org).
        """
        import networkx as nx  # noqa: PLC0415  (heavy import, only when asked)

        view = self._storage
        if not view.unique:
            msg = "the org has duplicate or empty ids; fix them before converting to networkx"
            raise StructureError(msg)
        graph = nx.DiGraph()
        ids = view.ids
        for p in self:
            graph.add_node(p.id, **_node_attrs(p))
        graph.add_edges_from((ids[p], ids[i]) for i, p in enumerate(view.parent) if p >= 0)
        return graph

    @classmethod
    def from_networkx(
        cls, graph: nx.DiGraph, *, ladder: Ladder | None = None, strict: bool = True
    ) -> Org:
        """An org from a directed graph whose edges go from manager to report.

        Node keys become ids (as strings); node attributes named like position fields
        fill them, other attributes go to ``extra``.
        """
        positions: list[Position] = []
        problems: list[Problem] = []
        preds = {str(n): [str(u) for u in graph.predecessors(n)] for n in graph.nodes}
        names = {f.name for f in attrs.fields(Position)}
        for node, data in graph.nodes(data=True):
            key = str(node)
            managers = preds[key]
            if len(managers) > 1:
                problems.append(
                    Problem(
                        code=ProblemCode.MULTIPLE_MANAGERS,
                        message=f"{key} has {len(managers)} managers: {', '.join(managers)}; "
                        f"{managers[0]!r} is kept",
                        id=key,
                        name=data.get("name"),
                        related=tuple(managers),
                    )
                )
            fields = {k: v for k, v in data.items() if k in names and k not in {"id", "manager"}}
            extra = dict(data.get("extra") or {})
            extra.update({k: v for k, v in data.items() if k not in names})
            fields["extra"] = extra
            positions.append(Position(id=key, manager=managers[0] if managers else None, **fields))
        return org_from_columns(
            _columns_from_positions(positions),
            ladder=ladder,
            problems=problems,
            strict=strict,
            source=None,
        )

    @property
    def graph(self) -> nx.DiGraph:
        """A read-only networkx view of the org (see :meth:`to_networkx`)."""
        import networkx as nx  # noqa: PLC0415

        return nx.freeze(self.to_networkx())

    # -- notebook display ---------------------------------------------------------------

    def _display_text(self) -> str:
        # Jupyter shows an org as its chart: the viewer orgshape/__init__.py registers
        # (orgshape.render:chart), found at display time, so this module imports no
        # renderer. This text is the fallback when no chart can be drawn.
        return repr(self)


def require_org(value: object, purpose: str) -> Org:
    """``value`` when it is an :class:`Org`; else a TypeError that says what needed one.

    The one argument check of every function that takes an org.

    Args:
        value: what the caller passed.
        purpose: the start of the message, such as ``"validate() checks"``.

    Raises:
        TypeError: ``value`` is not an Org.

    Examples:
        >>> require_org([], "metrics() measures")
        Traceback (most recent call last):
        ...
        TypeError: metrics() measures an orgshape.Org, got list
    """
    if not isinstance(value, Org):
        raise TypeError(f"{purpose} an orgshape.Org, got {type(value).__name__}")
    return value


def org_from_columns(
    columns: Columns,
    *,
    ladder: Ladder | None = None,
    problems: Iterable[Problem] = (),
    strict: bool = True,
    source: str | None = None,
    index: dict[str, int] | None = None,
) -> Org:
    """Build an org from loader columns (the fast path every loader uses).

    Args:
        columns: the columns; the org takes them over (they must not change after).
        ladder: the ladder mapping titles to levels (default: the product ladder).
        problems: data problems the loader found (bad values, ambiguous references...).
        strict: raise :class:`~orgshape.DataError` when there is any problem.
        source: where the data came from (named in errors and reports).
        index: id → first row index, when the loader has built it.
    """
    org = Org.__new__(Org)
    org._init(  # noqa: SLF001  (the org's own constructor, in its own module)
        columns,
        ladder=ladder if ladder is not None else DEFAULT_LADDER,
        problems=problems,
        strict=strict,
        source=source,
        index=index,
    )
    return org


def edited_org(
    org: Org,
    changes: Mapping[int, Position],
    *,
    drop: int | None = None,
    insert: tuple[int, Position] | None = None,
) -> Org:
    """A new org with some positions replaced, one dropped and one inserted.

    The same org as ``Org([...], ladder=org.ladder, strict=False)`` of the edited list
    of positions (the same positions, fields, extra columns and problems), made column
    by column: the positions that do not change are never made as records, so an edit
    of a large org costs a copy of its columns and one analysis.

    Args:
        org: the org to edit.
        changes: position index → the position that replaces it.
        drop: the index of a position to leave out.
        insert: (index, position): a position inserted before that index of ``org``
            (``len(org)``: at the end).
    """
    view = org.view
    columns: dict[str, list[Any]] = {
        "id": list(view.ids),
        "name": list(view.names),
        "title": list(view.titles),
        "level": list(view.levels),
        "manager": list(view.managers),
    }
    fields = {
        name: list(values) for name in view.field_names if (values := view.field(name)) is not None
    }
    extra = {name: list(view.extra_column(name)) for name in view.extra_names}
    rank = {name: k for k, name in enumerate(view.extra_names)}  # a row's own key order
    own_order: dict[int, dict[str, int]] = {}  # the changed rows' key orders

    def put(k: int, p: Position) -> None:
        for name, values in columns.items():
            values[k] = getattr(p, name)
        for name, default in FIELD_DEFAULTS.items():
            value = getattr(p, name)
            field = fields.get(name)
            if field is None:
                if value == default:
                    continue
                field = fields[name] = [default] * len(columns["id"])
            field[k] = value
        for name, values in extra.items():
            values[k] = p.extra.get(name, MISSING)
        for name, value in p.extra.items():
            if name not in extra:
                extra[name] = [MISSING] * len(columns["id"])
                extra[name][k] = value
        own_order[k] = {name: j for j, name in enumerate(p.extra)}

    for k, p in changes.items():
        put(k, p)
    every = [*columns.values(), *fields.values(), *extra.values()]
    if insert is not None:
        at, p = insert
        for column in every:
            column.insert(at, None)
        own_order = {(k + 1 if k >= at else k): v for k, v in own_order.items()}
        default_fields = {name: FIELD_DEFAULTS[name] for name in fields}
        for name, column in fields.items():
            column[at] = default_fields[name]
        for column in extra.values():
            column[at] = MISSING
        put(at, p)
        if drop is not None and drop >= at:
            drop += 1
    if drop is not None:
        for column in [*columns.values(), *fields.values(), *extra.values()]:
            del column[drop]
        own_order = {(k - 1 if k > drop else k): v for k, v in own_order.items() if k != drop}
    size = len(columns["id"])

    # what Org(positions) keeps: the fields some position has a value for, in field
    # order; the extra keys in the order positions first have them
    kept = {
        name: fields[name]
        for name, default in FIELD_DEFAULTS.items()
        if name in fields and fields[name].count(default) != size
    }
    order: list[tuple[int, int, str]] = []
    for name, column in extra.items():
        if all(map(operator.is_, column, itertools.repeat(MISSING))):  # (by identity)
            continue
        first = next(k for k, v in enumerate(column) if v is not MISSING)
        within = own_order[first][name] if first in own_order else rank[name]
        order.append((first, within, name))
    cols = Columns(
        ids=columns["id"],
        names=columns["name"],
        titles=columns["title"],
        levels=columns["level"],
        managers=columns["manager"],
        fields=kept,
        extra={name: extra[name] for _, _, name in sorted(order)},
    )
    problems = _unknown_dotted_lines(cols)
    new = Org.__new__(Org)
    new._init(cols, ladder=org.ladder, problems=problems, strict=False, source=None)  # noqa: SLF001
    return new


# --------------------------------------------------------------------------- helpers

#: The value each optional field has when the input says nothing.
FIELD_DEFAULTS: Final[dict[str, Any]] = {
    "products": (),
    "function": None,
    "area": None,
    "department": None,
    "years_experience": None,
    "cost": None,
    "location": None,
    "dotted_line": (),
    "assistant": False,
    "req": None,
    "name_known": True,
}


def _columns_from_positions(positions: Iterable[Position]) -> Columns:
    given: list[object] = list(positions)
    for p in given:
        if not isinstance(p, Position):
            msg = f"an Org is built from Position records, got {type(p).__name__}: {p!r}"
            raise TypeError(msg)
    items = cast(list[Position], given)
    cols = Columns(
        ids=[p.id for p in items],
        names=[p.name for p in items],
        titles=[p.title for p in items],
        levels=[p.level for p in items],
        managers=[p.manager for p in items],
    )
    for name, default in FIELD_DEFAULTS.items():
        values = [getattr(p, name) for p in items]
        if any(v != default for v in values):
            cols.fields[name] = values
    keys: dict[str, None] = {}
    for p in items:
        keys.update(dict.fromkeys(p.extra))
    for key in keys:
        cols.extra[key] = [p.extra.get(key, MISSING) for p in items]
    return cols


def _unknown_dotted_lines(cols: Columns) -> list[Problem]:
    """UNKNOWN_DOTTED_LINE for each dotted-line reference to nobody, as the loaders say it."""
    dotted = cols.fields.get("dotted_line")
    if dotted is None:
        return []
    known = set(cols.ids)
    problems: list[Problem] = []
    for i, refs in enumerate(dotted):
        for ref in refs:
            if ref not in known:
                name = cols.names[i]
                problems.append(
                    Problem(
                        code=ProblemCode.UNKNOWN_DOTTED_LINE,
                        message=f"{cols.ids[i]} ({name or 'open role'}) has a dotted line "
                        f"to {ref!r}, who is not in the org",
                        row=cols.rows[i] if cols.rows is not None else None,
                        id=cols.ids[i],
                        name=name,
                        related=(ref,),
                    )
                )
    return problems


def _infer_levels(cols: Columns, ladder: Ladder) -> list[Problem]:
    """Fill unknown levels from titles; report explicit levels not on the ladder."""
    problems: list[Problem] = []
    level_of = ladder.level_of
    known = set(ladder.names)
    levels = cols.levels
    if levels.count(None) == len(levels):  # the common case: no level column
        by_title = {t: level_of(t) for t in set(cols.titles) if t is not None}
        by_title[None] = None  # type: ignore[index]
        cols.levels = list(map(by_title.__getitem__, cols.titles))  # type: ignore[arg-type]
        return problems
    for i, level in enumerate(levels):
        if level is None:
            title = cols.titles[i]
            if title is not None:
                levels[i] = level_of(title)
        elif level not in known:
            name = cols.names[i]
            problems.append(
                Problem(
                    code=ProblemCode.UNKNOWN_LEVEL,
                    message=f"{cols.ids[i]} ({name or 'open role'}) has level {level!r}, "
                    f"which is not on the ladder (known: {', '.join(ladder.names)})",
                    row=cols.rows[i] if cols.rows is not None else None,
                    id=cols.ids[i],
                    name=name,
                    related=(level,),
                )
            )
    return problems


def _record(p: Position) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(p, name) for name in FIELDS}
    for key, value in p.extra.items():
        if key not in out:
            out[key] = value
    return out


def _node_attrs(p: Position) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(p, name) for name in FIELDS if name not in ("id",)}
    out["extra"] = dict(p.extra)
    return out
