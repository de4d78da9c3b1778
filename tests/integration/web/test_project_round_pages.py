"""A month's round that asks for the key projects' reports, through the web forms (SQLite and PostgreSQL):
the planner ticks the box on /rounds; the round page counts each unit's project reports; the unit's page
lists its projects with a link to each report form and refuses the submission until they are in; the
report made on the project page records the round; a closed round's month is refused in Chinese."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from luoshi.services import projects as svc
from luoshi.services.context import Context
from tests.integration.test_projects import register, row
from tests.web import client_for, csrf_of, seed

pytestmark = pytest.mark.integration


@pytest.fixture
def seeded(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    rows = (row("XM-1", unit="tjj", 项目阶段="在建", 实际开工日期="2023-06-01"), row("XM-2", unit="fgj"))
    svc.import_register(ctx, None, register(*rows), "库.xlsx", on=date(2024, 1, 5))
    return ctx


def test_project_reports_through_a_round(seeded: Context) -> None:
    planner = client_for(seeded, "planner")
    assert 'name="projects"' in planner.get("/rounds").text
    opened = planner.post(
        "/rounds",
        data={
            "plan": "mini",
            "period": "2024M03",
            "due": "2099-01-31",
            "approval_levels": "1",
            "projects": "true",
            "csrf_token": csrf_of(planner),
        },
    )
    assert opened.status_code == 303 and opened.headers["location"] == "/rounds/mini-2024M03"
    overview = planner.get("/rounds/mini-2024M03").text
    assert "本轮要求报送 2024-03 重点项目月报：应报项目 1 个，已报 0 个" in overview
    assert "<th>项目月报</th>" in overview and "0/1" in overview
    assert planner.get("/api/rounds/mini-2024M03").json()["projects_owed"] == 1

    reporter = client_for(seeded, "reporter")  # unit tjj: owns XM-1
    token = csrf_of(reporter)
    unit_page = reporter.get("/rounds/mini-2024M03/units/tjj").text
    assert "重点项目月报（2024-03）" in unit_page and 'href="/projects/XM-1#report-form"' in unit_page
    values = {"v:gdp": "465.3", "v:gdp:growth": "6.1", "csrf_token": token}
    refused = reporter.post("/rounds/mini-2024M03/units/tjj", data={**values, "action": "submit"})
    assert refused.status_code == 422 and "重点项目“项目XM-1”（XM-1）尚未报送2024-03月报" in refused.text

    form = {"month": "2024-03", "investment": "100", "cumulative_year": "100", "cumulative_total": "100"}
    made = reporter.post("/projects/XM-1/reports", data={**form, "csrf_token": token})
    assert made.status_code == 303, made.text
    assert reporter.get("/api/projects/XM-1").json()["reports"][0]["round_code"] == "mini-2024M03"
    assert 'href="/rounds/mini-2024M03"' in reporter.get("/projects/XM-1").text
    submitted = reporter.post("/rounds/mini-2024M03/units/tjj", data={**values, "action": "submit"})
    assert submitted.status_code == 303, submitted.text
    assert "1/1" in planner.get("/rounds/mini-2024M03").text

    closed = planner.post("/rounds/mini-2024M03/close", data={"csrf_token": csrf_of(planner)})
    assert closed.status_code == 303
    april = {"month": "2024-04", "investment": "50", "cumulative_year": "150", "cumulative_total": "150"}
    outside = reporter.post("/projects/XM-1/reports", data={**april, "csrf_token": token})  # no round for April
    assert outside.status_code == 303, outside.text
    assert reporter.get("/api/projects/XM-1").json()["reports"][1]["round_code"] is None
    other = client_for(seeded, "other_reporter")  # fgj owes a submission in the round (its indicators)
    late = other.post("/projects/XM-2/reports", data={**form, "csrf_token": csrf_of(other)})
    assert late.status_code == 422 and "2024年3月的填报轮次" in late.text
    assert "已关闭，不能再报送该月的重点项目月报" in late.text


def test_a_quarter_round_may_not_ask_for_projects(seeded: Context) -> None:
    planner = client_for(seeded, "planner")
    refused = planner.post(
        "/rounds",
        data={
            "plan": "mini",
            "period": "2024Q1",
            "due": "2099-01-31",
            "projects": "true",
            "csrf_token": csrf_of(planner),
        },
    )
    assert refused.status_code == 422 and "只有月度轮次" in refused.text
