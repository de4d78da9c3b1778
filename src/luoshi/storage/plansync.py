"""Plan files applied to the database: ``PlanSync.sync(bundle)`` makes the stored plan equal to a bundle,
changing only what differs and writing one audit entry per created, updated or deleted object. Syncing the
same bundle twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from luoshi.domain.errors import NotFound
from luoshi.domain.indicator import Indicator, keep_edited_metadata
from luoshi.domain.observation import Observation
from luoshi.domain.plan import Goal, Plan, PlanBundle, Task, goal_depths
from luoshi.domain.record import as_record
from luoshi.storage import mapping
from luoshi.storage.audit import AuditLog
from luoshi.storage.registry import RegistryStore
from luoshi.storage.store import ChangeSummary, Store
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


class PlanSync(Store):
    """The diff of a stored plan against a bundle, applied and audited."""

    def __init__(self, session: Session, audit: AuditLog) -> None:
        super().__init__(session, audit)
        self.registry = RegistryStore(session, audit)

    def sync(self, bundle: PlanBundle, *, origin: str = PLANFILE_ORIGIN) -> ChangeSummary:
        """Make the stored plan equal to ``bundle``; only differences are written, each audited.

        Regions, units and documents are added and updated, never deleted (other plans may use them).
        Goals, tasks and indicators of the plan, and the targets and observations whose origin is
        ``origin:<plan code>``, are created, updated or deleted to match the bundle.
        """
        summary = ChangeSummary()
        plan_code = bundle.plan.code
        origin_tag = f"{origin}:{plan_code}"

        region_ids = self.registry.sync_regions(bundle.regions, summary, plan_code)
        unit_ids = self.registry.sync_units(bundle.units, region_ids, summary, plan_code)
        document_ids = self.registry.sync_documents(bundle.documents, summary, plan_code)
        plan_row = self._sync_plan(bundle.plan, region_ids, summary)

        goal_ids = self._sync_goals(plan_row, bundle.goals, summary)
        self._sync_tasks(plan_row, bundle.tasks, goal_ids, unit_ids, summary)
        indicator_ids = self._sync_indicators(plan_row, bundle.indicators, unit_ids, summary)
        self._sync_figures(plan_row, bundle, indicator_ids, region_ids, document_ids, origin_tag, summary)
        self._delete_missing_goals(plan_row, {g.code for g in bundle.goals}, summary)
        self._delete_missing_indicators(plan_row, {i.code for i in bundle.indicators}, summary)
        self.session.flush()
        return summary

    def sync_observations(
        self, plan_code: str, observations: Mapping[str, tuple[Observation, ...]], origin: str
    ) -> ChangeSummary:
        """Make the observations that ``origin`` wrote in a plan equal to ``observations`` (audited);
        figures from other origins are left alone."""
        summary = ChangeSummary()
        plan_row = self.session.scalar(select(PlanRow).where(PlanRow.code == plan_code))
        if plan_row is None:
            raise NotFound(f"no plan {plan_code!r}")
        bundle = PlanBundle(plan=mapping.to_plan(plan_row, self._region_codes()), observations=observations)
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

    def _sync_plan(self, plan: Plan, region_ids: Mapping[str, int], summary: ChangeSummary) -> PlanRow:
        row = self.session.scalar(select(PlanRow).where(PlanRow.code == plan.code))
        old = mapping.to_plan(row, self._region_codes()) if row is not None else None
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
            old = mapping.to_goal(row, codes) if row is not None else None
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
            old = mapping.to_task(row, goal_codes, unit_codes) if row is not None else None
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
                "task",
                f"{plan_row.code}/{code}",
                as_record(mapping.to_task(row, goal_codes, unit_codes)),
                plan_row.code,
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
            old = mapping.to_indicator(row, unit_codes) if row is not None else None
            if old is not None:
                ind = keep_edited_metadata(ind, old, frozenset(unit_ids))
            values = mapping.indicator_values(plan_row.id, ind, unit_ids, position)
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
        # ``indicator_ids`` are all the plan's indicators: their figures are read by joining on the plan,
        # never with the ids as parameters (PostgreSQL takes at most 65,535 in one statement)
        wanted = set(indicator_codes)
        plan_code = plan_row.code

        stored_targets = (
            {
                (indicator_codes[t.indicator_id], f"{t.measure}:{t.target_year}"): t
                for t in self.session.scalars(
                    select(TargetRow)
                    .join(IndicatorRow, IndicatorRow.id == TargetRow.indicator_id)
                    .where(IndicatorRow.plan_id == plan_row.id)
                )
            }
            if wanted
            else {}
        )
        new_targets: list[dict[str, Any]] = []
        for ind_code, targets in bundle.targets.items():
            for target in targets:
                key = (ind_code, target.key)
                row = stored_targets.pop(key, None)
                old = mapping.to_target(row, doc_codes) if row is not None else None
                values = mapping.target_values(indicator_ids[ind_code], target, origin, document_ids)
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
        self._insert_rows(TargetRow, new_targets)
        for (ind_code, tkey), row in stored_targets.items():
            if row.origin != origin:  # written by a person or the review queue: not the file's to delete
                continue
            self.audit.deleted(
                "target", f"{plan_code}/{ind_code}/{tkey}", as_record(mapping.to_target(row, doc_codes)), plan_code
            )
            self.session.delete(row)
            summary.deleted["target"] += 1

        stored_obs = (
            {
                (
                    indicator_codes[o.indicator_id],
                    f"{region_codes.get(o.region_id)}:{o.period}:{o.measure}:{o.scenario}",
                ): o
                for o in self.session.scalars(
                    select(ObservationRow)
                    .join(IndicatorRow, IndicatorRow.id == ObservationRow.indicator_id)
                    .where(IndicatorRow.plan_id == plan_row.id)
                )
            }
            if wanted
            else {}
        )
        all_regions = self._region_codes()
        new_observations: list[dict[str, Any]] = []
        for ind_code, observations in bundle.observations.items():
            for obs in observations:
                orow = stored_obs.pop((ind_code, obs.key), None)
                old_obs = mapping.to_observation(orow, ind_code, all_regions, doc_codes) if orow is not None else None
                values = mapping.observation_values(
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
        self._insert_rows(ObservationRow, new_observations)
        for (ind_code, okey), orow in stored_obs.items():
            if orow.origin != origin:
                continue
            self.audit.deleted(
                "observation",
                f"{plan_code}/{ind_code}/{okey}",
                as_record(mapping.to_observation(orow, ind_code, all_regions, doc_codes)),
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
                    "target",
                    f"{key}/{t.measure}:{t.target_year}",
                    as_record(mapping.to_target(t, doc_codes)),
                    plan_row.code,
                )
                summary.deleted["target"] += 1
            for o in self.session.scalars(select(ObservationRow).where(ObservationRow.indicator_id == row.id)):
                obs = mapping.to_observation(o, row.code, regions, doc_codes)
                self.audit.deleted("observation", f"{key}/{obs.key}", as_record(obs), plan_row.code)
                summary.deleted["observation"] += 1
            self.session.execute(delete(TargetRow).where(TargetRow.indicator_id == row.id))
            self.session.execute(delete(ObservationRow).where(ObservationRow.indicator_id == row.id))
            self.audit.deleted("indicator", key, as_record(mapping.to_indicator(row, units)), plan_row.code)
            self.session.delete(row)
            summary.deleted["indicator"] += 1
        self.session.flush()

    def _delete_missing_goals(self, plan_row: PlanRow, keep: set[str], summary: ChangeSummary) -> None:
        rows = list(self.session.scalars(select(GoalRow).where(GoalRow.plan_id == plan_row.id)))
        codes = {g.id: g.code for g in rows}
        doomed = [g for g in rows if g.code not in keep]
        if not doomed:
            return
        depth = goal_depths([mapping.to_goal(g, codes) for g in rows])
        for row in sorted(doomed, key=lambda g: -depth[g.code]):  # children first
            self.audit.deleted(
                "goal", f"{plan_row.code}/{row.code}", as_record(mapping.to_goal(row, codes)), plan_row.code
            )
            self.session.delete(row)
            self.session.flush()
            summary.deleted["goal"] += 1
