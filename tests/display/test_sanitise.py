"""The SVG post-check: whatever produced an SVG, no script, handler or outside link remains."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from orgshape._display import sanitise_svg, svg_is_safe


class TestSanitiseSvg:
    def test_svg_sanitiser_drops_links_and_handlers(self) -> None:
        """The SVG post-check removes handlers, outside links and scripts."""
        dirty = (
            b'<svg><a xlink:href="https://evil.example" onclick="x()"><text>t</text></a>'
            b'<use href="#ok"/><script>alert(1)</script>'
            b'<foreignObject><div>x</div></foreignObject><g ONLOAD="y()"/></svg>'
        )
        clean = sanitise_svg(dirty)
        assert clean == b'<svg><a><text>t</text></a><use href="#ok"/><g/></svg>'
        assert svg_is_safe(clean)
        assert not svg_is_safe(dirty)

    def test_text_that_mentions_script_is_kept(self) -> None:
        """Escaped text about scripts is text, and stays as it is."""
        svg = b"<svg><text>&lt;script&gt; javascript: onload=</text></svg>"
        assert sanitise_svg(svg) == svg

    def test_removal_cannot_assemble_a_script(self) -> None:
        """Pieces around a removed element or handler never join into active content."""
        nested = b"<svg><scr<script>x</script>ipt>alert(1)</script></svg>"
        glued = b'<svg><g  o onclick="a"nload="b()"/></svg>'
        for dirty in (nested, glued):
            clean = sanitise_svg(dirty)
            assert b"<script" not in clean.lower()
            assert b" onload" not in clean.lower()
            assert svg_is_safe(clean)

    @given(st.text(alphabet="<>/=\"' aonscriptxlinkhrefjavascript:#", max_size=60))
    def test_sanitised_is_a_fixed_point(self, body: str) -> None:
        """Sanitising twice changes nothing more than sanitising once."""
        once = sanitise_svg(f"<svg>{body}</svg>".encode())
        assert sanitise_svg(once) == once
