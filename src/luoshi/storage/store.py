"""What every store shares: the caller's session and audit log, and the audited create-or-update."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domain.record import as_record
from luoshi.storage.audit import AuditLog
from luoshi.storage.database import insert_rows
from luoshi.storage.tables import RegionRow


@dataclass
class ChangeSummary:
    """How many objects of each type a write created, updated and deleted."""

    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    deleted: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def total(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values()) + sum(self.deleted.values())

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {"created": dict(self.created), "updated": dict(self.updated), "deleted": dict(self.deleted)}


class Store:
    """A repository working inside the caller's transaction (a unit of work or a read snapshot)."""

    def __init__(self, session: Session, audit: AuditLog) -> None:
        self.session = session
        self.audit = audit

    def _ids(self, model: Any, codes: Iterable[str]) -> dict[str, int]:
        wanted = list(set(codes))
        if not wanted:
            return {}
        return dict(self.session.execute(select(model.code, model.id).where(model.code.in_(wanted))).all())

    def _all_ids(self, model: Any) -> dict[str, int]:
        return dict(self.session.execute(select(model.code, model.id)).all())

    def _insert_rows(self, model: Any, rows: list[dict[str, Any]]) -> None:
        """Insert new rows (dicts of the same columns) at once in this transaction; they do not enter the
        session. See :func:`luoshi.storage.database.insert_rows`."""
        insert_rows(self.session.connection(), model.__table__, rows)

    def _region_codes(self) -> dict[int, str]:
        return dict(self.session.execute(select(RegionRow.id, RegionRow.code)).all())

    def _upsert(
        self,
        object_type: str,
        key: str,
        existing: Any | None,
        values: dict[str, Any],
        new: Any,
        old: Any | None,
        make: Callable[[], Any],
        summary: ChangeSummary,
        plan_code: str | None,
        bulk: list[dict[str, Any]] | None = None,
    ) -> Any:
        """Create the row (``make``) or update ``existing`` where ``old`` (the stored domain value) differs
        from ``new``; audit either way, with JSON records of both.

        With ``bulk``, a new row's values are appended there for one multi-row insert by the caller.
        """
        if existing is None:
            self.audit.created(object_type, key, as_record(new), plan_code)
            summary.created[object_type] += 1
            if bulk is not None:
                bulk.append(values)
                return None
            row = make()
            for name, value in values.items():
                setattr(row, name, value)
            self.session.add(row)
            return row
        if old != new:
            for name, value in values.items():
                if getattr(existing, name) != value:
                    setattr(existing, name, value)
            self.audit.updated(object_type, key, as_record(old), as_record(new), plan_code)
            summary.updated[object_type] += 1
        return existing
