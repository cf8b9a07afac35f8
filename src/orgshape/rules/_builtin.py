"""The built-in rules, made with the same :func:`rule` decorator custom rules use.

Each rule reads the shared data of the :class:`Context` (computed once per validation)
and does its own work on the few positions that can fail it, mostly with C-speed list
operations (``list.index``, ``map``, ``itertools.compress``), so that all rules together
stay linear in the number of people and make :class:`~orgshape.Position` records only
for people who get a finding.
"""

from __future__ import annotations

import bisect
import itertools
import math
import operator
import types
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from orgshape._model import Org, Position
from orgshape._problems import FATAL_CODES, INFO_CODES, Problem, ProblemCode
from orgshape.rules import _capacity as _capacity_rules  # noqa: F401  (registers its rules)
from orgshape.rules import _team as _team_rules  # noqa: F401  (registers the team-mix rules)
from orgshape.rules._arrays import arrays, children
from orgshape.rules._finding import Finding, Severity
from orgshape.rules._kit import (
    GROUP_ORDER,
    REGISTRY,
    at_level,
    builtin,
    level_codes,
    memo,
    person,
    plural,
    pm_mask,
    product_counts_past,
    product_layers,
    vacancy_orgs,
    vacant,
)
from orgshape.rules._rule import Context, Example, Rule, indices_of

if TYPE_CHECKING:
    from orgshape._ladder import Ladder
    from orgshape.rules._policy import Policy

__all__ = ["BUILTIN_RULES"]


def _range(low: float, high: float | None) -> str:
    if high is None:
        return f"at least {low:g}"
    return f"{low:g}–{high:g}"


# ====================================================================== structure (data)

_PROBLEM_SEVERITY: Final[Mapping[ProblemCode, Severity]] = types.MappingProxyType(
    {
        code: Severity.INFO
        if code in INFO_CODES
        else Severity.WARNING
        if code in (ProblemCode.BAD_VALUE, ProblemCode.UNKNOWN_DOTTED_LINE)
        else Severity.ERROR
        for code in ProblemCode
    }
)


@memo
def _problems_by_code(ctx: Context) -> dict[str, list[Problem]]:
    groups: dict[str, list[Problem]] = {}
    for problem in ctx.org.problems:
        groups.setdefault(problem.code.value, []).append(problem)
    return groups


class _ProblemCheck:
    """Turns the org's data problems of one code into findings."""

    def __init__(self, code: ProblemCode) -> None:
        self.code = code
        self.__doc__ = code.description
        self.__name__ = self.__qualname__ = f"problem_{code.value.lower()}"
        self.__module__ = __name__

    def __repr__(self) -> str:
        return f"<data problem check {self.code.value}>"

    def __call__(self, ctx: Context) -> Iterator[Finding]:
        index = ctx.view.index
        for problem in _problems_by_code(ctx).get(self.code.value, ()):
            ids = [problem.id] if problem.id is not None else []
            ids.extend(r for r in problem.related if r in index and r not in ids)
            yield ctx.finding(*ids, message=problem.message, row=problem.row)


def _read_records(*records: dict[str, Any]) -> Org:
    from orgshape.io import read  # noqa: PLC0415  (the loaders find these problems)

    return read(list(records), strict=False)


_PROBLEM_EXAMPLES: Final[Mapping[ProblemCode, Example]] = {
    ProblemCode.MISSING_ID: lambda: Org(
        [person("1", "Ana Lima", "CPO"), person("", "Bo Chen", "VP of Product", "1")], strict=False
    ),
    ProblemCode.DUPLICATE_ID: lambda: Org(
        [person("1", "Ana Lima", "CPO"), person("1", "Bo Chen", "VP of Product", "1")], strict=False
    ),
    ProblemCode.SELF_MANAGER: lambda: Org(
        [person("1", "Ana Lima", "CPO"), person("2", "Bo Chen", "VP of Product", "2")], strict=False
    ),
    ProblemCode.UNKNOWN_MANAGER: lambda: Org(
        [person("1", "Ana Lima", "CPO"), person("2", "Bo Chen", "VP of Product", "9")], strict=False
    ),
    ProblemCode.CYCLE: lambda: Org(
        [
            person("1", "Ana Lima", "CPO"),
            person("2", "Bo Chen", "VP of Product", "3"),
            person("3", "Cy Diaz", "Head of Product", "2"),
        ],
        strict=False,
    ),
    ProblemCode.MULTIPLE_ROOTS: lambda: Org(
        [person("1", "Ana Lima", "CPO"), person("2", "Bo Chen", "VP of Product")], strict=False
    ),
    ProblemCode.NO_ROOT: lambda: Org(
        [person("1", "Ana Lima", "CPO", "2"), person("2", "Bo Chen", "VP of Product", "1")],
        strict=False,
    ),
    ProblemCode.UNREACHABLE: lambda: Org(
        [
            person("1", "Ana Lima", "CPO"),
            person("2", "Bo Chen", "VP of Product", "9"),
            person("3", "Cy Diaz", "Head of Product", "2"),
        ],
        strict=False,
    ),
    ProblemCode.UNKNOWN_LEVEL: lambda: Org(
        [
            person("1", "Ana Lima", "CPO"),
            person("2", "Bo Chen", "VP of Product", "1", level="BOSS"),
        ],
        strict=False,
    ),
    ProblemCode.MULTIPLE_MANAGERS: lambda: _read_records(
        {"id": "1", "name": "Ana Lima", "title": "CPO", "manager": ""},
        {"id": "2", "name": "Bo Chen", "title": "VP of Product", "manager": "1"},
        {"id": "3", "name": "Cy Diaz", "title": "Head of Product", "manager": "1;2"},
    ),
    ProblemCode.AMBIGUOUS_MANAGER_REF: lambda: _read_records(
        {"id": "1", "name": "Ana Lima", "title": "CPO", "manager": ""},
        {"id": "2", "name": "Bo Chen", "title": "VP of Product", "manager": "Ana Lima"},
        {"id": "3", "name": "Bo Chen", "title": "VP of Product", "manager": "Ana Lima"},
        {"id": "4", "name": "Cy Diaz", "title": "Head of Product", "manager": "Bo Chen"},
    ),
    ProblemCode.BAD_VALUE: lambda: _read_records(
        {"id": "1", "name": "Ana Lima", "title": "CPO", "manager": "", "cost": "n/a"},
    ),
    ProblemCode.EXTERNAL_MANAGER: lambda: Org(
        [
            person("2", "Bo Chen", "VP of Product", "1"),
            person("3", "Cy Diaz", "Head of Product", "2"),
        ]
    ),
    ProblemCode.CREATED_FROM_EDGES: lambda: _read_records(
        {"source": "1", "target": "2"}, {"source": "2", "target": "3"}
    ),
    ProblemCode.UNKNOWN_DOTTED_LINE: lambda: _read_records(
        {"id": "1", "name": "Ana Lima", "title": "CPO", "manager": "", "dotted_line": ""},
        {
            "id": "2",
            "name": "Bo Chen",
            "title": "VP of Product",
            "manager": "1",
            "dotted_line": "9",
        },
    ),
}

