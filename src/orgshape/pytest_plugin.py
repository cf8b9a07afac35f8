"""pytest plugin: org designs checked as part of a team's own test suite (work in progress)."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register ``--orgshape`` (off by default)."""
    group = parser.getgroup("orgshape", "org design checks")
    group.addoption(
        "--orgshape",
        action="store_true",
        default=False,
        help="collect org design files and validate them with orgshape",
    )
