"""Tests for orgshape.rules reports: order, filters, counts, JSON, text, HTML, pandas."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgshape import Org, Position
from orgshape.exceptions import StructureError, UnknownPositionError
from orgshape.io import example
from orgshape.rules import Finding, Policy, Report, Severity, load_policy, validate
from tests.inert import HOSTILE, assert_inert, inert_line


def fnd(code: str, severity: str, *ids: str, row: int | None = None, message: str = "m") -> Finding:
    return Finding(
        code=code,
        name=code.lower().replace("_", "-"),
        severity=severity,
        ids=ids,
        message=message,
        row=row,
    )


@pytest.fixture(scope="module")
def report() -> Report:
    return validate(example())


class TestOrder:
    def test_sorted(self) -> None:
        """Severity first (errors first), then row (missing rows last), code and ids."""
        r = Report(
            [
                fnd("B_RULE", "info", "x", row=1),
                fnd("A_RULE", "warning", "y"),
                fnd("A_RULE", "warning", "b", row=5),
                fnd("A_RULE", "warning", "a", row=5),
                fnd("Z_RULE", "error", "z", row=9),
            ]
        )
        assert [(f.code, f.ids) for f in r] == [
            ("Z_RULE", ("z",)),
            ("A_RULE", ("a",)),
            ("A_RULE", ("b",)),
            ("A_RULE", ("y",)),
            ("B_RULE", ("x",)),
        ]

    def test_sequence(self, report: Report) -> None:
        """A report is a read-only sequence of findings."""
        assert len(report) == len(list(report)) == len(report.findings)
        assert report[0] is report.findings[0]
        assert report[:2] == report.findings[:2]
        assert bool(report)
        assert not bool(Report())
        assert repr(report) == "<Report 1 error, 6 warnings, 5 info in example_org.csv>"

    def test_only_findings(self) -> None:
        """A report refuses anything but findings."""
        with pytest.raises(TypeError, match="Finding records"):
            Report(["oops"])  # type: ignore[list-item]


class TestQueries:
    def test_ok(self) -> None:
        """ok means no errors; warnings and infos do not fail it."""
        assert Report([fnd("A_RULE", "warning"), fnd("B_RULE", "info")]).ok
        assert not Report([fnd("A_RULE", "error")]).ok
        assert Report().ok

    def test_counts_every_severity(self) -> None:
        """counts() lists every severity, errors first, zeros included."""
        assert list(Report([fnd("A_RULE", "info")]).counts().items()) == [
            (Severity.ERROR, 0),
            (Severity.WARNING, 0),
            (Severity.INFO, 1),
        ]

    def test_by_severity(self, report: Report) -> None:
        """errors/warnings/infos split the findings."""
        assert [f.code for f in report.errors] == ["LEVEL_INVERSION"]
        assert len(report.warnings) == 6
        assert [f.code for f in report.infos] == [
            *["PARTNER_COVERAGE"] * 3,
            "SMALL_PORTFOLIO",
            "PROMOTION_CANDIDATE",
        ]

    def test_filter_severity(self, report: Report) -> None:
        """severity= is a minimum."""
        assert len(report.filter(severity="warning")) == 7
        assert len(report.filter(severity=Severity.ERROR)) == 1
        with pytest.raises(ValueError, match="fatal"):
            report.filter(severity="fatal")

    def test_filter_code(self, report: Report) -> None:
        """code= takes a code, a name, or several."""
        assert [f.id for f in report.filter(code="SPAN_ABOVE_RANGE")] == ["P013"]
        assert [f.id for f in report.filter(code="one-over-one")] == ["P006"]
        assert len(report.filter(code=["one-over-one", "SMALL_PORTFOLIO"])) == 2

    def test_filter_id(self, report: Report) -> None:
        """id= keeps findings that involve the person anywhere."""
        assert {f.code for f in report.filter(id="P053")} == {
            "LEVEL_INVERSION",
            "IC_WITH_REPORTS",
            "PARTNER_COVERAGE",  # a Senior PM of the Payments team, which is short of designers
        }

    def test_filter_root(self, report: Report) -> None:
        """root= keeps findings about anyone in that team."""
        platform = report.filter(root="007")
        assert {f.code for f in platform} == {
            "SPAN_ABOVE_RANGE",
            "SHARED_PRODUCT",
            "SMALL_PORTFOLIO",
            "PARTNER_COVERAGE",
        }
        assert {f.code for f in report.filter(root="P006")} == {
            "ONE_OVER_ONE",
            "PARTNER_COVERAGE",
            "PROMOTION_CANDIDATE",
        }
        with pytest.raises(UnknownPositionError):
            report.filter(root="nobody")

    def test_filter_root_needs_org(self) -> None:
        """A report built by hand has no org to find a team in."""
        with pytest.raises(StructureError, match="needs the org"):
            Report([fnd("A_RULE", "info", "1")]).filter(root="1")

    def test_filters_combine(self, report: Report) -> None:
        """Filters combine with AND and keep org and policy."""
        filtered = report.filter(severity="warning", root="007", code="span-above-range")
        assert [f.id for f in filtered] == ["P013"]
        assert filtered.org is report.org
        assert filtered.policy is report.policy


class TestData:
    def test_to_dict(self, report: Report) -> None:
        """to_dict has a schema version, the source, ok, counts and every finding."""
        data = report.to_dict()
        assert data["schema_version"] == 2
        assert data["source"] == "example_org.csv"
        assert data["ok"] is False
        assert data["counts"] == {"error": 1, "warning": 6, "info": 5}
        assert data["findings"][0] == {
            "code": "LEVEL_INVERSION",
            "name": "level-inversion",
            "severity": "error",
            "ids": ["P053", "P022"],
            "message": report[0].message,
            "hint": report[0].hint,
            "row": 54,
            "source": "example_org.csv",
        }

    def test_json_deterministic(self) -> None:
        """Two validations of the same org give byte-identical JSON with sorted keys."""
        a, b = validate(example()).to_json(), validate(example()).to_json()
        assert a == b
        assert json.loads(a) == validate(example()).to_dict()
        assert list(json.loads(a)) == sorted(json.loads(a))
        assert "Siobhán" in a  # not \\u-escaped

    def test_policy_source(self, tmp_path: Path) -> None:
        """The JSON names the policy file used."""
        path = tmp_path / "orgshape.toml"
        path.write_text("max_layers = 6\n")
        assert validate(example(), load_policy(path)).to_dict()["policy"] == str(path)

    def test_to_pandas(self, report: Report) -> None:
        """to_pandas has one row per finding and a nullable integer row column."""
        pd = pytest.importorskip("pandas")
        frame = report.to_pandas()
        assert list(frame.columns) == [
            "severity",
            "code",
            "name",
            "id",
            "ids",
            "message",
            "hint",
            "row",
            "source",
        ]
        assert len(frame) == len(report)
        assert str(frame["row"].dtype) == "Int64"
        assert frame.loc[0, "ids"] == ("P053", "P022")
        assert pd.isna(Report([fnd("A_RULE", "info")]).to_pandas().loc[0, "row"])

    def test_to_pandas_missing(self, report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas, to_pandas says which extra to install."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(ImportError, match=r"pip install 'orgshape\[pandas\]'"):
            report.to_pandas()


class TestText:
    def test_grouped_by_severity(self, report: Report) -> None:
        """The text form groups by severity with rows, ids, messages and hints."""
        text = str(report)
        assert text.index("Errors (1)") < text.index("Warnings (6)") < text.index("Info (5)")
        assert "  row 14 · P013 · SPAN_ABOVE_RANGE (span-above-range)\n    Hannah Schmidt" in text
        assert "    hint: split the team" in text
        assert text.endswith("1 error, 6 warnings, 5 info in example_org.csv")

    def test_empty(self) -> None:
        """An empty report says so."""
        assert str(Report()) == "No findings (0 errors, 0 warnings, 0 info)."

    def test_deterministic(self) -> None:
        """The text of two validations is identical."""
        assert str(validate(example())) == str(validate(example()))


class TestNotebook:
    def test_mimebundle(self, report: Report) -> None:
        """The notebook display has an HTML table and the text form."""
        bundle = report._repr_mimebundle_()
        assert set(bundle) == {"text/html", "text/plain"}
        assert bundle["text/plain"] == str(report)
        assert bundle["text/html"].count("<tr class=") == len(report)

    def test_html_escaped(self) -> None:
        """Names and titles are escaped in HTML: no markup gets through."""
        org = Org(
            [
                Position(id="1", name="<script>alert(1)</script>", title="Head of Product"),
                Position(id="2", name="Bo & <b>Co</b>", title="Director of Product", manager="1"),
                *[Position(id=f"{k}", name=f"P{k}", title="PM", manager="2") for k in range(3, 6)],
            ]
        )
        html = validate(org)._repr_mimebundle_()["text/html"]
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        assert "&lt;b&gt;" in html

    def test_never_raises(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A display that fails falls back to text instead of raising."""
        report = Report([fnd("A_RULE", "info")])

        def boom(self: Report) -> str:
            raise RuntimeError("no html today")

        monkeypatch.setattr(Report, "_html", boom)
        assert report._repr_mimebundle_() == {
            "text/plain": f"{report}\n(no HTML view: RuntimeError: no html today)"
        }
        monkeypatch.setattr(Report, "__str__", boom)
        assert "cannot display" in report._repr_mimebundle_()["text/plain"]

    def test_large_report_truncated(self) -> None:
        """The HTML table shows at most 500 findings, with a note."""
        report = Report([fnd("A_RULE", "info", str(k), row=k) for k in range(600)])
        html = report._repr_mimebundle_()["text/html"]
        assert html.count("<tr class=") == 500
        assert "and 100 more findings" in html


