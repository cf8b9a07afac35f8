"""Real org data as it arrives (issue 15): the public corpus and each shape it shows.

``tests/data/real/`` holds public files nobody here wrote, with their structure computed
without orgshape (``expected.json``, see the README there). Every file is read the way
a new user would, ``orgshape.read(path, strict=False)``, and must give that structure
with no error-level problem. The only option passed is a fact about a file that
orgshape refuses to guess: the German Excel file's encoding.

The other tests here take one behaviour each, with a small fixture of
``tests/adversarial/`` (or a corpus file) that triggers it.
"""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest

import orgshape
from orgshape import DataError, InputError, Org, ProblemCode, detect_mapping, read, write
from orgshape._problems import INFO_CODES

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
FIXTURES = Path(__file__).resolve().parents[1] / "adversarial"
EXPECTED: dict[str, dict[str, Any]] = json.loads((REAL / "expected.json").read_text("utf-8"))
#: Facts about a file that orgshape does not guess (encodings are never guessed).
OPTIONS: dict[str, dict[str, Any]] = {"excel_de_semicolon.csv": {"encoding": "cp1252"}}
#: Files the loader cannot read yet, with the reason (the list only shrinks).
NOT_YET: dict[str, str] = {}


def corpus(name: str) -> Org:
    return read(REAL / name, strict=False, **OPTIONS.get(name, {}))


def fixture(name: str, **kwargs: Any) -> Org:
    return read(FIXTURES / name, strict=False, **kwargs)


def codes(org: Org) -> list[str]:
    return [p.code.value for p in org.problems]


def errors(org: Org) -> list[str]:
    return [p.code.value for p in org.problems if p.code not in INFO_CODES]


LOADED = sorted(set(EXPECTED) - set(NOT_YET))


class TestCorpus:
    def test_corpus_is_big_enough(self) -> None:
        """At least 15 files of different origins, each with expectations."""
        files = {p.name for p in REAL.iterdir() if p.name in EXPECTED}
        assert len(files) >= 15
        assert files == set(EXPECTED)

    @pytest.mark.parametrize("name", LOADED)
    def test_structure(self, name: str) -> None:
        """Positions, roots, layers, widest span, vacancies and names as computed without us."""
        want = EXPECTED[name]
        org = corpus(name)
        assert len(org) == want["positions"]
        assert [p.id for p in org.roots] == want["root_ids"]
        assert max(org.layer(p.id) for p in org) == want["layers"]
        spans = {p.id: org.span(p.id) for p in org}
        widest = max(spans.values())
        assert widest == want["max_span"]
        assert sorted(i for i, s in spans.items() if s == widest) == sorted(want["max_span_ids"])
        assert len(org.vacancies) == want["vacancies"]
        assert all(p.name_known for p in org) is want["names_known"]

    @pytest.mark.parametrize("name", LOADED)
    def test_people(self, name: str) -> None:
        """The listed people have the expected name, title, manager, layer, reports and row."""
        org = corpus(name)
        rows = org.view.rows
        for pid, person in EXPECTED[name]["people"].items():
            p = org[pid]
            assert p.name == person["name"], pid
            assert p.title == person["title"], pid
            external = EXPECTED[name]["external_managers"].get(pid)
            assert p.manager == (person["manager_id"] or external), pid
            assert org.layer(pid) == person["layer"], pid
            assert org.span(pid) == person["direct_reports"], pid
            if person["row"] is not None:  # (a nested tree numbers its records in order)
                assert rows is not None
                assert rows[org.index(pid)] == person["row"], pid

    @pytest.mark.parametrize("name", LOADED)
    def test_no_data_errors(self, name: str) -> None:
        """Nothing is reported but infos; sub-org tops name their external manager."""
        org = corpus(name)
        assert errors(org) == [p["code"] for p in EXPECTED[name]["problems"]]
        external = {
            p.id: p.related[0] for p in org.problems if p.code == ProblemCode.EXTERNAL_MANAGER
        }
        assert external == EXPECTED[name]["external_managers"]
        created = [p.id for p in org.problems if p.code == ProblemCode.CREATED_FROM_EDGES]
        assert created == EXPECTED[name].get("created_from_edges", [])

    @pytest.mark.parametrize("name", [n for n in LOADED if EXPECTED[n].get("values")], ids=str)
    def test_numbers(self, name: str) -> None:
        """Money, rates and tenure read in the file's own locale, mapped to a number field."""
        values: dict[str, dict[str, float | None]] = EXPECTED[name]["values"]
        for column in {c for person in values.values() for c in person}:
            org = read(REAL / name, strict=False, mapping={"cost": column}, **OPTIONS.get(name, {}))
            assert {pid: org[pid].cost for pid in values} == {
                pid: values[pid][column] for pid in values
            }, column
            assert "BAD_VALUE" not in codes(org)

    @pytest.mark.parametrize("name", LOADED)
    def test_round_trip(self, name: str) -> None:
        """What was read writes and reads back equal (JSON keeps absent cells absent)."""
        org = corpus(name)
        out = io.StringIO()
        write(org, out, format="json")
        assert read(io.StringIO(out.getvalue()), format="json", strict=False) == org

    def test_database_file(self) -> None:
        """The sample-schema database gives the structures of the CSV exports of its tables."""
        with sqlite3.connect(REAL / "sample_schemas.sqlite") as db:
            for table, name in (
                ("EMP", "scott_emp.csv"),
                ("Employee", "chinook_employee.csv"),
                ("Employees", "northwind_employees.csv"),
            ):
                org = read(db.execute(f"SELECT * FROM {table}"), strict=False)
                want = EXPECTED[name]
                assert (len(org), [p.id for p in org.roots]) == (
                    want["positions"],
                    want["root_ids"],
                )
                assert {pid: org[pid].name for pid in want["people"]} == {
                    pid: p["name"] for pid, p in want["people"].items()
                }
                assert errors(org) == []


