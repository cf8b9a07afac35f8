"""What must hold for any bytes given to ``orgshape.read``: the fuzzers' oracle.

For CSV, JSON and YAML input alike:

* **no foreign exception**: reading, strictly or leniently, returns an org or raises an
  :class:`orgshape.OrgShapeError` (and so does validating what was read);
* **strict and lenient agree**: a strict read succeeds exactly when the lenient one has
  no problems (and gives the same org); when it raises :class:`orgshape.DataError`, the
  error lists the same problems as the lenient org; when the lenient read fails, so
  does the strict one;
* **every row is accounted for**: each non-blank input row is a person or a reported
  problem, and there are never more people than the input has rows;
* **what is written reads back**: an org read without problems, written by
  :func:`orgshape.write` as CSV, JSON or YAML (flat, and nested for JSON and YAML) and
  read again, is the same org. CSV holds text only, and YAML as orgshape reads it
  text and null: an org whose extra columns hold other values (numbers and true/false
  from JSON; for CSV also lists and null, and a missing value before a present one in
  a row) reads those back as text, so there it must have the same typed fields, and
  the second trip must give exactly what the first gave.

The rows are counted here independently of orgshape, by the documented conventions
(a byte-order mark decides the encoding, else UTF-8; blank lines and draw.io comment
lines above the header are skipped; JSON and YAML hold a list of records, possibly under
one wrapper key, with nested ``reports:`` lists). Where the convention leaves a choice
(the CSV delimiter, a BOM-less UTF-16 guess for text full of zero bytes), the count
takes the smallest over the choices, so it is a lower bound: a failure is a row
orgshape really lost.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Final

import attrs
import yaml

import orgshape
from orgshape import DataError, Org, OrgShapeError, ProblemCode
from orgshape._problems import INFO_CODES

__all__ = ["FORMATS", "BrokenPromiseError", "Outcome", "check", "format_of"]

#: File suffix → format, for saved regression files.
FORMATS: Final = {".csv": "csv", ".json": "json", ".yaml": "yaml"}
_DELIMITERS: Final = (",", ";", "\t", "|")
_NESTED_KEY: Final = "reports"

Reader = Callable[..., Org]


class BrokenPromiseError(AssertionError):
    """An input broke a promise of the readers; ``kind`` names which (a file-name slug)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


class Outcome:
    """What reading one input did (for the fuzzers' novelty feedback)."""

    def __init__(self, lenient: Org | OrgShapeError, strict: Org | OrgShapeError) -> None:
        self.lenient = lenient
        self.strict = strict

    def signature(self) -> tuple[str, ...]:
        """A small summary: the error kinds, or the lenient org's size, columns and problems."""
        if isinstance(self.lenient, OrgShapeError):
            codes = [type(self.lenient).__name__]
            codes += sorted({str(p.code) for p in getattr(self.lenient, "problems", ())})
            return tuple(codes)
        people = f"people~{len(self.lenient).bit_length()}"
        columns = f"extra~{len(self.lenient.extra_columns)}"
        return ("org", people, columns, *sorted({str(p.code) for p in self.lenient.problems}))


def format_of(path: Path) -> str:
    """The format of a saved input, from its suffix."""
    return FORMATS[path.suffix]


def _where(err: BaseException) -> str:
    """The innermost orgshape frame of a traceback: ``module.py:function``."""
    frames = [f for f in traceback.extract_tb(err.__traceback__) if "orgshape" in f.filename]
    if not frames:
        return "outside orgshape"
    last = frames[-1]
    return f"{Path(last.filename).name}:{last.name}"


def _attempt(read: Reader, data: bytes, fmt: str, *, strict: bool) -> Org | OrgShapeError:
    try:
        return read(io.BytesIO(data), format=fmt, strict=strict)
    except OrgShapeError as err:
        return err
    except RecursionError as err:
        raise BrokenPromiseError("crash-RecursionError", f"{_where(err)}") from err
    except Exception as err:
        name = type(err).__name__
        raise BrokenPromiseError(f"crash-{name}", f"{_where(err)}: {err!r}"[:500]) from err


def check(data: bytes, fmt: str, *, read: Reader | None = None, round_trip: bool = True) -> Outcome:
    """Read ``data`` as ``fmt`` both ways and check every promise above.

    Args:
        data: the input bytes.
        fmt: ``"csv"``, ``"json"`` or ``"yaml"``.
        read: the reader under test (default: :func:`orgshape.read`).
        round_trip: check that what is written reads back, too.

    Returns:
        What the reads did.

    Raises:
        BrokenPromiseError: a promise is broken (``kind`` says which).
    """
    reader = read if read is not None else orgshape.read
    lenient = _attempt(reader, data, fmt, strict=False)
    strict = _attempt(reader, data, fmt, strict=True)
    _agree(lenient, strict)
    if isinstance(lenient, Org):
        try:
            orgshape.validate(lenient)
        except OrgShapeError:
            pass
        except Exception as err:
            raise BrokenPromiseError(
                f"validate-{type(err).__name__}", f"{_where(err)}: {err!r}"
            ) from err
        _accounted(lenient, data, fmt)
        if round_trip and not lenient.problems:
            _round_trips(lenient)
    return Outcome(lenient, strict)


