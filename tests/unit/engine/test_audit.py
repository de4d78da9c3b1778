from __future__ import annotations

import pytest

from luoshi.domain.errors import DomainError
from luoshi.domain.measurement import UnknownUnit
from luoshi.domain.observation import Observation
from luoshi.domain.period import Period
from luoshi.domain.target import Measure
from luoshi.engine.audit import (
    FindingKind,
    GrowthClaim,
    Verdict,
    check_growth_claim,
    check_parts,
    check_share,
    check_unit,
    claim_from_observations,
)
from luoshi.engine.growth import GrowthError


@pytest.mark.parametrize(
    ("levels", "claimed", "computed", "verdict"),
    [
        (("394.5", "428.2"), "4.2", 4.18, Verdict.CONSISTENT),  # 地区生产总值
        (("164.7", "216.4"), "14.6", 14.63, Verdict.CONSISTENT),  # 固定资产投资
        (("4.9", "9.2"), "36.6", 37.02, Verdict.WITHIN_ROUNDING),  # 一般公共预算收入: not an error
    ],
)
def test_the_three_claims_of_the_pingcheng_seed_page(
    levels: tuple[str, str], claimed: str, computed: float, verdict: Verdict
) -> None:
    check = check_growth_claim(GrowthClaim("x", 2018, 2020, claimed, *levels))
    assert round(check.computed_rate, 2) == computed
    assert check.low <= check.computed_rate <= check.high
    assert check.verdict is verdict


def test_revenue_claim_interval() -> None:
    check = check_growth_claim(GrowthClaim("revenue", 2018, 2020, "36.6", "4.9", "9.2"))
    assert (round(check.low, 2), round(check.high, 2)) == (35.96, 38.10)
    assert "within_rounding" in check.message


def test_inconsistent_and_boundary_claims() -> None:
    assert check_growth_claim(GrowthClaim("gdp", 2018, 2020, "5.2", "394.5", "428.2")).verdict is Verdict.INCONSISTENT
    # 4.18 % printed to two decimals: computed 4.1837 rounds to 4.18
    assert check_growth_claim(GrowthClaim("gdp", 2018, 2020, "4.18", "394.5", "428.2")).verdict is Verdict.CONSISTENT
    # 4.17 is outside 4.1837 when rounded, but [4.165, 4.175] overlaps [4.171, 4.196]
    assert check_growth_claim(GrowthClaim("gdp", 2018, 2020, "4.17", "394.5", "428.2")).verdict is (
        Verdict.WITHIN_ROUNDING
    )
    # 累计 (whole-span) growth: 8.5 % from 394.5 to 428.2
    total = check_growth_claim(GrowthClaim("gdp", 2018, 2020, "8.5", "394.5", "428.2", annualized=False))
    assert total.verdict is Verdict.CONSISTENT


def test_half_up_at_the_claims_decimals() -> None:
    # 100 -> 102.5 in one year is exactly 2.5 %: a claim of "3" (no decimals) rounds half up
    assert check_growth_claim(GrowthClaim("x", 2020, 2021, "3", "100.0", "102.5")).verdict is Verdict.CONSISTENT


def test_bad_claims() -> None:
    with pytest.raises(GrowthError):
        check_growth_claim(GrowthClaim("x", 2020, 2020, "3", "1", "2"))
    with pytest.raises(GrowthError):
        check_growth_claim(GrowthClaim("x", 2018, 2020, "3", "0", "2"))


def test_parts_exceeding_their_sum() -> None:
    assert check_parts("GDP", "428.2", {"一产": "5.1", "二产": "120.3", "三产": "302.9"}) is None  # 428.3: rounding
    finding = check_parts("GDP", "428.2", {"一产": "5.1", "二产": "125.3", "三产": "302.9"})
    assert finding is not None and finding.kind is FindingKind.PARTS_EXCEED_TOTAL and "433.3" in finding.message


def test_shares_above_the_whole() -> None:
    assert check_share("城镇化率", "100.0") is None
    assert check_share("城镇化率", "100.04") is not None
    finding = check_share("达标率", "1001", "‰")
    assert finding is not None and finding.kind is FindingKind.SHARE_ABOVE_100
    with pytest.raises(GrowthError):
        check_share("GDP", "50", "亿元")


def test_unit_mismatch_between_a_figure_and_its_series() -> None:
    assert check_unit("GDP", "亿元", "亿元") is None
    mismatch = check_unit("GDP", "万元", "亿元", 4282000.0, [394.5, 410.0])
    assert mismatch is not None and mismatch.kind is FindingKind.UNIT_MISMATCH
    assert "428.2 亿元" in mismatch.message and "typo" not in mismatch.message
    typo = check_unit("GDP", "万元", "亿元", 428.2, [394.5, 410.0])
    assert typo is not None and "typo" in typo.message
    other = check_unit("GDP", "万人", "亿元")
    assert other is not None and other.kind is FindingKind.UNIT_INCOMPATIBLE
    with pytest.raises(UnknownUnit):
        check_unit("GDP", "斤斤", "亿元")


def test_levels_printed_in_different_units() -> None:
    # 2018 printed as 394.5 亿元, 2020 as 4282000 万元: the same figures, read in their own units
    claim = GrowthClaim("gdp", 2018, 2020, "4.2", "394.5", "4282000", start_unit="亿元", end_unit="万元")
    check = check_growth_claim(claim)
    assert round(check.computed_rate, 2) == 4.18 and check.verdict is Verdict.CONSISTENT
    assert check.high - check.low < 0.03  # 4282000 万元 is precise to 万元: only 394.5 limits the range
    with pytest.raises(GrowthError):
        check_growth_claim(GrowthClaim("gdp", 2018, 2020, "4.2", "394.5", "428.2", start_unit="亿元", end_unit="万人"))


def test_claims_from_stored_observations() -> None:
    def level(year: int, value: float, printed: str | None) -> Observation:
        return Observation("rev", "140213", Period(year), value, Measure.LEVEL, "元", printed, "亿元")

    levels = {2018: level(2018, 4.9e8, "4.9"), 2019: level(2019, 6.8e8, None), 2020: level(2020, 9.2e8, "9.2")}
    span = Observation("rev", "140213", Period.parse("2018-2020"), 36.6, Measure.GROWTH, "%", "36.6", annualized=True)
    claim = claim_from_observations(span, levels)
    assert (claim.start_level, claim.end_level, claim.claimed_rate) == ("4.9", "9.2", "36.6")
    assert check_growth_claim(claim).verdict is Verdict.WITHIN_ROUNDING
    yoy = Observation("rev", "140213", Period(2020), 35.3, Measure.GROWTH, "%", "35.3")
    claim = claim_from_observations(yoy, levels)
    assert (claim.start_year, claim.start_level) == (2019, "6.8")  # no printed digits kept: the value in 亿元
    assert check_growth_claim(claim).verdict is Verdict.CONSISTENT  # 9.2 / 6.8 - 1 = 35.29 %
    with pytest.raises(DomainError, match="no level for 2016"):
        claim_from_observations(
            Observation("rev", "140213", Period.parse("2016-2020"), 30.0, Measure.GROWTH, "%"), levels
        )
