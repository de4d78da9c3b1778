"""Government units: the list, and one unit's tasks and indicators across plans."""

from __future__ import annotations

from pydantic import BaseModel

from luoshi.domain.errors import NotFound
from luoshi.domain.plan import TASK_STATUS_LABELS
from luoshi.domain.unit import Unit
from luoshi.services.context import Context


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
    deadline: str | None
    status: str
    status_label: str
    overdue: bool


class UnitIndicator(BaseModel):
    plan_code: str
    code: str
    name: str
    unit: str


class UnitContext(BaseModel):
    code: str
    name: str
    region: str
    tasks: list[UnitTask]
    indicators: list[UnitIndicator]


def unit_list(ctx: Context) -> UnitListContext:
    with ctx.reading() as store:
        regions = {r.code: r.name for r in store.regions()}
        led: dict[str, int] = {}
        owned: dict[str, int] = {}
        for plan in store.plans():
            bundle = store.read(plan.code, scenarios=[])
            for t in bundle.tasks:
                if t.lead_unit_code:
                    led[t.lead_unit_code] = led.get(t.lead_unit_code, 0) + 1
            for i in bundle.indicators:
                if i.owner_unit_code:
                    owned[i.owner_unit_code] = owned.get(i.owner_unit_code, 0) + 1
        return UnitListContext(
            units=[
                UnitSummary(
                    code=u.code,
                    name=u.name,
                    region=regions.get(u.region_code, u.region_code),
                    tasks_led=led.get(u.code, 0),
                    indicators_owned=owned.get(u.code, 0),
                )
                for u in store.units()
            ]
        )


def unit_overview(ctx: Context, code: str, *, today: str | None = None) -> UnitContext:
    from datetime import date

    day = date.fromisoformat(today) if today else date.today()
    with ctx.reading() as store:
        unit: Unit | None = next((u for u in store.units() if u.code == code), None)
        if unit is None:
            raise NotFound(f"no unit {code!r}")
        regions = {r.code: r.name for r in store.regions()}
        tasks: list[UnitTask] = []
        indicators: list[UnitIndicator] = []
        for plan in store.plans():
            bundle = store.read(plan.code, scenarios=[])
            goals = {g.code: g.name for g in bundle.goals}
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
                        deadline=t.deadline.isoformat() if t.deadline else None,
                        status=t.status.value,
                        status_label=TASK_STATUS_LABELS[t.status],
                        overdue=t.is_overdue(day),
                    )
                )
            indicators += [
                UnitIndicator(plan_code=plan.code, code=i.code, name=i.name, unit=i.display_unit)
                for i in bundle.indicators
                if i.owner_unit_code == code
            ]
        return UnitContext(
            code=unit.code,
            name=unit.name,
            region=regions.get(unit.region_code, unit.region_code),
            tasks=tasks,
            indicators=indicators,
        )
