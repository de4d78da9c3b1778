"""Repositories: the only place where table rows and domain values meet.

``PlanStore.read(plan_code)`` returns a whole :class:`~luoshi.domain.plan.PlanBundle`;
``PlanStore.sync(bundle, origin=...)`` makes the stored plan equal to a bundle, changing only what
differs and writing one audit entry per created, updated or deleted object. Syncing the same bundle
twice changes nothing the second time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, delete, insert, select
from sqlalchemy.orm import Session

from luoshi.domain.errors import InvalidInput, Location, NotFound, Problem
from luoshi.domain.indicator import Direction, Frequency, Indicator, IndicatorKind
from luoshi.domain.observation import Document, FigureStatus, Observation, Provenance, ProvenanceKind
from luoshi.domain.period import Period
from luoshi.domain.plan import Goal, GoalKind, Plan, PlanBundle, Task, TaskStatus, goal_depths
from luoshi.domain.record import as_record
from luoshi.domain.region import Region, RegionLevel
from luoshi.domain.target import Comparator, Measure, Target
from luoshi.domain.unit import Unit
from luoshi.storage.audit import AuditLog
from luoshi.storage.tables import (
    DocumentRow,
    GoalRow,
    IndicatorRow,
    ObservationRow,
    PlanRow,
    RegionRow,
    TargetRow,
    TaskRow,
    UnitRow,
)

PLANFILE_ORIGIN = "planfile"


@dataclass
class ChangeSummary:
    """How many objects of each type a sync created, updated and deleted."""

    created: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    deleted: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def total(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values()) + sum(self.deleted.values())

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {"created": dict(self.created), "updated": dict(self.updated), "deleted": dict(self.deleted)}


# --- rows -> domain ---------------------------------------------------------------------------------


def _region(row: RegionRow, codes: Mapping[int, str]) -> Region:
    parent = codes.get(row.parent_id) if row.parent_id is not None else None
    return Region(row.code, row.name, RegionLevel(row.level), parent)


def _provenance(row: TargetRow | ObservationRow | Row[Any], documents: Mapping[int, str]) -> Provenance | None:
    if row.provenance_kind is None:
        return None
    return Provenance(
        kind=ProvenanceKind(row.provenance_kind),
        document_code=documents.get(row.document_id) if row.document_id is not None else None,
        start=row.span_start,
        end=row.span_end,
        quote=row.quote,
        row=row.source_row,
        note=row.source_note,
    )


def _target(row: TargetRow, documents: Mapping[int, str]) -> Target:
    return Target(
        measure=Measure(row.measure),
        comparator=Comparator(row.comparator),
        value=row.value,
        target_year=row.target_year,
        base_year=row.base_year,
        base_value=row.base_value,
        annualized=row.annualized,
        provenance=_provenance(row, documents),
    )


def _observation(
    row: ObservationRow | Row[Any], indicator_code: str, regions: Mapping[int, str], documents: Mapping[int, str]
) -> Observation:
    return Observation(
        indicator_code=indicator_code,
        region_code=regions[row.region_id],
        period=Period.parse(row.period),
        value=row.value,
        measure=Measure(row.measure),
        unit=row.unit,
        printed_value=row.printed_value,
        printed_unit=row.printed_unit,
        comparator=Comparator(row.comparator),
        annualized=row.annualized,
        status=FigureStatus(row.status),
        scenario=row.scenario,
        provenance=_provenance(row, documents),
    )


def _provenance_columns(p: Provenance | None, document_ids: Mapping[str, int]) -> dict[str, Any]:
    if p is None:
        return {
            "provenance_kind": None,
            "document_id": None,
            "span_start": None,
            "span_end": None,
            "quote": None,
            "source_row": None,
            "source_note": None,
        }
    return {
        "provenance_kind": p.kind.value,
        "document_id": document_ids[p.document_code] if p.document_code else None,
        "span_start": p.start,
        "span_end": p.end,
        "quote": p.quote,
        "source_row": p.row,
        "source_note": p.note,
    }


class PlanStore:
    """Reads and writes whole plans and the shared registries (regions, units, documents)."""

    def __init__(self, session: Session, audit: AuditLog) -> None:
        self.session = session
        self.audit = audit

    # --- reading ------------------------------------------------------------------------------------

    def plans(self) -> list[Plan]:
        regions = self._region_codes()
        rows = self.session.scalars(select(PlanRow).order_by(PlanRow.code))
        return [self._plan(r, regions) for r in rows]

    def plan_row(self, plan_code: str) -> PlanRow:
        row = self.session.scalar(select(PlanRow).where(PlanRow.code == plan_code))
        if row is None:
            known = ", ".join(p.code for p in self.plans()) or "none"
            raise NotFound(f"no plan {plan_code!r} (plans stored: {known})")
        return row

    def default_plan_code(self) -> str:
        """The only plan, or raise NotFound asking for one by name when there are none or several."""
        codes = [p.code for p in self.plans()]
        if len(codes) == 1:
            return codes[0]
        if not codes:
            raise NotFound("the database holds no plan yet: run `luoshi plan load FILE` or `luoshi init --demo`")
        raise NotFound(f"several plans are stored ({', '.join(codes)}): name one with --plan")

    def read(self, plan_code: str, *, scenarios: Iterable[str] | None = None) -> PlanBundle:
        """The whole plan, with every target and observation (of the given scenarios, default all)."""
        plan_row = self.plan_row(plan_code)
        region_codes = self._region_codes()
        unit_codes = {u.id: u.code for u in self.session.scalars(select(UnitRow))}
        doc_codes = dict(self.session.execute(select(DocumentRow.id, DocumentRow.code)).all())

        goal_rows = list(
            self.session.scalars(
                select(GoalRow).where(GoalRow.plan_id == plan_row.id).order_by(GoalRow.position, GoalRow.id)
            )
        )
        goal_codes = {g.id: g.code for g in goal_rows}
        goals = tuple(self._goal(g, goal_codes) for g in goal_rows)
        tasks = tuple(
            self._task(t, goal_codes, unit_codes)
            for t in self.session.scalars(
                select(TaskRow).where(TaskRow.plan_id == plan_row.id).order_by(TaskRow.position, TaskRow.id)
            )
        )
        indicator_rows = list(
            self.session.scalars(
                select(IndicatorRow)
                .where(IndicatorRow.plan_id == plan_row.id)
                .order_by(IndicatorRow.position, IndicatorRow.id)
            )
        )
        indicator_codes = {i.id: i.code for i in indicator_rows}
        targets: dict[str, list[Target]] = defaultdict(list)
        for t in self.session.scalars(
            select(TargetRow)
            .join(IndicatorRow)
            .where(IndicatorRow.plan_id == plan_row.id)
            .order_by(TargetRow.target_year, TargetRow.id)
        ):
            targets[indicator_codes[t.indicator_id]].append(_target(t, doc_codes))
        observations: dict[str, list[Observation]] = defaultdict(list)
        query = (
            # plain rows of the table, not ORM objects: a 20,000-observation plan reads in a quarter of the time
            select(ObservationRow.__table__)
            .join(IndicatorRow)
            .where(IndicatorRow.plan_id == plan_row.id)
            .order_by(ObservationRow.year, ObservationRow.period, ObservationRow.id)
        )
        if scenarios is not None:
            query = query.where(ObservationRow.scenario.in_(list(scenarios)))
        for o in self.session.execute(query):
            code = indicator_codes[o.indicator_id]
            observations[code].append(_observation(o, code, region_codes, doc_codes))

        used_units = {t.lead_unit_code for t in tasks} | {u for t in tasks for u in t.support_unit_codes}
        indicators = tuple(self._indicator(i, unit_codes) for i in indicator_rows)
        used_units |= {i.owner_unit_code for i in indicators}
        provenances = [t.provenance for group in targets.values() for t in group]
        provenances += [o.provenance for group in observations.values() for o in group]
        used_docs = {p.document_code for p in provenances if p is not None and p.document_code}
        plan = self._plan(plan_row, region_codes)
        used_regions = {plan.region_code} | {o.region_code for group in observations.values() for o in group}
        units = tuple(u for u in self.units() if u.code in used_units or u.region_code in used_regions)
        used_regions |= {u.region_code for u in units}
        regions = self.regions()
        by_code = {r.code: r for r in regions}
        closure: set[str] = set()
        for code in used_regions:
            while code is not None and code not in closure and code in by_code:
                closure.add(code)
                code = by_code[code].parent_code  # type: ignore[assignment]
        return PlanBundle(
            plan=plan,
            regions=tuple(r for r in regions if r.code in closure),
            units=units,
            documents=tuple(d for d in self.documents() if d.code in used_docs),
            goals=goals,
            tasks=tasks,
            indicators=indicators,
            targets={k: tuple(v) for k, v in targets.items()},
            observations={k: tuple(v) for k, v in observations.items()},
        )

    def regions(self) -> list[Region]:
        rows = list(self.session.scalars(select(RegionRow).order_by(RegionRow.code)))
        codes = {r.id: r.code for r in rows}
        return [_region(r, codes) for r in rows]

    def units(self) -> list[Unit]:
        regions = self._region_codes()
        return [
            Unit(u.code, u.name, regions[u.region_id], u.kind)
            for u in self.session.scalars(select(UnitRow).order_by(UnitRow.code))
        ]

    def documents(self, *, with_text: bool = True) -> list[Document]:
        return [
            Document(d.code, d.title, d.kind, d.file_name, d.text if with_text else "", d.published, d.sha256)
            for d in self.session.scalars(select(DocumentRow).order_by(DocumentRow.code))
        ]

    def document(self, code: str) -> Document:
        d = self.session.scalar(select(DocumentRow).where(DocumentRow.code == code))
        if d is None:
            raise NotFound(f"no document {code!r}")
        return Document(d.code, d.title, d.kind, d.file_name, d.text, d.published, d.sha256)

    def _region_codes(self) -> dict[int, str]:
        return dict(self.session.execute(select(RegionRow.id, RegionRow.code)).all())

    @staticmethod
    def _plan(row: PlanRow, regions: Mapping[int, str]) -> Plan:
        return Plan(
            row.code,
            row.name,
            regions[row.region_id],
            row.start_year,
            row.end_year,
            row.vision_year,
            row.description,
        )

    @staticmethod
    def _goal(row: GoalRow, codes: Mapping[int, str]) -> Goal:
        return Goal(
            code=row.code,
            name=row.name,
            kind=GoalKind(row.kind),
            parent_code=codes[row.parent_id] if row.parent_id is not None else None,
            display_code=row.display_code,
            description=row.description,
            position=row.position,
            weight=row.weight,
        )

    @staticmethod
    def _task(row: TaskRow, goals: Mapping[int, str], units: Mapping[int, str]) -> Task:
        return Task(
            code=row.code,
            name=row.name,
            goal_code=goals[row.goal_id],
            lead_unit_code=units[row.lead_unit_id] if row.lead_unit_id is not None else None,
            support_unit_codes=tuple(row.support_unit_codes or ()),
            deadline=row.deadline,
            status=TaskStatus(row.status),
            position=row.position,
        )

    @staticmethod
    def _indicator(row: IndicatorRow, units: Mapping[int, str]) -> Indicator:
        return Indicator(
            code=row.code,
            name=row.name,
            unit=row.unit,
            display_unit=row.display_unit,
            direction=Direction(row.direction),
            kind=IndicatorKind(row.kind),
            frequency=Frequency(row.frequency),
            aliases=tuple(row.aliases or ()),
            owner_unit_code=units[row.owner_unit_id] if row.owner_unit_id is not None else None,
            goal_codes=tuple(row.goal_codes or ()),
            description=row.description,
            public=row.public,
        )

    # --- writing ------------------------------------------------------------------------------------

    def read_plan_header(self, plan_code: str) -> Plan:
        return self._plan(self.plan_row(plan_code), self._region_codes())

    def indicator(self, plan_code: str, code: str) -> Indicator:
        plan_row = self.plan_row(plan_code)
        row = self.session.scalar(
            select(IndicatorRow).where(IndicatorRow.plan_id == plan_row.id, IndicatorRow.code == code)
        )
        if row is None:
            raise NotFound(f"no indicator {code!r} in plan {plan_code!r}")
        return self._indicator(row, {u.id: u.code for u in self.session.scalars(select(UnitRow))})

    def task(self, plan_code: str, code: str) -> Task:
        plan_row = self.plan_row(plan_code)
        row = self.session.scalar(select(TaskRow).where(TaskRow.plan_id == plan_row.id, TaskRow.code == code))
        if row is None:
            raise NotFound(f"no task {code!r} in plan {plan_code!r}")
        goals = dict(self.session.execute(select(GoalRow.id, GoalRow.code).where(GoalRow.plan_id == plan_row.id)).all())
        return self._task(row, goals, {u.id: u.code for u in self.session.scalars(select(UnitRow))})

    def save_observation(self, plan_code: str, obs: Observation, origin: str) -> ChangeSummary:
        """Add one observation, or update the one with the same key (audited either way)."""
        summary = ChangeSummary()
        plan_row = self.plan_row(plan_code)
        ind = self.session.scalar(
            select(IndicatorRow).where(IndicatorRow.plan_id == plan_row.id, IndicatorRow.code == obs.indicator_code)
        )
        if ind is None:
            raise NotFound(f"no indicator {obs.indicator_code!r} in plan {plan_code!r}")
        region_ids = self._all_ids(RegionRow)
        if obs.region_code not in region_ids:
            raise NotFound(f"no region {obs.region_code!r}")
        doc_ids = self._all_ids(DocumentRow)
        row = self.session.scalar(
            select(ObservationRow).where(
                ObservationRow.indicator_id == ind.id,
                ObservationRow.region_id == region_ids[obs.region_code],
                ObservationRow.period == obs.period.code,
                ObservationRow.measure == obs.measure.value,
                ObservationRow.scenario == obs.scenario,
            )
        )
        regions = {v: k for k, v in region_ids.items()}
        docs = {v: k for k, v in doc_ids.items()}
        old = _observation(row, ind.code, regions, docs) if row is not None else None
        values = _observation_values(ind.id, region_ids[obs.region_code], obs, origin, doc_ids)
        self._upsert(
            "observation",
            f"{plan_code}/{ind.code}/{obs.key}",
            row,
            values,
            obs,
            old,
            ObservationRow,
            summary,
            plan_code,
        )
        if row is not None and old != obs:
            row.origin = origin
        self.session.flush()
        return summary

    def sync_observations(
        self, plan_code: str, observations: Mapping[str, tuple[Observation, ...]], origin: str
    ) -> ChangeSummary:
        """Make the observations that ``origin`` wrote in a plan equal to ``observations`` (audited);
        figures from other origins are left alone."""
        summary = ChangeSummary()
        plan_row = self.plan_row(plan_code)
        bundle = PlanBundle(plan=self._plan(plan_row, self._region_codes()), observations=observations)
        indicator_ids = dict(
            self.session.execute(
                select(IndicatorRow.code, IndicatorRow.id).where(IndicatorRow.plan_id == plan_row.id)
            ).all()
        )
        unknown = sorted(set(observations) - set(indicator_ids))
        if unknown:
            raise NotFound(f"no indicator {', '.join(unknown)} in plan {plan_code!r}")
        self._sync_figures(
            plan_row, bundle, indicator_ids, self._all_ids(RegionRow), self._all_ids(DocumentRow), origin, summary
        )
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

    def save_target(
        self, plan_code: str, indicator_code: str, target: Target, origin: str
    ) -> tuple[ChangeSummary, int]:
        """Add one target, or update the one with the same measure and target year (audited either way);
        returns the summary and the target's row id."""
        summary = ChangeSummary()
        plan_row = self.plan_row(plan_code)
        ind = self.session.scalar(
            select(IndicatorRow).where(IndicatorRow.plan_id == plan_row.id, IndicatorRow.code == indicator_code)
        )
        if ind is None:
            raise NotFound(f"no indicator {indicator_code!r} in plan {plan_code!r}")
        doc_ids = self._all_ids(DocumentRow)
        row = self.session.scalar(
            select(TargetRow).where(
                TargetRow.indicator_id == ind.id,
                TargetRow.measure == target.measure.value,
                TargetRow.target_year == target.target_year,
            )
        )
        old = _target(row, {v: k for k, v in doc_ids.items()}) if row is not None else None
        values = _target_values(ind.id, target, origin, doc_ids)
        row = self._upsert(
            "target",
            f"{plan_code}/{indicator_code}/{target.key}",
            row,
            values,
            target,
            old,
            TargetRow,
            summary,
            plan_code,
        )
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
        self._sync_new_indicator(plan_row, indicator, unit_ids, position, summary, origin)
        return summary

    def _sync_new_indicator(
        self,
        plan_row: PlanRow,
        ind: Indicator,
        unit_ids: Mapping[str, int],
        position: int,
        summary: ChangeSummary,
        origin: str,
    ) -> None:
        values = {**_indicator_values(plan_row.id, ind, unit_ids, position), "origin": origin}
        self._upsert(
            "indicator", f"{plan_row.code}/{ind.code}", None, values, ind, None, IndicatorRow, summary, plan_row.code
        )
        self.session.flush()

    def add_document(self, doc: Document, plan_code: str | None = None) -> int:
        """Store a new document with its text (audited without the text); returns its row id."""
        values = _document_values(doc)
        new = {name: values[name] for name in DOCUMENT_AUDITED}
        row = self._upsert("document", doc.code, None, values, new, None, DocumentRow, ChangeSummary(), plan_code)
        self.session.flush()
        return int(row.id)

    def document_by_sha256(self, sha256: str) -> tuple[int, Document] | None:
        """The stored document whose text has this hash, with its row id, or None."""
        d = self.session.scalar(select(DocumentRow).where(DocumentRow.sha256 == sha256).order_by(DocumentRow.id))
        if d is None:
            return None
        return d.id, Document(d.code, d.title, d.kind, d.file_name, d.text, d.published, d.sha256)

    def set_task_status(self, plan_code: str, code: str, status: TaskStatus) -> ChangeSummary:
        summary = ChangeSummary()
        plan_row = self.plan_row(plan_code)
        row = self.session.scalar(select(TaskRow).where(TaskRow.plan_id == plan_row.id, TaskRow.code == code))
        if row is None:
            raise NotFound(f"no task {code!r} in plan {plan_code!r}")
        if row.status != status.value:
            self.audit.updated(
                "task", f"{plan_code}/{code}", {"status": row.status}, {"status": status.value}, plan_code
            )
            row.status = status.value
            summary.updated["task"] += 1
        return summary

    def save_unit(self, unit: Unit) -> ChangeSummary:
        """Add a unit or update its name, kind and region (audited)."""
        summary = ChangeSummary()
        if unit.region_code not in {r.code for r in self.regions()}:
            raise NotFound(f"no region {unit.region_code!r}")
        self._sync_units([unit], self._all_ids(RegionRow), summary, "")
        return summary

    def sync(self, bundle: PlanBundle, *, origin: str = PLANFILE_ORIGIN) -> ChangeSummary:
        """Make the stored plan equal to ``bundle``; only differences are written, each audited.

        Regions, units and documents are added and updated, never deleted (other plans may use them).
        Goals, tasks and indicators of the plan, and the targets and observations whose origin is
        ``origin:<plan code>``, are created, updated or deleted to match the bundle.
        """
        summary = ChangeSummary()
        plan_code = bundle.plan.code
        origin_tag = f"{origin}:{plan_code}"

        region_ids = self._sync_regions(bundle.regions, summary, plan_code)
        unit_ids = self._sync_units(bundle.units, region_ids, summary, plan_code)
        document_ids = self._sync_documents(bundle.documents, summary, plan_code)
        plan_row = self._sync_plan(bundle.plan, region_ids, summary)

        goal_ids = self._sync_goals(plan_row, bundle.goals, summary)
        self._sync_tasks(plan_row, bundle.tasks, goal_ids, unit_ids, summary)
        indicator_ids = self._sync_indicators(plan_row, bundle.indicators, unit_ids, summary)
        self._sync_figures(plan_row, bundle, indicator_ids, region_ids, document_ids, origin_tag, summary)
        self._delete_missing_goals(plan_row, {g.code for g in bundle.goals}, summary)
        self._delete_missing_indicators(plan_row, {i.code for i in bundle.indicators}, summary)
        self.session.flush()
        return summary

    def _ids(self, model: Any, codes: Iterable[str]) -> dict[str, int]:
        wanted = list(set(codes))
        if not wanted:
            return {}
        return dict(self.session.execute(select(model.code, model.id).where(model.code.in_(wanted))).all())

    def _all_ids(self, model: Any) -> dict[str, int]:
        return dict(self.session.execute(select(model.code, model.id)).all())

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

    def _sync_regions(self, regions: Sequence[Region], summary: ChangeSummary, plan_code: str) -> dict[str, int]:
        ids = self._all_ids(RegionRow)
        stored = {r.code: r for r in self.regions()}
        rows = (
            {
                r.code: r
                for r in self.session.scalars(select(RegionRow).where(RegionRow.code.in_([r.code for r in regions])))
            }
            if regions
            else {}
        )
        # parents before children
        depth = {r.code: 0 for r in regions}
        parent = {r.code: r.parent_code for r in regions}
        for code in depth:
            seen, p = 0, parent.get(code)
            while p in parent and seen < len(parent):
                seen, p = seen + 1, parent.get(p)
            depth[code] = seen
        for region in sorted(regions, key=lambda r: depth[r.code]):
            values = {
                "code": region.code,
                "name": region.name,
                "level": region.level.value,
                "parent_id": ids[region.parent_code] if region.parent_code else None,
            }
            old = stored.get(region.code)
            row = self._upsert(
                "region",
                region.code,
                rows.get(region.code),
                values,
                region,
                old,
                RegionRow,
                summary,
                plan_code,
            )
            self.session.flush()
            ids[region.code] = row.id
        return ids

    def _sync_units(
        self, units: Sequence[Unit], region_ids: Mapping[str, int], summary: ChangeSummary, plan_code: str
    ) -> dict[str, int]:
        stored = {u.code: u for u in self.units()}
        rows = {u.code: u for u in self.session.scalars(select(UnitRow))}
        for unit in units:
            values = {
                "code": unit.code,
                "name": unit.name,
                "kind": unit.kind,
                "region_id": region_ids[unit.region_code],
            }
            old = stored.get(unit.code)
            rows[unit.code] = self._upsert(
                "unit",
                unit.code,
                rows.get(unit.code),
                values,
                unit,
                old,
                UnitRow,
                summary,
                plan_code,
            )
        self.session.flush()
        return {code: row.id for code, row in rows.items()}

    def _sync_documents(self, documents: Sequence[Document], summary: ChangeSummary, plan_code: str) -> dict[str, int]:
        rows = {d.code: d for d in self.session.scalars(select(DocumentRow))}
        for doc in documents:
            values = _document_values(doc)
            row = rows.get(doc.code)
            old = _document_record(row) if row is not None else None
            new = {name: values[name] for name in DOCUMENT_AUDITED}
            rows[doc.code] = self._upsert("document", doc.code, row, values, new, old, DocumentRow, summary, plan_code)
        self.session.flush()
        return {code: row.id for code, row in rows.items()}

    def _sync_plan(self, plan: Plan, region_ids: Mapping[str, int], summary: ChangeSummary) -> PlanRow:
        row = self.session.scalar(select(PlanRow).where(PlanRow.code == plan.code))
        old = self._plan(row, self._region_codes()) if row is not None else None
        values = {
            "code": plan.code,
            "name": plan.name,
            "region_id": region_ids[plan.region_code],
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "vision_year": plan.vision_year,
            "description": plan.description,
        }
        result: PlanRow = self._upsert(
            "plan",
            plan.code,
            row,
            values,
            plan,
            old,
            PlanRow,
            summary,
            plan.code,
        )
        self.session.flush()
        return result

    def _sync_goals(self, plan_row: PlanRow, goals: Sequence[Goal], summary: ChangeSummary) -> dict[str, int]:
        rows = {g.code: g for g in self.session.scalars(select(GoalRow).where(GoalRow.plan_id == plan_row.id))}
        codes = {g.id: g.code for g in rows.values()}
        ids = {code: row.id for code, row in rows.items()}
        depth = goal_depths(goals)
        for goal in sorted(goals, key=lambda g: depth[g.code]):
            row = rows.get(goal.code)
            old = self._goal(row, codes) if row is not None else None
            values = {
                "plan_id": plan_row.id,
                "code": goal.code,
                "kind": goal.kind.value,
                "name": goal.name,
                "parent_id": ids[goal.parent_code] if goal.parent_code else None,
                "display_code": goal.display_code,
                "description": goal.description,
                "position": goal.position,
                "weight": goal.weight,
            }
            row = self._upsert(
                "goal",
                f"{plan_row.code}/{goal.code}",
                row,
                values,
                goal,
                old,
                GoalRow,
                summary,
                plan_row.code,
            )
            if goal.code not in ids:
                self.session.flush()
                ids[goal.code] = row.id
                codes[row.id] = goal.code
        self.session.flush()
        return ids

    def _sync_tasks(
        self,
        plan_row: PlanRow,
        tasks: Sequence[Task],
        goal_ids: Mapping[str, int],
        unit_ids: Mapping[str, int],
        summary: ChangeSummary,
    ) -> None:
        rows = {t.code: t for t in self.session.scalars(select(TaskRow).where(TaskRow.plan_id == plan_row.id))}
        goal_codes = {v: k for k, v in goal_ids.items()}
        unit_codes = {v: k for k, v in unit_ids.items()}
        for task in tasks:
            row = rows.pop(task.code, None)
            old = self._task(row, goal_codes, unit_codes) if row is not None else None
            values = {
                "plan_id": plan_row.id,
                "goal_id": goal_ids[task.goal_code],
                "code": task.code,
                "name": task.name,
                "lead_unit_id": unit_ids[task.lead_unit_code] if task.lead_unit_code else None,
                "support_unit_codes": list(task.support_unit_codes),
                "deadline": task.deadline,
                "status": task.status.value,
                "position": task.position,
            }
            self._upsert(
                "task",
                f"{plan_row.code}/{task.code}",
                row,
                values,
                task,
                old,
                TaskRow,
                summary,
                plan_row.code,
            )
        for code, row in rows.items():
            self.audit.deleted(
                "task", f"{plan_row.code}/{code}", as_record(self._task(row, goal_codes, unit_codes)), plan_row.code
            )
            self.session.delete(row)
            summary.deleted["task"] += 1
        self.session.flush()

    def _sync_indicators(
        self, plan_row: PlanRow, indicators: Sequence[Indicator], unit_ids: Mapping[str, int], summary: ChangeSummary
    ) -> dict[str, int]:
        rows = {
            i.code: i for i in self.session.scalars(select(IndicatorRow).where(IndicatorRow.plan_id == plan_row.id))
        }
        unit_codes = {v: k for k, v in unit_ids.items()}
        for position, ind in enumerate(indicators):
            row = rows.get(ind.code)
            old = self._indicator(row, unit_codes) if row is not None else None
            values = _indicator_values(plan_row.id, ind, unit_ids, position)
            rows[ind.code] = self._upsert(
                "indicator",
                f"{plan_row.code}/{ind.code}",
                row,
                values,
                ind,
                old,
                IndicatorRow,
                summary,
                plan_row.code,
            )
        self.session.flush()
        return {code: row.id for code, row in rows.items()}

    def _sync_figures(
        self,
        plan_row: PlanRow,
        bundle: PlanBundle,
        indicator_ids: Mapping[str, int],
        region_ids: Mapping[str, int],
        document_ids: Mapping[str, int],
        origin: str,
        summary: ChangeSummary,
    ) -> None:
        """Targets and observations: create or update every one the bundle lists (whatever wrote it before);
        delete those that ``origin`` wrote and the bundle no longer lists."""
        doc_codes = {v: k for k, v in document_ids.items()}
        region_codes = {v: k for k, v in region_ids.items()}
        indicator_codes = {v: k for k, v in indicator_ids.items()}
        wanted = set(indicator_codes)
        plan_code = plan_row.code

        stored_targets = (
            {
                (indicator_codes[t.indicator_id], f"{t.measure}:{t.target_year}"): t
                for t in self.session.scalars(select(TargetRow).where(TargetRow.indicator_id.in_(wanted)))
            }
            if wanted
            else {}
        )
        new_targets: list[dict[str, Any]] = []
        for ind_code, targets in bundle.targets.items():
            for target in targets:
                key = (ind_code, target.key)
                row = stored_targets.pop(key, None)
                old = _target(row, doc_codes) if row is not None else None
                values = _target_values(indicator_ids[ind_code], target, origin, document_ids)
                self._upsert(
                    "target",
                    f"{plan_code}/{ind_code}/{target.key}",
                    row,
                    values,
                    target,
                    old,
                    TargetRow,
                    summary,
                    plan_code,
                    new_targets,
                )
        if new_targets:
            self.session.execute(insert(TargetRow), new_targets)
        for (ind_code, tkey), row in stored_targets.items():
            if row.origin != origin:  # written by a person or the review queue: not the file's to delete
                continue
            self.audit.deleted(
                "target", f"{plan_code}/{ind_code}/{tkey}", as_record(_target(row, doc_codes)), plan_code
            )
            self.session.delete(row)
            summary.deleted["target"] += 1

        stored_obs = (
            {
                (
                    indicator_codes[o.indicator_id],
                    f"{region_codes.get(o.region_id)}:{o.period}:{o.measure}:{o.scenario}",
                ): o
                for o in self.session.scalars(select(ObservationRow).where(ObservationRow.indicator_id.in_(wanted)))
            }
            if wanted
            else {}
        )
        all_regions = self._region_codes()
        new_observations: list[dict[str, Any]] = []
        for ind_code, observations in bundle.observations.items():
            for obs in observations:
                orow = stored_obs.pop((ind_code, obs.key), None)
                old_obs = _observation(orow, ind_code, all_regions, doc_codes) if orow is not None else None
                values = _observation_values(
                    indicator_ids[ind_code], region_ids[obs.region_code], obs, origin, document_ids
                )
                self._upsert(
                    "observation",
                    f"{plan_code}/{ind_code}/{obs.key}",
                    orow,
                    values,
                    obs,
                    old_obs,
                    ObservationRow,
                    summary,
                    plan_code,
                    new_observations,
                )
        if new_observations:
            self.session.execute(insert(ObservationRow), new_observations)
        for (ind_code, okey), orow in stored_obs.items():
            if orow.origin != origin:
                continue
            self.audit.deleted(
                "observation",
                f"{plan_code}/{ind_code}/{okey}",
                as_record(_observation(orow, ind_code, all_regions, doc_codes)),
                plan_code,
            )
            self.session.delete(orow)
            summary.deleted["observation"] += 1
        self.session.flush()

    def _delete_missing_indicators(self, plan_row: PlanRow, keep: set[str], summary: ChangeSummary) -> None:
        units = {u.id: u.code for u in self.session.scalars(select(UnitRow))}
        doc_codes = dict(self.session.execute(select(DocumentRow.id, DocumentRow.code)).all())
        regions = self._region_codes()
        for row in self.session.scalars(select(IndicatorRow).where(IndicatorRow.plan_id == plan_row.id)):
            if row.code in keep or row.origin != PLANFILE_ORIGIN:  # the review queue's are not the file's
                continue
            key = f"{plan_row.code}/{row.code}"
            for t in self.session.scalars(select(TargetRow).where(TargetRow.indicator_id == row.id)):
                self.audit.deleted(
                    "target", f"{key}/{t.measure}:{t.target_year}", as_record(_target(t, doc_codes)), plan_row.code
                )
                summary.deleted["target"] += 1
            for o in self.session.scalars(select(ObservationRow).where(ObservationRow.indicator_id == row.id)):
                obs = _observation(o, row.code, regions, doc_codes)
                self.audit.deleted("observation", f"{key}/{obs.key}", as_record(obs), plan_row.code)
                summary.deleted["observation"] += 1
            self.session.execute(delete(TargetRow).where(TargetRow.indicator_id == row.id))
            self.session.execute(delete(ObservationRow).where(ObservationRow.indicator_id == row.id))
            self.audit.deleted("indicator", key, as_record(self._indicator(row, units)), plan_row.code)
            self.session.delete(row)
            summary.deleted["indicator"] += 1
        self.session.flush()

    def _delete_missing_goals(self, plan_row: PlanRow, keep: set[str], summary: ChangeSummary) -> None:
        rows = list(self.session.scalars(select(GoalRow).where(GoalRow.plan_id == plan_row.id)))
        codes = {g.id: g.code for g in rows}
        doomed = [g for g in rows if g.code not in keep]
        if not doomed:
            return
        depth = goal_depths([self._goal(g, codes) for g in rows])
        for row in sorted(doomed, key=lambda g: -depth[g.code]):  # children first
            self.audit.deleted("goal", f"{plan_row.code}/{row.code}", as_record(self._goal(row, codes)), plan_row.code)
            self.session.delete(row)
            self.session.flush()
            summary.deleted["goal"] += 1


