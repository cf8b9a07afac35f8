"""What each box says, and how big the boxes are.

Glossary:
    line: one text line of a box: the name (bold), a field (title, location...), or a
        mark line (a change annotation such as "→ moved from ...").
    cut: a line longer than ``max_label`` characters is shortened with "…" for display;
        the full text goes to the box's tooltip and the data is never changed.
    too long to draw: a line over :data:`MAX_LINE` characters is cut to it even with
        ``max_label=None``, and a tooltip line to :data:`MAX_TIP_LINE` (a
        20,000-character name from hostile input): Graphviz refuses a quoted string
        over 16 KB, which would fail the chart of the whole org. One warning names the
        person (instead of the usual note on cut lines).

Every box of a chart has the same size (org-chart convention, and what lets rows and
stacks line up): as wide as the widest line, as tall as the box with most lines. Text
widths are estimated from DejaVu Sans metrics (the font Graphviz falls back to for
Helvetica on Linux, and wider than Helvetica or Arial), plus 6 %, so the estimate errs
on the roomy side everywhere and the longest name stays inside its box.
"""

from __future__ import annotations

import math
import unicodedata
from typing import TYPE_CHECKING, Any, Final

from orgshape._display import visible
from orgshape._model import MISSING
from orgshape._warnings import warn
from orgshape.exceptions import InputError
from orgshape.render._dotted import TAG_GLYPH
from orgshape.render._options import FIELDS

if TYPE_CHECKING:
    from orgshape._model import Org, Position
    from orgshape.render._options import ChartOptions
    from orgshape.render._tree import VisibleTree

__all__ = [
    "FONT",
    "GHOST_GLYPH",
    "MAX_LINE",
    "MAX_TIP_LINE",
    "Labels",
    "Line",
    "build_labels",
    "text_width",
]

#: The longest box line drawn, whatever ``max_label`` says (see "too long to draw").
MAX_LINE: Final = 300
#: The longest tooltip line.
MAX_TIP_LINE: Final = 2000

#: The glyph of a removed seat (a ghost).
GHOST_GLYPH: Final = "✕"


class _Font:
    """Font sizes, line heights and padding of a box, in points."""

    __slots__ = ()
    name_size: Final = 11.0
    field_size: Final = 9.0
    mark_size: Final = 8.5
    name_height: Final = 14.0
    field_height: Final = 12.0
    mark_height: Final = 12.0
    pad_x: Final = 9.0
    pad_y: Final = 6.0
    min_width: Final = 120.0


FONT: Final = _Font()

# DejaVu Sans advance widths in em for ASCII 32..126 (measured with Graphviz's pango).
_REGULAR: Final = (
    ".315 .398 .458 .833 .637 .945 .78 .278 .39 .39 .502 .833 .315 .36 .315 .338 .637 .637 "
    ".637 .637 .637 .637 .637 .637 .637 .637 .338 .338 .833 .833 .833 .532 .998 .71 .682 .698 "
    ".765 .63 .578 .772 .75 .292 .292 .652 .555 .863 .743 .787 .6 .787 .69 .63 .594 .728 .682 "
    ".99 .682 .608 .682 .39 .338 .39 .833 .502 .502 .615 .63 .547 .63 .615 .345 .63 .63 .278 "
    ".278 .578 .278 .975 .63 .608 .63 .63 .399 .517 .39 .63 .593 .818 .593 .593 .525 .637 "
    ".338 .637 .833"
)
_BOLD: Final = (
    ".345 .458 .517 .833 .698 .998 .87 .307 .458 .458 .525 .833 .383 .412 .383 .367 .698 .698 "
    ".698 .698 .698 .698 .698 .698 .698 .698 .398 .398 .833 .833 .833 .578 .998 .772 .757 .735 "
    ".825 .682 .682 .818 .833 .367 .367 .772 .637 .99 .833 .848 .728 .848 .765 .679 .703 .81 "
    ".772 1.103 .772 .72 .72 .458 .367 .458 .833 .502 .502 .675 .713 .593 .713 .675 .405 .713 "
    ".713 .345 .345 .66 .345 1.042 .713 .682 .713 .713 .495 .593 .48 .713 .652 .922 .645 .652 "
    ".578 .713 .367 .713 .833"
)


def _table(spec: str) -> dict[str, float]:
    return {chr(32 + k): float(w) for k, w in enumerate(spec.split())}


_WIDTHS: Final = {False: _table(_REGULAR), True: _table(_BOLD)}
_OTHER: Final = 0.72  # a roomy guess for letters without a measured width
#: Room for what the estimate cannot know (kerning, hinting, a fallback font a little
#: wider than DejaVu): without it, the longest name of a chart touched or crossed its
#: box's border in PNG and PDF output.
_SLACK: Final = 1.06


