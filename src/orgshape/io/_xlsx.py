"""The Excel reader: one sheet of an ``.xlsx`` workbook to a table.

Glossary:
    workbook: an Office Open XML spreadsheet (``.xlsx``, ``.xlsm``): a zip of XML parts,
        one per sheet.
    sheet row: the 1-based row number Excel shows; problems name these rows, so the
        first person under a header on row 4 is row 5.
    title rows: lines above the header (a report title, a date, a blank row); the
        header is the first row that looks like one (below).
    cached value: the result Excel saved beside a formula. orgshape reads it and never
        evaluates a formula; a formula saved without a result, or an error value
        (``#N/A``), is a BAD_VALUE problem naming the cell.

Cells keep their type: text stays text (an id typed as ``007`` stays ``"007"``), a
whole number is an ``int`` (Excel stores every number as a float: ``7.0`` is ``7``,
so an id cell holding the number 7 becomes ``"7"``), other numbers are floats, dates
are ISO text (``2013-06-17``), true/false are booleans; an empty cell is ``""``, as
in a CSV file. The
conversion to each field's type is the builder's, as for every other reader.

The cells come from python-calamine (Rust's calamine), chosen over openpyxl because it
reads a 100,000-row sheet about ten times faster (docs/performance.md has the numbers).
Formulas and error cells, which calamine does not expose, are found by a scan of the
sheet's XML that only runs when the part holds a formula or an error at all.
"""

from __future__ import annotations

import datetime
import html
import io
import os
import re
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, Final

from orgshape._problems import Problem, ProblemCode
from orgshape.exceptions import InputError
from orgshape.io._table import Table, clean_header, fatal
from orgshape.io._text import read_bytes, too_large, too_many
from orgshape.io._vocabulary import (
    EDGE_SOURCES,
    EDGE_TARGETS,
    ID_TIERS,
    MANAGER_SYNONYMS,
    SYNONYMS,
    normalise_header,
)

__all__ = ["SUFFIXES", "xlsx_table"]

#: The suffixes of the workbooks this module reads.
SUFFIXES: Final = (".xlsx", ".xlsm")

#: How many non-empty rows from the top may hold titles before the header.
_HEADER_WINDOW: Final = 30
#: Every header spelling the mapping step knows (to tell the header from title rows).
_KNOWN: Final = frozenset(
    {s for tier in ID_TIERS for s in tier}
    | set(MANAGER_SYNONYMS)
    | {s for spellings in SYNONYMS.values() for s in spellings}
    | set(EDGE_SOURCES)
    | set(EDGE_TARGETS)
)
_EXACT: Final = 1 << 53  # floats above this are not exact integers


def xlsx_table(
    source: Path | IO[Any],
    *,
    sheet: str | int | None,
    max_bytes: int,
    label: str | None,
    caps: tuple[int, int] | None = None,
) -> Table:
    """Read one sheet of a workbook (a path or a binary stream) into a table.

    Args:
        source: the workbook's path, or an open binary file.
        sheet: the sheet's name (exact, else ignoring case) or 0-based index (also as
            text that names no sheet, as the command line gives it); None: the first
            visible worksheet.
        max_bytes: the cap on the file, and on its parts unpacked.
        label: what errors call the workbook.
        caps: the most rows and columns; a sheet whose used area is larger is refused
            before its cells are read.

    Raises:
        InputError: not a workbook, no such sheet, a password-protected file.
        DataError: the sheet is empty or too large.
    """
    name = label or "the workbook"
    data = _bytes(source, max_bytes=max_bytes, label=label)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        msg = (
            f"{name} is not an Excel workbook (.xlsx is a zip file; this is not one). "
            "An old .xls file must be saved as .xlsx or CSV first"
        )
        raise InputError(msg) from None
    except _DAMAGED as err:
        raise _damaged(name, err) from None
    try:
        with archive:
            # a zip bomb is refused before anything unpacks it (by the sizes the zip declares)
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > max_bytes:
                raise too_large(unpacked, max_bytes, label)
            sheets = _sheet_parts(archive)
            rows, index, sheet_name = _cells(data, sheet=sheet, label=name, caps=caps)
            part = sheets[index] if index < len(sheets) else None
            names = set(archive.namelist())
            xml = archive.read(part) if part is not None and part in names else b""
    except _DAMAGED as err:
        raise _damaged(name, err) from None
    return _table(rows, xml, sheet_name=sheet_name, label=label)


