"""The pure rules of accepting a statement: a growth span's base year, the printed digits of a figure."""

from __future__ import annotations

import pytest

from luoshi.domain.target import Comparator, Measure
from luoshi.extract import Modality, Statement
from luoshi.services.review import growth_base_year, printed_figure, proposed_unit


@pytest.mark.parametrize(
    ("start_year", "year", "base"),
    [(2016, 2020, 2015), (2021, 2025, 2020), (2018, 2020, 2018), (2017, 2021, 2017), (2011, 2015, 2010)],
)
def test_growth_base_year(start_year: int, year: int, base: int) -> None:
    assert growth_base_year(start_year, year) == base


@pytest.mark.parametrize(
    ("text", "value", "unit", "printed"),
    [
        ("增加到2020年的428.2亿元", 4.282e10, "元", ("428.2", "亿元")),
        ("达到9.20亿元", 9.2e8, "元", ("9.20", "亿元")),
        ("60000余处", 60000.0, "处", ("60000", "处")),
        ("下降5.6%", -5.6, "%", ("5.6", "%")),
        ("1.2 万人", 12000.0, "人", ("1.2", "万人")),
        ("两次", 2.0, "次", None),  # Chinese numerals: no printed digits to keep
        ("2020年的428.2亿元", 1.0, "元", None),  # nothing in the text makes this value
    ],
)
def test_printed_figure(text: str, value: float, unit: str, printed: tuple[str, str] | None) -> None:
    assert printed_figure(text, value, unit) == printed


def statement(value: float, unit: str, measure: Measure = Measure.LEVEL) -> Statement:
    return Statement("d", 0, 1, "x", "x", None, Modality.ACTUAL, measure, value, unit, Comparator.EQ, 2020, None, False)


def test_proposed_unit() -> None:
    assert proposed_unit(statement(4.9e8, "元")) == "亿元"
    assert proposed_unit(statement(5e4, "元")) == "万元"
    assert proposed_unit(statement(300.0, "元")) == "元"
    assert proposed_unit(statement(12.0, "座")) == "座"
    assert proposed_unit(statement(5.1, "%", Measure.GROWTH)) is None
