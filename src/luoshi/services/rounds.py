"""Reporting rounds as use cases: open a round, fill and submit a unit's figures and task progress,
approve or return them at one or two levels, reopen approved data, remind late units.

Every action is one unit of work: the submission's row is locked while its state is checked and changed,
so two people acting on one submission at once cannot both move it. Approving at the final level writes
the values as observations (origin ``round``, the round as provenance) and the task progress into the
plan, in the same transaction that locks the submission.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, Field

from luoshi.domain.account import Permission, User, can
from luoshi.domain.errors import Conflict, Forbidden, InvalidInput, InvalidValue, Location, NotFound, Problem
from luoshi.domain.measurement import NonFiniteValue, UnknownUnit, require_finite, to_base
from luoshi.domain.observation import FigureStatus, Observation
from luoshi.domain.period import InvalidPeriod, Period, PeriodKind
from luoshi.domain.plan import PROGRESS_TEXT_MAX, TASK_STATUS_LABELS, TaskProgress, TaskStatus, progress_problems
from luoshi.domain.project import STAGE_LABELS, STARTED_STAGES, owes_report
from luoshi.domain.provenance import Provenance, ProvenanceKind
from luoshi.domain.ranking import RankingRules
from luoshi.domain.rounds import (
    ACTION_LABELS,
    APPROVAL_LEVEL_LABELS,
    EDITABLE,
    ROUND_ORIGIN,
    ROUND_STATE_LABELS,
    SUBMISSION_STATE_LABELS,
    TIMELINESS_LABELS,
    ApprovalLevel,
    AskedIndicator,
    AskedTask,
    Entry,
    Evidence,
    InvalidTransition,
    Line,
    LineKey,
    Reminder,
    ReportingRules,
    Round,
    RoundState,
    Severity,
    Submission,
    SubmissionAction,
    SubmissionState,
    TaskReport,
    Timeliness,
    approver,
    check_entry,
    next_state,
    owing_units,
    round_code,
    timeliness,
)
from luoshi.domain.target import Measure
from luoshi.report.present import period_text
from luoshi.services.context import Context
from luoshi.services.unit_of_work import UnitOfWork

#: evidence files larger than this are refused (the request body limit applies on top)
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
#: a unit not yet submitted is on the reminder list from this many days before its due date
DUE_SOON_DAYS = 3


def today() -> date:
    return date.today()


def local_date(moment: datetime | None) -> date | None:
    return None if moment is None else moment.astimezone().date()


# ---------------------------------------------------------------------------------------------- inputs


class EntryInput(BaseModel):
    """One value typed in for a line: ``{"key": "gdp", "value": "465.3"}`` (in the unit asked for)."""

    key: str = Field(max_length=100, description="indicator code, or code:growth for its growth rate")
    value: str = Field(max_length=60, description="the number as typed; empty leaves the line as it is")
    unit: str | None = Field(default=None, max_length=32, description="the unit of measure; default: the one asked")
    note: str = Field(default="", max_length=2000)
    jump_confirmed: bool = False


class TaskReportInput(BaseModel):
    task: str = Field(max_length=64)
    status: TaskStatus
    percent: int = Field(ge=0, le=100)
    text: str = Field(default="", max_length=PROGRESS_TEXT_MAX)


class SaveInput(BaseModel):
    entries: list[EntryInput] = Field(default_factory=list, max_length=200_000)
    reports: list[TaskReportInput] = Field(default_factory=list, max_length=10_000)


# ---------------------------------------------------------------------------------------------- views


class RoundSummary(BaseModel):
    code: str
    plan_code: str
    title: str
    period: str
    period_label: str
    due: date
    approval_levels: int
    state: str
    state_label: str
    scenario: str
    projects: bool = Field(default=False, description="whether it asks for the key projects' monthly reports")
    units: int = 0
    submitted: int = 0
    approved: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0


class UnitStatus(BaseModel):
    unit_code: str
    unit_name: str
    state: str
    state_label: str
    timeliness: str
    timeliness_label: str
    first_submitted: date | None
    filled: int
    owed: int
    returned_count: int
    reminders: int
    last_reminder: datetime | None
    last_reminder_by: str | None
    projects_owed: int = Field(default=0, description="key projects of the unit that owe the month's report")
    projects_reported: int = Field(default=0, description="of those, how many have reported the month")


class ProjectDue(BaseModel):
    """A key project that owes the round's month its report, and whether it is in."""

    code: str
    name: str
    stage_label: str
    reported: bool
    round_code: str | None = Field(description="the round the report answered (None: reported outside one)")
    url: str = Field(description="the project's page, where its monthly report is filled in")


class RoundStatusView(BaseModel):
    round: RoundSummary
    units: list[UnitStatus]
    project_month: str | None = Field(default=None, description="the month whose project reports it asks (2024-03)")
    projects_owed: int = 0
    projects_reported: int = 0
    reporting_rate: float | None = Field(description="share of units that have submitted (DHIS2 reporting rate)")
    on_time_rate: float | None = Field(description="share of units that submitted by the due date")


class RoundListView(BaseModel):
    rounds: list[RoundSummary]
    plans: list[str] = Field(default_factory=list)


class LineView(BaseModel):
    key: str
    indicator_code: str
    measure: str
    name: str
    unit: str
    period: str
    last_value: str | None
    last_period: str | None
    value: str | None
    note: str
    jump_confirmed: bool
    source: str | None
    warning: str | None
    error: str | None


class EvidenceView(BaseModel):
    file_name: str
    sha256: str
    size: int


class TaskLineView(BaseModel):
    code: str
    name: str
    status: str
    status_label: str
    percent: int | None
    text: str
    reported: bool
    evidence: list[EvidenceView]


class EventView(BaseModel):
    action: str
    action_label: str
    from_label: str
    to_label: str
    actor: str
    at: datetime
    comment: str | None


