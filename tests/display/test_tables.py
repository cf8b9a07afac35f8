"""One table formatter for text and HTML, and one "… and N more" wording."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orgshape._display import Table, html_pairs, more, text_pairs

CELLS = st.text(st.characters(exclude_categories=()), max_size=12)


class TestMore:
    def test_wording(self) -> None:
        """One wording: an ellipsis, the count with separators, the noun, the hint."""
        assert more(1234, "findings", hint="see to_pandas()") == (
            "… and 1,234 more findings (see to_pandas())"
        )
        assert more(2) == "… and 2 more"


class TestTextTable:
    def test_numbers_right_text_left(self) -> None:
        """Numeric columns are right-aligned, every other column left-aligned."""
        table = Table(
            ["message", "row"],
            [["a short one", "7"], ["x", "1,204"]],
            numeric=["row"],
        )
        assert table.text_lines() == [
            "  message        row",
            "  a short one      7",
            "  x            1,204",
        ]

    def test_cut_table_says_how_many_more(self) -> None:
        """A table cut for display ends with the one "… and N more" line."""
        table = Table(["n"], [["1"]], numeric=["n"], total=41, hint="see to_pandas()")
        assert table.text_lines()[-1] == "  … and 40 more rows (see to_pandas())"

    def test_user_cells_are_inert(self) -> None:
        """Control and bidi characters in cells show as codes; the lines stay lines."""
        table = Table(["name"], [["Ana\n0 errors\x1b[31m\u202e"]])
        assert table.text_lines() == ["  name", "  Ana[U+000A]0 errors[U+001B][31m[U+202E]"]

    def test_wide_characters_align(self) -> None:
        """East Asian wide characters count two columns."""
        lines = Table(["name", "n"], [["山田太郎", "1"], ["Bo", "22"]], numeric=["n"]).text_lines()
        assert lines == ["  name       n", "  山田太郎   1", "  Bo        22"]

    def test_bad_shapes_are_refused(self) -> None:
        """A row of the wrong length, or an unknown numeric column, is a ValueError."""
        with pytest.raises(ValueError, match="2 cells for 1 columns"):
            Table(["a"], [["1", "2"]])
        with pytest.raises(ValueError, match="not headers"):
            Table(["a"], [], numeric=["b"])

    @given(st.lists(st.tuples(CELLS, CELLS), max_size=6))
    def test_one_line_per_row(self, rows: list[tuple[str, str]]) -> None:
        """Whatever the cells hold, a table is a header line and one line per row."""
        lines = Table(["a", "b"], rows, numeric=["b"]).text_lines()
        assert len(lines) == len(rows) + 1
        assert all("\n" not in line and "\r" not in line for line in lines)


class TestHtmlTable:
    def test_every_cell_says_its_alignment(self) -> None:
        """Messages are left-aligned and numbers right-aligned, whatever the notebook's CSS."""
        html = Table(
            ["severity", "row", "message"],
            [["error", "3", "Hannah has 12 reports"]],
            numeric=["row"],
            caption="Findings",
        ).html()
        assert "<caption>Findings</caption>" in html
        assert '<td style="text-align:right">3</td>' in html
        assert '<td style="text-align:left">Hannah has 12 reports</td>' in html
        assert '<th style="text-align:left">message</th>' in html
        assert html.count("<td ") == 3

    def test_cells_are_escaped(self) -> None:
        """Markup in a cell is text."""
        html = Table(["name"], [["<script>alert(1)</script>"]]).html()
        assert "<script>" not in html
        assert "&lt;script&gt;" in html

    def test_row_classes_and_more(self) -> None:
        """Rows can carry a CSS class; a cut table ends with the "more" row."""
        html = Table(
            ["a"], [["1"]], total=3, noun="findings", row_classes=["orgshape-error"]
        ).html()
        assert '<tr class="orgshape-error">' in html
        assert "… and 2 more findings" in html

    @given(st.lists(st.tuples(CELLS, CELLS), max_size=6))
    def test_no_markup_from_cells(self, rows: list[tuple[str, str]]) -> None:
        """The only tags in a table are the formatter's own."""
        html = Table(["a", "b"], rows).html()
        tags = set(re.findall(r"</?([a-z]+)", html))
        assert tags <= {"table", "thead", "tbody", "tr", "th", "td", "caption"}


class TestPairs:
    def test_text_pairs_align_labels(self) -> None:
        """Labels are padded to the longest; values follow."""
        assert text_pairs([("positions", "7 (1 vacancy)"), ("layers", "3")]) == [
            "  positions  7 (1 vacancy)",
            "  layers     3",
        ]

    def test_html_pairs_escape(self) -> None:
        """Pairs as HTML are escaped and left-aligned."""
        html = html_pairs([("scope", "subtree of <b>1</b>")])
        assert "&lt;b&gt;1&lt;/b&gt;" in html
        assert "<b>" not in html
