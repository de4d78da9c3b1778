"""The second factor in a real headless Chromium: an administrator logs in with the password, is sent to
enrol, reads the secret off the page (as one types it into an authenticator app by hand), confirms with a
code computed by pyotp, sees the recovery codes once; logs out, and logs in again with password and code."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, expect

from luoshi.domain.account import Role
from luoshi.domain.two_factor import STEP
from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.services.plans import init_database
from tests.e2e.browser import live_server
from tests.web import PASSWORD, seed

pytestmark = pytest.mark.e2e

MINI = Path(__file__).parents[1] / "fixtures" / "plans" / "mini.yaml"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    ctx = Context.from_url(f"sqlite:///{tmp_path_factory.mktemp('2fa') / 'l.db'}", actor="e2e")
    init_database(ctx)
    seed(ctx, MINI)
    accounts.add_user(ctx, "root", Role.ADMIN, PASSWORD, display_name="王工")  # not a demo account
    with live_server(ctx) as url:
        yield url
    ctx.dispose()


def next_code(secret: str) -> str:
    """The code of the next time step: within the accepted window, and later than any code used so far."""
    return pyotp.TOTP(secret).at(time.time() + STEP)


def test_enrolment_and_login_with_the_code(browser: Browser, server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page.goto(server + "/admin/users")
    page.get_by_label("用户名").fill("root")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(server + "/account/2fa")  # an administrator enrols before anything else
    expect(page.get_by_role("status")).to_contain_text("您的角色须使用双因素认证")
    page.get_by_role("button", name="开始设置").click()
    expect(page.locator("figure.qr svg")).to_be_visible()  # the QR code, drawn by the app itself
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label("验证码").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="确认启用").click()
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="我已保存，继续使用").click()
    page.goto(server + "/admin/users")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url == server + "/admin/users"

    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(server + "/login")
    page.goto(server + "/admin/users")
    page.get_by_label("用户名").fill("root")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(re.escape(server + "/login/2fa")))
    page.get_by_label("验证码").fill("000000" if next_code(secret) != "000000" else "111111")
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_role("alert")).to_contain_text("验证码不正确")
    page.get_by_label("验证码").fill(next_code(secret))
    page.get_by_role("button", name="验证").click()
    expect(page).to_have_url(server + "/admin/users")
    page.close()
