"""``luoshi project`` end to end: subprocesses on a SQLite file, as the configured actor."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from luoshi.ingest.projects import HEADERS, SHEET

pytestmark = pytest.mark.e2e

MINI = Path(__file__).parents[1] / "fixtures" / "plans" / "mini.yaml"


def run(url: str, cwd: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LUOSHI_DATABASE_URL": url, "LUOSHI_ACTOR": "发改局", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "luoshi.cli.main", *map(str, args)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def _register(path: Path, *rows: list[object]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append(row + [None] * (len(HEADERS) - len(row)))
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return path


def test_import_export_and_lagging(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'luoshi.db'}"
    assert run(url, tmp_path, "init").returncode == 0
    assert run(url, tmp_path, "plan", "load", MINI).returncode == 0
    good = _register(
        tmp_path / "库.xlsx",
        ["XM-1", "新材料产业园", "fgj", "", "产业", "谋划储备", "新开工", 50000, 2024, 12000, "2024-02-01"],
        ["XM-2", "学校", "tjj", "", "民生", "开工", "续建", 8000, 2024, 2000, "2023-05-01", "", "2023-05-10"],
    )
    done = run(url, tmp_path, "project", "import", good)
    assert done.returncode == 0, done.stderr
    assert "2 projects; 2 created" in done.stdout
    assert "nothing changed" in run(url, tmp_path, "project", "import", good).stdout

    bad = _register(
        tmp_path / "坏.xlsx",
        ["XM-3", "园区", "nobody", "", "产业", "签约", "新开工", 100, 2024, 200],
    )
    refused = run(url, tmp_path, "project", "import", bad)
    assert refused.returncode == 2
    assert "第2行J（年度计划投资(万元)）列" in refused.stderr and "nothing was written" in refused.stderr

    exported = tmp_path / "导出.xlsx"
    assert run(url, tmp_path, "project", "export", "--output", exported).returncode == 0
    assert "nothing changed" in run(url, tmp_path, "project", "import", exported).stdout

    late = run(url, tmp_path, "project", "lagging", "--month", "2024-06", "--json")
    assert late.returncode == 0, late.stderr
    assert [p["code"] for p in json.loads(late.stdout)["projects"]] == ["XM-1", "XM-2"]
    assert run(url, tmp_path, "project", "lagging", "--month", "2024-13").returncode == 2
    opened = run(url, tmp_path, "round", "open", "--period", "2024M06", "--due", "2024-07-10", "--projects")
    assert opened.returncode == 0, opened.stderr
    assert "key projects owing the 2024-06 report: 1" in opened.stdout  # XM-2, under way since 2023
    quarter = run(url, tmp_path, "round", "open", "--period", "2024Q2", "--due", "2024-07-10", "--projects")
    assert quarter.returncode == 2 and "只有月度轮次" in quarter.stderr
