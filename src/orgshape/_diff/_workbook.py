"""The diff, comparison and plan workbooks: their sheets through orgshape's Excel writer.

Glossary:
    sheet: a :class:`~orgshape.changes.Sheet`: a name, column headers and rows of typed
        cells (text, whole numbers, decimals, true/false, dates, or None for empty).
    workbook: an Office Open XML spreadsheet (``.xlsx``), written by ``orgshape.io``'s
        writer (bold frozen header, autofilter, typed cells, no formulas).

These workbooks are reports for people, so their text is shown as every other report
shows it: control characters in their visible form (``[U+001B]``), through the display
layer, before the writer sees them. (An org written with ``orgshape.write`` keeps its
text exactly instead, so that it reads back equal.)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from orgshape._display import visible
from orgshape.changes import Sheet
from orgshape.io._workbook import sheet_name
from orgshape.io._workbook import write_workbook as _write

__all__ = ["sheet_name", "write_workbook"]


def _shown(sheet: Sheet) -> Sheet:
    def cell(value: Any) -> Any:
        return visible(value) if type(value) is str else value

    return Sheet(
        name=sheet.name,
        headers=[visible(str(h)) for h in sheet.headers],
        rows=[tuple(map(cell, row)) for row in sheet.rows],
    )


def write_workbook(path: str | os.PathLike[str], sheets: Sequence[Sheet]) -> Path:
    """Write ``sheets`` as one ``.xlsx`` workbook at ``path``; return the path.

    Raises:
        ValueError: there is no sheet, or a row has another number of cells than the
            headers.
        OSError: the file cannot be written.
    """
    target = Path(path)
    for sheet in sheets:  # (checked before the text is made visible, as the writer does)
        for row in sheet.rows:
            if len(row) != len(sheet.headers):
                msg = (
                    f"sheet {sheet.name!r}: a row has {len(row)} cells for "
                    f"{len(sheet.headers)} columns"
                )
                raise ValueError(msg)
    _write(target, [_shown(s) for s in sheets])
    return target
