"""Progress of a stored plan: every indicator assessed against its target, rolled up by goal, unit and
plan; the gap list (对照找差距); and the consistency audit of the stored growth claims (数据核查).

This is what the cockpit, the indicator pages, ``luoshi assess`` and ``luoshi audit`` (without files)
show. Values in these views are in each indicator's display unit (亿元), rates are fractions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from pydantic import BaseModel, Field

from luoshi.domain.errors import DomainError
from luoshi.domain.indicator import PRICE_BASIS_LABELS, Indicator, PriceBasis
from luoshi.domain.measurement import UnknownUnit, from_base
from luoshi.domain.observation import Observation
from luoshi.domain.period import PeriodKind
from luoshi.domain.plan import GOAL_KIND_LABELS, PlanBundle
from luoshi.domain.target import Measure, Target
from luoshi.engine.audit import VERDICT_LABELS, check_growth_claim, check_share, claim_from_observations
from luoshi.engine.pricebasis import RealGrowth, ReportedRate, chain_real_levels
from luoshi.engine.progress import (
    PROGRESS_STATUS_LABELS,
    ProgressResult,
    ProgressStatus,
    Series,
    TargetSpec,
    assess_many,
    status_label,
)
from luoshi.engine.rollup import RollupShape, Summary, plan_shape, summarise
from luoshi.report import present
from luoshi.services.context import Context, Versioned
from luoshi.services.plans import plan_snapshot

ACTUAL = "actual"
SIMULATED = "simulated"
STATUS_ORDER = [s.value for s in ProgressStatus]
#: a status's words where indicators with and without a target are counted together (legends, roll-ups):
#: both words where they differ, so a count never calls a series without a target 进度正常
STATUS_LABELS = {
    s.value: label if (other := status_label(s, False)) == label else f"{label}/{other}"
    for s, label in PROGRESS_STATUS_LABELS.items()
}


class IndicatorProgress(BaseModel):
    """One indicator against its target. Levels in ``unit`` (the display unit), rates as fractions."""

    code: str
    name: str
    unit: str
    direction: str
    kind: str
    owner_unit_code: str | None
    goal_codes: list[str]
    target_text: str | None
    status: str
    status_label: str
    score: float | None
    observed_rate: float | None
    required_rate: float | None
    ratio: float | None
    completion: float | None
    time_elapsed: float | None
    projected_value: float | None
    needed_rate: float | None
    year_reached: int | None
    base_year: int | None
    base_value: float | None
    current_year: int | None
    current_value: float | None
    target_value: float | None
    target_year: int | None
    uses_simulated: bool
    #: 价格口径: current / comparable / not_applicable, and its label; ``judged_from_rates``: a growth target
    #: of a 可比价 indicator judged from reported real growth rates (levels then at base-year prices)
    price_basis: str = PriceBasis.NOT_APPLICABLE.value
    price_basis_label: str = PRICE_BASIS_LABELS[PriceBasis.NOT_APPLICABLE]
    judged_from_rates: bool = False
    explanation: str
    warnings: list[str]
    targeted: bool = Field(True, description="judged against a target (else the no-target words and rule)")
    change: float | None = Field(None, description="absolute change from base to current, in the display unit")
    change_text: str | None = Field(None, description="the change as shown: +43 家, −0.3 个百分点")


class SummaryView(BaseModel):
    counts: dict[str, int]
    total: int
    share_on_track: float | None
    score: float | None
    warnings: list[str]


class GoalProgress(BaseModel):
    code: str
    name: str
    kind_label: str
    summary: SummaryView


class ClaimAudit(BaseModel):
    """A printed growth claim checked against the printed levels (rates in percent)."""

    indicator: str
    name: str
    start_year: int
    end_year: int
    claimed_rate: str
    computed_rate: float
    low: float
    high: float
    verdict: str
    verdict_label: str
    simulated: bool
    document_code: str | None
    quote: str | None


class AuditFinding(BaseModel):
    indicator: str
    kind: str
    message: str


class PlanAudit(BaseModel):
    plan_code: str
    claims: list[ClaimAudit]
    findings: list[AuditFinding]


class PlanProgress(BaseModel):
    plan_code: str
    plan_name: str
    include_simulated: bool
    statuses: dict[str, str]
    plan: SummaryView
    goals: list[GoalProgress]
    units: dict[str, SummaryView]
    indicators: list[IndicatorProgress]
    warnings: list[str]


def _summary(s: Summary) -> SummaryView:
    return SummaryView(
        counts={status.value: n for status, n in s.counts.items()},
        total=s.total,
        share_on_track=s.share_on_track,
        score=s.score,
        warnings=list(s.warnings),
    )


def main_target(targets: Sequence[Target], end_year: int) -> Target | None:
    """The target an indicator is judged by: the one for the plan's end year, else the latest."""
    if not targets:
        return None
    at_end = [t for t in targets if t.target_year == end_year]
    return at_end[0] if at_end else max(targets, key=lambda t: t.target_year)


