"""The cockpit (驾驶舱) and the indicator page: what a leader sees first, and one indicator in full."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from pydantic import BaseModel, Field

from luoshi.domain.errors import NotFound
from luoshi.domain.indicator import (
    FREQUENCY_LABELS,
    PRICE_BASIS_LABELS,
    Frequency,
    Indicator,
    IndicatorKind,
    PriceBasis,
)
from luoshi.domain.measurement import UnknownUnit, from_base
from luoshi.domain.observation import Observation
from luoshi.domain.plan import GOAL_KIND_LABELS, TASK_STATUS_LABELS, Goal, PlanBundle
from luoshi.domain.target import Measure
from luoshi.report.present import figure_text, period_text
from luoshi.services.context import STRICT, Context, ReadPolicy, Versioned
from luoshi.services.progress import (
    SIMULATED,
    STATUS_LABELS,
    STATUS_ORDER,
    ClaimAudit,
    GapRow,
    IndicatorProgress,
    PlanAssessment,
    PlanProgress,
    SummaryView,
    assess,
    assessment_snapshot,
    comparable_levels,
    gap_list,
    main_target,
    real_first,
    series_values,
    superseded,
    target_text,
)

LATEST_FIGURES = 12
T = TypeVar("T")


class GoalCard(BaseModel):
    """A top-level goal with its indicators counted by status (traffic lights), and its children's."""

    code: str
    name: str
    kind_label: str
    summary: SummaryView
    children: list[GoalCard]


class FigureItem(BaseModel):
    indicator_code: str
    indicator_name: str
    period: str
    period_label: str
    text: str
    simulated: bool
    superseded: bool = Field(False, description="a simulated figure a real one of the same period replaces")
    document_code: str | None
    span_start: int | None
    span_end: int | None


class OverdueTask(BaseModel):
    code: str
    name: str
    lead_unit: str | None
    deadline: str
    status_label: str


class Warning(BaseModel):
    kind: str
    message: str
    indicator_code: str | None
    simulated: bool


class ChartPoint(BaseModel):
    year: int
    value: float


class ChartData(BaseModel):
    """The indicator chart: observed levels (real and simulated), the target path, the projection."""

    unit: str
    actual: list[ChartPoint]
    simulated: list[ChartPoint]
    #: a 可比价 indicator judged from real growth rates: its levels at base-year prices (价格口径)
    comparable: list[ChartPoint] = []
    target_path: list[ChartPoint]
    projection: list[ChartPoint]
    target_year: int | None
    target_value: float | None


class HeadlineCard(BaseModel):
    """One small chart of the cockpit's grid of headline indicators (see :func:`headline_indicators`)."""

    code: str
    name: str
    unit: str
    kind_label: str
    status: str
    status_label: str
    target_text: str | None
    current_year: int | None
    current_value: float | None
    uses_simulated: bool
    chart: ChartData


#: a unit's indicators by light: green (target achieved or on track), yellow (acceleration needed or limited
#: progress), red (deterioration), grey (insufficient data)
LIGHTS: dict[str, tuple[str, ...]] = {
    "green": ("target_achieved", "on_track"),
    "yellow": ("acceleration_needed", "limited_progress"),
    "red": ("deterioration",),
    "grey": ("insufficient_data",),
}
LIGHT_LABELS: dict[str, str] = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "grey": "无法判断"}


class UnitLights(BaseModel):
    """A responsible unit's indicators counted by light (红黄绿灯), worst first in the cockpit's table."""

    code: str
    name: str
    total: int
    lights: dict[str, int] = Field(description="green, yellow, red, grey: how many of its indicators")
    summary: SummaryView


class CockpitContext(BaseModel):
    data_version: int = Field(description="the data version the cockpit was computed from (moves with every change)")
    plan_code: str
    plan_name: str
    years: str
    year: int | None = Field(description="the year the plan is assessed as of (figures after it left out); None: all")
    year_choices: list[int] = Field(description="the years one may assess as of")
    headline: list[HeadlineCard]
    units: list[UnitLights]
    light_labels: dict[str, str]
    include_simulated: bool
    has_simulated: bool
    statuses: dict[str, str]
    status_order: list[str]
    plan: SummaryView
    goals: list[GoalCard]
    gaps: list[GapRow]
    latest: list[FigureItem]
    overdue: list[OverdueTask]
    warnings: list[Warning]


