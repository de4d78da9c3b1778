"""How fresh a page is: pages may be served a little behind the newest change (the context's read lag,
``LUOSHI_READ_LAG_MS``), but never behind what the reader changed itself.

A browser session remembers the data version after each of its successful changes (any unsafe request
that did not fail) and asks for at least that version on later reads; an API client can ask for a version
with the ``X-Min-Version`` header, e.g. the ``version`` a figure write answered.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from luoshi.services.context import Context, ReadPolicy
from luoshi.web.auth import SAFE_METHODS

SESSION_FLOOR = "seen_version"
FLOOR_HEADER = "x-min-version"
MAX_VERSION = 2**62


async def read_policy(request: Request) -> ReadPolicy:  # async: no I/O, so no hop to the thread pool
    """The read policy of this request: the app's lag, and the newest version the reader must see."""
    ctx: Context = request.app.state.ctx
    floor = 0
    if "session" in request.scope:
        stored = request.session.get(SESSION_FLOOR, 0)
        floor = stored if isinstance(stored, int) else 0
    asked = request.headers.get(FLOOR_HEADER, "").strip()
    if asked.isdigit() and len(asked) < 19:
        floor = max(floor, min(int(asked), MAX_VERSION))
    return ctx.policy(floor)


ReadPolicyDep = Annotated[ReadPolicy, Depends(read_policy)]


class ReadYourWrites:
    """After a logged-in browser's successful change, remember the data version in its session.

    Pure ASGI, inside the session middleware: the version is put into the session when the answer starts,
    before the session middleware writes the cookie.
    """

    def __init__(self, app: ASGIApp, user_key: str) -> None:
        self.app = app
        self.user_key = user_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return

        async def remembering(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                session = scope.get("session")
                if session is not None and session.get(self.user_key):
                    ctx: Context = scope["app"].state.ctx
                    session[SESSION_FLOOR] = await run_in_threadpool(ctx.data_version)
            await send(message)

        await self.app(scope, receive, remembering)
