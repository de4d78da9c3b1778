"""The statement rules on plain sentences, one rule per test."""

from __future__ import annotations

import time

from luoshi.domain.target import Comparator, Measure
from luoshi.extract import FIELDS, Modality, Statement, extract_statements


def run(text: str, doc_year: int | None = 2021, region: str | None = None) -> list[Statement]:
    found = extract_statements(text, doc="t.txt", doc_year=doc_year, region=region)
    for s in found:
        assert text[s.start : s.end] == s.text
    return found


def brief(s: Statement) -> tuple[object, ...]:
    return (
        s.indicator,
        s.modality.value,
        s.measure.value,
        s.value,
        s.unit,
        s.comparator.value,
        s.year,
        s.start_year,
        s.annualized,
    )


def test_record_has_exactly_the_issue_fields() -> None:
    (s,) = run("全区地区生产总值达到428.2亿元。", region="平城区")
    record = s.as_record()
    assert tuple(record) == FIELDS
    assert record["value"] == 42820000000.0 and record["unit"] == "元" and record["region"] == "平城区"
    assert record["text"] == "达到428.2亿元"


def test_from_to_with_annual_growth_gives_three_records() -> None:
    found = run("全区地区生产总值从2018年的394.5亿元增加到2020年的428.2亿元，年均增长4.2%；")
    assert [brief(s) for s in found] == [
        ("地区生产总值", "actual", "level", 39450000000.0, "元", "=", 2018, None, False),
        ("地区生产总值", "actual", "level", 42820000000.0, "元", "=", 2020, None, False),
        ("地区生产总值", "actual", "growth", 4.2, "%", "=", 2020, 2018, True),
    ]


def test_growth_following_a_level_inherits_its_indicator() -> None:
    level, growth = run("国内生产总值达到114万亿元，增长8.1%。")
    assert (level.indicator, level.value, level.measure) == ("国内生产总值", 1.14e14, Measure.LEVEL)
    assert (growth.indicator, growth.value, growth.measure) == ("国内生产总值", 8.1, Measure.GROWTH)


def test_a_fall_is_negative_growth() -> None:
    (s,) = run("单位国内生产总值能耗下降5.6%。")
    assert (s.measure, s.value) == (Measure.GROWTH, -5.6)


def test_percentage_points_and_chinese_percent() -> None:
    a, b = run("城镇化率比上年末提高1.2个百分点，研发投入强度达到百分之三点五。")
    assert (a.measure, a.value, a.unit) == (Measure.GROWTH, 1.2, "百分点")
    assert (b.indicator, b.measure, b.value, b.unit) == ("研发投入强度", Measure.LEVEL, 3.5, "%")


def test_chinese_numerals_and_multipliers() -> None:
    a, b, c = run("新建农村公路一千二百公里，新增就业1.2万余人，筹集资金5千万元。")
    assert (a.value, a.unit) == (1200.0, "公里")
    assert (b.value, b.unit, b.comparator) == (12000.0, "人", Comparator.GT)
    assert (c.value, c.unit) == (5e7, "元")


def test_approximate_and_bounded_figures() -> None:
    found = run(
        "整治安全隐患3000余个，建成便民市场10多个，服务近3000人，投资逾5亿元，失业率控制在4.5%以内，"
        "优良天数保持在300天以上，增长6%左右，收入超过2万元。"
    )
    assert [s.comparator.value for s in found] == [">", ">", "~", ">", "<=", ">=", "~", ">"]


def test_ranges_give_a_lower_and_an_upper_bound() -> None:
    low, high = run("“十四五”时期，地区生产总值年均增长6%—7%。")
    assert (low.value, low.comparator, high.value, high.comparator) == (6.0, Comparator.GE, 7.0, Comparator.LE)
    assert (low.year, low.start_year, low.annualized) == (2025, 2021, True)
    assert low.text == high.text == "6%—7%"


def test_respectively_lists_name_each_figure() -> None:
    found = run("第一产业、第二产业和第三产业增加值分别增长7.1%、8.2%和8.3%。")
    assert [(s.indicator, s.value, s.measure.value) for s in found] == [
        ("第一产业增加值", 7.1, "growth"),
        ("第二产业增加值", 8.2, "growth"),
        ("第三产业增加值", 8.3, "growth"),
    ]


def test_respectively_with_falls_keeps_the_sign() -> None:
    found = run("进口和出口分别下降3.1%和2.2%。")
    assert [(s.indicator, s.value) for s in found] == [("进口", -3.1), ("出口", -2.2)]


def test_plan_periods_give_spans() -> None:
    (s,) = run("“十三五”时期，城镇居民人均可支配收入年均增长7.04%。")
    assert (s.year, s.start_year, s.annualized, s.modality) == (2020, 2016, True, Modality.ACTUAL)


