"""Excel workbooks in and out, through the public API.

Inputs are made as a user's spreadsheet program would make them: with openpyxl (an
independent writer), or as raw sheet XML where a feature needs what openpyxl cannot
write (a formula with its saved value, an error cell). Outputs are read back with
openpyxl, and with ``orgshape.read``.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orgshape
from orgshape import DataError, InputError, Org, Position, ProblemCode, read, write
from orgshape.cli import main
from tests.io.test_write import orgs

REAL = Path(__file__).resolve().parents[1] / "data" / "real"


def workbook(path: Path, *sheets: tuple[str, list[list[Any]]], hidden: str | None = None) -> Path:
    """A workbook of sheets (name, rows from A1) written by openpyxl."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        if name == hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def raw_workbook(path: Path, cells: str) -> Path:
    """A one-sheet workbook whose sheet XML holds ``cells`` (``<row>`` elements) as given."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
            '<sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{ns}"><sheetData>{cells}</sheetData></worksheet>'
        ),
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


HEADER = '<row r="1">' + text("A1", "id") + text("B1", "name") + text("C1", "manager_id") + "</row>"


def codes(org: Org) -> list[str]:
    return [p.code.value for p in org.problems]


class TestReadSheets:
    def test_title_rows_and_sheet_rows(self, tmp_path: Path) -> None:
        """The header is found below title rows; problems name the sheet's own rows."""
        path = workbook(
            tmp_path / "org.xlsx",
            (
                "People",
                [
                    ["Org export", None, None],
                    ["as of 2024-01-01"],
                    [],
                    ["Employee ID", "Name", "Manager ID"],
                    ["1", "Ana", None],
                    ["2", "Bo", "1"],
                    ["3", "Cy", "9"],
                ],
            ),
        )
        org = read(path, strict=False)
        assert [p.id for p in org] == ["1", "2", "3"]
        assert list(org.view.rows or ()) == [5, 6, 7]
        assert [(p.code.value, p.row) for p in org.problems] == [("UNKNOWN_MANAGER", 7)]
        assert "header on row 4" in str(orgshape.detect_mapping(path))

    def test_leading_empty_columns(self, tmp_path: Path) -> None:
        """A table that starts in column C reads the same as one in column A."""
        path = workbook(
            tmp_path / "org.xlsx",
            ("S", [[None, None, "id", "name", "manager_id"], [None, None, "1", "Ana", None]]),
        )
        org = read(path)
        assert org.root.name == "Ana"
        assert org.extra_columns == ()
        assert dict(orgshape.detect_mapping(path).columns) == {
            "id": "id",
            "name": "name",
            "manager": "manager_id",
        }

    @pytest.mark.parametrize("sheet", ["Org", "org", 1, "1"])
    def test_sheet_by_name_or_index(self, tmp_path: Path, sheet: str | int) -> None:
        """sheet= takes a name (any case) or a 0-based index (also as text, for the CLI)."""
        path = workbook(
            tmp_path / "two.xlsx",
            ("Notes", [["nothing here"]]),
            ("Org", [["id", "name", "manager_id"], ["1", "Ana", None]]),
        )
        assert read(path, sheet=sheet).root.name == "Ana"

    def test_first_visible_sheet_by_default(self, tmp_path: Path) -> None:
        """Without sheet=, the first visible sheet is read (a hidden one is skipped)."""
        path = workbook(
            tmp_path / "hidden.xlsx",
            ("Lookup", [["id", "name", "manager_id"], ["9", "Hidden", None]]),
            ("Org", [["id", "name", "manager_id"], ["1", "Ana", None]]),
            hidden="Lookup",
        )
        assert read(path).root.name == "Ana"
        assert read(path, sheet="Lookup").root.name == "Hidden"

    def test_unknown_sheet_lists_the_sheets(self, tmp_path: Path) -> None:
        """A sheet that is not there: the error lists every sheet with its index."""
        path = workbook(tmp_path / "one.xlsx", ("Org", [["id", "manager_id"], ["1", None]]))
        with pytest.raises(InputError, match=r"no sheet 'People' \(sheets, from 0: 0 'Org'\)"):
            read(path, sheet="People")
        with pytest.raises(InputError, match="no sheet 3"):
            read(path, sheet=3)

    def test_sheet_is_for_workbooks(self) -> None:
        """sheet= on a CSV file says it is for Excel workbooks."""
        with pytest.raises(InputError, match="Excel"):
            read(io.StringIO("id,manager_id\n1,\n"), format="csv", sheet=0)

    def test_corpus_workbook_second_sheet(self) -> None:
        """The corpus workbook's second sheet is a lookup table, not an org: it says so."""
        with pytest.raises(DataError, match="no id column"):
            read(REAL / "excel_hr_titled.xlsx", sheet="Departments")

    def test_empty_sheet(self, tmp_path: Path) -> None:
        """An empty sheet, or a header without people, is EMPTY_INPUT."""
        path = workbook(tmp_path / "e.xlsx", ("Org", []), ("Head", [["id", "manager_id"]]))
        for sheet in (0, 1):
            with pytest.raises(DataError) as caught:
                read(path, sheet=sheet)
            assert caught.value.problems[0].code == ProblemCode.EMPTY_INPUT


