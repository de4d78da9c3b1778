"""Government units: the list, and one unit's tasks and indicators across plans."""

from __future__ import annotations

from pydantic import BaseModel, Field

from luoshi.domain.errors import NotFound
from luoshi.domain.plan import TASK_STATUS_LABELS
from luoshi.domain.rounds import ROUND_STATE_LABELS
from luoshi.domain.unit import Unit
from luoshi.report import present
from luoshi.services.context import Context
from luoshi.services.figures import ProgressReport, progress_report
from luoshi.services.plans import read_plan
from luoshi.services.progress import SummaryView, assess_plan


class UnitSummary(BaseModel):
    code: str
    name: str
    region: str
    tasks_led: int
    indicators_owned: int


class UnitListContext(BaseModel):
    units: list[UnitSummary]


class UnitTask(BaseModel):
    plan_code: str
    code: str
    name: str
    goal_code: str
    goal_name: str
    role: str  # 牵头 or 配合
    lead_unit_code: str | None = Field(description="牵头单位: only its reporters may report the task's progress")
    deadline: str | None
    status: str
    status_label: str
    overdue: bool
    progress: ProgressReport | None = Field(description="the newest progress report, if any")


class UnitIndicator(BaseModel):
    plan_code: str
    code: str
    name: str
    unit: str
    status: str
    status_label: str
    target_text: str | None
    latest: str | None
    uses_simulated: bool


class UnitRound(BaseModel):
    """A reporting round the unit owes a submission in (its round report is downloadable)."""

    code: str
    title: str
    due: str
    state_label: str


class UnitContext(BaseModel):
    code: str
    name: str
    region: str
    tasks: list[UnitTask]
    indicators: list[UnitIndicator]
    summaries: dict[str, SummaryView]  # plan code -> this unit's roll-up in that plan
    include_simulated: bool
    rounds: list[UnitRound] = Field(default_factory=list, description="the rounds it owes, newest due first")


def unit_list(ctx: Context, *, plan_code: str | None = None) -> UnitListContext:
    """Every unit with the tasks it leads and the indicators it owns, in all plans; with ``plan_code``,
    only that plan's units (those its tasks and indicators name, and the units of its regions) and their
    counts in it (NotFound for a plan that is not stored)."""
    with ctx.reading() as snapshot:
        regions = {r.code: r.name for r in snapshot.registry.regions()}
        led: dict[str, int] = {}
        owned: dict[str, int] = {}
        plan_units: set[str] | None = None
        codes = [plan_code] if plan_code is not None else [p.code for p in snapshot.plans.plans()]
        for code in codes:
            bundle = read_plan(ctx, code, scenarios=[])
            for t in bundle.tasks:
                if t.lead_unit_code:
                    led[t.lead_unit_code] = led.get(t.lead_unit_code, 0) + 1
            for i in bundle.indicators:
                if i.owner_unit_code:
                    owned[i.owner_unit_code] = owned.get(i.owner_unit_code, 0) + 1
            if plan_code is not None:
                plan_units = {u.code for u in bundle.units}
        return UnitListContext(
            units=[
                UnitSummary(
                    code=u.code,
                    name=u.name,
                    region=regions.get(u.region_code, u.region_code),
                    tasks_led=led.get(u.code, 0),
                    indicators_owned=owned.get(u.code, 0),
                )
                for u in snapshot.registry.units()
                if plan_units is None or u.code in plan_units
            ]
        )


def unit_overview(ctx: Context, code: str, *, today: str | None = None, include_simulated: bool = True) -> UnitContext:
    from datetime import date

    day = date.fromisoformat(today) if today else date.today()
    with ctx.reading() as snapshot:
        unit: Unit | None = next((u for u in snapshot.registry.units() if u.code == code), None)
        if unit is None:
            raise NotFound(f"no unit {code!r}")
        regions = {r.code: r.name for r in snapshot.registry.regions()}
        tasks: list[UnitTask] = []
        indicators: list[UnitIndicator] = []
        summaries: dict[str, SummaryView] = {}
        for plan in snapshot.plans.plans():
            bundle = read_plan(ctx, plan.code, scenarios=[])
            goals = {g.code: g.name for g in bundle.goals}
            reports = snapshot.task_progress.latest(plan.code)
            for t in bundle.tasks:
                role = "牵头" if t.lead_unit_code == code else "配合" if code in t.support_unit_codes else None
                if role is None:
                    continue
                tasks.append(
                    UnitTask(
                        plan_code=plan.code,
                        code=t.code,
                        name=t.name,
                        goal_code=t.goal_code,
                        goal_name=goals.get(t.goal_code, ""),
                        role=role,
                        lead_unit_code=t.lead_unit_code,
                        deadline=t.deadline.isoformat() if t.deadline else None,
                        status=t.status.value,
                        status_label=TASK_STATUS_LABELS[t.status],
                        overdue=t.is_overdue(day),
                        progress=progress_report(reports[t.code]) if t.code in reports else None,
                    )
                )
            owned = [i for i in bundle.indicators if i.owner_unit_code == code]
            if not owned:
                continue
            progress = assess_plan(ctx, plan.code, include_simulated=include_simulated)
            by_code = {p.code: p for p in progress.indicators}
            if code in progress.units:
                summaries[plan.code] = progress.units[code]
            for i in owned:
                p = by_code[i.code]
                latest = present.dated_quantity(p.current_year, p.current_value, p.unit)
                indicators.append(
                    UnitIndicator(
                        plan_code=plan.code,
                        code=i.code,
                        name=i.name,
                        unit=i.display_unit,
                        status=p.status,
                        status_label=p.status_label,
                        target_text=p.target_text,
                        latest=None if p.current_value is None else latest,
                        uses_simulated=p.uses_simulated,
                    )
                )
        owed = {s.round_code for s in snapshot.rounds.submissions(unit_code=code)}
        rounds = [
            UnitRound(code=r.code, title=r.title, due=r.due.isoformat(), state_label=ROUND_STATE_LABELS[r.state])
            for r in snapshot.rounds.rounds()
            if r.code in owed
        ]
        return UnitContext(
            rounds=rounds,
            code=unit.code,
            name=unit.name,
            region=regions.get(unit.region_code, unit.region_code),
            tasks=tasks,
            indicators=indicators,
            summaries=summaries,
            include_simulated=include_simulated,
        )
