"""Repository of second factors: an account's TOTP secret, the last accepted time step, its recovery codes.

Not audited row by row: the service writes a security event (设置双因素认证, 使用恢复码, ...) for each change.
A code is accepted once: :meth:`TwoFactorStore.accept_step` and :meth:`TwoFactorStore.use_recovery` are
conditional updates, so two requests with the same code cannot both succeed (other processes too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from luoshi.storage.tables import RecoveryCodeRow, TwoFactorRow, UserRow


@dataclass(frozen=True)
class StoredSecond:
    secret: str
    confirmed: bool
    last_step: int | None


class TwoFactorStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _user_id(self, user_name: str) -> int:
        user_id = self.session.scalar(select(UserRow.id).where(UserRow.name == user_name))
        if user_id is None:
            raise LookupError(f"no user {user_name!r}")
        return user_id

    def find(self, user_name: str) -> StoredSecond | None:
        row = self.session.scalar(
            select(TwoFactorRow).join(UserRow, UserRow.id == TwoFactorRow.user_id).where(UserRow.name == user_name)
        )
        if row is None:
            return None
        return StoredSecond(row.secret, row.confirmed_at is not None, row.last_step)

    def begin(self, user_name: str, secret: str, now: datetime) -> None:
        """A new unconfirmed secret for ``user_name`` (replacing any other)."""
        user_id = self._user_id(user_name)
        self.session.execute(delete(TwoFactorRow).where(TwoFactorRow.user_id == user_id))
        self.session.add(TwoFactorRow(user_id=user_id, secret=secret, created_at=now))
        self.session.flush()

    def confirm(self, user_name: str, step: int, now: datetime) -> None:
        user_id = self._user_id(user_name)
        self.session.execute(
            update(TwoFactorRow).where(TwoFactorRow.user_id == user_id).values(confirmed_at=now, last_step=step)
        )

    def accept_step(self, user_name: str, step: int) -> bool:
        """Record ``step`` as the last accepted one; False if a code of it (or a later one) was accepted."""
        user_id = self._user_id(user_name)
        done = self.session.execute(
            update(TwoFactorRow)
            .where(
                TwoFactorRow.user_id == user_id,
                (TwoFactorRow.last_step.is_(None)) | (TwoFactorRow.last_step < step),
            )
            .values(last_step=step)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def remove(self, user_name: str) -> bool:
        """Forget the account's secret and recovery codes; False if it had none."""
        user_id = self._user_id(user_name)
        self.session.execute(delete(RecoveryCodeRow).where(RecoveryCodeRow.user_id == user_id))
        done = self.session.execute(delete(TwoFactorRow).where(TwoFactorRow.user_id == user_id))
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def replace_recovery(self, user_name: str, hashes: list[str], now: datetime) -> None:
        """New recovery codes (hashes); the old ones stop working."""
        user_id = self._user_id(user_name)
        self.session.execute(delete(RecoveryCodeRow).where(RecoveryCodeRow.user_id == user_id))
        self.session.add_all(RecoveryCodeRow(user_id=user_id, code_hash=h, created_at=now) for h in hashes)

    def use_recovery(self, user_name: str, code_hash: str, now: datetime) -> bool:
        """Spend the unused code with ``code_hash``; False if there is none."""
        user_id = self._user_id(user_name)
        found = self.session.scalar(
            select(RecoveryCodeRow.id).where(
                RecoveryCodeRow.user_id == user_id,
                RecoveryCodeRow.code_hash == code_hash,
                RecoveryCodeRow.used_at.is_(None),
            )
        )
        if found is None:
            return False
        done = self.session.execute(
            update(RecoveryCodeRow)
            .where(RecoveryCodeRow.id == found, RecoveryCodeRow.used_at.is_(None))
            .values(used_at=now)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def recovery_left(self, user_name: str) -> int:
        return len(
            self.session.scalars(
                select(RecoveryCodeRow.id)
                .join(UserRow, UserRow.id == RecoveryCodeRow.user_id)
                .where(UserRow.name == user_name, RecoveryCodeRow.used_at.is_(None))
            ).all()
        )
