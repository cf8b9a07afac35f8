"""Dated plans: a reorg in waves, each a list of scenario operations with an effective date.

Glossary:
    plan: an ordered list of waves that turn a base org (the current one) into the
        target org; the org on a date is the base with every wave effective by then.
    wave: the operations that take effect on one date (announce a split, move teams,
        backfill, hire). Waves are in date order; two waves may share a date.
    operation: one scenario operation and its arguments (``move``, ``insert_layer``,
        ``promote``...), applied in order; see :data:`OPERATIONS`.
    timeline: the org before the first wave and after each one, measured (headcount,
        cost, layers, spans), validated (findings by severity) and diffed against the
        wave before.

A plan file is YAML or TOML with the same keys as :meth:`Plan.from_dict` (see the
"Planning a reorg" section of the scenario docs and ``plan.schema.json``). Errors name
the file and line, the wave and the operation: an unknown key or operation, a missing
argument, a wave dated before the one above it, and, when the plan is applied to an
org, a person not in the org at that point or an operation that would make a loop.
"""

from __future__ import annotations

import datetime
import difflib
import math
import os
import re
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from orgshape import _display, _version
from orgshape._model import Org
from orgshape.changes import Sheet
from orgshape.exceptions import InputError, OrgShapeError, PlanError
from orgshape.io import yaml_with_lines
from orgshape.io._numbers import ambiguity, read_number
from orgshape.rules import Policy, Severity
from orgshape.scenario import _ops

if TYPE_CHECKING:
    import pandas as pd

    from orgshape._diff import Diff
    from orgshape._diff._rollup import By
    from orgshape.changes import Rollups
    from orgshape.render import Chart

__all__ = [
    "OPERATIONS",
    "Operation",
    "Plan",
    "Timeline",
    "TimelineRow",
    "Wave",
    "as_date",
    "load_plan",
]

_MAX_BYTES: Final = 5_000_000  # a plan file is a few hundred lines; refuse what is not one

# --------------------------------------------------------------------------- operations

# argument kinds: how a value from a file (YAML: text; TOML: typed) becomes an argument
_ID, _TEXT, _IDS, _BOOL, _COST = "an id", "text", "a list of ids", "true or false", "an amount"
_TRUE: Final = frozenset({"true", "yes", "on", "1"})
_FALSE: Final = frozenset({"false", "no", "off", "0"})


def _remove(org: Org, id: str, *, reports_to: str | None = None) -> Org:
    return org.remove(id, reports_to=reports_to)


@attrs.frozen
class _Spec:
    function: Callable[..., Org]
    first: str  # the positional argument after the org
    required: tuple[str, ...]
    kinds: Mapping[str, str]
    priced: bool = False  # takes policy= (for the cost of a new seat)


_SEAT: Final = {
    "new_id": _ID,
    "title": _TEXT,
    "name": _TEXT,
    "level": _TEXT,
    "cost": _COST,
    "function": _TEXT,
    "area": _TEXT,
    "req": _TEXT,
}

_SPECS: Final[Mapping[str, _Spec]] = {
    "move": _Spec(_ops.move, "id", ("id", "to"), {"id": _ID, "to": _ID, "with_team": _BOOL}),
    "merge": _Spec(
        _ops.merge,
        "team",
        ("team", "into"),
        {"team": _ID, "into": _ID, "remove_manager": _BOOL},
    ),
    "insert_layer": _Spec(
        _ops.insert_layer,
        "manager",
        ("manager", "new_id", "title"),
        {"manager": _ID, **_SEAT, "reports": _IDS},
        priced=True,
    ),
    "add_seat": _Spec(
        _ops.add_seat,
        "manager",
        ("manager", "new_id", "title"),
        {"manager": _ID, **_SEAT},
        priced=True,
    ),
    "delayer": _Spec(_ops.delayer, "id", ("id",), {"id": _ID}),
    "remove": _Spec(_remove, "id", ("id",), {"id": _ID, "reports_to": _ID}),
    "fill": _Spec(_ops.fill, "id", ("id", "name"), {"id": _ID, "name": _TEXT}),
    "open_vacancy": _Spec(_ops.open_vacancy, "id", ("id",), {"id": _ID}),
    "promote": _Spec(
        _ops.promote, "id", ("id", "title"), {"id": _ID, "title": _TEXT, "level": _TEXT}
    ),
}

#: The operations a plan can hold, each with its arguments (required ones first).
OPERATIONS: Final[Mapping[str, tuple[str, ...]]] = {
    op: (*spec.required, *(k for k in spec.kinds if k not in spec.required))
    for op, spec in _SPECS.items()
}


def _suggest(word: object, choices: Sequence[str]) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


_NO_NULL: Final = frozenset({"name"})  # empty: an open role, as an empty name cell is


