"""Capacity rules: what one person or one org carries (products, open seats).

Glossary:
    portfolio: the products a position owns (the ``products`` column).
    vacancy share: the open roles among the seats below a manager, all the way down;
        ``HIGH_VACANCY_SHARE`` looks at direct reports only.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator

from orgshape._model import Org
from orgshape.rules._arrays import children
from orgshape.rules._finding import Finding
from orgshape.rules._kit import (
    builtin,
    person,
    plural,
    product_counts_past,
    vacancy_orgs,
    vacant,
)
from orgshape.rules._rule import Context

__all__ = ["portfolio_overload", "vacancy_share"]


def _example_portfolio() -> Org:
    return Org(
        [
            person("1", "Dana Ruiz", "Director of Product"),
            person(
                "2",
                "Bo Chen",
                "Product Manager",
                "1",
                products=("Paywall", "Pricing", "Bundles", "Trials"),
            ),
        ]
    )


@builtin(
    code="PORTFOLIO_OVERLOAD",
    severity="warning",
    group="portfolio",
    hint="give some of the products to another PM (or open a seat for them); a product "
    "with no second person who knows it stops when its PM is away",
    example=_example_portfolio,
)
def portfolio_overload(ctx: Context) -> Iterator[Finding]:
    """A position holding more products than the policy's ``max_products`` for its level.

    A PM owns one product or area; a Senior PM looks after a portfolio of several. A
    PM holding more than three products (the default) is a single point of failure,
    often left holding the products of open seats.
    """
    products = ctx.column("products")
    if products is None:
        return
    for level, most, i in product_counts_past(ctx, products, ctx.policy.max_products, operator.lt):
        held = len(products[i])
        shown = ", ".join(products[i][:6]) + (", …" if held > 6 else "")
        yield ctx.finding(
            i,
            message=f"{ctx.who(i)} holds {plural(held, 'product')} ({shown}); a "
            f"{level} holds at most {most}",
        )


def _example_vacancy_share() -> Org:
    head = person("1", "Ana Lima", "Head of Product")
    people = [
        head,
        person("2", "Bo Chen", "Director of Product", "1"),
        person("3", None, "Director of Product", "1"),
        person("4", "Cy Diaz", "Product Manager", "2"),
    ]
    people += [person(f"2.{k}", None, "Product Manager", "2") for k in range(1, 3)]
    people += [person(f"3.{k}", None, "Product Manager", "3") for k in range(1, 4)]
    return Org(people)


@builtin(
    code="VACANCY_SHARE",
    severity="warning",
    group="vacancies",
    hint="name interim owners and hire for this org first; until then, plan its work as a "
    "hiring plan rather than a team",
    example=_example_vacancy_share,
)
def vacancy_share(ctx: Context) -> Iterator[Finding]:
    """An org whose seats, all the way down, are mostly open roles.

    Above ``max_vacancy_share`` of the seats below a manager (assistants left out) are
    open: the org is a hiring plan, not yet a team, even when most direct reports are
    filled. Judged for orgs in which at least two teams below the manager's own are
    mostly open too (one mostly open team is ``HIGH_VACANCY_SHARE``'s alone), and
    only at the top-most such manager: the orgs inside it, and their
    ``HIGH_VACANCY_SHARE``, are the same fact and are not reported again.
    """
    open_seats = vacant(ctx)
    assistants = ctx.assistants
    threshold = ctx.policy.max_vacancy_share
    spans = ctx.spans
    for i in vacancy_orgs(ctx):
        team = ctx.view.subtree(i)[1:]
        counted = [k for k in team if assistants is None or not assistants[k]]
        holes = [k for k in counted if open_seats[k]]
        direct = sum(
            1
            for k in children(ctx, i)
            if open_seats[k] and (assistants is None or not assistants[k])
        )
        share = len(holes) / len(counted)
        yield ctx.finding(
            i,
            *holes,
            message=f"{len(holes)} of the {plural(len(counted), 'seat')} below {ctx.who(i)} are "
            f"open roles ({share:.0%}; {direct} of {plural(spans[i], 'direct report')}); the "
            f"policy allows at most {threshold:.0%}",
        )
