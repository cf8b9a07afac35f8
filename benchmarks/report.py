"""Turn benchmark results into ratios, growth fits, targets, a table and docs/performance.md.

Every orgshape figure is reported as a ratio to the baseline a user would otherwise
write, measured on the same file in the same session: ratios hold on a noisy machine
where absolute times do not.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

GIB_IN_MIB: Final = 1024
HEAVY_ISSUE_12: Final = ("pandas", "polars", "networkx", "pygraphviz", "hypothesis")

# Why a target is missed, written by whoever analysed it (the numbers come from the run;
# the explanation cannot). Shown in the docs only while the target is missed. Profiles:
# `python benchmarks/hotspots.py STAGE SIZE`.
MISS_REASONS: Final[dict[str, str]] = {
    "load_validate_1m": (
        "Borderline on this shared 2-core machine: the ratio moves with how busy it is "
        "(`read_csv` itself varied from 1.9 to 6.1 s between runs). See the fast-engine "
        "targets below for where the time goes."
    ),
    "memory_1m": (
        "Every cell the rest of orgshape reads is a Python object: the fast reader shares "
        "one string per distinct cell (titles, functions, amounts), but ids, names, emails "
        "and the 818,000 distinct product lists of the generated org are a string or a "
        "tuple per row, the table's lists are alive while the org's columns are copied "
        "into tuples, and the id index is a million-entry dict. `validate` adds its "
        "arrays and per-team sets on top. A real fix keeps the columns as Arrow/numpy "
        "arrays through the whole read, with Python values made on demand."
    ),
    "fast_load_1m": (
        "pyarrow parses the file in about 0.5× `read_csv`; what is left is making Python "
        "values of it, as every later step reads them: the cells as lists of strings "
        "(one string per distinct cell of a block), the id index (hashing a million ids), "
        "the manager lookup (a million random-order dict lookups), the mapping step's "
        "checks (distinct references, which key they match), the list and number "
        "converters, and the org's tuples. Each is 0.2–0.8 s at 1M. Meeting 0.4× needs "
        "the columns kept as arrays through mapping, conversion and a sort-based id join."
    ),
    "fast_load_validate_1m": (
        "The load (see above) is about two thirds of it; the built-in rules over the "
        "columnar engine's arrays take the rest (team mix, vacancy orgs, product "
        "ownership, and one finding object per finding: 33,267 at 1M)."
    ),
    "fast_load_validate_100k": (
        "At 100k the fixed costs show: importing pyarrow and numpy (0.3–0.4 s) and the "
        "per-row Python work of the load, as at 1M."
    ),
    "fast_metrics_1m": (
        "The metrics are computed over arrays, but the result holds one typed row per "
        "manager (203,445 `ManagerRow` records at 1M), about 60% of the time, and the "
        "storage's tuple columns are copied into arrays first (about 20%). Meeting 0.3× "
        "needs the manager table kept as columns with rows made on demand."
    ),
    "fast_memory_1m": ("See the 1 GiB target above: the same Python objects per cell."),
    "validate_metrics_100k": (
        "Validation builds the child index, subtree totals and product indexes over "
        "every position in Python (`_model._child_index`, `rules/_rule.py` "
        "`subtree_totals`, the product rules); networkx's structural check has less "
        "to do (no titles, products or findings)."
    ),
    "render_speed": (
        "orgshape's chart has a fixed cost of a few tens of milliseconds (its own compact "
        "layout, DOT through the graphviz package, SVG sanitising) on top of Graphviz's "
        "drawing; it shows on the smallest orgs, where `dot` on the naive DOT takes "
        "about 20 ms. From 1k people orgshape is faster than `dot` on the naive DOT, "
        "because Graphviz only draws orgshape's pinned positions (no layout pass)."
    ),
    "import_time": (
        "`orgshape/__init__.py` still imports `orgshape.rules` and `orgshape._metrics` "
        "eagerly (`orgshape.render` is already lazy), and `orgshape.io` imports "
        "`importlib.resources` at the top for `example()`, which pulls in tempfile, "
        "shutil, zipfile, bz2 and lzma (about 11 ms under `-X importtime`). attrs brings "
        "`inspect` (about 9 ms) and every attrs class costs a little at import. Deferring "
        "the rules/metrics names with the same module `__getattr__` as render, and "
        "`importlib.resources` into `example()`, are the cheap wins. On a loaded machine "
        "every import is slower: compare the fastest run."
    ),
    "cli": (
        "A process pays interpreter start-up (`python -c pass`) plus `import orgshape` "
        "(see above) plus the command's own imports (about 195 modules under "
        "`orgshape check`, `tomllib` for policy discovery among them) before any work: "
        "at a few hundred people the work itself is a few milliseconds."
    ),
    "elapsed": (
        "Other work on the machine slows every stage; the 1M-person stages (3 runs each, "
        "most of the time) dominate."
    ),
}


# Why a stage grows faster than the floor (hand-written, like MISS_REASONS); shown
# under the growth table while the verdict says super-linear.
GROWTH_NOTES: Final[dict[str, str]] = {
    "metrics": (
        "`metrics` makes one record per manager (about 200k at 1M people) while it walks "
        "the tree by parent index, in an order unrelated to where the rows sit in memory. "
        "Measured separately at 1M: about 4 s with the cyclic garbage collector paused, "
        "6.5–8 s with it running; the rest of the rise from 100k (2 µs per person) is "
        "most likely the working set outgrowing the CPU caches."
    ),
    "validate_metrics": (
        "Validation walks the tree like `metrics` (child index, subtree totals, product "
        "indexes) and creates one finding per problem; at 1M people it is 3.5–6.5 s "
        "(2.8 µs per person at 100k), depending on the garbage collector and the machine."
    ),
}


@dataclass(frozen=True)
class Comparison:
    """An orgshape stage (or part) divided by a baseline stage (or part), per input."""

    key: str
    label: str
    stage: str
    baseline: str
    stage_part: str | None = None
    baseline_part: str | None = None


COMPARISONS: Final = (
    Comparison("load_floor", "load ÷ csv.reader (floor)", "load", "csv_reader"),
    Comparison("load_pandas", "load ÷ pandas.read_csv", "load", "pandas_read_csv"),
    Comparison(
        "load_validate_pandas",
        "load+validate ÷ pandas.read_csv",
        "load_validate",
        "pandas_read_csv",
    ),
    Comparison(
        "load_validate_networkx",
        "load+validate ÷ pandas+networkx (read + structure)",
        "load_validate",
        "pandas_networkx",
    ),
    Comparison(
        "load_python_pandas",
        "load (pure-Python engine) ÷ pandas.read_csv",
        "load_python",
        "pandas_read_csv",
    ),
    Comparison(
        "load_validate_python_pandas",
        "load+validate (pure-Python engine) ÷ pandas.read_csv",
        "load_validate_python",
        "pandas_read_csv",
    ),
    Comparison(
        "load_validate_python_networkx",
        "load+validate (pure-Python engine) ÷ pandas+networkx",
        "load_validate_python",
        "pandas_networkx",
    ),
    Comparison("metrics_pandas", "metrics ÷ pandas.read_csv", "metrics", "pandas_read_csv"),
    Comparison(
        "metrics_python_pandas",
        "metrics (pure-Python engine) ÷ pandas.read_csv",
        "metrics_python",
        "pandas_read_csv",
    ),
    Comparison(
        "validate_metrics_networkx",
        "validate+metrics ÷ networkx structural check",
        "validate_metrics",
        "pandas_networkx",
        baseline_part="structure",
    ),
    Comparison(
        "check_networkx",
        "`orgshape check` process ÷ pandas+networkx",
        "check",
        "pandas_networkx",
    ),
    Comparison(
        "networkx_pandas",
        "(baseline) networkx structural check ÷ pandas.read_csv",
        "pandas_networkx",
        "pandas_read_csv",
        stage_part="structure",
    ),
    Comparison("svg_naive", "render SVG ÷ dot on naive DOT", "svg", "naive_dot_svg"),
    Comparison("dot_naive", "build DOT ÷ dot on naive DOT", "dot", "naive_dot_svg"),
)


#: The stages run on the 1k … 1M files, in table order.
DATA_STAGES: Final = (
    "csv_reader",
    "pandas_read_csv",
    "pandas_networkx",
    "load",
    "load_python",
    "load_validate",
    "load_validate_python",
    "validate_metrics",
    "metrics",
    "metrics_python",
    "check",
)
_SMALLEST_DATA: Final = 1_000  # `check` also runs on 300 people, for start-up

# ---------------------------------------------------------------- lookups and formats


def entry(results: dict[str, Any], stage: str, label: str) -> dict[str, Any] | None:
    """The result of ``stage`` on input ``label`` (any status), or None when not run."""
    for item in results["stages"]:
        if item["stage"] == stage and item["input"] == label:
            found: dict[str, Any] = item
            return found
    return None


def seconds(
    results: dict[str, Any], stage: str, label: str, part: str | None = None
) -> float | None:
    """The median seconds of a stage (or of one of its parts), None unless it ran."""
    found = entry(results, stage, label)
    if found is None or found["status"] != "ok":
        return None
    value = found["median_s"] if part is None else found["parts_s"].get(part)
    return None if value is None else float(value)


def why_missing(results: dict[str, Any], stage: str, label: str) -> str:
    """Why a stage has no number at an input: its skip/failure reason, or not run."""
    found = entry(results, stage, label)
    if found is None:
        return f"{stage} was not run at {size_label(label)} (filtered out)"
    return f"{stage} {found['status']}: {found['reason']}"


def size_label(label: str) -> str:
    if not label.isdigit():
        return label
    n = int(label)
    for unit, scale in (("M", 1_000_000), ("k", 1_000)):
        if n >= scale and n % (scale // 10) == 0:
            return f"{n / scale:g}{unit}"
    return label


def fmt_s(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def fmt_ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def _size_order(label: str) -> int:
    """Sort key for input labels: the example (and "-") first, then by headcount."""
    return int(label) if label.isdigit() else -1


def _labels(results: dict[str, Any], stages: Iterable[str]) -> list[str]:
    """Input labels the given stages ran on, smallest first (the example first)."""
    wanted = set(stages)
    labels = {item["input"] for item in results["stages"] if item["stage"] in wanted}
    return sorted(labels, key=_size_order)


def _data_labels(results: dict[str, Any], stages: Iterable[str]) -> list[str]:
    return [
        label
        for label in _labels(results, stages)
        if label.isdigit() and int(label) >= _SMALLEST_DATA
    ]


# ---------------------------------------------------------------- derived results


def _run_times(found: dict[str, Any], part: str | None) -> list[float]:
    if part is None:
        return [float(t) for t in found["runs"]]
    return [float(parts[part]) for parts in found.get("runs_parts", []) if part in parts]


def paired_ratio(results: dict[str, Any], comparison: Comparison, label: str) -> float | None:
    """The median over rounds of (run k of the stage ÷ run k of the baseline).

    Run k of every stage on an input ran in the same round, seconds apart, so a burst of
    load from other work hits both sides of a pair. Falls back to the ratio of the
    medians when the run counts differ.
    """
    mine = entry(results, comparison.stage, label)
    theirs = entry(results, comparison.baseline, label)
    if mine is None or theirs is None or mine["status"] != "ok" or theirs["status"] != "ok":
        return None
    a = _run_times(mine, comparison.stage_part)
    b = _run_times(theirs, comparison.baseline_part)
    if a and len(a) == len(b) and all(b):
        return statistics.median(x / y for x, y in zip(a, b, strict=True))
    top = seconds(results, comparison.stage, label, comparison.stage_part)
    bottom = seconds(results, comparison.baseline, label, comparison.baseline_part)
    return top / bottom if top is not None and bottom else None


def comparisons(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every comparison with its (paired) ratio at each input where both sides ran."""
    rows = []
    for comparison in COMPARISONS:
        ratios = {}
        for label in _labels(results, (comparison.stage, comparison.baseline)):
            ratio = paired_ratio(results, comparison, label)
            if ratio is not None:
                ratios[label] = ratio
        rows.append(
            {
                "key": comparison.key,
                "label": comparison.label,
                "stage": comparison.stage,
                "baseline": comparison.baseline,
                "ratios": ratios,
            }
        )
    return rows


