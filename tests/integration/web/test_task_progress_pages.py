"""Reporting a task's progress from the unit page (a form with CSRF) and the JSON API; the task page."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.services.context import Context
from tests.web import client_for, csrf_from, csrf_of, seed

pytestmark = pytest.mark.integration

FORM = 'action="/plans/mini/tasks/T1/progress'


@pytest.fixture
def seeded(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    return ctx


def test_the_lead_units_reporter_reports_from_the_unit_page(seeded: Context) -> None:
    lead = client_for(seeded, "other_reporter")  # fgj leads T1
    page = lead.get("/units/fgj")
    assert page.status_code == 200 and FORM in page.text and "尚未报告" in page.text
    sent = lead.post(
        "/plans/mini/tasks/T1/progress?back=/units/fgj%23task-T1",
        data={"csrf_token": csrf_from(page.text), "status": "in_progress", "percent": "60", "text": "征求意见稿已形成"},
    )
    assert sent.status_code == 303 and sent.headers["location"] == "/units/fgj#task-T1"
    after = lead.get("/units/fgj").text
    assert "征求意见稿已形成" in after and 'aria-valuenow="60"' in after and "other_reporter" in after
    task = lead.get("/api/units/fgj").json()["tasks"][0]
    assert task["progress"]["percent"] == 60 and task["lead_unit_code"] == "fgj"
    history = lead.get("/plans/mini/tasks/T1")
    assert history.status_code == 200 and "征求意见稿已形成" in history.text and FORM in history.text
    # the form without its CSRF token is refused
    assert lead.post("/plans/mini/tasks/T1/progress", data={"status": "completed", "percent": "100"}).status_code == 403


def test_a_co_operating_units_reporter_sees_no_form_and_is_refused(seeded: Context) -> None:
    support = client_for(seeded, "reporter")  # tjj only co-operates on T1
    page = support.get("/units/tjj")
    assert page.status_code == 200 and "编制现代服务业发展专项规划" in page.text and FORM not in page.text
    assert FORM not in support.get("/plans/mini/tasks/T1").text
    refused = support.post(
        "/api/plans/mini/tasks/T1/progress",
        json={"status": "in_progress", "percent": 10, "text": ""},
        headers={"X-CSRF-Token": csrf_of(support)},
    )
    assert refused.status_code == 403
    form = support.post(
        "/plans/mini/tasks/T1/progress",
        data={"csrf_token": csrf_from(page.text), "status": "in_progress", "percent": "10"},
    )
    assert form.status_code == 403
    assert support.get("/api/plans/mini/tasks/T1/progress").json()["reports"] == []


def test_the_json_api_reports_and_refuses_bad_reports(seeded: Context) -> None:
    lead = client_for(seeded, "other_reporter")
    headers = {"X-CSRF-Token": csrf_of(lead)}
    done = lead.post(
        "/api/plans/mini/tasks/T1/progress",
        json={"status": "completed", "percent": 100, "text": "已印发"},
        headers=headers,
    )
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["status_changed"] is True and body["version"] > 0 and body["report"]["status_label"] == "已完成"
    short = lead.post("/api/plans/mini/tasks/T1/progress", json={"status": "completed", "percent": 90}, headers=headers)
    assert short.status_code == 422 and short.json()["detail"][0]["loc"] == ["body", "percent"]
    too_much = lead.post(
        "/api/plans/mini/tasks/T1/progress", json={"status": "in_progress", "percent": 101}, headers=headers
    )
    assert too_much.status_code == 422
    history = lead.get("/api/plans/mini/tasks/T1/progress").json()
    assert [r["text"] for r in history["reports"]] == ["已印发"] and history["status"] == "completed"
    assert lead.get("/api/plans/mini/tasks/nope/progress").status_code == 404
