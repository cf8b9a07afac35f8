"""The adversarial-input catalogue: every case ends in a clear problem or correct output.

Each case is a fixture file in ``tests/adversarial/`` (or, where a file would be huge, an
input generated here). The expected behaviour is asserted exactly: the problem code, the
row and the person, or the output. Never a traceback, a hang, silent loss or a
duplicated person. The rendering side of the text cases (DOT and SVG safety) is tested
with the renderer; here they must load intact and verbatim.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgshape import DataError, InputError, Org, OrgShapeError, Problem, ProblemCode, read, write

HERE = Path(__file__).resolve().parents[1] / "adversarial"

#: Every fixture of the catalogue (a test checks the folder holds exactly these).
FIXTURES = (
    "ambiguous-number.csv",
    "bad-values.csv",
    "bamboohr-two-key-spaces.csv",
    "bidi-and-zero-width.csv",
    "blank-lines-between-rows.csv",
    "blank-lines-only.csv",
    "cp1252-without-encoding.csv",
    "cycle-with-tail.csv",
    "dangling-managers.csv",
    "decimal-comma.csv",
    "director-reports-to-pm.csv",
    "dot-keywords.csv",
    "dot-special-characters.csv",
    "drawio-settings-lines.csv",
    "duplicate-headers.csv",
    "duplicate-ids.csv",
    "edge-list.csv",
    "empty.csv",
    "every-row-has-a-manager.csv",
    "formula-cells.csv",
    "header-only.csv",
    "html-in-text.csv",
    "ids-007-7-7.0.csv",
    "ids-with-whitespace.csv",
    "javascript-url-column.csv",
    "json-7-and-7.0.json",
    "json-duplicate-keys.json",
    "json-invalid.json",
    "json-not-a-list.json",
    "manager-name-shared.csv",
    "missing-id.csv",
    "mixed-line-endings.csv",
    "names-na-null.csv",
    "no-manager-column.csv",
    "no-name-column.csv",
    "nul-byte.csv",
    "null-manager.csv",
    "path-hierarchy.csv",
    "powershell-type-line.csv",
    "ragged-rows.csv",
    "rtl-and-nfc-nfd.csv",
    "self-manager-top.csv",
    "self-manager.csv",
    "semicolon-excel.csv",
    "sub-org-export.csv",
    "title-variants.csv",
    "two-cycle.csv",
    "two-id-columns.csv",
    "two-managers-one-cell.csv",
    "two-roots.csv",
    "unknown-dotted-line.csv",
    "unknown-level.csv",
    "unknown-manager.csv",
    "utf16-be-no-bom.csv",
    "utf16-le-bom.csv",
    "utf8-bom.csv",
    "vacancy-with-reports.csv",
    "yaml-alias-bomb.yaml",
    "yaml-duplicate-keys.yaml",
    "yaml-id-007.yaml",
    "yaml-merge-key.yaml",
    "yaml-python-tag.yaml",
)
#: Fixtures after which nothing can be loaded, even leniently.
UNLOADABLE = {
    "bamboohr-two-key-spaces.csv",
    "blank-lines-only.csv",
    "cp1252-without-encoding.csv",
    "dangling-managers.csv",
    "empty.csv",
    "header-only.csv",
    "json-duplicate-keys.json",
    "json-invalid.json",
    "json-not-a-list.json",
    "no-manager-column.csv",
    "two-id-columns.csv",
    "yaml-alias-bomb.yaml",
    "yaml-duplicate-keys.yaml",
    "yaml-merge-key.yaml",
    "yaml-python-tag.yaml",
}


def path(name: str) -> Path:
    assert name in FIXTURES, name
    return HERE / name


def load(name: str, **kwargs: Any) -> Org:
    """Load a fixture leniently."""
    return read(path(name), strict=False, **kwargs)


def refused(name: str, **kwargs: Any) -> Problem:
    """The one problem that stops a fixture from loading, even leniently."""
    with pytest.raises(DataError) as caught:
        read(path(name), strict=False, **kwargs)
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0]


def found(org: Org) -> list[tuple[str, int | None, str | None]]:
    return [(p.code.value, p.row, p.id) for p in org.problems]


def names(org: Org) -> list[str | None]:
    return [p.name for p in org]


class TestCatalogue:
    def test_fixtures_listed(self) -> None:
        """The folder holds exactly the listed fixtures (at least 40 cases in all)."""
        assert sorted(p.name for p in HERE.iterdir() if p.suffix != ".md") == sorted(FIXTURES)
        assert len(FIXTURES) >= 40

    @pytest.mark.parametrize("name", sorted(set(FIXTURES) - UNLOADABLE))
    def test_loadable_cases_round_trip(self, name: str) -> None:
        """Every case that loads survives JSON and YAML round trips."""
        org = load(name)
        for fmt in ("json", "yaml"):
            out = io.StringIO()
            write(org, out, format=fmt)
            back = read(io.StringIO(out.getvalue()), format=fmt, strict=False)
            assert back == org
            # (a bad cell is dropped and a resolved reference written as an id, so the
            # copy can have fewer problems, never new ones)
            assert {p.id for p in back.problems} <= {p.id for p in org.problems}

    @pytest.mark.parametrize("name", sorted(UNLOADABLE))
    def test_unloadable_cases_fail_cleanly(self, name: str) -> None:
        """The others raise an orgshape error, strictly and leniently alike."""
        for strict in (True, False):
            with pytest.raises(OrgShapeError):
                read(path(name), strict=strict)


class TestEmptyAndEncodings:
    @pytest.mark.parametrize("name", ["empty.csv", "header-only.csv", "blank-lines-only.csv"])
    def test_empty(self, name: str) -> None:
        """An empty file, a header alone or blank lines alone: EMPTY_INPUT."""
        assert refused(name).code == ProblemCode.EMPTY_INPUT

    @pytest.mark.parametrize("name", ["utf8-bom.csv", "utf16-le-bom.csv", "utf16-be-no-bom.csv"])
    def test_bom_and_utf16(self, name: str) -> None:
        """UTF-8 BOM and UTF-16 (with or without BOM) load, the header clean."""
        org = load(name)
        assert names(org) == ["Zoë Müller", "José Álvarez"]
        assert org.extra_columns == ()
        assert org.problems == ()

    def test_cp1252_without_encoding(self) -> None:
        """Excel's cp1252 without encoding= is a clear error with the fix."""
        with pytest.raises(InputError, match="encoding='cp1252'"):
            read(path("cp1252-without-encoding.csv"))
        org = read(path("cp1252-without-encoding.csv"), encoding="cp1252")
        assert org["2"].title == "VP – Product"

    def test_mixed_line_endings_with_quoted_newlines(self) -> None:
        """CRLF, CR and LF mixed; newlines inside quotes stay in the values."""
        org = load("mixed-line-endings.csv")
        assert names(org) == ["Ana\nLima", "Bo\r\nSilva", "Cy"]
        assert org["2"].title == "VP,\rProduct"
        assert org.problems == ()

    def test_blank_lines_between_rows(self) -> None:
        """Blank lines are skipped but still counted as rows, as a spreadsheet shows."""
        assert found(load("blank-lines-between-rows.csv")) == [("UNKNOWN_MANAGER", 7, "3")]

    def test_nul_byte(self) -> None:
        """A NUL character in a cell is kept."""
        assert load("nul-byte.csv")["1"].name == "A\x00na"

    def test_over_the_size_cap(self) -> None:
        """A file over max_bytes is INPUT_TOO_LARGE before it is parsed."""
        problem = refused("unknown-manager.csv", max_bytes=64)
        assert problem.code == ProblemCode.INPUT_TOO_LARGE
        assert "over the cap of 64 bytes" in problem.message


