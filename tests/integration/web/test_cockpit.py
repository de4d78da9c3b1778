"""The cockpit, the indicator page and the document page on the demo plan with its simulated scenario."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from luoshi.services.context import Context
from luoshi.services.demo import DEMO_PASSWORD
from luoshi.web.app import create_app
from tests.web import client_for

pytestmark = pytest.mark.integration


def login(ctx: Context, name: str) -> TestClient:
    return client_for(ctx, name, DEMO_PASSWORD)


@pytest.fixture
def demo(demo_ctx: Context) -> Context:
    return demo_ctx


def test_cockpit_shows_statuses_gaps_and_warnings(demo: Context) -> None:
    leader = login(demo, "leader")
    page = leader.get("/")
    assert page.status_code == 200
    html = page.text
    for words in (
        "驾驶舱",
        "对照找差距",
        "最新数据",
        "逾期任务",
        "数据核查",
        "模拟数据",
        "加快建设“四区”",
        "今后需年均",
    ):
        assert words in html, words
    data = leader.get("/api/plans/pingcheng-14/cockpit").json()
    assert set(data["plan"]["counts"]) == set(data["status_order"])
    assert all(v > 0 for v in data["plan"]["counts"].values())  # every status occurs in the demo
    assert data["gaps"] and data["gaps"][0]["needed_rate"] is not None
    assert any("不一致" in w["message"] for w in data["warnings"])
    assert any("舍入误差内" in w["message"] and not w["simulated"] for w in data["warnings"])
    assert not any("口径不同" in w["message"] for w in data["warnings"])  # a basis difference is no finding
    # the switch hides the simulated scenario for this session
    hidden = leader.get("/api/plans/pingcheng-14/cockpit", params={"sim": 0}).json()
    assert hidden["include_simulated"] is False and set(hidden["plan"]["counts"]) == set(data["status_order"])
    assert hidden["plan"]["counts"]["insufficient_data"] == hidden["plan"]["total"]
    assert "显示模拟数据" in leader.get("/").text
    progress = leader.get("/api/plans/pingcheng-14/progress", params={"sim": 1}).json()
    assert {i["status"] for i in progress["indicators"]} >= {"on_track", "deterioration", "target_achieved"}
    audit = leader.get("/api/plans/pingcheng-14/audit").json()
    verdicts = {c["verdict"] for c in audit["claims"]}
    assert verdicts == {"consistent", "within_rounding", "inconsistent", "basis_differs"}  # GDP is 可比价


def test_indicator_page_and_source_link(demo: Context) -> None:
    leader = login(demo, "leader")
    page = leader.get("/indicators/pingcheng-14/gdp")
    assert page.status_code == 200
    assert 'id="chart-data"' in page.text and "/static/vendor/echarts.min.js" in page.text
    data = leader.get("/api/indicators/pingcheng-14/gdp").json()
    assert data["progress"]["required_rate"] == pytest.approx(0.085)
    assert [p["year"] for p in data["chart"]["actual"]] == [2018, 2020]
    assert data["chart"]["target_path"][0]["year"] == 2020 and data["chart"]["target_path"][-1]["year"] == 2025
    real = next(o for o in data["observations"] if o["period"] == "2020")
    assert real["text"] == "428.2 亿元" and real["document_code"] == "seed-001"
    doc = leader.get(f"/documents/seed-001?start={real['span_start']}&end={real['span_end']}")
    assert doc.status_code == 200 and 'id="focus"' in doc.text
    focus = doc.text.split('id="focus"', 1)[1].split("</mark>", 1)[0]
    assert "428.2亿元" in focus
    twin = leader.get("/api/documents/seed-001").json()
    assert "".join(s["text"] for s in twin["segments"]) == twin["text"]
    assert leader.get("/documents/seed-001?start=5&end=99999999").status_code == 404
    assert leader.get("/indicators/pingcheng-14/nope").status_code == 404
    # the reporter of 行政审批局 sees the entry form on its own indicator, not on GDP
    reporter = login(demo, "reporter")
    assert "填报数据" not in reporter.get("/indicators/pingcheng-14/gdp").text
    own = next(
        i["code"]
        for i in reporter.get("/api/plans/pingcheng-14/progress").json()["indicators"]
        if i["owner_unit_code"] == "pc-shenpi"
    )
    assert "填报数据" in reporter.get(f"/indicators/pingcheng-14/{own}").text


def test_unit_page_shows_how_its_indicators_stand(demo: Context) -> None:
    leader = login(demo, "leader")
    unit = leader.get("/api/units/pc-shenpi").json()
    assert unit["indicators"] and all(i["status_label"] for i in unit["indicators"])
    assert "pingcheng-14" in unit["summaries"]
    assert "状态" in leader.get("/units/pc-shenpi").text


def test_public_page_only_when_turned_on(demo: Context) -> None:
    closed = TestClient(create_app(demo), follow_redirects=False)
    assert closed.get("/public").status_code == 404
    assert closed.get("/api/public/indicators").status_code == 404
    open_ = TestClient(create_app(demo, public_view=True), follow_redirects=False)
    data = open_.get("/api/public/indicators").json()
    assert data["indicators"] and {i["code"] for i in data["indicators"]} >= {"gdp"}
    assert all(i["status"] == "insufficient_data" for i in data["indicators"])  # real figures only
    page = open_.get("/public")
    assert page.status_code == 200 and "实施情况公开" in page.text and "模拟数据" not in page.text
    assert "owner" not in str(data)
