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

import operator
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any, cast

from orgshape._ladder import Ladder
from orgshape._model import MISSING, VACANCY_MARKERS, Columns, Org, org_from_columns
from orgshape._problems import Problem, ProblemCode
from orgshape.io._keys import distinct_refs, joined_names, key_column, key_index
from orgshape.io._mapping import ColumnMapping
from orgshape.io._table import Table
from orgshape.io._values import (
    Converter,
    function_column,
    optional_text,
    text_column,
    to_flag,
    to_flag_default_true,
    to_items,
    to_number,
)
from orgshape.io._vocabulary import (
    NO_MANAGER,
    name_key,
    path_parent,
    split_managers,
)

__all__ = ["build_org"]


def build_org(
    table: Table,
    mapping: ColumnMapping,
    *,
    ladder: Ladder | None,
    strict: bool,
    source: str | None,
    decimal: str | None = None,
) -> Org:
    """Convert a table to an org under a mapping.

    The table is used up: its columns are handed over to the org, so that a large read
    holds its cells once.

    ``decimal`` is the decimal separator of the number columns (``"."`` or ``","``);
    by default each column's own values (then the file's) decide.
    """
    columns = mapping.columns
    problems: list[Problem] = list(table.problems)  # what the reader found
    added = 0  # positions an edge list adds (after the table's own rows)
    if mapping.edge_list:
        table, added = _with_edge_tops(table, columns, problems)
    position = {h: k for k, h in enumerate(table.header)}
    n = len(table)

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
    names, names_given = _names(table, columns, position)
    titles: list[str | None] = (
        text_column(table, position[columns["title"]]) if "title" in columns else [None] * n
    )
    levels: list[str | None] = [None] * n
    if "level" in columns:
        levels = _levels(text_column(table, position[columns["level"]]), ladder)

    # manager references, resolved to ids through the chosen key
    lookup: dict[str, str] | None = None
    ambiguous: dict[str, list[str]] = {}  # a shared key → the ids that share it
    key = mapping.manager_key
    if key != "id":
        key_values = (
            names
            if key == "name" and "name" not in columns
            else key_column(table, position[columns[key]])
        )
        if key == "name":
            key_values = [name_key(v) if v is not None else None for v in key_values]
        lookup = {}
        for value, person in zip(key_values, ids, strict=True):
            if value is None:
                continue
            if value in lookup and lookup[value] != person:
                sharing = ambiguous.setdefault(value, [lookup[value]])
                if person not in sharing:
                    sharing.append(person)
            else:
                lookup[value] = person
        for value in ambiguous:  # never resolve to one of several people: report it
            del lookup[value]

    if table.nested_parent is not None:
        managers = _nested_managers(table, columns, position, ids, names, problems)
    elif "manager" not in columns:  # a path column says who reports to whom
        managers = _path_managers(key_column(table, position[columns["path"]]), ids)
    else:
        manager_col = position[columns["manager"]]
        managers = key_column(table, manager_col)
        refs: set[Any]
        if lookup is not None or ambiguous:
            resolve = _name_resolver(lookup) if key == "name" else _resolver(lookup)
            managers = [resolve(m) for m in managers]
            refs = set(managers)
            refs.discard(None)
        else:  # the set the mapping step already made
            refs = distinct_refs(table, manager_col)
        managers, refs = _tops(managers, refs, ids, known_ids)
        strays = refs.difference(known_ids)  # (walks the references, not the ids)
        for i, ref in enumerate(managers if strays else ()):
            if ref is None or ref not in strays:
                continue
            raw = ref
            shared = ambiguous.get(name_key(raw) if key == "name" else raw)
            if lookup is not None and shared is not None:
                shown = ", ".join(map(repr, shared[:10])) + (", ..." if len(shared) > 10 else "")
                problems.append(
                    Problem(
                        code=ProblemCode.AMBIGUOUS_MANAGER_REF,
                        message=f"{ids[i]} ({names[i] or 'open role'}) reports to {raw!r}, "
                        f"and {len(shared)} people have that {key} (ids {shown}); the line "
                        "is left unresolved",
                        row=table.row_numbers[i],
                        id=ids[i],
                        name=names[i],
                        related=(raw, *shared),
                    )
                )
                continue
            parts = split_managers(raw)
            if len(parts) > 1:
                resolve = _name_resolver(lookup) if key == "name" else _resolver(lookup)
                resolved = [resolve(p) for p in parts]
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
    convert = Converter(table, ids, names, decimal=decimal)
    for role, parse, expected, default in (
        ("products", to_items, "a list of products", ()),
        ("function", optional_text, "text", None),
        ("area", optional_text, "text", None),
        ("department", optional_text, "text", None),
        ("years_experience", to_number, "a number of years", None),
        ("cost", to_number, "an amount", None),
        ("location", optional_text, "text", None),
        ("dotted_line", to_items, "a list of ids", ()),
        ("assistant", to_flag, "true or false", False),
        ("req", optional_text, "text", None),
        ("name_known", to_flag_default_true, "true or false", True),
    ):
        if role in columns:
            header = columns[role]
            cols.fields[role] = convert.column(position[header], header, parse, expected, default)
    problems.extend(convert.problems)
    if "function" not in columns and "department" in cols.fields:
        functions = function_column(cols.fields["department"])
        if functions is not None:
            cols.fields["function"] = functions
    if "name_known" not in columns:
        known_names = _names_known(n, names_given, cols.fields.get("req"))
        if known_names is not None:
            cols.fields["name_known"] = known_names
    if added:  # nobody knows the names of the people an edge list added
        known_column = cols.fields.setdefault("name_known", [True] * n)
        known_column[n - added :] = [False] * added

    if "dotted_line" in cols.fields:
        dotted = cols.fields["dotted_line"]
        resolve = _name_resolver(lookup) if key == "name" else _resolver(lookup)
        for i, given in enumerate(dotted):
            if not given:
                continue
            resolved_refs = tuple(resolve(r) or r for r in given)
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
    # the table is used up: the org's columns (which the storage freezes into tuples one
    # by one, dropping each list) are then the only holders of the cells
    table.cache.clear()
    for k in range(len(table.columns)):
        table.columns[k] = []
    return org_from_columns(
        cols, ladder=ladder, problems=problems, strict=strict, source=source, index=index
    )


