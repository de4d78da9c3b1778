"""The public page: read-only, no login, only when the installation turns it on (LUOSHI_PUBLIC_VIEW)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from luoshi.services.public import PublicPlan, public_view
from luoshi.web.auth import API_ERRORS, ContextDep, UserDep
from luoshi.web.templating import render

router = APIRouter(responses={404: API_ERRORS[404]})


def _view(request: Request, ctx: ContextDep) -> PublicPlan:
    if not request.app.state.public_view:
        raise HTTPException(404, "the public page is not turned on here (LUOSHI_PUBLIC_VIEW)")
    return public_view(ctx)


@router.get("/public", response_class=HTMLResponse, include_in_schema=False)
def public_page(request: Request, ctx: ContextDep, user: UserDep) -> Response:
    return render(request, "public.html", _view(request, ctx), user)


@router.get("/api/public/indicators", summary="政务公开 (public indicators, real figures only; no login)")
def public_api(request: Request, ctx: ContextDep) -> PublicPlan:
    return _view(request, ctx)
