"""Supervision (督查督办): the red and yellow lists and every matter, a matter's page with its trail, and
the steps on it, each as a form and as a JSON twin under /api/supervision.

No ``from __future__ import annotations`` here: the step routes are made in a loop, and FastAPI must read
their annotations (the step's permission) when they are defined, not later from the module's globals.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.domain.account import Permission, User
from luoshi.domain.errors import Conflict, InvalidInput
from luoshi.services import supervision
from luoshi.services.supervision import (
    UNIT_STEPS,
    AssignInput,
    MatterFilter,
    MatterPageContext,
    MatterWritten,
    Step,
    StepInput,
    SupervisionContext,
)
from luoshi.web.auth import API_ERRORS, ContextDep, ErrorDetail, Reader, require
from luoshi.web.templating import render

router = APIRouter(
    responses={
        **API_ERRORS,
        409: {"model": ErrorDetail, "description": "事项当前状态不允许此操作 (state refuses the step)"},
    }
)

Supervisor = Annotated[User, Depends(require(Permission.SUPERVISE))]
Filters = Annotated[MatterFilter, Query()]

#: what each step's button says
STEP_LABELS: dict[Step, str] = {
    Step.FEEDBACK: "反馈进展",
    Step.REQUEST_CLOSE: "申请办结",
    Step.REQUEST_EXTENSION: "申请延期",
    Step.APPROVE: "批准申请（同意办结或延期）",
    Step.DENY: "驳回申请（不同意办结或延期）",
    Step.REMIND: "催办",
    Step.ESCALATE: "升级督办",
}


def _refusal(exc: InvalidInput | Conflict) -> str:
    """The Chinese message a form shows for a refused input or step."""
    if isinstance(exc, InvalidInput):
        return "；".join(p.message for p in exc.problems)
    return str(exc)


@router.get("/supervision", response_class=HTMLResponse, include_in_schema=False)
def supervision_html(request: Request, ctx: ContextDep, user: Reader, filters: Filters) -> Response:
    return render(request, "supervision.html", supervision.supervision_page(ctx, user, filters), user)


@router.get("/api/supervision", summary="督查督办 (overdue and due-soon matters, every matter filtered)")
def supervision_api(ctx: ContextDep, user: Reader, filters: Filters) -> SupervisionContext:
    return supervision.supervision_page(ctx, user, filters)


@router.post("/api/supervision", status_code=201, summary="交办督办事项 (assign a matter)")
def assign_api(data: AssignInput, ctx: ContextDep, user: Supervisor) -> MatterWritten:
    return supervision.assign(ctx, user, data)


@router.post("/supervision", include_in_schema=False)
def assign_form(
    request: Request, ctx: ContextDep, user: Supervisor, data: Annotated[AssignInput, Form()], task: str = Form("")
) -> Response:
    plan_code, _, task_code = task.partition("/")
    if plan_code and task_code:
        data = data.model_copy(update={"plan_code": plan_code, "task_code": task_code})
    try:
        written = supervision.assign(ctx, user, data)
    except InvalidInput as exc:
        view = supervision.supervision_page(ctx, user)
        return render(request, "supervision.html", view, user, status_code=422, error=_refusal(exc))
    return RedirectResponse(f"/supervision/{written.code}", status_code=303)


def _page(
    request: Request, ctx: ContextDep, user: User, code: str, *, status_code: int = 200, error: str | None = None
) -> Response:
    view = supervision.matter_page(ctx, user, code)
    return render(request, "matter.html", view, user, status_code=status_code, error=error, step_labels=STEP_LABELS)


@router.get("/supervision/{code}", response_class=HTMLResponse, include_in_schema=False)
def matter_html(request: Request, code: str, ctx: ContextDep, user: Reader) -> Response:
    return _page(request, ctx, user, code)


@router.get("/api/supervision/{code}", summary="督办事项 (a matter, its whole trail, the viewer's steps)")
def matter_api(code: str, ctx: ContextDep, user: Reader) -> MatterPageContext:
    return supervision.matter_page(ctx, user, code)


def _add_step_routes(step: Step) -> None:
    """``POST /api/supervision/{code}/<step>`` (JSON) and ``POST /supervision/{code}/<step>`` (form).

    The route's permission is the side's (a unit's ENTER_FIGURES, the office's SUPERVISE); the service
    checks it again against the matter's units.
    """
    permission = Permission.ENTER_FIGURES if step in UNIT_STEPS else Permission.SUPERVISE
    Taker = Annotated[User, Depends(require(permission))]

    @router.post(f"/api/supervision/{{code}}/{step.value}", summary=f"{STEP_LABELS[step]} ({step.value})")
    def step_api(code: str, data: StepInput, ctx: ContextDep, user: Taker) -> MatterWritten:
        return supervision.take_step(ctx, user, code, step, data)

    @router.post(f"/supervision/{{code}}/{step.value}", include_in_schema=False)
    def step_form(
        request: Request, code: str, ctx: ContextDep, user: Taker, data: Annotated[StepInput, Form()]
    ) -> Response:
        try:
            supervision.take_step(ctx, user, code, step, data)
        except (InvalidInput, Conflict) as exc:
            status = 422 if isinstance(exc, InvalidInput) else 409
            return _page(request, ctx, user, code, status_code=status, error=_refusal(exc))
        return RedirectResponse(f"/supervision/{code}#trail", status_code=303)


for _step in Step:
    _add_step_routes(_step)
