"""The machinery behind :mod:`orgshape.strategies`; nothing in here is public.

One module per job, as in Hypothesis's ``strategies/_internal``:

* ``validation``: the argument checks the public strategies share;
* ``draws``: choices that shrink to their first option;
* ``words``: the names, products and staff titles generated orgs are made of;
* ``titles``: title spellings of a level, as ladders and HR systems write them;
* ``plan``: which tree shapes a policy allows, computed once per strategy;
* ``valid``: valid orgs, built top-down by attaching each person to a drawn manager;
* ``breaking``: one targeted mutation per built-in rule, applied to a valid org;
* ``messy``: HR-export-like tables with the traps real exports hold.
"""

__all__: list[str] = []
