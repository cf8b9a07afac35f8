"""Where the command line writes: results to stdout; notes, progress and errors to stderr.

Progress is shown only when stderr is a terminal and ``--quiet`` is not given: a
"loading org.csv (48.2 MB)…" line while the work runs, replaced by "loaded 1,000,000
positions from org.csv in 3.2 s" when it took long enough to be worth saying, and
erased when it did not. Nothing is written when stderr is a pipe or a file, so logs and
captured output stay clean.

Everything written here is checked by the display layer's terminal form
(:func:`orgshape._display.terminal_text`): a control or bidi character that got into a
result, a note or an error message (from a file name, a custom rule's message, a
library's error) shows as a visible code, and no line can pose as a CI workflow
command. Results that are commands or data by design (GitHub workflow commands, CSV)
go through :meth:`Console.out_raw`; their writers escape them for their own medium.
"""

from __future__ import annotations

import contextlib
import re
import sys
import time
from collections.abc import Iterator
from typing import Final

from orgshape._display import more, terminal_text, visible
from orgshape.exceptions import DataError

__all__ = ["Console", "Step", "describe_error"]

#: Work that takes at least this long (seconds) gets a "done in N s" line on a terminal.
SLOW: Final = 0.5
#: Data problems listed in the message of a load that failed.
_PROBLEMS_SHOWN: Final = 10
_CLEAR_LINE: Final = "\r\x1b[K"


class Step:
    """One piece of work shown as progress; say what was done with :meth:`done`."""

    __slots__ = ("text",)

    def __init__(self) -> None:
        self.text: str | None = None

    def done(self, text: str) -> None:
        """Set the line shown when the work finishes (if it was slow)."""
        self.text = text


class Console:
    """The command line's output: results, notes, warnings, errors and progress.

    The streams are looked up at each write (``sys.stdout``/``sys.stderr``), so that a
    caller that redirects them (pytest's ``capsys``, ``contextlib.redirect_stdout``)
    sees everything.

    Args:
        quiet: drop notes, warnings and progress (results and errors are still written).
        debug: print the traceback of an error before its message.
    """

    __slots__ = ("debug", "quiet")

    def __init__(self, *, quiet: bool = False, debug: bool = False) -> None:
        self.quiet = quiet
        self.debug = debug

    def out(self, text: str) -> None:
        """Write a result (a report, a table, JSON) to stdout, inert, with a final newline."""
        self.out_raw(terminal_text(text))

    def out_raw(self, text: str) -> None:
        """Write a result exactly as given (workflow commands, CSV), with a final newline."""
        sys.stdout.write(text if text.endswith("\n") else text + "\n")

    def out_bytes(self, data: bytes) -> None:
        """Write binary (or pre-encoded) output to stdout."""
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a text-only stream: decode what is text
            sys.stdout.write(data.decode("utf-8", errors="replace"))
        else:
            buffer.write(data)
            buffer.flush()

    def note(self, text: str) -> None:
        """Write a human note to stderr, unless quiet."""
        if not self.quiet:
            sys.stderr.write(terminal_text(text) + "\n")

    def warn(self, text: str) -> None:
        """Write ``orgshape: warning: text`` to stderr, unless quiet."""
        if not self.quiet:
            sys.stderr.write(terminal_text(f"orgshape: warning: {text}") + "\n")

    def error(self, text: str) -> None:
        """Write ``orgshape: error: text`` to stderr (always)."""
        sys.stderr.write(terminal_text(f"orgshape: error: {text}") + "\n")

    def fail(self, err: BaseException) -> None:
        """Report an error a user caused (with its traceback first under ``--debug``)."""
        if self.debug:
            import traceback  # noqa: PLC0415  (only for --debug)

            traceback.print_exception(err)
        self.error(describe_error(err))

    def _live(self) -> bool:
        if self.quiet:
            return False
        isatty = getattr(sys.stderr, "isatty", None)
        try:
            return bool(isatty and isatty())
        except ValueError:  # a closed stream
            return False

    @contextlib.contextmanager
    def step(self, label: str) -> Iterator[Step]:
        """Show ``label…`` on a terminal while the block runs.

        When the block took at least :data:`SLOW` seconds and called
        ``step.done(text)``, the line is replaced by ``text in N.N s``; otherwise it is
        erased. On a pipe or a file, nothing is written at all.
        """
        step = Step()
        live = self._live()
        if live:
            sys.stderr.write(f"{visible(label)}…")
            sys.stderr.flush()
        start = time.perf_counter()
        try:
            yield step
        finally:
            if live:
                elapsed = time.perf_counter() - start
                sys.stderr.write(_CLEAR_LINE)
                if step.text is not None and elapsed >= SLOW:
                    sys.stderr.write(f"{visible(step.text)} in {elapsed:.1f} s\n")
                sys.stderr.flush()


def describe_error(err: BaseException) -> str:
    """The message for an error a user caused: one line, or a few for data problems."""
    if isinstance(err, DataError):
        count = len(err.problems)
        noun = "problem" if count == 1 else "problems"
        where = f" {visible(err.source)}" if err.source else ""
        lines = [f"cannot load{where}: {count} data {noun}"]
        lines.extend(f"  {visible(str(problem))}" for problem in err.problems[:_PROBLEMS_SHOWN])
        if count > _PROBLEMS_SHOWN:
            lines.append(f"  {more(count - _PROBLEMS_SHOWN, 'problems')}")
        return as_flags("\n".join(lines))
    if isinstance(err, OSError):
        reason = err.strerror or str(err) or type(err).__name__
        return f"{reason}: {visible(str(err.filename))}" if err.filename else reason
    return as_flags(str(err) or type(err).__name__)


# The library's messages suggest Python arguments; on the command line they are flags.
_AS_FLAGS: Final = (
    (
        re.compile(r"mapping=\{'(\w+)': \.\.\., '(\w+)': \.\.\.\}"),
        r"--mapping \1=COLUMN --mapping \2=COLUMN",
    ),
    (re.compile(r"mapping=\{'(\w+)': \.\.\.\}"), r"--mapping \1=COLUMN"),
    (
        re.compile(r"mapping=\{'(\w+)': '([^']*)', '(\w+)': '([^']*)'\}"),
        r"--mapping \1='\2' --mapping \3='\4'",
    ),
    (re.compile(r"mapping=\{'(\w+)': '([^']*)'\}"), r"--mapping \1='\2'"),
    (re.compile(r"decimal='([.,])'"), r"--decimal \1"),
    (re.compile(r"manager_key=(?!\w)"), "--manager-key KEY"),
    (re.compile(r"encoding='([\w-]+)'"), r"--encoding \1"),
    (re.compile(r"\bmax_depth=(?!\w)"), "--max-depth N"),
    (re.compile(r"\broot=(?!\w)"), "--root ID"),
    (re.compile(r"\bpages=(?!\w)"), "--pages"),
    (re.compile(r"\bscale=(?!\w)"), "--scale"),
)


def as_flags(message: str) -> str:
    """Reword Python-argument advice in a library message as command-line flags.

    Examples:
        >>> as_flags("no manager column found; pass mapping={'manager': ...}")
        'no manager column found; pass --mapping manager=COLUMN'
        >>> as_flags("say which with mapping={'manager': ...} and manager_key=")
        'say which with --mapping manager=COLUMN and --manager-key KEY'
    """
    for pattern, replacement in _AS_FLAGS:
        message = pattern.sub(replacement, message)
    return message
