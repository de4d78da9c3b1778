"""The evaluation report of a plan (规划实施年度监测报告 / 中期评估报告) as a Word document and as a workbook.

The document is laid out after GB/T 9704 (党政机关公文格式): A4, margins top 37 mm, bottom 35 mm, left 28 mm,
right 26 mm; the title in 方正小标宋简体 二号 (22 pt), the body in 仿宋_GB2312 三号 (16 pt), first-level headings
in 黑体 三号 and second-level in 楷体_GB2312 三号; the page number in the footer. Those fonts are named as the
East Asian fonts of the styles (they exist on a government PC); the font table names the fonts Word or WPS
falls back to elsewhere (宋体, 仿宋, 黑体, 楷体). Charts are PNG drawn by matplotlib with a CJK font found on
this machine (Debian ``fonts-noto-cjk``); without one the chart fails with a clear message.

Every figure arrives already written by :mod:`luoshi.report.present` (``*_text`` fields); the workbook
also gets the numbers, in each indicator's display unit, with number formats.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from pydantic import BaseModel

from luoshi.domain.errors import Unavailable
from luoshi.report import present
from luoshi.report.present import date_text

#: GB/T 9704 page: A4 and its margins, in millimetres
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
#: fonts of a government PC (East Asian names as Word and WPS know them) and their point sizes
TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
LATIN_FONT = "Times New Roman"
TITLE_PT, BODY_PT, TABLE_PT = 22, 16, 12
#: what each named font falls back to where it is not installed (the font table's altName)
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEADING_FONT: "SimHei", SUBHEADING_FONT: "楷体"}
#: status colours, as the cockpit shows them
STATUS_COLOURS = {
    "target_achieved": "1B7F3B",
    "on_track": "4CAF50",
    "acceleration_needed": "F1A208",
    "limited_progress": "C4470A",
    "deterioration": "C62828",
    "insufficient_data": "9AA5B1",
}
#: statuses whose fill is dark (white text on it)
DARK_STATUSES = frozenset({"target_achieved", "limited_progress", "deterioration"})
CHINESE_NUMERALS = "一二三四五六七八九十"
SIMULATED_MARK = "（模拟）"
#: the section table's columns
SECTION_COLUMNS = ("指标", "单位", "基期值", "最新值", "目标值", "状态")
GAP_COLUMNS = ("指标", "责任单位", "最新值", "目标值", "差距", "完成率", "序时进度")
OVERDUE_COLUMNS = ("任务", "牵头单位", "完成时限", "状态")
#: a section chart is drawn for at most this many of its indicators (the table has them all)
CHART_MAX = 15


class EvaluationRow(BaseModel):
    """One indicator: figures written by present (``*_text``) and numbers in the display unit."""

    code: str
    name: str
    unit: str
    kind_label: str
    owner: str | None
    base_year: int | None
    base_value: float | None
    base_text: str
    current_year: int | None
    current_value: float | None
    current_text: str
    target_value: float | None
    target_year: int | None
    target_text: str
    status: str
    status_label: str
    completion: float | None
    completion_text: str
    uses_simulated: bool
    series: dict[int, float]
    simulated_years: list[int]
    decimals: int | None
    data_source: str
    sources: str


class EvaluationSection(BaseModel):
    """A top-level goal and its indicators (those placed under it or under its sub-goals)."""

    code: str
    name: str
    counts: dict[str, int]
    rows: list[EvaluationRow]


class GapLine(BaseModel):
    """A row of the gap list (对照找差距), as ``services.progress.GapRow`` gives it."""

    name: str
    unit: str
    owner: str | None
    status: str
    status_label: str
    uses_simulated: bool
    current_value: float | None
    current_year: int | None
    current_text: str
    target_value: float | None
    target_year: int | None
    target_value_text: str
    gap_text: str
    completion: float | None
    completion_text: str
    time_elapsed: float | None
    time_elapsed_text: str
    needed_rate: float | None
    needed_rate_text: str


class OverdueRow(BaseModel):
    code: str
    name: str
    lead_unit: str
    deadline: str
    status_label: str


class EvaluationDocument(BaseModel):
    """Everything the report says, gathered from one read snapshot at ``data_version``."""

    plan_code: str
    plan_name: str
    plan_years: str
    year: int
    mid_term: bool
    include_simulated: bool
    data_version: int
    made_on: date
    counts: dict[str, int]
    status_labels: dict[str, str]
    total: int
    share_on_track: float | None
    headline: list[str]
    sections: list[EvaluationSection]
    gaps: list[GapLine]
    overdue: list[OverdueRow]
    years: list[int]

    @property
    def title(self) -> str:
        return f"{self.plan_name}实施{'中期评估报告' if self.mid_term else '年度监测报告'}"

    @property
    def footer_note(self) -> str:
        return present.version_note(self.data_version, self.made_on)


def ordinal(n: int) -> str:
    """A first-level heading's number: 一, 二, … 十, 十一, … 二十.

    >>> ordinal(1), ordinal(10), ordinal(12), ordinal(20), ordinal(25)
    ('一', '十', '十二', '二十', '25')
    """
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    if n < 20:
        return "十" + CHINESE_NUMERALS[n - 11]
    if n == 20:
        return "二十"
    return str(n)


def counts_sentence(counts: dict[str, int], labels: dict[str, str], order: Sequence[str]) -> str:
    """The counts by status in words, leaving out the statuses no indicator has.

    >>> labels = {"on_track": "进度正常", "target_achieved": "已达目标", "deterioration": "出现倒退"}
    >>> counts = {"on_track": 3, "deterioration": 0, "target_achieved": 2}
    >>> counts_sentence(counts, labels, ["target_achieved", "on_track", "deterioration"])
    '已达目标 2 项，进度正常 3 项'
    """
    return "，".join(f"{labels[s]} {counts[s]} 项" for s in order if counts.get(s))


# --- the chart -----------------------------------------------------------------------------------------

#: fonts that draw simplified Chinese, best first (Debian fonts-noto-cjk, then others a machine may have)
CJK_FONT_NAMES = ("Noto Sans CJK SC", "Noto Sans CJK", "Noto Serif CJK SC", "Noto Serif CJK", "Source Han Sans",
                  "WenQuanYi", "SimHei", "Microsoft YaHei", "SimSun")  # fmt: skip


@lru_cache(maxsize=1)
def cjk_font_path() -> str:
    """The file of a font that draws Chinese, found by matplotlib's font manager; Unavailable without one."""
    from matplotlib import font_manager

    fonts = font_manager.fontManager.ttflist
    for wanted in CJK_FONT_NAMES:
        for entry in fonts:
            if entry.name.startswith(wanted):
                return str(entry.fname)
    for path in font_manager.findSystemFonts():
        if "CJK" in path or "wqy" in path.lower():
            return str(path)
    raise Unavailable("没有找到能显示中文的字体，图表无法生成：请安装 fonts-noto-cjk（scripts/test.sh 会安装）")


