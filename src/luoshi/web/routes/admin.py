"""System administration (系统管理员): accounts, units and API tokens. Roles and second factors are the
安全管理员's (routes/security.py); the reset-2fa routes stay here by path, guarded by that role."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from luoshi.domain.account import Role, User
from luoshi.domain.unit import Unit
from luoshi.services import accounts, two_factor
from luoshi.services.admin import DEFAULT_ROLE, AdminContext, admin_context, save_unit
from luoshi.web.auth import API_ERRORS, Admin, ContextDep, ErrorDetail, SecurityAdmin
from luoshi.web.templating import render

router = APIRouter(
    responses={**API_ERRORS, 409: {"model": ErrorDetail, "description": "已存在 (a user of that name exists)"}}
)
TokenId = Annotated[int, Path(ge=1, le=accounts.MAX_TOKEN_ID, description="a token's id, as listed by GET /api/admin")]


class NewUser(BaseModel):
    name: str = Field(pattern=r"^[A-Za-z0-9_.\-]{2,64}$")
    role: Role = DEFAULT_ROLE  # the only role a 系统管理员 gives; the 安全管理员 assigns any other
    password: str = Field(min_length=accounts.MIN_PASSWORD)
    unit_code: str | None = None
    display_name: str = ""


class UserChange(BaseModel):
    role: Role
    unit_code: str | None = None
    display_name: str = ""
    active: bool = True


class NewToken(BaseModel):
    user: str
    label: str = ""


class CreatedToken(BaseModel):
    token: str


class UnitForm(BaseModel):
    code: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$", max_length=64)
    name: str = Field(min_length=1)
    region_code: str
    kind: str = "department"


@router.get("/admin/users", response_class=HTMLResponse, include_in_schema=False)
def admin_page(request: Request, ctx: ContextDep, user: Admin, token: str | None = None) -> Response:
    return render(request, "admin.html", admin_context(ctx), user, new_token=None)


@router.get("/api/admin", summary="系统管理 (users, units, roles, API tokens)")
def admin_api(ctx: ContextDep, user: Admin) -> AdminContext:
    return admin_context(ctx)


def _add_user(ctx: ContextDep, user: User, data: NewUser) -> None:
    accounts.add_account(  # a password an administrator chose: the user changes it at the first login
        ctx,
        user,
        data.name,
        data.password,
        role=data.role,
        unit_code=data.unit_code or None,
        display_name=data.display_name,
    )


@router.post("/api/admin/users", status_code=201, summary="新增用户")
def add_user_api(data: NewUser, ctx: ContextDep, user: Admin) -> dict[str, str]:
    _add_user(ctx, user, data)
    return {"name": data.name}


@router.post("/admin/users", include_in_schema=False)
def add_user_form(ctx: ContextDep, user: Admin, data: Annotated[NewUser, Form()]) -> Response:
    _add_user(ctx, user, data)
    return RedirectResponse("/admin/users", status_code=303)


def _change_user(ctx: ContextDep, user: User, name: str, data: UserChange) -> None:
    changed = User(name, data.role, data.display_name, data.unit_code or None, data.active)
    accounts.change_account(ctx, user, changed)


@router.put(
    "/api/admin/users/{name}", summary="修改用户单位、显示名、启用状态 (the role must stay: roles are the 安全管理员's)"
)
def change_user_api(name: str, data: UserChange, ctx: ContextDep, user: Admin) -> dict[str, str]:
    _change_user(ctx, user, name, data)
    return {"name": name}


@router.post("/admin/users/{name}", include_in_schema=False)
def change_user_form(name: str, ctx: ContextDep, user: Admin, data: Annotated[UserChange, Form()]) -> Response:
    _change_user(ctx, user, name, data)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/api/admin/users/{name}/reset-2fa", summary="重置用户的双因素认证 (ends the user's sessions)")
def reset_two_factor_api(name: str, ctx: ContextDep, user: SecurityAdmin) -> dict[str, bool]:
    return {"removed": two_factor.reset(ctx, name, actor=user.name)}


@router.post("/admin/users/{name}/reset-2fa", include_in_schema=False)
def reset_two_factor_form(name: str, ctx: ContextDep, user: SecurityAdmin) -> Response:
    two_factor.reset(ctx, name, actor=user.name)
    return RedirectResponse("/security", status_code=303)


@router.post("/api/admin/tokens", status_code=201, summary="创建接口令牌 (shown once)")
def create_token_api(data: NewToken, ctx: ContextDep, user: Admin) -> CreatedToken:
    return CreatedToken(token=accounts.create_token(ctx, data.user, data.label))


@router.post("/admin/tokens", response_class=HTMLResponse, include_in_schema=False)
def create_token_form(request: Request, ctx: ContextDep, user: Admin, data: Annotated[NewToken, Form()]) -> Response:
    token = accounts.create_token(ctx, data.user, data.label)
    return render(request, "admin.html", admin_context(ctx), user, new_token=token)


@router.post("/api/admin/tokens/{token_id}/revoke", summary="吊销接口令牌")
def revoke_token_api(token_id: TokenId, ctx: ContextDep, user: Admin) -> dict[str, int]:
    accounts.revoke_token(ctx, token_id)
    return {"revoked": token_id}


@router.post("/admin/tokens/{token_id}/revoke", include_in_schema=False)
def revoke_token_form(token_id: TokenId, ctx: ContextDep, user: Admin) -> Response:
    revoke_token_api(token_id, ctx, user)
    return RedirectResponse("/admin/users", status_code=303)


def _save_unit(ctx: ContextDep, data: UnitForm) -> None:
    save_unit(ctx, Unit(data.code, data.name, data.region_code, data.kind))


@router.put("/api/admin/units/{code}", summary="新增或修改责任单位")
def save_unit_api(code: str, data: UnitForm, ctx: ContextDep, user: Admin) -> dict[str, str]:
    if data.code != code:
        raise HTTPException(400, "the unit code in the path and the body differ")
    _save_unit(ctx, data)
    return {"code": code}


@router.post("/admin/units", include_in_schema=False)
def save_unit_form(ctx: ContextDep, user: Admin, data: Annotated[UnitForm, Form()]) -> Response:
    _save_unit(ctx, data)
    return RedirectResponse("/admin/users#units", status_code=303)
