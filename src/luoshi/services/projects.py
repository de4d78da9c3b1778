"""Key projects (重点项目): the register imported and exported as xlsx, dated stage changes, monthly reports,
序时进度 and the lagging list, the portfolio roll-up and 三个一批.

Projects are an aggregate of their own (``uow.projects``): they name the plan, goals and indicators they
serve by code and never grow the plan bundle. Who may write: the CLI's configured actor (``user=None``),
planners and administrators (``EDIT_PLAN``) for any project, reporters and unit heads for their own unit's
projects only; everyone who may read sees every project.

Worked example, on the mini plan (units fgj and tjj)::

    import_register(ctx, None, Path("重点项目.xlsx").read_bytes(), "重点项目.xlsx")
    change_stage(ctx, fgj_reporter, "XM-1", ProjectStage.STARTED, date(2024, 3, 1))
    report_month(ctx, fgj_reporter, ReportInput(code="XM-1", month="2024-03", investment=500, ...))
    lagging(ctx, "2024-06")       # the projects behind 序时进度 by more than 10 points, or not started
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date, timedelta
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field, StringConstraints

from luoshi.domain.account import Permission, User, can
from luoshi.domain.errors import Forbidden, InvalidInput, Location, NotFound, Problem
from luoshi.domain.period import Period
from luoshi.domain.project import (
    BUILD_KIND_LABELS,
    CATEGORY_LABELS,
    FIELD_LABELS,
    LAG_MARGIN,
    LAG_REASON_LABELS,
    MONTH_PATTERN,
    STAGE_LABELS,
    STARTED_STAGES,
    THREE_BATCHES,
    TRANSITIONS,
    WAN,
    BuildKind,
    Category,
    LagReason,
    MonthlyReport,
    Project,
    ProjectStage,
    batch_counts,
    check_report,
    lag_reasons,
    month_end,
    next_stage,
    pace,
    parse_month,
    time_elapsed,
    wan,
    yuan_from_wan,
)
from luoshi.domain.rounds import RoundState
from luoshi.domain.supervision import SourceKind
from luoshi.domain.target import Measure
from luoshi.ingest.projects import SHEET, column_of, read_register, write_register
from luoshi.services import supervision
from luoshi.services.context import Context
from luoshi.services.supervision import AssignInput, MatterWritten
from luoshi.services.unit_of_work import UnitOfWork
from luoshi.storage.projects import ProjectYear

Actor = User | None


def _none_if_blank(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


Blank = BeforeValidator(_none_if_blank)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT_MAX = 4000
Text = Annotated[str, StringConstraints(max_length=TEXT_MAX, pattern=r"^[^\x00]*$")]
Month = Annotated[str, StringConstraints(pattern=r"^(?:19|20|21)\d{2}-(0[1-9]|1[0-2])$")]
Amount = Annotated[str, StringConstraints(max_length=30, pattern=r"^\s*[0-9][0-9,]*(\.[0-9]*)?\s*$")]


# -- who may -------------------------------------------------------------------------------------------


def may_edit(user: Actor, unit_code: str) -> bool:
    """Whether ``user`` may change the projects of ``unit_code``."""
    return user is None or can(user, Permission.EDIT_PLAN) or can(user, Permission.ENTER_FIGURES, unit_code=unit_code)


def _require_edit(user: Actor, project: Project) -> None:
    if not may_edit(user, project.unit_code):
        raise Forbidden(f"只有项目 {project.code} 的责任单位或规划部门可以修改它")


# -- the register --------------------------------------------------------------------------------------


class ImportResult(BaseModel):
    """What an import did: projects read, created, updated, stage changes made; the data version."""

    projects: int
    created: int
    updated: int
    stage_changes: int
    version: int | None


def import_register(ctx: Context, user: Actor, data: bytes, file_name: str, *, on: date | None = None) -> ImportResult:
    """Import a register workbook, all or nothing: every project created or updated by code, a changed stage
    recorded as a stage change dated ``on`` (default today). Besides the file's own rules, each row's unit
    must exist, the user must be allowed to edit it, and a stage may only move as the stages allow."""
    rows = read_register(data, file_name)
    day = on or date.today()
    with ctx.unit_of_work(reason="project register imported") as uow:
        units = {u.code for u in uow.registry.units()}
        stored = {p.code: p for p in uow.projects.projects()}
        problems: list[Problem] = []
        merged: list[Project] = []
        moves = 0

        def problem(number: int, name: str, message: str) -> None:
            problems.append(Problem(Location(file_name, row=number, column=column_of(name), sheet=SHEET), message))

        for number, p in rows:
            if p.unit_code not in units:
                problem(number, "unit_code", f"没有单位“{p.unit_code}”")
                continue
            if not may_edit(user, p.unit_code):
                problem(number, "unit_code", f"无权导入单位“{p.unit_code}”的项目")
                continue
            old = stored.get(p.code)
            if old is not None:
                if not may_edit(user, old.unit_code):
                    problem(number, "unit_code", f"无权修改单位“{old.unit_code}”的项目 {p.code}")
                    continue
                if old.stage != p.stage:
                    if p.stage not in TRANSITIONS[old.stage]:
                        problem(
                            number,
                            "stage",
                            f"项目已{STAGE_LABELS[old.stage]}，不能改为{STAGE_LABELS[p.stage]}",
                        )
                        continue
                    moves += 1
                p = replace(p, annual_plans={**old.annual_plans, **p.annual_plans}, simulated=old.simulated)
            merged.append(p)
        if problems:
            raise InvalidInput(problems)
        summary = uow.projects.save(merged, day)
        version = uow.commit()
    return ImportResult(
        projects=len(rows),
        created=summary.created.get("project", 0),
        updated=summary.updated.get("project", 0),
        stage_changes=moves,
        version=version,
    )


def export_register(ctx: Context, year: int | None = None) -> bytes:
    """The register as a workbook, with each project's plan for ``year`` (default: the newest year planned)."""
    with ctx.reading() as snapshot:
        projects = snapshot.projects.projects()
    years = [y for p in projects for y in p.annual_plans]
    return write_register(projects, year or (max(years) if years else date.today().year))