class SubmissionView(BaseModel):
    round: RoundSummary
    unit_code: str
    unit_name: str
    state: str
    state_label: str
    timeliness: str
    timeliness_label: str
    comment: str | None
    lines: list[LineView]
    tasks: list[TaskLineView]
    events: list[EventView]
    reminders: list[Reminder]
    filled: int
    unconfirmed_jumps: int
    awaiting: str | None = Field(description="who approves next: 单位负责人审核 or 发改局审核")
    can_edit: bool
    can_approve: bool
    can_reopen: bool
    project_month: str | None = None
    projects: list[ProjectDue] = Field(default_factory=list, description="the unit's key projects owing the month")
    task_statuses: dict[str, str] = Field(default_factory=lambda: {s.value: TASK_STATUS_LABELS[s] for s in TaskStatus})


class SaveResult(BaseModel):
    """What a save did: values and task reports changed, and the jumps still to be confirmed."""

    changed: int
    warnings: list[str]
    state: str
    version: int | None = None


class Notice(BaseModel):
    at: datetime
    text: str
    round_code: str
    unit_code: str


class TodoItem(BaseModel):
    round: RoundSummary
    unit_code: str
    unit_name: str
    state: str
    state_label: str
    timeliness: str
    timeliness_label: str
    action: str  # 填报 / 单位负责人审核 / 发改局审核


class TodoView(BaseModel):
    owed: list[TodoItem]
    to_approve: list[TodoItem]
    notices: list[Notice]
    reminders_due: list[ReminderDue] = Field(default_factory=list)


class ReminderDue(BaseModel):
    """A unit that has not submitted a round that is due soon or overdue: the 催报 list."""

    round_code: str
    round_title: str
    due: date
    days_overdue: int
    unit_code: str
    unit_name: str
    state_label: str
    reminders: int
    last_reminder: datetime | None
    last_reminder_by: str | None
    projects_owed: int = 0
    projects_reported: int = 0


TodoView.model_rebuild()


# ---------------------------------------------------------------------------------------------- helpers


def _parse_number(text: str) -> float | None:
    """A number as people type it (全角 digits, thousands separators, spaces); None for an empty cell."""
    cleaned = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "").strip()
    if not cleaned:
        return None
    try:
        return require_finite(float(cleaned))
    except (ValueError, NonFiniteValue):
        raise InvalidValue(f"“{text}”不是数字") from None


def _summary(rnd: Round, submissions: Sequence[Submission] = (), on: date | None = None) -> RoundSummary:
    day = on or today()
    kinds = [timeliness(local_date(s.first_submitted_at), rnd.due, day) for s in submissions]
    return RoundSummary(
        code=rnd.code,
        plan_code=rnd.plan_code,
        title=rnd.title,
        period=rnd.period.code,
        period_label=period_text(rnd.period),
        due=rnd.due,
        approval_levels=rnd.approval_levels,
        state=rnd.state.value,
        state_label=ROUND_STATE_LABELS[rnd.state],
        scenario=rnd.scenario,
        projects=rnd.projects,
        units=len(submissions),
        submitted=sum(1 for s in submissions if s.first_submitted_at is not None),
        approved=sum(1 for s in submissions if s.state is SubmissionState.APPROVED),
        on_time=kinds.count(Timeliness.ON_TIME),
        late=kinds.count(Timeliness.LATE),
        missing=kinds.count(Timeliness.MISSING),
    )


def reporting_rules(uow: UnitOfWork, plan_code: str) -> ReportingRules:
    stored = uow.rounds.rules(plan_code)
    ranges = {
        code: (bounds[0], bounds[1])
        for code, bounds in dict(stored.get("ranges", {})).items()
        if isinstance(bounds, list | tuple) and len(bounds) == 2
    }
    return ReportingRules(jump_share=float(stored.get("jump_share", ReportingRules.jump_share)), ranges=ranges)


class AskedOfUnit:
    """What a round asks of one unit: its lines (with last values) and its tasks."""

    def __init__(self, uow: UnitOfWork, rnd: Round, unit_code: str) -> None:
        self.indicators = {
            code: ind
            for code, ind in uow.rounds.asked_indicators(rnd.plan_code, rnd.indicator_codes).items()
            if ind.owner_unit_code == unit_code
        }
        self.tasks = {
            code: t
            for code, t in uow.rounds.asked_tasks(rnd.plan_code, rnd.task_codes).items()
            if t.lead_unit_code == unit_code
        }
        line_keys = {code: ind.line_keys() for code, ind in self.indicators.items()}
        keys = [k for ks in line_keys.values() for k in ks]
        region = uow.plans.header(rnd.plan_code).region_code
        self.region_code = region
        last = uow.rounds.last_values(rnd.plan_code, region, keys, rnd.period, rnd.scenario)
        self.lines: dict[LineKey, Line] = {}
        scales: dict[str, float] = {}  # a base unit's value of 1 in each display unit, computed once
        for code, ind in self.indicators.items():
            for key in line_keys[code]:
                asked_unit = ind.asked_unit(key.measure)
                found = last.get(key)
                last_value = None
                if found is not None:
                    if key.measure is Measure.GROWTH:
                        last_value = found[0]
                    else:
                        scale = scales.get(ind.display_unit)
                        if scale is None:
                            scale = scales[ind.display_unit] = _base_of_one(ind)
                        last_value = found[0] / scale if scale else found[0]
                name = ind.name if key.measure is Measure.LEVEL else f"{ind.name}增速"
                self.lines[key] = Line(key, name, asked_unit, rnd.period.code, last_value, found[1] if found else None)


def _base_of_one(ind: AskedIndicator) -> float:
    """What 1 in the indicator's display unit is in its base unit (1 亿元 -> 1e8)."""
    return to_base(1.0, ind.display_unit)[0]


def _submission_for(uow: UnitOfWork, rnd: Round, unit_code: str, *, lock: bool = False) -> Submission:
    return uow.rounds.submission(rnd.code, unit_code, lock=lock)