class TestStructure:
    def test_duplicate_ids(self) -> None:
        """The second row with an id is reported by row and name; both are kept."""
        org = load("duplicate-ids.csv")
        assert found(org) == [("DUPLICATE_ID", 4, "2")]
        assert org.problems[0].name == "Cy"
        assert names(org) == ["Ana", "Bo", "Cy", "Di"]

    def test_missing_id(self) -> None:
        """Rows with an empty (or blank) id are MISSING_ID by row and name."""
        org = load("missing-id.csv")
        assert found(org) == [("MISSING_ID", 3, None), ("MISSING_ID", 4, None)]
        assert [p.name for p in org.problems] == ["Bo", "Cy"]
        assert len(org) == 3

    def test_self_manager(self) -> None:
        """Reporting to oneself is SELF_MANAGER."""
        org = load("self-manager.csv")
        assert found(org) == [("SELF_MANAGER", 3, "2")]

    def test_two_cycle(self) -> None:
        """Two people managing each other: the loop A → B → A."""
        (problem,) = load("two-cycle.csv").problems
        assert problem.code == ProblemCode.CYCLE
        assert "A → B → A" in problem.message
        assert (problem.row, problem.id, problem.name, problem.related) == (
            3,
            "A",
            "Ann",
            ("A", "B"),
        )

    def test_cycle_with_a_tail(self) -> None:
        """A loop with a team below it: the loop once, the team unreachable."""
        org = load("cycle-with-tail.csv")
        assert found(org) == [("CYCLE", 3, "A"), ("UNREACHABLE", 6, "T1"), ("UNREACHABLE", 7, "T2")]
        assert "A → C → B → A" in org.problems[0].message

    def test_thousand_cycle(self) -> None:
        """A loop of 1,000 people is one CYCLE listing them all in order."""
        text = "id,manager_id\n" + "".join(f"{i},{(i + 1) % 1000}\n" for i in range(1000))
        org = read(io.StringIO(text), format="csv", strict=False)
        assert [p.code for p in org.problems] == [ProblemCode.CYCLE, ProblemCode.NO_ROOT]
        cycle = org.problems[0]
        assert cycle.related == tuple(str(i) for i in range(1000))
        assert cycle.message.startswith("reporting lines loop: 0 → 1 → 2 → ")
        assert "998 → 999 → 0 (1000 people" in cycle.message
        assert len(org) == 1000

    def test_two_roots(self) -> None:
        """Two people without a manager: MULTIPLE_ROOTS lists both."""
        org = load("two-roots.csv")
        assert found(org) == [("MULTIPLE_ROOTS", 3, "2")]
        assert org.problems[0].related == ("1", "2")

    def test_every_row_has_a_manager(self) -> None:
        """Nobody at the top: the loop and NO_ROOT."""
        org = load("every-row-has-a-manager.csv")
        assert found(org) == [("CYCLE", 2, "1"), ("NO_ROOT", None, None)]

    def test_unknown_manager(self) -> None:
        """A manager not in the file: UNKNOWN_MANAGER, and the team below unreachable."""
        org = load("unknown-manager.csv")
        assert found(org) == [("UNKNOWN_MANAGER", 4, "3"), ("UNREACHABLE", 5, "4")]
        assert org.problems[0].related == ("99",)

    def test_director_reports_to_pm(self) -> None:
        """An inverted ladder loads as it is (validation judges the design)."""
        org = load("director-reports-to-pm.csv")
        assert org.problems == ()
        assert [p.level for p in org] == ["CPO", "PM", "DIRECTOR"]
        assert org.manager("3") == org["2"]

    def test_vacancy_with_reports(self) -> None:
        """An open role can have reports, and a span."""
        org = load("vacancy-with-reports.csv")
        assert [p.id for p in org.vacancies] == ["2"]
        assert org.span("2") == 2
        assert org["2"].req == "REQ-7"

    def test_hundred_thousand_deep_chain(self) -> None:
        """A chain 100,000 deep loads and answers queries without recursion."""
        n = 100_000
        text = "id,manager_id\n0,\n" + "".join(f"{i},{i - 1}\n" for i in range(1, n))
        org = read(io.StringIO(text), format="csv")
        assert len(org) == n
        assert org.layer(str(n - 1)) == n
        assert len(org.chain(str(n - 1))) == n - 1

    def test_ten_thousand_reports(self) -> None:
        """One manager with 10,000 reports."""
        text = "id,manager_id\nboss,\n" + "".join(f"r{i},boss\n" for i in range(10_000))
        org = read(io.StringIO(text), format="csv")
        assert org.span("boss") == 10_000
        assert len(org.reports("boss")) == 10_000
        assert org.layer("r9999") == 2


