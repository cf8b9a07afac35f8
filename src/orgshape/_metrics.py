"""Spans and layers: how wide and how deep an org design is.

Glossary:
    span (of control): the number of direct solid-line reports of a position,
        assistants excluded (Orgvue's convention); dotted lines never count.
    manager: a position with a span of at least 1.
    individual contributor (IC): a position with a span of 0. An assistant is an IC
        unless someone reports to them; a position whose only report is an assistant
        is an IC too.
    one-over-one: a manager with a span of exactly 1.
    layer: the depth of a position: the top position is on layer 1, its reports on
        layer 2, and so on. With ``root=`` the root is on layer 1. In a leniently loaded
        org with several top positions (a forest), layers count from each top.
    headcount below: every position in a manager's team, all the way down, excluding
        the manager (the size of the manager's subtree minus one); vacancies included.
    vacancy: a seat with no name (``Position.name`` is None).
    band: a range of spans, such as ``4-7``. A :class:`Bands` profile splits the spans
        1, 2, 3, ... into contiguous bands so that every manager is in exactly one;
        practitioners report the *share of managers in each band* rather than only the
        mean span.
    span statistics: mean, median, min and max are over managers only (an IC's span
        of 0 is left out); they are None when there is no manager.
    manager share: managers divided by all positions.
    PMs per Senior PM, PMs per Director: seats on ladder level ``PM`` divided by seats
        on level ``SENIOR_PM`` (or ``DIRECTOR``) in scope, vacancies included (a
        budgeted seat is part of the design); None when there is no such seat.
    cost: ``Position.cost``; sums use the known (finite, numeric) costs only, and are
        None when no position in scope has one.

Profiles (see :class:`Bands`):

* ``orgvue`` (the default): 1, 2-3, 4-7, 8-12, 13-16, 17+ — Orgvue's span categories
  "one-to-one, micro teams, below target, on target, above target, excessive" (Orgvue
  help centre, "Question 5: How will the organization structure be analyzed?").
* ``mckinsey``: the managerial archetypes of Acharya, Lieber, Seem and Welchman, "How
  to identify the right 'spans of control' for your organization", McKinsey &
  Company, December 2017: player/coach 3-5, coach 6-7, supervisor 8-10, facilitator
  11-15, coordinator 16+, plus "below player/coach" for spans 1-2.

Everything is computed in linear time from the org's internal columns, layer by layer,
without recursion and without building a :class:`~orgshape.Position` per person; the
per-person work runs in C-level passes (``map``, ``itertools``, ``Counter``); the
measured cost from 1,000 to 1,000,000 people is in the docs' performance page.

Examples:
    >>> from orgshape import Org, Position
    >>> org = Org([
    ...     Position(id="1", name="Ana", title="Chief Product Officer", cost=300.0),
    ...     Position(id="2", name="Bo", title="Senior Product Manager", manager="1"),
    ...     Position(id="3", name="Cy", title="Product Manager", manager="2"),
    ...     Position(id="4", title="Product Manager", manager="2", cost=100.0),
    ... ])
    >>> m = metrics(org)
    >>> m.summary.positions, m.summary.vacancies, m.summary.managers, m.summary.layers
    (4, 1, 2, 3)
    >>> m.summary.one_over_ones, m.summary.total_cost, m.summary.vacancy_cost
    (1, 400.0, 100.0)
    >>> [(row.id, row.span, row.band, row.headcount_below) for row in m.managers]
    [('1', 1, '1', 3), ('2', 2, '2-3', 2)]
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import itertools
import json
import math
import operator
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias, TypeGuard

import attrs

from orgshape._gc import gc_paused
from orgshape._model import Org
from orgshape._svg import BarSpec, LayerSpec, band_histogram, escape, layer_pyramid
from orgshape.exceptions import PolicyError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Band",
    "BandShare",
    "Bands",
    "LayerRow",
    "LevelRow",
    "ManagerRow",
    "Metrics",
    "Summary",
    "metrics",
]

#: The version of the layout of :meth:`Metrics.to_dict` (bumped on incompatible change).
SCHEMA_VERSION: Final = 1
#: Floats in :meth:`Metrics.to_dict`, JSON and CSV are rounded to this many decimals.
DECIMALS: Final = 4

Table: TypeAlias = Literal["managers", "layers", "levels", "bands", "summary"]
_TABLES: Final[tuple[str, ...]] = ("managers", "layers", "levels", "bands", "summary")
_TEXT_ROWS: Final = 40  # rows of a table shown by str() and the notebook display


# --------------------------------------------------------------------------- bands


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


@attrs.frozen(kw_only=True)
class Band:
    """A range of spans, from ``min`` to ``max`` inclusive.

    Attributes:
        label: the band's name, as reported (``"4-7"``, ``"coach"``).
        min: the smallest span in the band (at least 1).
        max: the largest span in the band; None for an open-ended band (``17+``).

    Raises:
        PolicyError: an empty label, ``min`` below 1 or ``max`` below ``min``.

    Examples:
        >>> band = Band(label="coach", min=6, max=7)
        >>> 6 in band, 8 in band, band.range_label
        (True, False, '6-7')
        >>> Band(label="wide", min=17).range_label
        '17+'
    """

    label: str
    min: int
    max: int | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.label, str) or not self.label.strip():
            raise PolicyError(f"a band label must be a non-empty string, got {self.label!r}")
        if not _is_int(self.min) or self.min < 1:
            raise PolicyError(f"band {self.label!r}: min must be an integer >= 1, got {self.min!r}")
        if self.max is not None and (not _is_int(self.max) or self.max < self.min):
            raise PolicyError(
                f"band {self.label!r}: max must be None (open-ended) or an integer >= min "
                f"({self.min}), got {self.max!r}"
            )

    def __contains__(self, span: object) -> bool:
        return _is_int(span) and self.min <= span and (self.max is None or span <= self.max)

    @property
    def range_label(self) -> str:
        """The spans in words: ``"1"``, ``"2-3"`` or ``"17+"``."""
        return _range_label(self.min, self.max)


def _range_label(low: int, high: int | None) -> str:
    if high is None:
        return f"{low}+"
    return str(low) if high == low else f"{low}-{high}"


def _as_band_tuple(bands: Sequence[Band]) -> tuple[Band, ...]:
    return tuple(bands)


@attrs.frozen(kw_only=True, repr=False)
class Bands:
    """A span-band profile: contiguous bands covering every span from 1 up.

    The first band starts at span 1, each next band starts right after the previous
    one ends, and the last band is open-ended (``max=None``), so every manager falls in
    exactly one band and the shares of managers per band sum to 1. Span 0 (an
    individual contributor) is in no band.

    Use a published profile (:meth:`orgvue`, :meth:`mckinsey`, or :meth:`named`), the
    constructor, or :meth:`custom` for the bands of a policy.

    Attributes:
        name: the profile's name (shown in reports).
        bands: the bands, ascending.

    Raises:
        PolicyError: the bands are empty, do not start at 1, leave a gap, overlap, are
            out of order, share a label, or the last one is not open-ended.

    Examples:
        >>> Bands.orgvue()
        <Bands orgvue: 1 | 2-3 | 4-7 | 8-12 | 13-16 | 17+>
        >>> Bands.orgvue().band_of(5).label
        '4-7'
        >>> Bands.orgvue().band_of(0) is None
        True
        >>> Bands(name="x", bands=[Band(label="a", min=1, max=3), Band(label="b", min=5)])
        Traceback (most recent call last):
        ...
        orgshape.exceptions.PolicyError: bands 'x': 'a' (1-3) and 'b' (5+) leave a gap: \
