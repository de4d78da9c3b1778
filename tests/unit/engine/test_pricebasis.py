"""The price-basis rule (价格口径): a 可比价 indicator's growth target is judged on chained real growth rates."""

from __future__ import annotations

import pytest

from luoshi.domain.errors import InvalidInput
from luoshi.domain.indicator import Direction, PriceBasis
from luoshi.domain.target import Measure
from luoshi.engine.audit import GrowthClaim, Verdict, check_growth_claim
from luoshi.engine.pricebasis import (
    ALL_YEARS_FROM_LEVELS,
    SOME_YEARS_FROM_LEVELS,
    ReportedRate,
    chain_real_levels,
)
from luoshi.engine.progress import ProgressStatus, Series, TargetSpec, assess_series
from luoshi.ingest.sheet import growth_claims, parse_claims, parse_observations
from luoshi.web.zh import note_zh

#: current-price levels growing 7 % a year from 2020 (亿元)
NOMINAL = {2020 + k: 400.0 * 1.07**k for k in range(4)}
#: 年均增长 6 % from 2020 to 2025
TARGET = TargetSpec(6.0, 2025, Measure.GROWTH)


def yearly(rates: dict[int, float]) -> list[ReportedRate]:
    return [ReportedRate(year - 1, year, percent) for year, percent in rates.items()]


def test_nominal_seven_percent_real_four_percent_is_judged_on_four() -> None:
    real = chain_real_levels(NOMINAL, yearly({2021: 4.0, 2022: 4.0, 2023: 4.0}), 2020)
    assert real is not None and real.judged_from_rates and real.notes == ()
    assert real.annual_rate == pytest.approx(0.04)
    judged = assess_series(Series(real.levels, Direction.INCREASE, 2020, TARGET))
    assert judged.observed_rate == pytest.approx(0.04)
    assert judged.ratio == pytest.approx(0.04 / 0.06)
    assert judged.status is ProgressStatus.ACCELERATION_NEEDED
    # on the current-price levels the same series would pass for on track: that is the error avoided
    nominal = assess_series(Series(NOMINAL, Direction.INCREASE, 2020, TARGET))
    assert nominal.observed_rate == pytest.approx(0.07) and nominal.status is ProgressStatus.ON_TRACK


def test_rates_are_chained_over_the_years() -> None:
    real = chain_real_levels(NOMINAL, yearly({2021: 2.0, 2022: 6.0, 2023: 5.0}), 2020)
    assert real is not None
    assert real.index[2023] == pytest.approx(1.02 * 1.06 * 1.05)
    assert real.levels[2023] == pytest.approx(400.0 * 1.02 * 1.06 * 1.05)
    assert real.from_rates == (2021, 2022, 2023) and real.from_levels == ()
    assert real.annual_rate == pytest.approx((1.02 * 1.06 * 1.05) ** (1 / 3) - 1)


def test_a_span_rate_and_rates_published_before_the_levels() -> None:
    rates = [ReportedRate(2020, 2022, 5.0, annualized=True), ReportedRate(2022, 2024, 9.0, annualized=False)]
    real = chain_real_levels({2020: 100.0, 2021: 110.0}, rates, 2020)
    assert real is not None
    assert real.last_year == 2024  # no level for 2022-2024 yet: the rates carry the series on
    assert real.index[2022] == pytest.approx(1.05**2)
    assert real.index[2021] == pytest.approx(1.05)  # inside a span: at its mean rate
    assert real.index[2024] == pytest.approx(1.05**2 * 1.09)
    assert real.from_rates == (2021, 2022, 2023, 2024) and real.used == tuple(rates)


def test_years_without_a_rate_fall_back_on_levels_and_say_so() -> None:
    # 2022 has no real rate: its growth is the current-price 7 %
    real = chain_real_levels(NOMINAL, yearly({2021: 4.0, 2023: 4.0}), 2020)
    assert real is not None
    assert real.index[2023] == pytest.approx(1.04 * 1.07 * 1.04)
    assert real.from_rates == (2021, 2023) and real.from_levels == (2022,)
    assert real.notes == (SOME_YEARS_FROM_LEVELS,)
    assert note_zh(SOME_YEARS_FROM_LEVELS) == "部分年份无可比价增速，按现价水平推算"