class TestFinding:
    def test_str_and_id(self) -> None:
        """A finding prints with its source row and knows its main person."""
        f = Finding(
            code="X_Y",
            name="x-y",
            severity="info",
            ids=("a", "b"),
            message="m",
            row=3,
            source="o.csv",
        )
        assert str(f) == "o.csv:3: info X_Y: m"
        assert f.id == "a"
        assert Finding(code="X_Y", name="x-y", severity="info", message="m").id is None

    def test_validation(self) -> None:
        """Codes are UPPER_SNAKE, names kebab-case, severities known."""
        with pytest.raises(ValueError, match="UPPER_SNAKE"):
            Finding(code="x", name="x", severity="info", message="m")
        with pytest.raises(ValueError, match="kebab-case"):
            Finding(code="X", name="X", severity="info", message="m")
        with pytest.raises(ValueError, match="'fatal'"):
            Finding(code="X", name="x", severity="fatal", message="m")

    def test_severity_order(self) -> None:
        """Severities compare by badness, also against their string values."""
        assert Severity.INFO < Severity.WARNING < Severity.ERROR
        assert Severity.ERROR >= "warning"
        assert not Severity.INFO > "info"
        assert max(Severity) is Severity.ERROR
        with pytest.raises(TypeError):
            _ = Severity.INFO < 3


