"""Levels and the ladder: how raw HR job titles map to levels.

Glossary:
    level
        One rung of the career ladder, such as ``SENIOR_PM``. It has an identifier
        (``name``), a human ``label``, the job-title spellings that mean it, and a
        ``function`` (the track it belongs to: ``product``, ``design``, ...).
    ladder
        The ordered levels of an organisation, top to bottom, plus extra title
        *aliases*. orgshape's default is the product ladder below.
    rank
        A level's seniority as a number, ``0`` at the top. By default it is the
        level's position on the ladder; an explicit rank lets a level of another
        track sit level with a product level (a product designer beside a PM).
    IC level
        An *individual contributor* level (``PM`` by default): people at that level
        are not expected to have reports.

The default ladder, top to bottom (managers first, then the individual contributors
of the same seniority; each level with where it comes from):

================  =====================================  =================================
level             typical titles                         role and source
================  =====================================  =================================
CPO               Chief Product Officer, CPTO            owns the whole product side; the
                                                         root (the project's brief)
VP                VP of Product, SVP Product             oversees product lines (brief)
HEAD              Head of Product                        leads a product area (brief)
SENIOR_DIRECTOR   Senior Director of Product             leads Directors; GitLab's
                                                         "Senior Director of Product
                                                         Management", above Director [1]
DIRECTOR          Director of Product                    leads a group of PMs and Group
                                                         PMs; "typically manages 4-6
                                                         direct reports" [1]
GROUP_PM          Group PM, Lead PM, Group Manager,      a people manager of PMs:
                  Product                                "typically manages 2-4 Product
                                                         Managers" [1]; "oversees multiple
                                                         PMs" [2]
PRINCIPAL_PM      Principal PM, Staff PM                 a senior *individual
                  (IC)                                   contributor*: the IC track beside
                                                         Group PM [2, 3]
SENIOR_PM         Senior PM                              a portfolio of products; may lead
                                                         PMs (brief)
PM                Product Manager (IC)                   owns one product or area (brief)
PRODUCT_OWNER     Product Owner (IC)                     the one person "accountable for
                                                         maximizing the value of the
                                                         product" of a Scrum team [4]
ASSOCIATE_PM      Associate PM, APM, Junior PM (IC)      the entry level, "often via
                                                         rotational or graduate
                                                         programs" [2]
================  =====================================  =================================

Sources:

- [1] GitLab handbook, job family "Product Management - Leadership" (CC BY-SA 4.0).
- [2] Product-Led Alliance, "A product manager career path guide" (career ladder
  snapshot: APM, PM, Senior PM, Lead / Group PM, Director, VP, CPO).
- [3] Product Release Notes, "How to advance in the Product Management career path"
  (Principal PM vs PM Lead: the IC and the management track).
- [4] Schwaber and Sutherland, The Scrum Guide (2020): "The Product Owner is one
  person, not a committee."

The ladder never guesses. A title maps to a level only when, after normalisation and
the decorations below are set aside, it is *exactly* one of the spellings the ladder
knows (every level's ``titles`` and ``label``, and the ladder's ``aliases``); anything
else maps to ``None`` and is reported as unknown elsewhere. "Product Marketing
Manager", "Director of Engineering", "Product Lead" and "Head of Product Design"
therefore stay unknown on the default ladder: words are never matched as a substring
of a title. A level's ``name`` is an identifier, not a spelling: a bare "Director" or
"VP" spelling would let "Director, Engineering" match once its qualifier is cut (see
below).

Title normalisation, in order:

==  ==============================================  ==========================================
#   step                                            example
==  ==============================================  ==========================================
1   Unicode NFKC, then casefold                     ``ＰＭ`` → ``pm``
2   punctuation ``, . - – — / & ( ) _`` and any     ``Sr. Director, Product`` →
    other non-alphanumeric character → space        ``sr director product``
3   abbreviations: ``sr``/``snr`` → ``senior``,     ``Snr PM`` → ``senior product manager``
    ``jr`` → ``junior``, ``mgr`` → ``manager``,
    ``mgmt`` → ``management``, ``dir`` →
    ``director``, ``pm`` → ``product manager``,
    ``products`` → ``product``
4   filler words ``of``, ``the``, ``and`` dropped   ``Head of Product`` → ``head product``
5   vice presidents: ``vice president`` → ``vp``;   ``Senior Vice President, Product`` →
    ``svp``, ``evp``, ``senior vp`` and             ``vp product``
    ``executive vp`` → ``vp`` (senior and
    executive VPs are VP-level); ``co founder``
    → ``cofounder``, ``e commerce`` →
    ``ecommerce``
6   ``product management`` → ``product``, except    ``VP Product Management`` → ``vp
    next to ``manager``                             product``; ``Manager, Product
                                                    Management`` keeps both words
7   a trailing grade I, II, 1, 2 or ``level 1/2``   ``Product Manager II`` →
    is dropped; higher grades stay (grade III is    ``product manager``
    a Senior PM at some firms)
==  ==============================================  ==========================================

Decorations set aside when the whole key is not a known spelling (each documented with
the words it knows, nothing else is ever dropped):

- a tenure prefix: ``Acting``, ``Interim``, ``Founding``, ``Founder``, ``Co-founder``,
  ``Fractional``, ``Contract``, ``Contractor``, ``Freelance``, ``Temporary``, and a
  trailing founder role ("Chief Product Officer & Co-Founder");
- a seniority written last, as HR systems sort titles: ``Senior``, ``Principal``,
  ``Staff``, ``Junior`` ("Product Manager, Senior" is a Senior PM);
- a kind of product right before the word "product": ``Technical``, ``Digital``,
  ``Software``, ``Mobile``, ``Web``, ``Platform``, ``API``, ``Data``, ``AI``, ``ML``,
  ``Hardware``, ``Clinical``, ``E-commerce``, ``B2B``, ``B2C``, ``SaaS``, ``Agile``,
  ``Scrum`` ("Senior Technical Product Manager" is a Senior PM);
- an area written without a separator after a whole spelling ("Senior Product Manager
  Payments", "Director of Product Growth"), unless the rest holds a word that makes
  it a role or a function of its own (design, marketing, operations, engineering,
  analytics, strategy, intern, lead, owner, manager, a grade ..., so "Head of Product
  Design" and "Product Manager Intern" stay unknown).

If the title still matches nothing, it is cut before its last *qualifier separator*
(``,``, ``(``, ``[``, a spaced ``-`` ``|`` or ``/``, or an en or em dash) and the part
before it is tried again, repeatedly. So "Senior Product Manager, Payments", "Head of
Product - Payments" and "Chief Product Officer (CPO)" match, while the part that is
matched is still always a whole spelling. A qualifier cut off must not contradict the
match: one that is a function ("Product Manager, Marketing") or another level's title
("Product Manager / Product Owner") leaves the title unknown.

Two spellings of *different* levels that normalise to the same key make the
ladder ambiguous, which is an error when the ladder is built. A consequence of
step 7: grades I and II cannot tell levels apart ("Product Manager I" and "Product
Manager II" are both ``product manager``); give "Product Manager III" a level with
an alias when your firm's grade III is a Senior PM.
"""