def section_chart(section: EvaluationSection, labels: dict[str, str], order: Sequence[str]) -> bytes:
    """A section's chart as PNG: how many of its indicators are in each status (coloured as on the cockpit)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.ticker import MaxNLocator

    font = FontProperties(fname=cjk_font_path(), size=11)
    shown = [s for s in order if section.counts.get(s)] or list(order)
    values = [section.counts.get(s, 0) for s in shown]
    figure = Figure(figsize=(6.0, 0.45 * len(shown) + 1.0), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    bars = axes.barh(range(len(shown)), values, color=[f"#{STATUS_COLOURS.get(s, '9AA5B1')}" for s in shown])
    axes.set_yticks(range(len(shown)), [labels.get(s, s) for s in shown], fontproperties=font)
    axes.invert_yaxis()
    axes.set_title(f"{section.name}：指标状态", fontproperties=FontProperties(fname=cjk_font_path(), size=12))
    axes.set_xlabel("指标数（项）", fontproperties=font)
    for bar, value in zip(bars, values, strict=True):
        axes.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {value}", va="center", fontproperties=font)
    axes.set_xlim(0, max([*values, 1]) * 1.15)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


# --- the Word document --------------------------------------------------------------------------------


def _fonts(r_pr: BaseOxmlElement, east_asia: str, size: float | None = None, *, bold: bool | None = None) -> None:
    """Set a run's or style's fonts: the East Asian font named, Latin text in Times New Roman."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for key in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(key), None)
    for key in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(key), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            old = r_pr.find(qn(tag))
            if old is not None:
                r_pr.remove(old)
            element = OxmlElement(tag)
            element.set(qn("w:val"), str(round(size * 2)))
            r_pr.append(element)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            old = r_pr.find(qn(tag))
            if old is not None:
                r_pr.remove(old)
            if bold:
                r_pr.append(OxmlElement(tag))


def _style(doc: DocxDocument, name: str, east_asia: str, size: float, *, base: str | None = None) -> ParagraphStyle:
    """A paragraph style (made if missing) with its fonts and size, black, not bold."""
    from docx.enum.style import WD_STYLE_TYPE

    styles = doc.styles
    known = name in [s.name for s in styles]
    style = styles[name] if known else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    if base is not None:
        style.base_style = styles[base]
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.font.italic = False
    _fonts(style.element.get_or_add_rPr(), east_asia, size, bold=False)
    return style


