"""Tests for orgshape.io._sources: one reader per kind of source, and their limits."""

from __future__ import annotations

import io
import os
import threading
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


def _chain_csv(n: int) -> str:
    return "id,manager_id\n1,\n" + "".join(f"{k},1\n" for k in range(2, n + 1))


class TestCaps:
    def test_rows_over_the_cap(self) -> None:
        """More rows than max_rows is INPUT_TOO_LARGE naming the cap, for every reader."""
        for source, kwargs in [
            (io.StringIO(_chain_csv(30)), {"format": "csv"}),
            ([{"id": str(k), "manager_id": "1" if k > 1 else None} for k in range(1, 31)], {}),
        ]:
            problem = problem_of(lambda s=source, k=kwargs: read(s, max_rows=10, **k))
            assert problem.code == ProblemCode.INPUT_TOO_LARGE
            assert "max_rows=" in problem.message
        assert len(read(io.StringIO(_chain_csv(30)), format="csv", max_rows=30)) == 30

    def test_columns_over_the_cap(self) -> None:
        """A header of a million columns is refused at once (max_columns=, default 10,000)."""
        header = ",".join(f"c{k}" for k in range(1_000_000))
        problem = problem_of(lambda: read(io.StringIO(header + "\n1\n"), format="csv"))
        assert problem.code == ProblemCode.INPUT_TOO_LARGE
        assert "1,000,000 columns, over the cap of 10,000 (raise it with max_columns=)" in (
            problem.message
        )
        ragged = "id,manager_id\n1,\n2,1" + ",x" * 50 + "\n"
        problem = problem_of(lambda: read(io.StringIO(ragged), format="csv", max_columns=20))
        assert "max_columns=" in problem.message
        wide = [{"id": "1", "manager_id": None, **{f"c{k}": "x" for k in range(30)}}]
        assert "max_columns=" in problem_of(lambda: read(wide, max_columns=20)).message

    def test_a_cell_over_the_cap(self) -> None:
        """A CSV cell longer than MAX_CELL is INPUT_TOO_LARGE on its row, not 'not valid CSV'."""
        text = "id,manager_id,notes\n1,,ok\n2,1," + "a" * 200_000 + "\n"
        problem = problem_of(lambda: read(io.StringIO(text), format="csv"))
        assert problem.code == ProblemCode.INPUT_TOO_LARGE
        assert "131,072 characters" in problem.message

    def test_memory_error_is_input_too_large(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Running out of memory while reading is INPUT_TOO_LARGE, not a bare MemoryError."""
        import orgshape.io._build as build  # noqa: PLC0415

        def exhausted(*args: object, **kwargs: object) -> None:
            raise MemoryError

        monkeypatch.setattr(build, "build_org", exhausted)
        problem = problem_of(lambda: read(io.StringIO(BASIC), format="csv"))
        assert problem.code == ProblemCode.INPUT_TOO_LARGE
        assert "max_bytes=" in problem.message

    def test_the_default_size_cap_fits_the_machine(self) -> None:
        """The default size cap is at most 1 GiB and at most a tenth of the memory."""
        import os  # noqa: PLC0415

        from orgshape.io._text import DEFAULT_MAX_BYTES  # noqa: PLC0415

        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        assert 64 << 20 <= DEFAULT_MAX_BYTES <= max(64 << 20, min(1 << 30, memory // 10))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
class TestSpecialFiles:
    def test_dev_zero_stops_at_the_cap(self) -> None:
        """/dev/zero (size 0 on disk, endless) is INPUT_TOO_LARGE at max_bytes."""
        problem = problem_of(lambda: read("/dev/zero", format="csv", max_bytes=10_000))
        assert problem.code == ProblemCode.INPUT_TOO_LARGE
        assert "more than 10,000 bytes" in problem.message

    def test_a_pipe_with_no_writer_does_not_hang(self, tmp_path: Path) -> None:
        """A named pipe called x.csv with nobody writing reads as empty at once."""
        path = tmp_path / "x.csv"
        os.mkfifo(path)
        assert problem_of(lambda: read(path)).code == ProblemCode.EMPTY_INPUT

    def test_a_pipe_with_a_writer_is_read(self, tmp_path: Path) -> None:
        """A named pipe someone writes to (as `<(cat org.csv)` makes) is read."""
        path = tmp_path / "x.csv"
        os.mkfifo(path)
        writer = threading.Thread(target=lambda: path.write_text(BASIC, encoding="utf-8"))
        writer.start()
        try:
            while not writer.is_alive():  # (the writer blocks in open until a reader comes)
                pass
            fd = os.open(path, os.O_RDONLY)  # wait for the writer, as a shell's pipe has one
            try:
                org = read(f"/dev/fd/{fd}", format="csv")
            finally:
                os.close(fd)
        finally:
            writer.join()
        assert shape(org) == EXPECTED
