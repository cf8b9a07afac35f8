"""Tests for orgshape.rules policies: defaults, files, discovery and custom rules."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgshape import Org, Position
from orgshape._ladder import Ladder, Level
from orgshape._metrics import Bands
from orgshape.exceptions import InputError, PolicyError
from orgshape.io import example
from orgshape.rules import (
    BUILTIN_RULES,
    Context,
    Exemption,
    Finding,
    Policy,
    Rule,
    find_policy,
    load_policy,
    rule,
    validate,
)

DATA = Path(__file__).parent / "data" / "policies"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- defaults


class TestDefaults:
    def test_documented_defaults(self) -> None:
        """The defaults are the documented ones."""
        p = Policy()
        assert dict(p.spans) == {
            "CPO": (2, 10),
            "VP": (2, 8),
            "HEAD": (3, 8),
            "SENIOR_DIRECTOR": (3, 8),
            "DIRECTOR": (3, 8),
            "GROUP_PM": (2, 5),
            "SENIOR_PM": (1, 5),
        }
        assert (p.max_layers, p.max_level_gap, p.root_level, p.ic_levels) == (None, 3, None, None)
        assert (p.promotion_years, p.max_vacancy_share, p.engineers_per_pm) == (
            4.0,
            0.5,
            (5.0, 10.0),
        )
        assert p.select == ("ALL",)
        assert p.ignore == ()
        assert p.bands == Bands.orgvue()

    def test_docstring_cites_sources(self) -> None:
        """The Policy docstring names where the defaults come from."""
        doc = Policy.__doc__ or ""
        for source in (
            "McKinsey",
            "Orgvue",
            "four to five years",
            "1:5 to 1:10",
            "ladder",
            "GitLab",
            "7–8 layers",
        ):
            assert source in doc

    def test_resolved_against_ladder(self) -> None:
        """None-defaults resolve against the ladder: 8 layers, CPO root, IC and PM levels."""
        data = Policy().to_dict()
        assert data["max_layers"] == 8
        assert data["root_level"] == "CPO"
        assert data["ic_levels"] == ["PRINCIPAL_PM", "PM", "PRODUCT_OWNER", "ASSOCIATE_PM"]
        assert data["pm_levels"] == [
            "GROUP_PM",
            "PRINCIPAL_PM",
            "SENIOR_PM",
            "PM",
            "PRODUCT_OWNER",
            "ASSOCIATE_PM",
        ]

    def test_spans_merge_over_defaults(self) -> None:
        """Spans given for one level keep the defaults of the others."""
        p = Policy(spans={"DIRECTOR": [4, 9], "HEAD": None})
        assert p.spans["DIRECTOR"] == (4, 9)
        assert p.spans["HEAD"] == (0, None)
        assert p.spans["VP"] == (2, 8)

    def test_frozen(self) -> None:
        """Policies are frozen and comparable."""
        assert Policy(max_layers=5) == Policy(max_layers=5)
        with pytest.raises(AttributeError):
            Policy().max_layers = 3  # type: ignore[misc]

    def test_bands(self) -> None:
        """bands takes a profile name or custom bands."""
        assert Policy(bands="mckinsey").bands == Bands.mckinsey()
        custom = Policy(bands={"narrow": [1, 3], "wide": [4]}).bands
        assert [b.label for b in custom] == ["narrow", "wide"]
        with pytest.raises(PolicyError, match="unknown band profile 'bain'"):
            Policy(bands="bain")


# ----------------------------------------------------------------------------- bad values


class TestErrors:
    def test_unknown_key_did_you_mean(self) -> None:
        """A typo in a key names the key, the file, the valid keys and a suggestion."""
        with pytest.raises(PolicyError) as info:
            Policy.from_dict({"max_layer": 6}, source="policy.toml")
        message = str(info.value)
        expected = "unknown key 'max_layer' in policy.toml (valid: allow_code, bands, "
        assert message.startswith(expected)
        assert message.endswith("did you mean 'max_layers'?")

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            ({"max_layers": "six"}, "max_layers of p.toml must be an integer >= 1, got 'six'"),
            ({"max_layers": 0}, "max_layers of p.toml must be an integer >= 1, got 0"),
            ({"max_level_gap": True}, "max_level_gap of p.toml must be an integer >= 1"),
            ({"spans": {"DIRECTOR": [8, 3]}}, "spans.DIRECTOR of p.toml must be [min, max]"),
            ({"spans": {"DIRECTOR": "3-8"}}, "spans.DIRECTOR of p.toml must be [min, max]"),
            ({"spans": [3, 8]}, "spans of p.toml must be a table"),
            ({"select": [1]}, "select of p.toml must be a list of non-empty strings"),
            (
                {"severity": {"one-over-one": "fatal"}},
                "severity.one-over-one of p.toml must be a severity "
                "(valid: error, warning, info), got 'fatal'",
            ),
            ({"max_vacancy_share": 50}, "max_vacancy_share of p.toml must be a number from 0 to 1"),
            ({"engineers_per_pm": [10, 5]}, "engineers_per_pm of p.toml must be [min, max]"),
            ({"promotion_years": -1}, "promotion_years of p.toml must be a number >= 0"),
            (
                {"exemptions": [{"rule": "one-over-one", "id": "P6"}]},
                "exemptions[0].reason of p.toml must be a non-empty string",
            ),
            (
                {"exemptions": [{"rule": "x", "id": "P6", "reason": "r", "why": 1}]},
                "unknown key 'why' in exemptions[0] of p.toml",
            ),
            (
                {"coverage": {"design": {"levle": "HEAD"}}},
                "unknown key 'levle' in coverage.design of p.toml (valid: level, max_pms); "
                "did you mean 'level'?",
            ),
            (
                {"ladder": {"levels": [{"name": "X", "lable": "X"}]}},
                "unknown key 'lable' in ladder.levels[0] of p.toml",
            ),
            ({"rules": "mod:fn"}, "rules of p.toml must be a list of rules"),
            ({"bands": 3}, "bands of p.toml must be 'orgvue', 'mckinsey'"),
            ({"level_costs": {"PM": -5}}, "level_costs.PM of p.toml must be an amount >= 0"),
            ({"level_costs": {"PM": "lots"}}, "level_costs.PM of p.toml must be an amount >= 0"),
            ({"level_costs": [1]}, "level_costs of p.toml must be a table"),
        ],
    )
    def test_bad_values(self, data: dict[str, Any], expected: str) -> None:
        """Every bad value is a PolicyError naming the key, the file and what is allowed."""
        with pytest.raises(PolicyError) as info:
            Policy.from_dict(data, source="p.toml")
        assert expected in str(info.value)

    def test_unknown_rule_in_select(self) -> None:
        """An unknown rule in select suggests the closest name."""
        with pytest.raises(
            PolicyError,
            match=r"unknown rule or group 'one-over-on' in select.*did you mean 'one-over-one'\?",
        ):
            Policy(select=["one-over-on"])

    def test_unknown_rule_in_severity_and_exemption(self) -> None:
        """severity and exemptions must name rules too."""
        with pytest.raises(
            PolicyError, match=r"unknown rule 'SPAN_ABOVE' in severity.*did you mean"
        ):
            Policy(severity={"SPAN_ABOVE": "error"})
        with pytest.raises(PolicyError, match=r"unknown rule 'spans' in exemptions"):
            Policy(exemptions=[Exemption(rule="spans", id="1", reason="groups are not rules")])

    def test_unknown_level_with_ladder(self) -> None:
        """A level not on the policy's ladder fails when the policy is made."""
        with pytest.raises(
            PolicyError,
            match=r"spans.DIRECTR of p.toml: unknown level 'DIRECTR'.*did you mean 'DIRECTOR'",
        ):
            Policy.from_dict({"ladder": {}, "spans": {"DIRECTR": [3, 8]}}, source="p.toml")

    def test_level_costs(self) -> None:
        """level_costs: an amount per level, floats, round-tripped, levels checked."""
        policy = Policy.from_dict({"level_costs": {"PM": 150000, "DIRECTOR": 2.5e5}})
        assert dict(policy.level_costs) == {"PM": 150_000.0, "DIRECTOR": 250_000.0}
        assert policy.to_dict()["level_costs"] == {"DIRECTOR": 250_000.0, "PM": 150_000.0}
        assert Policy.from_dict(policy.to_dict()).level_costs == policy.level_costs
        assert Policy().level_costs == {}
        with pytest.raises(PolicyError, match=r"level_costs\.DIRECTR: unknown level 'DIRECTR'"):
            Policy(level_costs={"DIRECTR": 1}).resolve()

    @pytest.mark.parametrize(
        "amount", [True, float("nan"), float("inf"), -1, 2**53, 2**63 - 1, 1e300, "150000"]
    )
    def test_level_costs_are_exact_amounts(self, amount: object) -> None:
        """A flag, NaN, infinity, a negative, or a number a float cannot hold exactly."""
        with pytest.raises(PolicyError, match=r"level_costs\.PM must be an amount >= 0"):
            Policy(level_costs={"PM": amount})
        assert Policy(level_costs={"PM": 2**53 - 1}).level_costs["PM"] == 2**53 - 1

    def test_level_costs_from_toml_are_exact(self, tmp_path: Path) -> None:
        """A TOML integer past 2**53 is refused, not rounded to its neighbour."""
        path = tmp_path / "p.toml"
        path.write_text("[level_costs]\nPM = 9007199254740993\n", encoding="utf-8")
        with pytest.raises(
            PolicyError, match=r"level_costs\.PM of .*p\.toml must be .*held exactly"
        ):
            load_policy(path)

    def test_unknown_level_checked_at_validate(self) -> None:
        """Without a ladder, levels are checked against the org's ladder when validating."""
        policy = Policy(spans={"LEAD_PM": [2, 6]})
        with pytest.raises(PolicyError, match=r"spans\.LEAD_PM: unknown level 'LEAD_PM'"):
            validate(example(), policy)

    def test_custom_level_on_org_ladder(self) -> None:
        """A level of the org's own ladder is accepted and judged."""
        ladder = Ladder.default().with_levels(
            Level(name="LEAD_PM", label="Lead of PMs", titles=("PM Lead",)),
            below="DIRECTOR",
        )
        org = Org(
            [Position(id="1", name="Gia", title="PM Lead")]
            + [Position(id=f"{k}", name=f"P{k}", title="Sr. PM", manager="1") for k in range(2, 9)],
            ladder=ladder,
        )
        report = validate(org, Policy(spans={"LEAD_PM": [2, 6]}, select=["spans"]))
        assert [f.code for f in report] == ["SPAN_ABOVE_RANGE"]

    def test_exemption_needs_reason(self) -> None:
        """An exemption without a reason is refused."""
        with pytest.raises(PolicyError, match="reason"):
            Exemption(rule="one-over-one", id="P6", reason=" ")


