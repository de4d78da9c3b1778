"""The data version: one counter row that every writing transaction increments just before it commits.

The increment locks the row until the transaction ends, so versions are handed out in commit order on
PostgreSQL as on SQLite (where writers are serialised anyway): a reader whose snapshot shows version *v*
sees every transaction numbered up to *v* and none after. The audit entries a transaction writes carry
its version, so "what changed since *v*" is the audit entries numbered above *v*.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from luoshi.storage.tables import AuditRow, DataVersionRow

ROW_ID = 1


@dataclass(frozen=True)
class Change:
    """One audited change: ``observation`` ``pingcheng-14/gdp/140213:2023:level:actual`` in plan ``pingcheng-14``."""

    version: int
    object_type: str
    object_key: str
    action: str
    plan_code: str | None


def bump(session: Session) -> int:
    """Increment the version inside the caller's transaction (locking the row until it ends); the new one."""
    version = session.scalar(  # one statement: the increment answers the new value (RETURNING)
        update(DataVersionRow)
        .where(DataVersionRow.id == ROW_ID)
        .values(version=DataVersionRow.version + 1)
        .returning(DataVersionRow.version)
    )
    if version is None:  # a database restored from an old backup: start the counter again
        session.add(DataVersionRow(id=ROW_ID, version=1))
        session.flush()
        return 1
    return int(version)


def current(connection: Connection | Session) -> int:
    """The version a reader's transaction sees (0 before the first write)."""
    version = connection.scalar(select(DataVersionRow.version).where(DataVersionRow.id == ROW_ID))
    return int(version or 0)


def set_at_least(session: Session, version: int) -> None:
    """Move the counter to at least ``version`` (after a restore brought back entries numbered that high)."""
    row = session.get(DataVersionRow, ROW_ID, with_for_update=True)
    if row is None:
        session.add(DataVersionRow(id=ROW_ID, version=version))
    elif row.version < version:
        row.version = version
    session.flush()


def changes_since(session: Session, version: int) -> Sequence[Change]:
    """The audited changes of the transactions numbered above ``version`` that the caller can see."""
    rows = session.execute(
        select(AuditRow.version, AuditRow.object_type, AuditRow.object_key, AuditRow.action, AuditRow.plan_code)
        .where(AuditRow.version > version)
        .order_by(AuditRow.id)
    )
    return [Change(v or 0, t, k, a, p) for v, t, k, a, p in rows]
