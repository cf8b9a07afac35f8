"""The one place where people's data is escaped for display (DOT, SVG, Mermaid, text).

Glossary:
    user string: any text that comes from the org data (a name, a title, a product, a
        finding's message, a ladder label...). It is never trusted.
    visible form: the user string with every invisible or control character replaced by
        a visible code, so that it renders *literally* and with any font: a newline
        becomes ``[U+000A]``, a right-to-left override ``[U+202E]``; other spaces (a
        no-break space) become a plain space. Zero-width joiners
        (U+200C, U+200D) are kept: they are part of how Persian, Indic and emoji text is
        written and cannot reorder or hide text.

Every output format starts from the visible form and adds its own escaping:

==============  =====================================================================
format          escaping
==============  =====================================================================
HTML-like DOT   backslashes doubled (Graphviz expands ``\\N``, ``\\G``... even inside
label           HTML-like labels), then ``& < > " '`` as XML entities
DOT escString   backslashes shown as ``∖`` (U+2216): Graphviz versions unescape
(tooltips)      tooltips once or twice, so no backslash survives the same way in all;
                quotes are escaped by the ``graphviz`` package's quoting
Mermaid         every character but letters, digits, spaces and ``.,-_'+/?!@:``
                becomes a numeric entity code (``#60;``), which Mermaid shows as text
terminal text   the visible form (no ANSI escape reaches the terminal)
==============  =====================================================================

Person data never becomes a DOT identifier: nodes are named ``n0``, ``n1``... after
their row in the org. The SVG Graphviz writes is checked again by
:func:`sanitise_svg`, which drops scripts, event-handler attributes and links other
than in-document fragments, whatever the input was.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = [
    "html_text",
    "mermaid_text",
    "sanitise_svg",
    "svg_is_safe",
    "tooltip_text",
    "visible",
]

_KEEP: Final = frozenset({"\u200c", "\u200d"})  # ZWNJ, ZWJ: shaping, not hiding
_SHOWN_AS_CODE: Final = frozenset({"Cf", "Cs", "Zl", "Zp"})
_MERMAID_PLAIN: Final = frozenset(" .,-_'+/?!@:")
_BACKSLASH_STANDIN: Final = "\u2216"  # ∖ SET MINUS, which looks like a backslash


def _noncharacter(code: int) -> bool:
    """U+FDD0..U+FDEF and U+xFFFE/U+xFFFF: not for text (XML forbids some of them)."""
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _stand_in(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Zs":
        return " "  # no-break and other spaces show as a space
    if category == "Cc" or category in _SHOWN_AS_CODE or _noncharacter(ord(char)):
        return f"[U+{ord(char):04X}]"
    return char


def visible(text: str) -> str:
    """Return ``text`` with control and invisible characters made visible.

    Args:
        text: a user string.

    Returns:
        The same text where newlines, tabs, escape characters, bidirectional controls
        and zero-width characters are replaced by visible stand-ins.

    Examples:
        >>> visible("Ana\\nLima")
        'Ana[U+000A]Lima'
        >>> visible("abc\\u202edef")
        'abc[U+202E]def'
        >>> visible("Zoë Müller")
        'Zoë Müller'
    """
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() or char in _KEEP else _stand_in(char) for char in text
    )


def html_text(text: str) -> str:
    """Return ``text`` escaped for the inside of a Graphviz HTML-like label.

    Examples:
        >>> html_text('<b> & "q"')
        '&lt;b&gt; &amp; &quot;q&quot;'
        >>> html_text("\\\\N")
        '\\\\\\\\N'
    """
    return (
        visible(text)
        .replace("\\", "\\\\")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def tooltip_text(text: str) -> str:
    """Return ``text`` ready for a DOT escString attribute such as ``tooltip``.

    The result has no backslash (shown as ``∖``); join lines with ``"\\\\n"``, and pass
    the result through :func:`graphviz.nohtml` so that ``<...>`` stays text.

    Examples:
        >>> tooltip_text("a\\\\Nb")
        'a∖Nb'
    """
    return visible(text).replace("\\", _BACKSLASH_STANDIN)


def mermaid_text(text: str) -> str:
    """Return ``text`` escaped for a quoted Mermaid label.

    Letters, digits, spaces and ``. , - _ ' + / ? ! @ :`` stay; every other character
    becomes Mermaid's numeric entity code, which Mermaid shows as that character, as
    text.

    Examples:
        >>> mermaid_text('Ana "<b>" [x]; %%')
        'Ana #34;#60;b#62;#34; #91;x#93;#59; #37;#37;'
        >>> mermaid_text("José Álvarez, Sr. PM")
        'José Álvarez, Sr. PM'
    """
    return "".join(
        char if char.isalnum() or char in _MERMAID_PLAIN else f"#{ord(char)};"
        for char in visible(text)
    )


# ---------------------------------------------------------------- SVG post-check

_SUSPECT_WORDS: Final = (b"script", b"foreignobject", b"href", b"javascript", b"iframe", b"embed")
_SUSPECT_WORDS_2: Final = (b"object",)
_ON_ATTRIBUTE: Final = re.compile(rb"\son[a-z]+\s*=")


def _suspect(data: bytes) -> bool:
    """Whether the SVG might hold something to remove (a fast, conservative check)."""
    lower = data.lower()
    return any(word in lower for word in _SUSPECT_WORDS + _SUSPECT_WORDS_2) or (
        b" on" in lower and _ON_ATTRIBUTE.search(lower) is not None
    )


_DANGEROUS_ELEMENT: Final = re.compile(
    rb"(?is)<\s*(script|foreignobject|iframe|embed|object)\b.*?(</\s*\1\s*>|/>)"
)
_TAG: Final = re.compile(rb"<[^<>!?][^<>]*>")
_ATTRIBUTE: Final = re.compile(rb"""\s([A-Za-z_:][-\w:.]*)\s*=\s*("[^"]*"|'[^']*')""")


