"""Titles (orgshape.strategies.titles) map back to their level."""

from __future__ import annotations

from hypothesis import find, given
from hypothesis import strategies as st

from orgshape import Ladder
from orgshape.strategies import titles
from tests.strategies.policies import GROUP_LADDER


class TestTitles:
    @given(st.sampled_from(Ladder.default().names).flatmap(lambda level: st.tuples(
        st.just(level), titles(level))))  # fmt: skip
    def test_each_title_maps_back_to_its_level(self, pair):
        """The ladder reads every generated title as the level it was made for."""
        level, title = pair
        assert Ladder.default().level_of(title) == level

    @given(titles(ladder=GROUP_LADDER))
    def test_any_level_of_a_custom_ladder(self, title):
        """Without a level, titles of every level of the given ladder come out."""
        assert GROUP_LADDER.level_of(title) is not None

    def test_variants_include_hr_spellings(self):
        """Abbreviations, grades and qualifiers appear, and shrink to the plainest one."""
        assert find(titles("SENIOR_PM"), lambda t: "Sr." in t) == "Sr. PM"
        assert find(titles("PM"), lambda t: "," in t) == "PM, Payments"
