"""The runnable examples in ``examples/``: each runs as a script, one runs as a notebook."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))
# What each example must leave in its output folder.
OUTPUTS = {
    "load_validate_chart.py": ["org.svg", "org.png", "org.txt"],
    "reorg.py": ["reorg.svg", "reorg.png", "reorg.json", "proposed.csv"],
    "plan_reorg.py": [
        "wave-1.svg",
        "wave-2.svg",
        "timeline.json",
        "comparison.json",
        "plan.xlsx",
        "comparison.xlsx",
        "vp-rollups.csv",
        "org-2027-03-31.csv",
    ],
    "ci_gate.py": [
        "repo/orgshape.toml",
        "repo/team_rules.py",
        "repo/org/design.csv",
        "repo/.github/workflows/org-design.yml",
    ],
}


def _run(script: Path, out: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ORGSHAPE_EXAMPLES_OUT": str(out), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


class TestScripts:
    def test_the_three_examples_exist(self):
        """The examples the docs promise are there, and no example is left untested."""
        assert {p.name for p in SCRIPTS} >= set(OUTPUTS)
        assert set(OUTPUTS) >= {p.name for p in SCRIPTS}, "add the new example's outputs"

    @pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
    def test_runs_as_a_script(self, script, tmp_path):
        """Each example runs to the end from any folder and writes its outputs where told."""
        out = tmp_path / "out"
        elsewhere = tmp_path / "cwd"
        elsewhere.mkdir()
        done = _run(script, out, elsewhere)
        assert done.returncode == 0, done.stdout + done.stderr
        for name in OUTPUTS[script.name]:
            assert (out / name).is_file(), f"{script.name} did not write {name}"
        assert list(elsewhere.iterdir()) == [], "an example wrote into the current folder"

    @pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
    def test_is_a_jupytext_percent_script_with_a_header(self, script):
        """Each example opens as a notebook whose first cell is a Markdown title."""
        text = script.read_text(encoding="utf-8")
        cells = text.split("\n# %%")
        assert len(cells) > 4
        assert cells[1].startswith(" [markdown]\n# # "), "the first cell is a '# Title' header"


class TestNotebook:
    def test_runs_as_a_notebook_through_a_kernel(self, tmp_path, monkeypatch):
        """Run as a real notebook, the example displays a chart as SVG and a report as HTML."""
        import jupytext  # noqa: PLC0415  (dev tools, only for this test)
        from nbclient import NotebookClient  # noqa: PLC0415

        monkeypatch.setenv("ORGSHAPE_EXAMPLES_OUT", str(tmp_path))
        notebook = jupytext.read(EXAMPLES / "load_validate_chart.py")
        client = NotebookClient(
            notebook,
            kernel_name="python3",
            timeout=300,
            resources={"metadata": {"path": str(EXAMPLES)}},
        )
        client.execute()

        outputs = [out for cell in notebook.cells for out in cell.get("outputs", [])]
        assert not [out for out in outputs if out.get("output_type") == "error"]
        mimetypes = {kind for out in outputs for kind in out.get("data", {})}
        assert "image/svg+xml" in mimetypes  # the chart's display
        assert "text/html" in mimetypes  # the report's display
        svg = next(
            out["data"]["image/svg+xml"]
            for out in outputs
            if "image/svg+xml" in out.get("data", {})
        )
        assert "Amara Okafor" in svg
        assert "<script" not in svg
        html = next(
            out["data"]["text/html"] for out in outputs if "text/html" in out.get("data", {})
        )
        assert "ONE_OVER_ONE" in html
        assert (tmp_path / "org.svg").is_file()
