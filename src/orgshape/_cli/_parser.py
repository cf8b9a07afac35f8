"""The ``orgshape`` argument parser: every command, flag, help text and example.

The parser is the single source of the command line's documentation: ``--help`` prints
it, and :func:`orgshape.cli.reference_markdown` renders the same text for the docs.
Building it imports nothing beyond argparse and what ``import orgshape`` has already
loaded; choices that live in heavier modules (chart formats, themes, band profiles)
are spelled out here and a test keeps them in sync.
"""

from __future__ import annotations

import argparse
import codecs
import functools
from typing import Any, Final, NoReturn

from orgshape._version import __version__
from orgshape.io import PROFILES

__all__ = [
    "BANDS",
    "CHART_FORMATS",
    "COMMANDS",
    "MANAGER_KEYS",
    "METRICS_TABLES",
    "SHELLS",
    "THEMES",
    "build_parser",
]

#: The commands, in the order ``--help`` lists them, with their one-line summaries.
COMMANDS: Final = {
    "check": "validate org designs against a policy (the CI gate)",
    "render": "draw an org chart (SVG, PNG, PDF, DOT, Mermaid, text)",
    "stats": "spans and layers: span bands, layers, managers",
    "diff": "compare a proposed org design (or several) with the current one",
    "plan": "apply a dated reorg plan: the org on a date and a timeline of its waves",
    "convert": "convert between CSV, Excel, JSON, YAML and HR-export layouts",
    "demo": "run everything on the bundled example org",
    "rules": "list the rules: code, name, group, default severity and what each finds",
    "rule": "explain one rule: why it exists, how to fix what it finds, an example",
    "completion": "print a shell completion script (bash, zsh or tcsh)",
}
#: Chart formats (``orgshape.render.FORMATS``; a test keeps the two equal).
CHART_FORMATS: Final = ("svg", "png", "pdf", "pptx", "html", "dot", "gv", "mmd", "txt")
#: Built-in chart themes (``orgshape.render.THEMES``).
THEMES: Final = ("default", "mono")
#: Named span-band profiles (``orgshape.Bands.named``).
BANDS: Final = ("orgvue", "mckinsey")
#: Tables of ``stats --format csv`` (``Metrics.to_csv``).
METRICS_TABLES: Final = ("managers", "layers", "levels", "bands", "summary")
#: What a manager column can refer to (``orgshape.io`` ``manager_key=``).
MANAGER_KEYS: Final = ("id", "employee_number", "email", "name")
#: Shells ``orgshape completion`` writes a script for (shtab's).
SHELLS: Final = ("bash", "zsh", "tcsh")
#: Data formats ``convert`` writes.
DATA_FORMATS: Final = ("csv", "xlsx", "json", "yaml")

_DESCRIPTION: Final = """\
Model, validate, measure, compare and chart product organisations (CPO → VP → Head →
Director → Senior PM → PM).

Org files are CSV, TSV, JSON or YAML with one row per position (id, name, title,
manager_id, ...); HR-system exports load as they are (see --profile and --mapping).
"""

_EPILOG: Final = """\
exit codes:
  0  success; `check`: no finding at or above --fail-on
  1  `check`: findings at or above --fail-on
  2  usage, input or configuration error (a missing file, a bad policy, broken data)

examples:
  orgshape check org.csv
  orgshape render org.csv -o org.svg --max-depth 3
  orgshape stats org.csv --format csv > managers.csv
  orgshape demo

Run `orgshape COMMAND --help` for a command's options and examples.
"""

