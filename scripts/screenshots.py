"""Take the README's screenshots of the main pages (docs/screenshots/*.png) in Debian's Chromium.

    .venv/bin/python scripts/screenshots.py

Builds a fresh demo database in a temporary folder (the Pingcheng plan with its simulated scenario),
serves it on a free loopback port, logs in as the demo accounts and saves each page at 1280 px wide
and the cockpit also at a phone's 390 px.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from luoshi.services.context import Context  # noqa: E402
from luoshi.services.demo import DEMO_PASSWORD, load_demo  # noqa: E402
from luoshi.services.plans import init_database  # noqa: E402
from luoshi.services.review import ingest_text  # noqa: E402
from tests.e2e.browser import CHROMIUM_ARGS, live_server  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SEED = ROOT / "src" / "luoshi" / "data" / "pingcheng" / "sources" / "001_9210089917e0ccd1.txt"


def login(page: Page, base: str, name: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("networkidle")


def shot(page: Page, base: str, path: str, name: str, *, full: bool = True) -> None:
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)
    page.screenshot(path=OUT / f"{name}.png", full_page=full)
    print(f"docs/screenshots/{name}.png")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = Context.from_url(f"sqlite:///{Path(tmp) / 'demo.db'}", actor="screenshots")
        init_database(ctx)
        load_demo(ctx)
        report = (
            "2021年，全区地区生产总值达到465.3亿元，比上年增长8.7%；"
            "固定资产投资完成238.1亿元，一般公共预算收入完成10.2亿元。"
        )
        ingest_text(ctx, "reviewer", report, "2021年经济运行快报.txt", doc_year=2021, title="2021年经济运行快报")
        with live_server(ctx) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            shot(page, base, "/login", "login", full=False)
            login(page, base, "reviewer")
            shot(page, base, "/", "cockpit")
            shot(page, base, "/indicators/pingcheng-14/gdp", "indicator")
            shot(page, base, "/gaps/pingcheng-14", "gaps", full=False)
            shot(page, base, "/plans/pingcheng-14/cockpit/print", "cockpit-print", full=False)
            shot(page, base, "/plans/pingcheng-14", "plan-tree", full=False)
            shot(page, base, "/units/pc-shenpi", "unit")
            page.goto(base + "/documents")
            page.get_by_role("link", name="数据审核").first.click()
            page.wait_for_load_state("networkidle")
            review_url = page.url.removeprefix(base)
            shot(page, base, review_url, "review", full=False)
            shot(page, base, "/documents/seed-001?start=338&end=345#focus", "document", full=False)
            shot(page, base, "/audit", "audit-log", full=False)
            phone = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
            login(phone, base, "leader")
            shot(phone, base, "/", "cockpit-phone", full=False)
            shot(phone, base, "/gaps/pingcheng-14", "gaps-phone", full=False)
            admin = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
            login(admin, base, "admin")
            shot(admin, base, "/admin/users", "admin", full=False)
            browser.close()
        ctx.dispose()


if __name__ == "__main__":
    main()
