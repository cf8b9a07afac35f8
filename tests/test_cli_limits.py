"""The command line on hostile input: out of memory and caps are clear errors, not bugs."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgshape.cli import main

BASIC = "id,name,title,manager_id\n1,Ana,CPO,\n2,Bo,VP of Product,1\n3,Cy,Head of Product,2\n"


@pytest.fixture
def org_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    Path("org.csv").write_text(BASIC, encoding="utf-8")
    return "org.csv"


def _exhausted(*args: object, **kwargs: object) -> None:
    raise MemoryError


class TestOutOfMemory:
    def test_reading_out_of_memory_names_the_cap(self, org_file, monkeypatch, capsys):
        """Memory running out while reading is INPUT_TOO_LARGE, not 'may be a bug'."""
        monkeypatch.setattr("orgshape.io._build.build_org", _exhausted)
        assert main(["check", "--isolated", org_file]) == 2
        err = capsys.readouterr().err
        assert "INPUT_TOO_LARGE" in err
        assert "max_bytes=" in err
        assert "bug" not in err

    def test_out_of_memory_elsewhere_is_no_bug_report(self, org_file, monkeypatch, capsys):
        """Memory running out after reading is one clear message (exit 2)."""
        monkeypatch.setattr("orgshape._cli._stats.metrics", _exhausted)
        assert main(["stats", "--isolated", org_file]) == 2
        err = capsys.readouterr().err
        assert "out of memory" in err
        assert "bug" not in err


class TestBlankRows:
    def test_a_dos_export_has_no_phantom_people(self, org_file, capsys):
        """Blank lines and a trailing Ctrl-Z add nobody: no MISSING_ID, no MULTIPLE_ROOTS."""
        Path(org_file).write_bytes(BASIC.replace("\n", "\r\n").encode() + b"   \r\n\x1a")
        main(["check", "--isolated", org_file])
        out = capsys.readouterr().out
        assert "MISSING_ID" not in out
        assert "MULTIPLE_ROOTS" not in out
