"""The measured stages: orgshape's and the baselines a user would otherwise write.

Every stage runs in a fresh process (``python benchmarks/stages.py STAGE [FILE]``), so
that its peak memory (``ru_maxrss``) is its own. A stage imports what it needs and
prepares its input first, then times only the work; it prints one JSON line:
``seconds`` (the timed work), ``parts`` (named sub-timings), ``peak_kib`` (the process's
peak resident memory), ``before_kib`` (the peak before the timed work: interpreter,
imports, untimed preparation) and ``info`` (facts about the result, such as a chart's
size). Stages that run a command measure the command's wall time from outside, and its
peak memory as the child's ``ru_maxrss``.

This module imports nothing heavy at the top: ``run.py`` imports it for the catalogue.
"""

from __future__ import annotations

import csv
import json
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

#: Modules that ``import orgshape`` must not pull in (issue 12).
HEAVY: Final = ("pandas", "polars", "networkx", "pygraphviz", "hypothesis", "numpy")
#: Where the command-line tool is: beside the interpreter running the benchmark.
SCRIPT: Final = Path(sys.executable).parent / "orgshape"


@dataclass(frozen=True)
class Stage:
    """One measured stage.

    ``inputs`` says what it runs on: any of ``"data"`` (the 1k … 1M files),
    ``"render"`` (100 … 10k people and the bundled example), ``"cli"`` (the bundled
    example and a 300-person org); empty for a stage that needs no input.
    ``requires`` lists the ``module:attribute`` names the stage calls; a stage whose
    requirement cannot be imported is skipped, not run.
    ``baseline`` marks the stages that are not orgshape.
    """

    name: str
    label: str
    inputs: tuple[str, ...]
    run: Callable[[Path | None], Measured]
    requires: tuple[str, ...] = ()
    baseline: bool = False


STAGES: Final[dict[str, Stage]] = {}


@dataclass
class Measured:
    """What a stage reports back: timed parts, facts about the result, and the peak
    memory of the command it ran (None: the stage's own process)."""

    parts: dict[str, float]
    info: dict[str, Any]
    peak_kib: int | None = None


def stage(
    name: str,
    label: str,
    *,
    inputs: tuple[str, ...] = (),
    requires: tuple[str, ...] = (),
    baseline: bool = False,
) -> Callable[[Callable[[Path | None], Measured]], Callable[[Path | None], Measured]]:
    """Register a stage function under ``name``."""

    def register(fn: Callable[[Path | None], Measured]) -> Callable[[Path | None], Measured]:
        STAGES[name] = Stage(name, label, inputs, fn, requires, baseline)
        return fn

    return register


def _maxrss_kib(who: int = resource.RUSAGE_SELF) -> int:
    return resource.getrusage(who).ru_maxrss  # KiB on Linux


_before: list[int] = []  # the peak RSS when the first timed part started


@contextmanager
def timed(parts: dict[str, float], name: str) -> Iterator[None]:
    """Time the block into ``parts[name]``."""
    if not _before:
        _before.append(_maxrss_kib())
    start = time.perf_counter()
    yield
    parts[name] = time.perf_counter() - start


def _need(path: Path | None) -> Path:
    if path is None:
        raise SystemExit("this stage needs an input file")
    return path


# ---------------------------------------------------------------- baselines: data


@stage("csv_reader", "csv.reader pass (the floor)", inputs=("data",), baseline=True)
def csv_reader(path: Path | None) -> Measured:
    parts: dict[str, float] = {}
    with timed(parts, "read"), _need(path).open(encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.reader(handle)) - 1
    return Measured(parts, {"rows": rows})


def _read_frame(path: Path) -> Any:
    import pandas as pd  # noqa: PLC0415 - measured stages import what they use

    # The minimal correct call: ids stay strings ("007" must not become 7).
    return pd.read_csv(path, dtype={"id": str, "manager_id": str})


@stage("pandas_read_csv", "pandas.read_csv", inputs=("data",), baseline=True)
def pandas_read_csv(path: Path | None) -> Measured:
    import pandas  # noqa: F401, PLC0415 - imported before the clock starts

    parts: dict[str, float] = {}
    with timed(parts, "read"):
        frame = _read_frame(_need(path))
    return Measured(parts, {"rows": len(frame)})


