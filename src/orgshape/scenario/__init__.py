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

__all__ = [
    "Added",
    "Change",
    "Changed",
    "DottedLineChanged",
    "LayerChange",
    "Moved",
    "Relevelled",
    "Removed",
    "Renamed",
    "Retitled",
    "SpanChange",
    "SummaryRow",
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