def _ratio_labels(results: dict[str, Any]) -> list[str]:
    """The inputs at which at least one ratio was measured, smallest first."""
    found = {label for row in results["comparisons"] for label in row["ratios"]}
    return sorted(found, key=_size_order)


def _ratio(results: dict[str, Any], key: str, label: str) -> float | None:
    for row in results["comparisons"]:
        if row["key"] == key:
            value = row["ratios"].get(label)
            return None if value is None else float(value)
    return None


def _exponent(points: list[tuple[int, float]]) -> float | None:
    """The least-squares slope of log(time) on log(size): 1 is linear."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def _fit(points: list[tuple[int, float]]) -> float | None:
    """The exponent over the sizes from 10k up (all sizes when fewer than two)."""
    large = [(n, t) for n, t in points if n >= 10_000]
    return _exponent(large if len(large) >= 2 else points)


def growth(results: dict[str, Any]) -> list[dict[str, Any]]:
    """How each data stage's time grows with headcount.

    Per stage, from the fastest run at each size (the one least disturbed by other work
    on the machine): µs per person; the exponent *b* of time ∝ people^b; and the exponent
    of the stage's time divided by the ``csv.reader`` floor's at the same size, which is
    what the verdict reads.
    """
    floor = {
        label: float(item["min_s"])
        for label in _data_labels(results, ["csv_reader"])
        if (item := entry(results, "csv_reader", label)) is not None and item["status"] == "ok"
    }
    rows = []
    for stage in DATA_STAGES:
        points = sorted(
            (int(label), float(item["min_s"]), float(item["peak_mib"]))
            for label in _data_labels(results, [stage])
            if (item := entry(results, stage, label)) is not None and item["status"] == "ok"
        )
        if len(points) < 2:
            continue
        raw = _fit([(n, t) for n, t, _ in points])
        relative = _fit([(n, t / floor[str(n)]) for n, t, _ in points if str(n) in floor])
        rows.append(
            {
                "stage": stage,
                "points": [
                    {"people": n, "seconds": t, "us_per_person": t / n * 1e6, "peak_mib": m}
                    for n, t, m in points
                ],
                "exponent": raw,
                "exponent_vs_floor": relative,
                "verdict": _verdict(raw if stage == "csv_reader" else relative, stage),
            }
        )
    return rows


_NOISE: Final = 0.15  # exponent differences this small are within run-to-run noise here


def _verdict(exponent: float | None, stage: str) -> str:
    if exponent is None:
        return "–"
    if stage == "csv_reader":
        return "the floor (linear by nature: its *b* shows how steady the machine was)"
    if exponent < -_NOISE:
        return "linear; fixed costs still show at the smaller sizes"
    if exponent <= _NOISE:
        return "linear (keeps pace with the csv.reader floor)"
    return f"super-linear (grows faster than the floor by n^{exponent:.2f})"


@dataclass(frozen=True)
class _Target:
    key: str
    text: str
    check: Callable[[dict[str, Any]], tuple[bool | None, str]]


def _threshold(
    value: float | None, limit: float, shown: str, missing: str
) -> tuple[bool | None, str]:
    return (None, missing) if value is None else (value <= limit, shown)


def _load_validate_1m(results: dict[str, Any]) -> tuple[bool | None, str]:
    value = _ratio(results, "load_validate_pandas", "1000000")
    shown = (
        f"{fmt_ratio(value)} (medians {fmt_s(seconds(results, 'load_validate', '1000000'))} vs "
        f"{fmt_s(seconds(results, 'pandas_read_csv', '1000000'))})"
    )
    return _threshold(value, 4.0, shown, why_missing(results, "load_validate", "1000000"))


def _memory_1m(results: dict[str, Any]) -> tuple[bool | None, str]:
    found = entry(results, "load_validate", "1000000")
    if found is None or found["status"] != "ok":
        return None, why_missing(results, "load_validate", "1000000")
    peak = float(found["peak_mib"])
    return peak < GIB_IN_MIB, f"{peak:.0f} MiB"


def _engine_at(results: dict[str, Any], stage: str, label: str) -> str | None:
    """The storage engine a stage's run used (its ``info``), when it says."""
    found = entry(results, stage, label)
    if found is None or found["status"] != "ok":
        return None
    engine = found.get("info", {}).get("engine")
    return None if engine is None else str(engine)


