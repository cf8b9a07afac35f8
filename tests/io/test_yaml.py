"""Tests for orgshape.io._yaml: YAML read safely, every scalar a string."""

from __future__ import annotations

import io

import pytest

from orgshape import (
    InputError,
    ProblemCode,
    read,
)
from tests.io.helpers import EXPECTED, problem_of, shape


class TestYaml:
    def test_yaml_flat(self) -> None:
        """YAML records; every plain scalar stays a string."""
        text = "- id: 1\n  name: Ana\n  manager_id:\n- id: 2\n  name: Bo\n  manager_id: 1\n"
        assert shape(read(io.StringIO(text), format="yaml")) == [("1", None), ("2", "1")]

    def test_yaml_nested(self) -> None:
        """YAML nested under reports:, several top-level trees allowed (leniently)."""
        text = "id: 1\nreports:\n  - id: 2\n    reports:\n      - id: 3\n"
        assert shape(read(io.StringIO(text), format="yaml")) == EXPECTED


class TestYamlSafety:
    @pytest.mark.parametrize(
        ("text", "what"),
        [
            ('a: &a ["lol", "lol"]\nb: &b [*a, *a]\nc: [*b, *b]\n', "an anchor (&a)"),
            ("- id: 1\n  manager: *boss\n", "an alias (*boss)"),
            ("- &p {id: 1}\n", "an anchor (&p)"),
            ("- !!python/object:os.system {id: 1}\n", "a tag (tag:yaml.org,2002:python/object"),
            ("- id: !!int 1\n", "a tag (tag:yaml.org,2002:int)"),
            ("- !custom {id: 1}\n", "a tag (!custom)"),
        ],
    )
    def test_forbidden(self, text: str, what: str) -> None:
        """Anchors, aliases and tags are refused, even leniently."""
        problem = problem_of(lambda: read(io.StringIO(text), format="yaml", strict=False))
        assert problem.code == ProblemCode.YAML_FORBIDDEN
        assert what in problem.message

    def test_invalid_yaml(self) -> None:
        """Malformed YAML and control characters are InputErrors."""
        with pytest.raises(InputError, match="not valid YAML"):
            read(io.StringIO("- id: [1\n"), format="yaml")
        with pytest.raises(InputError, match="not valid YAML"):
            read(io.StringIO("- id: 1\x07\n"), format="yaml")


class TestDepth:
    def test_deep_yaml(self) -> None:
        """YAML nested past MAX_DEPTH lists and mappings is NESTING_TOO_DEEP."""
        deep = "".join("  " * k + f"- id: {k}\n" + "  " * k + "  reports:\n" for k in range(600))
        problem = problem_of(lambda: read(io.StringIO(deep), format="yaml"))
        assert problem.code == ProblemCode.NESTING_TOO_DEEP
        assert "1000" in problem.message

    def test_a_deep_tree_under_the_cap_reads(self) -> None:
        """A reports tree 400 people deep (800 levels) reads, without recursion."""
        deep = "".join("  " * k + f"- id: {k}\n" + "  " * k + "  reports:\n" for k in range(400))
        org = read(io.StringIO(deep), format="yaml")
        assert len(org) == 400
        assert org["399"].manager == "398"
