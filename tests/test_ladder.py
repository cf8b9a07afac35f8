"""Tests for orgshape._ladder: levels, title matching, custom ladders, policy sections."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from orgshape import _ladder
from orgshape._ladder import DEFAULT_LADDER, Ladder, Level, normalise_title
from orgshape.exceptions import PolicyError, UnknownLevelError

DEFAULT_NAMES = (
    "CPO",
    "VP",
    "HEAD",
    "SENIOR_DIRECTOR",
    "DIRECTOR",
    "GROUP_PM",
    "PRINCIPAL_PM",
    "SENIOR_PM",
    "PM",
    "PRODUCT_OWNER",
    "ASSOCIATE_PM",
)

KNOWN_TITLES = {
    "CPO": [
        "Chief Product Officer",
        "CPO",
        "chief product officer",
        "Chief Product Officer (CPO)",
        "Co-founder & Chief Product Officer",
        "Interim Chief Product Officer",
        "Chief Product & Technology Officer",
    ],
    "VP": [
        "VP of Product",
        "VP, Product",
        "Vice President Product Management",
        "Vice President of Product",
        "VP Product Management",
        "SVP, Product",
        "SVP Product",
        "EVP Product",
        "Senior Vice President, Product",
        "VP of Product, Consumer",
        "VP Product, Platform",
        "VP Products",
        "Acting VP of Product",
    ],
    "HEAD": [
        "Head of Product",
        "Head of Product Management",
        "Head of Product - Payments",
        "Head of Product, Growth",
        "Acting Head of Product, Subscriptions",
    ],
    "SENIOR_DIRECTOR": [
        "Senior Director of Product",
        "Sr. Director, Product Management",
        "Senior Product Director",
    ],
    "DIRECTOR": [
        "Director of Product Management",
        "Director of Product",
        "Product Director",
        "Director, Product",
        "Director of Product Management – Growth",
        "Director of Product Growth",
    ],
    "GROUP_PM": [
        "Group Product Manager",
        "Group PM, Storage",
        "GPM",
        "Lead Product Manager",
        "Group Manager, Product",
        "Manager, Product Management",
        "Product Management Manager",
    ],
    "PRINCIPAL_PM": [
        "Principal Product Manager",
        "Staff PM",
        "Product Manager, Principal",
        "Principal Technical Product Manager",
    ],
    "SENIOR_PM": [
        "Senior Product Manager",
        "Sr. PM",
        "Sr PM",
        "Senior PM",
        "Senior Product Manager II",
        "Sr. Product Manager",
        "Snr Product Manager",
        "Senior Product Manager, Payments",
        "Senior Product Manager (Checkout)",
        "Product Manager, Senior",
        "Product Manager, Senior - Payments",
        "Senior Product Manager Payments",
        "Senior Technical Product Manager",
    ],
    "PM": [
        "Product Manager",
        "PM",
        "Product Manager 2",
        "Product Manager II",
        "Product Manager I",
        "product manager",
        "Product Manager - Growth",
        "Product Manager, Search",
        "Technical Product Manager",
        "Founding Product Manager",
        "Product Manager Search",
    ],
    "PRODUCT_OWNER": ["Product Owner", "Senior Product Owner", "Technical Product Owner"],
    "ASSOCIATE_PM": ["Associate Product Manager", "APM", "Jr. Product Manager"],
}

UNKNOWN_TITLES = [
    "",
    None,
    "Engineer",
    "Software Engineer",
    "Product Designer",
    "Product Lead",
    "Manager, Product",
    "Associate Director of Product",
    "Project Manager",
    "Program Manager",
    "Product Marketing Manager",
    "Director of Engineering",
    "VP of Engineering",
    "Chief Technology Officer",
    "Head of Design",
    "Marketing Director",
    "Senior Software Engineer",
    "Lead",
    # a function word after the level's spelling: another function, or a role of its own
    "Head of Product Design",
    "VP Product Marketing",
    "Director of Product Operations",
    "Product Manager Intern",
    "Product Manager Lead",
    # a qualifier that names a function or another level
    "Product Manager, Marketing",
    "Product Manager / Product Owner",
    # a grade above II is the next level at some firms
    "Product Manager III",
    "Product Manager 3",
    # a word before "product" that is not a kind of product
    "Global Product Manager",
    "Assistant Product Manager",
]

DEPUTY = Level(
    name="DEPUTY_HEAD", label="Deputy Head of Product", titles=("Deputy Head of Product", "DHP")
)
DESIGNER = Level(
    name="DESIGNER",
    label="Product Designer",
    titles=("Product Designer", "UX Designer"),
    individual_contributor=True,
    rank=8,
    function="design",
)


# ---------------------------------------------------------------- strategies


@st.composite
def ladders(draw: st.DrawFn) -> Ladder:
    """Draw a valid ladder: random levels with random titles, ranks and aliases."""
    names = draw(
        st.lists(
            st.from_regex(r"[A-Z][A-Z0-9_]{0,7}", fullmatch=True),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    words = st.text(st.sampled_from("abcdefgh xyz-,.()&"), min_size=1, max_size=12).filter(
        lambda text: bool(normalise_title(text))
    )
    try:
        levels = [
            Level(
                name=name,
                label=f"{name} label",
                titles=tuple(draw(st.lists(words, max_size=3))),
                individual_contributor=draw(st.booleans()),
                rank=draw(st.none() | st.integers(0, 10)),
                function=draw(st.sampled_from(["product", "design", "product_ops"])),
            )
            for name in names
        ]
        aliases = draw(st.dictionaries(words, st.sampled_from(names), max_size=3))
        return Ladder(levels, aliases)
    except PolicyError:
        # Spellings of two levels that normalise alike make an invalid ladder.
        return draw(st.nothing())


# ---------------------------------------------------------------- normalisation


class TestNormaliseTitle:
    @pytest.mark.parametrize(
        ("title", "key"),
        [
            ("ＰＭ", "product manager"),
            ("Sr. Director, Product", "senior director product"),
            ("Snr Mgr", "senior manager"),
            ("Product Mgmt Dir", "product director"),
            ("Vice President of Product", "vp product"),
            ("SVP Product", "vp product"),
            ("EVP, Product", "vp product"),
            ("Executive Vice President Product", "vp product"),
            ("Head of the Product Management", "head product"),
            ("Product Manager III", "product manager iii"),
            ("Product Manager Level 4", "product manager level 4"),
            ("Product Manager Level 2", "product manager"),
            ("Manager, Product Management", "manager product management"),
            ("Product Management Manager", "product management manager"),
            ("Director of Products", "director product"),
            ("Co-Founder & CPO", "cofounder cpo"),
            ("Jr. PM", "junior product manager"),
            ("PM 2 II", "product manager"),
            ("Product/Design & Research", "product design research"),
            ("SENIOR_PM", "senior product manager"),
            ("  ", ""),
            ("II", ""),
        ],
    )
    def test_examples(self, title: str, key: str) -> None:
        """Each normalisation step of the documented table applies."""
        assert normalise_title(title) == key

    @given(st.text())
    def test_idempotent(self, title: str) -> None:
        """Normalising a normalised key changes nothing more than stripping grades again."""
        once = normalise_title(title)
        assert normalise_title(once) == normalise_title(normalise_title(once))


# ---------------------------------------------------------------- matching


class TestLevelOf:
    @pytest.mark.parametrize(
        ("title", "level"),
        [(title, level) for level, titles in KNOWN_TITLES.items() for title in titles],
    )
    def test_known_titles(self, title: str, level: str) -> None:
        """Real-world spellings of each product level map to that level."""
        assert Ladder.default().level_of(title) == level

    @pytest.mark.parametrize("title", UNKNOWN_TITLES)
    def test_unknown_titles(self, title: str | None) -> None:
        """Empty, missing and non-product titles stay unknown: the ladder never guesses."""
        assert Ladder.default().level_of(title) is None

    @pytest.mark.parametrize(
        "title",
        ["Director, Engineering", "VP - Engineering", "Head, Design", "Manager, Product"],
    )
    def test_qualifier_cut_needs_whole_spelling(self, title: str) -> None:
        """Cutting a qualifier never leaves a bare, generic word that then matches."""
        assert Ladder.default().level_of(title) is None

    def test_repeated_qualifiers(self) -> None:
        """Several qualifiers are cut one after the other until a spelling matches."""
        title = "Senior Product Manager, Payments - EMEA (Contract)"
        assert Ladder.default().level_of(title) == "SENIOR_PM"

    def test_memoised(self) -> None:
        """A title is normalised once per ladder, however often it is looked up."""
        ladder = Ladder(DEFAULT_LADDER.levels)
        with mock.patch.object(_ladder, "normalise_title", wraps=normalise_title) as spy:
            results = {ladder.level_of("Sr. PM") for _ in range(1000)}
        assert results == {"SENIOR_PM"}
        assert spy.call_count == 1

    def test_cache_is_bounded(self) -> None:
        """The memo is cleared when full, so it cannot grow without bound."""
        ladder = Ladder(DEFAULT_LADDER.levels)
        with mock.patch.object(_ladder, "_CACHE_SIZE", 3):
            for title in ["a", "b", "c", "d"]:
                ladder.level_of(title)
            assert ladder.level_of("PM") == "PM"

    def test_non_string_is_type_error(self) -> None:
        """A title that is neither text nor None is a programming error, said plainly."""
        with pytest.raises(TypeError, match="not float"):
            Ladder.default().level_of(1.5)  # type: ignore[arg-type]

    @given(st.text())
    def test_never_raises_on_text(self, title: str) -> None:
        """Any text gives None or a level name of the ladder."""
        assert Ladder.default().level_of(title) in {None, *DEFAULT_NAMES}

    @given(ladders(), st.text())
    def test_custom_ladder_never_raises_on_text(self, ladder: Ladder, title: str) -> None:
        """On any valid ladder, any text gives None or one of that ladder's names."""
        found = ladder.level_of(title)
        assert found is None or found in ladder

    @given(ladders())
    def test_every_spelling_maps_to_its_level(self, ladder: Ladder) -> None:
        """Each level's label and titles, and each alias, map to their own level."""
        for level in ladder:
            for spelling in (level.label, *level.titles):
                assert ladder.level_of(spelling) == level.name
        for alias, name in ladder.aliases.items():
            assert ladder.level_of(alias) == name


