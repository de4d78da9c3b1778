"""The reporting spreadsheet: templates written, filled in as people fill them, read back or refused."""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Callable
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from luoshi.domain.errors import InvalidInput, Location, Problem
from luoshi.domain.plan import TaskStatus
from luoshi.domain.rounds import (
    Entry,
    Line,
    LineKey,
    ReportingRules,
    SheetStamp,
    SheetTemplate,
    SheetUpload,
    TaskReport,
)
from luoshi.domain.target import Measure
from luoshi.ingest import workbook
from luoshi.ingest.workbook import (
    CSV_COLUMNS,
    FORMAT_VERSION,
    INDICATOR_COLUMNS,
    INDICATOR_SHEET,
    STAMP_SHEET,
    TASK_COLUMNS,
    TASK_SHEET,
    UploadedSheet,
    check_against,
    check_stamp,
    read_csv,
    read_upload,
    read_workbook,
    template_digest,
    write_csv,
    write_template,
)

GDP = Line(LineKey("gdp"), "地区生产总值", "亿元", "2024", last_value=428.2, last_period="2023")
GDP_GROWTH = Line(LineKey("gdp", Measure.GROWTH), "地区生产总值增速", "%", "2024", last_value=6.1, last_period="2023")
POPULATION = Line(LineKey("pop"), "常住人口", "万人", "2024", last_value=35.6, last_period="2023")
LINES = (GDP, GDP_GROWTH, POPULATION)
TASKS = (("T1", "建设城南污水处理厂"), ("T2", "老旧小区改造"))
DIGEST = template_digest(LINES, TASKS)
STAMP = SheetStamp("pingcheng-14-2024", "tjj", FORMAT_VERSION, DIGEST)
FILE = "平城区统计局.xlsx"


def template(
    entries: dict[LineKey, Entry] | None = None,
    reports: dict[str, TaskReport] | None = None,
    lines: tuple[Line, ...] = LINES,
    tasks: tuple[tuple[str, str], ...] = TASKS,
) -> SheetTemplate:
    return SheetTemplate(
        STAMP, "2024年度填报", "区统计局", "2024", date(2025, 1, 31), lines, entries or {}, tasks, reports or {}
    )


def edited(data: bytes, change: Callable[[Workbook], None]) -> bytes:
    """The template as a person leaves it after changing it in a spreadsheet program."""
    book = load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filled(values: dict[str, object], **more: object) -> bytes:
    """The template with cells of “指标填报” set (``{"G2": 430.5}``); ``more`` sets cells of “任务进展”."""

    def change(book: Workbook) -> None:
        sheet = book[INDICATOR_SHEET]
        for ref, value in values.items():
            sheet[ref] = value
        for ref, value in more.items():
            book[TASK_SHEET][ref] = value

    return edited(write_template(template()), change)


def refused(data: bytes, name: str = FILE, **options: int) -> list[Problem]:
    with pytest.raises(InvalidInput) as caught:
        read_upload(data, name, **options)
    return caught.value.problems


def where(problem: Problem) -> tuple[str | None, int | None, str | None]:
    return problem.location.sheet, problem.location.row, problem.location.column


# ---------------------------------------------------------------------------------------------------
# the template


def test_the_template_has_its_sheets_header_lists_and_hidden_stamp() -> None:
    data = write_template(template())
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [INDICATOR_SHEET, TASK_SHEET, "填报说明", STAMP_SHEET]
    assert book[STAMP_SHEET].sheet_state == "veryHidden"
    sheet = book[INDICATOR_SHEET]
    assert [c.value for c in sheet[1]] == list(INDICATOR_COLUMNS)
    assert all(c.font.bold for c in sheet[1])
    assert [c.value for c in sheet[2]][:6] == ["gdp", "地区生产总值", "亿元", "2024", 428.2, "2023"]
    assert sheet["A3"].value == "gdp:growth"
    assert sheet.column_dimensions["G"].fill.fgColor.rgb != sheet.column_dimensions["A"].fill.fgColor.rgb
    assert sheet.column_dimensions["B"].width >= 20
    assert [str(v.sqref) for v in sheet.data_validations.dataValidation] == ["I2:I4"]
    tasks = book[TASK_SHEET]
    assert [c.value for c in tasks[1]] == list(TASK_COLUMNS)
    status, percent = tasks.data_validations.dataValidation
    assert status.formula1 == '"未开始,推进中,已完成,已暂停"' and str(status.sqref) == "C2:C3"
    assert (percent.type, percent.formula1, percent.formula2) == ("whole", "0", "100")
    assert [[c.value for c in row] for row in book[STAMP_SHEET].iter_rows()] == [
        ["round_code", "pingcheng-14-2024"],
        ["unit_code", "tjj"],
        ["format_version", 1],
        ["digest", DIGEST],
    ]


