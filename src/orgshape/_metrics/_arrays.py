"""The breadth-first walk and team totals over numpy arrays, for large orgs.

:func:`orgshape.metrics` of a whole large org takes this route when numpy is installed
(``pip install 'orgshape[fast]'``): the same order, layers and sums as the pure-Python
walk in :mod:`orgshape._metrics._compute`, with the per-person steps (gathering a column
in breadth-first order, summing each manager's team) done by numpy instead of Python
object lookups, whose random access through a million-entry order is what made them
slow. numpy is imported only here, and only when such an org is measured.
"""

from __future__ import annotations

from typing import Any, Final

from orgshape._storage import COLUMNAR_MIN_POSITIONS, OrgView

__all__ = ["MAX_LAYERS", "MIN_POSITIONS", "numpy_or_none", "team_totals", "walk"]

#: From this many positions up, a whole org is measured over arrays (the size from
#: which the storage keeps an org in columns: below it, numpy costs more than it saves).
MIN_POSITIONS: int = COLUMNAR_MIN_POSITIONS

#: Past this many layers the pure-Python walk is taken (one numpy call per layer would
#: cost more than it saves on a very deep chain).
MAX_LAYERS: Final = 256


def numpy_or_none() -> Any:
    """The numpy module, or None when the ``fast`` extra is not installed."""
    try:
        import numpy  # noqa: PLC0415 - optional, loaded on use
    except ImportError:
        return None
    return numpy


def walk(np: Any, view: OrgView) -> tuple[Any, list[int], Any, Any] | None:
    """The whole org in breadth-first order, its layer bounds and where each team sits.

    The same ``(order, bounds, edges)`` as the pure-Python walk, as int64 arrays (the
    bounds a list), and the parent array it read. Layer by layer, each layer's
    positions are sorted (stably, so siblings keep their input order) by their
    manager's place in the order. None when the org
    is too deep for this to pay, or when the storage's layers do not describe its
    forest exactly (then the caller walks it in Python, as always).
    """
    n = len(view)
    if not n or n >= 2**31:  # (past 2**31, the sort keys below would not fit int64)
        return None
    layers = np.fromiter(view.layers, dtype=np.int64, count=n)
    deepest = int(layers.max())
    if deepest > MAX_LAYERS or int(layers.min()) < 1:
        return None
    parent = np.fromiter(view.parent, dtype=np.int64, count=n)
    sizes = np.bincount(layers, minlength=deepest + 1)[1:]
    if not sizes.all():
        return None
    by_layer = np.argsort(layers.astype(np.int16), kind="stable")  # a radix sort
    bounds = [0, *np.cumsum(sizes).tolist()]
    tops = np.array(view.tops, dtype=np.int64)
    if not np.array_equal(by_layer[: bounds[1]], tops):
        return None
    order = np.empty(n, dtype=np.int64)
    rank = np.empty(n, dtype=np.int64)  # each position's place in `order`
    order[: bounds[1]] = tops
    rank[tops] = np.arange(bounds[1])
    for layer in range(2, deepest + 1):
        a, b = bounds[layer - 1], bounds[layer]
        nodes = by_layer[a:b]
        up = parent[nodes]
        if int(up.min()) < 0 or not bool(np.all(layers[up] == layer - 1)):
            return None
        size = b - a  # unique keys, so a plain sort keeps siblings in input order:
        nodes = nodes[np.sort(rank[up] * size + np.arange(size)) % size]
        order[a:b] = nodes
        rank[nodes] = np.arange(a, b)
    reports = np.bincount(parent[parent >= 0], minlength=n)[order]
    edges = np.empty(n + 1, dtype=np.int64)
    edges[0] = bounds[1]
    np.cumsum(reports, out=edges[1:])
    edges[1:] += bounds[1]
    return order, bounds, edges, parent


def team_totals(np: Any, values: Any, bounds: list[int], edges: Any) -> Any:
    """``values`` (in breadth-first order) summed over each one's whole team, itself included.

    Bottom-up, one layer at a time, by differences of running sums over the next layer
    (each family is one stretch of it). Exact for ints, and for floats when every value
    is a whole number and the sums stay below 2**53 (the caller checks).
    """
    totals = values.copy()
    for j in range(len(bounds) - 2, 0, -1):
        a, b, c = bounds[j - 1], bounds[j], bounds[j + 1]
        running = np.zeros(c - b + 1, dtype=totals.dtype)
        np.cumsum(totals[b:c], out=running[1:])
        at = edges[a : b + 1] - b
        totals[a:b] += running[at[1:]] - running[at[:-1]]
    return totals
