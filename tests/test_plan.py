"""Tests for dated plans (orgshape.scenario.Plan): waves, plan files, the timeline, the CLI."""

from __future__ import annotations

import datetime
import json
import re
import textwrap
from pathlib import Path
from typing import Any, Final

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orgshape
from orgshape import Org, Policy, Severity
from orgshape.cli import main
from orgshape.exceptions import DataError, InputError, PlanError
from orgshape.scenario import (
    OPERATIONS,
    Operation,
    Plan,
    Timeline,
    Wave,
    delayer,
    insert_layer,
    load_plan,
    move,
)
from orgshape.strategies import orgs
from tests.test_schemas import _load, assert_valid

PLAN_YAML = """\
name: Platform split
base: current.csv
waves:
  - name: Split Hannah's team
    effective: 2027-01-15
    operations:
      - op: insert_layer
        manager: P013
        new_id: P067
        title: Director of Product
        name: Dana Lee
        function: product
        reports: [P032, P033, P034, P035, P036, P037, P038]
      - op: move
        id: P067
        to: "007"
  - name: Delayer Growth and backfill
    effective: 2027-04-01
    operations:
      - op: delayer
        id: P006
      - op: promote
        id: P057
        title: Senior Product Manager
      - op: add_seat
        manager: P024
        new_id: P068
        title: Product Manager
        cost: "150000"
        req: REQ-2027-014
"""

PLAN_TOML = """\
name = "Platform split"
base = "current.csv"

[[waves]]
name = "Split Hannah's team"
effective = 2027-01-15
operations = [
  { op = "insert_layer", manager = "P013", new_id = "P067", title = "Director of Product", \
name = "Dana Lee", function = "product", reports = ["P032", "P033", "P034", "P035", "P036", \
"P037", "P038"] },
  { op = "move", id = "P067", to = "007" },
]

[[waves]]
name = "Delayer Growth and backfill"
effective = 2027-04-01

[[waves.operations]]
op = "delayer"
id = "P006"

[[waves.operations]]
op = "promote"
id = "P057"
title = "Senior Product Manager"

[[waves.operations]]
op = "add_seat"
manager = "P024"
new_id = "P068"
title = "Product Manager"
cost = 150000
req = "REQ-2027-014"
"""


@pytest.fixture(scope="module")
def example() -> Org:
    return orgshape.example()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def plan_error(tmp_path: Path, text: str, example: Org | None = None) -> PlanError:
    """The PlanError that loading (and, given an org, applying) a YAML plan raises."""
    path = write(tmp_path, "plan.yaml", text)

    def run() -> None:
        plan = load_plan(path)
        if example is not None:
            plan.apply(example)

    with pytest.raises(PlanError) as info:
        run()
    return info.value


class TestOperations:
    def test_arguments_are_converted(self) -> None:
        """Flags, amounts and id lists arrive as text from YAML and leave typed."""
        op = Operation(
            op="insert_layer",
            args={
                "manager": "P013",
                "new_id": "X",
                "title": "Director",
                "cost": "1_000.5",
                "reports": "P032",
            },
        )
        assert op.args["cost"] == 1000.5
        assert op.args["reports"] == ("P032",)
        assert Operation(op="merge", args={"team": "a", "into": "b", "remove_manager": "Yes"}).args[
            "remove_manager"
        ]
        assert str(Operation(op="delayer", args={"id": "P006"})) == "delayer(id='P006')"

    @pytest.mark.parametrize(
        ("op", "args", "message"),
        [
            ("mvoe", {}, "unknown operation 'mvoe' (valid: move, merge, "),
            ("move", {"id": "P1"}, "move needs to"),
            ("move", {"id": "P1", "to": "P2", "team": True}, "unknown argument 'team' for move"),
            (
                "move",
                {"id": "P1", "to": "P2", "with_team": "maybe"},
                "with_team must be true or false",
            ),
            ("move", {"id": 7, "to": "P2"}, "ids are strings: write '7'"),
            (
                "add_seat",
                {"manager": "P1", "new_id": "X", "title": "PM", "cost": "-5"},
                "cost must be an amount >= 0",
            ),
            ("add_seat", {"manager": "P1", "new_id": "X", "title": ""}, "title must be text"),
            (
                "insert_layer",
                {"manager": "P1", "new_id": "X", "title": "D", "reports": [1]},
                "reports must be a list of ids",
            ),
        ],
    )
    def test_bad_operations_are_refused(self, op: str, args: dict[str, Any], message: str) -> None:
        """An unknown operation or argument, a missing one or a bad value is a PlanError."""
        with pytest.raises(PlanError, match=message.replace("(", r"\(").replace(")", r"\)")):
            Operation(op=op, args=args)

    def test_the_operations_listed(self) -> None:
        """OPERATIONS names each operation and its arguments, required ones first."""
        assert list(OPERATIONS) == [
            "move",
            "merge",
            "insert_layer",
            "add_seat",
            "delayer",
            "remove",
            "fill",
            "open_vacancy",
            "promote",
        ]
        assert OPERATIONS["move"] == ("id", "to", "with_team")
        assert OPERATIONS["remove"] == ("id", "reports_to")


