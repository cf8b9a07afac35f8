"""Numbers as people write them: decimal points or commas, thousands separators, money.

Glossary:
    convention: how a number is written: ``"."`` (a decimal point, thousands split by
        commas: ``1,234.5``) or ``","`` (a decimal comma, thousands split by dots:
        ``1.234,5``). Spaces (also no-break spaces) and apostrophes split thousands in
        either.
    reading: the number a cell means under one convention, or none when the cell is not
        a number written that way (``3,5`` is no number with a decimal point, since
        thousands come in groups of three).
    evidence: a cell that only one convention reads (``1309,09``, ``2.5``, ``$1,200``).

A cell is read by the convention of its column: the one its cells' evidence shows, or,
when the column has none, the one the other number columns of the file show. A cell
both conventions read, as different numbers (``€95.000``: 95 or 95000), with no
evidence anywhere, is ambiguous: it becomes a BAD_VALUE problem and is never guessed.
So are cells that fit neither reading. ``decimal=`` (``read(..., decimal=",")``) sets
the convention instead.

Currency signs and codes (``$ € £ ¥ ₹``, ``EUR``...) around the number are allowed,
as are a ``k`` for thousands and a ``%`` (``40%`` is 0.4). A ``$`` or ``£`` is evidence
for the decimal point.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any, Final

from orgshape._model import MISSING

__all__ = ["CONVENTIONS", "Column", "ambiguity", "convention_of", "read_number"]

#: The decimal separators: ``"."`` (1,234.5) and ``","`` (1.234,5).
CONVENTIONS: Final = (".", ",")

_NUMBER: Final = re.compile(
    r"""^\s*
    (?P<sign>[+\-−]?)\s*
    (?P<before>[$€£¥₹]|[A-Z]{3}(?=[\s\d.,]))?\s*
    (?P<sign2>[+\-−]?)\s*
    (?P<digits>[\d.,][\d.,'\u00a0\u202f _]*?)
    \s*(?P<scale>[kK%])?\s*
    (?P<after>[$€£¥₹]|[A-Z]{3})?\s*$""",
    re.VERBOSE,
)
_EXPONENT: Final = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+\s*$")
_POINT_MONEY: Final = frozenset("$£")
_GROUPS: Final = {
    ".": re.compile(
        r"^(\d{1,3}(?:(?P<sep>[,'\u00a0\u202f _])\d{3})(?:(?P=sep)\d{3})*|\d*)(\.\d*)?$"
    ),
    ",": re.compile(
        r"^(\d{1,3}(?:(?P<sep>[.'\u00a0\u202f _])\d{3})(?:(?P=sep)\d{3})*|\d*)(,\d*)?$"
    ),
}


class _UnreadableError(ValueError):
    """A cell that no convention reads as a number."""


class _AmbiguousError(ValueError):
    """A cell both conventions read as different numbers, with nothing to decide by."""


def _readings(text: str) -> dict[str, float]:
    """The number ``text`` means under each convention that reads it.

    Raises:
        _UnreadableError: no convention reads it.
    """
    if _EXPONENT.match(text):
        return {".": float(text)}
    match = _NUMBER.match(text)
    if match is None or not any(ch.isdigit() for ch in match["digits"]):
        raise _UnreadableError(text)
    if match["sign"] and match["sign2"]:
        raise _UnreadableError(text)
    negative = (match["sign"] or match["sign2"]) in ("-", "−")
    digits = match["digits"]
    scale = match["scale"]
    out: dict[str, float] = {}
    for decimal, pattern in _GROUPS.items():
        found = pattern.match(digits)
        if found is None or (found.group(1) == "" and not (found.group(3) or "")[1:]):
            continue
        whole = re.sub(r"\D", "", found.group(1))
        fraction = (found.group(3) or decimal)[1:]
        value = float(f"{whole or '0'}.{fraction or '0'}")
        if scale in ("k", "K"):
            value *= 1000
        elif scale == "%":
            value /= 100
        out[decimal] = -value if negative else value
    if not out:
        raise _UnreadableError(text)
    money = (match["before"] or "") + (match["after"] or "")
    if money in _POINT_MONEY and "," in out and "." in out and out[","] != out["."]:
        del out[","]  # $1,200 and £1,200 are twelve hundred
    return out


class Column:
    """The cells of one number column and what they show about their convention.

    Args:
        cells: the distinct text cells of the column.
    """

    def __init__(self, cells: Iterable[str]) -> None:
        self.readings: dict[str, dict[str, float]] = {}
        self.unreadable: set[str] = set()
        evidence = dict.fromkeys(CONVENTIONS, 0)
        for cell in cells:
            if not cell.strip() or cell.strip().casefold() == "nan":
                continue
            try:
                found = _readings(cell)
            except _UnreadableError:
                self.unreadable.add(cell)
                continue
            self.readings[cell] = found
            if len(found) == 1:
                evidence[next(iter(found))] += 1
        self.evidence = evidence

    @property
    def convention(self) -> str | None:
        """The convention the column's own cells show (None: none, or both)."""
        shown = [c for c in CONVENTIONS if self.evidence[c]]
        return shown[0] if len(shown) == 1 else None

    @property
    def ambiguous(self) -> bool:
        """Whether some cell reads as two different numbers."""
        return any(len(set(r.values())) > 1 for r in self.readings.values())


def convention_of(columns: Iterable[Column]) -> str | None:
    """The convention several columns show together (a file's), or None."""
    total = dict.fromkeys(CONVENTIONS, 0)
    for column in columns:
        for c in CONVENTIONS:
            total[c] += column.evidence[c]
    shown = [c for c in CONVENTIONS if total[c]]
    return shown[0] if len(shown) == 1 else None


def read_number(
    value: Any, column: Column | None = None, convention: str | None = None
) -> float | None:
    """A cell as a number, by ``convention`` (or the cell's only reading).

    Raises:
        ValueError: the cell is no number, an infinite one, or an ambiguous one (the
            message says which readings it has).
    """
    if value is None or value is MISSING:
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return None
        if math.isinf(value):
            raise ValueError
        return float(value)
    text = str(value)
    stripped = text.strip()
    if not stripped or stripped.casefold() == "nan":
        return None
    found = column.readings.get(text) if column is not None else None
    if found is None:
        try:
            found = _readings(text)
        except _UnreadableError:
            raise ValueError from None
    if convention is not None:
        if convention not in found:
            raise ValueError
        return found[convention]
    if len(set(found.values())) == 1:
        return next(iter(found.values()))
    shown = " or ".join(f"{v:,.10g}" for v in found.values())
    raise _AmbiguousError(f"{stripped!r} could be {shown}")


def ambiguity(err: ValueError) -> str | None:
    """The explanation of an ambiguous cell's error, or None for any other error."""
    return str(err) if isinstance(err, _AmbiguousError) else None
