"""Key projects (重点项目): the register's values, their stages, their monthly reports and the checks on them.

A project has an owning unit, a category, a stage that moves only forward as :data:`TRANSITIONS` allows
(each move dated), a total investment and an annual planned investment per year. Money is kept in whole
元 (``int``), so cumulative figures add up exactly; registers type 万元, which :func:`yuan_from_wan` reads.

>>> next_stage(ProjectStage.SIGNED, ProjectStage.STARTED)
<ProjectStage.STARTED: 'started'>
>>> next_stage(ProjectStage.COMPLETED, ProjectStage.SIGNED)
Traceback (most recent call last):
...
luoshi.domain.project.StageNotAllowed: 项目已竣工，不能改为签约

A month's report must add up with the one before it (:func:`check_report`): this year's cumulative is the
last month's plus this month's, and so is the cumulative since the start.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from luoshi.domain.errors import Conflict

#: yuan in one 万元
WAN = 10_000
#: codes of projects: letters, digits, ``.``, ``_`` and ``-`` (XM2024-001)
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,63}$")
#: a month of 1900-2199: 2024-03
MONTH_PATTERN = re.compile(r"^((?:19|20|21)\d{2})-(0[1-9]|1[0-2])$")
#: a project lags when its completed share of the annual plan trails the elapsed share by more than this
LAG_MARGIN = 0.10


class ProjectStage(StrEnum):
    """谋划/储备 → 签约 → 开工 → 在建 → 竣工 → 投产."""

    PIPELINE = "pipeline"
    SIGNED = "signed"
    STARTED = "started"
    UNDER_CONSTRUCTION = "under_construction"
    COMPLETED = "completed"
    IN_PRODUCTION = "in_production"


STAGE_LABELS: dict[ProjectStage, str] = {
    ProjectStage.PIPELINE: "谋划储备",
    ProjectStage.SIGNED: "签约",
    ProjectStage.STARTED: "开工",
    ProjectStage.UNDER_CONSTRUCTION: "在建",
    ProjectStage.COMPLETED: "竣工",
    ProjectStage.IN_PRODUCTION: "投产",
}

_ORDER = list(ProjectStage)

#: stage -> the stages it may move to: forward only; a government project may start without signing,
#: and a small one may be completed straight from 开工
TRANSITIONS: Mapping[ProjectStage, frozenset[ProjectStage]] = {
    ProjectStage.PIPELINE: frozenset({ProjectStage.SIGNED, ProjectStage.STARTED}),
    ProjectStage.SIGNED: frozenset({ProjectStage.STARTED}),
    ProjectStage.STARTED: frozenset({ProjectStage.UNDER_CONSTRUCTION, ProjectStage.COMPLETED}),
    ProjectStage.UNDER_CONSTRUCTION: frozenset({ProjectStage.COMPLETED}),
    ProjectStage.COMPLETED: frozenset({ProjectStage.IN_PRODUCTION}),
    ProjectStage.IN_PRODUCTION: frozenset(),
}

#: stages at or after 开工 (the project has started)
STARTED_STAGES: frozenset[ProjectStage] = frozenset(_ORDER[_ORDER.index(ProjectStage.STARTED) :])


class Category(StrEnum):
    INDUSTRY = "industry"
    INFRASTRUCTURE = "infrastructure"
    LIVELIHOOD = "livelihood"
    ECOLOGY = "ecology"
    URBAN = "urban"
    OTHER = "other"


CATEGORY_LABELS: dict[Category, str] = {
    Category.INDUSTRY: "产业",
    Category.INFRASTRUCTURE: "基础设施",
    Category.LIVELIHOOD: "民生",
    Category.ECOLOGY: "生态环保",
    Category.URBAN: "城市更新",
    Category.OTHER: "其他",
}


class BuildKind(StrEnum):
    """新开工 or 续建."""

    NEW = "new"
    CONTINUING = "continuing"


BUILD_KIND_LABELS: dict[BuildKind, str] = {BuildKind.NEW: "新开工", BuildKind.CONTINUING: "续建"}


class StageNotAllowed(Conflict):
    """A stage move the project's stage does not allow (backwards, or skipping too far)."""


