"""The JSON reader: text to records, refusing a key given twice in one object.

``NaN`` and ``Infinity``, which are not JSON but which Python's parser accepts, stay
words (:class:`~orgshape.io._table.JsonConstant`): a number field reports them.
"""

from __future__ import annotations

import json
from typing import Any

from orgshape._problems import ProblemCode
from orgshape.exceptions import InputError
from orgshape.io._records import data_table
from orgshape.io._table import JsonConstant, Table, fatal

__all__ = ["parse_json"]


def parse_json(text: str, *, source: str | None = None) -> Table:
    """Parse JSON: a list of records, a wrapped list, or a nested ``reports:`` tree."""
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=JsonConstant)
    except _DuplicateKeyError as err:
        msg = (
            f"{source or 'input'} is not valid org data: an object has the key "
            f"{err.args[0]!r} twice (JSON readers would silently keep only the last)"
        )
        raise InputError(msg) from None
    except RecursionError:
        raise fatal(
            ProblemCode.NESTING_TOO_DEEP,
            "the JSON nests too deeply to read; write deep orgs as flat rows "
            "(id, manager_id) instead of nested reports",
            source,
        ) from None
    except json.JSONDecodeError as err:
        where = f"line {err.lineno} column {err.colno}"
        msg = f"{source or 'input'} is not valid JSON: {err.msg} at {where}"
        raise InputError(msg) from None
    return data_table(data, source=source)


class _DuplicateKeyError(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice instead of keeping the last."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return obj
