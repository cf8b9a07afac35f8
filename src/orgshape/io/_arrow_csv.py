"""The fast CSV reader: pyarrow parses a large, plain CSV file into the same table.

Used for files of :data:`FAST_MIN_BYTES` and more when pyarrow is installed
(``pip install 'orgshape[fast]'``). It must give *exactly* the table the pure-Python
reader (:mod:`orgshape.io._csv`) gives, so it only takes files where that can be
checked, and hands every other file back (``None``) with the reason in the debug log:

* UTF-8 (with or without a byte-order mark), comma-separated, the header on the first
  line, without quotes, ``sep=`` or comment lines;
* no blank line, no bare carriage return, no NUL byte, no spreadsheet-formula guard;
* every record as wide as the header (ragged rows: the pure-Python reader pads them),
  and no record of only empty or white-space cells (it skips those, keeps the row
  numbers and says so in the table's notes); no DOS end-of-file mark (Ctrl-Z);
* no cell longer than the ``csv`` module's field size limit (where it stops).

Then every record is one line (so the row numbers are the line numbers), and a line
without a quote splits the same way in any CSV parser. The lines *with* a quote are
parsed again with the ``csv`` module and compared: one difference (a quoted newline, a
stray quote) and the file goes back to the pure-Python reader.

Cells come back as Python strings (``""`` for an empty cell), columns as lists, as the
pure-Python reader makes them; pyarrow's buffers are read directly, never through
pandas (which many Arrow conversions import, costing up to a second).
"""

from __future__ import annotations

import csv
import logging
import operator
import re
from pathlib import Path
from typing import Any, Final

import attrs

from orgshape.io._table import Table, clean_header
from orgshape.io._text import DEFAULT_MAX_COLUMNS, DEFAULT_MAX_ROWS

__all__ = ["FAST_MIN_BYTES", "fast_csv_table"]

#: Files from this size up are read by pyarrow when it is installed (below it, importing
#: pyarrow costs more than it saves; docs/performance.md has the measured break-even).
FAST_MIN_BYTES: Final = 4 * 1024 * 1024

_log = logging.getLogger("orgshape")
_GUARD: Final = re.compile(rb"'[=+\-@'\t\r]")  # orgshape's formula guard, undone in Python


def fast_csv_table(
    path: Path,
    *,
    encoding: str | None,
    delimiter: str | None,
    source: str,
    caps: tuple[int, int] = (DEFAULT_MAX_ROWS, DEFAULT_MAX_COLUMNS),
) -> Table | None:
    """The table of a large CSV file read by pyarrow, or None: read it in pure Python.

    Args:
        path: the file.
        encoding: the encoding the caller asked for (None: detect).
        delimiter: the delimiter the caller asked for (None: detect).
        source: the file's label for the log.
        caps: the most records and columns the caller allows (a file past either is
            left to the pure-Python reader, which reports it).
    """
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size < FAST_MIN_BYTES:
        return None
    try:
        import pyarrow as pa  # noqa: PLC0415 - the optional fast reader, loaded on use
        import pyarrow.csv as pa_csv  # noqa: PLC0415
    except ImportError:
        _log.info(
            "orgshape: %s is %.0f MiB; pip install 'orgshape[fast]' reads large CSV files "
            "several times faster",
            source,
            size / 2**20,
        )
        return None
    table, why = _read(pa, pa_csv, path, encoding, delimiter, caps)
    if table is not None:
        _log.debug("orgshape: %s read by pyarrow (%d records)", source, len(table))
        return table
    _log.debug("orgshape: %s is read in pure Python: %s", source, why)
    return None


def _unsupported(data: bytes, encoding: str | None, delimiter: str | None) -> str | None:
    """Why the bytes need the pure-Python reader, or None when pyarrow may read them."""
    if encoding is not None and encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
        return f"encoding {encoding!r}"
    if delimiter not in (None, ","):
        return f"delimiter {delimiter!r}"
    at = 3 if data.startswith(b"\xef\xbb\xbf") else 0  # (offsets: a slice would copy)
    if data.find(b"\x00", at) >= 0:
        return "NUL bytes (or UTF-16)"
    end = data.find(b"\n", at)
    first = data[at : end if end >= 0 else len(data)].rstrip(b"\r")
    if not first.strip(b" \t,;|") or first.startswith(b"#") or first[:4].lower() == b"sep=":
        return "lines above the header"
    if b'"' in first or b"," not in first or any(c in first for c in (b";", b"\t", b"|")):
        return "the header is quoted or not comma-separated"
    if end < 0:
        return "blank lines"
    return None