def _figure_key(o: Observation) -> tuple[str, str, str]:
    return (o.region_code, o.period.code, o.measure.value)


def superseded(observations: Iterable[Observation]) -> frozenset[str]:
    """The natural keys (``Observation.key``) of the simulated figures that a real one replaces: a real
    figure of the same indicator, region, period and measure exists. Real beats simulated everywhere."""
    real = {_figure_key(o) for o in observations if o.scenario == ACTUAL}
    return frozenset(o.key for o in observations if o.scenario == SIMULATED and _figure_key(o) in real)


def real_first(observations: Sequence[Observation], *, include_simulated: bool) -> list[Observation]:
    """The figures an assessment uses: the real ones, and (if asked) the simulated ones no real one replaces."""
    if not include_simulated:
        return [o for o in observations if o.scenario != SIMULATED]
    replaced = superseded(observations)
    return [o for o in observations if o.key not in replaced]


def series_values(observations: Sequence[Observation], region: str, *, include_simulated: bool) -> dict[int, float]:
    """Year -> annual level of one region; simulated years fill only where no real figure exists."""
    values: dict[int, float] = {}
    for scenario in ([SIMULATED] if include_simulated else []) + [ACTUAL]:
        for o in observations:
            if (
                o.scenario == scenario
                and o.region_code == region
                and o.period.kind is PeriodKind.YEAR
                and o.measure is Measure.LEVEL
            ):
                values[o.period.year] = o.value
    return values


def target_text(indicator: Indicator, target: Target | None) -> str | None:
    """The target in words (:func:`luoshi.report.present.target_text`), None without one."""
    return None if target is None else present.target_text(target, indicator.display_unit)


def _display(value: float, indicator: Indicator) -> float:
    try:
        return from_base(value, indicator.display_unit)
    except UnknownUnit:
        return value


def _maybe(value: float | None, indicator: Indicator) -> float | None:
    return None if value is None else _display(value, indicator)


def change_text(change: float | None, unit: str) -> str | None:
    """An absolute change as shown (:func:`luoshi.report.present.change_text`)."""
    return present.change_text(change, unit)


