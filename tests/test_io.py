"""Tests for orgshape.io: reading, writing, column mapping and value conversion."""

from __future__ import annotations

import codecs
import datetime
import decimal
import io
import json
import math
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orgshape
from orgshape import (
    ColumnMapping,
    DataError,
    InputError,
    Org,
    Position,
    Problem,
    ProblemCode,
    detect_mapping,
    read,
    write,
)

BASIC = "id,name,title,manager_id\n1,Ana,Chief Product Officer,\n2,Bo,VP of Product,1\n3,Cy,PM,2\n"


def csv_org(text: str, **kwargs: Any) -> Org:
    return read(io.StringIO(text), format="csv", **kwargs)


def problem_of(call: Any) -> Problem:
    """The one problem of the DataError ``call()`` raises."""
    with pytest.raises(DataError) as caught:
        call()
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0]


def only(org: Org, code: ProblemCode) -> Problem:
    found = [p for p in org.problems if p.code == code]
    assert len(found) == 1, org.problems
    return found[0]


def shape(org: Org) -> list[tuple[str, str | None]]:
    return [(p.id, p.manager) for p in org]


def dumped(org: Org, fmt: str, *, nested: bool = False) -> str:
    out = io.StringIO()
    write(org, out, format=fmt, nested=nested)
    return out.getvalue()


EXPECTED = [("1", None), ("2", "1"), ("3", "2")]


class TestFormats:
    def test_csv_path(self, tmp_path: Path) -> None:
        """A .csv path is read as CSV, with its name as the source."""
        path = tmp_path / "org.csv"
        path.write_text(BASIC, encoding="utf-8")
        org = read(path)
        assert shape(org) == EXPECTED
        assert [p.level for p in org] == ["CPO", "VP", "PM"]
        assert org.source == str(path)
        assert read(str(path)) == org

    def test_tsv_and_other_delimiters(self, tmp_path: Path) -> None:
        """Tab, semicolon and pipe delimiters are sniffed from the header."""
        path = tmp_path / "org.tsv"
        path.write_text(BASIC.replace(",", "\t"), encoding="utf-8")
        assert shape(read(path)) == EXPECTED
        for sep in ";|":
            assert shape(csv_org(BASIC.replace(",", sep))) == EXPECTED
        assert shape(csv_org(BASIC.replace(",", ";"), delimiter=";")) == EXPECTED

    def test_bad_delimiter(self) -> None:
        """A delimiter must be one character."""
        with pytest.raises(InputError, match="delimiter"):
            csv_org(BASIC, delimiter=";;")

    def test_json_flat(self) -> None:
        """JSON: a list of records; numbers become string ids."""
        text = json.dumps(
            [{"id": 1, "name": "Ana", "manager_id": None}, {"id": 2, "manager_id": 1}]
        )
        org = read(io.StringIO(text), format="json")
        assert shape(org) == [("1", None), ("2", "1")]

    def test_json_wrapped_report_entry(self) -> None:
        """Workday wraps rows in Report_Entry; one-element manager groups are unwrapped."""
        text = json.dumps(
            {
                "Report_Entry": [
                    {"Employee_ID": "1", "Worker": "Ana"},
                    {
                        "Employee_ID": "2",
                        "Worker": "Bo",
                        "Worker_s_Manager_group": [{"Manager_ID": "1", "Manager_Name": "Ana"}],
                    },
                ]
            }
        )
        org = read(io.StringIO(text), format="json")
        assert shape(org) == [("1", None), ("2", "1")]
        assert org["2"].name == "Bo"

    @pytest.mark.parametrize("key", ["reports", "children", "direct_reports", "directReports"])
    def test_json_nested(self, key: str) -> None:
        """A nested tree of reports is flattened depth-first, in order."""
        tree = {"id": "1", key: [{"id": "2", key: [{"id": "3"}]}, {"id": "4", key: []}]}
        org = read(io.StringIO(json.dumps(tree)), format="json")
        assert shape(org) == [("1", None), ("2", "1"), ("3", "2"), ("4", "1")]
        assert org.problems == ()

    def test_yaml_flat(self) -> None:
        """YAML records; every plain scalar stays a string."""
        text = "- id: 1\n  name: Ana\n  manager_id:\n- id: 2\n  name: Bo\n  manager_id: 1\n"
        assert shape(read(io.StringIO(text), format="yaml")) == [("1", None), ("2", "1")]

    def test_yaml_nested(self) -> None:
        """YAML nested under reports:, several top-level trees allowed (leniently)."""
        text = "id: 1\nreports:\n  - id: 2\n    reports:\n      - id: 3\n"
        assert shape(read(io.StringIO(text), format="yaml")) == EXPECTED

    def test_records(self) -> None:
        """A list of dicts, or a dict wrapping one."""
        records = [{"id": "1", "manager": None}, {"id": "2", "manager": "1"}]
        assert shape(read(records)) == [("1", None), ("2", "1")]
        assert shape(read({"people": records})) == [("1", None), ("2", "1")]
        assert shape(read(tuple(records))) == [("1", None), ("2", "1")]

    def test_records_must_be_objects(self) -> None:
        """A record that is not an object is reported with its number."""
        problem = problem_of(lambda: read([{"id": "1"}, "Bo"]))
        assert (problem.code, problem.row) == (ProblemCode.MISSING_COLUMN, 2)

    def test_pandas_float_ids_and_nan_managers(self) -> None:
        """pandas float-coerced ids lose their ``.0``; NaN managers are empty."""
        frame = pd.DataFrame(
            {"id": [1.0, 2.0, 7.0], "name": ["Ana", "Bo", None], "manager_id": [None, 1.0, 1.0]}
        )
        assert frame["manager_id"].dtype.kind == "f"
        org = read(frame)
        assert shape(org) == [("1", None), ("2", "1"), ("7", "1")]
        assert org["7"].is_vacant

    def test_pandas_strings_kept(self) -> None:
        """A frame read with dtype=str keeps 007, NA and null as written."""
        frame = pd.read_csv(
            io.StringIO("id,name,manager_id\n007,NA,\n8,null,007\n"),
            dtype=str,
            keep_default_na=False,
        )
        org = read(frame)
        assert shape(org) == [("007", None), ("8", "007")]
        assert [p.name for p in org] == ["NA", "null"]

    def test_pandas_odd_columns(self) -> None:
        """Repeated column names are numbered; nullable ints, dates and categories load."""
        frame = pd.DataFrame(
            [["1", "a", None], ["2", "b", "1"]], columns=["id", "id", "manager_id"]
        )
        assert [dict(p.extra) for p in read(frame)] == [{"id.1": "a"}, {"id.1": "b"}]
        frame = pd.DataFrame(
            {
                "id": ["1", "2"],
                "manager_id": [None, "1"],
                "start": pd.to_datetime(["2020-01-02", "NaT"]),
                "band": pd.Categorical(["x", "y"]),
                "count": pd.array([3, None], dtype="Int64"),
            }
        )
        org = read(frame)
        assert org["2"].extra["count"] is None
        assert org["1"].extra["band"] == "x"
        assert "2020-01-02 00:00:00" in dumped(org, "csv")

    def test_pandas_empty(self) -> None:
        """An empty DataFrame is EMPTY_INPUT."""
        frame = pd.DataFrame({"id": [], "manager_id": []})
        assert problem_of(lambda: read(frame)).code == ProblemCode.EMPTY_INPUT

    def test_polars(self) -> None:
        """A polars DataFrame is read like records."""
        frame = pl.DataFrame({"id": ["1", "2"], "name": ["Ana", "Bo"], "manager_id": [None, "1"]})
        assert shape(read(frame)) == [("1", None), ("2", "1")]

    def test_networkx(self) -> None:
        """A DiGraph with edges manager → report."""
        graph = nx.DiGraph([(1, 2), (2, 3)])
        assert shape(read(graph)) == EXPECTED
        mapping = detect_mapping(graph)
        assert mapping.notes == ("networkx graph",)

    def test_text_and_binary_streams(self, tmp_path: Path) -> None:
        """Open files in text or binary mode; the suffix of their name gives the format."""
        path = tmp_path / "org.csv"
        path.write_text(BASIC, encoding="utf-8")
        with path.open(encoding="utf-8") as text:
            assert shape(read(text)) == EXPECTED
        with path.open("rb") as binary:
            assert shape(read(binary)) == EXPECTED
        assert shape(read(io.BytesIO(BASIC.encode()), format="csv")) == EXPECTED

    def test_format_errors(self, tmp_path: Path) -> None:
        """Unknown suffixes and formats, missing files, folders and odd objects."""
        with pytest.raises(InputError, match="pass format="):
            read(tmp_path / "org.xlsx")
        with pytest.raises(InputError, match="no suffix"):
            read(io.StringIO(BASIC))
        with pytest.raises(InputError, match="unknown format 'xml'"):
            read(tmp_path / "org.csv", format="xml")
        with pytest.raises(InputError, match="no such file"):
            read(tmp_path / "missing.csv")
        folder = tmp_path / "folder.csv"
        folder.mkdir()
        with pytest.raises(InputError, match="folder"):
            read(folder)
        with pytest.raises(InputError, match="cannot read an org from int"):
            read(42)
        with pytest.raises(InputError):
            read("bad\x00name.csv")

    def test_stream_of_wrong_type(self) -> None:
        """A stream that gives neither text nor bytes is refused."""

        class Odd:
            name = "x.csv"

            def read(self, size: int = -1) -> int:
                return 3

        with pytest.raises(InputError, match="not text or bytes"):
            read(Odd())

    def test_example(self) -> None:
        """The bundled example loads cleanly."""
        org = orgshape.example()
        assert len(org) == 66
        assert org.problems == ()
        assert org["007"].title == "Head of Product, Platform"