# -- stages --------------------------------------------------------------------------------------------


class StageWritten(BaseModel):
    code: str
    stage: ProjectStage
    stage_label: str
    on: date
    version: int | None


def change_stage(ctx: Context, user: Actor, code: str, stage: ProjectStage, on: date) -> StageWritten:
    """Move the project to ``stage`` on ``on`` (forward only, as the stages allow), audited with its day.
    Reaching 开工 sets the actual start and 竣工 the actual finish when they are empty."""
    with ctx.unit_of_work(reason="project stage changed") as uow:
        project = uow.projects.lock(code)
        _require_edit(user, project)
        next_stage(project.stage, stage)
        changed = replace(project, stage=stage)
        if stage is ProjectStage.STARTED and project.actual_start is None:
            changed = replace(changed, actual_start=on)
        if stage is ProjectStage.COMPLETED and project.actual_finish is None:
            if changed.actual_start is not None and on < changed.actual_start:
                raise InvalidInput([Problem(Location("on"), f"竣工日期{on}早于实际开工日期{changed.actual_start}")])
            changed = replace(changed, actual_finish=on)
        uow.projects.move(code, stage, on, changed)
        version = uow.commit()
    return StageWritten(code=code, stage=stage, stage_label=STAGE_LABELS[stage], on=on, version=version)


# -- monthly reports -----------------------------------------------------------------------------------


class ReportInput(BaseModel):
    """A project's report for a month; amounts in 万元 as typed (``"1,200.5"``)."""

    code: str = Field(default="", max_length=64, description="the project (the URL names it on the web)")
    month: Month = Field(description="YYYY-MM")
    investment: Amount = Field(description="本月完成投资（万元）")
    cumulative_year: Amount = Field(description="本年累计完成投资（万元）")
    cumulative_total: Amount = Field(description="开工累计完成投资（万元）")
    progress_text: Text = Field(default="", description="形象进度")
    progress_percent: Annotated[float | None, Blank] = Field(default=None, ge=0, le=100, description="形象进度（%）")
    problems: Text = Field(default="", description="存在问题")
    problem_unit: Annotated[str | None, Blank] = Field(default=None, max_length=64, description="协调解决单位")
    next_steps: Text = Field(default="", description="下一步计划")


