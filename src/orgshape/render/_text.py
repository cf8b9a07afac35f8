"""The chart as a plain-text tree, for terminals and logs.

Glossary:
    guide: the ``├──``/``└──``/``│`` characters that draw the tree.

Each line shows the first field (the name), the other fields after a dash, the id in
brackets, and the same marks as the drawing: ``(assistant)``, ``+N`` for a collapsed
team, ``✖``/``▲``/``●`` and the finding codes, change marks, ``✕ removed`` for a ghost,
and dotted lines. Every user string goes through the escaper's visible form, so no
control character (an ANSI escape, a newline) reaches the terminal. Indentation is
capped: below layer 40 lines start with ``⋯`` and show only the nearest guides, so a
100,000-deep chain prints in linear time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from orgshape._display import more, visible
from orgshape.render._labels import GHOST_GLYPH, field_value
from orgshape.render._options import SEVERITY_GLYPHS

if TYPE_CHECKING:
    from orgshape.render._scene import Scene

__all__ = ["build_text", "describe"]

_MAX_GUIDES: Final = 40


def describe(scene: Scene, v: int) -> str:
    """One line about node ``v`` (no guides)."""
    org, tree, options = scene.org, scene.tree, scene.options
    fields = options.fields
    values = [visible(field_value(org, tree, scene.ghosts, v, f)) for f in fields]
    head, rest = values[0], [x for x in values[1:] if x]
    text = head + (" — " + " · ".join(rest) if rest else "")
    s = tree.src[v]
    position_id = org.view.ids[s] if s >= 0 else scene.ghosts[-1 - s].id
    if "id" not in fields:
        text += f" [{visible(position_id)}]"
    if s < 0:
        text = f"{GHOST_GLYPH} removed: {text}"
    if tree.assistant[v]:
        text += " (assistant)"
    if tree.hidden[v]:
        text += f" +{tree.hidden[v]}"
    for kind, note in scene.marks.get(v, ()):
        text += f" {options.theme.marks[kind].glyph} {visible(note)}"
    flags = scene.flags.get(v)
    if flags:
        codes = dict.fromkeys(f"{SEVERITY_GLYPHS[sev]} {visible(code)}" for sev, code, _ in flags)
        text += "  " + " ".join(codes)
    dotted = org.view.field("dotted_line") if s >= 0 else None
    if dotted is not None and dotted[s]:
        names = []
        for ref in dotted[s]:
            position = org.get(ref)
            names.append(visible(position.display_name if position is not None else ref))
        text += f" (dotted line to {', '.join(names)})"
    return text


def build_text(scene: Scene, *, max_lines: int | None = None) -> str:
    """The drawn part of the org as an indented tree, one position per line.

    Args:
        scene: the chart's nodes.
        max_lines: stop after this many lines and say how many were left out.
    """
    tree = scene.tree
    lines: list[str] = []
    stack: list[tuple[int, str, bool, bool]] = [(t, "", True, True) for t in reversed(tree.tops)]
    while stack:
        if max_lines is not None and len(lines) >= max_lines:
            break
        v, prefix, last, top = stack.pop()
        guide = "" if top else ("└── " if last else "├── ")
        lines.append(prefix + guide + describe(scene, v))
        below = prefix + ("" if top else ("    " if last else "│   "))
        if len(below) > 4 * _MAX_GUIDES + 2:
            body = below.removeprefix("⋯ ")
            below = "⋯ " + body[-4 * (_MAX_GUIDES // 2) :]
        kids = tree.kids[v]
        for k in range(len(kids) - 1, -1, -1):
            stack.append((kids[k], below, k == len(kids) - 1, False))
    left = len(tree) - len(lines)
    if left > 0:
        lines.append(more(left, "positions", hint="see Chart.text for all"))
    return "\n".join(lines) + "\n"
