"""The records reader: lists of objects (parsed JSON or YAML, Python rows) to a table.

What it undoes: wrappers around the list (``Report_Entry``, ``data``...), nested objects
(flattened to dotted keys), Personio's ``{label, value}`` and JSON:API's
``{type, attributes}`` wrappings and Workday's one-element groups. A nested
``reports:`` tree is flattened too, keeping each record's parent. Everything is
iterative: a tree thousands deep reads under Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from orgshape._model import MISSING
from orgshape._problems import ProblemCode
from orgshape.io._table import Table, fatal
from orgshape.io._vocabulary import CHILD_KEYS

__all__ = ["data_table", "records_table"]

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


def data_table(data: Any, *, source: str | None = None) -> Table:
    """A table from parsed JSON/YAML data (records, wrapped records or a nested tree)."""
    if data is None or data in ([], {}, ""):
        raise fatal(ProblemCode.EMPTY_INPUT, "the input has no people", source)
    if isinstance(data, Mapping):
        wrapped = _unwrap(data)
        if wrapped is not None:
            data = wrapped
        elif _child_keys([data]):
            data = [data]
        else:
            raise fatal(
                ProblemCode.MISSING_COLUMN,
                "expected a list of people (or an object with a list under one of "
                f"{', '.join(_WRAPPER_KEYS)}), got an object with keys "
                f"{', '.join(map(str, list(data)[:8]))}",
                source,
            )
    if not isinstance(data, list):
        raise fatal(
            ProblemCode.MISSING_COLUMN,
            f"expected a list of people, got {type(data).__name__}",
            source,
        )
    if not data:
        raise fatal(ProblemCode.EMPTY_INPUT, "the input has no people", source)
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
            raise fatal(
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
            raise fatal(
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
