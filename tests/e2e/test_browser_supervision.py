"""Supervision end to end in a real headless Chromium, each person logging in through the login page:
the office assigns an overdue matter, the unit feeds back and asks for more time, the office grants it,
the unit asks to close it, the office closes it, and the matter's page shows the whole trail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from luoshi.domain.account import Role
from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.services.plans import init_database
from tests.e2e.browser import live_server, login_at
from tests.web import PASSWORD, seed

pytestmark = pytest.mark.e2e

MINI = Path(__file__).parents[1] / "fixtures" / "plans" / "mini.yaml"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    ctx = Context.from_url(f"sqlite:///{tmp_path_factory.mktemp('supervision') / 'l.db'}", actor="e2e")
    init_database(ctx)
    seed(ctx, MINI)  # reporter: unit tjj; other_reporter: unit fgj
    accounts.add_user(ctx, "ducha", Role.SUPERVISOR, PASSWORD, display_name="督查室")
    with live_server(ctx) as url:
        yield url
    ctx.dispose()


def login(browser: Browser, server: str, name: str, next_path: str) -> Page:
    return login_at(browser, server, name, next_path, PASSWORD)


def test_assign_extend_and_close_a_matter(browser: Browser, server: str, tmp_path: Path) -> None:
    today = date.today()
    past, later = today - timedelta(days=3), today + timedelta(days=30)

    office = login(browser, server, "ducha", "/supervision")
    expect(office.get_by_role("heading", name="督查督办")).to_be_visible()
    assign = office.locator("#assign")
    assign.get_by_label("事项名称").fill("推进统计数据质量提升")
    assign.get_by_label("批示或决定内容").fill("区长批示：请统计局牵头抓紧落实")
    assign.get_by_label("牵头单位").select_option(label="示例区统计局")
    assign.get_by_label("办理期限").fill(past.isoformat())
    assign.get_by_role("button", name="交办").click()
    expect(office.get_by_role("heading", name="推进统计数据质量提升")).to_be_visible()
    code = office.url.rsplit("/", 1)[1]
    office.get_by_role("link", name="督查督办").first.click()
    red = office.locator("#overdue tr.overdue", has_text="推进统计数据质量提升")
    expect(red).to_contain_text("已逾期 3 天")
    assert red.evaluate("row => getComputedStyle(row.cells[0]).backgroundColor") == "rgb(253, 236, 234)"

    unit = login(browser, server, "reporter", f"/supervision/{code}")  # the reporter of 统计局
    expect(unit.locator("#matter-state")).to_contain_text("已逾期 3 天")
    unit.get_by_label("进展情况").fill("已完成数据核查方案")
    unit.get_by_role("button", name="提交反馈").click()
    expect(unit.locator("#matter-state")).to_contain_text("办理中")
    unit.get_by_label("延期至").fill(later.isoformat())
    unit.get_by_label("延期理由").fill("需等待年报数据")
    unit.get_by_role("button", name="申请延期").click()
    expect(unit.locator("#matter-state")).to_contain_text("申请延期")
    expect(unit.get_by_role("button", name="申请办结")).to_have_count(0)  # one request at a time

    office.goto(f"{server}/supervision/{code}")
    expect(office.get_by_label("同意延期至")).to_have_value(later.isoformat())  # the deadline asked for
    office.get_by_role("button", name="同意延期", exact=True).click()
    expect(office.locator("#deadline")).to_have_text(later.isoformat())
    expect(office.locator("#matter-state")).not_to_contain_text("已逾期")
    office.goto(f"{server}/supervision")
    expect(office.locator("#overdue")).to_contain_text("没有逾期事项")

    unit.reload()
    unit.get_by_label("办结说明").fill("数据质量提升工作已完成")
    unit.get_by_role("button", name="申请办结").click()
    expect(unit.locator("#matter-state")).to_contain_text("申请办结")

    office.goto(f"{server}/supervision/{code}")
    office.get_by_label("审批意见").fill("同意办结")
    office.get_by_role("button", name="同意办结", exact=True).click()
    expect(office.locator("#matter-state")).to_contain_text("已办结")
    expect(office.locator("#matter-state")).to_contain_text("按期办结")
    trail = office.locator("#trail li")
    expect(trail).to_have_count(6)
    for i, step in enumerate(["交办", "反馈进展", "申请延期", "同意延期", "申请办结", "同意办结"]):
        expect(trail.nth(i).locator("strong")).to_have_text(step)
    expect(trail.nth(1)).to_contain_text("已完成数据核查方案")
    expect(trail.nth(2)).to_contain_text("需等待年报数据")
    expect(trail.nth(3)).to_contain_text(f"期限 {past.isoformat()} → {later.isoformat()}")
    expect(trail.nth(3)).to_contain_text("ducha")
    expect(office.locator("#actions")).to_have_count(0)  # nothing more to do on a closed matter
    office.screenshot(path=tmp_path / "matter.png", full_page=True)

    other = login(browser, server, "other_reporter", f"/supervision/{code}")  # 发改局: not the matter's unit
    expect(other.get_by_role("heading", name="推进统计数据质量提升")).to_be_visible()
    expect(other.locator("#actions")).to_have_count(0)
    for page in (office, unit, other):
        page.close()
