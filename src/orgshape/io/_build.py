"""The builder: a table and its column mapping to an org, the last step of every read.

How values convert is :mod:`orgshape.io._values`; what the builder adds:

* ids and manager references are keys (:func:`~orgshape.io._vocabulary.key_text`):
  strings, stripped of surrounding spaces; a number read from JSON/YAML or pandas loses
  a spurious ``.0`` (``7.0`` → ``"7"``), but the *text* ``"7.0"`` in a CSV stays
  ``"7.0"``; ``"007"`` stays ``"007"``.
* an empty name is a vacancy (a blank display or preferred name falls back to first +
  last name when there are such columns); extra columns are kept verbatim (an empty
  cell stays ``""``, a missing key stays missing).
* manager references resolve through the mapping's key (ids, employee numbers, emails
  or names). A manager cell that names two known people (``P1;P2``, ``Ana & Bo``) keeps
  the first and reports ``MULTIPLE_MANAGERS``; a reference shared by several people (a
  name two people have) stays unresolved and is ``AMBIGUOUS_MANAGER_REF``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any, cast

from orgshape._ladder import Ladder
from orgshape._model import Columns, Org, org_from_columns
from orgshape._problems import Problem, ProblemCode
from orgshape.io._keys import distinct_refs, joined_names, key_column, key_index
from orgshape.io._mapping import ColumnMapping
from orgshape.io._table import Table
from orgshape.io._values import (
    Converter,
    optional_text,
    text_column,
    to_flag,
    to_items,
    to_number,
)
from orgshape.io._vocabulary import split_managers

__all__ = ["build_org"]


def build_org(
    table: Table,
    mapping: ColumnMapping,
    *,
    ladder: Ladder | None,
    strict: bool,
    source: str | None,
) -> Org:
    """Convert a table to an org under a mapping."""
    columns = mapping.columns
    position = {h: k for k, h in enumerate(table.header)}
    n = len(table)
    problems: list[Problem] = list(table.problems)  # what the reader found

    id_col = position[columns["id"]]
    ids_raw = key_column(table, id_col)
    index: dict[str, int] | None = None  # id → first row, shared with the org
    if None in ids_raw:  # a missing id is the empty string (and MISSING_ID)
        ids = [v if v is not None else "" for v in ids_raw]
        known_ids: Collection[str] = frozenset(ids)
    else:
        ids = cast("list[str]", ids_raw)
        index = cast("dict[str, int]", key_index(table, id_col))
        known_ids = index
    split_name = "first_name" in columns or "last_name" in columns
    if "name" in columns:
        names = text_column(table, position[columns["name"]])
        if split_name and None in names:  # a blank preferred/display name: the legal one
            joined = joined_names(table, columns)
            names = [a if a is not None else b for a, b in zip(names, joined, strict=True)]
    elif split_name:
        names = joined_names(table, columns)
    else:
        names = [None] * n
    titles: list[str | None] = (
        text_column(table, position[columns["title"]]) if "title" in columns else [None] * n
    )
    levels: list[str | None] = [None] * n
    if "level" in columns:
        levels = _levels(text_column(table, position[columns["level"]]), ladder)

    # manager references, resolved to ids through the chosen key
    lookup: dict[str, str] | None = None
    ambiguous: set[str] = set()
    key = mapping.manager_key
    if key != "id":
        key_values = (
            names
            if key == "name" and "name" not in columns
            else key_column(table, position[columns[key]])
        )
        lookup = {}
        for value, person in zip(key_values, ids, strict=True):
            if value is None:
                continue
            if value in lookup and lookup[value] != person:
                ambiguous.add(value)
            else:
                lookup[value] = person
        for value in ambiguous:  # never resolve to one of several people: report it
            del lookup[value]

    if table.nested_parent is not None:
        managers = _nested_managers(table, columns, position, ids, names, problems)
    else:
        manager_col = position[columns["manager"]]
        managers = key_column(table, manager_col)
        if lookup is not None or ambiguous:
            managers = [_resolve(m, lookup) for m in managers]
            refs: set[Any] = set(managers)
            refs.discard(None)
        else:  # the set the mapping step already made
            refs = distinct_refs(table, manager_col)
        strays = refs.difference(known_ids)  # (walks the references, not the ids)
        for i, ref in enumerate(managers if strays else ()):
            if ref is None or ref not in strays:
                continue
            raw = ref
            if lookup is not None and raw in ambiguous:
                problems.append(
                    Problem(
                        code=ProblemCode.AMBIGUOUS_MANAGER_REF,
                        message=f"{ids[i]} ({names[i] or 'open role'}) reports to {raw!r}, "
                        f"and several people have that {key}; the line is left unresolved",
                        row=table.row_numbers[i],
                        id=ids[i],
                        name=names[i],
                        related=(raw,),
                    )
                )
                continue
            parts = split_managers(raw)
            if len(parts) > 1:
                resolved = [_resolve(p, lookup) for p in parts]
                known = [r for r in resolved if r is not None and r in known_ids]
                if len(known) == len(parts):
                    managers[i] = known[0]
                    problems.append(
                        Problem(
                            code=ProblemCode.MULTIPLE_MANAGERS,
                            message=f"{ids[i]} ({names[i] or 'open role'}) has "
                            f"{len(parts)} managers in one cell ({raw!r}); "
                            f"{known[0]!r} is kept as the solid line",
                            row=table.row_numbers[i],
                            id=ids[i],
                            name=names[i],
                            related=tuple(known),
                        )
                    )

    cols = Columns(
        ids=ids,
        names=names,
        titles=titles,
        levels=levels,
        managers=managers,
        rows=table.row_numbers,
    )
    convert = Converter(table, ids, names)
    for role, parse, expected, default in (
        ("products", to_items, "a list of products", ()),
        ("function", optional_text, "text", None),
        ("area", optional_text, "text", None),
        ("years_experience", to_number, "a number of years", None),
        ("cost", to_number, "an amount", None),
        ("location", optional_text, "text", None),
        ("dotted_line", to_items, "a list of ids", ()),
        ("assistant", to_flag, "true or false", False),
        ("req", optional_text, "text", None),
    ):
        if role in columns:
            header = columns[role]
            cols.fields[role] = convert.column(position[header], header, parse, expected, default)
    problems.extend(convert.problems)

    if "dotted_line" in cols.fields:
        dotted = cols.fields["dotted_line"]
        for i, given in enumerate(dotted):
            if not given:
                continue
            resolved_refs = tuple(_resolve(r, lookup) or r for r in given)
            dotted[i] = resolved_refs
            for ref in resolved_refs:
                if ref not in known_ids:
                    problems.append(
                        Problem(
                            code=ProblemCode.UNKNOWN_DOTTED_LINE,
                            message=f"{ids[i]} ({names[i] or 'open role'}) has a dotted line "
                            f"to {ref!r}, who is not in the org",
                            row=table.row_numbers[i],
                            id=ids[i],
                            name=names[i],
                            related=(ref,),
                        )
                    )

    mapped = set(columns.values())
    kept = _kept_verbatim(columns)
    for k, header in enumerate(table.header):
        if header not in mapped or header in kept:
            cols.extra[header] = table.columns[k]
    return org_from_columns(
        cols, ladder=ladder, problems=problems, strict=strict, source=source, index=index
    )


def _nested_managers(
    table: Table,
    columns: Mapping[str, str],
    position: Mapping[str, int],
    ids: Sequence[str],
    names: Sequence[str | None],
    problems: list[Problem],
) -> list[str | None]:
    """Managers of a nested tree: the parent record, or the manager column at the top.

    A record inside the tree whose manager column names someone other than its parent
    keeps the parent and is reported (MULTIPLE_MANAGERS), so no reference is lost
    silently.
    """
    assert table.nested_parent is not None
    parents = table.nested_parent
    if "manager" not in columns:
        return [ids[p] if p >= 0 else None for p in parents]
    given = key_column(table, position[columns["manager"]])
    managers: list[str | None] = []
    for i, (p, ref) in enumerate(zip(parents, given, strict=True)):
        if p < 0:
            managers.append(ref)
            continue
        managers.append(ids[p])
        if ref is not None and ref != ids[p]:
            problems.append(
                Problem(
                    code=ProblemCode.MULTIPLE_MANAGERS,
                    message=f"{ids[i]} ({names[i] or 'open role'}) is listed under "
                    f"{ids[p]!r} but their {columns['manager']} says {ref!r}; "
                    f"{ids[p]!r} is kept as the solid line",
                    row=table.row_numbers[i],
                    id=ids[i],
                    name=names[i],
                    related=(ids[p], ref),
                )
            )
    return managers


def _kept_verbatim(columns: Mapping[str, str]) -> set[str]:
    """Columns used as keys or name parts, which positions keep verbatim in ``extra``."""
    kept = {"email", "employee_number", "first_name", "last_name"}
    return {columns[r] for r in kept if r in columns}


def _resolve(ref: str | None, lookup: dict[str, str] | None) -> str | None:
    if ref is None or lookup is None:
        return ref
    return lookup.get(ref, ref)


def _levels(values: list[str | None], ladder: Ladder | None) -> list[str | None]:
    """Explicit levels: a ladder name in any case or spacing, or a label/title."""
    from orgshape._ladder import DEFAULT_LADDER  # noqa: PLC0415

    lad = ladder if ladder is not None else DEFAULT_LADDER
    names = set(lad.names)
    cache: dict[str, str] = {}
    out: list[str | None] = []
    for value in values:
        if value is None:
            out.append(None)
            continue
        if value not in cache:
            token = re.sub(r"[\s\-]+", "_", value.strip()).upper()
            cache[value] = token if token in names else (lad.level_of(value) or value.strip())
        out.append(cache[value])
    return out
