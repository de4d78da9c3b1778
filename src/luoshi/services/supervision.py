"""Supervision (督查督办): assign matters, follow them to closing, list what is due soon and overdue.

The supervision office (``Permission.SUPERVISE``) assigns a matter and approves or denies the units'
requests, reminds and escalates; the lead and assisting units (whoever may enter figures for one of them)
feed back and ask to close or extend. ``user=None`` is the CLI's configured actor, trusted like every CLI
command. Every function takes ``today`` (default: the real day) so that tests and reports can pin it.

Worked example, on the mini plan (units fgj and tjj, task T1 led by fgj)::

    done = assign(ctx, office, AssignInput(source_kind=SourceKind.TASK, plan_code="mini", task_code="T1"))
    feedback(ctx, fgj_reporter, done.code, "专项规划初稿已完成")          # 已交办 -> 办理中
    request_extension(ctx, fgj_reporter, done.code, "待征求意见", date(2022, 3, 31))
    approve(ctx, office, done.code)                                   # the deadline moves to 2022-03-31
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field, StringConstraints

from luoshi.domain.account import Permission, User, can
from luoshi.domain.errors import Forbidden, InvalidInput, Location, NotFound, Problem
from luoshi.domain.supervision import (
    EVENT_LABELS,
    MATTER_STATE_LABELS,
    SOON_DAYS,
    SOURCE_KIND_LABELS,
    TEXT_REQUIRED,
    UNIT_EVENTS,
    URGENCY_LABELS,
    ActionNotAllowed,
    ClosureCounts,
    EventKind,
    Matter,
    MatterEvent,
    MatterState,
    SourceKind,
    Urgency,
    allowed_events,
    closure_counts,
    days_overdue,
    decision,
    next_state,
    urgency,
)
from luoshi.domain.unit import Unit
from luoshi.services.context import Context
from luoshi.services.unit_of_work import UnitOfWork

#: codes of matters: letters, digits, ``.``, ``_`` and ``-`` (DB2025-001)
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._\-]*$"
#: text a database can store (PostgreSQL refuses NUL characters)
TEXT_PATTERN = r"^[^\x00]*$"
TEXT_MAX = 4000

Actor = User | None


def _none_if_blank(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


Blank = BeforeValidator(_none_if_blank)
# constraints on the str itself (not Field's), so that they hold inside ``X | None`` too
Text = Annotated[str, StringConstraints(max_length=TEXT_MAX, pattern=TEXT_PATTERN)]
Name = Annotated[str, StringConstraints(max_length=64, pattern=CODE_PATTERN)]
Title = Annotated[str, StringConstraints(max_length=300, pattern=TEXT_PATTERN)]


class AssignInput(BaseModel):
    """A matter to assign. From a plan task (``source_kind: task``, ``plan_code``, ``task_code``), the
    title, the units and the deadline default to the task's."""

    code: Annotated[Name | None, Blank] = Field(default=None, description="default: DB<year>-<number>")
    title: Annotated[Title | None, Blank] = None
    source_kind: SourceKind = SourceKind.INSTRUCTION
    source_text: Text = Field(default="", description="the instruction or decision as written")
    plan_code: Annotated[Name | None, Blank] = None
    task_code: Annotated[Name | None, Blank] = None
    lead_unit: Annotated[Name | None, Blank] = Field(default=None, description="牵头单位 code")
    assisting_units: list[Name] = Field(default_factory=list, max_length=50, description="配合单位 codes")
    deadline: Annotated[date | None, Blank] = None


class StepInput(BaseModel):
    """One step on a matter: its text, a new deadline (an extension) and the unit speaking or addressed."""

    text: Text = ""
    new_deadline: Annotated[date | None, Blank] = Field(default=None, description="延期至 (extensions)")
    unit: Annotated[Name | None, Blank] = Field(
        default=None, description="the unit that speaks (default: the user's) or that a reminder is sent to"
    )


