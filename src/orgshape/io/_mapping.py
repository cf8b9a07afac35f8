"""Mapping inference: which column of a table holds the id, the name, the manager...

Headers are matched against the vocabulary's synonyms (see
:mod:`orgshape.io._vocabulary`), a named profile's spellings first.

The manager column is chosen from the data: its values must match one of the key
columns (the ids, employee numbers, emails or unique names). A header's hint
(``supervisorEId`` → employee numbers) does not settle it alone, because exports mix
key spaces (BambooHR's ``supervisorId`` may hold employee numbers). If the readings
that fit name different people, orgshape stops with ``AMBIGUOUS_MAPPING`` and lists
them, unless two manager columns each agree with what their header says; if none fits
most values, it stops too. It never guesses. orgshape's own ``manager_id`` always holds
ids. The chosen mapping can be printed (:func:`orgshape.io.detect_mapping`) and
overridden (``mapping=``, ``manager_key=`` and ``profile=``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from orgshape._display import visible
from orgshape._problems import Problem, ProblemCode
from orgshape.exceptions import DataError, InputError
from orgshape.io._keys import JOINED_NAME, distinct_refs, joined_names, key_column, key_index
from orgshape.io._profiles import PROFILES, Profile, recognise_profile
from orgshape.io._table import Table
from orgshape.io._vocabulary import (
    EDGE_SOURCES,
    EDGE_TARGETS,
    ID_TIERS,
    MANAGER_KEYS,
    MANAGER_SYNONYMS,
    NO_MANAGER,
    OWN_MANAGER,
    ROLES,
    SYNONYMS,
    name_key,
    normalise_header,
    path_parent,
    split_managers,
)

__all__ = ["ColumnMapping", "choose_mapping", "lookalike_note"]


def _plain_dict(mapping: Mapping[str, str]) -> dict[str, str]:
    return dict(mapping)


@attrs.frozen(kw_only=True)
class ColumnMapping:
    """Which input column feeds which field, and what the manager column refers to.

    Attributes:
        columns: field → input header (only the fields found).
        manager_key: what manager references match: ``"id"``, ``"employee_number"``,
            ``"email"`` or ``"name"``.
        profile: the HR-export profile used or recognised, if any.
        notes: how the choice was made (the alternatives that agreed, fallbacks).
        edge_list: True when each row is a reporting line (``source`` → ``target``)
            rather than a person: a manager who is never a report gets a position.

    A ``path`` column (``/1/1/2/`` or ``a/b/c``) can stand in for the manager column:
    each row's manager is the row whose path is its path's parent.

    Examples:
        >>> m = ColumnMapping(columns={"id": "Employee_ID", "manager": "Manager_ID"})
        >>> print(m)
        id       ← Employee_ID
        manager  ← Manager_ID (refers to id)
    """

    columns: Mapping[str, str] = attrs.field(factory=dict, converter=_plain_dict)
    manager_key: str = attrs.field(default="id")
    profile: str | None = None
    notes: tuple[str, ...] = ()
    edge_list: bool = False

    @manager_key.validator
    def _check_key(self, _: Any, value: str) -> None:
        if value not in MANAGER_KEYS:
            msg = f"manager_key must be one of {', '.join(MANAGER_KEYS)}, got {value!r}"
            raise InputError(msg)

    def __str__(self) -> str:
        width = max((len(role) for role in self.columns), default=0) + 2
        lines = []
        for role in ROLES:
            if role in self.columns:
                line = f"{role:<{width}}← {visible(self.columns[role])}"
                if role == "manager":
                    line += f" (refers to {visible(str(self.manager_key))})"
                if role == "path":
                    line += " (each row's manager is its path's parent)"
                lines.append(line)
        if self.edge_list:
            lines.append("shape: edge list (a row per reporting line)")
        if self.profile:
            lines.append(f"profile: {visible(self.profile)}")
        lines.extend(f"note: {visible(n)}" for n in self.notes)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-ready form (for ``--show-mapping``)."""
        return {
            "columns": {r: self.columns[r] for r in ROLES if r in self.columns},
            "manager_key": self.manager_key,
            "profile": self.profile,
            "notes": list(self.notes),
            "edge_list": self.edge_list,
        }