# ----------------------------------------------------------------------------- files


class TestFiles:
    def test_toml(self, tmp_path: Path) -> None:
        """A TOML policy loads every key, the ladder and exemptions."""
        path = write(
            tmp_path / "orgshape.toml",
            """
            max_layers = 7
            ignore = ["people"]
            severity = { one-over-one = "error" }
            bands = "mckinsey"

            [spans]
            DIRECTOR = [3, 10]

            [ladder]
            aliases = { "Product Lead" = "SENIOR_PM" }

            [[exemptions]]
            rule = "one-over-one"
            id = "P006"
            reason = "Growth Director ramping up"
            """,
        )
        policy = load_policy(path)
        assert policy.max_layers == 7
        assert policy.ignore == ("people",)
        assert policy.spans["DIRECTOR"] == (3, 10)
        assert policy.source == str(path)
        assert policy.ladder is not None
        assert policy.ladder.level_of("Product Lead") == "SENIOR_PM"
        assert policy.exemptions == (
            Exemption(rule="one-over-one", id="P006", reason="Growth Director ramping up"),
        )

    def test_yaml_same_keys(self, tmp_path: Path) -> None:
        """A YAML policy holds the same keys as TOML."""
        path = write(
            tmp_path / "policy.yaml",
            """
            max_layers: 7
            spans:
              DIRECTOR: [3, 10]
            exemptions:
              - {rule: one-over-one, id: "P006", reason: ramp-up}
            """,
        )
        policy = load_policy(path)
        assert policy.max_layers == 7
        assert policy.exemptions[0].id == "P006"

    def test_empty_yaml(self, tmp_path: Path) -> None:
        """An empty YAML file is the default policy."""
        assert load_policy(write(tmp_path / "p.yml", "")) == Policy()

    def test_pyproject(self, tmp_path: Path) -> None:
        """pyproject.toml's [tool.orgshape] holds the same keys; errors name the table."""
        path = write(tmp_path / "pyproject.toml", "[tool.orgshape]\nmax_level_gap = 3\n")
        assert load_policy(path).max_level_gap == 3
        bad = write(tmp_path / "bad" / "pyproject.toml", "[tool.orgshape]\nmax_levle_gap = 3\n")
        with pytest.raises(
            PolicyError, match=r"unknown key 'max_levle_gap' in tool.orgshape of .*pyproject.toml"
        ):
            load_policy(bad)
        with pytest.raises(
            PolicyError, match=r"tool.orgshape.spans.HEAD of .*pyproject.toml must be"
        ):
            load_policy(
                write(tmp_path / "b2" / "pyproject.toml", '[tool.orgshape.spans]\nHEAD = "x"\n')
            )

    def test_pyproject_without_table(self, tmp_path: Path) -> None:
        """Loading a pyproject.toml without [tool.orgshape] is an error."""
        path = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
        with pytest.raises(PolicyError, match=r"has no \[tool.orgshape\] table"):
            load_policy(path)

    def test_typo_file(self) -> None:
        """The shipped typo example gets a clear error, not a traceback or silence."""
        with pytest.raises(PolicyError) as info:
            load_policy(DATA / "typo.toml")
        assert "unknown key 'max_layer'" in str(info.value)
        assert "typo.toml" in str(info.value)
        assert "did you mean 'max_layers'?" in str(info.value)

    def test_shipped_examples_load(self) -> None:
        """The example policies under tests/data/policies load (except the typo one)."""
        strict = load_policy(DATA / "strict.toml")
        assert strict.severity
        assert strict.max_layers == 5
        assert load_policy(DATA / "relaxed.yaml").spans["DIRECTOR"] == (2, 12)

    def test_invalid_syntax(self, tmp_path: Path) -> None:
        """Broken TOML or YAML is a PolicyError naming the file."""
        with pytest.raises(PolicyError, match="is not valid TOML"):
            load_policy(write(tmp_path / "p.toml", "max_layers = \n"))
        with pytest.raises(PolicyError, match="is not valid YAML"):
            load_policy(write(tmp_path / "p.yaml", "a: [1\n"))

    def test_not_a_table(self, tmp_path: Path) -> None:
        """A YAML list is not a policy."""
        with pytest.raises(PolicyError, match="must hold a table"):
            load_policy(write(tmp_path / "p.yaml", "- 1\n"))

    def test_missing_and_unknown_suffix(self, tmp_path: Path) -> None:
        """A missing file or an unknown suffix is an InputError."""
        with pytest.raises(InputError, match="does not exist"):
            load_policy(tmp_path / "nope.toml")
        with pytest.raises(InputError, match=r"unknown suffix '\.ini'"):
            load_policy(write(tmp_path / "p.ini", "x=1"))

    def test_round_trip(self) -> None:
        """to_dict is deterministic and from_dict(to_dict()) gives the same effective policy."""
        policy = Policy(
            spans={"DIRECTOR": [3, 10], "HEAD": None},
            severity={"one-over-one": "error"},
            exemptions=[Exemption(rule="ONE_OVER_ONE", id="P6", reason="x")],
            coverage={"design": {"level": "DIRECTOR", "max_pms": 6}, "product_ops": False},
            bands={"a": [1, 4], "b": [5]},
            products=["Search"],
        )
        data = policy.to_dict()
        assert json.dumps(data, sort_keys=True) == json.dumps(policy.to_dict(), sort_keys=True)
        again = Policy.from_dict(data)
        assert again.to_dict() == data
        assert again.spans == policy.spans
        assert again.coverage == policy.coverage


