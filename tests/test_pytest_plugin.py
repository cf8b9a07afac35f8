"""The pytest plugin: org files as test items, assert_valid and the fixtures."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET

import pytest

from orgshape import Org, Position
from orgshape.pytest_plugin import _match, assert_valid
from orgshape.rules import Policy
from tests.inert import assert_inert

pytest_plugins = ["pytester"]

GOOD_CSV = """\
id,name,title,manager_id
1,Ana Lima,Chief Product Officer,
2,Bo Chen,VP of Product,1
3,Cy Diaz,VP of Product,1
"""

# Cy Diaz, a Senior PM, reports to Bo Chen, a PM: a level inversion (an error).
BAD_YAML = """\
- {id: "1", name: Ana Lima, title: Chief Product Officer}
- {id: "2", name: Bo Chen, title: Product Manager, manager: "1"}
- {id: "3", name: Cy Diaz, title: Senior Product Manager, manager: "2"}
"""

# Only warnings: the CPO has one report (ONE_OVER_ONE), who has a team of two.
WARN_CSV = """\
id,name,title,manager_id
1,Ana Lima,Chief Product Officer,
2,Bo Chen,VP of Product,1
3,Cy Diaz,Head of Product,2
4,Dana Ruiz,Head of Product,2
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A repository with a good current org and a bad proposal, the plugin enabled."""
    pytester.makeini("[pytest]\norgshape = true\n")
    pytester.mkdir("org")
    (pytester.path / "org" / "current.csv").write_text(GOOD_CSV, encoding="utf-8")
    (pytester.path / "org" / "proposed.yaml").write_text(BAD_YAML, encoding="utf-8")
    return pytester


class TestCollection:
    def test_nothing_is_collected_unless_enabled(self, pytester):
        """Without --orgshape or the ini option, org files are not collected, or read."""
        pytester.mkdir("org")
        (pytester.path / "org" / "broken.csv").write_text("not,an\norg", encoding="utf-8")
        result = pytester.runpytest()
        assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
        assert "orgshape:" not in result.stdout.str()

    def test_the_command_line_option_enables_it(self, pytester):
        """``pytest --orgshape`` collects the default globs, one item per file."""
        pytester.mkdir("org")
        (pytester.path / "org" / "current.csv").write_text(GOOD_CSV, encoding="utf-8")
        (pytester.path / "team.org.csv").write_text(GOOD_CSV, encoding="utf-8")
        (pytester.path / "notes.csv").write_text(GOOD_CSV, encoding="utf-8")
        result = pytester.runpytest("--orgshape", "--collect-only", "-q")
        result.stdout.fnmatch_lines(["org/current.csv::orgshape", "team.org.csv::orgshape"])
        assert "notes.csv" not in result.stdout.str()

    def test_a_passing_and_a_failing_design(self, project):
        """The good design passes; the bad one fails with the report, no traceback."""
        result = project.runpytest()
        result.assert_outcomes(passed=1, failed=1)
        result.stdout.fnmatch_lines(
            [
                "*org/proposed.yaml has 1 finding at or above error*",
                "Errors (1)",
                "  row 3 · 3, 2 · LEVEL_INVERSION (level-inversion)",
                "    Cy Diaz (Senior Product Manager) at level SENIOR_PM reports to Bo Chen*",
                "    hint: *",
                "FAILED org/proposed.yaml::orgshape - *",
            ]
        )
        out = result.stdout.str()
        assert "Traceback" not in out
        assert "def runtest" not in out
        assert "_OrgCheckError" not in out

    def test_the_header_says_what_is_checked(self, project):
        """The session header names the globs, the policy and the threshold."""
        result = project.runpytest()
        result.stdout.fnmatch_lines(["orgshape: org/*.csv * (policy: *; fail on error)"])

    def test_a_file_that_cannot_be_read_fails_with_the_reason(self, project):
        """A file with no manager column fails with orgshape's message, not a traceback."""
        (project.path / "org" / "current.csv").write_text("id,name\n1,Ana\n", encoding="utf-8")
        result = project.runpytest("-k", "current")
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(
            ["org/current.csv: cannot read the org:", "  MISSING_COLUMN: no manager column*"]
        )
        assert "Traceback" not in result.stdout.str()

    def test_data_problems_are_findings(self, project):
        """A lenient read: a cycle is reported as a finding with the people in the loop."""
        (project.path / "org" / "current.csv").write_text(
            GOOD_CSV + "4,Dana Ruiz,Head of Product,5\n5,Eli Okafor,Head of Product,4\n",
            encoding="utf-8",
        )
        result = project.runpytest("-k", "current")
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["*CYCLE (cycle)", "*reporting lines loop: 4 → 5 → 4*"])


