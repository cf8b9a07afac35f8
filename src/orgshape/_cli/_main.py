"""The command line's entry point and its generated reference (see :mod:`orgshape.cli`)."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from typing import Any, Final, TextIO

from orgshape._cli._console import Console, as_flags
from orgshape._cli._parser import COMMANDS, build_parser
from orgshape._warnings import OrgShapeWarning
from orgshape.exceptions import OrgShapeError

__all__ = ["REFERENCE_WIDTH", "main", "reference_markdown"]

#: The width the generated reference wraps help text to.
REFERENCE_WIDTH: Final = 88


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    return code if isinstance(code, int) else 2


def _utf8(stream: TextIO) -> None:
    """Make a non-UTF-8 stream survive names like "Siobhán" and arrows ("→").

    A pipe or file gets UTF-8 (JSON and SARIF must be UTF-8); a terminal keeps its
    encoding and replaces what it cannot show.
    """
    if not isinstance(stream, io.TextIOWrapper):
        return
    encoding = (stream.encoding or "").lower().replace("_", "-")
    if encoding in ("utf-8", "utf8"):
        return
    with contextlib.suppress(ValueError, OSError):
        if stream.isatty():
            stream.reconfigure(errors="replace")
        else:
            stream.reconfigure(encoding="utf-8")


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the exit-time flush stays quiet.

    (What the Python docs advise for SIGPIPE; see the ``signal`` module's notes.)
    """
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@contextlib.contextmanager
def _warnings_to(console: Console) -> Iterator[None]:
    """Show warnings raised during a command as ``orgshape: warning: ...`` lines."""

    def show(message: Warning | str, *_: Any, **__: Any) -> None:
        console.warn(as_flags(str(message)))

    with warnings.catch_warnings():
        warnings.simplefilter("default", OrgShapeWarning)
        warnings.showwarning = show
        yield


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``orgshape`` command line and return its exit code.

    Args:
        argv: the arguments, without the program name (default: ``sys.argv[1:]``).

    Returns:
        0 on success (``check``: nothing at or above ``--fail-on``), 1 when ``check``
        found findings at or above ``--fail-on``, 2 for a usage, input or configuration
        error.

    Examples:
        >>> main(["check", "--isolated", "no-such-file.csv"])
        2
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:  # --help, --version and usage errors
        return _exit_code(exit.code)
    console = Console(quiet=args.quiet, debug=args.debug)
    for stream in (sys.stdout, sys.stderr):
        _utf8(stream)
    try:
        module = importlib.import_module(f"orgshape._cli._{args.command}")
        with _warnings_to(console):
            code: int = module.run(args, console)
        return code
    except KeyboardInterrupt:
        console.error("interrupted")
        return 130
    except BrokenPipeError:  # `orgshape ... | head`: the reader left; that is fine
        _silence_stdout()
        return 0
    except (OrgShapeError, OSError, UnicodeError) as err:
        # Everything a user can cause: files, formats, policies, data, ids, encodings.
        console.fail(err)
        return 2
    except MemoryError:  # (reading turns it into INPUT_TOO_LARGE; this is the rest)
        console.error(
            "out of memory: the input is too large for this machine; draw or check a part "
            "of it (--root, --max-depth), or run where there is more memory"
        )
        return 2
    except Exception as err:
        if args.debug:
            import traceback  # noqa: PLC0415  (only for --debug)

            traceback.print_exception(err)
        notes = "".join(f"\n{note}" for note in getattr(err, "__notes__", ()))
        console.error(
            f"unexpected {type(err).__name__}: {err}{notes}\n"
            "This may be a bug in orgshape (or in a custom rule); run again with --debug "
            "for the traceback."
        )
        return 2


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    # argparse keeps its sub-commands only in private members (no public accessor)
    for action in parser._actions:  # noqa: SLF001
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            return dict(action.choices)
    return {}  # pragma: no cover - the parser always has commands


def reference_markdown(*, heading_level: int = 2) -> str:
    """The command-line reference as Markdown, rendered from the parser itself.

    Every command's ``--help`` text, wrapped to a fixed width, in a ``text`` code
    block under a heading, so that the docs page cannot drift from the code.

    Args:
        heading_level: the Markdown heading level of each command (2: ``##``).

    Examples:
        >>> text = reference_markdown()
        >>> print(text.splitlines()[0])
        ## `orgshape`
        >>> "## `orgshape check`" in text and "--fail-on" in text
        True
    """
    parser = build_parser(width=REFERENCE_WIDTH)
    commands = _subparsers(parser)
    hashes = "#" * heading_level
    sections = [(parser.prog, parser.format_help())]
    sections += [(commands[name].prog, commands[name].format_help()) for name in COMMANDS]
    parts = []
    for prog, text in sections:
        body = "\n".join(line.rstrip() for line in text.strip("\n").splitlines())
        parts.append(f"{hashes} `{prog}`\n\n```text\n{body}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    raise SystemExit(main())
