"""The supervision office's bulletin (督查通报), for a reporting round or as of a date: the overdue
supervision matters, the units that reported late or not at all, and the units' ranking (考核排名), as a
Word document and as a workbook.

The document has the evaluation report's GB/T 9704 layout (:func:`luoshi.report.evaluation.new_document`),
with the office's name and the date as its 落款 and the data version in the footer. Pure: it takes the
gathered :class:`SupervisionBulletin` (figures already written by :mod:`luoshi.report.present`) and
returns bytes.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from pydantic import BaseModel, Field

from luoshi.report.evaluation import (
    PERCENT_FORMAT,
    add_body,
    add_signature,
    add_table,
    new_document,
    ordinal,
    paint_status,
    sheet_header,
)
from luoshi.report.present import date_text, version_note
from luoshi.report.unit_report import TIMELINESS_STATUS

OVERDUE_COLUMNS = ("督办事项", "牵头单位", "完成时限", "逾期", "办理状态")
REPORTER_COLUMNS = ("填报轮次", "单位", "截止日期", "报送情况", "提交日期", "催报")
RANK_COLUMNS = ("名次", "单位", "得分")


class OverdueMatter(BaseModel):
    code: str
    title: str
    lead_unit: str
    assisting_units: str
    deadline: date
    days_overdue: int
    days_overdue_text: str
    state_label: str


class Reporter(BaseModel):
    """A unit that reported late or has not reported in a round due by the bulletin's day."""

    round_code: str
    round_title: str
    unit_code: str
    unit_name: str
    due: date
    timeliness: str = Field(description="late or missing")
    timeliness_label: str
    first_submitted: date | None
    reminders: int


class RankCriterion(BaseModel):
    rate: float | None
    rate_text: str = Field(description="85%（17/20）, or 无数据")


class RankLine(BaseModel):
    rank: int | None
    unit_code: str
    unit_name: str
    score: float | None
    score_text: str
    criteria: list[RankCriterion]


class SupervisionBulletin(BaseModel):
    """Everything a 督查通报 says, read at ``data_version``."""

    office: str = Field(description="the issuing office, its 落款")
    as_of: date
    round_title: str | None = Field(description="the round the bulletin is about, or None: every round of the year")
    year: int = Field(description="the year of the rounds and of the ranking")
    matters_total: int
    matters_open: int
    matters_closed: int
    overdue: list[OverdueMatter]
    units_owing: int = Field(description="submissions due by the day (units × rounds)")
    on_time: int
    late: list[Reporter]
    missing: list[Reporter]
    criterion_labels: list[str]
    ranking: list[RankLine]
    data_version: int
    made_on: date

    @property
    def title(self) -> str:
        return "督查通报"

    @property
    def subtitle(self) -> str:
        scope = self.round_title or f"{self.year}年各填报轮次"
        return f"（{scope} · 截至{date_text(self.as_of)}）"

    @property
    def footer_note(self) -> str:
        return version_note(self.data_version, self.made_on)


def summary_sentences(b: SupervisionBulletin) -> list[str]:
    """The 总体情况 paragraph: matters and reporting counted."""
    matters = (
        f"截至{date_text(b.as_of)}，共交办督办事项 {b.matters_total} 项，已办结 {b.matters_closed} 项，"
        f"办理中 {b.matters_open} 项，其中已逾期 {len(b.overdue)} 项。"
    )
    reporting = (
        f"{b.round_title or f'{b.year}年各填报轮次'}应报送 {b.units_owing} 家次，按时报送 {b.on_time} 家次，"
        f"逾期报送 {len(b.late)} 家次，未报送 {len(b.missing)} 家次。"
    )
    return [matters, reporting]


def _reporter_row(r: Reporter) -> list[str]:
    submitted = r.first_submitted.isoformat() if r.first_submitted else ""
    return [r.round_title, r.unit_name, r.due.isoformat(), r.timeliness_label, submitted, str(r.reminders)]


