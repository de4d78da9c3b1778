"""A unit's reporting spreadsheet for a round (填报模板): written pre-filled, read back, checked.

The template (docs/reporting-sheets.md) is an .xlsx workbook: sheet “指标填报” has one row per figure
asked (header in row 1, columns A–I below), sheet “任务进展” one row per task (when the round asks for
tasks), sheet “填报说明” says what to do, and a very hidden sheet “_luoshi” holds the :class:`SheetStamp`
(round, unit, format version, digest of the lines asked). The same figures also travel as CSV (UTF-8 or
GBK, as Excel in China saves it) with the columns of “指标填报” plus 轮次编码 and 单位编码 on every row.

Reading is all or nothing: :func:`read_upload` (or :func:`read_workbook`, :func:`read_csv`) either
returns every entry and task report, or raises :class:`InvalidInput` with every problem found, each at
its sheet, row and column and worded in Chinese. :func:`check_against` then compares the entries with
the lines the unit was asked for (unknown lines, units of measure, periods, ranges, jumps).

>>> from datetime import date
>>> line = Line(LineKey("gdp"), "地区生产总值", "亿元", "2024", last_value=428.2, last_period="2023")
>>> stamp = SheetStamp("r-2024", "u1", FORMAT_VERSION, template_digest([line], []))
>>> template = SheetTemplate(stamp, "2024年填报", "区统计局", "2024", date(2025, 1, 31), (line,), {}, (), {})
>>> data = write_template(template)
>>> read_upload(data, "填报.xlsx").entries
()
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NoReturn, Protocol

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from luoshi.domain.errors import InvalidInput, Location, Problem
from luoshi.domain.measurement import UnknownUnit, parse_unit
from luoshi.domain.period import InvalidPeriod, Period
from luoshi.domain.plan import TASK_STATUS_LABELS, TaskStatus
from luoshi.domain.rounds import (
    Entry,
    Line,
    LineKey,
    ReportingRules,
    Severity,
    SheetStamp,
    SheetTemplate,
    SheetUpload,
    TaskReport,
    check_entry,
)
from luoshi.ingest.text import decode_text

#: the layout version written into every template's stamp; a template of another version is refused
FORMAT_VERSION = 1
#: the stamp's format version of a CSV upload, which carries its round and unit in columns instead
CSV_FORMAT_VERSION = 0
#: how many data rows a sheet may hold by default
MAX_ROWS = 200_000
#: how many bytes the members of an xlsx may unpack to (200,000 rows are about 100 MB of XML)
MAX_UNPACKED_BYTES = 512 * 2**20

INDICATOR_SHEET = "指标填报"
TASK_SHEET = "任务进展"
GUIDE_SHEET = "填报说明"
STAMP_SHEET = "_luoshi"

INDICATOR_COLUMNS = ("指标编码", "指标名称", "计量单位", "期别", "上期值", "上期期别", "本期值", "说明", "确认变动")
TASK_COLUMNS = ("任务编码", "任务名称", "状态", "完成进度(%)", "进展情况")
CSV_COLUMNS = (*INDICATOR_COLUMNS, "轮次编码", "单位编码")
#: the columns a reporter fills in (marked yellow in the template)
INDICATOR_INPUTS = ("本期值", "说明", "确认变动")
TASK_INPUTS = ("状态", "完成进度(%)", "进展情况")
STAMP_FIELDS = ("round_code", "unit_code", "format_version", "digest")

YES, NO = "是", "否"

# 0-based positions of the columns read
_CODE, _UNIT, _PERIOD, _VALUE, _NOTE, _CONFIRM = (
    INDICATOR_COLUMNS.index(c) for c in ("指标编码", "计量单位", "期别", "本期值", "说明", "确认变动")
)
_ROUND, _UNIT_CODE = len(INDICATOR_COLUMNS), len(INDICATOR_COLUMNS) + 1
_T_CODE, _T_STATUS, _T_PERCENT, _T_TEXT = (
    TASK_COLUMNS.index(c) for c in ("任务编码", "状态", "完成进度(%)", "进展情况")
)

_STATUS_BY_LABEL: dict[str, TaskStatus] = {label: status for status, label in TASK_STATUS_LABELS.items()}
_STATUS_BY_LABEL.update({status.value: status for status in TaskStatus})
_STATUS_CHOICES = "、".join(TASK_STATUS_LABELS.values())

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")  # pale blue: printed by luoshi
_INPUT_HEADER_FILL = PatternFill("solid", fgColor="FFD966")  # yellow: to be filled in
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_INPUT_STYLE = "luoshi_input"
_WRAP = Alignment(wrap_text=True, vertical="top")
_INDICATOR_WIDTHS = (16, 30, 10, 10, 12, 10, 14, 30, 10)
_TASK_WIDTHS = (16, 40, 10, 12, 60)

# a formula cell (<f>, or <x:f> with a namespace prefix) and a merged range in a worksheet's XML
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MERGE_TAG = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+)(\d+)(?::([A-Z]+\d+))?\"")
_SCAN_CHUNK = 1 << 20
_SCAN_OVERLAP = 256

# numbers as people type them: full-width digits, the minus sign, spaces, thousands separators
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋−", "0123456789.,-+-")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_GROUPED_NUMBER = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")


# ---------------------------------------------------------------------------------------------------
# writing


def template_digest(lines: Iterable[Line], tasks: Iterable[tuple[str, str]]) -> str:
    """A sha256 over what a template asks for: each line's key, unit of measure and period, and each task's
    code, in a stable (sorted) order, so the same round asks for the same digest whatever the line order.
    Names and last values are left out: a renamed indicator does not make a filled-in template stale.

    >>> a = Line(LineKey("gdp"), "地区生产总值", "亿元", "2024")
    >>> template_digest([a], []) == template_digest([a], [])
    True
    >>> template_digest([a], []) == template_digest([Line(LineKey("gdp"), "GDP", "万元", "2024")], [])
    False
    """
    items = sorted(json.dumps(["line", str(x.key), x.unit, x.period_code], ensure_ascii=False) for x in lines)
    items += sorted(json.dumps(["task", code], ensure_ascii=False) for code, _ in tasks)
    return hashlib.sha256("\n".join(items).encode("utf-8")).hexdigest()


def write_template(template: SheetTemplate) -> bytes:
    """The .xlsx template of a unit for a round, pre-filled with the lines asked and what is already saved.

    Sheets: “指标填报” (header in row 1, frozen; 本期值/说明/确认变动 marked yellow; 确认变动 a 是/否 list),
    “任务进展” when the round asks for tasks (状态 a list of the Chinese labels, 完成进度 a whole number
    0–100), “填报说明” (the round, the unit, the due date and how to fill in) and the very hidden “_luoshi”
    holding ``template.stamp``. Written in openpyxl's write-only mode: 100,000 lines take a few seconds.
    """
    book = Workbook(write_only=True)
    style = NamedStyle(_INPUT_STYLE)
    style.fill = _INPUT_FILL
    book.add_named_style(style)
    _write_indicators(book, template)
    if template.tasks:
        _write_tasks(book, template)
    _write_guide(book, template)
    stamp = book.create_sheet(STAMP_SHEET)
    stamp.sheet_state = "veryHidden"
    s = template.stamp
    for key, value in zip(STAMP_FIELDS, (s.round_code, s.unit_code, s.format_version, s.digest), strict=True):
        stamp.append([key, value])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_csv(template: SheetTemplate, *, encoding: str = "utf-8-sig") -> bytes:
    """The template's lines as CSV (columns of “指标填报” plus 轮次编码 and 单位编码), pre-filled like the
    workbook. ``encoding`` ``gbk`` gives what Excel on Chinese Windows saves; the default has a byte-order
    mark so that Excel opens UTF-8 correctly. Task progress is not part of the CSV form."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    stamp = template.stamp
    for line in template.lines:
        entry = template.entries.get(line.key)
        writer.writerow(
            [
                str(line.key),
                line.indicator_name,
                line.unit,
                line.period_code,
                "" if line.last_value is None else _printed_float(line.last_value),
                line.last_period or "",
                entry.printed if entry else "",
                entry.note if entry else "",
                YES if entry and entry.jump_confirmed else "",
                stamp.round_code,
                stamp.unit_code,
            ]
        )
    # GB18030 is GBK for every character GBK has, and has the rest (a rare character in a name)
    return out.getvalue().encode("gb18030" if codecs.lookup(encoding).name == "gbk" else encoding)


