"""The read-only interface every storage engine offers: what :attr:`Org.view` returns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, Protocol

__all__ = ["Fact", "OrgView"]


class Fact(NamedTuple):
    """One structural fact found by the analysis of the solid lines, by position index.

    The model turns facts into :class:`~orgshape.Problem` records with messages; an
    engine only finds them.

    Attributes:
        kind: the problem code it becomes (``"CYCLE"``, ``"UNKNOWN_MANAGER"`` ...).
        at: the index of the position it is about (-1 for a fact about the whole org).
        related: other positions involved: the first holder of a duplicated id, the
            loop of a cycle in order (each one's manager is the next), the roots, the
            top a position's chain stops at.
    """

    kind: str
    at: int
    related: tuple[int, ...]


class OrgView(Protocol):
    """A read-only, column-wise view of an org, indexed by *position index*.

    Index ``i`` is the ``i``-th position in the org's order and ``view.ids[i]`` its id.
    Every sequence is immutable and shared: reading is free, and nothing can change
    the org through it. This is what rules (``ctx.view``), metrics and charts read;
    custom code may rely on every member documented here.

    Attributes:
        ids: every id (``""`` for a row without one).
        names: names (None for a vacancy).
        titles: titles as written in the source (None when missing).
        levels: ladder levels (None when unknown).
        managers: the solid-line manager's id as given (None at the top).
        rows: the 1-based source row of each position, or None.
        field_names: the optional fields the org has data for (``products``, ``cost``...).
        extra_names: the extra (unmapped) input columns, in input order.
        parent: the manager's index, -1 at the top (a line broken by a data problem
            is cut, so the structure is always a forest).
        layers: the layer of each position, 1 at the top.
        tops: the top positions, in order (one for a well-formed org).
        unique: True when every id is non-empty and unique.
        facts: the structural facts (cycles, unknown managers...) in the order found.

    Examples:
        >>> from orgshape import Org, Position
        >>> org = Org([Position(id="1", name="Ana", title="CPO"),
        ...            Position(id="2", name="Bo", title="Sr. PM", manager="1"),
        ...            Position(id="3", title="PM", manager="2")])
        >>> view = org.view
        >>> view.ids, view.parent, view.layers, view.spans
        (('1', '2', '3'), (-1, 0, 1), (1, 2, 3), (1, 1, 0))
        >>> view.children(0), view.chain(2), view.subtree(1), view.index_of("3")
        ((1,), [1, 0], [1, 2], 2)
    """

    @property
    def ids(self) -> Sequence[str]: ...
    @property
    def names(self) -> Sequence[str | None]: ...
    @property
    def titles(self) -> Sequence[str | None]: ...
    @property
    def levels(self) -> Sequence[str | None]: ...
    @property
    def managers(self) -> Sequence[str | None]: ...
    @property
    def rows(self) -> Sequence[int | None] | None: ...
    @property
    def field_names(self) -> tuple[str, ...]: ...
    @property
    def extra_names(self) -> tuple[str, ...]: ...
    @property
    def parent(self) -> Sequence[int]: ...
    @property
    def layers(self) -> Sequence[int]: ...
    @property
    def tops(self) -> Sequence[int]: ...
    @property
    def unique(self) -> bool: ...
    @property
    def facts(self) -> Sequence[Fact]: ...

    def __len__(self) -> int: ...

    def field(self, name: str) -> Sequence[Any] | None:
        """An optional field of every position, or None when the org has no such data."""
        ...

    def extra_column(self, name: str) -> Sequence[Any]:
        """An extra column of every position (``MISSING`` where a record lacks it).

        Raises:
            KeyError: the org has no such extra column.
        """
        ...

    def record(self, i: int) -> dict[str, Any]:
        """The fields of position ``i`` as keyword arguments of ``Position``."""
        ...

    @property
    def index(self) -> Mapping[str, int]:
        """Id → index of the first position with that id (read-only)."""
        ...

    def index_of(self, id: str) -> int | None:
        """The index of the first position with this id, or None."""
        ...

    @property
    def spans(self) -> Sequence[int]:
        """Direct solid-line reports of each position, assistants excluded."""
        ...

    def child_index(self) -> tuple[Sequence[int], Sequence[int]]:
        """Children as CSR arrays ``(start, kids)``: ``kids[start[i]:start[i+1]]``."""
        ...

    def children(self, i: int) -> Sequence[int]:
        """The direct solid-line reports of ``i`` (assistants included), in order."""
        ...

    def chain(self, i: int) -> list[int]:
        """The chain of command above ``i``: their manager first, the top last."""
        ...

    def subtree(self, i: int) -> list[int]:
        """``i`` and everyone below, breadth-first (``i`` first)."""
        ...

    @property
    def top_down(self) -> Sequence[int]:
        """Every index, each manager before their reports."""
        ...

    def subtree_totals(self, values: Sequence[int]) -> list[int]:
        """``values`` summed over each position's whole team (itself included)."""
        ...

    def nearest_above(self, marked: Sequence[bool]) -> list[int]:
        """For each position, the nearest position above it that is ``marked`` (-1: none).

        "Above" is the chain of command (the manager, the manager's manager...); the
        position itself is not above itself.
        """
        ...
