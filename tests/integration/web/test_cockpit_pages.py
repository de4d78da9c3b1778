"""The cockpit's year filter, headline charts, units by light and print view; the indicator page's metadata
panel (edited by planners only, audited) and its downloads, through the web app."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from luoshi.services.audit import AuditFilter, audit_page
from luoshi.services.context import Context
from tests.web import client_for, csrf_of, seed

pytestmark = pytest.mark.integration

FORM = {
    "description": "常住单位生产活动的最终成果",
    "scope": "全区",
    "data_source": "区统计局统计年鉴",
    "frequency": "quarterly",
    "price_basis": "comparable",
    "owner_unit_code": "fgj",
}


@pytest.fixture
def seeded(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    return ctx


def _edits(ctx: Context) -> list[str]:
    return [e.actor for e in audit_page(ctx, AuditFilter(object_type="indicator", key="mini/gdp")).items]


def test_the_cockpit_shows_headline_charts_units_and_the_year_filter(seeded: Context) -> None:
    viewer = client_for(seeded, "viewer")
    page = viewer.get("/plans/mini/cockpit")
    assert page.status_code == 200
    html = page.text
    for words in (
        "主要指标走势",
        "责任单位红黄绿灯",
        "评估截至",
        "打印版（A4）",
        "/static/cockpit.js",
        'href="/units/tjj"',
    ):
        assert words in html, words
    assert html.count('class="mini-chart"') == 3 and '<span class="light-word">红灯 </span>0' in html
    earlier = viewer.get("/plans/mini/cockpit", params={"year": 2020})
    assert earlier.status_code == 200 and "按2020年底的数据评估" in earlier.text
    assert '<option value="2020" selected>' in earlier.text
    data = viewer.get("/api/plans/mini/cockpit", params={"year": 2020}).json()
    assert data["year"] == 2020 and [h["code"] for h in data["headline"]] == ["unemployment", "gdp", "hightech"]
    assert {u["code"] for u in data["units"]} >= {"tjj"}
    assert viewer.get("/plans/mini/cockpit", params={"year": 1800}).status_code == 422
    assert viewer.get("/api/plans/mini/cockpit", params={"year": "abc"}).status_code == 422


def test_the_print_view_fits_a_meeting(seeded: Context) -> None:
    leader = client_for(seeded, "viewer")
    page = leader.get("/plans/mini/cockpit/print", params={"year": 2020})
    assert page.status_code == 200
    html = page.text
    version = leader.get("/api/plans/mini/cockpit").json()["data_version"]
    for words in (
        'id="print-button"',
        "/static/print.css",
        "实施进展简报",
        "按2020年底的数据评估",
        "主要指标",
        "对照找差距",
        "责任单位红黄绿灯",
        f"数据版本 {version}",
        "打印日期",
        "城镇登记失业率",
    ):
        assert words in html, words
    assert html.count('class="mini-chart"') == 3
    css = leader.get("/static/print.css").text
    assert "size: A4" in css
    assert client_for(seeded, None).get("/plans/mini/cockpit/print").status_code == 303


def test_the_metadata_panel_and_who_may_edit_it(seeded: Context) -> None:
    viewer = client_for(seeded, "viewer")
    page = viewer.get("/indicators/mini/gdp").text
    assert "指标元数据" in page and "统计口径" in page and "价格口径" in page and "不适用" in page
    assert "保存元数据" not in page
    for name in ("viewer", "reporter", "reviewer", "supervisor"):
        client = client_for(seeded, name)
        token = csrf_of(client)
        assert client.post("/indicators/mini/gdp/metadata", data={**FORM, "csrf_token": token}).status_code == 403
        refused = client.post("/api/indicators/mini/gdp/metadata", json=FORM, headers={"X-CSRF-Token": token})
        assert refused.status_code == 403, name
    assert "planner" not in _edits(seeded)

    planner = client_for(seeded, "planner")
    assert "保存元数据" in planner.get("/indicators/mini/gdp").text
    token = csrf_of(planner)
    saved = planner.post("/indicators/mini/gdp/metadata", data={**FORM, "csrf_token": token})
    assert saved.status_code == 303 and saved.headers["location"] == "/indicators/mini/gdp#metadata"
    after = planner.get("/indicators/mini/gdp").text
    assert "区统计局统计年鉴" in after and "季度" in after and "可比价" in after
    assert 'href="/units/fgj">示例区发展和改革局' in after
    assert _edits(seeded).count("planner") == 1
    twin = planner.post(
        "/api/indicators/mini/gdp/metadata", json={**FORM, "scope": "全区（含园区）"}, headers={"X-CSRF-Token": token}
    )
    assert twin.status_code == 200 and twin.json()["changed"] is True
    assert _edits(seeded).count("planner") == 2
    bad = planner.post("/indicators/mini/gdp/metadata", data={**FORM, "frequency": "weekly", "csrf_token": token})
    assert bad.status_code == 422
    missing = planner.post(
        "/indicators/mini/gdp/metadata", data={**FORM, "owner_unit_code": "nope", "csrf_token": token}
    )
    assert missing.status_code == 422
    assert planner.post("/indicators/mini/gdp/metadata", data=FORM).status_code == 403  # no CSRF token


def test_downloads_of_an_indicators_data(seeded: Context) -> None:
    viewer = client_for(seeded, "viewer")
    page = viewer.get("/indicators/mini/gdp").text
    for fmt in ("csv", "xlsx", "json"):
        assert f'href="/indicators/mini/gdp/data?format={fmt}"' in page
    csv_file = viewer.get("/indicators/mini/gdp/data", params={"format": "csv"})
    assert csv_file.status_code == 200 and csv_file.headers["content-type"].startswith("text/csv")
    assert 'filename="mini-gdp.csv"' in csv_file.headers["content-disposition"]
    assert csv_file.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["类别", "指标代码", "指标名称"] and "情景" in rows[0] and "原文摘录" in rows[0]
    assert len(rows) == 1 + 3 + 1  # three figures and one target
    book = load_workbook(io.BytesIO(viewer.get("/indicators/mini/gdp/data", params={"format": "xlsx"}).content))
    assert book["数据"].max_row == len(rows)
    data = json.loads(viewer.get("/indicators/mini/gdp/data", params={"format": "json"}).content)
    assert data["indicator"]["code"] == "gdp" and len(data["records"]) == 4
    assert viewer.get("/indicators/mini/gdp/data").headers["content-type"].startswith("text/csv")
    assert viewer.get("/indicators/mini/gdp/data", params={"format": "pdf"}).status_code == 422
    assert viewer.get("/indicators/mini/nope/data").status_code == 404
    assert client_for(seeded, None).get("/indicators/mini/gdp/data").status_code == 303