def test_no_task_sheet_when_the_round_asks_for_no_tasks() -> None:
    book = load_workbook(io.BytesIO(write_template(template(tasks=()))))
    assert TASK_SHEET not in book.sheetnames


def test_the_digest_follows_keys_units_periods_and_tasks_not_order_or_names() -> None:
    assert template_digest(reversed(LINES), reversed(TASKS)) == DIGEST
    renamed = Line(GDP.key, "GDP", GDP.unit, GDP.period_code, last_value=1.0)
    assert template_digest((renamed, GDP_GROWTH, POPULATION), TASKS) == DIGEST
    other_unit = Line(GDP.key, GDP.indicator_name, "万元", GDP.period_code)
    assert template_digest((other_unit, GDP_GROWTH, POPULATION), TASKS) != DIGEST
    assert template_digest(LINES, TASKS[:1]) != DIGEST


# ---------------------------------------------------------------------------------------------------
# round trips


def test_saved_entries_and_reports_come_back() -> None:
    entries = {
        GDP.key: Entry(GDP.key, 436.8, "436.8", "初步核算数，含“新口径”", jump_confirmed=True),
        POPULATION.key: Entry(POPULATION.key, 35.71, "35.71"),
    }
    reports = {"T2": TaskReport("T2", TaskStatus.IN_PROGRESS, 60, "完成改造1200户\n剩余部分明年完成")}
    upload = read_upload(write_template(template(entries, reports)), FILE)
    assert upload.stamp == STAMP
    assert [(row, entry) for row, entry, _ in upload.entries] == [(2, entries[GDP.key]), (4, entries[POPULATION.key])]
    assert [unit for _, _, unit in upload.entries] == ["亿元", "万人"]
    assert upload.reports == ((3, reports["T2"]),)
    assert isinstance(upload, UploadedSheet) and upload.periods == {2: "2024", 4: "2024"}


def test_a_number_keeps_its_decimals_in_the_cell_format_and_a_text_cell_its_digits() -> None:
    entry = Entry(GDP.key, 428.2, "428.20")
    data = write_template(template({GDP.key: entry}))
    assert load_workbook(io.BytesIO(data))[INDICATOR_SHEET]["G2"].number_format == "0.00"
    (_, read, _), *_ = read_upload(data, FILE).entries
    assert (read.value, read.printed) == (428.2, "428.2")  # a number cell holds no trailing zero
    (_, typed, _), *_ = read_upload(filled({"G2": "428.20"}), FILE).entries
    assert (typed.value, typed.printed) == (428.2, "428.20")


@pytest.mark.parametrize(
    ("cell", "value", "printed"),
    [
        (436.8, 436.8, "436.8"),
        (0.1 + 0.2, 0.3, "0.3"),  # what a spreadsheet shows, not the binary noise
        (12, 12.0, "12"),
        (" 1,234.5 ", 1234.5, "1234.5"),
        ("１２３４．５０", 1234.5, "1234.50"),
        ("－3.5", -3.5, "-3.5"),
        ("+7", 7.0, "7"),
        ("1 234", 1234.0, "1234"),
        (1e20, 1e20, "100000000000000000000"),
    ],
)
def test_numbers_as_people_type_them(cell: object, value: float, printed: str) -> None:
    (_, entry, _), *_ = read_upload(filled({"G2": cell}), FILE).entries
    assert (entry.value, entry.printed) == (value, printed)


def test_empty_cells_are_no_entries_and_blank_rows_are_skipped() -> None:
    upload = read_upload(filled({"G2": "  ", "G4": 35.7, "A6": None, "H8": None}), FILE)
    assert [(row, e.key) for row, e, _ in upload.entries] == [(4, POPULATION.key)]


