"""Hypothesis strategies for org designs: valid orgs, orgs that break one rule, messy tables.

Glossary:
    valid org: one tree of positions that a policy finds nothing wrong with: every
        built-in rule is silent (see :func:`orgs` for the exact promise).
    span of control: a manager's direct solid-line reports; assistants never count.
    layer: the distance from the top; the root is on layer 1.
    IC level: an individual-contributor level (PM): no reports of its own.
    vacancy: a seat with no name (an open role); orgshape reads a blank name (empty,
        or only whitespace) as one.
    dotted line: a secondary, non-solid manager; not part of the tree.
    mutation: the one targeted change :func:`orgs_breaking` makes to a valid org so
        that exactly one rule fires.
    messy table: rows as an HR export gives them, with duplicate ids, loops, unknown
        managers, odd titles, blanks and ``NA`` strings (:func:`messy_tables`).

These strategies follow Hypothesis's own API style: keyword-only arguments,
``min_size``/``max_size``, arguments checked when the strategy is made
(:class:`hypothesis.errors.InvalidArgument`), and examples that shrink well. Orgs are
built by design, never by filtering: each new person is attached to someone already
drawn, at a level, span and layer the policy allows, so a failing example shrinks to
a small, readable org (a CPO and two VPs, say).

Install them with ``pip install 'orgshape[testing]'``; ``import orgshape`` never
imports this module (nor Hypothesis). This package holds the public names, their
documentation and argument checks; the machinery is private, in ``_internal``.

Examples:
    >>> from hypothesis import find
    >>> from orgshape.strategies import orgs
    >>> org = find(orgs(), lambda org: len(org) >= 3)
    >>> [(p.id, p.title, p.manager) for p in org]
    [('P1', 'CPO', None), ('P2', 'VP Product', 'P1'), ('P3', 'VP Product', 'P1')]
"""

# No `from __future__ import annotations` here, and the types named in signatures are
# imported for type checkers only: every public name in this module is in __all__, and
# nothing else is (checked below, as Hypothesis's own strategies/__init__.py does).
import typing as _typing

from hypothesis.errors import InvalidArgument as _InvalidArgument

from orgshape.strategies._internal import breaking as _breaking
from orgshape.strategies._internal import messy as _messy
from orgshape.strategies._internal import titles as _titles
from orgshape.strategies._internal import valid as _valid
from orgshape.strategies._internal import validation as _validation

if _typing.TYPE_CHECKING:
    from typing import Any, Literal

    from hypothesis.strategies import SearchStrategy

    from orgshape._ladder import Ladder
    from orgshape._model import Org
    from orgshape.rules import Policy

__all__ = ["messy_tables", "orgs", "orgs_breaking", "titles"]


def orgs(
    *,
    min_size: int = 1,
    max_size: int = 50,
    ladder: "Ladder | None" = None,
    policy: "Policy | None" = None,
    vacancies: bool = True,
    assistants: bool = True,
    dotted_lines: bool = True,
    products: bool = True,
    experience: bool = True,
    names: "SearchStrategy[str] | None" = None,
) -> "SearchStrategy[Org]":
    """Well-formed product orgs that pass ``policy``: no built-in rule finds anything.

    Each org is one tree with the root at the policy's root level (the CPO), every
    report one to ``max_level_gap`` levels below their manager, spans within the
    policy's range for each level (and never exactly one), no reports under IC levels,
    no more layers than allowed, open roles only as leaves and never more than
    ``max_vacancy_share`` of a team, products owned by exactly one filled PM-level
    seat (every catalogue product included, Senior PMs with their ``min_products``),
    and years of experience below ``promotion_years`` for PMs and above it for Senior
    PMs. So ``validate(org, policy)`` has no finding from any built-in rule, whatever
    the policy's severities and selection, and the same holds for the org read back
    from a file :func:`orgshape.write` made. Two things are outside that promise: the
    policy's own custom rules (what you are testing), and ``UNUSED_EXEMPTION`` infos
    for exemptions in the policy (a valid org needs none).

    Hypothesis caps the choices one example may make, which puts orgs of more than
    about 300 positions out of reach; property tests rarely need more than the default
    ``max_size`` of 50 (a rule wrong on a large org is almost always wrong on a small
    one, and the shrinker finds that one).

    Args:
        min_size: the fewest positions.
        max_size: the most positions.
        ladder: the ladder (default: the policy's, else the product ladder).
        policy: the policy the orgs pass (default: ``Policy()``).
        vacancies: leave some seats open (``name`` None, with a ``req``).
        assistants: give some managers an executive assistant (outside span counts).
        dotted_lines: give some positions a dotted-line manager.
        products: give PM-level seats products (catalogue products are always owned).
        experience: fill in ``years_experience``.
        names: a strategy for people's names (default: unique readable names such as
            ``"Ana Lima"``); ids are always ``"P1"``, ``"P2"``... in row order, every
            manager before their reports. A blank name (empty, or only whitespace as
            ``str.strip`` sees it) or a vacancy marker (``TBH``, ``Vacant``, ``Open
            role``... in any case) is never used: orgshape reads it as an open role,
            so the seat would come back from a file as a vacancy; another name is
            drawn instead (a strategy that only makes blank names cannot make an org).
            Names lose outer whitespace, as orgshape strips it when reading. Every
            name it draws must be a string.

    Raises:
        InvalidArgument: a bad argument, or no org between ``min_size`` and
            ``max_size`` positions can pass the policy (the message says why); when
            drawing, a name from ``names`` that is not a string.

    Examples:
        >>> from hypothesis import find
        >>> from orgshape.rules import validate
        >>> org = find(orgs(min_size=8), lambda org: True)
        >>> validate(org).findings
        ()
        >>> orgs(min_size=2, max_size=2, assistants=False)
        Traceback (most recent call last):
        ...
        hypothesis.errors.InvalidArgument: no org of 2 to 2 positions passes the policy ...
    """
    min_size, max_size = _validation.check_size(min_size, max_size, least=1)
    features = _valid.Features(
        vacancies=_validation.check_flag("vacancies", vacancies),
        assistants=_validation.check_flag("assistants", assistants),
        dotted_lines=_validation.check_flag("dotted_lines", dotted_lines),
        products=_validation.check_flag("products", products),
        experience=_validation.check_flag("experience", experience),
    )
    _validation.check_strategy("names", names)
    chosen, checked = _validation.resolve(ladder, policy)
    return _valid.valid_orgs(
        chosen, checked, min_size=min_size, max_size=max_size, features=features, names=names
    )


