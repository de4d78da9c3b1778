"""The 安全管理员's pages (三员分立): accounts' roles, second factors and sessions; the security policy."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from luoshi.domain.account import Role
from luoshi.services import accounts
from luoshi.services.security_admin import SecurityDesk, end_sessions, security_desk
from luoshi.web.auth import API_ERRORS, ContextDep, SecurityAdmin
from luoshi.web.templating import render

router = APIRouter(responses=API_ERRORS)


class RoleChange(BaseModel):
    role: Role


@router.get("/security", response_class=HTMLResponse, include_in_schema=False)
def security_page(request: Request, ctx: ContextDep, user: SecurityAdmin) -> Response:
    return render(request, "security.html", security_desk(ctx, user), user)


@router.get("/api/security", summary="安全管理 (accounts' roles, second factors, sessions; the policy in force)")
def security_api(ctx: ContextDep, user: SecurityAdmin) -> SecurityDesk:
    return security_desk(ctx, user)


@router.put("/api/security/users/{name}/role", summary="分配角色 (ends the account's sessions)")
def assign_role_api(name: str, data: RoleChange, ctx: ContextDep, user: SecurityAdmin) -> dict[str, str]:
    return {"name": name, "role": accounts.assign_role(ctx, user, name, data.role).role.value}


@router.post("/security/users/{name}/role", include_in_schema=False)
def assign_role_form(name: str, ctx: ContextDep, user: SecurityAdmin, data: Annotated[RoleChange, Form()]) -> Response:
    accounts.assign_role(ctx, user, name, data.role)
    return RedirectResponse("/security#accounts", status_code=303)


@router.post("/api/security/users/{name}/end-sessions", summary="结束该账号的全部登录")
def end_sessions_api(name: str, ctx: ContextDep, user: SecurityAdmin) -> dict[str, int]:
    return {"ended": end_sessions(ctx, user, name)}


@router.post("/security/users/{name}/end-sessions", include_in_schema=False)
def end_sessions_form(name: str, ctx: ContextDep, user: SecurityAdmin) -> Response:
    end_sessions(ctx, user, name)
    return RedirectResponse("/security#accounts", status_code=303)
