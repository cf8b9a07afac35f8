"""Writers: CSV, JSON and YAML, flat or nested, lossless and deterministic.

What makes a written file read back into the same org:

* a level the ladder derives from the title is not written (the cell is empty, and the
  reader derives it again), so a title edited in the file moves the level with it; only
  a level the title does not give (set by hand, or not on the ladder) is written;
* a list (products, dotted lines) is ``;``-joined, or a JSON array when an item holds
  ``; | ,`` or outer spaces, which the reader splits no further;
* in CSV, an extra column's missing cells at the end of a row are left out (a short
  row), so that they read back missing rather than empty;
* a nested tree follows the org's order: a position is nested under its manager when
  that keeps the order, and otherwise starts a new piece at the top that names its
  ``manager_id``; when an extra column could be read as the manager column (a raw
  ``manager`` of an HR export), every record names its ``manager_id``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, Final

from orgshape._display import csv_line
from orgshape._model import MISSING, OPTIONAL_FIELDS, Org, Position
from orgshape.exceptions import InputError
from orgshape.io._formats import format_of, name_of
from orgshape.io._vocabulary import (
    CHILD_KEYS,
    EDGE_SOURCES,
    EDGE_TARGETS,
    columns_for,
    normalise_header,
)

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
        return _items_cell(value)  # products, dotted lines
    if isinstance(value, str):
        return value
    if isinstance(value, int | list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)  # dates, decimals... from DataFrames and records


_SPLITS: Final = re.compile(r"[;|,]|^\s|\s$|^\[")


def _items_cell(items: tuple[str, ...]) -> str:
    """A list cell: ``a;b``, or a JSON array when an item would not split back as itself."""
    if any(not item or _SPLITS.search(item) for item in items):
        return json.dumps(list(items), ensure_ascii=False)
    return ";".join(items)


def _written_levels(org: Org) -> list[str | None]:
    """Each position's level as written: None where the ladder derives it from the title."""
    level_of = org.ladder.level_of
    view = org.view
    return [
        None if level is None or level == level_of(title) else level
        for level, title in zip(view.levels, view.titles, strict=True)
    ]


def _csv(org: Org, sep: str) -> str:
    fields, extras = _header(org)
    lines = [csv_line([_WRITTEN.get(f, f) for f in fields] + extras, sep=sep)]
    flag = fields.index("assistant") if "assistant" in fields else -1
    level = fields.index("level")
    levels = _written_levels(org)
    for i, p in enumerate(org):
        row = [_cell(getattr(p, f)) for f in fields]
        row[level] = levels[i] or ""
        if flag >= 0 and not p.assistant:
            row[flag] = ""
        if extras:
            values = [p.extra.get(k, MISSING) for k in extras]
            while values and values[-1] is MISSING:
                values.pop()  # a short row: the cells read back missing, not empty
            row.extend(map(_cell, values))
        lines.append(csv_line(row, sep=sep))  # formula guard and quoting
    return "".join(lines)


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _record(
    p: Position, fields: Iterable[str], extras: Iterable[str], level: str | None
) -> dict[str, Any]:
    out: dict[str, Any] = {_WRITTEN.get(f, f): _json_value(getattr(p, f)) for f in fields}
    out["level"] = level
    for key in extras:
        value = p.extra.get(key, MISSING)
        if value is not MISSING:
            out[key] = value
    return out


def _records(org: Org, *, nested: bool) -> list[dict[str, Any]]:
    fields, extras = _header(org)
    levels = _written_levels(org)
    if not nested:
        return [_record(p, fields, extras, levels[i]) for i, p in enumerate(org)]
    if not _could_be_read_as_manager(extras):
        fields = [f for f in fields if f != "manager"]
    # the reports go under the first child key that no extra column uses
    child = next((k for k in CHILD_KEYS if k not in extras), None)
    if child is None or "manager_id" in extras:
        msg = "extra columns use every key a nested tree needs; write flat rows instead"
        raise ValueError(msg)
    made: list[dict[str, Any]] = [_record(p, fields, extras, levels[i]) for i, p in enumerate(org)]
    parent = org.view.parent
    managers = org.view.managers
    roots: list[dict[str, Any]] = []
    # The open branch: the records a next position can nest under and keep the order
    # (a pre-order walk of the tree gives the org's order back).
    branch: list[int] = []
    depth: dict[int, int] = {}
    for i, record in enumerate(made):
        p = parent[i]
        if p >= 0 and p in depth:
            for j in branch[depth[p] + 1 :]:
                del depth[j]
            del branch[depth[p] + 1 :]
            made[p].setdefault(child, []).append(record)
        else:
            # a top, or a piece whose manager is elsewhere in the tree: it names them
            branch.clear()
            depth.clear()
            manager = managers[i]
            if manager is not None:
                record["manager_id"] = manager
            record[child] = []  # (top records always say they are a tree)
            roots.append(record)
        depth[i] = len(branch)
        branch.append(i)
    return roots


def _could_be_read_as_manager(extras: list[str]) -> bool:
    """Whether the reader could take an extra column for the manager of a nested tree.

    An HR export keeps its raw ``manager`` column (a name, an email, a DN) as an extra;
    without a ``manager_id`` in every record, reading the tree back would map it.
    """
    edges = {*EDGE_SOURCES, *EDGE_TARGETS}
    return bool(columns_for(extras, "manager") or columns_for(extras, "path")) or any(
        normalise_header(e) in edges for e in extras
    )


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
