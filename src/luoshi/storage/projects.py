"""Key projects (重点项目): the register, the dated stage changes and the monthly reports, inside the caller's
unit of work.

Every change is audited: a project created or updated (``project``, key its code, old and new records), a
stage change (``project_stage``, key ``<code>/<seq>``) and a monthly report (``project_report``, key
``<code>/<month>``). The project's row is locked while a stage change or a report is added, so that two
reports of one project at once are checked one after the other; the unique key (project, month) keeps a
month to one report whatever happens.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple, cast

from sqlalchemy import String, Table, bindparam, case, func, select, type_coerce, update
from sqlalchemy.dialects import postgresql, sqlite

from luoshi.domain.errors import NotFound
from luoshi.domain.project import BuildKind, Category, MonthlyReport, Project, ProjectStage, StageChange
from luoshi.domain.record import as_record
from luoshi.storage.store import ChangeSummary, Store
from luoshi.storage.tables import (
    ProjectMonthRow,
    ProjectReportRow,
    ProjectRow,
    ProjectStageRow,
    ProjectYearRow,
    UnitRow,
    utcnow,
)


class ProjectYear(NamedTuple):
    """What 序时进度 and the roll-up read of one project in a year, up to a month (amounts in 元)."""

    code: str
    unit_code: str
    category: Category
    stage: ProjectStage
    planned: int
    planned_start: date | None
    batch: str
    plan_code: str | None
    indicator_code: str | None
    completed: int
    invested: int


class MonthSum(NamedTuple):
    """All projects' investment in a month (元) and how many reports it has."""

    month: str
    investment: int
    reports: int