class MatterWritten(BaseModel):
    """What a step did: ``{"code": "DB2025-001", "state": "in_progress", "version": 42}``."""

    code: str
    state: MatterState
    state_label: str
    deadline: date
    version: int | None = Field(default=None, description="the data version whose reads show this step")


class UnitRef(BaseModel):
    code: str
    name: str


class MatterView(BaseModel):
    """A matter as lists and its page show it."""

    code: str
    title: str
    source_kind: SourceKind
    source_label: str = Field(description="领导批示, 会议决定, 规划任务 or 其他")
    source_text: str
    plan_code: str | None
    task_code: str | None
    lead_unit: UnitRef
    assisting_units: list[UnitRef]
    deadline: date = Field(description="the current deadline (approved extensions move it)")
    state: MatterState
    state_label: str
    urgency: Urgency = Field(description="none, due_soon (yellow) or overdue (red) on the day viewed")
    urgency_label: str
    days_overdue: int
    days_left: int = Field(description="days to the deadline (negative when overdue)")
    closed_on: date | None
    closed_late: bool | None = Field(description="closed after its deadline (None while open)")
    created_by: str
    created_at: datetime | None


class EventView(BaseModel):
    """One step of a matter's trail."""

    seq: int
    kind: EventKind
    label: str
    actor: str
    at: str = Field(description="when, local time: 2025-06-01T09:30:00+08:00")
    unit: UnitRef | None
    text: str
    old_deadline: date | None
    new_deadline: date | None


class MatterPageContext(BaseModel):
    """A matter's page: the matter, its whole trail, and what the viewer may do now."""

    matter: MatterView
    trail: list[EventView]
    actions: list[EventKind] = Field(description="the steps the viewer may take in the matter's state")
    speaking_units: list[UnitRef] = Field(description="the matter's units the viewer may speak for")
    requested_deadline: date | None = Field(description="the deadline a pending extension asks for")
    today: date


class TaskChoice(BaseModel):
    plan_code: str
    code: str
    name: str


class MatterFilter(BaseModel):
    """Filters of the list; empty values (from a form) mean "any"."""

    state: Annotated[MatterState | None, Blank] = None
    unit: Annotated[Name | None, Blank] = Field(default=None, description="lead or assisting unit code")
    urgency: Annotated[Urgency | None, Blank] = None


class SupervisionContext(BaseModel):
    """The supervision page: the red and yellow lists, every matter (filtered), the assignment form's choices."""

    today: date
    soon_days: int
    overdue: list[MatterView] = Field(description="已逾期: open matters past their deadline (red)")
    due_soon: list[MatterView] = Field(description="即将到期: open matters due within soon_days (yellow)")
    matters: list[MatterView]
    filters: MatterFilter
    states: dict[MatterState, str]
    urgencies: dict[Urgency, str]
    source_kinds: dict[SourceKind, str]
    units: list[UnitRef]
    tasks: list[TaskChoice]
    can_assign: bool


# -- reading -------------------------------------------------------------------------------------------


def _day(today: date | None) -> date:
    return today or date.today()


def _ref(code: str, units: dict[str, str]) -> UnitRef:
    return UnitRef(code=code, name=units.get(code, code))


def _unit_names(uow: UnitOfWork) -> dict[str, str]:
    return {u.code: u.name for u in uow.registry.units()}


def matter_view(m: Matter, units: dict[str, str], today: date) -> MatterView:
    level = urgency(m, today)
    return MatterView(
        code=m.code,
        title=m.title,
        source_kind=m.source_kind,
        source_label=SOURCE_KIND_LABELS[m.source_kind],
        source_text=m.source_text,
        plan_code=m.plan_code,
        task_code=m.task_code,
        lead_unit=_ref(m.lead_unit_code, units),
        assisting_units=[_ref(u, units) for u in m.assisting_unit_codes],
        deadline=m.deadline,
        state=m.state,
        state_label=MATTER_STATE_LABELS[m.state],
        urgency=level,
        urgency_label=URGENCY_LABELS[level],
        days_overdue=days_overdue(m, today),
        days_left=(m.deadline - today).days,
        closed_on=m.closed_on,
        closed_late=m.closed_late,
        created_by=m.created_by,
        created_at=m.created_at,
    )


