"""Headless Chromium for the interactive-chart tests, through Playwright for Python.

The browser is the system's Chromium (``apt-get install chromium``; or the path in
``ORGSHAPE_CHROMIUM``), driven by the ``playwright`` package's own driver: nothing is
downloaded (``playwright install`` is never needed). When no Chromium is found the
browser tests are skipped with a reason saying so, and ``make test`` prints it in its
summary; with ``ORGSHAPE_REQUIRE_BROWSER=1`` (CI sets it) a missing browser fails them.

Chromium runs with a fresh profile and without its background services (updates,
sync, QUIC, first-run), so that the only requests a test sees are the page's own.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from orgshape import Org, Position

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
REQUIRE = os.environ.get("ORGSHAPE_REQUIRE_BROWSER", "") not in ("", "0")


def find_chromium() -> str | None:
    """The Chromium executable to test with, or None."""
    given = os.environ.get("ORGSHAPE_CHROMIUM")
    if given:
        return given if Path(given).exists() else None
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401, PLC0415  (optional: only for these tests)
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    if find_chromium() is None:
        return (
            "no Chromium found (apt-get install chromium, or set ORGSHAPE_CHROMIUM); "
            "the interactive-chart browser tests did not run"
        )
    return None


class Page:
    """One chart page open in the browser, with what it did recorded.

    Attributes:
        page: the Playwright page.
        url: the file URL that was opened.
        requests: every URL the page requested (the page itself included).
        errors: console errors and uncaught exceptions.
        dialogs: alert/confirm/prompt texts (each is dismissed).
    """

    def __init__(self, page: Any, url: str) -> None:
        self.page = page
        self.url = url
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

    def js(self, expression: str, arg: Any = None) -> Any:
        """Evaluate ``expression`` in the page."""
        return self.page.evaluate(expression, arg)

    def visible_ids(self) -> list[str]:
        """The ``data-id`` of every box on the page."""
        ids: list[str] = self.js(
            "Array.from(document.querySelectorAll('#boxes .box'), b => b.dataset.id)"
        )
        return ids

    def box(self, id_: str) -> Any:
        """The locator of the box of position ``id_``."""
        return self.page.locator(f"#boxes .box[data-id={_css_string(id_)}]")

    def outside_requests(self) -> list[str]:
        """Requests other than the page's own file."""
        return [u for u in self.requests if u != self.url]


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Browser:
    """A running Chromium (one per test process)."""

    def __init__(self, tmp: Path) -> None:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415  (optional)

        self._manager = sync_playwright()
        self._pw = self._manager.start()
        exe = find_chromium()
        self.context = self._pw.chromium.launch_persistent_context(
            str(tmp / "profile"),
            executable_path=exe,
            headless=True,
            args=list(FLAGS),
            viewport={"width": 1280, "height": 800},
            service_workers="block",
        )
        self.version = self.context.browser.version if self.context.browser else "?"

    def open(
        self, path: Path, *, width: int = 1280, height: int = 800, init_script: str = ""
    ) -> Page:
        """Open a chart file and wait until its script says it is ready.

        ``init_script`` runs in the page before any of its own scripts.
        """
        page = self.context.new_page()
        if init_script:
            page.add_init_script(init_script)
        page.set_viewport_size({"width": width, "height": height})
        url = path.resolve().as_uri()
        out = Page(page, url)
        page.on("request", lambda r: out.requests.append(r.url))
        page.on("console", lambda m: out.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: out.errors.append(str(e)))

        def dialog(d: Any) -> None:
            out.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        page.goto(url)
        page.wait_for_selector("html[data-ready]", timeout=60_000)
        return out

    def open_plain(self, path: Path) -> Page:
        """Open any HTML file (not a chart page: no waiting for it to be ready)."""
        page = self.context.new_page()
        url = path.resolve().as_uri()
        out = Page(page, url)
        page.on("request", lambda r: out.requests.append(r.url))
        page.on("console", lambda m: out.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: out.errors.append(str(e)))
        page.goto(url)
        return out

    def close(self) -> None:
        """Stop the browser."""
        self.context.close()
        self._manager.__exit__(None, None, None)


def browser_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """The session's browser, or a skip (a failure under ORGSHAPE_REQUIRE_BROWSER=1)."""
    reason = unavailable()
    if reason is not None:
        if REQUIRE:
            pytest.fail(f"ORGSHAPE_REQUIRE_BROWSER is set but {reason}")
        pytest.skip(reason)
    browser = Browser(tmp_path_factory.mktemp("chromium"))
    try:
        yield browser
    finally:
        browser.close()


# ---------------------------------------------------------------- test orgs

_TITLES = (
    "Chief Product Officer",
    "VP of Product",
    "Head of Product",
    "Director of Product",
    "Senior Product Manager",
    "Product Manager",
)
_FIRST = ("Ana", "Bo", "Chen", "Dara", "Eli", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea")
_LAST = ("Lima", "Okafor", "Berg", "Sato", "Ruiz", "Novak", "Haas", "Moreau", "Singh", "Kim")


def generated_org(size: int, *, seed: int = 7, spans: tuple[int, int] = (3, 9)) -> Org:
    """A deterministic product org of ``size`` positions, six levels deep at most.

    Managers get ``spans`` reports; a few assistants, vacancies and dotted lines are
    sprinkled in, so the chart shows every kind of box.
    """
    rnd = random.Random(seed)
    positions: list[Position] = []
    frontier = [0]
    levels = [0]
    positions.append(Position(id="E0000", name="Ana Lima", title=_TITLES[0], cost=400000.0))
    next_id = 1
    while next_id < size:
        if not frontier:
            break
        manager = frontier.pop(0)
        level = levels[manager]
        count = rnd.randint(*spans) if level < 4 else rnd.randint(0, 3) if level == 4 else 0
        if level == 0:
            count = max(count, 6)
        for _ in range(count):
            if next_id >= size:
                break
            child_level = min(level + 1, 5)
            name = None if rnd.random() < 0.04 else f"{rnd.choice(_FIRST)} {rnd.choice(_LAST)}"
            pid = f"E{next_id:04d}"
            dotted: tuple[str, ...] = ()
            if child_level == 4 and rnd.random() < 0.05 and len(positions) > 3:
                dotted = (positions[rnd.randrange(1, len(positions))].id,)
            positions.append(
                Position(
                    id=pid,
                    name=name,
                    title=_TITLES[child_level],
                    manager=positions[manager].id,
                    cost=float(100000 + 10000 * (5 - child_level)),
                    dotted_line=dotted,
                )
            )
            levels.append(child_level)
            frontier.append(next_id)
            next_id += 1
        if level <= 2 and next_id < size and rnd.random() < 0.3:
            positions.append(
                Position(
                    id=f"E{next_id:04d}",
                    name=f"{rnd.choice(_FIRST)} Assistant",
                    title="Executive Assistant",
                    manager=positions[manager].id,
                    assistant=True,
                )
            )
            levels.append(9)
            next_id += 1
    return Org(positions)
