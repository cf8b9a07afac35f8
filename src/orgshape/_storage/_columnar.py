"""The columnar storage engine: the structure of the solid lines as numpy arrays.

The columns a loader hands over stay what they are (tuples of the values, shared with
the pure-Python engine's code for records and extra columns); what this engine does
its own way is the analysis of the solid lines and the indexes built from it, over
int32 arrays, without recursion and without a Python loop per person:

* depths and the top of every chain by *pointer jumping*: each step doubles how far
  every position's pointer reaches up, so a 100,000-deep chain takes 17 steps;
* the positions in or below a loop are what pointer jumping cannot settle; only those
  are walked in Python (the pure-Python engine's own walk, so loops are found, cut
  and ordered exactly as there);
* spans with ``numpy.bincount``; the child index with one stable ``argsort``; team
  totals layer by layer with ``numpy.add.at``.

Facts, parents, layers and tops are identical to the pure-Python engine's, in the same
order: ``tests/storage`` checks it on generated and broken orgs.

numpy is imported when the engine is first used (``pip install 'orgshape[fast]'``),
never by ``import orgshape``.
"""

from __future__ import annotations

import itertools
import operator
import types
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from orgshape._storage._columns import NO_PARENT, Columns
from orgshape._storage._python import (
    UNKNOWN,
    PythonStorage,
    cut_broken_lines,
    id_facts,
    resolve_parents,
    root_facts,
    walk,
)
from orgshape._storage._view import Fact

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["ColumnarStorage", "numpy_or_none"]

#: Past this many layers, team totals go position by position (one numpy call per
#: layer would cost more than the Python loop on a very deep chain).
_MAX_LAYER_STEPS: Final = 256


def numpy_or_none() -> Any:
    """The numpy module, or None when the ``fast`` extra is not installed."""
    try:
        import numpy  # noqa: PLC0415 - the optional engine's dependency, loaded on use
    except ImportError:
        return None
    return numpy


def _numpy() -> Any:
    np = numpy_or_none()
    if np is None:
        msg = "the columnar engine needs numpy: pip install 'orgshape[fast]'"
        raise ImportError(msg)
    return np


