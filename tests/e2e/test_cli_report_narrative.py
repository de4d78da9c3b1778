"""``luoshi report narrative`` end to end, as a separate process on a real database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from luoshi.extract import extract_statements
from tests.e2e.test_cli_plan import run

pytestmark = pytest.mark.e2e


def test_report_narrative_text_json_and_scopes(database_url: str, tmp_path: Path) -> None:
    assert run(["init", "--demo"], database_url, tmp_path).returncode == 0
    text = run(["report", "narrative"], database_url, tmp_path)
    assert text.returncode == 0, text.stderr
    assert (
        "按现价计算，全区地区生产总值从2018年的 394.5 亿元增加到2020年的 428.2 亿元，年均增长 4.2%。" in text.stdout
        and "（模拟）" not in text.stdout
    )
    figures = extract_statements(text.stdout, doc="narrative.txt")
    assert any(s.value == 4.282e10 and s.year == 2020 for s in figures)
    data = json.loads(run(["report", "narrative", "--format", "json", "--simulated"], database_url, tmp_path).stdout)
    assert data["include_simulated"] and "（模拟）" in data["text"]
    assert all("sources" in s and "figures" in s for p in data["paragraphs"] for s in p["sentences"])
    one = run(
        ["report", "narrative", "--indicator", "示范党组织", "--simulated", "--year", "2023"], database_url, tmp_path
    )
    assert one.returncode == 0 and one.stdout.startswith("全区示范党组织") and "2024年" not in one.stdout
    bad = run(["report", "narrative", "--goal", "NOPE"], database_url, tmp_path)
    assert bad.returncode != 0 and bad.stdout == "" and "NOPE" in bad.stderr
    both = run(["report", "narrative", "--goal", "A", "--unit", "B"], database_url, tmp_path)
    assert both.returncode == 2
