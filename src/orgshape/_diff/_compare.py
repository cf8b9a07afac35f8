"""Several proposals side by side: one diff each against the same current org.

Glossary:
    scenario: one named proposal (``"A"``, ``"Platform split"``) compared with the
        current org; its diff is :attr:`Comparison.diffs` ``[name]``.
    key metric: a headline number of each side (positions, layers, spans, cost), the
        size of the change (changes, people affected, seats removed, the bench) and the
        findings (errors, warnings and infos of the proposal; introduced and resolved).
    differing finding: a finding that some scenario introduces or resolves, identified
        by its rule code and its main person (in the proposal's ids).

The metric table has the current value, each scenario's value and each scenario's
change from the current org; with two scenarios also the second minus the first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from orgshape import _display, _version
from orgshape._diff._result import Diff, diff
from orgshape._diff._serialise import records
from orgshape._diff._workbook import write_workbook
from orgshape._model import Org
from orgshape.changes import Sheet, who
from orgshape.rules import Finding, Policy, Severity

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Comparison", "ComparisonRow", "ScenarioFinding", "compare"]

_LABELS: Final = {
    "one_over_ones": "one-over-ones",
    "seats_removed": "seats removed",
    "bench": "people on the bench",
    "affected": "people affected",
}
#: Rows of the metric table after the summary's, in order: (metric, how each side has it).
_EXTRA: Final = (
    "changes",
    "affected",
    "seats_removed",
    "bench",
    "errors",
    "warnings",
    "infos",
    "introduced",
    "resolved",
)


@attrs.frozen(kw_only=True)
class ComparisonRow:
    """One key metric: the current value, each scenario's value and its change.

    Attributes:
        metric: the metric, snake_case: the diff summary's (``"total_cost"``,
            ``"band_share"``...), then ``"changes"``, ``"affected"``,
            ``"seats_removed"``, ``"bench"``, ``"errors"``, ``"warnings"``,
            ``"infos"``, ``"introduced"`` and ``"resolved"``.
        band: the band of a ``"band_share"`` row, else None.
        current: the current org's value (None where it has none: the size of a
            change, a span without managers).
        values: each scenario's value, in the comparison's order.
        changes: each scenario's value minus the current one (None when either is).

    Examples:
        >>> row = ComparisonRow(metric="total_cost", current=10.0, values=(9.0, 12.0),
        ...                     changes=(-1.0, 2.0))
        >>> row.label, row.spread
        ('total cost', 3.0)
    """

    metric: str
    band: str | None = None
    current: float | int | None
    values: tuple[float | int | None, ...]
    changes: tuple[float | int | None, ...]

    @property
    def label(self) -> str:
        """The metric in words, as the text shows it."""
        if self.metric == "band_share":
            return f"share in band {self.band}"
        return _LABELS.get(self.metric, self.metric.replace("_", " "))

    @property
    def spread(self) -> float | int | None:
        """The largest scenario value minus the smallest (None when one is missing)."""
        if not self.values or any(v is None for v in self.values):
            return None
        known = [v for v in self.values if v is not None]
        return max(known) - min(known)

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data (lists in the comparison's scenario order)."""
        plain = _display_plain
        return {
            "metric": self.metric,
            "band": self.band,
            "current": plain(self.current),
            "values": [plain(v) for v in self.values],
            "changes": [plain(v) for v in self.changes],
            "spread": plain(self.spread),
        }


def _display_plain(value: Any) -> Any:
    if isinstance(value, float):
        rounded = round(value, 4)
        return 0.0 if rounded == 0 else rounded
    return value


