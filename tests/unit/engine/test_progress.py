from __future__ import annotations

import math
from dataclasses import fields

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from luoshi.domain.indicator import Direction, Indicator
from luoshi.domain.observation import Observation
from luoshi.domain.period import Period
from luoshi.domain.target import Comparator, Measure, Target
from luoshi.engine.progress import (
    InvalidRules,
    ProgressResult,
    ProgressRules,
    ProgressStatus,
    ProgressWarning,
    Series,
    SeriesBatch,
    TargetSpec,
    assess_batch,
    assess_many,
    assess_series,
    assess_year_to_date,
)

S = ProgressStatus
UP, DOWN = Direction.INCREASE, Direction.DECREASE


# --- the Pingcheng plan ---------------------------------------------------------------------------


def test_gdp_2018_to_2020_without_target_grew_4_18_percent_on_track() -> None:
    r = assess_series(Series({2018: 394.5, 2019: 410.0, 2020: 428.2}, UP, 2018))
    assert r.observed_rate is not None and round(r.observed_rate * 100, 2) == 4.18
    assert r.status is S.ON_TRACK and r.score == 5.0  # s = 0.0418 >= 0.02: the top of the score line
    assert (r.base_year, r.current_year, r.required_rate, r.ratio) == (2018, 2020, None, None)


def test_gdp_growth_target_8_5_percent_to_2025() -> None:
    # 确保到2025年，地区生产总值年均增长率达到8.5%以上; base 2020 = 428.2 亿元
    target = TargetSpec(8.5, 2025, Measure.GROWTH)
    slow = assess_series(Series({2020: 428.2, 2022: 490.0}, UP, 2020, target))
    assert slow.required_rate == 0.085
    assert slow.target_value == pytest.approx(428.2 * 1.085**5)
    assert slow.status is S.ACCELERATION_NEEDED  # 6.97 % a year is R = 0.82 of 8.5 %
    assert slow.ratio == pytest.approx(((490 / 428.2) ** 0.5 - 1) / 0.085)
    assert slow.time_elapsed == 0.4
    assert slow.completion == pytest.approx((490 - 428.2) / (428.2 * 1.085**5 - 428.2))
    assert slow.projected_value == pytest.approx(490 * (490 / 428.2) ** 1.5)
    assert slow.needed_rate == pytest.approx((428.2 * 1.085**5 / 490) ** (1 / 3) - 1)
    assert slow.needed_rate is not None and slow.needed_rate > 0.085  # behind: more is needed now
    assert slow.year_reached == 2022 + math.ceil(math.log(428.2 * 1.085**5 / 490) / math.log((490 / 428.2) ** 0.5))

    fast = assess_series(Series({2020: 428.2, 2022: 505.0}, UP, 2020, target))
    assert fast.status is S.ON_TRACK and fast.ratio is not None and fast.ratio >= 0.95


def test_unemployment_at_most_4_5_percent_is_a_constraint_met_at_baseline() -> None:
    # 城镇登记失业率控制在4.5%以内: met when the plan starts, so it must only stay met
    target = TargetSpec(4.5, 2025)
    kept = assess_series(Series({2020: 4.2, 2021: 4.4, 2022: 4.3}, DOWN, 2020, target))
    assert (kept.status, kept.score) == (S.TARGET_ACHIEVED, 5.0)
    assert (kept.required_rate, kept.ratio, kept.completion, kept.time_elapsed) == (None, None, None, None)
    broken = assess_series(Series({2020: 4.2, 2022: 4.7}, DOWN, 2020, target))
    assert (broken.status, broken.score) == (S.DETERIORATION, -5.0)


# --- the rules, one by one --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "status"),
    [
        (150.0, S.TARGET_ACHIEVED),
        (128.0, S.ON_TRACK),
        (118.0, S.ACCELERATION_NEEDED),
        (105.0, S.LIMITED_PROGRESS),
        (95.0, S.DETERIORATION),
    ],
)
def test_level_target_bands(current: float, status: ProgressStatus) -> None:
    # 100 -> 150 from 2020 to 2025: required 8.45 %/yr; three years observed
    r = assess_series(Series({2020: 100.0, 2023: current}, UP, 2020, TargetSpec(150, 2025)))
    assert r.status is status
    assert r.completion == pytest.approx((current - 100) / 50)
    assert r.time_elapsed == pytest.approx(0.6)


