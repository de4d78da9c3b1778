"""剩余信息保护 (residual information): no page or API answer is left in a browser's or proxy's cache, and a
logout leaves nothing in the browser that opens a page again."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.services.context import Context
from tests.web import client_for, csrf_of, seed

pytestmark = pytest.mark.integration


def test_pages_and_answers_are_not_stored_and_logout_leaves_nothing(ctx: Context, mini_plan: Path) -> None:
    seed(ctx, mini_plan)
    viewer = client_for(ctx, "viewer")
    for path in ("/plans/mini", "/api/plans", "/login"):
        assert viewer.get(path).headers["cache-control"] == "no-store", path
    static = viewer.get("/static/luoshi.css")
    assert static.status_code == 200 and static.headers.get("cache-control") != "no-store"
    cookie = viewer.cookies.get("luoshi_session")
    assert cookie
    out = viewer.post("/logout", data={"csrf_token": csrf_of(viewer)})
    assert out.status_code == 303
    # the copy of the cookie opens nothing, and the browser was told to drop its own
    again = client_for(ctx, None)
    again.cookies.set("luoshi_session", cookie)
    assert again.get("/plans/mini").status_code == 303
    assert "luoshi_session" not in viewer.cookies or viewer.get("/plans/mini").status_code == 303
