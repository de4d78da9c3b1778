"""The project summary (``project_years``, ``project_months``, migration 0015) stays what the monthly reports
add up to: after single reports (a skipped month, a new year), a re-import that moves projects between
categories, units and stages, reports stored at the same moment, a bulk load and the simulated projects'
removal; and the roll-up and lagging list read from it equal those added up from the reports themselves,
at the newest month and at a past one, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from luoshi.domain.account import Role, User
from luoshi.domain.project import MonthlyReport, pace
from luoshi.domain.unit import Unit
from luoshi.services import projects as svc
from luoshi.services.context import Context
from luoshi.services.plans import load_plan
from luoshi.services.projects import ReportInput
from luoshi.storage.tables import ProjectMonthRow, ProjectRow, ProjectYearRow
from tests.integration.test_projects import register, row

pytestmark = pytest.mark.integration


@pytest.fixture
def loaded(ctx: Context, mini_plan: Path) -> Context:
    load_plan(ctx, mini_plan)
    return ctx


def _stored(ctx: Context) -> tuple[dict[tuple[str, int], tuple[str, int, int, int]], dict[str, tuple[int, int]]]:
    with ctx.reading() as snapshot:
        session = snapshot.session
        years = {
            (code, y.year): (y.last_month, y.cumulative_year, y.investment, y.reports)
            for code, y in session.execute(
                select(ProjectRow.code, ProjectYearRow).join(ProjectRow, ProjectRow.id == ProjectYearRow.project_id)
            )
        }
        months = {m.month: (m.investment, m.reports) for m in session.scalars(select(ProjectMonthRow)) if m.reports}
    return years, months


def _expected(
    reports: list[MonthlyReport],
) -> tuple[dict[tuple[str, int], tuple[str, int, int, int]], dict[str, tuple[int, int]]]:
    years: dict[tuple[str, int], tuple[str, int, int, int]] = {}
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in sorted(reports, key=lambda r: (r.project_code, r.month)):
        _, _, spent, count = years.get((r.project_code, r.year), ("", 0, 0, 0))
        years[(r.project_code, r.year)] = (r.month, r.cumulative_year, spent + r.investment, count + 1)
        months[r.month][0] += r.investment
        months[r.month][1] += 1
    return years, {m: (v, n) for m, (v, n) in months.items()}


def assert_consistent(ctx: Context) -> None:
    with ctx.reading() as snapshot:
        reports = snapshot.projects.reports()
    assert _stored(ctx) == _expected(reports)


def assert_views_add_up(ctx: Context, month: str) -> None:
    """The portfolio and lagging list at ``month`` equal what the reports themselves add up to."""
    year = int(month[:4])
    with ctx.reading() as snapshot:
        every = {p.code: p for p in snapshot.projects.projects()}
        reports = [r for r in snapshot.projects.reports() if r.year == year and r.month <= month]
    newest = {r.project_code: r.cumulative_year for r in reports}  # by month: the newest wins
    by_category: dict[str, int] = defaultdict(int)
    by_month: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in reports:
        by_category[every[r.project_code].category.value] += r.investment
        by_month[r.month][0] += r.investment
        by_month[r.month][1] += 1
    roll = svc.portfolio(ctx, month, fixed_asset_investment=1)
    assert roll.completed * 10_000 == pytest.approx(sum(newest.values()))
    assert {s.key: s.investment * 10_000 for s in roll.by_category if s.investment} == pytest.approx(
        {k: v for k, v in by_category.items() if v}
    )
    assert [(s.key, s.investment * 10_000, s.projects) for s in roll.by_month] == [
        (m, pytest.approx(v), n) for m, (v, n) in sorted(by_month.items())
    ]
    behind = sorted(c for c, p in every.items() if pace(p, newest.get(c, 0), month).lagging)
    assert sorted(v.code for v in svc.lagging(ctx, month).projects) == behind and roll.lagging == len(behind)


def _report(code: str, month: str, investment: str, year: str, total: str) -> ReportInput:
    return ReportInput(code=code, month=month, investment=investment, cumulative_year=year, cumulative_total=total)


def test_the_summary_follows_reports_and_a_reimport(loaded: Context) -> None:
    svc.import_register(
        loaded,
        None,
        register(row("XM-1", 项目阶段="开工", 实际开工日期="2023-11-01"), row("XM-2", unit="tjj", 项目类别="民生")),
        "库.xlsx",
        on=date(2023, 11, 5),
    )
    assert_consistent(loaded)
    for data in (
        _report("XM-1", "2023-11", "100", "100", "100"),
        _report("XM-1", "2023-12", "200", "300", "300"),
        _report("XM-1", "2024-01", "400", "400", "700"),
        _report("XM-1", "2024-03", "500", "1200", "1500"),  # February skipped: 本年累计 carries it
        _report("XM-2", "2024-03", "50", "50", "50"),
        _report("XM-2", "2024-04", "60", "110", "110"),
    ):
        svc.report_month(loaded, None, data)
        assert_consistent(loaded)
    assert _stored(loaded)[0][("XM-1", 2024)] == ("2024-03", 12_000_000, 9_000_000, 2)
    for month in ("2024-04", "2024-03", "2024-02", "2023-12", "2023-11"):
        assert_views_add_up(loaded, month)
    # the re-import moves XM-2 to another unit, category and stage: the roll-up follows, the summary stays
    moved = register(
        row("XM-1", 项目阶段="开工", 实际开工日期="2023-11-01"),
        row("XM-2", unit="fgj", 项目类别="基础设施", 项目阶段="开工", 实际开工日期="2024-03-01"),
    )
    svc.import_register(loaded, None, moved, "库.xlsx", on=date(2024, 5, 1))
    assert_consistent(loaded)
    roll = svc.portfolio(loaded, "2024-04")
    assert {s.key: s.investment for s in roll.by_category} == {"industry": 900, "infrastructure": 110}
    assert {s.key: s.investment for s in roll.by_unit} == {"fgj": 1010}
    assert {s.key: s.projects for s in roll.by_stage} == {"started": 2}
    assert_views_add_up(loaded, "2024-04")


def test_reports_stored_at_the_same_moment_are_all_counted(loaded: Context) -> None:
    codes = [f"u{n:02d}" for n in range(30)]
    with loaded.unit_of_work(reason="unit edit") as uow:
        for code in codes:
            uow.registry.save_unit(Unit(code, f"单位{code}", "990101"))
        uow.commit()
    svc.import_register(loaded, None, register(*(row(f"XM-{c}", unit=c) for c in codes)), "库.xlsx")
    barrier = threading.Barrier(len(codes) * 2)
    failures: list[BaseException] = []

    def report(code: str, month: str, amount: str) -> None:
        barrier.wait()
        try:  # each project's two months at once: one of them may be refused (months in order)
            svc.report_month(
                loaded,
                User(f"rep-{code}", Role.REPORTER, unit_code=code),
                _report(f"XM-{code}", month, amount, amount, amount),
            )
        except Exception as exc:
            failures.append(exc)

    threads = [threading.Thread(target=report, args=(c, "2024-03", "10.5")) for c in codes]
    threads += [threading.Thread(target=report, args=(c, "2024-05", "7")) for c in codes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(type(f).__name__ in ("InvalidInput", "Conflict") for f in failures), failures
    assert_consistent(loaded)
    months = _stored(loaded)[1]
    assert sum(n for _, n in months.values()) == len(threads) - len(failures)
    assert_views_add_up(loaded, "2024-05")
    assert_views_add_up(loaded, "2024-04")


def test_the_demo_load_and_its_removal_keep_the_summary(ctx: Context) -> None:
    from luoshi.services.plans import demo_plan_path
    from luoshi.services.project_demo import simulate_projects
    from luoshi.services.simulation import remove_simulation

    plan = load_plan(ctx, demo_plan_path())
    svc.import_register(
        ctx, None, register(row("XM-REAL", unit="pc-fgj", 项目阶段="开工", 实际开工日期="2024-01-01")), "库.xlsx"
    )
    svc.report_month(ctx, None, _report("XM-REAL", "2024-02", "30", "30", "30"))
    simulate_projects(ctx, plan.plan_code, count=40)
    assert_consistent(ctx)
    for month in ("2024-12", "2024-07", "2023-12", "2022-03"):
        assert_views_add_up(ctx, month)
    remove_simulation(ctx, plan.plan_code)
    assert_consistent(ctx)
    assert _stored(ctx)[1] == {"2024-02": (300_000, 1)}
