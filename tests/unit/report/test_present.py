"""How figures are written (luoshi.report.present): scaling, rounding, grouping, bounds, signs, zero, 百分点,
targets, periods, statuses and gaps."""

from __future__ import annotations

import doctest
import importlib

import pytest

from luoshi.domain.indicator import Direction
from luoshi.domain.observation import Observation
from luoshi.domain.period import Period
from luoshi.domain.target import Comparator, Measure, Target
from luoshi.engine.progress import ProgressStatus
from luoshi.report import present


@pytest.mark.parametrize("module", ["luoshi.report.present", "luoshi.report.tables", "luoshi.services.gaps"])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (15620000, "元", "1,562 万元"),  # a base unit is scaled from 10万 on
        (99999, "元", "99,999 元"),
        (100000, "元", "10 万元"),
        (3.2e9, "元", "32 亿元"),
        (1.2345e12, "元", "12,345 亿元"),  # 亿 is the largest step: 万亿 reads as grouped 亿
        (1562, "人", "1,562 人"),  # one grouping rule: from four digits on
        (15620, "人", "15,620 人"),
        (428.2, "亿元", "428.2 亿元"),  # a display unit with its multiplier is kept
        (2e6, "亿元", "2,000,000 亿元"),
        (36.5, "%", "36.5%"),
        (1.5e6, "%", "1,500,000%"),  # shares are never scaled
        (400, "天", "400 天"),
        (-2500000, "元", "-250 万元"),
        (0, "家", "0 家"),
        (-0.0001, "家", "-0.0001 家"),
    ],
)
def test_quantity_scales_groups_and_keeps_display_units(value: float, unit: str, text: str) -> None:
    assert present.quantity(value, unit) == text


def test_base_values_are_written_in_the_display_unit() -> None:
    assert present.base_quantity(4.282e10, "亿元") == "428.2 亿元"
    assert present.base_quantity(4.282e10, "元") == "428.2 亿元"
    assert present.base_quantity(15620000, "元") == "1,562 万元"
    assert present.base_quantity(12, "某种单位") == "12 某种单位"  # an unknown unit: the value as it is
    assert present.base_quantity(None, "元") == present.NO_VALUE


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (428.25, 1, "428.3"),  # half away from zero on the decimal digits
        (-428.25, 1, "-428.3"),
        (2.675, 2, "2.68"),  # not 2.67 as binary rounding gives
        (428.0, 1, "428.0"),  # printed precision keeps its zero
        (1234567.891, 2, "1,234,567.89"),
        (-0.004, 2, "0.00"),  # no negative zero
        (0.0, 0, "0"),
        (1562.5, None, "1,563"),  # default: 0 decimals from 1,000
        (428.23, None, "428.2"),  # 1 from 100
        (42.825, None, "42.83"),  # 2 below
        (20.0, None, "20"),  # trailing zeros dropped
        (0.00123, None, "0.0012"),  # two significant digits when small
        (float("nan"), None, present.NO_VALUE),
    ],
)
def test_number_rounding(value: float, decimals: int | None, text: str) -> None:
    assert present.number(value, decimals) == text


def test_printed_precision_survives_scaling_as_default_precision() -> None:
    assert present.quantity(15620000, "元", 0) == "1,562 万元"
    assert present.quantity(428.0, "亿元", 1) == "428.0 亿元"


def test_percent_and_points() -> None:
    assert present.percent(0.042) == "4.2%"
    assert present.percent(0.0425, 2) == "4.25%"
    assert present.percent(-0.013) == "-1.3%"
    assert present.percent(0) == "0.0%"
    assert present.percent(0.85, 0) == "85%"
    assert present.percent(None) == present.NO_VALUE
    assert present.percent(float("inf")) == present.NO_VALUE
    assert present.points(2.7) == "2.7 个百分点"
    assert present.points(-0.35, 2) == "-0.35 个百分点"
    assert present.points(0) == "0.0 个百分点"


@pytest.mark.parametrize(
    ("comparator", "text"),
    [
        (Comparator.EQ, "20 家"),
        (Comparator.GE, "20 家以上"),
        (Comparator.GT, "超过 20 家"),
        (Comparator.LE, "20 家以内"),
        (Comparator.LT, "低于 20 家"),
        (Comparator.APPROX, "20 家左右"),
    ],
)
def test_bounds(comparator: Comparator, text: str) -> None:
    assert present.bounded("20 家", comparator) == text