def _header(sheet: Any, names: Sequence[str], inputs: Sequence[str]) -> list[Cell]:
    cells = []
    for index, name in enumerate(names, start=1):
        cell = WriteOnlyCell(sheet, name)
        cell.font = _HEADER_FONT
        cell.fill = _INPUT_HEADER_FILL if name in inputs else _HEADER_FILL
        cells.append(cell)
        if name in inputs:  # empty cells of the column show the column's style, and so do cells typed later
            sheet.column_dimensions[get_column_letter(index)].fill = _INPUT_FILL
    return cells


def _input(sheet: Any, value: str | float | None) -> Cell | None:
    """A filled-in input cell, marked by the named style (cheaper per cell than a fill of its own)."""
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value)
    cell.style = _INPUT_STYLE
    return cell


def _widths(sheet: Any, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _write_indicators(book: Workbook, template: SheetTemplate) -> None:
    sheet = book.create_sheet(INDICATOR_SHEET)
    _widths(sheet, _INDICATOR_WIDTHS)
    sheet.freeze_panes = "C2"
    last_row = len(template.lines) + 1
    confirm = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True, showErrorMessage=True)
    confirm.error, confirm.errorTitle = f"请选择“{YES}”或“{NO}”，或留空", "确认变动"
    confirm.add(f"{get_column_letter(_CONFIRM + 1)}2:{get_column_letter(_CONFIRM + 1)}{max(last_row, 2)}")
    sheet.data_validations.append(confirm)
    sheet.append(_header(sheet, INDICATOR_COLUMNS, INDICATOR_INPUTS))
    for line in template.lines:
        entry = template.entries.get(line.key)
        if entry is None:
            sheet.append(
                [str(line.key), line.indicator_name, line.unit, line.period_code, line.last_value, line.last_period]
            )
            continue
        # a number (so that Excel sums it), shown with the decimals it was typed with (428.20)
        value = _input(sheet, entry.value)
        places = _decimal_places(entry.printed)
        if value is not None and places and entry.printed != _printed_float(entry.value):
            value.number_format = "0." + "0" * places
        sheet.append(
            [
                str(line.key),
                line.indicator_name,
                line.unit,
                line.period_code,
                line.last_value,
                line.last_period,
                value,
                _input(sheet, entry.note or None),
                _input(sheet, YES if entry.jump_confirmed else None),
            ]
        )


