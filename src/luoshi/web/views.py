"""Typed page contexts: what each page renders, and what its JSON twin returns."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, Field

from luoshi.domain.indicator import Indicator
from luoshi.domain.plan import GOAL_KIND_LABELS, TASK_STATUS_LABELS, PlanBundle
from luoshi.domain.target import Measure
from luoshi.report.present import dated_quantity, figure_text, period_text, target_text
from luoshi.services.progress import IndicatorProgress, PlanProgress


class FigureView(BaseModel):
    period: str
    text: str
    document: str | None = None
    quote: str | None = None


class IndicatorView(BaseModel):
    code: str
    name: str
    unit: str
    latest: FigureView | None
    targets: list[str]
    owner: str | None
    status: str | None = Field(default=None, description="its progress status, as on the cockpit")
    status_label: str | None = None
    current: str | None = Field(
        default=None, description="the value its assessment judges, with its year (the cockpit's: 2024年 1,562 人)"
    )
    uses_simulated: bool = Field(default=False, description="whether that assessment uses simulated figures")


class TaskView(BaseModel):
    code: str
    name: str
    lead_unit: str | None
    deadline: str | None
    status: str


class GoalView(BaseModel):
    code: str
    kind: str
    kind_label: str
    display_code: str
    name: str
    description: str
    tasks: list[TaskView]
    indicators: list[IndicatorView]
    children: list[GoalView]


class PlanTreeContext(BaseModel):
    """The plan tree page: the plan's goals as a tree, with tasks and indicators under each goal."""

    plan_code: str
    plan_name: str
    years: str
    vision_year: int | None
    region: str
    goals: list[GoalView]
    unlinked_indicators: list[IndicatorView]
    counts: dict[str, int]


def indicator_view(
    bundle: PlanBundle, ind: Indicator, units: Mapping[str, str], progress: IndicatorProgress | None = None
) -> IndicatorView:
    """One indicator's row of the plan tree: its latest real figure, its targets, its owner (``units``:
    unit code -> name), and with ``progress`` its status and the value it is judged on, as on the cockpit."""
    code = ind.code
    levels = [o for o in bundle.observations.get(code, ()) if o.scenario == "actual"]
    latest = None
    if levels:
        o = max(levels, key=lambda x: (x.period.year, x.measure is Measure.LEVEL))
        p = o.provenance
        latest = FigureView(
            period=period_text(o.period),
            text=figure_text(o, ind.display_unit),
            document=p.document_code if p else None,
            quote=p.quote if p else None,
        )
    targets = [target_text(t, ind.display_unit) for t in bundle.targets.get(code, ())]
    return IndicatorView(
        code=ind.code,
        name=ind.name,
        unit=ind.display_unit,
        latest=latest,
        targets=targets,
        owner=units.get(ind.owner_unit_code or ""),
        status=progress.status if progress else None,
        status_label=progress.status_label if progress else None,
        current=(
            dated_quantity(progress.current_year, progress.current_value, progress.unit)
            if progress is not None and progress.current_value is not None
            else None
        ),
        uses_simulated=progress.uses_simulated if progress else False,
    )


def plan_tree_context(bundle: PlanBundle, progress: PlanProgress | None = None) -> PlanTreeContext:
    """The plan tree; with ``progress`` (the plan assessed) each indicator carries its status and value."""
    units = {u.code: u.name for u in bundle.units}
    assessed = {i.code: i for i in progress.indicators} if progress is not None else {}
    regions = {r.code: r.name for r in bundle.regions}
    by_goal: dict[str, list[IndicatorView]] = {}
    unlinked = []
    for ind in bundle.indicators:
        ind_view = indicator_view(bundle, ind, units, assessed.get(ind.code))
        if ind.goal_codes:
            for goal_code in ind.goal_codes:
                by_goal.setdefault(goal_code, []).append(ind_view)
        else:
            unlinked.append(ind_view)
    tasks: dict[str, list[TaskView]] = {}
    for t in bundle.tasks:
        tasks.setdefault(t.goal_code, []).append(
            TaskView(
                code=t.code,
                name=t.name,
                lead_unit=units.get(t.lead_unit_code or ""),
                deadline=t.deadline.isoformat() if t.deadline else None,
                status=TASK_STATUS_LABELS[t.status],
            )
        )
    views: dict[str, GoalView] = {}
    roots: list[GoalView] = []
    for g in bundle.goals:
        view = GoalView(
            code=g.code,
            kind=g.kind.value,
            kind_label=GOAL_KIND_LABELS[g.kind],
            display_code=g.display_code,
            name=g.name,
            description=g.description,
            tasks=tasks.get(g.code, []),
            indicators=by_goal.get(g.code, []),
            children=[],
        )
        views[g.code] = view
        parent = views.get(g.parent_code) if g.parent_code else None
        (parent.children if parent else roots).append(view)
    p = bundle.plan
    return PlanTreeContext(
        plan_code=p.code,
        plan_name=p.name,
        years=f"{p.start_year}-{p.end_year}",
        vision_year=p.vision_year,
        region=regions.get(p.region_code, p.region_code),
        goals=roots,
        unlinked_indicators=unlinked,
        counts={
            "goals": len(bundle.goals),
            "tasks": len(bundle.tasks),
            "indicators": len(bundle.indicators),
            "observations": sum(len(v) for v in bundle.observations.values()),
        },
    )
