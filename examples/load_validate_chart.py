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
# # Load an HR export, validate it, chart it
#
# A BambooHR export of a small product org, as it comes out of BambooHR: orgshape
# recognises the columns, checks the design against the default policy, measures its
# spans and layers, and draws it with the findings marked.
#
# Run it as a script (`python examples/load_validate_chart.py`) or open it as a
# notebook (`jupytext --to notebook examples/load_validate_chart.py`). The charts are
# written to the folder named by `ORGSHAPE_EXAMPLES_OUT`, or to a new temporary folder.

# %%
import os
import tempfile
from pathlib import Path

import orgshape

HERE = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()
EXPORT = HERE / "data" / "hr" / "bamboohr.csv"
OUT = Path(os.environ.get("ORGSHAPE_EXAMPLES_OUT") or tempfile.mkdtemp(prefix="orgshape-"))
OUT.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## What orgshape makes of the file
#
# `detect_mapping` shows which column feeds which field, and what the manager column
# refers to (BambooHR has two key spaces, ids and employee numbers; orgshape checks
# which one the data supports). Nothing is guessed: an ambiguous file is an error that
# lists the candidates.

# %%
print(orgshape.detect_mapping(EXPORT))

# %% [markdown]
# The export has a `department` column; mapping it to orgshape's `function` field tells
# the rules that the designer and the product-operations manager are not on the product
# ladder, so their titles are not reported as unknown.

# %%
org = orgshape.read(EXPORT, mapping={"function": "department"})
print(org)
assert len(org) == 13

# %% [markdown]
# ## Validate
#
# In a notebook the report displays as a table; `print(report)` gives the same as text.

# %%
report = orgshape.validate(org)
print(report)
assert report.ok  # no errors, only warnings
report  # noqa: B018  (a notebook displays the last expression of a cell)

# %% [markdown]
# ## Spans and layers

# %%
m = orgshape.metrics(org)
print(m)
assert m.summary.layers == 6

# %% [markdown]
# ## Chart
#
# The chart displays itself in a notebook; saved, the format follows the suffix.

# %%
chart = orgshape.chart(org, highlight=report, title="Product org (BambooHR export)")
for name in ("org.svg", "org.png", "org.txt"):
    chart.save(OUT / name)
print(f"charts written to {OUT}")
chart  # noqa: B018  (a notebook displays it as SVG)
