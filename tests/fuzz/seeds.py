"""Where the fuzzers start: real-looking files of every shape the readers know.

The seed corpus is the adversarial catalogue and the sample exports in the repository,
plus inputs made with orgshape's own public strategies: messy HR-export tables as CSV,
and valid orgs written by :func:`orgshape.write` as CSV, JSON and YAML (flat and nested).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Final

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

import orgshape
from orgshape.strategies import messy_tables, orgs
from tests.fuzz.oracle import FORMATS

__all__ = ["ROOT", "Seed", "file_seeds", "generated_seeds", "seeds"]

ROOT: Final = Path(__file__).resolve().parents[2]
_FOLDERS: Final = ("tests/adversarial", "examples/data", "tests/fuzz/regressions")
_LARGEST: Final = 64 * 1024  # bigger files make slow inputs that find nothing new

#: One input: its bytes and the format to read them as.
Seed = tuple[bytes, str]


def file_seeds(root: Path = ROOT) -> list[Seed]:
    """Every CSV, JSON and YAML file of the seed folders (small ones only)."""
    out: list[Seed] = []
    for folder in _FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            fmt = FORMATS.get(path.suffix) or ("yaml" if path.suffix == ".yml" else None)
            if fmt is None and path.suffix == ".tsv":
                fmt = "csv"
            if fmt is not None and path.is_file() and path.stat().st_size <= _LARGEST:
                out.append((path.read_bytes(), fmt))
    return out


def generated_seeds(count: int, *, random_seed: int) -> list[Seed]:
    """``count`` inputs of each kind, made with the public strategies (reproducibly)."""
    out: list[Seed] = []

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @seed(random_seed)
    @given(
        st.one_of(
            messy_tables(format="csv"),
            st.tuples(
                orgs(max_size=12, names=st.text(max_size=8)),
                st.sampled_from(["csv", "json", "yaml"]),
                st.booleans(),
            ),
        )
    )
    def collect(made: str | tuple[orgshape.Org, str, bool]) -> None:
        if isinstance(made, str):
            out.append((made.encode("utf-8"), "csv"))
            return
        org, fmt, nested = made
        text = io.StringIO()
        orgshape.write(org, text, format=fmt, nested=nested and fmt != "csv")
        out.append((text.getvalue().encode("utf-8"), fmt))

    collect()
    return out


def seeds(count: int = 60, *, random_seed: int = 0) -> list[Seed]:
    """The whole seed corpus: the files, then ``count`` generated inputs."""
    return file_seeds() + generated_seeds(count, random_seed=random_seed)