def test_the_same_file_read_twice_gives_the_same_upload() -> None:
    data = filled({"G2": 436.8, "G3": 5.1}, C2="推进中", D2=40)
    assert read_upload(data, FILE) == read_upload(data, FILE)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_csv_round_trip(encoding: str) -> None:
    entries = {GDP.key: Entry(GDP.key, 436.8, "436.80", "初步核算", jump_confirmed=True)}
    data = write_csv(template(entries), encoding=encoding)
    upload = read_upload(data, "填报.csv")
    assert upload.stamp == SheetStamp("pingcheng-14-2024", "tjj", 0, "")
    assert [(row, entry, unit) for row, entry, unit in upload.entries] == [(2, entries[GDP.key], "亿元")]
    assert upload.reports == ()


def test_a_csv_saved_by_excel_in_gbk_with_values_typed_in() -> None:
    header = ",".join(CSV_COLUMNS)
    rows = [
        'gdp,地区生产总值,亿元,2024,428.2,2023,"1,436.80",口径调整,是,pingcheng-14-2024,tjj',
        "pop,常住人口,万人,2024,35.6,2023,,,,pingcheng-14-2024,tjj",
    ]
    data = ("\r\n".join([header, *rows]) + "\r\n").encode("gbk")
    upload = read_csv(data, "填报.csv")
    assert [(r, e.printed, e.note, e.jump_confirmed) for r, e, _ in upload.entries] == [
        (2, "1436.80", "口径调整", True)
    ]


@given(st.from_regex(r"-?(0|[1-9][0-9]{0,11})(\.[0-9]{1,6})?", fullmatch=True))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_typed_digits_survive_xlsx_and_csv(printed: str) -> None:
    entry = Entry(GDP.key, float(printed), printed)
    (_, from_csv, _), *_ = read_csv(write_csv(template({GDP.key: entry}), encoding="gbk"), "a.csv").entries
    assert from_csv == entry
    (_, from_text_cell, _), *_ = read_workbook(filled({"G2": printed}), FILE).entries
    assert from_text_cell == entry


@given(st.floats(min_value=-1e300, max_value=1e300))  # Excel holds at most 9.99e307
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_number_cells_come_back_as_their_value(value: float) -> None:
    (_, entry, _), *_ = read_workbook(filled({"G2": value}), FILE).entries
    assert float(entry.printed) == entry.value and "e" not in entry.printed
    assert math.isclose(entry.value, value, rel_tol=1e-14, abs_tol=1e-300)


# ---------------------------------------------------------------------------------------------------
# refusals: the file as a whole


def test_not_an_xlsx_is_refused_whatever_its_name() -> None:
    (problem,) = refused(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "填报.xlsx")
    assert "无法读取" in problem.message and "与模板不符" in problem.message
    assert problem.location == Location("填报.xlsx")


