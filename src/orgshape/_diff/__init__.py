"""Compare a proposed org design with the current one: a composite above the peers.

The diff matches the two orgs (:mod:`._match`), makes the change records of
:mod:`orgshape.changes`, and measures, validates and draws both sides on demand
(:mod:`._result`: the :class:`Diff`; :mod:`._serialise`, :mod:`._text` and
:mod:`._chart` turn it into data, text and a chart).
"""

from orgshape._diff._result import SCHEMA_VERSION, Diff, diff

__all__ = ["SCHEMA_VERSION", "Diff", "diff"]
