"""Which findings a proposal introduces and which it resolves.

A finding only the proposal has is introduced, except one that a promotion in the
proposal makes by itself: ``SMALL_PORTFOLIO`` about a person the proposal moves up the
ladder. A new Senior PM's portfolio is handed over after the promotion, so the finding
is a to-do of the promotion, not a fault of the design (it stays in the proposal's own
report).
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Final, TypeAlias

from orgshape._diff._match import Side
from orgshape.rules import Finding, Report

__all__ = ["split_findings"]

_FindingKey: TypeAlias = tuple[str, tuple[str, ...]]
#: Codes a promotion introduces by itself (see the module docs), for the promoted person.
PROMOTION_CODES: Final = frozenset({"SMALL_PORTFOLIO"})


def _finding_keys(report: Report, side: Side) -> list[_FindingKey]:
    """(code, the people's match keys) of each finding, in report order."""
    findings = report.findings
    codes = map(operator.attrgetter("code"), findings)
    people = map(operator.attrgetter("ids"), findings)
    if side.raw:
        return list(zip(codes, people, strict=True))
    by_id, keys = side.by_id, side.keys

    def key(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(keys[t] if (t := by_id.get(i)) is not None else "\x02" + i for i in ids)

    return list(zip(codes, map(key, people), strict=True))


def _unmatched(
    old_keys: Sequence[Hashable], new_keys: Sequence[Hashable]
) -> tuple[list[int], list[int]]:
    """Positions of the keys of each side that the other side lacks (multisets, in order).

    Among equal keys, the first ones of each side are the ones matched.
    """
    pool = Counter(old_keys)
    get = pool.get
    new_left: list[int] = []
    for j, k in enumerate(new_keys):
        n = get(k)
        if n:
            pool[k] = n - 1
        else:
            new_left.append(j)
    remaining = {k: n for k, n in pool.items() if n}
    old_left: list[int] = []
    if remaining:
        for i in range(len(old_keys) - 1, -1, -1):
            k = old_keys[i]
            n = remaining.get(k)
            if n:
                remaining[k] = n - 1
                old_left.append(i)
        old_left.reverse()
    return old_left, new_left


def split_findings(
    old_report: Report,
    new_report: Report,
    old: Side,
    new: Side,
    *,
    promoted: frozenset[str] = frozenset(),
) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """(introduced, resolved): match by (code, people), then by (code, main person).

    ``promoted``: the proposed ids of people the proposal moves up the ladder; a
    finding of :data:`PROMOTION_CODES` about one of them is not introduced.
    """
    olds, news = old_report.findings, new_report.findings
    old_keys, new_keys = _finding_keys(old_report, old), _finding_keys(new_report, new)
    old_left, new_left = _unmatched(old_keys, new_keys)
    if old_left and new_left:  # the same finding about the same main person persists

        def main(keys: list[_FindingKey], rows: list[int]) -> list[_FindingKey]:
            return [(keys[k][0], keys[k][1][:1]) for k in rows]

        old_again, new_again = _unmatched(main(old_keys, old_left), main(new_keys, new_left))
        old_left = [old_left[k] for k in old_again]
        new_left = [new_left[k] for k in new_again]
    introduced = [news[k] for k in new_left]
    if promoted:
        introduced = [
            f
            for f in introduced
            if not (f.code in PROMOTION_CODES and f.ids and f.ids[0] in promoted)
        ]
    return tuple(introduced), tuple(olds[k] for k in old_left)
