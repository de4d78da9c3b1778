"""A task's progress history: reports are kept, audited, checked and limited to the lead unit's reporters
(SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.domain.account import Role, User
from luoshi.domain.errors import Forbidden, InvalidInput, NotFound
from luoshi.domain.plan import TaskStatus
from luoshi.services.audit import AuditFilter, audit_page
from luoshi.services.context import Context
from luoshi.services.figures import report_task_progress, task_progress_history
from luoshi.services.plans import load_plan, read_plan

pytestmark = pytest.mark.integration

LEAD = User("fgj-reporter", Role.REPORTER, unit_code="fgj")  # T1 is led by fgj
SUPPORT = User("tjj-reporter", Role.REPORTER, unit_code="tjj")  # tjj only co-operates on T1


@pytest.fixture
def mini(ctx: Context, mini_plan: Path) -> Context:
    load_plan(ctx, mini_plan)
    return ctx


def test_reports_make_a_history_and_set_the_status(mini: Context) -> None:
    first = report_task_progress(mini, LEAD, "mini", "T1", TaskStatus.IN_PROGRESS, 40, "初稿已完成")
    assert first.status_changed is False and first.version is not None  # T1 was in progress already
    second = report_task_progress(mini, LEAD, "mini", "T1", TaskStatus.COMPLETED, 100, "规划已印发")
    assert second.status_changed is True and second.version is not None and second.version > first.version
    assert second.report.status_label == "已完成" and second.report.unit_code == "fgj"
    history = task_progress_history(mini, "mini", "T1")
    assert [(r.percent, r.text, r.reporter) for r in history.reports] == [
        (100, "规划已印发", "fgj-reporter"),
        (40, "初稿已完成", "fgj-reporter"),
    ]
    assert history.status is TaskStatus.COMPLETED and history.lead_unit_code == "fgj"
    assert next(t for t in read_plan(mini, "mini").tasks if t.code == "T1").status is TaskStatus.COMPLETED
    reports = audit_page(mini, AuditFilter(object_type="task_progress")).items
    assert [(e.action, e.object_key.rsplit("/", 1)[0], e.actor) for e in reports] == [
        ("create", "mini/T1", "fgj-reporter"),
    ] * 2
    statuses = audit_page(mini, AuditFilter(object_type="task", key="mini/T1")).items
    assert [(e.action, e.changes[0].new) for e in statuses if e.actor == "fgj-reporter"] == [("update", "completed")]


def test_only_the_lead_units_reporters_may_report(mini: Context) -> None:
    with pytest.raises(Forbidden):
        report_task_progress(mini, SUPPORT, "mini", "T1", TaskStatus.IN_PROGRESS, 50, "")
    with pytest.raises(NotFound):
        report_task_progress(mini, LEAD, "mini", "nope", TaskStatus.IN_PROGRESS, 50, "")
    assert task_progress_history(mini, "mini", "T1").reports == []


@pytest.mark.parametrize(
    ("status", "percent", "text", "field"),
    [
        (TaskStatus.IN_PROGRESS, 101, "", "percent"),
        (TaskStatus.IN_PROGRESS, -1, "", "percent"),
        (TaskStatus.COMPLETED, 90, "", "percent"),
        (TaskStatus.IN_PROGRESS, 50, "字" * 2001, "text"),
    ],
)
def test_bad_reports_are_refused_naming_the_field(
    mini: Context, status: TaskStatus, percent: int, text: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        report_task_progress(mini, LEAD, "mini", "T1", status, percent, text)
    assert [p.location.file for p in caught.value.problems] == [field]
    assert task_progress_history(mini, "mini", "T1").reports == []
