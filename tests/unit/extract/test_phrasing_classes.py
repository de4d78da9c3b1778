"""More classes of phrasing from issue 12, each from a real sentence.

The sentences come from the development reports in tests/golden/texts (2017, 2018, 2020, 2021, 2023, never
the held-out ones), from the county texts written for luoshi, or are short county-style sentences written
for these tests in the phrasing such reports use.
"""

from __future__ import annotations

from luoshi.domain.target import Comparator, Measure
from luoshi.extract import Modality, Statement, extract_statements
from luoshi.extract.periods import TimeKind, find_periods


def run(text: str, doc_year: int | None = 2024, region: str | None = None) -> list[Statement]:
    found = extract_statements(text, doc="t.txt", doc_year=doc_year, region=region)
    for s in found:
        assert text[s.start : s.end] == s.text
    return found


def short(s: Statement) -> tuple[object, ...]:
    return s.indicator, s.modality.value, s.measure.value, s.value, s.unit, s.comparator.value, s.year


REPORT_2020 = "政府工作报告\n——2020年5月22日在第十三届全国人民代表大会第三次会议上\n"


# a stock said in passing is a fact of the present, whatever the section


def test_a_countrys_population_said_in_passing_is_an_actual_figure_of_the_documents_year() -> None:
    # gwr2020, in the review of 2019 and in the tasks of 2020
    text = (
        REPORT_2020 + "一、2019年和今年以来工作回顾\n"
        "对我们这样一个拥有14亿人口的发展中国家来说，能在较短时间内有效控制疫情，十分不易。\n"
        "二、今年发展主要目标和下一阶段工作总体部署\n"
        "14亿中国人的饭碗，我们有能力也务必牢牢端在自己手中。"
    )
    found = run(text, doc_year=2020)
    assert [short(s) for s in found] == [
        ("人口", "actual", "level", 1.4e9, "人", "=", 2020),
        ("人口", "actual", "level", 1.4e9, "人", "=", 2020),
    ]


def test_上亿_and_数以亿计_are_stocks_at_least_that_large_not_goals() -> None:
    # gwr2020, under a heading of tasks
    text = (
        REPORT_2020 + "三、加大宏观政策实施力度，着力稳企业保就业\n"
        "保障就业和民生，必须稳住上亿市场主体，尽力帮助企业渡过难关。"
        "我国包括零工在内的灵活就业人员数以亿计，今年对低收入人员实行社保费自愿缓缴政策。"
    )
    found = run(text, doc_year=2020)
    assert [(s.modality, s.value, s.unit, s.comparator, s.year) for s in found] == [
        (Modality.ACTUAL, 1e8, "户", Comparator.GE, 2020),
        (Modality.ACTUAL, 1e8, "人", Comparator.GE, 2020),
    ]
    assert "灵活就业人员" in found[1].indicator


# targets named only by the word for a target


def test_a_growth_target_named_only_as_a_target_is_the_regions_output_growth() -> None:
    # district_q3_2024 and gwr2021
    quarter = "下阶段，要紧盯全年目标任务，确保完成全年5.5%—6%的预期增长目标。"
    assert [(s.indicator, s.measure, s.value, s.comparator) for s in run(quarter, region="东城区")] == [
        ("地区生产总值", Measure.GROWTH, 5.5, Comparator.GE),
        ("地区生产总值", Measure.GROWTH, 6.0, Comparator.LE),
    ]
    report = (
        "政府工作报告\n二、2021年主要目标任务\n"
        "粮食产量保持在1.3万亿斤以上。经济增速是综合性指标，今年预期目标设定为6%以上，考虑了经济运行恢复情况。"
    )
    found = run(report, doc_year=2021, region="全国")
    assert short(found[1]) == ("国内生产总值", "target", "growth", 6.0, "%", ">=", 2021)


def test_a_figure_after_原定_is_the_plan_it_was_measured_against() -> None:
    # gwr2020: the 2019 plan for tax relief, exceeded
    text = REPORT_2020 + "一、2019年工作回顾\n减税降费2.36万亿元，超过原定的近2万亿元规模，制造业和小微企业受益最多。"
    found = run(text, doc_year=2020)
    assert [short(s) for s in found] == [
        ("减税降费", "actual", "level", 2.36e12, "元", "=", 2019),
        ("减税降费", "target", "level", 2e12, "元", "~", 2019),
    ]


