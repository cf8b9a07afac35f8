"""Tests for orgshape.io._write: writing, and read(write(org)) == org."""

from __future__ import annotations

import datetime
import decimal
import io
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import orgshape
import orgshape.strategies
from orgshape import (
    InputError,
    Org,
    Position,
    ProblemCode,
    read,
    write,
)
from tests.io.helpers import BASIC, csv_org, dumped, problem_of


class TestWrite:
    def test_paths_and_suffixes(self, tmp_path: Path) -> None:
        """write() picks the format from the suffix and writes UTF-8 with LF."""
        org = csv_org(BASIC)
        for name in ("org.csv", "org.json", "org.yaml", "org.yml"):
            path = tmp_path / name
            write(org, path)
            assert read(path) == org
            assert b"\r\n" not in path.read_bytes()

    def test_tsv_is_tab_separated(self, tmp_path: Path) -> None:
        """A .tsv file is written with tabs (as read() expects) and reads back equal."""
        org = orgshape.example()
        path = tmp_path / "org.tsv"
        write(org, path)
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("id\tname\ttitle\t")
        assert "," not in header
        assert read(path) == org

    def test_deterministic(self) -> None:
        """Writing twice gives the same bytes."""
        org = orgshape.example()
        for fmt in ("csv", "json", "yaml"):
            assert dumped(org, fmt) == dumped(orgshape.example(), fmt)

    def test_csv_header(self) -> None:
        """CSV has the typed fields present, then the extra columns."""
        header = dumped(orgshape.example(), "csv").splitlines()[0]
        assert header == (
            "id,name,title,level,manager_id,products,function,years_experience,cost,location,"
            "dotted_line,assistant,req,email"
        )

    def test_errors(self, tmp_path: Path) -> None:
        """Bad formats, nested CSV and unwritable paths are InputErrors."""
        org = csv_org(BASIC)
        with pytest.raises(InputError, match="CSV is flat"):
            write(org, tmp_path / "org.csv", nested=True)
        with pytest.raises(InputError, match="cannot tell the format"):
            write(org, tmp_path / "org.xml")
        with pytest.raises(InputError, match="unknown format"):
            write(org, io.StringIO(), format="xml")
        with pytest.raises(InputError, match="cannot write"):
            write(org, tmp_path / "missing" / "org.csv")

    def test_deep_nested_write(self) -> None:
        """A chain too deep for a nested tree says to write flat rows."""
        text = "id,manager_id\n0,\n" + "".join(f"{i},{i - 1}\n" for i in range(1, 5000))
        with pytest.raises(InputError, match="flat rows"):
            dumped(csv_org(text), "json", nested=True)

    def test_odd_values(self) -> None:
        """Dates, decimals and tuples in extra columns are written, not crashed on."""
        org = read(
            [
                {
                    "id": "1",
                    "manager": None,
                    "start": datetime.date(2020, 1, 2),
                    "share": decimal.Decimal("1.5"),
                    "pair": (1, 2),
                }
            ]
        )
        assert '2020-01-02,1.5,"[1, 2]"' in dumped(org, "csv")
        assert json.loads(dumped(org, "json"))[0]["start"] == "2020-01-02"
        assert "start: 2020-01-02" in dumped(org, "yaml")

    def test_nested_keeps_outside_managers(self) -> None:
        """A nested tree keeps the manager of a top record outside the file."""
        org = csv_org("id,manager_id\n1,\n2,1\n3,9\n4,3\n", strict=False)
        for fmt in ("json", "yaml"):
            back = read(io.StringIO(dumped(org, fmt, nested=True)), format=fmt, strict=False)
            assert back == org
            assert [(p.code, p.id) for p in back.problems] == [(p.code, p.id) for p in org.problems]

    def test_extra_columns_named_like_child_keys(self) -> None:
        """Extra columns called reports or children survive flat and nested files."""
        org = csv_org("id,name,manager_id,reports,children\n1,Ana,,2,x\n2,Bo,1,0,\n")
        for fmt in ("json", "yaml"):
            assert read(io.StringIO(dumped(org, fmt)), format=fmt) == org
            nested = dumped(org, fmt, nested=True)
            assert "direct_reports" in nested
            assert read(io.StringIO(nested), format=fmt) == org

    def test_extra_column_named_like_a_field(self) -> None:
        """An extra column that would overwrite a written column is refused, not lost."""
        org = csv_org("Employee_ID,id,manager_id\n1,a,\n2,b,1\n", mapping={"id": "Employee_ID"})
        assert org.extra_columns == ("id",)
        with pytest.raises(InputError, match="extra column 'id'"):
            dumped(org, "csv")

    def test_leaf_reports_null(self) -> None:
        """Hand-written YAML may leave a leaf's reports: empty."""
        text = "- id: 1\n  reports:\n  - id: 2\n    reports:\n"
        org = read(io.StringIO(text), format="yaml")
        assert [(p.id, p.manager) for p in org] == [("1", None), ("2", "1")]
        assert org.extra_columns == ()

    def test_nested_record_with_a_conflicting_manager(self) -> None:
        """A record listed under one manager whose manager column names another."""
        text = "- id: 1\n  reports:\n  - id: 2\n    manager_id: 7\n"
        problem = problem_of(lambda: read(io.StringIO(text), format="yaml"))
        assert problem.code == ProblemCode.MULTIPLE_MANAGERS
        assert problem.related == ("1", "7")


