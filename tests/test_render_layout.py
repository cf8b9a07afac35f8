"""Org charts: the compact layout keeps charts readable at any size and depth."""

from __future__ import annotations

import re

import pytest

import orgshape
from orgshape import Org, Position
from orgshape.render import Chart, chart
from tests.test_render import generated, node_positions


def extent(c: Chart) -> tuple[float, float]:
    """Width and height of the boxes' bounding box, from the DOT positions."""
    pos = node_positions(c.source).values()
    w, h = c._scene.labels.width, c._scene.labels.height
    xs = [x for x, _ in pos]
    ys = [y for _, y in pos]
    return max(xs) - min(xs) + w, max(ys) - min(ys) + h


def svg_size(data: bytes) -> tuple[float, float]:
    match = re.search(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"', data)
    assert match
    return float(match[1]), float(match[2])


class TestShape:
    @pytest.mark.parametrize(("n", "seed"), [(100, 1), (100, 2), (1000, 1), (1000, 4)])
    def test_rendered_ratio_within_4_to_1(self, n: int, seed: int) -> None:
        """A drawn org of 100 to 1,000 people (spans 2–10) stays within 4:1 either way."""
        w, h = svg_size(chart(generated(n, seed=seed)).pipe("svg"))
        assert 1 / 4 <= w / h <= 4

    @pytest.mark.parametrize("seed", [1, 2])
    def test_10k_ratio_within_4_to_1(self, seed: int) -> None:
        """10,000 people (spans 2–10) stay within 4:1 (measured on the layout)."""
        w, h = extent(chart(generated(10_000, seed=seed)))
        assert 1 / 4 <= w / h <= 4

    @pytest.mark.parametrize("spans", [(2, 3), (8, 10)])
    def test_narrow_and_wide_spans(self, spans: tuple[int, int]) -> None:
        """Very narrow and very wide spans both stay within 4:1."""
        w, h = extent(chart(generated(2000, seed=7, spans=spans)))
        assert 1 / 4 <= w / h <= 4

    def test_example_ratio(self) -> None:
        """The bundled example, drawn, stays within 4:1."""
        w, h = svg_size(chart(orgshape.example()).pipe("svg"))
        assert 1 / 4 <= w / h <= 4

    def test_aspect_none_is_the_wide_tree(self) -> None:
        """Without wrapping (aspect=None) a 1,000-person chart is far wider than 4:1."""
        w, h = extent(chart(generated(1000), aspect=None))
        assert w / h > 4

    def test_aspect_is_a_target(self) -> None:
        """A wider aspect target gives a wider chart."""
        org = generated(1000, seed=3)
        w1, h1 = extent(chart(org, aspect=1.0))
        w2, h2 = extent(chart(org, aspect=3.0))
        assert w1 / h1 < w2 / h2

    def test_width_grows_with_managers_not_headcount(self) -> None:
        """Adding ICs under the same managers does not widen the chart."""

        def org(ics: int) -> Org:
            people = [Position(id="top", name="Top", title="CPO")]
            for m in range(4):
                people.append(Position(id=f"m{m}", name=f"M{m}", manager="top"))
                people += [
                    Position(id=f"m{m}-{k}", name=f"IC {k}", manager=f"m{m}") for k in range(ics)
                ]
            return Org(people)

        w2, _ = extent(chart(org(2), aspect=None))
        w8, _ = extent(chart(org(8), aspect=None))
        assert w8 == w2


@pytest.fixture(scope="module")
def chain() -> Org:
    """A 100,000-deep chain of command."""
    return Org(
        [
            Position(id=str(i), name=f"P{i}", title="PM", manager=str(i - 1) if i else None)
            for i in range(100_000)
        ]
    )


class TestDeepChains:
    def test_source_without_recursion(self, chain: Org) -> None:
        """A 100,000-deep chain gives its full DOT source (no recursion limit hit)."""
        source = chart(chain).source
        assert source.count('class="person') == 100_000

    def test_depth_limited(self, chain: Org) -> None:
        """max_depth draws the top layers and badges what is below."""
        c = chart(chain, max_depth=50)
        assert len(node_positions(c.source)) == 50
        assert "+99950" in c.source

    def test_text_tree_is_linear(self, chain: Org) -> None:
        """The text tree of a 100,000-deep chain prints with capped indentation."""
        lines = chart(chain).text.splitlines()
        assert len(lines) == 100_000
        assert max(len(line) for line in lines) < 200
        assert lines[-1].startswith("⋯ ")
        assert lines[-1].endswith("[99999]")

    def test_mermaid(self, chain: Org) -> None:
        """Mermaid output of a deep chain works too (depth-limited here)."""
        assert "n49" in chart(chain, max_depth=50).mermaid


def boxes_of(c: Chart) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) of every drawn box, y down, from the layout."""
    lay = c._scene.layout
    w, h = c._scene.labels.width, c._scene.labels.height
    return [(x - w / 2, y, x + w / 2, y + h) for x, y in zip(lay.x, lay.y, strict=True)]


def heads_org(heads: int = 7, leads: int = 6, team: int = 8) -> Org:
    """A CPO, one VP and ``heads`` Heads of Product, each with ``leads`` teams of PMs."""
    people = [
        Position(id="cpo", name="Top", title="Chief Product Officer"),
        Position(id="vp", name="Vee", title="VP of Product", manager="cpo"),
    ]
    for k in range(heads):
        people.append(Position(id=f"h{k}", name=f"Head {k}", title="Head of Product", manager="vp"))
        for lead in range(leads):
            lid = f"h{k}l{lead}"
            people.append(Position(id=lid, name=f"Lead {lid}", title="Senior PM", manager=f"h{k}"))
            people += [
                Position(id=f"{lid}p{m}", name=f"PM {lid}{m}", title="PM", manager=lid)
                for m in range(team)
            ]
    return Org(people)


class TestRows:
    def test_peers_on_one_row(self) -> None:
        """Seven Heads of one VP sit on one row when wrapping lower layers meets the aspect."""
        c = chart(heads_org())
        lay = c._scene.layout
        rows = {lay.y[c._scene.node_of[c.org.index(f"h{k}")]] for k in range(7)}
        assert len(rows) == 1
        w, h = extent(c)
        assert w / h <= 16 / 9 * 1.05

    def test_example_upper_layers_on_one_row(self) -> None:
        """In the bundled example, the VPs and the Heads below each VP share one row."""
        org = orgshape.example()
        c = chart(org)
        lay, scene = c._scene.layout, c._scene
        for manager in ("P001", "P002", "P003"):
            v = scene.node_of[org.index(manager)]
            kids = [k for k in scene.tree.kids[v] if scene.tree.kids[k]]
            assert len({lay.y[k] for k in kids}) == 1, manager

    @pytest.mark.parametrize(("n", "seed"), [(66, 0), (300, 1), (2000, 3), (2000, 7)])
    def test_no_line_crosses_a_box(self, n: int, seed: int) -> None:
        """No connector segment runs through a box (at any size, wrapped or not)."""
        org = orgshape.example() if n == 66 else generated(n, seed=seed)
        c = chart(org)
        boxes = boxes_of(c)
        for path in c._scene.layout.paths:
            if path is None:
                continue
            for k in range(0, len(path) - 2, 2):
                x0, y0, x1, y1 = path[k : k + 4]
                for left, top, right, bottom in boxes:
                    inside_x = min(x0, x1) < right - 1 and max(x0, x1) > left + 1
                    inside_y = min(y0, y1) < bottom - 1 and max(y0, y1) > top + 1
                    assert not (inside_x and inside_y)

    def test_wrapped_teams_hang_from_the_trunk(self) -> None:
        """A wrapped (compact) row of teams hangs off the trunk by their sides: no frames.

        No horizontal line runs above a row of wrapped teams: each team's connector
        ends with a horizontal segment at its top box's side.
        """
        c = chart(generated(600, seed=2))
        scene, lay = c._scene, c._scene.layout
        w, h = scene.labels.width, scene.labels.height
        compact = [v for v in range(len(scene.tree)) if lay.compact[v]]
        assert compact
        checked = 0
        for v in compact:
            for k in scene.tree.kids[v]:
                path = lay.paths[k]
                if path is None or not scene.tree.kids[k] or scene.tree.hidden[k]:
                    continue
                _, y0, x1, y1 = path[-4:]
                if y0 == y1:  # ends at the side of the box, at its middle
                    assert y1 == pytest.approx(lay.y[k] + h / 2)
                    assert abs(x1 - lay.x[k]) == pytest.approx(w / 2)
                    checked += 1
        assert checked

    def test_layout_is_deterministic(self) -> None:
        """The same tree gives the same positions, twice."""
        org = generated(800, seed=5)
        a, b = chart(org)._scene.layout, chart(org)._scene.layout
        assert (a.x, a.y, a.paths) == (b.x, b.y, b.paths)

    @pytest.mark.parametrize(("n", "seed"), [(300, 1), (1000, 1), (2000, 3)])
    def test_aspect_honoured(self, n: int, seed: int) -> None:
        """Wrapping brings a wide org within 20 % of the 16:9 target."""
        w, h = extent(chart(generated(n, seed=seed)))
        assert 16 / 9 / 1.2 <= w / h <= 16 / 9 * 1.2
