"""The chart as a Mermaid flowchart, for Markdown hosts (GitHub, GitLab, Notion...).

Glossary:
    securityLevel: Mermaid's setting for untrusted diagrams; ``"strict"`` (Mermaid's
        default) encodes HTML in labels and disables click handlers.

What orgshape writes is safe under ``strict``: node ids are synthetic (``n0``,
``n1``... as in the DOT), no ``click`` or ``href`` statements, and every character of
a label other than letters, digits, spaces and ``.,-_'+/?!@:`` is written as a numeric
entity code (``#60;`` for ``<``), which Mermaid shows as that character, as text. Lines of a box
are joined with ``<br>``. Mermaid lays the chart out itself (a plain top-down tree),
so stacking and wrapping do not apply; levels, vacancies, assistants, findings, marks,
ghosts and dotted lines are kept as styles. Mermaid refuses diagrams over 50,000
characters (``maxTextSize``) or 500 links (``maxEdges``) by default: orgshape warns past
either, with the fix. A node's class lines are written levels first and findings last,
because the later class wins: a flagged box keeps its severity's border.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from orgshape._display import mermaid_text
from orgshape._warnings import warn
from orgshape.render._dot import node_name
from orgshape.render._dotted import dotted_pairs
from orgshape.render._labels import GHOST_GLYPH, field_value
from orgshape.render._options import SEVERITY_GLYPHS

if TYPE_CHECKING:
    from orgshape.render._scene import Scene

__all__ = ["MERMAID_EDGES", "MERMAID_LIMIT", "build_mermaid"]

#: Mermaid's default ``maxTextSize``.
MERMAID_LIMIT: Final = 50_000
#: Mermaid's default ``maxEdges``.
MERMAID_EDGES: Final = 500
_WIDTH: Final = {"error": "3px", "warning": "2.5px", "info": "2px"}
_CLASS_ORDER: Final = ("level", "vacancy", "assistant", "ghost", "mark", "flag")


def _class_rank(name: str) -> tuple[int, str]:
    """Where a class's line goes: levels, then vacancy... and findings last."""
    for k, prefix in enumerate(_CLASS_ORDER):
        if name.startswith(prefix):
            return k, name
    return len(_CLASS_ORDER), name


def build_mermaid(scene: Scene) -> str:
    """Return the Mermaid flowchart text; warn when it is over Mermaid's size limit."""
    org, tree, options = scene.org, scene.tree, scene.options
    theme = options.theme
    ladder = org.ladder
    index = {name: k for k, name in enumerate(ladder.names)}
    out = [
        f"%% org chart by orgshape: {len(tree)} boxes; safe for securityLevel strict",
        "flowchart TD",
    ]
    classes: dict[str, list[str]] = {}
    for v in range(len(tree)):
        s = tree.src[v]
        name = node_name(scene, v)
        parts: list[str] = []
        if s < 0:
            parts.append(f"{GHOST_GLYPH} removed")
        for kind, note in scene.marks.get(v, ()):
            parts.append(f"{theme.marks[kind].glyph} {note}")
        for field in options.fields:
            text = field_value(org, tree, scene.ghosts, v, field)
            if text or field == "name":
                parts.append(text)
        if tree.hidden[v]:
            parts.append(f"+{tree.hidden[v]} hidden")
        flags = scene.flags.get(v)
        if flags:
            codes = dict.fromkeys(f"{SEVERITY_GLYPHS[sev]} {code}" for sev, code, _ in flags)
            parts.append(" ".join(codes))
        label = "<br>".join(mermaid_text(p) for p in parts)
        out.append(f'    {name}["{label}"]')
        level = scene.level(v)
        k = index.get(level) if level is not None else None
        classes.setdefault(f"level{k}" if k is not None else "levelunknown", []).append(name)
        vacant = scene.vacant[s] if s >= 0 else scene.ghosts[-1 - s].is_vacant
        if vacant:
            classes.setdefault("vacancy", []).append(name)
        if s < 0:
            classes.setdefault("ghost", []).append(name)
        if tree.assistant[v]:
            classes.setdefault("assistant", []).append(name)
        if flags:
            classes.setdefault(f"flag{flags[0][0]}", []).append(name)
        elif v in scene.marks:
            kind = scene.marks[v][0][0]
            classes.setdefault(f"mark{list(theme.marks).index(kind)}", []).append(name)
    edges = 0
    for v in range(len(tree)):
        p = tree.parent[v]
        if p >= 0:
            edges += 1
            link = "-.-" if tree.src[v] < 0 else "---"
            out.append(f"    {node_name(scene, p)} {link} {node_name(scene, v)}")
    if scene.dotted_mode != "none":
        for m, v in dotted_pairs(scene)[0]:
            edges += 1
            out.append(f"    {node_name(scene, m)} -. dotted line .-> {node_name(scene, v)}")
    style = f"stroke:{theme.border},color:{theme.text}"
    for k in range(len(ladder.names)):
        out.append(f"    classDef level{k} fill:{theme.fill_for(k)},{style}")
    out.append(f"    classDef levelunknown fill:{theme.unknown_fill},{style}")
    out.append("    classDef vacancy stroke-dasharray:5 5")
    out.append("    classDef assistant font-style:italic")
    out.append(
        f"    classDef ghost fill:{theme.ghost_fill},stroke:{theme.ghost_border},"
        f"color:{theme.muted},stroke-dasharray:5 5"
    )
    for severity, width in _WIDTH.items():
        colour = theme.severity_colour(severity)
        out.append(f"    classDef flag{severity} stroke:{colour},stroke-width:{width}")
    for k, mark in enumerate(theme.marks.values()):
        out.append(f"    classDef mark{k} stroke:{mark.colour},stroke-width:2px")
    # a node's classes apply in the order of the class lines, the later one winning:
    # levels first, then vacancy/assistant/ghost, marks, and findings last, so that a
    # flagged box keeps its severity's border
    for cls in sorted(classes, key=_class_rank):
        out.append(f"    class {','.join(classes[cls])} {cls}")
    text = "\n".join(out) + "\n"
    if edges > MERMAID_EDGES:
        warn(
            f"the Mermaid chart has {edges:,} links, over Mermaid's default limit of "
            f"{MERMAID_EDGES} (maxEdges), so Mermaid will refuse it: draw less "
            "(max_depth=, root=) or raise maxEdges in the Mermaid configuration",
        )
    if len(text) > MERMAID_LIMIT:
        warn(
            f"the Mermaid text is {len(text):,} characters, over Mermaid's default limit of "
            f"{MERMAID_LIMIT:,} (maxTextSize): draw less (max_depth=, root=) or raise "
            "maxTextSize in the Mermaid configuration",
        )
    return text
