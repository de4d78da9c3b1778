"""Supervision (督查督办): a matter assigned to a lead unit, its state machine, its trail and its urgency.

A matter (督办事项) comes from a leader's instruction (批示), a meeting decision or a plan task; the
supervision office assigns it to a lead unit (牵头单位) with assisting units (配合单位) and a deadline. The
units feed back progress and ask to close it (办结) or to extend it (延期, with a reason); the office
approves or denies, reminds (催办) and escalates. Every step is a :class:`MatterEvent` of the matter's
trail, and each is allowed only in some states:

>>> next_state(MatterState.ASSIGNED, EventKind.FEEDBACK)
<MatterState.IN_PROGRESS: 'in_progress'>
>>> next_state(MatterState.CLOSED, EventKind.REMINDER)
Traceback (most recent call last):
...
luoshi.domain.supervision.ActionNotAllowed: 事项已办结，不能催办
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from luoshi.domain.errors import Conflict

#: a matter is due soon (yellow) this many days before its deadline, the deadline itself included
SOON_DAYS = 7


class SourceKind(StrEnum):
    """Where a matter comes from."""

    INSTRUCTION = "instruction"
    MEETING = "meeting"
    TASK = "task"
    OTHER = "other"


SOURCE_KIND_LABELS: dict[SourceKind, str] = {
    SourceKind.INSTRUCTION: "领导批示",
    SourceKind.MEETING: "会议决定",
    SourceKind.TASK: "规划任务",
    SourceKind.OTHER: "其他",
}


class MatterState(StrEnum):
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    CLOSING_REQUESTED = "closing_requested"
    EXTENSION_REQUESTED = "extension_requested"
    CLOSED = "closed"


MATTER_STATE_LABELS: dict[MatterState, str] = {
    MatterState.ASSIGNED: "已交办",
    MatterState.IN_PROGRESS: "办理中",
    MatterState.CLOSING_REQUESTED: "申请办结",
    MatterState.EXTENSION_REQUESTED: "申请延期",
    MatterState.CLOSED: "已办结",
}


class EventKind(StrEnum):
    """One step of a matter's trail."""

    ASSIGNED = "assigned"
    FEEDBACK = "feedback"
    CLOSE_REQUESTED = "close_requested"
    CLOSE_APPROVED = "close_approved"
    CLOSE_DENIED = "close_denied"
    EXTENSION_REQUESTED = "extension_requested"
    EXTENSION_APPROVED = "extension_approved"
    EXTENSION_DENIED = "extension_denied"
    REMINDER = "reminder"
    ESCALATION = "escalation"


EVENT_LABELS: dict[EventKind, str] = {
    EventKind.ASSIGNED: "交办",
    EventKind.FEEDBACK: "反馈进展",
    EventKind.CLOSE_REQUESTED: "申请办结",
    EventKind.CLOSE_APPROVED: "同意办结",
    EventKind.CLOSE_DENIED: "不同意办结",
    EventKind.EXTENSION_REQUESTED: "申请延期",
    EventKind.EXTENSION_APPROVED: "同意延期",
    EventKind.EXTENSION_DENIED: "不同意延期",
    EventKind.REMINDER: "催办",
    EventKind.ESCALATION: "升级督办",
}

#: steps the lead and assisting units take; every other step is the supervision office's
UNIT_EVENTS: frozenset[EventKind] = frozenset(
    {EventKind.FEEDBACK, EventKind.CLOSE_REQUESTED, EventKind.EXTENSION_REQUESTED}
)
#: steps that must say something, and what they must say: the progress, the reason for an extension, ...
TEXT_REQUIRED: Mapping[EventKind, str] = {
    EventKind.FEEDBACK: "进展情况",
    EventKind.EXTENSION_REQUESTED: "延期理由",
    EventKind.CLOSE_DENIED: "不同意办结的理由",
    EventKind.EXTENSION_DENIED: "不同意延期的理由",
    EventKind.ESCALATION: "升级督办的理由",
}


