"""Key projects on SQLite and PostgreSQL: the register's import (all or nothing, idempotent) and export,
dated stage changes, monthly reports that must add up, the lagging list and the roll-up, the audit."""

from __future__ import annotations

import io
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from luoshi.domain.account import Role, User
from luoshi.domain.errors import Conflict, Forbidden, InvalidInput
from luoshi.domain.project import ProjectStage
from luoshi.domain.unit import Unit
from luoshi.ingest.projects import HEADERS, SHEET
from luoshi.services import projects as svc
from luoshi.services.context import Context
from luoshi.services.plans import load_plan
from luoshi.services.projects import ProjectFilter, ReportInput

pytestmark = pytest.mark.integration

FGJ = User("fgj-rep", Role.REPORTER, unit_code="fgj")
TJJ = User("tjj-rep", Role.REPORTER, unit_code="tjj")
VIEWER = User("leader", Role.VIEWER)


def register(*rows: dict[str, Any]) -> bytes:
    """A register workbook of ``rows`` (header -> value); columns not given are empty."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append([row.get(h) for h in HEADERS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(code: str = "XM-1", unit: str = "fgj", **more: Any) -> dict[str, Any]:
    base = {
        "项目编码": code,
        "项目名称": f"项目{code}",
        "责任单位编码": unit,
        "项目类别": "产业",
        "项目阶段": "签约",
        "建设性质": "新开工",
        "总投资(万元)": 50000,
        "年度": 2024,
        "年度计划投资(万元)": 12000,
        "计划开工日期": "2024-03-01",
        "计划竣工日期": "2026-12-31",
        "批次": "2024年第一批集中签约",
    }
    base.update(more)
    return base


@pytest.fixture
def loaded(ctx: Context, mini_plan: Path) -> Context:
    load_plan(ctx, mini_plan)
    return ctx


def _count(ctx: Context, object_type: str) -> int:
    with ctx.reading() as snapshot:
        return len(snapshot.audit.entries(object_type=object_type, limit=10_000))


def test_import_is_idempotent_and_export_reads_back(loaded: Context) -> None:
    data = register(row("XM-1"), row("XM-2", unit="tjj", 项目类别="民生", 项目阶段="谋划储备"))
    first = svc.import_register(loaded, None, data, "库.xlsx", on=date(2024, 1, 10))
    assert (first.created, first.updated) == (2, 0) and first.version is not None
    again = svc.import_register(loaded, None, data, "库.xlsx", on=date(2024, 1, 11))
    assert (again.created, again.updated, again.version) == (0, 0, None)
    exported = svc.export_register(loaded)
    sheet = load_workbook(io.BytesIO(exported)).active
    assert sheet is not None and sheet.title == SHEET
    assert [c.value for c in sheet[1]] == list(HEADERS)
    assert svc.import_register(loaded, None, exported, "导出.xlsx").version is None
    with loaded.reading() as snapshot:
        p = snapshot.projects.project("XM-1")
    assert p.total_investment == 50000 * 10_000 and p.annual_plans == {2024: 12000 * 10_000}
    assert _count(loaded, "project") == 2 and _count(loaded, "project_stage") == 2


def test_another_years_plan_is_added_and_a_stage_moves_dated(loaded: Context) -> None:
    svc.import_register(loaded, None, register(row()), "库.xlsx", on=date(2024, 1, 10))
    started = register(row(年度=2025, 项目阶段="开工", 实际开工日期="2025-02-01"))
    moved = svc.import_register(loaded, None, started, "库.xlsx", on=date(2025, 2, 3))
    assert moved.updated == 1 and moved.stage_changes == 1
    with loaded.reading() as snapshot:
        p = snapshot.projects.project("XM-1")
        steps = snapshot.projects.stage_changes("XM-1")
    assert p.annual_plans == {2024: 12000 * 10_000, 2025: 12000 * 10_000}
    assert [(c.stage, c.on) for _, c in steps] == [
        (ProjectStage.SIGNED, date(2024, 1, 10)),
        (ProjectStage.STARTED, date(2025, 2, 3)),
    ]


@pytest.mark.parametrize(
    ("rows", "where"),
    [
        ((row("XM-1"), row("XM-1")), (3, "A（项目编码）", "重复")),
        ((row(计划开工日期="2024-06-01", 计划竣工日期="2024-01-01"),), (2, "L（计划竣工日期）", "早于")),
        ((row(**{"年度计划投资(万元)": 60000}),), (2, "J（年度计划投资(万元)）", "超过总投资")),
        ((row(unit="nobody"),), (2, "C（责任单位编码）", "没有单位")),
        ((row(项目阶段="开建"),), (2, "F（项目阶段）", "无法识别")),
        ((row(**{"总投资(万元)": "很多"}),), (2, "H（总投资(万元)）", "不是数值")),
    ],
)
def test_bad_registers_write_nothing(loaded: Context, rows: tuple[dict[str, Any], ...], where: tuple[Any, ...]) -> None:
    good = row("XM-9")
    with pytest.raises(InvalidInput) as refused:
        svc.import_register(loaded, None, register(good, *rows), "坏.xlsx")
    number, column, words = where
    found = [p for p in refused.value.problems if p.location.row == number + 1]
    assert found, refused.value.problems
    assert found[0].location.file == "坏.xlsx" and found[0].location.sheet == SHEET
    assert found[0].location.column == column and words in found[0].message
    with loaded.reading() as snapshot:
        assert snapshot.projects.projects() == []
    assert _count(loaded, "project") == 0


def test_a_stage_may_not_move_back_in_an_import(loaded: Context) -> None:
    svc.import_register(loaded, None, register(row(项目阶段="竣工", 实际开工日期="2024-01-01")), "库.xlsx")
    with pytest.raises(InvalidInput) as refused:
        svc.import_register(loaded, None, register(row(项目阶段="签约")), "库.xlsx")
    assert refused.value.problems[0].location.column == "F（项目阶段）"


def test_reporters_import_only_their_units_projects(loaded: Context) -> None:
    with pytest.raises(InvalidInput):
        svc.import_register(loaded, FGJ, register(row("XM-1"), row("XM-2", unit="tjj")), "库.xlsx")
    assert svc.import_register(loaded, FGJ, register(row("XM-1")), "库.xlsx").created == 1


def _report(month: str, investment: str, year: str, total: str, **more: Any) -> ReportInput:
    return ReportInput(
        code="XM-1", month=month, investment=investment, cumulative_year=year, cumulative_total=total, **more
    )


def test_signed_to_production_with_monthly_reports(loaded: Context) -> None:
    svc.import_register(loaded, None, register(row()), "库.xlsx", on=date(2024, 1, 5))
    svc.change_stage(loaded, FGJ, "XM-1", ProjectStage.STARTED, date(2024, 3, 1))
    svc.report_month(loaded, FGJ, _report("2024-03", "1000", "1000", "1000", progress_percent=5, progress_text="场平"))
    svc.report_month(loaded, FGJ, _report("2024-04", "2000", "3000", "3000", problems="用地指标", problem_unit="tjj"))
    svc.report_month(loaded, FGJ, _report("2024-06", "500", "4000", "4000"))  # May not reported: adds 500
    svc.change_stage(loaded, FGJ, "XM-1", ProjectStage.UNDER_CONSTRUCTION, date(2024, 4, 1))
    svc.change_stage(loaded, FGJ, "XM-1", ProjectStage.COMPLETED, date(2025, 6, 30))
    svc.change_stage(loaded, FGJ, "XM-1", ProjectStage.IN_PRODUCTION, date(2025, 9, 1))
    page = svc.project_page(loaded, VIEWER, "XM-1", month="2024-06")
    assert [s.stage for s in page.timeline] == [
        ProjectStage.SIGNED,
        ProjectStage.STARTED,
        ProjectStage.UNDER_CONSTRUCTION,
        ProjectStage.COMPLETED,
        ProjectStage.IN_PRODUCTION,
    ]
    assert page.project.actual_start == date(2024, 3, 1) and page.project.actual_finish == date(2025, 6, 30)
    assert [r.cumulative_total for r in page.reports] == [1000, 3000, 4000]
    assert page.reports[1].problem_unit == "示例区统计局"
    assert page.project.completed_this_year == 4000 and not page.can_edit and page.next_stages == []
    assert _count(loaded, "project_report") == 3 and _count(loaded, "project_stage") == 5


@pytest.mark.parametrize(
    ("bad", "field", "words"),
    [
        (("2024-04", "2000", "2500", "2500"), "cumulative_year", "即3000万元"),
        (("2024-04", "0", "1000", "900"), "cumulative_total", "累计数不能减少"),
        (("2024-03", "1", "1001", "1001"), "month", "每月只能报一次"),
        (("2024-04", "100000", "101000", "101000"), "cumulative_total", "超过总投资"),
    ],
)
def test_reports_that_do_not_add_up_are_refused(loaded: Context, bad: tuple[str, ...], field: str, words: str) -> None:
    svc.import_register(loaded, None, register(row()), "库.xlsx")
    svc.report_month(loaded, FGJ, _report("2024-03", "1000", "1000", "1000"))
    with pytest.raises(InvalidInput) as refused:
        svc.report_month(loaded, FGJ, _report(*bad))
    assert any(p.location.file == field and words in p.message for p in refused.value.problems), refused.value
    with loaded.reading() as snapshot:
        assert len(snapshot.projects.reports("XM-1")) == 1


def test_who_may_change_a_project(loaded: Context) -> None:
    svc.import_register(loaded, None, register(row()), "库.xlsx")
    with pytest.raises(Forbidden):
        svc.report_month(loaded, TJJ, _report("2024-03", "1", "1", "1"))
    with pytest.raises(Forbidden):
        svc.change_stage(loaded, VIEWER, "XM-1", ProjectStage.STARTED, date(2024, 3, 1))
    with pytest.raises(Conflict):
        svc.change_stage(loaded, FGJ, "XM-1", ProjectStage.COMPLETED, date(2024, 3, 1))


def test_lagging_list_and_roll_up(loaded: Context) -> None:
    svc.import_register(
        loaded,
        None,
        register(
            row("XM-1"),
            row("XM-2", unit="tjj", 项目类别="民生", 项目阶段="开工", 实际开工日期="2024-01-15"),
            row("XM-3", 项目阶段="谋划储备", 计划开工日期="2024-02-01"),
        ),
        "库.xlsx",
        on=date(2024, 1, 5),
    )
    svc.change_stage(loaded, None, "XM-1", ProjectStage.STARTED, date(2024, 2, 20))
    svc.report_month(loaded, None, _report("2024-06", "6000", "6000", "6000"))  # on pace: half the plan
    second = ReportInput(code="XM-2", month="2024-06", investment="100", cumulative_year="100", cumulative_total="100")
    svc.report_month(loaded, None, second)
    late = svc.lagging(loaded, "2024-06")
    assert [(v.code, v.lag_reasons) for v in late.projects] == [
        ("XM-3", ["投资完成滞后于序时进度", "计划开工日期已过仍未开工"]),
        ("XM-2", ["投资完成滞后于序时进度"]),
    ]
    pipeline = svc.list_page(loaded, ProjectFilter(stage=ProjectStage.PIPELINE), month="2024-06")
    assert [(v.code, v.colour) for v in pipeline.projects] == [("XM-3", "red")] and pipeline.total == 3
    roll = svc.portfolio(loaded, "2024-06", fixed_asset_investment=61000)
    assert roll.projects == 3 and roll.completed == 6100 and roll.planned == 36000
    assert {s.key: s.investment for s in roll.by_category} == {"industry": 6000, "livelihood": 100}
    assert {s.key: s.investment for s in roll.by_unit} == {"fgj": 6000, "tjj": 100}
    assert roll.fixed_asset_share == pytest.approx(0.1)
    assert roll.three_batches["2024Q1"] == {
        ProjectStage.SIGNED: 1,
        ProjectStage.STARTED: 2,
        ProjectStage.IN_PRODUCTION: 0,
    }
    assert roll.lagging == 2


def test_fifty_units_reporting_the_same_month_at_once_store_every_figure_once(loaded: Context) -> None:
    """50 units each report their project's month twice at the same moment: one report per project-month
    survives, the second is refused (reported twice), and each stored report has one audit entry."""
    codes = [f"u{n:02d}" for n in range(50)]
    with loaded.unit_of_work(reason="unit edit") as uow:
        for code in codes:
            uow.registry.save_unit(Unit(code, f"单位{code}", "990101"))
        uow.commit()
    svc.import_register(loaded, None, register(*(row(f"XM-{c}", unit=c) for c in codes)), "库.xlsx")
    reporters = [User(f"rep-{c}", Role.REPORTER, unit_code=c) for c in codes]
    barrier = threading.Barrier(100)
    outcomes: list[str] = []

    def report(user: User) -> None:
        data = ReportInput(
            code=f"XM-{user.unit_code}", month="2024-03", investment="10.5", cumulative_year="10.5",
            cumulative_total="10.5",
        )  # fmt: skip
        barrier.wait()
        try:
            svc.report_month(loaded, user, data)
            outcomes.append("stored")
        except (InvalidInput, Conflict) as refused:
            outcomes.append(type(refused).__name__)

    threads = [threading.Thread(target=report, args=(u,)) for u in reporters * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("stored") == 50 and len(outcomes) == 100
    with loaded.reading() as snapshot:
        stored = snapshot.projects.reports(month="2024-03")
    assert sorted(r.project_code for r in stored) == sorted(f"XM-{c}" for c in codes)
    assert all(r.cumulative_total == 105_000 for r in stored)
    assert _count(loaded, "project_report") == 50


def test_the_demo_portfolio_adds_up_and_its_lagging_list_and_roll_up_are_right(ctx: Context) -> None:
    from luoshi.domain.project import check_report, pace
    from luoshi.services.plans import demo_plan_path
    from luoshi.services.project_demo import simulate_projects

    plan = load_plan(ctx, demo_plan_path())
    assert simulate_projects(ctx, plan.plan_code) >= 300
    assert simulate_projects(ctx, plan.plan_code) == 0  # once
    with ctx.reading() as snapshot:
        every = {p.code: p for p in snapshot.projects.projects()}
        reports = snapshot.projects.reports()
        changes = snapshot.projects.stage_changes()
    assert all(p.simulated and p.name.endswith("（模拟）") for p in every.values())
    assert {p.actual_start.year for p in every.values() if p.actual_start} == {2021, 2022, 2023, 2024}
    previous: dict[str, Any] = {}
    for r in reports:  # every simulated report keeps the rules a reporter's must
        assert check_report(r, previous.get(r.project_code), every[r.project_code]) == []
        previous[r.project_code] = r
    for code, c in changes:  # every trail runs forward in time
        assert c.stage is every[code].stage or c.on <= (every[code].actual_finish or date(2024, 12, 31))
    roll = svc.portfolio(ctx)
    assert roll.month == "2024-12" and roll.projects == len(every)
    in_2024 = [r for r in reports if r.year == 2024]
    assert roll.completed * 10_000 == pytest.approx(sum(r.investment for r in in_2024))
    assert sum(s.investment for s in roll.by_category) == pytest.approx(roll.completed)
    assert sum(s.investment for s in roll.by_unit) == pytest.approx(roll.completed)
    newest = {r.project_code: r.cumulative_year for r in in_2024}
    expected = sorted(c for c, p in every.items() if pace(p, newest.get(c, 0), "2024-12").lagging)
    assert sorted(v.code for v in svc.lagging(ctx).projects) == expected and roll.lagging == len(expected)
    with ctx.reading() as snapshot:  # the seed figures stay plan-level observations
        bundle = snapshot.plans.read(plan.plan_code)
    seeds = {code: [o.value for o in bundle.observations[code]] for code in ("project-count", "project-completed")}
    assert seeds == {"project-count": [323], "project-completed": [120]}


def test_removing_the_simulated_scenario_removes_the_simulated_projects_only(ctx: Context) -> None:
    from luoshi.services.plans import demo_plan_path
    from luoshi.services.project_demo import simulate_projects
    from luoshi.services.simulation import remove_simulation

    plan = load_plan(ctx, demo_plan_path())
    made = simulate_projects(ctx, plan.plan_code, count=20)
    svc.import_register(ctx, None, register(row("XM-REAL", unit="pc-fgj")), "库.xlsx")
    removed = remove_simulation(ctx, plan.plan_code)
    assert removed.deleted["project"] == made
    with ctx.reading() as snapshot:
        assert [p.code for p in snapshot.projects.projects()] == ["XM-REAL"]
        assert snapshot.projects.reports() == []
    assert _count(ctx, "project") == made + 1 + made  # created, the real one, deleted
