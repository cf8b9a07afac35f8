"""Chart options and themes: one frozen object says how a chart looks.

Glossary:
    focus (``root``): draw only the team below one position.
    collapse: hide the team below a position; its box gets a "+N" badge counting the
        positions hidden below it. ``max_depth`` collapses every position on the last
        layer shown.
    highlight: a validation report (or any findings) whose flagged seats are marked.
    mark: a per-position annotation for change charts ("added", "moved from ..."): a
        badge line with a glyph and a note, plus a border colour.
    ghost: a removed seat drawn dashed and greyed under its old manager.
    theme: colours and fonts; levels are coloured by their place on the ladder.
"""

from __future__ import annotations

import math
import re
import types
from collections.abc import Iterable, Mapping
from typing import Any, Final, Protocol, cast, runtime_checkable

import attrs

from orgshape._model import Position
from orgshape.exceptions import InputError

__all__ = [
    "DOTTED_STYLES",
    "FIELDS",
    "SEVERITIES",
    "SEVERITY_GLYPHS",
    "THEMES",
    "ChartOptions",
    "FindingLike",
    "Ghost",
    "Mark",
    "MarkStyle",
    "Theme",
]

#: Fields a box can show, besides any extra column of the org.
FIELDS: Final = (
    "name",
    "title",
    "level",
    "id",
    "function",
    "area",
    "location",
    "products",
    "cost",
    "years_experience",
    "req",
    "span",
    "team",
)
#: Finding severities, most severe first.
SEVERITIES: Final = ("error", "warning", "info")
#: The glyph of each severity: flagged boxes differ by shape, not colour alone.
SEVERITY_GLYPHS: Final[Mapping[str, str]] = types.MappingProxyType(
    {"error": "✖", "warning": "▲", "info": "●"}
)


@runtime_checkable
class FindingLike(Protocol):
    """What :attr:`ChartOptions.highlight` needs from a finding.

    ``orgshape.rules`` findings have these attributes; so can anything else.

    Attributes:
        ids: the ids of the positions the finding is about (may be empty: the legend
            lists such org-wide findings).
        severity: ``"error"``, ``"warning"`` or ``"info"`` (a ``str`` or a str enum).
        message: a sentence, shown as a tooltip on the flagged boxes.
        code: a short stable code such as ``"SPAN_TOO_WIDE"``.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class MyFinding:
        ...     ids: tuple[str, ...]
        ...     severity: str
        ...     message: str
        ...     code: str
        >>> finding = MyFinding(("P013",), "warning", "12 reports", "WIDE")
        >>> isinstance(finding, FindingLike)
        True
        >>> ChartOptions(highlight=[finding]).highlight == (finding,)
        True
    """

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the positions involved."""

    @property
    def severity(self) -> Any:
        """``"error"``, ``"warning"`` or ``"info"``."""

    @property
    def message(self) -> str:
        """The finding's sentence."""

    @property
    def code(self) -> Any:
        """The finding's stable code."""


def severity_of(finding: object) -> str:
    """Return a finding's severity as one of :data:`SEVERITIES`.

    Raises:
        InputError: the severity is not one of them.
    """
    raw = getattr(finding, "severity", None)
    value = getattr(raw, "value", raw)
    text = str(value).lower() if value is not None else ""
    if text not in SEVERITIES:
        msg = f"finding severity {raw!r} is not one of {', '.join(SEVERITIES)}"
        raise InputError(msg)
    return text


# ---------------------------------------------------------------- themes

_COLOUR: Final = re.compile(r"#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?|[a-z]+[0-9]*")


