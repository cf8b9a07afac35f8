"""The machinery behind :mod:`orgshape.cli`: the parser, the console, one module per command.

``orgshape.cli.main`` parses the arguments with the parser built in
:mod:`orgshape._cli._parser`, then imports only the module of the command that runs
(``_check``, ``_render``, ``_stats``, ``_diff``, ``_convert``, ``_demo``), so that
``orgshape check --help`` costs the parser and nothing else.
"""

__all__: list[str] = []
