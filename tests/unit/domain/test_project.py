"""Key projects' pure rules: stages, the register's checks, monthly reports that must add up, 序时进度."""

from __future__ import annotations

from datetime import date

import pytest

from luoshi.domain.project import (
    WAN,
    Category,
    LagReason,
    MonthlyReport,
    Project,
    ProjectStage,
    StageChange,
    StageNotAllowed,
    batch_counts,
    check_project,
    check_report,
    next_stage,
    pace,
    yuan_from_wan,
)

P = Project("XM-1", "园区", "fgj", Category.INDUSTRY, 1000 * WAN, ProjectStage.STARTED, annual_plans={2024: 120 * WAN})


def report(month: str, investment: float, year: float, total: float, percent: float | None = None) -> MonthlyReport:
    return MonthlyReport(
        "XM-1", month, int(investment * WAN), int(year * WAN), int(total * WAN), progress_percent=percent
    )


@pytest.mark.parametrize(
    ("current", "wanted", "allowed"),
    [
        (ProjectStage.PIPELINE, ProjectStage.SIGNED, True),
        (ProjectStage.PIPELINE, ProjectStage.STARTED, True),
        (ProjectStage.SIGNED, ProjectStage.COMPLETED, False),
        (ProjectStage.STARTED, ProjectStage.COMPLETED, True),
        (ProjectStage.COMPLETED, ProjectStage.IN_PRODUCTION, True),
        (ProjectStage.IN_PRODUCTION, ProjectStage.PIPELINE, False),
        (ProjectStage.UNDER_CONSTRUCTION, ProjectStage.STARTED, False),
    ],
)
def test_stages_move_forward_only(current: ProjectStage, wanted: ProjectStage, allowed: bool) -> None:
    if allowed:
        assert next_stage(current, wanted) is wanted
    else:
        with pytest.raises(StageNotAllowed):
            next_stage(current, wanted)


def test_register_rules() -> None:
    assert check_project(P) == []
    bad = Project("坏 码", "", "fgj", Category.OTHER, 0, actual_finish=date(2024, 1, 1), longitude=200)
    assert [f.field for f in check_project(bad)] == [
        "code",
        "name",
        "total_investment",
        "actual_start",
        "longitude",
        "latitude",
    ]


def test_amounts_are_whole_yuan() -> None:
    assert yuan_from_wan("0.0001") == 1 and yuan_from_wan(" 1,200.5 ") == 12_005_000
    for text in ("0.00001", "abc", "nan"):
        with pytest.raises(ValueError):
            yuan_from_wan(text)


@pytest.mark.parametrize(
    ("this", "previous", "fields"),
    [
        (report("2024-03", 5, 35, 135), report("2024-02", 10, 30, 130), []),
        (report("2024-03", 5, 40, 140), report("2024-02", 10, 30, 130), ["cumulative_year"]),
        (report("2024-03", 5, 35, 120), report("2024-02", 10, 30, 130), ["cumulative_total"]),
        (report("2024-05", 5, 50, 150), report("2024-02", 10, 30, 130), []),  # April and March add 15
        (report("2024-05", 5, 20, 150), report("2024-02", 10, 30, 130), ["cumulative_year", "cumulative_total"]),
        (report("2024-02", 5, 35, 135), report("2024-02", 10, 30, 130), ["month"]),
        (report("2025-01", 5, 5, 135), report("2024-12", 10, 120, 130), []),  # a new year starts at zero
        (
            report("2025-01", 5, 125, 135),
            report("2024-12", 10, 120, 130),
            ["cumulative_year", "cumulative_year", "cumulative_total"],
        ),
        (report("2024-03", 5, 35, 1135), report("2024-02", 10, 30, 1130), ["cumulative_total"]),  # above the total
        (report("2024-03", 5, 35, 135, 20), report("2024-02", 10, 30, 130, 30), ["progress_percent"]),
        (report("2024-13", 5, 35, 135), None, ["month"]),
    ],
)
def test_monthly_reports_must_add_up(this: MonthlyReport, previous: MonthlyReport | None, fields: list[str]) -> None:
    assert [f.field for f in check_report(this, previous, P)] == fields


def test_pace_and_lagging() -> None:
    assert pace(P, 60 * WAN, "2024-06").lag_reasons == ()  # half the plan at half the year
    assert pace(P, 40 * WAN, "2024-06").lag_reasons == (LagReason.BEHIND,)  # 33% against 50%: over ten points
    assert pace(P, 40 * WAN, "2024-06", margin=0.2).lag_reasons == ()
    waiting = Project("XM-2", "学校", "jyj", Category.LIVELIHOOD, 100, planned_start=date(2024, 6, 30))
    assert pace(waiting, 0, "2024-05").lag_reasons == ()
    assert pace(waiting, 0, "2024-06").lag_reasons == (LagReason.NOT_STARTED,)
    assert pace(waiting, 0, "2024-06").completion is None  # no plan for the year


def test_three_batches_count_each_project_once_per_quarter() -> None:
    changes = [
        ("a", StageChange(2, ProjectStage.SIGNED, date(2024, 1, 3))),
        ("a", StageChange(3, ProjectStage.STARTED, date(2024, 3, 30))),
        ("b", StageChange(2, ProjectStage.STARTED, date(2024, 4, 1))),
        ("c", StageChange(5, ProjectStage.IN_PRODUCTION, date(2024, 12, 31))),
        ("c", StageChange(4, ProjectStage.COMPLETED, date(2024, 11, 1))),
    ]
    counts = {q: [n for n in by.values()] for q, by in batch_counts(changes).items()}
    assert counts == {"2024Q1": [1, 1, 0], "2024Q2": [0, 1, 0], "2024Q4": [0, 0, 1]}
