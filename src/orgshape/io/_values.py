"""Value conversion: raw cells to the typed fields of a position, one rule per field kind.

* text fields (name, title, location...) keep the cell as written; an empty cell (or one
  of only spaces) is None;
* lists (products, dotted lines) split on ``;``, ``|`` and ``,``; a cell that is a
  JSON array of strings (``["R&D; EU", "Web"]``, as orgshape writes an item holding a
  separator) gives its items as they are;
* numbers (cost, years of experience) are read in their column's convention, a decimal
  point or a decimal comma, with currency signs, thousands separators, ``k`` and ``%``
  (see :mod:`orgshape.io._numbers`; ``NaN`` is empty; an ambiguous cell is never
  guessed);
* flags (assistant) accept true/yes/y/1/x/t and false/no/n/0/f/empty;
* a function can come from the department's name (``IT`` → ``engineering``).

A cell that does not convert is ``BAD_VALUE`` (naming the row and the value) and the
field keeps its default. Conversions run once per distinct value where a column has
few of them (flags, rounded amounts).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final

from orgshape._functions import function_of
from orgshape._model import MISSING
from orgshape._problems import Problem, ProblemCode
from orgshape.exceptions import InputError
from orgshape.io._numbers import CONVENTIONS, Column, ambiguity, convention_of, read_number
from orgshape.io._table import JsonConstant, Table, clean_strings

__all__ = [
    "Converter",
    "function_column",
    "optional_text",
    "text_column",
    "to_flag",
    "to_flag_default_true",
    "to_items",
    "to_number",
    "to_text",
]

_LIST_SPLIT: Final = re.compile(r"\s*[;|,]\s*")
_SAMPLE: Final = 5000  # cells per column looked at for a file's number convention
_THOUSANDS_DOTS: Final = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")


def _thousands_dots(values: Iterable[str]) -> bool:
    """Whether a cell that reads as a decimal number could be thousands split by dots."""
    candidates = {v for v in values if len(v) >= 5 and v[-4] == "."}
    return any(_THOUSANDS_DOTS.fullmatch(v) for v in candidates)


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
    """Typed conversion of the optional fields, collecting BAD_VALUE problems.

    Args:
        table: the table.
        ids: the id of each row (for the problems).
        names: the name of each row (for the problems).
        decimal: the decimal separator of number columns, when the user gave it.
    """

    def __init__(
        self,
        table: Table,
        ids: Sequence[str],
        names: Sequence[str | None],
        *,
        decimal: str | None = None,
    ) -> None:
        if decimal is not None and decimal not in CONVENTIONS:
            msg = f"decimal must be '.' or ',', got {decimal!r}"
            raise InputError(msg)
        self.table = table
        self.ids = ids
        self.names = names
        self.decimal = decimal
        self.problems: list[Problem] = []
        self._file_convention: list[str | None] | None = None

    def bad(
        self, i: int, header: str, value: Any, expected: str, err: ValueError | None = None
    ) -> None:
        """Report the cell of row ``i`` as BAD_VALUE (``err``: why it did not convert)."""
        who = f"{self.ids[i]} ({self.names[i] or 'open role'})"
        why = ambiguity(err) if err is not None else None
        if isinstance(err, _TooLargeError):
            what = (
                f"is too large: numbers from 2**53 ({_LARGEST:,}) on are not held exactly, "
                "and their sums could pass the largest number"
            )
        elif why is not None:
            what = f"is ambiguous: {why}; say which with decimal='.' or decimal=','"
        else:
            what = f"is not {expected}"
        self.problems.append(
            Problem(
                code=ProblemCode.BAD_VALUE,
                message=f"{who}: {header} {value!r} {what}; the value is left empty",
                row=self.table.row_numbers[i],
                id=self.ids[i],
                name=self.names[i],
            )
        )

    def file_convention(self, skip: int) -> str | None:
        """The number convention the file's other columns show (None: none, or both)."""
        if self._file_convention is None:
            columns = []
            for k, values in enumerate(self.table.columns):
                if k == skip:
                    continue
                cells = {v for v in itertools.islice(values, _SAMPLE) if isinstance(v, str)}
                columns.append(Column(cells))
            self._file_convention = [convention_of(columns)]
        return self._file_convention[0]

    def numbers(self, col: int, header: str, expected: str) -> list[float | None]:
        """A number column, read in its convention (see :mod:`orgshape.io._numbers`)."""
        values = self.table.columns[col]
        all_str = self.table.all_str or all(type(v) is str for v in values)  # (YAML too)
        if not all_str:
            bare = [i for i, v in enumerate(values) if type(v) is JsonConstant]
            if bare:
                values = list(values)
                for i in bare:
                    self.bad(i, header, str(values[i]), f"{expected} (JSON has no {values[i]})")
                    values[i] = None
        distinct = set(values) if all_str else None
        if distinct is not None and self.decimal != ",":
            few = len(distinct) * 4 <= len(values)  # (rounded amounts: once per value)
            cells = list(distinct) if few else values
            try:  # fast path: plain numbers and empty cells
                numbers: list[float | None] = (
                    list(map(float, cells))
                    if "" not in distinct
                    else [float(v) if v else None for v in cells]
                )
            except ValueError:
                pass
            else:
                plain = all(map(_held, filter(None, numbers)))  # no nan, inf or huge number
                if plain and (self.decimal == "." or not _thousands_dots(distinct)):
                    if few:
                        return list(map(dict(zip(cells, numbers, strict=True)).__getitem__, values))
                    return numbers
        texts = distinct if distinct is not None else {v for v in values if isinstance(v, str)}
        column = Column(texts)
        convention = self.decimal or column.convention
        if convention is None and column.ambiguous:
            convention = self.file_convention(col)

        def convert(value: Any) -> float | None:
            number = read_number(value, column, convention)
            if number is not None and abs(number) >= _LARGEST:
                raise _TooLargeError
            return number

        hashable = self.table.all_str or all(isinstance(v, str | int | float) for v in values)
        if hashable:
            return self._by_value(values, distinct or set(values), header, convert, expected, None)
        out: list[float | None] = []
        for i, raw in enumerate(values):
            try:
                out.append(convert(raw))
            except ValueError as err:
                self.bad(i, header, raw, expected, err)
                out.append(None)
        return out

    def column(
        self,
        col: int,
        header: str,
        convert: Callable[[Any], Any],
        expected: str,
        default: Any = None,
    ) -> list[Any]:
        """Convert one column; a bad cell becomes ``default`` and a BAD_VALUE problem."""
        if convert is to_number:
            return self.numbers(col, header, expected)
        values = self.table.columns[col]
        if self.table.all_str:  # CSV: fast paths, same results as the general loop below
            if convert is optional_text:
                return clean_strings(values, strip=False)
            if convert is to_items:
                return _split_cells(values)
            distinct = set(values)
            if len(distinct) * 4 <= len(values):  # flags, rounded amounts: few values
                return self._by_value(values, distinct, header, convert, expected, default)
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
        bad: dict[Any, ValueError] = {}
        for raw in distinct:
            try:
                converted[raw] = convert(raw)
            except ValueError as err:
                bad[raw] = err
                converted[raw] = default
        for i in range(len(values)) if bad else ():  # problems in row order
            if values[i] in bad:
                self.bad(i, header, values[i], expected, bad[values[i]])
        return list(map(converted.__getitem__, values))


