"""The database reader: a DB-API cursor or a SQLAlchemy-style result to a table.

HR data often sits in a database. After ``cursor.execute(...)``, the column names come
from ``cursor.description`` (the first item of each entry, as PEP 249 defines it) and
the rows are tuples; a SQLAlchemy ``Result`` gives its names from ``keys()``. Rows are
fetched a chunk at a time and moved into columns; values stay as the driver gives them
(integers, text, None), and the mapping and conversion steps treat them as they treat
JSON values.
"""

from __future__ import annotations

import itertools
from typing import Any, Final

from orgshape._problems import ProblemCode
from orgshape.exceptions import InputError
from orgshape.io._table import Table, clean_header, fatal

__all__ = ["cursor_table", "is_cursor"]

_CHUNK: Final = 4096


def is_cursor(source: Any) -> bool:
    """Whether ``source`` is a DB-API cursor or a SQLAlchemy-style result."""
    if not hasattr(source, "fetchmany") and not hasattr(source, "fetchall"):
        return False
    return hasattr(source, "description") or callable(getattr(source, "keys", None))


def cursor_table(cursor: Any, *, source: str | None = None) -> Table:
    """The rows of an executed query as a table (records numbered from 1).

    Raises:
        InputError: the cursor has no result set (no query was run, or it returns no rows).
        DataError: the result has no rows (EMPTY_INPUT).
    """
    names = _column_names(cursor)
    header = clean_header(names)
    columns: list[list[Any]] = [[] for _ in header]
    rows = _rows(cursor)
    width = len(header)
    while True:
        chunk = list(itertools.islice(rows, _CHUNK))
        if not chunk:
            break
        for k, row in enumerate(chunk):
            if len(row) != width:
                msg = (
                    f"row {len(columns[0]) + k + 1} of the query result has {len(row)} "
                    f"values for {width} columns ({', '.join(header)})"
                )
                raise InputError(msg)
        for column, values in zip(columns, zip(*chunk, strict=True), strict=True):
            column.extend(values)
    if not columns or not columns[0]:
        raise fatal(ProblemCode.EMPTY_INPUT, "the query returned no rows", source)
    return Table.from_columns(header, columns)


def _column_names(cursor: Any) -> list[str]:
    description = getattr(cursor, "description", None)
    if description is not None and not callable(getattr(cursor, "keys", None)):
        return [str(entry[0]) for entry in description]
    keys = getattr(cursor, "keys", None)
    if callable(keys):
        names = [str(k) for k in keys()]
        if names:
            return names
    msg = (
        f"the {type(cursor).__name__} has no result set: run a query that returns rows "
        "(cursor.execute('SELECT ...')) before reading it"
    )
    raise InputError(msg)


def _rows(cursor: Any) -> Any:
    """The rows, a chunk at a time where the cursor can (``fetchmany``)."""
    fetchmany = getattr(cursor, "fetchmany", None)
    if fetchmany is None:
        yield from cursor.fetchall()
        return
    while True:
        chunk = fetchmany(_CHUNK)
        if not chunk:
            return
        yield from chunk
