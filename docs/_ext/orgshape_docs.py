"""Sphinx extension: the parts of the docs that orgshape writes about itself.

Everything it writes is committed, so the docs read the same in the repository (on
GitHub, in an editor) as on the built site, and nothing points into an ignored folder:

- **regions of pages**, between ``<!-- generated: NAME -->`` and
  ``<!-- end generated: NAME -->`` lines (see :data:`REGIONS`): the rule reference
  in ``rules.md`` (from :func:`orgshape.rules.rule_reference`), the HR-export profiles
  and the data-problem codes in ``loading.md`` (from :data:`orgshape.io.PROFILES`,
  :class:`orgshape.ProblemCode` and the built-in ``structure`` rules), a summary of
  the API in ``api.md`` and the command-line reference in ``cli.md`` (every
  command's ``--help``, from :func:`orgshape.cli.reference_markdown`);
- **files in** ``docs/_generated/``: the API reference directives (``api.md``, pulled
  into ``api.md`` with MyST's ``{include}``; autodoc turns them into the reference) and
  the pictures of the docs (``*.svg``): charts of the bundled example with several
  :class:`orgshape.ChartOptions`, pages of its paged PDF, the documented reorg's diff
  chart with ``changes_only=True``, and its layer pyramid and span-band histograms.

Sphinx runs it on ``builder-inited``; ``python docs/_ext/orgshape_docs.py`` (``make
docs-generated``) runs it without Sphinx. ``tests/test_docs.py`` fails when what is
committed differs from what the code generates now, and says to run that command.
Files are rewritten only when their content changes, so incremental builds stay
incremental.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sphinx.pycode import ModuleAnalyzer

import orgshape
from orgshape._problems import FATAL_CODES
from orgshape.io import PROFILES
from orgshape.render._pages import page_svg, plan_pages
from orgshape.rules import BUILTIN_RULES, rule_reference
from orgshape.scenario import delayer, fill, insert_layer, move, promote

#: The public modules whose API is documented, in page order (those that exist).
PUBLIC_MODULES = (
    "orgshape.io",
    "orgshape.rules",
    "orgshape.render",
    "orgshape.scenario",
    "orgshape.changes",
    "orgshape.strategies",
    "orgshape.pytest_plugin",
    "orgshape.exceptions",
)

#: Top-level API groups: (title, predicate on the object's ``__module__``).
_GROUPS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("Loading and writing", lambda m: m.startswith("orgshape.io")),
    (
        "The model",
        lambda m: (
            m
            in (
                "orgshape._model",
                "orgshape._ladder",
                "orgshape._problems",
                "orgshape._storage._view",
            )
        ),
    ),
    ("Validation", lambda m: m.startswith("orgshape.rules")),
    ("Spans and layers", lambda m: m.startswith("orgshape._metrics")),
    ("Charts", lambda m: m.startswith("orgshape.render")),
    (
        "Scenarios and diff",
        lambda m: m.startswith(("orgshape._diff", "orgshape.scenario", "orgshape.changes")),
    ),
    ("Errors and warnings", lambda m: m in ("orgshape.exceptions", "orgshape._warnings")),
)

#: The chart pictures: file name → chart options (applied to the bundled example).
CHARTS: dict[str, dict[str, Any]] = {
    "chart-example.svg": {"highlight": True},
    "chart-depth.svg": {"max_depth": 3},
    "chart-focus.svg": {"root": "P013", "highlight": True},
    "chart-collapse.svg": {"root": "P002", "collapse": ("P009", "P010"), "highlight": True},
    "chart-levels.svg": {"root": "P010", "align_levels": True, "highlight": True},
    "chart-unstacked.svg": {"root": "P009", "stack_leaves": False},
    "chart-mono.svg": {
        "root": "007",
        "theme": "mono",
        "fields": ("name", "title", "location"),
        "legend": False,
    },
}


def _write(path: Path, text: str | bytes) -> None:
    """Write ``path`` unless it already holds exactly this content."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if path.exists() and path.read_bytes() == data:
        return
    path.write_bytes(data)


def _cell(text: str) -> str:
    """Text fit for one cell of a Markdown table."""
    return " ".join(text.split()).replace("|", "\\|")


def problems_page() -> str:
    """The data-problem codes as a Markdown table (code, trigger, stops the load)."""
    lines = [
        "| code | what triggers it | a lenient load |",
        "|---|---|---|",
    ]
    for code in orgshape.ProblemCode:
        rule = BUILTIN_RULES.get(code.value)
        trigger = rule.rationale.split("\n\n")[0] if rule is not None else ""
        # The sentence about stopping the load is the third column's job.
        trigger = trigger.split(" It stops the load")[0]
        effect = "stops (raises `DataError`)" if code in FATAL_CODES else "keeps everybody"
        lines.append(f"| `{code.value}` | {_cell(trigger)} | {effect} |")
    return "\n".join(lines) + "\n"