def test_no_rate_at_all_is_the_current_price_growth_with_its_note() -> None:
    real = chain_real_levels(NOMINAL, [], 2020)
    assert real is not None and not real.judged_from_rates
    assert real.annual_rate == pytest.approx(0.07)
    assert real.notes == (ALL_YEARS_FROM_LEVELS,)
    assert note_zh(ALL_YEARS_FROM_LEVELS) == "没有可比价增速，按现价水平推算"


def test_a_rate_stretch_without_a_level_at_its_end_gives_way_to_levels() -> None:
    # 2021's rate is reported, 2021's level is not; 2022 has a level but no rate: 2020 -> 2022 from levels
    real = chain_real_levels({2020: 100.0, 2022: 121.0}, yearly({2021: 4.0}), 2020)
    assert real is not None
    assert real.index == {2020: 1.0, 2022: pytest.approx(1.21)}
    assert real.from_rates == () and real.from_levels == (2021, 2022) and real.used == ()


def test_rates_before_the_base_year_and_no_level_from_the_base_on() -> None:
    assert chain_real_levels({2018: 394.5}, yearly({2019: 5.0}), 2020) is None
    real = chain_real_levels({2018: 394.5, 2020: 428.2}, [ReportedRate(2018, 2020, 4.2)], 2020)
    assert real is not None and real.index == {2020: 1.0} and real.used == ()


def test_the_audit_says_basis_differs_for_a_comparable_indicator_only() -> None:
    claim = GrowthClaim("地区生产总值", 2018, 2020, "4.2", "394.5", "428.2")
    comparable = check_growth_claim(claim, PriceBasis.COMPARABLE)
    assert comparable.verdict is Verdict.BASIS_DIFFERS
    assert comparable.computed_rate == pytest.approx(4.18, abs=0.005)  # still computed, for reading
    for basis in (PriceBasis.CURRENT, PriceBasis.NOT_APPLICABLE):
        assert check_growth_claim(claim, basis).verdict is Verdict.CONSISTENT
    assert check_growth_claim(claim).verdict is Verdict.CONSISTENT


def test_a_claims_sheet_may_mark_comparable_claims() -> None:
    observations = parse_observations("indicator,year,value\ngdp,2018,394.5\ngdp,2020,428.2\n", "obs.csv")
    sheet = "indicator,start_year,end_year,claimed_rate,price_basis\ngdp,2018,2020,4.2,可比价\ngdp,2018,2020,4.2,\n"
    claims = growth_claims(observations, parse_claims(sheet, "claims.csv"), "claims.csv")
    assert [c.price_basis for c in claims] == [PriceBasis.COMPARABLE, PriceBasis.NOT_APPLICABLE]
    assert [check_growth_claim(c).verdict for c in claims] == [Verdict.BASIS_DIFFERS, Verdict.CONSISTENT]
    with pytest.raises(InvalidInput) as bad:
        parse_claims("indicator,start_year,end_year,claimed_rate,price_basis\ngdp,2018,2020,4.2,real\n", "c.csv")
    problem = bad.value.problems[0]
    assert problem.location.column == "price_basis" and "'real' is not a price basis" in problem.message


def test_a_real_rate_is_chained_before_a_simulated_one() -> None:
    simulated = ReportedRate(2020, 2023, 6.0, simulated=True)
    real = chain_real_levels(NOMINAL, [simulated, *yearly({2021: 4.0, 2022: 4.0, 2023: 4.0})], 2020)
    assert real is not None and real.index[2023] == pytest.approx(1.04**3)
    assert not any(r.simulated for r in real.used)
    # where no real rate starts, the simulated span is taken
    only = chain_real_levels(NOMINAL, [simulated], 2020)
    assert only is not None and only.index[2023] == pytest.approx(1.06**3) and only.used == (simulated,)
