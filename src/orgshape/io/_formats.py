"""File formats: which format a path's suffix names, for reading and writing alike.

``xlsx`` is an Excel workbook (binary: read from a path or a binary stream).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Final

from orgshape.exceptions import InputError

__all__ = ["FORMATS", "format_of", "name_of"]

#: Suffix → format name.
FORMATS: Final = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}
_NAMES: Final = ("csv", "json", "yaml", "xlsx")


def name_of(target: Any) -> str:
    """The file name of a path or an open file (``""`` when it has none)."""
    if isinstance(target, str | os.PathLike):
        return os.fspath(target)
    name = getattr(target, "name", "")
    return name if isinstance(name, str) else ""


def format_of(target: Any, given: str | None = None) -> str:
    """The format ``given``, checked, or the one the suffix of ``target``'s name says.

    Raises:
        InputError: the format is unknown, or the suffix says none.
    """
    if given is not None:
        if given not in _NAMES:
            msg = f"unknown format {given!r} (valid: {', '.join(_NAMES)})"
            raise InputError(msg)
        return given
    name = name_of(target)
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        shown = f"suffix {suffix!r}" if suffix else "no suffix"
        msg = (
            f"cannot tell the format of {name or 'the input'!r} from {shown} "
            f"(known: {', '.join(sorted(FORMATS))}); pass format='csv', 'json', 'yaml' or 'xlsx'"
        )
        raise InputError(msg)
    return FORMATS[suffix]
