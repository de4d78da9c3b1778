"""The password policy in the account service: weak, common and reused passwords refused; API tokens
expire (on a clock the test moves) and record their last use."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from luoshi.domain.account import Role
from luoshi.domain.errors import InvalidInput
from luoshi.domain.password import PasswordPolicy
from luoshi.services import accounts
from luoshi.services.context import Context

pytestmark = pytest.mark.integration

GOOD = "Plum-blossom-84"


def refusal(call: object) -> str:
    assert callable(call)
    with pytest.raises(InvalidInput) as caught:
        call()
    return str(caught.value)


def test_weak_and_common_passwords_are_refused(ctx: Context) -> None:
    assert "至少需要 10 个字符" in refusal(lambda: accounts.add_user(ctx, "wang", Role.VIEWER, "Short-1"))
    assert "至少 3 类字符" in refusal(lambda: accounts.add_user(ctx, "wang", Role.VIEWER, "onlylowercase"))
    assert "常见密码" in refusal(lambda: accounts.add_user(ctx, "wang", Role.VIEWER, "Admin@123456"))
    assert "常见密码" in refusal(lambda: accounts.add_user(ctx, "wang", Role.VIEWER, "1qaz@WSX3edc"))
    assert "用户名" in refusal(lambda: accounts.add_user(ctx, "wangwei", Role.VIEWER, "WangWei-2026"))
    assert accounts.users(ctx) == []  # nothing was written
    accounts.add_user(ctx, "wang", Role.VIEWER, GOOD)
    assert accounts.authenticate(ctx, "wang", GOOD) is not None


def test_the_bundled_list_is_read(ctx: Context) -> None:
    common = accounts.common_passwords()
    assert len(common) > 200
    assert {"123456", "password123", "p@ssw0rd", "woaini1314"} <= common


def test_the_last_passwords_are_not_chosen_again(ctx: Context) -> None:
    ctx.security = replace(ctx.security, passwords=PasswordPolicy(history=3))
    accounts.add_user(ctx, "wang", Role.VIEWER, "First-pass-001")
    accounts.set_password(ctx, "wang", "Second-pass-02")
    assert "最近 3 次" in refusal(lambda: accounts.set_password(ctx, "wang", "Second-pass-02"))  # the current one
    assert "最近 3 次" in refusal(lambda: accounts.set_password(ctx, "wang", "First-pass-001"))
    accounts.set_password(ctx, "wang", "Third-pass-003")
    accounts.set_password(ctx, "wang", "Fourth-pass-04")
    accounts.set_password(ctx, "wang", "First-pass-001")  # four passwords ago: allowed again
    assert accounts.authenticate(ctx, "wang", "First-pass-001") is not None


def test_demo_accounts_are_exempt_from_the_policy(ctx: Context) -> None:
    accounts.add_user(ctx, "demo", Role.VIEWER, "luoshi-demo", demo=True)
    assert accounts.authenticate(ctx, "demo", "luoshi-demo") is not None
    assert "常见密码" in refusal(lambda: accounts.add_user(ctx, "li", Role.VIEWER, "luoshi-demo"))


def test_tokens_expire_and_record_their_last_use(ctx: Context) -> None:
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    ctx.clock = lambda: now
    accounts.add_user(ctx, "robot", Role.VIEWER, GOOD)
    default = accounts.create_token(ctx, "robot", "default life")
    short = accounts.create_token(ctx, "robot", "a week", life=timedelta(days=7))
    assert accounts.user_for_token(ctx, short) is not None
    listed = {label: (last, expires) for _, _, label, _, last, _, expires in accounts.tokens(ctx)}
    assert listed["a week"] == ("2026-03-02T09:00+00:00", "2026-03-09T09:00+00:00")
    assert listed["default life"] == (None, "2027-03-02T09:00+00:00")
    now += timedelta(days=7)
    assert accounts.user_for_token(ctx, short) is None  # expired
    assert accounts.user_for_token(ctx, default) is not None
    now += timedelta(days=365)
    assert accounts.user_for_token(ctx, default) is None  # LUOSHI_TOKEN_DAYS: 365 by default