def explain(indicator: Indicator, target: Target | None, r: ProgressResult) -> str:
    """The assessment in words (Chinese), as a leader reads it."""
    unit = indicator.display_unit
    status = present.status_text(r.status, target is not None)
    if r.status is ProgressStatus.INSUFFICIENT_DATA:
        since = f"{r.base_year}年" if r.base_year else "基期"
        return f"{status}：自{since}以来可用的年度数据不足两年，暂不能判断进度。"
    span = present.years_text(r.base_year or 0, r.current_year or 0)
    now = f"{r.current_year}年为 {present.base_quantity(r.current_value or 0, unit)}"
    if target is None:
        change = _maybe(r.change, indicator)
        moved = change_text(change, unit) or "—"
        text = f"{status}：没有量化目标；{span}变化 {moved}，{now}"
        if r.rate_shown and r.observed_rate is not None:
            verb = "年均增长" if r.observed_rate >= 0 else "年均下降"
            text += f"，{verb} {present.percent(abs(r.observed_rate))}"
        return text + "。"
    goal = target_text(indicator, target)
    if r.ratio is None and r.status in (ProgressStatus.TARGET_ACHIEVED, ProgressStatus.DETERIORATION):
        if r.status is ProgressStatus.TARGET_ACHIEVED:
            return f"{status}：{now}，已满足目标（{goal}）。"
        return f"{status}：{now}，已不满足目标（{goal}），需立即采取措施。"
    if r.status is ProgressStatus.TARGET_ACHIEVED:
        return f"{status}：{now}，已达到目标（{goal}）。"
    parts = [
        f"{status}：{span}年均变化 {present.percent(r.observed_rate)}，"
        f"实现目标（{goal}）需年均 {present.percent(r.required_rate)}",
        f"实际速度为所需速度的 {present.percent(r.ratio, 0)}" if r.ratio is not None else "",
        f"已完成目标进度的 {present.percent(r.completion, 0)}，时间已过 {present.percent(r.time_elapsed, 0)}"
        if r.completion is not None and r.time_elapsed is not None
        else "",
        f"按当前速度 {r.target_year}年预计为 {present.base_quantity(r.projected_value, unit)}"
        if r.projected_value is not None
        else "",
        f"今后需年均 {present.percent(r.needed_rate)} 才能实现目标" if r.needed_rate is not None else "",
    ]
    return "，".join(p for p in parts if p) + "。"


def reported_rates(observations: Sequence[Observation], region: str, *, include_simulated: bool) -> list[ReportedRate]:
    """The annual and multi-year growth rates of one region, for chaining; a real rate hides a simulated
    one of the same period. Rates of parts of a year (quarters, year-to-date) are left out."""
    chosen: dict[str, Observation] = {}
    for scenario in ([SIMULATED] if include_simulated else []) + [ACTUAL]:
        for o in observations:
            if (
                o.scenario == scenario
                and o.region_code == region
                and o.measure is Measure.GROWTH
                and o.period.kind in (PeriodKind.YEAR, PeriodKind.SPAN)
            ):
                chosen[o.period.code] = o
    return [
        ReportedRate(
            start_year=o.period.first_year if o.period.kind is PeriodKind.SPAN else o.period.year - 1,
            end_year=o.period.year,
            percent=o.value,
            annualized=o.annualized or o.period.kind is PeriodKind.YEAR,
            simulated=o.scenario == SIMULATED,
        )
        for o in chosen.values()
    ]


def real_growth(
    ind: Indicator,
    target: Target | None,
    observations: Sequence[Observation],
    levels: Mapping[int, float],
    base_year: int,
    region: str,
    include_simulated: bool,
) -> RealGrowth | None:
    """For a 可比价 indicator judged by a growth target: its levels at base-year prices, chained from the reported
    real growth rates (from current-price levels where none). None for any other indicator or target."""
    if ind.price_basis is not PriceBasis.COMPARABLE or target is None or target.measure is not Measure.GROWTH:
        return None
    rates = reported_rates(observations, region, include_simulated=include_simulated)
    return chain_real_levels(levels, rates, base_year)


def comparable_levels(bundle: PlanBundle, ind: Indicator, *, include_simulated: bool) -> dict[int, float] | None:
    """The levels at base-year prices a 可比价 indicator's growth target is judged on (base units), as
    :func:`assess` chains them; None where the price basis plays no part."""
    plan = bundle.plan
    observations = bundle.observations.get(ind.code, ())
    target = main_target(bundle.targets.get(ind.code, ()), plan.end_year)
    if target is None:
        return None
    base = target.base_year if target.base_year is not None else plan.start_year - 1
    values = series_values(observations, plan.region_code, include_simulated=include_simulated)
    if target.base_value is not None:
        values.setdefault(base, target.base_value)
    real = real_growth(ind, target, observations, values, base, plan.region_code, include_simulated)
    return real.levels if real is not None and real.judged_from_rates else None


