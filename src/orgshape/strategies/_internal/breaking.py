"""Orgs that break one rule on purpose: a valid org plus one targeted mutation.

Each built-in rule has a factory, registered with :func:`_breaks`, that looks at the
:class:`~orgshape.strategies._internal.plan.Plan` and returns a :class:`_Mutation`
(how many positions it adds, how deep it reaches, how to build it), or raises
:class:`_CannotBreakError` with the reason the rule cannot break alone under this
policy. The added positions sit where no other rule can judge them: usually below a
chief of staff, an assistant of the root with no level, so that no level step or span
is judged but the one the mutation breaks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeAlias

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from orgshape._ladder import Ladder
from orgshape._model import Org, Position
from orgshape.io import read
from orgshape.rules import BUILTIN_RULES, Policy
from orgshape.rules._rule import normalise_function
from orgshape.strategies._internal.draws import choose
from orgshape.strategies._internal.plan import LevelRule, Plan, no_org
from orgshape.strategies._internal.titles import spellings, staff_title
from orgshape.strategies._internal.valid import Features, build
from orgshape.strategies._internal.words import ANALYST, EA, STAFF_FUNCTION, UNKNOWN_TITLES, Names

__all__ = ["breaking_orgs"]

_NOBODY: Final = "P0"  # an id no generated org uses: an unknown manager
_ELSEWHERE: Final = "X0"  # another id no generated org uses


@attrs.define
class _Base:
    """A valid org being mutated: its positions and what the mutation may use."""

    plan: Plan
    positions: list[Position]
    depth: list[int]
    names: Names
    counter: int = 0

    @property
    def root(self) -> Position:
        """The valid org's top position."""
        return self.positions[0]

    def new_id(self) -> str:
        """A fresh id for an added seat, never one the policy exempts."""
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
        fields.setdefault("function", STAFF_FUNCTION)
        key = fields.pop("id") if "id" in fields else self.new_id()
        name = fields.pop("name") if "name" in fields else self.names.person()
        return Position(
            id=key,
            name=name,
            title=staff_title(self.plan.ladder, title),
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
            title=spellings(self.plan.ladder, level)[0],
            level=level,
            manager=manager,
            products=products,
            **fields,
        )

    def org(self, extra: Sequence[Position] = ()) -> Org:
        """The valid org's positions with ``extra`` appended (loaded leniently)."""
        return Org([*self.positions, *extra], ladder=self.plan.ladder, strict=False)

    def records(self, extra: Sequence[Position] = ()) -> list[dict[str, Any]]:
        """The org's rows with ``extra`` appended, as a loader would read them."""
        return self.org(extra).to_records()


def _read(records: list[dict[str, Any]], plan: Plan, **options: Any) -> Org:
    """Records read back leniently: the loader is what finds these data problems."""
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


def _levels_where(plan: Plan, test: Callable[[LevelRule], bool]) -> list[LevelRule]:
    return sorted(
        (e for e in plan.rules.values() if e.name != plan.root and test(e)),
        key=lambda e: (e.rank, e.name),
    )


def _team(base: _Base, manager: Position, count: int, *, open_roles: int = 0) -> list[Position]:
    """``count`` reports of ``manager``: product seats a valid step below, else staff."""
    plan = base.plan
    level = manager.level
    below: list[LevelRule] = []
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
                    title=ANALYST,
                    assistant=False,
                    name=None if vacant else base.names.person(),
                    req=f"REQ-{manager.id}-{k}" if vacant else None,
                )
            )
    return out


_Build: TypeAlias = Callable[[st.DrawFn, _Base], Org]
_Factory: TypeAlias = Callable[[Plan, str], _Mutation]
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
def _missing_id(plan: Plan, code: str) -> _Mutation:
    return _fixed(1, 2, lambda draw, b: b.org([b.staff(b.root.id, id="", title=EA)]))


