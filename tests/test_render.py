"""Org charts: options, DOT golden files, outputs, notebook display, backend."""

from __future__ import annotations

import builtins
import enum
import os
import random
import re
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import attrs
import pytest

import orgshape
from orgshape import InputError, Org, Position, RenderError, UnknownPositionError
from orgshape._warnings import OrgShapeWarning
from orgshape.render import (
    THEMES,
    Chart,
    ChartOptions,
    Ghost,
    Mark,
    MarkStyle,
    Theme,
    _backend,
    chart,
)
from orgshape.render._labels import FONT, text_width
from orgshape.render._notebook import INLINE_WIDTH
from tests.inert import assert_inert

GOLDEN = Path(__file__).parent / "golden"
REGEN = os.environ.get("ORGSHAPE_REGEN_GOLDEN") == "1"
SVG = "{http://www.w3.org/2000/svg}"


@attrs.frozen
class Finding:
    """A finding as orgshape.rules makes them (only what charts need)."""

    ids: tuple[str, ...]
    severity: str
    message: str
    code: str


def small_org() -> Org:
    """Fourteen seats: every level, a vacancy, an assistant, a dotted line, a designer."""
    p = Position
    return Org(
        [
            p(id="1", name="Ana Lima", title="Chief Product Officer", location="London"),
            p(id="2", name="Bo Chen", title="VP of Product", manager="1", location="Berlin"),
            p(id="3", name="Ida Park", title="VP, Product", manager="1", location="Paris"),
            p(id="4", name="Cy Diaz", title="Director of Product", manager="2", cost=250000.0),
            p(id="5", name="Fay Ng", title="Senior Product Manager", manager="2"),
            p(id="6", name="Jo Roy", title="Director of Product", manager="3"),
            p(
                id="7",
                name="Di Sato",
                title="Sr. PM",
                manager="4",
                dotted_line=("3",),
                products=("Checkout", "Cart"),
            ),
            p(id="8", title="Product Manager", manager="4", req="REQ-1"),
            p(id="9", name="Eve Okafor", title="Product Manager", manager="4"),
            p(id="10", name="Gus Berg", title="Product Manager", manager="5"),
            p(id="11", name="Hal Ito", title="Product Designer", manager="5"),
            p(id="12", name="Kai Moe", title="Product Manager", manager="6"),
            p(id="13", name="Lea Voss", title="PM", manager="6", years_experience=4.5),
            p(id="14", name="Max Roth", title="Executive Assistant", manager="1", assistant=True),
        ]
    )


def generated(n: int, *, seed: int = 1, spans: tuple[int, int] = (2, 10)) -> Org:
    """A product org of ``n`` people: each manager gets a random span in ``spans``."""
    rng = random.Random(seed)
    titles = (
        "Chief Product Officer",
        "VP of Product",
        "Head of Product",
        "Director of Product",
        "Senior Product Manager",
        "Product Manager",
    )
    people = [Position(id="0", name="Top Person", title=titles[0])]
    depth = [0]
    queue = [0]
    k = 0
    while len(people) < n:
        m = queue[k]
        k += 1
        for _ in range(rng.randint(*spans)):
            if len(people) >= n:
                break
            i, d = len(people), depth[m] + 1
            people.append(
                Position(id=str(i), name=f"Person {i}", title=titles[min(d, 5)], manager=str(m))
            )
            depth.append(d)
            queue.append(i)
    return Org(people)


def assert_golden(name: str, text: str) -> None:
    """Compare with tests/golden/render_<name>.dot; ORGSHAPE_REGEN_GOLDEN=1 rewrites it."""
    path = GOLDEN / f"render_{name}.dot"
    if REGEN:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path.name}; run with ORGSHAPE_REGEN_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8"), (
        f"{path.name} changed; if on purpose, rerun with ORGSHAPE_REGEN_GOLDEN=1 and review "
        "the diff"
    )


