"""Entering figures (填报) and task progress, from a form or the JSON API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from luoshi.services.figures import (
    FigureWritten,
    ObservationInput,
    TaskStatusInput,
    enter_observation,
    set_task_status,
)
from luoshi.web.auth import API_ERRORS, ContextDep, FigureWriter

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
    return RedirectResponse(back if back.startswith("/") and not back.startswith("//") else "/", status_code=303)
