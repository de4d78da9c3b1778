"""Logging in and out."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from luoshi.domain.security import SecurityEvent
from luoshi.domain.throttle import wait_seconds, wait_text
from luoshi.services import throttle
from luoshi.services.security import record_security_event
from luoshi.web.auth import SESSION_CSRF, SESSION_USER, ContextDep, UserDep, csrf_token
from luoshi.web.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only local paths: a login link must not send the user to another site."""
    if not target or not target.startswith("/") or target.startswith("//") or urlparse(target).netloc:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, user: UserDep, next: str | None = None) -> Response:
    if user is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", None, None, next=_safe_next(next), error=None)


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
    request.session.clear()
    request.session[SESSION_USER] = user.name
    csrf_token(request)  # a fresh token for the new session
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, ctx: ContextDep, user: UserDep) -> Response:
    if user is not None:
        address = request.client.host if request.client else "unknown"
        record_security_event(ctx, SecurityEvent.LOGOUT, user.name, {"address": address})
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
