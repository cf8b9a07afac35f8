"""``orgshape render``: draw an org chart into a file (or stdout)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Final

from orgshape._cli._common import note_problems, policy_for, read_org
from orgshape._cli._console import Console
from orgshape._cli._parser import CHART_FORMATS
from orgshape.exceptions import InputError
from orgshape.render import chart
from orgshape.rules import validate

__all__ = ["CHART_SUFFIXES", "run"]

#: Suffixes whose chart format ``render`` can tell (``orgshape.render``'s ``SUFFIXES``).
CHART_SUFFIXES: Final = (*CHART_FORMATS, "mermaid", "htm")


def _options(args: argparse.Namespace) -> dict[str, Any]:
    options: dict[str, Any] = {
        "root": args.root,
        "max_depth": args.max_depth,
        "collapse": tuple(i for group in args.collapse or () for i in group),
        "align_levels": args.align_levels,
        "stack_leaves": args.stack_leaves,
        "theme": args.theme,
        "legend": args.legend,
        "title": args.title,
        "dotted_lines": args.dotted_lines,
        "max_label": args.max_label,
        "findings_table": args.findings_table,
    }
    if args.fields:
        options["fields"] = tuple(args.fields)
    return options


def run(args: argparse.Namespace, console: Console) -> int:
    """Run ``orgshape render``; return the exit code."""
    if args.format is None:
        if args.output == "-":
            raise InputError("writing the chart to stdout (-o -) needs --format, e.g. --format txt")
        suffix = Path(args.output).suffix.lower()
        if suffix.lstrip(".") not in CHART_SUFFIXES:
            known = " ".join(f".{s}" for s in CHART_SUFFIXES)
            raise InputError(
                f"cannot tell the chart format from {args.output!r} (known suffixes: {known}); "
                "pass --format"
            )
    policy, _ = policy_for(args, console, args.path)
    org = read_org(args.path, args, console, ladder=policy.ladder)
    options = _options(args)
    if args.highlight:
        options["highlight"] = validate(org, policy)
    else:
        note_problems(org, args.path, console)
    drawing = chart(org, **options)
    with console.step(f"drawing {len(org):,} positions") as step:
        if args.output == "-":
            console.out_bytes(drawing.pipe(args.format, scale=args.scale, dpi=args.dpi))
            step.done(f"drew {len(org):,} positions")
            return 0
        sizing: dict[str, Any] = {"scale": args.scale, "dpi": args.dpi}
        if args.scale is None and args.dpi is None:
            sizing = {}
        if args.pages:
            sizing["pages"] = args.pages
        path = drawing.save(args.output, format=args.format, **sizing)
        step.done(f"drew {len(org):,} positions")
    console.note(f"wrote {path}")
    return 0