class TestDetectMapping:
    def test_printed_mapping(self) -> None:
        """The mapping prints one line per field, the manager key and the profile."""
        text = "Employee_ID,Worker,Business_Title,Manager_ID\n1,Ana,CPO,\n2,Bo,PM,1\n"
        mapping = detect_mapping(io.StringIO(text), format="csv")
        assert str(mapping) == (
            "id       ← Employee_ID\n"
            "name     ← Worker\n"
            "title    ← Business_Title\n"
            "manager  ← Manager_ID (refers to id)\n"
            "profile: workday"
        )
        assert mapping.to_dict() == {
            "columns": {
                "id": "Employee_ID",
                "name": "Worker",
                "title": "Business_Title",
                "manager": "Manager_ID",
            },
            "manager_key": "id",
            "profile": "workday",
            "notes": [],
        }

    def test_header_normalisation(self) -> None:
        """Case, spaces, dashes, dots, underscores, BOMs and [Required] are ignored."""
        text = "\ufeffPERSON-ID,Full Name,Job.Title,Manager ID [Required]\n1,Ana,CPO,\n2,Bo,PM,1\n"
        mapping = detect_mapping(io.StringIO(text), format="csv")
        assert mapping.columns == {
            "id": "PERSON-ID",
            "name": "Full Name",
            "title": "Job.Title",
            "manager": "Manager ID [Required]",
        }

    def test_mapping_override(self) -> None:
        """mapping= picks columns; the rest is still detected."""
        text = "key,who,boss,label\n1,Ana,,CPO\n2,Bo,1,PM\n"
        org = csv_org(text, mapping={"id": "key", "name": "who", "manager": "boss"})
        assert shape(org) == [("1", None), ("2", "1")]
        assert org["2"].name == "Bo"
        assert org.extra_columns == ("label",)
        assert csv_org(text, mapping={"id": "key", "manager": "boss", "title": "label"})[
            "1"
        ].level == ("CPO")

    def test_detected_mapping_can_be_passed_back(self) -> None:
        """A ColumnMapping from detect_mapping reads the same org."""
        mapping = detect_mapping(io.StringIO(BASIC), format="csv")
        assert csv_org(BASIC, mapping=mapping) == csv_org(BASIC)

    def test_manager_key_override(self) -> None:
        """manager_key= says what the manager column holds."""
        text = "id,name,manager\n1,Ana,\n2,Bo,Ana\n"
        assert shape(csv_org(text, manager_key="name")) == [("1", None), ("2", "1")]
        mapping = detect_mapping(io.StringIO(text), format="csv")
        assert mapping.manager_key == "name"

    def test_profile_override(self) -> None:
        """profile= uses the profile's spellings first."""
        text = "id,display_name,title,manager_id,manager\n1,Ana,CPO,,\n2,Bo,PM,1,\n"
        mapping = detect_mapping(io.StringIO(text), format="csv", profile="rippling")
        assert mapping.profile == "rippling"
        assert mapping.columns["manager"] == "manager_id"
        assert mapping.columns["name"] == "display_name"

    def test_override_errors(self) -> None:
        """Bad overrides name the bad value and the valid choices."""
        stream = io.StringIO(BASIC)
        with pytest.raises(InputError, match=r"unknown field 'boss'.*valid: id, name"):
            detect_mapping(stream, format="csv", mapping={"boss": "id"})
        with pytest.raises(InputError, match=r"no such column.*columns: id, name"):
            detect_mapping(io.StringIO(BASIC), format="csv", mapping={"id": "Nope"})
        with pytest.raises(InputError, match="manager_key must be one of"):
            detect_mapping(io.StringIO(BASIC), format="csv", manager_key="boss")
        with pytest.raises(InputError, match=r"unknown profile 'sap'.*bamboohr"):
            detect_mapping(io.StringIO(BASIC), format="csv", profile="sap")
        with pytest.raises(InputError, match="manager_key must be one of"):
            ColumnMapping(columns={}, manager_key="boss")

    def test_manager_key_without_its_column(self) -> None:
        """manager_key='email' with no email column is MISSING_COLUMN."""
        problem = problem_of(lambda: csv_org(BASIC, manager_key="email"))
        assert problem.code == ProblemCode.MISSING_COLUMN
        assert "no email column" in problem.message

    def test_own_format_is_no_profile(self) -> None:
        """orgshape's own columns are not mistaken for an HR profile."""
        assert detect_mapping(io.StringIO(dumped(orgshape.example(), "csv")), format="csv")
        assert (
            detect_mapping(io.StringIO(dumped(orgshape.example(), "csv")), format="csv").profile
            is None
        )