# what a damaged zip raises while it is read (a bad CRC, bad deflate data, an unknown
# compression method or encryption, a truncated member, a name that is not text)
_DAMAGED: Final = (
    zipfile.BadZipFile,
    zlib.error,
    NotImplementedError,
    RuntimeError,
    EOFError,
    UnicodeDecodeError,
    OSError,
)


def _damaged(name: str, err: BaseException) -> InputError:
    return InputError(f"{name} is not a readable Excel workbook (the file is damaged: {err})")


def _bytes(source: Path | IO[Any], *, max_bytes: int, label: str | None) -> bytes:
    if isinstance(source, Path):
        return read_bytes(source, max_bytes=max_bytes, source=label or os.fspath(source))
    try:
        data = source.read(max_bytes + 1)
    except OSError as err:
        msg = f"cannot read {label or 'the stream'}: {err}"
        raise InputError(msg) from None
    if isinstance(data, str):
        msg = (
            f"{label or 'the stream'} is open in text mode; an Excel workbook must be "
            "opened in binary mode (open(path, 'rb'))"
        )
        raise InputError(msg)
    if len(data) > max_bytes:
        raise too_large(len(data), max_bytes, label)
    return bytes(data)


def _cells(
    data: bytes, *, sheet: str | int | None, label: str, caps: tuple[int, int] | None
) -> tuple[list[list[Any]], int, str]:
    """The sheet's rows from A1 (one list of cells per sheet row), its index and name."""
    import python_calamine  # noqa: PLC0415  (a compiled extension: loaded for workbooks only)

    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        msg = f"{label} is protected by a password; save an unprotected copy to read it"
        raise InputError(msg) from None
    except (python_calamine.CalamineError, ValueError, OSError) as err:
        msg = f"{label} is not a readable Excel workbook: {err}"
        raise InputError(msg) from None
    with book:
        index = _sheet_index(book, sheet, label, python_calamine)
        name = book.sheet_names[index]
        try:
            found = book.get_sheet_by_index(index)
            height, width = found.height, found.width
        except (python_calamine.CalamineError, ValueError) as err:
            msg = f"cannot read sheet {name!r} of {label}: {err}"
            raise InputError(msg) from None
        if caps is not None:  # the used area, before its cells become Python objects
            if height > caps[0] + _HEADER_WINDOW:  # (the header and title rows are not people)
                raise too_many("rows", height, caps[0], "max_rows", label)
            if width > caps[1]:
                raise too_many("columns", width, caps[1], "max_columns", label)
        try:
            rows = found.to_python(skip_empty_area=False)
        except (python_calamine.CalamineError, ValueError) as err:
            msg = f"cannot read sheet {name!r} of {label}: {err}"
            raise InputError(msg) from None
    return rows, index, name


