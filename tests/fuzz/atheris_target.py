"""The coverage-guided fuzzer: atheris (libFuzzer) drives the same oracle.

Run by ``python -m tests.fuzz`` in a subprocess, with libFuzzer's own arguments
(``-max_total_time=N``, a corpus folder...). The first byte of an input picks the
format, the rest is the file. orgshape and PyYAML are instrumented so that libFuzzer
sees which branches an input reached. A broken promise is shrunk and saved as a
regression file (see :mod:`tests.fuzz.engine`) and fuzzing goes on; a hang or a crash
of the interpreter ends the run, and the runner saves libFuzzer's artifact.
"""

from __future__ import annotations

import sys

import atheris  # an optional tool: `make fuzz` installs it

with atheris.instrument_imports(include=["orgshape", "yaml"]):
    import yaml  # noqa: F401

    import orgshape  # noqa: F401  (instrumented before the oracle imports it)

from tests.fuzz.engine import Stats, fuzz_once

__all__ = ["FORMATS", "main"]

FORMATS = ("csv", "json", "yaml")
_STATS = Stats()


def _one_input(data: bytes) -> None:
    if not data:
        return
    fmt = FORMATS[data[0] % len(FORMATS)]
    before = dict(_STATS.failures)
    fuzz_once(data[1:], fmt, _STATS, shrink_budget=300)  # within libFuzzer's -timeout
    for key, count in _STATS.failures.items():
        if before.get(key) != count and key not in before:
            print(f"\nnew failure: {key}", file=sys.stderr, flush=True)


def main() -> None:
    """Fuzz until libFuzzer's limits end the run."""
    atheris.Setup(sys.argv, _one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