#: The ways an org is written: (format, nested).
_WRITES: Final = (
    ("csv", False),
    ("json", False),
    ("json", True),
    ("yaml", False),
    ("yaml", True),
)


def _round_trips(org: Org) -> None:
    for fmt, nested in _WRITES:
        kind = f"roundtrip-{fmt}{'-nested' if nested else ''}"
        back = _trip(org, fmt, nested, kind)
        if not _can_hold(org, fmt):
            typed = [attrs.evolve(p, extra={}) for p in org]
            if [attrs.evolve(p, extra={}) for p in back] != typed:
                raise BrokenPromiseError(kind, _first_difference(org, back))
            again = _trip(back, fmt, nested, kind)
            if again != back:
                raise BrokenPromiseError(f"{kind}-second", _first_difference(back, again))
        elif back != org:
            raise BrokenPromiseError(kind, _first_difference(org, back))


def _trip(org: Org, fmt: str, nested: bool, kind: str) -> Org:
    text = io.StringIO()
    try:
        orgshape.write(org, text, format=fmt, nested=nested)
        back: Org | OrgShapeError = orgshape.read(
            io.StringIO(text.getvalue()), format=fmt, ladder=org.ladder, strict=False
        )
    except OrgShapeError as err:
        back = err
    except Exception as err:
        raise BrokenPromiseError(f"{kind}-{type(err).__name__}", _where(err)) from err
    if isinstance(back, OrgShapeError):
        raise BrokenPromiseError(kind, f"the written file does not read: {back}")
    return back


def _can_hold(org: Org, fmt: str) -> bool:
    """Whether the format holds every extra value as it is.

    CSV: text, a row's missing ones after its others; YAML: no number or true/false.
    """
    if fmt == "json":
        return True
    if fmt == "yaml":
        stack = [v for p in org for v in p.extra.values()]
        while stack:
            value = stack.pop()
            if isinstance(value, bool | int | float):
                return False
            if isinstance(value, list | tuple):
                stack.extend(value)
            elif isinstance(value, dict):
                stack.extend(value.values())
        return True
    columns = org.extra_columns
    for p in org:
        present = [k in p.extra for k in columns]
        if present != sorted(present, reverse=True):  # a gap before a present value
            return False
        if not all(isinstance(v, str) and k.strip() == k and k for k, v in p.extra.items()):
            return False
    return True


def _first_difference(org: Org, back: Org) -> str:
    if back.problems:
        return f"it reads back with problems {sorted({str(p.code) for p in back.problems})}"
    if len(back) != len(org):
        return f"{len(org)} people become {len(back)}"
    for before, after in zip(org, back, strict=True):
        if before != after:
            fields = [
                f"{name}: {getattr(before, name)!r} → {getattr(after, name)!r}"
                for name in attrs.fields_dict(type(before))
                if getattr(before, name) != getattr(after, name)
            ]
            return f"{before.id!r} changes ({'; '.join(fields)})"[:400]
    return "the orgs differ in something but their positions"


def _agree(lenient: Org | OrgShapeError, strict: Org | OrgShapeError) -> None:
    if isinstance(lenient, OrgShapeError):
        if isinstance(strict, Org):
            raise BrokenPromiseError(
                "strict-lenient", f"a strict read succeeds, a lenient one: {lenient}"
            )
        return
    if isinstance(strict, Org):
        blocking = [p for p in lenient.problems if p.code not in INFO_CODES]  # infos pass
        if blocking:
            codes = sorted({str(p.code) for p in blocking})
            raise BrokenPromiseError("strict-lenient", f"a strict read ignores problems {codes}")
        if strict != lenient:
            raise BrokenPromiseError(
                "strict-lenient", "strict and lenient reads give different orgs"
            )
        return
    if not isinstance(strict, DataError):
        raise BrokenPromiseError(
            "strict-lenient",
            f"a lenient read succeeds, a strict one raises {type(strict).__name__}: {strict}",
        )
    if tuple(strict.problems) != tuple(lenient.problems):
        raise BrokenPromiseError(
            "strict-lenient", "DataError lists other problems than the lenient org"
        )


