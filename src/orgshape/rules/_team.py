"""Functions and team mix: the product part of a file, and the roles around the PMs.

Glossary:
    function: a position's track (product, design, engineering...), in the one
        vocabulary of :mod:`orgshape._functions`.
    team: a value of the ``area`` column (a team, squad or product area) when the
        org's PMs have one; else the org of the top-most manager at a ``mix_levels``
        level (a Head's area). People without an area take their manager's.
    partner: someone of another function who works with a team: by their area, by
        reporting to someone in it, or by a dotted line to someone in it (a dotted line
        to a leader without an area reaches every team below that leader); the reports
        of a partnering manager without teams of their own partner the same teams.
    product part: in a file whose top is not a product person (a whole-company export
        under a CEO), the product people and everyone below them; only they are judged.

Convention: one team's mix is one finding naming its PMs (the most senior first).
"""

from __future__ import annotations

import itertools
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Final

from orgshape._functions import DESIGN, ENGINEERING, PRODUCT_OPS, label_of
from orgshape._model import Org
from orgshape.rules._arrays import Arrays, arrays
from orgshape.rules._finding import Finding
from orgshape.rules._kit import (
    builtin,
    level_codes,
    memo,
    person,
    plural,
    pm_mask,
    product_scope,
)
from orgshape.rules._rule import Context, indices_of, normalise_function

__all__ = [
    "ENGINEERING_FUNCTIONS",
    "dotted_line_overload",
    "partner_coverage",
    "pm_engineer_ratio",
    "product_scope_note",
]

#: Function values (canonical) counted as engineers in team mix.
ENGINEERING_FUNCTIONS: Final = frozenset({ENGINEERING})

_SHOWN: Final = 4  # names shown in a message before "and N more"


class _Basis:
    """What every way of splitting the org into teams shares: its PMs and partners."""

    def __init__(self, ctx: Context) -> None:
        n = len(ctx.ids)
        product = ctx.product_mask
        self.pm = list(map(operator.and_, pm_mask(ctx), product))
        # the PMs most senior first (unknown levels last), in order within a level: each
        # team's PMs are these, in this order, so no team sorts its own
        ranks = ctx.ranks
        last = max(ranks, default=0) + 1
        table = {r: r if r >= 0 else last for r in set(ranks)}
        fast = arrays(ctx)
        self.pms_array: Any = None  # the same, as an array (when the arrays are in use)
        if fast is None:
            seniority = list(map(table.__getitem__, ranks))
            self.pms = sorted(itertools.compress(range(n), self.pm), key=seniority.__getitem__)
        else:
            np = fast.np
            names, codes = level_codes(ctx)
            levels = ctx.levels
            by_code = [table[ranks[levels.index(level)]] for level in names]
            chosen = np.flatnonzero(fast.mask(self.pm))
            small = max(by_code) < 2**16  # (as 16-bit numbers, a stable sort is a radix sort)
            keys = np.asarray(by_code, dtype=np.uint16 if small else np.int64)[codes[chosen]]
            self.pms_array = chosen[np.argsort(keys, kind="stable")]
            self.pms = self.pms_array.tolist()
        # who may partner a team: someone of a known function other than product
        functions = ctx.functions or [None] * n
        known = map(operator.is_not, functions, itertools.repeat(None))
        partner = list(map(operator.and_, known, map(operator.not_, product)))
        self.partners = list(itertools.compress(range(n), partner))
        # teams are areas when the PMs have one
        areas = ctx.column("area")
        self.by_area = areas is not None and any(
            map(areas.__getitem__, itertools.compress(range(n), self.pm))
        )


@memo
def _basis(ctx: Context) -> _Basis:
    return _Basis(ctx)


#: How to place everyone in a split's teams, once it is known to be a new split:
#: (each position's team or -1, the same as an array or None).
_Placing = Callable[[], tuple[list[int], Any]]


