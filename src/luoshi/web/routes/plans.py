"""The plan tree, the list of plans, and search."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from luoshi.services.plans import read_plan
from luoshi.services.progress import assess_plan
from luoshi.services.search import SearchResults, search
from luoshi.web.auth import API_ERRORS, ContextDep, Reader
from luoshi.web.routes.progress import show_simulated
from luoshi.web.templating import render
from luoshi.web.views import PlanTreeContext, plan_tree_context

router = APIRouter(responses=API_ERRORS)


class PlanSummary(BaseModel):
    code: str
    name: str
    years: str
    region: str


class PlanListContext(BaseModel):
    plans: list[PlanSummary]


def plan_list(ctx: ContextDep) -> PlanListContext:
    with ctx.reading() as snapshot:
        regions = {r.code: r.name for r in snapshot.registry.regions()}
        return PlanListContext(
            plans=[
                PlanSummary(
                    code=p.code,
                    name=p.name,
                    years=f"{p.start_year}-{p.end_year}",
                    region=regions.get(p.region_code, p.region_code),
                )
                for p in snapshot.plans.plans()
            ]
        )


def tree(ctx: ContextDep, plan_code: str, include_simulated: bool) -> PlanTreeContext:
    """The plan tree with every indicator's status and value as the cockpit judges them."""
    progress = assess_plan(ctx, plan_code, include_simulated=include_simulated)
    return plan_tree_context(read_plan(ctx, plan_code), progress)


@router.get("/plans", response_class=HTMLResponse, include_in_schema=False)
def plans_page(request: Request, ctx: ContextDep, user: Reader) -> Response:
    view = plan_list(ctx)
    if len(view.plans) == 1:
        return RedirectResponse(f"/plans/{view.plans[0].code}", status_code=303)
    return render(request, "plans.html", view, user)


@router.get("/api/plans", summary="规划列表 (the plans stored)")
def plans_api(ctx: ContextDep, user: Reader) -> PlanListContext:
    return plan_list(ctx)


@router.get("/plans/{plan_code}", response_class=HTMLResponse, include_in_schema=False)
def plan_page(request: Request, plan_code: str, ctx: ContextDep, user: Reader, sim: int | None = None) -> Response:
    return render(request, "plan_tree.html", tree(ctx, plan_code, show_simulated(request, sim)), user)


@router.get("/api/plans/{plan_code}/tree", summary="规划树 (the plan tree page's data)")
def plan_tree_api(
    request: Request, plan_code: str, ctx: ContextDep, user: Reader, sim: int | None = None
) -> PlanTreeContext:
    return tree(ctx, plan_code, show_simulated(request, sim))


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, ctx: ContextDep, user: Reader, q: str = "") -> Response:
    return render(request, "search.html", search(ctx, q), user)


@router.get("/api/search", summary="搜索指标与目标 (names and aliases, e.g. GDP / 地区生产总值)")
def search_api(ctx: ContextDep, user: Reader, q: str = "") -> SearchResults:
    return search(ctx, q)
