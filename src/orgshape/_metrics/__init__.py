"""Spans and layers: how wide and how deep an org design is.

Glossary:
    span (of control): the number of direct solid-line reports of a position,
        assistants excluded (Orgvue's convention); dotted lines never count.
    manager: a position with a span of at least 1.
    individual contributor (IC): a position with a span of 0. An assistant is an IC
        unless someone reports to them; a position whose only report is an assistant
        is an IC too.
    one-over-one: a manager with a span of exactly 1.
    layer: the depth of a position: the top position is on layer 1, its reports on
        layer 2, and so on. With ``root=`` the root is on layer 1. In a leniently loaded
        org with several top positions (a forest), layers count from each top.
    headcount below: every position in a manager's team, all the way down, excluding
        the manager (the size of the manager's subtree minus one); vacancies included.
    vacancy: a seat with no name (``Position.name`` is None).
    band: a range of spans, such as ``4-7``. A :class:`Bands` profile splits the spans
        1, 2, 3, ... into contiguous bands so that every manager is in exactly one;
        practitioners report the *share of managers in each band* rather than only the
        mean span.
    span statistics: mean, median, min and max are over managers only (an IC's span
        of 0 is left out); they are None when there is no manager.
    manager share: managers divided by all positions.
    level-count ratios (``pm_to_senior_pm_ratio``, ``pm_to_director_ratio``): seats
        on ladder level ``PM`` divided by seats on level ``SENIOR_PM`` (or
        ``DIRECTOR``) in scope, vacancies included (a budgeted seat is part of the
        design); None when there is no such seat. They are not spans.
    first-line manager: a manager whose reports are all individual contributors; a
        manager of managers has at least one manager among their reports.
    function mix: positions per function (:mod:`orgshape._functions`).
    cost: ``Position.cost``; sums use the known (finite, numeric) costs only, and are
        None when no position in scope has one.

Profiles (see :class:`Bands`):

* ``orgvue`` (the default): 1, 2-3, 4-7, 8-12, 13-16, 17+ — Orgvue's span categories
  "one-to-one, micro teams, below target, on target, above target, excessive" (Orgvue
  help centre, "Question 5: How will the organization structure be analyzed?").
* ``mckinsey``: the managerial archetypes of Acharya, Lieber, Seem and Welchman, "How
  to identify the right 'spans of control' for your organization", McKinsey &
  Company, December 2017: player/coach 3-5, coach 6-7, supervisor 8-10, facilitator
  11-15, coordinator 16+, plus "below player/coach" for spans 1-2.

Everything is computed in linear time from the org's internal columns, layer by layer,
without recursion and without building a :class:`~orgshape.Position` per person; the
per-person work runs in C-level passes (``map``, ``itertools``, ``Counter``); the
measured cost from 1,000 to 1,000,000 people is in the docs' performance page.

Examples:
    >>> from orgshape import Org, Position
    >>> org = Org([
    ...     Position(id="1", name="Ana", title="Chief Product Officer", cost=300.0),
    ...     Position(id="2", name="Bo", title="Senior Product Manager", manager="1"),
    ...     Position(id="3", name="Cy", title="Product Manager", manager="2"),
    ...     Position(id="4", title="Product Manager", manager="2", cost=100.0),
    ... ])
    >>> m = metrics(org)
    >>> m.summary.positions, m.summary.vacancies, m.summary.managers, m.summary.layers
    (4, 1, 2, 3)
    >>> m.summary.one_over_ones, m.summary.total_cost, m.summary.vacancy_cost
    (1, 400.0, 100.0)
    >>> [(row.id, row.span, row.band, row.headcount_below) for row in m.managers]
    [('1', 1, '1', 3), ('2', 2, '2-3', 2)]
"""

from orgshape._metrics._bands import Band, Bands
from orgshape._metrics._compute import metrics
from orgshape._metrics._records import BandShare, LayerRow, LevelRow, ManagerRow, Summary
from orgshape._metrics._result import SCHEMA_VERSION, Metrics

__all__ = [
    "SCHEMA_VERSION",
    "Band",
    "BandShare",
    "Bands",
    "LayerRow",
    "LevelRow",
    "ManagerRow",
    "Metrics",
    "Summary",
    "metrics",
]
