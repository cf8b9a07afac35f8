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
# # Design a reorg of the bundled org, diff it, chart the diff
#
# Northwind Labs' product org (`orgshape.example()`) has a few design problems: a
# Director with twelve direct reports, a Head of Product with a single report, a Senior
# PM reporting to a PM, an open role. This example designs a proposal that fixes them
# with `orgshape.scenario` operations — each returns a new org and leaves the current
# one untouched — then compares it with the current org: the typed changes, the spans,
# layers and headline numbers before and after, the findings the proposal resolves and
# the ones it introduces, and a chart of the changes.
#
# Outputs go to the folder named by `ORGSHAPE_EXAMPLES_OUT`, or to a new temporary
# folder.

# %%
import os
import tempfile
from pathlib import Path

import orgshape
from orgshape import Position
from orgshape.scenario import Moved, delayer, fill, move, promote

OUT = Path(os.environ.get("ORGSHAPE_EXAMPLES_OUT") or tempfile.mkdtemp(prefix="orgshape-"))
OUT.mkdir(parents=True, exist_ok=True)

current = orgshape.example()
print(orgshape.validate(current))

# %% [markdown]
# ## The proposal
#
# 1. Hire a Director for the Platform area, Dana Lee, and move five of Hannah Schmidt's
#    twelve direct reports to her.
# 2. Julia Novak, a Senior PM, reports to a PM: move her up to Director Rafael Costa, and
#    the PM beside her, Benjamin Hughes, under her.
# 3. Delayer the Growth Head of Product, who manages a single Director: the Director
#    moves up to the VP.
# 4. Promote Rebecca Stein, a promotion candidate, to Senior PM, reporting to her
#    Director.
# 5. Fill the open role P050.

# %%
proposed = current.add(
    Position(id="P067", name="Dana Lee", title="Director of Product", manager="007")
)
for pm in ["P032", "P033", "P034", "P035", "P036"]:
    proposed = move(proposed, pm, to="P067")
proposed = move(proposed, "P053", to="P010")
proposed = move(proposed, "P054", to="P053")
proposed = delayer(proposed, "P006")
proposed = promote(proposed, "P057", title="Senior Product Manager")
proposed = move(proposed, "P057", to="P012")
proposed = fill(proposed, "P050", name="Ines Duarte")

assert current["P050"].is_vacant  # the current org is untouched
assert "P006" in current
assert "P006" not in proposed

# %% [markdown]
# ## The diff
#
# `orgshape.diff(current, proposed)` matches positions
# by id and returns typed change records, with the span and layer changes, the metrics
# before and after, and the findings each side has.

# %%
d = orgshape.diff(current, proposed)
print(d)

# %%
moved = d.of_type(Moved)
print(f"{len(moved)} people move")
print("resolved:", sorted({f.code for f in d.resolved}))
print("introduced:", sorted({f.code for f in d.introduced}))
assert len(moved) == 9
assert {"SPAN_ABOVE_RANGE", "LEVEL_INVERSION"} <= {f.code for f in d.resolved}

# %% [markdown]
# The proposal resolves the level inversion and the wide span but introduces two
# one-over-ones (Aisha Khan and Julia Novak now lead one person each): the next round of
# the design discussion. Rebecca Stein, promoted, still owns a single product; that is
# her promotion's to-do (a Senior PM's portfolio is handed over after the promotion),
# so the diff does not count it as introduced.
#
# ## The diff chart
#
# The proposed org with added seats, moved seats (and where from), removed seats as
# ghosts under their old manager, and changed titles, each with its own glyph.

# %%
chart = d.chart(title="Proposed reorg")
chart.save(OUT / "reorg.svg")
chart.save(OUT / "reorg.png")
(OUT / "reorg.json").write_text(d.to_json(), encoding="utf-8")
orgshape.write(proposed, OUT / "proposed.csv")
print(f"diff chart, JSON and the proposed org written to {OUT}")
chart  # noqa: B018  (a notebook displays it as SVG)
