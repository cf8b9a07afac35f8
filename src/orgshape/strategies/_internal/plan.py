"""Which tree shapes a policy allows, as sets of sizes, computed once per strategy.

A set of sizes is an int used as a bitset (bit s set: size s is possible). For each
level L and layer d:

* ``S[L, d]``: sizes of a valid subtree whose top is on level L at layer d;
* ``P[L, d]``: the same, for subtrees that hold a filled PM-level seat (a product
  owner, needed when the policy has a product catalogue);
* ``A[L, d][k]``, ``B[L, d][k]``: sizes of k report subtrees together (B: one holds a PM).

Building then goes top-down and never fails: each choice is drawn among those the
tables say can still be completed, so no example is ever rejected.
"""

from __future__ import annotations

from typing import Final

import attrs
from hypothesis.errors import InvalidArgument

from orgshape._ladder import Ladder
from orgshape.rules import Policy

__all__ = ["LevelRule", "Plan", "Tables", "bits", "has", "no_org"]

_UNCAPPED_SPAN: Final = 8  # the most reports drawn for a level with no upper span bound


def bits(value: int, upto: int | None = None) -> list[int]:
    """The sizes in a bitset, smallest first (up to ``upto``)."""
    out: list[int] = []
    k = 0
    while value:
        if upto is not None and k > upto:
            break
        if value & 1:
            out.append(k)
        value >>= 1
        k += 1
    return out


def has(bitset: int, k: int) -> bool:
    """Whether size ``k`` is in the bitset."""
    return k >= 0 and bool(bitset >> k & 1)


def _sumset(a: int, b: int, mask: int) -> int:
    if not a or not b:
        return 0
    if a.bit_count() < b.bit_count():
        a, b = b, a
    out = 0
    for k in bits(b):
        out |= a << k
    return out & mask


@attrs.frozen
class LevelRule:
    """What the policy allows a position on one level."""

    name: str
    rank: int
    pm: bool  # counted as a product manager (owns products)
    min_products: int
    teams: tuple[int, int] | None  # allowed number of reports (besides none), if any
    children: tuple[str, ...]  # levels a report may be on
    assistant: bool  # may have an assistant
    vacancy: bool  # may be an open role (as a leaf)


@attrs.frozen
class Tables:
    size: int  # S
    pm: int  # P
    team: tuple[int, ...]  # A by number of reports
    team_pm: tuple[int, ...]  # B by number of reports
    kids: int  # sizes of one report's subtree
    kids_pm: int


class Plan:
    """Everything a policy says about the shape of a valid org, computed once."""

    def __init__(
        self,
        ladder: Ladder,
        policy: Policy,
        *,
        root: str | None,
        max_size: int,
        assistants: bool,
        products: bool,
    ) -> None:
        self.ladder = ladder
        self.policy = policy
        resolved = policy.resolve(ladder)
        self.root = root if root is not None else resolved.root_level
        self.max_size = max_size
        self.layers = resolved.max_layers
        self.gap = policy.max_level_gap
        self.ic = resolved.ic_levels
        self.pm = resolved.pm_levels
        self.catalogue = tuple(dict.fromkeys(policy.products))
        self.products = products or bool(self.catalogue)
        self.share = policy.max_vacancy_share
        self.promotion = resolved.promotion  # (PM, SENIOR_PM) by name
        self.rules: dict[str, LevelRule] = {}
        for lv in ladder:
            name = lv.name
            least = policy.min_products.get(name, 0) if self.products else 0
            if least and name not in self.pm:
                continue  # a non-PM level that must hold products cannot do so alone
            low, high = policy.spans.get(name, (0, None))
            teams: tuple[int, int] | None = None
            if name not in self.ic:
                first = max(2, low)  # a span of one is always a one-over-one
                last = high if high is not None else max(first, _UNCAPPED_SPAN)
                if first <= last:
                    teams = (first, last)
            self.rules[name] = LevelRule(
                name=name,
                rank=ladder.rank(name),
                pm=name in self.pm,
                min_products=least,
                teams=teams,
                children=(),
                assistant=assistants and name not in self.ic,
                vacancy=least == 0,
            )
        if self.root not in self.rules:
            raise InvalidArgument(
                f"the policy's root level {self.root} must hold products "
                f"(min_products) but is not a PM level; no valid org exists"
            )
        # one seat at the root level: neither this org's top level nor the policy's below
        tops = {self.root, resolved.root_level}
        for name, entry in list(self.rules.items()):
            below = tuple(
                other.name
                for other in self.rules.values()
                if 1 <= other.rank - entry.rank <= self.gap and other.name not in tops
            )
            self.rules[name] = attrs.evolve(entry, children=below)
        self.tables = self._tabulate()

    def _tabulate(self) -> dict[tuple[str, int], Tables]:
        mask = (1 << (self.max_size + 1)) - 1
        deepest = max(1, min(self.layers, self.max_size))
        tables: dict[tuple[str, int], Tables] = {}
        for depth in range(deepest, 0, -1):
            for name, entry in self.rules.items():
                kids = kids_pm = 0
                team: list[int] = [1]
                team_pm: list[int] = [0]
                reachable = 1  # team-part sizes: no reports
                reachable_pm = 0
                if entry.teams is not None and depth < deepest and entry.children:
                    for child in entry.children:
                        below = tables[child, depth + 1]
                        kids |= below.size
                        kids_pm |= below.pm
                    first, last = entry.teams
                    for k in range(1, last + 1):
                        team.append(_sumset(team[-1], kids, mask))
                        team_pm.append(
                            _sumset(team_pm[-1], kids, mask) | _sumset(team[-2], kids_pm, mask)
                        )
                        if k >= first:
                            reachable |= team[-1]
                            reachable_pm |= team_pm[-1]
                if entry.assistant and depth < deepest:
                    reachable |= reachable << 1
                    reachable_pm |= reachable_pm << 1
                size = (reachable << 1) & mask
                pm = size if entry.pm else (reachable_pm << 1) & mask
                tables[name, depth] = Tables(size, pm, tuple(team), tuple(team_pm), kids, kids_pm)
        return tables

    def sizes(self, min_size: int, max_size: int) -> list[int]:
        """The org sizes in the range that a valid org can have."""
        top = self.tables[self.root, 1]
        have = top.pm if self.catalogue else top.size
        return [s for s in range(min_size, max_size + 1) if has(have, s)]


def no_org(plan: Plan, min_size: int, max_size: int) -> str:
    """Why no org of this size range passes the policy, with the sizes that do."""
    top = plan.tables[plan.root, 1]
    possible = bits(top.pm if plan.catalogue else top.size)
    shown = ", ".join(map(str, possible[:12])) + (", ..." if len(possible) > 12 else "")
    return (
        f"no org of {min_size} to {max_size} positions passes the policy (root level "
        f"{plan.root}, spans, max_level_gap={plan.gap}, max_layers={plan.layers}"
        + (", a product catalogue" if plan.catalogue else "")
        + f"); possible sizes up to {plan.max_size}: {shown or 'none'}"
    )
