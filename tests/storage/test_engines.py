"""Both storage engines (pure Python, columnar) give the same org, facts and results."""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orgshape
from orgshape import _storage
from orgshape._storage import Columns, build_storage, engine_of
from orgshape.strategies import messy_tables, orgs, orgs_breaking
from tests.strategies.policies import BREAKABLE

pytest.importorskip("numpy")


@contextlib.contextmanager
def engine(name: str) -> Iterator[None]:
    """Every org made inside the block is stored by the engine ``name``."""
    saved = _storage.COLUMNAR_MIN_POSITIONS
    _storage.COLUMNAR_MIN_POSITIONS = 0 if name == "columnar" else 10**12  # type: ignore[misc]
    try:
        yield
    finally:
        _storage.COLUMNAR_MIN_POSITIONS = saved  # type: ignore[misc]


def structure(view: Any) -> tuple[Any, ...]:
    """Everything the analysis and the indexes of a storage say, as plain values."""
    n = len(view)
    return (
        tuple(view.parent),
        tuple(view.layers),
        tuple(view.tops),
        tuple(view.facts),
        view.unique,
        dict(view.index),
        tuple(view.spans),
        view.child_index(),
        tuple(view.top_down),
        view.subtree_totals([1] * n),
        view.subtree_totals([i * 7 - 3 for i in range(n)]),
        [view.chain(i) for i in range(n)],
        [view.subtree(i) for i in range(n)],
        view.nearest_above([i % 3 == 0 for i in range(n)]),
        view.nearest_above([level == "VP" for level in view.levels]),
    )


def both(build: Any) -> tuple[Any, Any]:
    """``build()`` once under each engine: (pure Python, columnar)."""
    with engine("python"):
        a = build()
    with engine("columnar"):
        b = build()
    return a, b


def results(org: orgshape.Org) -> tuple[Any, ...]:
    """What a user gets from an org: positions, problems, findings, metrics."""
    return (
        list(org),
        org.problems,
        list(orgshape.validate(org)),
        orgshape.metrics(org).to_dict(),
    )


def check_same_org(a: orgshape.Org, b: orgshape.Org) -> None:
    assert engine_of(a.view) == "python"
    assert engine_of(b.view) == "columnar"
    assert structure(a.view) == structure(b.view)
    assert results(a) == results(b)
    assert a == b


# Ids from a small alphabet (so duplicates are common), managers among them, unknown
# ids, the empty id, None and oneself: every structural fact, loops of every length.
_IDS = st.sampled_from(["", "1", "2", "3", "007", "7", "a", "b", "c", "d", "e", "f"])


@st.composite
def columns(draw: st.DrawFn) -> Columns:
    n = draw(st.integers(min_value=0, max_value=40))
    ids = draw(st.lists(_IDS | st.text(max_size=3), min_size=n, max_size=n))
    refs = st.none() | st.sampled_from([*ids, "x", "zz"]) if ids else st.none()
    managers = draw(st.lists(refs, min_size=n, max_size=n))
    assistant = draw(st.none() | st.lists(st.booleans(), min_size=n, max_size=n))
    cols = Columns(
        ids=ids, names=[None] * n, titles=[None] * n, levels=[None] * n, managers=managers
    )
    if assistant is not None:
        cols.fields["assistant"] = assistant
    return cols