_EXAMPLES: Final = {
    "check": """\
Each file's policy is --policy FILE, else the first orgshape.toml, or pyproject.toml
with [tool.orgshape], in the file's own folder or above, else the defaults; every
report names the one it used (--show-config prints it). Data problems found while
loading (a cycle, an unknown manager) are findings too.

exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage/input/config error

examples:
  orgshape check org.csv
  orgshape check proposed/*.csv --fail-on warning
  orgshape check org.csv --format json > report.json
  orgshape check org.csv --format sarif --output-file orgshape.sarif
  orgshape check org.xlsx --format xlsx -o findings.xlsx
  orgshape check org.csv --select spans,layers --ignore ONE_OVER_ONE
  orgshape check org.csv --statistics
  orgshape check org.csv --watch
  cat org.csv | orgshape check - --stdin-filename org/org.csv
  orgshape check --explain ONE_OVER_ONE
  orgshape check --show-config
""",
    "render": """\
The format follows the suffix of OUT (.svg .png .pdf .dot .gv .mmd .txt) unless --format
is given; `-o -` writes to stdout. Drawing needs no system Graphviz.

examples:
  orgshape render org.csv -o org.svg
  orgshape render org.csv -o org.png --root P002 --max-depth 3
  orgshape render org.csv -o org.pdf --highlight --align-levels --theme mono
  orgshape render org.csv -o - --format txt
""",
    "stats": """\
Spans count direct solid-line reports (assistants and dotted lines excluded); the top
position is on layer 1. Text is for people; JSON and CSV are for tools.

examples:
  orgshape stats org.csv
  orgshape stats org.csv --root P002 --bands mckinsey
  orgshape stats org.csv --format json > stats.json
  orgshape stats org.csv --format csv --table layers > layers.csv
""",
    "diff": """\
Positions are matched by id, or by --key when the two files come from different
systems (an email or employee number column). With several proposals, one table shows
the key metrics and findings of each, and the differences between them.

examples:
  orgshape diff current.csv proposed.csv
  orgshape diff current.csv proposed.csv --format json > diff.json
  orgshape diff current.csv proposed.csv -o changes.svg
  orgshape diff current.csv proposed.csv --leaders VP --by function
  orgshape diff current.csv proposed.csv --impact
  orgshape diff current.csv a.csv b.csv --workbook proposals.xlsx
  orgshape diff workday.csv plan.csv --key email
""",
    "plan": """\
A plan file (YAML or TOML) lists waves, each with an effective date and scenario
operations (move, merge, insert_layer, add_seat, delayer, remove, fill, open_vacancy,
promote). The base org is --base FILE, else the plan's `base:` (relative to the plan
file). Errors name the plan's line, the wave and the operation.

examples:
  orgshape plan plan.yaml
  orgshape plan plan.yaml --as-of 2027-03-31 --org org-2027-03-31.csv
  orgshape plan plan.yaml --format json > timeline.json
  orgshape plan plan.yaml --charts charts/ --workbook plan.xlsx
""",
    "convert": """\
The output format follows the suffix of OUT (.csv .tsv .xlsx .json .yaml .yml) unless
--to is given; OUT `-` writes to stdout. Data problems are kept as they are (and listed
on stderr) unless --strict.

examples:
  orgshape convert workday_export.csv org.yaml
  orgshape convert people.xlsx org.csv --sheet Employees
  orgshape convert org.csv org.xlsx
  orgshape convert export.csv org.json --mapping manager="Reports To" --manager-key name
  orgshape convert hibob.csv - --to json --profile hibob
  orgshape convert export.csv --show-mapping
""",
    "demo": """\
Loads the bundled example (Northwind Labs' product org, 66 positions), validates it,
prints the report and the spans-and-layers summary, and writes the chart as SVG, PNG,
PDF, DOT, Mermaid and text, plus the example data, into DIR.

examples:
  orgshape demo
  orgshape demo -o /tmp/orgshape-demo
""",
    "rules": """\
Built-in rules, then the custom rules of the policy in force (from the current folder).
A policy's select, ignore, severity and exemptions take codes, names or groups.

examples:
  orgshape rules
  orgshape rules --group spans
  orgshape rules --format json
""",
    "rule": """\
The rule's rationale, its fix, and the finding it makes on a small example org
(as `ruff rule` does). CODE is a code or a name, in any case.

examples:
  orgshape rule ONE_OVER_ONE
  orgshape rule span-above-range
""",
    "completion": """\
Prints a completion script made from the parser itself (with shtab), so it never lags
behind the commands; a TAB press runs no Python.

examples:
  orgshape completion bash > ~/.local/share/bash-completion/completions/orgshape
  orgshape completion zsh > ~/.zfunc/_orgshape   # with fpath+=(~/.zfunc) in ~/.zshrc
""",
}

