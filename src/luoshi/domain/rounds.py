"""Reporting rounds (填报轮次): who owes which figures and task progress for a period, and how a unit's
submission moves from draft to approved (DHIS2's data sets and data approval are the model).

A planner opens a round over some indicators and tasks for one period with a due date. Every unit that
owns one of those indicators or leads one of those tasks owes a **submission**. Its reporter saves
drafts and submits; the submission is approved at one or two levels (the unit head, then the
development-and-reform bureau) or returned with a comment; the final approval locks it, and only an
administrator can reopen it, with a reason.

================  ==================  ==========================================================
state             label               what can happen next
================  ==================  ==========================================================
pending           未填报              save, submit
draft             草稿                save, submit
submitted         待审核              approve (level 1, or the only level), return
unit_approved     单位已审核          approve (final level), return
approved          已审核（锁定）      reopen (administrator)
returned          已退回              save, submit
reopened          已重新打开          save, submit
================  ==================  ==========================================================

>>> state = next_state(SubmissionState.DRAFT, SubmissionAction.SUBMIT, approval_levels=2)
>>> state, approver(state, approval_levels=2)
(<SubmissionState.SUBMITTED: 'submitted'>, <ApprovalLevel.UNIT: 'unit'>)
>>> next_state(state, SubmissionAction.APPROVE, approval_levels=1)
<SubmissionState.APPROVED: 'approved'>
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from luoshi.domain.errors import Conflict, InvalidValue
from luoshi.domain.period import Period, PeriodKind
from luoshi.domain.plan import TaskStatus
from luoshi.domain.target import Measure

#: the origin of observations written by an approved round (the round's code is their provenance)
ROUND_ORIGIN = "round"


class RoundState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


ROUND_STATE_LABELS: dict[RoundState, str] = {RoundState.OPEN: "填报中", RoundState.CLOSED: "已关闭"}


class SubmissionState(StrEnum):
    PENDING = "pending"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNIT_APPROVED = "unit_approved"
    APPROVED = "approved"
    RETURNED = "returned"
    REOPENED = "reopened"


SUBMISSION_STATE_LABELS: dict[SubmissionState, str] = {
    SubmissionState.PENDING: "未填报",
    SubmissionState.DRAFT: "草稿",
    SubmissionState.SUBMITTED: "待审核",
    SubmissionState.UNIT_APPROVED: "单位已审核",
    SubmissionState.APPROVED: "已审核（锁定）",
    SubmissionState.RETURNED: "已退回",
    SubmissionState.REOPENED: "已重新打开",
}

#: states in which the unit may still change its values
EDITABLE: frozenset[SubmissionState] = frozenset(
    {SubmissionState.PENDING, SubmissionState.DRAFT, SubmissionState.RETURNED, SubmissionState.REOPENED}
)
#: states that count as submitted (for timeliness, once submitted a unit has reported)
AWAITING: frozenset[SubmissionState] = frozenset({SubmissionState.SUBMITTED, SubmissionState.UNIT_APPROVED})


class SubmissionAction(StrEnum):
    SAVE = "save"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    REOPEN = "reopen"


ACTION_LABELS: dict[SubmissionAction, str] = {
    SubmissionAction.SAVE: "保存草稿",
    SubmissionAction.SUBMIT: "提交",
    SubmissionAction.APPROVE: "审核通过",
    SubmissionAction.RETURN: "退回",
    SubmissionAction.REOPEN: "重新打开",
}


class ApprovalLevel(StrEnum):
    """Who approves: the unit's own head (level 1 of two) or the development-and-reform bureau (final)."""

    UNIT = "unit"
    BUREAU = "bureau"


APPROVAL_LEVEL_LABELS: dict[ApprovalLevel, str] = {
    ApprovalLevel.UNIT: "单位负责人审核",
    ApprovalLevel.BUREAU: "发改局审核",
}


class InvalidTransition(Conflict):
    """An action the submission's state does not allow (approving a draft, editing approved data)."""


class LockedSubmission(InvalidTransition):
    """Approved data is locked: only an administrator may reopen it."""


