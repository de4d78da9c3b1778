"""``luoshi assess`` and ``luoshi audit`` end to end on CSV files, through the real Typer app."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luoshi.cli.assess import ASSESS_COLUMNS
from luoshi.cli.main import app
from luoshi.engine.audit import audit_claims
from luoshi.engine.progress import assess_many
from luoshi.ingest.sheet import growth_claims, parse_claims, parse_observations, parse_targets, series_for_assessment

pytestmark = pytest.mark.e2e

OBSERVATIONS = """indicator,year,value
gdp,2018,394.5
gdp,2020,428.2
gdp,2022,490.0
fai,2018,164.7
fai,2020,216.4
revenue,2018,4.9
revenue,2020,9.2
jobless,2020,4.2
jobless,2022,4.4
"""
TARGETS = """indicator,direction,base_year,target_year,target_value,measure
gdp,increase,2020,2025,8.5,growth
jobless,decrease,2020,2025,4.5,level
fai,increase,2018,,,
new,increase,2020,2025,10,level
"""
CLAIMS = """indicator,start_year,end_year,claimed_rate
gdp,2018,2020,4.2
fai,2018,2020,14.6
revenue,2018,2020,36.6
"""


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_assess_csv(tmp_path: Path) -> None:
    code, out, err = run(
        "assess",
        "--observations",
        write(tmp_path, "obs.csv", OBSERVATIONS),
        "--targets",
        write(tmp_path, "targets.csv", TARGETS),
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "indicator",
        "status",
        "observed_rate",
        "required_rate",
        "ratio",
        "completion",
        "time_elapsed",
        "score",
        "projected_value",
        "needed_rate",
    ]
    by = {r["indicator"]: r for r in rows}
    assert [r["indicator"] for r in rows] == ["gdp", "jobless", "fai", "new"]
    assert by["gdp"]["status"] == "acceleration_needed"
    assert by["gdp"]["required_rate"] == "0.085"  # a fraction, not 8.5
    assert float(by["gdp"]["time_elapsed"]) == 0.4
    assert by["jobless"]["status"] == "target_achieved" and by["jobless"]["ratio"] == ""
    assert by["fai"]["status"] == "on_track" and float(by["fai"]["observed_rate"]) == pytest.approx(0.146256545456744)
    assert len(by["fai"]["observed_rate"]) > 12  # the float whole, not 0.146257
    assert by["new"]["status"] == "insufficient_data" and by["new"]["score"] == ""
    assert "revenue has figures but no row in the targets" in err


def test_assess_json_and_table(tmp_path: Path) -> None:
    obs, targets = write(tmp_path, "obs.csv", OBSERVATIONS), write(tmp_path, "targets.csv", TARGETS)
    code, out, _ = run("assess", "--observations", obs, "--targets", targets, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data[0]["indicator"] == "gdp" and data[0]["required_rate"] == 0.085 and data[1]["ratio"] is None
    assert data[3]["warnings"] == ["fewer than two years observed from the base year on"]
    code, out, _ = run("assess", "--observations", obs, "--targets", targets, "--format", "table")
    assert code == 0 and "acceleration_needed" in out and "projected_value" in out


def test_audit_reproduces_the_pingcheng_verdicts(tmp_path: Path) -> None:
    code, out, err = run(
        "audit",
        "--observations",
        write(tmp_path, "obs.csv", OBSERVATIONS),
        "--claims",
        write(tmp_path, "claims.csv", CLAIMS),
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
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
    assert [(r["indicator"], r["verdict"]) for r in rows] == [
        ("gdp", "consistent"),
        ("fai", "consistent"),
        ("revenue", "within_rounding"),
    ]
    assert float(rows[0]["computed_rate"]) == pytest.approx(4.18, abs=0.005)  # percent
    assert rows[2]["claimed_rate"] == "36.6" and float(rows[2]["low"]) < 36.6 < float(rows[2]["high"])


def test_audit_json(tmp_path: Path) -> None:
    code, out, _ = run(
        "audit",
        "--observations",
        write(tmp_path, "obs.csv", OBSERVATIONS),
        "--claims",
        write(tmp_path, "claims.csv", CLAIMS),
        "--format",
        "json",
    )
    assert code == 0
    assert [r["verdict"] for r in json.loads(out)] == ["consistent", "consistent", "within_rounding"]


@pytest.mark.parametrize(
    ("observations", "where", "what"),
    [
        ("indicator,year\ngdp,2018\n", "obs.csv: row 1, column value", "missing column"),
        ("indicator,year,value\ngdp,2018,394.5\ngdp,2020,abc\n", "obs.csv: row 3, column value", "not a number"),
        ("indicator,year,value\ngdp,2020,1\ngdp,2020,2\n", "obs.csv: row 3, column year", "2020 twice"),
        ("indicator,year,value\ngdp,20x0,1\n", "obs.csv: row 2, column year", "not a year"),
        ("indicator,year,value\nfai,2018,0\nfai,2020,216.4\n", "obs.csv: row 2, column value", "positive level"),
        ("indicator,year,value\nfai,2018,-1.5\nfai,2020,216.4\n", "obs.csv: row 2, column value", "positive level"),
    ],
)
def test_assess_bad_observations_exit_2_naming_the_cell(
    tmp_path: Path, observations: str, where: str, what: str
) -> None:
    code, out, err = run(
        "assess",
        "--observations",
        write(tmp_path, "obs.csv", observations),
        "--targets",
        write(tmp_path, "targets.csv", TARGETS),
    )
    assert code == 2
    assert out == ""  # nothing half-printed
    assert where in err and what in err


@pytest.mark.parametrize(
    ("targets", "where", "what"),
    [
        (
            "indicator,direction,base_year,target_year,target_value\n",
            "targets.csv: row 1, column measure",
            "missing column",
        ),
        (
            "indicator,direction,base_year,target_year,target_value,measure\ngdp,up,2020,2025,1,level\n",
            "targets.csv: row 2, column direction",
            "not increase or decrease",
        ),
        (
            "indicator,direction,base_year,target_year,target_value,measure\ngdp,increase,2020,2025,1,rate\n",
            "targets.csv: row 2, column measure",
            "not level or growth",
        ),
        (
            "indicator,direction,base_year,target_year,target_value,measure\ngdp,increase,2020,2019,1,level\n",
            "targets.csv: row 2, column target_year",
            "not after base year",
        ),
        (
            "indicator,direction,base_year,target_year,target_value,measure\ngdp,increase,2020,2025,x,level\n",
            "targets.csv: row 2, column target_value",
            "not a number",
        ),
        (
            "indicator,direction,base_year,target_year,target_value,measure\n"
            "gdp,increase,2020,2025,1,level\ngdp,increase,2020,2025,2,level\n",
            "targets.csv: row 3, column indicator",
            "second row",
        ),
    ],
)
def test_assess_bad_targets(tmp_path: Path, targets: str, where: str, what: str) -> None:
    code, out, err = run(
        "assess",
        "--observations",
        write(tmp_path, "obs.csv", OBSERVATIONS),
        "--targets",
        write(tmp_path, "targets.csv", targets),
    )
    assert (code, out) == (2, "")
    assert where in err and what in err


@pytest.mark.parametrize(
    ("claims", "where", "what"),
    [
        ("indicator,start_year,end_year\n", "claims.csv: row 1, column claimed_rate", "missing column"),
        (
            "indicator,start_year,end_year,claimed_rate\ngdp,2018,2020,4.2%\n",
            "claims.csv: row 2, column claimed_rate",
            "not a number",
        ),
        (
            "indicator,start_year,end_year,claimed_rate\ngdp,2017,2020,4.2\n",
            "claims.csv: row 2, column start_year",
            "no figure of gdp for 2017",
        ),
        (
            "indicator,start_year,end_year,claimed_rate\ngdp,2020,2018,4.2\n",
            "claims.csv: row 2, column end_year",
            "not after start year",
        ),
    ],
)
def test_audit_bad_claims(tmp_path: Path, claims: str, where: str, what: str) -> None:
    code, out, err = run(
        "audit",
        "--observations",
        write(tmp_path, "obs.csv", OBSERVATIONS),
        "--claims",
        write(tmp_path, "claims.csv", claims),
    )
    assert (code, out) == (2, "")
    assert where in err and what in err


def test_audit_zero_level(tmp_path: Path) -> None:
    code, out, err = run(
        "audit",
        "--observations",
        write(tmp_path, "obs.csv", OBSERVATIONS.replace("4.9", "0.0")),
        "--claims",
        write(tmp_path, "claims.csv", CLAIMS),
    )
    assert (code, out) == (2, "")
    assert "obs.csv: row 7, column value" in err and "positive level" in err


def test_missing_files_and_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run("assess", "--observations", str(tmp_path / "nope.csv"), "--targets", str(tmp_path / "t.csv"))
    assert (code, out) == (2, "") and "nope.csv" in err
    code, out, err = run("assess", "--observations", write(tmp_path, "obs.csv", OBSERVATIONS))
    assert (code, out) == (2, "") and "--targets" in err
    # without file options, audit works on the database's plan: an empty database is a clear error
    monkeypatch.setenv("LUOSHI_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    code, out, err = run("audit")
    assert (code, out) == (1, "") and "luoshi init" in err  # the database is not ready: exit 1


def test_utf8_bom_and_chinese_indicator_names(tmp_path: Path) -> None:
    obs = write(tmp_path, "obs.csv", "\ufeffindicator,year,value\n地区生产总值,2018,394.5\n地区生产总值,2020,428.2\n")
    claims = write(tmp_path, "claims.csv", "indicator,start_year,end_year,claimed_rate\n地区生产总值,2018,2020,4.2\n")
    code, out, _ = run("audit", "--observations", obs, "--claims", claims, "--format", "json")
    assert code == 0 and json.loads(out)[0]["indicator"] == "地区生产总值"


def write_bytes(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("command", "option", "sheet"), [("assess", "--targets", TARGETS), ("audit", "--claims", CLAIMS)]
)
def test_gbk_and_bom_sheets_give_the_same_result(tmp_path: Path, command: str, option: str, sheet: str) -> None:
    chinese = {"gdp": "地区生产总值", "fai": "固定资产投资", "revenue": "一般公共预算收入", "jobless": "城镇登记失业率"}

    def named(text: str) -> str:
        for code, name in chinese.items():
            text = text.replace(f"\n{code},", f"\n{name},")
        return text

    obs, other = named(OBSERVATIONS), named(sheet)
    expected = run(command, "--observations", write(tmp_path, "obs.csv", obs), option, write(tmp_path, "o.csv", other))
    assert expected[0] == 0 and "地区生产总值" in expected[1], expected
    encodings = {"gbk": lambda t: t.encode("gbk"), "bom": lambda t: "\ufeff".encode() + t.encode("utf-8")}
    for name, encode in encodings.items():
        got = run(
            command,
            "--observations",
            write_bytes(tmp_path, f"obs-{name}.csv", encode(obs)),
            option,
            write_bytes(tmp_path, f"o-{name}.csv", encode(other)),
        )
        assert got[:2] == expected[:2], (name, got)
    gbk = str(tmp_path / "obs-gbk.csv")
    forced = run(command, "--observations", gbk, option, str(tmp_path / "o.csv"), "--encoding", "utf-8")
    assert forced[:2] == (2, ""), forced
    assert f"{gbk}:2" in forced[2] and "GBK" in forced[2] and "--encoding gbk" in forced[2]
    told = run(command, "--observations", gbk, option, str(tmp_path / "o-gbk.csv"), "--encoding", "gbk")
    assert told[:2] == expected[:2]


def test_a_file_in_neither_encoding_is_bad_input(tmp_path: Path) -> None:
    latin = write_bytes(tmp_path, "obs.csv", OBSERVATIONS.replace("gdp,2018", "café,2018").encode("latin-1"))
    code, out, err = run("assess", "--observations", latin, "--targets", write(tmp_path, "t.csv", TARGETS))
    assert (code, out) == (2, "") and f"{latin}:2" in err and "neither UTF-8 nor GBK" in err
    assert "--encoding" in err


def test_a_number_no_float_can_hold_is_bad_input(tmp_path: Path) -> None:
    huge = write(tmp_path, "huge.csv", OBSERVATIONS.replace("394.5", "1" + "0" * 400))
    code, out, err = run("assess", "--observations", huge, "--targets", write(tmp_path, "t.csv", TARGETS))
    assert (code, out) == (2, "") and "row 2, column value" in err and "not a finite number" in err


def _assessed() -> dict[str, dict[str, float | None]]:
    """The engine's own results for the sample sheets: what CSV and JSON must carry, digit for digit."""
    sheet = parse_observations(OBSERVATIONS, "obs.csv")
    prepared = series_for_assessment(sheet, parse_targets(TARGETS, "targets.csv"))
    return {
        code: {c: getattr(r, c) for c in ASSESS_COLUMNS[2:]}
        for code, r in zip(prepared.indicators, assess_many(prepared.series), strict=True)
    }


