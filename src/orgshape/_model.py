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

Internally an :class:`Org` is a compact set of columns (ids, parent indices, levels...)
so that a million-row export loads quickly; :class:`Position` records and the networkx
graph are made on demand. Every traversal is iterative: a 100,000-deep chain works
under Python's default recursion limit.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import operator
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeAlias, cast

import attrs

from orgshape._ladder import DEFAULT_LADDER, Ladder
from orgshape._problems import FATAL_CODES, Problem, ProblemCode
from orgshape.exceptions import DataError, StructureError, UnknownPositionError

if TYPE_CHECKING:
    import networkx as nx

    from orgshape._diff import Diff
    from orgshape._metrics import Bands, Metrics
    from orgshape.render import Chart, ChartOptions
    from orgshape.rules import Policy, Report

__all__ = ["FIELDS", "FIELD_DEFAULTS", "OPTIONAL_FIELDS", "Org", "Position"]

#: The optional typed fields of a position, in the order files are written.
OPTIONAL_FIELDS: Final = (
    "products",
    "function",
    "years_experience",
    "cost",
    "location",
    "dotted_line",
    "assistant",
    "req",
)
#: Every typed field of a position (``extra`` aside), in the order files are written.
FIELDS: Final = ("id", "name", "title", "level", "manager", *OPTIONAL_FIELDS)

_NO_PARENT: Final = -1
_UNKNOWN: Final = -2


class _Missing:
    """Marks an extra column a record does not have (distinct from an empty value)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


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
        years_experience: years of product experience.
        cost: annual fully loaded cost.
        location: where the seat is.
        dotted_line: ids of dotted-line managers.
        assistant: True for an assistant (left out of span counts).
        req: an open requisition id (usually on a vacancy).
        extra: every other input column, verbatim, in input order.

    Examples:
        >>> p = Position(id="007", name="Ana Lima", title="Sr. PM", manager="P1")
        >>> p.id, p.is_vacant
        ('007', False)
        >>> Position(id="8", title="Product Manager", manager="P1").is_vacant
        True
    """

    id: str = attrs.field(validator=_is_str)
    name: str | None = None
    title: str | None = None
    level: str | None = None
    manager: str | None = None
    products: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    function: str | None = None
    years_experience: float | None = None
    cost: float | None = None
    location: str | None = None
    dotted_line: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    assistant: bool = False
    req: str | None = None
    extra: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_frozen_mapping, hash=False, repr=lambda m: repr(dict(m))
    )

    @property
    def is_vacant(self) -> bool:
        """True when nobody sits in this seat (``name`` is None)."""
        return self.name is None

    @property
    def display_name(self) -> str:
        """The name, or ``"Open role"`` for a vacancy."""
        return self.name if self.name is not None else "Open role"


# --------------------------------------------------------------------------- the core


@attrs.define(slots=True)
class _Columns:
    """Column storage behind an :class:`Org` (private; built by loaders and by Org)."""

    ids: list[str]
    names: list[str | None]
    titles: list[str | None]
    levels: list[str | None]
    managers: list[str | None]
    rows: Sequence[int | None] | None = None
    fields: dict[str, list[Any]] = attrs.Factory(dict)
    extra: dict[str, list[Any]] = attrs.Factory(dict)

    def __len__(self) -> int:
        return len(self.ids)


@attrs.define(slots=True)
class _Structure:
    """What the one pass over the manager lines found (private)."""

    index: dict[str, int]
    parent: list[int]  # tree parent, -1 for a top position (cycles cut)
    depth: list[int]  # layer, 1 for a top position
    tops: list[int]  # top positions in row order
    problems: list[Problem]