class TestAmbiguity:
    def test_bamboohr_two_key_spaces(self) -> None:
        """supervisorId values that are both ids and employee numbers of others: refuse."""
        text = (
            "id,employeeNumber,displayName,jobTitle,supervisorId\n"
            "1,3,Ana,CPO,\n2,1,Bo,VP of Product,1\n3,2,Cy,PM,2\n4,4,Di,PM,3\n"
        )
        problem = problem_of(lambda: csv_org(text))
        assert problem.code == ProblemCode.AMBIGUOUS_MAPPING
        assert "'supervisorId' as id 'id'" in problem.message
        assert "'supervisorId' as employee_number 'employeeNumber'" in problem.message
        by_id = csv_org(text, manager_key="id")
        assert by_id["4"].manager == "3"
        by_number = csv_org(text, manager_key="employee_number", strict=False)
        assert by_number["4"].manager == "1"  # employee number 3 is the person with id 1

    def test_bamboohr_named_columns_agree(self) -> None:
        """supervisorId (→ id) and supervisorEId (→ employeeNumber) agreeing settle it."""
        text = (
            "id,employeeNumber,displayName,supervisorId,supervisorEId\n"
            "1,3,Ana,,\n2,1,Bo,1,3\n3,2,Cy,2,1\n4,4,Di,3,2\n"
        )
        mapping = detect_mapping(io.StringIO(text), format="csv")
        assert (mapping.columns["manager"], mapping.manager_key) == ("supervisorId", "id")
        assert any("rejected" in note for note in mapping.notes)
        assert shape(csv_org(text)) == [("1", None), ("2", "1"), ("3", "2"), ("4", "3")]

    def test_manager_by_employee_number(self) -> None:
        """supervisorEId resolves through employeeNumber to the person's id."""
        text = "id,employeeNumber,displayName,supervisorEId\n1,E1,Ana,\n2,E2,Bo,E1\n"
        mapping = detect_mapping(io.StringIO(text), format="csv")
        assert mapping.manager_key == "employee_number"
        assert shape(csv_org(text)) == [("1", None), ("2", "1")]

    def test_two_id_columns_disagreeing(self) -> None:
        """Two id-like columns whose readings name different people: refuse."""
        text = "Person ID,Employee ID,Name,Reports To\n1,2,Ana,\n2,1,Bo,3\n3,4,Cy,1\n4,3,Di,2\n"
        problem = problem_of(lambda: csv_org(text))
        assert problem.code == ProblemCode.AMBIGUOUS_MAPPING
        assert "'Person ID'" in problem.message
        assert "'Employee ID'" in problem.message
        org = csv_org(text, mapping={"id": "Employee ID"})
        assert (org["4"].name, org["4"].manager) == ("Cy", "1")
        assert org["1"].name == "Bo"

    def test_two_id_columns_settled_by_the_manager(self) -> None:
        """When the manager column refers to one id column only, that one is the id."""
        text = "Person ID,Employee ID,Name,Reports To\nP1,E1,Ana,\nP2,E2,Bo,P1\n"
        mapping = detect_mapping(io.StringIO(text), format="csv")
        assert mapping.columns["id"] == "Person ID"
        assert "because 'Reports To' refers to it" in mapping.notes[-1]

    def test_two_identical_id_columns(self) -> None:
        """Two id columns with the same values agree: the first is taken."""
        text = "Person ID,Employee ID,Reports To\n1,1,\n2,2,1\n"
        assert detect_mapping(io.StringIO(text), format="csv").columns["id"] == "Person ID"

    def test_two_id_columns_without_manager_ids(self) -> None:
        """Managers by email cannot settle which of two id columns is the id."""
        text = "Person ID,Employee ID,Email,Manager Email\n1,2,a@x,\n2,1,b@x,a@x\n"
        problem = problem_of(lambda: csv_org(text))
        assert problem.code == ProblemCode.AMBIGUOUS_MAPPING
        assert "several columns could be the id" in problem.message

    def test_manager_column_matching_nothing(self) -> None:
        """A manager column whose values match no key column is refused."""
        text = "id,name,manager_id\n1,Ana,\n2,Bo,x9\n3,Cy,x8\n"
        problem = problem_of(lambda: csv_org(text))
        assert problem.code == ProblemCode.AMBIGUOUS_MAPPING
        assert "matches none of the key columns" in problem.message

    def test_manager_name_shared_by_two_people(self) -> None:
        """A manager named by a name two people share is AMBIGUOUS_MANAGER_REF."""
        text = "id,name,manager\n1,Ana,\n2,Bo,Ana\n3,Bo,Ana\n4,Cy,Bo\n5,Di,Ana\n"
        problem = problem_of(lambda: csv_org(text))
        assert problem.code == ProblemCode.AMBIGUOUS_MANAGER_REF
        assert (problem.row, problem.id, problem.name, problem.related) == (5, "4", "Cy", ("Bo",))
        org = csv_org(text, strict=False)
        assert [p.code for p in org.problems] == [ProblemCode.AMBIGUOUS_MANAGER_REF]
        assert org["4"].manager == "Bo"
        assert len(org) == 5


