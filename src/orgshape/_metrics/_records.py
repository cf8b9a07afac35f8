"""The records metrics are made of: one frozen row per manager, layer, level or band."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any, Final, TypeAlias

import attrs

from orgshape._metrics._bands import range_label

__all__ = [
    "DECIMALS",
    "BandLayerRow",
    "BandShare",
    "FunctionRow",
    "LayerRow",
    "LevelRow",
    "ManagerRow",
    "Row",
    "Summary",
    "clean",
    "columns_of",
    "row_dicts",
]

#: Floats in :meth:`Metrics.to_dict`, JSON and CSV are rounded to this many decimals.
DECIMALS: Final = 4


@attrs.frozen
class BandShare:
    """How many managers have a span in one band, and their share of all managers.

    Attributes:
        label: the band's label.
        min: the band's smallest span.
        max: the band's largest span (None: open-ended).
        managers: the number of managers in the band.
        share: ``managers`` divided by all managers (0.0 when there are none).
    """

    label: str
    min: int
    max: int | None
    managers: int
    share: float

    @property
    def range_label(self) -> str:
        """The band's spans in words: ``"1"``, ``"2-3"`` or ``"17+"``."""
        return range_label(self.min, self.max)


@attrs.frozen
class ManagerRow:
    """One manager (span >= 1) and the size of their team.

    Attributes:
        id: the position's id.
        name: the person's name (None: a vacant manager seat).
        title: the job title.
        level: the ladder level (None: unknown).
        layer: the layer (1 = the top of the scope).
        span: direct solid-line reports, assistants excluded.
        band: the label of the span's band.
        headcount_below: every position below, all the way down (vacancies included).
        vacancies_below: the vacant seats among them.
        cost_below: the sum of the known costs of the positions below; None when no
            position in scope has a cost.
    """

    id: str
    name: str | None
    title: str | None
    level: str | None
    layer: int
    span: int
    band: str
    headcount_below: int
    vacancies_below: int
    cost_below: float | None


@attrs.frozen
class LayerRow:
    """The positions on one layer and the spans of its managers.

    Attributes:
        layer: the layer (1 = the top of the scope).
        positions: every seat on the layer, vacancies included.
        vacancies: the vacant seats on the layer.
        managers: positions with a span >= 1.
        individual_contributors: positions with a span of 0.
        mean_span: the mean span of the layer's managers (None: no managers).
        median_span: their median span (None: no managers).
        min_span: their smallest span (None: no managers).
        max_span: their largest span (None: no managers).
        cost: the sum of the known costs on the layer; None when no position in
            scope has a cost.
    """

    layer: int
    positions: int
    vacancies: int
    managers: int
    individual_contributors: int
    mean_span: float | None
    median_span: float | None
    min_span: int | None
    max_span: int | None
    cost: float | None = None


@attrs.frozen
class LevelRow:
    """The positions on one ladder level and the spans of its managers.

    Attributes:
        level: the level's name; None for positions whose level is unknown.
        positions: every seat on the level, vacancies included.
        vacancies: the vacant seats on the level.
        managers: positions with a span >= 1.
        individual_contributors: positions with a span of 0.
        mean_span: the mean span of the level's managers (None: no managers).
        median_span: their median span (None: no managers).
        min_span: their smallest span (None: no managers).
        max_span: their largest span (None: no managers).
        cost: the sum of the known costs on the level; None when no position in
            scope has a cost.
    """

    level: str | None
    positions: int
    vacancies: int
    managers: int
    individual_contributors: int
    mean_span: float | None
    median_span: float | None
    min_span: int | None
    max_span: int | None
    cost: float | None = None


