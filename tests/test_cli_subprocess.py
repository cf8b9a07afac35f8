"""The orgshape command line as a real process: `python -m orgshape ...`, exit codes included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import orgshape

HEAVY = ("pandas", "polars", "networkx", "pygraphviz", "hypothesis")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with the bundled example as example.csv (1 error, 7 warnings, 1 info)."""
    data = resources.files("orgshape").joinpath("data", "example_org.csv").read_bytes()
    (tmp_path / "example.csv").write_bytes(data)
    return tmp_path


def orgshape_process(
    folder: Path, *argv: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "orgshape", *argv],
        cwd=folder,
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def modules_loaded(folder: Path, *argv: str) -> set[str]:
    """The modules a run of ``main(argv)`` leaves in ``sys.modules`` (printed last)."""
    code = (
        "import json, sys\n"
        "from orgshape.cli import main\n"
        f"main({list(argv)!r})\n"
        "print('\\n' + json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=True,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


class TestProcesses:
    def test_version(self, folder):
        """`python -m orgshape --version` prints the version and exits 0."""
        done = orgshape_process(folder, "--version")
        assert done.returncode == 0
        assert done.stdout.strip() == f"orgshape {orgshape.__version__}"

    def test_check_fails_on_the_example(self, folder):
        """check exits 1 on the example's error, with the report on stdout only."""
        done = orgshape_process(folder, "check", "--isolated", "example.csv")
        assert done.returncode == 1
        assert "LEVEL_INVERSION" in done.stdout
        assert done.stderr == ""

    def test_check_passes_below_the_threshold(self, folder):
        """check exits 0 when nothing is at or above --fail-on."""
        done = orgshape_process(folder, "check", "--isolated", "example.csv", "--ignore", "ladder")
        assert done.returncode == 0

    def test_check_github_actions(self, folder):
        """Inside GitHub Actions, check prints workflow annotations by default."""
        done = orgshape_process(
            folder, "check", "--isolated", "example.csv", env={"GITHUB_ACTIONS": "true"}
        )
        assert done.returncode == 1
        assert done.stdout.startswith("::error file=example.csv,line=54,")

    def test_check_sarif(self, folder):
        """check --format sarif writes SARIF 2.1.0 to stdout."""
        done = orgshape_process(folder, "check", "--isolated", "example.csv", "--format", "sarif")
        assert done.returncode == 1
        assert json.loads(done.stdout)["version"] == "2.1.0"

    def test_check_input_error(self, folder):
        """A missing file exits 2 with one line on stderr and no traceback."""
        done = orgshape_process(folder, "check", "--isolated", "missing.csv")
        assert done.returncode == 2
        assert done.stderr == "orgshape: error: no such file: 'missing.csv'\n"

    def test_usage_error(self, folder):
        """A usage error exits 2."""
        done = orgshape_process(folder, "check", "--format", "xml", "example.csv")
        assert done.returncode == 2
        assert "invalid choice" in done.stderr

    def test_render(self, folder):
        """render writes the chart file and exits 0."""
        done = orgshape_process(folder, "render", "--isolated", "example.csv", "-o", "c.svg")
        assert done.returncode == 0, done.stderr
        assert (folder / "c.svg").read_bytes().startswith(b"<?xml")

    def test_stats(self, folder):
        """stats prints the summary and exits 0."""
        done = orgshape_process(folder, "stats", "--isolated", "example.csv", "--format", "json")
        assert done.returncode == 0
        assert json.loads(done.stdout)["summary"]["positions"] == 66

    def test_diff(self, folder):
        """diff compares two files and exits 0."""
        org = orgshape.read(folder / "example.csv")
        orgshape.write(org.move("P054", to="P013"), folder / "proposed.csv")
        done = orgshape_process(folder, "diff", "--isolated", "example.csv", "proposed.csv")
        assert done.returncode == 0, done.stderr
        assert "moved P054" in done.stdout

    def test_convert(self, folder):
        """convert writes another format and exits 0."""
        done = orgshape_process(folder, "convert", "example.csv", "org.yaml")
        assert done.returncode == 0, done.stderr
        assert orgshape.read(folder / "org.yaml") == orgshape.read(folder / "example.csv")

    def test_demo(self, folder):
        """demo writes its files and exits 0."""
        done = orgshape_process(folder, "demo", "-o", "out")
        assert done.returncode == 0, done.stderr
        assert (folder / "out" / "org-chart.png").is_file()
        assert "Wrote 8 files to out/" in done.stdout

    def test_console_script(self, folder):
        """The installed `orgshape` script runs the same main (when it is installed)."""
        script = Path(sys.executable).with_name("orgshape")
        if not script.exists():
            pytest.skip("the console script is not installed next to this Python")
        done = subprocess.run(
            [str(script), "--version"], capture_output=True, text=True, check=False, timeout=300
        )
        assert done.returncode == 0
        assert done.stdout.strip() == f"orgshape {orgshape.__version__}"


class TestStartUpCost:
    @pytest.mark.parametrize(
        "argv",
        [
            ["check", "--help"],
            ["check", "--isolated", "example.csv"],
            ["check", "--isolated", "example.csv", "--format", "sarif"],
            ["stats", "--isolated", "example.csv"],
        ],
        ids=["check-help", "check", "check-sarif", "stats"],
    )
    def test_no_heavy_imports(self, folder, argv):
        """check and stats import none of pandas, polars, networkx, pygraphviz, hypothesis."""
        loaded = modules_loaded(folder, *argv)
        assert "orgshape.cli" in loaded
        heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
        assert heavy == []

    def test_help_imports_no_command(self, folder):
        """--help builds the parser only: no command module is imported."""
        loaded = modules_loaded(folder, "check", "--help")
        assert not {m for m in loaded if m.startswith("orgshape._cli._check")}


class TestPolicyCode:
    """A policy's custom rules are code: no command imports them without an opt-in."""

    @pytest.fixture
    def tree(self, folder: Path) -> Path:
        """A policy three folders above the org file, naming a rule module that leaves a mark."""
        (folder / "evil_rules.py").write_text(
            "import pathlib\npathlib.Path(__file__).with_name('ran').write_text('x')\n"
            "def check(ctx):\n    return None\n",
            encoding="utf-8",
        )
        (folder / "orgshape.toml").write_text(
            'allow_code = true\nrules = ["evil_rules:check"]\n', encoding="utf-8"
        )
        deep = folder / "a" / "b" / "c"
        deep.mkdir(parents=True)
        (deep / "org.csv").write_bytes((folder / "example.csv").read_bytes())
        return deep

    @pytest.mark.parametrize(
        "argv",
        [
            ("render", "org.csv", "-o", "org.txt"),
            ("stats", "org.csv"),
            ("check", "org.csv"),
            ("diff", "org.csv", "org.csv"),
        ],
    )
    def test_no_command_runs_a_parent_folders_rules(self, tree: Path, argv: tuple[str, ...]):
        """Read-only commands and check leave the rules of a policy up the tree unloaded."""
        done = orgshape_process(tree, *argv)
        assert not (tree.parents[2] / "ran").exists()
        assert "not loading 1 custom rule" in done.stderr
        assert "evil_rules:check" in done.stderr
        assert "--allow-code" in done.stderr

    def test_allow_code_loads_them(self, tree: Path):
        """--allow-code is the opt-in: the rule module is imported."""
        done = orgshape_process(tree, "check", "org.csv", "--allow-code")
        assert done.returncode in (0, 1), done.stderr
        assert (tree.parents[2] / "ran").exists()
        assert "not loading" not in done.stderr

    def test_a_policy_in_the_current_folder_may_opt_in(self, tree: Path):
        """allow_code = true in the current folder's own policy file is an opt-in."""
        done = orgshape_process(tree.parents[2], "stats", str(tree / "org.csv"))
        assert done.returncode == 0, done.stderr
        assert (tree.parents[2] / "ran").exists()