class TestProperties:
    @settings(max_examples=50, deadline=None)
    @given(
        st.lists(
            st.builds(
                fnd,
                st.sampled_from(["A_RULE", "B_RULE", "CYCLE"]),
                st.sampled_from(["error", "warning", "info"]),
                st.text("abc", max_size=2),
                row=st.none() | st.integers(1, 20),
                message=st.text(max_size=10),
            ),
            max_size=30,
        )
    )
    def test_order_independent(self, findings: list[Finding]) -> None:
        """The same findings in any order make the same report and the same JSON."""
        a, b = Report(findings), Report(list(reversed(findings)))
        assert a == b
        assert a.to_json() == b.to_json()
        assert str(a) == str(b)
        assert sum(a.counts().values()) == len(a)
        assert len(a.filter(severity="info")) == len(a)

    def test_policy_kept(self) -> None:
        """A report keeps the policy it was made with."""
        policy = Policy(max_layers=4)
        assert validate(example(), policy).policy is policy


def hostile_org() -> Org:
    people = [Position(id="top\x1b[2J", name=HOSTILE[0], title="Director of Product")]
    people += [
        Position(id=f"p{k}\u202e", name=name, title="Product Manager", manager="top\x1b[2J")
        for k, name in enumerate(HOSTILE[1:])
    ]
    people.append(Position(id="solo", name=HOSTILE[3], title="Director", manager="p1\u202e"))
    people.append(Position(id="x", name="PM of one", title="PM", manager="solo"))
    return Org(people)


class TestHostileData:
    def test_text_is_inert(self) -> None:
        """Control and bidi characters in names and ids show as visible codes in str()."""
        report = validate(hostile_org())
        text = str(report)
        assert_inert(text)
        assert "Ana[U+001B][31mRed" in text
        assert "Di[U+000D][U+000A]0 errors[U+000D][U+000A]::error file=x::forged" in text
        lines = text.splitlines()
        assert [line for line in lines if line.lstrip().startswith(("0 errors", "::"))] == [
            lines[-1]
        ]
        assert lines[-1] == "0 errors, 6 warnings, 0 info"

    def test_findings_print_inert(self) -> None:
        """A finding's str() is inert too."""
        for finding in validate(hostile_org()):
            assert_inert(str(finding))

    def test_data_is_unchanged(self) -> None:
        """Escaping is for display only: the findings keep the exact text."""
        report = validate(hostile_org())
        assert any("Ana\x1b[31mRed\x1b[0m" in f.message for f in report)

    def test_json_is_inert_and_exact(self) -> None:
        """to_json() parses back to to_dict(), with controls as \\u escapes."""
        report = validate(hostile_org())
        text = report.to_json()
        assert_inert(text)
        assert "\\u001b[31m" in text
        assert json.loads(text) == report.to_dict()

    def test_html_is_escaped_inert_and_left_aligned(self) -> None:
        """The notebook HTML has no raw control or bidi character; messages align left."""
        report = validate(hostile_org())
        html = report._repr_mimebundle_()["text/html"]
        assert inert_line(html)
        assert "[U+202E]" in html
        assert '<td style="text-align:left">the top of the org is Ana[U+001B]' in html
        assert '<td style="text-align:right">' in html  # the row column