def test_target_cues_make_targets() -> None:
    found = run("确保到2025年，地区生产总值年均增长率达到8.5%以上，高新技术企业数量达到20家以上。")
    assert [brief(s) for s in found] == [
        ("地区生产总值", "target", "growth", 8.5, "%", ">=", 2025, 2021, True),
        ("高新技术企业数量", "target", "level", 20.0, "家", ">=", 2025, None, False),
    ]
    (s,) = run("今年发展主要预期目标是：城镇新增就业1100万人以上。", doc_year=2022)
    assert (s.modality, s.year, s.comparator) == (Modality.TARGET, 2022, Comparator.GE)
    (s,) = run("力争新增市场主体5000户。")
    assert s.modality is Modality.TARGET


def test_review_figures_are_actual_and_reached_is_equal() -> None:
    (s,) = run("2020年，全区绿化覆盖率达到43.73%。")
    assert (s.modality, s.comparator, s.year) == (Modality.ACTUAL, Comparator.EQ, 2020)


def test_relative_years_need_the_document_year() -> None:
    (s,) = run("去年全区一般公共预算收入9.2亿元。", doc_year=2021)
    assert s.year == 2020
    (s,) = run("去年全区一般公共预算收入9.2亿元。", doc_year=None)
    assert s.year is None
    (s,) = run("五年来，地区生产总值年均增长7.22%。", doc_year=2021)
    assert (s.year, s.start_year) == (2020, 2016)


def test_comparison_base_is_not_the_year_of_the_figure() -> None:
    (s,) = run("2021年，全年粮食产量1.37万亿斤，比2020年增加267亿斤。")[:1]
    assert s.year == 2021


def test_a_future_year_is_a_target() -> None:
    (s,) = run("2035年，人均地区生产总值达到15万元。", doc_year=2021)
    assert s.modality is Modality.TARGET


def test_ranks_sessions_list_numbers_and_dates_are_not_figures() -> None:
    text = (
        "平城区在全省117个县区中排名第六，位列全市第一。近日，平城区委一届七次全体会议召开。"
        "1.突出“四区”建设。三是聚焦改革开放。3月26日—28日举行第二次代表大会。"
        "对照9个“聚焦”找差距，实施六项行动，庆祝中国共产党成立100周年。"
        "16岁的王振翼，有着50多年办学经验，2009年来到大同。为了实现“最多跑一次”的目标。"
        "143个社区活动场所全部实现200平方米达标。代表们相聚在一起。"
    )
    assert [s.text for s in run(text)] == ["143个"]


def test_a_count_names_the_noun_after_its_classifier() -> None:
    found = run(
        "抽调20名责任心强、防控经验丰富的精干执法人员，建成西环路、安益街等10余个便民市场，120座公共空间投入使用。"
    )
    assert [s.indicator for s in found] == ["精干执法人员", "便民市场", "公共空间"]


def test_a_small_chinese_count_at_the_end_of_a_clause_counts() -> None:
    (s,) = run("自3月22日正式开播以来，已成功直播两次。")
    assert (s.value, s.unit, s.year) == (2.0, "次", 2021)


def test_heading_sets_the_period_of_its_section() -> None:
    text = "“十三五”成绩单\n\n全区新建、扩建学校9所。\n\n今年工作重点\n\n新建学校3所。"
    done, planned = run(text)
    assert (done.year, done.start_year, done.modality) == (2020, 2016, Modality.ACTUAL)
    assert (planned.year, planned.modality) == (2021, Modality.TARGET)


def test_region_prefixes_and_fillers_are_not_part_of_the_name() -> None:
    (s,) = run("全县累计减免各类税费3.17亿元。")
    assert s.indicator == "减免税费"
    (s,) = run("平城区有老年大学分校10所。", region="平城区")
    assert s.indicator == "老年大学分校"


def test_national_figures_get_the_nation_as_region() -> None:
    (s,) = run("全国财政收入突破20万亿元。")
    assert s.region == "全国"
    (s,) = run("全国财政收入突破20万亿元。", region="平城区")
    assert s.region == "平城区"


def test_offsets_point_into_the_text_as_read_across_repaired_line_breaks() -> None:
    text = "全区地区生产总值从2018年的394.5亿元增加到2020年的428.2亿元,年均增长\n\n4.2%;"
    found = run(text)
    assert [s.text for s in found][-1] == "4.2%"


def test_no_figures() -> None:
    assert run("") == []
    assert run("坚持以人民为中心的发展思想。\n\n一是聚焦产业转型。") == []


def test_a_share_after_a_level_is_named_after_it() -> None:
    _, share = run("其中税收收入62.1亿元，占比72.5%。")
    assert share.indicator == "税收收入占比"


def test_year_end_and_ocr_spaces() -> None:
    (s,) = run("2020年末全市常住人口为3,012万人。")
    assert (s.indicator, s.value, s.year) == ("常住人口", 30120000.0, 2020)
    (s,) = run("地区生产总值394.5 亿元。")
    assert (s.text, s.value) == ("394.5 亿元", 39450000000.0)


