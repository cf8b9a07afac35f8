"""Hostile input against the chart: a huge label or a very deep chain, one clear warning."""

from __future__ import annotations

import warnings

import pytest

import orgshape
from orgshape import Org, OrgShapeWarning, Position
from orgshape.render._labels import MAX_LINE, MAX_TIP_LINE

LONG = "A" * 20_000  # past Graphviz's 16 KB limit on a quoted string


def _org(name: str) -> Org:
    return Org(
        [
            Position(id="1", name=name, title="CPO"),
            Position(id="2", name="Bo", title="VP of Product", manager="1"),
            Position(id="3", name='Cy "' * 5000, title="PM", manager="2"),
        ]
    )


class TestLongLabels:
    @pytest.mark.parametrize("max_label", [40, None])
    @pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
    def test_a_huge_name_does_not_break_the_chart(self, fmt: str, max_label: int | None) -> None:
        """A 20,000-character name draws: capped on the box and in the tooltip, one warning."""
        chart = orgshape.chart(_org(LONG), max_label=max_label)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            data = chart.pipe(format=fmt)
        assert data
        long = [str(w.message) for w in caught if "too long to draw" in str(w.message)]
        assert len(long) == 1
        assert long[0].startswith("1 (AAAA")
        assert "20,000 characters, and 1 other box" in long[0]

    def test_the_svg_keeps_a_capped_tooltip_and_the_data_its_name(self) -> None:
        """The box shows at most MAX_LINE characters, the tooltip MAX_TIP_LINE; data unchanged."""
        org = _org(LONG)
        with pytest.warns(OrgShapeWarning, match="too long to draw"):
            svg = orgshape.chart(org, max_label=None).pipe(format="svg").decode()
        assert "A" * MAX_TIP_LINE not in svg
        assert "A" * (MAX_TIP_LINE - 1) in svg  # the tooltip
        assert "A" * (MAX_LINE - 1) + "…" in svg  # the box
        assert org["1"].name == LONG

    def test_ordinary_long_names_only_get_the_usual_note(self) -> None:
        """Lines under the caps are cut by max_label as before, with its own note."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            orgshape.chart(_org("B" * 100)).pipe(format="dot")
        messages = [str(w.message) for w in caught]
        assert any("longer than max_label=40" in m for m in messages)
        assert any("too long to draw" in m for m in messages)  # (Cy's 10,000 characters)


class TestDeepChains:
    def test_a_deep_chain_warns_before_drawing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A chain hundreds deep warns about the drawing's size before Graphviz runs."""
        import orgshape.render._chart as chart_module  # noqa: PLC0415

        n = 400
        org = Org(
            [
                Position(id=f"P{i}", name=f"N{i}", title="PM", manager=f"P{i - 1}" if i else None)
                for i in range(n)
            ]
        )
        drawn: list[str] = []

        def render(source: str, fmt: str, **kwargs: object) -> bytes:
            drawn.append(fmt)
            assert caught, "the warning comes before drawing"
            return b"<svg xmlns='http://www.w3.org/2000/svg'/>"

        monkeypatch.setattr(chart_module, "render", render)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            orgshape.chart(org).pipe(format="svg")
        assert drawn == ["svg"]
        assert any("max_depth=" in str(w.message) for w in caught)