@_breaks("DUPLICATE_ID")
def _duplicate_id(plan: Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        others = [p.id for p in b.positions[1:]] or [b.root.id]
        return b.org([b.staff(b.root.id, id=choose(draw, others), title=EA)])

    return _fixed(1, 2, build)


@_breaks("SELF_MANAGER")
def _self_manager(plan: Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        key = b.new_id()
        return b.org([b.staff(key, id=key, title=EA)])

    return _fixed(1, 1, build)


@_breaks("UNKNOWN_MANAGER")
def _unknown_manager(plan: Plan, code: str) -> _Mutation:
    return _fixed(1, 1, lambda draw, b: b.org([b.staff(_NOBODY, title=EA)]))


@_breaks("MULTIPLE_MANAGERS")
def _multiple_managers(plan: Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        first = b.staff(b.root.id, title=EA)
        second = b.staff(b.root.id, title=EA)
        graph = b.org([first, second]).to_networkx()
        graph.add_edge(first.id, second.id)  # a second solid line into the second
        return Org.from_networkx(graph, ladder=plan.ladder, strict=False)

    return _fixed(2, 2, build)


@_breaks("CYCLE")
def _cycle(plan: Plan, code: str) -> _Mutation:
    longest = min(4, plan.layers)  # a loop, once cut, is a chain of that many layers
    if longest < 2:
        raise _CannotBreakError("max_layers=1 leaves no room for a loop")

    def build(draw: st.DrawFn, b: _Base) -> Org:
        length = draw(st.integers(2, longest))
        keys = [b.new_id() for _ in range(length)]
        loop = [b.staff(keys[(k + 1) % length], id=key, title=EA) for k, key in enumerate(keys)]
        return b.org(loop)

    return _Mutation(extra=(2, longest), depth=0, build=build)


@_breaks("MULTIPLE_ROOTS")
def _multiple_roots(plan: Plan, code: str) -> _Mutation:
    return _fixed(1, 1, lambda draw, b: b.org([b.staff(None, assistant=False)]))


@_breaks("NO_ROOT")
def _no_root(plan: Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        b.positions[0] = attrs.evolve(b.root, manager=_NOBODY)  # the CEO is not in the file
        # ... and a seat reports to someone else outside it: two outside managers are
        # no sub-org export (that would be EXTERNAL_MANAGER), so nobody is at the top
        return b.org([b.staff(_ELSEWHERE, title=EA)])

    return _fixed(1, 1, build)


@_breaks("EXTERNAL_MANAGER")
def _external_manager(plan: Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        b.positions[0] = attrs.evolve(b.root, manager=_NOBODY)  # a VP's org, exported alone
        return b.org()

    return _fixed(0, 0, build)


@_breaks("CREATED_FROM_EDGES")
def _created_from_edges(plan: Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        # an edge list in which the CEO appears only as a manager
        records = b.records([b.staff(b.root.id, title=EA)])[1:]
        renamed = {"id": "target", "manager": "source"}
        return _read([{renamed.get(k, k): v for k, v in r.items()} for r in records], plan)

    return _fixed(1, 1, build)


@_breaks("UNREACHABLE")
def _unreachable(plan: Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        top = b.staff(_NOBODY)
        return b.org([top, b.staff(top.id, title=EA)])

    return _fixed(2, 2, build)


@_breaks("AMBIGUOUS_MANAGER_REF")
def _ambiguous_manager(plan: Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        twin = b.names.person()
        extra = [
            b.staff(b.root.id, name=twin, title=EA),
            b.staff(b.root.id, name=twin, title=EA),
            b.staff(twin, title=EA),
        ]
        name_of = {p.id: p.name for p in [*b.positions, *extra]}
        records = b.records(extra)
        for record in records:  # managers by name, as draw.io and some exports give them
            record["dotted_line"] = ()
            record["manager"] = name_of.get(record["manager"], record["manager"])
        return _read(records, plan, manager_key="name")

    return _fixed(3, 2, build)


@_breaks("UNKNOWN_LEVEL")
def _unknown_level(plan: Plan, code: str) -> _Mutation:
    level = next(
        f"LEVEL_{k}" for k in range(len(plan.ladder) + 1) if f"LEVEL_{k}" not in plan.ladder
    )
    return _fixed(1, 2, lambda draw, b: b.org([b.staff(b.root.id, level=level)]))


@_breaks("BAD_VALUE", "UNKNOWN_DOTTED_LINE")
def _bad_cell(plan: Plan, code: str) -> _Mutation:
    key, value = ("cost", "n/a") if code == "BAD_VALUE" else ("dotted_line", _NOBODY)

    def build(draw: st.DrawFn, b: _Base) -> Org:
        records = b.records([b.staff(b.root.id, title=EA)])
        records[-1][key] = value
        return _read(records, plan)

    return _fixed(1, 2, build)


# -- the ladder


@_breaks("UNKNOWN_TITLE")
def _unknown_title(plan: Plan, code: str) -> _Mutation:
    unknown = [t for t in UNKNOWN_TITLES if plan.ladder.level_of(t) is None]
    if not unknown:
        raise _CannotBreakError("every made-up title maps to a level on this ladder")

    def build(draw: st.DrawFn, b: _Base) -> Org:
        title = choose(draw, unknown)
        return b.org([b.staff(b.root.id, title=title, function=None)])  # a product seat

    return _fixed(1, 2, build)


@_breaks("WRONG_ROOT_LEVEL")
def _wrong_root(plan: Plan, code: str) -> _Mutation:
    healthy = plan.policy.resolve(plan.ladder).top_levels  # VP- or Head-led orgs are fine
    roots = tuple(name for name in plan.rules if name != plan.root and name not in healthy)
    if not roots:
        raise _CannotBreakError("the ladder has no level below those that may lead an org")
    return _Mutation(extra=(0, 0), depth=0, build=lambda draw, b: b.org(), roots=roots)


@_breaks("MULTIPLE_ROOT_LEVEL")
def _second_root_level(plan: Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        cos = b.staff(b.root.id)  # a seat of no level: the step below it is not judged
        return b.org([cos, b.seat(cos.id, plan.root, assistant=True)])

    return _fixed(2, 3, build)


def _step_breaks(code: str, step: int) -> bool:
    if code == "LEVEL_INVERSION":
        return step < 0
    return step == 0  # SAME_LEVEL_REPORT


@_breaks("LEVEL_INVERSION", "SAME_LEVEL_REPORT")
def _level_step(plan: Plan, code: str) -> _Mutation:
    levels = _levels_where(plan, lambda e: True)
    pairs = sorted(
        (
            (upper.name, lower.name)
            for upper in levels
            for lower in levels
            if _step_breaks(code, lower.rank - upper.rank)
        ),
        key=lambda pair: abs(plan.rules[pair[1]].rank - plan.rules[pair[0]].rank),
    )
    if not pairs:
        raise _CannotBreakError(f"the ladder has no two levels (besides the root) for {code}")

    def build(draw: st.DrawFn, b: _Base) -> Org:
        upper, lower = choose(draw, pairs)
        cos = b.staff(b.root.id)
        manager = b.seat(cos.id, upper, assistant=True)
        return b.org([cos, manager, b.seat(manager.id, lower, assistant=True)])

    return _fixed(3, 4, build)


@_breaks("LEVEL_SKIP")
def _level_skip(plan: Plan, code: str) -> _Mutation:
    """A report ``gap`` management levels in use below their manager.

    The skipped levels are put in use by seats of their own under the chief of staff,
    each leading a valid number of staff (whose steps are not judged).
    """
    levels = _levels_where(plan, lambda e: True)
    track = {e.name: plan.ladder[e.name].function for e in levels}
    managing = [e for e in levels if e.name not in plan.ic and e.teams is not None]
    lowest: dict[str, int] = {}
    for e in plan.rules.values():
        if e.name not in plan.ic:
            function = plan.ladder[e.name].function
            lowest[function] = max(e.rank, lowest.get(function, -1))
    options: list[tuple[str, str, tuple[tuple[str, int], ...]]] = []
    for upper in levels:
        for lower in levels:
            if lower.name in plan.ic and lower.rank < lowest.get(track[lower.name], -1):
                continue  # a senior IC sits beside the managers: never a skip
            by_rank: dict[int, LevelRule] = {}
            for e in managing:
                if upper.rank < e.rank < lower.rank and track[e.name] == track[upper.name]:
                    by_rank.setdefault(e.rank, e)
            if len(by_rank) < plan.gap:
                continue
            chosen = [by_rank[rank] for rank in sorted(by_rank)[: plan.gap]]
            mids = tuple((e.name, e.teams[0]) for e in chosen if e.teams is not None)
            options.append((upper.name, lower.name, mids))
    if not options:
        raise _CannotBreakError(
            f"no two levels have {plan.gap} management levels between them (max_level_gap)"
        )
    options.sort(key=lambda option: (sum(1 + n for _, n in option[2]), option[0], option[1]))

    def build(draw: st.DrawFn, b: _Base) -> Org:
        upper, lower, mids = choose(draw, options)
        cos = b.staff(b.root.id)
        manager = b.seat(cos.id, upper, assistant=True)
        extra = [cos, manager, b.seat(manager.id, lower, assistant=True)]
        for level, count in mids:
            mid = b.seat(cos.id, level, assistant=True)
            extra.append(mid)
            extra += [
                b.staff(mid.id, title=ANALYST, assistant=False, function=STAFF_FUNCTION)
                for _ in range(count)
            ]
        return b.org(extra)

    sizes = [3 + sum(1 + n for _, n in mids) for _, _, mids in options]
    return _Mutation(extra=(min(sizes), max(sizes)), depth=4, build=build)


# -- spans


@_breaks("ONE_OVER_ONE")
def _one_over_one(plan: Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        cos = b.staff(b.root.id)
        return b.org([cos, *_team(b, cos, 1)])

    return _fixed(2, 3, build)


@_breaks("IC_WITH_REPORTS", "SPAN_ABOVE_RANGE", "SPAN_BELOW_RANGE")
def _wrong_span(plan: Plan, code: str) -> _Mutation:
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
        level, count = choose(draw, options)
        cos = b.staff(b.root.id)
        manager = b.seat(cos.id, level, assistant=True)
        return b.org([cos, manager, *_team(b, manager, count)])

    sizes = [2 + count for _, count in options]
    return _Mutation(extra=(min(sizes), max(sizes)), depth=4, build=build)


# -- layers and vacancies


@_breaks("TOO_MANY_LAYERS")
def _too_many_layers(plan: Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        deepest = max(range(len(b.positions)), key=b.depth.__getitem__)
        manager = b.positions[deepest].id
        chain: list[Position] = []
        for _ in range(plan.layers + 1 - b.depth[deepest]):
            chain.append(b.staff(manager, title=EA))
            manager = chain[-1].id
        return b.org(chain)

    return _Mutation(extra=(1, plan.layers), depth=0, build=build)


@_breaks("VACANCY_SHARE")
def _vacancy_org(plan: Plan, code: str) -> _Mutation:
    if plan.share >= 1:
        raise _CannotBreakError("max_vacancy_share=1 allows orgs of open roles only")

    def build(draw: st.DrawFn, b: _Base) -> Org:
        # a filled seat leading two filled seats, each with two open roles: 4 of 6 open
        hub = b.staff(b.root.id)
        leads = [b.staff(hub.id, assistant=False) for _ in range(2)]
        holes = [
            b.staff(lead.id, title=ANALYST, assistant=False, name=None, req=f"REQ-{lead.id}-{k}")
            for lead in leads
            for k in range(2)
        ]
        return b.org([hub, *leads, *holes])

    return _fixed(7, 4, build)


@_breaks("VACANT_MANAGER", "HIGH_VACANCY_SHARE")
def _vacancy(plan: Plan, code: str) -> _Mutation:
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
def _unowned(plan: Plan, code: str) -> _Mutation:
    def build(draw: st.DrawFn, b: _Base) -> Org:
        return b.org([b.staff(b.root.id, products=(b.names.product(),))])

    return _fixed(1, 2, build)


@_breaks("SHARED_PRODUCT")
def _shared(plan: Plan, code: str) -> _Mutation:
    owners = [e.name for e in _levels_where(plan, lambda e: e.pm)]
    if not owners:
        raise _CannotBreakError("the policy has no PM levels")

    def build(draw: st.DrawFn, b: _Base) -> Org:
        level = choose(draw, owners)
        cos = b.staff(b.root.id)
        product = (b.names.product(),)
        return b.org(
            [cos, b.seat(cos.id, level, products=product), b.seat(cos.id, level, products=product)]
        )

    return _fixed(3, 3, build)


@_breaks("SMALL_PORTFOLIO")
def _small_portfolio(plan: Plan, code: str) -> _Mutation:
    small = [e.name for e in _levels_where(plan, lambda e: e.pm and e.min_products > 0)]
    if not small:
        raise _CannotBreakError("the policy asks no PM level for a portfolio (min_products)")

    def build(draw: st.DrawFn, b: _Base) -> Org:
        level = choose(draw, small)
        cos = b.staff(b.root.id)
        seat = b.seat(cos.id, level, assistant=True)
        seat = attrs.evolve(seat, products=seat.products[1:])
        # someone owns a full portfolio, or the org might have no product data to judge
        return b.org([cos, seat, b.seat(cos.id, level, assistant=True)])

    return _fixed(3, 3, build)


# -- people


@_breaks("PROMOTION_CANDIDATE", "BELOW_PROMOTION_YEARS")
def _experience(plan: Plan, code: str) -> _Mutation:
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
def _ratio(plan: Plan, code: str) -> _Mutation:
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
        unit = choose(draw, units)
        level = choose(draw, pms)
        cos = b.staff(b.root.id)
        head = b.seat(cos.id, unit, assistant=True)
        hub = b.staff(head.id, title=ANALYST)  # no level: the steps below are not judged
        team = [b.seat(hub.id, level, assistant=True) for _ in range(count_pm)]
        team += [
            b.staff(hub.id, title="Software Engineer", function="engineering")
            for _ in range(count_eng)
        ]
        return b.org([cos, head, hub, *team])

    return _fixed(3 + count_pm + count_eng, 5, build)


@_breaks("PARTNER_COVERAGE")
def _coverage(plan: Plan, code: str) -> _Mutation:
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
        function, level = choose(draw, entries)
        cos = b.staff(b.root.id)
        head = b.seat(cos.id, level, assistant=True)
        hub = b.staff(head.id, title=ANALYST)
        pm = b.seat(hub.id, pms[-1], assistant=True)
        title = "Product Designer" if function == "design" else function.replace("_", " ").title()
        # the partner is in another team (a central team is not judged), not in head's
        other = b.seat(cos.id, level, assistant=True)
        partner = b.staff(other.id, title=title, function=function)
        return b.org([cos, head, hub, pm, other, partner])

    return _fixed(6, 5, build)


@_breaks("PORTFOLIO_OVERLOAD")
def _portfolio_overload(plan: Plan, code: str) -> _Mutation:
    limits = {
        e.name: plan.policy.max_products[e.name]
        for e in _levels_where(plan, lambda e: e.name in plan.policy.max_products)
    }
    if not limits:
        raise _CannotBreakError("the policy's max_products names no level of this ladder")

    def build(draw: st.DrawFn, b: _Base) -> Org:
        level = choose(draw, sorted(limits))
        hub = b.staff(b.root.id, title=ANALYST)  # no level: the step below is not judged
        seat = b.seat(hub.id, level, assistant=True)
        more = max(0, limits[level] + 1 - len(seat.products))
        seat = attrs.evolve(
            seat, products=(*seat.products, *(b.names.product() for _ in range(more)))
        )
        return b.org([hub, seat])

    return _fixed(2, 3, build)


@_breaks("DOTTED_LINE_OVERLOAD")
def _dotted_overload(plan: Plan, code: str) -> _Mutation:
    most = plan.policy.max_dotted_managers

    def build(draw: st.DrawFn, b: _Base) -> Org:
        leads = [b.staff(b.root.id) for _ in range(most + 1)]
        partner = b.staff(b.root.id, dotted_line=tuple(lead.id for lead in leads))
        return b.org([*leads, partner])

    return _fixed(most + 2, 2, build)


@_breaks("PRODUCT_SCOPE")
def _product_scope(plan: Plan, code: str) -> _Mutation:
    outside = plan.max_size // 2 + 1

    def build(draw: st.DrawFn, b: _Base) -> Org:
        ceo = b.staff(None, title="Chief Executive Officer", function="executive")
        company = [
            b.staff(ceo.id, title="Account Executive", function="sales", assistant=False)
            for _ in range(outside - 1)
        ]
        top = attrs.evolve(b.positions[0], manager=ceo.id)
        return Org([ceo, top, *b.positions[1:], *company], ladder=plan.ladder, strict=False)

    return _fixed(outside, 1, build)


# -- the policy


@_breaks("UNUSED_EXEMPTION")
def _unused_exemption(plan: Plan, code: str) -> _Mutation:
    ran = {r.code for r in plan.policy.selected_rules()}
    by_name = {r.name: r.code for r in BUILTIN_RULES.values()}
    if not any(by_name.get(e.rule, e.rule) in ran for e in plan.policy.exemptions):
        raise _CannotBreakError("the policy has no exemption for a rule it runs")
    return _fixed(0, 0, lambda draw, b: b.org())  # a valid org uses no exemption


@st.composite
def _breaking(
    draw: st.DrawFn, plans: Sequence[tuple[Plan, Sequence[int]]], mutation: _Mutation
) -> Org:
    plan, nodes, positions = build(draw, plans, Features(), None)
    taken = [p.name for p in positions if p.name is not None]
    taken += [product for p in positions for product in p.products]
    base = _Base(
        plan=plan,
        positions=positions,
        depth=[node.depth for node in nodes],
        names=Names([*taken, *plan.catalogue]),
    )
    return mutation.build(draw, base)


def breaking_orgs(
    code: str, ladder: Ladder, policy: Policy, *, min_size: int, max_size: int
) -> st.SearchStrategy[Org]:
    """The strategy behind :func:`orgshape.strategies.orgs_breaking` (arguments checked).

    Raises:
        InvalidArgument: the rule cannot break alone under this policy and size range.
    """
    plan = Plan(ladder, policy, root=None, max_size=max_size, assistants=True, products=True)
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
    plans: list[tuple[Plan, Sequence[int]]] = []
    for root in mutation.roots or (None,):
        candidate = plan
        if root is not None:
            candidate = Plan(
                ladder, policy, root=root, max_size=max_size, assistants=True, products=True
            )
        sizes = candidate.sizes(low, high) if low <= high else []
        if sizes:
            plans.append((candidate, sizes))
    if not plans:
        raise InvalidArgument(
            f"breaking {code} adds {mutation.extra[0]} to {mutation.extra[1]} positions, and "
            + (no_org(plan, low, high) if low <= high else f"max_size={max_size} is too small")
        )
    return _breaking(plans, mutation)