class TestIniOptions:
    def test_orgshape_files_sets_the_globs(self, pytester):
        """``orgshape_files`` replaces the default globs; ``**`` crosses folders."""
        pytester.makeini("[pytest]\norgshape = true\norgshape_files = designs/**/*.csv\n")
        for name in ("designs/emea/team.csv", "designs/all.csv", "org/current.csv"):
            path = pytester.path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(GOOD_CSV, encoding="utf-8")
        result = pytester.runpytest("--collect-only", "-q")
        result.stdout.fnmatch_lines(
            ["designs/all.csv::orgshape", "designs/emea/team.csv::orgshape", "*2 tests*"]
        )
        assert "org/current.csv" not in result.stdout.str()

    def test_org_folders_must_be_in_testpaths(self, project):
        """Files are collected where pytest looks: with ``testpaths``, list the org folder."""
        project.mkdir("tests")
        project.makeini("[pytest]\norgshape = true\ntestpaths = tests org\n")
        project.runpytest().assert_outcomes(passed=1, failed=1)


class TestNothingCollected:
    def test_testpaths_without_the_org_folder_is_a_usage_error(self, project):
        """Org files that pytest never looks at stop the run (exit 4), naming the folder."""
        project.mkdir("tests")
        project.makepyfile(tests__test_a="def test_a():\n    pass\n")
        (project.path / "tests" / "test_a.py").write_text("def test_a():\n    pass\n")
        project.makeini("[pytest]\norgshape = true\ntestpaths = tests\n")
        result = project.runpytest()
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(
            [
                "*no org file collected, but orgshape_files * matches org/current.csv*add org to "
                "testpaths*"
            ]
        )

    def test_globs_that_match_nothing_are_a_usage_error(self, project):
        """A typo in ``orgshape_files`` cannot turn the gate into a silent pass."""
        project.makeini("[pytest]\norgshape = true\norgshape_files = orgs/*.csv\n")
        result = project.runpytest()
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(
            ["*no org file collected: orgshape_files (orgs/*.csv) matches no file under*"]
        )

    def test_the_command_line_option_with_nothing_to_check_fails(self, pytester):
        """``pytest --orgshape`` in a repository without org files is a usage error."""
        assert pytester.runpytest("--orgshape").ret == pytest.ExitCode.USAGE_ERROR

    def test_naming_test_files_is_not_an_error(self, project):
        """``pytest tests/test_a.py`` runs just that file, with the plugin on in the ini."""
        project.mkdir("tests")
        (project.path / "tests" / "test_a.py").write_text("def test_a():\n    pass\n")
        project.runpytest("tests/test_a.py").assert_outcomes(passed=1)

    def test_naming_files_with_the_flag_still_checks(self, project):
        """``pytest --orgshape tests/test_a.py`` asks for org checks: none collected fails."""
        project.mkdir("tests")
        (project.path / "tests" / "test_a.py").write_text("def test_a():\n    pass\n")
        result = project.runpytest("--orgshape", "tests/test_a.py")
        assert result.ret == pytest.ExitCode.USAGE_ERROR

    def test_last_failed_is_not_an_error(self, project):
        """``--lf`` rerunning only a Python test skips the org folder on purpose."""
        project.makepyfile(test_b="def test_b():\n    assert False\n")
        (project.path / "org" / "proposed.yaml").unlink()
        project.runpytest().assert_outcomes(passed=1, failed=1)
        project.runpytest("--lf").assert_outcomes(failed=1)

    def test_xdist_with_nothing_collected_fails(self, project):
        """With pytest-xdist the workers find the gate empty too; the run does not pass."""
        project.makeini("[pytest]\norgshape = true\norgshape_files = orgs/*.csv\n")
        result = project.runpytest("-n", "2", "-p", "xdist")
        assert result.ret not in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED)

    def test_the_command_line_globs_win(self, project):
        """``--orgshape-files`` replaces the ini option's globs."""
        result = project.runpytest("--orgshape-files", "org/*.yaml", "--collect-only", "-q")
        result.stdout.fnmatch_lines(["org/proposed.yaml::orgshape", "*1 test*"])

    def test_fail_on_warning(self, pytester):
        """``orgshape_fail_on = warning`` fails a design that has only warnings."""
        pytester.makeini("[pytest]\norgshape = true\norgshape_files = *.csv\n")
        (pytester.path / "org.csv").write_text(WARN_CSV, encoding="utf-8")
        pytester.runpytest().assert_outcomes(passed=1)
        pytester.makeini(
            "[pytest]\norgshape = true\norgshape_files = *.csv\norgshape_fail_on = warning\n"
        )
        result = pytester.runpytest()
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(
            ["*1 finding at or above warning*", "Warnings (1)", "*ONE_OVER_ONE*"]
        )
        pytester.runpytest("--orgshape-fail-on", "error").assert_outcomes(passed=1)

    def test_policy_rules_need_the_projects_opt_in(self, project):
        """A policy's custom rules run only with ``orgshape_allow_code = true``."""
        (project.path / "always_fails.py").write_text(
            "def always_fails(ctx):\n    yield ctx.finding(message='custom says no', "
            "severity='error')\n",
            encoding="utf-8",
        )
        (project.path / "orgshape.toml").write_text(
            'rules = ["always_fails:always_fails"]\n', encoding="utf-8"
        )
        project.syspathinsert()
        project.runpytest("--orgshape-files", "org/current.csv").assert_outcomes(passed=1)
        project.makeini("[pytest]\norgshape = true\norgshape_allow_code = true\n")
        result = project.runpytest("--orgshape-files", "org/current.csv")
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["*custom says no*"])

    def test_a_bad_fail_on_is_a_usage_error(self, project):
        """An unknown ``orgshape_fail_on`` stops the run with a clear message."""
        project.makeini("[pytest]\norgshape = true\norgshape_fail_on = warnings\n")
        result = project.runpytest()
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(["*orgshape_fail_on must be one of error, warning, info*"])

    def test_the_policy_is_discovered_like_the_cli(self, project):
        """An ``orgshape.toml`` above the file is the policy (here: inversions ignored)."""
        (project.path / "orgshape.toml").write_text(
            'ignore = ["level-inversion"]\n', encoding="utf-8"
        )
        project.runpytest().assert_outcomes(passed=2)

    def test_pyproject_tool_orgshape_is_the_policy(self, pytester):
        """``[tool.orgshape]`` in pyproject.toml holds the policy beside the pytest options."""
        pytester.makepyprojecttoml(
            """
            [tool.pytest.ini_options]
            orgshape = true
            orgshape_files = ["*.org.yaml"]

            [tool.orgshape]
            severity = {level-inversion = "warning"}
            """
        )
        (pytester.path / "proposed.org.yaml").write_text(BAD_YAML, encoding="utf-8")
        pytester.runpytest().assert_outcomes(passed=1)

    def test_orgshape_policy_points_at_a_file(self, project):
        """``orgshape_policy`` names the policy file, relative to the configuration file."""
        project.mkdir("policies")
        (project.path / "policies" / "strict.toml").write_text(
            "max_level_gap = 1\n", encoding="utf-8"
        )
        (project.path / "orgshape.toml").write_text('ignore = ["ALL"]\n', encoding="utf-8")
        project.makeini("[pytest]\norgshape = true\norgshape_policy = policies/strict.toml\n")
        result = project.runpytest("-k", "proposed")
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["policy: policies/strict.toml"])

    def test_a_failure_names_the_default_policy(self, project):
        """With no policy file, a failing item says it used the defaults, and where it looked."""
        result = project.runpytest("-k", "proposed")
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["policy: the defaults (none found from org/ up)"])

    def test_a_failure_names_the_policy_found(self, project):
        """A policy file found above the org file is named, relative to the rootdir."""
        (project.path / "orgshape.toml").write_text("max_layers = 6\n", encoding="utf-8")
        result = project.runpytest("-k", "proposed")
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["policy: orgshape.toml"])

    def test_the_policy_does_not_depend_on_the_invocation_folder(self, project):
        """The same file gets the same policy when pytest starts in a sub-folder."""
        project.mkdir("org/nested")
        (project.path / "org" / "orgshape.toml").write_text(
            'ignore = ["level-inversion"]\n', encoding="utf-8"
        )
        project.runpytest().assert_outcomes(passed=2)
        project.runpytest(str(project.path / "org")).assert_outcomes(passed=2)

    def test_a_bad_policy_fails_the_items_with_its_message(self, project):
        """A typo in the policy fails each org file with the policy's own error message."""
        (project.path / "orgshape.toml").write_text("max_layer = 5\n", encoding="utf-8")
        result = project.runpytest()
        result.assert_outcomes(failed=2)
        result.stdout.fnmatch_lines(["*cannot use the policy: unknown key 'max_layer'*"])


