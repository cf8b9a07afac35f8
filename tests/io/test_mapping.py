"""Tests for orgshape.io._mapping: which column holds which field."""

from __future__ import annotations

import io

import pytest

import orgshape
from orgshape import (
    ColumnMapping,
    DataError,
    InputError,
    ProblemCode,
    detect_mapping,
    read,
)
from tests.io.helpers import BASIC, csv_org, dumped, problem_of, shape


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
            "edge_list": False,
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
        assert (problem.row, problem.id, problem.name) == (5, "4", "Cy")
        assert problem.related == ("Bo", "2", "3")  # the name, then who has it
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
