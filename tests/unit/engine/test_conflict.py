"""Conflicting figures: agreement at the precision printed, grouping by key, what a choice overrules."""

from __future__ import annotations

import pytest

from luoshi.domain.target import Measure
from luoshi.engine.conflict import (
    Figure,
    FigureKey,
    FigureSource,
    agree,
    disagreeing,
    find_conflicts,
    tolerance,
)

GDP_2022 = FigureKey("gdp", "140213", "2022", Measure.LEVEL)
GDP_2021 = FigureKey("gdp", "140213", "2021", Measure.LEVEL)
GROWTH_2022 = FigureKey("gdp", "140213", "2022", Measure.GROWTH)


def statement(ref: int, printed: str | None, unit: str = "亿元", key: FigureKey = GDP_2022) -> Figure:
    scale = {"亿元": 1e8, "万元": 1e4, "元": 1.0, "%": 1.0}[unit]
    base = "%" if unit == "%" else "元"
    value = float(printed) * scale if printed else 0.0
    return Figure(FigureSource.STATEMENT, ref, key, value, base, printed, unit)


def observation(ref: int, value: float, printed: str | None = None, unit: str | None = None) -> Figure:
    return Figure(FigureSource.OBSERVATION, ref, GDP_2022, value, "元", printed, unit)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("452.3", "452.34", True),  # the brief's example: one is the other rounded
        ("452.3", "452.3", True),
        ("452.3", "452.25", True),  # the edge of 452.3's interval
        ("452.3", "452.36", False),  # 452.36 rounds to 452.4
        ("452.3", "452.4", False),  # one step of the last digit apart
        ("452.3", "560.4", False),
        ("452", "452.4", True),  # "452" stands for 451.5-452.5
        ("452", "452.6", False),
        ("452.30", "452.34", False),  # printed to two places, 452.30 is not 452.34
    ],
)
def test_agreement_at_the_precision_printed(a: str, b: str, same: bool) -> None:
    assert agree(statement(1, a), statement(2, b)) is same
    assert agree(statement(2, b), statement(1, a)) is same


def test_units_printed_differently_are_compared_in_the_base_unit() -> None:
    assert agree(statement(1, "452.3"), statement(2, "4523400", "万元"))
    assert not agree(statement(1, "452.3"), statement(2, "4533400", "万元"))
    # 4523400 万元 is printed to the 万元, 452.3 亿元 to the 0.1 亿元: the less precise sets the tolerance
    assert tolerance(statement(1, "452.3"), statement(2, "4523400", "万元")) == pytest.approx(5e6, rel=1e-4)


def test_a_figure_without_printed_digits_counts_as_exact() -> None:
    typed = observation(9, 4.5234e10)
    assert agree(typed, statement(1, "452.3"))  # 452.3's own half step covers it
    assert not agree(typed, observation(8, 4.5235e10))  # two exact figures must be equal
    assert agree(typed, observation(8, 4.5234e10 * (1 + 1e-12)))  # but binary noise is no conflict


def test_growth_rates_compare_in_percent() -> None:
    assert agree(statement(1, "5.1", "%", GROWTH_2022), statement(2, "5.12", "%", GROWTH_2022))
    assert not agree(statement(1, "5.1", "%", GROWTH_2022), statement(2, "5.2", "%", GROWTH_2022))


def test_different_base_units_never_agree() -> None:
    people = Figure(FigureSource.STATEMENT, 2, GDP_2022, 4.523e10, "人", "452.3", "亿人")
    assert not agree(statement(1, "452.3"), people)


def test_conflicts_group_by_key_and_keep_every_figure_of_the_key() -> None:
    stored = observation(1, 4.523e10, "452.3", "亿元")
    precise = statement(7, "452.34")
    other = statement(8, "560.4")
    alone = statement(9, "400.0", key=GDP_2021)  # another year: nothing to disagree with
    agreeing = [statement(10, "300.1", key=GROWTH_2022), statement(11, "300.14", key=GROWTH_2022)]
    (conflict,) = find_conflicts([other, alone, precise, stored, *agreeing, precise])
    assert conflict.key == GDP_2022
    assert [(f.source.value, f.ref) for f in conflict.figures] == [
        ("observation", 1),
        ("statement", 7),
        ("statement", 8),
    ]
    assert conflict.observation == stored and conflict.statement_ids == (7, 8)
    assert [(d.first.ref, d.second.ref) for d in conflict.disagreements] == [(1, 8), (7, 8)]
    assert conflict.disagreements[0].difference == pytest.approx(108.1e8)
    assert conflict.against(precise) == (other,) and conflict.against(other) == (stored, precise)


def test_what_a_choice_overrules() -> None:
    stored = observation(1, 4.523e10, "452.3", "亿元")
    figures = [stored, statement(7, "452.34"), statement(8, "560.4"), statement(9, "560.4", key=GDP_2021)]
    assert [f.ref for f in disagreeing(stored, figures)] == [8]  # another key is not overruled
    assert [f.ref for f in disagreeing(figures[2], figures)] == [1, 7]


def test_no_conflict_without_a_disagreement() -> None:
    assert find_conflicts([]) == ()
    assert (
        find_conflicts([statement(1, "452.3"), statement(2, "452.34"), observation(3, 4.523e10, "452.3", "亿元")]) == ()
    )


def test_the_key_code_is_what_the_audit_log_records() -> None:
    assert GDP_2022.code == "gdp/140213:2022:level"
