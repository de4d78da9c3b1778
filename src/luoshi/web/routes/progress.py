"""The cockpit (驾驶舱), the indicator page, the roll-up and audit APIs, and the simulated-data switch."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.services.cockpit import CockpitContext, IndicatorPageContext, cockpit, indicator_page
from luoshi.services.context import ReadPolicy
from luoshi.services.indicators import (
    MEDIA_TYPES,
    ExportFormat,
    MetadataInput,
    MetadataWritten,
    export_indicator,
    update_metadata,
)
from luoshi.services.plans import plan_headers
from luoshi.services.progress import PlanAudit, PlanProgress, assess_plan, audit_plan
from luoshi.web.auth import API_ERRORS, ContextDep, HomeReader, Planner, Reader
from luoshi.web.consistency import ReadPolicyDep
from luoshi.web.templating import render

router = APIRouter(responses=API_ERRORS)
SESSION_SIMULATION = "show_simulated"
#: ``?year=2023``: the cockpit as of the end of that year
YearQuery = Annotated[int | None, Query(ge=1900, le=2200, description="assess as of the end of this year")]


def show_simulated(request: Request, sim: int | None) -> bool:
    """``?sim=0`` hides the simulated scenario and ``?sim=1`` shows it, for this session from then on."""
    if sim is not None:
        request.session[SESSION_SIMULATION] = bool(sim)
    return bool(request.session.get(SESSION_SIMULATION, True))


def _cockpit(
    ctx: ContextDep, plan_code: str | None, include: bool, policy: ReadPolicy, year: int | None = None
) -> CockpitContext:
    return cockpit(ctx, plan_code, include_simulated=include, policy=policy, year=year)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(
    request: Request, ctx: ContextDep, user: HomeReader, policy: ReadPolicyDep, sim: int | None = None
) -> Response:
    plans = plan_headers(ctx, policy)
    if len(plans) != 1:
        return RedirectResponse("/plans", status_code=303)
    return _cockpit_page(request, ctx, user, plans[0].code, sim, policy)


@router.get("/plans/{plan_code}/cockpit", response_class=HTMLResponse, include_in_schema=False)
def cockpit_page(
    request: Request,
    plan_code: str,
    ctx: ContextDep,
    user: Reader,
    policy: ReadPolicyDep,
    sim: int | None = None,
    year: YearQuery = None,
) -> Response:
    return _cockpit_page(request, ctx, user, plan_code, sim, policy, year)


@router.get("/plans/{plan_code}/cockpit/print", response_class=HTMLResponse, include_in_schema=False)
def cockpit_print(
    request: Request,
    plan_code: str,
    ctx: ContextDep,
    user: Reader,
    policy: ReadPolicyDep,
    sim: int | None = None,
    year: YearQuery = None,
) -> Response:
    """The cockpit on A4 for a meeting: headline numbers, statuses, the gap list, small charts, a footer."""
    return _cockpit_page(request, ctx, user, plan_code, sim, policy, year, "cockpit_print.html")


def _cockpit_page(
    request: Request,
    ctx: ContextDep,
    user: Reader,
    plan_code: str,
    sim: int | None,
    policy: ReadPolicy,
    year: int | None = None,
    template: str = "cockpit.html",
) -> Response:
    view = _cockpit(ctx, plan_code, show_simulated(request, sim), policy, year)
    response = render(request, template, view, user, today=date.today().isoformat())
    response.headers["X-Data-Version"] = str(view.data_version)  # which committed change the page includes
    return response


@router.get("/api/plans/{plan_code}/cockpit", summary="驾驶舱 (the cockpit page's data)")
def cockpit_api(
    request: Request,
    plan_code: str,
    ctx: ContextDep,
    user: Reader,
    policy: ReadPolicyDep,
    sim: int | None = None,
    year: YearQuery = None,
) -> CockpitContext:
    return _cockpit(ctx, plan_code, show_simulated(request, sim), policy, year)


@router.get("/api/plans/{plan_code}/progress", summary="进度评估与汇总 (every indicator, roll-ups by goal, unit, plan)")
def progress_api(
    request: Request, plan_code: str, ctx: ContextDep, user: Reader, sim: int | None = None
) -> PlanProgress:
    return assess_plan(ctx, plan_code, include_simulated=show_simulated(request, sim))


@router.get("/api/plans/{plan_code}/audit", summary="数据核查 (growth claims against levels, shares)")
def audit_api(request: Request, plan_code: str, ctx: ContextDep, user: Reader, sim: int | None = None) -> PlanAudit:
    return audit_plan(ctx, plan_code, include_simulated=show_simulated(request, sim))


def _indicator(ctx: ContextDep, plan_code: str, code: str, include: bool, policy: ReadPolicy) -> IndicatorPageContext:
    return indicator_page(ctx, plan_code, code, include_simulated=include, policy=policy)


@router.get("/indicators/{plan_code}/{code}", response_class=HTMLResponse, include_in_schema=False)
def indicator_html(
    request: Request,
    plan_code: str,
    code: str,
    ctx: ContextDep,
    user: Reader,
    policy: ReadPolicyDep,
    sim: int | None = None,
) -> Response:
    view = _indicator(ctx, plan_code, code, show_simulated(request, sim), policy)
    return render(request, "indicator.html", view, user)


@router.get("/api/indicators/{plan_code}/{code}", summary="指标页 (one indicator: assessment, figures, chart data)")
def indicator_api(
    request: Request,
    plan_code: str,
    code: str,
    ctx: ContextDep,
    user: Reader,
    policy: ReadPolicyDep,
    sim: int | None = None,
) -> IndicatorPageContext:
    return _indicator(ctx, plan_code, code, show_simulated(request, sim), policy)


@router.post(
    "/api/indicators/{plan_code}/{code}/metadata", summary="修改指标元数据 (definition, 统计口径, source, owner)"
)
def metadata_api(plan_code: str, code: str, data: MetadataInput, ctx: ContextDep, user: Planner) -> MetadataWritten:
    return update_metadata(ctx, user, plan_code, code, data)


@router.post("/indicators/{plan_code}/{code}/metadata", include_in_schema=False)
def metadata_form(
    plan_code: str, code: str, ctx: ContextDep, user: Planner, data: Annotated[MetadataInput, Form()]
) -> Response:
    update_metadata(ctx, user, plan_code, code, data)
    return RedirectResponse(f"/indicators/{plan_code}/{code}#metadata", status_code=303)


@router.get("/indicators/{plan_code}/{code}/data", include_in_schema=False)
def indicator_data(plan_code: str, code: str, ctx: ContextDep, user: Reader, format: ExportFormat = "csv") -> Response:
    """Every figure and target of the indicator, with provenance and scenario: CSV, xlsx or JSON."""
    content, name = export_indicator(ctx, plan_code, code, format)
    disposition = f"attachment; filename=\"{quote(name)}\"; filename*=UTF-8''{quote(name)}"
    return Response(content, media_type=MEDIA_TYPES[format], headers={"Content-Disposition": disposition})
