"""The gap list (对照找差距) in a real headless Chromium: at phone width (375 px) every number keeps its label;
the column heads sort without JavaScript; the download link gives a workbook."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect

from luoshi.services.context import Context
from luoshi.services.demo import DEMO_PASSWORD
from tests.demo_db import DemoDatabases
from tests.e2e.browser import live_server, login_at

pytestmark = pytest.mark.e2e
LABELS = ["指标", "现状值", "目标值", "差距", "完成率", "序时进度", "今后需年均", "责任单位", "状态"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_databases: DemoDatabases) -> Iterator[str]:
    ctx = Context.from_url(demo_databases.copy("sqlite", True, tmp_path_factory.mktemp("gaps")), actor="e2e")
    with live_server(ctx) as url:
        yield url
    ctx.dispose()


def test_labels_stay_with_numbers_at_phone_width(browser: Browser, server: str, tmp_path: Path) -> None:
    page = login_at(browser, server, "leader", "/gaps", DEMO_PASSWORD)
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    expect(page.get_by_role("heading", name="对照找差距")).to_be_visible()
    expect(page.locator("table.gaps-table thead")).to_be_hidden()  # the heads are gone at this width ...
    rows = page.locator("table.gaps-table tbody tr")
    assert rows.count() > 3
    for index in range(min(rows.count(), 6)):
        cells = rows.nth(index).locator("td")
        assert cells.count() == len(LABELS)
        for k, label in enumerate(LABELS):
            cell = cells.nth(k)
            expect(cell).to_be_visible()
            # ... so every cell shows its own label before its number
            shown = cell.evaluate("td => getComputedStyle(td, '::before').content")
            assert shown == f'"{label}："', (index, label, shown)
            box = cell.bounding_box()
            assert box is not None and box["width"] > 100 and box["height"] > 10
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the gap list scrolls sideways by {overflow}px on a phone"
    page.screenshot(path=tmp_path / "gaps-phone.png", full_page=True)
    page.close()


def test_sorting_by_a_column_head_and_the_download(browser: Browser, server: str, tmp_path: Path) -> None:
    page = login_at(browser, server, "leader", "/gaps", DEMO_PASSWORD)
    page.get_by_role("link", name="完成率").click()
    expect(page.locator('th[aria-sort="ascending"]')).to_contain_text("完成率")
    page.get_by_role("link", name="完成率 ↑").click()
    expect(page.locator('th[aria-sort="descending"]')).to_contain_text("完成率")
    shown = page.locator('tbody td[data-label="完成率"]').all_inner_texts()
    numbers = [float(t.rstrip("%")) for t in shown if t.endswith("%")]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) > 2
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel 表格").click()
    path = tmp_path / "gaps.xlsx"
    info.value.save_as(path)
    sheet = load_workbook(path).active
    assert sheet is not None and sheet["A1"].value == "指标代码" and sheet.max_row == len(shown) + 1
    page.close()


def test_the_cockpit_gap_block_keeps_its_labels_on_a_phone(browser: Browser, server: str) -> None:
    page = login_at(browser, server, "leader", "/", DEMO_PASSWORD)
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    block = page.locator("section.gaps")
    expect(block.get_by_role("link", name="查看全部指标的差距")).to_be_visible()
    cells = block.locator("tbody tr").first.locator("td[data-label]")
    assert cells.count() == 6
    for k in range(cells.count()):
        label = cells.nth(k).get_attribute("data-label")
        shown = cells.nth(k).evaluate("td => getComputedStyle(td, '::before').content")
        assert shown == f'"{label}："'
    block.get_by_role("link", name="查看全部指标的差距").click()
    expect(page.get_by_role("heading", name="对照找差距")).to_be_visible()
    page.close()
