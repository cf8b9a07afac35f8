"""The JSON schemas in ``orgshape/schemas/``: every JSON output validates against its own.

The schemas forbid keys they do not list, so a key added to an output without its
schema (and ``docs/json.md``) fails here; every key of every output is snake_case.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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


# --------------------------------------------------------------------------- plan amounts

#: Amounts load_plan accepts: the schema must accept them too.
ACCEPTED_AMOUNTS = (
    "250000",
    "1,250,000",
    "1.250.000",
    "1 250 000",
    "1\u00a0250\u00a0000",
    "1\u202f250\u202f000",
    "1'250'000",
    "1_250_000",
    "1 250 000,50",
    "1,250,000.50",
    "€1,250,000",
    "1.250.000 €",
    "EUR 1.250.000",
    "1 250 000 EUR",
    "$1,250",
    "$1.250",
    "£1,250",
    "1.250$",
    "250k",
    "€250K",
    "1.5",
    "1,5",
    ".5",
    "5.",
    "2.5e5",
    "1E3",
    "+5",
    "-0",
    "\u22120,00",
    "0.000",
    "1.2345",
    "12,34",
    "1,250.5",
    "1 250.000",
    " 7 ",
    "0",
)

#: Amounts load_plan refuses: the schema must refuse them too.
REFUSED_AMOUNTS = (
    "1.250",
    "1,250",
    "€1.250",
    "1.250 EUR",
    "$1.250 USD",
    "1.250k",
    "12.500",
    "-5",
    "\u22125",
    "-$5",
    "$-1,250",
    "-1e3",
    "40%",
    "1,25,000",
    "1 25",
    "1,250.000,5",
    "1.250,000.5",
    "1,,250",
    "0x10",
    "1:20",
    ".inf",
    "nan",
    "",
    " ",
    ".",
    "k",
    "€",
    "five",
    "+-5",
    "1e",
    "5 eur",
)

#: Amounts load_plan refuses and the schema cannot: their size (see $defs/amount).
SIZE_ONLY = (
    "9007199254740992",
    "10 000 000 000 000 000 000",
    "9,007,199,254,740.992k",
    "1e400",
    "1e-400",
)


def _plan_with_cost(tmp_path: Path, cost: str) -> Path:
    """A YAML plan whose one operation costs ``cost`` (a double-quoted scalar, as written)."""
    path = tmp_path / "plan.yaml"
    path.write_text(
        "waves:\n  - effective: 2027-01-01\n    operations:\n"
        f"      - {{op: add_seat, manager: P1, new_id: P9, title: PM, cost: {json.dumps(cost)}}}\n",
        encoding="utf-8",
    )
    return path


def _loads(path: Path) -> bool:
    """Whether ``orgshape.scenario.load_plan`` reads the plan file (False: a PlanError)."""
    from orgshape.exceptions import PlanError  # noqa: PLC0415
    from orgshape.scenario import load_plan  # noqa: PLC0415

    try:
        load_plan(path)
    except PlanError:
        return False
    return True


def _reader_accepts(tmp_path: Path, cost: str) -> bool:
    return _loads(_plan_with_cost(tmp_path, cost))


def _schema_accepts(cost: object) -> bool:
    plan = {
        "waves": [
            {
                "effective": "2027-01-01",
                "operations": [
                    {"op": "add_seat", "manager": "P1", "new_id": "P9", "title": "PM", "cost": cost}
                ],
            }
        ]
    }
    return bool(Draft202012Validator(_load("plan"), registry=REGISTRY).is_valid(plan))


class TestPlanAmounts:
    """plan.schema.json's amounts are the ones load_plan reads, as closely as a schema can."""

    @pytest.mark.parametrize("cost", ACCEPTED_AMOUNTS)
    def test_accepted_by_both(self, tmp_path: Path, cost: str) -> None:
        """An amount the plan reader takes fits the schema."""
        assert _reader_accepts(tmp_path, cost)
        assert _schema_accepts(cost)

    @pytest.mark.parametrize("cost", REFUSED_AMOUNTS)
    def test_refused_by_both(self, tmp_path: Path, cost: str) -> None:
        """An amount the plan reader refuses (ambiguous, negative, a percentage...) does not."""
        assert not _reader_accepts(tmp_path, cost)
        assert not _schema_accepts(cost)

    @pytest.mark.parametrize("cost", SIZE_ONLY)
    def test_the_size_is_beyond_the_schema(self, tmp_path: Path, cost: str) -> None:
        """The one documented gap: text too large or too small is refused by the reader only."""
        assert not _reader_accepts(tmp_path, cost)
        assert _schema_accepts(cost)
        assert "size" in _load("plan")["$defs"]["amount"]["description"]

    @pytest.mark.parametrize(
        ("cost", "accepted"),
        [
            ("0", True),
            ("1250000.5", True),
            ("9007199254740991", True),
            ("-1", False),
            ("9007199254740992", False),
            ("true", False),
        ],
    )
    def test_numbers(self, tmp_path: Path, cost: str, accepted: bool) -> None:
        """A TOML number amount is >= 0 and below 2**53, in the reader and the schema."""
        path = tmp_path / "plan.toml"
        path.write_text(
            '[[waves]]\neffective = 2027-01-01\n[[waves.operations]]\nop = "add_seat"\n'
            f'manager = "P1"\nnew_id = "P9"\ntitle = "PM"\ncost = {cost}\n',
            encoding="utf-8",
        )
        read = _loads(path)
        assert read is accepted
        assert _schema_accepts(tomllib.loads(f"c = {cost}")["c"]) is accepted

    @settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        cost=st.lists(
            st.sampled_from([*"0123456789.,'_ -+$€£k", "\u00a0", "\u2212", "000", "EUR"]),
            max_size=8,
        ).map("".join)
    )
    def test_reader_and_schema_agree(self, tmp_path: Path, cost: str) -> None:
        """On any text of digits, separators, signs and money, both say the same."""
        if len(re.sub(r"\D", "", cost)) + 3 * cost.count("k") > 15:
            return  # possibly 2**53 or more: the size is the reader's alone
        assert _reader_accepts(tmp_path, cost) == _schema_accepts(cost), cost


class TestPlanFlags:
    """plan.schema.json's flags are the texts load_plan reads as true or false."""

    @pytest.mark.parametrize(
        ("flag", "accepted"),
        [
            ("true", True),
            ("False", True),
            ("yEs", True),
            (" off ", True),
            ("ON", True),
            ("1", True),
            ("0", True),
            ("truth", False),
            ("2", False),
            ("", False),
            ("y", False),
        ],
    )
    def test_reader_and_schema_agree(self, tmp_path: Path, flag: str, accepted: bool) -> None:
        """A flag as text is accepted or refused by both alike."""
        path = tmp_path / "plan.yaml"
        path.write_text(
            "waves:\n  - effective: 2027-01-01\n    operations:\n"
            f"      - {{op: move, id: P2, to: P1, with_team: {json.dumps(flag)}}}\n",
            encoding="utf-8",
        )
        read = _loads(path)
        plan = {
            "waves": [
                {
                    "effective": "2027-01-01",
                    "operations": [{"op": "move", "id": "P2", "to": "P1", "with_team": flag}],
                }
            ]
        }
        validator = Draft202012Validator(_load("plan"), registry=REGISTRY)
        assert read is accepted
        assert validator.is_valid(plan) is accepted
