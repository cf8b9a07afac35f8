"""``orgshape diff``: what a proposed org design changes, as text or JSON, and a chart."""

from __future__ import annotations

import argparse

from orgshape import diff
from orgshape._cli._common import policy_for, read_org
from orgshape._cli._console import Console

__all__ = ["run"]


def run(args: argparse.Namespace, console: Console) -> int:
    """Run ``orgshape diff``; return the exit code."""
    policy, _ = policy_for(args, console)  # judges both sides: findings introduced and resolved
    current = read_org(args.before, args, console, ladder=policy.ladder)
    proposed = read_org(args.after, args, console, ladder=policy.ladder)
    with console.step("comparing") as step:
        changes = diff(current, proposed, key=args.key, policy=policy)
        text = changes.to_json() if args.format == "json" else str(changes)
        step.done(f"compared {len(current):,} with {len(proposed):,} positions")
    console.out(text)
    if args.output:
        with console.step("drawing the changes") as step:
            path = changes.chart().save(args.output)
            step.done(f"drew {len(proposed):,} positions")
        console.note(f"wrote {path}")
    return 0
