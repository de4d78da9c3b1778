"""Reporting rounds through the web app's forms and JSON twins, as each role (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.services.context import Context
from tests.web import client_for, csrf_of, seed

pytestmark = pytest.mark.integration


@pytest.fixture
def app_ctx(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    return ctx


def test_a_round_through_the_forms(app_ctx: Context) -> None:
    planner = client_for(app_ctx, "planner")
    response = planner.post(
        "/rounds",
        data={
            "plan": "mini",
            "period": "2021",
            "due": "2099-01-31",
            "approval_levels": "2",
            "csrf_token": csrf_of(planner),
        },
    )
    assert response.status_code == 303 and response.headers["location"] == "/rounds/mini-2021"
    assert "示例区统计局" in planner.get("/rounds/mini-2021").text

    reporter = client_for(app_ctx, "reporter")
    todo = reporter.get("/todo").text
    assert "/rounds/mini-2021/units/tjj" in todo and "新的填报任务" in todo
    page = reporter.get("/rounds/mini-2021/units/tjj").text
    assert 'name="v:gdp"' in page and "428.2" in page  # last value shown
    token = csrf_of(reporter)
    bad = reporter.post("/rounds/mini-2021/units/tjj", data={"csrf_token": token, "v:gdp": "abc", "action": "save"})
    assert bad.status_code == 422 and "不是数字" in bad.text
    saved = reporter.post(
        "/rounds/mini-2021/units/tjj",
        data={"csrf_token": token, "v:gdp": "465.3", "v:gdp:growth": "6.1", "n:gdp": "快报", "action": "submit"},
    )
    assert saved.status_code == 303, saved.text
    assert "待审核" in reporter.get("/rounds/mini-2021/units/tjj").text

    other = client_for(app_ctx, "other_reporter")
    refused = other.post("/rounds/mini-2021/units/tjj", data={"csrf_token": csrf_of(other), "v:gdp": "1"})
    assert refused.status_code == 403

    head = client_for(app_ctx, "head")
    assert "/rounds/mini-2021/units/tjj" in head.get("/todo").text
    decided = head.post("/rounds/mini-2021/units/tjj/decision", data={"csrf_token": csrf_of(head), "action": "approve"})
    assert decided.status_code == 303
    reviewer = client_for(app_ctx, "reviewer")
    returned = reviewer.post(
        "/rounds/mini-2021/units/tjj/decision",
        data={"csrf_token": csrf_of(reviewer), "action": "return", "comment": "请核实增速"},
    )
    assert returned.status_code == 303
    assert "请核实增速" in reporter.get("/rounds/mini-2021/units/tjj").text
    api = reporter.get("/api/rounds/mini-2021/units/tjj").json()
    assert api["state"] == "returned" and api["can_edit"]


def test_every_round_page_renders_for_every_role(app_ctx: Context) -> None:
    planner = client_for(app_ctx, "planner")
    planner.post(
        "/api/rounds",
        json={"plan": "mini", "period": "2021Q1", "due": "2021-04-15"},
        headers={"X-CSRF-Token": csrf_of(planner)},
    )
    for name in ("planner", "reviewer", "reporter", "other_reporter", "head", "supervisor", "viewer"):
        client = client_for(app_ctx, name)
        for path in ("/rounds", "/rounds/mini-2021Q1", "/rounds/mini-2021Q1/units/tjj", "/todo", "/ranking?year=2021"):
            response = client.get(path)
            assert response.status_code == 200, (name, path, response.text[:300])
    supervisor = client_for(app_ctx, "supervisor")
    assert "催报清单" in supervisor.get("/todo").text
    reminded = supervisor.post(
        "/rounds/mini-2021Q1/reminders",
        data={"csrf_token": csrf_of(supervisor), "unit": ["tjj", "fgj"], "note": "请尽快报送"},
    )
    assert reminded.status_code == 303
    assert "请尽快报送" in client_for(app_ctx, "reporter").get("/todo").text


def test_the_ranking_page_and_its_twin(app_ctx: Context) -> None:
    planner = client_for(app_ctx, "planner")
    token = csrf_of(planner)
    planner.post(
        "/api/rounds", json={"plan": "mini", "period": "2021", "due": "2021-04-15"}, headers={"X-CSRF-Token": token}
    )
    viewer = client_for(app_ctx, "viewer")
    page = viewer.get("/ranking?year=2021")
    assert page.status_code == 200 and "2021年单位考核排名" in page.text and "示例区统计局" in page.text
    twin = viewer.get("/api/ranking", params={"year": 2021}).json()
    scores = {u["unit_code"]: (u["rank"], u["score"]) for u in twin["units"]}
    assert scores["tjj"] == (1, 0.0) and scores["fgj"] == (1, 0.0)  # both missed the due date: 0 on time
    assert viewer.get("/api/ranking", params={"year": 1800}).status_code == 422