# ---------------------------------------------------------------- Level


class TestLevel:
    def test_defaults(self) -> None:
        """A level is a product, non-IC level ranked by position unless told otherwise."""
        level = Level(name="X", label="X")
        assert (level.titles, level.individual_contributor, level.rank, level.function) == (
            (),
            False,
            None,
            "product",
        )

    def test_titles_list_becomes_tuple(self) -> None:
        """Titles given as a list are stored as a tuple, keeping the level hashable."""
        level = Level(name="X", label="X", titles=["Ex"])
        assert level.titles == ("Ex",)
        assert hash(level) == hash(Level(name="X", label="X", titles=("Ex",)))

    def test_frozen(self) -> None:
        """Levels are immutable."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            DEPUTY.name = "OTHER"  # type: ignore[misc]

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"name": "Group PM"}, "level name 'Group PM' must be UPPER_SNAKE"),
            ({"name": "_X"}, "level name '_X' must be UPPER_SNAKE"),
            ({"name": 3}, "level name 3 must be UPPER_SNAKE"),
            ({"label": ""}, "label of level X must be a non-empty string, got ''"),
            ({"label": "()"}, "label of level X must be a non-empty string"),
            ({"titles": "GPM"}, "titles must be a sequence of strings, not the string 'GPM'"),
            ({"titles": ("ok", "")}, "title '' of level X must be a string with at least one"),
            ({"titles": (None,)}, "title None of level X must be a string"),
            ({"individual_contributor": "yes"}, "individual_contributor of level X must be true"),
            ({"rank": -1}, "rank of level X must be an integer >= 0, got -1"),
            ({"rank": True}, "rank of level X must be an integer >= 0, got True"),
            ({"function": "Design"}, "function of level X must be lower_snake"),
        ],
    )
    def test_bad_fields(self, fields: dict[str, Any], message: str) -> None:
        """Every bad field is a PolicyError that names the level and the field."""
        with pytest.raises(PolicyError, match=re.escape(message)):
            Level(**{"name": "X", "label": "X", **fields})


# ---------------------------------------------------------------- Ladder queries


class TestLadderQueries:
    def test_names(self) -> None:
        """names lists the levels top to bottom."""
        assert Ladder.default().names == DEFAULT_NAMES

    def test_getitem(self) -> None:
        """Indexing by name returns that level."""
        assert Ladder.default()["SENIOR_PM"].label == "Senior PM"

    def test_getitem_unknown_lists_known(self) -> None:
        """An unknown name raises UnknownLevelError listing the known levels."""
        with pytest.raises(UnknownLevelError) as info:
            Ladder.default()["Sr Mgr"]
        assert str(info.value) == (
            "unknown level 'Sr Mgr' (known: CPO, VP, HEAD, SENIOR_DIRECTOR, DIRECTOR, "
            "GROUP_PM, PRINCIPAL_PM, SENIOR_PM, PM, PRODUCT_OWNER, ASSOCIATE_PM)"
        )

    def test_getitem_suggests_close_name(self) -> None:
        """A near miss suggests the level that was probably meant."""
        with pytest.raises(UnknownLevelError, match="did you mean 'SENIOR_PM'"):
            Ladder.default()["SENOIR_PM"]

    def test_getitem_unhashable(self) -> None:
        """An unhashable key is an unknown level, not a crash."""
        with pytest.raises(UnknownLevelError, match=r"unknown level \[\]"):
            Ladder.default()[[]]  # type: ignore[index]

    def test_unknown_level_is_value_error(self) -> None:
        """UnknownLevelError can be caught as a ValueError."""
        with pytest.raises(ValueError, match="unknown level"):
            Ladder.default().rank("NOPE")

    def test_contains(self) -> None:
        """Membership accepts a level name or a Level; anything else is absent."""
        ladder = Ladder.default()
        assert "PM" in ladder
        assert ladder["PM"] in ladder
        assert "pm" not in ladder
        assert DEPUTY not in ladder
        assert 3 not in ladder

    def test_iter_and_len(self) -> None:
        """Iteration yields Level objects top to bottom; len counts them."""
        ladder = Ladder.default()
        assert [level.name for level in ladder] == list(DEFAULT_NAMES)
        assert len(ladder) == 11

    def test_rank_is_index(self) -> None:
        """Without explicit ranks, rank is the index on the ladder, 0 at the top."""
        ladder = Ladder.default()
        assert [ladder.rank(name) for name in DEFAULT_NAMES] == list(range(11))

    def test_ic_levels(self) -> None:
        """The senior IC (Principal PM), PM, Product Owner and Associate PM are IC levels."""
        ladder = Ladder.default()
        assert [name for name in DEFAULT_NAMES if ladder.is_individual_contributor(name)] == [
            "PRINCIPAL_PM",
            "PM",
            "PRODUCT_OWNER",
            "ASSOCIATE_PM",
        ]

    def test_managers_rank_above_their_senior_ics(self) -> None:
        """Group PM sits above the Principal PM it may lead, Senior Director above Director."""
        ladder = Ladder.default()
        assert ladder.rank("GROUP_PM") < ladder.rank("PRINCIPAL_PM") < ladder.rank("SENIOR_PM")
        assert ladder.rank("HEAD") < ladder.rank("SENIOR_DIRECTOR") < ladder.rank("DIRECTOR")

    def test_equality_and_hash(self) -> None:
        """Ladders with the same levels and aliases are equal and hash alike."""
        one = Ladder(DEFAULT_LADDER.levels, {"Product Lead": "SENIOR_PM"})
        two = Ladder(list(DEFAULT_LADDER.levels), {"Product Lead": "SENIOR_PM"})
        assert one == two
        assert hash(one) == hash(two)
        assert one != DEFAULT_LADDER

    def test_aliases_are_read_only(self) -> None:
        """The aliases of a ladder cannot be changed after construction."""
        source = {"Product Lead": "SENIOR_PM"}
        ladder = Ladder(DEFAULT_LADDER.levels, source)
        source["Product Lead"] = "PM"
        assert ladder.level_of("Product Lead") == "SENIOR_PM"
        with pytest.raises(TypeError):
            ladder.aliases["x"] = "PM"  # type: ignore[index]

    def test_repr_shows_aliases_as_dict(self) -> None:
        """The repr shows aliases as a plain dict."""
        ladder = Ladder((DEPUTY,), {"G": "DEPUTY_HEAD"})
        assert repr(ladder).endswith("aliases={'G': 'DEPUTY_HEAD'})")


# ---------------------------------------------------------------- Ladder construction


class TestLadderConstruction:
    def test_default_is_cached(self) -> None:
        """default() returns the one module-level ladder."""
        assert Ladder.default() is Ladder.default() is DEFAULT_LADDER

    def test_empty(self) -> None:
        """A ladder needs at least one level."""
        with pytest.raises(PolicyError, match="at least one level"):
            Ladder(())

    def test_not_a_level(self) -> None:
        """Levels must be Level objects."""
        with pytest.raises(PolicyError, match="must be Level objects, got 'PM'"):
            Ladder(("PM",))  # type: ignore[arg-type]

    def test_duplicate_name(self) -> None:
        """Two levels with one name are a PolicyError naming the duplicate."""
        with pytest.raises(PolicyError, match="duplicate level 'PM'"):
            Ladder((*DEFAULT_LADDER.levels, Level(name="PM", label="Another PM")))

    def test_spelling_clash_names_both_levels(self) -> None:
        """Spellings of two levels that normalise alike are an error naming both."""
        clash = Level(name="TOP_PM", label="Top PM", titles=("Sr. Product Mgr",))
        with pytest.raises(PolicyError) as info:
            Ladder((*DEFAULT_LADDER.levels, clash))
        message = str(info.value)
        assert "TOP_PM" in message
        assert "SENIOR_PM" in message
        assert "'senior product manager'" in message

    def test_same_level_may_repeat_a_spelling(self) -> None:
        """Several spellings of one level may normalise alike."""
        level = Level(name="PM", label="PM", titles=("PM", "Product Manager", "pm"))
        assert Ladder((level,)).level_of("P.M.") is None
        assert Ladder((level,)).level_of("Product Manager") == "PM"

    def test_alias_to_unknown_level(self) -> None:
        """An alias naming a missing level is an UnknownLevelError listing the known ones."""
        with pytest.raises(UnknownLevelError, match=r"unknown level 'LEAD' \(known: CPO, VP"):
            Ladder(DEFAULT_LADDER.levels, {"Product Lead": "LEAD"})

    def test_alias_clash(self) -> None:
        """An alias that spells another level's title is a PolicyError naming both."""
        with pytest.raises(PolicyError, match="alias 'Senior PM' of level PM and"):
            Ladder(DEFAULT_LADDER.levels, {"Senior PM": "PM"})

    def test_alias_without_words(self) -> None:
        """An alias with nothing to match is rejected."""
        with pytest.raises(PolicyError, match="alias '--' has no words to match"):
            Ladder(DEFAULT_LADDER.levels, {"--": "PM"})

    def test_alias_not_strings(self) -> None:
        """Aliases map strings to strings."""
        with pytest.raises(PolicyError, match="aliases map titles to level names"):
            Ladder(DEFAULT_LADDER.levels, {"Lead": 3})  # type: ignore[dict-item]


