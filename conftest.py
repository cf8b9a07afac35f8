"""Run the Markdown doctests (README.md, docs/*.md) in a scratch folder.

Their examples read the sample exports under ``examples/`` by relative path and write
charts and policy files as a reader would (``chart.save("org.svg")``). Each Markdown
file runs in its own temporary folder holding a link to ``examples/``, so the examples
read what they say and never write into the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).parent


@pytest.fixture(autouse=True)
def _markdown_doctests_in_scratch_folder(request: pytest.FixtureRequest) -> None:
    if request.node.path.suffix != ".md":
        return
    folder: Path = request.getfixturevalue("tmp_path")
    (folder / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    request.getfixturevalue("monkeypatch").chdir(folder)
