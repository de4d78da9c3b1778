"""The audit log: who changed what, when, with the values before and after."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Table, func, select
from sqlalchemy.orm import Session

from luoshi.storage.database import insert_rows
from luoshi.storage.tables import AuditRow, utcnow

AUDIT_TABLE: Table = AuditRow.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_key: str
    plan_code: str | None
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    reason: str | None
    version: int | None = None


class AuditLog:
    """Writes audit entries into the caller's session, so that they commit or roll back with the change.

    Entries are buffered and written in one statement by :meth:`flush`, which the unit of work calls
    with the transaction's data version just before it commits. ``actor`` is fixed when the log is made.
    """

    def __init__(self, session: Session, actor: str, reason: str | None = None) -> None:
        self.session = session
        self._actor = actor
        self.reason = reason
        self._pending: list[dict[str, Any]] = []

    @property
    def actor(self) -> str:
        return self._actor

    @property
    def pending(self) -> int:
        """Entries written since the last flush (a unit of work with none moves no version)."""
        return len(self._pending)

    def _add(self, action: str, object_type: str, key: str, old: Any, new: Any, plan_code: str | None) -> None:
        self._pending.append(
            {
                "at": utcnow(),
                "actor": self._actor,
                "action": action,
                "object_type": object_type,
                "object_key": key,
                "plan_code": plan_code,
                "old": old,
                "new": new,
                "reason": self.reason,
            }
        )

    def flush(self, version: int | None = None) -> int:
        """Write the buffered entries (stamped with the transaction's data version); returns how many."""
        pending, self._pending = self._pending, []
        for entry in pending:
            entry["version"] = version
        insert_rows(self.session.connection(), AUDIT_TABLE, pending)
        return len(pending)

    def created(self, object_type: str, key: str, new: dict[str, Any], plan_code: str | None = None) -> None:
        self._add("create", object_type, key, None, new, plan_code)

    def updated(
        self, object_type: str, key: str, old: dict[str, Any], new: dict[str, Any], plan_code: str | None = None
    ) -> None:
        self._add("update", object_type, key, old, new, plan_code)

    def deleted(self, object_type: str, key: str, old: dict[str, Any], plan_code: str | None = None) -> None:
        self._add("delete", object_type, key, old, None, plan_code)

    def entries(
        self,
        *,
        actor: str | None = None,
        object_type: str | None = None,
        key_prefix: str | None = None,
        plan_code: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Sequence[AuditEntry]:
        """Newest first, filtered (``until`` is exclusive)."""
        query = _filtered(select(AuditRow), actor, object_type, key_prefix, plan_code)
        if since is not None:
            query = query.where(AuditRow.at >= since)
        if until is not None:
            query = query.where(AuditRow.at < until)
        rows = self.session.scalars(query.order_by(AuditRow.id.desc()).limit(limit).offset(offset))
        return [
            AuditEntry(
                r.id,
                r.at,
                r.actor,
                r.action,
                r.object_type,
                r.object_key,
                r.plan_code,
                r.old,
                r.new,
                r.reason,
                r.version,
            )
            for r in rows
        ]

    def count(self, *, plan_code: str | None = None) -> int:
        query = _filtered(select(func.count(AuditRow.id)), None, None, None, plan_code)
        return int(self.session.scalar(query) or 0)

    def actors(self) -> list[str]:
        return list(self.session.scalars(select(AuditRow.actor).distinct().order_by(AuditRow.actor)))


def _filtered(
    query: Select[Any], actor: str | None, object_type: str | None, key_prefix: str | None, plan_code: str | None
) -> Select[Any]:
    if actor:
        query = query.where(AuditRow.actor == actor)
    if object_type:
        query = query.where(AuditRow.object_type == object_type)
    if key_prefix:
        query = query.where(AuditRow.object_key.startswith(key_prefix, autoescape=True))
    if plan_code:
        query = query.where(AuditRow.plan_code == plan_code)
    return query
