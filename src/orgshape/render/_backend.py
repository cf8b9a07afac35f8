"""Turning DOT into SVG, PNG or PDF: in-process with pygraphviz, else a system ``dot``.

Glossary:
    backend: what runs Graphviz. orgshape tries, in order, pygraphviz (its wheels bundle
        Graphviz, so ``pip install orgshape`` is enough) and a ``dot`` executable on
        ``PATH``. When neither works, :class:`~orgshape.RenderError` says what to install.
    noise: what Graphviz prints on its own, such as Fontconfig's warnings about the
        system's font configuration. pygraphviz runs Graphviz's C code, which writes to
        file descriptor 2 directly, so orgshape points descriptor 2 at a temporary file
        while Graphviz runs (under a lock, since descriptors are per process) and keeps
        what was printed for the error message if rendering fails.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Final

from orgshape.exceptions import RenderError

__all__ = ["BINARY_FORMATS", "render"]

#: Formats Graphviz produces for orgshape.
BINARY_FORMATS: Final = ("svg", "png", "pdf")
_LOCK: Final = threading.Lock()
_TIMEOUT: Final = 600.0
_HELP: Final = (
    "install pygraphviz (`pip install pygraphviz`: its wheels include Graphviz) or "
    "Graphviz itself (https://graphviz.org/download/, which provides `dot`)"
)


def _quiet(text: str) -> str:
    """Graphviz's message without Fontconfig's chatter, shortened."""
    lines = [
        line
        for line in text.splitlines()
        if line.strip() and not line.startswith("Fontconfig warning")
    ]
    out = "; ".join(lines)
    return out if len(out) <= 500 else out[:499] + "…"


def _with_pygraphviz(source: str, fmt: str, args: str = "") -> tuple[bytes | None, str]:
    """Render in-process; return (data, "") or (None, reason)."""
    import contextlib  # noqa: PLC0415  (light `import orgshape`: only when drawing)
    import io  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    try:
        import pygraphviz  # noqa: PLC0415  (heavy, only when drawing)
    except ImportError as err:
        return None, f"pygraphviz is not importable ({err})"
    with _LOCK:
        saved: int | None = None
        sink = tempfile.TemporaryFile()  # noqa: SIM115  (closed below, after fd 2 is back)
        python_err = io.StringIO()
        try:
            try:
                sys.stderr.flush()
                saved = os.dup(2)
                os.dup2(sink.fileno(), 2)
            except (OSError, ValueError):  # no usable fd 2 (some embedded interpreters)
                saved = None
            try:
                with contextlib.redirect_stderr(python_err):
                    graph = pygraphviz.AGraph(string=source)
                    data: bytes = graph.draw(format=fmt, prog="nop2", args=args)
            except Exception as err:
                reason = f"pygraphviz failed: {err}"
            else:
                return data, ""
        finally:
            if saved is not None:
                os.dup2(saved, 2)
                os.close(saved)
            sink.seek(0)
            printed = sink.read().decode("utf-8", "replace") + python_err.getvalue()
            sink.close()
    detail = _quiet(printed)
    return None, f"{reason} ({detail})" if detail else reason


def _with_dot(source: str, fmt: str, args: str = "") -> tuple[bytes | None, str]:
    """Render with a ``dot`` executable on PATH; return (data, "") or (None, reason)."""
    import shutil  # noqa: PLC0415  (light `import orgshape`: only when drawing)
    import subprocess  # noqa: PLC0415

    exe = shutil.which("dot")
    if exe is None:
        return None, "no Graphviz `dot` on PATH"
    try:
        done = subprocess.run(  # noqa: S603  (fixed arguments, DOT on stdin)
            [exe, "-Knop2", f"-T{fmt}", *args.split()],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as err:
        return None, f"`{exe}` failed: {err}"
    if done.returncode != 0 or not done.stdout:
        return None, f"`{exe}` failed ({_quiet(done.stderr.decode('utf-8', 'replace'))})"
    return done.stdout, ""


def render(source: str, fmt: str, *, dpi: float | None = None, fit: float | None = None) -> bytes:
    """Render pinned-layout DOT ``source`` to ``fmt`` (``svg``, ``png`` or ``pdf``).

    Args:
        source: the DOT source.
        fmt: the format.
        dpi: dots per inch of a PNG (Graphviz's default is 96).
        fit: scale the drawing down to fit a square of this many inches (a PDF past
            what viewers accept); None draws it at its size.

    Raises:
        RenderError: neither pygraphviz nor a system ``dot`` could render it; the
            message gives both reasons and what to install.
    """
    if fmt not in BINARY_FORMATS:
        msg = f"cannot render {fmt!r} with Graphviz (formats: {', '.join(BINARY_FORMATS)})"
        raise RenderError(msg)
    args = []
    if dpi is not None:
        args.append(f"-Gdpi={dpi:g}")
    if fit is not None:
        args.append(f"-Gsize={fit:g},{fit:g}")
    extra = (" ".join(args),) if args else ()
    data, first = _with_pygraphviz(source, fmt, *extra)
    if data is not None:
        return data
    data, second = _with_dot(source, fmt, *extra)
    if data is not None:
        return data
    msg = f"cannot render the chart as {fmt.upper()}: {first}; {second}. To fix it, {_HELP}."
    raise RenderError(msg)
