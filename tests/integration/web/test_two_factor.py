"""The second factor through the real pages: an administrator must enrol before anything else (pages
redirect, the API answers 403); enrolment by the secret on the page; a login then needs the code (wrong codes
are throttled like wrong passwords); a recovery code works once; an administrator's reset ends the sessions.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyotp
import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from luoshi.domain.account import Role
from luoshi.domain.security import SecurityEvent
from luoshi.domain.two_factor import STEP
from luoshi.services import accounts, sessions, two_factor
from luoshi.services.context import Context
from luoshi.storage.audit import security_events
from luoshi.web.app import create_app
from tests.web import PASSWORD, client_for, csrf_from, csrf_of, seed

pytestmark = pytest.mark.integration


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, 5, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(ctx: Context, mini_plan: Path) -> Clock:
    clock = Clock()
    ctx.clock = clock
    seed(ctx, mini_plan)
    accounts.add_user(ctx, "root", Role.ADMIN, PASSWORD, display_name="王工")  # a real administrator
    return clock


def login(client: TestClient, name: str, password: str = PASSWORD, next_path: str = "/plans/mini") -> str:
    """Post the login form; returns where it sends the browser."""
    page = client.get("/login")
    form = {"name": name, "password": password, "csrf_token": csrf_from(page.text), "next": next_path}
    response = client.post("/login", data=form)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def second(client: TestClient, code: str, next_path: str = "/plans/mini") -> Response:
    """Post the second step of the login with ``code``."""
    page = client.get(f"/login/2fa?next={next_path}")
    assert page.status_code == 200 and "验证码" in page.text
    return client.post("/login/2fa", data={"code": code, "csrf_token": csrf_from(page.text), "next": next_path})


def enrol_on_page(client: TestClient, clock: Clock) -> tuple[str, list[str]]:
    """Enrol as a user would: start, read the secret shown under the QR code, confirm with a code."""
    page = client.get("/account/2fa")
    started = client.post("/account/2fa/begin", data={"csrf_token": csrf_from(page.text)})
    assert started.status_code == 200 and "<svg" in started.text
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', started.text)
    assert secret
    key = secret.group(1).replace(" ", "")
    code = pyotp.TOTP(key).at(clock.now)
    done = client.post("/account/2fa/confirm", data={"code": code, "csrf_token": csrf_from(started.text)})
    assert done.status_code == 200 and "恢复码只显示这一次" in done.text
    codes = re.findall(r"<li><code>([A-Z0-9-]{14})</code></li>", done.text)
    assert len(codes) == 10
    clock.advance(STEP)
    return key, codes


def new_client(ctx: Context) -> TestClient:
    return TestClient(create_app(ctx), follow_redirects=False)


def test_an_administrator_must_enrol_before_anything_else(ctx: Context, clock: Clock) -> None:
    browser = new_client(ctx)
    assert login(browser, "root") == "/plans/mini"
    refused = browser.get("/admin/users")
    assert refused.status_code == 303 and refused.headers["location"] == "/account/2fa"
    api = browser.get("/api/admin", headers={"Accept": "application/json"})
    assert api.status_code == 403 and "/account/2fa" in api.json()["detail"]
    page = browser.get("/account/2fa")
    assert "您的角色须使用双因素认证" in page.text
    enrol_on_page(browser, clock)
    assert browser.get("/admin/users").status_code == 200  # enrolled: the session goes on
    with ctx.reading() as snapshot:
        assert security_events(snapshot.session, SecurityEvent.TWO_FACTOR_SETUP.value) == [{"action": "enrol"}]
    assert client_for(ctx, "viewer").get("/plans/mini").status_code == 200  # other roles: no second factor


def test_a_login_then_needs_the_code(ctx: Context, clock: Clock) -> None:
    key, _ = enrol_on_page(_enrolling(ctx), clock)
    browser = new_client(ctx)
    assert login(browser, "root").startswith("/login/2fa")
    assert browser.get("/plans/mini").status_code == 303  # password alone: no login yet
    before = new_client(ctx)  # a copy of the cookie taken between the password and the code
    before.cookies.set("luoshi_session", browser.cookies["luoshi_session"])
    assert browser.get("/api/admin", headers={"Accept": "application/json"}).status_code == 401
    wrong = "000000" if pyotp.TOTP(key).at(clock.now) != "000000" else "111111"
    refused = second(browser, wrong)
    assert refused.status_code == 401 and "验证码不正确" in refused.text
    code = pyotp.TOTP(key).at(clock.now)
    passed = second(browser, code)
    assert passed.status_code == 303 and passed.headers["location"] == "/plans/mini"
    assert browser.get("/admin/users").status_code == 200
    assert before.get("/admin/users").status_code == 303  # the session went on under a new id: the copy opens nothing
    again = new_client(ctx)  # the same code a second time (seen over a shoulder) is refused
    login(again, "root")
    assert second(again, code).status_code == 401
    with ctx.reading() as snapshot:
        failed = security_events(snapshot.session, SecurityEvent.TWO_FACTOR_FAILED.value)
    assert len(failed) == 2 and all("code" not in e for e in failed)


def _enrolling(ctx: Context) -> TestClient:
    browser = new_client(ctx)
    login(browser, "root")
    return browser


def test_wrong_codes_are_throttled_like_wrong_passwords(ctx: Context, clock: Clock) -> None:
    key, _ = enrol_on_page(_enrolling(ctx), clock)
    browser = new_client(ctx)
    login(browser, "root")
    right = pyotp.TOTP(key).at(clock.now)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(5):  # the free failures of a pair
        assert second(browser, wrong).status_code == 401
    throttled = second(browser, right)  # from now on each try waits, doubling: even the right code is not checked
    assert throttled.status_code == 429 and "Retry-After" in throttled.headers
    login(browser, "root")  # a right password again buys no more guesses
    assert second(browser, right).status_code == 429


def test_a_recovery_code_works_once(ctx: Context, clock: Clock) -> None:
    _, codes = enrol_on_page(_enrolling(ctx), clock)
    browser = new_client(ctx)
    login(browser, "root")
    used = second(browser, codes[0])
    assert used.status_code == 303 and used.headers["location"] == "/account/2fa?used_recovery=1"
    assert "还剩 9 个" in browser.get(used.headers["location"]).text
    other = new_client(ctx)
    login(other, "root")
    assert second(other, codes[0]).status_code == 401  # spent
    assert second(other, codes[1]).status_code == 303
    with ctx.reading() as snapshot:
        assert len(security_events(snapshot.session, SecurityEvent.RECOVERY_CODE_USED.value)) == 2


def test_regenerating_on_the_page_kills_the_old_codes(ctx: Context, clock: Clock) -> None:
    browser = _enrolling(ctx)
    _, codes = enrol_on_page(browser, clock)
    page = browser.get("/account/2fa")
    assert "剩余恢复码 10 个" in page.text and "不能关闭" in page.text  # an administrator may not turn it off
    fresh = browser.post("/account/2fa/recovery", data={"csrf_token": csrf_from(page.text)})
    new_codes = re.findall(r"<li><code>([A-Z0-9-]{14})</code></li>", fresh.text)
    assert len(new_codes) == 10 and not set(new_codes) & set(codes)
    other = new_client(ctx)
    login(other, "root")
    assert second(other, codes[0]).status_code == 401
    assert second(other, new_codes[0]).status_code == 303


def test_an_administrator_resets_a_lost_second_factor(ctx: Context, clock: Clock) -> None:
    key, _ = enrol_on_page(_enrolling(ctx), clock)
    lost = new_client(ctx)
    login(lost, "root")
    assert second(lost, pyotp.TOTP(key).at(clock.now)).status_code == 303
    security = client_for(ctx, "security")  # the seeded (demo) 安全管理员: resets are its duty
    assert client_for(ctx, "admin").post("/api/admin/users/root/reset-2fa").status_code == 403  # not the 系统管理员's
    reset = security.post("/admin/users/root/reset-2fa", data={"csrf_token": csrf_of(security)})
    assert reset.status_code == 303 and reset.headers["location"] == "/security"
    assert lost.get("/plans/mini").status_code == 303  # the user's sessions ended
    assert "重置" in lost.get("/login").text
    assert not two_factor.enrolled(ctx, "root")
    browser = new_client(ctx)
    assert login(browser, "root") == "/plans/mini"  # no second factor asked: enrol again
    assert browser.get("/plans/mini").headers["location"] == "/account/2fa"
    assert sessions.open_sessions(ctx, "root") == 1
    with ctx.reading() as snapshot:
        assert security_events(snapshot.session, SecurityEvent.TWO_FACTOR_RESET.value)[0]["user"] == "root"


def test_a_viewer_may_enrol_and_turn_it_off_with_a_code(ctx: Context, clock: Clock) -> None:
    browser = client_for(ctx, "viewer")
    key, _ = enrol_on_page(browser, clock)
    page = browser.get("/account/2fa")
    form = {"code": pyotp.TOTP(key).at(clock.now), "csrf_token": csrf_from(page.text)}
    off = browser.post("/account/2fa/disable", data=form)
    assert off.status_code == 200 and "双因素认证已关闭" in off.text
    assert login(new_client(ctx), "viewer") == "/plans/mini"
