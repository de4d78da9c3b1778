"""The indicator page and the cockpit on the demo: the no-target words and change, no projection line
without a target, and a simulated figure struck through once a real figure of its period is entered."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from luoshi.services.context import Context
from luoshi.services.demo import DEMO_PASSWORD
from tests.web import client_for, csrf_from

pytestmark = pytest.mark.integration

TARGET_WORDS = {"进度正常", "需加快进度", "进展缓慢", "已达目标"}


def login(ctx: Context, name: str) -> TestClient:
    return client_for(ctx, name, DEMO_PASSWORD)


@pytest.fixture
def demo(demo_ctx: Context) -> Context:
    return demo_ctx


def test_no_target_pages_use_their_own_words_and_draw_no_projection(demo: Context) -> None:
    leader = login(demo, "leader")
    indicators = leader.get("/api/plans/pingcheng-14/progress").json()["indicators"]
    untargeted = [i for i in indicators if not i["targeted"] and i["status"] != "insufficient_data"]
    assert untargeted
    assert not {i["status_label"] for i in untargeted} & TARGET_WORDS
    assert all(i["status_label"] != "进度正常" for i in indicators if not i["targeted"])
    small = next(i for i in untargeted if i["observed_rate"] is None and i["change_text"])
    page = leader.get(f"/indicators/pingcheng-14/{small['code']}").text
    assert small["change_text"] in page and small["status_label"] in page and "无量化目标" in page
    data = leader.get(f"/api/indicators/pingcheng-14/{small['code']}").json()
    assert data["chart"]["projection"] == [] and data["chart"]["target_path"] == []
    targeted = leader.get("/api/indicators/pingcheng-14/gdp").json()
    assert targeted["progress"]["targeted"] and targeted["chart"]["projection"]


def test_a_real_figure_strikes_the_simulated_one_through(demo: Context) -> None:
    planner = login(demo, "planner")
    before = planner.get("/api/indicators/pingcheng-14/gdp").json()
    simulated = next(o for o in before["observations"] if o["simulated"] and o["period"] == "2021")
    assert simulated["superseded"] is False and "<del>" not in planner.get("/indicators/pingcheng-14/gdp").text
    token = csrf_from(planner.get("/indicators/pingcheng-14/gdp").text)
    form = {"period": "2021", "value": "455.5", "status": "preliminary", "note": "统计局月报", "csrf_token": token}
    assert planner.post("/indicators/pingcheng-14/gdp/observations", data=form).status_code in (200, 303)
    after = planner.get("/api/indicators/pingcheng-14/gdp").json()
    struck = [o for o in after["observations"] if o["period"] == "2021" and o["simulated"]]
    assert struck and all(o["superseded"] for o in struck)
    assert not any(o["superseded"] for o in after["observations"] if not o["simulated"])
    # the chart draws the real 2021 only; the cockpit's newest figures carry no replaced simulated one
    assert 2021 in [p["year"] for p in after["chart"]["actual"]]
    assert 2021 not in [p["year"] for p in after["chart"]["simulated"]]
    latest = planner.get("/api/plans/pingcheng-14/cockpit").json()["latest"]
    assert not any(f["indicator_code"] == "gdp" and f["period"] == "2021" and f["simulated"] for f in latest)
    html = planner.get("/indicators/pingcheng-14/gdp").text
    row = re.search(r"<del>([^<]*)</del>", html)
    assert row is not None and row[1] == simulated["text"]
    assert "已有实际数据，模拟数据不再采用" in html