def _ambiguous(message: str, source: str | None) -> DataError:
    return DataError([Problem(code=ProblemCode.AMBIGUOUS_MAPPING, message=message)], source=source)


def _missing(message: str, source: str | None) -> DataError:
    return DataError([Problem(code=ProblemCode.MISSING_COLUMN, message=message)], source=source)


def choose_mapping(
    table: Table,
    *,
    mapping: Mapping[str, str] | ColumnMapping | None = None,
    manager_key: str | None = None,
    profile: str | None = None,
    source: str | None = None,
) -> ColumnMapping:
    """Decide the column mapping for a table; raise a DataError if it is ambiguous.

    Its notes also say which ids look alike (see :func:`lookalike_note`).
    """
    chosen = _choose_mapping(
        table, mapping=mapping, manager_key=manager_key, profile=profile, source=source
    )
    column = chosen.columns.get("id")
    if column is None or column not in table.header:
        return chosen
    note = lookalike_note(key_column(table, table.header.index(column)))
    return attrs.evolve(chosen, notes=(*chosen.notes, note)) if note else chosen


#: Letters read as digits when ids are compared for looking alike (``O01`` and ``001``).
_LOOKALIKE: Final = str.maketrans({"o": "0", "i": "1", "l": "1"})


def lookalike_note(ids: Sequence[str | None]) -> str | None:
    """A note naming ids that differ but look alike, or None.

    Two ids look alike when they are the same after Unicode normalisation (NFKC: a
    composed and a decomposed ``é``, full-width digits), case folding, and reading
    ``O``, ``I`` and ``l`` as the digits they resemble. They are still different ids
    (nothing is merged); the note is a hint to check references typed by hand.

    Examples:
        >>> lookalike_note(["001", "O01", "P2", "p3"])
        "ids that look alike but differ: '001' and 'O01'"
        >>> lookalike_note(["1", "2", "3"]) is None
        True
    """
    if _none_alike(ids):
        return None
    known = [v for v in dict.fromkeys(ids) if v is not None]
    joined = "\x00".join(known)
    if not known or joined.count("\x00") != len(known) - 1:  # (an id with a NUL: no note)
        return None
    if not joined.isascii():
        import unicodedata  # noqa: PLC0415  (only for non-ASCII ids)

        joined = unicodedata.normalize("NFKC", joined)
    skeletons = joined.casefold().translate(_LOOKALIKE).split("\x00")
    if len(skeletons) != len(known) or len(set(skeletons)) == len(known):
        return None
    first: dict[str, str] = {}
    pairs: list[str] = []
    for value, skeleton in zip(known, skeletons, strict=True):
        other = first.setdefault(skeleton, value)
        if other != value:
            same = _unicode_forms(other, value)
            pairs.append(f"{other!r} and {value!r}{same}")
    shown = "; ".join(pairs[:5]) + (f"; and {len(pairs) - 5} more" if len(pairs) > 5 else "")
    return f"ids that look alike but differ: {shown}"


def _none_alike(ids: Sequence[str | None]) -> bool:
    """True when no two of the ids can look alike: ASCII in one case, without o, i or l.

    Then case folding and reading letters as digits change nothing, so distinct ids
    stay distinct (a few C-level scans instead of comparing every id).
    """
    joined = "".join(filter(None, ids))
    return (
        joined.isascii()
        and (joined == joined.upper() or joined == joined.lower())
        and not any(c in joined for c in "oilOIL")
    )


def _unicode_forms(a: str, b: str) -> str:
    """`` (the same text in other Unicode forms)`` when ``a`` and ``b`` are, else ""."""
    import unicodedata  # noqa: PLC0415

    if unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b):
        return " (the same text in other Unicode forms)"
    return ""