from __future__ import annotations

import difflib
import re
import types
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Final

import attrs

from orgshape.exceptions import PolicyError, UnknownLevelError

__all__ = ["DEFAULT_LADDER", "Ladder", "Level", "normalise_title"]

# ---------------------------------------------------------------- normalisation

_NON_WORD: Final = re.compile(r"[\W_]+")
_ABBREVIATIONS: Final[Mapping[str, str]] = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "mgr": "manager",
    "mgmt": "management",
    "dir": "director",
    "pm": "product manager",
    "svp": "vp",
    "evp": "vp",
    "products": "product",
}
# Applied to the space-padded, space-joined words, in order.
_PHRASES: Final[tuple[tuple[str, str], ...]] = (
    (" vice president ", " vp "),
    (" senior vp ", " vp "),
    (" executive vp ", " vp "),
    (" co founder ", " cofounder "),
    (" e commerce ", " ecommerce "),
)
_FILLERS: Final = frozenset({"of", "the", "and"})
# Grades a level may carry without changing it; higher grades (III, 3, ...) stay in the
# key, because at many firms they are the next level up.
_LOW_GRADES: Final = frozenset({"i", "ii", "1", "2"})
# Where a qualifier such as a team or domain starts: "Senior PM, Payments".
_QUALIFIER: Final = re.compile(r",|\(|\[|\s[-|/]\s|[–—]")


def _collapse_management(words: list[str]) -> list[str]:
    """Drop "management" after "product", unless "manager" is next to the phrase."""
    out: list[str] = []
    for k, word in enumerate(words):
        if (
            word == "management"
            and out
            and out[-1] == "product"
            and not (len(out) > 1 and out[-2] == "manager")
            and not (k + 1 < len(words) and words[k + 1] == "manager")
        ):
            continue
        out.append(word)
    return out


def normalise_title(title: str) -> str:
    """Return the key a job title is matched by (see the table in this module's docs).

    Args:
        title: a raw job title.

    Returns:
        The normalised words joined by single spaces; ``""`` when nothing is left.

    Examples:
        >>> normalise_title("Sr. PM")
        'senior product manager'
        >>> normalise_title("Vice President of Product Management")
        'vp product'
        >>> normalise_title("Product Manager - Level 2")
        'product manager'
        >>> normalise_title("Product Manager III")
        'product manager iii'
        >>> normalise_title("Manager, Product Management")
        'manager product management'
    """
    text = _NON_WORD.sub(" ", unicodedata.normalize("NFKC", title).casefold())
    words = [_ABBREVIATIONS.get(word, word) for word in text.split()]
    joined = f" {' '.join(word for word in words if word not in _FILLERS)} "
    for phrase, replacement in _PHRASES:
        joined = joined.replace(phrase, replacement)
    words = _collapse_management(joined.split())
    while words and words[-1] in _LOW_GRADES:
        del words[-1]
        if words and words[-1] == "level":
            del words[-1]
    return " ".join(words)


