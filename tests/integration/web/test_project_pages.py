"""The key-project pages and their JSON twins: the list with filters and colours, a project's page, the stage
and report forms with CSRF, reporters limited to their unit, viewers reading only, refusals in Chinese."""

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
    rows = (row("XM-1", unit="tjj"), row("XM-2", unit="fgj", 项目阶段="谋划储备", 项目类别="民生"))
    svc.import_register(ctx, None, register(*rows), "库.xlsx", on=date(2024, 1, 5))
    return ctx


def test_list_filters_and_colours(seeded: Context) -> None:
    viewer = client_for(seeded, "viewer")
    page = viewer.get("/projects?month=2024-06")
    assert page.status_code == 200 and "重点项目" in page.text and "滞后项目" in page.text
    assert 'class="project-red"' in page.text  # XM-2: planned start passed, not started
    assert '<a href="/projects">重点项目</a>' in viewer.get("/").text or "/projects" in viewer.get("/").text
    listed = viewer.get("/api/projects?month=2024-06&category=livelihood").json()
    assert [p["code"] for p in listed["list"]["projects"]] == ["XM-2"] and listed["list"]["total"] == 2
    assert {p["code"] for p in listed["lagging"]["projects"]} == {"XM-1", "XM-2"}
    assert viewer.get("/api/projects/portfolio?month=2024-06").json()["planned"] == 24000
    assert viewer.get("/api/projects?month=2024-13").status_code == 422
    download = viewer.get("/projects/register.xlsx")
    assert download.status_code == 200 and download.content[:2] == b"PK"


def test_stage_and_monthly_report_through_the_forms(seeded: Context) -> None:
    reporter = client_for(seeded, "reporter")  # unit tjj: owns XM-1
    token = csrf_of(reporter)
    assert reporter.post("/projects/XM-1/stage", data={"stage": "started", "on": "2024-03-01"}).status_code == 403
    moved = reporter.post("/projects/XM-1/stage", data={"stage": "started", "on": "2024-03-01", "csrf_token": token})
    assert moved.status_code == 303
    form = {"month": "2024-03", "investment": "1,000", "cumulative_year": "1000", "cumulative_total": "1000"}
    made = reporter.post("/projects/XM-1/reports", data={**form, "progress_percent": "", "csrf_token": token})
    assert made.status_code == 303, made.text
    bad = {**form, "month": "2024-04", "cumulative_year": "900", "cumulative_total": "1000", "investment": "0"}
    refused = reporter.post("/projects/XM-1/reports", data={**bad, "csrf_token": token})
    assert refused.status_code == 422 and "即1000万元，实为900万元" in refused.text
    page = reporter.get("/api/projects/XM-1?month=2024-03").json()
    assert [s["label"] for s in page["timeline"]] == ["签约", "开工"] and page["project"][
        "actual_start"
    ] == "2024-03-01"
    assert [r["cumulative_year"] for r in page["reports"]] == [1000] and page["next_month"] == "2024-04"
    html = reporter.get("/projects/XM-1").text
    assert "报送月报" in html and "1,000 万元" in html
    # another unit's project: no forms, and the writes are refused
    assert "报送月报" not in reporter.get("/projects/XM-2").text
    other = reporter.post("/api/projects/XM-2/reports", json={**form, "code": "XM-2"}, headers={"X-CSRF-Token": token})
    assert other.status_code == 403


def test_viewers_read_only(seeded: Context) -> None:
    viewer = client_for(seeded, "viewer")
    assert "变更阶段" not in viewer.get("/projects/XM-1").text
    token = csrf_of(viewer)
    assert (
        viewer.post(
            "/projects/XM-1/stage", data={"stage": "started", "on": "2024-03-01", "csrf_token": token}
        ).status_code
        == 403
    )
    assert viewer.get("/api/projects/NOPE").status_code == 404


def test_the_office_raises_a_lagging_project_as_a_matter_with_one_click(seeded: Context) -> None:
    office = client_for(seeded, "supervisor")
    page = office.get("/projects?month=2024-06")
    assert "转督办" in page.text
    assert "转督办" not in client_for(seeded, "viewer").get("/projects?month=2024-06").text
    made = office.post("/projects/XM-2/matter?month=2024-06", data={"csrf_token": csrf_of(office)})
    assert made.status_code == 303
    matter = office.get(made.headers["location"].replace("/supervision/", "/api/supervision/")).json()["matter"]
    assert matter["lead_unit"]["code"] == "fgj" and "计划开工日期已过仍未开工" in matter["source_text"]
    reporter = client_for(seeded, "reporter")
    assert reporter.post("/api/projects/XM-1/matter", headers={"X-CSRF-Token": csrf_of(reporter)}).status_code == 403


def test_the_project_page_draws_its_year_as_an_inline_svg_chart(seeded: Context) -> None:
    reporter = client_for(seeded, "reporter")  # unit tjj: owns XM-1, plan 1.2 亿元 in 2024
    token = csrf_of(reporter)
    reporter.post("/projects/XM-1/stage", data={"stage": "started", "on": "2024-02-01", "csrf_token": token})
    for month, amount, total in (("2024-02", "800", "800"), ("2024-03", "1,200", "2000"), ("2024-05", "1000", "3000")):
        form = {"month": month, "investment": amount, "cumulative_year": total, "cumulative_total": total}
        assert reporter.post("/projects/XM-1/reports", data={**form, "csrf_token": token}).status_code == 303
    page = reporter.get("/projects/XM-1?month=2024-05").text
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and "截至5月累计完成3,000 万元" in svg and "年度计划1.2 亿元" in svg
    assert svg.count('<rect class="bar"') == 3 and svg.count('<circle class="dot"') == 3  # April not reported
    assert "<script" not in page[page.index('id="investment-chart"') :] and "cdn" not in page.lower()
    chart = reporter.get("/api/projects/XM-1?month=2024-05").json()["chart"]
    assert chart["year"] == 2024 and chart["planned"] == 12000
    assert [m["cumulative"] for m in chart["months"][:6]] == [None, 800, 2000, None, 3000, None]
    assert chart["months"][5]["planned_to_date"] == 6000
