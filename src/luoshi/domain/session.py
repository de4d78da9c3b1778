"""Login sessions: when one ends by itself (idle or absolute timeout), and the reasons a session ends.

A session lives on the server (a row per login); the browser holds only a random id. It ends when the user
logs out, when its account's password or role changes or the account is deactivated (every session of the
account at once), when a new login replaces it under the one-session policy, or when it times out:

>>> policy = SessionPolicy(idle=timedelta(minutes=30), absolute=timedelta(hours=8))
>>> start = datetime.fromisoformat("2026-03-01T09:00:00+00:00")
>>> timed_out(policy, start, start + timedelta(minutes=20), start + timedelta(minutes=45))
>>> timed_out(policy, start, start, start + timedelta(minutes=31))
<EndReason.IDLE: 'idle'>
>>> timed_out(policy, start, start + timedelta(hours=7, minutes=50), start + timedelta(hours=8, minutes=1))
<EndReason.ABSOLUTE: 'absolute'>
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class EndReason(StrEnum):
    LOGOUT = "logout"
    IDLE = "idle"  # no request for longer than the idle timeout
    ABSOLUTE = "absolute"  # older than the absolute timeout, however busy
    PASSWORD = "password"  # the account's password changed
    ROLE = "role"  # the account's role changed
    DEACTIVATED = "deactivated"  # the account was deactivated
    REPLACED = "replaced"  # a new login of the same account (one-session policy)
    TWO_FACTOR = "two_factor"  # an administrator reset the account's second factor
    SECURITY = "security"  # the 安全管理员 ended the account's sessions


END_REASON_LABELS: dict[EndReason, str] = {
    EndReason.LOGOUT: "退出登录",
    EndReason.IDLE: "空闲超时",
    EndReason.ABSOLUTE: "登录时长超限",
    EndReason.PASSWORD: "密码修改",
    EndReason.ROLE: "角色变更",
    EndReason.DEACTIVATED: "账号停用",
    EndReason.REPLACED: "新的登录",
    EndReason.TWO_FACTOR: "双因素认证重置",
    EndReason.SECURITY: "安全管理员结束会话",
}

#: what the login page tells a browser whose session ended (the user reads it, so in Chinese)
END_NOTICES: dict[EndReason, str] = {
    EndReason.LOGOUT: "您已退出登录。",
    EndReason.IDLE: "长时间未操作，登录已超时，请重新登录。",
    EndReason.ABSOLUTE: "登录时间已达上限，请重新登录。",
    EndReason.PASSWORD: "账号密码已修改，请重新登录。",
    EndReason.ROLE: "账号角色已变更，请重新登录。",
    EndReason.DEACTIVATED: "账号已停用。",
    EndReason.REPLACED: "您的账号已在其他地方登录，本处登录已结束。",
    EndReason.TWO_FACTOR: "管理员已重置您的双因素认证，请重新登录并重新设置。",
    EndReason.SECURITY: "安全管理员已结束您的登录，请重新登录。",
}


class SessionState(StrEnum):
    """How far a session has got: a password alone, or (when a second factor is required) both."""

    ACTIVE = "active"
    SECOND_FACTOR = "second_factor"  # the password was right; waiting for the second factor (TOTP)


@dataclass(frozen=True)
class SessionPolicy:
    """Timeouts and the one-session rule; Settings builds one from ``LUOSHI_SESSION_*``."""

    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=8)
    single: bool = False  # one session per account: a new login ends the others
    #: "last seen" is written at most this often (a write per request would be a write per page view)
    touch_every: timedelta = timedelta(minutes=1)


def timed_out(policy: SessionPolicy, created: datetime, last_seen: datetime, now: datetime) -> EndReason | None:
    """Why a session started at ``created`` and last used at ``last_seen`` has ended by ``now``, or None."""
    if now - created >= policy.absolute:
        return EndReason.ABSOLUTE
    if now - last_seen >= policy.idle:
        return EndReason.IDLE
    return None
