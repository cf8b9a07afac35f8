"""Messy tables (orgshape.strategies.messy_tables) hold the mess and load leniently."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import find, given

import orgshape
from orgshape.rules import validate
from orgshape.strategies import messy_tables
from tests.strategies.policies import FIND_ANY


class TestMessyTables:
    @given(messy_tables())
    def test_a_lenient_read_keeps_every_record(self, rows):
        """Records load leniently with one position per row; strict loads raise DataError."""
        org = orgshape.read(rows, strict=False)
        assert len(org) == len(rows)
        validate(org)  # the report of a messy org is made without error
        if org.problems:
            with pytest.raises(orgshape.DataError) as raised:
                orgshape.read(rows)
            assert raised.value.problems == org.problems
        else:
            assert orgshape.read(rows) == org

    @given(messy_tables(format="csv"))
    def test_a_lenient_read_keeps_every_csv_row(self, text):
        """CSV text loads leniently with one position per data row."""
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
        org = orgshape.read(io.StringIO(text), format="csv", strict=False)
        assert len(org) == len(rows) - 1
        assert all(p.row is None or p.row >= 2 for p in org.problems)

    @given(messy_tables(min_size=3, max_size=4, extra_columns=False))
    def test_sizes_and_columns(self, rows):
        """min_size/max_size bound the rows; the columns are id, name, title, manager_id."""
        assert 3 <= len(rows) <= 4
        assert all(list(row) == ["id", "name", "title", "manager_id"] for row in rows)

    @pytest.mark.parametrize(
        "mess",
        [
            lambda rows: len({r["id"] for r in rows}) < len(rows),  # a duplicate id
            lambda rows: any(r["id"].startswith("0") for r in rows),  # leading zeros
            lambda rows: any(r["id"] != r["id"].strip() for r in rows),  # whitespace
            lambda rows: any(r["manager_id"] == "999" for r in rows),  # an orphan
            lambda rows: any(r["manager_id"] == r["id"] != "" for r in rows),  # self-manager
            lambda rows: any(r["name"] in ("NA", "null") for r in rows),  # NA strings
            lambda rows: any(r["title"] == "Group Product Manager" for r in rows),
        ],
    )
    def test_the_mess_is_there(self, mess):
        """Each kind of mess the docs promise turns up."""
        find(messy_tables(), mess, settings=FIND_ANY)

    def test_a_loop_turns_up(self):
        """Some tables have reporting loops."""
        org = find(
            messy_tables(extra_columns=False).map(lambda rows: orgshape.read(rows, strict=False)),
            lambda org: any(p.code == "CYCLE" for p in org.problems),
            settings=FIND_ANY,
        )
        assert len(org) >= 2
