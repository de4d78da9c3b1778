"""How long a filled-in reporting spreadsheet of 100,000 lines takes to import into the database, as a ratio
to openpyxl merely reading the same file in the same run.

Setup (not timed): a synthetic plan whose one unit owns 90,000 indicators (levels in 亿元, 万人 and 个,
each with a 2023 figure as its last value; every ninth with a growth target, so that a round asks its
growth rate too, half of them with a 2023 growth figure) is written as a plan file and loaded with
``load_plan`` into a fresh database (a SQLite file in a temporary folder by default; ``--database URL``
for PostgreSQL, in a private schema dropped at the end). A 2024 round is opened with ``open_round`` and
ranges are set for every seventh indicator. The unit's template is written by ``sheets.template``, every
本期值 filled in with openpyxl (every 50th line a jump, confirmed with 是) and the workbook saved whole in
openpyxl's normal mode, as a spreadsheet program saves it (a ``<dimension>``; openpyxl writes strings
inline where Excel would share them). Then, in alternation, ``--repeat`` times each (the best run counts;
the machine may be shared):

- ``bare_read_s``: ``load_workbook(read_only=True)`` and every row's values of every sheet, nothing else;
- ``validate_s``: ``read_upload`` (stamp, header, formula and merged-cell scan, every cell parsed into
  entries) and ``check_against`` the round's lines, with no database: the file side alone;
- ``import_s``: ``sheets.import_sheet`` of the same bytes, the real upload: read, the round and the
  submission locked, what it asks (lines with their last values) and its rules read, stamp and every line
  checked, 100,000 values and their audit entries written and the draft committed.

Every import starts from the same state, the unit's submission pending with no values: after each timed
import the benchmark checks that 100,000 values were created, then restores that state (untimed) by
deleting the values, the submission's trail event and the import's audit entries, and setting the
submission back to pending (only the data version counter, which never goes back, moves on). So every
run is a first upload that really writes 100,000 values.

``ratio`` is import_s / bare_read_s (goal of the reporting issue: at most 3). ``import_sheet`` pauses the
cycle collector while it runs and ``validate_s`` runs with it on, so import_s may come out below validate_s.

    .venv/bin/python benchmarks/import.py [--rows 100000] [--repeat 3] [--database URL] [--profile FILE]

``--profile FILE`` also runs one more import under cProfile (after the timed runs) and writes its stats.
Prints the timings, then one line:
``RESULT rows=... bare_read_s=... validate_s=... import_s=... rows_per_s=... ratio=...``.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import create_engine, delete, select, text, update

from luoshi.domain.account import Role, User
from luoshi.ingest.workbook import INDICATOR_SHEET, YES, SheetCheck, check_against, read_upload
from luoshi.services import rounds, sheets
from luoshi.services.context import Context
from luoshi.services.plans import init_database, load_plan
from luoshi.storage.tables import AuditRow, RoundRow, RoundValueRow, SubmissionEventRow, SubmissionRow, UnitRow

UNITS = ("亿元", "万人", "个")
UNIT = "bench-tjj"
PLANNER = User("bench-planner", Role.PLANNER)
REPORTER = User("bench-reporter", Role.REPORTER, unit_code=UNIT)
GROWTH_EVERY = 9  # indicators 0, 9, 18, ... have a growth target: a growth line too


def indicator_count(rows: int) -> int:
    """How many indicators give ``rows`` lines when every ninth one gives two."""
    n = rows * GROWTH_EVERY // (GROWTH_EVERY + 1)
    while n + (n + GROWTH_EVERY - 1) // GROWTH_EVERY < rows:
        n += 1
    while n + (n + GROWTH_EVERY - 1) // GROWTH_EVERY > rows:
        n -= 1
    return n


def synthetic_plan(folder: Path, rows: int) -> tuple[Path, int]:
    """A plan file of one unit owning indicators for ``rows`` lines (when ``rows`` allows it exactly)."""
    indicators = indicator_count(rows)
    out = [
        "luoshi: plan/1",
        "plan: {code: bench, name: 基准规划, region: '990101', start_year: 2021, end_year: 2025}",
        "regions: [{code: '990101', name: 基准区, level: district}]",
        f"units: [{{code: {UNIT}, name: 基准统计局, region: '990101'}}]",
        "goals:",
    ]
    out += [f"  - {{code: G{g}, name: 目标{g}, kind: pillar}}" for g in range(10)]
    out.append("indicators:")
    for i in range(indicators):
        growth = i % GROWTH_EVERY == 0
        targets = f"{{value: {1000 + i}, target_year: 2025}}"
        if growth:
            targets += ", {measure: growth, value: 6.5, base_year: 2020, target_year: 2025, annualized: true}"
        observations = f"{{period: 2023, value: {100 + i % 97}}}"
        if growth and i % (2 * GROWTH_EVERY) == 0:
            observations += ", {period: 2023, measure: growth, value: 5.0}"
        out.append(
            f"  - {{code: ind{i:06d}, name: 指标{i}, unit: {UNITS[i % 3]}, owner: {UNIT}, goals: [G{i % 10}], "
            f"targets: [{targets}], observations: [{observations}]}}"
        )
    path = folder / "bench.yaml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path, indicators + (indicators + GROWTH_EVERY - 1) // GROWTH_EVERY


def fresh_context(database: str | None, folder: Path) -> tuple[Context, str | None]:
    """A context on an empty database, and the PostgreSQL schema made for it (to drop at the end)."""
    if not database or database == "sqlite":
        return Context.from_url(f"sqlite:///{folder / 'bench.db'}", actor="bench"), None
    schema = f"bench_import_{uuid.uuid4().hex[:8]}"
    engine = create_engine(database)
    with engine.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    separator = "&" if "?" in database else "?"
    return Context.from_url(f"{database}{separator}options=-csearch_path%3D{schema}", actor="bench"), schema


def drop_schema(database: str, schema: str) -> None:
    engine = create_engine(database)
    with engine.begin() as c:
        c.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def filled_workbook(template: bytes) -> bytes:
    """The template with every 本期值 filled in (a jump, confirmed, on every 50th line) and saved whole."""
    book = load_workbook(io.BytesIO(template))
    sheet = book[INDICATOR_SHEET]
    for row in range(2, sheet.max_row + 1):
        last = sheet.cell(row, 5).value
        jump = row % 50 == 0
        if last is None:
            value = 6.5 if sheet.cell(row, 3).value == "%" else 1.0
        else:
            value = round(float(last) * (3 if jump else 1.05), 2)
        sheet.cell(row, 7, value)
        if jump and last is not None:
            sheet.cell(row, 9, YES)
    out = io.BytesIO()
    book.save(out)
    book.close()
    return out.getvalue()


def bare_read(data: bytes) -> tuple[float, int]:
    gc.collect()
    start = time.perf_counter()
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = 0
    for sheet in book.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            rows += 1
    book.close()
    return time.perf_counter() - start, rows


def validate(data: bytes, ctx: Context, round_code: str) -> tuple[float, int, SheetCheck]:
    """read_upload + check_against the round's lines, with the lines and rules read beforehand."""
    with ctx.reading() as uow:
        rnd = uow.rounds.round(round_code)
        lines = tuple(rounds.AskedOfUnit(uow, rnd, UNIT).lines.values())
        rules = rounds.reporting_rules(uow, rnd.plan_code)
    gc.collect()
    start = time.perf_counter()
    upload = read_upload(data, "bench.xlsx")
    check = check_against(lines, upload, rules)
    return time.perf_counter() - start, len(upload.entries), check


