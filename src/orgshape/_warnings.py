"""Warnings orgshape emits.

orgshape warns (rather than raises) when it changes how something is *shown* but not
the data itself: a label cut for display, a Mermaid diagram too long for Mermaid's
default limit. Filter them as one category::

    import warnings
    from orgshape._warnings import OrgShapeWarning

    warnings.simplefilter("ignore", OrgShapeWarning)
"""

from __future__ import annotations

__all__ = ["OrgShapeWarning"]


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
