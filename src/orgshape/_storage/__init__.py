"""Storage: an org's columns, its id index and the structure of its solid lines.

Glossary:
    position index: a position's place in the org's order (0-based); every column is
        indexed by it.
    column: one field of every position (ids, names, parent indices...), immutable.
    fact: what the one analysis pass found about the solid lines (a cycle, an unknown
        manager...), by position index; the model turns facts into problems.
    engine: an implementation of the storage: pure Python (``_python``), or columnar
        (``_columnar``, numpy arrays, with ``pip install 'orgshape[fast]'``) for large
        orgs. Every engine offers the same read-only :class:`OrgView` interface and
        finds the same facts.

The storage layer knows no person records, no ladder and no problem messages: it sits
below the model, which makes :class:`~orgshape.Position` records and problems from it.
"""

from __future__ import annotations

import logging
from typing import Final, Literal

from orgshape._storage._columnar import ColumnarStorage, numpy_or_none
from orgshape._storage._columns import MISSING, NO_PARENT, Columns
from orgshape._storage._python import PythonStorage
from orgshape._storage._view import Fact, OrgView

__all__ = [
    "COLUMNAR_MIN_POSITIONS",
    "MISSING",
    "NO_PARENT",
    "Columns",
    "Engine",
    "Fact",
    "OrgView",
    "build_storage",
    "engine_of",
]

#: From this many positions up, an org is stored by the columnar engine when numpy is
#: installed (below it, importing numpy costs more than the engine saves; see
#: docs/performance.md for the measured break-even).
COLUMNAR_MIN_POSITIONS: Final = 30_000

#: The name of a storage engine.
Engine = Literal["python", "columnar"]

_log = logging.getLogger("orgshape")
_hinted: list[bool] = []  # the hint about the fast extra is given once per process


def build_storage(
    columns: Columns,
    *,
    index: dict[str, int] | None = None,
    engine: Engine | None = None,
    consume: bool = False,
) -> OrgView:
    """Analyse and freeze ``columns`` into a read-only storage.

    Args:
        columns: the columns; they must not change afterwards.
        index: id → first index, when the loader has built it (saves a pass).
        consume: let go of each of ``columns``' lists as soon as it is frozen (they are
            left empty): a large org's cells are then held once, not twice, while the
            other columns are frozen.
        engine: the engine to use; by default the columnar one for an org of
            :data:`COLUMNAR_MIN_POSITIONS` or more when numpy is installed.

    Raises:
        ImportError: ``engine="columnar"`` without numpy.
    """
    if engine is None:
        engine = "python"
        if len(columns) >= COLUMNAR_MIN_POSITIONS:
            if numpy_or_none() is not None:
                engine = "columnar"
            elif not _hinted:
                _hinted.append(True)
                _log.warning(
                    "orgshape: %d positions; pip install 'orgshape[fast]' stores and "
                    "analyses large orgs with numpy, several times faster",
                    len(columns),
                )
    if engine == "columnar":
        return ColumnarStorage(columns, index=index, consume=consume)
    return PythonStorage(columns, index=index, consume=consume)


def engine_of(view: OrgView) -> Engine:
    """The name of the engine behind a storage."""
    return "columnar" if isinstance(view, ColumnarStorage) else "python"
