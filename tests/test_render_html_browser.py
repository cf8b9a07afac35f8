"""The interactive chart in a real browser: headless Chromium through Playwright.

Skipped, with the reason in the summary, when no Chromium is installed; CI installs it
and sets ORGSHAPE_REQUIRE_BROWSER=1, which turns a missing browser into a failure.
With ORGSHAPE_SCREENSHOTS=docs/_static the tests also write the documentation's
screenshots there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import orgshape
from orgshape import Org, Position
from orgshape.render._html import page_data
from orgshape.render._layout import layout
from orgshape.render._options import ChartOptions
from orgshape.render._scene import Scene
from tests.browser import Browser, Page, browser_fixture, generated_org

SHOTS = os.environ.get("ORGSHAPE_SCREENSHOTS")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    yield from browser_fixture(tmp_path_factory)


@pytest.fixture(scope="module")
def big() -> Org:
    return generated_org(2000)


def open_chart(
    browser: Browser, tmp_path: Path, chart: orgshape.Chart, *, width: int = 1280, height: int = 800
) -> Page:
    path = chart.save(tmp_path / "chart.html")
    return browser.open(path, width=width, height=height)


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.page.screenshot(path=str(Path(SHOTS) / name))


def python_layout(org: Org, options: ChartOptions, closed: list[str]) -> dict[str, Any]:
    """What the Python layout gives for the page's full-tree boxes with ``closed`` teams."""
    box = page_data(org, options)["box"]
    scene = Scene(org, attrs.evolve(options, max_depth=None, collapse=tuple(closed)))
    tree = scene.tree
    leaf = [
        not k and not hidden and not reports
        for k, hidden, reports in zip(tree.kids, tree.hidden, tree.reports, strict=True)
    ]
    lay = layout(
        tree.kids,
        tree.tops,
        leaf,
        tree.assistant,
        box_w=box["w"],
        box_h=box["h"],
        stack_leaves=options.stack_leaves,
        aspect=options.aspect,
        rows=scene._rows() if options.align_levels else None,
    )
    return {scene.position(v).id: [lay.x[v], lay.y[v], lay.paths[v]] for v in range(len(tree))}


def box_centre(page: Page, id_: str) -> tuple[float, float]:
    b = page.box(id_).locator(".frame").bounding_box()
    assert b is not None
    return b["x"] + b["width"] / 2, b["y"] + b["height"] / 2


def chart_centre(page: Page) -> tuple[float, float]:
    """The middle of the chart area that no open details card covers."""
    b = page.page.locator("#chart").bounding_box()
    assert b is not None
    right = b["x"] + b["width"]
    details = page.page.locator("#details")
    if details.is_visible():
        card = details.bounding_box()
        assert card is not None
        right = card["x"]
    return (b["x"] + right) / 2, b["y"] + b["height"] / 2


def badge(page: Page, id_: str) -> str:
    text: str = page.box(id_).locator(".toggle text").text_content() or ""
    return text


def expected_badge(org: Org, id_: str, findings: tuple[Any, ...] = ()) -> str:
    """The roll-up badge of a collapsed team, worked out from the org in Python."""
    view = org.view
    below = view.subtree(org.index(id_))[1:]
    parts = [f"+{len(below):,}"]
    vacancies = sum(1 for i in below if view.names[i] is None)
    if vacancies:
        parts.append(f"{vacancies:,} open")
    ids = {view.ids[i] for i in below}
    glyphs = {"error": "✖", "warning": "▲", "info": "●"}
    counts = []
    for severity, glyph in glyphs.items():
        n = sum(
            1
            for f in findings
            if str(getattr(f.severity, "value", f.severity)) == severity and ids & set(f.ids)
        )
        if n:
            counts.append(f"{glyph}{n}")
    if counts:
        parts.append(" ".join(counts))
    return " · ".join(parts)