class TestRoundTrips:
    @pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
    def test_example_flat(self, fmt: str) -> None:
        """The example org survives every flat format."""
        org = orgshape.example()
        assert read(io.StringIO(dumped(org, fmt)), format=fmt) == org

    @pytest.mark.parametrize("fmt", ["json", "yaml"])
    def test_example_nested(self, fmt: str) -> None:
        """Nested trees keep every position (depth-first) and round-trip exactly."""
        org = orgshape.example()
        nested = read(io.StringIO(dumped(org, fmt, nested=True)), format=fmt)
        assert sorted(nested, key=lambda p: p.id) == sorted(org, key=lambda p: p.id)
        again = read(io.StringIO(dumped(nested, fmt, nested=True)), format=fmt)
        assert again == nested

    @pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
    def test_lenient_org(self, fmt: str) -> None:
        """An org with problems round-trips with the same problems."""
        text = "id,name,manager_id\n1,Ana,\n2,Bo,2\n3,Cy,42\n1,Dup,1\n4,Eve,5\n5,Fay,4\n6,Gus,\n"
        org = csv_org(text, strict=False)
        back = read(io.StringIO(dumped(org, fmt)), format=fmt, strict=False)
        assert back == org
        assert [(p.code, p.row, p.id) for p in back.problems] == [
            (p.code, p.row if fmt == "csv" else p.row - 1 if p.row else None, p.id)
            for p in org.problems
        ]


ODD_IDS = ("007", "7", "7.0", "a b", "NA", "null", "true", "-1", "=1+1", "Zoë", "N/A", "0x1F")


ID_TEXT = st.text(
    alphabet=st.characters(
        exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"], exclude_characters=";|,"
    ),
    min_size=1,
    max_size=8,
)


SOME_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12
).filter(lambda s: s.strip() != "")


#: names as a reader gives them back: without outer whitespace (names are stripped)
NAME_TEXT = SOME_TEXT.map(str.strip).filter(bool)
PRODUCT = st.text(
    alphabet=st.characters(
        exclude_categories=["Cs", "Cc", "Zs", "Zl", "Zp"], exclude_characters=";|,"
    ),
    min_size=1,
    max_size=6,
)


EXTRA_COLUMNS = ("Desk", "Start date", "=HYPERLINK", "Ünïcödé", "a,b", "x.y", "reports", "children")