def project_dues(uow: UnitOfWork, rnd: Round, unit_codes: Sequence[str]) -> dict[str, list[ProjectDue]]:
    """Per unit of ``unit_codes``, its key projects that owe the round's month a report (none when the round
    asks for none), by code, with whether the month is reported."""
    month = rnd.project_month
    if month is None:
        return {u: [] for u in unit_codes}
    wanted = set(unit_codes)
    reported = uow.projects.reported_in(month)
    dues: dict[str, list[ProjectDue]] = {u: [] for u in unit_codes}
    for p in uow.projects.projects(units=wanted, stages=STARTED_STAGES):
        if owes_report(p, month):
            dues[p.unit_code].append(
                ProjectDue(
                    code=p.code,
                    name=p.name,
                    stage_label=STAGE_LABELS[p.stage],
                    reported=p.code in reported,
                    round_code=reported.get(p.code),
                    url=f"/projects/{quote(p.code)}",
                )
            )
    return dues


def _require_unit(user: User, unit_code: str, what: str) -> None:
    if not can(user, Permission.ENTER_FIGURES, unit_code=unit_code):
        raise Forbidden(f"{user.label} 不能{what}单位 {unit_code} 的数据")


# ---------------------------------------------------------------------------------------------- rounds


def open_round(
    ctx: Context,
    user: User,
    plan_code: str,
    period_code: str,
    due: date,
    *,
    title: str | None = None,
    indicator_codes: Sequence[str] | None = None,
    task_codes: Sequence[str] | None = None,
    approval_levels: int = 2,
    code: str | None = None,
    scenario: str = "actual",
    at: datetime | None = None,
    projects: bool = False,
) -> Round:
    """Open a round for a period over the named indicators and tasks (default: every indicator with an
    owning unit and every task with a lead unit); every unit that owns or leads one owes a submission.
    With ``projects`` (a month's round only), every unit with a key project under way that month owes one
    too, and may submit it only when each such project has reported the month (an empty list of
    indicators or tasks asks for none of them: a round of project reports only)."""
    if not can(user, Permission.MANAGE_ROUNDS):
        raise Forbidden(f"{user.label} 不能发起填报轮次")
    try:
        period = Period.parse(period_code)
    except InvalidPeriod as exc:
        raise InvalidInput([Problem(Location("period"), str(exc))]) from None
    if projects and period.kind is not PeriodKind.MONTH:
        message = f"只有月度轮次（如 {period.year}M03）可以要求报送重点项目月报，{period.label}不是月度"
        raise InvalidInput([Problem(Location("projects"), message)])
    with ctx.unit_of_work(reason="round opened", actor=user.name) as uow:
        indicators = uow.rounds.asked_indicators(plan_code, indicator_codes)
        tasks = uow.rounds.asked_tasks(plan_code, task_codes)
        problems = [
            Problem(Location(field), f"规划 {plan_code} 中没有{label} {c}")
            for field, label, asked, found in (
                ("indicators", "指标", indicator_codes, indicators),
                ("tasks", "任务", task_codes, tasks),
            )
            for c in (asked or ())
            if c not in found
        ]
        if problems:
            raise InvalidInput(problems)
        indicators = {c: i for c, i in indicators.items() if i.owner_unit_code}
        tasks = {c: t for c, t in tasks.items() if t.lead_unit_code}
        units = owing_units(indicators.values(), tasks.values())
        if projects:
            month = f"{period.year}-{period.index:02d}"
            owing = {p.unit_code for p in uow.projects.projects(stages=STARTED_STAGES) if owes_report(p, month)}
            units = sorted(set(units) | owing)
        if not units:
            what = "所选指标、任务和重点项目" if projects else "所选指标和任务"
            raise InvalidInput([Problem(Location("indicators"), f"{what}都没有责任单位，无人可填报")])
        try:
            rnd = Round(
                code=code or round_code(plan_code, period),
                plan_code=plan_code,
                title=title or f"{period.label}规划实施情况填报",
                period=period,
                due=due,
                approval_levels=approval_levels,
                indicator_codes=tuple(indicators),
                task_codes=tuple(tasks),
                scenario=scenario,
                opened_by=user.name,
                opened_at=at,
                projects=projects,
            )
        except InvalidValue as exc:
            raise InvalidInput([Problem(Location("round"), str(exc))]) from None
        uow.rounds.add_round(rnd, units)
        uow.commit()
    return rnd


def default_plan(ctx: Context) -> str:
    """The only plan in the database (NotFound when there is none, or several to choose from)."""
    with ctx.reading() as uow:
        return uow.plans.default_plan_code()


def close_round(ctx: Context, user: User, code: str) -> bool:
    if not can(user, Permission.MANAGE_ROUNDS):
        raise Forbidden(f"{user.label} 不能关闭填报轮次")
    with ctx.unit_of_work(reason="round closed", actor=user.name) as uow:
        changed = uow.rounds.set_round_state(code, RoundState.CLOSED)
        uow.commit()
    return changed


def list_rounds(ctx: Context, *, plan_code: str | None = None, on: date | None = None) -> RoundListView:
    with ctx.reading() as uow:
        rounds = uow.rounds.rounds(plan_code=plan_code)
        submissions = uow.rounds.submissions(round_codes=[r.code for r in rounds])
        plans = [p.code for p in uow.plans.plans()]
    by_round: dict[str, list[Submission]] = {}
    for s in submissions:
        by_round.setdefault(s.round_code, []).append(s)
    return RoundListView(rounds=[_summary(r, by_round.get(r.code, []), on) for r in rounds], plans=plans)


def newest_open_round(ctx: Context, *, unit_code: str | None = None) -> Round:
    """The open round due last (that ``unit_code`` owes a submission in, when given)."""
    with ctx.reading() as uow:
        rounds = uow.rounds.rounds(state=RoundState.OPEN)
        if unit_code is not None:
            owed = {s.round_code for s in uow.rounds.submissions(unit_code=unit_code)}
            rounds = [r for r in rounds if r.code in owed]
    if not rounds:
        raise NotFound("没有进行中的填报轮次" + (f"需要单位 {unit_code} 填报" if unit_code else ""))
    return rounds[0]