class ReportWritten(BaseModel):
    code: str
    month: str
    version: int | None


def _amount(text: str, name: str) -> int:
    try:
        return yuan_from_wan(text)
    except ValueError as exc:
        raise InvalidInput([Problem(Location(name), str(exc))]) from None


def report_month(ctx: Context, user: Actor, data: ReportInput) -> ReportWritten:
    """Store a month's report of a project, checked against its newest report (the row locked meanwhile):
    the cumulative figures must add up, never go down, stay within the total; a month only once."""
    actor = user.name if user is not None else ctx.actor
    report = MonthlyReport(
        project_code=data.code,
        month=data.month,
        investment=_amount(data.investment, "investment"),
        cumulative_year=_amount(data.cumulative_year, "cumulative_year"),
        cumulative_total=_amount(data.cumulative_total, "cumulative_total"),
        progress_text=data.progress_text,
        progress_percent=data.progress_percent,
        problems=data.problems,
        problem_unit_code=data.problem_unit or None,
        next_steps=data.next_steps,
        reported_by=actor,
    )
    with ctx.unit_of_work(reason="project month reported") as uow:
        project = uow.projects.lock(data.code)
        _require_edit(user, project)
        if report.problem_unit_code and report.problem_unit_code not in {u.code for u in uow.registry.units()}:
            raise InvalidInput([Problem(Location("problem_unit"), f"没有单位“{report.problem_unit_code}”")])
        report = replace(report, round_code=_answering_round(uow, project.unit_code, data.month))
        previous = uow.projects.previous_report(data.code, data.month)
        found = check_report(report, previous, project)
        if found:
            raise InvalidInput(
                [Problem(Location(f.field), f"{FIELD_LABELS.get(f.field, f.field)}：{f.message}") for f in found]
            )
        uow.projects.add_report(report)
        version = uow.commit()
    return ReportWritten(code=data.code, month=data.month, version=version)


def _answering_round(uow: UnitOfWork, unit_code: str, month: str) -> str | None:
    """The open reporting round a report of ``month`` by ``unit_code``'s project answers: a round of that
    month asking for key-project reports in which the unit owes a submission. None when there is no such
    round (the report is made outside a round); refused when every such round is closed."""
    asking = [r for r in uow.rounds.rounds() if r.project_month == month]
    if asking:
        owed = {s.round_code for s in uow.rounds.submissions(round_codes=[r.code for r in asking], unit_code=unit_code)}
        asking = [r for r in asking if r.code in owed]
    if not asking:
        return None
    for r in asking:
        if r.state is RoundState.OPEN:
            return r.code
    year, number = parse_month(month)
    message = f"{year}年{number}月的填报轮次“{asking[0].title}”已关闭，不能再报送该月的重点项目月报"
    raise InvalidInput([Problem(Location("month"), message)])


# -- views ---------------------------------------------------------------------------------------------


class ProjectFilter(BaseModel):
    """Filters of the list; empty values mean "any"."""

    unit: Annotated[str | None, Blank] = Field(default=None, max_length=64)
    category: Annotated[Category | None, Blank] = None
    stage: Annotated[ProjectStage | None, Blank] = None
    batch: Annotated[str | None, Blank] = Field(default=None, max_length=100)


