"""How long the portfolio roll-up and the lagging list of 20,000 key projects × 60 months take, against a
bare SQL sum over the same rows.

The register (20,000 projects of the mini plan's two units, every category and stage, most of them under
construction) and 1.2 million monthly reports (2020-01 to 2024-12, cumulative figures that add up; each month
75-125% of the plan's monthly share, so that a realistic minority lags) are bulk-inserted into a SQLite
database in a temporary folder. Measured in the same run, each the best of ``--repeat`` runs on a warm connection:

- ``portfolio_s``: ``services.projects.portfolio`` for 2024-12 as ``GET /api/projects/portfolio`` returns it
  (per month, category, unit and stage; 三个一批; 序时进度 of the whole), serialised to JSON;
- ``lagging_s``: ``services.projects.lagging`` for 2024-12 (every project's 序时进度), serialised to JSON;
- ``bare_s``: ``SELECT sum(investment) FROM project_reports WHERE month BETWEEN '2024-01' AND '2024-12'``;
- ``ratio``: (portfolio + lagging) over the bare sum (goal: each within 3×; and under 200 ms on SQLite);
- ``report_s``: after those, ``services.projects.report_month`` storing one project's January 2025 (checks,
  audit, and the summary rows kept in the same transaction: what the fast reads cost each write).

Both views read the per-project and per-month summary (``project_years``, ``project_months``) that every
report keeps up to date in its own transaction; the bare sum still reads the 240,000 reports of 2024 themselves,
and the run checks that the portfolio's completed investment equals it.

    .venv/bin/python benchmarks/projects.py [--projects 20000] [--months 60] [--repeat 3]

Prints the timings, then one line: ``RESULT key=value ...``.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from sqlalchemy import text

from luoshi.config import Settings
from luoshi.domain.project import WAN, Category, MonthlyReport, Project, ProjectStage, StageChange
from luoshi.services import projects
from luoshi.services.context import Context
from luoshi.services.plans import init_database, load_plan

MINI = Path(__file__).parents[1] / "tests" / "fixtures" / "plans" / "mini.yaml"
MONTH = "2024-12"
T = TypeVar("T")


def best(repeat: int, run: Callable[[], T]) -> tuple[float, T]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result  # type: ignore[return-value]


def months(count: int) -> list[str]:
    first = 2025 * 12 - count  # ending 2024-12
    return [f"{m // 12}-{m % 12 + 1:02d}" for m in range(first, first + count)]


def portfolio_rows(
    count: int, span: list[str], seed: int
) -> tuple[list[Project], dict[str, list[StageChange]], list[MonthlyReport]]:
    rng = random.Random(seed)
    stages = list(ProjectStage)
    made: list[Project] = []
    trails: dict[str, list[StageChange]] = {}
    reports: list[MonthlyReport] = []
    for n in range(count):
        code = f"B{n:05d}"
        monthly = rng.randint(1, 500) * WAN
        plans = {y: monthly * 12 for y in range(2020, 2025)}
        stage = rng.choices(stages, weights=(1, 1, 4, 10, 3, 3))[0]
        made.append(
            Project(code, f"项目{n}", rng.choice(("fgj", "tjj")), rng.choice(list(Category)), monthly * 100,
                    stage, annual_plans=plans, planned_start=date(2020, 1, 1))
        )  # fmt: skip
        trails[code] = [StageChange(1, stage, date(2020 + n % 5, 1 + n % 12, 1), "bench")]
        year_total = total = 0
        for month in span:
            if month.endswith("-01"):
                year_total = 0
            amount = int(monthly * rng.uniform(0.75, 1.25)) // WAN * WAN
            year_total += amount
            total += amount
            reports.append(MonthlyReport(code, month, amount, year_total, total, reported_by="bench"))
    return made, trails, reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench-projects.db'}"
        ctx = Context.from_settings(Settings(database_url=url))
        init_database(ctx)
        load_plan(ctx, MINI)
        start = time.perf_counter()
        made, trails, reports = portfolio_rows(args.projects, months(args.months), args.seed)
        with ctx.unit_of_work(reason="simulated projects loaded") as uow:
            uow.projects.add_bulk(made, trails)
            uow.projects.add_reports_bulk(reports)
            uow.commit()
        print(f"{len(made):,} projects, {len(reports):,} monthly reports loaded in {time.perf_counter() - start:.1f} s")

        def portfolio() -> str:
            return projects.portfolio(ctx, MONTH).model_dump_json()

        def lagging() -> str:
            return projects.lagging(ctx, MONTH).model_dump_json()

        def bare() -> int:
            with ctx.engine.connect() as connection:
                query = "SELECT sum(investment) FROM project_reports WHERE month BETWEEN '2024-01' AND '2024-12'"
                return int(connection.execute(text(query)).scalar_one())

        portfolio_s, body = best(args.repeat, portfolio)
        lagging_s, late = best(args.repeat, lagging)
        bare_s, total = best(args.repeat, bare)
        codes = iter(p.code for p in made)

        def report() -> None:
            code = next(codes)
            with ctx.reading() as snapshot:
                total = snapshot.projects.reports(code)[-1].cumulative_total
            amount = "10"
            data = projects.ReportInput(
                code=code, month="2025-01", investment=amount, cumulative_year=amount,
                cumulative_total=str(total // WAN + 10),
            )  # fmt: skip
            projects.report_month(ctx, None, data)

        report_s, _ = best(args.repeat, report)
        ctx.dispose()
    assert json.loads(body)["completed"] == total / WAN  # the roll-up is the bare sum, in 万元
    both = portfolio_s + lagging_s
    print(f"portfolio JSON: {portfolio_s * 1000:.0f} ms ({len(body) / 1e3:.0f} kB)  lagging JSON: "
          f"{lagging_s * 1000:.0f} ms ({len(late) / 1e6:.1f} MB)  bare SQL sum: {bare_s * 1000:.0f} ms  "
          f"one report stored: {report_s * 1000:.0f} ms")  # fmt: skip
    print(
        f"RESULT projects={len(made)} reports={len(reports)} portfolio_ms={portfolio_s * 1000:.0f} "
        f"lagging_ms={lagging_s * 1000:.0f} bare_ms={bare_s * 1000:.0f} ratio={both / bare_s:.2f} "
        f"report_ms={report_s * 1000:.0f}"
    )


if __name__ == "__main__":
    main()
