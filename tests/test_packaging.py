"""What a user installs and what a contributor unpacks: the wheel, the sdist, the project URL.

The distributions are built once per session from the working tree, without network
(``python -m build --no-isolation``, as ``make dist`` does); with ``ORGSHAPE_DIST`` set
(``make dist`` sets it) the files already in that folder are checked instead.
"""

from __future__ import annotations

import email.parser
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

import orgshape
from orgshape._version import PROJECT_URL
from orgshape.pytest_plugin import DEFAULT_FILES, _match

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

#: Files at the top of the repository that an sdist must hold for `make test` to work.
TOP_FILES = (
    "pyproject.toml",
    "conftest.py",
    "Makefile",
    "README.md",
    "CHANGELOG.md",
    "RELEASING.md",
    "LICENSE",
    ".pre-commit-hooks.yaml",
)
#: Folders whose tracked files must all be in the sdist.
TREES = ("src/orgshape", "tests", "docs", "examples", "benchmarks")


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with one wheel and one sdist of the working tree."""
    given = os.environ.get("ORGSHAPE_DIST")
    if given:
        return Path(given).resolve()
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("builds from a git checkout (hatchling reads .gitignore)")
    pytest.importorskip("build", reason="the dev extra has `build`")
    folder = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(folder), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return folder


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, f"expected one {pattern} in {folder}, found {found}"
    return found[0]


@pytest.fixture(scope="session")
def sdist_names(dist: Path) -> set[str]:
    """The sdist's files, relative to its top folder."""
    with tarfile.open(_one(dist, "orgshape-*.tar.gz")) as tar:
        names = [m.name for m in tar.getmembers() if m.isfile()]
    prefix = f"orgshape-{orgshape.__version__}/"
    assert all(name.startswith(prefix) for name in names)
    return {name[len(prefix) :] for name in names}


def _tracked(tree: str) -> set[str]:
    done = subprocess.run(
        ["git", "ls-files", "--", tree], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return {line for line in done.stdout.splitlines() if (ROOT / line).is_file()}


class TestSdist:
    def test_holds_what_make_test_needs(self, sdist_names):
        """The top-level files (conftest.py above all) are in the sdist."""
        missing = [name for name in TOP_FILES if name not in sdist_names]
        assert missing == []

    @pytest.mark.parametrize("tree", TREES)
    def test_holds_every_tracked_file(self, sdist_names, tree):
        """Every file git tracks under the source, test, docs and example folders is there."""
        if not (ROOT / ".git").exists():
            pytest.skip("compares with `git ls-files`")
        assert _tracked(tree) - sdist_names == set()

    def test_holds_no_build_output(self, sdist_names):
        """No cache, virtualenv, built docs or benchmark data slips in."""
        unwanted = re.compile(
            r"(^|/)(__pycache__|\.venv|\.mypy_cache|\.ruff_cache|\.hypothesis)/"
            r"|^docs/_build/|^benchmarks/_data/|\.pyc$"
        )
        assert sorted(n for n in sdist_names if unwanted.search(n)) == []

    def test_doctests_of_an_unpacked_sdist_write_nothing_into_it(self, dist, tmp_path):
        """With its conftest.py, the README's doctests run in a scratch folder, not the tree."""
        with tarfile.open(_one(dist, "orgshape-*.tar.gz")) as tar:
            tar.extractall(tmp_path, filter="data")
        top = _one(tmp_path, "orgshape-*")
        before = set(top.rglob("*"))
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "README.md"],
            cwd=top,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        after = {p for p in top.rglob("*") if "__pycache__" not in p.parts}
        assert sorted(str(p.relative_to(top)) for p in after - before) == []


@pytest.fixture(scope="session")
def wheel(dist: Path) -> zipfile.ZipFile:
    """The wheel, opened."""
    return zipfile.ZipFile(_one(dist, "orgshape-*-py3-none-any.whl"))


