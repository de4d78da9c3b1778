"""The evaluation report downloaded from the cockpit: the Word and Excel links, and what they hold."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import pytest
from docx import Document
from openpyxl import load_workbook

from luoshi.services.cockpit import cockpit
from luoshi.services.context import Context
from tests.conftest import FIXTURES
from tests.web import client_for, seed

pytestmark = pytest.mark.integration


def test_the_cockpit_links_to_both_downloads(ctx: Context) -> None:
    seed(ctx, FIXTURES / "plans" / "mini.yaml")
    viewer = client_for(ctx, "viewer")
    page = viewer.get("/plans/mini/cockpit").text
    assert "下载评估报告" in page
    links = re.findall(r'href="(/reports/mini/evaluation\.(?:docx|xlsx)\?year=\d+)"', page)
    assert [link.split("?")[0].rsplit(".", 1)[1] for link in links] == ["docx", "xlsx"]
    assert links[0].endswith("?year=2020")  # the newest year with figures
    word = viewer.get(links[0].replace("&amp;", "&"))
    assert word.status_code == 200 and word.headers["content-type"].endswith("wordprocessingml.document")
    assert unquote(word.headers["content-disposition"]).endswith("2020年年度监测报告.docx")
    doc = Document(io.BytesIO(word.content))
    version = cockpit(ctx, "mini", year=2020).data_version
    assert doc.sections[0].footer.paragraphs[1].text.startswith(f"数据版本 {version} · ")
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    assert next(r for r in rows if r[0] == "地区生产总值")[:3] == ["地区生产总值", "亿元", "2020年 428.2 亿元"]
    sheet = viewer.get(links[1])
    assert sheet.status_code == 200 and sheet.headers["content-type"].endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(sheet.content))
    assert book.sheetnames[0] == "指标" and book["指标"].max_row > 1
    # the year as chosen on the cockpit, and the mid-term wording
    page = viewer.get("/plans/mini/cockpit", params={"year": 2019}).text
    assert "/reports/mini/evaluation.docx?year=2019" in page
    early = Document(io.BytesIO(viewer.get("/reports/mini/evaluation.docx", params={"year": 2019}).content))
    assert "截至2019年底" in early.paragraphs[1].text
    assert "2020年" not in "".join(c.text for t in early.tables for r in t.rows for c in r.cells)
    mid = viewer.get("/reports/mini/evaluation.docx", params={"year": 2020, "mid": 1})
    assert Document(io.BytesIO(mid.content)).paragraphs[0].text.endswith("实施中期评估报告")


def test_downloads_need_a_login_and_a_known_plan_and_year(ctx: Context) -> None:
    seed(ctx, FIXTURES / "plans" / "mini.yaml")
    anonymous = client_for(ctx, None)
    assert anonymous.get("/reports/mini/evaluation.docx").status_code in (303, 401)
    viewer = client_for(ctx, "viewer")
    assert viewer.get("/reports/nope/evaluation.xlsx").status_code == 404
    assert viewer.get("/reports/mini/evaluation.docx", params={"year": 2040}).status_code in (400, 422)