def test_assess_csv_and_json_carry_full_precision(tmp_path: Path) -> None:
    obs, targets = write(tmp_path, "obs.csv", OBSERVATIONS), write(tmp_path, "targets.csv", TARGETS)
    expected = _assessed()
    rate = expected["fai"]["observed_rate"]
    assert rate is not None and len(repr(rate)) > 12  # many digits: rounding would show
    code, out, _ = run("assess", "--observations", obs, "--targets", targets)
    assert code == 0
    for row in csv.DictReader(io.StringIO(out)):
        for column, value in expected[row["indicator"]].items():
            assert row[column] == ("" if value is None else repr(value)), (row["indicator"], column)
    code, out, _ = run("assess", "--observations", obs, "--targets", targets, "--format", "json")
    assert code == 0
    for item in json.loads(out):
        for column, value in expected[item["indicator"]].items():
            assert item[column] == value, (item["indicator"], column)
    # the table, for people, still rounds
    code, out, _ = run("assess", "--observations", obs, "--targets", targets, "--format", "table")
    assert code == 0 and repr(rate) not in out and f"{rate:.6g}" in out


def test_audit_csv_and_json_carry_full_precision(tmp_path: Path) -> None:
    obs, claims = write(tmp_path, "obs.csv", OBSERVATIONS), write(tmp_path, "claims.csv", CLAIMS)
    sheet = parse_observations(OBSERVATIONS, "obs.csv")
    checks = audit_claims(growth_claims(sheet, parse_claims(CLAIMS, "claims.csv"), "claims.csv"))
    expected = {c.claim.indicator: (c.computed_rate, c.low, c.high) for c in checks}
    assert len(repr(expected["gdp"][0])) > 12
    code, out, _ = run("audit", "--observations", obs, "--claims", claims)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["indicator"]: (float(r["computed_rate"]), float(r["low"]), float(r["high"])) for r in rows} == expected
    assert rows[0]["computed_rate"] == repr(expected["gdp"][0])
    code, out, _ = run("audit", "--observations", obs, "--claims", claims, "--format", "json")
    assert code == 0
    assert {r["indicator"]: (r["computed_rate"], r["low"], r["high"]) for r in json.loads(out)} == expected
    code, out, _ = run("audit", "--observations", obs, "--claims", claims, "--format", "table")
    assert code == 0 and repr(expected["gdp"][0]) not in out and str(round(expected["gdp"][0], 4)) in out
