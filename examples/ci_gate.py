# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Gate an org design in CI with a custom policy and a custom rule
#
# A team keeps its proposed org design in a repository, next to the policy it must
# meet, and CI refuses a design that breaks the policy — the way ruff refuses bad code.
# This example builds such a repository in a scratch folder:
#
# ```text
# repo/
#   org/design.csv     the proposed design
#   orgshape.toml      the policy: thresholds, severities, an exemption, a custom rule
#   team_rules.py      the custom rule
# ```
#
# then runs `orgshape check` on it as CI would, and reads the exit code: **0** nothing
# at or above `--fail-on` (default: `error`), **1** findings, **2** the design or the
# policy could not be read.
#
# The repository is created in the folder named by `ORGSHAPE_EXAMPLES_OUT`, or in a new
# temporary folder.

# %%
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import orgshape
from orgshape.scenario import move

OUT = Path(os.environ.get("ORGSHAPE_EXAMPLES_OUT") or tempfile.mkdtemp(prefix="orgshape-"))
REPO = OUT / "repo"
(REPO / "org").mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## The custom rule
#
# Northwind wants every team to work across at most four cities, so that a manager
# can meet their whole team. A rule is a plain function that reads the validation
# context and yields findings; `@orgshape.rule` gives it a code, a default severity
# and a fix hint, and its docstring becomes its rationale.

# %%
TEAM_RULES = '''\
"""Northwind's own org-design rules."""

from orgshape import rule

MAX_CITIES = 4


@rule(code="TEAM_TOO_SPREAD", severity="error",
      hint="regroup the team by location, or split it under a second manager")
def team_too_spread(ctx):
    """A manager's direct reports work in more than four cities (remote people aside)."""
    where = ctx.column("location")
    if where is None:
        return
    for i in ctx.managers:
        cities = {where[k] for k in ctx.children(i)} - {None, "Remote"}
        if len(cities) > MAX_CITIES:
            yield ctx.finding(
                i, message=f"{ctx.who(i)} leads people in {len(cities)} cities: "
                f"{', '.join(sorted(cities))}"
            )
'''
(REPO / "team_rules.py").write_text(TEAM_RULES, encoding="utf-8")

# %% [markdown]
# ## The policy
#
# Directors may lead up to ten people here, a one-over-one fails the build (with one
# documented exception), promotion hints are left out of CI, and the custom rule is
# registered by `"module:function"`: `team_rules.py` sits next to the policy, so it is
# found without installing anything.

# %%
POLICY = """\
# orgshape.toml: what a Northwind org design must meet
ignore = ["people"]
rules = ["team_rules:team_too_spread"]

[spans]
DIRECTOR = [3, 10]

[severity]
one-over-one = "error"

[[exemptions]]
rule = "one-over-one"
id = "P006"
reason = "Growth Head ramping up; a second Director joins in Q3"
"""
(REPO / "orgshape.toml").write_text(POLICY, encoding="utf-8")
orgshape.write(orgshape.example(), REPO / "org" / "design.csv")


# %%
def check(*args: str) -> int:
    """Run `orgshape check` in the repository as CI does; show its output; return the code."""
    command = [sys.executable, "-m", "orgshape", "check", *args]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    print(done.stdout + done.stderr)
    print(f"exit code {done.returncode}")
    return done.returncode


# %% [markdown]
# ## The gate fails the design
#
# The policy is found the way ruff finds its configuration (`orgshape.toml` here or in
# a parent folder, else `[tool.orgshape]` in `pyproject.toml`).

# %%
code = check("org/design.csv")
assert code == 1

# %% [markdown]
# On GitHub Actions, `--format github` (chosen automatically when `GITHUB_ACTIONS` is
# set) prints workflow annotations, which show up on the pull request:

# %%
code = check("org/design.csv", "--format", "github")
assert code == 1

# %% [markdown]
# The same gate from Python, for a notebook or a test: `report.ok` is False when there
# is an error.

# %%
policy = orgshape.load_policy(REPO / "orgshape.toml")
design = orgshape.read(REPO / "org" / "design.csv")
report = orgshape.validate(design, policy)
print(report.filter(severity="error"))
assert not report.ok

# %% [markdown]
# ## Fix the design, and the gate passes
#
# Move Julia Novak (a Senior PM who reports to a PM) and Benjamin Hughes up to their
# Director, and move Hannah Schmidt's London and Lisbon PMs to Arjun Mehta's team.
# Warnings remain, but they do not fail the build unless CI runs with
# `--fail-on warning`.

# %%
fixed = design
for person, manager in [("P053", "P010"), ("P054", "P010"), ("P035", "P014"), ("P038", "P014")]:
    fixed = move(fixed, person, to=manager)
orgshape.write(fixed, REPO / "org" / "design.csv")

code = check("org/design.csv")
assert code == 0
assert check("org/design.csv", "--fail-on", "warning") == 1

# %% [markdown]
# ## A broken policy is a configuration error
#
# A typo in the policy is not silently ignored: it is exit code 2, with a message that
# names the key, the file and what was meant.

# %%
(REPO / "orgshape.toml").write_text(POLICY.replace("ignore =", "ignor ="), encoding="utf-8")
code = check("org/design.csv")
assert code == 2
(REPO / "orgshape.toml").write_text(POLICY, encoding="utf-8")

# %% [markdown]
# ## The CI job
#
# A GitHub Actions job that runs the gate on every pull request:

# %%
WORKFLOW = """\
name: org design
on: [pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.12"}
      - run: pip install ci/orgshape-*.whl   # the wheel `make dist` built (see docs/ci.md)
      - run: orgshape check org/design.csv
"""
(REPO / ".github" / "workflows").mkdir(parents=True, exist_ok=True)
(REPO / ".github" / "workflows" / "org-design.yml").write_text(WORKFLOW, encoding="utf-8")
print(WORKFLOW)
print(f"the example repository is in {REPO}")
