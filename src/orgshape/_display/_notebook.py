"""One notebook display for every displayable class, in the way of graphviz's Jupyter mixin.

Glossary:
    MIME bundle: what Jupyter asks an object for (``_repr_mimebundle_``): a dict from
        MIME type (``text/plain``, ``text/html``, ``image/svg+xml``) to content.
    display hooks: what a class that mixes in :class:`NotebookDisplay` provides:
        ``_display_text()`` (the ``text/plain`` form; by default ``str(self)``) and,
        in ``_display_formats``, pairs of a MIME type and the name of a method that
        returns that content. A hook may return ``(content, note)``: the note (such as
        "Collapsed view: ...") is added to the ``text/plain`` form.
    viewer: for a class whose objects show as *another* object (an org shows as its
        chart), a ``"module:function"`` registered with :func:`register_viewer`; it is
        imported when an object is first displayed, so the class's own module never
        imports the viewer's (the model does not import the renderer).

The display never raises: a hook that fails drops its MIME type and the text says why
(``(no HTML view: RuntimeError: ...)``); a text hook that fails gives the object's
repr and the reason; warnings raised while the hooks run are added to the text instead
of escaping into the notebook. The ``text/plain`` form is always checked with
:func:`~._escape.terminal_text`, so no control character reaches a terminal IPython.

Thread safety: warnings are caught with :func:`warnings.catch_warnings`, which
changes the process's warning filters while the hooks run (as every notebook
display that records warnings does); display from one thread at a time.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Final

from orgshape._display._escape import terminal_text, visible

__all__ = ["NotebookDisplay", "mimebundle", "register_viewer", "viewer_for"]

_LABELS: Final = {"text/html": "HTML", "image/svg+xml": "SVG", "image/png": "PNG"}
_VIEWERS: dict[str, str] = {}
_RESOLVED: dict[str, Callable[[Any], Any]] = {}


def _class_key(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def register_viewer(class_name: str, viewer: str) -> None:
    """Show the objects of a class (and its subclasses) as what ``viewer`` returns.

    Args:
        class_name: the class's module and qualified name, ``"orgshape._model.Org"``.
        viewer: ``"module:function"``; the function takes the object and returns an
            object with its own ``_repr_mimebundle_`` (such as a chart).

    Raises:
        ValueError: ``viewer`` is not of the form ``module:function``.

    Examples:
        >>> register_viewer("example.Thing", "example.views:draw")
        >>> register_viewer("example.Thing", "draw")
        Traceback (most recent call last):
        ...
        ValueError: a viewer is 'module:function', got 'draw'
    """
    module, _, function = viewer.partition(":")
    if not module or not function:
        msg = f"a viewer is 'module:function', got {viewer!r}"
        raise ValueError(msg)
    _VIEWERS[class_name] = viewer
    _RESOLVED.pop(class_name, None)


def viewer_for(obj: object) -> Callable[[Any], Any] | None:
    """The viewer registered for ``obj``'s class or its nearest base, imported; or None.

    Raises:
        ImportError: the viewer's module cannot be imported.
        AttributeError: the module has no such function.
    """
    for cls in type(obj).__mro__:
        key = _class_key(cls)
        target = _VIEWERS.get(key)
        if target is None:
            continue
        function = _RESOLVED.get(key)
        if function is None:
            module, _, name = target.partition(":")
            function = getattr(importlib.import_module(module), name)
            _RESOLVED[key] = function
        return function
    return None


def _reason(err: BaseException) -> str:
    try:
        return f"{type(err).__name__}: {err}"
    except Exception:  # an exception whose str() fails
        return type(err).__name__


def _safe_repr(obj: object) -> str:
    try:
        return repr(obj)
    except Exception:
        return f"<{type(obj).__name__}>"


def _wanted(include: Iterable[str] | None, exclude: Iterable[str] | None) -> Callable[[str], bool]:
    included = None if include is None else set(include)
    excluded = set(exclude or ())
    return lambda mime: (included is None or mime in included) and mime not in excluded


def _with_notes(text: str, notes: list[str]) -> str:
    if not notes:
        return text
    if text and not text.endswith("\n"):
        text += "\n"
    return text + "\n".join(notes)


def _viewed(
    obj: object, include: Iterable[str] | None, exclude: Iterable[str] | None
) -> dict[str, str] | None:
    """The bundle of the registered viewer's object, or None when there is no viewer."""
    try:
        viewer = viewer_for(obj)
        if viewer is None:
            return None
        bundle = viewer(obj)._repr_mimebundle_(include, exclude)
        if not isinstance(bundle, dict):
            msg = f"the viewer's display gave {type(bundle).__name__}, not a dict"
            raise TypeError(msg)
        return {str(k): v for k, v in bundle.items()}
    except Exception as err:
        if not _wanted(include, exclude)("text/plain"):
            return {}
        text = _safe_repr(obj)
        return {"text/plain": terminal_text(f"{text}\n(view unavailable: {visible(_reason(err))})")}


