"""Valid orgs: one tree of positions that a policy finds nothing wrong with.

Each org is built top-down from a size and one :class:`_Spec` per position. The root
comes first; each manager's team is drawn among the team sizes, levels and report
counts that the :class:`~orgshape.strategies._internal.plan.Plan` says can still be
completed, and each new person is attached to a manager already drawn (breadth-first,
so every manager comes before their reports). Nothing is ever filtered, so failing
examples shrink to small, readable orgs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from orgshape._ladder import Ladder
from orgshape._model import VACANCY_MARKERS, Org, Position
from orgshape.rules import Policy
from orgshape.strategies._internal.draws import choose, pick
from orgshape.strategies._internal.plan import Plan, bits, has, no_org
from orgshape.strategies._internal.titles import GRADES, QUALIFIERS, spellings, staff_title, variant
from orgshape.strategies._internal.words import EA, STAFF_FUNCTION, Names

__all__ = ["Features", "Node", "build", "filled_names", "valid_orgs"]


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
        st.integers(0, len(GRADES)),
        st.integers(0, len(QUALIFIERS)),
    ),
    dotted=st.none() | st.integers(0, 63),
    years=st.integers(0, 16),
    products=st.integers(0, 1),
)
_ZERO: Final = _Spec()


@attrs.define
class Node:
    """One position of a tree being shaped: its level, manager (index) and team size."""

    level: str | None  # None: a staff seat (an assistant)
    parent: int
    depth: int
    size: int = 1
    need_pm: bool = False  # its team must hold a filled PM-level seat (a product owner)
    assistant: bool = False
    vacant: bool = False


def _shape(plan: Plan, size: int, specs: Sequence[_Spec], *, vacancies: bool) -> list[Node]:
    """The tree of ``size`` positions the specs describe, top-down, always valid.

    Breadth-first: every manager comes before their reports, and each choice is made
    among those the plan's tables say can still be completed.
    """
    nodes = [Node(level=plan.root, parent=-1, depth=1, size=size, need_pm=bool(plan.catalogue))]
    at = 0
    while at < len(nodes):
        if nodes[at].level is not None:
            _team_of(plan, nodes, at, specs, vacancies=vacancies)
        at += 1
    return nodes


def _open_seats(plan: Plan, team: int) -> int:
    """The most open roles a team of ``team`` reports may have (the policy's share)."""
    allowed = math.floor(plan.share * team)
    while allowed > 0 and allowed / team > plan.share:  # float rounding
        allowed -= 1
    return allowed


def _team_of(
    plan: Plan, nodes: list[Node], at: int, specs: Sequence[_Spec], *, vacancies: bool
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
        return [k for k in range(first, min(last, len(sums) - 1) + 1) if has(sums[k], rest)]

    budget = node.size - 1
    extras = [a for a in (0, 1) if (a == 0 or entry.assistant) and counts(budget - a)]
    extra = 1 if spec(at).assistant and 1 in extras else extras[0]
    rest = budget - extra
    count = pick(counts(rest), spec(at).reports)
    open_left = _open_seats(plan, count) if vacancies and count else 0
    pending = need
    for j in range(count):
        left = count - j - 1  # reports still to come after this one
        mine = spec(len(nodes))  # the report's own spec decides its size, level, seat
        choices: list[tuple[int, bool]] = []
        for s in bits(tables.kids, rest):
            after = rest - s
            if pending and has(tables.kids_pm, s) and has(tables.team[left], after):
                choices.append((s, True))  # this report's team holds the product owner
            if has((tables.team_pm if pending else tables.team)[left], after):
                choices.append((s, False))
        s, carries = pick(choices, mine.size)
        pending = pending and not carries
        below = [plan.tables[child, node.depth + 1] for child in entry.children]
        levels = [
            child
            for child, t in zip(entry.children, below, strict=True)
            if has(t.pm if carries else t.size, s)
        ]
        level = pick(levels, mine.level)
        # an open role is a leaf (no team, no assistant) that need not own a product
        vacant = (
            mine.open and open_left > 0 and s == 1 and not carries and plan.rules[level].vacancy
        )
        open_left -= vacant
        nodes.append(
            Node(
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
        nodes.append(Node(level=None, parent=at, depth=node.depth + 1, assistant=True))


@attrs.frozen
class Features:
    """Which optional parts an org has (the feature flags of ``orgs()``)."""

    vacancies: bool = True
    assistants: bool = True
    dotted_lines: bool = True
    products: bool = True
    experience: bool = True


def _years(plan: Plan, level: str, choice: int) -> float | None:
    least = math.ceil(plan.policy.promotion_years)
    if plan.promotion is not None and level == plan.promotion[0]:  # below promotion
        return float(choice % least) if least else None
    return float(least + choice)


def _title(ladder: Ladder, level: str, plain: Sequence[str], spec: _Spec) -> str:
    title = pick(plain, spec.title)
    if spec.variant is None:
        return title
    spelled = variant(title, *spec.variant)
    # a variant the ladder reads differently falls back to the plain spelling
    return spelled if ladder.level_of(spelled) == level else title


def _positions(
    draw: st.DrawFn,
    plan: Plan,
    nodes: list[Node],
    specs: Sequence[_Spec],
    features: Features,
    names: st.SearchStrategy[str] | None,
) -> list[Position]:
    ladder = plan.ladder
    plain = {name: spellings(ladder, name) for name in plan.rules}
    fresh = Names(plan.catalogue)
    ids = [f"P{i + 1}" for i in range(len(nodes))]
    specs = [*specs[: len(nodes)], *[_ZERO] * (len(nodes) - len(specs))]
    owned: list[list[str]] = [[] for _ in nodes]
    owners = [
        i
        for i, node in enumerate(nodes)
        if node.level is not None and not node.vacant and plan.rules[node.level].pm
    ]
    if plan.products:
        shares = [0] * len(nodes)  # catalogue products per owner, round-robin
        for k in range(len(plan.catalogue)):
            shares[owners[k % len(owners)]] += 1
        for i in owners:
            level = nodes[i].level
            assert level is not None
            least = plan.rules[level].min_products
            count = max(least, 1 if features.products else 0)
            if features.products:
                count += specs[i].products
            most = plan.policy.max_products.get(level)
            if most is not None:  # stay within max_products (PORTFOLIO_OVERLOAD)
                count = max(least, min(count, most - shares[i]))
            owned[i] = [fresh.product() for _ in range(count)]
        for k, product in enumerate(plan.catalogue):
            owned[owners[k % len(owners)]].append(product)
    assistant_title = staff_title(ladder, EA)
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
                    function=STAFF_FUNCTION,
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


def build(
    draw: st.DrawFn,
    plans: Sequence[tuple[Plan, Sequence[int]]],
    features: Features,
    names: st.SearchStrategy[str] | None,
) -> tuple[Plan, list[Node], list[Position]]:
    """A valid org's plan, tree and positions (a mutation starts from these)."""
    plan, sizes = plans[0] if len(plans) == 1 else choose(draw, plans)
    size = choose(draw, sizes)
    # the specs right after the size: shrinking the size keeps the first specs as they are
    specs = draw(st.lists(_SPECS, min_size=size, max_size=size))
    nodes = _shape(plan, size, specs, vacancies=features.vacancies)
    return plan, nodes, _positions(draw, plan, nodes, specs, features, names)


@st.composite
def _orgs(
    draw: st.DrawFn,
    plans: Sequence[tuple[Plan, Sequence[int]]],
    features: Features,
    names: st.SearchStrategy[str] | None,
) -> Org:
    plan, _, positions = build(draw, plans, features, names)
    return Org(positions, ladder=plan.ladder)


def _filled(name: object) -> bool:
    if not isinstance(name, str):
        raise InvalidArgument(f"names= drew {name!r}, which is not a string")
    stripped = name.strip()
    return bool(stripped) and stripped.casefold() not in VACANCY_MARKERS


def filled_names(names: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``names`` without blank names and without outer whitespace (as ``str.strip`` sees it).

    orgshape reads a blank name, or an explicit marker such as ``TBH`` or ``Vacant``, as
    an open role, so a filled seat with such a name would come back from a file as a
    vacancy (and an org with it might then break the vacancy rules); it strips names it
    reads, so a name is drawn stripped.
    """
    return names.filter(_filled).map(str.strip)


def valid_orgs(
    ladder: Ladder,
    policy: Policy,
    *,
    min_size: int,
    max_size: int,
    features: Features,
    names: st.SearchStrategy[str] | None,
) -> st.SearchStrategy[Org]:
    """The strategy behind :func:`orgshape.strategies.orgs` (arguments checked)."""
    plan = Plan(
        ladder,
        policy,
        root=None,
        max_size=max_size,
        assistants=features.assistants,
        products=features.products,
    )
    sizes = plan.sizes(min_size, max_size)
    if not sizes:
        raise InvalidArgument(no_org(plan, min_size, max_size))
    return _orgs([(plan, sizes)], features, None if names is None else filled_names(names))
