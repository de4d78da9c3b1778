"""The round reports downloaded from their pages: a unit's round report from the unit page and the round
page, the 督查通报 from the supervision and round pages; who may download which (200 / 403)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from urllib.parse import unquote

import pytest
from docx import Document
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from luoshi.services.context import Context
from luoshi.services.demo import DEMO_PASSWORD, load_demo
from luoshi.services.plans import init_database
from tests.web import client_for

pytestmark = pytest.mark.integration

ROUND = "pingcheng-14-2024YTD09"
OWN, OTHER = "pc-shenpi", "pc-tjj"  # the demo reporter's unit, and another


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('round-report-downloads') / 'demo.db'}"
    ctx = Context.from_url(url, actor="tester")
    init_database(ctx)
    load_demo(ctx)
    ctx.dispose()
    return url


@pytest.fixture
def demo(demo_db: str) -> Iterator[Context]:
    ctx = Context.from_url(demo_db, actor="tester")
    yield ctx
    ctx.dispose()


def login(ctx: Context, name: str | None) -> TestClient:
    return client_for(ctx, name, DEMO_PASSWORD)


def _unit_report(unit: str, fmt: str) -> str:
    return f"/reports/rounds/{ROUND}/units/{unit}.{fmt}"


def test_the_pages_link_the_reports_and_the_files_open(demo: Context) -> None:
    leader = login(demo, "leader")
    unit_page = leader.get(f"/units/{OWN}").text
    assert "填报情况报告" in unit_page
    assert _unit_report(OWN, "docx") in unit_page and _unit_report(OWN, "xlsx") in unit_page
    round_page = leader.get(f"/rounds/{ROUND}").text
    assert _unit_report(OWN, "docx") in round_page and _unit_report(OTHER, "xlsx") in round_page
    assert f"/reports/supervision.docx?round={ROUND}" in round_page
    supervision_page = leader.get("/supervision").text
    links = re.findall(r'href="(/reports/supervision\.(?:docx|xlsx)\?as_of=[0-9-]+)"', supervision_page)
    assert [link.split("?")[0].rsplit(".", 1)[1] for link in links] == ["docx", "xlsx"]

    word = leader.get(_unit_report(OWN, "docx"))
    assert word.status_code == 200 and word.headers["content-type"].endswith("wordprocessingml.document")
    name = unquote(word.headers["content-disposition"])
    assert name.endswith("平城区行政审批服务管理局2024年1—9月规划实施情况报告.docx")
    doc = Document(io.BytesIO(word.content))
    assert doc.paragraphs[0].text.startswith("平城区行政审批服务管理局")
    assert doc.sections[0].footer.paragraphs[1].text.startswith(f"数据版本 {demo.data_version()} · ")
    sheet = leader.get(_unit_report(OWN, "xlsx"))
    assert sheet.status_code == 200 and load_workbook(io.BytesIO(sheet.content)).sheetnames[0] == "报送情况"

    bulletin = leader.get(links[0])
    assert bulletin.status_code == 200 and "督查通报" in unquote(bulletin.headers["content-disposition"])
    assert Document(io.BytesIO(bulletin.content)).paragraphs[0].text == "督查通报"
    for_round = leader.get("/reports/supervision.xlsx", params={"round": ROUND})
    book = load_workbook(io.BytesIO(for_round.content))
    assert {r[0] for r in book["报送情况"].iter_rows(min_row=2, values_only=True)} == {
        "2024年1-9月规划实施情况填报（模拟）"
    }


@pytest.mark.parametrize(
    ("account", "own", "other", "bulletin"),
    [
        ("reporter", 200, 403, 200),
        ("head", 200, 403, 200),
        ("tjj", 403, 200, 200),
        ("leader", 200, 200, 200),
        ("supervisor", 200, 200, 200),
        ("planner", 200, 200, 200),
    ],
)
def test_who_may_download_which_report(demo: Context, account: str, own: int, other: int, bulletin: int) -> None:
    client = login(demo, account)
    assert client.get(_unit_report(OWN, "docx")).status_code == own
    assert client.get(_unit_report(OTHER, "xlsx")).status_code == other
    assert client.get("/reports/supervision.docx").status_code == bulletin


def test_a_reporter_sees_only_its_own_units_links(demo: Context) -> None:
    reporter = login(demo, "reporter")
    round_page = reporter.get(f"/rounds/{ROUND}").text
    assert _unit_report(OWN, "docx") in round_page and _unit_report(OTHER, "docx") not in round_page
    assert "填报情况报告" not in reporter.get(f"/units/{OTHER}").text
    assert "填报情况报告" in reporter.get(f"/units/{OWN}").text


def test_downloads_need_a_login_and_known_names(demo: Context) -> None:
    anonymous = login(demo, None)
    assert anonymous.get(_unit_report(OWN, "docx")).status_code in (303, 401)
    assert anonymous.get("/reports/supervision.docx").status_code in (303, 401)
    leader = login(demo, "leader")
    assert leader.get(f"/reports/rounds/{ROUND}/units/nope.docx").status_code == 404
    assert leader.get(f"/reports/rounds/no-round/units/{OWN}.docx").status_code == 404
    assert leader.get(f"/reports/rounds/{ROUND}/units/{OWN}.pdf").status_code in (404, 422)
    assert leader.get("/reports/supervision.xlsx", params={"round": "no-round"}).status_code == 404
    assert leader.get("/reports/supervision.docx", params={"as_of": "2024-13-01"}).status_code in (400, 422)
