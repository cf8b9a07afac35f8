"""Tests for orgshape.io._values: typed fields from raw cells."""

from __future__ import annotations

import io
import json

import pytest

from orgshape import (
    ProblemCode,
    read,
)
from tests.io.helpers import csv_org, only, problem_of


class TestValues:
    @pytest.mark.parametrize(
        ("cell", "value"),
        [("9007199254740991", 9007199254740991.0), ("9007199254740992", None), ("1e308", None)],
    )
    def test_a_number_too_large_to_hold_is_bad(self, cell: str, value: float | None) -> None:
        """Amounts from 2**53 on are BAD_VALUE (a float cannot hold them exactly, and their
        sums could pass the largest float), in text and in JSON alike."""
        text = f"id,name,manager_id,cost\n1,Ana,,{cell}\n2,Bo,1,10\n"
        org = csv_org(text, strict=False)
        assert org["1"].cost == value
        from_json = read(
            [{"id": "1", "cost": float(cell)}, {"id": "2", "manager": "1"}], strict=False
        )
        assert from_json["1"].cost == value
        if value is None:
            for loaded in (org, from_json):
                (problem,) = loaded.problems
                assert problem.code == ProblemCode.BAD_VALUE
                assert "is too large: numbers from 2**53" in problem.message
        else:
            assert not org.problems
            assert not from_json.problems

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
