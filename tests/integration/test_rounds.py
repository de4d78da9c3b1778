"""Reporting rounds end to end in the service layer (SQLite and PostgreSQL): open, save, submit, approve at
two levels, return, lock, reopen; timeliness; reminders; permissions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from luoshi.domain.account import Role, User
from luoshi.domain.errors import Conflict, Forbidden, InvalidInput
from luoshi.domain.plan import TaskStatus
from luoshi.domain.rounds import InvalidTransition, LockedSubmission, SubmissionState
from luoshi.services import rounds
from luoshi.services.context import Context
from luoshi.services.plans import load_plan, read_plan
from luoshi.services.rounds import EntryInput, SaveInput, TaskReportInput
from luoshi.storage.tables import AuditRow, ObservationRow

pytestmark = pytest.mark.integration

PLANNER = User("planner", Role.PLANNER)
TJJ = User("tjj-reporter", Role.REPORTER, unit_code="tjj")
TJJ_HEAD = User("tjj-head", Role.UNIT_HEAD, unit_code="tjj")
FGJ = User("fgj-reporter", Role.REPORTER, unit_code="fgj")
FGJ_HEAD = User("fgj-head", Role.UNIT_HEAD, unit_code="fgj")
REVIEWER = User("reviewer", Role.REVIEWER)
ADMIN = User("planner-2", Role.PLANNER)  # reopening is the bureau's that manages rounds
SUPERVISOR = User("duban", Role.SUPERVISOR)
DUE = date(2022, 1, 31)


@pytest.fixture
def mini(ctx: Context, mini_plan: Path) -> Context:
    load_plan(ctx, mini_plan)
    return ctx


def open_2021(ctx: Context, levels: int = 2) -> str:
    return rounds.open_round(ctx, PLANNER, "mini", "2021", DUE, approval_levels=levels).code


def fill_tjj(ctx: Context, code: str, level: str = "465.3") -> None:
    rounds.save_submission(
        ctx,
        TJJ,
        code,
        "tjj",
        SaveInput(entries=[EntryInput(key="gdp", value=level), EntryInput(key="gdp:growth", value="6.1")]),
    )


def test_a_round_asks_the_owning_units(mini: Context) -> None:
    code = open_2021(mini)
    assert code == "mini-2021"
    status = rounds.round_status(mini, code, on=date(2022, 1, 1))
    assert [(u.unit_code, u.state, u.timeliness, u.owed) for u in status.units] == [
        ("fgj", "pending", "not_due", 0),
        ("tjj", "pending", "not_due", 2),
    ]
    view = rounds.submission_view(mini, TJJ, code, "tjj")
    assert [(line.key, line.unit, line.last_value) for line in view.lines] == [
        ("gdp", "亿元", "428.2"),
        ("gdp:growth", "%", None),
    ]
    assert view.can_edit and not view.can_approve
    with pytest.raises(Conflict):
        open_2021(mini)


def test_two_levels_then_locked_then_reopened(mini: Context) -> None:
    code = open_2021(mini)
    fill_tjj(mini, code)
    with pytest.raises(Conflict):
        rounds.approve(mini, TJJ_HEAD, code, "tjj")  # nothing submitted yet
    rounds.submit(mini, TJJ, code, "tjj")
    with pytest.raises(Forbidden):
        rounds.approve(mini, REVIEWER, code, "tjj")  # level 1 is the unit head's
    with pytest.raises(Forbidden):
        rounds.approve(mini, FGJ_HEAD, code, "tjj")  # another unit's head
    assert rounds.approve(mini, TJJ_HEAD, code, "tjj").state is SubmissionState.UNIT_APPROVED
    with pytest.raises(InvalidTransition, match="tjj-head"):  # a second head of the unit: too late, not forbidden
        rounds.approve(mini, User("tjj-head-2", Role.UNIT_HEAD, unit_code="tjj"), code, "tjj")
    with pytest.raises(Forbidden):
        rounds.approve(mini, FGJ_HEAD, code, "tjj")  # another unit's head still may not
    final = rounds.approve(mini, REVIEWER, code, "tjj", "数据无误")
    assert final.state is SubmissionState.APPROVED and final.first_pass
    gdp = {o.period.code: o for o in read_plan(mini, "mini").observations["gdp"] if o.measure == "level"}
    assert gdp["2021"].value == pytest.approx(465.3e8) and gdp["2021"].printed_value == "465.3"
    with mini.reading() as uow:
        origin = uow.session.scalar(
            select(ObservationRow.origin).where(ObservationRow.period == "2021", ObservationRow.measure == "level")
        )
    assert origin == "round"
    with pytest.raises(LockedSubmission):
        fill_tjj(mini, code, "470")
    with pytest.raises(Forbidden):
        rounds.reopen(mini, REVIEWER, code, "tjj", "更正")
    with pytest.raises(InvalidInput):
        rounds.reopen(mini, ADMIN, code, "tjj", "  ")
    assert rounds.reopen(mini, ADMIN, code, "tjj", "统计局更正").state is SubmissionState.REOPENED
    fill_tjj(mini, code, "470")
    view = rounds.submission_view(mini, ADMIN, code, "tjj")
    assert [e.action for e in view.events] == ["save", "submit", "approve", "approve", "reopen"]
    with mini.reading() as uow:
        reopened = uow.session.scalar(
            select(func.count()).select_from(AuditRow).where(AuditRow.reason == "round reopened: 统计局更正")
        )
    assert reopened == 1


def test_returned_with_a_comment_and_resubmitted(mini: Context) -> None:
    code = open_2021(mini, levels=1)
    fill_tjj(mini, code)
    rounds.submit(mini, TJJ, code, "tjj")
    with pytest.raises(Forbidden):
        rounds.approve(mini, TJJ_HEAD, code, "tjj")  # one level: the bureau's, not the unit head's
    with pytest.raises(InvalidInput):
        rounds.return_submission(mini, REVIEWER, code, "tjj", "")
    returned = rounds.return_submission(mini, REVIEWER, code, "tjj", "增速与总量不符")
    assert returned.state is SubmissionState.RETURNED and returned.comment == "增速与总量不符"
    fill_tjj(mini, code, "466.0")
    rounds.submit(mini, TJJ, code, "tjj")
    approved = rounds.approve(mini, REVIEWER, code, "tjj")
    assert approved.state is SubmissionState.APPROVED and not approved.first_pass
    notices = rounds.todo(mini, TJJ).notices
    assert any("退回" in n.text and "增速与总量不符" in n.text for n in notices)


def test_nobody_approves_their_own_submission(mini: Context) -> None:
    code = open_2021(mini, levels=2)
    rounds.save_submission(
        mini,
        TJJ_HEAD,
        code,
        "tjj",
        SaveInput(entries=[EntryInput(key="gdp", value="465.3"), EntryInput(key="gdp:growth", value="6")]),
    )
    rounds.submit(mini, TJJ_HEAD, code, "tjj")
    with pytest.raises(Forbidden, match="自己"):
        rounds.approve(mini, TJJ_HEAD, code, "tjj")


def test_a_reporter_writes_only_its_own_unit(mini: Context) -> None:
    code = open_2021(mini)
    with pytest.raises(Forbidden):
        rounds.save_submission(mini, FGJ, code, "tjj", SaveInput(entries=[EntryInput(key="gdp", value="1")]))
    with pytest.raises(Forbidden):
        rounds.submit(mini, FGJ, code, "tjj")
    with pytest.raises(Forbidden):
        rounds.open_round(mini, TJJ, "mini", "2022", DUE)


def test_bad_values_are_refused_and_nothing_is_written(mini: Context) -> None:
    code = open_2021(mini)
    with mini.reading() as uow:
        before = uow.version
    bad = SaveInput(
        entries=[
            EntryInput(key="gdp", value="约465"),
            EntryInput(key="gdp:growth", value="6", unit="‰"),
            EntryInput(key="hightech", value="3"),
        ]
    )
    with pytest.raises(InvalidInput) as caught:
        rounds.save_submission(mini, TJJ, code, "tjj", bad)
    messages = [p.message for p in caught.value.problems]
    assert any("不是数字" in m for m in messages)
    assert any("计量单位应为%" in m for m in messages)
    assert any("没有要求本单位" in m for m in messages)
    wrong_unit = SaveInput(entries=[EntryInput(key="gdp", value="4653000", unit="万元")])
    with pytest.raises(InvalidInput, match="应为亿元"):
        rounds.save_submission(mini, TJJ, code, "tjj", wrong_unit)
    with mini.reading() as uow:
        assert uow.version == before
    assert rounds.submission_view(mini, TJJ, code, "tjj").filled == 0


def test_a_jump_must_be_confirmed_before_submitting(mini: Context) -> None:
    code = open_2021(mini)
    result = rounds.save_submission(
        mini,
        TJJ,
        code,
        "tjj",
        SaveInput(entries=[EntryInput(key="gdp", value="900"), EntryInput(key="gdp:growth", value="6")]),
    )
    assert result.warnings and "超过 50%" in result.warnings[0]
    with pytest.raises(InvalidInput, match="请核实后确认"):
        rounds.submit(mini, TJJ, code, "tjj")
    rounds.save_submission(
        mini, TJJ, code, "tjj", SaveInput(entries=[EntryInput(key="gdp", value="900", jump_confirmed=True)])
    )
    assert rounds.submit(mini, TJJ, code, "tjj").state is SubmissionState.SUBMITTED


def test_saving_the_same_values_twice_changes_nothing(mini: Context) -> None:
    code = open_2021(mini)
    fill_tjj(mini, code)
    with mini.reading() as uow:
        before = uow.version
    fill_tjj(mini, code)
    with mini.reading() as uow:
        assert uow.version == before


def test_task_progress_and_evidence(mini: Context) -> None:
    code = open_2021(mini, levels=1)
    with pytest.raises(InvalidInput, match="尚未报告进展"):
        rounds.submit(mini, FGJ, code, "fgj")
    rounds.save_submission(
        mini,
        FGJ,
        code,
        "fgj",
        SaveInput(reports=[TaskReportInput(task="T1", status=TaskStatus.COMPLETED, percent=100, text="已完成")]),
    )
    evidence = rounds.add_evidence(mini, FGJ, code, "fgj", "T1", "C:\\docs\\验收报告.pdf", b"%PDF-1.4 ...")
    assert evidence.file_name == "验收报告.pdf" and len(evidence.sha256) == 64
    rounds.add_evidence(mini, FGJ, code, "fgj", "T1", "验收报告.pdf", b"%PDF-1.4 ...")  # the same file: kept once
    view = rounds.submission_view(mini, FGJ, code, "fgj")
    assert [len(t.evidence) for t in view.tasks] == [1]
    rounds.submit(mini, FGJ, code, "fgj")
    rounds.approve(mini, REVIEWER, code, "fgj")
    task = next(t for t in read_plan(mini, "mini").tasks if t.code == "T1")
    assert task.status is TaskStatus.COMPLETED


def test_timeliness_and_the_reminder_list(mini: Context) -> None:
    code = open_2021(mini, levels=1)
    fill_tjj(mini, code)
    rounds.submit(mini, TJJ, code, "tjj")  # submitted today, long after the due date: late
    status = rounds.round_status(mini, code)
    assert {u.unit_code: u.timeliness for u in status.units} == {"fgj": "missing", "tjj": "late"}
    due = rounds.reminders_due(mini)
    assert [(d.unit_code, d.reminders) for d in due] == [("fgj", 0)]
    with pytest.raises(Forbidden):
        rounds.remind(mini, TJJ, code, ["fgj"])
    assert rounds.remind(mini, SUPERVISOR, code, ["fgj", "tjj"], "请于本周内报送") == 1  # tjj has submitted
    due = rounds.reminders_due(mini)
    assert [(d.unit_code, d.reminders, d.last_reminder_by) for d in due] == [("fgj", 1, "duban")]
    assert any("催报" in n.text for n in rounds.todo(mini, FGJ).notices)
    assert rounds.todo(mini, SUPERVISOR).reminders_due


def test_configured_ranges_and_rules(mini: Context) -> None:
    code = open_2021(mini)
    with pytest.raises(InvalidInput) as caught:
        rounds.set_reporting_rules(
            mini,
            PLANNER,
            "mini",
            {
                "jump_share": 0,
                "ranges": {"nope": [1, 2], "gdp": [600, 300]},
                "ranking": {"weights": {"on_time": -1}},
                "x": 1,
            },
        )
    fields = sorted(p.location.field or "" for p in caught.value.problems)
    assert fields == ["jump_share", "ranges.gdp", "ranges.nope", "ranking.weights.on_time", "x"]
    with pytest.raises(Forbidden):
        rounds.set_reporting_rules(mini, TJJ, "mini", {"jump_share": 1})
    assert rounds.set_reporting_rules(mini, PLANNER, "mini", {"jump_share": 2.0, "ranges": {"gdp": [300, 600]}})
    assert not rounds.set_reporting_rules(mini, PLANNER, "mini", {"jump_share": 2.0, "ranges": {"gdp": [300, 600]}})
    with pytest.raises(InvalidInput, match="超出允许范围"):
        fill_tjj(mini, code, "900")
    fill_tjj(mini, code, "590")  # within the range; a 38 % change is no jump under a share of 2
    assert rounds.submit(mini, TJJ, code, "tjj").state is SubmissionState.SUBMITTED