@pytest.mark.parametrize(
    ("rate", "status"),
    [
        (0.02, S.ON_TRACK),
        (0.015, S.ON_TRACK),
        (0.01, S.ACCELERATION_NEEDED),
        (0.002, S.LIMITED_PROGRESS),
        (0.0, S.LIMITED_PROGRESS),
        (-0.01, S.DETERIORATION),
    ],
)
def test_no_target_bands_follow_the_direction(rate: float, status: ProgressStatus) -> None:
    # one year of growth from 1000: 1015 is exactly 1.5 % on paper, a hair less in binary floating point
    up = assess_series(Series({2020: 1000.0, 2021: round(1000.0 * (1 + rate), 6)}, UP, 2020))
    down = assess_series(Series({2020: 1000.0, 2021: round(1000.0 * (1 - rate), 6)}, DOWN, 2020))
    assert up.status is status
    assert down.status is status


def test_decrease_level_target() -> None:
    # energy intensity 1.0 -> 0.8 by 2025 (less is better)
    on = assess_series(Series({2020: 1.0, 2022: 0.91}, DOWN, 2020, TargetSpec(0.8, 2025)))
    assert on.required_rate is not None and on.required_rate < 0 and on.status is S.ON_TRACK
    worse = assess_series(Series({2020: 1.0, 2022: 1.05}, DOWN, 2020, TargetSpec(0.8, 2025)))
    assert worse.status is S.DETERIORATION and worse.ratio is not None and worse.ratio < 0
    assert worse.year_reached is None


def test_zero_target_counts_as_0_001() -> None:
    r = assess_series(Series({2020: 12.0, 2022: 6.0}, DOWN, 2020, TargetSpec(0, 2025)))
    assert r.target_value == 0.001
    assert ProgressWarning.ZERO_TARGET in r.warnings
    assert r.status is S.LIMITED_PROGRESS  # halving in two years is far from reaching ~0 in five


def test_effective_base_is_the_first_observed_year_after_the_base() -> None:
    r = assess_series(Series({2019: 90.0, 2021: 100.0, 2023: 121.0}, UP, 2020))
    assert (r.base_year, r.base_value, r.current_year) == (2021, 100.0, 2023)
    assert r.observed_rate == pytest.approx(0.1)
    assert r.warnings == (ProgressWarning.BASE_YEAR_NOT_OBSERVED,)


@pytest.mark.parametrize(
    ("values", "warning"),
    [
        ({}, ProgressWarning.TOO_FEW_YEARS),
        ({2019: 1.0, 2020: 2.0}, ProgressWarning.TOO_FEW_YEARS),  # nothing at or after the base year 2021
        ({2021: 5.0}, ProgressWarning.TOO_FEW_YEARS),
        ({2021: 0.0, 2022: 5.0}, ProgressWarning.NON_POSITIVE_LEVEL),
        ({2021: 5.0, 2022: float("nan")}, ProgressWarning.TOO_FEW_YEARS),
    ],
)
def test_insufficient_data(values: dict[int, float], warning: ProgressWarning) -> None:
    r = assess_series(Series(values, UP, 2021, TargetSpec(10, 2025)))
    assert r.status is S.INSUFFICIENT_DATA and r.score is None
    assert warning in r.warnings


def test_target_year_not_after_the_effective_base() -> None:
    r = assess_series(Series({2025: 5.0, 2026: 6.0}, UP, 2020, TargetSpec(10, 2025)))
    assert r.status is S.INSUFFICIENT_DATA
    assert ProgressWarning.TARGET_YEAR_NOT_AFTER_BASE in r.warnings


def test_past_the_target_year() -> None:
    r = assess_series(Series({2020: 100.0, 2027: 120.0}, UP, 2020, TargetSpec(150, 2025)))
    assert ProgressWarning.PAST_TARGET_YEAR in r.warnings
    assert r.projected_value is None and r.needed_rate is None and r.time_elapsed == pytest.approx(1.4)


def test_cumulative_growth_target() -> None:
    # 累计增长 21 % from 2020 to 2025 is a level of 121 from 100
    r = assess_series(Series({2020: 100.0, 2022: 110.0}, UP, 2020, TargetSpec(21, 2025, Measure.GROWTH, False)))
    assert r.target_value == pytest.approx(121.0)
    assert r.required_rate == pytest.approx(1.21**0.2 - 1)


def test_rules_are_configurable_and_checked() -> None:
    series = Series({2020: 100.0, 2023: 118.0}, UP, 2020, TargetSpec(150, 2025))
    assert assess_series(series).status is S.ACCELERATION_NEEDED
    assert assess_series(series, ProgressRules(on_track_ratio=0.65)).status is S.ON_TRACK
    with pytest.raises(InvalidRules):
        ProgressRules(on_track_ratio=0.5, acceleration_ratio=0.6)
    with pytest.raises(InvalidRules):
        ProgressRules(ratio_score_points=((0.0, 1.0), (0.0, 2.0)))
    with pytest.raises(InvalidRules):
        ProgressRules(rate_score_points=((0.0, 1.0), (1.0, 0.0)))


