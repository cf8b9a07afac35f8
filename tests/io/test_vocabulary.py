"""Tests for orgshape.io._vocabulary: matching headers and keys by meaning."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orgshape import InputError, Org, Position, detect_mapping, diff, read
from orgshape.io import columns_for, key_text


class TestColumnsFor:
    def test_spellings(self) -> None:
        """Case, spaces, dashes, dots, underscores and [suffixes] do not matter."""
        headers = ["Work Email", "work_email", "E-Mail", "Email Address [Required]", "Team"]
        assert columns_for(headers, "email") == tuple(headers[:4])

    def test_every_field(self) -> None:
        """Ids and managers are matched as the loader matches them."""
        assert columns_for(["Employee_ID", "Manager_ID", "x"], "id") == ("Employee_ID",)
        assert columns_for(["Employee_ID", "Reports To"], "manager") == ("Reports To",)
        assert columns_for(["Cost", "Salary"], "cost") == ("Cost", "Salary")

    def test_unknown_field(self) -> None:
        """An unknown field is an InputError listing the fields."""
        with pytest.raises(InputError, match=r"unknown field 'emails'.*employee_number"):
            columns_for(["Email"], "emails")

    def test_agrees_with_the_loader(self) -> None:
        """A column columns_for finds is the column read() maps the field to."""
        text = "Person ID,Full Name,Job Title,Supervisor ID,Work E-mail\n1,Ana,CPO,,a@x\n"
        mapping = read_mapping(text)
        header = text.split("\n", 1)[0].split(",")
        for field, column in mapping.items():
            assert column in columns_for(header, field), field


def read_mapping(text: str) -> dict[str, str]:
    return dict(detect_mapping(io.StringIO(text), format="csv").columns)


class TestKeyText:
    def test_forms(self) -> None:
        """Keys are stripped text; numbers lose a spurious .0; text stays as written."""
        assert [key_text(v) for v in (" 007 ", 7, 7.0, "7.0", 7.5, "", "  ", None)] == [
            "007",
            "7",
            "7",
            "7.0",
            "7.5",
            None,
            None,
            None,
        ]
        assert key_text(["a", 1, None, ["nested"]]) == "a;1"
        assert (key_text(True), key_text(float("nan"))) == ("true", None)

    @given(st.text())
    def test_text_is_stripped_or_none(self, value: str) -> None:
        """A string key is the string stripped, or None when nothing is left."""
        assert key_text(value) == (value.strip() or None)

    def test_diff_matches_keys_as_the_loader_reads_them(self) -> None:
        """A diff by email matches 7.0 and 7 as the loader would, and ignores case."""
        old = Org([Position(id="1", name="Ana", extra={"Work Email": "ANA@X"})])
        new = Org([Position(id="9", name="Ana", extra={"work_email": " ana@x "})])
        assert not diff(old, new, key="email").changes
        numbered = Org([Position(id="1", name="Ana", extra={"Employee Number": 7.0})])
        renumbered = Org([Position(id="2", name="Ana", extra={"employee_number": "7"})])
        assert not diff(numbered, renumbered, key="employee_number").changes
        assert read([{"id": 7.0, "manager_id": None}]).ids == ("7",)
