from __future__ import annotations

import math

import pytest

from luoshi.engine.growth import (
    GrowthError,
    PrintedNumberError,
    cagr,
    compound,
    decimals,
    rate_interval,
    required_rate,
    round_half_up,
    rounding_interval,
    years_to_reach,
)


def test_pingcheng_gdp_grew_4_18_percent_a_year_2018_to_2020() -> None:
    # 从2018年的394.5亿元增加到2020年的428.2亿元，年均增长4.2%
    rate = cagr(394.5, 428.2, 2)
    assert round(rate * 100, 2) == 4.18
    assert round_half_up(rate * 100, 1) == 4.2


def test_required_rate_and_compound_are_inverse() -> None:
    rate = required_rate(428.2, 643.9, 5)
    assert compound(428.2, rate, 5) == pytest.approx(643.9)
    assert compound(428.2, 0.085, 5) == pytest.approx(643.86, abs=0.01)


@pytest.mark.parametrize(("start", "end", "years"), [(0.0, 1.0, 1), (1.0, -1.0, 1), (1.0, 2.0, 0), (1.0, 2.0, -1)])
def test_growth_needs_positive_levels_and_span(start: float, end: float, years: float) -> None:
    with pytest.raises(GrowthError):
        cagr(start, end, years)


@pytest.mark.parametrize(
    ("printed", "places", "interval"),
    [
        ("394.5", 1, (394.45, 394.55)),
        ("20", 0, (19.5, 20.5)),
        ("0.60", 2, (0.595, 0.605)),
        ("1,312", 0, (1311.5, 1312.5)),
        ("-3.2", 1, (-3.25, -3.15)),
    ],
)
def test_rounding_interval_of_printed_figures(printed: str, places: int, interval: tuple[float, float]) -> None:
    assert decimals(printed) == places
    assert rounding_interval(printed) == interval


@pytest.mark.parametrize("bad", ["abc", "", "nan", "inf", "1e5", "4.2%"])
def test_printed_numbers_are_plain_decimals(bad: str) -> None:
    with pytest.raises(PrintedNumberError):
        rounding_interval(bad)


@pytest.mark.parametrize(
    ("value", "places", "rounded"),
    [
        (4.15, 1, 4.2),
        (4.25, 1, 4.3),
        ((102.5 / 100 - 1) * 100, 0, 3.0),
        (2.675, 2, 2.68),
        (-4.25, 1, -4.3),
        (36.649, 1, 36.6),
        (0.5, 0, 1.0),
    ],
)
def test_round_half_up_is_not_bankers_rounding(value: float, places: int, rounded: float) -> None:
    assert round_half_up(value, places) == rounded


def test_rate_interval_contains_the_computed_rate() -> None:
    low, high = rate_interval("4.9", "9.2", 2)
    assert low < cagr(4.9, 9.2, 2) < high
    assert (round(low * 100, 2), round(high * 100, 2)) == (35.96, 38.10)


def test_years_to_reach() -> None:
    assert years_to_reach(100.0, 121.0, 0.1) == pytest.approx(2.0)
    assert years_to_reach(100.0, 100.0, 0.0) == 0.0
    assert years_to_reach(100.0, 90.0, 0.1) is None
    assert years_to_reach(100.0, 90.0, -0.1) == pytest.approx(math.log(0.9) / math.log(0.9))
    assert years_to_reach(100.0, 121.0, 0.0) is None