def test_numbered_sub_headings_keep_the_year_of_the_title() -> None:
    text = "2023年某县统计公报\n\n一、综合\n\n全年地区生产总值236.8亿元。\n\n二、投资\n\n固定资产投资增长8%。"
    assert [s.year for s in run(text, doc_year=2024)] == [2023, 2023]
    # on a newspaper page a headline starts a new article, whose figures have no year unless they say it
    text = "2023年全县统计工作会议召开\n\n文化搭桥 引领新风尚\n\n拥有学员1500余人。"
    assert [s.year for s in run(text, doc_year=2024)] == [None]
    # in a communiqué every part, numbered or not, is about the year of its title
    text = "2023年某县国民经济和社会发展统计公报\n\n农业\n\n粮食产量12.5万吨。"
    assert [s.year for s in run(text, doc_year=2024)] == [2023]


def test_respectively_after_levels_named_in_earlier_clauses() -> None:
    found = run("全年接待国内游客856.3万人次，实现旅游收入78.4亿元，分别增长12.6%和15.3%。")
    assert [(s.indicator, s.measure.value) for s in found[2:]] == [("接待国内游客", "growth"), ("旅游收入", "growth")]


def test_respectively_over_a_list_of_years() -> None:
    found = run("全县地区生产总值2021年、2022年分别增长5%和6%。")
    assert [(s.indicator, s.value, s.year) for s in found] == [("地区生产总值", 5.0, 2021), ("地区生产总值", 6.0, 2022)]
    found = run("2021年和2022年，粮食产量分别为12万吨和13万吨。")
    assert [(s.value, s.year) for s in found] == [(120000.0, 2021), (130000.0, 2022)]
    assert {s.indicator for s in found} == {"粮食产量"}


def test_respectively_items_share_the_head_of_the_last() -> None:
    found = run("城镇和农村居民人均可支配收入分别增长4.9%和7.1%，进口和出口分别下降3.1%和2.2%。")
    assert [s.indicator for s in found] == ["城镇居民人均可支配收入", "农村居民人均可支配收入", "进口", "出口"]


def test_absolute_changes_against_a_base_are_growth_in_the_unit_of_the_level() -> None:
    found = run("稻谷种植面积2895万公顷，减少50万公顷。城镇新增就业1244万人，比上年多增38万人。")
    assert [(s.indicator, s.measure.value, s.value, s.unit) for s in found] == [
        ("稻谷种植面积", "level", 28950000.0, "公顷"),
        ("稻谷种植面积", "growth", -500000.0, "公顷"),
        ("城镇新增就业", "level", 12440000.0, "人"),
        ("城镇新增就业", "growth", 380000.0, "人"),
    ]


def test_plan_headings_are_goals_but_news_headlines_are_not() -> None:
    text = "平城区实施乡村振兴战略成效显著\n\n目前已建成5G基站1200个。\n\n加快建设现代产业体系\n\n新建5G基站3000个。"
    assert [s.modality for s in run(text)] == [Modality.ACTUAL, Modality.TARGET]


def test_new_things_after_a_level_are_a_change_but_new_things_named_after_are_a_level() -> None:
    _, change = run("规模以上工业企业达到86家，新增12家。")
    assert (change.indicator, change.measure, change.value) == ("规模以上工业企业", Measure.GROWTH, 12.0)
    (s,) = run("新增600张养老床位。")
    assert (s.indicator, s.measure) == ("养老床位", Measure.LEVEL)


def test_windows_line_ends_keep_headings_and_offsets() -> None:
    text = "“十三五”成绩单\r\n\r\n全区新建、扩建学校9所。\r\n"
    (s,) = run(text)
    assert (s.text, s.year, s.start_year) == ("9所", 2020, 2016)


def test_a_ratio_clause_is_named_after_the_level_before_it() -> None:
    found = run("服务业增加值达到688238亿元，占国内生产总值的比重为54.6%。")
    assert found[-1].indicator == "服务业增加值占国内生产总值的比重"


def test_text_without_full_stops_stays_linear() -> None:
    small, large = "全区新建学校9所，" * 2000, "全区新建学校9所，" * 16000
    started = time.perf_counter()
    assert len(run(small)) == 2000
    middle = time.perf_counter()
    assert len(run(large)) == 16000
    ended = time.perf_counter()
    assert (ended - middle) < 20 * (middle - started) + 0.5  # 8 times the text, far from 64 times the time


def test_a_goal_already_reached_is_a_review() -> None:
    (s,) = run("2022年，圆满完成年度目标任务，地区生产总值增长6%，增速好于预期。", doc_year=2023)
    assert s.modality is Modality.ACTUAL
    (s,) = run("主要预期目标是：地区生产总值增长6%左右。")
    assert s.modality is Modality.TARGET
