"""How long a filled-in reporting spreadsheet of 100,000 lines takes to read and validate, as a ratio to
openpyxl merely reading the same file in the same run.

A synthetic round asks one unit for 100,000 figures (levels in 亿元, 万人 and 个, growth rates in %, with
last values, ranges for some indicators and the default jump share). The template is written with
``write_template``; every 本期值 is then filled in and the workbook saved as a spreadsheet program saves
it (openpyxl's normal mode: shared strings and a ``<dimension>``, as Excel writes them). Then, in
alternation, ``--repeat`` times each (the best run counts; the machine may be shared):

- ``bare_read_s``: ``load_workbook(read_only=True)`` and every row's values of every sheet, nothing else;
- ``import_s``: ``read_upload`` (stamp, header, formula and merged-cell scan, every cell parsed into
  entries) and ``check_against`` (unknown lines, units of measure, periods, ranges, jumps).

``ratio`` is import_s / bare_read_s (goal: at most 3). ``--database URL`` is where the database step goes:
it will time the rounds service saving the checked entries as one submission. That service
(``luoshi.services.rounds``) is not in this branch yet, so for now the option only says so and the script
measures read + validate.

    .venv/bin/python benchmarks/import.py [--rows 100000] [--repeat 3] [--database URL]

Prints the timings, then one line: ``RESULT rows=... bare_read_s=... import_s=... rows_per_s=... ratio=...``.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import io
import time
from datetime import date

from openpyxl import load_workbook

from luoshi.domain.rounds import Line, LineKey, ReportingRules, SheetStamp, SheetTemplate
from luoshi.domain.target import Measure
from luoshi.ingest.workbook import (
    FORMAT_VERSION,
    INDICATOR_SHEET,
    YES,
    SheetCheck,
    check_against,
    read_upload,
    template_digest,
    write_template,
)

UNITS = ("亿元", "万人", "个")


def synthetic_lines(rows: int) -> tuple[Line, ...]:
    """Every tenth line a growth rate in %, the others levels with a last value."""
    lines = []
    for i in range(rows):
        code = f"ind{i // 2:06d}"
        if i % 10 == 9:
            lines.append(Line(LineKey(code, Measure.GROWTH), f"指标{i // 2}增速", "%", "2024", 5.0, "2023"))
        else:
            lines.append(Line(LineKey(f"ind{i:06d}"), f"指标{i}", UNITS[i % 3], "2024", 100.0 + i % 97, "2023"))
    return tuple(lines)


def filled_workbook(template: SheetTemplate) -> bytes:
    """The template with every 本期值 filled in (a jump, confirmed, on every 50th line) and saved whole."""
    book = load_workbook(io.BytesIO(write_template(template)))
    sheet = book[INDICATOR_SHEET]
    for row, line in enumerate(template.lines, start=2):
        last = line.last_value or 0.0
        jump = row % 50 == 0
        sheet.cell(row, 7, round(last * (3 if jump else 1.05), 2))
        if jump:
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


def import_sheet(data: bytes, lines: tuple[Line, ...], rules: ReportingRules) -> tuple[float, int, SheetCheck]:
    gc.collect()
    start = time.perf_counter()
    upload = read_upload(data, "bench.xlsx")
    check = check_against(lines, upload, rules)
    return time.perf_counter() - start, len(upload.entries), check


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", metavar="URL", help="also save the entries through the rounds service")
    args = parser.parse_args()
    if args.database and importlib.util.find_spec("luoshi.services.rounds") is None:
        print("note: --database given, but the rounds service (luoshi.services.rounds) is not here yet: ")
        print("      measuring read + validate only")

    lines = synthetic_lines(args.rows)
    tasks: tuple[tuple[str, str], ...] = ()
    stamp = SheetStamp("bench-2024", "unit", FORMAT_VERSION, template_digest(lines, tasks))
    template = SheetTemplate(stamp, "基准填报", "基准单位", "2024", date(2025, 1, 31), lines, {}, tasks, {})
    rules = ReportingRules(ranges={f"ind{i:06d}": (0, 1e6) for i in range(0, args.rows, 7)})

    start = time.perf_counter()
    write_template(template)
    write_s = time.perf_counter() - start
    data = filled_workbook(template)

    bare: list[float] = []
    imported: list[float] = []
    for _ in range(args.repeat):
        seconds, rows_read = bare_read(data)
        bare.append(seconds)
        seconds, entries, check = import_sheet(data, lines, rules)
        imported.append(seconds)
        assert entries == args.rows and not check.errors and not check.warnings, check.errors[:3]
    assert rows_read >= args.rows + 1
    bare_s, import_s = min(bare), min(imported)
    rate = args.rows / import_s

    print(f"rows: {args.rows:,} (file {len(data) / 1e6:.1f} MB); template written in {write_s:.2f} s")
    print(f"bare openpyxl read (read-only, all rows' values): {bare_s:.2f} s  runs: {_runs(bare)}")
    print(f"read_upload + check_against: {import_s:.2f} s ({rate:,.0f} rows/s)  runs: {_runs(imported)}")
    print(f"ratio to the bare read: {import_s / bare_s:.2f}x (goal: at most 3x)")
    print(
        f"RESULT rows={args.rows} bare_read_s={bare_s:.2f} import_s={import_s:.2f} rows_per_s={rate:.0f} "
        f"ratio={import_s / bare_s:.2f}"
    )


def _runs(seconds: list[float]) -> str:
    return " ".join(f"{s:.2f}" for s in seconds)


if __name__ == "__main__":
    main()
