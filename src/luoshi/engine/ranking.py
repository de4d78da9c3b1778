"""The unit scorecard and ranking (考核排名): each unit's rates, points and score, and its rank.

Each criterion's rate is a count over a count (:class:`UnitCounts`); a criterion whose denominator is 0
has no data for the unit, and its weight is shared among the unit's other criteria in proportion to
theirs. A unit's score is ``100 × Σ weight × rate / Σ weight`` over the criteria it has data for, so it
runs from 0 to 100; a criterion's points are its part of that sum. Scores are computed exactly (fractions)
and shown rounded half up to ``rules.decimals``; units whose shown scores are equal share a rank (1, 2, 2,
4), listed by unit code. A unit with no data at all has no score and no rank and is listed last.

The worked example of docs/methodology.md ("Unit scorecard and ranking"), with the default weights
0.3 / 0.2 / 0.3 / 0.2:

>>> units = [
...     UnitCounts("pc-fgj", rounds_owed=4, submitted_on_time=4, approved_first_time=3, approved_total=4,
...                indicators_on_track=6, indicators_assessed=8, matters_due=2, matters_closed_on_time=2),
...     UnitCounts("pc-tjj", rounds_owed=4, submitted_on_time=3, submitted_late=1, approved_first_time=4,
...                approved_total=4, indicators_on_track=5, indicators_assessed=10),
...     UnitCounts("pc-shenpi", rounds_owed=4, submitted_on_time=2, submitted_late=1, missing=1,
...                approved_first_time=2, approved_total=3, indicators_on_track=3, indicators_assessed=3,
...                matters_due=4, matters_closed_on_time=3),
... ]
>>> [(s.rank, s.unit_code, s.display_score) for s in score_units(units)]
[(1, 'pc-fgj', 87.5), (2, 'pc-shenpi', 73.3), (3, 'pc-tjj', 71.9)]
>>> tjj = score_units(units)[2]
>>> [(c.criterion.value, c.rate, c.points) for c in tjj.criteria]
[('on_time', 0.75, 28.125), ('first_pass', 1.0, 25.0), ('on_track', 0.5, 18.75), ('supervision', None, 0.0)]
>>> tjj.warnings
('no data for supervision: its weight is shared among the other criteria',)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Final

from luoshi.domain.errors import InvalidValue
from luoshi.domain.ranking import Criterion, RankingRules

DEFAULT_RULES: Final = RankingRules()
FULL_MARKS: Final = 100


@dataclass(frozen=True)
class UnitCounts:
    """What a unit did in the period scored: reporting rounds it owed (each submitted on time, submitted
    late or missing), submissions approved (the first time, or after being returned), indicators assessed
    (on track or achieved, or not) and supervision matters due (closed on time, or not)."""

    unit_code: str
    rounds_owed: int = 0
    submitted_on_time: int = 0
    submitted_late: int = 0
    missing: int = 0
    approved_first_time: int = 0
    approved_total: int = 0
    indicators_on_track: int = 0
    indicators_assessed: int = 0
    matters_due: int = 0
    matters_closed_on_time: int = 0

    def __post_init__(self) -> None:
        counts = {k: v for k, v in vars(self).items() if k != "unit_code"}
        negative = [k for k, v in counts.items() if v < 0]
        if negative:
            raise InvalidValue(f"{self.unit_code}: counts cannot be negative ({', '.join(negative)})")
        if self.submitted_on_time + self.submitted_late + self.missing != self.rounds_owed:
            raise InvalidValue(f"{self.unit_code}: rounds owed must be submitted on time, late or missing")
        for part, whole in (
            ("approved_first_time", "approved_total"),
            ("indicators_on_track", "indicators_assessed"),
            ("matters_closed_on_time", "matters_due"),
        ):
            if counts[part] > counts[whole]:
                raise InvalidValue(f"{self.unit_code}: {part} cannot exceed {whole}")


@dataclass(frozen=True)
class CriterionScore:
    """One criterion of a unit's scorecard: the rate (None: no data), the weight it carries for this unit
    (its share of the weights of the criteria the unit has data for) and the points it earns (0..100)."""

    criterion: Criterion
    rate: float | None
    weight: float
    points: float


@dataclass(frozen=True)
class UnitScore:
    """A unit's scorecard: its criteria, the score (0..100, None without data), the score as shown and
    ranked by, the rank (1 is best; equal shown scores share one) and what to know about it."""

    unit_code: str
    criteria: tuple[CriterionScore, ...]
    score: float | None
    display_score: float | None
    rank: int | None
    warnings: tuple[str, ...] = ()


def rates(counts: UnitCounts, rules: RankingRules = DEFAULT_RULES) -> dict[Criterion, Fraction | None]:
    """Each criterion's exact rate for the unit (None when its denominator is 0).

    >>> rates(UnitCounts("u", rounds_owed=4, submitted_on_time=2, submitted_late=2))[Criterion.ON_TIME]
    Fraction(1, 2)
    """
    credit = Fraction(rules.late_credit)
    pairs = {
        Criterion.ON_TIME: (counts.submitted_on_time + credit * counts.submitted_late, counts.rounds_owed),
        Criterion.FIRST_PASS: (Fraction(counts.approved_first_time), counts.approved_total),
        Criterion.ON_TRACK: (Fraction(counts.indicators_on_track), counts.indicators_assessed),
        Criterion.SUPERVISION: (Fraction(counts.matters_closed_on_time), counts.matters_due),
    }
    return {c: (part / whole if whole else None) for c, (part, whole) in pairs.items()}


def score_unit(counts: UnitCounts, rules: RankingRules = DEFAULT_RULES) -> UnitScore:
    """One unit's scorecard, not ranked (``rank`` is None)."""
    unit_rates = rates(counts, rules)
    weights = {c: Fraction(w) for c, w in rules.weights.items()}
    available = sum((weights[c] for c, r in unit_rates.items() if r is not None), Fraction(0))
    criteria = []
    score: Fraction | None = Fraction(0) if available > 0 else None
    warnings = []
    for criterion, rate in unit_rates.items():
        share = weights[criterion] / available if rate is not None and available > 0 else Fraction(0)
        points = FULL_MARKS * share * rate if rate is not None else Fraction(0)
        if score is not None:
            score += points
        if rate is None and weights[criterion] > 0:
            warnings.append(f"no data for {criterion.value}: its weight is shared among the other criteria")
        criteria.append(CriterionScore(criterion, _float(rate), float(share), float(points)))
    if score is None:
        warnings = ["no data for any weighted criterion: not scored or ranked"]
    shown = _round_half_up(score, rules.decimals)
    return UnitScore(counts.unit_code, tuple(criteria), _float(score), _float(shown), None, tuple(warnings))