class TestIds:
    def test_007_7_and_7_0(self) -> None:
        """007, 7 and 7.0 are three ids, and references keep them apart."""
        org = load("ids-007-7-7.0.csv")
        assert org.ids == ("007", "7", "7.0")
        assert [p.manager for p in org] == [None, "007", "7"]
        assert org.problems == ()

    def test_json_numbers_7_and_7_0(self) -> None:
        """In JSON, the numbers 7 and 7.0 are the same id (a duplicate); "7.0" is not."""
        org = load("json-7-and-7.0.json")
        assert org.ids == ("7", "7", "7.0")
        assert found(org) == [("DUPLICATE_ID", 2, "7")]

    def test_yaml_007(self) -> None:
        """YAML 1.1 traps (007, 0o10, 1_000, no, yes, ~, 1e3) stay as written."""
        org = load("yaml-id-007.yaml")
        assert org.ids == ("007", "0o10", "1_000")
        assert [p.manager for p in org] == [None, "007", "007"]
        assert (org["0o10"].name, org["0o10"].title) == ("no", "yes")
        assert (org["1_000"].name, org["1_000"].title) == (None, "1e3")

    def test_ids_with_whitespace(self) -> None:
        """Spaces and tabs around ids and references are stripped."""
        org = load("ids-with-whitespace.csv")
        assert [(p.id, p.manager) for p in org] == [("1", None), ("2", "1"), ("3", "2")]
        assert org.problems == ()

    def test_pandas_nan_managers_and_float_ids(self) -> None:
        """pandas turns ids into floats and blank managers into NaN; both are undone."""
        frame = pd.read_csv(io.StringIO("id,name,manager_id\n1,Ana,\n2,Bo,1\n3,,2\n"))
        assert frame["manager_id"].dtype.kind == "f"
        assert math.isnan(frame["manager_id"][0])
        org = read(frame)
        assert [(p.id, p.manager) for p in org] == [("1", None), ("2", "1"), ("3", "2")]
        assert org["3"].is_vacant

    def test_duplicate_headers(self) -> None:
        """A repeated header is renamed (name.1); the first column of that name is used."""
        org = load("duplicate-headers.csv")
        assert org.extra_columns == ("name.1", "manager_id.1")
        assert org["2"].manager == "1"
        assert dict(org["2"].extra) == {"name.1": "Bo S.", "manager_id.1": "2"}