# ---------------------------------------------------------------- decorations

# Words before a title that qualify the person's tenure, not the level:
# "Acting Head of Product", "Founding PM", "Co-founder & CPO".
_TENURE: Final = frozenset(
    {
        "acting",
        "interim",
        "founding",
        "founder",
        "cofounder",
        "fractional",
        "contract",
        "contractor",
        "freelance",
        "temporary",
    }
)
# Words after a title that name a second, non-level role: "CPO & Co-founder".
_TRAILING_TENURE: Final = frozenset({"founder", "cofounder"})
# Seniority written after the role, as HR systems sort titles: "Product Manager, Senior".
_INVERTED: Final = frozenset({"senior", "principal", "staff", "junior"})
# Words naming the kind of product right before the word "product": "Technical Product
# Manager", "Senior Mobile Product Manager". They never change the level.
_PRODUCT_KINDS: Final = frozenset(
    {
        "agile",
        "ai",
        "api",
        "b2b",
        "b2c",
        "clinical",
        "data",
        "digital",
        "ecommerce",
        "hardware",
        "ml",
        "mobile",
        "platform",
        "saas",
        "scrum",
        "software",
        "technical",
        "web",
    }
)
# Words that make a bare suffix a role or a function of its own ("Head of Product
# *Design*", "Product Manager *Intern*", "VP Product *Marketing*") rather than the area
# of a level ("Director of Product *Growth*").
_NOT_AN_AREA: Final = frozenset(
    {
        "accountant",
        "administrator",
        "analyst",
        "analytics",
        "apprentice",
        "architect",
        "assistant",
        "associate",
        "chief",
        "consultant",
        "coordinator",
        "deputy",
        "design",
        "designer",
        "developer",
        "development",
        "director",
        "engineer",
        "engineering",
        "evangelist",
        "executive",
        "group",
        "head",
        "intern",
        "internship",
        "junior",
        "lead",
        "leader",
        "management",
        "manager",
        "marketer",
        "marketing",
        "officer",
        "operations",
        "ops",
        "owner",
        "partner",
        "president",
        "principal",
        "product",
        "program",
        "programme",
        "project",
        "qa",
        "quality",
        "representative",
        "research",
        "researcher",
        "safety",
        "sales",
        "science",
        "scientist",
        "senior",
        "specialist",
        "staff",
        "strategist",
        "strategy",
        "support",
        "trainee",
        "trainer",
        "ux",
        "ui",
        "vp",
    }
)
# A qualifier after a separator that makes the title another function's, or no level:
# "Product Manager, Marketing" (a PM of marketing tools, or a product marketer).
_FUNCTION_QUALIFIERS: Final = frozenset(
    {
        "apprentice",
        "design",
        "engineering",
        "intern",
        "internship",
        "marketing",
        "operations",
        "ops",
        "sales",
        "support",
        "trainee",
    }
)
_ROMAN: Final = re.compile(r"[ivx]+")


def _is_grade(word: str) -> bool:
    return word.isdigit() or bool(_ROMAN.fullmatch(word))


def _undecorated(words: list[str]) -> list[str]:
    """The words without tenure prefixes, an inverted seniority and kinds of product."""
    start, end = 0, len(words)
    while start < end and words[start] in _TENURE:
        start += 1
    while end > start and words[end - 1] in _TRAILING_TENURE:
        end -= 1
    core = words[start:end]
    if len(core) > 1 and core[-1] in _INVERTED:
        core = [core[-1], *core[:-1]]
    kept: list[str] = []
    for word in reversed(core):
        if word in _PRODUCT_KINDS and kept and kept[-1] == "product":
            continue  # right to left, so "Mobile Platform Product Manager" loses both
        kept.append(word)
    kept.reverse()
    return kept


# ---------------------------------------------------------------- errors


def _known(names: Iterable[str]) -> str:
    return ", ".join(names)


def _did_you_mean(word: object, choices: Iterable[str]) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _unknown_level(name: object, known: tuple[str, ...]) -> UnknownLevelError:
    return UnknownLevelError(
        f"unknown level {name!r} (known: {_known(known)}){_did_you_mean(name, known)}"
    )


# ---------------------------------------------------------------- Level

_NAME: Final = re.compile(r"[A-Z][A-Z0-9_]*")
_FUNCTION: Final = re.compile(r"[a-z][a-z0-9_]*")


def _as_titles(titles: Iterable[str]) -> tuple[str, ...]:
    if isinstance(titles, str):
        raise PolicyError(f"titles must be a sequence of strings, not the string {titles!r}")
    return tuple(titles)