def _choose_mapping(
    table: Table,
    *,
    mapping: Mapping[str, str] | ColumnMapping | None = None,
    manager_key: str | None = None,
    profile: str | None = None,
    source: str | None = None,
) -> ColumnMapping:
    header = table.header
    by_norm: dict[str, list[str]] = {}
    for h in header:
        by_norm.setdefault(normalise_header(h), []).append(h)

    explicit: dict[str, str] = {}
    edge_list = False
    if isinstance(mapping, ColumnMapping):
        explicit = dict(mapping.columns)
        manager_key = manager_key or mapping.manager_key
        profile = profile or mapping.profile
        edge_list = mapping.edge_list
    elif mapping is not None:
        explicit = dict(mapping)
    for role, column in explicit.items():
        if role not in ROLES:
            msg = f"unknown field {role!r} in mapping (valid: {', '.join(ROLES)})"
            raise InputError(msg)
        if column not in header:
            msg = (
                f"mapping says {role} is column {column!r}, but the input has no such column "
                f"(columns: {', '.join(header)})"
            )
            raise InputError(msg)
    if manager_key is not None and manager_key not in MANAGER_KEYS:
        msg = f"manager_key must be one of {', '.join(MANAGER_KEYS)}, got {manager_key!r}"
        raise InputError(msg)
    if table.fields is not None:  # the reader knows every column (a graph)
        known = {**table.fields, **explicit}
        ordered: dict[str, str] = {r: known[r] for r in ROLES if r in known}
        return ColumnMapping(columns=ordered, manager_key="id", notes=table.notes)

    # A named profile's spellings come first; a recognised one is only reported (the
    # usual synonyms cover the exports, and the data decides the id and manager).
    prof: Profile | None = None
    if profile is not None:
        prof = PROFILES.get(profile)
        if prof is None:
            msg = f"unknown profile {profile!r} (known: {', '.join(sorted(PROFILES))})"
            raise InputError(msg)

    notes: list[str] = list(table.notes)  # what the reader says (blank rows skipped, a sheet)
    columns: dict[str, str] = {}
    used: set[str] = set(explicit.values())
    position = {h: k for k, h in enumerate(header)}

    def first_match(spellings: Sequence[str]) -> str | None:
        for spelling in spellings:
            for h in by_norm.get(normalise_header(spelling), ()):
                if h not in used:
                    return h
        return None

    # -- the simple fields ------------------------------------------------------------
    # A file orgshape wrote starts with its own columns; its other columns are extra
    # columns, whatever they are called (an extra "Team" stays "Team").
    own = prof is None and header[:4] == list(_OWN_START) and not explicit
    if prof is not None and prof.positional:
        for role, at in prof.positional.items():
            if role not in explicit and at < len(header):
                explicit[role] = header[at]
                used.add(header[at])
        if "id" in prof.positional and "name" not in explicit and len(header) > 0:
            columns["name"] = header[prof.positional["id"]]
    for role in ROLES:
        if role in explicit:
            columns[role] = explicit[role]
            continue
        if role in ("id", "manager"):
            continue
        if own:  # orgshape's own files name every typed field exactly
            found = role if role in header and role not in used else None
        else:
            spellings = SYNONYMS.get(role, ())
            if prof is not None:  # the profile's own spellings first, then the usual ones
                spellings = (*prof.columns.get(role, ()), *spellings)
            found = first_match(spellings)
        if found is not None and role not in columns:
            columns[role] = found
            used.add(found)

    # -- the id -------------------------------------------------------------------------
    id_candidates: list[str] = []
    if "id" in columns:
        id_candidates = [columns["id"]]
    else:
        tiers: Sequence[Sequence[str]] = ID_TIERS
        if prof is not None:
            tiers = (prof.columns.get("id", ()), *tiers)
        for tier in tiers:
            found_tier = [
                h for s in tier for h in by_norm.get(normalise_header(s), ()) if h not in used
            ]
            if found_tier:
                id_candidates = list(dict.fromkeys(found_tier))
                break
        # an id column empty on every row keys nobody (Google Workspace's Employee ID)
        empty_ids = [h for h in id_candidates if not any(key_column(table, position[h]))]
        if empty_ids:
            id_candidates = [h for h in id_candidates if h not in empty_ids]
            notes.extend(
                f"id column {h!r} is empty on every row, so it is not the id" for h in empty_ids
            )

    # -- the manager -------------------------------------------------------------------
    manager_candidates: list[tuple[str, str | None]] = []
    if "manager" in columns:
        given = columns["manager"]
        manager_candidates = [(given, MANAGER_SYNONYMS.get(normalise_header(given)))]
    elif OWN_MANAGER in header:  # orgshape's own files: manager_id holds ids
        manager_candidates = [(OWN_MANAGER, "id")]
    else:
        if prof is not None:
            for s in prof.columns.get("manager", ()):
                manager_candidates.extend(
                    (h, MANAGER_SYNONYMS.get(normalise_header(s)))
                    for h in by_norm.get(normalise_header(s), ())
                    if h not in used
                )
        if not manager_candidates:
            for norm, hint in MANAGER_SYNONYMS.items():
                manager_candidates.extend((h, hint) for h in by_norm.get(norm, ()) if h not in used)

    if not id_candidates and "manager" not in columns and table.nested_parent is None:
        edges = _edge_columns(by_norm, used)
        if edges is not None or edge_list:
            target, origin = edges if edges is not None else (None, None)
            columns.setdefault("id", explicit.get("id") or target or "")
            columns.setdefault("manager", explicit.get("manager") or origin or "")
            if columns["id"] and columns["manager"]:
                notes.append(
                    f"edge list: each row says {columns['manager']!r} manages {columns['id']!r}"
                )
                return _finish(columns, "id", prof, header, notes, edge_list=True)
    if not id_candidates:
        for fallback in ("email", "employee_number", "name"):
            if fallback in columns:
                id_candidates = [columns[fallback]]
                notes.append(
                    f"no id column: people are keyed by {fallback} ({columns[fallback]!r})"
                )
                break
        else:
            path = columns.get("path") or _path_column(table, position, used)
            if path is not None and not manager_candidates:
                columns["path"] = columns["id"] = path
                notes.append(f"no id column: people are keyed by their path ({path!r})")
                return _finish(columns, "id", prof, header, notes)
            raise _missing(
                "no id column found (looked for: id, employee id, person id, worker id, email, "
                f"name...); the columns are: {', '.join(header)}; "
                + _propose_id(table, position, [h for h, _ in manager_candidates]),
                source,
            )

    if table.nested_parent is None and not manager_candidates:
        path = columns.get("path") or _path_column(table, position, used)
        if path is not None:
            if len(id_candidates) > 1:
                raise _ambiguous(
                    f"several columns could be the id: {', '.join(map(repr, id_candidates))}; "
                    "pass mapping={'id': ...}",
                    source,
                )
            columns["path"] = path
            columns["id"] = id_candidates[0]
            notes.append(f"no manager column: each row's manager is its {path!r} parent")
            return _finish(columns, "id", prof, header, notes)
        entra = "objectid" in by_norm or "userprincipalname" in by_norm
        hint = (
            " (a Microsoft Entra portal export has no manager column; export the manager "
            "through Microsoft Graph)"
            if entra
            else ""
        )
        raise _missing(
            "no manager column found, so the file says nothing about who reports to whom"
            f"{hint}; the columns are: {', '.join(header)}; a column of paths (/1/2/, a/b/c) "
            "is mapping={'path': ...}, an edge list mapping={'id': 'target', 'manager': "
            "'source'}; pass mapping={'manager': ...}",
            source,
        )

    if table.nested_parent is not None:
        if len(id_candidates) > 1:
            raise _ambiguous(
                f"several columns could be the id: {', '.join(map(repr, id_candidates))}; "
                "pass mapping={'id': ...}",
                source,
            )
        columns["id"] = id_candidates[0]
        # the tree says who reports to whom; a manager column can only add the manager
        # of a top record that sits outside the file (orgshape writes it as manager_id)
        by_id = [h for h, hint in manager_candidates if hint == "id"]
        if by_id or manager_candidates:
            columns["manager"] = (by_id or [manager_candidates[0][0]])[0]
        return _finish(columns, "id", prof, header, notes)

    chosen_id, manager, key = _choose_manager(
        table,
        id_candidates=id_candidates,
        manager_candidates=manager_candidates,
        manager_key=manager_key,
        columns=columns,
        notes=notes,
        source=source,
        explicit="manager" in explicit,
    )
    columns["id"] = chosen_id
    columns["manager"] = manager
    columns.pop("path", None)  # a manager column says it; a path column stays extra
    return _finish(columns, key, prof, header, notes, edge_list=edge_list)