def orgs_breaking(
    rule: str,
    *,
    min_size: int = 1,
    max_size: int = 50,
    ladder: "Ladder | None" = None,
    policy: "Policy | None" = None,
) -> "SearchStrategy[Org]":
    """Orgs that break exactly one built-in rule: a valid org plus one targeted mutation.

    The valid org comes from :func:`orgs` (with every feature on); the mutation adds a
    few positions, or changes the top, so that ``validate(org, policy)`` finds ``rule``
    (one or more findings) and no other built-in finding. The added positions sit
    where no other rule can judge them: usually below a chief of staff, an assistant
    of the root whose level is unknown, so that no level step or span is judged
    except the one the mutation breaks. Data problems that only a loader can find
    (``BAD_VALUE``, ``UNKNOWN_DOTTED_LINE``, ``AMBIGUOUS_MANAGER_REF``,
    ``MULTIPLE_MANAGERS``) are made by reading the org back through
    :func:`orgshape.read` (or :meth:`orgshape.Org.from_networkx`) with ``strict=False``.

    Three data problems cannot come alone, because the break implies others:
    ``UNREACHABLE`` also gives ``UNKNOWN_MANAGER`` (someone is cut off only below a
    broken line), ``NO_ROOT`` also gives ``UNKNOWN_MANAGER`` and ``UNREACHABLE`` (the
    CPO and another seat report to two people outside the file), and
    ``CREATED_FROM_EDGES`` also gives ``UNKNOWN_TITLE`` and ``WRONG_ROOT_LEVEL`` (the
    CPO, added from an edge list, is known by id only). ``UNUSED_EXEMPTION`` infos for the
    policy's exemptions may appear as with :func:`orgs`.

    Args:
        rule: a built-in rule's code (``"SPAN_ABOVE_RANGE"``) or name
            (``"span-above-range"``).
        min_size: the fewest positions, mutation included.
        max_size: the most positions, mutation included.
        ladder: the ladder (default: the policy's, else the product ladder).
        policy: the policy to break (default: ``Policy()``).

    Raises:
        InvalidArgument: a bad argument; a rule that is not built in, or that the
            policy does not run; a data problem that stops a load (``EMPTY_INPUT``,
            ``YAML_FORBIDDEN``...: no Org can hold it); or a rule that cannot be
            broken alone under this policy and size range (the message says why).

    Examples:
        >>> from hypothesis import find
        >>> from orgshape.rules import validate
        >>> org = find(orgs_breaking("one-over-one"), lambda org: True)
        >>> [f.code for f in validate(org)]
        ['ONE_OVER_ONE']
        >>> [(p.id, p.title, p.manager) for p in org]
        [('P1', 'CPO', None), ('X1', 'Chief of Staff', 'P1'), ('X2', 'Operations Analyst', 'X1')]
    """
    code = _validation.rule_code(rule)
    min_size, max_size = _validation.check_size(min_size, max_size, least=1)
    chosen, checked = _validation.resolve(ladder, policy)
    _validation.check_breakable(code, checked)
    return _breaking.breaking_orgs(code, chosen, checked, min_size=min_size, max_size=max_size)


