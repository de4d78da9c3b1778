"""Logging in under the login throttle: a password is checked only when the attempt may go ahead.

The policy is :mod:`luoshi.domain.throttle`; the failures it counts are rows in the database
(:class:`~luoshi.storage.throttle.ThrottleStore`), shared by every server process. Each step runs in its own
short transaction; a checked attempt leaves a security event in the audit trail (登录 or 登录失败, with the
name tried and the address, never the password), which moves no data version, so a login attempt never
invalidates the read cache. Attempts the throttle refuses unchecked leave no event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from luoshi.domain.account import User
from luoshi.domain.security import SecurityEvent
from luoshi.domain.throttle import ThrottlePolicy, Verdict, verdict
from luoshi.services import accounts, two_factor
from luoshi.services.context import Context
from luoshi.services.security import ANONYMOUS, MAX_TEXT, record_security_event
from luoshi.services.two_factor import Check


@dataclass(frozen=True)
class LoginAttempt:
    """What came of an attempt: the user when the password was right; else the throttle's verdict says
    whether the password was checked at all (refused: not checked, wait ``verdict.wait``)."""

    user: User | None
    verdict: Verdict

    @property
    def refused(self) -> bool:
        return not self.verdict.allowed


def attempt_login(
    ctx: Context, policy: ThrottlePolicy, name: str, password: str, address: str, *, now: datetime | None = None
) -> LoginAttempt:
    """Log ``name`` in from ``address`` if the throttle allows an attempt and the password is right.

    An allowed attempt is counted as a failure before the password is checked, in the transaction that
    allowed it, so that concurrent attempts (from other processes too) see it at once; a right password then
    forgets the pair's failures. A refused attempt is not counted. ``now``: the context's clock unless given.
    """
    now = now or ctx.clock()
    name = name.strip()
    with ctx.unit_of_work(reason="login attempt") as uow:
        store = uow.throttle
        store.prune(now - policy.memory)  # keeps the table small
        found = verdict(policy, store.failures(name, address, policy, now), now)
        if found.allowed:
            store.add(name, address, now)
        uow.commit()  # nothing audited: the data version stays where it is
    if not found.allowed:
        return LoginAttempt(None, found)
    user = accounts.authenticate(ctx, name, password)
    if user is not None:
        with ctx.unit_of_work(reason="login", actor=user.name) as uow:
            uow.throttle.forget_pair(name, address)
            uow.audit.event(SecurityEvent.LOGIN.value, {"address": address[:MAX_TEXT]})
            uow.commit()
    else:
        record_security_event(ctx, SecurityEvent.LOGIN_FAILED, ANONYMOUS, {"name_tried": name, "address": address})
    return LoginAttempt(user, found)


def second_factor_key(name: str) -> str:
    """The throttle's name for second-factor attempts on ``name``: failures of its own, which a right password
    does not forget (so logging in again does not buy more guesses at the code)."""
    return f"2fa:{name}"[:64]


def attempt_second_factor(
    ctx: Context, policy: ThrottlePolicy, user: User, code: str, address: str, *, now: datetime | None = None
) -> tuple[Check | None, Verdict]:
    """Check ``user``'s second factor (TOTP or recovery code) under the login throttle, like a password: an
    allowed attempt counts as a failure first; a right code forgets them; a wrong one is a security event
    (双因素认证失败). Returns what matched (None: wrong or refused) and the throttle's verdict."""
    now = now or ctx.clock()
    key = second_factor_key(user.name)
    with ctx.unit_of_work(reason="login attempt") as uow:
        store = uow.throttle
        store.prune(now - policy.memory)
        found = verdict(policy, store.failures(key, address, policy, now), now)
        if found.allowed:
            store.add(key, address, now)
        uow.commit()
    if not found.allowed:
        return None, found
    checked = two_factor.verify(ctx, user.name, code)
    if checked is not None:
        with ctx.unit_of_work(reason="login", actor=user.name) as uow:
            uow.throttle.forget_pair(key, address)
            uow.commit()
    else:
        record_security_event(ctx, SecurityEvent.TWO_FACTOR_FAILED, user.name, {"address": address})
    return checked, found