class TestNamesUnknown:
    def test_no_name_column_is_not_vacancies(self) -> None:
        """A table with no name column: names unknown, no vacancy, no vacancy finding."""
        org = fixture("no-name-column.csv")
        assert [p.name for p in org] == [None, None, None]
        assert not any(p.name_known for p in org)
        assert org.vacancies == ()
        assert not any(p.is_vacant for p in org)
        assert org.root.display_name == "Name unknown"
        found = {f.code for f in orgshape.validate(org)}
        assert not found & {"VACANT_MANAGER", "HIGH_VACANCY_SHARE"}
        assert orgshape.metrics(org).summary.vacancies == 0

    def test_chart_shows_no_open_roles(self) -> None:
        """Charts draw seats whose names are unknown as ordinary boxes."""
        org = fixture("no-name-column.csv")
        dot = orgshape.chart(org).source
        assert "Open role" not in dot
        assert "dashed" not in dot

    def test_an_open_requisition_is_still_a_vacancy(self) -> None:
        """Without names, a row with an open requisition is the vacancy the data says."""
        text = "id,title,manager_id,req\n1,CPO,,\n2,PM,1,R-7\n"
        org = read(io.StringIO(text), format="csv")
        assert [p.id for p in org.vacancies] == ["2"]
        assert org["1"].name_known is False

    def test_round_trip_keeps_names_unknown(self) -> None:
        """Written and read back, seats whose names are unknown stay unknown, not vacant."""
        org = fixture("no-name-column.csv")
        for fmt in ("csv", "json", "yaml"):
            out = io.StringIO()
            write(org, out, format=fmt)
            assert read(io.StringIO(out.getvalue()), format=fmt) == org

    def test_graph_without_name_attributes(self) -> None:
        """A graph from an edge list has unknown names, not vacancies."""
        frame = pd.read_csv(REAL / "networkx_edgelist_scott.csv", dtype=str)
        graph = nx.from_pandas_edgelist(frame, create_using=nx.DiGraph)
        org = read(graph)
        assert len(org) == 14
        assert org.root.id == "7839"
        assert org.vacancies == ()