def _local(at: datetime) -> str:
    """``at`` in local time."""
    return at.astimezone().isoformat(timespec="seconds")


def _event_view(e: MatterEvent, units: dict[str, str]) -> EventView:
    return EventView(
        seq=e.seq,
        kind=e.kind,
        label=EVENT_LABELS[e.kind],
        actor=e.actor,
        at=_local(e.at),
        unit=_ref(e.unit_code, units) if e.unit_code else None,
        text=e.text,
        old_deadline=e.old_deadline,
        new_deadline=e.new_deadline,
    )


def _views(ctx: Context, today: date, state: MatterState | None = None) -> list[MatterView]:
    with ctx.reading() as snapshot:
        units = _unit_names(snapshot)
        return [matter_view(m, units, today) for m in snapshot.supervision.matters(state=state)]


def list_matters(
    ctx: Context,
    *,
    state: MatterState | None = None,
    unit: str | None = None,
    level: Urgency | None = None,
    today: date | None = None,
) -> list[MatterView]:
    """Matters by deadline, of ``state``, with ``unit`` as lead or assisting unit, of urgency ``level``."""
    views = _views(ctx, _day(today), state)
    if unit is not None:
        views = [v for v in views if unit == v.lead_unit.code or unit in {a.code for a in v.assisting_units}]
    if level is not None:
        views = [v for v in views if v.urgency is level]
    return views


def overdue(ctx: Context, *, today: date | None = None) -> list[MatterView]:
    """Open matters past their deadline (已逾期, red), most overdue first."""
    return list_matters(ctx, level=Urgency.OVERDUE, today=today)


def due_soon(ctx: Context, *, today: date | None = None) -> list[MatterView]:
    """Open matters due within :data:`SOON_DAYS` days, the deadline day included (即将到期, yellow)."""
    return list_matters(ctx, level=Urgency.DUE_SOON, today=today)


def supervision_page(
    ctx: Context, user: Actor, filters: MatterFilter | None = None, *, today: date | None = None
) -> SupervisionContext:
    """The supervision page's context (the red and yellow lists are never filtered)."""
    day = _day(today)
    filters = filters or MatterFilter()
    every = list_matters(ctx, today=day)
    with ctx.reading() as snapshot:
        units = [UnitRef(code=u.code, name=u.name) for u in snapshot.registry.units()]
        tasks = [
            TaskChoice(plan_code=p.code, code=t.code, name=t.name)
            for p in snapshot.plans.plans()
            for t in snapshot.plans.read_tasks(p.code)
        ]
    return SupervisionContext(
        today=day,
        soon_days=SOON_DAYS,
        overdue=[v for v in every if v.urgency is Urgency.OVERDUE],
        due_soon=[v for v in every if v.urgency is Urgency.DUE_SOON],
        matters=list_matters(ctx, state=filters.state, unit=filters.unit, level=filters.urgency, today=day),
        filters=filters,
        states=MATTER_STATE_LABELS,
        urgencies=URGENCY_LABELS,
        source_kinds=SOURCE_KIND_LABELS,
        units=units,
        tasks=tasks,
        can_assign=user is None or can(user, Permission.SUPERVISE),
    )


def matter_page(ctx: Context, user: Actor, code: str, *, today: date | None = None) -> MatterPageContext:
    """A matter with its whole trail, and the steps ``user`` may take on it now."""
    day = _day(today)
    with ctx.reading() as snapshot:
        units = _unit_names(snapshot)
        m = snapshot.supervision.matter(code)
        trail = snapshot.supervision.events(code)
    speaking = _units_of(user, m)
    office = _is_office(user)
    actions = [k for k in allowed_events(m.state) if (speaking if k in UNIT_EVENTS else office)]
    return MatterPageContext(
        matter=matter_view(m, units, day),
        trail=[_event_view(e, units) for e in trail],
        actions=actions,
        speaking_units=[_ref(u, units) for u in speaking],
        requested_deadline=_requested_deadline(m, trail),
        today=day,
    )


