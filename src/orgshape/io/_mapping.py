"""Column mapping: which input column holds the id, the name, the manager...

HR systems name their columns differently (``supervisorId``, ``Manager_ID``,
``work.reportsTo.id``, ``Manager Email``...). Headers are normalised first (byte-order
mark stripped, NFKC, case-folded, bracketed suffixes such as ``[Required]`` dropped,
spaces, dashes, dots and underscores ignored) and matched against synonyms per field.

The manager column is chosen from the data: its values must match one of the key
columns (the ids, employee numbers, emails or unique names). If two readings fit and
disagree, or none fits most values, orgshape stops with ``AMBIGUOUS_MAPPING`` and lists
the candidates; it never guesses. The chosen mapping can be printed
(:func:`orgshape.io.detect_mapping`) and overridden (``mapping=`` and ``profile=``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from orgshape._model import MISSING
from orgshape._problems import Problem, ProblemCode
from orgshape.exceptions import DataError, InputError
from orgshape.io._table import Table, clean_strings

__all__ = ["PROFILES", "ROLES", "ColumnMapping", "Profile", "choose_mapping", "normalise_header"]

#: Every field a column can be mapped to.
ROLES: Final = (
    "id",
    "name",
    "first_name",
    "last_name",
    "title",
    "level",
    "manager",
    "email",
    "employee_number",
    "products",
    "function",
    "years_experience",
    "cost",
    "location",
    "dotted_line",
    "assistant",
    "req",
)
#: What a manager reference can point at.
MANAGER_KEYS: Final = ("id", "employee_number", "email", "name")

_BRACKETS = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_SEPARATORS = re.compile(r"[\s\-_.·/\\:#]+")


def normalise_header(header: str) -> str:
    """The form headers are matched in.

    Examples:
        >>> normalise_header("\\ufeffManager ID")
        'managerid'
        >>> normalise_header("Email Address [Required]")
        'emailaddress'
        >>> normalise_header("work.reportsTo.id")
        'workreportstoid'
    """
    text = unicodedata.normalize("NFKC", header.removeprefix("\ufeff")).casefold()
    text = _BRACKETS.sub("", text)
    return _SEPARATORS.sub("", text)


# Synonyms in order of preference (normalised). For id and manager, a tie inside the
# first matching tier is an ambiguity; for other fields the first match wins.
_ID_TIERS: Final = (
    ("id",),
    (
        "personid",
        "employeeid",
        "workerid",
        "uniqueid",
        "positionid",
        "staffid",
        "empid",
        "emplid",
        "userid",
        "objectid",
        "nodeid",
        "recordid",
    ),
)
_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "name": (
        "name",
        "fullname",
        "displayname",
        "employeename",
        "worker",
        "workername",
        "personname",
        "legalname",
        "preferredname",
        "username",
        "employee",
    ),
    "first_name": ("firstname", "givenname", "forename", "first", "legalfirstname"),
    "last_name": ("lastname", "surname", "familyname", "last", "legallastname"),
    "title": (
        "title",
        "jobtitle",
        "businesstitle",
        "positiontitle",
        "worktitle",
        "employeetitle",
        "position",
        "role",
        "designation",
        "jobprofile",
    ),
    "level": ("level", "ladderlevel", "orgshapelevel"),
    "email": (
        "email",
        "workemail",
        "emailaddress",
        "workemailaddress",
        "primaryemail",
        "mail",
        "userprincipalname",
    ),
    "employee_number": (
        "employeenumber",
        "employeeno",
        "employeenum",
        "empno",
        "workemployeeidincompany",
        "employeeidincompany",
        "staffnumber",
        "badgenumber",
    ),
    "products": ("products", "product", "productsowned", "ownedproducts", "portfolio"),
    "function": ("function", "jobfunction", "track", "jobfamily", "discipline"),
    "years_experience": (
        "yearsexperience",
        "yearsofexperience",
        "experienceyears",
        "yoe",
        "experience",
    ),
    "cost": ("cost", "annualcost", "fullyloadedcost", "loadedcost", "totalcost", "salary"),
    "location": ("location", "worklocation", "office", "site", "worksite", "city"),
    "dotted_line": (
        "dottedline",
        "dottedlines",
        "dottedlinemanager",
        "dottedlinemanagerid",
        "dottedlinemanagers",
        "altreportsto",
        "secondarymanager",
        "matrixmanager",
        "indirectmanager",
        "refs",
    ),
    "assistant": ("assistant", "isassistant"),
    "req": (
        "req",
        "reqid",
        "requisition",
        "requisitionid",
        "jobrequisition",
        "openreq",
        "reqnumber",
    ),
}
# Manager columns and the key each one most likely refers to (None: decided by the data).
_MANAGER_SYNONYMS: Final[dict[str, str | None]] = {
    "managerid": "id",
    "supervisorid": "id",
    "reportstoid": "id",
    "parentid": "id",
    "linemanagerid": "id",
    "bossid": "id",
    "manageremployeeid": "id",
    "managerpersonid": "id",
    "managerworkerid": "id",
    "workreportstoid": "id",
    "workersmanagergroupmanagerid": "id",
    "manager": None,
    "reportsto": None,
    "supervisor": None,
    "parent": None,
    "linemanager": None,
    "directmanager": None,
    "boss": None,
    "managerreference": None,
    "supervisoreid": "employee_number",
    "manageremployeenumber": "employee_number",
    "supervisoremployeenumber": "employee_number",
    "workreportstoidincompany": "employee_number",
    "manageremail": "email",
    "supervisoremail": "email",
    "linemanageremail": "email",
    "reportstoemail": "email",
    "workreportstoemail": "email",
    "managername": "name",
    "supervisorname": "name",
    "reportstoname": "name",
    "linemanagername": "name",
    "workreportstodisplayname": "name",
    "workersmanagergroupmanagername": "name",
}


@attrs.frozen(kw_only=True)
class Profile:
    """A named HR-export shape: which headers its columns have.

    Attributes:
        name: the profile's name (``"bamboohr"``).
        title: the system it describes.
        columns: field → header spellings, in order of preference.
        positional: fields taken by position (0-based) instead of by header.
        note: what is special about this export.
    """

    name: str
    title: str
    columns: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    positional: Mapping[str, int] = attrs.field(factory=dict)
    note: str = ""

    def headers(self) -> set[str]:
        """Every normalised header this profile knows."""
        return {normalise_header(h) for spellings in self.columns.values() for h in spellings}


#: The named HR-export profiles (see docs/loading.md).
PROFILES: Final[dict[str, Profile]] = {
    p.name: p
    for p in (
        Profile(
            name="workday",
            title="Workday (custom report)",
            columns={
                "id": ("Employee_ID",),
                "name": ("Worker", "Full_Name", "Preferred_Name"),
                "title": ("Business_Title", "Job_Title", "Job_Profile"),
                "manager": (
                    "Manager_ID",
                    "Worker_s_Manager_group.Manager_ID",
                    "Manager_Name",
                    "Worker_s_Manager_group.Manager_Name",
                ),
                "email": ("Email", "Email_Address", "Work_Email"),
                "location": ("Location",),
                "cost": ("Annual_Cost", "Total_Base_Pay"),
            },
            note="JSON rows are wrapped in Report_Entry; one-element manager groups are unwrapped.",
        ),
        Profile(
            name="bamboohr",
            title="BambooHR",
            columns={
                "id": ("id",),
                "employee_number": ("employeeNumber",),
                "name": ("displayName", "preferredName"),
                "first_name": ("firstName",),
                "last_name": ("lastName",),
                "title": ("jobTitle",),
                "manager": ("supervisorId", "supervisorEId", "supervisorEmail", "supervisor"),
                "email": ("workEmail",),
                "location": ("location",),
            },
            note="Two key spaces: supervisorEId points at employeeNumber, not at id.",
        ),
        Profile(
            name="hibob",
            title="HiBob",
            columns={
                "id": ("id",),
                "employee_number": ("work.employeeIdInCompany",),
                "name": ("displayName",),
                "first_name": ("firstName",),
                "last_name": ("surname",),
                "title": ("work.title",),
                "manager": (
                    "work.reportsTo.id",
                    "work.reportsToIdInCompany",
                    "work.reportsTo.email",
                    "work.reportsTo.displayName",
                ),
                "email": ("email",),
                "location": ("work.site",),
            },
            note="Dotted field paths (work.reportsTo.id); nested JSON is flattened to them.",
        ),
        Profile(
            name="rippling",
            title="Rippling",
            columns={
                "id": ("id",),
                "name": ("display_name", "user.name"),
                "title": ("title",),
                "manager": ("manager_id", "manager"),
                "email": ("work_email",),
            },
        ),
        Profile(
            name="personio",
            title="Personio",
            columns={
                "id": ("id",),
                "first_name": ("first_name",),
                "last_name": ("last_name",),
                "title": ("position",),
                "manager": ("supervisor.id", "supervisor"),
                "email": ("email",),
            },
            note="API attributes are wrapped as {label, value}; orgshape unwraps them.",
        ),
        Profile(
            name="google-workspace",
            title="Google Workspace (admin console CSV)",
            columns={
                "id": ("Employee ID",),
                "email": ("Email Address [Required]",),
                "first_name": ("First Name [Required]",),
                "last_name": ("Last Name [Required]",),
                "title": ("Employee Title",),
                "manager": ("Manager Email",),
            },
            note="[Required]/[READ ONLY] header suffixes; UTF-8 with a byte-order mark.",
        ),
        Profile(
            name="charthop",
            title="ChartHop",
            columns={
                "email": ("Work Email",),
                "first_name": ("First Name",),
                "last_name": ("Last Name",),
                "title": ("Job Title",),
                "manager": ("Manager",),
                "location": ("Location",),
            },
            note="People are keyed by work email; Manager holds the manager's email.",
        ),
        Profile(
            name="drawio",
            title="draw.io org-chart CSV",
            columns={
                "id": ("id",),
                "name": ("name",),
                "title": ("position",),
                "manager": ("manager",),
                "email": ("email",),
                "location": ("location",),
                "dotted_line": ("refs",),
            },
            note="manager holds the manager's name, so names must be unique.",
        ),
        Profile(
            name="google-charts",
            title="Google Charts / Sheets org chart",
            positional={"id": 0, "manager": 1},
            note="First column: the node (id and display text); second: its parent; "
            "third: a tooltip.",
        ),
        Profile(
            name="visio",
            title="Visio / OrgPlus",
            columns={
                "id": ("Unique ID", "Person ID"),
                "name": ("Name",),
                "title": ("Title",),
                "manager": ("Supervisor ID", "Reports To"),
                "dotted_line": ("AltReportsTo",),
            },
            note="AltReportsTo holds ;-separated dotted-line managers; "
            "the top row's manager is blank.",
        ),
        Profile(
            name="entra",
            title="Microsoft Entra ID (portal CSV)",
            columns={
                "id": ("objectId",),
                "email": ("userPrincipalName",),
                "name": ("displayName",),
                "first_name": ("givenName",),
                "last_name": ("surname",),
                "title": ("jobTitle",),
            },
            note="The portal CSV has no manager column; "
            "export the manager through Microsoft Graph.",
        ),
    )
}


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
                line = f"{role:<{width}}← {self.columns[role]}"
                if role == "manager":
                    line += f" (refers to {self.manager_key})"
                lines.append(line)
        if self.profile:
            lines.append(f"profile: {self.profile}")
        lines.extend(f"note: {n}" for n in self.notes)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-ready form (for ``--show-mapping``)."""
        return {
            "columns": {r: self.columns[r] for r in ROLES if r in self.columns},
            "manager_key": self.manager_key,
            "profile": self.profile,
            "notes": list(self.notes),
        }