def _unit_homes(ctx: Context, units: frozenset[str]) -> tuple[list[int], _Placing]:
    """The leads of the teams led at ``units`` levels, and how to place everyone.

    A lead is a product person at a ``units`` level; one below another lead is in that
    lead's team, so the teams are the orgs of the top-most leads, numbered in top-down
    order of their leads.
    """
    n = len(ctx.ids)
    fast = arrays(ctx)
    if fast is not None:
        np = fast.np
        names, codes = level_codes(ctx)
        wanted = [k for k, level in enumerate(names) if level in units]
        leads = np.isin(codes, wanted) & _product_array(ctx)
        if not leads.any():
            return [], lambda: ([-1] * n, None)
        top = fast.topmost(leads)
        firsts = fast.in_order(np.flatnonzero(top == np.arange(n)))

        def place() -> tuple[list[int], Any]:
            team = np.full(n + 1, -1, dtype=np.int64)  # (team[-1]: no lead above)
            team[firsts] = np.arange(len(firsts))
            homes = team[top]
            return homes.tolist(), homes

        return firsts.tolist(), place
    home = [-1] * n
    heads: list[int] = []
    leads_list = list(map(operator.and_, map(units.__contains__, ctx.levels), ctx.product_mask))
    if True in leads_list:
        parent = ctx.parent
        for i in ctx.order:
            p = parent[i]
            if p >= 0 and home[p] >= 0:
                home[i] = home[p]
            elif leads_list[i]:
                home[i] = len(heads)
                heads.append(i)
    return heads, lambda: (home, None)


@memo
def _product_array(ctx: Context) -> Any:
    fast = arrays(ctx)
    assert fast is not None
    return fast.mask(ctx.product_mask)


def _group(
    basis: _Basis, home: list[int], count: int, fast: Arrays | None, homes: Any
) -> list[list[int]]:
    """The PMs of each of ``count`` teams, most senior first (``home`` -1: in none)."""
    if fast is None or homes is None:
        out: list[list[int]] = [[] for _ in range(count)]
        for i in basis.pms:
            t = home[i]
            if t >= 0:
                out[t].append(i)
        return out
    np = fast.np
    chosen = basis.pms_array
    teams = homes[chosen]
    inside = teams >= 0
    chosen, teams = chosen[inside], teams[inside]
    if count <= 2**16:  # (as 16-bit numbers, a stable sort is a radix sort)
        teams = teams.astype(np.uint16)
    ranked = np.argsort(teams, kind="stable")  # (stable: the order of ``people`` kept)
    flat = chosen[ranked].tolist()
    ends = np.cumsum(np.bincount(teams, minlength=count)).tolist()
    return [flat[a:b] for a, b in zip([0, *ends], ends, strict=False)]


def _top_down(ctx: Context, people: list[int]) -> Iterable[int]:
    """``people`` (ascending indices) in the top-down order of :attr:`Context.order`."""
    order = ctx.order
    if not people or isinstance(order, range):
        return people
    fast = arrays(ctx)
    if fast is not None:
        return fast.in_order(fast.np.asarray(people, dtype=fast.np.int64)).tolist()  # type: ignore[no-any-return]
    chosen = [False] * len(ctx.ids)
    for i in people:
        chosen[i] = True
    return itertools.compress(order, map(chosen.__getitem__, order))