LADDER = ("CPO", "VP", "HEAD", "DIRECTOR", "SENIOR_PM", "PM")


@st.composite
def orgs(draw: st.DrawFn, *, fmt: str) -> Org:
    """Well-formed orgs with odd ids, unicode text, optional fields and extra columns."""
    ids = draw(st.lists(st.sampled_from(ODD_IDS) | ID_TEXT, min_size=1, max_size=12, unique=True))
    optional = draw(
        st.sets(
            st.sampled_from(
                [
                    "products",
                    "function",
                    "area",
                    "years_experience",
                    "cost",
                    "location",
                    "dotted_line",
                    "assistant",
                    "req",
                ]
            )
        )
    )
    extras = draw(st.lists(st.sampled_from(EXTRA_COLUMNS), unique=True, max_size=3))
    # CSV cannot say "missing" or null: its extra cells are always text
    extra_value = st.text(max_size=6) if fmt == "csv" else st.none() | st.text(max_size=6)
    positions = []
    for k, key in enumerate(ids):
        fields: dict[str, Any] = {
            "name": draw(st.none() | NAME_TEXT),
            "title": draw(st.none() | SOME_TEXT | st.sampled_from(["Sr. PM", "VP, Product"])),
            "level": draw(st.none() | st.sampled_from(LADDER)),
            "manager": None if k == 0 else ids[draw(st.integers(0, k - 1))],
        }
        if "products" in optional:
            fields["products"] = draw(st.lists(PRODUCT, max_size=3))
        for text_field in ("function", "area", "location", "req"):
            if text_field in optional:
                fields[text_field] = draw(st.none() | SOME_TEXT)
        for number in ("years_experience", "cost"):
            if number in optional:
                fields[number] = draw(
                    st.none()
                    | st.integers(-(10**6), 10**6).map(float)
                    | st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False)
                )
        if "dotted_line" in optional:
            fields["dotted_line"] = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
        if "assistant" in optional and k:
            fields["assistant"] = draw(st.booleans())
        extra: dict[str, Any] = {}
        for column in extras:
            if fmt == "csv" or draw(st.booleans()):
                extra[column] = draw(extra_value)
        positions.append(Position(id=key, extra=extra, **fields))
    return Org(positions)


class TestRoundTripProperties:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    @pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
    def test_flat(self, fmt: str, data: st.DataObject) -> None:
        """read(write(org)) == org for every flat format."""
        org = data.draw(orgs(fmt=fmt))
        text = dumped(org, fmt)
        back = read(io.StringIO(text), format=fmt)
        assert back == org
        assert dumped(back, fmt) == text

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    @pytest.mark.parametrize("fmt", ["json", "yaml"])
    def test_nested(self, fmt: str, data: st.DataObject) -> None:
        """A nested tree keeps every position, and a nested file round-trips exactly."""
        org = data.draw(orgs(fmt=fmt))
        nested = read(io.StringIO(dumped(org, fmt, nested=True)), format=fmt)
        assert {p.id: p for p in nested} == {p.id: p for p in org}
        assert read(io.StringIO(dumped(nested, fmt, nested=True)), format=fmt) == nested

    @settings(max_examples=30, deadline=None)
    @given(st.data())
    def test_pandas(self, data: st.DataObject) -> None:
        """An org's records through a pandas DataFrame give the same org."""
        org = data.draw(orgs(fmt="csv"))
        records = [
            {("manager_id" if k == "manager" else k): v for k, v in r.items()}
            for r in org.to_records()
        ]
        back = read(pd.DataFrame(records))
        assert back == org
        assert not any(
            isinstance(v, float) and math.isnan(v) for p in back for v in p.extra.values()
        )


REAL = Path(__file__).resolve().parents[1] / "data" / "real"
WAYS = [("csv", False), ("json", False), ("json", True), ("yaml", False), ("yaml", True)]


