"""A unit's spreadsheet for a round, through the services on both databases: the template is pre-filled,
an upload is all or nothing, the same file twice changes nothing, another round's or unit's template and
values in the wrong unit of measure are refused."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from luoshi.domain.account import Role, User
from luoshi.domain.errors import Forbidden, InvalidInput
from luoshi.services import rounds, sheets
from luoshi.services.context import Context
from luoshi.services.plans import load_plan

pytestmark = pytest.mark.integration

PLANNER = User("planner", Role.PLANNER)
TJJ = User("tjj-reporter", Role.REPORTER, unit_code="tjj")
FGJ = User("fgj-reporter", Role.REPORTER, unit_code="fgj")


@pytest.fixture
def round_code(ctx: Context, mini_plan: Path) -> str:
    load_plan(ctx, mini_plan)
    return rounds.open_round(ctx, PLANNER, "mini", "2021", date(2099, 1, 31)).code


def filled(template: bytes, change: Callable[[Workbook], None]) -> bytes:
    book = load_workbook(io.BytesIO(template))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def values(level: object, growth: object = 6.1, unit: str | None = None) -> Callable[[Workbook], None]:
    def change(book: Workbook) -> None:
        sheet = book["指标填报"]
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "gdp":
                row[6].value = level
                if unit is not None:
                    row[2].value = unit
            elif row[0].value == "gdp:growth":
                row[6].value = growth

    return change


def version(ctx: Context) -> int | None:
    with ctx.reading() as uow:
        return uow.version


def test_template_then_upload_then_the_same_file_again(ctx: Context, round_code: str) -> None:
    made = sheets.template(ctx, "tjj")  # the newest open round the unit owes
    assert made.file_name == f"{round_code}_tjj.xlsx"
    book = load_workbook(io.BytesIO(made.content))
    rows = [[c.value for c in r] for r in book["指标填报"].iter_rows(min_row=2, max_col=7)]
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [
        ("gdp", "亿元", "2021", 428.2),
        ("gdp:growth", "%", "2021", None),
    ]
    upload = filled(made.content, values(465.3))
    result = sheets.import_sheet(ctx, TJJ, upload, "统计局.xlsx")
    assert (result.values, result.changed, result.warnings) == (2, 2, [])
    view = rounds.submission_view(ctx, TJJ, round_code, "tjj")
    assert [(line.key, line.value) for line in view.lines] == [("gdp", "465.3"), ("gdp:growth", "6.1")]
    assert view.state == "draft" and view.lines[0].source and "第" in view.lines[0].source
    before = version(ctx)
    again = sheets.import_sheet(ctx, TJJ, upload, "统计局.xlsx")
    assert again.changed == 0 and again.version is None and version(ctx) == before


def test_wrong_unit_of_measure_is_refused_and_nothing_written(ctx: Context, round_code: str) -> None:
    made = sheets.template(ctx, "tjj", round_code)
    before = version(ctx)
    with pytest.raises(InvalidInput) as caught:
        sheets.import_sheet(ctx, TJJ, filled(made.content, values(4653000, unit="万元")), "统计局.xlsx")
    problem = caught.value.problems[0]
    assert problem.location.sheet == "指标填报" and problem.location.row == 2 and "万元" in problem.message
    with pytest.raises(InvalidInput) as caught:
        sheets.import_sheet(ctx, TJJ, filled(made.content, values("约465")), "统计局.xlsx")
    assert caught.value.problems[0].location.column and "G" in caught.value.problems[0].location.column
    assert version(ctx) == before
    assert rounds.submission_view(ctx, TJJ, round_code, "tjj").filled == 0


def test_another_units_or_rounds_template_is_refused(ctx: Context, round_code: str) -> None:
    made = filled(sheets.template(ctx, "tjj", round_code).content, values(465.3))
    with pytest.raises(Forbidden):
        sheets.import_sheet(ctx, FGJ, made, "统计局.xlsx")  # a reporter of another unit
    with pytest.raises(InvalidInput, match="不能用于单位"):
        sheets.import_sheet(ctx, FGJ, made, "统计局.xlsx", unit_code="fgj")
    other = rounds.open_round(ctx, PLANNER, "mini", "2022", date(2099, 1, 31)).code
    with pytest.raises(InvalidInput, match="本次填报的是轮次"):
        sheets.import_sheet(ctx, TJJ, made, "统计局.xlsx", round_code=other)


def test_a_gbk_csv_saved_by_excel(ctx: Context, round_code: str) -> None:
    made = sheets.template(ctx, "tjj", round_code, csv_encoding="gbk")
    text = made.content.decode("gbk").splitlines()
    header = text[0].split(",")
    value_at = header.index("本期值")
    rows = [line.split(",") for line in text[1:]]
    for row in rows:
        row[value_at] = "465.3" if row[0] == "gdp" else "6.1"
    data = "\r\n".join([",".join(header), *(",".join(r) for r in rows)]).encode("gbk")
    result = sheets.import_sheet(ctx, TJJ, data, "统计局.csv")
    assert result.changed == 2


def test_a_jump_is_a_warning_to_confirm(ctx: Context, round_code: str) -> None:
    made = sheets.template(ctx, "tjj", round_code)
    result = sheets.import_sheet(ctx, TJJ, filled(made.content, values(900)), "统计局.xlsx")
    assert result.changed == 2 and len(result.warnings) == 1 and "确认变动" in result.warnings[0]
    with pytest.raises(InvalidInput, match="请核实后确认"):
        rounds.submit(ctx, TJJ, round_code, "tjj")

    def confirm(book: Workbook) -> None:
        values(900)(book)
        for row in book["指标填报"].iter_rows(min_row=2):
            if row[0].value == "gdp":
                row[8].value = "是"

    sheets.import_sheet(ctx, TJJ, filled(made.content, confirm), "统计局.xlsx")
    assert rounds.submit(ctx, TJJ, round_code, "tjj").state == "submitted"
