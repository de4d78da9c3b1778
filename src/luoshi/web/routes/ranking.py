"""The unit scorecard and ranking (考核排名) of a year."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from luoshi.services.ranking import RankingView, unit_ranking
from luoshi.services.rounds import today
from luoshi.web.auth import API_ERRORS, ContextDep, Reader
from luoshi.web.routes.progress import show_simulated
from luoshi.web.templating import render

router = APIRouter(responses=API_ERRORS)

Year = Query(default=None, ge=1900, le=2100, description="the year scored (default: this year)")


@router.get("/ranking", response_class=HTMLResponse, include_in_schema=False)
def ranking_page(
    request: Request,
    ctx: ContextDep,
    user: Reader,
    year: int | None = Year,
    plan: str | None = None,
    sim: int | None = None,
) -> Response:
    view = unit_ranking(ctx, year or today().year, plan_code=plan, include_simulated=show_simulated(request, sim))
    return render(request, "ranking.html", view, user, this_year=today().year)


@router.get("/api/ranking", summary="单位考核排名 (each unit's scorecard for a year, and its rank)")
def ranking_api(
    ctx: ContextDep, user: Reader, year: int | None = Year, plan: str | None = None, simulated: bool = True
) -> RankingView:
    return unit_ranking(ctx, year or today().year, plan_code=plan, include_simulated=simulated)
