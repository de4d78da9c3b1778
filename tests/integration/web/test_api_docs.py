"""The API docs at /api/docs: served offline, from the app's own static files, under its CSP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from luoshi.services.context import Context
from tests.web import client_for, seed

pytestmark = pytest.mark.integration

CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css", ".json": "application/json"}


@pytest.fixture
def seeded(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    return ctx


def test_api_docs_load_only_the_apps_own_files(seeded: Context) -> None:
    client = client_for(seeded, "viewer")
    page = client.get("/api/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1]
    html = page.text
    assert "接口文档" in html and 'id="swagger-ui"' in html
    assert not re.search(r"(?:https?:)?//", html), "the docs page names another host"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script, which the CSP refuses"
    assets = re.findall(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/swagger-ui-bundle.js" in assets and "/static/vendor/swagger-ui.css" in assets
    assert "/static/apidocs.js" in assets
    spec = re.search(r'data-spec-url="([^"]+)"', html)
    assert spec is not None and spec.group(1) == "/api/openapi.json"
    for url in [*assets, spec.group(1)]:
        assert url.startswith("/"), url
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert answer.headers["content-type"].startswith(CONTENT_TYPES[Path(url).suffix]), url
    assert "/api/plans" in client.get("/api/openapi.json").json()["paths"]


def test_api_docs_need_no_login_and_redoc_is_not_served(seeded: Context) -> None:
    anonymous = client_for(seeded, None)
    assert anonymous.get("/api/docs").status_code == 200
    for gone in ("/redoc", "/api/redoc", "/docs", "/api/docs/oauth2-redirect"):
        assert anonymous.get(gone).status_code in {401, 404}, gone
