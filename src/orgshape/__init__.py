"""orgshape: model, validate, measure, compare and chart product organisations.

The front door: load an org (:func:`read`, :func:`example`), check it (:func:`validate`),
measure its spans and layers (:func:`metrics`), draw it (:func:`chart`) and compare two
designs (:func:`diff`) or several (:func:`compare`). Everything else lives in the public modules
:mod:`orgshape.io`, :mod:`orgshape.rules`, :mod:`orgshape.render`,
:mod:`orgshape.scenario` and :mod:`orgshape.strategies`.

Examples:
    >>> import orgshape
    >>> org = orgshape.example()
    >>> report = orgshape.validate(org)
    >>> report.ok, report.counts()["error"] > 0
    (False, True)
"""

from __future__ import annotations

import typing

from orgshape import _display
from orgshape._ladder import Ladder, Level
from orgshape._metrics import Bands, Metrics, metrics
from orgshape._model import Org, OrgView, Position
from orgshape._problems import Problem, ProblemCode
from orgshape._version import __version__
from orgshape._warnings import OrgShapeWarning
from orgshape.exceptions import (
    DataError,
    InputError,
    OrgShapeError,
    PolicyError,
    RenderError,
    StructureError,
    UnknownLevelError,
    UnknownPositionError,
)
from orgshape.io import ColumnMapping, detect_mapping, example, read, write
from orgshape.rules import Finding, Policy, Report, Severity, load_policy, rule, validate

if typing.TYPE_CHECKING:
    from typing import Any, Final

    from orgshape._diff import Diff, compare, diff
    from orgshape.render import Chart, ChartOptions, Theme, chart

# Charts and diffs are imported on first use: a `check` in a pre-commit hook needs
# neither, and they are a third of the import time.
_LAZY: Final = {
    "Chart": "orgshape.render",
    "ChartOptions": "orgshape.render",
    "Theme": "orgshape.render",
    "chart": "orgshape.render",
    "Diff": "orgshape._diff",
    "compare": "orgshape._diff",
    "diff": "orgshape._diff",
}


# In a notebook an org shows as its chart. The model does not import the renderer: the
# display layer finds this viewer when an org is first displayed (the one lazy exception
# to the layering, and the only one).
_display.register_viewer("orgshape._model.Org", "orgshape.render:chart")


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'orgshape' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(__import__(module, fromlist=[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "Bands",
    "Chart",
    "ChartOptions",
    "ColumnMapping",
    "DataError",
    "Diff",
    "Finding",
    "InputError",
    "Ladder",
    "Level",
    "Metrics",
    "Org",
    "OrgShapeError",
    "OrgShapeWarning",
    "OrgView",
    "Policy",
    "PolicyError",
    "Position",
    "Problem",
    "ProblemCode",
    "RenderError",
    "Report",
    "Severity",
    "StructureError",
    "Theme",
    "UnknownLevelError",
    "UnknownPositionError",
    "__version__",
    "chart",
    "compare",
    "detect_mapping",
    "diff",
    "example",
    "load_policy",
    "metrics",
    "read",
    "rule",
    "validate",
    "write",
]
