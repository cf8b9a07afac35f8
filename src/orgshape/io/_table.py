"""Raw tables: what every reader produces before columns are mapped to fields.

A :class:`Table` is a header and rows of raw values (strings for CSV; any JSON/YAML
scalar otherwise; :data:`~orgshape._model.MISSING` where a record has no such column),
plus the 1-based source row of each record. Readers never interpret values: mapping and
type conversion happen in one place (``_build``).

What readers do undo: CSV text encodings and line endings, draw.io ``#`` settings lines
and Excel's ``sep=`` line above the header, the spreadsheet-formula guard orgshape's
writer adds; JSON/YAML wrappers (``Report_Entry``, ``data``...), nested objects
(flattened to dotted keys), Personio's ``{label, value}`` and ``{type, attributes}``
wrappings and Workday's one-element groups. A key given twice in one object is an
error, not a silent "last one wins".
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
import mmap
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Final

import attrs

from orgshape._model import MISSING
from orgshape._problems import Problem, ProblemCode
from orgshape.exceptions import DataError, InputError

__all__ = ["FORMATS", "Table", "decode", "parse_csv", "parse_json", "parse_yaml", "records_table"]

#: Suffix → format name.
FORMATS: Final = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
}

DEFAULT_MAX_BYTES: Final = 1 << 30  # 1 GiB: a million-row export is ~100 MB
DEFAULT_MAX_YAML_BYTES: Final = 64 << 20  # YAML is slow to parse; 64 MiB is plenty
CHILD_KEYS: Final = ("reports", "children", "direct_reports", "directReports")
_WRAPPER_KEYS: Final = (
    "Report_Entry",
    "positions",
    "people",
    "employees",
    "workers",
    "data",
    "results",
    "records",
    "rows",
    "users",
    "values",
)


@attrs.define(slots=True)
class Table:
    """A header and columns of raw values (private to the io layer)."""

    header: list[str]
    columns: list[list[Any]]
    row_numbers: Sequence[int]
    nested_parent: list[int] | None = None  # for nested trees: index of the parent record
    all_str: bool = False  # every cell is a str (CSV without ragged rows)
    cache: dict[tuple[str, int], Any] = attrs.Factory(dict)  # converted columns, shared

    def __len__(self) -> int:
        return len(self.row_numbers)

    @classmethod
    def from_rows(cls, header: list[str], rows: Sequence[Sequence[Any]]) -> Table:
        """A table from row-major data (records, DataFrames), numbered from 1."""
        columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in header]
        return cls(header=header, columns=columns, row_numbers=range(1, len(rows) + 1))


def _fatal(
    code: ProblemCode, message: str, source: str | None, row: int | None = None
) -> DataError:
    return DataError([Problem(code=code, message=message, row=row)], source=source)


# --------------------------------------------------------------------------- bytes → text


def read_bytes(path: Path, *, max_bytes: int, source: str) -> bytes:
    """The bytes of a file, refusing files over the size cap."""
    check_size(path, max_bytes=max_bytes, source=source)
    try:
        return path.read_bytes()
    except OSError as err:
        msg = f"cannot read {os.fspath(path)!r}: {err.strerror or err}"
        raise InputError(msg) from None


def check_size(path: Path, *, max_bytes: int, source: str) -> None:
    """Refuse a missing file, a folder or a file over the size cap."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        msg = f"no such file: {os.fspath(path)!r}"
        raise InputError(msg) from None
    except (OSError, ValueError) as err:  # ValueError: a NUL character in the path
        msg = f"cannot read {os.fspath(path)!r}: {getattr(err, 'strerror', None) or err}"
        raise InputError(msg) from None
    if path.is_dir():
        msg = f"{os.fspath(path)!r} is a folder, not a file"
        raise InputError(msg)
    if size > max_bytes:
        raise too_large(size, max_bytes, source)


def too_large(size: int, max_bytes: int, source: str | None) -> DataError:
    return _fatal(
        ProblemCode.INPUT_TOO_LARGE,
        f"the input is {size:,} bytes, over the cap of {max_bytes:,} bytes "
        "(raise it with max_bytes=)",
        source,
    )