def _figure(
    code: str, name: str, o: Observation, display_unit: str, replaced: frozenset[str] = frozenset()
) -> FigureItem:
    p = o.provenance
    return FigureItem(
        indicator_code=code,
        indicator_name=name,
        period=o.period.code,
        period_label=period_text(o.period),
        text=figure_text(o, display_unit),
        simulated=o.scenario == SIMULATED,
        superseded=o.key in replaced,
        document_code=p.document_code if p else None,
        span_start=p.start if p else None,
        span_end=p.end if p else None,
    )


def _cards(bundle: PlanBundle, progress: PlanProgress) -> list[GoalCard]:
    summaries = {g.code: g for g in progress.goals}
    children: dict[str | None, list[str]] = {}
    for g in bundle.goals:
        children.setdefault(g.parent_code, []).append(g.code)

    def card(code: str, depth: int) -> GoalCard | None:
        g = summaries.get(code)
        if g is None or g.summary.total == 0:
            return None
        kids = [c for k in children.get(code, []) if depth < 1 and (c := card(k, depth + 1)) is not None]
        return GoalCard(code=code, name=g.name, kind_label=g.kind_label, summary=g.summary, children=kids)

    return [c for code in children.get(None, []) if (c := card(code, 0)) is not None]


def cockpit(
    ctx: Context,
    plan_code: str | None = None,
    *,
    include_simulated: bool = True,
    today: date | None = None,
    policy: ReadPolicy | None = None,
    year: int | None = None,
) -> CockpitContext:
    """What a leader sees first. ``policy``: how far behind the newest change it may be (default: not at
    all; the web app allows its read lag, and never behind the reader's own changes).

    ``year``: assess the plan as of the end of that year, as if no figure of a later year existed (a span's
    figure counts from its last year); tasks are overdue as of that year's last day (or today if earlier).
    """
    day = today or date.today()

    def build(previous: Versioned[CockpitContext] | None) -> Versioned[CockpitContext]:
        assessed = assessment_snapshot(ctx, plan_code, include_simulated=include_simulated)
        if previous is not None and previous.version == assessed.version:
            return previous
        value = assessed.value
        choices = year_choices(value.bundle, include_simulated)
        if year is not None:
            value = assess(as_of(value.bundle, year), include_simulated=include_simulated)
        when = day if year is None else min(day, date(year, 12, 31))
        return Versioned(assessed.version, _cockpit(assessed.version, value, include_simulated, when, year, choices))

    # keyed by the code as asked (None: the only plan), like read_plan: a warm hit costs one version check
    return ctx.versioned(("cockpit", plan_code, include_simulated, day, year), build, policy or STRICT).value


def as_of(bundle: PlanBundle, year: int) -> PlanBundle:
    """The plan as it stood at the end of ``year``: every figure of a later period left out (targets stay)."""
    return replace(
        bundle,
        observations={
            code: tuple(o for o in observations if o.period.year <= year)
            for code, observations in bundle.observations.items()
        },
    )


def year_choices(bundle: PlanBundle, include_simulated: bool) -> list[int]:
    """The years a cockpit can be assessed as of: from the plan's base year (the year before it starts) to
    the newest year with a figure, newest first."""
    first = bundle.plan.start_year - 1
    newest = max(
        (
            o.period.year
            for observations in bundle.observations.values()
            for o in observations
            if include_simulated or o.scenario != SIMULATED
        ),
        default=first,
    )
    return list(range(max(newest, first), first - 1, -1))


#: at most this many headline indicators get a small chart on the cockpit
HEADLINE_MAX = 12


def headline_indicators(bundle: PlanBundle, limit: int = HEADLINE_MAX) -> list[Indicator]:
    """The cockpit's headline indicators (主要指标), by a fixed rule: the indicators with a quantitative
    target, the binding (约束性) ones first, each group in the plan's own order; at most ``limit``.
    An indicator without a target has nothing to be judged against at a glance and is left to its page."""
    with_target = [i for i in bundle.indicators if bundle.targets.get(i.code)]
    binding = [i for i in with_target if i.kind is IndicatorKind.BINDING]
    others = [i for i in with_target if i.kind is not IndicatorKind.BINDING]
    return (binding + others)[:limit]


def _headline(assessed: PlanAssessment, include_simulated: bool) -> list[HeadlineCard]:
    bundle = assessed.bundle
    cards = []
    for ind in headline_indicators(bundle):
        r = assessed.views[ind.code]
        cards.append(
            HeadlineCard(
                code=ind.code,
                name=ind.name,
                unit=ind.display_unit,
                kind_label="约束性" if ind.kind is IndicatorKind.BINDING else "预期性",
                status=r.status,
                status_label=r.status_label,
                target_text=r.target_text,
                current_year=r.current_year,
                current_value=r.current_value,
                uses_simulated=r.uses_simulated,
                chart=_marked(bundle, ind, _chart(bundle, ind, r, include_simulated)),
            )
        )
    return cards


