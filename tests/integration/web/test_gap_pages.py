"""The gap list page (对照找差距): reachable from the navigation and the cockpit, sorted on the server by
every column, and downloaded as xlsx and CSV whose numbers are the service's."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from luoshi.services.context import Context
from luoshi.services.demo import DEMO_PASSWORD
from luoshi.services.gaps import COLUMNS, TABLE_HEADERS, gap_page
from tests.demo_db import DemoDatabases
from tests.web import client_for

pytestmark = pytest.mark.integration
PLAN = "pingcheng-14"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, demo_databases: DemoDatabases) -> str:
    """One copy of the demo for the module (SQLite): its tests only read."""
    return demo_databases.copy("sqlite", True, tmp_path_factory.mktemp("gaps"))


@pytest.fixture
def demo(demo_db: str) -> Iterator[Context]:
    ctx = Context.from_url(demo_db, actor="tester")
    yield ctx
    ctx.dispose()


def login(ctx: Context, name: str) -> TestClient:
    return client_for(ctx, name, DEMO_PASSWORD)


def test_gap_page_is_linked_and_sorted_by_every_column(demo: Context) -> None:
    leader = login(demo, "leader")
    cockpit = leader.get("/").text
    assert 'href="/gaps"' in cockpit and f'href="/gaps/{PLAN}"' in cockpit  # navigation and the cockpit's block
    page = leader.get("/gaps")
    assert page.status_code == 200
    for words in ("对照找差距", "现状值", "目标值", "差距", "完成率", "序时进度", "今后需年均", "责任单位", "状态"):
        assert words in page.text, words
    assert re.search(r"差 [\d,.]+ (家|亿元|个百分点|项)", page.text)
    service = gap_page(demo, PLAN).rows
    default = leader.get(f"/api/gaps/{PLAN}").json()
    assert [r["code"] for r in default["rows"]] == [r.code for r in service] and default["sort"] == "status"
    for key in COLUMNS:
        for sort in (key, f"-{key}"):
            data = leader.get(f"/api/gaps/{PLAN}", params={"sort": sort}).json()
            assert [r["code"] for r in data["rows"]] == [r.code for r in gap_page(demo, PLAN, sort=sort).rows]
    # the page itself (no JS): gap descending puts the largest share of the target still missing first
    html = leader.get(f"/gaps/{PLAN}", params={"sort": "-gap"}).text
    assert 'aria-sort="descending"' in html and f'href="/gaps/{PLAN}?sort=gap"' in html
    shares = [r.gap_share for r in gap_page(demo, PLAN, sort="-gap").rows if r.gap_share is not None]
    assert shares == sorted(shares, reverse=True) and len(shares) > 2
    first = gap_page(demo, PLAN, sort="-gap").rows[0]
    assert html.index(first.name) < html.index("</tbody>")
    names_in_page = [m for m in re.findall(r'href="/indicators/[^/]+/([^"]+)"', html)]
    assert names_in_page[0] == first.code
    assert leader.get(f"/api/gaps/{PLAN}", params={"sort": "price"}).status_code == 422


def test_downloads_hold_the_service_numbers(demo: Context) -> None:
    viewer = login(demo, "leader")
    rows = gap_page(demo, PLAN, sort="-completion").rows
    got = viewer.get(f"/gaps/{PLAN}/download/xlsx", params={"sort": "-completion"})
    assert got.status_code == 200 and "spreadsheetml" in got.headers["content-type"]
    assert "attachment" in got.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(got.content)).active
    assert sheet is not None and sheet.title == "对照找差距"
    lines = list(sheet.iter_rows(values_only=True))
    assert list(lines[0]) == TABLE_HEADERS and len(lines) == len(rows) + 1

    def same(cell: object, number: float | None) -> bool:  # a workbook keeps Excel's 15 significant digits
        return cell is None if number is None else cell == pytest.approx(number, rel=1e-14)

    for row, line in zip(rows, lines[1:], strict=True):
        cells = dict(zip(TABLE_HEADERS, line, strict=True))
        assert cells["指标代码"] == row.code and same(cells["现状值"], row.current_value)
        assert same(cells["目标值"], row.target_value) and same(cells["差距"], row.gap)
        assert same(cells["完成率"], row.completion) and same(cells["序时进度"], row.time_elapsed)
        assert same(cells["今后需年均增长率"], row.needed_rate) and cells["差距（显示）"] == row.gap_text
        assert cells["状态"] == row.status_label
    text = viewer.get(f"/gaps/{PLAN}/download/csv", params={"sort": "-completion"})
    assert text.status_code == 200 and text.headers["content-type"].startswith("text/csv")
    assert text.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
    table = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    assert table[0] == TABLE_HEADERS and len(table) == len(rows) + 1
    for row, line in zip(rows, table[1:], strict=True):
        cells = dict(zip(TABLE_HEADERS, line, strict=True))
        assert cells["指标代码"] == row.code and cells["完成率（显示）"] == row.completion_text
        if row.gap is not None:
            assert float(cells["差距"]) == row.gap  # full precision: repr round-trips
    assert viewer.get(f"/gaps/{PLAN}/download/pdf").status_code == 422


def test_the_same_figure_reads_the_same_on_every_page(demo: Context) -> None:
    leader = login(demo, "leader")
    gaps = {r["code"]: r for r in leader.get(f"/api/gaps/{PLAN}").json()["rows"]}
    tree = leader.get(f"/api/plans/{PLAN}/tree").json()

    def indicators(goals: list[dict[str, object]]) -> list[dict[str, object]]:
        found: list[dict[str, object]] = []
        for g in goals:
            found += g["indicators"]  # type: ignore[arg-type]
            found += indicators(g["children"])  # type: ignore[arg-type]
        return found

    in_tree = {i["code"]: i for i in indicators(tree["goals"]) + tree["unlinked_indicators"]}
    progress = {i["code"]: i for i in leader.get(f"/api/plans/{PLAN}/progress").json()["indicators"]}
    assert in_tree and all(i["status"] == progress[code]["status"] for code, i in in_tree.items())
    judged = [code for code, i in progress.items() if i["status"] != "insufficient_data"]
    assert judged and all(in_tree[code]["current"] for code in judged)  # never 暂无 where the cockpit judges
    for code, row in gaps.items():
        assert in_tree[code]["current"] == row["current_text"]
    owned = next(r for r in gaps.values() if r["owner_unit_code"])
    unit = leader.get(f"/api/units/{owned['owner_unit_code']}").json()
    on_unit = next(i for i in unit["indicators"] if i["code"] == owned["code"])
    assert on_unit["latest"] == owned["current_text"] and on_unit["target_text"] == owned["target_text"]
    page = leader.get(f"/plans/{PLAN}").text
    assert owned["current_text"] in page and owned["target_text"] in page