def _check_levels(approval_levels: int) -> None:
    if approval_levels not in (1, 2):
        raise InvalidValue(f"a round has one or two approval levels, not {approval_levels}")


def approver(state: SubmissionState, *, approval_levels: int) -> ApprovalLevel | None:
    """The level that may approve or return a submission in ``state`` now (None: nobody)."""
    _check_levels(approval_levels)
    if state is SubmissionState.SUBMITTED:
        return ApprovalLevel.UNIT if approval_levels == 2 else ApprovalLevel.BUREAU
    if state is SubmissionState.UNIT_APPROVED:
        return ApprovalLevel.BUREAU
    return None


def next_state(state: SubmissionState, action: SubmissionAction, *, approval_levels: int) -> SubmissionState:
    """The state after ``action``, or :class:`InvalidTransition` (with a Chinese message) when not allowed."""
    _check_levels(approval_levels)
    label = SUBMISSION_STATE_LABELS[state]
    if action in (SubmissionAction.SAVE, SubmissionAction.SUBMIT):
        if state not in EDITABLE:
            if state is SubmissionState.APPROVED:
                raise LockedSubmission("已审核的数据已锁定，须由系统管理员重新打开后才能修改")
            raise InvalidTransition(f"报送状态为“{label}”，不能{ACTION_LABELS[action]}")
        if action is SubmissionAction.SAVE:
            return SubmissionState.DRAFT if state is SubmissionState.PENDING else state
        return SubmissionState.SUBMITTED
    if action in (SubmissionAction.APPROVE, SubmissionAction.RETURN):
        level = approver(state, approval_levels=approval_levels)
        if level is None:
            raise InvalidTransition(f"报送状态为“{label}”，不能{ACTION_LABELS[action]}")
        if action is SubmissionAction.RETURN:
            return SubmissionState.RETURNED
        return SubmissionState.UNIT_APPROVED if level is ApprovalLevel.UNIT else SubmissionState.APPROVED
    if state is not SubmissionState.APPROVED:
        raise InvalidTransition(f"报送状态为“{label}”，只有已审核的报送才需要重新打开")
    return SubmissionState.REOPENED


#: the kinds of period a round may be for (a multi-year span is a plan's, not a round's)
ROUND_PERIOD_KINDS: frozenset[PeriodKind] = frozenset(
    {PeriodKind.YEAR, PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.MONTH, PeriodKind.YEAR_TO_DATE}
)


def round_code(plan_code: str, period: Period) -> str:
    """The default code of a plan's round for a period: ``pingcheng-14-2024Q3``."""
    return f"{plan_code}-{period.code}"


@dataclass(frozen=True)
class Round:
    """A reporting round: ``Round("pingcheng-14-2024Q3", "pingcheng-14", "2024年三季度填报", 2024Q3, due)``."""

    code: str
    plan_code: str
    title: str
    period: Period
    due: date
    approval_levels: int = 2
    indicator_codes: tuple[str, ...] = ()
    task_codes: tuple[str, ...] = ()
    state: RoundState = RoundState.OPEN
    scenario: str = "actual"  # simulated rounds (the demo's) write observations of scenario simulated
    opened_by: str = ""
    opened_at: datetime | None = None
    projects: bool = False  # a month's round may ask for the key projects' monthly reports (重点项目月报)

    def __post_init__(self) -> None:
        _check_levels(self.approval_levels)
        if self.period.kind not in ROUND_PERIOD_KINDS:
            raise InvalidValue(f"a round is for a year, half, quarter, month or 1-N月, not {self.period.code}")
        if self.projects and self.period.kind is not PeriodKind.MONTH:
            raise InvalidValue(f"只有月度轮次（如 2024M03）可以要求报送重点项目月报，{self.period.code} 不是月度")
        if not self.indicator_codes and not self.task_codes and not self.projects:
            raise InvalidValue("a round asks for at least one indicator or task")

    @property
    def project_month(self) -> str | None:
        """The month (``2024-03``) whose key-project reports the round asks for; None when it asks for none."""
        if not self.projects or self.period.index is None:
            return None
        return f"{self.period.year}-{self.period.index:02d}"