class TestText:
    def test_na_and_null_names(self) -> None:
        """People named NA, null, None, N/A or nan keep their names."""
        assert names(load("names-na-null.csv")) == ["NA", "null", "None", "N/A", "nan"]

    def test_right_to_left_and_nfc_nfd(self) -> None:
        """RTL names are kept; NFC and NFD spellings are different ids, kept byte for byte."""
        org = load("rtl-and-nfc-nfd.csv")
        assert names(org)[:2] == ["محمد عبد الله", "דוד כהן"]
        nfc, nfd = org.ids[2], org.ids[3]
        assert nfc != nfd
        assert unicodedata.normalize("NFC", nfd) == nfc
        assert org[nfd].name == nfd + " NFD"
        assert org.problems == ()

    def test_bidi_and_zero_width(self) -> None:
        """Bidi overrides and zero-width characters are kept verbatim."""
        org = load("bidi-and-zero-width.csv")
        assert names(org) == [
            "Ana\u202egnp.exe",
            "B\u200bo\u200d",
            "\u2066Cy\u2069\ufeff",
            "\u200e\u200f",
        ]

    def test_dot_special_characters(self) -> None:
        """Quotes, backslashes, \\N, \\l, newlines, :, {}, |, <> in names load verbatim."""
        org = load("dot-special-characters.csv")
        assert names(org)[1:] == [
            'Quote "Q" Quinn',
            "Back\\slash",
            "Esc \\N \\l \\r",
            "Two\nLines",
            "Colon: Kim",
            "Curly {Lee}",
            "Pipe | Park",
            "Angle <Ng>",
            "Semi; Colon",
            "Hash # Tag",
            "Tab\tTab",
        ]

    def test_dot_keywords(self) -> None:
        """Ids and names that are DOT keywords are ordinary ids."""
        org = load("dot-keywords.csv")
        assert org.ids == ("node", "graph", "strict", "end", "subgraph", "edge")
        assert org["subgraph"].name == "digraph"
        assert org.span("graph") == 4

    def test_html_in_text(self) -> None:
        """<script> in a name and <b> in a title are data, kept verbatim."""
        org = load("html-in-text.csv")
        assert org["1"].name == "<script>alert(1)</script>"
        assert org["2"].title == "<b>VP</b> of Product"
        assert org["3"].name == "<img src=x onerror=alert(1)>"
        assert org["2"].level is None

    def test_javascript_url_column(self) -> None:
        """A javascript: URL in an extra column is kept verbatim (renderers must not link it)."""
        org = load("javascript-url-column.csv")
        assert org["1"].extra["profile_url"] == "javascript:alert(document.domain)"
        assert org.extra_columns == ("profile_url",)

    def test_twenty_thousand_character_name(self) -> None:
        """A 20,000-character name loads and writes back whole."""
        name = "Ana " + "x" * 19_996
        org = read(io.StringIO(f"id,name,manager_id\n1,{name},\n"), format="csv")
        assert org["1"].name == name
        out = io.StringIO()
        write(org, out, format="csv")
        assert read(io.StringIO(out.getvalue()), format="csv") == org

    def test_cell_over_the_csv_field_limit(self) -> None:
        """A cell larger than the CSV module's limit is INPUT_TOO_LARGE, naming the cap."""
        text = "id,name,manager_id\n1," + "x" * 200_000 + ",\n"
        with pytest.raises(DataError, match="over the cap of 131,072 characters"):
            read(io.StringIO(text), format="csv")

    def test_title_variants(self) -> None:
        """Real title spellings map to levels; unknown titles stay unknown."""
        org = load("title-variants.csv")
        assert [p.level for p in org] == [
            "CPO",
            "VP",
            "VP",
            "HEAD",
            "DIRECTOR",
            "SENIOR_PM",
            "SENIOR_PM",
            "PM",
            "PM",
            None,
            None,
            "GROUP_PM",  # a level of the default ladder since issue 16
        ]

    def test_unknown_level(self) -> None:
        """An explicit level not on the ladder is UNKNOWN_LEVEL; case and spaces are forgiven."""
        org = load("unknown-level.csv")
        assert found(org) == [("UNKNOWN_LEVEL", 3, "2")]
        assert org["3"].level == "SENIOR_PM"


