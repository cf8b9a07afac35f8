"""The JSON schemas in ``orgshape/schemas/``: every JSON output validates against its own.

The schemas forbid keys they do not list, so a key added to an output without its
schema (and ``docs/json.md``) fails here; every key of every output is snake_case.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

import orgshape
from orgshape import Org, Position, diff
from orgshape._version import SCHEMA_VERSION
from orgshape.cli import main
from orgshape.rules import Report
from orgshape.scenario import delayer, fill, insert_layer, move, open_vacancy, promote
from orgshape.strategies import orgs

SCHEMAS = Path(str(resources.files("orgshape") / "schemas"))
NAMES = sorted(p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json"))
SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    return data


def _registry() -> Registry[Any]:
    resources_ = [(_load(n)["$id"], Resource.from_contents(_load(n))) for n in NAMES]
    return Registry().with_resources(resources_)


REGISTRY = _registry()


def assert_valid(name: str, data: Any) -> None:
    """``data`` fits the schema ``name``; the failure lists every error with its path."""
    validator = Draft202012Validator(_load(name), registry=REGISTRY)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    listed = "\n".join(f"  {list(e.absolute_path)}: {e.message}" for e in errors[:20])
    assert not errors, (
        f"{len(errors)} errors against {name}.schema.json (update the schema in "
        f"src/orgshape/schemas/ and docs/json.md with the output):\n{listed}"
    )


def keys(data: Any) -> Iterator[str]:
    """Every key of every mapping in ``data``."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield from item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def assert_snake_case(data: Any) -> None:
    bad = sorted({k for k in keys(data) if not SNAKE.fullmatch(k)})
    assert not bad, f"keys that are not snake_case: {bad}"


@pytest.fixture(scope="module")
def example() -> Org:
    return orgshape.example()


@pytest.fixture(scope="module")
def reorg(example: Org) -> Org:
    org = insert_layer(
        example,
        "P013",
        new_id="P067",
        title="Director of Product",
        name="Dana Lee",
        reports=["P032", "P033", "P034", "P035", "P036", "P037", "P038"],
    )
    org = move(org, "P067", to="007")
    org = delayer(org, "P006")
    org = fill(org, "P050", name="Ines Duarte")
    org = open_vacancy(org, "P058")
    return promote(org, "P057", title="Senior Product Manager")


class TestTheSchemas:
    def test_the_expected_schemas_exist(self) -> None:
        """One schema per JSON output, and the shared parts."""
        assert set(NAMES) == {
            "common",
            "metrics",
            "report",
            "diff",
            "rollups",
            "impact",
            "comparison",
            "plan",
            "timeline",
        }

    @pytest.mark.parametrize("name", NAMES)
    def test_each_is_a_valid_draft_2020_12_schema(self, name: str) -> None:
        """Each file is a JSON Schema (2020-12) with its own urn:orgshape id."""
        schema = _load(name)
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"urn:orgshape:schema:{name}"
        assert schema.get("title")

    def test_one_schema_version(self) -> None:
        """The schemas hold the one version every output says it has."""
        assert _load("common")["$defs"]["schema_version"]["const"] == SCHEMA_VERSION
        assert (
            orgshape.metrics(Org([Position(id="1", title="CPO")])).to_dict()["schema_version"]
            == (Report().to_dict()["schema_version"])
        )

    def test_an_unknown_key_fails(self, example: Org) -> None:
        """A key the schema does not list is an error (outputs cannot drift silently)."""
        data = diff(example, example).to_dict()
        data["extra"] = 1
        with pytest.raises(AssertionError, match="extra"):
            assert_valid("diff", data)
        data = diff(example, example).to_dict()
        data["summary"][0]["metric"] = "total cost"
        with pytest.raises(AssertionError, match="total cost"):
            assert_valid("diff", data)


class TestOutputsValidate:
    def test_metrics(self, example: Org) -> None:
        """Metrics JSON of the whole org, a subtree and another band profile."""
        for m in (
            orgshape.metrics(example),
            orgshape.metrics(example, root="P005"),
            orgshape.metrics(example, bands="mckinsey"),
            orgshape.metrics(Org([Position(id="1", title="CPO")])),
        ):
            data = json.loads(m.to_json())
            assert_valid("metrics", data)
            assert_snake_case(data)

    def test_reports(self, example: Org) -> None:
        """Report JSON, empty or full."""
        for report in (orgshape.validate(example), Report()):
            data = json.loads(report.to_json())
            assert_valid("report", data)
            assert_snake_case(data)

    def test_diff_rollups_and_impact(self, example: Org, reorg: Org) -> None:
        """Diff JSON of a reorg, of no change, by email; roll-up and impact JSON."""
        d = diff(example, reorg)
        for data in (
            json.loads(d.to_json()),
            diff(example, example).to_dict(),
            diff(reorg, example).to_dict(),
        ):
            assert_valid("diff", data)
            assert_snake_case(data)
        for by in (None, "function", "level"):
            data = json.loads(d.rollups(by=by).to_json())
            assert_valid("rollups", data)
            assert_snake_case(data)
        assert_valid("impact", json.loads(d.impact().to_json()))
        assert_valid("impact", json.loads(d.impact(levels="DIRECTOR").to_json()))

    def test_the_command_line(
        self, example: Org, reorg: Org, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """check, stats and diff --format json print what the schemas describe."""
        current, proposed = tmp_path / "current.csv", tmp_path / "proposed.csv"
        orgshape.write(example, current)
        orgshape.write(reorg, proposed)
        runs = [
            ("report", ["check", str(current), "--format", "json", "--exit-zero"]),
            ("report", ["check", str(current), str(proposed), "--format", "json", "--exit-zero"]),
            ("metrics", ["stats", str(current), "--format", "json"]),
            ("diff", ["diff", str(current), str(proposed), "--format", "json"]),
        ]
        for name, argv in runs:
            assert main([*argv, "--isolated"]) == 0, argv
            data = json.loads(capsys.readouterr().out)
            assert_valid(name, data)
            assert_snake_case(data)

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(orgs(max_size=12), orgs(max_size=12))
    def test_any_two_orgs(self, a: Org, b: Org) -> None:
        """The diff and metrics of any two valid orgs fit their schemas."""
        d = diff(a, b)
        assert_valid("diff", json.loads(d.to_json()))
        assert_valid("rollups", json.loads(d.rollups(by="function").to_json()))
        assert_valid("metrics", json.loads(orgshape.metrics(b).to_json()))
