"""Small, safe, hand-written SVG for the metrics pictures (private).

Glossary:
    layer pyramid: one centred horizontal bar per layer of the org, as wide as the
        number of positions on that layer; managers are drawn solid and individual
        contributors (ICs) hatched, and every bar is also labelled in words.
    band histogram: one vertical bar per span band, as tall as the share of managers
        whose span falls in that band.

Safety: every string that may come from user data goes through :func:`escape` (the
display layer's HTML escaper, for text and attribute values). The output has no
script, no event handler, no link and no external reference; the only reference is to a
hatch pattern defined in the same document (``url(#...)``). Numbers are written with a
fixed format, so the same input gives the same bytes. A ``viewBox`` lets the picture scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, NamedTuple

from orgshape._display import count, html_text, percent

__all__ = ["BarSpec", "LayerSpec", "band_histogram", "escape", "layer_pyramid"]

_FONT: Final = "sans-serif"
_INK: Final = "#1f2933"
_MUTED: Final = "#52606d"
_FILL: Final = "#2f5d8a"
_HATCH_ID: Final = "orgshape-ic-hatch"
_CHAR_W: Final = 7.0  # a generous width of one character at 12px, to size columns


def escape(text: object) -> str:
    r"""Return ``text`` as a string safe in SVG text and in quoted attribute values.

    The display layer's HTML escaper: the visible form (control and bidi characters as
    ``[U+XXXX]``, so the document always parses and nothing reorders the labels), then
    ``& < > " '`` as entities.

    Examples:
        >>> escape('<b onclick="x">O\'Neill & co</b>\x01')
        '&lt;b onclick=&quot;x&quot;&gt;O&#x27;Neill &amp; co&lt;/b&gt;[U+0001]'
    """
    return html_text(str(text))


def _num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros (deterministic)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attributes(attributes: dict[str, str | float]) -> str:
    return "".join(
        f' {key}="{_num(value) if isinstance(value, int | float) else escape(value)}"'
        for key, value in attributes.items()
    )


class _Canvas:
    """Collects SVG elements; tag and attribute names come from this module only."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def element(self, tag: str, attributes: dict[str, str | float], text: str | None) -> None:
        rendered = _attributes(attributes)
        if text is None:
            self.parts.append(f"<{tag}{rendered}/>")
        else:
            self.parts.append(f"<{tag}{rendered}>{escape(text)}</{tag}>")

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        anchor: str = "start",
        size: int = 12,
        bold: bool = False,
        muted: bool = False,
    ) -> None:
        attributes: dict[str, str | float] = {"x": x, "y": y, "font-size": size}
        if anchor != "start":
            attributes["text-anchor"] = anchor
        if bold:
            attributes["font-weight"] = "bold"
        attributes["fill"] = _MUTED if muted else _INK
        self.element("text", attributes, content)

    def rect(
        self, x: float, y: float, width: float, height: float, *, fill: str, tooltip: str
    ) -> None:
        attributes: dict[str, str | float] = {
            "x": x,
            "y": y,
            "width": width,
            "height": height,
            "fill": fill,
            "stroke": _FILL,
            "stroke-width": 1,
        }
        self.parts.append(f"<rect{_attributes(attributes)}><title>{escape(tooltip)}</title></rect>")

    def document(self, width: float, height: float, title: str) -> str:
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(width)} {_num(height)}"'
            f' width="{_num(width)}" height="{_num(height)}" role="img"'
            f' font-family="{_FONT}">'
            f"<title>{escape(title)}</title>"
            f'<defs><pattern id="{_HATCH_ID}" width="6" height="6"'
            ' patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<rect width="6" height="6" fill="#ffffff"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{_FILL}" stroke-width="2"/>'
            "</pattern></defs>"
            f'<rect width="{_num(width)}" height="{_num(height)}" fill="#ffffff"/>'
        )
        return head + "".join(self.parts) + "</svg>\n"


# --------------------------------------------------------------------------- pyramid


class LayerSpec(NamedTuple):
    """One bar of the pyramid: a layer (or a run of layers) and its counts."""

    label: str
    managers: int
    individual_contributors: int

    @property
    def positions(self) -> int:
        """Managers plus ICs."""
        return self.managers + self.individual_contributors


