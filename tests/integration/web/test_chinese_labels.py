"""Enum values, the audit log, the data-check findings and scores as a person reads them on the pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.engine.audit import check_parts, check_share, check_unit
from luoshi.services.context import Context
from luoshi.web.zh import ENUM_LABELS, label, note_zh
from tests.web import client_for, seed

pytestmark = pytest.mark.integration


@pytest.fixture
def seeded(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    return ctx


def test_enum_labels() -> None:
    assert label("work_report", "document_kind") == "政府工作报告"
    assert label("department", "unit_kind") == "部门"
    assert label("quarterly", "frequency") == "季度"
    assert label("comparable", "price_basis") == "可比价"
    assert label(">=", "comparator") == "以上" and label("=", "comparator") == "等于"
    assert label("unit_head", "role") == "单位负责人"
    assert label("planfile:mini", "origin") == "规划文件（mini）"
    assert label("something-else", "document_kind") == "something-else"
    assert label(None, "measure") == "—"
    assert all(v for labels in ENUM_LABELS.values() for v in labels.values() if v != "")


def test_data_check_findings_in_chinese() -> None:
    unit = check_unit("地区生产总值", "万元", "亿元", 428.2, [394.5, 410.0])
    share = check_share("城镇化率", "100.4")
    parts = check_parts("GDP", "428.2", {"一产": "5.1", "二产": "130.3", "三产": "302.9"})
    assert unit is not None and share is not None and parts is not None
    assert note_zh(unit.message) == (
        "地区生产总值：数据的单位为 万元，而该指标序列的单位为 亿元（428.2 万元 = 0.04282 亿元）；"
        "数字本身与序列量级相符，单位可能写错"
    )
    assert note_zh(share.message) == "城镇化率：占比 100.4% 超过 100%"
    assert note_zh(parts.message) == "GDP：分项（一产、二产、三产）合计 438.3，考虑舍入后仍超过总数 428.2"
    claim = "地区生产总值 2018-2020: claimed 4.2 %, levels give 4.18 % (rounding allows 4.17 to 4.20 %): consistent"
    assert (
        note_zh(claim) == "地区生产总值 2018—2020年：印出增速 4.2%，按水平值计算为 4.18%（舍入允许 4.17%—4.20%）：一致"
    )


def test_pages_show_labels_names_and_the_methodology(seeded: Context) -> None:
    client = client_for(seeded, "viewer")
    documents = client.get("/documents").text
    assert "政府工作报告" in documents and ">work_report<" not in documents
    audit = client_for(seeded, "auditor").get("/audit").text
    assert "载入规划文件" in audit and "plan load" not in audit
    assert "示例区工作报告" in audit  # a document by its title, not only its code
    # the methodology page explains the scores and is linked from every page's footer
    assert 'href="/methodology"' in documents
    help_page = client.get("/methodology")
    assert help_page.status_code == 200
    for section in ("status", "score", "rollup", "ranking", "audit"):
        assert f'id="{section}"' in help_page.text
    assert "−5 至 5" in help_page.text and "0 至 100" in help_page.text
    assert client_for(seeded, None).get("/methodology").status_code == 303  # log in first
