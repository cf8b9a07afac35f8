"""Tests for orgshape.io._json: flat, wrapped and nested JSON."""

from __future__ import annotations

import io
import json

import pytest

from orgshape import (
    DataError,
    ProblemCode,
    read,
    write,
)
from tests.io.helpers import problem_of, shape


class TestJson:
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


class TestDepth:
    def test_deep_json(self) -> None:
        """20,000 levels of nested JSON are NESTING_TOO_DEEP, not a crash."""
        deep = '{"id":"0","reports":[' * 20_000 + '{"id":"x"}' + "]}" * 20_000
        problem = problem_of(lambda: read(io.StringIO(deep), format="json", strict=False))
        assert problem.code == ProblemCode.NESTING_TOO_DEEP
        bare = "[" * 20_000 + "]" * 20_000
        assert problem_of(lambda: read(io.StringIO(bare), format="json")).code == (
            ProblemCode.NESTING_TOO_DEEP
        )


class TestNotJson:
    @pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
    def test_a_bare_nan_cost_is_a_problem_on_its_row(self, word: str) -> None:
        """``NaN`` in a number field is BAD_VALUE on its row (not silently emptied)."""
        text = f'[{{"id": "1", "name": "Ana"}}, {{"id": "2", "manager_id": "1", "cost": {word}}}]'
        with pytest.raises(DataError) as caught:
            read(io.StringIO(text), format="json")
        (problem,) = caught.value.problems
        assert problem.code == ProblemCode.BAD_VALUE
        assert (problem.row, problem.id) == (2, "2")
        assert word in problem.message
        assert read(io.StringIO(text), format="json", strict=False)["2"].cost is None

    def test_a_bare_nan_in_an_extra_column_stays_a_word(self) -> None:
        """An extra column keeps ``NaN`` as the word it is, and round-trips it."""
        org = read(io.StringIO('[{"id": "1", "manager_id": null, "score": NaN}]'), format="json")
        assert org["1"].extra == {"score": "NaN"}
        out = io.StringIO()
        write(org, out, format="json")
        assert read(io.StringIO(out.getvalue()), format="json") == org
