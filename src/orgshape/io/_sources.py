"""Which reader for which source: the first step of every read.

A source is a path, an open file (text or binary), a list of records or a mapping, a
pandas or polars DataFrame, a networkx graph, or an executed database cursor. Each kind
has one reader, and every reader returns a :class:`~orgshape.io._table.Table`; nothing
here looks at what the columns mean.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Final

from orgshape._problems import Problem, ProblemCode
from orgshape.exceptions import DataError, InputError
from orgshape.io._arrow_csv import fast_csv_table
from orgshape.io._csv import csv_file_table, parse_csv, without_dos_eof
from orgshape.io._cursor import cursor_table, is_cursor
from orgshape.io._formats import format_of
from orgshape.io._frames import frame_table, is_frame
from orgshape.io._graph import graph_table, is_graph
from orgshape.io._json import parse_json
from orgshape.io._records import data_table
from orgshape.io._table import Table
from orgshape.io._text import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_COLUMNS,
    DEFAULT_MAX_ROWS,
    DEFAULT_MAX_YAML_BYTES,
    check_size,
    decode,
    is_regular,
    read_bytes,
    read_special,
    too_large,
    too_many,
)
from orgshape.io._xlsx import xlsx_table

__all__ = ["Source", "example_stream", "label_of", "read_table", "too_deep"]

#: What :func:`orgshape.read` accepts.
Source = str | os.PathLike[str] | IO[str] | IO[bytes] | Any
_EXAMPLE: Final = "example_org.csv"


def label_of(source: Source) -> str | None:
    """What problems and errors call the source: its path or file name, if it has one."""
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


@contextlib.contextmanager
def too_deep(label: str | None) -> Iterator[None]:
    """Turn a RecursionError (a value nested thousands deep) into NESTING_TOO_DEEP.

    A MemoryError (an input too large for this machine) becomes INPUT_TOO_LARGE.
    """
    try:
        yield
    except RecursionError:
        problem = Problem(
            code=ProblemCode.NESTING_TOO_DEEP,
            message="a value nests too deeply to read (lists or objects thousands deep)",
        )
        raise DataError([problem], source=label) from None
    except MemoryError:
        problem = Problem(
            code=ProblemCode.INPUT_TOO_LARGE,
            message="the input is too large for this machine's memory (reading takes about "
            "ten times a file's size); read a part of it, or lower max_bytes= or max_rows= "
            "so that such input is refused before memory runs out",
        )
        raise DataError([problem], source=label) from None


def example_stream() -> IO[bytes]:
    """The bundled example org's CSV file, as a named binary stream."""
    from importlib import resources  # noqa: PLC0415  (pulls in zipfile & co.: only here)

    stream = io.BytesIO(resources.files("orgshape").joinpath("data", _EXAMPLE).read_bytes())
    stream.name = _EXAMPLE
    return stream


def read_table(
    source: Source,
    *,
    format: str | None,
    encoding: str | None,
    delimiter: str | None,
    max_bytes: int | None,
    label: str | None,
    sheet: str | int | None = None,
    max_rows: int | None = None,
    max_columns: int | None = None,
) -> Table:
    """Read ``source`` with the reader for its kind (``sheet``: of an Excel workbook).

    Raises:
        InputError: the source cannot be read, or is of no kind orgshape reads.
        DataError: the source holds nothing to load (empty, too large, too deep).
    """
    rows = max_rows or DEFAULT_MAX_ROWS
    columns = max_columns or DEFAULT_MAX_COLUMNS
    table = _read(
        source,
        format=format,
        encoding=encoding,
        delimiter=delimiter,
        max_bytes=max_bytes,
        label=label,
        sheet=sheet,
        caps=(rows, columns),
    )
    if len(table.header) > columns:
        raise too_many("columns", len(table.header), columns, "max_columns", label)
    if len(table) > rows:
        raise too_many("rows", len(table), rows, "max_rows", label)
    return table