def _analyse(cols: _Columns, index: dict[str, int] | None = None) -> _Structure:
    """Resolve manager ids and find every structural problem, in one linear pass.

    ``index`` (id → first row index), when a loader already has it, saves building it
    again: hashing a million ids is one of the costly steps of a load.
    """
    ids, names, managers, rows = cols.ids, cols.names, cols.managers, cols.rows
    n = len(ids)
    problems: list[Problem] = []

    def row_of(i: int) -> int | None:
        return rows[i] if rows is not None else None

    def who(i: int) -> str:
        name = names[i]
        return f"{ids[i]} ({name})" if name is not None else f"{ids[i]} (open role)"

    # first occurrence wins for duplicates
    if index is None:
        index = dict(zip(reversed(ids), range(n - 1, -1, -1), strict=True))
    if len(index) != n:
        seen: dict[str, int] = {}
        for i, key in enumerate(ids):
            if key == "":
                continue
            first = seen.setdefault(key, i)
            if first != i:
                problems.append(
                    Problem(
                        code=ProblemCode.DUPLICATE_ID,
                        message=(
                            f"id {key!r} of {who(i)} is already used by {who(first)}"
                            + (f" (row {row_of(first)})" if row_of(first) is not None else "")
                            + "; references to it mean the first one"
                        ),
                        row=row_of(i),
                        id=key,
                        name=names[i],
                        related=(key,),
                    )
                )
    if "" in index:
        for i, key in enumerate(ids):
            if key == "":
                problems.append(
                    Problem(
                        code=ProblemCode.MISSING_ID,
                        message=f"{names[i] or 'a position'} has no id",
                        row=row_of(i),
                        id=None,
                        name=names[i],
                    )
                )

    # None (no manager) → -1, in the index itself for the one lookup pass: copying a
    # million-entry dict costs more than the pass
    lookup = cast(dict[str | None, int], index)
    lookup[None] = _NO_PARENT
    try:
        parent = list(map(lookup.get, managers, itertools.repeat(_UNKNOWN)))
    finally:
        del lookup[None]

    blocked: list[int] = []  # top positions that are not real roots
    suspects: Iterable[int] = ()
    if _UNKNOWN in parent or any(map(operator.eq, managers, ids)):
        suspects = range(n)
    for i in suspects:
        p = parent[i]
        if p == _UNKNOWN:
            parent[i] = _NO_PARENT
            blocked.append(i)
            problems.append(
                Problem(
                    code=ProblemCode.UNKNOWN_MANAGER,
                    message=f"{who(i)} reports to {managers[i]!r}, who is not in the org",
                    row=row_of(i),
                    id=ids[i],
                    name=names[i],
                    related=(str(managers[i]),),
                )
            )
        elif p == i:
            parent[i] = _NO_PARENT
            blocked.append(i)
            problems.append(
                Problem(
                    code=ProblemCode.SELF_MANAGER,
                    message=f"{who(i)} is their own manager",
                    row=row_of(i),
                    id=ids[i],
                    name=names[i],
                    related=(ids[i],),
                )
            )

    # depth by walking up to the first known depth; loops are cut at their first row
    if not any(map(operator.ge, parent, range(n))):
        # every manager comes before their reports (no loop is then possible): one pass
        depth = [1] * n
        for i, p in enumerate(parent):
            if p >= 0:
                depth[i] = depth[p] + 1
        n_walk = 0
    else:
        depth = [0] * n  # 0: not yet seen, -1: on the current path
        n_walk = n
    for start in range(n_walk):
        if depth[start]:
            continue
        up = parent[start]
        if up < 0:
            depth[start] = 1
            continue
        if depth[up] > 0:  # the common case: managers come before their reports
            depth[start] = depth[up] + 1
            continue
        path: list[int] = []
        j = start
        while j >= 0 and depth[j] == 0:
            depth[j] = -1
            path.append(j)
            j = parent[j]
        if j >= 0 and depth[j] == -1:
            k = path.index(j)
            loop = path[k:]  # each one's manager is the next; the last's is loop[0]
            s = loop.index(min(loop))
            cut = loop[s]
            parent[cut] = _NO_PARENT
            blocked.append(cut)
            ordered = loop[s:] + loop[:s]
            problems.append(
                Problem(
                    code=ProblemCode.CYCLE,
                    message="reporting lines loop: "
                    + " → ".join(ids[m] for m in [*ordered, cut])
                    + f" ({len(loop)} people; {who(cut)} is shown at the top until fixed)",
                    row=row_of(cut),
                    id=ids[cut],
                    name=names[cut],
                    related=tuple(ids[m] for m in ordered),
                )
            )
            # depths around the loop, going down from the cut one
            level = 1
            depth[cut] = 1
            t = (s - 1) % len(loop)
            while t != s:
                level += 1
                depth[loop[t]] = level
                t = (t - 1) % len(loop)
            path = path[:k]
            base = depth[j]
        else:
            base = depth[j] if j >= 0 else 0
        for node in reversed(path):
            base += 1
            depth[node] = base

    tops: list[int] = []  # (list.index finds the few top positions at C speed)
    with contextlib.suppress(ValueError):
        while True:
            tops.append(parent.index(_NO_PARENT, tops[-1] + 1 if tops else 0))
    roots = [i for i in tops if managers[i] is None]
    if n:
        if not roots:
            problems.append(
                Problem(
                    code=ProblemCode.NO_ROOT,
                    message="every position has a manager, so nobody is at the top",
                )
            )
        elif len(roots) > 1:
            listed = ", ".join(who(i) for i in roots)
            problems.append(
                Problem(
                    code=ProblemCode.MULTIPLE_ROOTS,
                    message=f"{len(roots)} positions have no manager: {listed}",
                    row=row_of(roots[1]),
                    id=ids[roots[1]],
                    name=names[roots[1]],
                    related=tuple(ids[i] for i in roots),
                )
            )

    if blocked:
        # who hangs below a blocked top position (iteratively, via the top of each chain)
        blocked_set = set(blocked)
        top_of = list(range(n))
        for i in sorted(range(n), key=depth.__getitem__):
            p = parent[i]
            if p >= 0:
                top_of[i] = top_of[p]
        loop_members: set[int] = set()
        for pr in problems:
            if pr.code == ProblemCode.CYCLE:
                loop_members.update(index[r] for r in pr.related)
        for i in range(n):
            top = top_of[i]
            if top in blocked_set and i != top and i not in loop_members:
                problems.append(
                    Problem(
                        code=ProblemCode.UNREACHABLE,
                        message=(
                            f"{who(i)} cannot be reached from the top: their chain of "
                            f"managers stops at {who(top)}"
                        ),
                        row=row_of(i),
                        id=ids[i],
                        name=names[i],
                        related=(ids[top],),
                    )
                )
    return _Structure(index=index, parent=parent, depth=depth, tops=tops, problems=problems)