def _not_fast(results: dict[str, Any], stage: str, label: str) -> str | None:
    """Why a run of ``stage`` does not measure the fast engine (None: it does)."""
    engine = _engine_at(results, stage, label)
    if engine == "columnar" or entry(results, stage, label) is None:
        return None
    used = f"the {engine} engine" if engine else "an engine it does not name (an older run)"
    return f"the run used {used}: is `orgshape[fast]` installed?"


def _fast(
    results: dict[str, Any], key: str, stage: str, label: str, limit: float
) -> tuple[bool | None, str]:
    """A ratio target of the fast engine (not measured when the run used another)."""
    other = _not_fast(results, stage, label)
    if other is not None:
        return None, other
    value = _ratio(results, key, label)
    shown = (
        f"{fmt_ratio(value)} (medians {fmt_s(seconds(results, stage, label))} vs "
        f"{fmt_s(seconds(results, 'pandas_read_csv', label))})"
    )
    return _threshold(value, limit, shown, why_missing(results, stage, label))


def _peak_at_most(
    results: dict[str, Any], stage: str, label: str, limit: float
) -> tuple[bool | None, str]:
    other = _not_fast(results, stage, label)
    if other is not None:
        return None, other
    found = entry(results, stage, label)
    if found is None or found["status"] != "ok":
        return None, why_missing(results, stage, label)
    peak = float(found["peak_mib"])
    return peak <= limit, f"{peak:.0f} MiB"