def _amount(value: object) -> float:
    """An amount exactly as written, or ValueError (its text says why, when it can).

    Text is read as org files' numbers are (:mod:`orgshape.io._numbers`): thousands
    separators of any locale (``1,250,000``, ``1.250.000``, ``1 250 000``, ``1'250'000``),
    a decimal point or comma, currency signs, ``k``; a cell both readings fit with
    different numbers (``1.250``) is refused, never guessed.
    """
    if isinstance(value, bool):
        raise ValueError("a flag is no amount")
    amount: int | float
    if isinstance(value, int | float):
        amount = value
    elif isinstance(value, str):
        if "%" in value:
            raise ValueError("a percentage is no amount")
        try:
            read = read_number(value)
        except ValueError as err:
            why = ambiguity(err)
            raise ValueError(
                f"which could be {why.partition(' could be ')[2]}" if why else ""
            ) from None
        if read is None:  # empty, or NaN
            raise ValueError("")
        mantissa = re.split("[eE]", value, maxsplit=1)[0]
        if read == 0 and re.search("[1-9]", mantissa):
            raise ValueError("too small to be held")
        amount = read
    else:
        raise ValueError("")
    if not math.isfinite(amount) or amount < 0:
        raise ValueError("")
    if abs(amount) >= _ops.EXACT_AMOUNT:
        raise ValueError(f"too large to be held exactly: at most {_ops.EXACT_AMOUNT - 1:,}")
    return float(amount) + 0.0  # -0 is 0


def _convert(kind: str, value: object, key: str) -> Any:
    """One argument from a file or from code, as the operation wants it."""
    if kind in (_ID, _TEXT):
        if kind == _ID and isinstance(value, str) and value.strip() and value != value.strip():
            raise ValueError(
                f"{key} {value!r} has spaces around it; ids are matched exactly "
                f"(write {value.strip()!r})"
            )
        if isinstance(value, str) and value.strip():
            return value
        if kind == _ID and isinstance(value, int) and not isinstance(value, bool):
            raise ValueError(f"{key} must be an id as text (ids are strings: write {str(value)!r})")
        if kind == _ID and isinstance(value, float):
            raise ValueError(f"{key} must be an id as text, got {value!r} (quote it as written)")
        raise ValueError(f"{key} must be {kind} (non-empty), got {value!r}")
    if kind == _IDS:
        if isinstance(value, str) and "," in value:
            ids = ", ".join(v.strip() for v in value.split(","))
            raise ValueError(f"{key} must be {kind}, got {value!r}; write [{ids}]")
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not all(
            isinstance(v, str) and v.strip() for v in items
        ):
            raise ValueError(f"{key} must be {kind}, got {value!r}")
        return tuple(_convert(_ID, v, key) for v in items)
    if kind == _BOOL:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise ValueError(f"{key} must be {kind}, got {value!r}")
    try:
        return _amount(value)
    except ValueError as err:
        why = f", {err}" if str(err).startswith("which") else f" ({err})" if str(err) else ""
        raise ValueError(f"{key} must be {kind} >= 0, got {value!r}{why}") from None


def _args(op: str, given: Mapping[str, Any]) -> dict[str, Any]:
    spec = _SPECS[op]
    unknown = [k for k in given if k not in spec.kinds]
    if unknown:
        valid = ", ".join(OPERATIONS[op])
        raise ValueError(
            f"unknown argument {unknown[0]!r} for {op} (valid: {valid})"
            f"{_suggest(unknown[0], list(spec.kinds))}"
        )
    missing = [k for k in spec.required if k not in given or given[k] is None]
    if missing:
        raise ValueError(f"{op} needs {', '.join(missing)}")
    empty = [k for k, v in given.items() if v is None and k not in _NO_NULL]
    if empty:  # `cost:` left empty is no reason to price the seat
        raise ValueError(f"{empty[0]} is empty; leave it out for the default, or give a value")
    try:
        return {k: _convert(spec.kinds[k], v, k) for k, v in given.items() if v is not None}
    except ValueError as err:
        raise ValueError(f"{op}: {err}") from None


def _where(
    source: str | None, line: int | None, wave: int | None, name: str | None, step: str
) -> str:
    place = f"{source or 'plan'}:{line}" if line is not None else source or "plan"
    if wave is None:
        return f"{place}: {step}"
    label = f"wave {wave}" + (f" ({name})" if name else "")
    return f"{place}: {label}{', ' + step if step else ''}"


