"""The display layer: escaping per medium, tables, numbers and the notebook display.

Private, and at the bottom of the layers: it imports nothing from orgshape, so the
model, the readers, the rules, the metrics, the charts, the diff, the command line and
the pytest plugin all show people's data through the same code.

Modules:
    _escape: one escaper per output medium (terminal text, HTML/SVG, DOT, Mermaid,
        JSON as text, JSON in ``<script>``, GitHub workflow commands) and the
        CSV/TSV/Excel formula guard.
    _sanitise: the last check on SVG (no script, handler or outside link).
    _tables: one table formatter for text and HTML, and the "… and N more" wording.
    _numbers: counts with plurals, percentages, money and decimals.
    _notebook: the notebook-display mixin and the registry of viewers.
"""

from orgshape._display._escape import (
    csv_line,
    dot_label,
    dot_tooltip,
    formula_guard,
    github_data,
    github_property,
    html_text,
    json_text,
    mermaid_text,
    script_json,
    terminal_lines,
    terminal_text,
    visible,
)
from orgshape._display._notebook import NotebookDisplay, mimebundle, register_viewer, viewer_for
from orgshape._display._numbers import count, decimal, money, percent
from orgshape._display._sanitise import sanitise_svg, svg_is_safe
from orgshape._display._tables import Table, html_pairs, more, text_pairs

__all__ = [
    "NotebookDisplay",
    "Table",
    "count",
    "csv_line",
    "decimal",
    "dot_label",
    "dot_tooltip",
    "formula_guard",
    "github_data",
    "github_property",
    "html_pairs",
    "html_text",
    "json_text",
    "mermaid_text",
    "mimebundle",
    "money",
    "more",
    "percent",
    "register_viewer",
    "sanitise_svg",
    "script_json",
    "svg_is_safe",
    "terminal_lines",
    "terminal_text",
    "text_pairs",
    "viewer_for",
    "visible",
]
