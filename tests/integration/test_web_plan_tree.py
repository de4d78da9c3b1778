"""The plan-tree page and its JSON twin, served from a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from luoshi.services.context import Context
from luoshi.services.plans import load_plan
from luoshi.web.app import create_app

pytestmark = pytest.mark.integration


def test_plan_tree_page_and_json_twin(ctx: Context, mini_plan: Path) -> None:
    load_plan(ctx, mini_plan)
    client = TestClient(create_app(ctx))
    home = client.get("/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/plans/mini"
    page = client.get("/plans/mini")
    assert page.status_code == 200
    html = page.text
    assert "示例区十四五规划" in html and "现代服务集聚区" in html and "428.2 亿元" in html
    assert "编制现代服务业发展专项规划" in html and "示例区发展和改革局" in html
    assert 'href="/static/luoshi.css"' in html and "http" not in html.split("<body>")[0].replace("http-equiv", "")
    twin = client.get("/api/plans/mini/tree").json()
    assert twin["plan_name"] == "示例区十四五规划"
    p1 = twin["goals"][0]["children"][0]
    assert p1["name"] == "现代服务集聚区" and p1["indicators"][0]["latest"]["text"] == "428.2 亿元"
    assert client.get("/api/plans/mini").json()["counts"]["indicators"] == 3
    assert client.get("/plans/nope").status_code == 404
    assert client.get("/static/luoshi.css").status_code == 200
