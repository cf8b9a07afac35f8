"""``make fuzz``: explore for a while, and keep what breaks as regression files.

Two phases share the time (``--seconds``, default 300):

1. the property tests (every Hypothesis test under ``tests/``) with the ``fuzz``
   profile: random seeds and ten times the examples, in a shuffled order, until their
   share of the time is spent;
2. a fuzzer over the readers (``orgshape.read`` on CSV, JSON and YAML bytes): atheris
   (coverage-guided) when it is installed, else the seeded mutational fuzzer of
   :mod:`tests.fuzz.engine`. Broken promises (see :mod:`tests.fuzz.oracle`) are shrunk
   and saved in ``tests/fuzz/regressions/``, which the normal test suite replays.

Usage: ``python -m tests.fuzz [--seconds N] [--share F] [--engine auto|atheris|random]
[--seed N]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import re
import subprocess
import sys
import time

from tests.fuzz.engine import REGRESSIONS, TOKENS, Stats, run, save
from tests.fuzz.oracle import FORMATS
from tests.fuzz.seeds import ROOT, seeds

_WORK = ROOT / "build" / "fuzz"  # the corpus and libFuzzer's artifacts (git-ignored)
_FORMATS = ("csv", "json", "yaml")
_START = time.time()  # regression files newer than this were saved by this run


def _properties(seconds: float) -> int:
    """Run the property tests with the fuzz profile until ``seconds`` have passed."""
    env = dict(os.environ, ORGSHAPE_FUZZ_UNTIL=str(time.time() + seconds))
    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests",
        "-m",
        "hypothesis",
        "--hypothesis-profile=fuzz",
        "--hypothesis-show-statistics" if os.environ.get("FUZZ_VERBOSE") else "-q",
        "-p",
        "tests.fuzz.budget",
        "-n",
        "2",
        "-rfEs" if os.environ.get("FUZZ_VERBOSE") else "-rfE",
    ]
    print(f"== property tests, fuzz profile, {seconds:.0f} s", flush=True)
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def _random_engine(seconds: float, rng_seed: int) -> Stats:
    print(f"== readers, random mutational fuzzer (--seed {rng_seed}), {seconds:.0f} s", flush=True)
    until = time.monotonic() + seconds
    corpus = seeds(60, random_seed=rng_seed)
    return run(corpus, rng=random.Random(rng_seed), keep_going=lambda _: time.monotonic() < until)


def _dict_entry(token: bytes) -> str:
    """One line of a libFuzzer dictionary: the token with every byte escaped."""
    return '"' + "".join(f"\\x{b:02x}" for b in token) + '"\n'


def _atheris_engine(seconds: float, rng_seed: int) -> Stats:
    print(f"== readers, atheris (coverage-guided, -seed={rng_seed}), {seconds:.0f} s", flush=True)
    corpus = _WORK / "corpus"
    artifacts = _WORK / "artifacts"
    corpus.mkdir(parents=True, exist_ok=True)
    artifacts.mkdir(parents=True, exist_ok=True)
    if not any(corpus.iterdir()):
        for k, (data, fmt) in enumerate(seeds(60, random_seed=rng_seed)):
            (corpus / f"seed-{k:04d}").write_bytes(bytes([_FORMATS.index(fmt)]) + data)
    tokens = _WORK / "tokens.dict"  # the mutational fuzzer's tokens, as a libFuzzer dictionary
    tokens.write_text("".join(_dict_entry(token) for token in TOKENS), encoding="ascii")
    stats = Stats()
    until = time.monotonic() + seconds
    while (left := until - time.monotonic()) > 5:
        command = [
            sys.executable,
            "-m",
            "tests.fuzz.atheris_target",
            f"-max_total_time={int(left)}",
            f"-seed={rng_seed}",
            "-timeout=120",
            "-rss_limit_mb=6144",
            "-max_len=8192",
            "-print_final_stats=1",
            f"-dict={tokens}",
            f"-artifact_prefix={artifacts}/",
            str(corpus),
        ]
        done = subprocess.run(command, cwd=ROOT, check=False, capture_output=True, text=True)
        log = done.stdout + done.stderr
        (_WORK / "atheris.log").write_text(log, encoding="utf-8")
        runs = re.findall(r"Done (\d+) runs", log) or re.findall(r"#(\d+)\s", log)
        stats.inputs += int(runs[-1]) if runs else 0
        for line in re.findall(r"new failure: (.+)", log):
            stats.failures[line] = stats.failures.get(line, 0) + 1
        for artifact in sorted(artifacts.iterdir()):  # a hang, an out-of-memory, a crash
            data = artifact.read_bytes()
            kind = artifact.name.split("-")[0]
            if data and kind in ("crash", "timeout", "oom", "leak"):  # not "slow-unit":
                # a unit is slow when it shrank a failure, which saved it already
                fmt = _FORMATS[data[0] % len(_FORMATS)]
                stats.failures[f"{fmt} {kind}"] = stats.failures.get(f"{fmt} {kind}", 0) + 1
                saved = save(data[1:], fmt, kind)
                if saved is not None:
                    stats.saved.append(saved)
            artifact.unlink()
        if not runs:  # atheris did not get going: show why
            print(log[-3000:], file=sys.stderr)
            break
        rng_seed += 1
    stats.saved += sorted(p for p in REGRESSIONS.iterdir() if p.stat().st_mtime > _START)
    stats.corpus = sum(1 for _ in corpus.iterdir())
    return stats


def main(argv: list[str] | None = None) -> int:
    """Run both phases; the exit status is 1 when anything failed."""
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--share", type=float, default=0.5, help="the property tests' share")
    parser.add_argument("--engine", choices=("auto", "atheris", "random"), default="auto")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    rng_seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if importlib.util.find_spec("atheris") else "random"
    known = {p.name.rsplit("-", 1)[0] for p in REGRESSIONS.iterdir() if p.suffix in FORMATS}
    properties = _properties(args.seconds * args.share) if args.share > 0 else 0
    left = args.seconds * (1 - args.share)
    if engine == "atheris":
        stats = _atheris_engine(left, rng_seed)
    else:
        stats = _random_engine(left, rng_seed)
    print(f"\n== {stats.inputs:,} inputs read ({engine}), corpus {stats.corpus:,}")
    new = {key for key in stats.failures if key.replace(" ", "-", 1) not in known}
    for key, count in sorted(stats.failures.items()):
        print(f"   {key}: {count:,} inputs" + ("" if key in new else " (known: a saved file)"))
    for path in dict.fromkeys(stats.saved):
        if path.exists() and path.suffix in FORMATS:
            print(f"   saved {path.relative_to(ROOT)}")
    if properties:
        print("   property tests: FAILED (see above; the example database replays them)")
    if stats.saved:
        print("   commit the saved files (with an xfail entry in tests/fuzz/test_regressions.py")
        print("   until the bug is fixed): `make test` replays every one")
    return 1 if new or properties else 0


if __name__ == "__main__":
    sys.exit(main())
