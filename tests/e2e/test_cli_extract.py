"""``luoshi extract`` end to end, as a user runs it: a subprocess, real files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from luoshi.extract import FIELDS

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "src" / "luoshi" / "data" / "pingcheng" / "sources" / "001_9210089917e0ccd1.txt"


def luoshi(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "luoshi.cli.main", "extract", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )


def test_jsonl_records_point_into_the_file() -> None:
    result = luoshi(SEED, "--doc-year", "2021", "--region", "平城区")
    assert result.returncode == 0, result.stderr
    text = SEED.read_text(encoding="utf-8")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) >= 40
    for r in records:
        assert tuple(r) == FIELDS
        assert text[r["start"] : r["end"]] == r["text"]
        assert r["doc"] == SEED.name and r["region"] == "平城区"
    gdp = [r for r in records if r["indicator"] == "地区生产总值" and r["unit"] == "元"]
    assert [(r["value"], r["year"]) for r in gdp] == [(39450000000.0, 2018), (42820000000.0, 2020)]


def test_table_format() -> None:
    result = luoshi(SEED, "--doc-year", "2021", "--format", "table")
    assert result.returncode == 0, result.stderr
    assert "地区生产总值" in result.stdout and "4.2" in result.stdout


def test_several_files(tmp_path: Path) -> None:
    other = tmp_path / "b.txt"
    other.write_text("全区新建学校9所。", encoding="utf-8")
    result = luoshi(SEED, other)
    assert result.returncode == 0
    docs = {json.loads(line)["doc"] for line in result.stdout.splitlines()}
    assert docs == {SEED.name, "b.txt"}


def test_empty_file_is_bad_input(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = luoshi(empty)
    assert result.returncode == 2
    assert "empty" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_binary_file_is_bad_input(tmp_path: Path) -> None:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = luoshi(binary)
    assert result.returncode == 2
    assert "binary" in result.stderr and "Traceback" not in result.stderr


def test_gbk_file_is_detected_and_a_wrong_encoding_named(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.txt"
    text = "全区地区生产总值从2018年的394.5亿元增加到2020年的428.2亿元，年均增长4.2%。"
    gbk.write_bytes(text.encode("gbk"))
    for options in ((), ("--encoding", "gbk")):
        read = luoshi(gbk, *options, "--doc-year", "2021")
        assert read.returncode == 0, read.stderr
        records = [json.loads(line) for line in read.stdout.splitlines()]
        assert [r["value"] for r in records] == [39450000000.0, 42820000000.0, 4.2]
        assert all(text[r["start"] : r["end"]] == r["text"] for r in records)
    refused = luoshi(gbk, "--encoding", "utf-8")
    assert refused.returncode == 2 and refused.stdout == ""
    assert f"{gbk}:1" in refused.stderr and "GBK" in refused.stderr and "--encoding gbk" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_unknown_encoding_and_missing_file(tmp_path: Path) -> None:
    ok = tmp_path / "ok.txt"
    ok.write_text("新建学校9所。", encoding="utf-8")
    result = luoshi(ok, "--encoding", "no-such-codec")
    assert result.returncode == 2 and "unknown encoding" in result.stderr
    result = luoshi(tmp_path / "missing.txt")
    assert result.returncode == 2 and "no such file" in result.stderr


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_text("全区新建学校9所。" * 200_000, encoding="utf-8")  # about 5 MB
    result = luoshi(huge, "--max-mb", "1")
    assert result.returncode == 2
    assert "over the limit" in result.stderr and "Traceback" not in result.stderr


def test_text_without_figures_is_an_empty_result(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("坚持以人民为中心的发展思想。", encoding="utf-8")
    result = luoshi(plain)
    assert result.returncode == 0
    assert result.stdout == "" and "no figures" in result.stderr


def test_bad_doc_year_is_a_usage_error(tmp_path: Path) -> None:
    result = luoshi(SEED, "--doc-year", "20211")
    assert result.returncode == 2 and "Traceback" not in result.stderr
