"""The evaluation report (年度监测报告 / 中期评估报告) of the Pingcheng demo: the docx opened with python-docx
and the xlsx with openpyxl, their figures checked against the database and the cockpit (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import load_workbook

from luoshi.domain.errors import InvalidValue, Unavailable
from luoshi.domain.measurement import from_base
from luoshi.report import evaluation as ev
from luoshi.report import present
from luoshi.services.cockpit import as_of, cockpit
from luoshi.services.context import Context
from luoshi.services.plans import read_plan
from luoshi.services.progress import STATUS_LABELS, assess, gap_list
from luoshi.services.reports import evaluation_document, evaluation_file

pytestmark = pytest.mark.integration

TODAY = date(2026, 6, 30)
PLAN = "pingcheng-14"


@pytest.fixture
def demo(demo_ctx: Context) -> Context:
    return demo_ctx


def _docx(ctx: Context, **options: object) -> Document:
    made = evaluation_file(ctx, None, "docx", today=TODAY, **options)  # type: ignore[arg-type]
    assert made.file_name.endswith(".docx") and made.media_type.endswith("wordprocessingml.document")
    return Document(io.BytesIO(made.content))


def _gdp_level(ctx: Context, year: int, scenario: str) -> float:
    bundle = read_plan(ctx, PLAN)
    figure = next(
        o
        for o in bundle.observations["gdp"]
        if o.period.code == str(year) and o.scenario == scenario and o.measure.value == "level"
    )
    return from_base(figure.value, "亿元")


def test_the_docx_figures_are_those_of_the_database(demo: Context) -> None:
    doc = _docx(demo, year=2024, include_simulated=True)
    view = cockpit(demo, PLAN, include_simulated=True, year=2024, today=TODAY)
    text = [p.text for p in doc.paragraphs]
    assert text[0] == "平城区国民经济和社会发展第十四个五年规划实施年度监测报告"
    assert "年度监测截至2024年底" in text[1] and "模拟" in text[2]
    # the summary counts every status as the cockpit does
    summary = next(t for t in text if t.startswith("规划共设指标"))
    assert f"规划共设指标 {view.plan.total} 项" in summary
    for status, n in view.plan.counts.items():
        if n:
            assert f"{STATUS_LABELS[status]} {n} 项" in summary
    assert f"占 {present.percent(view.plan.share_on_track, 0)}" in summary
    # one section per top-level goal, each with its table and chart
    tops = [g for g in read_plan(demo, PLAN).goals if g.parent_code is None]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    last = len(tops) + 3
    assert headings[0] == "一、总体情况"
    assert headings[-2:] == [f"{ev.ordinal(last - 1)}、对照找差距", f"{ev.ordinal(last)}、逾期任务"]
    assert [h.split("、", 1)[1] for h in headings[1:-2]] == [g.name for g in tops]
    assert len(doc.inline_shapes) == len(tops)
    first = doc.tables[0]
    assert [c.text for c in first.rows[0].cells] == list(ev.SECTION_COLUMNS)
    gdp = next(r for r in first.rows if r.cells[0].text.startswith("地区生产总值"))
    latest = _gdp_level(demo, 2024, "simulated")
    assert [c.text for c in gdp.cells] == [
        "地区生产总值（模拟）",
        "亿元",
        f"2020年 {present.quantity(_gdp_level(demo, 2020, 'actual'), '亿元', 1)}",
        f"2024年 {present.quantity(latest, '亿元', 1)}",
        "2021—2025年年均增长 8.5%以上",
        next(i.status_label for i in assess(as_of(read_plan(demo, PLAN), 2024)).progress.indicators if i.code == "gdp"),
    ]
    assert gdp.cells[2].text == "2020年 428.2 亿元" and gdp.cells[3].text == "2024年 617.1 亿元"  # as published
    # every row of the first goal's table is an indicator of that goal, as assessed
    progress = assess(as_of(read_plan(demo, PLAN), 2024)).progress
    first_goal = next(s for s in evaluation_document(demo, year=2024, include_simulated=True).sections)
    assert len(first.rows) == len(first_goal.rows) + 1
    by_name = {i.name: i for i in progress.indicators}
    bundle = read_plan(demo, PLAN)
    for row in first.rows[1:]:
        i = by_name[row.cells[0].text.removesuffix(ev.SIMULATED_MARK)]
        assert row.cells[5].text == i.status_label
        if i.current_year is None:
            assert row.cells[3].text == "—"
            continue
        level = next(
            o
            for o in sorted(bundle.observations[i.code], key=lambda o: o.scenario)  # actual before simulated
            if o.period.code == str(i.current_year) and o.measure.value == "level"
        )
        digits = present.decimals_of(level.printed_value) if level.printed_value else None
        value = from_base(level.value, i.unit) if i.unit not in ("", "%") else level.value
        assert row.cells[3].text == f"{i.current_year}年 {present.quantity(value, i.unit, digits)}"
    # the gap list and the overdue tasks
    gaps = gap_list(progress, None)
    gap_table = next(t for t in doc.tables if t.rows[0].cells[4].text == "差距")
    assert len(gap_table.rows) == len(gaps) + 1
    worst = gaps[0]
    shown = [c.text for c in gap_table.rows[1].cells][2:5]
    assert shown == [worst.current_text, worst.target_value_text, worst.gap_text]
    overdue_heading = text.index(headings[-1])
    assert any(t.startswith(("截至2024年底，共有", "没有逾期任务")) for t in text[overdue_heading:])
    # the footer names the data version the report was made from, and numbers the pages
    footer = doc.sections[0].footer
    assert footer.paragraphs[1].text == f"数据版本 {view.data_version} · 2026年6月30日生成"
    assert footer.paragraphs[0]._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"


def test_the_docx_is_laid_out_after_gb_t_9704(demo: Context) -> None:
    doc = _docx(demo)
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert all(abs(m - Mm(v)) < Mm(0.1) for m, v in zip(margins, (37, 35, 28, 26), strict=True))

    def east_asia(style: str) -> tuple[str | None, float | None]:
        s = doc.styles[style]
        fonts = s.element.rPr.find(qn("w:rFonts"))
        return fonts.get(qn("w:eastAsia")), s.font.size.pt if s.font.size else None

    assert east_asia("Title") == ("方正小标宋简体", 22)
    assert east_asia("Normal") == ("仿宋_GB2312", 16)
    assert east_asia("Heading 1") == ("黑体", 16)
    assert east_asia("Heading 2") == ("楷体_GB2312", 16)
    assert doc.paragraphs[0].style.name == "Title"
    assert doc.styles["Normal"].paragraph_format.first_line_indent == Pt(32)
    assert not doc.styles["Heading 1"].font.bold
    # the font table names what each font falls back to on a PC without it
    table = doc.part.part_related_by("http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable")
    xml = table.blob.decode("utf-8")
    for name, fallback in ev.FALLBACKS.items():
        assert f'w:name="{name}"' in xml and f'w:val="{fallback}"' in xml


def test_real_figures_only_by_default_and_the_mid_term_wording(demo: Context) -> None:
    doc = _docx(demo, mid_term=True)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text.endswith("实施中期评估报告")
    bundle = read_plan(demo, PLAN)
    newest_real = max(o.period.year for obs in bundle.observations.values() for o in obs if o.scenario == "actual")
    assert f"中期评估截至{newest_real}年底" in text  # the newest year of real figures
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "模拟" not in text and "模拟" not in cells and "2024年" not in cells
    report = evaluation_document(demo, include_simulated=False)
    assert report.year == newest_real and max(report.years) <= newest_real
    earlier = evaluation_document(demo, year=2022, include_simulated=True)
    assert max(earlier.years) == 2022
    assert all(max(r.series, default=0) <= 2022 for s in earlier.sections for r in s.rows)


def test_the_xlsx_has_every_indicator_with_its_series(demo: Context) -> None:
    made = evaluation_file(demo, PLAN, "xlsx", year=2024, include_simulated=True, today=TODAY)
    book = load_workbook(io.BytesIO(made.content))
    assert book.sheetnames == ["指标", "对照找差距", "逾期任务", "说明"]
    sheet = book["指标"]
    headers = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "C2" and sheet[1][0].font.bold
    bundle = read_plan(demo, PLAN)
    assert sheet.max_row == len(bundle.indicators) + 1
    column = {h: i for i, h in enumerate(headers)}
    gdp = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "gdp")
    assert gdp[column["2020年"]].value == pytest.approx(428.2)
    assert gdp[column["2018年"]].value == pytest.approx(_gdp_level(demo, 2018, "actual"))
    assert gdp[column["2024年"]].value == pytest.approx(_gdp_level(demo, 2024, "simulated"))
    assert gdp[column["2024年"]].font.italic and not gdp[column["2020年"]].font.italic  # simulated in italics
    assert gdp[column["2020年"]].number_format == "#,##0.0"
    assert gdp[column["目标"]].value == "2021—2025年年均增长 8.5%以上"
    assert gdp[column["目标值"]].value == pytest.approx(428.2 * 1.085**5)
    progress = assess(as_of(bundle, 2024)).progress
    status = {i.code: i for i in progress.indicators}
    for row in sheet.iter_rows(min_row=2):
        i = status[row[0].value]
        cell = row[column["状态"]]
        assert cell.value == i.status_label
        assert cell.fill.fgColor.rgb.endswith(ev.STATUS_COLOURS[i.status])
    assert "平城区" in (gdp[column["出处"]].value or "") or gdp[column["出处"]].value
    assert "模拟情景" in gdp[column["出处"]].value
    assert gdp[column["完成率"]].number_format == "0%"
    gaps = book["对照找差距"]
    assert gaps.max_row == len(gap_list(progress, None)) + 1
    about = {row[0].value: row[1].value for row in book["说明"].iter_rows()}
    assert about["数据版本"] == cockpit(demo, PLAN, year=2024, today=TODAY).data_version
    assert about["评估截至"] == "2024年底"


def test_a_year_without_data_and_an_unknown_format_are_refused(demo: Context) -> None:
    with pytest.raises(InvalidValue, match="评估年份"):
        evaluation_document(demo, year=2031)
    with pytest.raises(InvalidValue, match="格式"):
        evaluation_file(demo, None, "pdf")


def test_no_chinese_font_is_a_clear_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    ev.cjk_font_path.cache_clear()
    try:
        with pytest.raises(Unavailable, match="fonts-noto-cjk"):
            ev.cjk_font_path()
    finally:
        ev.cjk_font_path.cache_clear()