class TestReadCells:
    def test_ids_typed_and_text(self, tmp_path: Path) -> None:
        """Text 007 stays 007; a number cell 7 (7.0 inside the file) is '7'."""
        path = workbook(
            tmp_path / "ids.xlsx",
            (
                "Org",
                [
                    ["id", "name", "manager_id"],
                    ["007", "Ana", None],
                    [7, "Bo", "007"],
                    [8.0, "Cy", 7],
                ],
            ),
        )
        org = read(path)
        assert [p.id for p in org] == ["007", "7", "8"]
        assert [p.manager for p in org] == [None, "007", "7"]

    def test_numbers_dates_and_flags(self, tmp_path: Path) -> None:
        """Typed cells convert without a change: numbers, percentages, dates, booleans."""
        rows: list[list[Any]] = [
            ["id", "manager_id", "cost", "years_experience", "assistant", "Commission", "Hired"],
            ["1", None, 288000, 10.5, False, 0.4, datetime.date(2013, 6, 17)],
            ["2", "1", 95000.5, 3, True, None, datetime.datetime(2020, 1, 2, 9, 30)],
        ]
        org = read(workbook(tmp_path / "n.xlsx", ("Org", rows)))
        assert [(p.cost, p.years_experience, p.assistant) for p in org] == [
            (288000.0, 10.5, False),
            (95000.5, 3.0, True),
        ]
        assert org["1"].extra == {"Commission": 0.4, "Hired": "2013-06-17"}
        assert org["2"].extra == {"Commission": "", "Hired": "2020-01-02 09:30:00"}
        assert org.problems == ()

    def test_saved_formula_values_are_read(self, tmp_path: Path) -> None:
        """A formula with its saved result reads as that result, and the mapping says so."""
        cells = HEADER + (
            '<row r="2">' + text("A2", "1") + text("B2", "Ana") + "</row>"
            '<row r="3"><c r="A3" t="str"><f>"2"</f><v>2</v></c>'
            '<c r="B3" t="str"><f>UPPER("bo")</f><v>BO</v></c>'
            '<c r="C3"><f>1*1</f><v>1</v></c></row>'
        )
        path = raw_workbook(tmp_path / "f.xlsx", cells)
        org = read(path)
        assert [(p.id, p.name, p.manager) for p in org] == [("1", "Ana", None), ("2", "BO", "1")]
        assert "3 formula cells read as the value Excel saved" in str(orgshape.detect_mapping(path))

    def test_formula_without_a_saved_value_is_reported(self, tmp_path: Path) -> None:
        """A formula saved without its result is BAD_VALUE naming the cell: never evaluated."""
        cells = HEADER + (
            '<row r="2">' + text("A2", "1") + text("B2", "Ana") + "</row>"
            '<row r="3">'
            + text("A3", "2")
            + '<c r="B3"><f>CONCAT("B","o")</f><v></v></c>'
            + text("C3", "1")
            + "</row>"
        )
        path = raw_workbook(tmp_path / "f.xlsx", cells)
        with pytest.raises(DataError) as caught:
            read(path)
        (problem,) = caught.value.problems
        assert (problem.code, problem.row) == (ProblemCode.BAD_VALUE, 3)
        assert 'cell B3 holds a formula =CONCAT("B","o") with no saved result' in problem.message
        org = read(path, strict=False)
        assert org["2"].name is None

    def test_error_cells_are_reported(self, tmp_path: Path) -> None:
        """An error value (#N/A) is BAD_VALUE, not an empty name or a silent gap."""
        cells = HEADER + (
            '<row r="2">'
            + text("A2", "1")
            + '<c r="B2" t="e"><f>VLOOKUP(A2,X,2)</f><v>#N/A</v></c>'
            "</row>"
        )
        org = read(raw_workbook(tmp_path / "e.xlsx", cells), strict=False)
        assert codes(org) == ["BAD_VALUE"]
        assert "cell B2 holds the error #N/A" in org.problems[0].message

    def test_formulas_above_the_header_are_not_data(self, tmp_path: Path) -> None:
        """A title row's formula (=TODAY()) without a value is not a data problem."""
        cells = (
            '<row r="1"><c r="A1"><f>TODAY()</f></c></row>'
            + '<row r="2">'
            + text("A2", "id")
            + text("B2", "name")
            + text("C2", "manager_id")
            + '</row><row r="3">'
            + text("A3", "1")
            + text("B3", "Ana")
            + "</row>"
        )
        org = read(raw_workbook(tmp_path / "t.xlsx", cells))
        assert org.root.name == "Ana"
        assert list(org.view.rows or ()) == [3]


