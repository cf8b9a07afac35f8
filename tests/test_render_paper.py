"""Charts on paper: numbered findings, roll-up badges and dotted lines that read right."""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pptx
import pypdf
import pytest
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE

import orgshape
from orgshape import InputError, Org, cli
from orgshape._warnings import OrgShapeWarning
from orgshape.render import _chart, _size, chart
from orgshape.render._dot import TABLE_ROWS
from orgshape.render._dotted import route
from orgshape.render._pages import plan, plan_pages
from orgshape.render._size import png_size
from tests.test_render import Finding, generated, small_org


def with_dotted(n: int, *, every: int, seed: int = 1) -> Org:
    """``generated(n)`` where every ``every``-th person has a dotted line to someone else."""
    rng = random.Random(seed)
    people = list(generated(n, seed=seed))
    out = []
    for k, p in enumerate(people):
        if k and k % every == 0:
            p = attrs.evolve(p, dotted_line=(str(rng.randrange(1, k)),))
        out.append(p)
    return Org(out)


def deep_findings(org: Org, *, errors: int, warnings: int) -> list[Finding]:
    """Findings about the deepest people of ``org`` (errors about the very deepest)."""
    view = org.view
    deepest = sorted(range(len(org)), key=lambda i: -view.layers[i])
    ids = [view.ids[i] for i in deepest]
    found = [Finding((ids[k],), "error", f"error {k}", "E_RULE") for k in range(errors)]
    found += [
        Finding((ids[errors + k],), "warning", f"warning {k}", "W_RULE") for k in range(warnings)
    ]
    return found


class TestNumberedFindings:
    def test_numbers_errors_first_and_table(self) -> None:
        """Findings are numbered errors first; the table lists number, rule, people, message."""
        findings = [
            Finding(("5",), "warning", "Fay has one report", "ONE_OVER_ONE"),
            Finding(("4", "9"), "error", "Cy manages Eve badly", "BAD"),
        ]
        c = chart(small_org(), highlight=findings)
        rows = c._scene.finding_rows()
        assert rows == [
            (1, "error", "BAD", "Cy Diaz, Eve Okafor", "Cy manages Eve badly"),
            (2, "warning", "ONE_OVER_ONE", "Fay Ng", "Fay has one report"),
        ]
        table = next(line for line in c.source.splitlines() if line.startswith("\tfindings "))
        for text in ("Findings (2)", "BAD", "Cy Diaz, Eve Okafor", "Fay has one report"):
            assert text in table
        callouts = {
            m[1]: m[2] for m in re.finditer(r"^\t(f\d+) \[label=<<b>([^<]*)</b>>", c.source, re.M)
        }
        assert callouts == {"f3": "✖1", "f8": "✖1", "f4": "▲2"}

    def test_legend_says_no_hover(self) -> None:
        """On paper there is no hovering: the legend points at the numbers and the table."""
        source = chart(small_org(), highlight=[Finding(("5",), "info", "m", "I")]).source
        assert "hover" not in source
        assert "numbered as in the findings table" in source

    def test_numbers_are_the_same_in_every_view(self) -> None:
        """A finding keeps its number whether the chart shows the whole org or one team."""
        org = orgshape.example()
        report = orgshape.validate(org)
        whole = {(r[2], r[4]): r[0] for r in chart(org, highlight=report)._scene.finding_rows()}
        team = chart(org, root="P009", highlight=report)._scene.finding_rows()
        assert team
        for number, _, code, _, message in team:  # a view names only the people it shows
            assert whole[code, message] == number

    def test_table_is_capped_with_a_pointer_to_all(self) -> None:
        """Past 40 findings the table says how many more and where to see them all."""
        org = generated(300)
        c = chart(org, highlight=deep_findings(org, errors=2, warnings=60))
        table = next(line for line in c.source.splitlines() if line.startswith("\tfindings "))
        assert table.count("<tr>") == TABLE_ROWS + 3  # title, header, rows, the "more" row
        assert "… and 22 more findings" in table
        assert "paged PDF" in table

    def test_table_can_be_left_out(self) -> None:
        """findings_table=False: no table; the legend lists org-wide findings again."""
        findings = [Finding((), "warning", "too many layers", "MAX_LAYERS")]
        source = chart(small_org(), highlight=findings, findings_table=False).source
        assert "\tfindings " not in source
        assert "MAX_LAYERS: too many layers" in source


