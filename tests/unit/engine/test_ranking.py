"""The unit scorecard and ranking: the worked example of docs/methodology.md, ties, missing data, rules,
and properties (scores within 0..100; improving one rate never lowers a score)."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luoshi.domain.errors import InvalidInput, InvalidValue
from luoshi.domain.ranking import DEFAULT_WEIGHTS, Criterion, RankingRules
from luoshi.engine.ranking import UnitCounts, score_unit, score_units

#: the three units of the worked example in docs/methodology.md, section "Unit scorecard and ranking"
WORKED_EXAMPLE = [
    UnitCounts("pc-fgj", 4, 4, 0, 0, 3, 4, 6, 8, 2, 2),
    UnitCounts("pc-tjj", 4, 3, 1, 0, 4, 4, 5, 10, 0, 0),
    UnitCounts("pc-shenpi", 4, 2, 1, 1, 2, 3, 3, 3, 4, 3),
]


def test_the_worked_example_of_the_methodology() -> None:
    cards = {c.unit_code: c for c in score_units(WORKED_EXAMPLE)}
    fgj, tjj, shenpi = cards["pc-fgj"], cards["pc-tjj"], cards["pc-shenpi"]
    assert [c.points for c in fgj.criteria] == [30.0, 15.0, 22.5, 20.0]
    assert fgj.score == 87.5 and fgj.rank == 1
    assert [c.weight for c in tjj.criteria] == [0.375, 0.25, 0.375, 0.0]
    assert [c.points for c in tjj.criteria] == [28.125, 25.0, 18.75, 0.0]
    assert tjj.score == 71.875 and tjj.display_score == 71.9 and tjj.rank == 3
    assert [c.rate for c in shenpi.criteria] == [0.5, pytest.approx(2 / 3), 1.0, 0.75]
    assert shenpi.score == pytest.approx(73 + 1 / 3) and shenpi.display_score == 73.3 and shenpi.rank == 2


def test_ties_share_a_rank_and_are_listed_by_code() -> None:
    perfect = dict(rounds_owed=2, submitted_on_time=2)
    counts = [
        UnitCounts("d", rounds_owed=2, submitted_on_time=1, missing=1),
        UnitCounts("c", **perfect),
        UnitCounts("b", **perfect),
        UnitCounts("a", rounds_owed=4, submitted_on_time=3, submitted_late=1),
        UnitCounts("z"),
    ]
    ranked = [(c.rank, c.unit_code, c.display_score) for c in score_units(counts)]
    assert ranked == [(1, "b", 100.0), (1, "c", 100.0), (3, "a", 75.0), (4, "d", 50.0), (None, "z", None)]


def test_ties_are_judged_on_the_score_as_shown() -> None:
    close = [UnitCounts("a", indicators_on_track=2, indicators_assessed=3), UnitCounts("b", 200, 133, 0, 67)]
    cards = score_units(close, RankingRules(decimals=0))  # 66.67 and 66.5 -> 67 and 67
    assert [(c.rank, c.display_score) for c in cards] == [(1, 67.0), (1, 67.0)]


def test_a_late_submission_earns_its_credit() -> None:
    late = UnitCounts("a", rounds_owed=2, submitted_on_time=1, submitted_late=1)
    assert score_unit(late).score == 50.0
    assert score_unit(late, RankingRules(late_credit=0.5)).score == 75.0


def test_a_unit_without_any_weighted_data_is_neither_scored_nor_ranked() -> None:
    rules = RankingRules({Criterion.ON_TIME: 1})
    card = score_unit(UnitCounts("a", matters_due=2, matters_closed_on_time=2), rules)
    assert card.score is None and card.rank is None and "not scored" in card.warnings[0]


@pytest.mark.parametrize(
    "bad",
    [
        dict(rounds_owed=2, submitted_on_time=1),
        dict(approved_first_time=2, approved_total=1),
        dict(indicators_on_track=-1),
        dict(matters_due=1, matters_closed_on_time=2),
    ],
)
def test_counts_that_do_not_add_up_are_refused(bad: dict[str, int]) -> None:
    with pytest.raises(InvalidValue):
        UnitCounts("a", **bad)


def test_a_unit_counted_twice_is_refused() -> None:
    with pytest.raises(InvalidValue, match="counted twice: a"):
        score_units([UnitCounts("a"), UnitCounts("a")])


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"weights": {"on_time": -0.1}}, ["weights.on_time"]),
        ({"weights": {"on_time": "much"}}, ["weights.on_time"]),
        ({"weights": {"speed": 1}}, ["weights.speed"]),
        ({"weights": {"on_time": 0, "on_track": 0}}, ["weights"]),
        ({"weights": [1, 2]}, ["weights"]),
        ({"wieghts": {}}, ["wieghts"]),
        ({"late_credit": 2}, ["late_credit"]),
        ({"decimals": 1.5}, ["decimals"]),
    ],
)
def test_a_bad_configuration_names_its_key(data: dict[str, Any], fields: list[str]) -> None:
    with pytest.raises(InvalidInput) as caught:
        RankingRules.from_mapping(data)
    assert [p.location.field for p in caught.value.problems] == fields


def test_the_default_configuration() -> None:
    rules = RankingRules.from_mapping({})
    assert dict(rules.weights) == dict(DEFAULT_WEIGHTS) and rules.late_credit == 0 and rules.decimals == 1
    assert sum(DEFAULT_WEIGHTS.values()) == pytest.approx(1)


@st.composite
def unit_counts(draw: st.DrawFn, code: str = "u") -> UnitCounts:
    small = st.integers(0, 30)
    on_time, late, missing = draw(small), draw(small), draw(small)
    first, returned = draw(small), draw(small)
    on_track, off_track = draw(small), draw(small)
    closed, open_ = draw(small), draw(small)
    return UnitCounts(
        code,
        on_time + late + missing,
        on_time,
        late,
        missing,
        first,
        first + returned,
        on_track,
        on_track + off_track,
        closed + open_,
        closed,
    )


weights = st.dictionaries(st.sampled_from(list(Criterion)), st.floats(0, 10), min_size=1).filter(
    lambda w: any(v > 0 for v in w.values())
)
rules = st.builds(RankingRules, weights, st.floats(0, 1), st.integers(0, 3))


@given(unit_counts(), rules)
def test_scores_run_from_0_to_100(counts: UnitCounts, rules: RankingRules) -> None:
    card = score_unit(counts, rules)
    if card.score is not None:
        assert 0 <= card.score <= 100 and card.display_score is not None and 0 <= card.display_score <= 100
        assert sum(c.points for c in card.criteria) == pytest.approx(card.score)


#: one step better on each criterion: one more success out of the same count
IMPROVEMENTS = {
    Criterion.ON_TIME: lambda c: (
        replace(c, submitted_on_time=c.submitted_on_time + 1, missing=c.missing - 1)
        if c.missing
        else replace(c, submitted_on_time=c.submitted_on_time + 1, submitted_late=c.submitted_late - 1)
    ),
    Criterion.FIRST_PASS: lambda c: replace(c, approved_first_time=c.approved_first_time + 1),
    Criterion.ON_TRACK: lambda c: replace(c, indicators_on_track=c.indicators_on_track + 1),
    Criterion.SUPERVISION: lambda c: replace(c, matters_closed_on_time=c.matters_closed_on_time + 1),
}
ROOM = {
    Criterion.ON_TIME: lambda c: c.missing + c.submitted_late > 0,
    Criterion.FIRST_PASS: lambda c: c.approved_first_time < c.approved_total,
    Criterion.ON_TRACK: lambda c: c.indicators_on_track < c.indicators_assessed,
    Criterion.SUPERVISION: lambda c: c.matters_closed_on_time < c.matters_due,
}


@given(unit_counts(), rules, st.sampled_from(list(Criterion)))
def test_improving_one_rate_never_lowers_the_score(counts: UnitCounts, rules: RankingRules, c: Criterion) -> None:
    if not ROOM[c](counts):
        return
    before, after = score_unit(counts, rules), score_unit(IMPROVEMENTS[c](counts), rules)
    if before.score is None:
        assert after.score is None
        return
    assert after.score is not None and after.display_score is not None and before.display_score is not None
    assert after.score >= before.score and after.display_score >= before.display_score


@given(st.lists(unit_counts(), min_size=1, max_size=6), rules)
def test_ranks_follow_the_shown_scores(many: list[UnitCounts], rules: RankingRules) -> None:
    counts = [replace(c, unit_code=f"u{i}") for i, c in enumerate(many)]
    cards = [c for c in score_units(counts, rules) if c.rank is not None]
    for better, worse in pairwise(cards):
        assert better.display_score is not None and worse.display_score is not None
        assert better.display_score >= worse.display_score
        assert (better.rank == worse.rank) == (better.display_score == worse.display_score)
    assert [c.rank for c in cards][:1] in ([], [1])


def test_the_methodology_shows_the_numbers_the_engine_computes() -> None:
    text = (Path(__file__).parents[3] / "docs" / "methodology.md").read_text(encoding="utf-8")
    section = text[text.index("### 5.4") :]
    shown = {c.unit_code: c.display_score for c in score_units(WORKED_EXAMPLE)}
    for code, score in shown.items():
        assert f"**{score:g}**" in section, code
    ranking = ", ".join(f"{c.rank} {c.unit_code} {c.display_score:g}" for c in score_units(WORKED_EXAMPLE))
    assert f"Ranking 排名: {ranking}." in section