class TestYamlValues:
    """A YAML policy means what it says: YAML 1.2 values, never YAML 1.1's guesses."""

    @pytest.mark.parametrize(
        ("text", "fragments"),
        [
            (
                "level_costs:\n  PM: 0150000\n",
                ["p.yaml:2: level_costs.PM: 0150000 has a leading zero", "53248", "150000"],
            ),
            ("level_costs:\n  PM: 1:20\n", ["p.yaml:2: level_costs.PM: 1:20", "80"]),
            ("max_layers: 0x10\n", ["p.yaml:1: max_layers: 0x10", "16", "decimal"]),
            ("max_layers: 0o10\n", ["max_layers of", "must be an integer >= 1, got '0o10'"]),
            ("max_layers: 1_0\n", ["p.yaml:1: max_layers: 1_0", "write 10"]),
            ("promotion_years: 1:20\n", ["p.yaml:1: promotion_years: 1:20", "base 60"]),
            ("promotion_years: 1e-400\n", ["p.yaml:1: promotion_years: 1e-400", "too small"]),
            (
                "spans:\n  PM: [010, 012]\n",
                [
                    "p.yaml:2: spans.PM[0]: 010 has a leading zero",
                    "octal number 8",
                    "write 10 (or 8)",
                ],
            ),
            (
                "exemptions:\n  - {rule: one-over-one, id: 007, reason: r}\n",
                ["p.yaml:2: exemptions[0].id: 007 has a leading zero", "quote it"],
            ),
            ("allow_code: no\n", ["p.yaml:1: allow_code: no", "write true or false"]),
            ("allow_code: yes\n", ["p.yaml:1: allow_code: yes", "write true or false"]),
            ("coverage:\n  design: off\n", ["p.yaml:2: coverage.design: off", "true or false"]),
            (
                "ladder:\n  levels:\n    - {name: X, label: X, individual_contributor: on}\n",
                ["p.yaml:3: ladder.levels[0].individual_contributor: on", "true or false"],
            ),
        ],
    )
    def test_yaml11_readings_are_refused(
        self, tmp_path: Path, text: str, fragments: list[str]
    ) -> None:
        """A value YAML 1.1 reads as another number or a boolean is an error naming where."""
        with pytest.raises(PolicyError) as info:
            load_policy(write(tmp_path / "p.yaml", text))
        for fragment in fragments:
            assert fragment in str(info.value)

    def test_thousands_dot_amount_is_ambiguous(self, tmp_path: Path) -> None:
        """level_costs 1.250 could be 1.25 or 1,250: refused, as in plan files, never 1.25."""
        with pytest.raises(PolicyError) as info:
            load_policy(write(tmp_path / "p.yaml", "level_costs:\n  PM: 1.250\n"))
        assert "p.yaml:2: level_costs.PM: 1.250 is ambiguous" in str(info.value)
        assert "it could be 1.25 or 1,250" in str(info.value)

    @pytest.mark.parametrize(
        ("written", "amount"),
        [
            ("150000", 150_000.0),
            ("1,250,000", 1_250_000.0),
            ("1 250 000", 1_250_000.0),
            ("€1,250,000", 1_250_000.0),
            ("1_250_000", 1_250_000.0),
            ("150000.50", 150_000.5),
            ("1.5", 1.5),
            ("2.5e5", 250_000.0),
            ("150k", 150_000.0),
            ("0", 0.0),
        ],
    )
    def test_amounts_read_as_written(self, tmp_path: Path, written: str, amount: float) -> None:
        """level_costs amounts are read as plan files read them: thousands separators, money."""
        policy = load_policy(write(tmp_path / "p.yaml", f"level_costs:\n  PM: {written}\n"))
        assert policy.level_costs == {"PM": amount}

    @pytest.mark.parametrize(
        ("written", "fragment"),
        [
            ("40%", "a percentage"),
            ("1e-400", "too small"),
            ("'150000'", "must be an amount >= 0, got '150000'"),
            ("lots", "must be an amount >= 0, got 'lots'"),
            ("-5", "must be an amount >= 0"),
            (".inf", "must be an amount >= 0"),
        ],
    )
    def test_amounts_refused(self, tmp_path: Path, written: str, fragment: str) -> None:
        """A percentage, an amount too small to hold, text or a negative amount is refused."""
        with pytest.raises(PolicyError, match=r"level_costs\.PM") as info:
            load_policy(write(tmp_path / "p.yaml", f"level_costs:\n  PM: {written}\n"))
        assert fragment in str(info.value)

    def test_amounts_as_text_in_toml(self, tmp_path: Path) -> None:
        """TOML has numbers of its own: an amount as a TOML string is refused, not parsed."""
        path = write(tmp_path / "p.toml", '[level_costs]\nPM = "1,250,000"\n')
        with pytest.raises(PolicyError, match=r"level_costs\.PM of .* must be an amount >= 0"):
            load_policy(path)

    def test_yaml12_values(self, tmp_path: Path) -> None:
        """true/false, decimal numbers and quoted text read as YAML 1.2 says."""
        path = write(
            tmp_path / "p.yaml",
            """
            allow_code: false
            max_layers: 6
            promotion_years: 1e1
            max_vacancy_share: .25
            spans:
              DIRECTOR: [+3, 10]
            coverage:
              design: false
            exemptions:
              - {rule: one-over-one, id: "007", reason: "no"}
              - {rule: one-over-one, id: '010', reason: 1:20 meeting}
            products: [Search, "on"]
            """,
        )
        policy = load_policy(path)
        assert policy.max_layers == 6
        assert policy.promotion_years == 10.0
        assert policy.max_vacancy_share == 0.25
        assert policy.spans["DIRECTOR"] == (3, 10)
        assert policy.coverage["design"] is None
        assert [(e.id, e.reason) for e in policy.exemptions] == [
            ("007", "no"),
            ("010", "1:20 meeting"),
        ]
        assert policy.products == ("Search", "on")

    def test_text_where_a_number_is_expected(self, tmp_path: Path) -> None:
        """A quoted number is text, as in TOML: refused where a number is expected."""
        with pytest.raises(PolicyError, match=r"max_layers of .*p\.yaml must be an integer >= 1"):
            load_policy(write(tmp_path / "p.yaml", 'max_layers: "6"\n'))

    def test_duplicate_key(self, tmp_path: Path) -> None:
        """A key given twice is an error naming the key and its line, never the last one wins."""
        text = "spans:\n  PM: [1, 5]\n  HEAD: [3, 8]\n  PM: [2, 6]\n"
        with pytest.raises(PolicyError) as info:
            load_policy(write(tmp_path / "p.yaml", text))
        message = str(info.value)
        assert "p.yaml" in message
        assert "the key 'PM' twice" in message
        assert "line 4" in message
        with pytest.raises(PolicyError, match="the key 'max_layers' twice"):
            load_policy(write(tmp_path / "q.yaml", "max_layers: 5\nmax_layers: 6\n"))

    def test_anchors_and_tags_refused(self, tmp_path: Path) -> None:
        """Anchors, aliases and tags are refused as in org files, as a PolicyError."""
        for text in (
            "spans:\n  PM: &s [1, 5]\n  HEAD: *s\n",
            "max_layers: !!int '010'\n",
        ):
            with pytest.raises(PolicyError, match=r"p\.yaml"):
                load_policy(write(tmp_path / "p.yaml", text))

    def test_cli_policy_flag(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """orgshape check --policy names the file, the line and the key; exit 2, no traceback."""
        from orgshape.cli import main  # noqa: PLC0415

        monkeypatch.chdir(tmp_path)
        write(tmp_path / "org.csv", "id,name,title,manager_id\n1,A,CPO,\n")
        write(tmp_path / "p.yaml", "spans:\n  PM: [010, 12]\n")
        assert main(["check", "org.csv", "--policy", "p.yaml"]) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert "p.yaml:2: spans.PM[0]: 010 has a leading zero" in err


class TestTomlValues:
    """A TOML policy is never coerced: floats, booleans and huge numbers are refused."""

    @pytest.mark.parametrize(
        ("text", "fragment"),
        [
            ("[spans]\nPM = [1, 5.0]\n", "spans.PM of"),
            ("[spans]\nPM = [true, 5]\n", "spans.PM of"),
            ("max_layers = 6.0\n", "max_layers of"),
            ("allow_code = 1\n", "allow_code of"),
            ("max_vacancy_share = true\n", "max_vacancy_share of"),
            ("[level_costs]\nPM = -1\n", "level_costs.PM of"),
            ("[level_costs]\nPM = true\n", "level_costs.PM of"),
            ("[level_costs]\nPM = 9007199254740993\n", "held exactly"),
            ("[level_costs]\nPM = inf\n", "level_costs.PM of"),
            ("promotion_years = 9007199254740993\n", "held exactly"),
            ("engineers_per_pm = [5, 9007199254740993]\n", "held exactly"),
            ("[coverage]\ndesign = true\n", "coverage.design of"),
            ('[coverage.design]\nlevel = "HEAD"\nmax_pms = 2.0\n', "coverage.design.max_pms"),
        ],
    )
    def test_refused(self, tmp_path: Path, text: str, fragment: str) -> None:
        """Each value that would be coerced or rounded is a PolicyError naming the key."""
        with pytest.raises(PolicyError) as info:
            load_policy(write(tmp_path / "p.toml", text))
        assert fragment in str(info.value)

    def test_negative_zero_is_zero(self) -> None:
        """-0.0 years is 0 years (to_dict never writes -0.0)."""
        assert str(Policy(promotion_years=-0.0).to_dict()["promotion_years"]) == "0.0"


# ----------------------------------------------------------------------------- discovery


class TestFindPolicy:
    def test_orgshape_toml_upward(self, tmp_path: Path) -> None:
        """orgshape.toml in a parent folder is found from a subfolder."""
        write(tmp_path / "orgshape.toml", "max_layers = 5\n")
        deep = tmp_path / "a" / "b"
        deep.mkdir(parents=True)
        policy, source = find_policy(deep)
        assert policy.max_layers == 5
        assert source == str((tmp_path / "orgshape.toml").resolve())

    def test_pyproject_table(self, tmp_path: Path) -> None:
        """Without orgshape.toml, [tool.orgshape] in the nearest pyproject.toml is used."""
        write(tmp_path / "pyproject.toml", "[tool.orgshape]\nmax_layers = 4\n")
        policy, source = find_policy(tmp_path)
        assert policy.max_layers == 4
        assert source is not None
        assert source.endswith("pyproject.toml")

    def test_orgshape_toml_wins_in_same_folder(self, tmp_path: Path) -> None:
        """In one folder, orgshape.toml wins over pyproject.toml."""
        write(tmp_path / "pyproject.toml", "[tool.orgshape]\nmax_layers = 4\n")
        write(tmp_path / "orgshape.toml", "max_layers = 5\n")
        assert find_policy(tmp_path)[0].max_layers == 5

    def test_closest_wins(self, tmp_path: Path) -> None:
        """A nearer pyproject [tool.orgshape] wins over an orgshape.toml further up (as ruff)."""
        write(tmp_path / "orgshape.toml", "max_layers = 5\n")
        write(tmp_path / "sub" / "pyproject.toml", "[tool.orgshape]\nmax_layers = 4\n")
        assert find_policy(tmp_path / "sub")[0].max_layers == 4

    def test_pyproject_without_table_skipped(self, tmp_path: Path) -> None:
        """A pyproject.toml without [tool.orgshape] does not stop the search."""
        write(tmp_path / "orgshape.toml", "max_layers = 5\n")
        write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
        assert find_policy(tmp_path / "sub")[0].max_layers == 5

    def test_defaults(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Nothing found: the default policy and no source (default start: the cwd)."""
        monkeypatch.chdir(tmp_path)
        assert find_policy() == (Policy(), None)

    def test_file_start(self, tmp_path: Path) -> None:
        """Starting from a file looks in its folder."""
        write(tmp_path / "orgshape.toml", "max_layers = 5\n")
        org_file = write(tmp_path / "org.csv", "id,name\n")
        assert find_policy(org_file)[0].max_layers == 5

    def test_bad_file_found(self, tmp_path: Path) -> None:
        """A discovered policy with a typo raises, naming the file."""
        write(tmp_path / "orgshape.toml", "max_layer = 5\n")
        with pytest.raises(PolicyError, match=r"orgshape\.toml"):
            find_policy(tmp_path)


# ----------------------------------------------------------------------------- custom rules


class TestCustomRules:
    def test_decorator(self) -> None:
        """@rule makes a frozen Rule with a readable repr and the docstring as rationale."""

        @rule(code="NEEDS_DESIGNER", severity="info", hint="add a designer")
        def needs_designer(ctx: Context) -> Iterator[Finding]:
            """Every Director's group has a designer."""
            yield from ()

        assert isinstance(needs_designer, Rule)
        assert repr(needs_designer) == "<Rule NEEDS_DESIGNER needs-designer (info)>"
        assert needs_designer.rationale == "Every Director's group has a designer."
        assert needs_designer.group == "custom"

    def test_plain_function(self) -> None:
        """A plain function in Policy(rules=...) becomes a warning rule named after it."""

        def director_without_senior_pm(ctx: Context) -> Iterator[Finding]:
            for i in ctx.indices(level="DIRECTOR"):
                if not any(ctx.levels[k] == "SENIOR_PM" for k in ctx.children(i)):
                    yield ctx.finding(i, message=f"{ctx.who(i)} leads no Senior PM")

        policy = Policy(rules=[director_without_senior_pm])
        (r,) = policy.rules
        assert (r.code, r.name, r.severity) == (
            "DIRECTOR_WITHOUT_SENIOR_PM",
            "director-without-senior-pm",
            "warning",
        )
        org = Org(
            [
                Position(id="D", name="Dana", title="Director of Product"),
                *[Position(id=f"{k}", name=f"P{k}", title="PM", manager="D") for k in range(3)],
            ]
        )
        (f,) = validate(org, policy).filter(code="director-without-senior-pm")
        assert (f.ids, f.message, f.row) == (
            ("D",),
            "Dana (Director of Product) leads no Senior PM",
            None,
        )

    def test_selectable_and_exemptable(self) -> None:
        """Custom rules can be selected, re-severitied and exempted like built-ins."""

        @rule(code="EVERYONE")
        def everyone(ctx: Context) -> Iterator[Finding]:
            for i in range(len(ctx.ids)):
                yield ctx.finding(i, message=f"{ctx.who(i)} exists")

        org = example()
        policy = Policy(
            rules=[everyone],
            select=["custom"],
            severity={"everyone": "error"},
            exemptions=[Exemption(rule="EVERYONE", id="P001", reason="the boss")],
        )
        report = validate(org, policy)
        assert len(report) == len(org) - 1
        assert not report.ok
        assert "P001" not in {f.id for f in report}

    def test_code_clash(self) -> None:
        """A custom rule may not reuse a built-in code or name."""

        @rule(code="ONE_OVER_ONE")
        def clash(ctx: Context) -> Iterator[Finding]:
            yield from ()

        with pytest.raises(PolicyError, match="already uses"):
            Policy(rules=[clash])

    def test_bad_codes(self) -> None:
        """Codes must be UPPER_SNAKE and names kebab-case."""
        with pytest.raises(ValueError, match="UPPER_SNAKE"):
            rule(code="lower")(lambda ctx: None)
        with pytest.raises(ValueError, match="kebab-case"):
            rule(code="OK", name="Not Kebab")(lambda ctx: None)

    def test_from_policy_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """rules = ["module:function"] imports the user's rule by dotted path."""
        write(
            tmp_path / "lib" / "mychecks.py",
            '''
            from orgshape.rules import rule

            @rule(code="PM_NEEDS_DESIGNER", severity="info")
            def pm_needs_designer(ctx):
                """A Director's group needs a designer."""
                functions = ctx.column("function") or [None] * len(ctx.ids)
                for i in ctx.indices(level="DIRECTOR"):
                    if "design" not in {functions[k] for k in ctx.children(i)}:
                        yield ctx.finding(i, message=f"{ctx.who(i)} has no designer")

            def plain(ctx):
                return []
            ''',
        )
        monkeypatch.syspath_prepend(str(tmp_path / "lib"))
        path = write(
            tmp_path / "orgshape.toml",
            'rules = ["mychecks:pm_needs_designer", "mychecks:plain"]\nselect = ["custom"]\n',
        )
        policy = load_policy(path, allow_code=True)
        assert [r.code for r in policy.rules] == ["PM_NEEDS_DESIGNER", "PLAIN"]
        report = validate(example(), policy)
        assert {f.id for f in report} == {"P010", "P014"}
        assert policy.to_dict()["rules"] == ["mychecks:pm_needs_designer", "mychecks:plain"]

    def test_module_beside_policy_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A module next to the policy file is found without touching sys.path."""
        write(tmp_path / "nextdoor_checks.py", "def check(ctx):\n    return None\n")
        path = write(tmp_path / "orgshape.toml", 'rules = ["nextdoor_checks:check"]\n')
        monkeypatch.delitem(__import__("sys").modules, "nextdoor_checks", raising=False)
        assert [r.code for r in load_policy(path, allow_code=True).rules] == ["CHECK"]

    @pytest.mark.parametrize(
        ("target", "expected"),
        [
            ("no_such_module_xyz:f", "cannot import module 'no_such_module_xyz'"),
            (
                "json:JSONDecodr",
                "'json' has no attribute 'JSONDecodr'; did you mean 'JSONDecoder'?",
            ),
            ("json", "must be 'module:function'"),
            ("json:__name__", "is not a rule"),
        ],
    )
    def test_import_errors(self, tmp_path: Path, target: str, expected: str) -> None:
        """A rule that cannot be imported is a PolicyError naming the entry and the file."""
        path = write(tmp_path / "orgshape.toml", f'rules = ["{target}"]\n')
        with pytest.raises(PolicyError) as info:
            load_policy(path, allow_code=True)
        assert expected in str(info.value)
        assert "rules[0] of" in str(info.value)

    def test_module_that_fails_to_import(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A module that raises while importing is reported, with the cause kept."""
        write(tmp_path / "lib" / "explodes_on_import.py", "raise RuntimeError('boom')\n")
        monkeypatch.syspath_prepend(str(tmp_path / "lib"))
        with pytest.raises(
            PolicyError, match="importing 'explodes_on_import' failed: RuntimeError"
        ):
            Policy.from_dict({"rules": ["explodes_on_import:x"]}, allow_code=True)

    def test_code_in_a_file_needs_an_opt_in(self, tmp_path: Path) -> None:
        """A file's rules are not imported unless the caller allows code; they are listed."""
        marker = tmp_path / "ran"
        write(
            tmp_path / "lib" / "sneaky_checks.py",
            f"import pathlib\npathlib.Path({str(marker)!r}).write_text('x')\n"
            "def check(ctx):\n    return None\n",
        )
        path = write(tmp_path / "orgshape.toml", 'rules = ["sneaky_checks:check"]\n')
        policy = load_policy(path)
        assert policy.rules == ()
        assert policy.skipped_rules == ("sneaky_checks:check",)
        assert not marker.exists()
        found, _ = find_policy(tmp_path)
        assert found.skipped_rules == ("sneaky_checks:check",)
        assert not marker.exists()
        assert Policy.from_dict({"rules": ["sneaky_checks:check"]}).rules == ()
        assert not marker.exists()

    def test_a_policy_in_the_current_folder_may_trust_itself(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """allow_code = true counts only in a policy file of the current folder."""
        write(tmp_path / "own_checks.py", "def check(ctx):\n    return None\n")
        write(tmp_path / "orgshape.toml", 'allow_code = true\nrules = ["own_checks:check"]\n')
        below = tmp_path / "a" / "b" / "c"
        below.mkdir(parents=True)
        monkeypatch.delitem(__import__("sys").modules, "own_checks", raising=False)
        monkeypatch.chdir(below)
        policy, source = find_policy()
        assert source == str(tmp_path / "orgshape.toml")
        assert (policy.rules, policy.skipped_rules) == ((), ("own_checks:check",))
        monkeypatch.chdir(tmp_path)
        policy, _ = find_policy()
        assert [r.code for r in policy.rules] == ["CHECK"]

    def test_settings_for_unloaded_rules_still_load(self, tmp_path: Path) -> None:
        """select/severity/exemptions naming rules left unloaded are not errors."""
        path = write(
            tmp_path / "orgshape.toml",
            'rules = ["x_checks:mine"]\nselect = ["custom", "spans"]\n'
            '[severity]\nMINE = "error"\n[[exemptions]]\nrule = "MINE"\nid = "P1"\n'
            'reason = "pilot"\n',
        )
        policy = load_policy(path)
        assert policy.skipped_rules == ("x_checks:mine",)
        assert {f.code for f in validate(example(), policy)} <= {
            r.code for r in BUILTIN_RULES.values() if r.group == "spans"
        }

    def test_allow_code_must_be_a_flag(self) -> None:
        """allow_code takes true or false."""
        with pytest.raises(PolicyError, match="allow_code"):
            Policy.from_dict({"allow_code": "yes"})

    def test_builtin_rule_in_rules_runs_once(self) -> None:
        """Listing a built-in rule among custom rules does not run it twice."""
        policy = Policy(rules=[BUILTIN_RULES["ONE_OVER_ONE"]], select=["one-over-one"])
        assert len(validate(example(), policy)) == 1

    def test_builtin_rules_use_same_mechanism(self) -> None:
        """Built-in rules are Rule objects made by the same decorator."""
        assert all(isinstance(r, Rule) for r in BUILTIN_RULES.values())


# ----------------------------------------------------------------------------- properties


class TestProperties:
    @settings(max_examples=50, deadline=None)
    @given(
        st.fixed_dictionaries(
            {},
            optional={
                "max_layers": st.integers(1, 12),
                "max_level_gap": st.integers(1, 5),
                "promotion_years": st.integers(0, 10),
                "max_vacancy_share": st.floats(0, 1),
                "select": st.lists(
                    st.sampled_from(["ALL", "spans", "one-over-one", "CYCLE"]), min_size=1
                ),
                "ignore": st.lists(st.sampled_from(["people", "team-mix", "LEVEL_SKIP"])),
                "spans": st.dictionaries(
                    st.sampled_from(["CPO", "VP", "HEAD", "DIRECTOR", "SENIOR_PM", "PM"]),
                    st.tuples(st.integers(0, 5), st.integers(5, 20)).map(list),
                ),
            },
        )
    )
    def test_to_dict_round_trip(self, data: dict[str, Any]) -> None:
        """Any valid policy survives to_dict → from_dict with the same effective values."""
        policy = Policy.from_dict(data)
        assert Policy.from_dict(policy.to_dict()).to_dict() == policy.to_dict()