def round_status(ctx: Context, code: str, *, on: date | None = None) -> RoundStatusView:
    """Completeness and timeliness of every unit in a round (DHIS2's reporting rate)."""
    day = on or today()
    with ctx.reading() as uow:
        rnd = uow.rounds.round(code)
        submissions = uow.rounds.submissions(round_codes=[code])
        names = uow.rounds.unit_names()
        reminders = uow.rounds.reminders(round_codes=[code])
        indicators = uow.rounds.asked_indicators(rnd.plan_code, rnd.indicator_codes)
        filled = uow.rounds.filled(code)
        dues = project_dues(uow, rnd, [s.unit_code for s in submissions])
    units = []
    for s in submissions:
        kind = timeliness(local_date(s.first_submitted_at), rnd.due, day)
        sent = [r for r in reminders if r.unit_code == s.unit_code]
        owed = sum(len(i.measures) for i in indicators.values() if i.owner_unit_code == s.unit_code)
        units.append(
            UnitStatus(
                unit_code=s.unit_code,
                unit_name=names.get(s.unit_code, s.unit_code),
                state=s.state.value,
                state_label=SUBMISSION_STATE_LABELS[s.state],
                timeliness=kind.value,
                timeliness_label=TIMELINESS_LABELS[kind],
                first_submitted=local_date(s.first_submitted_at),
                filled=filled.get(s.unit_code, 0),
                owed=owed,
                returned_count=s.returned_count,
                reminders=len(sent),
                last_reminder=sent[-1].sent_at if sent else None,
                last_reminder_by=sent[-1].sent_by if sent else None,
                projects_owed=len(dues[s.unit_code]),
                projects_reported=sum(1 for d in dues[s.unit_code] if d.reported),
            )
        )
    total = len(units)
    submitted = sum(1 for u in units if u.first_submitted is not None)
    on_time = sum(1 for u in units if u.timeliness == Timeliness.ON_TIME)
    return RoundStatusView(
        round=_summary(rnd, submissions, day),
        units=units,
        reporting_rate=submitted / total if total else None,
        on_time_rate=on_time / total if total else None,
        project_month=rnd.project_month,
        projects_owed=sum(u.projects_owed for u in units),
        projects_reported=sum(u.projects_reported for u in units),
    )


# ---------------------------------------------------------------------------------------------- a submission


def submission_view(
    ctx: Context, user: User | None, code: str, unit_code: str, *, on: date | None = None
) -> SubmissionView:
    """One unit's submission: its lines with last values and warnings, task progress, trail, and what
    ``user`` may do with it."""
    day = on or today()
    with ctx.reading() as uow:
        rnd = uow.rounds.round(code)
        sub = uow.rounds.submission(code, unit_code)
        asked = AskedOfUnit(uow, rnd, unit_code)
        entries = uow.rounds.entries(code, unit_code)
        sources = uow.rounds.entry_sources(code, unit_code)
        reports = uow.rounds.reports(code, unit_code)
        evidence = uow.rounds.evidence(code, unit_code)
        events = uow.rounds.events(code, unit_code)
        reminders = uow.rounds.reminders(round_codes=[code])
        rules = reporting_rules(uow, rnd.plan_code)
        unit_name = uow.rounds.unit_names().get(unit_code, unit_code)
        dues = project_dues(uow, rnd, [unit_code])[unit_code]
    lines = []
    unconfirmed = 0
    for key, line in asked.lines.items():
        entry = entries.get(key)
        findings = check_entry(line, entry, rules) if entry else []
        warning = next((f.message for f in findings if f.severity is Severity.WARNING), None)
        error = next((f.message for f in findings if f.severity is Severity.ERROR), None)
        unconfirmed += warning is not None
        lines.append(
            LineView(
                key=str(key),
                indicator_code=key.indicator_code,
                measure=key.measure.value,
                name=line.indicator_name,
                unit=line.unit,
                period=rnd.period.label,
                last_value=None if line.last_value is None else f"{line.last_value:g}",
                last_period=line.last_period,
                value=entry.printed if entry else None,
                note=entry.note if entry else "",
                jump_confirmed=entry.jump_confirmed if entry else False,
                source=sources.get(key),
                warning=warning,
                error=error,
            )
        )
    tasks = []
    for task in asked.tasks.values():
        report = reports.get(task.code)
        status = report.status if report else task.status
        tasks.append(
            TaskLineView(
                code=task.code,
                name=task.name,
                status=status.value,
                status_label=TASK_STATUS_LABELS[status],
                percent=report.percent if report else None,
                text=report.text if report else "",
                reported=report is not None,
                evidence=[
                    EvidenceView(file_name=e.file_name, sha256=e.sha256, size=e.size)
                    for e in evidence
                    if e.task_code == task.code
                ],
            )
        )
    kind = timeliness(local_date(sub.first_submitted_at), rnd.due, day)
    level = approver(sub.state, approval_levels=rnd.approval_levels)
    return SubmissionView(
        round=_summary(rnd, [sub], day),
        unit_code=unit_code,
        unit_name=unit_name,
        state=sub.state.value,
        state_label=SUBMISSION_STATE_LABELS[sub.state],
        timeliness=kind.value,
        timeliness_label=TIMELINESS_LABELS[kind],
        comment=sub.comment,
        lines=lines,
        tasks=tasks,
        events=[
            EventView(
                action=e.action.value,
                action_label=ACTION_LABELS[e.action],
                from_label=SUBMISSION_STATE_LABELS[e.from_state],
                to_label=SUBMISSION_STATE_LABELS[e.to_state],
                actor=e.actor,
                at=e.at,
                comment=e.comment,
            )
            for e in events
        ],
        reminders=[r for r in reminders if r.unit_code == unit_code],
        filled=sum(1 for line in lines if line.value is not None),
        unconfirmed_jumps=unconfirmed,
        awaiting=APPROVAL_LEVEL_LABELS[level] if level else None,
        can_edit=rnd.state is RoundState.OPEN
        and sub.state in EDITABLE
        and can(user, Permission.ENTER_FIGURES, unit_code=unit_code),
        can_approve=level is not None
        and _may_approve(user, level, unit_code)
        and user is not None
        and user.name != sub.submitted_by,
        can_reopen=sub.state is SubmissionState.APPROVED and can(user, Permission.MANAGE_ROUNDS),
        project_month=rnd.project_month,
        projects=dues,
    )


def _may_approve(user: User | None, level: ApprovalLevel, unit_code: str) -> bool:
    if level is ApprovalLevel.UNIT:
        return can(user, Permission.APPROVE_UNIT, unit_code=unit_code)
    return can(user, Permission.REVIEW)


