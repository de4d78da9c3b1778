"""Server-side sessions through the real login form: a copied cookie is refused after logout; a password
change, a role change and a deactivation end every session of the account; idle and absolute timeouts (on
a clock the test moves); the one-session policy; the forced password change; demo accounts in production.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from luoshi.domain.account import Role, User
from luoshi.domain.session import SessionPolicy, SessionState
from luoshi.services import accounts, sessions
from luoshi.services.context import Context
from luoshi.storage.audit import AuditLog
from luoshi.storage.tables import LoginSessionRow
from luoshi.web.app import create_app
from tests.web import PASSWORD, client_for, csrf_from, csrf_of, seed

pytestmark = pytest.mark.integration


class Clock:
    """The time now, moved by the test (no sleeping)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(ctx: Context, mini_plan: Path) -> Clock:
    clock = Clock()
    ctx.clock = clock
    seed(ctx, mini_plan)
    return clock


def logged_in(client: TestClient) -> bool:
    """Whether the client's session is open: a page that needs a login answers 200, not a redirect."""
    return client.get("/plans/mini").status_code == 200


def login_notice(client: TestClient) -> str:
    return client.get("/login").text


def copy_of(client: TestClient, ctx: Context) -> TestClient:
    """Another browser holding a copy of ``client``'s cookie."""
    other = TestClient(create_app(ctx), follow_redirects=False)
    other.cookies.set("luoshi_session", client.cookies["luoshi_session"])
    return other


#: the security events a session's end is written as, by their short names
SESSION_EVENTS = {
    "logout": "logout",
    "session_timeout": "timeout",
    "sessions_ended": "ended",
    "session_replaced": "replaced",
}


def session_events(ctx: Context, user: str) -> list[str]:
    """The session events of ``user`` in the audit trail, oldest first (security events: no data version)."""
    with ctx.reading() as snapshot:
        log: AuditLog = snapshot.audit
        found = [
            e
            for e in log.entries(object_type="security")
            if e.object_key in SESSION_EVENTS and e.new and e.new.get("user") == user
        ]
    assert all(e.version is None for e in found)
    return [SESSION_EVENTS[e.object_key] for e in sorted(found, key=lambda e: e.id)]


def test_a_copied_cookie_is_refused_after_logout(ctx: Context, clock: Clock) -> None:
    browser = client_for(ctx, "planner")
    stolen = copy_of(browser, ctx)
    assert logged_in(stolen)  # the copy works while the session is open ...
    response = browser.post("/logout", data={"csrf_token": csrf_of(browser)})
    assert response.status_code == 303
    assert not logged_in(browser)
    assert not logged_in(stolen)  # ... and not after logout, though the cookie is still well signed
    assert "您已退出登录" in login_notice(stolen)
    assert session_events(ctx, "planner") == ["logout"]
    assert "planner" not in browser.cookies.get("luoshi_session", "")  # the cookie never names the user


def test_the_cookie_is_http_only_same_site_and_secure_when_asked(ctx: Context, clock: Clock) -> None:
    for secure in (False, True):
        browser = TestClient(create_app(ctx, secure_cookies=secure), follow_redirects=False)
        page = browser.get("/login")
        form = {"name": "viewer", "password": PASSWORD, "csrf_token": csrf_from(page.text), "next": "/"}
        cookie = browser.post("/login", data=form).headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        assert ("secure" in cookie.replace("luoshi_session", "")) is secure


def test_logout_without_the_csrf_token_ends_nothing(ctx: Context, clock: Clock) -> None:
    browser = client_for(ctx, "planner")
    assert browser.post("/logout").status_code == 403
    assert logged_in(browser)


def test_a_password_change_ends_every_session_of_the_account(ctx: Context, clock: Clock) -> None:
    desk, laptop, other = client_for(ctx, "planner"), client_for(ctx, "planner"), client_for(ctx, "viewer")
    accounts.set_password(ctx, "planner", "Another-pass-77")
    assert not logged_in(desk) and not logged_in(laptop)
    assert "账号密码已修改" in login_notice(desk)
    assert logged_in(other)  # another account's sessions stay
    assert session_events(ctx, "planner") == ["ended"]


def test_changing_ones_own_password_keeps_only_this_browser(ctx: Context, clock: Clock) -> None:
    desk, laptop = client_for(ctx, "planner"), client_for(ctx, "planner")
    page = desk.get("/password")
    assert page.status_code == 200 and "修改密码" in page.text
    form = {"current": PASSWORD, "password": "Brand-new-pass-9", "confirm": "Brand-new-pass-9"}
    response = desk.post("/password", data={**form, "csrf_token": csrf_from(page.text)})
    assert response.status_code == 303
    assert logged_in(desk)
    assert not logged_in(laptop)
    assert client_for(ctx, "planner", "Brand-new-pass-9")


def test_a_role_change_and_a_deactivation_end_the_sessions(ctx: Context, clock: Clock) -> None:
    reporter, viewer = client_for(ctx, "reporter"), client_for(ctx, "viewer")
    accounts.update_user(ctx, User("viewer", Role.VIEWER, "viewer", None, active=True))  # no change: stays
    assert logged_in(viewer)
    accounts.update_user(ctx, User("viewer", Role.PLANNER, "viewer", None, active=True))
    assert not logged_in(viewer)
    assert "账号角色已变更" in login_notice(viewer)
    accounts.update_user(ctx, User("reporter", Role.REPORTER, "reporter", "tjj", active=False))
    assert not logged_in(reporter)
    assert "账号已停用" in login_notice(reporter)


