"""HR-export profiles: the column names each HR system's export uses, and telling them apart.

A profile is a named export shape (``"workday"``, ``"bamboohr"``, ``"hibob"``...): which
headers its columns have. Naming one (``profile="bamboohr"``) puts its spellings first
when columns are matched; a file's profile is otherwise recognised from its header and
only reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import attrs

from orgshape.io._vocabulary import normalise_header

__all__ = ["PROFILES", "Profile", "recognise_profile"]


@attrs.frozen(kw_only=True)
class Profile:
    """A named HR-export shape: which headers its columns have.

    Attributes:
        name: the profile's name (``"bamboohr"``).
        title: the system it describes.
        columns: field → header spellings, in order of preference.
        positional: fields taken by position (0-based) instead of by header.
        signature: headers that only this system's exports have; a file is recognised
            as this profile by them (and never by the headers every export has).
        note: what is special about this export.
    """

    name: str
    title: str
    columns: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    positional: Mapping[str, int] = attrs.field(factory=dict)
    signature: tuple[str, ...] = ()
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
            signature=(
                "Worker",
                "Business_Title",
                "Job_Profile",
                "Supervisory_Organization",
                "Worker_s_Manager_group.Manager_ID",
                "Management_Chain_01",
            ),
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
            signature=(
                "supervisorId",
                "supervisorEId",
                "supervisorEmail",
                "employmentHistoryStatus",
            ),
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
            signature=(
                "work.title",
                "work.reportsTo.id",
                "work.employeeIdInCompany",
                "work.reportsToIdInCompany",
                "work.site",
            ),
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
            signature=("display_name", "work_email", "work_location", "user.name"),
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
            signature=("supervisor.id", "office.name"),
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
            signature=(
                "Email Address [Required]",
                "First Name [Required]",
                "Last Name [Required]",
                "Org Unit Path [Required]",
                "Password [Required]",
            ),
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
            signature=("Work Email", "Preferred Name", "Base Comp"),
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
            signature=("refs",),
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
            signature=("Unique ID", "AltReportsTo", "Master Shape"),
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
            signature=("objectId", "givenName", "usageLocation", "accountEnabled"),
            note="The portal CSV has no manager column; "
            "export the manager through Microsoft Graph.",
        ),
    )
}


def recognise_profile(header: Sequence[str]) -> str | None:
    """The profile a header looks like, or None.

    A profile is recognised by its signature: headers that only its system writes
    (``supervisorEId``, ``work.reportsTo.id``, ``Email Address [Required]``...), never
    by the headers every export has (``First Name``, ``Job Title``, ``Location``), so
    an ordinary table is no profile. A profile needs one of its signature headers and
    three of its headers in all; the one with most signature headers wins, and a tie
    names none.
    """
    if len(header) == 3 and normalise_header(header[2]) == "tooltip":
        return "google-charts"  # node, parent, tooltip: Google's own example headers
    norms = {normalise_header(h) for h in header}
    forms = {_signature_form(h) for h in header}
    scored = sorted(
        ((len(_signature(p) & forms), len(p.headers() & norms), p.name) for p in PROFILES.values()),
        reverse=True,
    )
    fitting = [score for score in scored if score[0] >= 1 and score[1] >= 3]
    if not fitting or (len(fitting) > 1 and fitting[1][:2] == fitting[0][:2]):
        return None
    return fitting[0][2]


def _signature(prof: Profile) -> set[str]:
    return {_signature_form(h) for h in prof.signature}


def _signature_form(header: str) -> str:
    """A header as signatures compare it: like :func:`normalise_header`, brackets kept.

    Google Workspace's ``[Required]`` suffixes are what tell its columns apart.
    """
    return normalise_header(header.replace("[", "\x01").replace("]", "\x02"))
