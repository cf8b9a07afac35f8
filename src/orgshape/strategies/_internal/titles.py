"""Job titles of a level: the ladder's spellings and the variants HR systems write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from orgshape._ladder import Ladder
from orgshape.strategies._internal.draws import choose

__all__ = ["GRADES", "QUALIFIERS", "draw_title", "spellings", "staff_title", "titles_of", "variant"]

QUALIFIERS: Final = (", Payments", " - Growth", " (EMEA)", ", Platform", " – Mobile")
GRADES: Final = (" II", " 2", " III", " Level 3")


def spellings(ladder: Ladder, level: str) -> list[str]:
    """The plain spellings of a level that map back to it, the simplest first."""
    entry = ladder[level]
    out = [entry.titles[0]] if entry.titles else []
    out += [*entry.titles[1:], entry.label]
    out += sorted(alias for alias, name in ladder.aliases.items() if name == level)
    return [t for t in dict.fromkeys(out) if ladder.level_of(t) == level]


def variant(title: str, case: int, abbreviate: int, grade: int, qualifier: int) -> str:
    """A spelling of ``title`` as HR systems write it (all zero: unchanged)."""
    text = title
    if abbreviate:
        for long, short in (("Senior", "Sr."), ("Manager", "Mgr"), ("Director", "Dir.")):
            text = text.replace(long, short)
    if case == 1:
        text = text.upper()
    elif case == 2:
        text = text.lower()
    if grade:
        text += GRADES[grade - 1]
    if qualifier:
        text += QUALIFIERS[qualifier - 1]
    return text


def draw_title(draw: st.DrawFn, ladder: Ladder, level: str, plain: Sequence[str]) -> str:
    """A title of ``level``: one of its plain spellings, sometimes as an HR variant."""
    title: str = choose(draw, plain)
    if not draw(st.booleans()):
        return title
    spelled = variant(
        title,
        draw(st.integers(0, 2)),
        draw(st.integers(0, 1)),
        draw(st.integers(0, len(GRADES))),
        draw(st.integers(0, len(QUALIFIERS))),
    )
    # a variant the ladder reads differently falls back to the plain spelling
    return spelled if ladder.level_of(spelled) == level else title


def staff_title(ladder: Ladder, title: str) -> str | None:
    """A non-product title, unless the ladder reads it as a level (then no title)."""
    return title if ladder.level_of(title) is None else None


@st.composite
def _title_of(draw: st.DrawFn, ladder: Ladder, level: str, plain: Sequence[str]) -> str:
    return draw_title(draw, ladder, level, plain)


def titles_of(ladder: Ladder, level: str | None) -> st.SearchStrategy[str]:
    """The strategy behind :func:`orgshape.strategies.titles` (arguments checked)."""
    levels = [level] if level is not None else list(ladder.names)
    plain = {name: spellings(ladder, name) for name in levels}
    usable = [name for name in levels if plain[name]]
    if not usable:
        raise InvalidArgument(f"no spelling of {level!r} maps back to it on this ladder")
    if len(usable) == 1:
        return _title_of(ladder, usable[0], plain[usable[0]])
    return st.sampled_from(usable).flatmap(lambda name: _title_of(ladder, name, plain[name]))
