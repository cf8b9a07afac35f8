"""Messy tables: HR-export-like input with the traps real exports hold.

Duplicate and blank ids, ``NA`` strings, ids with surrounding whitespace or leading
zeros, managers that loop, name the person themselves or nobody, names in any script,
titles in every spelling, and spreadsheet formulas in extra columns. Managers refer to
ids as written, and references to nobody stay fewer than those to somebody, so that a
lenient read keeps every row.
"""

from __future__ import annotations

import csv
import io
from typing import Final

from hypothesis import strategies as st

from orgshape._ladder import Ladder
from orgshape.strategies._internal.draws import choose
from orgshape.strategies._internal.titles import draw_title, spellings
from orgshape.strategies._internal.words import FIRST, LAST, UNKNOWN_TITLES

__all__ = ["messy"]

_NA: Final = ("NA", "N/A", "null", "NULL", "None", "nan", "NaN", "-", "#N/A", "none")
_COLUMNS: Final = ("id", "name", "title", "manager_id")
_TEXT: Final = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)


_ODD_NAMES: Final = (
    "سارا أحمد",  # right to left
    "דנה לוי",
    "Zoë Ångström",  # NFC ...
    "Zoe\u0308 A\u030angstro\u0308m",  # ... and the same name in NFD
    "王芳",
    "José 🚀",
    "Ana\u200bLima",  # a zero-width space
    "\u202eAmi Lee",  # a right-to-left override
    'O\'Brien, "Jo"',
    "NA",
    "null",
)


def _messy_name(draw: st.DrawFn, row: int) -> str | None:
    kind = draw(st.integers(0, 5))
    if kind <= 2:
        first = FIRST[row % len(FIRST)]
        return f"{first} {LAST[(row // len(FIRST) + row) % len(LAST)]}"
    if kind == 3:
        return choose(draw, ["", " ", None, *_NA])
    if kind == 4:
        return choose(draw, _ODD_NAMES)
    return draw(_TEXT)


def _messy_title(
    draw: st.DrawFn, ladder: Ladder, plain: dict[str, list[str]], row: int
) -> str | None:
    kind = draw(st.integers(0, 4))
    levels = list(plain)
    if kind == 0:  # down the ladder, row by row
        return plain[levels[min(row, len(levels) - 1)]][0]
    if kind == 1:
        level: str = choose(draw, levels)
        return draw_title(draw, ladder, level, plain[level])
    if kind == 2:
        return choose(draw, [*UNKNOWN_TITLES, "", "  ", None, "NA", "Director"])
    if kind == 3:
        level = choose(draw, levels)
        return f" {draw_title(draw, ladder, level, plain[level])}\t"
    return draw(_TEXT)


def _messy_id(draw: st.DrawFn, row: int, ids: list[str]) -> str:
    kind = draw(st.integers(0, 9))
    plain = str(row + 1)
    if kind <= 4 or (kind == 5 and not ids):
        return plain
    if kind == 5:
        return str(choose(draw, ids))  # a duplicate id
    if kind == 6:
        return plain.zfill(draw(st.integers(2, 4)))  # leading zeros: 007
    if kind == 7:
        return str(choose(draw, [f" {plain}", f"{plain} ", f"\t{plain} "]))
    if kind == 8:
        return str(choose(draw, ["", " ", *_NA]))
    return f"{plain}.0" if draw(st.booleans()) else f"E-{plain}"


@st.composite
def _messy_rows(
    draw: st.DrawFn, min_size: int, max_size: int, ladder: Ladder, extra: bool
) -> tuple[list[str], list[list[str | None]]]:
    count = draw(st.integers(min_size, max_size))
    ids: list[str] = []
    for i in range(count):
        ids.append(_messy_id(draw, i, ids))
    # Managers refer to ids as written (so that any cleaning applies to both sides
    # alike), never to a blank or NA id. References to nobody (unknown ids and NA
    # strings, which are ids like any other) stay fewer than those to somebody, so
    # that the manager column reads as ids.
    referable = [k for k, key in enumerate(ids) if key.strip() and key.strip() not in _NA]
    good: set[str] = set()
    bad: set[str] = set()
    managers: list[str | None] = []
    for i in range(count):
        kind = draw(st.integers(0, 9))
        earlier = [k for k in referable if k < i]
        ref: str | None = ""
        if kind <= 5 and earlier:  # an earlier row: a tree
            ref = ids[choose(draw, earlier)]
        elif kind == 6 and referable:  # any row: a loop, or their own id
            ref = ids[choose(draw, referable)]
        elif kind == 7:
            ref = choose(draw, [" ", None, "\t"])
        elif kind >= 8 and len(good) > len(bad):  # nobody: an orphan
            ref = choose(draw, ["999", "E-0", "00", "Ana Lima", *_NA])
        if ref is not None and ref.strip():
            (good if any(ref == ids[k] for k in referable) else bad).add(ref)
        managers.append(ref)
    plain = {name: spellings(ladder, name) for name in ladder.names}
    plain = {name: found for name, found in plain.items() if found}
    columns = list(_COLUMNS)
    rows: list[list[str | None]] = [
        [ids[i], _messy_name(draw, i), _messy_title(draw, ladder, plain, i), managers[i]]
        for i in range(count)
    ]
    if extra and draw(st.booleans()):
        columns.append("location")
        for row in rows:
            row.append(choose(draw, ["Berlin", "São Paulo", "", "=1+1", "@home", "NA"]))
    if extra and draw(st.booleans()):
        columns.append("cost")
        for row in rows:
            row.append(choose(draw, ["120000", "1,5", "n/a", "", "  90000 ", "-5"]))
    return columns, rows


def _csv_text(columns: list[str], rows: list[list[str | None]], newline: str, bom: bool) -> str:
    """The rows as CSV text with ``newline`` between records.

    Each record is written with CRLF (so that the csv module quotes a cell holding
    either character: with LF alone, a cell's bare CR would end the line for any
    reader), then the records are joined with ``newline``.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    lines = []
    records: list[list[str | None]] = [list(columns), *rows]
    for row in records:
        out.seek(0)
        out.truncate()
        writer.writerow(["" if cell is None else cell for cell in row])
        lines.append(out.getvalue()[:-2])
    return ("\ufeff" if bom else "") + "".join(line + newline for line in lines)


@st.composite
def messy(
    draw: st.DrawFn, min_size: int, max_size: int, ladder: Ladder, format: str, extra: bool
) -> list[dict[str, str | None]] | str:
    """The strategy behind :func:`orgshape.strategies.messy_tables` (arguments checked)."""
    columns, rows = draw(_messy_rows(min_size, max_size, ladder, extra))
    if format == "records":
        return [dict(zip(columns, row, strict=True)) for row in rows]
    newline = choose(draw, ["\n", "\r\n"])
    return _csv_text(columns, rows, newline, draw(st.booleans()))