def _ambiguous(message: str, source: str | None) -> DataError:
    return DataError([Problem(code=ProblemCode.AMBIGUOUS_MAPPING, message=message)], source=source)


def _missing(message: str, source: str | None) -> DataError:
    return DataError([Problem(code=ProblemCode.MISSING_COLUMN, message=message)], source=source)


def _key_text(value: Any) -> str | None:
    """A key cell as a string: stripped; numbers without a spurious ``.0``."""
    if value is None or value is MISSING:
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value).strip() or None


JOINED_NAME: Final = "\x00first_name last_name"


def joined_names(table: Table, columns: Mapping[str, str]) -> list[str | None]:
    """Names made of the first- and last-name columns (None when both are empty)."""
    position = {h: k for k, h in enumerate(table.header)}
    parts = [
        key_column(table, position[columns[r]]) for r in ("first_name", "last_name") if r in columns
    ]
    return [" ".join(p for p in names if p) or None for names in zip(*parts, strict=True)]


def key_column(table: Table, col: int) -> list[str | None]:
    """The values of a key column as stripped strings (None for empty)."""
    cached: list[str | None] | None = table.cache.get(("key", col))
    if cached is not None:
        return cached
    values = table.columns[col]
    if table.all_str or all(type(v) is str for v in values):
        out = clean_strings(values, strip=True)
    else:
        out = [_key_text(v) for v in values]
    table.cache["key", col] = out
    return out


