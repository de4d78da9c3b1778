"""Key projects (重点项目): the register, the dated stage changes and the monthly reports, inside the caller's
unit of work.

Every change is audited: a project created or updated (``project``, key its code, old and new records), a
stage change (``project_stage``, key ``<code>/<seq>``) and a monthly report (``project_report``, key
``<code>/<month>``). The project's row is locked while a stage change or a report is added, so that two
reports of one project at once are checked one after the other; the unique key (project, month) keeps a
month to one report whatever happens.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from luoshi.domain.errors import NotFound
from luoshi.domain.project import BuildKind, Category, MonthlyReport, Project, ProjectStage, StageChange
from luoshi.domain.record import as_record
from luoshi.storage.store import ChangeSummary, Store
from luoshi.storage.tables import ProjectReportRow, ProjectRow, ProjectStageRow, UnitRow, utcnow


@dataclass(frozen=True)
class MonthTotal:
    """One row of the roll-up: a month's investment of the projects of one category, unit and stage."""

    month: str
    category: Category
    unit_code: str
    stage: ProjectStage
    investment: int
    projects: int


class ProjectStore(Store):
    """Projects (``project``), their stage changes (``project_stage``) and reports (``project_report``)."""

    def _unit_codes(self) -> dict[int, str]:
        return dict(self.session.execute(select(UnitRow.id, UnitRow.code)).all())

    def _row(self, code: str, *, lock: bool = False) -> ProjectRow:
        query = select(ProjectRow).where(ProjectRow.code == code)
        if lock:
            query = query.with_for_update().execution_options(populate_existing=True)
        row = self.session.scalar(query)
        if row is None:
            raise NotFound(f"没有项目 {code}")
        return row

    def project(self, code: str, *, lock: bool = False) -> Project:
        """The project ``code`` (NotFound without one); ``lock`` holds its row until the transaction ends."""
        return _to_project(self._row(code, lock=lock), self._unit_codes())

    def projects(self, *, simulated: bool | None = None, codes: Collection[str] | None = None) -> list[Project]:
        """Every project, by code (only the simulated ones, or only the real ones, or only ``codes``, when asked)."""
        # plain rows, not ORM objects: a portfolio of 20,000 projects is read for every roll-up
        query = select(*ProjectRow.__table__.c).order_by(ProjectRow.code)
        if simulated is not None:
            query = query.where(ProjectRow.simulated.is_(simulated))
        if codes is not None:
            query = query.where(ProjectRow.code.in_(list(codes)))
        units = self._unit_codes()
        return [_to_project(r, units) for r in self.session.execute(query)]

    def pace_inputs(self) -> list[Project]:
        """Every project with only what 序时进度 and the roll-up read (code, unit, category, stage, total,
        annual plans, planned start; the name empty): a fifth of the cost of :meth:`projects`."""
        query = select(
            ProjectRow.code,
            ProjectRow.unit_id,
            ProjectRow.category,
            ProjectRow.stage,
            ProjectRow.total_investment,
            ProjectRow.annual_plans,
            ProjectRow.planned_start,
            ProjectRow.plan_code,
            ProjectRow.indicator_codes,
            ProjectRow.batch,
        ).order_by(ProjectRow.code)
        units = self._unit_codes()
        rows = self.session.execute(query).all()
        return [
            Project(
                code=code,
                name="",
                unit_code=units[unit_id],
                category=Category(category),
                total_investment=int(total),
                stage=ProjectStage(stage),
                annual_plans={int(y): int(v) for y, v in plans.items()},
                planned_start=start,
                plan_code=plan_code,
                indicator_codes=tuple(indicators),
                batch=batch,
            )
            for code, unit_id, category, stage, total, plans, start, plan_code, indicators, batch in rows
        ]

    def save(self, projects: Sequence[Project], on: date) -> ChangeSummary:
        """Create or update ``projects`` by code (audited where they differ); a new project's stage is the
        first step of its trail, dated ``on`` (or its actual start for a started one); a changed stage is a
        new step dated ``on``. The stage moves themselves are checked by the caller."""
        summary = ChangeSummary()
        units = self._ids(UnitRow, [p.unit_code for p in projects])
        missing = sorted({p.unit_code for p in projects} - units.keys())
        if missing:
            raise NotFound(f"没有单位 {'、'.join(missing)}")
        rows = {
            r.code: r
            for r in self.session.scalars(select(ProjectRow).where(ProjectRow.code.in_([p.code for p in projects])))
        }
        codes = self._unit_codes()
        for p in projects:
            row = rows.get(p.code)
            old = _to_project(row, codes) if row is not None else None
            values = {"unit_id": units[p.unit_code], **_project_values(p)}
            saved = self._upsert("project", p.code, row, values, p, old, ProjectRow, summary, p.plan_code)
            if old is None:
                self.session.flush()
                self._append(saved, p.code, p.stage, _first_day(p, on))
            elif old.stage != p.stage:
                self._append(saved, p.code, p.stage, on)
        self.session.flush()
        return summary

    def add_bulk(self, projects: Sequence[Project], stages: Mapping[str, Sequence[StageChange]]) -> None:
        """Insert many new projects with their whole stage trails at once (the demo), one audit entry each."""
        units = self._all_ids(UnitRow)
        self._insert_rows(ProjectRow, [{"unit_id": units[p.unit_code], **_project_values(p)} for p in projects])
        ids = self._ids(ProjectRow, [p.code for p in projects])
        self._insert_rows(
            ProjectStageRow,
            [
                {"project_id": ids[code], "seq": c.seq, "stage": c.stage.value, "on": c.on, "actor": c.actor}
                for code, changes in stages.items()
                for c in changes
            ],
        )
        for p in projects:
            self.audit.created("project", p.code, as_record(p), p.plan_code)
            for c in stages.get(p.code, ()):
                self.audit.created("project_stage", f"{p.code}/{c.seq}", as_record(c), p.plan_code)

    def move(self, code: str, stage: ProjectStage, on: date, changed: Project) -> StageChange:
        """Store ``changed`` (the project in its new ``stage``, with dates it moves) and the dated step."""
        row = self._row(code, lock=True)
        old = _to_project(row, self._unit_codes())
        for name, value in _project_values(changed).items():
            setattr(row, name, value)
        self.audit.updated("project", code, as_record(old), as_record(changed), old.plan_code)
        return self._append(row, code, stage, on)

    def _append(self, row: ProjectRow, code: str, stage: ProjectStage, on: date) -> StageChange:
        last = self.session.scalar(select(func.max(ProjectStageRow.seq)).where(ProjectStageRow.project_id == row.id))
        change = StageChange((last or 0) + 1, stage, on, self.audit.actor)
        self.session.add(
            ProjectStageRow(project_id=row.id, seq=change.seq, stage=stage.value, on=on, actor=change.actor)
        )
        self.session.flush()
        self.audit.created("project_stage", f"{code}/{change.seq}", as_record(change), row.plan_code)
        return change

    def stage_changes(
        self, code: str | None = None, *, since: date | None = None, before: date | None = None
    ) -> list[tuple[str, StageChange]]:
        """(project code, step) of one project's trail, or of every project's, in order; only the steps on
        ``since`` or later and before ``before`` when given."""
        query = (
            select(
                ProjectRow.code, ProjectStageRow.seq, ProjectStageRow.stage, ProjectStageRow.on, ProjectStageRow.actor
            )
            .join(ProjectRow, ProjectRow.id == ProjectStageRow.project_id)
            .order_by(ProjectRow.code, ProjectStageRow.seq)
        )
        if code is not None:
            query = query.where(ProjectRow.code == code)
        if since is not None:
            query = query.where(ProjectStageRow.on >= since)
        if before is not None:
            query = query.where(ProjectStageRow.on < before)
        return [
            (c, StageChange(seq, ProjectStage(stage), on, actor))
            for c, seq, stage, on, actor in self.session.execute(query)
        ]

    def lock(self, code: str) -> Project:
        return self.project(code, lock=True)

    def reports(self, code: str | None = None, *, month: str | None = None) -> list[MonthlyReport]:
        """Monthly reports of one project (or all), by project and month; only up to ``month`` when given."""
        query = (
            select(ProjectRow.code, ProjectReportRow)
            .join(ProjectRow, ProjectRow.id == ProjectReportRow.project_id)
            .order_by(ProjectRow.code, ProjectReportRow.month)
        )
        if code is not None:
            query = query.where(ProjectRow.code == code)
        if month is not None:
            query = query.where(ProjectReportRow.month <= month)
        return [_to_report(c, r) for c, r in self.session.execute(query).all()]

    def latest_reports(self, year: int, month: str) -> dict[str, int]:
        """Per project, this year's cumulative investment of its newest report of ``year`` up to ``month``."""
        newest = (
            select(ProjectReportRow.project_id, func.max(ProjectReportRow.month).label("month"))
            .where(ProjectReportRow.month >= f"{year}-01", ProjectReportRow.month <= month)
            .group_by(ProjectReportRow.project_id)
            .subquery()
        )
        query = (
            select(ProjectRow.code, ProjectReportRow.cumulative_year)
            .join(ProjectReportRow, ProjectReportRow.project_id == ProjectRow.id)
            .join(
                newest,
                (newest.c.project_id == ProjectReportRow.project_id) & (newest.c.month == ProjectReportRow.month),
            )
        )
        return {code: int(value) for code, value in self.session.execute(query).all()}

    def newest_month(self) -> str | None:
        """The newest month any project reported (None without reports)."""
        return self.session.scalar(select(func.max(ProjectReportRow.month)))

    def previous_report(self, code: str, month: str) -> MonthlyReport | None:
        """The newest report of ``code`` (any month); the caller checks it comes before ``month``."""
        row = self._row(code)
        query = (
            select(ProjectReportRow)
            .where(ProjectReportRow.project_id == row.id)
            .order_by(ProjectReportRow.month.desc())
            .limit(1)
        )
        found = self.session.scalar(query)
        return _to_report(code, found) if found is not None else None

    def add_report(self, report: MonthlyReport) -> None:
        """Store a new month's report (audited); the caller has locked the project and checked it."""
        row = self._row(report.project_code)
        values = _report_values(report)
        self.session.add(ProjectReportRow(project_id=row.id, **values))
        self.session.flush()
        self.audit.created("project_report", f"{report.project_code}/{report.month}", as_record(report), row.plan_code)

    def add_reports_bulk(self, reports: Iterable[MonthlyReport]) -> int:
        """Insert many new reports at once (the demo), each audited; returns how many."""
        ids = self._all_ids(ProjectRow)
        now = utcnow()
        rows = []
        for r in reports:
            rows.append({"project_id": ids[r.project_code], **_report_values(r), "reported_at": now})
            self.audit.created("project_report", f"{r.project_code}/{r.month}", as_record(r))
        self._insert_rows(ProjectReportRow, rows)
        return len(rows)

    def month_totals(self, year: int | None = None, until: str | None = None) -> list[MonthTotal]:
        """The roll-up in SQL: investment per month, category, unit and stage (of ``year``, up to ``until``)."""
        query = (
            select(
                ProjectReportRow.month,
                ProjectRow.category,
                UnitRow.code,
                ProjectRow.stage,
                func.sum(ProjectReportRow.investment),
                func.count(ProjectReportRow.id),
            )
            .join(ProjectRow, ProjectRow.id == ProjectReportRow.project_id)
            .join(UnitRow, UnitRow.id == ProjectRow.unit_id)
            .group_by(ProjectReportRow.month, ProjectRow.category, UnitRow.code, ProjectRow.stage)
        )
        if year is not None:
            query = query.where(ProjectReportRow.month.between(f"{year}-01", until or f"{year}-12"))
        return [
            MonthTotal(m, Category(c), u, ProjectStage(s), int(total or 0), int(n))
            for m, c, u, s, total, n in self.session.execute(query).all()
        ]

    def delete_simulated(self, plan_code: str | None = None) -> int:
        """Remove the simulated projects (of ``plan_code``) with their trails and reports, each project's
        deletion audited; returns how many."""
        query = select(ProjectRow).where(ProjectRow.simulated.is_(True))
        if plan_code is not None:
            query = query.where(ProjectRow.plan_code == plan_code)
        rows = list(self.session.scalars(query))
        units = self._unit_codes()
        for row in rows:
            self.audit.deleted("project", row.code, as_record(_to_project(row, units)), row.plan_code)
            self.session.delete(row)
        self.session.flush()
        return len(rows)