def test_idle_timeout(ctx: Context, clock: Clock) -> None:
    browser = client_for(ctx, "viewer")
    for _ in range(4):  # busy for an hour: every request within the idle timeout keeps the session open
        clock.advance(minutes=15)
        assert logged_in(browser)
    clock.advance(minutes=30)
    assert not logged_in(browser)
    assert "长时间未操作" in login_notice(browser)
    assert session_events(ctx, "viewer") == ["timeout"]


def test_absolute_timeout(ctx: Context, clock: Clock) -> None:
    browser = client_for(ctx, "viewer")
    for _ in range(31):  # a request every 15 minutes for 7 h 45 min
        clock.advance(minutes=15)
        assert logged_in(browser)
    clock.advance(minutes=15)  # 8 hours after login
    assert not logged_in(browser)
    assert "登录时间已达上限" in login_notice(browser)


def test_timeouts_follow_the_settings(ctx: Context, clock: Clock) -> None:
    ctx.security = replace(ctx.security, sessions=SessionPolicy(idle=timedelta(minutes=5)))
    browser = client_for(ctx, "viewer")
    clock.advance(minutes=4)
    assert logged_in(browser)
    clock.advance(minutes=5)
    assert not logged_in(browser)


def test_one_session_per_account(ctx: Context, clock: Clock) -> None:
    ctx.security = replace(ctx.security, sessions=SessionPolicy(single=True))
    first = client_for(ctx, "planner")
    other_account = client_for(ctx, "viewer")
    second = client_for(ctx, "planner")
    assert logged_in(second) and logged_in(other_account)
    assert not logged_in(first)
    assert "您的账号已在其他地方登录" in login_notice(first)
    assert sessions.open_sessions(ctx, "planner") == 1
    assert session_events(ctx, "planner") == ["replaced"]


def test_without_the_policy_an_account_may_have_several_sessions(ctx: Context, clock: Clock) -> None:
    first, second = client_for(ctx, "planner"), client_for(ctx, "planner")
    assert logged_in(first) and logged_in(second)
    assert sessions.open_sessions(ctx, "planner") == 2


def test_a_password_set_by_an_administrator_is_changed_at_first_login(ctx: Context, clock: Clock) -> None:
    admin = client_for(ctx, "admin")
    form = {"name": "zhao", "role": "viewer", "password": "Temporary-pass-1", "display_name": "赵"}
    assert admin.post("/admin/users", data={**form, "csrf_token": csrf_of(admin)}).status_code == 303
    zhao = client_for(ctx, "zhao", "Temporary-pass-1")
    response = zhao.get("/plans/mini")
    assert response.status_code == 303 and response.headers["location"] == "/password?next=/plans/mini"
    assert zhao.get("/api/documents").status_code == 403  # the API too
    page = zhao.get("/password")
    assert "请先设置新密码" in page.text
    weak = {"current": "Temporary-pass-1", "password": "password123", "confirm": "password123"}
    refused = zhao.post("/password", data={**weak, "csrf_token": csrf_from(page.text)})
    assert refused.status_code == 422 and "常见密码" in refused.text
    same = {"current": "Temporary-pass-1", "password": "Temporary-pass-1", "confirm": "Temporary-pass-1"}
    assert zhao.post("/password", data={**same, "csrf_token": csrf_from(page.text)}).status_code == 422
    good = {"current": "Temporary-pass-1", "password": "Own-choice-at-2", "confirm": "Own-choice-at-2"}
    done = zhao.post("/password", data={**good, "csrf_token": csrf_from(page.text), "next": "/plans/mini"})
    assert done.status_code == 303 and done.headers["location"] == "/plans/mini"
    assert logged_in(zhao)


def test_an_expired_password_must_be_changed(ctx: Context, clock: Clock) -> None:
    clock.advance(days=91)
    viewer = client_for(ctx, "viewer")
    assert viewer.get("/plans/mini").headers["location"] == "/password?next=/plans/mini"


def test_demo_accounts_are_refused_in_production_only(ctx: Context, clock: Clock) -> None:
    accounts.add_user(ctx, "demo-viewer", Role.VIEWER, "luoshi-demo", demo=True)  # the policy does not apply
    assert logged_in(client_for(ctx, "demo-viewer", "luoshi-demo"))
    ctx.security = replace(ctx.security, production=True)
    browser = TestClient(create_app(ctx), follow_redirects=False)
    page = browser.get("/login")
    form = {"name": "demo-viewer", "password": "luoshi-demo", "csrf_token": csrf_from(page.text), "next": "/"}
    response = browser.post("/login", data=form)
    assert response.status_code == 403 and "演示账号不能在正式环境中登录" in response.text
    assert logged_in(client_for(ctx, "viewer"))  # ordinary accounts log in as before


def test_a_session_awaiting_its_second_factor_is_no_login_yet(ctx: Context, clock: Clock) -> None:
    browser = client_for(ctx, "admin")
    with ctx.unit_of_work() as uow:
        uow.session.execute(update(LoginSessionRow).values(state=SessionState.SECOND_FACTOR.value))
        uow.commit()
    assert not logged_in(browser)