def choose_mapping(
    table: Table,
    *,
    mapping: Mapping[str, str] | ColumnMapping | None = None,
    manager_key: str | None = None,
    profile: str | None = None,
    source: str | None = None,
) -> ColumnMapping:
    """Decide the column mapping for a table; raise a DataError if it is ambiguous."""
    header = table.header
    by_norm: dict[str, list[str]] = {}
    for h in header:
        by_norm.setdefault(normalise_header(h), []).append(h)

    explicit: dict[str, str] = {}
    if isinstance(mapping, ColumnMapping):
        explicit = dict(mapping.columns)
        manager_key = manager_key or mapping.manager_key
        profile = profile or mapping.profile
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

    prof: Profile | None = None
    if profile is not None:
        prof = PROFILES.get(profile)
        if prof is None:
            msg = f"unknown profile {profile!r} (known: {', '.join(sorted(PROFILES))})"
            raise InputError(msg)

    notes: list[str] = []
    columns: dict[str, str] = {}
    used: set[str] = set(explicit.values())

    def first_match(spellings: Sequence[str]) -> str | None:
        for spelling in spellings:
            for h in by_norm.get(normalise_header(spelling), ()):
                if h not in used:
                    return h
        return None

    # -- the simple fields ------------------------------------------------------------
    if prof is not None and prof.positional:
        for role, position in prof.positional.items():
            if role not in explicit and position < len(header):
                explicit[role] = header[position]
                used.add(header[position])
        if "id" in prof.positional and "name" not in explicit and len(header) > 0:
            columns["name"] = header[prof.positional["id"]]
    for role in ROLES:
        if role in explicit:
            columns[role] = explicit[role]
            continue
        if role in ("id", "manager"):
            continue
        spellings = (
            prof.columns.get(role, ())
            if prof is not None and not prof.positional
            else _SYNONYMS.get(role, ())
        )
        found = first_match(spellings)
        if found is not None and role not in columns:
            columns[role] = found
            used.add(found)

    # -- the id -------------------------------------------------------------------------
    id_candidates: list[str] = []
    if "id" in columns:
        id_candidates = [columns["id"]]
    else:
        tiers: Sequence[Sequence[str]] = (
            (prof.columns.get("id", ()),) if prof is not None and not prof.positional else _ID_TIERS
        )
        for tier in tiers:
            found_tier = [
                h for s in tier for h in by_norm.get(normalise_header(s), ()) if h not in used
            ]
            if found_tier:
                id_candidates = list(dict.fromkeys(found_tier))
                break

    # -- the manager -------------------------------------------------------------------
    manager_candidates: list[tuple[str, str | None]] = []
    if "manager" in columns:
        manager_candidates = [(columns["manager"], manager_key)]
    elif table.nested_parent is None:
        if prof is not None and not prof.positional:
            spellings = prof.columns.get("manager", ())
            for s in spellings:
                manager_candidates.extend(
                    (h, _MANAGER_SYNONYMS.get(normalise_header(s)))
                    for h in by_norm.get(normalise_header(s), ())
                    if h not in used
                )
        else:
            for norm, hint in _MANAGER_SYNONYMS.items():
                manager_candidates.extend((h, hint) for h in by_norm.get(norm, ()) if h not in used)
        if manager_key is not None:
            manager_candidates = [(h, manager_key) for h, _ in manager_candidates]

    if not id_candidates:
        for fallback in ("email", "employee_number", "name"):
            if fallback in columns:
                id_candidates = [columns[fallback]]
                notes.append(
                    f"no id column: people are keyed by {fallback} ({columns[fallback]!r})"
                )
                break
        else:
            raise _missing(
                "no id column found (looked for: id, employee id, person id, worker id, email, "
                f"name...); the columns are: {', '.join(header)}; pass mapping={{'id': ...}}",
                source,
            )

    if table.nested_parent is None and not manager_candidates:
        entra = "objectid" in by_norm or "userprincipalname" in by_norm
        hint = (
            " (a Microsoft Entra portal export has no manager column; export the manager "
            "through Microsoft Graph)"
            if entra
            else ""
        )
        raise _missing(
            "no manager column found, so the file says nothing about who reports to whom"
            f"{hint}; the columns are: {', '.join(header)}; pass mapping={{'manager': ...}}",
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
        return _finish(columns, "id", prof, header, notes)

    chosen_id, manager, key = _choose_manager(
        table,
        id_candidates=id_candidates,
        manager_candidates=manager_candidates,
        columns=columns,
        notes=notes,
        source=source,
    )
    columns["id"] = chosen_id
    columns["manager"] = manager
    return _finish(columns, key, prof, header, notes)


def _finish(
    columns: dict[str, str],
    key: str,
    prof: Profile | None,
    header: Sequence[str],
    notes: list[str],
) -> ColumnMapping:
    name = prof.name if prof is not None else _recognise_profile(header)
    ordered: dict[str, str] = {r: columns[r] for r in ROLES if r in columns}
    return ColumnMapping(columns=ordered, manager_key=key, profile=name, notes=tuple(notes))


def _recognise_profile(header: Sequence[str]) -> str | None:
    norms = {normalise_header(h) for h in header}
    best: tuple[float, str] | None = None
    for prof in PROFILES.values():
        known = prof.headers()
        if not known:
            continue
        hits = len(known & norms)
        distinctive = {normalise_header(h) for h in header if h in _raw_headers(prof)}
        score = hits / len(known) + 0.01 * len(distinctive)
        if hits >= 3 and distinctive and (best is None or score > best[0]):
            best = (score, prof.name)
    return best[1] if best is not None else None


def _raw_headers(prof: Profile) -> set[str]:
    return {h for spellings in prof.columns.values() for h in spellings}


_Fit = tuple[float, str, str | None, str, str]  # share, manager col, hint, key, key col


def _choose_manager(
    table: Table,
    *,
    id_candidates: Sequence[str],
    manager_candidates: Sequence[tuple[str, str | None]],
    columns: Mapping[str, str],
    notes: list[str],
    source: str | None,
) -> tuple[str, str, str]:
    """Pick (id column, manager column, manager key) from the data, or raise."""
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

    # key spaces: (key name, column)
    keys: list[tuple[str, str]] = [("id", c) for c in id_candidates]
    for extra_key in ("employee_number", "email"):
        if extra_key in columns and columns[extra_key] not in id_candidates:
            keys.append((extra_key, columns[extra_key]))
    if "name" in columns and columns["name"] not in id_candidates:
        keys.append(("name", columns["name"]))
    elif "name" not in columns and ("first_name" in columns or "last_name" in columns):
        keys.append(("name", JOINED_NAME))

    key_set_cache: dict[str, set[str]] = {}

    def key_set(col: str) -> set[str]:
        if col not in key_set_cache:
            found: set[Any] = set(values(col))
            found.discard(None)
            key_set_cache[col] = found
        return key_set_cache[col]

    fits: list[_Fit] = []
    summary: list[str] = []
    for manager, hint in manager_candidates:
        refs: set[Any] = set(values(manager))
        refs.discard(None)
        if not refs:
            fits.append((1.0, manager, hint, hint or "id", id_candidates[0]))
            continue
        for key, col in keys:
            if hint is not None and key != hint:
                continue
            share = len(refs & key_set(col)) / len(refs)
            summary.append(f"{manager!r} → {key} {col!r}: {share:.0%}")
            fits.append((share, manager, hint, key, col))

    good = [f for f in fits if f[0] >= 0.5]
    if not good:
        raise _ambiguous(
            "the manager column matches none of the key columns for most values ("
            + "; ".join(summary)
            + "); pass mapping={'manager': ..., 'id': ...} and manager_key=",
            source,
        )
    best = max(f[0] for f in good)
    top = [f for f in good if f[0] >= best - 0.05]

    # Do the best readings name the same manager for every row?
    resolved: list[tuple[_Fit, list[str | None]]] = []
    for fit in top if len(top) > 1 else ():
        _, manager, _, key, col = fit
        lookup: dict[str, str | None] = {}
        ids_of_key = values(col)
        base_ids = values(id_candidates[0]) if key != "id" else ids_of_key
        for v, person in zip(ids_of_key, base_ids, strict=True):
            if v is not None:
                lookup[v] = person if v not in lookup else None
        resolved.append((fit, [lookup.get(v) if v is not None else None for v in values(manager)]))
    agreeing = [top[0]]
    conflicts: list[_Fit] = []
    for fit, res in resolved[1:]:
        same = sum(1 for a, b in zip(resolved[0][1], res, strict=True) if a == b)
        (agreeing if same >= 0.99 * len(res) else conflicts).append(fit)
    if conflicts:
        listed = "; ".join(
            f"{f[1]!r} as {f[3]} {f[4]!r} ({f[0]:.0%} match)" for f in [resolved[0][0], *conflicts]
        )
        raise _ambiguous(
            f"the manager references can be read in more than one way: {listed}; "
            "they disagree, so say which with mapping={'manager': ...} and manager_key=",
            source,
        )

    def preference(f: _Fit) -> tuple[int, int, int]:
        _, manager, hint, key, _col = f
        return (
            0 if hint == "id" else 1 if hint is None else 2,
            list(header).index(manager),
            ("id", "employee_number", "email", "name").index(key),
        )

    chosen = min(agreeing, key=preference)
    _, manager, _, key, col = chosen
    if len(agreeing) > 1:
        others = ", ".join(f"{f[1]!r} ({f[3]})" for f in agreeing if f is not chosen)
        notes.append(f"manager column {manager!r} chosen; {others} agree with it")
    id_column = col if key == "id" else id_candidates[0]
    if key == "id" and len(id_candidates) > 1:
        notes.append(
            f"id column {col!r} chosen among {', '.join(map(repr, id_candidates))} "
            f"because {manager!r} refers to it"
        )
    if key != "id" and len(id_candidates) > 1:
        raise _ambiguous(
            f"several columns could be the id: {', '.join(map(repr, id_candidates))}; "
            "pass mapping={'id': ...}",
            source,
        )
    return id_column, manager, key