def _marked(bundle: PlanBundle, ind: Indicator, chart: ChartData) -> ChartData:
    """The chart with its target marked even where the assessment has too few figures to give one: a level
    target as it stands; a growth target as the level it implies from the base year's level, where known."""
    if chart.target_value is not None:
        return chart
    target = main_target(bundle.targets.get(ind.code, ()), bundle.plan.end_year)
    if target is None:
        return chart
    if target.measure is Measure.LEVEL:
        value = target.value
    else:
        base_year = target.base_year if target.base_year is not None else bundle.plan.start_year - 1
        levels = series_values(bundle.observations.get(ind.code, ()), bundle.plan.region_code, include_simulated=False)
        base = target.base_value if target.base_value is not None else levels.get(base_year)
        if base is None or target.target_year <= base_year:
            return chart
        if target.annualized:
            value = base * (1 + target.value / 100) ** (target.target_year - base_year)
        else:
            value = base * (1 + target.value / 100)
    try:
        shown = from_base(value, ind.display_unit)
    except UnknownUnit:
        shown = value
    return chart.model_copy(update={"target_year": target.target_year, "target_value": round(shown, 6)})


def _unit_lights(bundle: PlanBundle, progress: PlanProgress) -> list[UnitLights]:
    names = {u.code: u.name for u in bundle.units}
    rows = []
    for code, summary in progress.units.items():
        lights = {light: sum(summary.counts.get(s, 0) for s in statuses) for light, statuses in LIGHTS.items()}
        rows.append(
            UnitLights(code=code, name=names.get(code, code), total=summary.total, lights=lights, summary=summary)
        )
    rows.sort(key=lambda u: (-u.lights["red"], -u.lights["yellow"], -u.total, u.code))
    return rows


def _cockpit(
    version: int,
    assessed: PlanAssessment,
    include_simulated: bool,
    day: date,
    year: int | None = None,
    choices: list[int] | None = None,
) -> CockpitContext:
    bundle, progress, audit = assessed.bundle, assessed.progress, assessed.audit
    units = {u.code: u.name for u in bundle.units}
    indicators = {i.code: i for i in bundle.indicators}
    latest = [
        _figure(code, indicators[code].name, o, indicators[code].display_unit)
        for code, o in newest_of_plan(assessed.newest, list(bundle.observations), LATEST_FIGURES)
    ]
    overdue = [
        OverdueTask(
            code=t.code,
            name=t.name,
            lead_unit=units.get(t.lead_unit_code or ""),
            deadline=t.deadline.isoformat() if t.deadline else "",
            status_label=TASK_STATUS_LABELS[t.status],
        )
        for t in bundle.tasks
        if t.is_overdue(day)
    ]
    warnings = [
        Warning(kind="claim", message=_claim_message(c), indicator_code=c.indicator, simulated=c.simulated)
        for c in audit.claims
        if c.verdict not in ("consistent", "basis_differs")  # 口径不同 is no finding: the indicator page explains it
    ]
    warnings += [
        Warning(kind=f.kind, message=f.message, indicator_code=f.indicator, simulated=False) for f in audit.findings
    ]
    p = bundle.plan
    return CockpitContext(
        data_version=version,
        plan_code=p.code,
        plan_name=p.name,
        years=f"{p.start_year}-{p.end_year}",
        year=year,
        year_choices=choices or [],
        headline=_headline(assessed, include_simulated),
        units=_unit_lights(bundle, progress),
        light_labels=LIGHT_LABELS,
        include_simulated=include_simulated,
        has_simulated=any(assessed.simulated.values()),
        statuses=STATUS_LABELS,
        status_order=STATUS_ORDER,
        plan=progress.plan,
        goals=_cards(bundle, progress),
        gaps=gap_list(progress),
        latest=latest,
        overdue=overdue,
        warnings=warnings,
    )


