"""Reading plans: a whole plan as a :class:`~luoshi.domain.plan.PlanBundle`, or just the parts of it that
changed (the figures of some indicators, the tasks), so that a reader holding a bundle can bring it up to
date without reading everything again. Writing whole plans is :mod:`luoshi.storage.plansync`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.domain.errors import NotFound
from luoshi.domain.observation import Document, Observation
from luoshi.domain.plan import Plan, PlanBundle, Task
from luoshi.domain.target import Target
from luoshi.storage import mapping
from luoshi.storage.audit import AuditLog
from luoshi.storage.plansync import PLANFILE_ORIGIN, PlanSync
from luoshi.storage.registry import RegistryStore
from luoshi.storage.store import ChangeSummary, Store
from luoshi.storage.tables import (
    DocumentRow,
    GoalRow,
    IndicatorRow,
    ObservationRow,
    PlanRow,
    TargetRow,
    TaskRow,
    UnitRow,
)


@dataclass(frozen=True)
class Figures:
    """The targets and observations of some indicators of a plan, and the documents they cite."""

    targets: dict[str, tuple[Target, ...]]
    observations: dict[str, tuple[Observation, ...]]
    documents: tuple[Document, ...]


class PlanReader(Store):
    """Reads plans inside the caller's transaction."""

    def plans(self) -> list[Plan]:
        regions = self._region_codes()
        rows = self.session.scalars(select(PlanRow).order_by(PlanRow.code))
        return [mapping.to_plan(r, regions) for r in rows]

    def __init__(self, session: Session, audit: AuditLog) -> None:
        super().__init__(session, audit)
        self._plan_rows: dict[str, PlanRow] = {}

    def plan_row(self, plan_code: str) -> PlanRow:
        """The plan's row (looked up once per store: plans are never renamed or deleted)."""
        row = self._plan_rows.get(plan_code)
        if row is None:
            row = self.session.scalar(select(PlanRow).where(PlanRow.code == plan_code))
            if row is None:
                known = ", ".join(p.code for p in self.plans()) or "none"
                raise NotFound(f"no plan {plan_code!r} (plans stored: {known})")
            self._plan_rows[plan_code] = row
        return row

    def header(self, plan_code: str) -> Plan:
        """The plan itself, without its goals, indicators and figures."""
        return mapping.to_plan(self.plan_row(plan_code), self._region_codes())

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
        unit_codes = self._unit_codes()
        goal_rows = list(
            self.session.scalars(
                select(GoalRow).where(GoalRow.plan_id == plan_row.id).order_by(GoalRow.position, GoalRow.id)
            )
        )
        goal_codes = {g.id: g.code for g in goal_rows}
        goals = tuple(mapping.to_goal(g, goal_codes) for g in goal_rows)
        tasks = self._tasks(plan_row, goal_codes, unit_codes)
        indicator_rows = list(
            self.session.scalars(
                select(IndicatorRow)
                .where(IndicatorRow.plan_id == plan_row.id)
                .order_by(IndicatorRow.position, IndicatorRow.id)
            )
        )
        indicators = tuple(mapping.to_indicator(i, unit_codes) for i in indicator_rows)
        figures = self._figures(plan_row, {i.id: i.code for i in indicator_rows}, region_codes, scenarios, None)

        used_units = {t.lead_unit_code for t in tasks} | {u for t in tasks for u in t.support_unit_codes}
        used_units |= {i.owner_unit_code for i in indicators}
        plan = mapping.to_plan(plan_row, region_codes)
        used_regions = {plan.region_code} | {o.region_code for group in figures.observations.values() for o in group}
        registry = RegistryStore(self.session, self.audit)
        units = tuple(u for u in registry.units() if u.code in used_units or u.region_code in used_regions)
        used_regions |= {u.region_code for u in units}
        regions = registry.regions()
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
            documents=figures.documents,
            goals=goals,
            tasks=tasks,
            indicators=indicators,
            targets=figures.targets,
            observations=figures.observations,
        )

    def read_figures(
        self, plan_code: str, indicator_codes: Collection[str], *, scenarios: Iterable[str] | None = None
    ) -> Figures:
        """The targets and observations of some indicators (an indicator without any is left out)."""
        plan_row = self.plan_row(plan_code)
        rows = self.session.execute(
            select(IndicatorRow.id, IndicatorRow.code).where(
                IndicatorRow.plan_id == plan_row.id, IndicatorRow.code.in_(list(indicator_codes))
            )
        ).all()
        codes = {row_id: code for row_id, code in rows}
        return self._figures(plan_row, codes, self._region_codes(), scenarios, list(codes))

    def read_tasks(self, plan_code: str) -> tuple[Task, ...]:
        plan_row = self.plan_row(plan_code)
        goal_codes = dict(
            self.session.execute(select(GoalRow.id, GoalRow.code).where(GoalRow.plan_id == plan_row.id)).all()
        )
        return self._tasks(plan_row, goal_codes, self._unit_codes())

    def _unit_codes(self) -> dict[int, str]:
        return dict(self.session.execute(select(UnitRow.id, UnitRow.code)).all())

    def _tasks(
        self, plan_row: PlanRow, goal_codes: Mapping[int, str], unit_codes: Mapping[int, str]
    ) -> tuple[Task, ...]:
        return tuple(
            mapping.to_task(t, goal_codes, unit_codes)
            for t in self.session.scalars(
                select(TaskRow).where(TaskRow.plan_id == plan_row.id).order_by(TaskRow.position, TaskRow.id)
            )
        )

    def _figures(
        self,
        plan_row: PlanRow,
        indicator_codes: Mapping[int, str],
        region_codes: Mapping[int, str],
        scenarios: Iterable[str] | None,
        only: list[int] | None,
    ) -> Figures:
        doc_codes = dict(self.session.execute(select(DocumentRow.id, DocumentRow.code)).all())
        target_query = (
            select(TargetRow)
            .join(IndicatorRow)
            .where(IndicatorRow.plan_id == plan_row.id)
            .order_by(TargetRow.target_year, TargetRow.id)
        )
        # plain rows of the table, not ORM objects: a 20,000-observation plan reads in a quarter of the time
        observation_query = (
            select(ObservationRow.__table__)
            .join(IndicatorRow)
            .where(IndicatorRow.plan_id == plan_row.id)
            .order_by(ObservationRow.year, ObservationRow.period, ObservationRow.id)
        )
        if only is not None:
            target_query = target_query.where(TargetRow.indicator_id.in_(only))
            observation_query = observation_query.where(ObservationRow.indicator_id.in_(only))
        if scenarios is not None:
            observation_query = observation_query.where(ObservationRow.scenario.in_(list(scenarios)))
        targets: dict[str, list[Target]] = defaultdict(list)
        for t in self.session.scalars(target_query):
            targets[indicator_codes[t.indicator_id]].append(mapping.to_target(t, doc_codes))
        observations: dict[str, list[Observation]] = defaultdict(list)
        for o in self.session.execute(observation_query):
            code = indicator_codes[o.indicator_id]
            observations[code].append(mapping.to_observation(o, code, region_codes, doc_codes))
        provenances = [t.provenance for group in targets.values() for t in group]
        provenances += [o.provenance for group in observations.values() for o in group]
        used_docs = sorted({p.document_code for p in provenances if p is not None and p.document_code})
        documents = RegistryStore(self.session, self.audit).documents(codes=used_docs) if used_docs else []
        return Figures(
            targets={k: tuple(v) for k, v in targets.items()},
            observations={k: tuple(v) for k, v in observations.items()},
            documents=tuple(documents),
        )


class PlanStore(PlanReader):
    """Plans in a unit of work: read them, and make a stored plan equal to a bundle (audited)."""

    def sync(self, bundle: PlanBundle, *, origin: str | None = None) -> ChangeSummary:
        """See :meth:`luoshi.storage.plansync.PlanSync.sync`."""
        return PlanSync(self.session, self.audit).sync(bundle, origin=origin or PLANFILE_ORIGIN)

    def sync_observations(
        self, plan_code: str, observations: Mapping[str, tuple[Observation, ...]], origin: str
    ) -> ChangeSummary:
        """See :meth:`luoshi.storage.plansync.PlanSync.sync_observations`."""
        return PlanSync(self.session, self.audit).sync_observations(plan_code, observations, origin)
