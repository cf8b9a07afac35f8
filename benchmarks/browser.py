"""The interactive chart in headless Chromium: file size, first paint, search, expand.

Needs the system's Chromium (``apt-get install chromium``) and ``playwright`` (the dev
extra). For each size, the benchmark's generated org (``generate.py``) is validated,
charted with its findings and saved as HTML; then, in a fresh page each run:

* first paint: from navigation start to the first frame with the chart drawn (the
  data parsed, the initial depth chosen, laid out and drawn), and to the end of the
  page's script;
* search: typing a query until the result list is there, and choosing a person three
  levels down a collapsed tree until the page has expanded their chain, laid out,
  drawn and centred them (to the next frame);
* expand: opening the collapsed team with the most people below it one level, and
  "Expand all" (every box drawn), each to the next frame;
* pan: the mean frame time of 20 view changes (arrow key presses), on the initial view
  and with everything expanded (zoomed out to fit: the overview).

    python benchmarks/browser.py                 2,000 and 10,000 people, 5 runs
    python benchmarks/browser.py --sizes 2000 --runs 1

Writes ``benchmarks/browser.json``; ``report.py`` puts it in ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Final

import generate
from playwright.sync_api import sync_playwright

import orgshape

HERE: Final = Path(__file__).resolve().parent
OUT: Final = HERE / "browser.json"
FLAGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
PAN: Final = """async () => {
    const t0 = performance.now();
    for (let k = 0; k < 20; k++) {
      document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown'}));
      await new Promise(r => requestAnimationFrame(r));
    }
    return (performance.now() - t0) / 20;
}"""
NEXT_FRAME: Final = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def _timed(page: Any, action: str, arg: Any = None) -> float:
    """Milliseconds from running ``action`` in the page to the frame after it."""
    ms: float = page.evaluate(
        """async ([action, arg]) => {
            const t0 = performance.now();
            (new Function('arg', action))(arg);
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            return performance.now() - t0;
        }""",
        [action, arg],
    )
    return ms


def measure(context: Any, path: Path, runs: int) -> dict[str, Any]:
    org = orgshape.read(path)
    report = orgshape.validate(org)
    t0 = time.perf_counter()
    chart = orgshape.chart(org, highlight=report)
    html = chart.html
    build_s = time.perf_counter() - t0
    page_path = Path(tempfile.mkdtemp()) / "org.html"
    page_path.write_text(html, encoding="utf-8")
    view = org.view
    deep = next(i for i in range(len(org)) if view.layers[i] == 4 and view.names[i])
    target, name = view.ids[deep], view.names[deep]
    times: dict[str, list[float]] = {}
    shown: list[int] = []
    for _ in range(runs):
        page = context.new_page()
        page.goto(page_path.as_uri())
        page.wait_for_selector("html[data-ready]", timeout=120_000)
        page.evaluate(NEXT_FRAME)
        paint = page.evaluate("window.orgshape.timings.painted")
        ready = page.evaluate("window.orgshape.timings.ready")
        shown.append(page.evaluate("window.orgshape.visible().length"))
        times.setdefault("first_paint_ms", []).append(paint)
        times.setdefault("ready_ms", []).append(ready)
        times.setdefault("pan_frame_initial_ms", []).append(page.evaluate(PAN))
        query = " ".join(str(name).split()[:1])
        times.setdefault("search_list_ms", []).append(
            _timed(
                page,
                "const i = document.getElementById('search'); i.value = arg;"
                "i.dispatchEvent(new Event('input'));",
                query,
            )
        )
        page.evaluate("document.getElementById('results').hidden = true")
        # collapse back to the top, then reveal a person three levels down
        page.evaluate("document.getElementById('collapse-all').click()")
        times.setdefault("search_reveal_ms", []).append(
            _timed(page, "window.orgshape.reveal(arg)", target)
        )
        page.evaluate("document.getElementById('collapse-all').click()")
        page.evaluate("window.orgshape.toggle(window.orgshape.data.id[0])")
        biggest = page.evaluate(
            """() => {
              const d = window.orgshape.data, shown = new Set(window.orgshape.visible());
              let best = null, most = -1;
              d.parent.forEach((p, x) => {
                if (shown.has(d.id[x]) && !d.ghost[x]) {
                  const n = d.parent.filter(q => q === x).length;
                  if (n > most) { most = n; best = d.id[x]; }
                }
              });
              return best;
            }"""
        )
        times.setdefault("expand_team_ms", []).append(
            _timed(page, "window.orgshape.toggle(arg)", biggest)
        )
        times.setdefault("expand_all_ms", []).append(
            _timed(page, "document.getElementById('expand-all').click()")
        )
        times.setdefault("pan_frame_ms", []).append(page.evaluate(PAN))
        page.close()
    return {
        "people": len(org),
        "findings": len(report),
        "file_bytes": len(html.encode("utf-8")),
        "build_s": build_s,
        "initially_shown": statistics.median(shown),
        **{k: statistics.median(v) for k, v in times.items() if None not in v},
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    exe = next((shutil.which(n) for n in ("chromium", "google-chrome") if shutil.which(n)), None)
    if exe is None:
        sys.exit("no Chromium found: apt-get install chromium")
    results: dict[str, Any] = {"sizes": {}}
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            tempfile.mkdtemp(),
            executable_path=exe,
            headless=True,
            args=list(FLAGS),
            viewport={"width": 1280, "height": 800},
        )
        results["browser"] = f"Chromium {context.browser.version if context.browser else '?'}"
        results["machine"] = f"{platform.machine()}, {platform.system()}"
        for size in (int(s) for s in args.sizes.split(",")):
            found = measure(context, generate.ensure(size), args.runs)
            results["sizes"][str(size)] = found
            print(size, json.dumps(found))
        context.close()
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