def _write_tasks(book: Workbook, template: SheetTemplate) -> None:
    sheet = book.create_sheet(TASK_SHEET)
    _widths(sheet, _TASK_WIDTHS)
    sheet.freeze_panes = "C2"
    last_row = max(len(template.tasks) + 1, 2)
    status = DataValidation(
        type="list", formula1='"' + ",".join(TASK_STATUS_LABELS.values()) + '"', allow_blank=True, showErrorMessage=True
    )
    status.error, status.errorTitle = f"请从列表中选择：{_STATUS_CHOICES}", "状态"
    status.add(f"C2:C{last_row}")
    percent = DataValidation(
        type="whole", operator="between", formula1="0", formula2="100", allow_blank=True, showErrorMessage=True
    )
    percent.error, percent.errorTitle = "请填写0到100之间的整数", "完成进度(%)"
    percent.add(f"D2:D{last_row}")
    sheet.data_validations.append(status)
    sheet.data_validations.append(percent)
    sheet.append(_header(sheet, TASK_COLUMNS, TASK_INPUTS))
    sheet.column_dimensions["E"].alignment = _WRAP
    for code, name in template.tasks:
        report = template.reports.get(code)
        if report is None:
            sheet.append([code, name])
            continue
        text = _input(sheet, report.text or None)
        if text is not None:
            text.alignment = _WRAP
        sheet.append(
            [code, name, _input(sheet, TASK_STATUS_LABELS[report.status]), _input(sheet, report.percent), text]
        )


def _write_guide(book: Workbook, template: SheetTemplate) -> None:
    sheet = book.create_sheet(GUIDE_SHEET)
    _widths(sheet, (14, 90))
    rows = [
        ("填报轮次", template.round_title),
        ("填报单位", template.unit_name),
        ("期别", template.period_code),
        ("截止日期", template.due.isoformat()),
        ("", ""),
        ("填报方法", f"在“{INDICATOR_SHEET}”表黄色的“本期值”列填写数值，单位为该行“计量单位”，不要换算为其他单位。"),
        ("", "数值只填数字（可带千分位逗号），不要填写“约”“—”等文字，也不要使用公式；不填的留空。"),
        ("", "本期值与上期值相比变动较大时，系统会提示核实；核实无误请在“确认变动”列选择“是”，并在“说明”列说明原因。"),
        ("", "请勿修改表头、插入或合并单元格、改动指标编码、计量单位和期别，也不要删除或重命名工作表。"),
    ]
    if template.tasks:
        rows.append(("", f"在“{TASK_SHEET}”表选择状态（{_STATUS_CHOICES}），填写完成进度（0到100的整数）和进展情况。"))
    rows.append(("", "填好后保存为 .xlsx 文件上传；同一文件重复上传不会重复记录。"))
    for key, text in rows:
        label = WriteOnlyCell(sheet, key)
        label.font = _HEADER_FONT
        sheet.append([label, text])


def _decimal_places(printed: str) -> int:
    _, _, fraction = printed.partition(".")
    return len(fraction)


# ---------------------------------------------------------------------------------------------------
# reading


@dataclass(frozen=True)
class UploadedSheet(SheetUpload):
    """A :class:`SheetUpload` as read from a file, with what :func:`check_against` also needs: the 期别
    text of each entry's row, and the sheet the entries were on (None for CSV)."""

    periods: Mapping[int, str] = field(default_factory=dict)  # row -> 期别 as in the sheet
    sheet: str | None = INDICATOR_SHEET


class SheetReader(Protocol):
    """One form an upload may come in. :func:`read_upload` asks each registered reader in turn."""

    name: str

    def accepts(self, data: bytes, file_name: str) -> bool: ...

    def read(self, data: bytes, file_name: str, *, max_rows: int) -> SheetUpload: ...


class Problems:
    """The problems found in one file, each at a sheet, a row and a column named like “G（本期值）”."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[Problem] = []

    def add(self, message: str, *, sheet: str | None = None, row: int | None = None, column: str | None = None) -> None:
        self.found.append(Problem(Location(self.file, row=row, column=column, sheet=sheet), message))

    def check(self) -> None:
        if self.found:
            raise InvalidInput(self.found)

    def refuse(self, message: str, *, sheet: str | None = None) -> NoReturn:
        """Stop at a problem that leaves nothing else worth reading (with those found before it)."""
        self.add(message, sheet=sheet)
        raise InvalidInput(self.found)


def column_label(index: int, name: str) -> str:
    """The name of a column in messages: ``column_label(6, "本期值") == "G（本期值）"`` (index from 0)."""
    return f"{get_column_letter(index + 1)}（{name}）"


_INDICATOR_LABELS = tuple(column_label(i, n) for i, n in enumerate(CSV_COLUMNS))
_TASK_LABELS = tuple(column_label(i, n) for i, n in enumerate(TASK_COLUMNS))


class BadCell(Exception):
    """A cell's value is refused; the message is Chinese, for the reporter."""


