"""``luoshi ingest text`` and ``luoshi review`` end to end: subprocesses on a SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from luoshi.domain.period import Period
from luoshi.domain.target import Measure
from luoshi.services.context import Context
from luoshi.services.plans import demo_plan_path, read_plan

pytestmark = pytest.mark.e2e

SEED = demo_plan_path().parent / "sources" / "001_9210089917e0ccd1.txt"


def run(url: str, cwd: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LUOSHI_DATABASE_URL": url, "COLUMNS": "200"}
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


def queue(url: str, cwd: Path, *args: str) -> list[dict[str, Any]]:
    listed = run(url, cwd, "review", "list", "--format", "json", *args)
    assert listed.returncode == 0, listed.stderr
    result: list[dict[str, Any]] = json.loads(listed.stdout)
    return result


def test_ingest_review_accept_reject(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'luoshi.db'}"
    assert run(url, tmp_path, "ingest", "text", SEED, "--doc-year", "2021").returncode == 1  # no schema yet
    init = run(url, tmp_path, "init", "--demo")
    assert init.returncode == 0, init.stderr

    first = run(url, tmp_path, "ingest", "text", SEED, "--doc-year", "2021")
    assert first.returncode == 0, first.stderr
    assert "already stored as seed-001" in first.stdout and "matched" in first.stdout
    again = run(url, tmp_path, "ingest", "text", SEED, "--doc-year", "2021")
    assert again.returncode == 0 and "already ingested as seed-001: nothing added" in again.stdout

    pending = queue(url, tmp_path, "--status", "pending")
    gdp = next(s for s in pending if s["text"] == "428.2亿元")
    assert gdp["indicator_code"] == "gdp" and gdp["document"] == "seed-001"
    accepted = run(url, tmp_path, "review", "accept", str(gdp["id"]))
    assert accepted.returncode == 0, accepted.stderr
    assert "observation gdp 2020 = 42820000000 元" in accepted.stdout

    completed = next(s for s in pending if s["text"] == "120个")
    assert completed["indicator_code"] is None and completed["proposed_name"] == "竣工"
    refused = run(url, tmp_path, "review", "accept", str(completed["id"]))
    assert refused.returncode == 2 and "--create-indicator" in refused.stderr and "Traceback" not in refused.stderr
    chosen = run(url, tmp_path, "review", "accept", str(completed["id"]), "--indicator", "project-completed")
    assert chosen.returncode == 0, chosen.stderr
    assert "observation project-completed 2018-2020 = 120 个" in chosen.stdout
    roads = next(s for s in pending if s["text"] == "80%以上")
    created = run(url, tmp_path, "review", "accept", str(roads["id"]), "--create-indicator", "--value", "81")
    assert created.returncode == 0, created.stderr
    assert f"= 81 %, created (new indicator new-{roads['id']})" in created.stdout

    visits = next(s for s in pending if s["text"] == "6次")
    rejected = run(url, tmp_path, "review", "reject", str(visits["id"]), "--reason", "not a plan figure")
    assert rejected.returncode == 0 and "rejected" in rejected.stdout
    twice = run(url, tmp_path, "review", "reject", str(visits["id"]))
    assert twice.returncode == 2 and "rejected already" in twice.stderr
    assert [s["reject_reason"] for s in queue(url, tmp_path, "--status", "rejected")] == ["not a plan figure"]
    table = run(url, tmp_path, "review", "list", "--document", "seed-001")
    assert table.returncode == 0 and "428.2亿元" in table.stdout and "accepted" in table.stdout
    assert run(url, tmp_path, "review", "accept", "999999").returncode == 2

    ctx = Context.from_url(url)
    try:
        bundle = read_plan(ctx, "pingcheng-14")
    finally:
        ctx.dispose()
    obs = next(o for o in bundle.observations["gdp"] if o.period == Period(2020) and o.measure is Measure.LEVEL)
    assert obs.value == 4.282e10 and obs.provenance is not None
    assert (obs.provenance.start, obs.provenance.end) == (gdp["start"], gdp["end"])
    assert SEED.read_text(encoding="utf-8")[gdp["start"] : gdp["end"]] == "428.2亿元"
