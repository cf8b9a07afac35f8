"""Warnings orgshape emits.

orgshape warns (rather than raises) when it changes how something is *shown* but not
the data itself: a label cut for display, a Mermaid diagram too long for Mermaid's
default limit. Filter them as one category::

    import warnings
    from orgshape._warnings import OrgShapeWarning

    warnings.simplefilter("ignore", OrgShapeWarning)
"""

from __future__ import annotations

import os
import sys
import warnings
from types import FrameType

__all__ = ["OrgShapeWarning", "warn"]

#: The folder of the orgshape package: frames in it are orgshape's, not the caller's.
_PACKAGE: str = os.path.dirname(os.path.abspath(__file__)) + os.sep


class OrgShapeWarning(UserWarning):
    """Something was shown differently from the data (cut, shortened, left out).

    Examples:
        >>> import warnings
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     warnings.warn("3 labels cut", OrgShapeWarning, stacklevel=1)
        >>> caught[0].category.__name__
        'OrgShapeWarning'
    """


def _first_outside() -> int:
    """The stack level of the first frame outside orgshape (for ``warnings.warn``)."""
    level = 1
    frame: FrameType | None = sys._getframe(1)  # noqa: SLF001  (how to walk the stack)
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    return level


def warn(message: str) -> None:
    """Emit an :class:`OrgShapeWarning` that points at the caller's line, not orgshape's.

    However deep in orgshape the warning starts (a chart drawn lazily inside
    ``save()``), the warning names the first line outside the package: the user's
    ``orgshape.chart(org).save("org.png")``, as ``skip_file_prefixes`` (Python 3.12)
    does; the frames are walked here so that Python 3.11 gets the same.

    Examples:
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     warn("3 labels cut")
        >>> caught[0].filename == __file__ or not caught[0].filename.startswith(_PACKAGE)
        True
    """
    warnings.warn(message, OrgShapeWarning, stacklevel=_first_outside())