def unit_closure_counts(ctx: Context, year: int, *, today: date | None = None) -> dict[str, ClosureCounts]:
    """Per lead unit code, its matters whose deadline falls in ``year``: due, closed on time, closed late,
    and still open past the deadline (for the units' ranking)."""
    with ctx.reading() as snapshot:
        matters = snapshot.supervision.matters()
    return closure_counts(matters, year, _day(today))


# -- who may -------------------------------------------------------------------------------------------


def _is_office(user: Actor) -> bool:
    return user is None or can(user, Permission.SUPERVISE)


def _units_of(user: Actor, m: Matter) -> list[str]:
    """The matter's units ``user`` may speak for (the CLI actor: all of them)."""
    return [u for u in m.unit_codes if user is None or can(user, Permission.ENTER_FIGURES, unit_code=u)]


def _speaking_unit(user: Actor, m: Matter, kind: EventKind, wanted: str | None) -> str:
    """The unit a unit step is taken for: ``wanted``, else the user's own, else the first the user may."""
    label = EVENT_LABELS[kind]
    if wanted is not None and wanted not in m.unit_codes:
        raise InvalidInput([Problem(Location("unit"), f"{wanted} 不是事项 {m.code} 的牵头或配合单位")])
    mine = _units_of(user, m)
    if not mine or (wanted is not None and wanted not in mine):
        raise Forbidden(f"只有事项 {m.code} 的牵头或配合单位可以{label}")
    if wanted is not None:
        return wanted
    own = user.unit_code if user is not None else None
    return own if own is not None and own in mine else mine[0]


def _addressed_unit(m: Matter, wanted: str | None) -> str:
    if wanted is not None and wanted not in m.unit_codes:
        raise InvalidInput([Problem(Location("unit"), f"{wanted} 不是事项 {m.code} 的牵头或配合单位")])
    return wanted or m.lead_unit_code


# -- steps ---------------------------------------------------------------------------------------------


class Step(StrEnum):
    """What a person does to a matter; ``approve`` and ``deny`` answer whichever request is pending."""

    FEEDBACK = "feedback"
    REQUEST_CLOSE = "request-close"
    REQUEST_EXTENSION = "request-extension"
    APPROVE = "approve"
    DENY = "deny"
    REMIND = "remind"
    ESCALATE = "escalate"


_STEP_EVENTS: dict[Step, EventKind] = {
    Step.FEEDBACK: EventKind.FEEDBACK,
    Step.REQUEST_CLOSE: EventKind.CLOSE_REQUESTED,
    Step.REQUEST_EXTENSION: EventKind.EXTENSION_REQUESTED,
    Step.REMIND: EventKind.REMINDER,
    Step.ESCALATE: EventKind.ESCALATION,
}
#: the steps the lead and assisting units take (the others are the supervision office's)
UNIT_STEPS: frozenset[Step] = frozenset({Step.FEEDBACK, Step.REQUEST_CLOSE, Step.REQUEST_EXTENSION})


