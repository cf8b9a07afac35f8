"""The mutable column builder that loaders fill before an org is made."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import attrs

__all__ = ["MISSING", "NO_PARENT", "Columns"]

#: The parent index of a top position (no manager, or a line cut by a data problem).
NO_PARENT: Final = -1


class _Missing:
    """Marks an extra column a record does not have (distinct from an empty value)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"


#: The value of an extra column in a record that does not have that column.
MISSING: Final = _Missing()


@attrs.define(slots=True)
class Columns:
    """Per-position columns, in the org's order, as a loader or an edit builds them.

    A builder, not storage: :func:`orgshape._storage.build_storage` analyses the columns
    once and freezes them into a read-only :class:`~orgshape._storage.Storage`. Nothing
    may change a ``Columns`` after it was handed to ``build_storage``.

    Attributes:
        ids: every id (``""`` for a row without one).
        names: names, None for a vacancy.
        titles: titles as written in the source.
        levels: ladder levels (None when unknown).
        managers: the solid-line manager's id as given (None at the top).
        rows: the 1-based source row of each position, when the org came from rows.
        fields: the optional typed fields present (``products``, ``cost``...), by name.
        extra: every other input column, verbatim, by header (``MISSING`` where a record
            lacks it).
    """

    ids: list[str]
    names: list[str | None]
    titles: list[str | None]
    levels: list[str | None]
    managers: list[str | None]
    rows: Sequence[int | None] | None = None
    fields: dict[str, list[Any]] = attrs.Factory(dict)
    extra: dict[str, list[Any]] = attrs.Factory(dict)

    def __len__(self) -> int:
        return len(self.ids)