class Urgency(StrEnum):
    NONE = "none"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


URGENCY_LABELS: dict[Urgency, str] = {Urgency.NONE: "正常", Urgency.DUE_SOON: "即将到期", Urgency.OVERDUE: "已逾期"}

OPEN_STATES: frozenset[MatterState] = frozenset(MatterState) - {MatterState.CLOSED}
_WORKING = (MatterState.ASSIGNED, MatterState.IN_PROGRESS)

#: (state, step) -> the state after the step; a pair that is not here is not allowed
TRANSITIONS: Mapping[tuple[MatterState, EventKind], MatterState] = {
    **{(s, EventKind.FEEDBACK): MatterState.IN_PROGRESS if s in _WORKING else s for s in OPEN_STATES},
    **{(s, EventKind.REMINDER): s for s in OPEN_STATES},
    **{(s, EventKind.ESCALATION): s for s in OPEN_STATES},
    **{(s, EventKind.CLOSE_REQUESTED): MatterState.CLOSING_REQUESTED for s in _WORKING},
    **{(s, EventKind.EXTENSION_REQUESTED): MatterState.EXTENSION_REQUESTED for s in _WORKING},
    (MatterState.CLOSING_REQUESTED, EventKind.CLOSE_APPROVED): MatterState.CLOSED,
    (MatterState.CLOSING_REQUESTED, EventKind.CLOSE_DENIED): MatterState.IN_PROGRESS,
    (MatterState.EXTENSION_REQUESTED, EventKind.EXTENSION_APPROVED): MatterState.IN_PROGRESS,
    (MatterState.EXTENSION_REQUESTED, EventKind.EXTENSION_DENIED): MatterState.IN_PROGRESS,
}

#: the office's answer to the request a state waits on: state -> (approval, denial)
DECISIONS: Mapping[MatterState, tuple[EventKind, EventKind]] = {
    MatterState.CLOSING_REQUESTED: (EventKind.CLOSE_APPROVED, EventKind.CLOSE_DENIED),
    MatterState.EXTENSION_REQUESTED: (EventKind.EXTENSION_APPROVED, EventKind.EXTENSION_DENIED),
}


class ActionNotAllowed(Conflict):
    """A step the matter's state does not allow (a reminder to a closed matter, approving no request)."""


@dataclass(frozen=True)
class Matter:
    """A supervised matter: ``Matter("DB2025-001", "推进营商环境改革", SourceKind.INSTRUCTION, "区长批示…",
    "fgj", date(2025, 6, 30), ("tjj",))``. ``deadline`` is the current one (extensions move it);
    ``closed_on`` the day it was closed."""

    code: str
    title: str
    source_kind: SourceKind
    source_text: str
    lead_unit_code: str
    deadline: date
    assisting_unit_codes: tuple[str, ...] = ()
    plan_code: str | None = None
    task_code: str | None = None
    state: MatterState = MatterState.ASSIGNED
    created_by: str = ""
    created_at: datetime | None = None
    closed_on: date | None = None

    @property
    def unit_codes(self) -> tuple[str, ...]:
        """The lead unit, then the assisting units."""
        return (self.lead_unit_code, *self.assisting_unit_codes)

    @property
    def closed_late(self) -> bool | None:
        """Whether it was closed after its deadline (None while open)."""
        return None if self.closed_on is None else self.closed_on > self.deadline


@dataclass(frozen=True)
class MatterEvent:
    """One step of a matter's trail, numbered from 1 (``seq``) in the order it happened.

    ``unit_code`` is the unit that spoke (feedback, requests) or was addressed (reminders); ``old_deadline``
    and ``new_deadline`` carry an extension asked for or granted.
    """

    seq: int
    kind: EventKind
    actor: str
    at: datetime
    unit_code: str | None = None
    text: str = ""
    old_deadline: date | None = None
    new_deadline: date | None = None