def layer_pyramid(title: str, layers: Sequence[LayerSpec]) -> str:
    """The layer pyramid as an SVG document (see the module glossary)."""
    canvas = _Canvas()
    words_of = [
        f"{count(layer.positions, 'position')}: {count(layer.managers, 'manager')}, "
        f"{count(layer.individual_contributors, 'IC')}"
        for layer in layers
    ]
    label_w = max([90.0] + [_CHAR_W * len(layer.label) + 24 for layer in layers])
    bar_w, gap, row_h, bar_h, top = 360.0, 16.0, 26.0, 18.0, 40.0
    width = label_w + bar_w + gap + max([260.0] + [_CHAR_W * len(w) + 12 for w in words_of])
    centre = label_w + bar_w / 2
    canvas.text(12, 22, title, size=14, bold=True)
    widest = max((layer.positions for layer in layers), default=0)
    y = top
    for layer, words in zip(layers, words_of, strict=True):
        total = layer.positions
        canvas.text(label_w - 10, y + 13, layer.label, anchor="end")
        if total:
            scale = bar_w / widest
            w_all = max(total * scale, 2.0)
            w_managers = w_all * layer.managers / total
            x0 = centre - w_all / 2
            if layer.managers:
                canvas.rect(x0, y, w_managers, bar_h, fill=_FILL, tooltip=f"{layer.label}: {words}")
            if layer.individual_contributors:
                canvas.rect(
                    x0 + w_managers,
                    y,
                    w_all - w_managers,
                    bar_h,
                    fill=f"url(#{_HATCH_ID})",
                    tooltip=f"{layer.label}: {words}",
                )
        canvas.text(label_w + bar_w + gap, y + 13, words, muted=True)
        y += row_h
    if not layers:
        canvas.text(12, y + 13, "No positions", muted=True)
        y += row_h
    # legend: pattern and words, not colour alone
    y += 8
    canvas.rect(12, y, 18, 12, fill=_FILL, tooltip="managers (solid)")
    canvas.text(36, y + 11, "managers (solid)")
    canvas.rect(170, y, 18, 12, fill=f"url(#{_HATCH_ID})", tooltip="ICs (hatched)")
    canvas.text(194, y + 11, "individual contributors (hatched)")
    return canvas.document(width, y + 28, title)


# --------------------------------------------------------------------------- histogram


class BarSpec(NamedTuple):
    """One bar of the band histogram."""

    label: str
    range_label: str
    managers: int
    share: float


def band_histogram(title: str, bars: Sequence[BarSpec]) -> str:
    """The share of managers per span band as an SVG document."""
    canvas = _Canvas()
    longest = max((max(len(bar.label), len(bar.range_label) + 5) for bar in bars), default=0)
    slot, bar_w, plot_h = max(110.0, _CHAR_W * longest + 20), 70.0, 200.0
    left, top = 20.0, 60.0
    width = max(left * 2 + slot * len(bars), 420.0)
    canvas.text(12, 22, title, size=14, bold=True)
    tallest = max((bar.share for bar in bars), default=0.0)
    base = top + plot_h
    canvas.element(
        "line",
        {"x1": left, "y1": base, "x2": width - left, "y2": base, "stroke": _MUTED},
        None,
    )
    for k, bar in enumerate(bars):
        x = left + k * slot + (slot - bar_w) / 2
        centre = x + bar_w / 2
        height = plot_h * bar.share / tallest if tallest else 0.0
        words = f"{bar.label} ({bar.range_label}): {count(bar.managers, 'manager')}, "
        words += percent(bar.share)
        if height:
            canvas.rect(x, base - height, bar_w, height, fill=_FILL, tooltip=words)
        canvas.text(
            centre,
            base - height - 6,
            f"{percent(bar.share)} ({bar.managers:,})",
            anchor="middle",
            size=11,
        )
        canvas.text(centre, base + 16, bar.label, anchor="middle")
        if bar.range_label != bar.label:
            canvas.text(
                centre, base + 31, f"span {bar.range_label}", anchor="middle", size=11, muted=True
            )
    if tallest == 0.0:
        canvas.text(left, top + plot_h / 2, "No managers", muted=True)
    return canvas.document(width, base + 44, title)
