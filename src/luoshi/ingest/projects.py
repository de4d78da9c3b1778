"""The key-project register as a workbook (重点项目库): sheet “重点项目”, one project a row, Chinese headers.

Reading is all or nothing, with the readers of the units' sheets (:mod:`luoshi.ingest.workbook`): a damaged
file, merged cells, formulas, a wrong header, a bad cell, a duplicate 项目编码, a finish before a start or an
annual plan above the total investment is an :class:`InvalidInput` naming file, sheet, row and column;
whether the units exist and the stages may move is checked by :mod:`luoshi.services.projects` against the
database. Amounts are 万元 (read to whole 元). A row's 年度 and 年度计划投资 set that year's plan only, so the
registers of several years may be imported one after the other, and a file imported twice changes nothing.

>>> from luoshi.domain.project import Category
>>> p = Project("XM-1", "新材料产业园", "fgj", Category.INDUSTRY, 50_000 * WAN, annual_plans={2024: 8_000 * WAN})
>>> [(row, q.code, q.annual_plans) for row, q in read_register(write_register([p], 2024), "库.xlsx")]
[(2, 'XM-1', {2024: 80000000})]
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from openpyxl import Workbook, load_workbook

from luoshi.domain.errors import InvalidInput
from luoshi.domain.project import (
    BUILD_KIND_LABELS,
    CATEGORY_LABELS,
    STAGE_LABELS,
    WAN,
    BuildKind,
    Project,
    ProjectStage,
    check_project,
    wan,
    yuan_from_wan,
)
from luoshi.ingest.workbook import BadCell, Problems, cell_number, cell_text, column_label, sheet_rows

SHEET = "重点项目"
#: (field, header) of the register's columns, in order
COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "项目编码"),
    ("name", "项目名称"),
    ("unit_code", "责任单位编码"),
    ("leader", "分管领导"),
    ("category", "项目类别"),
    ("stage", "项目阶段"),
    ("build_kind", "建设性质"),
    ("total_investment", "总投资(万元)"),
    ("year", "年度"),
    ("annual_plan", "年度计划投资(万元)"),
    ("planned_start", "计划开工日期"),
    ("planned_finish", "计划竣工日期"),
    ("actual_start", "实际开工日期"),
    ("actual_finish", "实际竣工日期"),
    ("address", "建设地点"),
    ("longitude", "经度"),
    ("latitude", "纬度"),
    ("batch", "批次"),
    ("plan_code", "规划编码"),
    ("goal_codes", "服务目标编码"),
    ("indicator_codes", "服务指标编码"),
)
HEADERS = tuple(h for _, h in COLUMNS)
_INDEX = {name: i for i, (name, _) in enumerate(COLUMNS)}
#: where a domain rule's field is shown in the sheet
_FIELD_COLUMN = {**_INDEX, "annual_plan": _INDEX["annual_plan"]}
MAX_ROWS = 50_000
E = TypeVar("E", bound=StrEnum)


def column_of(name: str) -> str:
    """The column a field is in, named like “C（责任单位编码）”."""
    index = _FIELD_COLUMN[name]
    return column_label(index, COLUMNS[index][1])


def _choice(labels: Mapping[E, str], text: str, what: str) -> E:
    for member, label in labels.items():
        if text in (label, str(getattr(member, "value", member))):
            return member
    choices = "、".join(labels.values())
    raise BadCell(f"{what}“{text}”无法识别，应为{choices}之一")


def _stage(text: str) -> ProjectStage:
    if text in ("谋划", "储备", "谋划/储备"):
        return ProjectStage.PIPELINE
    return _choice(STAGE_LABELS, text, "项目阶段")


def _day(value: object) -> date | None:
    if value is None or cell_text(value) == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value).replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadCell(f"“{cell_text(value)}”不是日期，应写作 2024-03-01") from None


def _yuan(value: object, *, required: bool) -> int | None:
    if value is None or cell_text(value) == "":
        if required:
            raise BadCell("不能为空")
        return None
    _, printed = cell_number(value)
    try:
        return yuan_from_wan(printed)
    except ValueError as exc:
        raise BadCell(str(exc)) from None


def _float(value: object) -> float | None:
    if value is None or cell_text(value) == "":
        return None
    return cell_number(value)[0]


def _codes(value: object) -> tuple[str, ...]:
    text = cell_text(value).replace("，", ",").replace("、", ",").replace(";", ",")
    return tuple(c.strip() for c in text.split(",") if c.strip())


def _project(cells: Sequence[Any], problems: Problems, number: int) -> Project | None:
    """One row as a project, or None with its problems noted."""

    def cell(name: str) -> Any:
        index = _INDEX[name]
        return cells[index] if index < len(cells) else None

    values: dict[str, Any] = {}
    readers: dict[str, Any] = {
        "code": lambda v: cell_text(v) or _raise("项目编码不能为空"),
        "name": lambda v: cell_text(v) or _raise("项目名称不能为空"),
        "unit_code": lambda v: cell_text(v) or _raise("责任单位编码不能为空"),
        "leader": cell_text,
        "category": lambda v: _choice(CATEGORY_LABELS, cell_text(v), "项目类别"),
        "stage": lambda v: _stage(cell_text(v)) if cell_text(v) else ProjectStage.PIPELINE,
        "build_kind": lambda v: _choice(BUILD_KIND_LABELS, cell_text(v), "建设性质") if cell_text(v) else BuildKind.NEW,
        "total_investment": lambda v: _yuan(v, required=True),
        "year": _year,
        "annual_plan": lambda v: _yuan(v, required=False),
        "planned_start": _day,
        "planned_finish": _day,
        "actual_start": _day,
        "actual_finish": _day,
        "address": cell_text,
        "longitude": _float,
        "latitude": _float,
        "batch": cell_text,
        "plan_code": lambda v: cell_text(v) or None,
        "goal_codes": _codes,
        "indicator_codes": _codes,
    }
    ok = True
    for name, header in COLUMNS:
        try:
            values[name] = readers[name](cell(name))
        except BadCell as bad:
            problems.add(str(bad), sheet=SHEET, row=number, column=column_label(_INDEX[name], header))
            ok = False
    if not ok:
        return None
    year, planned = values.pop("year"), values.pop("annual_plan")
    if (year is None) != (planned is None):
        problems.add("年度和年度计划投资应同时填写", sheet=SHEET, row=number, column=column_of("annual_plan"))
        return None
    project = Project(**values, annual_plans={year: planned} if year is not None else {})
    for found in check_project(project):
        problems.add(found.message, sheet=SHEET, row=number, column=column_of(found.field))
    return project


def _raise(message: str) -> Any:
    raise BadCell(message)


def _year(value: object) -> int | None:
    if value is None or cell_text(value) == "":
        return None
    number, printed = cell_number(value)
    if not number.is_integer() or not 1990 <= number <= 2100:
        raise BadCell(f"年度“{printed}”应为四位年份")
    return int(number)


def read_register(data: bytes, file_name: str, *, max_rows: int = MAX_ROWS) -> list[tuple[int, Project]]:
    """Every project of the register with its row number; InvalidInput with every problem found."""
    problems = Problems(file_name)
    if not data.startswith(b"PK"):
        problems.refuse("文件不是 Excel 工作簿（.xlsx），无法读取：请使用导出的重点项目表")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        problems.refuse("文件已损坏或不是 Excel 工作簿（.xlsx），无法读取")
    found: list[tuple[int, Project]] = []
    try:
        if SHEET not in book.sheetnames:
            problems.refuse(f"缺少工作表“{SHEET}”：请使用导出的重点项目表")
        rows = sheet_rows(book, archive, SHEET, HEADERS, problems)
        if rows is not None:
            seen: dict[str, int] = {}
            for number, cells in enumerate(rows, start=2):
                if not any(cell_text(c) for c in cells):
                    continue
                if len(found) >= max_rows:
                    problems.refuse(f"超过{max_rows}行，请分批导入", sheet=SHEET)
                project = _project(cells, problems, number)
                if project is None:
                    continue
                if project.code in seen:
                    problems.add(
                        f"项目编码“{project.code}”与第{seen[project.code]}行重复",
                        sheet=SHEET,
                        row=number,
                        column=column_of("code"),
                    )
                    continue
                seen[project.code] = number
                found.append((number, project))
    except InvalidInput:
        raise
    except Exception:
        problems.add("文件已损坏，无法读取")
    finally:
        book.close()
        archive.close()
    problems.check()
    return found


def write_register(projects: Sequence[Project], year: int) -> bytes:
    """The register as a workbook, each project with ``year``'s plan (empty when it has none)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    for p in projects:
        planned = p.annual_plans.get(year)
        sheet.append(
            [
                p.code,
                p.name,
                p.unit_code,
                p.leader,
                CATEGORY_LABELS[p.category],
                STAGE_LABELS[p.stage],
                BUILD_KIND_LABELS[p.build_kind],
                _wan_cell(p.total_investment),
                year if planned is not None else None,
                _wan_cell(planned) if planned is not None else None,
                _iso(p.planned_start),
                _iso(p.planned_finish),
                _iso(p.actual_start),
                _iso(p.actual_finish),
                p.address,
                p.longitude,
                p.latitude,
                p.batch,
                p.plan_code,
                ",".join(p.goal_codes),
                ",".join(p.indicator_codes),
            ]
        )
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _wan_cell(yuan: int) -> float | int:
    """万元 as a number cell (read back exactly: a cell's printed digits are its shortest form)."""
    return yuan // WAN if yuan % WAN == 0 else wan(yuan)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


__all__ = ["COLUMNS", "HEADERS", "SHEET", "column_of", "read_register", "wan", "write_register"]
