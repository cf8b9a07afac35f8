"""Validation: check an org design against a policy and report every finding at once.

Glossary:
    rule: one check of an org design, with a stable UPPER_SNAKE code
        (``SPAN_ABOVE_RANGE``), a kebab-case name (``span-above-range``), a default
        severity, a rationale and a fix hint. Built-in and custom rules are the same
        kind of object (:class:`Rule`).
    finding: one problem a rule found: the people involved (main person first), a
        message naming them and the values, a hint, and the source row.
    severity: ``error`` (fails :attr:`Report.ok`), ``warning`` (a design smell) or
        ``info`` (an observation, such as a promotion candidate).
    policy: the thresholds (span ranges per level, maximum layers, maximum level gap
        ...), which rules run (``select``/``ignore``, as in ruff), severity overrides and
        per-person exemptions; from code or from ``orgshape.toml``, a YAML file or
        ``[tool.orgshape]`` in ``pyproject.toml``.
    span of control: a manager's direct solid-line reports; assistants and dotted
        lines never count.
    layer: the distance from the top: the root is on layer 1.
    IC level: an individual-contributor level (PM): not expected to have reports.
    vacancy: a seat with no name (an open role).
    data problem: something wrong with the *input* found while loading (a cycle, an
        unknown manager); it appears in the report as a finding of the ``structure``
        group with the same code.

Convention: a report is sorted by severity (errors first), then by source row, code
and ids, so the same org and policy always give byte-identical text and JSON.

Examples:
    >>> from orgshape import Org, Position
    >>> from orgshape.rules import Exemption, Policy, validate
    >>> org = Org([
    ...     Position(id="1", name="Ana Lima", title="Chief Product Officer"),
    ...     Position(id="2", name="Bo Chen", title="Product Manager", manager="1"),
    ... ])
    >>> [f.code for f in validate(org)]
    ['ONE_OVER_ONE']
    >>> policy = Policy(exemptions=[Exemption(rule="one-over-one", id="1", reason="new team")])
    >>> validate(org, policy).findings
    ()
"""

from orgshape.rules._builtin import BUILTIN_RULES
from orgshape.rules._engine import validate
from orgshape.rules._finding import Finding, Severity
from orgshape.rules._policy import Exemption, Policy, ResolvedPolicy, find_policy, load_policy
from orgshape.rules._reference import rule_reference
from orgshape.rules._report import Report
from orgshape.rules._rule import Context, ExemptionLedger, Rule, rule

__all__ = [
    "BUILTIN_RULES",
    "Context",
    "Exemption",
    "ExemptionLedger",
    "Finding",
    "Policy",
    "Report",
    "ResolvedPolicy",
    "Rule",
    "Severity",
    "find_policy",
    "load_policy",
    "rule",
    "rule_reference",
    "validate",
]
