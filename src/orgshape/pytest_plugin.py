"""pytest plugin: org designs checked as part of a team's own test suite.

Glossary:
    org file: a file holding an org design (CSV, JSON or YAML, as ``orgshape.read``
        reads them), such as ``org/proposed.csv``.
    org item: the test item the plugin makes for one org file: it passes when
        validating the design finds nothing at or above the ``fail_on`` severity.
    policy: the thresholds and rules a design is validated against, found by the one
        rule the command line follows too: ``orgshape.toml``, or ``[tool.orgshape]`` in
        ``pyproject.toml``, in the org file's own folder or above (the first folder
        that has one wins), so the result does not depend on where pytest starts; the
        ``orgshape_policy`` ini option names one file instead. Every failure names the
        policy it used.
    fail_on: the lowest severity that fails an item: ``error`` (default), ``warning``
        or ``info``.

The plugin is installed with orgshape (the ``pytest11`` entry point) and does nothing
until it is enabled, with ``pytest --orgshape`` or ``orgshape = true`` in the pytest
configuration. Enabled, it collects the files that match ``orgshape_files`` (globs
relative to the rootdir; default ``org/*.csv org/*.json org/*.yaml org/*.yml
*.org.csv *.org.json *.org.yaml *.org.yml``) as one item each, with the node id
``path::orgshape`` and the ``orgshape`` marker, so ``-k``, ``-m orgshape``, ``--lf``,
xdist and JUnit XML work as for any test. A failing item shows the report's findings
(people, rows, rules, hints) in pytest's own failure output, without a traceback.
Enabled and collecting no org file at all, it stops the run with a usage error (exit
4), so a gate whose globs or ``testpaths`` miss the designs cannot pass silently.

For hand-written tests it gives :func:`assert_valid` and the fixtures
``orgshape_policy`` (the project's policy), ``org_files`` (the project's org files) and
``load_org`` (a loader for them). It imports only pytest until it has work to do, so
it costs nothing in test runs that do not use it.

Examples:
    >>> from orgshape import Org, Position
    >>> org = Org([Position(id="1", name="Ana Lima", title="CPO"),
    ...            Position(id="2", name="Bo Chen", title="PM", manager="1")])
    >>> assert_valid(org)  # a one-over-one is a warning, not an error
    >>> assert_valid(org, fail_on="warning")
    Traceback (most recent call last):
    ...
    AssertionError: the org has 1 finding at or above warning (0 errors, 1 warning, 0 info in all)
    policy: the defaults (no orgshape.toml or [tool.orgshape] found)
    <BLANKLINE>
    Warnings (1)
      1, 2 · ONE_OVER_ONE (one-over-one)
    ...
"""

from __future__ import annotations

import fnmatch
import io
import os
import pathlib
import typing

import pytest

if typing.TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path
    from typing import Any, Final

    from orgshape._model import Org
    from orgshape.rules import Policy, Report

__all__ = [
    "DEFAULT_FILES",
    "OrgFile",
    "OrgItem",
    "assert_valid",
    "load_org",
    "org_files",
    "orgshape_policy",
    "pytest_addoption",
    "pytest_collect_file",
    "pytest_collection_finish",
    "pytest_configure",
    "pytest_report_header",
    "pytest_xdist_node_collection_finished",
]

#: The globs of org files collected by default (relative to the rootdir).
DEFAULT_FILES: Final = (
    "org/*.csv",
    "org/*.json",
    "org/*.yaml",
    "org/*.yml",
    "*.org.csv",
    "*.org.json",
    "*.org.yaml",
    "*.org.yml",
)
_SEVERITIES: Final = ("error", "warning", "info")
_ITEM: Final = "orgshape"
_STATE: Final = pytest.StashKey["_State"]()


