from __future__ import annotations

import pytest

from luoshi.domain.errors import DomainError
from luoshi.domain.indicator import Indicator
from luoshi.domain.plan import Goal, GoalKind
from luoshi.engine.progress import ProgressResult
from luoshi.engine.progress import ProgressStatus as S
from luoshi.engine.rollup import rollup, rollup_plan

A = {
    "gdp": ProgressResult(S.ACCELERATION_NEEDED, 1.0),
    "invest": ProgressResult(S.ON_TRACK, 3.0),
    "jobless": ProgressResult(S.TARGET_ACHIEVED, 5.0),
    "air": ProgressResult(S.DETERIORATION, -3.0),
    "new": ProgressResult(S.INSUFFICIENT_DATA),
}
CHILDREN = {"H": ["H1", "H2"], "H1": ["H1.1"]}
INDICATORS = {"H1": ["gdp"], "H1.1": ["invest"], "H2": ["jobless", "air", "new"]}


def test_counts_share_and_equal_weight_scores() -> None:
    r = rollup(CHILDREN, INDICATORS, A)
    h1, h2, h = r.goals["H1"], r.goals["H2"], r.goals["H"]
    assert h1.total == 2 and h1.counts[S.ON_TRACK] == 1 and h1.counts[S.ACCELERATION_NEEDED] == 1
    assert h1.score == pytest.approx((3.0 + 1.0) / 2)  # child goal H1.1 (3.0) and own indicator gdp (1.0)
    assert h2.score == pytest.approx((5.0 - 3.0) / 2)  # "new" has no score and is left out
    assert h2.share_on_track == pytest.approx(1 / 2)  # of the two with enough data
    assert h2.counts[S.INSUFFICIENT_DATA] == 1
    assert h.score == pytest.approx((2.0 + 1.0) / 2)
    assert h.total == 5 and sum(h.counts.values()) == 5
    assert r.plan.score == h.score and r.plan.total == 5
    assert any("no score for new" in w for w in h2.warnings)


def test_weights_that_add_up_need_no_warning() -> None:
    r = rollup(CHILDREN, INDICATORS, A, goal_weights={"H1": 60, "H2": 40})
    assert r.goals["H"].score == pytest.approx(0.6 * 2.0 + 0.4 * 1.0)
    assert r.goals["H"].warnings == ()


def test_weights_that_do_not_add_up_are_normalised_and_said_so() -> None:
    r = rollup(CHILDREN, INDICATORS, A, goal_weights={"H1": 3, "H2": 1})
    assert r.goals["H"].score == pytest.approx(0.75 * 2.0 + 0.25 * 1.0)
    assert any("add up to 4" in w and "normalised" in w for w in r.goals["H"].warnings)


def test_missing_weights_take_the_mean_of_the_others() -> None:
    r = rollup(
        {"P": ["a", "b", "c"]}, {"a": ["gdp"], "b": ["invest"], "c": ["jobless"]}, A, goal_weights={"a": 50, "b": 30}
    )
    assert r.goals["P"].score == pytest.approx((50 * 1.0 + 30 * 3.0 + 40 * 5.0) / 120)
    assert any("no weight for c" in w for w in r.goals["P"].warnings)


def test_zero_weights() -> None:
    all_zero = rollup(CHILDREN, INDICATORS, A, goal_weights={"H1": 0, "H2": 0})
    assert all_zero.goals["H"].score == pytest.approx(1.5)
    assert any("all weights are zero" in w for w in all_zero.goals["H"].warnings)
    one_zero = rollup(CHILDREN, INDICATORS, A, goal_weights={"H1": 0, "H2": 100})
    assert one_zero.goals["H"].score == pytest.approx(1.0)
    assert any("weight 0 for H1" in w for w in one_zero.goals["H"].warnings)


def test_invalid_weights_count_as_missing() -> None:
    r = rollup(CHILDREN, INDICATORS, A, goal_weights={"H1": -1, "H2": float("nan")})
    assert r.goals["H"].score == pytest.approx(1.5)
    assert sum("not a non-negative number" in w for w in r.goals["H"].warnings) == 2


def test_units_plan_and_unassessed_indicators() -> None:
    units = {"gdp": "fgj", "invest": "fgj", "jobless": "rsj", "loose": "rsj"}
    assessments = {**A, "loose": ProgressResult(S.ON_TRACK, 2.0)}
    r = rollup(CHILDREN, {**INDICATORS, "H2": ["jobless", "air", "ghost"]}, assessments, units=units)
    assert r.units["fgj"].score == pytest.approx(2.0) and r.units["fgj"].total == 2
    assert r.units["rsj"].counts[S.TARGET_ACHIEVED] == 1 and r.units["rsj"].counts[S.ON_TRACK] == 1
    assert r.goals["H2"].counts[S.INSUFFICIENT_DATA] == 1  # the ghost
    assert any("no assessment for ghost" in w for w in r.warnings)
    # the plan covers the tree and the assessed indicators under no goal ("loose", "new")
    assert r.plan.total == 7


def test_an_indicator_under_two_goals_counts_once_above_them() -> None:
    r = rollup({"P": ["a", "b"]}, {"a": ["gdp"], "b": ["gdp", "jobless"]}, A)
    assert r.goals["P"].total == 2


def test_cycles_are_refused() -> None:
    with pytest.raises(DomainError, match="cycle"):
        rollup({"a": ["b"], "b": ["a"]}, {}, A)
    with pytest.raises(DomainError, match="cycle"):
        rollup({"root": ["a"], "a": ["b"], "b": ["a"]}, {}, A)


def test_empty_goal_has_no_score() -> None:
    r = rollup({"P": ["empty"]}, {}, {})
    assert r.goals["empty"].score is None and r.goals["empty"].share_on_track is None
    assert r.plan.total == 0


def test_rollup_plan_from_domain_objects() -> None:
    goals = [
        Goal("H2", "开放高地", GoalKind.PILLAR, "H", position=2, weight=40),
        Goal("H", "七大高地", GoalKind.SECTION),
        Goal("H1", "产业高地", GoalKind.PILLAR, "H", position=1, weight=60),
    ]
    indicators = [
        Indicator("gdp", "地区生产总值", "元", "亿元", owner_unit_code="fgj", goal_codes=("H1",)),
        Indicator("jobless", "城镇登记失业率", "%", "%", owner_unit_code="rsj", goal_codes=("H2",)),
        Indicator("air", "空气优良天数", "天", "天", owner_unit_code="sthj", goal_codes=("H2",)),
    ]
    r = rollup_plan(goals, indicators, A)
    assert r.goals["H"].score == pytest.approx(0.6 * 1.0 + 0.4 * 1.0)
    assert r.goals["H"].warnings == ()
    assert set(r.units) == {"fgj", "rsj", "sthj"} and r.units["sthj"].counts[S.DETERIORATION] == 1
    assert r.plan.total == 5  # three under goals, and the assessed "invest" and "new" under none
