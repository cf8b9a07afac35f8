"""One notebook display for every class: built from its hooks, never raising."""

from __future__ import annotations

import sys
import types
import warnings
from collections.abc import Iterator

import pytest

from orgshape._display import NotebookDisplay, _notebook, mimebundle, register_viewer, viewer_for


class Card(NotebookDisplay):
    """A displayable object with an HTML and an SVG form."""

    _display_formats = (("text/html", "_html"), ("image/svg+xml", "_svg"))

    def __init__(self, name: str = "Ana") -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<Card {self.name}>"

    def __str__(self) -> str:
        return f"Card of {self.name}"

    def _html(self) -> str:
        return f"<b>{self.name}</b>"

    def _svg(self) -> tuple[str, str]:
        return "<svg/>", "Collapsed view: 1 of 2"


class Broken(Card):
    """Every hook fails."""

    def __str__(self) -> str:
        raise RuntimeError("no text today")

    def _html(self) -> str:
        raise ValueError("no html\x1b[31m")

    def _svg(self) -> tuple[str, str]:
        raise OSError("no svg")


@pytest.fixture
def viewers() -> Iterator[None]:
    """Restore the viewer registry after a test."""
    saved = dict(_notebook._VIEWERS), dict(_notebook._RESOLVED)
    yield
    _notebook._VIEWERS.clear()
    _notebook._VIEWERS.update(saved[0])
    _notebook._RESOLVED.clear()
    _notebook._RESOLVED.update(saved[1])


class TestBundle:
    def test_every_hook_and_the_text(self) -> None:
        """The bundle has each rich form and the text, with the hooks' notes in the text."""
        assert Card()._repr_mimebundle_() == {
            "text/html": "<b>Ana</b>",
            "image/svg+xml": "<svg/>",
            "text/plain": "Card of Ana\nCollapsed view: 1 of 2",
        }

    def test_include_and_exclude(self) -> None:
        """include and exclude filter the MIME types, as Jupyter asks."""
        assert set(Card()._repr_mimebundle_(include=["text/plain"])) == {"text/plain"}
        assert set(Card()._repr_mimebundle_(exclude=["text/plain", "text/html"])) == {
            "image/svg+xml"
        }

    def test_text_is_inert(self) -> None:
        """Control characters in the text form show as codes."""
        assert (
            Card("Bo\x1b[2J\r")
            ._repr_mimebundle_()["text/plain"]
            .startswith("Card of Bo[U+001B][2J[U+000D]")
        )

    def test_never_raises(self) -> None:
        """Failing hooks drop their forms; the text says why, with the repr."""
        bundle = Broken()._repr_mimebundle_()
        assert list(bundle) == ["text/plain"]
        assert bundle["text/plain"] == (
            "<Card Ana> (cannot display: RuntimeError: no text today)\n"
            "(no HTML view: ValueError: no html[U+001B][31m)\n"
            "(no SVG view: OSError: no svg)"
        )

    def test_even_a_failing_repr(self) -> None:
        """An object whose repr fails still gets a text form."""

        class Worse(Broken):
            def __repr__(self) -> str:
                raise RuntimeError("no repr")

        assert Worse()._repr_mimebundle_(include=["text/plain"]) == {
            "text/plain": "<Worse> (cannot display: RuntimeError: no text today)"
        }

    def test_warnings_go_into_the_text(self) -> None:
        """A warning raised while displaying is shown in the text, not raised."""

        class Warns(Card):
            def _html(self) -> str:
                warnings.warn("label cut for display", UserWarning, stacklevel=1)
                return "<i/>"

        with warnings.catch_warnings():
            warnings.simplefilter("error")
            bundle = Warns()._repr_mimebundle_()
        assert bundle["text/html"] == "<i/>"
        assert bundle["text/plain"].endswith("(warning: label cut for display)")

    def test_plain_objects(self) -> None:
        """mimebundle works for an object without hooks: its str as text."""
        assert mimebundle(3) == {"text/plain": "3"}


class TestViewers:
    def test_registered_viewer_shows_the_object(self, viewers: None) -> None:
        """A class with a viewer shows as what the viewer returns, subclasses too."""
        module = types.ModuleType("fake_viewers")
        module.as_card = lambda obj: Card(f"view of {obj.value}")  # type: ignore[attr-defined]
        sys.modules["fake_viewers"] = module
        try:

            class Model(NotebookDisplay):
                value = "x"

            class SubModel(Model):
                value = "y"

            register_viewer(f"{__name__}.{Model.__qualname__}", "fake_viewers:as_card")
            assert SubModel()._repr_mimebundle_()["text/html"] == "<b>view of y</b>"
            assert viewer_for(Model()) is module.as_card
            assert viewer_for(Card()) is None
        finally:
            del sys.modules["fake_viewers"]

    def test_failing_viewer_falls_back_to_text(self, viewers: None) -> None:
        """A viewer that cannot be imported gives the repr and the reason."""

        class Model(NotebookDisplay):
            def __repr__(self) -> str:
                return "<Model>"

        register_viewer(f"{__name__}.{Model.__qualname__}", "no_such_module_here:draw")
        bundle = Model()._repr_mimebundle_()
        assert list(bundle) == ["text/plain"]
        assert bundle["text/plain"].startswith("<Model>\n(view unavailable: ModuleNotFoundError")
        assert Model()._repr_mimebundle_(exclude=["text/plain"]) == {}

    def test_viewer_must_name_a_function(self) -> None:
        """A viewer without ``module:function`` is refused."""
        with pytest.raises(ValueError, match="module:function"):
            register_viewer("x.Y", "module.function")