def _font_table(doc: DocxDocument) -> None:
    """Name each GB/T 9704 font's fallback in the font table (``w:altName``), for a PC without it."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        part = doc.part.part_related_by(RT.FONT_TABLE)
    except KeyError:  # pragma: no cover - python-docx's template has a font table
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    for name, fallback in FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt = etree.SubElement(font, qn("w:altName"))
        alt.set(qn("w:val"), fallback)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")  # GB2312
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(20)


def _footer(doc: DocxDocument, note: str) -> None:
    """The page number as GB/T 9704 prints it (— 1 —), and the data version and date under it."""
    footer = doc.sections[0].footer
    number = footer.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.style = doc.styles["页码"]
    number.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    number._p.append(field)
    number.add_run(" —")
    version = footer.add_paragraph(note, style=doc.styles["页脚说明"])
    version.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _twips(mm: float) -> int:
    """Millimetres in twentieths of a point (Word's table widths)."""
    return round(mm / 25.4 * 1440)


def _cell_xml(text: str, style_id: str, width: int) -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style_id}"/>'
        f'</w:pPr><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>'
    )


def add_table(
    doc: DocxDocument, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
) -> None:
    """A table of text cells in the table style (grid, fixed column widths, centred), its bold header row
    repeated on each page.

    Written as one piece of WordprocessingML and parsed once: setting each cell's paragraph style through
    python-docx looks the style up again for every cell, which makes a 2,000-row table take tens of seconds.
    """
    grid, cell_style, head_style = (doc.styles[n].style_id for n in ("Table Grid", "表格", "表头"))
    twips = [_twips(w) for w in widths]
    head = "".join(_cell_xml(t, head_style, w) for t, w in zip(headers, twips, strict=True))
    body = "".join(
        "<w:tr>" + "".join(_cell_xml(t, cell_style, w) for t, w in zip(values, twips, strict=True)) + "</w:tr>"
        for values in rows
    )
    xml = (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{grid}"/><w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
        '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0"'
        ' w:noVBand="1"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in twips)
        + f"</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>{head}</w:tr>{body}</w:tbl>"
    )
    doc.element.body._insert_tbl(parse_xml(xml))


def _picture(doc: DocxDocument, png: bytes, caption: str) -> None:
    paragraph = doc.add_paragraph(style=doc.styles["图"])
    paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(150))
    doc.add_paragraph(caption, style=doc.styles["图"])


def add_body(doc: DocxDocument, text: str) -> None:
    doc.add_paragraph(text, style=doc.styles["Normal"])


def _marked(name: str, simulated: bool) -> str:
    return name + SIMULATED_MARK if simulated else name