class TestRendering:
    """The page draws the org."""

    def test_every_box_of_a_small_org(self, browser: Browser, tmp_path: Path) -> None:
        """Every position of a small org has a box with its name, and its id as data-id."""
        org = orgshape.example()
        chart = orgshape.chart(org, root="P012", highlight=orgshape.validate(org))
        page = open_chart(browser, tmp_path, chart)
        team = [org.view.ids[i] for i in org.view.subtree(org.index("P012"))]
        assert sorted(page.visible_ids()) == sorted(team)
        for id_ in team:
            name = org.at(org.index(id_)).display_name
            assert name in (page.box(id_).locator("text.name").text_content() or "")
        assert page.errors == []
        assert page.outside_requests() == []
        shot(page, "html-small.png")

    def test_example_with_everything(self, browser: Browser, tmp_path: Path) -> None:
        """Assistants, vacancies, dotted lines, findings and the legend are drawn."""
        org = orgshape.example()
        chart = orgshape.chart(org, highlight=orgshape.validate(org))
        page = open_chart(browser, tmp_path, chart, width=1600, height=1000)
        page.page.click("#expand-all")
        assert len(page.visible_ids()) == len(org)
        assert page.page.locator(".box.assistant").count() >= 1
        assert page.page.locator(".box.vacancy").count() >= 1
        assert page.page.locator("#dotted path").count() >= 1
        assert page.page.locator(".box.flag-warning").count() >= 1
        legend = page.page.locator("#legend").text_content() or ""
        for label in ("Chief Product Officer", "open role", "assistant", "dotted-line"):
            assert label in legend
        assert page.errors == []
        assert page.outside_requests() == []


class TestLayoutParity:
    """The JavaScript layout gives exactly the Python layout's coordinates."""

    @pytest.mark.parametrize(
        ("case", "closed"),
        [
            ("example", []),
            ("example-levels", ["P009", "P010"]),
            ("example-unstacked", ["P005"]),
            ("generated", "depth3"),
            ("generated", []),
            ("forest", []),
            ("diff", []),
        ],
    )
    def test_same_coordinates(
        self, browser: Browser, tmp_path: Path, big: Org, case: str, closed: Any
    ) -> None:
        """For the same tree and the same collapsed teams, every box and line matches."""
        org = orgshape.example()
        options = ChartOptions()
        chart_of = None
        if case == "example-levels":
            options = ChartOptions(align_levels=True)
        elif case == "example-unstacked":
            options = ChartOptions(stack_leaves=False, aspect=None)
        elif case == "generated":
            org = big
        elif case == "forest":
            extra = [Position(id="T2", name="Second Top", title="VP of Product")]
            extra += [
                Position(id=f"T2-{k}", name=f"Report {k}", title="Head of Product", manager="T2")
                for k in range(7)
            ]
            org = Org([org.at(i) for i in range(len(org))] + extra, strict=False)
        elif case == "diff":
            proposed = org.remove("P009").move("P024", to="P011")
            chart_of = orgshape.diff(org, proposed).chart()
            org = proposed
            options = chart_of.options
        if closed == "depth3":
            view = org.view
            closed = [
                view.ids[i] for i in range(len(org)) if view.layers[i] == 3 and view.children(i)
            ]
        chart = chart_of or orgshape.chart(org, options)
        page = open_chart(browser, tmp_path, chart)
        page.js("ids => window.orgshape.setClosed(ids)", closed)
        got = {row[0]: row[1:] for row in page.js("window.orgshape.layoutNow()")}
        want = python_layout(org, options, closed)
        assert got.keys() == want.keys()
        mismatched = [i for i in want if got[i] != want[i]]
        assert mismatched == [], (mismatched[:3], [(got[i], want[i]) for i in mismatched[:3]])
        if case == "generated":
            wraps = {round(y) for _, y, _ in want.values()}
            assert len(wraps) > 4  # rows wrapped: more rows than layers


