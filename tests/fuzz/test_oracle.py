"""The fuzzers' oracle and mutational engine catch what they are meant to catch."""

from __future__ import annotations

import functools
import io
import random
from typing import Any

import attrs
import pytest

import orgshape
from orgshape import InputError, Org
from tests.fuzz import engine
from tests.fuzz.oracle import BrokenPromiseError, check
from tests.fuzz.seeds import file_seeds, generated_seeds

GOOD_CSV = b"id,name,title,manager_id\n1,Ana,CPO,\n2,Bo,VP Product,1\n3,Cy,VP Product,1\n"
GOOD_JSON = b'[{"id": "1", "name": "Ana", "reports": [{"id": "2", "name": "Bo"}]}]'
GOOD_YAML = b"- id: '1'\n  name: Ana\n  reports:\n    - {id: '2', name: Bo}\n"


def dropping_last(source: Any, **options: Any) -> Org:
    """A broken reader: the real one, less the last person (a silent loss)."""
    org = orgshape.read(source, **options)
    return Org(list(org)[:-1], ladder=org.ladder, strict=False)


def raising_key_error(source: Any, **options: Any) -> Org:
    """A broken reader: a foreign exception."""
    raise KeyError("manager_id")


def strict_only_fails(source: Any, **options: Any) -> Org:
    """A broken reader: a strict read raises an input error where a lenient one loads."""
    if options.get("strict", True):
        raise InputError("refused")
    return orgshape.read(source, **options)


class TestCheck:
    @pytest.mark.parametrize(
        ("data", "fmt"), [(GOOD_CSV, "csv"), (GOOD_JSON, "json"), (GOOD_YAML, "yaml")]
    )
    def test_good_input_keeps_every_promise(self, data, fmt):
        """A well-formed file in each format passes, and its outcome names an org."""
        assert check(data, fmt).signature()[0] == "org"

    @pytest.mark.parametrize("data", [b"", b"\xff\xfe\x00", b"[", b"id\n"])
    def test_orgshape_errors_are_allowed(self, data):
        """Refusing an input with an OrgShapeError (both ways) keeps the promises."""
        assert check(data, "json").signature()[0] != "org"

    @pytest.mark.parametrize(
        ("data", "fmt"), [(GOOD_CSV, "csv"), (GOOD_JSON, "json"), (GOOD_YAML, "yaml")]
    )
    def test_a_lost_row_is_caught(self, data, fmt):
        """A reader that drops a person without a problem breaks the rows promise."""
        with pytest.raises(BrokenPromiseError) as caught:
            check(data, fmt, read=dropping_last)
        assert caught.value.kind == "rows-lost"

    def test_a_foreign_exception_is_caught(self):
        """Any exception but an OrgShapeError is a crash, named by its type."""
        with pytest.raises(BrokenPromiseError) as caught:
            check(GOOD_CSV, "csv", read=raising_key_error)
        assert caught.value.kind == "crash-KeyError"

    def test_strict_and_lenient_must_agree(self):
        """A strict read may only fail with a DataError where a lenient read loads."""
        with pytest.raises(BrokenPromiseError) as caught:
            check(GOOD_CSV, "csv", read=strict_only_fails)
        assert caught.value.kind == "strict-lenient"

    def test_a_file_that_does_not_read_back_is_caught(self, monkeypatch):
        """A writer whose file reads back as another org breaks the round-trip promise."""
        write = orgshape.write

        def renaming_write(org: Org, target: Any, **options: Any) -> None:
            write(org.replace(attrs.evolve(org.at(0), name="Someone else")), target, **options)

        monkeypatch.setattr(orgshape, "write", renaming_write)
        with pytest.raises(BrokenPromiseError) as caught:
            check(GOOD_CSV, "csv")
        assert caught.value.kind == "roundtrip-csv"
        assert "Someone else" in caught.value.detail
        check(GOOD_CSV, "csv", round_trip=False)

    def test_blank_rows_need_no_person(self):
        """Blank lines and rows of blank cells are not rows that must be accounted for."""
        data = GOOD_CSV + b"\n,,,\n\n"
        org = orgshape.read(io.BytesIO(data), format="csv")
        assert len(org) == 3
        check(data, "csv")


class TestEngine:
    def test_mutations_are_reproducible_and_bounded(self):
        """The same seed gives the same mutants, never longer than 8 KiB."""
        corpus = [GOOD_CSV, GOOD_JSON]
        first = [engine.mutate(GOOD_CSV * 40, random.Random(7), corpus) for _ in range(50)]
        again = [engine.mutate(GOOD_CSV * 40, random.Random(7), corpus) for _ in range(50)]
        assert first == again
        assert all(len(m) <= 8 * 1024 for m in first)

    def test_a_short_run_of_the_real_readers(self, tmp_path):
        """A seeded run finds no broken reading promise (round trips have known bugs)."""
        corpus = file_seeds()[:20] + generated_seeds(5, random_seed=1)
        stats = engine.run(
            corpus,
            rng=random.Random(1),
            keep_going=lambda n: n < 120,
            folder=tmp_path,
            checker=functools.partial(check, round_trip=False),
        )
        assert stats.inputs == 120
        assert stats.failures == {}
        assert not list(tmp_path.iterdir())

    def test_a_failure_is_shrunk_and_saved_once(self, tmp_path):
        """A broken reader's failure is saved, smallest first, one file per kind."""

        def broken(data: bytes, fmt: str) -> object:
            return check(data, fmt, read=dropping_last)

        stats = engine.run(
            [(GOOD_CSV, "csv")],
            rng=random.Random(3),
            keep_going=lambda n: n < 20,
            folder=tmp_path,
            checker=broken,
        )
        files = sorted(tmp_path.iterdir())
        kinds = {path.name.rsplit("-", 1)[0]: path for path in files}
        assert len(kinds) == len(files)  # one file per format and kind
        saved = kinds["csv-rows-lost"]
        assert saved.suffix == ".csv"
        assert len(saved.read_bytes()) < len(GOOD_CSV)
        assert stats.failures["csv rows-lost"] >= 1
        with pytest.raises(BrokenPromiseError):
            broken(saved.read_bytes(), "csv")