# changes in words and their objects


def test_减半_is_a_change_of_minus_fifty_percent_of_what_is_halved_but_not_the_name_of_a_relief() -> None:
    # gwr2021 and gwr2017
    text = (
        "政府工作报告\n二、今年工作任务\n"
        "对小微企业和个体工商户年应纳税所得额不到100万元的部分，在现行优惠政策基础上，再减半征收所得税。"
        "扩大小微企业享受减半征收所得税优惠的范围。"
    )
    found = run(text, doc_year=2021)
    halved = [s for s in found if s.text == "减半"]
    assert [(s.indicator, s.measure, s.value, s.unit, s.modality) for s in halved] == [
        ("所得税", Measure.GROWTH, -50.0, "%", Modality.TARGET)
    ]


def test_a_rate_named_before_its_change_is_the_base_and_the_new_level_keeps_its_name() -> None:
    # ANNOTATION.md: "现行X…降至Y": X is actual, for the year before, Y the target
    text = "政府工作报告\n二、今年工作任务\n将制造业等行业现行16%的税率降至13%，将交通运输业等行业10%的税率降至9%。"
    found = run(text, doc_year=2019)
    assert [short(s) for s in found] == [
        ("制造业等行业税率", "actual", "level", 16.0, "%", "=", 2018),
        ("制造业等行业税率", "target", "level", 13.0, "%", "=", 2019),
        ("交通运输业等行业税率", "actual", "level", 10.0, "%", "=", 2018),
        ("交通运输业等行业税率", "target", "level", 9.0, "%", "=", 2019),
    ]


def test_items_of_equal_length_sharing_a_head_are_one_record_each() -> None:
    # gwr2018: "今年化学需氧量、氨氮排放量要下降2%"
    found = run("政府工作报告\n二、今年工作任务\n今年化学需氧量、氨氮排放量要下降2%。", doc_year=2018)
    assert [(s.indicator, s.value) for s in found] == [("化学需氧量排放量", -2.0), ("氨氮排放量", -2.0)]


# names, qualifiers and lists


def test_qualifiers_of_a_rate_are_not_its_name() -> None:
    text = "一般公共预算收入12.3亿元，同口径增长6.1%。规模以上工业增加值扣除价格因素后增长5.2%。"
    found = run(text)
    assert [(s.indicator, s.measure, s.value) for s in found] == [
        ("一般公共预算收入", Measure.LEVEL, 12.3e8),
        ("一般公共预算收入", Measure.GROWTH, 6.1),
        ("规模以上工业增加值", Measure.GROWTH, 5.2),
    ]


def test_unnamed_rates_after_as_many_named_levels_take_their_names_in_order() -> None:
    text = "城乡居民人均可支配收入分别达到41230元和20150元，增长4.9%和6.6%。"
    found = run(text)
    assert [(s.indicator, s.measure, s.value) for s in found] == [
        ("城镇居民人均可支配收入", Measure.LEVEL, 41230.0),
        ("农村居民人均可支配收入", Measure.LEVEL, 20150.0),
        ("城镇居民人均可支配收入", Measure.GROWTH, 4.9),
        ("农村居民人均可支配收入", Measure.GROWTH, 6.6),
    ]


def test_a_rate_after_only_a_period_is_the_same_rate_for_that_period() -> None:
    text = "某县2024年前三季度经济运行情况\n全县地区生产总值一季度增长3.2%，二季度4.1%。"
    found = run(text)
    assert [(s.indicator, s.measure, s.value, s.period) for s in found] == [
        ("地区生产总值", Measure.GROWTH, 3.2, "2024Q1"),
        ("地区生产总值", Measure.GROWTH, 4.1, "2024Q2"),
    ]


def test_a_ratio_printed_without_a_unit_is_in_times() -> None:
    # county_communique_2023 and county_work_report_2024
    found = run("2023年某县国民经济和社会发展统计公报\n一、综合\n城乡居民收入比为2.05，比上年缩小0.04。")
    assert [(s.indicator, s.measure, s.value, s.unit) for s in found] == [
        ("城乡居民收入比", Measure.LEVEL, 2.05, "倍"),
        ("城乡居民收入比", Measure.GROWTH, -0.04, "倍"),
    ]
    assert run("城乡居民收入比由2020年的2.15缩小到2.05。")[0].value == 2.15