class TestColumns:
    def test_no_manager_column(self) -> None:
        """A file without a manager column says so (and why, for Microsoft Entra)."""
        text = "objectId,userPrincipalName,displayName,jobTitle\na1,ana@x,Ana,CPO\n"
        problem = problem_of(lambda: csv_org(text))
        assert problem.code == ProblemCode.MISSING_COLUMN
        assert "no manager column found" in problem.message
        assert "Microsoft Entra" in problem.message
        assert "objectId, userPrincipalName" in problem.message
        plain = problem_of(lambda: csv_org("id,name\n1,Ana\n"))
        assert "Entra" not in plain.message
        with pytest.raises(DataError):
            csv_org(text, strict=False)

    def test_no_id_column_falls_back_to_email(self) -> None:
        """Without an id column, people are keyed by email (and it says so)."""
        text = "Work Email,Manager\nana@x,\nbo@x,ana@x\n"
        mapping = detect_mapping(io.StringIO(text), format="csv")
        assert mapping.columns["id"] == "Work Email"
        assert mapping.notes == ("no id column: people are keyed by email ('Work Email')",)

    def test_no_key_column_at_all(self) -> None:
        """No id, email or name column is MISSING_COLUMN listing the columns."""
        problem = problem_of(lambda: csv_org("colour,manager\nred,\n"))
        assert problem.code == ProblemCode.MISSING_COLUMN
        assert "no id column found" in problem.message

    def test_json_object_without_people(self) -> None:
        """A JSON object with no list of people is MISSING_COLUMN."""
        problem = problem_of(lambda: read(io.StringIO('{"a": 1, "b": 2}'), format="json"))
        assert problem.code == ProblemCode.MISSING_COLUMN
        problem = problem_of(lambda: read(io.StringIO('"text"'), format="json"))
        assert problem.code == ProblemCode.MISSING_COLUMN

    def test_duplicate_headers(self) -> None:
        """A repeated header gets a numbered name; the first one is used."""
        org = csv_org("id,name,name,manager_id\n1,Ana,A.,\n")
        assert org["1"].name == "Ana"
        assert dict(org["1"].extra) == {"name.1": "A."}


class TestEncodings:
    @pytest.mark.parametrize(
        ("encoding", "bom"),
        [
            ("utf-8", codecs.BOM_UTF8),
            ("utf-16-le", codecs.BOM_UTF16_LE),
            ("utf-16-be", codecs.BOM_UTF16_BE),
            ("utf-16-le", b""),
            ("utf-16-be", b""),
        ],
    )
    def test_bom_and_utf16(self, tmp_path: Path, encoding: str, bom: bytes) -> None:
        """UTF-8 BOM and UTF-16 (either byte order, with or without BOM) read the same."""
        text = "id,name,title,manager_id\n1,Zoë Müller,CPO,\n2,José,PM,1\n"
        data = bom + text.encode(encoding)
        path = tmp_path / "org.csv"
        path.write_bytes(data)
        for org in (read(path), read(io.BytesIO(data), format="csv")):
            assert org.extra_columns == ()
            assert [p.name for p in org] == ["Zoë Müller", "José"]
        json_data = bom + json.dumps([{"id": "1", "manager": None}]).encode(encoding)
        assert len(read(io.BytesIO(json_data), format="json")) == 1

    def test_cp1252(self, tmp_path: Path) -> None:
        """cp1252 needs encoding=; without it the error says so."""
        data = "id,name,manager_id\n1,Zoë,\n2,José,1\n".encode("cp1252")
        path = tmp_path / "org.csv"
        path.write_bytes(data)
        with pytest.raises(InputError, match="encoding='cp1252'"):
            read(path)
        with pytest.raises(InputError, match="encoding='cp1252'"):
            read(io.BytesIO(data), format="csv")
        assert [p.name for p in read(path, encoding="cp1252")] == ["Zoë", "José"]
        assert [p.name for p in read(io.BytesIO(data), format="csv", encoding="cp1252")] == [
            "Zoë",
            "José",
        ]

    def test_unknown_and_wrong_encoding(self, tmp_path: Path) -> None:
        """An unknown encoding name, or bytes invalid in the given one, are InputErrors."""
        with pytest.raises(InputError, match="unknown encoding"):
            read(io.BytesIO(BASIC.encode()), format="csv", encoding="klingon")
        path = tmp_path / "org.csv"
        path.write_bytes(BASIC.encode())
        with pytest.raises(InputError, match="unknown encoding"):
            read(path, encoding="klingon")
        with pytest.raises(InputError, match="not valid ascii"):
            read(io.BytesIO("id,manager\nZoë,\n".encode()), format="csv", encoding="ascii")


class TestLineEndings:
    @pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
    def test_line_endings(self, tmp_path: Path, newline: str) -> None:
        """LF, CRLF and CR files read the same, from paths and streams."""
        text = BASIC.replace("\n", newline)
        path = tmp_path / "org.csv"
        path.write_bytes(text.encode())
        assert shape(read(path)) == EXPECTED
        assert shape(csv_org(text)) == EXPECTED
        assert shape(read(io.BytesIO(text.encode()), format="csv")) == EXPECTED

    def test_mixed_line_endings_with_quoted_newlines(self, tmp_path: Path) -> None:
        """Mixed endings; newlines inside quotes stay in the value; rows count records."""
        text = (
            'id,name,title,manager_id\r\n1,"Ana\nLima",CPO,\r2,"Bo\r\nSilva",PM,1\n'
            "3,Cy,PM,1\r\n\r\n4,Di,PM,1"
        )
        path = tmp_path / "org.csv"
        path.write_bytes(text.encode())
        for org in (read(path), csv_org(text)):
            assert [p.name for p in org] == ["Ana\nLima", "Bo\r\nSilva", "Cy", "Di"]
            assert org.problems == ()
        problem = problem_of(lambda: csv_org(text.replace("4,Di,PM,1", "4,Di,PM,9")))
        assert (problem.row, problem.id) == (6, "4")


