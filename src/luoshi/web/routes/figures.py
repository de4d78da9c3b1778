"""Entering figures (填报) and task progress, from a form or the JSON API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.services.figures import (
    FigureWritten,
    ObservationInput,
    ProgressReported,
    TaskProgressContext,
    TaskProgressInput,
    TaskStatusInput,
    enter_observation,
    report_task_progress,
    set_task_status,
    task_progress_history,
)
from luoshi.web.auth import API_ERRORS, ContextDep, FigureWriter, Reader
from luoshi.web.templating import render

router = APIRouter(responses=API_ERRORS)


def _enter(ctx: ContextDep, user: FigureWriter, plan_code: str, code: str, data: ObservationInput) -> FigureWritten:
    return enter_observation(ctx, user, plan_code, code, data)
    # InvalidInput (a period or unit the domain refuses) becomes a 422 in the app's handler


@router.post("/api/indicators/{plan_code}/{code}/observations", summary="填报一条数据 (enter a figure)")
def enter_api(plan_code: str, code: str, data: ObservationInput, ctx: ContextDep, user: FigureWriter) -> FigureWritten:
    return _enter(ctx, user, plan_code, code, data)


@router.post("/indicators/{plan_code}/{code}/observations", include_in_schema=False)
def enter_form(
    plan_code: str, code: str, ctx: ContextDep, user: FigureWriter, data: Annotated[ObservationInput, Form()]
) -> Response:
    _enter(ctx, user, plan_code, code, data)
    return RedirectResponse(f"/indicators/{plan_code}/{code}#observations", status_code=303)


def _status(ctx: ContextDep, user: FigureWriter, plan_code: str, code: str, data: TaskStatusInput) -> bool:
    return set_task_status(ctx, user, plan_code, code, data.status)


@router.post("/api/tasks/{plan_code}/{code}/status", summary="更新任务进度 (a task's status)")
def status_api(
    plan_code: str, code: str, data: TaskStatusInput, ctx: ContextDep, user: FigureWriter
) -> dict[str, bool]:
    return {"changed": _status(ctx, user, plan_code, code, data)}


@router.post("/tasks/{plan_code}/{code}/status", include_in_schema=False)
def status_form(
    plan_code: str,
    code: str,
    ctx: ContextDep,
    user: FigureWriter,
    data: Annotated[TaskStatusInput, Form()],
    back: str = "/",
) -> Response:
    _status(ctx, user, plan_code, code, data)
    return RedirectResponse(_local(back), status_code=303)


def _local(back: str) -> str:
    """``back`` if it is a path on this site, else ``/`` (a form's return address is never another site)."""
    return back if back.startswith("/") and not back.startswith("//") else "/"


def _report(
    ctx: ContextDep, user: FigureWriter, plan_code: str, code: str, data: TaskProgressInput
) -> ProgressReported:
    return report_task_progress(ctx, user, plan_code, code, data.status, data.percent, data.text)


@router.post("/api/plans/{plan_code}/tasks/{code}/progress", summary="报告任务进展 (report a task's progress)")
def progress_api(
    plan_code: str, code: str, data: TaskProgressInput, ctx: ContextDep, user: FigureWriter
) -> ProgressReported:
    return _report(ctx, user, plan_code, code, data)


@router.post("/plans/{plan_code}/tasks/{code}/progress", include_in_schema=False)
def progress_form(
    plan_code: str,
    code: str,
    ctx: ContextDep,
    user: FigureWriter,
    data: Annotated[TaskProgressInput, Form()],
    back: str = "/",
) -> Response:
    _report(ctx, user, plan_code, code, data)
    return RedirectResponse(_local(back), status_code=303)


@router.get("/plans/{plan_code}/tasks/{code}", response_class=HTMLResponse, include_in_schema=False)
def task_page(request: Request, plan_code: str, code: str, ctx: ContextDep, user: Reader) -> Response:
    return render(request, "task.html", task_progress_history(ctx, plan_code, code), user)


@router.get("/api/plans/{plan_code}/tasks/{code}/progress", summary="任务进展记录 (a task's progress history)")
def task_api(plan_code: str, code: str, ctx: ContextDep, user: Reader) -> TaskProgressContext:
    return task_progress_history(ctx, plan_code, code)