def _names(
    table: Table, columns: Mapping[str, str], position: Mapping[str, int]
) -> tuple[list[str | None], bool]:
    """The names, and whether the table has names at all (a name or name-part column).

    Names are stripped of outer spaces (inner ones kept); parts are joined once: a
    name column beside a last-name column is a first name unless it already ends with
    the last name (d3-org-chart's ``name`` + ``lastName``). A cell holding an explicit
    marker (``Vacant``, ``Open role``, ``TBH``...) is a vacancy.
    """
    n = len(table)
    split_name = "first_name" in columns or "last_name" in columns
    if "name" in columns:
        names = _stripped(text_column(table, position[columns["name"]]))
        if "last_name" in columns and "first_name" not in columns:
            last = key_column(table, position[columns["last_name"]])
            names = [_join_once(a, b) for a, b in zip(names, last, strict=True)]
        elif split_name and None in names:  # a blank preferred/display name: the legal one
            joined = joined_names(table, columns)
            names = [a if a is not None else b for a, b in zip(names, joined, strict=True)]
    elif split_name:
        names = joined_names(table, columns)
    else:
        return [None] * n, False
    markers = {v for v in set(names) if v is not None and v.casefold() in VACANCY_MARKERS}
    if markers:
        names = [None if v in markers else v for v in names]
    return names, True


def _stripped(values: list[str | None]) -> list[str | None]:
    """Text cells without outer whitespace (inner whitespace kept; None stays None)."""
    if None not in values:  # (one C-level pass for a column without a vacancy)
        return list(map(str.strip, values))  # type: ignore[arg-type]
    return [v and v.strip() for v in values]


def _join_once(first: str | None, last: str | None) -> str | None:
    if last is None or first is None:
        return first if first is not None else last
    if name_key(first).endswith(name_key(last)):
        return first  # the name column already holds the whole name
    return f"{first} {last}"