class TestIds:
    def test_leading_zeros_and_floats_stay_distinct(self) -> None:
        """Ids 007, 7 and 7.0 are three different strings."""
        org = csv_org("id,manager_id\n007,\n7,007\n7.0,007\n")
        assert org.ids == ("007", "7", "7.0")
        assert [p.manager for p in org] == [None, "007", "007"]
        assert all(isinstance(i, str) for i in org.ids)

    def test_surrounding_whitespace(self) -> None:
        """Ids and manager references are stripped; names are kept as written."""
        org = csv_org("id,name,manager_id\n 1 , Ana ,\n2,Bo, 1\n")
        assert shape(org) == [("1", None), ("2", "1")]
        assert org["1"].name == " Ana "

    def test_yaml_scalars_stay_strings(self) -> None:
        """YAML 1.1 traps: 007, no, yes, 1.0, on stay strings; null and ~ are None."""
        text = (
            "- {id: 007, name: no, title: yes, manager_id: null, code: 1.0, flag: on}\n"
            "- {id: 8, name: ~, manager_id: 007, code: '', flag: Null}\n"
        )
        org = read(io.StringIO(text), format="yaml")
        assert shape(org) == [("007", None), ("8", "007")]
        assert (org["007"].name, org["007"].title) == ("no", "yes")
        assert dict(org["007"].extra) == {"code": "1.0", "flag": "on"}
        assert org["8"].name is None
        assert dict(org["8"].extra) == {"code": "", "flag": None}

    def test_json_numbers(self) -> None:
        """JSON numbers become ids without a spurious .0; booleans become text."""
        text = json.dumps([{"id": 7.0, "manager": None}, {"id": True, "manager": 7}])
        assert shape(read(io.StringIO(text), format="json")) == [("7", None), ("true", "7")]


class TestYamlSafety:
    @pytest.mark.parametrize(
        ("text", "what"),
        [
            ('a: &a ["lol", "lol"]\nb: &b [*a, *a]\nc: [*b, *b]\n', "an anchor (&a)"),
            ("- id: 1\n  manager: *boss\n", "an alias (*boss)"),
            ("- &p {id: 1}\n", "an anchor (&p)"),
            ("- !!python/object:os.system {id: 1}\n", "a tag (tag:yaml.org,2002:python/object"),
            ("- id: !!int 1\n", "a tag (tag:yaml.org,2002:int)"),
            ("- !custom {id: 1}\n", "a tag (!custom)"),
        ],
    )
    def test_forbidden(self, text: str, what: str) -> None:
        """Anchors, aliases and tags are refused, even leniently."""
        problem = problem_of(lambda: read(io.StringIO(text), format="yaml", strict=False))
        assert problem.code == ProblemCode.YAML_FORBIDDEN
        assert what in problem.message

    def test_invalid_yaml(self) -> None:
        """Malformed YAML and control characters are InputErrors."""
        with pytest.raises(InputError, match="not valid YAML"):
            read(io.StringIO("- id: [1\n"), format="yaml")
        with pytest.raises(InputError, match="not valid YAML"):
            read(io.StringIO("- id: 1\x07\n"), format="yaml")


class TestLimits:
    def test_deep_json(self) -> None:
        """20,000 levels of nested JSON are NESTING_TOO_DEEP, not a crash."""
        deep = '{"id":"0","reports":[' * 20_000 + '{"id":"x"}' + "]}" * 20_000
        problem = problem_of(lambda: read(io.StringIO(deep), format="json", strict=False))
        assert problem.code == ProblemCode.NESTING_TOO_DEEP
        bare = "[" * 20_000 + "]" * 20_000
        assert problem_of(lambda: read(io.StringIO(bare), format="json")).code == (
            ProblemCode.NESTING_TOO_DEEP
        )

    def test_deep_yaml(self) -> None:
        """Deeply nested YAML is NESTING_TOO_DEEP."""
        deep = "".join("  " * k + f"- id: {k}\n" + "  " * k + "  reports:\n" for k in range(400))
        problem = problem_of(lambda: read(io.StringIO(deep), format="yaml"))
        assert problem.code == ProblemCode.NESTING_TOO_DEEP

    def test_size_cap(self, tmp_path: Path) -> None:
        """Inputs over max_bytes are INPUT_TOO_LARGE, for paths and streams."""
        path = tmp_path / "org.csv"
        path.write_text(BASIC)
        for call in (
            lambda: read(path, max_bytes=20),
            lambda: read(io.StringIO(BASIC), format="csv", max_bytes=20),
            lambda: read(io.StringIO("[]" * 20), format="json", max_bytes=20),
        ):
            problem = problem_of(call)
            assert problem.code == ProblemCode.INPUT_TOO_LARGE
            assert "max_bytes=" in problem.message
        assert len(read(path, max_bytes=len(BASIC))) == 3

    @pytest.mark.parametrize(
        ("text", "fmt"),
        [
            ("", "csv"),
            ("\n\n  \n", "csv"),
            ("id,name,manager_id\n", "csv"),
            ("id,name,manager_id\n\n,,\n", "csv"),
            ("[]", "json"),
            ("{}", "json"),
            ("null", "json"),
            ('{"people": []}', "json"),
            ("", "yaml"),
            ("[]", "yaml"),
        ],
    )
    def test_empty_input(self, text: str, fmt: str) -> None:
        """Empty files, header-only files and empty lists are EMPTY_INPUT."""
        problem = problem_of(lambda: read(io.StringIO(text), format=fmt, strict=False))
        assert problem.code == ProblemCode.EMPTY_INPUT

    def test_empty_file_on_disk(self, tmp_path: Path) -> None:
        """A zero-byte file is EMPTY_INPUT."""
        path = tmp_path / "org.csv"
        path.write_bytes(b"")
        assert problem_of(lambda: read(path)).code == ProblemCode.EMPTY_INPUT