@dataclass(frozen=True)
class ClosureCounts:
    """How a unit's matters due in a year fared: the scorecard's input (lead units only)."""

    due: int = 0
    closed_on_time: int = 0
    closed_late: int = 0
    open_overdue: int = 0


def next_state(state: MatterState, kind: EventKind) -> MatterState:
    """The state after ``kind`` happens in ``state``; :class:`ActionNotAllowed` when it may not."""
    after = TRANSITIONS.get((state, kind))
    if after is None:
        raise ActionNotAllowed(f"事项{MATTER_STATE_LABELS[state]}，不能{EVENT_LABELS[kind]}")
    return after


def allowed_events(state: MatterState) -> list[EventKind]:
    """The steps ``state`` allows, in the order of :class:`EventKind`.

    >>> [k.value for k in allowed_events(MatterState.EXTENSION_REQUESTED)]
    ['feedback', 'extension_approved', 'extension_denied', 'reminder', 'escalation']
    """
    return [kind for kind in EventKind if (state, kind) in TRANSITIONS]


def decision(state: MatterState, *, approve: bool) -> EventKind:
    """The office's approval (or denial) of the request ``state`` waits on.

    >>> decision(MatterState.CLOSING_REQUESTED, approve=False).value
    'close_denied'
    """
    pair = DECISIONS.get(state)
    if pair is None:
        verb = "批准" if approve else "驳回"
        raise ActionNotAllowed(f"事项{MATTER_STATE_LABELS[state]}，没有待{verb}的申请")
    return pair[0] if approve else pair[1]


def urgency(matter: Matter, today: date, soon_days: int = SOON_DAYS) -> Urgency:
    """Overdue (red) past its deadline, due soon (yellow) within ``soon_days`` of it; a closed matter is
    never urgent (whether it was closed late is :attr:`Matter.closed_late`).

    >>> m = Matter("m", "t", SourceKind.OTHER, "", "u", date(2025, 6, 30))
    >>> [urgency(m, date(2025, 6, d)).value for d in (1, 23, 30)], urgency(m, date(2025, 7, 1)).value
    (['none', 'due_soon', 'due_soon'], 'overdue')
    """
    if matter.state is MatterState.CLOSED:
        return Urgency.NONE
    if matter.deadline < today:
        return Urgency.OVERDUE
    if (matter.deadline - today).days <= soon_days:
        return Urgency.DUE_SOON
    return Urgency.NONE


def days_overdue(matter: Matter, today: date) -> int:
    """Days past the deadline of an open matter (0 when not overdue)."""
    if matter.state is MatterState.CLOSED:
        return 0
    return max(0, (today - matter.deadline).days)


def closure_counts(matters: Iterable[Matter], year: int, today: date) -> dict[str, ClosureCounts]:
    """Per lead unit, its matters whose (current) deadline falls in ``year``: how many, closed on time,
    closed late, and still open past the deadline on ``today``.

    >>> m = Matter("m", "t", SourceKind.OTHER, "", "fgj", date(2025, 3, 1), state=MatterState.CLOSED,
    ...     closed_on=date(2025, 3, 5))
    >>> closure_counts([m], 2025, date(2025, 12, 31))
    {'fgj': ClosureCounts(due=1, closed_on_time=0, closed_late=1, open_overdue=0)}
    """
    tallies: dict[str, list[int]] = {}
    for m in matters:
        if m.deadline.year != year:
            continue
        tally = tallies.setdefault(m.lead_unit_code, [0, 0, 0, 0])
        tally[0] += 1
        late = m.closed_late
        if late is False:
            tally[1] += 1
        elif late:
            tally[2] += 1
        elif urgency(m, today) is Urgency.OVERDUE:
            tally[3] += 1
    return {unit: ClosureCounts(*tally) for unit, tally in sorted(tallies.items())}
