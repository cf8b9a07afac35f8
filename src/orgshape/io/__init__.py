"""Reading and writing org data: CSV, Excel, JSON, YAML, records, DataFrames, graphs, databases.

Glossary:
    source row: the 1-based row a person came from; in a CSV file the header is row 1,
        so the first person is row 2, as a spreadsheet shows it; in an Excel sheet, the
        sheet's own row number (title rows above the header count).
    column mapping: which input column holds the id, the name, the manager... (see
        :class:`ColumnMapping`); found from header synonyms and the data, printable and
        overridable.
    profile: a named HR-export shape (``"workday"``, ``"bamboohr"``, ``"hibob"`` ...).
    strict / lenient: a strict read raises one :class:`~orgshape.DataError` listing every
        data problem; a lenient read (``strict=False``) keeps everybody and puts the
        problems on ``Org.problems`` so that validation reports them.

Conventions: ids are strings (``007`` stays ``007``); an empty and a missing cell stay
distinct in extra columns; read → write → read gives an equal org for every format.

Every read goes one way: a reader for the kind of source (a path, a stream, records, a
DataFrame, a graph, a database cursor) makes a table of raw values; the mapping step
decides which column holds which field (:func:`detect_mapping` shows it); the builder
converts the values and makes the org. The vocabulary the mapping step matches headers
and keys with is public (:func:`columns_for`, :func:`key_text`), for code that matches
columns the same way.
"""

import os as _os
from collections.abc import Mapping as _Mapping
from typing import IO as _IO
from typing import Any as _Any

from orgshape._gc import gc_paused as _gc_paused
from orgshape._ladder import Ladder as _Ladder
from orgshape._model import Org as _Org
from orgshape.exceptions import InputError as _InputError
from orgshape.io import _build, _formats, _mapping, _sources, _workbook, _write
from orgshape.io._mapping import ColumnMapping
from orgshape.io._profiles import PROFILES, Profile
from orgshape.io._vocabulary import columns_for, key_text

__all__ = [
    "PROFILES",
    "ColumnMapping",
    "Profile",
    "columns_for",
    "detect_mapping",
    "example",
    "key_text",
    "read",
    "write",
    "yaml_with_lines",
]


def read(
    source: _sources.Source,
    *,
    format: str | None = None,
    mapping: _Mapping[str, str] | ColumnMapping | None = None,
    manager_key: str | None = None,
    profile: str | None = None,
    ladder: _Ladder | None = None,
    strict: bool = True,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_bytes: int | None = None,
    decimal: str | None = None,
    sheet: str | int | None = None,
    max_rows: int | None = None,
    max_columns: int | None = None,
) -> _Org:
    """Read an org from a file, a stream, records, a DataFrame, a graph or a database.

    Args:
        source: a path (``str`` or ``Path``; the format follows the suffix: ``.csv``,
            ``.tsv``, ``.xlsx``/``.xlsm``, ``.json``, ``.yaml``/``.yml``), an open file
            (binary for a workbook), a list of dicts, a pandas or polars DataFrame, a
            networkx DiGraph (edges manager → report), or a database cursor after
            ``execute`` (DB-API, or a SQLAlchemy result).
        format: ``"csv"``, ``"xlsx"``, ``"json"`` or ``"yaml"`` when the suffix does not say.
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
        max_bytes: the size cap (default 1 GiB, or a tenth of the machine's memory if
            that is less; 64 MiB for YAML). A pipe or a device is read up to it.
        decimal: the decimal separator of number columns, ``"."`` or ``","``; by
            default each column's own cells decide (then the file's), and a cell that
            reads two ways with nothing to decide by is a BAD_VALUE problem.
        sheet: the sheet of an Excel workbook, by name or 0-based index (default: the
            first visible sheet). The header is found below any title rows; problems
            name sheet rows; formulas are read as the values Excel saved, never
            evaluated (a formula saved without its result is a BAD_VALUE problem).
        max_rows: the most rows (default 10,000,000).
        max_columns: the most columns (default 10,000).

    Input past a cap (or more than this machine's memory can read) is refused with
    INPUT_TOO_LARGE, naming the cap to raise; see the security page for every cap.

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

        A database query reads the same way:

        >>> import sqlite3
        >>> db = sqlite3.connect(":memory:")
        >>> _ = db.execute("CREATE TABLE emp (EmployeeID, Name, Title, ReportsTo)")
        >>> _ = db.executemany("INSERT INTO emp VALUES (?, ?, ?, ?)",
        ...                    [(1, "Ana", "CPO", None), (2, "Bo", "Sr. PM", 1)])
        >>> read(db.execute("SELECT * FROM emp"))["2"].manager
        '1'
    """
    label = _sources.label_of(source)
    with _gc_paused(), _sources.too_deep(label):
        table = _sources.read_table(
            source,
            format=format,
            encoding=encoding,
            delimiter=delimiter,
            max_bytes=max_bytes,
            label=label,
            sheet=sheet,
            max_rows=max_rows,
            max_columns=max_columns,
        )
        chosen = _mapping.choose_mapping(
            table, mapping=mapping, manager_key=manager_key, profile=profile, source=label
        )
        return _build.build_org(
            table, chosen, ladder=ladder, strict=strict, source=label, decimal=decimal
        )


