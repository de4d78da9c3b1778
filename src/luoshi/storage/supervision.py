"""Supervised matters and their trails (督查督办), inside the caller's unit of work.

Every change is audited: a new matter (``matter``, key its code), a change of its state or deadline
(``matter``, old and new), and each step of its trail (``matter_event``, key ``<code>/<seq>``). The matter's
row is locked while a step is added, so that two steps at once are numbered one after the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from luoshi.domain.errors import NotFound
from luoshi.domain.record import as_record
from luoshi.domain.supervision import EventKind, Matter, MatterEvent, MatterState, SourceKind
from luoshi.storage.store import Store
from luoshi.storage.tables import MatterEventRow, MatterRow, UnitRow

#: the fields of a matter a step may change
_MOVABLE = ("state", "deadline", "closed_on")


class SupervisionStore(Store):
    """Matters (``matter``) and the steps of their trails (``matter_event``)."""

    def _unit_codes(self) -> dict[int, str]:
        return dict(self.session.execute(select(UnitRow.id, UnitRow.code)).all())

    def _row(self, code: str, *, lock: bool = False) -> MatterRow:
        query = select(MatterRow).where(MatterRow.code == code)
        if lock:
            query = query.with_for_update().execution_options(populate_existing=True)
        row = self.session.scalar(query)
        if row is None:
            raise NotFound(f"没有督办事项 {code}")
        return row

    def matter(self, code: str, *, lock: bool = False) -> Matter:
        """The matter ``code`` (NotFound without one); ``lock`` holds its row until the transaction ends."""
        row = self._row(code, lock=lock)
        return _to_matter(row, self._unit_codes())

    def matters(self, *, state: MatterState | None = None) -> list[Matter]:
        """Every matter (of ``state``), by deadline then code."""
        query = select(MatterRow).order_by(MatterRow.deadline, MatterRow.code)
        if state is not None:
            query = query.where(MatterRow.state == state.value)
        units = self._unit_codes()
        return [_to_matter(r, units) for r in self.session.scalars(query)]

    def events(self, code: str) -> list[MatterEvent]:
        """The trail of ``code``, in order."""
        matter_id = self._row(code).id
        query = select(MatterEventRow).where(MatterEventRow.matter_id == matter_id).order_by(MatterEventRow.seq)
        return [_to_event(r) for r in self.session.scalars(query)]

    def codes_with_prefix(self, prefix: str) -> int:
        """How many matter codes start with ``prefix`` (for numbering new ones)."""
        query = select(func.count(MatterRow.id)).where(MatterRow.code.startswith(prefix, autoescape=True))
        return int(self.session.scalar(query) or 0)

    def add(self, matter: Matter, first: MatterEvent) -> None:
        """Store a new matter with the first step of its trail (both audited)."""
        lead = self.session.scalar(select(UnitRow.id).where(UnitRow.code == matter.lead_unit_code))
        if lead is None:
            raise NotFound(f"没有单位 {matter.lead_unit_code}")
        row = MatterRow(lead_unit_id=lead, **_matter_values(matter))
        self.session.add(row)
        self.session.flush()
        self.audit.created("matter", matter.code, as_record(matter), matter.plan_code)
        self._append(row, matter, first)

    def record(self, code: str, event: MatterEvent, changed: Matter) -> None:
        """Add ``event`` to the trail of ``code`` (numbered after the last step, whatever ``event.seq``
        says) and store the state, deadline and closing day of ``changed`` (audited when they move)."""
        row = self._row(code, lock=True)
        old = _to_matter(row, self._unit_codes())
        moved = {name: getattr(changed, name) for name in _MOVABLE if getattr(changed, name) != getattr(old, name)}
        if moved:
            for name, value in moved.items():
                setattr(row, name, value.value if isinstance(value, MatterState) else value)
            before = {name: as_record(getattr(old, name)) for name in moved}
            self.audit.updated("matter", code, before, {name: as_record(v) for name, v in moved.items()}, old.plan_code)
        self._append(row, old, event)

    def _append(self, row: MatterRow, matter: Matter, event: MatterEvent) -> None:
        last = self.session.scalar(select(func.max(MatterEventRow.seq)).where(MatterEventRow.matter_id == row.id))
        seq = (last or 0) + 1
        values = _event_values(event)
        self.session.add(MatterEventRow(matter_id=row.id, seq=seq, **values))
        self.session.flush()
        self.audit.created("matter_event", f"{matter.code}/{seq}", {**as_record(values), "seq": seq}, matter.plan_code)


def _matter_values(m: Matter) -> dict[str, Any]:
    return {
        "code": m.code,
        "title": m.title,
        "source_kind": m.source_kind.value,
        "source_text": m.source_text,
        "plan_code": m.plan_code,
        "task_code": m.task_code,
        "assisting_unit_codes": list(m.assisting_unit_codes),
        "deadline": m.deadline,
        "state": m.state.value,
        "created_by": m.created_by,
        "created_at": m.created_at,
        "closed_on": m.closed_on,
    }


def _to_matter(row: MatterRow, units: Mapping[int, str]) -> Matter:
    return Matter(
        code=row.code,
        title=row.title,
        source_kind=SourceKind(row.source_kind),
        source_text=row.source_text,
        lead_unit_code=units[row.lead_unit_id],
        deadline=row.deadline,
        assisting_unit_codes=tuple(row.assisting_unit_codes),
        plan_code=row.plan_code,
        task_code=row.task_code,
        state=MatterState(row.state),
        created_by=row.created_by,
        created_at=row.created_at,
        closed_on=row.closed_on,
    )


def _event_values(e: MatterEvent) -> dict[str, Any]:
    return {
        "kind": e.kind.value,
        "actor": e.actor,
        "unit_code": e.unit_code,
        "at": e.at,
        "text": e.text,
        "old_deadline": e.old_deadline,
        "new_deadline": e.new_deadline,
    }


def _to_event(row: MatterEventRow) -> MatterEvent:
    return MatterEvent(
        seq=row.seq,
        kind=EventKind(row.kind),
        actor=row.actor,
        at=row.at,
        unit_code=row.unit_code,
        text=row.text,
        old_deadline=row.old_deadline,
        new_deadline=row.new_deadline,
    )


__all__ = ["SupervisionStore"]