def import_once(ctx: Context, data: bytes) -> tuple[float, sheets.ImportResult]:
    gc.collect()
    start = time.perf_counter()
    result = sheets.import_sheet(ctx, REPORTER, data, "基准统计局.xlsx")
    return time.perf_counter() - start, result


def snapshot(ctx: Context, round_code: str) -> tuple[int, dict[str, object], int]:
    """The unit's submission (id and row) and the newest audit entry's id, before any import."""
    with ctx.engine.connect() as c:
        row = c.execute(
            select(SubmissionRow.__table__)
            .join(RoundRow, RoundRow.id == SubmissionRow.round_id)
            .join(UnitRow, UnitRow.id == SubmissionRow.unit_id)
            .where(RoundRow.code == round_code, UnitRow.code == UNIT)
        ).one()
        audit_from = int(c.scalar(select(AuditRow.id).order_by(AuditRow.id.desc()).limit(1)) or 0)
    values = dict(row._mapping)
    return int(values.pop("id")), values, audit_from


def restore(ctx: Context, state: tuple[int, dict[str, object], int]) -> None:
    """Back to the state before the first import: the submission's row as it was (pending), no values, no
    trail, and no audit entries after the ones there were."""
    submission, row, audit_from = state
    with ctx.engine.begin() as c:
        c.execute(delete(RoundValueRow).where(RoundValueRow.submission_id == submission))
        c.execute(delete(SubmissionEventRow).where(SubmissionEventRow.submission_id == submission))
        c.execute(update(SubmissionRow).where(SubmissionRow.id == submission).values(**row))
        c.execute(delete(AuditRow).where(AuditRow.id > audit_from))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", metavar="URL", help="a PostgreSQL URL (default: a SQLite file)")
    parser.add_argument("--profile", metavar="FILE", help="write cProfile stats of one more import here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ctx, schema = fresh_context(args.database, folder)
        try:
            start = time.perf_counter()
            plan, rows = synthetic_plan(folder, args.rows)
            init_database(ctx)
            load_plan(ctx, plan)
            rnd = rounds.open_round(ctx, PLANNER, "bench", "2024", date(2099, 1, 31))
            ranges = {f"ind{i:06d}": [0, 1e6] for i in range(0, indicator_count(args.rows), 7)}
            rounds.set_reporting_rules(ctx, PLANNER, "bench", {"ranges": ranges})
            setup_s = time.perf_counter() - start
            start = time.perf_counter()
            made = sheets.template(ctx, UNIT, rnd.code)
            template_s = time.perf_counter() - start
            data = filled_workbook(made.content)
            before = snapshot(ctx, rnd.code)

            bare: list[float] = []
            validated: list[float] = []
            imported: list[float] = []
            for _ in range(args.repeat):
                seconds, rows_read = bare_read(data)
                bare.append(seconds)
                seconds, entries, check = validate(data, ctx, rnd.code)
                validated.append(seconds)
                assert entries == rows and not check.errors, check.errors[:3]
                seconds, result = import_once(ctx, data)
                imported.append(seconds)
                assert result.values == rows and result.changed == rows, result
                assert not result.warnings, result.warnings[:3]
                restore(ctx, before)
            assert rows_read >= rows + 1
            if args.profile:
                profiler = cProfile.Profile()
                profiler.enable()
                sheets.import_sheet(ctx, REPORTER, data, "基准统计局.xlsx")
                profiler.disable()
                profiler.dump_stats(args.profile)
                restore(ctx, before)
            kind = ctx.engine.dialect.name
        finally:
            ctx.dispose()
            if schema is not None and args.database:
                drop_schema(args.database, schema)

    bare_s, validate_s, import_s = min(bare), min(validated), min(imported)
    rate = rows / import_s
    print(f"database: {kind}; setup (plan load, round, rules) {setup_s:.1f} s, not timed")
    print(f"rows: {rows:,} (file {len(data) / 1e6:.1f} MB); template written by sheets.template in {template_s:.2f} s")
    print(f"bare openpyxl read (read-only, all rows' values): {bare_s:.2f} s  runs: {_runs(bare)}")
    print(f"read_upload + check_against (no database): {validate_s:.2f} s  runs: {_runs(validated)}")
    print(f"sheets.import_sheet (read, check, save): {import_s:.2f} s ({rate:,.0f} rows/s)  runs: {_runs(imported)}")
    print(f"ratio to the bare read: {import_s / bare_s:.2f}x (goal: at most 3x)")
    print(
        f"RESULT rows={rows} bare_read_s={bare_s:.2f} validate_s={validate_s:.2f} import_s={import_s:.2f} "
        f"rows_per_s={rate:.0f} ratio={import_s / bare_s:.2f}"
    )


def _runs(seconds: list[float]) -> str:
    return " ".join(f"{s:.2f}" for s in seconds)


if __name__ == "__main__":
    main()
