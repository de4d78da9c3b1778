"""``luoshi report unit`` and ``luoshi report supervision`` end to end, as separate processes on a real
database with the mini plan: a round, a submission, an overdue matter; the docx and xlsx they write, opened
with python-docx and openpyxl, and their refusals."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from luoshi.config import Settings
from luoshi.services.context import Context
from tests.e2e.test_cli_plan import run

pytestmark = pytest.mark.e2e

ROUND = "mini-2021Q4"


def _version(database_url: str) -> int:
    ctx = Context.from_settings(Settings(database_url=database_url))
    try:
        return ctx.data_version()
    finally:
        ctx.engine.dispose()


def _ok(args: list[str], database_url: str, tmp_path: Path) -> str:
    done = run(args, database_url, tmp_path)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_report_unit_and_supervision_write_docx_and_xlsx(database_url: str, tmp_path: Path, mini_plan: Path) -> None:
    _ok(["init"], database_url, tmp_path)
    _ok(["plan", "load", str(mini_plan)], database_url, tmp_path)
    _ok(["round", "open", "--period", "2021Q4", "--due", "2022-01-15", "--levels", "1"], database_url, tmp_path)
    overdue_by = (date.today() - timedelta(days=5)).isoformat()
    _ok(["supervise", "assign", "--title", "报送季度统计数据", "--lead", "tjj", "--deadline", overdue_by], database_url,
        tmp_path)  # fmt: skip
    version = _version(database_url)

    word = tmp_path / "统计局.docx"
    made = _ok(["report", "unit", "--unit", "tjj", "--round", ROUND, "--format", "docx", "--output", str(word)],
               database_url, tmp_path)  # fmt: skip
    assert "已写入" in made
    doc = Document(str(word))
    text = [p.text for p in doc.paragraphs]
    assert text[0].endswith("2021年第四季度规划实施情况报告")
    assert any("尚未提交，未报送（已逾期）" in t for t in text)
    matters = next(t for t in doc.tables if t.rows[0].cells[0].text == "督办事项")
    assert [c.text for c in matters.rows[1].cells][:2] == ["报送季度统计数据", "牵头"]
    assert matters.rows[1].cells[4].text == "5 天"
    assert doc.sections[0].footer.paragraphs[1].text.startswith(f"数据版本 {version} · ")

    sheet = tmp_path / "督查通报.xlsx"
    _ok(["report", "supervision", "--round", ROUND, "--format", "xlsx", "--output", str(sheet)], database_url, tmp_path)
    book = load_workbook(sheet)
    reporters = list(book["报送情况"].iter_rows(min_row=2, values_only=True))
    assert len(reporters) == 2 and {r[3] for r in reporters} == {"未报送（已逾期）"}
    overdue = list(book["逾期事项"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[4]) for r in overdue] == [("报送季度统计数据", 5)]
    about = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True)}
    assert about["数据版本"] == version

    bulletin = tmp_path / "通报.docx"
    _ok(["report", "supervision", "--as-of", "2022-01-10", "--output", str(bulletin)], database_url, tmp_path)
    paragraphs = [p.text for p in Document(str(bulletin)).paragraphs]
    assert paragraphs[0] == "督查通报" and "截至2022年1月10日" in paragraphs[1]


def test_report_unit_and_supervision_refusals(database_url: str, tmp_path: Path, mini_plan: Path) -> None:
    _ok(["init"], database_url, tmp_path)
    _ok(["plan", "load", str(mini_plan)], database_url, tmp_path)
    out = str(tmp_path / "x.docx")
    no_round = run(["report", "unit", "--unit", "tjj", "--output", out], database_url, tmp_path)
    assert no_round.returncode == 2 and "没有进行中的填报轮次" in no_round.stderr
    _ok(["round", "open", "--period", "2021Q4", "--due", "2022-01-15"], database_url, tmp_path)
    unknown = run(["report", "unit", "--unit", "无此单位", "--output", out], database_url, tmp_path)
    assert unknown.returncode == 2 and "没有单位 无此单位" in unknown.stderr
    bad_day = run(["report", "supervision", "--as-of", "2022-13-01", "--output", out], database_url, tmp_path)
    assert bad_day.returncode == 2 and "YYYY-MM-DD" in bad_day.stderr
    bad_format = run(["report", "supervision", "--format", "pdf", "--output", out], database_url, tmp_path)
    assert bad_format.returncode == 2
    assert not Path(out).exists()