def _entries_from_input(
    asked: AskedOfUnit, data: Sequence[EntryInput], file_name: str
) -> tuple[list[tuple[Entry, int]], list[Problem]]:
    """The typed values as entries with their position, and every problem with them (named by key)."""
    entries: list[tuple[Entry, int]] = []
    problems: list[Problem] = []
    seen: dict[LineKey, int] = {}
    for index, item in enumerate(data):
        row = index + 1
        where = Location(file_name, field=item.key)
        try:
            key = LineKey.parse(item.key)
        except ValueError:
            problems.append(Problem(where, f"指标编码“{item.key}”不正确"))
            continue
        line = asked.lines.get(key)
        if line is None:
            problems.append(Problem(where, f"本轮次没有要求本单位填报“{item.key}”"))
            continue
        if key in seen:
            problems.append(Problem(where, f"“{line.indicator_name}”重复填报"))
            continue
        seen[key] = row
        if item.unit and item.unit.strip() != line.unit:
            problems.append(
                Problem(where, f"“{line.indicator_name}”的计量单位应为{line.unit}，不是{item.unit.strip()}")
            )
            continue
        try:
            value = _parse_number(item.value)
        except InvalidValue as exc:
            problems.append(Problem(where, f"“{line.indicator_name}”：{exc}"))
            continue
        if value is None:
            continue
        if key.measure is Measure.LEVEL:
            try:
                to_base(value, line.unit)
            except (UnknownUnit, NonFiniteValue) as exc:
                problems.append(Problem(where, str(exc)))
                continue
        printed = unicodedata.normalize("NFKC", item.value).replace(",", "").replace(" ", "").strip()
        entries.append((Entry(key, value, printed, item.note.strip(), item.jump_confirmed), row))
    return entries, problems


@contextmanager
def editing(
    ctx: Context, user: User, code: str, unit_code: str, reason: str
) -> Iterator[tuple[UnitOfWork, Round, Submission, AskedOfUnit]]:
    """A unit of work in which ``user`` changes the unit's submission: the round open, the submission
    locked and still editable (else Conflict, or LockedSubmission once approved), what it asks."""
    _require_unit(user, unit_code, "填报")
    with ctx.unit_of_work(reason=reason, actor=user.name) as uow:
        rnd = uow.rounds.round(code)
        sub = _submission_for(uow, rnd, unit_code, lock=True)
        if rnd.state is not RoundState.OPEN:
            raise Conflict(f"填报轮次 {rnd.title} 已关闭")
        next_state(sub.state, SubmissionAction.SAVE, approval_levels=rnd.approval_levels)
        yield uow, rnd, sub, AskedOfUnit(uow, rnd, unit_code)


def store_draft(
    uow: UnitOfWork,
    rnd: Round,
    sub: Submission,
    entries: Sequence[tuple[Entry, str]],
    reports: Sequence[TaskReport],
    at: datetime | None = None,
) -> SaveResult:
    """Write checked values (each with its source) and task reports as the draft, and commit; the same
    values again change nothing (no audit entry, no new data version)."""
    after = next_state(sub.state, SubmissionAction.SAVE, approval_levels=rnd.approval_levels)
    changed = uow.rounds.save_entries(rnd.code, sub.unit_code, entries, rnd.plan_code).total
    changed += uow.rounds.save_reports(rnd.code, sub.unit_code, reports, rnd.plan_code).total
    if after is not sub.state:
        uow.rounds.transition(sub, SubmissionAction.SAVE, replace(sub, state=after), rnd.plan_code, at=at)
    version = uow.commit()
    return SaveResult(changed=changed, warnings=[], state=after.value, version=version)


def save_submission(
    ctx: Context,
    user: User,
    code: str,
    unit_code: str,
    data: SaveInput,
    *,
    source: str = "web",
    at: datetime | None = None,
) -> SaveResult:
    """Save values and task progress typed in a form or sent to the API as the unit's draft: all or
    nothing. Values out of their configured range are refused; a jump beyond the configured share of the
    last value is kept with a warning that must be confirmed before submitting."""
    with editing(ctx, user, code, unit_code, "round values saved") as (uow, rnd, sub, asked):
        entries, problems = _entries_from_input(asked, data.entries, "表单")
        rules = reporting_rules(uow, rnd.plan_code)
        warnings = []
        for entry, _ in entries:
            for finding in check_entry(asked.lines[entry.key], entry, rules):
                if finding.severity is Severity.ERROR:
                    problems.append(Problem(Location("表单", field=str(entry.key)), finding.message))
                else:
                    warnings.append(finding.message)
        reports = []
        for item in data.reports:
            where = Location("表单", field=item.task)
            if item.task not in asked.tasks:
                problems.append(Problem(where, f"本轮次没有要求本单位报告任务“{item.task}”的进展"))
                continue
            found = progress_problems(item.status, item.percent, item.text.strip())
            if found:
                task_name = asked.tasks[item.task].name
                problems += [Problem(where, f"任务“{task_name}”：{p.message}") for p in found]
                continue
            reports.append(TaskReport(item.task, item.status, item.percent, item.text.strip()))
        if problems:
            raise InvalidInput(problems)
        result = store_draft(uow, rnd, sub, [(entry, source) for entry, _ in entries], reports, at)
    return result.model_copy(update={"warnings": warnings})


