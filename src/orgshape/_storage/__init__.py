"""Storage: an org's columns, its id index and the structure of its solid lines.

Glossary:
    position index: a position's place in the org's order (0-based); every column is
        indexed by it.
    column: one field of every position (ids, names, parent indices...), immutable.
    fact: what the one analysis pass found about the solid lines (a cycle, an unknown
        manager...), by position index; the model turns facts into problems.
    engine: an implementation of the storage. orgshape has a pure-Python engine;
        every engine offers the same read-only :class:`OrgView` interface.

The storage layer knows no person records, no ladder and no problem messages: it sits
below the model, which makes :class:`~orgshape.Position` records and problems from it.
"""

from __future__ import annotations

from orgshape._storage._columns import MISSING, NO_PARENT, Columns
from orgshape._storage._python import PythonStorage
from orgshape._storage._view import Fact, OrgView

__all__ = ["MISSING", "NO_PARENT", "Columns", "Fact", "OrgView", "build_storage"]


def build_storage(columns: Columns, *, index: dict[str, int] | None = None) -> OrgView:
    """Analyse and freeze ``columns`` into a read-only storage.

    Args:
        columns: the columns; they must not change afterwards.
        index: id → first index, when the loader has built it (saves a pass).
    """
    return PythonStorage(columns, index=index)