def svg_tree(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def person_groups(root: ET.Element) -> dict[str, ET.Element]:
    return {
        g.get("id", ""): g
        for g in root.iter(f"{SVG}g")
        if "person" in (g.get("class") or "").split()
    }


def box_texts(group: ET.Element) -> list[str]:
    return [(t.text or "").replace("\xa0", " ") for t in group.iter(f"{SVG}text")]


def assert_svg_safe(data: bytes) -> None:
    """No script, no foreign object, no event handler, no link other than #fragments."""
    root = svg_tree(data)
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        assert tag not in {"script", "foreignobject", "iframe", "embed", "object"}
        for key, value in element.attrib.items():
            local = key.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on"), (key, value)
            if local == "href":
                assert value.startswith("#"), (key, value)
            if local != "title":
                assert "javascript:" not in value.replace(" ", "").lower(), (key, value)


def node_positions(source: str) -> dict[str, tuple[float, float]]:
    """Box centres (x, y up) of the person nodes in a chart's DOT source."""
    out = {}
    for match in re.finditer(r'^\t(n\d+|x\d+) \[pos="([-\d.]+),([-\d.]+)!"', source, re.M):
        out[match[1]] = (float(match[2]), float(match[3]))
    return out


# --------------------------------------------------------------------------- options


class TestChartOptions:
    def test_defaults(self) -> None:
        """The defaults: whole org, stacked leaves, name and title, default theme, legend."""
        options = ChartOptions()
        assert options.root is None
        assert options.max_depth is None
        assert options.stack_leaves
        assert options.legend
        assert not options.align_levels
        assert options.fields == ("name", "title")
        assert options.theme is THEMES["default"]
        assert options.aspect == pytest.approx(16 / 9)

    def test_frozen(self) -> None:
        """Options are immutable; evolve makes a changed copy."""
        options = ChartOptions()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            options.max_depth = 3  # type: ignore[misc]
        assert attrs.evolve(options, max_depth=3).max_depth == 3

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"max_depth": 0}, "max_depth must be a positive integer"),
            ({"max_depth": True}, "max_depth must be a positive integer"),
            ({"max_label": 2}, "at least 4"),
            ({"theme": "neon"}, "unknown theme 'neon' (known: default, mono"),
            ({"fields": ()}, "at least one field"),
            ({"fields": ("name", "name")}, "listed twice"),
            ({"aspect": 0}, "width:height ratio"),
            ({"stack_leaves": "yes"}, "True or False"),
            ({"collapse": [1]}, "ids are strings"),
            ({"root": 7}, "must be an id"),
            ({"highlight": ["x"]}, "need .ids, .severity"),
            ({"marks": [Mark(id="1", kind="teleported")]}, "unknown mark kind 'teleported'"),
            ({"ghosts": ["x"]}, "Ghost objects"),
        ],
    )
    def test_bad_values_are_clear(self, kwargs: dict[str, Any], message: str) -> None:
        """A bad option value raises InputError naming the option and what is allowed."""
        with pytest.raises(InputError, match=re.escape(message)):
            ChartOptions(**kwargs)

    def test_bad_severity(self) -> None:
        """A finding with an unknown severity is refused, naming the valid ones."""
        with pytest.raises(InputError, match="not one of error, warning, info"):
            ChartOptions(highlight=[Finding(("1",), "fatal", "m", "C")])

    def test_severity_enums_accepted(self) -> None:
        """Severities may be str enums (as orgshape.rules uses)."""

        class Severity(enum.Enum):
            ERROR = "error"

        finding = Finding(("1",), Severity.ERROR, "m", "C")  # type: ignore[arg-type]
        options = ChartOptions(highlight=[finding])
        assert len(options.highlight) == 1

    def test_collapse_accepts_one_id(self) -> None:
        """A single id string is one id, not a sequence of characters."""
        assert ChartOptions(collapse="P013").collapse == ("P013",)

    def test_theme_by_object_and_custom_marks(self) -> None:
        """A Theme object can be passed; its marks define the valid mark kinds."""
        theme = attrs.evolve(
            THEMES["default"],
            name="mine",
            marks={"split": MarkStyle(glyph="⑂", colour="#123456", label="split")},
        )
        options = ChartOptions(theme=theme, marks=[Mark(id="1", kind="split")])
        assert options.theme.name == "mine"

    def test_theme_validates_colours(self) -> None:
        """Theme colours must look like colours."""
        with pytest.raises(InputError, match="must be a colour"):
            Theme(name="x", line="red; fontsize=99")


class TestChartFunction:
    def test_overrides_are_options(self) -> None:
        """Keyword overrides are ChartOptions fields, applied over the options given."""
        c = chart(small_org(), ChartOptions(max_depth=2), legend=False)
        assert c.options.max_depth == 2
        assert not c.options.legend

    def test_unknown_override_lists_valid_names(self) -> None:
        """An unknown keyword raises TypeError listing every valid option."""
        with pytest.raises(TypeError, match=r"unknown chart option 'colour'.*max_depth"):
            chart(small_org(), colour="red")

    def test_options_must_be_options(self) -> None:
        """Passing something else as options is a TypeError."""
        with pytest.raises(TypeError, match="ChartOptions"):
            chart(small_org(), {"max_depth": 2})  # type: ignore[arg-type]

    def test_org_must_be_an_org(self) -> None:
        """Charting something that is not an Org is a TypeError naming what was given."""
        with pytest.raises(TypeError, match=r"orgshape\.Org, got list"):
            chart([Position(id="1")])  # type: ignore[arg-type]

    def test_one_spelling(self) -> None:
        """Charts are orgshape.chart(org, ...): the org has no chart() shortcut."""
        assert not hasattr(small_org(), "chart")

    def test_unknown_root(self) -> None:
        """A root that is not in the org raises UnknownPositionError."""
        with pytest.raises(UnknownPositionError, match="nobody"):
            chart(small_org(), root="nobody")

    def test_unknown_collapse_id(self) -> None:
        """A collapse id that is not in the org raises UnknownPositionError."""
        with pytest.raises(UnknownPositionError):
            chart(small_org(), collapse=["zz"])

    def test_unknown_field(self) -> None:
        """An unknown field raises InputError listing known fields and extra columns."""
        with pytest.raises(InputError, match=r"unknown field 'emial'.*extra columns.*email"):
            chart(orgshape.example(), fields=("name", "emial"))

    def test_extra_column_field(self) -> None:
        """An extra column of the org can be shown."""
        c = chart(orgshape.example(), root="P013", fields=("name", "email"))
        assert "hannah.schmidt@northwind.example" in c.source

    def test_repr(self) -> None:
        """The repr says how much is drawn and from where."""
        assert repr(chart(small_org(), max_depth=2)) == (
            "<Chart 4 of 14 positions, top '1' (Ana Lima), 2 layers>"
        )


