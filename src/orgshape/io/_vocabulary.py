"""The vocabulary of org data: which header means which field, and how keys are written.

HR systems name their columns differently (``supervisorId``, ``Manager_ID``,
``work.reportsTo.id``, ``Manager Email``...). Headers are compared in one normal form
(:func:`normalise_header`: byte-order mark stripped, NFKC, case-folded, bracketed
suffixes such as ``[Required]`` dropped, spaces, dashes, dots and underscores ignored)
against synonyms per field. Key cells (ids, manager references, emails) are compared in
one normal form too (:func:`key_text`). Everything that matches columns or keys by
meaning — the loader's mapping step, the builder, a diff matching by email — uses these
two functions and these synonyms, so that they cannot drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any, Final

from orgshape._model import MISSING, OPTIONAL_FIELDS
from orgshape.exceptions import InputError

__all__ = [
    "CHILD_KEYS",
    "EDGE_SOURCES",
    "EDGE_TARGETS",
    "ID_TIERS",
    "MANAGER_KEYS",
    "MANAGER_SYNONYMS",
    "NO_MANAGER",
    "OWN_MANAGER",
    "ROLES",
    "SYNONYMS",
    "columns_for",
    "key_text",
    "name_key",
    "normalise_header",
    "path_parent",
    "split_managers",
]

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
    "path",
    *OPTIONAL_FIELDS,
)
#: What a manager reference can point at.
MANAGER_KEYS: Final = ("id", "employee_number", "email", "name")
#: The manager column orgshape itself writes; it always holds ids.
OWN_MANAGER: Final = "manager_id"
#: The keys a nested tree holds each position's reports under.
CHILD_KEYS: Final = ("reports", "children", "direct_reports", "directReports")

_BRACKETS: Final = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_SEPARATORS: Final = re.compile(r"[\s\-_.·/\\:]+")
_NUMBER_SIGN: Final = re.compile(r"\s*#\s*")
#: How several managers are written in one cell: ``P1;P2``, ``P1 | P2``, ``Ana & Bo``.
_MANAGER_SPLIT: Final = re.compile(r"\s*[;|,/]\s*|\s+&\s+|\s+and\s+")


def normalise_header(header: str) -> str:
    """The form headers are matched in.

    A ``#`` reads as "number" (``Employee #`` is ``employeenumber``).

    Examples:
        >>> normalise_header("\\ufeffManager ID")
        'managerid'
        >>> normalise_header("Email Address [Required]")
        'emailaddress'
        >>> normalise_header("work.reportsTo.id")
        'workreportstoid'
        >>> normalise_header("Employee #")
        'employeenumber'
    """
    text = unicodedata.normalize("NFKC", header.removeprefix("\ufeff")).casefold()
    text = _NUMBER_SIGN.sub("number", _BRACKETS.sub("", text))
    return _SEPARATORS.sub("", text)


def key_text(value: Any) -> str | None:
    """A cell read as a key (an id, a manager reference, an email): text, or None.

    Text is stripped of surrounding spaces; an empty or missing cell is None; a number
    loses a spurious ``.0`` (``7.0`` → ``"7"``, as spreadsheets and pandas make ids into
    floats), while the *text* ``"7.0"`` stays as written; a list (several references in
    one JSON cell) is joined with ``;``.

    Examples:
        >>> key_text(" 007 "), key_text(7.0), key_text("7.0"), key_text("")
        ('007', '7', '7.0', None)
        >>> key_text(["P1", 2]), key_text(float("nan")), key_text(True)
        ('P1;2', None, 'true')
    """
    if value is None or value is MISSING:
        return None
    if isinstance(value, str):
        return value.strip() or None
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
            and (part := key_text(item)) is not None  # one level only: no recursion
        ]
        return ";".join(parts) or None
    return str(value).strip() or None


_SPACES: Final = re.compile(r"\s+")


def name_key(name: str) -> str:
    """The form person names are compared in when a manager column holds names.

    Case, spacing and the order ``Last, First`` do not matter: ``"KING,  Steven"``,
    ``"steven king"`` and ``"Steven King"`` are the same key.

    Examples:
        >>> name_key("KING,  Steven") == name_key("steven king") == name_key(" Steven King ")
        True
    """
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()
    last, comma, first = text.partition(",")
    if comma and "," not in first and first.strip() and last.strip():
        text = f"{first.strip()} {last.strip()}"
    return text


#: Manager cells that mean "no manager" (SQL exports write NULL), unless someone has
#: that id; ``0`` is one too (a database's "no parent" key).
NO_MANAGER: Final = frozenset({"NULL", "null", "Null", "None", "none", "nil", "(null)", "0"})


def split_managers(ref: str) -> list[str]:
    """The parts of a cell naming several managers (``"P1; P2"``, ``"Ana & Bo"``).

    Examples:
        >>> split_managers("P1; P2"), split_managers("Ana & Bo"), split_managers("P1")
        (['P1', 'P2'], ['Ana', 'Bo'], ['P1'])
    """
    return [part for part in _MANAGER_SPLIT.split(ref) if part]


# Synonyms in order of preference (normalised). For id and manager, a tie inside the
# first matching tier is an ambiguity; for other fields the first match wins.
ID_TIERS: Final = (
    ("id",),
    (
        "personid",
        "employeeid",
        "workerid",
        "uniqueid",
        "businessentityid",
        "employeekey",
        "eid",
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
SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
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
        "ename",
        "empname",
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
        "positionname",
        "jobname",
        "job",
        "jobid",
        "jobcode",
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
        "upn",
    ),
    "employee_number": (
        "employeenumber",
        "employeeno",
        "employeenum",
        "empno",
        "workemployeeidincompany",
        "employeeidincompany",
        "staffnumber",
        "staffno",
        "badgenumber",
        "personnelnumber",
        "payrollnumber",
    ),
    "path": (
        "path",
        "hierarchypath",
        "orgpath",
        "nodepath",
        "materializedpath",
        "lineage",
        "logicalnode",
    ),
    "products": ("products", "product", "productsowned", "ownedproducts", "portfolio"),
    "function": (
        "function",
        "jobfunction",
        "functionalarea",
        "track",
        "jobfamily",
        "discipline",
    ),
    "area": ("area", "productarea", "productline", "team", "teamname", "squad", "tribe"),
    "department": (
        "department",
        "departmentname",
        "deptname",
        "dept",
        "workdepartment",
        "orgunit",
        "orgunitname",
        "organisationalunit",
        "organizationalunit",
        "costcentername",
        "costcentrename",
        "division",
        "businessunit",
        "departmentid",
        "deptid",
        "deptno",
        "costcenter",
        "costcentre",
        "orgunitpath",
    ),
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
    "name_known": ("nameknown",),
}
# Manager columns and the key each one most likely refers to (None: decided by the data).
MANAGER_SYNONYMS: Final[dict[str, str | None]] = {
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
    "mgrid": "id",
    "reportingtoid": "id",
    "parentemployeekey": "id",
    "managerkey": "id",
    "parentkey": "id",
    "manager": None,
    "mgr": None,
    "reportingto": None,
    "reportingmanager": None,
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
    "manageruserprincipalname": "email",
    "managerupn": "email",
    "managername": "name",
    "supervisorname": "name",
    "reportstoname": "name",
    "linemanagername": "name",
    "workreportstodisplayname": "name",
    "workersmanagergroupmanagername": "name",
}


def path_parent(path: str) -> str | None:
    """The parent of a path (``/1/1/2/`` → ``/1/1/``, ``a/b/c`` → ``a/b``), or None at the top.

    Examples:
        >>> path_parent("/1/1/2/"), path_parent("/1/"), path_parent("/")
        ('/1/1/', '/', None)
        >>> path_parent("Eve/Seth/Enos"), path_parent("Eve")
        ('Eve/Seth', None)
    """
    inner = path.rstrip("/")
    if not inner:
        return None
    cut = inner.rfind("/")
    if cut < 0:
        return None
    parent = inner[: cut + 1]
    if path.endswith("/") or parent == "/":
        return parent
    return parent.rstrip("/") or None


#: Edge-list columns: the manager end and the report end of each reporting line.
EDGE_SOURCES: Final = ("source", "from", "sourceid", "fromid")
EDGE_TARGETS: Final = ("target", "to", "targetid", "toid")


def _spellings(field: str) -> frozenset[str]:
    if field == "id":
        return frozenset(s for tier in ID_TIERS for s in tier)
    if field == "manager":
        return frozenset(MANAGER_SYNONYMS)
    if field not in SYNONYMS:
        msg = f"unknown field {field!r} (valid: {', '.join(ROLES)})"
        raise InputError(msg)
    return frozenset(SYNONYMS[field])


def columns_for(headers: Iterable[str], field: str) -> tuple[str, ...]:
    """The headers that mean ``field``, in the order given, matched as the loader does.

    A header means a field when its normal form (:func:`normalise_header`) is one of
    the field's synonyms: ``"Work Email"``, ``"E-mail"`` and ``"email_address"`` all
    mean ``"email"``. Use it to find a column by meaning in an org's extra columns or in
    any table, the way :func:`orgshape.read` finds them.

    Args:
        headers: column names.
        field: a field a column can hold: ``"id"``, ``"name"``, ``"first_name"``,
            ``"last_name"``, ``"title"``, ``"level"``, ``"manager"``, ``"email"``,
            ``"employee_number"``, or an optional position field (``"cost"``,
            ``"location"``...).

    Returns:
        Every header that means ``field`` (empty when none does).

    Raises:
        InputError: ``field`` is not a field name.

    Examples:
        >>> columns_for(["Person", "Work Email", "E-Mail"], "email")
        ('Work Email', 'E-Mail')
        >>> columns_for(["Employee Number", "team"], "employee_number")
        ('Employee Number',)
        >>> columns_for(["team"], "email")
        ()
    """
    spellings = _spellings(field)
    return tuple(h for h in headers if normalise_header(h) in spellings)
