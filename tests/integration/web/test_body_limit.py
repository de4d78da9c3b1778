"""Request bodies over the cap are refused (413) before they are read whole, parsed or their sender known.

The app is driven at the ASGI level with a body that is produced chunk by chunk and counted: the test
client would read a streamed body whole before the app sees it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient

from luoshi.config import MAX_BODY_BYTES, Settings
from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.web.app import create_app
from tests.web import seed

pytestmark = pytest.mark.integration

LIMIT = 64 * 1024
CHUNK = 16 * 1024
HUGE = 200 * 1024 * 1024
BOUNDARY = "luoshi-test-boundary"


@dataclass
class Body:
    """A body of ``size`` bytes handed out ``CHUNK`` at a time; reading far past the cap is a test failure."""

    size: int
    head: bytes = b""
    sent: int = 0
    chunks: Iterator[bytes] = field(init=False)

    def __post_init__(self) -> None:
        self.chunks = self._produce()

    def _produce(self) -> Iterator[bytes]:
        yield self.head
        left = self.size - len(self.head)
        while left > 0:
            if self.sent > LIMIT + CHUNK:
                raise AssertionError(f"the app read {self.sent} bytes of a body over the {LIMIT}-byte cap")
            piece = b"x" * min(CHUNK, left)
            left -= len(piece)
            yield piece


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def call(app: Any, path: str, body: Body, headers: dict[str, str], *, declare_length: bool) -> Answer:
    """POST ``body`` to ``app`` at ``path`` the way a server would: one ``http.request`` message a chunk."""
    sent: list[dict[str, Any]] = []
    raw_headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    if declare_length:
        raw_headers.append((b"content-length", str(body.size).encode()))
    else:
        raw_headers.append((b"transfer-encoding", b"chunked"))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": raw_headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }

    async def receive() -> dict[str, Any]:
        chunk = next(body.chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        body.sent += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    anyio.run(app, scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    return Answer(
        start["status"],
        {k.decode(): v.decode() for k, v in start["headers"]},
        b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"),
    )


def json_body(size: int) -> Body:
    return Body(size, head=b'{"doc_year": 2021, "text": "')


def form_body(size: int) -> Body:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    return Body(size, head=head)


FORM = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}
JSON = {"content-type": "application/json"}


@pytest.mark.parametrize("declare_length", [True, False], ids=["content-length", "chunked"])
def test_an_oversized_body_is_refused_before_it_is_read(ctx: Context, mini_plan: Path, declare_length: bool) -> None:
    seed(ctx, mini_plan)
    app = create_app(ctx, max_body_bytes=LIMIT)
    bearer = {"authorization": f"Bearer {accounts.create_token(ctx, 'reviewer')}"}
    for who, credentials in (("anonymous", {}), ("uploader", bearer)):
        body = json_body(HUGE)
        answer = call(app, "/api/documents", body, {**JSON, **credentials}, declare_length=declare_length)
        assert answer.status == 413, (who, answer)
        assert answer.json() == {"detail": "请求内容超过上限 64 KB"}
        assert body.sent <= (0 if declare_length else LIMIT + CHUNK), (who, body.sent)

        body = form_body(HUGE)
        page = call(app, "/documents", body, {**FORM, **credentials}, declare_length=declare_length)
        assert page.status == 413, (who, page)
        assert page.headers["content-type"].startswith("text/html")
        assert "内容过大" in page.body.decode() and "请求内容超过上限 64 KB" in page.body.decode()
        assert page.headers.get("x-frame-options") == "DENY"  # the page is answered like any other
        assert body.sent <= (0 if declare_length else LIMIT + CHUNK), (who, body.sent)


def test_bodies_under_the_cap_are_served(ctx: Context, mini_plan: Path) -> None:
    seed(ctx, mini_plan)
    app = create_app(ctx, max_body_bytes=LIMIT)
    bearer = {"authorization": f"Bearer {accounts.create_token(ctx, 'reviewer')}"}
    text = "2021年，全区地区生产总值达到465.3亿元，比上年增长8.7%。"
    made = TestClient(app).post("/api/documents", json={"text": text, "doc_year": 2021}, headers=bearer)
    assert made.status_code == 201, made.text
    # a streamed body just under the cap reaches the route (and is refused there for what it says)
    answer = call(app, "/api/documents", json_body(LIMIT - 10), {**JSON, **bearer}, declare_length=False)
    assert answer.status == 422, answer
    # a file of a few megabytes under the default cap
    client = TestClient(create_app(ctx), follow_redirects=False)
    report = ("坚持以人民为中心的发展思想。" * 100_000).encode("utf-8")
    assert len(report) > 4 * 1024 * 1024
    upload = client.post("/documents", files={"file": ("report.txt", report, "text/plain")}, headers=bearer)
    assert upload.status_code == 303, upload.text


def test_the_cap_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().max_body_bytes == MAX_BODY_BYTES >= 20 * 1024 * 1024
    monkeypatch.setenv("LUOSHI_MAX_BODY_BYTES", "1048576")
    assert Settings().max_body_bytes == 1024 * 1024
    monkeypatch.setenv("LUOSHI_MAX_BODY_BYTES", "12")
    with pytest.raises(ValueError, match="max_body_bytes"):
        Settings()


def test_a_nul_in_the_url_is_a_400_before_any_route(ctx: Context) -> None:
    client = TestClient(create_app(ctx))
    assert client.get("/api/ranking?plan=%00").status_code == 400
    assert client.get("/api/rounds/%00").json() == {"detail": "请求地址含有空字符（%00）"}
    assert "空字符" in client.get("/units/a%00b").text