def _accounted(org: Org, data: bytes, fmt: str) -> None:
    least, most = _row_bounds(data, fmt)
    people = len(org)
    rows = {row for row in org.view.rows or () if row is not None}
    reported = {p.row for p in org.problems if p.row is not None and p.row not in rows}
    if people + len(reported) < least:
        raise BrokenPromiseError(
            "rows-lost",
            f"{least} non-blank rows, but {people} people and {len(reported)} other rows "
            "with a problem",
        )
    # (an edge list adds its top, who has no row: CREATED_FROM_EDGES)
    added = sum(1 for p in org.problems if p.code == ProblemCode.CREATED_FROM_EDGES)
    if most is not None and people - added > most:
        raise BrokenPromiseError("rows-duplicated", f"{people} people from at most {most} rows")


# --------------------------------------------------------------------------- counting rows


def _texts(data: bytes) -> list[str]:
    """The text of the bytes in each encoding the documented rule allows."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8"]
        head = data[:4096]
        if head.count(0) * 4 > len(head):  # zeros in every other byte: BOM-less UTF-16
            candidates += ["utf-16-le", "utf-16-be"]
    out: list[str] = []
    for encoding in candidates:
        try:
            out.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    return out


def _row_bounds(data: bytes, fmt: str) -> tuple[int, int | None]:
    """(fewest non-blank rows, most rows) over the readings the conventions allow."""
    texts = _texts(data)
    if not texts:
        return 0, None  # orgshape read it some other way (an encoding= it was not given)
    counted = [(_csv_rows if fmt == "csv" else _tree_rows)(text, fmt) for text in texts]
    least = min(low for low, _ in counted)
    highs = [high for _, high in counted]
    return least, None if None in highs else max(h for h in highs if h is not None)


def _is_comment(line: str) -> bool:
    """A line above the header that is no data: a comment, or PowerShell's ``#TYPE`` line."""
    return line.startswith(("# ", "##", "#\t", "#TYPE ")) or line.rstrip("\r\n") == "#"


def _filled_cell(cell: str) -> bool:
    """Not blank: whitespace and a DOS end-of-file mark (Ctrl-Z) are not data."""
    return bool(cell.strip().strip("\x1a").strip())


def _csv_rows(text: str, fmt: str) -> tuple[int, int | None]:
    lines = list(io.StringIO(text, newline=""))
    # a person needs a line, and the header one of its own (str.splitlines breaks at
    # every Unicode line boundary: a bound whatever breaks the reader honours)
    most = max(0, len(lines) - 1, len(text.splitlines()) - 1)
    hint: str | None = None
    start = 0
    for start, line in enumerate(lines):
        bare = line.rstrip("\r\n")
        if len(bare) == 5 and bare[:4].lower() == "sep=" and start == 0:
            hint = bare[4]
        elif line.strip(" \t\r\n,;|") and not _is_comment(line):
            break
    else:
        return 0, most
    body = lines[start:]
    counts = []
    for delimiter in (hint,) if hint is not None else _DELIMITERS:
        try:
            records = list(csv.reader(body, delimiter=delimiter, strict=False))
        except csv.Error:
            continue
        counts.append(sum(1 for record in records[1:] if any(map(_filled_cell, record))))
    return (min(counts) if counts else 0), most


def _tree_rows(text: str, fmt: str) -> tuple[int, int | None]:
    try:
        value = json.loads(text) if fmt == "json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError, RecursionError):
        return 0, None  # orgshape parsed what Python's parsers refuse: no count
    return _records_in(value), _containers_in(value)


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, float) and math.isnan(value):
        return False
    return not isinstance(value, list | dict) or bool(value)


def _records_in(value: Any) -> int:
    """The non-blank records of a parsed JSON/YAML document (nested reports included)."""
    if isinstance(value, list):
        return _count(value)
    if isinstance(value, dict):
        wrapped = [v for k, v in value.items() if k != _NESTED_KEY and isinstance(v, list) and v]
        if wrapped and all(isinstance(item, dict) for v in wrapped for item in v):
            return min(_count(v) for v in wrapped)  # one of them is the list of records
        if not wrapped:
            return _count([value])
    return 0


def _count(items: Iterable[Any]) -> int:
    total = 0
    stack = [iter(items)]
    while stack:
        item = next(stack[-1], _END)
        if item is _END:
            stack.pop()
            continue
        if not isinstance(item, dict):
            continue
        if any(_filled(v) for k, v in item.items() if k != _NESTED_KEY):
            total += 1
        nested = item.get(_NESTED_KEY)
        if isinstance(nested, list):
            stack.append(iter(nested))
    return total


_END: Final = object()


def _containers_in(value: Any) -> int:
    """Every dict and list in the document: a generous bound on the people it can hold."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            total += 1
            stack.extend(item.values())
        elif isinstance(item, list):
            total += 1
            stack.extend(item)
    return total
