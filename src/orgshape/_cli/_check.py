"""``orgshape check``: validate org files against the policy in force; the CI gate."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs

from orgshape._cli._common import policy_for, read_org
from orgshape._cli._console import Console
from orgshape._cli._formats import check_json, github_annotations, policy_toml, sarif_log
from orgshape._display import json_text, terminal_text, visible
from orgshape.exceptions import DataError, InputError, PolicyError
from orgshape.rules import BUILTIN_RULES, Policy, Report, Rule, Severity, validate
from orgshape.rules._report import count_findings

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["default_format", "run"]

_ORDER: Final = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def default_format() -> str:
    """``github`` inside GitHub Actions (``GITHUB_ACTIONS`` is set), else ``text``."""
    value = os.environ.get("GITHUB_ACTIONS", "").strip().lower()
    return "github" if value not in ("", "0", "false", "no") else "text"


def _flatten(groups: Sequence[Sequence[str]] | None) -> list[str]:
    return [code for group in groups or () for code in group]


def _with_selection(policy: Policy, args: argparse.Namespace) -> Policy:
    """The policy with ``--select`` (replacing its select) and ``--ignore`` (added)."""
    select = _flatten(args.select)
    ignore = _flatten(args.ignore)
    if not select and not ignore:
        return policy
    try:  # check the command line's codes on their own, so errors name the flag
        Policy(select=select or ("ALL",), ignore=ignore, rules=policy.rules)
    except PolicyError as err:
        raise PolicyError(f"{err} (from --select/--ignore)") from None
    return attrs.evolve(
        policy,
        select=tuple(select) if select else policy.select,
        ignore=(*policy.ignore, *(c for c in ignore if c not in policy.ignore)),
    )


def _summary(results: Sequence[tuple[str, Report]]) -> str:
    counts = dict.fromkeys(_ORDER, 0)
    for _, report in results:
        for severity, n in report.counts().items():
            counts[severity] += n
    where = visible(results[0][0]) if len(results) == 1 else f"{len(results)} files"
    return f"{count_findings(counts)} in {where}"


def _text(results: Sequence[tuple[str, Report]]) -> str:
    parts = [str(report) for _, report in results]
    if len(results) > 1:
        parts.append(f"Total: {_summary(results)}.")
    return terminal_text("\n\n".join(parts))


def _show_config(
    policy: Policy, source: str | None, args: argparse.Namespace, console: Console
) -> None:
    if source is not None:
        origin = source
    elif args.isolated:
        origin = "the defaults (--isolated)"
    else:
        origin = (
            f"the defaults (no orgshape.toml, and no pyproject.toml with [tool.orgshape], "
            f"in {Path.cwd()} or above)"
        )
    from_flags = bool(args.select or args.ignore)
    if args.format == "json":
        data = {"source": source, "command_line": from_flags, "policy": policy.to_dict()}
        console.out(json_text(data, indent=2))
        return
    header = [f"The policy in force, from {origin}"]
    if from_flags:
        header.append("with --select/--ignore from the command line")
    console.out(policy_toml(policy.to_dict(), header=header))


def _known_rules(policy: Policy) -> dict[str, Rule]:
    rules: dict[str, Rule] = dict(BUILTIN_RULES)
    rules.update((r.code, r) for r in policy.rules)
    return rules


def _write(
    text: str, target: str | None, console: Console, *, skip_empty: bool, commands: bool
) -> None:
    if target is None or target == "-":
        if text or not skip_empty:
            # workflow commands are meant to be commands; every other format is checked
            (console.out_raw if commands else console.out)(text)
        return
    ending = "\n" if text and not text.endswith("\n") else ""
    Path(target).write_text(text + ending, encoding="utf-8", newline="\n")


def _workbook(results: Sequence[tuple[str, Report]], target: str) -> None:
    """Every file's findings as one ``findings`` sheet (its ``source`` column says whose)."""
    from orgshape.io._workbook import write_workbook  # noqa: PLC0415  (zip and XML: only here)

    merged = Report([f for _, report in results for f in report])
    try:
        write_workbook(target, merged.sheets())
    except OSError as err:
        raise InputError(f"cannot write {target!r}: {err.strerror or err}") from None


def run(args: argparse.Namespace, console: Console) -> int:
    """Run ``orgshape check``; return the exit code."""
    policy, source = policy_for(args, console)
    policy = _with_selection(policy, args)
    if args.show_config:
        _show_config(policy, source, args, console)
        return 0
    if not args.paths:
        console.error("check needs at least one PATH (or --show-config); see orgshape check -h")
        return 2
    fmt = args.format or default_format()
    if fmt == "xlsx" and args.output_file in (None, "-"):
        console.error("--format xlsx writes a workbook: give it a file, -o findings.xlsx")
        return 2

    results: list[tuple[str, Report]] = []
    unreadable = 0
    for path in args.paths:
        try:
            org = read_org(path, args, console, ladder=policy.ladder)
        except (InputError, DataError) as err:  # nothing could be loaded: say so, go on
            console.fail(err)
            unreadable += 1
            continue
        with console.step(f"validating {len(org):,} positions of {path}") as step:
            report = validate(org, policy)
            step.done(f"validated {len(org):,} positions of {path}")
        results.append((path, report))

    if fmt == "xlsx":
        _workbook(results, args.output_file)
        text = ""
    elif fmt == "json":
        text = check_json(results, policy=source)
    elif fmt == "sarif":
        findings = [f for _, report in results for f in report]
        text = sarif_log(findings, _known_rules(policy))
    elif fmt == "github":
        text = github_annotations(f for _, report in results for f in report)
    else:
        text = _text(results)
    if fmt != "xlsx":
        _write(
            text,
            args.output_file,
            console,
            skip_empty=fmt == "github" or not results,
            commands=fmt == "github",
        )
    if results and (fmt != "text" or args.output_file not in (None, "-")):
        console.note(_summary(results))

    if unreadable:
        return 2
    if args.exit_zero:
        return 0
    threshold = Severity(args.fail_on)
    failing = any(f.severity >= threshold for _, report in results for f in report)
    return 1 if failing else 0
