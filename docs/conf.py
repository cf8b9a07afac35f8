"""Sphinx configuration for the orgshape docs (MyST Markdown, warnings are errors)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

from orgshape import __version__  # noqa: E402

project = "orgshape"
author = "orgshape developers"
copyright = "2026, orgshape developers"
version = release = __version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    # docs/_ext: the rule, CLI and API references and the pictures, from the code (committed,
    # so the pages read the same in the repository; tests/test_docs.py keeps them current)
    "orgshape_docs",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
# _generated: pictures and API directives written by orgshape_docs, not pages of their own.
exclude_patterns = ["_build", "_generated", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_typehints = "description"
# Types of the documented parameters only: attrs classes list their fields once, as
# variables, and undocumented keyword arguments stay in the signature.
autodoc_typehints_description_target = "documented_params"
autodoc_member_order = "bysource"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# "Attributes:" become fields of the class, not separate attribute entries that would
# clash with the ones autodoc finds on attrs classes (duplicate object descriptions).
napoleon_use_ivar = True
# Module docstrings open with a "Glossary:" of terms, written like an "Args:" section.
napoleon_custom_sections = [("Glossary", "params_style")]
nitpicky = False

html_theme = "furo"
html_title = f"orgshape {release}"
html_static_path = ["_static"]
