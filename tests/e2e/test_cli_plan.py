"""The ``luoshi`` command end to end, as a separate process on a real database."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

LUOSHI = [sys.executable, "-m", "luoshi.cli.main"]


def run(args: list[str], url: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LUOSHI_DATABASE_URL": url, "COLUMNS": "200"}
    return subprocess.run(
        [*LUOSHI, *args], env=env, cwd=cwd, capture_output=True, text=True, input=stdin, timeout=300, check=False
    )


def test_init_load_show_export(database_url: str, tmp_path: Path, mini_plan: Path) -> None:
    assert run(["plan", "show"], database_url, tmp_path).returncode == 1  # no schema yet: unavailable, not bad input
    init = run(["init"], database_url, tmp_path)
    assert init.returncode == 0, init.stderr
    assert "schema created" in init.stdout
    first = run(["plan", "load", str(mini_plan)], database_url, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "created" in first.stdout
    again = run(["plan", "load", str(mini_plan)], database_url, tmp_path)
    assert again.returncode == 0 and "nothing changed" in again.stdout
    show = run(["plan", "show"], database_url, tmp_path)
    assert show.returncode == 0, show.stderr
    assert "现代服务集聚区" in show.stdout and "地区生产总值" in show.stdout and "示例区发展和改革局" in show.stdout
    exported = run(["plan", "export", "--format", "json"], database_url, tmp_path)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    gdp = next(i for i in data["indicators"] if i["code"] == "gdp")
    assert {o["period"]: o["value"] for o in gdp["observations"]}["2020"] == 4.282e10


BAD_EDITS = {
    "malformed": lambda t: t.replace("value: 394.5", "value: [394.5"),
    "unknown_unit": lambda t: t.replace("unit: 家", "unit: 斤斤"),
    "target_before_base": lambda t: t.replace("base_year: 2020", "base_year: 2030"),
    "cycle": lambda t: t.replace(
        "      - {code: P2, name: 创新生态试验区, kind: positioning}",
        "      - {code: P2, name: 创新生态试验区, kind: positioning}\n"
        "  - {code: X, name: 甲, kind: measure, parent: Y}\n"
        "  - {code: Y, name: 乙, kind: measure, parent: X}",
    ),
    "duplicate_code": lambda t: t.replace("code: hightech", "code: gdp"),
}


@pytest.mark.parametrize("case", [*BAD_EDITS, "not_text"])
def test_bad_plan_file_exits_2_and_writes_nothing(case: str, tmp_path: Path, mini_plan: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert run(["init"], url, tmp_path).returncode == 0
    backup_before = tmp_path / "before.json"
    assert run(["backup", str(backup_before)], url, tmp_path).returncode == 0
    shutil.copy(mini_plan.with_name("report.txt"), tmp_path / "report.txt")
    bad = tmp_path / "bad.yaml"
    text = mini_plan.read_text(encoding="utf-8")
    if case == "not_text":  # neither UTF-8 nor GBK
        bad.write_bytes(text.encode("utf-8") + "# café au lait\n".encode("latin-1"))
    else:
        bad.write_text(BAD_EDITS[case](text), encoding="utf-8")
    result = run(["plan", "load", str(bad)], url, tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert str(bad) in result.stderr and "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    backup_after = tmp_path / "after.json"
    assert run(["backup", str(backup_after)], url, tmp_path).returncode == 0
    tables = lambda p: json.loads(p.read_text(encoding="utf-8"))["tables"]  # noqa: E731
    assert tables(backup_after) == tables(backup_before)


#: plan-file edits refused on every database: (edit, the line and field named, words of the message)
REFUSED_EDITS = {
    "dotdot": ("file: report.txt", "file: ../../../../etc/passwd", ":17: documents[0].file", "outside"),
    "absolute": ("file: report.txt", "file: /etc/passwd", ":17: documents[0].file", "absolute path"),
    "symlink": ("file: report.txt", "file: passwd.txt", ":17: documents[0].file", "outside"),
    "infinite": ("value: 428.2", "value: 1e400", ":55: indicators[0].observations[1].value", "not a finite number"),
}


@pytest.mark.parametrize("case", REFUSED_EDITS)
def test_plan_files_stay_in_their_folder_and_values_finite(
    case: str, database_url: str, tmp_path: Path, mini_plan: Path
) -> None:
    assert run(["init"], database_url, tmp_path).returncode == 0
    before = tmp_path / "before.json"
    assert run(["backup", str(before)], database_url, tmp_path).returncode == 0
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(mini_plan.with_name("report.txt"), folder / "report.txt")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    old, new, where, words = REFUSED_EDITS[case]
    bad = folder / "bad.yaml"
    bad.write_text(mini_plan.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = run(["plan", "load", str(bad)], database_url, tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{bad}{where}" in result.stderr and words in result.stderr, result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    after = tmp_path / "after.json"
    assert run(["backup", str(after)], database_url, tmp_path).returncode == 0
    tables = lambda p: json.loads(p.read_text(encoding="utf-8"))["tables"]  # noqa: E731
    assert tables(after) == tables(before)


def test_gbk_plan_files_load_and_the_encoding_can_be_forced(tmp_path: Path, mini_plan: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert run(["init"], url, tmp_path).returncode == 0
    (tmp_path / "report.txt").write_bytes(mini_plan.with_name("report.txt").read_text(encoding="utf-8").encode("gbk"))
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes(mini_plan.read_text(encoding="utf-8").encode("gbk"))
    forced = run(["plan", "load", str(gbk), "--encoding", "utf-8"], url, tmp_path)
    assert forced.returncode == 2 and f"{gbk}:4" in forced.stderr and "--encoding gbk" in forced.stderr
    assert "Traceback" not in forced.stderr
    loaded = run(["plan", "load", str(gbk)], url, tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    exported = json.loads(run(["plan", "export"], url, tmp_path).stdout)
    assert exported["plan"]["name"] == "示例区十四五规划"
    again = run(["plan", "load", str(mini_plan)], url, tmp_path)  # the same plan in UTF-8: nothing to change
    assert again.returncode == 0 and "nothing changed" in again.stdout, again.stdout + again.stderr


def test_restore_refuses_infinity_and_reads_a_byte_order_mark(
    database_url: str, tmp_path: Path, mini_plan: Path
) -> None:
    assert run(["init"], database_url, tmp_path).returncode == 0
    assert run(["plan", "load", str(mini_plan)], database_url, tmp_path).returncode == 0
    saved = tmp_path / "backup.json"
    assert run(["backup", str(saved)], database_url, tmp_path).returncode == 0
    text = saved.read_text(encoding="utf-8")
    assert "Infinity" not in text and "NaN" not in text
    bom = tmp_path / "bom.json"
    bom.write_bytes("\ufeff".encode() + text.encode("utf-8"))
    assert run(["restore", str(bom), "--yes"], database_url, tmp_path).returncode == 0
    export = lambda: json.loads(run(["plan", "export"], database_url, tmp_path).stdout)  # noqa: E731
    before = export()
    document = json.loads(text)
    observations = document["tables"]["observations"]
    observations["rows"][1][observations["columns"].index("value")] = "BAD"
    for bad_value in ("Infinity", "-Infinity", "NaN", "1e400"):
        broken = tmp_path / "broken.json"
        broken.write_text(json.dumps(document, ensure_ascii=False).replace('"BAD"', bad_value), encoding="utf-8")
        refused = run(["restore", str(broken), "--yes"], database_url, tmp_path)
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert str(broken) in refused.stderr and "tables.observations.rows[1].value" in refused.stderr
        assert "not a finite number" in refused.stderr and "Traceback" not in refused.stderr
    latin = tmp_path / "latin.json"
    latin.write_bytes(text.encode("utf-8").replace(b'"mini"', '"café"'.encode("latin-1"), 1))
    refused = run(["restore", str(latin), "--yes"], database_url, tmp_path)
    assert refused.returncode == 2 and "--encoding" in refused.stderr and "Traceback" not in refused.stderr
    assert export() == before


def test_backup_and_restore(tmp_path: Path, mini_plan: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    run(["init"], url, tmp_path)
    run(["plan", "load", str(mini_plan)], url, tmp_path)
    saved = tmp_path / "backup.json.gz"
    result = run(["backup", str(saved)], url, tmp_path)
    assert result.returncode == 0, result.stderr
    other = f"sqlite:///{tmp_path / 'b.sqlite'}"
    run(["init"], other, tmp_path)
    restored = run(["restore", str(saved), "--yes"], other, tmp_path)
    assert restored.returncode == 0, restored.stderr
    export = lambda u: json.loads(run(["plan", "export"], u, tmp_path).stdout)  # noqa: E731
    assert export(other) == export(url)
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{}", encoding="utf-8")
    refused = run(["restore", str(garbage), "--yes"], other, tmp_path)
    assert refused.returncode == 2 and "not a luoshi backup" in refused.stderr
    assert export(other) == export(url)


def test_bad_database_url_is_refused(tmp_path: Path) -> None:
    result = run(["init"], "mysql://x@localhost/y", tmp_path)
    assert result.returncode == 2 and "not supported" in result.stderr


def test_assess_and_audit_on_the_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    init = run(["init", "--demo", "--no-simulation"], url, tmp_path)
    assert init.returncode == 0, init.stderr
    assert "reporter" in init.stdout and "luoshi-demo" in init.stdout  # the demo accounts are printed
    audit = run(["audit"], url, tmp_path)
    assert audit.returncode == 0, audit.stderr
    lines = audit.stdout.splitlines()
    assert lines[0].startswith("indicator,start_year,end_year,claimed_rate,computed_rate,low,high,verdict")
    assert any(line.startswith("budget-revenue,2018,2020,36.6,") and "within_rounding" in line for line in lines)
    # CSV and JSON carry the same full-precision floats (only the table rounds)
    claims = {
        (c["indicator"], str(c["start_year"]), str(c["end_year"])): c
        for c in json.loads(run(["audit", "--format", "json"], url, tmp_path).stdout)["claims"]
    }
    rows = list(csv.DictReader(io.StringIO(audit.stdout)))
    assert len(rows) == len(claims) > 0
    for row in rows:
        claim = claims[(row["indicator"], row["start_year"], row["end_year"])]
        for column in ("computed_rate", "low", "high"):
            assert row[column] == repr(claim[column]), (row["indicator"], column)
    assess = run(["assess", "--format", "json"], url, tmp_path)
    data = json.loads(assess.stdout)
    assert {i["status"] for i in data["indicators"]} == {"insufficient_data"}
    half = run(["assess", "--observations", "obs.csv"], url, tmp_path)
    assert half.returncode == 2 and "--targets" in half.stderr


def test_an_unreachable_database_is_exit_1_with_a_message(tmp_path: Path) -> None:
    result = run(["plan", "show"], "postgresql+psycopg://nobody@127.0.0.1:1/none", tmp_path)
    assert result.returncode == 1, result.stderr
    assert "cannot be reached" in result.stderr and "Traceback" not in result.stderr


def test_gap_list(database_url: str, tmp_path: Path, mini_plan: Path) -> None:
    assert run(["init"], database_url, tmp_path).returncode == 0
    assert run(["plan", "load", str(mini_plan)], database_url, tmp_path).returncode == 0
    table = run(["plan", "gaps"], database_url, tmp_path)
    assert table.returncode == 0, table.stderr
    for words in ("对照找差距", "现状值", "完成率", "序时进度", "今后需年均", "地区生产总值"):
        assert words in table.stdout, words
    text = run(["plan", "gaps", "--format", "csv", "--sort", "-gap"], database_url, tmp_path)
    assert text.returncode == 0, text.stderr
    rows = list(csv.DictReader(io.StringIO(text.stdout)))
    assert rows and {"指标代码", "差距", "差距（显示）", "完成率", "序时进度"} <= set(rows[0])
    gdp = next(r for r in rows if r["指标代码"] == "gdp")
    assert gdp["现状（显示）"] == "2020年 428.2 亿元" and gdp["目标表述"] == "2021—2025年年均增长 8.5%以上"
    book = tmp_path / "gaps.xlsx"
    wrote = run(["plan", "gaps", "--format", "xlsx", "-o", str(book)], database_url, tmp_path)
    assert wrote.returncode == 0 and book.read_bytes()[:2] == b"PK"  # a zip: the workbook
    assert run(["plan", "gaps", "--format", "xlsx"], database_url, tmp_path).returncode == 2
    assert run(["plan", "gaps", "--sort", "price"], database_url, tmp_path).returncode == 2