def _sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    def key(p: Problem) -> tuple[int, int, str, str]:
        return (p.row is None, p.row or 0, p.code.value, p.id or "")

    return sorted(problems, key=key)


# --------------------------------------------------------------------------- the org

_WhereFn: TypeAlias = Callable[[Position], bool]


class Org:
    """A whole org design: positions, solid reporting lines and dotted lines.

    An org is immutable: the edit operations (:meth:`add`, :meth:`move`,
    :meth:`remove`, :meth:`retitle`, :meth:`relevel`) return a new org and leave this
    one untouched.

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
        "_children",
        "_cols",
        "_ladder",
        "_positions",
        "_problems",
        "_source",
        "_spans",
        "_struct",
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
        self._init(cols, ladder=ladder, problems=(), strict=strict, source=None, infer=True)

    # -- construction ---------------------------------------------------------------

    def _init(
        self,
        cols: _Columns,
        *,
        ladder: Ladder,
        problems: Iterable[Problem],
        strict: bool,
        source: str | None,
        infer: bool,
        index: dict[str, int] | None = None,
    ) -> None:
        found = list(problems)
        if infer:
            found.extend(_infer_levels(cols, ladder))
        struct = _analyse(cols, index)
        # a loader that already said why a manager reference resolves to nobody (it
        # names several people) has explained the UNKNOWN_MANAGER the analysis finds
        explained = {(p.row, p.id) for p in found if p.code == ProblemCode.AMBIGUOUS_MANAGER_REF}
        found.extend(
            p
            for p in struct.problems
            if p.code != ProblemCode.UNKNOWN_MANAGER or (p.row, p.id) not in explained
        )
        ordered = tuple(_sort_problems(found))
        if ordered and (strict or any(p.code in FATAL_CODES for p in ordered)):
            raise DataError(ordered, source=source)
        self._cols = cols
        self._ladder = ladder
        self._struct = struct
        self._problems = ordered
        self._source = source
        self._positions: list[Position | None] | None = None
        self._children: tuple[list[int], list[int]] | None = None
        self._spans: list[int] | None = None

    @classmethod
    def _from_columns(
        cls,
        cols: _Columns,
        *,
        ladder: Ladder | None = None,
        problems: Iterable[Problem] = (),
        strict: bool = True,
        source: str | None = None,
        index: dict[str, int] | None = None,
    ) -> Org:
        """Build an org from column storage (the fast path loaders use).

        ``index`` maps each id to its first row index, when the loader has built it.
        """
        org = cls.__new__(cls)
        org._init(
            cols,
            ladder=ladder if ladder is not None else DEFAULT_LADDER,
            problems=problems,
            strict=strict,
            source=source,
            infer=True,
            index=index,
        )
        return org

    def _rebuild(self, positions: Iterable[Position], *, strict: bool = True) -> Org:
        org = Org.__new__(Org)
        cols = _columns_from_positions(positions)
        org._init(cols, ladder=self._ladder, problems=(), strict=strict, source=None, infer=True)
        return org

    # -- basic protocol ---------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._cols.ids)

    def __iter__(self) -> Iterator[Position]:
        return (self._position(i) for i in range(len(self)))

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Position):
            i = self._struct.index.get(item.id)
            return i is not None and self._position(i) == item
        return isinstance(item, str) and item in self._struct.index

    def __getitem__(self, id: str) -> Position:
        return self._position(self._idx(id))

    def get(self, id: str, default: Position | None = None) -> Position | None:
        """The position with this id, or ``default``."""
        i = self._struct.index.get(id)
        return default if i is None else self._position(i)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Org):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        tops = self._struct.tops
        if len(tops) == 1:
            top = self._position(tops[0])
            where = f", root {top.id!r} ({top.display_name}, {top.title})"
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
    def ids(self) -> tuple[str, ...]:
        """Every id, in order."""
        return tuple(self._cols.ids)

    @property
    def extra_columns(self) -> tuple[str, ...]:
        """The names of the extra (unmapped) input columns, in input order."""
        return tuple(self._cols.extra)

    @property
    def roots(self) -> tuple[Position, ...]:
        """Every top position (one for a well-formed org), in order."""
        return tuple(self._position(i) for i in self._struct.tops)

    @property
    def root(self) -> Position:
        """The single top position.

        Raises:
            StructureError: the org has no single top position.
        """
        tops = self._struct.tops
        if len(tops) != 1:
            listed = ", ".join(repr(self._cols.ids[i]) for i in tops[:10])
            msg = (
                f"the org has {len(tops)} top positions ({listed}"
                f"{', ...' if len(tops) > 10 else ''}), not one; see Org.problems"
            )
            raise StructureError(msg)
        return self._position(tops[0])

    # -- queries ----------------------------------------------------------------------

    def manager(self, id: str) -> Position | None:
        """The solid-line manager of ``id`` (None at the top)."""
        p = self._struct.parent[self._idx(id)]
        return None if p < 0 else self._position(p)

    def reports(self, id: str) -> tuple[Position, ...]:
        """The direct solid-line reports of ``id``, assistants included, in order."""
        start, kids = self._child_index()
        i = self._idx(id)
        return tuple(self._position(k) for k in kids[start[i] : start[i + 1]])

    def dotted_reports(self, id: str) -> tuple[Position, ...]:
        """The positions that have ``id`` as a dotted-line manager, in order."""
        self._idx(id)
        dotted = self._cols.fields.get("dotted_line")
        if dotted is None:
            return ()
        return tuple(self._position(i) for i, refs in enumerate(dotted) if id in refs)

    def chain(self, id: str) -> tuple[Position, ...]:
        """The chain of command above ``id``: their manager first, the top last."""
        return tuple(self._position(i) for i in self._chain_idx(self._idx(id)))

    def subtree(self, id: str) -> Org:
        """The org below and including ``id``, as an org of its own with ``id`` on top."""
        i = self._idx(id)
        keep = self._subtree_idx(i)
        positions = [self._position(k) for k in keep]
        positions[0] = attrs.evolve(positions[0], manager=None)
        return self._rebuild(positions, strict=False)

    def layer(self, id: str) -> int:
        """The layer of ``id``: 1 for the top, 2 for its reports, and so on."""
        return self._struct.depth[self._idx(id)]

    def span(self, id: str) -> int:
        """Direct solid-line reports of ``id``, assistants excluded (span of control)."""
        return self._span_list()[self._idx(id)]

    @property
    def managers(self) -> tuple[Position, ...]:
        """Positions with a span of at least one, in order."""
        spans = self._span_list()
        return tuple(self._position(i) for i in range(len(self)) if spans[i])

    @property
    def individual_contributors(self) -> tuple[Position, ...]:
        """Positions with no span (no non-assistant reports), in order."""
        spans = self._span_list()
        return tuple(self._position(i) for i in range(len(self)) if not spans[i])

    @property
    def vacancies(self) -> tuple[Position, ...]:
        """Vacant seats (no name), in order."""
        names = self._cols.names
        return tuple(self._position(i) for i in range(len(self)) if names[i] is None)

    def by_level(self) -> dict[str | None, tuple[Position, ...]]:
        """Positions grouped by level, in ladder order; unknown levels (None) last.

        Levels with nobody are left out.
        """
        groups: dict[str | None, list[int]] = {}
        for i, level in enumerate(self._cols.levels):
            groups.setdefault(level, []).append(i)
        order = {name: k for k, name in enumerate(self._ladder.names)}
        keys = sorted(
            groups, key=lambda k: (k is None, order.get(k, len(order)) if k else 0, k or "")
        )
        return {k: tuple(self._position(i) for i in groups[k]) for k in keys}

    def where(self, predicate: _WhereFn) -> tuple[Position, ...]:
        """The positions for which ``predicate(position)`` is true, in order."""
        return tuple(p for p in self if predicate(p))

    # -- edits (each returns a new org) -----------------------------------------------

    def add(self, position: Position) -> Org:
        """A new org with ``position`` added at the end.

        Raises:
            StructureError: the id is already used, or the manager is not in the org.
        """
        if position.id in self._struct.index:
            msg = f"id {position.id!r} is already in the org ({self[position.id].display_name})"
            raise StructureError(msg)
        if position.manager is not None and position.manager not in self._struct.index:
            msg = f"manager {position.manager!r} of {position.id!r} is not in the org"
            raise StructureError(msg)
        return self._rebuild([*self, position], strict=False)

    def move(self, id: str, *, to: str) -> Org:
        """A new org where ``id`` (and the team below them) reports to ``to``.

        Raises:
            StructureError: ``to`` is ``id`` or one of their reports (a loop).
        """
        i, target = self._idx(id), self._idx(to)
        if target == i or i in self._chain_idx(target):
            msg = f"cannot move {id!r} under {to!r}: {to!r} is in {id!r}'s own team"
            raise StructureError(msg)
        return self._replace({i: attrs.evolve(self._position(i), manager=to)})

    def remove(self, id: str, *, reports_to: str | None = None) -> Org:
        """A new org without ``id``; their reports move to ``reports_to``.

        Args:
            id: the position to remove.
            reports_to: the new manager of the removed position's reports; by default the
                removed position's own manager. It may be one of those reports (who then
                takes the removed position's place, as when a VP replaces their CPO).

        Raises:
            StructureError: the removed position is the top and has reports, and no
                ``reports_to`` is given, or ``reports_to`` is ``id`` or further below
                ``id`` than a direct report.
        """
        i = self._idx(id)
        p = self._struct.parent[i]
        own_manager = None if p < 0 else self._cols.ids[p]
        successor = -1
        if reports_to is not None:
            target = self._idx(reports_to)
            if self._struct.parent[target] == i and target != i:
                successor = target  # a direct report steps up
            elif target == i or i in self._chain_idx(target):
                msg = f"cannot hand {id!r}'s reports to {reports_to!r}, who is in that team"
                raise StructureError(msg)
            new_manager: str | None = reports_to
        else:
            new_manager = own_manager
        start, kids = self._child_index()
        direct = kids[start[i] : start[i + 1]]
        if new_manager is None and direct:
            msg = f"{id!r} is at the top and has reports: say who they report to (reports_to=)"
            raise StructureError(msg)
        changes = {
            k: attrs.evolve(
                self._position(k), manager=own_manager if k == successor else new_manager
            )
            for k in direct
        }
        positions = [changes.get(k, self._position(k)) for k in range(len(self)) if k != i]
        return self._rebuild(positions, strict=False)

    def retitle(self, id: str, title: str, *, level: str | None = None) -> Org:
        """A new org where ``id`` has a new title; the level follows the title unless given."""
        i = self._idx(id)
        if level is not None:
            self._ladder[level]
        new_level = level if level is not None else self._ladder.level_of(title)
        return self._replace({i: attrs.evolve(self._position(i), title=title, level=new_level)})

    def relevel(self, id: str, level: str) -> Org:
        """A new org where ``id`` is on ``level`` (the title stays)."""
        i = self._idx(id)
        self._ladder[level]
        return self._replace({i: attrs.evolve(self._position(i), level=level)})

    def replace(self, position: Position) -> Org:
        """A new org where the position with ``position.id`` is replaced by ``position``.

        Raises:
            StructureError: the new manager would make a loop.
        """
        i = self._idx(position.id)
        if position.manager is not None and position.manager in self._struct.index:
            target = self._idx(position.manager)
            if target == i or i in self._chain_idx(target):
                msg = f"{position.id!r} cannot report to {position.manager!r}: a loop"
                raise StructureError(msg)
        return self._replace({i: position})

    def _replace(self, changes: Mapping[int, Position]) -> Org:
        return self._rebuild(
            [changes.get(k, self._position(k)) for k in range(len(self))], strict=False
        )

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

        if len(self._struct.index) != len(self):
            msg = "the org has duplicate or empty ids; fix them before converting to networkx"
            raise StructureError(msg)
        graph = nx.DiGraph()
        ids = self._cols.ids
        for p in self:
            graph.add_node(p.id, **_node_attrs(p))
        parent = self._struct.parent
        graph.add_edges_from((ids[p], ids[i]) for i, p in enumerate(parent) if p >= 0)
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
        org = cls.__new__(cls)
        org._init(
            _columns_from_positions(positions),
            ladder=ladder if ladder is not None else DEFAULT_LADDER,
            problems=problems,
            strict=strict,
            source=None,
            infer=True,
        )
        return org

    @property
    def graph(self) -> nx.DiGraph:
        """A read-only networkx view of the org (see :meth:`to_networkx`)."""
        import networkx as nx  # noqa: PLC0415

        return nx.freeze(self.to_networkx())

    # -- the other layers, reachable from the org ---------------------------------------

    def validate(self, policy: Policy | None = None) -> Report:
        """Validate this org; see :func:`orgshape.validate`."""
        from orgshape.rules import validate  # noqa: PLC0415  (peer layer, on demand)

        return validate(self, policy=policy)

    def metrics(self, *, root: str | None = None, bands: Bands | str = "orgvue") -> Metrics:
        """Spans and layers; see :func:`orgshape.metrics`."""
        from orgshape._metrics import metrics  # noqa: PLC0415

        return metrics(self, root=root, bands=bands)

    def chart(self, options: ChartOptions | None = None, **kwargs: Any) -> Chart:
        """An org chart; see :func:`orgshape.chart`."""
        from orgshape.render import chart  # noqa: PLC0415

        return chart(self, options, **kwargs)

    def diff(self, proposed: Org, *, key: str | None = None, policy: Policy | None = None) -> Diff:
        """What changes from this org to ``proposed``; see :func:`orgshape.diff`."""
        from orgshape._diff import diff  # noqa: PLC0415

        return diff(self, proposed, key=key, policy=policy)

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, str]:
        """Jupyter display: the org chart (never raises; falls back to text)."""
        try:
            from orgshape.render import chart  # noqa: PLC0415

            bundle: dict[str, str] = chart(self)._repr_mimebundle_(include, exclude)
            return bundle
        except Exception as err:
            return {"text/plain": f"{self!r}\n(chart unavailable: {err})"}

    # -- private helpers (also used by the peer layers through the index API) -----------

    def _idx(self, id: str) -> int:
        i = self._struct.index.get(id) if isinstance(id, str) else None
        if i is None:
            hint = "" if isinstance(id, str) else f" (ids are strings; got {type(id).__name__})"
            msg = f"no position with id {id!r} in the org{hint}"
            raise UnknownPositionError(msg)
        return i

    def _position(self, i: int) -> Position:
        cache = self._positions
        if cache is None:
            cache = self._positions = [None] * len(self)
        p = cache[i]
        if p is None:
            p = cache[i] = _make_position(self._cols, i)
        return p

    def _chain_idx(self, i: int) -> list[int]:
        parent = self._struct.parent
        out: list[int] = []
        p = parent[i]
        while p >= 0:
            out.append(p)
            p = parent[p]
        return out

    def _child_index(self) -> tuple[list[int], list[int]]:
        """Children of each index as CSR arrays: kids[start[i]:start[i+1]], in row order.

        Built with a stable sort by parent and C-level counting rather than a Python
        loop per person: at a million people this is the costliest step of validation.
        """
        if self._children is None:
            parent = self._struct.parent
            n = len(parent)
            order = sorted(range(n), key=parent.__getitem__)  # stable: row order kept
            kids = order[parent.count(_NO_PARENT) :]  # top positions sort first
            counts = collections.Counter(parent)
            start = [0]
            start.extend(itertools.accumulate(map(counts.get, range(n), itertools.repeat(0))))
            self._children = (start, kids)
        return self._children

    def _subtree_idx(self, i: int) -> list[int]:
        """Indices of the team of ``i`` (``i`` first), in breadth-first order."""
        start, kids = self._child_index()
        out = [i]
        k = 0
        while k < len(out):
            j = out[k]
            out.extend(kids[start[j] : start[j + 1]])
            k += 1
        return out

    def _span_list(self) -> list[int]:
        """Span per index: solid reports that are not assistants (counted in C)."""
        if self._spans is None:
            parent = self._struct.parent
            assistant = self._cols.fields.get("assistant")
            managers: Iterable[int] = parent
            if assistant is not None:
                managers = itertools.compress(parent, map(operator.not_, assistant))
            counts = collections.Counter(managers)
            self._spans = list(map(counts.get, range(len(parent)), itertools.repeat(0)))
        return self._spans


# --------------------------------------------------------------------------- helpers

#: The value each optional field has when the input says nothing.
FIELD_DEFAULTS: Final[dict[str, Any]] = {
    "products": (),
    "function": None,
    "years_experience": None,
    "cost": None,
    "location": None,
    "dotted_line": (),
    "assistant": False,
    "req": None,
}


def _make_position(cols: _Columns, i: int) -> Position:
    kwargs: dict[str, Any] = {name: column[i] for name, column in cols.fields.items()}
    extra = {k: v[i] for k, v in cols.extra.items() if v[i] is not MISSING}
    return Position(
        id=cols.ids[i],
        name=cols.names[i],
        title=cols.titles[i],
        level=cols.levels[i],
        manager=cols.managers[i],
        extra=extra,
        **kwargs,
    )


def _columns_from_positions(positions: Iterable[Position]) -> _Columns:
    given: list[object] = list(positions)
    for p in given:
        if not isinstance(p, Position):
            msg = f"an Org is built from Position records, got {type(p).__name__}: {p!r}"
            raise TypeError(msg)
    items = cast(list[Position], given)
    cols = _Columns(
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


def _infer_levels(cols: _Columns, ladder: Ladder) -> list[Problem]:
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
