"""The front door: what `import orgshape` exposes and what it costs."""

from __future__ import annotations

import json
import subprocess
import sys

import orgshape

HEAVY = ("pandas", "polars", "networkx", "pygraphviz", "hypothesis", "graphviz", "yaml")


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


class TestPublicSurface:
    def test_all_is_sorted_and_complete(self):
        """__all__ is sorted, names only real attributes, and every public name is in it."""
        assert orgshape.__all__ == sorted(orgshape.__all__)
        assert all(hasattr(orgshape, name) for name in orgshape.__all__)
        public = {
            name
            for name in dir(orgshape)
            if not name.startswith("_")
            and not isinstance(getattr(orgshape, name), type(sys))
            and name not in {"TYPE_CHECKING", "Any", "Final", "annotations"}
        }
        assert public == set(orgshape.__all__) - {"__version__"}

    def test_unknown_attribute_is_an_attribute_error(self):
        """A misspelt name fails like any module attribute (hasattr stays usable)."""
        assert not hasattr(orgshape, "chrat")

    def test_surface_stays_small(self):
        """The top level stays a small front door (about 25–40 names)."""
        assert len(orgshape.__all__) <= 45


class TestImportCost:
    def test_charts_and_diffs_load_on_first_use(self):
        """`import orgshape` leaves the chart and diff machinery for when it is used."""
        loaded = _modules_after("import orgshape")
        assert "orgshape.render" not in loaded
        assert "orgshape._diff" not in loaded
        assert "orgshape.render" in _modules_after("import orgshape; orgshape.chart")

    def test_scenario_loads_no_rendering(self):
        """`orgshape.scenario` and the change records load neither charts nor the diff."""
        loaded = _modules_after("import orgshape.scenario, orgshape.changes")
        assert not {m for m in loaded if m.startswith(("orgshape.render", "orgshape._diff"))}

    def test_import_pulls_in_no_heavy_dependency(self):
        """`import orgshape` imports none of pandas, polars, networkx, pygraphviz, hypothesis."""
        loaded = _modules_after("import orgshape")
        assert not {m for m in HEAVY if m in loaded}