def take_step(
    ctx: Context,
    user: Actor,
    code: str,
    step: Step,
    data: StepInput,
    *,
    today: date | None = None,
    expect: MatterState | None = None,
) -> MatterWritten:
    """Take ``step`` on matter ``code`` as ``user``: Forbidden for one who may not, ActionNotAllowed
    (a Conflict) in a state that does not allow it (or that is not ``expect``), InvalidInput for a
    missing text or a bad deadline."""
    with ctx.unit_of_work(reason=f"supervision: {step.value}", actor=user.name if user else None) as uow:
        m = uow.supervision.matter(code, lock=True)
        if expect is not None and m.state is not expect:
            raise ActionNotAllowed(f"事项{MATTER_STATE_LABELS[m.state]}，没有待处理的{MATTER_STATE_LABELS[expect]}")
        if step in UNIT_STEPS:
            kind = _STEP_EVENTS[step]
            unit = _speaking_unit(user, m, kind, data.unit)
        else:
            if not _is_office(user):
                raise Forbidden(f"只有督查督办人员可以{_office_label(step)}")
            kind = _STEP_EVENTS.get(step) or decision(m.state, approve=step is Step.APPROVE)
            unit = _addressed_unit(m, data.unit)
        after = next_state(m.state, kind)
        event, changed = _event(uow, m, kind, unit, data, after, _day(today))
        uow.supervision.record(code, event, changed)
        version = uow.commit()
    return MatterWritten(
        code=code, state=after, state_label=MATTER_STATE_LABELS[after], deadline=changed.deadline, version=version
    )


def _office_label(step: Step) -> str:
    return {Step.APPROVE: "批准申请", Step.DENY: "驳回申请"}.get(step) or EVENT_LABELS[_STEP_EVENTS[step]]


def _event(
    uow: UnitOfWork, m: Matter, kind: EventKind, unit: str, data: StepInput, after: MatterState, today: date
) -> tuple[MatterEvent, Matter]:
    """The trail's new step and the matter after it, once the step's input is checked."""
    text = data.text.strip()
    if kind in TEXT_REQUIRED and not text:
        raise InvalidInput([Problem(Location("text"), f"请填写{TEXT_REQUIRED[kind]}")])
    old = new = None
    if kind in (EventKind.EXTENSION_REQUESTED, EventKind.EXTENSION_APPROVED):
        asked = data.new_deadline
        if asked is None and kind is EventKind.EXTENSION_APPROVED:
            asked = _requested_deadline(m, uow.supervision.events(m.code))
        if asked is None or asked <= m.deadline:
            message = f"延期后的期限必须晚于当前期限 {m.deadline.isoformat()}"
            raise InvalidInput([Problem(Location("new_deadline"), message)])
        old, new = m.deadline, asked
    changed = replace(
        m,
        state=after,
        deadline=new if kind is EventKind.EXTENSION_APPROVED and new else m.deadline,
        closed_on=today if after is MatterState.CLOSED else None,
    )
    event = MatterEvent(0, kind, uow.actor, datetime.now(UTC), unit, text, old, new)
    return event, changed


def _requested_deadline(m: Matter, trail: list[MatterEvent]) -> date | None:
    """The deadline the pending extension request asks for (None when none is pending)."""
    if m.state is not MatterState.EXTENSION_REQUESTED:
        return None
    asked = [e.new_deadline for e in trail if e.kind is EventKind.EXTENSION_REQUESTED]
    return asked[-1] if asked else None


def feedback(
    ctx: Context, user: Actor, code: str, text: str, *, unit: str | None = None, today: date | None = None
) -> MatterWritten:
    """A unit feeds back progress (反馈进展); the first feedback moves 已交办 to 办理中."""
    return take_step(ctx, user, code, Step.FEEDBACK, StepInput(text=text, unit=unit), today=today)


def request_close(
    ctx: Context, user: Actor, code: str, text: str = "", *, unit: str | None = None, today: date | None = None
) -> MatterWritten:
    """A unit asks to close the matter (申请办结), saying what was done."""
    return take_step(ctx, user, code, Step.REQUEST_CLOSE, StepInput(text=text, unit=unit), today=today)


def request_extension(
    ctx: Context,
    user: Actor,
    code: str,
    reason: str,
    new_deadline: date,
    *,
    unit: str | None = None,
    today: date | None = None,
) -> MatterWritten:
    """A unit asks to extend the deadline (申请延期) to ``new_deadline``, with a reason."""
    data = StepInput(text=reason, new_deadline=new_deadline, unit=unit)
    return take_step(ctx, user, code, Step.REQUEST_EXTENSION, data, today=today)