class TestPlanInCode:
    def test_waves_in_date_order(self) -> None:
        """A wave dated before the one above it is refused; the same date is allowed."""
        ops = [{"op": "delayer", "id": "P006"}]
        Plan(
            waves=[
                Wave(effective="2027-01-01", operations=ops),
                Wave(effective="2027-01-01", operations=ops),
            ]
        )
        with pytest.raises(PlanError, match=r"wave 2 \(late\) is dated 2026-12-01, before wave 1"):
            Plan(
                waves=[
                    Wave(effective="2027-01-01", operations=ops),
                    Wave(effective="2026-12-01", operations=ops, name="late"),
                ]
            )
        with pytest.raises(PlanError, match="at least one wave"):
            Plan(waves=[])
        with pytest.raises(PlanError, match="YYYY-MM-DD"):
            Wave(effective="31/03/2027", operations=ops)

    def test_the_org_on_a_date(self, example: Org) -> None:
        """org_at: the base before the first wave, each wave from its date on."""
        plan = load_plan_text(PLAN_YAML)
        states = plan.apply(example)
        assert len(states) == 3
        assert plan.org_at(example, "2027-01-14") == example
        assert plan.org_at(example, datetime.date(2027, 1, 15)) == states[1]
        assert plan.org_at(example, "2027-03-31") == states[1]
        assert plan.org_at(example, "2027-04-01") == states[2]
        assert plan.org_at(example) == states[2]
        assert states[2]["P068"].cost == 150_000.0
        assert "P006" not in states[2]
        assert example["P057"].level == "PM"  # the base is untouched

    def test_new_seats_are_priced_by_the_policy(self, example: Org) -> None:
        """A plan passes its policy to the operations that make seats."""
        plan = Plan(
            waves=[
                Wave(
                    effective="2027-01-01",
                    operations=[
                        {
                            "op": "add_seat",
                            "manager": "P013",
                            "new_id": "N1",
                            "title": "Product Manager",
                        },
                    ],
                )
            ]
        )
        priced = plan.org_at(example, policy=Policy(level_costs={"PM": 99_000}))
        assert priced["N1"].cost == 99_000.0

    def test_round_trip(self) -> None:
        """Plan.from_dict(plan.to_dict()) == plan."""
        plan = load_plan_text(PLAN_YAML)
        assert Plan.from_dict(plan.to_dict()) == plan
        assert plan.to_dict()["waves"][0]["effective"] == "2027-01-15"

    def test_errors_while_applying_name_the_wave_and_operation(self, example: Org) -> None:
        """An unknown person or a loop names the wave and the operation."""
        plan = Plan(
            waves=[
                Wave(
                    effective="2027-01-01", name="one", operations=[{"op": "delayer", "id": "P006"}]
                ),
                Wave(
                    effective="2027-02-01",
                    name="two",
                    operations=[
                        {"op": "move", "id": "P012", "to": "P006"},
                    ],
                ),
            ]
        )
        with pytest.raises(
            PlanError,
            match=r"wave 2 \(two\), operation 1 \(move\): no position "
            r"with id 'P006'",
        ) as info:
            plan.apply(example)
        assert isinstance(info.value.__cause__, orgshape.UnknownPositionError)
        with pytest.raises(TypeError):
            plan.apply("org.csv")  # type: ignore[arg-type]


def load_plan_text(text: str, suffix: str = ".yaml") -> Plan:
    import tempfile  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        return load_plan(write(Path(folder), f"plan{suffix}", text))


