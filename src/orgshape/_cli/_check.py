"""``orgshape check``: validate org files against the policy in force; the CI gate.

Glossary:
    prefix: ``path:row:`` before each finding of the text report, as compilers and
        ruff print it, so that editors and terminals can jump to the row; a JSON or
        YAML file has records, not lines, so its prefix is ``path: record N:``.
    statistics: ``--statistics``: one row per rule that fired, with how many findings
        and how many distinct people they name (a grouped finding names many), most
        frequent first, as ``ruff check --statistics`` prints them.
    watch: ``--watch``: check, then check again whenever an org file or a policy file
        in force changes. The files are polled (their size and modification time,
        twice a second): a handful of ``stat`` calls cost microseconds, and polling needs
        no compiled dependency and works the same on network drives and in containers,
        where file-system events are often missing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from orgshape._cli._common import Policies, read_org, shown_policy
from orgshape._cli._console import Console, Style
from orgshape._cli._formats import (
    check_json,
    github_annotations,
    is_line_addressable,
    policy_toml,
    sarif_log,
)
from orgshape._display import Table, json_text, more, terminal_text, visible
from orgshape.exceptions import DataError, InputError, PolicyError
from orgshape.rules import BUILTIN_RULES, Finding, Policy, Report, Rule, Severity, validate
from orgshape.rules._report import count_findings

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = ["Checked", "default_format", "run", "statistics"]

_ORDER: Final = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_HEADINGS: Final = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Info"}
#: People listed on a finding's first line before "… and N more".
_IDS_SHOWN: Final = 10
#: How often (seconds) ``--watch`` looks at the files.
POLL: Final = 0.5
_CLEAR_SCREEN: Final = "\x1b[2J\x1b[H"


@attrs.frozen
class Checked:
    """One org file checked: the path as given, its report and the policy file used."""

    path: str
    report: Report
    policy: str | None
    #: Whether the rows are lines of the file (CSV and TSV; see :func:`is_line_addressable`).
    lines: bool = False


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


# --------------------------------------------------------------------------- text


def _totals(results: Sequence[Checked]) -> dict[Severity, int]:
    counts = dict.fromkeys(_ORDER, 0)
    for checked in results:
        for severity, n in checked.report.counts().items():
            counts[severity] += n
    return counts


def _summary(results: Sequence[Checked]) -> str:
    where = visible(results[0].path) if len(results) == 1 else f"{len(results)} files"
    return f"{count_findings(_totals(results))} in {where}"


def _prefix(checked: Checked, f: Finding) -> str:
    shown = visible(checked.path)
    if f.row is None:
        return f"{shown}:"
    if checked.lines:
        return f"{shown}:{f.row}:"
    return f"{shown}: record {f.row}:"


def _ids(ids: Sequence[str]) -> str:
    shown = ", ".join(visible(i) for i in ids[:_IDS_SHOWN])
    if len(ids) > _IDS_SHOWN:
        shown += f" {more(len(ids) - _IDS_SHOWN)}"
    return shown


def _policy_line(checked: Checked, args: argparse.Namespace) -> str:
    return f"policy: {visible(shown_policy(checked.policy, isolated=args.isolated))}"


def _report_lines(checked: Checked, args: argparse.Namespace, style: Style) -> list[str]:
    """One file's report: findings by severity, each with its ``path:row:`` prefix."""
    report = checked.report
    lines: list[str] = []
    for severity in _ORDER:
        group = {Severity.ERROR: report.errors, Severity.WARNING: report.warnings}.get(
            severity, report.infos
        )
        if not group:
            continue
        if lines:
            lines.append("")
        lines.append(style.paint(f"{_HEADINGS[severity]} ({len(group)})", severity.value))
        for f in group:
            head = f"  {style.paint(_prefix(checked, f), 'path')} "
            head += style.paint(f"{visible(f.code)}", "code") + f" ({visible(f.name)})"
            if f.ids:
                head += f" · {_ids(f.ids)}"
            lines.append(head)
            lines.append(f"    {visible(f.message)}")
            if f.hint:
                lines.append(style.paint(f"    hint: {visible(f.hint)}", "dim"))
    if not report:
        ok = style.paint(f"No findings in {visible(checked.path)}.", "ok")
        return [ok, style.paint(_policy_line(checked, args), "dim")]
    lines += ["", style.paint(_policy_line(checked, args), "dim"), _summary([checked])]
    return lines


