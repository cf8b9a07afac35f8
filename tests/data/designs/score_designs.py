"""Score orgshape's judgement against the expert-reviewed designs and the title corpus.

For every ``<design>.expected.yaml`` next to this file, load the design with
``orgshape.read(path, strict=False)``, validate it with the default policy and compare
the report with the expectations (the scoring rules are in ``README.md``): how many
expected problems are found at the right people, how many warnings are false flags,
how many infos are unexpected, and which ``must_not_warn`` items are broken. Then map
every title of ``../titles/product_titles.csv`` with the default ladder.

It prints a Markdown report; ``BASELINE.md`` was made from its output::

    python tests/data/designs/score_designs.py
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

import orgshape

HERE = Path(__file__).resolve().parent
TITLES = HERE.parent / "titles" / "product_titles.csv"
BLAMING = ("warning", "error")


class Scored:
    """One design's report against its expectations."""

    def __init__(
        self,
        expected: Mapping[str, Any],
        findings: Sequence[tuple[str, str, tuple[str, ...]]],
        functions: Mapping[str, str],
    ) -> None:
        self.name = str(expected["design"])
        self.healthy = bool(expected["healthy"])
        self.must_find: list[dict[str, Any]] = list(expected.get("must_find") or [])
        self.may_find: list[dict[str, Any]] = list(expected.get("may_find") or [])
        self.must_not_warn: list[dict[str, Any]] = list(expected.get("must_not_warn") or [])
        self.allowed: list[dict[str, Any]] = list(expected.get("allowed_infos") or [])
        self.findings = findings
        self.functions = functions

    @staticmethod
    def codes(item: Mapping[str, Any]) -> set[str]:
        return {str(item["code"]), *map(str, item.get("accept") or [])}

    @staticmethod
    def people(item: Mapping[str, Any]) -> set[str]:
        return {str(i) for i in [*(item.get("ids") or []), *(item.get("any_of") or [])]}

    def matches(self, item: Mapping[str, Any], code: str, ids: Iterable[str]) -> bool:
        if code not in self.codes(item) and item["code"] != "ANY":
            return False
        wanted = self.people(item)
        return not wanted or bool(wanted & set(ids))

    def found(self, item: Mapping[str, Any]) -> bool:
        named: set[str] = set()
        for code, _, who in self.findings:
            if code in self.codes(item):
                named.update(who)
        ids = {str(i) for i in item.get("ids") or []}
        any_of = {str(i) for i in item.get("any_of") or []}
        if not ids and not any_of:
            return any(code in self.codes(item) for code, _, _ in self.findings)
        return ids <= named and (not any_of or bool(any_of & named))

    def explained(self, code: str, ids: tuple[str, ...]) -> bool:
        return any(self.matches(item, code, ids) for item in [*self.must_find, *self.may_find])

    def false_flags(self) -> list[tuple[str, str, tuple[str, ...]]]:
        return [f for f in self.findings if f[1] in BLAMING and not self.explained(f[0], f[2])]

    def unexpected_infos(self) -> list[tuple[str, str, tuple[str, ...]]]:
        budget = Counter(
            {
                k: int(item.get("count", 1))
                for k, item in enumerate(self.allowed)
                if item["code"] == "ANY"
            }
        )
        out = []
        for code, severity, ids in self.findings:
            if severity != "info" or self.explained(code, ids):
                continue
            named = [
                k
                for k, item in enumerate(self.allowed)
                if item["code"] != "ANY" and self.matches(item, code, ids)
            ]
            if named:
                continue
            spare = [k for k in budget if budget[k] > 0]
            if spare:
                budget[spare[0]] -= 1
                continue
            out.append((code, severity, ids))
        return out

    def broken(self) -> list[tuple[dict[str, Any], int]]:
        flags = self.false_flags()
        out = []
        for item in self.must_not_warn:
            protected = {str(i) for i in item.get("ids") or []}
            wanted_functions = {str(f) for f in item.get("functions") or []}
            protected |= {i for i, f in self.functions.items() if f in wanted_functions}
            everyone = not item.get("ids") and not item.get("functions")
            hits = sum(
                1
                for code, _, ids in flags
                if (item["code"] == "ANY" or code == item["code"])
                and (everyone or bool(protected & set(ids)))
            )
            if hits:
                out.append((item, hits))
        return out


