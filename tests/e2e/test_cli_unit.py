"""``luoshi unit list`` end to end, as a separate process on a real database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_cli_plan import run

pytestmark = pytest.mark.e2e

MINI_UNITS = ["示例区发展和改革局", "示例区统计局"]


def test_unit_list_in_every_format(database_url: str, tmp_path: Path, mini_plan: Path) -> None:
    assert run(["init"], database_url, tmp_path).returncode == 0
    assert run(["plan", "load", str(mini_plan)], database_url, tmp_path).returncode == 0
    names = run(["unit", "list"], database_url, tmp_path)
    assert names.returncode == 0, names.stderr
    assert sorted(names.stdout.splitlines()) == MINI_UNITS  # one name a line, nothing else
    in_plan = run(["unit", "list", "--plan", "mini"], database_url, tmp_path)
    assert sorted(in_plan.stdout.splitlines()) == MINI_UNITS
    as_json = run(["unit", "list", "--format", "json"], database_url, tmp_path)
    assert as_json.returncode == 0, as_json.stderr
    units = {u["code"]: u for u in json.loads(as_json.stdout)}
    assert units["fgj"]["name"] == "示例区发展和改革局" and units["fgj"]["tasks_led"] == 1
    assert units["tjj"]["indicators_owned"] >= 1
    table = run(["unit", "list", "--format", "table"], database_url, tmp_path)
    assert table.returncode == 0 and "fgj" in table.stdout and "示例区统计局" in table.stdout


def test_unit_list_of_an_unknown_plan_is_bad_input(database_url: str, tmp_path: Path, mini_plan: Path) -> None:
    assert run(["init"], database_url, tmp_path).returncode == 0
    assert run(["plan", "load", str(mini_plan)], database_url, tmp_path).returncode == 0
    unknown = run(["unit", "list", "--plan", "nope"], database_url, tmp_path)
    assert unknown.returncode == 2 and unknown.stdout == "" and "nope" in unknown.stderr
    bad_format = run(["unit", "list", "--format", "xml"], database_url, tmp_path)
    assert bad_format.returncode == 2 and bad_format.stdout == ""
