"""Safe YAML: no tags, no anchors, no aliases, and only ``null`` resolved.

PyYAML's ``safe_load`` already refuses to build arbitrary objects, but it still expands
aliases (the "billion laughs" alias bomb) and resolves YAML 1.1 scalars (``007`` is the
octal number 7, ``no`` is False). Org data needs neither: every plain scalar stays a
string and the loader stops at the first anchor, alias or explicit tag.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

from orgshape._problems import Problem, ProblemCode
from orgshape.exceptions import DataError, InputError
from orgshape.io._records import data_table
from orgshape.io._table import Table

__all__ = ["dump_yaml", "load_yaml", "parse_yaml", "yaml_with_lines"]


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases and tags and resolves only null."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012  (PyYAML's class-level registry)

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent):
            self._forbid(event, f"an alias (*{event.anchor})")
        if isinstance(event, ScalarEvent | CollectionStartEvent):
            if event.anchor is not None:
                self._forbid(event, f"an anchor (&{event.anchor})")
            tag = event.tag
            if tag is not None and tag != "!":
                self._forbid(event, f"a tag ({tag})")
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        """A mapping, refusing a key given twice (PyYAML would keep the last)."""
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    line = node.start_mark.line + 1
                    msg = (
                        f"{getattr(self, '_orgshape_source', None) or 'input'} is not valid "
                        f"org data: a mapping at line {line} has the key {key!r} twice"
                    )
                    raise InputError(msg)
                seen.add(key)
        return mapping

    def _forbid(self, event: Any, what: str) -> None:
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        problem = Problem(
            code=ProblemCode.YAML_FORBIDDEN,
            message=f"the YAML uses {what} at line {line}; orgshape reads plain YAML only "
            "(no tags, anchors or aliases)",
            row=None,
        )
        raise DataError([problem], source=getattr(self, "_orgshape_source", None))


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


def load_yaml(text: str, *, source: str | None = None) -> Any:
    """Parse YAML text with :class:`_Loader`."""
    return _load(text, source, lambda loader: loader.get_single_data())


def yaml_with_lines(
    text: str, *, source: str | None = None
) -> tuple[Any, dict[tuple[str | int, ...], int]]:
    """:func:`orgshape.io.yaml_with_lines` (the front door loads PyYAML on first use)."""

    def run(loader: _Loader) -> tuple[Any, dict[tuple[str | int, ...], int]]:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        data = loader.construct_document(node)
        lines: dict[tuple[str | int, ...], int] = {}
        stack: list[tuple[tuple[str | int, ...], Any]] = [((), node)]
        while stack:  # no recursion: nested input cannot exhaust the stack here
            path, current = stack.pop()
            lines[path] = current.start_mark.line + 1
            if isinstance(current, yaml.MappingNode):
                for key, value in current.value:
                    if isinstance(key, yaml.ScalarNode):
                        stack.append(((*path, key.value), value))
            elif isinstance(current, yaml.SequenceNode):
                stack.extend(((*path, k), value) for k, value in enumerate(current.value))
        return data, lines

    result: tuple[Any, dict[tuple[str | int, ...], int]] = _load(text, source, run)
    return result


def _load(text: str, source: str | None, run: Any) -> Any:
    """Run ``run(loader)`` on a :class:`_Loader` of ``text``, with orgshape's errors."""
    try:
        loader = _Loader(text)  # the reader rejects control characters already here
    except yaml.YAMLError as err:
        msg = f"{source or 'input'} is not valid YAML: {err}"
        raise InputError(msg) from None
    loader._orgshape_source = source  # type: ignore[attr-defined]  # noqa: SLF001  (our Loader's own)
    try:
        return run(loader)
    except RecursionError:
        problem = Problem(
            code=ProblemCode.NESTING_TOO_DEEP,
            message="the YAML nests too deeply to read; write deep orgs as flat rows",
        )
        raise DataError([problem], source=source) from None
    except yaml.YAMLError as err:
        msg = f"{source or 'input'} is not valid YAML: {err}"
        raise InputError(msg) from None
    except (DataError, InputError):  # our own refusals (both are ValueErrors too)
        raise
    except ValueError as err:  # PyYAML's scanner: an escape such as "\U0AAAAAAA" (no character)
        msg = f"{source or 'input'} is not valid YAML: an escape names no character ({err})"
        raise InputError(msg) from None
    finally:
        loader.dispose()


def parse_yaml(text: str, *, source: str | None = None) -> Table:
    """Parse YAML safely into a table: no tags, no anchors or aliases; only null is resolved.

    Every other plain scalar stays a string, so ``id: 007`` is ``"007"`` (YAML 1.1
    would read it as the octal number 7).
    """
    return data_table(load_yaml(text, source=source), source=source)


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _as_text(dumper: yaml.SafeDumper, value: Any) -> Any:
    """Values YAML has no plain form for (dates, decimals...) are written as text."""
    return dumper.represent_str(str(value))


_LINE_BREAKS = re.compile("[\r\x85\u2028\u2029]")


def _text(dumper: yaml.SafeDumper, value: str) -> Any:
    """Write strings with line breaks other than LF double-quoted, the breaks escaped.

    PyYAML would write NEL and LS raw in a single-quoted scalar, and a reader folds
    them to spaces.
    """
    if _LINE_BREAKS.search(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(tuple, yaml.SafeDumper.represent_list)
_Dumper.add_multi_representer(object, _as_text)


def dump_yaml(data: Any) -> str:
    """Dump data as block YAML, without aliases, keeping key order and unicode."""
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False
    )
