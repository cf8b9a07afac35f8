"""Value conversion: raw cells to the typed fields of a position, one rule per field kind.

* text fields (name, title, location...) keep the cell as written; an empty cell (or one
  of only spaces) is None;
* lists (products, dotted lines) split on ``;``, ``|`` and ``,``;
* numbers (cost, years of experience) accept ``$``, ``€``, ``£``, thousands separators
  and ``k`` (``NaN`` is empty; a decimal comma is not guessed at);
* flags (assistant) accept true/yes/y/1/x/t and false/no/n/0/f/empty.

A cell that does not convert is ``BAD_VALUE`` (naming the row and the value) and the
field keeps its default. Conversions run once per distinct value where a column has
few of them (flags, rounded amounts).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any, Final

from orgshape._model import MISSING
from orgshape._problems import Problem, ProblemCode
from orgshape.io._table import Table, clean_strings

__all__ = [
    "Converter",
    "optional_text",
    "text_column",
    "to_flag",
    "to_items",
    "to_number",
    "to_text",
]

_LIST_SPLIT: Final = re.compile(r"\s*[;|,]\s*")
_MONEY: Final = re.compile(
    r"^[\s$€£¥]*([+-]?)[\s$€£¥]*([\d][\d,_ \u00a0\u202f]*(?:\.\d+)?)\s*[kK]?\s*$"
)
_TRUE: Final = frozenset({"true", "yes", "y", "1", "x", "t"})
_FALSE: Final = frozenset({"false", "no", "n", "0", "f", ""})


def to_text(value: Any) -> str | None:
    if value is None or value is MISSING:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def text_column(table: Table, col: int) -> list[str | None]:
    values = table.columns[col]
    if table.all_str or all(type(v) is str for v in values):
        return clean_strings(values, strip=False)
    return [to_text(v) for v in values]


class Converter:
    """Typed conversion of the optional fields, collecting BAD_VALUE problems."""

    def __init__(self, table: Table, ids: Sequence[str], names: Sequence[str | None]) -> None:
        self.table = table
        self.ids = ids
        self.names = names
        self.problems: list[Problem] = []

    def bad(self, i: int, header: str, value: Any, expected: str) -> None:
        who = f"{self.ids[i]} ({self.names[i] or 'open role'})"
        self.problems.append(
            Problem(
                code=ProblemCode.BAD_VALUE,
                message=f"{who}: {header} {value!r} is not {expected}; the value is left empty",
                row=self.table.row_numbers[i],
                id=self.ids[i],
                name=self.names[i],
            )
        )

    def column(
        self,
        col: int,
        header: str,
        convert: Callable[[Any], Any],
        expected: str,
        default: Any = None,
    ) -> list[Any]:
        """Convert one column; a bad cell becomes ``default`` and a BAD_VALUE problem."""
        values = self.table.columns[col]
        if self.table.all_str:  # CSV: fast paths, same results as the general loop below
            if convert is optional_text:
                return clean_strings(values, strip=False)
            if convert is to_items:
                return _split_cells(values)
            distinct = set(values)
            if len(distinct) * 4 <= len(values):  # flags, rounded amounts: few values
                return self._by_value(values, distinct, header, convert, expected, default)
        if convert is to_number and self.table.all_str:
            try:  # fast path: plain numbers and empty cells
                numbers = (
                    list(map(float, values))
                    if "" not in values
                    else [float(v) if v else None for v in values]
                )
            except ValueError:
                pass
            else:
                if all(map(math.isfinite, filter(None, numbers))):  # no nan or inf
                    return numbers
        out: list[Any] = []
        append = out.append
        for i, raw in enumerate(values):
            try:
                append(convert(raw))
            except ValueError:
                self.bad(i, header, raw, expected)
                append(default)
        return out

    def _by_value(
        self,
        values: list[Any],
        distinct: set[Any],
        header: str,
        convert: Callable[[Any], Any],
        expected: str,
        default: Any,
    ) -> list[Any]:
        """Convert each distinct cell once and share the result (one dict lookup per cell)."""
        converted: dict[Any, Any] = {}
        bad: set[Any] = set()
        for raw in distinct:
            try:
                converted[raw] = convert(raw)
            except ValueError:
                bad.add(raw)
                converted[raw] = default
        for i in range(len(values)) if bad else ():  # problems in row order
            if values[i] in bad:
                self.bad(i, header, values[i], expected)
        return list(map(converted.__getitem__, values))


def _split_cells(values: list[str]) -> list[tuple[str, ...]]:
    """:func:`to_items` over a column of strings.

    Most cells hold one item or none; only a cell with a separator goes through the
    regex (a third of the time of calling ``to_items`` per cell).
    """
    split = _LIST_SPLIT.split
    return [
        (cell,)
        if cell and ";" not in cell and "|" not in cell and "," not in cell
        else tuple(filter(None, split(cell)))  # (an empty cell gives ())
        for cell in map(str.strip, values)
    ]


def to_number(value: Any) -> float | None:
    if value is None or value is MISSING:
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        if isinstance(value, float) and math.isnan(value):
            return None
        return _finite(float(value))
    text = str(value).strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        pass
    else:
        return None if math.isnan(number) else _finite(number)
    match = _MONEY.match(text)
    if not match:
        raise ValueError
    digits = re.sub(r"[,_ \u00a0\u202f]", "", match.group(2))
    number = float(match.group(1) + digits)
    return number * 1000 if text.rstrip().endswith(("k", "K")) else number


def _finite(number: float) -> float:
    if math.isinf(number):
        raise ValueError
    return number


def to_flag(value: Any) -> bool:
    if value is None or value is MISSING:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError


def to_items(value: Any) -> tuple[str, ...]:
    if value is None or value is MISSING:
        return ()
    if isinstance(value, list | tuple):
        return tuple(t for v in value if (t := to_text(v)) is not None)
    text = to_text(value)
    if text is None:
        return ()
    return tuple(part for part in _LIST_SPLIT.split(text.strip()) if part)


def optional_text(value: Any) -> str | None:
    return to_text(value)
