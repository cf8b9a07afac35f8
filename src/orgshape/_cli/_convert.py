"""``orgshape convert``: between CSV, Excel, JSON and YAML, and from HR-export layouts."""

from __future__ import annotations

import argparse
import sys
from pathlib import PurePath

from orgshape._cli._common import DATA_SUFFIXES, note_problems, read_org
from orgshape._cli._console import Console
from orgshape.exceptions import InputError
from orgshape.io import detect_mapping, write

__all__ = ["run"]


def run(args: argparse.Namespace, console: Console) -> int:
    """Run ``orgshape convert``; return the exit code."""
    if args.show_mapping:
        mapping = detect_mapping(
            args.input,
            mapping=dict(args.mapping) or None,
            manager_key=args.manager_key,
            profile=args.profile,
            encoding=args.encoding,
            sheet=args.sheet,
        )
        if args.output is None:
            console.out(str(mapping))
            return 0
        # With OUT, the data may be going to stdout: the mapping is a note then.
        console.note(str(mapping))
    elif args.output is None:
        console.error("convert needs OUT (a file, or - for stdout), or --show-mapping")
        return 2
    if args.to is None and args.output != "-":
        suffix = PurePath(args.output).suffix.lower()
        if suffix not in DATA_SUFFIXES:
            raise InputError(
                f"cannot tell the output format from {args.output!r} (known suffixes: "
                f"{', '.join(DATA_SUFFIXES)}); pass --to csv, xlsx, json or yaml"
            )
    org = read_org(args.input, args, console, strict=args.strict)
    note_problems(org, args.input, console)
    if args.output == "-":
        if args.to is None:
            console.error("writing to stdout (-) needs --to csv, xlsx, json or yaml")
            return 2
        if args.to == "xlsx":  # a workbook is bytes
            write(org, sys.stdout.buffer, format="xlsx")
            sys.stdout.buffer.flush()
            return 0
        write(org, sys.stdout, format=args.to, nested=args.nested)
        return 0
    write(org, args.output, format=args.to, nested=args.nested)
    console.note(f"wrote {args.output} ({len(org):,} positions)")
    return 0