def _char_width(char: str, table: dict[str, float]) -> float:
    width = table.get(char)
    if width is not None:
        return width
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    base = unicodedata.normalize("NFKD", char)[:1]
    return table.get(base, _OTHER)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimate the width of ``text`` in points at font ``size``.

    Examples:
        >>> round(text_width("Product Manager", 10))
        85
        >>> text_width("PM", 10, bold=True) > text_width("PM", 10)
        True
    """
    table = _WIDTHS[bold]
    if text.isascii() and text.isprintable():
        return sum(map(table.__getitem__, text)) * size
    return sum(_char_width(char, table) for char in text) * size


class Line:
    """One line of a box.

    Attributes:
        text: the display text: the visible form, cut when too long, not yet escaped.
        kind: ``"name"``, ``"field"``, ``"mark"`` or ``"tag"`` (a dotted-line manager).
        colour: the colour of a mark or tag line.
    """

    __slots__ = ("colour", "kind", "text")

    def __init__(self, text: str, kind: str = "field", colour: str | None = None) -> None:
        self.text = text
        self.kind = kind
        self.colour = colour


class Labels:
    """The lines of every drawn box, and the common box size.

    Attributes:
        lines: the lines of each node.
        full: for a node with a cut line, its lines in full (for the tooltip), else ().
        width: box width in points.
        height: box height in points.
        cut: how many lines were cut.
    """

    __slots__ = ("cut", "full", "height", "lines", "width")

    def __init__(
        self,
        *,
        lines: list[tuple[Line, ...]],
        full: list[tuple[str, ...]],
        width: float,
        height: float,
        cut: int,
    ) -> None:
        self.lines = lines
        self.full = full
        self.width = width
        self.height = height
        self.cut = cut


def _cost(value: float) -> str:
    return f"{value:,.0f}"


def _years(value: float) -> str:
    return f"{value:g} yrs"


def field_value(
    org: Org, tree: VisibleTree, ghosts: tuple[Position, ...], v: int, field: str
) -> str:
    """The text of ``field`` for node ``v`` ("" when the position has no value)."""
    s = tree.src[v]
    if s < 0:
        return _ghost_value(org, ghosts[-1 - s], field)
    cols = org.view
    if field == "name":
        name = cols.names[s]
        if name is not None:
            return name
        known = cols.field("name_known")
        return "Open role" if known is None or known[s] else ""
    if field == "title":
        return cols.titles[s] or ""
    if field == "id":
        return cols.ids[s]
    if field == "level":
        level = cols.levels[s]
        return _level_label(org, level)
    if field == "span":
        span = org.view.spans[s]
        return f"span {span}" if span else ""
    if field == "team":
        return f"team {tree.team[v]}" if tree.team[v] else ""
    column = cols.field(field) if field in FIELDS else None
    if column is not None:
        return _format(field, column[s])
    if field in FIELDS:
        return ""
    return _extra(cols.extra_column(field)[s])


def _level_label(org: Org, level: str | None) -> str:
    if level is None:
        return ""
    if level in org.ladder:
        return org.ladder[level].label
    return level


def _format(field: str, value: Any) -> str:
    if value is None or value == ():
        return ""
    if field == "products":
        return "; ".join(value)
    if field == "cost":
        return _cost(value)
    if field == "years_experience":
        return _years(value)
    return str(value)


def _extra(value: Any) -> str:
    if value is MISSING or value is None:
        return ""
    return str(value)


def _ghost_value(org: Org, position: Position, field: str) -> str:
    if field == "name":
        return position.display_name
    if field == "level":
        return _level_label(org, position.level)
    if field in ("span", "team"):
        return ""
    if field in FIELDS:
        return _format(field, getattr(position, field))
    return _extra(position.extra.get(field, MISSING))


def check_fields(org: Org, fields: tuple[str, ...]) -> None:
    """Raise :class:`InputError` for a field that is neither known nor an extra column."""
    extra = org.view.extra_names
    for field in fields:
        if field not in FIELDS and field not in extra:
            columns = f"; extra columns of this org: {', '.join(extra)}" if extra else ""
            msg = f"unknown field {field!r} (known: {', '.join(FIELDS)}{columns})"
            raise InputError(msg)


def build_labels(
    org: Org,
    tree: VisibleTree,
    options: ChartOptions,
    marks: dict[int, list[tuple[str, str]]],
    tags: dict[int, list[str]] | None = None,
) -> Labels:
    """Work out the lines of every box and the box size; warn once if lines were cut.

    Args:
        org: the org.
        tree: the drawn nodes.
        options: the chart options.
        marks: node -> [(kind, note)] change marks; a ghost gets a "removed" line.
        tags: node -> names of dotted-line managers to name on the box ("⋯ Name").
    """
    check_fields(org, options.fields)
    ghosts = tuple(g.position for g in options.ghosts)
    limit = options.max_label
    hard = MAX_LINE if limit is None or limit > MAX_LINE else None
    limit = MAX_LINE if hard is not None else limit
    too_long: list[tuple[int, int]] = []  # (node, length) of lines past MAX_LINE
    theme = options.theme
    font = FONT
    all_lines: list[tuple[Line, ...]] = []
    full: list[tuple[str, ...]] = []
    cut = 0
    first_cut = ""
    widest = 0.0
    tallest = 0.0
    cache: dict[tuple[str, str], float] = {}
    sizes = {
        "name": font.name_size,
        "field": font.field_size,
        "mark": font.mark_size,
        "tag": font.field_size,
    }
    heights = {
        "name": font.name_height,
        "field": font.field_height,
        "mark": font.mark_height,
        "tag": font.field_height,
    }
    for v in range(len(tree)):
        lines: list[Line] = []
        if tree.src[v] < 0:
            lines.append(Line(f"{GHOST_GLYPH} removed", "mark", theme.ghost_border))
        for kind, note in marks.get(v, ()):
            style = theme.marks[kind]
            lines.append(Line(f"{style.glyph} {visible(note)}", "mark", style.colour))
        for field in options.fields:
            text = visible(field_value(org, tree, ghosts, v, field))
            if text or field == "name":
                lines.append(Line(text, "name" if field == "name" else "field"))
        for name in (tags or {}).get(v, ()):
            lines.append(Line(f"{TAG_GLYPH} {visible(name)}", "tag", theme.dotted))
        if limit is not None and any(len(line.text) > limit for line in lines):
            original = tuple(
                text if len(text) <= MAX_TIP_LINE else text[: MAX_TIP_LINE - 1] + "…"
                for text in (line.text for line in lines)
            )
            shown = []
            for line in lines:
                if len(line.text) > limit:
                    if hard is not None or len(line.text) > MAX_TIP_LINE:
                        too_long.append((v, len(line.text)))
                    else:
                        cut += 1
                        first_cut = first_cut or line.text
                    line = Line(line.text[: limit - 1] + "…", line.kind, line.colour)
                shown.append(line)
            lines = shown
            full.append(original)
        else:
            full.append(())
        height = 2 * font.pad_y
        for line in lines:
            key = (line.kind, line.text)
            width = cache.get(key)
            if width is None:
                width = cache[key] = text_width(
                    line.text, sizes[line.kind], bold=line.kind == "name"
                )
            widest = max(widest, width)
            height += heights[line.kind]
        tallest = max(tallest, height)
        all_lines.append(tuple(lines))
    if cut:
        noun = "line was" if cut == 1 else "lines were"
        warn(
            f"{cut} chart {noun} longer than max_label={limit} characters and cut for "
            f"display (first: {first_cut[:60]!r}); the full text is in the tooltips and "
            "the data is unchanged. Pass max_label=None to never cut.",
        )
    if too_long:
        _warn_too_long(org, tree, ghosts, too_long, limit or MAX_LINE)
    width = max(font.min_width, widest * _SLACK + 2 * font.pad_x)
    return Labels(
        lines=all_lines,
        full=full,
        width=float(2 * math.ceil(width / 2)),
        height=float(2 * math.ceil(tallest / 2)),
        cut=cut,
    )


def _warn_too_long(
    org: Org,
    tree: VisibleTree,
    ghosts: tuple[Position, ...],
    too_long: list[tuple[int, int]],
    shown: int,
) -> None:
    """One warning for the lines too long to draw, naming the first person."""
    v, length = too_long[0]
    s = tree.src[v]
    position = ghosts[-1 - s] if s < 0 else org.at(s)
    name = visible(position.display_name)
    who = f"{visible(position.id)} ({name[:40]}{'…' if len(name) > 40 else ''})"
    others = len({node for node, _ in too_long}) - 1
    more = f", and {others} other {'box' if others == 1 else 'boxes'}," if others else ""
    warn(
        f"{who} has a line of {length:,} characters{more} too long to draw (Graphviz "
        f"refuses text over 16 KB): the box shows the first {shown} characters and the "
        f"tooltip the first {MAX_TIP_LINE:,}; the data is unchanged",
    )