class TestValues:
    def test_bad_cost(self) -> None:
        """An unreadable cost is BAD_VALUE with row, id and name; the field is left empty."""
        text = "id,name,manager_id,cost\n1,Ana,,n/a\n2,Bo,1,12.5\n"
        problem = problem_of(lambda: csv_org(text))
        assert problem.code == ProblemCode.BAD_VALUE
        assert (problem.row, problem.id, problem.name) == (2, "1", "Ana")
        assert "cost 'n/a' is not an amount" in problem.message
        org = csv_org(text, strict=False)
        assert [p.cost for p in org] == [None, 12.5]

    @pytest.mark.parametrize(
        ("cell", "value"),
        [
            ('"$150,000"', 150_000.0),
            ("120k", 120_000.0),
            ("€ 90 000", 90_000.0),
            ('"£1,234.50"', 1234.5),
            ("1e5", 100_000.0),
            ("-3", -3.0),
            ("", None),
            ("NaN", None),
        ],
    )
    def test_costs(self, cell: str, value: float | None) -> None:
        """Money with currency signs, separators and k parses; NaN is empty."""
        org = csv_org(f"id,manager_id,cost\n1,,{cell}\n")
        assert org["1"].cost == value

    @pytest.mark.parametrize("cell", ["inf", "$", "12 apples", "1.2.3"])
    def test_bad_numbers(self, cell: str) -> None:
        """Infinite or unreadable numbers are BAD_VALUE."""
        org = csv_org(f"id,manager_id,cost,years_experience\n1,,{cell},{cell}\n", strict=False)
        assert [p.code for p in org.problems] == [ProblemCode.BAD_VALUE] * 2
        assert (org["1"].cost, org["1"].years_experience) == (None, None)

    def test_numbers_from_json(self) -> None:
        """JSON numbers are used as they are; booleans are not numbers."""
        text = json.dumps(
            [{"id": "1", "manager": None, "cost": 100}, {"id": "2", "manager": "1", "cost": True}]
        )
        org = read(io.StringIO(text), format="json", strict=False)
        assert org["1"].cost == 100.0
        assert only(org, ProblemCode.BAD_VALUE).id == "2"

    def test_assistant_flags(self) -> None:
        """true/yes/y/1/x are assistants; false/no/0/empty are not; others are BAD_VALUE."""
        cells = ["true", "Yes", "y", "1", "x", "false", "no", "0", "", "maybe"]
        text = "id,manager_id,assistant\nR,,\n" + "".join(
            f"{k},R,{c}\n" for k, c in enumerate(cells)
        )
        org = csv_org(text, strict=False)
        assert [p.assistant for p in org][1:] == [True] * 5 + [False] * 5
        problem = only(org, ProblemCode.BAD_VALUE)
        assert (problem.id, problem.row) == ("9", 12)
        assert org.span("R") == 5

    def test_products_and_dotted_lines_split(self) -> None:
        """Lists split on ; | and , with spaces trimmed."""
        text = 'id,manager_id,products,dotted_line\n1,,"Pay; Cards|Loans, FX",\n2,1,,1\n3,1,X,1;2\n'
        org = csv_org(text)
        assert org["1"].products == ("Pay", "Cards", "Loans", "FX")
        assert org["3"].dotted_line == ("1", "2")
        assert [p.id for p in org.dotted_reports("1")] == ["2", "3"]

    def test_unknown_dotted_line(self) -> None:
        """A dotted line to nobody is UNKNOWN_DOTTED_LINE naming the person."""
        problem = problem_of(lambda: csv_org("id,name,manager_id,dotted_line\n1,Ana,,\n2,Bo,1,9\n"))
        assert problem.code == ProblemCode.UNKNOWN_DOTTED_LINE
        assert (problem.row, problem.id, problem.name, problem.related) == (3, "2", "Bo", ("9",))

    @pytest.mark.parametrize("cell", ["1;2", "1|2", "1/2", "1 & 2", "1 and 2", '"1,2"'])
    def test_two_managers_in_one_cell(self, cell: str) -> None:
        """Two known managers in one cell: MULTIPLE_MANAGERS, the first one kept."""
        text = f"id,name,manager_id\n1,Ana,\n2,Bo,1\n3,Cy,{cell}\n"
        problem = problem_of(lambda: csv_org(text))
        assert problem.code == ProblemCode.MULTIPLE_MANAGERS
        assert (problem.row, problem.id, problem.name, problem.related) == (
            4,
            "3",
            "Cy",
            ("1", "2"),
        )
        assert csv_org(text, strict=False)["3"].manager == "1"

    def test_manager_list_in_json(self) -> None:
        """A JSON list of managers, or a Workday group of two, is MULTIPLE_MANAGERS."""
        rows = [
            {"id": "1", "manager": None},
            {"id": "2", "manager": "1"},
            {"id": "3", "manager": ["1", "2"]},
        ]
        assert only(read(rows, strict=False), ProblemCode.MULTIPLE_MANAGERS).id == "3"
        workday = {
            "Report_Entry": [
                {"Employee_ID": "1", "Worker": "Ana"},
                {"Employee_ID": "2", "Worker_s_Manager_group": [{"Manager_ID": "1"}]},
                {
                    "Employee_ID": "3",
                    "Worker_s_Manager_group": [{"Manager_ID": "1"}, {"Manager_ID": "2"}],
                },
            ]
        }
        org = read(io.StringIO(json.dumps(workday)), format="json", strict=False)
        assert only(org, ProblemCode.MULTIPLE_MANAGERS).related == ("1", "2")
        assert org["3"].manager == "1"

    def test_levels_column(self) -> None:
        """An explicit level column accepts ladder names in any case, or titles."""
        text = "id,manager_id,title,level\n1,,Boss,cpo\n2,1,Boss,Senior PM\n3,1,PM,\n"
        assert [p.level for p in csv_org(text)] == ["CPO", "SENIOR_PM", "PM"]

    def test_names(self) -> None:
        """Empty names are vacancies; first + last names are joined; a blank
        preferred name falls back to them."""
        text = (
            "id,manager_id,Preferred Name,First Name,Last Name\n"
            "1,,Ana,Ana Maria,Lima\n2,1,,Bo,Silva\n3,1,,,\n"
        )
        org = csv_org(text)
        assert [p.name for p in org] == ["Ana", "Bo Silva", None]
        assert [p.id for p in org.vacancies] == ["3"]
        only_parts = csv_org("id,manager_id,first_name,last_name\n1,,Ana,\n2,1,,Silva\n")
        assert [p.name for p in only_parts] == ["Ana", "Silva"]


class TestFormulaGuard:
    CELLS = ("=SUM(A1)", "+44 20", "-5", "@cmd", "'=quoted", "''", "\tx", "'", "'x", "a=b")

    def test_written_guarded_and_read_back(self) -> None:
        """Cells a spreadsheet would run get a ' prefix; reading gives the exact text back."""
        positions = [Position(id="R", name="Root", extra={"=note": ""})] + [
            Position(id=f"p{k}", name=cell, manager="R", extra={"=note": cell})
            for k, cell in enumerate(self.CELLS)
        ]
        org = Org(positions)
        text = dumped(org, "csv")
        lines = text.splitlines()
        assert lines[0].endswith(",'=note")
        assert "p0,'=SUM(A1)," in text
        assert "'+44 20" in text
        assert ",'-5," in text
        assert ",''=quoted," in text
        assert ",'''," in text
        assert ",'x," in text
        assert ",a=b," in text
        back = csv_org(text)
        assert back == org
        assert back.extra_columns == ("=note",)

    def test_negative_numbers_and_ids(self) -> None:
        """A negative cost or an id starting with - survives the guard."""
        org = Org([Position(id="-1", cost=-5.0), Position(id="=1+1", manager="-1")])
        assert csv_org(dumped(org, "csv")) == org

    def test_unguarded_file_untouched(self) -> None:
        """A file with no guard keeps an apostrophe at the start of a cell."""
        org = csv_org("id,name,manager_id\n1,'Ana,\n")
        assert org["1"].name == "'Ana"