def score(path: Path) -> Scored:
    expected = yaml.safe_load(path.read_text(encoding="utf-8"))
    design = HERE / str(expected["design"])
    org = orgshape.read(design, strict=False)
    report = orgshape.validate(org)
    findings = [(f.code, f.severity.value, tuple(f.ids)) for f in report]
    with design.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    column = "function" if rows and "function" in rows[0] else "Department"
    functions = {row["id"]: row.get(column) or "" for row in rows}
    return Scored(expected, findings, functions)


def titles() -> tuple[Counter[str], Counter[str], list[tuple[str, str, str | None]]]:
    """Per expected level: rows and rows the default ladder maps right; the misses."""
    ladder = orgshape.Ladder.default()
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    misses = []
    with TITLES.open(encoding="utf-8", newline="") as source:
        for row in csv.DictReader(source):
            expected = row["expected_level"]
            got = ladder.level_of(row["title"])
            ok = got is None if expected in ("none", "ambiguous") else got == expected
            total[expected] += 1
            right[expected] += ok
            if not ok:
                misses.append((row["title"], expected, got))
    return total, right, misses


def _counts(counts: Counter[str]) -> str:
    return ", ".join(f"{code} {n}" for code, n in counts.most_common())


def main() -> None:
    out = sys.stdout.write
    scored = [score(p) for p in sorted(HERE.glob("*.expected.yaml"))]
    out(
        "| design | healthy? | expected found | false flags (warnings/errors) "
        "| unexpected infos | all findings |\n"
    )
    out("|---|---|---:|---:|---:|---:|\n")
    totals = Counter[str]()
    for s in scored:
        found = sum(s.found(item) for item in s.must_find)
        flags = len(s.false_flags())
        infos = len(s.unexpected_infos())
        totals.update(
            found=found,
            expected=len(s.must_find),
            flags=flags,
            infos=infos,
            findings=len(s.findings),
        )
        out(
            f"| `{s.name}` | {'yes' if s.healthy else 'no'} | {found} / {len(s.must_find)} | "
            f"{flags} | {infos} | {len(s.findings)} |\n"
        )
    out(
        f"| **all** | | **{totals['found']} / {totals['expected']}** | **{totals['flags']}** | "
        f"**{totals['infos']}** | {totals['findings']} |\n\n"
    )

    for s in scored:
        out(f"### `{s.name}`\n\n")
        for item in s.must_find:
            mark = "found" if s.found(item) else "MISSED"
            who = ", ".join(map(str, item.get("ids") or item.get("any_of") or []))
            out(f"- {mark}: {item['code']} ({who})\n")
        by_flag = Counter(code for code, _, _ in s.false_flags())
        if by_flag:
            out("- false flags by code: " + _counts(by_flag) + "\n")
        by_info = Counter(code for code, _, _ in s.unexpected_infos())
        if by_info:
            out("- unexpected infos by code: " + _counts(by_info) + "\n")
        for rule, hits in s.broken():
            who = rule.get("ids") or rule.get("functions") or "anyone"
            size = who if isinstance(who, str) else f"{len(who)} protected"
            out(f"- must_not_warn broken: {rule['code']} x{hits} ({size})\n")
        out("\n")

    total, right, misses = titles()
    out("### Titles\n\n| expected level | titles | mapped right today |\n|---|---:|---:|\n")
    for level in sorted(total, key=lambda k: -total[k]):
        out(f"| `{level}` | {total[level]} | {right[level]} |\n")
    out(f"| **all** | **{sum(total.values())}** | **{sum(right.values())}** |\n\n")
    wrong = [m for m in misses if m[2] is not None]
    out(
        f"Of the {len(misses)} misses, {len(misses) - len(wrong)} map to no level (unknown) and "
        f"{len(wrong)} to a wrong level.\n\n"
    )
    out("Misses (title → expected, today):\n\n")
    for title, expected, got in misses:
        out(f"- {title!r} → {expected}, today {got}\n")


if __name__ == "__main__":
    main()
