"""One escaper per output medium: the only place where people's data is made safe to show.

Glossary:
    user string: any text that comes from the org data or from a policy (a name, a
        title, an id, a finding's message, a band label, a file name...). It is never
        trusted.
    visible form: the user string with every control and invisible character replaced
        by an inert, visible code, so that it shows *literally* in any terminal, log or
        font: a newline becomes ``[U+000A]``, an ANSI escape ``[U+001B]``, a
        right-to-left override ``[U+202E]``, a zero-width space ``[U+200B]``. Other
        spaces (a no-break space) become a plain space. Zero-width joiners (U+200C,
        U+200D) are kept: they are part of how Persian, Indic and emoji text is written
        and can neither reorder nor hide text.
    workflow-command prefix: a line that starts (after spaces) with ``::``, ``##[`` or
        ``##vso[`` is a command to GitHub Actions or Azure Pipelines; a text output
        shows the first character of such a line as a code, so data cannot forge one.

Every medium starts from the visible form and adds its own escaping:

=================  ==================================================================
medium             escaping
=================  ==================================================================
terminal, logs     :func:`visible` for a user string; :func:`terminal_text` for a whole
                   text orgshape assembled (its own line breaks kept)
HTML, XML, SVG     :func:`html_text`: the visible form, then ``& < > " '`` as entities
                   (safe in text and in quoted attribute values)
DOT HTML label     :func:`dot_label`: backslashes doubled (Graphviz expands ``\\N``,
                   ``\\G``... even inside HTML-like labels), then the HTML entities
DOT escString      :func:`dot_tooltip`: backslashes shown as ``∖`` (U+2216): Graphviz
(tooltips)         versions unescape tooltips once or twice, so no backslash survives
                   the same way in all; quotes are left to the ``graphviz`` package
Mermaid            :func:`mermaid_text`: every character but letters, digits, spaces
                   and ``.,-_'+/?!@:`` becomes a numeric entity code (``#60;``)
JSON as text       :func:`json_text`: valid JSON that parses back to the same value,
                   with control, bidi and invisible characters as ``\\uXXXX`` escapes
JSON in <script>   :func:`script_json`: as :func:`json_text`, and ``< > &`` and
                   U+2028/U+2029 as ``\\uXXXX``, so the text cannot close the element
GitHub commands    :func:`github_data` (the message) and :func:`github_property`
                   (``file=``, ``title=``): the visible form, then ``%`` (and in
                   properties ``:`` and ``,``) percent-encoded as ``@actions/core`` does
CSV, TSV, Excel    :func:`formula_guard`: a cell starting with ``= + - @``, a tab or a
                   CR gets a leading ``'`` so a spreadsheet shows it as text;
                   :func:`csv_line` writes a row with it (and quotes CR and LF)
=================  ==================================================================

Escaping happens at output only: the data itself (``Position.name``, a finding's
``message``, ``to_dict()``) never changes. The visible form is idempotent (escaping
twice gives the same text), so a text built from escaped parts can be checked again
at its sink.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, Final

__all__ = [
    "csv_line",
    "dot_label",
    "dot_tooltip",
    "formula_guard",
    "github_data",
    "github_property",
    "html_text",
    "json_text",
    "mermaid_text",
    "script_json",
    "terminal_lines",
    "terminal_text",
    "visible",
]

_KEEP: Final = frozenset({"\u200c", "\u200d"})  # ZWNJ, ZWJ: shaping, not hiding
_SHOWN_AS_CODE: Final = frozenset({"Cf", "Cs", "Zl", "Zp"})
_MERMAID_PLAIN: Final = frozenset(" .,-_'+/?!@:")
_BACKSLASH_STANDIN: Final = "\u2216"  # ∖ SET MINUS, which looks like a backslash
_COMMAND_PREFIXES: Final = ("::", "##[", "##vso[")
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")
_COMMAND_LINE: Final = re.compile(r"^ *(?:::|##\[|##vso\[)", re.MULTILINE)
_NOT_PRINTABLE_ASCII: Final = re.compile("[^\n\x20-\x7e]")
_SCRIPT_SPECIAL: Final = re.compile("[<>&\u2028\u2029]")
_NEEDS_QUOTES: Final = {sep: re.compile(f'[{re.escape(sep)}"\\r\\n]') for sep in (",", "\t", ";")}


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
    """Return the visible form of a user string (see the module glossary).

    The result has no C0 or C1 control (ESC, BEL, CR, LF, DEL...), no bidirectional
    override or isolate, no zero-width or other invisible format character and no
    line or paragraph separator: each is shown as ``[U+XXXX]``.

    Args:
        text: a user string.

    Returns:
        The text, safe to write to a terminal, a log or a drawing.

    Examples:
        >>> visible("Ana\\nLima")
        'Ana[U+000A]Lima'
        >>> visible("abc\\u202edef \\x1b[31mred")
        'abc[U+202E]def [U+001B][31mred'
        >>> visible("Zoë Müller")
        'Zoë Müller'
    """
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() or char in _KEEP else _stand_in(char) for char in text
    )


def _inert_line(line: str) -> str:
    line = visible(line)
    body = line.lstrip(" ")
    if body.startswith(_COMMAND_PREFIXES):
        cut = len(line) - len(body)
        return f"{line[:cut]}[U+{ord(body[0]):04X}]{body[1:]}"
    return line


def terminal_text(text: str) -> str:
    """Return a text orgshape assembled, safe for a terminal or a CI log.

    Each line (split at LF, which is kept) gets the visible form, and a line that would
    be a GitHub Actions or Azure Pipelines command (``::error::…``, ``##[warning]…``)
    shows its first character as a code. User strings inside the text should already
    be in their visible form (:func:`visible`), so that a line break *in the data*
    shows as ``[U+000A]`` instead of starting a line; this is the second check.

    Examples:
        >>> terminal_text("1 error\\r0 errors\\n  ::warning::forged")
        '1 error[U+000D]0 errors\\n  [U+003A]:warning::forged'
        >>> terminal_text("Errors (1)\\n  row 3 · P1")
        'Errors (1)\\n  row 3 · P1'
    """
    if text.replace("\n", " ").isprintable() and (
        ("::" not in text and "##" not in text) or _COMMAND_LINE.search(text) is None
    ):
        return text  # the common case, checked in C
    return "\n".join(map(_inert_line, text.split("\n")))


def terminal_lines(lines: list[str]) -> str:
    """Join lines orgshape built, each holding user strings as they are, into inert text.

    The same as :func:`terminal_text` over the lines after :func:`visible` on each, but
    a report of a million lines whose data holds nothing to escape is checked in a few C
    passes: a line break or control character *inside* a line is found by counting.

    Examples:
        >>> print(terminal_lines(["Errors (1)", "  Bo\\n0 errors"]))
        Errors (1)
          Bo[U+000A]0 errors
    """
    text = "\n".join(lines)
    if text.count("\n") != len(lines) - 1 or not text.replace("\n", " ").isprintable():
        text = "\n".join(map(visible, lines))
    return terminal_text(text)


def html_text(text: str) -> str:
    """Return a user string escaped for HTML, XML or SVG text and quoted attributes.

    The visible form first (so that no bidi override reorders the page and every
    character is one XML allows), then ``& < > " '`` as entities.

    Examples:
        >>> html_text('<b onclick="x">O\\'Neill & co</b>')
        '&lt;b onclick=&quot;x&quot;&gt;O&#x27;Neill &amp; co&lt;/b&gt;'
        >>> html_text("Ana\\u202e\\x00")
        'Ana[U+202E][U+0000]'
    """
    return (
        visible(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def dot_label(text: str) -> str:
    """Return a user string escaped for the inside of a Graphviz HTML-like label.

    Examples:
        >>> dot_label('<b> & "q"')
        '&lt;b&gt; &amp; &quot;q&quot;'
        >>> dot_label("\\\\N")
        '\\\\\\\\N'
    """
    return html_text(text.replace("\\", "\\\\"))


def dot_tooltip(text: str) -> str:
    """Return a user string ready for a DOT escString attribute such as ``tooltip``.

    The result has no backslash (shown as ``∖``); join lines with ``"\\\\n"``, and pass
    the result through :func:`graphviz.nohtml` so that ``<...>`` stays text.

    Examples:
        >>> dot_tooltip("a\\\\Nb")
        'a∖Nb'
    """
    return visible(text).replace("\\", _BACKSLASH_STANDIN)


def mermaid_text(text: str) -> str:
    """Return a user string escaped for a quoted Mermaid label.

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


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _inert_json(match: re.Match[str]) -> str:
    char = match.group()
    return char if char.isprintable() else _json_escape(char)


def json_text(
    value: Any,
    *,
    indent: int | None = 2,
    sort_keys: bool = True,
    allow_nan: bool = True,
) -> str:
    """Return ``value`` as JSON text that is safe to print to a terminal or a CI log.

    UTF-8 text (``Zoë`` stays ``Zoë``), except that every character :func:`visible`
    would code (controls, bidi, invisible characters, separators) is written as a
    ``\\uXXXX`` escape; the JSON parses back to exactly ``value``.

    Args:
        value: JSON-ready data.
        indent: as :func:`json.dumps` (None: one line).
        sort_keys: sort object keys (the default: byte-identical output).
        allow_nan: write NaN and infinities (False: raise ValueError).

    Examples:
        >>> print(json_text({"name": "Ana\\u202e\\x1b[31m", "city": "Zürich"}, indent=None))
        {"city": "Zürich", "name": "Ana\\u202e\\u001b[31m"}
        >>> import json
        >>> json.loads(json_text(["\\u2028\\U000e0001"])) == ["\\u2028\\U000e0001"]
        True
    """
    text = json.dumps(
        value, indent=indent, sort_keys=sort_keys, ensure_ascii=False, allow_nan=allow_nan
    )
    # Outside strings, json.dumps writes only ASCII punctuation, digits, spaces and
    # (with an indent) LF; inside strings it has escaped every C0 control already.
    return _NOT_PRINTABLE_ASCII.sub(_inert_json, text)


def script_json(value: Any, *, sort_keys: bool = True) -> str:
    """Return ``value`` as JSON to embed in an HTML ``<script>`` element.

    As :func:`json_text` on one line, and ``<``, ``>``, ``&``, U+2028 and U+2029 are
    ``\\uXXXX`` escapes too, so the text can neither close the element
    (``</script>``), nor open a comment (``<!--``), nor end a JavaScript string.

    Examples:
        >>> print(script_json({"name": "</script><b>&"}))
        {"name": "\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}
    """
    text = json_text(value, indent=None, sort_keys=sort_keys, allow_nan=False)
    return _SCRIPT_SPECIAL.sub(lambda m: _json_escape(m.group()), text)


def github_data(text: str) -> str:
    """Return a user string for the message of a GitHub Actions workflow command.

    The visible form (so a CR or LF cannot end the command and start another), then
    ``%`` as ``%25``. Join several lines of one message with ``%0A``.

    Examples:
        >>> github_data("50% of\\nteam::error::x")
        '50%25 of[U+000A]team::error::x'
    """
    return visible(text).replace("%", "%25")


def github_property(text: str) -> str:
    """Return a user string for a property (``file=``, ``title=``) of a workflow command.

    As :func:`github_data`, and ``:`` as ``%3A`` and ``,`` as ``%2C``.

    Examples:
        >>> github_property("a,b.csv::x")
        'a%2Cb.csv%3A%3Ax'
    """
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def formula_guard(cell: str) -> str:
    """Return a CSV, TSV or spreadsheet cell that no spreadsheet runs as a formula.

    A cell starting with ``= + - @``, a tab or a CR gets a leading ``'``. A cell that
    already starts with ``'`` followed by one of those (or by another ``'``) gets one
    more, so that orgshape's reader, which removes one, gives back the exact text.

    Examples:
        >>> formula_guard("=HYPERLINK(\\"http://x\\")"), formula_guard("@SUM(A1)")
        ('\\'=HYPERLINK("http://x")', "'@SUM(A1)")
        >>> formula_guard("Director"), formula_guard("'+1")
        ('Director', "''+1")
    """
    if cell.startswith(_FORMULA_START) or (
        cell.startswith("'") and (cell[1:2] in _FORMULA_START or cell[1:2] == "'")
    ):
        return "'" + cell
    return cell


def csv_line(cells: Iterable[object], *, sep: str = ",") -> str:
    """One CSV or TSV line (LF-terminated): the one way orgshape writes a row.

    Text cells go through :func:`formula_guard`; numbers are written as they are (no
    number is a formula); None is an empty cell. A cell is quoted when it holds the
    separator, a quote, a CR or an LF. (The csv module does not quote a lone CR when the
    line terminator is LF, and a reader then splits the row there.)

    Args:
        cells: the row: strings, numbers or None.
        sep: the separator: ``","``, ``"\\t"`` or ``";"``.

    Examples:
        >>> print(csv_line(["=1+1", "Ana, Lima", -2.5, None, 'a "b" c', "x"]), end="")
        '=1+1,"Ana, Lima",-2.5,,"a ""b"" c",x
        >>> csv_line(["a\\rb"], sep="\\t")
        '"a\\rb"\\n'
    """
    needs_quotes = _NEEDS_QUOTES[sep].search
    out = []
    for cell in cells:
        if cell is None:
            text = ""
        elif isinstance(cell, str):
            text = formula_guard(cell)
        elif isinstance(cell, bool):
            text = "true" if cell else "false"
        else:
            text = str(cell)
        out.append('"' + text.replace('"', '""') + '"' if needs_quotes(text) else text)
    return sep.join(out) + "\n"
