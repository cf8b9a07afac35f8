"""Excel workbooks of diffs, comparisons and plan timelines, read back with openpyxl."""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
import pytest

import orgshape
from orgshape import Org, Position, diff
from orgshape.changes import Sheet
from orgshape.scenario import delayer, merge
from tests.test_plan import PLAN_YAML, load_plan_text


@pytest.fixture(scope="module")
def example() -> Org:
    return orgshape.example()


def read(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


class TestDiffWorkbook:
    def test_one_sheet_per_table(self, example: Org, tmp_path: Path) -> None:
        """Summary, changes, leaders (whole, by function, by level), impact, findings."""
        d = diff(example, delayer(example, "P006"))
        path = d.to_excel(tmp_path / "reorg.xlsx")
        book = read(path)
        assert book.sheetnames == [
            "summary",
            "changes",
            "leaders",
            "leaders by function",
            "leaders by level",
            "affected",
            "removed seats",
            "displaced",
            "findings",
        ]
        assert [s.name for s in d.sheets()] == book.sheetnames

    def test_typed_cells_frozen_headers_and_filters(self, example: Org, tmp_path: Path) -> None:
        """Numbers are numbers, the header row is bold and frozen, every table filters."""
        d = diff(example, delayer(example, "P006"))
        book = read(d.to_excel(tmp_path / "reorg.xlsx"))
        leaders = book["leaders"]
        header = [c.value for c in leaders[1]]
        assert header == list(d.rollups().columns())
        first = {h: c.value for h, c in zip(header, leaders[2], strict=True)}
        top = d.rollups()[0]
        assert first["id"] == "P001"
        assert first["new_headcount"] == top.new_headcount == 65
        assert isinstance(first["old_cost"], float)
        assert first["cost_change"] == top.cost_change
        for sheet in book.worksheets:
            assert sheet.freeze_panes == "A2"
            assert sheet["A1"].font.b
            assert (
                sheet.auto_filter.ref
                == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
            )
        assert leaders.max_row == len(d.rollups()) + 1

    def test_text_is_never_a_formula_and_controls_are_visible(self, tmp_path: Path) -> None:
        """A name like '=1+1' stays text; control characters show as visible codes."""
        current = Org([Position(id="1", name="Ana", title="CPO")])
        proposed = current.add(
            Position(id="2", name='=HYPERLINK("x")\x1b[31m', title="PM", manager="1")
        )
        book = read(diff(current, proposed).to_excel(tmp_path / "hostile.xlsx"))
        changes = book["changes"]
        names = [c.value for c in changes["C"]]
        assert names[1] == '=HYPERLINK("x")[U+001B][31m'
        assert changes["C2"].data_type == "s"

    def test_same_input_same_bytes(self, example: Org, tmp_path: Path) -> None:
        """The same diff gives a byte-identical workbook."""
        d = diff(example, delayer(example, "P006"))
        a, b = d.to_excel(tmp_path / "a.xlsx"), d.to_excel(tmp_path / "b.xlsx")
        assert a.read_bytes() == b.read_bytes()


class TestComparisonAndTimeline:
    def test_a_comparison_workbook(self, example: Org, tmp_path: Path) -> None:
        """Metrics and findings, then each scenario's leaders and changes."""
        c = orgshape.compare(
            example,
            {
                "delayer": delayer(example, "P006"),
                "merge": merge(example, "P006", into="P005", remove_manager=True),
            },
        )
        book = read(c.to_excel(tmp_path / "compare.xlsx"))
        assert book.sheetnames == [
            "metrics", "findings", "delayer leaders", "merge leaders",
            "delayer changes", "merge changes",
        ]  # fmt: skip
        metrics = book["metrics"]
        assert [c.value for c in metrics[1]][:5] == [
            "metric",
            "band",
            "current",
            "delayer",
            "merge",
        ]
        assert [c.value for c in metrics[2]][:5] == ["positions", None, 66, 65, 65]

    def test_a_plan_workbook(self, example: Org, tmp_path: Path) -> None:
        """One workbook: the timeline (dates as dates), each wave's changes, the whole."""
        t = load_plan_text(PLAN_YAML).timeline(example)
        book = read(t.to_excel(tmp_path / "plan.xlsx"))
        assert book.sheetnames[:3] == ["timeline", "wave 1 changes", "wave 2 changes"]
        assert "leaders by function" in book.sheetnames
        timeline = book["timeline"]
        header = [c.value for c in timeline[1]]
        rows = [
            dict(zip(header, (c.value for c in r), strict=True))
            for r in timeline.iter_rows(min_row=2)
        ]
        assert [r["positions"] for r in rows] == [66, 67, 67]
        assert rows[0]["effective"] is None
        assert rows[2]["effective"] == datetime.datetime(2027, 4, 1)
        assert timeline["C4"].number_format == "mm-dd-yy"

    def test_long_and_clashing_sheet_names(self, example: Org, tmp_path: Path) -> None:
        """Scenario names become valid, unique sheet names (31 characters, no []:*?/\\)."""
        name = "Platform split: the long version / v2"
        c = orgshape.compare(example, {name: delayer(example, "P006"), name + "!": example})
        book = read(c.to_excel(tmp_path / "names.xlsx"))
        assert all(len(n) <= 31 for n in book.sheetnames)
        assert len(set(book.sheetnames)) == len(book.sheetnames)
        assert book.sheetnames[2] == "Platform split- the long versio"


class TestSheets:
    def test_a_sheet_from_records(self) -> None:
        """Sheet.of takes dict records: missing keys are empty, lists are joined."""
        sheet = Sheet.of("x", ["a", "b"], [{"a": 1, "b": ["P1", None]}, {"a": 2}])
        assert sheet.rows == ((1, "P1; -"), (2, None))

    def test_rows_must_fit_the_headers(self, tmp_path: Path) -> None:
        """A row with another number of cells, or no sheet at all, is refused."""
        from orgshape._diff._workbook import write_workbook  # noqa: PLC0415

        with pytest.raises(ValueError, match="2 cells for 1 columns"):
            write_workbook(tmp_path / "x.xlsx", [Sheet(name="x", headers=["a"], rows=[(1, 2)])])
        with pytest.raises(ValueError, match="at least one sheet"):
            write_workbook(tmp_path / "x.xlsx", [])

    def test_every_kind_of_cell(self, tmp_path: Path) -> None:
        """Text, whole numbers, decimals, true/false, dates and empty cells round-trip."""
        from orgshape._diff._workbook import write_workbook  # noqa: PLC0415

        cells = ("text", 7, 2.5, True, datetime.date(2027, 3, 31), None)
        path = write_workbook(
            tmp_path / "cells.xlsx", [Sheet(name="s", headers=list("abcdef"), rows=[cells])]
        )
        got = tuple(c.value for c in read(path)["s"][2])
        assert got == ("text", 7, 2.5, True, datetime.datetime(2027, 3, 31), None)