@stage(
    "pandas_networkx",
    "pandas + networkx structural check",
    inputs=("data",),
    baseline=True,
)
def pandas_networkx(path: Path | None) -> Measured:
    import networkx as nx  # noqa: PLC0415 - measured stages import what they use
    import pandas  # noqa: F401, PLC0415 - imported before the clock starts

    parts: dict[str, float] = {}
    with timed(parts, "read"):
        frame = _read_frame(_need(path))
    with timed(parts, "structure"):
        edges = frame[frame["manager_id"].notna()]
        graph = nx.from_pandas_edgelist(
            edges, source="manager_id", target="id", create_using=nx.DiGraph
        )
        graph.add_nodes_from(frame["id"])
        is_tree = nx.is_arborescence(graph)
        root = next(node for node, degree in graph.in_degree() if degree == 0)
        depth = nx.single_source_shortest_path_length(graph, root)
        spans = {node: degree for node, degree in graph.out_degree() if degree}
    return Measured(
        parts,
        {"is_arborescence": is_tree, "layers": max(depth.values()) + 1, "managers": len(spans)},
    )


# ---------------------------------------------------------------- orgshape: data


def _read(path: Path | None) -> Any:
    import orgshape  # noqa: PLC0415 - measured stages import what they use

    return orgshape.read(_need(path))


def _pure_python() -> None:
    """Make this process use orgshape's pure-Python engine and reader at every size.

    The default stages use whatever ``read()`` chooses (the columnar engine and the
    pyarrow reader for large files when ``orgshape[fast]`` is installed); the
    ``*_python`` stages measure the pure-Python path beside them. The thresholds are
    internal settings, raised here for the benchmark only.
    """
    from orgshape import _storage  # noqa: PLC0415
    from orgshape.io import _arrow_csv  # noqa: PLC0415

    _storage.COLUMNAR_MIN_POSITIONS = 10**15  # type: ignore[misc]
    _arrow_csv.FAST_MIN_BYTES = 10**15  # type: ignore[misc]


def _engine(org: Any) -> str:
    from orgshape._storage import engine_of  # noqa: PLC0415

    return engine_of(org.view)


@stage("load", "orgshape.read", inputs=("data",))
def load(path: Path | None) -> Measured:
    import orgshape  # noqa: F401, PLC0415 - imported before the clock starts

    parts: dict[str, float] = {}
    with timed(parts, "load"):
        org = _read(path)
    return Measured(parts, {"positions": len(org), "engine": _engine(org)})


@stage("load_python", "orgshape.read (pure-Python engine)", inputs=("data",))
def load_python(path: Path | None) -> Measured:
    _pure_python()
    return load(path)


def _findings(report: Any) -> int:
    return len(list(report))


@stage(
    "load_validate",
    "orgshape.read + validate (every rule)",
    inputs=("data",),
    requires=("orgshape:validate",),
)
def load_validate(path: Path | None) -> Measured:
    import orgshape  # noqa: PLC0415 - measured stages import what they use

    parts: dict[str, float] = {}
    with timed(parts, "load"):
        org = _read(path)
    with timed(parts, "validate"):
        report = orgshape.validate(org)
    return Measured(parts, {"findings": _findings(report), "engine": _engine(org)})


@stage(
    "load_validate_python",
    "orgshape.read + validate (pure-Python engine)",
    inputs=("data",),
    requires=("orgshape:validate",),
)
def load_validate_python(path: Path | None) -> Measured:
    _pure_python()
    return load_validate(path)


@stage(
    "validate_metrics",
    "validate + metrics (org loaded untimed)",
    inputs=("data",),
    requires=("orgshape:validate", "orgshape:metrics"),
)
def validate_metrics(path: Path | None) -> Measured:
    import orgshape  # noqa: PLC0415 - measured stages import what they use

    org = _read(path)
    parts: dict[str, float] = {}
    with timed(parts, "validate"):
        report = orgshape.validate(org)
    with timed(parts, "metrics"):
        orgshape.metrics(org)
    return Measured(parts, {"findings": _findings(report)})


