"""The interactive chart page, read as a file (the browser tests use it in Chromium)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import orgshape
import orgshape.io
from orgshape import Org, Position
from orgshape._display import script_json
from orgshape.cli import main
from orgshape.render._html import notebook_height, notebook_html, page_data

_DATA = re.compile(r'<script type="application/json" id="orgshape-data">(.*?)</script>', re.S)
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def hostile_org() -> Org:
    return Org(
        [
            Position(
                id="1",
                name="</script><script>alert(1)</script>",
                title="<!-- <img src=x onerror=alert(2)>",
                location="javascript:alert(3)",
                extra={"</style>": "{{script}}"},
            ),
            Position(id="2", name="\u202eevil\u2028x", title="&amp;", manager="1"),
        ]
    )


class TestScriptJson:
    """The data cannot close its script element and parses back unchanged."""

    @given(st.recursive(st.text() | st.integers() | st.none(), lambda c: st.lists(c, max_size=4)))
    def test_round_trip_and_no_markup(self, value: object) -> None:
        """Any value parses back to itself and its text holds no < > & or line separator."""
        text = script_json(value)
        assert json.loads(text) == value
        assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}


class TestPage:
    """The page's markup, policy and data."""

    def test_save_writes_one_self_contained_file(self, tmp_path: Path) -> None:
        """``save('x.html')`` writes a page that loads nothing: no src, href or link."""
        org = orgshape.example()
        path = orgshape.chart(org, highlight=orgshape.validate(org)).save(tmp_path / "org.html")
        page = path.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>")
        markup = _DATA.sub("", page)
        assert re.search(r"\s(src|href)\s*=", _SCRIPT.sub("", markup)) is None
        assert "<link" not in markup
        assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in page
        assert orgshape.chart(org).pipe("html").startswith(b"<!DOCTYPE html>")

    def test_csp_allows_only_the_pages_own_code(self) -> None:
        """The policy names the hashes of the one script and the one stylesheet."""
        page = orgshape.chart(orgshape.example()).html
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
        assert csp is not None
        policy = csp.group(1)
        scripts = _SCRIPT.findall(page)
        styles = _STYLE.findall(page)
        assert len(scripts) == 1
        assert len(styles) == 1
        assert f"script-src {sha256(scripts[0])};" in policy
        assert f"style-src {sha256(styles[0])};" in policy
        assert "default-src 'none'" in policy
        assert "unsafe" not in policy
        assert "eval(" not in scripts[0]
        assert "innerHTML" not in scripts[0]

    def test_hostile_strings_stay_in_the_data(self) -> None:
        """User strings appear only inside the JSON, escaped, and parse back visibly."""
        page = orgshape.chart(hostile_org(), title="</title><script>x()</script>").html
        data = _DATA.findall(page)
        assert len(data) == 1
        assert "<" not in data[0]
        outside = _DATA.sub("", page)
        for text in ("alert(", "javascript:", "{{script}}", "x()", "evil"):
            assert text not in outside
        values = json.loads(data[0])
        assert values["name"][0] == "</script><script>alert(1)</script>"
        assert values["name"][1] == "[U+202E]evil[U+2028]x"
        assert values["heading"] == "</title><script>x()</script>"

    def test_data_covers_the_whole_scope(self) -> None:
        """The page carries every position of the scope, whatever max_depth says."""
        org = orgshape.example()
        data = page_data(org, orgshape.ChartOptions(max_depth=2, collapse=["P002"]))
        assert data["id"] == list(org.view.ids)
        assert data["name"][0] == org.at(0).display_name
        assert data["initial"]["depth"] == 2
        assert [data["id"][v] for v in data["initial"]["closed"]] == ["P002"]
        focused = page_data(org, orgshape.ChartOptions(root="P012"))
        assert len(focused["id"]) == len(org.view.subtree(org.index("P012")))
        assert page_data(org, orgshape.ChartOptions())["initial"] is None

    def test_findings_keep_hints_and_people(self) -> None:
        """Every finding is listed with its message, hint and the people it names."""
        org = orgshape.example()
        report = orgshape.validate(org)
        data = page_data(org, orgshape.ChartOptions(highlight=report))
        assert len(data["findings"]) == len(report)
        by_code = {(f["code"], f["message"]): f for f in data["findings"]}
        for finding in report:
            listed = by_code[str(finding.code), finding.message]
            assert listed["hint"] in (finding.hint, "")
            assert {data["id"][v] for v in listed["nodes"]} <= set(finding.ids)

    def test_diff_chart_page_has_ghosts(self) -> None:
        """A diff chart's page draws the removed seats."""
        org = orgshape.example()
        page = orgshape.diff(org, org.remove("P009")).chart().html
        values = json.loads(_DATA.findall(page)[0])
        assert sum(values["ghost"]) == 1
        assert values["markKinds"]


class TestNotebook:
    """The notebook shows the page in a sandboxed frame, the SVG and text as fallbacks."""

    def test_bundle(self) -> None:
        """Chart, Org and Diff.chart() give text/html, image/svg+xml and text/plain."""
        org = orgshape.example()
        for shown in (orgshape.chart(org), org, orgshape.diff(org, org.remove("P009")).chart()):
            bundle = shown._repr_mimebundle_()
            assert set(bundle) == {"text/html", "image/svg+xml", "text/plain"}
            frame = bundle["text/html"]
            assert '<iframe srcdoc="&lt;!DOCTYPE html&gt;' in frame
            assert 'sandbox="allow-scripts"' in frame
            assert "allow-same-origin" not in frame
            assert 'src="data:image/svg+xml;base64,' in frame

    def test_small_chart_is_not_blown_up(self) -> None:
        """A small chart gets a short frame; a big one is capped."""
        org = Org(
            [
                Position(id="1", name="Ana", title="CPO"),
                Position(id="2", name="Bo", title="PM", manager="1"),
            ]
        )
        small = orgshape.chart(org)._repr_mimebundle_()["text/html"]
        height = int(re.search(r"height:(\d+)px", small).group(1))  # type: ignore[union-attr]
        assert height == 260
        assert notebook_height(10**6) == 640
        assert notebook_height(0) == 260

    def test_frame_escapes_the_page(self) -> None:
        """The page goes into srcdoc as an attribute value that cannot end early."""
        frame = notebook_html('<p title="x">&</p>', height=300)
        assert 'srcdoc="&lt;p title=&quot;x&quot;&gt;&amp;&lt;/p&gt;"' in frame


class TestCommandLine:
    """``orgshape render`` and ``orgshape diff`` write pages."""

    def test_render_and_diff(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``-o org.html`` writes the interactive chart."""
        org = orgshape.example()
        a, b = tmp_path / "a.csv", tmp_path / "b.csv"
        orgshape.io.write(org, a)
        orgshape.io.write(org.remove("P009"), b)
        assert main(["render", str(a), "-o", str(tmp_path / "org.html"), "--highlight"]) == 0
        assert (tmp_path / "org.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert main(["diff", str(a), str(b), "-o", str(tmp_path / "reorg.html")]) == 0
        page = (tmp_path / "reorg.html").read_text(encoding="utf-8")
        assert sum(json.loads(_DATA.findall(page)[0])["ghost"]) == 1
        capsys.readouterr()