#: The first columns of every table orgshape writes.
_OWN_START: Final = ("id", "name", "title", "level")


def _finish(
    columns: dict[str, str],
    key: str,
    prof: Profile | None,
    header: Sequence[str],
    notes: list[str],
    *,
    edge_list: bool = False,
) -> ColumnMapping:
    name = prof.name if prof is not None else recognise_profile(header)
    ordered: dict[str, str] = {r: columns[r] for r in ROLES if r in columns}
    return ColumnMapping(
        columns=ordered, manager_key=key, profile=name, notes=tuple(notes), edge_list=edge_list
    )


def _edge_columns(by_norm: Mapping[str, list[str]], used: set[str]) -> tuple[str, str] | None:
    """(target, source) columns of an edge list (``source,target``, ``from,to``), if any."""
    targets = [h for norm in EDGE_TARGETS for h in by_norm.get(norm, ()) if h not in used]
    sources = [h for norm in EDGE_SOURCES for h in by_norm.get(norm, ()) if h not in used]
    if len(targets) == 1 and len(sources) == 1:
        return targets[0], sources[0]
    return None


def _path_column(table: Table, position: Mapping[str, int], used: set[str]) -> str | None:
    """A column whose values are paths of a tree (each parent path is in the column)."""
    for header in table.header:
        if header in used:
            continue
        values = [v for v in key_column(table, position[header]) if v is not None]
        if len(values) < 2 or not any("/" in v for v in values):
            continue
        present = set(values)
        if len(present) != len(values):
            continue
        parents = [path_parent(v) for v in values]
        tops = parents.count(None)
        if tops >= 1 and all(p is None or p in present for p in parents):
            return header
    return None