def read_upload(data: bytes, file_name: str, *, max_rows: int = MAX_ROWS) -> SheetUpload:
    """Read an uploaded template, xlsx or CSV, told apart by content (an xlsx is a zip: it starts with
    ``PK``), not by the file's name. Raises InvalidInput with every problem found (messages in Chinese).

    >>> try:
    ...     read_upload(b"\\xd0\\xcf\\x11\\xe0 an old binary workbook", "a.xls")
    ... except InvalidInput as refused:
    ...     print(refused.problems[0].message)
    这是旧版 Excel（.xls）文件，请使用下载的 .xlsx 模板填报，或在 Excel 中另存为 .xlsx 后上传
    """
    for reader in READERS:
        if reader.accepts(data, file_name):
            return reader.read(data, file_name, max_rows=max_rows)
    raise AssertionError("the CSV reader accepts everything")  # pragma: no cover


def read_workbook(data: bytes, file_name: str, *, max_rows: int = MAX_ROWS) -> UploadedSheet:
    """Read a filled-in .xlsx template: its stamp, the entries of “指标填报” (rows whose 本期值 is empty are
    no entries) and the reports of “任务进展”. Raises InvalidInput (messages in Chinese, each naming sheet,
    row and column) for a file that is no xlsx or is damaged, a missing stamp or one of an unknown format
    version, a missing sheet or header column, formulas, merged cells, more than ``max_rows`` data rows,
    values that are not numbers, duplicate 指标编码 or 任务编码, a 确认变动 other than 是/否, an unknown
    状态 and a 完成进度 outside 0–100.

    A number cell's printed digits are its value's shortest form (a cell typed 428.20 holds 428.2); a text
    cell keeps its digits as typed (“428.20”), full-width digits, spaces and thousands separators removed.
    """
    problems = Problems(file_name)
    if not data.startswith(b"PK"):
        problems.refuse("文件不是 Excel 工作簿（.xlsx），无法读取，与模板不符：请使用下载的模板填报后上传")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        # a zip bomb: the sizes a zip declares bound what reading its members can unpack
        if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
            problems.refuse(f"文件解压后超过{MAX_UNPACKED_BYTES // 2**20} MB，无法读取：请分批填报")
        # any failure of a damaged or foreign zip inside openpyxl (KeyError, ValueError, XML errors...)
        # means the same thing to the reporter
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except InvalidInput:
        raise
    except Exception:
        problems.refuse("文件已损坏或不是 Excel 工作簿（.xlsx），无法读取，与模板不符：请使用下载的模板填报后上传")
    try:
        stamp = _read_stamp(book, problems)
        if problems.found:  # no stamp or another format version: the rest would only add noise
            problems.check()
        entries: list[tuple[int, Entry, str]] = []
        periods: dict[int, str] = {}
        reports: list[tuple[int, TaskReport]] = []
        if INDICATOR_SHEET not in book.sheetnames:
            problems.add(f"缺少工作表“{INDICATOR_SHEET}”，与模板不符：请勿删除或重命名工作表")
        else:
            rows = sheet_rows(book, archive, INDICATOR_SHEET, INDICATOR_COLUMNS, problems)
            if rows is not None:
                entries, periods = _read_entries(rows, problems, INDICATOR_SHEET, max_rows)
        if TASK_SHEET in book.sheetnames:
            rows = sheet_rows(book, archive, TASK_SHEET, TASK_COLUMNS, problems)
            if rows is not None:
                reports = _read_reports(rows, problems, max_rows)
    except InvalidInput:
        raise
    except Exception:  # openpyxl failing on a damaged sheet while iterating
        problems.add("文件已损坏，无法读取，与模板不符：请使用下载的模板填报后上传")
    finally:
        book.close()
        archive.close()
    problems.check()
    return UploadedSheet(stamp, tuple(entries), tuple(reports), file_name, periods, INDICATOR_SHEET)


def read_csv(data: bytes, file_name: str, *, max_rows: int = MAX_ROWS, encoding: str | None = None) -> UploadedSheet:
    """Read the CSV form of a template: the columns of “指标填报” then 轮次编码 and 单位编码, UTF-8 (with or
    without a byte-order mark) or GBK, detected as every luoshi command detects it (``encoding`` forces one).
    Every row must name the same round and unit; the stamp returned has them, format version
    :data:`CSV_FORMAT_VERSION` (0) and an empty digest, since a CSV carries no digest. There are no task
    reports. Problems as :func:`read_workbook`, with no sheet in their location.
    """
    problems = Problems(file_name)
    if not data.strip():
        problems.refuse("文件为空，请使用下载的模板填报后上传")
    try:
        text = decode_text(data, file_name, encoding)
    except InvalidInput:
        problems.refuse("文件既不是 Excel 工作簿（.xlsx），也不是 UTF-8 或 GBK 编码的 CSV 文本，无法读取，与模板不符")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    if not _header_matches(header, CSV_COLUMNS, problems, None):
        problems.check()
    codes: dict[int, tuple[str, str]] = {}

    def rows() -> Iterator[tuple[Any, ...]]:
        for number, row in enumerate(reader, start=2):
            if any(cell.strip() for cell in row):  # every row that is not blank names its round and unit
                padded = (*row, *("",) * (_UNIT_CODE + 1 - len(row)))
                codes[number] = (padded[_ROUND].strip(), padded[_UNIT_CODE].strip())
            yield tuple(row)

    try:
        entries, periods = _read_entries(rows(), problems, None, max_rows)
    except csv.Error:  # a field over the csv module's limit, a stray quote in strict places
        problems.refuse("CSV 文件格式有误，无法读取，与模板不符：请使用下载的模板填报后上传")
    first: tuple[int, tuple[str, str]] | None = None
    for number, (round_code, unit_code) in codes.items():
        for index, value in ((_ROUND, round_code), (_UNIT_CODE, unit_code)):
            if not value:
                problems.add(f"{CSV_COLUMNS[index]}为空：每一行都须填写", row=number, column=_INDICATOR_LABELS[index])
        if not (round_code and unit_code):
            continue
        if first is None:
            first = (number, (round_code, unit_code))
        elif (round_code, unit_code) != first[1]:
            problems.add(
                f"轮次编码、单位编码为“{round_code}”“{unit_code}”，与第{first[0]}行"
                f"（“{first[1][0]}”“{first[1][1]}”）不同：一个文件只能填报一个轮次的一个单位",
                row=number,
                column=_INDICATOR_LABELS[_ROUND],
            )
    if first is None and not problems.found:
        problems.add("文件中没有填报数据行（第2行起每行须有指标编码、轮次编码和单位编码）", row=2)
    problems.check()
    assert first is not None  # else a problem was added above
    stamp = SheetStamp(first[1][0], first[1][1], CSV_FORMAT_VERSION, "")
    return UploadedSheet(stamp, tuple(entries), (), file_name, periods, None)