def basis_explanation(real: RealGrowth | None, r: ProgressResult) -> str:
    """The sentence an explanation gets when a 可比价 indicator's growth was chained (empty otherwise)."""
    if real is None or r.base_year is None or r.current_year is None or r.current_year <= r.base_year:
        return ""
    span = f"{r.base_year}—{r.current_year}年"
    if not real.from_levels:
        return f"（按可比价计算：{span}逐年增速连乘，水平值按{r.base_year}年价格。）"
    if not real.from_rates:
        return f"（本指标按可比价考核，但{span}没有可比价增速，按现价水平推算。）"
    years = "、".join(str(y) for y in real.from_levels)
    return f"（按可比价计算：{span}逐年增速连乘；{years}年无可比价增速，按现价水平推算。）"


class GapRow(BaseModel):
    """One indicator of the gap list (对照找差距): the numbers at full precision and as they read.

    Levels are in ``unit`` (the display unit), rates and shares are fractions; docs/methodology.md.
    """

    code: str
    name: str
    unit: str
    owner_unit_code: str | None
    owner: str | None = Field(default=None, description="the responsible unit's name")
    status: str
    status_label: str
    score: float | None
    uses_simulated: bool
    current_value: float | None
    current_year: int | None
    current_text: str = Field(description="the current value with its unit and year: 2023年 1,562 人")
    target_value: float | None = Field(description="the target as a level in the display unit (growth converted)")
    target_year: int | None
    target_value_text: str = Field(description="the target level with its unit and year: 2025年 50 家")
    target_text: str | None = Field(description="the target as the plan prints it: 2021—2025年年均增长 8.5%以上")
    gap: float | None = Field(description="how far the current value is from the target level (≤ 0: reached)")
    gap_share: float | None = Field(description="the gap as a share of the target level (to sort gaps of any unit)")
    gap_text: str = Field(description="差 36 家, 差 2.7 个百分点, 已达到")
    completion: float | None = Field(description="完成率: the share of the way from the base to the target done")
    completion_text: str
    time_elapsed: float | None = Field(description="序时进度: the share of the plan period's time that has passed")
    time_elapsed_text: str
    needed_rate: float | None = Field(description="the annual rate needed from the current year on")
    needed_rate_text: str


def gap_row(i: IndicatorProgress) -> GapRow:
    """An assessed indicator as a row of the gap list, its numbers written by :mod:`luoshi.report.present`."""
    gap = present.remaining(i.current_value, i.target_value, i.direction)
    return GapRow(
        code=i.code,
        name=i.name,
        unit=i.unit,
        owner_unit_code=i.owner_unit_code,
        status=i.status,
        status_label=i.status_label,
        score=i.score,
        uses_simulated=i.uses_simulated,
        current_value=i.current_value,
        current_year=i.current_year,
        current_text=present.dated_quantity(i.current_year, i.current_value, i.unit),
        target_value=i.target_value,
        target_year=i.target_year,
        target_value_text=present.dated_quantity(i.target_year, i.target_value, i.unit),
        target_text=i.target_text,
        gap=gap,
        gap_share=None if gap is None or not i.target_value else gap / abs(i.target_value),
        gap_text=present.gap_text(i.current_value, i.target_value, i.unit, i.direction),
        completion=i.completion,
        completion_text=present.percent(i.completion, 0),
        time_elapsed=i.time_elapsed,
        time_elapsed_text=present.percent(i.time_elapsed, 0),
        needed_rate=i.needed_rate,
        needed_rate_text=present.percent(i.needed_rate),
    )


#: statuses of indicators behind their target, worst last (the gap list puts them first)
BEHIND = (
    ProgressStatus.ACCELERATION_NEEDED.value,
    ProgressStatus.LIMITED_PROGRESS.value,
    ProgressStatus.DETERIORATION.value,
)


def gap_list(progress: PlanProgress, limit: int | None = 10) -> list[GapRow]:
    """对照找差距: the indicators furthest behind (lowest score first), those with a target before those
    without; ``limit=None`` gives every one behind."""
    behind = [i for i in progress.indicators if i.status in BEHIND and i.targeted]  # no target, no gap
    behind.sort(key=lambda i: (i.target_text is None, i.score if i.score is not None else 0.0))
    return [gap_row(i) for i in behind[:limit]]


