"""Growth arithmetic: compound annual growth (年均增长, 水平法), required rates, and printed precision.

Rates here are fractions (0.042 for 4.2 %) unless a name says ``percent``.

>>> round(cagr(394.5, 428.2, 2), 6)
0.041837
>>> rounding_interval("394.5")
(394.45, 394.55)
>>> round_half_up(4.18371, 1)
4.2
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from luoshi.domain.errors import InvalidValue


class GrowthError(InvalidValue):
    """A growth rate that cannot be computed: a level that is not positive, or a span that is not."""


class PrintedNumberError(InvalidValue):
    """A text that is not a plain printed decimal number (``394.5``, ``-3``, ``36.60``)."""


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate from ``start`` to ``end`` over ``years``: (end/start)^(1/years) - 1.

    GDP of 平城区 394.5 亿元 (2018) -> 428.2 亿元 (2020): ``cagr(394.5, 428.2, 2)`` = 0.041837 (4.18 %).
    Raises GrowthError if a level is not positive or ``years`` is not positive.
    """
    if not (start > 0 and end > 0):
        raise GrowthError(f"a growth rate needs positive levels, got {start!r} and {end!r}")
    if not years > 0:
        raise GrowthError(f"a growth rate needs a positive span of years, got {years!r}")
    return math.expm1(math.log(end / start) / years)  # = (end/start)^(1/years) - 1, exact for tiny rates


def required_rate(base: float, target: float, years: float) -> float:
    """Annual rate needed to go from ``base`` to ``target`` in ``years``: the CAGR of the two levels.

    >>> round(required_rate(100.0, 150.0, 5), 6)
    0.084472
    """
    return cagr(base, target, years)


def compound(value: float, rate: float, years: float) -> float:
    """``value`` grown at ``rate`` per year for ``years``: 428.2 at 8.5 % for 5 years is 643.9.

    >>> round(compound(428.2, 0.085, 5), 1)
    643.9
    """
    return float(value * (1.0 + rate) ** years)


def years_to_reach(value: float, target: float, rate: float) -> float | None:
    """Years of growth at ``rate`` that take ``value`` to ``target`` (fractional), or None if never.

    >>> round(years_to_reach(100.0, 121.0, 0.1), 9)
    2.0
    >>> years_to_reach(100.0, 121.0, -0.1) is None
    True
    """
    if not (value > 0 and target > 0) or rate <= -1.0:
        return None
    if target == value:
        return 0.0
    if rate == 0.0 or (target > value) != (rate > 0.0):
        return None
    return math.log(target / value) / math.log1p(rate)


def parse_printed(printed: str) -> Decimal:
    """A printed number as an exact decimal: "394.5" -> Decimal("394.5"); thousands commas are dropped.

    Raises PrintedNumberError for anything else (words, NaN, infinity, exponents).
    """
    text = printed.strip().replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise PrintedNumberError(f"{printed!r} is not a number") from None
    if not number.is_finite() or "e" in text.lower():
        raise PrintedNumberError(f"{printed!r} is not a plain printed decimal number")
    return number


def decimals(printed: str) -> int:
    """Digits after the decimal point of a printed number: "394.5" -> 1, "36.60" -> 2, "20" -> 0."""
    exponent = parse_printed(printed).as_tuple().exponent
    assert isinstance(exponent, int)  # finite numbers only, checked above
    return max(0, -exponent)


def rounding_interval(printed: str) -> tuple[float, float]:
    """The values a printed number may stand for, rounded to its last printed digit.

    "394.5" stands for anything in [394.45, 394.55]; "20" for [19.5, 20.5]; "0.60" for [0.595, 0.605].
    """
    number = parse_printed(printed)
    half = Decimal(5).scaleb(-decimals(printed) - 1)
    return float(number - half), float(number + half)


def round_half_up(value: float, places: int) -> float:
    """Round as a statistician does (4.15 -> 4.2, 4.25 -> 4.3, -4.25 -> -4.3), not to even.

    The float is first read to 12 significant digits, so 4.15 is rounded as the decimal 4.15 it was
    written as, and a computed 2.499999999999991 (2.5 on paper) as 2.5.
    """
    return float(quantize_half_up(Decimal(f"{float(value):.12g}"), places))


def quantize_half_up(number: Decimal, places: int) -> Decimal:
    """``number`` rounded half up to ``places`` decimals, however large it is (Decimal's default context
    holds 28 digits, and quantizing 1e30 to 2 places would need 33).

    >>> quantize_half_up(Decimal("1e30"), 2) == Decimal("1e30")
    True
    >>> quantize_half_up(Decimal("4.25"), 1)
    Decimal('4.3')
    """
    digits = max(number.adjusted(), 0) + max(places, 0) + 3
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=Context(prec=max(28, digits)))


def rate_interval(start: str, end: str, years: float) -> tuple[float, float]:
    """Lowest and highest annual rate (fractions) that two printed levels allow after rounding.

    394.5 -> 428.2 over 2 years: from sqrt(428.15/394.55) - 1 to sqrt(428.25/394.45) - 1.

    >>> low, high = rate_interval("394.5", "428.2", 2)
    >>> round(low, 6), round(high, 6)
    (0.04171, 0.041964)
    """
    return rate_bounds(rounding_interval(start), rounding_interval(end), years)


def rate_bounds(start: tuple[float, float], end: tuple[float, float], years: float) -> tuple[float, float]:
    """Lowest and highest annual rate from a start level within ``start`` to an end level within ``end``.

    A lower bound of the start that is not positive makes the high rate unbounded (``inf``); an upper
    bound of the end that is not positive makes the low rate -1 (a fall to nothing).
    """
    (start_low, start_high), (end_low, end_high) = start, end
    low = cagr(start_high, end_low, years) if end_low > 0 and start_high > 0 else -1.0
    high = cagr(start_low, end_high, years) if start_low > 0 and end_high > 0 else math.inf
    return low, high
