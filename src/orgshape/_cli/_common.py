"""What several commands share: reading org files and finding the policy in force."""

from __future__ import annotations

import argparse
import os
from pathlib import PurePath
from typing import TYPE_CHECKING, Final

from orgshape._cli._console import Console
from orgshape.exceptions import InputError
from orgshape.io import read

if TYPE_CHECKING:
    from orgshape._ladder import Ladder
    from orgshape._model import Org
    from orgshape.rules import Policy

__all__ = ["DATA_SUFFIXES", "note_problems", "note_skipped_rules", "policy_for", "read_org"]

#: Suffixes of org files (``orgshape.io``'s ``FORMATS``; a test keeps them in sync).
DATA_SUFFIXES: Final = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".json", ".yaml", ".yml")


def _size(path: str) -> str:
    try:
        size = os.stat(path).st_size
    except OSError:
        return ""
    if size < 1_000_000:
        return ""
    return f" ({size / 1_000_000:,.1f} MB)"


def read_org(
    path: str,
    args: argparse.Namespace,
    console: Console,
    *,
    ladder: Ladder | None = None,
    strict: bool = False,
) -> Org:
    """Read one org file with the shared loading flags, showing progress on a terminal.

    Reads leniently by default: data problems stay on ``org.problems`` (``check``
    reports them as findings); only input that cannot be loaded at all raises.
    """
    if os.path.isdir(path):
        folder = path.rstrip("/\\") or path
        raise InputError(f"{path!r} is a folder; pass the org files in it (e.g. {folder}/*.csv)")
    suffix = PurePath(path).suffix.lower()
    if suffix not in DATA_SUFFIXES:
        shown = f"suffix {suffix!r}" if suffix else "no suffix"
        advice = " (save the spreadsheet as .xlsx or CSV)" if suffix in (".xls", ".ods") else ""
        msg = (
            f"cannot tell the format of {path!r} from {shown}{advice}; "
            f"org files are {', '.join(DATA_SUFFIXES)}"
        )
        raise InputError(msg)
    mapping = dict(getattr(args, "mapping", None) or ()) or None
    with console.step(f"loading {path}{_size(path)}") as step:
        org = read(
            path,
            strict=strict,
            mapping=mapping,
            manager_key=getattr(args, "manager_key", None),
            profile=getattr(args, "profile", None),
            encoding=getattr(args, "encoding", None),
            decimal=getattr(args, "decimal", None),
            sheet=getattr(args, "sheet", None),
            ladder=ladder,
        )
        step.done(f"loaded {len(org):,} positions from {path}")
    return org


def policy_for(args: argparse.Namespace, console: Console) -> tuple[Policy, str | None]:
    """The policy in force and the file it came from (None: the defaults).

    ``--policy FILE``, else (unless ``--isolated``) ``orgshape.toml`` in the current
    folder or above, else ``[tool.orgshape]`` in the nearest ``pyproject.toml``. The
    file's custom rules are imported only with ``--allow-code`` or when the file is in
    the current folder and says ``allow_code = true``.
    """
    from orgshape.rules import Policy, find_policy, load_policy  # noqa: PLC0415  (not for convert)

    allow = bool(getattr(args, "allow_code", False))
    if getattr(args, "policy", None):
        policy = load_policy(args.policy, allow_code=allow)
        source = policy.source
    elif getattr(args, "isolated", False):
        return Policy(), None
    else:
        policy, source = find_policy(allow_code=allow)
    note_skipped_rules(policy, console)
    return policy, source


def note_skipped_rules(policy: Policy, console: Console) -> None:
    """Say which custom rules of the policy file were not imported, and how to allow them."""
    skipped = policy.skipped_rules
    if not skipped:
        return
    listed = ", ".join(skipped[:5]) + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
    console.warn(
        f"not loading {len(skipped)} custom rule{'s' if len(skipped) != 1 else ''} of "
        f"{policy.source or 'the policy'} ({listed}): a policy's rules are Python code and "
        "run only with --allow-code, or with allow_code = true in a policy file of the "
        "current folder"
    )


def note_problems(org: Org, path: str, console: Console) -> None:
    """Say on stderr that an org has data problems, and how to see them."""
    count = len(org.problems)
    if count:
        noun = "problem" if count == 1 else "problems"
        console.warn(f"{path} has {count} data {noun}; run `orgshape check {path}` to list them")
