"""Shared by the tests of every output: hostile names and the check that a text is inert."""

from __future__ import annotations

import unicodedata

#: Names a hostile export can hold: terminal escapes, bidi overrides, BEL, CR/LF, C1
#: controls, zero-width and format characters, a forged summary line and workflow command.
HOSTILE = (
    "Ana\x1b[31mRed\x1b[0m",
    "Bo\u202eevil\u202c",
    "Cy\x07bell",
    "Di\r\n0 errors\r\n::error file=x::forged",
    "Ed\x9b2J\x85",
    "Fa\u2066iso\u2069\u200b\ufeff",
    "Gil\x7f\x00\u2028",
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "+Director",
)

_KEPT = frozenset("\u200c\u200d")
_CODED = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp", "Zs"})


def inert_line(line: str) -> bool:
    """Whether a line holds no control, bidi, format or separator character."""
    return all(
        char == " " or char in _KEPT or unicodedata.category(char) not in _CODED for char in line
    )


def assert_inert(text: str) -> None:
    """Every line of ``text`` is inert and none is a CI workflow command."""
    for line in text.split("\n"):
        assert inert_line(line), repr(line)
        assert not line.lstrip(" ").startswith(("::", "##[", "##vso[")), repr(line)
