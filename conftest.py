"""Suite-wide test configuration, at the root so that it applies to every test path.

Markdown doctests (README.md, docs/*.md) run in a scratch folder: their examples read
the sample exports under ``examples/`` by relative path and write charts and policy
files as a reader would (``chart.save("org.svg")``). Each Markdown file runs in its own
temporary folder holding a link to ``examples/``, so the examples read what they say
and never write into the repository.

Hypothesis profiles: ``ci`` (``make test`` passes ``--hypothesis-profile=ci``) is
derandomized, so a CI run tests the same examples every time; it has no deadline
(shared CI machines are slow and noisy), a modest number of examples so that the whole
suite stays within a few minutes on two cores, failing examples printed as a blob to
reproduce them with ``@reproduce_failure``, and no example database (nothing to replay
on a fresh machine). ``dev`` (the default) has the same budget, random examples and the
local example database, so failures found once are replayed first. ``fuzz`` (``make
fuzz`` only) explores: random examples, ten times the budget (``ORGSHAPE_FUZZ_EXAMPLES``,
default 300 per test) and the local database, so that a failure it finds is replayed by
the next ``dev`` run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings

ROOT = Path(__file__).parent

# The explain phase re-runs a failing (or found) example many times to say which parts
# of it matter; on rich examples such as whole orgs that costs seconds per failure and
# per ``find()`` in the docs, for a message the shrunk example mostly makes obvious.
_PHASES = [phase for phase in Phase if phase is not Phase.explain]

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=30,
    print_blob=True,
    database=None,
    phases=_PHASES,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev",
    deadline=None,
    max_examples=30,
    phases=_PHASES,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    deadline=None,
    max_examples=int(os.environ.get("ORGSHAPE_FUZZ_EXAMPLES", "300")),
    print_blob=True,
    phases=_PHASES,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(autouse=True)
def _markdown_doctests_in_scratch_folder(request: pytest.FixtureRequest) -> None:
    if request.node.path.suffix != ".md":
        return
    folder: Path = request.getfixturevalue("tmp_path")
    (folder / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    request.getfixturevalue("monkeypatch").chdir(folder)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say in the summary whether the browser tests ran, and why not when skipped."""
    marker = "test_render_html_browser.py"
    ran = [r for r in terminalreporter.stats.get("passed", []) if marker in r.nodeid]
    failed = [r for r in terminalreporter.stats.get("failed", []) if marker in r.nodeid]
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if marker in r.nodeid]
    if not (ran or failed or skipped):
        return
    if skipped and not ran and not failed:
        reason = str(skipped[0].longrepr[-1]) if isinstance(skipped[0].longrepr, tuple) else ""
        reason = reason.removeprefix("Skipped: ")
        terminalreporter.write_line(
            f"browser tests: SKIPPED ({len(skipped)}): {reason}", yellow=True, bold=True
        )
    else:
        terminalreporter.write_line(
            f"browser tests: {len(ran)} passed, {len(failed)} failed, {len(skipped)} skipped "
            "in headless Chromium"
        )