def _validate_metrics_100k(results: dict[str, Any]) -> tuple[bool | None, str]:
    value = _ratio(results, "validate_metrics_networkx", "100000")
    shown = (
        f"{fmt_ratio(value)} (medians {fmt_s(seconds(results, 'validate_metrics', '100000'))} vs "
        f"{fmt_s(seconds(results, 'pandas_networkx', '100000', 'structure'))})"
    )
    return _threshold(value, 1.0, shown, why_missing(results, "validate_metrics", "100000"))


def _worst(
    results: dict[str, Any], labels: list[str], value: Callable[[str], float | None]
) -> tuple[str, float] | None:
    found = [(label, v) for label in labels if (v := value(label)) is not None]
    return max(found, key=lambda pair: pair[1]) if found else None


def _render_speed(results: dict[str, Any]) -> tuple[bool | None, str]:
    labels = _labels(results, ("svg",))
    worst = _worst(results, labels, lambda label: _ratio(results, "svg_naive", label))
    if worst is None:
        return None, why_missing(results, "svg", labels[0] if labels else "1000")
    return worst[1] <= 2.0, f"worst {fmt_ratio(worst[1])} at {size_label(worst[0])}"


def _chart_ratio(results: dict[str, Any], stage: str, label: str) -> float | None:
    found = entry(results, stage, label)
    if found is None or found["status"] != "ok":
        return None
    ratio = found["info"].get("ratio")
    return None if ratio is None else float(ratio)


def _chart_shape(results: dict[str, Any]) -> tuple[bool | None, str]:
    labels = _labels(results, ("svg",))
    worst = _worst(results, labels, lambda label: _chart_ratio(results, "svg", label))
    if worst is None:
        return None, why_missing(results, "svg", labels[0] if labels else "1000")
    return worst[1] <= 4.0, f"widest {worst[1]:.2f}:1 at {size_label(worst[0])}"


def _import_time(results: dict[str, Any]) -> tuple[bool | None, str]:
    value = seconds(results, "import", "-")
    return _threshold(value, 0.1, fmt_s(value), why_missing(results, "import", "-"))


def _heavy(results: dict[str, Any], stage: str, label: str) -> tuple[bool | None, str]:
    found = entry(results, stage, label)
    if found is None or found["status"] != "ok":
        return None, why_missing(results, stage, label)
    heavy = [m for m in found["info"].get("heavy_modules", []) if m in HEAVY_ISSUE_12]
    return not heavy, ", ".join(heavy) if heavy else "none imported"


def _cli(results: dict[str, Any]) -> tuple[bool | None, str]:
    times = [
        (f"{stage} {size_label(label)}", t)
        for stage in ("check", "stats")
        for label in ("example", "300")
        if (t := seconds(results, stage, label)) is not None
    ]
    if not times:
        return None, why_missing(results, "check", "300")
    worst = max(times, key=lambda pair: pair[1])
    interpreter = seconds(results, "python_pass", "-")
    return worst[1] < 0.3, (
        f"worst {fmt_s(worst[1])} ({worst[0]}); `python -c pass` {fmt_s(interpreter)}"
    )


def _elapsed(results: dict[str, Any]) -> tuple[bool | None, str]:
    if results["settings"]["partial"]:
        return None, "a partial run (quick or filtered) does not measure this"
    minutes = results["elapsed_s"] / 60
    return minutes < 15, f"{minutes:.1f} min"


