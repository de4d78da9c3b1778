"""The password policy and the session timeouts, as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from luoshi.domain.password import PasswordPolicy, character_classes, expired, problems
from luoshi.domain.session import EndReason, SessionPolicy, timed_out

POLICY = PasswordPolicy()
COMMON = frozenset({"admin@12345", "password123"})
T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


def test_length_and_classes() -> None:
    assert character_classes("abcDEF123!") == 4
    assert character_classes("abcdefghij") == 1
    assert len(problems(POLICY, "Ab1!", common=COMMON)) == 1  # too short, classes fine
    assert len(problems(POLICY, "abcdefghijk", common=COMMON)) == 1  # long enough, one class
    assert problems(POLICY, "abcdefgh12", common=COMMON) == [
        "密码需要包含以下至少 3 类字符：小写字母、大写字母、数字、符号"
    ]
    assert problems(POLICY, "abcdefgh12!", common=COMMON) == []
    assert problems(PasswordPolicy(min_length=12, classes=4), "abcdefgh12!", common=COMMON) == [
        "密码至少需要 12 个字符",
        "密码需要包含以下至少 4 类字符：小写字母、大写字母、数字、符号",
    ]


def test_common_passwords_and_the_name_are_refused() -> None:
    assert problems(POLICY, "Admin@12345", common=COMMON) == ["这是常见密码，容易被猜到，请换一个"]
    assert problems(POLICY, "wangwei-2026!", common=COMMON, name="wangwei") == ["密码不能包含用户名"]


def test_expiry() -> None:
    assert not expired(POLICY, T0, T0 + timedelta(days=89))
    assert expired(POLICY, T0, T0 + timedelta(days=90))
    assert not expired(PasswordPolicy(expiry_days=0), T0, T0 + timedelta(days=9999))
    assert not expired(POLICY, None, T0)


def test_timeouts() -> None:
    policy = SessionPolicy(idle=timedelta(minutes=30), absolute=timedelta(hours=8))
    assert timed_out(policy, T0, T0, T0 + timedelta(minutes=29)) is None
    assert timed_out(policy, T0, T0, T0 + timedelta(minutes=30)) is EndReason.IDLE
    busy = T0 + timedelta(hours=7, minutes=59)
    assert timed_out(policy, T0, busy, busy + timedelta(seconds=30)) is None
    assert timed_out(policy, T0, busy, T0 + timedelta(hours=8)) is EndReason.ABSOLUTE