def clean_strings(values: list[str], *, strip: bool) -> list[str | None]:
    """Empty cells → None; with ``strip``, surrounding spaces removed (None if nothing left).

    Without ``strip``, a cell of only spaces is empty too but other cells stay verbatim.
    """
    stripped = list(map(str.strip, values))
    if "" not in stripped:  # the common case: no empty cell, one C-level pass
        return stripped if strip else values  # type: ignore[return-value]
    if strip:
        return [v or None for v in stripped]
    return [v if s else None for v, s in zip(values, stripped, strict=True)]


def sniff_encoding(head: bytes, encoding: str | None) -> str:
    """The encoding to open a text file with, from its first bytes."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            msg = f"unknown encoding {encoding!r}"
            raise InputError(msg) from None
        return encoding
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return _utf16_without_bom(head) or "utf-8"


def _utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when the bytes look like BOM-less UTF-16.

    Mostly-ASCII UTF-16 text has a zero in every other byte (which is also valid
    UTF-8, so this must be checked before trying UTF-8).
    """
    if not head or head.count(0) * 3 <= len(head):
        return None
    return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"


def csv_file_table(
    path: Path, *, encoding: str | None, delimiter: str | None, source: str
) -> Table:
    """Stream a CSV file into a table without holding its whole text."""
    with path.open("rb") as raw:
        head = raw.read(4096)
    chosen = sniff_encoding(head, encoding)
    guarded: bool | None = None
    if chosen in ("utf-8", "utf-8-sig") and head:
        with path.open("rb") as raw, mmap.mmap(raw.fileno(), 0, access=mmap.ACCESS_READ) as view:
            guarded = _GUARD_MARK.search(view) is not None  # one pass over the bytes
    try:
        with path.open(encoding=chosen, newline="") as stream:
            table = parse_csv(stream, delimiter=delimiter, source=source, guarded=guarded)
    except UnicodeError as err:
        msg = (
            f"{source} is not valid {chosen}: {err}; if it came from Excel, pass encoding='cp1252'"
        )
        raise InputError(msg) from None
    if table.header and table.header[0].startswith("\ufeff"):
        table.header[0] = table.header[0].removeprefix("\ufeff")
    return table