class ProjectView(BaseModel):
    """A project as the list and its page show it; amounts in 万元."""

    code: str
    name: str
    unit_code: str
    unit_name: str
    leader: str
    category: Category
    category_label: str
    stage: ProjectStage
    stage_label: str
    build_kind: BuildKind
    build_kind_label: str
    total_investment: float = Field(description="总投资（万元）")
    planned_this_year: float = Field(description="the year's 年度计划投资（万元）")
    completed_this_year: float = Field(description="本年累计完成投资（万元） by the month viewed")
    completion: float | None = Field(description="completed share of the annual plan (0-1)")
    time_elapsed: float = Field(description="elapsed share of the year at the month viewed")
    lagging: bool
    lag_reasons: list[str] = Field(description="why it lags, in Chinese")
    colour: str = Field(description="green on pace, yellow lagging, red not started after the planned start")
    planned_start: date | None
    planned_finish: date | None
    actual_start: date | None
    actual_finish: date | None
    address: str
    batch: str
    plan_code: str | None
    goal_codes: list[str]
    indicator_codes: list[str]
    simulated: bool


class StageStep(BaseModel):
    seq: int
    stage: ProjectStage
    label: str
    on: date
    actor: str


class ReportView(BaseModel):
    month: str
    investment: float
    cumulative_year: float
    cumulative_total: float
    planned_to_date: float = Field(description="the annual plan's share at this month (序时计划, 万元)")
    progress_text: str
    progress_percent: float | None
    problems: str
    problem_unit: str | None
    next_steps: str
    reported_by: str
    round_code: str | None = Field(default=None, description="the reporting round the report answered")


class ChartMonthView(BaseModel):
    month: int = Field(description="1-12")
    investment: float | None = Field(description="本月完成投资（万元）; None: not reported")
    cumulative: float | None = Field(description="本年累计完成投资（万元） by then; None: not reported")
    planned_to_date: float = Field(description="the annual plan's 序时 share at the month's end (万元)")


class InvestmentChart(BaseModel):
    """The project page's chart: the viewed month's year, month by month, against the annual plan."""

    year: int
    planned: float = Field(description="年度计划投资（万元）")
    months: list[ChartMonthView]


class ProjectPageContext(BaseModel):
    """A project's page: the project, its stage timeline, its monthly reports against plan, what may be done."""

    project: ProjectView
    timeline: list[StageStep]
    reports: list[ReportView]
    next_stages: list[ProjectStage] = Field(description="the stages it may move to (when the viewer may edit)")
    stage_labels: dict[ProjectStage, str]
    can_edit: bool
    next_month: str = Field(description="the month a new report would be for")
    units: dict[str, str]
    chart: InvestmentChart


class ProjectListContext(BaseModel):
    """The project list: filtered projects at a month, with the choices of the filters."""

    month: str
    projects: list[ProjectView]
    filters: ProjectFilter
    units: dict[str, str]
    categories: dict[Category, str]
    stages: dict[ProjectStage, str]
    batches: list[str]
    total: int = Field(description="projects before filtering")


def current_month(today: date | None = None) -> str:
    day = today or date.today()
    return f"{day.year}-{day.month:02d}"


def default_month(ctx: Context) -> str:
    """The month pages show when none is asked: the newest month reported, else this month."""
    with ctx.reading() as snapshot:
        newest = snapshot.projects.newest_month()
    return min(newest, current_month()) if newest else current_month()


def _view(p: Project, units: dict[str, str], month: str, completed: int, margin: float) -> ProjectView:
    year, _ = parse_month(month)
    found = pace(p, completed, month, margin)
    colour = "red" if LagReason.NOT_STARTED in found.lag_reasons else "yellow" if found.lagging else "green"
    if p.stage in (ProjectStage.COMPLETED, ProjectStage.IN_PRODUCTION):
        colour = "blue" if not found.lagging else colour
    return ProjectView(
        code=p.code,
        name=p.name,
        unit_code=p.unit_code,
        unit_name=units.get(p.unit_code, p.unit_code),
        leader=p.leader,
        category=p.category,
        category_label=CATEGORY_LABELS[p.category],
        stage=p.stage,
        stage_label=STAGE_LABELS[p.stage],
        build_kind=p.build_kind,
        build_kind_label=BUILD_KIND_LABELS[p.build_kind],
        total_investment=wan(p.total_investment),
        planned_this_year=wan(p.planned_in(year)),
        completed_this_year=wan(completed),
        completion=found.completion,
        time_elapsed=found.time_elapsed,
        lagging=found.lagging,
        lag_reasons=[LAG_REASON_LABELS[r] for r in found.lag_reasons],
        colour=colour,
        planned_start=p.planned_start,
        planned_finish=p.planned_finish,
        actual_start=p.actual_start,
        actual_finish=p.actual_finish,
        address=p.address,
        batch=p.batch,
        plan_code=p.plan_code,
        goal_codes=list(p.goal_codes),
        indicator_codes=list(p.indicator_codes),
        simulated=p.simulated,
    )


