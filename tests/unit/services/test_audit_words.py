"""The audit log in words: object keys by their names, reasons in Chinese, values field by field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from luoshi.services.audit_words import REASONS, Names, field_name, is_code, reason_zh


def names() -> Names:
    return Names(
        plans={"pingcheng-14": "平城区十四五规划"},
        indicators={("pingcheng-14", "gdp"): "地区生产总值"},
        indicator_any={"gdp": "地区生产总值"},
        tasks={("pingcheng-14", "T-1"): "建设档案馆"},
        task_any={"T-1": "建设档案馆"},
        regions={"140213": "平城区"},
        units={"pc-tjj": "平城区统计局"},
        rounds={"pingcheng-14-2024YTD09": "2024年1-9月填报"},
        matters={"DB2026-001": "推进审批改革"},
        users={"admin": "系统管理员（admin）"},
    )


@pytest.mark.parametrize(
    ("object_type", "key", "shown"),
    [
        ("observation", "pingcheng-14/gdp/140213:2023:level:actual", "地区生产总值 · 平城区 · 2023年 · 水平值 · 实际"),
        (
            "observation",
            "pingcheng-14/gdp/140213:2024YTD09:growth:simulated",
            "地区生产总值 · 平城区 · 2024年1-9月 · 增速 · 模拟",
        ),
        ("target", "pingcheng-14/gdp/growth:2025", "地区生产总值 · 目标 · 增速 · 2025年"),
        ("indicator", "pingcheng-14/gdp", "地区生产总值"),
        ("task", "pingcheng-14/T-1", "建设档案馆"),
        ("task_progress", "pingcheng-14/T-1/3", "建设档案馆 · 第3次进展"),
        ("submission", "pingcheng-14-2024YTD09/pc-tjj", "2024年1-9月填报 · 平城区统计局"),
        (
            "round_value",
            "pingcheng-14-2024YTD09/pc-tjj/gdp:growth",
            "2024年1-9月填报 · 平城区统计局 · 地区生产总值 · 增速",
        ),
        ("matter_event", "DB2026-001/2", "推进审批改革 · 第2步"),
        ("user", "admin", "系统管理员（admin）"),
        # unknown objects and keys of another shape keep their key
        ("indicator", "other-plan/gdp", "other-plan/gdp"),
        ("observation", "pingcheng-14/gdp/broken", "pingcheng-14/gdp/broken"),
        ("something_new", "a/b", "a/b"),
    ],
)
def test_object_names(object_type: str, key: str, shown: str) -> None:
    assert names().object_name(object_type, key) == shown


def test_reasons_in_chinese_with_a_fallback() -> None:
    assert reason_zh("user add") == "新增用户"
    assert reason_zh("review accept 4") == "审核采纳第4条"
    assert reason_zh("review reject 12") == "审核退回第12条"
    assert reason_zh("review resolve 7: 以年报为准") == "裁决数据冲突第7条：以年报为准"
    assert reason_zh("plan load plan.yaml") == "载入规划文件 plan.yaml"
    assert reason_zh("simulated scenario (seed 2021)") == "生成模拟情景（随机种子 2021）"
    assert reason_zh("round reopened: 统计年报修订") == "重新打开填报：统计年报修订"
    assert reason_zh("supervision: request-extension") == "督办：申请延期"
    assert reason_zh("something new") == "something new"
    assert reason_zh(None) is None


def test_every_reason_the_code_writes_is_worded() -> None:
    """Every literal reason in src/ (``reason="..."`` and ``editing(..., "...")``) has Chinese words."""
    src = Path(__file__).parents[3] / "src" / "luoshi"
    written: set[str] = set()
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        written |= set(re.findall(r'unit_of_work\(reason="([^"]+)"', text))
        written |= set(re.findall(r'editing\([^)]*?"([a-z][a-z ]+)"\)', text))
        written |= {
            f"supervision: {step}"
            for step in re.findall(r'^\s+[A-Z_]+ = "([a-z-]+)"', text, re.M)
            if path.name == "supervision.py" and "services" in path.parts
        }
        written |= {r for r in re.findall(r'reason = "([^"]+)" if', text)}
        written |= set(re.findall(r'else "(round [a-z]+)"', text))
        # reasons with names or numbers in them, with a number for each
        written |= {re.sub(r"\{[^}]*\}", "7", r) for r in re.findall(r'reason=f"([^"]+)"', text)}
        written |= {re.sub(r"\{[^}]*\}", "7", r) for r in re.findall(r'why = f"([^"]+)"', text)}
    assert {"user add", "round values saved", "round returned", "supervision: escalate"} <= written
    assert {"review accept 7", "plan load 7", "review resolve 7"} <= written
    written.discard("supervision: 7")  # f"supervision: {step.value}": each step is in ``written`` above
    unworded = sorted(r for r in written if reason_zh(r) == r and re.search(r"[A-Za-z]{3,}", r))  # 修改指标元数据 is
    assert unworded == []
    assert all(not re.search(r"[A-Za-z]{3,}", REASONS[r]) for r in REASONS)


def test_values_as_a_person_reads_them() -> None:
    n = names()
    assert n.value_text("submission", "state", "approved") == "已审核（锁定）"
    assert n.value_text("task", "status", "in_progress") != "in_progress"
    assert n.value_text("observation", "measure", "growth") == "增速"
    assert n.value_text("observation", "scenario", "simulated") == "模拟"
    assert n.value_text("observation", "origin", "planfile:pingcheng-14") == "规划文件（pingcheng-14）"
    assert n.value_text("indicator", "owner_unit_code", "pc-tjj") == "平城区统计局"
    assert n.value_text("user", "active", False) == "否"
    assert n.value_text("round_value", "key", {"indicator_code": "gdp", "measure": "level"}) == "地区生产总值 · 水平值"
    assert n.value_text("x", "at", "2024-10-28T11:00:00+00:00") == "2024-10-28 11:00:00"
    assert n.value_text("x", "note", None) == "（空）"
    assert n.value_text("x", "aliases", ["GDP", "生产总值"]) == "GDP、生产总值"
    assert field_name("owner_unit_code") == "责任单位" and field_name("brand_new") == "brand_new"


def test_codes_are_told_from_words() -> None:
    assert is_code("pc-shenpi") and is_code("pingcheng-14-2023YTD06")
    assert not is_code("平城区") and not is_code("2023") and not is_code("（空）")
