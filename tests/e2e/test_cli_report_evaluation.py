"""``luoshi report evaluation`` end to end, as a separate process on a real database: the docx and the xlsx
it writes, opened with python-docx and openpyxl, and its refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from luoshi.config import Settings
from luoshi.services.cockpit import cockpit
from luoshi.services.context import Context
from tests.e2e.test_cli_plan import run

pytestmark = pytest.mark.e2e


def _loaded(database_url: str, tmp_path: Path, mini_plan: Path) -> int:
    assert run(["init"], database_url, tmp_path).returncode == 0
    assert run(["plan", "load", str(mini_plan)], database_url, tmp_path).returncode == 0
    ctx = Context.from_settings(Settings(database_url=database_url))
    try:
        return cockpit(ctx, "mini", include_simulated=False, year=2020).data_version
    finally:
        ctx.engine.dispose()


def test_report_evaluation_writes_docx_and_xlsx(database_url: str, tmp_path: Path, mini_plan: Path) -> None:
    version = _loaded(database_url, tmp_path, mini_plan)
    word = tmp_path / "监测报告.docx"
    made = run(
        ["report", "evaluation", "--year", "2020", "--format", "docx", "--output", str(word)], database_url, tmp_path
    )
    assert made.returncode == 0, made.stderr
    assert "已写入" in made.stdout and word.stat().st_size > 10_000
    doc = Document(str(word))
    assert doc.paragraphs[0].text.endswith("实施年度监测报告") and "截至2020年底" in doc.paragraphs[1].text
    assert abs(doc.sections[0].page_width - Mm(210)) < Mm(0.1)
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    gdp = next(r for r in rows if r[0] == "地区生产总值")
    assert gdp[1:5] == ["亿元", "2020年 428.2 亿元", "2020年 428.2 亿元", "2021—2025年年均增长 8.5%以上"]
    assert doc.sections[0].footer.paragraphs[1].text.startswith(f"数据版本 {version} · ")

    sheet_file = tmp_path / "监测报告.xlsx"
    made = run(
        ["report", "evaluation", "--year", "2020", "--format", "xlsx", "--output", str(sheet_file), "--plan", "mini"],
        database_url,
        tmp_path,
    )
    assert made.returncode == 0, made.stderr
    book = load_workbook(sheet_file)
    sheet = book["指标"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "gdp")
    assert row[headers.index("2018年")] == pytest.approx(394.5) and row[headers.index("2020年")] == pytest.approx(428.2)
    assert row[headers.index("目标")] == "2021—2025年年均增长 8.5%以上"
    assert {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True)}["数据版本"] == version

    mid = tmp_path / "中期.docx"
    made = run(["report", "evaluation", "--mid-term", "--output", str(mid)], database_url, tmp_path)
    assert made.returncode == 0, made.stderr
    assert Document(str(mid)).paragraphs[0].text.endswith("实施中期评估报告")


def test_report_evaluation_refuses_bad_input(database_url: str, tmp_path: Path, mini_plan: Path) -> None:
    _loaded(database_url, tmp_path, mini_plan)
    out = tmp_path / "x.docx"
    late = run(["report", "evaluation", "--year", "2040", "--output", str(out)], database_url, tmp_path)
    assert late.returncode == 2 and "评估年份" in late.stderr and not out.exists()
    unknown = run(["report", "evaluation", "--plan", "nope", "--output", str(out)], database_url, tmp_path)
    assert unknown.returncode == 2 and "nope" in unknown.stderr and not out.exists()
    bad = run(["report", "evaluation", "--format", "pdf", "--output", str(out)], database_url, tmp_path)
    assert bad.returncode == 2 and not out.exists()
