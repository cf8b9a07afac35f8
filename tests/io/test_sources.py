"""Tests for orgshape.io._sources: one reader per kind of source, and their limits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import orgshape
from orgshape import (
    InputError,
    ProblemCode,
    read,
)
from tests.io.helpers import BASIC, EXPECTED, problem_of, shape


class TestSources:
    def test_csv_path(self, tmp_path: Path) -> None:
        """A .csv path is read as CSV, with its name as the source."""
        path = tmp_path / "org.csv"
        path.write_text(BASIC, encoding="utf-8")
        org = read(path)
        assert shape(org) == EXPECTED
        assert [p.level for p in org] == ["CPO", "VP", "PM"]
        assert org.source == str(path)
        assert read(str(path)) == org

    def test_text_and_binary_streams(self, tmp_path: Path) -> None:
        """Open files in text or binary mode; the suffix of their name gives the format."""
        path = tmp_path / "org.csv"
        path.write_text(BASIC, encoding="utf-8")
        with path.open(encoding="utf-8") as text:
            assert shape(read(text)) == EXPECTED
        with path.open("rb") as binary:
            assert shape(read(binary)) == EXPECTED
        assert shape(read(io.BytesIO(BASIC.encode()), format="csv")) == EXPECTED

    def test_format_errors(self, tmp_path: Path) -> None:
        """Unknown suffixes and formats, missing files, folders and odd objects."""
        with pytest.raises(InputError, match="pass format="):
            read(tmp_path / "org.xls")
        with pytest.raises(InputError, match="no suffix"):
            read(io.StringIO(BASIC))
        with pytest.raises(InputError, match="unknown format 'xml'"):
            read(tmp_path / "org.csv", format="xml")
        with pytest.raises(InputError, match="no such file"):
            read(tmp_path / "missing.csv")
        folder = tmp_path / "folder.csv"
        folder.mkdir()
        with pytest.raises(InputError, match="folder"):
            read(folder)
        with pytest.raises(InputError, match="cannot read an org from int"):
            read(42)
        with pytest.raises(InputError):
            read("bad\x00name.csv")

    def test_stream_of_wrong_type(self) -> None:
        """A stream that gives neither text nor bytes is refused."""

        class Odd:
            name = "x.csv"

            def read(self, size: int = -1) -> int:
                return 3

        with pytest.raises(InputError, match="not text or bytes"):
            read(Odd())

    def test_example(self) -> None:
        """The bundled example loads cleanly."""
        org = orgshape.example()
        assert len(org) == 66
        assert org.problems == ()
        assert org["007"].title == "Head of Product, Platform"


class TestLimits:
    @pytest.mark.parametrize(
        ("text", "fmt"),
        [
            ("", "csv"),
            ("\n\n  \n", "csv"),
            ("id,name,manager_id\n", "csv"),
            ("id,name,manager_id\n\n,,\n", "csv"),
            ("[]", "json"),
            ("{}", "json"),
            ("null", "json"),
            ('{"people": []}', "json"),
            ("", "yaml"),
            ("[]", "yaml"),
        ],
    )
    def test_empty_input(self, text: str, fmt: str) -> None:
        """Empty files, header-only files and empty lists are EMPTY_INPUT."""
        problem = problem_of(lambda: read(io.StringIO(text), format=fmt, strict=False))
        assert problem.code == ProblemCode.EMPTY_INPUT

    def test_empty_file_on_disk(self, tmp_path: Path) -> None:
        """A zero-byte file is EMPTY_INPUT."""
        path = tmp_path / "org.csv"
        path.write_bytes(b"")
        assert problem_of(lambda: read(path)).code == ProblemCode.EMPTY_INPUT
