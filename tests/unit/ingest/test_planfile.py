"""Plan files are validated completely before anything is written; errors name file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from luoshi.domain.errors import InvalidInput
from luoshi.ingest.planfile import parse_plan, read_plan_file

FIXTURES = Path(__file__).parents[2] / "fixtures" / "plans"

HEAD = """luoshi: plan/1
plan: {code: p, name: 规划, region: "1", start_year: 2021, end_year: 2025}
regions: [{code: "1", name: 区, level: district}]
"""


def problems(text: str) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        parse_plan(text, "plan.yaml", base_dir=FIXTURES)
    return [str(p) for p in caught.value.problems]


def test_mini_plan_reads() -> None:
    bundle = read_plan_file(FIXTURES / "mini.yaml")
    assert bundle.plan.code == "mini"
    assert [o.printed_value for o in bundle.observations["gdp"]] == ["394.5", "428.2", "4.2"]
    assert bundle.targets["gdp"][0].value == 8.5  # growth targets stay in percent
    assert bundle.targets["hightech"][0].value == 20


def test_goal_cycle_is_named() -> None:
    found = problems(
        HEAD
        + """goals:
  - {code: a, name: A, kind: pillar, parent: c}
  - {code: b, name: B, kind: pillar, parent: a}
  - {code: c, name: C, kind: pillar, parent: b}
"""
    )
    assert len(found) == 1 and "goal cycle" in found[0] and found[0].startswith("plan.yaml:5")


def test_duplicate_key_and_unknown_field_and_missing_field() -> None:
    assert problems(HEAD + "goals: []\ngoals: []\n") == ["plan.yaml:5: goals: duplicate key 'goals'"]
    found = problems(HEAD + "goals:\n  - {code: a, name: A, kind: pillar, colour: red}\n")
    assert found == ["plan.yaml:5: goals[0].colour: unknown field (see docs/plan-format.md)"]
    found = problems(HEAD + "goals:\n  - code: a\n    kind: pillar\n")
    assert found == ["plan.yaml:5: goals[0].name: required field is missing"]


def test_wrong_types_and_enums_name_the_line() -> None:
    found = problems(HEAD + "indicators:\n  - code: x\n    name: X\n    unit: 个\n    direction: upwards\n")
    assert len(found) == 1 and found[0].startswith("plan.yaml:8: indicators[0].direction:")
    found = problems(HEAD + "goals:\n  - {code: 'a b', name: A, kind: pillar}\n")
    assert found[0].startswith("plan.yaml:5: goals[0].code:")


def test_years_and_periods() -> None:
    found = problems(
        HEAD
        + """indicators:
  - code: x
    name: X
    unit: 个
    targets: [{value: 1, base_year: 2025, target_year: 2021}]
    observations: [{period: 2020Q5, value: 1}]
"""
    )
    assert any(
        "plan.yaml:8: indicators[0].targets[0].target_year: the target year 2021 is not after" in p for p in found
    )
    assert any("indicators[0].observations[0].period" in p for p in found)


def test_quotes_must_stand_in_the_document() -> None:
    text = (
        HEAD
        + """documents: [{code: r, title: R, file: report.txt}]
indicators:
  - code: x
    name: X
    unit: 亿元
    observations:
      - {period: 2018, value: 394.5, source: {document: r, quote: 394.5亿元, start: 3}}
      - {period: 2019, value: 1, source: {document: r, quote: 不存在的引文}}
      - {period: 2017, value: 1, source: {document: nowhere, quote: x}}
"""
    )
    found = problems(text)
    assert any("is not the quote '394.5亿元'; it occurs at 15" in p for p in found)
    assert any("does not occur in document 'r'" in p for p in found)
    assert any("unknown document 'nowhere'" in p for p in found)


def test_units_of_measure_must_fit_the_indicator() -> None:
    found = problems(
        HEAD
        + """indicators:
  - {code: x, name: X, unit: 亿元, observations: [{period: 2020, value: 3, unit: 家}]}