@attrs.frozen(kw_only=True)
class Operation:
    """One scenario operation of a wave, with its arguments.

    Attributes:
        op: the operation: one of :data:`OPERATIONS` (``"move"``, ``"insert_layer"``,
            ``"add_seat"``, ``"delayer"``, ``"remove"``, ``"merge"``, ``"fill"``,
            ``"open_vacancy"``, ``"promote"``).
        args: its keyword arguments, by the names of :mod:`orgshape.scenario`'s
            functions (``remove`` is ``Org.remove``); values are converted on the way
            in (``"true"`` → True, ``"250000"`` → 250000.0, one id → a list of one).
        line: the line of the plan file it came from (not part of equality).

    Raises:
        PlanError: an unknown operation or argument, a missing argument, a bad value.

    Examples:
        >>> step = Operation(op="move", args={"id": "P032", "to": "P014",
        ...                                   "with_team": "false"})
        >>> step.args["with_team"]
        False
        >>> Operation(op="mvoe", args={})
        Traceback (most recent call last):
        ...
        orgshape.exceptions.PlanError: plan: unknown operation 'mvoe' (valid: move, \
merge, insert_layer, add_seat, delayer, remove, fill, open_vacancy, promote); did you mean \
'move'?
    """

    op: str
    args: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    line: int | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        if self.op not in _SPECS:
            raise PlanError(
                f"plan: unknown operation {self.op!r} (valid: {', '.join(_SPECS)})"
                f"{_suggest(self.op, list(_SPECS))}",
                line=self.line,
            )
        if not isinstance(self.args, Mapping):
            raise PlanError(f"plan: the arguments of {self.op} must be a mapping", line=self.line)
        try:
            converted = _args(self.op, self.args)
        except ValueError as err:
            raise PlanError(f"plan: {err}", line=self.line) from None
        object.__setattr__(self, "args", types.MappingProxyType(converted))

    def apply(self, org: Org, *, policy: Policy | None = None) -> Org:
        """The org after this operation.

        Raises:
            UnknownPositionError, StructureError, UnknownLevelError, InputError: as the
                operation raises them (a plan turns them into :class:`PlanError`).
        """
        spec = _SPECS[self.op]
        kwargs = dict(self.args)
        first = kwargs.pop(spec.first)
        if spec.priced:
            kwargs["policy"] = policy
        return spec.function(org, first, **kwargs)

    def __str__(self) -> str:
        shown = ", ".join(
            f"{k}={list(v) if isinstance(v, tuple) else v!r}" for k, v in self.args.items()
        )
        return f"{self.op}({shown})"

    def to_dict(self) -> dict[str, Any]:
        """The operation as a plan file holds it: ``op`` and the arguments."""
        return {
            "op": self.op,
            **{k: list(v) if isinstance(v, tuple) else v for k, v in self.args.items()},
        }


def _operation(value: object) -> Operation:
    if isinstance(value, Operation):
        return value
    if isinstance(value, Mapping):
        data = dict(value)
        op = data.pop("op", None)
        if op is None:
            raise PlanError("plan: an operation needs an 'op' (the operation's name)")
        return Operation(op=op, args=data)
    if isinstance(value, tuple) and len(value) == 2:
        return Operation(op=value[0], args=value[1])
    raise PlanError(f"plan: an operation is an Operation, a mapping or (op, args), got {value!r}")