class TestSelection:
    def test_k_selects_by_file_name(self, project):
        """Items are named after their file, so ``-k`` picks designs."""
        project.runpytest("-k", "current").assert_outcomes(passed=1)

    def test_m_orgshape_selects_org_items(self, project):
        """Org items carry the registered ``orgshape`` marker (fine with --strict-markers)."""
        project.makepyfile(test_other="def test_other():\n    pass\n")
        project.runpytest("-m", "orgshape", "--strict-markers").assert_outcomes(passed=1, failed=1)
        project.runpytest("-m", "not orgshape").assert_outcomes(passed=1)

    def test_last_failed_reruns_the_failing_design(self, project):
        """Node ids are stable, so ``--lf`` reruns just the design that failed."""
        project.runpytest().assert_outcomes(passed=1, failed=1)
        result = project.runpytest("--lf", "-v")
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["*org/proposed.yaml::orgshape FAILED*"])

    def test_junit_xml_holds_the_failure_message(self, project):
        """The JUnit report carries the findings as the failure's message and text."""
        result = project.runpytest("--junitxml=report.xml")
        result.assert_outcomes(passed=1, failed=1)
        tree = ET.parse(project.path / "report.xml")
        cases = {case.get("name"): case for case in tree.iter("testcase")}
        assert (
            set(cases) == {"orgshape"} or len(cases) == 1 or len(list(tree.iter("testcase"))) == 2
        )
        (failure,) = list(tree.iter("failure"))
        assert "org/proposed.yaml has 1 finding at or above error" in failure.get("message", "")
        assert "Cy Diaz (Senior Product Manager)" in (failure.text or "")

    def test_xdist_runs_the_items(self, project):
        """With pytest-xdist the items run on workers like any test."""
        result = project.runpytest("-n", "2", "-p", "xdist")
        result.assert_outcomes(passed=1, failed=1)
        result.stdout.fnmatch_lines(["*Cy Diaz (Senior Product Manager)*"])


