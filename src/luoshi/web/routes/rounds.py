"""Reporting rounds (填报轮次): the list and opening form, a round's completeness and timeliness with the
reminder buttons, one unit's submission (values, task progress, evidence, approval), and the to-do page."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from luoshi.domain.account import Permission, User
from luoshi.domain.errors import InvalidInput, Location, Problem
from luoshi.domain.plan import TaskStatus
from luoshi.domain.rounds import Round
from luoshi.services import rounds, sheets
from luoshi.services.rounds import (
    EntryInput,
    ReminderDue,
    RoundListView,
    RoundStatusView,
    SaveInput,
    SaveResult,
    SubmissionView,
    TaskReportInput,
    TodoView,
)
from luoshi.web.auth import API_ERRORS, ContextDep, ErrorDetail, FigureWriter, Reader, require
from luoshi.web.templating import render

router = APIRouter(
    responses={
        **API_ERRORS,
        409: {"model": ErrorDetail, "description": "状态不允许 (locked, already decided, or the round is closed)"},
    }
)

RoundManager = Annotated[User, Depends(require(Permission.MANAGE_ROUNDS))]
Supervisor = Annotated[User, Depends(require(Permission.SUPERVISE))]


class OpenRoundInput(BaseModel):
    """``{"plan": "pingcheng-14", "period": "2024Q3", "due": "2024-10-15"}``; indicators and tasks default to
    every one with a responsible unit."""

    plan: str = Field(max_length=64)
    period: str = Field(max_length=16, description="2024, 2024H1, 2024Q3, 2024M09 or 2024YTD09")
    due: date
    title: str | None = Field(default=None, max_length=300)
    approval_levels: int = Field(default=2, ge=1, le=2)
    indicators: list[str] | None = None
    tasks: list[str] | None = None
    code: str | None = Field(default=None, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")
    projects: bool = Field(default=False, description="a month's round: also ask for the key projects' monthly reports")


class SheetFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


class CsvEncoding(StrEnum):
    UTF8 = "utf-8"
    GBK = "gbk"


class DecisionInput(BaseModel):
    comment: str = Field(default="", max_length=2000)


class RemindInput(BaseModel):
    units: list[str] = Field(min_length=1)
    note: str = Field(default="", max_length=500)


def _submission_url(code: str, unit_code: str) -> str:
    return f"/rounds/{quote(code)}/units/{quote(unit_code)}"


def _open(ctx: ContextDep, user: User, data: OpenRoundInput) -> Round:
    return rounds.open_round(
        ctx,
        user,
        data.plan,
        data.period,
        data.due,
        title=data.title,
        indicator_codes=data.indicators,
        task_codes=data.tasks,
        approval_levels=data.approval_levels,
        code=data.code,
        projects=data.projects,
    )


# ---------------------------------------------------------------------------------------------- rounds


@router.get("/rounds", response_class=HTMLResponse, include_in_schema=False)
def rounds_page(request: Request, ctx: ContextDep, user: Reader) -> Response:
    with ctx.reading() as snapshot:
        plan_names = {p.code: p.name for p in snapshot.plans.plans()}
    return render(request, "rounds.html", rounds.list_rounds(ctx), user, today=rounds.today(), plan_names=plan_names)


@router.get("/api/rounds", summary="填报轮次列表 (reporting rounds with their reporting rates)")
def rounds_api(ctx: ContextDep, user: Reader, plan: str | None = None) -> RoundListView:
    return rounds.list_rounds(ctx, plan_code=plan)


@router.post("/api/rounds", summary="发起填报轮次 (open a reporting round)", status_code=201)
def open_api(data: OpenRoundInput, ctx: ContextDep, user: RoundManager) -> RoundStatusView:
    return rounds.round_status(ctx, _open(ctx, user, data).code)


@router.post("/rounds", include_in_schema=False)
def open_form(ctx: ContextDep, user: RoundManager, data: Annotated[OpenRoundInput, Form()]) -> Response:
    rnd = _open(ctx, user, data.model_copy(update={"title": (data.title or "").strip() or None}))
    return RedirectResponse(f"/rounds/{quote(rnd.code)}", status_code=303)


@router.get("/rounds/{code}", response_class=HTMLResponse, include_in_schema=False)
def round_page(request: Request, code: str, ctx: ContextDep, user: Reader) -> Response:
    return render(request, "round.html", rounds.round_status(ctx, code), user)


@router.get("/api/rounds/{code}", summary="轮次报送情况 (completeness and timeliness per unit)")
def round_api(code: str, ctx: ContextDep, user: Reader) -> RoundStatusView:
    return rounds.round_status(ctx, code)


@router.post("/api/rounds/{code}/close", summary="关闭轮次 (close a round)")
def close_api(code: str, ctx: ContextDep, user: RoundManager) -> dict[str, bool]:
    return {"changed": rounds.close_round(ctx, user, code)}


@router.post("/rounds/{code}/close", include_in_schema=False)
def close_form(code: str, ctx: ContextDep, user: RoundManager) -> Response:
    rounds.close_round(ctx, user, code)
    return RedirectResponse(f"/rounds/{quote(code)}", status_code=303)


@router.post("/api/rounds/{code}/reminders", summary="催报 (remind units that have not submitted)")
def remind_api(code: str, data: RemindInput, ctx: ContextDep, user: Supervisor) -> dict[str, int]:
    return {"sent": rounds.remind(ctx, user, code, data.units, data.note)}


@router.post("/rounds/{code}/reminders", include_in_schema=False)
async def remind_form(request: Request, code: str, ctx: ContextDep, user: Supervisor) -> Response:
    form = await request.form()
    units = [str(u) for u in form.getlist("unit")]
    rounds.remind(ctx, user, code, units, str(form.get("note", "")))
    back = str(form.get("back", ""))
    return RedirectResponse(
        back if back.startswith("/") and not back.startswith("//") else f"/rounds/{quote(code)}", status_code=303
    )


@router.get("/api/reminders", summary="催报清单 (units of open rounds due soon or overdue that have not submitted)")
def reminders_api(ctx: ContextDep, user: Reader) -> list[ReminderDue]:
    return rounds.reminders_due(ctx)


# ---------------------------------------------------------------------------------------------- a submission


@router.get("/rounds/{code}/units/{unit_code}", response_class=HTMLResponse, include_in_schema=False)
def submission_page(request: Request, code: str, unit_code: str, ctx: ContextDep, user: Reader) -> Response:
    return render(request, "submission.html", rounds.submission_view(ctx, user, code, unit_code), user)


@router.get("/api/rounds/{code}/units/{unit_code}", summary="单位报送 (one unit's submission in a round)")
def submission_api(code: str, unit_code: str, ctx: ContextDep, user: Reader) -> SubmissionView:
    return rounds.submission_view(ctx, user, code, unit_code)


@router.put("/api/rounds/{code}/units/{unit_code}", summary="保存草稿 (save values and task progress)")
def save_api(code: str, unit_code: str, data: SaveInput, ctx: ContextDep, user: FigureWriter) -> SaveResult:
    return rounds.save_submission(ctx, user, code, unit_code, data, source="api")


@router.post("/api/rounds/{code}/units/{unit_code}/submit", summary="提交审核 (submit for approval)")
def submit_api(code: str, unit_code: str, ctx: ContextDep, user: FigureWriter) -> SubmissionView:
    rounds.submit(ctx, user, code, unit_code)
    return rounds.submission_view(ctx, user, code, unit_code)


def _form_input(form: dict[str, str]) -> SaveInput:
    entries = [
        EntryInput(
            key=name[2:],
            value=value,
            note=form.get(f"n:{name[2:]}", ""),
            jump_confirmed=form.get(f"c:{name[2:]}") == "1",
        )
        for name, value in form.items()
        if name.startswith("v:")
    ]
    reports = []
    for name, status in form.items():
        if not name.startswith("ts:") or not status:
            continue
        task = name[3:]
        percent_text = form.get(f"tp:{task}", "").strip() or "0"
        reports.append(
            TaskReportInput(
                task=task,
                status=TaskStatus(status),
                percent=int(percent_text) if percent_text.isdigit() else -1,
                text=form.get(f"tt:{task}", ""),
            )
        )
    return SaveInput(entries=entries, reports=reports)


@router.post("/rounds/{code}/units/{unit_code}", include_in_schema=False)
async def save_form(request: Request, code: str, unit_code: str, ctx: ContextDep, user: FigureWriter) -> Response:
    form = {name: str(value) for name, value in (await request.form()).items()}
    try:
        data = _form_input(form)
    except ValueError as exc:  # a percent out of 0..100, an unknown status
        raise InvalidInput([Problem(Location("表单"), f"任务进展填写有误：{str(exc).splitlines()[0]}")]) from None
    try:
        rounds.save_submission(ctx, user, code, unit_code, data)
        if form.get("action") == "submit":
            rounds.submit(ctx, user, code, unit_code)
    except InvalidInput as exc:
        view = rounds.submission_view(ctx, user, code, unit_code)
        errors = [f"{p.location.field or ''} {p.message}".strip() for p in exc.problems]
        return render(request, "submission.html", view, user, status_code=422, errors=errors, typed=form)
    return RedirectResponse(_submission_url(code, unit_code), status_code=303)


def _decision(ctx: ContextDep, user: User, code: str, unit_code: str, action: str, comment: str) -> None:
    if action == "approve":
        rounds.approve(ctx, user, code, unit_code, comment)
    elif action == "return":
        rounds.return_submission(ctx, user, code, unit_code, comment)
    elif action == "reopen":
        rounds.reopen(ctx, user, code, unit_code, comment)
    else:
        raise InvalidInput([Problem(Location("action"), f"未知操作 {action}")])


@router.post(
    "/api/rounds/{code}/units/{unit_code}/{action}",
    summary="审核通过 / 退回 / 重新打开 (approve, return with a comment, reopen with a reason)",
)
def decide_api(
    code: str, unit_code: str, action: str, data: DecisionInput, ctx: ContextDep, user: Reader
) -> SubmissionView:
    _decision(ctx, user, code, unit_code, action, data.comment)
    return rounds.submission_view(ctx, user, code, unit_code)


@router.post("/rounds/{code}/units/{unit_code}/decision", include_in_schema=False)
def decide_form(
    code: str,
    unit_code: str,
    ctx: ContextDep,
    user: Reader,
    action: Annotated[str, Form()],
    comment: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    _decision(ctx, user, code, unit_code, action, comment)
    return RedirectResponse(_submission_url(code, unit_code), status_code=303)


@router.post("/rounds/{code}/units/{unit_code}/evidence", include_in_schema=False)
async def evidence_form(
    code: str,
    unit_code: str,
    ctx: ContextDep,
    user: FigureWriter,
    task: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
) -> Response:
    content = await file.read()
    rounds.add_evidence(
        ctx,
        user,
        code,
        unit_code,
        task,
        file.filename or "附件",
        content,
        file.content_type or "application/octet-stream",
    )
    return RedirectResponse(_submission_url(code, unit_code) + "#tasks", status_code=303)


@router.get("/rounds/{code}/units/{unit_code}/evidence/{sha256}", include_in_schema=False)
def evidence_download(code: str, unit_code: str, sha256: str, ctx: ContextDep, user: Reader) -> Response:
    evidence, content = rounds.evidence_file(ctx, code, unit_code, sha256)
    disposition = f"attachment; filename*=UTF-8''{quote(evidence.file_name)}"
    return Response(
        content,
        media_type="application/octet-stream",
        headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"},
    )


# ---------------------------------------------------------------------------------------------- sheets


def _sheet_response(made: sheets.SheetFile) -> Response:
    return Response(
        made.content,
        media_type=made.content_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(made.file_name)}"},
    )


@router.get("/rounds/{code}/units/{unit_code}/sheet", include_in_schema=False)
def sheet_download(
    code: str, unit_code: str, ctx: ContextDep, user: Reader, format: str = "xlsx", encoding: str = "utf-8"
) -> Response:
    csv_encoding = None if format != "csv" else ("gbk" if encoding.lower() == "gbk" else "utf-8-sig")
    return _sheet_response(sheets.template(ctx, unit_code, code, csv_encoding=csv_encoding))


@router.get(
    "/api/rounds/{code}/units/{unit_code}/sheet",
    summary="下载填报模板 (the unit's xlsx template; CSV with format=csv, encoding=utf-8|gbk)",
    response_class=Response,
    responses={200: {"content": {sheets.XLSX_TYPE: {}, "text/csv": {}}}},
)
def sheet_api(
    code: str,
    unit_code: str,
    ctx: ContextDep,
    user: Reader,
    format: SheetFormat = SheetFormat.XLSX,
    encoding: CsvEncoding = CsvEncoding.UTF8,
) -> Response:
    csv_encoding = None if format is SheetFormat.XLSX else ("gbk" if encoding is CsvEncoding.GBK else "utf-8-sig")
    return _sheet_response(sheets.template(ctx, unit_code, code, csv_encoding=csv_encoding))


@router.post("/api/sheets", summary="上传填报表格 (a filled-in template: xlsx, or CSV in UTF-8 or GBK)")
async def sheet_upload_api(
    ctx: ContextDep, user: FigureWriter, file: Annotated[UploadFile, File()]
) -> sheets.ImportResult:
    data = await file.read()
    return await run_in_threadpool(sheets.import_sheet, ctx, user, data, file.filename or "upload.xlsx")


@router.post("/rounds/{code}/units/{unit_code}/sheet", include_in_schema=False)
async def sheet_upload_form(
    request: Request,
    code: str,
    unit_code: str,
    ctx: ContextDep,
    user: FigureWriter,
    file: Annotated[UploadFile, File()],
) -> Response:
    data = await file.read()
    try:
        result = await run_in_threadpool(
            sheets.import_sheet, ctx, user, data, file.filename or "upload.xlsx", round_code=code, unit_code=unit_code
        )
    except InvalidInput as exc:
        view = await run_in_threadpool(rounds.submission_view, ctx, user, code, unit_code)
        errors = [f"{p.location.zh()}：{p.message}" for p in exc.problems]
        return render(request, "submission.html", view, user, status_code=422, errors=errors)
    view = await run_in_threadpool(rounds.submission_view, ctx, user, code, unit_code)
    done = f"已读入 {result.values} 项数据、{result.reports} 项任务进展" + (
        "，已保存为草稿。" if result.changed else "，与已保存的内容相同，未作改动。"
    )
    return render(request, "submission.html", view, user, uploaded=done, upload_warnings=result.warnings)


# ---------------------------------------------------------------------------------------------- to-do


@router.get("/todo", response_class=HTMLResponse, include_in_schema=False)
def todo_page(request: Request, ctx: ContextDep, user: Reader) -> Response:
    return render(request, "todo.html", rounds.todo(ctx, user), user)


@router.get("/api/todo", summary="我的待办 (what the user owes, must approve, and notices)")
def todo_api(ctx: ContextDep, user: Reader) -> TodoView:
    return rounds.todo(ctx, user)
