"""Exceptions raised by orgshape.

Every exception orgshape raises on purpose derives from :class:`OrgShapeError`, so
``except orgshape.OrgShapeError`` catches them all. Each subclass also inherits the
builtin that fits (``ValueError``, ``KeyError``, ...), so code that already catches
those keeps working.

Data problems found while *loading* (a cycle, an unknown manager, a duplicate id) are
data, not exceptions: a lenient load keeps them on ``Org.problems`` and validation
reports them beside the design findings. A strict load raises one :class:`DataError`
that carries all of them.
"""

from __future__ import annotations

import typing

from orgshape import _display

if typing.TYPE_CHECKING:
    from collections.abc import Sequence

    from orgshape._problems import Problem

__all__ = [
    "DataError",
    "InputError",
    "OrgShapeError",
    "PlanError",
    "PolicyError",
    "RenderError",
    "StructureError",
    "UnknownLevelError",
    "UnknownPositionError",
]


class OrgShapeError(Exception):
    """Root of every exception orgshape raises on purpose."""


class InputError(OrgShapeError, ValueError):
    """Raised when a source cannot be read at all.

    Examples: a missing file, an unknown format or suffix, bytes that decode in no
    supported encoding, a file over the size cap.
    """


class DataError(OrgShapeError, ValueError):
    """Raised by a strict load when the data has problems; carries all of them.

    Attributes:
        problems: every :class:`~orgshape.Problem` found, in source order.
    """

    def __init__(self, problems: Sequence[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self._summary())

    def _summary(self) -> str:
        where = f" in {self.source}" if self.source else ""
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        shown = self.problems[:20]
        lines = [f"{count} data {noun}{_display.visible(where)}:"]
        lines.extend(f"  {problem}" for problem in shown)
        if count > len(shown):
            lines.append(f"  {_display.more(count - len(shown), 'problems')}")
        from orgshape._problems import FATAL_CODES  # noqa: PLC0415  (a leaf; kept off import)

        if any(problem.code in FATAL_CODES for problem in self.problems):
            lines.append("Nothing could be loaded: fix the input (strict=False cannot help here).")
        else:
            lines.append("Load with strict=False to keep the data and report these as findings.")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._summary()


class UnknownPositionError(OrgShapeError, KeyError):
    """Raised when an id names no position of the org."""

    def __str__(self) -> str:
        # KeyError would repr() the message and wrap it in quotes.
        return str(self.args[0]) if self.args else ""


class UnknownLevelError(OrgShapeError, ValueError):
    """Raised when a level name is not on the ladder in use."""


class StructureError(OrgShapeError, ValueError):
    """Raised when an operation needs a well-formed tree and the org is not one.

    Examples: asking for the single root of an org with several roots, or moving a
    manager under one of their own reports (which would make a cycle).
    """


class PolicyError(OrgShapeError, ValueError):
    """Raised for a bad policy or ladder definition: an unknown key or a bad value.

    The message names the key, the file when known, and the valid choices.
    """


class PlanError(OrgShapeError, ValueError):
    """Raised for a plan that is malformed or cannot be applied to the org.

    Examples: an unknown key or operation, a wave dated before the one above it, an
    operation on a person who is not in the org at that point of the plan, a move that
    would make a reporting loop. The message names the file and line when known, the
    wave and the operation.

    Attributes:
        source: the plan file, when the plan came from one.
        line: the 1-based line of the wave or operation, when known.
    """

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        super().__init__(message)
        self.source = source
        self.line = line


class RenderError(OrgShapeError, RuntimeError):
    """Raised when a chart cannot be laid out or drawn (no usable Graphviz)."""