for _code in ProblemCode:
    _text, _hint = _code.description, _code.hint
    if _code in FATAL_CODES:
        _text = (
            f"{_text} It stops the load: reading raises `DataError` even with "
            "`strict=False`, so this code is seen in that error, never in a report."
        )
    REGISTRY.append(
        Rule(
            code=_code.value,
            name=_code.value.lower().replace("_", "-"),
            severity=_PROBLEM_SEVERITY[_code],
            check=_ProblemCheck(_code),
            hint=_hint,
            rationale=_text,
            group="structure",
            example=_PROBLEM_EXAMPLES.get(_code),
        )
    )


# ====================================================================== ladder


def _example_unknown_title() -> Org:
    return Org(
        [
            person("1", "Ana Lima", "Chief Product Officer"),
            person("2", "Bo Chen", "Product Lead", "1"),
            person("3", "Cy Diaz", "Staff Engineer", "1", function="engineering"),
        ]
    )


@builtin(
    code="UNKNOWN_TITLE",
    severity="warning",
    group="ladder",
    hint="add the title to the ladder (an alias in the policy's [ladder.aliases]), give the "
    "level in a level column, or set the function of non-product roles",
    example=_example_unknown_title,
)
def unknown_title(ctx: Context) -> Iterator[Finding]:
    """A product-function title that maps to no level, so the rules cannot judge the person.

    One finding per title, naming everyone who has it.

    The ladder never guesses ("Product Lead" leads PMs at some firms and is one at
    others, so it is nobody's level until the ladder says so). Only product positions
    count: someone whose ``function`` is not product (a designer, an engineer, an
    assistant) is not expected to be on the product ladder.
    """
    levels = ctx.levels
    if None not in levels:
        return
    product = ctx.product_mask
    titles = ctx.titles
    by_title: dict[str | None, list[int]] = {}  # one finding per title, first seen first
    for i in at_level(ctx, None):
        if product[i]:
            by_title.setdefault(titles[i], []).append(i)
    for title, people in by_title.items():
        if len(people) == 1:
            (i,) = people
            if title is None:
                message = f"{ctx.who(i)} has neither a title nor a level"
            else:
                message = f"{ctx.who(i)}: the title {title!r} maps to no level on the ladder"
        elif title is None:
            message = f"{len(people)} people have neither a title nor a level: {ctx.people(people)}"
        else:
            message = (
                f"{len(people)} people have the title {title!r}, which maps to no level on the "
                f"ladder: {ctx.people(people)}"
            )
        yield ctx.finding(*people, message=message)


def _example_wrong_root() -> Org:
    return Org(
        [
            person("1", "Bo Chen", "Director of Product"),
            person("2", "Cy Diaz", "Product Manager", "1"),
            person("3", "Di Evans", "Product Manager", "1"),
            person("4", "Eli Ford", "Product Manager", "1"),
        ]
    )


@builtin(
    code="WRONG_ROOT_LEVEL",
    severity="warning",
    group="ladder",
    hint="put a product leader (a CPO, VP or Head of Product) at the top, or set root_level "
    "in the policy when the org is deliberately a part of a larger one",
    example=_example_wrong_root,
)
def wrong_root_level(ctx: Context) -> Iterator[Finding]:
    """The top of the org is below the levels that lead a product org.

    The root level (the CPO, who owns the whole product side) is the usual top; a VP or
    a Head of Product leading the product org (which reports into a non-product
    executive) is a common, healthy shape too, so the management levels from the root
    down to ``HEAD`` are accepted (with an explicit ``root_level`` in the policy, only
    that level is). Someone outside the product function at the top (the CEO of a
    whole-company export) is not judged: the product org is the part below.
    """
    root_level = ctx.root_level
    accepted = ctx.resolved.top_levels
    managers = ctx.view.managers
    levels = ctx.levels
    product = ctx.product_mask
    for i in ctx.view.tops:
        if managers[i] is not None or levels[i] in accepted or not product[i]:
            continue  # a fragment under a data problem, a healthy top, or not product
        level = levels[i]
        what = f"at level {level}" if level is not None else "at an unknown level"
        yield ctx.finding(
            i, message=f"the top of the org is {ctx.who(i)}, {what}; expected {root_level}"
        )


def _example_multiple_root_level() -> Org:
    return Org(
        [
            person("1", "Ana Lima", "Chief Product Officer"),
            person("2", "Bo Chen", "CPO", "1"),
        ]
    )


