"""Whole-org passes over numpy arrays, for the orgs the columnar engine stores.

A few rule passes go position by position down the org (each position's team is its
manager's; the vacancy counts of each team). Over a million positions a Python loop
in top-down order reads the columns in random order and costs most of a validation;
over arrays the same pass is a few numpy calls per layer. The arrays are made once
per validation from the org's public view (:class:`~orgshape.OrgView`), only for an
org the columnar engine stores (numpy is then installed, and the org is large); for
any other org, or a chain too deep to go layer by layer, :func:`arrays` is None and
the rules take their pure-Python path, which gives the same results
(``tests/storage`` checks both engines against each other).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from orgshape._storage import engine_of
from orgshape.rules._rule import Context

__all__ = ["Arrays", "arrays", "children"]

#: How many times per validation the rules find someone's reports by scanning the
#: parent array (a few, for the few managers a finding names) before they ask the
#: storage for its child index (which is then built, once, for the whole org).
_MAX_SCANS: Final = 64

#: Past this many layers a pass goes position by position (one numpy call per layer
#: would cost more than the Python loop on a very deep chain).
_MAX_LAYERS: Final = 256


class Arrays:
    """The structure of the org as arrays: parents, and the positions layer by layer.

    Attributes:
        np: the numpy module.
        n: the number of positions.
        parent: each position's manager index, -1 at the top (int64).
        by_layer: every index, layer by layer (the top layer first; index order within
            a layer).
        bounds: where each layer starts in ``by_layer``, and where the last one ends.
        deepest: the number of layers.
    """

    def __init__(self, np: Any, ctx: Context) -> None:
        n = len(ctx.ids)
        self.np = np
        self.n = n
        self.parent = np.fromiter(ctx.parent, dtype=np.int64, count=n)
        layers = np.fromiter(ctx.layers, dtype=np.int64, count=n)
        self.deepest = deepest = int(layers.max()) if n else 0
        if deepest <= _MAX_LAYERS:  # (as 16-bit numbers, a stable sort is a radix sort)
            layers = layers.astype(np.uint16)
        self.by_layer = np.argsort(layers, kind="stable")
        self.bounds = np.searchsorted(
            layers[self.by_layer], np.arange(1, deepest + 2, dtype=layers.dtype)
        )
        self._order = ctx.order
        self._position: Any = None
        self.scans = 0  # how many times ``children`` scanned the parent array

    def layer_slices(self) -> list[Any]:
        """The indices of each layer, the top layer first."""
        b = self.bounds.tolist()
        return [self.by_layer[b[k] : b[k + 1]] for k in range(len(b) - 1)]

    def mask(self, values: Sequence[object]) -> Any:
        """A boolean array of ``values`` (a column of truth values)."""
        return self.np.fromiter(values, dtype=bool, count=self.n)

    def topmost(self, marked: Any) -> Any:
        """Each position's top-most marked position among itself and those above; -1: none."""
        np = self.np
        parent = self.parent
        out = np.where(marked, np.arange(self.n, dtype=np.int64), -1)
        for nodes in self.layer_slices()[1:]:
            above = out[parent[nodes]]  # (every position below the top layer has a parent)
            out[nodes] = np.where(above >= 0, above, out[nodes])
        return out

    def subtree_totals(self, values: Any) -> Any:
        """``values`` (an int64 array) summed over each position's whole team, bottom-up."""
        np = self.np
        totals = values.copy()
        parent = self.parent
        for nodes in reversed(self.layer_slices()[1:]):
            totals += np.bincount(parent[nodes], weights=totals[nodes], minlength=self.n).astype(
                np.int64
            )
        return totals

    def in_order(self, indices: Any) -> Any:
        """``indices`` (ascending) in top-down order (:attr:`Context.order`)."""
        np = self.np
        order = self._order
        if isinstance(order, range):
            return indices
        if self._position is None:  # where each index is in the order
            self._position = np.empty(self.n, dtype=np.int64)
            self._position[np.fromiter(order, dtype=np.int64, count=self.n)] = np.arange(self.n)
        return indices[np.argsort(self._position[indices], kind="stable")]


def arrays(ctx: Context) -> Arrays | None:
    """The org as arrays (made once per validation), or None: see the module's docstring."""
    return ctx.shared(_arrays)


def _arrays(ctx: Context) -> Arrays | None:
    if engine_of(ctx.view) != "columnar" or not len(ctx.ids):
        return None
    try:
        import numpy as np  # noqa: PLC0415 - the columnar engine's, loaded on use
    except ImportError:  # pragma: no cover - the columnar engine needs it
        return None
    made = Arrays(np, ctx)
    return made if made.deepest <= _MAX_LAYERS else None


def children(ctx: Context, i: int) -> Sequence[int]:
    """The direct reports of ``i`` (assistants included) in order, as ``ctx.children``.

    With the arrays, the first few calls of a validation scan the parent array: the
    rules name the reports of a few managers, and the storage's child index of a whole
    large org costs more to build than those scans.
    """
    fast = arrays(ctx)
    if fast is not None and fast.scans < _MAX_SCANS:
        fast.scans += 1
        return fast.np.flatnonzero(fast.parent == i).tolist()  # type: ignore[no-any-return]
    return ctx.children(i)
