"""Figures entered by people: an observation typed in by a unit (填报), a task's progress."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from luoshi.domain.account import Permission, User, can
from luoshi.domain.errors import Forbidden, InvalidInput, Location, Problem
from luoshi.domain.measurement import NonFiniteValue, UnknownUnit, to_base
from luoshi.domain.observation import FigureStatus, Observation
from luoshi.domain.period import CODE_PATTERN as PERIOD_CODE_PATTERN
from luoshi.domain.period import InvalidPeriod, Period
from luoshi.domain.plan import TaskStatus
from luoshi.domain.provenance import Provenance, ProvenanceKind
from luoshi.domain.target import Comparator, Measure
from luoshi.services.context import Context

MANUAL_ORIGIN = "manual"

__all__ = [
    "FigureWritten",
    "Forbidden",
    "ObservationInput",
    "TaskStatusInput",
    "enter_observation",
    "set_task_status",
]


class ObservationInput(BaseModel):
    """One figure typed in: ``{"period": "2021", "value": 465.3}`` (in the indicator's display unit)."""

    period: str = Field(
        pattern=PERIOD_CODE_PATTERN, description="2021, 2021H1, 2021Q3, 2021M09, 2021YTD09 or 2016-2020"
    )
    value: float = Field(allow_inf_nan=False)
    unit: str | None = Field(default=None, description="default: the indicator's display unit; growth: %")
    measure: Measure = Measure.LEVEL
    comparator: Comparator = Comparator.EQ
    annualized: bool = False
    status: FigureStatus = FigureStatus.PRELIMINARY
    region: str | None = None
    note: str | None = Field(default=None, max_length=2000, description="where the figure comes from")


class FigureWritten(BaseModel):
    """What entering a figure did: ``{"result": "created", "version": 18}``."""

    result: Literal["created", "updated", "unchanged"]
    version: int | None = Field(
        default=None, description="the data version whose reads show this figure (None when nothing changed)"
    )


class TaskStatusInput(BaseModel):
    status: TaskStatus


def enter_observation(
    ctx: Context, user: User, plan_code: str, indicator_code: str, data: ObservationInput
) -> FigureWritten:
    """Store a figure a person entered (audited as that person): created, updated or unchanged, and the
    data version that holds it. Two people entering the same figure at once both succeed; the later wins.

    A reporter may enter figures only for indicators its unit owns.
    """
    with ctx.unit_of_work(reason="figure entered", actor=user.name) as uow:
        store = uow.figures
        indicator = store.indicator(plan_code, indicator_code)
        if not can(user, Permission.ENTER_FIGURES, unit_code=indicator.owner_unit_code):
            raise Forbidden(f"{user.name} may not enter figures for {indicator.name}")
        try:
            period = Period.parse(data.period)
        except InvalidPeriod as exc:
            raise InvalidInput([Problem(Location("period"), str(exc))]) from None
        printed = f"{data.value:g}"
        if data.measure is Measure.GROWTH:
            value, unit, printed_unit = data.value, "%", "%"
        else:
            printed_unit = data.unit or indicator.display_unit
            try:
                value, unit = to_base(data.value, printed_unit)
            except UnknownUnit as exc:
                raise InvalidInput([Problem(Location("unit"), str(exc))]) from None
            except NonFiniteValue as exc:  # 1e305 亿元 is no number of 元 a float can hold
                raise InvalidInput([Problem(Location("value"), str(exc))]) from None
            if unit != indicator.unit:
                raise InvalidInput([Problem(Location("unit"), f"{printed_unit} does not measure {indicator.name}")])
        region = data.region or store.header(plan_code).region_code
        obs = Observation(
            indicator_code=indicator_code,
            region_code=region,
            period=period,
            value=value,
            measure=data.measure,
            unit=unit,
            printed_value=printed,
            printed_unit=printed_unit,
            comparator=data.comparator,
            annualized=data.annualized,
            status=data.status,
            provenance=Provenance(ProvenanceKind.MANUAL, note=data.note or f"{user.label} 填报"),
        )
        summary = store.save_observation(plan_code, obs, MANUAL_ORIGIN)
        version = uow.commit()
    return FigureWritten(
        result="created" if summary.created else "updated" if summary.updated else "unchanged", version=version
    )


def set_task_status(ctx: Context, user: User, plan_code: str, task_code: str, status: TaskStatus) -> bool:
    """Change a task's status (a reporter only for tasks its unit leads); returns whether it changed."""
    with ctx.unit_of_work(reason="task progress", actor=user.name) as uow:
        task = uow.figures.task(plan_code, task_code)
        if not can(user, Permission.ENTER_FIGURES, unit_code=task.lead_unit_code):
            raise Forbidden(f"{user.name} may not report progress of task {task.name}")
        changed = uow.figures.set_task_status(plan_code, task_code, status).total > 0
        uow.commit()
    return changed