class TestNames:
    def test_parts_joined_once(self) -> None:
        """A first-name column beside a last-name column gives the full name, once."""
        text = "id,name,lastName,manager_id\n1,Lex,De Haan,\n2,Steven King,King,1\n3,Ana,,1\n"
        org = read(io.StringIO(text), format="csv")
        assert [p.name for p in org] == ["Lex De Haan", "Steven King", "Ana"]

    def test_outer_spaces_stripped(self) -> None:
        """Leading and trailing spaces go; inner spaces stay."""
        text = "id,FirstName,LastName,manager_id\n1,  Ana ,  de  Souza ,\n"
        assert read(io.StringIO(text), format="csv")["1"].name == "Ana de  Souza"

    def test_explicit_vacancy_marker(self) -> None:
        """A name cell saying Vacant, Open role or TBH is a vacancy."""
        text = "id,name,manager_id\n1,Ana,\n2,Vacant,1\n3,TBH,1\n4,Open role,1\n"
        org = read(io.StringIO(text), format="csv")
        assert [p.id for p in org.vacancies] == ["2", "3", "4"]

    def test_last_first_names_and_case(self) -> None:
        """Manager names match whatever their case, spacing or Last, First order."""
        text = (
            "Name,Reports To,Title\n"
            '"Fuller, Andrew",,VP\n'
            '"Davolio, Nancy",ANDREW  FULLER,Rep\n'
            '"King, Robert","fuller,andrew",Rep\n'
        )
        org = read(io.StringIO(text), format="csv")
        assert [p.manager for p in org] == [None, "Fuller, Andrew", "Fuller, Andrew"]
        assert org.problems == ()


class TestSubOrgExports:
    def test_top_with_an_external_manager(self) -> None:
        """The top reports outside the file: a root, one info naming the manager, no error."""
        org = fixture("sub-org-export.csv")
        assert org.root.id == "101"
        assert org.root.manager == "100"
        assert codes(org) == ["EXTERNAL_MANAGER"]
        assert org.problems[0].related == ("100",)
        assert orgshape.read(FIXTURES / "sub-org-export.csv").root.id == "101"  # strict: fine
        report = orgshape.validate(org)
        assert [f.severity.value for f in report if f.code == "EXTERNAL_MANAGER"] == ["info"]

    def test_several_tops_under_one_outside_manager(self) -> None:
        """A department export: every top reports to the same outsider, each a root."""
        org = corpus("bamboohr_sales_report.csv")
        assert codes(org) == ["EXTERNAL_MANAGER"] * 5
        assert {p.manager for p in org.roots} == {"Steven King"}

    @pytest.mark.parametrize("name", ["null-manager.csv", "self-manager-top.csv"])
    def test_null_and_own_id_at_the_top(self, name: str) -> None:
        """NULL, 0 or the person's own id as the top's manager: the top, no problem."""
        org = fixture(name)
        assert (org.root.id, org.root.manager, org.problems) == ("1", None, ())

    def test_zero_at_the_top(self) -> None:
        """A 0 manager is no manager unless someone has the id 0."""
        org = read(io.StringIO("id,manager_id\n1,0\n2,1\n"), format="csv")
        assert (org.root.id, org.problems) == ("1", ())
        org = read(io.StringIO("id,manager_id\n0,\n1,0\n"), format="csv")
        assert org["1"].manager == "0"

    def test_own_id_below_a_real_top_is_still_reported(self) -> None:
        """With a top of its own, a self-reference is SELF_MANAGER as before."""
        org = fixture("self-manager.csv") if (FIXTURES / "self-manager.csv").exists() else None
        assert org is not None
        assert codes(org) == ["SELF_MANAGER"]

    def test_unknown_managers_inside_a_whole_org(self) -> None:
        """With a top of its own, a dangling reference is UNKNOWN_MANAGER as before."""
        org = read(io.StringIO("id,manager_id\n1,\n2,1\n3,9\n"), format="csv", strict=False)
        assert codes(org) == ["UNKNOWN_MANAGER"]