@dataclass(frozen=True)
class Project:
    """A key project of the register. Amounts in 元; ``annual_plans`` maps a year to its planned investment.

    ``Project("XM-1", "新材料产业园", "fgj", Category.INDUSTRY, total_investment=50 * 10**8)``
    """

    code: str
    name: str
    unit_code: str
    category: Category
    total_investment: int
    stage: ProjectStage = ProjectStage.PIPELINE
    build_kind: BuildKind = BuildKind.NEW
    leader: str = ""
    annual_plans: Mapping[int, int] = field(default_factory=dict)
    planned_start: date | None = None
    planned_finish: date | None = None
    actual_start: date | None = None
    actual_finish: date | None = None
    address: str = ""
    longitude: float | None = None
    latitude: float | None = None
    plan_code: str | None = None
    goal_codes: tuple[str, ...] = ()
    indicator_codes: tuple[str, ...] = ()
    batch: str = ""
    simulated: bool = False

    def planned_in(self, year: int) -> int:
        """The investment planned for ``year`` (0 when none)."""
        return self.annual_plans.get(year, 0)


@dataclass(frozen=True)
class StageChange:
    """A dated stage move of a project's trail: ``StageChange(1, ProjectStage.SIGNED, date(2024, 3, 1), "admin")``."""

    seq: int
    stage: ProjectStage
    on: date
    actor: str = ""


@dataclass(frozen=True)
class MonthlyReport:
    """A project's report for a month (``2024-03``), amounts in 元.

    ``cumulative_year`` runs from January; ``cumulative_total`` from the project's start.
    """

    project_code: str
    month: str
    investment: int
    cumulative_year: int
    cumulative_total: int
    progress_text: str = ""
    progress_percent: float | None = None
    problems: str = ""
    problem_unit_code: str | None = None
    next_steps: str = ""
    reported_by: str = ""
    round_code: str | None = None  # the reporting round it answered (None: reported outside a round)

    @property
    def year(self) -> int:
        return int(self.month[:4])

    @property
    def month_number(self) -> int:
        return int(self.month[5:7])


@dataclass(frozen=True)
class FieldProblem:
    """A rule a value breaks, at a field of the register (``total_investment``) in Chinese."""

    field: str
    message: str


#: the register's fields in Chinese, for messages and the sheet's headers
FIELD_LABELS: dict[str, str] = {
    "code": "项目编码",
    "name": "项目名称",
    "unit_code": "责任单位编码",
    "leader": "分管领导",
    "category": "项目类别",
    "stage": "项目阶段",
    "build_kind": "建设性质",
    "total_investment": "总投资(万元)",
    "annual_plan": "年度计划投资(万元)",
    "planned_start": "计划开工日期",
    "planned_finish": "计划竣工日期",
    "actual_start": "实际开工日期",
    "actual_finish": "实际竣工日期",
    "address": "建设地点",
    "longitude": "经度",
    "latitude": "纬度",
    "batch": "批次",
    "goal_codes": "服务目标编码",
    "indicator_codes": "服务指标编码",
    "investment": "本月完成投资(万元)",
    "cumulative_year": "本年累计完成投资(万元)",
    "cumulative_total": "开工累计完成投资(万元)",
    "progress_percent": "形象进度(%)",
    "month": "月份",
}


def yuan_from_wan(text: str) -> int:
    """万元 as typed to whole 元; ValueError for what is no number or finer than one 元.

    >>> yuan_from_wan("461.09"), yuan_from_wan("1,200")
    (4610900, 12000000)
    """
    try:
        value = Decimal(text.replace(",", "").strip()) * WAN
    except InvalidOperation:
        raise ValueError(f"“{text}”不是数值") from None
    if not value.is_finite() or value != value.to_integral_value():
        raise ValueError(f"“{text}”不是万元数（最多四位小数）")
    return int(value)


def wan(yuan: int) -> float:
    """元 as 万元: ``wan(4610900) == 461.09``."""
    return yuan / WAN