class ColumnarStorage(PythonStorage):
    """An org's storage whose structure is computed over arrays.

    The same read-only interface as the pure-Python engine (:class:`OrgView`), and
    the same values: sequences are tuples of Python ints, so a rule or a message never
    sees a numpy scalar. The arrays stay inside the engine.
    """

    __slots__ = ("_layer_array", "_parent_array")

    _parent_array: npt.NDArray[np.int32]
    _layer_array: npt.NDArray[np.int32]

    def __init__(
        self, columns: Columns, *, index: dict[str, int] | None = None, consume: bool = False
    ) -> None:
        super().__init__(columns, index=index, consume=consume)

    def _analyse(self, index: dict[str, int] | None) -> None:
        np = _numpy()
        ids, managers = self.ids, self.managers
        n = len(ids)
        built, facts = id_facts(ids, index)
        # (the list is kept, cut as the array is: its int objects become ``self.parent``)
        parent_list = resolve_parents(built, managers)
        parent = np.array(parent_list, dtype=np.int32)
        every = np.arange(n, dtype=np.int32)

        blocked: list[int] = []  # top positions that are not real roots
        broken = np.flatnonzero((parent == UNKNOWN) | (parent == every))
        if broken.size:
            cut_broken_lines(broken.tolist(), parent_list, blocked, facts)
            parent[broken] = NO_PARENT

        top_of, depth = _jump(np, parent, every)
        loop_members: set[int] = set()
        tangled = np.flatnonzero(parent[top_of] >= 0)  # in a loop, or below one
        if tangled.size:
            depth_list = depth.tolist()
            for i in tangled.tolist():
                depth_list[i] = 0
            walk(tangled.tolist(), parent_list, depth_list, blocked, facts, loop_members)
            parent = np.asarray(parent_list, dtype=np.int32)
            top_of, _ = _jump(np, parent, every)
            depth = np.asarray(depth_list, dtype=np.int32)

        tops = np.flatnonzero(parent == NO_PARENT).tolist()
        root_facts(tops, managers, facts)
        if blocked:
            below = np.isin(top_of, np.asarray(blocked, dtype=np.int32)) & (top_of != every)
            if loop_members:
                below[np.fromiter(loop_members, dtype=np.int64, count=len(loop_members))] = False
            flagged = np.flatnonzero(below)
            facts.extend(
                map(
                    Fact,
                    itertools.repeat("UNREACHABLE"),
                    flagged.tolist(),
                    zip(top_of[flagged].tolist()),
                )
            )

        self._index = types.MappingProxyType(built)
        self.unique = len(built) == n and "" not in built
        self._parent_array = parent
        self._layer_array = depth
        self.parent = tuple(parent_list)
        self.layers = tuple(depth.tolist())
        self.tops = tuple(tops)
        self.facts = tuple(facts)

    # -- structure, over the arrays ---------------------------------------------------

    @property
    def spans(self) -> tuple[int, ...]:
        if self._spans is None:
            np = _numpy()
            parent = self._parent_array
            counted = parent >= 0
            assistant = self._fields.get("assistant")
            if assistant is not None:
                counted &= np.fromiter(map(operator.not_, assistant), dtype=bool, count=len(parent))
            spans = np.bincount(parent[counted], minlength=len(parent))
            self._spans = tuple(spans.tolist())
        return self._spans

    def child_index(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        if self._child_index is None:
            np = _numpy()
            parent = self._parent_array
            n = len(parent)
            order = np.argsort(parent, kind="stable")  # row order kept among siblings
            n_tops = int(np.count_nonzero(parent == NO_PARENT))
            start = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(np.bincount(parent[parent >= 0], minlength=n), out=start[1:])
            self._child_index = (tuple(start.tolist()), tuple(order[n_tops:].tolist()))
        return self._child_index

    @property
    def top_down(self) -> Sequence[int]:
        if self._top_down is None:
            np = _numpy()
            parent = self._parent_array
            n = len(parent)
            if bool(np.all(parent < np.arange(n, dtype=np.int32))):
                self._top_down = range(n)
            else:
                self._top_down = tuple(np.argsort(self._layer_array, kind="stable").tolist())
        return self._top_down

    def subtree_totals(self, values: Sequence[int]) -> list[int]:
        np = _numpy()
        layers = self._layer_array
        deepest = int(layers.max()) if len(layers) else 0
        if deepest > _MAX_LAYER_STEPS:
            return super().subtree_totals(values)
        totals = np.asarray(values)
        if totals.dtype.kind != "i":  # ints past int64 (bit-packed counts), bools...
            return super().subtree_totals(values)
        totals = totals.astype(np.int64, copy=False)
        if len(totals) and int(np.abs(totals).max()) * len(totals) >= 2**62:
            return super().subtree_totals(values)  # the sums could overflow int64
        parent = self._parent_array
        order = np.argsort(layers, kind="stable")
        bounds = np.searchsorted(layers[order], np.arange(1, deepest + 2), side="left")
        for layer in range(deepest, 1, -1):  # the deepest layer first
            nodes = order[bounds[layer - 1] : bounds[layer]]
            np.add.at(totals, parent[nodes], totals[nodes])
        return totals.tolist()  # type: ignore[no-any-return]

    def nearest_above(self, marked: Sequence[bool]) -> list[int]:
        np = _numpy()
        layers = self._layer_array
        deepest = int(layers.max()) if len(layers) else 0
        if deepest > _MAX_LAYER_STEPS:
            return super().nearest_above(marked)
        parent = self._parent_array
        flags = np.fromiter(marked, dtype=bool, count=len(parent))
        out = np.full(len(parent), -1, dtype=np.int32)
        order = np.argsort(layers, kind="stable")
        bounds = np.searchsorted(layers[order], np.arange(1, deepest + 2), side="left")
        for layer in range(2, deepest + 1):  # the top layer has nobody above
            nodes = order[bounds[layer - 1] : bounds[layer]]
            up = parent[nodes]
            out[nodes] = np.where(flags[up], up, out[up])
        return out.tolist()  # type: ignore[no-any-return]


def _jump(np: Any, parent: Any, every: Any) -> tuple[Any, Any]:
    """The top every position's chain reaches and its layer, by pointer jumping.

    Positions in a loop or below one never reach a top: their ``top`` is a position
    that still has a manager (the caller walks those), and their layer is meaningless.
    """
    n = len(parent)
    up = np.where(parent >= 0, parent, every)  # a top points at itself
    dist = (parent >= 0).astype(np.int64)  # how far ``up`` is above each position
    for _ in range(n.bit_length() + 1):  # 2**steps > n: every chain has reached its top
        further = up[up]
        if np.array_equal(further, up):
            break
        dist += dist[up]
        up = further
    depth = np.minimum(dist + 1, np.iinfo(np.int32).max).astype(np.int32)
    return up, depth
