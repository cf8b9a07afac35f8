"""``orgshape plan``: a dated reorg plan applied to an org: the org on a date, a timeline."""

from __future__ import annotations

import argparse
from pathlib import Path

from orgshape._cli._common import note_problems, policy_for, read_org
from orgshape._cli._console import Console
from orgshape._display import count as count_of
from orgshape._display import json_text, money
from orgshape.exceptions import InputError
from orgshape.io import write
from orgshape.scenario import Timeline, load_plan

__all__ = ["as_of_line", "run"]


def as_of_line(timeline: Timeline, on: str | None) -> str:
    """Which waves are in effect on the date, and the org then."""
    count = timeline.plan.wave_count(on)
    row = timeline[count]
    when = f"On {on}" if on is not None else "After the last wave"
    if count == 0:
        state = "no wave yet (the current org)"
    else:
        wave = timeline.plan.waves[count - 1]
        state = f"after wave {count} ({wave.name or 'unnamed'}, {wave.effective.isoformat()})"
    cost = f", cost {money(row.total_cost)}" if row.total_cost is not None else ""
    return (
        f"{when}: {state}: {count_of(row.positions, 'position')}, {row.vacancies:,} open, "
        f"{count_of(row.layers, 'layer')}{cost}; {count_of(row.errors, 'error')}, "
        f"{count_of(row.warnings, 'warning')}"
    )


def run(args: argparse.Namespace, console: Console) -> int:
    """Run ``orgshape plan``; return the exit code."""
    plan = load_plan(args.plan)
    base_path = args.base
    if base_path is None:
        if plan.base is None:
            raise InputError(
                f"{args.plan} names no base org: add `base: current.csv` to it, or pass --base FILE"
            )
        base_path = str(Path(args.plan).parent / plan.base)
    policy, _ = policy_for(args, console, base_path)
    base = read_org(base_path, args, console, ladder=policy.ladder)
    note_problems(base, base_path, console)
    with console.step(f"applying {len(plan.waves)} waves") as step:
        timeline = plan.timeline(base, policy=policy)
        step.done(f"applied {len(plan.waves)} waves to {len(base):,} positions")
    on = args.as_of
    if args.format == "json":
        data = timeline.to_dict()
        data["as_of"] = {
            "date": on,
            "waves": timeline.plan.wave_count(on),
            "row": timeline[timeline.plan.wave_count(on)].to_dict(),
        }
        console.out(json_text(data, indent=2, allow_nan=False))
    else:
        console.out(f"{timeline}\n\n{as_of_line(timeline, on)}")
    if args.org:
        write(timeline.org_at(on), args.org)
        console.note(f"wrote the org {'on ' + on if on else 'after the last wave'} to {args.org}")
    if args.workbook:
        path = timeline.to_excel(args.workbook)
        console.note(f"wrote {path}")
    if args.charts:
        folder = Path(args.charts)
        folder.mkdir(parents=True, exist_ok=True)
        for k, chart in enumerate(timeline.charts()):
            with console.step(f"drawing wave {k + 1}") as step:
                path = chart.save(folder / f"wave-{k + 1}.{args.chart_format}")
                step.done(f"drew wave {k + 1}")
            console.note(f"wrote {path}")
    return 0
