"""The register uploaded on /projects (SQLite and PostgreSQL): planners only, all or nothing, every problem
listed by file, sheet, row and column exactly as ``luoshi project import`` prints it."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from luoshi.domain.errors import InvalidInput
from luoshi.services import projects as svc
from luoshi.services.context import Context
from tests.integration.test_projects import register, row
from tests.web import client_for, csrf_of, seed

pytestmark = pytest.mark.integration

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def seeded(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    return ctx


def test_a_planner_uploads_the_register(seeded: Context) -> None:
    planner = client_for(seeded, "planner")
    assert 'action="/projects/register"' in planner.get("/projects").text
    good = register(row("XM-1"), row("XM-2", unit="tjj"))
    done = planner.post(
        "/projects/register", data={"csrf_token": csrf_of(planner)}, files={"file": ("库.xlsx", good, XLSX)}
    )
    assert done.status_code == 200 and "库.xlsx：读入 2 个项目；2 个新建，0 个更新，0 次阶段变更" in done.text
    assert "XM-2" in done.text
    again = planner.post(
        "/api/projects/register", headers={"x-csrf-token": csrf_of(planner)}, files={"file": ("库.xlsx", good, XLSX)}
    )
    assert again.status_code == 200 and again.json()["version"] is None  # the same file changes nothing


def test_a_bad_register_writes_nothing_and_lists_its_problems_as_the_cli_does(seeded: Context) -> None:
    bad = register(
        row("XM-1"),
        row("XM-1"),
        row("XM-3", unit="nobody"),
        row("XM-4", 计划开工日期="2024-06-01", 计划竣工日期="2024-01-01"),
    )
    with pytest.raises(InvalidInput) as refused:
        svc.import_register(seeded, None, bad, "坏.xlsx")
    printed = [p.printed() for p in refused.value.problems]
    assert "坏.xlsx：工作表“重点项目”第3行A（项目编码）列：项目编码“XM-1”与第2行重复" in printed
    assert len(printed) == 2  # the file's own rules first: the unknown unit is checked once those pass
    planner = client_for(seeded, "planner")
    page = planner.post(
        "/projects/register", data={"csrf_token": csrf_of(planner)}, files={"file": ("坏.xlsx", bad, XLSX)}
    )
    assert page.status_code == 422 and "项目库未导入" in page.text
    listed = [html.unescape(line.split("</li>")[0]) for line in page.text.split('<li class="error">')[1:]]
    assert listed == printed
    api = planner.post(
        "/api/projects/register", headers={"x-csrf-token": csrf_of(planner)}, files={"file": ("坏.xlsx", bad, XLSX)}
    )
    assert api.status_code == 422
    with seeded.reading() as snapshot:
        assert snapshot.projects.projects() == []


def test_only_planners_upload(seeded: Context) -> None:
    reporter = client_for(seeded, "reporter")
    assert 'action="/projects/register"' not in reporter.get("/projects").text
    refused = reporter.post(
        "/projects/register",
        data={"csrf_token": csrf_of(reporter)},
        files={"file": ("库.xlsx", register(row("XM-1", unit="tjj")), XLSX)},
    )
    assert refused.status_code == 403
    assert (
        client_for(seeded, "planner").post("/projects/register", files={"file": ("库.xlsx", b"x", XLSX)}).status_code
        == 403
    )  # no CSRF
