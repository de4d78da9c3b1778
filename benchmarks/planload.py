"""How long `luoshi init --demo` and a 10,000-observation plan load take, as ratios to a baseline.

The baseline, measured in the same run on the same database kind, is the floor of any loader: one Core
``executemany`` of the same 10,000 observation rows into a bare table (no validation, no diff, no audit).
For scale, the storage floor is what writing the loaded rows costs the real tables: the observation rows
and the audit entries of the load written again with ``insert_rows`` (as the load writes them), in a
transaction that is rolled back, with nothing read, checked or compared.

    .venv/bin/python benchmarks/planload.py [--database sqlite|postgresql] [--observations 10000]

Prints the timings, then one line: ``RESULT key=value ...``.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, delete, insert, select, text

from luoshi.services.context import Context
from luoshi.services.plans import demo_plan_path, init_database, load_plan
from luoshi.storage.database import insert_rows
from luoshi.storage.tables import AuditRow, ObservationRow

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def synthetic_plan(folder: Path, observations: int, per_indicator: int = 50) -> Path:
    indicators = observations // per_indicator
    lines = [
        "luoshi: plan/1",
        "plan: {code: bench, name: 基准规划, region: '990101', start_year: 2021, end_year: 2025}",
        "regions: [{code: '990101', name: 基准区, level: district}]",
        "goals:",
    ]
    lines += [f"  - {{code: G{g}, name: 目标{g}, kind: pillar}}" for g in range(10)]
    lines.append("indicators:")
    for i in range(indicators):
        lines += [
            f"  - code: ind{i}",
            f"    name: 指标{i}",
            "    unit: 亿元",
            f"    goals: [G{i % 10}]",
            f"    targets: [{{value: {100 + i}, target_year: 2030}}]",
            "    observations:",
        ]
        lines += [f"      - {{period: {1975 + y}, value: {10 + i + y * 0.1:.1f}}}" for y in range(per_indicator)]
    path = folder / "bench.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fresh_context(kind: str, folder: Path, name: str) -> Context:
    if kind == "sqlite":
        return Context.from_url(f"sqlite:///{folder / (name + '.db')}", actor="bench")
    ctx = Context.from_url(POSTGRES, actor="bench")
    with ctx.engine.begin() as c:
        c.execute(text(f"DROP SCHEMA IF EXISTS bench_{name} CASCADE"))
        c.execute(text(f"CREATE SCHEMA bench_{name}"))
    ctx.dispose()
    return Context.from_url(f"{POSTGRES}?options=-csearch_path%3Dbench_{name}", actor="bench")


def baseline_insert(ctx: Context, rows: int) -> float:
    table = Table(
        "bench_rows",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("indicator", String(64)),
        Column("period", String(16)),
        Column("value", Float),
    )
    table.create(ctx.engine)
    data = [{"indicator": f"ind{i // 50}", "period": str(1975 + i % 50), "value": i * 0.1} for i in range(rows)]
    start = time.perf_counter()
    with ctx.engine.begin() as c:
        c.execute(insert(table), data)
    return time.perf_counter() - start


def storage_floor(ctx: Context) -> float:
    """Seconds to write the stored observations and audit entries again into their (emptied) tables."""
    tables: list[Table] = [ObservationRow.__table__, AuditRow.__table__]  # type: ignore[list-item]
    with ctx.engine.connect() as c, c.begin() as transaction:
        rows = [[{k: v for k, v in r._mapping.items() if k != "id"} for r in c.execute(select(t))] for t in tables]
        for table in tables:
            c.execute(delete(table))
        gc.disable()  # as load_plan does
        start = time.perf_counter()
        for table, table_rows in zip(tables, rows, strict=True):
            insert_rows(c, table, table_rows)
        elapsed = time.perf_counter() - start
        gc.enable()
        transaction.rollback()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--observations", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan = synthetic_plan(folder, args.observations)

        demo = fresh_context(args.database, folder, "demo")
        start = time.perf_counter()
        init_database(demo)
        load_plan(demo, demo_plan_path())
        init_demo = time.perf_counter() - start
        demo.dispose()

        ctx = fresh_context(args.database, folder, "big")
        init_database(ctx)
        start = time.perf_counter()
        first = load_plan(ctx, plan)
        load_s = time.perf_counter() - start
        start = time.perf_counter()
        again = load_plan(ctx, plan)
        reload_s = time.perf_counter() - start
        assert again.summary.total == 0 and first.counts["observations"] == args.observations
        baseline = baseline_insert(ctx, args.observations)
        floor = storage_floor(ctx)
        ctx.dispose()

    print(f"database: {args.database}")
    print(f"luoshi init --demo (schema + Pingcheng plan): {init_demo:.2f} s")
    print(
        f"plan load, {args.observations} observations, first time: {load_s:.2f} s "
        f"({args.observations / load_s:,.0f} observations/s)"
    )
    print(f"plan load, same file again (no change): {reload_s:.2f} s")
    print(f"baseline, bare executemany of the same rows: {baseline:.3f} s")
    print(
        f"storage floor, the loaded observation rows and audit entries written again: {floor:.3f} s "
        f"({floor / baseline:.1f}x the baseline)"
    )
    print(
        f"RESULT database={args.database} init_demo_s={init_demo:.2f} observations={args.observations} "
        f"load_s={load_s:.2f} reload_s={reload_s:.2f} baseline_insert_s={baseline:.3f} "
        f"load_vs_baseline={load_s / baseline:.1f}x storage_floor_s={floor:.3f} "
        f"floor_vs_baseline={floor / baseline:.1f}x"
    )


if __name__ == "__main__":
    main()