class TestExplicitMappingWins:
    def test_auto_detection_refuses(self) -> None:
        """Most references dangle: detection stops and says which flags to pass."""
        with pytest.raises(DataError) as caught:
            fixture("dangling-managers.csv")
        assert caught.value.problems[0].code == ProblemCode.AMBIGUOUS_MAPPING

    def test_the_flags_it_suggests_work(self) -> None:
        """Naming the columns loads everyone; each dangling reference is reported on its row."""
        org = fixture(
            "dangling-managers.csv",
            mapping={"id": "EmployeeID", "manager": "Boss"},
            manager_key="id",
        )
        assert len(org) == 5
        unknown = [(p.row, p.id) for p in org.problems if p.code == ProblemCode.UNKNOWN_MANAGER]
        assert unknown == [(4, "3"), (5, "4"), (6, "5")]
        org = fixture("dangling-managers.csv", mapping={"manager": "Boss"})
        assert len(org) == 5

    def test_same_column_for_id_and_name(self) -> None:
        """An explicit mapping may name one column for two fields (names that are ids)."""
        org = corpus("visio_orgchart_wizard.csv")
        hinted = read(
            REAL / "visio_orgchart_wizard.csv",
            mapping={"id": "Name", "name": "Name", "manager": "Reports_To"},
            manager_key="name",
        )
        assert hinted == org


class TestHeaders:
    @pytest.mark.parametrize(
        ("header", "field", "column"),
        [
            ("EMPNO,ENAME,JOB,MGR", "manager", "MGR"),
            ("EMPNO,ENAME,JOB,MGR", "name", "ENAME"),
            ("EMPNO,ENAME,JOB,MGR", "title", "JOB"),
            ("BusinessEntityID,ManagerID,JobTitle", "id", "BusinessEntityID"),
            ("EMPLOYEE_ID,MANAGER_ID,JOB_ID,DEPARTMENT_ID", "title", "JOB_ID"),
            ("EMPLOYEE_ID,MANAGER_ID,JOB_ID,DEPARTMENT_ID", "department", "DEPARTMENT_ID"),
            ("EmployeeKey,ParentEmployeeKey,Title", "id", "EmployeeKey"),
            ("EmployeeKey,ParentEmployeeKey,Title", "manager", "ParentEmployeeKey"),
            ("id,positionName,parentId", "title", "positionName"),
            ("Employee #,Name,Reporting to", "employee_number", "Employee #"),
            ("Employee #,Name,Reporting to", "manager", "Reporting to"),
            (
                "UserPrincipalName,Name,managerUserPrincipalName",
                "manager",
                "managerUserPrincipalName",
            ),
            ("id,FirstName,LastName,manager_id", "first_name", "FirstName"),
            ("id,name,lastName,manager_id", "last_name", "lastName"),
            ("id,manager_id,Org Unit", "department", "Org Unit"),
            ("id,manager_id,Cost center name", "department", "Cost center name"),
            ("id,manager_id,Team", "area", "Team"),
        ],
    )
    def test_synonyms(self, header: str, field: str, column: str) -> None:
        """Headers of sample schemas and exports map to their fields."""
        columns = header.split(",")
        manager = next(
            c for c in columns if orgshape.io.columns_for([c], "manager") or c == "Reporting to"
        )
        ident = columns[0]
        rows = [
            {c: ("1" if c == ident else "" if c == manager else "x") for c in columns},
            {c: ("2" if c == ident else "1" if c == manager else "y") for c in columns},
        ]
        mapping = detect_mapping(rows, manager_key="employee_number" if "#" in header else None)
        assert mapping.columns[field] == column

    def test_id_guess_proposes_the_column_that_fits(self) -> None:
        """No id column: the error names the unique column the managers refer to."""
        text = "Login,Code,Boss,Title\nken,A1,,CEO\nterri,A2,A1,VP\nrob,A3,A2,Rep\n"
        with pytest.raises(DataError) as caught:
            read(io.StringIO(text), format="csv")
        message = caught.value.problems[0].message
        assert "'Code'" in message
        assert "100%" in message
        assert "mapping={'id': 'Code'}" in message
        assert "'Login'" not in message.split("fits")[-1]

    def test_powershell_type_line(self) -> None:
        """Export-Csv's #TYPE first line is skipped (it is row 1; the header row 2)."""
        org = fixture("powershell-type-line.csv")
        assert org.root.name == "Ana Lima"
        assert list(org.view.rows or ()) == [3, 4]

    def test_google_workspace_keyed_by_email(self) -> None:
        """An Employee ID column empty on every row is not the id: people are keyed by email."""
        org = corpus("google_workspace_users.csv")
        assert org.root.id == "andrew@chinookcorp.com"
        mapping = detect_mapping(REAL / "google_workspace_users.csv")
        assert any("empty on every row" in note for note in mapping.notes)


