"""Tests for orgshape.io._text: encodings and the size cap."""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import pytest

from orgshape import (
    InputError,
    ProblemCode,
    read,
)
from tests.io.helpers import BASIC, problem_of


class TestEncodings:
    @pytest.mark.parametrize(
        ("encoding", "bom"),
        [
            ("utf-8", codecs.BOM_UTF8),
            ("utf-16-le", codecs.BOM_UTF16_LE),
            ("utf-16-be", codecs.BOM_UTF16_BE),
            ("utf-16-le", b""),
            ("utf-16-be", b""),
        ],
    )
    def test_bom_and_utf16(self, tmp_path: Path, encoding: str, bom: bytes) -> None:
        """UTF-8 BOM and UTF-16 (either byte order, with or without BOM) read the same."""
        text = "id,name,title,manager_id\n1,Zoë Müller,CPO,\n2,José,PM,1\n"
        data = bom + text.encode(encoding)
        path = tmp_path / "org.csv"
        path.write_bytes(data)
        for org in (read(path), read(io.BytesIO(data), format="csv")):
            assert org.extra_columns == ()
            assert [p.name for p in org] == ["Zoë Müller", "José"]
        json_data = bom + json.dumps([{"id": "1", "manager": None}]).encode(encoding)
        assert len(read(io.BytesIO(json_data), format="json")) == 1

    def test_cp1252(self, tmp_path: Path) -> None:
        """cp1252 needs encoding=; without it the error says so."""
        data = "id,name,manager_id\n1,Zoë,\n2,José,1\n".encode("cp1252")
        path = tmp_path / "org.csv"
        path.write_bytes(data)
        with pytest.raises(InputError, match="encoding='cp1252'"):
            read(path)
        with pytest.raises(InputError, match="encoding='cp1252'"):
            read(io.BytesIO(data), format="csv")
        assert [p.name for p in read(path, encoding="cp1252")] == ["Zoë", "José"]
        assert [p.name for p in read(io.BytesIO(data), format="csv", encoding="cp1252")] == [
            "Zoë",
            "José",
        ]

    def test_unknown_and_wrong_encoding(self, tmp_path: Path) -> None:
        """An unknown encoding name, or bytes invalid in the given one, are InputErrors."""
        with pytest.raises(InputError, match="unknown encoding"):
            read(io.BytesIO(BASIC.encode()), format="csv", encoding="klingon")
        path = tmp_path / "org.csv"
        path.write_bytes(BASIC.encode())
        with pytest.raises(InputError, match="unknown encoding"):
            read(path, encoding="klingon")
        with pytest.raises(InputError, match="not valid ascii"):
            read(io.BytesIO("id,manager\nZoë,\n".encode()), format="csv", encoding="ascii")


class TestLimits:
    def test_size_cap(self, tmp_path: Path) -> None:
        """Inputs over max_bytes are INPUT_TOO_LARGE, for paths and streams."""
        path = tmp_path / "org.csv"
        path.write_text(BASIC)
        for call in (
            lambda: read(path, max_bytes=20),
            lambda: read(io.StringIO(BASIC), format="csv", max_bytes=20),
            lambda: read(io.StringIO("[]" * 20), format="json", max_bytes=20),
        ):
            problem = problem_of(call)
            assert problem.code == ProblemCode.INPUT_TOO_LARGE
            assert "max_bytes=" in problem.message
        assert len(read(path, max_bytes=len(BASIC))) == 3


class TestBadByteOffsets:
    def test_a_bad_byte_deep_in_a_file_is_reported_where_it_is(self, tmp_path: Path) -> None:
        """The offset is the byte's place in the file (421,815), not in a decoder chunk."""
        head = BASIC + "".join(f"{k},Person {k},PM,1\n" for k in range(4, 18_000))
        data = head.encode()
        assert len(data) < 421_815
        data += b"x" * (421_815 - len(data) - 3) + b"9,B\xffc,PM,1\n" + b"10,D,PM,1\n"
        assert data.index(b"\xff") == 421_815
        path = tmp_path / "org.csv"
        path.write_bytes(data)
        lines = data[:421_815].count(b"\n") + 1
        with pytest.raises(InputError, match=f"byte 421,815 \\(line {lines:,}\\)"):
            read(path)
        with pytest.raises(InputError, match="byte 421815 "):
            read(io.BytesIO(data), format="csv")
