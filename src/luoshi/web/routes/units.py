"""Units: the list, and one unit's page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from luoshi.services.units import UnitContext, UnitListContext, unit_list, unit_overview
from luoshi.web.auth import API_ERRORS, ContextDep, Reader
from luoshi.web.routes.progress import show_simulated
from luoshi.web.templating import render

router = APIRouter(responses=API_ERRORS)


def _overview(ctx: ContextDep, code: str, include_simulated: bool) -> UnitContext:
    return unit_overview(ctx, code, include_simulated=include_simulated)


@router.get("/units", response_class=HTMLResponse, include_in_schema=False)
def units_page(request: Request, ctx: ContextDep, user: Reader) -> Response:
    return render(request, "units.html", unit_list(ctx), user)


@router.get("/api/units", summary="责任单位列表 (units with their task and indicator counts)")
def units_api(ctx: ContextDep, user: Reader) -> UnitListContext:
    return unit_list(ctx)


@router.get("/units/{code}", response_class=HTMLResponse, include_in_schema=False)
def unit_page(request: Request, code: str, ctx: ContextDep, user: Reader, sim: int | None = None) -> Response:
    return render(request, "unit.html", _overview(ctx, code, show_simulated(request, sim)), user)


@router.get("/api/units/{code}", summary="单位页 (one unit's tasks and indicators)")
def unit_api(request: Request, code: str, ctx: ContextDep, user: Reader, sim: int | None = None) -> UnitContext:
    return _overview(ctx, code, show_simulated(request, sim))
