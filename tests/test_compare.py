"""Tests for orgshape.compare(): several proposals side by side, and `orgshape diff A B C`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import orgshape
from orgshape import Org, diff
from orgshape.cli import main
from orgshape.rules import Policy, Severity
from orgshape.scenario import Comparison, add_seat, delayer, merge
from tests.test_schemas import assert_valid


@pytest.fixture(scope="module")
def example() -> Org:
    return orgshape.example()


@pytest.fixture(scope="module")
def scenarios(example: Org) -> dict[str, Org]:
    """Two ways to remove the one-over-one Head of Growth, and a hire on top of one."""
    up = delayer(example, "P006")
    return {
        "delayer": up,
        "merge": merge(example, "P006", into="P005", remove_manager=True),
        "delayer + hire": add_seat(up, "P012", new_id="P070", title="Product Manager"),
    }


class TestCompare:
    def test_one_diff_per_scenario(self, example: Org, scenarios: dict[str, Org]) -> None:
        """Each scenario's diff is diff(current, scenario), in the order given."""
        c = orgshape.compare(example, scenarios)
        assert isinstance(c, Comparison)
        assert c.names == ("delayer", "merge", "delayer + hire")
        assert len(c) == 3
        for name, org in scenarios.items():
            assert [str(x) for x in c[name]] == [str(x) for x in diff(example, org)]
        assert list(c) == list(scenarios)

    def test_the_key_metrics(self, example: Org, scenarios: dict[str, Org]) -> None:
        """Current value, each scenario's, and each change from the current org."""
        c = orgshape.compare(example, scenarios)
        positions = c.row("positions")
        assert (positions.current, positions.values, positions.changes) == (
            66,
            (65, 65, 66),
            (-1, -1, 0),
        )
        assert positions.spread == 1
        one = c.row("one_over_ones")
        assert (one.current, one.values) == (1, (0, 1, 0))  # merging leaves Lars with one
        cost = c.row("total_cost")
        hire = c["delayer + hire"].proposed["P070"].cost
        first, last = cost.values[0], cost.values[2]
        assert first is not None
        assert last is not None
        assert last - first == hire
        assert c.row("band_share", "2-3").label == "share in band 2-3"
        assert c.row("errors").current == orgshape.validate(example).counts()[Severity.ERROR]
        assert c.row("changes").values == (2, 2, 3)
        assert c.row("changes").current is None
        assert c.row("introduced").values == (0, 1, 0)
        with pytest.raises(KeyError, match="no metric 'headcount'"):
            c.row("headcount")

    def test_findings_that_differ(self, example: Org, scenarios: dict[str, Org]) -> None:
        """Which scenario introduces or resolves which finding."""
        c = orgshape.compare(example, scenarios)
        found = {(f.code, f.ids[0]): f for f in c.findings()}
        lars = found["ONE_OVER_ONE", "P002"]
        assert (lars.introduced_in, lars.resolved_in) == (("merge",), ())
        growth = found["ONE_OVER_ONE", "P006"]
        assert growth.resolved_in == ("delayer", "merge", "delayer + hire")

    def test_between_two_scenarios(self, example: Org, scenarios: dict[str, Org]) -> None:
        """between(a, b) diffs one scenario's org against another's."""
        c = orgshape.compare(example, scenarios)
        d = c.between("delayer", "delayer + hire")
        assert [(x.kind, x.id) for x in d] == [("added", "P070")]
        with pytest.raises(KeyError, match="no scenario 'nope'"):
            c.between("delayer", "nope")

    def test_the_same_policy_and_key_for_all(self, example: Org, scenarios: dict[str, Org]) -> None:
        """policy= and key= apply to every diff."""
        policy = Policy(ignore=["ONE_OVER_ONE"])
        c = orgshape.compare(example, scenarios, policy=policy, key="email")
        assert all(d.policy is policy for d in c.diffs.values())
        assert {d.key for d in c.diffs.values()} == {"email"}
        assert "ONE_OVER_ONE" not in {f.code for f in c.findings()}

    def test_bad_arguments(self, example: Org) -> None:
        """No scenario, a non-mapping, an empty name or a non-org is refused."""
        with pytest.raises(ValueError, match="at least one"):
            orgshape.compare(example, {})
        with pytest.raises(TypeError, match="mapping"):
            orgshape.compare(example, [example])  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="non-empty"):
            orgshape.compare(example, {" ": example})
        with pytest.raises(TypeError, match="must be an Org"):
            orgshape.compare(example, {"A": "a.csv"})  # type: ignore[dict-item]


