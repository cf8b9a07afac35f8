"""The report of one validation: findings first, pretty second."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final, overload

from orgshape import _version
from orgshape._display import (
    NotebookDisplay,
    Table,
    count,
    html_text,
    json_text,
    more,
    terminal_lines,
    visible,
)
from orgshape.changes import Sheet
from orgshape.exceptions import StructureError
from orgshape.rules._finding import Finding, Severity

#: The columns of the findings sheet (and of :meth:`Report.to_pandas`).
_SHEET_COLUMNS: Final = (
    "severity",
    "code",
    "name",
    "id",
    "ids",
    "message",
    "hint",
    "row",
    "source",
)

if TYPE_CHECKING:
    import pandas as pd

    from orgshape._model import Org
    from orgshape.rules._policy import Policy

__all__ = ["SCHEMA_VERSION", "Report", "count_findings"]

#: The version of the layout of :meth:`Report.to_dict`: orgshape's one JSON layout version.
SCHEMA_VERSION: Final = _version.SCHEMA_VERSION
_HTML_ROWS: Final = 500  # findings shown by the notebook display
_IDS_SHOWN: Final = 6  # ids of one finding shown by the text form (all are in the data)
_ORDER: Final = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_PLURAL: Final = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "info"}


def _sort_key(f: Finding) -> tuple[Any, ...]:
    # the last fields only break ties, so that the order never depends on the input's
    return (
        -f.severity.rank,
        f.row is None,
        f.row or 0,
        f.code,
        f.ids,
        f.message,
        f.name,
        f.hint,
        f.source or "",
    )


def count_findings(counts: Mapping[Severity, int]) -> str:
    """Counts per severity as words, errors first: ``1 error, 7 warnings, 0 info``.

    Examples:
        >>> count_findings({Severity.ERROR: 1, Severity.WARNING: 7, Severity.INFO: 0})
        '1 error, 7 warnings, 0 info'
    """
    return ", ".join(count(counts.get(s, 0), s.value, _PLURAL[s]) for s in _ORDER)


class Report(NotebookDisplay):
    """All findings of one validation, sorted: errors first, then by row, code and ids.

    A report is a read-only sequence of :class:`Finding` records. ``bool(report)`` is
    True when it has any finding (info included); use :attr:`ok` to gate on errors.

    Attributes:
        org: the org that was validated (None for a report built by hand).
        policy: the policy it was validated with.

    Examples:
        >>> from orgshape.rules import Finding, Report
        >>> report = Report([
        ...     Finding(code="ONE_OVER_ONE", name="one-over-one", severity="warning",
        ...             ids=("P6", "P12"), message="Siobhán has one report", row=7),
        ...     Finding(code="CYCLE", name="cycle", severity="error", ids=("P2",),
        ...             message="reporting lines loop: P2 → P3 → P2", row=3),
        ... ])
        >>> [f.code for f in report], report.ok, len(report.filter(severity="error"))
        (['CYCLE', 'ONE_OVER_ONE'], False, 1)
        >>> report.counts()
        {<Severity.ERROR: 'error'>: 1, <Severity.WARNING: 'warning'>: 1, <Severity.INFO: 'info'>: 0}
    """

    __slots__ = ("_findings", "org", "policy")
    _display_formats = (("text/html", "_html"),)

    def __init__(
        self,
        findings: Iterable[Finding] = (),
        *,
        org: Org | None = None,
        policy: Policy | None = None,
    ) -> None:
        items = list(findings)
        for f in items:
            if not isinstance(f, Finding):
                raise TypeError(f"a report holds Finding records, got {f!r}")
        self._findings: tuple[Finding, ...] = tuple(sorted(items, key=_sort_key))
        self.org = org
        self.policy = policy

    # -- sequence ----------------------------------------------------------------------

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._findings)

    def __len__(self) -> int:
        return len(self._findings)

    def __bool__(self) -> bool:
        return bool(self._findings)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Finding, ...]: ...
    def __getitem__(self, index: int | slice) -> Finding | tuple[Finding, ...]:
        return self._findings[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Report):
            return NotImplemented
        return self._findings == other._findings

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Report {self._summary()}>"

    # -- queries -----------------------------------------------------------------------

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, in report order."""
        return self._findings

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings and infos do not fail a report)."""
        return not any(f.severity is Severity.ERROR for f in self._findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity error."""
        return self._of(Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity warning."""
        return self._of(Severity.WARNING)

    @property
    def infos(self) -> tuple[Finding, ...]:
        """The findings of severity info."""
        return self._of(Severity.INFO)

    def _of(self, severity: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self._findings if f.severity is severity)

    def counts(self) -> dict[Severity, int]:
        """The number of findings per severity, every severity present (errors first)."""
        out = dict.fromkeys(_ORDER, 0)
        for f in self._findings:
            out[f.severity] += 1
        return out

    def filter(
        self,
        *,
        severity: Severity | str | None = None,
        code: str | Iterable[str] | None = None,
        id: str | None = None,
        root: str | None = None,
    ) -> Report:
        """A report with only the findings that match every given condition.

        Args:
            severity: the minimum severity (``"warning"`` keeps warnings and errors).
            code: a rule code or name, or several.
            id: a person involved (anywhere in the finding's ids).
            root: findings about anyone in the team of this position (itself included).

        Raises:
            ValueError: ``severity`` is not a severity.
            StructureError: ``root`` is given but the report has no org.
            UnknownPositionError: ``root`` is not in the org.
        """
        kept: Iterable[Finding] = self._findings
        if severity is not None:
            least = Severity(severity)
            kept = [f for f in kept if f.severity >= least]
        if code is not None:
            wanted = {code} if isinstance(code, str) else set(code)
            kept = [f for f in kept if f.code in wanted or f.name in wanted]
        if id is not None:
            kept = [f for f in kept if id in f.ids]
        if root is not None:
            org = self.org
            if org is None:
                raise StructureError("filter(root=...) needs the org; this report has none")
            ids = org.view.ids
            team = {ids[k] for k in org.view.subtree(org.index(root))}
            kept = [f for f in kept if not team.isdisjoint(f.ids)]
        return Report(kept, org=self.org, policy=self.policy)

    # -- data out ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data with a ``schema_version``; deterministic.

        Examples:
            >>> sorted(Report().to_dict())
            ['counts', 'findings', 'ok', 'policy', 'schema_version', 'source']
        """
        return {
            "schema_version": SCHEMA_VERSION,
            "source": self.org.source if self.org is not None else None,
            "policy": self.policy.source if self.policy is not None else None,
            "ok": self.ok,
            "counts": {s.value: n for s, n in self.counts().items()},
            "findings": [f.to_dict() for f in self._findings],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as JSON: sorted keys, stable order, byte-identical for equal reports.

        UTF-8 text, except that control, bidi and invisible characters are written as
        ``\\uXXXX`` escapes, so the JSON is safe to print; it parses back to
        :meth:`to_dict` exactly.
        """
        return json_text(self.to_dict(), indent=indent)

    def sheets(self) -> tuple[Sheet, ...]:
        """The findings as one workbook sheet, ``findings``, one row per finding.

        The columns of :meth:`to_pandas` (``ids`` joined with ``;``); what
        ``orgshape.write(org, "org.xlsx", findings=report)`` and ``orgshape check
        --format xlsx`` write.

        Examples:
            >>> Report().sheets()[0].headers[:3]
            ('severity', 'code', 'name')
        """
        return (
            Sheet(
                name="findings",
                headers=_SHEET_COLUMNS,
                rows=[
                    (
                        f.severity.value,
                        f.code,
                        f.name,
                        f.id,
                        ";".join(f.ids),
                        f.message,
                        f.hint,
                        f.row,
                        f.source,
                    )
                    for f in self._findings
                ],
            ),
        )

    def to_pandas(self) -> pd.DataFrame:
        """The findings as a pandas DataFrame, one row per finding.

        Columns: severity, code, name, id (the main person), ids, message, hint, row
        (nullable integer) and source.

        Raises:
            ImportError: pandas is not installed.
        """
        try:
            import pandas as pd  # noqa: PLC0415  (optional, heavy)
        except ImportError as err:
            raise ImportError(
                "Report.to_pandas() needs pandas: pip install 'orgshape[pandas]'"
            ) from err
        columns = ["severity", "code", "name", "id", "ids", "message", "hint", "row", "source"]
        frame = pd.DataFrame(
            [
                (f.severity.value, f.code, f.name, f.id, f.ids, f.message, f.hint, f.row, f.source)
                for f in self._findings
            ],
            columns=columns,
        )
        frame["row"] = frame["row"].astype("Int64")
        return frame

    # -- text and display ----------------------------------------------------------------

    def _summary(self) -> str:
        text = count_findings(self.counts())
        source = self.org.source if self.org is not None else None
        return f"{text} in {visible(source)}" if source else text

    def __str__(self) -> str:
        """The findings grouped by severity, one entry each, and the counts.

        Every string from the data (ids, messages, hints, the file name) is in its
        visible form: no control or bidi character reaches a terminal.
        """
        if not self._findings:
            return f"No findings ({self._summary()})."
        lines: list[str] = []
        for severity in _ORDER:
            group = self._of(severity)
            if not group:
                continue
            if lines:
                lines.append("")
            lines.append(f"{_PLURAL[severity].capitalize()} ({len(group)})")
            for f in group:
                where = [f"row {f.row}"] if f.row is not None else []
                if f.ids:
                    shown = ", ".join(f.ids[:_IDS_SHOWN])
                    if len(f.ids) > _IDS_SHOWN:
                        shown += f" and {len(f.ids) - _IDS_SHOWN:,} more"
                    where.append(shown)
                where.append(f"{f.code} ({f.name})")
                lines.append("  " + " · ".join(where))
                lines.append(f"    {f.message}")
                if f.hint:
                    lines.append(f"    hint: {f.hint}")
        lines.extend(["", self._summary()])
        return terminal_lines(lines)  # each line's data in its visible form

    def _html(self) -> str:
        shown = self._findings[:_HTML_ROWS]
        table = Table(
            ("severity", "row", "rule", "ids", "message", "hint"),
            (
                (
                    f.severity.value,
                    "" if f.row is None else str(f.row),
                    f"{f.code} ({f.name})",
                    ", ".join(f.ids),
                    f.message,
                    f.hint,
                )
                for f in shown
            ),
            numeric=("row",),
            row_classes=[f"orgshape-{f.severity.value}" for f in shown],
        )
        hidden = len(self._findings) - len(shown)
        note = (
            f"<p>{html_text(more(hidden, 'findings', hint='see to_pandas()'))}.</p>"
            if hidden > 0
            else ""
        )
        return (
            f'<div class="orgshape-report"><p><strong>{html_text(self._summary())}</strong></p>'
            + (table.html() if shown else "")
            + note
            + "</div>"
        )