@attrs.frozen(kw_only=True)
class Summary:
    """The headline numbers of an org (or of the subtree in scope).

    Span statistics are over managers only (ICs' span of 0 is left out); they are None
    when there are no managers.

    Attributes:
        positions: every seat, vacancies included.
        filled: seats with a person (``positions - vacancies``).
        vacancies: seats without a name.
        managers: positions with a span >= 1.
        individual_contributors: positions with a span of 0.
        manager_share: ``managers / positions`` (None for an empty org).
        assistants: positions flagged as assistants (left out of every span).
        roots: top positions in scope: 1 for a well-formed org or a subtree, more for a
            leniently loaded forest.
        layers: the deepest layer (0 for an empty org).
        mean_span: the mean span of the managers.
        median_span: the median span of the managers.
        min_span: the smallest span of a manager.
        max_span: the largest span of a manager.
        band_shares: managers per band, in band order; the shares sum to 1 when there
            are managers.
        one_over_ones: managers with a span of exactly 1.
        first_line_managers: managers whose direct reports are all individual
            contributors (they manage the work).
        managers_of_managers: managers with at least one manager among their direct
            reports (they manage managers).
        vacancy_rate: ``vacancies / positions`` (None for an empty org).
        pm_to_senior_pm_ratio: a level-count ratio, not a span: positions on level
            ``PM`` divided by positions on level ``SENIOR_PM`` (vacancies count: a
            budgeted seat is part of the design); None when there is no ``SENIOR_PM``.
            Renamed from ``pms_per_senior_pm``, which read like a per-manager number.
        pm_to_director_ratio: positions on level ``PM`` divided by positions on level
            ``DIRECTOR`` (a level-count ratio); None when there is no ``DIRECTOR``.
            Renamed from ``pms_per_director``.
        total_cost: the sum of the known costs; None when no position has a cost.
        vacancy_cost: the sum of the known costs of the vacancies; None when no
            position has a cost.
    """

    positions: int
    filled: int
    vacancies: int
    managers: int
    individual_contributors: int
    manager_share: float | None
    assistants: int
    roots: int
    layers: int
    mean_span: float | None
    median_span: float | None
    min_span: int | None
    max_span: int | None
    band_shares: tuple[BandShare, ...]
    one_over_ones: int
    first_line_managers: int
    managers_of_managers: int
    vacancy_rate: float | None
    pm_to_senior_pm_ratio: float | None
    pm_to_director_ratio: float | None
    total_cost: float | None
    vacancy_cost: float | None


@attrs.frozen
class FunctionRow:
    """The positions of one function (product, design, engineering...): the function mix.

    Attributes:
        function: the canonical function (see the validation page); None for positions
            without one.
        positions: every seat of the function, vacancies included.
        vacancies: the vacant seats among them.
        share: ``positions`` divided by all positions in scope.
        cost: the sum of their known costs; None when no position in scope has a cost.
    """

    function: str | None
    positions: int
    vacancies: int
    share: float
    cost: float | None


@attrs.frozen
class BandLayerRow:
    """The managers of one layer in one span band: one cell of the band × layer matrix.

    Attributes:
        layer: the layer (1 = the top of the scope).
        band: the band's label.
        managers: the managers of the layer whose span is in the band.
        share: their share of the layer's managers.
    """

    layer: int
    band: str
    managers: int
    share: float


Row: TypeAlias = ManagerRow | LayerRow | LevelRow | BandShare | Summary | FunctionRow | BandLayerRow


def clean(value: Any) -> Any:
    """A value as it appears in JSON and CSV: floats rounded to ``DECIMALS``."""
    if isinstance(value, float):
        rounded = round(value, DECIMALS)
        return 0.0 if rounded == 0 else rounded
    return value


def columns_of(kind: type[Row]) -> tuple[str, ...]:
    """The columns of a table of ``kind`` records: their fields, in order."""
    return tuple(field.name for field in attrs.fields(kind) if field.name != "band_shares")


def row_dicts(kind: type[Row], records: Sequence[Row]) -> list[dict[str, Any]]:
    """Records as dicts of cleaned values, in field order."""
    columns = columns_of(kind)
    values = operator.attrgetter(*columns)
    return [dict(zip(columns, map(clean, values(r)), strict=True)) for r in records]
