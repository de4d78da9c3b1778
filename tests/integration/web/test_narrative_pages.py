"""The 数说 page, its JSON twin and its text download, and the links to it."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from luoshi.services.context import Context
from luoshi.services.demo import DEMO_PASSWORD
from luoshi.services.narrative import plan_narrative
from luoshi.services.plans import read_plan
from tests.demo_db import DemoDatabases
from tests.web import client_for

pytestmark = pytest.mark.integration
PLAN = "pingcheng-14"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, demo_databases: DemoDatabases) -> str:
    """One copy of the demo for the module (SQLite): its tests only read."""
    return demo_databases.copy("sqlite", True, tmp_path_factory.mktemp("narrative"))


@pytest.fixture
def demo(demo_db: str) -> Iterator[Context]:
    ctx = Context.from_url(demo_db, actor="tester")
    yield ctx
    ctx.dispose()


def login(ctx: Context, name: str) -> TestClient:
    return client_for(ctx, name, DEMO_PASSWORD)


def test_narrative_page_json_twin_and_text(demo: Context) -> None:
    leader = login(demo, "leader")
    page = leader.get(f"/narrative/{PLAN}")
    assert page.status_code == 200
    body = html.unescape(page.text)
    service = plan_narrative(demo, PLAN)
    for p in service.paragraphs:
        for s in p.sentences:
            assert s.text in body
    assert (
        "按现价计算，全区地区生产总值从2018年的 394.5 亿元增加到2020年的 428.2 亿元，年均增长 4.2%。" in body
        and "下载文本" in body
        and "（模拟）" not in body
    )
    sources = re.findall(r'href="/documents/([^"?]+)\?start=(\d+)&(?:amp;)?end=(\d+)#focus"', page.text)
    tops = {g.name for g in read_plan(demo, PLAN).goals if g.parent_code is None}
    headings = re.findall(r"<h2>([^<]+)</h2>", body)
    assert headings and set(headings) <= tops  # paragraphs under the top-level goals they measure
    assert {p.section for p in service.paragraphs} >= set(headings)
    assert sources  # sentences read from the seed pages link to their spans
    code, start, end = sources[0]
    assert leader.get(f"/documents/{code}", params={"start": start, "end": end}).status_code == 200
    twin = leader.get(f"/api/narrative/{PLAN}").json()
    assert twin["text"] == service.text and twin["scope"] == "plan" and not twin["include_simulated"]
    first = twin["paragraphs"][0]["sentences"][0]
    assert first["figures"][1]["printed"] == "428.2 亿元" and first["sources"][0]["document_code"]
    download = leader.get(f"/narrative/{PLAN}/download")
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/plain")
    body, note = download.content.decode("utf-8").rsplit("\n\n", 1)
    assert body == service.text.rstrip("\n")  # the narrative, then the data version it was made from
    assert note.startswith(f"（数据版本 {service.data_version} · ") and note.endswith("生成）\n")
    assert "数说" in unquote(download.headers["content-disposition"])


def test_narrative_scopes_years_and_simulation_on_the_page(demo: Context) -> None:
    leader = login(demo, "leader")
    simulated = leader.get(f"/api/narrative/{PLAN}", params={"sim": 1, "year": 2022}).json()
    assert simulated["include_simulated"] and simulated["year"] == 2022 and "（模拟）" in simulated["text"]
    assert "2024年" not in simulated["text"] and "2023年" not in simulated["text"]
    one = leader.get(f"/narrative/{PLAN}", params={"indicator": "示范党组织", "sim": 1})
    assert one.status_code == 200 and "示范党组织的目标是2025年达到 100 家" in html.unescape(one.text)
    assert leader.get(f"/api/narrative/{PLAN}", params={"goal": "NOPE"}).status_code == 404
    assert leader.get(f"/api/narrative/{PLAN}", params={"goal": "A", "unit": "B"}).status_code in (400, 422)


def test_cockpit_unit_and_indicator_pages_link_to_it(demo: Context) -> None:
    leader = login(demo, "leader")
    assert f'href="/narrative/{PLAN}?sim=' in leader.get(f"/plans/{PLAN}/cockpit").text
    bundle = read_plan(demo, PLAN)
    owned = next(i for i in bundle.indicators if i.owner_unit_code)
    unit_page = leader.get(f"/units/{owned.owner_unit_code}").text
    link = re.search(rf'href="(/narrative/{PLAN}\?unit=[^"]+)"', unit_page)
    assert link is not None
    unit_view = leader.get(html.unescape(link.group(1)))
    assert unit_view.status_code == 200 and "数说" in unit_view.text
    indicator_page = leader.get(f"/indicators/{PLAN}/{owned.code}").text
    assert f'href="/narrative/{PLAN}?indicator={owned.code}' in indicator_page
