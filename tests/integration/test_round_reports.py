"""A unit's round report and the 督查通报 of the Pingcheng demo: the docx opened with python-docx and the xlsx
with openpyxl, their figures checked against the services the pages use (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from luoshi.domain.errors import InvalidValue, NotFound
from luoshi.report import present
from luoshi.report.evaluation import STATUS_COLOURS
from luoshi.services import supervision
from luoshi.services.context import Context
from luoshi.services.progress import assess_plan, gap_list
from luoshi.services.ranking import unit_ranking
from luoshi.services.round_reports import supervision_file, unit_round_document, unit_round_file
from luoshi.services.rounds import round_status, submission_view, today
from tests.conftest import require_postgres
from tests.demo_db import DemoDatabases

pytestmark = pytest.mark.integration

ROUND = "pingcheng-14-2024YTD09"
UNIT = "pc-shenpi"  # late in the 2024 round, lead of an overdue matter, assisting in none


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, demo_databases: DemoDatabases
) -> Iterator[Context]:
    """One copy of the session's demo per database kind (the reports only read)."""
    if request.param == "postgresql":
        require_postgres()
    url = demo_databases.copy(request.param, True, tmp_path_factory.mktemp("round-reports"))
    ctx = Context.from_url(url, actor="tester")
    try:
        yield ctx
    finally:
        ctx.dispose()
        demo_databases.drop(url)


def _rows(doc: object) -> list[list[list[str]]]:
    from docx.document import Document as DocxDocument

    assert isinstance(doc, DocxDocument)
    return [[[c.text for c in r.cells] for r in t.rows] for t in doc.tables]


def test_the_unit_report_docx_says_what_the_database_holds(demo: Context) -> None:
    made = unit_round_file(demo, "平城区行政审批服务管理局", ROUND, "docx", include_simulated=True)
    assert made.file_name == "平城区行政审批服务管理局2024年1—9月规划实施情况报告.docx"
    doc = Document(io.BytesIO(made.content))
    text = [p.text for p in doc.paragraphs]
    assert text[0] == "平城区行政审批服务管理局2024年1—9月规划实施情况报告" and doc.paragraphs[0].style.name == "Title"
    status = next(u for u in round_status(demo, ROUND).units if u.unit_code == UNIT)
    assert status.timeliness == "late" and status.first_submitted is not None
    sub = submission_view(demo, None, ROUND, UNIT)
    body = next(t for t in text if t.startswith("本轮应填报数据"))
    assert f"应填报数据 {len(sub.lines)} 项、任务进展 {len(sub.tasks)} 项，已填报数据 {sub.filled} 项" in body
    assert f"于{present.date_text(status.first_submitted)}提交，逾期报送；当前状态：{sub.state_label}" in body
    tables = _rows(doc)
    lines = next(t for t in tables if t[0][0] == "指标" and t[0][2] == "本期填报")
    assert [r[0] for r in lines[1:]] == [line.name for line in sub.lines]
    assert [r[2] for r in lines[1:]] == [present.with_unit(line.value or "", line.unit) for line in sub.lines]
    tasks = next(t for t in tables if t[0][0] == "任务")
    assert [(r[0], r[1]) for r in tasks[1:]] == [(t.name, t.status_label) for t in sub.tasks]
    # the indicators it owns, as the cockpit assesses them, with the gap list's gaps
    progress = assess_plan(demo, "pingcheng-14", include_simulated=True)
    owned = [i for i in progress.indicators if i.owner_unit_code == UNIT]
    gaps = {g.code: g.gap_text for g in gap_list(progress, None)}
    indicators = next(t for t in tables if t[0][0] == "指标" and t[0][1] == "最新值")
    assert len(indicators) == len(owned) + 1
    for row, i in zip(indicators[1:], owned, strict=True):
        assert row[0].removesuffix("（模拟）") == i.name and row[3] == i.status_label
        assert row[1] == present.dated_quantity(i.current_year, i.current_value, i.unit)
        assert row[4] == present.percent(i.completion, 0) and row[5] == gaps.get(i.code, present.NO_VALUE)
    # its supervision matters: the overdue one it leads
    matters = supervision.list_matters(demo, unit=UNIT)
    assert any(m.urgency.value == "overdue" for m in matters)
    table = next(t for t in tables if t[0][0] == "督办事项")
    assert [r[0] for r in table[1:]] == [m.title for m in matters]
    overdue = next(m for m in matters if m.urgency.value == "overdue")
    assert next(r for r in table if r[0] == overdue.title)[4] == f"{overdue.days_overdue} 天"
    # 落款 and the footer's data version
    assert text[-2:] == ["平城区行政审批服务管理局", present.date_text(today())]
    footer = doc.sections[0].footer.paragraphs[1].text
    assert footer == present.version_note(demo.data_version(), today())


