"""Writers: CSV, JSON and YAML, flat or nested, lossless and deterministic."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, Final

from orgshape._display import csv_line
from orgshape._model import MISSING, OPTIONAL_FIELDS, Org, Position
from orgshape.exceptions import InputError
from orgshape.io._formats import format_of, name_of
from orgshape.io._vocabulary import CHILD_KEYS

__all__ = ["dumps", "write_org"]

#: Column names used when writing (the manager column says what it holds).
_WRITTEN: Final = {"manager": "manager_id"}


def _header(org: Org) -> tuple[list[str], list[str]]:
    """(typed fields present, extra columns) in write order.

    Raises:
        ValueError: an extra column has the name of a column orgshape writes (possible
            after a mapping override), which would overwrite it.
    """
    fields = ["id", "name", "title", "level", "manager"]
    present = org.view.field_names
    fields.extend(f for f in OPTIONAL_FIELDS if f in present)
    extras = list(org.extra_columns)
    written = {_WRITTEN.get(f, f) for f in fields}
    clash = [c for c in extras if c in written]
    if clash:
        msg = (
            f"the extra column {clash[0]!r} has the name of a column orgshape writes; "
            "rename it (for example with attrs.evolve on the positions) before writing"
        )
        raise ValueError(msg)
    return fields, extras


def _cell(value: Any) -> str:
    if value is None or value is MISSING:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return ";".join(value)  # products, dotted lines
    if isinstance(value, str):
        return value
    if isinstance(value, int | list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)  # dates, decimals... from DataFrames and records


def _csv(org: Org, sep: str) -> str:
    fields, extras = _header(org)
    lines = [csv_line([_WRITTEN.get(f, f) for f in fields] + extras, sep=sep)]
    flag = fields.index("assistant") if "assistant" in fields else -1
    for p in org:
        row = [_cell(getattr(p, f)) for f in fields]
        if flag >= 0 and not p.assistant:
            row[flag] = ""
        row.extend(_cell(p.extra.get(k, MISSING)) for k in extras)
        lines.append(csv_line(row, sep=sep))  # formula guard and quoting
    return "".join(lines)


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _record(p: Position, fields: Iterable[str], extras: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {_WRITTEN.get(f, f): _json_value(getattr(p, f)) for f in fields}
    for key in extras:
        value = p.extra.get(key, MISSING)
        if value is not MISSING:
            out[key] = value
    return out


def _records(org: Org, *, nested: bool) -> list[dict[str, Any]]:
    fields, extras = _header(org)
    if not nested:
        return [_record(p, fields, extras) for p in org]
    fields = [f for f in fields if f != "manager"]
    # the reports go under the first child key that no extra column uses
    child = next((k for k in CHILD_KEYS if k not in extras), None)
    if child is None or "manager_id" in extras:
        msg = "extra columns use every key a nested tree needs; write flat rows instead"
        raise ValueError(msg)
    made: list[dict[str, Any]] = [_record(p, fields, extras) for p in org]
    parent = org.view.parent
    roots: list[dict[str, Any]] = []
    for i, record in enumerate(made):
        p = parent[i]
        if p < 0:
            # a top position that has a manager outside the tree keeps the reference
            manager = org.view.managers[i]
            if manager is not None:
                record["manager_id"] = manager
            record[child] = []  # (top records always say they are a tree)
            roots.append(record)
        else:
            made[p].setdefault(child, []).append(record)
    return roots


def dumps(org: Org, *, format: str, nested: bool = False, delimiter: str = ",") -> str:
    """The org as text in ``format`` (``"csv"``, ``"json"`` or ``"yaml"``).

    ``delimiter`` is ``","`` or ``"\\t"`` (tab-separated, for ``.tsv`` files).
    """
    if format == "csv":
        if nested:
            msg = "CSV is flat; nested=True needs json or yaml"
            raise ValueError(msg)
        if delimiter not in (",", "\t"):
            msg = f"delimiter must be ',' or a tab, got {delimiter!r}"
            raise ValueError(msg)
        return _csv(org, delimiter)
    records = _records(org, nested=nested)
    if format == "json":
        return json.dumps(records, ensure_ascii=False, indent=2, default=str) + "\n"
    if format == "yaml":
        from orgshape.io._yaml import dump_yaml  # noqa: PLC0415

        return dump_yaml(records)
    msg = f"unknown format {format!r} (valid: csv, json, yaml)"
    raise ValueError(msg)


def write_org(
    org: Org,
    target: str | os.PathLike[str] | IO[str],
    *,
    format: str | None,
    nested: bool,
) -> None:
    """Write ``org`` to a path or an open text file (see :func:`orgshape.io.write`).

    Raises:
        InputError: the format is unknown or cannot be nested, or the file cannot be written.
    """
    fmt = format_of(target, format)
    tab = Path(name_of(target)).suffix.lower() == ".tsv"  # tab-separated, as read() expects
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