def test_new_things_beside_their_total_named_with_总数_after_the_name() -> None:
    # county_work_report_2024: "力争新增规上工业企业15家以上，规上工业企业总数突破200家"
    text = "政府工作报告\n二、2024年工作安排\n力争新增规上工业企业15家以上，规上工业企业总数突破200家。"
    found = run(text)
    assert [(s.indicator, s.measure, s.value, s.comparator) for s in found] == [
        ("规上工业企业", Measure.GROWTH, 15.0, Comparator.GE),
        ("规上工业企业", Measure.LEVEL, 200.0, Comparator.GT),
    ]


def test_连续N年_is_a_duration_before_the_name_inherited() -> None:
    found = run("一、2023年工作回顾\n粮食产量达到185万吨，连续8年稳定在180万吨以上。")
    assert [(s.indicator, s.value, s.comparator) for s in found] == [
        ("粮食产量", 1.85e6, Comparator.EQ),
        ("粮食产量", 1.8e6, Comparator.GE),
    ]


# time


def test_a_policys_date_names_the_policy_not_the_period_of_the_figures_after_it() -> None:
    # gwr2020: "继续执行去年出台的…政策，新增减税降费约5000亿元" is a target for 2020
    text = (
        REPORT_2020 + "二、今年发展主要目标和下一阶段工作总体部署\n今年要优先稳就业保民生。\n"
        "三、加大宏观政策实施力度，着力稳企业保就业\n"
        "继续执行去年出台的下调增值税税率和企业养老保险费率政策，新增减税降费约5000亿元。"
    )
    found = run(text, doc_year=2020)
    assert [short(s) for s in found] == [("新增减税降费", "target", "level", 5e11, "元", "~", 2020)]
    assert [r.named for r in find_periods("继续执行去年出台的政策", 2020)] == [True]


def test_N年内_is_a_period_ahead_of_the_document() -> None:
    # county_work_report_2024: "力争三年内产值翻一番"
    refs = find_periods("力争三年内产值翻一番", 2024)
    assert [(r.kind, r.start_year, r.year) for r in refs] == [(TimeKind.SPAN, 2024, 2026)]
    found = run("政府工作报告\n二、2024年工作安排\n做大新能源电池产业，力争三年内产值翻一番。")
    assert [(s.measure, s.value, s.start_year, s.year) for s in found] == [(Measure.GROWTH, 100.0, 2024, 2026)]


def test_a_due_date_inside_a_clause_does_not_date_the_next_sentence() -> None:
    # county_work_report_2024
    text = (
        "政府工作报告\n二、2024年工作安排\n"
        "今年全县地区生产总值将达到350亿元左右，力争到“十四五”末突破370亿元。一般公共预算收入增长6%的目标，充分考虑了减税降费。"
    )
    found = run(text)
    assert [(s.value, s.year) for s in found] == [(350e8, 2024), (370e8, 2025), (6.0, 2024)]


def test_规模_after_a_change_is_the_size_reached_of_the_same_indicator() -> None:
    text = (
        "政府工作报告\n二、2022年经济社会发展总体要求和政策取向\n"
        "中央对地方转移支付增加约1.5万亿元、规模近9.8万亿元，增长18%，为多年来最大增幅。"
    )
    found = run(text, doc_year=2022)
    assert [(s.indicator, s.measure, s.value) for s in found] == [
        ("中央对地方转移支付", Measure.GROWTH, 1.5e12),
        ("中央对地方转移支付", Measure.LEVEL, 9.8e12),
        ("中央对地方转移支付", Measure.GROWTH, 18.0),
    ]


def test_提高幅度_is_a_change_of_what_the_clause_before_raises() -> None:
    text = "政府工作报告\n二、今年工作任务\n继续提高退休人员基本养老金和城乡居民基础养老金最低标准，提高幅度为4%左右。"
    found = run(text, doc_year=2022)
    assert [(s.indicator, s.measure, s.value, s.comparator) for s in found] == [
        ("退休人员基本养老金和城乡居民基础养老金最低标准", Measure.GROWTH, 4.0, Comparator.APPROX)
    ]


