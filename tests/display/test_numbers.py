"""How numbers read: counts with plurals, percentages, money and decimals."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from orgshape._display import count, decimal, money, percent


class TestCount:
    def test_plurals(self) -> None:
        """Singular for one, the given or regular plural otherwise, with separators."""
        assert count(1, "vacancy", "vacancies") == "1 vacancy"
        assert count(0, "vacancy", "vacancies") == "0 vacancies"
        assert count(24311, "warning") == "24,311 warnings"
        assert count(2, "info", "info") == "2 info"


class TestPercent:
    def test_one_decimal(self) -> None:
        """Shares are percentages with one decimal; None is n/a unless told."""
        assert percent(0.3333) == "33.3%"
        assert percent(None) == "n/a"
        assert percent(None, none="-") == "-"
        assert percent(0.1, signed=True) == "+10.0%"
        assert percent(0.0, signed=True) == "0.0%"


class TestDecimal:
    def test_whole_and_fractional(self) -> None:
        """Whole values have no decimals, others two; missing is a dash."""
        assert decimal(7.0) == "7"
        assert decimal(1234567) == "1,234,567"
        assert decimal(2.345) == "2.35"
        assert decimal(None) == "-"
        assert decimal(None, none="n/a") == "n/a"

    @given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
    def test_signed_has_one_sign(self, value: float) -> None:
        """A signed change starts with + when positive, - when negative, a digit at zero."""
        text = decimal(value, signed=True)
        assert text.startswith("+") == (value > 0)
        assert text.count("+") + text.count("-") <= 1


class TestMoney:
    def test_money(self) -> None:
        """Whole amounts without decimals, others with two."""
        assert money(295000.0) == "295,000"
        assert money(0.5) == "0.50"
        assert money(None) == "n/a"
        assert money(-2000, signed=True) == "-2,000"