def _assess(
    bundle: PlanBundle, indicators: Sequence[Indicator], include_simulated: bool
) -> tuple[dict[str, ProgressResult], dict[str, IndicatorProgress]]:
    """Assess some indicators of a plan (vectorised over them): engine results and views by code."""
    plan = bundle.plan
    base_default = plan.start_year - 1  # a five-year plan is measured from the year before it starts
    chosen: list[tuple[Indicator, Target | None, Series, bool]] = []
    chained: dict[str, RealGrowth] = {}
    for ind in indicators:
        observations = bundle.observations.get(ind.code, ())
        target = main_target(bundle.targets.get(ind.code, ()), plan.end_year)
        base = target.base_year if target is not None and target.base_year is not None else base_default
        values = series_values(observations, plan.region_code, include_simulated=include_simulated)
        if target is not None and target.base_value is not None:
            values.setdefault(base, target.base_value)
        real = series_values(observations, plan.region_code, include_simulated=False)
        simulated_used = any(y not in real for y in values if y >= base)
        # price basis: a growth target of a 可比价 indicator is judged on real growth (engine/pricebasis.py)
        if comparable := real_growth(ind, target, observations, values, base, plan.region_code, include_simulated):
            chained[ind.code] = comparable
            values = comparable.levels
            simulated_used = simulated_used or any(r.simulated for r in comparable.used)
        spec = TargetSpec.of(target) if target is not None else None
        chosen.append((ind, target, Series(values, ind.direction, base, spec), simulated_used))
    results = assess_many([s for _, _, s, _ in chosen]) if chosen else []
    views = {
        ind.code: IndicatorProgress(
            code=ind.code,
            name=ind.name,
            unit=ind.display_unit,
            direction=ind.direction.value,
            kind=ind.kind.value,
            owner_unit_code=ind.owner_unit_code,
            goal_codes=list(ind.goal_codes),
            target_text=target_text(ind, target),
            status=r.status.value,
            status_label=status_label(r.status, target is not None),
            score=r.score,
            observed_rate=r.observed_rate if r.rate_shown else None,
            required_rate=r.required_rate,
            ratio=r.ratio,
            completion=r.completion,
            time_elapsed=r.time_elapsed,
            projected_value=_maybe(r.projected_value, ind),
            needed_rate=r.needed_rate,
            year_reached=r.year_reached,
            base_year=r.base_year,
            base_value=_maybe(r.base_value, ind),
            current_year=r.current_year,
            current_value=_maybe(r.current_value, ind),
            target_value=_maybe(r.target_value, ind),
            target_year=r.target_year,
            uses_simulated=simulated,
            price_basis=ind.price_basis.value,
            price_basis_label=PRICE_BASIS_LABELS[ind.price_basis],
            judged_from_rates=ind.code in chained and chained[ind.code].judged_from_rates,
            explanation=explain(ind, target, r) + basis_explanation(chained.get(ind.code), r),
            warnings=[*r.messages, *(chained[ind.code].notes if ind.code in chained else ())],
            targeted=target is not None,
            change=_maybe(r.change, ind),
            change_text=change_text(_maybe(r.change, ind), ind.display_unit),
        )
        for (ind, target, _, simulated), r in zip(chosen, results, strict=True)
    }
    return {ind.code: r for (ind, _, _, _), r in zip(chosen, results, strict=True)}, views


@dataclass(frozen=True)
class PlanAssessment:
    """A plan assessed and audited, kept per indicator with the bundle it was computed from, so that a
    newer bundle of the same plan is assessed again only where its figures changed."""

    bundle: PlanBundle
    include_simulated: bool
    results: Mapping[str, ProgressResult]
    views: Mapping[str, IndicatorProgress]
    claims: Mapping[str, tuple[ClaimAudit, ...]]
    findings: Mapping[str, tuple[AuditFinding, ...]]
    progress: PlanProgress
    audit: PlanAudit
    #: per indicator, its newest figures first (see :func:`newest_figures`), and whether it has simulated ones
    newest: Mapping[str, tuple[tuple[tuple[int, bool], Observation], ...]]
    simulated: Mapping[str, bool]
    #: the roll-up's structure (goal tree, placement, owners), reused while goals and indicators are
    shape: RollupShape


