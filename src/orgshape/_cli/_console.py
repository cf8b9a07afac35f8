"""Where the command line writes: results to stdout; notes, progress and errors to stderr.

Progress is shown only when stderr is a terminal and ``--quiet`` is not given. Work
that ends within :data:`DELAY` seconds shows nothing; past it, a tqdm bar on stderr
says what is being done and for how long (``loading org.csv (48.2 MB)  00:03``) until
it ends, and a "loaded 1,000,000 positions from org.csv in 3.2 s" line is left behind.
tqdm is imported only then, on a thread of its own, so quick runs, pipes and CI logs
never load it and stay clean.

Why tqdm and not rich: both are well kept, but tqdm is one 0.6 MB package with no
dependencies, where rich is 3 MB and pulls in pygments and markdown-it; measured in
this project's venv, ``import tqdm`` cost 56 ms and ``import rich.progress`` 61 ms
(a busy two-core machine; the order held across runs). The loaders and rules report
no progress of their own, so the bar shows the step and its elapsed time, and for
several files how many are done.

Colour (:class:`Style`): on when stdout is a terminal, off when it is not; ``NO_COLOR``
(any value) turns it off and ``FORCE_COLOR`` (any value but ``0``) on, as
https://no-color.org and https://force-color.org say; ``TERM=dumb`` is plain too.

Everything written here is checked by the display layer's terminal form
(:func:`orgshape._display.terminal_text`): a control or bidi character that got into a
result, a note or an error message (from a file name, a custom rule's message, a
library's error) shows as a visible code, and no line can pose as a CI workflow
command. Results that are commands or data by design (GitHub workflow commands, CSV)
go through :meth:`Console.out_raw`; their writers escape them for their own medium.
Coloured results are built from pieces already in their visible form; the colour
codes are the only control characters orgshape adds (:meth:`Style.paint`).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from typing import Any, Final

from orgshape._display import more, terminal_text, visible
from orgshape.exceptions import DataError

__all__ = ["DELAY", "Console", "Step", "Style", "color_wanted", "describe_error"]

#: Work that takes at least this long (seconds) gets a progress bar and a "done" line.
DELAY: Final = 1.0
#: How often (seconds) a progress bar redraws.
_REFRESH: Final = 0.25
#: Data problems listed in the message of a load that failed.
_PROBLEMS_SHOWN: Final = 10


def color_wanted(stream: Any, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to colour what goes to ``stream``: NO_COLOR, FORCE_COLOR, then the terminal.

    Examples:
        >>> import io
        >>> color_wanted(io.StringIO(), {})
        False
        >>> color_wanted(io.StringIO(), {"FORCE_COLOR": "1"})
        True
        >>> color_wanted(io.StringIO(), {"FORCE_COLOR": "1", "NO_COLOR": "1"})
        False
    """
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class Style:
    """ANSI colours for results, or none; wraps text that is already inert.

    Examples:
        >>> Style(enabled=False).paint("Errors (1)", "error")
        'Errors (1)'
        >>> Style(enabled=True).paint("Errors (1)", "error")
        '\\x1b[1;31mErrors (1)\\x1b[0m'
    """

    __slots__ = ("enabled",)

    CODES: Final = {
        "error": "1;31",
        "warning": "1;33",
        "info": "1;36",
        "code": "1",
        "path": "1",
        "dim": "2",
        "ok": "1;32",
    }

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled

    def paint(self, text: str, style: str) -> str:
        """``text`` (already in its visible form) in ``style``, when colour is on."""
        if not self.enabled or not text:
            return text
        return f"\x1b[{self.CODES[style]}m{text}\x1b[0m"


class Step:
    """One piece of work shown as progress; say what was done with :meth:`done`."""

    __slots__ = ("text",)

    def __init__(self) -> None:
        self.text: str | None = None

    def done(self, text: str) -> None:
        """Set the line shown when the work finishes (if it was slow)."""
        self.text = text


class _Bar(threading.Thread):
    """A progress bar that appears after :data:`DELAY` seconds and redraws until stopped."""

    def __init__(self, label: str) -> None:
        super().__init__(name="orgshape-progress", daemon=True)
        self.label = label
        self.stopped = threading.Event()
        self.shown = False

    def run(self) -> None:
        if self.stopped.wait(DELAY):
            return
        try:
            from tqdm import tqdm  # noqa: PLC0415  (only on a terminal, only for slow work)
        except ImportError:  # pragma: no cover - a dependency; without it, no bar
            return
        bar = tqdm(
            desc=self.label,
            file=sys.stderr,
            bar_format="{desc}  {elapsed}",
            leave=False,
            dynamic_ncols=True,
            mininterval=_REFRESH,
        )
        self.shown = True
        try:
            while not self.stopped.wait(_REFRESH):
                bar.refresh()
        finally:
            bar.close()


class Console:
    """The command line's output: results, notes, warnings, errors and progress.

    The streams are looked up at each write (``sys.stdout``/``sys.stderr``), so that a
    caller that redirects them (pytest's ``capsys``, ``contextlib.redirect_stdout``)
    sees everything.

    Args:
        quiet: drop notes, warnings and progress (results and errors are still written).
        debug: print the traceback of an error before its message.
    """

    __slots__ = ("debug", "quiet", "style")

    def __init__(self, *, quiet: bool = False, debug: bool = False) -> None:
        self.quiet = quiet
        self.debug = debug
        self.style = Style(enabled=color_wanted(sys.stdout))

    def out(self, text: str) -> None:
        """Write a result (a report, a table, JSON) to stdout, inert, with a final newline."""
        self.out_raw(terminal_text(text))

    def out_styled(self, text: str) -> None:
        """Write a result that is inert already, colour codes included (``check``'s report)."""
        self.out_raw(text)

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
        """Show a progress bar for the block on a terminal, once it has run :data:`DELAY` s.

        When the bar was shown and the block called ``step.done(text)``, the bar gives
        way to ``text in N.N s``. Quick work, and anything on a pipe or a file, shows
        nothing at all.
        """
        step = Step()
        bar = _Bar(visible(label)) if self._live() else None
        if bar is not None:
            bar.start()
        start = time.perf_counter()
        try:
            yield step
        finally:
            if bar is not None:
                bar.stopped.set()
                bar.join()
                if bar.shown and step.text is not None:
                    elapsed = time.perf_counter() - start
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
