"""Tests for the orgshape command line, through ``orgshape.cli.main(argv)``."""

from __future__ import annotations

import glob
import io
import json
import re
import shlex
import sys
import textwrap
import time
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePath
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import orgshape
from orgshape import __main__ as entry
from orgshape._cli import _console, _parser
from orgshape._cli._check import default_format
from orgshape._cli._common import DATA_SUFFIXES
from orgshape._cli._formats import github_annotations, policy_toml
from orgshape._cli._main import REFERENCE_WIDTH
from orgshape._cli._render import CHART_SUFFIXES
from orgshape._display import visible
from orgshape.cli import main, reference_markdown
from orgshape.io._formats import FORMATS as DATA_FORMATS
from orgshape.render import THEMES
from orgshape.render._chart import FORMATS as CHART_FORMATS
from orgshape.render._chart import SUFFIXES
from orgshape.rules import BUILTIN_RULES, Finding, Policy

CLEAN = """\
id,name,title,manager_id
1,Ana Lima,Chief Product Officer,
2,Bo Chen,VP of Product,1
3,Cy Diaz,VP of Product,1
4,Di Eng,Director of Product,2
5,Ed Fox,Director of Product,2
6,Fa Gil,Director of Product,3
7,Gu Ho,Director of Product,3
"""
# One warning (a VP with one report), no error.
WARN = CLEAN.replace("7,Gu Ho,Director of Product,3\n", "")
# Data problems: an unknown manager and a cycle.
BROKEN = """\
id,name,title,manager_id
1,Ana Lima,Chief Product Officer,
2,Bo Chen,VP of Product,1
3,Cy Diaz,VP of Product,9
4,Di Eng,Director of Product,5
5,Ed Fox,Director of Product,4
"""


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test runs in an empty folder, outside GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):
    def invoke(*argv: str) -> Result:
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def example(tmp_path: Path) -> str:
    """The bundled example org, copied into the test folder (1 error, 6 warnings, 5 info)."""
    data = resources.files("orgshape").joinpath("data", "example_org.csv").read_bytes()
    (tmp_path / "example.csv").write_bytes(data)
    return "example.csv"


def write(name: str, text: str) -> str:
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    Path(name).write_text(text, encoding="utf-8")
    return name


def assert_user_error(result: Result, *fragments: str) -> None:
    assert result.code == 2, result
    assert "Traceback" not in result.err
    assert re.match(r"orgshape( \w+)?: error: ", result.err), result.err
    assert len(result.err.strip().splitlines()) <= 12, result.err
    for fragment in fragments:
        assert fragment in result.err


# --------------------------------------------------------------------------- main


class TestMain:
    def test_version(self, run):
        """--version prints the version to stdout and exits 0."""
        result = run("--version")
        assert result.code == 0
        assert result.out.strip() == f"orgshape {orgshape.__version__}"

    def test_help_lists_every_command(self, run):
        """--help lists every command and the exit codes, and exits 0."""
        result = run("--help")
        assert result.code == 0
        for name in _parser.COMMANDS:
            assert f"    {name}" in result.out
        assert "exit codes:" in result.out

    @pytest.mark.parametrize("command", list(_parser.COMMANDS))
    def test_every_command_help_has_an_example(self, run, command):
        """Each command's --help ends with examples that use the command."""
        result = run(command, "--help")
        assert result.code == 0
        examples = result.out.split("examples:\n", 1)[1]
        assert f"orgshape {command}" in examples

    def test_no_command_is_a_usage_error(self, run):
        """Running orgshape without a command is a usage error (exit 2)."""
        assert_user_error(run(), "COMMAND")

    def test_unknown_command(self, run):
        """An unknown command is a usage error naming the valid ones."""
        assert_user_error(run("chekc"), "invalid choice", "check")

    def test_global_flags_before_or_after_the_command(self, run, example):
        """--quiet works before and after the command name."""
        before = run("-q", "check", "--isolated", "--format", "json", example)
        after = run("check", "--isolated", "--format", "json", example, "-q")
        assert before.err == after.err == ""
        assert before.out == after.out
        assert run("check", "--isolated", "--format", "json", example).err != ""

    def test_python_dash_m_entry(self):
        """`python -m orgshape` runs main (the module exists and calls it)."""
        assert entry.main is main


# --------------------------------------------------------------------------- check


class TestCheckExitCodes:
    def test_example_has_an_error(self, run, example):
        """The example has an error: exit 1 with the default --fail-on error."""
        assert run("check", "--isolated", example).code == 1

    def test_clean_org_exits_zero(self, run):
        """An org with no finding exits 0 and says so."""
        result = run("check", "--isolated", write("clean.csv", CLEAN))
        assert result.code == 0
        assert result.out == "No findings in clean.csv.\npolicy: the defaults (--isolated)\n"

    @pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1)])
    def test_fail_on_threshold(self, run, fail_on, code):
        """--fail-on sets the lowest severity that fails: a warning fails warning and info."""
        path = write("warn.csv", WARN)
        assert run("check", "--isolated", path, "--fail-on", fail_on).code == code

    def test_exit_zero(self, run, example):
        """--exit-zero exits 0 even with errors, and still prints the findings."""
        result = run("check", "--isolated", example, "--exit-zero")
        assert result.code == 0
        assert "LEVEL_INVERSION" in result.out

    def test_exit_zero_keeps_input_errors(self, run, example):
        """--exit-zero does not hide an unreadable file (exit 2)."""
        assert run("check", "--isolated", example, "missing.csv", "--exit-zero").code == 2

    def test_no_path(self, run):
        """check without PATH (and without --show-config) is a usage error."""
        assert_user_error(run("check", "--isolated"), "PATH")