def _read(
    source: Source,
    *,
    format: str | None,
    encoding: str | None,
    delimiter: str | None,
    max_bytes: int | None,
    label: str | None,
    sheet: str | int | None,
    caps: tuple[int, int],
) -> Table:
    path = isinstance(source, str | os.PathLike)
    fmt = format_of(source, format) if path or hasattr(source, "read") else None
    if fmt == "xlsx":
        workbook = Path(source) if isinstance(source, str | os.PathLike) else source
        return xlsx_table(
            workbook, sheet=sheet, max_bytes=_cap(fmt, max_bytes), label=label, caps=caps
        )
    if sheet is not None:
        msg = f"sheet={sheet!r} is for Excel workbooks (.xlsx); {label or 'the input'} is not one"
        raise InputError(msg)
    if isinstance(source, str | os.PathLike):
        return _path_table(
            Path(source),
            format=format_of(source, format),
            encoding=encoding,
            delimiter=delimiter,
            max_bytes=max_bytes,
            label=label,
            caps=caps,
        )
    if hasattr(source, "read"):
        return _stream_table(
            source,
            format=format,
            encoding=encoding,
            delimiter=delimiter,
            max_bytes=max_bytes,
            label=label,
            caps=caps,
        )
    if is_graph(source):
        return graph_table(source)
    if is_frame(source):
        return frame_table(source, source=label)
    if is_cursor(source):
        return cursor_table(source, source=label)
    if isinstance(source, list | tuple):
        return data_table(list(source), source=label)
    if isinstance(source, Mapping):
        return data_table(source, source=label)
    msg = (
        f"cannot read an org from {type(source).__name__}; give a path, an open file, a list "
        "of dicts, a pandas or polars DataFrame, a networkx DiGraph or a database cursor"
    )
    raise InputError(msg)


def _cap(fmt: str, max_bytes: int | None) -> int:
    return max_bytes or (DEFAULT_MAX_YAML_BYTES if fmt == "yaml" else DEFAULT_MAX_BYTES)


def _path_table(
    path: Path,
    *,
    format: str,
    encoding: str | None,
    delimiter: str | None,
    max_bytes: int | None,
    label: str | None,
    caps: tuple[int, int],
) -> Table:
    cap = _cap(format, max_bytes)
    if delimiter is None and path.suffix.lower() == ".tsv":
        delimiter = "\t"
    if not is_regular(path):  # a named pipe, /dev/stdin, a device: read with the cap
        raw = read_special(path, max_bytes=cap, source=label or "")
        text = decode(raw, encoding=encoding, source=label)
        return _text_table(text.removeprefix("\ufeff"), format, delimiter, label, caps)
    if format == "csv":
        check_size(path, max_bytes=cap, source=label or "")
        fast = fast_csv_table(
            path, encoding=encoding, delimiter=delimiter, source=label or "", caps=caps
        )
        if fast is not None:  # a large, plain file that pyarrow reads exactly the same
            return fast
        return csv_file_table(
            path, encoding=encoding, delimiter=delimiter, source=label or "", caps=caps
        )
    raw = read_bytes(path, max_bytes=cap, source=label or "")
    text = decode(raw, encoding=encoding, source=label)
    return _text_table(text, format, delimiter, label, caps)


def _stream_table(
    stream: Any,
    *,
    format: str | None,
    encoding: str | None,
    delimiter: str | None,
    max_bytes: int | None,
    label: str | None,
    caps: tuple[int, int],
) -> Table:
    fmt = format_of(stream, format)
    cap = _cap(fmt, max_bytes)
    try:
        data = stream.read(cap + 1)
    except UnicodeDecodeError as err:
        msg = (
            f"{label or 'the stream'} is not valid {err.encoding} (byte {err.start}); "
            "open it in binary mode, or with the right encoding"
        )
        raise InputError(msg) from None
    except OSError as err:
        msg = f"cannot read {label or 'the stream'}: {err}"
        raise InputError(msg) from None
    if not isinstance(data, str | bytes):
        msg = f"the stream gave {type(data).__name__}, not text or bytes"
        raise InputError(msg)
    if len(data) > cap:
        raise too_large(len(data), cap, label)
    text = decode(data, encoding=encoding, source=label) if isinstance(data, bytes) else data
    return _text_table(text.removeprefix("\ufeff"), fmt, delimiter, label, caps)


def _text_table(
    text: str, fmt: str, delimiter: str | None, label: str | None, caps: tuple[int, int]
) -> Table:
    if "\x1a" in text[-64:]:  # the DOS end-of-file mark (Ctrl-Z) old exports end with
        text = without_dos_eof(text)
    if fmt == "csv":
        return parse_csv(
            io.StringIO(text, newline=""), delimiter=delimiter, source=label, caps=caps
        )
    if fmt == "json":
        return parse_json(text, source=label)
    from orgshape.io._yaml import parse_yaml  # noqa: PLC0415  (keeps PyYAML off import time)

    return parse_yaml(text, source=label)
