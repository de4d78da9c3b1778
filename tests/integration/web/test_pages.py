"""Pages and their JSON twins, served from a real database to logged-in users."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.services.context import Context
from tests.web import PASSWORD, client_for, csrf_from, csrf_of, seed

pytestmark = pytest.mark.integration


@pytest.fixture
def seeded(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    return ctx


def test_login_flow_and_plan_tree(seeded: Context) -> None:
    anonymous = client_for(seeded, None)
    assert anonymous.get("/plans/mini").headers["location"] == "/login?next=/plans/mini"
    assert anonymous.get("/api/plans/mini/tree").status_code == 401
    viewer = client_for(seeded, "viewer")
    page = viewer.get("/plans/mini")
    assert page.status_code == 200
    html = page.text
    assert "示例区十四五规划" in html and "现代服务集聚区" in html and "428.2 亿元" in html
    assert "编制现代服务业发展专项规划" in html and "示例区发展和改革局" in html
    assert "Content-Security-Policy" in page.headers and "http://" not in html and "https://" not in html
    twin = viewer.get("/api/plans/mini/tree").json()
    p1 = twin["goals"][0]["children"][0]
    assert p1["name"] == "现代服务集聚区" and p1["indicators"][0]["latest"]["text"] == "428.2 亿元"
    assert viewer.get("/plans/nope").status_code == 404
    assert viewer.get("/static/vendor/echarts.min.js").status_code == 200


def test_wrong_password_and_missing_csrf(seeded: Context) -> None:
    # the throttle that follows repeated failures: test_login_throttle.py
    client = client_for(seeded, None)
    token = csrf_from(client.get("/login").text)
    bad = client.post("/login", data={"name": "viewer", "password": "nope", "csrf_token": token})
    assert bad.status_code == 401 and "用户名或密码不正确" in bad.text
    no_csrf = client_for(seeded, None).post("/login", data={"name": "admin", "password": PASSWORD})
    assert no_csrf.status_code == 403


def test_forms_need_the_csrf_token(seeded: Context) -> None:
    client = client_for(seeded, "reporter")
    data = {"period": "2021", "value": "465.3"}
    assert client.post("/indicators/mini/gdp/observations", data=data).status_code == 403
    ok = client.post("/indicators/mini/gdp/observations", data={**data, "csrf_token": csrf_of(client)})
    assert ok.status_code == 303


def test_search_units_and_audit(seeded: Context) -> None:
    client = client_for(seeded, "viewer")
    hits = client.get("/api/search", params={"q": "ＧＤＰ"}).json()["hits"]
    assert hits[0]["name"] == "地区生产总值" and hits[0]["matched"] == "GDP"
    assert "地区生产总值" in client.get("/search", params={"q": "生产总值"}).text
    unit = client.get("/api/units/fgj").json()
    assert unit["tasks"][0]["name"] == "编制现代服务业发展专项规划" and unit["tasks"][0]["role"] == "牵头"
    assert "示例区统计局" in client.get("/units").text
    assert client.get("/units/tjj").status_code == 200
    assert client.get("/api/audit").status_code == 403  # the audit log is the 审计管理员's (三员分立)
    auditor = client_for(seeded, "auditor")
    log = auditor.get("/api/audit", params={"object_type": "observation"}).json()
    assert log["items"] and all(i["object_type"] == "observation" for i in log["items"])
    assert auditor.get("/audit", params={"since": "", "actor": "tester"}).status_code == 200
    by_unit = auditor.get("/api/audit", params={"unit": "tjj"}).json()["items"]
    assert any(i["object_key"] == "mini/gdp" for i in by_unit)


def test_reporter_enters_a_figure_for_its_own_unit_only(seeded: Context) -> None:
    reporter = client_for(seeded, "reporter")  # unit tjj owns gdp
    headers = {"X-CSRF-Token": csrf_of(reporter)}
    ok = reporter.post(
        "/api/indicators/mini/gdp/observations", json={"period": "2021", "value": 465.3}, headers=headers
    )
    assert ok.status_code == 200 and ok.json()["result"] == "created"
    other = client_for(seeded, "other_reporter")  # unit fgj owns nothing
    refused = other.post(
        "/api/indicators/mini/gdp/observations",
        json={"period": "2022", "value": 1.0},
        headers={"X-CSRF-Token": csrf_of(other)},
    )
    assert refused.status_code == 403
    auditor = client_for(seeded, "auditor")
    log = auditor.get("/api/audit", params={"object_type": "observation", "actor": "reporter"}).json()["items"]
    assert [i["object_key"] for i in log] == ["mini/gdp/990101:2021:level:actual"]
    # other_reporter changed nothing: its entries are its login and the refusal, as security events
    trail = auditor.get("/api/audit", params={"actor": "other_reporter"}).json()["items"]
    assert sorted(i["object_key"] for i in trail) == ["login", "permission_refused"]
    # the task of fgj: only fgj's reporter may report its progress
    assert reporter.post("/api/tasks/mini/T1/status", json={"status": "completed"}, headers=headers).status_code == 403
    done = other.post(
        "/api/tasks/mini/T1/status", json={"status": "completed"}, headers={"X-CSRF-Token": csrf_of(other)}
    )
    assert done.json() == {"changed": True}


def test_admin_manages_users_and_tokens(seeded: Context) -> None:
    admin = client_for(seeded, "admin")
    headers = {"X-CSRF-Token": csrf_of(admin)}
    created = admin.post(
        "/api/admin/users", json={"name": "wang", "role": "viewer", "password": "long-enough-1"}, headers=headers
    )
    assert created.status_code == 201
    assert (
        admin.post(
            "/api/admin/users", json={"name": "wang", "role": "viewer", "password": "long-enough-1"}, headers=headers
        ).status_code
        == 409
    )
    token = admin.post("/api/admin/tokens", json={"user": "wang", "label": "测试"}, headers=headers).json()["token"]
    machine = client_for(seeded, None)
    bearer = {"Authorization": f"Bearer {token}"}
    assert machine.get("/api/plans/mini/tree", headers=bearer).status_code == 200
    assert machine.get("/api/plans/mini/tree", headers={"Authorization": "Bearer wrong"}).status_code == 401
    token_id = admin.get("/api/admin").json()["tokens"][0]["id"]
    admin.post(f"/api/admin/tokens/{token_id}/revoke", headers=headers)
    assert machine.get("/api/plans/mini/tree", headers=bearer).status_code == 401
    admin.put("/api/admin/users/wang", json={"role": "viewer", "active": False}, headers=headers)
    assert client_for(seeded, None).post("/login", data={"name": "wang", "password": "long-enough-1"}).status_code in (
        401,
        403,
    )
    page = admin.get("/admin/users")
    assert page.status_code == 200 and "wang" in page.text and "接口令牌" in page.text
