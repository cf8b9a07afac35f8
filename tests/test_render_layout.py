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