def _views(uow: UnitOfWork, month: str, margin: float = LAG_MARGIN, *, lagging_only: bool = False) -> list[ProjectView]:
    """Every project's view at ``month`` (only the lagging ones: the rest is never read whole)."""
    year, _ = parse_month(month)
    units = {u.code: u.name for u in uow.registry.units()}
    if lagging_only:
        found = uow.projects.lagging_candidates(
            year, month, time_elapsed(month) - margin, month_end(month), STARTED_STAGES
        )
        return [_view(p, units, month, done, margin) for p, done in found]
    done = {p.code: p.completed for p in uow.projects.year_summary(year, month)}
    return [_view(p, units, month, done.get(p.code, 0), margin) for p in uow.projects.projects()]


def list_page(ctx: Context, filters: ProjectFilter | None = None, *, month: str | None = None) -> ProjectListContext:
    """The project list at ``month`` (default this month), filtered."""
    filters = filters or ProjectFilter()
    at = month or default_month(ctx)
    with ctx.reading() as snapshot:
        views = _views(snapshot, at)
        units = {u.code: u.name for u in snapshot.registry.units()}
    shown = [
        v
        for v in views
        if (filters.unit is None or v.unit_code == filters.unit)
        and (filters.category is None or v.category is filters.category)
        and (filters.stage is None or v.stage is filters.stage)
        and (filters.batch is None or v.batch == filters.batch)
    ]
    return ProjectListContext(
        month=at,
        projects=shown,
        filters=filters,
        units=units,
        categories=CATEGORY_LABELS,
        stages=STAGE_LABELS,
        batches=sorted({v.batch for v in views if v.batch}),
        total=len(views),
    )


def _month_after(month: str) -> str:
    year, number = parse_month(month)
    return f"{year + 1}-01" if number == 12 else f"{year}-{number + 1:02d}"


def project_page(ctx: Context, user: Actor, code: str, *, month: str | None = None) -> ProjectPageContext:
    """A project with its stage timeline and monthly reports against the annual plan's 序时 share."""
    at = month or default_month(ctx)
    with ctx.reading() as snapshot:
        p = snapshot.projects.project(code)
        units = {u.code: u.name for u in snapshot.registry.units()}
        reports = snapshot.projects.reports(code)
        steps = snapshot.projects.stage_changes(code)
    upto = [r for r in reports if r.month <= at and r.year == parse_month(at)[0]]
    completed = upto[-1].cumulative_year if upto else 0
    editable = may_edit(user, p.unit_code)
    return ProjectPageContext(
        project=_view(p, units, at, completed, LAG_MARGIN),
        timeline=[
            StageStep(seq=c.seq, stage=c.stage, label=STAGE_LABELS[c.stage], on=c.on, actor=c.actor) for _, c in steps
        ],
        reports=[
            ReportView(
                month=r.month,
                investment=wan(r.investment),
                cumulative_year=wan(r.cumulative_year),
                cumulative_total=wan(r.cumulative_total),
                planned_to_date=wan(p.planned_in(r.year)) * r.month_number / 12,
                progress_text=r.progress_text,
                progress_percent=r.progress_percent,
                problems=r.problems,
                problem_unit=units.get(r.problem_unit_code, r.problem_unit_code) if r.problem_unit_code else None,
                next_steps=r.next_steps,
                reported_by=r.reported_by,
                round_code=r.round_code,
            )
            for r in reports
        ],
        next_stages=sorted(TRANSITIONS[p.stage], key=list(ProjectStage).index) if editable else [],
        stage_labels=STAGE_LABELS,
        can_edit=editable,
        next_month=_month_after(reports[-1].month) if reports else at,
        units=units,
        chart=_chart(p, reports, parse_month(at)[0]),
    )


