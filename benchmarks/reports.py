"""How long the evaluation report (docx and xlsx) of a 2,000-indicator plan takes, against a bare write.

The plan is the one ``benchmarks/web.py`` generates (2,000 indicators × ten years, 8 goals, overdue tasks),
loaded into a SQLite database in a temporary folder. Measured in the same run:

- ``gather_s``: ``services.reports.evaluation_document`` (one read snapshot, the plan assessed as of 2024),
  cold (a fresh context) — what both formats share;
- ``docx_s`` / ``xlsx_s``: ``report.evaluation.docx_bytes`` / ``xlsx_bytes`` on the gathered report (styles,
  fonts, charts, fills, number formats);
- ``bare_docx_s`` / ``bare_xlsx_s``: python-docx / openpyxl writing the same cells as bare tables (one
  ``add_table`` per table of the report, ``cell.text``; one ``append`` per row), saved to memory;
- ``*_ratio``: the report over the bare write (goal: within 3×), and ``total_docx_s`` (gather + docx, goal
  under 10 s).

    .venv/bin/python benchmarks/reports.py [--indicators 2000] [--repeat 3]

Prints the timings, then one line: ``RESULT key=value ...``. Times are the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from docx import Document
from openpyxl import Workbook

from luoshi.config import Settings
from luoshi.report import evaluation as ev
from luoshi.services.context import Context
from luoshi.services.plans import init_database, load_plan
from luoshi.services.reports import evaluation_document

YEAR = 2024


def _synthetic_plan() -> Callable[[Path, int, int], Path]:
    """``benchmarks/web.py``'s plan generator (loaded by path: the benchmarks are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_web", Path(__file__).with_name("web.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module.synthetic_plan  # type: ignore[no-any-return]


def best(runs: int, action: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return min(times), result


def tables_of(report: ev.EvaluationDocument) -> list[list[list[str]]]:
    """The cells of every table of the document, as text: each goal's, the gap list, the overdue tasks."""
    tables = [
        [list(ev.SECTION_COLUMNS)]
        + [[r.name, r.unit, r.base_text, r.current_text, r.target_text, r.status_label] for r in s.rows]
        for s in report.sections
    ]
    tables.append(
        [list(ev.GAP_COLUMNS)]
        + [
            [g.name, g.owner or "", g.current_text, g.target_value_text, g.gap_text, g.completion_text,
             g.time_elapsed_text]
            for g in report.gaps
        ]
    )  # fmt: skip
    tables.append(
        [list(ev.OVERDUE_COLUMNS)] + [[t.name, t.lead_unit, t.deadline, t.status_label] for t in report.overdue]
    )
    return tables


def bare_docx(tables: list[list[list[str]]]) -> bytes:
    doc = Document()
    for table in tables:
        made = doc.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(made.rows, table, strict=True):
            for cell, text in zip(row.cells, values, strict=True):
                cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def sheet_rows(report: ev.EvaluationDocument) -> tuple[list[list[object]], list[list[object]]]:
    """The workbook's cells: one row per indicator (series, target, status, provenance) and the gap list."""
    seen: dict[str, list[object]] = {}
    for s in report.sections:
        for r in s.rows:
            seen.setdefault(
                r.code,
                [r.code, r.name, r.unit, r.kind_label, s.name, r.owner or "", *(r.series.get(y) for y in report.years),
                 r.target_text, r.target_value, r.target_year, r.status_label, r.completion, r.data_source, r.sources],
            )  # fmt: skip
    gaps: list[list[object]] = [
        [g.name, g.unit, g.owner or "", g.status_label, g.current_value, g.current_year, g.target_value,
         g.target_year, g.gap_text, g.completion, g.time_elapsed, g.needed_rate]
        for g in report.gaps
    ]  # fmt: skip
    return list(seen.values()), gaps


def bare_xlsx(indicators: list[list[object]], gaps: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in indicators:
        sheet.append(row)
    second = book.create_sheet("gaps")
    for row in gaps:
        second.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        plan = _synthetic_plan()(Path(folder), args.indicators, args.seed)
        url = f"sqlite:///{Path(folder) / 'bench-reports.db'}"
        ctx = Context.from_settings(Settings(database_url=url))
        init_database(ctx)
        start = time.perf_counter()
        load_plan(ctx, plan)
        print(f"plan of {args.indicators} indicators loaded in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        report = evaluation_document(ctx, year=YEAR)
        gather_s = time.perf_counter() - start  # cold: read and assessed from the database
        ctx.engine.dispose()
        ev.cjk_font_path()  # the font search is once per process; not part of a report
        docx_s, docx = best(args.repeat, lambda: ev.docx_bytes(report))
        xlsx_s, xlsx = best(args.repeat, lambda: ev.xlsx_bytes(report))
        tables = tables_of(report)
        indicators, gaps = sheet_rows(report)
        bare_docx_s, _ = best(args.repeat, lambda: bare_docx(tables))
        bare_xlsx_s, _ = best(args.repeat, lambda: bare_xlsx(indicators, gaps))
    cells = sum(len(t) * len(t[0]) for t in tables)
    assert isinstance(docx, bytes) and isinstance(xlsx, bytes)
    print(f"report: {report.total} indicators, {len(report.sections)} sections, {len(report.gaps)} gaps, "
          f"{len(report.overdue)} overdue tasks; {cells:,} table cells in the docx")  # fmt: skip
    print(f"gather (one snapshot, assessed as of {YEAR}): {gather_s:.2f} s")
    print(f"docx: {docx_s:.2f} s ({len(docx) / 1e6:.1f} MB)  bare python-docx tables: {bare_docx_s:.2f} s")
    print(f"xlsx: {xlsx_s:.2f} s ({len(xlsx) / 1e6:.1f} MB)  bare openpyxl rows: {bare_xlsx_s:.2f} s")
    print(
        f"RESULT indicators={report.total} gather_s={gather_s:.2f} docx_s={docx_s:.2f} bare_docx_s={bare_docx_s:.2f} "
        f"docx_ratio={docx_s / bare_docx_s:.2f} xlsx_s={xlsx_s:.2f} bare_xlsx_s={bare_xlsx_s:.2f} "
        f"xlsx_ratio={xlsx_s / bare_xlsx_s:.2f} total_docx_s={gather_s + docx_s:.2f}"
    )


if __name__ == "__main__":
    main()
