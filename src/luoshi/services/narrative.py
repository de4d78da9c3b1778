"""数说: the narrative of a stored plan, a goal (and its subtree), a unit (the indicators it owns) or one
indicator, as of a year (figures up to that year), with every sentence's sources (docs/reports.md).

Real figures by default; simulated ones only when asked, and every sentence built on one is marked 模拟.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from luoshi.domain.errors import InvalidInput, Location, NotFound, Problem
from luoshi.domain.indicator import Indicator, PriceBasis
from luoshi.domain.period import PeriodKind
from luoshi.domain.plan import PlanBundle
from luoshi.domain.target import Measure
from luoshi.engine.progress import ProgressStatus
from luoshi.report import narrative as words
from luoshi.services.cockpit import as_of
from luoshi.services.context import Context
from luoshi.services.progress import (
    ACTUAL,
    SIMULATED,
    IndicatorProgress,
    assess,
    assessment_snapshot,
    main_target,
    real_first,
)


class SourceView(BaseModel):
    indicator_code: str
    period: str
    kind: str | None = Field(None, description="provenance kind: document, sheet, manual, simulation, ...")
    document_code: str | None
    start: int | None
    end: int | None
    quote: str | None
    simulated: bool


class FigureView(BaseModel):
    indicator_code: str
    kind: str = Field(description="level, growth, points, target, gap or needed")
    printed: str
    value: float = Field(description="the printed number in its base unit (a rate in %, signed)")
    unit: str
    period: str
    comparator: str


class SentenceView(BaseModel):
    text: str
    indicator_code: str
    periods: list[str]
    simulated: bool
    figures: list[FigureView]
    sources: list[SourceView]


class ParagraphView(BaseModel):
    indicator_code: str
    name: str
    section: str = Field(description="the top-level goal the indicator measures (the page's heading), or empty")
    sentences: list[SentenceView]


class NarrativeContext(BaseModel):
    """The 数说 of one scope of a plan as of a year."""

    data_version: int
    plan_code: str
    plan_name: str
    scope: str = Field(description="plan, goal, unit or indicator")
    scope_code: str | None
    scope_name: str
    year: int | None
    include_simulated: bool
    paragraphs: list[ParagraphView]
    text: str = Field(description="the narrative as plain text, one paragraph a line")


def _subtree(bundle: PlanBundle, code: str) -> set[str]:
    codes = {code}
    grew = True
    while grew:
        more = {g.code for g in bundle.goals if g.parent_code in codes} - codes
        codes |= more
        grew = bool(more)
    return codes


def _scope(
    bundle: PlanBundle, goal: str | None, unit: str | None, indicator: str | None
) -> tuple[str, str | None, str, list[Indicator]]:
    """The indicators of the scope asked: (scope, its code, its name, indicators)."""
    if sum(x is not None for x in (goal, unit, indicator)) > 1:
        raise InvalidInput([Problem(Location("scope"), "give at most one of goal, unit and indicator")])
    if goal is not None:
        found = next((g for g in bundle.goals if g.code == goal), None)
        if found is None:
            raise NotFound(f"plan {bundle.plan.code} has no goal {goal}")
        codes = _subtree(bundle, goal)
        return "goal", goal, found.name, [i for i in bundle.indicators if codes & set(i.goal_codes)]
    if unit is not None:
        owner = next((u for u in bundle.units if unit in (u.name, u.code)), None)
        if owner is None:
            raise NotFound(f"plan {bundle.plan.code} has no unit {unit}")
        return "unit", owner.code, owner.name, [i for i in bundle.indicators if i.owner_unit_code == owner.code]
    if indicator is not None:
        one = next((i for i in bundle.indicators if indicator in (i.name, i.code)), None)
        if one is None:
            raise NotFound(f"plan {bundle.plan.code} has no indicator {indicator}")
        return "indicator", one.code, one.name, [one]
    return "plan", None, bundle.plan.name, list(bundle.indicators)


def facts_of(bundle: PlanBundle, ind: Indicator, view: IndicatorProgress, include_simulated: bool) -> words.Facts:
    """What the narrative of one indicator is written from: the figures its assessment used."""
    region = bundle.plan.region_code
    used = real_first(bundle.observations.get(ind.code, ()), include_simulated=include_simulated)
    mine = [o for o in used if o.region_code == region]
    by_year = {}
    for o in sorted(mine, key=lambda o: o.scenario == ACTUAL):  # the real one of a year last, so it wins
        if o.period.kind is PeriodKind.YEAR and o.measure is Measure.LEVEL:
            by_year[o.period.year] = o
    growths = sorted(
        (o for o in mine if o.measure is Measure.GROWTH and o.period.kind in (PeriodKind.YEAR, PeriodKind.SPAN)),
        key=lambda o: (o.period.year, o.scenario == ACTUAL),
    )
    target = main_target(bundle.targets.get(ind.code, ()), bundle.plan.end_year)
    return words.Facts(
        code=ind.code,
        name=ind.name,
        unit=ind.display_unit,
        direction=ind.direction,
        levels=tuple(by_year[y] for y in sorted(by_year)),
        growths=tuple(growths),
        base_year=view.base_year,
        target=target,
        status=ProgressStatus(view.status),
        current_year=view.current_year,
        current_value=view.current_value,
        target_value=view.target_value,
        needed_rate=view.needed_rate,
        comparable=ind.price_basis is PriceBasis.COMPARABLE,
    )


def _sections(bundle: PlanBundle) -> dict[str, str]:
    """Indicator code -> the name of the top-level goal of its first goal."""
    goals = {g.code: g for g in bundle.goals}

    def top(code: str) -> str:
        seen: set[str] = set()
        while (g := goals.get(code)) is not None and g.parent_code in goals and code not in seen:
            seen.add(code)
            code = g.parent_code
        return goals[code].name if code in goals else ""

    return {i.code: top(i.goal_codes[0]) if i.goal_codes else "" for i in bundle.indicators}


def _views(paragraphs: Sequence[words.Paragraph], sections: dict[str, str]) -> list[ParagraphView]:
    return [
        ParagraphView(
            indicator_code=p.indicator_code,
            name=p.name,
            section=sections.get(p.indicator_code, ""),
            sentences=[
                SentenceView(
                    text=s.text,
                    indicator_code=s.indicator_code,
                    periods=list(s.periods),
                    simulated=s.simulated,
                    figures=[FigureView(**vars(f)) for f in s.figures],
                    sources=[SourceView(**vars(src)) for src in s.sources],
                )
                for s in p.sentences
            ],
        )
        for p in paragraphs
    ]


def plan_narrative(
    ctx: Context,
    plan_code: str | None = None,
    *,
    goal: str | None = None,
    unit: str | None = None,
    indicator: str | None = None,
    year: int | None = None,
    include_simulated: bool = False,
) -> NarrativeContext:
    """The 数说 of a plan, or of one goal (with its subtree), unit or indicator, as of ``year``."""
    assessed = assessment_snapshot(ctx, plan_code, include_simulated=include_simulated)
    bundle = assessed.value.bundle
    progress = assessed.value.progress
    if year is not None:
        bundle = as_of(bundle, year)
        progress = assess(bundle, include_simulated=include_simulated).progress
    scope, code, name, indicators = _scope(bundle, goal, unit, indicator)
    views = {v.code: v for v in progress.indicators}
    facts = [facts_of(bundle, i, views[i.code], include_simulated) for i in indicators if i.code in views]
    paragraphs = words.narrative(facts)
    return NarrativeContext(
        data_version=assessed.version,
        plan_code=bundle.plan.code,
        plan_name=bundle.plan.name,
        scope=scope,
        scope_code=code,
        scope_name=name,
        year=year,
        include_simulated=include_simulated,
        paragraphs=_views(paragraphs, _sections(bundle)),
        text=words.plain_text(paragraphs),
    )


__all__ = ["SIMULATED", "NarrativeContext", "plan_narrative"]