class TestHelpers:
    def test_fixtures_load_the_project(self, project):
        """``org_files``, ``load_org`` and ``orgshape_policy`` serve hand-written tests."""
        (project.path / "orgshape.toml").write_text("max_layers = 4\n", encoding="utf-8")
        project.makepyfile(
            test_design=textwrap.dedent(
                """
                from orgshape.pytest_plugin import assert_valid

                def test_files(org_files, pytestconfig):
                    names = [p.relative_to(pytestconfig.rootpath).as_posix() for p in org_files]
                    assert names == ["org/current.csv", "org/proposed.yaml"]

                def test_policy(orgshape_policy):
                    assert orgshape_policy.max_layers == 4

                def test_current_is_valid(load_org, orgshape_policy):
                    org = load_org("org/current.csv")
                    assert len(org) == 3
                    assert_valid(org, policy=orgshape_policy)

                def test_proposed_is_valid(load_org):
                    assert_valid(load_org("org/proposed.yaml"))
                """
            )
        )
        result = project.runpytest("test_design.py")
        result.assert_outcomes(passed=3, failed=1)
        result.stdout.fnmatch_lines(
            [
                "E*AssertionError: org/proposed.yaml has 1 finding at or above error*",
                "E*policy: orgshape.toml",
                "E*row 3 · 3, 2 · LEVEL_INVERSION (level-inversion)",
                "E*more below error: `orgshape check org/proposed.yaml` lists them)",
            ]
        )
        assert "def assert_valid" not in result.stdout.str()  # the helper's frame is hidden