def _propose_id(table: Table, position: Mapping[str, int], managers: Sequence[str]) -> str:
    """The advice of a missing-id error: the column that fits, or how to say it."""
    best: tuple[float, str] | None = None
    for header in table.header:
        values = key_column(table, position[header])
        present = [v for v in values if v is not None]
        if not present or len(set(present)) != len(present):
            continue  # an id is unique
        for manager in managers:
            if manager == header:
                continue
            refs = distinct_refs(table, position[manager]) - NO_MANAGER
            share = _share(refs, key_index(table, position[header])) if refs else 0.0
            if share > 0 and (best is None or share > best[0]):
                best = (share, header)
    if best is None:
        return "pass mapping={'id': ...}"
    share, header = best
    return (
        f"the column that fits is {header!r} (unique, and the manager column refers to it for "
        f"{share:.0%} of its values): pass mapping={{'id': {header!r}}}"
    )


@attrs.frozen
class _Reading:
    """One way to read a manager column: its values are ``key`` values of ``column``."""

    share: float  # the share of distinct references that match
    manager: str  # the manager column
    hint: str | None  # what the manager column's header says it refers to
    key: str  # what the references are read as: id, employee_number, email, name
    column: str  # the key column (JOINED_NAME for names made of first + last name)

    @property
    def named(self) -> bool:
        """True when the header of the manager column says it refers to this key."""
        return self.hint == self.key

    def describe(self) -> str:
        shown = "first + last name" if self.column == JOINED_NAME else repr(self.column)
        return f"{self.manager!r} as {self.key} {shown} ({self.share:.0%} match)"