def test_a_corrupt_or_foreign_zip_is_refused() -> None:
    whole = write_template(template())
    (cut,) = refused(whole[: len(whole) // 2])
    assert "已损坏" in cut.message
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    (foreign,) = refused(other.getvalue())
    assert "不是 Excel 工作簿" in foreign.message


def test_a_zip_that_unpacks_to_too_much_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_UNPACKED_BYTES", 10_000)
    (problem,) = refused(write_template(template()))
    assert problem.message.startswith("文件解压后超过")


def test_an_empty_file_is_refused() -> None:
    assert refused(b"", "a.csv")[0].message.startswith("文件为空")


def test_an_old_binary_xls_is_refused_with_advice() -> None:
    (problem,) = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "填报.xls")
    assert "另存为 .xlsx" in problem.message


def test_a_missing_stamp_is_not_a_luoshi_template() -> None:
    def drop(book: Workbook) -> None:
        del book[STAMP_SHEET]

    (problem,) = refused(edited(write_template(template()), drop))
    assert "不是本系统下载的填报模板" in problem.message and "重新下载" in problem.message


def test_a_stamp_of_another_format_version_is_refused() -> None:
    def bump(book: Workbook) -> None:
        book[STAMP_SHEET]["B3"] = 2

    (problem,) = refused(edited(write_template(template()), bump))
    assert problem.message.startswith("模板格式版本为2，本系统只接受版本1") and problem.location.sheet == STAMP_SHEET


def test_a_missing_sheet_is_refused() -> None:
    def rename(book: Workbook) -> None:
        book[INDICATOR_SHEET].title = "Sheet1"

    (problem,) = refused(edited(write_template(template()), rename))
    assert problem.message.startswith("缺少工作表“指标填报”")


def test_a_renamed_or_moved_header_names_its_column() -> None:
    def rename(book: Workbook) -> None:
        book[INDICATOR_SHEET]["G1"] = "本期数值"

    (problem,) = refused(edited(write_template(template()), rename))
    assert where(problem) == (INDICATOR_SHEET, 1, "G（本期值）")
    assert problem.message.startswith("表头应为“本期值”，实为“本期数值”")
    assert problem.location.zh() == f"{FILE}：工作表“指标填报”第1行G（本期值）列"

    def insert(book: Workbook) -> None:
        book[INDICATOR_SHEET].insert_cols(1)

    problems = refused(edited(write_template(template()), insert))
    assert len(problems) == len(INDICATOR_COLUMNS)


def test_formulas_are_refused_at_their_cells() -> None:
    problems = refused(filled({"G2": "=400+36.8", "E3": "=SUM(E2:E2)"}))
    assert [where(p) for p in problems] == [(INDICATOR_SHEET, 2, "G（本期值）"), (INDICATOR_SHEET, 3, "E（上期值）")]
    assert all("公式" in p.message for p in problems)


@pytest.mark.filterwarnings("ignore:Data Validation extension is not supported")
def test_a_formula_outside_the_cells_is_no_formula_cell() -> None:
    """Excel keeps some lists of data validations as ``<xm:f>`` in an extension: not a formula in a cell."""
    source = zipfile.ZipFile(io.BytesIO(filled({"G2": 436.8})))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                extension = (
                    b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
                    b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><xm:f>Sheet2!A1</xm:f>'
                    b"</ext></extLst></worksheet>"
                )
                content = content.replace(b"</worksheet>", extension)
            target.writestr(member, content)
    assert [e.value for _, e, _ in read_upload(out.getvalue(), FILE).entries] == [436.8]


def test_merged_cells_are_refused() -> None:
    def merge(book: Workbook) -> None:
        book[INDICATOR_SHEET].merge_cells("H2:I3")

    (problem,) = refused(edited(write_template(template()), merge))
    assert where(problem) == (INDICATOR_SHEET, 2, "H")
    assert "合并单元格（H2:I3）" in problem.message


def test_more_rows_than_allowed_are_refused() -> None:
    (problem,) = refused(filled({"G2": 1, "G3": 2, "G4": 3}), max_rows=2)
    assert where(problem) == (INDICATOR_SHEET, 4, None) and problem.message.startswith("数据超过2行")


# ---------------------------------------------------------------------------------------------------
# refusals: cells


@pytest.mark.parametrize("cell", ["约100", "—", "100万元", "1,23", "1e5", "NaN", True, datetime(2024, 5, 1), "#DIV/0!"])
def test_a_value_that_is_not_a_number(cell: object) -> None:
    (problem,) = refused(filled({"G3": cell}))
    assert where(problem) == (INDICATOR_SHEET, 3, "G（本期值）")
    assert "不是数值" in problem.message


def test_non_finite_numbers_are_refused() -> None:
    row = ["gdp", "地区生产总值", "亿元", "2024", "", "", "9" * 400, "", "", "r", "u"]
    data = "\n".join([",".join(CSV_COLUMNS), ",".join(row)]).encode()
    (problem,) = refused(data, "a.csv")
    assert (problem.location.row, problem.location.column) == (2, "G（本期值）") and "有限" in problem.message


def test_every_problem_is_reported_at_once() -> None:
    problems = refused(filled({"G2": "约430", "I3": "对", "A4": "gdp", "G4": 1}, C2="进行中", D3=120, E3="x"))
    assert [(where(p), p.message) for p in problems] == [
        ((INDICATOR_SHEET, 2, "G（本期值）"), "“约430”不是数值，请只填写数字，不要填写文字、符号或单位"),
        ((INDICATOR_SHEET, 4, "A（指标编码）"), "指标编码“gdp”重复（另见第2行）：每个指标只能填写一行"),
        ((TASK_SHEET, 2, "C（状态）"), "状态“进行中”无法识别，请从列表中选择：未开始、推进中、已完成、已暂停"),
        ((TASK_SHEET, 2, "D（完成进度(%)）"), "请填写完成进度（0到100之间的整数）"),
        ((TASK_SHEET, 3, "C（状态）"), "请填写状态（未开始、推进中、已完成、已暂停）"),
        ((TASK_SHEET, 3, "D（完成进度(%)）"), "完成进度“120”须为0到100之间的整数"),
    ]


def test_confirmation_must_be_yes_or_no() -> None:
    assert refused(filled({"G2": 900, "I2": "对"}))[0].message == "“对”无法识别：确认变动请填“是”或“否”，或留空"
    upload = read_upload(filled({"G2": 900, "I2": "否", "G4": 36, "I4": "是"}), FILE)
    assert [e.jump_confirmed for _, e, _ in upload.entries] == [False, True]


def test_duplicate_task_codes_and_fractional_percent() -> None:
    problems = refused(filled({}, A3="T1", C2="已完成", D2=99.5))
    assert [where(p) for p in problems] == [(TASK_SHEET, 2, "D（完成进度(%)）"), (TASK_SHEET, 3, "A（任务编码）")]


def test_a_code_removed_from_a_filled_row() -> None:
    (problem,) = refused(filled({"A2": None, "G2": 1}))
    assert where(problem) == (INDICATOR_SHEET, 2, "A（指标编码）") and "缺少指标编码" in problem.message


def test_csv_rows_must_name_one_round_and_unit() -> None:
    rows = [
        ",".join(CSV_COLUMNS),
        "gdp,地区生产总值,亿元,2024,,,1,,,r1,u1",
        "pop,常住人口,万人,2024,,,2,,,r2,u1",
        "x,x,万人,2024,,,,,,,u1",
        "y,y,万人,2024,,,3",
    ]
    problems = refused("\n".join(rows).encode("gbk"), "填报.csv")
    assert [(p.location.sheet, p.location.row, p.location.column) for p in problems] == [
        (None, 3, "J（轮次编码）"),
        (None, 4, "J（轮次编码）"),
        (None, 5, "J（轮次编码）"),
        (None, 5, "K（单位编码）"),
    ]
    assert "与第2行" in problems[0].message


def test_a_csv_without_rows_or_with_a_monstrous_field() -> None:
    (empty,) = refused((",".join(CSV_COLUMNS) + "\n").encode(), "a.csv")
    assert empty.message.startswith("文件中没有填报数据行")
    monstrous = ",".join(CSV_COLUMNS) + "\ngdp,x,亿元,2024,,,1," + "长" * 200_000 + ",,r,u\n"
    (problem,) = refused(monstrous.encode(), "a.csv")
    assert problem.message.startswith("CSV 文件格式有误")


def test_a_csv_with_another_header_or_undecodable_bytes() -> None:
    (header,) = refused("指标,本期值\ngdp,1\n".encode(), "a.csv")[:1]
    assert header.location.row == 1 and header.message.startswith("表头应为“指标编码”")
    (binary,) = refused(b"\x00\x01\x02 binary", "a.csv")
    assert "无法读取" in binary.message


# ---------------------------------------------------------------------------------------------------
# checks against the lines asked


def test_wrong_unit_of_measure_is_refused_with_the_conversion() -> None:
    upload = read_upload(filled({"C2": "万元", "G2": 4368000, "C4": "人", "G4": 357100, "C3": "％", "G3": 5.1}), FILE)
    check = check_against(LINES, upload, ReportingRules())
    assert [(where(p), p.message) for p in check.errors] == [
        (
            (INDICATOR_SHEET, 2, "C（计量单位）"),
            "计量单位为“万元”，本轮要求“亿元”：请换算为亿元后填报（1亿元 = 10000万元），不要修改计量单位",
        ),
        (
            (INDICATOR_SHEET, 4, "C（计量单位）"),
            "计量单位为“人”，本轮要求“万人”：请换算为万人后填报（1万人 = 10000人），不要修改计量单位",
        ),
    ]  # ％ is %


def test_unknown_lines_and_other_periods_are_refused() -> None:
    upload = read_upload(filled({"G2": 436.8, "D4": "2023", "G4": 35.7}), FILE)
    check = check_against((POPULATION,), upload, ReportingRules())
    assert [where(p) for p in check.errors] == [
        (INDICATOR_SHEET, 2, "A（指标编码）"),
        (INDICATOR_SHEET, 4, "D（期别）"),
    ]
    assert check.errors[0].message.startswith("指标编码“gdp”不在本轮的填报范围内")
    assert check.errors[1].message.startswith("期别为“2023”，本轮为“2024”")
    with pytest.raises(InvalidInput):
        check.raise_errors()


def test_ranges_are_errors_and_unconfirmed_jumps_warnings() -> None:
    rules = ReportingRules(jump_share=0.5, ranges={"pop": (0, 100)})
    upload = read_upload(filled({"G2": 900, "G3": 99, "G4": 120}), FILE)
    check = check_against(LINES, upload, rules)
    assert [where(p) for p in check.errors] == [(INDICATOR_SHEET, 4, "G（本期值）")]
    assert "超出允许范围 0～100" in check.errors[0].message
    jump, _ = check.warnings  # gdp and pop; growth rates are not jump-checked
    assert [where(p)[1] for p in check.warnings] == [2, 4]
    assert jump.message.endswith("请核实后确认（核实无误请在“确认变动”列填“是”）")
    confirmed = read_upload(filled({"G2": 900, "I2": "是"}), FILE)
    assert check_against(LINES, confirmed, rules).ok


def test_a_plain_upload_from_a_form_is_checked_on_the_indicator_sheet() -> None:
    upload = SheetUpload(None, ((7, Entry(GDP.key, 1.0, "1"), "亿元"),), (), "form")
    (warning,) = check_against(LINES, upload, ReportingRules()).warnings
    assert where(warning) == (INDICATOR_SHEET, 7, "G（本期值）")


def test_csv_checks_name_no_sheet() -> None:
    data = write_csv(template({GDP.key: Entry(GDP.key, 1.0, "1")}))
    (warning,) = check_against(LINES, read_upload(data, "a.csv"), ReportingRules()).warnings
    assert where(warning) == (None, 2, "G（本期值）")


def test_a_template_of_another_round_or_unit_or_an_older_one_is_refused() -> None:
    upload = read_upload(write_template(template()), FILE)
    assert check_stamp(upload, STAMP) == []
    other_round = check_stamp(upload, SheetStamp("pingcheng-14-2025", "tjj", 1, DIGEST))
    assert [p.message.split("：")[0] for p in other_round] == [
        "这是轮次“pingcheng-14-2024”的模板，本次填报的是轮次“pingcheng-14-2025”"
    ]
    other_unit = check_stamp(upload, SheetStamp("pingcheng-14-2024", "fgj", 1, DIGEST))
    assert "不能用于单位“fgj”" in other_unit[0].message
    stale = check_stamp(upload, SheetStamp("pingcheng-14-2024", "tjj", 1, template_digest(LINES[:2], TASKS)))
    assert "模板已过期" in stale[0].message
    from_csv = read_upload(write_csv(template()), "a.csv")
    assert check_stamp(from_csv, STAMP) == []  # a CSV has no digest to compare


# ---------------------------------------------------------------------------------------------------
# size


def big_workbook(rows: int) -> bytes:
    """A filled-in template of ``rows`` lines, written as a spreadsheet program saves it (plain cells)."""
    book = Workbook(write_only=True)
    sheet: Worksheet = book.create_sheet(INDICATOR_SHEET)
    sheet.append(INDICATOR_COLUMNS)
    for i in range(rows):
        sheet.append([f"ind{i:06d}", f"指标{i}", "亿元", "2024", 100.0, "2023", 100.5 + i % 7, None, None])
    stamp = book.create_sheet(STAMP_SHEET)
    for key, value in (("round_code", "r"), ("unit_code", "u"), ("format_version", 1), ("digest", "d")):
        stamp.append([key, value])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.slow
def test_a_hundred_thousand_rows_are_read() -> None:
    data = big_workbook(100_000)  # speed is benchmarks/import.py's business
    upload = read_upload(data, "big.xlsx")
    assert len(upload.entries) == 100_000 and upload.entries[-1][0] == 100_001
    (problem,) = refused(data, "big.xlsx", max_rows=99_999)
    assert problem.location.row == 100_001
