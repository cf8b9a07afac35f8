"""The io package's layout: exact exports, and a read path that goes one way.

A read goes: a reader for the kind of source → a table → mapping inference → the
builder. Each step may use the steps before it and the shared leaves (the table, the
vocabulary), never a later step, and no reader knows another kind of source.
"""

from __future__ import annotations

import ast
import importlib
import types
from pathlib import Path

import pytest

import orgshape.io

PACKAGE = Path(orgshape.io.__file__).parent

#: Each io module → the io modules it may import (at the top, in a function or for types).
ALLOWED: dict[str, set[str]] = {
    # leaves
    "_table": set(),
    "_vocabulary": set(),
    "_formats": set(),
    "_numbers": set(),
    "_text": {"_table"},
    # readers: one per kind of source; each returns a Table
    "_csv": {"_table", "_text"},
    # (the fast CSV reader: pyarrow, for large plain files; its caps are _text's defaults)
    "_arrow_csv": {"_table", "_text"},
    "_records": {"_table", "_vocabulary"},
    "_json": {"_table", "_records"},
    "_yaml": {"_table", "_records"},
    "_frames": {"_table"},
    "_graph": {"_table"},
    "_cursor": {"_table"},
    # (the Excel reader tells the header from title rows by the header spellings it knows)
    "_xlsx": {"_table", "_text", "_vocabulary"},
    # which reader for which source
    "_sources": {
        "_table", "_text", "_formats", "_csv", "_records", "_json", "_yaml", "_frames",
        "_graph", "_cursor", "_xlsx", "_arrow_csv",
    },
    # mapping inference: a table → a ColumnMapping
    "_profiles": {"_vocabulary"},
    "_keys": {"_table", "_vocabulary"},
    "_mapping": {"_table", "_vocabulary", "_profiles", "_keys"},
    # the builder: a table + a mapping → an org
    "_values": {"_table", "_numbers", "_vocabulary"},
    "_build": {"_table", "_vocabulary", "_keys", "_mapping", "_values"},
    # writers
    "_write": {"_formats", "_vocabulary", "_yaml"},
    "_workbook": {"_write"},  # Excel: the columns every writer writes
    # the front door: dispatch only (and the safe YAML reader plan files use)
    "__init__": {
        "_sources", "_mapping", "_build", "_write", "_workbook", "_formats", "_profiles",
        "_vocabulary", "_yaml",
    },
}  # fmt: skip


def io_imports(path: Path) -> set[str]:
    """The io modules a source file imports, wherever the import statement is."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            if node.module == "orgshape.io":  # submodules by name, or the front door's names
                submodules = {a.name for a in node.names if a.name.startswith("_")}
                found.update(submodules)
                if len(submodules) < len(node.names):
                    found.add("__init__")
            elif node.module.startswith("orgshape.io."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("orgshape.io."):
                    found.add(alias.name.split(".")[2])
    return found


def modules() -> list[str]:
    return sorted(p.stem for p in PACKAGE.glob("*.py"))


class TestOneWay:
    def test_every_module_is_placed(self) -> None:
        """Each io module has its place in the table above (a new one must be placed)."""
        assert set(modules()) == set(ALLOWED)

    @pytest.mark.parametrize("name", sorted(ALLOWED))
    def test_imports_only_earlier_steps(self, name: str) -> None:
        """A module imports only the steps before it and the shared leaves."""
        imported = io_imports(PACKAGE / f"{name}.py") - {name}
        assert imported <= ALLOWED[name], imported - ALLOWED[name]

    def test_no_module_imports_the_front_door(self) -> None:
        """Nothing inside io imports orgshape.io itself (the front door is on top)."""
        for name in modules():
            if name != "__init__":
                assert "__init__" not in io_imports(PACKAGE / f"{name}.py"), name

    def test_no_circle(self) -> None:
        """The allowed imports form no circle."""
        done: set[str] = set()
        for start in ALLOWED:
            path = {start}
            order: list[tuple[str, list[str]]] = [(start, sorted(ALLOWED[start]))]
            while order:
                node, todo = order[-1]
                if not todo:
                    order.pop()
                    path.discard(node)
                    done.add(node)
                    continue
                nxt = todo.pop()
                assert nxt not in path, f"circle through {nxt}"
                if nxt not in done:
                    path.add(nxt)
                    order.append((nxt, sorted(ALLOWED[nxt])))


class TestExports:
    def test_front_door_exports_exactly_its_public_names(self) -> None:
        """orgshape.io.__all__ is exactly the names without an underscore.

        (``@``-names are pytest's assertion-rewriting helpers, as Hypothesis's own
        export check allows.)
        """
        public = {n for n in vars(orgshape.io) if n[0] not in "_@"}
        assert public == set(orgshape.io.__all__)
        assert len(orgshape.io.__all__) == len(set(orgshape.io.__all__))

    @pytest.mark.parametrize("name", [m for m in sorted(ALLOWED) if m != "__init__"])
    def test_private_modules_declare_what_they_define(self, name: str) -> None:
        """Each name a module defines is private (underscore) or in its __all__."""
        module = importlib.import_module(f"orgshape.io.{name}")
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        defined: set[str] = set()
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                defined.add(node.name)
            elif isinstance(node, ast.Assign):
                defined.update(t.id for t in node.targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                defined.add(node.target.id)
        public = {n for n in defined if not n.startswith("_")}
        assert public == set(module.__all__)
        for exported in module.__all__:
            assert not isinstance(getattr(module, exported), types.ModuleType)