class TestOutputs:
    def test_text(self, example: Org, scenarios: dict[str, Org]) -> None:
        """One table of key metrics with a column per scenario and its change."""
        two = dict(list(scenarios.items())[:2])
        text = str(orgshape.compare(example, two))
        lines = text.splitlines()
        assert lines[0] == "Comparison: 2 scenarios against the current org (66 positions)"
        header = next(line for line in lines if line.strip().startswith("metric"))
        assert header.split() == [
            "metric", "current", "delayer", "merge", "delayer", "−", "current", "merge", "−",
            "current", "merge", "−", "delayer",
        ]  # fmt: skip
        assert any(line.split()[:2] == ["one-over-ones", "1"] for line in lines)
        assert "Findings introduced or resolved (3)" in text  # one-over-one, design coverage
        assert "P002 (Lars Johansson)" in text

    def test_json_pandas_and_html(self, example: Org, scenarios: dict[str, Org]) -> None:
        """JSON fits comparison.schema.json; pandas has a column per scenario."""
        c = orgshape.compare(example, scenarios)
        data = json.loads(c.to_json())
        assert_valid("comparison", data)
        assert [s["name"] for s in data["scenarios"]] == list(scenarios)
        positions = next(m for m in data["metrics"] if m["metric"] == "positions")
        assert positions["values"] == [65, 65, 66]
        frame = c.to_pandas()
        assert list(frame.columns[:6]) == ["metric", "band", "current", *scenarios]
        assert frame.loc[frame["metric"] == "positions", "merge change"].item() == -1
        two = orgshape.compare(example, dict(list(scenarios.items())[:2])).to_pandas()
        assert "merge - delayer" in two.columns
        html = c._repr_mimebundle_()["text/html"]
        assert "<table>" in html
        assert "delayer + hire" in html


class TestCommandLine:
    def test_several_proposals_side_by_side(
        self,
        example: Org,
        scenarios: dict[str, Org],
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """`orgshape diff current.csv a.csv b.csv`: one comparison; JSON fits its schema."""
        orgshape.write(example, tmp_path / "current.csv")
        orgshape.write(scenarios["delayer"], tmp_path / "a.csv")
        orgshape.write(scenarios["merge"], tmp_path / "b.csv")
        files = [str(tmp_path / n) for n in ("current.csv", "a.csv", "b.csv")]
        assert main(["diff", *files, "--isolated"]) == 0
        text = capsys.readouterr().out
        assert text.startswith("Comparison: 2 scenarios against the current org (66 positions)")
        assert main(["diff", *files, "--format", "json", "--isolated"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert_valid("comparison", data)
        assert [s["name"] for s in data["scenarios"]] == ["a", "b"]
        assert main(["diff", *files, "-o", str(tmp_path / "changes.svg"), "--isolated"]) == 0
        assert (tmp_path / "changes-1.svg").is_file()
        assert (tmp_path / "changes-2.svg").is_file()
        assert main(["diff", *files, "--impact", "--isolated"]) == 2
        assert "one proposal" in capsys.readouterr().err

    def test_leaders_and_impact_of_one_proposal(
        self,
        example: Org,
        scenarios: dict[str, Org],
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """--leaders VP (--by function) and --impact, as text and JSON."""
        orgshape.write(example, tmp_path / "current.csv")
        orgshape.write(scenarios["delayer"], tmp_path / "p.csv")
        files = [str(tmp_path / "current.csv"), str(tmp_path / "p.csv"), "--isolated"]
        assert main(["diff", *files, "--leaders", "VP"]) == 0
        out = capsys.readouterr().out
        assert out.splitlines()[0] == "Org per leader"
        assert "P002 (Lars Johansson)" in out
        assert "P001" not in out
        assert main(["diff", *files, "--leaders", "2", "--by", "level", "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert_valid("rollups", data)
        assert data["by"] == "level"
        assert {r["id"] for r in data["rows"]} == {"P001", "P002", "P003"}
        assert main(["diff", *files, "--impact"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("Impact: 10 people affected: 1 with a new manager")
        assert "P012 (Tomasz Kowalczyk): new manager, leader, layer" in out
        assert main(["diff", *files, "--impact", "--format", "json"]) == 0
        assert_valid("impact", json.loads(capsys.readouterr().out))
        assert main(["diff", *files, "--leaders", "0"]) == 2
        assert "--leaders" in capsys.readouterr().err