class TestWithLevels:
    def test_below(self) -> None:
        """A level inserted below another shifts the implicit ranks under it."""
        ladder = Ladder.default().with_levels(DEPUTY, below="HEAD")
        assert ladder.names[:5] == ("CPO", "VP", "HEAD", "DEPUTY_HEAD", "SENIOR_DIRECTOR")
        assert (ladder.rank("DEPUTY_HEAD"), ladder.rank("PM")) == (3, 9)
        assert ladder.level_of("Deputy Head of Product") == "DEPUTY_HEAD"
        assert ladder.level_of("DHP") == "DEPUTY_HEAD"

    def test_above(self) -> None:
        """A level inserted above another goes just before it."""
        ladder = Ladder.default().with_levels(DEPUTY, above="SENIOR_DIRECTOR")
        assert ladder.names.index("DEPUTY_HEAD") == 3

    def test_append(self) -> None:
        """With neither anchor, the levels are appended at the bottom, in order."""
        extra = Level(name="INTERN", label="Product Intern", individual_contributor=True)
        ladder = Ladder.default().with_levels(DEPUTY, extra)
        assert ladder.names[-2:] == ("DEPUTY_HEAD", "INTERN")
        assert ladder.level_of("Product Intern") == "INTERN"

    def test_design_track_shares_pm_rank(self) -> None:
        """An explicit rank puts a design level level with PM, on its own track."""
        ladder = Ladder.default().with_levels(DESIGNER)
        assert ladder.rank("DESIGNER") == ladder.rank("PM") == 8
        assert ladder.level_of("UX Designer") == "DESIGNER"
        assert ladder["DESIGNER"].function == "design"
        assert ladder.is_individual_contributor("DESIGNER")

    def test_keeps_aliases_and_original(self) -> None:
        """The new ladder keeps the aliases; the original ladder is unchanged."""
        base = Ladder.default().with_aliases({"Product Lead": "SENIOR_PM"})
        ladder = base.with_levels(DEPUTY, below="HEAD")
        assert ladder.level_of("Product Lead") == "SENIOR_PM"
        assert "DEPUTY_HEAD" not in base
        assert base.level_of("Deputy Head of Product") is None

    def test_both_anchors(self) -> None:
        """above= and below= together are an error."""
        with pytest.raises(PolicyError, match="either above= or below=, not both"):
            Ladder.default().with_levels(DEPUTY, above="PM", below="DIRECTOR")

    def test_unknown_anchor(self) -> None:
        """An anchor that is not on the ladder is an UnknownLevelError with a suggestion."""
        with pytest.raises(UnknownLevelError, match="did you mean 'DIRECTOR'"):
            Ladder.default().with_levels(DEPUTY, below="DIRECTR")

    def test_duplicate(self) -> None:
        """Adding a level whose name is taken is a PolicyError."""
        with pytest.raises(PolicyError, match="duplicate level 'PM'"):
            Ladder.default().with_levels(Level(name="PM", label="Other"))