class TestProfiles:
    @pytest.mark.parametrize(
        ("name", "profile"),
        [
            ("d3-org-chart_data.csv", None),  # was labelled draw.io
            ("excel_us.csv", None),  # was labelled ChartHop
            ("hibob_people_search.json", "hibob"),
            ("workday_suborg_yang.csv", "workday"),
            ("drawio_orgchart_example.txt", "drawio"),
            ("google_workspace_users.csv", "google-workspace"),
        ],
    )
    def test_by_what_only_they_have(self, name: str, profile: str | None) -> None:
        """A profile is recognised by headers only its system writes."""
        assert detect_mapping(REAL / name, **OPTIONS.get(name, {})).profile == profile


class TestShapes:
    def test_edge_list(self) -> None:
        """A source,target edge list: the top, only ever a source, is created with an info."""
        org = fixture("edge-list.csv")
        assert [p.id for p in org] == ["2", "3", "4", "1"]
        assert org.root.id == "1"
        assert codes(org) == ["CREATED_FROM_EDGES"]
        assert not any(p.name_known for p in org)
        assert detect_mapping(FIXTURES / "edge-list.csv").edge_list

    def test_path_hierarchy(self) -> None:
        """A path column (/1/1/2/) says who reports to whom."""
        org = fixture("path-hierarchy.csv")
        assert [(p.id, p.manager) for p in org] == [
            ("/", None),
            ("/1/", "/"),
            ("/1/1/", "/1/"),
            ("/2/", "/"),
        ]
        assert "path" in str(detect_mapping(FIXTURES / "path-hierarchy.csv"))

    def test_path_with_an_id_column(self) -> None:
        """Beside an id column, the path gives each row's manager by id."""
        org = corpus("adventureworks_neworg_paths.csv")
        assert org["8"].manager == "7"
        assert org["8"].extra["LogicalNode"] == "/1/1/4/1/"

    def test_no_manager_column_says_how_to_map_paths(self) -> None:
        """Without a manager column, the error says how to map a path or an edge list."""
        text = "id,name,where\n1,Ana,a\n2,Bo,b\n"
        with pytest.raises(DataError, match=r"mapping=\{'path': \.\.\.\}"):
            read(io.StringIO(text), format="csv")