def parse_month(text: str) -> tuple[int, int]:
    """``"2024-03"`` -> (2024, 3); ValueError otherwise."""
    match = MONTH_PATTERN.match(text)
    if match is None:
        raise ValueError(f"月份“{text}”应写作 YYYY-MM，如 2024-03")
    return int(match.group(1)), int(match.group(2))


def next_stage(current: ProjectStage, wanted: ProjectStage) -> ProjectStage:
    """``wanted`` if ``current`` may move there, else :class:`StageNotAllowed`."""
    if wanted not in TRANSITIONS[current]:
        raise StageNotAllowed(f"项目已{STAGE_LABELS[current]}，不能改为{STAGE_LABELS[wanted]}")
    return wanted


def check_project(p: Project) -> list[FieldProblem]:
    """The rules one project must keep, whatever else is stored.

    >>> p = Project("XM-1", "园区", "fgj", Category.INDUSTRY, 100, annual_plans={2024: 200},
    ...     planned_start=date(2024, 5, 1), planned_finish=date(2024, 1, 1))
    >>> [f.field for f in check_project(p)]
    ['annual_plan', 'planned_finish']
    """
    found: list[FieldProblem] = []
    if not CODE_PATTERN.match(p.code):
        found.append(FieldProblem("code", f"项目编码“{p.code}”只能含字母、数字、点、下划线和短横线（最长64位）"))
    if not p.name.strip():
        found.append(FieldProblem("name", "项目名称不能为空"))
    if p.total_investment <= 0:
        found.append(FieldProblem("total_investment", "总投资应大于0"))
    for year, planned in sorted(p.annual_plans.items()):
        if planned < 0:
            found.append(FieldProblem("annual_plan", f"{year}年计划投资不能为负数"))
        elif planned > p.total_investment:
            found.append(
                FieldProblem(
                    "annual_plan", f"{year}年计划投资{wan(planned):g}万元超过总投资{wan(p.total_investment):g}万元"
                )
            )
    for start, finish, name in (
        (p.planned_start, p.planned_finish, "planned_finish"),
        (p.actual_start, p.actual_finish, "actual_finish"),
    ):
        if start is not None and finish is not None and finish < start:
            found.append(FieldProblem(name, f"{FIELD_LABELS[name]}{finish}早于开工日期{start}"))
    if p.actual_finish is not None and p.actual_start is None:
        found.append(FieldProblem("actual_start", "已有实际竣工日期，缺少实际开工日期"))
    if p.longitude is not None and not -180 <= p.longitude <= 180:
        found.append(FieldProblem("longitude", "经度应在-180到180之间"))
    if p.latitude is not None and not -90 <= p.latitude <= 90:
        found.append(FieldProblem("latitude", "纬度应在-90到90之间"))
    if (p.longitude is None) != (p.latitude is None):
        found.append(FieldProblem("latitude" if p.latitude is None else "longitude", "经度和纬度应同时填写"))
    return found