def _choose_manager(
    table: Table,
    *,
    id_candidates: Sequence[str],
    manager_candidates: Sequence[tuple[str, str | None]],
    manager_key: str | None,
    columns: Mapping[str, str],
    notes: list[str],
    source: str | None,
    explicit: bool = False,
) -> tuple[str, str, str]:
    """Pick (id column, manager column, manager key) from the data, or raise.

    Every manager column is tried against every key column (the ids, employee
    numbers, emails, names). The readings that fit best must name the same *person*
    for every row; if they disagree (BambooHR's two key spaces), orgshape stops unless
    two manager columns whose headers say what they hold agree with each other. A
    header's hint (``supervisorEId`` → employee number) never rules a reading out by
    itself: the values decide. ``manager_key=`` does rule the other keys out.

    A manager column the user named is used however few of its references match
    (each dangling one is then an UNKNOWN_MANAGER on its row): an explicit mapping
    always wins over detection.
    """
    header = table.header
    position = {h: k for k, h in enumerate(header)}
    cache: dict[str, list[str | None]] = {}

    def values(column: str) -> list[str | None]:
        if column not in cache:
            if column == JOINED_NAME:
                cache[column] = joined_names(table, columns)
            else:
                cache[column] = key_column(table, position[column])
        return cache[column]

    def names(column: str) -> list[str | None]:
        """A column's values as name keys (case, spacing and "Last, First" aside)."""
        key = "\x00names " + column
        if key not in cache:
            cache[key] = [name_key(v) if v is not None else None for v in values(column)]
        return cache[key]

    # key spaces: (key name, column)
    keys: list[tuple[str, str]] = [("id", c) for c in id_candidates]
    for extra_key in ("employee_number", "email"):
        if extra_key in columns and (
            manager_key == extra_key or columns[extra_key] not in id_candidates
        ):
            keys.append((extra_key, columns[extra_key]))
    if "name" in columns and (manager_key == "name" or columns["name"] not in id_candidates):
        keys.append(("name", columns["name"]))
    elif "name" not in columns and ("first_name" in columns or "last_name" in columns):
        keys.append(("name", JOINED_NAME))
    if manager_key is not None:
        keys = [k for k in keys if k[0] == manager_key]
        if not keys:
            raise _missing(
                f"manager_key={manager_key!r}, but no {manager_key} column was found; "
                f"the columns are: {', '.join(header)}; pass mapping={{{manager_key!r}: ...}}",
                source,
            )

    readings: list[_Reading] = []
    empty: list[tuple[str, str | None]] = []
    for manager, hint in manager_candidates:
        refs = distinct_refs(table, position[manager])
        if not refs:
            empty.append((manager, hint))
            continue
        for key, col in keys:
            if manager_key is None and not _may_hold(manager, hint, key):
                continue
            if key == "name":
                named_refs = {name_key(r) for r in refs}
                share = _share(named_refs, names(col))
            else:
                share = _share(
                    refs, key_index(table, position[col]) if key == "id" else values(col)
                )
            readings.append(_Reading(share, manager, hint, key, col))

    if not readings and empty:  # nobody has a manager: the column cannot be checked
        manager, hint = empty[0]
        key, col = next(((k, c) for k, c in keys if k == hint), keys[0])
        return (col if key == "id" else id_candidates[0]), manager, key

    good = [r for r in readings if r.share >= 0.5]
    if not good and manager_key is None and columns.get("name") in id_candidates:
        # names that are the ids (Visio, Google Charts): the references may still be
        # those names written in another case, spacing or "Last, First" order
        col = columns["name"]
        for manager, hint in manager_candidates:
            refs = distinct_refs(table, position[manager])
            if refs and _may_hold(manager, hint, "name"):
                share = _share({name_key(r) for r in refs}, names(col))
                readings.append(_Reading(share, manager, hint, "name", col))
        good = [r for r in readings if r.share >= 0.5]
    if not good and explicit and readings:
        # the user named the manager column: use it, reading it the way that fits best
        best_share = max(r.share for r in readings)
        good = [r for r in readings if r.share == best_share]
        notes.append(
            f"only {best_share:.0%} of the references in {good[0].manager!r} name someone "
            "in the input; the others are reported as unknown managers"
        )
    if not good:
        raise _ambiguous(
            "the manager column matches none of the key columns for most values ("
            + ("; ".join(r.describe() for r in readings) or "no key column fits")
            + "); "
            + _propose_id(table, position, [m for m, _ in manager_candidates])
            + " (or name the manager column: mapping={'manager': ...}, manager_key=...)",
            source,
        )
    best = max(r.share for r in good)
    top = [r for r in good if r.share >= best - 0.05]

    # Group the best readings by the people they name: readings agree when they
    # resolve (nearly) every row to the same person.
    groups: list[tuple[list[int | None], list[_Reading]]] = []
    for reading in top if len(top) > 1 else ():
        if reading.key == "name":
            people = _resolve_rows(names(reading.manager), names(reading.column))
        else:
            people = _resolve_rows(values(reading.manager), values(reading.column))
        for resolved, members in groups:
            same = sum(1 for a, b in zip(resolved, people, strict=True) if a == b)
            if same >= 0.99 * len(people):
                members.append(reading)
                break
        else:
            groups.append((people, [reading]))

    if len(groups) <= 1:
        agreeing = top
    else:
        named = [m for _, m in groups if any(r.named for r in m)]
        confirmed = [m for m in named if len({r.manager for r in m if r.named}) >= 2]
        if len(named) != 1 or not confirmed:
            listed = "; ".join(r.describe() for _, m in groups for r in m)
            raise _ambiguous(
                f"the manager references can be read in more than one way, and the readings "
                f"name different people: {listed}; say which with "
                "mapping={'manager': ..., 'id': ...} and manager_key=",
                source,
            )
        agreeing = confirmed[0]
        rejected = "; ".join(r.describe() for _, m in groups if m is not agreeing for r in m)
        notes.append(
            "manager columns "
            + " and ".join(sorted({repr(r.manager) for r in agreeing if r.named}))
            + f" agree with what their headers say; rejected: {rejected}"
        )

    def preference(r: _Reading) -> tuple[int, int, int, int]:
        return (
            0 if r.named else 1,
            0 if r.hint == "id" else 1 if r.hint is None else 2,
            header.index(r.manager),
            MANAGER_KEYS.index(r.key),
        )

    chosen = min(agreeing, key=preference)
    others = [r for r in agreeing if r is not chosen]
    if others:
        notes.append(
            f"manager column {chosen.manager!r} chosen as {chosen.key}; "
            + ", ".join(r.describe() for r in others)
            + (" agrees" if len(others) == 1 else " agree")
        )
    id_column = chosen.column if chosen.key == "id" else id_candidates[0]
    if chosen.key == "id" and len(id_candidates) > 1:
        notes.append(
            f"id column {id_column!r} chosen among {', '.join(map(repr, id_candidates))} "
            f"because {chosen.manager!r} refers to it"
        )
    if chosen.key != "id" and len(id_candidates) > 1:
        raise _ambiguous(
            f"several columns could be the id: {', '.join(map(repr, id_candidates))}; "
            "pass mapping={'id': ...}",
            source,
        )
    return id_column, chosen.manager, chosen.key