class TestSameStructure:
    @settings(max_examples=400)
    @given(columns())
    def test_any_columns(self, cols):
        """Facts, parents, layers, spans and indexes agree on any columns, loops included."""
        a = build_storage(cols, engine="python")
        b = build_storage(cols, engine="columnar")
        assert structure(a) == structure(b)

    @settings(max_examples=200)
    @given(columns(), st.data())
    def test_nearest_above_is_the_first_marked_in_the_chain(self, cols, data):
        """nearest_above() is the first marked position up the chain of command."""
        marked = data.draw(st.lists(st.booleans(), min_size=len(cols), max_size=len(cols)))
        for engine_name in ("python", "columnar"):
            view = build_storage(cols, engine=engine_name)
            expected = [next((k for k in view.chain(i) if marked[k]), -1) for i in range(len(cols))]
            assert view.nearest_above(marked) == expected

    def test_a_deep_chain(self):
        """A 100,000-deep chain: the same layers, no recursion, team totals by walking."""
        n = 100_000
        ids = [str(i) for i in range(n)]
        managers = [None, *ids[:-1]]
        cols = Columns(
            ids=ids, names=[None] * n, titles=[None] * n, levels=[None] * n, managers=managers
        )
        a = build_storage(cols, engine="python")
        b = build_storage(cols, engine="columnar")
        assert b.layers[-1] == n
        assert (a.parent, a.layers, a.facts) == (b.parent, b.layers, b.facts)
        assert a.subtree_totals([1] * n) == b.subtree_totals([1] * n)
        every_tenth = [i % 10 == 0 for i in range(n)]
        assert a.nearest_above(every_tenth) == b.nearest_above(every_tenth)

    def test_a_long_loop_below_the_root(self):
        """A 5,000-person loop in reverse order is cut at its first row, members in order."""
        n = 5_000
        ids = [str(i) for i in range(n)]
        managers = [str(i + 1) for i in range(n - 1)] + ["0"]
        cols = Columns(
            ids=[*ids, "root", "under"],
            names=[None] * (n + 2),
            titles=[None] * (n + 2),
            levels=[None] * (n + 2),
            managers=[*managers, None, "3"],
        )
        a = build_storage(cols, engine="python")
        b = build_storage(cols, engine="columnar")
        assert structure(a)[:6] == structure(b)[:6]
        cycle = next(f for f in b.facts if f.kind == "CYCLE")
        assert cycle.at == 0
        assert cycle.related == tuple(range(n))

    def test_values_past_int64_are_summed_exactly(self):
        """Team totals of huge numbers fall back to Python ints instead of overflowing."""
        cols = Columns(
            ids=["1", "2"],
            names=[None] * 2,
            titles=[None] * 2,
            levels=[None] * 2,
            managers=[None, "1"],
        )
        b = build_storage(cols, engine="columnar")
        assert b.subtree_totals([2**70, 2**70]) == [2**71, 2**70]

    def test_sequences_hold_python_ints(self):
        """No numpy scalar leaks into what rules and messages read."""
        cols = Columns(
            ids=["1", "2"],
            names=[None] * 2,
            titles=[None] * 2,
            levels=[None] * 2,
            managers=[None, "1"],
        )
        b = build_storage(cols, engine="columnar")
        seqs = (b.parent, b.layers, b.tops, b.spans, *b.child_index(), b.subtree_totals([1, 1]))
        assert {type(v) for seq in seqs for v in seq} == {int}


# (UNUSED_EXEMPTION needs a policy with an exemption: the default policy has none)
_BREAKABLE = [code for code in BREAKABLE if code != "UNUSED_EXEMPTION"]
_SETTINGS = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)


class TestSameOrg:
    @_SETTINGS
    @given(orgs(max_size=60))
    def test_valid_orgs(self, org):
        """A valid org rebuilt under each engine is the same org with the same results."""
        a, b = both(lambda: orgshape.Org(list(org), strict=False))
        check_same_org(a, b)

    @_SETTINGS
    @given(st.sampled_from(_BREAKABLE).flatmap(lambda code: orgs_breaking(code, max_size=30)))
    def test_orgs_breaking_a_rule(self, org):
        """An org that breaks a rule has the same findings under each engine."""
        a, b = both(lambda: orgshape.Org(list(org), strict=False))
        check_same_org(a, b)

    @_SETTINGS
    @given(messy_tables(max_size=40))
    def test_messy_records(self, rows):
        """Messy records read leniently give the same org, problems and findings."""
        a, b = both(lambda: orgshape.read(rows, strict=False))
        check_same_org(a, b)

    @_SETTINGS
    @given(messy_tables(format="csv", max_size=40))
    def test_messy_csv(self, text):
        """Messy CSV read leniently gives the same org, problems and findings."""
        a, b = both(lambda: orgshape.read(io.StringIO(text), format="csv", strict=False))
        check_same_org(a, b)


class TestChoice:
    def _columns(self, n: int) -> Columns:
        ids = [str(i) for i in range(n)]
        return Columns(
            ids=ids,
            names=[None] * n,
            titles=[None] * n,
            levels=[None] * n,
            managers=[None, *["0"] * (n - 1)],
        )

    def test_small_orgs_stay_pure_python(self):
        """Below the threshold the pure-Python engine stores the org."""
        assert engine_of(build_storage(self._columns(10))) == "python"

    def test_large_orgs_are_columnar(self):
        """From the threshold up, the columnar engine does (numpy is installed here)."""
        cols = self._columns(_storage.COLUMNAR_MIN_POSITIONS)
        assert engine_of(build_storage(cols)) == "columnar"

    def test_without_numpy_one_hint(self, monkeypatch, caplog):
        """Without the extra a large org is stored in pure Python, with one hint naming it."""
        monkeypatch.setattr(_storage, "numpy_or_none", lambda: None)
        monkeypatch.setattr(_storage, "_hinted", [])
        cols = self._columns(_storage.COLUMNAR_MIN_POSITIONS)
        with caplog.at_level(logging.WARNING, logger="orgshape"):
            assert engine_of(build_storage(cols)) == "python"
            assert engine_of(build_storage(cols)) == "python"
        hints = [r.getMessage() for r in caplog.records if "orgshape[fast]" in r.getMessage()]
        assert len(hints) == 1
