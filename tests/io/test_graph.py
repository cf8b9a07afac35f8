"""Tests for orgshape.io._graph: networkx graphs."""

from __future__ import annotations

import networkx as nx
import pytest

from orgshape import DataError, ProblemCode, detect_mapping, read
from tests.io.helpers import EXPECTED, only, shape


class TestGraph:
    def test_networkx(self) -> None:
        """A DiGraph with edges manager → report."""
        graph = nx.DiGraph([(1, 2), (2, 3)])
        assert shape(read(graph)) == EXPECTED
        mapping = detect_mapping(graph)
        assert mapping.notes == ("networkx graph",)

    def test_attributes(self) -> None:
        """Attributes named like fields fill them; others (even HR synonyms) are extra."""
        graph = nx.DiGraph()
        graph.add_node("1", name="Ana", title="Chief Product Officer", position="x", cost=5)
        graph.add_node("2", name="Bo", title="Product Manager", extra={"team": "core"})
        graph.add_edge("1", "2")
        org = read(graph)
        assert (org["1"].title, org["1"].cost) == ("Chief Product Officer", 5.0)
        assert dict(org["1"].extra) == {"position": "x"}
        assert dict(org["2"].extra) == {"team": "core"}
        assert org["2"].level == "PM"

    def test_attribute_named_like_a_column(self) -> None:
        """Attributes called node or edge stay extra columns of that name."""
        graph = nx.DiGraph()
        graph.add_node("1", node="n", edge="e")
        graph.add_edge("1", "2")
        assert dict(read(graph)["1"].extra) == {"node": "n", "edge": "e"}

    def test_two_managers(self) -> None:
        """A node with two in-edges is MULTIPLE_MANAGERS; leniently the first is kept."""
        graph = nx.DiGraph([("a", "c"), ("b", "c")])
        with pytest.raises(DataError) as caught:
            read(graph)
        assert [p.code for p in caught.value.problems] == [
            ProblemCode.MULTIPLE_MANAGERS,
            ProblemCode.MULTIPLE_ROOTS,
        ]
        org = read(graph, strict=False)
        problem = only(org, ProblemCode.MULTIPLE_MANAGERS)
        assert (problem.id, problem.related, problem.row) == ("c", ("a", "b"), None)
        assert org["c"].manager == "a"