def _indicator_values(plan_id: int, ind: Indicator, unit_ids: Mapping[str, int], position: int) -> dict[str, Any]:
    """The columns of an indicator row (its ``origin`` is set only when it is created)."""
    return {
        "plan_id": plan_id,
        "code": ind.code,
        "name": ind.name,
        "aliases": list(ind.aliases),
        "unit": ind.unit,
        "display_unit": ind.display_unit,
        "direction": ind.direction.value,
        "kind": ind.kind.value,
        "frequency": ind.frequency.value,
        "owner_unit_id": unit_ids[ind.owner_unit_code] if ind.owner_unit_code else None,
        "goal_codes": list(ind.goal_codes),
        "description": ind.description,
        "public": ind.public,
        "position": position,
    }


#: the document columns the audit log records (the text itself is left out; its sha256 stands for it)
DOCUMENT_AUDITED = ("code", "title", "kind", "file_name", "published", "sha256")


def _document_values(doc: Document) -> dict[str, Any]:
    """The columns of a document row, its text included."""
    return {
        "code": doc.code,
        "title": doc.title,
        "kind": doc.kind,
        "file_name": doc.file_name,
        "published": doc.published,
        "sha256": doc.sha256 or "",
        "text": doc.text,
    }


def _target_values(indicator_id: int, target: Target, origin: str, document_ids: Mapping[str, int]) -> dict[str, Any]:
    """The columns of a target row."""
    return {
        "indicator_id": indicator_id,
        "measure": target.measure.value,
        "comparator": target.comparator.value,
        "value": target.value,
        "base_year": target.base_year,
        "base_value": target.base_value,
        "target_year": target.target_year,
        "annualized": target.annualized,
        "origin": origin,
        **_provenance_columns(target.provenance, document_ids),
    }


def _observation_values(
    indicator_id: int, region_id: int, obs: Observation, origin: str, document_ids: Mapping[str, int]
) -> dict[str, Any]:
    """The columns of an observation row."""
    return {
        "indicator_id": indicator_id,
        "region_id": region_id,
        "period": obs.period.code,
        "period_kind": obs.period.kind.value,
        "year": obs.period.year,
        "start_year": obs.period.start_year,
        "measure": obs.measure.value,
        "value": obs.value,
        "unit": obs.unit,
        "printed_value": obs.printed_value,
        "printed_unit": obs.printed_unit,
        "comparator": obs.comparator.value,
        "annualized": obs.annualized,
        "status": obs.status.value,
        "scenario": obs.scenario,
        "origin": origin,
        **_provenance_columns(obs.provenance, document_ids),
    }


def _document_record(row: DocumentRow) -> dict[str, Any]:
    """What the audit log keeps of a stored document: every column but the (long) text."""
    return {name: getattr(row, name) for name in DOCUMENT_AUDITED}
