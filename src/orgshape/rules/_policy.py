"""Policies: the thresholds and rule selection a validation uses, from code or files."""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import importlib
import math
import re
import sys
import types
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, TypeAlias

import attrs

from orgshape._ladder import DEFAULT_LADDER, Ladder
from orgshape._metrics import Bands
from orgshape.exceptions import DataError, InputError, PolicyError
from orgshape.io._numbers import ambiguity, read_number
from orgshape.rules._finding import Severity
from orgshape.rules._rule import Rule, as_rule

__all__ = [
    "DEFAULT_COVERAGE",
    "DEFAULT_MAX_PRODUCTS",
    "DEFAULT_MIN_PRODUCTS",
    "DEFAULT_SPANS",
    "Exemption",
    "Policy",
    "ResolvedPolicy",
    "SpanRange",
    "find_policy",
    "load_policy",
    "require_policy",
]

#: A span range: ``(min, max)``; ``max`` None means no upper bound.
SpanRange: TypeAlias = tuple[int, int | None]
#: A partner-coverage setting: ``(level, max_pms)``; ``max_pms`` None means "at least one".
Coverage: TypeAlias = tuple[str, int | None]

DEFAULT_SPANS: Final[Mapping[str, SpanRange]] = types.MappingProxyType(
    {
        "CPO": (2, 10),
        "VP": (2, 8),
        "HEAD": (3, 8),
        "SENIOR_DIRECTOR": (3, 8),
        "DIRECTOR": (3, 8),
        "GROUP_PM": (2, 5),
        "SENIOR_PM": (1, 5),
    }
)
"""Default span ranges per level (see :class:`Policy` for where they come from)."""

DEFAULT_MIN_PRODUCTS: Final[Mapping[str, int]] = types.MappingProxyType({"SENIOR_PM": 2})
"""Default smallest portfolio per level: a Senior PM looks after several products."""

DEFAULT_COVERAGE: Final[Mapping[str, Coverage | None]] = types.MappingProxyType(
    {"design": ("HEAD", 5)}
)
"""Default partner coverage: a designer in every team, shared by at most five PMs."""

DEFAULT_MAX_PRODUCTS: Final[Mapping[str, int]] = types.MappingProxyType({"PM": 3, "SENIOR_PM": 5})
"""Default largest portfolio per level: a PM owns one product or area, three at most."""

_DEFAULT_MIX_LEVELS: Final = ("HEAD", "DIRECTOR")
#: The most layers allowed by default, whatever the ladder: "very large firms aim for no
#: more than 7-8 layers".
_DEFAULT_MAX_LAYERS: Final = 8
#: The default largest step from a manager to a report, counted in management levels in use.
_DEFAULT_MAX_LEVEL_GAP: Final = 3
#: The levels counted as product managers by default (those of them on the ladder).
_DEFAULT_PM_LEVELS: Final = (
    "GROUP_PM",
    "PRINCIPAL_PM",
    "SENIOR_PM",
    "PM",
    "PRODUCT_OWNER",
    "ASSOCIATE_PM",
)
#: The promotion step the people rules judge: PM → Senior PM, by name.
_PROMOTION_STEP: Final = ("PM", "SENIOR_PM")
#: The lowest level that is a healthy top of a product org besides the root level.
_LOWEST_LEADER: Final = "HEAD"
_POLICY_FILE: Final = "orgshape.toml"
#: The policy key by which a policy file in the current folder trusts its own rules.
_ALLOW_CODE_KEY: Final = "allow_code"
_PYPROJECT: Final = "pyproject.toml"

# Where the policy being read comes from: (key prefix, source), for error messages.
_WHERE: contextvars.ContextVar[tuple[str, str | None]] = contextvars.ContextVar(
    "orgshape_policy_where", default=("", None)
)


# --------------------------------------------------------------------------- errors


def _did_you_mean(word: object, choices: Iterable[str]) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _of(source: str | None) -> str:
    return f" of {source}" if source else ""


def _bad(
    key: str, value: object, expected: str, choices: Iterable[str] = (), *, why: str = ""
) -> PolicyError:
    prefix, source = _WHERE.get()
    choices = tuple(choices)
    message = f"{prefix}{key}{_of(source)} must be {expected}"
    if choices:
        message = f"{message} (valid: {', '.join(choices)})"
    return PolicyError(f"{message}, got {value!r}{why}{_did_you_mean(value, choices)}")


def _unknown_key(key: object, table: str, valid: Iterable[str]) -> PolicyError:
    prefix, source = _WHERE.get()
    valid = sorted(valid)
    path = f"{prefix}{table}".rstrip(".")
    where = f"{path} of {source}" if path and source else path or source or "the policy"
    return PolicyError(
        f"unknown key {key!r} in {where} (valid: {', '.join(valid)}){_did_you_mean(key, valid)}"
    )


# --------------------------------------------------------------------------- converters


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _exact(key: str, value: object, expected: str) -> float:
    """A number checked by ``_is_number`` as a float, refusing an integer a float rounds."""
    if isinstance(value, int) and abs(value) >= _EXACT_AMOUNT:
        raise _bad(key, value, f"{expected}, held exactly (below {_EXACT_AMOUNT:,})")
    return float(value) + 0.0  # type: ignore[arg-type]  # -0.0 is 0


