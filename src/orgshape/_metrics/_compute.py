"""Computing spans and layers: :func:`metrics`, linear and without recursion."""

from __future__ import annotations

import array
import collections
import itertools
import math
import operator
import struct
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, NamedTuple, TypeAlias

from orgshape._functions import function_of
from orgshape._gc import gc_paused
from orgshape._metrics import _arrays
from orgshape._metrics._bands import Bands, as_bands
from orgshape._metrics._records import (
    BandLayerRow,
    BandShare,
    FunctionRow,
    LayerRow,
    LevelRow,
    ManagerRow,
    Summary,
)
from orgshape._metrics._result import Metrics
from orgshape._model import Org, require_org, vacant_seats
from orgshape._storage import OrgView

__all__ = ["metrics"]


_SpanStats: TypeAlias = tuple[int, float | None, float | None, int | None, int | None]


def _span_stats(hist: Mapping[int, int]) -> _SpanStats:
    """(managers, mean, median, min, max) from a histogram span -> count (0 is ignored)."""
    spans = sorted(s for s, c in hist.items() if s > 0 and c)
    count = sum(hist[s] for s in spans)
    if not count:
        return 0, None, None, None, None
    mean = sum(s * hist[s] for s in spans) / count
    lo, hi = (count - 1) // 2, count // 2
    seen = 0
    low = high = spans[0]
    for s in spans:
        if seen <= lo:
            low = s
        if seen <= hi:
            high = s
        else:
            break
        seen += hist[s]
    return count, mean, (low + high) / 2, spans[0], spans[-1]