def profiles_page() -> str:
    """The HR-export profiles as a Markdown table."""
    lines = ["| profile | system | columns it knows |", "|---|---|---|"]
    for name in sorted(PROFILES):
        profile = PROFILES[name]
        known = [
            f"{field} ← {' / '.join(f'`{h}`' for h in headers)}"
            for field, headers in profile.columns.items()
        ]
        known += [f"{field} ← column {index + 1}" for field, index in profile.positional.items()]
        if profile.note:
            known.append(f"*{profile.note}*")
        lines.append(f"| `{name}` | {_cell(profile.title)} | {_cell('; '.join(known))} |")
    return "\n".join(lines) + "\n"


def _existing(modules: Iterable[str]) -> list[Any]:
    found = []
    for name in modules:
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as err:
            if err.name is None or not name.startswith(err.name):
                raise  # the module exists but an import inside it is broken: say so
    return found


def _data_doc(module: str, name: str) -> list[str]:
    """The ``#:`` doc comment of a module-level constant, found where it is defined.

    A re-exported constant (``orgshape.io.PROFILES`` is defined in
    ``orgshape.io._profiles``) carries no docstring of its own, and ``autodata`` would
    show the docstring of its type (``dict``) instead.
    """
    own = sorted(m for m in sys.modules if m == module or m.startswith(module + "."))
    rest = sorted(m for m in sys.modules if m.startswith("orgshape.") and m not in own)
    for candidate in own + rest:
        try:
            docs = ModuleAnalyzer.for_module(candidate).find_attr_docs()
        except Exception:  # a module without source: look in the next one
            continue
        if ("", name) in docs:
            return [line for line in docs["", name] if line.strip()]
    return []


def _directive(module: str, name: str, obj: Any) -> str:
    if inspect.isclass(obj):
        kind = "exception" if issubclass(obj, BaseException) else "class"
        return f".. auto{kind}:: {module}.{name}\n   :members:\n"
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return f".. autofunction:: {module}.{name}\n"
    doc = _data_doc(module, name) or [f"A constant of type ``{type(obj).__name__}``."]
    return "\n".join([f".. data:: {module}.{name}", "", *(f"   {line}" for line in doc), ""])