class TestSpreadsheets:
    def test_formula_cells_written_guarded(self) -> None:
        """Cells starting with = + - @ get a ' when written, and read back equal."""
        org = load("formula-cells.csv")
        assert org["1"].name == '=HYPERLINK("http://x";"click")'
        assert org["3"].title == "=cmd|' /C calc'!A0"
        out = io.StringIO()
        write(org, out, format="csv")
        text = out.getvalue()
        assert "'=HYPERLINK" in text
        assert "'@SUM(A1:A9)" in text
        assert "'+1 555 0100" in text
        assert "'-2+3" in text
        assert "'=cmd|" in text
        # the file does not guard its other formulas, so this ' is data, kept verbatim
        assert org["3"].extra["notes"] == "'=already"
        assert "''=already" in text
        assert read(io.StringIO(text), format="csv") == org

    def test_ragged_rows(self) -> None:
        """Short rows are missing cells (not empty ones); long rows keep their surplus."""
        org = load("ragged-rows.csv")
        assert org.extra_columns == ("column5", "column6")
        assert dict(org["2"].extra) == {"column5": "surplus", "column6": "more"}
        assert dict(org["1"].extra) == {}
        assert org["3"].title is None
        assert found(org) == [("MULTIPLE_ROOTS", 4, "3")]

    def test_semicolons_and_excel_sep_line(self) -> None:
        """Excel's sep=; line sets the delimiter; 1.234,5 reads as written (one reading)."""
        org = load("semicolon-excel.csv")
        assert names(org) == ["Zoë", "Bo"]
        assert found(org) == []
        assert org["1"].cost == 1234.5

    def test_drawio_settings_lines(self) -> None:
        """draw.io's # settings lines above the header are skipped."""
        org = load("drawio-settings-lines.csv")
        assert [(p.id, p.manager) for p in org] == [("1", None), ("2", "1")]

    def test_bad_values(self) -> None:
        """Unreadable cost, years or assistant flag: BAD_VALUE by row and person."""
        org = load("bad-values.csv")
        assert found(org) == [("BAD_VALUE", 2, "1"), ("BAD_VALUE", 3, "2"), ("BAD_VALUE", 4, "3")]
        assert [p.cost for p in org] == [None, 150_000.0, 120_000.0]
        assert [p.years_experience for p in org] == [12.0, None, 3.5]
        assert [p.assistant for p in org] == [False, False, False]


