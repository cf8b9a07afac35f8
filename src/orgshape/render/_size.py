"""Size guardrails: a chart too big for its format gets one clear warning, never a silent shrink.

Glossary:
    scale: a PNG's pixels per point over Graphviz's 96 dpi: ``scale=2`` (the default)
        draws 192 dpi, sharp on a 4K screen or a slide. ``dpi=`` says the same
        directly.
    readable size: the largest drawing a format is still useful at:

    ======  ======================================================================
    format  past this, orgshape warns
    ======  ======================================================================
    PNG     16,384 px on a side (what slide programs and many image viewers open;
            memory grows with the pixels: a 2,000-person org at 96 dpi took 870 MB)
    SVG     200 inches (14,400 pt) on a side: shown whole on a screen, names are
            then smaller than a pixel
    PDF     200 inches on a side: the largest page PDF viewers accept
    ======  ======================================================================

    hard limit: Graphviz draws bitmaps of at most 32,767 px on a side and otherwise
        shrinks the PNG itself, hiding that in its own output. orgshape works out the
        size first and, past the limit, lowers the dpi itself and says so in the
        warning; a PDF past 200 inches is scaled down to fit (vector, so nothing is
        lost when zooming) with the same warning. The PNG's real size is checked after
        drawing too, so a shrink by Graphviz never goes unsaid.

The warning is an :class:`~orgshape._warnings.OrgShapeWarning` that names the fixes
(``max_depth=``, ``root=``, ``pages=``); the command line shows it as a note with the
flags (``--max-depth``, ``--root``, ``--pages``).
"""

from __future__ import annotations

import math
import struct
from typing import Final

from orgshape._warnings import warn
from orgshape.exceptions import InputError

__all__ = [
    "DEFAULT_SCALE",
    "GRAPHVIZ_MAX_PX",
    "MAX_INCHES",
    "READABLE_PX",
    "check_size",
    "png_size",
    "resolve_dpi",
]

#: The PNG scale when none is given (192 dpi).
DEFAULT_SCALE: Final = 2.0
#: Graphviz's own dpi for bitmaps.
BASE_DPI: Final = 96.0
#: Past this many pixels on a side a PNG is hard to open (see the module docs).
READABLE_PX: Final = 16_384
#: Graphviz shrinks bitmaps past this many pixels on a side.
GRAPHVIZ_MAX_PX: Final = 32_767
#: Past this many inches on a side an SVG is unreadable and a PDF page refused.
MAX_INCHES: Final = 200.0
_FIX: Final = "draw less with max_depth= or root=, or write a paged PDF with pages="


def resolve_dpi(scale: float | None, dpi: float | None) -> float:
    """The dpi of a PNG from ``scale=`` or ``dpi=`` (at most one of them).

    Examples:
        >>> resolve_dpi(None, None), resolve_dpi(1, None), resolve_dpi(None, 300)
        (192.0, 96.0, 300.0)
    """
    if scale is not None and dpi is not None:
        msg = f"pass scale= or dpi=, not both (got scale={scale!r}, dpi={dpi!r})"
        raise InputError(msg)
    for name, value, low, high in (("scale", scale, 0.1, 10.0), ("dpi", dpi, 10.0, 1000.0)):
        if value is None:
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            msg = f"{name} must be a number from {low:g} to {high:g}, got {value!r}"
            raise InputError(msg)
    if dpi is not None:
        return float(dpi)
    return BASE_DPI * (scale if scale is not None else DEFAULT_SCALE)


def check_size(
    fmt: str, size_pt: tuple[float, float], dpi: float
) -> tuple[float | None, float | None]:
    """Warn once when a drawing is past its format's readable size.

    Args:
        fmt: ``svg``, ``png`` or ``pdf``.
        size_pt: the drawing's width and height in points.
        dpi: the PNG's dpi.

    Returns:
        (dpi to draw a PNG at, inches to fit a PDF into): the dpi lowered when the
        PNG would pass Graphviz's limit, the fit when the PDF page would be too big
        (None when nothing changes).
    """
    width, height = size_pt
    inches = max(width, height) / 72
    if fmt == "png":
        px = (width / 72 * dpi, height / 72 * dpi)
        longest = max(px)
        if longest <= READABLE_PX:
            return dpi, None
        shown = f"{px[0]:,.0f} × {px[1]:,.0f} px at {dpi:g} dpi"
        if longest > GRAPHVIZ_MAX_PX:
            lowered = math.floor(dpi * GRAPHVIZ_MAX_PX / longest)
            warn(
                f"the chart would be a {shown}, past Graphviz's limit of {GRAPHVIZ_MAX_PX:,} px "
                f"on a side: it is drawn at {lowered} dpi instead ({lowered / dpi:.0%} of the "
                f"size asked for), and is still too big to read as one picture: {_FIX}, or "
                "use SVG",
            )
            return float(lowered), None
        warn(
            f"the chart is a {shown}, past {READABLE_PX:,} px on a side: too big for slide "
            f"programs and many image viewers, and slow to draw: {_FIX}, or a lower scale=",
        )
        return dpi, None
    if inches <= MAX_INCHES:
        return dpi, None
    shown = f"{width / 72:,.0f} × {height / 72:,.0f} inches"
    if fmt == "pdf":
        warn(
            f"the chart is {shown}, past the {MAX_INCHES:g}-inch page PDF viewers accept: "
            f"the page is scaled down to fit ({MAX_INCHES / inches:.0%}); {_FIX}",
        )
        return dpi, MAX_INCHES - 1  # Graphviz's margins take the last inch
    warn(
        f"the chart is {shown} ({width:,.0f} × {height:,.0f} pt), past {MAX_INCHES:g} "
        f"inches on a side: shown whole, its names are smaller than a pixel; {_FIX}",
    )
    return dpi, None


def png_size(data: bytes) -> tuple[int, int]:
    """The width and height of a PNG, from its header.

    Examples:
        >>> header = b"\\x89PNG\\r\\n\\x1a\\n" + bytes(4) + b"IHDR"
        >>> png_size(header + bytes([0, 0, 1, 0, 0, 0, 0, 200]))
        (256, 200)
    """
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        msg = "not a PNG"
        raise InputError(msg)
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def check_png(data: bytes, size_pt: tuple[float, float], dpi: float) -> None:
    """Warn when Graphviz drew a PNG smaller than asked for (it shrinks on its own)."""
    width, _ = png_size(data)
    expected = size_pt[0] / 72 * dpi
    if width < expected * 0.98:
        warn(
            f"Graphviz drew the PNG {width:,} px wide instead of {expected:,.0f} px "
            f"({width / expected:.0%}): {_FIX}, or use SVG",
        )