def test_a_span_of_years_said_of_one_figure_does_not_date_the_next_sentences() -> None:
    # a five-year review (gwr2023's phrasing): "十年增加近70万亿元" is ten years for that figure only
    text = (
        "政府工作报告\n一、过去一年和五年工作回顾\n"
        "过去五年，经济实力明显跃升。国内生产总值增加到121万亿元，十年增加近70万亿元。贫困发生率下降到1.7%。\n"
        "全年粮食产量1.37万亿斤。"
    )
    found = run(text, doc_year=2023)
    assert [(s.value, s.start_year, s.year) for s in found] == [
        (121e12, 2018, 2022),
        (70e12, 2013, 2022),
        (1.7, 2018, 2022),
        (1.37e12, None, 2022),  # 全年: the last year of the review, not the five
    ]


# OCR'd columns


def test_a_byline_set_inside_a_sentence_is_left_out_of_it() -> None:
    text = (
        "平城区2020年经济运行情况\n\n全区地区生\n\n产总值完成461.09\n\n亿元，同比增长4.2\n\n%，其中第三产业增加值\n\n"
        "本报记者 张三\n\n占比达到56.7%。全区固定资产投\n\n资增长8.1%。"
    )
    found = run(text, doc_year=2021)
    assert [(s.indicator, s.value, s.year) for s in found] == [
        ("地区生产总值", 461.09e8, 2020),
        ("地区生产总值", 4.2, 2020),
        ("第三产业增加值占比", 56.7, 2020),
        ("固定资产投资", 8.1, 2020),  # the byline is no heading: the headline's year still holds
    ]


def test_what_a_base_is_measured_in_and_an_amount_per_month_are_no_part_of_the_name() -> None:
    text = (
        "政府工作报告\n二、今年政府工作任务\n"
        "拟发行超长期特别国债1万亿元。小规模纳税人增值税起征点从月销售额3万元提高到10万元。"
        "个人所得税基本减除费用标准提高到每月5000元。"
    )
    found = run(text, doc_year=2019)
    assert [short(s) for s in found] == [
        ("超长期特别国债", "target", "level", 1e12, "元", "=", 2019),
        ("小规模纳税人增值税起征点", "actual", "level", 3e4, "元", "=", 2018),
        ("小规模纳税人增值税起征点", "target", "level", 1e5, "元", "=", 2019),
        ("个人所得税基本减除费用标准", "target", "level", 5000.0, "元", "=", 2019),
    ]


def test_hundreds_of_millions_of_people_among_the_tasks_are_a_stock_not_a_goal() -> None:
    # gwr2020: "全国近3亿人领取养老金，必须确保按时足额发放"
    text = "政府工作报告\n二、今年工作任务\n提高中央调剂比例。全国近3亿人领取养老金，必须确保按时足额发放。"
    found = run(text, doc_year=2020)
    assert [(s.modality, s.value, s.comparator, s.year) for s in found] == [
        (Modality.ACTUAL, 3e8, Comparator.APPROX, 2020)
    ]
    # a target of that size keeps its cue
    goal = run("政府工作报告\n二、今年工作任务\n力争基本养老保险参保人数达到10.5亿人。", doc_year=2020)
    assert goal[0].modality is Modality.TARGET


def test_下调_and_上调_are_changes_of_what_they_adjust() -> None:
    text = "一、2023年工作回顾\n下调工商业电价10%。全县一般工商业电价平均下调5%。城乡低保标准上调8%。"
    found = run(text)
    assert [(s.indicator, s.measure, s.value) for s in found] == [
        ("工商业电价", Measure.GROWTH, -10.0),
        ("一般工商业电价", Measure.GROWTH, -5.0),
        ("城乡低保标准", Measure.GROWTH, 8.0),
    ]


def test_new_things_before_a_cumulative_total_with_no_name() -> None:
    found = run("一、2023年工作回顾\n全县新增省级专精特新企业8家，累计达到35家。")
    assert [(s.indicator, s.measure, s.value) for s in found] == [
        ("省级专精特新企业", Measure.GROWTH, 8.0),
        ("省级专精特新企业", Measure.LEVEL, 35.0),
    ]