def messy_tables(
    *,
    min_size: int = 1,
    max_size: int = 30,
    format: "Literal['records', 'csv']" = "records",
    ladder: "Ladder | None" = None,
    extra_columns: bool = True,
) -> "SearchStrategy[Any]":
    """Messy input tables, as HR exports are, for testing loaders and what follows them.

    A table has the columns ``id, name, title, manager_id`` (and, with
    ``extra_columns``, sometimes ``location`` and ``cost``) and between ``min_size``
    and ``max_size`` rows. Its cells hold what hand-edited exports hold: duplicate ids,
    blank ids, ``NA``/``null``/``nan`` strings, ids with surrounding whitespace,
    leading zeros (``007``), ``7.0``; managers that form loops, name the person
    themselves, name nobody (orphans) or are blank; names in any script (right-to-left,
    NFC and NFD pairs, emoji, zero-width and bidi characters, quotes and commas);
    titles in every spelling the ladder knows, unknown titles and junk; and for the
    extra columns spreadsheet formulas (``=1+1``) and amounts that are not numbers.

    More than half of the distinct manager references name a row's id, so a lenient
    read succeeds: ``orgshape.read(table, strict=False)`` (records) or
    ``orgshape.read(io.StringIO(table), format="csv", strict=False)`` (CSV) returns an
    org with one position per row (nobody dropped, nobody duplicated) and every data
    problem on ``org.problems``; a strict read raises :class:`orgshape.DataError`
    listing them all.

    Args:
        min_size: the fewest rows (at least 1: an empty table cannot be read at all).
        max_size: the most rows.
        format: ``"records"``, a list of dicts (``None`` is a missing cell, as JSON
            ``null``), or ``"csv"``, the text of a CSV file (with a byte-order mark
            and ``\\r\\n`` line endings sometimes, cells quoted where needed).
        ladder: the ladder whose title spellings the tables use (default: the
            product ladder).
        extra_columns: sometimes add the ``location`` and ``cost`` columns.

    Raises:
        InvalidArgument: a bad argument.

    Examples:
        >>> from hypothesis import find
        >>> from hypothesis import given, settings
        >>> from orgshape import read
        >>> @settings(max_examples=20)
        ... @given(messy_tables())
        ... def test_a_lenient_read_keeps_every_row(rows):
        ...     assert len(read(rows, strict=False)) == len(rows)
        >>> test_a_lenient_read_keeps_every_row()
    """
    min_size, max_size = _validation.check_size(min_size, max_size, least=1)
    chosen_format = _validation.check_choice("format", format, ("records", "csv"))
    chosen = _validation.check_ladder(ladder)
    extra = _validation.check_flag("extra_columns", extra_columns)
    return _messy.messy(min_size, max_size, chosen, chosen_format, extra)


def titles(level: "str | None" = None, *, ladder: "Ladder | None" = None) -> "SearchStrategy[str]":
    """Job titles that the ladder maps to ``level`` (any level when None).

    The titles are the ladder's own spellings and the variants HR systems write:
    abbreviations (``Sr.``, ``Mgr``), upper or lower case, grades (``II``, ``Level 3``)
    and qualifiers (``, Payments``, ``- Growth``, ``(EMEA)``). Each one maps back to
    the level: ``ladder.level_of(title) == level`` always holds. Examples shrink to
    the level's first plain spelling.

    Args:
        level: a level name on the ladder; None draws a level too.
        ladder: the ladder (default: the product ladder).

    Raises:
        InvalidArgument: ``level`` is not on the ladder, or ``ladder`` is not a Ladder.

    Examples:
        >>> from hypothesis import find
        >>> find(titles("SENIOR_PM"), lambda t: True)
        'Senior PM'
        >>> find(titles("SENIOR_PM"), lambda t: t.startswith("Sr."))
        'Sr. PM'
    """
    chosen = _validation.check_ladder(ladder)
    if level is not None and level not in chosen:
        raise _InvalidArgument(f"level={level!r} is not on the ladder (known: {chosen.names})")
    return _titles.titles_of(chosen, level)


def _check_exports(public: set[str]) -> None:
    assert set(__all__) == public, (set(__all__) - public, public - set(__all__))


_check_exports({name for name in dir() if name[0] not in "_@"})
del _check_exports
