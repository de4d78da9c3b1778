"""``luoshi review conflicts`` and ``luoshi review resolve`` end to end, in process through the real Typer
app: two documents disagree with each other and one with a stored figure; list, decide, check the result."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.domain.account import Role
from luoshi.domain.period import Period
from luoshi.domain.target import Measure
from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.services.plans import demo_plan_path, init_database, load_plan, read_plan

pytestmark = pytest.mark.e2e


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    """A SQLite file with the demo plan and a reviewer account ``wang``."""
    database = f"sqlite:///{tmp_path / 'luoshi.db'}"
    ctx = Context.from_url(database)
    init_database(ctx)
    load_plan(ctx, demo_plan_path())
    accounts.add_user(ctx, "wang", Role.REVIEWER, "correct-horse-1")
    accounts.add_user(ctx, "li", Role.VIEWER, "correct-horse-1")
    ctx.dispose()
    yield database


def run(url: str, *args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env={"LUOSHI_DATABASE_URL": url, "COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def ingest(url: str, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, _, err = run(url, "ingest", "text", path, "--doc-year", "2023", "--title", name.removesuffix(".txt"))
    assert code == 0, err


def conflicts(url: str, *args: str) -> list[dict[str, Any]]:
    code, out, err = run(url, "review", "conflicts", "--format", "json", *args)
    assert code == 0, err
    found: list[dict[str, Any]] = json.loads(out)
    return found


def test_list_and_resolve_conflicts(url: str, tmp_path: Path) -> None:
    ingest(url, tmp_path, "快报.txt", "2022年，全区地区生产总值达到465.3亿元。2020年，全区固定资产投资完成220.4亿元。")
    ingest(url, tmp_path, "公报.txt", "据统计，2022年全区地区生产总值470.12亿元。")

    found = {c["key"]: c for c in conflicts(url)}
    assert set(found) == {"fai/140213:2020:level", "gdp/140213:2022:level"}
    fai = found["fai/140213:2020:level"]
    assert [(s["source"], s["text"]) for s in fai["sides"]] == [
        ("observation", "216.4 亿元"),
        ("statement", "220.4 亿元"),
    ]
    quick, communique = found["gdp/140213:2022:level"]["sides"]
    assert (quick["document_title"], communique["document_title"]) == ("快报", "公报")
    code, table, _ = run(url, "review", "conflicts", "--plan", "pingcheng-14")
    assert code == 0 and "470.12 亿元" in table and "规划文件" in table and f"statement:{quick['id']}" in table

    # the command line acts as the reviewer named by --as; a viewer may not decide
    code, _, err = run(url, "review", "resolve", str(quick["id"]), "--keep", str(communique["id"]), "--as", "li")
    assert code == 2 and "may not review" in err
    code, _, err = run(url, "review", "resolve", str(quick["id"]), "--keep", "both")
    assert code == 2 and "--keep" in err
    code, out, err = run(
        url,
        "review",
        "resolve",
        str(quick["id"]),
        "--keep",
        str(communique["id"]),
        "--reason",
        "公报为准",
        "--as",
        "wang",
    )
    assert code == 0, err
    assert "conflict gdp/140213:2022:level resolved: kept statement:" in out
    assert f"conflicting statements rejected: {quick['id']}" in out

    # take the quick report's fai figure over the stored one
    statement = fai["sides"][1]["id"]
    code, out, err = run(url, "review", "resolve", str(statement), "--keep", "statement", "--as", "wang")
    assert code == 0, err
    assert "the stored observation was 21640000000 元" in out
    code, _, err = run(url, "review", "resolve", str(statement), "--keep", "statement")
    assert code == 2 and "已被采用" in err
    assert conflicts(url) == []
    code, out, _ = run(url, "review", "conflicts")
    assert code == 0 and "no conflicts" in out

    code, out, _ = run(url, "review", "list", "--format", "json")
    by_id = {s["id"]: s for s in json.loads(out)}
    assert by_id[quick["id"]]["status"] == "rejected" and by_id[quick["id"]]["reviewer"] == "wang"
    assert (
        by_id[quick["id"]]["reject_reason"] == f"数据冲突，已采用第{communique['id']}条（公报：470.12亿元）；公报为准"
    )
    ctx = Context.from_url(url)
    try:
        bundle = read_plan(ctx, "pingcheng-14")
        with ctx.reading() as snapshot:
            entries = snapshot.audit.entries(object_type="conflict")
    finally:
        ctx.dispose()
    values = {
        (code, o.period.code): o.value
        for code in ("gdp", "fai")
        for o in bundle.observations[code]
        if o.measure is Measure.LEVEL and o.period in (Period(2020), Period(2022))
    }
    assert values == {("gdp", "2020"): 4.282e10, ("gdp", "2022"): 4.7012e10, ("fai", "2020"): 2.204e10}
    assert [(e.actor, e.object_key) for e in entries] == [
        ("wang", "pingcheng-14/fai/140213:2020:level"),
        ("wang", "pingcheng-14/gdp/140213:2022:level"),
    ]
    assert entries[0].new is not None and entries[0].new["superseded"]["value"] == 2.164e10
    assert entries[1].new is not None and entries[1].new["reason"] == "公报为准"
