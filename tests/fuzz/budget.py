"""A pytest plugin for ``make fuzz``: the property tests in a random order, within a budget.

Loaded with ``-p tests.fuzz.budget`` by ``python -m tests.fuzz`` only (never by ``make
test``, which has no clock in it). ``ORGSHAPE_FUZZ_UNTIL`` is the time (seconds since the
epoch) after which tests not yet started are skipped; the order is shuffled with it as
the seed, the same in every xdist worker, so that short runs reach different tests.
"""

from __future__ import annotations

import os
import random
import time

import pytest

__all__ = ["pytest_collection_modifyitems", "pytest_runtest_setup"]

_UNTIL = "ORGSHAPE_FUZZ_UNTIL"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Shuffle the tests, with the same seed in every worker."""
    until = os.environ.get(_UNTIL)
    if until:
        random.Random(until).shuffle(items)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test that would start after the budget is spent."""
    until = os.environ.get(_UNTIL)
    if until and time.time() > float(until):
        pytest.skip("the fuzz time budget is spent")
