"""Conflicts in the review queue through the web app: two documents disagree with each other and one with
a stored figure; the reviewer sees both sides, keeps one, and the audit log says who chose what over what."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from luoshi.domain.period import Period
from luoshi.domain.target import Measure
from luoshi.services.context import Context
from luoshi.services.plans import read_plan
from tests.integration.web.test_review_pages import login

pytestmark = pytest.mark.integration

#: gdp 2020 is stored as 428.2 亿元 (the demo plan, from seed page 001)
AGAINST_STORED = "2020年，全区地区生产总值达到452.3亿元。"
QUICK = "2022年，全区地区生产总值达到465.3亿元。"
COMMUNIQUE = "据统计，2022年全区地区生产总值470.12亿元。"
ROUNDED = "据统计，2022年全区地区生产总值465.34亿元。"  # agrees with QUICK at its printed precision


@pytest.fixture
def demo(demo_plan_ctx: Context) -> Context:
    return demo_plan_ctx


def upload(client: TestClient, csrf: str, text: str, title: str) -> dict[str, Any]:
    made = client.post(
        "/api/documents", json={"text": text, "doc_year": 2023, "title": title}, headers={"X-CSRF-Token": csrf}
    )
    assert made.status_code == 201, made.text
    items: list[dict[str, Any]] = client.get(f"/api/documents/{made.json()['document']}/statements").json()["items"]
    (gdp,) = [i for i in items if i["indicator_code"] == "gdp"]
    return gdp


def stored_gdp(ctx: Context, year: int) -> float:
    observations = read_plan(ctx, "pingcheng-14").observations["gdp"]
    (o,) = [o for o in observations if o.period == Period(year) and o.measure is Measure.LEVEL]
    return o.value


def test_see_both_sides_keep_one_and_read_the_decision_in_the_audit_log(demo: Context) -> None:
    reviewer, csrf = login(demo, "reviewer")
    against = upload(reviewer, csrf, AGAINST_STORED, "2020年快报")
    quick = upload(reviewer, csrf, QUICK, "2022年快报")
    communique = upload(reviewer, csrf, COMMUNIQUE, "2022年统计公报")
    rounded = upload(reviewer, csrf, ROUNDED, "2022年新闻稿")

    listed = reviewer.get("/api/review/conflicts").json()
    by_key = {c["key"]: c for c in listed["conflicts"]}
    assert set(by_key) == {"gdp/140213:2020:level", "gdp/140213:2022:level"}
    old = by_key["gdp/140213:2020:level"]
    assert [(s["source"], s["text"]) for s in old["sides"]] == [
        ("observation", "428.2 亿元"),
        ("statement", "452.3 亿元"),
    ]
    stored_side = old["sides"][0]
    assert stored_side["origin_label"] == "规划文件" and stored_side["document"] == "seed-001"
    new = by_key["gdp/140213:2022:level"]
    assert new["statement_ids"] == [quick["id"], communique["id"], rounded["id"]] and not new["has_observation"]
    sides = {s["id"]: s for s in new["sides"]}
    assert sides[rounded["id"]]["disagrees_with"] == [f"statement:{communique['id']}"]  # 465.34 is 465.3 rounded
    assert sides[communique["id"]]["document_title"] == "2022年统计公报"
    assert sides[communique["id"]]["evidence"] == "470.12亿元"
    assert reviewer.get(f"/api/review/conflicts?statement={against['id']}").json()["statement_ids"] == [against["id"]]

    # the page shows both sides side by side with their sources, and the buttons to choose
    page = reviewer.get("/review/conflicts")
    assert page.status_code == 200
    for text in ("数据冲突", "428.2 亿元", "452.3 亿元", "规划文件", "2022年统计公报", "保留现有数据（428.2 亿元）"):
        assert text in page.text
    assert f'formaction="/statements/{communique["id"]}/resolve"' in page.text
    # the document's review queue marks the statement and links to the comparison
    queue = reviewer.get(f"/documents/{communique['document']}/review")
    assert "数据冲突" in queue.text and f"/review/conflicts?statement={communique['id']}" in queue.text
    item = reviewer.get(f"/api/documents/{communique['document']}/statements").json()["items"][0]
    assert item["conflict"] == "gdp/140213:2022:level" and item["conflicts_with"][0].startswith(f"第{quick['id']}条")

    # only a reviewer decides, and only with the CSRF token
    leader, leader_csrf = login(demo, "leader")
    refused = leader.post(
        f"/api/statements/{against['id']}/resolve", json={"keep": "observation"}, headers={"X-CSRF-Token": leader_csrf}
    )
    assert refused.status_code == 403
    no_token = reviewer.post(f"/statements/{against['id']}/resolve", data={"keep": "observation"})
    assert no_token.status_code == 403

    # keep the stored figure (the form): the statement is rejected with a reason naming it
    kept = reviewer.post(
        f"/statements/{against['id']}/resolve", data={"keep": "observation", "reason": "以年报为准", "csrf_token": csrf}
    )
    assert kept.status_code == 303 and kept.headers["location"] == "/review/conflicts"
    decided = reviewer.get(f"/api/documents/{against['document']}/statements").json()["items"][0]
    assert decided["status"] == "rejected" and decided["reviewer"] == "reviewer"
    assert decided["reject_reason"] == "数据冲突，已保留现有数据（规划文件：428.2 亿元）；以年报为准"
    assert stored_gdp(demo, 2020) == 4.282e10

    # take the communiqué's figure (JSON), deciding from the quick report's side
    chose = reviewer.post(
        f"/api/statements/{quick['id']}/resolve",
        json={"keep": communique["id"], "reason": "公报为准"},
        headers={"X-CSRF-Token": csrf},
    )
    assert chose.status_code == 200, chose.text
    result = chose.json()
    assert result["kept"] == f"statement:{communique['id']}" and result["rejected"] == [quick["id"], rounded["id"]]
    assert result["accepted"]["change"] == "created" and stored_gdp(demo, 2022) == 4.7012e10
    assert reviewer.get("/api/review/conflicts").json()["conflicts"] == []
    again = reviewer.post(
        f"/api/statements/{quick['id']}/resolve", json={"keep": "statement"}, headers={"X-CSRF-Token": csrf}
    )
    assert again.status_code == 409

    # the audit log records each choice: who, which won, which lost, why
    auditor, _ = login(demo, "auditor")  # the audit log is the 审计管理员's to read (三员分立)
    entries = auditor.get("/api/audit?object_type=conflict").json()["items"]
    assert [e["object_key"] for e in entries] == [
        "pingcheng-14/gdp/140213:2022:level",
        "pingcheng-14/gdp/140213:2020:level",
    ]
    latest = {c["field"]: c["new"] for c in entries[0]["changes"]}
    assert entries[0]["actor"] == "reviewer" and entries[0]["reason"].endswith("公报为准")
    assert latest["chosen"]["statement"] == communique["id"] and latest["chosen"]["printed"] == "470.12亿元"
    assert [r["statement"] for r in latest["rejected"]] == [quick["id"], rounded["id"]]
    assert latest.get("superseded") is None and latest["reason"] == "公报为准"  # (a field left empty is not listed)
    first = {c["field"]: c["new"] for c in entries[1]["changes"]}
    assert first["chosen"]["observation"] == stored_side["id"] and first["chosen"]["origin"].startswith("planfile")
    assert "退回第" in entries[1]["summary"] and "以年报为准" in entries[1]["summary"]
    assert "采用第" in auditor.get("/audit?object_type=conflict").text


def test_taking_the_statement_replaces_the_stored_figure_and_records_the_old_value(demo: Context) -> None:
    reviewer, csrf = login(demo, "reviewer")
    figure = upload(reviewer, csrf, AGAINST_STORED, "2020年快报")
    # the card's plain 采用 settles the conflict too; htmx reloads the page for the other cards
    form = {"indicator_code": "gdp", "value": "", "year": "2020", "csrf_token": csrf}
    accepted = reviewer.post(f"/statements/{figure['id']}/accept", data=form, headers={"HX-Request": "true"})
    assert accepted.status_code == 200 and "已采用" in accepted.text
    assert stored_gdp(demo, 2020) == 4.523e10
    auditor, _ = login(demo, "auditor")
    (entry,) = auditor.get("/api/audit?object_type=conflict").json()["items"]
    record = {c["field"]: c["new"] for c in entry["changes"]}
    assert record["superseded"]["value"] == 4.282e10 and record["superseded"]["printed"] == "428.2亿元"
    assert record["chosen"]["statement"] == figure["id"] and record["rejected"] == []
    assert "取代现有数据（规划文件：428.2 亿元）" in entry["summary"]


def test_refusals_are_shown_on_the_page(demo: Context) -> None:
    reviewer, csrf = login(demo, "reviewer")
    quick = upload(reviewer, csrf, QUICK, "2022年快报")
    alone = reviewer.post(f"/statements/{quick['id']}/resolve", data={"keep": "statement", "csrf_token": csrf})
    assert alone.status_code == 422 and "没有冲突" in alone.text
    communique = upload(reviewer, csrf, COMMUNIQUE, "2022年统计公报")
    no_stored = reviewer.post(f"/statements/{quick['id']}/resolve", data={"keep": "observation", "csrf_token": csrf})
    assert no_stored.status_code == 422 and "没有现有数据" in no_stored.text
    stranger = reviewer.post(
        f"/api/statements/{quick['id']}/resolve", json={"keep": 999999}, headers={"X-CSRF-Token": csrf}
    )
    assert stranger.status_code == 422
    bad = reviewer.post(f"/statements/{quick['id']}/resolve", data={"keep": "both", "csrf_token": csrf})
    assert bad.status_code == 422
    assert reviewer.get("/api/review/conflicts?plan=nope").status_code == 404
    assert reviewer.get("/api/review/conflicts?statement=999999").status_code == 404
    assert len(reviewer.get(f"/api/review/conflicts?document={communique['document']}").json()["conflicts"]) == 1
