"""Column mapping: which input column holds the id, the name, the manager...

HR systems name their columns differently (``supervisorId``, ``Manager_ID``,
``work.reportsTo.id``, ``Manager Email``...). Headers are normalised first (byte-order
mark stripped, NFKC, case-folded, bracketed suffixes such as ``[Required]`` dropped,
spaces, dashes, dots and underscores ignored) and matched against synonyms per field.

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

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs

from orgshape._model import FIELDS, MISSING, OPTIONAL_FIELDS
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
    *OPTIONAL_FIELDS,
)
#: What a manager reference can point at.
MANAGER_KEYS: Final = ("id", "employee_number", "email", "name")

#: How several managers are written in one cell: ``P1;P2``, ``P1 | P2``, ``Ana & Bo``.
MANAGER_SPLIT: Final = re.compile(r"\s*[;|,/]\s*|\s+&\s+|\s+and\s+")
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
    "location": (
        "location",
        "worklocation",
        "office",
        "officename",
        "officelocation",
        "site",
        "worksite",
        "city",
    ),
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
                "first_name": ("first_name",),
                "last_name": ("last_name",),
                "title": ("title",),
                "manager": ("manager_id", "manager"),
                "email": ("work_email",),
                "location": ("work_location",),
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
                "location": ("office.name", "office"),
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
    if isinstance(value, list | tuple):  # several references in one cell (JSON lists)
        parts = [
            part
            for item in value
            if not isinstance(item, list | tuple)
            and (part := _key_text(item)) is not None  # one level only: no recursion
        ]
        return ";".join(parts) or None
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


def key_index(table: Table, col: int) -> dict[str | None, int]:
    """Each value of a key column → the first row holding it (cached on the table).

    Built once per load and shared: the mapping step checks references against it, and
    the org reuses it as its id index.
    """
    cached: dict[str | None, int] | None = table.cache.get(("index", col))
    if cached is None:
        values = key_column(table, col)
        cached = dict(zip(reversed(values), range(len(values) - 1, -1, -1), strict=True))
        table.cache["index", col] = cached
    return cached


def distinct_refs(table: Table, col: int) -> set[str]:
    """The distinct non-empty values of a key column (cached on the table)."""
    cached: set[str] | None = table.cache.get(("refs", col))
    if cached is None:
        found: set[Any] = set(key_column(table, col))
        found.discard(None)
        cached = table.cache["refs", col] = found
    return cached


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

    # A named profile's spellings come first; a recognised one is only reported (the
    # usual synonyms cover the exports, and the data decides the id and manager).
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
        spellings = _SYNONYMS.get(role, ())
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
        tiers: Sequence[Sequence[str]] = _ID_TIERS
        if prof is not None:
            tiers = (prof.columns.get("id", ()), *tiers)
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
        given = columns["manager"]
        manager_candidates = [(given, _MANAGER_SYNONYMS.get(normalise_header(given)))]
    elif _OWN_MANAGER in header:  # orgshape's own files: manager_id holds ids
        manager_candidates = [(_OWN_MANAGER, "id")]
    else:
        if prof is not None:
            for s in prof.columns.get("manager", ()):
                manager_candidates.extend(
                    (h, _MANAGER_SYNONYMS.get(normalise_header(s)))
                    for h in by_norm.get(normalise_header(s), ())
                    if h not in used
                )
        if not manager_candidates:
            for norm, hint in _MANAGER_SYNONYMS.items():
                manager_candidates.extend((h, hint) for h in by_norm.get(norm, ()) if h not in used)

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
    if len(header) == 3 and normalise_header(header[2]) == "tooltip":
        return "google-charts"  # node, parent, tooltip: Google's own example headers
    norms = {normalise_header(h) for h in header}
    best: tuple[float, str] | None = None
    for prof in PROFILES.values():
        known = prof.headers()
        if not known:
            continue
        hits = len(known & norms)
        distinctive = {h for h in header if h in _raw_headers(prof)} - _CANONICAL_HEADERS
        score = hits / len(known) + 0.01 * len(distinctive)
        if hits >= 3 and distinctive and (best is None or score > best[0]):
            best = (score, prof.name)
    return best[1] if best is not None else None


# The headers orgshape itself writes: a file with only these is orgshape's own format,
# not an HR export, however many of them a profile happens to share.
_CANONICAL_HEADERS: Final = frozenset({"email", "manager_id", *FIELDS} - {"manager"})


def _raw_headers(prof: Profile) -> set[str]:
    return {h for spellings in prof.columns.values() for h in spellings}


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
) -> tuple[str, str, str]:
    """Pick (id column, manager column, manager key) from the data, or raise.

    Every manager column is tried against every key column (the ids, employee
    numbers, emails, names). The readings that fit best must name the same *person*
    for every row; if they disagree (BambooHR's two key spaces), orgshape stops unless
    two manager columns whose headers say what they hold agree with each other. A
    header's hint (``supervisorEId`` → employee number) never rules a reading out by
    itself: the values decide. ``manager_key=`` does rule the other keys out.
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

    # key spaces: (key name, column)
    keys: list[tuple[str, str]] = [("id", c) for c in id_candidates]
    for extra_key in ("employee_number", "email"):
        if extra_key in columns and columns[extra_key] not in id_candidates:
            keys.append((extra_key, columns[extra_key]))
    if "name" in columns and columns["name"] not in id_candidates:
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
            share = _share(refs, key_index(table, position[col]) if key == "id" else values(col))
            readings.append(_Reading(share, manager, hint, key, col))

    if not readings and empty:  # nobody has a manager: the column cannot be checked
        manager, hint = empty[0]
        key, col = next(((k, c) for k, c in keys if k == hint), keys[0])
        return (col if key == "id" else id_candidates[0]), manager, key

    good = [r for r in readings if r.share >= 0.5]
    if not good:
        raise _ambiguous(
            "the manager column matches none of the key columns for most values ("
            + ("; ".join(r.describe() for r in readings) or "no key column fits")
            + "); pass mapping={'manager': ..., 'id': ...} and manager_key=",
            source,
        )
    best = max(r.share for r in good)
    top = [r for r in good if r.share >= best - 0.05]

    # Group the best readings by the people they name: readings agree when they
    # resolve (nearly) every row to the same person.
    groups: list[tuple[list[int | None], list[_Reading]]] = []
    for reading in top if len(top) > 1 else ():
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


_OWN_MANAGER: Final = "manager_id"


def split_managers(ref: str) -> list[str]:
    """The parts of a cell naming several managers (``"P1; P2"``, ``"Ana & Bo"``)."""
    return [part for part in MANAGER_SPLIT.split(ref) if part]


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
    if manager == _OWN_MANAGER:
        return key == "id"
    return hint is None or key in (hint, "id", "employee_number")


def _resolve_rows(refs: Sequence[str | None], keys: Sequence[str | None]) -> list[int | None]:
    """For each reference, the row whose key it is (-1 when several rows share it)."""
    row_of: dict[str, int] = {}
    for k, value in enumerate(keys):
        if value is not None:
            row_of[value] = -1 if value in row_of else k
    return [row_of.get(r) if r is not None else None for r in refs]
