"""Profile one benchmark stage with cProfile: where does the time go?

    python benchmarks/hotspots.py load 1M            top functions by own time
    python benchmarks/hotspots.py load_validate 100k --sort cumulative --top 40

The stage runs exactly as ``run.py`` runs it (same generated file, same code), under
cProfile; the profile's overhead inflates the times, so read the shares, not the totals.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats

import generate
from run import parse_size
from stages import STAGES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stage", choices=[s.name for s in STAGES.values() if s.inputs])
    parser.add_argument("size", type=parse_size, help="e.g. 10k, 1M")
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    path = generate.ensure(args.size)
    profiler = cProfile.Profile()
    measured = profiler.runcall(STAGES[args.stage].run, path)
    print(f"{args.stage} @ {args.size}: {measured.parts} (under cProfile)")
    pstats.Stats(profiler).strip_dirs().sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
