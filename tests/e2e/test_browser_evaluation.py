"""The evaluation report downloaded from the cockpit in a real headless Chromium: the Word and Excel links
give files that python-docx and openpyxl open, for the year the cockpit is assessed as of."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import Browser, expect

from luoshi.services.context import Context
from tests.demo_db import DemoDatabases
from tests.e2e.browser import live_server
from tests.e2e.test_browser_cockpit import login

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_databases: DemoDatabases) -> Iterator[str]:
    ctx = Context.from_url(demo_databases.copy("sqlite", True, tmp_path_factory.mktemp("evaluation")), actor="e2e")
    with live_server(ctx) as url:
        yield url
    ctx.dispose()


def test_the_cockpit_downloads_the_evaluation_report(browser: Browser, server: str, tmp_path: Path) -> None:
    page = login(browser, server, "leader")
    page.get_by_label("评估截至").select_option("2022")
    page.get_by_role("button", name="查看").click()
    expect(page).to_have_url(server + "/plans/pingcheng-14/cockpit?year=2022")
    with page.expect_download() as word:
        page.get_by_role("link", name="（Word）").click()
    assert word.value.suggested_filename.endswith("2022年年度监测报告.docx")
    saved = tmp_path / "report.docx"
    word.value.save_as(saved)
    doc = Document(str(saved))
    assert "截至2022年底" in doc.paragraphs[1].text and "模拟" in doc.paragraphs[2].text
    with page.expect_download() as excel:
        page.get_by_role("link", name="（Excel）").click()
    saved = tmp_path / "report.xlsx"
    excel.value.save_as(saved)
    headers = [c.value for c in load_workbook(saved)["指标"][1]]
    assert "2022年" in headers and "2023年" not in headers
    page.close()