def trip(org: Org, fmt: str, nested: bool = False, **kwargs: Any) -> Org:
    return read(
        io.StringIO(dumped(org, fmt, nested=nested)), format=fmt, ladder=org.ladder, **kwargs
    )


class TestFaithfulWrites:
    @pytest.mark.parametrize(
        "export",
        [
            "ad_get-aduser_export.csv",
            "adventureworks_employeedemo.csv",
            "hibob_people_search.json",
            "scott_emp.csv",
            "networkx_edgelist_scott.csv",
            "northwind_employees.csv",
        ],
    )
    @pytest.mark.parametrize(("fmt", "nested"), WAYS)
    def test_hr_exports_read_back_the_same(self, export: str, fmt: str, nested: bool) -> None:
        """An HR export written in any way reads back equal: no MULTIPLE_MANAGERS, nobody lost."""
        org = read(REAL / export, strict=False)
        back = trip(org, fmt, nested, strict=False)
        assert back == org
        # (an edge list's added top has a row of its own in the written file)
        assert {p.code for p in back.problems} <= {p.code for p in org.problems}
        assert ProblemCode.MULTIPLE_MANAGERS not in {p.code for p in back.problems}

    def test_a_raw_manager_column_makes_every_record_name_its_manager(self) -> None:
        """A kept HR ``manager`` column beside a nested tree cannot be read as the manager."""
        org = read(REAL / "ad_get-aduser_export.csv")
        records = json.loads(dumped(org, "json", nested=True))
        assert "manager" in org.extra_columns
        nested = [(top, r) for top in records for r in top["reports"]]
        assert nested
        assert all(r["manager_id"] == top["id"] for top, r in nested)

    def test_nested_tree_keeps_the_order(self) -> None:
        """Positions in breadth-first order nest in pieces that keep that order."""
        text = "id,name,manager_id\n1,A,\n2,B,1\n3,C,1\n4,D,2\n5,E,3\n6,F,2\n"
        org = csv_org(text)
        for fmt in ("json", "yaml"):
            assert [p.id for p in trip(org, fmt, nested=True)] == ["1", "2", "3", "4", "5", "6"]
            assert trip(org, fmt, nested=True) == org

    def test_nested_tree_in_tree_order_is_one_tree(self) -> None:
        """An org in depth-first order is written as one tree, no manager_id below the top."""
        org = csv_org("id,name,manager_id\n1,A,\n2,B,1\n4,D,2\n3,C,1\n")
        records = json.loads(dumped(org, "json", nested=True))
        assert len(records) == 1
        assert "manager_id" not in json.dumps(records[0]["reports"])

    def test_derived_levels_follow_title_edits(self) -> None:
        """The level the ladder derives is not written, so a title edited in the file moves it."""
        org = csv_org("id,name,title,manager_id\n1,Ana,CPO,\n2,Bo,Product Manager,1\n")
        assert org["2"].level == "PM"
        text = dumped(org, "csv").replace("Product Manager", "Director of Product")
        assert csv_org(text)["2"].level == "DIRECTOR"
        for fmt in ("json", "yaml"):
            edited = dumped(org, fmt).replace("Product Manager", "Director of Product")
            assert read(io.StringIO(edited), format=fmt)["2"].level == "DIRECTOR"

    def test_explicit_levels_are_written(self) -> None:
        """A level the title does not give (set by hand) is written and read back."""
        org = csv_org("id,name,title,level,manager_id\n1,Ana,CPO,,\n2,Bo,Team lead,PM,1\n")
        assert "Team lead,PM" in dumped(org, "csv")
        assert trip(org, "csv") == org

    def test_missing_cells_stay_missing(self) -> None:
        """A short row's missing cells read back missing after CSV → CSV, not ''."""
        org = csv_org("id,manager_id,desk,room\n1,,A1\n2,1,,R2\n3,1\n")
        assert [dict(p.extra) for p in org] == [{"desk": "A1"}, {"desk": "", "room": "R2"}, {}]
        back = trip(org, "csv")
        assert [dict(p.extra) for p in back] == [dict(p.extra) for p in org]
        assert back == org

    @pytest.mark.parametrize(("fmt", "nested"), WAYS)
    def test_separators_inside_list_items(self, fmt: str, nested: bool) -> None:
        """A ``;`` or ``,`` inside a product or dotted-line id is one item after a round trip."""
        org = Org(
            [
                Position(id="A;1", name="Ana", title="CPO", products=("R&D; EU", "Web, Mobile")),
                Position(id="B", name="Bo", title="PM", manager="A;1", dotted_line=("A;1",)),
                Position(id="C", name="Cy", title="PM", manager="A;1", products=("[beta]",)),
            ]
        )
        back = trip(org, fmt, nested)
        assert back["A;1"].products == ("R&D; EU", "Web, Mobile")
        assert back["B"].dotted_line == ("A;1",)
        assert back == org

    def test_a_foreign_json_array_cell_is_a_list(self) -> None:
        """A CSV products cell holding a JSON array of strings gives its items."""
        org = csv_org('id,manager_id,products\n1,,"[""a;b"", ""c""]"\n2,1,[x]\n')
        assert org["1"].products == ("a;b", "c")
        assert org["2"].products == ("[x]",)

    def test_a_json_array_cell_with_spaces_around_is_a_list(self) -> None:
        """Spaces around a JSON array cell do not make it one item (as in JSON or YAML)."""
        org = csv_org('id,manager_id,products\n1,,"[] "\n2,1," [""a;b""]"\n3,1,a ; b\n')
        assert org["1"].products == ()
        assert org["2"].products == ("a;b",)
        assert org["3"].products == ("a", "b")
        many = "id,manager_id,products\n1,,\n" + "".join(f"{k},1, [] \n" for k in range(2, 50))
        assert all(p.products == () for p in csv_org(many))  # (the once-per-value path)