class TestPlanFiles:
    def test_yaml_and_toml_give_the_same_plan(self) -> None:
        """The documented example reads the same from YAML and from TOML, with lines."""
        from_yaml, from_toml = load_plan_text(PLAN_YAML), load_plan_text(PLAN_TOML, ".toml")
        assert from_yaml == from_toml
        assert [w.line for w in from_yaml.waves] == [4, 17]
        assert [o.line for o in from_yaml.waves[1].operations] == [20, 22, 25]
        assert [w.line for w in from_toml.waves] == [4, 12]
        assert [o.line for o in from_toml.waves[0].operations] == [8, 9]
        assert [o.line for o in from_toml.waves[1].operations] == [16, 20, 25]

    def test_an_unknown_person_names_the_line(self, example: Org, tmp_path: Path) -> None:
        """A person not in the org at that point of the plan: file, line, wave, operation."""
        text = PLAN_YAML.replace(
            "      - op: delayer\n        id: P006", "      - op: delayer\n        id: P999"
        )
        err = plan_error(tmp_path, text, example)
        assert str(err).startswith(
            f"{tmp_path / 'plan.yaml'}:20: wave 2 (Delayer Growth and "
            "backfill), operation 1 (delayer): no position with id 'P999'"
        )
        assert err.line == 20

    def test_a_person_removed_by_an_earlier_wave_is_unknown(
        self, example: Org, tmp_path: Path
    ) -> None:
        """Operations see the org as the waves before left it."""
        text = (
            PLAN_YAML
            + "  - effective: 2027-05-01\n    operations:\n"
            + "      - op: fill\n        id: P006\n        name: Someone\n"
        )
        err = plan_error(tmp_path, text, example)
        assert ":33: wave 3, operation 1 (fill): no position with id 'P006'" in str(err)

    def test_a_wave_dated_before_the_previous_one(self, tmp_path: Path) -> None:
        """Out-of-order waves: the later wave's line and both dates."""
        err = plan_error(tmp_path, PLAN_YAML.replace("2027-04-01", "2026-12-31"))
        assert str(err) == (
            f"{tmp_path / 'plan.yaml'}:17: wave 2 (Delayer Growth and backfill) is dated "
            "2026-12-31, before wave 1 (Split Hannah's team) on 2027-01-15; waves are in date order"
        )

    def test_an_operation_that_makes_a_loop(self, example: Org, tmp_path: Path) -> None:
        """Moving a team under one of its own members: the line and the loop."""
        text = PLAN_YAML.replace(
            '        id: P067\n        to: "007"', "        id: P013\n        to: P067"
        )
        err = plan_error(tmp_path, text, example)
        assert (
            ":14: wave 1 (Split Hannah's team), operation 2 (move): cannot move 'P013' under 'P067'"
            in str(err)
        )
        assert "own team" in str(err)

    @pytest.mark.parametrize(
        ("change", "expected"),
        [
            (
                ("    effective: 2027-01-15\n", "    efective: 2027-01-15\n"),
                ":4: wave 1: unknown key 'efective' (valid: name, effective, operations); "
                "did you mean 'effective'?",
            ),
            (
                ("    effective: 2027-04-01\n", "    effective: April\n"),
                ":18: wave 2: a date is written YYYY-MM-DD",
            ),
            (
                ("      - op: delayer\n", "      - op: delayr\n"),
                ":20: wave 2 (Delayer Growth and backfill), operation 1 (delayr): "
                "unknown operation 'delayr'",
            ),
            (
                ("        title: Senior Product Manager\n", ""),
                ":22: wave 2 (Delayer Growth and backfill), operation 2 (promote): "
                "promote needs title",
            ),
            (
                ('        cost: "150000"\n', "        cost: lots\n"),
                ":25: wave 2 (Delayer Growth and backfill), operation 3 (add_seat): "
                "cost must be an amount",
            ),
            (
                ("name: Platform split\n", "title: Platform split\n"),
                ":1: the plan: unknown key 'title' (valid: name, base, waves)",
            ),
        ],
    )
    def test_malformed_files_name_the_line(
        self, tmp_path: Path, change: tuple[str, str], expected: str
    ) -> None:
        """A typo, a bad date, an unknown operation, a missing or bad argument."""
        old, new = change
        assert old in PLAN_YAML
        err = plan_error(tmp_path, PLAN_YAML.replace(old, new, 1))
        assert expected in str(err), str(err)
        assert str(err).startswith(str(tmp_path / "plan.yaml"))

    def test_toml_errors_name_the_line(self, example: Org, tmp_path: Path) -> None:
        """In TOML too, errors name the wave's or the operation's line."""
        path = write(tmp_path, "plan.toml", PLAN_TOML.replace('id = "P006"', 'id = "P999"'))
        with pytest.raises(PlanError, match=r"plan\.toml:16: wave 2 .*operation 1 \(delayer\)"):
            load_plan(path).apply(example)
        path = write(tmp_path, "bad.toml", PLAN_TOML.replace('op = "move"', 'op = "mov"'))
        with pytest.raises(PlanError, match=r"bad\.toml:9: wave 1 .*operation 2 \(mov\)"):
            load_plan(path)

    def test_files_orgshape_refuses(self, tmp_path: Path) -> None:
        """YAML tags or aliases, another suffix, an empty plan, a missing file, bad TOML."""
        with pytest.raises(DataError, match="alias"):
            load_plan(write(tmp_path, "a.yaml", "waves: &w []\nmore: *w\n"))
        with pytest.raises(InputError, match=r"\.yaml, \.yml or \.toml"):
            load_plan(write(tmp_path, "plan.json", "{}"))
        with pytest.raises(PlanError, match="empty"):
            load_plan(write(tmp_path, "empty.yaml", "# nothing\n"))
        with pytest.raises(InputError, match="cannot read the plan"):
            load_plan(tmp_path / "missing.yaml")
        with pytest.raises(InputError, match="not valid TOML"):
            load_plan(write(tmp_path, "bad.toml", "waves = [\n"))
        with pytest.raises(PlanError, match="needs 'operations'"):
            load_plan(write(tmp_path, "p.yaml", "waves:\n  - effective: 2027-01-01\n"))

    def test_the_plan_file_schema(self, tmp_path: Path) -> None:
        """Plan files are what plan.schema.json describes, operation by operation."""
        data = orgshape.io.yaml_with_lines(PLAN_YAML)[0]
        assert_valid("plan", data)
        schema = _load("plan")
        by_op = {o["title"]: o for o in schema["$defs"]["operation"]["oneOf"]}
        assert list(by_op) == list(OPERATIONS)
        for op, args in OPERATIONS.items():
            assert set(by_op[op]["properties"]) == {"op", *args}, op


