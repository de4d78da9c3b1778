"""Matching names from texts to the Pingcheng catalogue (plain values, no database)."""

from __future__ import annotations

import pytest
import yaml

from luoshi.domain.indicator import Indicator
from luoshi.domain.measurement import base_unit
from luoshi.domain.target import Measure
from luoshi.extract.matching import ALIAS_SCORE, EXACT_SCORE, Match, match_indicator, normalise, unit_fits
from luoshi.services.plans import demo_plan_path


@pytest.fixture(scope="module")
def catalogue() -> list[Indicator]:
    spec = yaml.safe_load(demo_plan_path().read_text(encoding="utf-8"))
    return [
        Indicator(i["code"], i["name"], base_unit(i["unit"]), i["unit"], aliases=tuple(i.get("aliases", ())))
        for i in spec["indicators"]
    ]


@pytest.mark.parametrize(
    ("name", "unit", "measure", "code"),
    [
        ("地区生产总值", "元", Measure.LEVEL, "gdp"),
        ("固定资产投资", "元", Measure.LEVEL, "fai"),
        ("一般公共预算收入", "元", Measure.LEVEL, "budget-revenue"),
        ("城镇登记失业率", "%", Measure.LEVEL, "unemployment"),
        ("高新技术企业数量", "家", Measure.LEVEL, "hightech-enterprises"),
    ],
)
def test_seed_names_match_exactly(
    catalogue: list[Indicator], name: str, unit: str, measure: Measure, code: str
) -> None:
    assert match_indicator(name, unit, measure, catalogue) == Match(code, EXACT_SCORE, f"name {name}")


def test_region_prefix_and_filler_are_ignored(catalogue: list[Indicator]) -> None:
    match = match_indicator("全区地区生产总值年均增长率", "%", Measure.GROWTH, catalogue)
    assert match is not None and match.code == "gdp" and match.score == EXACT_SCORE


def test_alias_scores_below_name(catalogue: list[Indicator]) -> None:
    assert match_indicator("GDP", "元", Measure.LEVEL, catalogue) == Match("gdp", ALIAS_SCORE, "alias GDP")
    assert match_indicator("全社会固定资产投资", "元", Measure.LEVEL, catalogue) == Match(
        "fai", ALIAS_SCORE, "alias 全社会固定资产投资"
    )


def test_containment_is_weaker_and_picks_the_closest(catalogue: list[Indicator]) -> None:
    match = match_indicator("老旧小区综合整治工程", "个", Measure.LEVEL, catalogue)
    assert match is not None and match.code == "old-compounds-renovated"
    assert match.score == ALIAS_SCORE  # the alias 老旧小区综合整治工程 is exact
    match = match_indicator("交接档案馆共接收文书档案", "卷", Measure.LEVEL, catalogue)
    assert match is not None and match.code == "archives-documents"
    assert 0.4 < match.score < ALIAS_SCORE and match.reason == "contains 接收文书档案"


def test_growth_in_percent_fits_any_indicator_but_a_level_needs_the_unit(catalogue: list[Indicator]) -> None:
    growth = match_indicator("一般公共预算收入", "%", Measure.GROWTH, catalogue)
    assert growth is not None and growth.code == "budget-revenue"
    assert match_indicator("地区生产总值", "家", Measure.LEVEL, catalogue) is None
    assert match_indicator("地区生产总值", "百分点", Measure.GROWTH, catalogue) is None


def test_unknown_or_too_short_names_do_not_match(catalogue: list[Indicator]) -> None:
    assert match_indicator("王振翼一生中曾", "次", Measure.LEVEL, catalogue) is None
    assert match_indicator("融资", "元", Measure.LEVEL, catalogue) is None  # too short to be contained
    assert match_indicator("全区", "元", Measure.LEVEL, catalogue) is None  # nothing left after normalising


def test_normalise_and_unit_fits() -> None:
    assert normalise("全县规模以上工业增加值增速") == "规模以上工业增加值"
    assert normalise("“双百工程”示范党组织") == "双百工程示范党组织"
    rate = Indicator("unemployment", "城镇登记失业率", "%", "%")
    assert unit_fits("%", Measure.LEVEL, rate)
    assert not unit_fits("人", Measure.LEVEL, rate)
    assert unit_fits("%", Measure.GROWTH, Indicator("gdp", "地区生产总值", "元", "亿元"))
