"""The password policy: what a new password must be, and when an old one must be changed.

>>> policy = PasswordPolicy()
>>> problems(policy, "shortpass", common=frozenset())
['密码至少需要 10 个字符', '密码需要包含以下至少 3 类字符：小写字母、大写字母、数字、符号']
>>> problems(policy, "Password123", common=frozenset({"password123"}))
['这是常见密码，容易被猜到，请换一个']
>>> problems(policy, "Lake-Shore-42", common=frozenset())
[]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

CLASS_NAMES = ("小写字母", "大写字母", "数字", "符号")


@dataclass(frozen=True)
class PasswordPolicy:
    """Settings builds one from ``LUOSHI_PASSWORD_*``."""

    min_length: int = 10
    classes: int = 3  # of lower case, upper case, digits, symbols
    expiry_days: int = 90  # 0: never
    history: int = 5  # a new password may not be any of the last N (0: no check)


def character_classes(password: str) -> int:
    """How many of the four classes ``password`` uses (any letter that is neither case counts as a symbol)."""
    found = [False, False, False, False]
    for char in password:
        if char.islower():
            found[0] = True
        elif char.isupper():
            found[1] = True
        elif char.isdigit():
            found[2] = True
        else:
            found[3] = True
    return sum(found)


def problems(policy: PasswordPolicy, password: str, *, common: frozenset[str], name: str = "") -> list[str]:
    """What is wrong with ``password`` under ``policy`` (in Chinese, for the person choosing it); [] if fine.

    ``common`` holds well-known passwords in lower case; the account's own ``name`` (of 3 or more
    characters) may not be part of it.
    """
    found: list[str] = []
    if len(password) < policy.min_length:
        found.append(f"密码至少需要 {policy.min_length} 个字符")
    if character_classes(password) < policy.classes:
        found.append(f"密码需要包含以下至少 {policy.classes} 类字符：{'、'.join(CLASS_NAMES)}")
    lowered = password.lower()
    if lowered in common:
        found.append("这是常见密码，容易被猜到，请换一个")
    elif len(name) >= 3 and name.lower() in lowered:  # "li" inside a password is no hint
        found.append("密码不能包含用户名")
    return found


def rule_text(policy: PasswordPolicy) -> str:
    """The policy in one Chinese sentence, for the form where a password is chosen.

    >>> rule_text(PasswordPolicy(history=0))
    '新密码至少 10 个字符，包含小写字母、大写字母、数字、符号中的至少 3 类，不能是常见密码。'
    """
    classes = "、".join(CLASS_NAMES)
    text = f"新密码至少 {policy.min_length} 个字符，包含{classes}中的至少 {policy.classes} 类，不能是常见密码"
    if policy.history:
        text += f"，也不能与最近 {policy.history} 次用过的密码相同"
    return text + "。"


def expired(policy: PasswordPolicy, changed_at: datetime | None, now: datetime) -> bool:
    """Whether a password set at ``changed_at`` must be changed by ``now`` (never, when expiry is 0)."""
    if policy.expiry_days <= 0 or changed_at is None:
        return False
    return now - changed_at >= timedelta(days=policy.expiry_days)
