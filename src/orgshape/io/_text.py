"""Bytes to text: size caps, byte-order marks, encodings, with errors that say what to do.

A byte-order mark decides the encoding; BOM-less UTF-16 (a zero in every other byte) is
recognised; otherwise the text must be UTF-8, or the error suggests ``encoding=`` (Excel
on Windows saves CSV as cp1252).
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import Final

from orgshape._problems import ProblemCode
from orgshape.exceptions import DataError, InputError
from orgshape.io._table import fatal

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_YAML_BYTES",
    "check_size",
    "decode",
    "read_bytes",
    "sniff_encoding",
    "too_large",
]

DEFAULT_MAX_BYTES: Final = 1 << 30  # 1 GiB: a million-row export is ~100 MB
DEFAULT_MAX_YAML_BYTES: Final = 64 << 20  # YAML is slow to parse; 64 MiB is plenty


def read_bytes(path: Path, *, max_bytes: int, source: str) -> bytes:
    """The bytes of a file, refusing files over the size cap."""
    check_size(path, max_bytes=max_bytes, source=source)
    try:
        return path.read_bytes()
    except OSError as err:
        msg = f"cannot read {os.fspath(path)!r}: {err.strerror or err}"
        raise InputError(msg) from None


def check_size(path: Path, *, max_bytes: int, source: str) -> None:
    """Refuse a missing file, a folder or a file over the size cap."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        msg = f"no such file: {os.fspath(path)!r}"
        raise InputError(msg) from None
    except (OSError, ValueError) as err:  # ValueError: a NUL character in the path
        msg = f"cannot read {os.fspath(path)!r}: {getattr(err, 'strerror', None) or err}"
        raise InputError(msg) from None
    if path.is_dir():
        msg = f"{os.fspath(path)!r} is a folder, not a file"
        raise InputError(msg)
    if size > max_bytes:
        raise too_large(size, max_bytes, source)


def too_large(size: int, max_bytes: int, source: str | None) -> DataError:
    """The error for an input over the size cap."""
    return fatal(
        ProblemCode.INPUT_TOO_LARGE,
        f"the input is {size:,} bytes, over the cap of {max_bytes:,} bytes "
        "(raise it with max_bytes=)",
        source,
    )


def sniff_encoding(head: bytes, encoding: str | None) -> str:
    """The encoding to open a text file with, from its first bytes."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            msg = f"unknown encoding {encoding!r}"
            raise InputError(msg) from None
        return encoding
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return _utf16_without_bom(head) or "utf-8"


def _utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when the bytes look like BOM-less UTF-16.

    Mostly-ASCII UTF-16 text has a zero in every other byte (which is also valid
    UTF-8, so this must be checked before trying UTF-8).
    """
    if not head or head.count(0) * 3 <= len(head):
        return None
    return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"


def decode(data: bytes, *, encoding: str | None = None, source: str | None = None) -> str:
    """Bytes to text: a UTF-8 or UTF-16 byte-order mark wins; then UTF-8; else an error.

    Raises:
        InputError: the bytes are not valid in the encoding (with a hint).
    """
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            msg = f"unknown encoding {encoding!r}"
            raise InputError(msg) from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            msg = f"{source or 'input'} is not valid {encoding} (byte {err.start}): {err.reason}"
            raise InputError(msg) from None
        return text.removeprefix("\ufeff")
    if data.startswith(codecs.BOM_UTF8):
        return _decode_as(data[3:], "utf-8", source)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(data, "utf-16", source)
    utf16 = _utf16_without_bom(data[:4096])
    if utf16 is not None:
        return _decode_as(data, utf16, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        msg = (
            f"{source or 'input'} is not UTF-8 (byte {err.start} is {data[err.start]:#04x}); "
            "if it came from Excel on Windows, pass encoding='cp1252'"
        )
        raise InputError(msg) from None


def _decode_as(data: bytes, encoding: str, source: str | None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        msg = f"{source or 'input'} is not valid {encoding} (byte {err.start}): {err.reason}"
        raise InputError(msg) from None
