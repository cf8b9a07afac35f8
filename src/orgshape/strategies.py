"""Hypothesis strategies for org designs: valid orgs, orgs that break one rule, messy tables.

Glossary:
    valid org: one tree of positions that a policy finds nothing wrong with: every
        built-in rule is silent (see :func:`orgs` for the exact promise).
    span of control: a manager's direct solid-line reports; assistants never count.
    layer: the distance from the top; the root is on layer 1.
    IC level: an individual-contributor level (PM): no reports of its own.
    vacancy: a seat with no name (an open role).
    dotted line: a secondary, non-solid manager; not part of the tree.
    mutation: the one targeted change :func:`orgs_breaking` makes to a valid org so
        that exactly one rule fires.
    messy table: rows as an HR export gives them, with duplicate ids, loops, unknown
        managers, odd titles, blanks and ``NA`` strings (:func:`messy_tables`).

These strategies follow Hypothesis's own API style: keyword-only arguments,
``min_size``/``max_size``, arguments checked when the strategy is made
(:class:`hypothesis.errors.InvalidArgument`), and examples that shrink well. Orgs are
built by design, never by filtering: each new person is attached to someone already
drawn, at a level, span and layer the policy allows, so a failing example shrinks to
a small, readable org (a CPO and two VPs, say).

Install them with ``pip install 'orgshape[testing]'``; ``import orgshape`` never
imports this module (nor Hypothesis).

Examples:
    >>> from hypothesis import find
    >>> from orgshape.strategies import orgs
    >>> org = find(orgs(), lambda org: len(org) >= 3)
    >>> [(p.id, p.title, p.manager) for p in org]
    [('P1', 'CPO', None), ('P2', 'VP Product', 'P1'), ('P3', 'VP Product', 'P1')]
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final, Literal, TypeAlias, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from orgshape._ladder import DEFAULT_LADDER, Ladder
from orgshape._model import Org, Position, _record
from orgshape._problems import FATAL_CODES
from orgshape.exceptions import PolicyError
from orgshape.rules import BUILTIN_RULES, Policy
from orgshape.rules._rule import normalise_function

__all__ = ["messy_tables", "orgs", "orgs_breaking", "titles"]

# --------------------------------------------------------------------------- constants

_FIRST: Final = (
    "Ana", "Bo", "Cy", "Dana", "Eli", "Femi", "Gita", "Hugo", "Ines", "Jun", "Kwame",
    "Lena", "Mo", "Nia", "Omar", "Priya", "Quinn", "Ravi", "Sofia", "Tariq", "Uma",
    "Vera", "Wen", "Xavi", "Yara", "Zoe",
)  # fmt: skip
_LAST: Final = (
    "Lima", "Chen", "Diaz", "Ruiz", "Okafor", "Novak", "Sato", "Haddad", "Kowalski",
    "Mensah", "Berg", "Silva", "Nakamura", "Osei", "Park", "Rossi", "Singh", "Tanaka",
)  # fmt: skip
_PRODUCTS: Final = (
    "Search", "Checkout", "Payments", "Mobile App", "Onboarding", "Analytics", "Billing",
    "Messaging", "Partner API", "Pricing", "Catalogue", "Identity", "Notifications",
    "Reporting", "Marketplace", "Loyalty",
)  # fmt: skip
_QUALIFIERS: Final = (", Payments", " - Growth", " (EMEA)", ", Platform", " – Mobile")
_GRADES: Final = (" II", " 2", " III", " Level 3")
_UNKNOWN_TITLES: Final = (
    "Group Product Manager",
    "Product Ninja",
    "Growth Hacker",
    "Chief Vibes Officer",
)
#: The function of the non-product seats the strategies add (assistants, staff).
_STAFF_FUNCTION: Final = "operations"
_EA: Final = "Executive Assistant"
_ANALYST: Final = "Operations Analyst"
_NOBODY: Final = "P0"  # an id no generated org uses: an unknown manager
_UNCAPPED_SPAN: Final = 8  # the most reports drawn for a level with no upper span bound


# --------------------------------------------------------------------------- validation


def _check_size(min_size: object, max_size: object, *, least: int = 0) -> tuple[int, int]:
    for name, value in (("min_size", min_size), ("max_size", max_size)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidArgument(f"{name}={value!r} must be an integer")
        if value < least:
            raise InvalidArgument(f"{name}={value!r} must be at least {least}")
    assert isinstance(min_size, int)
    assert isinstance(max_size, int)
    if min_size > max_size:
        raise InvalidArgument(f"min_size={min_size!r} is larger than max_size={max_size!r}")
    return min_size, max_size


def _check_flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} must be True or False")
    return value


def _resolve(ladder: object, policy: object) -> tuple[Ladder, Policy]:
    """The ladder and policy to build with, checked against each other."""
    if policy is None:
        policy = Policy()
    elif not isinstance(policy, Policy):
        raise InvalidArgument(f"policy={policy!r} must be an orgshape.rules.Policy or None")
    if ladder is not None and not isinstance(ladder, Ladder):
        raise InvalidArgument(f"ladder={ladder!r} must be an orgshape.Ladder or None")
    if ladder is not None and policy.ladder is not None and ladder != policy.ladder:
        raise InvalidArgument(
            "ladder= and policy.ladder are different ladders; give one of them (the policy "
            "judges levels with its own ladder)"
        )
    chosen = ladder if ladder is not None else policy.ladder or DEFAULT_LADDER
    try:
        policy.resolve(chosen)
    except PolicyError as err:
        raise InvalidArgument(f"the policy does not fit the ladder: {err}") from None
    return chosen, policy


# --------------------------------------------------------------------------- titles


_T = TypeVar("_T")


def _choose(draw: st.DrawFn, options: Sequence[_T]) -> _T:
    """One of ``options``, shrinking to the first.

    Strategies for integers are cached, unlike ``sampled_from`` over a fresh list:
    that matters at one draw per choice.
    """
    if len(options) == 1:
        return options[0]
    return options[draw(st.integers(0, len(options) - 1))]


def _spellings(ladder: Ladder, level: str) -> list[str]:
    """The plain spellings of a level that map back to it, the simplest first."""
    entry = ladder[level]
    out = [entry.titles[0]] if entry.titles else []
    out += [*entry.titles[1:], entry.label]
    out += sorted(alias for alias, name in ladder.aliases.items() if name == level)
    return [t for t in dict.fromkeys(out) if ladder.level_of(t) == level]


def _variant(title: str, case: int, abbreviate: int, grade: int, qualifier: int) -> str:
    """A spelling of ``title`` as HR systems write it (all zero: unchanged)."""
    text = title
    if abbreviate:
        for long, short in (("Senior", "Sr."), ("Manager", "Mgr"), ("Director", "Dir.")):
            text = text.replace(long, short)
    if case == 1:
        text = text.upper()
    elif case == 2:
        text = text.lower()
    if grade:
        text += _GRADES[grade - 1]
    if qualifier:
        text += _QUALIFIERS[qualifier - 1]
    return text


def _draw_title(draw: st.DrawFn, ladder: Ladder, level: str, plain: Sequence[str]) -> str:
    title: str = _choose(draw, plain)
    if not draw(st.booleans()):
        return title
    spelled = _variant(
        title,
        draw(st.integers(0, 2)),
        draw(st.integers(0, 1)),
        draw(st.integers(0, len(_GRADES))),
        draw(st.integers(0, len(_QUALIFIERS))),
    )
    # a variant the ladder reads differently falls back to the plain spelling
    return spelled if ladder.level_of(spelled) == level else title


@st.composite
def _title_of(draw: st.DrawFn, ladder: Ladder, level: str, plain: Sequence[str]) -> str:
    return _draw_title(draw, ladder, level, plain)


def titles(level: str | None = None, *, ladder: Ladder | None = None) -> st.SearchStrategy[str]:
    """Job titles that the ladder maps to ``level`` (any level when None).

    The titles are the ladder's own spellings and the variants HR systems write:
    abbreviations (``Sr.``, ``Mgr``), upper or lower case, grades (``II``, ``Level 3``)
    and qualifiers (``, Payments``, ``- Growth``, ``(EMEA)``). Each one maps back to
    the level: ``ladder.level_of(title) == level`` always holds. Examples shrink to
    the level's first plain spelling.

    Args:
        level: a level name on the ladder; None draws a level too.
        ladder: the ladder (default: the product ladder).

    Raises:
        InvalidArgument: ``level`` is not on the ladder, or ``ladder`` is not a Ladder.

    Examples:
        >>> from hypothesis import find
        >>> find(titles("SENIOR_PM"), lambda t: True)
        'Senior PM'
        >>> find(titles("SENIOR_PM"), lambda t: t.startswith("Sr."))
        'Sr. PM'
    """
    if ladder is None:
        ladder = DEFAULT_LADDER
    elif not isinstance(ladder, Ladder):
        raise InvalidArgument(f"ladder={ladder!r} must be an orgshape.Ladder or None")
    if level is not None and level not in ladder:
        raise InvalidArgument(f"level={level!r} is not on the ladder (known: {ladder.names})")
    levels = [level] if level is not None else list(ladder.names)
    plain = {name: _spellings(ladder, name) for name in levels}
    usable = [name for name in levels if plain[name]]
    if not usable:
        raise InvalidArgument(f"no spelling of {level!r} maps back to it on this ladder")
    if len(usable) == 1:
        return _title_of(ladder, usable[0], plain[usable[0]])
    return st.sampled_from(usable).flatmap(lambda name: _title_of(ladder, name, plain[name]))


# --------------------------------------------------------------------------- the plan
#
# Which trees a policy allows, as sets of sizes. A set of sizes is an int used as a
# bitset (bit s set: size s is possible). For each level L and layer d:
#   S[L, d]  sizes of a valid subtree whose top is on level L at layer d;
#   P[L, d]  the same, for subtrees that hold a filled PM-level seat (a product owner,
#            needed when the policy has a product catalogue);
#   A[L, d][k], B[L, d][k]  sizes of k report subtrees together (B: one holds a PM).
# Building then goes top-down and never fails: each choice is drawn among those the
# tables say can still be completed, so no example is ever rejected.


def _bits(value: int, upto: int | None = None) -> list[int]:
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


def _has(bitset: int, k: int) -> bool:
    return k >= 0 and bool(bitset >> k & 1)


def _sumset(a: int, b: int, mask: int) -> int:
    if not a or not b:
        return 0
    if a.bit_count() < b.bit_count():
        a, b = b, a
    out = 0
    for k in _bits(b):
        out |= a << k
    return out & mask


@attrs.frozen
class _LevelRule:
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
class _Tables:
    size: int  # S
    pm: int  # P
    team: tuple[int, ...]  # A by number of reports
    team_pm: tuple[int, ...]  # B by number of reports
    kids: int  # sizes of one report's subtree
    kids_pm: int


class _Plan:
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
        product_levels = [lv.name for lv in ladder if lv.function == "product"]
        self.promotion = (
            (product_levels[-1], product_levels[-2]) if len(product_levels) >= 2 else None
        )
        self.rules: dict[str, _LevelRule] = {}
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
            self.rules[name] = _LevelRule(
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

    def _tabulate(self) -> dict[tuple[str, int], _Tables]:
        mask = (1 << (self.max_size + 1)) - 1
        deepest = max(1, min(self.layers, self.max_size))
        tables: dict[tuple[str, int], _Tables] = {}
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
                tables[name, depth] = _Tables(size, pm, tuple(team), tuple(team_pm), kids, kids_pm)
        return tables

    def sizes(self, min_size: int, max_size: int) -> list[int]:
        """The org sizes in the range that a valid org can have."""
        top = self.tables[self.root, 1]
        have = top.pm if self.catalogue else top.size
        return [s for s in range(min_size, max_size + 1) if _has(have, s)]


@attrs.frozen
class _Spec:
    """The choices one position is built from.

    Each number picks among what still fits (modulo the number of options), so that
    zero is always the simplest choice. An org of ``n`` positions is built from the
    size and then ``n`` specs, one per position in row order: each position's choices
    stay together, and when Hypothesis shrinks the size the first positions keep
    theirs, so a shrunk org keeps what made the example fail.
    """

    size: int = 0  # the size of its team, among the sizes that fit
    level: int = 0  # its level, among those a report may be on
    reports: int = 0  # how many reports it has, among the counts that fit
    assistant: bool = False  # it has an assistant (when one fits)
    open: bool = False  # the seat is open (when it may be)
    title: int = 0  # the spelling of its title
    variant: tuple[int, int, int, int] | None = None  # (case, abbreviation, grade, qualifier)
    dotted: int | None = None  # a dotted line to an earlier position
    years: int = 0
    products: int = 0  # products beyond the level's minimum


_SPECS: Final = st.builds(
    _Spec,
    size=st.integers(0, 63),
    level=st.integers(0, 15),
    reports=st.integers(0, 15),
    assistant=st.booleans(),
    open=st.booleans(),
    title=st.integers(0, 7),
    variant=st.none()
    | st.tuples(
        st.integers(0, 2),
        st.integers(0, 1),
        st.integers(0, len(_GRADES)),
        st.integers(0, len(_QUALIFIERS)),
    ),
    dotted=st.none() | st.integers(0, 63),
    years=st.integers(0, 16),
    products=st.integers(0, 1),
)
_ZERO: Final = _Spec()


def _pick(options: Sequence[_T], choice: int) -> _T:
    return options[choice % len(options)]


@attrs.define
class _Node:
    level: str | None  # None: a staff seat (an assistant)
    parent: int
    depth: int
    size: int = 1
    need_pm: bool = False  # its team must hold a filled PM-level seat (a product owner)
    assistant: bool = False
    vacant: bool = False


def _shape(plan: _Plan, size: int, specs: Sequence[_Spec], *, vacancies: bool) -> list[_Node]:
    """The tree of ``size`` positions the specs describe, top-down, always valid.

    Breadth-first: every manager comes before their reports, and each choice is made
    among those the plan's tables say can still be completed.
    """
    nodes = [_Node(level=plan.root, parent=-1, depth=1, size=size, need_pm=bool(plan.catalogue))]
    at = 0
    while at < len(nodes):
        if nodes[at].level is not None:
            _team_of(plan, nodes, at, specs, vacancies=vacancies)
        at += 1
    return nodes


def _open_seats(plan: _Plan, team: int) -> int:
    """The most open roles a team of ``team`` reports may have (the policy's share)."""
    allowed = math.floor(plan.share * team)
    while allowed > 0 and allowed / team > plan.share:  # float rounding
        allowed -= 1
    return allowed


def _team_of(
    plan: _Plan, nodes: list[_Node], at: int, specs: Sequence[_Spec], *, vacancies: bool
) -> None:
    """Add the reports (and assistant) of ``nodes[at]``, so that its size comes out."""

    def spec(i: int) -> _Spec:
        return specs[i] if i < len(specs) else _ZERO

    node = nodes[at]
    assert node.level is not None
    entry = plan.rules[node.level]
    tables = plan.tables[node.level, node.depth]
    need = node.need_pm and not entry.pm  # a product owner must be found below
    sums = tables.team_pm if need else tables.team
    first, last = entry.teams if entry.teams is not None else (1, 0)

    def counts(rest: int) -> list[int]:
        if rest == 0:
            return [] if need else [0]
        return [k for k in range(first, min(last, len(sums) - 1) + 1) if _has(sums[k], rest)]

    budget = node.size - 1
    extras = [a for a in (0, 1) if (a == 0 or entry.assistant) and counts(budget - a)]
    extra = 1 if spec(at).assistant and 1 in extras else extras[0]
    rest = budget - extra
    count = _pick(counts(rest), spec(at).reports)
    open_left = _open_seats(plan, count) if vacancies and count else 0
    pending = need
    for j in range(count):
        left = count - j - 1  # reports still to come after this one
        mine = spec(len(nodes))  # the report's own spec decides its size, level, seat
        choices: list[tuple[int, bool]] = []
        for s in _bits(tables.kids, rest):
            after = rest - s
            if pending and _has(tables.kids_pm, s) and _has(tables.team[left], after):
                choices.append((s, True))  # this report's team holds the product owner
            if _has((tables.team_pm if pending else tables.team)[left], after):
                choices.append((s, False))
        s, carries = _pick(choices, mine.size)
        pending = pending and not carries
        below = [plan.tables[child, node.depth + 1] for child in entry.children]
        levels = [
            child
            for child, t in zip(entry.children, below, strict=True)
            if _has(t.pm if carries else t.size, s)
        ]
        level = _pick(levels, mine.level)
        # an open role is a leaf (no team, no assistant) that need not own a product
        vacant = (
            mine.open and open_left > 0 and s == 1 and not carries and plan.rules[level].vacancy
        )
        open_left -= vacant
        nodes.append(
            _Node(
                level=level,
                parent=at,
                depth=node.depth + 1,
                size=s,
                need_pm=carries,
                vacant=vacant,
            )
        )
        rest -= s
    if extra:
        nodes.append(_Node(level=None, parent=at, depth=node.depth + 1, assistant=True))


# --------------------------------------------------------------------------- positions


def _staff_title(ladder: Ladder, title: str) -> str | None:
    """A non-product title, unless the ladder reads it as a level (then no title)."""
    return title if ladder.level_of(title) is None else None


class _Names:
    """Unique, readable names and product names, in a fixed order."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)
        self.people = 0
        self.products = 0

    def person(self) -> str:
        while True:
            k = self.people
            self.people += 1
            first = _FIRST[k % len(_FIRST)]
            last = _LAST[(k // len(_FIRST) + k) % len(_LAST)]
            cycle = k // (len(_FIRST) * len(_LAST))
            name = f"{first} {last}" + (f" {cycle + 1}" if cycle else "")
            if name not in self.taken:
                self.taken.add(name)
                return name

    def product(self) -> str:
        while True:
            k = self.products
            self.products += 1
            cycle = k // len(_PRODUCTS)
            name = _PRODUCTS[k % len(_PRODUCTS)] + (f" {cycle + 1}" if cycle else "")
            if name not in self.taken:
                self.taken.add(name)
                return name


@attrs.frozen
class _Features:
    vacancies: bool = True
    assistants: bool = True
    dotted_lines: bool = True
    products: bool = True
    experience: bool = True


def _years(plan: _Plan, level: str, choice: int) -> float | None:
    least = math.ceil(plan.policy.promotion_years)
    if plan.promotion is not None and level == plan.promotion[0]:  # below promotion
        return float(choice % least) if least else None
    return float(least + choice)


def _title(ladder: Ladder, level: str, plain: Sequence[str], spec: _Spec) -> str:
    title = _pick(plain, spec.title)
    if spec.variant is None:
        return title
    spelled = _variant(title, *spec.variant)
    # a variant the ladder reads differently falls back to the plain spelling
    return spelled if ladder.level_of(spelled) == level else title


def _positions(
    draw: st.DrawFn,
    plan: _Plan,
    nodes: list[_Node],
    specs: Sequence[_Spec],
    features: _Features,
    names: st.SearchStrategy[str] | None,
) -> list[Position]:
    ladder = plan.ladder
    plain = {name: _spellings(ladder, name) for name in plan.rules}
    fresh = _Names(plan.catalogue)
    ids = [f"P{i + 1}" for i in range(len(nodes))]
    specs = [*specs[: len(nodes)], *[_ZERO] * (len(nodes) - len(specs))]
    owned: list[list[str]] = [[] for _ in nodes]
    owners = [
        i
        for i, node in enumerate(nodes)
        if node.level is not None and not node.vacant and plan.rules[node.level].pm
    ]
    if plan.products:
        for i in owners:
            level = nodes[i].level
            assert level is not None
            count = max(plan.rules[level].min_products, 1 if features.products else 0)
            if features.products:
                count += specs[i].products
            owned[i] = [fresh.product() for _ in range(count)]
        for k, product in enumerate(plan.catalogue):
            owned[owners[k % len(owners)]].append(product)
    assistant_title = _staff_title(ladder, _EA)
    out: list[Position] = []
    for i, node in enumerate(nodes):
        spec = specs[i]
        manager = ids[node.parent] if node.parent >= 0 else None
        name = None
        if not node.vacant:
            name = draw(names) if names is not None else fresh.person()
        if node.assistant:
            out.append(
                Position(
                    id=ids[i],
                    name=name,
                    title=assistant_title,
                    manager=manager,
                    function=_STAFF_FUNCTION,
                    assistant=True,
                )
            )
            continue
        level = node.level
        assert level is not None
        dotted: tuple[str, ...] = ()
        if features.dotted_lines and spec.dotted is not None and i > 1:
            target = spec.dotted % i
            if target != node.parent:
                dotted = (ids[target],)
        years = None
        if features.experience and name is not None:
            years = _years(plan, level, spec.years)
        out.append(
            Position(
                id=ids[i],
                name=name,
                title=_title(ladder, level, plain[level], spec),
                level=level,
                manager=manager,
                products=tuple(owned[i]),
                years_experience=years,
                dotted_line=dotted,
                req=f"REQ-{i + 1}" if name is None else None,
            )
        )
    return out


# --------------------------------------------------------------------------- orgs()


def _build(
    draw: st.DrawFn,
    plans: Sequence[tuple[_Plan, Sequence[int]]],
    features: _Features,
    names: st.SearchStrategy[str] | None,
) -> tuple[_Plan, list[_Node], list[Position]]:
    plan, sizes = plans[0] if len(plans) == 1 else _choose(draw, plans)
    size = _choose(draw, sizes)
    # the specs right after the size: shrinking the size keeps the first specs as they are
    specs = draw(st.lists(_SPECS, min_size=size, max_size=size))
    nodes = _shape(plan, size, specs, vacancies=features.vacancies)
    return plan, nodes, _positions(draw, plan, nodes, specs, features, names)


@st.composite
def _orgs(
    draw: st.DrawFn,
    plans: Sequence[tuple[_Plan, Sequence[int]]],
    features: _Features,
    names: st.SearchStrategy[str] | None,
) -> Org:
    plan, _, positions = _build(draw, plans, features, names)
    return Org(positions, ladder=plan.ladder)


def orgs(
    *,
    min_size: int = 1,
    max_size: int = 50,
    ladder: Ladder | None = None,
    policy: Policy | None = None,
    vacancies: bool = True,
    assistants: bool = True,
    dotted_lines: bool = True,
    products: bool = True,
    experience: bool = True,
    names: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Org]:
    """Well-formed product orgs that pass ``policy``: no built-in rule finds anything.

    Each org is one tree with the root at the policy's root level (the CPO), every
    report one to ``max_level_gap`` levels below their manager, spans within the
    policy's range for each level (and never exactly one), no reports under IC levels,
    no more layers than allowed, open roles only as leaves and never more than
    ``max_vacancy_share`` of a team, products owned by exactly one filled PM-level
    seat (every catalogue product included, Senior PMs with their ``min_products``),
    and years of experience below ``promotion_years`` for PMs and above it for Senior
    PMs. So ``validate(org, policy)`` has no finding from any built-in rule, whatever
    the policy's severities and selection. Two things are outside that promise: the
    policy's own custom rules (what you are testing), and ``UNUSED_EXEMPTION`` infos
    for exemptions in the policy (a valid org needs none).

    Hypothesis caps the choices one example may make, which puts orgs of more than
    about 300 positions out of reach; property tests rarely need more than the default
    ``max_size`` of 50 (a rule wrong on a large org is almost always wrong on a small
    one, and the shrinker finds that one).

    Args:
        min_size: the fewest positions.
        max_size: the most positions.
        ladder: the ladder (default: the policy's, else the product ladder).
        policy: the policy the orgs pass (default: ``Policy()``).
        vacancies: leave some seats open (``name`` None, with a ``req``).
        assistants: give some managers an executive assistant (outside span counts).
        dotted_lines: give some positions a dotted-line manager.
        products: give PM-level seats products (catalogue products are always owned).
        experience: fill in ``years_experience``.
        names: a strategy for people's names (default: unique readable names such as
            ``"Ana Lima"``); ids are always ``"P1"``, ``"P2"``... in row order, every
            manager before their reports.

    Raises:
        InvalidArgument: a bad argument, or no org between ``min_size`` and
            ``max_size`` positions can pass the policy (the message says why).

    Examples:
        >>> from hypothesis import find
        >>> from orgshape.rules import validate
        >>> org = find(orgs(min_size=8), lambda org: True)
        >>> validate(org).findings
        ()
        >>> orgs(min_size=2, max_size=2, assistants=False)
        Traceback (most recent call last):
        ...
        hypothesis.errors.InvalidArgument: no org of 2 to 2 positions passes the policy ...
    """
    min_size, max_size = _check_size(min_size, max_size, least=1)
    features = _Features(
        vacancies=_check_flag("vacancies", vacancies),
        assistants=_check_flag("assistants", assistants),
        dotted_lines=_check_flag("dotted_lines", dotted_lines),
        products=_check_flag("products", products),
        experience=_check_flag("experience", experience),
    )
    if names is not None and not isinstance(names, st.SearchStrategy):
        raise InvalidArgument(f"names={names!r} must be a Hypothesis strategy or None")
    chosen, checked = _resolve(ladder, policy)
    plan = _Plan(
        chosen, checked, root=None, max_size=max_size, assistants=assistants, products=products
    )
    sizes = plan.sizes(min_size, max_size)
    if not sizes:
        raise InvalidArgument(_no_org(plan, min_size, max_size))
    return _orgs([(plan, sizes)], features, names)


def _no_org(plan: _Plan, min_size: int, max_size: int) -> str:
    top = plan.tables[plan.root, 1]
    possible = _bits(top.pm if plan.catalogue else top.size)
    shown = ", ".join(map(str, possible[:12])) + (", ..." if len(possible) > 12 else "")
    return (
        f"no org of {min_size} to {max_size} positions passes the policy (root level "
        f"{plan.root}, spans, max_level_gap={plan.gap}, max_layers={plan.layers}"
        + (", a product catalogue" if plan.catalogue else "")
        + f"); possible sizes up to {plan.max_size}: {shown or 'none'}"
    )


# --------------------------------------------------------------------------- breaking


@attrs.define
class _Base:
    """A valid org being mutated: its positions and what the mutation may use."""

    plan: _Plan
    positions: list[Position]
    depth: list[int]
    names: _Names
    counter: int = 0

    @property
    def root(self) -> Position:
        return self.positions[0]

    def new_id(self) -> str:
        exempt = {e.id for e in self.plan.policy.exemptions}
        while True:
            self.counter += 1
            key = f"X{self.counter}"
            if key not in exempt:
                return key

    def staff(
        self, manager: str | None, *, title: str = "Chief of Staff", **fields: Any
    ) -> Position:
        """A non-product seat (no level): rules about levels and products skip it."""
        fields.setdefault("assistant", True)
        fields.setdefault("function", _STAFF_FUNCTION)
        key = fields.pop("id") if "id" in fields else self.new_id()
        name = fields.pop("name") if "name" in fields else self.names.person()
        return Position(
            id=key,
            name=name,
            title=_staff_title(self.plan.ladder, title),
            manager=manager,
            **fields,
        )

    def seat(self, manager: str, level: str, **fields: Any) -> Position:
        """A filled product seat on ``level`` with the products the level needs."""
        entry = self.plan.rules.get(level)
        least = entry.min_products if entry is not None else 0
        products = tuple(fields.pop("products", ())) + tuple(
            self.names.product() for _ in range(least)
        )
        return Position(
            id=self.new_id(),
            name=self.names.person(),
            title=_spellings(self.plan.ladder, level)[0],
            level=level,
            manager=manager,
            products=products,
            **fields,
        )

    def org(self, extra: Sequence[Position] = ()) -> Org:
        return Org([*self.positions, *extra], ladder=self.plan.ladder, strict=False)

    def records(self, extra: Sequence[Position] = ()) -> list[dict[str, Any]]:
        return [*self.org().to_records(), *(_record(p) for p in extra)]


def _read(records: list[dict[str, Any]], plan: _Plan, **options: Any) -> Org:
    from orgshape.io import read  # noqa: PLC0415  (the loader finds these data problems)

    return read(records, ladder=plan.ladder, strict=False, **options)


@attrs.frozen
class _Mutation:
    """How to break one rule: the positions it adds and how deep it reaches."""

    extra: tuple[int, int]  # the fewest and most positions it adds
    depth: int  # the deepest layer it uses (0: none)
    build: Callable[[st.DrawFn, _Base], Org]
    roots: tuple[str, ...] | None = None  # other root levels for the valid org


class _CannotBreakError(Exception):
    """This rule cannot be broken on its own under this policy (message: why)."""


def _levels_where(plan: _Plan, test: Callable[[_LevelRule], bool]) -> list[_LevelRule]:
    return sorted(
        (e for e in plan.rules.values() if e.name != plan.root and test(e)),
        key=lambda e: (e.rank, e.name),
    )


def _team(base: _Base, manager: Position, count: int, *, open_roles: int = 0) -> list[Position]:
    """``count`` reports of ``manager``: product seats a valid step below, else staff."""
    plan = base.plan
    level = manager.level
    below: list[_LevelRule] = []
    if level is not None and level in plan.rules:
        rank = plan.rules[level].rank
        below = [
            e
            for e in plan.rules.values()
            if 1 <= e.rank - rank <= plan.gap and e.name != plan.root and e.vacancy
        ]
    out: list[Position] = []
    for k in range(count):
        vacant = k < open_roles
        if below:
            seat = base.seat(manager.id, below[-1].name)
            if vacant:
                seat = attrs.evolve(seat, name=None, products=(), req=f"REQ-{seat.id}")
            out.append(seat)
        else:
            out.append(
                base.staff(
                    manager.id,
                    title=_ANALYST,
                    assistant=False,
                    name=None if vacant else base.names.person(),
                    req=f"REQ-{manager.id}-{k}" if vacant else None,
                )
            )
    return out


_Build: TypeAlias = Callable[[st.DrawFn, _Base], Org]
_Factory: TypeAlias = Callable[[_Plan, str], _Mutation]
_BREAKS: dict[str, _Factory] = {}


def _breaks(*codes: str) -> Callable[[_Factory], _Factory]:
    """Register how to break these rules: ``factory(plan, code)`` gives the mutation."""

    def register(factory: _Factory) -> _Factory:
        for code in codes:
            _BREAKS[code] = factory
        return factory

    return register


def _fixed(size: int, depth: int, build: _Build) -> _Mutation:
    return _Mutation(extra=(size, size), depth=depth, build=build)


# -- data problems: extra staff seats, outside every span and level step


@_breaks("MISSING_ID")
def _missing_id(plan: _Plan, code: str) -> _Mutation:
    return _fixed(1, 2, lambda draw, b: b.org([b.staff(b.root.id, id="", title=_EA)]))


@_breaks("DUPLICATE_ID")
def _duplicate_id(plan: _Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        others = [p.id for p in b.positions[1:]] or [b.root.id]
        return b.org([b.staff(b.root.id, id=_choose(draw, others), title=_EA)])

    return _fixed(1, 2, build)


@_breaks("SELF_MANAGER")
def _self_manager(plan: _Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        key = b.new_id()
        return b.org([b.staff(key, id=key, title=_EA)])

    return _fixed(1, 1, build)


@_breaks("UNKNOWN_MANAGER")
def _unknown_manager(plan: _Plan, code: str) -> _Mutation:
    return _fixed(1, 1, lambda draw, b: b.org([b.staff(_NOBODY, title=_EA)]))


@_breaks("MULTIPLE_MANAGERS")
def _multiple_managers(plan: _Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        first = b.staff(b.root.id, title=_EA)
        second = b.staff(b.root.id, title=_EA)
        graph = b.org([first, second]).to_networkx()
        graph.add_edge(first.id, second.id)  # a second solid line into the second
        return Org.from_networkx(graph, ladder=plan.ladder, strict=False)

    return _fixed(2, 2, build)


@_breaks("CYCLE")
def _cycle(plan: _Plan, code: str) -> _Mutation:
    longest = min(4, plan.layers)  # a loop, once cut, is a chain of that many layers
    if longest < 2:
        raise _CannotBreakError("max_layers=1 leaves no room for a loop")

    def build(draw: st.DrawFn, b: _Base) -> Org:
        length = draw(st.integers(2, longest))
        keys = [b.new_id() for _ in range(length)]
        loop = [b.staff(keys[(k + 1) % length], id=key, title=_EA) for k, key in enumerate(keys)]
        return b.org(loop)

    return _Mutation(extra=(2, longest), depth=0, build=build)


@_breaks("MULTIPLE_ROOTS")
def _multiple_roots(plan: _Plan, code: str) -> _Mutation:
    return _fixed(1, 1, lambda draw, b: b.org([b.staff(None, assistant=False)]))


@_breaks("NO_ROOT")
def _no_root(plan: _Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        b.positions[0] = attrs.evolve(b.root, manager=_NOBODY)  # the CEO is not in the file
        return b.org()

    return _fixed(0, 0, build)


@_breaks("UNREACHABLE")
def _unreachable(plan: _Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        top = b.staff(_NOBODY)
        return b.org([top, b.staff(top.id, title=_EA)])

    return _fixed(2, 2, build)


@_breaks("AMBIGUOUS_MANAGER_REF")
def _ambiguous_manager(plan: _Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        twin = b.names.person()
        extra = [
            b.staff(b.root.id, name=twin, title=_EA),
            b.staff(b.root.id, name=twin, title=_EA),
            b.staff(twin, title=_EA),
        ]
        name_of = {p.id: p.name for p in [*b.positions, *extra]}
        records = b.records(extra)
        for record in records:  # managers by name, as draw.io and some exports give them
            record["dotted_line"] = ()
            record["manager"] = name_of.get(record["manager"], record["manager"])
        return _read(records, plan, manager_key="name")

    return _fixed(3, 2, build)


@_breaks("UNKNOWN_LEVEL")
def _unknown_level(plan: _Plan, code: str) -> _Mutation:
    level = next(
        f"LEVEL_{k}" for k in range(len(plan.ladder) + 1) if f"LEVEL_{k}" not in plan.ladder
    )
    return _fixed(1, 2, lambda draw, b: b.org([b.staff(b.root.id, level=level)]))


@_breaks("BAD_VALUE", "UNKNOWN_DOTTED_LINE")
def _bad_cell(plan: _Plan, code: str) -> _Mutation:
    key, value = ("cost", "n/a") if code == "BAD_VALUE" else ("dotted_line", _NOBODY)

    def build(draw: st.DrawFn, b: _Base) -> Org:
        records = b.records([b.staff(b.root.id, title=_EA)])
        records[-1][key] = value
        return _read(records, plan)

    return _fixed(1, 2, build)


# -- the ladder


@_breaks("UNKNOWN_TITLE")
def _unknown_title(plan: _Plan, code: str) -> _Mutation:
    unknown = [t for t in _UNKNOWN_TITLES if plan.ladder.level_of(t) is None]
    if not unknown:
        raise _CannotBreakError("every made-up title maps to a level on this ladder")

    def build(draw: st.DrawFn, b: _Base) -> Org:
        title = _choose(draw, unknown)
        return b.org([b.staff(b.root.id, title=title, function=None)])  # a product seat

    return _fixed(1, 2, build)


@_breaks("WRONG_ROOT_LEVEL")
def _wrong_root(plan: _Plan, code: str) -> _Mutation:
    roots = tuple(name for name in plan.rules if name != plan.root)
    if not roots:
        raise _CannotBreakError("the ladder has no level but the root level")
    return _Mutation(extra=(0, 0), depth=0, build=lambda draw, b: b.org(), roots=roots)


@_breaks("MULTIPLE_ROOT_LEVEL")
def _second_root_level(plan: _Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        cos = b.staff(b.root.id)  # a seat of no level: the step below it is not judged
        return b.org([cos, b.seat(cos.id, plan.root, assistant=True)])

    return _fixed(2, 3, build)


def _step_breaks(code: str, step: int, gap: int) -> bool:
    if code == "LEVEL_INVERSION":
        return step < 0
    if code == "SAME_LEVEL_REPORT":
        return step == 0
    return step > gap


@_breaks("LEVEL_INVERSION", "SAME_LEVEL_REPORT", "LEVEL_SKIP")
def _level_step(plan: _Plan, code: str) -> _Mutation:
    levels = _levels_where(plan, lambda e: True)
    pairs = sorted(
        (
            (upper.name, lower.name)
            for upper in levels
            for lower in levels
            if _step_breaks(code, lower.rank - upper.rank, plan.gap)
        ),
        key=lambda pair: abs(plan.rules[pair[1]].rank - plan.rules[pair[0]].rank),
    )
    if not pairs:
        raise _CannotBreakError(f"the ladder has no two levels (besides the root) for {code}")

    def build(draw: st.DrawFn, b: _Base) -> Org:
        upper, lower = _choose(draw, pairs)
        cos = b.staff(b.root.id)
        manager = b.seat(cos.id, upper, assistant=True)
        return b.org([cos, manager, b.seat(manager.id, lower, assistant=True)])

    return _fixed(3, 4, build)


# -- spans


@_breaks("ONE_OVER_ONE")
def _one_over_one(plan: _Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        cos = b.staff(b.root.id)
        return b.org([cos, *_team(b, cos, 1)])

    return _fixed(2, 3, build)


@_breaks("IC_WITH_REPORTS", "SPAN_ABOVE_RANGE", "SPAN_BELOW_RANGE")
def _wrong_span(plan: _Plan, code: str) -> _Mutation:
    options: list[tuple[str, int]] = []  # (level, number of reports)
    for entry in _levels_where(plan, lambda e: True):
        low, high = plan.policy.spans.get(entry.name, (0, None))
        ic = entry.name in plan.ic
        if code == "IC_WITH_REPORTS" and ic and (high is None or max(2, low) <= high):
            options.append((entry.name, max(2, low)))
        elif code == "SPAN_ABOVE_RANGE" and not ic and high is not None and high >= 1:
            options.append((entry.name, high + 1))
        elif code == "SPAN_BELOW_RANGE" and not ic and low >= 3:
            options.append((entry.name, 2))
    if not options:
        raise _CannotBreakError(
            {
                "IC_WITH_REPORTS": "no IC level may have two or more reports within its span",
                "SPAN_ABOVE_RANGE": "no manager level has an upper span bound",
                "SPAN_BELOW_RANGE": "no manager level has a minimum span of 3 or more",
            }[code]
        )
    options.sort(key=lambda option: (option[1], plan.rules[option[0]].rank))

    def build(draw: st.DrawFn, b: _Base) -> Org:
        level, count = _choose(draw, options)
        cos = b.staff(b.root.id)
        manager = b.seat(cos.id, level, assistant=True)
        return b.org([cos, manager, *_team(b, manager, count)])

    sizes = [2 + count for _, count in options]
    return _Mutation(extra=(min(sizes), max(sizes)), depth=4, build=build)


# -- layers and vacancies


@_breaks("TOO_MANY_LAYERS")
def _too_many_layers(plan: _Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        deepest = max(range(len(b.positions)), key=b.depth.__getitem__)
        manager = b.positions[deepest].id
        chain: list[Position] = []
        for _ in range(plan.layers + 1 - b.depth[deepest]):
            chain.append(b.staff(manager, title=_EA))
            manager = chain[-1].id
        return b.org(chain)

    return _Mutation(extra=(1, plan.layers), depth=0, build=build)


@_breaks("VACANT_MANAGER", "HIGH_VACANCY_SHARE")
def _vacancy(plan: _Plan, code: str) -> _Mutation:
    if code == "HIGH_VACANCY_SHARE" and plan.share >= 1:
        raise _CannotBreakError("max_vacancy_share=1 allows teams of open roles only")

    def build(draw: st.DrawFn, b: _Base) -> Org:
        if code == "VACANT_MANAGER":  # an open seat with two people
            cos = b.staff(b.root.id, name=None)
            return b.org([cos, *_team(b, cos, 2)])
        cos = b.staff(b.root.id)  # a filled seat with two open roles
        return b.org([cos, *_team(b, cos, 2, open_roles=2)])

    return _fixed(3, 3, build)


# -- the portfolio


@_breaks("UNOWNED_PRODUCT")
def _unowned(plan: _Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        return b.org([b.staff(b.root.id, products=(b.names.product(),))])

    return _fixed(1, 2, build)


@_breaks("SHARED_PRODUCT")
def _shared(plan: _Plan, code: str) -> _Mutation:
    owners = [e.name for e in _levels_where(plan, lambda e: e.pm)]
    if not owners:
        raise _CannotBreakError("the policy has no PM levels")

    def build(draw: st.DrawFn, b: _Base) -> Org:
        level = _choose(draw, owners)
        cos = b.staff(b.root.id)
        product = (b.names.product(),)
        return b.org(
            [cos, b.seat(cos.id, level, products=product), b.seat(cos.id, level, products=product)]
        )

    return _fixed(3, 3, build)


@_breaks("SMALL_PORTFOLIO")
def _small_portfolio(plan: _Plan, code: str) -> _Mutation:
    small = [e.name for e in _levels_where(plan, lambda e: e.pm and e.min_products > 0)]
    if not small:
        raise _CannotBreakError("the policy asks no PM level for a portfolio (min_products)")

    def build(draw: st.DrawFn, b: _Base) -> Org:
        level = _choose(draw, small)
        cos = b.staff(b.root.id)
        seat = b.seat(cos.id, level, assistant=True)
        seat = attrs.evolve(seat, products=seat.products[1:])
        # someone owns a full portfolio, or the org might have no product data to judge
        return b.org([cos, seat, b.seat(cos.id, level, assistant=True)])

    return _fixed(3, 3, build)


# -- people


@_breaks("PROMOTION_CANDIDATE", "BELOW_PROMOTION_YEARS")
def _experience(plan: _Plan, code: str) -> _Mutation:
    if plan.promotion is None:
        raise _CannotBreakError("the ladder has fewer than two product levels")
    bottom, above = plan.promotion
    level = bottom if code == "PROMOTION_CANDIDATE" else above
    least = math.ceil(plan.policy.promotion_years)
    if level not in plan.rules or level == plan.root:
        raise _CannotBreakError(f"no {level} seat can be made under this policy")
    if code == "BELOW_PROMOTION_YEARS" and least <= 0:
        raise _CannotBreakError("promotion_years=0: nobody has fewer years")
    years = (least, least + 10) if code == "PROMOTION_CANDIDATE" else (0, least - 1)

    def build(draw: st.DrawFn, b: _Base) -> Org:
        cos = b.staff(b.root.id)
        drawn = float(draw(st.integers(*years)))
        return b.org([cos, b.seat(cos.id, level, assistant=True, years_experience=drawn)])

    return _fixed(2, 3, build)


# -- team mix


@_breaks("PM_ENGINEER_RATIO")
def _ratio(plan: _Plan, code: str) -> _Mutation:
    policy = plan.policy
    units = [e.name for e in _levels_where(plan, lambda e: e.name in policy.mix_levels)]
    units = [name for name in units if not plan.rules[name].pm]  # the head is not a PM
    pms = [e.name for e in _levels_where(plan, lambda e: e.pm)]
    if not units or not pms:
        raise _CannotBreakError("the policy's mix_levels or PM levels are not on the ladder")
    low, high = policy.engineers_per_pm
    least = policy.min_engineers
    few = (math.floor(least / low) + 1, least)  # (PMs, engineers): fewer per PM than low
    many = (1, max(least, math.floor(high) + 1))  # more per PM than high
    count_pm, count_eng = min(few, many, key=sum)

    def build(draw: st.DrawFn, b: _Base) -> Org:
        unit = _choose(draw, units)
        level = _choose(draw, pms)
        cos = b.staff(b.root.id)
        head = b.seat(cos.id, unit, assistant=True)
        hub = b.staff(head.id, title=_ANALYST)  # no level: the steps below are not judged
        team = [b.seat(hub.id, level, assistant=True) for _ in range(count_pm)]
        team += [
            b.staff(hub.id, title="Software Engineer", function="engineering")
            for _ in range(count_eng)
        ]
        return b.org([cos, head, hub, *team])

    return _fixed(3 + count_pm + count_eng, 5, build)


@_breaks("PARTNER_COVERAGE")
def _coverage(plan: _Plan, code: str) -> _Mutation:
    entries: list[tuple[str, str]] = []  # (function, level)
    for function, entry in sorted(plan.policy.coverage.items()):
        key = normalise_function(function)
        if entry is None or key is None or key in ("product", "product_management"):
            continue
        if entry[0] in plan.rules and entry[0] != plan.root:
            entries.append((key, entry[0]))
    pms = [e.name for e in _levels_where(plan, lambda e: e.pm)]
    if not entries or not pms:
        raise _CannotBreakError("no partner coverage the policy asks for can be generated")

    def build(draw: st.DrawFn, b: _Base) -> Org:
        function, level = _choose(draw, entries)
        cos = b.staff(b.root.id)
        head = b.seat(cos.id, level, assistant=True)
        hub = b.staff(head.id, title=_ANALYST)
        pm = b.seat(hub.id, pms[-1], assistant=True)
        title = "Product Designer" if function == "design" else function.replace("_", " ").title()
        partner = b.staff(cos.id, title=title, function=function)  # outside head's team
        return b.org([cos, head, hub, pm, partner])

    return _fixed(5, 5, build)


# -- the policy


@_breaks("UNUSED_EXEMPTION")
def _unused_exemption(plan: _Plan, code: str) -> _Mutation:
    ran = {r.code for r in plan.policy.selected_rules()}
    by_name = {r.name: r.code for r in BUILTIN_RULES.values()}
    if not any(by_name.get(e.rule, e.rule) in ran for e in plan.policy.exemptions):
        raise _CannotBreakError("the policy has no exemption for a rule it runs")
    return _fixed(0, 0, lambda draw, b: b.org())  # a valid org uses no exemption


#: Findings a rule cannot come without: what the break of the rule itself implies.
_COMPANIONS: Final[dict[str, frozenset[str]]] = {
    # a second top position is not at the root level (or two are: MULTIPLE_ROOT_LEVEL)
    "MULTIPLE_ROOTS": frozenset({"WRONG_ROOT_LEVEL"}),
    # nobody at the top: the top's own line is broken, and the team below is cut off
    "NO_ROOT": frozenset({"UNKNOWN_MANAGER", "UNREACHABLE"}),
    # someone is cut off only below a broken line
    "UNREACHABLE": frozenset({"UNKNOWN_MANAGER"}),
}


@st.composite
def _breaking(
    draw: st.DrawFn, plans: Sequence[tuple[_Plan, Sequence[int]]], mutation: _Mutation
) -> Org:
    plan, nodes, positions = _build(draw, plans, _Features(), None)
    taken = [p.name for p in positions if p.name is not None]
    taken += [product for p in positions for product in p.products]
    base = _Base(
        plan=plan,
        positions=positions,
        depth=[node.depth for node in nodes],
        names=_Names([*taken, *plan.catalogue]),
    )
    return mutation.build(draw, base)


def _rule_code(rule: object) -> str:
    if not isinstance(rule, str):
        raise InvalidArgument(f"rule={rule!r} must be a rule code or name (a string)")
    for code, r in BUILTIN_RULES.items():
        if rule in (r.code, r.name):
            return code
    raise InvalidArgument(
        f"rule={rule!r} is not a built-in rule (known: {', '.join(BUILTIN_RULES)}; or their "
        "kebab-case names); orgs_breaking() breaks built-in rules only"
    )


def orgs_breaking(
    rule: str,
    *,
    min_size: int = 1,
    max_size: int = 50,
    ladder: Ladder | None = None,
    policy: Policy | None = None,
) -> st.SearchStrategy[Org]:
    """Orgs that break exactly one built-in rule: a valid org plus one targeted mutation.

    The valid org comes from :func:`orgs` (with every feature on); the mutation adds a
    few positions, or changes the top, so that ``validate(org, policy)`` finds ``rule``
    (one or more findings) and no other built-in finding. The added positions sit
    where no other rule can judge them: usually below a chief of staff, an assistant
    of the root whose level is unknown, so that no level step or span is judged
    except the one the mutation breaks. Data problems that only a loader can find
    (``BAD_VALUE``, ``UNKNOWN_DOTTED_LINE``, ``AMBIGUOUS_MANAGER_REF``,
    ``MULTIPLE_MANAGERS``) are made by reading the org back through
    :func:`orgshape.read` (or :meth:`orgshape.Org.from_networkx`) with ``strict=False``.

    Three data problems cannot come alone, because the break implies others:
    ``MULTIPLE_ROOTS`` also gives ``WRONG_ROOT_LEVEL`` (the second top is not a CPO),
    ``UNREACHABLE`` also gives ``UNKNOWN_MANAGER`` (someone is cut off only below a
    broken line), and ``NO_ROOT`` also gives ``UNKNOWN_MANAGER`` and ``UNREACHABLE``
    (the CPO reports to someone outside the file). ``UNUSED_EXEMPTION`` infos for the
    policy's exemptions may appear as with :func:`orgs`.

    Args:
        rule: a built-in rule's code (``"SPAN_ABOVE_RANGE"``) or name
            (``"span-above-range"``).
        min_size: the fewest positions, mutation included.
        max_size: the most positions, mutation included.
        ladder: the ladder (default: the policy's, else the product ladder).
        policy: the policy to break (default: ``Policy()``).

    Raises:
        InvalidArgument: a bad argument; a rule that is not built in, or that the
            policy does not run; a data problem that stops a load (``EMPTY_INPUT``,
            ``YAML_FORBIDDEN``...: no Org can hold it); or a rule that cannot be
            broken alone under this policy and size range (the message says why).

    Examples:
        >>> from hypothesis import find
        >>> from orgshape.rules import validate
        >>> org = find(orgs_breaking("one-over-one"), lambda org: True)
        >>> [f.code for f in validate(org)]
        ['ONE_OVER_ONE']
        >>> [(p.id, p.title, p.manager) for p in org]
        [('P1', 'CPO', None), ('X1', 'Chief of Staff', 'P1'), ('X2', 'Operations Analyst', 'X1')]
    """
    code = _rule_code(rule)
    min_size, max_size = _check_size(min_size, max_size, least=1)
    chosen, checked = _resolve(ladder, policy)
    if code in FATAL_CODES:
        raise InvalidArgument(
            f"{code} stops a load (reading raises DataError even with strict=False), so no "
            "Org holds it; test it with files or with messy_tables()"
        )
    if code not in {r.code for r in checked.selected_rules()}:
        raise InvalidArgument(f"the policy does not run {code} (see its select and ignore)")
    plan = _Plan(chosen, checked, root=None, max_size=max_size, assistants=True, products=True)
    try:
        mutation = _BREAKS[code](plan, code)
    except _CannotBreakError as err:
        raise InvalidArgument(f"cannot break {code} alone under this policy: {err}") from None
    if mutation.depth > plan.layers:
        raise InvalidArgument(
            f"breaking {code} alone needs {mutation.depth} layers; the policy allows "
            f"{plan.layers} (max_layers)"
        )
    low = max(1, min_size - mutation.extra[0])
    high = max_size - mutation.extra[1]
    plans: list[tuple[_Plan, Sequence[int]]] = []
    for root in mutation.roots or (None,):
        candidate = plan
        if root is not None:
            candidate = _Plan(
                chosen, checked, root=root, max_size=max_size, assistants=True, products=True
            )
        sizes = candidate.sizes(low, high) if low <= high else []
        if sizes:
            plans.append((candidate, sizes))
    if not plans:
        raise InvalidArgument(
            f"breaking {code} adds {mutation.extra[0]} to {mutation.extra[1]} positions, and "
            + (_no_org(plan, low, high) if low <= high else f"max_size={max_size} is too small")
        )
    return _breaking(plans, mutation)


# --------------------------------------------------------------------------- messy tables

_NA: Final = ("NA", "N/A", "null", "NULL", "None", "nan", "NaN", "-", "#N/A", "none")
_COLUMNS: Final = ("id", "name", "title", "manager_id")
_TEXT: Final = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)


_ODD_NAMES: Final = (
    "سارا أحمد",  # right to left
    "דנה לוי",
    "Zoë Ångström",  # NFC ...
    "Zoe\u0308 A\u030angstro\u0308m",  # ... and the same name in NFD
    "王芳",
    "José 🚀",
    "Ana\u200bLima",  # a zero-width space
    "\u202eAmi Lee",  # a right-to-left override
    'O\'Brien, "Jo"',
    "NA",
    "null",
)


def _messy_name(draw: st.DrawFn, row: int) -> str | None:
    kind = draw(st.integers(0, 5))
    if kind <= 2:
        first = _FIRST[row % len(_FIRST)]
        return f"{first} {_LAST[(row // len(_FIRST) + row) % len(_LAST)]}"
    if kind == 3:
        return _choose(draw, ["", " ", None, *_NA])
    if kind == 4:
        return _choose(draw, _ODD_NAMES)
    return draw(_TEXT)


def _messy_title(
    draw: st.DrawFn, ladder: Ladder, plain: dict[str, list[str]], row: int
) -> str | None:
    kind = draw(st.integers(0, 4))
    levels = list(plain)
    if kind == 0:  # down the ladder, row by row
        return plain[levels[min(row, len(levels) - 1)]][0]
    if kind == 1:
        level: str = _choose(draw, levels)
        return _draw_title(draw, ladder, level, plain[level])
    if kind == 2:
        return _choose(draw, [*_UNKNOWN_TITLES, "", "  ", None, "NA", "Director"])
    if kind == 3:
        level = _choose(draw, levels)
        return f" {_draw_title(draw, ladder, level, plain[level])}\t"
    return draw(_TEXT)


def _messy_id(draw: st.DrawFn, row: int, ids: list[str]) -> str:
    kind = draw(st.integers(0, 9))
    plain = str(row + 1)
    if kind <= 4 or (kind == 5 and not ids):
        return plain
    if kind == 5:
        return str(_choose(draw, ids))  # a duplicate id
    if kind == 6:
        return plain.zfill(draw(st.integers(2, 4)))  # leading zeros: 007
    if kind == 7:
        return str(_choose(draw, [f" {plain}", f"{plain} ", f"\t{plain} "]))
    if kind == 8:
        return str(_choose(draw, ["", " ", *_NA]))
    return f"{plain}.0" if draw(st.booleans()) else f"E-{plain}"


@st.composite
def _messy_rows(
    draw: st.DrawFn, min_size: int, max_size: int, ladder: Ladder, extra: bool
) -> tuple[list[str], list[list[str | None]]]:
    count = draw(st.integers(min_size, max_size))
    ids: list[str] = []
    for i in range(count):
        ids.append(_messy_id(draw, i, ids))
    # Managers refer to ids as written (so that any cleaning applies to both sides
    # alike), never to a blank or NA id. References to nobody (unknown ids and NA
    # strings, which are ids like any other) stay fewer than those to somebody, so
    # that the manager column reads as ids.
    referable = [k for k, key in enumerate(ids) if key.strip() and key.strip() not in _NA]
    good: set[str] = set()
    bad: set[str] = set()
    managers: list[str | None] = []
    for i in range(count):
        kind = draw(st.integers(0, 9))
        earlier = [k for k in referable if k < i]
        ref: str | None = ""
        if kind <= 5 and earlier:  # an earlier row: a tree
            ref = ids[_choose(draw, earlier)]
        elif kind == 6 and referable:  # any row: a loop, or their own id
            ref = ids[_choose(draw, referable)]
        elif kind == 7:
            ref = _choose(draw, [" ", None, "\t"])
        elif kind >= 8 and len(good) > len(bad):  # nobody: an orphan
            ref = _choose(draw, ["999", "E-0", "00", "Ana Lima", *_NA])
        if ref is not None and ref.strip():
            (good if any(ref == ids[k] for k in referable) else bad).add(ref)
        managers.append(ref)
    plain = {name: _spellings(ladder, name) for name in ladder.names}
    plain = {name: spellings for name, spellings in plain.items() if spellings}
    columns = list(_COLUMNS)
    rows: list[list[str | None]] = [
        [ids[i], _messy_name(draw, i), _messy_title(draw, ladder, plain, i), managers[i]]
        for i in range(count)
    ]
    if extra and draw(st.booleans()):
        columns.append("location")
        for row in rows:
            row.append(_choose(draw, ["Berlin", "São Paulo", "", "=1+1", "@home", "NA"]))
    if extra and draw(st.booleans()):
        columns.append("cost")
        for row in rows:
            row.append(_choose(draw, ["120000", "1,5", "n/a", "", "  90000 ", "-5"]))
    return columns, rows


def _csv_text(columns: list[str], rows: list[list[str | None]], newline: str, bom: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(columns)
    writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
    return ("\ufeff" if bom else "") + out.getvalue()


@st.composite
def _messy(
    draw: st.DrawFn, min_size: int, max_size: int, ladder: Ladder, format: str, extra: bool
) -> list[dict[str, str | None]] | str:
    columns, rows = draw(_messy_rows(min_size, max_size, ladder, extra))
    if format == "records":
        return [dict(zip(columns, row, strict=True)) for row in rows]
    newline = _choose(draw, ["\n", "\r\n"])
    return _csv_text(columns, rows, newline, draw(st.booleans()))


def messy_tables(
    *,
    min_size: int = 1,
    max_size: int = 30,
    format: Literal["records", "csv"] = "records",
    ladder: Ladder | None = None,
    extra_columns: bool = True,
) -> st.SearchStrategy[Any]:
    """Messy input tables, as HR exports are, for testing loaders and what follows them.

    A table has the columns ``id, name, title, manager_id`` (and, with
    ``extra_columns``, sometimes ``location`` and ``cost``) and between ``min_size``
    and ``max_size`` rows. Its cells hold what hand-edited exports hold: duplicate ids,
    blank ids, ``NA``/``null``/``nan`` strings, ids with surrounding whitespace,
    leading zeros (``007``), ``7.0``; managers that form loops, name the person
    themselves, name nobody (orphans) or are blank; names in any script (right-to-left,
    NFC and NFD pairs, emoji, zero-width and bidi characters, quotes and commas);
    titles in every spelling the ladder knows, unknown titles and junk; and for the
    extra columns spreadsheet formulas (``=1+1``) and amounts that are not numbers.

    More than half of the distinct manager references name a row's id, so a lenient
    read succeeds: ``orgshape.read(table, strict=False)`` (records) or
    ``orgshape.read(io.StringIO(table), format="csv", strict=False)`` (CSV) returns an
    org with one position per row (nobody dropped, nobody duplicated) and every data
    problem on ``org.problems``; a strict read raises :class:`orgshape.DataError`
    listing them all.

    Args:
        min_size: the fewest rows (at least 1: an empty table cannot be read at all).
        max_size: the most rows.
        format: ``"records"``, a list of dicts (``None`` is a missing cell, as JSON
            ``null``), or ``"csv"``, the text of a CSV file (with a byte-order mark
            and ``\\r\\n`` line endings sometimes, cells quoted where needed).
        ladder: the ladder whose title spellings the tables use (default: the
            product ladder).
        extra_columns: sometimes add the ``location`` and ``cost`` columns.

    Raises:
        InvalidArgument: a bad argument.

    Examples:
        >>> from hypothesis import find
        >>> from hypothesis import given, settings
        >>> from orgshape import read
        >>> @settings(max_examples=20)
        ... @given(messy_tables())
        ... def test_a_lenient_read_keeps_every_row(rows):
        ...     assert len(read(rows, strict=False)) == len(rows)
        >>> test_a_lenient_read_keeps_every_row()
    """
    min_size, max_size = _check_size(min_size, max_size, least=1)
    if format not in ("records", "csv"):
        raise InvalidArgument(f"format={format!r} must be 'records' or 'csv'")
    if ladder is None:
        ladder = DEFAULT_LADDER
    elif not isinstance(ladder, Ladder):
        raise InvalidArgument(f"ladder={ladder!r} must be an orgshape.Ladder or None")
    return _messy(min_size, max_size, ladder, format, _check_flag("extra_columns", extra_columns))