class TestExtraColumns:
    def test_kept_verbatim_and_in_order(self) -> None:
        """Unmapped columns are kept as written, in input order."""
        text = "zeta,id,alpha,name,manager_id,mid\nz,1,a,Ana,, 7 \n"
        org = csv_org(text)
        assert org.extra_columns == ("zeta", "alpha", "mid")
        assert list(org["1"].extra.items()) == [("zeta", "z"), ("alpha", "a"), ("mid", " 7 ")]

    def test_empty_and_missing_stay_distinct(self) -> None:
        """An empty value and an absent key are different (JSON, YAML, ragged CSV)."""
        records = [
            {"id": "1", "manager": None, "team": ""},
            {"id": "2", "manager": "1"},
            {"id": "3", "manager": "1", "team": None},
        ]
        org = read(records)
        assert [dict(p.extra) for p in org] == [{"team": ""}, {}, {"team": None}]
        for fmt in ("json", "yaml"):
            assert read(io.StringIO(dumped(org, fmt)), format=fmt) == org
        ragged = csv_org("id,manager_id,team\n1,,\n2,1\n")
        assert [dict(p.extra) for p in ragged] == [{"team": ""}, {}]

    def test_key_columns_are_kept_too(self) -> None:
        """Columns used as keys (email, employee number) stay in extra verbatim."""
        org = csv_org("id,email,manager_id\n1, ana@x ,\n")
        assert dict(org["1"].extra) == {"email": " ana@x "}

    def test_cells_past_the_header(self) -> None:
        """Cells beyond the header get column<N> names instead of being dropped."""
        org = csv_org("id,manager_id\n1,,extra\n")
        assert dict(org["1"].extra) == {"column3": "extra"}


class TestWrite:
    def test_paths_and_suffixes(self, tmp_path: Path) -> None:
        """write() picks the format from the suffix and writes UTF-8 with LF."""
        org = csv_org(BASIC)
        for name in ("org.csv", "org.json", "org.yaml", "org.yml"):
            path = tmp_path / name
            write(org, path)
            assert read(path) == org
            assert b"\r\n" not in path.read_bytes()

    def test_tsv_is_tab_separated(self, tmp_path: Path) -> None:
        """A .tsv file is written with tabs (as read() expects) and reads back equal."""
        org = orgshape.example()
        path = tmp_path / "org.tsv"
        write(org, path)
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("id\tname\ttitle\t")
        assert "," not in header
        assert read(path) == org

    def test_deterministic(self) -> None:
        """Writing twice gives the same bytes."""
        org = orgshape.example()
        for fmt in ("csv", "json", "yaml"):
            assert dumped(org, fmt) == dumped(orgshape.example(), fmt)

    def test_csv_header(self) -> None:
        """CSV has the typed fields present, then the extra columns."""
        header = dumped(orgshape.example(), "csv").splitlines()[0]
        assert header == (
            "id,name,title,level,manager_id,products,function,years_experience,cost,location,"
            "dotted_line,assistant,req,email"
        )

    def test_errors(self, tmp_path: Path) -> None:
        """Bad formats, nested CSV and unwritable paths are InputErrors."""
        org = csv_org(BASIC)
        with pytest.raises(InputError, match="CSV is flat"):
            write(org, tmp_path / "org.csv", nested=True)
        with pytest.raises(InputError, match="cannot tell the format"):
            write(org, tmp_path / "org.xml")
        with pytest.raises(InputError, match="unknown format"):
            write(org, io.StringIO(), format="xml")
        with pytest.raises(InputError, match="cannot write"):
            write(org, tmp_path / "missing" / "org.csv")

    def test_deep_nested_write(self) -> None:
        """A chain too deep for a nested tree says to write flat rows."""
        text = "id,manager_id\n0,\n" + "".join(f"{i},{i - 1}\n" for i in range(1, 5000))
        with pytest.raises(InputError, match="flat rows"):
            dumped(csv_org(text), "json", nested=True)

    def test_odd_values(self) -> None:
        """Dates, decimals and tuples in extra columns are written, not crashed on."""
        org = read(
            [
                {
                    "id": "1",
                    "manager": None,
                    "start": datetime.date(2020, 1, 2),
                    "share": decimal.Decimal("1.5"),
                    "pair": (1, 2),
                }
            ]
        )
        assert '2020-01-02,1.5,"[1, 2]"' in dumped(org, "csv")
        assert json.loads(dumped(org, "json"))[0]["start"] == "2020-01-02"
        assert "start: 2020-01-02" in dumped(org, "yaml")

    def test_nested_keeps_outside_managers(self) -> None:
        """A nested tree keeps the manager of a top record outside the file."""
        org = csv_org("id,manager_id\n1,\n2,1\n3,9\n4,3\n", strict=False)
        for fmt in ("json", "yaml"):
            back = read(io.StringIO(dumped(org, fmt, nested=True)), format=fmt, strict=False)
            assert back == org
            assert [(p.code, p.id) for p in back.problems] == [(p.code, p.id) for p in org.problems]

    def test_extra_columns_named_like_child_keys(self) -> None:
        """Extra columns called reports or children survive flat and nested files."""
        org = csv_org("id,name,manager_id,reports,children\n1,Ana,,2,x\n2,Bo,1,0,\n")
        for fmt in ("json", "yaml"):
            assert read(io.StringIO(dumped(org, fmt)), format=fmt) == org
            nested = dumped(org, fmt, nested=True)
            assert "direct_reports" in nested
            assert read(io.StringIO(nested), format=fmt) == org

    def test_extra_column_named_like_a_field(self) -> None:
        """An extra column that would overwrite a written column is refused, not lost."""
        org = csv_org("Employee_ID,id,manager_id\n1,a,\n2,b,1\n", mapping={"id": "Employee_ID"})
        assert org.extra_columns == ("id",)
        with pytest.raises(InputError, match="extra column 'id'"):
            dumped(org, "csv")

    def test_leaf_reports_null(self) -> None:
        """Hand-written YAML may leave a leaf's reports: empty."""
        text = "- id: 1\n  reports:\n  - id: 2\n    reports:\n"
        org = read(io.StringIO(text), format="yaml")
        assert [(p.id, p.manager) for p in org] == [("1", None), ("2", "1")]
        assert org.extra_columns == ()

    def test_nested_record_with_a_conflicting_manager(self) -> None:
        """A record listed under one manager whose manager column names another."""
        text = "- id: 1\n  reports:\n  - id: 2\n    manager_id: 7\n"
        problem = problem_of(lambda: read(io.StringIO(text), format="yaml"))
        assert problem.code == ProblemCode.MULTIPLE_MANAGERS
        assert problem.related == ("1", "7")


