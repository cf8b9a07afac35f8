"""One table formatter for text and HTML, and one "… and N more" wording.

Glossary:
    table: headers and rows of cells (plain strings, user data unescaped); the
        formatter escapes each cell for its medium (:func:`~._escape.visible` in text,
        :func:`~._escape.html_text` in HTML), so callers never escape by hand.
    numeric column: right-aligned, so digits line up; every other column (names,
        messages, hints) is left-aligned, in text and in HTML alike. (Notebook style
        sheets right-align table cells unless told otherwise, so every HTML cell says
        its alignment.)
    shown rows: a table of a large result shows its first rows and ends with the
        :func:`more` line: ``… and 1,234 more rows (see to_pandas())``.
    pairs: a two-column table of labels and values (a summary), left-aligned.

Text tables are indented by two spaces with two spaces between columns and no
trailing spaces; widths count East Asian wide characters as two columns.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from orgshape._display._escape import html_text, visible

__all__ = ["Table", "html_pairs", "more", "text_pairs"]

_INDENT = "  "
_GAP = "  "


def more(hidden: int, noun: str = "", *, hint: str = "") -> str:
    """The line that ends a list or table cut for display.

    Args:
        hidden: how many items are not shown.
        noun: what they are (``"rows"``, ``"findings"``); may be empty.
        hint: where to see them all (``"see to_pandas()"``).

    Examples:
        >>> more(1234, "rows", hint="see to_pandas()")
        '… and 1,234 more rows (see to_pandas())'
        >>> more(3)
        '… and 3 more'
    """
    text = f"… and {hidden:,} more"
    if noun:
        text += f" {noun}"
    if hint:
        text += f" ({hint})"
    return text


def _width(text: str) -> int:
    """Terminal columns of ``text``: wide characters count two, combining marks none."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _pad(text: str, width: int, *, right: bool) -> str:
    fill = " " * (width - _width(text))
    return fill + text if right else text + fill


class Table:
    """A table to show as text or HTML (see the module glossary).

    Args:
        headers: the column names.
        rows: the rows shown, each a sequence of cells (plain strings).
        numeric: the names of the right-aligned (numeric) columns.
        total: how many rows the full table has (default: the rows given); the
            difference is said in a :func:`more` line.
        noun: what the rows are, for that line (``"rows"``).
        hint: where to see every row, for that line.
        caption: the HTML caption (text tables have their title outside).
        row_classes: a CSS class per row shown, for HTML.

    Examples:
        >>> table = Table(["name", "span"], [["Ana", "12"], ["Bo Chen", "3"]],
        ...               numeric=["span"], total=5)
        >>> print("\\n".join(table.text_lines()))
          name     span
          Ana        12
          Bo Chen     3
          … and 3 more rows
        >>> html = Table(["message", "n"], [["<b>hi</b>", "1"]], numeric=["n"]).html()
        >>> '<td style="text-align:left">&lt;b&gt;hi&lt;/b&gt;</td>' in html
        True
        >>> '<td style="text-align:right">1</td>' in html
        True
    """

    __slots__ = ("caption", "headers", "hint", "noun", "right", "row_classes", "rows", "total")

    def __init__(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[str]],
        *,
        numeric: Iterable[str] = (),
        total: int | None = None,
        noun: str = "rows",
        hint: str = "",
        caption: str = "",
        row_classes: Sequence[str] | None = None,
    ) -> None:
        self.headers = tuple(headers)
        self.rows = [tuple(row) for row in rows]
        for row in self.rows:
            if len(row) != len(self.headers):
                msg = f"a row has {len(row)} cells for {len(self.headers)} columns: {row!r}"
                raise ValueError(msg)
        wanted = set(numeric)
        unknown = wanted.difference(self.headers)
        if unknown:
            msg = f"numeric columns {sorted(unknown)} are not headers ({', '.join(self.headers)})"
            raise ValueError(msg)
        self.right = tuple(h in wanted for h in self.headers)
        self.total = len(self.rows) if total is None else total
        self.noun = noun
        self.hint = hint
        self.caption = caption
        self.row_classes = row_classes

    @property
    def hidden(self) -> int:
        """How many rows of the full table are not shown."""
        return max(self.total - len(self.rows), 0)

    def _more(self) -> str:
        return more(self.hidden, self.noun, hint=self.hint)

    # -- text ----------------------------------------------------------------------------

    def text_lines(self) -> list[str]:
        """The table as lines of text (headers first, the "… more" line last)."""
        headers = [visible(h) for h in self.headers]
        rows = [[visible(cell) for cell in row] for row in self.rows]
        widths = [max([_width(h)] + [_width(r[k]) for r in rows]) for k, h in enumerate(headers)]
        right = self.right

        def line(cells: Sequence[str]) -> str:
            padded = (
                _pad(cell, w, right=r) for cell, w, r in zip(cells, widths, right, strict=True)
            )
            return (_INDENT + _GAP.join(padded)).rstrip()

        out = [line(headers)]
        out.extend(line(r) for r in rows)
        if self.hidden:
            out.append(_INDENT + self._more())
        return out

    # -- HTML ----------------------------------------------------------------------------

    def html(self) -> str:
        """The table as one HTML ``<table>`` element, every cell escaped and aligned."""
        align = [
            ' style="text-align:right"' if r else ' style="text-align:left"' for r in self.right
        ]
        parts = ["<table>"]
        if self.caption:
            parts.append(f"<caption>{html_text(self.caption)}</caption>")
        parts.append("<thead><tr>")
        parts.extend(
            f"<th{a}>{html_text(h)}</th>" for a, h in zip(align, self.headers, strict=True)
        )
        parts.append("</tr></thead><tbody>")
        classes = self.row_classes
        for k, row in enumerate(self.rows):
            css = f' class="{html_text(classes[k])}"' if classes is not None else ""
            parts.append(f"<tr{css}>")
            parts.extend(f"<td{a}>{html_text(c)}</td>" for a, c in zip(align, row, strict=True))
            parts.append("</tr>")
        if self.hidden:
            parts.append(
                f'<tr><td colspan="{len(self.headers)}" style="text-align:left">'
                f"{html_text(self._more())}</td></tr>"
            )
        parts.append("</tbody></table>")
        return "".join(parts)


def text_pairs(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """Labels and values as aligned text lines (``  label   value``).

    Examples:
        >>> print("\\n".join(text_pairs([("positions", "7"), ("layers", "3")])))
          positions  7
          layers     3
    """
    shown = [(visible(k), visible(v)) for k, v in pairs]
    width = max((_width(k) for k, _ in shown), default=0)
    return [(f"{_INDENT}{_pad(k, width, right=False)}{_GAP}{v}").rstrip() for k, v in shown]


def html_pairs(pairs: Sequence[tuple[str, str]]) -> str:
    """Labels and values as an HTML table, one row a pair, left-aligned.

    Examples:
        >>> print(html_pairs([("layers", "<3>")]).replace("<td", "\\n<td"))
        <table><tbody><tr><th style="text-align:left">layers</th>
        <td style="text-align:left">&lt;3&gt;</td></tr></tbody></table>
    """
    rows = "".join(
        f'<tr><th style="text-align:left">{html_text(k)}</th>'
        f'<td style="text-align:left">{html_text(v)}</td></tr>'
        for k, v in pairs
    )
    return f"<table><tbody>{rows}</tbody></table>"