def _chart(p: Project, reports: list[MonthlyReport], year: int) -> InvestmentChart:
    """The year's months of ``p``: each reported month's investment and cumulative, against the plan."""
    planned = wan(p.planned_in(year))
    by_month = {r.month_number: r for r in reports if r.year == year}
    return InvestmentChart(
        year=year,
        planned=planned,
        months=[
            ChartMonthView(
                month=n,
                investment=wan(by_month[n].investment) if n in by_month else None,
                cumulative=wan(by_month[n].cumulative_year) if n in by_month else None,
                planned_to_date=planned * n / 12,
            )
            for n in range(1, 13)
        ],
    )


# -- 序时进度, lagging, roll-up ------------------------------------------------------------------------


class LaggingContext(BaseModel):
    """The lagging list for the supervision office: projects behind 序时进度 by more than ``margin``, or past
    their planned start without 开工."""

    month: str
    margin: float
    time_elapsed: float
    projects: list[ProjectView]


def lagging(ctx: Context, month: str | None = None, *, margin: float = LAG_MARGIN) -> LaggingContext:
    at = month or default_month(ctx)
    with ctx.reading() as snapshot:
        views = _views(snapshot, at, margin, lagging_only=True)
    behind = [v for v in views if v.lagging]
    behind.sort(key=lambda v: (v.completion if v.completion is not None else 1.0, v.code))
    return LaggingContext(month=at, margin=margin, time_elapsed=parse_month(at)[1] / 12, projects=behind)


#: days a lagging project's supervision matter is given by default
MATTER_DAYS = 30


def raise_matter(
    ctx: Context, user: Actor, code: str, month: str | None = None, *, today: date | None = None
) -> MatterWritten:
    """Raise a lagging project as a supervision matter with one click (the office only): led by the project's
    unit, due in :data:`MATTER_DAYS` days, saying why it lags."""
    at = month or default_month(ctx)
    with ctx.reading() as snapshot:
        p = snapshot.projects.project(code)
        done = snapshot.projects.latest_reports(parse_month(at)[0], at, code=code).get(code, 0)
    found = pace(p, done, at)
    if not found.lagging:
        raise InvalidInput([Problem(Location("code"), f"项目 {code} 在{at}未滞后，无需督办")])
    reasons = "；".join(LAG_REASON_LABELS[r] for r in found.lag_reasons)
    day = today or date.today()
    data = AssignInput(
        title=f"督办滞后重点项目：{p.name}"[:300],
        source_kind=SourceKind.OTHER,
        source_text=f"重点项目 {p.code} 截至{at}：{reasons}",
        lead_unit=p.unit_code,
        deadline=day + timedelta(days=MATTER_DAYS),
    )
    return supervision.assign(ctx, user, data, today=day)


class Share(BaseModel):
    key: str
    label: str
    projects: int
    investment: float = Field(description="万元")


class PortfolioContext(BaseModel):
    """The portfolio in a year up to a month: investment per month, category, unit and stage; 序时进度 of the
    whole; 三个一批 per quarter; the share of the fixed-asset-investment indicator it explains."""

    month: str
    projects: int
    planned: float = Field(description="the year's planned investment of every project (万元)")
    completed: float = Field(description="the year's completed investment up to the month (万元)")
    completion: float | None
    time_elapsed: float
    by_month: list[Share]
    by_category: list[Share]
    by_unit: list[Share]
    by_stage: list[Share]
    three_batches: dict[str, dict[ProjectStage, int]] = Field(description="quarter -> 签约, 开工, 投产 counts")
    batches: dict[str, int] = Field(description="projects per named batch")
    fixed_asset_investment: float | None = Field(description="the plan's fixed-asset investment of the year (万元)")
    fixed_asset_share: float | None = Field(description="the share of it the key projects explain")
    lagging: int


