"""Supervision services on SQLite and PostgreSQL: the trail, who may take which step, the audit."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from luoshi.domain.account import Role, User
from luoshi.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from luoshi.domain.supervision import ClosureCounts, EventKind, MatterState, SourceKind, Urgency
from luoshi.services import supervision as sv
from luoshi.services.audit import AuditFilter, audit_page
from luoshi.services.context import Context
from luoshi.services.plans import load_plan
from luoshi.services.supervision import AssignInput, MatterFilter, Step, StepInput

pytestmark = pytest.mark.integration

TODAY = date(2025, 6, 1)
OFFICE = User("ducha", Role.SUPERVISOR)
FGJ = User("fgj-rep", Role.REPORTER, unit_code="fgj")
TJJ = User("tjj-rep", Role.REPORTER, unit_code="tjj")
VIEWER = User("leader", Role.VIEWER)


@pytest.fixture
def loaded(ctx: Context, mini_plan: Path) -> Context:
    load_plan(ctx, mini_plan)
    return ctx


def _assign(ctx: Context, lead: str = "fgj", days: int = 10, **more: object) -> str:
    data = AssignInput(title="推进营商环境改革", lead_unit=lead, deadline=TODAY + timedelta(days=days), **more)
    return sv.assign(ctx, OFFICE, data, today=TODAY).code


def _audited(ctx: Context, object_type: str) -> list[tuple[str, str]]:
    with ctx.reading() as snapshot:
        return [(e.action, e.object_key) for e in snapshot.audit.entries(object_type=object_type, limit=1000)]


def test_the_whole_trail_from_assigned_to_closed(loaded: Context) -> None:
    code = _assign(
        loaded, source_kind=SourceKind.INSTRUCTION, source_text="区长批示：抓紧推进", assisting_units=["tjj"]
    )
    assert code == "DB2025-001"
    assert sv.feedback(loaded, FGJ, code, "已制定方案", today=TODAY).state is MatterState.IN_PROGRESS
    sv.feedback(loaded, TJJ, code, "配合提供数据", today=TODAY)  # an assisting unit may feed back too
    asked = sv.request_extension(loaded, FGJ, code, "需征求意见", date(2025, 7, 31), today=TODAY)
    assert asked.state is MatterState.EXTENSION_REQUESTED and asked.deadline == TODAY + timedelta(days=10)
    granted = sv.approve(loaded, OFFICE, code, today=TODAY)
    assert granted.state is MatterState.IN_PROGRESS and granted.deadline == date(2025, 7, 31)
    sv.remind(loaded, OFFICE, code, "请加快进度", today=TODAY)
    sv.request_close(loaded, FGJ, code, "已完成", today=TODAY)
    closed = sv.approve_close(loaded, OFFICE, code, "同意", today=date(2025, 7, 1))
    assert closed.state is MatterState.CLOSED

    page = sv.matter_page(loaded, FGJ, code, today=date(2025, 8, 1))
    assert [e.kind for e in page.trail] == [
        EventKind.ASSIGNED,
        EventKind.FEEDBACK,
        EventKind.FEEDBACK,
        EventKind.EXTENSION_REQUESTED,
        EventKind.EXTENSION_APPROVED,
        EventKind.REMINDER,
        EventKind.CLOSE_REQUESTED,
        EventKind.CLOSE_APPROVED,
    ]
    assert [e.seq for e in page.trail] == list(range(1, 9))
    granted_step = page.trail[4]
    assert (granted_step.old_deadline, granted_step.new_deadline) == (TODAY + timedelta(days=10), date(2025, 7, 31))
    assert page.trail[2].unit and page.trail[2].unit.name == "示例区统计局"
    assert page.trail[5].actor == "ducha" and page.trail[5].label == "催办"
    assert page.matter.closed_on == date(2025, 7, 1) and page.matter.closed_late is False
    assert page.matter.urgency is Urgency.NONE and page.actions == []
    # every change audited: the matter made and moved, one entry per step
    steps = _audited(loaded, "matter_event")
    assert sorted(steps) == [("create", f"{code}/{n}") for n in range(1, 9)]
    matter_changes = _audited(loaded, "matter")
    assert ("create", code) in matter_changes and len(matter_changes) == 1 + 5  # state or deadline moved 5 times


def test_a_task_matter_takes_the_task_s_title_units_and_deadline(loaded: Context) -> None:
    data = AssignInput(source_kind=SourceKind.TASK, plan_code="mini", task_code="T1")
    code = sv.assign(loaded, None, data, today=TODAY).code  # None: the CLI's actor
    view = sv.matter_page(loaded, None, code, today=TODAY).matter
    assert view.title == "编制现代服务业发展专项规划" and view.deadline == date(2021, 12, 31)
    assert view.lead_unit.code == "fgj" and [u.code for u in view.assisting_units] == ["tjj"]
    assert (view.plan_code, view.task_code, view.source_label) == ("mini", "T1", "规划任务")
    assert view.urgency is Urgency.OVERDUE and view.days_overdue == (TODAY - date(2021, 12, 31)).days
    with pytest.raises(InvalidInput) as bad:
        sv.assign(loaded, OFFICE, AssignInput(source_kind=SourceKind.TASK, plan_code="mini", task_code="T9"))
    assert [p.location.file for p in bad.value.problems] == ["task_code"]


def test_bad_assignments_name_their_fields(loaded: Context) -> None:
    with pytest.raises(InvalidInput) as bad:
        sv.assign(loaded, OFFICE, AssignInput(lead_unit="nope", assisting_units=["tjj", "zzz"], plan_code="x"))
    fields = [p.location.file for p in bad.value.problems]
    assert fields == ["title", "lead_unit", "assisting_units", "deadline", "plan_code"]
    code = _assign(loaded, code="DB-X")
    with pytest.raises(InvalidInput, match="已被使用"):
        _assign(loaded, code=code)


def test_who_may_take_which_step(loaded: Context) -> None:
    code = _assign(loaded)  # lead fgj, no assisting unit
    with pytest.raises(Forbidden):
        sv.assign(loaded, FGJ, AssignInput(title="x", lead_unit="fgj", deadline=TODAY))
    with pytest.raises(Forbidden):  # a reporter of another unit
        sv.feedback(loaded, TJJ, code, "越权反馈", today=TODAY)
    with pytest.raises(Forbidden):
        sv.request_close(loaded, TJJ, code, today=TODAY)
    with pytest.raises(InvalidInput):  # a unit that is not the matter's
        sv.feedback(loaded, FGJ, code, "x", unit="tjj", today=TODAY)
    shared = _assign(loaded, assisting_units=["tjj"])
    with pytest.raises(Forbidden):  # a reporter may not speak for another of the matter's units either
        sv.feedback(loaded, FGJ, shared, "x", unit="tjj", today=TODAY)
    for step in (Step.REMIND, Step.ESCALATE, Step.APPROVE, Step.DENY):
        with pytest.raises(Forbidden):
            sv.take_step(loaded, FGJ, code, step, StepInput(text="x"), today=TODAY)
    with pytest.raises(Forbidden):  # the office does not feed back for units
        sv.feedback(loaded, OFFICE, code, "x", today=TODAY)
    with pytest.raises(Forbidden):
        sv.remind(loaded, VIEWER, code, today=TODAY)
    assert {key for _, key in _audited(loaded, "matter_event")} == {f"{code}/1", f"{shared}/1"}  # nothing refused
    assert sv.matter_page(loaded, TJJ, code, today=TODAY).actions == []
    fgj_actions = sv.matter_page(loaded, FGJ, code, today=TODAY).actions
    assert fgj_actions == [EventKind.FEEDBACK, EventKind.CLOSE_REQUESTED, EventKind.EXTENSION_REQUESTED]
    assert sv.matter_page(loaded, OFFICE, code, today=TODAY).actions == [EventKind.REMINDER, EventKind.ESCALATION]


def test_steps_the_state_or_input_refuses(loaded: Context) -> None:
    code = _assign(loaded)
    with pytest.raises(Conflict, match="没有待批准的申请"):
        sv.approve(loaded, OFFICE, code, today=TODAY)
    with pytest.raises(InvalidInput) as missing:
        sv.feedback(loaded, FGJ, code, "  ", today=TODAY)
    assert missing.value.problems[0].location.file == "text"
    with pytest.raises(InvalidInput) as early:
        sv.request_extension(loaded, FGJ, code, "理由", TODAY, today=TODAY)
    assert early.value.problems[0].location.file == "new_deadline"
    sv.request_extension(loaded, FGJ, code, "理由", date(2025, 12, 31), today=TODAY)
    with pytest.raises(Conflict):  # one request at a time
        sv.request_close(loaded, FGJ, code, today=TODAY)
    with pytest.raises(Conflict, match="申请办结"):
        sv.approve_close(loaded, OFFICE, code, today=TODAY)
    with pytest.raises(InvalidInput):  # a denial needs its reason
        sv.deny(loaded, OFFICE, code, "", today=TODAY)
    denied = sv.deny_extension(loaded, OFFICE, code, "理由不充分", today=TODAY)
    assert denied.state is MatterState.IN_PROGRESS and denied.deadline == TODAY + timedelta(days=10)
    with pytest.raises(NotFound):
        sv.feedback(loaded, FGJ, "DB-none", "x", today=TODAY)


def test_lists_urgency_filters_and_closure_counts(loaded: Context) -> None:
    red = _assign(loaded, days=-3, assisting_units=["tjj"])
    yellow = _assign(loaded, lead="tjj", days=5)
    calm = _assign(loaded, days=30)
    assert [v.code for v in sv.overdue(loaded, today=TODAY)] == [red]
    assert sv.overdue(loaded, today=TODAY)[0].days_overdue == 3
    assert [v.code for v in sv.due_soon(loaded, today=TODAY)] == [yellow]
    assert {v.code for v in sv.list_matters(loaded, unit="tjj", today=TODAY)} == {red, yellow}
    page = sv.supervision_page(loaded, VIEWER, MatterFilter(urgency=Urgency.NONE), today=TODAY)
    assert [v.code for v in page.matters] == [calm] and not page.can_assign
    assert [v.code for v in page.overdue] == [red] and page.tasks[0].code == "T1"
    assert MatterFilter.model_validate({"state": "", "unit": "", "urgency": ""}) == MatterFilter()

    sv.request_close(loaded, FGJ, red, today=TODAY)
    sv.approve(loaded, OFFICE, red, today=TODAY)  # closed three days late
    assert sv.overdue(loaded, today=TODAY) == []
    counts = sv.unit_closure_counts(loaded, 2025, today=date(2025, 6, 10))
    assert counts == {
        "fgj": ClosureCounts(due=2, closed_on_time=0, closed_late=1, open_overdue=0),
        "tjj": ClosureCounts(due=1, closed_on_time=0, closed_late=0, open_overdue=1),
    }


def test_steps_move_the_data_version_but_no_plan(loaded: Context) -> None:
    before = loaded.data_version()
    code = _assign(loaded)
    written = sv.feedback(loaded, FGJ, code, "进展", today=TODAY)
    assert written.version is not None and written.version > before
    log = audit_page(loaded, AuditFilter(object_type="matter_event"))
    assert log.items and log.items[0].object_key == f"{code}/2" and log.items[0].actor == "fgj-rep"
