"""The unit scorecard and ranking (考核排名) of a year: counts gathered from the reporting rounds, the plan's
assessment and the supervision matters, scored by :mod:`luoshi.engine.ranking` under the plan's rules
(docs/methodology.md, "Unit scorecard and ranking")."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from luoshi.domain.ranking import CRITERION_LABELS, Criterion, RankingRules
from luoshi.domain.rounds import SubmissionState, Timeliness, timeliness
from luoshi.engine.progress import ProgressStatus
from luoshi.engine.ranking import UnitCounts, score_units
from luoshi.services.context import Context
from luoshi.services.progress import assess_plan
from luoshi.services.rounds import default_plan, local_date, today
from luoshi.services.supervision import unit_closure_counts

ON_TRACK = frozenset({ProgressStatus.ON_TRACK.value, ProgressStatus.TARGET_ACHIEVED.value})


class CriterionView(BaseModel):
    criterion: str
    label: str
    rate: float | None
    weight: float
    points: float
    counted: str  # "3/4": what the rate counts


class UnitScoreView(BaseModel):
    rank: int | None
    unit_code: str
    unit_name: str
    score: float | None
    criteria: list[CriterionView]
    warnings: list[str]


class RankingView(BaseModel):
    plan_code: str
    year: int
    include_simulated: bool
    weights: dict[str, float]
    labels: dict[str, str]
    late_credit: float
    units: list[UnitScoreView]


def ranking_rules(ctx: Context, plan_code: str) -> RankingRules:
    """The plan's ranking rules (its ``ranking`` configuration; defaults where it says nothing)."""
    with ctx.reading() as uow:
        stored = uow.rounds.rules(plan_code)
    return RankingRules.from_mapping(stored.get("ranking", {}))


def unit_counts(
    ctx: Context, plan_code: str, year: int, *, include_simulated: bool = True, on: date | None = None
) -> list[UnitCounts]:
    """What each unit of the plan did in ``year``: its submissions to the year's rounds (those not yet due
    and not submitted do not count), their approval, its indicators' assessment, its supervision matters."""
    day = on or today()
    owed: dict[str, dict[str, int]] = {}

    def counts(unit: str) -> dict[str, int]:
        return owed.setdefault(unit, {k: 0 for k in UnitCounts.__dataclass_fields__ if k != "unit_code"})

    with ctx.reading() as uow:
        rnds = {r.code: r for r in uow.rounds.rounds(plan_code=plan_code) if r.period.year == year}
        submissions = uow.rounds.submissions(round_codes=list(rnds))
    for s in submissions:
        kind = timeliness(local_date(s.first_submitted_at), rnds[s.round_code].due, day)
        c = counts(s.unit_code)
        if kind is not Timeliness.NOT_DUE:
            c["rounds_owed"] += 1
            c[{Timeliness.ON_TIME: "submitted_on_time", Timeliness.LATE: "submitted_late"}.get(kind, "missing")] += 1
        if s.state is SubmissionState.APPROVED:
            c["approved_total"] += 1
            c["approved_first_time"] += s.returned_count == 0
    for ind in assess_plan(ctx, plan_code, include_simulated=include_simulated).indicators:
        if ind.owner_unit_code and ind.status != ProgressStatus.INSUFFICIENT_DATA.value:
            c = counts(ind.owner_unit_code)
            c["indicators_assessed"] += 1
            c["indicators_on_track"] += ind.status in ON_TRACK
    for unit, closure in unit_closure_counts(ctx, year, today=day).items():
        c = counts(unit)
        c["matters_due"] += closure.due
        c["matters_closed_on_time"] += closure.closed_on_time
    return [UnitCounts(unit, **c) for unit, c in sorted(owed.items())]


_COUNTED = {
    Criterion.ON_TIME: ("submitted_on_time", "rounds_owed"),
    Criterion.FIRST_PASS: ("approved_first_time", "approved_total"),
    Criterion.ON_TRACK: ("indicators_on_track", "indicators_assessed"),
    Criterion.SUPERVISION: ("matters_closed_on_time", "matters_due"),
}


def unit_ranking(
    ctx: Context,
    year: int,
    *,
    plan_code: str | None = None,
    include_simulated: bool = True,
    on: date | None = None,
) -> RankingView:
    """Every unit's scorecard for ``year`` and its rank."""
    plan = plan_code or default_plan(ctx)
    rules = ranking_rules(ctx, plan)
    counted = {c.unit_code: c for c in unit_counts(ctx, plan, year, include_simulated=include_simulated, on=on)}
    with ctx.reading() as uow:
        names = uow.rounds.unit_names()
    units = []
    for score in score_units(list(counted.values()), rules):
        c = counted[score.unit_code]
        units.append(
            UnitScoreView(
                rank=score.rank,
                unit_code=score.unit_code,
                unit_name=names.get(score.unit_code, score.unit_code),
                score=score.display_score,
                criteria=[
                    CriterionView(
                        criterion=cs.criterion.value,
                        label=CRITERION_LABELS[cs.criterion],
                        rate=cs.rate,
                        weight=cs.weight,
                        points=cs.points,
                        counted="/".join(str(getattr(c, field)) for field in _COUNTED[cs.criterion]),
                    )
                    for cs in score.criteria
                ],
                warnings=list(score.warnings),
            )
        )
    return RankingView(
        plan_code=plan,
        year=year,
        include_simulated=include_simulated,
        weights={c.value: w for c, w in rules.weights.items()},
        labels={c.value: CRITERION_LABELS[c] for c in Criterion},
        late_credit=rules.late_credit,
        units=units,
    )