def decode(data: bytes, *, encoding: str | None = None, source: str | None = None) -> str:
    """Bytes to text: a UTF-8 or UTF-16 byte-order mark wins; then UTF-8; else an error.

    Raises:
        InputError: the bytes are not valid in the encoding (with a hint).
    """
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            msg = f"unknown encoding {encoding!r}"
            raise InputError(msg) from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            msg = f"{source or 'input'} is not valid {encoding} (byte {err.start}): {err.reason}"
            raise InputError(msg) from None
        return text.removeprefix("\ufeff")
    if data.startswith(codecs.BOM_UTF8):
        return _decode_as(data[3:], "utf-8", source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(data, "utf-16", source)
    utf16 = _utf16_without_bom(data[:4096])
    if utf16 is not None:
        return _decode_as(data, utf16, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        msg = (
            f"{source or 'input'} is not UTF-8 (byte {err.start} is {data[err.start]:#04x}); "
            "if it came from Excel on Windows, pass encoding='cp1252'"
        )
        raise InputError(msg) from None


def _decode_as(data: bytes, encoding: str, source: str | None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        msg = f"{source or 'input'} is not valid {encoding} (byte {err.start}): {err.reason}"
        raise InputError(msg) from None


# --------------------------------------------------------------------------- CSV


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
) -> Table:
    """Parse CSV lines (any line ending, quoted newlines) into a table, streaming.

    The header is row 1; the first record is row 2, as a spreadsheet shows it. Blank
    lines and rows of empty cells are skipped; short rows are padded with MISSING; cells
    past the header get ``column<N>`` names.
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
        raise _fatal(ProblemCode.EMPTY_INPUT, "the input is empty", source)
    sep = delimiter or excel_sep or _sniff_delimiter(first)
    reader = csv.reader(itertools.chain((first,), it), delimiter=sep, strict=False)
    start = row = lead + 2
    try:
        header = clean_header(next(reader))
        width = len(header)
        columns: list[list[Any]] = [[] for _ in range(width)]
        numbers: list[int] | None = None
        ragged = False
        while True:
            chunk = list(itertools.islice(reader, _CHUNK))
            if not chunk:
                break
            rows_here = range(row, row + len(chunk))
            row += len(chunk)
            if not all(map(any, chunk)):  # blank lines, rows of empty cells
                kept = [k for k, r in enumerate(chunk) if any(r)]
                if numbers is None:
                    numbers = list(range(start, rows_here.start))
                numbers.extend(rows_here[k] for k in kept)
                chunk = [chunk[k] for k in kept]
            elif numbers is not None:
                numbers.extend(rows_here)
            if not chunk:
                continue
            widths = set(map(len, chunk))
            if widths != {width}:
                ragged = True
                widest = max(widths)
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
        msg = f"{source or 'input'} is not valid CSV near row {row}: {err}"
        raise InputError(msg) from None
    except UnicodeDecodeError as err:
        msg = (
            f"{source or 'input'} is not valid {err.encoding} (byte {err.start}): {err.reason}; "
            "if it came from Excel on Windows, pass encoding='cp1252'"
        )
        raise InputError(msg) from None
    count = len(columns[0]) if columns else 0
    if count == 0:
        raise _fatal(ProblemCode.EMPTY_INPUT, "the input has a header but no people", source)
    row_numbers: Sequence[int] = numbers if numbers is not None else range(start, count + start)
    table = Table(header=header, columns=columns, row_numbers=row_numbers, all_str=not ragged)
    if seen_guard[0]:
        table.header = [_unescape(h) for h in header]
        for k, column in enumerate(columns):
            columns[k] = [_unescape(v) if type(v) is str else v for v in column]
    return table


# Rows are moved into columns a chunk at a time. Small chunks stay in the CPU cache:
# 1,024 rows parse a million-row file about a third faster than 65,536.
_CHUNK: Final = 1024


def _is_comment(line: str) -> bool:
    """A draw.io-style comment or setting above the header (``## ...``, ``# label: ...``)."""
    return line.startswith(("# ", "##", "#\t")) or line.rstrip("\r\n") == "#"


_GUARDED_CELL: Final = re.compile(r"(?:^|[,;\t|\"\n])'[=+\-@'\t\r]")
_GUARD_MARK: Final = re.compile(rb"'[=+\-@'\t\r]")
_ESCAPABLE: Final = frozenset({"=", "+", "-", "@", "'", "\t", "\r"})


def _unescape(cell: str) -> str:
    """Undo the writer's spreadsheet-formula guard (a ``'`` before ``= + - @``)."""
    if cell[:1] == "'" and cell[1:2] in _ESCAPABLE:
        return cell[1:]
    return cell


def clean_header(cells: Sequence[str]) -> list[str]:
    header: list[str] = []
    seen: dict[str, int] = {}
    for k, raw in enumerate(cells):
        name = raw.removeprefix("\ufeff").strip() or f"column{k + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        header.append(name)
    return header


# --------------------------------------------------------------------------- JSON / YAML


def parse_json(text: str, *, source: str | None = None) -> Table:
    """Parse JSON: a list of records, a wrapped list, or a nested ``reports:`` tree."""
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except _DuplicateKeyError as err:
        msg = (
            f"{source or 'input'} is not valid org data: an object has the key "
            f"{err.args[0]!r} twice (JSON readers would silently keep only the last)"
        )
        raise InputError(msg) from None
    except RecursionError:
        raise _fatal(
            ProblemCode.NESTING_TOO_DEEP,
            "the JSON nests too deeply to read; write deep orgs as flat rows "
            "(id, manager_id) instead of nested reports",
            source,
        ) from None
    except json.JSONDecodeError as err:
        where = f"line {err.lineno} column {err.colno}"
        msg = f"{source or 'input'} is not valid JSON: {err.msg} at {where}"
        raise InputError(msg) from None
    return data_table(data, source=source)


class _DuplicateKeyError(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice instead of keeping the last."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return obj


def parse_yaml(text: str, *, source: str | None = None) -> Table:
    """Parse YAML safely: no tags, no anchors or aliases; only null is resolved.

    Every other plain scalar stays a string, so ``id: 007`` is ``"007"`` (YAML 1.1
    would read it as the octal number 7).
    """
    from orgshape.io._yaml import load_yaml  # noqa: PLC0415  (keeps PyYAML off import time)

    data = load_yaml(text, source=source)
    return data_table(data, source=source)


def data_table(data: Any, *, source: str | None = None) -> Table:
    """A table from parsed JSON/YAML data (records, wrapped records or a nested tree)."""
    if data is None or data in ([], {}, ""):
        raise _fatal(ProblemCode.EMPTY_INPUT, "the input has no people", source)
    if isinstance(data, Mapping):
        wrapped = _unwrap(data)
        if wrapped is not None:
            data = wrapped
        elif _child_keys([data]):
            data = [data]
        else:
            raise _fatal(
                ProblemCode.MISSING_COLUMN,
                "expected a list of people (or an object with a list under one of "
                f"{', '.join(_WRAPPER_KEYS)}), got an object with keys "
                f"{', '.join(map(str, list(data)[:8]))}",
                source,
            )
    if not isinstance(data, list):
        raise _fatal(
            ProblemCode.MISSING_COLUMN,
            f"expected a list of people, got {type(data).__name__}",
            source,
        )
    if not data:
        raise _fatal(ProblemCode.EMPTY_INPUT, "the input has no people", source)
    if _child_keys(data):
        return _nested_table(data, source=source)
    return records_table(data, source=source)


def _unwrap(data: Mapping[str, Any]) -> list[Any] | None:
    for key in _WRAPPER_KEYS:
        value = data.get(key)
        if isinstance(value, list):
            return value
    lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], Mapping)]
    if len(data) == 1 and len(lists) == 1:
        return lists[0]
    return None


def records_table(records: Iterable[Any], *, source: str | None = None) -> Table:
    """A table from records (dicts); nested objects flatten to dotted keys."""
    flat: list[dict[str, Any]] = []
    numbers: list[int] = []
    for k, record in enumerate(records, start=1):
        if not isinstance(record, Mapping):
            raise _fatal(
                ProblemCode.MISSING_COLUMN,
                f"record {k} is a {type(record).__name__}, not an object with fields",
                source,
                row=k,
            )
        flat.append(_flatten(record))
        numbers.append(k)
    return _table_from_flat(flat, numbers)


def _table_from_flat(flat: list[dict[str, Any]], numbers: list[int]) -> Table:
    keys: dict[str, None] = {}
    for record in flat:
        keys.update(dict.fromkeys(record))
    header = _drop_null_parents(list(keys), flat)
    columns = [[r.get(h, MISSING) for r in flat] for h in header]
    return Table(header=header, columns=columns, row_numbers=numbers)


_LABELLED: Final = frozenset({"label", "value", "type", "universal_id"})
_TYPED: Final = frozenset({"type", "id", "attributes"})


def _unwrap_value(value: Mapping[str, Any]) -> Any:
    """The payload of a wrapped value, or ``value`` itself when it is not wrapped.

    Two API wrappings are undone: Personio's ``{"label": ..., "value": ...}`` attribute
    and a JSON:API-style ``{"type": "Employee", "attributes": {...}}`` object (an ``id``
    beside the attributes is kept).
    """
    keys = value.keys()
    if "value" in keys and keys <= _LABELLED:
        return value["value"]
    attributes = value.get("attributes")
    if isinstance(attributes, Mapping) and keys <= _TYPED:
        if "id" in keys and "id" not in attributes:
            return {"id": value["id"], **attributes}
        return attributes
    return value


def _drop_null_parents(header: list[str], flat: list[dict[str, Any]]) -> list[str]:
    """Leave out a key that is only ever null where other records have an object.

    HiBob writes ``"reportsTo": null`` for the top person and an object for everyone
    else; the null says nothing the missing ``reportsTo.id`` does not already say.
    """
    prefixes = {h.rpartition(".")[0] for h in header if "." in h}
    dropped = {h for h in header if h in prefixes and all(r.get(h) is None for r in flat)}
    return [h for h in header if h not in dropped] if dropped else header


def _flatten(record: Mapping[str, Any]) -> dict[str, Any]:
    """Flatten nested objects to dotted keys, iteratively, undoing API wrappings.

    ``{"work": {"title": "PM"}}`` → ``{"work.title": "PM"}``; a one-element list of
    objects (Workday's ``Worker_s_Manager_group``) is read as that object; a longer list
    of flat objects becomes one list per key (``{"group.Manager_ID": ["1", "2"]}``).
    """
    out: dict[str, Any] = {}
    top = _unwrap_value(record)
    if not isinstance(top, Mapping):
        top = record
    stack: list[tuple[str, Any]] = [(str(k), v) for k, v in reversed(list(top.items()))]
    while stack:
        key, value = stack.pop()
        if isinstance(value, Mapping):
            unwrapped = _unwrap_value(value)
            if unwrapped is not value:
                stack.append((key, unwrapped))
                continue
            if not value:
                out[key] = value
                continue
            stack.extend((f"{key}.{k}", v) for k, v in reversed(list(value.items())))
        elif (
            isinstance(value, list)
            and value
            and key not in CHILD_KEYS
            and all(isinstance(v, Mapping) for v in value)
        ):
            if len(value) == 1:
                stack.append((key, value[0]))  # Workday's one-element groups
                continue
            items = [_unwrap_value(v) for v in value]
            if not all(
                isinstance(item, Mapping)
                and not any(isinstance(v, Mapping | list) for v in item.values())
                for item in items
            ):
                out[key] = value
                continue
            entries = [{str(k): v for k, v in item.items()} for item in items]
            subkeys: dict[str, None] = {}
            for entry in entries:
                subkeys.update(dict.fromkeys(entry))
            for sub in subkeys:  # a group with several entries: one list per key
                out[f"{key}.{sub}"] = [entry.get(sub) for entry in entries]
        else:
            out[key] = value
    return out


def _child_keys(records: list[Any]) -> set[str]:
    """The child keys (``reports``, ``children``...) the records hold lists under.

    Only a list makes a tree: a flat file can have a ``reports`` column of text.
    """
    return {
        k
        for r in records
        if isinstance(r, Mapping)
        for k in CHILD_KEYS
        if isinstance(r.get(k), list)
    }


def _nested_table(roots: list[Any], *, source: str | None) -> Table:
    """Flatten a nested ``reports:`` tree, iteratively (no recursion).

    The child keys are those the top records use for lists; below, the same keys hold
    the reports (an empty one may be null), and any other key is a field.
    """
    child_keys = _child_keys(roots)
    flat: list[dict[str, Any]] = []
    parents: list[int] = []
    stack: list[tuple[Any, int]] = [(r, -1) for r in reversed(roots)]
    while stack:
        node, parent = stack.pop()
        k = len(flat) + 1
        if not isinstance(node, Mapping):
            raise _fatal(
                ProblemCode.MISSING_COLUMN,
                f"record {k} is a {type(node).__name__}, not an object with fields",
                source,
                row=k,
            )
        children: list[Any] = []
        fields: dict[str, Any] = {}
        for key, value in node.items():
            if key in child_keys and isinstance(value, list):
                children.extend(value)
            elif key in child_keys and value is None:
                continue
            else:
                fields[str(key)] = value
        index = len(flat)
        flat.append(_flatten(fields))
        parents.append(parent)
        stack.extend((child, index) for child in reversed(children))
    table = _table_from_flat(flat, list(range(1, len(flat) + 1)))
    table.nested_parent = parents
    return table


def open_text(stream: IO[Any]) -> str | bytes:
    """Read everything from a file object (text or binary)."""
    return stream.read()  # type: ignore[no-any-return]