def _known_cost(value: object) -> float | None:
    """A cost as a float; None when missing, not a number, or not finite (NaN)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        return number if math.isfinite(number) else None
    return None


def _costs(column: Sequence[Any] | None, order: list[int]) -> list[float] | None:
    """The known costs in ``order`` (0.0 where unknown); None when none is known."""
    if column is None:
        return None
    raw = list(map(column.__getitem__, order))
    if raw.count(None) == len(raw):
        return None
    if set(map(type, raw)) <= {float, type(None)}:  # the usual case, checked in C
        costs = [0.0 if c is None else c for c in raw]
        if all(map(math.isfinite, costs)):  # (not fsum: it raises past the largest float)
            return costs
    known = [_known_cost(c) for c in raw]
    if all(c is None for c in known):
        return None
    return [0.0 if c is None else c for c in known]


_plus_one: Final = (1).__add__


def _walk(view: OrgView, tops: Sequence[int]) -> tuple[list[int], list[int], list[int]]:
    """Breadth-first order from ``tops``, layer bounds, and where each one's team sits.

    Returns ``order`` (org indices, layer by layer, siblings together in input order),
    ``bounds`` (layer ``L`` is ``order[bounds[L - 1]:bounds[L]]``) and ``edges``: the
    children of ``order[k]`` are ``order[edges[k]:edges[k + 1]]`` (an empty range for
    someone without reports; ``edges[len(order)]`` is ``len(order)``). Because the
    order keeps families together, everyone ``d`` layers below ``order[k]`` is one
    range too: ``edges`` applied ``d`` times to ``k`` and to ``k + 1``.
    Each layer is handled by a few C-level passes (map, compress, accumulate), so the
    Python-level work is per layer, not per person.
    """
    start, kids = view.child_index()
    order = list(tops)
    bounds = [0]
    edges: list[int] = []
    first_kid = start.__getitem__
    a = 0
    while a < len(order):
        b = len(order)
        bounds.append(b)
        layer = order[a:b]
        lo = list(map(first_kid, layer))
        hi = list(map(first_kid, map(_plus_one, layer)))
        counts = list(map(operator.sub, hi, lo))
        edges.extend(itertools.accumulate(counts, initial=b))
        edges.pop()  # the layer's end is the next layer's first edge
        slices = map(slice, itertools.compress(lo, counts), itertools.compress(hi, counts))
        order.extend(itertools.chain.from_iterable(map(kids.__getitem__, slices)))
        a = b
    edges.append(len(order))
    return order, bounds, edges


def _team_totals(values: Sequence[Any], bounds: list[int], edges: list[int]) -> list[Any]:
    """``values`` (in breadth-first order) summed over each one's whole team, itself included.

    Bottom-up, one layer at a time: the reports of a layer are one stretch of the
    next layer, so each family's total is a difference of running sums over it (a few
    C-level passes per layer). Exact for ints; for floats only when every value is a
    whole number and every running sum stays below 2**53 (the caller checks).
    """
    out: list[list[Any]] = []
    below = list(values[bounds[-2] : bounds[-1]])  # the deepest layer: no reports
    out.append(below)
    for a, b in itertools.pairwise(reversed(bounds[:-1])):
        # layer [b, a): its reports are the layer [a, ...) whose totals are `below`
        running = list(itertools.accumulate(below, initial=0))
        at = list(
            map(running.__getitem__, map(operator.sub, edges[b : a + 1], itertools.repeat(a)))
        )
        below = list(map(operator.add, values[b:a], map(operator.sub, at[1:], at)))
        out.append(below)
    return list(itertools.chain.from_iterable(reversed(out)))


def metrics(org: Org, *, root: str | None = None, bands: Bands | str = "orgvue") -> Metrics:
    """Spans and layers of an org, or of the team below ``root``.

    Args:
        org: the org.
        root: measure only this position and everyone below them (the root is on layer
            1 of the result); by default the whole org. In a leniently loaded org with
            several top positions, the whole org is every position and layers count
            from each top.
        bands: the span-band profile: a :class:`Bands`, or ``"orgvue"`` (the default)
            or ``"mckinsey"``.

    Returns:
        The typed tables (see :class:`Metrics`).

    Raises:
        UnknownPositionError: ``root`` is not in the org.
        PolicyError: ``bands`` names no known profile.
        TypeError: ``org`` is not an :class:`~orgshape.Org`.

    Examples:
        >>> from orgshape import Org, Position
        >>> org = Org([
        ...     Position(id="1", name="Ana", title="CPO"),
        ...     Position(id="2", name="Bo", title="VP of Product", manager="1"),
        ...     Position(id="3", name="Mia", title="Executive Assistant", manager="1",
        ...              assistant=True),
        ...     Position(id="4", name="Cy", title="Product Manager", manager="2"),
        ...     Position(id="5", title="Product Manager", manager="2"),
        ... ])
        >>> m = metrics(org, bands="mckinsey")
        >>> m.summary.managers, m.summary.assistants, m.summary.median_span
        (2, 1, 1.5)
        >>> [(b.label, b.managers) for b in m.summary.band_shares if b.managers]
        [('below player/coach', 2)]
        >>> metrics(org, root="2").summary.positions
        3
    """
    require_org(org, "metrics() measures")
    profile = as_bands(bands)
    top = None if root is None else org.index(root)
    with gc_paused():  # a million rows make objects that are never in a cycle
        return _measure(org, root, top, profile)


def _measure(org: Org, root: str | None, top: int | None, profile: Bands) -> Metrics:
    """The tables (a function of its own: its columns are freed before the collector runs)."""
    return _tables(org, root, profile, _scope(org.view, top))


_LayerStats: TypeAlias = tuple[int, int, Mapping[int, int], float | None]


class _Shape(NamedTuple):
    """What depends on the breadth-first order: the layers and the managers' rows.

    ``layers`` holds, per layer, (positions, vacancies, span -> positions, cost);
    ``managers`` the managers' org indices in breadth-first order, with their spans
    and what is below them.
    """

    layers: list[_LayerStats]
    managers: list[int]
    spans: list[int]
    below: list[int]
    vac_below: list[int] | None
    cost_below: list[float] | None
    bosses: int | None = None  # managers of managers, when counted already


class _Groups(NamedTuple):
    """Positions, vacancies, cost and (for levels) managers' spans per key."""

    positions: Mapping[Any, int]
    vacancies: Mapping[Any, int]
    costs: Mapping[Any, float] | None
    spans: Mapping[Any, Mapping[int, int]] | None