def _table(value: object, key: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise _bad(key, value, "a table (mapping) with string keys")
    return value


def _names(value: object, key: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise _bad(key, value, "a list of strings")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str) or not item:
            raise _bad(key, value, "a list of non-empty strings")
    return items


def _ic_levels(value: object) -> tuple[str, ...] | None:
    return None if value is None else _names(value, "ic_levels")


def _pm_levels(value: object) -> tuple[str, ...] | None:
    return None if value is None else _names(value, "pm_levels")


def _mix_levels(value: object) -> tuple[str, ...]:
    return _names(value, "mix_levels")


def _catalogue(value: object) -> tuple[str, ...]:
    return _names(value, "products")


def _span_range(value: object, key: str) -> SpanRange:
    if value is None:
        return (0, None)
    expected = "[min, max] or [min] (no upper bound), integers >= 0 with min <= max"
    if isinstance(value, str) or not isinstance(value, Sequence) or len(value) not in (1, 2):
        raise _bad(key, value, expected)
    low = value[0]
    high = value[1] if len(value) == 2 else None
    if not _is_int(low) or low < 0 or (high is not None and (not _is_int(high) or high < low)):
        raise _bad(key, value, expected)
    return (low, high)


def _spans(value: object) -> Mapping[str, SpanRange]:
    table = _table(value, "spans")
    merged = dict(DEFAULT_SPANS)
    merged.update({level: _span_range(v, f"spans.{level}") for level, v in table.items()})
    return types.MappingProxyType(merged)


def _min_products(value: object) -> Mapping[str, int]:
    table = _table(value, "min_products")
    merged = dict(DEFAULT_MIN_PRODUCTS)
    for level, n in table.items():
        if not _is_int(n) or n < 0:
            raise _bad(f"min_products.{level}", n, "an integer >= 0")
        merged[level] = n
    return types.MappingProxyType(merged)


def _max_products(value: object) -> Mapping[str, int]:
    table = _table(value, "max_products")
    merged = dict(DEFAULT_MAX_PRODUCTS)
    for level, n in table.items():
        if n is None:
            merged.pop(level, None)
            continue
        if not _is_int(n) or n < 1:
            raise _bad(f"max_products.{level}", n, "an integer >= 1")
        merged[level] = n
    return types.MappingProxyType(merged)


def _max_dotted_managers(value: object) -> int:
    return _int_at_least("max_dotted_managers", value, 1)


def _max_partner_teams(value: object) -> int:
    return _int_at_least("max_partner_teams", value, 1)


def _product_ops_min_pms(value: object) -> int | None:
    return None if value is None else _int_at_least("product_ops_min_pms", value, 1)


#: From 2**53 on a float no longer holds every whole number: a larger cost would be read
#: as a neighbouring one (TOML integers go to 2**63).
_EXACT_AMOUNT: Final = 2**53


def _level_costs(value: object) -> Mapping[str, float]:
    table = _table(value, "level_costs")
    costs: dict[str, float] = {}
    for level, amount in table.items():
        if not _is_number(amount) or amount < 0:
            raise _bad(f"level_costs.{level}", amount, "an amount >= 0")
        if amount >= _EXACT_AMOUNT:
            expected = f"an amount >= 0 held exactly (at most {_EXACT_AMOUNT - 1:,})"
            raise _bad(f"level_costs.{level}", amount, expected)
        costs[level] = float(amount) + 0.0  # -0.0 is 0
    return types.MappingProxyType(costs)


def _coverage_entry(value: object, key: str) -> Coverage | None:
    if value is None or value is False:
        return None
    if isinstance(value, str):
        return (value, None)
    if isinstance(value, tuple) and len(value) == 2:
        value = {"level": value[0], "max_pms": value[1]}
    if isinstance(value, Mapping):
        for k in value:
            if k not in ("level", "max_pms"):
                raise _unknown_key(k, key, ("level", "max_pms"))
        level = value.get("level")
        max_pms = value.get("max_pms")
        if not isinstance(level, str) or not level:
            raise _bad(f"{key}.level", level, "a level name")
        if max_pms is not None and (not _is_int(max_pms) or max_pms < 1):
            raise _bad(f"{key}.max_pms", max_pms, "an integer >= 1")
        return (level, max_pms)
    raise _bad(key, value, 'a level name, a table {level = "HEAD", max_pms = 8}, or false (off)')


def _coverage(value: object) -> Mapping[str, Coverage | None]:
    table = _table(value, "coverage")
    merged = dict(DEFAULT_COVERAGE)
    for function, entry in table.items():
        merged[function] = _coverage_entry(entry, f"coverage.{function}")
    return types.MappingProxyType(merged)


def _severities(value: object) -> Mapping[str, Severity]:
    table = _table(value, "severity")
    out: dict[str, Severity] = {}
    for key, sev in table.items():
        try:
            out[key] = Severity(sev)
        except ValueError:
            raise _bad(f"severity.{key}", sev, "a severity", [s.value for s in Severity]) from None
    return types.MappingProxyType(out)


def _select(value: object) -> tuple[str, ...]:
    return _names([value] if isinstance(value, str) else value, "select")


def _ignore(value: object) -> tuple[str, ...]:
    return _names([value] if isinstance(value, str) else value, "ignore")


def _promotion_years(value: object) -> float:
    if not _is_number(value) or value < 0:  # type: ignore[operator]
        raise _bad("promotion_years", value, "a number >= 0")
    return _exact("promotion_years", value, "a number >= 0")


def _share(value: object) -> float:
    if not _is_number(value) or not 0 <= value <= 1:  # type: ignore[operator]
        raise _bad("max_vacancy_share", value, "a number from 0 to 1 (0.5 is 50%)")
    return float(value) + 0.0  # type: ignore[arg-type]  # -0.0 is 0


def _int_at_least(key: str, value: object, low: int) -> int:
    if not _is_int(value) or value < low:  # type: ignore[operator]
        raise _bad(key, value, f"an integer >= {low}")
    return value  # type: ignore[return-value]


def _max_layers(value: object) -> int | None:
    return None if value is None else _int_at_least("max_layers", value, 1)


def _max_level_gap(value: object) -> int:
    return _int_at_least("max_level_gap", value, 1)


def _min_engineers(value: object) -> int:
    return _int_at_least("min_engineers", value, 1)


def _ratio(value: object) -> tuple[float, float]:
    expected = "[min, max] engineers per PM, numbers > 0 with min <= max"
    if isinstance(value, str) or not isinstance(value, Sequence) or len(value) != 2:
        raise _bad("engineers_per_pm", value, expected)
    low, high = value
    if not (_is_number(low) and _is_number(high)) or not 0 < low <= high:
        raise _bad("engineers_per_pm", value, expected)
    return (
        _exact("engineers_per_pm", low, expected),
        _exact("engineers_per_pm", high, expected),
    )


def _root_level(value: object) -> str | None:
    if value is not None and (not isinstance(value, str) or not value):
        raise _bad("root_level", value, "a level name")
    return value


def _ladder(value: object) -> Ladder | None:
    if value is None or isinstance(value, Ladder):
        return value
    if isinstance(value, Mapping):
        prefix, source = _WHERE.get()
        return Ladder.from_dict(value, source=source, section=f"{prefix}ladder")
    raise _bad("ladder", value, "a Ladder or a [ladder] table")


def _bands(value: object) -> Bands:
    if isinstance(value, Bands):
        return value
    try:
        if isinstance(value, str):
            return Bands.named(value)
        if isinstance(value, Mapping):
            return Bands.custom(value)
    except PolicyError as err:
        prefix, source = _WHERE.get()
        raise PolicyError(f"{prefix}bands{_of(source)}: {err}") from None
    raise _bad("bands", value, "'orgvue', 'mckinsey', or a table of label = [min, max]")


def _exemptions(value: object) -> tuple[Exemption, ...]:
    if isinstance(value, str | Mapping) or not isinstance(value, Iterable):
        raise _bad("exemptions", value, "a list of {rule, id, reason} tables")
    out: list[Exemption] = []
    for k, item in enumerate(value):
        if isinstance(item, Exemption):
            out.append(item)
            continue
        key = f"exemptions[{k}]"
        table = _table(item, key)
        for name in table:
            if name not in ("id", "reason", "rule"):
                raise _unknown_key(name, key, ("id", "reason", "rule"))
        for name in ("rule", "id", "reason"):
            if not isinstance(table.get(name), str) or not table[name].strip():
                raise _bad(f"{key}.{name}", table.get(name), "a non-empty string")
        out.append(Exemption(rule=table["rule"], id=table["id"], reason=table["reason"]))
    return tuple(out)


def _rules(value: object) -> tuple[Rule, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise _bad("rules", value, 'a list of rules or "module:function" strings')
    out: list[Rule] = []
    for k, item in enumerate(value):
        if isinstance(item, str):
            out.extend(_import_rules(item, f"rules[{k}]"))
        else:
            try:
                out.append(as_rule(item))
            except (TypeError, ValueError) as err:
                raise _bad(f"rules[{k}]", item, f"a rule ({err})") from None
    return tuple(out)


def _import_rules(target: str, key: str) -> list[Rule]:
    prefix, source = _WHERE.get()
    where = f"{prefix}{key}{_of(source)}"
    module_name, sep, attr = target.partition(":")
    if not sep or not module_name or not attr:
        raise PolicyError(
            f"{where} must be 'module:function' (e.g. 'mypkg.checks:pm_needs_designer'), "
            f"got {target!r}"
        )
    module = _import_module(module_name, where, source)
    obj: Any = module
    for part in attr.split("."):
        if not hasattr(obj, part):
            names = [n for n in dir(obj) if not n.startswith("_")]
            raise PolicyError(
                f"{where}: {module_name!r} has no attribute {attr!r}{_did_you_mean(part, names)}"
            )
        obj = getattr(obj, part)
    items = obj if isinstance(obj, list | tuple) else [obj]
    try:
        return [as_rule(item) for item in items]
    except (TypeError, ValueError) as err:
        raise PolicyError(f"{where}: {target!r} is not a rule: {err}") from None


def _import_module(name: str, where: str, source: str | None) -> types.ModuleType:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        # A module next to the policy file is found even when that folder is not on sys.path.
        folder = str(Path(source).resolve().parent) if source else None
        missing = err.name is not None and name.split(".")[0] == err.name.split(".")[0]
        if folder is not None and missing and folder not in sys.path:
            sys.path.insert(0, folder)
            try:
                return importlib.import_module(name)
            except ModuleNotFoundError:
                pass
            except Exception as inner:  # the user's module failed: say so, keep the cause
                raise PolicyError(f"{where}: importing {name!r} failed: {inner!r}") from inner
            finally:
                with contextlib.suppress(ValueError):
                    sys.path.remove(folder)
        raise PolicyError(
            f"{where}: cannot import module {name!r} ({err}); install it or put it on "
            "sys.path (PYTHONPATH)"
        ) from None
    except Exception as err:  # the user's module failed: say so, keep the cause
        raise PolicyError(f"{where}: importing {name!r} failed: {err!r}") from err


# --------------------------------------------------------------------------- records


def _text(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise PolicyError(
            f"an exemption's {attribute.name} must be a non-empty string, got {value!r}"
        )


@attrs.frozen(kw_only=True)
class Exemption:
    """An allowed exception: a rule that does not apply to one person, and why.

    An exemption silences the findings of ``rule`` whose *main* person
    (``Finding.id``) is ``id``. An exemption that silences nothing is reported
    (``UNUSED_EXEMPTION``), so stale ones do not pile up.

    Attributes:
        rule: the rule's code or name (``"ONE_OVER_ONE"`` or ``"one-over-one"``).
        id: the position id.
        reason: why the exception is allowed (required; shown in reviews).

    Examples:
        >>> Exemption(rule="one-over-one", id="P006", reason="Growth Director ramping up")
        Exemption(rule='one-over-one', id='P006', reason='Growth Director ramping up')
    """

    rule: str = attrs.field(validator=_text)
    id: str = attrs.field(validator=_text)
    reason: str = attrs.field(validator=_text)


# --------------------------------------------------------------------------- Policy


@attrs.frozen(kw_only=True)
class ResolvedPolicy:
    """A :class:`Policy` resolved against one ladder (made by :meth:`Policy.resolve`).

    Attributes:
        policy: the policy it was resolved from.
        ladder: the ladder levels are judged with.
        root_level: the level the top of the org should be on.
        ic_levels: the individual-contributor levels.
        pm_levels: the levels counted as product managers.
        max_layers: the most layers allowed.
        top_levels: the levels that are a healthy top of the org: the root level, and
            by default the management levels down to ``HEAD`` (a VP- or Head-led
            product org is a common, healthy shape).
        promotion: the promotion step the people rules judge, ``(level, next level)``:
            ``("PM", "SENIOR_PM")`` when both are on the ladder, else None (those rules
            then do not run).
        rules: the rules the policy selects, in the order they run.
    """

    policy: Policy
    ladder: Ladder
    root_level: str
    ic_levels: frozenset[str]
    pm_levels: frozenset[str]
    max_layers: int
    top_levels: frozenset[str]
    promotion: tuple[str, str] | None
    rules: tuple[Rule, ...]


@attrs.frozen(kw_only=True)
class Policy:
    """What a validation checks: thresholds, rule selection, exceptions and the ladder.

    Every field has a default, so ``Policy()`` is a sensible policy for the product
    ladder. The same keys are read from ``orgshape.toml``, a YAML file, or
    ``[tool.orgshape]`` in ``pyproject.toml`` (see :func:`load_policy`).

    Attributes:
        spans: the span range ``(min, max)`` per level; ``max`` None is unbounded.
            Levels you leave out keep their default. Defaults: CPO 2–10, VP 2–8,
            HEAD 3–8, SENIOR_DIRECTOR 3–8, DIRECTOR 3–8, GROUP_PM 2–5, SENIOR_PM 1–5;
            the IC levels (PRINCIPAL_PM, PM, PRODUCT_OWNER, ASSOCIATE_PM) have none.
            Sources: McKinsey's span archetypes (Acharya et al., "How to identify the
            right 'spans of control' for your organization", 2017: player/coach 3–5,
            coach 6–7, supervisor 8–10, facilitator 11–15, coordinator 15+) — product
            Directors and Heads are player/coaches and coaches, so 3–8 covers both and
            stops where supervising starts; a Senior PM who leads PMs is a player/coach
            with a portfolio of their own, so at most 5; VPs and the CPO lead a few
            leaders plus staff, so 2 is enough and 8/10 caps them. Orgvue's bands
            (1, 2–3, 4–7, 8–12, 13–16, 17+) put 8 at the start of "on target" for
            front-line managers; product leaders are not front-line managers, hence the
            lower caps. A Group PM is a player/coach who keeps a product scope of their
            own: 2–5 PMs (GitLab's handbook: a Group Manager, Product "typically manages
            2-4 Product Managers"; issue 16: 2–5). A span of 1 is judged by
            ``ONE_OVER_ONE``, not by the minimum, and not at all where the minimum is 1.
        max_layers: the most layers allowed; None (default): 8, whatever the ladder
            ("very large firms aim for no more than 7–8 layers"). It does not grow with
            the number of levels a ladder has.
        max_level_gap: the largest step from a manager down to a report, counted in the
            management levels the org uses: the non-IC levels at which someone in the
            org has reports. A step of 1 skips none of them (default 3: up to two
            may be skipped, so a VP may lead a Group PM where Heads and Directors exist,
            a CPO may not lead PMs where VPs, Directors and Group PMs lead the rest; a
            CPO leading PMs where nobody else manages skips nothing). Senior individual
            contributors (an IC level above a management level, such as PRINCIPAL_PM)
            sit beside the managers and are never a skip.
        root_level: the level of the top of the org; None (default): the ladder's top
            level (CPO).
        ic_levels: individual-contributor levels; None (default): the ladder's (PM).
        pm_levels: the levels counted as product managers (who own products and count
            as PMs in team mix); None (default): GROUP_PM, PRINCIPAL_PM, SENIOR_PM, PM,
            PRODUCT_OWNER and ASSOCIATE_PM, those of them on the ladder; on a ladder
            with none of these names, the IC levels and the level right above each.
        severity: severity overrides, by rule code or name.
        select: the rules to run, by code, name or group (``"spans"``), or ``"ALL"``
            (default), as in ruff.
        ignore: rules not to run (same spellings as ``select``).
        exemptions: per-person exceptions with a reason (see :class:`Exemption`).
        ladder: the ladder to judge levels with; None (default): the org's own. In a
            file, the ``[ladder]`` section (:meth:`orgshape.Ladder.from_dict`).
        max_vacancy_share: the largest share of a manager's direct reports that may be
            open roles (default 0.5: a team that is mostly open seats is a hiring plan,
            not yet a team; orgshape's own choice, there is no published norm).
        promotion_years: years of experience after which a PM is a promotion candidate,
            and below which a Senior PM is unusually junior (default 4: "a PM needs
            about four to five years of experience" before promotion to Senior PM).
            Judged on the PM → SENIOR_PM step by name, on any ladder that has both.
        min_products: the smallest portfolio per level (default SENIOR_PM: 2, because a
            Senior PM "looks after a portfolio of products"); merged like ``spans``.
        engineers_per_pm: the expected engineers per PM, ``(min, max)`` (default 5–10:
            "PM : engineer is commonly 1:5 to 1:10").
        min_engineers: the PM:engineer ratio of a team is judged only when the data list
            at least this many engineers in it (default 5, one PM's minimum): product
            org data often holds a stray engineer or none, because engineering reports
            elsewhere, and judging those teams would only produce noise.
        mix_levels: the levels whose teams (everyone below them) get the PM:engineer
            ratio judged (default HEAD and DIRECTOR: product areas and groups).
        coverage: partner functions and where each must be present: function →
            ``(level, max_pms)``; every team with PMs in it needs at least one person
            of that function, and at most ``max_pms`` PMs per such person when given.
            A team is a value of the ``area`` column (team, squad, product area) when
            the org has one, else the org of a manager at ``level``; partners count by
            area, solid line and dotted line. Default: ``design`` in every team, at
            most 5 PMs per designer ("a product org needs a balanced mix of roles
            around the PMs"; Cagan, *Inspired*, 2nd ed. 2017: a product team is a PM,
            a product designer and engineers, so 1:1 is the model and five PMs per
            designer is orgshape's tolerance for shared designers, the same spread as
            ``max_partner_teams``). Judged only when the org has function data and
            someone in the org has that function. None turns a function off; merged
            like ``spans``.
        product_ops_min_pms: the number of PMs, across at least two teams, from which
            an org needs product operations (default 10: product ops is a central
            team that appears once a product org has about ten PMs in several areas;
            issue 16 and [Domain]). None turns the check off.
        max_products: the largest portfolio per level (default PM 3, SENIOR_PM 5: a
            PM owns one product or area, a Senior PM a portfolio of several; a PM with
            more than three is a single point of failure). Levels not on the ladder
            are not judged; None for a level turns it off; merged like ``spans``.
        max_dotted_managers: the most dotted-line managers a person may have
            (default 2: three or more dotted managers is an overload, issue 16).
        max_partner_teams: the most teams a partner (a designer, engineer, product
            ops or data person) may serve through their area and dotted lines
            (default 3: "a partner spread across more than three teams", issue 16).
        products: a product catalogue: products that must each have an owner.
        level_costs: the annual cost of a new seat per level, for the seats that
            scenario operations make (``insert_layer``, ``add_seat``) without a cost;
            a level left out costs the median of that level's known costs in the org
            (none: no cost). Empty by default.
        bands: the span-band profile for metrics (``Bands.orgvue()`` by default, or
            ``"mckinsey"``, or custom bands); see :class:`orgshape.Bands`.
        rules: custom rules (:class:`Rule` objects or plain check functions); in a file,
            ``"module:function"`` strings.
        source: the file the policy was read from, if any (not part of equality).
        skipped_rules: the ``"module:function"`` rules of a policy *file* that were not
            imported, because loading code from a file needs an explicit opt-in (see
            :func:`load_policy`); not part of equality.

    Raises:
        PolicyError: a bad value, an unknown rule in ``select``/``ignore``/``severity``/
            ``exemptions``, or an unknown level (checked against ``ladder`` when it is
            given, else against the org's ladder when validating).

    Examples:
        >>> policy = Policy(spans={"DIRECTOR": (3, 10)}, ignore=["people"])
        >>> policy.spans["DIRECTOR"], policy.spans["HEAD"]
        ((3, 10), (3, 8))
        >>> Policy(select=["span-above-rnage"])
        Traceback (most recent call last):
        ...
        orgshape.exceptions.PolicyError: unknown rule or group 'span-above-rnage' in select \
(valid: ALL, custom, ladder, ...); did you mean 'span-above-range'?
    """

    spans: Mapping[str, SpanRange] = attrs.field(default=DEFAULT_SPANS, converter=_spans)
    max_layers: int | None = attrs.field(default=None, converter=_max_layers)
    max_level_gap: int = attrs.field(default=_DEFAULT_MAX_LEVEL_GAP, converter=_max_level_gap)
    root_level: str | None = attrs.field(default=None, converter=_root_level)
    ic_levels: tuple[str, ...] | None = attrs.field(default=None, converter=_ic_levels)
    pm_levels: tuple[str, ...] | None = attrs.field(default=None, converter=_pm_levels)
    severity: Mapping[str, Severity] = attrs.field(
        factory=dict, converter=_severities, repr=lambda m: repr(dict(m))
    )
    select: tuple[str, ...] = attrs.field(default=("ALL",), converter=_select)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=_ignore)
    exemptions: tuple[Exemption, ...] = attrs.field(default=(), converter=_exemptions)
    ladder: Ladder | None = attrs.field(default=None, converter=_ladder)
    max_vacancy_share: float = attrs.field(default=0.5, converter=_share)
    promotion_years: float = attrs.field(default=4.0, converter=_promotion_years)
    min_products: Mapping[str, int] = attrs.field(
        default=DEFAULT_MIN_PRODUCTS, converter=_min_products, repr=lambda m: repr(dict(m))
    )
    engineers_per_pm: tuple[float, float] = attrs.field(default=(5.0, 10.0), converter=_ratio)
    min_engineers: int = attrs.field(default=5, converter=_min_engineers)
    mix_levels: tuple[str, ...] = attrs.field(default=_DEFAULT_MIX_LEVELS, converter=_mix_levels)
    coverage: Mapping[str, Coverage | None] = attrs.field(
        default=DEFAULT_COVERAGE, converter=_coverage, repr=lambda m: repr(dict(m))
    )
    product_ops_min_pms: int | None = attrs.field(default=10, converter=_product_ops_min_pms)
    max_products: Mapping[str, int] = attrs.field(
        default=DEFAULT_MAX_PRODUCTS, converter=_max_products, repr=lambda m: repr(dict(m))
    )
    max_dotted_managers: int = attrs.field(default=2, converter=_max_dotted_managers)
    max_partner_teams: int = attrs.field(default=3, converter=_max_partner_teams)
    products: tuple[str, ...] = attrs.field(default=(), converter=_catalogue)
    level_costs: Mapping[str, float] = attrs.field(
        factory=dict, converter=_level_costs, repr=lambda m: repr(dict(m))
    )
    bands: Bands = attrs.field(factory=Bands.orgvue, converter=_bands)
    rules: tuple[Rule, ...] = attrs.field(default=(), converter=_rules)
    source: str | None = attrs.field(default=None, eq=False, repr=False)
    skipped_rules: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self._check_rules()
        if self.ladder is not None:
            self._check_levels(self.ladder)

    # -- checks ---------------------------------------------------------------------

    def _where(self, key: str) -> str:
        prefix, source = _WHERE.get()
        return f"{prefix}{key}{_of(source or self.source)}"

    def _check_rules(self) -> None:
        from orgshape.rules._builtin import BUILTIN_RULES  # noqa: PLC0415  (import cycle)

        known: dict[str, Rule] = {}
        for r in (*BUILTIN_RULES.values(), *self.rules):
            for key in (r.code, r.name):
                other = known.setdefault(key, r)
                if other is not r and other != r:
                    raise PolicyError(
                        f"{self._where('rules')}: custom rule {r!r} uses {key!r}, "
                        f"which {other!r} already uses; give it another code and name"
                    )
        groups = {r.group for r in known.values()} | {"custom"}
        rule_keys = sorted({r.code for r in known.values()})
        checks = [
            (field, entry, ["ALL", *sorted(groups), *rule_keys], "rule or group")
            for field in ("select", "ignore")
            for entry in getattr(self, field)
        ]
        checks += [("severity", entry, rule_keys, "rule") for entry in self.severity]
        checks += [("exemptions", e.rule, rule_keys, "rule") for e in self.exemptions]
        for field, entry, valid, what in checks:
            if entry in known or (what != "rule" and (entry == "ALL" or entry in groups)):
                continue
            if self.skipped_rules:
                continue  # it may name one of the rules left unloaded: unknowable unimported
            raise PolicyError(
                f"unknown {what} {entry!r} in {self._where(field)} (valid: {', '.join(valid)};"
                f" or a rule's kebab-case name){_did_you_mean(entry, [*valid, *known])}"
            )

    def _check_levels(self, ladder: Ladder) -> None:
        """Raise PolicyError if a level this policy names is not on ``ladder``."""
        names = ladder.names

        def check(key: str, level: str | None) -> None:
            if level is not None and level not in ladder:
                raise PolicyError(
                    f"{self._where(key)}: unknown level {level!r} (valid: {', '.join(names)})"
                    f"{_did_you_mean(level, names)}"
                )

        for level, value in self.spans.items():
            if DEFAULT_SPANS.get(level) != value:
                check(f"spans.{level}", level)
        for level, n in self.min_products.items():
            if DEFAULT_MIN_PRODUCTS.get(level) != n:
                check(f"min_products.{level}", level)
        for level in self.level_costs:
            check(f"level_costs.{level}", level)
        for level in self.max_products:
            if level not in DEFAULT_MAX_PRODUCTS:
                check(f"max_products.{level}", level)
        for function, entry in self.coverage.items():
            if entry is not None and DEFAULT_COVERAGE.get(function) != entry:
                check(f"coverage.{function}.level", entry[0])
        if self.mix_levels != _DEFAULT_MIX_LEVELS:
            for level in self.mix_levels:
                check("mix_levels", level)
        check("root_level", self.root_level)
        for field in ("ic_levels", "pm_levels"):
            for level in getattr(self, field) or ():
                check(field, level)

    # -- values resolved against a ladder --------------------------------------------

    def resolve(self, ladder: Ladder | None = None) -> ResolvedPolicy:
        """This policy's values on one ladder.

        The one way rules, the engine and strategies read levels, layers and the
        selected rules.

        Args:
            ladder: the ladder to judge with; the policy's own ``ladder`` wins when it
                is set; by default the product ladder.

        Returns:
            The resolved values (see :class:`ResolvedPolicy`).

        Raises:
            PolicyError: a level the policy names is not on the ladder.

        Examples:
            >>> resolved = Policy().resolve()
            >>> resolved.root_level, resolved.max_layers, resolved.promotion
            ('CPO', 8, ('PM', 'SENIOR_PM'))
            >>> sorted(resolved.ic_levels)
            ['ASSOCIATE_PM', 'PM', 'PRINCIPAL_PM', 'PRODUCT_OWNER']
            >>> sorted(resolved.top_levels)
            ['CPO', 'HEAD', 'VP']
            >>> Policy(root_level="VP").resolve().root_level
            'VP'
        """
        lad = self.ladder if self.ladder is not None else ladder
        if lad is None:
            lad = DEFAULT_LADDER
        self._check_levels(lad)
        root, ic, pm, layers = self._on(lad)
        promotion = _PROMOTION_STEP if all(level in lad for level in _PROMOTION_STEP) else None
        tops = {root}
        if self.root_level is None and _LOWEST_LEADER in lad:
            lowest = lad.rank(_LOWEST_LEADER)
            tops.update(
                level.name
                for level in lad
                if not level.individual_contributor
                and level.function == lad[root].function
                and lad.rank(root) <= lad.rank(level.name) <= lowest
            )
        return ResolvedPolicy(
            policy=self,
            ladder=lad,
            root_level=root,
            ic_levels=frozenset(ic),
            pm_levels=frozenset(pm),
            max_layers=layers,
            top_levels=frozenset(tops),
            promotion=promotion,
            rules=tuple(self.selected_rules()),
        )

    def _on(self, ladder: Ladder) -> tuple[str, tuple[str, ...], tuple[str, ...], int]:
        """(root level, IC levels, PM levels, max layers) on ``ladder``, unchecked."""
        names = ladder.names
        root = self.root_level if self.root_level is not None else names[0]
        if self.ic_levels is not None:
            ic: tuple[str, ...] = self.ic_levels
        else:
            ic = tuple(level.name for level in ladder if level.individual_contributor)
        if self.pm_levels is not None:
            pm: tuple[str, ...] = self.pm_levels
        else:
            pm = tuple(level for level in names if level in _DEFAULT_PM_LEVELS)
            if not pm:  # a ladder of its own names: the IC levels and the level above each
                found: list[str] = []
                for level in ic:
                    if level in ladder:
                        at = names.index(level)
                        found.extend(names[at - 1 : at + 1] if at else names[at : at + 1])
                pm = tuple(sorted(set(found), key=names.index))
        layers = self.max_layers if self.max_layers is not None else _DEFAULT_MAX_LAYERS
        return root, ic, pm, layers

    def selected_rules(self) -> tuple[Rule, ...]:
        """The rules a validation runs: built-in then custom, by ``select`` and ``ignore``.

        Examples:
            >>> [r.code for r in Policy(select=["layers"]).selected_rules()]
            ['TOO_MANY_LAYERS']
        """
        from orgshape.rules._builtin import BUILTIN_RULES  # noqa: PLC0415  (import cycle)

        def matches(entries: tuple[str, ...], r: Rule) -> bool:
            return any(e in ("ALL", r.code, r.name, r.group) for e in entries)

        custom = [r for r in self.rules if BUILTIN_RULES.get(r.code) != r]
        return tuple(
            r
            for r in (*BUILTIN_RULES.values(), *custom)
            if matches(self.select, r) and not matches(self.ignore, r)
        )

    # -- files -----------------------------------------------------------------------

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, source: str | None = None, allow_code: bool = False
    ) -> Policy:
        """A policy from the keys of a policy file (already parsed).

        Args:
            data: the parsed TOML/YAML table (for ``pyproject.toml``, the
                ``[tool.orgshape]`` table).
            source: the file it came from, named in error messages.
            allow_code: import ``"module:function"`` rules (code: see :func:`load_policy`);
                without it they are listed in :attr:`skipped_rules`.

        Raises:
            PolicyError: an unknown key or a bad value; the message names the key path,
                the file and the valid choices.

        Examples:
            >>> Policy.from_dict({"max_layers": 5, "spans": {"DIRECTOR": [3, 10]}}).max_layers
            5
            >>> Policy.from_dict({"max_layer": 5}, source="policy.toml")
            Traceback (most recent call last):
            ...
            orgshape.exceptions.PolicyError: unknown key 'max_layer' in policy.toml \
(valid: ...); did you mean 'max_layers'?
        """
        return _from_dict(data, source=source, prefix="", allow_code=allow_code)

    def to_dict(self) -> dict[str, Any]:
        """The effective policy as plain data, ready for TOML, YAML or JSON.

        Values left to the ladder (``max_layers``, ``root_level``, ``ic_levels``,
        ``pm_levels``) are resolved against the policy's ladder, else the default
        ladder, and the ladder itself is included, so the result says exactly what is
        checked. Keys are sorted; ``Policy.from_dict(p.to_dict())`` behaves like ``p``.

        Examples:
            >>> data = Policy().to_dict()
            >>> data["spans"]["DIRECTOR"], data["max_layers"], data["root_level"]
            ([3, 8], 8, 'CPO')
            >>> Policy.from_dict(data).to_dict() == data
            True
        """
        ladder = self.ladder if self.ladder is not None else DEFAULT_LADDER
        names = ladder.names
        root, ic, pm, layers = self._on(ladder)

        def level_order(levels: Iterable[str]) -> list[str]:
            return sorted(
                levels, key=lambda n: (n not in names, names.index(n) if n in names else 0, n)
            )

        def span(r: SpanRange) -> list[int]:
            return [r[0]] if r[1] is None else [r[0], r[1]]

        spans = {
            level: span(self.spans[level])
            for level in level_order(self.spans)
            if level in ladder or DEFAULT_SPANS.get(level) != self.spans[level]
        }
        coverage: dict[str, Any] = {}
        for function in sorted(self.coverage):
            entry = self.coverage[function]
            if entry is None:
                coverage[function] = False
            else:
                coverage[function] = {"level": entry[0]}
                if entry[1] is not None:
                    coverage[function]["max_pms"] = entry[1]
        bands: Any = self.bands.name
        if bands not in ("orgvue", "mckinsey") or Bands.named(bands) != self.bands:
            bands = {b.label: ([b.min] if b.max is None else [b.min, b.max]) for b in self.bands}
        data: dict[str, Any] = {
            "bands": bands,
            "coverage": coverage,
            "engineers_per_pm": list(self.engineers_per_pm),
            "max_dotted_managers": self.max_dotted_managers,
            "max_partner_teams": self.max_partner_teams,
            "max_products": {k: self.max_products[k] for k in level_order(self.max_products)},
            "product_ops_min_pms": self.product_ops_min_pms,
            "exemptions": [
                {"id": e.id, "reason": e.reason, "rule": e.rule} for e in self.exemptions
            ],
            "ic_levels": list(ic),
            "ignore": list(self.ignore),
            "ladder": ladder.to_dict(),
            "level_costs": {k: self.level_costs[k] for k in level_order(self.level_costs)},
            "max_layers": layers,
            "max_level_gap": self.max_level_gap,
            "max_vacancy_share": self.max_vacancy_share,
            "min_engineers": self.min_engineers,
            "min_products": {k: self.min_products[k] for k in level_order(self.min_products)},
            "mix_levels": list(self.mix_levels),
            "pm_levels": list(pm),
            "products": list(self.products),
            "promotion_years": self.promotion_years,
            "root_level": root,
            "rules": [r.target for r in self.rules],
            "select": list(self.select),
            "severity": {k: self.severity[k].value for k in sorted(self.severity)},
            "spans": spans,
        }
        return dict(sorted(data.items()))


_KEYS: Final = tuple(
    sorted(
        {a.name for a in attrs.fields(Policy) if a.name not in ("source", "skipped_rules")}
        | {_ALLOW_CODE_KEY}
    )
)


def require_policy(value: object, *, what: str = "policy") -> Policy:
    """``value`` when it is a :class:`Policy`, ``Policy()`` for None; else a TypeError.

    The one argument check of every function that takes an optional policy.

    Examples:
        >>> require_policy(None) == Policy()
        True
        >>> require_policy("strict.toml")
        Traceback (most recent call last):
        ...
        TypeError: policy must be a Policy or None, got str (load a file with load_policy())
    """
    if value is None:
        return Policy()
    if not isinstance(value, Policy):
        hint = " (load a file with load_policy())" if isinstance(value, str | Path) else ""
        raise TypeError(f"{what} must be a Policy or None, got {type(value).__name__}{hint}")
    return value


def _from_dict(
    data: Mapping[str, Any], *, source: str | None, prefix: str, allow_code: bool
) -> Policy:
    token = _WHERE.set((prefix, source))
    try:
        table = dict(_table(data, prefix.rstrip(".") or "policy"))
        for key in table:
            if key not in _KEYS:
                raise _unknown_key(key, "", _KEYS)
        opt_in = table.pop(_ALLOW_CODE_KEY, False)
        if not isinstance(opt_in, bool):
            raise _bad(_ALLOW_CODE_KEY, opt_in, "true or false")
        skipped: list[str] = []
        rules = table.get("rules")
        if rules is not None and not allow_code:
            if isinstance(rules, str) or not isinstance(rules, Iterable):
                raise _bad("rules", rules, 'a list of rules or "module:function" strings')
            skipped = [r for r in rules if isinstance(r, str)]
            table["rules"] = [r for r in rules if not isinstance(r, str)]
        return Policy(**table, source=source, skipped_rules=tuple(skipped))
    finally:
        _WHERE.reset(token)


def _opts_in(data: Any) -> bool:
    """True when a policy table says ``allow_code = true``."""
    return isinstance(data, Mapping) and data.get(_ALLOW_CODE_KEY) is True


# --------------------------------------------------------------------------- loading


def _parse(path: Path) -> Any:
    label = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"policy file {label} does not exist") from None
    except OSError as err:
        raise InputError(f"cannot read policy file {label}: {err.strerror or err}") from None
    suffix = path.suffix.casefold()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"policy file {label} is not UTF-8 text ({err.reason})") from None
    if suffix == ".toml":
        import tomllib  # noqa: PLC0415  (only when a file is read)

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise PolicyError(f"{label} is not valid TOML: {err}") from None
    if suffix in (".yaml", ".yml"):
        return _parse_yaml(text, label)
    raise InputError(
        f"policy file {label} has an unknown suffix {path.suffix!r} "
        "(valid: .toml, .yaml, .yml; or pyproject.toml with [tool.orgshape])"
    )


