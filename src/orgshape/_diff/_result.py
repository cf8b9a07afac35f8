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

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from orgshape._diff import _serialise, _text
from orgshape._diff._findings import split_findings
from orgshape._diff._match import Matched, match
from orgshape._display import NotebookDisplay
from orgshape._gc import gc_paused
from orgshape._metrics import Metrics, metrics
from orgshape._model import Org
from orgshape.changes import (
    CHANGE_TYPES,
    Change,
    LayerChange,
    SpanChange,
    SummaryRow,
)
from orgshape.rules import Finding, Policy, Report, validate

if TYPE_CHECKING:
    import pandas as pd

    from orgshape.render import Chart, ChartOptions

__all__ = ["SCHEMA_VERSION", "Diff", "diff"]

#: The version of the layout of :meth:`Diff.to_dict` (bumped on incompatible change).
SCHEMA_VERSION: Final = 1

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
        if not isinstance(org, Org):
            raise TypeError(f"diff() compares two Org objects, got {type(org).__name__}")
    if key is not None and not isinstance(key, str):
        raise TypeError(f"key must be a column name (a string) or None, got {key!r}")
    if policy is None:
        policy = Policy()
    elif not isinstance(policy, Policy):
        raise TypeError(f"policy must be a Policy, got {type(policy).__name__}")
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
        "_layers",
        "_matched",
        "_metrics",
        "_reports",
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

        Rows: positions, filled, vacancies, managers, individual contributors, layers,
        mean span, median span, max span, one-over-ones, the share of managers in each
        span band, total cost and vacancy cost.
        """
        if self._summary is None:
            before, after = self.metrics
            s, t = before.summary, after.summary
            rows = [
                SummaryRow(metric=label, old=getattr(s, field), new=getattr(t, field))
                for label, field in _SUMMARY_FIELDS
            ]
            shares = {b.label: b.share for b in t.band_shares}
            rows[10:10] = [
                SummaryRow(metric=f"share in band {b.label}", old=b.share, new=shares.get(b.label))
                for b in s.band_shares
            ]
            self._summary = tuple(rows)
        return self._summary

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
        same finding, neither introduced nor resolved.
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
                self._split = split_findings(old_report, new_report, old, new)
        return self._split

    # -- data out ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON-ready data with a schema version; deterministic.

        Keys: ``schema_version``, ``key``, ``positions`` (old and new counts),
        ``counts`` (changes per kind), ``changes``, ``spans``, ``layers``, ``summary``,
        ``introduced`` and ``resolved`` (findings, as in a report).

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
        self, table: Literal["changes", "spans", "layers", "summary", "findings"] = "changes"
    ) -> pd.DataFrame:
        """One table of the diff as a pandas DataFrame.

        Args:
            table: ``"changes"`` (one row per change: ``change``, ``id``, ``name``, then
                every record field; a field a change does not have is empty),
                ``"spans"``, ``"layers"``, ``"summary"`` (metric, old, new, change) or
                ``"findings"`` (``status`` introduced/resolved, then the finding).

        Raises:
            ImportError: pandas is not installed (``pip install 'orgshape[pandas]'``).
            ValueError: an unknown table.
        """
        return _serialise.to_pandas(self, table)

    # -- chart -------------------------------------------------------------------------

    def chart(self, options: ChartOptions | None = None, /, **overrides: Any) -> Chart:
        """The proposed org with the changes drawn on it.

        Added, moved ("from" the old manager), retitled, relevelled and otherwise
        changed seats get a badge line with a glyph and a note and a thicker border;
        removed seats are drawn as dashed, struck-through ghosts under their old
        manager (or under the ghost of their removed manager). The legend lists the
        kinds shown, so the chart reads without colour. Options are those of
        :func:`orgshape.chart`; marks and ghosts passed in are drawn too.

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
    ("positions", "positions"),
    ("filled", "filled"),
    ("vacancies", "vacancies"),
    ("managers", "managers"),
    ("individual contributors", "individual_contributors"),
    ("layers", "layers"),
    ("mean span", "mean_span"),
    ("median span", "median_span"),
    ("max span", "max_span"),
    ("one-over-ones", "one_over_ones"),
    # the band shares go here
    ("total cost", "total_cost"),
    ("vacancy cost", "vacancy_cost"),
)
