"""What a REPL or notebook user sees: short text forms, counts that add up, aligned tables."""

from __future__ import annotations

import re

import orgshape


class TestTextForms:
    def test_an_org_in_terminal_ipython_is_one_line(self):
        """Terminal IPython shows only text/plain: an org is its one-line repr, not a tree."""
        org = orgshape.example()
        text = org._repr_mimebundle_(include=["text/plain"])["text/plain"]
        first, *rest = text.splitlines()
        assert first == "<Chart 66 of 66 positions, top 'P001' (Amara Okafor), 6 layers>"
        assert "├──" not in text
        assert len(rest) <= 1  # at most the collapsed-view note

    def test_a_diff_chart_counts_removed_seats_apart(self):
        """A removed seat drawn as a ghost is not counted as one of the proposal's positions."""
        current = orgshape.example()
        proposed = current.remove("P057").add(
            orgshape.Position(
                id="P099", name="Noor Haddad", title="Product Manager", manager="P010"
            )
        )
        text = repr(orgshape.diff(current, proposed).chart())
        match = re.match(r"<Chart (\d+) of (\d+) positions", text)
        assert match is not None
        shown, total = map(int, match.groups())
        assert shown <= total == len(proposed)
        assert "(and 1 removed)" in text


class TestHtmlTables:
    def test_messages_are_left_aligned(self):
        """In a report's HTML table, text is left-aligned and only numbers right-aligned."""
        html = orgshape.validate(orgshape.example())._repr_mimebundle_()["text/html"]
        cells = re.findall(r'<td style="text-align:(\w+)">([^<]*)', html)
        for align, cell in cells:
            assert align == ("right" if cell.replace(",", "").isdigit() else "left"), cell