@attrs.frozen(kw_only=True)
class ScenarioFinding:
    """A finding some scenario introduces or resolves, and which ones do.

    Attributes:
        code: the rule code.
        severity: the severity (of the first scenario that has it).
        ids: the people involved (as in that scenario's finding).
        message: its message (likewise).
        introduced_in: the scenarios that introduce it, in order.
        resolved_in: the scenarios that resolve it, in order.
    """

    code: str
    severity: str
    ids: tuple[str, ...]
    message: str
    introduced_in: tuple[str, ...]
    resolved_in: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data."""
        return {
            "code": self.code,
            "severity": self.severity,
            "ids": list(self.ids),
            "message": self.message,
            "introduced_in": list(self.introduced_in),
            "resolved_in": list(self.resolved_in),
        }


def compare(
    current: Org,
    scenarios: Mapping[str, Org],
    *,
    key: str | None = None,
    policy: Policy | None = None,
) -> Comparison:
    """Compare several proposals with the current org, side by side.

    Each scenario gets its own :func:`orgshape.diff` against ``current`` (the same
    key and policy for all); the comparison puts their key metrics and findings in one
    table.

    Args:
        current: the org as it is.
        scenarios: the proposals by name, in the order to show them (at least one).
        key: how positions are matched (see :func:`orgshape.diff`).
        policy: the policy every side is validated with (default: ``Policy()``).

    Returns:
        The :class:`Comparison`.

    Raises:
        TypeError: ``scenarios`` is not a mapping of names to orgs.
        ValueError: there is no scenario, or a name is empty.
        InputError, StructureError: as :func:`orgshape.diff`.

    Examples:
        >>> import orgshape
        >>> from orgshape.scenario import delayer, merge
        >>> org = orgshape.example()
        >>> c = orgshape.compare(org, {
        ...     "delayer": delayer(org, "P006"),
        ...     "merge": merge(org, "P006", into="P005", remove_manager=True),
        ... })
        >>> c.names
        ('delayer', 'merge')
        >>> row = c.row("layers")
        >>> row.current, row.values
        (6, (6, 6))
        >>> c.row("affected").values
        (10, 10)
    """
    if not isinstance(scenarios, Mapping):
        raise TypeError(
            "compare() takes the scenarios as a mapping of names to orgs, "
            f"got {type(scenarios).__name__}"
        )
    if not scenarios:
        raise ValueError("compare() needs at least one scenario")
    for name, org in scenarios.items():
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"a scenario's name must be a non-empty string, got {name!r}")
        if not isinstance(org, Org):
            raise TypeError(f"scenario {name!r} must be an Org, got {type(org).__name__}")
    diffs = {name: diff(current, org, key=key, policy=policy) for name, org in scenarios.items()}
    return Comparison(current=current, diffs=diffs)


class Comparison(_display.NotebookDisplay):
    """Several proposals compared with one current org (see :func:`compare`).

    Attributes:
        current: the current org.
        diffs: each scenario's diff against it, by name, in order.
    """

    _display_formats = (("text/html", "_html"),)
    __slots__ = ("_rows", "current", "diffs")

    def __init__(self, *, current: Org, diffs: Mapping[str, Diff]) -> None:
        self.current = current
        self.diffs: Mapping[str, Diff] = dict(diffs)
        self._rows: tuple[ComparisonRow, ...] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The scenarios' names, in order."""
        return tuple(self.diffs)

    def __getitem__(self, name: str) -> Diff:
        return self.diffs[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.diffs)

    def __len__(self) -> int:
        return len(self.diffs)

    def __repr__(self) -> str:
        return f"<Comparison of {len(self)} scenarios with {len(self.current):,} positions>"

    def between(self, first: str, second: str) -> Diff:
        """The diff from one scenario's org to another's (same key and policy).

        Raises:
            KeyError: a name is not a scenario.
        """
        for name in (first, second):
            if name not in self.diffs:
                known = ", ".join(map(repr, self.names))
                raise KeyError(f"no scenario {name!r} (known: {known})")
        a, b = self.diffs[first], self.diffs[second]
        key = None if a.key == "id" else a.key
        return diff(a.proposed, b.proposed, key=key, policy=a.policy)

    # -- the table ---------------------------------------------------------------------

    @property
    def rows(self) -> tuple[ComparisonRow, ...]:
        """The key metrics, one row each (see :class:`ComparisonRow`)."""
        if self._rows is None:
            self._rows = self._make_rows()
        return self._rows

    def row(self, metric: str, band: str | None = None) -> ComparisonRow:
        """The row of one metric (of one band for ``"band_share"``).

        Raises:
            KeyError: no such metric.
        """
        for r in self.rows:
            if r.metric == metric and r.band == band:
                return r
        known = ", ".join(dict.fromkeys(r.metric for r in self.rows))
        raise KeyError(f"no metric {metric!r} (known: {known})")

    def _make_rows(self) -> tuple[ComparisonRow, ...]:
        diffs = list(self.diffs.values())
        first = diffs[0]
        rows: list[ComparisonRow] = []
        summaries = [d.summary for d in diffs]
        for k, base in enumerate(first.summary):
            values = tuple(s[k].new for s in summaries)
            rows.append(_row(base.metric, base.band, base.old, values))

        def counts(d: Diff) -> dict[str, int]:
            report = d.reports[1].counts()
            impact = d.impact().counts()
            return {
                "changes": len(d),
                "affected": impact["affected"],
                "seats_removed": impact["seats_removed"],
                "bench": impact["bench"],
                "errors": report[Severity.ERROR],
                "warnings": report[Severity.WARNING],
                "infos": report[Severity.INFO],
                "introduced": len(d.introduced),
                "resolved": len(d.resolved),
            }

        now = first.reports[0].counts()
        current = {
            "errors": now[Severity.ERROR],
            "warnings": now[Severity.WARNING],
            "infos": now[Severity.INFO],
        }
        per = [counts(d) for d in diffs]
        for metric in _EXTRA:
            rows.append(_row(metric, None, current.get(metric), tuple(c[metric] for c in per)))
        return tuple(rows)

    def findings(self) -> tuple[ScenarioFinding, ...]:
        """The findings some scenario introduces or resolves, and which ones do.

        Findings are the same across scenarios when they have the same rule code and
        main person; they come in the order first seen (introduced, then resolved, the
        scenarios in order).
        """
        found: dict[tuple[str, str | None], dict[str, Any]] = {}

        def note(f: Finding, name: str, status: str) -> None:
            k = (f.code, f.ids[0] if f.ids else f.message)
            entry = found.setdefault(k, {"finding": f, "introduced_in": [], "resolved_in": []})
            entry[status].append(name)

        for name, d in self.diffs.items():
            for f in d.introduced:
                note(f, name, "introduced_in")
        for name, d in self.diffs.items():
            for f in d.resolved:
                note(f, name, "resolved_in")
        return tuple(
            ScenarioFinding(
                code=e["finding"].code,
                severity=e["finding"].severity.value,
                ids=e["finding"].ids,
                message=e["finding"].message,
                introduced_in=tuple(e["introduced_in"]),
                resolved_in=tuple(e["resolved_in"]),
            )
            for e in found.values()
        )

    # -- data out ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The comparison as JSON-ready data; deterministic.

        Keys: ``schema_version``, ``key``, ``current`` (``positions``, ``source``),
        ``scenarios`` (each ``name`` and its ``diff``, as :meth:`Diff.to_dict`),
        ``metrics`` (:meth:`ComparisonRow.to_dict`, lists in scenario order) and
        ``findings`` (:meth:`ScenarioFinding.to_dict`). Scenario names are values,
        never keys, so every key stays snake_case.
        """
        first = next(iter(self.diffs.values()))
        return {
            "schema_version": _version.SCHEMA_VERSION,
            "key": first.key,
            "current": {"positions": len(self.current), "source": self.current.source},
            "scenarios": [
                {"name": name, "source": d.proposed.source, "diff": d.to_dict()}
                for name, d in self.diffs.items()
            ],
            "metrics": [r.to_dict() for r in self.rows],
            "findings": [f.to_dict() for f in self.findings()],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON: sorted keys, byte-identical for equal input."""
        return _display.json_text(self.to_dict(), indent=indent, allow_nan=False)

    def to_pandas(self) -> pd.DataFrame:
        """The metric table as a DataFrame: metric, band, current, each scenario, changes.

        Raises:
            ImportError: pandas is not installed (``pip install 'orgshape[pandas]'``).
        """
        try:
            import pandas as pd  # noqa: PLC0415  (optional extra, heavy)
        except ImportError as err:
            msg = "Comparison.to_pandas() needs pandas: pip install 'orgshape[pandas]'"
            raise ImportError(msg) from err
        columns, records = self.records()
        return pd.DataFrame.from_records(records, columns=columns)

    def records(self) -> tuple[list[str], list[dict[str, Any]]]:
        """``(columns, rows)`` of the metric table as typed cells (for sheets and pandas).

        Columns: ``metric``, ``band``, ``current``, one per scenario (its name), one
        change per scenario (``"NAME change"``), and with two scenarios the second
        minus the first (``"B - A"``).
        """
        names = self.names
        columns = ["metric", "band", "current", *names, *(f"{n} change" for n in names)]
        if len(names) == 2:
            columns.append(f"{names[1]} - {names[0]}")
        out = []
        for r in self.rows:
            record: dict[str, Any] = {"metric": r.metric, "band": r.band, "current": r.current}
            for n, v, c in zip(names, r.values, r.changes, strict=True):
                record[n] = v
                record[f"{n} change"] = c
            if len(names) == 2:
                record[columns[-1]] = _minus(r.values[1], r.values[0])
            out.append(record)
        return columns, out

    def sheets(self) -> tuple[Sheet, ...]:
        """The comparison as workbook sheets: metrics, findings, leaders and changes.

        The leaders and changes sheets come one per scenario (every leader's org before
        and after; the scenario's change records).
        """
        found = [f.to_dict() for f in self.findings()]
        out = [
            Sheet.of("metrics", *self.records()),
            Sheet.of(
                "findings",
                ["code", "severity", "ids", "message", "introduced_in", "resolved_in"],
                found,
            ),
        ]
        for name, d in self.diffs.items():
            rollups = d.rollups()
            out.append(Sheet.of(f"{name} leaders", rollups.columns(), rollups.records()))
        for name, d in self.diffs.items():
            out.append(Sheet.of(f"{name} changes", *records(d, "changes")))
        return tuple(out)

    def to_excel(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`sheets` as one Excel workbook (``.xlsx``); return its path."""
        return write_workbook(path, self.sheets())

    # -- text and display --------------------------------------------------------------

    def _metric_table(self) -> _display.Table:
        names = self.names
        headers = ["metric", "current", *names, *(f"{n} − current" for n in names)]
        if len(names) == 2:
            headers.append(f"{names[1]} − {names[0]}")
        rows = []
        for r in self.rows:
            fmt = _fmt_share if r.metric == "band_share" else _fmt
            cells = [r.label, fmt(r.current), *(fmt(v) for v in r.values)]
            cells += [fmt(c, signed=True) if c else "" for c in r.changes]
            if len(names) == 2:
                between = _minus(r.values[1], r.values[0])
                cells.append(fmt(between, signed=True) if between else "")
            rows.append(cells)
        return _display.Table(
            headers, rows, numeric=headers[1:], caption="Key metrics per scenario"
        )

    def _finding_table(self) -> _display.Table | None:
        found = self.findings()
        if not found:
            return None
        names = self.names
        headers = ["rule", "person", *names]
        rows = []
        orgs = [*(d.proposed for d in self.diffs.values()), self.current]

        def person(main: str | None) -> str:
            if main is None:
                return "-"
            for org in orgs:  # where the main person is: a proposal, else the current org
                index = org.view.index_of(main)
                if index is not None:
                    return who(main, org.view.names[index])
            return who(main, None)

        for f in found:
            marks = [
                "introduced" if n in f.introduced_in else "resolved" if n in f.resolved_in else ""
                for n in names
            ]
            rows.append([f"{f.severity} {f.code}", person(f.ids[0] if f.ids else None), *marks])
        return _display.Table(headers, rows, caption="Findings introduced or resolved")

    def __str__(self) -> str:
        head = (
            f"Comparison: {_display.count(len(self), 'scenario')} against the current org "
            f"({len(self.current):,} positions)"
        )
        lines = [head, ""]
        lines.extend(f"  {n}: {_display.visible(d.headline())}" for n, d in self.diffs.items())
        lines.extend(("", "Key metrics"))
        lines.extend(self._metric_table().text_lines())
        table = self._finding_table()
        if table is not None:
            lines.extend(("", f"Findings introduced or resolved ({len(table.rows)})"))
            lines.extend(table.text_lines())
        return _display.terminal_text("\n".join(lines))

    def _html(self) -> str:
        table = self._finding_table()
        head = _display.html_text(str(self).splitlines()[0])
        return (
            f'<div class="orgshape-comparison"><p><strong>{head}</strong></p>'
            + self._metric_table().html()
            + (table.html() if table is not None else "")
            + "</div>"
        )


def _minus(a: float | int | None, b: float | int | None) -> float | int | None:
    return None if a is None or b is None else a - b


def _row(
    metric: str, band: str | None, current: float | int | None, values: tuple[Any, ...]
) -> ComparisonRow:
    return ComparisonRow(
        metric=metric,
        band=band,
        current=current,
        values=values,
        changes=tuple(_minus(v, current) for v in values),
    )


def _fmt(value: float | None, *, signed: bool = False) -> str:
    return _display.decimal(value, signed=signed)


def _fmt_share(value: float | None, *, signed: bool = False) -> str:
    return _display.percent(value, none="-", signed=signed)