SEAT_YAML = """\
waves:
  - name: Hire
    effective: {effective}
    operations:
      - op: add_seat
        manager: P013
        new_id: N1
        title: Product Manager
        {arg}
"""


def seat_plan(effective: str = "2027-03-31", arg: str = "req: REQ-1") -> str:
    return SEAT_YAML.format(effective=effective, arg=arg)


class TestValuesMeanWhatTheySay:
    """A plan's dates, amounts and ids are read exactly as written, or refused."""

    @pytest.mark.parametrize(
        "text",
        [
            "2027-W10",  # an ISO week: Python 3.11 reads Monday 2027-03-08
            "2027-W10-3",  # a week day
            "2027W10",
            "20270331",  # the basic format
            "2027-3-31",
            "31.03.2027",
            "2027-03-31T18:00:00+05:00",
            "2027-03-31 00:00",
            "２０２７-03-31",  # full-width digits
        ],
    )
    def test_a_date_is_exactly_yyyy_mm_dd(self, tmp_path: Path, text: str) -> None:
        """Another spelling of a date, in a file or in code, is refused and shown."""
        err = plan_error(tmp_path, seat_plan(effective=f'"{text}"'))
        assert f":3: wave 1: a date is written YYYY-MM-DD (e.g. 2027-03-31), got {text!r}" in str(
            err
        ), str(err)
        with pytest.raises(PlanError, match="YYYY-MM-DD"):
            Wave(effective=text, operations=[])
        plan = Plan(waves=[Wave(effective="2027-03-08", operations=[])])
        with pytest.raises(ValueError, match=f"YYYY-MM-DD.*got {re.escape(repr(text))}"):
            plan.wave_count(text)
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            plan.org_at(orgshape.example(), text)

    def test_a_date_written_right_is_read(self, tmp_path: Path) -> None:
        """YYYY-MM-DD, a date object, and a datetime at midnight without a zone."""
        plan = load_plan(write(tmp_path, "p.yaml", seat_plan()))
        assert plan.waves[0].effective == datetime.date(2027, 3, 31)
        midnight = datetime.datetime(2027, 3, 31)  # a pandas Timestamp is one too
        assert Wave(effective=midnight, operations=[]).effective == datetime.date(2027, 3, 31)
        assert Plan(waves=[Wave(effective="2027-03-31", operations=[])]).wave_count(midnight) == 1

    @pytest.mark.parametrize(
        ("toml", "shown"),
        [
            ("2027-03-31T18:00:00+05:00", "2027-03-31 18:00:00+05:00"),
            ("2027-03-31 18:00:00", "2027-03-31 18:00:00"),
            ("2027-03-31T00:00:00Z", "2027-03-31 00:00:00+00:00"),
            ("2027-03-31T00:00:00.5", "2027-03-31 00:00:00.500000"),
        ],
    )
    def test_a_date_with_a_time_of_day_is_refused(
        self, tmp_path: Path, toml: str, shown: str
    ) -> None:
        """A TOML datetime is not cut to its date: a wave takes effect on a day."""
        text = f'[[waves]]\neffective = {toml}\noperations = [{{ op = "delayer", id = "P006" }}]\n'
        with pytest.raises(PlanError) as info:
            load_plan(write(tmp_path, "p.toml", text))
        assert f"p.toml:2: wave 1: a wave takes effect on a day, got {shown}" in str(info.value)
        assert "write 2027-03-31" in str(info.value)
        ok = text.replace(toml, "2027-03-31T00:00:00")  # midnight, no zone: the day itself
        assert load_plan(write(tmp_path, "ok.toml", ok)).waves[0].effective.day == 31

    @pytest.mark.parametrize(
        ("written", "amount"),
        [
            ("150000", 150_000.0),
            ("1 250 000", 1_250_000.0),
            ("1\u00a0250\u00a0000", 1_250_000.0),
            ("1\u202f250\u202f000", 1_250_000.0),
            ("1.250.000", 1_250_000.0),
            ("1,250,000", 1_250_000.0),
            ("1'250'000", 1_250_000.0),
            ("€1,250,000", 1_250_000.0),
            ("1.250.000 €", 1_250_000.0),
            ("1_250_000", 1_250_000.0),
            ("1 250 000,50", 1_250_000.5),
            ("1,250,000.50", 1_250_000.5),
            ("1,5", 1.5),
            ("1e6", 1_000_000.0),
            ("250k", 250_000.0),
            ("010", 10.0),  # decimal: YAML 1.1 would read the octal 8
            ("-0", 0.0),
        ],
    )
    def test_an_amount_is_read_as_written(
        self, tmp_path: Path, written: str, amount: float
    ) -> None:
        """Thousands separators of any locale, currency signs: the exact amount."""
        for arg in (f"cost: {written}", f'cost: "{written}"'):
            plan = load_plan(write(tmp_path, "p.yaml", seat_plan(arg=arg)))
            cost = plan.waves[0].operations[0].args["cost"]
            assert cost == amount, arg
            assert str(cost) != "-0.0"
        assert Operation(op="add_seat", args={**NEW_SEAT, "cost": written}).args["cost"] == amount

    @pytest.mark.parametrize(
        ("written", "why"),
        [
            ("1.250", "could be 1.25 or 1,250"),  # a thousands dot, or a decimal point
            ("1,250", "could be 1,250 or 1.25"),
            ("250.000", "could be 250 or 250,000"),
            ("1.250,000.5", ""),
            ("1:20", ""),  # YAML 1.1 sexagesimal: 80
            ("0x10", ""),
            ("0b11", ""),
            (".inf", ""),
            ("inf", ""),
            ("nan", ""),
            ("NaN", ""),
            ("40%", ""),
            ("-5", ""),
            ("−5", ""),
            ("yes", ""),
            ("true", ""),
            ("lots", ""),
            ("1e400", ""),
            ("1e-400", ""),  # no nought: a tiny amount
            ("99999999999999999", "too large"),  # not held exactly as a float
        ],
    )
    def test_an_amount_that_is_not_one_is_refused(
        self, tmp_path: Path, written: str, why: str
    ) -> None:
        """Ambiguous, not a number, not finite, negative, a percentage: line, wave, op, value."""
        err = plan_error(tmp_path, seat_plan(arg=f'cost: "{written}"'))
        assert (
            f":5: wave 1 (Hire), operation 1 (add_seat): cost must be an amount >= 0, "
            f"got {written!r}" in str(err)
        ), str(err)
        assert why in str(err)
        with pytest.raises(PlanError, match="cost must be an amount"):
            Operation(op="add_seat", args={**NEW_SEAT, "cost": written})

    @pytest.mark.parametrize(
        "value",
        ["true", "nan", "inf", "-1", "9007199254740993", "1e300", '""', "[150000]"],
    )
    def test_a_typed_toml_amount_that_is_not_one_is_refused(
        self, tmp_path: Path, value: str
    ) -> None:
        """A TOML bool, NaN, infinity, a negative or a number not held exactly."""
        text = (
            '[[waves]]\nname = "Hire"\neffective = 2027-03-31\n\n[[waves.operations]]\n'
            'op = "add_seat"\nmanager = "P013"\nnew_id = "N1"\ntitle = "Product Manager"\n'
            f"cost = {value}\n"
        )
        with pytest.raises(
            PlanError,
            match=r"p\.toml:5: wave 1 \(Hire\), operation 1 "
            r"\(add_seat\): cost must be an amount >= 0, got ",
        ):
            load_plan(write(tmp_path, "p.toml", text))
        fine = load_plan(write(tmp_path, "ok.toml", text.replace(value, "1_250_000")))
        assert fine.waves[0].operations[0].args["cost"] == 1_250_000.0

    @pytest.mark.parametrize(
        "value", [True, float("nan"), float("inf"), -1, 2**53 + 1, 1e300, "", " ", None]
    )
    def test_an_amount_in_code_that_is_not_one_is_refused(self, value: object) -> None:
        """Operation refuses the same amounts in code (None: leave cost out to price the seat)."""
        with pytest.raises(PlanError, match=r"cost"):
            Operation(op="add_seat", args={**NEW_SEAT, "cost": value})
        largest = Operation(op="add_seat", args={**NEW_SEAT, "cost": 2**53 - 1})
        assert largest.args["cost"] == 2**53 - 1

    @pytest.mark.parametrize(
        ("arg", "expected"),
        [
            ("cost:", "cost is empty; leave it out"),
            ("cost: null", "cost is empty; leave it out"),
            ("level: ~", "level is empty; leave it out"),
            ("req:", "req is empty; leave it out"),
            ("reprts: [P032]", "unknown argument 'reprts' for add_seat"),
            ("cost: 1\n        cost: 2", "has the key 'cost' twice"),
        ],
    )
    def test_an_empty_unknown_or_repeated_argument_is_refused(
        self, tmp_path: Path, arg: str, expected: str
    ) -> None:
        """Nothing is silently dropped, defaulted or overwritten."""
        with pytest.raises((PlanError, InputError)) as info:
            load_plan(write(tmp_path, "p.yaml", seat_plan(arg=arg)))
        assert expected in str(info.value), str(info.value)

    def test_an_empty_name_is_an_open_role(self, tmp_path: Path, example: Org) -> None:
        """`name:` left empty on a new seat is an open role, as an empty name cell is."""
        plan = load_plan(write(tmp_path, "p.yaml", seat_plan(arg="name:")))
        assert plan.org_at(example)["N1"].is_vacant

    def test_reports_empty_or_as_one_line_of_ids(self, tmp_path: Path) -> None:
        """`reports:` empty would move every report; `P032, P033` is no id: both refused."""
        layer = seat_plan(arg="reports: {}").replace("add_seat", "insert_layer")
        err = plan_error(tmp_path, layer.format("P032, P033"))
        assert "reports must be a list of ids, got 'P032, P033'; write [P032, P033]" in str(err)
        err = plan_error(tmp_path, layer.format(""))
        assert "reports is empty; leave it out" in str(err)
        one = load_plan(write(tmp_path, "one.yaml", layer.format("P032")))
        assert one.waves[0].operations[0].args["reports"] == ("P032",)

    def test_ids_stay_text(self, tmp_path: Path) -> None:
        """YAML ids are the text written (`007`, `1e3`); TOML numbers are refused."""
        text = seat_plan().replace("manager: P013", "manager: 007").replace("N1", "1e3")
        args = load_plan(write(tmp_path, "p.yaml", text)).waves[0].operations[0].args
        assert (args["manager"], args["new_id"]) == ("007", "1e3")
        for value, hint in (("7", "write '7'"), ("1e3", "quote it"), ("true", "")):
            toml = (
                f"[[waves]]\neffective = 2027-03-31\n\n[[waves.operations]]\n"
                f'op = "delayer"\nid = {value}\n'
            )
            with pytest.raises(
                PlanError, match=r"p\.toml:4: wave 1, operation 1 \(delayer\): id must"
            ):
                load_plan(write(tmp_path, "p.toml", toml))
            with pytest.raises(PlanError) as info:
                load_plan(write(tmp_path, "p.toml", toml))
            assert hint in str(info.value)

    def test_ids_with_spaces_around_are_refused(self, tmp_path: Path) -> None:
        """A quoted id with spaces around it is refused: a file read back would drop them."""
        text = seat_plan().replace("new_id: N1", 'new_id: "N1 "')
        err = plan_error(tmp_path, text)
        assert "new_id 'N1 ' has spaces around it; ids are matched exactly (write 'N1')" in str(err)
        layer = seat_plan(arg='reports: [P032, " P033"]').replace("add_seat", "insert_layer")
        assert "reports ' P033' has spaces around it" in str(plan_error(tmp_path, layer))

    @pytest.mark.parametrize(
        ("name", "where"),
        [('""', "plan.yaml:2: wave 1, name"), ("[a]", "plan.yaml:2: wave 1, name")],
    )
    def test_a_bad_wave_name_names_its_line(self, tmp_path: Path, name: str, where: str) -> None:
        """A wave's name that is not text is reported on its own line, with the value."""
        err = plan_error(tmp_path, seat_plan().replace("name: Hire", f"name: {name}"))
        assert f"{where} must be non-empty text, got " in str(err), str(err)
        toml = "[[waves]]\nname = 5\neffective = 2027-03-31\noperations = []\n"
        with pytest.raises(
            PlanError, match=r"p\.toml:1: wave 1, name must be non-empty text, got 5"
        ):
            load_plan(write(tmp_path, "p.toml", toml))

    def test_repeated_keys_are_refused(self, tmp_path: Path) -> None:
        """A key given twice in a wave or in TOML is an error, never the last one wins."""
        text = seat_plan().replace("    effective:", "    effective: 2027-01-01\n    effective:")
        with pytest.raises(InputError, match="has the key 'effective' twice"):
            load_plan(write(tmp_path, "p.yaml", text))
        toml = "[[waves]]\neffective = 2027-01-01\neffective = 2027-03-31\noperations = []\n"
        with pytest.raises(InputError, match="not valid TOML"):
            load_plan(write(tmp_path, "p.toml", toml))

    def test_flags_are_true_or_false(self, tmp_path: Path) -> None:
        """YAML's yes/no/on/off are flags as written; anything else is refused."""
        move_op = seat_plan().replace(
            "      - op: add_seat\n        manager: P013\n        new_id: N1\n"
            "        title: Product Manager\n        req: REQ-1\n",
            "      - op: move\n        id: P028\n        to: P014\n        with_team: {}\n",
        )
        for written, flag in (("no", False), ("off", False), ("Yes", True), ("true", True)):
            plan = load_plan(write(tmp_path, "p.yaml", move_op.format(written)))
            assert plan.waves[0].operations[0].args["with_team"] is flag
        for written in ("2", "maybe", "n", '""', ""):
            err = plan_error(tmp_path, move_op.format(written))
            assert "with_team" in str(err), str(err)


