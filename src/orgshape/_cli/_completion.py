"""``orgshape completion SHELL``: a completion script made from the parser, with shtab.

Why shtab: it turns the argparse parser itself into a static script for bash, zsh and
tcsh, so completion never lags behind the commands and a TAB press starts no Python
(argcomplete, the other well-kept choice, runs the program on every TAB: about
0.1 s each here). shtab is a small pure-Python package with no dependencies, imported
only by this command.
"""

from __future__ import annotations

import argparse

from orgshape._cli._console import Console
from orgshape._cli._parser import build_parser

__all__ = ["run"]


def run(args: argparse.Namespace, console: Console) -> int:
    """Run ``orgshape completion SHELL``; return the exit code."""
    try:
        import shtab  # noqa: PLC0415  (only for this command)
    except ImportError as err:  # pragma: no cover - a dependency of orgshape
        raise ImportError("orgshape completion needs shtab: pip install shtab") from err
    script: str = shtab.complete(build_parser(width=88), shell=args.shell)
    console.out_raw(script)
    return 0
