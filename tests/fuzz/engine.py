"""A seeded mutational fuzzer over the readers, and what both fuzzers share.

Each round takes an input of the corpus, applies a few byte-level mutations (flips,
tokens the readers treat specially, deleted, repeated or swapped ranges, splices of two
inputs, another format) and checks the result with :func:`tests.fuzz.oracle.check`. An
input whose outcome was never seen before (a new error kind or set of problem codes)
joins the corpus: a cheap stand-in for coverage feedback. A failure is shrunk (ranges
deleted while it keeps failing the same way) and saved under ``tests/fuzz/regressions/``,
one file per kind of failure, the smallest found.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

import attrs

from tests.fuzz.oracle import BrokenPromiseError, check

__all__ = ["REGRESSIONS", "Stats", "fuzz_once", "mutate", "run", "save", "shrink"]

REGRESSIONS: Final = Path(__file__).resolve().parent / "regressions"
_SUFFIX: Final = {"csv": ".csv", "json": ".json", "yaml": ".yaml"}
_MAX_LEN: Final = 8 * 1024
_MAX_CORPUS: Final = 4000

#: Bytes the readers treat specially: quoting, line ends, encodings, YAML and JSON syntax,
#: spreadsheet guards, id spellings, HR wrappers and Unicode line and bidi characters.
TOKENS: Final[tuple[bytes, ...]] = (
    b'"', b"'", b"\r", b"\n", b"\r\n", b",", b";", b"\t", b"|", b" ", b"\x00", b"\x1a",
    b"\x0b", b"\x0c", b"\x1c", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xae", b"\xef\xbb\xbf",
    b"\xff\xfe", b"\xfe\xff", b"\xff", b"\xc3", b"sep=;\n", b"# ", b"## ", b"#", b"---\n",
    b"...\n", b"- ", b": ", b"? ", b"&a ", b"*a", b"!!python/object:os.system ", b"!!str ",
    b"{", b"}", b"[", b"]", b"null", b"~", b"NaN", b"Infinity", b"-0", b"1e999", b"007",
    b"7.0", b"0x1F", b"true", b"'=", b"=1+1", b"@SUM(A1)", b"+1", b"\\u0000", b"\\ud800",
    b"id", b"name", b"title", b"manager_id", b"manager", b"reports", b'"reports": [',
    b"reports:\n  - ", b"Report_Entry", b"dotted_line", b"products", b"cost", b"assistant",
    b"level", b"CPO", b"Sr. PM", b"P1", b"P1;P2", b"NA", b"N/A",
)  # fmt: skip


def mutate(data: bytes, rng: random.Random, corpus: Sequence[bytes]) -> bytes:
    """One to four random mutations of ``data`` (never longer than 8 KiB)."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(9)
        at = rng.randint(0, len(out))
        if kind == 0 and out:  # flip or set a byte
            k = rng.randrange(len(out))
            out[k] = rng.randrange(256) if rng.random() < 0.5 else out[k] ^ (1 << rng.randrange(8))
        elif kind in (1, 2):  # a special token
            out[at:at] = rng.choice(TOKENS)
        elif kind == 3 and out:  # delete a range
            end = min(len(out), at + rng.choice((1, 2, 8, 64)))
            del out[at:end]
        elif kind == 4 and out:  # repeat a range (a line, a cell)
            start = rng.randrange(len(out))
            piece = out[start : start + rng.choice((1, 4, 16, 80))]
            out[at:at] = piece * rng.choice((1, 2, 16))
        elif kind == 5:  # swap two lines
            lines = bytes(out).split(b"\n")
            if len(lines) > 2:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                out = bytearray(b"\n".join(lines))
        elif kind == 6 and corpus:  # splice another input in
            other = rng.choice(corpus)
            start = rng.randrange(len(other) + 1)
            out[at:at] = other[start : start + rng.randint(1, 200)]
        elif kind == 7:  # a long run (cell and line caps)
            out[at:at] = rng.choice((b"A", b" ", b"\n", b",", b"[", b"- ")) * rng.choice((64, 600))
        elif kind == 8 and out:  # cut the input short
            del out[at:]
    return bytes(out[:_MAX_LEN])


