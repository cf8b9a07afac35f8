"""Key columns of a table: ids, manager references and names, as keys are compared.

The mapping step checks which key column the manager references match; the builder
resolves the same references. Both read key columns through these functions, and the
results are cached on the table, so each column is cleaned and indexed once per load.
A key cell is read with :func:`~orgshape.io._vocabulary.key_text`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from orgshape.io._table import Table, clean_strings
from orgshape.io._vocabulary import key_text

__all__ = ["JOINED_NAME", "distinct_refs", "joined_names", "key_column", "key_index"]

#: The pseudo-column of names made of first + last name (no header has this name).
JOINED_NAME: Final = "\x00first_name last_name"


def key_column(table: Table, col: int) -> list[str | None]:
    """The values of a key column as stripped strings (None for empty; cached)."""
    cached: list[str | None] | None = table.cache.get(("key", col))
    if cached is not None:
        return cached
    values = table.columns[col]
    if table.all_str or all(type(v) is str for v in values):
        out = clean_strings(values, strip=True)
    else:
        out = [key_text(v) for v in values]
    table.cache["key", col] = out
    return out


def key_index(table: Table, col: int) -> dict[str | None, int]:
    """Each value of a key column → the first row holding it (cached on the table).

    Built once per load and shared: the mapping step checks references against it, and
    the org reuses it as its id index.
    """
    cached: dict[str | None, int] | None = table.cache.get(("index", col))
    if cached is None:
        values = key_column(table, col)
        cached = dict(zip(reversed(values), range(len(values) - 1, -1, -1), strict=True))
        table.cache["index", col] = cached
    return cached


def distinct_refs(table: Table, col: int) -> set[str]:
    """The distinct non-empty values of a key column (cached on the table)."""
    cached: set[str] | None = table.cache.get(("refs", col))
    if cached is None:
        found: set[Any] = set(key_column(table, col))
        found.discard(None)
        cached = table.cache["refs", col] = found
    return cached


def joined_names(table: Table, columns: Mapping[str, str]) -> list[str | None]:
    """Names made of the first- and last-name columns (None when both are empty)."""
    position = {h: k for k, h in enumerate(table.header)}
    parts = [
        key_column(table, position[columns[r]]) for r in ("first_name", "last_name") if r in columns
    ]
    return [" ".join(p for p in names if p) or None for names in zip(*parts, strict=True)]