def submit(ctx: Context, user: User, code: str, unit_code: str, *, at: datetime | None = None) -> Submission:
    """Submit the unit's submission for approval: every line filled, every jump confirmed, every task
    reported. ``at`` backdates it (the simulated scenario's history); default now."""
    _require_unit(user, unit_code, "提交")
    with ctx.unit_of_work(reason="round submitted", actor=user.name) as uow:
        rnd = uow.rounds.round(code)
        sub = _submission_for(uow, rnd, unit_code, lock=True)
        if rnd.state is not RoundState.OPEN:
            raise Conflict(f"填报轮次 {rnd.title} 已关闭")
        state = next_state(sub.state, SubmissionAction.SUBMIT, approval_levels=rnd.approval_levels)
        asked = AskedOfUnit(uow, rnd, unit_code)
        entries = uow.rounds.entries(code, unit_code)
        reports = uow.rounds.reports(code, unit_code)
        rules = reporting_rules(uow, rnd.plan_code)
        problems = [
            Problem(Location("values", field=str(key)), f"“{line.indicator_name}”尚未填写")
            for key, line in asked.lines.items()
            if key not in entries
        ]
        problems += [
            Problem(Location("values", field=str(key)), finding.message)
            for key, entry in entries.items()
            if key in asked.lines
            for finding in check_entry(asked.lines[key], entry, rules)
        ]
        problems += [
            Problem(Location("tasks", field=t), f"任务“{task.name}”尚未报告进展")
            for t, task in asked.tasks.items()
            if t not in reports
        ]
        problems += [
            Problem(
                Location("projects", field=d.code), f"重点项目“{d.name}”（{d.code}）尚未报送{rnd.project_month}月报"
            )
            for d in project_dues(uow, rnd, [unit_code])[unit_code]
            if not d.reported
        ]
        if problems:
            raise InvalidInput(problems)
        now = at or datetime.now().astimezone()
        after = replace(
            sub,
            state=state,
            first_submitted_at=sub.first_submitted_at or now,
            submitted_at=now,
            submitted_by=user.name,
            unit_approved_by=None,
        )
        stored = uow.rounds.transition(sub, SubmissionAction.SUBMIT, after, rnd.plan_code, at=now)
        uow.commit()
    return stored


def _decide(
    ctx: Context,
    user: User,
    code: str,
    unit_code: str,
    action: SubmissionAction,
    comment: str | None,
    at: datetime | None = None,
) -> Submission:
    reason = "round approved" if action is SubmissionAction.APPROVE else "round returned"
    with ctx.unit_of_work(reason=reason, actor=user.name) as uow:
        rnd = uow.rounds.round(code)
        sub = _submission_for(uow, rnd, unit_code, lock=True)
        level = approver(sub.state, approval_levels=rnd.approval_levels)
        state = next_state(sub.state, action, approval_levels=rnd.approval_levels)
        assert level is not None
        if not _may_approve(user, level, unit_code):
            if sub.state is SubmissionState.UNIT_APPROVED and _may_approve(user, ApprovalLevel.UNIT, unit_code):
                # another head of the unit decided first (two heads at once): too late, not forbidden
                raise InvalidTransition(
                    f"报送已由 {sub.unit_approved_by} 完成{APPROVAL_LEVEL_LABELS[ApprovalLevel.UNIT]}，"
                    f"状态为“{SUBMISSION_STATE_LABELS[sub.state]}”"
                )
            raise Forbidden(f"{user.label} 不能进行{APPROVAL_LEVEL_LABELS[level]}")
        if user.name == sub.submitted_by:
            raise Forbidden("不能审核自己提交的数据")
        if action is SubmissionAction.RETURN:
            after = replace(sub, state=state, returned_count=sub.returned_count + 1, comment=comment)
        elif state is SubmissionState.UNIT_APPROVED:
            after = replace(sub, state=state, unit_approved_by=user.name)
        else:
            after = replace(sub, state=state, approved_by=user.name, approved_at=at or datetime.now().astimezone())
            _write_into_plan(uow, rnd, unit_code, after.approved_at)
        stored = uow.rounds.transition(sub, action, after, rnd.plan_code, comment, at)
        uow.commit()
    return stored


def approve(
    ctx: Context, user: User, code: str, unit_code: str, comment: str | None = None, *, at: datetime | None = None
) -> Submission:
    """Approve at the level the submission awaits; the final approval locks it and writes its values as
    observations and its task progress into the plan."""
    return _decide(ctx, user, code, unit_code, SubmissionAction.APPROVE, (comment or "").strip() or None, at)


def return_submission(
    ctx: Context, user: User, code: str, unit_code: str, comment: str, *, at: datetime | None = None
) -> Submission:
    """Return a submission to its unit with a comment saying what to fix."""
    if not comment.strip():
        raise InvalidInput([Problem(Location("comment"), "退回时须说明原因")])
    return _decide(ctx, user, code, unit_code, SubmissionAction.RETURN, comment.strip(), at)


def reopen(
    ctx: Context, user: User, code: str, unit_code: str, reason: str, *, at: datetime | None = None
) -> Submission:
    """Reopen approved (locked) data: those who manage the rounds (the bureau), with a reason (audited)."""
    if not can(user, Permission.MANAGE_ROUNDS):
        raise Forbidden("只有管理填报轮次的账号（规划编制）可以重新打开已审核的数据")
    if not reason.strip():
        raise InvalidInput([Problem(Location("reason"), "重新打开时须说明原因")])
    with ctx.unit_of_work(reason=f"round reopened: {reason.strip()}", actor=user.name) as uow:
        rnd = uow.rounds.round(code)
        sub = _submission_for(uow, rnd, unit_code, lock=True)
        state = next_state(sub.state, SubmissionAction.REOPEN, approval_levels=rnd.approval_levels)
        after = replace(sub, state=state, comment=reason.strip())
        stored = uow.rounds.transition(sub, SubmissionAction.REOPEN, after, rnd.plan_code, reason.strip(), at)
        uow.commit()
    return stored