def test_score_points() -> None:
    rules = ProgressRules()
    assert [rules.score_for_ratio(r) for r in (-1.0, -0.6, 0.0, 0.6, 0.95, 1.3, 2.0)] == [
        -5.0,
        -5.0,
        -2.5,
        0.0,
        2.5,
        5.0,
        5.0,
    ]
    assert [rules.score_for_rate(s) for s in (-0.02, 0.0, 0.005, 0.015, 0.02)] == [-5.0, -2.5, 0.0, 2.5, 5.0]


def test_year_to_date_by_time_elapsed() -> None:
    ahead = assess_year_to_date(52.0, "2021YTD06", 100.0)
    assert ahead.status is S.ON_TRACK and ahead.time_elapsed == 0.5
    behind = assess_year_to_date(15.0, Period.parse("2021Q1"), 100.0)  # a quarter: 25 % of the year
    assert behind.status is S.ACCELERATION_NEEDED and behind.ratio == pytest.approx(0.6)
    assert assess_year_to_date(101.0, "2021", 100.0).status is S.TARGET_ACHIEVED
    cap = assess_year_to_date(40.0, "2021YTD06", 100.0, DOWN)  # using less than half the cap by mid-year
    assert cap.status is S.ON_TRACK
    assert assess_year_to_date(110.0, "2021YTD09", 100.0, DOWN).status is S.DETERIORATION


def test_series_from_domain_objects() -> None:
    gdp = Indicator("gdp", "地区生产总值", "元", "亿元")
    obs = [
        Observation("gdp", "140213", Period.parse(y), v, Measure.LEVEL, "元")
        for y, v in (("2020", 4.282e10), ("2022", 4.9e10), ("2022Q1", 1.1e10))
    ]
    target = Target(Measure.GROWTH, Comparator.GE, 8.5, 2025, base_year=2020, annualized=True)
    series = Series.from_domain(gdp, obs, target)
    assert series.values == {2020: 4.282e10, 2022: 4.9e10}
    assert assess_series(series).status is S.ACCELERATION_NEEDED


# --- properties ------------------------------------------------------------------------------------

levels = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
years = st.integers(min_value=2010, max_value=2030)


@st.composite
def series_cases(draw: st.DrawFn) -> Series:
    base = draw(years)
    observed_years = draw(st.lists(st.integers(base - 2, base + 12), min_size=0, max_size=8, unique=True))
    values = {y: draw(levels) for y in observed_years}
    direction = draw(st.sampled_from(Direction))
    kind = draw(st.sampled_from(["none", "level", "growth", "zero"]))
    target_year = draw(st.integers(base - 1, base + 15))
    target: TargetSpec | None
    if kind == "none":
        target = None
    elif kind == "level":
        target = TargetSpec(draw(levels), target_year)
    elif kind == "growth":
        target = TargetSpec(draw(st.floats(-20, 30)), target_year, Measure.GROWTH, draw(st.booleans()))
    else:
        target = TargetSpec(0.0, target_year)
    return Series(values, direction, base, target)


def _same(a: ProgressResult, b: ProgressResult) -> None:
    for f in fields(ProgressResult):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, float) and isinstance(y, float):
            assert math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12), (f.name, x, y)
        else:
            assert x == y, (f.name, x, y)


@settings(max_examples=300, deadline=None)
@given(st.lists(series_cases(), min_size=1, max_size=20))
def test_vectorised_equals_per_series(cases: list[Series]) -> None:
    for vectorised, reference in zip(assess_many(cases), [assess_series(s) for s in cases], strict=True):
        _same(vectorised, reference)


