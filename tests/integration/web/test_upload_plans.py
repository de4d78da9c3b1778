"""With several plans stored, an upload names the plan its figures are matched to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from luoshi.services.context import Context
from luoshi.services.plans import demo_plan_path, load_plan
from tests.web import client_for, csrf_from, seed

pytestmark = pytest.mark.integration

REPORT = "2021年，全区地区生产总值达到465.3亿元，比上年增长8.7%。"
OTHER_REPORT = "2022年，全区地区生产总值达到490.1亿元，比上年增长5.3%。"
PLAN_SELECT = re.compile(r'<select name="plan"[^>]*>(.*?)</select>', re.S)


def test_the_upload_form_asks_for_the_plan_when_there_are_several(ctx: Context, mini_plan: Path) -> None:
    seed(ctx, mini_plan)
    reviewer = client_for(ctx, "reviewer")
    assert PLAN_SELECT.search(reviewer.get("/documents").text) is None  # one plan: it is implied

    load_plan(ctx, demo_plan_path())
    page = reviewer.get("/documents")
    select = PLAN_SELECT.search(page.text)
    assert select is not None, page.text
    options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', select.group(1))
    assert options == [("", "请选择规划"), ("mini", "示例区十四五规划（mini）"), ("pingcheng-14", options[2][1])]
    assert options[2][1].endswith("（pingcheng-14）")
    csrf = csrf_from(page.text)
    documents_before = reviewer.get("/api/documents").json()["documents"]

    # no plan chosen: the form again, with a word on what is missing and what was typed kept
    missing = reviewer.post(
        "/documents", data={"csrf_token": csrf, "text": REPORT, "doc_year": "2021"}, files={"file": ("", b"")}
    )
    assert missing.status_code == 422
    assert "请选择这份文件的数据要对照的规划" in missing.text and PLAN_SELECT.search(missing.text)
    assert f">{REPORT}</textarea>" in missing.text and 'value="2021"' in missing.text
    assert reviewer.get("/api/documents").json()["documents"] == documents_before

    for plan, text in (("mini", REPORT), ("pingcheng-14", OTHER_REPORT)):
        upload = reviewer.post(
            "/documents",
            data={"csrf_token": csrf, "text": text, "doc_year": text[:4], "plan": plan},
            files={"file": ("", b"")},
        )
        assert upload.status_code == 303, upload.text
        code = upload.headers["location"].split("/")[2]
        queue = reviewer.get(f"/api/documents/{code}/statements").json()["items"]
        assert queue and {item["plan"] for item in queue} == {plan}
        gdp = next(item for item in queue if item["measure"] == "level")
        assert gdp["indicator_code"] == "gdp"  # matched in the chosen plan's catalogue


def test_the_api_names_the_missing_plan(ctx: Context, mini_plan: Path) -> None:
    seed(ctx, mini_plan)
    load_plan(ctx, demo_plan_path())
    reviewer = client_for(ctx, "reviewer")
    csrf = csrf_from(reviewer.get("/documents").text)
    headers = {"X-CSRF-Token": csrf}
    missing = reviewer.post("/api/documents", json={"text": REPORT, "doc_year": 2021}, headers=headers)
    assert missing.status_code == 422
    [problem] = missing.json()["detail"]
    assert problem["loc"] == ["body", "plan"] and "mini, pingcheng-14" in problem["msg"]
    made = reviewer.post("/api/documents", json={"text": REPORT, "doc_year": 2021, "plan": "mini"}, headers=headers)
    assert made.status_code == 201 and made.json()["plan"] == "mini"
