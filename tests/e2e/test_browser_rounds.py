"""A reporting round end to end in a real headless Chromium, each person logging in through the login
page: the planner opens a round; 统计局 downloads its template, fills it in a spreadsheet program and
uploads it, then submits; 发改局 reports its task's progress in the form and submits; the bureau returns
发改局's submission with a comment, 发改局 corrects and resubmits; the unit heads and the bureau approve;
approved data is locked; the planner (who manages rounds) reopens it with a reason."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
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
    ctx = Context.from_url(f"sqlite:///{tmp_path_factory.mktemp('rounds') / 'l.db'}", actor="e2e")
    init_database(ctx)
    seed(ctx, MINI)  # reporter and head: unit tjj; other_reporter: unit fgj
    accounts.add_user(ctx, "fgj-head", Role.UNIT_HEAD, PASSWORD, unit_code="fgj", display_name="发改局负责人")
    with live_server(ctx) as url:
        yield url
    ctx.dispose()


def login(browser: Browser, server: str, name: str, next_path: str) -> Page:
    return login_at(browser, server, name, next_path, PASSWORD)


def approve(browser: Browser, server: str, name: str, path: str, comment: str = "") -> None:
    page = login(browser, server, name, path)
    if comment:
        page.get_by_label("审核意见（退回时必填）").fill(comment)
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator("#approval")).to_have_count(0)
    page.close()


def test_a_round_from_opening_to_reopening(browser: Browser, server: str, tmp_path: Path) -> None:
    due = date.today() + timedelta(days=10)
    planner = login(browser, server, "planner", "/rounds")
    form = planner.locator("#open-round")
    form.get_by_label("期别").fill("2021")
    form.get_by_label("截止日期").fill(due.isoformat())
    form.get_by_role("button", name="发起").click()
    expect(planner).to_have_url(server + "/rounds/mini-2021")
    expect(planner.get_by_role("row", name="示例区统计局")).to_contain_text("未填报")
    expect(planner.get_by_role("row", name="示例区发展和改革局")).to_contain_text("未填报")

    # 统计局: the template out, filled in a spreadsheet program, back in; then submitted
    tjj_path = "/rounds/mini-2021/units/tjj"
    tjj = login(browser, server, "reporter", "/todo")
    tjj.get_by_role("link", name="2021年规划实施情况填报").first.click()
    expect(tjj).to_have_url(server + tjj_path)
    with tjj.expect_download() as download:
        tjj.locator("#template-link").click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    for row in book["指标填报"].iter_rows(min_row=2):
        row[6].value = {"gdp": 465.3, "gdp:growth": 6.1}[str(row[0].value)]
    filled = tmp_path / "统计局填报.xlsx"
    out = io.BytesIO()
    book.save(out)
    filled.write_bytes(out.getvalue())
    tjj.locator("#sheet-form input[type=file]").set_input_files(filled)
    tjj.get_by_role("button", name="上传表格").click()
    expect(tjj.locator("#uploaded")).to_contain_text("已读入 2 项数据")
    expect(tjj.get_by_label("地区生产总值", exact=True)).to_have_value("465.3")
    tjj.get_by_role("button", name="保存并提交").click()
    expect(tjj.locator("#submission-state")).to_have_text("待审核")
    expect(tjj.get_by_label("地区生产总值", exact=True)).to_have_count(0)  # submitted: no more editing

    # 发改局: task progress in the form
    fgj_path = "/rounds/mini-2021/units/fgj"
    fgj = login(browser, server, "other_reporter", fgj_path)
    fgj.get_by_label("编制现代服务业发展专项规划状态").select_option(label="推进中")
    fgj.locator("input[name^='tp:']").fill("60")
    fgj.locator("textarea[name^='tt:']").fill("完成方案编制")
    fgj.get_by_role("button", name="保存并提交").click()
    expect(fgj.locator("#submission-state")).to_have_text("待审核")

    # 发改局's head approves; the bureau returns it with a comment; corrected and resubmitted
    approve(browser, server, "fgj-head", fgj_path)
    reviewer = login(browser, server, "reviewer", "/todo")
    expect(reviewer.locator("#to-approve")).to_contain_text("示例区发展和改革局")
    reviewer.goto(server + fgj_path)
    reviewer.get_by_label("审核意见（退回时必填）").fill("请补充进展佐证")
    reviewer.get_by_role("button", name="退回").click()
    expect(reviewer.locator("#submission-state")).to_have_text("已退回")
    fgj.goto(server + "/todo")
    expect(fgj.locator("#notices")).to_contain_text("请补充进展佐证")
    fgj.goto(server + fgj_path)
    expect(fgj.locator("#submission-comment")).to_contain_text("请补充进展佐证")
    fgj.locator("textarea[name^='tt:']").fill("完成方案编制，已附会议纪要")
    fgj.get_by_role("button", name="保存并提交").click()
    expect(fgj.locator("#submission-state")).to_have_text("待审核")
    approve(browser, server, "fgj-head", fgj_path)
    approve(browser, server, "reviewer", fgj_path, "同意")

    # 统计局: its head, then the bureau; approved data is locked
    approve(browser, server, "head", tjj_path)
    approve(browser, server, "reviewer", tjj_path)
    tjj.goto(server + tjj_path)
    expect(tjj.locator("#submission-state")).to_have_text("已审核（锁定）")
    expect(tjj.locator("#submission-form input[name^='v:']")).to_have_count(0)
    planner.goto(server + "/rounds/mini-2021")
    expect(planner.get_by_role("row", name="示例区统计局")).to_contain_text("按时报送")
    expect(planner.get_by_role("row", name="示例区发展和改革局")).to_contain_text("已审核（锁定）")

    # the bureau that manages the rounds reopens it, with a reason that the trail keeps (not an administrator:
    # 三员分立 keeps them off plan data)
    planner.goto(server + tjj_path)
    planner.get_by_label("原因（必填，记入审计日志）").fill("统计局更正一季度数据")
    planner.get_by_role("button", name="重新打开").click()
    expect(planner.locator("#submission-state")).to_have_text("已重新打开")
    trail = planner.locator("#trail li")
    expect(trail).to_have_count(5)
    expect(trail.nth(4)).to_contain_text("统计局更正一季度数据")
    tjj.reload()
    expect(tjj.get_by_label("地区生产总值", exact=True)).to_have_value("465.3")  # editable again
    planner.screenshot(path=tmp_path / "submission.png", full_page=True)
    for page in (planner, tjj, fgj, reviewer):
        page.close()