def new_document(footer_note: str) -> DocxDocument:
    """An empty A4 document with the GB/T 9704 page, styles and font table, and the footer (page number,
    then ``footer_note``: the data version and date). Every report's Word document starts here."""
    doc = Document()
    _page_setup(doc)
    normal = _style(doc, "Normal", BODY_FONT, BODY_PT)
    normal.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    for name, font in (("Heading 1", HEADING_FONT), ("Heading 2", SUBHEADING_FONT)):
        heading = _style(doc, name, font, BODY_PT)
        heading.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        heading.paragraph_format.space_before = Pt(6)
        heading.paragraph_format.space_after = Pt(0)
        heading.paragraph_format.line_spacing = Pt(28)
    title = _style(doc, "Title", TITLE_FONT, TITLE_PT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(0)
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.line_spacing = Pt(36)
    title_p = title.element.get_or_add_pPr()
    for border in title_p.findall(qn("w:pBdr")):
        title_p.remove(border)
    subtitle = _style(doc, "副标题", SUBHEADING_FONT, BODY_PT, base="Normal")
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.first_line_indent = Pt(0)
    for name, size in (("表格", TABLE_PT), ("表头", TABLE_PT)):
        cell = _style(doc, name, BODY_FONT if name == "表格" else HEADING_FONT, size)
        cell.paragraph_format.line_spacing = 1.0
        cell.paragraph_format.space_after = Pt(0)
        cell.paragraph_format.first_line_indent = Pt(0)
    figure = _style(doc, "图", BODY_FONT, TABLE_PT)
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.first_line_indent = Pt(0)
    _style(doc, "页码", "宋体", 14)
    _style(doc, "页脚说明", BODY_FONT, 10.5)
    signature = _style(doc, "落款", BODY_FONT, BODY_PT, base="Normal")
    signature.paragraph_format.first_line_indent = Pt(0)
    signature.paragraph_format.right_indent = Pt(BODY_PT * 4)
    _font_table(doc)
    _footer(doc, footer_note)
    return doc


def add_signature(doc: DocxDocument, *lines: str) -> None:
    """The 落款: the issuing body and the date, right-aligned under the body, a blank line above."""
    doc.add_paragraph("", style=doc.styles["Normal"])
    for line in lines:
        paragraph = doc.add_paragraph(line, style=doc.styles["落款"])
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def docx_bytes(report: EvaluationDocument) -> bytes:
    """The report as a Word document (docx), laid out after GB/T 9704."""
    doc = new_document(report.footer_note)
    title, subtitle = doc.styles["Title"], doc.styles["副标题"]
    doc.add_paragraph(report.title, style=title)
    kind = "中期评估" if report.mid_term else "年度监测"
    doc.add_paragraph(f"（{report.plan_years}规划 · {kind}截至{report.year}年底）", style=subtitle)
    if report.include_simulated:
        doc.add_paragraph("本报告含模拟情景数据，标注“模拟”的数字不是真实统计数据。", style=subtitle)

    order = list(report.counts)
    labels = report.status_labels
    n = 1
    doc.add_heading(f"{ordinal(n)}、总体情况", level=1)
    summary = f"规划共设指标 {report.total} 项。截至{report.year}年底，{counts_sentence(report.counts, labels, order)}"
    if report.share_on_track is not None:
        summary += f"；进度正常或已达目标的占 {present.percent(report.share_on_track, 0)}"
    add_body(doc, summary + "。")
    if report.headline:
        doc.add_heading("主要指标", level=2)
        for line in report.headline:
            add_body(doc, line)

    for figure_no, section in enumerate(report.sections, start=1):
        n += 1
        doc.add_heading(f"{ordinal(n)}、{section.name}", level=1)
        add_body(doc, f"本部分共 {len(section.rows)} 项指标：{counts_sentence(section.counts, labels, order)}。")
        add_table(
            doc,
            SECTION_COLUMNS,
            [
                [
                    _marked(r.name, r.uses_simulated),
                    r.unit,
                    r.base_text,
                    r.current_text,
                    r.target_text,
                    r.status_label,
                ]
                for r in section.rows
            ],
            (38, 12, 24, 24, 34, 22),
        )
        _picture(doc, section_chart(section, labels, order), f"图{figure_no}　{section.name}指标状态")

    n += 1
    doc.add_heading(f"{ordinal(n)}、对照找差距", level=1)
    if report.gaps:
        add_body(doc, f"以下 {len(report.gaps)} 项指标落后于进度，按得分由低到高排列。")
        add_table(
            doc,
            GAP_COLUMNS,
            [
                [
                    _marked(g.name, g.uses_simulated),
                    g.owner or present.NO_VALUE,
                    g.current_text,
                    g.target_value_text,
                    g.gap_text,
                    g.completion_text,
                    g.time_elapsed_text,
                ]
                for g in report.gaps
            ],
            (34, 22, 24, 24, 22, 15, 15),
        )
    else:
        add_body(doc, "没有落后于进度的指标。")

    n += 1
    doc.add_heading(f"{ordinal(n)}、逾期任务", level=1)
    if report.overdue:
        add_body(doc, f"截至{report.year}年底，共有 {len(report.overdue)} 项任务超过完成时限仍未完成。")
        add_table(
            doc,
            OVERDUE_COLUMNS,
            [[t.name, t.lead_unit, t.deadline, t.status_label] for t in report.overdue],
            (80, 30, 26, 20),
        )
    else:
        add_body(doc, "没有逾期任务。")

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- the workbook -------------------------------------------------------------------------------------

INDICATOR_SHEET, GAP_SHEET, OVERDUE_SHEET, ABOUT_SHEET = "指标", "对照找差距", "逾期任务", "说明"
PERCENT_FORMAT = "0%"
RATE_FORMAT = "0.0%"


def number_format(decimals: int | None) -> str:
    """The Excel number format of a figure printed with ``decimals`` digits (grouped thousands).

    >>> number_format(0), number_format(1), number_format(None)
    ('#,##0', '#,##0.0', '#,##0.00')
    """
    places = 2 if decimals is None else decimals
    return "#,##0" + ("." + "0" * places if places else "")


def sheet_header(sheet: object, headers: Sequence[str], widths: Sequence[float]) -> None:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    sheet.append(list(headers))
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="center")
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = wrap
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