def _share(refs: set[str], keys: dict[str | None, int] | list[str | None]) -> float:
    """The share of distinct references that are keys.

    ``keys`` is a key column, or its index when there is one (then only the references
    are walked, not the million keys). A cell naming several managers counts when all
    of them are keys.
    """

    def known(candidates: set[str]) -> set[str]:
        if isinstance(keys, dict):  # (C-level: walks the candidates, not the keys)
            return candidates.difference(candidates.difference(keys))
        return candidates.intersection(keys)  # (walks the list once; no big set)

    matched = known(refs)
    if len(matched) == len(refs):
        return 1.0
    refs = refs - (NO_MANAGER - matched)  # NULL, 0: "no manager", unless someone's key
    if not refs:
        return 1.0
    if len(matched) == len(refs):
        return 1.0
    several = {r: split_managers(r) for r in refs - matched}
    several = {r: parts for r, parts in several.items() if len(parts) > 1}
    if several:
        parts_known = known({p for parts in several.values() for p in parts})
        matched.update(r for r, parts in several.items() if parts_known.issuperset(parts))
    return len(matched) / len(refs)


def _may_hold(manager: str, hint: str | None, key: str) -> bool:
    """Whether the manager column could hold ``key`` values, going by its header.

    orgshape's own ``manager_id`` holds ids. A header that names a key (``supervisorId``,
    ``Manager Email``) may still hold another *key space* (BambooHR's supervisorId can
    hold employee numbers), but not names; a plain ``Manager`` may hold anything.
    """
    if manager == OWN_MANAGER:
        return key == "id"
    return hint is None or key in (hint, "id", "employee_number")


def _resolve_rows(refs: Sequence[str | None], keys: Sequence[str | None]) -> list[int | None]:
    """For each reference, the row whose key it is (-1 when several rows share it)."""
    row_of: dict[str, int] = {}
    for k, value in enumerate(keys):
        if value is not None:
            row_of[value] = -1 if value in row_of else k
    return [row_of.get(r) if r is not None else None for r in refs]
