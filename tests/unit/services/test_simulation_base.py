"""Where the simulated scenario starts: the base-year level the real figures give, one-off figures left
alone, shares and days kept within what they can be, and the same seed giving the same figures."""

from __future__ import annotations

import random

import pytest

from luoshi.domain.indicator import Direction, Indicator
from luoshi.domain.observation import Observation
from luoshi.domain.period import Period
from luoshi.domain.target import Measure
from luoshi.engine.progress import ProgressStatus, Series, assess_series
from luoshi.services.simulation import one_off, real_base, simulate_indicator

REGION = "140213"


def obs(code: str, period: str, value: float, unit: str, *, region: str = REGION) -> Observation:
    return Observation(code, region, Period.parse(period), value, Measure.LEVEL, unit)


MONEY = Indicator("investment", "项目完成投资", "元", "亿元")
COUNT = Indicator("compounds", "老旧小区综合整治", "个", "个")
SHARE = Indicator("sweeping", "道路机械化清扫率", "%", "%")
DAYS = Indicator("air", "空气质量优良天数", "天", "天")


def test_money_over_a_span_is_spread_over_its_years() -> None:
    figures = [obs("investment", "2018-2020", 4.61e10, "元")]
    assert real_base(MONEY, figures, REGION, 2020) == pytest.approx(4.61e10 / 3)


def test_a_count_over_a_span_is_the_level_at_its_end_and_a_year_beats_a_span() -> None:
    assert real_base(COUNT, [obs("compounds", "2018-2020", 127, "个")], REGION, 2020) == 127
    both = [obs("compounds", "2016-2020", 300, "个"), obs("compounds", "2020", 130, "个")]
    assert real_base(COUNT, both, REGION, 2020) == 130
    newer = [obs("compounds", "2018", 100, "个"), obs("compounds", "2019-2021", 140, "个")]
    assert real_base(COUNT, newer, REGION, 2020) == 140  # a span that covers the base year


def test_no_base_from_later_figures_or_another_region() -> None:
    later = [obs("compounds", "2021", 20, "个"), obs("compounds", "2021M03", 5, "个")]
    assert real_base(COUNT, later, REGION, 2020) is None and one_off(later, 2020)
    elsewhere = [obs("compounds", "2020", 10, "个", region="140200")]
    assert real_base(COUNT, elsewhere, REGION, 2020) is None
    assert not one_off([obs("compounds", "2019-2021", 40, "个")], 2020)
    assert not one_off([], 2020)  # no figures at all: simulated from a made-up base


@pytest.mark.parametrize(
    ("indicator", "start", "cap"),
    [(SHARE, 80.0, 100.0), (DAYS, 310.0, 365.0)],
)
def test_shares_and_days_stay_within_their_bounds(indicator: Indicator, start: float, cap: float) -> None:
    figures = [obs(indicator.code, "2020", start, indicator.unit)]
    drawn = 0
    for seed in range(8):
        made, status = simulate_indicator(
            indicator,
            figures,
            None,
            base_year=2020,
            last_year=2024,
            region=REGION,
            intended=ProgressStatus.ON_TRACK,
            rng=random.Random(seed),
        )
        assert all(o.value <= cap for o in made)
        if made:
            values = {o.period.year: o.value for o in made} | {2020: start}
            assert assess_series(Series(values, Direction.INCREASE, 2020)).status is status
            drawn += 1
    assert drawn  # growth of 3-8 %/yr fits under the bound for some draws, never above it


def test_a_made_up_base_is_of_the_units_size_and_the_seed_decides() -> None:
    income = Indicator("income", "城镇居民人均可支配收入", "元", "元")

    def run(seed: int) -> list[Observation]:
        made, _ = simulate_indicator(
            income,
            [],
            None,
            base_year=2020,
            last_year=2024,
            region=REGION,
            intended=ProgressStatus.ON_TRACK,
            rng=random.Random(seed),
        )
        return made

    made = run(7)
    assert [o.period.year for o in made] == [2020, 2021, 2022, 2023, 2024]
    assert 25000 <= made[0].value <= 45000  # per-capita income, not 10-1000 元
    assert all(o.scenario == "simulated" for o in made)
    assert run(7) == made and run(8) != made