@attrs.frozen(kw_only=True)
class Level:
    """One rung of a :class:`Ladder`.

    Attributes:
        name: identifier in UPPER_SNAKE case, such as ``"SENIOR_PM"``.
        label: human label, such as ``"Senior PM"``; also a title spelling.
        titles: title spellings that map to this level, matched after normalisation.
        individual_contributor: ``True`` for an IC level such as ``PM``.
        rank: seniority, ``0`` at the top; ``None`` means the level's index on its ladder.
        function: the track the level belongs to (``"product"``, ``"design"``, ...).

    Raises:
        PolicyError: a field has a bad value (the message names it).

    Examples:
        >>> Level(name="GROUP_PM", label="Group PM", titles=("Group Product Manager", "GPM"))
        Level(name='GROUP_PM', label='Group PM', titles=('Group Product Manager', 'GPM'), \
individual_contributor=False, rank=None, function='product')
        >>> Level(name="group pm", label="Group PM")
        Traceback (most recent call last):
        ...
        orgshape.exceptions.PolicyError: level name 'group pm' must be UPPER_SNAKE ...
    """

    name: str
    label: str
    titles: tuple[str, ...] = attrs.field(default=(), converter=_as_titles)
    individual_contributor: bool = False
    rank: int | None = None
    function: str = "product"

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME.fullmatch(self.name):
            raise PolicyError(
                f"level name {self.name!r} must be UPPER_SNAKE (letters, digits and _, "
                "starting with a letter), e.g. 'SENIOR_PM'"
            )
        where = f"level {self.name}"
        if not isinstance(self.label, str) or not normalise_title(self.label):
            raise PolicyError(f"label of {where} must be a non-empty string, got {self.label!r}")
        for title in self.titles:
            if not isinstance(title, str) or not normalise_title(title):
                raise PolicyError(
                    f"title {title!r} of {where} must be a string with at least one word"
                )
        if not isinstance(self.individual_contributor, bool):
            raise PolicyError(
                f"individual_contributor of {where} must be true or false, "
                f"got {self.individual_contributor!r}"
            )
        if self.rank is not None and (
            not isinstance(self.rank, int) or isinstance(self.rank, bool) or self.rank < 0
        ):
            raise PolicyError(f"rank of {where} must be an integer >= 0, got {self.rank!r}")
        if not isinstance(self.function, str) or not _FUNCTION.fullmatch(self.function):
            raise PolicyError(
                f"function of {where} must be lower_snake (e.g. 'product', 'design', "
                f"'product_ops'), got {self.function!r}"
            )


# ---------------------------------------------------------------- Ladder


def _as_levels(levels: Iterable[Level]) -> tuple[Level, ...]:
    return tuple(levels)


def _freeze_aliases(aliases: Mapping[str, str]) -> Mapping[str, str]:
    return types.MappingProxyType(dict(aliases))


def _aliases_repr(aliases: Mapping[str, str]) -> str:
    return repr(dict(aliases))


_CACHE_SIZE: Final = 1 << 16


