"""Compare a proposed org design with the current one: typed changes, spans, layers, findings.

Glossary:
    current / proposed: the org as it is, and the design under discussion (a reorg).
    match key: what makes a position of one org "the same" as one of the other. By
        default the ``id``; when the two files come from different systems, a person
        key such as the email or the employee number (``key="email"``).
    change: one typed, frozen record of what differs for one position: :class:`Added`,
        :class:`Removed`, :class:`Moved` (another solid-line manager),
        :class:`Retitled`, :class:`Relevelled` (another ladder level),
        :class:`Renamed` (the same seat, another person: filled, opened or
        replaced), :class:`DottedLineChanged` and :class:`Changed` (any other field:
        cost, products, location...).
    span change: a manager whose span of control (solid reports, assistants left out)
        differs; a position missing on one side has no span there (None).
    layer change: a layer (1 = the top) whose number of positions differs.
    introduced / resolved finding: a validation finding the proposal has and the
        current org has not (introduced), or the reverse (resolved); both orgs are
        validated with the same policy.
    ghost: a removed seat drawn dashed under its old manager on the diff chart.

Conventions:

* Changes come in the proposed org's row order (all the changes of one position
  together, in the order of the list above), then the removed positions in the
  current org's row order. The same two orgs always give the same changes, text and
  JSON, byte for byte.
* Ids in a record are the proposed org's ids, except for :class:`Removed` and the
  ``old_*`` ids (old manager, old dotted lines), which are the current org's. They only
  differ when the orgs are matched by another key.
* A manager reference is compared through the match key: with ``key="email"``, a
  person whose manager has another id in the new system but the same email has not
  moved. Products and dotted lines are compared as sets (their order is not a
  change).
* Everything is linear in the number of positions (dictionaries keyed by the match
  key; no comparison of pairs).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from orgshape import _version
from orgshape._diff import _serialise, _text
from orgshape._diff._findings import split_findings
from orgshape._diff._impact import DEFAULT_LEVELS, impact
from orgshape._diff._match import Matched, match
from orgshape._diff._rollup import BY, By, rollups
from orgshape._display import NotebookDisplay
from orgshape._gc import gc_paused
from orgshape._metrics import Metrics, metrics
from orgshape._model import Org, require_org
from orgshape.changes import (
    CHANGE_TYPES,
    Change,
    Impact,
    LayerChange,
    Relevelled,
    Rollups,
    Sheet,
    SpanChange,
    SummaryRow,
)
from orgshape.rules import Finding, Policy, Report, validate
from orgshape.rules._policy import require_policy

if TYPE_CHECKING:
    import pandas as pd

    from orgshape.render import Chart, ChartOptions

__all__ = ["SCHEMA_VERSION", "Diff", "diff"]

#: The version of the layout of :meth:`Diff.to_dict`: orgshape's one JSON layout version.
SCHEMA_VERSION: Final = _version.SCHEMA_VERSION

_C = TypeVar("_C", bound=Change)


def diff(
    current: Org,
    proposed: Org,
    *,
    key: str | None = None,
    policy: Policy | None = None,
) -> Diff:
    """Compare a proposed org design with the current one.

    Args:
        current: the org as it is.
        proposed: the design under discussion.
        key: what matches positions across the two orgs: ``None`` or ``"id"`` (the
            default), or, when the files come from different systems, ``"email"``,
            ``"employee_number"`` (found among each org's extra columns under any of
            the header spellings the loader knows, such as "Work Email") or the exact
            name of an extra column. Emails match case-insensitively. An open role
            without a key is matched by its requisition (``req``) when it has one,
            else by id, among the open roles; a position left over that has the
            requisition of a current open role left over is that role, filled.
        policy: the policy both orgs are validated with for :attr:`Diff.introduced` and
            :attr:`Diff.resolved` (default: ``Policy()``).

    Returns:
        The :class:`Diff`; its changes are computed now, the metrics and findings when
        first asked for.

    Raises:
        TypeError: ``current`` or ``proposed`` is not an Org, or ``policy`` not a Policy.
        InputError: ``key`` names no column of one of the orgs, or several.
        StructureError: the key does not identify positions one to one: a value is
            shared by several positions, or people have none (the message names them).

    Examples:
        >>> from orgshape import Org, Position
        >>> current = Org([
        ...     Position(id="1", name="Ana", title="Chief Product Officer"),
        ...     Position(id="2", name="Bo", title="Director of Product", manager="1"),
        ...     Position(id="3", name="Cy", title="Product Manager", manager="2"),
        ... ])
        >>> proposed = current.move("3", to="1").retitle("2", "VP of Product")
        >>> d = diff(current, proposed)
        >>> [change.kind for change in d]
        ['retitled', 'relevelled', 'moved']
        >>> print(d.changes[2])
        moved 3 (Cy) from 2 (Bo) to 1 (Ana)
        >>> [(s.id, s.old, s.new) for s in d.spans]
        [('1', 1, 2), ('2', 1, 0)]
        >>> len(diff(current, current)), bool(diff(current, current))
        (0, False)
    """
    for org in (current, proposed):
        require_org(org, "diff() compares two orgs; each must be")
    if key is not None and not isinstance(key, str):
        raise TypeError(f"key must be a column name (a string) or None, got {key!r}")
    policy = require_policy(policy)
    match_key = None if key in (None, "id") else key
    with gc_paused():
        matched = match(current, proposed, match_key)
    return Diff(
        current=current,
        proposed=proposed,
        key=key if key is not None else "id",
        policy=policy,
        matched=matched,
    )


class Diff(NotebookDisplay):
    """What changes from a current org to a proposed one: typed changes and measures.

    A diff is a read-only sequence of change records (see :func:`diff`), empty (and
    false) when nothing changed. Beside the changes it has the span and layer changes,
    the headline metrics before and after, and the validation findings the proposal
    introduces and resolves; these are computed when first asked for.

    Attributes:
        current: the current org.
        proposed: the proposed org.
        key: what positions were matched by (``"id"``, ``"email"``...).
        policy: the policy both orgs are validated with.

    Examples:
        >>> from orgshape import Org, Position
        >>> current = Org([
        ...     Position(id="1", name="Ana", title="Chief Product Officer"),
        ...     Position(id="2", title="Product Manager", manager="1"),
        ... ])
        >>> d = diff(current, current.replace(Position(id="2", name="Bo",
        ...                                            title="Product Manager", manager="1")))
        >>> d
        <Diff 2 → 2 positions: 1 change (1 renamed)>
        >>> from orgshape.changes import Renamed
        >>> d.of_type(Renamed)[0].filled
        True
        >>> [(row.metric, row.old, row.new) for row in d.summary][:3]
        [('positions', 2, 2), ('filled', 1, 2), ('vacancies', 1, 0)]
    """

    _display_formats = (("text/html", "_html"),)
    __slots__ = (
        "_impact",
        "_layers",
        "_matched",
        "_metrics",
        "_reports",
        "_rollups",
        "_spans",
        "_split",
        "_summary",
        "changes",
        "current",
        "key",
        "policy",
        "proposed",
    )

    def __init__(
        self,
        *,
        current: Org,
        proposed: Org,
        key: str,
        policy: Policy,
        matched: Matched,
    ) -> None:
        self.current = current
        self.proposed = proposed
        self.key = key
        self.policy = policy
        #: Every change, in order (see the module docs).
        self.changes: tuple[Change, ...] = matched.changes
        self._matched = matched
        self._spans: tuple[SpanChange, ...] | None = None
        self._layers: tuple[LayerChange, ...] | None = None
        self._metrics: tuple[Metrics, Metrics] | None = None
        self._summary: tuple[SummaryRow, ...] | None = None
        self._reports: tuple[Report, Report] | None = None
        self._split: tuple[tuple[Finding, ...], tuple[Finding, ...]] | None = None
        self._rollups: Rollups | None = None
        self._impact: Impact | None = None

    # -- sequence ----------------------------------------------------------------------

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def of_type(self, kind: type[_C]) -> tuple[_C, ...]:
        """The changes of one type, in order.

        Examples:
            >>> from orgshape import Org, Position
            >>> org = Org([Position(id="1", name="Ana", title="CPO")])
            >>> d = diff(org, org.add(Position(id="2", name="Bo", title="PM", manager="1")))
            >>> from orgshape.changes import Added, Removed
            >>> [c.id for c in d.of_type(Added)], d.of_type(Removed)
            (['2'], ())
        """
        if kind not in CHANGE_TYPES:
            known = ", ".join(k.__name__ for k in CHANGE_TYPES)
            msg = f"of_type() takes a change type ({known}), got {kind!r}"
            raise TypeError(msg)
        return tuple(c for c in self.changes if isinstance(c, kind))

    def counts(self) -> dict[str, int]:
        """The number of changes of each kind (every kind, zeros included), in order."""
        counts = dict.fromkeys((k.kind for k in CHANGE_TYPES), 0)
        for c in self.changes:
            counts[c.kind] += 1
        return counts

    # -- measures ----------------------------------------------------------------------

    @property
    def spans(self) -> tuple[SpanChange, ...]:
        """Managers whose span differs: proposed order, then removed managers."""
        if self._spans is None:
            old, new = self._matched.old, self._matched.new
            a, b = old.org.view, new.org.view
            a_span, b_span = a.spans, b.spans
            out: list[SpanChange] = []
            for j, i in enumerate(self._matched.pair):
                was = a_span[i] if i is not None else None
                now = b_span[j]
                if (was or 0) != now:
                    out.append(SpanChange(id=b.ids[j], name=b.names[j], old=was, new=now))
            kept = set(self._matched.pair)
            out.extend(
                SpanChange(id=a.ids[i], name=a.names[i], old=span, new=None)
                for i, span in enumerate(a_span)
                if span and i not in kept
            )
            self._spans = tuple(out)
        return self._spans

    @property
    def layers(self) -> tuple[LayerChange, ...]:
        """Layers whose number of positions differs, top first."""
        if self._layers is None:
            old, new = self._matched.old, self._matched.new
            a = Counter(old.org.view.layers)
            b = Counter(new.org.view.layers)
            deepest = max(max(a, default=0), max(b, default=0))
            self._layers = tuple(
                LayerChange(layer=k, old=a[k], new=b[k])
                for k in range(1, deepest + 1)
                if a[k] != b[k]
            )
        return self._layers

    @property
    def metrics(self) -> tuple[Metrics, Metrics]:
        """The spans-and-layers metrics of the current and the proposed org."""
        if self._metrics is None:
            self._metrics = (metrics(self.current), metrics(self.proposed))
        return self._metrics

    @property
    def summary(self) -> tuple[SummaryRow, ...]:
        """The headline numbers before and after, one row per metric.

        Rows (``metric``, in snake_case as in the metrics' summary): positions,
        filled, vacancies, managers, individual_contributors, layers, mean_span,
        median_span, max_span, one_over_ones, one ``band_share`` per span band (its
        ``band`` says which), total_cost and vacancy_cost.
        """
        if self._summary is None:
            before, after = self.metrics
            s, t = before.summary, after.summary
            rows = [
                SummaryRow(metric=field, old=getattr(s, field), new=getattr(t, field))
                for field in _SUMMARY_FIELDS
            ]
            shares = {b.label: b.share for b in t.band_shares}
            rows[10:10] = [
                SummaryRow(metric="band_share", band=b.label, old=b.share, new=shares.get(b.label))
                for b in s.band_shares
            ]
            self._summary = tuple(rows)
        return self._summary

    # -- leaders and people ------------------------------------------------------------

    def rollups(
        self,
        *,
        by: By = None,
        max_depth: int | None = None,
        levels: str | Iterable[str] | None = None,
    ) -> Rollups:
        """Every leader's org before and after: headcount, vacancies, cost and span.

        A leader is a manager (span of at least 1) in either org; their org is the
        leader and everyone below, vacancies included, so the top's row is the whole
        org and a VP's row is the VP's line. Rows come in the proposed org's top-down
        order (layer by layer), then the leaders the proposal removes.

        Args:
            by: None (one row per leader), ``"function"`` or ``"level"`` (one row per
                leader and function or level of the people in their org).
            max_depth: only leaders on the top ``max_depth`` layers (of either org).
            levels: only leaders on these ladder levels (of either org), e.g. ``"VP"``.

        Raises:
            ValueError: an unknown ``by``, or ``max_depth`` below 1.
            UnknownLevelError: a level is not on the ladder.

        Examples:
            >>> from orgshape import Org, Position
            >>> org = Org([
            ...     Position(id="1", name="Ana", title="Chief Product Officer", cost=300.0),
            ...     Position(id="2", name="Bo", title="VP of Product", manager="1", cost=200.0),
            ...     Position(id="3", name="Cy", title="Product Manager", manager="2", cost=100.0),
            ... ])
            >>> d = diff(org, org.add(Position(id="4", title="Product Manager", manager="2",
            ...                                 cost=90.0)))
            >>> [(r.id, r.old_headcount, r.new_headcount, r.cost_change) for r in d.rollups()]
            [('1', 3, 4, 90.0), ('2', 2, 3, 90.0)]
            >>> [(r.id, r.new_vacancies) for r in d.rollups(levels="VP")]
            [('2', 1)]
        """
        if by is not None and by not in BY:
            raise ValueError(f"by must be None, 'function' or 'level', got {by!r}")
        if max_depth is not None and (
            isinstance(max_depth, bool) or not isinstance(max_depth, int) or max_depth < 1
        ):
            raise ValueError(
                f"max_depth must be a whole number of at least 1 or None, got {max_depth!r}"
            )
        chosen = None
        if levels is not None:
            chosen = (levels,) if isinstance(levels, str) else tuple(levels)
            for level in chosen:
                self.proposed.ladder[level]
        if by is None and max_depth is None and chosen is None:
            if self._rollups is None:
                self._rollups = rollups(self._matched)
            return self._rollups
        return rollups(self._matched, by=by, max_depth=max_depth, levels=chosen)

    def impact(self, *, levels: str | Iterable[str] | None = None) -> Impact:
        """Who the proposal touches, which seats go and who is left without one.

        A person (open roles are not people) is affected when their solid-line
        manager, the leader above them at one of ``levels``, or their layer changes. A
        removed seat says where its person goes (a seat where their name newly
        appears) and where its team goes; a person whose seat is removed, opened or
        given to someone else and who has no seat in the proposal is on the bench.

        Args:
            levels: the leader levels to compare (default: VP and HEAD, those on the
                ladder).

        Raises:
            UnknownLevelError: a level is not on the ladder.

        Examples:
            >>> from orgshape import Org, Position
            >>> org = Org([
            ...     Position(id="1", name="Ana", title="Chief Product Officer"),
            ...     Position(id="2", name="Bo", title="VP of Product", manager="1"),
            ...     Position(id="3", name="Cy", title="VP of Product", manager="1"),
            ...     Position(id="4", name="Di", title="Product Manager", manager="2"),
            ... ])
            >>> i = diff(org, org.move("4", to="3").remove("2")).impact()
            >>> [(p.id, p.manager_changed, p.leader_changed) for p in i.people]
            [('4', True, True)]
            >>> [(d.name, d.on_bench) for d in i.displaced]
            [('Bo', True)]
        """
        ladder = self.proposed.ladder
        if levels is None:
            chosen = tuple(level for level in DEFAULT_LEVELS if level in ladder)
        else:
            chosen = (levels,) if isinstance(levels, str) else tuple(levels)
            for level in chosen:
                ladder[level]
        if levels is None:
            if self._impact is None:
                self._impact = impact(self._matched, chosen)
            return self._impact
        return impact(self._matched, chosen)

    # -- findings ----------------------------------------------------------------------

    @property
    def reports(self) -> tuple[Report, Report]:
        """The validation reports of the current and the proposed org (same policy)."""
        if self._reports is None:
            self._reports = (
                validate(self.current, self.policy),
                validate(self.proposed, self.policy),
            )
        return self._reports

    @property
    def introduced(self) -> tuple[Finding, ...]:
        """Findings of the proposal that the current org does not have.

        Findings are matched by rule code and the people involved (through the match
        key); a finding about the same main person under the same rule whose list of
        people changed (a manager who still has too many reports, with others) is the
        same finding, neither introduced nor resolved. A promotion's own consequence,
        ``SMALL_PORTFOLIO`` about the promoted person, is not introduced either (the
        portfolio is handed over after the promotion; the proposal's report in
        :attr:`reports` still has it).
        """
        return self._findings()[0]

    @property
    def resolved(self) -> tuple[Finding, ...]:
        """Findings of the current org that the proposal no longer has (see introduced)."""
        return self._findings()[1]

    def _findings(self) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
        if self._split is None:
            old_report, new_report = self.reports
            old, new = self._matched.old, self._matched.new
            with gc_paused():
                self._split = split_findings(
                    old_report, new_report, old, new, promoted=self._promoted()
                )
        return self._split

    def _promoted(self) -> frozenset[str]:
        """Proposed ids of the people relevelled to a higher level of the ladder."""
        ladder = self.proposed.ladder
        out: set[str] = set()
        for c in self.changes:
            if not isinstance(c, Relevelled):
                continue
            was, now = c.old_level, c.new_level
            if was is None or now is None or was not in ladder or now not in ladder:
                continue
            if ladder.rank(now) < ladder.rank(was):
                out.add(c.id)
        return frozenset(out)

    # -- data out ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON-ready data with a schema version; deterministic.

        Keys: ``schema_version``, ``key``, ``positions`` (old and new counts),
        ``counts`` (changes per kind), ``changes``, ``spans``, ``layers``, ``summary``,
        ``rollups`` (every leader, :meth:`rollups`), ``impact`` (:meth:`impact`),
        ``introduced`` and ``resolved`` (findings, as in a report). Every key is
        snake_case; the layout is ``diff.schema.json`` (see the JSON docs page).

        Examples:
            >>> from orgshape import Org, Position
            >>> org = Org([Position(id="1", name="Ana", title="CPO")])
            >>> d = diff(org, org.retitle("1", "Chief Product Officer"))
            >>> d.to_dict()["changes"]
            [{'change': 'retitled', 'id': '1', 'name': 'Ana', 'old_title': 'CPO', \
'new_title': 'Chief Product Officer'}]
        """
        return _serialise.to_dict(self, schema_version=SCHEMA_VERSION)

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON: sorted keys, UTF-8 text, byte-identical for equal input."""
        return _serialise.to_json(self.to_dict(), indent=indent)

    def to_pandas(
        self,
        table: Literal[
            "changes", "spans", "layers", "summary", "rollups", "impact", "findings"
        ] = "changes",
    ) -> pd.DataFrame:
        """One table of the diff as a pandas DataFrame.

        Args:
            table: ``"changes"`` (one row per change: ``change``, ``id``, ``name``, then
                every record field; a field a change does not have is empty),
                ``"spans"``, ``"layers"``, ``"summary"`` (metric, band, old, new,
                change), ``"rollups"`` (:meth:`rollups`), ``"impact"`` (the affected
                people of :meth:`impact`) or ``"findings"`` (``status``
                introduced/resolved, then the finding).

        Raises:
            ImportError: pandas is not installed (``pip install 'orgshape[pandas]'``).
            ValueError: an unknown table.
        """
        return _serialise.to_pandas(self, table)

    def sheets(self) -> tuple[Sheet, ...]:
        """The diff's tables as workbook sheets of typed cells, for :meth:`to_excel`.

        Sheets: summary, changes, leaders (every leader's org before and after),
        leaders by function, leaders by level, affected (the people of
        :meth:`impact`), removed seats, displaced, findings (introduced and resolved).
        """
        return _serialise.sheets(self)

    def to_excel(self, path: str | os.PathLike[str]) -> Path:
        """Write :meth:`sheets` as one Excel workbook (``.xlsx``); return its path.

        Each sheet has a bold, frozen header row and an autofilter; numbers and dates
        are typed cells; text is never a formula. No extra package is needed.

        Examples:
            >>> from orgshape import Org, Position
            >>> import tempfile, zipfile
            >>> org = Org([Position(id="1", name="Ana", title="CPO")])
            >>> with tempfile.TemporaryDirectory() as folder:
            ...     path = diff(org, org.retitle("1", "Chief Product Officer")).to_excel(
            ...         f"{folder}/reorg.xlsx")
            ...     "xl/worksheets/sheet1.xml" in zipfile.ZipFile(path).namelist()
            True
        """
        from orgshape._diff._workbook import write_workbook  # noqa: PLC0415  (zip, XML)

        return write_workbook(path, self.sheets())

    # -- chart -------------------------------------------------------------------------

    def chart(self, options: ChartOptions | None = None, /, **overrides: Any) -> Chart:
        """The proposed org with the changes drawn on it.

        Added, moved ("from" the old manager), retitled, relevelled and otherwise
        changed seats get a badge line with a glyph and a note and a thicker border;
        removed seats are drawn as dashed, struck-through ghosts under their old
        manager (or under the ghost of their removed manager). The legend lists the
        kinds shown, so the chart reads without colour. A "Changes" panel counts the
        changes, span and layer deltas and the findings introduced and resolved; the
        findings the proposal introduces are numbered on the chart ("New findings").
        Options are those of :func:`orgshape.chart` (``root=``, ``max_depth=``...);
        marks and ghosts passed in are drawn too. ``changes_only=True`` draws only
        the changed people and their managers' chains (each drawn manager's "+N"
        counts who is left out).

        Examples:
            >>> from orgshape import Org, Position
            >>> org = Org([Position(id="1", name="Ana", title="CPO"),
            ...            Position(id="2", name="Bo", title="PM", manager="1")])
            >>> c = diff(org, org.remove("2")).chart()
            >>> [(g.position.id, g.under) for g in c.options.ghosts]
            [('2', '1')]
        """
        from orgshape._diff._chart import diff_chart  # noqa: PLC0415  (loads rendering)

        return diff_chart(self, self._matched, options, overrides)

    # -- text and display --------------------------------------------------------------

    def headline(self) -> str:
        """One line: positions before → after, and the changes per kind."""
        return _text.headline(self)

    def __repr__(self) -> str:
        try:
            return f"<Diff {self.headline()}>"
        except Exception:  # a repr must never raise
            return "<Diff>"

    def __str__(self) -> str:
        return _text.text(self)

    def _html(self) -> str:
        return _text.html(self)


_SUMMARY_FIELDS: Final = (
    "positions",
    "filled",
    "vacancies",
    "managers",
    "individual_contributors",
    "layers",
    "mean_span",
    "median_span",
    "max_span",
    "one_over_ones",
    # the band shares go here
    "total_cost",
    "vacancy_cost",
)