def _clean_attributes(match: re.Match[bytes]) -> bytes:
    tag = match.group(0)

    def keep(attr: re.Match[bytes]) -> bytes:
        name = attr.group(1).lower()
        value = attr.group(2)[1:-1].strip().lower()
        local = name.rsplit(b":", 1)[-1]
        if local.startswith(b"on"):
            return b""
        if local == b"href" and not value.startswith(b"#"):
            return b""
        if b"javascript:" in value.replace(b" ", b"") and local != b"title":
            return b""
        return attr.group(0)

    return _ATTRIBUTE.sub(keep, tag)


def sanitise_svg(data: bytes) -> bytes:
    """Return SVG bytes without scripts, event handlers or outside links.

    Graphviz copies ``URL``/``href`` attributes into the SVG; orgshape never sets them,
    and this check makes sure that whatever the input, the SVG carries no
    ``<script>``/``<foreignObject>`` element, no ``on*`` attribute and no ``href`` other
    than an in-document ``#fragment``. Text content is left alone (it is escaped).

    Examples:
        >>> sanitise_svg(b'<svg><a xlink:href="javascript:x()" onclick="y()">t</a></svg>')
        b'<svg><a>t</a></svg>'
        >>> sanitise_svg(b'<svg><use href="#a"/></svg>')
        b'<svg><use href="#a"/></svg>'
    """
    if not _suspect(data):
        return data
    data = _DANGEROUS_ELEMENT.sub(b"", data)
    return _TAG.sub(_clean_attributes, data)


def svg_is_safe(data: bytes) -> bool:
    """Return whether SVG bytes pass :func:`sanitise_svg` unchanged.

    Examples:
        >>> svg_is_safe(b'<svg><text>javascript: is text here</text></svg>')
        True
        >>> svg_is_safe(b'<svg onload="x()"></svg>')
        False
    """
    return sanitise_svg(data) == data
