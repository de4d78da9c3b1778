"""Login sessions on the server: start one at login, find the user of a browser's session id, end one
(logout) or all of an account's (password, role change, deactivation, the one-session policy).

The browser's cookie holds only a random id (``secrets.token_urlsafe``); the database keeps its SHA-256,
so every server process sees an ended session as ended at once. The clock is the context's
(``ctx.clock``), so that tests move time by hand instead of sleeping.

    sid = start(ctx, user, "10.0.0.5")
    resolve(ctx, sid).user          # the user, while the session lasts
    end(ctx, sid, EndReason.LOGOUT)
    resolve(ctx, sid).ended         # EndReason.LOGOUT: the login page says why
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from luoshi.domain.account import User
from luoshi.domain.errors import Forbidden
from luoshi.domain.password import expired
from luoshi.domain.security import SecurityEvent
from luoshi.domain.session import EndReason, SessionState, timed_out
from luoshi.services.context import Context
from luoshi.services.unit_of_work import UnitOfWork
from luoshi.storage.audit import AuditLog

#: ended sessions are kept this long, so that a browser coming back is told why its session ended
KEEP_ENDED = timedelta(days=1)


class DemoRefused(Forbidden):
    """A demo account (documented password) tried to log in where ``LUOSHI_ENV=production``."""


#: the security event each session event is written as
_EVENTS: dict[str, SecurityEvent] = {
    "logout": SecurityEvent.LOGOUT,
    "timeout": SecurityEvent.SESSION_TIMEOUT,
    "ended": SecurityEvent.SESSIONS_ENDED,
    "replaced": SecurityEvent.SESSION_REPLACED,
}


def record_session_event(audit: AuditLog, user_name: str, event: str, **detail: Any) -> None:
    """Write one session security event (logout, timeout, sessions ended by an account change or replaced by
    a new login) to the audit trail in the caller's transaction: a security event (object type ``security``),
    which moves no data version."""
    audit.event(_EVENTS[event].value, {"user": user_name, **detail}, actor=user_name)


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Resolved:
    """What a browser's session id stands for now: its user (None when there is no valid session), why the
    session ended (to tell on the login page), and whether the password must be changed before anything else.
    """

    user: User | None
    ended: EndReason | None = None
    must_change_password: bool = False
    state: SessionState = SessionState.ACTIVE
    #: the role must have a second factor and the account has none yet: enrol before anything else
    must_enrol_two_factor: bool = False


def start(ctx: Context, user: User, address: str, state: SessionState = SessionState.ACTIVE) -> str:
    """Open a session for ``user`` (whose password was just checked); returns the id for the cookie.

    Under the one-session policy the account's other sessions end (they are told so when they come back).
    A demo account is refused in production (:class:`DemoRefused`).
    """
    now = ctx.clock()
    policy = ctx.security.sessions
    session_id = secrets.token_urlsafe(32)
    with ctx.unit_of_work(reason="login", actor=user.name) as uow:
        if ctx.security.production and uow.accounts.is_demo(user.name):
            raise DemoRefused(f"{user.name!r} is a demo account, refused in production")
        uow.sessions.prune(now - KEEP_ENDED, now - policy.absolute - KEEP_ENDED)
        if policy.single:
            ended = uow.sessions.end_all(user.name, EndReason.REPLACED, now)
            if ended:
                record_session_event(uow.audit, user.name, "replaced", sessions=ended, address=address)
        uow.sessions.add(_hash(session_id), user.name, state, address, now)
        uow.commit()
    return session_id


def resolve(ctx: Context, session_id: str) -> Resolved:
    """The user of ``session_id`` if its session is open; a session found timed out is ended here (and
    the timeout is an audit event). "Last seen" is written at most once per ``touch_every``."""
    now = ctx.clock()
    policy = ctx.security.sessions
    with ctx.reading() as snapshot:
        found = snapshot.sessions.find(_hash(session_id))
    if found is None:
        return Resolved(None)
    if found.ended_at is not None:
        return Resolved(None, found.end_reason)
    reason = timed_out(policy, found.created_at, found.last_seen_at, now)
    if reason is None and not found.user.active:
        reason = EndReason.DEACTIVATED
    if reason is not None:
        with ctx.unit_of_work(reason="session timeout", actor=found.user.name) as uow:
            if uow.sessions.end(found.id, reason, now):
                record_session_event(uow.audit, found.user.name, "timeout", cause=reason.value)
            uow.commit()
        return Resolved(None, reason)
    if now - found.last_seen_at >= policy.touch_every:
        with ctx.unit_of_work() as uow:
            uow.sessions.touch(found.id, now)
            uow.commit()  # nothing audited: the data version stays where it is
    must_change = not found.demo and (
        found.must_change_password or expired(ctx.security.passwords, found.password_changed_at, now)
    )
    must_enrol = not found.two_factor and ctx.security.two_factor.requires(found.user.role, demo=found.demo)
    return Resolved(found.user, None, must_change, found.state, must_enrol)


def activate(ctx: Context, session_id: str) -> str | None:
    """A session awaiting its second factor becomes active (the code was right) under a new id, which is
    returned for the cookie (the id from before the second factor is refused from now on); None if the
    session is not open."""
    now = ctx.clock()
    with ctx.reading() as snapshot:
        found = snapshot.sessions.find(_hash(session_id))
    if found is None or found.ended_at is not None:
        return None
    fresh = secrets.token_urlsafe(32)
    with ctx.unit_of_work() as uow:
        done = uow.sessions.activate(found.id, now, _hash(fresh))
        uow.commit()
    return fresh if done else None


def end(ctx: Context, session_id: str, reason: EndReason = EndReason.LOGOUT) -> None:
    """End one session (logout); the same id is refused from now on, whoever holds a copy of the cookie."""
    now = ctx.clock()
    with ctx.reading() as snapshot:
        found = snapshot.sessions.find(_hash(session_id))
    if found is None or found.ended_at is not None:
        return
    with ctx.unit_of_work(reason="logout", actor=found.user.name) as uow:
        if uow.sessions.end(found.id, reason, now):
            if reason is EndReason.LOGOUT:
                record_session_event(uow.audit, found.user.name, "logout")
            else:
                record_session_event(uow.audit, found.user.name, "ended", cause=reason.value, sessions=1)
        uow.commit()


def end_all(uow: UnitOfWork, user_name: str, reason: EndReason, now: datetime) -> int:
    """End every open session of ``user_name`` in the caller's transaction (an account change); returns how
    many ended, and records the event when any did."""
    ended = uow.sessions.end_all(user_name, reason, now)
    if ended:
        record_session_event(uow.audit, user_name, "ended", cause=reason.value, sessions=ended)
    return ended


def open_sessions(ctx: Context, user_name: str) -> int:
    with ctx.reading() as snapshot:
        return snapshot.sessions.open_count(user_name)
