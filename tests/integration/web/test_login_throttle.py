"""The login page under the throttle: nobody locks a user out, an attacker's address and pair are slowed.

Each client comes from its own address (``TestClient(client=...)``); "time passes" by moving the stored
failures back, so the tests do not sleep and do not depend on how fast the machine hashes passwords.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import select

from luoshi.domain.throttle import ThrottlePolicy
from luoshi.services.context import Context
from luoshi.storage.database import transaction
from luoshi.storage.tables import LoginFailureRow
from luoshi.web.app import create_app
from tests.web import PASSWORD, csrf_from, seed

pytestmark = pytest.mark.integration

OFFICE, HOME, ATTACKER = "10.20.0.1", "10.30.0.2", "203.0.113.9"
#: a first delay of a minute: a refusal cannot run out while a slow machine hashes the next password
SLOW = ThrottlePolicy(first_delay=timedelta(minutes=1), max_delay=timedelta(hours=1))


@pytest.fixture
def seeded(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    return ctx


class Browser:
    """One client address talking to one app, through the real login form."""

    def __init__(self, app: FastAPI, address: str) -> None:
        self.client = TestClient(app, follow_redirects=False, client=(address, 50000))
        self.token = csrf_from(self.client.get("/login").text)

    def login(self, name: str, password: str) -> Response:
        return self.client.post("/login", data={"name": name, "password": password, "csrf_token": self.token})


def time_passes(ctx: Context, delta: timedelta) -> None:
    """Every stored failure happened ``delta`` earlier."""
    with transaction(ctx.sessions) as session:
        for row in session.scalars(select(LoginFailureRow)):
            row.at = row.at - delta


def retry_after(response: Response) -> int:
    assert response.status_code == 429, response.text
    assert "登录失败次数过多" in response.text
    return int(response.headers["retry-after"])


def test_failures_from_one_address_do_not_block_another(seeded: Context) -> None:
    app = create_app(seeded)
    attacker, home = Browser(app, ATTACKER), Browser(app, HOME)
    for _ in range(5):
        bad = attacker.login("admin", "wrong-password")
        assert bad.status_code == 401 and "用户名或密码不正确" in bad.text
    assert home.login("admin", PASSWORD).status_code == 303


def test_an_office_behind_one_address_is_not_locked_out_below_the_ceiling(seeded: Context) -> None:
    app = create_app(seeded, throttle=ThrottlePolicy(address_failures=12))
    office, other = Browser(app, OFFICE), Browser(app, HOME)
    names = ["admin", "planner", "reviewer", "reporter", "nobody", "other_reporter"]
    for i in range(11):  # everyone in the office mistypes (two each at most: no pair is throttled)
        assert office.login(names[i % len(names)], "wrong-password").status_code == 401
    assert office.login("viewer", PASSWORD).status_code == 303
    assert Browser(app, OFFICE).login("viewer", "wrong-password").status_code == 401  # the twelfth failure
    refused = Browser(app, OFFICE).login("viewer", PASSWORD)
    assert 0 < retry_after(refused) <= 15 * 60 and "分钟后再试" in refused.text
    assert other.login("viewer", PASSWORD).status_code == 303


def test_two_apps_on_one_database_share_the_throttle(seeded: Context, database_url: str) -> None:
    second = Context.from_url(database_url, actor="web-2")
    try:
        one = Browser(create_app(seeded, throttle=SLOW), ATTACKER)
        two = Browser(create_app(second, throttle=SLOW), ATTACKER)
        for browser in (one, two, one, two, one):
            assert browser.login("admin", "wrong-password").status_code == 401
        assert retry_after(two.login("admin", PASSWORD)) > 50
        assert retry_after(one.login("admin", PASSWORD)) > 50
    finally:
        second.dispose()


def test_the_pair_back_off_refuses_the_right_password_and_grows(seeded: Context) -> None:
    app = create_app(seeded, throttle=SLOW)
    attacker, home = Browser(app, ATTACKER), Browser(app, HOME)
    for _ in range(5):
        assert attacker.login("admin", "wrong-password").status_code == 401
    first = attacker.login("admin", PASSWORD)
    assert 50 < retry_after(first) <= 60 and "请 1 分钟后再试" in first.text
    assert home.login("admin", PASSWORD).status_code == 303  # the user is not locked out

    time_passes(seeded, timedelta(seconds=61))
    assert attacker.login("admin", "wrong-password").status_code == 401  # the sixth failure
    assert 110 < retry_after(attacker.login("admin", PASSWORD)) <= 120  # the wait doubled
    time_passes(seeded, timedelta(seconds=61))
    assert 50 < retry_after(attacker.login("admin", PASSWORD)) <= 60  # still waiting
    time_passes(seeded, timedelta(seconds=60))
    assert attacker.login("admin", PASSWORD).status_code == 303


def test_forwarded_for_counts_only_from_a_trusted_proxy(seeded: Context) -> None:
    app = create_app(seeded, throttle=SLOW, trusted_proxies=["10.9.0.0/16"])
    proxy, stranger = Browser(app, "10.9.0.1"), Browser(app, ATTACKER)
    forwarded = {"X-Forwarded-For": "198.51.100.7"}

    def login(browser: Browser, password: str) -> int:
        data = {"name": "admin", "password": password, "csrf_token": browser.token}
        return browser.client.post("/login", data=data, headers=forwarded).status_code

    for _ in range(5):
        assert login(stranger, "wrong-password") == 401
    assert login(proxy, "wrong-password") == 401
    # the stranger's header was ignored, the proxy's named the client
    with transaction(seeded.sessions) as session:
        assert set(session.scalars(select(LoginFailureRow.address))) == {ATTACKER, "198.51.100.7"}
    assert login(proxy, PASSWORD) == 303
