"""Choices that shrink to their first option: the building block of every strategy here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from hypothesis import strategies as st

__all__ = ["choose", "pick"]

_T = TypeVar("_T")


def choose(draw: st.DrawFn, options: Sequence[_T]) -> _T:
    """One of ``options``, shrinking to the first.

    Strategies for integers are cached, unlike ``sampled_from`` over a fresh list:
    that matters at one draw per choice.
    """
    if len(options) == 1:
        return options[0]
    return options[draw(st.integers(0, len(options) - 1))]


def pick(options: Sequence[_T], choice: int) -> _T:
    """The option a drawn number stands for (zero: the first, the simplest)."""
    return options[choice % len(options)]
