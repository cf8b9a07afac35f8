"""``orgshape rule CODE`` (and ``check --explain CODE``): one rule explained, as ruff does.

The rule's code, name, group and default severity, its rationale (why it exists, with
its sources), how to fix what it finds, and the finding it makes on its own small
example org, computed now, so the explanation cannot drift from the rule.
"""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING

from orgshape._cli._console import Console
from orgshape._cli._rules import known_rules
from orgshape._display import json_text, visible
from orgshape.rules._reference import example_finding

if TYPE_CHECKING:
    from orgshape.rules import Rule

__all__ = ["explain", "find_rule", "run"]

_WIDTH = 88


def find_rule(rules: list[Rule], wanted: str) -> Rule | None:
    """The rule with this code or name, in any case (``one-over-one``, ``ONE_OVER_ONE``)."""
    key = wanted.strip().casefold().replace("_", "-")
    for r in rules:
        if key in (r.code.casefold().replace("_", "-"), r.name.casefold()):
            return r
    return None


def _example_lines(r: Rule) -> list[str]:
    found = example_finding(r)
    if found is None:
        return []
    made = r.example() if r.example is not None else None
    org = made[0] if isinstance(made, tuple) else made
    lines = ["", "Example:", ""]
    if org is not None and len(org) <= 12:
        lines.append("  An org of")
        for p in org:
            manager = f", reports to {visible(p.manager)}" if p.manager else ""
            who = visible(p.name) if p.name else "(open role)"
            lines.append(f"    {visible(p.id)}: {who}, {visible(p.title or '?')}{manager}")
        lines.append("  gives")
    people = f" [{', '.join(visible(i) for i in found.ids)}]" if found.ids else ""
    lines.append(f"    {found.severity} {found.code}{people}: {visible(found.message)}")
    return lines


def explain(code: str, args: argparse.Namespace, console: Console) -> int:
    """Print the explanation of the rule ``code``; 2 when there is no such rule."""
    rules = known_rules(args, console)
    r = find_rule(rules, code)
    if r is None:
        import difflib  # noqa: PLC0415  (only for a typo)

        names = [x.code for x in rules] + [x.name for x in rules]
        close = difflib.get_close_matches(code.upper().replace("-", "_"), names, n=3)
        close += difflib.get_close_matches(code.lower().replace("_", "-"), names, n=3)
        hint = f"; did you mean {' or '.join(dict.fromkeys(close))}?" if close else ""
        console.error(f"unknown rule {code!r}{hint} (`orgshape rules` lists them)")
        return 2
    rationale = r.rationale.replace("``", "`")
    if getattr(args, "format", "text") == "json":
        found = example_finding(r)
        data = {
            "code": r.code,
            "name": r.name,
            "group": r.group,
            "severity": r.severity.value,
            "rationale": rationale,
            "hint": r.hint,
            "example": found.to_dict() if found is not None else None,
        }
        console.out(json_text(data, indent=2))
        return 0
    lines = [
        f"{r.code} ({r.name})",
        "",
        f"Group: {r.group} · default severity: {r.severity}",
    ]
    for paragraph in rationale.split("\n\n") if rationale else ():
        lines += ["", textwrap.fill(paragraph, width=_WIDTH)]
    if r.hint:
        lines += ["", textwrap.fill(f"How to fix: {r.hint}.", width=_WIDTH)]
    lines += _example_lines(r)
    change = (
        f'A policy can change it: severity = {{{r.name} = "info"}}, ignore = ["{r.name}"], '
        "or an exemption by person."
    )
    lines += ["", textwrap.fill(change, width=_WIDTH)]
    console.out("\n".join(lines))
    return 0


def run(args: argparse.Namespace, console: Console) -> int:
    """Run ``orgshape rule CODE``; return the exit code."""
    return explain(args.code, args, console)
