"""The rule reference page, generated from the rules themselves so that it cannot drift."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs

from orgshape.rules._builtin import BUILTIN_RULES
from orgshape.rules._finding import Finding
from orgshape.rules._rule import Rule

__all__ = ["example_finding", "rule_reference"]

_GROUPS: Final = {
    "structure": (
        "Structure",
        "Data problems found while loading (see `Org.problems`). They are reported beside "
        "the design findings, with the problem's row and ids, so a report shows everything "
        "at once.",
    ),
    "ladder": ("Ladder", "Levels, titles and who may report to whom."),
    "spans": (
        "Spans",
        "Span of control: direct solid-line reports. Assistants and dotted lines never count.",
    ),
    "layers": ("Layers", "The depth of the org, from the top (layer 1) down."),
    "vacancies": ("Vacancies", "Open roles (positions with no name)."),
    "portfolio": ("Portfolio", "Who owns which products (the `products` column)."),
    "people": ("People", "Experience and promotion (the `years_experience` column)."),
    "team-mix": (
        "Team mix",
        "The roles around the PMs (the `function` column): engineers, designers, product ops.",
    ),
    "policy": ("Policy", "The policy itself."),
    "custom": ("Custom", "Rules added by the policy."),
}


def example_finding(r: Rule) -> Finding | None:
    """The first finding ``r`` makes on its own example org (None: it has no example).

    Shared by the rule reference and ``orgshape rule CODE``.
    """
    from orgshape.rules._engine import validate  # noqa: PLC0415  (import cycle)
    from orgshape.rules._policy import Policy  # noqa: PLC0415

    if r.example is None:
        return None
    made = r.example()
    org, policy = made if isinstance(made, tuple) else (made, Policy())
    policy = attrs.evolve(
        policy, select=(r.code,), rules=(*policy.rules, *([] if r.code in BUILTIN_RULES else [r]))
    )
    # the test suite checks that every example triggers its rule
    return next((f for f in validate(org, policy) if f.code == r.code), None)


def _example(r: Rule) -> str:
    f = example_finding(r)
    if f is None:
        return ""
    people = f" [{', '.join(f.ids)}]" if f.ids else ""
    return f"{f.severity} {f.code}{people}: {f.message}"


def rule_reference(rules: Iterable[Rule] | None = None) -> str:
    """The rule reference as Markdown, generated from the rules themselves.

    For every rule: its code, name, default severity, rationale, fix hint, and an
    example finding computed by running the rule on a small org that triggers it.

    Args:
        rules: the rules to document (default: every built-in rule), grouped by
            :attr:`Rule.group` in a fixed order.

    Returns:
        Markdown text, byte-identical from run to run.

    Examples:
        >>> text = rule_reference()
        >>> print(text.splitlines()[0])
        # Rule reference
        >>> "### `SPAN_ABOVE_RANGE` · `span-above-range`" in text
        True
    """
    chosen = list(BUILTIN_RULES.values()) if rules is None else list(rules)
    groups: dict[str, list[Rule]] = {}
    for r in chosen:
        groups.setdefault(r.group, []).append(r)
    order = [g for g in _GROUPS if g in groups] + sorted(g for g in groups if g not in _GROUPS)

    lines = [
        "# Rule reference",
        "",
        "Every rule has a stable **code** and a kebab-case **name**; a policy's `select`, "
        "`ignore`, `severity` and `exemptions` accept either, and `select`/`ignore` also "
        "accept a group name or `ALL`. Severities are the defaults; a policy can change them.",
        "",
        "| code | name | group | severity |",
        "|---|---|---|---|",
    ]
    for group in order:
        for r in groups[group]:
            lines.append(f"| `{r.code}` | `{r.name}` | {group} | {r.severity} |")
    for group in order:
        title, intro = _GROUPS.get(group, (group.replace("-", " ").capitalize(), ""))
        if lines[-1] != "":
            lines.append("")
        lines += [f"## {title}", ""]
        if intro:
            lines += [intro, ""]
        for r in groups[group]:
            lines += [f"### `{r.code}` · `{r.name}`", "", f"*{r.severity}* · group `{group}`", ""]
            if r.rationale:
                lines += [r.rationale, ""]
            if r.hint:
                lines += [f"**Fix:** {r.hint}.", ""]
            example = _example(r)
            if example:
                lines += ["**Example:**", "", "```text", example, "```", ""]
    while lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