TARGETS: Final = (
    _Target(
        "load_validate_1m",
        "Load + validate 1M people within 4× of `pandas.read_csv`",
        _load_validate_1m,
    ),
    _Target("memory_1m", "Peak memory of load + validate at 1M under 1 GiB", _memory_1m),
    _Target(
        "fast_load_validate_1m",
        "Fast engine: load + validate 1M people ≤ 0.6× `pandas.read_csv` (issue 17)",
        lambda results: _fast(results, "load_validate_pandas", "load_validate", "1000000", 0.6),
    ),
    _Target(
        "fast_load_validate_100k",
        "Fast engine: load + validate 100k people ≤ 1× `pandas.read_csv`",
        lambda results: _fast(results, "load_validate_pandas", "load_validate", "100000", 1.0),
    ),
    _Target(
        "fast_load_1m",
        "Fast engine: load 1M people ≤ 0.4× `pandas.read_csv`",
        lambda results: _fast(results, "load_pandas", "load", "1000000", 0.4),
    ),
    _Target(
        "fast_metrics_1m",
        "Fast engine: metrics of 1M people ≤ 0.3× `pandas.read_csv`",
        lambda results: _fast(results, "metrics_pandas", "metrics", "1000000", 0.3),
    ),
    _Target(
        "fast_memory_1m",
        "Fast engine: peak memory of load + validate at 1M ≤ 800 MiB",
        lambda results: _peak_at_most(results, "load_validate", "1000000", 800.0),
    ),
    _Target(
        "validate_metrics_100k",
        "Validate + metrics at 100k no slower than the networkx structural check",
        _validate_metrics_100k,
    ),
    _Target(
        "render_speed",
        "Render SVG within 2× of `dot` on the naive DOT (example, 100 … 10k)",
        _render_speed,
    ),
    _Target(
        "chart_shape",
        "Chart width:height within 4:1 (example, 100 … 10k)",
        _chart_shape,
    ),
    _Target("import_time", "`import orgshape` under 0.1 s", _import_time),
    _Target(
        "import_heavy",
        "`import orgshape` imports no pandas, polars, networkx, pygraphviz, hypothesis",
        lambda results: _heavy(results, "import", "-"),
    ),
    _Target(
        "cli",
        "`orgshape check` / `stats` on ~300 people (and the example) under 0.3 s",
        _cli,
    ),
    _Target(
        "cli_heavy",
        "`orgshape check FILE` imports none of those heavy modules",
        lambda results: _heavy(results, "cli_imports", "300"),
    ),
    _Target("elapsed", "The full benchmark runs in under 15 minutes", _elapsed),
)


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target: met, missed or not measured, with the measured number."""
    rows = []
    for target in TARGETS:
        met, measured = target.check(results)
        status = "not measured" if met is None else "met" if met else "missed"
        rows.append(
            {
                "key": target.key,
                "target": target.text,
                "status": status,
                "measured": measured,
                "reason": MISS_REASONS.get(target.key) if status == "missed" else None,
            }
        )
    return rows


# ---------------------------------------------------------------- terminal table


def _grid(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    line = "  ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True))
    out = [line.rstrip(), "  ".join("-" * width for width in widths)]
    for row in rows:
        out.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return out


def _stage_rows(results: dict[str, Any]) -> list[list[str]]:
    rows = []
    for item in results["stages"]:
        name = item["stage"] + (" (baseline)" if item["baseline"] else "")
        where = size_label(item["input"])
        if item["status"] != "ok":
            rows.append([name, where, item["status"], "", "", item["reason"] or ""])
            continue
        parts = ", ".join(f"{k} {fmt_s(v)}" for k, v in item["parts_s"].items())
        rows.append(
            [
                name,
                where,
                fmt_s(item["median_s"]),
                f"{item['peak_mib']:.0f}",
                str(len(item["runs"])),
                parts if len(item["parts_s"]) > 1 else "",
            ]
        )
    return rows


def table(results: dict[str, Any]) -> str:
    """The plain-text summary printed at the end of a run."""
    out = _grid(
        ["stage", "input", "median", "peak MiB", "runs", "parts / reason"], _stage_rows(results)
    )
    out.append("")
    labels = _ratio_labels(results)
    header = ["ratio (lower is better for orgshape)", *map(size_label, labels)]
    out += _grid(
        header,
        [
            [row["label"], *(fmt_ratio(row["ratios"].get(label)) for label in labels)]
            for row in results["comparisons"]
            if row["ratios"]
        ],
    )
    out.append("")
    out += _grid(
        ["target", "status", "measured"],
        [[row["target"], row["status"].upper(), row["measured"]] for row in results["targets"]],
    )
    return "\n".join(out)


# ---------------------------------------------------------------- docs/performance.md


#: Where the engine comparison is kept when it was measured by a filtered run of its own
#: (``python benchmarks/run.py --engines``); a full run measures it in results.json.
ENGINES: Final = Path(__file__).resolve().parent / "engines.json"

#: (what, the default stage, its pure-Python twin, the stage's part to time or None).
_ENGINE_ROWS: Final = (
    ("load", "load", "load_python", None),
    ("load + validate", "load_validate", "load_validate_python", None),
    ("metrics (org loaded untimed)", "metrics", "metrics_python", None),
)


def engine_lines(results: dict[str, Any]) -> list[str]:
    """The pure-Python and the fast path (``orgshape[fast]``) beside pandas and networkx."""
    source = results
    if not any(item["stage"] == "load_python" for item in results["stages"]):
        if not ENGINES.exists():
            return ["Not measured yet: run `python benchmarks/run.py --engines`.", ""]
        source = json.loads(ENGINES.read_text(encoding="utf-8"))
    labels = sorted(
        {item["input"] for item in source["stages"] if item["stage"] == "load_python"},
        key=_size_order,
    )
    out = [
        "`read()` picks the engine: from 4 MiB a plain UTF-8 CSV file is parsed by pyarrow "
        "(the result checked against the `csv` module), and from 30,000 people the org's "
        "structure is analysed over numpy arrays, when `pip install 'orgshape[fast]'` is "
        "done; otherwise, and for smaller inputs, everything is pure Python. Each cell: "
        "median time, peak memory of the process, and the ratio to `pandas.read_csv` "
        "(`dtype=str` for the ids) of the same file in the same run.",
        "",
    ]
    if source is not results:
        machine = source.get("machine", {})
        out += [
            f"Measured {source.get('date', '?')} by a filtered run (`--engines`; "
            f"load average {machine.get('load_average_at_start', '?')} at the start, on "
            f"{machine.get('cores', '?')} cores shared with other work: absolute times are "
            "inflated, the paired ratios much less so).",
            *(f"Note: {note}." for note in source.get("notes", ())),
            "",
            "The tables above come from the last full run; where it predates the fast "
            "engine, their orgshape rows are the pure-Python path.",
            "",
        ]
    header = [
        "stage",
        *(
            f"{engine} @ {size_label(label)}"
            for label in labels
            for engine in ("pure Python", "fast")
        ),
    ]
    rows = []
    for what, fast, python, part in _ENGINE_ROWS:
        row = [what]
        for label in labels:
            base = seconds(source, "pandas_read_csv", label)
            for stage in (python, fast):
                value = seconds(source, stage, label, part)
                found = entry(source, stage, label) or {}
                peak = found.get("peak_mib")
                own = found.get("baseline_s", base)  # (a row re-measured in a run of its own)
                ratio = value / own if value is not None and own else None
                row.append(
                    f"{fmt_s(value)} / {peak:.0f} MiB / {fmt_ratio(ratio)}"
                    if value is not None and peak is not None
                    else "–"
                )
        rows.append(row)
    for baseline, what in (
        ("pandas_read_csv", "pandas.read_csv"),
        ("pandas_networkx", "pandas + networkx check"),
    ):
        row = [f"{what} (baseline)"]
        for label in labels:
            value = seconds(source, baseline, label)
            found = entry(source, baseline, label) or {}
            peak = found.get("peak_mib")
            cell = f"{fmt_s(value)} / {peak:.0f} MiB" if value is not None and peak else "–"
            row += [cell, cell]
        rows.append(row)
    return [*out, *_md_table(header, rows)]


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return [*out, ""]


_METHOD: Final = """\
`benchmarks/run.py` (`make bench`) generates realistic product orgs with
`benchmarks/generate.py` (deterministic from a seed; cached in `benchmarks/_data/`): one
CPO, the product ladder down to PMs with the layers big companies add (Senior Director,
SVP, EVP) as orgs grow, spans drawn from per-level ranges, Senior PMs who are often
individual contributors, product designers, product operations and executive assistants,
about 2% vacancies (no name, an open `req`), 1% dotted lines, products owned by PMs and
Senior PMs, costs and years of experience, titles in real-world spellings ("VP, Product",
"Sr. PM", "Product Manager 2"…) and no `level` column, string ids with leading zeros in
random order (many people come before their managers in the file), and a few deliberate
design problems (spans of 13–18, one-over-ones, one level inversion).

