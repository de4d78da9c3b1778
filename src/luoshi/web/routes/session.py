"""Logging in (password, then the second factor where the account has one) and out, and changing one's own
password (forced after an administrator set it, or when it expired)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.domain.errors import InvalidInput
from luoshi.domain.password import rule_text
from luoshi.domain.session import END_NOTICES, EndReason, SessionState
from luoshi.domain.throttle import wait_seconds, wait_text
from luoshi.services import accounts, sessions, throttle, two_factor
from luoshi.web.auth import (
    SESSION_CSRF,
    SESSION_NOTICE,
    SESSION_USER,
    ContextDep,
    UserDep,
    awaiting_second_factor,
    csrf_token,
)
from luoshi.web.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only local paths: a login link must not send the user to another site."""
    if not target or not target.startswith("/") or target.startswith("//") or urlparse(target).netloc:
        return "/"
    return target


def _notice(request: Request) -> str | None:
    """Why the browser's last session ended, said once (then forgotten)."""
    reason = request.session.pop(SESSION_NOTICE, None)
    try:
        return END_NOTICES[EndReason(reason)] if reason else None
    except ValueError:
        return None


def _open_session(request: Request, session_id: str) -> None:
    """A fresh cookie for a new session: nothing of the one before (a new CSRF token too)."""
    request.session.clear()
    request.session[SESSION_USER] = session_id
    csrf_token(request)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, user: UserDep, next: str | None = None) -> Response:
    if user is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", None, None, next=_safe_next(next), error=None, notice=_notice(request))


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    ctx: ContextDep,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token_field: Annotated[str, Form(alias="csrf_token")] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    if csrf_token_field != request.session.get(SESSION_CSRF):
        return render(
            request, "login.html", None, None, next=_safe_next(next), status_code=403, error="页面已过期，请重新登录。"
        )
    # the client is the connecting address (or, from a trusted proxy, what its X-Forwarded-For names)
    address = request.client.host if request.client else "unknown"
    attempt = throttle.attempt_login(ctx, request.app.state.throttle, name, password, address)
    if attempt.refused:
        response = render(
            request,
            "login.html",
            None,
            None,
            next=_safe_next(next),
            status_code=429,
            error=f"登录失败次数过多，请 {wait_text(attempt.verdict.wait)}后再试。",
        )
        response.headers["Retry-After"] = str(wait_seconds(attempt.verdict.wait))
        return response
    user = attempt.user
    if user is None:
        return render(
            request, "login.html", None, None, next=_safe_next(next), status_code=401, error="用户名或密码不正确。"
        )
    second = two_factor.enrolled(ctx, user.name)
    state = SessionState.SECOND_FACTOR if second else SessionState.ACTIVE
    try:
        session_id = sessions.start(ctx, user, address, state)
    except sessions.DemoRefused:
        return render(
            request,
            "login.html",
            None,
            None,
            next=_safe_next(next),
            status_code=403,
            error="演示账号不能在正式环境中登录，请使用管理员为您开设的账号。",
        )
    _open_session(request, session_id)
    if second:
        return RedirectResponse(f"/login/2fa?next={_safe_next(next)}", status_code=303)
    return RedirectResponse(_safe_next(next), status_code=303)


def _second_page(request: Request, next: str, *, status_code: int = 200, error: str | None = None) -> Response:
    return render(request, "login_2fa.html", None, None, next=_safe_next(next), error=error, status_code=status_code)


@router.get("/login/2fa", response_class=HTMLResponse)
def second_factor_page(request: Request, ctx: ContextDep, next: str | None = None) -> Response:
    if awaiting_second_factor(request, ctx) is None:
        return RedirectResponse(f"/login?next={_safe_next(next)}", status_code=303)
    return _second_page(request, next or "/")


@router.post("/login/2fa", response_class=HTMLResponse)
def second_factor(
    request: Request,
    ctx: ContextDep,
    code: Annotated[str, Form()],
    csrf_token_field: Annotated[str, Form(alias="csrf_token")] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """The second step of a login: a code from the authenticator app, or one of the recovery codes."""
    pending = awaiting_second_factor(request, ctx)
    if pending is None:
        return RedirectResponse(f"/login?next={_safe_next(next)}", status_code=303)
    if csrf_token_field != request.session.get(SESSION_CSRF):
        return _second_page(request, next, status_code=403, error="页面已过期，请重新输入。")
    session_id, user = pending
    address = request.client.host if request.client else "unknown"
    checked, verdict = throttle.attempt_second_factor(ctx, request.app.state.throttle, user, code.strip(), address)
    if not verdict.allowed:
        response = _second_page(
            request, next, status_code=429, error=f"验证失败次数过多，请 {wait_text(verdict.wait)}后再试。"
        )
        response.headers["Retry-After"] = str(wait_seconds(verdict.wait))
        return response
    if checked is None:
        return _second_page(request, next, status_code=401, error="验证码不正确或已使用。")
    fresh = sessions.activate(ctx, session_id)
    if fresh is None:  # the session ended meanwhile (timeout, logout elsewhere)
        return RedirectResponse(f"/login?next={_safe_next(next)}", status_code=303)
    _open_session(request, fresh)  # a new session id and CSRF token for the logged-in session
    if checked is two_factor.Check.RECOVERY:
        return RedirectResponse("/account/2fa?used_recovery=1", status_code=303)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, ctx: ContextDep, user: UserDep) -> Response:
    session_id = request.session.get(SESSION_USER)
    if session_id and user is not None:  # a logged-in browser (its CSRF token was checked); the logout is audited
        sessions.end(ctx, str(session_id))
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/password", response_class=HTMLResponse)
def password_page(request: Request, user: UserDep, next: str | None = None) -> Response:
    if user is None:
        return RedirectResponse("/login?next=/password", status_code=303)
    return render(
        request,
        "password.html",
        None,
        user,
        next=_safe_next(next),
        errors=[],
        forced=getattr(request.state, "must_change_password", False),
        rule=rule_text(request.app.state.ctx.security.passwords),
    )


@router.post("/password", response_class=HTMLResponse)
def change_password(
    request: Request,
    ctx: ContextDep,
    user: UserDep,
    current: Annotated[str, Form()],
    password: Annotated[str, Form()],
    confirm: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Change one's own password: every session of the account ends, and this browser gets a new one."""
    if user is None:
        return RedirectResponse("/login?next=/password", status_code=303)
    forced = getattr(request.state, "must_change_password", False)
    errors: list[str] = []
    if password != confirm:
        errors.append("两次输入的新密码不一致")
    else:
        try:
            accounts.change_own_password(ctx, user.name, current, password)
        except InvalidInput as exc:
            errors = [p.message for p in exc.problems]
    if errors:
        return render(
            request,
            "password.html",
            None,
            user,
            status_code=422,
            next=_safe_next(next),
            errors=errors,
            forced=forced,
            rule=rule_text(ctx.security.passwords),
        )
    address = request.client.host if request.client else "unknown"
    _open_session(request, sessions.start(ctx, user, address))
    return RedirectResponse(_safe_next(next), status_code=303)
