"""Tests for orgshape.io._records: lists of dicts and wrapped records."""

from __future__ import annotations

from orgshape import (
    ProblemCode,
    read,
)
from tests.io.helpers import problem_of, shape


class TestRecords:
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
