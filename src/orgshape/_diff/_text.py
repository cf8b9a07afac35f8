"""A diff as text and as HTML tables (what ``str(diff)`` and the notebook show).

Every string from the data (names, titles, ids, values, finding messages) goes through
the display layer: its visible form in text, escaped in HTML; the one table formatter
lays out both, and long sections end with the one "… and N more" line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from orgshape._display import Table, decimal, html_text, more, percent, terminal_lines, visible
from orgshape.changes import Rollups, who

if TYPE_CHECKING:
    from orgshape._diff._result import Diff

__all__ = ["headline", "html", "text"]

_TEXT_ROWS: Final = 50  # lines per section in str() and the notebook display
_LEADER_LAYERS: Final = 3  # str() shows the leaders of the top layers whose org changes
_HINT: Final = "see to_pandas()"


def headline(d: Diff) -> str:
    """One line: positions before → after, and the changes per kind."""
    counts = {k: n for k, n in d.counts().items() if n}
    n = len(d.changes)
    listed = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
    what = f"{n} change{'s' if n != 1 else ''}" + (f" ({listed})" if listed else "")
    return f"{len(d.current):,} → {len(d.proposed):,} positions: {what}"


def _summary_table(d: Diff) -> Table:
    rows = []
    for row in d.summary:
        change = row.change
        rows.append(
            [
                row.label,
                _fmt(row.metric, row.old),
                _fmt(row.metric, row.new),
                _fmt(row.metric, change, signed=True) if change else "",
            ]
        )
    return Table(
        ["metric", "current", "proposed", "change"],
        rows,
        numeric=("current", "proposed", "change"),
        caption="Before and after",
    )


def text(d: Diff) -> str:
    """The diff as text: headline, changes, span and layer changes, before/after, findings."""
    by = f" (matched by {visible(d.key)})" if d.key != "id" else ""
    lines = [f"Diff{by}: {headline(d)}"]

    def section(title: str, items: Sequence[str]) -> None:
        if not items:
            return
        lines.extend(("", f"{title} ({len(items)})"))
        lines.extend(f"  {item}" for item in items[:_TEXT_ROWS])
        if len(items) > _TEXT_ROWS:
            lines.append(f"  {more(len(items) - _TEXT_ROWS, hint=_HINT)}")

    section("Changes", [str(c) for c in d.changes])
    section(
        "Span changes",
        [f"{who(s.id, s.name)}: {_span(s.old)} → {_span(s.new)}" for s in d.spans],
    )
    section(
        "Layer changes",
        [f"layer {r.layer}: {r.old:,} → {r.new:,} positions" for r in d.layers],
    )
    leaders = _changed_leaders(d)
    if leaders.rows:
        lines.extend(("", f"Org per leader (layers 1-{_LEADER_LAYERS}, {len(leaders)} changed)"))
        lines.extend(leaders.text_lines(limit=_TEXT_ROWS))
    impact = d.impact()
    lines.extend(("", "Impact", f"  {impact.summary()}"))
    details = impact.details()
    lines.extend(f"  {visible(line)}" for line in details[:_TEXT_ROWS])
    if len(details) > _TEXT_ROWS:
        lines.append(f"  {more(len(details) - _TEXT_ROWS, hint='see impact()')}")
    lines.extend(("", "Before and after"))
    lines.extend(_summary_table(d).text_lines())
    section("Findings introduced", [str(f) for f in d.introduced])
    section("Findings resolved", [str(f) for f in d.resolved])
    if not d.introduced and not d.resolved:
        lines.extend(("", "Findings: the same on both sides."))
    return terminal_lines(lines)  # each line's data in its visible form


def _table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    numeric: Sequence[str] = (),
) -> str:
    if not rows:
        return ""
    return Table(
        headers,
        rows[:_TEXT_ROWS],
        numeric=numeric,
        total=len(rows),
        noun="",
        hint=_HINT,
        caption=caption,
    ).html()


def html(d: Diff) -> str:
    """The diff as escaped HTML tables."""
    parts = [
        f'<div class="orgshape-diff"><p><strong>{html_text(headline(d))}</strong></p>',
        _table(
            "Changes",
            ["change", "position", "detail"],
            [[c.kind.replace("_", " "), who(c.id, c.name), str(c)] for c in d.changes],
        ),
        _table(
            "Span changes",
            ["manager", "current", "proposed"],
            [[who(s.id, s.name), _span(s.old), _span(s.new)] for s in d.spans],
            numeric=("current", "proposed"),
        ),
        _table(
            "Layer changes",
            ["layer", "current", "proposed"],
            [[str(r.layer), f"{r.old:,}", f"{r.new:,}"] for r in d.layers],
            numeric=("current", "proposed"),
        ),
        _changed_leaders(d).html_table(),
        f"<p>{html_text('Impact: ' + d.impact().summary())}</p>",
        _table("Seats and people", ["seat"], [[line] for line in d.impact().details()]),
        _summary_table(d).html(),
        _table(
            "Findings introduced",
            ["severity", "rule", "message"],
            [[f.severity.value, f.code, f.message] for f in d.introduced],
        ),
        _table(
            "Findings resolved",
            ["severity", "rule", "message"],
            [[f.severity.value, f.code, f.message] for f in d.resolved],
        ),
        "</div>",
    ]
    return "\n".join(part for part in parts if part)


def _changed_leaders(d: Diff) -> Rollups:
    """The leaders on the top layers whose org changes."""
    rows = tuple(r for r in d.rollups(max_depth=_LEADER_LAYERS) if r.changed)
    return Rollups(by=None, rows=rows)


def _span(value: int | None) -> str:
    return "-" if value is None else str(value)


def _fmt(metric: str, value: float | None, *, signed: bool = False) -> str:
    if metric == "band_share":
        return percent(value, none="-", signed=signed)
    return decimal(value, signed=signed)