def _names_known(n: int, names_given: bool, reqs: Sequence[Any] | None) -> list[bool] | None:
    """``name_known`` for every position, or None when every name is known (the default).

    A table without any name column says nothing about who sits in the seats: every
    name is unknown, except on rows with an open requisition (those are vacancies).
    """
    if names_given:
        return None
    return [bool(reqs[i]) if reqs is not None else False for i in range(n)]


def _with_edge_tops(
    table: Table, columns: Mapping[str, str], problems: list[Problem]
) -> tuple[Table, int]:
    """An edge list with a row added for each manager who is never a report.

    The top of an edge list appears only as a ``source``; it is a person of the org,
    so it gets a position (no row, name unknown) and a CREATED_FROM_EDGES info.
    """
    position = {h: k for k, h in enumerate(table.header)}
    reports = set(key_column(table, position[columns["id"]]))
    missing: dict[str, None] = {}
    for ref in key_column(table, position[columns["manager"]]):
        if ref is not None and ref not in reports and ref not in NO_MANAGER:
            missing[ref] = None
    if not missing:
        return table, 0
    id_col, manager_col = position[columns["id"]], position[columns["manager"]]
    new_columns = []
    for k, column in enumerate(table.columns):
        if k == id_col:
            added: list[Any] = list(missing)
        elif k == manager_col:
            added = [None] * len(missing)
        else:
            added = [MISSING] * len(missing)
        new_columns.append([*column, *added])
    for ref in missing:
        problems.append(
            Problem(
                code=ProblemCode.CREATED_FROM_EDGES,
                message=f"{ref!r} manages others in the edge list but has no row of their "
                "own; the position is added with only its id",
                id=ref,
                related=(ref,),
            )
        )
    grown = Table(
        header=table.header,
        columns=new_columns,
        row_numbers=[*table.row_numbers, *[None] * len(missing)],
    )
    return grown, len(missing)


def _tops(
    managers: list[str | None], refs: set[Any], ids: Sequence[str], known: Collection[str]
) -> tuple[list[str | None], set[Any]]:
    """Manager cells that mean "no manager": ``NULL``, ``0`` and a top's own id.

    ``NULL``-like cells and ``0`` are empty unless someone has that id. A person whose
    manager is their own id is a top when nobody else is (databases mark the root so);
    with a top of its own, the org reports it (SELF_MANAGER).
    """
    markers = (NO_MANAGER & refs) - set(known)
    if markers:
        managers = [None if m in markers else m for m in managers]
        refs = refs - markers
    if None not in managers and any(map(operator.eq, managers, ids)):
        managers = [None if m == i else m for m, i in zip(managers, ids, strict=True)]
        refs = set(managers)
        refs.discard(None)
    return managers, refs


def _path_managers(paths: Sequence[str | None], ids: Sequence[str]) -> list[str | None]:
    """Each row's manager: the id of the row whose path is its path's parent.

    A parent path that no row has stays as the reference (an unknown manager, or the
    external manager of a sub-org).
    """
    row_of = {p: k for k, p in reversed(list(enumerate(paths))) if p is not None}
    managers: list[str | None] = []
    for path in paths:
        parent = path_parent(path) if path is not None else None
        if parent is None:
            managers.append(None)
        else:
            k = row_of.get(parent)
            managers.append(ids[k] if k is not None else parent)
    return managers


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
    kept = {"email", "employee_number", "first_name", "last_name", "path"}
    return {columns[r] for r in kept if r in columns}


def _resolver(lookup: dict[str, str] | None) -> Any:
    """Reference → id through ``lookup`` (unresolved references stay as written)."""

    def resolve(ref: str | None) -> str | None:
        if ref is None or lookup is None:
            return ref
        return lookup.get(ref, ref)

    return resolve


def _name_resolver(lookup: dict[str, str] | None) -> Any:
    """Like :func:`_resolver` for references by name: case and spacing do not matter."""

    def resolve(ref: str | None) -> str | None:
        if ref is None or lookup is None:
            return ref
        return lookup.get(name_key(ref), ref)

    return resolve


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