def _read_stamp(book: Any, problems: Problems) -> SheetStamp | None:
    again = "不是本系统下载的填报模板（缺少或无法读取隐藏的模板标记），请重新下载模板填报"
    if STAMP_SHEET not in book.sheetnames:
        problems.add(again)
        return None
    values: dict[str, Any] = {}
    for row in book[STAMP_SHEET].iter_rows(min_row=1, max_row=len(STAMP_FIELDS) + 5, max_col=2, values_only=True):
        if row and row[0] is not None:
            values[str(row[0]).strip()] = row[1] if len(row) > 1 else None
    try:
        version = int(str(values["format_version"]).strip())
        round_code, unit_code = str(values["round_code"]).strip(), str(values["unit_code"]).strip()
        digest = str(values.get("digest") or "").strip()
    except (KeyError, ValueError):
        problems.add(again, sheet=STAMP_SHEET)
        return None
    if version != FORMAT_VERSION:
        problems.add(
            f"模板格式版本为{version}，本系统只接受版本{FORMAT_VERSION}的模板：请重新下载模板填报", sheet=STAMP_SHEET
        )
        return None
    if not (round_code and unit_code and values["round_code"] is not None and values["unit_code"] is not None):
        problems.add(again, sheet=STAMP_SHEET)
        return None
    return SheetStamp(round_code, unit_code, version, digest)


def _normal_header(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip() if value is not None else ""


def _header_matches(header: Sequence[Any], names: Sequence[str], problems: Problems, sheet: str | None) -> bool:
    """Row 1 must start with the template's columns, in order (more columns after them are ignored)."""
    wanted = ", ".join(names)
    if not any(_normal_header(v) for v in header):
        problems.add(f"第1行应为表头（{wanted}），与模板不符：请使用下载的模板", sheet=sheet, row=1)
        return False
    ok = True
    for index, name in enumerate(names):
        found = _normal_header(header[index]) if index < len(header) else ""
        if found != _normal_header(name):
            what = f"为“{found}”" if found else "为空"
            problems.add(
                f"表头应为“{name}”，实{what}，与模板不符：请勿修改、删除或移动表头和列",
                sheet=sheet,
                row=1,
                column=column_label(index, name),
            )
            ok = False
    return ok


def sheet_rows(
    book: Any, archive: zipfile.ZipFile, name: str, columns: Sequence[str], problems: Problems
) -> Iterator[tuple[Any, ...]] | None:
    """The rows after the header of a sheet, or None (with the problems noted) when the sheet cannot be
    read as a template: a wrong header, merged cells, or formulas (each formula is named at its cell)."""
    sheet = book[name]
    # the <dimension> of a sheet written by another program may be wrong; openpyxl would stop reading there
    sheet.reset_dimensions()
    found_formula, merged = _scan_sheet_xml(archive, sheet._worksheet_path)
    for column, row, ref in merged:
        problems.add(f"含合并单元格（{ref}），与模板不符：请取消合并后再上传", sheet=name, row=row, column=column)
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, ())
    header_ok = _header_matches(header, columns, problems, name)
    if found_formula:  # the scan is a cheap trigger; the cells say where (an <xm:f> of an extension is none)
        named = 0
        for number, row in enumerate(rows, start=2):
            for index, value in enumerate(row):
                if _is_formula(value):
                    label = (
                        column_label(index, columns[index]) if index < len(columns) else get_column_letter(index + 1)
                    )
                    problems.add(
                        "含公式，请只填写数值（可复制后“选择性粘贴—数值”）", sheet=name, row=number, column=label
                    )
                    named += 1
        if named:
            return None
        rows = sheet.iter_rows(min_row=2, values_only=True)
    if merged or not header_ok:
        return None
    return rows  # type: ignore[no-any-return]  # openpyxl's iter_rows is untyped


def _is_formula(value: object) -> bool:
    # openpyxl gives "=..." for a formula (its array and data-table formulas are objects)
    return (isinstance(value, str) and value.startswith("=")) or type(value).__name__ in (
        "ArrayFormula",
        "DataTableFormula",
    )