class TestRoundTripsOfMessyInput:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(table=orgshape.strategies.messy_tables(format="csv"), data=st.data())
    def test_messy_csv_reads_back_the_same_in_every_way(
        self, table: str, data: st.DataObject
    ) -> None:
        """A leniently read messy export, written any way, reads back equal (problems too).

        (A bad value is reported once: the first read leaves it empty.)
        """
        org = read(io.StringIO(table), format="csv", strict=False)
        fmt, nested = data.draw(st.sampled_from(WAYS))
        back = trip(org, fmt, nested, strict=False)
        assert back == org
        structural = [(p.code, p.id) for p in org.problems if p.code != ProblemCode.BAD_VALUE]
        assert [(p.code, p.id) for p in back.problems] == structural

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rows=orgshape.strategies.messy_tables(format="records"), data=st.data())
    def test_messy_records_read_back_the_same_in_every_way(
        self, rows: Any, data: st.DataObject
    ) -> None:
        """Messy records (JSON-like, with nulls) read leniently, written any way, read back."""
        org = read(rows, strict=False)
        # (an all-empty id column stays an extra named "id", which write() refuses)
        assume("id" not in org.extra_columns)
        fmt, nested = data.draw(st.sampled_from(WAYS))
        back = trip(org, fmt, nested, strict=False)
        assert back == org
        structural = [(p.code, p.id) for p in org.problems if p.code != ProblemCode.BAD_VALUE]
        assert [(p.code, p.id) for p in back.problems] == structural

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(org=orgshape.strategies.orgs(max_size=20), data=st.data())
    def test_valid_orgs_read_back_the_same_in_every_way(
        self, org: Org, data: st.DataObject
    ) -> None:
        """read(write(org)) == org for every format and option, for the public strategy's orgs."""
        fmt, nested = data.draw(st.sampled_from(WAYS))
        assert trip(org, fmt, nested) == org
