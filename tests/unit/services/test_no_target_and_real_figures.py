"""A plan assessed (pure over a bundle): the no-target words and change, and real figures beating simulated
ones of the same indicator, region, period and measure everywhere the assessment looks."""

from __future__ import annotations

from luoshi.domain.indicator import Direction, Indicator
from luoshi.domain.observation import Observation
from luoshi.domain.period import Period
from luoshi.domain.plan import Plan, PlanBundle
from luoshi.domain.target import Comparator, Measure, Target
from luoshi.services.progress import SIMULATED, assess, change_text, real_first, superseded

REGION = "140213"
PLAN = Plan("p", "平城区规划", REGION, 2021, 2025)


def obs(
    code: str, year: int, value: float, *, scenario: str = "actual", measure: Measure = Measure.LEVEL
) -> Observation:
    unit = "%" if measure is Measure.GROWTH else "家"
    return Observation(code, REGION, Period.parse(str(year)), value, measure, unit, scenario=scenario)


def growth(code: str, start: int, end: int, rate: float, *, scenario: str) -> Observation:
    return Observation(
        code, REGION, Period.parse(f"{start}-{end}"), rate, Measure.GROWTH, "%", f"{rate:g}", "%",
        annualized=True, scenario=scenario,
    )  # fmt: skip


FIRMS = Indicator("firms", "高新技术企业数", "家", "家")
EXPORTS = Indicator("exports", "外贸进出口额", "元", "亿元")
JOBLESS = Indicator("jobless", "城镇调查失业率", "%", "%", direction=Direction.DECREASE)


def test_a_count_without_a_target_from_2_to_45_reads_plus_43_with_its_own_words() -> None:
    bundle = PlanBundle(
        PLAN, indicators=(FIRMS,), observations={"firms": (obs("firms", 2020, 2), obs("firms", 2022, 45))}
    )
    (view,) = assess(bundle).progress.indicators
    assert view.targeted is False
    assert view.status == "on_track" and view.status_label == "明显向好"
    assert view.status_label not in {"进度正常", "需加快进度", "进展缓慢", "已达目标"}
    assert view.observed_rate is None  # no compound rate on a base of 2
    assert view.change == 43 and view.change_text == "+43 家"
    assert "+43 家" in view.explanation and "%" not in view.explanation and "进度" not in view.explanation
    assert view.projected_value is None


def test_a_percentage_without_a_target_moves_in_percentage_points() -> None:
    values = (obs("jobless", 2020, 4.2), obs("jobless", 2023, 4.8))
    (view,) = assess(PlanBundle(PLAN, indicators=(JOBLESS,), observations={"jobless": values})).progress.indicators
    assert view.status_label == "出现倒退" and view.change_text == "+0.6 个百分点" and view.observed_rate is None
    assert change_text(-0.3, "%") == "−0.3 个百分点" and change_text(0.0, "家") == "0 家"


def test_a_large_base_over_years_shows_its_rate_as_well() -> None:
    values = (obs("exports", 2020, 1.0e10), obs("exports", 2023, 1.2e10))
    (view,) = assess(PlanBundle(PLAN, indicators=(EXPORTS,), observations={"exports": values})).progress.indicators
    assert view.observed_rate is not None and round(view.observed_rate, 4) == 0.0627
    assert view.change_text == "+20 亿元" and "年均增长 6.3%" in view.explanation


def test_a_real_figure_beats_the_simulated_one_of_the_same_period() -> None:
    target = Target(Measure.LEVEL, Comparator.GE, 60, 2025, base_year=2020)
    figures = (
        obs("firms", 2020, 20),
        obs("firms", 2020, 20, scenario=SIMULATED),  # replaced by the real 2020
        obs("firms", 2022, 24),  # real
        obs("firms", 2022, 40, scenario=SIMULATED),  # replaced by the real 2022
        obs("firms", 2022, 9.0, scenario=SIMULATED, measure=Measure.GROWTH),  # another measure: stays
        growth("firms", 2020, 2022, 41.4, scenario=SIMULATED),  # its simulated level is gone: not audited
    )
    replaced = superseded(figures)
    assert replaced == {f"{REGION}:2020:level:{SIMULATED}", f"{REGION}:2022:level:{SIMULATED}"}
    assert [o.value for o in real_first(figures, include_simulated=True)] == [20, 24, 9.0, 41.4]
    bundle = PlanBundle(PLAN, indicators=(FIRMS,), targets={"firms": (target,)}, observations={"firms": figures})
    assessed = assess(bundle)
    (view,) = assessed.progress.indicators
    assert view.current_year == 2022 and view.current_value == 24  # not 40
    assert view.uses_simulated is False
    assert view.status == "limited_progress" and view.status_label == "进展缓慢"
    assert [o.value for _, o in assessed.newest["firms"]] == [24, 9.0, 41.4, 20]  # no simulated 40
    # the simulated claim (41.4 % a year, 20 -> 40) is checked no more: its simulated levels gave way
    assert assessed.audit.claims == []
    hidden = assess(bundle, include_simulated=False)
    assert hidden.progress.indicators[0].current_value == 24