NEW_SEAT: Final = {"manager": "P013", "new_id": "N1", "title": "Product Manager"}


class TestTheDocs:
    def test_the_operation_table_lists_every_operation_and_argument(self) -> None:
        """docs/scenarios.md's plan-file table says what OPERATIONS says."""
        page = (Path(__file__).parent.parent / "docs" / "scenarios.md").read_text("utf-8")
        for op, args in OPERATIONS.items():
            row = next(line for line in page.splitlines() if line.startswith(f"| `{op}` |"))
            needs, may, _ = row.split("|")[2:]
            named = [a.strip("` ") for part in (needs, may) for a in part.split(",") if a.strip()]
            assert {n.split(" ")[0].strip("`") for n in named} == set(args), op


class TestTimeline:
    def test_rows_measure_and_judge_every_state(self, example: Org) -> None:
        """Row 0 is the current org; each wave's row is its org's metrics and findings."""
        plan = load_plan_text(PLAN_YAML)
        t = plan.timeline(example)
        assert isinstance(t, Timeline)
        assert [r.wave for r in t] == [0, 1, 2]
        assert [r.name for r in t] == [
            "current org",
            "Split Hannah's team",
            "Delayer Growth and backfill",
        ]
        for row, org in zip(t, t.orgs, strict=True):
            summary = orgshape.metrics(org).summary
            counts = orgshape.validate(org).counts()
            assert (row.positions, row.vacancies, row.layers, row.total_cost) == (
                summary.positions,
                summary.vacancies,
                summary.layers,
                summary.total_cost,
            )
            assert (row.errors, row.warnings, row.infos) == (
                counts[Severity.ERROR],
                counts[Severity.WARNING],
                counts[Severity.INFO],
            )
        assert [r.changes for r in t] == [0, 8, 5]
        assert t[1].resolved == 1  # SPAN_ABOVE_RANGE: Hannah's span falls from 12 to 5
        assert t[0].effective is None
        assert t[2].effective == datetime.date(2027, 4, 1)
        assert t.org_at("2027-02-01") == t.orgs[1]
        assert [str(c) for c in t.diff()] == [str(c) for c in orgshape.diff(example, t.orgs[-1])]

    def test_per_vp_roll_ups_from_the_start(self, example: Org) -> None:
        """rollups(): every VP's org from the current org to a date."""
        t = load_plan_text(PLAN_YAML).timeline(example)
        vps = t.rollups(levels="VP")
        assert [(r.id, r.old_headcount, r.new_headcount) for r in vps] == [
            ("P002", 31, 31),
            ("P003", 33, 34),
        ]
        first = t.rollups("2027-01-31", levels="VP")
        assert first.of("P003")[0].cost_change == t.orgs[1]["P067"].cost

    def test_outputs(self, example: Org) -> None:
        """Text, JSON (valid against its schema), pandas, HTML and one chart per wave."""
        t = load_plan_text(PLAN_YAML).timeline(example)
        text = str(t)
        assert text.startswith(
            "Plan Platform split: 2 waves from 2027-01-15 to 2027-04-01: 66 → 67 positions"
        )
        assert "Wave 2, 2027-04-01: Delayer Growth and backfill" in text
        data = json.loads(t.to_json())
        assert_valid("timeline", data)
        assert t.to_json() == t.plan.timeline(example).to_json()
        assert [w["wave"] for w in data["waves"]] == [1, 2]
        assert data["rows"][2]["effective"] == "2027-04-01"
        frame = t.to_pandas()
        assert list(frame["positions"]) == [66, 67, 67]
        assert "<table>" in t._repr_mimebundle_()["text/html"]
        charts = t.charts()
        assert len(charts) == 2
        assert charts[1].options.title == "2027-04-01: Delayer Growth and backfill"
        assert [g.position.id for g in charts[1].options.ghosts] == ["P006"]
        assert repr(t) == "<Timeline of plan 'Platform split': 2 waves, 66 → 67 positions>"


