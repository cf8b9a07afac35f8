"""Metrics are the same bit for bit by every route: both storage engines, arrays or not."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orgshape
from orgshape import Org, Position, _storage
from orgshape._metrics import _arrays, _compute

np = pytest.importorskip("numpy")

ROUTES = (("python", False), ("python", True), ("columnar", False), ("columnar", True))


@contextlib.contextmanager
def route(engine: str, arrays: bool) -> Iterator[None]:
    """Orgs made in the block use ``engine``; whole-org metrics go over arrays or not."""
    saved = _storage.COLUMNAR_MIN_POSITIONS, _arrays.MIN_POSITIONS
    _storage.COLUMNAR_MIN_POSITIONS = 0 if engine == "columnar" else 10**12  # type: ignore[misc]
    _arrays.MIN_POSITIONS = 0 if arrays else 10**12
    try:
        yield
    finally:
        _storage.COLUMNAR_MIN_POSITIONS, _arrays.MIN_POSITIONS = saved  # type: ignore[misc]


def tables(org: Org, root: str | None) -> str:
    """Every table of the metrics, floats in full (``repr`` tells -0.0 and 0.0 apart)."""
    try:
        m = orgshape.metrics(org, root=root)
    except Exception as err:  # the same failure by every route
        return f"raised {type(err).__name__}"
    return repr((m.summary, m.managers, m.layers, m.levels, m.functions, m.band_layers))


_COST = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6).map(float),
    st.floats(),  # fractions, NaN, infinities, -0.0, huge
    st.sampled_from([-0.0, 0.0, 0.1, 2.0**52, 2.0**53, 1e308, -1e308]),
    st.integers(-(10**20), 10**20),
    st.booleans(),
)
_WHOLE = st.none() | st.integers(0, 300_000).map(float)


@st.composite
def positions(draw: st.DrawFn) -> list[Position]:
    """Orgs with loops, unknown and self managers, duplicate ids, vacancies, assistants."""
    n = draw(st.integers(min_value=0, max_value=40))
    cost = draw(st.sampled_from([_COST, _WHOLE, st.none()]))
    ids = [str(i) for i in range(n)]
    out = []
    for i in range(n):
        manager = draw(
            st.none()
            | st.sampled_from(ids[:i] or ["x"])  # a tree, mostly
            | st.sampled_from([*ids, "x"])  # loops, self, unknown
        )
        out.append(
            Position(
                id=draw(st.sampled_from([ids[i], ids[i], ids[i], "0", ""])),
                name=draw(st.sampled_from(["Ana", "Bo", None])),
                title=draw(st.sampled_from(["PM", "Senior PM", "Director", "VP", None])),
                manager=manager,
                cost=draw(cost),
                assistant=draw(st.booleans()),
                function=draw(st.sampled_from([None, "design", "engineering", "Sales"])),
                name_known=draw(st.booleans()),
            )
        )
    return out


class TestRoutes:
    @given(positions(), st.data())
    @settings(suppress_health_check=[HealthCheck.too_slow])
    def test_every_route_measures_alike(self, records: list[Position], data: Any) -> None:
        """Whole org or a root's team: identical tables by every engine and route."""
        orgs = {}
        for engine, arrays in ROUTES:
            with route(engine, arrays):
                orgs[engine, arrays] = Org(records, strict=False)
        ids = [p.id for p in records if p.id]
        roots = [
            None,
            *data.draw(st.lists(st.sampled_from(ids), max_size=2) if ids else st.just([])),
        ]
        for root in roots:
            seen = set()
            for (engine, arrays), org in orgs.items():
                with route(engine, arrays):
                    seen.add(tables(org, root))
            assert len(seen) == 1, root

    @given(positions())
    def test_array_walk_is_the_python_walk(self, records: list[Position]) -> None:
        """The numpy walk finds the pure-Python walk's order, layers and families."""
        org = Org(records, strict=False)
        view = org.view
        walked = _arrays.walk(np, view)
        if not len(view):
            assert walked is None
            return
        assert walked is not None
        order, bounds, edges, _ = walked
        assert (order.tolist(), bounds, edges.tolist()) == _compute._walk(view, view.tops)

    def test_deep_chain_falls_back(self) -> None:
        """Past MAX_LAYERS the pure-Python walk measures (with the same results)."""
        n = _arrays.MAX_LAYERS + 5
        records = [
            Position(id=str(i), name="A", manager=str(i - 1) if i else None, cost=1.5)
            for i in range(n)
        ]
        org = Org(records)
        assert _arrays.walk(np, org.view) is None
        with route("python", True):
            fast = tables(org, None)
        with route("python", False):
            assert tables(org, None) == fast
