"""Figures entered by people: an observation typed in by a unit (填报), a task's progress."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field

from luoshi.domain.account import Permission, User, can
from luoshi.domain.errors import Forbidden, InvalidInput, Location, Problem
from luoshi.domain.measurement import NonFiniteValue, UnknownUnit, to_base
from luoshi.domain.observation import FigureStatus, Observation
from luoshi.domain.period import CODE_PATTERN as PERIOD_CODE_PATTERN
from luoshi.domain.period import InvalidPeriod, Period
from luoshi.domain.plan import (
    PERCENT_DONE_MAX,
    PROGRESS_TEXT_MAX,
    TASK_STATUS_LABELS,
    Task,
    TaskProgress,
    TaskStatus,
    progress_problems,
)
from luoshi.domain.provenance import Provenance, ProvenanceKind
from luoshi.domain.target import Comparator, Measure
from luoshi.services.context import Context
from luoshi.services.unit_of_work import UnitOfWork

MANUAL_ORIGIN = "manual"

__all__ = [
    "FigureWritten",
    "Forbidden",
    "ObservationInput",
    "ProgressReport",
    "ProgressReported",
    "TaskProgressContext",
    "TaskProgressInput",
    "TaskStatusInput",
    "enter_observation",
    "progress_report",
    "report_task_progress",
    "set_task_status",
    "task_progress_history",
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


class TaskProgressInput(BaseModel):
    """A progress report as typed in: ``{"status": "in_progress", "percent": 60, "text": "套餐已上线12项"}``."""

    status: TaskStatus
    percent: int = Field(ge=0, le=PERCENT_DONE_MAX, description="share done, 0 to 100; a completed task is 100")
    text: str = Field(default="", max_length=PROGRESS_TEXT_MAX, description="进展情况: what was done")


class ProgressReport(BaseModel):
    """One progress report as pages and the API show it."""

    task_code: str
    status: TaskStatus
    status_label: str = Field(description="the status in Chinese, e.g. 推进中")
    percent: int = Field(description="share done, 0 to 100")
    text: str = Field(description="进展情况")
    reporter: str = Field(description="login name of who reported it")
    unit_code: str | None = Field(description="unit it was reported for")
    at: str = Field(description="when, ISO 8601 in the server's time zone, e.g. 2026-03-22T10:05:00+08:00")
    round_code: str | None = Field(description="reporting round it answers, if any")


class ProgressReported(BaseModel):
    """What reporting progress did: the stored report, whether the task's status changed, the data version."""

    report: ProgressReport
    status_changed: bool
    version: int | None = Field(description="the data version whose reads show this report")


class TaskProgressContext(BaseModel):
    """A task's page: the task and every progress report on it, newest first."""

    plan_code: str
    code: str
    name: str
    lead_unit_code: str | None = Field(description="牵头单位; only its reporters may report progress")
    deadline: str | None
    status: TaskStatus
    status_label: str
    reports: list[ProgressReport] = Field(description="newest first; the first is the current progress")


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
        _writable_task(uow, user, plan_code, task_code)
        changed = uow.figures.set_task_status(plan_code, task_code, status).total > 0
        uow.commit()
    return changed


def report_task_progress(
    ctx: Context,
    user: User,
    plan_code: str,
    task_code: str,
    status: TaskStatus,
    percent: int,
    text: str,
    *,
    round_code: str | None = None,
) -> ProgressReported:
    """Report a task's progress: its status (which becomes the task's), the share done and what was done.

    The report joins the task's history (audited as ``task_progress``); a changed status is audited as the
    task's update, in the same transaction. Who may: as :func:`set_task_status` (a reporter only for tasks
    its unit leads, else Forbidden). A percent outside 0..100, a completed task under 100 % or a text over
    2000 characters is InvalidInput naming ``percent`` or ``text``.
    """
    with ctx.unit_of_work(reason="task progress", actor=user.name) as uow:
        task = _writable_task(uow, user, plan_code, task_code)
        problems = progress_problems(status, percent, text)
        if problems:
            raise InvalidInput(problems)
        report = TaskProgress(
            task_code=task_code,
            status=status,
            percent=percent,
            text=text,
            reporter=user.name,
            unit_code=task.lead_unit_code,
            at=datetime.now(UTC),
            round_code=round_code,
        )
        changed = uow.figures.set_task_status(plan_code, task_code, status).total > 0
        uow.task_progress.add(plan_code, report)
        version = uow.commit()
    return ProgressReported(report=progress_report(report), status_changed=changed, version=version)


def task_progress_history(ctx: Context, plan_code: str, task_code: str) -> TaskProgressContext:
    """A task and every progress report on it, newest first (one read snapshot)."""
    with ctx.reading() as snapshot:
        task = snapshot.figures.task(plan_code, task_code)
        reports = snapshot.task_progress.history(plan_code, task_code)
    return TaskProgressContext(
        plan_code=plan_code,
        code=task.code,
        name=task.name,
        lead_unit_code=task.lead_unit_code,
        deadline=task.deadline.isoformat() if task.deadline else None,
        status=task.status,
        status_label=TASK_STATUS_LABELS[task.status],
        reports=[progress_report(r) for r in reports],
    )


def progress_report(report: TaskProgress) -> ProgressReport:
    """The view of a stored report (its time in the server's time zone)."""
    return ProgressReport(
        task_code=report.task_code,
        status=report.status,
        status_label=TASK_STATUS_LABELS[report.status],
        percent=report.percent,
        text=report.text,
        reporter=report.reporter,
        unit_code=report.unit_code,
        at=report.at.astimezone().isoformat(timespec="seconds"),
        round_code=report.round_code,
    )


def _writable_task(uow: UnitOfWork, user: User, plan_code: str, task_code: str) -> Task:
    """The task, if ``user`` may report its progress (a reporter: only tasks its unit leads)."""
    task = uow.figures.task(plan_code, task_code)
    if not can(user, Permission.ENTER_FIGURES, unit_code=task.lead_unit_code):
        raise Forbidden(f"{user.name} may not report progress of task {task.name}")
    return task
