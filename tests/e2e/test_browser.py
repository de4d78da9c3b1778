"""End to end in a real headless Chromium: log in, read the cockpit, open an indicator and its chart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from luoshi.services.context import Context
from luoshi.services.demo import DEMO_PASSWORD
from tests.demo_db import DemoDatabases
from tests.e2e.browser import live_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_databases: DemoDatabases) -> Iterator[str]:
    ctx = Context.from_url(demo_databases.copy("sqlite", True, tmp_path_factory.mktemp("browser")), actor="e2e")
    with live_server(ctx) as url:
        yield url
    ctx.dispose()


def login(browser: Browser, server: str, name: str, width: int = 1280) -> Page:
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
    page.goto(server + "/")
    expect(page).to_have_url(server + "/login?next=/")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    return page


def test_login_cockpit_indicator_chart(browser: Browser, server: str, tmp_path: Path) -> None:
    page = login(browser, server, "leader")
    expect(page.get_by_role("heading", name="对照找差距")).to_be_visible()
    expect(page.locator(".statusbar").first).to_be_visible()
    expect(page.locator(".statusbar .seg.st-on_track").first).to_be_visible()
    expect(page.get_by_text("模拟数据").first).to_be_visible()
    # the gap list links to an indicator page with its chart
    page.get_by_role("link", name="地区生产总值").first.click()
    expect(page.get_by_role("heading", name="走势与目标")).to_be_visible()
    chart = page.locator("#chart")
    expect(chart).to_have_attribute("data-ready", "true")
    expect(chart.locator("svg path").first).to_be_attached()
    expect(page.get_by_text("2021—2025年年均增长 8.5%以上").first).to_be_visible()
    # the source link opens the page's text with the figure highlighted
    page.get_by_role("row", name="2020年 428.2 亿元").get_by_role("link", name="查看原文").click()
    expect(page.locator("mark#focus")).to_contain_text("428.2亿元")
    page.screenshot(path=tmp_path / "document.png")
    # hiding the simulated scenario leaves the real figures only
    page.goto(server + "/?sim=0")
    expect(page.get_by_role("link", name="显示模拟数据")).to_be_visible()
    assert "2021—2024年的数据为演示用的模拟情景" not in page.content()
    page.close()


def test_phone_sized_screen(browser: Browser, server: str) -> None:
    page = login(browser, server, "leader", width=390)
    expect(page.get_by_role("heading", name="目标进展")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px on a phone"
    # every navigation link is in sight: the menu wraps instead of hiding links off the right edge
    hidden = page.evaluate(
        "[...document.querySelectorAll('nav.main a')]"
        ".filter(a => a.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
        ".map(a => a.textContent)"
    )
    assert hidden == [], f"navigation links off screen on a phone: {hidden}"
    page.close()


def test_wrong_password_is_refused(browser: Browser, server: str) -> None:
    page = browser.new_page()
    page.goto(server + "/login")
    page.get_by_label("用户名").fill("leader")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_have_text("用户名或密码不正确。")
    page.close()


def test_upload_a_document_accept_a_figure_see_it_in_the_chart(browser: Browser, server: str) -> None:
    page = login(browser, server, "reviewer")
    page.get_by_role("link", name="文件与审核").click()
    page.get_by_label("或粘贴文字").fill("2021年，全区地区生产总值达到465.3亿元，比上年增长8.7%。")
    page.get_by_label("文件标题").fill("2021年经济运行快报")
    page.get_by_label("文件年份").fill("2021")
    page.get_by_role("button", name="上传并提取数据").click()
    expect(page.get_by_role("heading", name="数据审核")).to_be_visible()
    card = page.locator(".statement", has_text="465.3亿元").first
    expect(card).to_contain_text("地区生产总值")
    card.get_by_role("button", name="采用").click()  # htmx swaps the card in place
    expect(page.locator(".statement.st-accepted", has_text="465.3亿元")).to_contain_text("已采用")
    page.locator(".statement.st-accepted", has_text="465.3亿元").get_by_role("link", name="地区生产总值").last.click()
    expect(page.locator("#chart")).to_have_attribute("data-ready", "true")
    row = page.get_by_role("row", name="2021年 465.3 亿元")
    expect(row).to_be_visible()
    expect(row.get_by_role("link", name="查看原文")).to_be_visible()
    chart = page.evaluate("JSON.parse(document.getElementById('chart-data').textContent)")
    assert {"year": 2021, "value": 465.3} in chart["actual"]
    # the real 2021 figure replaces the simulated one: off the chart, struck through in the table
    assert all(p["year"] != 2021 for p in chart["simulated"])
    expect(page.locator("tr.superseded del").first).to_be_visible()
    expect(page.get_by_text("已有实际数据，模拟数据不再采用").first).to_be_visible()
    page.close()


def test_reporter_reports_its_units_task_progress_and_no_other_units(browser: Browser, server: str) -> None:
    page = login(browser, server, "reporter")  # 行政审批局填报员, unit pc-shenpi
    page.goto(server + "/units/pc-shenpi")
    row = page.locator("#task-T-SP-1")
    expect(row).not_to_contain_text("“一件事”套餐已上线42项")  # the demo's rounds reported on it before
    row.get_by_text("更新进展").click()
    form = row.get_by_role("form")
    form.get_by_label("状态").select_option(label="推进中")
    form.get_by_label("完成百分比").fill("75")
    form.get_by_label("进展情况").fill("“一件事”套餐已上线42项")
    form.get_by_role("button", name="提交进展").click()
    expect(page).to_have_url(server + "/units/pc-shenpi#task-T-SP-1")
    row = page.locator("#task-T-SP-1")
    expect(row).to_contain_text("“一件事”套餐已上线42项")
    expect(row.get_by_role("progressbar", name="完成进度")).to_have_attribute("aria-valuenow", "75")
    expect(row).to_contain_text("reporter")
    # the task page keeps the history
    row.get_by_role("link", name="推出“一件事”办理套餐", exact=False).click()
    expect(page.get_by_role("heading", name="进展记录")).to_be_visible()
    expect(page.locator(".progress-history")).to_contain_text("75%")
    # another unit's task: no form, and a request made anyway is refused
    page.goto(server + "/units/pc-kx")
    expect(page.locator("#task-T-KX-1")).to_be_visible()
    expect(page.get_by_text("更新进展")).to_have_count(0)
    status = page.evaluate(
        """async () => {
            const token = document.querySelector('meta[name="csrf-token"]').content;
            const answer = await fetch('/api/plans/pingcheng-14/tasks/T-KX-1/progress', {
                method: 'POST',
                headers: {'Content-Type': 'application/json', 'X-CSRF-Token': token},
                body: JSON.stringify({status: 'completed', percent: 100, text: ''}),
            });
            return answer.status;
        }"""
    )
    assert status == 403
    page.goto(server + "/plans/pingcheng-14/tasks/T-KX-1")
    expect(page.locator(".progress-history")).not_to_contain_text("“一件事”套餐已上线42项")
    expect(page.get_by_role("button", name="提交进展")).to_have_count(0)
    page.close()


def test_a_document_that_disagrees_with_a_stored_figure_is_marked_compared_and_decided(
    browser: Browser, server: str
) -> None:
    page = login(browser, server, "reviewer")
    page.goto(server + "/documents")
    page.get_by_label("或粘贴文字").fill("2020年，全区固定资产投资完成230.4亿元。")  # stored: 216.4 亿元
    page.get_by_label("文件标题").fill("2020年投资快报")
    page.get_by_label("文件年份").fill("2021")
    page.get_by_role("button", name="上传并提取数据").click()
    card = page.locator(".statement", has_text="230.4亿元")
    expect(card.locator(".conflict-note")).to_contain_text("数据冲突")
    expect(card.locator(".conflict-note")).to_contain_text("现有数据 216.4 亿元（规划文件）")
    review_page = page.url
    card.get_by_role("link", name="对比并裁决").click()
    conflict = page.get_by_role("region", name="数据冲突：固定资产投资 2020年")
    expect(conflict.get_by_role("article", name="现有数据")).to_contain_text("216.4 亿元")
    expect(conflict.get_by_role("article", name="现有数据")).to_contain_text("规划文件")
    expect(conflict.locator("article.side.disagrees", has_text="230.4 亿元")).to_contain_text("2020年投资快报")
    conflict.get_by_label("裁决理由（可选）").fill("以统计年报为准")
    conflict.get_by_role("button", name="保留现有数据（216.4 亿元）").click()
    expect(page.get_by_role("region", name="数据冲突：固定资产投资 2020年")).to_have_count(0)
    page.goto(review_page)
    expect(page.locator(".statement", has_text="230.4亿元")).to_contain_text("以统计年报为准")
    expect(page.locator(".statement", has_text="230.4亿元")).to_contain_text("已退回")
    page.close()


def test_api_docs_render_offline_under_the_csp(browser: Browser, server: str) -> None:
    page = login(browser, server, "leader")
    expect(page.get_by_role("heading", name="对照找差距")).to_be_visible()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    elsewhere: list[str] = []
    page.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith((server, "data:")) else None)
    page.goto(server + "/api/docs")
    expect(page.get_by_role("heading", name="接口文档")).to_be_visible()
    operation = page.locator(".opblock-summary-path", has_text="/api/plans").first
    expect(operation).to_be_visible()
    operation.click()  # an operation opens with its parameters and responses
    expect(page.locator(".opblock-body").first).to_be_visible()
    assert not errors, errors  # a CSP violation is reported on the console as an error
    assert not elsewhere, elsewhere
    page.close()