def api_page() -> str:
    """The API reference: the top level grouped by topic, then each public module."""
    top = {name: getattr(orgshape, name) for name in orgshape.__all__ if name != "__version__"}
    grouped: dict[str, list[str]] = {title: [] for title, _ in _GROUPS}
    grouped["More"] = []
    for name, obj in top.items():
        module = getattr(obj, "__module__", "") or ""
        title = next((t for t, belongs in _GROUPS if belongs(module)), "More")
        grouped[title].append(name)

    def order(name: str) -> tuple[bool, str]:  # functions first, then classes
        return (inspect.isclass(top[name]), name.casefold())

    out = ["## The `orgshape` package", "", "```{eval-rst}", ".. module:: orgshape", "```", ""]
    for title, names in grouped.items():
        if not names:
            continue
        out += [f"### {title}", "", "```{eval-rst}"]
        out += [_directive("orgshape", n, top[n]) for n in sorted(names, key=order)]
        out += ["```", ""]
    for module in _existing(PUBLIC_MODULES):
        own = [
            n
            for n in getattr(module, "__all__", ())
            if not (n in top and getattr(module, n) is top[n])
        ]
        out += [f"## `{module.__name__}`", "", "```{eval-rst}"]
        out.append(f".. automodule:: {module.__name__}\n")
        out += [_directive(module.__name__, n, getattr(module, n)) for n in own]
        out += ["```", ""]
        if not own:
            out += ["Everything it exports is documented above, in the `orgshape` package.", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def pictures(folder: Path) -> None:
    """Draw the bundled example with each of :data:`CHARTS`, and its metrics pictures."""
    org = orgshape.example()
    report = orgshape.validate(org)
    for file, options in CHARTS.items():
        options = dict(options)
        if options.pop("highlight", False):
            options["highlight"] = report
        svg = orgshape.chart(org, **options).pipe("svg")
        _write(folder / file, svg)
    paged_pictures(folder, orgshape.chart(org, highlight=report))
    _write(folder / "diff-changes-only.svg", reorg_diff().chart(changes_only=True).pipe("svg"))
    m = orgshape.metrics(org)
    _write(folder / "pyramid.svg", m.pyramid_svg())
    _write(folder / "bands-orgvue.svg", m.band_histogram_svg())
    mckinsey = orgshape.metrics(org, bands="mckinsey")
    _write(folder / "bands-mckinsey.svg", mckinsey.band_histogram_svg())


#: Pages of the paged PDF shown in the docs, as pictures (the first few and the last).
PAGE_PICTURES = 4


def paged_pictures(folder: Path, chart: orgshape.Chart) -> None:
    """The paged PDF's pages as SVG pictures: ``page-1.svg`` ... and ``page-findings.svg``."""
    plan = plan_pages(chart, "a4")
    chosen = [*range(min(PAGE_PICTURES, len(plan) - 1)), len(plan) - 1]
    for k in chosen:
        name = "page-findings.svg" if plan[k].chart is None else f"page-{k + 1}.svg"
        _write(folder / name, page_svg(chart, plan, k, "a4"))


def reorg_diff() -> orgshape.Diff:
    """The reorg of docs/scenarios.md, as a diff of the bundled example."""
    current = orgshape.example()
    proposed = insert_layer(
        current,
        "P013",
        new_id="P067",
        title="Director of Product",
        name="Dana Lee",
        reports=["P032", "P033", "P034", "P035", "P036", "P037", "P038"],
    )
    proposed = move(proposed, "P067", to="007")
    proposed = delayer(proposed, "P006")
    proposed = move(proposed, "P053", to="P010")
    proposed = promote(proposed, "P057", title="Senior Product Manager")
    proposed = fill(proposed, "P050", name="Ines Duarte")
    return orgshape.diff(current, proposed)


def _markdown(text: str) -> str:
    """reStructuredText roles and literals as Markdown code: :func:`~a.b` → `b`."""
    text = re.sub(r":\w+:`~[\w.]*?\.(\w+)`", r"`\1`", text)
    text = re.sub(r":\w+:`([^`]+)`", r"`\1`", text)
    return re.sub(r"``([^`]+)``", r"`\1`", text)


def api_summary() -> str:
    """The API at a glance, readable without Sphinx: each public name and its first line."""
    out = []
    top = {name: getattr(orgshape, name) for name in orgshape.__all__ if name != "__version__"}
    modules = [("orgshape", top)]
    for module in _existing(PUBLIC_MODULES):
        own = {
            n: getattr(module, n)
            for n in getattr(module, "__all__", ())
            if not (n in top and getattr(module, n) is top[n])
        }
        modules.append((module.__name__, own))
    for name, members in modules:
        if not members:
            continue
        out += [f"**`{name}`**", "", "| name | what it is |", "|---|---|"]
        for member in sorted(members, key=str.casefold):
            obj = members[member]
            doc = inspect.getdoc(obj) if callable(obj) or inspect.isclass(obj) else None
            if not doc:
                lines = _data_doc(name, member)
                doc = " ".join(lines) if lines else ""
            first = doc.strip().split("\n\n", 1)[0] if doc else ""
            out.append(f"| `{member}` | {_cell(_markdown(first))} |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def cli_reference() -> str:
    """Every command's ``--help``, from the argument parser (``cli.md``'s reference)."""
    from orgshape.cli import reference_markdown  # noqa: PLC0415  (the top of the house)

    return reference_markdown(heading_level=3)


#: The generated regions of the pages: page → region name → what fills it.
REGIONS: dict[str, dict[str, Callable[[], str]]] = {
    "rules.md": {"rules": rule_reference},
    "loading.md": {"profiles": profiles_page, "problems": problems_page},
    "api.md": {"api-summary": api_summary},
    "cli.md": {"cli-reference": cli_reference},
}


def fill_region(text: str, name: str, content: str) -> str:
    """``text`` with the region ``name`` holding ``content`` (markers kept).

    Raises:
        ValueError: the page has no such region.
    """
    begin, end = f"<!-- generated: {name} -->\n", f"<!-- end generated: {name} -->"
    start = text.find(begin)
    stop = text.find(end, start)
    if start < 0 or stop < 0:
        msg = f"no region {name!r}: the page needs the lines {begin.strip()} and {end}"
        raise ValueError(msg)
    body = content if content.endswith("\n") else content + "\n"
    return text[: start + len(begin)] + "\n" + body + "\n" + text[stop:]


def generate_into(srcdir: Path) -> None:
    """Write every generated region, page and picture under ``srcdir`` (the docs folder)."""
    folder = srcdir / "_generated"
    folder.mkdir(exist_ok=True)
    for page, regions in REGIONS.items():
        path = srcdir / page
        text = path.read_text(encoding="utf-8")
        for name, make in regions.items():
            text = fill_region(text, name, make())
        _write(path, text)
    _write(folder / "api.md", api_page())
    pictures(folder)


def generate(app: Any) -> None:
    """Write every generated region, page and picture (the ``builder-inited`` handler)."""
    generate_into(Path(app.srcdir))


def setup(app: Any) -> dict[str, Any]:
    """Register the extension."""
    app.connect("builder-inited", generate)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    generate_into(Path(__file__).resolve().parent.parent)
