"""The orgshape command line as a real process: `python -m orgshape ...`, exit codes included."""

from __future__ import annotations

import csv
import io
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from importlib import resources
from pathlib import Path

import pytest

import orgshape
from orgshape.rules import BUILTIN_RULES
from tests.inert import assert_inert, inert_line

HEAVY = ("pandas", "polars", "networkx", "pygraphviz", "hypothesis")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with the bundled example as example.csv (1 error, 6 warnings, 5 info)."""
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


# --------------------------------------------------------------------------- hostile data

#: A CSV whose names and ids hold terminal escapes, bidi controls, BEL, CR/LF (with a
#: forged summary line and a forged workflow command), C1 controls and invisible
#: characters. The Director has one report (a finding naming both people).
HOSTILE_CSV = (
    "id,name,title,manager\n"
    'top,"Ana\x1b[31mRed\x1b[0m\u202eeulb",Chief Product Officer,\n'
    'd1\u2066,"Bo\x07\r\n0 errors\r\n::error file=org.csv,line=1::forged",Director of Product,top\n'
    'p1,"Cy\x85\x9b2J\u200b\ufeff",Product Manager,d1\u2066\n'
    'p2,"Di\x1b]0;title\x07",Product Manager,nobody\u202e\n'
)


def _console_script() -> list[str]:
    script = Path(sys.executable).with_name("orgshape")
    return [str(script)] if script.exists() else [sys.executable, "-m", "orgshape"]


def _run_bytes(folder: Path, *argv: str) -> tuple[int, str, str]:
    """Run the console script; stdout and stderr decoded without newline translation."""
    environ = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    done = subprocess.run(
        [*_console_script(), *argv],
        cwd=folder,
        env=environ,
        capture_output=True,
        timeout=300,
        check=False,
    )
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    (tmp_path / "org.csv").write_bytes(HOSTILE_CSV.encode("utf-8"))
    return tmp_path


class TestHostileData:
    @pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
    def test_check_output_is_inert(self, hostile: Path, fmt: str) -> None:
        """In every format, stdout and stderr hold no control, bidi or invisible character."""
        code, out, err = _run_bytes(hostile, "check", "--isolated", "--format", fmt, "org.csv")
        assert code == 1, err
        if fmt == "github":
            assert_inert_lines(out)
        else:
            assert_inert(out)
        assert_inert(err)

    def test_text_cannot_forge_a_summary_line(self, hostile: Path) -> None:
        """A CR/LF in a name stays inside its line: the only summary is orgshape's."""
        _, out, _ = _run_bytes(hostile, "check", "--isolated", "org.csv")
        lines = out.split("\n")
        summary = re.compile(r"\s*\d+ errors?, \d+ warnings?")
        assert [line for line in lines if summary.match(line)] == [lines[-2]]
        assert lines[-2] == "1 error, 2 warnings, 0 info in org.csv"
        assert "Bo[U+0007][U+000D][U+000A]0 errors[U+000D][U+000A]::error file=org.csv" in out
        assert "Ana[U+001B][31mRed[U+001B][0m[U+202E]eulb" in out

    def test_github_annotations_cannot_be_split(self, hostile: Path) -> None:
        """One workflow command per finding, each on its own line; the data inside is inert."""
        _, out, _ = _run_bytes(hostile, "check", "--isolated", "--format", "json", "org.csv")
        findings = json.loads(out)["findings"]
        _, out, _ = _run_bytes(hostile, "check", "--isolated", "--format", "github", "org.csv")
        lines = out.rstrip("\n").split("\n")
        assert len(lines) == len(findings)
        assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
        assert not [line for line in lines if "forged" in line.split("::", 2)[1]]
        assert "[U+000D][U+000A]0 errors" in out

    def test_json_keeps_the_exact_data(self, hostile: Path) -> None:
        """JSON output is inert text that parses back to the names as they are in the file."""
        _, out, _ = _run_bytes(hostile, "check", "--isolated", "--format", "json", "org.csv")
        assert "\\u001b[31m" in out
        messages = " ".join(f["message"] for f in json.loads(out)["findings"])
        assert "Bo\x07\r\n0 errors\r\n::error" in messages
        assert "\u2066" in " ".join(i for f in json.loads(out)["findings"] for i in f["ids"])

    def test_sarif_messages_are_visible(self, hostile: Path) -> None:
        """SARIF parses; its messages (shown by code-scanning pages) use visible codes."""
        _, out, _ = _run_bytes(hostile, "check", "--isolated", "--format", "sarif", "org.csv")
        results = json.loads(out)["runs"][0]["results"]
        texts = " ".join(r["message"]["text"] for r in results)
        assert "[U+000A]" in texts
        assert "\n0 errors" not in texts

    def test_stats_and_diff_are_inert(self, hostile: Path) -> None:
        """stats (text, JSON) and diff print the hostile data inert too."""
        for argv in (
            ("stats", "--isolated", "org.csv"),
            ("stats", "--isolated", "--format", "json", "org.csv"),
            ("diff", "--isolated", "org.csv", "org.csv"),
        ):
            code, out, err = _run_bytes(hostile, *argv)
            assert code == 0, err
            assert_inert(out)
            assert_inert(err)

    def test_stats_csv_guards_formulas(self, tmp_path: Path) -> None:
        """stats --format csv writes no cell that a spreadsheet would run."""
        (tmp_path / "org.csv").write_text(
            "id,name,title,manager\n"
            '1,"=HYPERLINK(""http://x"",""y"")",CPO,\n'
            "2,@SUM(A1),Director,1\n"
            "3,+Director,PM,2\n"
            "4,-1+2,PM,2\n",
            encoding="utf-8",
        )
        code, out, err = _run_bytes(tmp_path, "stats", "--isolated", "--format", "csv", "org.csv")
        assert code == 0, err
        rows = list(csv.reader(io.StringIO(out)))
        cells = [cell for row in rows[1:] for cell in row]
        assert not [c for c in cells if c.startswith(("=", "+", "@", "-1"))]
        assert '\'=HYPERLINK("http://x","y")' in cells
        assert "'@SUM(A1)" in cells


