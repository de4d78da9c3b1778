"""``luoshi round ...`` end to end: subprocesses on a SQLite file with the mini plan."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.test_cli_review import run

pytestmark = pytest.mark.e2e

MINI = Path(__file__).parents[1] / "fixtures" / "plans" / "mini.yaml"


def test_open_follow_remind_and_refuse(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'luoshi.db'}"
    assert run(url, tmp_path, "init").returncode == 0
    loaded = run(url, tmp_path, "plan", "load", MINI)
    assert loaded.returncode == 0, loaded.stderr
    opened = run(url, tmp_path, "round", "open", "--period", "2021Q4", "--due", "2022-01-15", "--levels", "1")
    assert opened.returncode == 0, opened.stderr
    assert "mini-2021Q4" in opened.stdout and "2 units" in opened.stdout
    again = run(url, tmp_path, "round", "open", "--period", "2021Q4", "--due", "2022-01-15")
    assert again.returncode == 2 and "已存在" in again.stderr
    bad = run(url, tmp_path, "round", "open", "--period", "2021Q5", "--due", "2022-01-15")
    assert bad.returncode == 2
    status = run(url, tmp_path, "round", "status", "--format", "csv")
    assert status.returncode == 0, status.stderr
    rows = list(csv.DictReader(io.StringIO(status.stdout)))
    assert [(r["unit"], r["state"], r["timeliness"]) for r in rows] == [
        ("fgj", "pending", "missing"),
        ("tjj", "pending", "missing"),
    ]
    reminded = run(url, tmp_path, "round", "remind", "mini-2021Q4", "--note", "请尽快报送")
    assert reminded.returncode == 0 and "2 reminders" in reminded.stdout
    listed = json.loads(run(url, tmp_path, "round", "list", "--format", "json").stdout)
    assert listed[0]["code"] == "mini-2021Q4" and listed[0]["missing"] == "2"
    refused = run(url, tmp_path, "round", "approve", "mini-2021Q4", "--unit", "tjj")
    assert refused.returncode == 2 and "不能审核通过" in refused.stderr


def test_sheet_template_import_and_ranking(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'luoshi.db'}"
    assert run(url, tmp_path, "init").returncode == 0
    assert run(url, tmp_path, "plan", "load", MINI).returncode == 0
    assert run(url, tmp_path, "round", "open", "--period", "2021", "--due", "2099-01-31").returncode == 0
    made = run(url, tmp_path, "sheet", "template", "--unit", "tjj", "--output", tmp_path / "t.xlsx")
    assert made.returncode == 0, made.stderr
    book = load_workbook(tmp_path / "t.xlsx")
    for row in book["指标填报"].iter_rows(min_row=2):
        row[6].value = {"gdp": 465.3, "gdp:growth": 6.1}[str(row[0].value)]
    book.save(tmp_path / "filled.xlsx")
    book["指标填报"]["C2"] = "万元"
    book.save(tmp_path / "wrong-unit.xlsx")
    bad = run(url, tmp_path, "sheet", "import", tmp_path / "wrong-unit.xlsx")
    assert (
        bad.returncode == 2
        and "工作表“指标填报”第2行C（计量单位）列" in bad.stderr
        and "nothing was written" in bad.stderr
    )
    first = run(url, tmp_path, "sheet", "import", tmp_path / "filled.xlsx")
    assert first.returncode == 0 and "2 changed" in first.stdout, first.stderr
    again = run(url, tmp_path, "sheet", "import", tmp_path / "filled.xlsx")
    assert again.returncode == 0 and "nothing changed" in again.stdout
    ranking = run(url, tmp_path, "unit", "ranking", "--year", "2021", "--format", "csv")
    assert ranking.returncode == 0, ranking.stderr
    assert ranking.stdout.splitlines()[0] == "rank,unit,name,score,on_time,first_pass,on_track,supervision"