def docx_bytes(b: SupervisionBulletin) -> bytes:
    """The bulletin as a Word document (GB/T 9704 layout, 落款 the office and the date)."""
    word = new_document(b.footer_note)
    word.add_paragraph(b.title, style=word.styles["Title"])
    word.add_paragraph(b.subtitle, style=word.styles["副标题"])

    word.add_heading(f"{ordinal(1)}、总体情况", level=1)
    for line in summary_sentences(b):
        add_body(word, line)

    word.add_heading(f"{ordinal(2)}、逾期督办事项", level=1)
    if b.overdue:
        add_body(word, f"以下 {len(b.overdue)} 项督办事项已超过完成时限，请牵头单位抓紧办理并说明原因。")
        add_table(
            word,
            OVERDUE_COLUMNS,
            [[m.title, m.lead_unit, m.deadline.isoformat(), m.days_overdue_text, m.state_label] for m in b.overdue],
            (64, 30, 25, 16, 21),
        )
    else:
        add_body(word, "没有逾期的督办事项。")

    word.add_heading(f"{ordinal(3)}、逾期报送和未报送单位", level=1)
    if b.late or b.missing:
        add_body(word, f"逾期报送 {len(b.late)} 家次，未报送 {len(b.missing)} 家次，请有关单位按要求及时报送。")
        add_table(word, REPORTER_COLUMNS, [_reporter_row(r) for r in [*b.missing, *b.late]], (38, 28, 25, 27, 25, 13))
    else:
        add_body(word, "各单位均按时报送。")

    word.add_heading(f"{ordinal(4)}、单位考核排名", level=1)
    if b.ranking:
        add_body(word, f"按{b.year}年{'、'.join(b.criterion_labels)}计分（满分 100 分），排名如下。")
        width = 100 / max(1, len(b.criterion_labels))
        add_table(
            word,
            (*RANK_COLUMNS, *b.criterion_labels),
            [
                [str(r.rank) if r.rank else "—", r.unit_name, r.score_text, *(c.rate_text for c in r.criteria)]
                for r in b.ranking
            ],
            (12, 30, 14, *(width for _ in b.criterion_labels)),
        )
    else:
        add_body(word, f"{b.year}年没有可计分的单位。")
    add_signature(word, b.office, date_text(b.made_on))
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def xlsx_bytes(b: SupervisionBulletin) -> bytes:
    """The bulletin as a workbook: 逾期事项, 报送情况 (late in yellow, missing in red), 排名 and 说明."""
    book = Workbook()
    overdue = book.active
    assert overdue is not None
    overdue.title = "逾期事项"
    sheet_header(
        overdue, ("编号", *OVERDUE_COLUMNS[:3], "逾期天数", "办理状态", "配合单位"), (12, 44, 18, 12, 9, 12, 24)
    )
    for row, m in enumerate(b.overdue, start=2):
        overdue.append([m.code, m.title, m.lead_unit, m.deadline, m.days_overdue, m.state_label, m.assisting_units])
        overdue.cell(row, 4).number_format = "yyyy-mm-dd"
        paint_status(overdue.cell(row, 5), "deterioration")
    overdue.freeze_panes = "C2"

    reporters = book.create_sheet("报送情况")
    sheet_header(reporters, REPORTER_COLUMNS, (36, 22, 12, 16, 12, 9))
    for row, who in enumerate([*b.missing, *b.late], start=2):
        reporters.append(
            [who.round_title, who.unit_name, who.due, who.timeliness_label, who.first_submitted, who.reminders]
        )
        for column in (3, 5):
            reporters.cell(row, column).number_format = "yyyy-mm-dd"
        paint_status(reporters.cell(row, 4), TIMELINESS_STATUS[who.timeliness])
    reporters.freeze_panes = "C2"

    ranking = book.create_sheet("排名")
    sheet_header(ranking, (*RANK_COLUMNS, *b.criterion_labels), (6, 24, 8, *(12 for _ in b.criterion_labels)))
    for row, r in enumerate(b.ranking, start=2):
        ranking.append([r.rank, r.unit_name, r.score, *(c.rate for c in r.criteria)])
        ranking.cell(row, 3).number_format = "0.0"
        for offset in range(len(r.criteria)):
            ranking.cell(row, 4 + offset).number_format = PERCENT_FORMAT
    ranking.freeze_panes = "C2"

    about = book.create_sheet("说明")
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 70
    for pair in (
        ("报告", b.title + b.subtitle),
        ("发文单位", b.office),
        ("数据版本", b.data_version),
        ("生成日期", date_text(b.made_on)),
        *((f"概况{n}", line) for n, line in enumerate(summary_sentences(b), start=1)),
    ):
        about.append(list(pair))
    book.properties.title = b.title
    book.properties.subject = b.footer_note
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
