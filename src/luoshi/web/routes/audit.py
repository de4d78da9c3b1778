"""The audit log (the 审计管理员's, 三员分立): read and search it, check its hash chain, export it."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from luoshi.services import audit_trail
from luoshi.services.audit import AuditFilter, AuditPage, audit_page
from luoshi.services.context import Context
from luoshi.web.auth import API_ERRORS, Auditor, ContextDep
from luoshi.web.templating import render

router = APIRouter(responses=API_ERRORS)
FilterQuery = Annotated[AuditFilter, Query()]


class ChainCheck(BaseModel):
    """The hash chain's check: entries checked and, when broken, the first broken entry."""

    intact: bool
    checked: int
    head_seq: int
    broken: str | None = None


def _check(ctx: Context) -> ChainCheck:
    verdict = audit_trail.verify(ctx)
    broken = audit_trail.describe(verdict.finding) if verdict.finding else None
    return ChainCheck(intact=broken is None, checked=verdict.checked, head_seq=verdict.head_seq, broken=broken)


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_html(request: Request, ctx: ContextDep, user: Auditor, f: FilterQuery, check: int = 0) -> Response:
    chain = _check(ctx) if check else None
    return render(
        request, "audit.html", audit_page(ctx, f), user, chain=chain, signed_export=bool(ctx.audit_export_key)
    )


@router.get("/api/audit", summary="审计日志 (who changed what, when; filter by user, unit, object, date)")
def audit_api(ctx: ContextDep, user: Auditor, f: FilterQuery) -> AuditPage:
    return audit_page(ctx, f)


@router.get("/api/audit/verify", summary="校验审计日志的哈希链 (the first broken entry, if any)")
def audit_verify_api(ctx: ContextDep, user: Auditor) -> ChainCheck:
    return _check(ctx)


@router.get("/audit/export.{fmt}", response_class=Response, include_in_schema=False)
def audit_export(fmt: Literal["csv", "json"], ctx: ContextDep, user: Auditor) -> Response:
    """The audit log as a download (a page's, like the reports'): CSV, or JSON signed with
    ``LUOSHI_AUDIT_EXPORT_KEY``; refused (409) while the hash chain is broken."""
    if fmt == "json" and not ctx.audit_export_key:
        raise HTTPException(400, "签名导出（JSON）需要先设置 LUOSHI_AUDIT_EXPORT_KEY")
    if (finding := audit_trail.verify(ctx).finding) is not None:
        raise HTTPException(409, f"审计日志哈希链已被破坏，不能导出：{audit_trail.describe(finding)}")
    with tempfile.TemporaryDirectory(prefix="luoshi-audit-") as folder:
        done = audit_trail.export(ctx, fmt, Path(folder) / f"audit.{fmt}", actor=user.name)
        body = done.path.read_bytes()
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    name = f"audit-{done.first_seq}-{done.last_seq}.{fmt}"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
