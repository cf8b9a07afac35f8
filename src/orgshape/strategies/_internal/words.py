"""The words generated orgs are made of: people's names, products and staff titles."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

__all__ = [
    "ANALYST",
    "EA",
    "FIRST",
    "LAST",
    "PRODUCTS",
    "STAFF_FUNCTION",
    "UNKNOWN_TITLES",
    "Names",
]

FIRST: Final = (
    "Ana", "Bo", "Cy", "Dana", "Eli", "Femi", "Gita", "Hugo", "Ines", "Jun", "Kwame",
    "Lena", "Mo", "Nia", "Omar", "Priya", "Quinn", "Ravi", "Sofia", "Tariq", "Uma",
    "Vera", "Wen", "Xavi", "Yara", "Zoe",
)  # fmt: skip
LAST: Final = (
    "Lima", "Chen", "Diaz", "Ruiz", "Okafor", "Novak", "Sato", "Haddad", "Kowalski",
    "Mensah", "Berg", "Silva", "Nakamura", "Osei", "Park", "Rossi", "Singh", "Tanaka",
)  # fmt: skip
PRODUCTS: Final = (
    "Search", "Checkout", "Payments", "Mobile App", "Onboarding", "Analytics", "Billing",
    "Messaging", "Partner API", "Pricing", "Catalogue", "Identity", "Notifications",
    "Reporting", "Marketplace", "Loyalty",
)  # fmt: skip
#: Titles no ladder level is meant to read (the ladder is checked before one is used).
UNKNOWN_TITLES: Final = (
    "Group Product Manager",
    "Product Ninja",
    "Growth Hacker",
    "Chief Vibes Officer",
)
#: The function of the non-product seats the strategies add (assistants, staff).
STAFF_FUNCTION: Final = "operations"
EA: Final = "Executive Assistant"
ANALYST: Final = "Operations Analyst"


class Names:
    """Unique, readable names and product names, in a fixed order."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)
        self.people = 0
        self.products = 0

    def person(self) -> str:
        """The next unused person's name: ``"Ana Lima"``, ``"Bo Chen"``..."""
        while True:
            k = self.people
            self.people += 1
            first = FIRST[k % len(FIRST)]
            last = LAST[(k // len(FIRST) + k) % len(LAST)]
            cycle = k // (len(FIRST) * len(LAST))
            name = f"{first} {last}" + (f" {cycle + 1}" if cycle else "")
            if name not in self.taken:
                self.taken.add(name)
                return name

    def product(self) -> str:
        """The next unused product name: ``"Search"``, ``"Checkout"``..."""
        while True:
            k = self.products
            self.products += 1
            cycle = k // len(PRODUCTS)
            name = PRODUCTS[k % len(PRODUCTS)] + (f" {cycle + 1}" if cycle else "")
            if name not in self.taken:
                self.taken.add(name)
                return name