class TestProperties:
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(orgs(max_size=10), st.data())
    def test_a_plan_of_new_seats_adds_up(self, org: Org, data: st.DataObject) -> None:
        """Seats added wave by wave: each row counts them, and each date's org matches."""
        ids = list(org.ids)
        sizes = data.draw(st.lists(st.integers(1, 3), min_size=1, max_size=4))
        waves, n = [], 0
        for k, size in enumerate(sizes):
            ops = []
            for _ in range(size):
                manager = data.draw(st.sampled_from(ids))
                ops.append(
                    {
                        "op": "add_seat",
                        "manager": manager,
                        "new_id": f"new{n}",
                        "title": "Product Manager",
                    }
                )
                ids.append(f"new{n}")
                n += 1
            waves.append(Wave(effective=datetime.date(2027, 1 + k, 1), operations=ops))
        plan = Plan(waves=waves)
        t = plan.timeline(org)
        assert [r.positions for r in t] == [
            len(org) + sum(sizes[:k]) for k in range(len(sizes) + 1)
        ]
        for k in range(len(sizes)):
            assert plan.org_at(org, datetime.date(2027, 1 + k, 1)) == t.orgs[k + 1]
        assert_valid("timeline", json.loads(t.to_json()))


class TestCommandLine:
    @pytest.fixture
    def files(self, example: Org, tmp_path: Path) -> Path:
        orgshape.write(example, tmp_path / "current.csv")
        return write(tmp_path, "plan.yaml", PLAN_YAML)

    def test_the_timeline_and_the_org_on_a_date(
        self, files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`orgshape plan PLAN --as-of DATE --org FILE --charts DIR`."""
        out = tmp_path / "q1.csv"
        code = main(
            [
                "plan",
                str(files),
                "--as-of",
                "2027-03-31",
                "--org",
                str(out),
                "--charts",
                str(tmp_path / "charts"),
                "--isolated",
            ]
        )
        printed = capsys.readouterr().out
        assert code == 0
        assert (
            "On 2027-03-31: after wave 1 (Split Hannah's team, 2027-01-15): 67 positions" in printed
        )
        expected = load_plan(files).org_at(orgshape.read(tmp_path / "current.csv"), "2027-03-31")
        assert len(expected) == 67
        assert not orgshape.diff(expected, orgshape.read(out))  # the same seats, fields alike
        assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == [
            "wave-1.svg",
            "wave-2.svg",
        ]
        book = tmp_path / "plan.xlsx"
        assert main(["plan", str(files), "--workbook", str(book), "--isolated"]) == 0
        assert book.read_bytes()[:2] == b"PK"  # a zip: the workbook (read back in test_workbook)

    def test_json(self, files: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json: the timeline with the as-of state, valid against its schema."""
        assert (
            main(["plan", str(files), "--format", "json", "--as-of", "2027-01-01", "--isolated"])
            == 0
        )
        data = json.loads(capsys.readouterr().out)
        assert_valid("timeline", data)
        assert data["as_of"]["waves"] == 0
        assert data["as_of"]["row"]["positions"] == 66

    def test_errors_exit_2_with_the_line(
        self, files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A bad plan, a bad date or no base org: exit 2 and a one-line reason."""
        bad = write(tmp_path, "bad.yaml", PLAN_YAML.replace("id: P006", "id: P999"))
        assert main(["plan", str(bad), "--isolated"]) == 2
        assert "bad.yaml:20: wave 2" in capsys.readouterr().err
        assert main(["plan", str(files), "--as-of", "31.03.2027"]) == 2
        assert "YYYY-MM-DD" in capsys.readouterr().err
        for week in ("2027-W10", "20270331", "2027-03-31T00:00"):  # not moved to a day
            assert main(["plan", str(files), "--as-of", week, "--isolated"]) == 2
            assert f"a date is written YYYY-MM-DD (e.g. 2027-03-31), got {week!r}" in (
                capsys.readouterr().err
            )
        orphan = write(tmp_path, "orphan.yaml", PLAN_YAML.replace("base: current.csv\n", ""))
        assert main(["plan", str(orphan), "--isolated"]) == 2
        assert "--base" in capsys.readouterr().err
        assert (
            main(["plan", str(orphan), "--base", str(tmp_path / "current.csv"), "--isolated"]) == 0
        )


def test_an_example_plan_from_code_matches_the_operations(example: Org) -> None:
    """A plan gives the org the same operations give by hand."""
    plan = load_plan_text(PLAN_YAML)
    by_hand = insert_layer(
        example,
        "P013",
        new_id="P067",
        title="Director of Product",
        name="Dana Lee",
        function="product",
        reports=["P032", "P033", "P034", "P035", "P036", "P037", "P038"],
    )
    by_hand = move(by_hand, "P067", to="007")
    assert plan.org_at(example, "2027-01-15") == by_hand
    assert delayer(by_hand, "P006") == plan.waves[1].operations[0].apply(by_hand)
