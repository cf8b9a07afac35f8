"""A workbook of sheets as an Excel ``.xlsx`` file, with the standard library only.

Glossary:
    sheet: a :class:`~orgshape.changes.Sheet`: a name, column headers and rows of typed
        cells (text, whole numbers, decimals, true/false, dates, or None for empty).
    workbook: an Office Open XML spreadsheet (ECMA-376): a zip of XML parts.

Each sheet is written with its header row in bold and frozen, an autofilter over the
table, numbers as numbers, dates as dates and text as inline strings. Text is never a
formula in this format (a formula is its own element), so a cell holding ``=1+1`` or
``@cmd`` shows as that text; control characters, which XML cannot hold, are written in
their visible form (``[U+001B]``), as every other output shows them.

The real-data work adds orgshape's own Excel writer to ``orgshape.io``; the diff,
comparison and plan workbooks then go through it. Until then this module writes them, so
that a workbook needs no extra package.
"""

from __future__ import annotations

import datetime
import math
import os
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final
from xml.sax.saxutils import escape

from orgshape._display import visible
from orgshape.changes import Sheet

__all__ = ["sheet_name", "write_workbook"]

_EPOCH: Final = datetime.date(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug kept)
_BAD_NAME: Final = frozenset("[]:*?/\\")
_MAX_NAME: Final = 31

_CONTENT_TYPES: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE: Final = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_STYLES: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def sheet_name(name: str, taken: Sequence[str] = ()) -> str:
    """A name Excel accepts for a sheet: at most 31 characters, none of ``[]:*?/\\``, unique.

    Examples:
        >>> sheet_name("leaders by function / level")
        'leaders by function - level'
        >>> sheet_name("changes", taken=["changes"])
        'changes (2)'
    """
    cleaned = "".join("-" if ch in _BAD_NAME else ch for ch in visible(name)).strip("' ")
    cleaned = cleaned[:_MAX_NAME] or "sheet"
    candidate, k = cleaned, 1
    lowered = {t.lower() for t in taken}
    while candidate.lower() in lowered:
        k += 1
        suffix = f" ({k})"
        candidate = cleaned[: _MAX_NAME - len(suffix)] + suffix
    return candidate


def _column(k: int) -> str:
    """The letters of the 0-based column ``k``: A, B, ... Z, AA, AB ..."""
    letters = ""
    k += 1
    while k:
        k, rest = divmod(k - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value: object, *, header: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return f'<c r="{ref}" s="2"><v>{(value - _EPOCH).days}</v></c>'
    text = escape(visible(str(value)))
    style = ' s="1"' if header else ""
    return f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_xml(sheet: Sheet) -> str:
    width = len(sheet.headers)
    last = _column(max(width - 1, 0))
    rows = [
        '<row r="1">'
        + "".join(_cell(f"{_column(k)}1", h, header=True) for k, h in enumerate(sheet.headers))
        + "</row>"
    ]
    letters = [_column(k) for k in range(width)]
    for n, row in enumerate(sheet.rows, start=2):
        cells = []
        for letter, value in zip(letters, row, strict=True):
            kind = type(value)
            if kind is str:  # the common cells first, without the general dispatch
                text = escape(visible(value))
                cells.append(
                    f'<c r="{letter}{n}" t="inlineStr"><is><t xml:space="preserve">{text}'
                    "</t></is></c>"
                )
            elif kind is int:
                cells.append(f'<c r="{letter}{n}"><v>{value}</v></c>')
            elif value is not None:
                cells.append(_cell(f"{letter}{n}", value))
        rows.append(f'<row r="{n}">{"".join(cells)}</row>')
    widths = []
    for k, header in enumerate(sheet.headers):
        longest = max(
            [len(str(header)), *(len(str(r[k])) for r in sheet.rows[:200] if r[k] is not None)]
        )
        widths.append(f'<col min="{k + 1}" max="{k + 1}" width="{min(longest + 2, 60)}"/>')
    cols = f"<cols>{''.join(widths)}</cols>" if widths else ""
    frozen = (
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    )
    table = f'<autoFilter ref="A1:{last}{len(sheet.rows) + 1}"/>' if width else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{frozen}{cols}<sheetData>{''.join(rows)}</sheetData>{table}</worksheet>"
    )


def write_workbook(path: str | os.PathLike[str], sheets: Sequence[Sheet]) -> Path:
    """Write ``sheets`` as one ``.xlsx`` workbook at ``path``; return the path.

    Raises:
        ValueError: there is no sheet, or a row has another number of cells than the
            headers.
        OSError: the file cannot be written.
    """
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    names: list[str] = []
    for sheet in sheets:
        for row in sheet.rows:
            if len(row) != len(sheet.headers):
                msg = (
                    f"sheet {sheet.name!r}: a row has {len(row)} cells for "
                    f"{len(sheet.headers)} columns"
                )
                raise ValueError(msg)
        names.append(sheet_name(sheet.name, names))
    target = Path(path)
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(
            f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{k}" r:id="rId{k}"/>'
            for k, name in enumerate(names, start=1)
        )
        + "</sheets></workbook>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{k}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{k}.xml"/>'
            for k in range(1, len(sheets) + 1)
        )
        + f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'
    )
    types = _CONTENT_TYPES.format(
        sheets="".join(_SHEET_TYPE.format(n=k) for k in range(1, len(sheets) + 1))
    )
    parts = [
        ("[Content_Types].xml", types),
        ("_rels/.rels", _ROOT_RELS),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/styles.xml", _STYLES),
        *((f"xl/worksheets/sheet{k}.xml", _sheet_xml(s)) for k, s in enumerate(sheets, start=1)),
    ]
    with zipfile.ZipFile(target, "w") as archive:
        for name, text in parts:
            # a fixed time stamp: the same sheets give the same bytes
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return target