# --------------------------------------------------------------------------- golden DOT


def _golden_findings() -> list[Finding]:
    return [
        Finding(("4",), "error", "Cy Diaz has 3 reports <max 2>", "SPAN_TOO_WIDE"),
        Finding(("6", "12"), "warning", 'Jo "Roy" & Kai', "LEVEL_GAP"),
        Finding(("13",), "info", "Lea Voss could be promoted", "PROMOTION_CANDIDATE"),
        Finding((), "warning", "the org has 4 layers", "MAX_LAYERS"),
    ]


GOLDEN_CASES: dict[str, dict[str, Any]] = {
    "default": {},
    "root": {"root": "2"},
    "max_depth": {"max_depth": 2},
    "collapse": {"collapse": ["4", "6"]},
    "highlight": {"highlight": _golden_findings()},
    "align_levels": {"align_levels": True},
    "no_stack": {"stack_leaves": False},
    "fields": {"fields": ("name", "title", "level", "id", "location", "products", "cost")},
    "mono": {"theme": "mono", "legend": False, "title": "Product org <draft>"},
    "marks_ghosts": {
        "marks": [
            Mark(id="5", kind="moved", note="moved from Ida Park"),
            Mark(id="9", kind="added"),
            Mark(id="6", kind="retitled", note="was Head of Product"),
        ],
        "ghosts": [
            Ghost(position=Position(id="old", name="Ola Gone", title="Senior PM"), under="6"),
            Ghost(position=Position(id="old2", name="Pia Gone", title="PM"), under="old"),
        ],
    },
}


