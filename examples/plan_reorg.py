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
# # Plan a reorg in two waves, compare it with an alternative, present it per VP
#
# A product leader presenting a reorg needs more than a diff: what each VP's org looks
# like before and after (headcount, open roles, cost), who is affected, what happens when
# (the reorg lands in waves), and how the proposal compares with the alternative on the
# table. This example plans a two-wave reorg of Northwind Labs' product org
# (`orgshape.example()`):
#
# 1. **January**: split Director Hannah Schmidt's twelve-person team: a new Director,
#    Dana Lee, takes seven of the PMs and reports to the Head of Platform.
# 2. **April**: remove the org's one-over-one leader (Siobhán O'Neill, Head of Growth,
#    whose single report is a Director), promote Rebecca Stein to Senior PM, backfill her
#    PM work with an open role, and fill the open PM seat P050.
#
# The plan is a YAML file (`examples/data/reorg/plan-a.yaml`); the alternative is built
# in Python. Outputs go to the folder named by `ORGSHAPE_EXAMPLES_OUT`, or to a new
# temporary folder.

# %%
import json
import os
import tempfile
from pathlib import Path

import orgshape
from orgshape.scenario import Plan, Wave, load_plan

HERE = Path(__file__).resolve().parent if "__file__" in globals() else Path.cwd()
OUT = Path(os.environ.get("ORGSHAPE_EXAMPLES_OUT") or tempfile.mkdtemp(prefix="orgshape-"))
OUT.mkdir(parents=True, exist_ok=True)

current = orgshape.example()
plan_a = load_plan(HERE / "data" / "reorg" / "plan-a.yaml")
print(f"{plan_a.name}: {len(plan_a.waves)} waves")
for wave in plan_a.waves:
    print(f"  {wave.effective}  {wave.name}")
    for operation in wave.operations:
        print(f"    {operation}")

# %% [markdown]
# ## The timeline
#
# `plan.timeline(current)` applies the waves in date order and measures, validates and
# diffs the org after each one: headcount, open roles, cost, layers, spans and findings,
# and what each wave changes.

# %%
timeline = plan_a.timeline(current)
print(timeline)

# %%
rows = {row.wave: row for row in timeline}
assert [row.positions for row in timeline] == [66, 67, 67]
assert rows[1].max_span == 7  # Hannah's span falls from 12 to 5; Dana leads 7
assert rows[2].one_over_ones == 0  # the one-over-one Head of Growth is gone
assert rows[2].vacancies == 1  # P050 is filled, the backfill is open

# %% [markdown]
# The org on any date is the current org with the waves in effect by then: at the end of
# March only the January split has happened.

# %%
march = plan_a.org_at(current, "2027-03-31")
print(
    len(march),
    "positions on 2027-03-31;",
    march["P067"].name,
    "reports to",
    march.manager("P067").name,
)
assert "P006" in march  # the Head of Growth is still there in March
assert "P006" not in timeline.org_at()
orgshape.write(march, OUT / "org-2027-03-31.csv")

# %% [markdown]
# ## Before and after, per VP
#
# A VP's line is the VP and everyone below: headcount, open roles, cost and span before
# the plan and after its last wave, and the change. The new Director's seat is priced at
# the median cost of the org's Directors (the plan did not give a cost; a policy's
# `level_costs` would set one per level).

# %%
per_vp = timeline.rollups(levels="VP")
print(per_vp)
print()
print(timeline.rollups(levels="VP", by="function"))

# %%
lars, priya = per_vp
assert (lars.name, priya.name) == ("Lars Johansson", "Priya Raman")
assert priya.headcount_change == 1  # Dana Lee joins Platform
assert lars.cost_change is not None
assert lars.cost_change < 0  # the Head of Growth's seat goes
assert priya.cost_change == timeline.org_at()["P067"].cost

# %% [markdown]
# ## Who is affected
#
# People whose manager changes, whose VP or Head above them changes, or who move to
# another layer; the seats removed and where their people go; and who is left without a
# seat (the bench).

# %%
impact = timeline.diff().impact()
print(impact)
print(json.dumps(impact.counts(), indent=2))
assert impact.counts()["manager_changed"] == 8
assert [person.name for person in impact.bench] == ["Siobhán O'Neill"]

# %% [markdown]
# ## The alternative: keep Dana under Hannah, merge Growth into Payments
#
# The same plan in Python: `Plan`, `Wave` and operations as mappings (the keys of a plan
# file). Instead of moving Dana's team to the Head of Platform, it stays under Hannah
# (one more layer in that team); instead of handing Growth's Director to the VP, Growth
# merges into Payments.

# %%
plan_b = Plan(
    name="Split under Hannah, Growth into Payments",
    waves=[
        Wave(
            effective="2027-01-15",
            name="Split Hannah Schmidt's team under her",
            operations=[
                {
                    "op": "insert_layer",
                    "manager": "P013",
                    "new_id": "P067",
                    "title": "Director of Product",
                    "name": "Dana Lee",
                    "function": "product",
                    "reports": ["P032", "P033", "P034", "P035", "P036", "P037", "P038"],
                },
            ],
        ),
        Wave(
            effective="2027-04-01",
            name="Merge Growth into Payments, promote and backfill",
            operations=[
                {"op": "merge", "team": "P006", "into": "P005", "remove_manager": True},
                {"op": "promote", "id": "P057", "title": "Senior Product Manager"},
                {
                    "op": "add_seat",
                    "manager": "P024",
                    "new_id": "P068",
                    "title": "Product Manager",
                    "function": "product",
                },
                {"op": "fill", "id": "P050", "name": "Ines Duarte"},
            ],
        ),
    ],
)
timeline_b = plan_b.timeline(current)

comparison = orgshape.compare(
    current, {"A: plan file": timeline.org_at(), "B: alternative": timeline_b.org_at()}
)
print(comparison)

# %%
layers = comparison.row("layers")
one_over_ones = comparison.row("one_over_ones")
print("layers:", layers.values, "one-over-ones:", one_over_ones.values)
assert comparison.row("positions").values == (67, 67)
assert one_over_ones.values[0] == 0  # A: nobody leads a single person
assert one_over_ones.values[1] == 1  # B: Lars Johansson now leads only José Álvarez
print([(f.code, f.ids[0], f.introduced_in) for f in comparison.findings() if f.introduced_in])

# %% [markdown]
# Plan A leaves no one-over-one; plan B makes a new one (the VP of the merged area has a
# single Head below him). The table says it in one place, with every other number beside
# it.
#
# ## Files to present
#
# One chart per wave (each wave's changes on the org after it), the timeline and the
# comparison as JSON (each validates against its schema in `orgshape/schemas/`), and one
# Excel workbook with the timeline, each wave's changes and the leaders' orgs.

# %%
for k, chart in enumerate(timeline.charts(), start=1):
    chart.save(OUT / f"wave-{k}.svg")
(OUT / "timeline.json").write_text(timeline.to_json(), encoding="utf-8")
(OUT / "comparison.json").write_text(comparison.to_json(), encoding="utf-8")
timeline.to_excel(OUT / "plan.xlsx")
comparison.to_excel(OUT / "comparison.xlsx")
per_vp.to_pandas().to_csv(OUT / "vp-rollups.csv", index=False)
print(f"charts, JSON, workbooks and the March org written to {OUT}")
timeline  # noqa: B018  (a notebook displays it as an HTML table)
