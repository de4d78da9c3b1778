"""``luoshi supervise`` end to end: subprocesses on a SQLite file, as the configured actor."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

MINI = Path(__file__).parents[1] / "fixtures" / "plans" / "mini.yaml"


def run(url: str, cwd: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LUOSHI_DATABASE_URL": url, "LUOSHI_ACTOR": "督查室", "COLUMNS": "200"}
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


def test_overdue_lists_one_line_per_overdue_matter(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'luoshi.db'}"
    assert run(url, tmp_path, "init").returncode == 0
    assert run(url, tmp_path, "plan", "load", MINI).returncode == 0
    empty = run(url, tmp_path, "supervise", "overdue")
    assert empty.returncode == 0 and "no matters" in empty.stdout

    past = (date.today() - timedelta(days=5)).isoformat()
    made = run(
        url, tmp_path, "supervise", "assign", "--title", "推进营商环境改革", "--lead", "fgj", "--assist", "tjj",
        "--deadline", past, "--code", "DB-1",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "DB-1: 已交办" in made.stdout
    later = (date.today() + timedelta(days=60)).isoformat()
    assert (
        run(url, tmp_path, "supervise", "assign", "--title", "调研", "--lead", "tjj", "--deadline", later).returncode
        == 0
    )
    task = run(url, tmp_path, "supervise", "assign", "--plan", "mini", "--task", "T1")  # deadline 2021-12-31
    assert task.returncode == 0, task.stderr
    task_code = task.stdout.split(":")[0]

    table = run(url, tmp_path, "supervise", "overdue")
    assert table.returncode == 0, table.stderr
    lines = [line for line in table.stdout.splitlines() if "DB" in line]
    assert len(lines) == 2 and "编制现代服务业发展专项规划" in lines[0]  # most overdue first
    assert all(word in lines[1] for word in ("DB-1", "示例区发展和改革局", past, " 5 ", "推进营商环境改革"))

    rows = list(csv.DictReader(io.StringIO(run(url, tmp_path, "supervise", "overdue", "--format", "csv").stdout)))
    assert [r["code"] for r in rows] == [task_code, "DB-1"]
    assert rows[1] == {
        "code": "DB-1",
        "lead_unit": "示例区发展和改革局",
        "deadline": past,
        "days_overdue": "5",
        "title": "推进营商环境改革",
    }
    as_json = json.loads(run(url, tmp_path, "supervise", "overdue", "--format", "json").stdout)
    assert [m["urgency"] for m in as_json] == ["overdue", "overdue"]

    # the rest of the group: extend, then close; the matter leaves the overdue list
    assert run(url, tmp_path, "supervise", "feedback", "DB-1", "已制定方案").returncode == 0
    asked = run(url, tmp_path, "supervise", "request-extension", "DB-1", "--reason", "需征求意见", "--deadline", later)
    assert asked.returncode == 0 and "申请延期" in asked.stdout
    assert "deadline " + later in run(url, tmp_path, "supervise", "approve", "DB-1").stdout
    assert run(url, tmp_path, "supervise", "remind", "DB-1", "--text", "请加快").returncode == 0
    assert run(url, tmp_path, "supervise", "request-close", "DB-1", "--text", "已完成").returncode == 0
    assert run(url, tmp_path, "supervise", "deny", "DB-1", "--reason", "材料不全").returncode == 0
    assert run(url, tmp_path, "supervise", "request-close", "DB-1").returncode == 0
    closed = run(url, tmp_path, "supervise", "approve", "DB-1")
    assert closed.returncode == 0 and "已办结" in closed.stdout
    left = json.loads(run(url, tmp_path, "supervise", "overdue", "--format", "json").stdout)
    assert [m["code"] for m in left] == [task_code]
    listed = json.loads(run(url, tmp_path, "supervise", "list", "--state", "closed", "--format", "json").stdout)
    assert [m["code"] for m in listed] == ["DB-1"] and listed[0]["created_by"] == "督查室"

    refused = run(url, tmp_path, "supervise", "remind", "DB-1")  # closed: nothing more to do
    assert refused.returncode == 2 and "已办结" in refused.stderr
    bad = run(url, tmp_path, "supervise", "assign", "--title", "x", "--lead", "nope")
    assert bad.returncode == 2 and "lead_unit" in bad.stderr and "deadline" in bad.stderr
    assert run(url, tmp_path, "supervise", "feedback", "DB-404", "x").returncode == 2