# --------------------------------------------------------------------------- options


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register ``--orgshape`` and the ``orgshape*`` ini options (all off by default)."""
    group = parser.getgroup("orgshape", "org design checks (orgshape)")
    group.addoption(
        "--orgshape",
        action="store_true",
        default=False,
        help="collect org design files and validate them with orgshape",
    )
    group.addoption(
        "--orgshape-files",
        action="append",
        metavar="GLOB",
        help="glob of org files, relative to the rootdir (repeatable; replaces the "
        "orgshape_files ini option)",
    )
    group.addoption(
        "--orgshape-fail-on",
        choices=_SEVERITIES,
        help="the lowest severity that fails an org file (default: the orgshape_fail_on "
        "ini option, else error)",
    )
    parser.addini("orgshape", type="bool", default=False, help="collect org files (as --orgshape)")
    parser.addini(
        "orgshape_files",
        type="args",
        default=list(DEFAULT_FILES),
        help="globs of org files, relative to the rootdir",
    )
    parser.addini(
        "orgshape_fail_on",
        default="error",
        help="the lowest severity that fails an org file: error, warning or info",
    )
    parser.addini(
        "orgshape_allow_code",
        type="bool",
        default=False,
        help="import the custom rules (module:function) the policy file names: they are "
        "Python code, run only when the project's own configuration says so",
    )
    parser.addini(
        "orgshape_policy",
        default="",
        help="the policy file, relative to the configuration file (default: found as "
        "`orgshape check` finds it, from each org file's folder up)",
    )


class _State:
    """What an enabled plugin knows: where to look, how strict to be, the policies."""

    def __init__(self, config: pytest.Config) -> None:
        self.root = pathlib.Path(config.rootpath)
        self.globs: list[str] = config.getoption("orgshape_files") or config.getini(
            "orgshape_files"
        )
        fail_on = config.getoption("orgshape_fail_on") or config.getini("orgshape_fail_on")
        fail_on = str(fail_on).strip().lower()
        if fail_on not in _SEVERITIES:
            msg = f"orgshape_fail_on must be one of {', '.join(_SEVERITIES)}, got {fail_on!r}"
            raise pytest.UsageError(msg)
        self.fail_on = fail_on
        policy = str(config.getini("orgshape_policy")).strip()
        base = pathlib.Path(config.inipath).parent if config.inipath is not None else self.root
        self.policy_file = base / policy if policy else None
        self.allow_code = bool(config.getini("orgshape_allow_code"))
        #: Org files collected so far (a run that collects none is a usage error).
        self.collected = 0
        self._policies: dict[Path, tuple[Policy, str | None]] = {}

    def matches(self, path: Path) -> bool:
        try:
            relative = path.relative_to(self.root).as_posix()
        except ValueError:  # a file outside the rootdir, named on the command line
            relative = path.name
        return any(_match(relative, glob) for glob in self.globs)

    def policy(self, folder: Path) -> tuple[Policy, str | None]:
        """The policy for org files in ``folder`` (cached per folder)."""
        if folder not in self._policies:
            from orgshape.rules import find_policy, load_policy  # noqa: PLC0415  (lazy)

            if self.policy_file is not None:
                found = load_policy(self.policy_file, allow_code=self.allow_code)
                self._policies[folder] = (found, found.source)
            else:
                self._policies[folder] = find_policy(folder, allow_code=self.allow_code)
        return self._policies[folder]


def _match(path: str, glob: str) -> bool:
    """Whether a rootdir-relative path matches a glob.

    ``*`` stays within one folder and ``**`` spans any number of them; a glob without
    ``/`` matches the file name in any folder (as pytest's ``python_files`` does).
    """
    if "/" not in glob:
        return fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], glob)
    parts = path.split("/")
    # states: how many path parts the glob parts seen so far can have consumed
    reach = {0}
    for part in glob.split("/"):
        if part == "**":
            reach = set(range(min(reach), len(parts) + 1)) if reach else set()
        else:
            reach = {k + 1 for k in reach if k < len(parts) and fnmatch.fnmatchcase(parts[k], part)}
    return len(parts) in reach


def _enabled(config: pytest.Config) -> bool:
    return bool(config.getoption("orgshape") or config.getini("orgshape"))


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``orgshape`` marker; read the options when the plugin is enabled."""
    config.addinivalue_line("markers", "orgshape: an org design file checked by orgshape")
    if _enabled(config):
        config.stash[_STATE] = _State(config)


def pytest_report_header(config: pytest.Config) -> str | None:
    """Say which files are checked, against which policy, failing on what."""
    state = config.stash.get(_STATE, None)
    if state is None:
        return None
    policy = "found from each file's folder up"
    if state.policy_file is not None:
        policy = _shown(state.policy_file, state.root)
    return f"orgshape: {' '.join(state.globs)} (policy: {policy}; fail on {state.fail_on})"


# --------------------------------------------------------------------------- collection


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> OrgFile | None:
    """Collect a file that matches ``orgshape_files`` as an org file."""
    state = parent.config.stash.get(_STATE, None)
    if state is None or not state.matches(file_path):
        return None
    file: OrgFile = OrgFile.from_parent(parent, path=file_path)
    state.collected += 1
    return file


def _on_disk(state: _State) -> list[Path]:
    """The files under the rootdir that ``orgshape_files`` matches, sorted."""
    found: set[Path] = set()
    for glob in state.globs:
        pattern = glob if "/" in glob else f"**/{glob}"
        found.update(p for p in state.root.glob(pattern) if p.is_file() and state.matches(p))
    return sorted(found)


def _may_collect_nothing(config: pytest.Config) -> bool:
    """Runs where collecting no org file is expected, not a gate that vanished.

    A developer who names test files (``pytest tests/test_x.py``) with the plugin
    enabled only in the ini file, and ``--lf``, which skips the folders that passed.
    """
    if config.getoption("lf", False):
        return True
    named = config.args_source == pytest.Config.ArgsSource.ARGS
    asked = config.getoption("orgshape") or config.getoption("orgshape_files")
    return bool(named and not asked)


def _nothing_collected(state: _State) -> pytest.UsageError:
    """The usage error of an enabled plugin that collected no org file."""
    globs = " ".join(state.globs)
    files = _on_disk(state)
    if not files:
        return pytest.UsageError(
            f"orgshape: no org file collected: orgshape_files ({globs}) matches no file "
            f"under {state.root}; fix the globs, or turn the plugin off"
        )
    listed = ", ".join(_shown(p, state.root) for p in files[:3])
    more = f" and {len(files) - 3} more" if len(files) > 3 else ""
    folders = sorted({_shown(p.parent, state.root) for p in files})
    return pytest.UsageError(
        f"orgshape: no org file collected, but orgshape_files ({globs}) matches "
        f"{listed}{more}: pytest did not look there; add {' '.join(folders)} to "
        "testpaths (or name it on the command line)"
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Stop with a usage error (exit 4) when the plugin is on and collected no org file.

    A CI gate that matches nothing would otherwise pass silently: a typo in
    ``orgshape_files``, or ``testpaths`` that leave out the org folder. (Under
    pytest-xdist the controller decides, from what its workers collected.)
    """
    config = session.config
    state = config.stash.get(_STATE, None)
    if state is None or hasattr(config, "workerinput"):
        return
    if not state.collected and not _may_collect_nothing(config):
        raise _nothing_collected(state)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    """pytest-xdist: the first worker's collection stands for all (they collect alike)."""
    config: pytest.Config = node.config
    state = config.stash.get(_STATE, None)
    if state is None or state.collected:
        return
    state.collected = sum(1 for nodeid in ids if nodeid.endswith(f"::{_ITEM}")) or -1
    if state.collected < 0 and not _may_collect_nothing(config):
        raise _nothing_collected(state)


class OrgFile(pytest.File):
    """An org design file: one :class:`OrgItem` named ``orgshape``."""

    def collect(self) -> Iterator[OrgItem]:
        """The one item of the file."""
        yield OrgItem.from_parent(self, name=_ITEM)


class _OrgCheckError(AssertionError):
    """Raised by an :class:`OrgItem` whose design has findings at or above ``fail_on``."""


class OrgItem(pytest.Item):
    """Validates one org file against the policy; fails with the report's findings."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_marker(_ITEM)

    def runtest(self) -> None:
        """Read the file leniently (data problems are findings) and validate it."""
        from orgshape.exceptions import DataError, OrgShapeError  # noqa: PLC0415  (lazy)

        state = self.config.stash[_STATE]
        shown = _shown(self.path, state.root)
        try:
            policy, source = state.policy(self.path.parent)
        except OrgShapeError as err:
            raise _OrgCheckError(f"{shown}: cannot use the policy: {err}") from None
        try:
            org = _read(self.path, shown, strict=False)
        except DataError as err:  # a problem that stops even a lenient load
            from orgshape._display import visible  # noqa: PLC0415  (lazy: see module)

            problems = "\n".join(f"  {visible(str(problem))}" for problem in err.problems)
            raise _OrgCheckError(f"{shown}: cannot read the org:\n{problems}") from None
        except OrgShapeError as err:
            raise _OrgCheckError(f"{shown}: cannot read the org: {err}") from None
        except OSError as err:
            raise _OrgCheckError(f"{shown}: cannot read the file: {err}") from None
        from orgshape.rules import validate  # noqa: PLC0415

        report = validate(org, policy)
        if source is not None:
            where = _shown(pathlib.Path(source), state.root)
        elif state.policy_file is None:
            where = f"the defaults (none found from {_shown(self.path.parent, state.root)}/ up)"
        else:  # pragma: no cover - a named policy file always has a source
            where = "the defaults"
        text = _failure(report, state.fail_on, what=shown, policy=where)
        if text is not None:
            raise _OrgCheckError(text)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str | Any:
        """The findings as text, without a traceback, for a failed check."""
        if isinstance(excinfo.value, _OrgCheckError):
            from orgshape._display import terminal_text  # noqa: PLC0415  (lazy: see module)

            return terminal_text(str(excinfo.value))
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Where the item points: the org file."""
        return self.path, None, f"orgshape check {_shown(self.path, self.config.rootpath)}"


def _shown(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when it is inside it (as messages name files)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _read(path: Path, shown: str, **options: Any) -> Org:
    """Read an org file, naming it by its rootdir-relative path in messages."""
    from orgshape.io import read  # noqa: PLC0415  (lazy: see module)

    stream = io.BytesIO(path.read_bytes())
    stream.name = shown
    return read(stream, **options)


# --------------------------------------------------------------------------- reports


def _failure(report: Report, fail_on: str, *, what: str, policy: str | None) -> str | None:
    """The failure text for ``report``, or None when nothing reaches ``fail_on``."""
    failing = report.filter(severity=fail_on)
    if not failing:
        return None
    from orgshape._display import terminal_text, visible  # noqa: PLC0415  (lazy: see module)
    from orgshape.rules._report import count_findings  # noqa: PLC0415

    total = count_findings(report.counts())
    what = visible(what)
    noun = "finding" if len(failing) == 1 else "findings"
    lines = [f"{what} has {len(failing)} {noun} at or above {fail_on} ({total} in all)"]
    if policy is not None:
        lines.append(f"policy: {visible(policy)}")
    lines.append("")
    lines.extend(str(failing).splitlines()[:-2])  # the findings, less their own summary
    below = len(report) - len(failing)
    if below:
        lines += ["", f"({below} more below {fail_on}: `orgshape check {what}` lists them)"]
    return terminal_text("\n".join(lines))


def assert_valid(
    org: Org,
    *,
    policy: Policy | None = None,
    fail_on: str = "error",
) -> None:
    """Assert that validating ``org`` finds nothing at or above ``fail_on``.

    The assertion message is the report of the findings that fail it: the people, the
    rows, the rules and their hints, as ``orgshape check`` prints them.

    Args:
        org: the org to check.
        policy: the policy; by default the project's, found as ``orgshape check`` finds
            it (``orgshape.toml`` or ``[tool.orgshape]``) from the folder of the org's
            source file, else from the current folder.
        fail_on: the lowest severity that fails: ``"error"`` (default), ``"warning"``
            or ``"info"``.

    Raises:
        AssertionError: a finding at or above ``fail_on``; the message is the report.
        ValueError: ``fail_on`` is not a severity.
        PolicyError: the policy found cannot be read.
    """
    __tracebackhide__ = True
    from orgshape.rules import find_policy, validate  # noqa: PLC0415  (lazy: see module)

    if fail_on not in _SEVERITIES:
        msg = f"fail_on must be one of {', '.join(_SEVERITIES)}, got {fail_on!r}"
        raise ValueError(msg)
    source: str | None = None
    if policy is None:
        start = (
            pathlib.Path(org.source).parent if org.source and os.path.exists(org.source) else None
        )
        policy, source = find_policy(start)
        if source is not None:
            source = _shown(pathlib.Path(source), pathlib.Path.cwd())
        else:
            source = "the defaults (no orgshape.toml or [tool.orgshape] found)"
    text = _failure(validate(org, policy), fail_on, what=org.source or "the org", policy=source)
    if text is not None:
        raise AssertionError(text)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def orgshape_policy(pytestconfig: pytest.Config) -> Policy:
    """The project's policy.

    The ``orgshape_policy`` ini option, else ``orgshape.toml`` or ``[tool.orgshape]``
    found from the rootdir up; the defaults if there is none.
    """
    state = pytestconfig.stash.get(_STATE, None) or _State(pytestconfig)
    policy, _ = state.policy(pathlib.Path(pytestconfig.rootpath))
    return policy


@pytest.fixture(scope="session")
def org_files(pytestconfig: pytest.Config) -> list[Path]:
    """The project's org files: those ``orgshape_files`` matches under the rootdir, sorted.

    Works whether or not the plugin collects them (``--orgshape``).
    """
    return _on_disk(pytestconfig.stash.get(_STATE, None) or _State(pytestconfig))


@pytest.fixture
def load_org(pytestconfig: pytest.Config) -> Callable[..., Org]:
    """A loader for the project's org files: ``load_org("org/proposed.csv")``.

    The path is relative to the rootdir, and messages name the file so; keyword
    arguments go to :func:`orgshape.read` (by default ``strict=False``, so that data
    problems are findings for :func:`assert_valid` to report, not an exception).
    """
    root = pathlib.Path(pytestconfig.rootpath)

    def load(path: str | os.PathLike[str], **options: Any) -> Org:
        options.setdefault("strict", False)
        target = root / path
        return _read(target, _shown(target, root), **options)

    return load
