"""The login throttle on a real database: back-off that grows, state shared by contexts, a bounded table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from luoshi.domain.account import Role
from luoshi.domain.throttle import Limit, ThrottlePolicy
from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.services.throttle import attempt_login
from luoshi.storage.database import transaction
from luoshi.storage.throttle import ThrottleStore

pytestmark = pytest.mark.integration

PASSWORD = "correct-horse-1"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
HOME, ATTACKER = "10.1.0.7", "203.0.113.9"


@pytest.fixture
def admin(ctx: Context) -> Context:
    accounts.add_user(ctx, "admin", Role.ADMIN, PASSWORD)
    return ctx


def stored(ctx: Context) -> int:
    with transaction(ctx.sessions) as session:
        return ThrottleStore(session).count()


def test_the_pair_back_off_refuses_even_the_right_password_and_grows(admin: Context) -> None:
    policy, now, waits = ThrottlePolicy(), START, []
    for _ in range(5):
        assert attempt_login(admin, policy, "admin", "wrong", ATTACKER, now=now).verdict.allowed
    for _ in range(11):
        refused = attempt_login(admin, policy, "admin", PASSWORD, ATTACKER, now=now)
        assert refused.refused and refused.user is None and refused.verdict.limit is Limit.PAIR
        waits.append(refused.verdict.wait.total_seconds())
        # hammering while refused does not count: the wait stays what it was
        again = attempt_login(admin, policy, "admin", "wrong", ATTACKER, now=now + refused.verdict.wait / 2)
        assert again.refused and again.verdict.wait == refused.verdict.wait / 2
        now += refused.verdict.wait
        assert attempt_login(admin, policy, "admin", "wrong", ATTACKER, now=now).verdict.allowed
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900]
    # meanwhile the user logs in from home, and once the wait is over from the hammered address too
    assert attempt_login(admin, policy, "admin", PASSWORD, HOME, now=now).user is not None
    assert attempt_login(admin, policy, "admin", PASSWORD, ATTACKER, now=now).refused
    assert attempt_login(admin, policy, "admin", PASSWORD, ATTACKER, now=now + timedelta(minutes=15)).user
    # a correct login forgets the pair: five free failures again
    for _ in range(5):
        later = now + timedelta(minutes=16)
        assert attempt_login(admin, policy, "admin", "wrong", ATTACKER, now=later).verdict.allowed


def test_a_pairs_failures_are_forgotten_after_its_window(admin: Context) -> None:
    hours = timedelta(hours=1)
    policy = ThrottlePolicy(first_delay=2 * hours, max_delay=2 * hours, pair_window=hours)
    for _ in range(5):
        attempt_login(admin, policy, "admin", "wrong", ATTACKER, now=START)
    assert attempt_login(admin, policy, "admin", PASSWORD, ATTACKER, now=START + timedelta(minutes=59)).refused
    assert attempt_login(admin, policy, "admin", PASSWORD, ATTACKER, now=START + timedelta(minutes=61)).user


def test_the_address_ceiling_counts_every_name(admin: Context) -> None:
    policy = ThrottlePolicy(address_failures=6, address_window=timedelta(minutes=10))
    for i in range(6):
        attempt_login(admin, policy, f"user{i % 3}", "wrong", ATTACKER, now=START + timedelta(minutes=i))
    refused = attempt_login(admin, policy, "admin", PASSWORD, ATTACKER, now=START + timedelta(minutes=6))
    assert refused.verdict.limit is Limit.ADDRESS and refused.verdict.wait == timedelta(minutes=4)
    assert attempt_login(admin, policy, "admin", PASSWORD, HOME, now=START + timedelta(minutes=6)).user
    # the oldest failure leaves the window: one more try
    assert attempt_login(admin, policy, "admin", PASSWORD, ATTACKER, now=START + timedelta(minutes=10)).user


def test_contexts_on_one_database_share_the_failures(admin: Context, database_url: str) -> None:
    other = Context.from_url(database_url, actor="web-2")
    try:
        policy = ThrottlePolicy()
        for ctx in (admin, other, admin, other, admin):
            attempt_login(ctx, policy, "admin", "wrong", ATTACKER, now=START)
        assert attempt_login(other, policy, "admin", PASSWORD, ATTACKER, now=START).refused
        assert attempt_login(admin, policy, "admin", PASSWORD, ATTACKER, now=START).refused
    finally:
        other.dispose()


def test_old_failures_are_deleted_as_new_ones_come(admin: Context) -> None:
    policy = ThrottlePolicy(pair_window=timedelta(hours=1), address_window=timedelta(minutes=15))
    for i in range(4):
        attempt_login(admin, policy, f"user{i}", "wrong", ATTACKER, now=START)
    assert stored(admin) == 4
    attempt_login(admin, policy, "user9", "wrong", HOME, now=START + timedelta(hours=2))
    assert stored(admin) == 1


def test_attempts_leave_the_data_version_alone_and_security_events_behind(admin: Context) -> None:
    version = admin.data_version()
    attempt_login(admin, ThrottlePolicy(), "admin", "wrong", ATTACKER, now=START)
    attempt_login(admin, ThrottlePolicy(), "admin", PASSWORD, ATTACKER, now=START)
    assert admin.data_version() == version
    with admin.reading() as snapshot:
        events = [(e.actor, e.object_key, e.new) for e in snapshot.audit.entries(object_type="security")]
    assert events == [
        ("admin", "login", {"address": ATTACKER}),
        ("anonymous", "login_failed", {"name_tried": "admin", "address": ATTACKER}),  # never the password
    ]


def test_long_names_and_addresses_fit(admin: Context) -> None:
    policy = ThrottlePolicy(pair_failures=1)
    long_name, long_address = "x" * 500, "f" * 500
    assert attempt_login(admin, policy, long_name, "wrong", long_address, now=START).verdict.allowed
    assert attempt_login(admin, policy, long_name, "wrong", long_address, now=START).refused
