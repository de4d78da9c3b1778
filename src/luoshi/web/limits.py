"""A cap on request bodies, enforced before anything parses a body or checks who is asking.

FastAPI reads a route's whole body (JSON or a multipart form) before it resolves the route's
dependencies, the login check among them: without a cap, anyone could make the server hold a 200 MB
body in memory just to be told 401. :class:`BodyLimit` is a pure ASGI middleware (it sees each chunk as
it arrives, which ``BaseHTTPMiddleware`` would not let it do) that answers 413

- at once, without reading a byte, when the declared ``Content-Length`` is over the cap, and
- as soon as the running total passes the cap, for a body sent without a length (chunked).
"""

from __future__ import annotations

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from luoshi.web.templating import render, wants_json


class BodyTooLarge(HTTPException):
    """A request body over the cap. Raised from ``receive`` while the app reads a chunked body: an
    HTTPException, so that FastAPI's body reader passes it on as it is (it turns other errors into a 400)
    and the app's error handler answers it like any other refusal, in JSON or as an error page."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, too_large_message(max_bytes), {"Connection": "close"})


def too_large_message(max_bytes: int) -> str:
    """The refusal in words: ``too_large_message(25 * 1024 * 1024) == "请求内容超过上限 25 MB"``."""
    if max_bytes >= 1024 * 1024:
        size = f"{max_bytes / (1024 * 1024):.3g} MB"
    elif max_bytes >= 1024:
        size = f"{max_bytes / 1024:.3g} KB"
    else:
        size = f"{max_bytes} 字节"
    return f"请求内容超过上限 {size}"


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with a 413 (JSON under /api, an error page otherwise).

    Registered inside the session middleware, so that the error page can carry the session's CSRF token.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            if received > self.max_bytes:  # asked again after the refusal (a handler reading the form)
                raise BodyTooLarge(self.max_bytes)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracked_send)
        except BodyTooLarge:
            # Normally the app's handler has answered already; this is for a reader that let it through.
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        await refuse(scope, receive, send, 413, too_large_message(self.max_bytes))


class NulInUrl:
    """Refuse a URL whose path or query holds a NUL character (``%00``) with a 400, before any route:
    no code, name or text luoshi keeps may hold one (PostgreSQL's text refuses it outright)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            "\x00" in scope["path"]
            or b"%00" in scope.get("query_string", b"")
            or b"\x00" in scope.get("query_string", b"")
        ):
            await refuse(scope, receive, send, 400, "请求地址含有空字符（%00）")
            return
        await self.app(scope, receive, send)


async def refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    """Answer ``status`` with ``message``: JSON under /api, an error page otherwise; the connection closes
    (a body left unread is never read)."""
    request = Request(scope, receive)
    response: Response
    if wants_json(request):
        response = JSONResponse({"detail": message}, status)
    else:
        response = render(request, "error.html", None, None, status_code=status, status=status, message=message)
    response.headers["Connection"] = "close"
    await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value)
