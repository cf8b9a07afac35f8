"""One escaper per medium: people's data shows literally and inert, whatever it holds."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orgshape._display import (
    dot_label,
    dot_tooltip,
    formula_guard,
    github_data,
    github_property,
    html_text,
    json_text,
    mermaid_text,
    script_json,
    terminal_text,
    visible,
)

ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40)
# What a hostile name holds: controls, bidi, invisible characters, separators, markup.
NASTY = st.text(
    st.sampled_from(
        [
            "\x1b",
            "\x07",
            "\r",
            "\n",
            "\t",
            "\x00",
            "\x7f",
            "\x85",
            "\x9b",
            "\u202e",
            "\u202d",
            "\u2066",
            "\u2069",
            "\u200e",
            "\u200b",
            "\ufeff",
            "\u2028",
            "\u2029",
            "\u061c",
            "\U000e0041",
            "\ud800",
            "\ufffe",
            "\u00a0",
            "[",
            "]",
            "<",
            ">",
            "&",
            '"',
            "'",
            ":",
            ",",
            "%",
            "=",
            "+",
            "-",
            "@",
            "\\",
            "a",
            "Z",
            "ë",
            "名",
            " ",
        ]
    ),
    max_size=30,
)
TEXT = st.one_of(ANY_TEXT, NASTY)
KEPT = frozenset("\u200c\u200d")  # ZWNJ and ZWJ shape scripts and emoji; they hide nothing


def is_inert(text: str) -> bool:
    """No C0/C1 control, bidi control, format, surrogate, separator or odd space.

    Private-use characters and characters newer than Python's Unicode tables are kept
    (they cannot move or hide text in any terminal we know of).
    """
    return all(
        char == " "
        or char in KEPT
        or unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Zl", "Zp", "Zs"}
        for char in text
    )


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)


class TestVisible:
    @pytest.mark.parametrize(
        ("raw", "shown"),
        [
            ("\x1b[31mred", "[U+001B][31mred"),
            ("a\u202eb", "a[U+202E]b"),
            ("bell\x07", "bell[U+0007]"),
            ("one\r\ntwo", "one[U+000D][U+000A]two"),
            ("del\x7f c1\x9b", "del[U+007F] c1[U+009B]"),
            ("zero\u200bwidth\ufeff", "zero[U+200B]width[U+FEFF]"),
            ("iso\u2066late\u2069", "iso[U+2066]late[U+2069]"),
            ("line\u2028sep", "line[U+2028]sep"),
            ("tag\U000e0041", "tag[U+E0041]"),
            ("no\u00a0break", "no break"),
            ("Zoë 名前 \u200d", "Zoë 名前 \u200d"),
        ],
    )
    def test_known_characters(self, raw: str, shown: str) -> None:
        """Controls, bidi and invisible characters become codes; letters stay."""
        assert visible(raw) == shown

    @given(TEXT)
    def test_no_control_or_bidi_character_survives(self, text: str) -> None:
        """For any string, the visible form holds no C0/C1/bidi/invisible character."""
        assert is_inert(visible(text))

    @given(TEXT)
    def test_idempotent(self, text: str) -> None:
        """Escaping twice is escaping once (so a sink may check again)."""
        once = visible(text)
        assert visible(once) == once

    @given(TEXT, TEXT)
    def test_different_inputs_stay_distinguishable(self, a: str, b: str) -> None:
        """Two strings without ``[`` or non-ASCII spaces never look the same."""
        spaces = {c for c in a + b if unicodedata.category(c) == "Zs" and c != " "}
        if "[" in a + b or spaces:
            return
        if a != b:
            assert visible(a) != visible(b)

    @given(TEXT)
    def test_printable_text_unchanged(self, text: str) -> None:
        """Text with nothing to hide is shown as it is."""
        if text.isprintable():
            assert visible(text) == text


class TestTerminalText:
    def test_a_forged_line_stays_on_its_line(self) -> None:
        """CR, LF and command prefixes from the data cannot start or rewrite a line."""
        name = "Ana\r0 errors\n::error::forged"
        text = f"1 error: {visible(name)}\nTotal: 1 error"
        shown = terminal_text(text)
        assert shown.splitlines() == [
            "1 error: Ana[U+000D]0 errors[U+000A]::error::forged",
            "Total: 1 error",
        ]

    @pytest.mark.parametrize(
        "line", ["::warning::x", "  ::set-env name=A::b", "##[error]x", "##vso[task]"]
    )
    def test_command_prefixes_are_neutralised(self, line: str) -> None:
        """A line that CI would run as a workflow command shows its first character as a code."""
        shown = terminal_text(line)
        assert not shown.lstrip().startswith(("::", "##"))
        assert shown.lstrip().startswith("[U+00")

    @given(TEXT)
    def test_every_line_inert(self, text: str) -> None:
        """Only LF is kept; every line is inert and no line is a workflow command."""
        for line in terminal_text(text).split("\n"):
            assert is_inert(line)
            assert not line.lstrip(" ").startswith(("::", "##[", "##vso["))

    @given(TEXT)
    def test_idempotent(self, text: str) -> None:
        """Checking an already checked text changes nothing."""
        once = terminal_text(text)
        assert terminal_text(once) == once


class TestHtml:
    @given(TEXT)
    def test_no_markup_survives(self, text: str) -> None:
        """The HTML form has no ``<``, ``>`` or quote, and unescapes to the visible form."""
        shown = html_text(text)
        assert not set(shown) & set("<>\"'")
        assert html.unescape(shown) == visible(text)
        assert is_inert(shown)

    def test_markup_is_text(self) -> None:
        """A script tag is shown, not run."""
        assert html_text("<script>alert('x')</script>") == (
            "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
        )


class TestDot:
    @given(TEXT)
    def test_label_has_no_markup_and_no_single_backslash(self, text: str) -> None:
        """A DOT HTML-like label: no markup, and every backslash doubled."""
        shown = dot_label(text)
        assert "<" not in shown
        assert ">" not in shown
        assert shown.replace("\\\\", "").count("\\") == 0

    @given(TEXT)
    def test_tooltip_has_no_backslash(self, text: str) -> None:
        """A tooltip (escString) has no backslash and no control character."""
        shown = dot_tooltip(text)
        assert "\\" not in shown
        assert is_inert(shown)


class TestMermaid:
    @given(TEXT)
    def test_only_letters_digits_and_codes(self, text: str) -> None:
        """A Mermaid label is letters, digits, a few punctuation marks and entity codes."""
        shown = mermaid_text(text)
        rest = re.sub(r"#\d+;", "", shown)
        assert all(c.isalnum() or c in " .,-_'+/?!@:" for c in rest), rest


class TestJsonText:
    @given(JSON_VALUES)
    def test_parses_back_to_the_same_value(self, value: Any) -> None:
        """JSON as text is valid JSON holding exactly the same strings."""
        assert json.loads(json_text(value)) == value
        assert json.loads(json_text(value, indent=None)) == value

    @given(JSON_VALUES)
    def test_inert_on_a_terminal(self, value: Any) -> None:
        """Every line of it is inert: controls and bidi are ``\\uXXXX`` escapes."""
        for line in json_text(value).split("\n"):
            assert is_inert(line)

    def test_readable_letters_stay(self) -> None:
        """Letters are written as letters, not escapes; a bidi override is an escape."""
        assert json_text({"n": "Zoë\u202e"}, indent=None) == '{"n": "Zoë\\u202e"}'

    def test_nan_refused_when_asked(self) -> None:
        """allow_nan=False refuses NaN, as json.dumps does."""
        with pytest.raises(ValueError, match="JSON compliant"):
            json_text(float("nan"), allow_nan=False)


class TestScriptJson:
    @given(JSON_VALUES)
    def test_cannot_close_the_script_element(self, value: Any) -> None:
        """No ``<``, ``>``, ``&`` or line separator; parses back to the same value."""
        text = script_json(value)
        assert not set(text) & set("<>&\u2028\u2029\n")
        assert json.loads(text) == value

    def test_closing_tag(self) -> None:
        """``</script>`` in a name is escaped."""
        assert "</script" not in script_json(["</script><!--"])


class TestGithub:
    @given(TEXT)
    def test_message_cannot_split_the_command(self, text: str) -> None:
        """A message has no CR or LF and every ``%`` is an escape."""
        shown = github_data(text)
        assert "\r" not in shown
        assert "\n" not in shown
        assert shown.replace("%25", "").count("%") == 0
        assert shown.replace("%25", "%") == visible(text)

    @given(TEXT)
    def test_property_cannot_end_the_properties(self, text: str) -> None:
        """A property value has no ``:``, ``,``, CR or LF."""
        shown = github_property(text)
        assert not set(shown) & set(":,\r\n")
        unescaped = shown.replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
        assert unescaped == visible(text)


class TestFormulaGuard:
    @pytest.mark.parametrize(
        "cell", ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+Director", "-1+2", "\tx", "\rx"]
    )
    def test_formulas_are_quoted(self, cell: str) -> None:
        """Each formula start gets a leading apostrophe."""
        assert formula_guard(cell) == "'" + cell

    @given(TEXT)
    def test_no_cell_starts_a_formula(self, cell: str) -> None:
        """No guarded cell starts with ``= + - @``, a tab or a CR; at most one ``'`` is added."""
        guarded = formula_guard(cell)
        assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert guarded in (cell, "'" + cell)