def _inert(lines: Iterable[str], style: Style) -> str:
    """The lines as one text; when colour is on, only the colour codes are controls."""
    text = "\n".join(lines)
    if not style.enabled:
        return terminal_text(text)
    # every piece is in its visible form already; the second check (no line may pose
    # as a workflow command) runs on the text without its colour codes
    plain = text
    for code in Style.CODES.values():
        plain = plain.replace(f"\x1b[{code}m", "")
    plain = plain.replace("\x1b[0m", "")
    return text if terminal_text(plain) == plain else terminal_text(plain)


def _text(results: Sequence[Checked], args: argparse.Namespace, style: Style) -> str:
    lines: list[str] = []
    for checked in results:
        if lines:
            lines.append("")
        lines.extend(_report_lines(checked, args, style))
    if len(results) > 1:
        lines.extend(["", f"Total: {_summary(results)}."])
    return _inert(lines, style)


# --------------------------------------------------------------------------- statistics


def statistics(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """Findings counted per rule (and severity), most frequent first.

    Each row: ``count``, ``code``, ``name``, ``severity`` and ``people`` (the distinct
    ids the rule's findings name; one grouped finding may name many).

    Examples:
        >>> f = Finding(code="ONE_OVER_ONE", name="one-over-one", severity="warning",
        ...             ids=("P1", "P2"), message="m")
        >>> statistics([f, attrs.evolve(f, ids=("P3", "P2"))])  # doctest: +NORMALIZE_WHITESPACE
        [{'count': 2, 'code': 'ONE_OVER_ONE', 'name': 'one-over-one', 'severity': 'warning',
          'people': 3}]
    """
    counts: dict[tuple[str, Severity], int] = {}
    names: dict[str, str] = {}
    people: dict[tuple[str, Severity], set[str]] = {}
    for f in findings:
        key = (f.code, f.severity)
        counts[key] = counts.get(key, 0) + 1
        names.setdefault(f.code, f.name)
        people.setdefault(key, set()).update(f.ids)
    order = sorted(counts, key=lambda k: (-counts[k], _ORDER.index(k[1]), k[0]))
    return [
        {
            "count": counts[key],
            "code": key[0],
            "name": names[key[0]],
            "severity": key[1].value,
            "people": len(people[key]),
        }
        for key in order
    ]


def _statistics_text(results: Sequence[Checked], args: argparse.Namespace) -> str:
    rows = statistics(f for checked in results for f in checked.report)
    lines: list[str] = []
    if rows:
        table = Table(
            ("count", "code", "name", "severity", "people"),
            [
                [f"{r['count']:,}", r["code"], r["name"], r["severity"], f"{r['people']:,}"]
                for r in rows
            ],
            numeric=("count", "people"),
        )
        lines.extend(line[2:] for line in table.text_lines())
        lines.append("")
    for checked in results:
        where = f" ({visible(checked.path)})" if len(results) > 1 else ""
        lines.append(_policy_line(checked, args) + where)
    lines.append(_summary(results))
    return terminal_text("\n".join(lines))


def _statistics_json(results: Sequence[Checked]) -> str:
    data = {
        "sources": [c.path for c in results],
        "policies": [c.policy for c in results],
        "counts": {s.value: n for s, n in _totals(results).items()},
        "rules": statistics(f for checked in results for f in checked.report),
    }
    return json_text(data, indent=2)


# --------------------------------------------------------------------------- config


def _show_config(
    policy: Policy, source: str | None, args: argparse.Namespace, console: Console
) -> None:
    start = args.paths[0] if args.paths and args.paths[0] != "-" else None
    if source is not None:
        origin = source
    elif args.isolated:
        origin = "the defaults (--isolated)"
    else:
        folder = Path(start).parent.resolve() if start else Path.cwd()
        origin = (
            f"the defaults (no orgshape.toml, and no pyproject.toml with [tool.orgshape], "
            f"in {folder} or above)"
        )
    from_flags = bool(args.select or args.ignore)
    if args.format == "json":
        data = {"source": source, "command_line": from_flags, "policy": policy.to_dict()}
        console.out(json_text(data, indent=2))
        return
    header = [f"The policy in force, from {origin}"]
    if start:
        header[0] += f", for {start}"
    if from_flags:
        header.append("with --select/--ignore from the command line")
    console.out(policy_toml(policy.to_dict(), header=header))


def _known_rules(policies: Iterable[Policy]) -> dict[str, Rule]:
    rules: dict[str, Rule] = dict(BUILTIN_RULES)
    for policy in policies:
        rules.update((r.code, r) for r in policy.rules)
    return rules


def _write(text: str, target: str | None, console: Console, *, skip_empty: bool, raw: bool) -> None:
    if target is None or target == "-":
        if text or not skip_empty:
            # workflow commands are meant to be commands, and a coloured report was made
            # inert piece by piece (_inert); every other format is checked here
            (console.out_styled if raw else console.out)(text)
        return
    ending = "\n" if text and not text.endswith("\n") else ""
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + ending, encoding="utf-8", newline="\n")