def _sheet_index(book: Any, sheet: str | int | None, label: str, calamine: Any) -> int:
    names: list[str] = list(book.sheet_names)
    shown = ", ".join(f"{k} {n!r}" for k, n in enumerate(names))
    if sheet is None:
        for k, meta in enumerate(book.sheets_metadata):
            if (
                meta.typ == calamine.SheetTypeEnum.WorkSheet
                and meta.visible == calamine.SheetVisibleEnum.Visible
            ):
                return k
        if names:
            return 0
        msg = f"{label} has no sheet"
        raise InputError(msg)
    if isinstance(sheet, bool) or not isinstance(sheet, int | str):
        msg = f"sheet must be a sheet's name or 0-based index, not {sheet!r}"
        raise InputError(msg)
    if isinstance(sheet, int):
        if 0 <= sheet < len(names):
            return sheet
        msg = f"{label} has no sheet {sheet} (sheets, from 0: {shown})"
        raise InputError(msg)
    if sheet in names:
        return names.index(sheet)
    folded = [k for k, n in enumerate(names) if n.casefold() == sheet.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    if sheet.strip().isdigit() and int(sheet) < len(names):  # --sheet 1 on the command line
        return int(sheet)
    msg = f"{label} has no sheet {sheet!r} (sheets, from 0: {shown})"
    raise InputError(msg)


def _cell(value: Any) -> Any:
    """A cell as the table holds it: whole floats as ints, dates as ISO text.

    Dates become the text JSON and CSV write for them (``2013-06-17``,
    ``2013-06-17 09:30:00``, ``09:30:00``), so an org read from a workbook writes and
    reads back equal in every format; orgshape's Excel writer makes them dates again.
    """
    kind = type(value)
    if kind is float:
        if value.is_integer() and -_EXACT <= value <= _EXACT:
            return int(value)
        return value
    if kind is datetime.datetime:
        return str(value)
    if kind is datetime.date or kind is datetime.time:
        return value.isoformat()
    if kind is datetime.timedelta:
        return str(value)
    return value


def _blank(row: list[Any]) -> bool:
    return row.count("") == len(row)  # (one C-level pass; 0 and False are not blank)


def _header_row(rows: Sequence[list[Any]]) -> int:
    """The index of the header among ``rows``: the row that looks most like a header.

    Only the first few non-empty rows are candidates, and only rows whose cells are
    all text. The header is the candidate with the most cells that name a known field
    (the first such row on a tie); without any, the first candidate as wide as the
    widest one (title rows hold one or two cells, the header one per column).
    """
    window: list[int] = []
    for k, row in enumerate(rows):
        if not _blank(row):
            window.append(k)
            if len(window) == _HEADER_WINDOW:
                break
    if not window:
        return 0
    filled = {k: sum(v != "" for v in rows[k]) for k in window}
    widest = max(filled.values())
    candidates = [
        k
        for k in window
        if filled[k] >= min(2, widest) and all(isinstance(v, str) for v in rows[k] if v != "")
    ]
    if not candidates:
        return window[0]
    scores = {
        k: sum(normalise_header(v) in _KNOWN for v in rows[k] if isinstance(v, str) and v)
        for k in candidates
    }
    best = max(scores.values())
    if best > 0:
        return next(k for k in candidates if scores[k] == best)
    most = max(filled[k] for k in candidates)
    return next(k for k in candidates if filled[k] == most)


def _table(rows: list[list[Any]], xml: bytes, *, sheet_name: str, label: str | None) -> Table:
    if not rows or all(_blank(r) for r in rows):
        raise fatal(ProblemCode.EMPTY_INPUT, f"sheet {sheet_name!r} is empty", label)
    top = _header_row(rows)
    width = max(len(r) for r in rows)
    if any(len(r) != width for r in rows):  # (calamine gives equal rows; others may not)
        rows = [[*r, *[""] * (width - len(r))] for r in rows]
    header_cells = rows[top]
    kept = [k for k in range(top + 1, len(rows)) if not _blank(rows[k])]
    if not kept:
        raise fatal(
            ProblemCode.EMPTY_INPUT,
            f"sheet {sheet_name!r} has a header (row {top + 1}) but no people",
            label,
        )
    cells = list(zip(*(rows[k] for k in kept), strict=True))  # one tuple per column
    # columns with neither a header nor a value are dropped (the empty area around a table)
    used = [c for c in range(width) if header_cells[c] != "" or cells[c].count("") != len(kept)]
    header = clean_header([str(header_cells[c]) for c in used])
    columns: list[list[Any]] = []
    all_str = True
    for c in used:
        column = list(cells[c])
        if not all(type(v) is str for v in column):
            column = [_cell(v) for v in column]
            all_str = False
        columns.append(column)
    numbers = [k + 1 for k in kept]
    notes = [f"sheet {sheet_name!r}, header on row {top + 1}"]
    problems: list[Problem] = []
    if xml:
        cached, problems = _formulas(xml, first_row=top + 2, columns=frozenset(used))
        if cached:
            notes.append(
                f"{cached} formula cell{'s' if cached != 1 else ''} read as the "
                "value Excel saved (formulas are never evaluated)"
            )
    return Table(
        header=header,
        columns=columns,
        row_numbers=numbers,
        all_str=all_str and all(type(v) is str for column in columns for v in column),
        notes=tuple(notes),
        problems=problems,
    )


# -- the XML scan for formulas and error values ----------------------------------------

_SHEET: Final = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\b(?:\w+:)?id=\"([^\"]+)\"")
_RELATION: Final = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTRIBUTE: Final = re.compile(rb"\b([\w:]+)=\"([^\"]*)\"")
_MARKS: Final = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/", b't="e"')
_FORMULA_OR_ERROR: Final = re.compile(rb"<f[\s/>]|:f[\s/>]|t=\"e\"")
_CELL_START: Final = re.compile(rb"<(?:\w+:)?c\s")
_CELL_END: Final = re.compile(rb"</(?:\w+:)?c>")
_FORMULA: Final = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_VALUE: Final = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_REF: Final = re.compile(rb"^([A-Z]{1,3})([0-9]+)$")