def _groups(
    keys: Sequence[Any],
    vacant: Sequence[bool],
    costs: list[float] | None,
    spans: Sequence[int] | None = None,
) -> _Groups:
    """Per key: positions, vacancies, the fsum of the costs, managers' spans."""
    positions = Counter(keys)
    sums = None
    if costs is not None:
        sums = {key: _fsum(values) for key, values in _grouped(keys, costs, positions).items()}
    hists = None
    if spans is not None:
        hists = {key: Counter[int]() for key in positions}
        managers = zip(
            itertools.compress(keys, spans), itertools.compress(spans, spans), strict=True
        )
        for (key, span), count in Counter(managers).items():  # tuples for managers only
            hists[key][span] = count
    return _Groups(positions, Counter(itertools.compress(keys, vacant)), sums, hists)


class _Scope(NamedTuple):
    """Everyone measured: the shape, and columns over the scope in any one order.

    Whatever is only counted or summed (levels, functions, costs) is read in input
    order for the whole org (no gather through the breadth-first order, whose random
    access costs more than the counting), and in breadth-first order for a ``root``.
    """

    shape: _Shape
    positions: int
    levels: Sequence[str | None]
    vacant: Sequence[bool]
    spans: Sequence[int]
    costs: list[float] | None
    functions: Sequence[Any] | None
    assistants: int
    level_groups: _Groups | None = None  # counted already, over arrays
    function_groups: _Groups | None = None


def _scope(view: OrgView, top: int | None) -> _Scope:
    """The scope of a metrics call, its columns and its shape."""
    vacant_all = vacant_seats(view)
    cost_column = view.field("cost")
    assistant_col = view.field("assistant")
    functions = view.field("function")
    if functions is None or functions.count(None) == len(functions):
        functions = view.field("department") or functions
    if top is None:
        costs, tame = _costs_any_order(cost_column)
        if tame:
            shape = level_groups = function_groups = None
            if len(view) >= _arrays.MIN_POSITIONS:
                counted = _shape_arrays(view, vacant_all, costs, functions)
                if counted is not None:
                    shape, level_groups, function_groups = counted
            if shape is None:
                order, bounds, edges = _walk(view, view.tops)
                ordered = list(map(costs.__getitem__, order)) if costs is not None else None
                pick = _picker(order)
                shape = _shape(order, bounds, edges, pick(view.spans), pick(vacant_all), ordered)
            return _Scope(
                level_groups=level_groups,
                function_groups=function_groups,
                shape=shape,
                positions=len(view),
                levels=view.levels,
                vacant=vacant_all,
                spans=view.spans,
                costs=costs,
                functions=functions,
                assistants=sum(map(bool, assistant_col)) if assistant_col else 0,
            )
    order, bounds, edges = _walk(view, view.tops if top is None else [top])
    costs = _costs(cost_column, order)
    pick = _picker(order)
    spans = pick(view.spans)
    vacant = pick(vacant_all)
    return _Scope(
        shape=_shape(order, bounds, edges, spans, vacant, costs),
        positions=len(order),
        levels=pick(view.levels),
        vacant=vacant,
        spans=spans,
        costs=costs,
        functions=pick(functions) if functions is not None else None,
        assistants=sum(map(bool, pick(assistant_col))) if assistant_col else 0,
    )


def _picker(order: list[int]) -> Any:
    """A function gathering a column's values in ``order``."""

    def pick(column: Sequence[Any]) -> list[Any]:
        return list(map(column.__getitem__, order))

    return pick


def _shape(
    order: list[int],
    bounds: list[int],
    edges: list[int],
    spans: list[int],
    vacant: list[bool],
    costs: list[float] | None,
) -> _Shape:
    """The layers and the managers' rows, from the breadth-first order (pure Python).

    ``spans``, ``vacant`` and ``costs`` are in that order too.
    """
    m = len(order)
    fsum = _fsum
    layers: list[_LayerStats] = [
        (
            b - a,
            vacant[a:b].count(True),
            Counter(spans[a:b]),
            fsum(costs[a:b]) if costs is not None else None,
        )
        for a, b in itertools.pairwise(bounds)
    ]
    # team sizes, for the managers (the rows that show them)
    at = list(itertools.compress(range(m), spans))  # managers' places in `order`
    below = _below(at, list(itertools.repeat(1, m)), itertools.repeat(1), bounds, edges)
    vac_below = None
    if True in vacant:
        vac_below = _below(at, vacant, map(vacant.__getitem__, at), bounds, edges)
    cost_below: list[float] | None = None
    if costs is not None:
        if _whole_sums(costs):
            cost_below = _below(at, costs, map(costs.__getitem__, at), bounds, edges)
        else:
            cost_below = _fsum_below(at, costs, edges)
    return _Shape(
        layers=layers,
        managers=list(map(order.__getitem__, at)),
        spans=list(itertools.compress(spans, spans)),
        below=below,
        vac_below=vac_below,
        cost_below=cost_below,
    )