Each stage runs in a **fresh process** (`benchmarks/stages.py`), so its peak memory
(`ru_maxrss`) is its own; the process imports what it needs and prepares its input
before the clock starts. Times are the **median** of several runs (3 at 1M people and
for charts from 5k people, 5 otherwise, 10 for start-up); peak memory is the largest of
the runs and includes the interpreter and imports. The runs of all stages on one input
are interleaved (run 1 of every stage, then run 2…), so that load from other work on
the machine hits orgshape and its baselines alike; that is why every figure is also given
as a **ratio** to a baseline on the same file: the median, over the rounds, of run *k*
of the stage divided by run *k* of the baseline.

Baselines (what a user would otherwise write):

- `csv.reader` over the file: the floor for any CSV loader in Python.
- `pandas.read_csv(path, dtype={"id": str, "manager_id": str})`: the minimal correct
  call (ids stay strings: `007` must not become `7`).
- pandas + networkx: the same `read_csv`, then `from_pandas_edgelist` (manager → report),
  `is_arborescence`, the depth of every node (`single_source_shortest_path_length` from
  the root) and the out-degree of every manager; its *structure* part excludes
  `read_csv`.
- Graphviz `dot` → SVG on a naive one-box-per-person DOT (name and title in each box,
  one edge per reporting line). There is no system `dot` binary on this machine: the
  baseline runs the Graphviz that the pygraphviz wheel bundles, in-process
  (`pygraphviz.AGraph(string=dot).draw(format="svg", prog="dot")`), as orgshape does.