_CATEGORIES = {c.value: c for c in Category}
_STAGES = {s.value: s for s in ProjectStage}


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

    def projects(
        self,
        *,
        simulated: bool | None = None,
        codes: Collection[str] | None = None,
        units: Collection[str] | None = None,
        stages: Collection[ProjectStage] | None = None,
    ) -> list[Project]:
        """Every project, by code (only the simulated ones, or only the real ones, or only ``codes``, or only
        those of ``units`` or in ``stages``, when asked)."""
        # plain rows, not ORM objects: a portfolio of 20,000 projects is read for every roll-up
        query = select(*ProjectRow.__table__.c).order_by(ProjectRow.code)
        if simulated is not None:
            query = query.where(ProjectRow.simulated.is_(simulated))
        if codes is not None:
            query = query.where(ProjectRow.code.in_(list(codes)))
        if units is not None:
            query = query.where(ProjectRow.unit_id.in_(list(self._ids(UnitRow, units).values())))
        if stages is not None:
            query = query.where(ProjectRow.stage.in_([s.value for s in stages]))
        names = self._unit_codes()
        return [_to_project(r, names) for r in self.session.execute(query)]

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

    def latest_reports(self, year: int, month: str, *, code: str | None = None) -> dict[str, int]:
        """Per project (or only ``code``), this year's cumulative investment of its newest report of ``year``
        up to ``month``."""
        newest_query = (
            select(ProjectReportRow.project_id, func.max(ProjectReportRow.month).label("month"))
            .where(ProjectReportRow.month >= f"{year}-01", ProjectReportRow.month <= month)
            .group_by(ProjectReportRow.project_id)
        )
        if code is not None:
            newest_query = newest_query.where(ProjectReportRow.project_id == self._row(code).id)
        newest = newest_query.subquery()
        query = (
            select(ProjectRow.code, ProjectReportRow.cumulative_year)
            .join(ProjectReportRow, ProjectReportRow.project_id == ProjectRow.id)
            .join(
                newest,
                (newest.c.project_id == ProjectReportRow.project_id) & (newest.c.month == ProjectReportRow.month),
            )
        )
        return {code: int(value) for code, value in self.session.execute(query).all()}

    def reported_in(self, month: str) -> dict[str, str | None]:
        """The projects that reported ``month``: code -> the round the report answered (None: outside one)."""
        query = (
            select(ProjectRow.code, ProjectReportRow.round_code)
            .join(ProjectRow, ProjectRow.id == ProjectReportRow.project_id)
            .where(ProjectReportRow.month == month)
        )
        return {code: round_code for code, round_code in self.session.execute(query)}

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
        self._count([(row.id, report)])
        self.audit.created("project_report", f"{report.project_code}/{report.month}", as_record(report), row.plan_code)

    def add_reports_bulk(self, reports: Iterable[MonthlyReport]) -> int:
        """Insert many new reports at once (the demo), each audited; returns how many."""
        ids = self._all_ids(ProjectRow)
        now = utcnow()
        rows = []
        reports_list = list(reports)
        for r in reports_list:
            rows.append({"project_id": ids[r.project_code], **_report_values(r), "reported_at": now})
            self.audit.created("project_report", f"{r.project_code}/{r.month}", as_record(r))
        self._insert_rows(ProjectReportRow, rows)
        self._count([(row["project_id"], r) for row, r in zip(rows, reports_list, strict=True)])
        return len(rows)

    def _add_up(
        self, model: Any, rows: list[dict[str, Any]], key: list[str], changes: dict[str, Callable[[Any], Any]]
    ) -> None:
        """Insert ``rows``, or where the key exists set ``changes`` (expressions of ``model`` and ``excluded``)."""
        if not rows:
            return
        make = postgresql.insert if self.session.get_bind().dialect.name == "postgresql" else sqlite.insert
        statement = make(model.__table__)
        excluded = statement.excluded
        statement = statement.on_conflict_do_update(
            index_elements=key, set_={name: change(excluded) for name, change in changes.items()}
        )
        self.session.execute(statement, rows)

    def _count(self, reports: Sequence[tuple[int, MonthlyReport]]) -> None:
        """Add new reports (project id, report) to the summary tables, in the caller's transaction: each
        change is an increment (or, for the newest month, a comparison) made by the database on the row as
        it stands, so that reports of other projects stored at the same time are all counted."""
        years: dict[tuple[int, int], dict[str, Any]] = {}
        for project_id, r in sorted(reports, key=lambda pr: (pr[0], pr[1].month)):
            found = years.setdefault(
                (project_id, r.year),
                {"project_id": project_id, "year": r.year, "investment": 0, "reports": 0},
            )
            found.update(last_month=r.month, cumulative_year=r.cumulative_year)
            found["investment"] += r.investment
            found["reports"] += 1
        months: dict[str, dict[str, Any]] = {}
        for _, r in reports:
            m = months.setdefault(r.month, {"month": r.month, "investment": 0, "reports": 0})
            m["investment"] += r.investment
            m["reports"] += 1
        y = ProjectYearRow

        def newer(x: Any) -> Any:
            return x.last_month > y.last_month

        self._add_up(
            y,
            list(years.values()),
            ["project_id", "year"],
            {
                "investment": lambda x: y.investment + x.investment,
                "reports": lambda x: y.reports + x.reports,
                "last_month": lambda x: case((newer(x), x.last_month), else_=y.last_month),
                "cumulative_year": lambda x: case((newer(x), x.cumulative_year), else_=y.cumulative_year),
            },
        )
        m_ = ProjectMonthRow
        self._add_up(
            m_,
            list(months.values()),
            ["month"],
            {"investment": lambda x: m_.investment + x.investment, "reports": lambda x: m_.reports + x.reports},
        )

    def year_summary(self, year: int, month: str) -> list[ProjectYear]:
        """Every project (by code) with its plan for ``year`` and what it reported of ``year`` up to ``month``:
        read from the summary kept with the reports; only a project that reported after ``month`` (a past
        month viewed) has its figures added up from its reports."""
        y = ProjectYearRow
        query = (
            select(
                ProjectRow.id,
                ProjectRow.code,
                ProjectRow.unit_id,
                ProjectRow.category,
                ProjectRow.stage,
                ProjectRow.annual_plans[str(year)].as_float(),
                type_coerce(ProjectRow.planned_start, String),  # parsed below: SQLite's text, faster
                ProjectRow.batch,
                ProjectRow.plan_code,
                ProjectRow.indicator_codes[0].as_string(),
                y.last_month,
                y.cumulative_year,
                y.investment,
            )
            .outerjoin(y, (y.project_id == ProjectRow.id) & (y.year == year))
            .order_by(ProjectRow.code)
        )
        rows = self.session.connection().execute(query).all()  # Core rows: a third of the ORM's cost
        stale = self._reported_until(year, month) if any(r[10] is not None and r[10] > month for r in rows) else {}
        units = self._unit_codes()
        found = []
        for pid, code, unit_id, category, stage, planned, start, batch, plan, indicator, last, done, spent in rows:
            if last is None:
                done = spent = 0
            elif last > month:
                done, spent = stale.get(pid, (0, 0))
            found.append(
                ProjectYear(
                    code,
                    units[unit_id],
                    _CATEGORIES[category],
                    _STAGES[stage],
                    int(planned or 0),
                    date.fromisoformat(start) if isinstance(start, str) else start,
                    batch,
                    plan,
                    indicator,
                    int(done),
                    int(spent),
                )
            )
        return found

    def lagging_candidates(
        self, year: int, month: str, share: float, end: date, started: Collection[ProjectStage]
    ) -> list[tuple[Project, int]]:
        """The projects that may lag at ``month`` (whole, by code), each with this year's cumulative
        investment of its newest report up to ``month``: those whose cumulative is below ``share`` of the
        year's plan (with one 元 to spare, so that no rounding of the database leaves one out), and those
        not in a ``started`` stage whose planned start is before ``end``. A superset: the caller decides each
        with :func:`luoshi.domain.project.pace`. Read in one query from the summary kept with the reports;
        only a project that reported after ``month`` looks its figure up among its reports."""
        p, y, r = ProjectRow, ProjectYearRow, ProjectReportRow
        then = (
            select(r.cumulative_year)
            .where(r.project_id == p.id, r.month.between(f"{year}-01", month))
            .order_by(r.month.desc())
            .limit(1)
            .scalar_subquery()
        )
        done = case(
            (y.last_month.is_(None), 0), (y.last_month <= month, y.cumulative_year), else_=func.coalesce(then, 0)
        )
        planned = p.annual_plans[str(year)].as_float()
        behind = (planned > 0) & (done < planned * share + 1)
        late = p.stage.not_in([s.value for s in started]) & (p.planned_start < end)
        query = (
            select(*p.__table__.c, done.label("done"))
            .outerjoin(y, (y.project_id == p.id) & (y.year == year))
            .where(behind | late)
            .order_by(p.code)
        )
        units = self._unit_codes()
        return [(_to_project(row, units), int(row.done)) for row in self.session.connection().execute(query)]

    def _reported_until(self, year: int, month: str) -> dict[int, tuple[int, int]]:
        """Per project that reported after ``month`` in ``year``: this year's cumulative of its newest report
        up to ``month`` and the sum of its investment up to then, added up from the reports."""
        r, y = ProjectReportRow, ProjectYearRow
        later = (y.project_id == r.project_id) & (y.year == year) & (y.last_month > month)
        months = r.month.between(f"{year}-01", month)
        sums = (
            select(r.project_id, func.max(r.month).label("month"), func.sum(r.investment).label("spent"))
            .join(y, later)
            .where(months)
            .group_by(r.project_id)
            .subquery()
        )
        query = select(sums.c.project_id, r.cumulative_year, sums.c.spent).join(
            r, (r.project_id == sums.c.project_id) & (r.month == sums.c.month)
        )
        return {pid: (int(done), int(spent)) for pid, done, spent in self.session.execute(query)}

    def month_sums(self, year: int, until: str) -> list[MonthSum]:
        """The months of ``year`` up to ``until`` that have reports: every project's investment, the count."""
        m = ProjectMonthRow
        query = (
            select(m.month, m.investment, m.reports)
            .where(m.month.between(f"{year}-01", until), m.reports > 0)
            .order_by(m.month)
        )
        return [MonthSum(month, int(v), int(n)) for month, v, n in self.session.execute(query)]

    def delete_simulated(self, plan_code: str | None = None) -> int:
        """Remove the simulated projects (of ``plan_code``) with their trails and reports, each project's
        deletion audited; returns how many."""
        query = select(ProjectRow).where(ProjectRow.simulated.is_(True))
        if plan_code is not None:
            query = query.where(ProjectRow.plan_code == plan_code)
        rows = list(self.session.scalars(query))
        r = ProjectReportRow
        gone = self.session.execute(
            select(r.month, func.sum(r.investment), func.count(r.id))
            .where(r.project_id.in_([row.id for row in rows]))
            .group_by(r.month)
        ).all()
        if gone:
            m = ProjectMonthRow
            self.session.execute(
                update(cast(Table, m.__table__))
                .where(m.month == bindparam("gone_month"))
                .values(
                    investment=m.investment - bindparam("gone_investment"),
                    reports=m.reports - bindparam("gone_reports"),
                ),
                [{"gone_month": mo, "gone_investment": int(v), "gone_reports": int(n)} for mo, v, n in gone],
            )
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
        "round_code": r.round_code,
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
        round_code=row.round_code,
    )


__all__ = ["MonthSum", "ProjectStore", "ProjectYear"]