def _check_colour(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    values = value if isinstance(value, tuple) else (value,)
    for colour in values:
        if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
            msg = f"{attribute.name} must be a colour such as '#1f77b4' or 'white', got {colour!r}"
            raise InputError(msg)


def _colours(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@attrs.frozen(kw_only=True)
class MarkStyle:
    """How one kind of :class:`Mark` is drawn.

    Attributes:
        glyph: a symbol shown before the note, so marks differ without colour.
        colour: the border and badge colour.
        label: the legend text.

    Examples:
        >>> MarkStyle(glyph="+", colour="#1e8449", label="added")
        MarkStyle(glyph='+', colour='#1e8449', label='added')
    """

    glyph: str
    colour: str = attrs.field(validator=_check_colour)
    label: str


def _freeze_marks(value: Mapping[Any, Any]) -> Mapping[str, MarkStyle]:
    out: dict[str, MarkStyle] = {}
    for kind, style in value.items():
        if not isinstance(kind, str) or not isinstance(style, MarkStyle):
            msg = f"Theme.marks maps kind names to MarkStyle, got {kind!r}: {style!r}"
            raise InputError(msg)
        out[kind] = style
    return types.MappingProxyType(out)


_DEFAULT_MARKS: Final = {
    "added": MarkStyle(glyph="+", colour="#1e8449", label="added"),
    "moved": MarkStyle(glyph="→", colour="#1f618d", label="moved"),
    "retitled": MarkStyle(glyph="✎", colour="#7d3c98", label="retitled"),
    "relevelled": MarkStyle(glyph="↕", colour="#7d3c98", label="relevelled"),
    "changed": MarkStyle(glyph="Δ", colour="#b9770e", label="changed"),
}


@attrs.frozen(kw_only=True)
class Theme:
    """Colours and fonts of a chart.

    Levels are coloured by their position on the ladder: ``level_fills[0]`` for the
    top level, and so on (cycling when the ladder is longer). A position with no known
    level gets ``unknown_fill``; an open role (a vacancy) gets ``vacancy_fill`` and a
    dashed border in its level's colour, so it never looks like a filled seat.
    Severities are told apart by border width and a glyph (✖ error, ▲ warning,
    ● info) as well as colour, so a grey print still shows them.

    Use a built-in theme by name (``"default"``, ``"mono"``) or make one with
    :func:`attrs.evolve`.

    Examples:
        >>> import attrs
        >>> dark_lines = attrs.evolve(THEMES["default"], name="mine", line="#000000")
        >>> dark_lines.line
        '#000000'
        >>> Theme(name="x", level_fills=())
        Traceback (most recent call last):
        ...
        orgshape.exceptions.InputError: level_fills needs at least one colour
    """

    name: str
    fontname: str = "Helvetica"
    background: str = attrs.field(default="#ffffff", validator=_check_colour)
    text: str = attrs.field(default="#1b1f24", validator=_check_colour)
    muted: str = attrs.field(default="#4a5260", validator=_check_colour)
    border: str = attrs.field(default="#5b6675", validator=_check_colour)
    line: str = attrs.field(default="#7b8794", validator=_check_colour)
    dotted: str = attrs.field(default="#2e6db4", validator=_check_colour)
    level_fills: tuple[str, ...] = attrs.field(
        default=(
            "#d7c8e8",
            "#c4d8ef",
            "#bfe6ec",
            "#c9ecc1",
            "#ecebb8",
            "#fdd9b5",
            "#f6cde0",
            "#e0cfc9",
        ),
        converter=_colours,
        validator=_check_colour,
    )
    unknown_fill: str = attrs.field(default="#eceff2", validator=_check_colour)
    vacancy_fill: str = attrs.field(default="#ffffff", validator=_check_colour)
    ghost_fill: str = attrs.field(default="#f4f4f4", validator=_check_colour)
    ghost_border: str = attrs.field(default="#9aa1a9", validator=_check_colour)
    badge_fill: str = attrs.field(default="#ffffff", validator=_check_colour)
    error: str = attrs.field(default="#c0392b", validator=_check_colour)
    warning: str = attrs.field(default="#d68910", validator=_check_colour)
    info: str = attrs.field(default="#2874a6", validator=_check_colour)
    marks: Mapping[str, MarkStyle] = attrs.field(
        factory=lambda: dict(_DEFAULT_MARKS), converter=_freeze_marks, hash=False
    )

    def __attrs_post_init__(self) -> None:
        if not self.level_fills:
            msg = "level_fills needs at least one colour"
            raise InputError(msg)

    def fill_for(self, rank: int | None) -> str:
        """Return the fill colour of a ladder position (None: unknown level).

        Examples:
            >>> THEMES["default"].fill_for(0)
            '#d7c8e8'
        """
        if rank is None:
            return self.unknown_fill
        return self.level_fills[rank % len(self.level_fills)]

    def severity_colour(self, severity: str) -> str:
        """Return the colour of a severity (``"error"``, ``"warning"``, ``"info"``)."""
        colour: str = getattr(self, severity)
        return colour


_MONO_MARKS: Final = {
    kind: attrs.evolve(style, colour="#000000") for kind, style in _DEFAULT_MARKS.items()
}

#: The built-in themes, by name.
THEMES: Final[Mapping[str, Theme]] = types.MappingProxyType(
    {
        "default": Theme(name="default"),
        "mono": Theme(
            name="mono",
            text="#000000",
            muted="#333333",
            border="#000000",
            line="#000000",
            dotted="#000000",
            # every level a grey of its own, and "other" white: no two alike
            level_fills=("#ececec", "#dcdcdc", "#cccccc", "#bcbcbc", "#acacac", "#9c9c9c"),
            unknown_fill="#ffffff",
            vacancy_fill="#ffffff",
            ghost_fill="#fafafa",
            ghost_border="#777777",
            error="#000000",
            warning="#000000",
            info="#000000",
            marks=_MONO_MARKS,
        ),
    }
)


def _to_theme(value: Theme | str) -> Theme:
    if isinstance(value, Theme):
        return value
    if isinstance(value, str) and value in THEMES:
        return THEMES[value]
    msg = f"unknown theme {value!r} (known: {', '.join(THEMES)}, or a Theme object)"
    raise InputError(msg)


# ---------------------------------------------------------------- marks and ghosts


def _is_text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value:
        msg = f"{attribute.name} must be a non-empty string, got {value!r}"
        raise InputError(msg)


def _is_optional_text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        msg = f"{attribute.name} must be a string or None, got {value!r}"
        raise InputError(msg)


@attrs.frozen(kw_only=True)
class Mark:
    """A change annotation on one position (the hook diff charts use).

    The box gets a top line with the kind's glyph and the note (``"→ moved from
    Lars Johansson"``), a border in the kind's colour, and the kind appears in the
    legend. ``kind`` must be one of the theme's mark kinds (by default ``added``,
    ``moved``, ``retitled``, ``relevelled``, ``changed``). Several marks may name the
    same position. A mark on a position outside the drawn part of the chart is
    ignored; a mark on an id the org does not have is an error when the chart is built.

    Attributes:
        id: the position's id.
        kind: the style key.
        note: a short text shown after the glyph (the kind's label when None).

    Examples:
        >>> Mark(id="P017", kind="moved", note="moved from Lars Johansson")
        Mark(id='P017', kind='moved', note='moved from Lars Johansson')
    """

    id: str = attrs.field(validator=_is_text)
    kind: str = attrs.field(validator=_is_text)
    note: str | None = attrs.field(default=None, validator=_is_optional_text)


def _is_position(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Position):
        msg = f"Ghost.position must be a Position, got {type(value).__name__}"
        raise InputError(msg)


@attrs.frozen(kw_only=True)
class Ghost:
    """A removed seat, drawn dashed and greyed under its old manager.

    ``under`` is the id of a position of the charted org, or the id of another ghost
    (so a removed team keeps its shape), or None to draw the ghost beside the top.
    A ghost under a position that is not drawn (outside ``root``, collapsed) is left
    out; an ``under`` that names neither a position nor a ghost is an error when the
    chart is built.

    Attributes:
        position: the removed position (its name, title and level are shown).
        under: where to draw it.

    Examples:
        >>> from orgshape import Position
        >>> Ghost(position=Position(id="P050", title="Product Manager"), under="P017").under
        'P017'
    """

    position: Position = attrs.field(validator=_is_position)
    under: str | None = attrs.field(default=None, validator=_is_optional_text)


# ---------------------------------------------------------------- options


def _optional_text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        msg = f"{attribute.name} must be an id (a string) or None, got {value!r}"
        raise InputError(msg)


def _positive_int(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"{attribute.name} must be a positive integer or None (None: no limit), got {value!r}"
        raise InputError(msg)


def _min_label(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _positive_int(_, attribute, value)
    if isinstance(value, int) and value < 4:
        msg = f"{attribute.name} must be at least 4 characters or None, got {value!r}"
        raise InputError(msg)


def _ids(value: Iterable[object] | str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    items: list[str] = []
    for item in value:
        if not isinstance(item, str):
            msg = f"ids are strings, got {item!r} ({type(item).__name__})"
            raise InputError(msg)
        items.append(item)
    return tuple(items)


def _optional_ids(value: Iterable[object] | str | None) -> tuple[str, ...] | None:
    return None if value is None else _ids(value)


def _findings(value: Iterable[object] | None) -> tuple[FindingLike, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        msg = f"highlight takes a validation report or an iterable of findings, got {value!r}"
        raise InputError(msg)
    items = tuple(value)
    for item in items:
        missing = [a for a in ("ids", "severity", "message", "code") if not hasattr(item, a)]
        if missing:
            msg = (
                f"highlight items need .ids, .severity, .message and .code; {item!r} "
                f"has no {', '.join('.' + m for m in missing)}"
            )
            raise InputError(msg)
        severity_of(item)
    return cast("tuple[FindingLike, ...]", items)


def _fields(value: Iterable[str] | str) -> tuple[str, ...]:
    items = (value,) if isinstance(value, str) else tuple(value)
    if not items:
        msg = f"fields needs at least one field (known: {', '.join(FIELDS)})"
        raise InputError(msg)
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, str) or not item:
            msg = f"fields are field names (strings), got {item!r}"
            raise InputError(msg)
        if item in seen:
            msg = f"field {item!r} is listed twice"
            raise InputError(msg)
        seen.add(item)
    return items


def _marks(value: Iterable[object] | None) -> tuple[Mark, ...]:
    items: list[Mark] = []
    for item in value or ():
        if not isinstance(item, Mark):
            msg = f"marks are Mark objects, got {item!r}"
            raise InputError(msg)
        items.append(item)
    return tuple(items)


def _ghosts(value: Iterable[object] | None) -> tuple[Ghost, ...]:
    items: list[Ghost] = []
    for item in value or ():
        if not isinstance(item, Ghost):
            msg = f"ghosts are Ghost objects, got {item!r}"
            raise InputError(msg)
        items.append(item)
    return tuple(items)


def _pairs(value: Iterable[object] | None) -> tuple[tuple[str, str], ...]:
    items: list[tuple[str, str]] = []
    for item in value or ():
        if (
            not isinstance(item, tuple | list)
            or len(item) != 2
            or not all(isinstance(x, str) for x in item)
        ):
            msg = f"summary rows are (label, value) pairs of strings, got {item!r}"
            raise InputError(msg)
        items.append((item[0], item[1]))
    return tuple(items)


def _aspect(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0.2 <= value <= 20
    ):
        msg = f"{attribute.name} must be a width:height ratio between 0.2 and 20, or None"
        msg += f", got {value!r}"
        raise InputError(msg)


#: The ways of drawing dotted lines (``True`` is ``"auto"``, ``False`` is ``"none"``).
DOTTED_STYLES: Final = ("auto", "route", "tag", "none")


def _dotted(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or value in DOTTED_STYLES:
        return
    msg = (
        f"{attribute.name} must be True, False or one of {', '.join(DOTTED_STYLES)}, got {value!r}"
    )
    raise InputError(msg)


def _bool(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        msg = f"{attribute.name} must be True or False, got {value!r}"
        raise InputError(msg)


@attrs.frozen(kw_only=True)
class ChartOptions:
    """How an org chart is drawn: one frozen, validated object.

    Pass it to :func:`orgshape.chart` (or :meth:`Org.chart`), or pass its fields as
    keyword arguments there. Change one with ``attrs.evolve(options, max_depth=3)``.

    Attributes:
        root: draw only the team below this position (None: the whole org).
        max_depth: layers to draw, counting the chart's top as 1 (None: all). Positions
            on the last layer drawn get a "+N" badge counting who is hidden below.
        collapse: ids whose team is hidden behind a "+N" badge.
        highlight: a validation report or any findings (see :class:`FindingLike`);
            flagged boxes get a border and a glyph by severity, and the messages as
            tooltips.
        align_levels: put each ladder level on its own row (skip-level reports drop two
            rows), instead of rows by reporting depth. Wide rows are not wrapped then.
        stack_leaves: stack individual contributors in a column under their manager, so
            that the chart's width grows with the number of managers, not headcount.
        fields: what a box shows, in order: ``name``, ``title``, ``level``, ``id``,
            ``function``, ``location``, ``products``, ``cost``, ``years_experience``,
            ``req``, ``span`` (span of control), ``team`` (everyone below), or an extra
            column of the org (such as ``email``). Empty values are left out.
        theme: a :class:`Theme` or the name of a built-in one (``"default"``, ``"mono"``).
        legend: draw a legend of the levels and symbols used.
        title: a heading drawn above the chart.
        max_label: longest text line of a box, in characters; longer text is cut with
            "…" for display (with an :class:`~orgshape._warnings.OrgShapeWarning`) and
            shown in full in the tooltip. None never cuts. The data is never changed.
        aspect: target width:height of the chart. When the chart would be wider, the
            widest rows of sibling teams wrap onto several rows around a central trunk
            (as d3-org-chart's compact mode does). None never wraps.
        dotted_lines: how to draw dotted-line managers: ``"route"`` (a dashed line
            with an arrowhead, routed around every box), ``"tag"`` (a line
            "⋯ Manager Name" on the report's box), ``"auto"`` or True (routes up to
            200 boxes and 24 dotted lines, tags above), ``"none"`` or False. A
            dotted-line manager who is not drawn is always named by a tag.
        marks: change annotations (see :class:`Mark`).
        ghosts: removed seats to draw (see :class:`Ghost`).
        findings_table: with ``highlight``, draw a findings table beside the chart
            (number, severity, rule, people, message; the first 40 findings) and
            number the flagged boxes to match, so that paper shows the messages. Off,
            the legend lists org-wide findings and the SVG tooltips keep the messages.
        findings_title: the heading of the findings table.
        only: draw only these positions and their managers' chains (None: everyone);
            each drawn manager's "+N" counts who is left out below it. A diff chart's
            ``changes_only=True`` uses it.
        summary: (label, value) rows drawn in a panel beside the legend, such as a
            diff chart's counts of changes.
        summary_title: the heading of the summary panel.

    Examples:
        >>> options = ChartOptions(max_depth=3, fields=("name", "title", "location"))
        >>> options.max_depth, options.theme.name
        (3, 'default')
        >>> ChartOptions(max_depth=0)
        Traceback (most recent call last):
        ...
        orgshape.exceptions.InputError: max_depth must be a positive integer or None \
(None: no limit), got 0
    """

    root: str | None = attrs.field(default=None, validator=_optional_text)
    max_depth: int | None = attrs.field(default=None, validator=_positive_int)
    collapse: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    highlight: tuple[FindingLike, ...] = attrs.field(default=(), converter=_findings)
    align_levels: bool = attrs.field(default=False, validator=_bool)
    stack_leaves: bool = attrs.field(default=True, validator=_bool)
    fields: tuple[str, ...] = attrs.field(default=("name", "title"), converter=_fields)
    theme: Theme = attrs.field(default=THEMES["default"], converter=_to_theme)
    legend: bool = attrs.field(default=True, validator=_bool)
    title: str | None = attrs.field(default=None, validator=_optional_text)
    max_label: int | None = attrs.field(default=40, validator=_min_label)
    aspect: float | None = attrs.field(default=16 / 9, validator=_aspect)
    dotted_lines: bool | str = attrs.field(default=True, validator=_dotted)
    marks: tuple[Mark, ...] = attrs.field(default=(), converter=_marks)
    ghosts: tuple[Ghost, ...] = attrs.field(default=(), converter=_ghosts)
    findings_table: bool = attrs.field(default=True, validator=_bool)
    findings_title: str = attrs.field(default="Findings", validator=_is_text)
    only: tuple[str, ...] | None = attrs.field(default=None, converter=_optional_ids)
    summary: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)
    summary_title: str = attrs.field(default="Summary", validator=_is_text)

    def __attrs_post_init__(self) -> None:
        unknown = sorted({m.kind for m in self.marks} - set(self.theme.marks))
        if unknown:
            msg = (
                f"unknown mark kind {unknown[0]!r} (known: {', '.join(self.theme.marks)}; "
                "add kinds with Theme.marks)"
            )
            raise InputError(msg)


#: The names :func:`orgshape.chart` accepts as keyword arguments.
OPTION_NAMES: Final = tuple(a.name for a in attrs.fields(ChartOptions))


def merge_options(options: object, overrides: Mapping[str, Any]) -> ChartOptions:
    """Return ``options`` (or the defaults) with ``overrides`` applied and validated.

    Raises:
        TypeError: an override is not a :class:`ChartOptions` field, or ``options`` is
            not a :class:`ChartOptions`.
    """
    if options is None:
        options = ChartOptions()
    elif not isinstance(options, ChartOptions):
        msg = f"options must be a ChartOptions, got {type(options).__name__}"
        raise TypeError(msg)
    unknown = [name for name in overrides if name not in OPTION_NAMES]
    if unknown:
        msg = f"unknown chart option {unknown[0]!r} (valid: {', '.join(OPTION_NAMES)})"
        raise TypeError(msg)
    return attrs.evolve(options, **overrides) if overrides else options