def _scan_sheet_xml(archive: zipfile.ZipFile, path: str) -> tuple[bool, list[tuple[str, int, str]]]:
    """Whether a worksheet's XML holds a formula, and its merged ranges as (column, row, "A1:B2"); read in
    chunks, without parsing, so that it costs little next to reading the cells."""
    formula = False
    merged: dict[str, tuple[str, int, str]] = {}
    tail = b""
    with archive.open(path.lstrip("/")) as source:
        while chunk := source.read(_SCAN_CHUNK):
            text = tail + chunk
            if not formula and _FORMULA_TAG.search(text):
                formula = True
            if b"mergeCell" in text:
                for match in _MERGE_TAG.finditer(text):
                    column, row, end = (g.decode("ascii") if g else "" for g in match.groups())
                    ref = f"{column}{row}" + (f":{end}" if end else "")
                    merged[ref] = (column, int(row), ref)
            tail = text[-_SCAN_OVERLAP:]
    return formula, list(merged.values())


def cell_text(value: object) -> str:
    """A cell as text: "" for an empty cell, an integral number without ".0" (a code typed as a number)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _printed_float(value: float) -> str:
    """A float as printed: at most 15 significant digits (what Excel shows), never an exponent."""
    text = format(value, ".15g")
    if not math.isfinite(float(text)):  # 1.7976931348623157e308 rounds up past the largest float
        text = repr(value)
    return format(Decimal(text), "f") if "e" in text else text


def cell_number(value: object) -> tuple[float, str]:
    """A number cell's value and printed digits; BadCell (with a Chinese message) if it holds no number.

    >>> cell_number(" １,２３４.50 ")
    (1234.5, '1234.50')
    >>> cell_number(0.1 + 0.2)
    (0.3, '0.3')
    """
    if isinstance(value, bool):
        raise BadCell(f"“{value}”不是数值，请只填写数字")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadCell("不是有限的数值，请填写一个数字")
        printed = _printed_float(value)
        return float(printed), printed
    if isinstance(value, int):
        try:
            return float(value), str(value)
        except OverflowError:
            raise BadCell("数值过大，不是有限的数值") from None
    if not isinstance(value, str):  # a date, a time
        raise BadCell(f"“{value}”不是数值，请只填写数字（单元格格式请设为“常规”或“数值”）")
    text = "".join(value.translate(_FULL_WIDTH).split())
    if "," in text:
        if not _GROUPED_NUMBER.fullmatch(text):
            raise BadCell(f"“{value.strip()}”不是数值，请只填写数字（千分位逗号须每三位一个）")
        text = text.replace(",", "")
    elif not _PLAIN_NUMBER.fullmatch(text):
        raise BadCell(f"“{value.strip()}”不是数值，请只填写数字，不要填写文字、符号或单位")
    number = float(text)
    if not math.isfinite(number):
        raise BadCell(f"“{value.strip()[:20]}”过大，不是有限的数值")
    return number, text.removeprefix("+")


def _confirmed(value: object) -> bool:
    text = cell_text(value)
    if text in ("", NO) or value is False:
        return False
    if text == YES or value is True:
        return True
    raise BadCell(f"“{text}”无法识别：确认变动请填“{YES}”或“{NO}”，或留空")


def _read_entries(
    rows: Iterable[Sequence[Any]], problems: Problems, sheet: str | None, max_rows: int
) -> tuple[list[tuple[int, Entry, str]], dict[int, str]]:
    """The entries of the rows after the header (row 2 on); a row with neither 指标编码 nor anything filled
    in is skipped."""
    entries: list[tuple[int, Entry, str]] = []
    periods: dict[int, str] = {}
    seen: dict[str, int] = {}
    width = _CONFIRM + 1
    padding = (None,) * width
    labels = _INDICATOR_LABELS
    count = 0
    for number, row in enumerate(rows, start=2):
        if len(row) < width:
            row = (*row, *padding[: width - len(row)])
        code, raw, note, confirm = row[_CODE], row[_VALUE], row[_NOTE], row[_CONFIRM]
        if raw == "":  # CSV cells are text: empty text is an empty cell
            raw = None
        if code is None or code == "" or (isinstance(code, str) and not code.strip()):
            if raw is None and not cell_text(note) and not cell_text(confirm):
                continue
            problems.add("缺少指标编码：请勿删除或修改指标编码", sheet=sheet, row=number, column=labels[_CODE])
            continue
        count += 1
        if count > max_rows:
            problems.add(f"数据超过{max_rows:,}行，无法导入：请分批填报", sheet=sheet, row=number)
            break
        text = code if type(code) is str else cell_text(code)
        text = text.strip()
        if text in seen:
            problems.add(
                f"指标编码“{text}”重复（另见第{seen[text]}行）：每个指标只能填写一行",
                sheet=sheet,
                row=number,
                column=labels[_CODE],
            )
            continue
        seen[text] = number
        if raw is None or (type(raw) is str and not raw.strip()):
            continue
        try:
            key = LineKey.parse(text)
        except ValueError:
            problems.add(f"指标编码“{text}”无法识别：请勿修改指标编码", sheet=sheet, row=number, column=labels[_CODE])
            continue
        try:
            value, printed = cell_number(raw)
        except BadCell as bad:
            problems.add(str(bad), sheet=sheet, row=number, column=labels[_VALUE])
            continue
        try:
            confirmed = _confirmed(confirm)
        except BadCell as bad:
            problems.add(str(bad), sheet=sheet, row=number, column=labels[_CONFIRM])
            continue
        entry = Entry(key, value, printed, "" if note is None else cell_text(note), confirmed)
        entries.append((number, entry, cell_text(row[_UNIT])))
        periods[number] = cell_text(row[_PERIOD])
    return entries, periods


def _read_reports(rows: Iterable[Sequence[Any]], problems: Problems, max_rows: int) -> list[tuple[int, TaskReport]]:
    """The task reports of “任务进展”; a row whose 状态, 完成进度 and 进展情况 are all empty is none."""
    reports: list[tuple[int, TaskReport]] = []
    seen: dict[str, int] = {}
    width = len(TASK_COLUMNS)
    labels = _TASK_LABELS
    count = 0
    for number, row in enumerate(rows, start=2):
        if len(row) < width:
            row = (*row, *(None,) * (width - len(row)))
        code, status_text, percent_raw, text = (cell_text(row[i]) for i in (_T_CODE, _T_STATUS, _T_PERCENT, _T_TEXT))
        if not code:
            if status_text or percent_raw or text:
                problems.add(
                    "缺少任务编码：请勿删除或修改任务编码", sheet=TASK_SHEET, row=number, column=labels[_T_CODE]
                )
            continue
        count += 1
        if count > max_rows:
            problems.add(f"数据超过{max_rows:,}行，无法导入：请分批填报", sheet=TASK_SHEET, row=number)
            break
        if code in seen:
            problems.add(
                f"任务编码“{code}”重复（另见第{seen[code]}行）：每项任务只能填写一行",
                sheet=TASK_SHEET,
                row=number,
                column=labels[_T_CODE],
            )
            continue
        seen[code] = number
        if not (status_text or percent_raw or text):
            continue
        status = _STATUS_BY_LABEL.get(status_text)
        if status is None:
            message = (
                f"状态“{status_text}”无法识别，请从列表中选择：{_STATUS_CHOICES}"
                if status_text
                else f"请填写状态（{_STATUS_CHOICES}）"
            )
            problems.add(message, sheet=TASK_SHEET, row=number, column=labels[_T_STATUS])
        percent: int | None = None
        try:
            if percent_raw == "":
                raise BadCell("请填写完成进度（0到100之间的整数）")
            number_value, _ = cell_number(row[_T_PERCENT])
            if not (number_value.is_integer() and 0 <= number_value <= 100):
                raise BadCell(f"完成进度“{percent_raw}”须为0到100之间的整数")
            percent = int(number_value)
        except BadCell as bad:
            message = str(bad)
            if "不是数值" in message:
                message = f"完成进度“{percent_raw}”须为0到100之间的整数"
            problems.add(message, sheet=TASK_SHEET, row=number, column=labels[_T_PERCENT])
        if status is not None and percent is not None:
            reports.append((number, TaskReport(code, status, percent, text)))
    return reports


# ---------------------------------------------------------------------------------------------------
# the registry of upload forms


class _XlsxReader:
    name = "xlsx"

    def accepts(self, data: bytes, file_name: str) -> bool:
        return data.startswith(b"PK") or file_name.lower().endswith((".xlsx", ".xlsm"))

    def read(self, data: bytes, file_name: str, *, max_rows: int) -> SheetUpload:
        return read_workbook(data, file_name, max_rows=max_rows)


class _LegacyExcelReader:
    """Old binary .xls (an OLE2 compound file): refused with advice, never read as text."""

    name = "xls"

    def accepts(self, data: bytes, file_name: str) -> bool:
        return data.startswith(b"\xd0\xcf\x11\xe0")

    def read(self, data: bytes, file_name: str, *, max_rows: int) -> SheetUpload:
        Problems(file_name).refuse(
            "这是旧版 Excel（.xls）文件，请使用下载的 .xlsx 模板填报，或在 Excel 中另存为 .xlsx 后上传"
        )


class _CsvReader:
    name = "csv"

    def accepts(self, data: bytes, file_name: str) -> bool:
        return True

    def read(self, data: bytes, file_name: str, *, max_rows: int) -> SheetUpload:
        return read_csv(data, file_name, max_rows=max_rows)


#: the forms an upload may come in, asked in this order (CSV, the last, takes whatever is left)
READERS: tuple[SheetReader, ...] = (_LegacyExcelReader(), _XlsxReader(), _CsvReader())


# ---------------------------------------------------------------------------------------------------
# checking against what was asked


@dataclass(frozen=True)
class SheetCheck:
    """What :func:`check_against` found: errors (the upload is refused) and warnings (jumps beyond the
    configured share of the last value, which the reporter confirms with 确认变动 = 是, or in the form)."""

    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors and not self.warnings

    def raise_errors(self) -> None:
        """InvalidInput with the errors, if there are any."""
        if self.errors:
            raise InvalidInput(list(self.errors))


def check_against(template_lines: Iterable[Line], upload: SheetUpload, rules: ReportingRules) -> SheetCheck:
    """Compare an upload's entries with the lines the unit was asked for: a 指标编码 not asked, a unit of
    measure other than the one asked (万元 where 亿元 is asked), another period, a value out of its
    configured range (errors) and an unconfirmed jump (:func:`~luoshi.domain.rounds.check_entry`; warnings).
    Locations name the template's sheet, row and column; a plain SheetUpload (not read from a file) is
    placed on “指标填报” and its periods are not checked.

    >>> line = Line(LineKey("gdp"), "地区生产总值", "亿元", "2024", last_value=428.2)
    >>> upload = SheetUpload(None, ((2, Entry(LineKey("gdp"), 4282.0, "4282"), "万元"),), (), "a.xlsx")
    >>> [p.message for p in check_against([line], upload, ReportingRules()).errors]
    ['计量单位为“万元”，本轮要求“亿元”：请换算为亿元后填报（1亿元 = 10000万元），不要修改计量单位']
    """
    lines = {line.key: line for line in template_lines}
    periods: Mapping[int, str] = upload.periods if isinstance(upload, UploadedSheet) else {}
    sheet = upload.sheet if isinstance(upload, UploadedSheet) else INDICATOR_SHEET
    labels = _INDICATOR_LABELS
    errors: list[Problem] = []
    warnings: list[Problem] = []

    def at(row: int, index: int) -> Location:
        return Location(upload.file_name, row=row, column=labels[index], sheet=sheet)

    for row, entry, unit in upload.entries:
        line = lines.get(entry.key)
        if line is None:
            errors.append(Problem(at(row, _CODE), f"指标编码“{entry.key}”不在本轮的填报范围内：请勿添加或修改指标"))
            continue
        unit_problem = _unit_problem(unit, line.unit)
        if unit_problem:
            errors.append(Problem(at(row, _UNIT), unit_problem))
            continue
        period = periods.get(row)
        if period is not None and not _same_period(period, line.period_code):
            errors.append(
                Problem(
                    at(row, _PERIOD), f"期别为“{period}”，本轮为“{line.period_code}”：请勿修改期别，或下载本轮的模板"
                )
            )
            continue
        for finding in check_entry(line, entry, rules):
            if finding.severity is Severity.ERROR:
                errors.append(Problem(at(row, _VALUE), finding.message))
            else:
                warnings.append(Problem(at(row, _VALUE), f"{finding.message}（核实无误请在“确认变动”列填“{YES}”）"))
    return SheetCheck(tuple(errors), tuple(warnings))


def check_stamp(upload: SheetUpload, expected: SheetStamp) -> list[Problem]:
    """Whether an upload is a template of the round and unit expected, and made for the lines asked now
    (its digest; a CSV has none to compare). Problems in Chinese, located at the file (or its stamp sheet).

    >>> upload = SheetUpload(SheetStamp("r-2024Q2", "u1", 1, "d"), (), (), "a.xlsx")
    >>> [p.message for p in check_stamp(upload, SheetStamp("r-2024Q3", "u1", 1, "d"))]
    ['这是轮次“r-2024Q2”的模板，本次填报的是轮次“r-2024Q3”：请下载本轮的模板']
    """
    stamp = upload.stamp
    where = Location(
        upload.file_name, sheet=None if stamp and stamp.format_version == CSV_FORMAT_VERSION else STAMP_SHEET
    )
    if stamp is None:
        return [Problem(Location(upload.file_name), "不是本系统下载的填报模板，请重新下载模板填报")]
    problems = []
    if stamp.round_code != expected.round_code:
        problems.append(
            Problem(
                where, f"这是轮次“{stamp.round_code}”的模板，本次填报的是轮次“{expected.round_code}”：请下载本轮的模板"
            )
        )
    if stamp.unit_code != expected.unit_code:
        problems.append(
            Problem(where, f"这是单位“{stamp.unit_code}”的模板，不能用于单位“{expected.unit_code}”：请下载本单位的模板")
        )
    if not problems and stamp.format_version != CSV_FORMAT_VERSION and stamp.digest != expected.digest:
        problems.append(Problem(where, "下载模板之后本轮的填报内容已调整，模板已过期：请重新下载模板填报"))
    return problems


def _unit_problem(found: str, asked: str) -> str | None:
    if found == asked or unicodedata.normalize("NFKC", found).strip() == unicodedata.normalize("NFKC", asked).strip():
        return None
    if not found:
        return f"计量单位为空，本轮要求“{asked}”：请勿修改计量单位"
    try:
        found_base, found_scale = parse_unit(found)
        asked_base, asked_scale = parse_unit(asked)
    except UnknownUnit:
        return f"计量单位为“{found}”，本轮要求“{asked}”：请按“{asked}”填报，不要修改计量单位"
    if found_base == asked_base and found_scale == asked_scale:
        return None  # two spellings of one unit (％ and %)
    if found_base == asked_base:
        if asked_scale >= found_scale:
            ratio = f"1{asked} = {asked_scale / found_scale:g}{found}"
        else:
            ratio = f"1{found} = {found_scale / asked_scale:g}{asked}"
        return f"计量单位为“{found}”，本轮要求“{asked}”：请换算为{asked}后填报（{ratio}），不要修改计量单位"
    return f"计量单位为“{found}”，本轮要求“{asked}”：请按“{asked}”填报，不要修改计量单位"


def _same_period(found: str, asked: str) -> bool:
    if found == asked:
        return True
    try:
        return Period.parse(found).code == Period.parse(asked).code
    except InvalidPeriod:
        return False