def test_the_unit_report_xlsx_has_numbers_colours_and_the_version(demo: Context) -> None:
    made = unit_round_file(demo, UNIT, ROUND, "xlsx", include_simulated=True)
    book = load_workbook(io.BytesIO(made.content))
    assert book.sheetnames == ["报送情况", "填报指标", "任务进展", "指标进展", "督办事项", "说明"]
    summary = {r[0]: r[1] for r in book["报送情况"].iter_rows(min_row=2, values_only=True)}
    status = next(u for u in round_status(demo, ROUND).units if u.unit_code == UNIT)
    assert summary["报送情况"] == "逾期报送" and summary["首次提交"].date() == status.first_submitted
    assert book["报送情况"]["B7"].fill.fgColor.rgb.endswith(STATUS_COLOURS["acceleration_needed"])
    progress = assess_plan(demo, "pingcheng-14", include_simulated=True)
    owned = {i.code: i for i in progress.indicators if i.owner_unit_code == UNIT}
    sheet = book["指标进展"]
    assert sheet.freeze_panes == "C2" and sheet.max_row == len(owned) + 1
    for row in sheet.iter_rows(min_row=2):
        i = owned[str(row[0].value)]
        assert row[4].value == i.status_label and row[4].fill.fgColor.rgb.endswith(STATUS_COLOURS[i.status])
        assert row[5].value == i.completion and row[5].number_format == "0%"
    matters = book["督办事项"]
    overdue = [r for r in matters.iter_rows(min_row=2) if r[5].value]
    assert overdue and all(r[4].fill.fgColor.rgb.endswith(STATUS_COLOURS["deterioration"]) for r in overdue)
    about = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True)}
    assert about["数据版本"] == demo.data_version()


def test_the_unit_report_refuses_unknown_units_rounds_and_formats(demo: Context) -> None:
    with pytest.raises(NotFound):
        unit_round_file(demo, "无此单位", ROUND, "docx")
    with pytest.raises(NotFound):
        unit_round_file(demo, UNIT, "no-such-round", "docx")
    with pytest.raises(InvalidValue):
        unit_round_file(demo, UNIT, ROUND, "pdf")
    # without a round: the newest open round the unit owes
    assert unit_round_document(demo, UNIT).round_code == ROUND


def test_the_bulletin_docx_and_xlsx_against_rounds_matters_and_ranking(demo: Context) -> None:
    made = supervision_file(demo, "docx", ROUND)
    doc = Document(io.BytesIO(made.content))
    text = [p.text for p in doc.paragraphs]
    assert text[0] == "督查通报" and "2024年1-9月规划实施情况填报" in text[1]
    units = round_status(demo, ROUND).units
    late = [u for u in units if u.timeliness == "late"]
    missing = [u for u in units if u.timeliness == "missing"]
    owing = [u for u in units if u.timeliness != "not_due"]
    overdue = supervision.overdue(demo)
    every = supervision.list_matters(demo)
    assert (
        f"共交办督办事项 {len(every)} 项，已办结 {sum(m.state.value == 'closed' for m in every)} 项" in text[3]
        and f"其中已逾期 {len(overdue)} 项" in text[3]
    )
    assert f"应报送 {len(owing)} 家次，按时报送 {len(owing) - len(late) - len(missing)} 家次" in text[4]
    assert f"逾期报送 {len(late)} 家次，未报送 {len(missing)} 家次" in text[4]
    tables = _rows(doc)
    matters = next(t for t in tables if t[0][0] == "督办事项")
    assert sorted(r[0] for r in matters[1:]) == sorted(m.title for m in overdue)
    reporters = next(t for t in tables if t[0][0] == "填报轮次")
    assert sorted(r[1] for r in reporters[1:]) == sorted(u.unit_name for u in late + missing)
    ranking = unit_ranking(demo, 2024, plan_code="pingcheng-14")
    ranks = next(t for t in tables if t[0][0] == "名次")
    assert ranks[0][3:] == [c.label for c in ranking.units[0].criteria]
    assert [(r[1], r[2]) for r in ranks[1:]] == [(u.unit_name, present.score(u.score)) for u in ranking.units]
    assert text[-2:] == ["平城区督查室", present.date_text(today())]
    assert doc.sections[0].footer.paragraphs[1].text == present.version_note(demo.data_version(), today())

    book = load_workbook(io.BytesIO(supervision_file(demo, "xlsx", ROUND).content))
    assert book.sheetnames == ["逾期事项", "报送情况", "排名", "说明"]
    assert book["逾期事项"].freeze_panes == "C2"
    assert sorted(r[4] for r in book["逾期事项"].iter_rows(min_row=2, values_only=True)) == sorted(
        m.days_overdue for m in overdue
    )
    colours = {r[3].value: r[3].fill.fgColor.rgb[-6:] for r in book["报送情况"].iter_rows(min_row=2)}
    assert colours == {
        **({"逾期报送": STATUS_COLOURS["acceleration_needed"]} if late else {}),
        **({"未报送（已逾期）": STATUS_COLOURS["deterioration"]} if missing else {}),
    }
    scores = [r[2] for r in book["排名"].iter_rows(min_row=2, values_only=True)]
    assert scores == [u.score for u in ranking.units]
    assert {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True)}["数据版本"] == demo.data_version()


def test_the_bulletin_as_of_a_past_day_counts_later_submissions_as_missing(demo: Context) -> None:
    """Two days after the 2024 round was due, the units that submitted six days late had not yet."""
    made = supervision_file(demo, "xlsx", as_of=date(2024, 10, 22), office="区委督查室")
    book = load_workbook(io.BytesIO(made.content))
    rows = list(book["报送情况"].iter_rows(min_row=2, values_only=True))
    units = round_status(demo, ROUND).units
    not_in = {u.unit_name for u in units if u.first_submitted is None or u.first_submitted > date(2024, 10, 22)}
    assert {r[1] for r in rows} == not_in and {r[3] for r in rows} == {"未报送（已逾期）"}
    assert {r[0] for r in rows} == {"2024年1-9月规划实施情况填报（模拟）"}  # the as-of year's rounds due by then
    about = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True)}
    assert about["发文单位"] == "区委督查室" and "截至2024年10月22日" in about["报告"]