@dataclass(frozen=True)
class LineKey:
    """One figure a round asks for: an indicator's level, or its growth rate (增速)."""

    indicator_code: str
    measure: Measure = Measure.LEVEL

    def __str__(self) -> str:
        return self.indicator_code if self.measure is Measure.LEVEL else f"{self.indicator_code}:{self.measure}"

    @classmethod
    def parse(cls, text: str) -> LineKey:
        code, _, measure = text.partition(":")
        return cls(code, Measure(measure) if measure else Measure.LEVEL)


@dataclass(frozen=True)
class Line:
    """What a unit is asked for one figure, with the last value it reported before (for the jump check)."""

    key: LineKey
    indicator_name: str
    unit: str  # the unit of measure asked for: the indicator's display unit, % for growth
    period_code: str
    last_value: float | None = None  # in ``unit``
    last_period: str | None = None


@dataclass(frozen=True)
class Entry:
    """A value a unit entered for a line, in the asked unit of measure, as typed."""

    key: LineKey
    value: float
    printed: str
    note: str = ""
    jump_confirmed: bool = False


@dataclass(frozen=True)
class TaskReport:
    """A unit's progress on a task in a round: status, percent done, what was done."""

    task_code: str
    status: TaskStatus
    percent: int
    text: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.percent <= 100:
            raise InvalidValue(f"完成进度须在0到100之间，不是{self.percent}")


@dataclass(frozen=True)
class Evidence:
    """A file a unit attached to a task report, known by its sha256."""

    task_code: str
    file_name: str
    sha256: str
    size: int
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class ReportingRules:
    """A plan's checks on reported values: ranges per indicator (in its display unit) and the share of the
    last value beyond which a change is a jump the reporter must confirm."""

    jump_share: float = 0.5
    ranges: Mapping[str, tuple[float | None, float | None]] = field(default_factory=dict)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """Something wrong (error: refused) or surprising (warning: confirm it) about one entered value."""

    key: LineKey
    severity: Severity
    message: str


def check_entry(line: Line, entry: Entry, rules: ReportingRules) -> list[Finding]:
    """The findings on one entered value: out of its configured range (error), or a jump of more than
    ``rules.jump_share`` of the last value that the reporter has not confirmed (warning).

    >>> line = Line(LineKey("gdp"), "地区生产总值", "亿元", "2021", last_value=428.2, last_period="2020")
    >>> [f.message for f in check_entry(line, Entry(LineKey("gdp"), 900.0, "900"), ReportingRules())]
    ['地区生产总值 900 亿元 比上期 428.2 亿元 变动 110.2%，超过 50%，请核实后确认']
    """
    findings = []
    low, high = (None, None)
    if line.key.measure is Measure.LEVEL:
        low, high = rules.ranges.get(line.key.indicator_code, (None, None))
    if (low is not None and entry.value < low) or (high is not None and entry.value > high):
        bounds = f"{'' if low is None else f'{low:g}'}～{'' if high is None else f'{high:g}'}"
        findings.append(
            Finding(
                entry.key, Severity.ERROR, f"{line.indicator_name} {entry.printed} {line.unit} 超出允许范围 {bounds}"
            )
        )
    last = line.last_value
    if last and line.key.measure is Measure.LEVEL and not entry.jump_confirmed:
        change = (entry.value - last) / abs(last)
        if abs(change) > rules.jump_share:
            findings.append(
                Finding(
                    entry.key,
                    Severity.WARNING,
                    f"{line.indicator_name} {entry.printed} {line.unit} 比上期 {last:g} {line.unit} "
                    f"变动 {change:.1%}，超过 {rules.jump_share:.0%}，请核实后确认",
                )
            )
    return findings