def _shape_arrays(
    view: OrgView,
    vacant_all: Sequence[bool],
    costs: list[float] | None,
    functions: Sequence[Any] | None,
) -> tuple[_Shape, _Groups, _Groups | None] | None:
    """The shape of a whole large org, and its levels and functions, over numpy arrays.

    None without numpy, or when the org is one the array walk leaves to Python.
    """
    np = _arrays.numpy_or_none()
    walked = _arrays.walk(np, view) if np is not None else None
    if walked is None:
        return None
    order, bounds, edges, parent = walked
    n = len(order)
    spans_in = np.fromiter(view.spans, dtype=np.int64, count=n)
    vacant_in = np.array(vacant_all) == True  # noqa: E712 - the test of count(True)
    cost_in = np.array(costs, dtype=np.float64) if costs is not None else None
    whole = cost_in is not None and _whole_array(np, cost_in)
    level_groups = _groups_arrays(np, view.levels, vacant_in, costs, whole, cost_in, spans_in)
    function_groups = None
    if functions is not None:
        function_groups = _groups_arrays(
            np, functions, vacant_in, costs, whole, cost_in, canonical=function_of
        )
    spans = spans_in[order]
    vacant = vacant_in[order]
    cost = cost_in[order] if cost_in is not None else None
    fsum = _fsum
    layers: list[_LayerStats] = []
    for a, b in itertools.pairwise(bounds):
        counts = np.bincount(spans[a:b])
        seen = np.flatnonzero(counts)
        layer_cost = None
        if cost is not None:
            layer_cost = float(cost[a:b].sum()) if whole else fsum(cost[a:b].tolist())
        layers.append(
            (
                b - a,
                int(np.count_nonzero(vacant[a:b])),
                Counter(dict(zip(seen.tolist(), counts[seen].tolist(), strict=True))),
                layer_cost,
            )
        )
    managed = spans > 0
    below = _arrays.team_totals(np, np.ones(len(order), dtype=np.int64), bounds, edges)
    vac_below = None
    if layers and any(row[1] for row in layers):
        ints = vacant.astype(np.int64)
        vac_below = (_arrays.team_totals(np, ints, bounds, edges) - ints)[managed].tolist()
    cost_below = None
    if cost is not None:
        if whole:
            totals = _arrays.team_totals(np, cost, bounds, edges)
            cost_below = (totals - cost)[managed].tolist()
        else:
            at = np.flatnonzero(managed).tolist()
            cost_below = _fsum_below(at, cost.tolist(), edges.tolist())
    managers = order[managed]
    up = parent[managers]
    has_manager = np.zeros(n, dtype=bool)
    has_manager[up[up >= 0]] = True
    shape = _Shape(
        layers=layers,
        managers=managers.tolist(),
        spans=spans[managed].tolist(),
        below=(below[managed] - 1).tolist(),
        vac_below=vac_below,
        cost_below=cost_below,
        bosses=int(np.count_nonzero(has_manager[managers])),
    )
    return shape, level_groups, function_groups