#: how many of an indicator's newest figures an assessment keeps for the cockpit's list
NEWEST_KEPT = 12


def newest_figures(
    observations: Sequence[Observation], include_simulated: bool
) -> tuple[tuple[tuple[int, bool], Observation], ...]:
    """An indicator's newest figures, newest year first and in a year the real before the simulated (the
    sort is stable), each with its sort key: merged over indicators they give the plan's newest figures."""
    keyed = [
        ((o.period.year, o.scenario != SIMULATED), o)
        for o in real_first(observations, include_simulated=include_simulated)
    ]
    return tuple(sorted(keyed, key=lambda pair: pair[0], reverse=True)[:NEWEST_KEPT])


def assess(
    bundle: PlanBundle, *, include_simulated: bool = True, previous: PlanAssessment | None = None
) -> PlanAssessment:
    """Assess and audit every indicator of a plan and roll the results up (pure over the bundle).

    With ``previous`` (the assessment of an older bundle of the same plan, sharing its catalogue), only
    the indicators whose targets or observations are not the very same tuples are computed again.
    """
    old = previous.bundle if previous is not None and previous.include_simulated == include_simulated else None
    if old is not None and old.plan == bundle.plan and old.indicators is bundle.indicators and previous is not None:
        changed = [
            ind
            for ind in bundle.indicators
            if bundle.observations.get(ind.code) is not old.observations.get(ind.code)
            or bundle.targets.get(ind.code) is not old.targets.get(ind.code)
        ]
        if not changed and old.goals is bundle.goals:
            return replace(previous, bundle=bundle)
        results, views = dict(previous.results), dict(previous.views)
        claims, findings = dict(previous.claims), dict(previous.findings)
        newest, simulated = dict(previous.newest), dict(previous.simulated)
    else:
        changed = list(bundle.indicators)
        results, views, claims, findings, newest, simulated = {}, {}, {}, {}, {}, {}
    fresh_results, fresh_views = _assess(bundle, changed, include_simulated)
    results.update(fresh_results)
    views.update(fresh_views)
    for ind in changed:
        claims[ind.code], findings[ind.code] = _audit_indicator(bundle, ind, include_simulated)
        observations = bundle.observations.get(ind.code, ())
        newest[ind.code] = newest_figures(observations, include_simulated)
        simulated[ind.code] = any(o.scenario == SIMULATED for o in observations)
    same_structure = old is not None and old.goals is bundle.goals and old.indicators is bundle.indicators
    form = previous.shape if same_structure and previous is not None else plan_shape(bundle.goals, bundle.indicators)
    rollup = summarise(form, results)
    plan = bundle.plan
    goals = [
        GoalProgress(code=g.code, name=g.name, kind_label=GOAL_KIND_LABELS[g.kind], summary=_summary(s))
        for g in bundle.goals
        if (s := rollup.goals.get(g.code)) is not None
    ]
    progress = PlanProgress(
        plan_code=plan.code,
        plan_name=plan.name,
        include_simulated=include_simulated,
        statuses=STATUS_LABELS,
        plan=_summary(rollup.plan),
        goals=goals,
        units={code: _summary(s) for code, s in rollup.units.items()},
        indicators=[views[i.code] for i in bundle.indicators],
        warnings=list(rollup.warnings),
    )
    order = [code for code in bundle.observations if code in claims]
    audit = PlanAudit(
        plan_code=plan.code,
        claims=[c for code in order for c in claims[code]],
        findings=[f for code in order for f in findings[code]],
    )
    return PlanAssessment(
        bundle, include_simulated, results, views, claims, findings, progress, audit, newest, simulated, form
    )


