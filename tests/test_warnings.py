"""orgshape's warnings point at the caller's line, however deep in orgshape they start."""

from __future__ import annotations

import warnings

import pytest

import orgshape
from orgshape import Org, Position
from orgshape._warnings import OrgShapeWarning, warn


def _long_name_org() -> Org:
    return Org([Position(id="1", name="N" * 60, title="Chief Product Officer")])


class TestCallersLine:
    def test_a_cut_label_names_this_file(self):
        """A label cut while a chart is drawn inside pipe() points at this test's line."""
        with pytest.warns(OrgShapeWarning, match="cut for display") as caught:
            orgshape.chart(_long_name_org()).pipe("svg")
        assert caught[0].filename == __file__

    def test_a_long_mermaid_chart_names_this_file(self, monkeypatch):
        """The Mermaid limits warn at the caller's line too."""
        monkeypatch.setattr("orgshape.render._mermaid.MERMAID_EDGES", 0)
        org = Org([Position(id="1", name="Ana"), Position(id="2", name="Bo", manager="1")])
        with pytest.warns(OrgShapeWarning, match="Mermaid") as caught:
            _ = orgshape.chart(org).mermaid
        assert {w.filename for w in caught} == {__file__}

    def test_warn_from_a_helper_outside_orgshape(self):
        """Called from outside the package, warn() names the line that called it."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            warn("shown differently")
        assert caught[0].filename == __file__
        assert caught[0].category is OrgShapeWarning
