"""The version of orgshape, the layout of its JSON outputs and its home, in one place."""

__version__ = "0.1.0"

#: The version of the layout of every JSON output (stats, check and validation reports,
#: diffs, comparisons, plan timelines), bumped on an incompatible change. The JSON
#: schemas in ``orgshape/schemas/`` describe this version.
SCHEMA_VERSION = 2

#: The project's home: its source repository, where the docs, the issues and the
#: releases live. SARIF logs name it as the tool's ``informationUri``; the package
#: metadata (``[project.urls]`` in ``pyproject.toml``), the README's links and the
#: docs' install recipes spell it out, and a test keeps every one of them equal to this.
PROJECT_URL = "https://github.com/orgshape/orgshape"