def approve(
    ctx: Context,
    user: Actor,
    code: str,
    text: str = "",
    *,
    new_deadline: date | None = None,
    today: date | None = None,
) -> MatterWritten:
    """The office approves the pending request: closes the matter, or moves its deadline (to the one
    asked for, unless ``new_deadline`` grants another)."""
    data = StepInput(text=text, new_deadline=new_deadline)
    return take_step(ctx, user, code, Step.APPROVE, data, today=today)


def deny(ctx: Context, user: Actor, code: str, reason: str, *, today: date | None = None) -> MatterWritten:
    """The office denies the pending request, with a reason; the matter is 办理中 again."""
    return take_step(ctx, user, code, Step.DENY, StepInput(text=reason), today=today)


def approve_close(ctx: Context, user: Actor, code: str, text: str = "", *, today: date | None = None) -> MatterWritten:
    """同意办结: the matter is closed today (late if past its deadline)."""
    return take_step(
        ctx, user, code, Step.APPROVE, StepInput(text=text), today=today, expect=MatterState.CLOSING_REQUESTED
    )


def deny_close(ctx: Context, user: Actor, code: str, reason: str, *, today: date | None = None) -> MatterWritten:
    """不同意办结, with a reason."""
    return take_step(
        ctx, user, code, Step.DENY, StepInput(text=reason), today=today, expect=MatterState.CLOSING_REQUESTED
    )


def approve_extension(
    ctx: Context,
    user: Actor,
    code: str,
    text: str = "",
    *,
    new_deadline: date | None = None,
    today: date | None = None,
) -> MatterWritten:
    """同意延期: the deadline moves to the one asked for (or ``new_deadline``)."""
    data = StepInput(text=text, new_deadline=new_deadline)
    return take_step(ctx, user, code, Step.APPROVE, data, today=today, expect=MatterState.EXTENSION_REQUESTED)


def deny_extension(ctx: Context, user: Actor, code: str, reason: str, *, today: date | None = None) -> MatterWritten:
    """不同意延期, with a reason; the deadline stays."""
    return take_step(
        ctx, user, code, Step.DENY, StepInput(text=reason), today=today, expect=MatterState.EXTENSION_REQUESTED
    )


def remind(
    ctx: Context, user: Actor, code: str, text: str = "", *, unit: str | None = None, today: date | None = None
) -> MatterWritten:
    """催办: a reminder to the lead unit (or ``unit``), recorded with its sender and time."""
    return take_step(ctx, user, code, Step.REMIND, StepInput(text=text, unit=unit), today=today)


def escalate(ctx: Context, user: Actor, code: str, reason: str, *, today: date | None = None) -> MatterWritten:
    """升级督办: the matter is raised to the leaders, with a reason."""
    return take_step(ctx, user, code, Step.ESCALATE, StepInput(text=reason), today=today)


# -- assigning -----------------------------------------------------------------------------------------


def assign(ctx: Context, user: Actor, data: AssignInput, *, today: date | None = None) -> MatterWritten:
    """Assign a new matter (交办); only the supervision office may. A task's matter takes the task's
    title, units and deadline where ``data`` leaves them out."""
    if not _is_office(user):
        raise Forbidden("只有督查督办人员可以交办事项")
    day = _day(today)
    with ctx.unit_of_work(reason="supervision: assign", actor=user.name if user else None) as uow:
        m = _new_matter(uow, data, day)
        first = MatterEvent(0, EventKind.ASSIGNED, uow.actor, datetime.now(UTC), m.lead_unit_code, m.source_text)
        uow.supervision.add(m, first)
        version = uow.commit()
    return MatterWritten(
        code=m.code, state=m.state, state_label=MATTER_STATE_LABELS[m.state], deadline=m.deadline, version=version
    )


