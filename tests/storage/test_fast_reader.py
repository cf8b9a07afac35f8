"""The fast CSV reader (pyarrow) gives exactly the pure-Python reader's org, or steps aside."""

from __future__ import annotations

import contextlib
import logging
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import orgshape
from orgshape import _storage
from orgshape.io import _arrow_csv
from orgshape.strategies import messy_tables
from tests.storage.test_engines import results, structure

pytest.importorskip("pyarrow")
pytest.importorskip("numpy")


@contextlib.contextmanager
def fast(on: bool) -> Iterator[None]:
    """Inside the block, every CSV file is offered to pyarrow and every org is columnar
    (``on``), or neither."""
    saved = _arrow_csv.FAST_MIN_BYTES, _storage.COLUMNAR_MIN_POSITIONS
    big = 10**15
    _arrow_csv.FAST_MIN_BYTES = 0 if on else big  # type: ignore[misc]
    _storage.COLUMNAR_MIN_POSITIONS = 0 if on else big  # type: ignore[misc]
    try:
        yield
    finally:
        _arrow_csv.FAST_MIN_BYTES, _storage.COLUMNAR_MIN_POSITIONS = saved  # type: ignore[misc]


class _Taken(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def read_both(data: bytes, **options: Any) -> tuple[Any, Any, bool]:
    """Read the bytes as a CSV file with each reader: (pure Python, fast, fast was used).

    Either read may raise; then both must raise the same error.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "org.csv"
        path.write_bytes(data)
        outcomes: list[Any] = []
        taken = _Taken()
        logger = logging.getLogger("orgshape")
        level = logger.level
        logger.addHandler(taken)
        logger.setLevel(logging.DEBUG)
        try:
            for on in (False, True):
                with fast(on):
                    try:
                        outcomes.append(orgshape.read(path, strict=False, **options))
                    except orgshape.OrgShapeError as err:
                        outcomes.append(err)
        finally:
            logger.removeHandler(taken)
            logger.setLevel(level)
    used = any("read by pyarrow" in m for m in taken.messages)
    return outcomes[0], outcomes[1], used


def check_same(data: bytes, **options: Any) -> bool:
    """Both readers give the same org (or the same error); whether pyarrow read it."""
    a, b, used = read_both(data, **options)
    if isinstance(a, Exception) or isinstance(b, Exception):
        assert type(a) is type(b)
        assert str(a) == str(b)
        return used
    assert results(a) == results(b)
    assert structure(a.view) == structure(b.view)
    assert [p.row for p in a.problems] == [p.row for p in b.problems]
    assert a == b
    return used


HEADER = b"id,name,title,manager_id,cost\n"
PLAIN = (
    HEADER
    + b'1,Ana,CPO,,100\n2,"Bo, Jr.",VP Product,1,"1,000"\n3,,PM,2,\n4,"Al ""Al"" Smith",PM,2,5\n'
)


class TestSameTable:
    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(messy_tables(format="csv", max_size=30))
    def test_messy_csv_files(self, text):
        """Messy CSV files read the same with pyarrow as in pure Python (or step aside)."""
        check_same(text.encode("utf-8"))

    def test_a_plain_file_is_read_by_pyarrow(self):
        """Quoted commas, doubled quotes, empty cells: pyarrow reads it, the same."""
        assert check_same(PLAIN)

    def test_crlf_and_a_byte_order_mark(self):
        """Windows line endings and a UTF-8 BOM are read by pyarrow, the same."""
        assert check_same(b"\xef\xbb\xbf" + PLAIN.replace(b"\n", b"\r\n"))

    def test_many_blocks_of_repeated_and_distinct_cells(self):
        """A file of many read blocks, whose columns repeat in some blocks and not in others
        (cells are shared between blocks until a column turns out mostly distinct)."""
        lines = [HEADER, b"1,Ana,CPO,,100\n"]
        for k in range(2, 120_000):
            title = b"PM" if k < 60_000 else b"PM %d" % k  # repeated, then all distinct
            cost = b"%d" % (k % 7 * 1000) if k % 11 else b""
            lines.append(b"%d,Name %d,%s,%d,%s\n" % (k, k % 97, title, k // 4 or 1, cost))
        data = b"".join(lines)
        assert len(data) > 3 * _arrow_csv._BLOCK  # (several blocks)
        assert check_same(data)

    def test_ids_stay_strings(self):
        """``007`` stays ``007``; ``7.0`` stays text."""
        data = HEADER + b"007,Ana,CPO,,1\n7.0,Bo,VP Product,007,2\n"
        assert check_same(data)

    @pytest.mark.parametrize(
        ("why", "data", "options"),
        [
            ("blank line", PLAIN.replace(b"\n3,", b"\n\n3,"), {}),
            ("record of empty cells", PLAIN + b",,,,\n5,Cy,PM,2,1\n", {}),
            ("record of spaces", PLAIN + b" , ,\t, ,\n5,Cy,PM,2,1\n", {}),
            ("same: a first cell of spaces", PLAIN + b" ,Cy,PM,2,1\n", {}),
            ("DOS end-of-file mark", PLAIN + b"\x1a", {}),
            ("ragged row", PLAIN + b"5,Cy,PM\n6,Di,PM,2,1,extra\n", {}),
            ("quoted newline", PLAIN + b'5,"Cy\nDe",PM,2,1\n', {}),
            ("same: stray quote", PLAIN + b'5,Cy "the" De,PM,2,1\n', {}),
            ("same: text after a closing quote", PLAIN + b'5,"Cy"De,PM,2,1\n', {}),
            ("same: open quote", PLAIN + b'5,"Cy,PM,2,1\n6,Di,PM,2,1\n', {}),
            ("formula guard", PLAIN + b"5,'=Cy,PM,2,1\n", {}),
            ("sep line", b"sep=,\n" + PLAIN, {}),
            ("sep line in any case", b"Sep=,\n" + PLAIN, {}),
            ("comment line", b"# exported\n" + PLAIN, {}),
            ("semicolons", PLAIN.replace(b",", b";"), {}),
            ("bare carriage return", PLAIN.replace(b"\n3,", b"\r3,"), {}),
            ("utf-16", PLAIN.decode().encode("utf-16"), {}),
            ("cp1252 asked for", PLAIN + "5,Zoë,PM,2,1\n".encode("cp1252"), {"encoding": "cp1252"}),
            ("cp1252 not asked for", PLAIN + "5,Zoë,PM,2,1\n".encode("cp1252"), {}),
            ("quoted header", PLAIN.replace(b"id,name", b'"id","name"'), {}),
            ("header only", HEADER, {}),
            ("NUL byte", PLAIN + b"5,C\x00y,PM,2,1\n", {}),
        ],
    )
    def test_what_pyarrow_leaves_to_python(self, why, data, options):
        """Files the fast reader cannot match exactly are read in pure Python.

        (Odd quoting that pyarrow happens to split like the csv module is read by
        pyarrow: the quoted lines are checked one by one.)
        """
        used = check_same(data, **options)
        assert not used or why.startswith("same: "), why

    def test_a_cell_past_the_field_size_limit(self):
        """A cell the csv module refuses is refused the same way (pure Python reads it)."""
        data = HEADER + b"1,Ana,CPO,," + b"9" * 200_000 + b"\n"
        assert not check_same(data)

    @pytest.mark.parametrize("cap", [{"max_rows": 3}, {"max_columns": 4}])
    def test_caps_are_the_pure_python_readers(self, cap):
        """A file past max_rows or max_columns fails the same way (pure Python reports it)."""
        assert not check_same(PLAIN, **cap)

    def test_small_files_stay_pure_python(self, tmp_path):
        """Below FAST_MIN_BYTES the fast reader is not even tried."""
        path = tmp_path / "org.csv"
        path.write_bytes(PLAIN)
        assert _arrow_csv.fast_csv_table(path, encoding=None, delimiter=None, source="x") is None

    def test_without_pyarrow_the_pure_python_reader(self, tmp_path, monkeypatch, caplog):
        """Without the extra a large file is read in pure Python, with a hint naming it."""
        path = tmp_path / "org.csv"
        path.write_bytes(PLAIN)
        monkeypatch.setattr(_arrow_csv, "FAST_MIN_BYTES", 0)
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        with caplog.at_level(logging.INFO, logger="orgshape"):
            assert (
                _arrow_csv.fast_csv_table(path, encoding=None, delimiter=None, source="x") is None
            )
            org = orgshape.read(path, strict=False)
        assert len(org) == 4
        assert any("orgshape[fast]" in r.getMessage() for r in caplog.records)