class _Teams:
    """Who is in which team: each position's home team, the PMs and partners of each."""

    def __init__(
        self,
        ctx: Context,
        basis: _Basis,
        home: list[int] | None,
        heads: list[int],
        homes: Any = None,
    ) -> None:
        """Teams by area (``home`` None), else the orgs of ``heads`` (``home`` given).

        ``homes`` is ``home`` as a numpy array, when the org's arrays are in use.
        """
        n = len(ctx.ids)
        self.by_area = home is None
        self.labels: list[str] = []
        self.heads = heads  # unit mode: the manager who leads each team
        parent = ctx.parent
        if home is None:
            areas = ctx.column("area")
            assert areas is not None
            home = [-1] * n
            keys: dict[str, int] = {}
            for i in ctx.order:
                area = areas[i]
                if area:
                    k = keys.get(area)
                    if k is None:
                        k = keys[area] = len(self.labels)
                        self.labels.append(area)
                    home[i] = k
                elif parent[i] >= 0:
                    home[i] = home[parent[i]]
        else:
            self.labels = [f"the org of {ctx.who(i)}" for i in heads]
        self.home = home
        self._pm = basis.pm
        self.pms = _group(basis, home, len(self.labels), arrays(ctx), homes)
        self._reach: dict[int, frozenset[int]] = {}
        self._subtree = ctx.view.subtree  # (not ctx: a split is kept in ctx's memo)
        # partners: function -> team -> people; and each partner's teams
        functions = ctx.functions or [None] * n
        dotted = ctx.column("dotted_line")
        self.partners: dict[str, list[set[int]]] = {}
        self.teams_of: dict[int, frozenset[int]] = {}
        alone = [frozenset({t}) for t in range(len(self.labels))]
        # in their own team and on no dotted line: the common case, in any order
        fast = arrays(ctx)
        if fast is not None and homes is not None:
            rest = self._place_over_arrays(fast, basis, functions, dotted, homes, alone)
        else:
            rest = []
            for i in basis.partners:
                t = home[i]
                if t < 0 or (dotted is not None and dotted[i]):
                    rest.append(i)
                    continue
                self.teams_of[i] = alone[t]
                self._per_team(functions[i])[t].add(i)  # type: ignore[arg-type]
        # the others top-down: the reports of a partnering manager inherit their teams
        index_of = ctx.view.index_of
        for i in _top_down(ctx, rest):
            teams = {home[i]} if home[i] >= 0 else set()
            if dotted is not None and dotted[i]:
                for d in dotted[i]:
                    k = index_of(d)
                    if k is not None:
                        teams |= self.reach(k)
            if not teams and parent[i] in self.teams_of:
                teams = set(self.teams_of[parent[i]])  # an engineer of a partnering manager
            if not teams:
                continue
            self.teams_of[i] = frozenset(teams)
            per_team = self._per_team(functions[i])  # type: ignore[arg-type]
            for t in teams:
                per_team[t].add(i)

    def _place_over_arrays(
        self,
        fast: Arrays,
        basis: _Basis,
        functions: Sequence[str | None],
        dotted: Sequence[Any] | None,
        homes: Any,
        alone: list[frozenset[int]],
    ) -> list[int]:
        """Place the partners in their own team and on no dotted line, team by team.

        Returns the other partners, in index order.
        """
        np = fast.np
        people = np.asarray(basis.partners, dtype=np.int64)
        teams = homes[people]
        simple = teams >= 0
        if dotted is not None:
            lines = map(bool, map(dotted.__getitem__, basis.partners))
            simple &= ~np.fromiter(lines, dtype=bool, count=len(people))
        chosen, teams = people[simple], teams[simple]
        ids, at = chosen.tolist(), teams.tolist()
        self.teams_of.update(zip(ids, map(alone.__getitem__, at), strict=True))
        kinds = list(map(functions.__getitem__, ids))
        names = list(dict.fromkeys(kinds))  # (each partner's function is known)
        code = {name: k for k, name in enumerate(names)}
        wide = len(self.labels)
        keys = np.fromiter(map(code.__getitem__, kinds), dtype=np.int64, count=len(ids))
        keys = keys * wide + teams
        grouped = chosen[np.argsort(keys, kind="stable")].tolist()
        counts = np.bincount(keys, minlength=len(names) * wide)
        ends = np.cumsum(counts).tolist()
        for key in np.flatnonzero(counts).tolist():
            start = ends[key - 1] if key else 0
            per_team = self._per_team(names[key // wide])
            per_team[key % wide] = set(grouped[start : ends[key]])
        return people[~simple].tolist()  # type: ignore[no-any-return]

    def _per_team(self, function: str) -> list[set[int]]:
        """The partners of ``function`` in each team (made when first needed)."""
        per_team = self.partners.get(function)
        if per_team is None:  # (not setdefault: its default would be built per person)
            per_team = self.partners[function] = [set() for _ in self.labels]
        return per_team

    def reach(self, k: int) -> frozenset[int]:
        """The teams a dotted line to ``k`` reaches: ``k``'s team, else all teams below."""
        found = self._reach.get(k)
        if found is None:
            home = self.home
            if home[k] >= 0:
                found = frozenset({home[k]})
            else:
                found = frozenset(home[j] for j in self._subtree(k) if home[j] >= 0)
            self._reach[k] = found
        return found

    def judged(self, function: str) -> bool:
        """True when someone of ``function`` is in a team (a central team is not judged)."""
        return any(self.partners.get(function, ()))

    def label(self, t: int) -> str:
        return f"the {self.labels[t]} team" if self.by_area else self.labels[t]

    def people(self, t: int) -> list[int]:
        """The team's lead (unit mode) and its PMs: the people a team finding names."""
        if self.by_area:
            return self.pms[t]
        head = self.heads[t]
        if not self._pm[head]:  # (a lead who is a PM is among the team's PMs: once)
            return [head, *self.pms[t]]
        return [head, *(i for i in self.pms[t] if i != head)]


@memo
def _team_cache(ctx: Context) -> dict[object, _Teams]:
    return {}


def _teams(ctx: Context, units: Iterable[str] | None = None) -> _Teams | None:
    """The teams of the org (by area, else led at ``units``: default ``mix_levels``).

    Two sets of levels whose top-most leads are the same people split the org alike,
    and share one split.
    """
    if ctx.functions is None:
        return None
    basis = _basis(ctx)
    cache = _team_cache(ctx)
    if basis.by_area:
        found = cache.get("area")
        if found is None:
            found = cache["area"] = _Teams(ctx, basis, None, [])
        return found
    key = frozenset(ctx.policy.mix_levels if units is None else units)
    found = cache.get(key)
    if found is None:
        heads, place = _unit_homes(ctx, key)
        found = cache.get(tuple(heads))
        if found is None:
            home, homes = place()
            found = cache[tuple(heads)] = _Teams(ctx, basis, home, heads, homes)
        cache[key] = found
    return found


def _names(ctx: Context, people: Sequence[int]) -> str:
    return ctx.people(people, limit=_SHOWN)


# ====================================================================== product part


def _example_scope() -> Org:
    people = [
        person("1", "Ana Lima", "Chief Executive Officer", function="Executive"),
        person("2", "Bo Chen", "Chief Product Officer", "1", function="Product"),
        person("3", "Cy Diaz", "Product Manager", "2", function="Product"),
        person("4", "Di Evans", "Product Manager", "2", function="Product"),
        person("5", "Ed Park", "VP of Sales", "1", function="Sales"),
    ]
    people += [
        person(f"S{k}", f"Seller {k}", "Account Executive", "5", function="Sales")
        for k in range(1, 6)
    ]
    return Org(people)


@builtin(
    code="PRODUCT_SCOPE",
    severity="info",
    group="team-mix",
    hint="nothing to fix: people outside the product function are counted in team mix but "
    "not judged by the product ladder; validate the product org's subtree alone to leave "
    "the rest of the file out",
    example=_example_scope,
)
def product_scope_note(ctx: Context) -> Iterator[Finding]:
    """Most of the file is outside the product organisation (a whole-company export).

    When the top of the file is not a product person (a CEO), the product ladder judges
    only the product part: the product people and everyone below them. Everyone else
    is known by their function, counted in team mix, and never reported one by one.
    This note says so once, when more than half of the file is outside.
    """
    scope = product_scope(ctx)
    if scope is None:
        return
    n = len(scope)
    inside = scope.count(True)
    if (n - inside) * 2 <= n:
        return
    parent = ctx.parent
    roots = [i for i in indices_of(scope, True) if parent[i] < 0 or not scope[parent[i]]]
    functions = ctx.functions or [None] * n
    mix = Counter(f for f, s in zip(functions, scope, strict=True) if not s and f is not None)
    shown = ", ".join(f"{label_of(f)} {c:,}" for f, c in mix.most_common(4))
    if len(mix) > 4:
        shown += ", …"
    who = _names(ctx, roots) if roots else "nobody"
    yield ctx.finding(
        *roots,
        message=f"{n - inside:,} of the {n:,} people ({(n - inside) / n:.0%}) are outside the "
        f"product organisation ({shown}); the product ladder judged the {inside:,} people "
        f"of the product part, under {who}",
    )


# ====================================================================== team mix


def _example_pm_engineer() -> Org:
    people = [
        person("1", "Dana Ruiz", "Director of Product", function="product"),
        person("2", "Bo Chen", "Product Manager", "1", function="product", area="Checkout"),
        person("3", "Cy Diaz", "Product Manager", "1", function="product", area="Checkout"),
        person("9", "Eli Ward", "Engineering Manager", function="engineering", area="Checkout"),
    ]
    people += [
        person(f"E{k}", f"Engineer {k}", "Software Engineer", "9", function="engineering")
        for k in range(1, 6)
    ]
    return Org(people, strict=False)


@builtin(
    code="PM_ENGINEER_RATIO",
    severity="warning",
    group="team-mix",
    hint="rebalance: a PM per 5–10 engineers keeps PMs neither stretched nor idle",
    example=_example_pm_engineer,
)
def pm_engineer_ratio(ctx: Context) -> Iterator[Finding]:
    """Engineers per PM in a team outside the policy's ``engineers_per_pm`` range.

    PM : engineer is commonly 1:5 to 1:10; large firms' benchmarks show 10–20
    developers per PM. A team is an ``area`` value (team, squad, product area), else a
    Head's or Director's org; engineers count by area, solid line and dotted line, and
    the ratio is over engineers who are individual contributors (their managers are
    named in the message). Judged only for teams with at least ``min_engineers``
    engineers: product-org data often leave engineering out.
    """
    teams = _teams(ctx)
    if teams is None or not teams.judged(ENGINEERING):
        return
    low, high = ctx.policy.engineers_per_pm
    least = ctx.policy.min_engineers
    spans = ctx.spans
    engineers = teams.partners[ENGINEERING]
    for t, pms in enumerate(teams.pms):
        if not pms:
            continue
        everyone = engineers[t]
        ics = sum(1 for i in everyone if not spans[i])
        if ics < least or low <= ics / len(pms) <= high:
            continue
        with_managers = f" ({len(everyone)} with their managers)" if len(everyone) > ics else ""
        yield ctx.finding(
            *teams.people(t),
            message=f"{teams.label(t)} has {plural(len(pms), 'PM')} ({_names(ctx, pms)}) and "
            f"{plural(ics, 'engineer')}{with_managers}: {ics / len(pms):.1f} engineers per PM; "
            f"the policy expects {low:g}–{high:g}",
        )


def _example_coverage() -> Org:
    return Org(
        [
            person("1", "Ana Lima", "VP of Product", function="product"),
            person("2", "Siobhán O'Neill", "Head of Product", "1", function="product"),
            person("3", "Bo Chen", "Product Manager", "2", function="product"),
            person("4", "Cy Diaz", "Product Manager", "2", function="product"),
            person("5", "Kwame Mensah", "Head of Product", "1", function="product"),
            person("6", "Di Evans", "Product Manager", "5", function="product"),
            person("7", "Ravi Shankar", "Product Designer", "5", function="design"),
        ]
    )


@builtin(
    code="PARTNER_COVERAGE",
    severity="info",
    group="team-mix",
    hint="add a partner of that function to the team (a dotted line is enough), or share "
    "one from a neighbouring team",
    example=_example_coverage,
)
def partner_coverage(ctx: Context) -> Iterator[Finding]:
    """A team with PMs but no designer (or too few), or a large org without product ops.

    A product org needs a balanced mix of roles around the PMs. By default every team
    needs a designer, shared by at most five PMs, counting designers by area, solid
    line and dotted line; and an org with at least ``product_ops_min_pms`` PMs in two
    or more teams needs product operations somewhere (judged when the data list
    designers, so that they cover the partner functions). A function nobody in the org has
    is not judged per team (the data do not cover it), nor one whose people all sit
    in a central team without areas or dotted lines.
    """
    teams = _teams(ctx)
    if teams is None:
        return
    present = set(ctx.functions or ())
    for name, entry in sorted(ctx.policy.coverage.items()):
        function = normalise_function(name)
        if entry is None or function is None:
            continue
        level, max_pms = entry
        at = teams if teams.by_area else _teams(ctx, (level,))
        if at is None or not at.judged(function):
            continue
        word = label_of(function)
        people = at.partners[function]
        for t in range(len(at.labels)):
            pms = at.pms[t]
            if not pms:
                continue
            partners = len(people[t])
            if not partners:
                yield ctx.finding(
                    *at.people(t),
                    message=f"{at.label(t)} has {plural(len(pms), 'PM')} "
                    f"({_names(ctx, pms)}) and no {word} partner by solid line, dotted "
                    "line or area",
                )
            elif max_pms is not None and len(pms) > partners * max_pms:
                yield ctx.finding(
                    *at.people(t),
                    message=f"{at.label(t)} has {plural(len(pms), 'PM')} and "
                    f"{plural(partners, f'{word} partner')}; the policy allows at most "
                    f"{max_pms} PMs per {word} partner",
                )
    least = ctx.policy.product_ops_min_pms
    if least is None or PRODUCT_OPS in present or DESIGN not in present:
        return  # product ops is there, or the data do not list partner functions
    staffed = [t for t, pms in enumerate(teams.pms) if pms]
    total = sum(len(teams.pms[t]) for t in staffed)
    if total >= least and len(staffed) >= 2:
        scope = product_scope(ctx)
        parent = ctx.parent
        tops = [
            i
            for i in range(len(ctx.ids))
            if (scope is None or scope[i]) and (parent[i] < 0 or (scope and not scope[parent[i]]))
        ]
        yield ctx.finding(
            *tops,
            message=f"the product org has {plural(total, 'PM')} in {len(staffed)} teams and "
            "nobody in product operations",
        )


# ====================================================================== dotted lines


def _served(ctx: Context, teams: _Teams, i: int, managers: Sequence[int]) -> list[str]:
    """The teams a partner serves: their own, and one per dotted line (a leader's org).

    A dotted line to a leader without a team of their own (a Director over several
    squads) is one team, the leader's org, not every squad below: central partners
    (product ops) are not spread thin by partnering a few leaders.
    """
    if i not in teams.teams_of:
        return []
    home = teams.home
    served = [teams.labels[home[i]]] if home[i] >= 0 else []
    for k in managers:
        served.append(teams.labels[home[k]] if home[k] >= 0 else f"the org of {ctx.who(k)}")
    return list(dict.fromkeys(served))


def _example_dotted() -> Org:
    leads = [
        person(str(k), f"PM {k}", "Product Manager", "1", function="product", area=area)
        for k, area in enumerate(("Search", "Checkout", "Accounts", "Payouts"), start=2)
    ]
    return Org(
        [
            person("1", "Dana Ruiz", "Director of Product", function="product"),
            *leads,
            person(
                "9",
                "Ravi Shankar",
                "Product Designer",
                "1",
                function="design",
                dotted_line=("2", "3", "4", "5"),
            ),
        ]
    )


@builtin(
    code="DOTTED_LINE_OVERLOAD",
    severity="warning",
    group="team-mix",
    hint="give each team its own partner, or cut the dotted lines to the teams the person "
    "really works with",
    example=_example_dotted,
)
def dotted_line_overload(ctx: Context) -> Iterator[Finding]:
    """A person with too many dotted-line managers, or a partner spread over too many teams.

    Three or more dotted managers (above ``max_dotted_managers``) means nobody knows
    whose priorities win; a designer, engineer or product-ops partner serving more
    than ``max_partner_teams`` teams (by area and dotted lines) is spread too thin to
    be a member of any of them.
    """
    dotted = ctx.column("dotted_line")
    if dotted is None:
        return
    most = ctx.policy.max_dotted_managers
    widest = ctx.policy.max_partner_teams
    teams = _teams(ctx)
    index_of = ctx.view.index_of
    scope = product_scope(ctx)
    for i in itertools.compress(range(len(dotted)), map(bool, dotted)):
        managers = list(dict.fromkeys(k for k in map(index_of, dotted[i]) if k is not None))
        served = _served(ctx, teams, i, managers) if teams is not None else []
        if len(managers) <= most and len(served) <= widest:
            continue
        if scope is not None and not scope[i] and not any(scope[k] for k in managers):
            continue  # outside the product part, and not partnering it
        parts = [f"has {plural(len(managers), 'dotted-line manager')} ({_names(ctx, managers)})"]
        if len(served) > widest:
            names = ", ".join(served[:_SHOWN])
            more = f" and {len(served) - _SHOWN} more" if len(served) > _SHOWN else ""
            parts.append(f"partners {plural(len(served), 'team')} ({names}{more})")
        yield ctx.finding(
            i,
            *managers,
            message=f"{ctx.who(i)} " + " and ".join(parts) + f"; the policy allows {most} "
            f"dotted-line managers and {widest} teams per partner",
        )
