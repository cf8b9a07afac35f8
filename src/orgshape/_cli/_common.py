"""What several commands share: reading org files and finding the policy in force."""

from __future__ import annotations

import argparse
import io
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

__all__ = [
    "DATA_SUFFIXES",
    "Policies",
    "note_problems",
    "note_skipped_rules",
    "policy_for",
    "read_org",
    "shown_policy",
]

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
    data: bytes | None = None,
    format: str | None = None,
    label: str = "",
) -> Org:
    """Read one org file with the shared loading flags, showing progress on a terminal.

    Reads leniently by default: data problems stay on ``org.problems`` (``check``
    reports them as findings); only input that cannot be loaded at all raises.
    ``data`` is the file's content when it came from stdin (``path`` then names it,
    and ``format`` says what it is when the name does not).
    """
    if data is None and os.path.isdir(path):
        folder = path.rstrip("/\\") or path
        raise InputError(f"{path!r} is a folder; pass the org files in it (e.g. {folder}/*.csv)")
    suffix = PurePath(path).suffix.lower()
    if format is None and suffix not in DATA_SUFFIXES:
        shown = f"suffix {suffix!r}" if suffix else "no suffix"
        advice = " (save the spreadsheet as .xlsx or CSV)" if suffix in (".xls", ".ods") else ""
        msg = (
            f"cannot tell the format of {path!r} from {shown}{advice}; "
            f"org files are {', '.join(DATA_SUFFIXES)}"
        )
        raise InputError(msg)
    if format is None and data is not None:
        format = "csv" if suffix in (".csv", ".tsv", ".txt") else suffix.lstrip(".")
        format = "yaml" if format == "yml" else format
    mapping = dict(getattr(args, "mapping", None) or ()) or None
    size = _size(path) if data is None else ""
    source: str | io.BytesIO = path
    if data is not None:
        source = io.BytesIO(data)
        source.name = path
    with console.step(f"loading {path}{size}{label}") as step:
        org = read(
            source,
            format=format,
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


def policy_for(
    args: argparse.Namespace, console: Console, start: str | None = None
) -> tuple[Policy, str | None]:
    """The policy in force for the org file ``start`` and the file it came from (None: defaults).

    The one discovery rule, shared with the pytest plugin: ``--policy FILE``; else
    (unless ``--isolated``) the first ``orgshape.toml``, or ``pyproject.toml`` with a
    ``[tool.orgshape]`` table, in the org file's own folder or above
    (:func:`orgshape.rules.find_policy`); else the defaults. So a file is judged the
    same from whatever folder the command runs in. Without a file (stdin, or
    ``--show-config`` alone) the search starts in the current folder. The file's
    custom rules are imported only with ``--allow-code`` or when the file is in the
    current folder and says ``allow_code = true``.
    """
    return Policies(args, console).for_file(start)


class Policies:
    """The policies of one run, found once per folder; each skipped-rules warning once."""

    def __init__(self, args: argparse.Namespace, console: Console) -> None:
        self.args = args
        self.console = console
        self._found: dict[str, tuple[Policy, str | None]] = {}
        self._warned: set[str | None] = set()

    def for_file(self, path: str | None) -> tuple[Policy, str | None]:
        """The policy for the org file ``path`` (None or ``-``: the current folder)."""
        from orgshape.rules import Policy, find_policy, load_policy  # noqa: PLC0415  (lazy)

        args = self.args
        allow = bool(getattr(args, "allow_code", False))
        if getattr(args, "isolated", False):
            return Policy(), None
        if getattr(args, "policy", None):
            key = "--policy"
        else:
            folder = os.path.dirname(path) if path and path != "-" else ""
            key = os.path.abspath(folder or os.curdir)
        if key not in self._found:
            if key == "--policy":
                policy = load_policy(args.policy, allow_code=allow)
                self._found[key] = (policy, policy.source)
            else:
                self._found[key] = find_policy(key, allow_code=allow)
        policy, source = self._found[key]
        if source not in self._warned:
            self._warned.add(source)
            note_skipped_rules(policy, self.console)
        return policy, source

    def sources(self) -> list[str]:
        """The policy files found so far (for ``--watch``)."""
        return sorted({source for _, source in self._found.values() if source is not None})


def shown_policy(source: str | None, *, isolated: bool = False) -> str:
    """How a report names its policy: the file (relative to here when below it), or the defaults.

    Examples:
        >>> shown_policy(None)
        'the defaults'
        >>> shown_policy(None, isolated=True)
        'the defaults (--isolated)'
    """
    if source is None:
        return "the defaults (--isolated)" if isolated else "the defaults"
    try:
        relative = os.path.relpath(source)
    except ValueError:  # another drive (Windows)
        return source
    return source if relative.startswith(os.pardir) else PurePath(relative).as_posix()


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