class TestAssertValid:
    def test_a_valid_org_passes(self):
        """No finding at or above the threshold: nothing happens."""
        org = Org(
            [
                Position(id="1", name="Ana Lima", title="CPO"),
                Position(id="2", name="Bo Chen", title="VP of Product", manager="1"),
                Position(id="3", name="Cy Diaz", title="VP of Product", manager="1"),
            ]
        )
        assert_valid(org, policy=Policy())
        assert_valid(org, policy=Policy(), fail_on="info")

    def test_the_message_is_the_report(self):
        """The assertion names the people, the rule and the hint."""
        org = Org(
            [
                Position(id="1", name="Ana Lima", title="Director of Product"),
                Position(id="2", name="Bo Chen", title="Product Manager", manager="1"),
                Position(id="3", name="Cy Diaz", title="Senior PM", manager="2"),
            ]
        )
        with pytest.raises(AssertionError) as raised:
            assert_valid(org, policy=Policy())
        text = str(raised.value)
        assert text.startswith("the org has 1 finding at or above error (1 error, ")
        assert "Cy Diaz (Senior PM) at level SENIOR_PM reports to Bo Chen (Product Manager)" in text
        assert "hint: move them under a manager above their level" in text
        assert "more below error: `orgshape check the org` lists them" in text

    def test_a_bad_threshold_is_refused(self):
        """``fail_on`` must be a severity."""
        with pytest.raises(ValueError, match="fail_on must be one of error, warning, info"):
            assert_valid(Org([Position(id="1", title="CPO")]), fail_on="fatal")


class TestGlobs:
    @pytest.mark.parametrize(
        ("path", "glob", "expected"),
        [
            ("org/a.csv", "org/*.csv", True),
            ("org/sub/a.csv", "org/*.csv", False),
            ("org/sub/a.csv", "org/**/*.csv", True),
            ("org/a.csv", "org/**/*.csv", True),
            ("deep/x/team.org.csv", "*.org.csv", True),
            ("team.org.csv", "*.org.yaml", False),
            ("a/b/c.yaml", "**/c.yaml", True),
            ("org/a.CSV", "org/*.csv", False),
        ],
    )
    def test_globs_match_like_pytest(self, path, glob, expected):
        """``*`` stays in a folder, ``**`` crosses folders, a bare name matches anywhere."""
        assert _match(path, glob) is expected


# A Senior PM under a PM (an error) whose names hold an ANSI escape, a bidi override and
# CR/LF with a forged pytest line.
HOSTILE_CSV = (
    "id,name,title,manager_id\n"
    "1,Ana Lima,Chief Product Officer,\n"
    '2,"Bo\x1b[31m\u202e",Product Manager,1\n'
    '3,"Cy\r\n1 passed\r\n::error::x",Senior Product Manager,2\n'
)


class TestHostileData:
    def test_assert_valid_message_is_inert(self) -> None:
        """assert_valid's message shows control and bidi characters as visible codes."""
        org = Org(
            [
                Position(id="1", name="Ana Lima", title="Chief Product Officer"),
                Position(id="2", name="Bo\x1b[31m\u202e", title="Product Manager", manager="1"),
                Position(
                    id="3", name="Cy\r\n1 passed", title="Senior Product Manager", manager="2"
                ),
            ]
        )
        with pytest.raises(AssertionError) as info:
            assert_valid(org)
        message = str(info.value)
        assert_inert(message)
        assert "Cy[U+000D][U+000A]1 passed" in message
        assert "Bo[U+001B][31m[U+202E]" in message

    def test_failing_item_report_is_inert(self, pytester: pytest.Pytester) -> None:
        """A failing org item's report in pytest's output has the data inert."""
        pytester.makeini("[pytest]\norgshape = true\norgshape_files = *.csv\n")
        (pytester.path / "org.csv").write_bytes(HOSTILE_CSV.encode("utf-8"))
        result = pytester.runpytest()
        result.assert_outcomes(failed=1)
        text = "\n".join(result.outlines)
        assert "Cy[U+000D][U+000A]1 passed[U+000D][U+000A]::error::x" in text
        assert "\x1b[31m" not in text
        assert "\u202e" not in text
