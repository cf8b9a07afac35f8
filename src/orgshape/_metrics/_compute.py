"""Computing spans and layers: :func:`metrics`, linear and without recursion."""

from __future__ import annotations

import itertools
import math
import operator
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, Final, TypeAlias

from orgshape._functions import function_of
from orgshape._gc import gc_paused
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
        if math.isfinite(math.fsum(costs)):
            return costs
    known = [_known_cost(c) for c in raw]
    if all(c is None for c in known):
        return None
    return [0.0 if c is None else c for c in known]


_plus_one: Final = (1).__add__
_Families: TypeAlias = tuple[list[int], list[int], list[int]]


def _walk(org: Org, root: str | None) -> tuple[list[int], list[int], _Families]:
    """Breadth-first order over the scope, layer bounds, and who has which children.

    Returns ``order`` (org indices, layer by layer, siblings together in input order),
    ``bounds`` (layer ``L`` is ``order[bounds[L - 1]:bounds[L]]``) and the families:
    three lists ``(parents, firsts, ends)`` saying that the children of
    ``order[parents[f]]`` are ``order[firsts[f]:ends[f]]``, in breadth-first order.
    Each layer is handled by a few C-level passes (map, compress, accumulate), so the
    Python-level work is per layer, not per person.
    """
    start, kids = org.view.child_index()
    order = list(org.view.tops) if root is None else [org.index(root)]
    bounds = [0]
    parents: list[int] = []
    firsts: list[int] = []
    ends: list[int] = []
    first_kid = start.__getitem__
    a = 0
    while a < len(order):
        b = len(order)
        bounds.append(b)
        layer = order[a:b]
        lo = list(map(first_kid, layer))
        hi = list(map(first_kid, map(_plus_one, layer)))
        counts = list(map(operator.sub, hi, lo))
        parents.extend(itertools.compress(itertools.count(a), counts))
        edges = list(itertools.accumulate(filter(None, counts), initial=b))
        firsts.extend(edges[:-1])
        ends.extend(edges[1:])
        slices = map(slice, itertools.compress(lo, counts), itertools.compress(hi, counts))
        order.extend(itertools.chain.from_iterable(map(kids.__getitem__, slices)))
        a = b
    return order, bounds, (parents, firsts, ends)


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
    view = org.view
    order, bounds, families = _walk(org, root)
    m = len(order)

    all_spans = view.spans
    spans = list(map(all_spans.__getitem__, order))
    levels = list(map(view.levels.__getitem__, order))
    vacant = list(map(vacant_seats(view).__getitem__, order))
    vacancies = vacant.count(True)
    assistant_col = view.field("assistant")
    assistants = sum(map(bool, map(assistant_col.__getitem__, order))) if assistant_col else 0
    costs = _costs(view.field("cost"), order)

    # team sizes bottom-up: children sit after their parent, siblings side by side
    below = [0] * m
    vac_below = [0] * m if vacancies else None
    cost_below = [0.0] * m if costs is not None else None
    fsum = math.fsum
    parents, firsts, ends = families
    for k, first, end in zip(reversed(parents), reversed(firsts), reversed(ends), strict=True):
        below[k] = end - first + sum(below[first:end])
        if vac_below is not None:
            vac_below[k] = vacant[first:end].count(True) + sum(vac_below[first:end])
        if cost_below is not None and costs is not None:
            cost_below[k] = fsum(costs[first:end]) + fsum(cost_below[first:end])

    # layer rows, layer by layer
    band_list = profile.bands
    layer_rows: list[LayerRow] = []
    band_layers: list[BandLayerRow] = []
    hist: Counter[int] = Counter()  # span -> positions, over the whole scope
    for layer, (a, b) in enumerate(itertools.pairwise(bounds), start=1):
        positions = b - a
        layer_hist = Counter(spans[a:b])
        hist.update(layer_hist)
        managers, mean, median, low, high = _span_stats(layer_hist)
        layer_cost = fsum(costs[a:b]) if costs is not None else None
        layer_rows.append(
            LayerRow(
                layer=layer,
                positions=positions,
                vacancies=vacant[a:b].count(True),
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
    at = list(itertools.compress(range(m), spans))  # managers' places in `order`
    index = list(map(order.__getitem__, at))
    manager_spans = list(itertools.compress(spans, spans))
    with gc_paused():
        manager_rows = tuple(
            map(
                ManagerRow,
                map(view.ids.__getitem__, index),
                map(view.names.__getitem__, index),
                map(view.titles.__getitem__, index),
                map(levels.__getitem__, at),
                itertools.chain.from_iterable(
                    itertools.repeat(row.layer, row.managers) for row in layer_rows
                ),
                manager_spans,
                profile.labels_of(manager_spans),
                map(below.__getitem__, at),
                map(vac_below.__getitem__, at) if vac_below is not None else itertools.repeat(0),
                map(cost_below.__getitem__, at)
                if cost_below is not None
                else itertools.repeat(None),
            )
        )

    # level rows: managers' spans per level (tuples made for managers only)
    level_positions = Counter(levels)
    level_vacancies = Counter(itertools.compress(levels, vacant))
    level_hists: dict[str | None, Counter[int]] = {key: Counter() for key in level_positions}
    for (level, span), count in Counter(
        zip(itertools.compress(levels, spans), itertools.compress(spans, spans), strict=True)
    ).items():
        level_hists[level][span] = count
    ladder_order = {name: k for k, name in enumerate(org.ladder.names)}

    def level_key(level: str | None) -> tuple[int, int, str]:
        if level is None:
            return (2, 0, "")
        at = ladder_order.get(level)
        return (0, at, "") if at is not None else (1, 0, level)

    level_costs: dict[str | None, list[float]] = {}
    if costs is not None:
        for level, cost in zip(levels, costs, strict=True):
            level_costs.setdefault(level, []).append(cost)
    level_rows: list[LevelRow] = []
    for level in sorted(level_positions, key=level_key):
        managers, mean, median, low, high = _span_stats(level_hists[level])
        positions = level_positions[level]
        level_rows.append(
            LevelRow(
                level=level,
                positions=positions,
                vacancies=level_vacancies[level],
                managers=managers,
                individual_contributors=positions - managers,
                mean_span=mean,
                median_span=median,
                min_span=low,
                max_span=high,
                cost=fsum(level_costs.get(level, ())) if costs is not None else None,
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
    is_manager = [s > 0 for s in all_spans]
    parents_of_managers = {
        view.parent[i] for i in itertools.compress(order, map(is_manager.__getitem__, order))
    }
    bosses = sum(1 for i in index if i in parents_of_managers)

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
        assistants=assistants,
        roots=bounds[1] if m else 0,
        layers=len(bounds) - 1,
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
        functions=_function_rows(view, order, vacant, costs),
        band_layers=tuple(band_layers),
    )


def _per_band(profile: Bands, hist: Mapping[int, int]) -> list[int]:
    """Managers per band from a histogram span -> count (span 0 left out)."""
    out = [0] * len(profile.bands)
    for span, count in hist.items():
        if span:
            out[profile.index_of(span)] += count
    return out


def _function_rows(
    view: Any, order: list[int], vacant: list[bool], costs: list[float] | None
) -> tuple[FunctionRow, ...]:
    """The function mix: positions, vacancies, share and cost per canonical function."""
    raw = view.field("function")
    if raw is None or raw.count(None) == len(raw):
        raw = view.field("department") or raw
    if raw is None or not order:
        return ()
    table = {value: function_of(value) for value in set(raw)}
    functions = [table[raw[i]] for i in order]
    positions = Counter(functions)
    open_seats = Counter(itertools.compress(functions, vacant))
    spent: dict[str | None, list[float]] = {}
    if costs is not None:
        for function, cost in zip(functions, costs, strict=True):
            spent.setdefault(function, []).append(cost)
    m = len(order)
    ranked = sorted(positions, key=lambda f: (-positions[f], f is None, f or ""))
    return tuple(
        FunctionRow(
            function=f,
            positions=positions[f],
            vacancies=open_seats[f],
            share=positions[f] / m,
            cost=math.fsum(spent.get(f, ())) if costs is not None else None,
        )
        for f in ranked
    )