@stage(
    "metrics",
    "spans & layers metrics (org loaded untimed)",
    inputs=("data",),
    requires=("orgshape:metrics",),
)
def metrics_stage(path: Path | None) -> Measured:
    import orgshape  # noqa: PLC0415 - measured stages import what they use

    org = _read(path)
    parts: dict[str, float] = {}
    with timed(parts, "metrics"):
        result = orgshape.metrics(org)
    return Measured(parts, {"layers": result.summary.layers, "engine": _engine(org)})


@stage(
    "metrics_python",
    "spans & layers metrics (pure-Python engine)",
    inputs=("data",),
    requires=("orgshape:metrics",),
)
def metrics_python(path: Path | None) -> Measured:
    _pure_python()
    return metrics_stage(path)


# ---------------------------------------------------------------- rendering


_SVG_TAG: Final = re.compile(rb"<svg\b[^>]*>", re.DOTALL)
_VIEWBOX: Final = re.compile(rb'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)')
_SIZE: Final = re.compile(rb'\b(width|height)="([\d.]+)(?:pt|px)?"')
_GRAPHVIZ: Final = re.compile(rb"graphviz version (\S+)")


def chart_size(svg: bytes) -> dict[str, Any]:
    """Width and height (points) of an SVG, from its viewBox or width/height."""
    match = _SVG_TAG.search(svg)
    if match is None:
        return {}
    tag = match.group(0)
    box = _VIEWBOX.search(tag)
    if box is not None:
        width, height = float(box.group(1)), float(box.group(2))
    else:
        sizes = {name.decode(): float(value) for name, value in _SIZE.findall(tag)}
        if "width" not in sizes or "height" not in sizes:
            return {}
        width, height = sizes["width"], sizes["height"]
    return {"width_pt": width, "height_pt": height, "ratio": width / height if height else None}


def _people(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def naive_dot(people: list[dict[str, str]]) -> str:
    """The DOT a user would write: one box per person, one edge per reporting line."""
    lines = ["digraph org {", "  node [shape=box];"]
    for person in people:
        name, title = _escape(person["name"] or "Open role"), _escape(person["title"])
        lines.append(f'  "{_escape(person["id"])}" [label="{name}\\n{title}"];')
    for person in people:
        if person["manager_id"]:
            lines.append(f'  "{_escape(person["manager_id"])}" -> "{_escape(person["id"])}";')
    lines.append("}")
    return "\n".join(lines) + "\n"


@stage(
    "naive_dot_svg",
    "Graphviz dot on a naive DOT → SVG (pygraphviz, in-process)",
    inputs=("render",),
    baseline=True,
)
def naive_dot_svg(path: Path | None) -> Measured:
    import pygraphviz  # noqa: PLC0415 - measured stages import what they use

    people = _people(_need(path))
    parts: dict[str, float] = {}
    with timed(parts, "render"):
        svg = pygraphviz.AGraph(string=naive_dot(people)).draw(format="svg", prog="dot")
    version = _GRAPHVIZ.search(svg)
    info = chart_size(svg) | {"graphviz": version.group(1).decode() if version else None}
    return Measured(parts, info)


def _org_for_chart(path: Path | None) -> Any:
    """Load the org, and import the rendering libraries before the clock starts.

    orgshape imports them lazily on the first chart; the baseline imports pygraphviz
    untimed too. The one-off import cost is in the start-up section instead.
    """
    import graphviz  # noqa: F401, PLC0415 - see the docstring
    import pygraphviz  # noqa: F401, PLC0415 - see the docstring

    return _read(path)


@stage("dot", "orgshape chart → DOT source", inputs=("render",), requires=("orgshape:chart",))
def dot(path: Path | None) -> Measured:
    import orgshape  # noqa: PLC0415 - measured stages import what they use

    org = _org_for_chart(path)
    parts: dict[str, float] = {}
    with timed(parts, "dot"):
        source = orgshape.chart(org).source
    return Measured(parts, {"dot_chars": len(source)})


@stage("svg", "orgshape chart → SVG", inputs=("render",), requires=("orgshape:chart",))
def svg(path: Path | None) -> Measured:
    import orgshape  # noqa: PLC0415 - measured stages import what they use

    org = _org_for_chart(path)
    parts: dict[str, float] = {}
    with timed(parts, "render"):
        image = orgshape.chart(org).pipe("svg")
    return Measured(parts, chart_size(image) | {"svg_bytes": len(image)})


# ---------------------------------------------------------------- start-up (issue 12)


def _command(argv: list[str]) -> Measured:
    """Run a command; its wall time and (in ``info``) exit code and peak memory."""
    parts: dict[str, float] = {}
    with timed(parts, "process"):
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if done.returncode not in (0, 1) or b"Traceback" in done.stderr:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise SystemExit(f"{' '.join(argv[1:])} exited {done.returncode}: {' | '.join(tail)}")
    return Measured(parts, {"exit_code": done.returncode}, _maxrss_kib(resource.RUSAGE_CHILDREN))


@stage("python_pass", "`python -c pass` (interpreter start-up)", baseline=True)
def python_pass(_: Path | None) -> Measured:
    return _command([sys.executable, "-c", "pass"])


_IMPORT_PROBE: Final = """\
import time
start = time.perf_counter()
import orgshape
seconds = time.perf_counter() - start
import json, sys
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
print(json.dumps({{"seconds": seconds, "heavy": heavy}}))
"""


@stage("import", "`import orgshape` (wall, fresh interpreter)")
def import_orgshape(_: Path | None) -> Measured:
    probe = _IMPORT_PROBE.format(heavy=HEAVY)
    parts: dict[str, float] = {}
    with timed(parts, "process"):
        out = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, check=True, text=True
        ).stdout
    found = json.loads(out.strip().splitlines()[-1])
    return Measured(
        {"import": found["seconds"]},
        {"heavy_modules": found["heavy"], "process_s": parts["process"]},
        _maxrss_kib(resource.RUSAGE_CHILDREN),
    )