_HELP: Final = {
    "paths": "org files to check (.csv .tsv .json .yaml .yml)",
    "policy": "policy file (orgshape.toml, a YAML file, or pyproject.toml); default: found "
    "from the current folder upwards",
    "isolated": "ignore orgshape.toml and pyproject.toml: use the default policy",
    "allow_code": "import the custom rules (module:function) the policy file names; they are "
    "Python code: use only for policy files you trust (see docs/security.md)",
}


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are two short lines, not the whole usage."""

    def error(self, message: str) -> NoReturn:
        """Print ``PROG: error: MESSAGE`` and where to find help; exit 2."""
        self.exit(2, f"{self.prog}: error: {message}\nRun `{self.prog} --help` for usage.\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps descriptions and epilogs as written; wraps option help to the width."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 30, **kw: Any
    ) -> None:
        super().__init__(prog, indent_increment, max_help_position, **kw)


def _pair(text: str) -> tuple[str, str]:
    """``field=column`` → ``("field", "column")`` (``--mapping``)."""
    field, sep, column = text.partition("=")
    field, column = field.strip(), column.strip()
    if not sep or not field or not column:
        msg = f'expected FIELD=COLUMN (e.g. manager="Reports To"), got {text!r}'
        raise argparse.ArgumentTypeError(msg)
    return field, column


def _csv_list(text: str) -> list[str]:
    """``a,b , c`` → ``["a", "b", "c"]`` (``--select``, ``--collapse``, ``--fields``)."""
    items = [item.strip() for item in text.split(",")]
    if not all(items):
        msg = f"expected a comma-separated list, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return items


def _encoding(text: str) -> str:
    """A text encoding Python knows (``--encoding``)."""
    try:
        codecs.lookup(text)
    except LookupError:
        msg = f"unknown encoding {text!r} (e.g. utf-8, utf-16, cp1252, latin-1)"
        raise argparse.ArgumentTypeError(msg) from None
    return text


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _limit(text: str) -> int | None:
    """A positive whole number, or ``none`` for no limit (``--max-label``)."""
    return None if text.strip().lower() == "none" else _positive(text)


def _global_flags(*, in_command: bool) -> argparse.ArgumentParser:
    """``--debug`` and ``--quiet``, accepted before and after the command name."""
    parent = argparse.ArgumentParser(add_help=False)
    # In a command, an absent flag must not reset what was given before the command.
    default: Any = argparse.SUPPRESS if in_command else False
    group = parent.add_argument_group("global options")
    group.add_argument(
        "--debug", action="store_true", default=default, help="show tracebacks of errors"
    )
    group.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default,
        help="only results and errors: no notes, warnings or progress on stderr",
    )
    return parent


def _loading_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "reading org files", "How columns are found (run `orgshape convert FILE --show-mapping`)."
    )
    group.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        metavar="NAME",
        help=f"HR-export layout: {', '.join(sorted(PROFILES))} (default: recognised)",
    )
    group.add_argument(
        "--mapping",
        action="append",
        type=_pair,
        default=[],
        metavar="FIELD=COLUMN",
        help='which column holds a field, e.g. manager="Reports To" (repeatable)',
    )
    group.add_argument(
        "--manager-key",
        choices=MANAGER_KEYS,
        help="what the manager column refers to (default: found from the data)",
    )
    group.add_argument(
        "--encoding",
        type=_encoding,
        metavar="ENC",
        help="text encoding, e.g. cp1252 (default: UTF-8, or the BOM)",
    )
    group.add_argument(
        "--decimal",
        choices=(".", ","),
        help="decimal separator of numbers, . or , (default: found from the data)",
    )
    group.add_argument(
        "--sheet",
        metavar="SHEET",
        help="the sheet of an .xlsx workbook: its name or 0-based index "
        "(default: the first visible sheet)",
    )


def _policy_flags(parser: argparse.ArgumentParser, purpose: str) -> None:
    group = parser.add_argument_group("policy", purpose)
    exclusive = group.add_mutually_exclusive_group()
    exclusive.add_argument("--policy", metavar="FILE", help=_HELP["policy"])
    exclusive.add_argument("--isolated", action="store_true", help=_HELP["isolated"])
    group.add_argument("--allow-code", action="store_true", help=_HELP["allow_code"])


def _command(sub: Any, name: str, formatter: type[argparse.HelpFormatter] | Any) -> Any:
    return sub.add_parser(
        name,
        help=COMMANDS[name],
        description=COMMANDS[name][0].upper() + COMMANDS[name][1:] + ".",
        epilog=_EXAMPLES[name],
        formatter_class=formatter,
        parents=[_global_flags(in_command=True)],
    )


def _add_check(sub: Any, formatter: Any) -> None:
    p = _command(sub, "check", formatter)
    p.add_argument("paths", nargs="*", metavar="PATH", help=_HELP["paths"])
    out = p.add_argument_group("output")
    out.add_argument(
        "--format",
        choices=("text", "json", "github", "sarif", "xlsx"),
        help="text for people; json; github (workflow annotations, the default when "
        "GITHUB_ACTIONS is set); sarif (2.1.0, for code-scanning upload); xlsx (a "
        "findings sheet, with -o FILE.xlsx)",
    )
    out.add_argument(
        "-o",
        "--output-file",
        metavar="FILE",
        help="write the report to FILE instead of stdout (missing folders are made)",
    )
    out.add_argument(
        "--statistics",
        action="store_true",
        help="instead of the findings, count them per rule (text or json)",
    )
    out.add_argument(
        "--watch",
        action="store_true",
        help="check again whenever a file or its policy changes (Ctrl-C stops)",
    )
    out.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="with PATH -: the name of the data on stdin (its suffix gives the format, "
        "its folder the policy; default: the format is found from the data)",
    )
    gate = p.add_argument_group("gate")
    gate.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="error",
        help="exit 1 when a finding has this severity or a higher one (default: error)",
    )
    gate.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when there are findings (errors reading files still exit 2)",
    )
    _policy_flags(p, "Which policy judges the design, and which rules run.")
    rules = p.add_argument_group("rules")
    rules.add_argument(
        "--select",
        action="append",
        type=_csv_list,
        metavar="CODES",
        help="run only these rules: codes, names or groups, comma-separated "
        "(replaces the policy's select)",
    )
    rules.add_argument(
        "--ignore",
        action="append",
        type=_csv_list,
        metavar="CODES",
        help="do not run these rules (added to the policy's ignore)",
    )
    rules.add_argument(
        "--show-config",
        action="store_true",
        help="print the policy in force and where it came from, then exit",
    )
    rules.add_argument(
        "--explain",
        metavar="CODE",
        help="explain a rule (as `orgshape rule CODE`), then exit",
    )
    _loading_flags(p)


def _add_render(sub: Any, formatter: Any) -> None:
    p = _command(sub, "render", formatter)
    p.add_argument("path", metavar="PATH", help="the org file")
    p.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="the chart file, or - for stdout"
    )
    p.add_argument(
        "--format", choices=CHART_FORMATS, help="chart format (default: from the suffix of OUT)"
    )
    scope = p.add_argument_group("what to draw")
    scope.add_argument("--root", metavar="ID", help="draw only the team below this position")
    scope.add_argument(
        "--max-depth",
        "--depth",
        type=_positive,
        metavar="N",
        help="draw N layers; deeper teams collapse into +N badges",
    )
    scope.add_argument(
        "--collapse",
        action="append",
        type=_csv_list,
        metavar="IDS",
        help="hide the teams below these positions behind +N badges (comma-separated)",
    )
    scope.add_argument(
        "--highlight",
        action="store_true",
        help="validate first and mark flagged positions (messages as tooltips)",
    )
    look = p.add_argument_group("how to draw")
    look.add_argument(
        "--align-levels", action="store_true", help="one row per ladder level, not per layer"
    )
    look.add_argument(
        "--stack-leaves",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="stack individual contributors in a column under their manager",
    )
    look.add_argument(
        "--fields",
        type=_csv_list,
        metavar="FIELDS",
        help="what a box shows, e.g. name,title,location (any column; default: name,title)",
    )
    look.add_argument("--theme", choices=THEMES, default="default", help="colours and fonts")
    look.add_argument("--title", metavar="TEXT", help="a heading above the chart")
    look.add_argument(
        "--max-label",
        type=_limit,
        default=40,
        metavar="N",
        help="cut box lines longer than N characters for display, or `none` (default: 40)",
    )
    look.add_argument(
        "--legend", action=argparse.BooleanOptionalAction, default=True, help="draw a legend"
    )
    look.add_argument(
        "--dotted-lines",
        nargs="?",
        const="auto",
        default="auto",
        choices=("auto", "route", "tag", "none"),
        help="dotted-line managers: routed dashed lines (route), a '⋯ Name' tag on the "
        "box (tag), route up to 200 boxes else tag (auto, the default), or none",
    )
    look.add_argument(
        "--no-dotted-lines",
        dest="dotted_lines",
        action="store_const",
        const="none",
        help="leave dotted-line managers out (same as --dotted-lines none)",
    )
    look.add_argument(
        "--findings-table",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="with --highlight, number the flagged boxes and draw a findings table",
    )
    look.add_argument(
        "--scale",
        type=float,
        metavar="X",
        help="PNG size over 96 dpi (default: 2, i.e. 192 dpi)",
    )
    look.add_argument(
        "--dpi", type=float, metavar="N", help="PNG dots per inch (instead of --scale)"
    )
    look.add_argument(
        "--pages",
        nargs="?",
        const="a4",
        choices=("a4", "a3", "letter", "tabloid"),
        metavar="SIZE",
        help="a paged PDF: an overview page, a page per leader whose team fits, the "
        "findings; SIZE is a4 (default), a3, letter or tabloid (needs orgshape[pdf])",
    )
    _policy_flags(p, "Its ladder reads the titles; with --highlight it judges the design.")
    _loading_flags(p)


def _add_stats(sub: Any, formatter: Any) -> None:
    p = _command(sub, "stats", formatter)
    p.add_argument("path", metavar="PATH", help="the org file")
    p.add_argument("--root", metavar="ID", help="measure only the team below this position")
    p.add_argument(
        "--format", choices=("text", "json", "csv"), default="text", help="default: text"
    )
    p.add_argument(
        "--table",
        choices=METRICS_TABLES,
        default="managers",
        help="the table --format csv writes (default: managers)",
    )
    p.add_argument(
        "--bands",
        choices=BANDS,
        help="span-band profile (default: the policy's, else orgvue)",
    )
    _policy_flags(p, "The policy's ladder and span bands are used.")
    _loading_flags(p)


def _leaders(text: str) -> str:
    """``all``, a number of top layers, or comma-separated levels (``--leaders``)."""
    value = text.strip()
    if value.lower() == "all" or (value.isdigit() and int(value) >= 1):
        return value
    if value and not value.isdigit() and all(part.strip() for part in value.split(",")):
        return value
    msg = f"expected all, a number of layers (1 or more) or levels such as VP,HEAD; got {text!r}"
    raise argparse.ArgumentTypeError(msg)


def _add_diff(sub: Any, formatter: Any) -> None:
    p = _command(sub, "diff", formatter)
    p.add_argument("before", metavar="BEFORE", help="the current org file")
    p.add_argument(
        "after", metavar="AFTER", nargs="+", help="the proposed org file (several: side by side)"
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="default: text")
    p.add_argument(
        "-o",
        "--output",
        metavar="CHART",
        help="also draw the changes as a chart (.svg .png ...); several proposals: "
        "CHART-1.svg, CHART-2.svg ...",
    )
    p.add_argument(
        "--workbook",
        metavar="FILE",
        help="also write every table (summary, changes, leaders, impact, findings) as one .xlsx",
    )
    show = p.add_argument_group("what to show (one proposal)")
    show.add_argument(
        "--leaders",
        type=_leaders,
        metavar="WHICH",
        help="each leader's org before and after (headcount, vacancies, cost, span): "
        "all, the top N layers, or levels such as VP,HEAD",
    )
    show.add_argument(
        "--by",
        choices=("function", "level"),
        help="break each leader's org down by function or level (implies --leaders all)",
    )
    show.add_argument(
        "--impact",
        action="store_true",
        help="who is touched: new manager, new VP or Head, another layer; removed seats "
        "and the bench",
    )
    p.add_argument("--root", metavar="ID", help="draw only the team below this position")
    p.add_argument(
        "--max-depth",
        "--depth",
        type=_positive,
        metavar="N",
        help="draw N layers of the chart; deeper teams collapse into +N badges",
    )
    p.add_argument(
        "--changes-only",
        action="store_true",
        help="draw only the changed people and their managers' chains",
    )
    p.add_argument(
        "--key",
        metavar="KEY",
        help="match positions by this field instead of id (email, employee_number, ...)",
    )
    _policy_flags(p, "The policy that judges both sides (findings introduced and resolved).")
    _loading_flags(p)


def _date(text: str) -> str:
    """A date written exactly ``YYYY-MM-DD`` (``--as-of``), as plan files write them."""
    from orgshape.scenario._plan import as_date  # noqa: PLC0415  (only to check the flag)

    try:
        as_date(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return text.strip()


def _add_plan(sub: Any, formatter: Any) -> None:
    p = _command(sub, "plan", formatter)
    p.add_argument("plan", metavar="PLAN", help="the plan file (.yaml .yml .toml)")
    p.add_argument(
        "--base", metavar="FILE", help="the org the plan starts from (default: the plan's base)"
    )
    p.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="the date to give the org of (YYYY-MM-DD; default: after the last wave)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="default: text")
    out = p.add_argument_group("files")
    out.add_argument(
        "--org", metavar="FILE", help="write the org on the date (.csv .tsv .json .yaml)"
    )
    out.add_argument(
        "--charts",
        metavar="DIR",
        help="draw one chart per wave (the wave's changes) into DIR: wave-1.svg, wave-2.svg ...",
    )
    out.add_argument(
        "--chart-format",
        choices=("svg", "png", "pdf"),
        default="svg",
        help="the format of --charts (default: svg)",
    )
    out.add_argument(
        "--workbook",
        metavar="FILE",
        help="write the timeline, each wave's changes and the leaders' orgs as one .xlsx",
    )
    _policy_flags(p, "The policy prices new seats (level_costs) and judges every wave.")
    _loading_flags(p)


def _add_convert(sub: Any, formatter: Any) -> None:
    p = _command(sub, "convert", formatter)
    p.add_argument("input", metavar="IN", help="the org file to read")
    p.add_argument("output", metavar="OUT", nargs="?", help="the file to write, or - for stdout")
    p.add_argument("--to", choices=DATA_FORMATS, help="output format (default: from OUT)")
    p.add_argument(
        "--nested", action="store_true", help="write a nested reports: tree (JSON and YAML)"
    )
    p.add_argument(
        "--show-mapping",
        action="store_true",
        help="print which column feeds which field (and exit when OUT is not given)",
    )
    p.add_argument(
        "--strict", action="store_true", help="refuse data with problems (exit 2) instead"
    )
    _loading_flags(p)


def _add_demo(sub: Any, formatter: Any) -> None:
    p = _command(sub, "demo", formatter)
    p.add_argument(
        "-o",
        "--output",
        default="orgshape-demo",
        metavar="DIR",
        help="where to write the files (default: orgshape-demo)",
    )


def _add_rules(sub: Any, formatter: Any) -> None:
    p = _command(sub, "rules", formatter)
    p.add_argument("--group", metavar="GROUP", help="only the rules of this group")
    p.add_argument("--format", choices=("text", "json"), default="text", help="default: text")
    _policy_flags(p, "Whose custom rules are listed beside the built-in ones.")


def _add_rule(sub: Any, formatter: Any) -> None:
    p = _command(sub, "rule", formatter)
    p.add_argument("code", metavar="CODE", help="a rule code or name (ONE_OVER_ONE, one-over-one)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="default: text")
    _policy_flags(p, "Whose custom rules can be explained beside the built-in ones.")


def _add_completion(sub: Any, formatter: Any) -> None:
    p = _command(sub, "completion", formatter)
    p.add_argument("shell", choices=SHELLS, help="the shell: " + ", ".join(SHELLS))


def build_parser(*, width: int | None = None) -> argparse.ArgumentParser:
    """The ``orgshape`` parser.

    Args:
        width: wrap help text to this many columns (default: the terminal's width);
            the generated reference uses a fixed width so that it is reproducible.
    """
    formatter: Any = functools.partial(_Formatter, width=width) if width else _Formatter
    parser = _Parser(
        prog="orgshape",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=formatter,
        parents=[_global_flags(in_command=False)],
    )
    parser.add_argument("--version", action="version", version=f"orgshape {__version__}")
    sub = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND", required=True)
    for add in (
        _add_check,
        _add_render,
        _add_stats,
        _add_diff,
        _add_plan,
        _add_convert,
        _add_demo,
        _add_rules,
        _add_rule,
        _add_completion,
    ):
        add(sub, formatter)
    return parser
