"""Org charts: people's data renders literally and never becomes markup or code."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pygraphviz
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgshape import Org, Position
from orgshape._display import svg_is_safe, visible
from orgshape.render import chart

SVG = "{http://www.w3.org/2000/svg}"

TRICKY = [
    "node",
    "graph",
    "strict",
    "digraph",
    "edge",
    '"',
    '"; n0 -> n1 [label="x',
    "\\N",
    "\\G",
    "\\l",
    "\\",
    "\\\\",
    'a\\"b',
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "<<b>>",
    "</font>",
    "{}",
    "|",
    ":",
    "a:b:c",
    "line\nbreak",
    "tab\there",
    "right\u202eto-left",
    "zero\u200bwidth",
    "bom\ufeff",
    "non\uffffchar\ufdd0\U0010ffff",
    "surrogate\ud800",
    "c1\x85\x9b[31m",
    "private\ue000use",
    "&amp;",
    "&lt;",
    "&#60;",
    "]]>",
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "%s {0} $x",
    "",
]


def org_named(names: list[str]) -> Org:
    people = [Position(id="top", name="Top", title="CPO")]
    people += [
        Position(id=f"p{k}", name=name, title=name or None, manager="top")
        for k, name in enumerate(names)
    ]
    return Org(people)


def persons_in_dot(source: str) -> list[str]:
    """The names of the person nodes, as Graphviz parses the DOT."""
    graph = pygraphviz.AGraph(string=source)
    return [str(n) for n in graph.nodes() if "person" in (n.attr.get("class") or "").split()]


def check_svg(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        assert tag not in {"script", "foreignobject", "iframe", "embed", "object"}, tag
        for key, value in element.attrib.items():
            local = key.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on"), key
            assert local != "href" or value.startswith("#"), (key, value)
            if local != "title":
                assert "javascript:" not in value.lower(), (key, value)
    return root


def box_texts(root: ET.Element) -> dict[str, list[str]]:
    out = {}
    for g in root.iter(f"{SVG}g"):
        if "person" in (g.get("class") or "").split():
            out[g.get("id", "")] = [
                (t.text or "").replace("\xa0", " ") for t in g.iter(f"{SVG}text")
            ]
    return out


class TestLiteralNames:
    def test_dot_parses_with_one_node_per_person(self) -> None:
        """Names that look like DOT syntax never add, remove or rename nodes."""
        source = chart(org_named(TRICKY), stack_leaves=False).source
        nodes = persons_in_dot(source)
        assert sorted(nodes) == sorted(f"n{k}" for k in range(len(TRICKY) + 1))

    def test_svg_shows_names_as_text(self) -> None:
        """Each tricky name is shown exactly, as text (control characters made visible)."""
        data = chart(org_named(TRICKY), stack_leaves=False).pipe("svg")
        texts = box_texts(check_svg(data))
        for k, name in enumerate(TRICKY, start=1):
            if name:
                shown = texts[f"n{k}"]
                assert shown[0].strip() == visible(name).strip(), (name, shown)

    def test_no_person_data_in_ids(self) -> None:
        """Node names and SVG ids are synthetic."""
        source = chart(org_named(["<script>"])).source
        graph = pygraphviz.AGraph(string=source)
        assert {n.name for n in graph.nodes()} <= {"n0", "n1", "legend"}

    def test_tooltips_are_literal(self) -> None:
        """Finding messages become tooltips, as text."""

        class Finding:
            ids = ("p0",)
            severity = "error"
            code = "X"
            message = '<script>alert("x")</script> \\N & "q"'

        data = chart(org_named(["A"]), highlight=[Finding()]).pipe("svg")
        root = check_svg(data)
        titles = [v for e in root.iter() for k, v in e.attrib.items() if k.endswith("}title")]
        assert any('<script>alert("x")</script> ∖N & "q"' in t for t in titles)

    def test_mermaid_labels_entity_escaped(self) -> None:
        """In Mermaid, every tricky name is entity codes and letters: no syntax gets out."""
        text = chart(org_named(TRICKY)).mermaid
        for line in text.splitlines():
            if line.startswith("    p") or "click" in line or "href" in line:
                pytest.fail(line)
        labels = [line for line in text.splitlines() if line.startswith("    n") and '["' in line]
        assert len(labels) == len(TRICKY) + 1
        for line in labels:
            inner = line.split('["', 1)[1][:-2]
            assert '"' not in inner
            assert "\n" not in inner


names = st.lists(st.text(st.characters(exclude_categories=()), max_size=30), min_size=1, max_size=6)


class TestArbitraryNames:
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(names=names)
    def test_any_unicode_name_is_safe(self, names: list[str]) -> None:
        """Any unicode names: DOT parses with one node per person; SVG has nothing active."""
        org = org_named(names)
        c = chart(org, max_label=None)
        nodes = persons_in_dot(c.source)
        assert len(nodes) == len(org)
        data = c.pipe("svg")
        assert svg_is_safe(data)
        check_svg(data)

    @settings(max_examples=50, deadline=None)
    @given(names=names)
    def test_text_and_mermaid_have_no_controls(self, names: list[str]) -> None:
        """The text tree and Mermaid never carry control or bidi characters."""
        c = chart(org_named(names), max_label=None)
        for output in (c.text, c.mermaid):
            body = output.replace("\n", "")
            assert visible(body) == body
