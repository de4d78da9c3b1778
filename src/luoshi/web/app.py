"""The web app factory: ``create_app(ctx)`` builds a FastAPI app around one service context."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from luoshi import __version__
from luoshi.config import MAX_BODY_BYTES, Settings
from luoshi.domain.errors import Conflict, DomainError, Forbidden, InvalidInput, InvalidValue, NotFound, Unavailable
from luoshi.domain.security import SecurityEvent
from luoshi.domain.throttle import ThrottlePolicy
from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.services.security import ANONYMOUS, record_security_event
from luoshi.web.auth import (
    SESSION_USER,
    ElsewhereFirst,
    LoginRequired,
    PasswordChangeRequired,
    TwoFactorEnrolmentRequired,
    current_user,
)
from luoshi.web.consistency import ReadYourWrites
from luoshi.web.limits import BodyLimit, NulInUrl
from luoshi.web.routes import (
    admin,
    apidocs,
    audit,
    documents,
    evaluation,
    figures,
    gaps,
    methodology,
    narrative,
    plans,
    progress,
    projects,
    public,
    ranking,
    review,
    round_reports,
    rounds,
    security,
    session,
    supervision,
    two_factor,
    units,
)
from luoshi.web.templating import render, wants_json
from luoshi.web.zh import DEFAULT_MESSAGES, KNOWN_DETAILS, field_label, problem_zh

HERE = Path(__file__).parent


#: headers every answer carries: no framing, no sniffing, nothing loaded from outside the app
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'",
    ),
)


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every HTTP answer that does not set them itself (pure ASGI: it
    costs a few list operations per request, where a BaseHTTPMiddleware costs a task and a stream)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                if b"cache-control" not in present and not scope["path"].startswith("/static/"):
                    headers.append(NO_STORE)  # 剩余信息保护: no page or answer left in a cache after logout
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


#: pages and API answers hold unpublished figures: no browser or proxy keeps a copy (the app's own static files
#: are the exception, and a download that sets its own Cache-Control keeps it)
NO_STORE: tuple[bytes, bytes] = (b"cache-control", b"no-store")


def app_from_environment() -> FastAPI:
    """The app as each worker process of ``luoshi serve --workers N`` builds it: settings from the
    environment (``LUOSHI_DATABASE_URL``, ``LUOSHI_SECURE_COOKIES``, ``LUOSHI_PUBLIC_VIEW``, the throttle's,
    ``LUOSHI_MAX_BODY_BYTES``)."""
    settings = Settings()
    return create_app(
        Context.from_settings(settings),
        secure_cookies=settings.secure_cookies,
        public_view=settings.public_view,
        throttle=settings.throttle,
        trusted_proxies=settings.trusted_proxies,
        max_body_bytes=settings.max_body_bytes,
    )


def create_app(
    ctx: Context,
    *,
    secure_cookies: bool = False,
    public_view: bool = False,
    throttle: ThrottlePolicy | None = None,
    trusted_proxies: Sequence[str] = (),
    max_body_bytes: int = MAX_BODY_BYTES,
) -> FastAPI:
    """The app for ``ctx``'s database. ``secure_cookies`` marks the session cookie HTTPS-only;
    ``public_view`` serves /public (indicators marked public, real figures, no login); ``throttle`` limits
    failed logins (default: ThrottlePolicy()); requests from ``trusted_proxies`` (addresses or networks)
    take their client address from X-Forwarded-For, all others from the connection; a request body over
    ``max_body_bytes`` is refused (413) before it is read whole, parsed or its sender identified."""
    ctx.require_schema()
    app = FastAPI(
        title="luoshi 落实",
        version=__version__,
        # the docs page is the app's own (routes/apidocs.py: Swagger UI from static/vendor, no CDN, no inline
        # script); ReDoc, which FastAPI would load from a CDN, is not served
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        description="规划实施管理：规划树、指标与目标、对照找差距、数据核查。每个页面都有同源的 JSON 接口。",
    )
    app.state.ctx = ctx
    app.state.throttle = throttle or ThrottlePolicy()
    app.state.public_view = public_view
    # add_middleware wraps what was added before: the body limit runs inside the session (its error page
    # needs the session's CSRF token) and the security headers, and before any route reads a body
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(NulInUrl)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(ReadYourWrites, user_key=SESSION_USER)  # inside the session middleware: it uses the session
    app.add_middleware(
        SessionMiddleware,
        secret_key=accounts.session_secret(ctx),
        session_cookie="luoshi_session",
        # the session ends on the server (luoshi.services.sessions); the cookie need not outlive it
        max_age=int(ctx.security.sessions.absolute.total_seconds()),
        same_site="lax",
        https_only=secure_cookies,
    )
    if trusted_proxies:  # added last, so it runs first: every later layer sees the real client
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(trusted_proxies))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (
        session,
        two_factor,
        progress,
        gaps,
        evaluation,
        plans,
        units,
        review,
        documents,
        supervision,
        projects,
        audit,
        methodology,
        narrative,
        admin,
        security,
        figures,
        rounds,
        round_reports,
        ranking,
        public,
        apidocs,
    ):
        app.include_router(module.router)

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "login required"}, 401, {"WWW-Authenticate": "Bearer"})
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(ElsewhereFirst)
    async def elsewhere_first(request: Request, exc: ElsewhereFirst) -> Response:
        return RedirectResponse(exc.location, status_code=303)

    @app.exception_handler(PasswordChangeRequired)
    async def password_change_required(request: Request, exc: PasswordChangeRequired) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "password change required: change it at /password first"}, 403)
        return RedirectResponse(f"/password?next={request.url.path}", status_code=303)

    @app.exception_handler(TwoFactorEnrolmentRequired)
    async def two_factor_required(request: Request, exc: TwoFactorEnrolmentRequired) -> Response:
        if wants_json(request):
            detail = "您的角色须使用双因素认证，请先在 /account/2fa 完成设置 (two-factor enrolment required)"
            return JSONResponse({"detail": detail}, 403)
        return RedirectResponse("/account/2fa", status_code=303)

    @app.exception_handler(StarletteHTTPException)  # the app's own and the router's (an unknown route, 405)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 403:  # every refusal is a security event (权限拒绝), pages and API alike
            await _record_refusal(request, ctx, exc)
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, exc.status_code, exc.headers)
        user = None
        with contextlib.suppress(HTTPException):
            user = await current_user(request, ctx)
        response = render(
            request,
            "error.html",
            None,
            user,
            status_code=exc.status_code,
            status=exc.status_code,
            message=page_message(exc.status_code, exc.detail),
        )
        response.headers.update(exc.headers or {})  # e.g. a 405's Allow
        return response

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        # Anything unexpected: a 500 that tells a browser user in Chinese what happened and where to go.
        if wants_json(request):
            return JSONResponse({"detail": "Internal Server Error"}, 500)
        try:
            return render(request, "error.html", None, None, status_code=500, status=500, message=DEFAULT_MESSAGES[500])
        except Exception:  # the page itself failed: plain HTML, still in Chinese
            return HTMLResponse(PLAIN_500, 500)

    @app.exception_handler(InvalidInput)
    async def refused_input(request: Request, exc: InvalidInput) -> Response:
        # A value the request's schema allows but the domain refuses (a period "2021Q5", a unit that does
        # not measure the indicator) is a 422 like a schema violation, in the same documented shape.
        problems = [
            {
                "loc": ["body", p.location.field or p.location.file],
                "msg": p.message,
                "type": "value_error",
                "msg_zh": p.message,
            }
            for p in exc.problems
        ]
        if wants_json(request):
            return JSONResponse({"detail": problems}, 422)
        user = None
        with contextlib.suppress(HTTPException):
            user = await current_user(request, ctx)
        message = "；".join(
            f"{p.location.zh()}：{p.message}" if p.location.sheet else f"{p.location}: {p.message}"
            for p in exc.problems
        )
        return render(request, "error.html", None, user, status_code=422, status=422, message=message)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        # Errors become HTTP codes here, at the edge: the services raise domain errors only.
        status = http_status(type(exc))
        headers = {"Retry-After": "5"} if status == 503 else None
        return await http_error(request, HTTPException(status, str(exc), headers))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        # The JSON keeps FastAPI's documented shape (HTTPValidationError: loc, msg, type) that the spec
        # promises for every 422; the raw input is left out, it may not be JSON and need not be echoed.
        errors = exc.errors()
        problems = [
            {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"], "msg_zh": problem_zh(e)} for e in errors
        ]
        if wants_json(request):
            return JSONResponse({"detail": problems}, 422)
        user = None
        with contextlib.suppress(HTTPException):
            user = await current_user(request, ctx)
        fields, others = form_fields(exc.body, errors)
        message = "；".join(others) if others or not fields else "请按提示修改后重新提交。"
        return render(
            request,
            "error.html",
            None,
            user,
            status_code=422,
            status=422,
            message=message,
            form_action=request.url.path if fields else None,
            form_fields=fields,
        )

    return app


#: the HTTP status of each kind of domain error (InvalidInput has its own handler: a 422 with its problems)
#: every kind of domain error and its HTTP status, most specific first; a DomainError that is none of
#: these is a programming error (tests/unit/test_error_table.py keeps the table complete)
DOMAIN_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (InvalidInput, 422),
    (InvalidValue, 422),
    (NotFound, 404),
    (Conflict, 409),
    (Forbidden, 403),
    (Unavailable, 503),
)


def http_status(kind: type[DomainError]) -> int:
    """The HTTP status of a kind of domain error (500 for one the table does not know)."""
    return next((code for known, code in DOMAIN_STATUS if issubclass(kind, known)), 500)


PLAIN_500 = (
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>服务器出错</title>'
    f'<h1>服务器出错</h1><p>{DEFAULT_MESSAGES[500]}</p><p><a href="/">返回首页</a></p></html>'
)
#: form fields never echoed back: the CSRF token (the page adds a fresh one) and secrets
_NOT_ECHOED = ("csrf_token",)


async def _record_refusal(request: Request, ctx: Context, exc: StarletteHTTPException) -> None:
    """A 403 as a security event: who (if known), what was asked, why it was refused."""
    user = None
    with contextlib.suppress(HTTPException):
        user = await current_user(request, ctx)
    detail = {"method": request.method, "path": request.url.path, "reason": page_message(403, exc.detail)}
    with contextlib.suppress(Unavailable):  # a database too busy to record it does not turn the 403 into a 500
        await run_in_threadpool(
            record_security_event, ctx, SecurityEvent.PERMISSION_REFUSED, user.name if user else ANONYMOUS, detail
        )


def page_message(status: int, detail: object) -> str:
    """What the error page says: the error's own message when it is Chinese, else a Chinese one."""
    text = "" if detail is None else str(detail)
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return text
    return KNOWN_DETAILS.get(text) or DEFAULT_MESSAGES.get(status) or "出错了，请返回首页重试。"


def form_fields(body: object, errors: Sequence[Mapping[str, Any]]) -> tuple[list[dict[str, object]], list[str]]:
    """A form post's fields as the user typed them, each with its Chinese problem; and problems of no field."""
    by_field: dict[str, list[str]] = {}
    others: list[str] = []
    for e in errors:
        loc = [str(p) for p in e.get("loc", ())]
        if isinstance(body, FormData) and len(loc) == 2 and loc[0] == "body":  # a field of the form, or missing
            by_field.setdefault(loc[1], []).append(problem_zh(e))
        else:
            others.append(problem_zh(e))
    if not isinstance(body, FormData):
        return [], others
    fields: list[dict[str, object]] = []
    seen: set[str] = set()
    for name, value in body.multi_items():
        if name in _NOT_ECHOED or name in seen or isinstance(value, UploadFile):
            continue
        seen.add(name)
        fields.append(
            {
                "name": name,
                "label": field_label([name]),
                "value": "" if "password" in name else value,
                "secret": "password" in name,
                "errors": by_field.pop(name, []),
            }
        )
    for name, problems in by_field.items():  # fields the post left out
        fields.append({"name": name, "label": field_label([name]), "value": "", "secret": False, "errors": problems})
    return fields, others
