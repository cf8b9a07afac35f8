"""Every input the fuzzers saved keeps the readers' promises (tests/fuzz/regressions/).

A saved file whose bug is not fixed yet is listed in :data:`KNOWN` with the reason: its
test is an ``xfail(strict=True)``, so the fix makes it pass and the strict xfail fails
until the entry is removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.engine import REGRESSIONS
from tests.fuzz.oracle import FORMATS, BrokenPromiseError, check, format_of

#: Saved inputs that still break a promise: file name → what is wrong (for the io owner).
KNOWN: dict[str, str] = {}

SAVED = sorted(p for p in REGRESSIONS.iterdir() if p.suffix in FORMATS)


def _param(path: Path) -> object:
    marks = []
    if path.name in KNOWN:
        marks.append(
            pytest.mark.xfail(strict=True, raises=BrokenPromiseError, reason=KNOWN[path.name])
        )
    return pytest.param(path, id=path.name, marks=marks)


class TestRegressions:
    @pytest.mark.parametrize("path", [_param(p) for p in SAVED])
    def test_saved_input_keeps_the_promises(self, path):
        """Reading the saved input raises no foreign error, agrees both ways, keeps every row."""
        check(path.read_bytes(), format_of(path))

    def test_every_known_failure_has_its_file(self):
        """KNOWN names only files that exist (a fixed bug's file may stay as a regression)."""
        assert set(KNOWN) <= {p.name for p in SAVED}

    def test_the_folder_holds_only_inputs(self):
        """Each file of the folder is an input the replay reads, or its README."""
        names = {p.name for p in REGRESSIONS.iterdir()} - {"README.md"}
        assert names == {p.name for p in SAVED}