class TestReadSources:
    def test_binary_stream(self) -> None:
        """An open binary file reads with format='xlsx' or a .xlsx name."""
        data = (REAL / "excel_hr_titled.xlsx").read_bytes()
        assert len(read(io.BytesIO(data), format="xlsx")) == 107
        with (REAL / "excel_hr_titled.xlsx").open("rb") as stream:
            assert len(read(stream)) == 107

    def test_text_stream(self) -> None:
        """A workbook opened in text mode: the error says to open it in binary mode."""
        with (
            (REAL / "excel_hr_titled.xlsx").open(encoding="latin-1") as stream,
            pytest.raises(InputError, match="binary mode"),
        ):
            read(stream)

    def test_not_a_workbook(self, tmp_path: Path) -> None:
        """A .xlsx that is not a zip (an old .xls renamed) is an InputError."""
        path = tmp_path / "old.xlsx"
        path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
        with pytest.raises(InputError, match="not an Excel workbook"):
            read(path)

    def test_size_cap(self) -> None:
        """max_bytes caps a workbook like any file."""
        with pytest.raises(DataError) as caught:
            read(REAL / "excel_hr_titled.xlsx", max_bytes=1000)
        assert caught.value.problems[0].code == ProblemCode.INPUT_TOO_LARGE

    @pytest.mark.parametrize(
        ("cap", "keyword"), [({"max_rows": 50}, "max_rows"), ({"max_columns": 5}, "max_columns")]
    )
    def test_rows_and_columns_caps(self, cap: dict[str, Any], keyword: str) -> None:
        """A sheet over the rows or columns cap is refused before its cells are read."""
        with pytest.raises(DataError, match=keyword) as caught:
            read(REAL / "excel_hr_titled.xlsx", **cap)
        assert caught.value.problems[0].code == ProblemCode.INPUT_TOO_LARGE
        assert len(read(REAL / "excel_hr_titled.xlsx", max_rows=107, max_columns=11)) == 107

    def test_zip_bomb(self, tmp_path: Path) -> None:
        """A small file that unpacks past the cap is refused before it is unpacked."""
        cells = HEADER + '<row r="2">' + text("A2", "1" + " " * 3_000_000) + "</row>"
        path = raw_workbook(tmp_path / "bomb.xlsx", cells)
        assert path.stat().st_size < 1_000_000
        with pytest.raises(DataError) as caught:
            read(path, max_bytes=1_000_000)
        assert caught.value.problems[0].code == ProblemCode.INPUT_TOO_LARGE