class TestWheel:
    def test_installs_the_package_data(self, wheel):
        """The wheel has the typing marker, the bundled example and the JSON schemas."""
        names = set(wheel.namelist())
        assert {"orgshape/py.typed", "orgshape/data/example_org.csv"} <= names
        assert any(n.startswith("orgshape/schemas/") and n.endswith(".json") for n in names)
        assert not [n for n in names if n.startswith(("tests/", "docs/"))]

    def test_entry_points(self, wheel):
        """The console script and the pytest plugin are registered."""
        info = next(n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt"))
        text = wheel.read(info).decode("utf-8")
        assert "orgshape = orgshape.cli:main" in text
        assert "orgshape = orgshape.pytest_plugin" in text

    def test_metadata_names_the_project_home(self, wheel):
        """Project-URL entries point at the one project URL; the README is the description."""
        info = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(wheel.read(info).decode("utf-8"))
        entries: list[str] = meta.get_all("Project-URL") or []
        urls = {label: url for label, _, url in (e.partition(", ") for e in entries)}
        assert urls["Homepage"] == PROJECT_URL
        assert all(url.startswith(PROJECT_URL) for url in urls.values())
        assert meta["Description-Content-Type"] == "text/markdown"


class TestProjectUrl:
    def test_pyproject_urls_are_under_the_one_home(self):
        """[project.urls] all start with orgshape._version.PROJECT_URL."""
        urls = PYPROJECT["project"]["urls"]
        assert urls["Homepage"] == PROJECT_URL
        assert urls["Source"] == PROJECT_URL
        assert all(url.startswith(PROJECT_URL) for url in urls.values())

    def test_sarif_names_the_home(self, tmp_path):
        """SARIF's informationUri is the project URL (a page that exists once released)."""
        import json  # noqa: PLC0415

        from orgshape.cli import main  # noqa: PLC0415

        out = tmp_path / "out.sarif"
        example = str(Path(orgshape.__file__).parent / "data" / "example_org.csv")
        main(["check", "--isolated", "--format", "sarif", "--output-file", str(out), example])
        driver = json.loads(out.read_text(encoding="utf-8"))["runs"][0]["tool"]["driver"]
        assert driver["informationUri"] == PROJECT_URL

    def test_readme_links_are_absolute_and_resolve(self):
        """The README (shown on PyPI, outside the repo) links absolutely to files that exist."""
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        targets = re.findall(r"\]\(([^)\s]+)\)", readme)
        assert targets
        relative = [t for t in targets if not t.startswith(("http://", "https://"))]
        assert relative == []
        owner = PROJECT_URL.removeprefix("https://github.com/")
        prefixes = (
            f"{PROJECT_URL}/blob/main/",
            f"{PROJECT_URL}/tree/main/",
            f"https://raw.githubusercontent.com/{owner}/main/",
        )
        ours = [t for t in targets if t.startswith(prefixes)]
        assert any("example-chart.png" in t for t in ours)
        for target in ours:
            path = next(target.removeprefix(p) for p in prefixes if target.startswith(p))
            assert (ROOT / path.split("#")[0]).exists(), target

    def test_the_home_is_spelt_the_same_everywhere(self):
        """Every orgshape GitHub address in the docs and recipes is the project URL."""
        pages = [ROOT / "README.md", ROOT / "RELEASING.md", *sorted((ROOT / "docs").glob("*.md"))]
        owner = PROJECT_URL.removeprefix("https://github.com/")
        pattern = re.compile(
            r"https://(?:github\.com|raw\.githubusercontent\.com)/[\w.-]+/orgshape"
        )
        for page in pages:
            for found in pattern.findall(page.read_text(encoding="utf-8")):
                assert found.endswith(f"/{owner}"), f"{page.name}: {found}"
        assert PROJECT_URL in (ROOT / "RELEASING.md").read_text(encoding="utf-8")


_BLOCK = re.compile(r"^```(console|yaml|toml|text)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _recipe_blocks() -> list[tuple[str, str]]:
    """(page, block) for every console, YAML, TOML and text block of the README and docs."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [
        (page.name, body)
        for page in pages
        for _, body in _BLOCK.findall(page.read_text(encoding="utf-8"))
    ]


class TestRecipes:
    def test_no_recipe_installs_the_unpublished_package(self):
        """No block says `pip install orgshape` (PyPI has no such package yet)."""
        bare = re.compile(r"pip install\s+(?:-\S+\s+)*['\"]?orgshape(?:\[[\w,]+\])?['\"]?(?=\s|$)")
        found = [
            (page, line.strip())
            for page, body in _recipe_blocks()
            for line in body.splitlines()
            if bare.search(line) and "adds" not in line
        ]
        assert found == []

    def test_versions_in_recipes_are_the_current_one(self):
        """Every pinned orgshape version in the docs (wheel names, tags) is __version__."""
        pinned = re.compile(r"orgshape-(\d+\.\d+\.\d+)-py3|rev: v(\d+\.\d+\.\d+)|@v(\d+\.\d+\.\d+)")
        pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
        seen = set()
        for page in pages:
            for groups in pinned.findall(page.read_text(encoding="utf-8")):
                seen.add((page.name, next(g for g in groups if g)))
        assert seen
        assert {version for _, version in seen} == {orgshape.__version__}, sorted(seen)


@pytest.fixture(scope="module")
def hook() -> dict[str, object]:
    """The one hook of .pre-commit-hooks.yaml."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["orgshape-check"]
    return dict(hooks[0])


class TestPreCommitHook:
    def test_entry_is_the_console_script(self, hook):
        """The hook runs `orgshape check` from the package's own console script."""
        assert hook["entry"] == "orgshape check"
        assert hook["language"] == "python"
        assert "orgshape" in PYPROJECT["project"]["scripts"]

    def test_files_match_what_the_pytest_plugin_collects(self, hook):
        """The hook's default files are the plugin's default orgshape_files, path for path."""
        files = re.compile(str(hook["files"]))
        paths = [
            "org/current.csv",
            "org/proposed.yaml",
            "org/a.yml",
            "org/b.json",
            "org/c.tsv",
            "org/sub/x.csv",
            "designs/org/x.csv",
            "team.org.csv",
            "a/b/team.org.yaml",
            "team.org.json",
            "org.csv",
            "README.md",
            "org/notes.md",
            ".github/ci.yml",
        ]
        for path in paths:
            plugin = any(_match(path, glob) for glob in DEFAULT_FILES)
            assert bool(files.search(path)) == plugin, path

    def test_ci_page_pins_the_repository_and_tag(self, hook):
        """docs/ci.md's pre-commit recipe names the project URL, a rev tag and the hook id."""
        page = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
        assert f"- repo: {PROJECT_URL}\n    rev: v{orgshape.__version__}\n" in page
        assert f"- id: {hook['id']}" in page

    def test_the_entry_runs_on_the_files_a_commit_passes(self, hook, tmp_path):
        """The entry, run as pre-commit runs it (file names appended), checks each file."""
        org = tmp_path / "org"
        org.mkdir()
        orgshape.write(orgshape.example(), org / "current.csv")
        script = Path(sys.executable).with_name("orgshape")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "orgshape"]
        argv = [*command, *str(hook["entry"]).split()[1:], "org/current.csv"]
        done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, check=False)
        assert done.returncode == 1, done.stderr
        assert "LEVEL_INVERSION" in done.stdout