def test_vectorised_equals_per_series_on_seeded_random_data_in_several_chunks() -> None:
    rng = np.random.default_rng(7)
    n, m = 20_000, 10  # more than two chunks
    yrs = np.arange(2016, 2016 + m)
    values = np.round(100 * np.exp(np.cumsum(rng.normal(0.02, 0.06, (n, m)), axis=1)), 1)
    values[rng.random((n, m)) < 0.15] = np.nan
    target = np.where(rng.random(n) < 0.3, np.nan, np.round(rng.uniform(40, 250, n), 1))
    growth = rng.random(n) < 0.3
    target = np.where(growth, np.round(rng.uniform(-5, 15, n), 1), target)
    batch = SeriesBatch(
        yrs,
        values,
        rng.integers(2015, 2020, n),
        rng.random(n) < 0.4,
        target,
        rng.integers(2017, 2031, n),
        growth,
    )
    result = assess_batch(batch)
    for i in range(0, n, 7):
        row = {int(y): float(v) for y, v in zip(yrs, values[i], strict=True) if not np.isnan(v)}
        spec = None
        if not np.isnan(target[i]):
            measure = Measure.GROWTH if growth[i] else Measure.LEVEL
            spec = TargetSpec(float(target[i]), int(batch.target_year[i]), measure)
        series = Series(row, DOWN if batch.decrease[i] else UP, int(batch.base_year[i]), spec)
        _same(result.result(i), assess_series(series))


def _scaled(series: Series, factor: float) -> Series:
    target = series.target
    if target is not None and target.measure is Measure.LEVEL:
        target = TargetSpec(target.value * factor, target.year)
    return Series({y: v * factor for y, v in series.values.items()}, series.direction, series.base_year, target)


@settings(max_examples=300, deadline=None)
@given(series_cases(), st.integers(min_value=-20, max_value=20))
def test_scaling_values_and_target_changes_no_status(series: Series, power: int) -> None:
    # Scaling by a power of two is exact in floating point, so the property holds exactly; any rule that
    # used absolute levels (not ratios) would break it. A target of 0 (counted as 0.001) is absolute.
    assume(series.target is None or series.target.value != 0)
    factor = 2.0**power
    assert assess_series(_scaled(series, factor)).status is assess_series(series).status


@settings(max_examples=300, deadline=None)
@given(series_cases())
def test_reversing_direction_and_inverting_values_is_symmetric(series: Series) -> None:
    # x -> 1/x with the opposite direction is the same indicator read the other way (a price and its
    # purchasing power). Meeting the target, the constraint at baseline and the sign of progress carry
    # over exactly; the rate of the inverse is -r/(1+r), so R becomes R (1+q)/(1+r) and the bands follow.
    target = series.target
    assume(target is None or (target.measure is Measure.LEVEL and target.value != 0))
    inverse = Series(
        {y: 1.0 / v for y, v in series.values.items()},
        DOWN if series.direction is UP else UP,
        series.base_year,
        None if target is None else TargetSpec(1.0 / target.value, target.year),
    )
    a, b = assess_series(series), assess_series(inverse)
    sign = {S.DETERIORATION: -1, S.INSUFFICIENT_DATA: None, S.TARGET_ACHIEVED: 2}
    assert sign.get(a.status, 1) == sign.get(b.status, 1)
    if a.ratio is not None and a.observed_rate is not None and a.required_rate is not None:
        assert b.ratio == pytest.approx(a.ratio * (1 + a.required_rate) / (1 + a.observed_rate), rel=1e-6)
        expected = S.TARGET_ACHIEVED if a.status is S.TARGET_ACHIEVED else ProgressRules().status_for_ratio(b.ratio)
        assert b.status is expected
    if target is None and a.observed_rate is not None:
        assert b.observed_rate == pytest.approx(-a.observed_rate / (1 + a.observed_rate), rel=1e-6, abs=1e-12)


@given(st.floats(-10, 10), st.floats(-10, 10))
def test_score_is_monotone_in_the_ratio(r1: float, r2: float) -> None:
    rules = ProgressRules()
    low, high = sorted((r1, r2))
    assert rules.score_for_ratio(low) <= rules.score_for_ratio(high)
    assert rules.score_for_rate(low / 100) <= rules.score_for_rate(high / 100)
    assert -5.0 <= rules.score_for_ratio(low) <= 5.0


@settings(deadline=None)
@given(st.floats(1.0, 1000.0), st.floats(1.0, 1000.0), st.floats(1.0, 1000.0), st.sampled_from(Direction))
def test_score_grows_with_progress_towards_the_target(
    x1: float, x2: float, target: float, direction: Direction
) -> None:
    # more progress (a higher current value for an increase, lower for a decrease) never scores less
    better, worse = (max(x1, x2), min(x1, x2)) if direction is UP else (min(x1, x2), max(x1, x2))
    spec = TargetSpec(target, 2025)
    a = assess_series(Series({2020: 100.0, 2023: better}, direction, 2020, spec))
    b = assess_series(Series({2020: 100.0, 2023: worse}, direction, 2020, spec))
    assert a.score is not None and b.score is not None
    assert a.score >= b.score