def assess_bundle(bundle: PlanBundle, *, include_simulated: bool = True) -> PlanProgress:
    """Assess every indicator of a plan and roll the results up (pure over the bundle)."""
    return assess(bundle, include_simulated=include_simulated).progress


def plan_assessment(ctx: Context, plan_code: str | None = None, *, include_simulated: bool = True) -> PlanAssessment:
    """The stored plan assessed at the newest data version, brought up to date from the last one."""
    return assessment_snapshot(ctx, plan_code, include_simulated=include_simulated).value


def assessment_snapshot(
    ctx: Context, plan_code: str | None = None, *, include_simulated: bool = True
) -> Versioned[PlanAssessment]:
    """:func:`plan_assessment` with the data version it was computed from."""

    def build(previous: Versioned[PlanAssessment] | None) -> Versioned[PlanAssessment]:
        plan = plan_snapshot(ctx, plan_code)
        if previous is not None and previous.value.bundle is plan.value:
            return Versioned(plan.version, previous.value)
        prior = previous.value if previous is not None else None
        return Versioned(plan.version, assess(plan.value, include_simulated=include_simulated, previous=prior))

    return ctx.versioned(("assessment", plan_code, include_simulated), build)


def assess_plan(ctx: Context, plan_code: str | None = None, *, include_simulated: bool = True) -> PlanProgress:
    return plan_assessment(ctx, plan_code, include_simulated=include_simulated).progress


def _audit_indicator(
    bundle: PlanBundle, ind: Indicator, include_simulated: bool
) -> tuple[tuple[ClaimAudit, ...], tuple[AuditFinding, ...]]:
    """One indicator's stored growth claims checked against its stored levels, and shares above 100 %."""
    code = ind.code
    observations = bundle.observations.get(code, ())
    claims: list[ClaimAudit] = []
    findings: list[AuditFinding] = []
    scenarios = (ACTUAL, SIMULATED) if include_simulated else (ACTUAL,)
    used = real_first(
        observations, include_simulated=include_simulated
    )  # a simulated figure a real one replaced is out
    for scenario in scenarios:
        mine = [o for o in used if o.scenario == scenario]
        for region in sorted({o.region_code for o in mine}):
            here = [o for o in mine if o.region_code == region]
            levels: Mapping[int, Observation] = {
                o.period.year: o for o in here if o.period.kind is PeriodKind.YEAR and o.measure is Measure.LEVEL
            }
            for growth in (o for o in here if o.measure is Measure.GROWTH):
                try:
                    check = check_growth_claim(claim_from_observations(growth, levels), ind.price_basis)
                except DomainError:
                    continue  # no levels stored for this claim: nothing to check it against
                p = growth.provenance
                claims.append(
                    ClaimAudit(
                        indicator=code,
                        name=ind.name,
                        start_year=check.claim.start_year,
                        end_year=check.claim.end_year,
                        claimed_rate=check.claim.claimed_rate,
                        computed_rate=check.computed_rate,
                        low=check.low,
                        high=check.high,
                        verdict=check.verdict.value,
                        verdict_label=VERDICT_LABELS[check.verdict],
                        simulated=scenario == SIMULATED,
                        document_code=p.document_code if p else None,
                        quote=p.quote if p else None,
                    )
                )
            for o in here:
                if o.measure is Measure.LEVEL and o.unit in ("%", "‰") and o.printed_value:
                    finding = check_share(ind.name, o.printed_value, o.unit)
                    if finding is not None:
                        findings.append(AuditFinding(indicator=code, kind=finding.kind.value, message=finding.message))
    return tuple(claims), tuple(findings)


def audit_bundle(bundle: PlanBundle, *, include_simulated: bool = True) -> PlanAudit:
    """Every stored growth claim whose levels are stored too, checked; and shares above 100 %."""
    return assess(bundle, include_simulated=include_simulated).audit


def audit_plan(ctx: Context, plan_code: str | None = None, *, include_simulated: bool = True) -> PlanAudit:
    return plan_assessment(ctx, plan_code, include_simulated=include_simulated).audit
