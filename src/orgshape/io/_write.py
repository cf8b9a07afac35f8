"""Writers: CSV, JSON and YAML, flat or nested, lossless and deterministic."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any, Final

from orgshape._model import MISSING, OPTIONAL_FIELDS, Org, Position

__all__ = ["dumps"]

#: Column names used when writing (the manager column says what it holds).
_WRITTEN: Final = {"manager": "manager_id"}
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def _header(org: Org) -> tuple[list[str], list[str]]:
    """(typed fields present, extra columns) in write order."""
    fields = ["id", "name", "title", "level", "manager"]
    present = org._cols.fields
    fields.extend(f for f in OPTIONAL_FIELDS if f in present)
    return fields, list(org.extra_columns)


def _cell(value: Any) -> str:
    if value is None or value is MISSING:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _safe(text: str) -> str:
    """Neutralise spreadsheet formulas: a leading ``= + - @`` gets a ``'`` prefix."""
    if text.startswith(_FORMULA_START) or (
        text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "'")
    ):
        return "'" + text
    return text


def _csv(org: Org) -> str:
    fields, extras = _header(org)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_WRITTEN.get(f, f) for f in fields] + extras)
    for p in org:
        row = [_cell(getattr(p, f)) for f in fields]
        if not p.assistant and "assistant" in fields:
            row[fields.index("assistant")] = ""
        row.extend(_cell(p.extra.get(k, MISSING)) for k in extras)
        writer.writerow([_safe(cell) for cell in row])
    return buffer.getvalue()


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
    made: list[dict[str, Any]] = [_record(p, fields, extras) for p in org]
    parent = org._struct.parent
    roots: list[dict[str, Any]] = []
    for i, record in enumerate(made):
        p = parent[i]
        if p < 0:
            # a top position that has a manager outside the tree keeps the reference
            manager = org._cols.managers[i]
            if manager is not None:
                record["manager_id"] = manager
            roots.append(record)
        else:
            made[p].setdefault("reports", []).append(record)
    return roots


def dumps(org: Org, *, format: str, nested: bool = False) -> str:
    """The org as text in ``format`` (``"csv"``, ``"json"`` or ``"yaml"``)."""
    if format == "csv":
        if nested:
            msg = "CSV is flat; nested=True needs json or yaml"
            raise ValueError(msg)
        return _csv(org)
    records = _records(org, nested=nested)
    if format == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if format == "yaml":
        from orgshape.io._yaml import dump_yaml  # noqa: PLC0415

        return dump_yaml(records)
    msg = f"unknown format {format!r} (valid: csv, json, yaml)"
    raise ValueError(msg)
