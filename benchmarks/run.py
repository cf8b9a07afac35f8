"""The orgshape benchmark (``make bench``): orgshape against the baselines, 1k … 1M people.

Every stage (see ``stages.py``) runs in a fresh process, several times; runs of the
stages on one input are interleaved (run 1 of every stage, then run 2...) so that a
burst of load on a shared machine hits orgshape and its baselines alike. The printed
table, ``benchmarks/results.json`` and ``docs/performance.md`` come from one run.

    python benchmarks/run.py                  the full run (under 15 minutes on 2 cores)
    python benchmarks/run.py --quick          1k and 10k people, one run: for development
    python benchmarks/run.py --sizes 1M --stages load,pandas_read_csv
    python benchmarks/run.py --report-only    re-derive the table and docs from results.json
    python benchmarks/run.py --engines        the pure-Python and fast engines, 100k and 1M

A quick or filtered run writes its results to ``benchmarks/_data/`` instead, so that it
never overwrites the published numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Final

import generate
import report
from stages import SCRIPT, STAGES, Stage

HERE: Final = Path(__file__).resolve().parent
ROOT: Final = HERE.parent
RESULTS: Final = HERE / "results.json"
DOCS: Final = ROOT / "docs" / "performance.md"
DATA_SIZES: Final = (1_000, 10_000, 100_000, 1_000_000)
RENDER_SIZES: Final = (100, 1_000, 2_000, 5_000, 10_000)
QUICK_SIZES: Final = (1_000, 10_000)
CLI_SIZE: Final = 300  # "a design of a few hundred people" (issue 12)
RUNS: Final = 5
RUNS_LARGE: Final = 3  # at 1M people (data) and from 5k people (render)
RUNS_STARTUP: Final = 10
TIMEOUT_S: Final = 600
#: The stages of the engine comparison (``--engines``).
ENGINE_STAGES: Final = (
    "pandas_read_csv",
    "pandas_networkx",
    "load",
    "load_python",
    "load_validate",
    "load_validate_python",
    "metrics",
    "metrics_python",
)
PACKAGES: Final = (
    "orgshape",
    "pandas",
    "numpy",
    "pyarrow",
    "networkx",
    "pygraphviz",
    "graphviz",
    "attrs",
)


@dataclass(frozen=True)
class Input:
    """What a stage runs on: a label for tables, the file, and its headcount."""

    label: str
    path: Path | None
    people: int | None
    runs: int


def parse_size(text: str) -> int:
    """``"1k"`` → 1000, ``"1M"`` → 1000000, ``"300"`` → 300."""
    text = text.strip()
    scale = {"k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def example() -> Input:
    """The bundled example org (66 positions)."""
    path = Path(str(resources.files("orgshape").joinpath("data", "example_org.csv")))
    with path.open(encoding="utf-8") as handle:
        people = sum(1 for _ in handle) - 1
    return Input("example", path, people, RUNS)


def generated(size: int, runs: int) -> Input:
    """A generated org of ``size`` people."""
    return Input(str(size), generate.ensure(size), size, runs)


def inputs_for(kind: str, sizes: set[int] | None, runs: int | None) -> list[Input]:
    """The inputs of one kind, filtered to ``sizes``; ``runs`` overrides the defaults."""
    if kind == "data":
        chosen = [n for n in DATA_SIZES if sizes is None or n in sizes]
        return [generated(n, runs or (RUNS_LARGE if n >= 1_000_000 else RUNS)) for n in chosen]
    if kind == "render":
        chosen = [n for n in RENDER_SIZES if sizes is None or n in sizes]
        return [
            replace(example(), runs=runs or RUNS),
            *(generated(n, runs or (RUNS_LARGE if n >= 5_000 else RUNS)) for n in chosen),
        ]
    if kind == "cli":
        return [
            replace(example(), runs=runs or RUNS_STARTUP),
            generated(CLI_SIZE, runs or RUNS_STARTUP),
        ]
    if kind == "none":
        return [Input("-", None, None, runs or RUNS_STARTUP)]
    raise ValueError(kind)


def missing_requirement(stage: Stage) -> str | None:
    """Why a stage cannot run yet (an API it calls is not importable), or None."""
    for requirement in stage.requires:
        module_name, attribute = requirement.split(":")
        try:
            found = getattr(importlib.import_module(module_name), attribute)
        except Exception as err:  # any failure (mid-edit module, missing name): not yet
            return f"{module_name}.{attribute} not available ({type(err).__name__}: {err})"
        if not callable(found):
            return f"{module_name}.{attribute} is not a function yet"
    if "orgshape.cli:main" in stage.requires and not SCRIPT.exists():
        return f"the console script {SCRIPT} is not installed"
    return None


def run_once(stage: Stage, item: Input) -> dict[str, Any]:
    """One run of a stage in a fresh process; raises RuntimeError when it fails."""
    argv = [sys.executable, str(HERE / "stages.py"), stage.name]
    if item.path is not None:
        argv.append(str(item.path))
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as err:
        raise RuntimeError(f"timed out after {TIMEOUT_S} s") from err
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit code {done.returncode}"]
        raise RuntimeError(lines[-1])
    measured: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median time (and parts), maximum peak memory, over the runs of one stage."""
    parts = {
        name: statistics.median(run["parts"][name] for run in runs) for name in runs[0]["parts"]
    }
    before = [run["before_kib"] for run in runs if run["before_kib"] is not None]
    return {
        "median_s": statistics.median(run["seconds"] for run in runs),
        "min_s": min(run["seconds"] for run in runs),
        "parts_s": parts,
        "peak_mib": max(run["peak_kib"] for run in runs) / 1024,
        "before_mib": statistics.median(before) / 1024 if before else None,
        "info": runs[-1]["info"],
        "runs": [run["seconds"] for run in runs],
        "runs_parts": [run["parts"] for run in runs],
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


def _commit() -> str | None:
    done = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or None


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        "commit": _commit(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 10k people, one run")
    parser.add_argument("--sizes", help="comma-separated sizes to run, e.g. 1k,10k,1M")
    parser.add_argument("--stages", help=f"comma-separated stages: {', '.join(STAGES)}")
    parser.add_argument("--runs", type=int, help="runs per stage (default: 5, 3 when large)")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument(
        "--engines",
        action="store_true",
        help="measure only the pure-Python and fast engines beside pandas (100k and 1M "
        f"unless --sizes) into {report.ENGINES.relative_to(ROOT)}, and rebuild the docs",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help=f"measure nothing: rebuild the table and docs from {RESULTS.relative_to(ROOT)}",
    )
    args = parser.parse_args()
    if args.report_only:
        publish(json.loads(RESULTS.read_text(encoding="utf-8")))
        return

    if args.engines:
        args.sizes = args.sizes or "100k,1M"
        args.stages = ",".join(ENGINE_STAGES)
    sizes = {parse_size(s) for s in args.sizes.split(",")} if args.sizes else None
    if args.quick:
        sizes = set(QUICK_SIZES) if sizes is None else sizes & set(QUICK_SIZES)
    runs = 1 if args.quick and args.runs is None else args.runs
    chosen = list(STAGES) if args.stages is None else args.stages.split(",")
    unknown = [name for name in chosen if name not in STAGES]
    if unknown:
        parser.error(f"unknown stages {unknown} (known: {', '.join(STAGES)})")
    partial = args.quick or args.sizes is not None or args.stages is not None or runs is not None
    if args.seed != generate.DEFAULT_SEED:
        partial = True

    started = time.perf_counter()
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "seed": args.seed,
            "quick": args.quick,
            "partial": partial,
            "sizes": sorted(sizes) if sizes else None,
            "stages": chosen,
            "runs": runs,
        },
        "datasets": {},
        "stages": [],
    }

    # Group the work by input, so that the runs of every stage on one input interleave.
    plan: dict[str, tuple[Input, list[Stage]]] = {}
    for name in chosen:
        stage = STAGES[name]
        reason = missing_requirement(stage)
        for kind in stage.inputs or ("none",):
            for found in inputs_for(kind, sizes, runs):
                item = found
                if args.engines and runs is None and found.people:  # 3 runs, 1 at 1M
                    item = replace(found, runs=1 if found.people >= 1_000_000 else 3)
                if reason is not None:
                    results["stages"].append(_entry(stage, item, status="skipped", reason=reason))
                    print(f"stage {name} @ {item.label}: skipped — {reason}", flush=True)
                    continue
                plan.setdefault(f"{kind}:{item.label}", (item, []))[1].append(stage)
                if item.path is not None and item.label.isdigit():
                    results["datasets"][item.label] = generate.describe(item.path)

    for item, stages in sorted(plan.values(), key=lambda entry: entry[0].people or 0):
        measured: dict[str, list[dict[str, Any]]] = {stage.name: [] for stage in stages}
        failed: dict[str, str] = {}
        for number in range(1, item.runs + 1):
            for stage in stages:
                if stage.name in failed:
                    continue
                try:
                    run = run_once(stage, item)
                except RuntimeError as err:
                    failed[stage.name] = str(err)
                    print(f"stage {stage.name} @ {item.label}: FAILED — {err}", flush=True)
                    continue
                measured[stage.name].append(run)
                print(
                    f"[{time.perf_counter() - started:7.1f} s] {stage.name} @ {item.label}"
                    f" run {number}/{item.runs}: {run['seconds']:.4f} s,"
                    f" peak {run['peak_kib'] / 1024:.0f} MiB",
                    flush=True,
                )
        for stage in stages:
            if stage.name in failed:
                entry = _entry(stage, item, status="failed", reason=failed[stage.name])
            else:
                entry = _entry(stage, item, status="ok") | summarise(measured[stage.name])
            results["stages"].append(entry)

    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    if args.engines:
        text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
        report.ENGINES.write_text(text, encoding="utf-8")
        publish(json.loads(RESULTS.read_text(encoding="utf-8")))  # the docs, with the engines
        return
    publish(results)


def publish(results: dict[str, Any]) -> None:
    """Derive ratios, growth and targets; print the table; write the JSON and the docs."""
    results["comparisons"] = report.comparisons(results)
    results["growth"] = report.growth(results)
    results["targets"] = report.targets(results)
    print()
    print(report.table(results))

    out_json, out_docs = (
        (generate.DATA_DIR / "results-partial.json", generate.DATA_DIR / "performance-partial.md")
        if results["settings"]["partial"]
        else (RESULTS, DOCS)
    )
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    out_docs.write_text(report.markdown(results), encoding="utf-8")
    print(f"\nwrote {out_json.relative_to(ROOT)} and {out_docs.relative_to(ROOT)}")


def _entry(stage: Stage, item: Input, *, status: str, reason: str | None = None) -> dict[str, Any]:
    return {
        "stage": stage.name,
        "label": stage.label,
        "baseline": stage.baseline,
        "input": item.label,
        "people": item.people,
        "status": status,
        "reason": reason,
    }


if __name__ == "__main__":
    main()
