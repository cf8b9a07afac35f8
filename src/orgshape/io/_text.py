"""Bytes to text: size caps, byte-order marks, encodings, with errors that say what to do.

A byte-order mark decides the encoding; BOM-less UTF-16 (a zero in every other byte) is
recognised; otherwise the text must be UTF-8, or the error suggests ``encoding=`` (Excel
on Windows saves CSV as cp1252).
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import Final

from orgshape._problems import ProblemCode
from orgshape.exceptions import DataError, InputError
from orgshape.io._table import fatal

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_COLUMNS",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_MAX_YAML_BYTES",
    "MAX_CELL",
    "check_size",
    "decode",
    "is_regular",
    "read_bytes",
    "read_special",
    "sniff_encoding",
    "too_large",
    "too_many",
]


def _machine_cap() -> int:
    """The default size cap: 1 GiB, or a tenth of this machine's memory if that is less.

    Reading takes about ten times the file's size at its peak (every cell a Python
    string, the table alive while the org is built), so a cap above a tenth of the
    memory would let a file exhaust it.
    """
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # (not on every platform)
        return 1 << 30
    return max(64 << 20, min(1 << 30, memory // 10))


DEFAULT_MAX_BYTES: Final = _machine_cap()  # a million-row export is ~130 MB
DEFAULT_MAX_YAML_BYTES: Final = min(DEFAULT_MAX_BYTES, 64 << 20)  # 64 MiB: ~10 s to read
#: The most rows (people) a table may have: past it a read is INPUT_TOO_LARGE.
DEFAULT_MAX_ROWS: Final = 10_000_000
#: The most columns a table may have (an HR export has a few hundred).
DEFAULT_MAX_COLUMNS: Final = 10_000
#: The longest CSV cell, in characters (Python's csv module's limit).
MAX_CELL: Final = 131_072


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


def too_large(size: int, max_bytes: int, source: str | None, *, more: bool = False) -> DataError:
    """The error for an input over the size cap (``more``: at least ``size`` bytes)."""
    return fatal(
        ProblemCode.INPUT_TOO_LARGE,
        f"the input is {'more than ' if more else ''}{size:,} bytes, over the cap of "
        f"{max_bytes:,} bytes (raise it with max_bytes=)",
        source,
    )


def too_many(
    what: str, count: int, cap: int, keyword: str, source: str | None, *, more: bool = False
) -> DataError:
    """The error for a table over the rows or columns cap (``more``: at least ``count``)."""
    return fatal(
        ProblemCode.INPUT_TOO_LARGE,
        f"the input has {'more than ' if more else ''}{count:,} {what}, over the cap of "
        f"{cap:,} (raise it with {keyword}=)",
        source,
    )


def is_regular(path: Path) -> bool:
    """Whether ``path`` is a regular file (not a pipe, a device or a socket)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return True  # (check_size says what is wrong)


def read_special(path: Path, *, max_bytes: int, source: str) -> bytes:
    """The bytes of a pipe or a device, read with the size cap.

    A named pipe nobody writes to is opened without waiting (it reads as empty); a
    device such as ``/dev/zero`` stops at the cap.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        msg = f"cannot read {os.fspath(path)!r}: {err.strerror or err}"
        raise InputError(msg) from None
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # opened without waiting for a writer; read normally
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as err:
        msg = f"cannot read {os.fspath(path)!r}: {err.strerror or err}"
        raise InputError(msg) from None
    finally:
        os.close(fd)
    if size > max_bytes:
        raise too_large(max_bytes, max_bytes, source, more=True)
    return b"".join(chunks)


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