def _unsupported_lines(data: bytes, scan: _Scan) -> str | None:
    """Why the lines need the pure-Python reader (blank lines, stray carriage returns...)."""
    import numpy as np  # noqa: PLC0415 - installed with pyarrow (the fast extra)

    every = np.frombuffer(data, dtype=np.uint8)
    gaps = np.diff(scan.newlines)
    if np.any(gaps == 1) or np.any(every[scan.newlines[:-1][gaps == 2] + 1] == 0x0D):
        return "blank lines"  # (a line of nothing, or of a lone carriage return)
    after = scan.returns + 1
    if len(after) and (after[-1] >= len(every) or np.any(every[after] != 0x0A)):
        return "carriage returns that end no line"
    if _GUARD.search(data) is not None:
        return "spreadsheet-formula guards"
    if b"\x1a" in data[-64:]:
        return "a DOS end-of-file mark (Ctrl-Z)"
    return None


def _read(
    pa: Any,
    pa_csv: Any,
    path: Path,
    encoding: str | None,
    delimiter: str | None,
    caps: tuple[int, int],
) -> tuple[Table | None, str | None]:
    """Read and check the file; (table, None), or (None, why the pure-Python reader must).

    The bytes are read once for the checks and freed; pyarrow then streams the file in
    blocks, each block's cells turned into strings before the next is parsed, so that
    neither the bytes nor a whole Arrow table is alive beside the strings.
    """
    data = path.read_bytes()
    why = _unsupported(data, encoding, delimiter)
    if why is not None:
        return None, why
    scan = _scan(data)
    why = _unsupported_lines(data, scan)
    if why is not None:
        return None, why
    width = data[: data.find(b"\n")].count(b",") + 1
    n_lines = len(scan.newlines) + (0 if data.endswith(b"\n") else 1)
    if n_lines - 1 > caps[0] or width > caps[1]:
        return None, "more records or columns than the caps allow"
    quoted = _quoted_lines(data, scan)
    del data, scan
    if isinstance(quoted, str):
        return None, quoted
    read = pa_csv.ReadOptions(
        use_threads=False,  # (measured faster than pyarrow's pool on a busy two-core machine)
        autogenerate_column_names=True,
        block_size=_BLOCK,
    )
    convert = pa_csv.ConvertOptions(  # (dictionary-encoded: see _extend)
        column_types={f"f{k}": pa.dictionary(pa.int32(), pa.string()) for k in range(width)},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    columns: list[list[Any]] = [[] for _ in range(width)]
    shared: list[dict[str, str] | None] = [{} for _ in range(width)]
    try:
        with pa_csv.open_csv(
            path, read_options=read, convert_options=convert, memory_pool=pa.system_memory_pool()
        ) as batches:
            if len(batches.schema) != width:
                return None, "the header and the records differ in width"
            for batch in batches:
                why = _check_lengths(batch)
                if why is not None:
                    return None, why
                for k, array in enumerate(batch.columns):
                    shared[k] = _extend(columns[k], array, shared[k])
    except (pa.ArrowException, UnicodeError, OSError) as err:  # ragged rows, bad UTF-8...
        return None, f"pyarrow: {err}"
    if len(columns[0]) != n_lines:
        return None, "records and lines differ (quoted newlines)"
    if n_lines < 2:
        return None, "no records"
    why = _same_cells(quoted, columns) or _blank_records(columns)
    if why is not None:
        return None, why
    header = clean_header([column[0] for column in columns])
    for column in columns:
        del column[0]
    count = len(columns[0])
    rows = range(2, count + 2)  # the header is row 1
    return Table(header=header, columns=columns, row_numbers=rows, all_str=True), None


#: The bytes pyarrow parses at a time (a block's Arrow buffers are then freed).
_BLOCK: Final = 1 << 20


def _extend(column: list[Any], array: Any, shared: dict[str, str] | None) -> dict[str, str] | None:
    """Append a block's cells (a dictionary-encoded array) to ``column`` as strings.

    pyarrow makes one Python string per distinct cell of the block and the cells are
    picked from those by their codes: a column of few values (titles, functions,
    locations, amounts) costs a few strings instead of one per row, in time and in
    memory. ``shared`` makes equal cells of different blocks one string object too; a
    column whose blocks are mostly distinct values (ids, names, emails) stops sharing
    (None is returned for it), as a dictionary of every cell would cost more than it saves.
    """
    import numpy as np  # noqa: PLC0415 - installed with pyarrow (the fast extra)

    values: list[str] = array.dictionary.to_pylist()
    if shared is not None:
        if len(values) * 2 > len(array):
            shared = None
        else:
            values = list(map(shared.setdefault, values, values))
    indices = array.indices
    codes = np.frombuffer(
        indices.buffers()[1], dtype=np.int32, count=len(indices), offset=indices.offset * 4
    )
    picked = np.empty(len(values), dtype=object)  # (numpy's take: twice a Python map's speed)
    picked[:] = values
    column.extend(picked[codes].tolist())
    return shared


def _check_lengths(batch: Any) -> str | None:
    """Why a block's cell lengths need the pure-Python reader (or None), from the offsets.

    A cell past the ``csv`` module's field size limit stops that reader. numpy reads
    the offsets buffer of each column's distinct values as it is (pyarrow.compute would
    cost a slow import).
    """
    import numpy as np  # noqa: PLC0415 - installed with pyarrow (the fast extra)

    limit = csv.field_size_limit()
    for array in batch.columns:
        values = array.dictionary
        n = len(values)
        offsets = np.frombuffer(
            values.buffers()[1], dtype=np.int32, count=n + 1, offset=values.offset * 4
        )
        if n and int(np.diff(offsets).max()) > limit:
            return "a cell longer than the csv field size limit"
    return None


def _blank_records(columns: list[list[Any]]) -> str | None:
    """Whether a record has only empty or white-space cells (which that reader skips).

    Only records whose first cell is blank can be such a record: one C-level pass finds
    whether there are any.
    """
    first = columns[0]
    if all(map(str.strip, first)):
        return None
    for k, cell in enumerate(first):
        if not cell.strip() and not any(column[k].strip() for column in columns):
            return "records of only empty or white-space cells"
    return None


@attrs.frozen
class _Scan:
    """Where a file's newlines, quotes and carriage returns are (byte offsets, numpy)."""

    newlines: Any
    quotes: Any
    returns: Any


def _scan(data: bytes) -> _Scan:
    """Find the newlines, quotes and carriage returns of the file.

    numpy compares a slice of the file at a time, so that its comparison arrays stay small.
    """
    import numpy as np  # noqa: PLC0415 - installed with pyarrow (the fast extra)

    every = np.frombuffer(data, dtype=np.uint8)
    found: tuple[list[Any], ...] = ([], [], [])
    for at in range(0, len(every), _SCAN):
        part = every[at : at + _SCAN]
        for where, byte in zip(found, (0x0A, 0x22, 0x0D), strict=True):
            where.append(np.flatnonzero(part == byte) + at)
    empty = np.zeros(0, dtype=np.intp)
    return _Scan(*(np.concatenate([empty, *where]) for where in found))


def _quoted_lines(data: bytes, scan: _Scan) -> tuple[list[int], list[str]] | str:
    """Each line holding a quote: (line numbers, lines), or why they cannot be checked.

    Line 0 is the header, so line ``k`` is record ``k`` of pyarrow's table. Python only
    decodes the quoted lines.
    """
    import numpy as np  # noqa: PLC0415 - installed with pyarrow (the fast extra)

    ends, found = scan.newlines, scan.quotes
    if not len(found):
        return [], []
    numbers = np.unique(np.searchsorted(ends, found))  # a quote's line: the newlines before it
    bounds = np.concatenate(([-1], ends, [len(data)]))  # line k: bounds[k] + 1 to bounds[k + 1]
    try:
        starts, stops = (bounds[numbers] + 1).tolist(), bounds[numbers + 1].tolist()
        lines = [
            data[a:b].rstrip(b"\r").decode("utf-8") for a, b in zip(starts, stops, strict=True)
        ]
    except UnicodeDecodeError:
        return "invalid UTF-8"
    return numbers.tolist(), lines


#: The bytes compared at a time when finding newlines and quotes.
_SCAN: Final = 1 << 24


def _same_cells(quoted: tuple[list[int], list[str]], columns: list[list[Any]]) -> str | None:
    """Why the ``csv`` module splits a quoted line differently from pyarrow, or None.

    The lines are parsed a slice at a time, and compared column by column.
    """
    numbers, lines = quoted
    width = len(columns)
    for at in range(0, len(numbers), _SLICE):
        some = numbers[at : at + _SLICE]
        try:
            parsed = list(csv.reader(lines[at : at + _SLICE], strict=False))
        except csv.Error as err:
            return f"the csv module: {err}"
        if len(parsed) != len(some) or any(len(cells) != width for cells in parsed):
            return "a quoted cell runs over a line end"
        pick = operator.itemgetter(*some)
        for k, (column, cells) in enumerate(zip(columns, zip(*parsed, strict=True), strict=True)):
            given = pick(column)
            if (given if len(some) > 1 else (given,)) != cells:
                return f"column {k + 1} parses differently on a quoted line"
    return None


_SLICE: Final = 4096