def score_units(counts: Iterable[UnitCounts], rules: RankingRules = DEFAULT_RULES) -> list[UnitScore]:
    """Every unit's scorecard, best first, ranked; ties (equal shown scores) share a rank and are listed by
    unit code; units without a score come last, by code. Two counts for one unit are an error."""
    cards = [score_unit(c, rules) for c in counts]
    codes = [c.unit_code for c in cards]
    if len(set(codes)) != len(codes):
        raise InvalidValue(f"units counted twice: {', '.join(sorted({c for c in codes if codes.count(c) > 1}))}")
    scored = sorted((c for c in cards if c.display_score is not None), key=lambda c: (-_shown(c), c.unit_code))
    unscored = sorted((c for c in cards if c.display_score is None), key=lambda c: c.unit_code)
    ranked: list[UnitScore] = []
    for position, card in enumerate(scored, start=1):
        tied = ranked and _shown(ranked[-1]) == _shown(card)
        rank = ranked[-1].rank if tied else position
        ranked.append(replace(card, rank=rank))
    return ranked + unscored


def _shown(card: UnitScore) -> float:
    assert card.display_score is not None
    return card.display_score


def _round_half_up(value: Fraction | None, decimals: int) -> Fraction | None:
    """``value`` rounded half up (四舍五入) to ``decimals``: 71.875 -> 71.9, 73.25 -> 73.3 (with 1)."""
    if value is None:
        return None
    scale = 10**decimals
    return Fraction(math.floor(value * scale + Fraction(1, 2)), scale)


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)
