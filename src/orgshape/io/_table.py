"""The table: what every reader produces, and the only thing the mapping step sees.

A :class:`Table` is a header and columns of raw values (strings for CSV; any JSON/YAML
scalar, or whatever a DataFrame, graph or database cursor holds, otherwise;
:data:`~orgshape._model.MISSING` where a record has no such column), plus the 1-based
source row of each record. Readers never interpret values: mapping and type conversion
happen later, in one place each. A reader that finds a data problem while reading (a
graph node with two managers) puts it on the table for the builder to report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from orgshape._problems import Problem, ProblemCode
from orgshape.exceptions import DataError

__all__ = ["JsonConstant", "Table", "clean_header", "clean_strings", "fatal"]


@attrs.define(slots=True)
class Table:
    """A header and columns of raw values (private to the io layer).

    Attributes:
        header: the column names, unique (see :func:`clean_header`).
        columns: one list of raw values per header name.
        row_numbers: the 1-based source row of each record (None: a graph node has none).
        nested_parent: for a nested tree, the index of each record's parent (-1 at the top).
        all_str: every cell is a str (CSV without ragged rows): the fast paths apply.
        fields: field → column, when the reader knows every column's meaning (a graph's
            node attributes): nothing is inferred from the header then.
        notes: what the reader wants the mapping to say (``"networkx graph"``).
        problems: data problems the reader found; the builder reports them.
        cache: converted columns, shared by the mapping step and the builder.
    """

    header: list[str]
    columns: list[list[Any]]
    row_numbers: Sequence[int | None]
    nested_parent: list[int] | None = None
    all_str: bool = False
    fields: Mapping[str, str] | None = None
    notes: tuple[str, ...] = ()
    problems: list[Problem] = attrs.Factory(list)
    cache: dict[tuple[str, int], Any] = attrs.Factory(dict)

    def __len__(self) -> int:
        return len(self.row_numbers)

    @classmethod
    def from_columns(cls, header: list[str], columns: list[list[Any]], **kwargs: Any) -> Table:
        """A table of records numbered from 1 (records, DataFrames, cursors, graphs)."""
        count = len(columns[0]) if columns else 0
        return cls(header=header, columns=columns, row_numbers=range(1, count + 1), **kwargs)


class JsonConstant(str):
    """``NaN``, ``Infinity`` or ``-Infinity`` written bare in a JSON file (not JSON).

    Python's parser reads them as floats; orgshape keeps the word, so that a number
    field reports it (BAD_VALUE) instead of emptying it silently, and an extra column
    keeps it as text.
    """

    __slots__ = ()


def fatal(code: ProblemCode, message: str, source: str | None, row: int | None = None) -> DataError:
    """The error for input that cannot be loaded at all (one problem, no org)."""
    return DataError([Problem(code=code, message=message, row=row)], source=source)


def clean_header(cells: Sequence[str]) -> list[str]:
    """Header cells as unique names: stripped, byte-order mark removed, blanks named.

    A blank header is ``column<N>`` (1-based); a name given twice gets ``.1``, ``.2``...
    (as pandas numbers repeated names).
    """
    header: list[str] = []
    seen: dict[str, int] = {}
    for k, raw in enumerate(cells):
        name = raw.removeprefix("\ufeff").strip() or f"column{k + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        header.append(name)
    return header


def clean_strings(values: list[str], *, strip: bool) -> list[str | None]:
    """Empty cells → None; with ``strip``, surrounding spaces removed (None if nothing left).

    Without ``strip``, a cell of only spaces is empty too but other cells stay verbatim.
    """
    stripped = list(map(str.strip, values))
    if "" not in stripped:  # the common case: no empty cell, one C-level pass
        return stripped if strip else values  # type: ignore[return-value]
    if strip:
        return [v or None for v in stripped]
    return [v if s else None for v, s in zip(values, stripped, strict=True)]
