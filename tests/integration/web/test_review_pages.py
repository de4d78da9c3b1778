"""Documents in, figures out, through the web app: upload, review in context, accept or reject."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from luoshi.services.context import Context
from luoshi.services.demo import DEMO_PASSWORD
from luoshi.web.app import create_app
from tests.web import csrf_from

pytestmark = pytest.mark.integration

REPORT = "2021年，全区地区生产总值达到465.3亿元，比上年增长8.7%；固定资产投资完成238.1亿元。"


def login(ctx: Context, name: str) -> tuple[TestClient, str]:
    client = TestClient(create_app(ctx), follow_redirects=False)
    token = csrf_from(client.get("/login").text)
    assert client.post("/login", data={"name": name, "password": DEMO_PASSWORD, "csrf_token": token}).status_code == 303
    return client, csrf_from(client.get("/password").text)


@pytest.fixture
def demo(demo_plan_ctx: Context) -> Context:
    return demo_plan_ctx


def test_upload_review_accept_reject(demo: Context) -> None:
    reviewer, csrf = login(demo, "reviewer")
    upload = reviewer.post(
        "/documents",
        data={"text": REPORT, "title": "2021年统计快报", "doc_year": "2021", "csrf_token": csrf},
        files={"file": ("", b"", "text/plain")},
    )
    assert upload.status_code == 303 and upload.headers["location"].endswith("/review")
    page = reviewer.get(upload.headers["location"])
    assert page.status_code == 200 and "465.3亿元" in page.text and "采用" in page.text
    code = upload.headers["location"].split("/")[2]
    queue = reviewer.get(f"/api/documents/{code}/statements").json()
    gdp = next(i for i in queue["items"] if "465.3亿元" in i["text"])
    assert gdp["indicator_code"] == "gdp" and gdp["year"] == 2021 and gdp["display_value"] == "465.3 亿元"
    # accept through the htmx form: the partial comes back with the statement accepted
    form = {"indicator_code": "gdp", "value": "", "year": "2021", "csrf_token": csrf}
    accepted = reviewer.post(f"/statements/{gdp['id']}/accept", headers={"HX-Request": "true"}, data=form)
    assert accepted.status_code == 200 and "已采用" in accepted.text
    chart = reviewer.get("/api/indicators/pingcheng-14/gdp").json()["chart"]
    assert {"year": 2021, "value": 465.3} in chart["actual"]
    figure = next(
        o for o in reviewer.get("/api/indicators/pingcheng-14/gdp").json()["observations"] if o["period"] == "2021"
    )
    assert figure["document_code"] == code and not figure["simulated"]
    # reject another one through the JSON API
    other = next(i for i in queue["items"] if i["id"] != gdp["id"] and i["status"] == "pending")
    rejected = reviewer.post(
        f"/api/statements/{other['id']}/reject", json={"reason": "口径不同"}, headers={"X-CSRF-Token": csrf}
    )
    assert rejected.status_code == 200
    again = reviewer.post(f"/api/statements/{other['id']}/reject", json={}, headers={"X-CSRF-Token": csrf})
    assert again.status_code == 409  # a decision is made once (a rejected figure may still be accepted later)
    twice = reviewer.post(f"/api/statements/{gdp['id']}/accept", json={}, headers={"X-CSRF-Token": csrf})
    assert twice.status_code == 409
    # the same text again adds nothing
    repeat = reviewer.post("/api/documents", json={"text": REPORT, "doc_year": 2021}, headers={"X-CSRF-Token": csrf})
    assert repeat.status_code == 201 and repeat.json()["already_ingested"] and repeat.json()["added"] == 0


def test_who_may_upload_and_review(demo: Context) -> None:
    leader, csrf = login(demo, "leader")
    assert "上传文件" not in leader.get("/documents").text
    refused = leader.post("/api/documents", json={"text": REPORT, "doc_year": 2021}, headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 403
    planner, pcsrf = login(demo, "planner")
    made = planner.post("/api/documents", json={"text": REPORT, "doc_year": 2021}, headers={"X-CSRF-Token": pcsrf})
    assert made.status_code == 201
    code = made.json()["document"]
    item = planner.get(f"/api/documents/{code}/statements").json()["items"][0]
    no = planner.post(f"/api/statements/{item['id']}/accept", json={}, headers={"X-CSRF-Token": pcsrf})
    assert no.status_code == 403  # planners upload; reviewers accept


def test_bad_uploads_are_refused_clearly(demo: Context) -> None:
    reviewer, csrf = login(demo, "reviewer")
    gbk = reviewer.post(
        "/documents",
        data={"csrf_token": csrf, "doc_year": "2021", "encoding": "utf-8"},
        files={"file": ("报告.txt", REPORT.encode("gbk"), "text/plain")},
    )
    assert gbk.status_code == 422 and "GBK" in gbk.text and "编码“gbk”" in gbk.text
    for encoding in ("", "gbk"):  # detected, or named
        read = reviewer.post(
            "/documents",
            data={"csrf_token": csrf, "doc_year": "2021", "encoding": encoding},
            files={"file": ("报告.txt", REPORT.encode("gbk"), "text/plain")},
        )
        assert read.status_code == 303
    binary = reviewer.post(
        "/documents", data={"csrf_token": csrf}, files={"file": ("x.txt", b"\x00\x01\x02binary", "text/plain")}
    )
    assert binary.status_code == 422 and "binary" in binary.text
    empty = reviewer.post(
        "/documents", data={"csrf_token": csrf, "text": "  "}, files={"file": ("", b"", "text/plain")}
    )
    assert empty.status_code == 422
