"""Span bands: contiguous ranges of spans that every manager falls into exactly once.

A :class:`Bands` profile is what a policy holds and what metrics report shares by;
``orgvue`` and ``mckinsey`` are the published profiles (see :mod:`orgshape._metrics`).
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, TypeGuard

import attrs

from orgshape._display import visible
from orgshape.exceptions import PolicyError

__all__ = ["Band", "Bands", "as_bands", "range_label"]


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
        return range_label(self.min, self.max)


def range_label(low: int, high: int | None) -> str:
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
        return visible(f"<Bands {self.name}: {shown}>")  # labels come from policies

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


def as_bands(bands: Bands | str) -> Bands:
    """A profile as given, or the named one (``\"orgvue\"``, ``\"mckinsey\"``)."""
    if isinstance(bands, Bands):
        return bands
    if isinstance(bands, str):
        return Bands.named(bands)
    raise TypeError(
        f"bands must be a Bands profile or one of {', '.join(sorted(_PROFILES))}, "
        f"got {type(bands).__name__}"
    )