#: Amounts from this size on are refused: a float holds every whole number below it.
_LARGEST: Final = 2**53


class _TooLargeError(ValueError):
    """A number too large to be held exactly (and summed without overflow)."""


def _held(number: float) -> bool:
    return math.isfinite(number) and abs(number) < _LARGEST


def _split_cells(values: list[str]) -> list[tuple[str, ...]]:
    """:func:`to_items` over a column of strings.

    Most cells hold one item or none; only a cell with a separator goes through the
    regex (a third of the time of calling ``to_items`` per cell). A column of few
    distinct cells (products, teams) is split once per distinct cell.
    """
    if len(set(values[:_SAMPLE])) * 4 <= min(len(values), _SAMPLE):  # (the sample: cheap)
        distinct = set(values)
        if len(distinct) * 4 <= len(values):
            split_once = dict(zip(distinct, _split_each(list(distinct)), strict=True))
            return list(map(split_once.__getitem__, values))
    return _split_each(values)


def _split_each(values: list[str]) -> list[tuple[str, ...]]:
    """Each cell split as :data:`_LIST_SPLIT` splits it, by str methods (twice as fast).

    The cell is stripped, so the items are the stripped pieces between separators.
    """
    out = [
        (cell,)
        if cell and ";" not in cell and "|" not in cell and "," not in cell
        else tuple(  # (an empty cell gives ())
            filter(None, map(str.strip, cell.replace("|", ";").replace(",", ";").split(";")))
        )
        for cell in map(str.strip, values)
    ]
    for i, cell in enumerate(values):
        if "[" in cell and (cell := cell.strip())[:1] == "[" and cell.endswith("]"):  # (rare)
            items = _json_items(cell)
            if items is not None:
                out[i] = items
    return out


def _json_items(cell: str) -> tuple[str, ...] | None:
    """The items of a cell that is a JSON array of strings, else None."""
    try:
        value = json.loads(cell)
    except ValueError:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v for v in value if v.strip())
    return None


def to_number(value: Any) -> float | None:
    """A cell as a number on its own (a column reads its cells by its convention)."""
    return read_number(value)


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
    text = text.strip()
    if text[:1] == "[" and text.endswith("]"):
        items = _json_items(text)
        if items is not None:
            return items
    return tuple(part for part in _LIST_SPLIT.split(text) if part)


def to_flag_default_true(value: Any) -> bool:
    """A flag whose empty cell means True (``name_known``)."""
    if value is None or value is MISSING or (isinstance(value, str) and not value.strip()):
        return True
    return to_flag(value)


def function_column(departments: Sequence[str | None]) -> list[str | None] | None:
    """Functions for positions known only by their department (None: no department).

    A department name says the function (see :func:`function_of`); an id (``90``) says
    nothing.
    """
    cache: dict[str | None, str | None] = {}
    out: list[str | None] = []
    for department in departments:
        if department not in cache:
            cache[department] = function_of(department) if department else None
        out.append(cache[department])
    return out if any(out) else None


def optional_text(value: Any) -> str | None:
    return to_text(value)