def _sheet_parts(archive: zipfile.ZipFile) -> list[str | None]:
    """The zip part of each sheet, in workbook order (None where it cannot be told)."""
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return []
    targets: dict[bytes, bytes] = {}
    for tag in _RELATION.findall(rels):
        attributes = dict(_ATTRIBUTE.findall(tag))
        if b"Id" in attributes and b"Target" in attributes:
            targets[attributes[b"Id"]] = attributes[b"Target"]
    parts: list[str | None] = []
    for rid in _SHEET.findall(book):
        target = targets.get(rid)
        if target is None:
            parts.append(None)
            continue
        path = target.decode("utf-8", "replace")
        parts.append(path.lstrip("/") if path.startswith("/") else f"xl/{path}")
    return parts


def _column_index(letters: bytes) -> int:
    k = 0
    for ch in letters:
        k = k * 26 + (ch - 64)
    return k - 1


def _formulas(xml: bytes, *, first_row: int, columns: frozenset[int]) -> tuple[int, list[Problem]]:
    """(formula cells with a saved value, problems for the others and for error cells).

    Only cells from ``first_row`` down, in the table's ``columns``, count.
    """
    cached = 0
    problems: list[Problem] = []
    if not any(mark in xml for mark in _MARKS):
        return cached, problems  # (the common case: a few fast passes, no formula, no error)
    seen: set[int] = set()
    for match in _FORMULA_OR_ERROR.finditer(xml):
        start = _cell_start(xml, match.start())
        if start < 0 or start in seen:
            continue
        seen.add(start)
        open_end = xml.find(b">", start)
        if open_end < 0:
            continue
        if xml[open_end - 1 : open_end] == b"/":  # <c .../>: no formula, no value
            body_end = open_end + 1
        else:
            end_match = _CELL_END.search(xml, open_end)
            if end_match is None:
                continue
            body_end = end_match.start()
        attributes = dict(_ATTRIBUTE.findall(xml[start:open_end]))
        ref = _REF.match(attributes.get(b"r", b""))
        if ref is None:
            continue
        row = int(ref.group(2))
        if row < first_row or _column_index(ref.group(1)) not in columns:
            continue
        body = xml[open_end + 1 : body_end]
        where = ref.group(0).decode()
        formula = _FORMULA.search(body)
        value = _VALUE.search(body)
        saved = html.unescape(value.group(1).decode("utf-8", "replace")) if value else ""
        shown = f" ={_text(formula.group(1))}" if formula and formula.group(1) else ""
        if attributes.get(b"t") == b"e":
            message = (
                f"cell {where} holds the error {saved or '#VALUE!'}"
                + (f" (from the formula{shown})" if shown else "")
                + "; the value is left empty"
            )
        elif formula is None:
            continue  # (the pattern matched inside text, not a formula element)
        elif saved == "" and attributes.get(b"t") != b"str":
            message = (
                f"cell {where} holds a formula{shown} with no saved result, and orgshape "
                "never evaluates formulas; open and save the workbook in Excel or "
                "LibreOffice to store the results, or type the value; the value is left empty"
            )
        else:
            cached += 1
            continue
        problems.append(Problem(code=ProblemCode.BAD_VALUE, message=message, row=row))
    return cached, problems


def _cell_start(xml: bytes, at: int) -> int:
    """Where the ``<c ...>`` element holding position ``at`` starts (-1: none near)."""
    window = max(0, at - 4096)
    last = -1
    for match in _CELL_START.finditer(xml, window, at + 1):
        last = match.start()
    return last


def _text(raw: bytes) -> str:
    text = html.unescape(raw.decode("utf-8", "replace"))
    return text if len(text) <= 60 else text[:57] + "..."
