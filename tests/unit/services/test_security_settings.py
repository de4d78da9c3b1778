"""The session, password and token policies come from the environment (LUOSHI_*), checked loudly."""

from __future__ import annotations

from datetime import timedelta

import pytest

from luoshi.config import Settings
from luoshi.domain.password import PasswordPolicy
from luoshi.domain.session import SessionPolicy
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
