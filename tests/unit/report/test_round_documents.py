"""The round reports' documents built from plain values: what each says in its edge cases (nothing submitted,
no matters, no ranking), and who may read a unit's report."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from luoshi.domain.account import Role, User, sees_unit_reports
from luoshi.report import supervision_bulletin, unit_report
from luoshi.report.supervision_bulletin import SupervisionBulletin
from luoshi.report.unit_report import MatterLine, OwedLine, UnitRoundDocument

DAY = date(2024, 10, 22)


def _unit(**changes: object) -> UnitRoundDocument:
    values: dict[str, object] = {
        "round_code": "r",
        "round_title": "2024年1-9月规划实施情况填报",
        "period_label": "2024年1—9月",
        "due": date(2024, 10, 20),
        "unit_code": "pc-tjj",
        "unit_name": "平城区统计局",
        "state_label": "草稿",
        "timeliness": "missing",
        "timeliness_label": "未报送（已逾期）",
        "first_submitted": None,
        "returned_count": 0,
        "awaiting": None,
        "lines": [OwedLine(name="地区生产总值", unit="亿元", value_text="未填", last_text="—", filled=False)],
        "tasks": [],
        "indicators": [],
        "counts": {},
        "status_labels": {},
        "matters": [],
        "data_version": 7,
        "made_on": DAY,
    }
    values.update(changes)
    return UnitRoundDocument.model_validate(values)


def test_a_unit_that_has_not_submitted_and_has_no_matters() -> None:
    doc = Document(io.BytesIO(unit_report.docx_bytes(_unit())))
    text = [p.text for p in doc.paragraphs]
    summary = "本轮应填报数据 1 项、任务进展 0 项，已填报数据 0 项。本单位尚未提交，未报送（已逾期）；当前状态：草稿。"
    assert summary in text
    assert "本单位没有负责的指标。" in text and "本单位没有督办事项。" in text
    assert text[-2:] == ["平城区统计局", "2024年10月22日"]
    assert doc.paragraphs[-1].alignment == 2  # right-aligned 落款
    assert doc.sections[0].footer.paragraphs[1].text == "数据版本 7 · 2024年10月22日生成"
    assert len(doc.tables) == 1  # the figures asked; no task table without tasks


def test_a_returned_submission_awaiting_approval_and_its_matters() -> None:
    matter = MatterLine(
        code="DB1", title="报送清单", role="牵头", lead_unit="平城区统计局", deadline=date(2024, 10, 1),
        state_label="办理中", urgency="overdue", urgency_label="已逾期", days_overdue=21,
        days_overdue_text="21 天", closed=False, closed_on=None,
    )  # fmt: skip
    closed = matter.model_copy(update={"code": "DB2", "urgency": "none", "days_overdue": 0, "closed": True})
    doc = _unit(
        first_submitted=date(2024, 10, 21),
        timeliness="late",
        timeliness_label="逾期报送",
        state_label="待审核",
        awaiting="发改局审核",
        returned_count=2,
        matters=[matter, closed],
    )
    assert unit_report.submission_sentence(doc) == (
        "本单位于2024年10月21日提交，逾期报送；当前状态：待审核，待发改局审核，曾被退回 2 次。"
    )
    assert unit_report.matters_sentence(doc) == (
        "本单位牵头或配合的督办事项共 2 项：办理中 1 项（其中已逾期 1 项），已办结 1 项。"
    )
    book = load_workbook(io.BytesIO(unit_report.xlsx_bytes(doc)))
    rows = list(book["督办事项"].iter_rows(min_row=2))
    assert [r[5].value for r in rows] == [21, None]  # days overdue only where overdue
    assert [r[4].fill.fgColor.rgb[-6:] for r in rows] == ["C62828", "1B7F3B"]


def test_a_bulletin_with_nothing_to_report() -> None:
    quiet = SupervisionBulletin(
        office="平城区督查室", as_of=DAY, round_title=None, year=2024, matters_total=0, matters_open=0,
        matters_closed=0, overdue=[], units_owing=0, on_time=0, late=[], missing=[], criterion_labels=["按时报送率"],
        ranking=[], data_version=3, made_on=DAY,
    )  # fmt: skip
    text = [p.text for p in Document(io.BytesIO(supervision_bulletin.docx_bytes(quiet))).paragraphs]
    assert text[1] == "（2024年各填报轮次 · 截至2024年10月22日）"
    assert "没有逾期的督办事项。" in text and "各单位均按时报送。" in text and "2024年没有可计分的单位。" in text
    assert text[-2:] == ["平城区督查室", "2024年10月22日"]
    book = load_workbook(io.BytesIO(supervision_bulletin.xlsx_bytes(quiet)))
    assert book["逾期事项"].max_row == 1 and book["排名"]["D1"].value == "按时报送率"


@pytest.mark.parametrize(
    ("user", "unit", "sees"),
    [
        (User("li", Role.REPORTER, unit_code="pc-tjj"), "pc-tjj", True),
        (User("li", Role.REPORTER, unit_code="pc-tjj"), "pc-fgj", False),
        (User("wu", Role.UNIT_HEAD, unit_code="pc-tjj"), "pc-fgj", False),
        (User("wang", Role.VIEWER), "pc-fgj", True),
        (User("zhao", Role.SUPERVISOR), "pc-fgj", True),
        (User("old", Role.VIEWER, active=False), "pc-fgj", False),
        (None, "pc-fgj", False),
    ],
)
def test_who_sees_a_units_reports(user: User | None, unit: str, sees: bool) -> None:
    assert sees_unit_reports(user, unit) is sees
