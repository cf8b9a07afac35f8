"""Org charts: DOT, SVG/PNG/PDF, Mermaid, a text tree, and Jupyter display.

Glossary:
    box: one position on the chart: name, title (or the ``fields`` chosen) and a fill
        colour for its ladder level. A vacancy is a dashed box saying "Open role".
    bus: the orthogonal connector from a manager to their reports: down, across,
        down.
    stack: individual contributors (ICs) drawn in a column under their manager,
        joined to a vertical trunk, so that a chart's width grows with the number of
        managers, not with headcount.
    assistant: drawn beside their manager, on the manager's row, not below.
    dotted line: a secondary manager, drawn as a dashed curve that does not move
        anything (positions are computed from solid lines only).
    collapsed team: hidden below a box that shows a "+N" badge (``collapse=``,
        ``max_depth=``).
    highlight: a validation report shown on the chart: flagged boxes get a border and
        a glyph by severity (✖ error, ▲ warning, ● info), messages as tooltips.

Usage::

    import orgshape
    org = orgshape.example()
    c = orgshape.chart(org, max_depth=4, highlight=orgshape.validate(org))
    c.save("org.svg")          # or .png .pdf .dot .gv .mmd .txt
    print(c.text)              # a terminal tree
    c                          # in Jupyter: the SVG, scaled to the cell

How it is drawn: orgshape computes every position itself (a compact tidy-tree layout
with stacked ICs and rows that wrap to keep the chart within ``aspect``, 16:9 by
default) and lets Graphviz only draw (pinned positions, ``layout=nop2``), in-process
through pygraphviz, whose wheels bundle Graphviz. :mod:`orgshape.render._layout`
explains why.

Change charts (the hook ``orgshape.diff`` uses): :class:`Mark` puts a glyph, a note
and a colour on a box ("→ moved from Lars Johansson"); :class:`Ghost` draws a removed
seat dashed and greyed under its old manager. Both are ordinary options, so a diff
chart is ``chart(proposed, marks=..., ghosts=...)``, and the legend lists the kinds
used. Mark kinds are keys of ``Theme.marks`` (``added``, ``moved``, ``retitled``,
``relevelled``, ``changed``); a theme can add more.

Safety: person data never becomes a DOT identifier; the escaper of each medium
(:mod:`orgshape._display`) handles every user string for each output; the SVG is
checked again for scripts, event handlers and outside links before it is returned.
"""

from orgshape.render._chart import Chart, chart
from orgshape.render._options import (
    THEMES,
    ChartOptions,
    FindingLike,
    Ghost,
    Mark,
    MarkStyle,
    Theme,
)

__all__ = [
    "THEMES",
    "Chart",
    "ChartOptions",
    "FindingLike",
    "Ghost",
    "Mark",
    "MarkStyle",
    "Theme",
    "chart",
]
