"""Tests for orgshape.io._frames: pandas and polars DataFrames."""

from __future__ import annotations

import io

import pandas as pd
import polars as pl

from orgshape import (
    ProblemCode,
    read,
)
from tests.io.helpers import dumped, problem_of, shape


class TestFrames:
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