class TestWithAliases:
    def test_adds_aliases(self) -> None:
        """Aliases add title spellings, matched after normalisation."""
        ladder = Ladder.default().with_aliases({"Product Lead": "SENIOR_PM"})
        assert ladder.level_of("PRODUCT LEAD") == "SENIOR_PM"
        assert ladder.level_of("Product Lead, Payments") == "SENIOR_PM"
        assert Ladder.default().level_of("Product Lead") is None

    def test_later_alias_replaces(self) -> None:
        """Giving an alias again for the same raw title replaces the old target."""
        ladder = Ladder.default().with_aliases({"Product Lead": "SENIOR_PM"})
        ladder = ladder.with_aliases({"Product Lead": "PM"})
        assert ladder.level_of("Product Lead") == "PM"

    def test_unknown_level(self) -> None:
        """An alias to a missing level is an UnknownLevelError."""
        with pytest.raises(UnknownLevelError, match="unknown level 'LEAD'"):
            Ladder.default().with_aliases({"Product Lead": "LEAD"})


# ---------------------------------------------------------------- policy sections


class TestFromDict:
    def test_empty_section_is_default(self) -> None:
        """An empty section gives the default ladder."""
        assert Ladder.from_dict({}) == DEFAULT_LADDER

    def test_documented_example(self) -> None:
        """The documented policy section inserts DEPUTY_HEAD and adds an alias."""
        ladder = Ladder.from_dict(
            {
                "base": "default",
                "levels": [
                    {
                        "name": "DEPUTY_HEAD",
                        "label": "Deputy Head of Product",
                        "below": "HEAD",
                        "titles": ["Deputy Head of Product", "DHP"],
                        "individual_contributor": False,
                        "rank": 3,
                        "function": "product",
                    }
                ],
                "aliases": {"Product Lead": "SENIOR_PM"},
            }
        )
        assert ladder == Ladder.default().with_levels(
            attrs.evolve(DEPUTY, rank=3), below="HEAD"
        ).with_aliases({"Product Lead": "SENIOR_PM"})

    def test_anchor_may_be_a_new_level(self) -> None:
        """A later level can be placed relative to one added earlier in the list."""
        ladder = Ladder.from_dict(
            {
                "levels": [
                    {"name": "DEPUTY_HEAD", "label": "Deputy Head of Product", "below": "HEAD"},
                    {"name": "STAFF", "label": "Product Chief of Staff", "above": "DEPUTY_HEAD"},
                    {"name": "INTERN", "label": "Product Intern"},
                ]
            }
        )
        assert ladder.names[:5] == ("CPO", "VP", "HEAD", "STAFF", "DEPUTY_HEAD")
        assert ladder.names[-1] == "INTERN"

    def test_empty_base_lists_whole_ladder(self) -> None:
        """With base = 'empty', levels are the whole ladder, top to bottom."""
        ladder = Ladder.from_dict(
            {
                "base": "empty",
                "levels": [
                    {"name": "LEAD", "label": "Product Lead"},
                    {"name": "PM", "label": "PM", "titles": ("Product Manager",)},
                ],
            }
        )
        assert ladder.names == ("LEAD", "PM")
        assert ladder.level_of("Senior Product Manager") is None

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ([], "ladder of policy.toml must be a table, got []"),
            ({1: "x"}, "ladder of policy.toml must be a table with string keys, got 1"),
            (
                {"bsae": "empty"},
                "unknown key 'bsae' in ladder of policy.toml (valid: aliases, base, levels); "
                "did you mean 'base'?",
            ),
            (
                {"base": "defualt"},
                "ladder.base of policy.toml must be one of (default, empty), got 'defualt'; "
                "did you mean 'default'?",
            ),
            (
                {"levels": {"name": "X"}},
                "ladder.levels of policy.toml must be an array of tables, got {'name': 'X'}",
            ),
            (
                {"levels": ["GROUP_PM"]},
                "ladder.levels[0] of policy.toml must be a table, got 'GROUP_PM'",
            ),
            (
                {"levels": [{"name": "A", "label": "A"}, {"name": "B", "lable": "B"}]},
                "unknown key 'lable' in ladder.levels[1] of policy.toml (valid: above, below, "
                "function, individual_contributor, label, name, rank, titles); "
                "did you mean 'label'?",
            ),
            (
                {"levels": [{"label": "A"}]},
                "missing key 'name' in ladder.levels[0] of policy.toml",
            ),
            (
                {"levels": [{"name": "A"}]},
                "missing key 'label' in ladder.levels[0] of policy.toml",
            ),
            (
                {"levels": [{"name": 1, "label": "A"}]},
                "ladder.levels[0].name of policy.toml must be a string, got 1",
            ),
            (
                {"levels": [{"name": "A", "label": "A", "function": ["design"]}]},
                "ladder.levels[0].function of policy.toml must be a string, got ['design']",
            ),
            (
                {"levels": [{"name": "A", "label": "A", "above": "PM", "below": "CPO"}]},
                "ladder.levels[0] of policy.toml has both 'above' and 'below'; give one",
            ),
            (
                {"levels": [{"name": "A", "label": "A", "titles": "Lead"}]},
                "ladder.levels[0].titles of policy.toml must be an array of strings, got 'Lead'",
            ),
            (
                {"levels": [{"name": "A", "label": "A", "titles": ["Lead", 2]}]},
                "ladder.levels[0].titles of policy.toml must be an array of strings",
            ),
            (
                {"levels": [{"name": "A", "label": "A", "individual_contributor": "no"}]},
                "ladder.levels[0].individual_contributor of policy.toml must be true or false, "
                "got 'no'",
            ),
            (
                {"levels": [{"name": "A", "label": "A", "rank": "4"}]},
                "ladder.levels[0].rank of policy.toml must be an integer >= 0, got '4'",
            ),
            (
                {"levels": [{"name": "A", "label": "A", "rank": -2}]},
                "ladder.levels[0].rank of policy.toml must be an integer >= 0, got -2",
            ),
            (
                {"levels": [{"name": "Group PM", "label": "A"}]},
                "ladder.levels[0] of policy.toml: level name 'Group PM' must be UPPER_SNAKE",
            ),
            (
                {"levels": [{"name": "A", "label": "A", "function": "Design"}]},
                "ladder.levels[0] of policy.toml: function of level A must be lower_snake",
            ),
            (
                {"levels": [{"name": "PM", "label": "PM"}]},
                "duplicate level 'PM' at ladder.levels[0] of policy.toml (it is on the default "
                "ladder: add titles with aliases, or start from base = 'empty')",
            ),
            (
                {"base": "empty", "levels": [{"name": "A", "label": "A"}] * 2},
                "duplicate level 'A' at ladder.levels[1] of policy.toml",
            ),
            (
                {"levels": [{"name": "A", "label": "A", "below": "DIRECTR"}]},
                "ladder.levels[0].below of policy.toml must be an earlier level (CPO, VP, HEAD, "
                "SENIOR_DIRECTOR, DIRECTOR, GROUP_PM, PRINCIPAL_PM, SENIOR_PM, PM, PRODUCT_OWNER, "
                "ASSOCIATE_PM), got 'DIRECTR'; did you mean 'DIRECTOR'?",
            ),
            (
                {"base": "empty", "levels": [{"name": "A", "label": "A", "above": "A"}]},
                "ladder.levels[0].above of policy.toml must be an earlier level, got 'A'",
            ),
            (
                {"base": "empty"},
                "ladder.levels of policy.toml must list at least one level with base = 'empty'",
            ),
            (
                {"aliases": [["Lead", "PM"]]},
                "ladder.aliases of policy.toml must be a table, got [['Lead', 'PM']]",
            ),
            (
                {"aliases": {"Product Lead": "SENIOR"}},
                'ladder.aliases."Product Lead" of policy.toml must be a level name (CPO, VP, '
                "HEAD, SENIOR_DIRECTOR, DIRECTOR, GROUP_PM, PRINCIPAL_PM, SENIOR_PM, PM, "
                "PRODUCT_OWNER, ASSOCIATE_PM), got 'SENIOR'; did you mean 'SENIOR_PM'?",
            ),
            (
                {"aliases": {"Product Lead": 5}},
                'ladder.aliases."Product Lead" of policy.toml must be a level name',
            ),
            (
                {"aliases": {"Senior PM": "PM"}},
                "ladder of policy.toml: alias 'Senior PM' of level PM and",
            ),
            (
                {"levels": [{"name": "A", "label": "Head of Product Management"}]},
                "ladder of policy.toml: label 'Head of Product Management' of level A and",
            ),
        ],
    )
    def test_errors_name_path_source_and_choices(self, data: Any, message: str) -> None:
        """Every bad key or value is a PolicyError naming the key path, file and choices."""
        with pytest.raises(PolicyError) as info:
            Ladder.from_dict(data, source="policy.toml")
        assert str(info.value).startswith(message)

    def test_without_source(self) -> None:
        """Without a source, messages name only the key path."""
        with pytest.raises(PolicyError, match=r"^unknown key 'x' in ladder \(valid"):
            Ladder.from_dict({"x": 1})

    def test_section_path(self) -> None:
        """The section argument prefixes every key path, as in pyproject.toml."""
        with pytest.raises(PolicyError, match=r"^tool\.orgshape\.ladder\.base of pyproject"):
            Ladder.from_dict({"base": 1}, source="pyproject.toml", section="tool.orgshape.ladder")