@builtin(
    code="MULTIPLE_ROOT_LEVEL",
    severity="error",
    group="ladder",
    hint="keep one position at the root level; retitle or relevel the others",
    example=_example_multiple_root_level,
)
def multiple_root_level(ctx: Context) -> Iterator[Finding]:
    """More than one position at the root level: there is one CPO per org."""
    root_level = ctx.root_level
    levels = ctx.levels
    if levels.count(root_level) < 2:
        return
    found = indices_of(levels, root_level)
    top = set(ctx.view.tops)
    ordered = [i for i in found if i not in top] + [i for i in found if i in top]
    yield ctx.finding(
        *ordered,
        message=f"{len(found)} positions are at the root level {root_level}, which allows one: "
        + ctx.people(found),
    )


@memo
def _irregular_steps(ctx: Context) -> list[tuple[int, int, int]]:
    """(report, manager, rank step) for every solid line that does not step down (step <= 0)."""
    ranks = ctx.ranks
    n = len(ranks)
    if not n:
        return []
    parent = ctx.parent
    fast = arrays(ctx)
    if fast is not None:
        np = fast.np
        names, codes = level_codes(ctx)
        levels = ctx.levels
        rank = np.asarray([ranks[levels.index(level)] for level in names])[codes]
        above = np.where(fast.parent >= 0, rank[fast.parent], -1)
        odd = np.flatnonzero((rank >= 0) & (above >= 0) & (rank <= above)).tolist()
        return [(i, parent[i], ranks[i] - ranks[parent[i]]) for i in odd]
    # compared at C speed: a report's rank (unknown: past every rank) against their
    # manager's (unknown, or no manager at the top: -1, before every rank)
    past = max(ranks) + 1
    table = {r: past if r < 0 else r for r in set(ranks)}
    as_manager = [*ranks, -1]  # (a top's parent -1 reads the last entry)
    odd = map(operator.le, map(table.__getitem__, ranks), map(as_manager.__getitem__, parent))
    return [(i, parent[i], ranks[i] - ranks[parent[i]]) for i in itertools.compress(range(n), odd)]


@memo
def _management_levels(ctx: Context) -> list[str]:
    """The management levels the org uses, top to bottom: non-IC levels where someone leads."""
    ladder = ctx.ladder
    ic = ctx.ic_levels
    leading = set(itertools.compress(ctx.levels, ctx.spans))
    return [level for level in ladder.names if level in leading and level not in ic]


def _senior_ic_levels(ladder: Ladder, ic: frozenset[str]) -> frozenset[str]:
    """IC levels ranked above a management level of their track: senior ICs (PRINCIPAL_PM)."""
    lowest: dict[str, int] = {}
    for level in ladder:
        if level.name not in ic:
            rank = ladder.rank(level.name)
            lowest[level.function] = max(rank, lowest.get(level.function, -1))
    return frozenset(
        level.name
        for level in ladder
        if level.name in ic and ladder.rank(level.name) < lowest.get(level.function, -1)
    )