@pytest.fixture(scope="module")
def example() -> Org:
    return orgshape.example(strict=False)


class TestWrite:
    def test_header_typed_cells_frozen_and_filtered(self, example: Org, tmp_path: Path) -> None:
        """One 'org' sheet: bold frozen header, autofilter, text ids, numbers as numbers."""
        path = tmp_path / "org.xlsx"
        write(example, path)
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["org"]
        sheet = book["org"]
        header = [c.value for c in sheet[1]]
        assert header[:5] == ["id", "name", "title", "level", "manager_id"]
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.b
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}67"
        first = dict(zip(header, (c.value for c in sheet[2]), strict=True))
        assert first["id"] == "P001"
        assert sheet["A2"].data_type == "s"
        assert isinstance(first["cost"], int | float)
        assert first["cost"] == example["P001"].cost

    def test_round_trip(self, example: Org, tmp_path: Path) -> None:
        """read(write(org)) == org through a workbook, as through every other format."""
        path = tmp_path / "org.xlsx"
        write(example, path)
        assert read(path, strict=False) == example

    @pytest.mark.parametrize(
        "name", ["excel_us.csv", "oracle_hr_employees.csv", "workday_suborg_yang.csv"]
    )
    def test_corpus_round_trip(self, name: str, tmp_path: Path) -> None:
        """Real exports written as a workbook read back equal (extra columns and order kept)."""
        org = read(REAL / name, strict=False)
        write(org, tmp_path / "out.xlsx")
        assert read(tmp_path / "out.xlsx", strict=False) == org

    def test_formula_text_stays_text(self, tmp_path: Path) -> None:
        """Text starting with = + - @ is a text cell with Excel's quote prefix; it reads back."""
        org = Org(
            [
                Position(id="1", name='=HYPERLINK("http://x")', title="CPO"),
                Position(id="2", name="@SUM(A1)", title="+1", manager="1"),
                Position(id="3", name="-2", title="PM", manager="1"),
            ]
        )
        path = tmp_path / "hostile.xlsx"
        write(org, path)
        sheet = openpyxl.load_workbook(path)["org"]
        for ref in ("B2", "B3", "C3", "B4"):
            assert sheet[ref].data_type == "s", ref
            assert sheet[ref].quotePrefix, ref
        assert not sheet["C2"].quotePrefix
        with zipfile.ZipFile(path) as archive:
            assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
        assert read(path) == org

    def test_control_characters_and_escapes_kept(self, tmp_path: Path) -> None:
        """Text XML cannot hold is escaped losslessly; a literal _x0041_ stays as typed."""
        org = Org([Position(id="1", name="Ana\x1b[31m _x0041_", title="line\nbreak")])
        write(org, tmp_path / "c.xlsx")
        assert read(tmp_path / "c.xlsx") == org

    def test_dates_are_dates(self, tmp_path: Path) -> None:
        """ISO dates in extra columns are written as date cells and read back as the same text."""
        org = read(io.StringIO("id,manager_id,Hired\n1,,2013-06-17\n2,1,soon\n"), format="csv")
        write(org, tmp_path / "d.xlsx")
        sheet = openpyxl.load_workbook(tmp_path / "d.xlsx")["org"]
        hired = [c.value for c in sheet[1]].index("Hired") + 1
        assert sheet.cell(2, hired).value == datetime.datetime(2013, 6, 17)
        assert sheet.cell(2, hired).is_date
        assert sheet.cell(3, hired).value == "soon"
        assert read(tmp_path / "d.xlsx") == org

    def test_findings_and_metrics_sheets(self, example: Org, tmp_path: Path) -> None:
        """findings= and metrics= add their sheets after the org."""
        report, measured = orgshape.validate(example), orgshape.metrics(example)
        path = tmp_path / "all.xlsx"
        write(example, path, findings=report, metrics=measured)
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == [
            "org",
            "findings",
            "summary",
            "managers",
            "layers",
            "levels",
            "span bands",
        ]
        findings = book["findings"]
        assert [c.value for c in findings[1]][:4] == ["severity", "code", "name", "id"]
        assert findings.max_row == len(report) + 1
        assert book["managers"].max_row == len(measured.managers) + 1
        assert book["summary"]["A2"].value == len(example)

    def test_sheets_are_excel_only(self, example: Org) -> None:
        """findings= for a CSV file, or nested=True for a workbook, is an InputError."""
        with pytest.raises(InputError, match="findings= and metrics="):
            write(example, io.StringIO(), format="csv", findings=orgshape.validate(example))
        with pytest.raises(InputError, match="flat"):
            write(example, io.BytesIO(), format="xlsx", nested=True)
        with pytest.raises(InputError, match="binary mode"):
            write(example, io.StringIO(), format="xlsx")
        with pytest.raises(InputError, match=r"orgshape.metrics\(org\)"):
            write(example, io.BytesIO(), format="xlsx", metrics=[1, 2])  # type: ignore[arg-type]

    def test_same_org_same_bytes(self, example: Org) -> None:
        """The same org gives the same bytes (fixed time stamps)."""
        first, second = io.BytesIO(), io.BytesIO()
        write(example, first, format="xlsx")
        write(example, second, format="xlsx")
        assert first.getvalue() == second.getvalue()