def _workbook(results: Sequence[Checked], target: str) -> None:
    """Every file's findings as one ``findings`` sheet (its ``source`` column says whose)."""
    from orgshape.io._workbook import write_workbook  # noqa: PLC0415  (zip and XML: only here)

    merged = Report([f for c in results for f in c.report])
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_workbook(target, merged.sheets())
    except OSError as err:
        raise InputError(f"cannot write {target!r}: {err.strerror or err}") from None


# --------------------------------------------------------------------------- stdin


def _sniff(data: bytes) -> str:
    """The format of org data on stdin: JSON, YAML, or CSV (a delimiter on line one)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"[", b"{"):
        return "json"
    first = head.split(b"\n", 1)[0]
    if b"," in first or b"\t" in first or b";" in first:
        return "csv"
    return "yaml"


class _Stdin:
    """The bytes of stdin, read once (``check -`` may name it only once)."""

    def __init__(self) -> None:
        self.data: bytes | None = None

    def read(self) -> bytes:
        if self.data is None:
            self.data = sys.stdin.buffer.read()
        return self.data


# --------------------------------------------------------------------------- run


def _check_all(
    args: argparse.Namespace, console: Console, policies: Policies, stdin: _Stdin
) -> tuple[list[Checked], int, list[Policy]]:
    """Read and validate every path; (results, files that could not be read, policies)."""
    results: list[Checked] = []
    used: list[Policy] = []
    unreadable = 0
    for k, path in enumerate(args.paths):
        named = args.stdin_filename if path == "-" and args.stdin_filename else path
        try:
            policy, source = policies.for_file(named)
            policy = _with_selection(policy, args)
            step = f" [{k + 1}/{len(args.paths)}]" if len(args.paths) > 1 else ""
            if path == "-":
                with console.step("reading stdin") as reading:  # a slow pipe shows a bar
                    data = stdin.read()
                    reading.done(f"read {len(data):,} bytes from stdin")
                fmt = None if args.stdin_filename else _sniff(data)
                org = read_org(named, args, console, ladder=policy.ladder, data=data, format=fmt)
                lines = fmt == "csv" or (fmt is None and is_line_addressable(named))
            else:
                org = read_org(path, args, console, ladder=policy.ladder, label=step)
                lines = is_line_addressable(path)
        except (InputError, DataError) as err:  # nothing could be loaded: say so, go on
            console.fail(err)
            unreadable += 1
            continue
        with console.step(f"validating {len(org):,} positions of {named}{step}") as shown:
            report = validate(org, policy)
            shown.done(f"validated {len(org):,} positions of {named}")
        results.append(Checked(named, report, source, lines))
        used.append(policy)
    return results, unreadable, used


def _once(args: argparse.Namespace, console: Console, policies: Policies, stdin: _Stdin) -> int:
    fmt = args.format or default_format()
    results, unreadable, used = _check_all(args, console, policies, stdin)
    raw = False
    if fmt == "xlsx":
        _workbook(results, args.output_file)
        text = ""
    elif args.statistics:
        text = _statistics_json(results) if fmt == "json" else _statistics_text(results, args)
    elif fmt == "json":
        text = check_json(
            [(c.path, c.report) for c in results], policies=[c.policy for c in results]
        )
    elif fmt == "sarif":
        findings = [f for c in results for f in c.report]
        text = sarif_log(findings, _known_rules(used), policies={c.path: c.policy for c in results})
    elif fmt == "github":
        isolated = args.isolated
        text = "\n".join(
            annotations
            for c in results
            if (
                annotations := github_annotations(
                    c.report, policy=shown_policy(c.policy, isolated=isolated)
                )
            )
        )
        raw = True
    else:
        to_file = args.output_file not in (None, "-")
        text = _text(results, args, Style(enabled=False) if to_file else console.style)
        raw = True
    skip = not results or fmt == "github"
    if fmt != "xlsx":
        _write(text, args.output_file, console, skip_empty=skip, raw=raw)
    if results and (fmt != "text" or args.output_file not in (None, "-")) and not args.statistics:
        console.note(_summary(results))

    if unreadable:
        return 2
    if args.exit_zero:
        return 0
    threshold = Severity(args.fail_on)
    failing = any(f.severity >= threshold for c in results for f in c.report)
    return 1 if failing else 0


def _stamps(paths: Iterable[str]) -> dict[str, tuple[int, int] | None]:
    out: dict[str, tuple[int, int] | None] = {}
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            out[path] = None
        else:
            out[path] = (st.st_mtime_ns, st.st_size)
    return out


def _watch(
    args: argparse.Namespace,
    console: Console,
    once: Callable[[Policies], int],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Check, then check again on every change of an org file or a policy file in force.

    Ctrl-C is how a watch ends, so it exits 0 whenever it comes.
    """
    try:
        while True:
            policies = Policies(args, console)
            once(policies)
            watched = [*args.paths, *policies.sources()]
            console.note(
                f"watching {len(watched)} file{'s' if len(watched) != 1 else ''} for changes "
                "(Ctrl-C stops)"
            )
            sys.stdout.flush()
            before = _stamps(watched)
            while _stamps(watched) == before:
                sleep(POLL)
            if console.style.enabled:
                console.out_styled(_CLEAR_SCREEN)
            console.note(f"change seen at {time.strftime('%H:%M:%S')}: checking again")
    except KeyboardInterrupt:
        return 0


