"""Key projects' monthly reports through the reporting rounds (SQLite and PostgreSQL): a month's round that
asks for them makes every unit with a project under way owe one report per project; the submission is
refused until they are in; a report records the round it answered; a closed round refuses the month's
reports; the reporting rate and the 催报 list count them; the per-project form keeps working."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from luoshi.domain.account import Role, User
from luoshi.domain.errors import InvalidInput
from luoshi.domain.project import ProjectStage
from luoshi.services import projects as svc
from luoshi.services import rounds
from luoshi.services.context import Context
from luoshi.services.plans import load_plan
from luoshi.services.projects import ReportInput
from luoshi.services.rounds import EntryInput, SaveInput
from tests.integration.test_projects import register, row

pytestmark = pytest.mark.integration

PLANNER = User("planner", Role.PLANNER)
FGJ = User("fgj-rep", Role.REPORTER, unit_code="fgj")
TJJ = User("tjj-rep", Role.REPORTER, unit_code="tjj")
DUE = date(2024, 4, 10)


@pytest.fixture
def loaded(ctx: Context, mini_plan: Path) -> Context:
    load_plan(ctx, mini_plan)
    svc.import_register(
        ctx,
        None,
        register(
            row("XM-1", 项目阶段="开工", 实际开工日期="2024-01-10"),
            row("XM-2", 项目阶段="在建", 实际开工日期="2023-05-01"),
            row("XM-3", 项目阶段="谋划储备"),  # not under way: owes nothing
            row("XM-4", 项目阶段="开工", 实际开工日期="2024-04-02"),  # starts after March: owes nothing yet
            row("XM-5", 项目阶段="竣工", 实际开工日期="2022-01-01", 实际竣工日期="2023-12-20"),  # finished before
            row("XM-9", unit="tjj", 项目阶段="在建", 实际开工日期="2023-01-01"),
        ),
        "库.xlsx",
        on=date(2024, 1, 5),
    )
    return ctx


def _report(code: str, month: str, amount: str) -> ReportInput:
    return ReportInput(code=code, month=month, investment=amount, cumulative_year=amount, cumulative_total=amount)


def test_a_month_round_asks_each_unit_for_its_projects_reports(loaded: Context) -> None:
    svc.report_month(loaded, FGJ, _report("XM-2", "2024-03", "300"))  # before the round: outside it
    rnd = rounds.open_round(loaded, PLANNER, "mini", "2024M03", DUE, indicator_codes=[], task_codes=[], projects=True)
    assert rnd.projects and rnd.project_month == "2024-03"
    status = rounds.round_status(loaded, rnd.code, on=date(2024, 4, 1))
    assert status.project_month == "2024-03"
    assert [(u.unit_code, u.projects_owed, u.projects_reported) for u in status.units] == [("fgj", 2, 1), ("tjj", 1, 0)]
    assert (status.projects_owed, status.projects_reported) == (3, 1)

    view = rounds.submission_view(loaded, FGJ, rnd.code, "fgj", on=date(2024, 4, 1))
    assert [(p.code, p.reported, p.url) for p in view.projects] == [
        ("XM-1", False, "/projects/XM-1"),
        ("XM-2", True, "/projects/XM-2"),
    ]
    with pytest.raises(InvalidInput) as refused:  # XM-1's March is missing
        rounds.submit(loaded, FGJ, rnd.code, "fgj")
    assert [(p.location.file, p.location.field) for p in refused.value.problems] == [("projects", "XM-1")]
    assert "尚未报送2024-03月报" in refused.value.problems[0].message

    svc.report_month(loaded, FGJ, _report("XM-1", "2024-03", "120"))
    with loaded.reading() as snapshot:
        answered = {r.project_code: r.round_code for r in snapshot.projects.reports(month="2024-03")}
    assert answered == {"XM-1": rnd.code, "XM-2": None}
    assert rounds.submit(loaded, FGJ, rnd.code, "fgj").state.value == "submitted"
    page = svc.project_page(loaded, FGJ, "XM-1")
    assert page.reports[-1].round_code == rnd.code

    due = rounds.reminders_due(loaded, on=date(2024, 4, 12))  # the 催报 list: tjj, its one project not in
    assert [(d.unit_code, d.projects_owed, d.projects_reported) for d in due] == [("tjj", 1, 0)]
    rate = rounds.round_status(loaded, rnd.code, on=date(2024, 4, 12))
    assert rate.reporting_rate == 0.5 and rate.projects_reported == 2

    rounds.close_round(loaded, PLANNER, rnd.code)
    with pytest.raises(InvalidInput) as closed:
        svc.report_month(loaded, TJJ, _report("XM-9", "2024-03", "50"))
    assert closed.value.problems[0].location.file == "month"
    assert "2024年3月的填报轮次" in closed.value.problems[0].message and "已关闭" in closed.value.problems[0].message
    svc.report_month(loaded, TJJ, _report("XM-9", "2024-04", "50"))  # no round for April: the form works as before


def test_project_reports_join_indicators_and_tasks_in_a_round(loaded: Context) -> None:
    rnd = rounds.open_round(loaded, PLANNER, "mini", "2024M03", DUE, projects=True)
    status = rounds.round_status(loaded, rnd.code)
    assert {u.unit_code for u in status.units} == {"fgj", "tjj"}
    rounds.save_submission(
        loaded,
        TJJ,
        rnd.code,
        "tjj",
        SaveInput(entries=[EntryInput(key="gdp", value="100"), EntryInput(key="gdp:growth", value="6")]),
    )
    with pytest.raises(InvalidInput) as refused:
        rounds.submit(loaded, TJJ, rnd.code, "tjj")
    assert [p.location.field for p in refused.value.problems if p.location.file == "projects"] == ["XM-9"]
    svc.report_month(loaded, TJJ, _report("XM-9", "2024-03", "10"))
    assert rounds.submit(loaded, TJJ, rnd.code, "tjj").state.value == "submitted"


def test_only_a_month_round_may_ask_for_project_reports(loaded: Context) -> None:
    with pytest.raises(InvalidInput) as refused:
        rounds.open_round(loaded, PLANNER, "mini", "2024Q1", DUE, projects=True)
    assert refused.value.problems[0].location.file == "projects" and "月度" in refused.value.problems[0].message
    plain = rounds.open_round(loaded, PLANNER, "mini", "2024M03", DUE)  # without --projects: nothing changes
    assert rounds.round_status(loaded, plain.code).project_month is None
    svc.report_month(loaded, FGJ, _report("XM-1", "2024-03", "1"))
    with loaded.reading() as snapshot:
        assert snapshot.projects.reports("XM-1")[0].round_code is None


def test_a_project_moving_on_changes_what_it_owes(loaded: Context) -> None:
    rnd = rounds.open_round(
        loaded, PLANNER, "mini", "2024M04", date(2024, 5, 10), indicator_codes=[], task_codes=[], projects=True
    )
    owed = {u.unit_code: u.projects_owed for u in rounds.round_status(loaded, rnd.code).units}
    assert owed == {"fgj": 3, "tjj": 1}  # XM-1, XM-2 and XM-4 (started 2 April)
    svc.change_stage(loaded, FGJ, "XM-2", ProjectStage.COMPLETED, date(2024, 3, 28))  # finished in March
    owed = {u.unit_code: u.projects_owed for u in rounds.round_status(loaded, rnd.code).units}
    assert owed == {"fgj": 2, "tjj": 1}
