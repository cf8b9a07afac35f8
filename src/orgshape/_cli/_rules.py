"""``orgshape rules``: the rules as a table (code, name, group, default severity, summary)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from orgshape._cli._common import policy_for
from orgshape._cli._console import Console
from orgshape._display import Table, json_text
from orgshape.rules import BUILTIN_RULES

if TYPE_CHECKING:
    from orgshape.rules import Rule

__all__ = ["known_rules", "run", "summary"]


def known_rules(args: argparse.Namespace, console: Console) -> list[Rule]:
    """The built-in rules, then the custom rules of the policy in force here."""
    policy, _ = policy_for(args, console)
    rules = list(BUILTIN_RULES.values())
    rules += [r for r in policy.rules if r.code not in BUILTIN_RULES]
    return rules


def summary(rule: Rule) -> str:
    """A rule's one line: the first sentence of its rationale.

    Examples:
        >>> summary(BUILTIN_RULES["ONE_OVER_ONE"]).endswith(".")
        True
    """
    text = " ".join(rule.rationale.split()) or rule.name.replace("-", " ")
    text = text.replace("``", "`")
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def run(args: argparse.Namespace, console: Console) -> int:
    """Run ``orgshape rules``; return the exit code."""
    rules = known_rules(args, console)
    if args.group:
        groups = sorted({r.group for r in rules})
        if args.group not in groups:
            console.error(f"unknown group {args.group!r} (known: {', '.join(groups)})")
            return 2
        rules = [r for r in rules if r.group == args.group]
    if args.format == "json":
        data = [
            {
                "code": r.code,
                "name": r.name,
                "group": r.group,
                "severity": r.severity.value,
                "summary": summary(r),
            }
            for r in rules
        ]
        console.out(json_text(data, indent=2))
        return 0
    table = Table(
        ("code", "name", "group", "severity", "summary"),
        [[r.code, r.name, r.group, r.severity.value, summary(r)] for r in rules],
    )
    lines = [line[2:] for line in table.text_lines()]
    lines += ["", f"{len(rules)} rules; `orgshape rule CODE` explains one."]
    console.out("\n".join(lines))
    return 0