class TestToDict:
    def test_default(self) -> None:
        """The default ladder is written as a complete, base = 'empty' section."""
        data = Ladder.default().to_dict()
        assert data["base"] == "empty"
        assert data["aliases"] == {}
        levels = data["levels"]
        assert isinstance(levels, list)
        assert [level["name"] for level in levels] == list(DEFAULT_NAMES)
        assert all("rank" not in level for level in levels)

    def test_explicit_rank_and_sorted_aliases(self) -> None:
        """Explicit ranks are written; aliases come out sorted, whatever the input order."""
        ladder = Ladder.default().with_levels(DESIGNER).with_aliases({"b": "PM", "a": "VP"})
        data = ladder.to_dict()
        assert data["levels"][-1]["rank"] == 8  # type: ignore[index]
        assert list(data["aliases"]) == ["a", "b"]  # type: ignore[call-overload]

    @given(ladders())
    def test_round_trip(self, ladder: Ladder) -> None:
        """from_dict(to_dict(ladder)) gives an equal ladder, also through JSON."""
        data = ladder.to_dict()
        assert Ladder.from_dict(data) == ladder
        assert Ladder.from_dict(json.loads(json.dumps(data))) == ladder

    @given(ladders())
    def test_deterministic(self, ladder: Ladder) -> None:
        """Equal ladders give equal dicts, in the same order."""
        rebuilt = Ladder(ladder.levels, dict(reversed(list(ladder.aliases.items()))))
        assert json.dumps(rebuilt.to_dict()) == json.dumps(ladder.to_dict())