class TestReferences:
    def test_two_managers_in_one_cell(self) -> None:
        """Two known managers in a cell: MULTIPLE_MANAGERS; an unknown one: UNKNOWN_MANAGER."""
        org = load("two-managers-one-cell.csv")
        assert found(org) == [
            ("MULTIPLE_MANAGERS", 5, "4"),
            ("MULTIPLE_MANAGERS", 6, "5"),
            ("UNKNOWN_MANAGER", 7, "6"),
        ]
        assert [p.manager for p in org][3:] == ["2", "2", "2;99"]

    def test_manager_name_shared(self) -> None:
        """A manager named by a name two people share: AMBIGUOUS_MANAGER_REF, unresolved."""
        org = load("manager-name-shared.csv")
        assert found(org) == [("AMBIGUOUS_MANAGER_REF", 5, "4")]
        assert org.problems[0].related == ("Bo", "2", "3")  # the name, then the candidates
        assert "2 people have that name (ids '2', '3')" in org.problems[0].message

    def test_unknown_dotted_line(self) -> None:
        """A dotted line to nobody: UNKNOWN_DOTTED_LINE."""
        org = load("unknown-dotted-line.csv")
        assert found(org) == [("UNKNOWN_DOTTED_LINE", 4, "3")]
        assert org.problems[0].related == ("42",)

    def test_bamboohr_two_key_spaces(self) -> None:
        """A manager column matching two key spaces for different people: refuse, list both."""
        problem = refused("bamboohr-two-key-spaces.csv")
        assert problem.code == ProblemCode.AMBIGUOUS_MAPPING
        assert "'supervisorId' as id 'id'" in problem.message
        assert "'supervisorId' as employee_number 'employeeNumber'" in problem.message
        assert load("bamboohr-two-key-spaces.csv", manager_key="id").problems == ()

    def test_two_id_columns(self) -> None:
        """Two id-like columns whose readings disagree: refuse, list both."""
        problem = refused("two-id-columns.csv")
        assert problem.code == ProblemCode.AMBIGUOUS_MAPPING
        assert "'Person ID'" in problem.message
        assert "'Employee ID'" in problem.message

    def test_no_manager_column(self) -> None:
        """No manager column (Microsoft Entra): MISSING_COLUMN saying so."""
        problem = refused("no-manager-column.csv")
        assert problem.code == ProblemCode.MISSING_COLUMN
        assert "no manager column found" in problem.message
        assert "Microsoft Entra" in problem.message