def check_report(report: MonthlyReport, previous: MonthlyReport | None, project: Project) -> list[FieldProblem]:
    """The rules of a month's report against the project's newest report before it (``previous``).

    This year's cumulative = the previous month's + this month's (from January: this month's); the cumulative
    since the start grows by what this year's grew; nothing goes down; the total investment is a ceiling.
    Months skipped between two reports may add to this year's cumulative but never subtract.

    >>> p = Project("XM-1", "园区", "fgj", Category.INDUSTRY, 1000 * WAN)
    >>> feb = MonthlyReport("XM-1", "2024-02", 10 * WAN, 30 * WAN, 130 * WAN)
    >>> [f.message for f in check_report(MonthlyReport("XM-1", "2024-03", 5 * WAN, 40 * WAN, 140 * WAN), feb, p)]
    ['本年累计应为上月累计30万元加本月5万元，即35万元，实为40万元']
    """
    found: list[FieldProblem] = []
    try:
        parse_month(report.month)
    except ValueError as exc:
        return [FieldProblem("month", str(exc))]
    for name in ("investment", "cumulative_year", "cumulative_total"):
        if getattr(report, name) < 0:
            found.append(FieldProblem(name, f"{FIELD_LABELS[name]}不能为负数"))
    if report.cumulative_year < report.investment:
        found.append(FieldProblem("cumulative_year", "本年累计不能小于本月完成投资"))
    if report.cumulative_total < report.cumulative_year:
        found.append(FieldProblem("cumulative_total", "开工累计不能小于本年累计"))
    if report.cumulative_total > project.total_investment:
        found.append(
            FieldProblem(
                "cumulative_total",
                f"开工累计{wan(report.cumulative_total):g}万元超过总投资{wan(project.total_investment):g}万元",
            )
        )
    if report.progress_percent is not None and not 0 <= report.progress_percent <= 100:
        found.append(FieldProblem("progress_percent", "形象进度应在0到100之间"))
    if report.month_number == 1 and report.cumulative_year != report.investment:
        found.append(FieldProblem("cumulative_year", "1月的本年累计应等于本月完成投资"))
    if previous is None:
        return found
    if report.month <= previous.month:
        found.append(
            FieldProblem("month", f"{report.month}早于或等于已报的{previous.month}，每月只能报一次且按月顺序报送")
        )
        return found
    same_year = previous.year == report.year
    before = previous.cumulative_year if same_year else 0
    consecutive = _month_after(previous.month) == report.month
    if consecutive and report.cumulative_year != before + report.investment:
        found.append(
            FieldProblem(
                "cumulative_year",
                f"本年累计应为上月累计{wan(before):g}万元加本月{wan(report.investment):g}万元，"
                f"即{wan(before + report.investment):g}万元，实为{wan(report.cumulative_year):g}万元",
            )
        )
    elif report.cumulative_year < before + report.investment:
        found.append(
            FieldProblem("cumulative_year", f"本年累计{wan(report.cumulative_year):g}万元低于已报累计，累计数不能减少")
        )
    grown = report.cumulative_year - before
    if report.cumulative_total < previous.cumulative_total:
        found.append(
            FieldProblem(
                "cumulative_total",
                f"开工累计{wan(report.cumulative_total):g}万元低于上次报送的{wan(previous.cumulative_total):g}万元，累计数不能减少",
            )
        )
    elif report.cumulative_total != previous.cumulative_total + grown:
        found.append(
            FieldProblem(
                "cumulative_total",
                f"开工累计应为上次{wan(previous.cumulative_total):g}万元加新增{wan(grown):g}万元，"
                f"即{wan(previous.cumulative_total + grown):g}万元，实为{wan(report.cumulative_total):g}万元",
            )
        )
    if (
        report.progress_percent is not None
        and previous.progress_percent is not None
        and report.progress_percent < previous.progress_percent
    ):
        found.append(FieldProblem("progress_percent", f"形象进度不能低于上次的{previous.progress_percent:g}%"))
    return found


def _month_after(month: str) -> str:
    year, number = parse_month(month)
    return f"{year + 1}-01" if number == 12 else f"{year}-{number + 1:02d}"


# -- 序时进度, lagging, roll-up -------------------------------------------------------------------------


class LagReason(StrEnum):
    BEHIND = "behind"
    NOT_STARTED = "not_started"


LAG_REASON_LABELS: dict[LagReason, str] = {
    LagReason.BEHIND: "投资完成滞后于序时进度",
    LagReason.NOT_STARTED: "计划开工日期已过仍未开工",
}


@dataclass(frozen=True)
class Pace:
    """A project's 序时进度 in a month: completed share of the year's plan against the elapsed share."""

    project_code: str
    planned: int
    completed: int
    time_elapsed: float
    lag_reasons: tuple[LagReason, ...] = ()

    @property
    def completion(self) -> float | None:
        """Completed share of the annual plan (None without a plan)."""
        return self.completed / self.planned if self.planned > 0 else None

    @property
    def lagging(self) -> bool:
        return bool(self.lag_reasons)


def time_elapsed(month: str) -> float:
    """The elapsed share of the year at the end of ``month``: ``time_elapsed("2024-03") == 0.25``."""
    return parse_month(month)[1] / 12


