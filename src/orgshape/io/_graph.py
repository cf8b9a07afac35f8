"""The graph reader: a networkx DiGraph (edges manager → report) to a table.

Each node is a record: its key is the id (as a string), its predecessor the manager.
Node attributes named like position fields fill those fields; every other attribute,
and the keys of an ``extra`` attribute (what :meth:`orgshape.Org.to_networkx` writes),
become extra columns. A node with several predecessors keeps the first and is reported
(MULTIPLE_MANAGERS). The reader knows what each column means, so nothing is guessed
from the attribute names.
"""

from __future__ import annotations

from typing import Any

from orgshape._model import FIELDS, MISSING
from orgshape._problems import Problem, ProblemCode
from orgshape.io._table import Table

__all__ = ["graph_table", "is_graph"]


def is_graph(source: Any) -> bool:
    """Whether ``source`` is a networkx graph (without importing networkx)."""
    module = type(source).__module__ or ""
    return module.startswith("networkx") and hasattr(source, "predecessors")


def graph_table(graph: Any) -> Table:
    """The nodes of ``graph`` as a table whose columns say which field they fill."""
    fields = [f for f in FIELDS if f not in ("id", "manager")]
    ids: list[str] = []
    managers: list[str | None] = []
    typed: dict[str, list[Any]] = {}
    extra: dict[str, list[Any]] = {}
    problems: list[Problem] = []
    for k, (node, data) in enumerate(graph.nodes(data=True)):
        key = str(node)
        ids.append(key)
        preds = [str(u) for u in graph.predecessors(node)]
        managers.append(preds[0] if preds else None)
        if len(preds) > 1:
            problems.append(
                Problem(
                    code=ProblemCode.MULTIPLE_MANAGERS,
                    message=f"{key} has {len(preds)} managers: {', '.join(preds)}; "
                    f"{preds[0]!r} is kept",
                    id=key,
                    name=data.get("name"),
                    related=tuple(preds),
                )
            )
        own = dict(data.get("extra") or {})
        own.update((k2, v) for k2, v in data.items() if k2 not in FIELDS and k2 != "extra")
        for name in fields:
            if name in data:
                typed.setdefault(name, [MISSING] * k).append(data[name])
        for name, value in own.items():
            extra.setdefault(str(name), [MISSING] * k).append(value)
        for column in (*typed.values(), *extra.values()):
            if len(column) == k:
                column.append(MISSING)
    header: list[str] = []
    columns: list[list[Any]] = []
    mapping: dict[str, str] = {}

    def add(name: str, values: list[Any], field: str | None) -> None:
        while name in header or (field is not None and name in extra):
            name += "_"  # a field column never takes an extra column's name
        header.append(name)
        columns.append(values)
        if field is not None:
            mapping[field] = name

    add("node", ids, "id")
    add("edge", managers, "manager")
    for name, values in typed.items():
        add(name, values, name)
    for name, values in extra.items():
        add(name, values, None)
    return Table(
        header=header,
        columns=columns,
        row_numbers=[None] * len(ids),
        fields=mapping,
        notes=("networkx graph",),
        problems=problems,
    )
