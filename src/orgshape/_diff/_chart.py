"""A diff drawn on the proposed org: change marks, ghosts of removed seats, a summary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from orgshape.changes import (
    Added,
    Changed,
    DottedLineChanged,
    Moved,
    Relevelled,
    Renamed,
    Retitled,
)
from orgshape.exceptions import InputError
from orgshape.render import Chart, ChartOptions, Ghost, Mark, chart

if TYPE_CHECKING:
    from orgshape._diff._match import Matched
    from orgshape._diff._result import Diff

__all__ = ["diff_chart", "summary_rows"]


def diff_chart(
    d: Diff, matched: Matched, options: ChartOptions | None, overrides: Mapping[str, Any]
) -> Chart:
    """The chart of :meth:`Diff.chart`.

    Beside the marks and ghosts: a "Changes" summary panel, the findings the proposal
    introduces highlighted (numbered, in a "New findings" table), and with
    ``changes_only=True`` only the changed people and their managers' chains.
    """
    overrides = dict(overrides)
    changes_only = overrides.pop("changes_only", False)
    if not isinstance(changes_only, bool):
        msg = f"changes_only must be True or False, got {changes_only!r}"
        raise InputError(msg)
    base = options if options is not None else ChartOptions()
    marks, ghosts = _marks_and_ghosts(d, matched)
    extra_marks = overrides.pop("marks", base.marks)
    extra_ghosts = overrides.pop("ghosts", base.ghosts)
    defaults: dict[str, Any] = {
        "summary": summary_rows(d),
        "summary_title": "Changes",
        "highlight": d.introduced,
        "findings_title": "New findings",
    }
    if changes_only:
        proposed = d.proposed.view.index
        only = [m.id for m in marks]
        only += [g.under for g in ghosts if g.under is not None and g.under in proposed]
        defaults["only"] = tuple(dict.fromkeys(only))
    for key, value in defaults.items():
        if key not in overrides and getattr(base, key) == getattr(ChartOptions(), key):
            overrides[key] = value
    return chart(
        d.proposed,
        base,
        **overrides,
        marks=(*marks, *extra_marks),
        ghosts=(*ghosts, *extra_ghosts),
    )


def summary_rows(d: Diff) -> tuple[tuple[str, str], ...]:
    """The diff chart's summary panel: counts of changes, span and layer deltas, findings."""
    rows: list[tuple[str, str]] = []
    for kind, count in d.counts().items():
        if count:
            rows.append((kind.replace("_", " "), f"{count:,}"))
    if not rows:
        rows.append(("changes", "none"))
    spans = d.spans
    if spans:
        wider = sum(1 for s in spans if (s.new or 0) > (s.old or 0))
        rows.append(("spans changed", f"{len(spans):,} ({wider:,} wider)"))
    layers = d.layers
    for change in layers[:4]:
        rows.append((f"layer {change.layer}", f"{change.old:,} → {change.new:,}"))
    if len(layers) > 4:
        rows.append(("layers changed", f"{len(layers):,}"))
    rows.append(("findings introduced", f"{len(d.introduced):,}"))
    rows.append(("findings resolved", f"{len(d.resolved):,}"))
    return tuple(rows)


def _marks_and_ghosts(d: Diff, matched: Matched) -> tuple[list[Mark], list[Ghost]]:
    old, new = matched.old, matched.new
    ladder = d.current.ladder
    marks: list[Mark] = []
    changed: dict[str, list[str]] = {}
    for c in d.changes:
        if isinstance(c, Added):
            marks.append(Mark(id=c.id, kind="added"))
        elif isinstance(c, Moved):
            where = c.old_manager_name or c.old_manager if c.old_manager is not None else "the top"
            marks.append(Mark(id=c.id, kind="moved", note=f"from {where}"))
        elif isinstance(c, Retitled):
            marks.append(Mark(id=c.id, kind="retitled", note=f"was {c.old_title or '-'}"))
        elif isinstance(c, Relevelled):
            level = c.old_level
            label = ladder[level].label if level is not None and level in ladder else level
            marks.append(Mark(id=c.id, kind="relevelled", note=f"was {label or 'no level'}"))
        elif isinstance(c, Renamed):
            note = (
                "filled"
                if c.filled
                else f"opened (was {c.old_name})"
                if c.opened
                else f"was {c.old_name}"
            )
            changed.setdefault(c.id, []).append(note)
        elif isinstance(c, DottedLineChanged):
            changed.setdefault(c.id, []).append("dotted line")
        elif isinstance(c, Changed):
            changed.setdefault(c.id, []).append(c.field.replace("_", " "))
    marks.extend(Mark(id=i, kind="changed", note=", ".join(notes)) for i, notes in changed.items())

    # removed seats, under their old manager: the same seat in the proposal, or
    # the ghost of a removed manager; a ghost id the proposal also uses is renamed
    a = old.org.view
    back = {i: j for j, i in enumerate(matched.pair) if i is not None}
    removed = [i for i in range(len(a.ids)) if i not in back]
    ghost_id: dict[str, str] = {}
    taken = set(new.by_id)
    for i in removed:
        gid = a.ids[i]
        while gid in taken:
            gid += " (removed)"
        taken.add(gid)
        ghost_id.setdefault(a.ids[i], gid)
    ghosts: list[Ghost] = []
    for i in removed:
        ref = a.managers[i]
        under: str | None = None
        if ref in ghost_id:
            under = ghost_id[ref]
        elif ref is not None:
            t = old.by_id.get(ref)
            j = back.get(t) if t is not None else None
            under = new.org.view.ids[j] if j is not None else None
        position = old.org.at(i)
        if ghost_id[a.ids[i]] != position.id:
            position = attrs.evolve(position, id=ghost_id[a.ids[i]])
        ghosts.append(Ghost(position=position, under=under))
    return marks, ghosts
