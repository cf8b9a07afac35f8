"""The Excel writer: sheets of typed cells as an ``.xlsx`` workbook, standard library only.

Glossary:
    sheet: a name, column headers and rows of typed cells (text, whole numbers,
        decimals, true/false, dates, or None for an empty cell); anything with
        ``name``, ``headers`` and ``rows`` (:class:`orgshape.changes.Sheet` is one).
    workbook: an Office Open XML spreadsheet (ECMA-376): a zip of XML parts.

Each sheet is written with its header row in bold and frozen, an autofilter over the
table, numbers as numbers, dates as dates and text as inline strings. Text is never a
formula in this format (a formula is its own element); a text cell that a spreadsheet
would run as a formula once edited (starting with ``= + - @``, the cells orgshape's
formula guard knows) is also marked "quote prefix", so Excel keeps it text even then.
Text is written losslessly: characters XML cannot hold (control characters) use the
format's own ``_xHHHH_`` escape, which Excel and every reader undo.

The same sheets give the same bytes (fixed zip time stamps, no document properties).
The org workbook, the diff, comparison and plan workbooks all come from here.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import math
import os
import re
import zipfile
from collections.abc import Sequence
from html import escape as _html_escape
from typing import IO, Any, Final, Protocol

from orgshape._display import formula_guard, visible
from orgshape._model import MISSING, Org
from orgshape.exceptions import InputError
from orgshape.io._write import _WRITTEN, _header  # (the columns every writer writes)

__all__ = ["SheetLike", "Tabular", "sheet_name", "write_org_workbook", "write_workbook"]


class SheetLike(Protocol):
    """What the writer takes: a named table of typed cells."""

    @property
    def name(self) -> str: ...
    @property
    def headers(self) -> Sequence[str]: ...
    @property
    def rows(self) -> Sequence[Sequence[Any]]: ...


class Tabular(Protocol):
    """Results that give workbook sheets (a validation report, metrics, a diff)."""

    def sheets(self) -> Sequence[SheetLike]: ...


_EPOCH: Final = datetime.date(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug kept)
_BAD_NAME: Final = frozenset("[]:*?/\\")
_MAX_NAME: Final = 31
_EXACT: Final = 1 << 53  # larger integers are not exact in Excel: written as text
# characters XML 1.0 cannot hold, CR (XML reads it as LF), and a literal "_x0041_"
# (which would read as "A")
_UNSAFE: Final = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_HEADER_STYLE: Final = 1
_DATE_STYLE: Final = 2
_DATETIME_STYLE: Final = 3
_GUARDED_STYLE: Final = 4

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
# Styles by index: 0 normal, 1 bold header, 2 date, 3 date and time, 4 text with a
# quote prefix (Excel keeps it text when the cell is edited).
_STYLES: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
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


def _xml_text(text: str) -> str:
    """Text as XML character data, losslessly (``_xHHHH_`` for what XML cannot hold)."""
    if _UNSAFE.search(text):
        text = _UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return _html_escape(text, quote=False)


def _text_cell(ref: str, text: str, style: int = 0) -> str:
    if not style and text[:1] in "=+-@\t\r" and formula_guard(text) != text:
        style = _GUARDED_STYLE
    shown = f' s="{style}"' if style else ""
    return (
        f'<c r="{ref}" t="inlineStr"{shown}><is><t xml:space="preserve">{_xml_text(text)}'
        "</t></is></c>"
    )


def _cell(ref: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        if -_EXACT <= value <= _EXACT:
            return f'<c r="{ref}"><v>{value}</v></c>'
        return _text_cell(ref, str(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            return _text_cell(ref, str(value))
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, datetime.datetime):
        since = value.replace(tzinfo=None) - datetime.datetime.combine(_EPOCH, datetime.time())
        days = since.total_seconds() / 86400
        return f'<c r="{ref}" s="{_DATETIME_STYLE}"><v>{days!r}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{ref}" s="{_DATE_STYLE}"><v>{(value - _EPOCH).days}</v></c>'
    return _text_cell(ref, str(value))


def _sheet_xml(sheet: SheetLike) -> str:
    headers = list(sheet.headers)
    width = len(headers)
    last = _column(max(width - 1, 0))
    letters = [_column(k) for k in range(width)]
    rows = [
        '<row r="1">'
        + "".join(
            _text_cell(f"{letter}1", str(h), _HEADER_STYLE)
            for letter, h in zip(letters, headers, strict=True)
        )
        + "</row>"
    ]
    count = 0
    for n, row in enumerate(sheet.rows, start=2):
        count += 1
        cells = []
        for letter, value in zip(letters, row, strict=True):
            kind = type(value)
            if kind is str:  # the common cells first, without the general dispatch
                if value:
                    cells.append(_text_cell(f"{letter}{n}", value))
            elif kind is int and -_EXACT <= value <= _EXACT:
                cells.append(f'<c r="{letter}{n}"><v>{value}</v></c>')
            elif value is not None:
                cells.append(_cell(f"{letter}{n}", value))
        rows.append(f'<row r="{n}">{"".join(cells)}</row>')
    widths = []
    sample = list(sheet.rows[:200])
    for k, header in enumerate(headers):
        longest = max([len(str(header)), *(len(str(r[k])) for r in sample if r[k] is not None)])
        widths.append(f'<col min="{k + 1}" max="{k + 1}" width="{min(longest + 2, 60)}"/>')
    cols = f"<cols>{''.join(widths)}</cols>" if widths else ""
    frozen = (
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
    )
    table = f'<autoFilter ref="A1:{last}{count + 1}"/>' if width else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:{last}{count + 1}"/>'
        f"{frozen}{cols}<sheetData>{''.join(rows)}</sheetData>{table}</worksheet>"
    )


def write_workbook(target: str | os.PathLike[str] | IO[bytes], sheets: Sequence[SheetLike]) -> None:
    """Write ``sheets`` as one ``.xlsx`` workbook to a path or a binary stream.

    Sheet names are made valid and unique for Excel (:func:`sheet_name`).

    Raises:
        ValueError: there is no sheet, or a row has another number of cells than the
            headers.
        OSError: the file cannot be written.
    """
    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    names: list[str] = []
    for sheet in sheets:
        width = len(sheet.headers)
        for row in sheet.rows:
            if len(row) != width:
                msg = f"sheet {sheet.name!r}: a row has {len(row)} cells for {width} columns"
                raise ValueError(msg)
        names.append(sheet_name(sheet.name, names))
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(
            f'<sheet name="{_html_escape(name)}" sheetId="{k}" r:id="rId{k}"/>'
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


# -- an org as a workbook -------------------------------------------------------------

_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


class _OrgSheet:
    """The org's positions as one sheet: the columns :func:`orgshape.write` writes."""

    name = "org"

    def __init__(self, org: Org) -> None:
        fields, extras = _header(org)
        self.headers = [_WRITTEN.get(f, f) for f in fields] + extras
        self._fields = fields
        self._extras = extras
        self._org = org

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        fields, extras = self._fields, self._extras
        flag = fields.index("assistant") if "assistant" in fields else -1
        known = fields.index("name_known") if "name_known" in fields else -1
        out = []
        for p in self._org:
            row = [_value(getattr(p, f)) for f in fields]
            if flag >= 0 and not p.assistant:
                row[flag] = None  # (as the CSV writer: only assistants say so)
            if known >= 0 and p.name_known:
                row[known] = None  # (an empty name_known cell means known)
            row.extend(_extra(p.extra.get(k, MISSING)) for k in extras)
            out.append(tuple(row))
        return out