def run(args: argparse.Namespace, console: Console) -> int:
    """Run ``orgshape check``; return the exit code."""
    if args.explain:
        from orgshape._cli import _rule  # noqa: PLC0415  (only for --explain)

        return _rule.explain(args.explain, args, console)
    fmt = args.format or default_format()
    if args.statistics and fmt in ("sarif", "github", "xlsx"):
        console.error(f"--statistics writes text or json, not --format {fmt}")
        return 2
    if fmt == "xlsx" and args.output_file in (None, "-") and not args.show_config:
        console.error("--format xlsx writes a workbook: give it a file, -o findings.xlsx")
        return 2
    if args.show_config:
        policies = Policies(args, console)
        first = args.paths[0] if args.paths else None
        if first == "-":
            first = args.stdin_filename
        policy, source = policies.for_file(first)
        _show_config(_with_selection(policy, args), source, args, console)
        return 0
    if not args.paths:
        console.error("check needs at least one PATH (or --show-config); see orgshape check -h")
        return 2
    if args.paths.count("-") > 1:
        console.error("stdin (-) can be read only once")
        return 2
    if args.stdin_filename and "-" not in args.paths:
        console.error("--stdin-filename names the data of PATH -; no PATH is -")
        return 2
    stdin = _Stdin()
    if args.watch:
        if "-" in args.paths:
            console.error("--watch watches files; stdin (-) cannot change")
            return 2
        return _watch(args, console, lambda policies: _once(args, console, policies, stdin))
    return _once(args, console, Policies(args, console), stdin)
