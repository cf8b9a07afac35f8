"""Tests for orgshape.io._build: ids, references and extra columns."""

from __future__ import annotations

import io
import json

from orgshape import (
    read,
)
from tests.io.helpers import csv_org, dumped, shape


class TestIds:
    def test_leading_zeros_and_floats_stay_distinct(self) -> None:
        """Ids 007, 7 and 7.0 are three different strings."""
        org = csv_org("id,manager_id\n007,\n7,007\n7.0,007\n")
        assert org.ids == ("007", "7", "7.0")
        assert [p.manager for p in org] == [None, "007", "007"]
        assert all(isinstance(i, str) for i in org.ids)

    def test_surrounding_whitespace(self) -> None:
        """Ids, manager references and names lose outer spaces; inner ones stay."""
        org = csv_org("id,name,manager_id\n 1 , Ana  Lima ,\n2,Bo, 1\n")
        assert shape(org) == [("1", None), ("2", "1")]
        assert org["1"].name == "Ana  Lima"

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
            {"id": "1", "manager": None, "badge": ""},
            {"id": "2", "manager": "1"},
            {"id": "3", "manager": "1", "badge": None},
        ]
        org = read(records)
        assert [dict(p.extra) for p in org] == [{"badge": ""}, {}, {"badge": None}]
        for fmt in ("json", "yaml"):
            assert read(io.StringIO(dumped(org, fmt)), format=fmt) == org
        ragged = csv_org("id,manager_id,badge\n1,,\n2,1\n")
        assert [dict(p.extra) for p in ragged] == [{"badge": ""}, {}]

    def test_key_columns_are_kept_too(self) -> None:
        """Columns used as keys (email, employee number) stay in extra verbatim."""
        org = csv_org("id,email,manager_id\n1, ana@x ,\n")
        assert dict(org["1"].extra) == {"email": " ana@x "}

    def test_cells_past_the_header(self) -> None:
        """Cells beyond the header get column<N> names instead of being dropped."""
        org = csv_org("id,manager_id\n1,,extra\n")
        assert dict(org["1"].extra) == {"column3": "extra"}


class TestArea:
    def test_team_and_product_area_columns_fill_area(self) -> None:
        """A Team, Product area or Squad column is the position's area, not an extra column."""
        for header in ("Team", "Product Area", "squad"):
            org = csv_org(f"id,manager_id,{header}\n1,,Payments\n2,1,\n")
            assert [p.area for p in org] == ["Payments", None]
            assert org.extra_columns == ()

    def test_area_round_trips(self) -> None:
        """The area is written as an `area` column and read back."""
        org = csv_org("id,manager_id,team\n1,,Growth\n")
        assert "area" in dumped(org, "csv").splitlines()[0].split(",")
        assert read(io.StringIO(dumped(org, "csv")), format="csv") == org
