"""Repository of accounts, API tokens and installation settings."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from luoshi.domain.account import Role, User
from luoshi.domain.errors import Conflict, NotFound
from luoshi.storage.audit import AuditLog
from luoshi.storage.tables import ApiTokenRow, PasswordHistoryRow, SettingRow, UnitRow, UserRow, utcnow

LAST_USED_RESOLUTION = timedelta(minutes=1)


def _user(row: UserRow, unit_code: str | None) -> User:
    return User(row.name, Role(row.role), row.display_name, unit_code, row.active)


class AccountStore:
    def __init__(self, session: Session, audit: AuditLog) -> None:
        self.session = session
        self.audit = audit

    def _unit_code(self, unit_id: int | None) -> str | None:
        if unit_id is None:
            return None
        return self.session.scalar(select(UnitRow.code).where(UnitRow.id == unit_id))

    def _row(self, name: str) -> UserRow:
        row = self.session.scalar(select(UserRow).where(UserRow.name == name))
        if row is None:
            raise NotFound(f"no user {name!r}")
        return row

    def users(self) -> list[User]:
        units = dict(self.session.execute(select(UnitRow.id, UnitRow.code)).all())
        rows = self.session.scalars(select(UserRow).order_by(UserRow.name))
        return [_user(r, units.get(r.unit_id) if r.unit_id is not None else None) for r in rows]

    def active_names_with_role(self, role: Role, *, lock: bool = False) -> list[str]:
        """The active accounts of ``role``; ``lock``: their rows held for this transaction (PostgreSQL), so
        that two changes that would each leave one of them cannot both see the other still there."""
        query = select(UserRow.name).where(UserRow.role == role.value, UserRow.active).order_by(UserRow.name)
        if lock:
            query = query.with_for_update()
        return list(self.session.scalars(query))

    def user(self, name: str) -> User:
        row = self._row(name)
        return _user(row, self._unit_code(row.unit_id))

    def password_hash(self, name: str) -> str | None:
        return self.session.scalar(select(UserRow.password_hash).where(UserRow.name == name, UserRow.active))

    def add(
        self,
        user: User,
        password_hash: str,
        *,
        must_change: bool = False,
        demo: bool = False,
        now: datetime | None = None,
    ) -> None:
        if self.session.scalar(select(UserRow.id).where(UserRow.name == user.name)) is not None:
            raise Conflict(f"user {user.name!r} exists already")
        unit_id = None
        if user.unit_code is not None:
            unit_id = self.session.scalar(select(UnitRow.id).where(UnitRow.code == user.unit_code))
            if unit_id is None:
                raise NotFound(f"no unit {user.unit_code!r}")
        self.session.add(
            UserRow(
                name=user.name,
                display_name=user.display_name,
                role=user.role.value,
                unit_id=unit_id,
                password_hash=password_hash,
                active=user.active,
                must_change_password=must_change,
                password_changed_at=now or utcnow(),
                demo=demo,
            )
        )
        record: dict[str, object] = {
            "name": user.name,
            "role": user.role.value,
            "unit_code": user.unit_code,
            "active": user.active,
        }
        if demo:
            record["demo"] = True
        self.audit.created("user", user.name, record)

    def update(self, user: User) -> None:
        row = self._row(user.name)
        old = _user(row, self._unit_code(row.unit_id))
        unit_id = None
        if user.unit_code is not None:
            unit_id = self.session.scalar(select(UnitRow.id).where(UnitRow.code == user.unit_code))
            if unit_id is None:
                raise NotFound(f"no unit {user.unit_code!r}")
        row.display_name, row.role, row.unit_id, row.active = user.display_name, user.role.value, unit_id, user.active
        if old != user:
            self.audit.updated("user", user.name, _record(old), _record(user))

    def set_password_hash(
        self, name: str, password_hash: str, *, must_change: bool = False, now: datetime | None = None
    ) -> None:
        """Set a new password hash; the old one goes into the account's password history."""
        row = self._row(name)
        self.session.add(PasswordHistoryRow(user_id=row.id, password_hash=row.password_hash, set_at=now or utcnow()))
        row.password_hash = password_hash
        row.must_change_password = must_change
        row.password_changed_at = now or utcnow()
        self.audit.updated("user", name, {"password": "(old)"}, {"password": "(changed)"})

    def recent_password_hashes(self, name: str, count: int) -> list[str]:
        """The current password's hash and the ``count - 1`` before it (newest first)."""
        if count <= 0:
            return []
        row = self._row(name)
        older = self.session.scalars(
            select(PasswordHistoryRow.password_hash)
            .where(PasswordHistoryRow.user_id == row.id)
            .order_by(PasswordHistoryRow.id.desc())
            .limit(count - 1)
        )
        return [row.password_hash, *older]

    def is_demo(self, name: str) -> bool:
        return bool(self.session.scalar(select(UserRow.demo).where(UserRow.name == name)))

    def add_token(self, user_name: str, label: str, token_hash: str, expires_at: datetime | None = None) -> None:
        row = self._row(user_name)
        self.session.add(ApiTokenRow(user_id=row.id, label=label, token_hash=token_hash, expires_at=expires_at))
        record: dict[str, object] = {"user": user_name, "label": label}
        if expires_at is not None:
            record["expires_at"] = expires_at.isoformat(timespec="minutes")
        self.audit.created("api_token", f"{user_name}/{label}", record)

    def user_for_token(self, token_hash: str, now: datetime | None = None) -> tuple[User, int, bool] | None:
        """The user of a valid token (not revoked, not expired by ``now``), the token's id, and whether its
        "last used" is due to be written."""
        now = now or utcnow()
        found = self.session.execute(
            select(UserRow, ApiTokenRow.id, ApiTokenRow.last_used_at)
            .join(ApiTokenRow, ApiTokenRow.user_id == UserRow.id)
            .where(
                ApiTokenRow.token_hash == token_hash,
                ApiTokenRow.revoked.is_(False),
                UserRow.active,
                ApiTokenRow.expires_at.is_(None) | (ApiTokenRow.expires_at > now),
            )
        ).first()
        if found is None:
            return None
        row, token_id, last_used = found
        # "last used" is shown to the minute: write it at most once a minute, not on every request
        due = last_used is None or now - last_used > LAST_USED_RESOLUTION
        return _user(row, self._unit_code(row.unit_id)), token_id, due

    def touch_token(self, token_id: int, now: datetime | None = None) -> None:
        """Record that a token was used now (not audited: it changes no data)."""
        self.session.execute(update(ApiTokenRow).where(ApiTokenRow.id == token_id).values(last_used_at=now or utcnow()))

    def token_expiry(self, token_id: int) -> datetime | None:
        return self.session.scalar(select(ApiTokenRow.expires_at).where(ApiTokenRow.id == token_id))

    def tokens(self) -> list[tuple[int, str, str, datetime, datetime | None, bool, datetime | None]]:
        """Every token: id, user, label, created, last used, revoked, expires."""
        rows = self.session.execute(
            select(
                ApiTokenRow.id,
                UserRow.name,
                ApiTokenRow.label,
                ApiTokenRow.created_at,
                ApiTokenRow.last_used_at,
                ApiTokenRow.revoked,
                ApiTokenRow.expires_at,
            )
            .join(UserRow)
            .order_by(ApiTokenRow.id)
        ).all()
        return [(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows]

    def revoke_token(self, token_id: int) -> None:
        row = self.session.get(ApiTokenRow, token_id)
        if row is None:
            raise NotFound(f"no API token {token_id}")
        row.revoked = True
        self.audit.updated("api_token", str(token_id), {"revoked": False}, {"revoked": True})

    def setting(self, key: str) -> str | None:
        return self.session.scalar(select(SettingRow.value).where(SettingRow.key == key))

    def set_setting(self, key: str, value: str) -> None:
        row = self.session.get(SettingRow, key)
        if row is None:
            self.session.add(SettingRow(key=key, value=value))
        else:
            row.value = value


def _record(user: User) -> dict[str, object]:
    return {
        "name": user.name,
        "display_name": user.display_name,
        "role": user.role.value,
        "unit_code": user.unit_code,
        "active": user.active,
    }