def pace(project: Project, cumulative_year: int, month: str, margin: float = LAG_MARGIN) -> Pace:
    """The project's 序时进度 at the end of ``month``, given this year's cumulative investment by then.

    >>> p = Project("XM-1", "园区", "fgj", Category.INDUSTRY, 1000, ProjectStage.STARTED, annual_plans={2024: 120})
    >>> pace(p, 20, "2024-06").lag_reasons
    (<LagReason.BEHIND: 'behind'>,)
    """
    year, number = parse_month(month)
    elapsed = number / 12
    planned = project.planned_in(year)
    reasons = lag_reasons(
        planned, cumulative_year, project.stage, project.planned_start, elapsed, month_end(month), margin
    )
    return Pace(project.code, planned, cumulative_year, elapsed, reasons)


def month_end(month: str) -> date:
    """The first day after ``month``: ``month_end("2024-12") == date(2025, 1, 1)``."""
    year, number = parse_month(month)
    return date(year + number // 12, number % 12 + 1, 1)


def lag_reasons(
    planned: int,
    cumulative_year: int,
    stage: ProjectStage,
    planned_start: date | None,
    elapsed: float,
    end: date,
    margin: float = LAG_MARGIN,
) -> tuple[LagReason, ...]:
    """Why a project lags (empty: on pace) at the end of a month whose elapsed share of the year is
    ``elapsed`` and whose next day is ``end``, given the year's plan and this year's cumulative investment:
    what :func:`pace` decides, on plain values, for the roll-up's loop over every project.

    >>> lag_reasons(120, 20, ProjectStage.STARTED, None, 0.5, date(2024, 7, 1))
    (<LagReason.BEHIND: 'behind'>,)
    """
    if planned > 0 and cumulative_year / planned < elapsed - margin:
        if stage not in STARTED_STAGES and planned_start is not None and planned_start < end:
            return (LagReason.BEHIND, LagReason.NOT_STARTED)
        return (LagReason.BEHIND,)
    if stage not in STARTED_STAGES and planned_start is not None and planned_start < end:
        return (LagReason.NOT_STARTED,)
    return ()


#: stages of a project under way: it owes a monthly report in a reporting round that asks for them
UNDER_WAY: frozenset[ProjectStage] = frozenset({ProjectStage.STARTED, ProjectStage.UNDER_CONSTRUCTION})


def owes_report(project: Project, month: str) -> bool:
    """Whether ``project`` owes a monthly report for ``month`` in a round that asks for key projects: it is
    under way (开工 or 在建) and did not start after the month, or it was finished within the month or later.

    >>> p = Project("XM-1", "园区", "fgj", Category.INDUSTRY, 1000, ProjectStage.STARTED, actual_start=date(2024, 3, 5))
    >>> owes_report(p, "2024-03"), owes_report(p, "2024-02")
    (True, False)
    """
    year, number = parse_month(month)
    first, end = date(year, number, 1), month_end(month)
    if project.actual_start is not None and project.actual_start >= end:
        return False
    if project.stage in UNDER_WAY:
        return True
    finished = project.actual_finish
    return project.stage in STARTED_STAGES and finished is not None and finished >= first


def quarter_of(day: date) -> str:
    """``quarter_of(date(2024, 5, 1)) == "2024Q2"``."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


#: the stages 三个一批 counts: 签约一批, 开工一批, 投产一批
THREE_BATCHES: tuple[ProjectStage, ...] = (ProjectStage.SIGNED, ProjectStage.STARTED, ProjectStage.IN_PRODUCTION)


def batch_counts(changes: Sequence[tuple[str, StageChange]]) -> dict[str, dict[ProjectStage, int]]:
    """三个一批 per quarter: how many projects were signed, started and put in production in each quarter,
    from the dated stage changes (project code, change).

    >>> counts = batch_counts([("a", StageChange(1, ProjectStage.SIGNED, date(2024, 2, 1)))])
    >>> {q: [n for n in by.values()] for q, by in counts.items()}
    {'2024Q1': [1, 0, 0]}
    """
    counts: dict[str, dict[ProjectStage, set[str]]] = {}
    for code, change in changes:
        if change.stage in THREE_BATCHES:
            quarter = counts.setdefault(quarter_of(change.on), {s: set() for s in THREE_BATCHES})
            quarter[change.stage].add(code)
    return {q: {s: len(codes) for s, codes in by.items()} for q, by in sorted(counts.items())}
