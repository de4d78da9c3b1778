"""The no-target rule: own status words, the absolute change below the minimum base and span, and the
same answers from the per-series reference and the vectorised engine."""

from __future__ import annotations

import math
from dataclasses import fields

import pytest

from luoshi.domain.indicator import Direction
from luoshi.engine.progress import (
    DEFAULT_RULES,
    NO_TARGET_STATUS_LABELS,
    PROGRESS_STATUS_LABELS,
    ProgressResult,
    ProgressRules,
    ProgressStatus,
    Series,
    TargetSpec,
    assess_many,
    assess_series,
    status_label,
)

TARGET_WORDS = {PROGRESS_STATUS_LABELS[s] for s in ProgressStatus if s is not ProgressStatus.INSUFFICIENT_DATA}


def both(series: Series, rules: ProgressRules = DEFAULT_RULES) -> list[ProgressResult]:
    """The reference's result, checked against the vectorised engine's (floats to 1e-9)."""
    reference = assess_series(series, rules)
    (vectorised,) = assess_many([series], rules)
    for f in fields(ProgressResult):
        x, y = getattr(vectorised, f.name), getattr(reference, f.name)
        if isinstance(x, float) and isinstance(y, float):
            assert math.isclose(x, y, rel_tol=1e-9), (f.name, x, y)
        else:
            assert x == y, (f.name, x, y)
    return [reference]


def test_a_count_from_2_to_45_shows_plus_43_and_no_rate() -> None:
    (r,) = both(Series({2020: 2.0, 2022: 45.0}, Direction.INCREASE, 2020))
    assert r.change == 43.0
    assert r.rate_shown is False  # base 2 is below the minimum base of 100
    assert r.status is ProgressStatus.ON_TRACK  # the code stays Open SDG's
    word = status_label(r.status, targeted=False)
    assert word == "明显向好" and word not in {"进度正常", "需加快进度", "进展缓慢", "已达目标"}


def test_no_target_words_are_never_a_target_status_word_except_deterioration_and_no_data() -> None:
    for status, word in NO_TARGET_STATUS_LABELS.items():
        if status in (ProgressStatus.INSUFFICIENT_DATA, ProgressStatus.DETERIORATION):
            continue
        assert word not in TARGET_WORDS, word
    assert [status_label(s, False) for s in NO_TARGET_STATUS_LABELS] == [
        "数据不足",
        "明显向好",
        "稳步向好",
        "基本持平",
        "出现倒退",
    ]
    assert status_label(ProgressStatus.ON_TRACK, True) == "进度正常"


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ({2020: 100.0, 2022: 110.0}, True),  # base 100 over two years: the rate is shown
        ({2020: 99.9, 2022: 110.0}, False),  # below the minimum base
        ({2020: 100.0, 2021: 110.0}, False),  # one year only: below the minimum span
        ({2020: 4.2e10, 2021: 4.6e10}, False),  # a large base over one year: still only the change
        ({2020: 4.2e10, 2023: 4.6e10}, True),
    ],
)
def test_the_rate_is_shown_only_from_the_minimum_base_and_span(values: dict[int, float], shown: bool) -> None:
    (r,) = both(Series(values, Direction.INCREASE, 2020))
    assert r.rate_shown is shown
    assert r.observed_rate is not None  # the status and score still follow the rate
    assert r.change == pytest.approx(max(values.values()) - values[2020])


def test_a_target_always_shows_its_rate_and_the_rules_are_configurable() -> None:
    (r,) = both(Series({2020: 2.0, 2022: 45.0}, Direction.INCREASE, 2020, TargetSpec(60.0, 2025)))
    assert r.rate_shown is True and r.change == 43.0
    (loose,) = both(
        Series({2020: 2.0, 2021: 45.0}, Direction.INCREASE, 2020), ProgressRules(min_rate_base=1, min_rate_span=1)
    )
    assert loose.rate_shown is True


def test_a_decrease_without_a_target_reads_as_deterioration_and_change_needs_two_years() -> None:
    (r,) = both(Series({2020: 40.0, 2022: 52.0}, Direction.DECREASE, 2020))
    assert r.status is ProgressStatus.DETERIORATION and r.change == 12.0 and not r.rate_shown
    assert status_label(r.status, False) == "出现倒退"
    (one,) = both(Series({2020: 40.0}, Direction.INCREASE, 2020))
    assert one.change is None and one.rate_shown is False
    (zero,) = both(Series({2020: 0.0, 2022: 3.0}, Direction.INCREASE, 2020))  # no rate from 0, but a change
    assert zero.status is ProgressStatus.INSUFFICIENT_DATA and zero.change == 3.0 and not zero.rate_shown
