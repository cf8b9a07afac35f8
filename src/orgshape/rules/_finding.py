"""Severities and findings: what one rule says about one part of an org design."""

from __future__ import annotations

import enum
import re
from typing import Final

import attrs

from orgshape._display import visible

__all__ = ["CODE_PATTERN", "NAME_PATTERN", "Finding", "Severity", "trusted_finding"]

#: A rule code: UPPER_SNAKE, such as ``SPAN_ABOVE_RANGE``.
CODE_PATTERN: Final = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")
#: A rule name: kebab-case, such as ``span-above-range``.
NAME_PATTERN: Final = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


class Severity(enum.StrEnum):
    """How bad a finding is, ordered ``INFO < WARNING < ERROR``.

    A report is :attr:`~orgshape.rules.Report.ok` when it has no errors, so errors are
    what a CI gate fails on; warnings are design smells worth a look; infos are
    observations (a promotion candidate).

    Examples:
        >>> Severity("warning") > Severity.INFO
        True
        >>> sorted([Severity.ERROR, Severity.INFO, Severity.WARNING])
        [<Severity.INFO: 'info'>, <Severity.WARNING: 'warning'>, <Severity.ERROR: 'error'>]
        >>> str(Severity.ERROR)
        'error'
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _RANK[self]

    def _other_rank(self, other: object) -> int | None:
        if isinstance(other, Severity):
            return _RANK[other]
        if isinstance(other, str) and other in _BY_VALUE:
            return _RANK[_BY_VALUE[other]]
        return None

    def __lt__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else _RANK[self] < rank

    def __le__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else _RANK[self] <= rank

    def __gt__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else _RANK[self] > rank

    def __ge__(self, other: object) -> bool:
        rank = self._other_rank(other)
        return NotImplemented if rank is None else _RANK[self] >= rank


_RANK: Final = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
_BY_VALUE: Final = {s.value: s for s in Severity}


def _as_ids(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if value is None:
        return ()
    return tuple(str(v) for v in value)  # type: ignore[attr-defined]


_CHECKED: dict[str, set[str]] = {"code": set(), "name": set()}  # seen to be well formed


def _check_code(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    checked = _CHECKED[attribute.name]
    if value in checked:
        return
    pattern = CODE_PATTERN if attribute.name == "code" else NAME_PATTERN
    if isinstance(value, str) and pattern.fullmatch(value):
        if len(checked) < 10_000:
            checked.add(value)
    else:
        style = "UPPER_SNAKE (e.g. 'SPAN_ABOVE_RANGE')"
        if attribute.name != "code":
            style = "kebab-case (e.g. 'span-above-range')"
        raise ValueError(f"a finding's {attribute.name} must be {style}, got {value!r}")


@attrs.frozen(kw_only=True)
class Finding:
    """One problem one rule found: a typed record, not a string.

    Attributes:
        code: the rule's stable UPPER_SNAKE code, such as ``"SPAN_ABOVE_RANGE"``.
        name: the rule's kebab-case name, such as ``"span-above-range"``.
        severity: how bad it is.
        ids: the position ids involved, the main person first (the manager whose span
            is too wide, the report that sits above their manager...).
        message: a sentence that names the people and the values.
        hint: how to fix it.
        row: the 1-based source row of the main person, when the org came from rows.
        source: the file the org came from, when known.

    Examples:
        >>> f = Finding(code="ONE_OVER_ONE", name="one-over-one", severity="warning",
        ...             ids=("P6", "P12"), message="Siobhán (Head of Product) has one report")
        >>> f.severity, f.id
        (<Severity.WARNING: 'warning'>, 'P6')
        >>> print(f)
        warning ONE_OVER_ONE: Siobhán (Head of Product) has one report
    """

    code: str = attrs.field(validator=_check_code)
    name: str = attrs.field(validator=_check_code)
    severity: Severity = attrs.field(converter=Severity)
    ids: tuple[str, ...] = attrs.field(default=(), converter=_as_ids)
    message: str
    hint: str = ""
    row: int | None = None
    source: str | None = None

    @property
    def id(self) -> str | None:
        """The main person's id (``ids[0]``), or None for an org-wide finding."""
        return self.ids[0] if self.ids else None

    def __str__(self) -> str:
        """``source:row: severity CODE: message``, the data in its visible form."""
        where = f"{visible(self.source)}:" if self.source else ""
        if self.row is not None:
            where = f"{where}{self.row}:"
        where = f"{where} " if where else ""
        return f"{where}{self.severity} {visible(self.code)}: {visible(self.message)}"

    def to_dict(self) -> dict[str, object]:
        """The finding as a JSON-ready dict (the form used by ``Report.to_dict``).

        Examples:
            >>> Finding(code="X_Y", name="x-y", severity="info", message="m").to_dict()
            {'code': 'X_Y', 'name': 'x-y', 'severity': 'info', 'ids': [], 'message': 'm', \
'hint': '', 'row': None, 'source': None}
        """
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "ids": list(self.ids),
            "message": self.message,
            "hint": self.hint,
            "row": self.row,
            "source": self.source,
        }


def trusted_finding(
    code: str,
    name: str,
    severity: Severity,
    ids: tuple[str, ...],
    message: str,
    hint: str,
    row: int | None,
    source: str | None,
) -> Finding:
    """Make a finding from values already checked (the hot path of ``ctx.finding``).

    Skips the validators and converters of :class:`Finding`; only the rule machinery,
    which made each value itself, calls it.
    """
    self = object.__new__(Finding)
    put = object.__setattr__
    put(self, "code", code)
    put(self, "name", name)
    put(self, "severity", severity)
    put(self, "ids", ids)
    put(self, "message", message)
    put(self, "hint", hint)
    put(self, "row", row)
    put(self, "source", source)
    return self
