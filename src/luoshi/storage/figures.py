"""Single writes into a plan: a figure someone entered, a target, a task's status, a new indicator.

Two people entering the same figure at the same moment both succeed: the write is an upsert on the
figure's natural key (the later one wins, both are audited). On PostgreSQL the row is locked while it is
compared and updated, and a first insert that meets another one (``ON CONFLICT DO NOTHING``) updates the
row the other one created; on SQLite writers queue for the write lock (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from luoshi.domain.errors import InvalidInput, Location, NotFound, Problem
from luoshi.domain.indicator import Indicator, IndicatorMetadata
from luoshi.domain.observation import Observation, StoredObservation
from luoshi.domain.plan import Task, TaskStatus
from luoshi.domain.provenance import Provenance
from luoshi.domain.record import as_record
from luoshi.domain.target import Target
from luoshi.storage import mapping
from luoshi.storage.audit import AuditLog
from luoshi.storage.plans import PlanReader
from luoshi.storage.store import ChangeSummary
from luoshi.storage.tables import (
    DocumentRow,
    GoalRow,
    IndicatorRow,
    ObservationRow,
    RegionRow,
    TargetRow,
    TaskRow,
    UnitRow,
)

OBSERVATION_KEY = ("indicator_id", "region_id", "period", "measure", "scenario")
TARGET_KEY = ("indicator_id", "measure", "target_year")


class FigureStore(PlanReader):
    """Indicators, tasks and their figures, one at a time, inside the caller's unit of work."""

    def __init__(self, session: Session, audit: AuditLog) -> None:
        super().__init__(session, audit)
        self._indicator_rows: dict[tuple[str, str], IndicatorRow] = {}

    def indicator(self, plan_code: str, code: str) -> Indicator:
        row = self._indicator_row(plan_code, code)
        owner = row.owner_unit_id
        units = {} if owner is None else {owner: self.session.scalar(select(UnitRow.code).where(UnitRow.id == owner))}
        return mapping.to_indicator(row, units)  # type: ignore[arg-type]

    def task(self, plan_code: str, code: str) -> Task:
        plan_row = self.plan_row(plan_code)
        row = self.session.scalar(select(TaskRow).where(TaskRow.plan_id == plan_row.id, TaskRow.code == code))
        if row is None:
            raise NotFound(f"no task {code!r} in plan {plan_code!r}")
        goals = dict(self.session.execute(select(GoalRow.id, GoalRow.code).where(GoalRow.plan_id == plan_row.id)).all())
        return mapping.to_task(row, goals, self._unit_codes())

    def _indicator_row(self, plan_code: str, code: str) -> IndicatorRow:
        known = self._indicator_rows
        if (plan_code, code) in known:
            return known[plan_code, code]
        plan_row = self.plan_row(plan_code)
        row = self.session.scalar(
            select(IndicatorRow).where(IndicatorRow.plan_id == plan_row.id, IndicatorRow.code == code)
        )
        if row is None:
            raise NotFound(f"no indicator {code!r} in plan {plan_code!r}")
        known[plan_code, code] = row
        return row

    def _document_ids(self, *provenances: Provenance | None) -> dict[str, int]:
        """The row ids of the documents these provenances cite (NotFound for one that is not stored)."""
        codes = {p.document_code for p in provenances if p is not None and p.document_code}
        ids = self._ids(DocumentRow, codes)
        missing = sorted(codes - set(ids))
        if missing:
            raise NotFound(f"no document {', '.join(missing)}")
        return ids

    def _document_codes(self, ids: dict[str, int], *row_ids: int | None) -> dict[int, str]:
        """id -> code for the documents in ``ids`` and those of ``row_ids`` (a stored row's citation)."""
        codes = {v: k for k, v in ids.items()}
        wanted = [i for i in row_ids if i is not None and i not in codes]
        if wanted:
            rows = self.session.execute(select(DocumentRow.id, DocumentRow.code).where(DocumentRow.id.in_(wanted)))
            codes.update((row_id, code) for row_id, code in rows)
        return codes

    def save_observation(self, plan_code: str, obs: Observation, origin: str) -> ChangeSummary:
        """Add one observation, or update the one with the same key (audited either way)."""
        summary = ChangeSummary()
        ind = self._indicator_row(plan_code, obs.indicator_code)
        region_ids = self._ids(RegionRow, [obs.region_code])
        if obs.region_code not in region_ids:
            raise NotFound(f"no region {obs.region_code!r}")
        doc_ids = self._document_ids(obs.provenance)
        values = mapping.observation_values(ind.id, region_ids[obs.region_code], obs, origin, doc_ids)
        key = f"{plan_code}/{ind.code}/{obs.key}"
        row, _ = self._stored_or_new(
            ObservationRow, OBSERVATION_KEY, values, "observation", key, obs, plan_code, summary
        )
        if row is None:
            return summary
        regions = {v: k for k, v in region_ids.items()}
        old = mapping.to_observation(row, ind.code, regions, self._document_codes(doc_ids, row.document_id))
        self._upsert("observation", key, row, values, obs, old, ObservationRow, summary, plan_code)
        if old != obs:
            row.origin = origin
        self.session.flush()
        return summary

    def observation_id(self, plan_code: str, indicator_code: str, obs: Observation) -> int:
        """The row id of the stored observation with ``obs``'s natural key (after :meth:`save_observation`)."""
        row_id = self.session.scalar(
            select(ObservationRow.id)
            .join(IndicatorRow, IndicatorRow.id == ObservationRow.indicator_id)
            .join(RegionRow, RegionRow.id == ObservationRow.region_id)
            .where(
                IndicatorRow.plan_id == self.plan_row(plan_code).id,
                IndicatorRow.code == indicator_code,
                RegionRow.code == obs.region_code,
                ObservationRow.period == obs.period.code,
                ObservationRow.measure == obs.measure.value,
                ObservationRow.scenario == obs.scenario,
            )
        )
        if row_id is None:
            raise NotFound(f"no observation {plan_code}/{indicator_code}/{obs.key}")
        return row_id

    def stored_observations(
        self, plan_code: str, indicator_codes: Collection[str], *, scenario: str = "actual"
    ) -> list[StoredObservation]:
        """The observations of some indicators of a plan (of one scenario), with their ids and origins."""
        if not indicator_codes:
            return []
        query = (
            select(ObservationRow.__table__, IndicatorRow.code.label("indicator_code"))
            .join(IndicatorRow, IndicatorRow.id == ObservationRow.indicator_id)
            .where(
                IndicatorRow.plan_id == self.plan_row(plan_code).id,
                IndicatorRow.code.in_(list(indicator_codes)),
                ObservationRow.scenario == scenario,
            )
            .order_by(ObservationRow.id)
        )
        rows = list(self.session.execute(query))
        documents = self._document_codes({}, *(r.document_id for r in rows))
        regions = self._region_codes()
        return [
            StoredObservation(r.id, r.origin, mapping.to_observation(r, r.indicator_code, regions, documents))
            for r in rows
        ]

    def save_target(
        self, plan_code: str, indicator_code: str, target: Target, origin: str
    ) -> tuple[ChangeSummary, int]:
        """Add one target, or update the one with the same measure and target year (audited either way);
        returns the summary and the target's row id."""
        summary = ChangeSummary()
        ind = self._indicator_row(plan_code, indicator_code)
        doc_ids = self._document_ids(target.provenance)
        values = mapping.target_values(ind.id, target, origin, doc_ids)
        key = f"{plan_code}/{indicator_code}/{target.key}"
        row, new_id = self._stored_or_new(TargetRow, TARGET_KEY, values, "target", key, target, plan_code, summary)
        if row is None:
            assert new_id is not None
            return summary, new_id
        old = mapping.to_target(row, self._document_codes(doc_ids, row.document_id))
        self._upsert("target", key, row, values, target, old, TargetRow, summary, plan_code)
        self.session.flush()
        return summary, row.id

    def add_indicator(self, plan_code: str, indicator: Indicator, origin: str) -> ChangeSummary:
        """Add a new indicator at the end of the plan's catalogue (audited); an existing code is an error.

        ``origin`` says what created it; a plan file deletes only the indicators a plan file created.
        """
        plan_row = self.plan_row(plan_code)
        existing = self.session.scalar(
            select(IndicatorRow).where(IndicatorRow.plan_id == plan_row.id, IndicatorRow.code == indicator.code)
        )
        if existing is not None:
            raise InvalidInput(
                [Problem(Location("indicator"), f"plan {plan_code} already has an indicator {indicator.code!r}")]
            )
        position = len(list(self.session.scalars(select(IndicatorRow.id).where(IndicatorRow.plan_id == plan_row.id))))
        unit_ids = self._ids(UnitRow, [indicator.owner_unit_code] if indicator.owner_unit_code else [])
        summary = ChangeSummary()
        values = {**mapping.indicator_values(plan_row.id, indicator, unit_ids, position), "origin": origin}
        self._upsert(
            "indicator",
            f"{plan_code}/{indicator.code}",
            None,
            values,
            indicator,
            None,
            IndicatorRow,
            summary,
            plan_code,
        )
        self.session.flush()
        return summary

    def update_indicator_metadata(self, plan_code: str, code: str, changes: IndicatorMetadata) -> ChangeSummary:
        """Set an indicator's metadata (元数据: definition, 统计口径, source, frequency, price basis, owner unit),
        audited with the old and new values of the fields that changed; the row is locked while compared."""
        summary = ChangeSummary()
        plan_row = self.plan_row(plan_code)
        row = self._locked(select(IndicatorRow).where(IndicatorRow.plan_id == plan_row.id, IndicatorRow.code == code))
        if row is None:
            raise NotFound(f"no indicator {code!r} in plan {plan_code!r}")
        owner = changes.owner_unit_code
        owner_ids = self._ids(UnitRow, [owner] if owner else [])
        if owner and owner not in owner_ids:
            raise InvalidInput([Problem(Location("owner_unit_code"), f"no unit {owner!r}")])
        old_owner = (
            self.session.scalar(select(UnitRow.code).where(UnitRow.id == row.owner_unit_id))
            if row.owner_unit_id is not None
            else None
        )
        new = {
            "description": changes.description,
            "scope": changes.scope,
            "data_source": changes.data_source,
            "frequency": changes.frequency.value,
            "price_basis": changes.price_basis.value,
            "owner_unit_code": owner or None,
        }
        old = {
            "description": row.description,
            "scope": row.scope,
            "data_source": row.data_source,
            "frequency": row.frequency,
            "price_basis": row.price_basis,
            "owner_unit_code": old_owner,
        }
        moved = [k for k in new if new[k] != old[k]]
        if not moved:
            return summary
        self.audit.updated(
            "indicator", f"{plan_code}/{code}", {k: old[k] for k in moved}, {k: new[k] for k in moved}, plan_code
        )
        row.description, row.scope, row.data_source = changes.description, changes.scope, changes.data_source
        row.frequency, row.price_basis = changes.frequency.value, changes.price_basis.value
        row.owner_unit_id = owner_ids[owner] if owner else None
        self._indicator_rows.pop((plan_code, code), None)
        summary.updated["indicator"] += 1
        self.session.flush()
        return summary

    def set_task_status(self, plan_code: str, code: str, status: TaskStatus) -> ChangeSummary:
        """Set a task's status (audited when it changes; the row is locked while it is compared)."""
        summary = ChangeSummary()
        plan_row = self.plan_row(plan_code)
        row = self._locked(select(TaskRow).where(TaskRow.plan_id == plan_row.id, TaskRow.code == code))
        if row is None:
            raise NotFound(f"no task {code!r} in plan {plan_code!r}")
        if row.status != status.value:
            self.audit.updated(
                "task", f"{plan_code}/{code}", {"status": row.status}, {"status": status.value}, plan_code
            )
            row.status = status.value
            summary.updated["task"] += 1
        self.session.flush()
        return summary

    def _stored_or_new(
        self,
        model: Any,
        key_columns: Sequence[str],
        values: dict[str, Any],
        object_type: str,
        audit_key: str,
        new: Any,
        plan_code: str,
        summary: ChangeSummary,
    ) -> tuple[Any | None, int | None]:
        """The stored row with ``values``' natural key, locked until the transaction ends (PostgreSQL), for
        the caller to compare and update: ``(row, None)``. Without one, insert ``values`` and audit ``new``
        as created: ``(None, new id)``. An insert that meets another transaction's (``ON CONFLICT DO
        NOTHING`` waits for it) takes the row that one created instead."""
        find = select(model).where(*(getattr(model, k) == values[k] for k in key_columns))
        row = self._locked(find)
        if row is not None:
            return row, None
        new_id = self._insert_new(model, values, key_columns)
        if new_id is not None:
            self.audit.created(object_type, audit_key, as_record(new), plan_code)
            summary.created[object_type] += 1
            return None, new_id
        row = self._locked(find)  # another writer created it a moment ago: update theirs
        assert row is not None
        return row, None

    def _locked(self, query: Select[Any]) -> Any:
        """The one row ``query`` finds, locked until the transaction ends (PostgreSQL), or None."""
        return self.session.scalar(query.with_for_update().execution_options(populate_existing=True))

    def _insert_new(self, model: Any, values: dict[str, Any], key: Sequence[str]) -> int | None:
        """Insert a row unless one with the same natural key exists (or is being inserted by another
        transaction, which this one then waits for); returns the new row's id, or None if it did not."""
        dialect = self.session.get_bind().dialect.name
        make = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = make(model).values(values).on_conflict_do_nothing(index_elements=list(key)).returning(model.id)
        new_id: int | None = self.session.scalar(statement)
        return new_id
