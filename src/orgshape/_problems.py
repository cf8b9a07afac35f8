"""Data problems: what is wrong with the *input*, as opposed to the design.

A problem is found while building an org from rows (a duplicate id, an unknown manager,
a cycle...). Problems are data: a lenient load keeps every one of them on
``Org.problems`` and validation reports them as findings beside the design rules; a
strict load raises one :class:`~orgshape.DataError` that carries them all.

Every problem has a stable ``code`` (below), the 1-based source ``row`` when the input
has rows (for a CSV file the header is row 1, so the first person is row 2, as a
spreadsheet shows it), the person's ``id`` and ``name`` and the ``related`` ids.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

__all__ = ["FATAL_CODES", "Problem", "ProblemCode"]


class ProblemCode(enum.StrEnum):
    """The stable codes of data problems.

    Examples:
        >>> ProblemCode.CYCLE
        <ProblemCode.CYCLE: 'CYCLE'>
        >>> ProblemCode("UNKNOWN_MANAGER").name
        'UNKNOWN_MANAGER'
    """

    EMPTY_INPUT = "EMPTY_INPUT"
    """The input has no people (empty file, header only, empty list)."""
    MISSING_COLUMN = "MISSING_COLUMN"
    """A required column (the id, the manager reference) is not in the input."""
    MISSING_ID = "MISSING_ID"
    """A row has an empty id."""
    DUPLICATE_ID = "DUPLICATE_ID"
    """Two or more rows share an id; the first one is the one ids refer to."""
    SELF_MANAGER = "SELF_MANAGER"
    """A person is their own manager."""
    UNKNOWN_MANAGER = "UNKNOWN_MANAGER"
    """The manager reference names nobody in the input."""
    MULTIPLE_MANAGERS = "MULTIPLE_MANAGERS"
    """A person has more than one solid-line manager (two ids in one cell, two in-edges)."""
    CYCLE = "CYCLE"
    """Following managers upward loops back (``A → B → C → A``)."""
    MULTIPLE_ROOTS = "MULTIPLE_ROOTS"
    """More than one person has no manager; all of them are listed."""
    NO_ROOT = "NO_ROOT"
    """Everybody has a manager, so nobody is at the top."""
    UNREACHABLE = "UNREACHABLE"
    """A person whose chain of managers never reaches a top person (it ends in a cycle
    or at an unknown manager)."""
    AMBIGUOUS_MAPPING = "AMBIGUOUS_MAPPING"
    """Two columns could be the id (or the manager, the name...); orgshape never guesses."""
    AMBIGUOUS_MANAGER_REF = "AMBIGUOUS_MANAGER_REF"
    """A manager reference matches several people (a name shared by two people), or the
    manager column fits two key columns equally well."""
    NESTING_TOO_DEEP = "NESTING_TOO_DEEP"
    """A nested ``reports:`` tree is deeper than the cap."""
    YAML_FORBIDDEN = "YAML_FORBIDDEN"
    """A YAML file uses tags, anchors or aliases, which orgshape refuses to read."""
    INPUT_TOO_LARGE = "INPUT_TOO_LARGE"
    """The input is over the size cap."""
    UNKNOWN_LEVEL = "UNKNOWN_LEVEL"
    """An explicit level is not on the ladder in use."""
    BAD_VALUE = "BAD_VALUE"
    """A cell cannot be read as its column's type (a cost of ``n/a``); the value is dropped
    from that field and the message shows it."""
    UNKNOWN_DOTTED_LINE = "UNKNOWN_DOTTED_LINE"
    """A dotted-line manager reference names nobody in the input."""


FATAL_CODES = frozenset(
    {
        ProblemCode.EMPTY_INPUT,
        ProblemCode.MISSING_COLUMN,
        ProblemCode.AMBIGUOUS_MAPPING,
        ProblemCode.NESTING_TOO_DEEP,
        ProblemCode.YAML_FORBIDDEN,
        ProblemCode.INPUT_TOO_LARGE,
    }
)
"""Codes after which nothing can be loaded, so even a lenient load raises."""


def _as_tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class Problem:
    """One data problem found while loading.

    Attributes:
        code: the stable code (a :class:`ProblemCode` value).
        message: a sentence naming the people and the values.
        row: the 1-based source row, when the input has rows.
        id: the id of the person the problem is about, when there is one.
        name: that person's name, when known.
        related: other ids involved (the unknown manager, the members of a cycle...).

    Examples:
        >>> p = Problem(code="SELF_MANAGER", message="P7 (Ana) is their own manager",
        ...             row=8, id="P7", name="Ana")
        >>> str(p)
        'row 8: SELF_MANAGER: P7 (Ana) is their own manager'
    """

    code: ProblemCode = attrs.field(converter=ProblemCode)
    message: str
    row: int | None = None
    id: str | None = None
    name: str | None = None
    related: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple)

    def __str__(self) -> str:
        where = f"row {self.row}: " if self.row is not None else ""
        return f"{where}{self.code}: {self.message}"
