"""One shared helper: pause the cyclic garbage collector around bulk work.

Loading, validating, measuring and diffing a large org make millions of small objects
that can never be in a reference cycle (strings, tuples, records). While they are being
made, the cyclic collector would re-scan the growing heap over and over; pausing it
nearly halves the time of a million-row load. Nothing is leaked: collection resumes
when the block ends, and reference counting frees everything as usual meanwhile.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic garbage collector for the block (re-entrant, restores state).

    Examples:
        >>> import gc
        >>> with gc_paused():
        ...     gc.isenabled()
        False
        >>> gc.isenabled()
        True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