def newest_of_plan(
    newest: Mapping[str, Sequence[tuple[tuple[int, bool], T]]], order: Sequence[str], n: int
) -> list[tuple[str, T]]:
    """The plan's ``n`` newest figures from each indicator's newest (``PlanAssessment.newest``), as a stable
    sort of all figures in ``order`` would give them, without touching every figure.

    The ``n``-th largest of the indicators' own newest keys is a floor: ``n`` figures reach it, so none
    below it can be among the ``n`` newest, and only the figures at or above it are sorted.
    """
    lists = [(code, figures) for code in order if (figures := newest.get(code))]
    heads = sorted((figures[0][0] for _, figures in lists), reverse=True)
    if len(heads) < n:  # fewer indicators than figures wanted: no floor, sort them all (they are few)
        everything = [(key, code, o) for code, figures in lists for key, o in figures]
        everything.sort(key=lambda c: c[0], reverse=True)
        return [(code, o) for _, code, o in everything[:n]]
    floor = heads[n - 1]
    # above the floor: few, sorted (stably); at the floor: already in order, taken until n are found
    above = [(key, code, o) for code, figures in lists if figures[0][0] > floor for key, o in figures if key > floor]
    above.sort(key=lambda c: c[0], reverse=True)
    chosen = [(code, o) for _, code, o in above[:n]]
    for code, figures in lists:
        if len(chosen) >= n:
            break
        if figures[0][0] >= floor:
            chosen += [(code, o) for key, o in figures if key == floor][: n - len(chosen)]
    return chosen


def _claim_message(c: ClaimAudit) -> str:
    return (
        f"{c.name} {c.start_year}—{c.end_year}年：印出年均增长 {c.claimed_rate}%，按印出的总量计算为 "
        f"{c.computed_rate:.2f}%（舍入允许 {c.low:.2f}%—{c.high:.2f}%），{c.verdict_label}"
    )


class TargetItem(BaseModel):
    text: str
    document_code: str | None
    span_start: int | None
    span_end: int | None
    quote: str | None


class IndicatorPageContext(BaseModel):
    plan_code: str
    plan_name: str
    code: str
    name: str
    aliases: list[str]
    unit: str
    direction_label: str
    kind_label: str
    owner_unit_code: str | None
    owner: str | None
    description: str = Field(description="指标解释 (definition)")
    scope: str = Field(description="统计口径")
    data_source: str = Field(description="数据来源")
    frequency: Frequency
    frequency_label: str
    price_basis: PriceBasis
    price_basis_label: str
    frequencies: dict[str, str] = Field(description="the choices of frequency, code -> label")
    price_bases: dict[str, str] = Field(description="the choices of price basis, code -> label")
    units: list[tuple[str, str]] = Field(description="the units one may make responsible: code, name")
    goals: list[tuple[str, str, str]]  # code, kind label, name
    progress: IndicatorProgress
    targets: list[TargetItem]
    observations: list[FigureItem]
    claims: list[ClaimAudit]
    chart: ChartData
    include_simulated: bool


@dataclass(frozen=True)
class _PageIndex:
    """What every indicator page of a plan reads, looked up by indicator code (one cache entry per plan)."""

    bundle: PlanBundle
    indicators: dict[str, Indicator]
    progress: dict[str, IndicatorProgress]
    claims: dict[str, list[ClaimAudit]]
    goals: dict[str, Goal]
    units: dict[str, str]


def _page_index(ctx: Context, plan_code: str, include_simulated: bool, policy: ReadPolicy) -> _PageIndex:
    def build(previous: Versioned[_PageIndex] | None) -> Versioned[_PageIndex]:
        snapshot = assessment_snapshot(ctx, plan_code, include_simulated=include_simulated)
        if previous is not None and previous.version == snapshot.version:
            return previous
        assessed = snapshot.value
        bundle, progress, audit = assessed.bundle, assessed.progress, assessed.audit
        claims: dict[str, list[ClaimAudit]] = {}
        for c in audit.claims:
            claims.setdefault(c.indicator, []).append(c)
        return Versioned(
            snapshot.version,
            _PageIndex(
                bundle=bundle,
                indicators={i.code: i for i in bundle.indicators},
                progress={i.code: i for i in progress.indicators},
                claims=claims,
                goals={g.code: g for g in bundle.goals},
                units={u.code: u.name for u in bundle.units},
            ),
        )

    return ctx.versioned(("indicator pages", plan_code, include_simulated), build, policy).value


