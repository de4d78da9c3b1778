"""What a browser user sees of errors is Chinese: error pages, form problems next to their fields, notes.

The JSON API keeps its documented shapes: a 422's ``detail`` list, now with a Chinese ``msg_zh``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.web.app import create_app
from tests.web import client_for, csrf_from, seed

pytestmark = pytest.mark.integration

#: an English sentence: three or more words of Latin letters in a row
ENGLISH = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")


def _main(html: str) -> str:
    """The page's main text, without tags, scripts or attributes."""
    body = html.split("<main", 1)[-1].split("</main>", 1)[0]
    return re.sub(r"<[^>]*>", " ", body)


def _problem_after(html: str, name: str, value: str) -> str | None:
    """The problem shown right after the form field ``name`` that keeps ``value``."""
    field = rf'name="{name}" value="{value}"[^>]*>\s*</label>\s*<span class="error[^"]*"[^>]*>([^<]*)<'
    found = re.search(field, html)
    return found.group(1) if found else None


@pytest.fixture
def seeded(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    return ctx


def test_an_unknown_route_is_a_chinese_404_page(seeded: Context) -> None:
    client = client_for(seeded, "viewer")
    page = client.get("/no/such/page")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "页面不存在" in page.text and 'href="/"' in page.text and "返回首页" in page.text
    assert not ENGLISH.search(_main(page.text)), _main(page.text)
    # the API keeps its JSON
    assert client.get("/api/no/such/thing").json() == {"detail": "Not Found"}


def test_a_missing_object_403_and_405_are_chinese(seeded: Context) -> None:
    viewer = client_for(seeded, "viewer")
    missing = viewer.get("/indicators/mini/no-such-indicator")
    assert missing.status_code == 404 and "页面不存在" in missing.text
    refused = viewer.get("/admin/users")
    assert refused.status_code == 403 and "没有权限" in refused.text
    assert not ENGLISH.search(_main(refused.text)), _main(refused.text)
    wrong = viewer.put("/healthz")
    assert wrong.status_code == 405 and "不支持此操作" in wrong.text and "allow" in wrong.headers
    assert not ENGLISH.search(_main(wrong.text)), _main(wrong.text)
    # a form posted without its CSRF token: the English detail becomes Chinese on the page
    csrf = client_for(seeded, "reporter").post("/indicators/mini/gdp/observations", data={"period": "2021"})
    assert csrf.status_code == 403 and "刷新页面" in csrf.text and not ENGLISH.search(_main(csrf.text))


def test_an_unexpected_error_is_a_chinese_500_page(seeded: Context) -> None:
    app = create_app(seeded)

    @app.get("/boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("kaput")

    page = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert page.status_code == 500 and "服务器出错" in page.text and 'href="/"' in page.text
    assert "kaput" not in page.text and not ENGLISH.search(_main(page.text))


def test_a_bad_form_post_shows_the_chinese_problem_next_to_the_field_with_the_input_kept(seeded: Context) -> None:
    reporter = client_for(seeded, "reporter")
    page = reporter.get("/indicators/mini/gdp")
    sent = reporter.post(
        "/indicators/mini/gdp/observations",
        data={"csrf_token": csrf_from(page.text), "period": "twenty21", "value": "lots", "note": "统计局月报"},
    )
    assert sent.status_code == 422 and "输入有误" in sent.text
    html = sent.text
    assert "body.period" not in html and "String should match" not in html
    # each field keeps what was typed, with its Chinese problem right after it
    assert _problem_after(html, "period", "twenty21") == "时期的格式不对", html
    assert _problem_after(html, "value", "lots") == "数值应为数字", html
    assert 'name="note" value="统计局月报"' in html
    assert 'action="/indicators/mini/gdp/observations"' in html and 'name="csrf_token"' in html
    assert not ENGLISH.search(_main(html)), _main(html)
    # resubmitting the corrected form works
    fixed = reporter.post(
        "/indicators/mini/gdp/observations",
        data={"csrf_token": csrf_from(html), "period": "2021", "value": "465.3", "note": "统计局月报"},
    )
    assert fixed.status_code == 303


def test_an_api_422_keeps_detail_and_adds_msg_zh(seeded: Context) -> None:
    client = TestClient(create_app(seeded))
    headers = {"Authorization": f"Bearer {accounts.create_token(seeded, 'planner')}"}
    response = client.post(
        "/api/indicators/mini/gdp/observations", json={"period": "x", "value": "many"}, headers=headers
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert {tuple(p["loc"]) for p in detail} == {("body", "period"), ("body", "value")}
    for problem in detail:
        assert {"loc", "msg", "type", "msg_zh"} <= set(problem) and problem["msg"]
    by_field = {p["loc"][-1]: p["msg_zh"] for p in detail}
    assert by_field == {"period": "时期的格式不对", "value": "数值应为数字"}
    page = client_for(seeded, "auditor").get("/api/audit?page=0")
    [problem] = page.json()["detail"]
    assert problem["type"] == "greater_than_equal" and problem["msg_zh"] == "页码不能小于 1"


def test_progress_notes_are_chinese_on_the_page_and_codes_in_the_json(seeded: Context) -> None:
    client = client_for(seeded, "viewer")
    english = "fewer than two years observed from the base year on"
    # the JSON keeps the engine's wording; the page words it in Chinese
    assert english in client.get("/api/indicators/mini/gdp").text
    page = client.get("/indicators/mini/gdp")
    assert page.status_code == 200 and "注：自基期年份起有数据的年份不足两年" in page.text
    assert english not in page.text


def test_every_engine_note_has_a_chinese_wording() -> None:
    from luoshi.engine.progress import PROGRESS_WARNING_MESSAGES
    from luoshi.web.zh import note_zh

    for english in PROGRESS_WARNING_MESSAGES.values():
        assert not ENGLISH.search(note_zh(english)), english
    assert (
        note_zh("no assessment for gdp, pop: counted as insufficient_data") == "gdp, pop 没有评估结果，按“数据不足”计"
    )
    assert note_zh("weights add up to 90, not 100 %: normalised") == "权重合计为 90，不是 100%，已按比例换算"
    assert note_zh("已是中文") == "已是中文"
