"""Helpers shared by the io tests."""

from __future__ import annotations

import io
from typing import Any

import pytest

from orgshape import (
    DataError,
    Org,
    Problem,
    ProblemCode,
    read,
    write,
)

BASIC = "id,name,title,manager_id\n1,Ana,Chief Product Officer,\n2,Bo,VP of Product,1\n3,Cy,PM,2\n"


def csv_org(text: str, **kwargs: Any) -> Org:
    return read(io.StringIO(text), format="csv", **kwargs)


def problem_of(call: Any) -> Problem:
    """The one problem of the DataError ``call()`` raises."""
    with pytest.raises(DataError) as caught:
        call()
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0]


def only(org: Org, code: ProblemCode) -> Problem:
    found = [p for p in org.problems if p.code == code]
    assert len(found) == 1, org.problems
    return found[0]


def shape(org: Org) -> list[tuple[str, str | None]]:
    return [(p.id, p.manager) for p in org]


def dumped(org: Org, fmt: str, *, nested: bool = False) -> str:
    out = io.StringIO()
    write(org, out, format=fmt, nested=nested)
    return out.getvalue()


EXPECTED = [("1", None), ("2", "1"), ("3", "2")]
