"""Valid orgs (orgshape.strategies.orgs) keep their promise."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, Unsatisfiable

import orgshape
from orgshape.rules import validate
from orgshape.strategies import orgs
from tests.strategies.policies import GROUP_LADDER, POLICIES, codes, valid_orgs

#: For the tests of what an org shrinks to: no example database. A local database
#: replays an example found before (by an older strategy, say), and ``find`` returns
#: it shrunk only as far as it got then.
SHRINK = settings(database=None)


class TestOrgs:
    @pytest.mark.parametrize("policy", list(POLICIES))
    @given(data=st.data())
    def test_generated_orgs_pass_their_policy(self, policy, data):
        """Every built-in rule is silent on an org made for the policy."""
        org = data.draw(valid_orgs(policy))
        report = validate(org, POLICIES[policy])
        assert codes(org, POLICIES[policy]) == set(), str(report)
        assert not org.problems
        assert 1 <= len(org) <= 25

    @given(orgs(min_size=5, max_size=9))
    def test_sizes_stay_within_bounds(self, org):
        """min_size and max_size bound the number of positions."""
        assert 5 <= len(org) <= 9

    @given(orgs(max_size=30))
    def test_ids_follow_row_order_with_managers_first(self, org):
        """Ids are P1, P2... in row order, and every manager comes before their reports."""
        ids = [p.id for p in org]
        assert ids == [f"P{k}" for k in range(1, len(org) + 1)]
        seen: set[str] = set()
        for p in org:
            assert p.manager is None or p.manager in seen
            seen.add(p.id)

    @given(
        orgs(
            max_size=30,
            vacancies=False,
            assistants=False,
            dotted_lines=False,
            products=False,
            experience=False,
        )
    )
    def test_features_can_be_turned_off(self, org):
        """With every feature off: no open roles, assistants, dotted lines, products or years."""
        for p in org:
            assert p.name is not None
            assert not p.assistant
            assert not p.dotted_line
            assert not p.products
            assert p.years_experience is None

    @given(orgs(max_size=30, policy=POLICIES["catalogue"]))
    def test_catalogue_products_have_one_filled_owner(self, org):
        """Each catalogue product is owned by exactly one filled PM-level seat."""
        owners = Counter(product for p in org for product in p.products)
        for product in POLICIES["catalogue"].products:
            assert owners[product] == 1
            (owner,) = [p for p in org if product in p.products]
            assert owner.name is not None
            assert owner.level in POLICIES["catalogue"].resolve().pm_levels

    @given(orgs(max_size=15, names=st.just("Zoë \u202e<b>")))
    def test_names_come_from_the_given_strategy(self, org):
        """``names=`` supplies every filled seat's name."""
        assert {p.name for p in org} - {None} == {"Zoë \u202e<b>"}
        assert not validate(org).findings

    @given(orgs(ladder=GROUP_LADDER, max_size=20))
    def test_a_custom_ladder_is_used(self, org):
        """Titles and levels come from the given ladder, and the org carries it."""
        assert org.ladder == GROUP_LADDER
        assert all(p.level in GROUP_LADDER.names for p in org if not p.assistant)
        assert not validate(org).findings

    def test_orgs_shrink_to_a_cpo_and_two_vps(self):
        """The smallest org of three is the CPO and two VPs, with plain titles and names."""
        org = find(orgs(), lambda org: len(org) >= 3, settings=SHRINK)
        assert [(p.id, p.name, p.title, p.manager) for p in org] == [
            ("P1", "Ana Lima", "CPO", None),
            ("P2", "Bo Chen", "VP Product", "P1"),
            ("P3", "Cy Diaz", "VP Product", "P1"),
        ]

    def test_an_open_role_shrinks_to_a_team_of_two(self):
        """The smallest org with an open role: a CPO, a VP and an open VP seat."""
        org = find(orgs(max_size=20), lambda org: bool(org.vacancies), settings=SHRINK)
        assert len(org) == 3
        assert [(p.id, p.req) for p in org.vacancies] == [("P3", "REQ-3")]

    def test_a_deep_org_shrinks_to_one_chain_of_teams(self):
        """The smallest org with five layers has just the teams five layers need."""
        org = find(
            orgs(max_size=30), lambda org: max(org.layer(p.id) for p in org) >= 5, settings=SHRINK
        )
        assert len(org) == 9  # CPO, 2 VPs, 2 Directors... each manager with two reports
        assert not validate(org).findings


#: Blank names: empty, and only whitespace as ``str.strip`` (and so orgshape's reader) sees it.
BLANKS = ["", " ", "\t\n", "\u2028", "\u3000", "\x1c\x85"]


class TestNames:
    @given(orgs(max_size=15, names=st.sampled_from([*BLANKS, "Ana"])))
    def test_blank_names_are_never_drawn(self, org):
        """A blank name from ``names=`` is drawn again, so every filled seat has a real name."""
        assert {p.name for p in org} - {None} == {"Ana"}

    @given(orgs(max_size=15, names=st.sampled_from(["TBH", " vacant ", "Open Role", "Ana"])))
    def test_vacancy_markers_are_never_drawn(self, org):
        """A name the reader takes for an open seat (``TBH``...) is drawn again, in any case."""
        assert {p.name for p in org} - {None} == {"Ana"}

    @given(orgs(max_size=15, vacancies=False, names=st.text()))
    def test_without_vacancies_every_seat_is_filled(self, org):
        """With ``vacancies=False`` and any text as names, no seat reads as an open role."""
        assert not org.vacancies
        assert all(p.name is not None and p.name.strip() for p in org)

    @pytest.mark.parametrize("fmt", ["csv", "json", "yaml"])
    @settings(max_examples=max(1, settings().max_examples // 2))
    @given(org=orgs(max_size=15, names=st.text()))
    def test_any_text_names_survive_a_round_trip(self, fmt, org):
        """read(write(org)) is the same org: the same names, the same open roles, no findings."""
        out = io.StringIO()
        orgshape.write(org, out, format=fmt)
        back = orgshape.read(io.StringIO(out.getvalue()), format=fmt, ladder=org.ladder)
        assert [p.name for p in back] == [p.name for p in org]
        assert [p.id for p in back.vacancies] == [p.id for p in org.vacancies]
        assert back == org
        assert not validate(back).findings

    def test_a_name_that_is_not_a_string_is_refused(self):
        """A ``names=`` strategy that draws a non-string fails with InvalidArgument, naming it."""
        with pytest.raises(InvalidArgument, match="names= drew 3, which is not a string"):
            find(orgs(names=st.just(3)), lambda org: True)  # type: ignore[arg-type]

    def test_only_blank_names_cannot_make_an_org(self):
        """A strategy of blank names only is reported as unsatisfiable, not used."""
        with pytest.raises(Unsatisfiable):
            find(orgs(names=st.sampled_from(BLANKS)), lambda org: True)