class TestExpandCollapse:
    """Teams open and close, and their badges roll up what is hidden."""

    def test_toggle_changes_boxes_and_badges(self, browser: Browser, tmp_path: Path) -> None:
        """Expanding a team shows its reports; collapsing it hides them and restores the badge."""
        org = orgshape.example()
        report = orgshape.validate(org)
        chart = orgshape.chart(org, max_depth=2, highlight=report)
        page = open_chart(browser, tmp_path, chart)
        before = set(page.visible_ids())
        assert "P002" in before
        assert "P005" not in before
        findings = tuple(report)
        assert badge(page, "P002") == expected_badge(org, "P002", findings)
        page.box("P002").locator(".toggle").click()
        after = set(page.visible_ids())
        reports = {org.view.ids[c] for c in org.view.children(org.index("P002"))}
        assert after == before | reports
        assert badge(page, "P002") == "−"
        for child in reports:
            if org.view.children(org.index(child)):
                assert badge(page, child) == expected_badge(org, child, findings)
        page.box("P002").locator(".toggle").click()
        assert set(page.visible_ids()) == before
        assert badge(page, "P002") == expected_badge(org, "P002", findings)
        assert page.errors == []
        assert page.outside_requests() == []

    def test_collapsed_view_never_hides_an_error(self, browser: Browser, tmp_path: Path) -> None:
        """Every finding below a collapsed team shows in that team's badge."""
        org = orgshape.example()
        report = orgshape.validate(org)
        chart = orgshape.chart(org, max_depth=1, highlight=report)
        page = open_chart(browser, tmp_path, chart)
        assert page.visible_ids() == ["P001"] or set(page.visible_ids()) == {"P001", "P004"}
        text = badge(page, "P001")
        assert text == expected_badge(org, "P001", tuple(report))
        severities = {str(getattr(f.severity, "value", f.severity)) for f in report if f.ids}
        for severity, glyph in (("error", "✖"), ("warning", "▲"), ("info", "●")):
            assert (glyph in text) == (severity in severities)

    def test_expand_all_then_collapse_all(self, browser: Browser, tmp_path: Path, big: Org) -> None:
        """The toolbar opens every team and closes them again."""
        page = open_chart(browser, tmp_path, orgshape.chart(big))
        start = len(page.visible_ids())
        assert 1 < start < len(big)
        page.page.click("#expand-all")
        assert len(page.js("window.orgshape.visible()")) == len(big)
        assert page.page.locator("#overview path").count() > 0  # too far out to read: overview
        mounted = page.js("window.orgshape.mounted()")
        assert mounted == []
        page.page.click("#collapse-all")
        assert page.visible_ids() == ["E0000"]
        shot_page = open_chart(browser, tmp_path, orgshape.chart(big))
        shot(shot_page, "html-collapsed-2000.png")


