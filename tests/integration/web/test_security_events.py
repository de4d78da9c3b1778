"""Security events (安全事件) in the audit trail through the web app: login, failed login (the name tried,
never the password), logout, refusals (403) and bearer token use; the audit page filters them in Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from luoshi.services import accounts, audit_trail
from luoshi.services.context import Context
from tests.web import client_for, csrf_from, csrf_of, seed

pytestmark = pytest.mark.integration


@pytest.fixture
def seeded(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    return ctx


def events(ctx: Context, kind: str) -> list[dict[str, Any]]:
    auditor = client_for(ctx, "auditor")
    items = auditor.get("/api/audit", params={"event": kind}).json()["items"]
    return [item for item in items if item["object_key"] == kind]


def words(item: dict[str, Any]) -> str:
    """An event's details as the page shows them: 尝试的用户名：planner；来源地址：testclient."""
    return "；".join(f"{c['label']}：{c['new_text']}" for c in item["changes"])


def test_login_failed_login_and_logout_are_recorded(seeded: Context) -> None:
    client = client_for(seeded, None)
    page = client.get("/login")
    refused = client.post(
        "/login", data={"name": "planner", "password": "wrong-secret-9", "csrf_token": csrf_from(page.text)}
    )
    assert refused.status_code == 401
    planner = client_for(seeded, "planner")
    assert planner.post("/logout", data={"csrf_token": csrf_of(planner)}).status_code == 303

    failed = events(seeded, "login_failed")
    assert len(failed) == 1 and failed[0]["actor"] == "anonymous"
    assert "尝试的用户名：planner" in words(failed[0]) and "wrong-secret-9" not in str(failed[0])
    assert failed[0]["object_name"] == "登录失败" and failed[0]["action_label"] == "安全事件"
    assert [e["actor"] for e in events(seeded, "logout")] == ["planner"]
    assert "planner" in [e["actor"] for e in events(seeded, "login")]  # "login" is not "login_failed"
    assert all(e["object_key"] == "login" for e in events(seeded, "login"))
    assert audit_trail.verify(seeded).intact


def test_refusals_and_token_use_are_recorded(seeded: Context) -> None:
    viewer = client_for(seeded, "viewer")
    assert viewer.get("/admin/users").status_code == 403
    assert viewer.get("/api/admin").status_code == 403
    refused = events(seeded, "permission_refused")
    assert refused and refused[-1]["actor"] == "viewer"
    assert "请求路径：/admin/users" in words(refused[-1]) and "原因：您的账号没有此项权限" in words(refused[-1])

    token = accounts.create_token(seeded, "planner", "ci")
    anonymous = client_for(seeded, None)
    assert anonymous.get("/api/plans", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    used = events(seeded, "token_use")
    assert [e["actor"] for e in used] == ["planner"]
    assert token not in str(used)


def test_the_audit_page_filters_security_events_in_chinese(seeded: Context) -> None:
    auditor = client_for(seeded, "auditor")
    page = auditor.get("/audit", params={"event": "login"})
    assert page.status_code == 200
    assert "安全事件" in page.text and "登录" in page.text and "来源地址" in page.text
    assert '<option value="login_failed"' in page.text and "登录失败" in page.text
    assert auditor.get("/audit", params={"event": "no-such-kind"}).status_code == 422