class TestCheckText:
    def test_report_on_stdout_nothing_on_stderr(self, run, example):
        """Text goes to stdout; stderr stays empty (it is not a terminal)."""
        result = run("check", "--isolated", example)
        assert result.err == ""
        assert result.out.startswith("Errors (1)\n")
        assert result.out.rstrip().endswith("1 error, 6 warnings, 5 info in example.csv")

    def test_data_problems_are_findings(self, run):
        """A lenient load: cycles and unknown managers are error findings with their rows."""
        result = run("check", "--isolated", write("broken.csv", BROKEN))
        assert result.code == 1
        assert "broken.csv:4: UNKNOWN_MANAGER (unknown-manager) · 3" in result.out
        assert "CYCLE" in result.out
        assert "4 → 5 → 4" in result.out

    def test_several_files(self, run, example):
        """Each file is validated; the reports follow each other and a total ends them."""
        result = run("check", "--isolated", example, write("warn.csv", WARN))
        assert result.code == 1
        assert "in example.csv" in result.out
        assert "in warn.csv" in result.out
        assert result.out.rstrip().endswith("Total: 1 error, 7 warnings, 5 info in 2 files.")

    def test_worst_file_decides(self, run):
        """The exit code comes from all files: one failing file fails the run."""
        clean, warn = write("a.csv", CLEAN), write("b.csv", WARN)
        assert run("check", "--isolated", clean, warn, "--fail-on", "warning").code == 1
        assert run("check", "--isolated", clean, clean, "--fail-on", "warning").code == 0

    def test_unreadable_file_does_not_stop_the_others(self, run, example):
        """A missing file is an error on stderr (exit 2); the other files are still checked."""
        result = run("check", "--isolated", "missing.csv", example)
        assert result.code == 2
        assert "no such file" in result.err
        assert "missing.csv" in result.err
        assert "LEVEL_INVERSION" in result.out

    def test_select_and_ignore(self, run, example):
        """--select replaces the rules run; --ignore removes some (codes, names or groups)."""
        only = run("check", "--isolated", example, "--select", "spans")
        assert "SPAN_ABOVE_RANGE" in only.out
        assert "LEVEL_INVERSION" not in only.out
        ignored = run("check", "--isolated", example, "--ignore", "level-inversion,ONE_OVER_ONE")
        assert ignored.code == 0
        assert "LEVEL_INVERSION" not in ignored.out
        assert "ONE_OVER_ONE" not in ignored.out
        repeated = run("check", "--isolated", example, "--ignore", "level-inversion")
        assert repeated.code == 0

    def test_ignore_adds_to_the_policy(self, run, example):
        """--ignore keeps what the policy already ignores."""
        write("orgshape.toml", 'ignore = ["portfolio"]\n')
        result = run("check", example, "--ignore", "ONE_OVER_ONE", "--format", "json")
        codes = {f["code"] for f in json.loads(result.out)["findings"]}
        assert not codes & {"ONE_OVER_ONE", "SMALL_PORTFOLIO", "SHARED_PRODUCT"}
        assert "LEVEL_INVERSION" in codes

    def test_output_file(self, run, example):
        """--output-file writes the report there; the summary goes to stderr."""
        result = run(
            "check", "--isolated", example, "--format", "sarif", "--output-file", "o.sarif"
        )
        assert result.out == ""
        assert json.loads(Path("o.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
        assert "1 error, 6 warnings, 5 info in example.csv" in result.err


class TestCheckJson:
    def test_shape(self, run, example):
        """The JSON has a schema version, counts and findings with every documented key."""
        result = run("check", "--isolated", example, "--format", "json")
        data = json.loads(result.out)
        assert sorted(data) == [
            "counts",
            "findings",
            "ok",
            "policies",
            "policy",
            "schema_version",
            "source",
            "sources",
        ]
        assert data["policies"] == [None]
        assert data["schema_version"] == 2
        assert data["ok"] is False
        assert data["counts"] == {"error": 1, "warning": 6, "info": 5}
        assert data["source"] == "example.csv"
        assert data["sources"] == ["example.csv"]
        first = data["findings"][0]
        assert sorted(first) == sorted(
            ["code", "name", "severity", "ids", "message", "hint", "row", "source"]
        )
        assert first["code"] == "LEVEL_INVERSION"
        assert first["ids"] == ["P053", "P022"]
        assert first["row"] == 54
        assert first["source"] == "example.csv"

    def test_deterministic(self, run, example):
        """The same input gives byte-identical JSON."""
        first = run("check", "--isolated", example, "--format", "json").out
        assert run("check", "--isolated", example, "--format", "json").out == first

    def test_stdout_is_pure_json(self, run, example):
        """Machine formats keep stdout parseable; the human summary goes to stderr."""
        result = run("check", "--isolated", example, "--format", "json")
        json.loads(result.out)
        assert result.err.strip() == "1 error, 6 warnings, 5 info in example.csv"

    def test_several_files_merge_with_their_source(self, run, example):
        """Findings of several files are merged, each naming its file; source is null."""
        result = run(
            "check", "--isolated", example, write("sub/warn.csv", WARN), "--format", "json"
        )
        data = json.loads(result.out)
        assert data["source"] is None
        assert data["sources"] == ["example.csv", "sub/warn.csv"]
        assert {f["source"] for f in data["findings"]} == {"example.csv", "sub/warn.csv"}
        assert data["counts"] == {"error": 1, "warning": 7, "info": 5}

    def test_policy_file_is_named(self, run, example):
        """The JSON names the policy file in force."""
        write("orgshape.toml", "max_level_gap = 3\n")
        data = json.loads(run("check", example, "--format", "json").out)
        assert Path(data["policy"]).name == "orgshape.toml"


class TestCheckGithub:
    def test_annotations(self, run, example):
        """--format github prints one workflow command per finding, with file and line."""
        result = run("check", "--isolated", example, "--format", "github")
        lines = result.out.splitlines()
        assert len(lines) == 12
        assert lines[0].startswith(
            "::error file=example.csv,line=54,title=LEVEL_INVERSION (level-inversion)::Julia Novak"
        )
        assert any(line.startswith("::warning file=example.csv,line=7,") for line in lines)
        assert lines[-1].startswith("::notice file=example.csv,line=58,")
        assert all("\n" not in line and "%0Ahint: " in line for line in lines)

    def test_escaping(self, run):
        """%, CR, LF in messages, and also : and , in properties, are escaped."""
        text = "id,name,title,manager_id\n1,Ana,Chief Product Officer,\n2,Bo,VP of Product,1\n"
        path = write("a,b:c%.csv", text)
        line = run("check", "--isolated", path, "--format", "github").out.splitlines()[0]
        assert line.startswith("::warning file=a%2Cb%3Ac%25.csv,line=2,title=ONE_OVER_ONE")
        message = line.split("::", 2)[2]
        assert "%0Ahint: " in message
        assert "\n" not in message

    def test_no_line_for_json_files(self, run, example, tmp_path):
        """Rows of a JSON file are records, not lines: no line=, the record in the message."""
        run("convert", example, "org.json")
        line = run("check", "--isolated", "org.json", "--format", "github").out.splitlines()[0]
        assert line.startswith("::error file=org.json,title=LEVEL_INVERSION")
        assert "::record 53: Julia Novak" in line

    def test_paths_are_normalised(self, run):
        """./org.csv is annotated as org.csv (GitHub wants repository-relative paths)."""
        write("warn.csv", WARN)
        line = run("check", "--isolated", "./warn.csv", "--format", "github").out
        assert line.startswith("::warning file=warn.csv,line=4,")

    @pytest.mark.parametrize("value", ["true", "1"])
    def test_chosen_inside_github_actions(self, run, example, monkeypatch, value):
        """With GITHUB_ACTIONS set and no --format, the output is workflow annotations."""
        monkeypatch.setenv("GITHUB_ACTIONS", value)
        assert default_format() == "github"
        assert run("check", "--isolated", example).out.startswith("::error file=example.csv")

    def test_explicit_format_wins(self, run, example, monkeypatch):
        """--format text overrides the GitHub Actions default."""
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
        assert run("check", "--isolated", example, "--format", "text").out.startswith("Errors")

    @pytest.mark.parametrize("value", ["", "false", "0"])
    def test_not_chosen_outside(self, monkeypatch, value):
        """An empty or false GITHUB_ACTIONS keeps the text format."""
        monkeypatch.setenv("GITHUB_ACTIONS", value)
        assert default_format() == "text"

    def test_clean_org_prints_nothing(self, run):
        """No findings: no annotation lines at all."""
        result = run("check", "--isolated", write("clean.csv", CLEAN), "--format", "github")
        assert result.out == ""
        assert result.code == 0


def assert_sarif_shape(log: dict[str, Any]) -> None:
    """The properties SARIF 2.1.0 requires, and those GitHub code scanning needs."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].startswith("https://")
    assert "sarif-2.1.0" in log["$schema"]
    assert isinstance(log["runs"], list)
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert isinstance(driver["name"], str)
    assert driver["name"]
    ids = []
    for rule in driver["rules"]:
        assert isinstance(rule["id"], str)
        assert rule["id"]
        for key in ("shortDescription", "fullDescription", "help"):
            assert isinstance(rule[key]["text"], str)
            assert rule[key]["text"]
        assert rule["defaultConfiguration"]["level"] in ("none", "note", "warning", "error")
        ids.append(rule["id"])
    assert len(set(ids)) == len(ids)
    for result in run["results"]:
        assert isinstance(result["message"]["text"], str)
        assert result["message"]["text"]
        assert result["ruleId"] in ids
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("none", "note", "warning", "error")
        for location in result["locations"]:
            physical = location["physicalLocation"]
            assert isinstance(physical["artifactLocation"]["uri"], str)
            start = physical["region"]["startLine"]
            assert isinstance(start, int)
            assert start >= 1
            for logical in location.get("logicalLocations", []):
                assert isinstance(logical["name"], str)
        for value in result.get("partialFingerprints", {}).values():
            assert isinstance(value, str)


class TestCheckSarif:
    def test_shape(self, run, example):
        """The SARIF log has every property SARIF 2.1.0 and GitHub code scanning require."""
        log = json.loads(run("check", "--isolated", example, "--format", "sarif").out)
        assert_sarif_shape(log)

    def test_content(self, run, example):
        """Results map severities to levels, rows to lines, people to logical locations."""
        log = json.loads(run("check", "--isolated", example, "--format", "sarif").out)
        run_ = log["runs"][0]
        results = run_["results"]
        assert [r["level"] for r in results].count("error") == 1
        assert results[-1]["level"] == "note"
        first = results[0]
        assert first["ruleId"] == "LEVEL_INVERSION"
        location = first["locations"][0]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == "example.csv"
        assert location["physicalLocation"]["region"]["startLine"] == 54
        assert [x["name"] for x in location["logicalLocations"]] == ["P053", "P022"]
        rule = next(r for r in run_["tool"]["driver"]["rules"] if r["id"] == "LEVEL_INVERSION")
        assert rule["name"] == "level-inversion"
        assert rule["defaultConfiguration"]["level"] == "error"
        assert BUILTIN_RULES["LEVEL_INVERSION"].hint in rule["help"]["text"]
        assert run_["tool"]["driver"]["version"] == orgshape.__version__

    def test_only_rules_that_fired_sorted(self, run, example):
        """tool.driver.rules lists the rules with results, sorted by code."""
        log = json.loads(run("check", "--isolated", example, "--format", "sarif").out)
        ids = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
        assert ids == sorted({r["ruleId"] for r in log["runs"][0]["results"]})

    def test_fingerprints_ignore_rows(self, run, example):
        """A finding keeps its fingerprint when rows move (it is keyed by code and people)."""
        first = json.loads(run("check", "--isolated", example, "--format", "sarif").out)
        text = Path(example).read_text(encoding="utf-8").splitlines(keepends=True)
        Path(example).write_text(text[0] + "".join(reversed(text[1:])), encoding="utf-8")
        second = json.loads(run("check", "--isolated", example, "--format", "sarif").out)

        def prints(log: dict[str, Any]) -> set[str]:
            return {
                r["partialFingerprints"]["orgshapeFinding/v1"] for r in log["runs"][0]["results"]
            }

        assert prints(first) == prints(second)

    def test_path_uris(self, run, tmp_path):
        """Relative paths become relative URIs (posix, escaped); absolute ones file: URIs."""
        rel = write("my org/a b.csv", WARN)
        log = json.loads(run("check", "--isolated", rel, "--format", "sarif").out)
        uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        assert uri["uri"] == "my%20org/a%20b.csv"
        absolute = str(tmp_path / "warn.csv")
        write(absolute, WARN)
        log = json.loads(run("check", "--isolated", absolute, "--format", "sarif").out)
        uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        assert uri["uri"].startswith("file:///")

    def test_empty_run(self, run):
        """No findings: a valid log with an empty results list."""
        log = json.loads(run("check", "--isolated", write("c.csv", CLEAN), "--format", "sarif").out)
        assert_sarif_shape(log)
        assert log["runs"][0]["results"] == []


# --------------------------------------------------------------------------- config


class TestConfigDiscovery:
    def test_orgshape_toml_in_cwd(self, run, example):
        """orgshape.toml in the current folder is the policy in force."""
        write("orgshape.toml", 'ignore = ["level-inversion"]\n')
        assert run("check", example).code == 0

    def test_orgshape_toml_in_a_parent(self, run, example, monkeypatch, tmp_path):
        """orgshape.toml is found in a parent folder too."""
        write("orgshape.toml", 'ignore = ["level-inversion"]\n')
        (tmp_path / "deep" / "er").mkdir(parents=True)
        monkeypatch.chdir(tmp_path / "deep" / "er")
        assert run("check", str(tmp_path / example)).code == 0

    def test_pyproject_tool_table(self, run, example):
        """[tool.orgshape] in pyproject.toml is used when there is no orgshape.toml."""
        write("pyproject.toml", '[project]\nname = "x"\n\n[tool.orgshape]\nignore = ["ladder"]\n')
        assert run("check", example).code == 0
        result = run("check", "--show-config")
        assert "pyproject.toml" in result.out.splitlines()[0]

    def test_orgshape_toml_beats_pyproject(self, run, example):
        """In one folder, orgshape.toml wins over pyproject.toml."""
        write("pyproject.toml", '[tool.orgshape]\nignore = ["ladder"]\n')
        write("orgshape.toml", "max_level_gap = 2\n")
        assert run("check", example).code == 1
        assert "orgshape.toml" in run("check", "--show-config").out.splitlines()[0]

    def test_explicit_policy_wins(self, run, example):
        """--policy FILE beats discovery; YAML works too."""
        write("orgshape.toml", 'ignore = ["level-inversion"]\n')
        write("strict.yaml", "max_level_gap: 2\n")
        assert run("check", example, "--policy", "strict.yaml").code == 1

    def test_isolated_skips_discovery(self, run, example):
        """--isolated uses the defaults even when a policy file is around."""
        write("orgshape.toml", 'ignore = ["level-inversion"]\n')
        assert run("check", example, "--isolated").code == 1

    def test_policy_and_isolated_exclude_each_other(self, run, example):
        """--policy and --isolated together are a usage error."""
        assert_user_error(run("check", example, "--isolated", "--policy", "x.toml"), "not allowed")

    def test_policy_ladder_reads_titles(self, run):
        """The policy's ladder maps the titles of the files it checks."""
        write(
            "orgshape.toml",
            textwrap.dedent("""\
                [ladder]
                base = "default"
                aliases = { "Product Lead" = "DIRECTOR" }
            """),
        )
        path = write("org.csv", CLEAN.replace("Director of Product", "Product Lead"))
        result = run("check", path, "--format", "json")
        assert "UNKNOWN_TITLE" not in {f["code"] for f in json.loads(result.out)["findings"]}
        isolated = run("check", path, "--format", "json", "--isolated")
        assert "UNKNOWN_TITLE" in {f["code"] for f in json.loads(isolated.out)["findings"]}


class TestShowConfig:
    def test_defaults(self, run):
        """--show-config without files prints the defaults and says so."""
        result = run("check", "--show-config")
        assert result.code == 0
        assert result.out.startswith("# The policy in force, from the defaults")
        assert "max_layers = 8" in result.out

    def test_toml_round_trips(self, run):
        """The printed TOML reads back into the same policy."""
        write(
            "orgshape.toml",
            textwrap.dedent("""\
                max_layers = 5
                ignore = ["people"]
                [spans]
                DIRECTOR = [3, 10]
                [severity]
                ONE_OVER_ONE = "error"
                [[exemptions]]
                rule = "one-over-one"
                id = "P006"
                reason = "ramping up, \\"second\\" team in Q3"
            """),
        )
        result = run("check", "--show-config")
        assert Path(result.out.splitlines()[0].split("from ", 1)[1]).name == "orgshape.toml"
        shown = Policy.from_dict(tomllib.loads(result.out))
        assert shown.to_dict() == orgshape.load_policy("orgshape.toml").to_dict()
        assert shown.exemptions[0].reason == 'ramping up, "second" team in Q3'

    def test_json(self, run):
        """--show-config --format json gives the source and the policy as data."""
        write("orgshape.toml", "max_level_gap = 3\n")
        data = json.loads(run("check", "--show-config", "--format", "json").out)
        assert Path(data["source"]).name == "orgshape.toml"
        assert data["policy"]["max_level_gap"] == 3
        assert data["command_line"] is False

    def test_includes_command_line_selection(self, run):
        """The policy shown is the one in force, --select/--ignore included."""
        result = run("check", "--isolated", "--show-config", "--select", "spans")
        assert "with --select/--ignore from the command line" in result.out
        assert 'select = ["spans"]' in result.out

    def test_toml_writer_escapes_and_orders(self):
        """Scalars come before tables; strings and keys are escaped."""
        text = policy_toml({"a b": 'x"\\\n', "t": {"k": [1.5, True]}, "n": None, "z": 1})
        assert tomllib.loads(text) == {"a b": 'x"\\\n', "t": {"k": [1.5, True]}, "z": 1}
        assert text.index("z = 1") < text.index("[t]")


# --------------------------------------------------------------------------- errors


class TestUserErrors:
    @pytest.mark.parametrize(
        ("argv", "fragments"),
        [
            (["check", "--isolated", "missing.csv"], ["no such file", "missing.csv"]),
            (["check", "--isolated", "org.xls"], ["org.xls", "save the spreadsheet as .xlsx"]),
            (["check", "--isolated", "org"], ["no suffix"]),
            (["check", "--isolated", "."], ["is a folder", "./*.csv"]),
            (["check", "--isolated", "--format", "xml", "x.csv"], ["invalid choice: 'xml'"]),
            (["check", "--isolated", "--fail-on", "fatal", "x.csv"], ["invalid choice"]),
            (["check", "--policy", "missing.toml", "x.csv"], ["missing.toml", "does not exist"]),
            (["check", "--isolated", "--select", "SPAN_ABOVE_RANGEE", "x.csv"], ["--select"]),
            (["check", "--isolated", "--mapping", "manager", "x.csv"], ["FIELD=COLUMN"]),
            (["stats", "--isolated", "x.csv", "--bands", "gartner"], ["invalid choice"]),
            (["render", "--isolated", "x.csv"], ["-o/--output"]),
            (["render", "--isolated", "x.csv", "-o", "c.svg", "--max-depth", "0"], ["at least 1"]),
            (["convert", "x.csv"], ["OUT"]),
        ],
    )
    def test_before_loading(self, run, argv, fragments):
        """Usage and configuration errors: exit 2, a short message, no traceback."""
        assert_user_error(run(*argv), *fragments)

    def test_bad_policy_key(self, run, example):
        """An unknown policy key names the key, the file and the fix."""
        write("orgshape.toml", "max_layer = 5\n")
        assert_user_error(run("check", example), "max_layer", "orgshape.toml", "max_layers")

    def test_invalid_toml(self, run, example):
        """A policy that is not TOML is a configuration error."""
        write("orgshape.toml", "max_layers = = 5\n")
        assert_user_error(run("check", example), "not valid TOML")

    def test_bad_policy_breaks_every_judging_command(self, run, example):
        """stats and render read the policy too (its ladder), so a bad one stops them."""
        write("orgshape.toml", "max_layer = 5\n")
        assert_user_error(run("stats", example), "max_layer")

    @pytest.mark.parametrize(
        ("text", "fragment"),
        [
            ("", "empty"),
            ("id,name,title,manager_id\n", "no people"),
            ("name,title\nAna,CPO\n", "MISSING_COLUMN"),
        ],
    )
    def test_data_that_cannot_load(self, run, text, fragment):
        """Input nothing can be loaded from: exit 2 with the problems listed."""
        path = write("bad.csv", text)
        result = run("check", "--isolated", path)
        assert_user_error(result, "bad.csv")
        assert fragment in result.err or fragment.lower() in result.err.lower()

    def test_invalid_bytes(self, run):
        """Bytes that are not UTF-8 name the file and suggest an encoding."""
        Path("latin.csv").write_bytes("id,name,title,manager_id\n1,Zoë,CPO,\n".encode("latin-1"))
        assert_user_error(run("check", "--isolated", "latin.csv"), "latin.csv")
        assert run("check", "--isolated", "latin.csv", "--encoding", "latin-1").code == 0

    def test_unknown_encoding(self, run, example):
        """An unknown --encoding is a clear error."""
        assert_user_error(run("check", "--isolated", example, "--encoding", "nope"), "nope")

    def test_unknown_mapping_field(self, run, example):
        """--mapping with an unknown field lists the valid fields."""
        result = run("check", "--isolated", example, "--mapping", "boss=manager_id")
        assert_user_error(result, "boss", "manager")

    @pytest.mark.parametrize("command", ["stats", "render"])
    def test_unknown_root(self, run, example, command):
        """--root with an id that is not in the org names the id."""
        extra = ["-o", "c.svg"] if command == "render" else []
        assert_user_error(run(command, "--isolated", example, "--root", "P999", *extra), "P999")

    def test_chart_suffix(self, run, example):
        """An unknown chart suffix lists the known ones and suggests --format."""
        assert_user_error(run("render", "--isolated", example, "-o", "c.xyz"), ".svg", "--format")

    def test_output_folder_missing(self, run, example):
        """A file that cannot be written is a clear error, not a traceback."""
        result = run("render", "--isolated", example, "-o", "no/such/dir/c.dot")
        assert_user_error(result, "no/such/dir/c.dot")

    def test_debug_shows_the_traceback(self, run):
        """--debug prints the traceback before the message (still exit 2)."""
        result = run("--debug", "check", "--isolated", "missing.csv")
        assert result.code == 2
        assert "Traceback" in result.err
        assert "InputError" in result.err

    def test_unexpected_errors_are_short(self, run, example, monkeypatch):
        """A bug is one message that says so and how to see more, not a traceback."""

        def boom(*args, **kwargs):
            raise ZeroDivisionError("division by zero")

        monkeypatch.setattr("orgshape._cli._stats.metrics", boom)
        result = run("stats", "--isolated", example)
        assert result.code == 2
        assert "Traceback" not in result.err
        assert "ZeroDivisionError" in result.err
        assert "--debug" in result.err

    def test_broken_pipe_is_quiet(self, run, example, monkeypatch):
        """A reader that goes away (`| head`) ends the run quietly."""

        def gone(*args, **kwargs):
            raise BrokenPipeError

        monkeypatch.setattr("orgshape._cli._console.Console.out", gone)
        result = run("stats", "--isolated", example)
        assert result.code == 0
        assert result.err == ""


# --------------------------------------------------------------------------- stats


class TestStats:
    def test_text(self, run, example):
        """The text summary goes to stdout."""
        result = run("stats", "--isolated", example)
        assert result.code == 0
        assert result.out.startswith("Spans and layers of the whole org")
        assert "layers                   6" in result.out
        assert result.err == ""

    def test_json(self, run, example):
        """--format json is the metrics JSON, deterministic."""
        result = run("stats", "--isolated", example, "--format", "json")
        data = json.loads(result.out)
        assert data["summary"]["positions"] == 66
        assert run("stats", "--isolated", example, "--format", "json").out == result.out

    @pytest.mark.parametrize("table", _parser.METRICS_TABLES)
    def test_csv_tables(self, run, example, table):
        """--format csv writes the chosen table."""
        result = run("stats", "--isolated", example, "--format", "csv", "--table", table)
        assert result.code == 0
        assert result.out == orgshape.metrics(orgshape.read(example)).to_csv(table=table)

    def test_root_and_bands(self, run, example):
        """--root measures one team; --bands picks the span-band profile."""
        data = json.loads(
            run(
                "stats",
                "--isolated",
                example,
                "--root",
                "P002",
                "--bands",
                "mckinsey",
                "--format",
                "json",
            ).out
        )
        assert data["summary"]["positions"] == 31
        assert "coach" in json.dumps(data)

    def test_bands_from_the_policy(self, run, example):
        """Without --bands, the policy's bands are used."""
        write("orgshape.toml", 'bands = "mckinsey"\n')
        assert "coach" in run("stats", example).out

    def test_data_problems_are_noted(self, run):
        """Stats on broken data works, with a warning on stderr pointing to check."""
        result = run("stats", "--isolated", write("broken.csv", BROKEN))
        assert result.code == 0
        assert "broken.csv has 2 data problems; run `orgshape check broken.csv`" in result.err


# --------------------------------------------------------------------------- render


class TestRender:
    @pytest.mark.parametrize("suffix", [".svg", ".png", ".pdf", ".dot", ".mmd", ".txt"])
    def test_formats_follow_the_suffix(self, run, example, suffix):
        """The chart format follows the output suffix; a note names the file."""
        result = run("render", "--isolated", example, "-o", f"chart{suffix}")
        assert result.code == 0, result.err
        data = Path(f"chart{suffix}").read_bytes()
        starts = {".svg": b"<?xml", ".png": b"\x89PNG", ".pdf": b"%PDF", ".dot": b"//"}
        assert data.startswith(starts.get(suffix, b""))
        assert result.err.strip() == f"wrote chart{suffix}"

    def test_stdout(self, run, example):
        """-o - with --format writes the chart to stdout."""
        result = run(
            "render", "--isolated", example, "-o", "-", "--format", "txt", "--root", "P013"
        )
        assert result.out.startswith("Hannah Schmidt — Director of Product Management [P013]")

    def test_stdout_needs_a_format(self, run, example):
        """-o - without --format is a clear error."""
        assert_user_error(run("render", "--isolated", example, "-o", "-"), "--format")

    def test_options_reach_the_chart(self, run, example):
        """Chart options from flags change the drawing."""
        run("render", "--isolated", example, "-o", "full.dot")
        result = run(
            "render",
            "--isolated",
            example,
            "-o",
            "small.dot",
            "--max-depth",
            "2",
            "--collapse",
            "P002",
            "--no-legend",
            "--theme",
            "mono",
            "--fields",
            "name,location",
            "--title",
            "Plan",
            "--align-levels",
            "--no-stack-leaves",
            "--no-dotted-lines",
        )
        assert result.code == 0, result.err
        small = Path("small.dot").read_text(encoding="utf-8")
        assert len(small) < len(Path("full.dot").read_text(encoding="utf-8"))
        assert "Plan" in small
        assert "London" in small

    def test_highlight(self, run, example):
        """--highlight validates with the policy in force and marks flagged boxes."""
        run("render", "--isolated", example, "-o", "plain.svg")
        run("render", "--isolated", example, "-o", "marked.svg", "--highlight")
        marked = Path("marked.svg").read_text(encoding="utf-8")
        assert "LEVEL_INVERSION" in marked
        assert "LEVEL_INVERSION" not in Path("plain.svg").read_text(encoding="utf-8")

    def test_warnings_are_short_lines(self, run):
        """A warning from the renderer is one `orgshape: warning:` line; --max-label none
        avoids it; --quiet drops it."""
        path = write("long.csv", f"id,name,title,manager_id\n1,{'A' * 60},CPO,\n")
        result = run("render", "--isolated", path, "-o", "c.dot")
        assert result.code == 0
        assert result.err.startswith("orgshape: warning: 1 chart line was longer than")
        assert run("render", "--isolated", path, "-o", "c.dot", "--max-label", "none").err == (
            "wrote c.dot\n"
        )
        assert run("-q", "render", "--isolated", path, "-o", "c.dot").err == ""

    def test_chart_lists_match_the_renderer(self):
        """The parser's chart formats and themes are the renderer's."""
        assert set(_parser.CHART_FORMATS) == set(CHART_FORMATS)
        assert tuple(_parser.THEMES) == tuple(THEMES)
        assert {f".{s}" for s in CHART_SUFFIXES} == set(SUFFIXES)


# --------------------------------------------------------------------------- diff


class TestDiff:
    @pytest.fixture
    def proposed(self, example: str) -> str:
        org = orgshape.read(example)
        orgshape.write(org.move("P054", to="P013").retitle("P002", "SVP Product"), "proposed.csv")
        return "proposed.csv"

    def test_text(self, run, example, proposed):
        """The text diff lists the changes and the findings introduced and resolved."""
        result = run("diff", "--isolated", example, proposed)
        assert result.code == 0
        assert "moved P054 (Benjamin Hughes) from P022 (Grace Liu) to P013" in result.out
        assert "Findings introduced (1)" in result.out

    def test_json(self, run, example, proposed):
        """--format json is the diff's deterministic JSON."""
        result = run("diff", "--isolated", example, proposed, "--format", "json")
        data = json.loads(result.out)
        assert [c["change"] for c in data["changes"]] == ["retitled", "moved"]
        assert run("diff", "--isolated", example, proposed, "--format", "json").out == result.out

    def test_chart(self, run, example, proposed):
        """-o draws the changes on the proposed org."""
        result = run("diff", "--isolated", example, proposed, "-o", "changes.svg")
        assert result.code == 0
        assert "wrote changes.svg" in result.err
        assert Path("changes.svg").read_bytes().startswith(b"<?xml")

    def test_no_changes(self, run, example):
        """An org compared with itself has no changes (exit 0)."""
        result = run("diff", "--isolated", example, example, "--format", "json")
        assert json.loads(result.out)["changes"] == []

    def test_key(self, run, example, proposed):
        """--key matches by another column; an unknown one is a clear error."""
        assert run("diff", "--isolated", example, proposed, "--key", "email").code == 0
        assert_user_error(run("diff", "--isolated", example, proposed, "--key", "nope"), "nope")


# --------------------------------------------------------------------------- convert


class TestConvert:
    @pytest.mark.parametrize("suffix", [".json", ".yaml", ".csv"])
    def test_round_trip(self, run, example, suffix):
        """Converting and converting back gives an equal org."""
        assert run("convert", example, f"org{suffix}").code == 0
        assert run("convert", f"org{suffix}", "back.csv").code == 0
        assert orgshape.read("back.csv") == orgshape.read(example)

    def test_stdout(self, run, example):
        """OUT - writes to stdout in the --to format."""
        result = run("convert", example, "-", "--to", "json")
        assert json.loads(result.out)
        assert_user_error(run("convert", example, "-"), "--to")

    def test_nested(self, run, example):
        """--nested writes a reports: tree."""
        run("convert", example, "tree.yaml", "--nested")
        assert "reports:" in Path("tree.yaml").read_text(encoding="utf-8")

    def test_show_mapping(self, run):
        """--show-mapping prints which column feeds which field, then exits without OUT."""
        path = write("export.csv", "Employee_ID,Worker,Business_Title,Manager_ID\n1,Ana,CPO,\n")
        result = run("convert", path, "--show-mapping")
        assert result.code == 0
        assert "id       ← Employee_ID" in result.out
        assert "profile: workday" in result.out

    def test_show_mapping_while_writing_to_stdout(self, run, example):
        """With OUT, the mapping goes to stderr so that stdout holds only the data."""
        result = run("convert", example, "-", "--to", "json", "--show-mapping")
        assert json.loads(result.out)
        assert "← manager_id (refers to id)" in result.err

    def test_mapping_and_profile_flags(self, run):
        """--mapping FIELD=COLUMN and --manager-key steer the loader."""
        path = write("hr.csv", "Person,Full Name,Role,Boss\n1,Ana,CPO,\n2,Bo,VP of Product,Ana\n")
        result = run(
            "convert",
            path,
            "out.json",
            "--mapping",
            "id=Person",
            "--mapping",
            "name=Full Name",
            "--mapping",
            "title=Role",
            "--mapping",
            "manager=Boss",
            "--manager-key",
            "name",
        )
        assert result.code == 0, result.err
        assert orgshape.read("out.json")["2"].manager == "1"

    def test_problems_kept_or_refused(self, run):
        """Data problems are kept (with a warning), or refused with --strict."""
        path = write("broken.csv", BROKEN)
        kept = run("convert", path, "out.json")
        assert kept.code == 0
        assert "2 data problems" in kept.err
        assert_user_error(run("convert", path, "strict.json", "--strict"), "UNKNOWN_MANAGER")

    def test_unknown_output_suffix(self, run, example):
        """An output suffix that says no format asks for --to."""
        assert_user_error(run("convert", example, "out.xml"), "--to")

    def test_suffix_lists_match_the_loader(self):
        """The CLI's org-file suffixes are the loader's."""
        assert set(DATA_SUFFIXES) == set(DATA_FORMATS)
        assert tuple(_parser.MANAGER_KEYS) == tuple(orgshape.io._vocabulary.MANAGER_KEYS)


# --------------------------------------------------------------------------- demo


class TestDemo:
    def test_writes_everything(self, run, tmp_path):
        """demo prints the report and the summary, writes the charts and says where."""
        result = run("demo", "-o", "out")
        assert result.code == 0
        assert "LEVEL_INVERSION" in result.out
        assert "Spans and layers" in result.out
        names = {p.name for p in (tmp_path / "out").iterdir()}
        expected = {f"org-chart.{s}" for s in ("svg", "png", "pdf", "dot", "mmd", "txt")}
        assert expected | {"example_org.csv", "report.json"} <= names
        assert "Wrote 8 files to out/" in result.out
        assert "orgshape check out/example_org.csv" in result.out

    def test_default_folder(self, run, tmp_path):
        """Without -o the files go to orgshape-demo/."""
        assert run("demo").code == 0
        assert (tmp_path / "orgshape-demo" / "org-chart.svg").is_file()


# --------------------------------------------------------------------------- progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class TestProgress:
    def test_nothing_when_not_a_terminal(self, run, example):
        """On a pipe or file, no progress is written."""
        assert run("stats", "--isolated", example).err == ""

    def test_quick_work_shows_nothing(self, example, monkeypatch):
        """On a terminal, work that ends within DELAY seconds leaves no trace (no tqdm)."""
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        monkeypatch.setattr(_console, "DELAY", 60.0)
        assert main(["stats", "--isolated", example]) == 0
        assert terminal.getvalue() == ""

    def test_slow_steps_show_a_bar_and_say_how_long(self, example, monkeypatch):
        """Slow work shows a tqdm bar and leaves a "done in N s" line (DELAY faked to 0)."""
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        monkeypatch.setattr(_console, "DELAY", 0.0)
        monkeypatch.setattr(_console, "_REFRESH", 0.01)
        with _console.Console().step("loading example.csv") as step:
            time.sleep(0.3)
            step.done("loaded 66 positions from example.csv")
        text = terminal.getvalue()
        assert "loading example.csv" in text
        assert re.search(r"loaded 66 positions from example\.csv in \d+\.\d s\n", text)

    def test_quiet_terminal(self, example, monkeypatch):
        """--quiet drops progress even on a terminal."""
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        assert main(["-q", "stats", "--isolated", example]) == 0
        assert terminal.getvalue() == ""

    def test_size_shown_for_big_files(self, monkeypatch, tmp_path):
        """A big file's size is part of the progress label."""
        lines = ["id,name,title,manager_id", "1,Ana,CPO,"]
        lines += [f"{i},Person {i},Product Manager,1" for i in range(2, 30_000)]
        write("big.csv", "\n".join(lines) + "\n")
        labels = []
        real = _console.Console.step

        def spy(self, label):
            labels.append(label)
            return real(self, label)

        monkeypatch.setattr(_console.Console, "step", spy)
        main(["stats", "--isolated", "big.csv"])
        assert any(re.fullmatch(r"loading big\.csv \(1\.\d MB\)", label) for label in labels)


# --------------------------------------------------------------------------- reference


class TestReference:
    def test_every_command(self):
        """The reference has a section with the --help text of every command."""
        text = reference_markdown()
        for name in _parser.COMMANDS:
            assert f"## `orgshape {name}`\n\n```text\nusage: orgshape {name}" in text

    def test_fixed_width_and_deterministic(self, monkeypatch):
        """The reference does not depend on the terminal's width."""
        monkeypatch.setenv("COLUMNS", "200")
        wide = reference_markdown()
        monkeypatch.setenv("COLUMNS", "40")
        assert reference_markdown() == wide
        code = [line for line in wide.splitlines() if not line.startswith("#")]
        assert max(map(len, code)) <= REFERENCE_WIDTH

    def test_heading_level(self):
        """heading_level sets the Markdown heading of each command."""
        assert reference_markdown(heading_level=3).startswith("### `orgshape`")


# --------------------------------------------------------------------------- docs

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _blocks(page: str, language: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.S | re.M)


def _command_lines(page: str) -> list[str]:
    lines = [
        line.split("$ ", 1)[1]
        for block in _blocks(page, "console")
        for line in block.splitlines()
        if line.startswith("$ ") and " orgshape " in f" {line[2:]}"
    ]
    for block in _blocks(page, "yaml"):
        lines += re.findall(r"^\s*(?:- )?(?:run: |entry: )?(orgshape [^\n]*)$", block, re.M)
    return lines


def _argv(line: str) -> list[str]:
    line = re.split(r"\s+#|\s*>>?\s*|\s*\|\s*", line)[0]  # comments, redirections, pipes
    words = shlex.split(line)
    while "=" in words[0]:  # environment assignments
        words.pop(0)
    assert words[0] == "orgshape"
    return words[1:]


def _console_steps(page: str) -> list[tuple[str, list[str]]]:
    """Every ``$ command`` of a page's console blocks, with the lines shown under it."""
    steps: list[tuple[str, list[str]]] = []
    for block in _blocks(page, "console"):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line)
    return steps


def _shown_in(shown: list[str], output: str) -> bool:
    """The shown lines appear in the output in order; ``...`` stands for any text."""
    got = [" ".join(line.split()) for line in output.splitlines()]
    at = 0
    for line in shown:
        want = " ".join(line.split())
        if want in ("", "..."):
            continue
        pattern = re.compile(".*".join(map(re.escape, want.split("..."))) + "$")
        while at < len(got) and not pattern.match(got[at]):
            at += 1
        if at == len(got):
            return False
        at += 1
    return True


def _scratch(folder: Path) -> None:
    """The files the docs' console examples name."""
    org = orgshape.example()
    for name in ("org.csv", "current.csv", "org/current.csv"):
        write(str(folder / name), "")
        orgshape.write(org, folder / name)
    for name in ("proposed.csv", "org/proposed.csv"):
        orgshape.write(org.move("P054", to="P013"), folder / name)
    hr = DOCS.parent / "examples" / "data" / "hr" / "workday.csv"
    for name in ("workday_export.csv", "export.csv"):
        (folder / name).write_bytes(hr.read_bytes())
    policy = _blocks("ci.md", "toml")[0]
    (folder / "orgshape.toml").write_text(policy, encoding="utf-8")


class TestDocs:
    @pytest.mark.parametrize("page", ["cli.md", "ci.md"])
    def test_console_examples_run(self, page, run, tmp_path, monkeypatch):
        """Every `$ orgshape ...` of the page runs and prints what the page shows."""
        _scratch(tmp_path)
        steps = _console_steps(page)
        assert len(steps) >= 3
        last = None
        for command, shown in steps:
            if command == "echo $?":
                assert [str(last)] == [line for line in shown if line.strip()]
                continue
            words = shlex.split(command)
            for word in words[: words.index("orgshape")]:
                monkeypatch.setenv(*word.split("=", 1))
            argv = [w for arg in _argv(command) for w in (sorted(glob.glob(arg)) or [arg])]
            result = run(*argv)
            last = result.code
            expect_error = any(line.startswith("orgshape: error:") for line in shown)
            assert (result.code == 2) == expect_error, (command, result)
            assert _shown_in(shown, result.out + result.err), (command, result)
            monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    @pytest.mark.parametrize("page", ["cli.md", "ci.md"])
    def test_shell_examples_parse(self, page):
        """Every `orgshape ...` command in the docs is accepted by the parser."""
        lines = _command_lines(page)
        assert len(lines) >= 5
        parser = _parser.build_parser()
        for line in lines:
            argv = _argv(line)
            if argv[-1:] == ["check"]:  # a pre-commit hook: the files come from pre-commit
                argv.append("org.csv")
            parser.parse_args(argv)

    def test_help_examples_parse(self):
        """Every example at the end of a command's --help is accepted by the parser."""
        parser = _parser.build_parser()
        for epilog in (_parser._EPILOG, *_parser._EXAMPLES.values()):
            for line in re.findall(r"^  (orgshape .*)$", epilog, re.M):
                parser.parse_args(_argv(line))

    def test_github_workflows(self):
        """The CI page's workflows are valid YAML that run orgshape check as documented."""
        workflows = [
            yaml.safe_load(block)
            for block in _blocks("ci.md", "yaml")
            if block.startswith("# .github/workflows/")
        ]
        assert len(workflows) == 2
        runs = []
        for workflow in workflows:
            steps = workflow["jobs"]["check"]["steps"]
            assert steps[0]["uses"].startswith("actions/checkout@")
            runs += [step["run"] for step in steps if "run" in step]
        assert "orgshape check org/*.csv --format github" in runs
        assert "orgshape check org/*.csv --format sarif --output-file orgshape.sarif" in runs
        upload = workflows[1]["jobs"]["check"]["steps"][-1]
        assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
        assert upload["with"]["sarif_file"] == "orgshape.sarif"
        assert workflows[1]["permissions"]["security-events"] == "write"

    def test_policy_example_is_valid(self):
        """The orgshape.toml shown on the CI page is a valid policy."""
        (block,) = _blocks("ci.md", "toml")
        policy = Policy.from_dict(tomllib.loads(block))
        assert policy.max_layers == 6
        assert policy.spans["DIRECTOR"] == (3, 10)

    def test_reference_is_in_the_page(self):
        """The CLI page holds the reference generated from the parser (readable in the repo)."""
        page = (DOCS / "cli.md").read_text(encoding="utf-8")
        assert reference_markdown(heading_level=3) in page


# --------------------------------------------------------------------------- invariants

_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
_SCALAR = st.one_of(
    _TEXT,
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
)
_VALUE = st.one_of(_SCALAR, st.lists(_SCALAR, max_size=4))
_TABLE = st.recursive(
    st.dictionaries(_TEXT.filter(bool), _VALUE, max_size=4),
    lambda inner: st.dictionaries(_TEXT.filter(bool), st.one_of(_VALUE, inner), max_size=4),
    max_leaves=12,
)


def _unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


class TestInvariants:
    @settings(max_examples=60, deadline=None)
    @given(message=_TEXT, source=_TEXT.filter(bool))
    def test_github_escaping_round_trips(self, message, source):
        """An annotation stays on one line and unescapes to the visible file and message.

        (The visible form: a CR, LF or control character from the data shows as a code,
        so it can neither split the annotation nor forge a line inside its message.)
        """
        finding = Finding(code="X_Y", name="x-y", severity="error", message=message, source=source)
        line = github_annotations([finding])
        assert "\n" not in line
        assert "\r" not in line
        head, _, body = line.partition("::")[2].partition("::")
        props = dict(p.split("=", 1) for p in head.split(" ", 1)[1].split(","))
        assert _unescape(body) == visible(message)
        assert _unescape(props["file"]) == visible(PurePath(source).as_posix())

    @settings(max_examples=60, deadline=None)
    @given(data=_TABLE)
    def test_toml_round_trips(self, data):
        """Whatever plain data the TOML writer gets, tomllib reads it back equal."""
        assert tomllib.loads(policy_toml(data)) == data
