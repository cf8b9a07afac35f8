"""Tests for orgshape.io._csv: delimiters, line endings and the formula guard."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from orgshape import (
    InputError,
    Org,
    Position,
    read,
)
from orgshape.io import detect_mapping
from tests.io.helpers import BASIC, EXPECTED, csv_org, dumped, problem_of, shape


class TestDelimiters:
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


class TestFormulaGuard:
    CELLS = ("=SUM(A1)", "+44 20", "-5", "@cmd", "'=quoted", "''", "\tx", "'", "'x", "a=b")

    def test_written_guarded_and_read_back(self) -> None:
        """Cells a spreadsheet would run get a ' prefix; reading gives the exact text back.

        (Names lose outer whitespace when read, so the name of the tab cell is ``x``;
        its extra cell keeps the tab.)
        """
        positions = [Position(id="R", name="Root", extra={"=note": ""})] + [
            Position(id=f"p{k}", name=cell.strip(), manager="R", extra={"=note": cell})
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


class TestBlankRows:
    @pytest.mark.parametrize(
        "tail",
        ["   \n", "\t\n", " , , \n", "\x1a", "\x1a\r\n", "\r\n\x1a", "\n\n\x1a\n\n"],
        ids=[
            "spaces",
            "tab",
            "cells-of-spaces",
            "ctrl-z",
            "ctrl-z-crlf",
            "crlf-ctrl-z",
            "ctrl-z-blanks",
        ],
    )
    def test_blank_and_dos_end_lines_are_no_people(self, tmp_path: Path, tail: str) -> None:
        """White-space rows and a trailing Ctrl-Z are skipped: no phantom person or open role."""
        path = tmp_path / "org.csv"
        path.write_bytes((BASIC + tail).encode())
        for source in (path, io.BytesIO(path.read_bytes())):
            org = read(source, format="csv")  # strict: no MISSING_ID, no MULTIPLE_ROOTS
            assert shape(org) == EXPECTED
            assert not org.problems

    def test_ctrl_z_ends_the_last_line(self) -> None:
        """A Ctrl-Z right after the last cell is the end-of-file mark, not part of the id."""
        org = csv_org(BASIC.rstrip("\n") + "\x1a")
        assert org["3"].manager == "2"

    def test_ctrl_z_inside_the_data_stays(self) -> None:
        """A Ctrl-Z that is not at the end is data (and reported where it matters)."""
        org = csv_org(BASIC + "4,D\x1aN,PM,2\n")
        assert org["4"].name == "D\x1aN"

    def test_skipped_rows_are_counted_in_the_mapping_notes(self) -> None:
        """The load summary (the mapping's notes) says how many blank rows were skipped."""
        text = BASIC.replace("\n2,", "\n  \n\t\n2,")
        notes = detect_mapping(io.StringIO(text), format="csv").notes
        assert "2 blank rows skipped (empty or only spaces): rows 3, 4" in notes
        assert [p.id for p in csv_org(text)] == ["1", "2", "3"]
        assert list(csv_org(text).view.rows or ()) == [2, 5, 6]


class TestForeignApostrophes:
    def test_a_foreign_leading_apostrophe_is_kept(self) -> None:
        """A file that does not guard every formula-like cell keeps its ``'`` verbatim."""
        org = csv_org("id,name,manager_id,phone\n1,Ana,,'+44 20 7946\n2,Bo,1,-5\n")
        assert org["1"].extra["phone"] == "'+44 20 7946"
        assert org["2"].extra["phone"] == "-5"
        assert read(io.StringIO(dumped(org, "csv")), format="csv") == org

    def test_a_guarded_file_is_unguarded_and_says_so(self) -> None:
        """A file guarding every such cell loses the guard, and the mapping notes say so."""
        text = "id,name,manager_id,phone\n1,Ana,,'+44 20\n2,Bo,1,'=1+1\n"
        assert [p.extra["phone"] for p in csv_org(text)] == ["+44 20", "=1+1"]
        notes = detect_mapping(io.StringIO(text), format="csv").notes
        assert any("a leading ' was removed from 2 cells" in note for note in notes)


class TestLookalikeIds:
    @pytest.mark.parametrize(
        ("ids", "shown"),
        [
            (("001", "O01"), "'001' and 'O01'"),
            (("José", "Jose\u0301"), "(the same text in other Unicode forms)"),
            (("P1", "Pl"), "'P1' and 'Pl'"),
        ],
    )
    def test_lookalike_ids_get_a_note(self, ids: tuple[str, str], shown: str) -> None:
        """Ids that differ but look alike stay apart, and the mapping's notes name them."""
        text = f"id,manager_id\n{ids[0]},\n{ids[1]},{ids[0]}\n"
        notes = detect_mapping(io.StringIO(text), format="csv").notes
        assert any(n.startswith("ids that look alike") and shown in n for n in notes)
        assert [p.id for p in csv_org(text)] == list(ids)

    def test_distinct_ids_get_no_note(self) -> None:
        """Ordinary ids (P1, P2, 007, 7) draw no look-alike note."""
        text = "id,manager_id\nP1,\nP2,P1\n007,P1\n7,P1\n"
        notes = detect_mapping(io.StringIO(text), format="csv").notes
        assert not any("look alike" in n for n in notes)


class TestCtrlZInData:
    def test_a_cell_ending_in_ctrl_z_before_the_last_line_break_is_kept(self) -> None:
        """Only a Ctrl-Z at the very end (or on a line of its own) is the DOS mark."""
        org = Org([Position(id="1", name="Ana"), Position(id="2", name="Bo\x1a", manager="1")])
        for fmt in ("csv", "json", "yaml"):
            assert read(io.StringIO(dumped(org, fmt)), format=fmt)["2"].name == "Bo\x1a"