class TestRoundTrips:
    @pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
    def test_example_flat(self, fmt: str) -> None:
        """The example org survives every flat format."""
        org = orgshape.example()
        assert read(io.StringIO(dumped(org, fmt)), format=fmt) == org

    @pytest.mark.parametrize("fmt", ["json", "yaml"])
    def test_example_nested(self, fmt: str) -> None:
        """Nested trees keep every position (depth-first) and round-trip exactly."""
        org = orgshape.example()
        nested = read(io.StringIO(dumped(org, fmt, nested=True)), format=fmt)
        assert sorted(nested, key=lambda p: p.id) == sorted(org, key=lambda p: p.id)
        again = read(io.StringIO(dumped(nested, fmt, nested=True)), format=fmt)
        assert again == nested

    @pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
    def test_lenient_org(self, fmt: str) -> None:
        """An org with problems round-trips with the same problems."""
        text = "id,name,manager_id\n1,Ana,\n2,Bo,2\n3,Cy,42\n1,Dup,1\n4,Eve,5\n5,Fay,4\n6,Gus,\n"
        org = csv_org(text, strict=False)
        back = read(io.StringIO(dumped(org, fmt)), format=fmt, strict=False)
        assert back == org
        assert [(p.code, p.row, p.id) for p in back.problems] == [
            (p.code, p.row if fmt == "csv" else p.row - 1 if p.row else None, p.id)
            for p in org.problems
        ]


# --------------------------------------------------------------------------- properties

ODD_IDS = ("007", "7", "7.0", "a b", "NA", "null", "true", "-1", "=1+1", "Zoë", "N/A", "0x1F")
ID_TEXT = st.text(
    alphabet=st.characters(
        exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"], exclude_characters=";|,"
    ),
    min_size=1,
    max_size=8,
)
SOME_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12
).filter(lambda s: s.strip() != "")
PRODUCT = st.text(
    alphabet=st.characters(
        exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"], exclude_characters=";|,"
    ),
    min_size=1,
    max_size=6,
)
EXTRA_COLUMNS = ("Team", "Start date", "=HYPERLINK", "Ünïcödé", "a,b", "x.y", "reports", "children")
LADDER = ("CPO", "VP", "HEAD", "DIRECTOR", "SENIOR_PM", "PM")


@st.composite
def orgs(draw: st.DrawFn, *, fmt: str) -> Org:
    """Well-formed orgs with odd ids, unicode text, optional fields and extra columns."""
    ids = draw(st.lists(st.sampled_from(ODD_IDS) | ID_TEXT, min_size=1, max_size=12, unique=True))
    optional = draw(
        st.sets(
            st.sampled_from(
                [
                    "products",
                    "function",
                    "years_experience",
                    "cost",
                    "location",
                    "dotted_line",
                    "assistant",
                    "req",
                ]
            )
        )
    )
    extras = draw(st.lists(st.sampled_from(EXTRA_COLUMNS), unique=True, max_size=3))
    # CSV cannot say "missing" or null: its extra cells are always text
    extra_value = st.text(max_size=6) if fmt == "csv" else st.none() | st.text(max_size=6)
    positions = []
    for k, key in enumerate(ids):
        fields: dict[str, Any] = {
            "name": draw(st.none() | SOME_TEXT),
            "title": draw(st.none() | SOME_TEXT | st.sampled_from(["Sr. PM", "VP, Product"])),
            "level": draw(st.none() | st.sampled_from(LADDER)),
            "manager": None if k == 0 else ids[draw(st.integers(0, k - 1))],
        }
        if "products" in optional:
            fields["products"] = draw(st.lists(PRODUCT, max_size=3))
        for text_field in ("function", "location", "req"):
            if text_field in optional:
                fields[text_field] = draw(st.none() | SOME_TEXT)
        for number in ("years_experience", "cost"):
            if number in optional:
                fields[number] = draw(
                    st.none()
                    | st.integers(-(10**6), 10**6).map(float)
                    | st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False)
                )
        if "dotted_line" in optional:
            fields["dotted_line"] = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
        if "assistant" in optional and k:
            fields["assistant"] = draw(st.booleans())
        extra: dict[str, Any] = {}
        for column in extras:
            if fmt == "csv" or draw(st.booleans()):
                extra[column] = draw(extra_value)
        positions.append(Position(id=key, extra=extra, **fields))
    return Org(positions)


class TestRoundTripProperties:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    @pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
    def test_flat(self, fmt: str, data: st.DataObject) -> None:
        """read(write(org)) == org for every flat format."""
        org = data.draw(orgs(fmt=fmt))
        text = dumped(org, fmt)
        back = read(io.StringIO(text), format=fmt)
        assert back == org
        assert dumped(back, fmt) == text

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    @pytest.mark.parametrize("fmt", ["json", "yaml"])
    def test_nested(self, fmt: str, data: st.DataObject) -> None:
        """A nested tree keeps every position, and a nested file round-trips exactly."""
        org = data.draw(orgs(fmt=fmt))
        nested = read(io.StringIO(dumped(org, fmt, nested=True)), format=fmt)
        assert {p.id: p for p in nested} == {p.id: p for p in org}
        assert read(io.StringIO(dumped(nested, fmt, nested=True)), format=fmt) == nested

    @settings(max_examples=30, deadline=None)
    @given(st.data())
    def test_pandas(self, data: st.DataObject) -> None:
        """An org's records through a pandas DataFrame give the same org."""
        org = data.draw(orgs(fmt="csv"))
        records = [
            {("manager_id" if k == "manager" else k): v for k, v in r.items()}
            for r in org.to_records()
        ]
        back = read(pd.DataFrame(records))
        assert back == org
        assert not any(
            isinstance(v, float) and math.isnan(v) for p in back for v in p.extra.values()
        )