def test_a_growth_target_with_no_name_but_提出_is_the_regions_output() -> None:
    text = "某县人民政府工作报告\n二、2024年主要目标\n提出增长6%左右的预期目标，主要考虑了稳就业的需要。"
    assert [short(s) for s in run(text)] == [("地区生产总值", "target", "growth", 6.0, "%", "~", 2024)]


def test_a_change_to_a_level_with_为_and_names_beginning_with_有效() -> None:
    text = "一、2023年工作回顾\n审批时限压缩为5个工作日。全市有效发明专利拥有量增加了1.5倍。"
    found = run(text)
    assert [(s.indicator, s.measure, s.value, s.unit) for s in found] == [
        ("审批时限", Measure.LEVEL, 5.0, "工作日"),
        ("有效发明专利拥有量", Measure.GROWTH, 150.0, "%"),
    ]


def test_groups_of_people_counted_without_a_classifier_are_people() -> None:
    found = run("我国有4亿多中等收入群体，1.2亿农民工。")
    assert [(s.indicator, s.value, s.unit, s.comparator) for s in found] == [
        ("中等收入群体", 4e8, "人", Comparator.GT),
        ("农民工", 1.2e8, "人", Comparator.EQ),
    ]


def test_a_share_opening_its_clause_is_a_figure_but_a_threshold_of_a_class_is_not() -> None:
    # gwr2023: "加快数字政府建设，90%以上的政务服务实现网上可办"
    text = (
        "一、2022年工作回顾\n加快数字政府建设，90%以上的政务服务实现网上可办。年营业收入2000万元以上的工业企业增长10%。"
    )
    found = run(text, doc_year=2023)
    assert [(s.indicator, s.value, s.unit, s.comparator) for s in found] == [
        ("政务服务", 90.0, "%", Comparator.GE),
        ("年营业收入2000万元以上的工业企业", 10.0, "%", Comparator.EQ),
    ]


def test_transport_work_and_temperature_keep_their_units() -> None:
    text = (
        "2023年某区国民经济和社会发展统计公报\n三、交通邮电\n"
        "旅客周转量8.6亿人公里，增长52.3%；货物周转量12.5亿吨公里。全年平均气温14.2℃。"
    )
    found = run(text)
    assert [(s.indicator, s.value, s.unit) for s in found] == [
        ("旅客周转量", 8.6e8, "人公里"),
        ("旅客周转量", 52.3, "%"),
        ("货物周转量", 12.5e8, "吨公里"),
        ("平均气温", 14.2, "℃"),
    ]


def test_round_amounts_without_digits_after_近_约_惠及() -> None:
    text = "一、2022年工作回顾\n改造城镇老旧小区5.6万个，惠及近千万家庭。全年接待游客近百万人次。"
    found = run(text, doc_year=2023)
    assert [(s.indicator, s.value, s.unit, s.comparator) for s in found] == [
        ("改造城镇老旧小区", 5.6e4, "个", Comparator.EQ),
        ("家庭", 1e7, "户", Comparator.APPROX),
        ("接待游客", 1e6, "人次", Comparator.APPROX),
    ]


def test_half_in_words_and_the_things_it_is_a_share_of() -> None:
    text = "一、2023年工作回顾\n民营经济增加值占比过半。近半数行政村建成示范村。超过一半的行政村实现污水治理。"
    found = run(text)
    assert [(s.indicator, s.value, s.unit, s.comparator) for s in found] == [
        ("民营经济增加值占比", 50.0, "%", Comparator.GT),
        ("行政村", 50.0, "%", Comparator.APPROX),
        ("行政村", 50.0, "%", Comparator.GT),
    ]


def test_a_verb_between_a_subject_and_what_it_achieved_is_no_part_of_the_name() -> None:
    found = run("一、2023年工作回顾\n全区规上工业企业实现产值428亿元，同比增长9.3%。")
    assert [(s.indicator, s.measure) for s in found] == [
        ("规上工业企业产值", Measure.LEVEL),
        ("规上工业企业产值", Measure.GROWTH),
    ]


