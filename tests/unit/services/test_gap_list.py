"""The gap list's numbers (对照找差距): gap, 完成率, 序时进度, the rate needed from now on; its sorting and its
download table, on a small plan assessed in memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.domain.errors import InvalidInput
from luoshi.ingest.planfile import parse_plan
from luoshi.report import present
from luoshi.services.gaps import TABLE_HEADERS, GapListContext, gap_table, parse_sort, sort_rows
from luoshi.services.progress import GapRow, assess_bundle, gap_list, gap_row

PLAN = """
luoshi: plan/1
plan: {code: t, name: 测试区规划, region: "990101", start_year: 2021, end_year: 2025}
regions:
  - {code: "990101", name: 测试区, level: district}
units:
  - {code: kjj, name: 测试区科技局, region: "990101"}
goals:
  - {code: G, name: 创新, kind: section}
indicators:
  - code: firms
    name: 高新技术企业数量
    unit: 家
    owner: kjj
    goals: [G]
    targets: [{comparator: ">=", value: 50, target_year: 2025}]
    observations: [{period: 2020, value: 14}, {period: 2023, value: 32}]
  - code: skills
    name: 技能劳动者占比
    unit: "%"
    goals: [G]
    targets: [{comparator: ">=", value: 40, target_year: 2025}]
    observations: [{period: 2020, value: 30}, {period: 2023, value: 31}]
  - code: energy
    name: 单位产值能耗
    unit: 吨
    direction: decrease
    goals: [G]
    targets: [{comparator: "<=", value: 0.4, target_year: 2025}]
    observations: [{period: 2020, value: 0.5}, {period: 2023, value: 0.45}]
  - code: parks
    name: 公园数量
    unit: 个
    goals: [G]
    targets: [{comparator: ">=", value: 5, target_year: 2025}]
    observations: [{period: 2020, value: 3}, {period: 2023, value: 6}]
  - code: trips
    name: 游客人次
    unit: 人次
    goals: [G]
    observations: [{period: 2020, value: 100}, {period: 2023, value: 130}]
"""


@pytest.fixture(scope="module")
def rows() -> dict[str, GapRow]:
    bundle = parse_plan(PLAN, "t.yaml", base_dir=Path("."))
    progress = assess_bundle(bundle, include_simulated=False)
    return {i.code: gap_row(i) for i in progress.indicators}


def test_gap_completion_and_time_elapsed(rows: dict[str, GapRow]) -> None:
    firms = rows["firms"]
    assert (firms.current_value, firms.current_year, firms.target_value, firms.target_year) == (32, 2023, 50, 2025)
    assert firms.gap == 18 and firms.gap_text == "差 18 家"
    assert firms.gap_share == pytest.approx(18 / 50)
    assert firms.completion == pytest.approx((32 - 14) / (50 - 14)) and firms.completion_text == "50%"
    assert firms.time_elapsed == pytest.approx(3 / 5) and firms.time_elapsed_text == "60%"
    assert firms.needed_rate == pytest.approx((50 / 32) ** 0.5 - 1) and firms.needed_rate_text == "25.0%"
    assert firms.current_text == "2023年 32 家" and firms.target_value_text == "2025年 50 家"
    assert firms.target_text == "2025年达到 50 家以上"


def test_shares_gap_in_points_and_caps_count_down(rows: dict[str, GapRow]) -> None:
    assert rows["skills"].gap_text == "差 9.0 个百分点"
    energy = rows["energy"]
    assert energy.gap == pytest.approx(0.05) and energy.gap_text == "需再降 0.05 吨"
    assert energy.completion == pytest.approx(0.5)
    parks = rows["parks"]
    assert parks.gap == -1 and parks.gap_text == "已达到" and parks.status == "target_achieved"
    assert rows["trips"].gap is None and rows["trips"].gap_text == "—"


def test_gap_list_holds_those_behind_worst_first() -> None:
    progress = assess_bundle(parse_plan(PLAN, "t.yaml", base_dir=Path(".")), include_simulated=False)
    behind = gap_list(progress)
    assert [(r.code, r.status) for r in behind] == [("skills", "limited_progress"), ("energy", "acceleration_needed")]
    assert [r.code for r in gap_list(progress, limit=1)] == ["skills"]


def test_sorting_by_every_column_keeps_missing_values_last(rows: dict[str, GapRow]) -> None:
    listed = list(rows.values())
    by_gap = sort_rows(listed, "gap", descending=False)
    assert [r.code for r in by_gap][:2] == ["parks", "energy"]  # reached (negative share) first
    assert by_gap[-1].code == "trips"  # no target: no gap, last either way
    assert sort_rows(listed, "gap", descending=True)[-1].code == "trips"
    assert [r.code for r in sort_rows(listed, "gap", descending=True)][:2] == ["firms", "skills"]  # 18/50, 9/40
    by_status = [r.code for r in sort_rows(listed, "status", descending=False)]
    assert by_status == ["skills", "energy", "firms", "trips", "parks"]  # worst first; ties by score
    by_needed = [r.needed_rate for r in sort_rows(listed, "needed_rate", descending=True) if r.needed_rate]
    assert by_needed == sorted(by_needed, reverse=True)
    assert [r.code for r in sort_rows(listed, "name", descending=False)] == sorted(
        (r.code for r in listed), key=lambda c: rows[c].name
    )
    for key in ("current", "target", "completion", "time_elapsed", "owner", "status"):
        assert len(sort_rows(listed, key, descending=True)) == len(listed)


def test_unknown_sort_is_refused_in_chinese() -> None:
    assert parse_sort("-completion") == ("completion", True)
    with pytest.raises(InvalidInput, match="排序列"):
        parse_sort("price")


def test_download_table_has_numbers_beside_text(rows: dict[str, GapRow]) -> None:
    view = GapListContext(
        data_version=1,
        plan_code="t",
        plan_name="测试区规划",
        years="2021—2025年",
        include_simulated=False,
        sort="status",
        descending=False,
        columns={},
        rows=[rows["firms"]],
    )
    (line,) = gap_table(view)
    cells = dict(zip(TABLE_HEADERS, line, strict=True))
    assert cells["现状值"] == 32 and cells["现状（显示）"] == "2023年 32 家"
    assert cells["差距"] == 18 and cells["差距（显示）"] == "差 18 家"
    assert cells["完成率"] == pytest.approx(0.5) and cells["序时进度（显示）"] == "60%"


def test_the_assessment_sentence_writes_figures_as_the_gap_list_does() -> None:
    progress = assess_bundle(parse_plan(PLAN, "t.yaml", base_dir=Path(".")), include_simulated=False)
    firms = next(i for i in progress.indicators if i.code == "firms")
    row = gap_row(firms)
    assert firms.projected_value is not None
    assert f"2025年预计为 {present.quantity(firms.projected_value, '家')}" in firms.explanation  # 55.53 家
    assert row.target_text is not None and f"（{row.target_text}）" in firms.explanation
    assert f"已完成目标进度的 {row.completion_text}，时间已过 {row.time_elapsed_text}" in firms.explanation
    assert f"今后需年均 {row.needed_rate_text}" in firms.explanation
