"""The demo's simulated reporting and supervision history: four half-year and year-to-date rounds (2021-2024) in which
the plan's units report, are returned, approved, reopened and reminded, so that every page of the
reporting workflow has something to show.

Every value reported here is simulated (rounds of scenario ``simulated``: approved values become
observations of that scenario, marked 模拟数据 wherever shown) and derived from the plan's own figures:
the simulated annual value of the year where there is one, else the newest real figure grown by 5 % a
year. The rounds are year-to-date (1-6月, 1-9月) so that they never meet the annual values of the
simulated scenario. Nothing is written when the plan has rounds already: loading the demo again leaves
the history as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from luoshi.domain.account import Role, User
from luoshi.domain.measurement import parse_unit
from luoshi.domain.period import Period, PeriodKind
from luoshi.domain.plan import PlanBundle, TaskStatus
from luoshi.domain.rounds import AskedIndicator, LineKey
from luoshi.domain.supervision import SourceKind
from luoshi.domain.target import Measure
from luoshi.services import rounds, supervision
from luoshi.services.context import Context
from luoshi.services.plans import read_plan
from luoshi.services.rounds import EntryInput, SaveInput, TaskReportInput
from luoshi.services.supervision import AssignInput

SCENARIO = "simulated"
PLANNER = User("planner", Role.PLANNER, "发改局规划科")
REVIEWER = User("reviewer", Role.REVIEWER, "统计局审核员")
PLANNER = User("planner", Role.PLANNER, "规划编制")
SUPERVISOR = User("supervisor", Role.SUPERVISOR, "区委督查室")
#: the money units whose year-to-date amount is a share of the year's (a count or a rate is as it stands)
FLOW_UNITS = frozenset({"元"})


@dataclass(frozen=True)
class DemoRound:
    period: Period
    due: date
    levels: int


ROUNDS = (
    DemoRound(Period(2021, PeriodKind.YEAR_TO_DATE, 6), date(2021, 7, 20), 2),
    DemoRound(Period(2022, PeriodKind.YEAR_TO_DATE, 6), date(2022, 7, 20), 2),
    DemoRound(Period(2023, PeriodKind.YEAR_TO_DATE, 6), date(2023, 7, 20), 1),
    DemoRound(Period(2024, PeriodKind.YEAR_TO_DATE, 9), date(2024, 10, 20), 2),
)


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _reporter(unit_code: str) -> User:
    return User(f"{unit_code}-填报", Role.REPORTER, f"{unit_code} 填报员", unit_code)


def _head(unit_code: str) -> User:
    return User(f"{unit_code}-负责人", Role.UNIT_HEAD, f"{unit_code} 负责人", unit_code)


def _value(bundle: PlanBundle, ind: AskedIndicator, key: LineKey, period: Period) -> float:
    """A plausible value of a line for a period, in the unit asked (see the module's docstring)."""
    figures = [o for o in bundle.observations.get(ind.code, ()) if o.measure is key.measure]
    same_year = [o for o in figures if o.period.kind is PeriodKind.YEAR and o.period.year == period.year]
    simulated = [o for o in same_year if o.scenario == SCENARIO] or same_year
    if key.measure is Measure.GROWTH:
        return round(simulated[0].value, 1) if simulated else 6.0
    if simulated:
        value, year = simulated[0].value, period.year
    else:
        real = sorted((o for o in figures if o.scenario == "actual"), key=lambda o: o.period.year)
        if not real:
            return 100.0
        value, year = real[-1].value * 1.05 ** max(period.year - real[-1].period.year, 0), period.year
    del year
    _, factor = parse_unit(ind.display_unit)
    shown = value / factor if factor else value
    if ind.base_unit in FLOW_UNITS:
        return round(shown * period.fraction_of_year, 2)
    return round(shown, 1) if ind.base_unit == "%" else float(round(shown))  # counts are whole


def _fill(ctx: Context, bundle: PlanBundle, code: str, unit_code: str, period: Period, percent: int, at: date) -> None:
    view = rounds.submission_view(ctx, None, code, unit_code)
    indicators = {i.code: i for i in _asked(ctx, bundle.plan.code)}
    entries = [
        EntryInput(
            key=line.key,
            value=f"{_value(bundle, indicators[line.indicator_code], LineKey.parse(line.key), period):g}",
            jump_confirmed=True,
            note="模拟数据",
        )
        for line in view.lines
    ]
    reports = [
        TaskReportInput(
            task=t.code,
            status=TaskStatus.COMPLETED if percent >= 100 else TaskStatus.IN_PROGRESS,
            percent=min(percent, 100),
            text=f"模拟数据：{period.label}完成{min(percent, 100)}%",
        )
        for t in view.tasks
    ]
    data = SaveInput(entries=entries, reports=reports)
    rounds.save_submission(ctx, _reporter(unit_code), code, unit_code, data, at=_moment(at))


_ASKED: dict[str, list[AskedIndicator]] = {}


def _asked(ctx: Context, plan_code: str) -> list[AskedIndicator]:
    if plan_code not in _ASKED:
        with ctx.reading() as uow:
            _ASKED[plan_code] = list(uow.rounds.asked_indicators(plan_code).values())
    return _ASKED[plan_code]


def _approve_all(ctx: Context, code: str, unit_code: str, levels: int, day: date) -> None:
    if levels == 2:
        rounds.approve(ctx, _head(unit_code), code, unit_code, at=_moment(day, 15))
    rounds.approve(ctx, REVIEWER, code, unit_code, "数据审核无误", at=_moment(day + timedelta(days=1), 11))


def simulate_reporting(ctx: Context, plan_code: str) -> int:
    """Write the demo's reporting history for a plan (once); returns the rounds opened."""
    if rounds.list_rounds(ctx, plan_code=plan_code).rounds:
        return 0
    _ASKED.pop(plan_code, None)
    bundle = read_plan(ctx, plan_code, scenarios=["actual", SCENARIO])
    opened = 0
    for index, spec in enumerate(ROUNDS):
        opened_on = spec.due - timedelta(days=25)
        rnd = rounds.open_round(
            ctx,
            PLANNER,
            plan_code,
            spec.period.code,
            spec.due,
            title=f"{spec.period.label}规划实施情况填报（模拟）",
            approval_levels=spec.levels,
            scenario=SCENARIO,
            at=_moment(opened_on, 9),
        )
        opened += 1
        units = [u.unit_code for u in rounds.round_status(ctx, rnd.code).units]
        last = index == len(ROUNDS) - 1
        for position, unit_code in enumerate(units):
            _history(ctx, bundle, rnd.code, spec, unit_code, position, last=last, percent=25 * (index + 1))
        if spec.period.year <= 2022:  # settled long ago
            rounds.close_round(ctx, PLANNER, rnd.code)
    return opened


def _history(
    ctx: Context,
    bundle: PlanBundle,
    code: str,
    spec: DemoRound,
    unit_code: str,
    position: int,
    *,
    last: bool,
    percent: int,
) -> None:
    """One unit's course through a round: most on time and approved; some late, returned, reopened, or
    (in the open round) not yet submitted and reminded."""
    reporter = _reporter(unit_code)
    if last and position % 3 == 0:  # the open round: nothing submitted yet, reminded after the due date
        _fill(ctx, bundle, code, unit_code, spec.period, percent, spec.due - timedelta(days=5))
        rounds.remind(
            ctx, SUPERVISOR, code, [unit_code], "请尽快报送1-9月数据", at=_moment(spec.due + timedelta(days=3))
        )
        return
    late = position % 4 == 1
    submitted = spec.due + timedelta(days=6) if late else spec.due - timedelta(days=2 + position % 5)
    _fill(ctx, bundle, code, unit_code, spec.period, percent, submitted - timedelta(days=1))
    rounds.submit(ctx, reporter, code, unit_code, at=_moment(submitted))
    if position % 4 == 2:  # returned once, then corrected and resubmitted
        if spec.levels == 2:
            rounds.approve(ctx, _head(unit_code), code, unit_code, at=_moment(submitted, 15))
        rounds.return_submission(
            ctx,
            REVIEWER,
            code,
            unit_code,
            "部分数据与统计快报不一致，请核实后重报",
            at=_moment(submitted + timedelta(days=1)),
        )
        if last:
            return  # the open round: returned, waiting for the unit
        submitted += timedelta(days=2)
        _fill(ctx, bundle, code, unit_code, spec.period, percent, submitted)
        rounds.submit(ctx, reporter, code, unit_code, at=_moment(submitted, 16))
    if last and position % 3 == 1:
        return  # the open round: submitted, waiting for approval
    _approve_all(ctx, code, unit_code, spec.levels, submitted + timedelta(days=1))
    if spec.period.year == 2023 and position == 1:
        rounds.reopen(
            ctx, PLANNER, code, unit_code, "统计年报修订，重新打开更正", at=_moment(spec.due + timedelta(days=40))
        )


def simulate_supervision(ctx: Context, plan_code: str, *, on: date | None = None) -> int:
    """A few supervision matters around ``on`` (default today), once: two overdue (one reminded and
    escalated), one due soon, one extended, one closed on time. Returns the matters assigned."""
    if supervision.list_matters(ctx):
        return 0
    day = on or rounds.today()
    office = SUPERVISOR
    specs = [
        (
            AssignInput(
                title="加快推进“一枚印章管审批”改革，梳理进驻事项清单",
                source_kind=SourceKind.INSTRUCTION,
                source_text="区委主要领导批示：审批改革要对标先进、压茬推进，月底前报送进驻事项清单。（模拟数据）",
                lead_unit="pc-shenpi",
                assisting_units=["pc-tjj"],
                deadline=day - timedelta(days=20),
            ),
            "overdue",
        ),
        (
            AssignInput(
                title="网格事件办结情况按月通报",
                source_kind=SourceKind.MEETING,
                source_text="区政府常务会议决定：网格化服务管理中心每月通报网格事件办结情况。（模拟数据）",
                lead_unit="pc-wgzx",
                deadline=day - timedelta(days=8),
            ),
            "escalated",
        ),
        (
            AssignInput(
                source_kind=SourceKind.TASK,
                plan_code=plan_code,
                task_code="T-SP-1",
                source_text="规划任务纳入督办（模拟数据）",
                deadline=day + timedelta(days=5),
            ),
            "due_soon",
        ),
        (
            AssignInput(
                title="老干部活动阵地提档升级",
                source_kind=SourceKind.MEETING,
                source_text="区委常委会议定事项（模拟数据）",
                lead_unit="pc-lgb",
                deadline=day + timedelta(days=2),
            ),
            "extended",
        ),
        (
            AssignInput(
                title="档案数字化加工验收",
                source_kind=SourceKind.INSTRUCTION,
                source_text="分管领导批示（模拟数据）",
                lead_unit="pc-dag",
                deadline=day + timedelta(days=30),
            ),
            "closed",
        ),
    ]
    for data, course in specs:
        start = day - timedelta(days=40)
        code = supervision.assign(ctx, office, data, today=start).code
        lead = _reporter(data.lead_unit or "pc-shenpi")
        if course == "overdue":
            supervision.feedback(
                ctx, lead, code, "已梳理进驻事项126项，正在与各部门核对。", today=start + timedelta(days=10)
            )
        elif course == "escalated":
            supervision.remind(ctx, office, code, "请于三日内报送首期通报。", today=day - timedelta(days=5))
            supervision.escalate(ctx, office, code, "逾期未报，提请分管区领导督促。", today=day - timedelta(days=1))
        elif course == "extended":
            supervision.feedback(ctx, lead, code, "场地改造已完成设计。", today=start + timedelta(days=15))
            supervision.request_extension(
                ctx,
                lead,
                code,
                "施工队伍冬季停工，需延期至明年春季完工。",
                day + timedelta(days=120),
                today=day - timedelta(days=3),
            )
            supervision.approve(ctx, office, code, "同意延期。", today=day - timedelta(days=2))
        elif course == "closed":
            supervision.feedback(ctx, lead, code, "数字化加工已完成，正在组织验收。", today=start + timedelta(days=20))
            supervision.request_close(ctx, lead, code, "已通过验收，申请办结。", today=day - timedelta(days=4))
            supervision.approve(ctx, office, code, "同意办结。", today=day - timedelta(days=3))
    return len(specs)
