"""A diff as text and as HTML tables (what ``str(diff)`` and the notebook show)."""

from __future__ import annotations

import html as _html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from orgshape.changes import who

if TYPE_CHECKING:
    from orgshape._diff._result import Diff

__all__ = ["headline", "html", "text"]

_TEXT_ROWS: Final = 50  # lines per section in str() and the notebook display


def headline(d: Diff) -> str:
    """One line: positions before → after, and the changes per kind."""
    counts = {k: n for k, n in d.counts().items() if n}
    n = len(d.changes)
    listed = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
    what = f"{n} change{'s' if n != 1 else ''}" + (f" ({listed})" if listed else "")
    return f"{len(d.current):,} → {len(d.proposed):,} positions: {what}"


def _summary_table(d: Diff) -> tuple[list[str], list[list[str]]]:
    rows = []
    for row in d.summary:
        change = row.change
        rows.append(
            [
                row.metric,
                _fmt(row.metric, row.old),
                _fmt(row.metric, row.new),
                _fmt(row.metric, change, signed=True) if change else "",
            ]
        )
    return ["metric", "current", "proposed", "change"], rows


def text(d: Diff) -> str:
    """The diff as text: headline, changes, span and layer changes, before/after, findings."""
    by = f" (matched by {d.key})" if d.key != "id" else ""
    lines = [f"Diff{by}: {headline(d)}"]

    def section(title: str, items: Sequence[str]) -> None:
        if not items:
            return
        lines.extend(("", f"{title} ({len(items)})"))
        lines.extend(f"  {item}" for item in items[:_TEXT_ROWS])
        if len(items) > _TEXT_ROWS:
            lines.append(f"  ... and {len(items) - _TEXT_ROWS:,} more (see to_pandas())")

    section("Changes", [str(c) for c in d.changes])
    section(
        "Span changes",
        [f"{who(s.id, s.name)}: {_span(s.old)} → {_span(s.new)}" for s in d.spans],
    )
    section(
        "Layer changes",
        [f"layer {r.layer}: {r.old:,} → {r.new:,} positions" for r in d.layers],
    )
    headers, rows = _summary_table(d)
    lines.extend(("", "Before and after"))
    lines.extend(_text_table(headers, rows))
    section("Findings introduced", [str(f) for f in d.introduced])
    section("Findings resolved", [str(f) for f in d.resolved])
    if not d.introduced and not d.resolved:
        lines.extend(("", "Findings: the same on both sides."))
    return "\n".join(lines)


def html(d: Diff) -> str:
    """The diff as escaped HTML tables."""
    esc = _html.escape
    parts = [f'<div class="orgshape-diff"><p><strong>{esc(headline(d))}</strong></p>']

    def table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        if not rows:
            return
        parts.append(f"<table><caption>{esc(caption)}</caption><thead><tr>")
        parts.extend(f"<th>{esc(h)}</th>" for h in headers)
        parts.append("</tr></thead><tbody>")
        parts.extend(
            "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row) + "</tr>"
            for row in rows[:_TEXT_ROWS]
        )
        if len(rows) > _TEXT_ROWS:
            more = len(rows) - _TEXT_ROWS
            parts.append(f'<tr><td colspan="{len(headers)}">… and {more:,} more</td></tr>')
        parts.append("</tbody></table>")

    table(
        "Changes",
        ["change", "position", "detail"],
        [[c.kind.replace("_", " "), who(c.id, c.name), str(c)] for c in d.changes],
    )
    table(
        "Span changes",
        ["manager", "current", "proposed"],
        [[who(s.id, s.name), _span(s.old), _span(s.new)] for s in d.spans],
    )
    table(
        "Layer changes",
        ["layer", "current", "proposed"],
        [[str(r.layer), f"{r.old:,}", f"{r.new:,}"] for r in d.layers],
    )
    headers, rows = _summary_table(d)
    table("Before and after", headers, rows)
    table(
        "Findings introduced",
        ["severity", "rule", "message"],
        [[f.severity.value, f.code, f.message] for f in d.introduced],
    )
    table(
        "Findings resolved",
        ["severity", "rule", "message"],
        [[f.severity.value, f.code, f.message] for f in d.resolved],
    )
    parts.append("</div>")
    return "\n".join(parts)


def _span(value: int | None) -> str:
    return "-" if value is None else str(value)


def _fmt(metric: str, value: float | None, *, signed: bool = False) -> str:
    if value is None:
        return "-"
    sign = "+" if signed and value > 0 else ""
    if metric.startswith("share"):
        return f"{sign}{value * 100:.1f}%"
    if isinstance(value, int) or float(value).is_integer():
        return f"{sign}{int(value):,}"
    return f"{sign}{value:,.2f}"


def _text_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max([len(h)] + [len(r[k]) for r in rows]) for k, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return (
            "  "
            + "  ".join(
                cell.ljust(w) if k == 0 else cell.rjust(w)
                for k, (cell, w) in enumerate(zip(cells, widths, strict=True))
            ).rstrip()
        )

    return [line(headers), *(line(r) for r in rows)]