class TestCommandLine:
    def test_convert_and_check(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """convert writes a workbook; check reads it and writes its findings as one."""
        monkeypatch.chdir(tmp_path)
        assert main(["convert", str(REAL / "excel_us.csv"), "org.xlsx"]) == 0
        assert len(read(tmp_path / "org.xlsx")) == 107
        code = main(["check", "--isolated", "org.xlsx", "--format", "xlsx", "-o", "findings.xlsx"])
        assert code == 0
        book = openpyxl.load_workbook(tmp_path / "findings.xlsx")
        assert book.sheetnames == ["findings"]
        rows = list(book["findings"].iter_rows(min_row=2, values_only=True))
        report = orgshape.validate(read(tmp_path / "org.xlsx"))
        assert [r[1] for r in rows] == [f.code for f in report]
        assert {r[8] for r in rows} == {"org.xlsx"}
        capsys.readouterr()

    def test_check_xlsx_needs_a_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--format xlsx without -o is a usage error (a workbook is not terminal text)."""
        assert main(["check", "--isolated", str(REAL / "excel_us.csv"), "--format", "xlsx"]) == 2
        assert "-o findings.xlsx" in capsys.readouterr().err

    def test_sheet_flag(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--sheet picks the sheet; an unknown one is an error listing the sheets."""
        path = str(REAL / "excel_hr_titled.xlsx")
        assert main(["convert", path, "--sheet", "Employees", "--show-mapping"]) == 0
        assert "header on row 4" in capsys.readouterr().out
        assert main(["convert", path, "--sheet", "Nope", "--show-mapping"]) == 2
        assert "0 'Employees', 1 'Departments'" in capsys.readouterr().err


class TestRoundTripProperty:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def test_flat(self, data: st.DataObject) -> None:
        """read(write(org)) == org through a workbook, for the orgs a CSV file round-trips."""
        org = data.draw(orgs(fmt="csv"))
        book = io.BytesIO()
        write(org, book, format="xlsx")
        assert read(io.BytesIO(book.getvalue()), format="xlsx") == org


_SMALL = io.BytesIO()
write(Org([Position(id="1", name="Ana", title="CPO")]), _SMALL, format="xlsx")


class TestDamagedWorkbooks:
    @settings(max_examples=60, deadline=None)
    @given(
        edits=st.lists(
            st.tuples(st.integers(0, len(_SMALL.getvalue()) - 1), st.integers(0, 255)),
            min_size=1,
            max_size=12,
        ),
        cut=st.none() | st.integers(0, len(_SMALL.getvalue())),
    )
    def test_only_orgshape_errors(self, edits: list[tuple[int, int]], cut: int | None) -> None:
        """A damaged workbook (bytes changed, cut short) loads or raises InputError/DataError."""
        data = bytearray(_SMALL.getvalue())
        for at, value in edits:
            data[at] = value
        with contextlib.suppress(InputError, DataError):
            read(io.BytesIO(bytes(data[:cut])), format="xlsx", strict=False)
