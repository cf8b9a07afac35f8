"""Functions: what kind of work a seat does, in one normalised vocabulary.

Glossary:
    function: the track a position belongs to (``product``, ``design``,
        ``engineering``, ``sales``...), as an HR system's function, department or job
        family column says it. The product ladder judges the ``product`` function;
        everyone else is known by their function, counted in team mix, and never
        an unknown title.
    partner function: a function that works with product teams, often by a dotted
        line: ``design``, ``product_ops``, ``engineering`` and ``data``.

Convention: :func:`function_of` maps the many spellings of a function ("UX", "Product
Design", "User Research" are all ``design``; "R&D" and "Software Engineering" are
``engineering``) to one canonical name. A value that is none of the known spellings is
its own function in lower_snake (``Space Travel`` → ``space_travel``): known, and not
product. A value without letters (a department number) says nothing.

Examples:
    >>> function_of("UX"), function_of("Product Operations"), function_of("R&D")
    ('design', 'product_ops', 'engineering')
    >>> function_of("Software Engineering - Payments"), function_of("90")
    ('engineering', None)
    >>> is_product("Product Management"), is_product("Sales"), is_product(None)
    (True, False, True)
"""

from __future__ import annotations

import re
import types
import unicodedata
from collections.abc import Mapping
from typing import Final

__all__ = [
    "DATA",
    "DESIGN",
    "ENGINEERING",
    "EXECUTIVE",
    "FUNCTIONS",
    "PARTNER_FUNCTIONS",
    "PRODUCT",
    "PRODUCT_OPS",
    "function_of",
    "is_product",
    "label_of",
]

PRODUCT: Final = "product"
PRODUCT_OPS: Final = "product_ops"
DESIGN: Final = "design"
ENGINEERING: Final = "engineering"
DATA: Final = "data"
EXECUTIVE: Final = "executive"

#: Canonical functions and their spellings (compared casefolded, spaces collapsed,
#: ``_``/``-``/``&`` as written). The product-side functions come first.
FUNCTIONS: Final[Mapping[str, tuple[str, ...]]] = types.MappingProxyType(
    {
        PRODUCT: (
            "product",
            "products",
            "product management",
            "product managers",
            "product manager",
            "pm",
            "product & strategy",
            "product strategy",
        ),
        PRODUCT_OPS: (
            "product operations",
            "product ops",
            "prodops",
            "product program management",
            "product excellence",
        ),
        DESIGN: (
            "design",
            "designer",
            "designers",
            "ux",
            "ui",
            "ui/ux",
            "ux/ui",
            "ux design",
            "ui design",
            "user experience",
            "user experience design",
            "product design",
            "user research",
            "ux research",
            "content design",
            "ux writing",
            "service design",
            "interaction design",
            "visual design",
            "creative",
        ),
        ENGINEERING: (
            "engineering",
            "engineer",
            "engineers",
            "software",
            "software engineering",
            "software development",
            "development",
            "r&d",
            "r & d",
            "rnd",
            "research and development",
            "research & development",
            "it",
            "information technology",
            "technology",
            "tech",
            "platform",
            "platform engineering",
            "infrastructure",
            "devops",
            "sre",
            "site reliability engineering",
            "qa",
            "quality assurance",
            "quality engineering",
            "security",
            "security engineering",
        ),
        DATA: (
            "data",
            "analytics",
            "data science",
            "data engineering",
            "data & analytics",
            "data and analytics",
            "business intelligence",
            "bi",
            "machine learning",
            "ml",
            "ai",
        ),
        "sales": (
            "sales",
            "business development",
            "inside sales",
            "account management",
            "sales development",
            "revenue",
            "partnerships",
        ),
        "marketing": (
            "marketing",
            "growth marketing",
            "product marketing",
            "communications",
            "comms",
            "public relations",
            "pr",
            "brand",
        ),
        "customer_success": (
            "customer success",
            "support",
            "customer support",
            "customer service",
            "customer experience",
            "cx",
            "professional services",
            "services",
        ),
        "finance": ("finance", "accounting", "treasury", "controlling", "fp&a"),
        "people": (
            "people",
            "human resources",
            "hr",
            "people operations",
            "people ops",
            "people & culture",
            "talent",
            "talent acquisition",
            "recruiting",
            "recruitment",
        ),
        "legal": ("legal", "compliance", "legal & compliance", "privacy"),
        "operations": (
            "operations",
            "ops",
            "business operations",
            "bizops",
            "logistics",
            "shipping",
            "purchasing",
            "procurement",
            "supply chain",
            "facilities",
            "workplace",
        ),
        EXECUTIVE: (
            "executive",
            "executives",
            "leadership",
            "management",
            "office of the ceo",
            "c-suite",
        ),
        "administration": ("administration", "admin"),
    }
)

#: Functions that work with product teams, often by a dotted line.
PARTNER_FUNCTIONS: Final = frozenset({DESIGN, PRODUCT_OPS, ENGINEERING, DATA})

_SPELLINGS: Final = {s: name for name, spellings in FUNCTIONS.items() for s in spellings}
_SPACES: Final = re.compile(r"[\s_]+")
_QUALIFIER: Final = re.compile(r"\s*(?:[-–—,:/|(]|\s&\s).*$")  # "Engineering - Payments"
_NON_WORD: Final = re.compile(r"[^0-9a-z]+")
_CACHE: dict[str, str | None] = {}


def _lookup(text: str) -> str | None:
    name = _SPELLINGS.get(text)
    if name is not None:
        return name
    for words in (text, text.removesuffix(" team"), text.removesuffix(" department")):
        if words in _SPELLINGS:
            return _SPELLINGS[words]
    return None


def function_of(value: object) -> str | None:
    """The canonical function of a function, department or job-family value.

    Args:
        value: the cell as the source wrote it (None and blanks are no function).

    Returns:
        The canonical name (``"design"``...), the value itself in lower_snake when it
        is no known spelling, or None when it says nothing (blank, or no letters).

    Examples:
        >>> function_of("Product Design"), function_of("User Research"), function_of("HR")
        ('design', 'design', 'people')
        >>> function_of("product_management"), function_of("Engineering (Payments)")
        ('product', 'engineering')
        >>> function_of("Public Relations"), function_of("Space Travel"), function_of("  ")
        ('marketing', 'space_travel', None)
    """
    if value is None:
        return None
    raw = str(value)
    if raw in _CACHE:
        return _CACHE[raw]
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", raw)).strip().casefold()
    found: str | None
    if not any(ch.isalpha() for ch in text):
        found = None  # a department id says nothing about the function
    else:
        found = _lookup(text)
        if found is None:
            head = _QUALIFIER.sub("", text)
            found = _lookup(head) if head and head != text else None
        if found is None:
            ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
            snake = _NON_WORD.sub("_", ascii_text).strip("_")
            found = _lookup(snake.replace("_", " ")) or snake or None
    if len(_CACHE) < 10_000:
        _CACHE[raw] = found
    return found


def is_product(value: object) -> bool:
    """True when a function value puts the seat on the product ladder (None does).

    Examples:
        >>> is_product("product"), is_product("UX"), is_product("")
        (True, False, True)
    """
    function = function_of(value)
    return function is None or function == PRODUCT


def label_of(function: str) -> str:
    """A canonical function as words: ``"product_ops"`` → ``"product ops"``.

    Examples:
        >>> label_of("product_ops")
        'product ops'
    """
    return function.replace("_", " ")
