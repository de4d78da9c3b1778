"""Key projects (重点项目): the list with filters, status colours, the lagging list and the portfolio roll-up;
a project's page with its stage timeline and monthly reports; the forms that move a stage and report a
month. Each page has its JSON twin under /api/projects.

Reads need ``READ``; writes need ``ENTER_FIGURES`` here, and the service checks the project's unit again
(a reporter writes only its own unit's projects; planners and administrators any).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from luoshi.domain.account import Permission, User, can
from luoshi.domain.errors import Conflict, InvalidInput, Location, Problem
from luoshi.domain.project import ProjectStage
from luoshi.services import projects
from luoshi.services.projects import (
    XLSX_TYPE,
    ImportResult,
    LaggingContext,
    PortfolioContext,
    ProjectFilter,
    ProjectListContext,
    ProjectPageContext,
    ReportInput,
    ReportWritten,
    StageWritten,
)
from luoshi.services.supervision import MatterWritten
from luoshi.web.auth import API_ERRORS, ContextDep, Reader, require
from luoshi.web.templating import render

router = APIRouter(responses=API_ERRORS)

Writer = Annotated[User, Depends(require(Permission.ENTER_FIGURES))]
Planner = Annotated[User, Depends(require(Permission.EDIT_PLAN))]
#: a register larger than this is refused (the CLI's limit; the request body limit applies on top)
MAX_REGISTER_BYTES = 20 * 1_000_000
Margin = Annotated[float, Query(ge=0, le=1, description="points behind 序时进度 that count as lagging")]
MonthQuery = Annotated[str | None, Query(pattern=r"^(?:19|20|21)\d{2}-(0[1-9]|1[0-2])$", description="YYYY-MM")]


class StageInput(BaseModel):
    stage: ProjectStage
    on: date


class ProjectsPage(BaseModel):
    """The projects page: the list, the lagging list and the portfolio, all at one month."""

    list: ProjectListContext
    lagging: LaggingContext
    portfolio: PortfolioContext
    can_supervise: bool = Field(description="whether the viewer may raise a lagging project as a supervision matter")


def _refusal(exc: InvalidInput | Conflict) -> str:
    if isinstance(exc, InvalidInput):
        return "；".join(p.message for p in exc.problems)
    return str(exc)


def _projects_page(ctx: ContextDep, user: User, query: ProjectFilter, month: str | None) -> ProjectsPage:
    return ProjectsPage(
        can_supervise=can(user, Permission.SUPERVISE),
        list=projects.list_page(ctx, query, month=month),
        lagging=projects.lagging(ctx, month),
        portfolio=projects.portfolio(ctx, month),
    )


@router.get("/projects", response_class=HTMLResponse, include_in_schema=False)
def projects_html(
    request: Request, ctx: ContextDep, user: Reader, query: Annotated[ProjectFilter, Query()], month: MonthQuery = None
) -> Response:
    return render(request, "projects.html", _projects_page(ctx, user, query, month), user)


@router.get("/api/projects", summary="重点项目 (the list filtered, the lagging list, the portfolio roll-up)")
def projects_api(
    ctx: ContextDep, user: Reader, query: Annotated[ProjectFilter, Query()], month: MonthQuery = None
) -> ProjectsPage:
    return _projects_page(ctx, user, query, month)


@router.get("/api/projects/lagging", summary="滞后项目 (behind 序时进度, or not started after the planned start)")
def lagging_api(ctx: ContextDep, user: Reader, month: MonthQuery = None, margin: Margin = 0.10) -> LaggingContext:
    return projects.lagging(ctx, month, margin=margin)


@router.get("/api/projects/portfolio", summary="项目投资汇总 (per month, category, unit, stage; 三个一批)")
def portfolio_api(ctx: ContextDep, user: Reader, month: MonthQuery = None) -> PortfolioContext:
    return projects.portfolio(ctx, month)


async def _read_register(file: UploadFile) -> tuple[bytes, str]:
    name = file.filename or "项目库.xlsx"
    data = await file.read(MAX_REGISTER_BYTES + 1)
    if len(data) > MAX_REGISTER_BYTES:
        message = f"文件大于 {MAX_REGISTER_BYTES // 1_000_000} MB，未导入"
        raise InvalidInput([Problem(Location(name), message)])
    return data, name


@router.post("/api/projects/register", summary="导入项目库 (the register xlsx: all or nothing)")
async def register_upload_api(ctx: ContextDep, user: Planner, file: Annotated[UploadFile, File()]) -> ImportResult:
    data, name = await _read_register(file)
    return await run_in_threadpool(projects.import_register, ctx, user, data, name)


@router.post("/projects/register", include_in_schema=False)
async def register_upload_form(
    request: Request, ctx: ContextDep, user: Planner, file: Annotated[UploadFile, File()]
) -> Response:
    """Import the register from the projects page: all or nothing; each problem listed by file, sheet, row
    and column as ``luoshi project import`` prints it."""
    try:
        data, name = await _read_register(file)
        done = await run_in_threadpool(projects.import_register, ctx, user, data, name)
    except InvalidInput as exc:
        view = await run_in_threadpool(_projects_page, ctx, user, ProjectFilter(), None)
        errors = [p.printed() for p in exc.problems]
        return render(request, "projects.html", view, user, status_code=422, import_errors=errors)
    view = await run_in_threadpool(_projects_page, ctx, user, ProjectFilter(), None)
    what = f"{done.created} 个新建，{done.updated} 个更新，{done.stage_changes} 次阶段变更"
    message = f"{name}：读入 {done.projects} 个项目；" + (what if done.version else "与库中一致，未作改动")
    return render(request, "projects.html", view, user, imported=message)


@router.get("/projects/register.xlsx", include_in_schema=False)
def register_download(ctx: ContextDep, user: Reader, year: int | None = None) -> Response:
    headers = {"Content-Disposition": "attachment; filename*=UTF-8''%E9%87%8D%E7%82%B9%E9%A1%B9%E7%9B%AE.xlsx"}
    return Response(projects.export_register(ctx, year), media_type=XLSX_TYPE, headers=headers)


def _page(
    request: Request,
    ctx: ContextDep,
    user: User,
    code: str,
    month: str | None = None,
    *,
    status_code: int = 200,
    error: str | None = None,
) -> Response:
    view = projects.project_page(ctx, user, code, month=month)
    return render(request, "project.html", view, user, status_code=status_code, error=error)


@router.get("/projects/{code}", response_class=HTMLResponse, include_in_schema=False)
def project_html(request: Request, code: str, ctx: ContextDep, user: Reader, month: MonthQuery = None) -> Response:
    return _page(request, ctx, user, code, month)


@router.get("/api/projects/{code}", summary="项目 (its stage timeline and monthly reports against plan)")
def project_api(code: str, ctx: ContextDep, user: Reader, month: MonthQuery = None) -> ProjectPageContext:
    return projects.project_page(ctx, user, code, month=month)


@router.post("/api/projects/{code}/stage", summary="变更项目阶段 (dated, forward only)")
def stage_api(code: str, data: StageInput, ctx: ContextDep, user: Writer) -> StageWritten:
    return projects.change_stage(ctx, user, code, data.stage, data.on)


@router.post("/projects/{code}/stage", include_in_schema=False)
def stage_form(
    request: Request, code: str, ctx: ContextDep, user: Writer, data: Annotated[StageInput, Form()]
) -> Response:
    try:
        projects.change_stage(ctx, user, code, data.stage, data.on)
    except (InvalidInput, Conflict) as exc:
        status = 422 if isinstance(exc, InvalidInput) else 409
        return _page(request, ctx, user, code, status_code=status, error=_refusal(exc))
    return RedirectResponse(f"/projects/{code}#timeline", status_code=303)


Supervisor = Annotated[User, Depends(require(Permission.SUPERVISE))]


@router.post("/api/projects/{code}/matter", status_code=201, summary="滞后项目转督办 (raise a supervision matter)")
def matter_api(code: str, ctx: ContextDep, user: Supervisor, month: MonthQuery = None) -> MatterWritten:
    return projects.raise_matter(ctx, user, code, month)


@router.post("/projects/{code}/matter", include_in_schema=False)
def matter_form(request: Request, code: str, ctx: ContextDep, user: Supervisor, month: MonthQuery = None) -> Response:
    try:
        written = projects.raise_matter(ctx, user, code, month)
    except InvalidInput as exc:
        return _page(request, ctx, user, code, status_code=422, error=_refusal(exc))
    return RedirectResponse(f"/supervision/{written.code}", status_code=303)


@router.post("/api/projects/{code}/reports", status_code=201, summary="报送项目月报 (a month's report)")
def report_api(code: str, data: ReportInput, ctx: ContextDep, user: Writer) -> ReportWritten:
    return projects.report_month(ctx, user, data.model_copy(update={"code": code}))


@router.post("/projects/{code}/reports", include_in_schema=False)
def report_form(
    request: Request, code: str, ctx: ContextDep, user: Writer, data: Annotated[ReportInput, Form()]
) -> Response:
    try:
        projects.report_month(ctx, user, data.model_copy(update={"code": code}))
    except InvalidInput as exc:
        return _page(request, ctx, user, code, status_code=422, error=_refusal(exc))
    return RedirectResponse(f"/projects/{code}#reports", status_code=303)
