"""A key project end to end in a real headless Chromium: the unit's reporter takes a signed project through
开工, 在建, 竣工 and 投产, reporting its months on the way; a cumulative figure that does not add up is refused
in Chinese; the project page shows the whole stage timeline and the reports, the list its colour."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from luoshi.services import projects
from luoshi.services.context import Context
from luoshi.services.plans import init_database
from tests.e2e.browser import live_server, login_at
from tests.integration.test_projects import register, row
from tests.web import PASSWORD, seed

pytestmark = pytest.mark.e2e

MINI = Path(__file__).parents[1] / "fixtures" / "plans" / "mini.yaml"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    ctx = Context.from_url(f"sqlite:///{tmp_path_factory.mktemp('projects') / 'l.db'}", actor="e2e")
    init_database(ctx)
    seed(ctx, MINI)  # reporter: unit tjj
    projects.import_register(ctx, None, register(row("XM-1", unit="tjj")), "库.xlsx", on=date(2024, 1, 5))
    with live_server(ctx) as url:
        yield url
    ctx.dispose()


def move(page: Page, stage: str, on: str) -> None:
    form = page.locator("#stage-form")
    form.get_by_label("变更为").select_option(label=stage)
    form.get_by_label("日期").fill(on)
    form.get_by_role("button", name="变更阶段").click()
    expect(page.locator("#project-stage")).to_contain_text(stage)


def report(page: Page, month: str, investment: str, year: str, total: str, progress: str) -> None:
    form = page.locator("#report-form")
    form.get_by_label("月份").fill(month)
    form.get_by_label("本月完成投资（万元）").fill(investment)
    form.get_by_label("本年累计完成投资（万元）").fill(year)
    form.get_by_label("开工累计完成投资（万元）").fill(total)
    form.get_by_label("形象进度（%）").fill(progress)
    form.get_by_role("button", name="报送").click()


def test_signed_to_in_production_with_monthly_reports(browser: Browser, server: str) -> None:
    page = login_at(browser, server, "reporter", "/projects/XM-1", PASSWORD)
    expect(page.locator("#project-stage")).to_contain_text("签约")
    move(page, "开工", "2024-03-01")
    report(page, "2024-03", "3000", "3000", "3000", "10")
    expect(page.locator("#reports")).to_contain_text("3,000 万元")
    report(page, "2024-04", "2000", "4000", "5000", "20")  # 3000 + 2000 is not 4000
    expect(page.get_by_role("alert")).to_contain_text("即5000万元，实为4000万元")
    report(page, "2024-04", "2000", "5000", "5000", "20")
    move(page, "在建", "2024-04-10")
    report(page, "2024-05", "7000", "12000", "12000", "60")
    move(page, "竣工", "2024-11-30")
    move(page, "投产", "2024-12-20")
    expect(page.locator("#timeline li")).to_have_count(5)
    expect(page.locator("#timeline")).to_contain_text("2024-12-20 投产")
    expect(page.locator("#reports tbody tr")).to_have_count(3)
    expect(page.locator("#stage-form")).to_have_count(0)  # 投产 is the last stage
    expect(page.locator("#completed")).to_contain_text("1.2 亿元")
    chart = page.get_by_role("img", name="2024年月度完成投资与序时计划")  # the app's own SVG, no script
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute(
        "aria-label", "2024年月度完成投资与序时计划：年度计划1.2 亿元，截至5月累计完成1.2 亿元"
    )
    expect(page.locator("#investment-chart rect.bar:not(.key)")).to_have_count(3)
    assert (chart.bounding_box() or {}).get("width", 0) > 300

    page.get_by_role("link", name="重点项目").first.click()
    expect(page.get_by_role("heading", name="重点项目", exact=True)).to_be_visible()
    expect(page.locator("#by-stage")).to_contain_text("投产")
    expect(page.locator("tr.project-blue", has_text="XM-1")).to_have_count(1)
