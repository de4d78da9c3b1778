"""The demo's simulated key-project portfolio (模拟数据): a few hundred projects of 2021-2024 with their stage
trails and monthly reports, seeded so that every load draws the same portfolio.

Every project is marked ``simulated`` and its name ends in “（模拟）”; the real seed figures (323 projects,
120 finished, 461.09 亿元 over 2018-2020) stay plan-level observations of the plan file. The portfolio is
written in one transaction with bulk inserts (about 300 projects and 10,000 monthly reports in well under a
second on SQLite), each project, stage change and report audited.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from luoshi.domain.project import (
    WAN,
    BuildKind,
    Category,
    MonthlyReport,
    Project,
    ProjectStage,
    StageChange,
    quarter_of,
)
from luoshi.services.context import Context

SEED = 2021
FIRST_YEAR, LAST_YEAR = 2021, 2024
#: the last day the simulation knows about: nothing happens after it
HORIZON = date(LAST_YEAR, 12, 31)
ACTOR = "模拟数据"

#: category -> (weight, owning units, names)
_CATEGORIES: dict[Category, tuple[int, tuple[str, ...], tuple[str, ...]]] = {
    Category.INDUSTRY: (
        40,
        ("pc-fgj", "pc-swj", "pc-kjj"),
        (
            "新材料产业园",
            "数字经济产业园",
            "智能制造基地",
            "现代物流园",
            "文旅综合体",
            "农产品加工园",
            "新能源装备项目",
        ),
    ),
    Category.INFRASTRUCTURE: (
        25,
        ("pc-zjj", "pc-cgj"),
        ("城市主干道改造", "雨污分流管网", "集中供热管网", "停车场建设", "5G基站建设", "桥梁加固工程"),
    ),
    Category.LIVELIHOOD: (
        20,
        ("pc-jyj", "pc-mzj", "pc-rsj"),
        ("中学新建", "幼儿园扩建", "养老服务中心", "社区卫生服务站"),
    ),
    Category.ECOLOGY: (8, ("pc-sthj", "pc-cgj"), ("御河生态修复", "城市绿道", "污水处理厂提标改造")),
    Category.URBAN: (7, ("pc-zjj",), ("老旧小区改造", "棚户区改造", "历史街区保护更新")),
}


def _months(start: date, end: date) -> list[str]:
    """``YYYY-MM`` from ``start``'s month to ``end``'s, both included."""
    found, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        found.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _day_in(rng: random.Random, year: int, month: int) -> date:
    return date(year, month, rng.randint(1, 28))


def simulate_portfolio(
    rng: random.Random, count: int
) -> tuple[list[Project], dict[str, list[StageChange]], list[MonthlyReport]]:
    """The projects, their stage trails and their monthly reports (pure: a function of ``rng``)."""
    weights = [w for w, _, _ in _CATEGORIES.values()]
    projects: list[Project] = []
    trails: dict[str, list[StageChange]] = {}
    reports: list[MonthlyReport] = []
    for n in range(count):
        category = rng.choices(list(_CATEGORIES), weights)[0]
        _, units, names = _CATEGORIES[category]
        year = FIRST_YEAR + n * (LAST_YEAR - FIRST_YEAR + 1) // count
        code = f"SIM-XM{year}-{n + 1:03d}"
        planned_start = _day_in(rng, year, rng.randint(2, 10))
        years = rng.choice((1, 1, 2, 2, 3))
        planned_finish = planned_start + timedelta(days=365 * years - rng.randint(30, 120))
        total_wan = round(10 ** rng.uniform(3.2, 5.05) / 100) * 100  # 1,600 to 110,000 万元
        total = total_wan * WAN
        signed = category is Category.INDUSTRY or rng.random() < 0.3
        never_started = rng.random() < 0.06
        delay = rng.choice((0, 0, 0, 15, 30, 60, 120))
        actual_start = None if never_started else planned_start + timedelta(days=delay)
        if actual_start is not None and actual_start > HORIZON:
            actual_start = None
        pace = rng.choice((1.0, 1.0, 0.95, 0.9, 0.8, 0.55))  # a few lag behind the plan
        trail: list[StageChange] = [StageChange(1, ProjectStage.PIPELINE, planned_start - timedelta(days=150), ACTOR)]
        if signed:
            trail.append(
                StageChange(2, ProjectStage.SIGNED, planned_start - timedelta(days=rng.randint(20, 90)), ACTOR)
            )
        finish: date | None = None
        plans: dict[int, int] = {}
        active = _months(planned_start, planned_finish)
        per_month = total * 0.92 / len(active)
        for month in active:
            plans[int(month[:4])] = plans.get(int(month[:4]), 0) + int(per_month)
        plans = {y: v // WAN * WAN for y, v in plans.items()}
        if actual_start is not None:
            trail.append(StageChange(len(trail) + 1, ProjectStage.STARTED, actual_start, ACTOR))
            building = actual_start + timedelta(days=rng.randint(10, 40))
            if building <= HORIZON:
                trail.append(StageChange(len(trail) + 1, ProjectStage.UNDER_CONSTRUCTION, building, ACTOR))
            finish = planned_finish + timedelta(days=delay + int((1 - pace) * 200))
            last = min(finish, HORIZON)
            done_year = 0
            done_total = 0
            for month in _months(actual_start, last):
                if month.endswith("-01"):
                    done_year = 0
                amount = int(per_month * pace * rng.uniform(0.7, 1.3)) // WAN * WAN
                amount = max(0, min(amount, total - done_total))
                done_year += amount
                done_total += amount
                progress = min(100.0, round(100 * done_total / total, 1))
                reports.append(
                    MonthlyReport(
                        code,
                        month,
                        amount,
                        done_year,
                        done_total,
                        progress_text="主体施工" if progress < 80 else "收尾及设备安装",
                        progress_percent=progress,
                        problems="用地手续办理滞后（模拟）" if pace < 0.7 and month.endswith("-06") else "",
                        problem_unit_code="pc-zjj" if pace < 0.7 and month.endswith("-06") else None,
                        next_steps="加快施工进度（模拟）",
                        reported_by=ACTOR,
                    )
                )
            if finish <= HORIZON:
                trail.append(StageChange(len(trail) + 1, ProjectStage.COMPLETED, finish, ACTOR))
                production = finish + timedelta(days=rng.randint(20, 90))
                if category is Category.INDUSTRY and production <= HORIZON:
                    trail.append(StageChange(len(trail) + 1, ProjectStage.IN_PRODUCTION, production, ACTOR))
            else:
                finish = None
        stage = trail[-1].stage
        batch_day = actual_start or planned_start
        batch = (
            f"{batch_day.year}年第{quarter_of(batch_day)[-1]}批集中开工"
            if actual_start is not None
            else f"{year}年储备项目"
        )
        projects.append(
            Project(
                code=code,
                name=f"{rng.choice(names)}（模拟）",
                unit_code=rng.choice(units),
                category=category,
                total_investment=total,
                stage=stage,
                build_kind=BuildKind.NEW,
                leader="",
                annual_plans=plans,
                planned_start=planned_start,
                planned_finish=planned_finish,
                actual_start=actual_start,
                actual_finish=finish,
                address="平城区（模拟）",
                plan_code=None,
                indicator_codes=("fai", "project-investment"),
                batch=batch,
                simulated=True,
            )
        )
        trails[code] = trail
    return projects, trails, reports


def simulate_projects(ctx: Context, plan_code: str | None = None, *, count: int = 320, seed: int = SEED) -> int:
    """Load the simulated portfolio once (nothing when simulated projects exist); returns projects added."""
    with ctx.reading() as snapshot:
        if snapshot.projects.projects(simulated=True):
            return 0
        units = {u.code for u in snapshot.registry.units()}
    projects, trails, reports = simulate_portfolio(random.Random(seed), count)
    projects = [p for p in projects if p.unit_code in units]
    if plan_code is not None:
        projects = [replace(p, plan_code=plan_code) for p in projects]
    kept = {p.code for p in projects}
    with ctx.unit_of_work(reason="simulated projects loaded", actor=ACTOR) as uow:
        uow.projects.add_bulk(projects, {c: t for c, t in trails.items() if c in kept})
        uow.projects.add_reports_bulk([r for r in reports if r.project_code in kept])
        uow.commit()
    return len(projects)


__all__: Sequence[str] = ["simulate_portfolio", "simulate_projects"]
