"""A unit's round report (单位填报情况报告): what the unit owed in a reporting round, what it submitted and
when, its indicators' status and gaps, and its supervision matters, as a Word document and as a workbook.

The document has the evaluation report's GB/T 9704 layout (:func:`luoshi.report.evaluation.new_document`),
with the unit's name and the date as its 落款 and the data version in the footer. Pure: it takes the
gathered :class:`UnitRoundDocument` (figures already written by :mod:`luoshi.report.present`) and returns
bytes.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from pydantic import BaseModel, Field

from luoshi.report.evaluation import (
    PERCENT_FORMAT,
    SIMULATED_MARK,
    add_body,
    add_signature,
    add_table,
    counts_sentence,
    new_document,
    ordinal,
    paint_status,
    sheet_header,
)
from luoshi.report.present import date_text, version_note

LINE_COLUMNS = ("指标", "单位", "本期填报", "上期值")
TASK_COLUMNS = ("任务", "进展状态", "完成进度", "本期报告")
INDICATOR_COLUMNS = ("指标", "最新值", "目标值", "状态", "完成率", "差距")
MATTER_COLUMNS = ("督办事项", "角色", "完成时限", "办理状态", "逾期")
#: the colour of an overdue matter or a late submission in the workbook (the cockpit's red, yellow)
URGENCY_STATUS = {"overdue": "deterioration", "due_soon": "acceleration_needed", "none": "on_track"}
TIMELINESS_STATUS = {"on_time": "on_track", "late": "acceleration_needed", "missing": "deterioration"}


class OwedLine(BaseModel):
    """A figure the round asked of the unit, and what it entered (printed as typed)."""

    name: str
    unit: str
    value_text: str = Field(description="the value entered, or 未填")
    last_text: str = Field(description="the last stored value before the round's period, with its period")
    filled: bool


class OwedTask(BaseModel):
    name: str
    status_label: str
    percent_text: str
    reported: bool
    text: str


class IndicatorLine(BaseModel):
    code: str
    name: str
    unit: str
    latest_text: str
    target_text: str
    status: str
    status_label: str
    completion: float | None
    completion_text: str
    gap_text: str = Field(description="the gap to the target (对照找差距), — when not behind")
    uses_simulated: bool


class MatterLine(BaseModel):
    code: str
    title: str
    role: str = Field(description="牵头 or 配合")
    lead_unit: str
    deadline: date
    state_label: str
    urgency: str = Field(description="none, due_soon or overdue on the report's day")
    urgency_label: str
    days_overdue: int
    days_overdue_text: str
    closed: bool
    closed_on: date | None


class UnitRoundDocument(BaseModel):
    """Everything a unit's round report says, read at ``data_version``."""

    round_code: str
    round_title: str
    period_label: str
    due: date
    unit_code: str
    unit_name: str
    state_label: str
    timeliness: str
    timeliness_label: str
    first_submitted: date | None
    returned_count: int
    awaiting: str | None
    lines: list[OwedLine]
    tasks: list[OwedTask]
    indicators: list[IndicatorLine]
    counts: dict[str, int] = Field(description="the unit's indicators by status, in the cockpit's order")
    status_labels: dict[str, str]
    matters: list[MatterLine]
    data_version: int
    made_on: date

    @property
    def title(self) -> str:
        return f"{self.unit_name}{self.period_label}规划实施情况报告"

    @property
    def footer_note(self) -> str:
        return version_note(self.data_version, self.made_on)

    @property
    def filled(self) -> int:
        return sum(1 for line in self.lines if line.filled)

    @property
    def overdue_matters(self) -> list[MatterLine]:
        return [m for m in self.matters if m.urgency == "overdue"]

    @property
    def open_matters(self) -> list[MatterLine]:
        return [m for m in self.matters if not m.closed]

    @property
    def closed_matters(self) -> list[MatterLine]:
        return [m for m in self.matters if m.closed]


def _marked(name: str, simulated: bool) -> str:
    return name + SIMULATED_MARK if simulated else name


def submission_sentence(doc: UnitRoundDocument) -> str:
    """The submission in one sentence: when it was submitted, on time or not, and where it stands."""
    when = f"于{date_text(doc.first_submitted)}提交" if doc.first_submitted else "尚未提交"
    text = f"本单位{when}，{doc.timeliness_label}；当前状态：{doc.state_label}"
    if doc.awaiting:
        text += f"，待{doc.awaiting}"
    if doc.returned_count:
        text += f"，曾被退回 {doc.returned_count} 次"
    return text + "。"


def matters_sentence(doc: UnitRoundDocument) -> str:
    """The supervision matters counted: all, open (of them overdue), closed."""
    if not doc.matters:
        return "本单位没有督办事项。"
    return (
        f"本单位牵头或配合的督办事项共 {len(doc.matters)} 项：办理中 {len(doc.open_matters)} 项"
        f"（其中已逾期 {len(doc.overdue_matters)} 项），已办结 {len(doc.closed_matters)} 项。"
    )


