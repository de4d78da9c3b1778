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
from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.services.security import ANONYMOUS, MAX_TEXT, record_security_event
from luoshi.storage.tables import utcnow


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
    forgets the pair's failures. A refused attempt is not counted. ``now`` is for tests.
    """
    now = now or utcnow()
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
