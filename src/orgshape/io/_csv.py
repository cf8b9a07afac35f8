"""The CSV reader: text lines to a table, streaming, a chunk of rows at a time.

What it undoes: line endings (any, mixed, quoted newlines), blank lines (empty, or of
spaces and empty cells: skipped, and counted in the table's notes), the end-of-file mark
old DOS programs put last (Ctrl-Z, 0x1A), draw.io ``#`` settings lines, PowerShell's
``#TYPE`` line and Excel's ``sep=`` line above the header, and the spreadsheet-formula
guard orgshape's writer adds (a ``'`` before ``= + - @``). The delimiter is sniffed from
the header line unless given.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import mmap
import operator
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

from orgshape._model import MISSING
from orgshape._problems import ProblemCode
from orgshape.exceptions import InputError
from orgshape.io._table import Table, clean_header, fatal
from orgshape.io._text import (
    DEFAULT_MAX_COLUMNS,
    DEFAULT_MAX_ROWS,
    MAX_CELL,
    sniff_encoding,
    too_many,
)

__all__ = ["csv_file_table", "parse_csv", "without_dos_eof"]


def csv_file_table(
    path: Path,
    *,
    encoding: str | None,
    delimiter: str | None,
    source: str,
    caps: tuple[int, int] = (DEFAULT_MAX_ROWS, DEFAULT_MAX_COLUMNS),
) -> Table:
    """Stream a CSV file into a table without holding its whole text."""
    with path.open("rb") as raw:
        head = raw.read(4096)
        raw.seek(max(0, path.stat().st_size - 64))
        tail = raw.read(64)
    chosen = sniff_encoding(head, encoding)
    guarded: bool | None = None
    if chosen in ("utf-8", "utf-8-sig") and head:
        with path.open("rb") as raw, mmap.mmap(raw.fileno(), 0, access=mmap.ACCESS_READ) as view:
            guarded = _GUARD_MARK.search(view) is not None  # one pass over the bytes
    try:
        with path.open(encoding=chosen, newline="") as stream:
            lines = _without_dos_eof(stream) if b"\x1a" in tail else stream
            table = parse_csv(
                lines, delimiter=delimiter, source=source, guarded=guarded, caps=caps, raw=True
            )
    except UnicodeDecodeError as err:
        where = _bad_byte(path, chosen)
        at = f" at byte {where[0]:,} (line {where[1]:,})" if where is not None else ""
        msg = (
            f"{source} is not valid {chosen}{at}: {err.reason}; if it came from Excel on "
            "Windows, pass encoding='cp1252'"
        )
        raise InputError(msg) from None
    except UnicodeError as err:
        msg = (
            f"{source} is not valid {chosen}: {err}; if it came from Excel, pass encoding='cp1252'"
        )
        raise InputError(msg) from None
    if table.header and table.header[0].startswith("\ufeff"):
        table.header[0] = table.header[0].removeprefix("\ufeff")
    return table


def _bad_byte(path: Path, encoding: str) -> tuple[int, int] | None:
    """(offset, line) of the first byte of ``path`` that is not valid ``encoding``.

    The text reader decodes a chunk at a time, and its error counts from the chunk;
    this finds the byte in the whole file (in one pass of 1 MiB chunks).
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    lines = 1
    with path.open("rb") as raw:
        while chunk := raw.read(1 << 20):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as err:
                at = offset - pending + err.start
                with path.open("rb") as again:
                    lines += again.read(at).count(b"\n")
                return at, lines
            offset += len(chunk)
    return None


def _without_dos_eof(lines: Iterable[str]) -> Iterator[str]:
    """The lines without the DOS end-of-file mark (Ctrl-Z) after the last of them.

    A Ctrl-Z anywhere else is data (and shows as ``[U+001A]``).
    """
    held: list[str] = []  # a line with a Ctrl-Z, and the blank lines after it
    for line in lines:
        if held and line.strip():
            yield from held
            held.clear()
        if held or "\x1a" in line:
            held.append(line)
        else:
            yield line
    if held:
        kept = without_dos_eof(held[0])
        if kept != held[0]:
            if kept.strip():
                yield kept
            return
        yield from held