def detect_mapping(
    source: _sources.Source,
    *,
    format: str | None = None,
    mapping: _Mapping[str, str] | ColumnMapping | None = None,
    manager_key: str | None = None,
    profile: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    max_bytes: int | None = None,
    sheet: str | int | None = None,
    max_rows: int | None = None,
    max_columns: int | None = None,
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
    label = _sources.label_of(source)
    with _sources.too_deep(label):
        table = _sources.read_table(
            source,
            format=format,
            encoding=encoding,
            delimiter=delimiter,
            max_bytes=max_bytes,
            label=label,
            sheet=sheet,
            max_rows=max_rows,
            max_columns=max_columns,
        )
        return _mapping.choose_mapping(
            table, mapping=mapping, manager_key=manager_key, profile=profile, source=label
        )


def write(
    org: _Org,
    target: str | _os.PathLike[str] | _IO[str] | _IO[bytes],
    *,
    format: str | None = None,
    nested: bool = False,
    findings: _workbook.Tabular | None = None,
    metrics: _workbook.Tabular | None = None,
) -> None:
    """Write an org as CSV, Excel, JSON or YAML (the format follows the suffix).

    The written file reads back into an equal org. CSV cells that a spreadsheet would
    run as a formula (starting with ``= + - @``) get a ``'`` prefix, which :func:`read`
    removes again. An Excel workbook has the positions on a sheet ``org`` with a bold,
    frozen header row and an autofilter, typed cells (numbers, true/false, dates) and
    such text cells marked as text (Excel's quote prefix), so nothing becomes a formula.

    Args:
        org: the org to write.
        target: a path, an open text file, or an open binary file for ``xlsx``.
        format: ``"csv"``, ``"xlsx"``, ``"json"`` or ``"yaml"`` when the suffix does not say.
        nested: write a nested ``reports:`` tree instead of flat rows (JSON and YAML).
        findings: a validation report (:func:`orgshape.validate`) to add as a
            ``findings`` sheet (Excel only).
        metrics: spans-and-layers metrics (:func:`orgshape.metrics`) to add as sheets
            (summary, managers, layers, levels, span bands; Excel only).

    Raises:
        InputError: the format is unknown or cannot be nested, ``findings``/``metrics``
            are given for a format other than Excel, or the file cannot be written.

    Examples:
        >>> import io
        >>> org = read(io.StringIO("id,name,manager_id\\n1,Ana,\\n2,=cmd(),1\\n"), format="csv")
        >>> book = io.BytesIO()
        >>> write(org, book, format="xlsx")
        >>> read(io.BytesIO(book.getvalue()), format="xlsx") == org
        True
    """
    fmt = _formats.format_of(target, format)
    if fmt == "xlsx":
        if nested:
            raise _InputError("an Excel sheet is flat; nested=True needs json or yaml")
        _workbook.write_org_workbook(org, target, findings=findings, metrics=metrics)  # type: ignore[arg-type]
        return
    if findings is not None or metrics is not None:
        msg = f"findings= and metrics= add sheets to an Excel workbook; {fmt} has no sheets"
        raise _InputError(msg)
    _write.write_org(org, target, format=format, nested=nested)  # type: ignore[arg-type]


def example(*, strict: bool = True) -> _Org:
    """The bundled example org: Northwind Labs' product organisation (66 positions).

    It has a few deliberate design problems for validation to find.

    Examples:
        >>> org = example()
        >>> len(org), org.root.title
        (66, 'Chief Product Officer')
    """
    return read(_sources.example_stream(), format="csv", strict=strict)


def yaml_with_lines(
    text: str, *, source: str | None = None
) -> tuple[_Any, dict[tuple[str | int, ...], int]]:
    r"""Parse YAML safely, as org files are read, and say on which line each value starts.

    The same loader as org files: no tags, anchors or aliases, a key given twice is an
    error, and every plain scalar stays a string (only ``null`` and ``~`` are None). For
    files that are not org data but must name lines in their errors (plan files).

    Args:
        text: the YAML text.
        source: the file name, for error messages.

    Returns:
        ``(data, lines)``: the data, and the 1-based line of every mapping value and
        list item by its path of keys and indexes (``("waves", 1, "operations", 0)``);
        the document itself is ``()``.

    Raises:
        InputError: the text is not valid YAML, or a mapping repeats a key.
        DataError: it uses a tag, an anchor or an alias (``YAML_FORBIDDEN``).

    Examples:
        >>> data, lines = yaml_with_lines("waves:\n  - name: one\n    at: 007\n")
        >>> data
        {'waves': [{'name': 'one', 'at': '007'}]}
        >>> lines[("waves", 0)], lines[("waves", 0, "at")]
        (2, 3)
    """
    from orgshape.io._yaml import yaml_with_lines as load  # noqa: PLC0415  (PyYAML on first use)

    return load(text, source=source)