span 4 is in no band
    """

    name: str
    bands: tuple[Band, ...] = attrs.field(converter=_as_band_tuple)
    _mins: tuple[int, ...] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise PolicyError(f"a band profile needs a non-empty name, got {self.name!r}")
        where = f"bands {self.name!r}"
        if not self.bands:
            raise PolicyError(f"{where}: give at least one band")
        labels: set[str] = set()
        for band in self.bands:
            if not isinstance(band, Band):
                raise PolicyError(f"{where}: expected Band objects, got {band!r}")
            if band.label in labels:
                raise PolicyError(f"{where}: two bands are labelled {band.label!r}")
            labels.add(band.label)
        first = self.bands[0]
        if first.min != 1:
            raise PolicyError(
                f"{where}: the first band {first.label!r} ({first.range_label}) must start "
                "at span 1"
            )
        for a, b in itertools.pairwise(self.bands):
            pair = f"{a.label!r} ({a.range_label}) and {b.label!r} ({b.range_label})"
            if a.max is None:
                raise PolicyError(
                    f"{where}: {pair}: only the last band may be open-ended"
                    if b.min > a.min
                    else f"{where}: {pair} overlap or are out of order (ascending, please)"
                )
            if b.min > a.max + 1:
                gap = (
                    f"span {a.max + 1}" if b.min == a.max + 2 else f"spans {a.max + 1}-{b.min - 1}"
                )
                raise PolicyError(
                    f"{where}: {pair} leave a gap: {gap} "
                    f"{'is' if b.min == a.max + 2 else 'are'} in no band"
                )
            if b.min <= a.max:
                raise PolicyError(
                    f"{where}: {pair} overlap or are out of order: each band must start "
                    f"at the span after the previous one ends ({a.max + 1})"
                )
        last = self.bands[-1]
        if last.max is not None:
            raise PolicyError(
                f"{where}: the last band {last.label!r} ({last.range_label}) must be "
                f"open-ended (max=None) so that spans above {last.max} have a band"
            )
        object.__setattr__(self, "_mins", tuple(band.min for band in self.bands))

    def __repr__(self) -> str:
        shown = " | ".join(
            band.label if band.label == band.range_label else f"{band.label} {band.range_label}"
            for band in self.bands
        )
        return f"<Bands {self.name}: {shown}>"

    def __iter__(self) -> Iterator[Band]:
        return iter(self.bands)

    def __len__(self) -> int:
        return len(self.bands)

    def band_of(self, span: int) -> Band | None:
        """The band a span falls in; None for span 0 (not a manager).

        Raises:
            TypeError: ``span`` is not an integer.
            ValueError: ``span`` is negative.
        """
        if not _is_int(span):
            raise TypeError(f"a span is an integer, got {span!r}")
        if span < 0:
            raise ValueError(f"a span cannot be negative, got {span}")
        return None if span == 0 else self.bands[bisect.bisect_right(self._mins, span) - 1]

    def labels_of(self, spans: Iterable[int]) -> Iterator[str]:
        """The band label of each span (every span >= 1), computed in C.

        Examples:
            >>> list(Bands.orgvue().labels_of([1, 5, 20]))
            ['1', '4-7', '17+']
        """
        labels = ("", *(band.label for band in self.bands))
        return map(
            labels.__getitem__, map(functools.partial(bisect.bisect_right, self._mins), spans)
        )

    def index_of(self, span: int) -> int:
        """The position of the band ``span`` falls in (spans >= 1)."""
        return bisect.bisect_right(self._mins, span) - 1

    def to_dict(self) -> dict[str, Any]:
        """The profile as plain data: its name and its bands."""
        return {
            "name": self.name,
            "bands": [{"label": b.label, "min": b.min, "max": b.max} for b in self.bands],
        }

    # -- profiles ------------------------------------------------------------------

    @classmethod
    def orgvue(cls) -> Bands:
        """Orgvue's span categories: 1, 2-3, 4-7, 8-12, 13-16, 17+.

        Orgvue names them one-to-one (1), micro teams (2-3), below target (4-7), on
        target (8-12), above target (13-16) and excessive (17+), and recommends
        reporting the proportion of managers in each category rather than the average
        span (Orgvue help centre, "Question 5: How will the organization structure be
        analyzed?"). The labels here are the ranges, because the targets are a policy's
        choice.

        Examples:
            >>> [band.label for band in Bands.orgvue()]
            ['1', '2-3', '4-7', '8-12', '13-16', '17+']
        """
        return _ORGVUE

    @classmethod
    def mckinsey(cls) -> Bands:
        """McKinsey's five managerial archetypes, plus a band below them.

        From A. Acharya, R. Lieber, L. Seem and T. Welchman, "How to identify the right
        'spans of control' for your organization", McKinsey & Company, December 2017:
        player/coach 3-5, coach 6-7, supervisor 8-10, facilitator 11-15 and
        coordinator "15+". The published ranges overlap at 15; here 15 is a
        facilitator and the coordinator band starts at 16. The article gives no
        archetype for spans 1-2: they fall in the band "below player/coach".

        Examples:
            >>> [(band.label, band.range_label) for band in Bands.mckinsey()][:3]
            [('below player/coach', '1-2'), ('player/coach', '3-5'), ('coach', '6-7')]
            >>> Bands.mckinsey().band_of(15).label, Bands.mckinsey().band_of(16).label
            ('facilitator', 'coordinator')
        """
        return _MCKINSEY

    @classmethod
    def named(cls, name: str) -> Bands:
        """A published profile by name: ``"orgvue"`` or ``"mckinsey"`` (any case).

        Raises:
            PolicyError: the name is not one of them (the message lists the choices).

        Examples:
            >>> Bands.named("McKinsey").name
            'mckinsey'
            >>> Bands.named("bain")
            Traceback (most recent call last):
            ...
            orgshape.exceptions.PolicyError: unknown band profile 'bain' (known: mckinsey, orgvue)
        """
        found = _PROFILES.get(name.casefold()) if isinstance(name, str) else None
        if found is None:
            raise PolicyError(
                f"unknown band profile {name!r} (known: {', '.join(sorted(_PROFILES))})"
            )
        return found

    @classmethod
    def custom(cls, limits: Mapping[str, Sequence[int | None]], *, name: str = "custom") -> Bands:
        """Bands from a mapping of label to ``[min, max]``, as a policy file gives them.

        Args:
            limits: label → ``[min, max]`` in ascending order; ``[min]`` or
                ``[min, None]`` makes the band open-ended (TOML has no null, so the
                last band of a policy file is written ``[min]``).
            name: the profile's name.

        Raises:
            PolicyError: a value is not ``[min]`` or ``[min, max]`` of integers, or the
                bands are not contiguous from 1 and open-ended at the top.

        Examples:
            >>> bands = Bands.custom({"narrow": [1, 3], "healthy": [4, 8], "wide": [9]})
            >>> bands
            <Bands custom: narrow 1-3 | healthy 4-8 | wide 9+>
            >>> bands.band_of(12).label
            'wide'
        """
        if not isinstance(limits, Mapping):
            raise PolicyError(
                f"custom bands are a mapping of label to [min, max], got {type(limits).__name__}"
            )
        made: list[Band] = []
        for label, value in limits.items():
            low = high = None
            if isinstance(value, Sequence) and not isinstance(value, str | bytes):
                low = value[0] if len(value) in (1, 2) else None
                high = value[1] if len(value) == 2 else None
            if not _is_int(low) or not (high is None or _is_int(high)):
                raise PolicyError(
                    f"band {label!r} of {name!r}: expected [min, max] or [min] (open-ended) "
                    f"with integer spans, got {value!r}"
                )
            made.append(Band(label=label, min=low, max=high))
        return cls(name=name, bands=made)


_ORGVUE: Final = Bands(
    name="orgvue",
    bands=(
        Band(label="1", min=1, max=1),
        Band(label="2-3", min=2, max=3),
        Band(label="4-7", min=4, max=7),
        Band(label="8-12", min=8, max=12),
        Band(label="13-16", min=13, max=16),
        Band(label="17+", min=17),
    ),
)
_MCKINSEY: Final = Bands(
    name="mckinsey",
    bands=(
        Band(label="below player/coach", min=1, max=2),
        Band(label="player/coach", min=3, max=5),
        Band(label="coach", min=6, max=7),
        Band(label="supervisor", min=8, max=10),
        Band(label="facilitator", min=11, max=15),
        Band(label="coordinator", min=16),
    ),
)
_PROFILES: Final = {"orgvue": _ORGVUE, "mckinsey": _MCKINSEY}


# --------------------------------------------------------------------------- records


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
        return _range_label(self.min, self.max)


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
        pms_per_senior_pm: positions on level ``PM`` divided by positions on level
            ``SENIOR_PM`` (vacancies count: a budgeted seat is part of the design);
            None when there is no ``SENIOR_PM``.
        pms_per_director: positions on level ``PM`` divided by positions on level
            ``DIRECTOR``; None when there is no ``DIRECTOR``.
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
    pms_per_senior_pm: float | None
    pms_per_director: float | None
    total_cost: float | None
    vacancy_cost: float | None


_Row: TypeAlias = ManagerRow | LayerRow | LevelRow | BandShare | Summary
# a table for text or HTML: headers, the formatted rows shown, how many rows are not
_Shown: TypeAlias = tuple[list[str], list[list[str]], int]


def _clean(value: Any) -> Any:
    """A value as it appears in JSON and CSV: floats rounded to ``DECIMALS``."""
    if isinstance(value, float):
        rounded = round(value, DECIMALS)
        return 0.0 if rounded == 0 else rounded
    return value


def _columns(kind: type[_Row]) -> tuple[str, ...]:
    """The columns of a table of ``kind`` records: their fields, in order."""
    return tuple(field.name for field in attrs.fields(kind) if field.name != "band_shares")


def _dicts(kind: type[_Row], records: Sequence[_Row]) -> list[dict[str, Any]]:
    """Records as dicts of cleaned values, in field order."""
    columns = _columns(kind)
    values = operator.attrgetter(*columns)
    return [dict(zip(columns, map(_clean, values(r)), strict=True)) for r in records]


# --------------------------------------------------------------------------- Metrics


@attrs.frozen(kw_only=True, repr=False)
class Metrics:
    """Spans and layers of an org (or of one manager's subtree): typed tables.

    Each table is a tuple of frozen records. ``managers`` is in top-down order
    (breadth-first: layer by layer, siblings in input order); ``layers`` is by layer;
    ``levels`` is in ladder order, then levels that are not on the ladder
    (alphabetically), then unknown (None) last; only levels with positions are listed.

    Attributes:
        root: the id of the scope's root; None for the whole org.
        bands: the band profile used.
        summary: the headline numbers.
        managers: one row per manager.
        layers: one row per layer.
        levels: one row per ladder level.

    Examples:
        >>> from orgshape import Org, Position
        >>> org = Org([
        ...     Position(id="1", name="Ana", title="Chief Product Officer"),
        ...     Position(id="2", name="Bo", title="Product Manager", manager="1"),
        ...     Position(id="3", name="Cy", title="Product Manager", manager="1"),
        ... ])
        >>> m = metrics(org)
        >>> m
        <Metrics of the whole org: 3 positions, 1 manager, 2 layers, bands orgvue>
        >>> [(row.layer, row.positions, row.managers) for row in m.layers]
        [(1, 1, 1), (2, 2, 0)]
        >>> print(m.to_csv("layers"))
        layer,positions,vacancies,managers,individual_contributors,mean_span,median_span,...
        1,1,0,1,0,2.0,2.0,2,2
        2,2,0,0,2,,,,
        <BLANKLINE>
    """

    root: str | None
    bands: Bands
    summary: Summary
    managers: tuple[ManagerRow, ...]
    layers: tuple[LayerRow, ...]
    levels: tuple[LevelRow, ...]

    # -- data out ------------------------------------------------------------------

    def _records(self, table: str) -> tuple[type[_Row], Sequence[_Row]]:
        """The record type and the records of one table."""
        if table == "managers":
            return ManagerRow, self.managers
        if table == "layers":
            return LayerRow, self.layers
        if table == "levels":
            return LevelRow, self.levels
        if table == "bands":
            return BandShare, self.summary.band_shares
        if table == "summary":
            return Summary, (self.summary,)
        raise ValueError(f"unknown table {table!r} (known: {', '.join(_TABLES)})")

    def to_dict(self) -> dict[str, Any]:
        """Every table as plain data (JSON-ready), with a schema version.

        Floats are rounded to 4 decimals. The keys are ``schema_version``, ``root``,
        ``bands`` (the profile), ``summary`` (with ``band_shares``), ``managers``,
        ``layers`` and ``levels``.

        Examples:
            >>> from orgshape import Org, Position
            >>> d = metrics(Org([Position(id="1", name="Ana", title="CPO")])).to_dict()
            >>> d["schema_version"], d["summary"]["positions"], d["managers"]
            (1, 1, [])
        """
        summary = _dicts(Summary, (self.summary,))[0]
        summary["band_shares"] = _dicts(BandShare, self.summary.band_shares)
        return {
            "schema_version": SCHEMA_VERSION,
            "root": self.root,
            "bands": self.bands.to_dict(),
            "summary": summary,
            "managers": _dicts(ManagerRow, self.managers),
            "layers": _dicts(LayerRow, self.layers),
            "levels": _dicts(LevelRow, self.levels),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON: sorted keys, UTF-8 text, byte-identical for equal input.

        Examples:
            >>> from orgshape import Org, Position
            >>> text = metrics(Org([Position(id="1", name="Zoë", title="CPO")])).to_json()
            >>> text.splitlines()[1]
            '  "bands": {'
        """
        return json.dumps(
            self.to_dict(), indent=indent, sort_keys=True, ensure_ascii=False, allow_nan=False
        )

    def to_csv(self, table: Table = "managers") -> str:
        """One table as CSV text (header first, LF line ends, empty cells for None).

        The managers table is the default because it is the one people sort and filter
        in a spreadsheet; ``"summary"`` gives one row of the scalar summary fields and
        ``"bands"`` the band shares.

        Raises:
            ValueError: ``table`` is not one of managers, layers, levels, bands, summary.
        """
        kind, records = self._records(table)
        columns = _columns(kind)
        values = operator.attrgetter(*columns)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(
            ["" if v is None else _clean(v) for v in values(record)] for record in records
        )
        return out.getvalue()

    def to_pandas(self, table: Table = "managers") -> pd.DataFrame:
        """One table as a pandas DataFrame (one column per record field).

        ``"summary"`` is one row of the scalar summary fields; the band shares are the
        ``"bands"`` table. Values are as in the records (not rounded).

        Raises:
            ImportError: pandas is not installed (``pip install 'orgshape[pandas]'``).
            ValueError: ``table`` is not one of managers, layers, levels, bands, summary.
        """
        kind, records = self._records(table)
        columns = _columns(kind)
        try:
            import pandas as pd  # noqa: PLC0415  (optional extra, heavy)
        except ImportError as err:
            raise ImportError(
                "Metrics.to_pandas() needs pandas: pip install 'orgshape[pandas]'"
            ) from err
        values = operator.attrgetter(*columns)
        return pd.DataFrame.from_records(map(values, records), columns=list(columns))

    # -- pictures --------------------------------------------------------------------

    def pyramid_svg(self) -> str:
        """A layer pyramid as a self-contained SVG document.

        One centred horizontal bar per layer, as wide as its number of positions;
        managers are solid, ICs hatched, and each bar is labelled with its layer and
        counts. Very deep orgs show the first 39 layers and one bar for the rest. No
        script, no external reference; the same metrics give the same bytes.

        Examples:
            >>> from orgshape import Org, Position
            >>> svg = metrics(Org([Position(id="1", name="Ana", title="CPO")])).pyramid_svg()
            >>> svg.startswith("<svg"), "Layer 1" in svg
            (True, True)
        """
        shown = self.layers[: _TEXT_ROWS - 1] if len(self.layers) > _TEXT_ROWS else self.layers
        specs = [
            LayerSpec(
                label=f"Layer {row.layer}",
                managers=row.managers,
                individual_contributors=row.individual_contributors,
            )
            for row in shown
        ]
        rest = self.layers[len(shown) :]
        if rest:
            specs.append(
                LayerSpec(
                    label=f"Layers {rest[0].layer}-{rest[-1].layer}",
                    managers=sum(row.managers for row in rest),
                    individual_contributors=sum(row.individual_contributors for row in rest),
                )
            )
        return layer_pyramid(f"Layer pyramid: {self._scope()}", specs)

    def band_histogram_svg(self) -> str:
        """The share of managers per span band as a self-contained SVG bar chart.

        Examples:
            >>> from orgshape import Org, Position
            >>> org = Org([Position(id="1", name="Ana", title="CPO"),
            ...            Position(id="2", name="Bo", title="PM", manager="1")])
            >>> "100.0% (1)" in metrics(org).band_histogram_svg()
            True
        """
        bars = [
            BarSpec(
                label=share.label,
                range_label=share.range_label,
                managers=share.managers,
                share=share.share,
            )
            for share in self.summary.band_shares
        ]
        title = f"Managers by span band ({self.bands.name}): {self._scope()}"
        return band_histogram(title, bars)

    # -- text and notebook display -----------------------------------------------------

    def _scope(self) -> str:
        return "whole org" if self.root is None else f"subtree of {self.root}"

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<Metrics of the {self._scope()}: {_count(s.positions, 'position')}, "
            f"{_count(s.managers, 'manager')}, {_count(s.layers, 'layer')}, "
            f"bands {self.bands.name}>"
        )

    def _summary_lines(self) -> list[tuple[str, str]]:
        s = self.summary
        lines = [
            (
                "positions",
                f"{s.positions:,} ({s.filled:,} filled, "
                f"{_count(s.vacancies, 'vacancy', 'vacancies')})",
            ),
            (
                "managers",
                f"{s.managers:,}"
                + (
                    f" ({_percent(s.manager_share)} of positions)"
                    if s.manager_share is not None
                    else ""
                ),
            ),
            ("individual contributors", f"{s.individual_contributors:,}"),
            ("assistants", f"{s.assistants:,}"),
            ("layers", f"{s.layers:,}"),
        ]
        if s.roots != 1:
            lines.append(("top positions", f"{s.roots:,} (not one tree: see Org.problems)"))
        if s.managers:
            lines.append(
                (
                    "span",
                    f"mean {_fmt(s.mean_span)}, median {_fmt(s.median_span)}, "
                    f"min {s.min_span}, max {s.max_span}",
                )
            )
        lines.append(("one-over-ones", f"{s.one_over_ones:,}"))
        lines.append(("PMs per Senior PM", _fmt(s.pms_per_senior_pm, none="n/a")))
        lines.append(("PMs per Director", _fmt(s.pms_per_director, none="n/a")))
        if s.total_cost is not None:
            lines.append(
                ("total cost", f"{_money(s.total_cost)} (vacancies {_money(s.vacancy_cost)})")
            )
        return lines

    def _band_table(self) -> _Shown:
        rows = [
            [
                share.label,
                share.range_label,
                f"{share.managers:,}",
                _percent(share.share),
            ]
            for share in self.summary.band_shares
        ]
        return ["band", "spans", "managers", "share"], rows, 0

    def _layer_table(self) -> _Shown:
        rows = [
            [
                str(row.layer),
                f"{row.positions:,}",
                f"{row.vacancies:,}",
                f"{row.managers:,}",
                f"{row.individual_contributors:,}",
                _fmt(row.mean_span, none="-"),
                _fmt(row.median_span, none="-"),
                _fmt(row.min_span, none="-"),
                _fmt(row.max_span, none="-"),
            ]
            for row in self.layers[:_TEXT_ROWS]
        ]
        headers = [
            "layer",
            "positions",
            "vacancies",
            "managers",
            "ICs",
            "mean span",
            "median",
            "min",
            "max",
        ]
        return headers, rows, len(self.layers) - len(rows)

    def __str__(self) -> str:
        lines = [f"Spans and layers of the {self._scope()}"]
        summary = self._summary_lines()
        width = max(len(key) for key, _ in summary)
        lines.extend(f"  {key:<{width}}  {value}" for key, value in summary)
        lines.extend(("", f"Managers by span band ({self.bands.name})"))
        lines.extend(_text_table(self._band_table(), left=2))
        lines.extend(("", "Layers"))
        lines.extend(_text_table(self._layer_table(), left=1))
        return "\n".join(lines)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Jupyter display: HTML tables and the two pictures, plus text (never raises)."""
        try:
            text = str(self)
        except Exception:  # a repr must never raise
            text = object.__repr__(self)
        try:
            return {"text/plain": text, "text/html": self._html()}
        except Exception:  # ... and the text is better than nothing
            return {"text/plain": text}

    def _html(self) -> str:
        parts = [
            '<div class="orgshape-metrics">',
            f"<p><strong>Spans and layers of the {escape(self._scope())}</strong></p>",
            "<table><tbody>",
        ]
        parts.extend(
            f'<tr><th style="text-align:left">{escape(key)}</th><td>{escape(value)}</td></tr>'
            for key, value in self._summary_lines()
        )
        parts.append("</tbody></table>")
        parts.append(self.band_histogram_svg())
        parts.append(_html_table(f"Managers by span band ({self.bands.name})", self._band_table()))
        parts.append(self.pyramid_svg())
        parts.append(_html_table("Layers", self._layer_table()))
        parts.append("</div>")
        return "\n".join(parts)


# --------------------------------------------------------------------------- formatting


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def _percent(share: float | None) -> str:
    return "n/a" if share is None else f"{share * 100:.1f}%"


def _fmt(value: float | None, *, none: str = "-") -> str:
    if value is None:
        return none
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def _money(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _text_table(table: _Shown, *, left: int) -> list[str]:
    """A plain-text table; the first ``left`` columns are left-aligned, the rest right."""
    headers, shown, hidden = table
    widths = [max([len(h)] + [len(r[k]) for r in shown]) for k, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return (
            "  "
            + "  ".join(
                cell.ljust(w) if k < left else cell.rjust(w)
                for k, (cell, w) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()
        )

    out = [line(headers)]
    out.extend(line(r) for r in shown)
    if hidden:
        out.append(f"  ... and {hidden:,} more rows")
    return out


def _html_table(caption: str, table: _Shown) -> str:
    headers, shown, hidden = table
    parts = [f"<table><caption>{escape(caption)}</caption><thead><tr>"]
    parts.extend(f"<th>{escape(h)}</th>" for h in headers)
    parts.append("</tr></thead><tbody>")
    parts.extend("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in shown)
    if hidden:
        parts.append(f'<tr><td colspan="{len(headers)}">... and {hidden:,} more rows</td></tr>')
    parts.append("</tbody></table>")
    return "".join(parts)


# --------------------------------------------------------------------------- computing

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


def _as_bands(bands: Bands | str) -> Bands:
    if isinstance(bands, Bands):
        return bands
    if isinstance(bands, str):
        return Bands.named(bands)
    raise TypeError(
        f"bands must be a Bands profile or one of {', '.join(sorted(_PROFILES))}, "
        f"got {type(bands).__name__}"
    )


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
    if not isinstance(org, Org):
        raise TypeError(f"metrics() measures an Org, got {type(org).__name__}")
    profile = _as_bands(bands)
    view = org.view
    order, bounds, families = _walk(org, root)
    m = len(order)

    all_spans = view.spans
    spans = list(map(all_spans.__getitem__, order))
    levels = list(map(view.levels.__getitem__, order))
    vacant = list(map(operator.is_, map(view.names.__getitem__, order), itertools.repeat(None)))
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
    hist: Counter[int] = Counter()  # span -> positions, over the whole scope
    for layer, (a, b) in enumerate(itertools.pairwise(bounds), start=1):
        positions = b - a
        layer_hist = Counter(spans[a:b])
        hist.update(layer_hist)
        managers, mean, median, low, high = _span_stats(layer_hist)
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
        pms_per_senior_pm=ratio("PM", "SENIOR_PM"),
        pms_per_director=ratio("PM", "DIRECTOR"),
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
    )