def without_dos_eof(text: str) -> str:
    """``text`` without a DOS end-of-file mark (Ctrl-Z) at its end.

    The mark is the last character, or a line of its own at the end; a Ctrl-Z before
    the last line break is data (a cell that ends with one, as a file orgshape wrote).
    """
    tail = text.rstrip()
    last = tail[max(tail.rfind("\n"), tail.rfind("\r")) + 1 :]
    if text.endswith("\x1a") or (last and not last.strip("\x1a")):
        kept = tail.rstrip("\x1a")
        return kept + "\n" if kept and not kept.endswith(("\n", "\r")) else kept
    return text


def _sniff_delimiter(first: str) -> str:
    counts: dict[str, int] = dict.fromkeys(",;\t|", 0)
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def parse_csv(
    lines: Iterable[str],
    *,
    delimiter: str | None = None,
    source: str | None = None,
    guarded: bool | None = None,
    caps: tuple[int, int] = (DEFAULT_MAX_ROWS, DEFAULT_MAX_COLUMNS),
    raw: bool = False,
) -> Table:
    """Parse CSV lines (any line ending, quoted newlines) into a table, streaming.

    The header is row 1; the first record is row 2, as a spreadsheet shows it. Blank
    lines and rows of empty (or only white-space) cells are skipped, and counted in the
    table's notes; short rows are padded with MISSING; cells past the header get
    ``column<N>`` names.
    """
    if delimiter is not None and (len(delimiter) != 1 or delimiter in '"\r\n'):
        msg = f"the CSV delimiter must be one character (not a quote or newline): {delimiter!r}"
        raise InputError(msg)
    seen_guard = [bool(guarded)]

    def watch(source_lines: Iterable[str]) -> Iterator[str]:
        search = _GUARDED_CELL.search
        for line in source_lines:
            if "'" in line and not seen_guard[0] and search(line):
                seen_guard[0] = True
            yield line

    it = iter(lines) if guarded is not None else watch(lines)
    first = ""
    lead = 0  # blank and comment lines above the header (they count as rows)
    excel_sep: str | None = None
    for first in it:
        line = first.rstrip("\r\n")
        if len(line) == 5 and line[:4].lower() == "sep=" and lead == 0:
            excel_sep = line[4]  # Excel's "sep=;" hint line
        elif first.strip(" \t\r\n,;|") and not _is_comment(first):
            break
        lead += 1
    else:
        raise fatal(ProblemCode.EMPTY_INPUT, "the input is empty", source)
    sep = delimiter or excel_sep or _sniff_delimiter(first)
    reader = csv.reader(itertools.chain((first,), it), delimiter=sep, strict=False)
    start = row = lead + 2
    max_rows, max_columns = caps
    try:
        cells = next(reader)
        if len(cells) > max_columns:
            raise too_many("columns", len(cells), max_columns, "max_columns", source)
        header = clean_header(cells)
        width = len(header)
        columns: list[list[Any]] = [[] for _ in range(width)]
        numbers: list[int] | None = None
        blank: list[int] = []
        ragged = False
        while True:
            chunk = list(itertools.islice(reader, _CHUNK))
            if not chunk:
                break
            rows_here = range(row, row + len(chunk))
            row += len(chunk)
            # blank lines, rows of empty cells or of spaces (C-level checks first)
            kept: list[int] | None = None
            if not all(map(any, chunk)) or not all(map(str.strip, map(_FIRST, chunk))):
                kept = [k for k, r in enumerate(chunk) if any(map(str.strip, r))]
                if len(kept) == len(chunk):
                    kept = None  # (a first cell of spaces, in a row with data)
            if kept is not None:
                skipped = set(range(len(chunk))).difference(kept)
                blank.extend(rows_here[k] for k in sorted(skipped))
                if numbers is None:
                    numbers = list(range(start, rows_here.start))
                numbers.extend(rows_here[k] for k in kept)
                chunk = [chunk[k] for k in kept]
            elif numbers is not None:
                numbers.extend(rows_here)
            if not chunk:
                continue
            if len(columns[0]) + len(chunk) > max_rows:
                raise too_many("rows", max_rows, max_rows, "max_rows", source, more=True)
            widths = set(map(len, chunk))
            if widths != {width}:
                ragged = True
                widest = max(widths)
                if widest > max_columns:
                    raise too_many("columns", widest, max_columns, "max_columns", source)
                if widest > width:
                    done = len(columns[0]) if columns else 0
                    header.extend(f"column{k + 1}" for k in range(width, widest))
                    columns.extend([MISSING] * done for _ in range(width, widest))
                    width = widest
                padding: list[Any] = [MISSING]
                chunk = [r if len(r) == width else [*r, *padding * (width - len(r))] for r in chunk]
            for column, values in zip(columns, zip(*chunk, strict=True), strict=True):
                column.extend(values)
    except csv.Error as err:
        if "field larger than field limit" in str(err):
            raise fatal(
                ProblemCode.INPUT_TOO_LARGE,
                f"a cell near row {row} is over the cap of {MAX_CELL:,} characters "
                "(the longest cell a CSV file may have)",
                source,
                row=row,
            ) from None
        msg = f"{source or 'input'} is not valid CSV near row {row}: {err}"
        raise InputError(msg) from None
    except UnicodeDecodeError as err:
        if raw:
            raise
        msg = (
            f"{source or 'input'} is not valid {err.encoding} (byte {err.start}): {err.reason}; "
            "if it came from Excel on Windows, pass encoding='cp1252'"
        )
        raise InputError(msg) from None
    count = len(columns[0]) if columns else 0
    if count == 0:
        raise fatal(ProblemCode.EMPTY_INPUT, "the input has a header but no people", source)
    row_numbers: Sequence[int] = numbers if numbers is not None else range(start, count + start)
    table = Table(header=header, columns=columns, row_numbers=row_numbers, all_str=not ragged)
    if blank:
        table.notes = (*table.notes, _skipped(blank))
    if seen_guard[0] and _guarded_throughout(header, columns):
        table.header = [_unescape(h) for h in header]
        removed = 0
        for k, column in enumerate(columns):
            columns[k] = [_unescape(v) if type(v) is str else v for v in column]
            removed += sum(a is not b for a, b in zip(column, columns[k], strict=True))
        if removed:
            noun = "cell" if removed == 1 else "cells"
            table.notes = (
                *table.notes,
                f"a leading ' was removed from {removed} {noun}: the spreadsheet-formula "
                "guard before = + - @ (every such cell of the file has it, as orgshape "
                "writes them)",
            )
    return table


