"""The user's own second factor (/account/2fa): status, enrolment by QR code (drawn here as inline SVG, no
outside service) or the secret typed by hand, recovery codes shown once, new recovery codes, turning it off
where the policy allows. Open to every logged-in user, also while enrolment is required before anything else.
"""

from __future__ import annotations

from typing import Annotated

import segno
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from luoshi.domain.account import User
from luoshi.domain.errors import Conflict, Forbidden, InvalidInput
from luoshi.services import two_factor
from luoshi.services.context import Context
from luoshi.web.auth import ContextDep, UserDep
from luoshi.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE = "/account/2fa"


def qr_svg(uri: str) -> Markup:
    """The otpauth:// URI as a QR code, an inline SVG element (dark modules on white)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, border=4, dark="#000", light="#fff", title="扫描此二维码")
    return Markup(svg)  # segno's own markup of our own URI


def _spaced(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _page(
    request: Request,
    ctx: Context,
    user: User,
    *,
    status_code: int = 200,
    error: str | None = None,
    codes: list[str] | None = None,
    notice: str | None = None,
) -> Response:
    status = two_factor.status(ctx, user)
    secret = two_factor.pending_secret(ctx, user.name) if not status.enrolled and codes is None else None
    enrolment = (
        {"secret": _spaced(secret), "qr": qr_svg(two_factor.uri(user.name, secret))} if secret is not None else None
    )
    return render(
        request,
        "account_2fa.html",
        None,
        user,
        status_code=status_code,
        status=status,
        enrolment=enrolment,
        codes=codes,
        error=error,
        notice=notice,
    )


def _gate(request: Request, user: User | None) -> Response | None:
    if user is None:
        return RedirectResponse(f"/login?next={PAGE}", status_code=303)
    if getattr(request.state, "must_change_password", False):
        return RedirectResponse(f"/password?next={PAGE}", status_code=303)
    return None


@router.get(PAGE, response_class=HTMLResponse)
def account_page(request: Request, ctx: ContextDep, user: UserDep, used_recovery: int = 0) -> Response:
    gate = _gate(request, user)
    if gate is not None or user is None:
        return gate or RedirectResponse("/login", status_code=303)
    notice = None
    if used_recovery:
        left = two_factor.status(ctx, user).recovery_left
        notice = f"您使用了一个恢复码登录，还剩 {left} 个。如手机已丢失，请重新生成恢复码或请管理员重置双因素认证。"
    return _page(request, ctx, user, notice=notice)


@router.post(f"{PAGE}/begin", response_class=HTMLResponse)
def begin(request: Request, ctx: ContextDep, user: UserDep) -> Response:
    gate = _gate(request, user)
    if gate is not None or user is None:
        return gate or RedirectResponse("/login", status_code=303)
    try:
        two_factor.begin(ctx, user.name)
    except Conflict as exc:
        return _page(request, ctx, user, status_code=409, error=str(exc))
    return _page(request, ctx, user)


@router.post(f"{PAGE}/confirm", response_class=HTMLResponse)
def confirm(request: Request, ctx: ContextDep, user: UserDep, code: Annotated[str, Form()]) -> Response:
    gate = _gate(request, user)
    if gate is not None or user is None:
        return gate or RedirectResponse("/login", status_code=303)
    try:
        codes = two_factor.confirm(ctx, user.name, code.strip())
    except InvalidInput as exc:
        return _page(request, ctx, user, status_code=422, error=exc.problems[0].message)
    except Conflict as exc:
        return _page(request, ctx, user, status_code=409, error=str(exc))
    return _page(request, ctx, user, codes=codes, notice="双因素认证已启用。")


@router.post(f"{PAGE}/recovery", response_class=HTMLResponse)
def regenerate(request: Request, ctx: ContextDep, user: UserDep) -> Response:
    gate = _gate(request, user)
    if gate is not None or user is None:
        return gate or RedirectResponse("/login", status_code=303)
    try:
        codes = two_factor.regenerate(ctx, user.name)
    except Conflict as exc:
        return _page(request, ctx, user, status_code=409, error=str(exc))
    return _page(request, ctx, user, codes=codes, notice="已生成新的恢复码，原有恢复码全部作废。")


@router.post(f"{PAGE}/disable", response_class=HTMLResponse)
def disable(request: Request, ctx: ContextDep, user: UserDep, code: Annotated[str, Form()]) -> Response:
    gate = _gate(request, user)
    if gate is not None or user is None:
        return gate or RedirectResponse("/login", status_code=303)
    try:
        two_factor.disable(ctx, user, code.strip())
    except Forbidden as exc:
        return _page(request, ctx, user, status_code=403, error=str(exc))
    except InvalidInput as exc:
        return _page(request, ctx, user, status_code=422, error=exc.problems[0].message)
    except Conflict as exc:
        return _page(request, ctx, user, status_code=409, error=str(exc))
    return _page(request, ctx, user, notice="双因素认证已关闭。")