def _groups_arrays(
    np: Any,
    values: Sequence[Any],
    vacant: Any,
    costs: list[float] | None,
    whole: bool,
    cost: Any,
    spans: Any = None,
    canonical: Any = None,
) -> _Groups:
    """:func:`_groups` over arrays: each key coded once, then counted by ``bincount``.

    ``canonical`` turns each distinct value into its key (a function's name); costs
    are summed by numpy only when ``whole`` (then any order of adding is exact), and
    by fsum per key otherwise.
    """
    distinct = list(dict.fromkeys(values))
    key_of = list(map(canonical, distinct)) if canonical is not None else distinct
    keys = list(dict.fromkeys(key_of))
    number = {key: k for k, key in enumerate(keys)}
    code = dict(zip(distinct, map(number.__getitem__, key_of), strict=True))
    codes = np.fromiter(map(code.__getitem__, values), dtype=np.int64, count=len(values))
    width = len(keys)
    positions = Counter(dict(zip(keys, np.bincount(codes, minlength=width).tolist(), strict=True)))
    vacancies = np.bincount(codes[vacant], minlength=width).tolist()
    sums = None
    if costs is not None:
        if whole:
            sums = dict(zip(keys, np.bincount(codes, cost, minlength=width).tolist(), strict=True))
        else:
            named = list(map(keys.__getitem__, codes.tolist()))
            sums = {k: _fsum(v) for k, v in _grouped(named, costs, keys).items()}
    hists = None
    if spans is not None:
        hists = {key: Counter[int]() for key in keys}
        managed = spans > 0
        if managed.any():
            most = int(spans.max()) + 1
            pairs = np.bincount(codes[managed] * most + spans[managed])
            seen = np.flatnonzero(pairs)
            for pair, count in zip(seen.tolist(), pairs[seen].tolist(), strict=True):
                hists[keys[pair // most]][pair % most] = count
    return _Groups(positions, Counter(dict(zip(keys, vacancies, strict=True))), sums, hists)


def _whole_array(np: Any, cost: Any) -> bool:
    """:func:`_whole_sums` of an array of finite costs, over the array."""
    if not len(cost) or not bool(np.all(np.floor(cost) == cost)):
        return False
    if float(np.abs(cost).max()) * len(cost) >= 2.0**53:
        return False
    return not bool(np.any(np.signbit(cost) & (cost == 0)))


def _tables(org: Org, root: str | None, profile: Bands, scope: _Scope) -> Metrics:
    """The typed tables of a scope."""
    view = org.view
    shape = scope.shape
    m = scope.positions
    levels = scope.levels
    vacant = scope.vacant
    spans = scope.spans
    costs = scope.costs
    vacancies = vacant.count(True)
    fsum = _fsum

    # layer rows, layer by layer
    band_list = profile.bands
    layer_rows: list[LayerRow] = []
    band_layers: list[BandLayerRow] = []
    hist: Counter[int] = Counter()  # span -> positions, over the whole scope
    for layer, (positions, layer_vacancies, layer_hist, layer_cost) in enumerate(
        shape.layers, start=1
    ):
        hist.update(layer_hist)
        managers, mean, median, low, high = _span_stats(layer_hist)
        layer_rows.append(
            LayerRow(
                layer=layer,
                positions=positions,
                vacancies=layer_vacancies,
                managers=managers,
                individual_contributors=positions - managers,
                mean_span=mean,
                median_span=median,
                min_span=low,
                max_span=high,
                cost=layer_cost,
            )
        )
        for band, managed in zip(band_list, _per_band(profile, layer_hist), strict=True):
            band_layers.append(
                BandLayerRow(
                    layer=layer,
                    band=band.label,
                    managers=managed,
                    share=managed / managers if managers else 0.0,
                )
            )

    # manager rows, built column by column in C (no Position objects)
    index = shape.managers
    manager_spans = shape.spans
    manager_rows = tuple(
        map(
            ManagerRow,
            map(view.ids.__getitem__, index),
            map(view.names.__getitem__, index),
            map(view.titles.__getitem__, index),
            map(view.levels.__getitem__, index),
            itertools.chain.from_iterable(
                itertools.repeat(row.layer, row.managers) for row in layer_rows
            ),
            manager_spans,
            profile.labels_of(manager_spans),
            shape.below,
            shape.vac_below if shape.vac_below is not None else itertools.repeat(0),
            shape.cost_below if shape.cost_below is not None else itertools.repeat(None),
        )
    )

    # level rows
    by_level = scope.level_groups or _groups(levels, vacant, costs, spans)
    level_positions = by_level.positions
    level_hists = by_level.spans or {}
    ladder_order = {name: k for k, name in enumerate(org.ladder.names)}

    def level_key(level: str | None) -> tuple[int, int, str]:
        if level is None:
            return (2, 0, "")
        at = ladder_order.get(level)
        return (0, at, "") if at is not None else (1, 0, level)

    level_costs = by_level.costs
    level_rows: list[LevelRow] = []
    for level in sorted(level_positions, key=level_key):
        managers, mean, median, low, high = _span_stats(level_hists[level])
        positions = level_positions[level]
        level_rows.append(
            LevelRow(
                level=level,
                positions=positions,
                vacancies=by_level.vacancies.get(level, 0),
                managers=managers,
                individual_contributors=positions - managers,
                mean_span=mean,
                median_span=median,
                min_span=low,
                max_span=high,
                cost=level_costs[level] if level_costs is not None else None,
            )
        )

    # the summary
    managers, mean, median, low, high = _span_stats(hist)
    per_band = [0] * len(band_list)
    for span, count in hist.items():
        if span:
            per_band[profile.index_of(span)] += count
    band_shares = tuple(
        BandShare(
            label=band.label,
            min=band.min,
            max=band.max,
            managers=count,
            share=count / managers if managers else 0.0,
        )
        for band, count in zip(band_list, per_band, strict=True)
    )

    # who manages managers: a manager with a manager among their direct reports
    bosses = shape.bosses
    if bosses is None:
        parents_of_managers = set(map(view.parent.__getitem__, index))
        bosses = len(parents_of_managers.intersection(index))

    def ratio(top: str, bottom: str) -> float | None:
        denominator = level_positions.get(bottom, 0)
        return level_positions.get(top, 0) / denominator if denominator else None

    summary = Summary(
        positions=m,
        filled=m - vacancies,
        vacancies=vacancies,
        managers=managers,
        individual_contributors=m - managers,
        manager_share=managers / m if m else None,
        assistants=scope.assistants,
        roots=layer_rows[0].positions if layer_rows else 0,
        layers=len(layer_rows),
        mean_span=mean,
        median_span=median,
        min_span=low,
        max_span=high,
        band_shares=band_shares,
        one_over_ones=hist.get(1, 0),
        first_line_managers=managers - bosses,
        managers_of_managers=bosses,
        vacancy_rate=vacancies / m if m else None,
        pm_to_senior_pm_ratio=ratio("PM", "SENIOR_PM"),
        pm_to_director_ratio=ratio("PM", "DIRECTOR"),
        total_cost=fsum(costs) if costs is not None else None,
        vacancy_cost=fsum(itertools.compress(costs, vacant)) if costs is not None else None,
    )
    return Metrics(
        root=root,
        bands=profile,
        summary=summary,
        managers=manager_rows,
        layers=tuple(layer_rows),
        levels=tuple(level_rows),
        functions=_function_rows(scope, m),
        band_layers=tuple(band_layers),
    )


def _grouped(
    keys: Sequence[Any], values: Sequence[float], groups: Iterable[Any]
) -> dict[Any, list[float]]:
    """``values`` listed per key (every key in ``groups``), in C: no Python loop per value."""
    out: dict[Any, list[float]] = {key: [] for key in groups}
    collections.deque(map(list.append, map(out.__getitem__, keys), values), maxlen=0)
    return out


def _below(
    at: list[int], values: Sequence[Any], own: Iterable[Any], bounds: list[int], edges: list[int]
) -> list[Any]:
    """The sum of ``values`` over everyone below each of ``at`` (themselves left out)."""
    if not at:
        return []
    totals = _team_totals(values, bounds, edges)
    return list(map(operator.sub, map(totals.__getitem__, at), own))


def _costs_any_order(column: Sequence[Any] | None) -> tuple[list[float] | None, bool]:
    """The known costs in input order (as :func:`_costs` takes them), and whether tame.

    Tame: every fsum over them is the same in any order, so the whole org's sums may be
    taken in input order. That holds unless a sum could overflow (in one order and not
    in another) or fsum raises; then (False) the caller takes them in breadth-first
    order, exactly as before.
    """
    if column is None or column.count(None) == len(column):
        return None, True
    if set(map(type, column)) <= {float, type(None)}:
        costs = [0.0 if c is None else c for c in column]
        try:
            total = math.fsum(costs)
        except (OverflowError, ValueError):
            return None, False
        if math.isfinite(total):
            return costs, _bounded(costs)
    known = [_known_cost(c) for c in column]
    if all(c is None for c in known):
        return None, True
    costs = [0.0 if c is None else c for c in known]
    return costs, _bounded(costs)


def _bounded(costs: list[float]) -> bool:
    """Whether no sum of these finite costs can come near overflowing a float."""
    return max(max(costs), -min(costs)) * len(costs) < 2.0**1000


def _whole_sums(costs: list[float]) -> bool:
    """Whether every sum of ``costs`` is exact in floats, whatever the order of adding.

    True when every cost is a whole number (not -0.0) and all of them together stay
    below 2**53: each partial sum is then a whole number that a float holds exactly,
    which is :func:`math.fsum`'s correctly rounded result bit for bit.
    """
    if not costs or not all(map(float.is_integer, costs)):
        return False
    if max(max(costs), -min(costs)) * len(costs) >= 2.0**53:
        return False
    return not _has_negative_zero(costs)


_NEGATIVE_ZERO: Final = struct.pack("=d", -0.0)


def _has_negative_zero(values: list[float]) -> bool:
    """Whether -0.0 is among ``values`` (a C-level search of the packed doubles)."""
    packed = array.array("d", values).tobytes()
    at = packed.find(_NEGATIVE_ZERO)
    while at >= 0:
        if at % 8 == 0:
            return True
        at = packed.find(_NEGATIVE_ZERO, at + 1)
    return False


def _fsum(values: Iterable[float]) -> float:
    """:func:`math.fsum`, which raises when a partial sum passes the largest float.

    Then the halves are summed (exact, and correctly rounded when doubled back), and
    past even that the plain sum says which infinity: a total too large for a float is
    infinite, never an error.
    """
    items = values if isinstance(values, list) else list(values)
    try:
        return math.fsum(items)
    except OverflowError:
        try:
            return math.fsum([v * 0.5 for v in items]) * 2.0
        except OverflowError:
            return float(sum(items))


def _fsum_below(at: list[int], costs: list[float], edges: list[int]) -> list[float]:
    """Known costs below each of ``at``: each family's fsums, bottom-up (any floats).

    Every family (assistants' managers too) is summed as ``fsum(its costs) +
    fsum(what is below each of them)``: the rounding of any floats, fixed.
    """
    fsum = _fsum
    below = [0.0] * len(costs)
    parents = list(itertools.compress(range(len(costs)), map(operator.sub, edges[1:], edges)))
    for k in reversed(parents):
        first, end = edges[k], edges[k + 1]
        below[k] = fsum(costs[first:end]) + fsum(below[first:end])
    return list(map(below.__getitem__, at))


def _per_band(profile: Bands, hist: Mapping[int, int]) -> list[int]:
    """Managers per band from a histogram span -> count (span 0 left out)."""
    out = [0] * len(profile.bands)
    for span, count in hist.items():
        if span:
            out[profile.index_of(span)] += count
    return out


def _function_rows(scope: _Scope, m: int) -> tuple[FunctionRow, ...]:
    """The function mix: positions, vacancies, share and cost per canonical function."""
    raw = scope.functions
    if raw is None or not m:
        return ()
    groups = scope.function_groups
    if groups is None:
        table = {value: function_of(value) for value in set(raw)}
        groups = _groups(list(map(table.__getitem__, raw)), scope.vacant, scope.costs)
    positions = groups.positions
    spent = groups.costs
    ranked = sorted(positions, key=lambda f: (-positions[f], f is None, f or ""))
    return tuple(
        FunctionRow(
            function=f,
            positions=positions[f],
            vacancies=groups.vacancies.get(f, 0),
            share=positions[f] / m,
            cost=spent[f] if spent is not None else None,
        )
        for f in ranked
    )