class TestSearch:
    """Search finds, reveals, centres and highlights a person."""

    def target(self, org: Org) -> str:
        view = org.view
        return next(
            view.ids[i]
            for i in range(len(org))
            if view.layers[i] == 4 and view.names[i] is not None and not org.at(i).assistant
        )

    def test_by_id_three_levels_down(self, browser: Browser, tmp_path: Path, big: Org) -> None:
        """Typing an id and Enter reveals a person three levels below a collapsed top."""
        target = self.target(big)
        page = open_chart(browser, tmp_path, orgshape.chart(big, max_depth=1))
        assert target not in page.visible_ids()
        page.page.keyboard.press("/")
        page.page.keyboard.type(target)
        page.page.keyboard.press("Enter")
        assert target in page.visible_ids()
        view = big.view
        chain = [view.ids[i] for i in view.chain(big.index(target))]
        for id_ in [target, *chain]:
            assert "onpath" in (page.box(id_).get_attribute("class") or "")
        x, y = box_centre(page, target)
        cx, cy = chart_centre(page)
        assert abs(x - cx) < 2
        assert abs(y - cy) < 2
        assert page.page.locator("#details").is_visible()
        assert big.at(big.index(target)).display_name in (
            page.page.locator("#details h2").text_content() or ""
        )
        assert page.errors == []
        assert page.outside_requests() == []

    def test_by_name_with_arrow_keys(self, browser: Browser, tmp_path: Path, big: Org) -> None:
        """A name matches several people; arrow keys pick one and Enter shows them."""
        target = self.target(big)
        person = big.at(big.index(target))
        assert person.name is not None
        page = open_chart(browser, tmp_path, orgshape.chart(big, max_depth=1))
        page.page.fill("#search", person.name.lower())
        options = page.page.locator("#results li[role=option]")
        ids = [options.nth(k).get_attribute("data-id") for k in range(options.count())]
        assert len(ids) > 1
        if target not in ids:  # more matches than shown: narrow down by title
            page.page.fill("#search", f"{person.name} {person.title}")
            ids = [options.nth(k).get_attribute("data-id") for k in range(options.count())]
        steps = ids.index(target)
        for _ in range(steps):
            page.page.keyboard.press("ArrowDown")
        assert options.nth(steps).get_attribute("class") == "active"
        page.page.keyboard.press("Enter")
        x, y = box_centre(page, target)
        cx, cy = chart_centre(page)
        assert abs(x - cx) < 2
        assert abs(y - cy) < 2
        shot(page, "html-search.png")

    def test_accents_and_titles(self, browser: Browser, tmp_path: Path) -> None:
        """Search ignores case and accents, and matches titles."""
        page = open_chart(browser, tmp_path, orgshape.chart(orgshape.example()))
        found = page.js(
            "q => window.orgshape.search(q).map(x => window.orgshape.data.id[x])", "jose"
        )
        assert "P005" in found
        titles = page.js(
            "q => window.orgshape.search(q).map(x => window.orgshape.data.id[x])", "head of product"
        )
        assert {"P005", "P006", "007"} <= set(titles)


class TestFindingsAndDetails:
    """The findings panel and the details card."""

    def test_clicking_a_finding_centres_its_person(self, browser: Browser, tmp_path: Path) -> None:
        """A finding about a hidden person reveals and centres them."""
        org = orgshape.example()
        report = orgshape.validate(org)
        page = open_chart(browser, tmp_path, orgshape.chart(org, max_depth=1, highlight=report))
        page.page.click("#findings-button")
        items = page.page.locator("#findings-list .finding")
        assert items.count() == len(report)
        deep = next(
            k
            for k in range(items.count())
            if page.js(
                "k => { const f = window.orgshape.data.findings[k]; return f.nodes.length === 1 && "
                "window.orgshape.data.parent[f.nodes[0]] > 0; }",
                k,
            )
        )
        finding = page.js("k => window.orgshape.data.findings[k]", deep)
        id_ = page.js("x => window.orgshape.data.id[x]", finding["nodes"][0])
        assert id_ not in page.visible_ids()
        items.nth(deep).locator(".finding-head").click()
        assert id_ in page.visible_ids()
        x, y = box_centre(page, id_)
        cx, cy = chart_centre(page)
        assert abs(x - cx) < 2
        assert abs(y - cy) < 2
        details = page.page.locator("#details").text_content() or ""
        assert finding["message"] in details
        assert finding["code"] in details

    def test_details_card(self, browser: Browser, tmp_path: Path) -> None:
        """A click shows every field, the manager chain, span, headcount and cost below."""
        org = orgshape.example()
        page = open_chart(browser, tmp_path, orgshape.chart(org, highlight=orgshape.validate(org)))
        page.js("window.orgshape.reveal('P002')")
        page.box("P002").locator(".frame").click()
        card = page.page.locator("#details").text_content() or ""
        p = org.at(org.index("P002"))
        assert p.name is not None
        assert p.title is not None
        for text in (p.name, p.title, "P002", "Reports to", "Amara Okafor", "Span of control"):
            assert text in card
        view = org.view
        below = view.subtree(org.index("P002"))[1:]
        assert f"Headcount below{len(below):,}" in card.replace(" (", "(").split("(")[0] + card
        costs = view.field("cost")
        if costs is not None and any(costs[i] is not None for i in below):
            total = sum(costs[i] for i in below if costs[i] is not None)
            assert f"{total:,.0f}" in card


