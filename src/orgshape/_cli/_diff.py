"""``orgshape diff``: what a proposal changes (or several, side by side), and charts."""

from __future__ import annotations

import argparse
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from orgshape import compare, diff
from orgshape._cli._common import policy_for, read_org
from orgshape._cli._console import Console
from orgshape.exceptions import InputError

if TYPE_CHECKING:
    from orgshape import Diff
    from orgshape.scenario import Comparison

__all__ = ["leaders", "run", "scenario_names"]


def scenario_names(paths: list[str]) -> list[str]:
    """A name per proposal file: its stem, made unique with its folder or a number."""
    stems = [PurePath(p).stem or p for p in paths]
    names: list[str] = []
    for path, stem in zip(paths, stems, strict=True):
        name = stem
        if stems.count(stem) > 1:
            parent = PurePath(path).parent.name
            name = f"{parent}/{stem}" if parent else stem
        while name in names:
            name = f"{name} ({len(names) + 1})"
        names.append(name)
    return names


def leaders(value: str) -> dict[str, Any]:
    """``--leaders`` as :meth:`Diff.rollups` arguments: all, top layers, or levels."""
    text = value.strip()
    if text.lower() == "all":
        return {}
    if text.isdigit():
        return {"max_depth": int(text)}
    return {"levels": [level.strip() for level in text.split(",")]}


def _one(changes: Diff, args: argparse.Namespace) -> str:
    json = args.format == "json"
    if args.leaders is not None or args.by is not None:
        rollups = changes.rollups(by=args.by, **leaders(args.leaders or "all"))
        return rollups.to_json() if json else str(rollups)
    if args.impact:
        impact = changes.impact()
        if json:
            return impact.to_json()
        lines = [str(impact)]
        for p in impact.people:
            why = [
                w
                for w, on in (
                    ("manager", p.manager_changed),
                    ("leader", p.leader_changed),
                    ("layer", p.layer_changed),
                )
                if on
            ]
            lines.append(f"  {p.id} ({p.name}): new {', '.join(why)}")
        return "\n".join(lines)
    return changes.to_json() if json else str(changes)


def run(args: argparse.Namespace, console: Console) -> int:
    """Run ``orgshape diff``; return the exit code."""
    # one policy judges every side (findings introduced and resolved): the current org's
    policy, _ = policy_for(args, console, args.before)
    current = read_org(args.before, args, console, ladder=policy.ladder)
    proposals = [read_org(path, args, console, ladder=policy.ladder) for path in args.after]
    if len(proposals) > 1 and (args.leaders or args.by or args.impact):
        raise InputError(
            "--leaders, --by and --impact show one proposal; compare several without them, "
            "or diff each on its own"
        )
    names = scenario_names(args.after)
    with console.step("comparing") as step:
        result: Diff | Comparison
        if len(proposals) == 1:
            changes = diff(current, proposals[0], key=args.key, policy=policy)
            text = _one(changes, args)
            diffs = {names[0]: changes}
            result = changes
        else:
            result = compare(
                current, dict(zip(names, proposals, strict=True)), key=args.key, policy=policy
            )
            text = result.to_json() if args.format == "json" else str(result)
            diffs = dict(result.diffs)
        step.done(f"compared {len(current):,} positions with {len(proposals)} proposal(s)")
    console.out(text)
    if args.workbook:
        console.note(f"wrote {result.to_excel(args.workbook)}")
    if args.output:
        target = Path(args.output)
        for k, (name, d) in enumerate(diffs.items()):
            path = (
                target
                if len(diffs) == 1
                else target.with_name(f"{target.stem}-{k + 1}{target.suffix}")
            )
            with console.step(f"drawing the changes of {name}") as step:
                drawing = d.chart(
                    title=name if len(diffs) > 1 else None,
                    root=args.root,
                    max_depth=args.max_depth,
                    changes_only=args.changes_only,
                )
                written = drawing.save(path)
                step.done(f"drew {len(d.proposed):,} positions")
            console.note(f"wrote {written}")
    return 0