def indicator_page(
    ctx: Context, plan_code: str, code: str, *, include_simulated: bool = True, policy: ReadPolicy | None = None
) -> IndicatorPageContext:
    """One indicator in full. ``policy``: how far behind the newest change it may be (default: not at all)."""
    index = _page_index(ctx, plan_code, include_simulated, policy or STRICT)
    bundle = index.bundle
    ind = index.indicators.get(code)
    if ind is None:
        raise NotFound(f"no indicator {code!r} in plan {plan_code!r}")
    result = index.progress[code]
    observations = [o for o in bundle.observations.get(code, ()) if include_simulated or o.scenario != SIMULATED]
    replaced = superseded(observations)  # shown struck through: the real figure of the period is used
    goals = index.goals
    units = index.units
    targets = []
    for t in bundle.targets.get(code, ()):
        p = t.provenance
        targets.append(
            TargetItem(
                text=target_text(ind, t) or "",
                document_code=p.document_code if p else None,
                span_start=p.start if p else None,
                span_end=p.end if p else None,
                quote=p.quote if p else None,
            )
        )
    return IndicatorPageContext(
        plan_code=bundle.plan.code,
        plan_name=bundle.plan.name,
        code=ind.code,
        name=ind.name,
        aliases=list(ind.aliases),
        unit=ind.display_unit,
        direction_label="越大越好" if ind.direction.value == "increase" else "越小越好",
        kind_label="约束性" if ind.kind.value == "binding" else "预期性",
        owner_unit_code=ind.owner_unit_code,
        owner=units.get(ind.owner_unit_code or ""),
        description=ind.description,
        scope=ind.scope,
        data_source=ind.data_source,
        frequency=ind.frequency,
        frequency_label=FREQUENCY_LABELS[ind.frequency],
        price_basis=ind.price_basis,
        price_basis_label=PRICE_BASIS_LABELS[ind.price_basis],
        frequencies={f.value: label for f, label in FREQUENCY_LABELS.items()},
        price_bases={b.value: label for b, label in PRICE_BASIS_LABELS.items()},
        units=list(units.items()),
        goals=[(g, GOAL_KIND_LABELS[goals[g].kind], goals[g].name) for g in ind.goal_codes if g in goals],
        progress=result,
        targets=targets,
        observations=[_figure(code, ind.name, o, ind.display_unit, replaced) for o in observations],
        claims=list(index.claims.get(code, ())),
        chart=_chart(bundle, ind, result, include_simulated),
        include_simulated=include_simulated,
    )


def _chart(bundle: PlanBundle, ind: Indicator, r: IndicatorProgress, include_simulated: bool) -> ChartData:
    code = ind.code
    unit = ind.display_unit

    def shown(value: float) -> float:
        try:
            return round(from_base(value, unit), 6)
        except UnknownUnit:
            return value

    levels = [
        o
        for o in real_first(bundle.observations.get(code, ()), include_simulated=include_simulated)
        if o.measure is Measure.LEVEL and o.period.is_annual and o.region_code == bundle.plan.region_code
    ]
    actual = [ChartPoint(year=o.period.year, value=shown(o.value)) for o in levels if o.scenario != SIMULATED]
    simulated = [
        ChartPoint(year=o.period.year, value=shown(o.value))
        for o in levels
        if o.scenario == SIMULATED and include_simulated
    ]
    path: list[ChartPoint] = []
    projection: list[ChartPoint] = []
    target = main_target(bundle.targets.get(code, ()), bundle.plan.end_year)
    if target is not None and r.base_year is not None and r.base_value is not None and r.target_value:
        years = (r.target_year or target.target_year) - r.base_year
        if years > 0 and r.base_value > 0 and r.target_value > 0:
            rate = (r.target_value / r.base_value) ** (1 / years) - 1
            path = [
                ChartPoint(year=r.base_year + k, value=round(r.base_value * (1 + rate) ** k, 6))
                for k in range(years + 1)
            ]
    # a compound projection only towards a target: a series without one gets no line drawn ahead
    if (
        target is not None
        and r.current_year is not None
        and r.current_value is not None
        and r.observed_rate is not None
    ):
        end = r.target_year or bundle.plan.end_year
        projection = [
            ChartPoint(year=y, value=round(r.current_value * (1 + r.observed_rate) ** (y - r.current_year), 6))
            for y in range(r.current_year, end + 1)
        ]
    real = comparable_levels(bundle, ind, include_simulated=include_simulated) if r.judged_from_rates else None
    return ChartData(
        unit=unit,
        actual=actual,
        simulated=simulated,
        comparable=[ChartPoint(year=y, value=shown(v)) for y, v in sorted((real or {}).items())],
        target_path=path,
        projection=projection,
        target_year=r.target_year,
        target_value=r.target_value,
    )
