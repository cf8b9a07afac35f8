"""A diff as data: plain dictionaries, JSON and pandas tables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from orgshape._display import json_text
from orgshape.changes import CHANGE_TYPES, LayerChange, Sheet, SpanChange, field_names
from orgshape.rules import Finding

if TYPE_CHECKING:
    import pandas as pd

    from orgshape._diff._result import Diff

__all__ = ["records", "sheets", "to_dict", "to_json", "to_pandas"]


def to_dict(d: Diff, *, schema_version: int) -> dict[str, Any]:
    """The diff as JSON-ready data (see :meth:`Diff.to_dict`)."""
    return {
        "schema_version": schema_version,
        "key": d.key,
        "positions": {"old": len(d.current), "new": len(d.proposed)},
        "counts": d.counts(),
        "changes": [c.to_dict() for c in d.changes],
        "spans": [r.to_dict() for r in d.spans],
        "layers": [r.to_dict() for r in d.layers],
        "summary": [r.to_dict() for r in d.summary],
        "rollups": d.rollups().to_dict()["rows"],
        "impact": d.impact().to_dict(),
        "introduced": [f.to_dict() for f in d.introduced],
        "resolved": [f.to_dict() for f in d.resolved],
    }


def to_json(data: dict[str, Any], *, indent: int | None) -> str:
    """Data as JSON: sorted keys, UTF-8 text, byte-identical for equal input.

    Control, bidi and invisible characters are ``\\uXXXX`` escapes (safe to print); the
    text parses back to ``data`` exactly.
    """
    return json_text(data, indent=indent, allow_nan=False)


def records(d: Diff, table: str) -> tuple[list[str], list[dict[str, Any]]]:
    """``(columns, rows)`` of one table of the diff (see :meth:`Diff.to_pandas`)."""
    rows: list[dict[str, Any]]
    if table == "changes":
        rows = [c.to_dict() for c in d.changes]
        columns: list[str] = ["change", "id", "name"]
        for kind in CHANGE_TYPES:
            columns.extend(f for f in field_names(kind) if f not in columns)
    elif table in ("spans", "layers"):
        kind_of: type[SpanChange | LayerChange] = SpanChange if table == "spans" else LayerChange
        rows = [attrs.asdict(r) for r in getattr(d, table)]
        columns = [f.name for f in attrs.fields(kind_of)]
    elif table == "summary":
        rows = [r.to_dict() for r in d.summary]
        columns = ["metric", "band", "old", "new", "change"]
    elif table == "rollups":
        rollups = d.rollups()
        columns, rows = list(rollups.columns()), rollups.records()
    elif table == "impact":
        columns, rows = d.impact().records()
    elif table == "findings":
        rows = [{"status": "introduced", **f.to_dict()} for f in d.introduced]
        rows.extend({"status": "resolved", **f.to_dict()} for f in d.resolved)
        columns = [
            "status",
            *Finding(code="X", name="x", severity="info", message="").to_dict(),
        ]
    else:
        msg = (
            f"unknown table {table!r} "
            "(known: changes, spans, layers, summary, rollups, impact, findings)"
        )
        raise ValueError(msg)
    return columns, rows


def to_pandas(d: Diff, table: str) -> pd.DataFrame:
    """One table of the diff as a DataFrame (see :meth:`Diff.to_pandas`)."""
    columns, rows = records(d, table)
    try:
        import pandas as pd  # noqa: PLC0415  (optional extra, heavy)
    except ImportError as err:
        raise ImportError("Diff.to_pandas() needs pandas: pip install 'orgshape[pandas]'") from err
    return pd.DataFrame.from_records(rows, columns=columns)


def sheets(d: Diff, *, prefix: str = "") -> tuple[Sheet, ...]:
    """The diff's tables as workbook sheets (see :meth:`Diff.sheets`)."""
    out = [
        Sheet.of(f"{prefix}summary", *records(d, "summary")),
        Sheet.of(f"{prefix}changes", *records(d, "changes")),
        Sheet.of(f"{prefix}leaders", *records(d, "rollups")),
    ]
    for by in ("function", "level"):
        rollups = d.rollups(by=by)
        out.append(Sheet.of(f"{prefix}leaders by {by}", rollups.columns(), rollups.records()))
    impact = d.impact()
    for table, name in (
        ("people", "affected"),
        ("removed", "removed seats"),
        ("displaced", "displaced"),
    ):
        out.append(Sheet.of(f"{prefix}{name}", *impact.records(table)))
    out.append(Sheet.of(f"{prefix}findings", *records(d, "findings")))
    return tuple(out)
