"""Reporting rounds, the submissions units owe in them, what they entered, their trail and reminders.

Every change is audited with object types of its own (``round``, ``submission``, ``round_value``,
``task_report``, ``evidence``, ``reminder``, ``reporting_rules``): none of them is part of a plan
bundle, so a draft saved in a round never makes the cockpit read the plan again. Approved values reach
the plan as observations through :class:`~luoshi.storage.figures.FigureStore`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, select

from luoshi.domain.errors import Conflict, NotFound
from luoshi.domain.period import Period
from luoshi.domain.plan import TaskStatus
from luoshi.domain.record import as_record
from luoshi.domain.rounds import (
    AskedIndicator,
    AskedTask,
    Entry,
    Evidence,
    LineKey,
    Reminder,
    Round,
    RoundState,
    Submission,
    SubmissionAction,
    SubmissionEvent,
    SubmissionState,
    TaskReport,
)
from luoshi.domain.target import Measure
from luoshi.storage.store import ChangeSummary, Store
from luoshi.storage.tables import (
    EvidenceRow,
    IndicatorRow,
    ObservationRow,
    PlanRow,
    RegionRow,
    ReminderRow,
    ReportingRulesRow,
    RoundRow,
    RoundTaskReportRow,
    RoundValueRow,
    SubmissionEventRow,
    SubmissionRow,
    TargetRow,
    TaskRow,
    UnitRow,
    utcnow,
)

#: a query names at most this many codes as parameters; with more (a round of 90,000 indicators), it reads
#: all of the plan's and the rest are dropped in Python (PostgreSQL takes at most 65,535 parameters)
MAX_LISTED_CODES = 1000


def _to_round(row: RoundRow, plan_code: str) -> Round:
    return Round(
        code=row.code,
        plan_code=plan_code,
        title=row.title,
        period=Period.parse(row.period),
        due=row.due,
        approval_levels=row.approval_levels,
        indicator_codes=tuple(row.indicator_codes),
        task_codes=tuple(row.task_codes),
        state=RoundState(row.state),
        scenario=row.scenario,
        opened_by=row.opened_by,
        opened_at=row.opened_at,
        projects=row.projects,
    )


def _to_submission(row: SubmissionRow, round_code: str, unit_code: str) -> Submission:
    return Submission(
        round_code=round_code,
        unit_code=unit_code,
        state=SubmissionState(row.state),
        first_submitted_at=row.first_submitted_at,
        submitted_at=row.submitted_at,
        submitted_by=row.submitted_by,
        unit_approved_by=row.unit_approved_by,
        approved_by=row.approved_by,
        approved_at=row.approved_at,
        returned_count=row.returned_count,
        comment=row.comment,
        updated_at=row.updated_at,
    )


def _submission_record(s: Submission) -> dict[str, Any]:
    record: dict[str, Any] = as_record(s)
    record.pop("updated_at", None)
    return record


class RoundStore(Store):
    """Rounds and submissions inside the caller's unit of work."""

    # ---------------------------------------------------------------- rounds

    def _round_row(self, code: str) -> tuple[RoundRow, str]:
        found = self.session.execute(
            select(RoundRow, PlanRow.code).join(PlanRow, PlanRow.id == RoundRow.plan_id).where(RoundRow.code == code)
        ).first()
        if found is None:
            raise NotFound(f"没有填报轮次 {code}")
        return found[0], found[1]

    def round(self, code: str) -> Round:
        row, plan_code = self._round_row(code)
        return _to_round(row, plan_code)

    def rounds(self, *, plan_code: str | None = None, state: RoundState | None = None) -> list[Round]:
        query = select(RoundRow, PlanRow.code).join(PlanRow, PlanRow.id == RoundRow.plan_id)
        if plan_code is not None:
            query = query.where(PlanRow.code == plan_code)
        if state is not None:
            query = query.where(RoundRow.state == state.value)
        rows = self.session.execute(query.order_by(RoundRow.due.desc(), RoundRow.id.desc())).all()
        return [_to_round(r, p) for r, p in rows]

    def add_round(self, rnd: Round, unit_codes: Sequence[str]) -> None:
        """Store a new round and a pending submission for each unit that owes one (audited)."""
        plan_id = self.plan_id(rnd.plan_code)
        if self.session.scalar(select(RoundRow.id).where(RoundRow.code == rnd.code)) is not None:
            raise Conflict(f"填报轮次 {rnd.code} 已存在")
        row = RoundRow(
            code=rnd.code,
            plan_id=plan_id,
            title=rnd.title,
            period=rnd.period.code,
            due=rnd.due,
            approval_levels=rnd.approval_levels,
            indicator_codes=list(rnd.indicator_codes),
            task_codes=list(rnd.task_codes),
            state=rnd.state.value,
            scenario=rnd.scenario,
            opened_by=rnd.opened_by,
            opened_at=rnd.opened_at or utcnow(),
            projects=rnd.projects,
        )
        self.session.add(row)
        self.session.flush()
        record = as_record(rnd)
        record.pop("opened_at", None)
        self.audit.created("round", rnd.code, record, rnd.plan_code)
        units = self._unit_ids(unit_codes)
        for code in unit_codes:
            self.session.add(SubmissionRow(round_id=row.id, unit_id=units[code], state=SubmissionState.PENDING.value))
            self.audit.created(
                "submission", f"{rnd.code}/{code}", _submission_record(Submission(rnd.code, code)), rnd.plan_code
            )
        self.session.flush()

    def set_round_state(self, code: str, state: RoundState) -> bool:
        row, plan_code = self._round_row(code)
        if row.state == state.value:
            return False
        self.audit.updated("round", code, {"state": row.state}, {"state": state.value}, plan_code)
        row.state = state.value
        return True

    def plan_id(self, plan_code: str) -> int:
        plan_id = self.session.scalar(select(PlanRow.id).where(PlanRow.code == plan_code))
        if plan_id is None:
            raise NotFound(f"no plan {plan_code!r}")
        return int(plan_id)

    def _unit_ids(self, codes: Iterable[str]) -> dict[str, int]:
        ids = self._ids(UnitRow, codes)
        missing = sorted(set(codes) - set(ids))
        if missing:
            raise NotFound(f"没有单位 {', '.join(missing)}")
        return ids

    # ---------------------------------------------------------------- submissions

    def _submission_query(self) -> Select[SubmissionRow, str, str]:
        return (
            select(SubmissionRow, RoundRow.code, UnitRow.code)
            .join(RoundRow, RoundRow.id == SubmissionRow.round_id)
            .join(UnitRow, UnitRow.id == SubmissionRow.unit_id)
        )

    def _submission_row(self, round_code: str, unit_code: str, *, lock: bool = False) -> SubmissionRow:
        query = (
            select(SubmissionRow)
            .join(RoundRow, RoundRow.id == SubmissionRow.round_id)
            .join(UnitRow, UnitRow.id == SubmissionRow.unit_id)
            .where(RoundRow.code == round_code, UnitRow.code == unit_code)
        )
        if lock:
            query = query.with_for_update(of=SubmissionRow)
        row = self.session.scalar(query)
        if row is None:
            self._round_row(round_code)  # NotFound for the round first
            raise NotFound(f"单位 {unit_code} 在填报轮次 {round_code} 中没有填报任务")
        return row

    def submission(self, round_code: str, unit_code: str, *, lock: bool = False) -> Submission:
        """One unit's submission (locked to the end of the transaction with ``lock``, on PostgreSQL)."""
        return _to_submission(self._submission_row(round_code, unit_code, lock=lock), round_code, unit_code)

    def submissions(
        self, *, round_codes: Sequence[str] | None = None, unit_code: str | None = None
    ) -> list[Submission]:
        query = self._submission_query()
        if round_codes is not None:
            query = query.where(RoundRow.code.in_(list(round_codes)))
        if unit_code is not None:
            query = query.where(UnitRow.code == unit_code)
        rows = self.session.execute(query.order_by(RoundRow.id, UnitRow.code)).all()
        return [_to_submission(row, r, u) for row, r, u in rows]

    def transition(
        self,
        before: Submission,
        action: SubmissionAction,
        after: Submission,
        plan_code: str,
        comment: str | None = None,
        at: datetime | None = None,
    ) -> Submission:
        """Store ``after`` (same round and unit as ``before``) with a trail event (at ``at``, default now)
        and an audit entry."""
        row = self._submission_row(before.round_code, before.unit_code)
        now = at or utcnow()
        for name in (
            "first_submitted_at",
            "submitted_at",
            "submitted_by",
            "unit_approved_by",
            "approved_by",
            "approved_at",
            "returned_count",
            "comment",
        ):
            setattr(row, name, getattr(after, name))
        row.state = after.state.value
        row.updated_at = now
        self.session.add(
            SubmissionEventRow(
                submission_id=row.id,
                action=action.value,
                from_state=before.state.value,
                to_state=after.state.value,
                actor=self.audit.actor,
                at=now,
                comment=comment,
            )
        )
        key = f"{before.round_code}/{before.unit_code}"
        self.audit.updated("submission", key, _submission_record(before), _submission_record(after), plan_code)
        return _to_submission(row, before.round_code, before.unit_code)

    def events(self, round_code: str, unit_code: str) -> list[SubmissionEvent]:
        row = self._submission_row(round_code, unit_code)
        events = self.session.scalars(
            select(SubmissionEventRow)
            .where(SubmissionEventRow.submission_id == row.id)
            .order_by(SubmissionEventRow.at, SubmissionEventRow.id)
        )
        return [
            SubmissionEvent(
                SubmissionAction(e.action),
                SubmissionState(e.from_state),
                SubmissionState(e.to_state),
                e.actor,
                e.at,
                e.comment,
            )
            for e in events
        ]

    # ---------------------------------------------------------------- values and task progress

    def entries(self, round_code: str, unit_code: str) -> dict[LineKey, Entry]:
        row = self._submission_row(round_code, unit_code)
        values = self.session.scalars(select(RoundValueRow).where(RoundValueRow.submission_id == row.id))
        return {
            LineKey.parse(v.line_key): Entry(LineKey.parse(v.line_key), v.value, v.printed, v.note, v.jump_confirmed)
            for v in values
        }

    def filled(self, round_code: str) -> dict[str, int]:
        """How many values each unit has entered in a round (units with none are left out)."""
        found = self.session.execute(
            select(UnitRow.code, func.count(RoundValueRow.id))
            .join(SubmissionRow, SubmissionRow.id == RoundValueRow.submission_id)
            .join(RoundRow, RoundRow.id == SubmissionRow.round_id)
            .join(UnitRow, UnitRow.id == SubmissionRow.unit_id)
            .where(RoundRow.code == round_code)
            .group_by(UnitRow.code)
        )
        return {unit: int(n) for unit, n in found}

    def entry_sources(self, round_code: str, unit_code: str) -> dict[LineKey, str]:
        row = self._submission_row(round_code, unit_code)
        found = self.session.execute(
            select(RoundValueRow.line_key, RoundValueRow.source).where(RoundValueRow.submission_id == row.id)
        )
        return {LineKey.parse(k): s for k, s in found}

    def save_entries(
        self, round_code: str, unit_code: str, entries: Sequence[tuple[Entry, str]], plan_code: str
    ) -> ChangeSummary:
        """Create or update the unit's values (each with its source); unchanged values are left alone."""
        summary = ChangeSummary()
        row = self._submission_row(round_code, unit_code)
        stored = {
            v.line_key: v
            for v in self.session.scalars(select(RoundValueRow).where(RoundValueRow.submission_id == row.id))
        }
        bulk: list[dict[str, Any]] = []
        now = utcnow()
        for entry, source in entries:
            key = str(entry.key)
            existing = stored.get(key)
            values = {
                "submission_id": row.id,
                "line_key": key,
                "value": entry.value,
                "printed": entry.printed,
                "note": entry.note,
                "jump_confirmed": entry.jump_confirmed,
                "source": source[:200],
                "entered_by": self.audit.actor,
                "entered_at": now,
            }
            old = None
            if existing is not None:
                old = Entry(entry.key, existing.value, existing.printed, existing.note, existing.jump_confirmed)
                if old == entry:
                    continue
            self._upsert(
                "round_value",
                f"{round_code}/{unit_code}/{key}",
                existing,
                values,
                entry,
                old,
                RoundValueRow,
                summary,
                plan_code,
                bulk,
            )
        self._insert_rows(RoundValueRow, bulk)
        return summary

    def reports(self, round_code: str, unit_code: str) -> dict[str, TaskReport]:
        row = self._submission_row(round_code, unit_code)
        found = self.session.scalars(select(RoundTaskReportRow).where(RoundTaskReportRow.submission_id == row.id))
        return {r.task_code: TaskReport(r.task_code, TaskStatus(r.status), r.percent, r.text) for r in found}

    def save_reports(
        self, round_code: str, unit_code: str, reports: Sequence[TaskReport], plan_code: str
    ) -> ChangeSummary:
        summary = ChangeSummary()
        row = self._submission_row(round_code, unit_code)
        stored = {
            r.task_code: r
            for r in self.session.scalars(select(RoundTaskReportRow).where(RoundTaskReportRow.submission_id == row.id))
        }
        for report in reports:
            existing = stored.get(report.task_code)
            old = (
                None
                if existing is None
                else TaskReport(existing.task_code, TaskStatus(existing.status), existing.percent, existing.text)
            )
            values = {
                "submission_id": row.id,
                "task_code": report.task_code,
                "status": report.status.value,
                "percent": report.percent,
                "text": report.text,
                "entered_by": self.audit.actor,
                "entered_at": utcnow(),
            }
            if old == report:
                continue
            self._upsert(
                "task_report",
                f"{round_code}/{unit_code}/{report.task_code}",
                existing,
                values,
                report,
                old,
                RoundTaskReportRow,
                summary,
                plan_code,
            )
        return summary

    # ---------------------------------------------------------------- evidence

    def add_evidence(self, round_code: str, unit_code: str, evidence: Evidence, content: bytes, plan_code: str) -> bool:
        """Keep a file for a task report; the same file for the same task twice is kept once."""
        row = self._submission_row(round_code, unit_code)
        exists = self.session.scalar(
            select(EvidenceRow.id).where(
                EvidenceRow.submission_id == row.id,
                EvidenceRow.task_code == evidence.task_code,
                EvidenceRow.sha256 == evidence.sha256,
            )
        )
        if exists is not None:
            return False
        self.session.add(
            EvidenceRow(
                submission_id=row.id,
                task_code=evidence.task_code,
                file_name=evidence.file_name,
                sha256=evidence.sha256,
                size=evidence.size,
                content_type=evidence.content_type,
                content=content,
                uploaded_by=self.audit.actor,
            )
        )
        key = f"{round_code}/{unit_code}/{evidence.task_code}/{evidence.sha256}"
        self.audit.created("evidence", key, as_record(evidence), plan_code)
        return True

    def evidence(self, round_code: str, unit_code: str) -> list[Evidence]:
        row = self._submission_row(round_code, unit_code)
        found = self.session.scalars(
            select(EvidenceRow).where(EvidenceRow.submission_id == row.id).order_by(EvidenceRow.id)
        )
        return [Evidence(e.task_code, e.file_name, e.sha256, e.size, e.content_type) for e in found]

    def evidence_content(self, round_code: str, unit_code: str, sha256: str) -> tuple[Evidence, bytes]:
        row = self._submission_row(round_code, unit_code)
        e = self.session.scalar(
            select(EvidenceRow).where(EvidenceRow.submission_id == row.id, EvidenceRow.sha256 == sha256)
        )
        if e is None:
            raise NotFound(f"没有佐证材料 {sha256}")
        return Evidence(e.task_code, e.file_name, e.sha256, e.size, e.content_type), e.content

    # ---------------------------------------------------------------- reminders

    def add_reminder(self, reminder: Reminder, plan_code: str) -> None:
        round_row, _ = self._round_row(reminder.round_code)
        unit_id = self._unit_ids([reminder.unit_code])[reminder.unit_code]
        self.session.add(
            ReminderRow(
                round_id=round_row.id,
                unit_id=unit_id,
                sent_by=reminder.sent_by,
                sent_at=reminder.sent_at,
                note=reminder.note,
            )
        )
        record = as_record(reminder)
        record.pop("sent_at", None)
        self.audit.created("reminder", f"{reminder.round_code}/{reminder.unit_code}", record, plan_code)

    def reminders(self, *, round_codes: Sequence[str] | None = None) -> list[Reminder]:
        query = (
            select(ReminderRow, RoundRow.code, UnitRow.code)
            .join(RoundRow, RoundRow.id == ReminderRow.round_id)
            .join(UnitRow, UnitRow.id == ReminderRow.unit_id)
        )
        if round_codes is not None:
            query = query.where(RoundRow.code.in_(list(round_codes)))
        rows = self.session.execute(query.order_by(ReminderRow.sent_at, ReminderRow.id)).all()
        return [Reminder(r, u, row.sent_by, row.sent_at, row.note) for row, r, u in rows]

    # ---------------------------------------------------------------- rules

    def rules(self, plan_code: str) -> dict[str, Any]:
        found = self.session.scalar(
            select(ReportingRulesRow.rules).where(ReportingRulesRow.plan_id == self.plan_id(plan_code))
        )
        return dict(found or {})

    def set_rules(self, plan_code: str, rules: Mapping[str, Any]) -> bool:
        plan_id = self.plan_id(plan_code)
        row = self.session.get(ReportingRulesRow, plan_id)
        new = dict(rules)
        if row is None:
            self.session.add(ReportingRulesRow(plan_id=plan_id, rules=new))
            self.audit.created("reporting_rules", plan_code, new, plan_code)
            return True
        if row.rules == new:
            return False
        self.audit.updated("reporting_rules", plan_code, dict(row.rules), new, plan_code)
        row.rules = new
        return True

    # ---------------------------------------------------------------- last values

    def last_values(
        self, plan_code: str, region_code: str, keys: Sequence[LineKey], period: Period, scenario: str = "actual"
    ) -> dict[LineKey, tuple[float, str]]:
        """Each line's newest actual figure of the same kind of period before ``period`` (in base units),
        with its period code: what the jump check compares a new value with."""
        if not keys:
            return {}
        plan_id = self.plan_id(plan_code)
        codes = sorted({k.indicator_code for k in keys})
        scenarios = sorted({"actual", scenario})
        region_id = self.session.scalar(select(RegionRow.id).where(RegionRow.code == region_code))
        newest_query = (
            select(
                IndicatorRow.code,
                ObservationRow.measure,
                func.max(ObservationRow.period).label("period"),
            )
            .join(IndicatorRow, IndicatorRow.id == ObservationRow.indicator_id)
            .where(
                IndicatorRow.plan_id == plan_id,
                ObservationRow.region_id == region_id,
                ObservationRow.scenario.in_(scenarios),
                ObservationRow.period_kind == period.kind.value,
                ObservationRow.period < period.code,
            )
            .group_by(IndicatorRow.code, ObservationRow.measure)
        )
        if len(codes) <= MAX_LISTED_CODES:
            newest_query = newest_query.where(IndicatorRow.code.in_(codes))
        newest = newest_query.subquery()
        rows = self.session.execute(
            select(IndicatorRow.code, ObservationRow.measure, ObservationRow.period, ObservationRow.value)
            .join(IndicatorRow, IndicatorRow.id == ObservationRow.indicator_id)
            .join(
                newest,
                and_(
                    newest.c.code == IndicatorRow.code,
                    newest.c.measure == ObservationRow.measure,
                    newest.c.period == ObservationRow.period,
                ),
            )
            .where(
                IndicatorRow.plan_id == plan_id,
                ObservationRow.region_id == region_id,
                ObservationRow.scenario.in_(scenarios),
            )
        ).all()
        wanted = set(keys)
        found: dict[LineKey, tuple[float, str]] = {}
        for code, measure, period_code, value in rows:
            key = LineKey(code, Measure(measure))
            if key in wanted:
                found[key] = (float(value), period_code)
        return found

    # ---------------------------------------------------------------- what a round asks for

    def asked_indicators(self, plan_code: str, codes: Sequence[str] | None = None) -> dict[str, AskedIndicator]:
        """The plan's indicators (those named, or all), with their owners and the measures a round asks:
        the level, and the growth rate too where the indicator has a growth target."""
        plan_id = self.plan_id(plan_code)
        query = (
            select(IndicatorRow.code, IndicatorRow.name, IndicatorRow.display_unit, IndicatorRow.unit, UnitRow.code)
            .outerjoin(UnitRow, UnitRow.id == IndicatorRow.owner_unit_id)
            .where(IndicatorRow.plan_id == plan_id)
            .order_by(IndicatorRow.position, IndicatorRow.id)
        )
        wanted = None if codes is None else set(codes)
        if wanted is not None and len(wanted) <= MAX_LISTED_CODES:
            query = query.where(IndicatorRow.code.in_(list(wanted)))
        growth = set(
            self.session.scalars(
                select(IndicatorRow.code)
                .join(TargetRow, TargetRow.indicator_id == IndicatorRow.id)
                .where(IndicatorRow.plan_id == plan_id, TargetRow.measure == Measure.GROWTH.value)
            )
        )
        return {
            code: AskedIndicator(
                code,
                name,
                display,
                base,
                owner,
                (Measure.LEVEL, Measure.GROWTH) if code in growth and base != "%" else (Measure.LEVEL,),
            )
            for code, name, display, base, owner in self.session.execute(query)
            if wanted is None or code in wanted
        }

    def asked_tasks(self, plan_code: str, codes: Sequence[str] | None = None) -> dict[str, AskedTask]:
        plan_id = self.plan_id(plan_code)
        query = (
            select(TaskRow.code, TaskRow.name, UnitRow.code, TaskRow.status)
            .outerjoin(UnitRow, UnitRow.id == TaskRow.lead_unit_id)
            .where(TaskRow.plan_id == plan_id)
            .order_by(TaskRow.position, TaskRow.id)
        )
        if codes is not None:
            query = query.where(TaskRow.code.in_(list(codes)))
        return {
            code: AskedTask(code, name, lead, TaskStatus(status))
            for code, name, lead, status in self.session.execute(query)
        }

    def unit_names(self) -> dict[str, str]:
        return dict(self.session.execute(select(UnitRow.code, UnitRow.name)).all())