class TestYamlAndJson:
    @pytest.mark.parametrize(
        ("name", "what"),
        [
            ("yaml-alias-bomb.yaml", "an anchor (&a)"),
            ("yaml-merge-key.yaml", "an anchor (&base)"),
            ("yaml-python-tag.yaml", "a tag (tag:yaml.org,2002:python/object/apply:os.system)"),
        ],
    )
    def test_yaml_forbidden(self, name: str, what: str) -> None:
        """Alias bombs, anchors and tags are YAML_FORBIDDEN, before anything is built."""
        problem = refused(name)
        assert problem.code == ProblemCode.YAML_FORBIDDEN
        assert what in problem.message

    @pytest.mark.parametrize("name", ["yaml-duplicate-keys.yaml", "json-duplicate-keys.json"])
    def test_duplicate_keys(self, name: str) -> None:
        """A key given twice in one record is refused instead of silently keeping the last."""
        with pytest.raises(InputError, match="the key 'id' twice"):
            read(path(name), strict=False)

    def test_invalid_json(self) -> None:
        """Malformed JSON says where."""
        with pytest.raises(InputError, match=r"not valid JSON: .* at line 1 column 34"):
            read(path("json-invalid.json"))

    def test_json_not_a_list(self) -> None:
        """A JSON object with no list of people is MISSING_COLUMN naming its keys."""
        problem = refused("json-not-a-list.json")
        assert problem.code == ProblemCode.MISSING_COLUMN
        assert "company, size" in problem.message

    def test_twenty_thousand_deep_json(self) -> None:
        """20,000 levels of nested reports: NESTING_TOO_DEEP, not a RecursionError."""
        deep = '{"id":"0","reports":[' * 20_000 + '{"id":"x"}' + "]}" * 20_000
        with pytest.raises(DataError) as caught:
            read(io.StringIO(deep), format="json", strict=False)
        assert [p.code for p in caught.value.problems] == [ProblemCode.NESTING_TOO_DEEP]

    def test_deeply_nested_python_value(self) -> None:
        """A record holding a list nested 5,000 deep: NESTING_TOO_DEEP, not a crash."""
        deep: list[Any] = []
        inner = deep
        for _ in range(5_000):
            inner.append([])
            inner = inner[0]
        with pytest.raises(DataError) as caught:
            read([{"id": "1", "manager": None, "name": deep}])
        assert [p.code for p in caught.value.problems] == [ProblemCode.NESTING_TOO_DEEP]

    def test_deep_but_readable_nested_json(self) -> None:
        """A nested tree 300 deep still loads (flattened without recursion)."""
        deep = "".join(f'{{"id":"{k}","reports":[' for k in range(300)) + '{"id":"x"}' + "]}" * 300
        org = read(io.StringIO(deep), format="json")
        assert len(org) == 301
        assert org.layer("x") == 301


# --------------------------------------------------------------------------- fuzzing

ORG_ALPHABET = st.sampled_from(
    [*"id,name,manager_id\n\r\"'=;|\t 0123ABC\ufeff:-[]{}&*!#~", "é", "\x00"]
)


class TestFuzz:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.one_of(
            st.binary(max_size=300),
            st.text(max_size=200).map(str.encode),
            st.text(alphabet=ORG_ALPHABET, max_size=200).map(str.encode),
        ),
        st.sampled_from(["csv", "json", "yaml"]),
        st.booleans(),
    )
    def test_arbitrary_bytes(self, data: bytes, fmt: str, strict: bool) -> None:
        """Arbitrary bytes load or raise an orgshape error; a load keeps every record."""
        try:
            org = read(io.BytesIO(data), format=fmt, strict=strict)
        except OrgShapeError:
            return
        assert len(org) >= 1

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(
                    st.sampled_from(["id", "name", "manager_id", "reports", "x", "Report_Entry"]),
                    inner,
                    max_size=4,
                )
            ),
            max_leaves=20,
        )
    )
    def test_arbitrary_json(self, data: Any) -> None:
        """Any JSON value loads or raises an orgshape error (records and DataFrames too)."""
        with contextlib.suppress(OrgShapeError):
            read(io.StringIO(json.dumps(data)), format="json", strict=False)
        with contextlib.suppress(OrgShapeError):
            read(data, strict=False)
