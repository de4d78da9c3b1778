"""The session, password, token and second-factor policies come from the environment (LUOSHI_*), checked loudly."""

from __future__ import annotations

from datetime import timedelta

import pytest

from luoshi.config import Settings
from luoshi.domain.account import Role
from luoshi.domain.password import PasswordPolicy
from luoshi.domain.session import SessionPolicy
from luoshi.domain.two_factor import TwoFactorPolicy, administrator_roles
from luoshi.services.context import SecurityPolicy


def test_the_policies_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    defaults = SecurityPolicy.from_settings(Settings())
    assert defaults.sessions == SessionPolicy() and defaults.passwords == PasswordPolicy()
    assert not defaults.production and defaults.token_life == timedelta(days=365)
    for name, value in {
        "ENV": "production",
        "SESSION_IDLE_MINUTES": "10",
        "SESSION_ABSOLUTE_HOURS": "4",
        "SESSION_SINGLE": "1",
        "PASSWORD_MIN_LENGTH": "14",
        "PASSWORD_CLASSES": "4",
        "PASSWORD_EXPIRY_DAYS": "0",
        "PASSWORD_HISTORY": "12",
        "TOKEN_DAYS": "0",
    }.items():
        monkeypatch.setenv(f"LUOSHI_{name}", value)
    policy = SecurityPolicy.from_settings(Settings())
    assert policy.production and policy.token_life is None
    assert policy.sessions == SessionPolicy(idle=timedelta(minutes=10), absolute=timedelta(hours=4), single=True)
    assert policy.passwords == PasswordPolicy(min_length=14, classes=4, expiry_days=0, history=12)
    monkeypatch.setenv("LUOSHI_ENV", "prod")  # a typo fails loudly instead of leaving the demo accounts open
    with pytest.raises(ValueError, match="env"):
        Settings()


def test_the_roles_that_must_have_a_second_factor_are_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    default = SecurityPolicy.from_settings(Settings()).two_factor
    assert default.required_roles == administrator_roles() == {Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR}
    monkeypatch.setenv("LUOSHI_TWO_FACTOR_ROLES", "planner, admin")
    chosen = SecurityPolicy.from_settings(Settings()).two_factor
    assert chosen.required_roles == {Role.PLANNER, Role.ADMIN} and not chosen.requires(Role.VIEWER)
    monkeypatch.setenv("LUOSHI_TWO_FACTOR_ROLES", "")
    assert SecurityPolicy.from_settings(Settings()).two_factor == TwoFactorPolicy(frozenset())
    monkeypatch.setenv("LUOSHI_TWO_FACTOR_ROLES", "admin,boss")  # a typo fails loudly
    with pytest.raises(ValueError, match="boss"):
        Settings()