def importtime(argv: list[str]) -> dict[str, Any]:
    """Parse ``python -X importtime`` output: totals and the slowest modules."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], capture_output=True, check=False, text=True
    )
    rows: list[tuple[int, int, str]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        own, cumulative, name = line[len("import time:") :].split("|", 2)
        rows.append((int(own), int(cumulative), name.strip()))
    names = {name.split(".")[0] for _, _, name in rows}
    return {
        "total_self_us": sum(own for own, _, _ in rows),
        "orgshape_cumulative_us": max(
            (cum for _, cum, name in rows if name == "orgshape"), default=None
        ),
        "modules": len(rows),
        "heavy_modules": sorted(m for m in HEAVY if m in names),
        "slowest": [
            {"module": name, "self_us": own}
            for own, _, name in sorted(rows, key=lambda row: (-row[0], row[2]))[:8]
        ],
    }


@stage("importtime", "`python -X importtime -c 'import orgshape'`")
def importtime_orgshape(_: Path | None) -> Measured:
    found = importtime(["-c", "import orgshape"])
    if found["orgshape_cumulative_us"] is None:
        raise SystemExit("python -X importtime shows no 'orgshape' import")
    interpreter = importtime(["-c", "pass"])
    return Measured(
        {"import": found["orgshape_cumulative_us"] / 1e6},
        found | {"interpreter_total_self_us": interpreter["total_self_us"]},
    )


@stage(
    "check",
    "`orgshape check FILE` (process)",
    inputs=("data", "cli"),
    requires=("orgshape.cli:main",),
)
def check(path: Path | None) -> Measured:
    return _command([str(SCRIPT), "check", str(_need(path))])


@stage(
    "stats",
    "`orgshape stats FILE` (process)",
    inputs=("cli",),
    requires=("orgshape.cli:main",),
)
def stats(path: Path | None) -> Measured:
    return _command([str(SCRIPT), "stats", str(_need(path))])


@stage(
    "cli_imports",
    "modules `orgshape check FILE` imports",
    inputs=("cli",),
    requires=("orgshape.cli:main",),
)
def cli_imports(path: Path | None) -> Measured:
    found = importtime([str(SCRIPT), "check", str(_need(path))])
    return Measured({"import": found["total_self_us"] / 1e6}, found)


# ---------------------------------------------------------------- child entry point


def main() -> None:
    name, *rest = sys.argv[1:]
    path = Path(rest[0]) if rest else None
    measured = STAGES[name].run(path)
    result = {
        "seconds": sum(measured.parts.values()),
        "parts": measured.parts,
        "peak_kib": measured.peak_kib or _maxrss_kib(),
        "before_kib": _before[0] if _before else None,
        "info": measured.info,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
