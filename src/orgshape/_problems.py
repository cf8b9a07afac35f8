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
import types
from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from orgshape._display import visible

__all__ = ["FATAL_CODES", "INFO_CODES", "Problem", "ProblemCode"]


class ProblemCode(enum.StrEnum):
    """The stable codes of data problems.

    Each code has one :attr:`description` and one :attr:`hint` (the rule reference and
    the validation findings use the same text).

    Examples:
        >>> ProblemCode.CYCLE
        <ProblemCode.CYCLE: 'CYCLE'>
        >>> ProblemCode("UNKNOWN_MANAGER").name
        'UNKNOWN_MANAGER'
        >>> ProblemCode.SELF_MANAGER.description
        'A person is their own manager.'
    """

    EMPTY_INPUT = "EMPTY_INPUT"
    MISSING_COLUMN = "MISSING_COLUMN"
    MISSING_ID = "MISSING_ID"
    DUPLICATE_ID = "DUPLICATE_ID"
    SELF_MANAGER = "SELF_MANAGER"
    UNKNOWN_MANAGER = "UNKNOWN_MANAGER"
    MULTIPLE_MANAGERS = "MULTIPLE_MANAGERS"
    CYCLE = "CYCLE"
    MULTIPLE_ROOTS = "MULTIPLE_ROOTS"
    NO_ROOT = "NO_ROOT"
    UNREACHABLE = "UNREACHABLE"
    AMBIGUOUS_MAPPING = "AMBIGUOUS_MAPPING"
    AMBIGUOUS_MANAGER_REF = "AMBIGUOUS_MANAGER_REF"
    NESTING_TOO_DEEP = "NESTING_TOO_DEEP"
    YAML_FORBIDDEN = "YAML_FORBIDDEN"
    INPUT_TOO_LARGE = "INPUT_TOO_LARGE"
    UNKNOWN_LEVEL = "UNKNOWN_LEVEL"
    BAD_VALUE = "BAD_VALUE"
    UNKNOWN_DOTTED_LINE = "UNKNOWN_DOTTED_LINE"
    EXTERNAL_MANAGER = "EXTERNAL_MANAGER"
    CREATED_FROM_EDGES = "CREATED_FROM_EDGES"

    @property
    def description(self) -> str:
        """What the problem is, in one or two sentences."""
        return _TEXT[self][0]

    @property
    def hint(self) -> str:
        """How to fix it."""
        return _TEXT[self][1]


_TEXT: Final[Mapping[ProblemCode, tuple[str, str]]] = types.MappingProxyType(
    {
        ProblemCode.EMPTY_INPUT: (
            "The input has no people (an empty file, a header only, an empty list).",
            "check that the export is the right file and not filtered to nothing",
        ),
        ProblemCode.MISSING_COLUMN: (
            "A required column (the id, the manager reference) is not in the input.",
            "add the column, or map it with `read(..., mapping={'manager': 'Reports To'})`",
        ),
        ProblemCode.MISSING_ID: (
            "A row has an empty id, so nobody can refer to it.",
            "give every row a unique id",
        ),
        ProblemCode.DUPLICATE_ID: (
            "Two or more rows share an id; references to it mean the first one.",
            "give each position its own id (or remove the duplicated row)",
        ),
        ProblemCode.SELF_MANAGER: (
            "A person is their own manager.",
            "set the real manager, or leave it empty for the top of the org",
        ),
        ProblemCode.UNKNOWN_MANAGER: (
            "The manager reference names nobody in the input.",
            "fix the manager id, or add the manager's row",
        ),
        ProblemCode.MULTIPLE_MANAGERS: (
            "A person has more than one solid-line manager (two ids in one cell, two "
            "in-edges of a graph); an org chart is a tree.",
            "keep one solid-line manager and record the others as dotted lines",
        ),
        ProblemCode.CYCLE: (
            "Following managers upward loops back (A → B → C → A), so nobody in the loop "
            "reaches the top.",
            "break the loop: one of its members must report to someone outside it",
        ),
        ProblemCode.MULTIPLE_ROOTS: (
            "More than one person has no manager, so the org is several fragments.",
            "give every top position but one a manager",
        ),
        ProblemCode.NO_ROOT: (
            "Everybody has a manager, so nobody is at the top.",
            "leave the manager of the top position empty",
        ),
        ProblemCode.UNREACHABLE: (
            "A person whose chain of managers never reaches the top (it ends in a cycle or "
            "at an unknown manager).",
            "fix the broken line above them (see the cycle or unknown manager reported)",
        ),
        ProblemCode.AMBIGUOUS_MAPPING: (
            "Two columns could be the id (or the manager...); orgshape never guesses.",
            "say which column to use with `read(..., mapping={...})`",
        ),
        ProblemCode.AMBIGUOUS_MANAGER_REF: (
            "A manager reference matches several people (a shared name), or the manager "
            "column fits two key columns equally well.",
            "refer to managers by id or email instead of by name",
        ),
        ProblemCode.NESTING_TOO_DEEP: (
            "A nested `reports:` tree is deeper than the cap.",
            "use a flat table with a manager column for very deep orgs",
        ),
        ProblemCode.YAML_FORBIDDEN: (
            "A YAML file uses tags, anchors or aliases, which orgshape refuses to read.",
            "write plain YAML (no `!tags`, `&anchors` or `*aliases`)",
        ),
        ProblemCode.INPUT_TOO_LARGE: (
            "The input is over the size cap.",
            "raise the cap with `read(..., max_bytes=...)` if the file is trusted",
        ),
        ProblemCode.UNKNOWN_LEVEL: (
            "An explicit level is not on the ladder in use, so the position cannot be judged.",
            "fix the level, or add it to the ladder in the policy's [ladder] section",
        ),
        ProblemCode.BAD_VALUE: (
            "A cell cannot be read as its column's type (a cost of `n/a`); the value is "
            "dropped from that field and the message shows it.",
            "fix the value (a number of years, an amount, true/false...)",
        ),
        ProblemCode.UNKNOWN_DOTTED_LINE: (
            "A dotted-line manager reference names nobody in the input.",
            "fix the dotted-line id, or add that person's row",
        ),
        ProblemCode.EXTERNAL_MANAGER: (
            "The input is a sub-org: its top reports to someone outside it (a VP's org "
            "exported from the company system). The top is a root with an external "
            "manager; nothing is wrong.",
            "nothing to fix; add the manager's row to see the org above",
        ),
        ProblemCode.CREATED_FROM_EDGES: (
            "An edge list names a manager who has no row of their own (the top of the "
            "tree, as a `source` only); orgshape adds the position, knowing only its id.",
            "nothing to fix; add a row for the person to give their name and title",
        ),
    }
)


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

INFO_CODES = frozenset({ProblemCode.EXTERNAL_MANAGER, ProblemCode.CREATED_FROM_EDGES})
"""Codes that say what the input is rather than what is wrong with it: a strict load does
not raise for them, and validation reports them as infos."""


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
        """The problem as one inert line (people's data shown in its visible form)."""
        where = f"row {self.row}: " if self.row is not None else ""
        return f"{where}{self.code}: {visible(self.message)}"