def _write_into_plan(uow: UnitOfWork, rnd: Round, unit_code: str, at: datetime | None) -> None:
    """The approved values become observations (origin ``round``), the task reports the tasks' status."""
    asked = AskedOfUnit(uow, rnd, unit_code)
    unit_name = uow.rounds.unit_names().get(unit_code, unit_code)
    for key, entry in uow.rounds.entries(rnd.code, unit_code).items():
        ind = asked.indicators.get(key.indicator_code)
        if ind is None:
            continue
        unit = asked.lines[key].unit
        value, base_unit = (entry.value, "%") if key.measure is Measure.GROWTH else to_base(entry.value, unit)
        obs = Observation(
            indicator_code=key.indicator_code,
            region_code=asked.region_code,
            period=rnd.period,
            value=value,
            measure=key.measure,
            unit=base_unit,
            printed_value=entry.printed,
            printed_unit=unit,
            status=FigureStatus.FINAL
            if rnd.period.years == 1 and rnd.period.index is None
            else FigureStatus.PRELIMINARY,
            scenario=rnd.scenario,
            provenance=Provenance(ProvenanceKind.ROUND, note=f"填报轮次 {rnd.code}（{unit_name}）{entry.note}".strip()),
        )
        uow.figures.save_observation(rnd.plan_code, obs, ROUND_ORIGIN)
    reporter = uow.rounds.submission(rnd.code, unit_code).submitted_by or uow.actor
    for report in uow.rounds.reports(rnd.code, unit_code).values():
        if report.task_code in asked.tasks:
            uow.figures.set_task_status(rnd.plan_code, report.task_code, report.status)
            progress = TaskProgress(
                report.task_code,
                report.status,
                report.percent,
                report.text,
                reporter,
                unit_code,
                at or datetime.now().astimezone(),
                rnd.code,
            )
            uow.task_progress.add(rnd.plan_code, progress)


# ---------------------------------------------------------------------------------------------- evidence


def add_evidence(
    ctx: Context,
    user: User,
    code: str,
    unit_code: str,
    task_code: str,
    file_name: str,
    content: bytes,
    content_type: str = "application/octet-stream",
) -> Evidence:
    """Attach a file to a task report (kept with its sha256; the same file twice is kept once)."""
    _require_unit(user, unit_code, "上传")
    name = file_name.replace("\\", "/").rsplit("/", 1)[-1].strip()[:300]
    if not content:
        raise InvalidInput([Problem(Location("file"), "佐证材料是空文件")])
    if len(content) > MAX_EVIDENCE_BYTES:
        raise InvalidInput([Problem(Location(name or "file"), f"佐证材料超过 {MAX_EVIDENCE_BYTES // 1024 // 1024} MB")])
    evidence = Evidence(
        task_code, name or "附件", hashlib.sha256(content).hexdigest(), len(content), content_type[:100]
    )
    with ctx.unit_of_work(reason="evidence added", actor=user.name) as uow:
        rnd = uow.rounds.round(code)
        sub = _submission_for(uow, rnd, unit_code, lock=True)
        next_state(sub.state, SubmissionAction.SAVE, approval_levels=rnd.approval_levels)  # locked data refuses
        if task_code not in AskedOfUnit(uow, rnd, unit_code).tasks:
            raise InvalidInput([Problem(Location("task"), f"本轮次没有要求本单位报告任务“{task_code}”的进展")])
        uow.rounds.add_evidence(code, unit_code, evidence, content, rnd.plan_code)
        uow.commit()
    return evidence


def evidence_file(ctx: Context, code: str, unit_code: str, sha256: str) -> tuple[Evidence, bytes]:
    with ctx.reading() as uow:
        return uow.rounds.evidence_content(code, unit_code, sha256)


# ---------------------------------------------------------------------------------------------- reminders


def remind(
    ctx: Context, user: User, code: str, unit_codes: Sequence[str], note: str = "", *, at: datetime | None = None
) -> int:
    """Record a reminder (催报) to each unit that has not yet submitted; returns how many were sent."""
    if not can(user, Permission.SUPERVISE):
        raise Forbidden(f"{user.label} 不能催报：催报由督查督办部门进行")
    sent = 0
    with ctx.unit_of_work(reason="reminder sent", actor=user.name) as uow:
        rnd = uow.rounds.round(code)
        for unit_code in unit_codes:
            sub = uow.rounds.submission(code, unit_code)
            if sub.state not in EDITABLE:
                continue
            reminder = Reminder(code, unit_code, user.name, at or datetime.now().astimezone(), note.strip()[:500])
            uow.rounds.add_reminder(reminder, rnd.plan_code)
            sent += 1
        uow.commit()
    return sent


def reminders_due(ctx: Context, *, on: date | None = None, soon_days: int = DUE_SOON_DAYS) -> list[ReminderDue]:
    """The 催报 list: units of open rounds that have not submitted and whose due date is near or past,
    most overdue first."""
    day = on or today()
    with ctx.reading() as uow:
        rounds = {r.code: r for r in uow.rounds.rounds(state=RoundState.OPEN) if r.due <= day + timedelta(soon_days)}
        submissions = uow.rounds.submissions(round_codes=list(rounds))
        reminders = uow.rounds.reminders(round_codes=list(rounds))
        names = uow.rounds.unit_names()
        dues = {
            r.code: project_dues(uow, r, [s.unit_code for s in submissions if s.round_code == r.code])
            for r in rounds.values()
            if r.projects
        }
    due = []
    for s in submissions:
        if s.state not in EDITABLE:
            continue
        rnd = rounds[s.round_code]
        owed = dues.get(rnd.code, {}).get(s.unit_code, [])
        sent = [r for r in reminders if r.round_code == s.round_code and r.unit_code == s.unit_code]
        due.append(
            ReminderDue(
                round_code=rnd.code,
                round_title=rnd.title,
                due=rnd.due,
                days_overdue=(day - rnd.due).days,
                unit_code=s.unit_code,
                unit_name=names.get(s.unit_code, s.unit_code),
                state_label=SUBMISSION_STATE_LABELS[s.state],
                reminders=len(sent),
                last_reminder=sent[-1].sent_at if sent else None,
                last_reminder_by=sent[-1].sent_by if sent else None,
                projects_owed=len(owed),
                projects_reported=sum(1 for d in owed if d.reported),
            )
        )
    return sorted(due, key=lambda d: (-d.days_overdue, d.round_code, d.unit_code))


# ---------------------------------------------------------------------------------------------- to-do