class TestLocales:
    def test_decimal_comma_file(self) -> None:
        """€95.000 and 10,5 in one file: thousands dots and a decimal comma."""
        org = fixture(
            "decimal-comma.csv",
            mapping={"cost": "Annual Salary", "years_experience": "Tenure (years)"},
        )
        assert [(p.cost, p.years_experience) for p in org] == [(95000.0, 10.5), (120500.0, 3.0)]
        assert org.problems == ()

    def test_ambiguous_cells_are_bad_values(self) -> None:
        """95.000 alone could be 95 or 95000: BAD_VALUE on its row, never a guess."""
        org = fixture("ambiguous-number.csv")
        bad = [(p.code.value, p.row, p.id) for p in org.problems]
        assert bad == [("BAD_VALUE", 2, "1"), ("BAD_VALUE", 3, "2")]
        assert "decimal=" in org.problems[0].message
        assert [p.cost for p in org] == [None, None]

    @pytest.mark.parametrize(
        ("decimal", "costs"), [(",", [95000.0, 120500.0]), (".", [95.0, 120.5])]
    )
    def test_decimal_given(self, decimal: str, costs: list[float]) -> None:
        """decimal= settles it for every number column."""
        org = fixture("ambiguous-number.csv", decimal=decimal)
        assert [p.cost for p in org] == costs
        assert org.problems == ()

    def test_a_cell_that_fits_neither_reading(self) -> None:
        """With decimal given, a cell not written that way is BAD_VALUE."""
        text = 'id,manager_id,cost\n1,,"1,5"\n'
        org = read(io.StringIO(text), format="csv", decimal=".", strict=False)
        assert codes(org) == ["BAD_VALUE"]

    def test_bad_decimal(self) -> None:
        """decimal is '.' or ','."""
        with pytest.raises(InputError, match="decimal"):
            read(io.StringIO("id,manager_id,cost\n1,,1\n"), format="csv", decimal=";")

    @pytest.mark.parametrize(
        ("cell", "value"),
        [
            ('"125000,50"', 125000.5),
            ('"3,5"', 3.5),
            ('"1.234.567"', 1234567.0),
            ('"1 234,5"', 1234.5),
            ("40%", 0.4),
            (".4", 0.4),
            ('"EUR 1.234,50"', 1234.5),
        ],
    )
    def test_unambiguous_forms(self, cell: str, value: float) -> None:
        """A cell only one convention reads needs no help."""
        org = read(io.StringIO(f"id,manager_id,cost\n1,,{cell}\n"), format="csv")
        assert org["1"].cost == value


class TestDepartments:
    def test_department_gives_the_function(self) -> None:
        """Whole-company exports: departments say who is engineering, design, sales..."""
        org = corpus("excel_us.csv")
        by_function = {p.function for p in org}
        assert {"engineering", "sales", "finance", "executive"} <= by_function
        assert org["103"].department == "IT"
        assert org["103"].function == "engineering"

    def test_an_explicit_function_column_wins(self) -> None:
        """A function column is used as written; the department stays the department."""
        text = "id,manager_id,Department,Function\n1,,IT,platform\n"
        org = read(io.StringIO(text), format="csv")
        assert (org["1"].department, org["1"].function) == ("IT", "platform")

    def test_whole_company_design(self) -> None:
        """The whole-company design file's Department column is each seat's department."""
        path = REAL.parent / "designs" / "whole_company.csv"
        assert detect_mapping(path).columns["department"] == "Department"
        org = read(path)
        functions = {p.function for p in org}
        assert {"engineering", "design", "sales", "product", "product_ops"} <= functions
        assert all(p.department for p in org)

    @pytest.mark.parametrize(
        ("header", "field"),
        [
            ("Department", "department"),
            ("Function", "function"),
            ("Team", "area"),
            ("Org unit", "department"),
            ("Cost center name", "department"),
            ("work.department", "department"),
            ("Org Unit Path", "department"),
            ("Division", "department"),
            ("Job Function", "function"),
            ("Squad", "area"),
        ],
    )
    def test_department_headers(self, header: str, field: str) -> None:
        """The headers whole-company exports use for a seat's unit map to their fields."""
        org = read(io.StringIO(f"id,manager_id,{header}\n1,,Engineering\n"), format="csv")
        assert getattr(org["1"], field) == "Engineering"

    def test_department_ids_say_no_function(self) -> None:
        """A numeric department (DEPARTMENT_ID) is kept but implies no function."""
        org = corpus("oracle_hr_employees.csv")
        assert org["100"].department == "90"
        assert org["100"].function is None