def shrink(
    data: bytes, fmt: str, kind: str, *, budget: int = 1500, checker: Callable[..., object] = check
) -> bytes:
    """A smaller input that fails the same way: ranges deleted while the kind stays."""

    def fails(candidate: bytes) -> bool:
        try:
            checker(candidate, fmt)
        except BrokenPromiseError as failure:
            return failure.kind == kind
        return False

    best = data
    size = max(1, len(best) // 2)
    while size >= 1 and budget > 0:
        start = 0
        shrunk = False
        while start < len(best) and budget > 0:
            candidate = best[:start] + best[start + size :]
            budget -= 1
            if candidate != best and fails(candidate):
                best = candidate
                shrunk = True
            else:
                start += size
        if not shrunk:
            size //= 2
    return best


def save(data: bytes, fmt: str, kind: str, folder: Path = REGRESSIONS) -> Path | None:
    """Keep ``data`` as the regression file of its kind, if none is smaller yet.

    Returns:
        The new file, or None when a file of that kind and format is already as small.
    """
    folder.mkdir(parents=True, exist_ok=True)
    prefix = f"{fmt}-{kind}-"
    existing = [p for p in folder.iterdir() if p.name.startswith(prefix)]
    if any(p.stat().st_size <= len(data) for p in existing):
        return None
    for path in existing:
        path.unlink()
    digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()[:10]
    path = folder / f"{prefix}{digest}{_SUFFIX[fmt]}"
    path.write_bytes(data)
    return path


@attrs.define
class Stats:
    """What a fuzzing run did."""

    inputs: int = 0
    corpus: int = 0
    failures: dict[str, int] = attrs.field(factory=dict)  # "fmt kind" → times seen
    saved: list[Path] = attrs.field(factory=list)
    examples: dict[str, bytes] = attrs.field(factory=dict)  # "fmt kind" → smallest input


def fuzz_once(
    data: bytes,
    fmt: str,
    stats: Stats,
    *,
    folder: Path = REGRESSIONS,
    checker: Callable[..., object] = check,
    shrink_budget: int = 1500,
) -> object | None:
    """Check one input; on a failure, count, shrink and save it. Returns the outcome."""
    stats.inputs += 1
    try:
        return checker(data, fmt)
    except BrokenPromiseError as failure:
        key = f"{fmt} {failure.kind}"
        stats.failures[key] = stats.failures.get(key, 0) + 1
        if key in stats.examples and len(stats.examples[key]) <= len(data):
            return None
        small = shrink(data, fmt, failure.kind, budget=shrink_budget, checker=checker)
        stats.examples[key] = small
        path = save(small, fmt, failure.kind, folder)
        if path is not None:
            stats.saved.append(path)
        return None


def run(
    corpus: Sequence[tuple[bytes, str]],
    *,
    rng: random.Random,
    keep_going: Callable[[int], bool],
    folder: Path = REGRESSIONS,
    checker: Callable[..., object] = check,
) -> Stats:
    """Mutate and check inputs while ``keep_going(inputs so far)`` says so."""
    stats = Stats()
    pool = list(corpus)
    seen: set[object] = set()
    for data, fmt in corpus:
        outcome = fuzz_once(data, fmt, stats, folder=folder, checker=checker)
        signature = getattr(outcome, "signature", None)
        if signature is not None:
            seen.add((fmt, signature()))
    raw = [data for data, _ in pool]
    while keep_going(stats.inputs):
        data, fmt = rng.choice(pool)
        if rng.random() < 0.05:
            fmt = rng.choice(("csv", "json", "yaml"))
        mutant = mutate(data, rng, raw)
        outcome = fuzz_once(mutant, fmt, stats, folder=folder, checker=checker)
        signature = getattr(outcome, "signature", None)
        if signature is not None and (fmt, signature()) not in seen and len(pool) < _MAX_CORPUS:
            seen.add((fmt, signature()))
            pool.append((mutant, fmt))
            raw.append(mutant)
    stats.corpus = len(pool)
    return stats