class TestRollUp:
    def test_collapsed_view_never_hides_an_error(self) -> None:
        """2,000 people, 1 error and 67 warnings, drawn 3 layers deep: badges count them all."""
        org = generated(2000, seed=3)
        findings = deep_findings(org, errors=1, warnings=67)
        c = chart(org, max_depth=3, highlight=findings)
        scene = c._scene
        assert not scene.flags  # nobody flagged is drawn
        errors = sum(r.get("error", 0) for r in scene.rollup.values())
        warnings = sum(r.get("warning", 0) for r in scene.rollup.values())
        assert (errors, warnings) == (1, 67)
        badges = [line for line in c.source.splitlines() if line.startswith("\th")]
        assert any("✖1" in line for line in badges)
        assert len(scene.finding_rows()) == 68

    def test_badge_counts_open_roles(self) -> None:
        """A collapsed team's badge counts its hidden open roles too."""
        c = chart(small_org(), collapse=["4"])
        badge = next(line for line in c.source.splitlines() if line.startswith("\th3 "))
        assert "+3 · 1 open" in badge
        assert "1 of them open roles" in badge

    def test_callout_on_the_collapsed_box(self) -> None:
        """A finding about a hidden person puts its number on the box that hides them."""
        c = chart(small_org(), collapse=["4"], highlight=[Finding(("9",), "error", "m", "E")])
        box = c._scene.node_of[c.org.index("4")]
        assert c._scene.callouts == {box: [("error", 1)]}


class TestDottedLines:
    def _route(self, c: orgshape.Chart) -> list[float]:
        (line,) = route(c._scene, c._scene.dotted)
        assert line is not None
        return line

    def test_small_chart_routes_around_boxes(self) -> None:
        """A routed dotted line is orthogonal, crosses no box, and ends on both borders."""
        org = orgshape.example()
        c = chart(org)
        scene = c._scene
        assert scene.dotted_mode == "route"
        line = self._route(c)
        w, h = scene.labels.width, scene.labels.height
        lay = scene.layout
        boxes = [(x - w / 2, y, x + w / 2, y + h) for x, y in zip(lay.x, lay.y, strict=True)]
        for k in range(0, len(line) - 2, 2):
            x0, y0, x1, y1 = line[k : k + 4]
            assert x0 == x1 or y0 == y1
            for left, top, right, bottom in boxes:
                assert not (
                    min(x0, x1) < right - 0.5
                    and max(x0, x1) > left + 0.5
                    and min(y0, y1) < bottom - 0.5
                    and max(y0, y1) > top + 0.5
                )
        (m, v) = scene.dotted[0]

        def on_border(x: float, y: float, b: int) -> bool:
            left, top, right, bottom = boxes[b]
            return (x in (left, right) and top <= y <= bottom) or (
                y in (top, bottom) and left <= x <= right
            )

        assert on_border(line[0], line[1], m)
        assert on_border(line[-2], line[-1], v)
        edge = next(row for row in c.source.splitlines() if "dotted_line" in row)
        assert 'arrowhead="vee"' in edge

    def test_tags_name_the_manager(self) -> None:
        """In tag mode the report's box says "⋯ Kwame Mensah" and no line is drawn."""
        c = chart(orgshape.example(), dotted_lines="tag")
        assert "dotted_line" not in c.source
        row = next(line for line in c.source.splitlines() if "Björn Lindqvist" in line)
        assert "⋯ Kwame Mensah" in row

    def test_big_charts_get_tags(self) -> None:
        """Past 200 boxes (or 24 dotted lines) auto mode tags instead of routing."""
        org = with_dotted(600, every=40)
        c = chart(org)
        assert c._scene.dotted_mode == "tag"
        assert "⋯ Person" in c.source
        assert "dotted_line" not in c.source
        assert chart(org, max_depth=3)._scene.dotted_mode == "route"

    def test_undrawn_manager_is_tagged(self) -> None:
        """A dotted-line manager outside the drawn part is named by a tag, even in route mode."""
        c = chart(orgshape.example(), root="P012", dotted_lines="route")
        row = next(line for line in c.source.splitlines() if "Björn Lindqvist" in line)
        assert "⋯ Kwame Mensah" in row

    def test_routes_are_deterministic(self) -> None:
        """The same chart routes its dotted lines the same way."""
        org = with_dotted(150, every=12)
        assert chart(org).source == chart(org).source

    def test_bad_style(self) -> None:
        """An unknown style lists the valid ones."""
        with pytest.raises(InputError, match="auto, route, tag, none"):
            chart(small_org(), dotted_lines="curvy")

    def test_none_draws_nothing(self) -> None:
        """dotted_lines='none' (or False) neither routes nor tags."""
        for value in ("none", False):
            source = chart(orgshape.example(), dotted_lines=value).source
            assert "dotted_line" not in source
            assert "⋯" not in source


