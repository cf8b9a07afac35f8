"""Tests for orgshape._functions: one vocabulary of functions, and who the ladder judges."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import orgshape
from orgshape import Org, Position
from orgshape._functions import FUNCTIONS, PARTNER_FUNCTIONS, function_of, is_product

SPELLINGS = {
    "design": ["UX", "Product Design", "User Research", "UX Research", "ux/ui", "Design"],
    "product_ops": ["Product Operations", "Product Ops", "product_ops", "PRODUCT OPS"],
    "engineering": ["Software Engineering", "R&D", "Development", "Engineering - Payments"],
    "product": ["Product Management", "Product", "product_management"],
    "data": ["Data Science", "Analytics", "Data & Analytics"],
    "sales": ["Sales", "Business Development"],
    "marketing": ["Marketing", "Product Marketing"],
    "people": ["HR", "Human Resources", "People Operations"],
    "customer_success": ["Customer Success", "Support"],
    "finance": ["Finance"],
    "legal": ["Legal"],
    "operations": ["Operations"],
    "executive": ["Executive"],
}


class TestFunctionOf:
    @pytest.mark.parametrize(
        ("spelling", "function"),
        [(s, f) for f, spellings in SPELLINGS.items() for s in spellings],
    )
    def test_spellings_map_to_one_name(self, spelling, function):
        """Every common spelling of a function maps to its canonical name."""
        assert function_of(spelling) == function

    def test_unknown_values_are_their_own_function(self):
        """A value outside the vocabulary is its own function in lower_snake: not product."""
        assert function_of("Space Travel") == "space_travel"
        assert not is_product("Space Travel")

    def test_values_without_letters_say_nothing(self):
        """Blank cells and department numbers are no function."""
        assert function_of(None) is function_of("") is function_of(" 90 ") is None

    def test_every_canonical_name_maps_to_itself(self):
        """The canonical names are fixed points of the vocabulary."""
        assert all(function_of(name) == name for name in FUNCTIONS)
        assert set(FUNCTIONS) >= PARTNER_FUNCTIONS

    @given(st.text(max_size=40))
    def test_idempotent(self, text):
        """Normalising a normalised function changes nothing."""
        once = function_of(text)
        assert once is None or function_of(once) == once


def _org(*people: tuple[str, str, str | None, str | None]) -> Org:
    return Org(
        [
            Position(id=i, name=f"Person {i}", title=t, manager=m, function=f)
            for i, t, m, f in people
        ]
    )


class TestWhoTheLadderJudges:
    def test_partner_functions_are_never_unknown_titles(self):
        """Designers, engineers and product ops are known by their function, in any spelling."""
        org = _org(
            ("1", "Chief Product Officer", None, "Product Management"),
            ("2", "Director of Product", "1", "Product Management"),
            ("3", "Staff UX Researcher", "2", "UX"),
            ("4", "Staff Engineer", "2", "Software Engineering"),
            ("5", "Program Lead", "2", "Product Operations"),
            ("6", "Product Manager", "2", "Product"),
        )
        report = orgshape.validate(org)
        assert not report.filter(code="UNKNOWN_TITLE")

    def test_product_people_with_unknown_titles_are_reported(self):
        """A product-function title the ladder does not know is still UNKNOWN_TITLE."""
        org = _org(
            ("1", "Chief Product Officer", None, "Product Management"),
            ("2", "Product Wizard", "1", "Product Management"),
        )
        found = orgshape.validate(org).filter(code="UNKNOWN_TITLE")
        assert [f.id for f in found] == ["2"]

    def test_department_says_the_function(self):
        """Without a function column, the department's name says it."""
        org = Org(
            [
                Position(id="1", name="A", title="Chief Product Officer", department="Product"),
                Position(
                    id="2", name="B", title="Account Executive", manager="1", department="Sales"
                ),
            ]
        )
        assert not orgshape.validate(org).filter(code="UNKNOWN_TITLE")
