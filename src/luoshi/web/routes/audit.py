"""The audit log page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from luoshi.services.audit import AuditFilter, AuditPage, audit_page
from luoshi.web.auth import API_ERRORS, ContextDep, Reader
from luoshi.web.templating import render

router = APIRouter(responses=API_ERRORS)
FilterQuery = Annotated[AuditFilter, Query()]


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_html(request: Request, ctx: ContextDep, user: Reader, f: FilterQuery) -> Response:
    return render(request, "audit.html", audit_page(ctx, f), user)


@router.get("/api/audit", summary="审计日志 (who changed what, when; filter by user, unit, object, date)")
def audit_api(ctx: ContextDep, user: Reader, f: FilterQuery) -> AuditPage:
    return audit_page(ctx, f)
