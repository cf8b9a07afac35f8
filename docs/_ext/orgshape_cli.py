"""Sphinx extension: the ``orgshape-cli-reference`` directive.

It renders :func:`orgshape.cli.reference_markdown` (every command's ``--help``, taken
from the argument parser itself) in place, so the CLI reference page cannot drift from
the code. Register it in ``conf.py`` (``extensions = [..., "orgshape_cli"]``; the
``_ext`` folder is on ``sys.path``) and write, in a MyST page::

    ```{orgshape-cli-reference}
    :heading-level: 2
    ```
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.statemachine import StringList


class CliReference(Directive):
    """Insert the command-line reference, parsed as Markdown."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"heading-level": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        from orgshape.cli import reference_markdown  # noqa: PLC0415  (at build time)

        level = self.options.get("heading-level", 2)
        text = reference_markdown(heading_level=level)
        holder = nodes.section()
        holder.document = self.state.document
        lines = StringList(text.splitlines(), source="orgshape.cli.reference_markdown")
        self.state.nested_parse(lines, self.content_offset, holder, match_titles=True)
        return list(holder.children)


def setup(app: Any) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("orgshape-cli-reference", CliReference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
