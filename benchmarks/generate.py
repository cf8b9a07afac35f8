"""Realistic product orgs for the benchmark, written as CSV.

An org has one CPO and the product ladder below it (VP → Head → Director → Senior PM →
PM). The default ladder and span policy cannot hold more than a few tens of thousands of
people (six levels, spans of at most 8–10), so bigger orgs get the layers big companies
add: Senior Directors, SVPs and EVPs, whose titles the default ladder maps to DIRECTOR
and VP. Spans then stay in realistic ranges from 100 to 1,000,000 people, and validation
reports those same-level reporting lines (``SAME_LEVEL_REPORT``) and the extra layers,
as it should.

What the generated data holds, like a real HR export:

- titles in the spellings people really use ("VP, Product", "Sr. PM", "Product
  Manager 2", "Head of Product - Payments"...), and no ``level`` column: the ladder
  derives levels from titles;
- string ids with leading zeros, assigned at random and written in id order, so that
  many people come before their managers in the file;
- spans drawn from per-level ranges inside the default policy; Senior PMs are often
  individual contributors;
- product designers, product operations managers (one in every VP's team) and
  executive assistants (``assistant=true``) beside the ladder;
- a sprinkle of vacancies (no name, an open ``req``; some own a product, some lead a
  team), dotted lines to Heads and Directors, products owned by PMs and Senior PMs,
  costs, years of experience (1% of PMs are promotion candidates);
- a few deliberate design problems (1 at 100 people, 5 at 1M): spans of 13–18, Heads
  with a single report (one-over-one), and one level inversion (a Senior PM reporting
  to a PM; from 300 people, where Senior PMs lead teams of three).

The output is deterministic: the same size and seed give a byte-identical file. Files
are cached in ``benchmarks/_data/`` under a name carrying the size, the seed and
:data:`VERSION`; bump ``VERSION`` whenever the generated data changes.

Run ``python benchmarks/generate.py 1000 10000`` to write files and print their shape.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

VERSION: Final = 2
DEFAULT_SEED: Final = 20240611
DATA_DIR: Final = Path(__file__).resolve().parent / "_data"
HEADER: Final = (
    "id",
    "name",
    "title",
    "manager_id",
    "function",
    "products",
    "years_experience",
    "cost",
    "location",
    "dotted_line",
    "assistant",
    "req",
    "email",
)


@dataclass(frozen=True)
class Kind:
    """One kind of seat: its title spellings and the shape of its team."""

    name: str
    titles: tuple[str, ...]  # the first spelling is the most common one
    function: str
    years: tuple[float, float]
    cost: tuple[int, int]
    # The span range of a healthy seat (within orgshape's default policy for its level).
    span: tuple[int, int] = (0, 0)
    ic_share: float = 0.0  # share of these seats with no reports at all
    # Who sits in the team besides the next layer's managers: (kind, share of the team).
    leaves: tuple[tuple[str, float], ...] = ()
    first: str | None = None  # a kind every team of this seat starts with


_AREA: Final = "{area}"
KINDS: Final = {
    k.name: k
    for k in (
        Kind(
            "cpo",
            ("Chief Product Officer", "CPO", "Chief Product Officer (CPO)"),
            "product",
            (15, 25),
            (420_000, 560_000),
            span=(3, 8),
        ),
        Kind(
            "evp",
            ("EVP Product", "Executive Vice President of Product", "EVP, Product"),
            "product",
            (14, 24),
            (400_000, 520_000),
            span=(3, 7),
        ),
        Kind(
            "svp",
            ("SVP Product", "Senior Vice President, Product", "SVP of Product"),
            "product",
            (13, 22),
            (380_000, 480_000),
            span=(3, 7),
        ),
        Kind(
            "vp",
            ("VP of Product", "VP, Product", "Vice President of Product", "VP Product"),
            "product",
            (12, 20),
            (340_000, 430_000),
            span=(3, 7),
            first="ops",
        ),
        Kind(
            "head",
            ("Head of Product", f"Head of Product, {_AREA}", f"Head of Product - {_AREA}"),
            "product",
            (10, 18),
            (290_000, 360_000),
            span=(3, 7),
            leaves=(("ops", 0.08),),
        ),
        Kind(
            "srdir",
            ("Senior Director of Product", "Sr. Director, Product", "Sr. Director of Product"),
            "product",
            (10, 17),
            (280_000, 340_000),
            span=(3, 7),
        ),
        Kind(
            "director",
            (
                "Director of Product",
                "Director, Product",
                "Director of Product Management",
                "Product Director",
                f"Director of Product, {_AREA}",
            ),
            "product",
            (8, 15),
            (250_000, 310_000),
            span=(3, 8),
            leaves=(("pm", 0.2), ("designer", 0.1)),
        ),
        Kind(
            "spm",
            (
                "Senior Product Manager",
                "Sr. PM",
                "Sr. Product Manager",
                "Senior PM",
                "Senior Product Manager II",
                f"Senior Product Manager, {_AREA}",
            ),
            "product",
            (5, 11),
            (190_000, 250_000),
            span=(2, 5),
            ic_share=0.3,
            leaves=(("pm", 0.85), ("designer", 0.15)),
        ),
        Kind(
            "pm",
            (
                "Product Manager",
                "PM",
                "Product Manager 2",
                "Product Manager II",
                f"PM, {_AREA}",
                f"Product Manager - {_AREA}",
            ),
            "product",
            (1, 3.9),
            (130_000, 190_000),
        ),
        Kind(
            "designer",
            ("Product Designer", "Senior Product Designer"),
            "design",
            (2, 10),
            (120_000, 200_000),
        ),
        Kind(
            "ops",
            ("Product Operations Manager", "Product Operations Lead"),
            "product_ops",
            (3, 10),
            (110_000, 170_000),
        ),
        Kind(
            "assistant",
            ("Executive Assistant",),
            "admin",
            (3, 15),
            (70_000, 110_000),
        ),
    )
}

# Manager layers from the top, smallest org first; each ends with Senior PMs. Every step
# down is at most two ladder levels (the default policy's largest level gap).
SHAPES: Final = (
    ("cpo", "head", "spm"),
    ("cpo", "head", "director", "spm"),
    ("cpo", "vp", "head", "director", "spm"),
    ("cpo", "vp", "head", "srdir", "director", "spm"),
    ("cpo", "svp", "vp", "head", "srdir", "director", "spm"),
    ("cpo", "evp", "svp", "vp", "head", "srdir", "director", "spm"),
)
_ASSISTED: Final = frozenset({"cpo", "evp", "svp", "vp"})  # seats of the top two layers
_WIDE_SPAN: Final = (13, 18)
_VACANCY_SHARE: Final = 0.02
_DOTTED_SHARE: Final = 0.01
_PROMOTION_SHARE: Final = 0.01  # PMs with 5-7 years: promotion candidates


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST: Final = _words(
    "Amara Lars Priya Mei José Siobhán Kwame Ingrid Zoë Rafael Fatima Tomasz Hannah Arjun "
    "Chloé Ethan Yuki Lucía Oliver Grace Julia Benjamin Rebecca Chidi Camille Erik Lukas "
    "Thandiwe Björn Noah Aisha Mateo Sofia Wei Olga Kenji Nadia Omar Elena Diego Ava Liam "
    "Freya Ravi Ines Jonas Leila Marco Anya Tariq Hiro Emma Samuel Carmen Dmitri Nia Felix"
)
_LAST: Final = _words(
    "Okafor Johansson Raman Tanaka Álvarez O'Neill Mensah Halvorsen Müller Costa Benali "
    "Kowalczyk Schmidt Mehta Dubois Brooks Nakamura Fernández Bennett Liu Novak Hughes Stein "
    "Okonkwo Laurent Sørensen Novotný Ndlovu Lindqvist Garcia Patel Kim Rossi Silva Cohen "
    "Nguyen Haddad Kowalski Ivanova Moreau Andersen Yilmaz Fischer Santos Ahmed Park Jansen"
)
_AREAS: Final = _words(
    "Payments Growth Platform Search Checkout Identity Data Mobile Ads Marketplace Billing "
    "Onboarding Messaging Analytics Commerce Maps Video Security Pricing Fulfilment"
)
_NOUNS: Final = _words(
    "API Dashboard Portal Insights Engine Hub Studio Console Wallet Catalogue Feed Alerts "
    "Reports Connect Assistant Ledger Gateway Exchange"
)
_LOCATIONS: Final = (
    "London",
    "Berlin",
    "New York",
    "Toronto",
    "Lisbon",
    "Remote",
    "Bangalore",
    "Singapore",
    "São Paulo",
    "Austin",
)


@dataclass(frozen=True)
class Plan:
    """The chosen shape of an org: manager layers, the factor applied to the mean spans,
    and the expected number of people in the teams of each manager layer."""

    shape: tuple[str, ...]
    factor: float
    teams: tuple[float, ...]

    @property
    def size(self) -> float:
        """The expected headcount: the CPO, the teams, and the assistants."""
        assistants = 1 + (self.teams[0] if self.shape[1] in _ASSISTED else 0)
        return 1 + sum(self.teams) + assistants


def _plan(shape: tuple[str, ...], factor: float) -> Plan:
    managers = 1.0
    teams = []
    for depth, name in enumerate(shape):
        kind = KINDS[name]
        led = managers * (1.0 - kind.ic_share)  # managers who have a team
        team = led * (sum(kind.span) / 2) * factor
        teams.append(team)
        if depth + 1 < len(shape):
            firsts = led if kind.first else 0.0
            managers = (team - firsts) * (1.0 - sum(share for _, share in kind.leaves))
    return Plan(shape, factor, tuple(teams))


def plan(size: int) -> Plan:
    """Choose the shape whose span factor is nearest to 1 for ``size`` people."""
    best: Plan | None = None
    for shape in SHAPES:
        low, high = 0.01, 100.0
        for _ in range(80):  # bisection on a monotone function
            mid = math.sqrt(low * high)
            if _plan(shape, mid).size < size:
                low = mid
            else:
                high = mid
        candidate = _plan(shape, low)
        if best is None or abs(math.log(candidate.factor)) < abs(math.log(best.factor)):
            best = candidate
    assert best is not None
    return best


def _apportion(
    total: int, weights: list[float], bounds: tuple[int, int], fixed: dict[int, int]
) -> list[int]:
    """Split ``total`` reports over managers.

    Fixed spans first; then every manager with a positive weight gets the lower bound,
    and the rest goes in proportion to the weights without passing the upper bound,
    unless every manager is full (then spans grow past the range together).
    """
    low, cap = bounds
    spans = [0] * len(weights)
    for i, span in fixed.items():
        spans[i] = span
    rest = max(0, total - sum(fixed.values()))
    active = [i for i, w in enumerate(weights) if w > 0 and i not in fixed]
    if not active:  # every manager drew "no reports": share evenly
        active = [i for i in range(len(weights)) if i not in fixed]
        weights = [1.0] * len(weights)
    if low * len(active) > rest:  # too few reports to go round: fewer managers get teams
        active = active[: max(1, rest // low)]
    base = min(low, rest // len(active))
    for i in active:
        spans[i] = base
    rest -= base * len(active)
    while rest > 0:
        room = [i for i in active if spans[i] < cap]
        if not room:
            cap += 1
            continue
        weight_sum = sum(weights[i] for i in room)
        shortfalls: list[tuple[float, int]] = []
        for i in room:
            share = rest * weights[i] / weight_sum
            add = min(int(share), cap - spans[i])
            spans[i] += add
            rest -= add
            shortfalls.append((share - add, i))
        if all(short < 1 for short, _ in shortfalls):
            # only fractions are left: one more each, largest fraction first (ties by
            # position, so the result is deterministic)
            fractions = sorted((-short, i) for short, i in shortfalls if spans[i] < cap)
            for _, i in fractions[:rest]:
                spans[i] += 1
            rest -= min(rest, len(fractions))
    return spans


class _Builder:
    """Builds the org top-down, one manager layer at a time, as parallel columns."""

    def __init__(self, size: int, seed: int) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.kind: list[str] = []
        self.parent: list[int] = []
        self.problems: Counter[str] = Counter()

    def add(self, kind: str, parent: int) -> int:
        self.kind.append(kind)
        self.parent.append(parent)
        return len(self.kind) - 1

    def build(self) -> Plan:
        chosen = plan(self.size)
        few = max(1, int(math.log10(self.size)) - 1)  # a few problems: 1 at 100 ... 5 at 1M
        managers = [self.add("cpo", -1)]
        assisted = list(managers)
        for depth, name in enumerate(chosen.shape):
            kind = KINDS[name]
            next_kind = chosen.shape[depth + 1] if depth + 1 < len(chosen.shape) else None
            last = next_kind is None
            fixed = self._problem_spans(name, next_kind, len(managers), few)
            if last:
                team_total = max(0, self.size - len(self.kind) - len(assisted))
            else:  # the planned teams of the healthy managers, plus the problem spans
                healthy = 1 - len(fixed) / len(managers)
                team_total = round(chosen.teams[depth] * healthy) + sum(fixed.values())
            weights = [
                0.0 if self.rng.random() < kind.ic_share else self.rng.uniform(*kind.span)
                for _ in managers
            ]
            spans = _apportion(team_total, weights, kind.span, fixed)
            next_managers: list[int] = []
            for manager, span in zip(managers, spans, strict=True):
                for k in range(span):
                    if span == 1 and next_kind is not None:  # a one-over-one: a manager
                        member = next_kind
                    elif k == 0 and kind.first is not None:
                        member = kind.first
                    else:
                        member = self._team_member(kind, next_kind)
                    i = self.add(member, manager)
                    if member == next_kind:
                        next_managers.append(i)
            if depth == 1 and name in _ASSISTED:
                assisted.extend(managers)
            managers = next_managers
        for boss in assisted:
            self.add("assistant", boss)
        self._invert_one_level()
        return chosen

    def _team_member(self, kind: Kind, next_kind: str | None) -> str:
        roll = self.rng.random()
        for leaf, share in kind.leaves:
            if roll < share:
                return leaf
            roll -= share
        return next_kind or "pm"

    def _problem_spans(
        self, name: str, next_kind: str | None, count: int, few: int
    ) -> dict[int, int]:
        """Fixed spans for the deliberate problems.

        Spans too wide for the managers of Senior PMs (Directors, or Heads in the
        smallest orgs); one-over-ones for Heads whose teams are managers.
        """
        if next_kind == "spm":
            picked = self.rng.sample(range(count), min(few, count))
            self.problems["span too wide (13-18 reports)"] += len(picked)
            return {i: self.rng.randint(*_WIDE_SPAN) for i in picked}
        if name == "head" and count > 1:
            picked = self.rng.sample(range(count), min(few, count - 1))
            self.problems["one-over-one (a Head with one manager)"] += len(picked)
            return dict.fromkeys(picked, 1)
        return {}

    def _invert_one_level(self) -> None:
        """Put an IC Senior PM and one more PM under a PM who reported to a Senior PM.

        The PM who moves comes from a team of three or more, so that no one-over-one
        appears by accident.
        """
        reports = Counter(self.parent)
        pms = [
            i for i, k in enumerate(self.kind) if k == "pm" and self.kind[self.parent[i]] == "spm"
        ]
        ic_spms = [i for i, k in enumerate(self.kind) if k == "spm" and not reports[i]]
        if not pms or not ic_spms:
            return
        boss = self.rng.choice(pms)
        others = [
            i for i in pms if self.parent[i] != self.parent[boss] and reports[self.parent[i]] >= 3
        ]
        if not others:
            return
        other = self.rng.choice(others)
        self.parent[self.rng.choice(ic_spms)] = boss
        self.parent[other] = boss
        self.problems["level inversion (a Senior PM under a PM)"] += 1


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return folded.lower().replace("'", "")


def _rows(builder: _Builder, seed: int) -> tuple[list[list[str]], Counter[str]]:
    """Fill in every column; rows come back in id order (not top-down)."""
    rng = random.Random(seed + 1)
    size = len(builder.kind)
    numbers = rng.sample(range(1, size + 1), size)
    width = max(7, len(str(size)))
    ids = [f"{n:0{width}d}" for n in numbers]
    dotted_targets = [i for i, k in enumerate(builder.kind) if k in ("head", "director")]
    stats: Counter[str] = Counter()
    product_serial = 0
    rows: list[list[str]] = [[] for _ in range(size)]
    for i, name in enumerate(builder.kind):
        kind = KINDS[name]
        area = rng.choice(_AREAS)
        title = rng.choice(kind.titles) if rng.random() < 0.5 else kind.titles[0]
        title = title.replace(_AREA, area)
        vacant = name in ("pm", "spm") and rng.random() < _VACANCY_SHARE
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        products = ""
        if name in ("pm", "spm"):
            owned = 1 if name == "pm" else rng.randint(2, 3)
            items = []
            for _ in range(owned):
                product_serial += 1
                items.append(f"{area} {rng.choice(_NOUNS)} {product_serial}")
            products = ";".join(items)
        years = rng.uniform(*kind.years)
        if name == "pm" and rng.random() < _PROMOTION_SHARE:
            years = rng.uniform(5, 7)
            stats["PM with 5+ years (promotion candidate)"] += 1
        dotted = ""
        if name in ("pm", "spm") and dotted_targets and rng.random() < _DOTTED_SHARE:
            target = rng.choice(dotted_targets)
            if target != builder.parent[i]:
                dotted = ids[target]
                stats["dotted line"] += 1
        if vacant:
            stats["vacancy"] += 1
        stats[f"{kind.function}:{name}"] += 1
        parent = builder.parent[i]
        rows[numbers[i] - 1] = [
            ids[i],
            "" if vacant else f"{first} {last}",
            title,
            "" if parent < 0 else ids[parent],
            kind.function,
            products,
            f"{years:.1f}",
            str(round(rng.randint(*kind.cost), -3)),
            rng.choice(_LOCATIONS),
            dotted,
            "true" if name == "assistant" else "",
            f"REQ-{numbers[i]}" if vacant else "",
            "" if vacant else f"{_ascii(first)}.{_ascii(last)}.{ids[i]}@example.com",
        ]
    return rows, stats


def org_path(size: int, seed: int = DEFAULT_SEED) -> Path:
    """Where the org of ``size`` people for ``seed`` is cached."""
    return DATA_DIR / f"org-{size}-seed{seed}-v{VERSION}.csv"


def ensure(size: int, seed: int = DEFAULT_SEED) -> Path:
    """Return the CSV of an org of ``size`` people, generating it if it is not cached."""
    path = org_path(size, seed)
    summary = path.with_suffix(".json")
    if path.exists() and summary.exists():
        return path
    builder = _Builder(size, seed)
    chosen = builder.build()
    rows, stats = _rows(builder, seed)
    spans = Counter(p for p in builder.parent if p >= 0)
    for i, kind in enumerate(builder.kind):
        if kind == "assistant":
            spans[builder.parent[i]] -= 1
    managed = [s for s in spans.values() if s > 0]
    layers = 0
    for i in range(size):  # the tree is shallow (at most ~10 layers): walk up from everyone
        chain, j = 0, i
        while j >= 0:
            j, chain = builder.parent[j], chain + 1
        layers = max(layers, chain)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    os.replace(tmp, path)
    description: dict[str, Any] = {
        "size": size,
        "seed": seed,
        "version": VERSION,
        "shape": list(chosen.shape),
        "span_factor": round(chosen.factor, 3),
        "layers": layers,
        "managers": len(managed),
        "mean_span": round(sum(managed) / len(managed), 2),
        "max_span": max(managed),
        "one_over_ones": sum(1 for s in managed if s == 1),
        "deliberate_problems": dict(builder.problems),
        "counts": dict(sorted(stats.items())),
        "bytes": path.stat().st_size,
    }
    summary.write_text(json.dumps(description, indent=2) + "\n", encoding="utf-8")
    return path


def describe(path: Path) -> dict[str, Any]:
    """The shape summary written next to a generated CSV."""
    result: dict[str, Any] = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    for size in args.sizes:
        path = ensure(size, args.seed)
        print(path, json.dumps(describe(path)))


if __name__ == "__main__":
    main()