class TestSizes:
    def test_png_scale_and_dpi(self) -> None:
        """A PNG is 2× (192 dpi) by default; scale= and dpi= set its pixel size."""
        c = chart(small_org())
        width = c.size[0]
        default = png_size(c.pipe("png"))
        one = png_size(c.pipe("png", scale=1))
        three = png_size(c.pipe("png", dpi=288))
        assert one[0] == pytest.approx(width / 72 * 96, rel=0.01)
        assert default[0] == pytest.approx(2 * one[0], rel=0.01)
        assert default[1] == pytest.approx(2 * one[1], rel=0.01)
        assert three[0] == pytest.approx(3 * one[0], rel=0.01)

    def test_scale_and_dpi_checked(self, tmp_path: Path) -> None:
        """Both at once, or a silly value, or a scale for SVG, is an error that says why."""
        c = chart(small_org())
        with pytest.raises(InputError, match="not both"):
            c.pipe("png", scale=2, dpi=96)
        with pytest.raises(InputError, match=r"scale must be a number from 0\.1 to 10"):
            c.pipe("png", scale=0)
        with pytest.raises(InputError, match="for PNG output"):
            c.save(tmp_path / "a.svg", scale=2)

    def test_size_matches_the_drawing(self) -> None:
        """Chart.size is the SVG's size in points."""
        c = chart(orgshape.example(), highlight=orgshape.validate(orgshape.example()))
        match = re.search(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"', c.pipe("svg"))
        assert match
        assert float(match[1]) == pytest.approx(c.size[0], rel=0.01)
        assert float(match[2]) == pytest.approx(c.size[1], rel=0.02)

    def test_big_svg_warns_once_with_the_fixes(self) -> None:
        """A 2,000-person SVG past 200 inches gets one warning naming the fixes."""
        c = chart(generated(2000, seed=3))
        assert max(c.size) > 200 * 72
        with pytest.warns(OrgShapeWarning) as caught:
            c.pipe("svg")
        assert len(caught) == 1
        message = str(caught[0].message)
        for word in ("max_depth=", "root=", "pages="):
            assert word in message

    def test_png_past_readable_size_warns(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Past the readable pixel size a PNG is drawn as asked, with a warning."""
        monkeypatch.setattr(_size, "READABLE_PX", 500)
        c = chart(small_org())
        with pytest.warns(OrgShapeWarning, match="past 500 px on a side"):
            data = c.pipe("png")
        assert png_size(data)[0] == pytest.approx(c.size[0] / 72 * 192, rel=0.01)

    def test_png_past_graphviz_limit_is_drawn_smaller_and_said(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Past Graphviz's limit orgshape lowers the dpi itself and says so."""
        monkeypatch.setattr(_size, "READABLE_PX", 500)
        monkeypatch.setattr(_size, "GRAPHVIZ_MAX_PX", 1000)
        c = chart(small_org())
        with pytest.warns(OrgShapeWarning, match=r"drawn at \d+ dpi instead") as caught:
            data = c.pipe("png")
        assert len(caught) == 1
        assert max(png_size(data)) <= 1000

    def test_graphviz_shrink_is_never_silent(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """If Graphviz still draws the PNG smaller than asked, a warning says so."""
        c = chart(small_org())
        small = c.pipe("png", scale=1)
        monkeypatch.setattr(_chart, "render", lambda *a, **k: small)
        with pytest.warns(OrgShapeWarning, match="Graphviz drew the PNG"):
            c.pipe("png", scale=2)

    def test_pdf_past_200_inches_fits_the_page(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A PDF past the page size viewers accept is scaled to fit, with a warning."""
        monkeypatch.setattr(_size, "MAX_INCHES", 10.0)
        c = chart(orgshape.example())
        with pytest.warns(OrgShapeWarning, match="scaled down to fit"):
            data = c.pipe("pdf")
        page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
        assert max(float(page.mediabox.width), float(page.mediabox.height)) <= 10 * 72 + 1

    def test_cli_names_the_flags(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """On the command line the size warning names --max-depth, --root and --pages."""
        data = tmp_path / "org.csv"
        orgshape.write(generated(2000, seed=3), data)
        assert cli.main(["render", str(data), "-o", str(tmp_path / "org.svg"), "--isolated"]) == 0
        err = capsys.readouterr().err
        assert err.count("warning: the chart is") == 1
        for flag in ("--max-depth N", "--root ID", "--pages"):
            assert flag in err


class TestPagedPdf:
    def test_example_pages(self, tmp_path: Path) -> None:
        """Overview first, a page per team that did not fit, findings last; A4 landscape."""
        org = orgshape.example()
        report = orgshape.validate(org)
        c = chart(org, highlight=report)
        plan = plan_pages(c, True)
        path = c.save(tmp_path / "org.pdf", pages=True)
        reader = pypdf.PdfReader(path)
        assert len(reader.pages) == len(plan) > 3
        for page in reader.pages:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == (841.9, 595.3)
        assert plan[0].title == "Overview"
        assert plan[-1].title == "Findings"
        assert [row[0] for row in plan[-1].findings] == list(range(1, len(report) + 1))
        texts = [page.extract_text() for page in reader.pages]
        assert f"page 1 of {len(plan)}" in texts[0]
        assert "LEVEL_INVERSION" in texts[-1]
        titles = [getattr(item, "title", None) for item in reader.outline]
        assert titles == [p.title for p in plan]

    def test_everyone_is_on_some_page(self) -> None:
        """Every position of the org is drawn on at least one page."""
        org = generated(600, seed=4)
        drawn: set[int] = set()
        for page in plan_pages(chart(org), "letter"):
            assert page.chart is not None
            drawn.update(s for s in page.chart._scene.tree.src if s >= 0)
        assert drawn == set(range(len(org)))

    def test_pages_are_readable(self) -> None:
        """Every team page fits its page at 72 % or more (names of 8 pt or more)."""
        for page in plan_pages(chart(generated(600, seed=4)), "a4"):
            assert page.chart is not None
            w, h = page.chart.size
            if len(page.chart._scene.tree) > 3:
                assert min((841.9 - 56) / w, (595.3 - 74) / h) >= 0.72

    def test_page_sizes_and_errors(self, tmp_path: Path) -> None:
        """Letter pages are 792 × 612 pt; a bad size or a non-PDF file is an error."""
        c = chart(small_org())
        reader = pypdf.PdfReader(c.save(tmp_path / "a.pdf", pages="letter"))
        assert {(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages} == {
            (792.0, 612.0)
        }
        with pytest.raises(InputError, match="a4, a3, letter, tabloid"):
            c.save(tmp_path / "b.pdf", pages="b5")
        with pytest.raises(InputError, match="paged PDF"):
            c.save(tmp_path / "b.svg", pages=True)

    def test_plain_pdf_needs_no_pypdf(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """A single-page PDF is written without pikepdf; a paged one names the extra."""
        monkeypatch.setitem(sys.modules, "pikepdf", None)
        c = chart(small_org())
        assert c.save(tmp_path / "a.pdf").read_bytes()[:4] == b"%PDF"
        with pytest.raises(ImportError, match=r"orgshape\[pdf\]"):
            c.save(tmp_path / "b.pdf", pages=True)

    def test_cli_pages(self, tmp_path: Path) -> None:
        """orgshape render --pages writes a paged PDF."""
        data = tmp_path / "org.csv"
        orgshape.write(orgshape.example(), data)
        out = tmp_path / "org.pdf"
        argv = ["render", str(data), "-o", str(out), "--pages", "--highlight", "--isolated"]
        assert cli.main(argv) == 0
        assert len(pypdf.PdfReader(out).pages) > 3


class TestOnly:
    def test_only_draws_chains(self) -> None:
        """only= draws those people and their managers' chains; +N counts who is left out."""
        c = chart(small_org(), only=["9"])
        view = c.org.view
        assert sorted(view.ids[s] for s in c._scene.tree.src) == ["1", "2", "4", "9"]
        hidden = {view.ids[s]: c._scene.tree.hidden[v] for v, s in enumerate(c._scene.tree.src)}
        assert hidden == {"1": 5, "2": 3, "4": 2, "9": 0}
        assert sum(hidden.values()) + 4 == len(c.org)

    def test_only_unknown_id(self) -> None:
        """An id the org does not have is an error."""
        with pytest.raises(orgshape.UnknownPositionError):
            chart(small_org(), only=["nope"])


NEEDS_SOFFICE = os.environ.get("ORGSHAPE_REQUIRE_SOFFICE") == "1"


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, orgshape.Chart]:
    """The bundled example, highlighted, saved as a deck."""
    org = orgshape.example()
    c = chart(org, highlight=orgshape.validate(org))
    path = c.save(tmp_path_factory.mktemp("deck") / "org.pptx")
    return path, c


def _boxes(slide: Any) -> list[Any]:
    return [s for s in slide.shapes if s.name.startswith("box ")]


class TestPowerPoint:
    def test_slides(self, deck: tuple[Path, orgshape.Chart]) -> None:
        """An overview slide, one per leader's team, findings last; all 16:9."""
        path, _ = deck
        prs = pptx.Presentation(str(path))
        assert (prs.slide_width, prs.slide_height) == (12_192_000, 6_858_000)
        titles = [s.shapes[0].text_frame.text for s in prs.slides]
        assert titles[0] == "Overview"
        assert titles[-1] == "Findings"
        assert any(t.startswith("Kwame Mensah — Head of Product, Platform") for t in titles)
        assert len(titles) > 4

    def test_boxes_are_native_and_connectors_glued(self, deck: tuple[Path, orgshape.Chart]) -> None:
        """Boxes are rounded rectangles with their text; every line is glued to both boxes."""
        prs = pptx.Presentation(str(deck[0]))
        overview = prs.slides[0]
        boxes = _boxes(overview)
        names = {b.name: b.text_frame.paragraphs[0].runs[0].text for b in boxes}
        assert names["box P001"] == "Amara Okafor"
        assert all(b.auto_shape_type == MSO_SHAPE.ROUNDED_RECTANGLE for b in boxes)
        connectors = [s for s in overview.shapes if s.shape_type == MSO_SHAPE_TYPE.LINE]
        assert len(connectors) == len(boxes) - 1
        ids = {b.shape_id for b in boxes}
        for conn in connectors:
            start = conn._element.xpath(".//a:stCxn/@id")
            end = conn._element.xpath(".//a:endCxn/@id")
            assert start
            assert end
            assert {int(start[0]), int(end[0])} <= ids

    def test_names_at_12_pt_or_more(self, deck: tuple[Path, orgshape.Chart]) -> None:
        """On every slide whose team fits, each name is 12 pt or more."""
        path, c = deck
        prs = pptx.Presentation(str(path))
        plan_ = plan(c, (912.0, 448.0), min_scale=12 / 11, rows=12, legend=False)
        checked = 0
        for page, slide in zip(plan_, prs.slides, strict=True):
            if page.chart is None or not page.readable:
                continue
            for box in _boxes(slide):
                size = box.text_frame.paragraphs[0].runs[0].font.size
                assert size is not None
                assert size.pt >= 12
                checked += 1
        assert checked > 40

    def test_findings_table_and_notes(self, deck: tuple[Path, orgshape.Chart]) -> None:
        """The findings are a table slide; each slide's notes list its own findings."""
        path, c = deck
        prs = pptx.Presentation(str(path))
        last = prs.slides[-1]
        (table,) = [s.table for s in last.shapes if s.has_table]
        rows = c._scene.finding_rows()
        assert len(table.rows) == len(rows) + 1
        assert table.cell(1, 2).text == rows[0][2]
        notes = prs.slides[0].notes_slide.notes_text_frame.text
        assert "Findings on this slide:" in notes
        assert "1. ✖ error LEVEL_INVERSION" in notes

    def test_needs_the_extra(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        """Without python-pptx the error names orgshape[pptx]."""
        monkeypatch.setitem(sys.modules, "pptx", None)
        with pytest.raises(ImportError, match=r"orgshape\[pptx\]"):
            chart(small_org()).save(tmp_path / "a.pptx")

    def test_cli(self, tmp_path: Path) -> None:
        """orgshape render -o org.pptx writes a deck."""
        data = tmp_path / "org.csv"
        orgshape.write(orgshape.example(), data)
        out = tmp_path / "org.pptx"
        assert cli.main(["render", str(data), "-o", str(out), "--isolated"]) == 0
        assert len(pptx.Presentation(str(out)).slides) > 3

    @pytest.mark.skipif(
        shutil.which("soffice") is None and not NEEDS_SOFFICE,
        reason="LibreOffice (soffice) is not installed; CI installs it and sets "
        "ORGSHAPE_REQUIRE_SOFFICE=1",
    )
    def test_libreoffice_draws_it(self, deck: tuple[Path, orgshape.Chart], tmp_path: Path) -> None:
        """LibreOffice opens the deck and draws every slide, 16:9 (as a PDF read back)."""
        exe = shutil.which("soffice")
        assert exe, "ORGSHAPE_REQUIRE_SOFFICE=1 but soffice is not on PATH"
        home = tmp_path / "home"  # a profile of its own: no clash with a running LibreOffice
        done = subprocess.run(
            [
                exe,
                f"-env:UserInstallation=file://{home}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(deck[0]),
            ],
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        reader = pypdf.PdfReader(tmp_path / "org.pdf")
        assert len(reader.pages) == len(pptx.Presentation(str(deck[0])).slides)
        page = reader.pages[0]
        assert float(page.mediabox.width) / float(page.mediabox.height) == pytest.approx(
            16 / 9, rel=0.01
        )
        assert "Amara Okafor" in page.extract_text()
