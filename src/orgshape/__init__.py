"""orgshape: model, validate, measure, compare and chart product organisations."""

from orgshape._ladder import Ladder, Level
from orgshape._model import Org, Position
from orgshape._problems import Problem, ProblemCode
from orgshape._version import __version__
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

__all__ = [
    "ColumnMapping",
    "DataError",
    "InputError",
    "Ladder",
    "Level",
    "Org",
    "OrgShapeError",
    "PolicyError",
    "Position",
    "Problem",
    "ProblemCode",
    "RenderError",
    "StructureError",
    "UnknownLevelError",
    "UnknownPositionError",
    "__version__",
    "detect_mapping",
    "example",
    "read",
    "write",
]
