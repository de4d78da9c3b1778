"""The indicator page shows the price basis (价格口径), the note of a fallback on levels, and 口径不同."""

from __future__ import annotations

import pytest

from luoshi.services.context import Context
from tests.conftest import FIXTURES
from tests.web import client_for, seed

pytestmark = pytest.mark.integration


def test_indicator_pages_show_the_price_basis(ctx: Context) -> None:
    seed(ctx, FIXTURES / "plans" / "pricebasis.yaml")
    viewer = client_for(ctx, "viewer")
    gdp = viewer.get("/indicators/pb/gdp").text
    assert '<span class="badge basis" title="增长目标按可比价增速判断">可比价</span>' in gdp
    assert "按可比价计算：2020—2023年逐年增速连乘" in gdp
    assert "<strong>口径不同</strong>" in gdp and "不能直接相互核对" in gdp
    revenue = viewer.get("/indicators/pb/revenue").text
    assert "注：部分年份无可比价增速，按现价水平推算" in revenue and "current-price" not in revenue
    fai = viewer.get("/indicators/pb/fai").text
    assert '<span class="badge basis" title="价格口径">现价</span>' in fai
    assert "<strong>一致</strong>" in fai and "口径不同" not in fai and "按可比价计算" not in fai
    api = viewer.get("/api/indicators/pb/gdp").json()
    assert api["progress"]["judged_from_rates"] is True and api["progress"]["price_basis"] == "comparable"
    # the chart draws the levels at 2020 prices the status was judged on, next to the published ones
    comparable = {p["year"]: p["value"] for p in api["chart"]["comparable"]}
    assert comparable[2020] == pytest.approx(400.0) and comparable[2023] == pytest.approx(450.0)
    assert {p["year"]: p["value"] for p in api["chart"]["actual"]}[2023] == pytest.approx(490.02)
    assert viewer.get("/api/indicators/pb/fai").json()["chart"]["comparable"] == []