def _value(value: Any) -> Any:
    if value is MISSING:
        return None
    if isinstance(value, tuple):
        return ";".join(str(v) for v in value) if value else None
    return value


def _extra(value: Any) -> Any:
    """An extra cell: ISO dates as dates (they read back as the same text), others kept.

    A date and time stays text: a reader cannot tell ``2002-08-14 00:00:00`` written as
    a date-time from the date ``2002-08-14``.
    """
    if value is MISSING or value is None:
        return None
    if type(value) is str:
        if _ISO_DATE.fullmatch(value):
            with contextlib.suppress(ValueError):
                return datetime.date.fromisoformat(value)
        return value
    if isinstance(value, int | float | bool | datetime.date):
        return value
    return _value(value) if isinstance(value, tuple) else str(value)


def write_org_workbook(
    org: Org,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    findings: Tabular | None = None,
    metrics: Tabular | None = None,
) -> None:
    """Write ``org`` as a workbook: the ``org`` sheet, then the findings and metrics sheets.

    Raises:
        InputError: a findings or metrics object gives no sheets, or the file cannot be
            written.
    """
    if isinstance(target, io.TextIOBase):
        msg = "an Excel workbook is bytes: open the file in binary mode (open(path, 'wb'))"
        raise InputError(msg)
    sheets: list[SheetLike] = [_OrgSheet(org)]
    for what, given in (("findings", findings), ("metrics", metrics)):
        if given is None:
            continue
        make = getattr(given, "sheets", None)
        if not callable(make):
            msg = (
                f"{what}= takes a result that gives workbook sheets "
                f"({'orgshape.validate(org)' if what == 'findings' else 'orgshape.metrics(org)'}), "
                f"not {type(given).__name__}"
            )
            raise InputError(msg)
        sheets.extend(make())
    try:
        write_workbook(target, sheets)
    except OSError as err:
        shown = os.fspath(target) if isinstance(target, str | os.PathLike) else "the stream"
        msg = f"cannot write {shown!r}: {err.strerror or err}"
        raise InputError(msg) from None
    except (TypeError, ValueError) as err:
        raise InputError(str(err)) from None
