from __future__ import annotations

import pytest

from luoshi.domain.errors import InvalidInput
from luoshi.domain.indicator import Direction
from luoshi.domain.target import Measure
from luoshi.ingest.sheet import parse_observations, parse_targets, series_for_assessment


def test_extra_columns_blank_lines_and_spaces_are_fine() -> None:
    sheet = parse_observations(" indicator , year ,value,note\ngdp, 2018 ,394.5,初步核算\n\ngdp,2020,428.2,\n", "o.csv")
    assert [(r.indicator, r.year, r.printed, r.row) for r in sheet.rows] == [
        ("gdp", 2018, "394.5", 2),
        ("gdp", 2020, "428.2", 4),  # rows as a spreadsheet numbers them
    ]


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_observations("indicator,year,value\n,2018,1\ngdp,x,1\ngdp,2019,\n", "o.csv")
    assert [str(p.location) for p in caught.value.problems] == [
        "o.csv: row 2, column indicator",
        "o.csv: row 3, column year",
        "o.csv: row 4, column value",
    ]


def test_targets_without_a_target_value_have_no_target() -> None:
    rows = parse_targets(
        "indicator,direction,base_year,target_year,target_value,measure\n"
        "gdp,increase,2020,2025,8.5,growth\nfai,Decrease,2018,,,\n",
        "t.csv",
    )
    assert rows[0].target is not None and rows[0].target.measure is Measure.GROWTH
    assert rows[1].target is None and rows[1].direction is Direction.DECREASE


def test_series_follow_the_targets_and_name_unassessed_indicators() -> None:
    sheet = parse_observations("indicator,year,value\ngdp,2020,1\ngdp,2021,2\nextra,2020,5\n", "o.csv")
    targets = parse_targets(
        "indicator,direction,base_year,target_year,target_value,measure\ngdp,increase,2020,,,\n", "t.csv"
    )
    prepared = series_for_assessment(sheet, targets)
    assert prepared.indicators == ("gdp",) and prepared.series[0].values == {2020: 1.0, 2021: 2.0}
    assert prepared.notes == ("o.csv: extra has figures but no row in the targets: not assessed",)
