"""``luoshi assess`` and ``luoshi audit`` on a plan with 可比价 indicators, as a separate process."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.e2e.test_cli_plan import run

pytestmark = pytest.mark.e2e


def test_assess_and_audit_say_where_the_price_basis_decided(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pb.sqlite'}"
    assert run(["init"], url, tmp_path).returncode == 0
    loaded = run(["plan", "load", str(FIXTURES / "plans" / "pricebasis.yaml")], url, tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    table = run(["assess", "--format", "table"], url, tmp_path)
    assert table.returncode == 0, table.stderr
    gdp_row = next(line for line in table.stdout.splitlines() if " gdp " in line)
    fai_row = next(line for line in table.stdout.splitlines() if " fai " in line)
    assert "可比价增速" in gdp_row and "可比价增速" not in fai_row
    assert "gdp: 按可比价增速判断（2020—2023年逐年增速连乘）" in table.stderr
    assert "revenue: 部分年份无可比价增速，按现价水平推算" in table.stderr and "fai:" not in table.stderr
    # the CSV keeps its columns; a 现价 indicator's row is as it always was
    rows = list(csv.DictReader(io.StringIO(run(["assess"], url, tmp_path).stdout)))
    assert list(rows[0]) == [
        *("indicator", "status", "observed_rate", "required_rate", "ratio", "completion", "time_elapsed"),
        *("score", "projected_value", "needed_rate", "name", "status_label", "change"),
    ]
    by_code = {r["indicator"]: r for r in rows}
    assert by_code["gdp"]["status"] == "acceleration_needed" and by_code["fai"]["status"] == "on_track"
    audit = list(csv.DictReader(io.StringIO(run(["audit"], url, tmp_path).stdout)))
    verdicts = {(r["indicator"], r["start_year"], r["end_year"]): r["verdict"] for r in audit}
    assert verdicts[("fai", "2020", "2023")] == "consistent"
    assert verdicts[("gdp", "2020", "2023")] == "basis_differs" and verdicts[("gdp", "2020", "2021")] == "basis_differs"


def test_audit_on_files_with_a_price_basis_column(tmp_path: Path) -> None:
    (tmp_path / "obs.csv").write_text(
        "indicator,year,value\ngdp,2018,394.5\ngdp,2020,428.2\nfai,2018,164.7\nfai,2020,216.4\n"
    )
    (tmp_path / "claims.csv").write_text(
        "indicator,start_year,end_year,claimed_rate,price_basis\ngdp,2018,2020,4.2,comparable\nfai,2018,2020,14.6,现价\n",
        encoding="utf-8",
    )
    done = run(["audit", "--observations", "obs.csv", "--claims", "claims.csv"], "sqlite://", tmp_path)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0]) == [
        "indicator",
        "start_year",
        "end_year",
        "claimed_rate",
        "computed_rate",
        "low",
        "high",
        "verdict",
    ]
    assert [(r["indicator"], r["verdict"]) for r in rows] == [("gdp", "basis_differs"), ("fai", "consistent")]
