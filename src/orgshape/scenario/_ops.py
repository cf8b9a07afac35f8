"""Scenario operations: each builds a proposed org from a current one."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from orgshape._model import Org, Position, edited_org
from orgshape.exceptions import InputError, StructureError
from orgshape.rules import Policy
from orgshape.rules._policy import require_policy

__all__ = [
    "EXACT_AMOUNT",
    "add_seat",
    "delayer",
    "fill",
    "insert_layer",
    "merge",
    "move",
    "open_vacancy",
    "promote",
    "seat_cost",
]


def _who(org: Org, i: int) -> str:
    name = org.view.names[i]
    return f"{org.view.ids[i]} ({name if name is not None else 'open role'})"


def _edit(
    org: Org,
    changes: Mapping[int, Position],
    *,
    insert: tuple[int, Position] | None = None,
) -> Org:
    """A new org with positions replaced, and one inserted before a row."""
    return edited_org(org, changes, insert=insert)


def _reports(org: Org, i: int) -> list[int]:
    return list(org.view.children(i))


def _to_manager(org: Org, rows: Iterable[int], manager: str | None) -> dict[int, Position]:
    return {k: attrs.evolve(org.at(k), manager=manager) for k in rows}


def _check_text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{what} must be a non-empty string, got {value!r}")
    return value


def _check_optional(value: object, what: str) -> str | None:
    return None if value is None else _check_text(value, what)


#: Costs are floats; from 2**53 on a float no longer holds every whole number, so a larger
#: cost would silently become a neighbouring one.
EXACT_AMOUNT: Final = 2**53


def _check_cost(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(f"cost must be a finite number >= 0 or None, got {value!r}")
    if value < 0:
        raise InputError(f"cost must be a finite number >= 0 or None, got {value!r}")
    if value >= EXACT_AMOUNT:
        raise InputError(
            f"cost must be below {EXACT_AMOUNT:,} (2**53, the most a float holds exactly), "
            f"got {value!r}"
        )
    return float(value) + 0.0  # -0.0 is 0


def seat_cost(org: Org, level: str | None, *, policy: Policy | None = None) -> float | None:
    """What a new seat on ``level`` costs when nobody says: the policy's, else the median.

    The policy's ``level_costs`` for the level when it has one; else the median of the
    known costs of the seats on that level in ``org`` (vacancies included: a budgeted
    seat has a cost); else None (no cost).

    Args:
        org: the org the seat is made in.
        level: the seat's ladder level (None: unknown, so only a policy cannot say).
        policy: the policy with ``level_costs`` (default: none).

    Examples:
        >>> import orgshape
        >>> from orgshape import Policy
        >>> org = orgshape.example()
        >>> seat_cost(org, "DIRECTOR")
        277500.0
        >>> seat_cost(org, "DIRECTOR", policy=Policy(level_costs={"DIRECTOR": 250000}))
        250000.0
    """
    if policy is not None:
        require_policy(policy)
    if level is None:
        return None
    if policy is not None and level in policy.level_costs:
        return policy.level_costs[level]
    costs = org.view.field("cost")
    if costs is None:
        return None
    levels = org.view.levels
    known = [
        c
        for c, lv in zip(costs, levels, strict=True)
        if lv == level and isinstance(c, int | float) and math.isfinite(c)
    ]
    return float(statistics.median(known)) if known else None


def _new_seat(
    org: Org,
    *,
    id: str,
    title: str,
    manager: str,
    name: str | None,
    level: str | None,
    cost: float | None,
    function: str | None,
    area: str | None,
    req: str | None,
    policy: Policy | None,
) -> Position:
    """A new position with its cost from the policy or the org unless given (checked)."""
    _check_text(id, "new_id")
    _check_text(title, "title")
    _check_optional(name, "name")
    _check_optional(function, "function")
    _check_optional(area, "area")
    _check_optional(req, "req")
    cost = _check_cost(cost)
    if id in org.view.index:
        raise StructureError(f"id {id!r} is already used by {_who(org, org.index(id))}")
    if level is not None:
        org.ladder[level]
    resolved = level if level is not None else org.ladder.level_of(title)
    if cost is None:
        cost = seat_cost(org, resolved, policy=policy)
    return Position(
        id=id,
        name=name,
        title=title,
        level=level,
        manager=manager,
        cost=cost,
        function=function,
        area=area,
        req=req,
    )


def move(org: Org, id: str, *, to: str, with_team: bool = True) -> Org:
    """Move a person, with their team or alone, to report to another manager.

    Args:
        org: the current org.
        id: who moves.
        to: their new manager.
        with_team: True (default) moves the whole team below ``id``; False moves the
            person alone, and their reports (assistants included) stay behind,
            reporting to ``id``'s old manager.

    Returns:
        A new org.

    Raises:
        UnknownPositionError: ``id`` or ``to`` is not in the org.
        StructureError: ``to`` is ``id``, or (with the team) in ``id``'s own team; or,
            moving alone, ``id`` is at the top and has reports (they would have
            nowhere to stay).

    Examples:
        >>> import orgshape
        >>> org = orgshape.example()
        >>> team = move(org, "P028", to="P014")                 # P028 and their 2 PMs
        >>> team.manager("P059").id, team.span("P014")
        ('P028', 5)
        >>> alone = move(org, "P028", to="P014", with_team=False)  # the PMs stay
        >>> alone.manager("P059").id
        'P013'
    """
    i, target = org.index(id), org.index(to)
    if with_team:
        return org.move(id, to=to)
    if target == i:
        raise StructureError(f"cannot move {_who(org, i)} under themselves")
    reports = _reports(org, i)
    old_manager = org.view.managers[i]
    if reports and old_manager is None:
        raise StructureError(
            f"cannot move {_who(org, i)} alone: they are at the top, so their "
            f"{len(reports)} reports would have no manager to stay with"
        )
    changes = _to_manager(org, reports, old_manager)
    changes[i] = attrs.evolve(org.at(i), manager=to)
    return _edit(org, changes)


def merge(org: Org, team: str, *, into: str, remove_manager: bool = False) -> Org:
    """Merge one manager's team into another's: the reports of ``team`` move to ``into``.

    Args:
        org: the current org.
        team: the manager whose direct reports (assistants included) move; their teams
            move with them.
        into: the manager who takes them.
        remove_manager: False (default) keeps the emptied manager as a seat without
            reports, where they were; True removes that seat (and the dotted lines to
            it, as ``org.remove`` does).

    Returns:
        A new org.

    Raises:
        UnknownPositionError: ``team`` or ``into`` is not in the org.
        StructureError: ``team`` has no reports, or ``into`` is ``team`` or in that
            team (use :func:`delayer` to hand a team to the layer above).

    Examples:
        >>> import orgshape
        >>> org = orgshape.example()
        >>> merged = merge(org, "P006", into="P005", remove_manager=True)
        >>> merged.span("P005"), "P006" in merged
        (4, False)
    """
    i, target = org.index(team), org.index(into)
    reports = _reports(org, i)
    if not reports:
        raise StructureError(f"{_who(org, i)} has no reports to merge")
    if target == i or i in org.view.chain(target):
        raise StructureError(
            f"cannot merge the team of {_who(org, i)} into {_who(org, target)}, who is in "
            "that team; delayer() hands a team to the layer above"
        )
    merged = _edit(org, _to_manager(org, reports, into))
    return merged.remove(team) if remove_manager else merged


def insert_layer(
    org: Org,
    manager: str,
    *,
    new_id: str,
    title: str,
    name: str | None = None,
    level: str | None = None,
    reports: Iterable[str] | None = None,
    cost: float | None = None,
    function: str | None = None,
    area: str | None = None,
    req: str | None = None,
    policy: Policy | None = None,
) -> Org:
    """Insert a new manager between ``manager`` and some of their reports.

    Args:
        org: the current org.
        manager: the manager who gets the new position as a report.
        new_id: the new position's id (not yet in the org).
        title: its title; the level follows the title unless ``level`` is given.
        name: who fills it (None: an open role).
        level: its ladder level.
        reports: the direct reports of ``manager`` who move under the new position;
            by default all of them except assistants.
        cost: its annual cost; by default :func:`seat_cost` (the policy's
            ``level_costs``, else the median cost of the level in the org).
        function: its function (``"product"``...).
        area: its team or product area.
        req: its open requisition (usually for an open role).
        policy: the policy whose ``level_costs`` price the seat.

    Returns:
        A new org; the new position comes just before the first report it takes.

    Raises:
        UnknownPositionError: ``manager`` is not in the org.
        UnknownLevelError: ``level`` is not on the ladder.
        StructureError: ``new_id`` is already used, a report is not a direct report
            of ``manager``, or there is nobody to move.
        InputError: ``new_id``, ``title``, ``name``, ``function``, ``area`` or ``req``
            is not a non-empty string, or ``cost`` is not a number >= 0.

    Examples:
        >>> import orgshape
        >>> org = orgshape.example()
        >>> split = insert_layer(org, "P013", new_id="P067", title="Director of Product",
        ...                      name="Dana Lee", reports=["P032", "P033", "P034"])
        >>> split.manager("P032").id, split.manager("P067").id, split.layer("P032")
        ('P067', 'P013', 6)
        >>> split["P067"].cost  # the median Director's cost in the org
        277500.0
    """
    m = org.index(manager)
    new = _new_seat(
        org,
        id=new_id,
        title=title,
        manager=manager,
        name=name,
        level=level,
        cost=cost,
        function=function,
        area=area,
        req=req,
        policy=policy,
    )
    direct = _reports(org, m)
    if reports is None:
        assistant = org.view.field("assistant")
        rows = [k for k in direct if not (assistant is not None and assistant[k])]
    else:
        if isinstance(reports, str):
            reports = (reports,)
        rows = []
        for rid in dict.fromkeys(reports):
            k = org.index(rid)
            if org.view.parent[k] != m:
                boss = org.view.parent[k]
                where = _who(org, boss) if boss >= 0 else "nobody"
                raise StructureError(
                    f"{_who(org, k)} reports to {where}, not to {_who(org, m)}; "
                    "insert_layer() takes direct reports of the manager"
                )
            rows.append(k)
    if not rows:
        raise StructureError(
            f"nobody to put under the new layer: {_who(org, m)} has no reports to move"
        )
    return _edit(org, _to_manager(org, rows, new_id), insert=(min(rows), new))


def add_seat(
    org: Org,
    manager: str,
    *,
    new_id: str,
    title: str,
    name: str | None = None,
    level: str | None = None,
    cost: float | None = None,
    function: str | None = None,
    area: str | None = None,
    req: str | None = None,
    policy: Policy | None = None,
) -> Org:
    """Add a new seat under ``manager``: a hire, a backfill or an open role.

    Args:
        org: the current org.
        manager: who the new seat reports to.
        new_id: the new position's id (not yet in the org).
        title: its title; the level follows the title unless ``level`` is given.
        name: who fills it (None, the default: an open role).
        level: its ladder level.
        cost: its annual cost; by default :func:`seat_cost` (the policy's
            ``level_costs``, else the median cost of the level in the org).
        function: its function (``"product"``...).
        area: its team or product area.
        req: its open requisition.
        policy: the policy whose ``level_costs`` price the seat.

    Returns:
        A new org; the new seat comes right after the last of ``manager``'s reports
        (after ``manager`` when they have none).

    Raises:
        UnknownPositionError: ``manager`` is not in the org.
        UnknownLevelError: ``level`` is not on the ladder.
        StructureError: ``new_id`` is already used.
        InputError: ``new_id``, ``title``, ``name``, ``function``, ``area`` or ``req``
            is not a non-empty string, or ``cost`` is not a number >= 0.

    Examples:
        >>> import orgshape
        >>> org = orgshape.example()
        >>> hired = add_seat(org, "P013", new_id="P070", title="Product Manager",
        ...                  req="REQ-2027-01")
        >>> hired["P070"].is_vacant, hired["P070"].cost, hired.span("P013")
        (True, 165000.0, 13)
    """
    m = org.index(manager)
    seat = _new_seat(
        org,
        id=new_id,
        title=title,
        manager=manager,
        name=name,
        level=level,
        cost=cost,
        function=function,
        area=area,
        req=req,
        policy=policy,
    )
    after = max((*_reports(org, m), m)) + 1
    return _edit(org, {}, insert=(after, seat))


def delayer(org: Org, id: str) -> Org:
    """Remove a manager; their reports move up to the manager's own manager.

    Args:
        org: the current org.
        id: the manager to remove.

    Returns:
        A new org without ``id``.

    Raises:
        UnknownPositionError: ``id`` is not in the org.
        StructureError: ``id`` has no reports (use ``org.remove(id)``), or is at the
            top (use ``org.remove(id, reports_to=...)`` to say who takes over).

    Examples:
        >>> import orgshape
        >>> org = orgshape.example()
        >>> flat = delayer(org, "P006")   # the one-over-one Head of Growth
        >>> flat.manager("P012").id, len(flat)
        ('P002', 65)
    """
    i = org.index(id)
    if not _reports(org, i):
        raise StructureError(
            f"{_who(org, i)} has no reports, so there is no layer to remove; "
            "org.remove(id) removes the seat"
        )
    if org.view.managers[i] is None:
        raise StructureError(
            f"cannot delayer {_who(org, i)}: they are at the top; "
            "org.remove(id, reports_to=...) says who takes over"
        )
    return org.remove(id)


def fill(org: Org, id: str, *, name: str) -> Org:
    """Put a person in an open role (the seat keeps its id, title, cost and ``req``).

    Raises:
        UnknownPositionError: ``id`` is not in the org.
        StructureError: the seat is not vacant (open it first with :func:`open_vacancy`).
        InputError: ``name`` is not a non-empty string.

    Examples:
        >>> import orgshape
        >>> fill(orgshape.example(), "P050", name="Ines Duarte")["P050"].name
        'Ines Duarte'
    """
    i = org.index(id)
    _check_text(name, "name")
    current = org.view.names[i]
    if current is not None:
        raise StructureError(
            f"{id} is not an open role: {current} sits there; open_vacancy() opens it first"
        )
    return _edit(org, {i: attrs.evolve(org.at(i), name=name)})


def open_vacancy(org: Org, id: str) -> Org:
    """Make a seat an open role: the person leaves; the seat and its reports stay.

    Only the name is cleared: title, level, cost, products and extra columns stay
    with the seat.

    Raises:
        UnknownPositionError: ``id`` is not in the org.
        StructureError: the seat is already vacant.

    Examples:
        >>> import orgshape
        >>> open_vacancy(orgshape.example(), "P057")["P057"].is_vacant
        True
    """
    i = org.index(id)
    if org.at(i).is_vacant:
        raise StructureError(f"{id} is already an open role")
    return _edit(org, {i: attrs.evolve(org.at(i), name=None, name_known=True)})


def promote(org: Org, id: str, *, title: str, level: str | None = None) -> Org:
    """Give a position a new title and, with it, the level the title maps to.

    Args:
        org: the current org.
        id: who is promoted.
        title: the new title.
        level: the new level, when the title does not say (or to override it).

    Returns:
        A new org.

    Raises:
        UnknownPositionError: ``id`` is not in the org.
        UnknownLevelError: ``level`` is not on the ladder.
        StructureError: nothing changes, or the new level is below the current one
            (use ``org.retitle`` for a demotion).
        InputError: ``title`` is not a non-empty string, or it maps to no level of the
            ladder while the position has one (pass ``level=``).

    Examples:
        >>> import orgshape
        >>> org = promote(orgshape.example(), "P057", title="Senior Product Manager")
        >>> org["P057"].title, org["P057"].level
        ('Senior Product Manager', 'SENIOR_PM')
    """
    i = org.index(id)
    _check_text(title, "title")
    ladder = org.ladder
    new_level = level if level is not None else ladder.level_of(title)
    if level is not None:
        ladder[level]
    old_level = org.view.levels[i]
    if new_level is None and old_level is not None:
        raise InputError(
            f"the title {title!r} is on no level of the ladder, and {_who(org, i)} is on "
            f"{old_level}; pass level= (known: {', '.join(ladder.names)})"
        )
    if title == org.view.titles[i] and new_level == old_level:
        raise StructureError(f"{_who(org, i)} already has the title {title!r}")
    if (
        old_level is not None
        and new_level is not None
        and old_level in ladder
        and new_level in ladder
        and ladder.rank(new_level) > ladder.rank(old_level)
    ):
        raise StructureError(
            f"promoting {_who(org, i)} to {title!r} would move them down from "
            f"{old_level} to {new_level}; org.retitle() changes a title either way"
        )
    return org.retitle(id, title, level=level)
