"""How numbers read in every text, table and picture: counts, shares, money, decimals.

Conventions (the same in reports, metrics, diffs, charts and the command line):

* Whole numbers have thousands separators: ``1,234``.
* A count names what it counts, singular for one: ``1 manager``, ``2 managers``,
  ``1 vacancy``, ``3 vacancies``.
* A share (0..1) is a percentage with one decimal: ``12.5%``.
* Money has no decimals when it is whole, else two: ``295,000``, ``1,234.50``.
* Other measures (a mean span) are whole when they are whole, else two decimals.
* A missing value is ``-`` in a table cell and ``n/a`` in a sentence (each
  function's ``none=`` says which).
* ``signed=True`` writes a ``+`` before a positive change; zero and negative changes
  get none (``-`` is already there).
"""

from __future__ import annotations

__all__ = ["count", "decimal", "money", "percent"]


def _sign(value: float, signed: bool) -> str:
    return "+" if signed and value > 0 else ""


def count(n: int, word: str, plural: str | None = None) -> str:
    """``n`` and the word it counts, plural unless ``n`` is 1.

    Args:
        n: how many.
        word: the singular.
        plural: the plural when it is not ``word + "s"``.

    Examples:
        >>> count(1, "manager"), count(1234, "position"), count(0, "vacancy", "vacancies")
        ('1 manager', '1,234 positions', '0 vacancies')
    """
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def percent(share: float | None, *, none: str = "n/a", signed: bool = False) -> str:
    """A share (0..1) as a percentage with one decimal.

    Examples:
        >>> percent(0.125), percent(None), percent(0.05, signed=True), percent(-0.5)
        ('12.5%', 'n/a', '+5.0%', '-50.0%')
    """
    if share is None:
        return none
    return f"{_sign(share, signed)}{share * 100:.1f}%"


def decimal(value: float | None, *, none: str = "-", signed: bool = False) -> str:
    """A measure: whole with thousands separators when whole, else two decimals.

    Examples:
        >>> decimal(4.0), decimal(3.14159), decimal(12345), decimal(None)
        ('4', '3.14', '12,345', '-')
        >>> decimal(2, signed=True), decimal(-1.5, signed=True), decimal(0, signed=True)
        ('+2', '-1.50', '0')
    """
    if value is None:
        return none
    sign = _sign(value, signed)
    if isinstance(value, int) or float(value).is_integer():
        return f"{sign}{int(value):,}"
    return f"{sign}{value:,.2f}"


def money(value: float | None, *, none: str = "n/a", signed: bool = False) -> str:
    """An amount: no decimals when whole, else two; thousands separators.

    Examples:
        >>> money(295000.0), money(1234.5), money(None), money(5000, signed=True)
        ('295,000', '1,234.50', 'n/a', '+5,000')
    """
    if value is None:
        return none
    sign = _sign(value, signed)
    if float(value).is_integer():
        return f"{sign}{value:,.0f}"
    return f"{sign}{value:,.2f}"
