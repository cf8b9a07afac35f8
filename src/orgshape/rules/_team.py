"""Team-mix rules: the roles around the PMs (engineers, designers, product ops).

Glossary:
    team mix: who a product team is made of besides its PMs: engineers, designers,
        product ops, data; a product org needs a balanced mix [DESIGN §1].
    partner: someone of another function who works with a product team, often by a
        dotted line rather than a solid one.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator
from typing import Final

from orgshape._model import Org
from orgshape.rules._finding import Finding
from orgshape.rules._kit import builtin, memo, person, plural, pm_mask
from orgshape.rules._rule import Context, indices_of, normalise_function

__all__ = ["ENGINEERING_FUNCTIONS", "partner_coverage", "pm_engineer_ratio"]

#: Function values (normalised) counted as engineers in team mix.
ENGINEERING_FUNCTIONS: Final = frozenset({"engineering", "engineer", "software_engineering"})


class _Mix:
    """Per-team counts of PMs, engineers and partner functions, packed in one integer.

    Each position contributes 1 to each count it belongs to; the counts are packed
    into a single Python integer (``width`` bits per count), so that one bottom-up
    pass adds up all of them at once.
    """

    def __init__(self, ctx: Context, functions: list[str | None]) -> None:
        self.fields: dict[str, int] = {"pm": 0, "engineering": 1}
        for function in sorted(ctx.policy.coverage):
            key = normalise_function(function)
            if key is not None and ctx.policy.coverage[function] is not None:
                self.fields.setdefault(key, len(self.fields))
        self.width = width = len(ctx.ids).bit_length() + 1
        fields = self.fields

        def weight(function: str | None) -> int:
            total = 0  # the pm count is the lowest field: PM-level positions add 1 below
            if function in ENGINEERING_FUNCTIONS:
                total += 1 << (width * fields["engineering"])
            elif function is not None and function in fields and function != "pm":
                total += 1 << (width * fields[function])
            return total

        table = {function: weight(function) for function in set(functions)}
        weights = map(operator.add, pm_mask(ctx), map(table.__getitem__, functions))
        self.totals = ctx.subtree_totals(list(weights))
        self.present = set(functions)

    def count(self, i: int, field: str) -> int:
        return (self.totals[i] >> (self.width * self.fields[field])) & ((1 << self.width) - 1)


@memo
def _mix(ctx: Context) -> _Mix | None:
    functions = ctx.functions
    return None if functions is None else _Mix(ctx, functions)


def _team_label(ctx: Context, i: int) -> str:
    return f"the team of {ctx.who(i)}"


def _example_pm_engineer() -> Org:
    people = [
        person("1", "Dana Ruiz", "Director of Product", function="product"),
        person("2", "Bo Chen", "Product Manager", "1", function="product"),
        person("3", "Cy Diaz", "Product Manager", "1", function="product"),
    ]
    people += [
        person(f"E{k}", f"Engineer {k}", "Software Engineer", "1", function="engineering")
        for k in range(1, 6)
    ]
    return Org(people)


@builtin(
    code="PM_ENGINEER_RATIO",
    severity="info",
    group="team-mix",
    hint="rebalance: a PM per 5–10 engineers keeps PMs neither stretched nor idle",
    example=_example_pm_engineer,
)
def pm_engineer_ratio(ctx: Context) -> Iterator[Finding]:
    """Engineers per PM outside the policy's range in the team of a Head or Director.

    PM : engineer is commonly 1:5 to 1:10. Judged only for teams whose data list at
    least ``min_engineers`` engineers: product-org data usually leave engineering out
    (it reports elsewhere), and a stray engineer says nothing about the ratio.
    """
    mix = _mix(ctx)
    if mix is None:
        return
    low, high = ctx.policy.engineers_per_pm
    least = ctx.policy.min_engineers
    levels = ctx.levels
    units = sorted(
        itertools.chain.from_iterable(
            indices_of(levels, level) for level in set(ctx.policy.mix_levels) if level in levels
        )
    )
    for u in units:
        pms = mix.count(u, "pm")
        engineers = mix.count(u, "engineering")
        if pms and engineers >= least and not low <= engineers / pms <= high:
            yield ctx.finding(
                u,
                message=f"{_team_label(ctx, u)} has {plural(pms, 'PM')} and "
                f"{plural(engineers, 'engineer')}, {engineers / pms:.1f} engineers per PM; "
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
            person(
                "8", "Ingrid Halvorsen", "Product Operations Manager", "1", function="product_ops"
            ),
        ]
    )


@builtin(
    code="PARTNER_COVERAGE",
    severity="info",
    group="team-mix",
    hint="add a partner of that function to the team, or share one from a neighbouring team",
    example=_example_coverage,
)
def partner_coverage(ctx: Context) -> Iterator[Finding]:
    """A team with PMs but no design (or product-ops...) partner, per the policy's coverage.

    A product org needs a balanced mix of roles around the PMs. By default every Head's
    area needs a designer and every VP's org a product-ops person. A function nobody in
    the org has is not judged (the data do not cover it).
    """
    mix = _mix(ctx)
    if mix is None:
        return
    levels = ctx.levels
    for name, entry in sorted(ctx.policy.coverage.items()):
        function = normalise_function(name)
        if entry is None or function is None or function not in mix.present:
            continue
        level, max_pms = entry
        word = function.replace("_", " ")
        for u in indices_of(levels, level):
            pms = mix.count(u, "pm")
            partners = mix.count(u, function)
            if not pms:
                continue
            if not partners:
                yield ctx.finding(
                    u,
                    message=f"{_team_label(ctx, u)} has {plural(pms, 'PM')} and no {word} partner",
                )
            elif max_pms is not None and pms > partners * max_pms:
                yield ctx.finding(
                    u,
                    message=f"{_team_label(ctx, u)} has {plural(pms, 'PM')} and "
                    f"{plural(partners, f'{word} partner')}; the policy allows at most "
                    f"{max_pms} PMs per {word} partner",
                )