def _operations(value: object) -> tuple[Operation, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise PlanError(f"plan: a wave's operations are a list, got {value!r}")
    return tuple(_operation(v) for v in value)


_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def as_date(value: object) -> datetime.date:
    """A day, as plans and ``--as-of`` take it; nothing else is cut or moved to a day.

    A day is a ``datetime.date``, text written exactly ``YYYY-MM-DD``, or a datetime at
    midnight without a time zone (a pandas Timestamp, a TOML local datetime).
    Other spellings ``datetime.date.fromisoformat`` takes (the week ``2027-W10``, the
    basic ``20270331``) and a time of day are refused: none is cut to a day.

    Raises:
        ValueError: the value is none of these; the message shows it.
    """
    if isinstance(value, datetime.datetime):
        day = value.date().isoformat()
        if value.tzinfo is not None:
            what = "a time zone"
        elif value.time() != datetime.time():
            what = "a time of day"
        else:
            return value.date()
        raise ValueError(f"a wave takes effect on a day, got {value} (with {what}); write {day}")
    if isinstance(value, datetime.date):
        return value
    why = ""
    if isinstance(value, str) and _DAY.fullmatch(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError as err:
            why = f" ({err})"
    raise ValueError(f"a date is written YYYY-MM-DD (e.g. 2027-03-31), got {value!r}{why}")


def _date(value: object) -> datetime.date:
    try:
        return as_date(value)
    except ValueError as err:
        raise PlanError(f"plan: {err}") from None


@attrs.frozen(kw_only=True)
class Wave:
    """The operations that take effect on one date.

    Attributes:
        effective: the date (a ``datetime.date``; ISO text such as ``"2027-03-31"`` is
            converted).
        operations: the operations, in order (:class:`Operation` objects, or mappings
            with an ``op`` key, or ``(op, args)`` pairs).
        name: what the wave is called (``"Announce the Platform split"``).
        line: the line of the plan file it came from (not part of equality).

    Examples:
        >>> wave = Wave(effective="2027-01-15", name="Split",
        ...             operations=[{"op": "delayer", "id": "P006"}])
        >>> wave.effective, wave.operations[0].op
        (datetime.date(2027, 1, 15), 'delayer')
    """

    effective: datetime.date = attrs.field(converter=_date)
    operations: tuple[Operation, ...] = attrs.field(converter=_operations)
    name: str | None = None
    line: int | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        if self.name is not None and (not isinstance(self.name, str) or not self.name.strip()):
            raise PlanError(f"plan: a wave's name must be non-empty text, got {self.name!r}")

    def to_dict(self) -> dict[str, Any]:
        """The wave as a plan file holds it."""
        out: dict[str, Any] = {}
        if self.name is not None:
            out["name"] = self.name
        out["effective"] = self.effective.isoformat()
        out["operations"] = [o.to_dict() for o in self.operations]
        return out


def _waves(value: object) -> tuple[Wave, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise PlanError(f"plan: waves are a list, got {value!r}")
    return tuple(v if isinstance(v, Wave) else Wave(**_wave_fields(v)) for v in value)


def _wave_fields(value: object) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise PlanError(f"plan: a wave is a mapping (name, effective, operations), got {value!r}")
    return dict(value)


@attrs.frozen(kw_only=True)
class Plan:
    """A reorg in dated waves (see the module glossary).

    Attributes:
        waves: the waves, in date order (a wave dated before the one above it is an
            error; two waves may share a date).
        name: what the plan is called.
        base: the org file the plan starts from, as the plan file says it (relative
            to the plan file); None: given when the plan is used.
        source: the plan file, when the plan came from one (not part of equality).

    Raises:
        PlanError: no wave, or a wave dated before the one above it.

    Examples:
        >>> import orgshape
        >>> plan = Plan(name="Growth", waves=[
        ...     Wave(effective="2027-01-15", name="Delayer Growth",
        ...          operations=[{"op": "delayer", "id": "P006"}]),
        ...     Wave(effective="2027-04-01", name="Backfill",
        ...          operations=[{"op": "add_seat", "manager": "P012", "new_id": "P070",
        ...                       "title": "Product Manager"}]),
        ... ])
        >>> org = orgshape.example()
        >>> len(plan.org_at(org, "2027-03-31")), len(plan.org_at(org))
        (65, 66)
        >>> [row.positions for row in plan.timeline(org)]
        [66, 65, 66]
    """

    waves: tuple[Wave, ...] = attrs.field(converter=_waves)
    name: str | None = None
    base: str | None = None
    source: str | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        if not self.waves:
            raise PlanError(f"{self.source or 'plan'}: a plan needs at least one wave")
        for k in range(1, len(self.waves)):
            before, wave = self.waves[k - 1], self.waves[k]
            if wave.effective < before.effective:
                where = _where(self.source, wave.line, k + 1, wave.name, "")
                raise PlanError(
                    f"{where} is dated {wave.effective.isoformat()}, before wave {k} "
                    f"({before.name or 'unnamed'}) on {before.effective.isoformat()}; "
                    "waves are in date order",
                    source=self.source,
                    line=wave.line,
                )

    # -- files -------------------------------------------------------------------------

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, Any],
        *,
        source: str | None = None,
        lines: Mapping[tuple[str | int, ...], int] | None = None,
    ) -> Plan:
        """A plan from a plan file's keys (already parsed).

        Keys: ``name`` (optional), ``base`` (optional: the org file, relative to the
        plan file), ``waves`` (a list; each with ``name`` (optional), ``effective`` (a
        date) and ``operations`` (a list; each with ``op`` and the operation's
        arguments)).

        Args:
            data: the parsed file.
            source: the file, named in errors.
            lines: the line of each value by its path (``("waves", 0, "operations",
                1)``), named in errors (:func:`orgshape.io.yaml_with_lines` gives them).

        Raises:
            PlanError: an unknown key, a missing or bad value; the message names the
                file, the line, the wave and the operation.
        """
        lines = lines or {}
        if not isinstance(data, Mapping):
            raise PlanError(f"{source or 'plan'}: a plan is a mapping with waves, got {data!r}")
        _only(data, ("name", "base", "waves"), source, lines.get(()), "the plan")
        if "waves" not in data:
            raise PlanError(f"{_where(source, lines.get(()), None, None, '')}a plan needs waves")
        raw_waves = data["waves"]
        if isinstance(raw_waves, str) or not isinstance(raw_waves, Sequence):
            raise PlanError(
                f"{_where(source, lines.get(('waves',)), None, None, 'waves')} must be a list",
                source=source,
                line=lines.get(("waves",)),
            )
        waves = []
        for k, raw in enumerate(raw_waves):
            line = lines.get(("waves", k))
            label = f"wave {k + 1}"
            if not isinstance(raw, Mapping):
                raise PlanError(
                    f"{_where(source, line, None, None, label)} must be a mapping "
                    "(name, effective, operations)",
                    source=source,
                    line=line,
                )
            name = raw.get("name")
            _only(raw, ("name", "effective", "operations"), source, line, label)
            if name is not None and (not isinstance(name, str) or not name.strip()):
                name_line = lines.get(("waves", k, "name"), line)
                raise PlanError(
                    f"{_where(source, name_line, k + 1, None, 'name')} must be non-empty text, "
                    f"got {name!r}",
                    source=source,
                    line=name_line,
                )
            for needed in ("effective", "operations"):
                if needed not in raw:
                    raise PlanError(
                        f"{_where(source, line, k + 1, name, '')} needs {needed!r}",
                        source=source,
                        line=line,
                    )
            raw_ops = raw["operations"]
            if isinstance(raw_ops, str) or not isinstance(raw_ops, Sequence):
                raise PlanError(
                    f"{_where(source, line, k + 1, name, 'operations')} must be a list",
                    source=source,
                    line=line,
                )
            operations = []
            for n, raw_op in enumerate(raw_ops):
                op_line = lines.get(("waves", k, "operations", n), line)
                step = f"operation {n + 1}"
                op: object = None
                try:
                    if not isinstance(raw_op, Mapping):
                        raise PlanError(f"plan: an operation is a mapping, got {raw_op!r}")
                    args = dict(raw_op)
                    op = args.pop("op", None)
                    if op is None:
                        raise PlanError("plan: it needs 'op' (the operation's name)")
                    step = f"operation {n + 1} ({op})"
                    operations.append(Operation(op=str(op), args=args, line=op_line))
                except PlanError as err:
                    message = str(err).removeprefix("plan: ").removeprefix(f"{op}: ")
                    raise PlanError(
                        f"{_where(source, op_line, k + 1, name, step)}: {message}",
                        source=source,
                        line=op_line,
                    ) from None
            try:
                waves.append(
                    Wave(
                        effective=raw["effective"],
                        name=name,
                        operations=operations,
                        line=line,
                    )
                )
            except (PlanError, TypeError) as err:
                message = str(err).removeprefix("plan: ")
                date_line = lines.get(("waves", k, "effective"), line)
                raise PlanError(
                    f"{_where(source, date_line, k + 1, None, '')}: {message}",
                    source=source,
                    line=date_line,
                ) from None
        for key in ("name", "base"):
            value = data.get(key)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise PlanError(
                    f"{_where(source, lines.get((key,)), None, None, key)} must be text, "
                    f"got {value!r}",
                    source=source,
                    line=lines.get((key,)),
                )
        return cls(waves=waves, name=data.get("name"), base=data.get("base"), source=source)

    def to_dict(self) -> dict[str, Any]:
        """The plan as a plan file holds it (``Plan.from_dict(plan.to_dict()) == plan``)."""
        out: dict[str, Any] = {}
        if self.name is not None:
            out["name"] = self.name
        if self.base is not None:
            out["base"] = self.base
        out["waves"] = [w.to_dict() for w in self.waves]
        return out

    # -- applying ----------------------------------------------------------------------

    def wave_count(self, on: datetime.date | str | None = None) -> int:
        """How many waves are in effect on a date (all of them for None)."""
        if on is None:
            return len(self.waves)
        day = as_date(on)
        return sum(1 for w in self.waves if w.effective <= day)

    def apply(self, base: Org, *, policy: Policy | None = None) -> tuple[Org, ...]:
        """The org before the first wave (``base``) and after each wave.

        Raises:
            PlanError: an operation cannot be applied (an unknown person at that point
                of the plan, a loop, a used id...); the message names the file, line,
                wave and operation, and what the operation said.
        """
        if not isinstance(base, Org):
            raise TypeError(f"a plan is applied to an Org, got {type(base).__name__}")
        if policy is not None and not isinstance(policy, Policy):
            raise TypeError(f"policy must be a Policy or None, got {type(policy).__name__}")
        orgs = [base]
        org = base
        for k, wave in enumerate(self.waves):
            for n, op in enumerate(wave.operations):
                try:
                    org = op.apply(org, policy=policy)
                except OrgShapeError as err:
                    step = f"operation {n + 1} ({op.op})"
                    where = _where(self.source, op.line or wave.line, k + 1, wave.name, step)
                    raise PlanError(
                        f"{where}: {err}", source=self.source, line=op.line or wave.line
                    ) from err
            orgs.append(org)
        return tuple(orgs)

    def org_at(
        self,
        base: Org,
        on: datetime.date | str | None = None,
        *,
        policy: Policy | None = None,
    ) -> Org:
        """The org on a date: ``base`` with every wave effective on or before it.

        Args:
            base: the org the plan starts from.
            on: the date (a ``datetime.date`` or ISO text); None: after the last wave.
            policy: prices new seats (``level_costs``).

        Raises:
            PlanError: as :meth:`apply` (only the waves in effect are applied).
        """
        count = self.wave_count(on)
        partial = attrs.evolve(self, waves=self.waves[:count]) if count else None
        if partial is None:
            return base
        return partial.apply(base, policy=policy)[-1]

    def timeline(
        self, base: Org, *, policy: Policy | None = None, key: str | None = None
    ) -> Timeline:
        """Measure, validate and diff the org before the first wave and after each one.

        Args:
            base: the org the plan starts from.
            policy: the policy that prices new seats and judges every state.
            key: how positions are matched between states (see :func:`orgshape.diff`).

        Raises:
            PlanError: as :meth:`apply`.
        """
        from orgshape._diff import diff  # noqa: PLC0415  (scenario loads no diff until asked)

        orgs = self.apply(base, policy=policy)
        diffs = tuple(
            diff(orgs[k], orgs[k + 1], key=key, policy=policy) for k in range(len(self.waves))
        )
        return Timeline(plan=self, orgs=orgs, diffs=diffs)


def _only(
    data: Mapping[str, Any],
    allowed: Sequence[str],
    source: str | None,
    line: int | None,
    what: str,
) -> None:
    for key in data:
        if key not in allowed:
            raise PlanError(
                f"{_where(source, line, None, None, what)}: unknown key {key!r} "
                f"(valid: {', '.join(allowed)}){_suggest(key, allowed)}",
                source=source,
                line=line,
            )


# --------------------------------------------------------------------------- files


def load_plan(path: str | Path) -> Plan:
    """Read a plan file: YAML (``.yaml``, ``.yml``) or TOML (``.toml``).

    YAML is read with orgshape's safe loader (no tags, anchors or aliases); errors name
    the line. In TOML, waves are ``[[waves]]`` tables and operations
    ``[[waves.operations]]`` tables or inline tables, one a line.

    Raises:
        InputError: the file cannot be read, has another suffix, or is not valid YAML
            or TOML.
        PlanError: the plan is malformed (see :meth:`Plan.from_dict`).
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".yaml", ".yml", ".toml"):
        shown = f"suffix {suffix!r}" if suffix else "no suffix"
        raise InputError(
            f"cannot read a plan from {str(path)!r} ({shown}): use .yaml, .yml or .toml"
        )
    try:
        size = file.stat().st_size
        if size > _MAX_BYTES:
            raise InputError(f"{path} is {size:,} bytes, too large for a plan file")
        text = file.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError(f"cannot read the plan {str(path)!r}: {err.strerror or err}") from None
    except UnicodeDecodeError as err:
        raise InputError(f"the plan {str(path)!r} is not UTF-8 text: {err}") from None
    source = str(path)
    if suffix == ".toml":
        import tomllib  # noqa: PLC0415  (only for TOML plans)

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise InputError(f"{source} is not valid TOML: {err}") from None
        lines = _toml_lines(text)
    else:
        data, lines = yaml_with_lines(text, source=source)
    if data is None:
        raise PlanError(f"{source}: the plan is empty; it needs waves", source=source)
    return Plan.from_dict(data, source=source, lines=lines)


_STRING: Final = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'')


def _toml_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """The lines of the waves and operations of a TOML plan (for errors), by path."""
    lines: dict[tuple[str | int, ...], int] = {(): 1}
    wave = -1
    ops = 0
    depth = 0  # inside `operations = [ ... ]`: bracket depth, 0 outside
    brace = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _STRING.sub('""', raw).split("#", 1)[0].strip()
        if depth == 0:
            if line.startswith("[[waves]]"):
                wave += 1
                ops = 0
                lines["waves", wave] = number
                continue
            if line.startswith("[[waves.operations]]"):
                lines["waves", wave, "operations", ops] = number
                ops += 1
                continue
            if wave >= 0 and line.startswith("effective"):
                lines["waves", wave, "effective"] = number
            found = re.match(r"operations\s*=\s*\[", line)
            if not found or wave < 0:
                continue
            line = line[found.end() :]
            depth = 1
        for char in line:
            if char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
                if depth == 0:
                    break
            elif char == "{":
                if brace == 0:
                    lines["waves", wave, "operations", ops] = number
                    ops += 1
                brace += 1
            elif char == "}":
                brace -= 1
    return lines


# --------------------------------------------------------------------------- timeline


@attrs.frozen(kw_only=True)
class TimelineRow:
    """The org on one step of a plan: before the first wave (``wave`` 0) or after one.

    Attributes:
        wave: 0 for the base org, else the wave's number (1 = the first).
        name: the wave's name (``"current org"`` for the base; ``"wave N"`` when unnamed).
        effective: the wave's date (None for the base).
        positions: every seat, vacancies included.
        filled: seats with a person.
        vacancies: open roles.
        managers: positions with a span of at least one.
        layers: the deepest layer.
        mean_span: the managers' mean span (None without managers).
        max_span: the widest span (None without managers).
        one_over_ones: managers with exactly one report.
        total_cost: the known costs (None without cost data).
        errors: findings of severity error in this state.
        warnings: warnings.
        infos: infos.
        changes: changes from the state before (0 for the base).
        affected: people affected by the wave (0 for the base).
        introduced: findings the wave introduces.
        resolved: findings it resolves.
    """

    wave: int
    name: str
    effective: datetime.date | None
    positions: int
    filled: int
    vacancies: int
    managers: int
    layers: int
    mean_span: float | None
    max_span: int | None
    one_over_ones: int
    total_cost: float | None
    errors: int
    warnings: int
    infos: int
    changes: int
    affected: int
    introduced: int
    resolved: int

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data (the date as ISO text)."""
        out = attrs.asdict(self)
        out["effective"] = self.effective.isoformat() if self.effective else None
        for k in ("mean_span", "total_cost"):
            if isinstance(out[k], float):
                out[k] = round(out[k], 4)
        return out


#: The columns of a timeline table, in order.
TIMELINE_COLUMNS: Final = tuple(a.name for a in attrs.fields(TimelineRow))


class Timeline(_display.NotebookDisplay):
    """A plan applied to an org: every state measured, validated and diffed.

    A read-only sequence of :class:`TimelineRow`: the base org (row 0), then one row
    per wave.

    Attributes:
        plan: the plan.
        orgs: the base org, then the org after each wave.
        diffs: each wave's diff from the state before it (the first against the base).
    """

    _display_formats = (("text/html", "_html"),)
    __slots__ = ("_rows", "diffs", "orgs", "plan")

    def __init__(self, *, plan: Plan, orgs: Sequence[Org], diffs: Sequence[Diff]) -> None:
        self.plan = plan
        self.orgs = tuple(orgs)
        self.diffs = tuple(diffs)
        self._rows: tuple[TimelineRow, ...] | None = None

    # -- sequence ----------------------------------------------------------------------

    @property
    def rows(self) -> tuple[TimelineRow, ...]:
        """One row per state: the base, then each wave."""
        if self._rows is None:
            self._rows = tuple(self._row(k) for k in range(len(self.orgs)))
        return self._rows

    def __iter__(self) -> Iterator[TimelineRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.orgs)

    def __getitem__(self, index: int) -> TimelineRow:
        return self.rows[index]

    def __repr__(self) -> str:
        name = f" {self.plan.name!r}" if self.plan.name else ""
        sizes = f"{len(self.orgs[0]):,} → {len(self.orgs[-1]):,} positions"
        return f"<Timeline of plan{name}: {len(self.plan.waves)} waves, {sizes}>"

    def _row(self, k: int) -> TimelineRow:
        if k == 0:
            d, side = self.diffs[0], 0
        else:
            d, side = self.diffs[k - 1], 1
        summary = d.metrics[side].summary
        counts = d.reports[side].counts()
        wave = self.plan.waves[k - 1] if k else None
        impact = d.impact().counts() if k else None
        return TimelineRow(
            wave=k,
            name="current org" if wave is None else wave.name or f"wave {k}",
            effective=wave.effective if wave is not None else None,
            positions=summary.positions,
            filled=summary.filled,
            vacancies=summary.vacancies,
            managers=summary.managers,
            layers=summary.layers,
            mean_span=summary.mean_span,
            max_span=summary.max_span,
            one_over_ones=summary.one_over_ones,
            total_cost=summary.total_cost,
            errors=counts[Severity.ERROR],
            warnings=counts[Severity.WARNING],
            infos=counts[Severity.INFO],
            changes=len(d) if k else 0,
            affected=impact["affected"] if impact is not None else 0,
            introduced=len(d.introduced) if k else 0,
            resolved=len(d.resolved) if k else 0,
        )

    # -- the org on a date -------------------------------------------------------------

    def org_at(self, on: datetime.date | str | None = None) -> Org:
        """The org on a date (after the last wave for None).

        Examples:
            >>> import orgshape
            >>> plan = Plan(waves=[Wave(effective="2027-01-15",
            ...                         operations=[{"op": "delayer", "id": "P006"}])])
            >>> t = plan.timeline(orgshape.example())
            >>> len(t.org_at("2027-01-14")), len(t.org_at("2027-01-15"))
            (66, 65)
        """
        return self.orgs[self.plan.wave_count(on)]

    def diff(self, on: datetime.date | str | None = None) -> Diff:
        """The diff from the base org to the org on a date (after the last wave for None)."""
        from orgshape._diff import diff  # noqa: PLC0415  (scenario loads no diff until asked)

        first = self.diffs[0]
        key = None if first.key == "id" else first.key
        return diff(self.orgs[0], self.org_at(on), key=key, policy=first.policy)

    def rollups(
        self,
        on: datetime.date | str | None = None,
        *,
        levels: str | Sequence[str] | None = None,
        max_depth: int | None = None,
        by: By = None,
    ) -> Rollups:
        """Every leader's org from the base to a date (see :meth:`Diff.rollups`)."""
        return self.diff(on).rollups(levels=levels, max_depth=max_depth, by=by)

    def charts(self, **options: Any) -> tuple[Chart, ...]:
        """One chart per wave: the org after it with the wave's changes drawn on it.

        Options are those of :meth:`Diff.chart`; each chart's title is the wave's date
        and name unless ``title=`` is given.
        """
        out = []
        for k, d in enumerate(self.diffs):
            wave = self.plan.waves[k]
            title = (
                options.get("title")
                or f"{wave.effective.isoformat()}: {wave.name or f'wave {k + 1}'}"
            )
            out.append(d.chart(**{**options, "title": title}))
        return tuple(out)

    # -- data out ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The timeline as JSON-ready data; deterministic.

        Keys: ``schema_version``, ``plan`` (its ``name``, ``base`` and ``source``),
        ``rows`` (:meth:`TimelineRow.to_dict`, the base first) and ``waves`` (each
        wave's ``wave`` number, ``name``, ``effective`` date, ``operations`` (as the
        plan file holds them) and ``diff``, as :meth:`Diff.to_dict`).
        """
        return {
            "schema_version": _version.SCHEMA_VERSION,
            "plan": {"name": self.plan.name, "base": self.plan.base, "source": self.plan.source},
            "rows": [r.to_dict() for r in self.rows],
            "waves": [
                {
                    "wave": k + 1,
                    "name": w.name,
                    "effective": w.effective.isoformat(),
                    "operations": [o.to_dict() for o in w.operations],
                    "diff": d.to_dict(),
                }
                for k, (w, d) in enumerate(zip(self.plan.waves, self.diffs, strict=True))
            ],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON: sorted keys, byte-identical for equal input."""
        return _display.json_text(self.to_dict(), indent=indent, allow_nan=False)

    def records(self) -> tuple[list[str], list[dict[str, Any]]]:
        """``(columns, rows)`` of the timeline as typed cells (dates stay dates)."""
        return list(TIMELINE_COLUMNS), [attrs.asdict(r) for r in self.rows]

    def to_pandas(self) -> pd.DataFrame:
        """The timeline as a DataFrame, one row per state.

        Raises:
            ImportError: pandas is not installed (``pip install 'orgshape[pandas]'``).
        """
        try:
            import pandas as pd  # noqa: PLC0415  (optional extra, heavy)
        except ImportError as err:
            msg = "Timeline.to_pandas() needs pandas: pip install 'orgshape[pandas]'"
            raise ImportError(msg) from err
        columns, rows = self.records()
        return pd.DataFrame.from_records(rows, columns=columns)

    def sheets(self) -> tuple[Sheet, ...]:
        """The timeline as workbook sheets: the timeline, each wave's changes, the whole.

        After the timeline and one sheet of changes per wave come the sheets of the diff
        from the current org to after the last wave: leaders (every leader's org before
        and after), leaders by function and by level, affected people, removed seats and
        findings introduced and resolved.
        """
        from orgshape._diff._serialise import records as d_records  # noqa: PLC0415  (lazy diff)
        from orgshape._diff._serialise import sheets as d_sheets  # noqa: PLC0415

        columns, rows = self.records()
        out = [Sheet.of("timeline", columns, rows)]
        for k, d in enumerate(self.diffs):
            out.append(Sheet.of(f"wave {k + 1} changes", *d_records(d, "changes")))
        whole = self.diff()
        out.extend(
            s
            for s in d_sheets(whole)
            if s.name.startswith(("leaders", "affected", "removed", "findings"))
        )
        return tuple(out)

    def to_excel(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`sheets` as one Excel workbook (``.xlsx``); return its path."""
        from orgshape._diff._workbook import write_workbook  # noqa: PLC0415  (scenario loads no diff until asked)

        return write_workbook(path, self.sheets())

    # -- text and display --------------------------------------------------------------

    def table(self) -> _display.Table:
        """The timeline as a table to show (text or HTML), one row per state."""
        headers = [
            "wave",
            "effective",
            "name",
            "positions",
            "vacancies",
            "cost",
            "layers",
            "mean span",
            "max span",
            "one-over-ones",
            "errors",
            "warnings",
            "infos",
            "changes",
            "affected",
            "introduced",
            "resolved",
        ]
        rows = []
        for r in self.rows:
            rows.append(
                [
                    str(r.wave),
                    r.effective.isoformat() if r.effective else "today",
                    r.name,
                    f"{r.positions:,}",
                    f"{r.vacancies:,}",
                    _display.money(r.total_cost, none="-"),
                    str(r.layers),
                    _display.decimal(r.mean_span),
                    _display.decimal(r.max_span),
                    str(r.one_over_ones),
                    str(r.errors),
                    str(r.warnings),
                    str(r.infos),
                    str(r.changes) if r.wave else "",
                    str(r.affected) if r.wave else "",
                    str(r.introduced) if r.wave else "",
                    str(r.resolved) if r.wave else "",
                ]
            )
        return _display.Table(
            headers,
            rows,
            numeric=[h for h in headers if h not in ("effective", "name")],
            caption="Timeline",
        )

    def headline(self) -> str:
        """One line: the plan, its waves, and the positions and cost from start to end."""
        first, last = self.rows[0], self.rows[-1]
        name = f"{self.plan.name}: " if self.plan.name else ""
        waves = self.plan.waves
        span = f"{waves[0].effective.isoformat()} to {waves[-1].effective.isoformat()}"
        cost = (
            f"; cost {_display.money(first.total_cost)} → {_display.money(last.total_cost)}"
            if first.total_cost is not None or last.total_cost is not None
            else ""
        )
        return (
            f"{name}{_display.count(len(self.plan.waves), 'wave')} from {span}: "
            f"{first.positions:,} → {last.positions:,} positions{cost}"
        )

    def __str__(self) -> str:
        lines = [f"Plan {self.headline()}", ""]
        lines.extend(self.table().text_lines())
        for k, (wave, d) in enumerate(zip(self.plan.waves, self.diffs, strict=True)):
            title = f"Wave {k + 1}, {wave.effective.isoformat()}: {wave.name or 'unnamed'}"
            lines.extend(("", _display.visible(title), f"  {_display.visible(d.headline())}"))
            lines.extend(f"  {_display.visible(str(c))}" for c in d.changes[:20])
            if len(d.changes) > 20:
                lines.append(f"  {_display.more(len(d.changes) - 20, 'changes')}")
            if d.introduced:
                lines.append(f"  findings introduced: {', '.join(f.code for f in d.introduced)}")
            if d.resolved:
                lines.append(f"  findings resolved: {', '.join(f.code for f in d.resolved)}")
        return _display.terminal_text("\n".join(lines))

    def _html(self) -> str:
        head = _display.html_text("Plan " + self.headline())
        table = self.table().html()
        return f'<div class="orgshape-timeline"><p><strong>{head}</strong></p>{table}</div>'
