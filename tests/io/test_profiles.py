"""HR-system exports in examples/data/hr/ load without hand-editing, auto-detected and by profile.

Every sample holds the same small product org (Northwind Labs: 13 people, a 14th open
role in the draw.io file), so each one must give the same structure.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

import orgshape
from orgshape import DataError, Org, ProblemCode, detect_mapping, read, write

HR = Path(__file__).resolve().parents[2] / "examples" / "data" / "hr"

# file → (profile, manager key, the mapping it gets)
MAPPINGS: dict[str, tuple[str, str, dict[str, str]]] = {
    "workday.csv": (
        "workday",
        "id",
        {
            "id": "Employee_ID",
            "name": "Worker",
            "title": "Business_Title",
            "manager": "Manager_ID",
            "email": "Email_Address",
            "location": "Location",
        },
    ),
    "workday.json": (
        "workday",
        "id",
        {
            "id": "Employee_ID",
            "name": "Worker",
            "title": "Business_Title",
            "manager": "Worker_s_Manager_group.Manager_ID",
            "email": "Email_Address",
            "location": "Location",
        },
    ),
    "bamboohr.csv": (
        "bamboohr",
        "id",
        {
            "id": "id",
            "name": "displayName",
            "first_name": "firstName",
            "last_name": "lastName",
            "title": "jobTitle",
            "manager": "supervisorId",
            "email": "workEmail",
            "employee_number": "employeeNumber",
            "department": "department",
            "location": "location",
        },
    ),
    "hibob.json": (
        "hibob",
        "id",
        {
            "id": "id",
            "name": "displayName",
            "first_name": "firstName",
            "last_name": "surname",
            "title": "work.title",
            "manager": "work.reportsTo.id",
            "email": "email",
            "employee_number": "work.employeeIdInCompany",
            "department": "work.department",
            "location": "work.site",
        },
    ),
    "rippling.csv": (
        "rippling",
        "id",
        {
            "id": "id",
            "name": "display_name",
            "first_name": "first_name",
            "last_name": "last_name",
            "title": "title",
            "manager": "manager_id",
            "email": "work_email",
            "department": "department",
            "location": "work_location",
        },
    ),
    "personio.json": (
        "personio",
        "id",
        {
            "id": "id",
            "first_name": "first_name",
            "last_name": "last_name",
            "title": "position",
            "manager": "supervisor.id",
            "email": "email",
            "department": "department.name",
            "location": "office.name",
        },
    ),
    "google-workspace.csv": (
        "google-workspace",
        "email",
        {
            "id": "Employee ID",
            "first_name": "First Name [Required]",
            "last_name": "Last Name [Required]",
            "title": "Employee Title",
            "manager": "Manager Email",
            "email": "Email Address [Required]",
            "department": "Department",
        },
    ),
    "charthop.csv": (
        "charthop",
        "id",
        {
            "id": "Work Email",
            "name": "Preferred Name",
            "first_name": "First Name",
            "last_name": "Last Name",
            "title": "Job Title",
            "manager": "Manager",
            "email": "Work Email",
            "department": "Department",
            "location": "Location",
        },
    ),
    "drawio.csv": (
        "drawio",
        "name",
        {
            "id": "id",
            "name": "name",
            "title": "position",
            "manager": "manager",
            "email": "email",
            "dotted_line": "refs",
        },
    ),
    "google-charts.csv": (
        "google-charts",
        "id",
        {"id": "Name", "name": "Name", "manager": "Manager"},
    ),
    "visio.csv": (
        "visio",
        "id",
        {
            "id": "Unique ID",
            "name": "Name",
            "title": "Title",
            "manager": "Reports To",
            "email": "E-mail",
            "department": "Department",
            "dotted_line": "AltReportsTo",
        },
    ),
}

# The same org in every file: manager → span (everybody else has none).
SPANS = {
    "Amara Okafor": 3,
    "Lars Johansson": 1,
    "Priya Raman": 2,
    "José Álvarez": 2,
    "Siobhán O'Neill": 2,
    "Kwame Mensah": 2,
}
REPORTS_TO = {
    "Lars Johansson": "Amara Okafor",
    "Mei Tanaka": "Amara Okafor",
    "Zoë Müller": "Kwame Mensah",
    "Hana Kim": "José Álvarez",
    "Noor Haddad": "Priya Raman",
}
PEOPLE = 13


def load(name: str, **kwargs: Any) -> Org:
    return read(HR / name, **kwargs)


def records_in(name: str) -> int:
    """How many people the file holds, counted without orgshape."""
    path = HR / name
    if name.endswith(".json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for key in ("Report_Entry", "employees", "data"):
            if key in data:
                return len(data[key])
        raise AssertionError(name)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    body = [line for line in lines if not line.startswith("#")]
    return len(list(csv.reader(body))) - 1


class TestSamples:
    def test_every_sample_is_covered(self) -> None:
        """Each sample file is in this test (and entra.csv is the one that must fail)."""
        files = {p.name for p in HR.iterdir() if p.suffix in (".csv", ".json")}
        assert files == {*MAPPINGS, "entra.csv"}
        for name in files:
            assert 8 <= records_in(name) <= 15

    @pytest.mark.parametrize("name", sorted(MAPPINGS))
    def test_detected_mapping(self, name: str) -> None:
        """Auto-detection finds the profile, the columns and what the manager refers to."""
        profile, key, columns = MAPPINGS[name]
        mapping = detect_mapping(HR / name)
        assert (mapping.profile, mapping.manager_key, dict(mapping.columns)) == (
            profile,
            key,
            columns,
        )

    @pytest.mark.parametrize("name", sorted(MAPPINGS))
    def test_profile_gives_the_same_mapping(self, name: str) -> None:
        """Naming the profile gives the same columns as auto-detection."""
        profile, key, columns = MAPPINGS[name]
        mapping = detect_mapping(HR / name, profile=profile)
        assert (mapping.profile, mapping.manager_key, dict(mapping.columns)) == (
            profile,
            key,
            columns,
        )
        assert load(name, profile=profile) == load(name)

    @pytest.mark.parametrize("name", sorted(MAPPINGS))
    def test_structure(self, name: str) -> None:
        """Same root, spans and lines in every export; nobody lost or duplicated."""
        org = load(name)
        assert org.problems == ()
        assert len(org) == records_in(name)
        assert len({p.id for p in org}) == len(org)
        assert org.root.name == "Amara Okafor"
        by_name = {p.name: p for p in org if p.name is not None}
        assert len(by_name) == PEOPLE
        spans = {p.name: org.span(p.id) for p in org.managers}
        expected = dict(SPANS)
        if name == "drawio.csv":  # the open role under Lukas
            expected["Lukas Novotný"] = 1
        assert spans == expected
        for person, boss in REPORTS_TO.items():
            manager = org.manager(by_name[person].id)
            assert manager is not None
            assert manager.name == boss
        assert max(org.layer(p.id) for p in org) == 6

    @pytest.mark.parametrize("name", sorted(MAPPINGS))
    def test_round_trip(self, name: str) -> None:
        """Written back in the same kind of format, the export reads into an equal org."""
        org = load(name)
        fmt = "json" if name.endswith(".json") else "csv"
        out = io.StringIO()
        write(org, out, format=fmt)
        assert read(io.StringIO(out.getvalue()), format=fmt) == org


class TestDetails:
    def test_titles_become_levels(self) -> None:
        """Real-world title spellings map to ladder levels; other functions stay unknown."""
        org = load("workday.csv")
        levels = {p.name: p.level for p in org}
        assert levels["Lars Johansson"] == "VP"  # "VP, Product - Payments"
        assert levels["Erik Sørensen"] == "PM"  # "Product Manager 2"
        assert levels["Lukas Novotný"] == "SENIOR_PM"  # "Sr. Product Manager"
        assert levels["Noor Haddad"] == "SENIOR_PM"  # "Senior Product Manager II"
        assert levels["Hana Kim"] is None  # Product Designer

    def test_workday_keeps_the_rest(self) -> None:
        """Unmapped Workday columns (and the manager name) are kept verbatim."""
        org = load("workday.csv")
        assert org.extra_columns == (
            "Preferred_Name",
            "Job_Profile",
            "Worker_Type",
            "Supervisory_Organization",
            "Manager_Name",
            "Management_Chain_01",
            "Email_Address",
            "Hire_Date",
        )
        json_org = load("workday.json")
        assert [p.manager for p in json_org] == [p.manager for p in org]
        assert json_org["21002"].extra["Worker_s_Manager_group.Manager_Name"] == "Amara Okafor"

    def test_bamboohr_two_key_spaces(self) -> None:
        """id and employeeNumber overlap; supervisorId and supervisorEId agreeing settle it."""
        mapping = detect_mapping(HR / "bamboohr.csv")
        assert any("rejected" in note for note in mapping.notes)
        org = load("bamboohr.csv")
        assert org["5"].name == "José Álvarez"
        assert org["5"].manager == "2"
        assert org["5"].extra["employeeNumber"] == "2"
        assert org["5"].extra["supervisorEId"] == "3"

    def test_bamboohr_one_manager_column_is_ambiguous(self) -> None:
        """With only supervisorId, the two key spaces cannot be told apart."""
        text = (HR / "bamboohr.csv").read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        out = io.StringIO()
        writer = csv.DictWriter(out, ["id", "employeeNumber", "displayName", "supervisorId"])
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row[k] for k in writer.fieldnames})
        with pytest.raises(DataError) as caught:
            read(io.StringIO(out.getvalue()), format="csv")
        (problem,) = caught.value.problems
        assert problem.code == ProblemCode.AMBIGUOUS_MAPPING
        assert "'supervisorId' as id 'id'" in problem.message
        assert "'supervisorId' as employee_number 'employeeNumber'" in problem.message
        fixed = read(io.StringIO(out.getvalue()), format="csv", manager_key="id")
        assert fixed == read(
            io.StringIO(out.getvalue()), format="csv", profile="bamboohr", manager_key="id"
        )
        assert fixed.root.name == "Amara Okafor"

    def test_hibob_nested_fields(self) -> None:
        """HiBob's nested work.reportsTo is flattened; the top's null reportsTo is dropped."""
        org = load("hibob.json")
        assert "work.reportsTo" not in org.extra_columns
        assert org.root.extra["work.employeeIdInCompany"] == 7
        assert org.root.location == "London HQ"

    def test_personio_wrapping(self) -> None:
        """Personio's {label, value} attributes and {type, attributes} objects are unwrapped."""
        org = load("personio.json")
        amara = org.root
        assert (amara.id, amara.name, amara.title) == (
            "1003",
            "Amara Okafor",
            "Chief Product Officer",
        )
        assert (amara.department, amara.function) == ("Product", "product")
        assert amara.extra["hire_date"] == "2016-02-01T00:00:00+01:00"
        assert org["1006"].manager == amara.id
        assert "supervisor" not in org.extra_columns

    def test_google_workspace(self) -> None:
        """The BOM and [Required] suffixes are handled; managers are found by email."""
        org = load("google-workspace.csv")
        assert org.extra_columns[0] == "First Name [Required]"
        assert org.root.id == "NW-0007"
        assert org.root.extra["Work Phone"] == "+44 20 7946 0001"

    def test_charthop(self) -> None:
        """Keyed by work email; dates stay as written; a blank preferred name is not a vacancy."""
        org = load("charthop.csv")
        root = org.root
        assert root.id == "amara.okafor@northwind.example"
        assert root.name == "Amara Okafor"
        assert root.extra["Start Date"] == "2/1/2016"
        assert org.vacancies == ()

    def test_charthop_open_job_without_an_email(self) -> None:
        """An open job with no email has no key: MISSING_ID names its row; lenient keeps it."""
        text = (HR / "charthop.csv").read_text(encoding="utf-8")
        text += ",,,,Product Manager,kwame.mensah@northwind.example,Product,London,,Full-time,\n"
        with pytest.raises(DataError) as caught:
            read(io.StringIO(text), format="csv")
        (problem,) = caught.value.problems
        assert (problem.code, problem.row) == (ProblemCode.MISSING_ID, 15)
        org = read(io.StringIO(text), format="csv", strict=False)
        assert len(org) == 14
        assert org.vacancies[0].title == "Product Manager"

    def test_drawio(self) -> None:
        """Comment lines are skipped (rows still count them); managers by name, refs dotted."""
        org = load("drawio.csv")
        assert org["12"].dotted_line == ("6", "10")
        assert [p.id for p in org.dotted_reports("12")] == ["11"]
        assert org["14"].is_vacant
        assert org["14"].manager == "10"
        broken = (
            (HR / "drawio.csv")
            .read_text(encoding="utf-8")
            .replace("Northwind Labs,Lars Johansson,", "Northwind Labs,Lars Johanson,")
        )
        org = read(io.StringIO(broken), format="csv", strict=False)
        problem = next(p for p in org.problems if p.code == ProblemCode.UNKNOWN_MANAGER)
        assert (problem.row, problem.id, problem.name) == (24, "5", "José Álvarez")

    def test_drawio_names_must_be_unique(self) -> None:
        """Two people with a manager's name make that reference ambiguous."""
        text = (HR / "drawio.csv").read_text(encoding="utf-8")
        text += "15,Kwame Mensah,Product Manager,Northwind Labs,Priya Raman,,,,,\n"
        with pytest.raises(DataError) as caught:
            read(io.StringIO(text), format="csv")
        assert {p.code for p in caught.value.problems} == {ProblemCode.AMBIGUOUS_MANAGER_REF}
        assert sorted(str(p.name) for p in caught.value.problems) == ["Erik Sørensen", "Zoë Müller"]

    def test_google_charts_by_position(self) -> None:
        """Google Charts data is read by column position with the profile."""
        text = "Node,Parent,Tip\nAmara,,CPO\nLars,Amara,VP\n"
        with pytest.raises(DataError):
            read(io.StringIO(text), format="csv")
        org = read(io.StringIO(text), format="csv", profile="google-charts")
        assert [(p.id, p.name, p.manager) for p in org] == [
            ("Amara", "Amara", None),
            ("Lars", "Lars", "Amara"),
        ]
        assert org["Lars"].extra["Tip"] == "VP"

    def test_visio_dotted_lines(self) -> None:
        """AltReportsTo holds ;-separated dotted-line managers."""
        org = load("visio.csv")
        assert org["NW0012"].dotted_line == ("NW0006", "NW0010")
        assert org["NW0004"].dotted_line == ("NW0003",)

    def test_entra_says_why(self) -> None:
        """The Entra portal export has no manager column: a clear MISSING_COLUMN."""
        for kwargs in ({}, {"profile": "entra"}, {"strict": False}):
            with pytest.raises(DataError) as caught:
                load("entra.csv", **kwargs)
            (problem,) = caught.value.problems
            assert problem.code == ProblemCode.MISSING_COLUMN
            assert "no manager column found" in problem.message
            assert "Microsoft Entra portal export has no manager column" in problem.message
            assert "Microsoft Graph" in problem.message
        assert "entra.csv" in str(caught.value)

    def test_profiles_are_listed(self) -> None:
        """Every profile named in the docs exists."""
        assert set(orgshape.io.PROFILES) >= {
            "workday",
            "bamboohr",
            "hibob",
            "rippling",
            "personio",
            "google-workspace",
            "charthop",
            "drawio",
            "google-charts",
            "visio",
            "entra",
        }