# ---------------------------------------------------------------- the titles corpus

CORPUS = Path(__file__).parent / "data" / "titles" / "product_titles.csv"
#: Rows of the corpus the default ladder maps as expected (405 of 405; 258 before issue 16).
CORPUS_RIGHT = 405


def _corpus() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


def _expected(row: dict[str, str]) -> str | None:
    level = row["expected_level"]
    return None if level in ("none", "ambiguous") else level


class TestTitlesCorpus:
    """The default ladder against 405 real-world titles (tests/data/titles/README.md)."""

    def test_counts(self) -> None:
        """Every title maps as expected, and none maps to a wrong level."""
        ladder = Ladder.default()
        rows = _corpus()
        got = [(row, ladder.level_of(row["title"])) for row in rows]
        right = sum(level == _expected(row) for row, level in got)
        wrong = [(row["title"], level) for row, level in got if level not in (None, _expected(row))]
        assert (len(rows), right, wrong) == (405, CORPUS_RIGHT, [])

    @pytest.mark.parametrize(
        "row", [row for row in _corpus() if _expected(row) is not None], ids=lambda r: r["title"]
    )
    def test_product_titles(self, row: dict[str, str]) -> None:
        """A product title maps to its level, whatever its prefix, suffix or spelling."""
        assert Ladder.default().level_of(row["title"]) == row["expected_level"]

    @pytest.mark.parametrize(
        "row", [row for row in _corpus() if _expected(row) is None], ids=lambda r: r["title"]
    )
    def test_non_product_and_ambiguous_titles(self, row: dict[str, str]) -> None:
        """A title outside product, or one the title alone cannot place, stays unknown."""
        assert Ladder.default().level_of(row["title"]) is None
