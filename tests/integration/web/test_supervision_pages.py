"""The supervision pages and their JSON twins: lists, a matter's page, forms with CSRF, refusals in Chinese."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from luoshi.domain.account import Role
from luoshi.services import accounts
from luoshi.services.context import Context
from tests.web import PASSWORD, client_for, csrf_of, seed

pytestmark = pytest.mark.integration

TODAY = date.today()


@pytest.fixture
def seeded(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    accounts.add_user(ctx, "ducha", Role.SUPERVISOR, PASSWORD, display_name="督查室")
    return ctx


def test_assign_feed_back_and_decide_through_the_forms(seeded: Context) -> None:
    office = client_for(seeded, "ducha")
    page = office.get("/supervision")
    assert page.status_code == 200 and "督查督办" in page.text and "交办新事项" in page.text
    form = {
        "title": "推进营商环境改革",
        "source_kind": "instruction",
        "source_text": "区长批示：抓紧推进",
        "lead_unit": "tjj",
        "assisting_units": ["fgj"],
        "deadline": (TODAY - timedelta(days=2)).isoformat(),
    }
    assert office.post("/supervision", data=form).status_code == 403  # no CSRF token
    made = office.post("/supervision", data={**form, "csrf_token": csrf_of(office)})
    assert made.status_code == 303
    code = made.headers["location"].rsplit("/", 1)[1]
    listed = office.get("/api/supervision").json()
    assert [m["code"] for m in listed["overdue"]] == [code] and listed["overdue"][0]["days_overdue"] == 2
    assert listed["overdue"][0]["assisting_units"] == [{"code": "fgj", "name": "示例区发展和改革局"}]
    assert 'class="overdue"' in office.get("/supervision").text

    reporter = client_for(seeded, "reporter")  # unit tjj, the lead unit
    assert "督查督办" in reporter.get("/").text  # in everyone's navigation
    token = csrf_of(reporter)
    fed = reporter.post(f"/supervision/{code}/feedback", data={"text": "已完成初稿", "csrf_token": token})
    assert fed.status_code == 303
    later = (TODAY + timedelta(days=30)).isoformat()
    asked = reporter.post(
        f"/supervision/{code}/request-extension",
        data={"text": "需征求意见", "new_deadline": later, "csrf_token": token},
    )
    assert asked.status_code == 303
    viewed = office.get(f"/api/supervision/{code}").json()
    assert viewed["requested_deadline"] == later and viewed["actions"] == [
        "extension_approved",
        "extension_denied",
        "reminder",
        "escalation",
    ]
    approved = office.post(f"/supervision/{code}/approve", data={"new_deadline": later, "csrf_token": csrf_of(office)})
    assert approved.status_code == 303
    matter = office.get(f"/api/supervision/{code}").json()["matter"]
    assert matter["deadline"] == later and matter["urgency"] == "none"
    html = office.get(f"/supervision/{code}").text
    for label in ("交办", "反馈进展", "申请延期", "同意延期", "已完成初稿", "需征求意见"):
        assert label in html


def test_refusals_are_chinese_and_documented(seeded: Context) -> None:
    office = client_for(seeded, "ducha")
    headers = {"X-CSRF-Token": csrf_of(office)}
    bad = office.post("/api/supervision", json={"lead_unit": "nope"}, headers=headers)
    assert bad.status_code == 422
    assert [p["loc"][-1] for p in bad.json()["detail"]] == ["title", "lead_unit", "deadline"]
    shown = office.post("/supervision", data={"title": "x", "csrf_token": headers["X-CSRF-Token"]})
    assert shown.status_code == 422 and "请选择牵头单位" in shown.text and "请填写办理期限" in shown.text
    made = office.post(
        "/api/supervision", json={"title": "调研", "lead_unit": "fgj", "deadline": "2030-01-01"}, headers=headers
    )
    assert made.status_code == 201
    code = made.json()["code"]
    conflict = office.post(f"/api/supervision/{code}/approve", json={}, headers=headers)
    assert conflict.status_code == 409 and "没有待批准的申请" in conflict.json()["detail"]
    on_page = office.post(f"/supervision/{code}/approve", data={"csrf_token": headers["X-CSRF-Token"]})
    assert on_page.status_code == 409 and "没有待批准的申请" in on_page.text

    other = client_for(seeded, "other_reporter")  # unit fgj leads this matter: allowed
    other_headers = {"X-CSRF-Token": csrf_of(other)}
    assert (
        other.post(f"/api/supervision/{code}/feedback", json={"text": "进展"}, headers=other_headers).status_code == 200
    )
    reporter = client_for(seeded, "reporter")  # unit tjj is not the matter's
    refused = reporter.post(
        f"/api/supervision/{code}/feedback", json={"text": "越权"}, headers={"X-CSRF-Token": csrf_of(reporter)}
    )
    assert refused.status_code == 403 and "牵头或配合单位" in refused.json()["detail"]
    assert other.post(f"/api/supervision/{code}/remind", json={}, headers=other_headers).status_code == 403
    assert reporter.post("/api/supervision", json={}, headers={"X-CSRF-Token": csrf_of(reporter)}).status_code == 403
    empty = other.post(f"/supervision/{code}/feedback", data={"text": " ", "csrf_token": other_headers["X-CSRF-Token"]})
    assert empty.status_code == 422 and "请填写进展情况" in empty.text
    assert office.get("/supervision/none").status_code == 404
    assert office.get("/api/supervision", params={"state": "", "unit": "", "urgency": ""}).status_code == 200
    assert office.get("/api/supervision", params={"state": "bogus"}).status_code == 422