def todo(ctx: Context, user: User, *, on: date | None = None) -> TodoView:
    """What ``user`` has to do: its unit's open submissions, the submissions awaiting its approval, the
    notices about its unit (returned, reminded, reopened, opened), and for the supervision office the
    reminder list."""
    day = on or today()
    with ctx.reading() as uow:
        rounds = {r.code: r for r in uow.rounds.rounds()}
        submissions = uow.rounds.submissions(round_codes=list(rounds))
        names = uow.rounds.unit_names()
        mine = [s for s in submissions if user.unit_code and s.unit_code == user.unit_code]
        events = {(s.round_code, s.unit_code): uow.rounds.events(s.round_code, s.unit_code) for s in mine}
        reminders = [
            r for r in uow.rounds.reminders(round_codes=[s.round_code for s in mine]) if r.unit_code == user.unit_code
        ]

    def item(s: Submission, action: str) -> TodoItem:
        rnd = rounds[s.round_code]
        kind = timeliness(local_date(s.first_submitted_at), rnd.due, day)
        return TodoItem(
            round=_summary(rnd, [s], day),
            unit_code=s.unit_code,
            unit_name=names.get(s.unit_code, s.unit_code),
            state=s.state.value,
            state_label=SUBMISSION_STATE_LABELS[s.state],
            timeliness=kind.value,
            timeliness_label=TIMELINESS_LABELS[kind],
            action=action,
        )

    owed = [
        item(s, "填报")
        for s in mine
        if s.state in EDITABLE
        and rounds[s.round_code].state is RoundState.OPEN
        and can(user, Permission.ENTER_FIGURES, unit_code=s.unit_code)
    ]
    to_approve = []
    for s in submissions:
        level = approver(s.state, approval_levels=rounds[s.round_code].approval_levels)
        if level is not None and _may_approve(user, level, s.unit_code) and s.submitted_by != user.name:
            to_approve.append(item(s, APPROVAL_LEVEL_LABELS[level]))
    notices = [
        Notice(
            at=rounds[s.round_code].opened_at or datetime.now().astimezone(),
            text=f"新的填报任务：{rounds[s.round_code].title}，截止 {rounds[s.round_code].due}",
            round_code=s.round_code,
            unit_code=s.unit_code,
        )
        for s in mine
    ]
    for (round_code_, unit_code), trail in events.items():
        for e in trail:
            if e.actor == user.name or e.action in (SubmissionAction.SAVE, SubmissionAction.SUBMIT):
                continue
            verb = {
                SubmissionAction.RETURN: "退回",
                SubmissionAction.APPROVE: "审核通过",
                SubmissionAction.REOPEN: "重新打开",
            }[e.action]
            text = f"{rounds[round_code_].title}：{e.actor} {verb}" + (f"（{e.comment}）" if e.comment else "")
            notices.append(Notice(at=e.at, text=text, round_code=round_code_, unit_code=unit_code))
    for r in reminders:
        text = f"{rounds[r.round_code].title}：{r.sent_by} 催报" + (f"（{r.note}）" if r.note else "")
        notices.append(Notice(at=r.sent_at, text=text, round_code=r.round_code, unit_code=r.unit_code))
    notices.sort(key=lambda n: n.at, reverse=True)
    due = reminders_due(ctx, on=day) if can(user, Permission.SUPERVISE) else []
    return TodoView(owed=owed, to_approve=to_approve, notices=notices[:50], reminders_due=due)


__all__ = [
    "AskedTask",
    "EntryInput",
    "SaveInput",
    "TaskReportInput",
    "add_evidence",
    "approve",
    "close_round",
    "list_rounds",
    "open_round",
    "remind",
    "reminders_due",
    "reopen",
    "return_submission",
    "round_status",
    "save_submission",
    "submission_view",
    "submit",
    "todo",
]


# ---------------------------------------------------------------------------------------------- rules

RULE_KEYS = ("jump_share", "ranges", "ranking")


def reporting_rules_of(ctx: Context, plan_code: str | None = None) -> dict[str, Any]:
    """The plan's stored reporting configuration (``jump_share``, ``ranges``, ``ranking``)."""
    with ctx.reading() as uow:
        return uow.rounds.rules(plan_code or uow.plans.default_plan_code())


def set_reporting_rules(
    ctx: Context, user: User, plan_code: str, rules: Mapping[str, Any], source: str = "rules"
) -> bool:
    """Replace the plan's reporting configuration after checking it whole: ``jump_share`` (a share of the
    last value beyond which a change must be confirmed, 0 < s ≤ 10), ``ranges`` (indicator code → [min,
    max] in its display unit, either may be null) and ``ranking`` (weights and rules, see
    docs/methodology.md). Returns whether it changed."""
    if not can(user, Permission.MANAGE_ROUNDS):
        raise Forbidden(f"{user.label} 不能修改填报规则")
    problems = [
        Problem(Location(source, field=str(k)), f"未知的配置项；可用：{', '.join(RULE_KEYS)}")
        for k in rules
        if k not in RULE_KEYS
    ]
    share = rules.get("jump_share", ReportingRules.jump_share)
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 10:
        problems.append(Problem(Location(source, field="jump_share"), f"须为大于0、不超过10的数，不是{share!r}"))
    ranges = rules.get("ranges", {})
    with ctx.reading() as uow:
        known = uow.rounds.asked_indicators(plan_code)
    if not isinstance(ranges, Mapping):
        problems.append(Problem(Location(source, field="ranges"), "须为“指标编码: [下限, 上限]”的映射"))
        ranges = {}
    for code, bounds in ranges.items():
        where = Location(source, field=f"ranges.{code}")
        if code not in known:
            problems.append(Problem(where, f"规划 {plan_code} 中没有指标 {code}"))
        elif not (isinstance(bounds, list | tuple) and len(bounds) == 2) or not all(
            b is None or (isinstance(b, int | float) and not isinstance(b, bool) and math.isfinite(b)) for b in bounds
        ):
            problems.append(Problem(where, "须为 [下限, 上限]，两者为数或 null"))
        elif bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
            problems.append(Problem(where, "下限大于上限"))
    try:
        RankingRules.from_mapping(rules.get("ranking", {}))
    except InvalidInput as exc:
        problems += [
            Problem(Location(source, field=f"ranking.{p.location.field or ''}".rstrip(".")), p.message)
            for p in exc.problems
        ]
    if problems:
        raise InvalidInput(problems)
    with ctx.unit_of_work(reason="reporting rules set", actor=user.name) as uow:
        changed = uow.rounds.set_rules(plan_code, {k: rules[k] for k in RULE_KEYS if k in rules})
        uow.commit()
    return changed