def _first_day(p: Project, on: date) -> date:
    if p.stage is not ProjectStage.PIPELINE and p.stage is not ProjectStage.SIGNED and p.actual_start is not None:
        return p.actual_start
    return on


def _project_values(p: Project) -> dict[str, Any]:
    return {
        "code": p.code,
        "name": p.name,
        "leader": p.leader,
        "category": p.category.value,
        "stage": p.stage.value,
        "build_kind": p.build_kind.value,
        "total_investment": p.total_investment,
        "annual_plans": {str(y): v for y, v in sorted(p.annual_plans.items())},
        "planned_start": p.planned_start,
        "planned_finish": p.planned_finish,
        "actual_start": p.actual_start,
        "actual_finish": p.actual_finish,
        "address": p.address,
        "longitude": p.longitude,
        "latitude": p.latitude,
        "plan_code": p.plan_code,
        "goal_codes": list(p.goal_codes),
        "indicator_codes": list(p.indicator_codes),
        "batch": p.batch,
        "simulated": p.simulated,
    }


def _to_project(row: Any, units: Mapping[int, str]) -> Project:
    """A project of a row (ORM or plain), with its unit's code."""
    return Project(
        code=row.code,
        name=row.name,
        unit_code=units[row.unit_id],
        category=Category(row.category),
        total_investment=int(row.total_investment),
        stage=ProjectStage(row.stage),
        build_kind=BuildKind(row.build_kind),
        leader=row.leader,
        annual_plans={int(y): int(v) for y, v in row.annual_plans.items()},
        planned_start=row.planned_start,
        planned_finish=row.planned_finish,
        actual_start=row.actual_start,
        actual_finish=row.actual_finish,
        address=row.address,
        longitude=row.longitude,
        latitude=row.latitude,
        plan_code=row.plan_code,
        goal_codes=tuple(row.goal_codes),
        indicator_codes=tuple(row.indicator_codes),
        batch=row.batch,
        simulated=row.simulated,
    )


def _report_values(r: MonthlyReport) -> dict[str, Any]:
    return {
        "month": r.month,
        "investment": r.investment,
        "cumulative_year": r.cumulative_year,
        "cumulative_total": r.cumulative_total,
        "progress_text": r.progress_text,
        "progress_percent": r.progress_percent,
        "problems": r.problems,
        "problem_unit_code": r.problem_unit_code,
        "next_steps": r.next_steps,
        "reported_by": r.reported_by,
    }


def _to_report(code: str, row: ProjectReportRow) -> MonthlyReport:
    return MonthlyReport(
        project_code=code,
        month=row.month,
        investment=int(row.investment),
        cumulative_year=int(row.cumulative_year),
        cumulative_total=int(row.cumulative_total),
        progress_text=row.progress_text,
        progress_percent=row.progress_percent,
        problems=row.problems,
        problem_unit_code=row.problem_unit_code,
        next_steps=row.next_steps,
        reported_by=row.reported_by,
    )


__all__ = ["MonthTotal", "ProjectStore"]