def _new_matter(uow: UnitOfWork, data: AssignInput, today: date) -> Matter:
    data = _from_task(uow, data) if data.source_kind is SourceKind.TASK else data
    problems = _assign_problems(uow, data)
    if problems:
        raise InvalidInput(problems)
    assert data.title and data.lead_unit and data.deadline  # checked just above
    code = data.code or _next_code(uow, today.year)
    assisting = tuple(dict.fromkeys(u for u in data.assisting_units if u != data.lead_unit))
    return Matter(
        code=code,
        title=data.title.strip(),
        source_kind=data.source_kind,
        source_text=data.source_text.strip(),
        lead_unit_code=data.lead_unit,
        deadline=data.deadline,
        assisting_unit_codes=assisting,
        plan_code=data.plan_code,
        task_code=data.task_code,
        created_by=uow.actor,
        created_at=datetime.now(UTC),
    )


def _from_task(uow: UnitOfWork, data: AssignInput) -> AssignInput:
    """``data`` with what it leaves out taken from its plan task (InvalidInput naming the missing one)."""
    if not data.plan_code or not data.task_code:
        field = "plan_code" if not data.plan_code else "task_code"
        raise InvalidInput([Problem(Location(field), "来自规划任务的事项须指明规划和任务")])
    try:
        task = uow.figures.task(data.plan_code, data.task_code)
    except NotFound:
        raise InvalidInput(
            [Problem(Location("task_code"), f"规划 {data.plan_code} 中没有任务 {data.task_code}")]
        ) from None
    return data.model_copy(
        update={
            "title": data.title or task.name,
            "lead_unit": data.lead_unit or task.lead_unit_code,
            "assisting_units": data.assisting_units or list(task.support_unit_codes),
            "deadline": data.deadline or task.deadline,
            "source_text": data.source_text or f"规划任务 {data.plan_code}/{task.code}：{task.name}",
        }
    )


def _assign_problems(uow: UnitOfWork, data: AssignInput) -> list[Problem]:
    known: dict[str, Unit] = {u.code: u for u in uow.registry.units()}
    problems = []
    if data.code and _exists(uow, data.code):
        problems.append(Problem(Location("code"), f"编号 {data.code} 已被使用"))
    if not data.title or not data.title.strip():
        problems.append(Problem(Location("title"), "请填写事项名称"))
    if not data.lead_unit:
        problems.append(Problem(Location("lead_unit"), "请选择牵头单位"))
    elif data.lead_unit not in known:
        problems.append(Problem(Location("lead_unit"), f"没有单位 {data.lead_unit}"))
    problems += [Problem(Location("assisting_units"), f"没有单位 {u}") for u in data.assisting_units if u not in known]
    if data.deadline is None:
        problems.append(Problem(Location("deadline"), "请填写办理期限"))
    if data.plan_code and data.plan_code not in {p.code for p in uow.plans.plans()}:
        problems.append(Problem(Location("plan_code"), f"没有规划 {data.plan_code}"))
    return problems


def _exists(uow: UnitOfWork, code: str) -> bool:
    try:
        uow.supervision.matter(code)
    except NotFound:
        return False
    return True


def _next_code(uow: UnitOfWork, year: int) -> str:
    """``DB<year>-<n>``, numbered after the matters of the year (督办 2025 年第 n 号)."""
    prefix = f"DB{year}-"
    n = uow.supervision.codes_with_prefix(prefix) + 1
    while _exists(uow, f"{prefix}{n:03d}"):
        n += 1
    return f"{prefix}{n:03d}"


__all__ = [
    "AssignInput",
    "MatterFilter",
    "MatterPageContext",
    "MatterView",
    "MatterWritten",
    "Step",
    "StepInput",
    "SupervisionContext",
    "approve",
    "approve_close",
    "approve_extension",
    "assign",
    "deny",
    "deny_close",
    "deny_extension",
    "due_soon",
    "escalate",
    "feedback",
    "list_matters",
    "matter_page",
    "overdue",
    "remind",
    "request_close",
    "request_extension",
    "supervision_page",
    "take_step",
    "unit_closure_counts",
]
