"""The version of orgshape, and of the layout of its JSON outputs, in one place."""

__version__ = "0.1.0"

#: The version of the layout of every JSON output (stats, check and validation reports,
#: diffs, comparisons, plan timelines), bumped on an incompatible change. The JSON
#: schemas in ``orgshape/schemas/`` describe this version.
SCHEMA_VERSION = 2
