"""``orgshape stats``: spans and layers of an org file, as text, JSON or CSV."""

from __future__ import annotations

import argparse

from orgshape import Bands, metrics
from orgshape._cli._common import note_problems, policy_for, read_org
from orgshape._cli._console import Console

__all__ = ["run"]


def run(args: argparse.Namespace, console: Console) -> int:
    """Run ``orgshape stats``; return the exit code."""
    # its ladder judges levels; its bands are the default
    policy, _ = policy_for(args, console, args.path)
    org = read_org(args.path, args, console, ladder=policy.ladder)
    note_problems(org, args.path, console)
    bands: Bands | str = args.bands or policy.bands
    with console.step(f"measuring {len(org):,} positions") as step:
        result = metrics(org, root=args.root, bands=bands)
        step.done(f"measured {len(org):,} positions")
    if args.format == "json":
        console.out(result.to_json())
    elif args.format == "csv":
        console.out_raw(result.to_csv(table=args.table))  # data: formula-guarded, quoted
    else:
        console.out(str(result))
    return 0