@memo
def _skips(ctx: Context) -> list[tuple[int, int]]:
    """(report, manager) for every line stepping down more management levels than the gap."""
    gap = ctx.policy.max_level_gap
    ladder = ctx.ladder
    used: dict[str, list[int]] = {}  # the ranks of the management levels in use, per track
    for level in _management_levels(ctx):
        used.setdefault(ladder[level].function, []).append(ladder.rank(level))
    if all(len(ranks) < gap for ranks in used.values()):
        return []  # no step can skip more levels than the org uses
    senior_ic = _senior_ic_levels(ladder, ctx.ic_levels)

    def skipping(upper: str | None, lower: str | None) -> bool:
        """True when a line from ``upper`` down to ``lower`` skips too many levels."""
        if upper is None or lower is None or upper not in ladder or lower not in ladder:
            return False
        if lower in senior_ic:
            return False  # senior ICs sit beside the managers
        high, low = ladder.rank(upper), ladder.rank(lower)
        ranks = sorted(used.get(ladder[upper].function, ()))
        step = 1 + bisect.bisect_left(ranks, low) - bisect.bisect_right(ranks, high)
        return low > high and step > gap

    levels = ctx.levels
    parent = ctx.parent
    fast = arrays(ctx)
    if fast is not None:  # each (manager level, level) pair as one int, over arrays
        np = fast.np
        names, codes = level_codes(ctx)
        wide = len(names)
        lines = fast.parent >= 0
        pairs = np.where(lines, codes[fast.parent] * wide + codes, -1)
        seen = np.flatnonzero(np.bincount(pairs[lines], minlength=wide * wide)).tolist()
        bad = [k for k in seen if skipping(names[k // wide], names[k % wide])]
        if not bad:
            return []
        flagged = np.flatnonzero(np.isin(pairs, bad)).tolist()
        return [(i, parent[i]) for i in flagged]
    manager_levels = list(map(levels.__getitem__, parent))  # tops read levels[-1]
    bad_pairs = {pair for pair in set(zip(manager_levels, levels, strict=True)) if skipping(*pair)}
    if not bad_pairs:
        return []
    flags = map(bad_pairs.__contains__, zip(manager_levels, levels, strict=True))
    return [(i, parent[i]) for i in itertools.compress(range(len(levels)), flags) if parent[i] >= 0]


def _steps_by_manager(ctx: Context, keep: Callable[[int], bool]) -> list[tuple[int, list[int]]]:
    """The irregular steps ``keep`` selects, grouped by manager: ``(manager, reports)``.

    Managers in the order of their first such report; one manager's reports in order.
    """
    groups: dict[int, list[int]] = {}
    for i, p, step in _irregular_steps(ctx):
        if keep(step):
            groups.setdefault(p, []).append(i)
    return list(groups.items())


def _example_inversion() -> Org:
    return Org(
        [
            person("1", "Ana Lima", "Director of Product"),
            person("2", "Bo Chen", "Product Manager", "1"),
            person("3", "Cy Diaz", "Senior Product Manager", "2"),
        ]
    )


@builtin(
    code="LEVEL_INVERSION",
    severity="error",
    group="ladder",
    hint="move them under a manager above their level, or correct one of the two levels",
    example=_example_inversion,
)
def level_inversion(ctx: Context) -> Iterator[Finding]:
    """A report at a higher level than their manager: the ladder runs upside down.

    One finding per manager: several reports above one manager are one fact.
    """
    levels = ctx.levels
    for p, reports in _steps_by_manager(ctx, lambda step: step < 0):
        if len(reports) == 1:
            (i,) = reports
            yield ctx.finding(
                i,
                p,
                message=f"{ctx.who(i)} at level {levels[i]} reports to {ctx.who(p)} at the "
                f"lower level {levels[p]}",
            )
        else:
            yield ctx.finding(
                p,
                *reports,
                message=f"{len(reports)} reports of {ctx.who(p)}, at level {levels[p]}, are at "
                f"higher levels: {ctx.people(reports)}",
            )


def _example_same_level() -> Org:
    return Org(
        [
            person("1", "Ana Lima", "Head of Product"),
            person("2", "Bo Chen", "Director of Product, Platform", "1"),
            person("3", "Cy Diaz", "Director of Product, Observability", "2"),
        ]
    )


@builtin(
    code="SAME_LEVEL_REPORT",
    severity="warning",
    group="ladder",
    hint="move them under a manager above their level; if the titles differ in seniority "
    "(Senior Director over Director), give the senior title a level of its own on the ladder",
    example=_example_same_level,
)
def same_level_report(ctx: Context) -> Iterator[Finding]:
    """A report at the same level as their manager: a peer managing a peer.

    A separate rule from ``LEVEL_INVERSION`` because it is often a ladder that is too
    coarse (a Senior Director and a Director share the DIRECTOR level) rather than a
    design error, so it can be re-severitied or ignored on its own.
    """
    levels = ctx.levels
    for p, reports in _steps_by_manager(ctx, lambda step: step == 0):
        if len(reports) == 1:
            (i,) = reports
            yield ctx.finding(
                i,
                p,
                message=f"{ctx.who(i)} reports to {ctx.who(p)}, who is at the same level "
                f"{levels[i]}",
            )
        else:
            yield ctx.finding(
                p,
                *reports,
                message=f"{len(reports)} reports of {ctx.who(p)} are at the same level "
                f"{levels[p]}: {ctx.people(reports)}",
            )


def _example_level_skip() -> Org:
    return Org(
        [
            person("1", "Ana Lima", "Chief Product Officer"),
            person("2", "Bo Chen", "Product Manager", "1"),
            person("3", "Cy Diaz", "VP of Product", "1"),
            person("4", "Di Evans", "Director of Product", "3"),
            person("5", "Eli Ford", "Group Product Manager", "4"),
            person("6", "Fay Gold", "Product Manager", "5"),
        ]
    )


@builtin(
    code="LEVEL_SKIP",
    severity="warning",
    group="ladder",
    hint="add the missing management level between them, or move the report under a "
    "manager closer to their level",
    example=_example_level_skip,
)
def level_skip(ctx: Context) -> Iterator[Finding]:
    """A report further below their manager than ``max_level_gap`` management levels in use.

    The step is counted over the management levels the org actually uses (non-IC
    levels of the manager's track at which someone has reports), not over the
    ladder's ranks, so a
    longer ladder does not make ordinary lines skips: a CPO leading PMs where nobody
    else manages skips nothing, while a CPO leading PMs where VPs, Directors and Group
    PMs lead everyone else skips the layers that would coach them. Senior individual
    contributors (Principal or Staff PMs) sit beside the managers and are never a skip.
    """
    levels = ctx.levels
    ladder = ctx.ladder
    gap = ctx.policy.max_level_gap
    used = _management_levels(ctx)
    by_manager: dict[int, list[int]] = {}
    for i, p in _skips(ctx):
        by_manager.setdefault(p, []).append(i)
    for p, reports in by_manager.items():
        upper = ladder[levels[p]]  # type: ignore[index]
        high = ladder.rank(upper.name)
        if len(reports) > 1:  # one manager leading several people too far below: one fact
            yield ctx.finding(
                p,
                *reports,
                message=f"{len(reports):,} direct reports of {ctx.who(p)}, at level "
                f"{levels[p]}, skip management levels the org uses: {ctx.people(reports)}; "
                f"the policy allows a step of {gap}",
            )
            continue
        (i,) = reports
        lower = ladder[levels[i]]  # type: ignore[index]
        low = ladder.rank(lower.name)
        skipped = [
            level
            for level in used
            if high < ladder.rank(level) < low and ladder[level].function == upper.function
        ]
        yield ctx.finding(
            i,
            p,
            message=f"{ctx.who(i)} at level {levels[i]} reports directly to {ctx.who(p)} "
            f"at level {levels[p]}, skipping {plural(len(skipped), 'management level')} "
            f"the org uses ({', '.join(skipped)}); the policy allows a step of {gap}",
        )


def _example_ic_with_reports() -> Org:
    return Org(
        [
            person("1", "Ana Lima", "Director of Product"),
            person("2", "Bo Chen", "Product Manager", "1"),
            person("3", "Cy Diaz", "Product Manager", "2"),
            person("4", "Di Evans", "Product Manager", "2"),
        ]
    )


@memo
def _manager_levels(ctx: Context) -> list[str | None]:
    return list(map(ctx.levels.__getitem__, ctx.managers))


@builtin(
    code="IC_WITH_REPORTS",
    severity="warning",
    group="ladder",
    hint="move the reports to a manager, or make the manager's role a management level "
    "(a Senior PM may lead PMs)",
    example=_example_ic_with_reports,
)
def ic_with_reports(ctx: Context) -> Iterator[Finding]:
    """A position at an individual-contributor level (a PM) who has direct reports."""
    ic = ctx.ic_levels
    if not ic:
        return
    managers = ctx.managers
    levels = ctx.levels
    spans = ctx.spans
    for i in itertools.compress(managers, map(ic.__contains__, _manager_levels(ctx))):
        reports = [k for k in children(ctx, i) if ctx.assistants is None or not ctx.assistants[k]]
        yield ctx.finding(
            i,
            *reports,
            message=f"{ctx.who(i)} is at {levels[i]}, an individual-contributor level, but "
            f"has {plural(spans[i], 'direct report')}: {ctx.people(reports)}",
        )


# ====================================================================== spans


@memo
def _span_outliers(ctx: Context) -> tuple[list[int], list[int]]:
    """Managers whose span is above, and (span >= 2) below, their level's range."""
    ranges = {level: r for level, r in ctx.policy.spans.items() if level in ctx.ladder}
    if not ranges:
        return [], []
    managers = ctx.managers
    levels = _manager_levels(ctx)
    spans = list(map(ctx.spans.__getitem__, managers))
    distinct = set(levels)
    high = {level: (ranges[level][1] if level in ranges else None) for level in distinct}
    top = {level: (math.inf if h is None else h) for level, h in high.items()}
    low = {level: (ranges[level][0] if level in ranges else 0) for level in distinct}
    above = list(
        itertools.compress(managers, map(operator.gt, spans, map(top.__getitem__, levels)))
    )
    below = [
        i
        for i in itertools.compress(managers, map(operator.lt, spans, map(low.__getitem__, levels)))
        if ctx.spans[i] >= 2
    ]
    return above, below


def _span_message(ctx: Context, i: int) -> str:
    level = ctx.levels[i]
    assert level is not None  # only managers with a range are judged
    low, high = ctx.policy.spans[level]
    return (
        f"{ctx.who(i)} has {plural(ctx.spans[i], 'direct report')}; the policy allows "
        f"{_range(low, high)} for {level}"
    )


def _team(manager: Position, count: int, *, title: str = "Product Manager") -> list[Position]:
    return [
        person(f"{manager.id}.{k}", f"PM {manager.id}.{k}", title, manager.id)
        for k in range(1, count + 1)
    ]


def _example_span_above() -> Org:
    director = person("1", "Dana Ruiz", "Director of Product")
    return Org([director, *_team(director, 9)])


@builtin(
    code="SPAN_ABOVE_RANGE",
    severity="warning",
    group="spans",
    hint="split the team under a new manager, or move some reports elsewhere",
    example=_example_span_above,
)
def span_above_range(ctx: Context) -> Iterator[Finding]:
    """A manager with more direct reports than the policy allows for their level.

    Spans count solid-line reports only: assistants and dotted lines never count. The
    defaults follow McKinsey's archetypes (a product Director is a player/coach or a
    coach: 3–8 reports leaves time to coach each one).
    """
    for i in _span_outliers(ctx)[0]:
        yield ctx.finding(i, message=_span_message(ctx, i))


def _example_span_below() -> Org:
    director = person("1", "Dana Ruiz", "Director of Product")
    return Org([director, *_team(director, 2)])


@builtin(
    code="SPAN_BELOW_RANGE",
    severity="warning",
    group="spans",
    hint="give the manager more reports, merge the team with a sibling team, or make the "
    "role an individual contributor",
    example=_example_span_below,
)
def span_below_range(ctx: Context) -> Iterator[Finding]:
    """A manager with fewer direct reports than the policy's minimum for their level.

    Narrow spans add layers and cost. A span of exactly 1 is left to ``ONE_OVER_ONE``,
    so that an exemption for a one-over-one silences one finding, not two.
    """
    for i in _span_outliers(ctx)[1]:
        yield ctx.finding(i, message=_span_message(ctx, i))


def _example_one_over_one() -> Org:
    return Org(
        [
            person("1", "Ana Lima", "Head of Product"),
            person("2", "Bo Chen", "Director of Product", "1"),
            *_team(person("2", "Bo Chen", "Director of Product", "1"), 3),
        ]
    )


@builtin(
    code="ONE_OVER_ONE",
    severity="warning",
    group="spans",
    hint="merge the two roles, give the manager more reports, or record an exemption with a "
    "reason in the policy",
    example=_example_one_over_one,
)
def one_over_one(ctx: Context) -> Iterator[Finding]:
    """A manager with exactly one direct report: a classic anti-pattern.

    The layer adds cost and slows decisions without adding coaching capacity.
    Legitimate cases exist (a ramp-up, a deputy); allow them per person with an
    exemption and a reason. A level whose span range in the policy starts at 1 (a
    Senior PM, a player/coach with a portfolio of their own, may coach one PM) is not
    judged.
    """
    spans = ctx.spans
    if 1 not in spans:
        return
    assistants = ctx.assistants
    levels = ctx.levels
    ranges = ctx.policy.spans
    allowed = {level for level, (low, _) in ranges.items() if low <= 1 and level in ctx.ladder}
    for i in indices_of(spans, 1):
        if levels[i] in allowed:
            continue
        (report,) = [k for k in children(ctx, i) if assistants is None or not assistants[k]]
        yield ctx.finding(
            i, report, message=f"{ctx.who(i)} has exactly one direct report, {ctx.who(report)}"
        )


# ====================================================================== layers


def _example_too_many_layers() -> Org:
    titles = (
        "CPO",
        "VP of Product",
        "Head of Product",
        "Senior Director of Product",
        "Director of Product",
        "Group Product Manager",
        "Senior Product Manager",
        "Senior Product Manager",
        "Product Manager",
    )
    return Org(
        [
            person(str(k), f"Person {k}", title, str(k - 1) if k > 1 else None)
            for k, title in enumerate(titles, start=1)
        ]
    )


@builtin(
    code="TOO_MANY_LAYERS",
    severity="warning",
    group="layers",
    hint="remove a management layer on the longest chain (often a one-over-one or a "
    "same-level report)",
    example=_example_too_many_layers,
)
def too_many_layers(ctx: Context) -> Iterator[Finding]:
    """The org has more layers than the policy allows (by default 8, whatever the ladder).

    Very large firms aim for 7–8 layers at most; a longer chain usually hides managers
    at the same level as their reports or one-over-ones. The cap does not grow when a
    ladder has more levels.
    """
    layers = product_layers(ctx)  # in a whole-company file, from the product part's top
    if not layers:
        return
    deepest = max(layers)
    limit = ctx.max_layers
    if deepest <= limit:
        return
    i = layers.index(deepest)
    below = len(layers) - sum(map(limit.__ge__, layers))
    chain = [k for k in (i, *ctx.view.chain(i)) if layers[k]]
    chain.reverse()
    shown = " → ".join(ctx.ids[k] for k in chain[: limit + 1])
    if len(chain) > limit + 1:
        shown += f" → … → {ctx.ids[i]}"
    yield ctx.finding(
        i,
        message=f"the org has {deepest} layers; the policy allows {limit}: {ctx.who(i)} is on "
        f"layer {deepest} ({shown}); {plural(below, 'position')} below layer {limit}",
    )


# ====================================================================== vacancies


@memo
def _vacancies(ctx: Context) -> list[int]:
    open_seats = vacant(ctx)
    return indices_of(open_seats, True) if True in open_seats else []


def _example_vacant_manager() -> Org:
    vacancy = person("2", None, "Director of Product", "1")
    return Org([person("1", "Ana Lima", "Head of Product"), vacancy, *_team(vacancy, 3)])


@builtin(
    code="VACANT_MANAGER",
    severity="warning",
    group="vacancies",
    hint="fill the role, or give the team an interim manager until it is filled",
    example=_example_vacant_manager,
)
def vacant_manager(ctx: Context) -> Iterator[Finding]:
    """A vacant seat with direct reports: a team nobody manages today."""
    spans = ctx.spans
    for i in _vacancies(ctx):
        if spans[i]:
            yield ctx.finding(
                i,
                message=f"{ctx.who(i)} has {plural(spans[i], 'direct report')} but nobody "
                "in the seat",
            )


def _inside_vacancy_orgs(ctx: Context) -> list[bool] | None:
    """True for everyone in an org ``VACANCY_SHARE`` reports (None: it does not run)."""
    if not any(r.code == "VACANCY_SHARE" for r in ctx.resolved.rules):
        return None
    orgs = vacancy_orgs(ctx)
    if not orgs:
        return None
    inside = [False] * len(ctx.ids)
    for i in orgs:
        for k in ctx.view.subtree(i):
            inside[k] = True
    return inside


def _example_vacancy_share() -> Org:
    director = person("1", "Dana Ruiz", "Director of Product")
    return Org(
        [
            director,
            person("2", "Bo Chen", "Product Manager", "1"),
            person("3", None, "Product Manager", "1"),
            person("4", None, "Product Manager", "1"),
        ]
    )


@builtin(
    code="HIGH_VACANCY_SHARE",
    severity="warning",
    group="vacancies",
    hint="prioritise hiring for this team, or merge it with another until it is staffed",
    example=_example_vacancy_share,
)
def high_vacancy_share(ctx: Context) -> Iterator[Finding]:
    """A manager whose direct reports are mostly open roles (above ``max_vacancy_share``).

    Such a team is a hiring plan more than a team: the manager has few people to lead.
    """
    vacancies = _vacancies(ctx)
    if not vacancies:
        return
    parent = ctx.parent
    assistants = ctx.assistants
    counts = Counter(
        parent[i] for i in vacancies if parent[i] >= 0 and (assistants is None or not assistants[i])
    )
    threshold = ctx.policy.max_vacancy_share
    spans = ctx.spans
    inside = _inside_vacancy_orgs(ctx)
    for p in sorted(counts):
        if inside is not None and inside[p]:
            continue  # part of a VACANCY_SHARE org: the same fact, reported there
        open_roles = counts[p]
        if open_roles / spans[p] > threshold:
            seats = [
                k
                for k in children(ctx, p)
                if vacant(ctx)[k] and (assistants is None or not assistants[k])
            ]
            yield ctx.finding(
                p,
                *seats,
                message=f"{open_roles} of the {plural(spans[p], 'direct report')} of "
                f"{ctx.who(p)} are open roles ({open_roles / spans[p]:.0%}); the policy "
                f"allows at most {threshold:.0%}",
            )


# ====================================================================== portfolio


@memo
def _products(ctx: Context) -> Sequence[tuple[str, ...]] | None:
    return ctx.column("products")


@memo
def _product_index(ctx: Context) -> tuple[list[str], list[int]]:
    """Every product of every position, flattened in order, and where each one's ends.

    Product ``k`` of the flat list belongs to position ``bisect_right(ends, k)``.
    """
    products = _products(ctx) or []
    flat = list(itertools.chain.from_iterable(products))
    return flat, list(itertools.accumulate(map(len, products)))


def _holders(ctx: Context, wanted: set[str]) -> dict[str, list[int]]:
    """The holders of each wanted product, in order."""
    flat, ends = _product_index(ctx)
    out: dict[str, list[int]] = {}
    for k in itertools.compress(range(len(flat)), map(wanted.__contains__, flat)):
        i = bisect.bisect_right(ends, k)
        holders = out.setdefault(flat[k], [])
        if not holders or holders[-1] != i:  # a product listed twice in one cell
            holders.append(i)
    return out


def _example_unowned() -> tuple[Org, Policy]:
    from orgshape.rules._policy import Policy  # noqa: PLC0415  (import cycle)

    org = Org(
        [
            person("1", "Dana Ruiz", "Director of Product", products=("Search",)),
            person("2", "Bo Chen", "Product Manager", "1", products=("Checkout",)),
            person("3", None, "Product Manager", "1", products=("Quotes",)),
        ]
    )
    return org, Policy(products=("Checkout", "Search", "Quotes", "Payouts"), select=["portfolio"])


@builtin(
    code="UNOWNED_PRODUCT",
    severity="warning",
    group="portfolio",
    hint="give the product a PM (or a Senior PM), or drop it from the catalogue",
    example=_example_unowned,
)
def unowned_product(ctx: Context) -> Iterator[Finding]:
    """A product nobody at a PM level owns.

    That is a product in the policy's catalogue that nobody holds, or one held only by
    open roles or by people who are not at a PM level. Every product needs one
    accountable product manager; an open requisition is not one yet, and a Director
    holding a product directly is usually a sign of a missing PM. The products of one
    holder (an open role's whole portfolio) are one finding.
    """
    products = _products(ctx)
    catalogue = ctx.policy.products
    if products is None and not catalogue:
        return
    products = products or []
    open_seats = vacant(ctx)
    filled_pm = list(map(operator.and_, pm_mask(ctx), map(operator.not_, open_seats)))
    others = list(
        itertools.compress(
            range(len(products)),
            map(operator.and_, map(operator.not_, filled_pm), map(bool, products)),
        )
    )
    candidates = set(itertools.chain.from_iterable(map(products.__getitem__, others)))
    candidates.update(catalogue)
    if not candidates:
        return
    # a product a filled PM holds is owned; the holders of the others are all "others"
    owned = candidates.intersection(
        itertools.chain.from_iterable(itertools.compress(products, filled_pm))
    )
    missing = sorted(candidates - owned)
    holders: dict[str, list[int]] = {}
    for i in others:
        for product in products[i]:
            if product not in owned:
                held = holders.setdefault(product, [])
                if not held or held[-1] != i:  # a product listed twice in one cell
                    held.append(i)
    pm_names = ", ".join(sorted(ctx.pm_levels, key=ctx.ladder.names.index))
    # one finding per set of holders (an open role's three products are one fact), at
    # the place of its first product
    by_holders: dict[tuple[int, ...], list[str]] = {}
    for product in missing:
        if product in holders:
            by_holders.setdefault(tuple(holders[product]), []).append(product)
    for product in missing:
        held = holders.get(product, [])
        if not held:
            yield ctx.finding(
                message=f"product {product!r} is in the policy's catalogue but nobody owns it"
            )
            continue
        names = by_holders[tuple(held)]
        if names[0] != product:
            continue  # (said with the set's first product)
        why = f"only by {ctx.people(held)}"
        if not all(open_seats[i] for i in held):
            why += f"; none of them is a filled seat at a PM level ({pm_names})"
        if len(names) == 1:
            what = f"product {product!r} is"
        else:
            shown = ", ".join(map(repr, names[:_PRODUCTS_SHOWN]))
            more = len(names) - _PRODUCTS_SHOWN
            shown += f" and {more} more" if more > 0 else ""
            what = f"{len(names)} products ({shown}) are"
        yield ctx.finding(*held, message=f"{what} held {why}")


_PRODUCTS_SHOWN: Final = 10  # products named in one message before "and N more"


def _example_shared_product() -> Org:
    return Org(
        [
            person("1", "Dana Ruiz", "Director of Product"),
            person("2", "Chidi Okonkwo", "Product Manager", "1", products=("Partner API",)),
            person(
                "3", "Camille Laurent", "Product Manager", "1", products=("Partner API", "SDKs")
            ),
        ]
    )


@builtin(
    code="SHARED_PRODUCT",
    severity="warning",
    group="portfolio",
    hint="make one PM the owner; split the product if it really is two",
    example=_example_shared_product,
)
def shared_product(ctx: Context) -> Iterator[Finding]:
    """A product owned by more than one PM: ownership is unclear.

    A manager listing a product that someone in their own team owns (a Senior PM's
    portfolio holding the product of the PM she leads) is how a portfolio works, not
    unclear ownership: the manager is not counted as a second owner.
    """
    products = _products(ctx)
    if products is None:
        return
    is_pm = pm_mask(ctx)
    owned = list(itertools.chain.from_iterable(itertools.compress(products, is_pm)))
    if len(set(owned)) == len(owned):
        return
    repeated = {product for product, n in Counter(owned).items() if n > 1}
    holders = _holders(ctx, repeated)
    for product in sorted(repeated):
        owners = [i for i in holders[product] if is_pm[i]]
        if len(owners) > 1:
            above = {k for i in owners for k in ctx.view.chain(i)}
            owners = [i for i in owners if i not in above]
        if len(owners) > 1:
            yield ctx.finding(
                *owners,
                message=f"product {product!r} is owned by {len(owners)} PMs: " + ctx.people(owners),
            )


def _example_small_portfolio() -> Org:
    return Org(
        [
            person("1", "Dana Ruiz", "Director of Product"),
            person("2", "Thandiwe Ndlovu", "Senior Product Manager", "1", products=("Analytics",)),
        ]
    )


@builtin(
    code="SMALL_PORTFOLIO",
    severity="info",
    group="portfolio",
    hint="give them another product, or make the role a PM",
    example=_example_small_portfolio,
)
def small_portfolio(ctx: Context) -> Iterator[Finding]:
    """A position owning fewer products than the policy's ``min_products`` for its level.

    A Senior PM looks after a *portfolio* of products (several at once); one product is
    a PM's scope. An info: a portfolio is handed over over time, and a proposal that
    promotes someone does not introduce this finding (see ``orgshape.compare``).
    """
    products = _products(ctx)
    if products is None:
        return
    for level, least, i in product_counts_past(ctx, products, ctx.policy.min_products, operator.gt):
        owned = products[i]
        listed = f" ({', '.join(owned)})" if owned else ""
        yield ctx.finding(
            i,
            message=f"{ctx.who(i)} owns {plural(len(owned), 'product')}{listed}; "
            f"a {level} looks after a portfolio of at least {least}",
        )


# ====================================================================== people


def _promotion_levels(ctx: Context) -> tuple[str, str] | None:
    """(PM, SENIOR_PM) when the ladder has both: the step is named, not the bottom two."""
    return ctx.resolved.promotion


@memo
def _years(ctx: Context) -> Sequence[float] | None:
    """Years of experience, NaN where unknown (NaN compares false both ways)."""
    years = ctx.column("years_experience")
    if years is None or None not in years:
        return years
    return [math.nan if y is None else y for y in years]


def _experienced(ctx: Context, level: str, compare: Callable[[float, float], bool]) -> list[int]:
    """Positions on ``level`` whose years ``compare`` true with the promotion years."""
    years = _years(ctx)
    if years is None:
        return []
    on_level = at_level(ctx, level)
    judged = map(
        compare, map(years.__getitem__, on_level), itertools.repeat(ctx.policy.promotion_years)
    )
    return list(itertools.compress(on_level, judged))


def _example_promotion() -> Org:
    return Org(
        [
            person("1", "Dana Ruiz", "Senior Product Manager", years_experience=8.0),
            person("2", "Rebecca Stein", "Product Manager 2", "1", years_experience=6.0),
            person("3", "Bo Chen", "Product Manager", "1", years_experience=2.0),
        ]
    )


@builtin(
    code="PROMOTION_CANDIDATE",
    severity="info",
    group="people",
    hint="review them for promotion to the next level",
    example=_example_promotion,
)
def promotion_candidate(ctx: Context) -> Iterator[Finding]:
    """A PM with at least ``promotion_years`` of experience: a promotion candidate.

    A PM needs about four to five years of experience before promotion to Senior PM.
    """
    levels_pair = _promotion_levels(ctx)
    if levels_pair is None:
        return
    bottom, above = levels_pair
    least = ctx.policy.promotion_years
    years = _years(ctx) or []
    for i in _experienced(ctx, bottom, operator.ge):
        y = years[i]
        yield ctx.finding(
            i,
            message=f"{ctx.who(i)} has {plural(y, 'year')} of experience at level "
            f"{bottom}; a {bottom} is usually ready for {above} after about {least:g}",
        )


def _example_below_promotion() -> Org:
    return Org(
        [
            person("1", "Dana Ruiz", "Director of Product", years_experience=10.0),
            person("2", "Marcus Johnson", "Sr. PM", "1", years_experience=2.5),
        ]
    )


@builtin(
    code="BELOW_PROMOTION_YEARS",
    severity="info",
    group="people",
    hint="make sure they have the support a new Senior PM needs (or check the years)",
    example=_example_below_promotion,
)
def below_promotion_years(ctx: Context) -> Iterator[Finding]:
    """A Senior PM with fewer than ``promotion_years`` of experience: unusually early."""
    levels_pair = _promotion_levels(ctx)
    if levels_pair is None:
        return
    _, level = levels_pair
    least = ctx.policy.promotion_years
    years = _years(ctx) or []
    for i in _experienced(ctx, level, operator.lt):
        yield ctx.finding(
            i,
            message=f"{ctx.who(i)} has {plural(years[i], 'year')} of experience; a {level} "
            f"usually has at least {least:g}",
        )


# ====================================================================== policy


def _example_unused_exemption() -> tuple[Org, Policy]:
    from orgshape.rules._policy import Exemption, Policy  # noqa: PLC0415

    org = Org([person("1", "Ana Lima", "CPO")])
    exemption = Exemption(rule="one-over-one", id="P6", reason="ramping up a new team")
    return org, Policy(exemptions=(exemption,), select=["one-over-one", "unused-exemption"])


@builtin(
    code="UNUSED_EXEMPTION",
    severity="info",
    group="policy",
    hint="remove the exemption from the policy",
    example=_example_unused_exemption,
)
def unused_exemption(ctx: Context) -> Iterator[Finding]:
    """An exemption in the policy that silenced nothing: stale exceptions hide future ones.

    Exemptions for rules that did not run (not selected, or ignored) are not reported.
    """
    ledger = ctx.ledger
    if not ledger.complete:  # run on its own, outside the engine: nothing was recorded
        return
    for k, exemption in enumerate(ctx.policy.exemptions):
        if k in ledger.used or ledger.rule_codes[k] not in ledger.ran:
            continue
        here = ctx.view.index_of(exemption.id) is not None
        where = "" if here else f"; {exemption.id!r} is not in the org"
        yield ctx.finding(
            *([exemption.id] if here else []),
            message=f"the exemption from {exemption.rule} for {exemption.id!r} "
            f"({exemption.reason!r}) matched no finding{where}",
        )


BUILTIN_RULES: Final[Mapping[str, Rule]] = types.MappingProxyType(
    {
        r.code: r
        for r in sorted(
            REGISTRY,
            key=lambda r: (GROUP_ORDER.index(r.group), r.check.__module__ != __name__),
        )
    }
)
"""Every built-in rule by code, data problems first, in reference order."""