def test_month_ends_quarters_to_date_and_the_year_so_far_in_a_release() -> None:
    assert [r.sub for r in find_periods("截至6月末，一至三季度，1—11月", 2024)] == ["M06", "YTD09", "YTD11"]
    text = "某县2024年上半年经济运行简况\n截至6月末，金融机构存款余额356.2亿元。今年以来，全县新增市场主体3200户。"
    assert [s.period for s in run(text)] == ["2024M06", "2024H1"]  # 今年以来 in a half-year release


def test_items_listed_with_等_before_均_are_each_a_record() -> None:
    # gwr2021
    text = "政府工作报告\n二、今年工作任务\n其中均衡性转移支付、县级基本财力保障机制奖补资金等增幅均超过10%。"
    found = run(text, doc_year=2021)
    assert [(s.indicator, s.measure, s.value, s.comparator) for s in found] == [
        ("均衡性转移支付", Measure.GROWTH, 10.0, Comparator.GT),
        ("县级基本财力保障机制奖补资金", Measure.GROWTH, 10.0, Comparator.GT),
    ]


def test_names_keep_the_quotes_of_the_text_and_共建_its_共() -> None:
    # county_communique_2023: "对共建“一带一路”国家进出口14.26亿元"
    found = run("一、2023年工作回顾\n对共建“一带一路”国家进出口14.26亿元。共享单车投放量2000辆。")
    assert [s.indicator for s in found] == ["共建“一带一路”国家进出口", "共享单车投放量"]


def test_收窄至_and_下调至_reach_a_level() -> None:
    found = run("一、2023年工作回顾\n规上工业企业亏损面收窄至8.5%。贷款利率下调至3.45%。")
    assert [(s.indicator, s.measure, s.value) for s in found] == [
        ("规上工业企业亏损面", Measure.LEVEL, 8.5),
        ("贷款利率", Measure.LEVEL, 3.45),
    ]


def test_a_time_after_an_address_opens_a_part_of_a_report_without_headings() -> None:
    text = (
        "某县政府工作报告\n各位代表：\n过去的一年，全县地区生产总值增长5.5%。\n"
        "一年来，我们新建学校5所。\n"
        "各位代表！今年是实施“十四五”规划的关键一年。今年的主要预期目标是：地区生产总值增长6%左右。\n"
        "围绕上述目标，重点抓好以下工作：新增养老床位300张。"
    )
    found = run(text)
    assert [(s.indicator, s.modality.value, s.year) for s in found] == [
        ("地区生产总值", "actual", 2023),
        ("新建学校", "actual", 2023),
        ("地区生产总值", "target", 2024),
        ("新增养老床位", "target", 2024),
    ]


def test_a_population_scale_goal_with_a_due_date_stays_a_goal() -> None:
    text = "某县国民经济和社会发展第十四个五年规划纲要\n二、主要目标\n到2025年，基本养老保险参保人数达到10.5亿人。"
    assert [s.modality for s in run(text, doc_year=2021)] == [Modality.TARGET]  # its due date says so


def test_what_will_be_done_and_a_planned_amount_in_news_are_targets() -> None:
    text = (
        "某区召开2024年经济工作会议\n3月12日，某区召开经济工作会议。"
        "今年全区将实施重点项目150个，年度计划投资280亿元。\n"
        "截至目前，全区已累计培育国家级高新技术企业126家，较去年底净增21家。"
    )
    found = run(text)
    assert [(s.indicator, s.modality.value, s.measure.value, s.value) for s in found] == [
        ("实施重点项目", "target", "level", 150.0),
        ("年度计划投资", "target", "level", 280e8),
        ("培育国家级高新技术企业", "actual", "level", 126.0),
        ("培育国家级高新技术企业", "actual", "growth", 21.0),  # 较去年底净增: a change of the count
    ]


def test_the_years_of_a_changes_ends_date_only_that_change() -> None:
    text = (
        "某县人民政府工作报告\n一、过去五年工作回顾\n"
        "五年来，全县地区生产总值由2016年的156亿元增加到2021年的232亿元。累计完成固定资产投资860亿元。"
    )
    found = run(text, doc_year=2022)
    assert [(s.value, s.start_year, s.year) for s in found] == [
        (156e8, None, 2016),
        (232e8, None, 2021),
        (860e8, 2017, 2021),  # the five years of the review, not the end of the change before
    ]