orgshape stages: `orgshape.read(path)`; `read` + `orgshape.validate(org)` (every rule of
the default policy); `validate` + `orgshape.metrics(org)` on an org loaded before the
clock; `metrics` alone; `orgshape.chart(org).source` (DOT) and `.pipe("svg")` (with
graphviz and pygraphviz imported before the clock, as in the baseline: their one-off
import cost belongs to start-up); `orgshape check FILE` and `orgshape stats FILE` as
processes (the console script). Start-up: `import orgshape` timed inside a fresh
interpreter, `python -X importtime -c "import orgshape"`, and `python -c pass` for the
interpreter alone.
"""


def _machine_lines(results: dict[str, Any]) -> list[str]:
    m = results["machine"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
    graphviz = next(
        (
            item["info"].get("graphviz")
            for item in results["stages"]
            if item["stage"] == "naive_dot_svg" and item["status"] == "ok"
        ),
        None,
    )
    return [
        f"- Date: {results['date']} (commit `{m['commit']}`)",
        f"- CPU: {m['cpu']}, {m['cores']} cores; memory {m['memory_gib']} GiB; {m['os']}",
        f"- Python {m['python']}; {packages}"
        + (f"; Graphviz {graphviz} (bundled with pygraphviz)" if graphviz else ""),
        f"- Load average when the run started: {', '.join(map(str, m['load_average_at_start']))}"
        " (other work was running on the machine)",
        f"- The whole run took {results['elapsed_s'] / 60:.1f} minutes.",
        "",
    ]


def _dataset_lines(results: dict[str, Any]) -> list[str]:
    rows = []
    for label, d in sorted(results["datasets"].items(), key=lambda kv: int(kv[0])):
        rows.append(
            [
                size_label(label),
                str(d["layers"]),
                str(d["managers"]),
                f"{d['mean_span']:.2f}",
                str(d["max_span"]),
                str(d["one_over_ones"]),
                str(d["counts"].get("vacancy", 0)),
                str(d["counts"].get("dotted line", 0)),
                f"{d['bytes'] / 2**20:.1f}",
            ]
        )
    header = [
        "people",
        "layers",
        "managers",
        "mean span",
        "max span",
        "one-over-ones",
        "vacancies",
        "dotted lines",
        "CSV MiB",
    ]
    return _md_table(header, rows)


def _results_lines(results: dict[str, Any], stages: list[str]) -> list[str]:
    labels = _data_labels(results, stages)
    rows = []
    for stage in stages:
        cells = []
        for label in labels:
            found = entry(results, stage, label)
            if found is None:
                cells.append("–")
            elif found["status"] != "ok":
                cells.append(found["status"])
            else:
                cells.append(f"{fmt_s(found['median_s'])} / {found['peak_mib']:.0f} MiB")
        if any(cell != "–" for cell in cells):
            baseline = any(item["baseline"] for item in results["stages"] if item["stage"] == stage)
            rows.append([f"`{stage}`" + (" (baseline)" if baseline else ""), *cells])
    return _md_table(["stage (median / peak memory)", *map(size_label, labels)], rows)


def _comparison_lines(results: dict[str, Any]) -> list[str]:
    labels = _ratio_labels(results)
    rows = [
        [row["label"], *(fmt_ratio(row["ratios"].get(label)) for label in labels)]
        for row in results["comparisons"]
        if row["ratios"]
    ]
    return [
        *_md_table(["ratio (below 1: orgshape is faster)", *map(size_label, labels)], rows),
        "`orgshape check` is a whole process (interpreter start-up, imports, load, every rule,"
        " printing the report) while the baselines are timed inside a running interpreter:"
        " compare it from 100k people, where start-up no longer matters.",
        "",
    ]


def _growth_lines(results: dict[str, Any]) -> list[str]:
    labels = sorted({p["people"] for row in results["growth"] for p in row["points"]})
    rows = []
    for row in results["growth"]:
        per = {p["people"]: p["us_per_person"] for p in row["points"]}
        raw, relative = row["exponent"], row["exponent_vs_floor"]
        rows.append(
            [
                f"`{row['stage']}`",
                *(f"{per[n]:.2f}" if n in per else "–" for n in labels),
                "–" if raw is None else f"{raw:.2f}",
                "–" if relative is None or row["stage"] == "csv_reader" else f"{relative:+.2f}",
                row["verdict"],
            ]
        )
    header = [
        "stage (µs per person)",
        *(size_label(str(n)) for n in labels),
        "*b*",
        "*b* vs floor",
        "growth",
    ]
    return [
        "From the fastest run at each size (the one least disturbed by other work on the "
        "machine): time per person; the exponent *b* of time ∝ people^*b* (least squares "
        "on log–log over the sizes from 10k up: 1 is linear); and the exponent of the time "
        "divided by the `csv.reader` floor's at the same size (0: grows exactly like "
        "reading the file). The verdict reads the second, with ±0.15 taken as noise.",
        "",
        *_md_table(header, rows),
        *(
            f"- `{row['stage']}`: {GROWTH_NOTES[row['stage']]}"
            for row in results["growth"]
            if row["verdict"].startswith("super-linear") and row["stage"] in GROWTH_NOTES
        ),
        "",
    ]


def _chart_lines(results: dict[str, Any]) -> list[str]:
    labels = _labels(results, ("svg", "naive_dot_svg"))
    rows = []
    for label in labels:
        cells = [size_label(label)]
        for stage in ("svg", "naive_dot_svg"):
            found = entry(results, stage, label)
            if found is None or found["status"] != "ok" or "width_pt" not in found["info"]:
                cells += ["–", "–", "–"]
                continue
            info = found["info"]
            cells += [
                f"{info['width_pt']:.0f} × {info['height_pt']:.0f}",
                f"{info['ratio']:.2f}:1",
                fmt_s(found["median_s"]),
            ]
        rows.append(cells)
    header = [
        "people",
        "orgshape w × h (pt)",
        "w:h",
        "time",
        "naive dot w × h (pt)",
        "w:h",
        "time",
    ]
    return _md_table(header, rows)


BROWSER: Final = Path(__file__).resolve().parent / "browser.json"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} ms"


def _browser_lines() -> list[str]:
    """The interactive chart measured in headless Chromium (``benchmarks/browser.py``)."""
    if not BROWSER.exists():
        return ["Not measured: run `python benchmarks/browser.py` (needs Chromium).", ""]
    found = json.loads(BROWSER.read_text(encoding="utf-8"))
    sizes = found["sizes"]
    labels = sorted(sizes, key=int)
    rows = [
        ["findings shown", *(f"{sizes[k]['findings']:,}" for k in labels)],
        ["file size", *(f"{sizes[k]['file_bytes'] / 1e6:.1f} MB" for k in labels)],
        ["building the page in Python", *(fmt_s(sizes[k]["build_s"]) for k in labels)],
        ["boxes in the first view", *(f"{sizes[k]['initially_shown']:,.0f}" for k in labels)],
        ["first paint (chart drawn)", *(_ms(sizes[k].get("first_paint_ms")) for k in labels)],
        ["search: result list as you type", *(_ms(sizes[k]["search_list_ms"]) for k in labels)],
        [
            "search: reveal, lay out, centre a person 3 levels down",
            *(_ms(sizes[k]["search_reveal_ms"]) for k in labels),
        ],
        ["expand the biggest team one level", *(_ms(sizes[k]["expand_team_ms"]) for k in labels)],
        ["expand all (every box laid out)", *(_ms(sizes[k]["expand_all_ms"]) for k in labels)],
        [
            "pan, one frame (first view)",
            *(_ms(sizes[k].get("pan_frame_initial_ms")) for k in labels),
        ],
        ["pan, one frame (all expanded)", *(_ms(sizes[k]["pan_frame_ms"]) for k in labels)],
    ]
    header = ["", *(f"{int(k):,} people" for k in labels)]
    runs = max(sizes[k]["runs"] for k in labels)
    return [
        *_md_table(header, rows),
        f"{found['browser']} headless ({found['machine']}, software rendering: `--disable-gpu`), "
        f"a 1280 × 800 window, median of {runs} runs, each in a fresh page, on the generated "
        "orgs above charted with their validation findings; times run to the next frame "
        "after the action, so they include layout and drawing. Measured by "
        "`benchmarks/browser.py`, which writes `benchmarks/browser.json`.",
        "",
        "The page lays out only what is expanded, and puts in the document only the boxes "
        "near the screen; zoomed out too far to read, the boxes are drawn as one path per "
        "colour. So a search or an expand costs the same at 10,000 people as at 2,000; "
        "what grows is parsing the data (first paint) and, with everything expanded, "
        "drawing 10,000 connectors and boxes on each frame.",
        "",
    ]


XLSX: Final = Path(__file__).resolve().parent / "xlsx.json"


def _xlsx_lines() -> list[str]:
    """Excel workbooks: the reader choice and orgshape's own cost (``benchmarks/xlsx.py``)."""
    if not XLSX.exists():
        return ["Not measured: run `python benchmarks/xlsx.py`.", ""]
    found = json.loads(XLSX.read_text(encoding="utf-8"))
    sizes = found["sizes"]
    labels = sorted(sizes, key=int)
    rows = [
        ["workbook size", *(f"{sizes[k]['file_bytes'] / 1e6:.1f} MB" for k in labels)],
        [
            f"openpyxl {found['openpyxl']} (read-only mode, values)",
            *(fmt_s(sizes[k]["openpyxl_read_s"]) for k in labels),
        ],
        [
            f"python-calamine {found['python_calamine']}",
            *(fmt_s(sizes[k]["calamine_read_s"]) for k in labels),
        ],
        [
            "openpyxl ÷ calamine",
            *(f"{sizes[k]['openpyxl_read_s'] / sizes[k]['calamine_read_s']:.1f}×" for k in labels),
        ],
        [
            "`orgshape.read` of the workbook",
            *(fmt_s(sizes[k]["orgshape_read_xlsx_s"]) for k in labels),
        ],
        [
            "`orgshape.read` of the same org as CSV",
            *(fmt_s(sizes[k]["orgshape_read_csv_s"]) for k in labels),
        ],
        [
            "`orgshape.write` as a workbook",
            *(fmt_s(sizes[k]["orgshape_write_xlsx_s"]) for k in labels),
        ],
        [
            "openpyxl write-only mode, 5 of the columns",
            *(fmt_s(sizes[k]["openpyxl_write_s"]) for k in labels),
        ],
    ]
    header = ["", *(f"{int(k):,} people" for k in labels)]
    runs = " and ".join(f"{sizes[k]['runs']}" for k in labels)
    return [
        *_md_table(header, rows),
        f"Median of {runs} runs in one process ({found['machine']}), on the generated orgs "
        "above saved as Excel saves a sheet (shared strings, numbers as numbers), read "
        "cell by cell by each library. orgshape reads workbooks with python-calamine: it is "
        "the faster of the two well-kept readers by the factor in the table, ships wheels "
        "for every platform (a plain install needs no compiler), and reads the values "
        "Excel saved with formulas without evaluating them. Formulas and error cells, "
        "which calamine does not expose, are found by a scan of the sheet's XML that runs "
        "only when the sheet has one. orgshape writes workbooks with the standard library "
        "(inline strings, no shared-string table), so writing needs no package at all. "
        "Measured by `benchmarks/xlsx.py`, which writes `benchmarks/xlsx.json`. The "
        "machine is shared (a load average near 8 on its 2 cores during the published "
        "run), so absolute times vary several-fold between runs; read the ratio. A quieter "
        "run on a narrower sheet (8 columns) gave 7× at 10k rows and 13× at 100k.",
        "",
    ]