@attrs.frozen
class Ladder:
    """The ordered levels of an organisation, and how job titles map to them.

    A ladder is immutable; ``with_levels`` and ``with_aliases`` return new ladders.

    Attributes:
        levels: the levels, top to bottom; names are unique.
        aliases: extra title spellings, each mapped to a level name.

    Raises:
        PolicyError: two levels share a name, the ladder is empty, or two spellings of
            different levels normalise to the same key.
        UnknownLevelError: an alias names a level that is not on the ladder.

    Examples:
        >>> ladder = Ladder.default()
        >>> ladder.names
        ('CPO', 'VP', 'HEAD', 'SENIOR_DIRECTOR', 'DIRECTOR', 'GROUP_PM', 'PRINCIPAL_PM', \
'SENIOR_PM', 'PM', 'PRODUCT_OWNER', 'ASSOCIATE_PM')
        >>> ladder.level_of("Sr. PM"), ladder.level_of("Product Manager, Senior")
        ('SENIOR_PM', 'SENIOR_PM')
        >>> ladder.level_of("Interim Group Product Manager, Identity")
        'GROUP_PM'
        >>> ladder.level_of("Product Marketing Manager") is None
        True
        >>> ladder["Sr Mgr"]
        Traceback (most recent call last):
        ...
        orgshape.exceptions.UnknownLevelError: unknown level 'Sr Mgr' \
(known: CPO, VP, HEAD, SENIOR_DIRECTOR, DIRECTOR, GROUP_PM, PRINCIPAL_PM, SENIOR_PM, PM, \
PRODUCT_OWNER, ASSOCIATE_PM)
    """

    levels: tuple[Level, ...] = attrs.field(converter=_as_levels)
    aliases: Mapping[str, str] = attrs.field(
        factory=dict, converter=_freeze_aliases, repr=_aliases_repr, hash=False
    )
    _by_name: dict[str, int] = attrs.field(init=False, repr=False, eq=False)
    _index: dict[str, str] = attrs.field(init=False, repr=False, eq=False)
    _cache: dict[str, str | None] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not self.levels:
            raise PolicyError("a ladder needs at least one level")
        by_name: dict[str, int] = {}
        for position, level in enumerate(self.levels):
            if not isinstance(level, Level):
                raise PolicyError(f"ladder levels must be Level objects, got {level!r}")
            if level.name in by_name:
                raise PolicyError(f"duplicate level {level.name!r} on the ladder")
            by_name[level.name] = position
        object.__setattr__(self, "_by_name", by_name)

        # key -> (level name, spelling it came from), to name both sides of a clash.
        index: dict[str, tuple[str, str]] = {}

        def add(spelling: str, level: str, what: str) -> None:
            key = normalise_title(spelling)
            if not key:
                raise PolicyError(f"{what} {spelling!r} has no words to match")
            other = index.setdefault(key, (level, f"{what} {spelling!r}"))
            if other[0] != level:
                raise PolicyError(
                    f"{what} {spelling!r} of level {level} and {other[1]} of level "
                    f"{other[0]} both normalise to {key!r}; a title must map to one level"
                )

        for level in self.levels:
            add(level.label, level.name, "label")
            for title in level.titles:
                add(title, level.name, "title")
        for alias, name in self.aliases.items():
            if not isinstance(alias, str) or not isinstance(name, str):
                raise PolicyError(f"aliases map titles to level names, got {alias!r}: {name!r}")
            if name not in by_name:
                raise _unknown_level(name, self.names)
            add(alias, name, "alias")
        object.__setattr__(self, "_index", {key: level for key, (level, _) in index.items()})
        object.__setattr__(self, "_cache", {})

    # ------------------------------------------------------------ queries

    @property
    def names(self) -> tuple[str, ...]:
        """The level names, top to bottom.

        Examples:
            >>> Ladder.default().names[-1]
            'ASSOCIATE_PM'
        """
        return tuple(level.name for level in self.levels)

    def __getitem__(self, name: str) -> Level:
        """Return the level called *name*.

        Raises:
            UnknownLevelError: no level has that name (the message lists the known ones).

        Examples:
            >>> Ladder.default()["PM"].label
            'PM'
        """
        try:
            return self.levels[self._by_name[name]]
        except (KeyError, TypeError):
            raise _unknown_level(name, self.names) from None

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Level):
            return item in self.levels
        return isinstance(item, str) and item in self._by_name

    def __iter__(self) -> Iterator[Level]:
        return iter(self.levels)

    def __len__(self) -> int:
        return len(self.levels)

    def rank(self, name: str) -> int:
        """Return the rank of level *name*: its explicit rank, else its index (0 = top).

        Raises:
            UnknownLevelError: no level has that name.

        Examples:
            >>> Ladder.default().rank("CPO"), Ladder.default().rank("PM")
            (0, 8)
        """
        level = self[name]
        return self._by_name[name] if level.rank is None else level.rank

    def is_individual_contributor(self, name: str) -> bool:
        """Return whether level *name* is an individual-contributor (IC) level.

        Raises:
            UnknownLevelError: no level has that name.

        Examples:
            >>> Ladder.default().is_individual_contributor("PM")
            True
            >>> Ladder.default().is_individual_contributor("SENIOR_PM")
            False
        """
        return self[name].individual_contributor

    def level_of(self, title: str | None) -> str | None:
        """Return the name of the level a job title maps to, or ``None``.

        ``None`` means unknown: an empty or missing title, or one that is not exactly
        a known spelling after normalisation (see the module docs). Results are
        memoised per ladder, so calling this once per row of a large table is cheap.

        Args:
            title: a raw job title, or ``None``.

        Raises:
            TypeError: *title* is neither a string nor ``None``.

        Examples:
            >>> ladder = Ladder.default()
            >>> ladder.level_of("Sr. PM")
            'SENIOR_PM'
            >>> ladder.level_of("VP, Product")
            'VP'
            >>> ladder.level_of("Senior Product Manager, Payments")
            'SENIOR_PM'
            >>> ladder.level_of("Director of Product Growth")
            'DIRECTOR'
            >>> ladder.level_of("Head of Product Design") is None
            True
            >>> ladder.level_of("Director of Engineering") is None
            True
        """
        if title is None:
            return None
        cache = self._cache
        try:
            return cache[title]
        except KeyError:
            pass
        if not isinstance(title, str):
            raise TypeError(f"a title must be a string or None, not {type(title).__name__}")
        found = self._match(title)
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        cache[title] = found
        return found

    def _match(self, title: str) -> str | None:
        removed: list[str] = []
        while True:
            found = self._resolve(normalise_title(title))
            if found is not None:
                return found if self._qualifiers_agree(found, removed) else None
            cuts = [match.start() for match in _QUALIFIER.finditer(title)]
            cuts = [cut for cut in cuts if cut > 0]
            if not cuts:
                return None
            removed.append(title[cuts[-1] :])
            title = title[: cuts[-1]]

    def _resolve(self, key: str) -> str | None:
        """The level of one normalised title without qualifiers, or None."""
        index = self._index
        found = index.get(key)
        if found is not None:
            return found
        words = _undecorated(key.split())
        found = index.get(" ".join(words))
        if found is not None:
            return found
        # An area written without a separator: "Senior Product Manager Payments".
        for end in range(len(words) - 1, 0, -1):
            if words[end] in _NOT_AN_AREA or _is_grade(words[end]):
                return None
            found = index.get(" ".join(words[:end]))
            if found is not None:
                return found
        return None

    def _qualifiers_agree(self, level: str, qualifiers: list[str]) -> bool:
        """False when a qualifier cut off names a function or a different level."""
        for qualifier in qualifiers:
            key = normalise_title(qualifier)
            if key in _FUNCTION_QUALIFIERS:
                return False
            other = self._resolve(key) if key else None
            if other is not None and other != level:
                return False  # two roles in one title: "Product Manager / Product Owner"
        return True

    # ------------------------------------------------------------ building

    @classmethod
    def default(cls) -> Ladder:
        """Return the default product ladder (see the module docs for its levels).

        The same object is returned every time (it is also ``DEFAULT_LADDER``).

        Examples:
            >>> Ladder.default() is Ladder.default()
            True
            >>> Ladder.default().level_of("Head of Product - Payments")
            'HEAD'
        """
        return DEFAULT_LADDER

    def with_levels(
        self, *levels: Level, above: str | None = None, below: str | None = None
    ) -> Ladder:
        """Return a new ladder with *levels* inserted, in the order given.

        Args:
            *levels: the new levels, top to bottom.
            above: insert just above this level.
            below: insert just below this level.

        With neither *above* nor *below*, the levels are appended at the bottom.
        Levels without an explicit rank take their new index as rank, so the ranks
        below the insertion point shift down.

        Raises:
            PolicyError: both *above* and *below* are given, a name is already taken,
                or a title clashes with another level's.
            UnknownLevelError: *above* or *below* is not on the ladder.

        Examples:
            >>> deputy = Level(name="DEPUTY_HEAD", label="Deputy Head of Product")
            >>> ladder = Ladder.default().with_levels(deputy, below="HEAD")
            >>> ladder.names[:5]
            ('CPO', 'VP', 'HEAD', 'DEPUTY_HEAD', 'SENIOR_DIRECTOR')
            >>> ladder.level_of("Deputy Head of Product"), ladder.rank("PM")
            ('DEPUTY_HEAD', 9)
        """
        if above is not None and below is not None:
            raise PolicyError(
                f"give either above= or below=, not both (got above={above!r}, below={below!r})"
            )
        anchor = above if above is not None else below
        if anchor is None:
            at = len(self.levels)
        else:
            at = self._by_name.get(anchor, -1)
            if at < 0:
                raise _unknown_level(anchor, self.names)
            if below is not None:
                at += 1
        return Ladder((*self.levels[:at], *levels, *self.levels[at:]), self.aliases)

    def with_aliases(self, aliases: Mapping[str, str]) -> Ladder:
        """Return a new ladder with extra title aliases (title → level name).

        An alias given again for the same raw title replaces the old one.

        Raises:
            UnknownLevelError: an alias names a level that is not on the ladder.
            PolicyError: an alias clashes with a spelling of another level.

        Examples:
            >>> ladder = Ladder.default().with_aliases({"Product Lead": "SENIOR_PM"})
            >>> ladder.level_of("product lead")
            'SENIOR_PM'
        """
        return Ladder(self.levels, {**self.aliases, **aliases})

    # ------------------------------------------------------------ policy files

    @classmethod
    def from_dict(
        cls, data: Mapping[str, object], *, source: str | None = None, section: str = "ladder"
    ) -> Ladder:
        """Build a ladder from the ``[ladder]`` section of a policy file.

        The section has three optional keys: ``base`` (``"default"``, the default, or
        ``"empty"``), ``levels`` (an array of tables with the :class:`Level` fields
        plus ``above`` or ``below``, the level to insert next to; with neither, the
        level is appended at the bottom) and ``aliases`` (title → level name).
        With ``base = "empty"`` the levels list the whole ladder, top to bottom.

        Args:
            data: the parsed section (TOML or YAML already loaded).
            source: the file it came from, named in error messages.
            section: the key path of *data* in that file, used in error messages
                (e.g. ``"tool.orgshape.ladder"`` in pyproject.toml).

        Raises:
            PolicyError: an unknown key, a wrong type or a bad value; the message names
                the key path, the source and the valid choices.

        Examples:
            >>> ladder = Ladder.from_dict({
            ...     "levels": [{"name": "DEPUTY_HEAD", "label": "Deputy Head of Product",
            ...                 "below": "HEAD"}],
            ...     "aliases": {"Product Lead": "GROUP_PM"},
            ... })
            >>> ladder.names[:5], ladder.level_of("Product Lead")
            (('CPO', 'VP', 'HEAD', 'DEPUTY_HEAD', 'SENIOR_DIRECTOR'), 'GROUP_PM')
            >>> Ladder.from_dict({"levels": [{"name": "X", "lable": "X"}]}, source="policy.toml")
            Traceback (most recent call last):
            ...
            orgshape.exceptions.PolicyError: unknown key 'lable' in ladder.levels[0] of \
policy.toml (valid: above, below, function, individual_contributor, label, name, rank, \
titles); did you mean 'label'?
        """
        reader = _Reader(source)
        table = reader.table(data, section, _SECTION_KEYS)
        base = table.get("base", "default")
        if base not in ("default", "empty"):
            raise reader.bad(f"{section}.base", base, "one of", ("default", "empty"))
        levels = list(DEFAULT_LADDER.levels) if base == "default" else []

        raw_levels = table.get("levels", [])
        if not isinstance(raw_levels, list | tuple):
            raise reader.bad(f"{section}.levels", raw_levels, "an array of tables")
        for position, raw in enumerate(raw_levels):
            path = f"{section}.levels[{position}]"
            names = [level.name for level in levels]
            level, anchor_key, anchor = reader.level(raw, path)
            if level.name in names:
                hint = (
                    " (it is on the default ladder: add titles with aliases, "
                    "or start from base = 'empty')"
                    if base == "default" and level.name in DEFAULT_LADDER
                    else ""
                )
                raise PolicyError(f"duplicate level {level.name!r} at {path}{reader.of}{hint}")
            at = len(levels)
            if anchor is not None:
                if anchor not in names:
                    raise reader.bad(f"{path}.{anchor_key}", anchor, "an earlier level", names)
                at = names.index(anchor) + (anchor_key == "below")
            levels.insert(at, level)
        if not levels:
            raise PolicyError(
                f"{section}.levels{reader.of} must list at least one level with base = 'empty'"
            )

        names = [level.name for level in levels]
        aliases: dict[str, str] = {}
        for alias, name in reader.table(table.get("aliases", {}), f"{section}.aliases").items():
            if not isinstance(name, str) or name not in names:
                raise reader.bad(f'{section}.aliases."{alias}"', name, "a level name", names)
            aliases[alias] = name
        try:
            return cls(levels, aliases)
        except PolicyError as err:
            raise PolicyError(f"{section}{reader.of}: {err}") from None

    def to_dict(self) -> dict[str, object]:
        """Return the ladder as a policy-file section, the inverse of :meth:`from_dict`.

        The result always uses ``base = "empty"`` and lists every level, so it does
        not depend on orgshape's default ladder; aliases are sorted. It holds only
        strings, booleans, integers, lists and dicts, ready for TOML, YAML or JSON.

        Examples:
            >>> data = Ladder.default().to_dict()
            >>> data["base"], data["levels"][8]
            ('empty', {'name': 'PM', 'label': 'PM', 'titles': ['PM', 'Product Manager'], \
'individual_contributor': True, 'function': 'product'})
            >>> Ladder.from_dict(data) == Ladder.default()
            True
        """
        levels: list[dict[str, object]] = []
        for level in self.levels:
            entry: dict[str, object] = {
                "name": level.name,
                "label": level.label,
                "titles": list(level.titles),
                "individual_contributor": level.individual_contributor,
            }
            if level.rank is not None:
                entry["rank"] = level.rank
            entry["function"] = level.function
            levels.append(entry)
        return {"base": "empty", "levels": levels, "aliases": dict(sorted(self.aliases.items()))}