def docx_bytes(doc: UnitRoundDocument) -> bytes:
    """The unit's round report as a Word document (GB/T 9704 layout, 落款 the unit and the date)."""
    word = new_document(doc.footer_note)
    word.add_paragraph(doc.title, style=word.styles["Title"])
    word.add_paragraph(f"（{doc.round_title} · 截止日期{date_text(doc.due)}）", style=word.styles["副标题"])

    word.add_heading(f"{ordinal(1)}、报送情况", level=1)
    add_body(
        word,
        f"本轮应填报数据 {len(doc.lines)} 项、任务进展 {len(doc.tasks)} 项，已填报数据 {doc.filled} 项。"
        + submission_sentence(doc),
    )
    if doc.lines:
        add_table(
            word,
            LINE_COLUMNS,
            [[line.name, line.unit, line.value_text, line.last_text] for line in doc.lines],
            (60, 20, 38, 38),
        )
    if doc.tasks:
        add_table(
            word,
            TASK_COLUMNS,
            [[t.name, t.status_label, t.percent_text, "已报" if t.reported else "未报"] for t in doc.tasks],
            (80, 26, 26, 24),
        )

    word.add_heading(f"{ordinal(2)}、负责指标进展", level=1)
    if doc.indicators:
        order = list(doc.counts)
        add_body(
            word,
            f"本单位负责指标 {len(doc.indicators)} 项：{counts_sentence(doc.counts, doc.status_labels, order)}。",
        )
        add_table(
            word,
            INDICATOR_COLUMNS,
            [
                [
                    _marked(i.name, i.uses_simulated),
                    i.latest_text,
                    i.target_text,
                    i.status_label,
                    i.completion_text,
                    i.gap_text,
                ]
                for i in doc.indicators
            ],
            (36, 28, 34, 20, 16, 22),
        )
    else:
        add_body(word, "本单位没有负责的指标。")

    word.add_heading(f"{ordinal(3)}、督查督办事项", level=1)
    add_body(word, matters_sentence(doc))
    if doc.matters:
        add_table(
            word,
            MATTER_COLUMNS,
            [
                [m.title, m.role, m.deadline.isoformat(), m.state_label, m.days_overdue_text if m.days_overdue else ""]
                for m in doc.matters
            ],
            (72, 14, 26, 22, 22),
        )
    add_signature(word, doc.unit_name, date_text(doc.made_on))
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def xlsx_bytes(doc: UnitRoundDocument) -> bytes:
    """The unit's round report as a workbook: 报送情况, 填报指标, 任务进展, 指标进展 (status colours),
    督办事项 (overdue in red) and 说明 (the data version)."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "报送情况"
    sheet_header(summary, ("项目", "内容"), (16, 60))
    for pair in (
        ("单位", doc.unit_name),
        ("轮次", doc.round_title),
        ("报告期", doc.period_label),
        ("截止日期", doc.due),
        ("首次提交", doc.first_submitted),
        ("报送情况", doc.timeliness_label),
        ("当前状态", doc.state_label),
        ("退回次数", doc.returned_count),
        ("应填报数据", len(doc.lines)),
        ("已填报数据", doc.filled),
        ("应报任务", len(doc.tasks)),
    ):
        summary.append(list(pair))
    for row in (5, 6):
        summary.cell(row, 2).number_format = "yyyy-mm-dd"
    if doc.timeliness in TIMELINESS_STATUS:
        paint_status(summary.cell(7, 2), TIMELINESS_STATUS[doc.timeliness])
    summary.freeze_panes = "A2"

    lines = book.create_sheet("填报指标")
    sheet_header(lines, (*LINE_COLUMNS, "已填"), (34, 10, 16, 22, 8))
    for line in doc.lines:
        lines.append([line.name, line.unit, line.value_text, line.last_text, "是" if line.filled else "否"])
    lines.freeze_panes = "B2"

    tasks = book.create_sheet("任务进展")
    sheet_header(tasks, (*TASK_COLUMNS, "进展说明"), (44, 12, 10, 10, 50))
    for t in doc.tasks:
        tasks.append([t.name, t.status_label, t.percent_text, "已报" if t.reported else "未报", t.text])
    tasks.freeze_panes = "B2"

    indicators = book.create_sheet("指标进展")
    sheet_header(indicators, ("编码", *INDICATOR_COLUMNS), (12, 30, 20, 30, 12, 9, 18))
    for row, i in enumerate(doc.indicators, start=2):
        indicators.append(
            [i.code, _marked(i.name, i.uses_simulated), i.latest_text, i.target_text, i.status_label, i.completion,
             i.gap_text]
        )  # fmt: skip
        paint_status(indicators.cell(row, 5), i.status)
        indicators.cell(row, 6).number_format = PERCENT_FORMAT
    indicators.freeze_panes = "C2"

    matters = book.create_sheet("督办事项")
    sheet_header(matters, ("编号", *MATTER_COLUMNS[:4], "逾期天数", "办结日期"), (12, 44, 8, 12, 12, 9, 12))
    for row, m in enumerate(doc.matters, start=2):
        matters.append([m.code, m.title, m.role, m.deadline, m.state_label, m.days_overdue or None, m.closed_on])
        matters.cell(row, 4).number_format = "yyyy-mm-dd"
        matters.cell(row, 7).number_format = "yyyy-mm-dd"
        paint_status(matters.cell(row, 5), URGENCY_STATUS[m.urgency] if not m.closed else "target_achieved")
    matters.freeze_panes = "C2"

    about = book.create_sheet("说明")
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 60
    for pair in (
        ("报告", doc.title),
        ("数据版本", doc.data_version),
        ("生成日期", date_text(doc.made_on)),
        ("状态颜色", "与驾驶舱一致；督办事项红色为已逾期，黄色为即将到期"),
    ):
        about.append(list(pair))
    book.properties.title = doc.title
    book.properties.subject = doc.footer_note
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
