"""The ``orgshape`` command line: check, render, stats, diff, convert and demo.

Glossary:
    org file: a CSV, TSV, JSON or YAML file with one row (record) per position; HR
        exports load as they are (``--profile``, ``--mapping``).
    finding: one problem in a design, with a rule code, a severity, the people
        involved, a message, a fix hint and the source row.
    threshold: ``--fail-on``: the lowest severity that fails ``check`` (default
        ``error``, so warnings and infos are shown but do not fail a build).
    policy in force: ``--policy FILE``, else ``orgshape.toml`` in the current folder or
        a parent, else ``[tool.orgshape]`` in the nearest ``pyproject.toml``, else the
        defaults (``--show-config`` prints it; ``--isolated`` skips the search).

Conventions, as in ruff and mypy: exit code 0 means nothing at or above the threshold,
1 means findings, 2 means a usage, input or configuration error. Results (reports,
tables, JSON, SARIF) go to stdout; notes, warnings, progress and errors go to stderr,
and an error a user can cause is a short message there, never a traceback (``--debug``
shows one).

Why argparse and not click: the command line is started dozens of times a day by
pre-commit hooks, editors and CI, on designs of a few hundred people, where start-up is
the whole cost. argparse ships with Python and is already loaded by many programs, so it adds no
dependency and almost no import time (click is a third-party package with an import
cost of its own and a dependency to pin), and the parser is plain data that
:func:`reference_markdown` renders into the docs. Each command's module is imported only
when that command runs, so ``orgshape check --help`` loads the parser and nothing else,
and no command imports pandas, networkx or hypothesis.

Examples:
    >>> from orgshape.cli import main
    >>> main(["--version"])  # doctest: +ELLIPSIS
    orgshape ...
    0
"""

from orgshape._cli._main import main, reference_markdown

__all__ = ["main", "reference_markdown"]