#: YAML 1.2 core schema values, decimal numbers only (see :func:`_yaml_value`).
_YAML_BOOL: Final = {"true": True, "True": True, "TRUE": True}
_YAML_BOOL.update({"false": False, "False": False, "FALSE": False})
_YAML_INT: Final = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_YAML_FLOAT: Final = re.compile(
    r"[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_LEADING_ZERO: Final = re.compile(r"[-+]?0[0-9_]+(?:\.[0-9_]*)?")


def _parse_yaml(text: str, label: str) -> Any:
    """A YAML policy, read with orgshape's own loader (as plan and org files are).

    No tags, anchors or aliases, a key given twice is an error, and plain values are
    read by :func:`_yaml_value`: YAML 1.2's, never YAML 1.1's guesses.
    """
    from orgshape.io._yaml import yaml_with_lines  # noqa: PLC0415  (PyYAML on first use)

    try:
        data, _ = yaml_with_lines(
            text,
            source=label,
            plain=lambda value, path, line: _yaml_value(value, path, line, label),
            what="a policy",
        )
    except (InputError, DataError) as err:
        message = str(err)
        raise PolicyError(message if label in message else f"{label}: {message}") from None
    return {} if data is None else data


def _yaml_value(text: str, path: tuple[str | int, ...], line: int, source: str) -> Any:
    """What a plain (unquoted) YAML value means in a policy, or a PolicyError.

    YAML 1.2's core schema, with numbers in decimal only: ``true``/``false``, integers,
    decimal fractions and exponents; everything else is text. A value YAML 1.1 (what
    PyYAML's ``safe_load`` reads) takes for another number or a boolean, ``0x10``,
    ``1:20``, ``1_0``, ``yes``/``no``/``on``/``off``, and any number with a leading zero
    (``010``: octal 8 in YAML 1.1, 10 in YAML 1.2), is refused, naming the line and the
    key path: the same file must not mean two things. An amount (``level_costs``) is
    read as plan files read theirs (``1,250,000``, ``€1,250,000``, ``150k``); one both
    readings fit with different numbers (``1.250``) is refused, never guessed.
    """
    if text in _YAML_BOOL:
        return _YAML_BOOL[text]
    key = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    where = f"{source}:{line}: {key or 'the policy'}"
    if _LEADING_ZERO.fullmatch(text):
        _yaml_refuse(text, where, "leading zero")
    core = _YAML_INT.fullmatch(text) or _YAML_FLOAT.fullmatch(text)
    number: float | None = None
    if len(path) == 2 and path[0] == "level_costs":  # an amount
        number = _yaml_amount(text, where)
        if number is None and core:
            number = _yaml_float(text)  # .inf, .nan: refused as amounts by the policy
    elif _YAML_INT.fullmatch(text):
        return int(text)
    elif core:
        number = _yaml_float(text)
    mantissa = re.split("[eE]", text, maxsplit=1)[0]
    if number is not None and number == 0 and re.search("[1-9]", mantissa):
        _yaml_refuse(text, where, "too small")
    if core:
        return number
    import yaml  # noqa: PLC0415  (loaded by the YAML reader already)

    resolver: Any = yaml.resolver.Resolver()  # YAML 1.1, as PyYAML reads it
    tag = resolver.resolve(yaml.nodes.ScalarNode, text, (True, False))
    kind = tag.rpartition(":")[2]
    if kind in ("bool", "int", "float") and (number is None or number != yaml.safe_load(text)):
        _yaml_refuse(text, where, kind)  # 0x10, 1:20, 1_0, yes/no/on/off
    return text if number is None else number


def _yaml_float(text: str) -> float:
    """A YAML 1.2 float: Python's reading, and ``.inf``/``.nan`` (refused where it matters)."""
    return float(text.replace(".", "", 1) if text.lower().endswith((".inf", ".nan")) else text)


def _yaml_amount(text: str, where: str) -> float | None:
    """A plain ``level_costs`` amount as written; None for text that is no amount."""
    if "%" in text:
        _yaml_refuse(text, where, "percentage")
    try:
        return read_number(text)
    except ValueError as err:
        why = ambiguity(err)
        if why:
            _yaml_refuse(text, where, f"ambiguous:{why.partition(' could be ')[2]}")
        return None


def _yaml_refuse(text: str, where: str, kind: str) -> None:
    """Raise the PolicyError for a plain value ``text`` at ``where`` (``file:line: key``)."""
    import yaml  # noqa: PLC0415  (loaded by the YAML reader already)

    try:
        old = yaml.safe_load(text)
    except yaml.YAMLError:
        old = text
    quote = f"quote it as text ({text!r})"
    if kind == "bool":
        shown = "true" if old is True else "false"
        why = (
            f"is the boolean {shown} in YAML 1.1 but text in YAML 1.2, which orgshape "
            f"reads: write true or false, or {quote}"
        )
    elif kind == "too small":
        why = "is too small to be held (it would be read as 0): write 0 if you mean 0"
    elif kind == "percentage":
        why = "is a percentage, and a percentage is no amount: write the amount"
    elif kind.startswith("ambiguous:"):
        readings = kind.partition(":")[2]
        why = (
            f"is ambiguous: it could be {readings} (a decimal point, or a thousands "
            "separator); write the amount without thousands separators"
        )
    elif kind == "leading zero":
        digits = text.replace("_", "")
        decimal = float(digits) if "." in digits else int(digits)
        if isinstance(old, int | float) and old != decimal:
            then = f"YAML 1.1 reads it as the octal number {old}, YAML 1.2 as {decimal}"
            fix = f"write {decimal} (or {old}) without it, or {quote}"
        elif isinstance(old, int | float):
            then = "YAML 1.1 reads a leading zero as octal, YAML 1.2 as decimal"
            fix = f"write {decimal} without it, or {quote}"
        else:
            then = f"YAML 1.1 reads it as text, YAML 1.2 as {decimal}"
            fix = f"write {decimal} without it, or {quote}"
        why = f"has a leading zero: {then}; {fix}"
    else:
        shown = f"{old:,}" if isinstance(old, int | float) else repr(old)
        if ":" in text:
            form = "a base 60 number"
        elif text.lstrip("+-")[:2].lower() in ("0x", "0b"):
            form = "a hexadecimal or binary number"
        elif "_" in text:
            form = "a number with underscores"
        else:
            form = "a number"
        why = (
            f"is {form} in YAML 1.1 ({shown}) but text in YAML 1.2; orgshape reads numbers "
            f"in decimal digits only: write {old!r}, or {quote}"
        )
    raise PolicyError(f"{where}: {text} {why}")


def _pyproject_table(path: Path, data: Any) -> Mapping[str, Any] | None:
    tool = data.get("tool") if isinstance(data, Mapping) else None
    if not isinstance(tool, Mapping) or "orgshape" not in tool:
        return None
    table = tool["orgshape"]
    if not isinstance(table, Mapping):
        raise PolicyError(f"tool.orgshape of {path} must be a table, got {table!r}")
    return table


def load_policy(path: str | Path, *, allow_code: bool = False) -> Policy:
    """Read a policy file: TOML, YAML, or ``pyproject.toml`` (its ``[tool.orgshape]``).

    All three hold the same keys (the fields of :class:`Policy`, with the ladder in a
    ``[ladder]`` section and custom rules as ``"module:function"`` strings)::

        # orgshape.toml
        max_layers = 6
        ignore = ["people"]

        [spans]
        DIRECTOR = [3, 10]

        [[exemptions]]
        rule = "one-over-one"
        id = "P006"
        reason = "Growth Director ramping up; second team joins in Q3"

    Custom rules named in a file (``rules = ["mypkg.checks:pm_needs_designer"]``) are
    Python code: they are imported only when the caller trusts the file — with
    ``allow_code=True`` (the command line's ``--allow-code``), or when the file sits in
    the current working folder and says ``allow_code = true`` itself (the project you
    run orgshape in vouches for its own rules). Otherwise they are left out and listed
    in :attr:`Policy.skipped_rules`, and nothing of the file is executed.

    YAML is read with orgshape's own loader, as org and plan files are (no tags, anchors
    or aliases; a key given twice is an error), by YAML 1.2's rules: a value YAML 1.1
    reads as another number or a boolean (``010``, ``0x10``, ``1:20``, ``yes``/``no``)
    is refused with its line and key path, and ``level_costs`` amounts are read as plan
    files read theirs (``1,250,000``; ``1.250`` is ambiguous).

    Args:
        path: the file.
        allow_code: import the file's custom rules (and let a module beside the file be
            found). Pass it only for files you trust as you trust your own code.

    Raises:
        InputError: the file is missing, unreadable, or not a known kind.
        PolicyError: the file is not valid TOML/YAML, or has an unknown key or a bad
            value (the message names the key path, the file and the valid choices; for
            YAML, the line of a value YAML 1.1 and 1.2 read differently).

    Examples:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "policy.toml").write_text("max_level_gap = 1\\n")
        >>> load_policy(folder / "policy.toml").max_level_gap
        1
    """
    path = Path(path)
    data = _parse(path)
    if path.name == _PYPROJECT:
        table = _pyproject_table(path, data)
        if table is None:
            raise PolicyError(f"{path} has no [tool.orgshape] table")
        return _from_dict(
            table,
            source=str(path),
            prefix="tool.orgshape.",
            allow_code=_trusted(path, table, allow_code),
        )
    if not isinstance(data, Mapping):
        raise PolicyError(f"{path} must hold a table of policy keys, got {type(data).__name__}")
    return _from_dict(
        data, source=str(path), prefix="", allow_code=_trusted(path, data, allow_code)
    )


def _trusted(path: Path, table: Any, allow_code: bool) -> bool:
    """Whether a policy file's code may run: the caller says so, or a local opt-in."""
    if allow_code:
        return True
    return _opts_in(table) and path.resolve().parent == Path.cwd().resolve()


def _parents(start: Path) -> Iterator[Path]:
    start = start.resolve()
    yield start
    yield from start.parents


def find_policy(
    start: str | Path | None = None, *, allow_code: bool = False
) -> tuple[Policy, str | None]:
    """Find the policy that applies in a folder, as ruff finds its configuration.

    Starting in ``start`` and going up through its parents, the first folder that has
    an ``orgshape.toml``, or a ``pyproject.toml`` with a ``[tool.orgshape]`` table,
    wins (``orgshape.toml`` first when a folder has both). A ``pyproject.toml``
    without that table is skipped. Nothing found: the defaults.

    Custom rules of the file found are imported only when trusted, as for
    :func:`load_policy`: a file found in a parent folder never runs code unless
    ``allow_code=True``.

    Args:
        start: where to start (default: the current folder). A file means its folder.
        allow_code: import the custom rules of the file found (see :func:`load_policy`).

    Returns:
        The policy and the file it came from (None for the defaults).

    Raises:
        PolicyError: the file found has an unknown key or a bad value.

    Examples:
        >>> import tempfile
        >>> policy, source = find_policy(tempfile.mkdtemp())
        >>> source is None and policy == Policy()
        True
    """
    here = Path.cwd() if start is None else Path(start)
    if here.is_file():
        here = here.parent
    for folder in _parents(here):
        candidate = folder / _POLICY_FILE
        if candidate.is_file():
            return load_policy(candidate, allow_code=allow_code), str(candidate)
        pyproject = folder / _PYPROJECT
        if pyproject.is_file():
            table = _pyproject_table(pyproject, _parse(pyproject))
            if table is not None:
                policy = _from_dict(
                    table,
                    source=str(pyproject),
                    prefix="tool.orgshape.",
                    allow_code=_trusted(pyproject, table, allow_code),
                )
                return policy, str(pyproject)
    return Policy(), None