"""
    )
    assert found == [
        "plan.yaml:5: indicators[0].observations[0].unit: unit '家' does not measure the same "
        "thing as the indicator's '元'"
    ]


def test_gbk_and_bom_plan_files_read_like_utf8(tmp_path: Path) -> None:
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    (tmp_path / "report.txt").write_bytes((FIXTURES / "report.txt").read_text(encoding="utf-8").encode("gbk"))
    utf8 = read_plan_file(FIXTURES / "mini.yaml")
    for name, data in (("gbk.yaml", text.encode("gbk")), ("bom.yaml", "\ufeff".encode() + text.encode("utf-8"))):
        (tmp_path / name).write_bytes(data)
        assert read_plan_file(tmp_path / name) == utf8
    assert read_plan_file(tmp_path / "gbk.yaml", encoding="gb18030") == utf8
    with pytest.raises(InvalidInput) as caught:
        read_plan_file(tmp_path / "gbk.yaml", encoding="utf-8")
    [problem] = caught.value.problems
    assert str(problem.location) == f"{tmp_path / 'gbk.yaml'}:4"  # the line of the first byte that is not UTF-8
    assert "not utf-8 text; it reads as GBK" in problem.message and "--encoding gbk" in problem.message


def test_undecodable_and_empty_files(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(HEAD.encode("utf-8") + "# café au lait\n".encode("latin-1"))
    with pytest.raises(InvalidInput) as caught:
        read_plan_file(latin)
    assert "neither UTF-8 nor GBK" in str(caught.value) and f"{latin}:4" in str(caught.value)
    assert "--encoding" in str(caught.value)
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InvalidInput, match="the file is empty"):
        read_plan_file(empty)
    with pytest.raises(InvalidInput, match="cannot read the file"):
        read_plan_file(tmp_path / "missing.yaml")


DOCUMENT = HEAD + "documents:\n  - {code: d, title: 文件, file: %s}\n"


@pytest.mark.parametrize(
    "name",
    ["../../../../etc/passwd", "sub/../../outside.txt", "/etc/passwd", "link.txt", "linked/secret.txt"],
    ids=["dotdot", "dotdot-inside-first", "absolute", "symlink-file", "symlink-folder"],
)
def test_document_files_stay_in_the_plan_files_folder(tmp_path: Path, name: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("机密", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("机密", encoding="utf-8")
    folder = tmp_path / "plan"
    (folder / "sub").mkdir(parents=True)
    (folder / "link.txt").symlink_to(outside / "secret.txt")
    (folder / "linked").symlink_to(outside)
    plan = folder / "plan.yaml"
    plan.write_text(DOCUMENT % name, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_plan_file(plan)
    [problem] = caught.value.problems
    assert str(problem.location) == f"{plan}:5: documents[0].file"
    assert ("absolute path" if name.startswith("/") else "outside the plan file's folder") in problem.message


def test_document_files_inside_the_folder_are_fine(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("文件一", encoding="utf-8")
    (tmp_path / "b.txt").symlink_to(tmp_path / "sub" / "a.txt")  # a link that stays inside
    for name in ("sub/a.txt", "sub/../sub/a.txt", "b.txt"):
        (tmp_path / "plan.yaml").write_text(DOCUMENT % name, encoding="utf-8")
        assert read_plan_file(tmp_path / "plan.yaml").documents[0].text == "文件一"


def test_values_are_finite_numbers() -> None:
    found = problems(
        HEAD
        + """goals: [{code: g, name: G, kind: pillar, weight: .inf}]
indicators:
  - code: x
    name: X
    unit: 亿元
    targets:
      - {value: 1e400, target_year: 2025}
      - {measure: growth, value: .nan, base_year: 2020, target_year: 2024}
      - {value: 5, base_year: 2020, base_value: .inf, target_year: 2023}
    observations:
      - {period: 2020, value: -1e400}
      - {period: 2021, value: 1e305}
"""
    )
    assert found == [
        "plan.yaml:4: goals[0].weight: .inf is not a finite number",
        "plan.yaml:10: indicators[0].targets[0].value: 1e400 is not a finite number",
        "plan.yaml:11: indicators[0].targets[1].value: .nan is not a finite number",
        "plan.yaml:12: indicators[0].targets[2].base_value: .inf is not a finite number",
        "plan.yaml:14: indicators[0].observations[0].value: -1e400 is not a finite number",
        "plan.yaml:15: indicators[0].observations[1].value: 1e+305 亿元 is too large: it is no finite number of 元",
    ]


def test_format_marker_is_required() -> None:
    found = problems(HEAD.replace("plan/1", "plan/9"))
    assert found == ["plan.yaml:1: luoshi: the format marker must be `luoshi: plan/1` (got 'plan/9')"]
