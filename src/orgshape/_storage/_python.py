"""The pure-Python storage engine: tuples of values and one linear analysis pass.

Every traversal is iterative, so a 100,000-deep chain works under Python's default
recursion limit; the costly steps (the id index, the child index, spans) run at C speed
through ``dict``/``list`` methods, ``map`` and ``collections.Counter``.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import operator
import types
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, cast

from orgshape._storage._columns import MISSING, NO_PARENT, Columns
from orgshape._storage._view import Fact

__all__ = [
    "UNKNOWN",
    "PythonStorage",
    "cut_broken_lines",
    "id_facts",
    "resolve_parents",
    "root_facts",
    "walk",
]

#: The parent index of a manager id nobody has, before the line is cut.
UNKNOWN: Final = -2


class PythonStorage:
    """Read-only columns of an org, its id index and the structure of its solid lines.

    Made by :func:`orgshape._storage.build_storage`; see
    :class:`orgshape._storage.Storage` for what each member means.
    """

    __slots__ = (
        "_child_index",
        "_extra",
        "_fields",
        "_index",
        "_spans",
        "_top_down",
        "extra_names",
        "facts",
        "field_names",
        "ids",
        "layers",
        "levels",
        "managers",
        "names",
        "parent",
        "rows",
        "titles",
        "tops",
        "unique",
    )

    def __init__(
        self, columns: Columns, *, index: dict[str, int] | None = None, consume: bool = False
    ) -> None:
        # with ``consume``, each column is frozen and the builder's list let go at once, so
        # that a large org's cells are held by one copy of each column, not two
        self.ids: tuple[str, ...] = tuple(columns.ids)
        self.names: tuple[str | None, ...] = tuple(columns.names)
        if consume:
            columns.ids, columns.names = [], []
        self.titles: tuple[str | None, ...] = tuple(columns.titles)
        self.levels: tuple[str | None, ...] = tuple(columns.levels)
        if consume:
            columns.titles, columns.levels = [], []
        self.managers: tuple[str | None, ...] = tuple(columns.managers)
        if consume:
            columns.managers = []
        rows = columns.rows
        self.rows: Sequence[int | None] | None = (
            rows if rows is None or isinstance(rows, range | tuple) else tuple(rows)
        )
        self._fields: dict[str, tuple[Any, ...]] = {}
        for name in list(columns.fields):
            self._fields[name] = tuple(columns.fields[name])
            if consume:
                columns.fields[name] = []
        self.field_names: tuple[str, ...] = tuple(self._fields)
        self._extra: dict[str, tuple[Any, ...]] = {}
        for name in list(columns.extra):
            self._extra[name] = tuple(columns.extra[name])
            if consume:
                columns.extra[name] = []
        self.extra_names: tuple[str, ...] = tuple(self._extra)
        self._child_index: tuple[tuple[int, ...], tuple[int, ...]] | None = None
        self._spans: tuple[int, ...] | None = None
        self._top_down: Sequence[int] | None = None
        self._analyse(index)

    def _analyse(self, index: dict[str, int] | None) -> None:
        """Find the structure of the solid lines (the step an engine does its own way)."""
        built, parent, depth, tops, facts = _analyse(self.ids, self.managers, index)
        self._index: Mapping[str, int] = types.MappingProxyType(built)
        self.unique: bool = len(built) == len(self.ids) and "" not in built
        self.parent: tuple[int, ...] = tuple(parent)
        self.layers: tuple[int, ...] = tuple(depth)
        self.tops: tuple[int, ...] = tuple(tops)
        self.facts: tuple[Fact, ...] = tuple(facts)

    def __len__(self) -> int:
        return len(self.ids)

    # -- columns ----------------------------------------------------------------------

    def field(self, name: str) -> tuple[Any, ...] | None:
        return self._fields.get(name)

    def extra_column(self, name: str) -> tuple[Any, ...]:
        try:
            return self._extra[name]
        except KeyError:
            msg = f"no extra column {name!r} (extra columns: {self.extra_names})"
            raise KeyError(msg) from None

    def record(self, i: int) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.ids[i],
            "name": self.names[i],
            "title": self.titles[i],
            "level": self.levels[i],
            "manager": self.managers[i],
        }
        for name, values in self._fields.items():
            out[name] = values[i]
        out["extra"] = {k: v[i] for k, v in self._extra.items() if v[i] is not MISSING}
        return out

    # -- the id index -----------------------------------------------------------------

    @property
    def index(self) -> Mapping[str, int]:
        return self._index

    def index_of(self, id: str) -> int | None:
        return self._index.get(id)

    # -- structure --------------------------------------------------------------------

    @property
    def spans(self) -> tuple[int, ...]:
        if self._spans is None:
            parent = self.parent
            assistant = self._fields.get("assistant")
            managers: Iterable[int] = parent
            if assistant is not None:
                managers = itertools.compress(parent, map(operator.not_, assistant))
            counts = collections.Counter(managers)
            self._spans = tuple(map(counts.get, range(len(parent)), itertools.repeat(0)))
        return self._spans

    def child_index(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        if self._child_index is None:
            parent = self.parent
            n = len(parent)
            order = sorted(range(n), key=parent.__getitem__)  # stable: row order kept
            kids = tuple(order[parent.count(NO_PARENT) :])  # top positions sort first
            counts = collections.Counter(parent)
            start = [0]
            start.extend(itertools.accumulate(map(counts.get, range(n), itertools.repeat(0))))
            self._child_index = (tuple(start), kids)
        return self._child_index

    def children(self, i: int) -> tuple[int, ...]:
        start, kids = self.child_index()
        return kids[start[i] : start[i + 1]]

    def chain(self, i: int) -> list[int]:
        parent = self.parent
        out: list[int] = []
        p = parent[i]
        while p >= 0:
            out.append(p)
            p = parent[p]
        return out

    def subtree(self, i: int) -> list[int]:
        start, kids = self.child_index()
        out = [i]
        k = 0
        while k < len(out):
            j = out[k]
            out.extend(kids[start[j] : start[j + 1]])
            k += 1
        return out

    @property
    def top_down(self) -> Sequence[int]:
        if self._top_down is None:
            parent = self.parent
            n = len(parent)
            if all(map(operator.lt, parent, range(n))):
                self._top_down = range(n)
            else:
                self._top_down = tuple(sorted(range(n), key=self.layers.__getitem__))
        return self._top_down

    def subtree_totals(self, values: Sequence[int]) -> list[int]:
        totals = list(values)
        parent = self.parent
        for i in reversed(self.top_down):
            v = totals[i]
            if v:
                p = parent[i]
                if p >= 0:
                    totals[p] += v
        return totals

    def nearest_above(self, marked: Sequence[bool]) -> list[int]:
        out = [-1] * len(self.parent)
        parent = self.parent
        for i in self.top_down:
            p = parent[i]
            if p >= 0:
                out[i] = p if marked[p] else out[p]
        return out


def _analyse(
    ids: Sequence[str], managers: Sequence[str | None], index: dict[str, int] | None
) -> tuple[dict[str, int], list[int], list[int], list[int], list[Fact]]:
    """Resolve manager ids and find every structural fact, in one linear pass.

    ``index`` (id → first row index), when a loader already has it, saves building it
    again: hashing a million ids is one of the costly steps of a load.

    Returns:
        (the id index, parent per position, layer per position, top positions in
        order, the facts found in order).
    """
    n = len(ids)
    index, facts = id_facts(ids, index)
    parent = resolve_parents(index, managers)

    blocked: list[int] = []  # top positions that are not real roots
    suspects: Iterable[int] = ()
    if UNKNOWN in parent or any(map(operator.eq, managers, ids)):
        suspects = range(n)
    cut_broken_lines(suspects, parent, blocked, facts)

    # depth by walking up to the first known depth; loops are cut at their first row
    loop_members: set[int] = set()
    if not any(map(operator.ge, parent, range(n))):
        # every manager comes before their reports (no loop is then possible): one pass
        depth = [1] * n
        for i, p in enumerate(parent):
            if p >= 0:
                depth[i] = depth[p] + 1
    else:
        depth = [0] * n  # 0: not yet seen, -1: on the current path
        walk(range(n), parent, depth, blocked, facts, loop_members)

    tops: list[int] = []  # (list.index finds the few top positions at C speed)
    with contextlib.suppress(ValueError):
        while True:
            tops.append(parent.index(NO_PARENT, tops[-1] + 1 if tops else 0))
    root_facts(tops, managers, facts)

    if blocked:
        # who hangs below a blocked top position (iteratively, via the top of each chain)
        blocked_set = set(blocked)
        top_of = list(range(n))
        for i in sorted(range(n), key=depth.__getitem__):
            p = parent[i]
            if p >= 0:
                top_of[i] = top_of[p]
        for i in range(n):
            top = top_of[i]
            if top in blocked_set and i != top and i not in loop_members:
                facts.append(Fact("UNREACHABLE", i, (top,)))
    return index, parent, depth, tops, facts


# -- the steps of the analysis that every engine shares --------------------------------


def id_facts(ids: Sequence[str], index: dict[str, int] | None) -> tuple[dict[str, int], list[Fact]]:
    """The id index (the first holder of an id wins) and the duplicate/missing id facts."""
    n = len(ids)
    facts: list[Fact] = []
    if index is None:
        index = dict(zip(reversed(ids), range(n - 1, -1, -1), strict=True))
    if len(index) != n:
        seen: dict[str, int] = {}
        for i, key in enumerate(ids):
            if key == "":
                continue
            first = seen.setdefault(key, i)
            if first != i:
                facts.append(Fact("DUPLICATE_ID", i, (first,)))
    if "" in index:
        facts.extend(Fact("MISSING_ID", i, ()) for i, key in enumerate(ids) if key == "")
    return index, facts


def resolve_parents(index: dict[str, int], managers: Sequence[str | None]) -> list[int]:
    """Each manager id → its index: ``NO_PARENT`` for None, ``UNKNOWN`` for a stray id."""
    # one C-level lookup pass (None is in no index: UNKNOWN), then the tops set right;
    # adding None to the index for the pass would grow a full dict to twice its size
    lookup = cast(dict[str | None, int], index)
    parent = list(map(lookup.get, managers, itertools.repeat(UNKNOWN)))
    tops = map(operator.is_, managers, itertools.repeat(None))
    for i in itertools.compress(range(len(parent)), tops):
        parent[i] = NO_PARENT
    return parent


def cut_broken_lines(
    suspects: Iterable[int], parent: list[int], blocked: list[int], facts: list[Fact]
) -> None:
    """Cut the lines to unknown managers and to oneself (``suspects``: where to look)."""
    for i in suspects:
        p = parent[i]
        if p == UNKNOWN:
            parent[i] = NO_PARENT
            blocked.append(i)
            facts.append(Fact("UNKNOWN_MANAGER", i, ()))
        elif p == i:
            parent[i] = NO_PARENT
            blocked.append(i)
            facts.append(Fact("SELF_MANAGER", i, ()))


def walk(
    starts: Iterable[int],
    parent: list[int],
    depth: list[int],
    blocked: list[int],
    facts: list[Fact],
    loop_members: set[int],
) -> None:
    """Give every start its depth by walking up to a known one, cutting each loop found.

    ``depth`` is 0 where not yet known. A loop is cut at its smallest index, which
    becomes a blocked top, and reported (CYCLE) with its members in order, each one's
    manager the next.
    """
    for start in starts:
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
            parent[cut] = NO_PARENT
            blocked.append(cut)
            ordered = loop[s:] + loop[:s]
            loop_members.update(ordered)
            facts.append(Fact("CYCLE", cut, tuple(ordered)))
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


def root_facts(tops: Sequence[int], managers: Sequence[str | None], facts: list[Fact]) -> None:
    """NO_ROOT or MULTIPLE_ROOTS: the real roots are the tops without a manager."""
    roots = [i for i in tops if managers[i] is None]
    if managers:
        if not roots:
            facts.append(Fact("NO_ROOT", -1, ()))
        elif len(roots) > 1:
            facts.append(Fact("MULTIPLE_ROOTS", roots[1], tuple(roots)))
