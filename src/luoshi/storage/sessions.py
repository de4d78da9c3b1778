"""Repository of login sessions (server side). Not audited: a session changes no data; the service writes
the security events (logout, timeout, sessions ended by an account change) to the audit log itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from luoshi.domain.account import Role, User
from luoshi.domain.session import EndReason, SessionState
from luoshi.storage.tables import LoginSessionRow, TwoFactorRow, UnitRow, UserRow


@dataclass(frozen=True)
class StoredSession:
    """A session row with its account: the user, the account's password flags and the session's times."""

    id: int
    user: User
    state: SessionState
    created_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None
    end_reason: EndReason | None
    demo: bool
    must_change_password: bool
    password_changed_at: datetime | None
    two_factor: bool = False  # the account has a confirmed second factor


class SessionStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, id_hash: str, user_name: str, state: SessionState, address: str, now: datetime) -> None:
        user_id = self.session.scalar(select(UserRow.id).where(UserRow.name == user_name))
        self.session.add(
            LoginSessionRow(
                id_hash=id_hash,
                user_id=user_id,
                state=state.value,
                address=address[:64],
                created_at=now,
                last_seen_at=now,
            )
        )

    def find(self, id_hash: str) -> StoredSession | None:
        found = self.session.execute(
            select(LoginSessionRow, UserRow, UnitRow.code, TwoFactorRow.confirmed_at)
            .join(UserRow, UserRow.id == LoginSessionRow.user_id)
            .outerjoin(UnitRow, UnitRow.id == UserRow.unit_id)
            .outerjoin(TwoFactorRow, TwoFactorRow.user_id == UserRow.id)
            .where(LoginSessionRow.id_hash == id_hash)
        ).first()
        if found is None:
            return None
        row, user, unit_code, confirmed_at = found
        return StoredSession(
            row.id,
            User(user.name, Role(user.role), user.display_name, unit_code, user.active),
            SessionState(row.state),
            row.created_at,
            row.last_seen_at,
            row.ended_at,
            EndReason(row.end_reason) if row.end_reason else None,
            user.demo,
            user.must_change_password,
            user.password_changed_at,
            confirmed_at is not None,
        )

    def activate(self, session_id: int, now: datetime, id_hash: str) -> bool:
        """The second factor was right: the session (still open, awaiting it) becomes active under a new id
        (``id_hash``), so that the id known before the second factor opens nothing."""
        done = self.session.execute(
            update(LoginSessionRow)
            .where(
                LoginSessionRow.id == session_id,
                LoginSessionRow.ended_at.is_(None),
                LoginSessionRow.state == SessionState.SECOND_FACTOR.value,
            )
            .values(state=SessionState.ACTIVE.value, last_seen_at=now, id_hash=id_hash)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def touch(self, session_id: int, now: datetime) -> None:
        self.session.execute(update(LoginSessionRow).where(LoginSessionRow.id == session_id).values(last_seen_at=now))

    def end(self, session_id: int, reason: EndReason, now: datetime) -> bool:
        """End one session; False if it had ended already (so that an end is recorded once)."""
        done = self.session.execute(
            update(LoginSessionRow)
            .where(LoginSessionRow.id == session_id, LoginSessionRow.ended_at.is_(None))
            .values(ended_at=now, end_reason=reason.value)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def end_all(self, user_name: str, reason: EndReason, now: datetime, *, keep: int | None = None) -> int:
        """End every open session of ``user_name`` (but ``keep``); returns how many ended."""
        user_id = select(UserRow.id).where(UserRow.name == user_name).scalar_subquery()
        query = update(LoginSessionRow).where(LoginSessionRow.user_id == user_id, LoginSessionRow.ended_at.is_(None))
        if keep is not None:
            query = query.where(LoginSessionRow.id != keep)
        done = self.session.execute(query.values(ended_at=now, end_reason=reason.value))
        return int(done.rowcount)  # type: ignore[attr-defined]

    def open_count(self, user_name: str) -> int:
        return len(
            self.session.scalars(
                select(LoginSessionRow.id)
                .join(UserRow, UserRow.id == LoginSessionRow.user_id)
                .where(UserRow.name == user_name, LoginSessionRow.ended_at.is_(None))
            ).all()
        )

    def prune(self, ended_before: datetime, started_before: datetime) -> None:
        """Delete sessions ended before ``ended_before`` and any started before ``started_before`` (long dead)."""
        self.session.execute(
            delete(LoginSessionRow).where(
                (LoginSessionRow.ended_at < ended_before) | (LoginSessionRow.created_at < started_before)
            )
        )
