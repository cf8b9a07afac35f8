"""``orgshape demo``: the main job on the bundled example, start to finish."""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path
from typing import Final

from orgshape import metrics
from orgshape._cli._console import Console
from orgshape._cli._formats import check_json
from orgshape.io import read
from orgshape.render import chart
from orgshape.rules import Policy, validate

__all__ = ["run"]

_DATA: Final = "example_org.csv"
#: The chart formats the demo writes, with what each is for.
_CHARTS: Final = (
    ("svg", "open it in a browser: hover a box for details"),
    ("png", "for slides and chat"),
    ("pdf", "for print"),
    ("dot", "the Graphviz source"),
    ("mmd", "Mermaid, for Markdown pages"),
    ("txt", "a text tree"),
)


def run(args: argparse.Namespace, console: Console) -> int:
    """Run ``orgshape demo``; return the exit code (0: findings are the point here)."""
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    data = out / _DATA  # the example's own bytes; findings then name this file
    data.write_bytes(resources.files("orgshape").joinpath("data", _DATA).read_bytes())
    org = read(data, strict=False)
    report = validate(org, Policy())
    console.out(
        f"orgshape demo: Northwind Labs' product org ({len(org)} positions), the bundled "
        "example, checked with the default policy."
    )
    console.out("")
    console.out(str(report))
    console.out("")
    console.out(str(metrics(org)))

    written = [(data, "the example data: try the commands below on it")]
    report_path = out / "report.json"
    report_path.write_text(
        check_json([(str(data), report)], policies=[None]) + "\n", encoding="utf-8", newline="\n"
    )
    written.append((report_path, "the findings as JSON (orgshape check --format json)"))
    drawing = chart(org, highlight=report, title="Northwind Labs: product org (example)")
    for fmt, purpose in _CHARTS:
        with console.step(f"drawing org-chart.{fmt}"):
            written.append((drawing.save(out / f"org-chart.{fmt}"), purpose))

    width = max(len(str(path)) for path, _ in written)
    lines = [f"\nWrote {len(written)} files to {out}{'' if str(out).endswith('/') else '/'}:"]
    lines += [f"  {path!s:<{width}}  {purpose}" for path, purpose in written]
    lines += [
        "",
        "Next:",
        f"  orgshape check {data}",
        f"  orgshape stats {data} --bands mckinsey",
        f"  orgshape render {data} -o chart.png --max-depth 3 --highlight",
    ]
    console.out("\n".join(lines))
    return 0