def mimebundle(
    obj: Any, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
) -> dict[str, str]:
    """The MIME bundle of ``obj`` from its display hooks (see the module glossary).

    Never raises. ``include`` and ``exclude`` filter the MIME types, as Jupyter passes
    them; ``text/plain`` is there unless excluded.
    """
    viewed = _viewed(obj, include, exclude)
    if viewed is not None:
        return viewed
    wanted = _wanted(include, exclude)
    bundle: dict[str, str] = {}
    notes: list[str] = []
    text = ""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        formats: tuple[tuple[str, str], ...] = getattr(obj, "_display_formats", ())
        for mime, method in formats:
            if not wanted(mime):
                continue
            try:
                value = getattr(obj, method)()
                if isinstance(value, tuple):
                    value, note = value
                    if note:
                        notes.append(visible(str(note)))
                bundle[mime] = str(value)
            except Exception as err:
                label = _LABELS.get(mime, mime)
                notes.append(f"(no {label} view: {visible(_reason(err))})")
        if wanted("text/plain"):
            try:
                hook = getattr(obj, "_display_text", None)
                text = str(obj) if hook is None else hook()
            except Exception as err:
                text = f"{_safe_repr(obj)} (cannot display: {visible(_reason(err))})"
    if wanted("text/plain"):
        notes.extend(f"(warning: {visible(str(w.message))})" for w in caught)
        bundle["text/plain"] = terminal_text(_with_notes(text, notes))
    return bundle


class NotebookDisplay:
    """The mixin that gives a class its Jupyter display from its display hooks.

    A subclass sets ``_display_formats`` and defines the methods it names, and may
    override :meth:`_display_text`; see the module glossary.

    Examples:
        >>> class Box(NotebookDisplay):
        ...     _display_formats = (("text/html", "_html"),)
        ...     def __str__(self) -> str:
        ...         return "a box\\x1b[31m"
        ...     def _html(self) -> str:
        ...         return "<b>a box</b>"
        >>> Box()._repr_mimebundle_()
        {'text/html': '<b>a box</b>', 'text/plain': 'a box[U+001B][31m'}
        >>> Box()._repr_mimebundle_(include=["text/plain"])
        {'text/plain': 'a box[U+001B][31m'}
    """

    __slots__ = ()

    #: (MIME type, method name) of each rich form besides ``text/plain``.
    _display_formats: ClassVar[tuple[tuple[str, str], ...]] = ()

    def _display_text(self) -> str:
        """The ``text/plain`` form: ``str(self)`` unless a subclass says otherwise."""
        return str(self)

    def _repr_mimebundle_(
        self,
        include: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
        **kwargs: Any,
    ) -> dict[str, str]:
        """Jupyter display: every rich form the hooks give, and the text (never raises)."""
        return mimebundle(self, include, exclude)
