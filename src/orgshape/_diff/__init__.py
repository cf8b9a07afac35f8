"""Compare a proposed org design with the current one: a composite above the peers.

The diff matches the two orgs (:mod:`._match`), makes the change records of
:mod:`orgshape.changes`, and measures, validates and draws both sides on demand
(:mod:`._result`: the :class:`Diff`; :mod:`._serialise`, :mod:`._text` and
:mod:`._chart` turn it into data, text and a chart), sums each leader's org
(:mod:`._rollup`), finds the people touched (:mod:`._impact`) and puts several diffs
side by side (:mod:`._compare`).
"""

from orgshape._diff._compare import Comparison, ComparisonRow, ScenarioFinding, compare
from orgshape._diff._result import SCHEMA_VERSION, Diff, diff

__all__ = [
    "SCHEMA_VERSION",
    "Comparison",
    "ComparisonRow",
    "Diff",
    "ScenarioFinding",
    "compare",
    "diff",
]