def assert_inert_lines(text: str) -> None:
    """Every line is inert (workflow commands are allowed: they are the format)."""
    for line in text.split("\n"):
        assert inert_line(line), repr(line)


# --------------------------------------------------------------------------- the CI user's CLI


def script_process(
    folder: Path, *argv: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed console script (``orgshape``), stdout and stderr as text."""
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR")
    }
    environ.update(env or {})
    return subprocess.run(
        [*_console_script(), *argv],
        cwd=folder,
        env=environ,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


_OUR_COLOURS = re.compile(r"\x1b\[(?:[0-9;]+)?m")


class TestRulesCommands:
    def test_rules_lists_every_rule(self, folder):
        """`orgshape rules` is a table: code, name, group, default severity, one line."""
        done = script_process(folder, "rules", "--isolated")
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines[0].split() == ["code", "name", "group", "severity", "summary"]
        row = next(line for line in lines if line.startswith("ONE_OVER_ONE "))
        assert row.split()[1:4] == ["one-over-one", "spans", "warning"]
        assert f"{len(BUILTIN_RULES)} rules;" in done.stdout

    def test_rules_json_and_group(self, folder):
        """`--format json --group spans` lists only that group, as data."""
        done = script_process(folder, "rules", "--isolated", "--group", "spans", "--format", "json")
        data = json.loads(done.stdout)
        assert data
        assert {r["group"] for r in data} == {"spans"}
        assert {"code", "name", "group", "severity", "summary"} == set(data[0])

    def test_rule_explains_with_its_example(self, folder):
        """`orgshape rule NAME` gives the rationale, the fix and the example's finding."""
        done = script_process(folder, "rule", "one-over-one", "--isolated")
        assert done.returncode == 0, done.stderr
        out = done.stdout
        assert out.startswith("ONE_OVER_ONE (one-over-one)\n")
        assert "Group: spans · default severity: warning" in out
        assert "How to fix: merge the two roles" in out
        assert "Example:" in out
        assert "warning ONE_OVER_ONE [1, 2]: Ana Lima (Head of Product) has exactly one" in out

    def test_check_explain_is_the_same(self, folder):
        """`check --explain CODE` prints what `rule CODE` prints."""
        a = script_process(folder, "rule", "SPAN_ABOVE_RANGE", "--isolated")
        b = script_process(folder, "check", "--explain", "span_above_range", "--isolated")
        assert a.returncode == 0
        assert b.returncode == 0
        assert a.stdout == b.stdout

    def test_unknown_rule_suggests(self, folder):
        """A typo exits 2 and says what was meant."""
        done = script_process(folder, "rule", "ONE_OVR_ONE", "--isolated")
        assert done.returncode == 2
        assert "did you mean ONE_OVER_ONE" in done.stderr


class TestCheckOutput:
    def test_path_row_prefixes(self, folder):
        """Each finding starts with path:row:, which editors and terminals can follow."""
        done = script_process(folder, "check", "--isolated", "example.csv")
        assert "  example.csv:54: LEVEL_INVERSION (level-inversion) · P053, P022\n" in done.stdout

    def test_records_of_json_files_are_not_lines(self, folder):
        """A JSON file's rows are records: the prefix says so instead of posing as a line."""
        orgshape.write(orgshape.read(folder / "example.csv"), folder / "org.json")
        done = script_process(folder, "check", "--isolated", "org.json")
        assert "  org.json: record 53: LEVEL_INVERSION" in done.stdout  # no header record

    def test_statistics(self, folder):
        """--statistics counts findings per rule, most frequent first, with the people named."""
        done = script_process(folder, "check", "--isolated", "example.csv", "--statistics")
        assert done.returncode == 1
        lines = done.stdout.splitlines()
        assert lines[0].split() == ["count", "code", "name", "severity", "people"]
        assert lines[1].split() == ["3", "PARTNER_COVERAGE", "partner-coverage", "info", "49"]
        assert lines[-2:] == [
            "policy: the defaults (--isolated)",
            "1 error, 6 warnings, 5 info in example.csv",
        ]

    def test_statistics_json(self, folder):
        """--statistics --format json is the same table as data."""
        done = script_process(
            folder, "check", "--isolated", "example.csv", "--statistics", "--format", "json"
        )
        data = json.loads(done.stdout)
        assert data["counts"] == {"error": 1, "warning": 6, "info": 5}
        assert sum(r["count"] for r in data["rules"]) == 12
        assert data["policies"] == [None]

    def test_statistics_refuses_sarif(self, folder):
        """--statistics with --format sarif is a usage error."""
        done = script_process(
            folder, "check", "--isolated", "example.csv", "--statistics", "--format", "sarif"
        )
        assert done.returncode == 2

    def test_no_colour_on_a_pipe(self, folder):
        """stdout is a pipe here: no colour codes."""
        assert "\x1b" not in script_process(folder, "check", "--isolated", "example.csv").stdout

    def test_force_color(self, folder):
        """FORCE_COLOR colours the report; NO_COLOR wins over it."""
        forced = script_process(
            folder, "check", "--isolated", "example.csv", env={"FORCE_COLOR": "1"}
        )
        assert "\x1b[1;31mErrors (1)\x1b[0m" in forced.stdout
        plain = _OUR_COLOURS.sub("", forced.stdout)
        assert plain == script_process(folder, "check", "--isolated", "example.csv").stdout
        both = script_process(
            folder,
            "check",
            "--isolated",
            "example.csv",
            env={"FORCE_COLOR": "1", "NO_COLOR": "1"},
        )
        assert "\x1b" not in both.stdout

    def test_colour_keeps_the_data_inert(self, tmp_path):
        """With colour forced, the only escape codes are orgshape's own colours."""
        (tmp_path / "org.csv").write_bytes(HOSTILE_CSV.encode("utf-8"))
        done = script_process(tmp_path, "check", "--isolated", "org.csv", env={"FORCE_COLOR": "1"})
        assert done.returncode == 1
        assert_inert(_OUR_COLOURS.sub("", done.stdout))

    def test_output_file_makes_its_folders(self, folder):
        """--output-file into a folder that does not exist yet creates it."""
        done = script_process(
            folder,
            "check",
            "--isolated",
            "example.csv",
            "--format",
            "sarif",
            "--output-file",
            "reports/ci/orgshape.sarif",
        )
        assert done.returncode == 1, done.stderr
        log = json.loads((folder / "reports" / "ci" / "orgshape.sarif").read_text("utf-8"))
        assert log["runs"][0]["properties"]["policies"] == [
            {"source": "example.csv", "policy": None}
        ]


class TestStdin:
    def test_dash_reads_stdin(self, folder):
        """`check -` reads the org from stdin; the format is found from the data."""
        data = (folder / "example.csv").read_text("utf-8")
        done = script_process(folder, "check", "--isolated", "-", stdin=data)
        assert done.returncode == 1, done.stderr
        assert "  -:54: LEVEL_INVERSION" in done.stdout
        assert done.stdout.rstrip().endswith("1 error, 6 warnings, 5 info in -")

    def test_json_on_stdin(self, folder):
        """JSON on stdin is recognised too."""
        org = orgshape.read(folder / "example.csv")
        orgshape.write(org, folder / "org.json")
        done = script_process(
            folder, "check", "--isolated", "-", stdin=(folder / "org.json").read_text("utf-8")
        )
        assert done.returncode == 1, done.stderr
        assert "1 error, 6 warnings, 5 info in -" in done.stdout

    def test_stdin_filename_gives_the_policy_and_the_name(self, folder):
        """--stdin-filename names the data, and its folder's policy judges it."""
        (folder / "team").mkdir()
        (folder / "team" / "orgshape.toml").write_text('ignore = ["ladder"]\n', encoding="utf-8")
        data = (folder / "example.csv").read_text("utf-8")
        done = script_process(folder, "check", "-", "--stdin-filename", "team/org.csv", stdin=data)
        assert done.returncode == 0, done.stdout
        assert "policy: team/orgshape.toml" in done.stdout
        assert "in team/org.csv" in done.stdout


class TestPolicyDiscovery:
    @pytest.fixture
    def repo(self, folder: Path) -> Path:
        """An org file in team/, under a policy that ignores the ladder rules."""
        (folder / "team").mkdir()
        (folder / "team" / "org.csv").write_bytes((folder / "example.csv").read_bytes())
        (folder / "team" / "orgshape.toml").write_text('ignore = ["ladder"]\n', encoding="utf-8")
        return folder

    def test_the_same_file_gets_the_same_report_from_any_folder(self, repo):
        """The policy is found from the file's folder, not from where the command runs."""
        top = script_process(repo, "check", "team/org.csv", "--format", "json")
        inside = script_process(repo / "team", "check", "org.csv", "--format", "json")
        a, b = json.loads(top.stdout), json.loads(inside.stdout)
        assert a["counts"] == b["counts"]
        assert a["counts"]["error"] == 0  # the ladder's error is ignored there
        assert a["policy"] == b["policy"] == str(repo / "team" / "orgshape.toml")

    def test_the_text_report_names_the_policy(self, repo):
        """The text report says which policy file judged the design."""
        done = script_process(repo, "check", "team/org.csv", "example.csv")
        assert "policy: team/orgshape.toml\n" in done.stdout
        assert "policy: the defaults\n" in done.stdout

    def test_github_annotations_name_the_policy(self, repo):
        """Each annotation ends with the policy it was found with."""
        done = script_process(repo, "check", "team/org.csv", env={"GITHUB_ACTIONS": "true"})
        lines = done.stdout.splitlines()
        assert lines
        assert all(line.endswith("%0Apolicy: team/orgshape.toml") for line in lines)

    def test_show_config_for_a_file(self, repo):
        """--show-config PATH prints the policy that file gets."""
        done = script_process(repo, "check", "--show-config", "team/org.csv")
        assert done.returncode == 0
        assert "team/orgshape.toml, for team/org.csv" in done.stdout
        assert 'ignore = ["ladder"]' in done.stdout


class TestCompletion:
    @pytest.mark.parametrize("shell", ["bash", "zsh", "tcsh"])
    def test_scripts(self, folder, shell):
        """`orgshape completion SHELL` prints a script that knows the commands and flags."""
        done = script_process(folder, "completion", shell)
        assert done.returncode == 0, done.stderr
        words: tuple[str, ...] = ("check", "render", "rules", "completion")
        if shell != "tcsh":  # shtab's tcsh script completes commands only
            words += ("--fail-on", "--statistics")
        for word in words:
            assert word in done.stdout

    def test_bash_script_loads(self, folder):
        """The bash script is valid bash and registers a completion for orgshape."""
        bash = shutil.which("bash")
        if bash is None:
            pytest.skip("no bash")
        script = script_process(folder, "completion", "bash").stdout
        (folder / "complete.sh").write_text(script, encoding="utf-8")
        done = subprocess.run(
            [bash, "-c", "source ./complete.sh && complete -p orgshape"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "orgshape" in done.stdout


class TestWatch:
    def test_checks_again_on_change(self, folder):
        """--watch reports, then reports again when the file changes; Ctrl-C ends it (0)."""
        environ = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
        process = subprocess.Popen(
            [*_console_script(), "check", "--isolated", "example.csv", "--watch"],
            cwd=folder,
            env=environ,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        lines: queue.Queue[str] = queue.Queue()
        stdout = process.stdout
        assert stdout is not None

        def read() -> None:
            for line in stdout:
                lines.put(line)

        threading.Thread(target=read, daemon=True).start()

        def summary() -> str:
            while True:
                line = lines.get(timeout=120)
                if " in example.csv" in line:
                    return line.strip()

        try:
            assert summary() == "1 error, 6 warnings, 5 info in example.csv"
            fixed = (
                (folder / "example.csv")
                .read_text("utf-8")
                .replace(
                    "P053,Julia Novak,Senior Product Manager", "P053,Julia Novak,Product Manager"
                )
            )
            assert fixed != (folder / "example.csv").read_text("utf-8")
            time.sleep(0.05)
            (folder / "example.csv").write_text(fixed, encoding="utf-8")
            second = summary()
            assert second != "1 error, 6 warnings, 5 info in example.csv"
            assert second.startswith("0 errors")
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=60) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        assert process.stderr is not None
        err = process.stderr.read()
        assert "watching 1 file for changes (Ctrl-C stops)" in err
        assert "checking again" in err

    def test_stdin_cannot_be_watched(self, folder):
        """--watch with - is a usage error."""
        done = script_process(folder, "check", "-", "--watch", stdin="")
        assert done.returncode == 2
        assert "stdin" in done.stderr


class TestProgress:
    """The progress bar, seen as a user sees it: stderr a terminal (a pty), stdout a pipe."""

    def _run_with_a_slow_stdin(self, folder: Path, *flags: str) -> tuple[int, str, str]:
        import fcntl  # noqa: PLC0415  (POSIX only)
        import pty  # noqa: PLC0415
        import struct  # noqa: PLC0415
        import termios  # noqa: PLC0415

        master, slave = pty.openpty()
        # a terminal 100 columns wide (a fresh pty is 0 × 0, where a bar has no room)
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
        environ = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
        process = subprocess.Popen(
            [*_console_script(), *flags, "check", "--isolated", "-"],
            cwd=folder,
            env=environ,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=slave,
        )
        os.close(slave)
        chunks: list[bytes] = []

        def drain() -> None:
            while True:
                try:
                    data = os.read(master, 4096)
                except OSError:  # the pty closed
                    return
                if not data:
                    return
                chunks.append(data)

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        assert process.stdin is not None
        # The pipe stays silent past the bar's one-second delay: until the bar shows (a
        # loaded machine may take seconds to start the program), or, with --quiet, for
        # two seconds after the start. No time limit on the program itself.
        waited = 0.0
        while waited < (2.0 if "--quiet" in flags else 120.0):
            if "--quiet" not in flags and b"reading stdin" in b"".join(chunks):
                break
            time.sleep(0.1)
            waited += 0.1
        out, _ = process.communicate((folder / "example.csv").read_bytes(), timeout=120)
        reader.join(timeout=10)
        os.close(master)
        return process.returncode, out.decode("utf-8"), b"".join(chunks).decode("utf-8")

    @pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
    def test_a_bar_on_a_terminal_for_slow_work(self, folder):
        """Waiting on stdin past a second shows a bar on stderr, then a "done" line."""
        code, out, err = self._run_with_a_slow_stdin(folder)
        assert code == 1
        assert "reading stdin" in err
        assert re.search(r"read [\d,]+ bytes from stdin in \d+\.\d s", err)
        assert "\x1b" not in out  # the report on the pipe stays plain

    @pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")
    def test_quiet_shows_no_bar(self, folder):
        """--quiet: nothing on the terminal, however slow the work."""
        code, _, err = self._run_with_a_slow_stdin(folder, "--quiet")
        assert code == 1
        assert err == ""
