"""The gap list (对照找差距): its page, its JSON twin and its downloads (xlsx, CSV)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.services.gaps import GapListContext, gap_download, gap_page
from luoshi.services.plans import plan_headers
from luoshi.web.auth import API_ERRORS, ContextDep, Reader
from luoshi.web.consistency import ReadPolicyDep
from luoshi.web.routes.progress import show_simulated
from luoshi.web.templating import render

router = APIRouter(responses=API_ERRORS)


@router.get("/gaps", response_class=HTMLResponse, include_in_schema=False)
def gaps_home(
    request: Request,
    ctx: ContextDep,
    user: Reader,
    policy: ReadPolicyDep,
    sort: str | None = None,
    sim: int | None = None,
) -> Response:
    """The navigation's entry: the only plan's gap list, or the list of plans to choose one."""
    plans = plan_headers(ctx, policy)
    if len(plans) != 1:
        return RedirectResponse("/plans", status_code=303)
    return gaps_html(request, plans[0].code, ctx, user, sort, sim)


@router.get("/gaps/{plan_code}", response_class=HTMLResponse, include_in_schema=False)
def gaps_html(
    request: Request, plan_code: str, ctx: ContextDep, user: Reader, sort: str | None = None, sim: int | None = None
) -> Response:
    view = gap_page(ctx, plan_code, sort=sort, include_simulated=show_simulated(request, sim))
    return render(request, "gaps.html", view, user)


@router.get("/api/gaps/{plan_code}", summary="对照找差距 (every indicator with a target: gap, 完成率, 序时进度)")
def gaps_api(
    request: Request, plan_code: str, ctx: ContextDep, user: Reader, sort: str | None = None, sim: int | None = None
) -> GapListContext:
    """``sort``: a column (name, current, target, gap, completion, time_elapsed, needed_rate, owner, status),
    with a leading ``-`` for descending."""
    return gap_page(ctx, plan_code, sort=sort, include_simulated=show_simulated(request, sim))


@router.get("/gaps/{plan_code}/download/{fmt}", response_class=Response, include_in_schema=False)
def gaps_file(
    request: Request,
    plan_code: str,
    fmt: str,
    ctx: ContextDep,
    user: Reader,
    sort: str | None = None,
    sim: int | None = None,
) -> Response:
    """The gap list as a file: ``fmt`` xlsx, or csv (UTF-8 with a byte-order mark)."""
    view = gap_page(ctx, plan_code, sort=sort, include_simulated=show_simulated(request, sim))
    made = gap_download(view, fmt)
    return Response(
        made.content,
        media_type=made.media_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(made.file_name)}"},
    )
