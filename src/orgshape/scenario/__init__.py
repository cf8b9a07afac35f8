"""Scenarios: build a proposed org from the current one, then compare the two.

Glossary:
    scenario: a proposed org design made from the current one by a few operations
        (move a team, merge two teams, add or remove a layer, fill a role...).
    team: a manager and everybody below them.
    layer: the distance from the top (the root is on layer 1). Inserting a manager
        between a manager and their reports adds a layer for that team; delayering
        removes a manager and moves their reports up.
    vacancy (open role): a seat with no name. Filling it puts a person in it; opening
        a seat takes the person out and keeps the seat, its title, cost and reports.
    promotion: a new title, and with it (usually) a higher ladder level.

Every operation takes an org and returns a NEW org; the original is never changed
(orgs are immutable). Chain them, then :func:`~orgshape.diff` the result against the
original: the diff gives back exactly the operations, as typed change records, which
this module re-exports (``from orgshape.scenario import Moved``).

Plain edits stay on :class:`~orgshape.Org`: ``org.add(position)``, ``org.remove(id)``,
``org.retitle(id, title)``, ``org.relevel(id, level)``, ``org.replace(position)``.

A reorg happens in waves: a :class:`Plan` holds dated :class:`Wave` s of
:class:`Operation` s (from code or a YAML/TOML plan file, :func:`load_plan`); it gives
the org on a date and a :class:`Timeline` of every wave measured, validated and
diffed. :func:`orgshape.compare` puts several proposals side by side (a
:class:`Comparison`).

Examples:
    >>> import orgshape
    >>> from orgshape.scenario import Moved, fill, insert_layer, move
    >>> org = orgshape.example()
    >>> proposed = move(org, "P032", to="P014")
    >>> proposed = fill(proposed, "P050", name="Ines Duarte")
    >>> d = orgshape.diff(org, proposed)
    >>> [change.kind for change in d]
    ['moved', 'renamed']
    >>> d.of_type(Moved)[0].new_manager_name
    'Arjun Mehta'
    >>> org["P050"].is_vacant  # the original is untouched
    True
"""

import typing

from orgshape.changes import (
    Added,
    Change,
    Changed,
    DottedLineChanged,
    LayerChange,
    Moved,
    Relevelled,
    Removed,
    Renamed,
    Retitled,
    SpanChange,
    SummaryRow,
)
from orgshape.scenario._ops import (
    add_seat,
    delayer,
    fill,
    insert_layer,
    merge,
    move,
    open_vacancy,
    promote,
    seat_cost,
)
from orgshape.scenario._plan import (
    OPERATIONS,
    Operation,
    Plan,
    Timeline,
    TimelineRow,
    Wave,
    load_plan,
)

if typing.TYPE_CHECKING:
    from orgshape._diff import Comparison, ComparisonRow, ScenarioFinding

# The comparison's types load the diff on first use: building a proposal needs none.
_LAZY: typing.Final = {
    "Comparison": "orgshape._diff",
    "ComparisonRow": "orgshape._diff",
    "ScenarioFinding": "orgshape._diff",
}


def __getattr__(name: str) -> typing.Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'orgshape.scenario' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(__import__(module, fromlist=[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "OPERATIONS",
    "Added",
    "Change",
    "Changed",
    "Comparison",
    "ComparisonRow",
    "DottedLineChanged",
    "LayerChange",
    "Moved",
    "Operation",
    "Plan",
    "Relevelled",
    "Removed",
    "Renamed",
    "Retitled",
    "ScenarioFinding",
    "SpanChange",
    "SummaryRow",
    "Timeline",
    "TimelineRow",
    "Wave",
    "add_seat",
    "delayer",
    "fill",
    "insert_layer",
    "load_plan",
    "merge",
    "move",
    "open_vacancy",
    "promote",
    "seat_cost",
]
