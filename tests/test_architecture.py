"""The house: which part of orgshape may import which, and what each public module exports.

``docs/architecture.md`` states the same layers in words; these tests keep both true.
Every import counts: top-level, inside functions and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

import orgshape

SRC = Path(orgshape.__file__).parent

#: The layers, bottom first. A part may import any part of a lower layer; parts of the
#: same layer are peers and may not import each other, except the pairs in PEER_EDGES.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"_display"}),
    frozenset({"_version", "_gc", "_warnings", "_problems", "_functions"}),
    frozenset({"exceptions"}),
    frozenset({"_svg"}),
    frozenset({"_storage"}),
    frozenset({"_ladder"}),
    frozenset({"_model"}),
    frozenset({"io", "changes"}),
    frozenset({"_metrics", "rules", "render"}),
    frozenset({"strategies", "_diff"}),
    frozenset({"scenario"}),  # plans: waves of operations, each wave's diff and findings
    frozenset({"__init__"}),
    frozenset({"_cli", "pytest_plugin"}),
    frozenset({"cli"}),
    frozenset({"__main__"}),
)

#: Peers that may use each other, one way: rules may use metrics (band profiles, spans).
PEER_EDGES: frozenset[tuple[str, str]] = frozenset({("rules", "_metrics")})

#: Imports that break the layering today, each with the issue step that removes it.
#: This list only ever shrinks; the redesign is done when it is empty.
KNOWN_VIOLATIONS: frozenset[tuple[str, str]] = frozenset()

#: Private names still imported across parts today, each with the step that removes it.
KNOWN_PRIVATE: frozenset[str] = frozenset()

PUBLIC_MODULES = (
    "orgshape",
    "orgshape.exceptions",
    "orgshape.io",
    "orgshape.rules",
    "orgshape.render",
    "orgshape.scenario",
    "orgshape.changes",
    "orgshape.strategies",
    "orgshape.pytest_plugin",
    "orgshape.cli",
)

#: Public modules whose ``__all__`` does not yet match their public names.
KNOWN_LEAKS: frozenset[str] = frozenset()


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        yield ".".join(("orgshape", *parts)), path


def _part(module: str) -> str:
    """The part a module belongs to: its first name below ``orgshape``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(module: str, path: Path) -> Iterator[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every orgshape import."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "orgshape":
                    yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != "orgshape":
                continue
            for alias in node.names:
                yield target, alias.name, node.lineno


def _layer_of(part: str) -> int:
    for k, layer in enumerate(LAYERS):
        if part in layer:
            return k
    raise AssertionError(f"the part {part!r} is on no layer of tests/test_architecture.py")


def _edges() -> Iterator[tuple[str, str, str, int, str]]:
    for module, path in _modules():
        for target, name, line in _imports(module, path):
            here, there = _part(module), _part(target)
            if target == "orgshape" and name is not None:
                # `from orgshape import x`: the front door, unless x is a submodule
                there = (
                    name
                    if (SRC / name).with_suffix(".py").exists() or (SRC / name).is_dir()
                    else "__init__"
                )
            yield here, there, module, line, f"{target}{'.' + name if name else ''}"


class TestLayers:
    def test_every_part_has_a_layer(self):
        """Each module and package of orgshape sits on one layer of the house."""
        parts = {_part(module) for module, _ in _modules()}
        placed = set().union(*LAYERS)
        assert parts <= placed, f"parts on no layer: {sorted(parts - placed)}"
        assert placed - parts <= {"_display", "_svg"}, "layers name a missing part"

    def test_imports_go_down(self):
        """No part imports a part above it, nor a peer (except the allowed peer edges)."""
        bad: list[str] = []
        for here, there, module, line, what in _edges():
            if here == there:
                continue
            a, b = _layer_of(here), _layer_of(there)
            if b < a or (here, there) in PEER_EDGES or (here, there) in KNOWN_VIOLATIONS:
                continue
            kind = "a peer" if a == b else "a higher layer"
            bad.append(f"{module}:{line} imports {what} ({kind}: {here} → {there})")
        assert not bad, "\n".join(bad)

    def test_known_violations_still_exist(self):
        """A violation fixed is removed from KNOWN_VIOLATIONS (the list only shrinks)."""
        seen = {(here, there) for here, there, *_ in _edges()}
        assert not KNOWN_VIOLATIONS - seen

    def test_no_private_names_across_parts(self):
        """No module imports a private (underscore) name from another part."""
        bad: list[str] = []
        for module, path in _modules():
            for target, name, line in _imports(module, path):
                if name is None or not name.startswith("_") or name == "__version__":
                    continue
                if _part(target) == _part(module):
                    continue
                if (SRC / name).with_suffix(".py").exists() or (SRC / name).is_dir():
                    continue  # `from orgshape import _ladder`: a module, not a name
                bad.append(f"{module}:{line} imports {name} from {target}")
        bad = [b for b in bad if not any(f" {name} from " in b for name in KNOWN_PRIVATE)]
        assert not bad, "\n".join(bad)

    def test_nothing_imports_the_cli(self):
        """The command line is the top of the house: no other part imports it."""
        bad = [
            f"{module}:{line}"
            for here, there, module, line, _ in _edges()
            if there in {"cli", "_cli"} and here not in {"cli", "_cli", "__main__"}
        ]
        assert not bad


def _public_names(module: types.ModuleType) -> set[str]:
    """Hypothesis's `_check_exports` idea: every public name the module defines."""
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and name != "annotations"  # (from __future__ import annotations)
    }


class TestExports:
    @pytest.mark.parametrize("name", PUBLIC_MODULES)
    def test_all_is_exactly_the_public_names(self, name):
        """Each public module's __all__ is exactly its public names (ruff keeps it sorted)."""
        if name in KNOWN_LEAKS:
            pytest.skip(f"{name} still leaks names (see KNOWN_LEAKS)")
        module = importlib.import_module(name)
        declared = set(module.__all__)
        assert all(hasattr(module, n) for n in declared), "__all__ names a missing attribute"
        lazy = set(getattr(module, "_LAZY", {}))
        assert _public_names(module) - lazy == declared - lazy - {"__version__"}

    def test_known_leaks_still_leak(self):
        """A module whose leaks are fixed is removed from KNOWN_LEAKS."""
        for name in KNOWN_LEAKS:
            module = importlib.import_module(name)
            assert _public_names(module) != set(module.__all__) - {"__version__"}

    def test_private_modules_declare_their_names(self):
        """Every private module of src/orgshape has an __all__ (what its peers may use)."""
        missing = [
            module
            for module, path in _modules()
            if "__all__" not in path.read_text(encoding="utf-8")
            and path.name not in {"__main__.py", "_version.py"}
        ]
        assert not missing, missing


def test_every_module_imports():
    """Every module of src/orgshape imports (in a fresh interpreter, in file order)."""
    code = "import importlib, sys\nfor m in sys.argv[1:]: importlib.import_module(m)"
    names = [m for m, _ in _modules() if not m.endswith("__main__")]
    subprocess.run([sys.executable, "-c", code, *names], check=True)
