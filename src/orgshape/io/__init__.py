"""Reading and writing org data: CSV, JSON, YAML, records, DataFrames and HR exports.

Glossary:
    source row: the 1-based row a person came from; in a CSV file the header is row 1,
        so the first person is row 2, as a spreadsheet shows it.
    column mapping: which input column holds the id, the name, the manager... (see
        :class:`ColumnMapping`); found from header synonyms and the data, printable and
        overridable.
    profile: a named HR-export shape (``"workday"``, ``"bamboohr"``, ``"hibob"`` ...).
    strict / lenient: a strict read raises one :class:`~orgshape.DataError` listing every
        data problem; a lenient read (``strict=False``) keeps everybody and puts the
        problems on ``Org.problems`` so that validation reports them.

Conventions: ids are strings (``007`` stays ``007``); an empty and a missing cell stay
distinct in extra columns; read → write → read gives an equal org for every format.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Final

from orgshape._gc import gc_paused
from orgshape._ladder import Ladder
from orgshape._model import Org
from orgshape._problems import Problem, ProblemCode
from orgshape.exceptions import DataError, InputError
from orgshape.io._build import build_org
from orgshape.io._mapping import PROFILES, ColumnMapping, Profile, choose_mapping
from orgshape.io._table import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_YAML_BYTES,
    FORMATS,
    Table,
    check_size,
    clean_header,
    csv_file_table,
    data_table,
    decode,
    parse_csv,
    parse_json,
    parse_yaml,
    read_bytes,
    too_large,
)
from orgshape.io._write import dumps

__all__ = ["PROFILES", "ColumnMapping", "Profile", "detect_mapping", "example", "read", "write"]

Source = str | os.PathLike[str] | IO[str] | IO[bytes] | Any
_EXAMPLE: Final = "example_org.csv"


def read(
    source: Source,
    *,
    format: str | None = None,
    mapping: Mapping[str, str] | ColumnMapping | None = None,
    manager_key: str | None = None,
    profile: str | None = None,
    ladder: Ladder | None = None,
    strict: bool = True,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_bytes: int | None = None,
) -> Org:
    """Read an org from a file, a stream, records, a DataFrame or a networkx graph.

    Args:
        source: a path (``str`` or ``Path``; the format follows the suffix: ``.csv``,
            ``.tsv``, ``.json``, ``.yaml``/``.yml``), an open file, a list of dicts, a
            pandas or polars DataFrame, or a networkx DiGraph (edges manager → report).
        format: ``"csv"``, ``"json"`` or ``"yaml"`` when the suffix does not say.
        mapping: field → column overrides (``{"id": "Person ID", "manager": "Reports To"}``)
            or a whole :class:`ColumnMapping`.
        manager_key: what the manager column refers to: ``"id"``, ``"employee_number"``,
            ``"email"`` or ``"name"`` (found from the data when not given).
        profile: an HR-export profile name (see :data:`PROFILES`).
        ladder: the ladder mapping titles to levels (default: the product ladder).
        strict: raise :class:`~orgshape.DataError` with every problem (default), or keep
            everybody and put the problems on ``Org.problems``.
        encoding: the text encoding; by default a byte-order mark decides, else UTF-8.
        delimiter: the CSV delimiter; by default sniffed from the header line.
        max_bytes: the size cap (default 1 GiB, 64 MiB for YAML).

    Returns:
        The org.

    Raises:
        InputError: the source cannot be read (missing file, unknown format, bad bytes).
        DataError: the data has problems (always, when nothing can be loaded: empty input,
            no id or manager column, an ambiguous mapping, forbidden YAML, too large).

    Examples:
        >>> import io
        >>> org = read(io.StringIO("id,name,title,manager_id\\n007,Ana,CPO,\\n8,Bo,Sr. PM,007\\n"),
        ...            format="csv")
        >>> org["8"].manager, org["8"].level
        ('007', 'SENIOR_PM')
    """
    label = _label(source)
    with gc_paused(), _too_deep(label):
        table = _table(
            source,
            format=format,
            encoding=encoding,
            delimiter=delimiter,
            max_bytes=max_bytes,
            label=label,
        )
        if table is None:  # a networkx graph
            return Org.from_networkx(source, ladder=ladder, strict=strict)
        chosen = choose_mapping(
            table, mapping=mapping, manager_key=manager_key, profile=profile, source=label
        )
        return build_org(table, chosen, ladder=ladder, strict=strict, source=label)


def detect_mapping(
    source: Source,
    *,
    format: str | None = None,
    mapping: Mapping[str, str] | ColumnMapping | None = None,
    manager_key: str | None = None,
    profile: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_bytes: int | None = None,
) -> ColumnMapping:
    """The column mapping :func:`read` would use for ``source`` (print it to check).

    Examples:
        >>> import io
        >>> text = "Employee_ID,Worker,Business_Title,Manager_ID\\n1,Ana,CPO,\\n2,Bo,PM,1\\n"
        >>> print(detect_mapping(io.StringIO(text), format="csv"))
        id       ← Employee_ID
        name     ← Worker
        title    ← Business_Title
        manager  ← Manager_ID (refers to id)
        profile: workday
    """
    label = _label(source)
    with _too_deep(label):
        table = _table(
            source,
            format=format,
            encoding=encoding,
            delimiter=delimiter,
            max_bytes=max_bytes,
            label=label,
        )
        if table is None:
            return ColumnMapping(
                columns={"id": "node", "manager": "edge"}, notes=("networkx graph",)
            )
        return choose_mapping(
            table, mapping=mapping, manager_key=manager_key, profile=profile, source=label
        )


def write(
    org: Org,
    target: str | os.PathLike[str] | IO[str],
    *,
    format: str | None = None,
    nested: bool = False,
) -> None:
    """Write an org as CSV, JSON or YAML (the format follows the suffix).

    The written file reads back into an equal org. CSV cells that a spreadsheet would
    run as a formula (starting with ``= + - @``) get a ``'`` prefix, which :func:`read`
    removes again.

    Args:
        org: the org to write.
        target: a path or an open text file.
        format: ``"csv"``, ``"json"`` or ``"yaml"`` when the suffix does not say.
        nested: write a nested ``reports:`` tree instead of flat rows (JSON and YAML).

    Raises:
        InputError: the format is unknown or cannot be nested, or the file cannot be written.
    """
    fmt = format or _format_of(target)
    name = (
        os.fspath(target) if isinstance(target, str | os.PathLike) else getattr(target, "name", "")
    )
    tab = Path(str(name)).suffix.lower() == ".tsv"  # tab-separated, as read() expects
    try:
        text = dumps(org, format=fmt, nested=nested, delimiter="\t" if tab else ",")
    except RecursionError:
        msg = "the org is too deep to write as a nested tree; write flat rows instead"
        raise InputError(msg) from None
    except (ValueError, TypeError) as err:
        raise InputError(str(err)) from None
    if isinstance(target, str | os.PathLike):
        try:
            Path(target).write_text(text, encoding="utf-8", newline="")
        except OSError as err:
            msg = f"cannot write {os.fspath(target)!r}: {err.strerror or err}"
            raise InputError(msg) from None
    else:
        target.write(text)


def example(*, strict: bool = True) -> Org:
    """The bundled example org: Northwind Labs' product organisation (66 positions).

    It has a few deliberate design problems for validation to find.

    Examples:
        >>> org = example()
        >>> len(org), org.root.title
        (66, 'Chief Product Officer')
    """
    from importlib import resources  # noqa: PLC0415  (pulls in zipfile & co.: only here)

    stream = io.BytesIO(resources.files("orgshape").joinpath("data", _EXAMPLE).read_bytes())
    stream.name = _EXAMPLE
    return read(stream, format="csv", strict=strict)


# --------------------------------------------------------------------------- helpers


@contextlib.contextmanager
def _too_deep(label: str | None) -> Iterator[None]:
    """Turn a RecursionError (a value nested thousands deep) into NESTING_TOO_DEEP."""
    try:
        yield
    except RecursionError:
        problem = Problem(
            code=ProblemCode.NESTING_TOO_DEEP,
            message="a value nests too deeply to read (lists or objects thousands deep)",
        )
        raise DataError([problem], source=label) from None


def _label(source: Source) -> str | None:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


def _format_of(target: Any, given: str | None = None) -> str:
    if given is not None:
        if given not in ("csv", "json", "yaml"):
            msg = f"unknown format {given!r} (valid: csv, json, yaml)"
            raise InputError(msg)
        return given
    name = (
        os.fspath(target) if isinstance(target, str | os.PathLike) else getattr(target, "name", "")
    )
    suffix = Path(str(name)).suffix.lower()
    if suffix not in FORMATS:
        shown = f"suffix {suffix!r}" if suffix else "no suffix"
        msg = (
            f"cannot tell the format of {str(name) or 'the input'!r} from {shown} "
            f"(known: {', '.join(sorted(FORMATS))}); pass format='csv', 'json' or 'yaml'"
        )
        raise InputError(msg)
    return FORMATS[suffix]


def _table(
    source: Source,
    *,
    format: str | None,
    encoding: str | None,
    delimiter: str | None,
    max_bytes: int | None,
    label: str | None,
) -> Table | None:
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        fmt = _format_of(source, format)
        cap = max_bytes or (DEFAULT_MAX_YAML_BYTES if fmt == "yaml" else DEFAULT_MAX_BYTES)
        if delimiter is None and path.suffix.lower() == ".tsv":
            delimiter = "\t"
        if fmt == "csv":
            check_size(path, max_bytes=cap, source=label or "")
            return csv_file_table(path, encoding=encoding, delimiter=delimiter, source=label or "")
        raw = read_bytes(path, max_bytes=cap, source=label or "")
        return _parse(decode(raw, encoding=encoding, source=label), fmt, delimiter, label)
    if hasattr(source, "read"):
        fmt = _format_of(source, format)
        cap = max_bytes or (DEFAULT_MAX_YAML_BYTES if fmt == "yaml" else DEFAULT_MAX_BYTES)
        try:
            data = source.read(cap + 1)
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
        return _parse(text.removeprefix("\ufeff"), fmt, delimiter, label)
    if _is_graph(source):
        return None
    frame = _frame_records(source)
    if frame is not None:
        return frame
    if isinstance(source, list | tuple):
        return data_table(list(source), source=label)
    if isinstance(source, Mapping):
        return data_table(source, source=label)
    msg = (
        f"cannot read an org from {type(source).__name__}; give a path, an open file, a list "
        "of dicts, a pandas or polars DataFrame, or a networkx DiGraph"
    )
    raise InputError(msg)


def _parse(text: str, fmt: str, delimiter: str | None, label: str | None) -> Table:
    if fmt == "csv":
        return parse_csv(io.StringIO(text, newline=""), delimiter=delimiter, source=label)
    if fmt == "json":
        return parse_json(text, source=label)
    return parse_yaml(text, source=label)


def _is_graph(source: Any) -> bool:
    module = type(source).__module__ or ""
    return module.startswith("networkx") and hasattr(source, "predecessors")


def _frame_records(source: Any) -> Table | None:
    module = type(source).__module__ or ""
    if module.startswith("pandas") and hasattr(source, "columns"):
        return _pandas_table(source)
    if module.startswith("polars") and hasattr(source, "to_dicts"):
        header = [str(c) for c in source.columns]
        return _frame_table(header, [source.get_column(c).to_list() for c in source.columns])
    return None


def _pandas_table(frame: Any) -> Table:
    """A DataFrame's columns as raw values: NaN/NA/None → None, integral floats → ints."""
    import pandas as pd  # noqa: PLC0415  (only reached with a DataFrame in hand)

    header = clean_header([str(c) for c in frame.columns])  # (numbers repeated names)
    columns: list[list[Any]] = []
    for k in range(len(header)):
        series = frame.iloc[:, k]
        values = series.tolist()
        missing = pd.isna(series).tolist()
        integral = series.dtype.kind == "f" and all(
            m or float(v).is_integer() for v, m in zip(values, missing, strict=True)
        )
        columns.append(
            [
                None if m else (int(v) if integral else v)
                for v, m in zip(values, missing, strict=True)
            ]
        )
    return _frame_table(header, columns)


def _frame_table(header: list[str], columns: list[list[Any]]) -> Table:
    count = len(columns[0]) if columns else 0
    if not count:
        raise DataError([Problem(code=ProblemCode.EMPTY_INPUT, message="the DataFrame is empty")])
    return Table(header=header, columns=columns, row_numbers=range(1, count + 1))