class TestSafety:
    """Hostile data renders as text and runs nothing; the page requests nothing."""

    def test_hostile_names_run_no_script(self, browser: Browser, tmp_path: Path) -> None:
        """Script tags, event handlers, javascript: URLs and bidi overrides stay text."""
        hostile = [
            Position(
                id="1",
                name="</script><script>alert(1)</script>",
                title="<img src=x onerror=alert(2)>",
                location="javascript:alert(3)",
                extra={"<b onmouseover=alert(4)>": "javascript:alert(5)"},
            ),
            Position(
                id='"><svg onload=alert(6)>',
                name="Eve \u202eevil\u202c",
                title="</title><script>alert(7)</script>",
                manager="1",
                function="javascript:alert(8)",
            ),
            Position(id="3", name="<!--", title="]]>", manager="1", products=("{{data}}",)),
        ]
        org = Org(hostile)

        @attrs.frozen
        class Finding:
            ids: tuple[str, ...]
            severity: str
            message: str
            code: str
            hint: str

        finding = Finding(
            ids=("1",),
            severity="error",
            message="<img src=x onerror=alert(9)>",
            code="</script>",
            hint="javascript:alert(10)",
        )
        chart = orgshape.chart(org, highlight=[finding], title="<script>alert(11)</script>")
        path = chart.save(tmp_path / "hostile.html")
        watch = """
            window.__bad = [];
            const seen = new WeakSet();
            new MutationObserver(records => {
              for (const r of records) for (const n of r.addedNodes) {
                if (n.nodeType !== 1) continue;
                const all = [n, ...n.querySelectorAll('*')];
                for (const e of all) {
                  if (seen.has(e)) continue;
                  seen.add(e);
                  if (/^(script|img|iframe|object|embed|a|link|meta|base|form)$/i.test(e.tagName))
                    window.__bad.push(e.tagName);
                  for (const a of e.attributes) if (/^on/i.test(a.name)) window.__bad.push(a.name);
                }
              }
            }).observe(document, {childList: true, subtree: true});
        """
        page = browser.open(path, init_script=watch)
        page.page.click("#expand-all")
        page.page.fill("#search", "script")
        page.page.keyboard.press("Enter")
        page.box("1").locator(".frame").click()
        page.page.click("#findings-button")
        page.box('"><svg onload=alert(6)>').hover()
        page.page.wait_for_timeout(100)
        assert page.dialogs == []
        assert page.errors == []
        # the page's own <meta> and <script> elements are the only ones, as parsed
        assert sorted(page.js("window.__bad")) == ["META"] * 5 + ["SCRIPT"] * 2
        assert page.js("document.scripts.length") == 2
        assert page.js("document.querySelectorAll('[onload],[onerror],[onmouseover]').length") == 0
        assert page.box("1").locator("text.name").text_content() == hostile[0].name
        card = page.page.locator("#details").text_content() or ""
        assert "<img src=x onerror=alert(2)>" in card
        assert "javascript:alert(3)" in card
        assert "<b onmouseover=alert(4)>" in card
        eve = page.box('"><svg onload=alert(6)>').locator("text.name").text_content()
        assert eve == "Eve [U+202E]evil[U+202C]"
        assert page.js("document.title") == "<script>alert(11)</script>"
        assert page.outside_requests() == []

    def test_no_request_of_any_kind(self, browser: Browser, tmp_path: Path, big: Org) -> None:
        """Using the page (search, expand, zoom, panels) requests nothing but itself."""
        page = open_chart(browser, tmp_path, orgshape.chart(big, highlight=orgshape.validate(big)))
        page.page.click("#expand-all")
        page.page.click("#zoom-in")
        page.page.mouse.wheel(0, -300)
        page.page.click("#findings-button")
        page.page.fill("#search", "product")
        page.page.keyboard.press("Enter")
        page.page.click("#fit")
        assert page.outside_requests() == []
        assert page.requests == [page.url]
        assert page.errors == []