# ---------------------------------------------------------------- policy reading


_SECTION_KEYS: Final = ("aliases", "base", "levels")
_LEVEL_KEYS: Final = (
    "above",
    "below",
    "function",
    "individual_contributor",
    "label",
    "name",
    "rank",
    "titles",
)


class _Reader:
    """Type checks for :meth:`Ladder.from_dict`, with messages that name the key path."""

    def __init__(self, source: str | None) -> None:
        self.of = f" of {source}" if source else ""

    def bad(
        self, path: str, value: object, expected: str, choices: Iterable[str] = ()
    ) -> PolicyError:
        """Return the error for a value of the wrong type or not among *choices*."""
        message = f"{path}{self.of} must be {expected}"
        choices = tuple(choices)
        if choices:
            message = f"{message} ({_known(choices)})"
        return PolicyError(f"{message}, got {value!r}{_did_you_mean(value, choices)}")

    def table(
        self, value: object, path: str, keys: Iterable[str] | None = None
    ) -> dict[str, object]:
        """Return *value* as a dict with string keys, checking them against *keys*."""
        if not isinstance(value, Mapping):
            raise self.bad(path, value, "a table")
        valid = sorted(keys) if keys is not None else None
        for key in value:
            if not isinstance(key, str):
                raise self.bad(path, key, "a table with string keys")
            if valid is not None and key not in valid:
                raise PolicyError(
                    f"unknown key {key!r} in {path}{self.of} (valid: {_known(valid)})"
                    + _did_you_mean(key, valid)
                )
        return dict(value)

    def level(self, raw: object, path: str) -> tuple[Level, str, str | None]:
        """Return the level a ``[[ladder.levels]]`` table describes, and its anchor."""
        table = self.table(raw, path, _LEVEL_KEYS)
        for key in ("name", "label"):
            if key not in table:
                raise PolicyError(f"missing key {key!r} in {path}{self.of}")
        for key in ("name", "label", "function", "above", "below"):
            if key in table and not isinstance(table[key], str):
                raise self.bad(f"{path}.{key}", table[key], "a string")
        if "above" in table and "below" in table:
            raise PolicyError(f"{path}{self.of} has both 'above' and 'below'; give one")
        titles = table.get("titles", [])
        if not isinstance(titles, list | tuple) or not all(isinstance(t, str) for t in titles):
            raise self.bad(f"{path}.titles", titles, "an array of strings")
        contributor = table.get("individual_contributor", False)
        if not isinstance(contributor, bool):
            raise self.bad(f"{path}.individual_contributor", contributor, "true or false")
        rank = table.get("rank")
        if rank is not None and (not isinstance(rank, int) or isinstance(rank, bool) or rank < 0):
            raise self.bad(f"{path}.rank", rank, "an integer >= 0")
        try:
            level = Level(
                name=str(table["name"]),
                label=str(table["label"]),
                titles=tuple(titles),
                individual_contributor=contributor,
                rank=rank,
                function=str(table.get("function", "product")),
            )
        except PolicyError as err:
            raise PolicyError(f"{path}{self.of}: {err}") from None
        anchor_key = "above" if "above" in table else "below"
        anchor = table.get(anchor_key)
        return level, anchor_key, anchor if isinstance(anchor, str) else None