@pytest.mark.parametrize(
    ("target", "unit", "text"),
    [
        (Target(Measure.GROWTH, Comparator.GE, 8.5, base_year=2020, target_year=2025, annualized=True), "亿元",
         "2021—2025年年均增长 8.5%以上"),
        (Target(Measure.GROWTH, Comparator.GT, 8.5, base_year=2020, target_year=2025, annualized=True), "亿元",
         "2021—2025年年均增长超过 8.5%"),
        (Target(Measure.GROWTH, Comparator.EQ, 40, base_year=2020, target_year=2025, annualized=False), "亿元",
         "2021—2025年累计增长 40%"),
        (Target(Measure.LEVEL, Comparator.GE, 20, target_year=2025), "家", "2025年达到 20 家以上"),
        (Target(Measure.LEVEL, Comparator.EQ, 100, target_year=2025), "家", "2025年达到 100 家"),
        (Target(Measure.LEVEL, Comparator.LE, 4.5, target_year=2025), "%", "2025年控制在 4.5%以内"),
        (Target(Measure.LEVEL, Comparator.APPROX, 6.43e10, target_year=2025), "亿元", "2025年达到 643 亿元左右"),
        (Target(Measure.LEVEL, Comparator.LT, 0.48, target_year=2025), "吨", "2025年低于 0.48 吨"),
        (Target(Measure.LEVEL, Comparator.GE, 2.5e7, target_year=2025), "元", "2025年达到 2,500 万元以上"),
    ],
)  # fmt: skip
def test_targets(target: Target, unit: str, text: str) -> None:
    assert present.target_text(target, unit) == text


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("2023", "2023年"),
        ("2021-2025", "2021—2025年"),
        ("2024YTD09", "2024年1—9月"),
        ("2024Q3", "2024年第三季度"),
        ("2024H2", "2024年下半年"),
        ("2024M11", "2024年11月"),
        ("not a period", "not a period"),
    ],
)
def test_periods(code: str, text: str) -> None:
    assert present.period_text(code) == text
    if text != code:
        assert present.period_text(Period.parse(code)) == text


def test_figures_as_printed() -> None:
    year = Period.parse("2020")
    gdp = Observation("gdp", "r", year, 4.282e10, Measure.LEVEL, "元", "428.2", "亿元")
    assert present.figure_text(gdp, "亿元") == "428.2 亿元"
    zero_kept = Observation("gdp", "r", year, 4.28e10, Measure.LEVEL, "元", "428.0", "亿元")
    assert present.figure_text(zero_kept, "亿元") == "428.0 亿元"
    grouped = Observation("p", "r", year, 1562, Measure.LEVEL, "人", "1562", "人")
    unprinted = Observation("p", "r", year, 1562, Measure.LEVEL, "人")
    assert present.figure_text(grouped, "人") == present.figure_text(unprinted, "人") == "1,562 人"
    bound = Observation("d", "r", year, 310, Measure.LEVEL, "天", "310", "天", Comparator.GE)
    assert present.figure_text(bound, "天") == "310 天以上"
    rate = Observation("g", "r", Period.parse("2016-2020"), 4.2, Measure.GROWTH, "%", "4.2", annualized=True)
    assert present.figure_text(rate, "亿元") == "年均增长 4.2%"
    fall = Observation("g", "r", year, -3.0, Measure.GROWTH, "%", "-3.0")
    assert present.figure_text(fall, "亿元") == "下降 3.0%"


def test_statuses() -> None:
    assert present.status_text(ProgressStatus.TARGET_ACHIEVED) == "已达目标"
    assert present.status_text("acceleration_needed") == "需加快进度"


@pytest.mark.parametrize(
    ("current", "target", "unit", "direction", "text"),
    [
        (14, 50, "家", Direction.INCREASE, "差 36 家"),
        (380, 500, "亿元", Direction.INCREASE, "差 120 亿元"),
        (617.12, 643.89, "亿元", Direction.INCREASE, "差 26.8 亿元"),  # no finer than the coarser value
        (62.3, 65, "%", Direction.INCREASE, "差 2.7 个百分点"),  # shares: 百分点
        (5.2, 4.5, "%", Direction.DECREASE, "需再降 0.7 个百分点"),  # a cap counts downwards
        (50, 50, "家", Direction.INCREASE, "已达到"),
        (4.0, 4.5, "%", Direction.DECREASE, "已达到"),
        (-20, 10, "万元", Direction.INCREASE, "差 30 万元"),  # from a negative value
        (0, 2.5e7, "元", Direction.INCREASE, "差 2,500 万元"),  # from zero, scaled
        (None, 50, "家", Direction.INCREASE, present.NO_VALUE),
    ],
)
def test_gaps(current: float | None, target: float, unit: str, direction: Direction, text: str) -> None:
    assert present.gap_text(current, target, unit, direction) == text


def test_huge_figures_are_written_not_refused() -> None:
    # a figure of 1e30 元 (accepted: finite) once made Decimal's 28-digit context raise on every page
    from luoshi.report.present import number

    assert number(1e30, 2).endswith(",000.00")
    assert number(-3.5e40, 1).startswith("-35,")
