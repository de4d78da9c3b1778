"""The audit log: who changed what, when, with the values before and after; a hash chain shows tampering.

Entries are only ever appended (:meth:`AuditLog.flush`); the one path that removes any is
:func:`remove_through`, which takes a prefix of the chain away after it was exported and leaves a
checkpoint entry holding the last removed entry's hash (storage/audit_chain.py, docs/security.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, Table, delete, func, select, update
from sqlalchemy.orm import Session

from luoshi.domain.security import HashAlgorithm
from luoshi.storage.audit_chain import GENESIS, chained
from luoshi.storage.database import insert_rows
from luoshi.storage.tables import AuditHeadRow, AuditRow, utcnow

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
    seq: int | None = None


HEAD_ID = 1


def lock_head(session: Session) -> tuple[int, str]:
    """The chain's head (seq, hash), locked until the caller's transaction ends: appends queue here.

    On PostgreSQL the row is selected ``FOR UPDATE``; SQLite writers already hold the database's write lock
    (``BEGIN IMMEDIATE``). A database without the row (restored from an old backup) starts it again.
    """
    row = session.execute(
        select(AuditHeadRow.seq, AuditHeadRow.entry_hash).where(AuditHeadRow.id == HEAD_ID).with_for_update()
    ).first()
    if row is None:
        last = session.execute(
            select(AuditRow.seq, AuditRow.entry_hash).where(AuditRow.seq.is_not(None)).order_by(AuditRow.seq.desc())
        ).first()
        seq, head = (int(last[0] or 0), str(last[1])) if last else (0, GENESIS)
        session.add(AuditHeadRow(id=HEAD_ID, seq=seq, entry_hash=head))
        session.flush()
        return seq, head
    return int(row[0]), str(row[1])


def head(session: Session) -> tuple[int, str] | None:
    """The chain's head as a reader sees it (None on a database that never had one)."""
    row = session.execute(select(AuditHeadRow.seq, AuditHeadRow.entry_hash).where(AuditHeadRow.id == HEAD_ID)).first()
    return (int(row[0]), str(row[1])) if row else None


class AuditLog:
    """Writes audit entries into the caller's session, so that they commit or roll back with the change.

    Entries are buffered and written in one statement by :meth:`flush`, which the unit of work calls
    with the transaction's data version just before it commits. ``actor`` is fixed when the log is made.
    """

    def __init__(
        self,
        session: Session,
        actor: str,
        reason: str | None = None,
        algorithm: HashAlgorithm = HashAlgorithm.SHA256,
    ) -> None:
        self.session = session
        self._actor = actor
        self.reason = reason
        self.algorithm = algorithm
        self._pending: list[dict[str, Any]] = []
        self._events: list[dict[str, Any]] = []

    @property
    def actor(self) -> str:
        return self._actor

    @property
    def pending(self) -> int:
        """Changes written since the last flush (a unit of work with none moves no version)."""
        return len(self._pending)

    @property
    def buffered(self) -> int:
        """Entries waiting for :meth:`flush`: changes and security events."""
        return len(self._pending) + len(self._events)

    def event(self, kind: str, detail: dict[str, Any], *, actor: str | None = None) -> None:
        """A security event (object type ``security``, key its kind): no data changed, so it carries no
        data version and moves none."""
        self._events.append(
            {
                "at": utcnow(),
                "actor": (actor or self._actor)[:100],
                "action": "event",
                "object_type": "security",
                "object_key": kind,
                "plan_code": None,
                "old": None,
                "new": detail,
                "reason": self.reason,
                "version": None,
            }
        )

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
        """Write the buffered entries (changes stamped with the transaction's data version) at the end of the
        hash chain, whose head stays locked until the transaction ends; returns how many."""
        pending, self._pending = self._pending, []
        events, self._events = self._events, []
        for entry in pending:
            entry["version"] = version
        entries = pending + events
        if not entries:
            return 0
        seq, prev = lock_head(self.session)
        seq, prev = chained(entries, seq, prev, self.algorithm)
        insert_rows(self.session.connection(), AUDIT_TABLE, entries)
        self.session.execute(update(AuditHeadRow).where(AuditHeadRow.id == HEAD_ID).values(seq=seq, entry_hash=prev))
        return len(entries)

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
        key: str | None = None,
        plan_code: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Sequence[AuditEntry]:
        """Newest first, filtered (``until`` is exclusive)."""
        query = _filtered(select(AuditRow), actor, object_type, key_prefix, plan_code)
        if key is not None:
            query = query.where(AuditRow.object_key == key)
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
                r.seq,
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


#: the columns of a chained entry, as the chain's walk and the exports read them
CHAIN_COLUMNS = (
    AuditRow.id,
    AuditRow.seq,
    AuditRow.prev_hash,
    AuditRow.at,
    AuditRow.actor,
    AuditRow.action,
    AuditRow.object_type,
    AuditRow.object_key,
    AuditRow.plan_code,
    AuditRow.old,
    AuditRow.new,
    AuditRow.reason,
    AuditRow.version,
    AuditRow.hash_alg,
    AuditRow.entry_hash,
)


_CHAIN_NAMES = tuple(c.key for c in CHAIN_COLUMNS)


def chain_rows(session: Session, *, through_seq: int | None = None, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every entry in the order written (by id; up to seq ``through_seq`` if given), read in batches."""
    last_id = 0
    while True:
        query = select(*CHAIN_COLUMNS).where(AuditRow.id > last_id)
        if through_seq is not None:
            query = query.where(AuditRow.seq <= through_seq)
        rows = [
            dict(zip(_CHAIN_NAMES, r, strict=True)) for r in session.execute(query.order_by(AuditRow.id).limit(batch))
        ]
        if not rows:
            return
        yield from rows
        last_id = rows[-1]["id"]


def first_entry(session: Session) -> tuple[int, int | None] | None:
    """The id and seq of the oldest entry there is (None on an empty log)."""
    row = session.execute(select(AuditRow.id, AuditRow.seq).order_by(AuditRow.id).limit(1)).first()
    return (int(row[0]), row[1]) if row else None


def security_events(session: Session, kind: str) -> list[dict[str, Any]]:
    """The ``new`` values (details) of the security events of one kind, oldest first."""
    rows = session.scalars(
        select(AuditRow.new)
        .where(AuditRow.object_type == "security", AuditRow.object_key == kind)
        .order_by(AuditRow.id)
    )
    return [dict(r) for r in rows if r]


def last_seq_before(session: Session, before: datetime) -> int | None:
    """The seq of the last entry of the longest run of oldest entries written before ``before``."""
    younger = session.scalar(select(func.min(AuditRow.seq)).where(AuditRow.at >= before))
    if younger is not None:
        return int(younger) - 1
    newest = session.scalar(select(func.max(AuditRow.seq)))
    return int(newest) if newest is not None else None


def hash_of(session: Session, seq: int) -> str:
    """The entry_hash of the entry at ``seq``."""
    return str(session.scalar(select(AuditRow.entry_hash).where(AuditRow.seq == seq)))


def remove_through(session: Session, seq: int) -> int:
    """Remove the entries up to ``seq`` (an archive, after an export covered them); returns how many.

    The only statement in luoshi that deletes audit entries besides a restore's replacing of the whole
    database (tests/unit/test_audit_append_only.py keeps it that way).
    """
    result = session.execute(delete(AuditRow).where(AuditRow.seq <= seq))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