class TestGoldenDot:
    @pytest.mark.parametrize("case", sorted(GOLDEN_CASES))
    def test_small_org(self, case: str) -> None:
        """The DOT for each option is exactly the reviewed golden file."""
        assert_golden(case, chart(small_org(), **GOLDEN_CASES[case]).source)

    def test_example(self) -> None:
        """The bundled example's default chart is exactly the reviewed golden file."""
        assert_golden("example", chart(orgshape.example()).source)

    def test_deterministic(self) -> None:
        """The same org and options give byte-identical DOT, across separate builds."""
        first = chart(small_org(), highlight=_golden_findings()).source
        again = chart(small_org(), highlight=_golden_findings()).source
        assert first == again

    def test_source_needs_no_graphviz(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The DOT source is built without running Graphviz."""

        def boom(*args: object, **kwargs: object) -> str:
            raise AssertionError("Graphviz was called")

        monkeypatch.setattr(_backend, "render", boom)
        assert chart(small_org()).source.startswith("// org chart by orgshape")

    def test_pinned_layout(self) -> None:
        """The graph asks for no layout (pinned positions) and every box is pinned."""
        source = chart(small_org()).source
        assert "layout=nop2" in source
        assert len(node_positions(source)) == 14


# --------------------------------------------------------------------------- the look


class TestLook:
    def test_assistant_beside_manager(self) -> None:
        """The assistant is on the manager's row, to the right, not in the row below."""
        pos = node_positions(chart(small_org()).source)
        assert pos["n13"][1] == pos["n0"][1]
        assert pos["n13"][0] > pos["n0"][0]

    def test_leaves_stacked_in_a_column(self) -> None:
        """A manager's ICs share one column, one below the other."""
        pos = node_positions(chart(small_org()).source)
        xs = {pos[n][0] for n in ("n11", "n12")}
        assert len(xs) == 1
        assert pos["n11"][1] > pos["n12"][1]

    def test_leaves_in_a_row_without_stacking(self) -> None:
        """With stack_leaves=False the ICs sit side by side on one row."""
        pos = node_positions(chart(small_org(), stack_leaves=False).source)
        assert pos["n11"][1] == pos["n12"][1]
        assert pos["n11"][0] != pos["n12"][0]

    def test_reports_below_managers(self) -> None:
        """Every box is below its manager."""
        org = generated(300, seed=3)
        pos = node_positions(chart(org).source)
        for i, p in enumerate(org):
            if p.manager is not None:
                assert pos[f"n{i}"][1] < pos[f"n{org.index(p.manager)}"][1]

    def test_boxes_do_not_overlap(self) -> None:
        """No two boxes overlap."""
        org = generated(400, seed=5)
        c = chart(org)
        pos = sorted(node_positions(c.source).values())
        w = c._scene.labels.width
        h = c._scene.labels.height
        for k, (x, y) in enumerate(pos):
            for x2, y2 in pos[k + 1 :]:
                if x2 - x >= w:
                    break
                assert abs(y2 - y) >= h, ((x, y), (x2, y2))

    def test_vacancy_dashed_open_role(self) -> None:
        """A vacancy is a dashed box that says Open role."""
        source = chart(small_org()).source
        line = next(line for line in source.splitlines() if line.startswith("\tn7 "))
        assert "dashed" in line
        assert "Open role" in line
        assert "vacancy" in line

    def test_dotted_line_dashed_edge(self) -> None:
        """A dotted-line manager is a dashed edge from that manager to the report."""
        source = chart(small_org()).source
        line = next(line for line in source.splitlines() if "dotted_line" in line)
        assert line.startswith("\tn2 -> n6 ")
        assert 'style="dashed"' in line

    def test_dotted_lines_can_be_hidden(self) -> None:
        """dotted_lines=False leaves them out."""
        assert "dotted_line" not in chart(small_org(), dotted_lines=False).source

    def test_align_levels_rows(self) -> None:
        """With align_levels, every level is on its own row; a skip-level report drops."""
        org = Org(
            [
                Position(id="a", name="A", title="CPO"),
                Position(id="b", name="B", title="VP of Product", manager="a"),
                Position(id="c", name="C", title="Director of Product", manager="a"),
                Position(id="d", name="D", title="Director of Product", manager="b"),
            ]
        )
        pos = node_positions(chart(org, align_levels=True).source)
        assert pos["n2"][1] == pos["n3"][1] < pos["n1"][1]
        pos = node_positions(chart(org).source)
        assert pos["n2"][1] == pos["n1"][1]

    def test_level_colours(self) -> None:
        """Boxes are filled by ladder level; unknown levels get the theme's unknown fill."""
        theme = THEMES["default"]
        source = chart(small_org()).source
        cpo = next(line for line in source.splitlines() if line.startswith("\tn0 "))
        designer = next(line for line in source.splitlines() if line.startswith("\tn10 "))
        assert theme.level_fills[0] in cpo
        assert "fillcolor" not in designer
        assert "level_unknown" in designer

    def test_collapse_badge_counts_hidden(self) -> None:
        """A collapsed team shows a +N badge counting everyone below."""
        c = chart(small_org(), collapse=["2"])
        assert "+7" in c.source
        assert c._scene.tree.hidden[1] == 7
        assert len(node_positions(c.source)) == 7

    def test_max_depth_badges(self) -> None:
        """max_depth hides the layers below and badges the last layer drawn."""
        c = chart(small_org(), max_depth=2)
        assert len(node_positions(c.source)) == 4
        # the badges roll up what they hide: people, open roles (and findings)
        assert re.search(r"h1 \[label=<\+7 · 1 open>", c.source)
        assert re.search(r"h2 \[label=<\+3>", c.source)

    def test_root_focus(self) -> None:
        """root= draws only that team."""
        c = chart(small_org(), root="3")
        assert set(node_positions(c.source)) == {"n2", "n5", "n11", "n12"}

    def test_highlight_marks_flagged(self) -> None:
        """Flagged boxes get a severity class, border and glyph badge with the messages."""
        source = chart(small_org(), highlight=_golden_findings()).source
        line = next(line for line in source.splitlines() if line.startswith("\tn3 "))
        assert "flag_error" in line
        assert 'penwidth="3.2"' in line
        badge = next(line for line in source.splitlines() if line.startswith("\tf3 "))
        assert "✖" in badge
        assert "SPAN_TOO_WIDE" in badge
        assert "&lt;" not in badge
        assert "MAX_LAYERS" in source  # org-wide findings are in the legend

    def test_findings_for_undrawn_positions_ignored(self) -> None:
        """Findings about positions outside the chart (or unknown ids) are ignored."""
        c = chart(small_org(), root="3", highlight=[Finding(("4", "nope"), "error", "m", "X")])
        assert "flag_error" not in c.source

    def test_marks_and_ghosts(self) -> None:
        """Marks add a glyph line and class; ghosts are dashed grey boxes under their manager."""
        c = chart(small_org(), **GOLDEN_CASES["marks_ghosts"])
        source = c.source
        assert "→ moved from Ida Park" in source
        assert "mark_moved" in source
        pos = node_positions(source)
        assert pos["x0"][1] < pos["n5"][1]
        assert pos["x1"][1] < pos["x0"][1]
        assert "removed" in c.text
        assert "ghost" in source

    def test_mark_unknown_id(self) -> None:
        """A mark on an id the org does not have is an error."""
        with pytest.raises(UnknownPositionError):
            chart(small_org(), marks=[Mark(id="zz", kind="added")])

    def test_ghost_under_nothing(self) -> None:
        """A ghost under an id that is neither a position nor a ghost is an error."""
        ghost = Ghost(position=Position(id="g"), under="nobody")
        with pytest.raises(InputError, match="neither a position"):
            chart(small_org(), ghosts=[ghost])

    def test_ghost_loop(self) -> None:
        """Ghosts that are under each other form a loop: an error."""
        ghosts = [
            Ghost(position=Position(id="g1"), under="g2"),
            Ghost(position=Position(id="g2"), under="g1"),
        ]
        with pytest.raises(InputError, match="loop"):
            chart(small_org(), ghosts=ghosts)

    def test_ghost_under_collapsed_is_left_out(self) -> None:
        """A ghost under a collapsed or undrawn position is not drawn."""
        ghost = Ghost(position=Position(id="g", name="G"), under="4")
        assert "x0" not in chart(small_org(), collapse=["4"], ghosts=[ghost]).source
        assert "x0" in chart(small_org(), ghosts=[ghost]).source

    def test_ghost_at_top(self) -> None:
        """A ghost with no manager is drawn beside the top."""
        ghost = Ghost(position=Position(id="g", name="Old CPO"))
        c = chart(small_org(), ghosts=[ghost])
        assert len(c._scene.tree.tops) == 2

    def test_forest(self) -> None:
        """A leniently loaded org with several tops draws each top's team."""
        org = Org(
            [
                Position(id="a", name="A"),
                Position(id="b", name="B", manager="a"),
                Position(id="c", name="C"),
                Position(id="d", name="D", manager="zz"),
            ],
            strict=False,
        )
        c = chart(org)
        assert len(node_positions(c.source)) == 4
        assert "3 tops" in repr(c)

    def test_legend_lists_used_levels(self) -> None:
        """The legend lists the levels drawn and the symbols used, nothing else."""
        source = chart(small_org(), root="6").source
        legend = next(line for line in source.splitlines() if line.startswith("\tlegend "))
        assert "Director of Product" in legend
        assert "PM" in legend
        assert "VP of Product" not in legend
        assert "open role" not in legend
        assert "legend" not in chart(small_org(), legend=False).source

    def test_title(self) -> None:
        """A title is drawn above the chart, escaped."""
        source = chart(small_org(), title="Org <2025> & co").source
        assert "Org &lt;2025&gt; &amp; co" in source


class TestLabels:
    def test_long_labels_cut_with_warning(self) -> None:
        """Lines over max_label are cut with … and a warning; the data and tooltip are whole."""
        name = "Maximilian Alexander von Habsburg-Lothringen-Bourbon"
        org = Org([Position(id="1", name=name, title="CPO")])
        with pytest.warns(OrgShapeWarning, match="1 chart line was longer than max_label=40"):
            source = chart(org).source
        assert name[:39] + "…" in source
        assert f'tooltip="{name}' in source
        assert org["1"].name == name

    def test_max_label_none_never_cuts(self) -> None:
        """max_label=None keeps every line whole, without a warning."""
        name = "x" * 80
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            source = chart(Org([Position(id="1", name=name)]), max_label=None).source
        assert name in source

    def test_fields(self) -> None:
        """fields picks what a box shows, in order; empty values are left out."""
        c = chart(small_org(), fields=("name", "location", "products", "cost", "span", "team"))
        source = c.source
        assert "Checkout; Cart" in source
        assert "250,000" in source
        assert "London" in source
        assert "span 3" in source
        assert "team 13" in source

    def test_box_size_follows_text(self) -> None:
        """Boxes are as wide as the widest line, with a minimum."""
        short = chart(Org([Position(id="1", name="A")]))._scene.labels
        long = chart(Org([Position(id="1", name="A" * 35)]))._scene.labels
        assert short.width == 120
        assert long.width > short.width


# --------------------------------------------------------------------------- outputs


class TestOutputs:
    def test_example_svg_png_pdf(self, tmp_path: Path) -> None:
        """The bundled example renders to SVG, PNG and PDF."""
        c = chart(orgshape.example())
        svg = c.save(tmp_path / "org.svg").read_bytes()
        png = c.save(tmp_path / "org.png").read_bytes()
        pdf = c.save(tmp_path / "org.pdf").read_bytes()
        assert svg.startswith(b"<?xml")
        assert b"<svg" in svg
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert pdf.startswith(b"%PDF")

    def test_example_svg_structure(self) -> None:
        """Every position of the example is a box with a stable id; flagged boxes are marked."""
        org = orgshape.example()
        findings = [Finding(("P013",), "error", "12 reports", "SPAN_TOO_WIDE")]
        data = chart(org, highlight=findings).pipe("svg")
        groups = person_groups(svg_tree(data))
        assert set(groups) == {f"n{i}" for i in range(len(org))}
        assert "flag_error" in (groups[f"n{org.index('P013')}"].get("class") or "")
        assert box_texts(groups[f"n{org.index('P013')}"])[0] == "Hannah Schmidt"
        assert_svg_safe(data)

    def test_text_formats(self, tmp_path: Path) -> None:
        """.dot/.gv hold the source, .mmd the Mermaid text, .txt the text tree."""
        c = chart(small_org())
        assert c.save(tmp_path / "a.dot").read_text(encoding="utf-8") == c.source
        assert c.save(tmp_path / "a.gv").read_text(encoding="utf-8") == c.source
        assert c.save(tmp_path / "a.mmd").read_text(encoding="utf-8") == c.mermaid
        assert c.save(tmp_path / "a.txt").read_text(encoding="utf-8") == c.text
        assert c.pipe("txt") == c.text.encode("utf-8")

    def test_save_returns_path_and_format_override(self, tmp_path: Path) -> None:
        """save returns the path; format= overrides the suffix."""
        c = chart(small_org())
        path = c.save(str(tmp_path / "chart.data"), format="dot")
        assert path == tmp_path / "chart.data"
        assert path.read_text(encoding="utf-8") == c.source

    def test_unknown_suffix(self, tmp_path: Path) -> None:
        """An unknown suffix raises InputError listing the known ones."""
        with pytest.raises(InputError, match=r"known suffixes: \.svg .*\.txt"):
            chart(small_org()).save(tmp_path / "chart.jpeg")

    def test_unknown_format(self) -> None:
        """An unknown pipe format raises InputError listing the formats."""
        with pytest.raises(InputError, match="known: svg, png, pdf"):
            chart(small_org()).pipe("bmp")

    def test_text_tree(self) -> None:
        """The text tree shows guides, marks, badges and dotted lines."""
        c = chart(small_org(), collapse=["6"], highlight=_golden_findings())
        assert c.text.splitlines()[:3] == [
            "Ana Lima — Chief Product Officer [1]",
            "├── Bo Chen — VP of Product [2]",
            "│   ├── Cy Diaz — Director of Product [4]  ✖ SPAN_TOO_WIDE",
        ]
        assert "│   │   ├── Di Sato — Sr. PM [7] (dotted line to Ida Park)" in c.text
        assert "Open role — Product Manager [8]" in c.text
        assert "Jo Roy — Director of Product [6] +2  ▲ LEVEL_GAP" in c.text
        last = c.text.splitlines()[-1]
        assert last == "└── Max Roth — Executive Assistant [14] (assistant)"

    def test_text_control_characters(self) -> None:
        """Terminal output never carries control characters such as ANSI escapes."""
        org = Org([Position(id="1", name="\x1b[31mred\x1b[0m\nnext", title="t\u202eitle")])
        text = chart(org).text
        assert "\x1b" not in text
        assert "\u202e" not in text
        assert text == "[U+001B][31mred[U+001B][0m[U+000A]next — t[U+202E]itle [1]\n"


class TestMermaid:
    def test_structure(self) -> None:
        """Mermaid text: flowchart TD, synthetic ids, solid and dotted links, classes."""
        text = chart(small_org()).mermaid
        lines = text.splitlines()
        assert lines[1] == "flowchart TD"
        assert '    n0["Ana Lima<br>Chief Product Officer"]' in lines
        assert "    n0 --- n1" in lines
        assert "    n2 -. dotted line .-> n6" in lines
        assert any(line.startswith("    class ") and "vacancy" in line for line in lines)

    def test_escaping(self) -> None:
        """Labels are entity-escaped: no raw quote, bracket, tag or newline from the data."""
        name = 'A"]; click n0 call alert(1); %% <img src=x onerror=y>\nB'
        text = chart(Org([Position(id="1", name=name, title="[x]")])).mermaid
        label = next(line for line in text.splitlines() if line.startswith("    n0["))
        inner = label[len('    n0["') : -len('"]')]
        bare = re.sub(r"#\d+;", "", inner.replace("<br>", ""))
        assert not set(bare) & set('"[]<>;%#&\n')
        assert "click" not in text.replace("click n0 call", "")  # no click statement
        assert "#34;#93;#59; click n0 call alert#40;1#41;" in inner

    def test_size_warning(self) -> None:
        """Past Mermaid's 50,000 characters a warning says how to fix it."""
        with pytest.warns(OrgShapeWarning, match="over Mermaid's default limit"):
            text = chart(generated(1200)).mermaid
        assert len(text) > 50_000


# --------------------------------------------------------------------------- notebook


class TestMermaidClasses:
    def test_flag_class_comes_last(self) -> None:
        """A flagged box's severity class line follows its level's, so its border wins."""
        org = small_org()
        findings = [Finding(("12",), "warning", "w", "W"), Finding(("2",), "error", "e", "E")]
        lines = chart(org, highlight=findings).mermaid.splitlines()
        class_lines = [line.split()[-1] for line in lines if line.startswith("    class ")]
        flags = [k for k, name in enumerate(class_lines) if name.startswith("flag")]
        others = [k for k, name in enumerate(class_lines) if not name.startswith("flag")]
        assert flags
        assert min(flags) > max(others)

    def test_edge_limit_warning(self) -> None:
        """Past Mermaid's 500 links, a warning names max_depth= (the CLI: --max-depth)."""
        org = generated(520, spans=(5, 8))
        with pytest.warns(OrgShapeWarning, match=r"519 links.*maxEdges.*max_depth="):
            text = chart(org).mermaid
        assert text.count(" --- ") == 519
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert chart(org, max_depth=3).mermaid


class TestSmallThings:
    def test_vacancy_looks_empty(self) -> None:
        """An open role is unfilled (the vacancy fill), dashed, in its level's darker colour."""
        source = chart(small_org()).source
        line = next(line for line in source.splitlines() if line.startswith("\tn7 "))
        assert 'fillcolor="#ffffff"' in line
        assert 'style="rounded,filled,dashed"' in line
        filled = next(line for line in source.splitlines() if line.startswith("\tn8 "))
        assert 'fillcolor="#ffffff"' not in filled
        colour = re.search(r' color="(#[0-9a-f]{6})"', line)
        assert colour
        assert colour[1] != THEMES["default"].border

    def test_legend_vacancy_swatch_stays_in_its_cell(self) -> None:
        """The legend's open-role swatch is a plain dashed cell (a rounded one spilled over)."""
        source = chart(small_org()).source
        legend = next(line for line in source.splitlines() if "legend" in line)
        swatch = re.search(r'<td [^>]*style="([^"]*dashed[^"]*)"', legend)
        assert swatch
        assert swatch[1] == "dashed"

    @pytest.mark.parametrize("theme", sorted(THEMES))
    def test_every_level_and_other_look_different(self, theme: str) -> None:
        """In each built-in theme, no two levels (nor a level and "other") share a fill."""
        t = THEMES[theme]
        fills = [t.fill_for(k) for k in range(6)] + [t.unknown_fill]
        assert len(set(fills)) == len(fills)

    def test_long_names_fit_their_box(self) -> None:
        """The box leaves room around the widest name (the estimate plus 6 %, padding)."""
        names = ["WWWWWWWWWWWWMMMMMMMMMMMMMMMM", "Maximilian Alexander Worthington-Smythe"]
        org = Org(
            [
                Position(id=str(k), name=n, title="PM", manager="0" if k else None)
                for k, n in enumerate(names)
            ]
        )
        c = chart(org, max_label=None)
        widest = max(text_width(n, FONT.name_size, bold=True) for n in names)
        assert c._scene.labels.width >= widest * 1.06 + 2 * FONT.pad_x

    def test_notebook_keeps_boxes_readable(self) -> None:
        """The example (66 boxes, too wide for a cell) shows a collapsed view inline."""
        svg = chart(orgshape.example())._repr_mimebundle_()["image/svg+xml"]
        assert "Collapsed view" in svg
        width = float(re.search(r"max-width:([\d.]+)pt", svg)[1])  # type: ignore[index]
        assert width <= INLINE_WIDTH + 400  # the boxes, plus the legend beside them
        small = chart(small_org())._repr_mimebundle_()["image/svg+xml"]
        assert "Collapsed view" not in small


class TestNotebook:
    def test_bundle(self) -> None:
        """The bundle has the interactive page, an SVG scaled to the cell and a text tree."""
        bundle = chart(small_org())._repr_mimebundle_()
        assert set(bundle) == {"text/html", "image/svg+xml", "text/plain"}
        assert "<iframe srcdoc=" in bundle["text/html"]
        assert '<svg width="100%" style="max-width:' in bundle["image/svg+xml"]
        assert "viewBox" in bundle["image/svg+xml"]
        assert bundle["text/plain"].startswith("<Chart 14 of 14 positions")
        assert_svg_safe(bundle["image/svg+xml"].encode("utf-8"))

    def test_include_exclude(self) -> None:
        """include/exclude filter the bundle."""
        c = chart(small_org())
        assert set(c._repr_mimebundle_(include=["text/plain"])) == {"text/plain"}
        assert set(c._repr_mimebundle_(exclude=["text/plain"])) == {"text/html", "image/svg+xml"}
        assert set(c._repr_mimebundle_(exclude=["text/html"])) == {"image/svg+xml", "text/plain"}

    def test_big_org_collapsed_view(self) -> None:
        """An org too big to read inline shows its top layers and a note on seeing more."""
        bundle = chart(generated(1000))._repr_mimebundle_()
        svg = bundle["image/svg+xml"]
        assert "Collapsed view" in svg
        assert "chart.save(" in svg
        assert "Collapsed view" in bundle["text/plain"]
        boxes = len(person_groups(svg_tree(svg.encode("utf-8"))))
        assert 1 < boxes <= 150

    def test_never_raises(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """If drawing fails, the bundle is the text tree and the reason."""

        def broken(source: str, fmt: str, **_: object) -> bytes:
            raise RenderError("no Graphviz here")

        monkeypatch.setattr("orgshape.render._chart.render", broken)
        bundle = chart(small_org())._repr_mimebundle_()
        assert set(bundle) == {"text/plain"}
        assert "no Graphviz here" in bundle["text/plain"]
        assert "Ana Lima" in bundle["text/plain"]

    def test_never_raises_even_when_text_fails(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Even a failing text tree gives a bundle, not an exception."""

        def broken(*args: object, **kwargs: object) -> str:
            raise RuntimeError("bad")

        monkeypatch.setattr("orgshape.render._chart.render", broken)
        monkeypatch.setattr("orgshape.render._chart.build_text", broken)
        bundle = chart(small_org())._repr_mimebundle_()
        assert "bad" in bundle["text/plain"]

    def test_warnings_do_not_escape(self) -> None:
        """A display warning (a cut label) goes into the text, not out of the repr."""
        org = Org([Position(id="1", name="N" * 60)])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            bundle = chart(org)._repr_mimebundle_()
        assert "image/svg+xml" in bundle
        assert "cut for display" in bundle["text/plain"]

    def test_org_repr_delegates(self) -> None:
        """Org._repr_mimebundle_ shows the org's chart."""
        bundle = small_org()._repr_mimebundle_()
        assert "image/svg+xml" in bundle

    def test_org_display_without_a_chart(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """When no chart can be drawn, an org shows its tree and the reason, not a traceback."""

        def broken(source: str, fmt: str) -> bytes:
            raise RenderError("no Graphviz here")

        monkeypatch.setattr("orgshape.render._chart.render", broken)
        bundle = small_org()._repr_mimebundle_()
        assert set(bundle) == {"text/plain"}
        assert "no Graphviz here" in bundle["text/plain"]

    def test_hostile_names_are_inert(self) -> None:
        """The chart's repr, text and notebook text show control and bidi characters inert."""
        org = Org(
            [
                Position(id="1", name="Ana\x1b[31m\u202e", title="CPO"),
                Position(id="2", name="Bo\r\n0 errors", title="PM", manager="1"),
            ]
        )
        c = chart(org)
        for text in (repr(c), str(c), c.text, c._repr_mimebundle_()["text/plain"]):
            assert_inert(text)
        assert "Ana[U+001B][31m[U+202E]" in repr(c)
        assert "Bo[U+000D][U+000A]0 errors" in c.text
        assert_inert(repr(org))


# --------------------------------------------------------------------------- backend


class TestBackend:
    def test_graphviz_noise_kept_off_stderr(self, capfd: pytest.CaptureFixture[str]) -> None:
        """Graphviz's and pygraphviz's own messages do not reach the terminal."""
        chart(generated(1100)).pipe("svg")  # pygraphviz warns about > 1000 nodes
        captured = capfd.readouterr()
        assert captured.err == ""

    def test_no_backend_clear_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With neither pygraphviz nor dot, RenderError says what to install."""
        real_import = builtins.__import__

        def no_pygraphviz(name: str, *args: Any, **kwargs: Any) -> Any:
            if name == "pygraphviz":
                raise ImportError("No module named 'pygraphviz'")
            return real_import(name, *args, **kwargs)

        monkeypatch.setattr(builtins, "__import__", no_pygraphviz)
        monkeypatch.setattr("shutil.which", lambda name: None)
        c = chart(small_org())
        with pytest.raises(RenderError, match=r"pip install pygraphviz.*graphviz\.org"):
            c.pipe("png")
        assert c.source  # the DOT is still there

    def test_falls_back_to_system_dot(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """Without pygraphviz, a `dot` on PATH is used."""
        monkeypatch.setattr(
            _backend, "_with_pygraphviz", lambda source, fmt: (None, "pygraphviz is broken")
        )
        fake = tmp_path / "dot"
        fake.write_text("#!/bin/sh\ncat > /dev/null\nprintf '<svg>fake</svg>'\n")
        fake.chmod(0o755)
        monkeypatch.setattr("shutil.which", lambda name: str(fake))
        assert chart(small_org()).pipe("svg") == b"<svg>fake</svg>"

    def test_graphviz_error_is_render_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A Graphviz failure becomes RenderError with Graphviz's words."""
        monkeypatch.setattr("shutil.which", lambda name: None)
        with pytest.raises(RenderError, match="pygraphviz failed"):
            _backend.render("digraph { a -> }", "svg")

    def test_chart_is_a_chart(self) -> None:
        """chart() returns a Chart."""
        assert isinstance(chart(small_org()), Chart)
