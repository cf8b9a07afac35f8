"""Excel workbooks: which reader orgshape uses, and what reading and writing cost.

Writes the generated orgs (``generate.py``) as workbooks the way Excel saves them
(shared strings, numbers as numbers; written with openpyxl's write-only mode), then
times, in this process, the median of ``--runs`` runs (``--runs-large`` from 100,000
people on: openpyxl takes about half a minute a run there) of:

- the two well-kept readers a loader could build on, each reading every cell of the
  sheet: openpyxl (``load_workbook(read_only=True, data_only=True)``, ``iter_rows(
  values_only=True)``) and python-calamine (``get_sheet_by_index(0).to_python()``);
- ``orgshape.read`` of the workbook, and of the same org as CSV;
- ``orgshape.write`` of the org as a workbook (orgshape's standard-library writer), and
  openpyxl's write-only mode writing the same cells.

Writes ``benchmarks/xlsx.json`` and regenerates ``docs/performance.md`` from it and
``benchmarks/results.json`` (no other stage is re-run).
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, Final

import openpyxl
import python_calamine

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
import report

import orgshape

HERE: Final = Path(__file__).resolve().parent
OUT: Final = HERE / "xlsx.json"
RESULTS: Final = HERE / "results.json"
DOCS: Final = HERE.parent / "docs" / "performance.md"


def _excel_like(rows: list[list[str]], path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("People")
    sheet.append(rows[0])
    numeric = {k for k, h in enumerate(rows[0]) if h in ("cost", "years_experience")}
    for row in rows[1:]:
        sheet.append([float(v) if k in numeric and v else v for k, v in enumerate(row)])
    book.save(path)


def _openpyxl(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return count


def _calamine(path: Path) -> int:
    with python_calamine.CalamineWorkbook.from_path(path) as book:
        return len(book.get_sheet_by_index(0).to_python())


def _openpyxl_write(org: orgshape.Org, path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("org")
    sheet.append(["id", "name", "title", "manager_id", "cost"])
    for p in org:
        sheet.append([p.id, p.name, p.title, p.manager, p.cost])
    book.save(path)


def _median(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(size: int, runs: int, folder: Path) -> dict[str, Any]:
    source = generate.ensure(size)
    with source.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    book = folder / f"people_{size}.xlsx"
    _excel_like(rows, book)
    org = orgshape.read(source, strict=False)
    out = folder / "out.xlsx"
    found: dict[str, Any] = {"people": size, "file_bytes": book.stat().st_size}
    found["openpyxl_read_s"] = _median(lambda: _openpyxl(book), runs)
    found["calamine_read_s"] = _median(lambda: _calamine(book), runs)
    found["orgshape_read_xlsx_s"] = _median(lambda: orgshape.read(book, strict=False), runs)
    found["orgshape_read_csv_s"] = _median(lambda: orgshape.read(source, strict=False), runs)
    found["orgshape_write_xlsx_s"] = _median(lambda: orgshape.write(org, out), runs)
    found["openpyxl_write_s"] = _median(lambda: _openpyxl_write(org, out), runs)
    found["runs"] = runs
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--runs-large", type=int, default=1, help="runs from 100k people on")
    args = parser.parse_args()
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}",
        "openpyxl": openpyxl.__version__,
        "python_calamine": metadata.version("python-calamine"),
        "sizes": {},
    }
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            runs = args.runs if size < 100_000 else args.runs_large
            found = measure(size, runs, Path(folder))
            results["sizes"][str(size)] = found
            print(size, json.dumps(found))
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
    DOCS.write_text(report.markdown(json.loads(RESULTS.read_text("utf-8"))), encoding="utf-8")
    print(f"wrote {DOCS}")


if __name__ == "__main__":
    main()
