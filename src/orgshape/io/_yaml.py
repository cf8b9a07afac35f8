"""Safe YAML: no tags, no anchors, no aliases, and only ``null`` resolved.

PyYAML's ``safe_load`` already refuses to build arbitrary objects, but it still expands
aliases (the "billion laughs" alias bomb) and resolves YAML 1.1 scalars (``007`` is the
octal number 7, ``no`` is False). Org data needs neither: every plain scalar stays a
string and the loader stops at the first anchor, alias or explicit tag.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from orgshape._problems import Problem, ProblemCode
from orgshape.exceptions import DataError, InputError, OrgShapeError
from orgshape.io._records import data_table
from orgshape.io._table import Table

__all__ = ["MAX_DEPTH", "dump_yaml", "load_yaml", "parse_yaml", "yaml_with_lines"]

#: libyaml's parser when PyYAML has it (its wheels ship it), else PyYAML's own (only its
#: events are used: nothing is constructed by PyYAML).
_Parser: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


#: The deepest nesting read (lists and mappings); deeper input is NESTING_TOO_DEEP, as
#: JSON is past Python's recursion limit.
MAX_DEPTH: Final = 1000

_NULL: Final = re.compile(r"^(?:~|null|Null|NULL|)$")
_NO_KEY: Final = object()
_Path = tuple[str | int, ...]
_Lines = dict[_Path, int]
#: Reads a plain value scalar (not a key, not null): ``(text, path, line) -> value``.
_Plain = Callable[[str, _Path, int], Any]


def load_yaml(text: str, *, source: str | None = None) -> Any:
    """Parse YAML text safely (see the module docs)."""
    return _load(text, source, lines=None)


def yaml_with_lines(
    text: str, *, source: str | None = None, plain: _Plain | None = None, what: str = "org data"
) -> tuple[Any, _Lines]:
    """:func:`orgshape.io.yaml_with_lines` (the front door loads PyYAML on first use).

    Args:
        text: the YAML text.
        source: the file name, for error messages.
        plain: what a plain (unquoted, untagged) value scalar other than null means,
            from its text, path and line; by default it stays a string. Keys and quoted
            scalars always stay strings. For files with typed values (policy files),
            which resolve their scalars by their own rules.
        what: what the text holds, for error messages ("is not valid org data").
    """
    lines: _Lines = {}
    data = _load(text, source, lines=lines, plain=plain, what=what)
    return data, (lines if data is not None else {})


def _load(
    text: str,
    source: str | None,
    *,
    lines: _Lines | None,
    plain: _Plain | None = None,
    what: str = "org data",
) -> Any:
    """Build the document from the parser's events, with orgshape's errors.

    libyaml (PyYAML's C parser) makes the events; this loop builds the lists and
    mappings from them without recursion, so reading is linear in the input and a deep
    document cannot exhaust the stack. PyYAML's own loader, in Python, took half a
    minute for an 11 MB file orgshape wrote.
    """
    try:
        return _build(_events(text), source, lines, plain, what)
    except yaml.YAMLError as err:
        msg = f"{source or 'input'} is not valid YAML: {err}"
        raise InputError(msg) from None
    except OrgShapeError:  # our own refusals (and a caller's `plain`): ValueErrors too
        raise
    except ValueError as err:  # the scanner: an escape such as "\\U0AAAAAAA" (no character)
        msg = f"{source or 'input'} is not valid YAML: an escape names no character ({err})"
        raise InputError(msg) from None


def _events(text: str) -> Any:
    parser = _Parser(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


def _build(
    events: Any, source: str | None, lines: _Lines | None, plain: _Plain | None, what: str
) -> Any:
    # a frame: [container, path, pending key (mappings), line of the mapping]
    stack: list[list[Any]] = []
    result: Any = None
    documents = 0
    for event in events:
        kind = type(event)
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None:
                _forbid(event, f"an anchor (&{event.anchor})", source)
            tag = event.tag
            if tag is not None and tag != "!":
                _forbid(event, f"a tag ({tag})", source)
            if kind is ScalarEvent:
                value: Any = None if event.implicit[0] and _NULL.match(event.value) else event.value
            else:
                value = [] if kind is SequenceStartEvent else {}
            if not stack:
                path: _Path = ()
                if plain is not None and kind is ScalarEvent and value is not None:
                    value = _resolve(plain, event, path)
                result = value
            else:
                top = stack[-1]
                container = top[0]
                if type(container) is list:
                    path = (*top[1], len(container))
                    if plain is not None and kind is ScalarEvent and value is not None:
                        value = _resolve(plain, event, path)
                    container.append(value)
                elif top[2] is _NO_KEY:  # a key
                    if kind is not ScalarEvent:
                        line = event.start_mark.line + 1
                        msg = (
                            f"{source or 'input'} is not valid {what}: a mapping at line "
                            f"{line} has a list or a mapping as a key"
                        )
                        raise InputError(msg)
                    if value in container:
                        msg = (
                            f"{source or 'input'} is not valid {what}: a mapping at line "
                            f"{top[3]} has the key {value!r} twice (again at line "
                            f"{event.start_mark.line + 1})"
                        )
                        raise InputError(msg)
                    top[2] = (value, event.value)
                    continue
                else:
                    key, raw = top[2]
                    top[2] = _NO_KEY
                    path = (*top[1], raw)
                    if plain is not None and kind is ScalarEvent and value is not None:
                        value = _resolve(plain, event, path)
                    container[key] = value
            if lines is not None:
                lines[path] = event.start_mark.line + 1
            if kind is not ScalarEvent:
                if len(stack) >= MAX_DEPTH:
                    problem = Problem(
                        code=ProblemCode.NESTING_TOO_DEEP,
                        message=f"the YAML nests more than {MAX_DEPTH} lists or mappings "
                        "deep; write deep orgs as flat rows",
                    )
                    raise DataError([problem], source=source)
                stack.append([value, path, _NO_KEY, event.start_mark.line + 1])
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
        elif kind is AliasEvent:
            _forbid(event, f"an alias (*{event.anchor})", source)
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                line = event.start_mark.line + 1
                msg = (
                    f"{source or 'input'} is not valid {what}: a second YAML document "
                    f"starts at line {line} (one document per file)"
                )
                raise InputError(msg)
    return result


def _resolve(plain: _Plain, event: Any, path: _Path) -> Any:
    """A value scalar through ``plain`` when it is plain (no quotes, no tag)."""
    if not event.implicit[0]:
        return event.value
    return plain(event.value, path, event.start_mark.line + 1)


def _forbid(event: Any, what: str, source: str | None) -> None:
    line = event.start_mark.line + 1 if event.start_mark is not None else None
    problem = Problem(
        code=ProblemCode.YAML_FORBIDDEN,
        message=f"the YAML uses {what} at line {line}; orgshape reads plain YAML only "
        "(no tags, anchors or aliases)",
        row=None,
    )
    raise DataError([problem], source=source)


def parse_yaml(text: str, *, source: str | None = None) -> Table:
    """Parse YAML safely into a table: no tags, no anchors or aliases; only null is resolved.

    Every other plain scalar stays a string, so ``id: 007`` is ``"007"`` (YAML 1.1
    would read it as the octal number 7).
    """
    return data_table(load_yaml(text, source=source), source=source)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """PyYAML's safe dumper, on libyaml's emitter when PyYAML has it (5x faster)."""

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