def _startup_lines(results: dict[str, Any]) -> list[str]:
    rows = []
    for stage, label in (
        ("python_pass", "-"),
        ("import", "-"),
        ("check", "example"),
        ("stats", "example"),
        ("check", "300"),
        ("stats", "300"),
    ):
        found = entry(results, stage, label)
        where = "" if label == "-" else f" on {size_label(label)}"
        if found is None:
            continue
        if found["status"] != "ok":
            rows.append([f"`{stage}`{where}", found["status"], "", found["reason"] or ""])
            continue
        note = ""
        if stage == "import":
            heavy = found["info"]["heavy_modules"]
            note = "heavy modules: " + (", ".join(heavy) if heavy else "none")
        rows.append([f"`{stage}`{where}", fmt_s(found["median_s"]), fmt_s(found["min_s"]), note])
    lines = _md_table(["what", "median wall time", "fastest run", "note"], rows)
    lines += [
        "The fastest run shows what the machine can do when nothing else competes for it;"
        " the targets are judged on the median.",
        "",
    ]
    found = entry(results, "importtime", "-")
    if found is not None and found["status"] == "ok":
        info = found["info"]
        slowest = ", ".join(
            f"`{row['module']}` {row['self_us'] / 1000:.1f} ms" for row in info["slowest"][:5]
        )
        lines += [
            f'`python -X importtime -c "import orgshape"`: `orgshape` cumulative '
            f"{info['orgshape_cumulative_us'] / 1000:.1f} ms; all {info['modules']} imports of "
            f"the process {info['total_self_us'] / 1000:.1f} ms (the interpreter alone, "
            f"`-c pass`: {info['interpreter_total_self_us'] / 1000:.1f} ms). Slowest modules "
            f"(self time): {slowest}. `-X importtime` adds its own overhead, so these are "
            "larger than the wall time above.",
            "",
        ]
    found = entry(results, "cli_imports", "300")
    if found is not None and found["status"] == "ok":
        heavy = found["info"]["heavy_modules"]
        lines += [
            "`orgshape check` on 300 people imports "
            + (", ".join(heavy) if heavy else "none of the heavy modules")
            + f" ({found['info']['modules']} modules, "
            f"{found['info']['total_self_us'] / 1000:.1f} ms of imports under `-X importtime`).",
            "",
        ]
    return lines


def markdown(results: dict[str, Any]) -> str:
    """The whole docs/performance.md page."""
    out = [
        "# Performance",
        "",
        "<!-- Generated by benchmarks/run.py (`make bench`) from benchmarks/results.json."
        " Do not edit by hand: edit benchmarks/report.py and re-run. -->",
        "",
        "How fast orgshape loads, validates, measures and charts product orgs from 1,000 to "
        "1,000,000 people, against the code a user would otherwise write.",
        "",
    ]
    if results["settings"]["partial"]:
        out += [
            "**A partial run** (quick or filtered): not the published numbers.",
            "",
        ]
    out += ["## Targets", ""]
    out += _md_table(
        ["target", "status", "measured", "reason for a miss"],
        [
            [row["target"], f"**{row['status']}**", row["measured"], row["reason"] or ""]
            for row in results["targets"]
        ],
    )
    out += ["## Method", "", _METHOD, "## Machine", "", *_machine_lines(results)]
    out += ["## Generated orgs", "", *_dataset_lines(results)]
    out += ["## Loading, validation and metrics", "", *_results_lines(results, list(DATA_STAGES))]
    out += ["## Ratios to the baselines", "", *_comparison_lines(results)]
    out += ["## The two engines side by side", "", *engine_lines(results)]
    out += ["## How cost grows with size", "", *_growth_lines(results)]
    out += ["## Charts", "", *_chart_lines(results)]
    out += ["## Interactive chart in a browser", "", *_browser_lines()]
    out += ["## Excel workbooks", "", *_xlsx_lines()]
    out += ["## Start-up (command line)", "", *_startup_lines(results)]
    skipped = [item for item in results["stages"] if item["status"] != "ok"]
    if skipped:
        out += ["## Not measured", ""]
        reasons = {(item["stage"], item["status"], item["reason"]) for item in skipped}
        out += [f"- `{stage}` {status}: {reason}" for stage, status, reason in sorted(reasons)]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