# ---------------------------------------------------------------- the default ladder

DEFAULT_LADDER: Final = Ladder(
    (
        Level(
            name="CPO",
            label="Chief Product Officer",
            titles=(
                "CPO",
                "Chief Product Officer",
                "SVP, Chief Product Officer",
                "Chief Product and Technology Officer",
                "Chief Technology and Product Officer",
                "CPTO",
                "CTPO",
            ),
        ),
        Level(
            name="VP",
            label="VP of Product",
            titles=(
                "VP Product",
                "Vice President of Product",
                "SVP Product",
                "EVP Product",
                "VP, Head of Product",
            ),
        ),
        Level(
            name="HEAD",
            label="Head of Product",
            titles=("Head of Product", "Product Head", "Global Head of Product"),
        ),
        Level(
            name="SENIOR_DIRECTOR",
            label="Senior Director of Product",
            titles=("Senior Director of Product", "Senior Product Director"),
        ),
        Level(
            name="DIRECTOR",
            label="Director of Product",
            titles=("Director of Product", "Product Director"),
        ),
        Level(
            name="GROUP_PM",
            label="Group PM",
            titles=(
                "Group Product Manager",
                "GPM",
                "Group Manager, Product",
                "Group Manager, Product Management",
                "Lead Product Manager",
                "Manager, Product Management",
                "Product Management Manager",
            ),
        ),
        Level(
            name="PRINCIPAL_PM",
            label="Principal PM",
            titles=(
                "Principal Product Manager",
                "Staff Product Manager",
                "Senior Principal Product Manager",
                "Senior Staff Product Manager",
                "Distinguished Product Manager",
            ),
            individual_contributor=True,
        ),
        Level(
            name="SENIOR_PM",
            label="Senior PM",
            titles=("Senior PM", "Senior Product Manager"),
        ),
        Level(
            name="PM",
            label="PM",
            titles=("PM", "Product Manager"),
            individual_contributor=True,
        ),
        Level(
            name="PRODUCT_OWNER",
            label="Product Owner",
            titles=("Product Owner", "Senior Product Owner"),
            individual_contributor=True,
        ),
        Level(
            name="ASSOCIATE_PM",
            label="Associate PM",
            titles=("Associate Product Manager", "APM", "Junior Product Manager"),
            individual_contributor=True,
        ),
    )
)
"""The default product ladder, top to bottom (see the module docs for each level's source).

Management track: CPO → VP → HEAD → SENIOR_DIRECTOR → DIRECTOR → GROUP_PM → SENIOR_PM;
individual contributors: PRINCIPAL_PM (senior IC), PM, PRODUCT_OWNER, ASSOCIATE_PM.
"""