_FILLS = {s: PatternFill("solid", fgColor=c) for s, c in STATUS_COLOURS.items()}
_WHITE, _BLACK = Font(color="FFFFFF"), Font(color="000000")


def paint_status(cell: object, status: str) -> None:
    """Fill a workbook cell in the status's cockpit colour (white text on the dark ones)."""
    from openpyxl.cell.cell import Cell

    assert isinstance(cell, Cell)
    cell.fill = _FILLS.get(status, _FILLS["insufficient_data"])
    cell.font = _WHITE if status in DARK_STATUSES else _BLACK


def xlsx_bytes(report: EvaluationDocument) -> bytes:
    """The report's figures as a workbook: every indicator with its series (years as columns), target, status
    and provenance; the gap list; the overdue tasks; and a sheet naming the data version."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = INDICATOR_SHEET
    years = report.years
    fixed = ("编码", "指标", "单位", "属性", "所属目标", "责任单位")
    tail = ("目标", "目标值", "目标年份", "状态", "完成率", "数据来源", "出处")
    headers = [*fixed, *(f"{y}年" for y in years), *tail]
    widths = [12, 30, 10, 8, 20, 18, *(11 for _ in years), 34, 12, 9, 12, 9, 20, 36]
    sheet_header(sheet, headers, widths)
    simulated_font = Font(italic=True, color="1F4E9D")
    first_year = len(fixed) + 1
    status_column = len(fixed) + len(years) + 4
    placed: dict[str, tuple[EvaluationRow, list[str]]] = {}
    for section in report.sections:  # an indicator of two goals is one row, naming both
        for r in section.rows:
            placed.setdefault(r.code, (r, []))[1].append(section.name)
    for row, (r, goals) in enumerate(placed.values(), start=2):  # counted: max_row scans every cell
        line: list[object] = [r.code, _marked(r.name, r.uses_simulated), r.unit, r.kind_label, "、".join(goals)]
        line.append(r.owner or "")
        line += [r.series.get(y) for y in years]
        line += [r.target_text, r.target_value, r.target_year, r.status_label, r.completion, r.data_source]
        line.append(r.sources)
        sheet.append(line)
        shape = number_format(r.decimals)
        simulated = set(r.simulated_years)
        for offset, y in enumerate(years):
            cell = sheet.cell(row, first_year + offset)
            if cell.value is not None:
                cell.number_format = shape
                if y in simulated:
                    cell.font = simulated_font
        sheet.cell(row, status_column - 2).number_format = shape
        paint_status(sheet.cell(row, status_column), r.status)
        sheet.cell(row, status_column + 1).number_format = PERCENT_FORMAT
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(2, len(placed) + 1)}"

    gaps = book.create_sheet(GAP_SHEET)
    sheet_header(
        gaps,
        ("指标", "单位", "责任单位", "状态", "最新值", "最新年份", "目标值", "目标年份", "差距", "完成率", "序时进度",
         "需年均增长"),
        (30, 10, 18, 12, 12, 9, 12, 9, 18, 9, 9, 11),
    )  # fmt: skip
    for row, g in enumerate(report.gaps, start=2):
        gaps.append(
            [_marked(g.name, g.uses_simulated), g.unit, g.owner or "", g.status_label, g.current_value,
             g.current_year, g.target_value, g.target_year, g.gap_text, g.completion, g.time_elapsed, g.needed_rate]
        )  # fmt: skip
        paint_status(gaps.cell(row, 4), g.status)
        for column in (5, 7):
            gaps.cell(row, column).number_format = number_format(None)
        for column in (10, 11):
            gaps.cell(row, column).number_format = PERCENT_FORMAT
        gaps.cell(row, 12).number_format = RATE_FORMAT
    gaps.freeze_panes = "B2"

    overdue = book.create_sheet(OVERDUE_SHEET)
    sheet_header(overdue, ("编码", "任务", "牵头单位", "完成时限", "状态"), (12, 50, 20, 12, 10))
    for t in report.overdue:
        overdue.append([t.code, t.name, t.lead_unit, t.deadline, t.status_label])
    overdue.freeze_panes = "A2"

    about = book.create_sheet(ABOUT_SHEET)
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 60
    for pair in (
        ("报告", report.title),
        ("评估截至", f"{report.year}年底"),
        ("数据版本", report.data_version),
        ("生成日期", date_text(report.made_on)),
        ("模拟数据", "含模拟情景（斜体蓝字为模拟值）" if report.include_simulated else "不含"),
        ("数值单位", "各指标的单位列；增速、比重、完成率为百分数"),
    ):
        about.append(list(pair))
    book.properties.title = report.title
    book.properties.subject = report.footer_note
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
