"""Running the rules: :func:`validate`.

The engine resolves the policy against the ladder once, runs every selected rule, and
applies the policy to what they find in one step of its own: severity overrides, and
exemptions, whose use it records in an :class:`ExemptionLedger`. ``UNUSED_EXEMPTION``
runs last and reads that ledger.
"""

from __future__ import annotations

import itertools
import operator

import attrs

from orgshape._gc import gc_paused
from orgshape._model import Org, require_org
from orgshape.rules._builtin import BUILTIN_RULES
from orgshape.rules._finding import Finding, Severity
from orgshape.rules._kit import product_scope
from orgshape.rules._policy import Policy, ResolvedPolicy, require_policy
from orgshape.rules._report import Report
from orgshape.rules._rule import Context, ExemptionLedger, Rule

__all__ = ["validate"]

_LAST = "UNUSED_EXEMPTION"  # runs after the others: it reads which exemptions were used


def validate(org: Org, policy: Policy | None = None) -> Report:
    """Check an org design against a policy; return every finding in one report.

    The report holds the data problems found while loading (cycles, unknown managers,
    several roots...) beside the design findings of the rules the policy selects, with
    the policy's severity overrides and exemptions applied.

    Args:
        org: the org.
        policy: the policy; by default ``Policy()`` (every rule, default thresholds).

    Returns:
        The sorted report.

    Raises:
        TypeError: ``org`` is not an Org or ``policy`` not a Policy.
        PolicyError: the policy names a level that is not on the ladder in use.

    Examples:
        >>> from orgshape import Org, Position
        >>> org = Org([
        ...     Position(id="1", name="Ana Lima", title="Chief Product Officer"),
        ...     Position(id="2", name="Bo Chen", title="VP of Product", manager="1"),
        ...     Position(id="3", name="Cy Diaz", title="Head of Product", manager="2"),
        ... ])
        >>> report = validate(org)
        >>> report.ok, [f.code for f in report]
        (True, ['ONE_OVER_ONE', 'ONE_OVER_ONE'])
        >>> print(report.findings[0].message)
        Ana Lima (Chief Product Officer) has exactly one direct report, Bo Chen (VP of Product)
    """
    require_org(org, "validate() checks")
    policy = require_policy(policy)
    with gc_paused():
        resolved = policy.resolve(org.ladder)
        return _validate(org, resolved)


def _validate(org: Org, resolved: ResolvedPolicy) -> Report:
    policy = resolved.policy
    codes: dict[str, str] = {}  # code or name -> code
    for r in (*BUILTIN_RULES.values(), *policy.rules):
        codes[r.code] = codes[r.name] = r.code
    ledger = ExemptionLedger(
        rule_codes=tuple(codes.get(e.rule, e.rule) for e in policy.exemptions),
    )
    ctx = Context(org, resolved, ledger=ledger)
    overrides: dict[str, Severity] = {codes.get(k, k): v for k, v in policy.severity.items()}
    exempt: dict[tuple[str, str], int] = {}
    for k, code in enumerate(ledger.rule_codes):
        exempt.setdefault((code, policy.exemptions[k].id), k)

    findings: list[Finding] = []
    last: Rule | None = None
    outside = _outside(ctx)
    for r in resolved.rules:
        if r.code == _LAST:
            last = r
            continue
        ledger.ran.add(r.code)
        found = len(findings)
        _collect(r, ctx, findings, overrides, exempt, ledger)
        if outside and r.group != "structure" and len(findings) > found:
            findings[found:] = [f for f in findings[found:] if f.id not in outside]
    if last is not None:
        ledger.complete = True
        _collect(last, ctx, findings, overrides, {}, ledger)
    return Report(findings, org=org, policy=policy)


def _outside(ctx: Context) -> frozenset[str]:
    """The ids outside the product part of a whole-company file (see ``PRODUCT_SCOPE``).

    Findings whose main person is one of them are dropped: the product ladder does not
    judge the rest of the company (data problems are kept: they concern the file).
    """
    scope = product_scope(ctx)
    if scope is None:
        return frozenset()
    return frozenset(itertools.compress(ctx.ids, map(operator.not_, scope)))


def _collect(
    r: Rule,
    ctx: Context,
    out: list[Finding],
    overrides: dict[str, Severity],
    exempt: dict[tuple[str, str], int],
    ledger: ExemptionLedger,
) -> None:
    """Run one rule; apply the exemptions (recording their use) and severity overrides."""
    try:
        for finding in r(ctx):
            if exempt:
                k = exempt.get((finding.code, finding.id or ""))
                if k is not None:
                    ledger.used.add(k)
                    continue
            severity = overrides.get(finding.code)
            if severity is not None and severity is not finding.severity:
                finding = attrs.evolve(finding, severity=severity)
            out.append(finding)
    except Exception as err:
        if BUILTIN_RULES.get(r.code) is r:
            raise
        err.add_note(f"(in the custom rule {r!r}, defined at {r.target})")
        raise
