"""Reports of tasks' progress (任务进展): a history, one row per report, the newest current.

A report is appended, never changed; each is audited as a ``task_progress`` created under the key
``<plan>/<task>/<id>``. The status it carries is also the task's own status, which the caller sets through
:meth:`luoshi.storage.figures.FigureStore.set_task_status` (audited as ``task``) in the same unit of work.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from luoshi.domain.errors import NotFound
from luoshi.domain.plan import TaskProgress
from luoshi.domain.record import as_record
from luoshi.storage import mapping
from luoshi.storage.plans import PlanReader
from luoshi.storage.tables import TaskProgressRow, TaskRow

OBJECT_TYPE = "task_progress"


class TaskProgressStore(PlanReader):
    """The progress history of a plan's tasks, inside the caller's unit of work or read snapshot."""

    def add(self, plan_code: str, report: TaskProgress) -> int:
        """Append ``report`` to its task's history (audited); returns the new row's id."""
        row = TaskProgressRow(**mapping.task_progress_values(self._task_id(plan_code, report.task_code), report))
        self.session.add(row)
        self.session.flush()
        self.audit.created(OBJECT_TYPE, f"{plan_code}/{report.task_code}/{row.id}", as_record(report), plan_code)
        return row.id

    def history(self, plan_code: str, task_code: str) -> list[TaskProgress]:
        """Every report on the task, newest first."""
        rows = self.session.scalars(
            select(TaskProgressRow)
            .where(TaskProgressRow.task_id == self._task_id(plan_code, task_code))
            .order_by(TaskProgressRow.id.desc())
        )
        return [mapping.to_task_progress(row, task_code) for row in rows]

    def latest(self, plan_code: str, task_codes: Iterable[str] | None = None) -> dict[str, TaskProgress]:
        """task code -> its newest report, for the plan's tasks (or just ``task_codes``) that have one."""
        tasks = select(TaskRow.id).where(TaskRow.plan_id == self.plan_row(plan_code).id)
        if task_codes is not None:
            tasks = tasks.where(TaskRow.code.in_(list(task_codes)))
        newest = (
            select(func.max(TaskProgressRow.id))
            .where(TaskProgressRow.task_id.in_(tasks))
            .group_by(TaskProgressRow.task_id)
        )
        rows = self.session.execute(
            select(TaskProgressRow, TaskRow.code)
            .join(TaskRow, TaskRow.id == TaskProgressRow.task_id)
            .where(TaskProgressRow.id.in_(newest))
        )
        return {code: mapping.to_task_progress(row, code) for row, code in rows}

    def _task_id(self, plan_code: str, task_code: str) -> int:
        plan_id = self.plan_row(plan_code).id
        task_id = self.session.scalar(select(TaskRow.id).where(TaskRow.plan_id == plan_id, TaskRow.code == task_code))
        if task_id is None:
            raise NotFound(f"no task {task_code!r} in plan {plan_code!r}")
        return task_id
