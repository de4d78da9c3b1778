from __future__ import annotations

from luoshi.extract.periods import TimeKind, find_periods, plan_years


def years(text: str, doc_year: int | None = 2021) -> list[tuple[int | None, int | None, str]]:
    return [(r.year, r.start_year, r.kind.value) for r in find_periods(text, doc_year)]


def test_plan_periods() -> None:
    assert plan_years(13) == (2016, 2020)
    assert plan_years(14) == (2021, 2025)
    assert years("“十三五”时期") == [(2020, 2016, "span")]
    assert years("十四五规划") == [(2025, 2021, "span")]
    assert years("第十四个五年规划") == [(2025, 2021, "span")]
    assert years("增长十五个百分点") == []


def test_calendar_years_and_spans() -> None:
    assert years("2020年") == [(2020, None, "year")]
    assert years("二〇三五年远景目标") == [(2035, None, "year")]
    assert years("二○三五年") == [(2035, None, "year")]
    assert years("2016-2020年") == [(2020, 2016, "span")]
    assert years("2018年至2020年") == [(2020, 2018, "span")]
    assert years("上世纪90年代") == []


def test_relative_years_resolve_against_the_document_year() -> None:
    assert years("今年") == [(2021, None, "relative")]
    assert years("去年") == [(2020, None, "relative")]
    assert years("明年") == [(2022, None, "relative")]
    assert years("今年", None) == [(None, None, "relative")]
    assert years("五年来") == [(2020, 2016, "span")]
    assert years("过去三年") == [(2020, 2018, "span")]
    assert years("五年来", None) == [(None, None, "span")]
    assert years("目前") == [(2021, None, "present")]
    assert years("3月17日上午") == [(2021, None, "present")]


def test_comparison_bases_and_due_dates() -> None:
    refs = find_periods("比上年增长8.1%，较2019年提高", 2021)
    assert [r.kind for r in refs] == [TimeKind.COMPARISON, TimeKind.COMPARISON]
    (due,) = find_periods("确保到2025年", 2021)
    assert due.target and due.year == 2025
    refs = find_periods("从2018年的394.5亿元增加到2020年的428.2亿元", 2021)
    assert [(r.year, r.target) for r in refs] == [(2018, False), (2020, False)]


def test_came_to_is_not_years_since() -> None:
    assert years("2009年来到大同") == [(2009, None, "year")]
