"""A unit's reporting spreadsheet: the xlsx (or CSV) template of a round, and an upload of it read back
into the unit's draft — all or nothing, the same file twice changing nothing.

The file side (layout, reading, the checks of every cell) is :mod:`luoshi.ingest.workbook`; here the
template is filled from the round, and an upload is checked against the round and unit its stamp names,
inside the unit of work that saves it, so that nothing is half-written.
"""

from __future__ import annotations

from pydantic import BaseModel

from luoshi.domain.account import User
from luoshi.domain.errors import InvalidInput, Location, Problem
from luoshi.domain.rounds import SheetStamp, SheetTemplate
from luoshi.ingest.workbook import (
    FORMAT_VERSION,
    check_against,
    check_stamp,
    read_upload,
    template_digest,
    write_csv,
    write_template,
)
from luoshi.services.context import Context
from luoshi.services.plans import cycle_collection_paused
from luoshi.services.rounds import AskedOfUnit, editing, newest_open_round, reporting_rules, store_draft

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


class SheetFile(BaseModel):
    file_name: str
    content_type: str
    content: bytes


class ImportResult(BaseModel):
    """What an upload did: the round and unit, values and task reports read and changed, the jumps the
    reporter has still to confirm, and the data version that holds them (None: nothing changed)."""

    round_code: str
    unit_code: str
    values: int
    reports: int
    changed: int
    warnings: list[str]
    version: int | None


def _stamp(asked: AskedOfUnit, round_code: str, unit_code: str) -> SheetStamp:
    tasks = [(t.code, t.name) for t in asked.tasks.values()]
    return SheetStamp(round_code, unit_code, FORMAT_VERSION, template_digest(asked.lines.values(), tasks))


def template(
    ctx: Context, unit_code: str, round_code: str | None = None, *, csv_encoding: str | None = None
) -> SheetFile:
    """The unit's template for a round (the newest open round it owes when none is named), pre-filled
    with its lines, units of measure, periods, last values and what it has saved so far; xlsx, or CSV in
    ``csv_encoding`` (utf-8-sig or gbk)."""
    code = round_code or newest_open_round(ctx, unit_code=unit_code).code
    with ctx.reading() as uow:
        rnd = uow.rounds.round(code)
        uow.rounds.submission(code, unit_code)  # NotFound unless the unit owes one
        asked = AskedOfUnit(uow, rnd, unit_code)
        sheet = SheetTemplate(
            stamp=_stamp(asked, code, unit_code),
            round_title=rnd.title,
            unit_name=uow.rounds.unit_names().get(unit_code, unit_code),
            period_code=rnd.period.code,
            due=rnd.due,
            lines=tuple(asked.lines.values()),
            entries=uow.rounds.entries(code, unit_code),
            tasks=tuple((t.code, t.name) for t in asked.tasks.values()),
            reports=uow.rounds.reports(code, unit_code),
        )
    name = f"{code}_{unit_code}"
    if csv_encoding is not None:
        return SheetFile(
            file_name=f"{name}.csv", content_type=CSV_TYPE, content=write_csv(sheet, encoding=csv_encoding)
        )
    return SheetFile(file_name=f"{name}.xlsx", content_type=XLSX_TYPE, content=write_template(sheet))


def import_sheet(
    ctx: Context,
    user: User,
    data: bytes,
    file_name: str,
    *,
    round_code: str | None = None,
    unit_code: str | None = None,
) -> ImportResult:
    """Read a filled-in template (xlsx, or CSV in UTF-8 or GBK) into its unit's draft. Every problem is
    refused together, each at its sheet, row and column, and nothing is written; a template of another
    round or unit than ``round_code`` / ``unit_code`` (when given), or made before the round changed, is
    refused. Jumps beyond the configured share are saved and returned as warnings to confirm."""
    # 100,000 lines keep some two million objects alive to the commit (cells, entries, rows, audit
    # records): the cycle collector would walk them again and again and find nothing to free
    with cycle_collection_paused():
        return _import_sheet(ctx, user, data, file_name, round_code, unit_code)


def _import_sheet(
    ctx: Context, user: User, data: bytes, file_name: str, round_code: str | None, unit_code: str | None
) -> ImportResult:
    upload = read_upload(data, file_name)
    stamp = upload.stamp
    if stamp is None:
        raise InvalidInput([Problem(Location(file_name), "不是本系统下载的填报模板，请重新下载模板填报")])
    code = round_code or stamp.round_code
    unit = unit_code or stamp.unit_code
    with editing(ctx, user, code, unit, "round sheet imported") as (uow, rnd, sub, asked):
        problems = check_stamp(upload, _stamp(asked, code, unit))
        if problems:
            raise InvalidInput(problems)
        checked = check_against(asked.lines.values(), upload, reporting_rules(uow, rnd.plan_code))
        checked.raise_errors()
        task_problems = [
            Problem(
                Location(file_name, sheet="任务进展", row=row),
                f"本轮次没有要求本单位报告任务“{report.task_code}”的进展",
            )
            for row, report in upload.reports
            if report.task_code not in asked.tasks
        ]
        if task_problems:
            raise InvalidInput(task_problems)
        sheet = getattr(upload, "sheet", None)
        base = file_name.replace("\\", "/").rsplit("/", 1)[-1]
        entries = [(entry, f"{base}{f' {sheet}' if sheet else ''} 第{row}行") for row, entry, _ in upload.entries]
        result = store_draft(uow, rnd, sub, entries, [report for _, report in upload.reports])
    return ImportResult(
        round_code=code,
        unit_code=unit,
        values=len(upload.entries),
        reports=len(upload.reports),
        changed=result.changed,
        warnings=[f"{w.location.zh()}：{w.message}" for w in checked.warnings],
        version=result.version,
    )