def portfolio(
    ctx: Context, month: str | None = None, *, fixed_asset_investment: float | None = None
) -> PortfolioContext:
    """The portfolio roll-up of ``month``'s year, up to ``month``: every project's figures come from the
    summary kept with the reports (one row per project), the months' from the per-month summary."""
    at = month or default_month(ctx)
    year, number = parse_month(at)
    with ctx.reading() as snapshot:
        projects = snapshot.projects.year_summary(year, at)
        if fixed_asset_investment is None:
            fixed_asset_investment = _served_indicator_level(snapshot, projects, year)
        months = snapshot.projects.month_sums(year, at)
        changes = snapshot.projects.stage_changes(since=date(year, 1, 1), before=month_end(at))
        units = {u.code: u.name for u in snapshot.registry.units()}
    sums: dict[str, dict[str, list[int]]] = {k: defaultdict(lambda: [0, 0]) for k in ("c", "u", "s")}
    batches: dict[str, int] = defaultdict(int)
    planned = completed = behind = 0
    elapsed, end = time_elapsed(at), month_end(at)
    for p in projects:
        for kind, key in (("c", p.category.value), ("u", p.unit_code), ("s", p.stage.value)):
            found = sums[kind][key]
            found[0] += p.invested
            found[1] += 1
        if p.batch:
            batches[p.batch] += 1
        planned += p.planned
        completed += p.completed
        if lag_reasons(p.planned, p.completed, p.stage, p.planned_start, elapsed, end):
            behind += 1

    def shares(kind: str, labels: dict[str, str]) -> list[Share]:
        keys = sorted(sums[kind], key=lambda k: list(labels).index(k) if k in labels else len(labels))
        return [
            Share(key=k, label=labels.get(k, k), projects=sums[kind][k][1], investment=wan(sums[kind][k][0]))
            for k in keys
        ]

    by_month = [
        Share(key=m.month, label=f"{int(m.month[5:])}月", projects=m.reports, investment=wan(m.investment))
        for m in months
    ]
    share = None
    if fixed_asset_investment:
        share = wan(completed) / fixed_asset_investment
    return PortfolioContext(
        month=at,
        projects=len(projects),
        planned=wan(planned),
        completed=wan(completed),
        completion=completed / planned if planned else None,
        time_elapsed=number / 12,
        by_month=by_month,
        by_category=shares("c", {c.value: word for c, word in CATEGORY_LABELS.items()}),
        by_unit=shares("u", units),
        by_stage=shares("s", {s.value: word for s, word in STAGE_LABELS.items()}),
        three_batches=batch_counts(changes),
        batches=dict(sorted(batches.items())),
        fixed_asset_investment=fixed_asset_investment,
        fixed_asset_share=share,
        lagging=behind,
    )


def _served_indicator_level(uow: UnitOfWork, projects: list[ProjectYear], year: int) -> float | None:
    """The level in 万元 of ``year`` of the money indicator the projects serve first most often (the
    fixed-asset investment in the demo: ``fai``), real figures before simulated ones; None without one."""
    served = Counter((p.plan_code, p.indicator_code) for p in projects if p.plan_code and p.indicator_code)
    if not served:
        return None
    (plan_code, code), _ = served.most_common(1)[0]
    assert plan_code is not None and code is not None
    try:
        figures = uow.plans.read_figures(plan_code, [code], scenarios=("actual", "simulated"))
    except NotFound:
        return None
    levels = [
        o
        for o in figures.observations.get(code, ())
        if o.period == Period(year) and o.measure is Measure.LEVEL and o.unit == "元"
    ]
    levels.sort(key=lambda o: o.scenario != "actual")
    return levels[0].value / WAN if levels else None


__all__ = [
    "MONTH_PATTERN",
    "STARTED_STAGES",
    "THREE_BATCHES",
    "ImportResult",
    "ProjectFilter",
    "ReportInput",
    "change_stage",
    "export_register",
    "import_register",
    "lagging",
    "list_page",
    "portfolio",
    "project_page",
    "report_month",
]
