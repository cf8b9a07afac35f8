"""A last check on SVG before orgshape returns it: no script, handler or outside link.

Glossary:
    active content: what a browser would run or follow in an SVG: ``<script>``,
        ``<foreignObject>`` (HTML inside SVG), ``<iframe>``/``<embed>``/``<object>``,
        ``on*`` event-handler attributes, and links (``href``) to anything but a
        fragment of the same document.

Escaping (:mod:`orgshape._display._escape`) keeps people's data text; this check makes
sure of the result whatever produced it. Graphviz copies ``URL``/``href`` attributes
into the SVG it writes; orgshape never sets them, and :func:`sanitise_svg` removes any
active content all the same, so a chart of an untrusted export is safe to open. Text
content is left alone (it is escaped already).
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["sanitise_svg", "svg_is_safe"]

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
        >>> sanitise_svg(b'<svg><scr<script>x</script>ipt>y()</script><g  o onclick="a"nload="b"/>')
        b'<svg><g />'
    """
    if not _suspect(data):
        return data
    while True:  # a removal can join the pieces around it into something to remove
        cleaned = _TAG.sub(_clean_attributes, _DANGEROUS_ELEMENT.sub(b"", data))
        if cleaned == data:
            return cleaned
        data = cleaned


def svg_is_safe(data: bytes) -> bool:
    """Return whether SVG bytes pass :func:`sanitise_svg` unchanged.

    Examples:
        >>> svg_is_safe(b'<svg><text>javascript: is text here</text></svg>')
        True
        >>> svg_is_safe(b'<svg onload="x()"></svg>')
        False
    """
    return sanitise_svg(data) == data
