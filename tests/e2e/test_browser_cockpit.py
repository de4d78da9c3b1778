"""The cockpit in a real headless Chromium: small multiples of the headline indicators render, units by
light, the year filter, the A4 print view; a planner edits an indicator's metadata."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from luoshi.services.context import Context
from luoshi.services.demo import DEMO_PASSWORD
from tests.demo_db import DemoDatabases
from tests.e2e.browser import live_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_databases: DemoDatabases) -> Iterator[str]:
    ctx = Context.from_url(demo_databases.copy("sqlite", True, tmp_path_factory.mktemp("cockpit")), actor="e2e")
    with live_server(ctx) as url:
        yield url
    ctx.dispose()


def login(browser: Browser, server: str, name: str, width: int = 1280) -> Page:
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
    page.goto(server + "/login")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="对照找差距")).to_be_visible()
    return page


def test_small_multiples_units_year_filter_and_print_view(browser: Browser, server: str) -> None:
    page = login(browser, server, "leader")
    expect(page.get_by_role("heading", name="主要指标走势")).to_be_visible()
    charts = page.locator("#headline .mini-chart")
    count = charts.count()
    assert count >= 4
    for i in range(count):
        expect(charts.nth(i)).to_have_attribute("data-ready", "true")
        expect(charts.nth(i).locator("svg path").first).to_be_attached()
    expect(page.locator("#headline figure", has_text="地区生产总值")).to_be_visible()
    lights = page.locator("#units table")
    expect(lights).to_be_visible()
    expect(lights.get_by_role("link", name="平城区统计局")).to_be_visible()
    expect(lights.get_by_role("columnheader", name="红灯")).to_be_visible()
    # the year filter assesses as of the end of a chosen year
    page.get_by_label("评估截至").select_option("2022")
    page.get_by_role("button", name="查看").click()
    expect(page).to_have_url(server + "/plans/pingcheng-14/cockpit?year=2022")
    expect(page.get_by_text("按2022年底的数据评估").first).to_be_visible()
    # the print view: an A4 sheet with its charts, the gap list and a footer with the data version
    page.get_by_role("link", name="打印版（A4）").click()
    expect(page).to_have_url(server + "/plans/pingcheng-14/cockpit/print?year=2022")
    expect(page.get_by_role("button", name="打印")).to_be_visible()
    expect(page.get_by_role("heading", name="对照找差距")).to_be_visible()
    printed = page.locator(".mini-chart")
    assert printed.count() == count
    expect(printed.first).to_have_attribute("data-ready", "true")
    expect(page.locator(".sheet-foot")).to_contain_text("数据版本")
    width = page.evaluate("document.querySelector('.sheet').getBoundingClientRect().width")
    assert 780 <= width <= 800, f"the sheet is {width}px wide on screen, not A4 (794px)"
    page.emulate_media(media="print")
    expect(page.locator(".print-tools")).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"the print view takes {pages} A4 pages"
    page.close()


def test_cockpit_fits_a_phone(browser: Browser, server: str) -> None:
    page = login(browser, server, "leader", width=390)
    expect(page.locator("#headline .mini-chart").first).to_have_attribute("data-ready", "true")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the cockpit scrolls sideways by {overflow}px on a phone"
    page.close()
    page = login(browser, server, "planner", width=390)
    page.goto(server + "/indicators/pingcheng-14/gdp")
    page.locator("#metadata").get_by_text("修改元数据").click()
    expect(page.locator("#metadata").get_by_label("统计口径")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the indicator page with its metadata form scrolls sideways by {overflow}px on a phone"
    page.goto(server + "/plans/pingcheng-14/cockpit/print")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the print view scrolls sideways by {overflow}px on a phone"
    page.close()


def test_a_planner_edits_an_indicators_metadata(browser: Browser, server: str) -> None:
    page = login(browser, server, "planner")
    page.goto(server + "/indicators/pingcheng-14/gdp")
    panel = page.locator("#metadata")
    expect(panel).to_contain_text("价格口径")
    panel.get_by_text("修改元数据").click()
    panel.get_by_label("统计口径").fill("全区常住单位，按行政区划")
    panel.get_by_label("价格口径").select_option(label="可比价")
    panel.get_by_role("button", name="保存元数据").click()
    expect(page).to_have_url(server + "/indicators/pingcheng-14/gdp#metadata")
    expect(page.locator("#metadata dl")).to_contain_text("全区常住单位，按行政区划")
    expect(page.locator("#metadata dl")).to_contain_text("可比价")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV 表格").click()
    assert download.value.suggested_filename == "pingcheng-14-gdp.csv"
    page.close()