class TestPanZoom:
    """Zoom by wheel, keys and buttons; pan by dragging and arrow keys; fit."""

    def test_controls(self, browser: Browser, tmp_path: Path, big: Org) -> None:
        """Each control changes the view the way it says."""
        page = open_chart(browser, tmp_path, orgshape.chart(big))

        def view() -> dict[str, float]:
            page.page.wait_for_timeout(50)
            v: dict[str, float] = page.js("window.orgshape.view()")
            return v

        start = view()
        page.page.click("#zoom-in")
        assert view()["k"] > start["k"]
        page.page.click("#zoom-out")
        page.page.click("#zoom-out")
        assert view()["k"] < start["k"]
        page.page.click("#fit")
        assert view() == start
        page.page.mouse.move(640, 400)
        page.page.mouse.wheel(0, -200)
        assert view()["k"] > start["k"]
        page.page.keyboard.press("0")
        before = view()
        page.page.mouse.move(600, 400)
        page.page.mouse.down()
        page.page.mouse.move(700, 450, steps=5)
        page.page.mouse.up()
        after = view()
        assert after["tx"] - before["tx"] == pytest.approx(100)
        assert after["ty"] - before["ty"] == pytest.approx(50)
        page.page.keyboard.press("ArrowLeft")
        assert view()["tx"] == pytest.approx(after["tx"] + 80)
        page.page.keyboard.press("+")
        assert view()["k"] > after["k"]


class TestNotebookFrame:
    """The notebook's text/html works in a page, framed, and falls back without the frame."""

    def test_framed_page_runs_and_fallback_shows(self, browser: Browser, tmp_path: Path) -> None:
        """The sandboxed srcdoc frame draws the chart; with frames stripped, the SVG shows."""
        org = orgshape.example()
        html = orgshape.chart(org, root="P012")._repr_mimebundle_()["text/html"]
        host = tmp_path / "notebook.html"
        host.write_text(f"<!DOCTYPE html><html><body>{html}</body></html>", encoding="utf-8")
        page = browser.open_plain(host)
        frame = page.page.frame_locator("iframe")
        frame.locator("html[data-ready]").wait_for()
        boxes = frame.locator("#boxes .box")
        assert boxes.count() == len(org.view.subtree(org.index("P012")))
        zoom = frame.locator("#zoomlevel").text_content() or ""
        assert int(zoom.rstrip("%")) <= 100  # a small chart is not blown up
        assert page.errors == []
        assert page.outside_requests() == []
        # what a sanitiser that drops frames leaves: the static picture
        page.js("document.querySelector('iframe').remove()")
        width = page.js("document.querySelector('.orgshape-chart img').naturalWidth")
        assert width > 0
        assert page.page.locator(".orgshape-chart img").is_visible()


class TestDiffChart:
    """A diff chart's page shows the changes and the removed seats."""

    def test_changes_and_ghosts(self, browser: Browser, tmp_path: Path) -> None:
        """A moved person's card says where from; a removed seat is drawn and says so."""
        org = orgshape.example()
        proposed = org.remove("P009").move("P024", to="P011")
        chart = orgshape.diff(org, proposed).chart()
        page = open_chart(browser, tmp_path, chart)
        page.page.click("#expand-all")
        assert page.page.locator(".box.ghost").count() == 1
        count = page.page.locator("#count").text_content() or ""
        assert count.startswith(f"{len(proposed)} of {len(proposed)} positions")
        page.js("window.orgshape.reveal('P024')")
        card = page.page.locator("#details").text_content() or ""
        assert "Changes" in card
        assert "from " in card
        assert page.page.locator(".box.ghost").get_attribute("data-id") == "P009"
        page.js("window.orgshape.reveal('P009')")
        assert "Removed" in (page.page.locator("#details").text_content() or "")
        assert page.errors == []
        assert page.outside_requests() == []