def _guarded_throughout(header: list[str], columns: list[list[Any]]) -> bool:
    """Whether the file guards every cell a spreadsheet would run, as orgshape's writer does.

    Only then is a leading ``'`` the guard; a foreign file with a ``'+44`` phone number
    beside an unguarded ``-5`` keeps its apostrophes.
    """
    starts = _FORMULA_START
    for cells in (header, *columns):
        if any(type(v) is str and v[:1] in starts and v for v in cells):
            return False
    return True


def _skipped(rows: list[int]) -> str:
    shown = ", ".join(map(str, rows[:10])) + (", ..." if len(rows) > 10 else "")
    noun = "row" if len(rows) == 1 else "rows"
    return f"{len(rows)} blank {noun} skipped (empty or only spaces): {noun} {shown}"


_FIRST: Final = operator.itemgetter(0)

# Rows are moved into columns a chunk at a time. Small chunks stay in the CPU cache:
# 1,024 rows parse a million-row file about a third faster than 65,536.
_CHUNK: Final = 1024


def _is_comment(line: str) -> bool:
    """A line above the header that is not data.

    draw.io's comments and settings (``## ...``, ``# label: ...``) and the type line
    Windows PowerShell's ``Export-Csv`` writes first (``#TYPE Selected.Microsoft...``).
    """
    return line.startswith(("# ", "##", "#\t", "#TYPE ")) or line.rstrip("\r\n") == "#"


_GUARDED_CELL: Final = re.compile(r"(?:^|[,;\t|\"\n])'[=+\-@'\t\r]")
_GUARD_MARK: Final = re.compile(rb"'[=+\-@'\t\r]")
_ESCAPABLE: Final = frozenset({"=", "+", "-", "@", "'", "\t", "\r"})
_FORMULA_START: Final = frozenset({"=", "+", "-", "@", "\t", "\r"})


def _unescape(cell: str) -> str:
    """Undo the writer's spreadsheet-formula guard (a ``'`` before ``= + - @``)."""
    if cell[:1] == "'" and cell[1:2] in _ESCAPABLE:
        return cell[1:]
    return cell