class Timeliness(StrEnum):
    """DHIS2's reporting rate, per round and unit."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"  # due date passed, nothing submitted
    NOT_DUE = "not_due"  # not submitted yet, not due yet


TIMELINESS_LABELS: dict[Timeliness, str] = {
    Timeliness.ON_TIME: "按时报送",
    Timeliness.LATE: "逾期报送",
    Timeliness.MISSING: "未报送（已逾期）",
    Timeliness.NOT_DUE: "未报送（未到期）",
}


def timeliness(first_submitted: date | None, due: date, today: date) -> Timeliness:
    """On time when first submitted by the due date (inclusive); late after it; missing when the due date
    has passed without a submission.

    >>> timeliness(None, date(2024, 10, 15), date(2024, 10, 16))
    <Timeliness.MISSING: 'missing'>
    """
    if first_submitted is None:
        return Timeliness.MISSING if today > due else Timeliness.NOT_DUE
    return Timeliness.ON_TIME if first_submitted <= due else Timeliness.LATE


@dataclass(frozen=True)
class SheetStamp:
    """What a unit's template was made for, kept in a hidden sheet: the round, the unit, the format
    version and a digest of the lines asked (a template made before the round changed is refused)."""

    round_code: str
    unit_code: str
    format_version: int
    digest: str


@dataclass(frozen=True)
class SheetTemplate:
    """Everything a unit's spreadsheet for a round shows."""

    stamp: SheetStamp
    round_title: str
    unit_name: str
    period_code: str
    due: date
    lines: tuple[Line, ...]
    entries: Mapping[LineKey, Entry]  # values already saved, pre-filled
    tasks: tuple[tuple[str, str], ...]  # (task code, task name)
    reports: Mapping[str, TaskReport]  # task progress already saved


@dataclass(frozen=True)
class SheetUpload:
    """A filled-in template read back: the stamp, the values and task reports it holds (cells left empty
    are not entries), each with the sheet row it came from."""

    stamp: SheetStamp | None
    entries: tuple[tuple[int, Entry, str], ...]  # (row, entry, unit of measure in the sheet)
    reports: tuple[tuple[int, TaskReport], ...]
    file_name: str


@dataclass(frozen=True)
class Submission:
    """Where one unit's submission for a round stands."""

    round_code: str
    unit_code: str
    state: SubmissionState = SubmissionState.PENDING
    first_submitted_at: datetime | None = None
    submitted_at: datetime | None = None
    submitted_by: str | None = None
    unit_approved_by: str | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None
    returned_count: int = 0
    comment: str | None = None
    updated_at: datetime | None = None

    @property
    def first_pass(self) -> bool:
        """Approved without ever being returned (the first-pass approval rate counts these)."""
        return self.state is SubmissionState.APPROVED and self.returned_count == 0


@dataclass(frozen=True)
class SubmissionEvent:
    """One step of a submission's trail."""

    action: SubmissionAction
    from_state: SubmissionState
    to_state: SubmissionState
    actor: str
    at: datetime
    comment: str | None = None


@dataclass(frozen=True)
class Reminder:
    """A reminder (催报) sent to a unit about a round."""

    round_code: str
    unit_code: str
    sent_by: str
    sent_at: datetime
    note: str = ""


@dataclass(frozen=True)
class AskedIndicator:
    """An indicator a round asks for, as the round needs to know it."""

    code: str
    name: str
    display_unit: str
    base_unit: str
    owner_unit_code: str | None
    measures: tuple[Measure, ...] = (Measure.LEVEL,)

    def line_keys(self) -> list[LineKey]:
        return [LineKey(self.code, m) for m in self.measures]

    def asked_unit(self, measure: Measure) -> str:
        return "%" if measure is Measure.GROWTH else self.display_unit


@dataclass(frozen=True)
class AskedTask:
    """A task whose progress a round asks for."""

    code: str
    name: str
    lead_unit_code: str | None
    status: TaskStatus = TaskStatus.NOT_STARTED


def owing_units(indicators: Iterable[AskedIndicator], tasks: Iterable[AskedTask]) -> list[str]:
    """The units that owe a submission: owners of the indicators and leads of the tasks asked for."""
    units = {i.owner_unit_code for i in indicators} | {t.lead_unit_code for t in tasks}
    return sorted(u for u in units if u)
