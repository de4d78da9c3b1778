"""Security events (安全事件) and the audit trail's hash algorithms, with their Chinese words.

A security event is an audit entry of object type ``security`` whose key is the event's kind: who logged
in, who failed to (the name tried, never the password), who was refused, which token was used.

>>> SECURITY_EVENT_LABELS[SecurityEvent.LOGIN_FAILED]
'登录失败'
"""

from __future__ import annotations

from enum import StrEnum


class SecurityEvent(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    SESSION_TIMEOUT = "session_timeout"
    SESSIONS_ENDED = "sessions_ended"  # by a password or role change or a deactivation
    SESSION_REPLACED = "session_replaced"  # by a new login under the one-session policy
    TWO_FACTOR_SETUP = "two_factor_setup"  # enrolled, recovery codes regenerated, turned off
    TWO_FACTOR_FAILED = "two_factor_failed"  # a wrong code at login
    RECOVERY_CODE_USED = "recovery_code_used"
    TWO_FACTOR_RESET = "two_factor_reset"  # by an administrator
    PERMISSION_REFUSED = "permission_refused"
    TOKEN_USE = "token_use"
    AUDIT_EXPORT = "audit_export"
    AUDIT_ARCHIVE = "audit_archive"


SECURITY_EVENT_LABELS: dict[SecurityEvent, str] = {
    SecurityEvent.LOGIN: "登录",
    SecurityEvent.LOGIN_FAILED: "登录失败",
    SecurityEvent.LOGOUT: "退出登录",
    SecurityEvent.SESSION_TIMEOUT: "会话超时",
    SecurityEvent.SESSIONS_ENDED: "会话被结束",
    SecurityEvent.SESSION_REPLACED: "会话被新登录替代",
    SecurityEvent.TWO_FACTOR_SETUP: "设置双因素认证",
    SecurityEvent.TWO_FACTOR_FAILED: "双因素认证失败",
    SecurityEvent.RECOVERY_CODE_USED: "使用恢复码",
    SecurityEvent.TWO_FACTOR_RESET: "重置双因素认证",
    SecurityEvent.PERMISSION_REFUSED: "权限拒绝",
    SecurityEvent.TOKEN_USE: "使用接口令牌",
    SecurityEvent.AUDIT_EXPORT: "导出审计日志",
    SecurityEvent.AUDIT_ARCHIVE: "归档审计日志",
}


class HashAlgorithm(StrEnum):
    """The digest of the audit chain: SHA-256, or SM3 (GB/T 32905) for 商用密码 assessments."""

    SHA256 = "sha256"
    SM3 = "sm3"


HASH_ALGORITHM_LABELS: dict[HashAlgorithm, str] = {HashAlgorithm.SHA256: "SHA-256", HashAlgorithm.SM3: "SM3"}

#: the shortest retention of audit entries the Cybersecurity Law allows (six months), in days
MIN_RETENTION_DAYS = 180
