"""Classes of phrasing found on the "fresh" gold set (tests/golden/texts/fresh_*.txt), each from a sentence of it.

The fresh texts (a district work report and a county statistical communiqué) were annotated before the
extractor was run on them; each class below is one kind of phrasing the extractor got wrong there, fixed by
a rule meant to hold in any county's or district's text. Counter-examples come from the development texts.
"""

from __future__ import annotations

from luoshi.extract import Statement, extract_statements


def run(text: str, doc_year: int | None = 2024, region: str | None = "南湖区") -> list[Statement]:
    found = extract_statements(text, doc="t.txt", doc_year=doc_year, region=region)
    for s in found:
        assert text[s.start : s.end] == s.text
    return found


def short(s: Statement) -> tuple[object, ...]:
    return s.indicator, s.modality.value, s.measure.value, s.value, s.unit, s.comparator.value


REVIEW = "南湖区人民政府工作报告\n一、2023年工作回顾\n"
TASKS = "南湖区人民政府工作报告\n二、2024年主要目标任务\n"


# 净增 (a net increase) is a change of the count, before or after the name of what it counts


def test_a_net_increase_after_its_name_is_a_change_and_the_total_after_it_a_level() -> None:
    found = run(REVIEW + "高新技术企业净增37家，达到318家。")
    assert [short(s) for s in found] == [
        ("高新技术企业", "actual", "growth", 37.0, "家", "="),
        ("高新技术企业", "actual", "level", 318.0, "家", "="),
    ]
    assert {s.year for s in found} == {2023}


def test_a_net_increase_before_its_name_is_a_change_of_what_it_names() -> None:
    found = run(TASKS + "力争净增规上工业企业20家以上，高新技术企业总数突破350家。")
    assert [short(s) for s in found] == [
        ("规上工业企业", "target", "growth", 20.0, "家", ">="),
        ("高新技术企业总数", "target", "level", 350.0, "家", ">"),
    ]


def test_a_net_increase_followed_by_a_total_names_the_total_too() -> None:
    # county_work_report_2024
    found = run(REVIEW + "净增规上工业企业12家，总数达到186家。", region="清河县")
    assert [short(s) for s in found] == [
        ("规上工业企业", "actual", "growth", 12.0, "家", "="),
        ("规上工业企业", "actual", "level", 186.0, "家", "="),
    ]


def test_a_net_fall_is_a_negative_change() -> None:
    found = run(REVIEW + "全年净减少僵尸企业15家。")
    assert [short(s) for s in found] == [("僵尸企业", "actual", "growth", -15.0, "家", "=")]


def test_a_daily_net_increase_stays_a_level() -> None:
    # gwr2020: a rate per day is the level of that rate
    text = "政府工作报告\n一、2019年工作回顾\n大众创业万众创新深入开展，企业数量日均净增1万户以上。"
    found = run(text, doc_year=2020, region="全国")
    assert [(s.measure.value, s.value, s.unit, s.comparator.value) for s in found] == [("level", 10000.0, "户", ">=")]
    assert "日均净增" in found[0].indicator


# above a plan: the excess over the plan is a change of what was planned


def test_the_excess_over_a_plan_is_a_change_of_the_planned_figure() -> None:
    found = run(REVIEW + "全年实施重点项目136个，完成投资98.5亿元，超年度计划12.4个百分点。")
    assert [short(s)[1:] for s in found][1:] == [
        ("actual", "level", 9.85e9, "元", "="),
        ("actual", "growth", 12.4, "百分点", "="),
    ]
    assert found[1].indicator == found[2].indicator and "投资" in found[2].indicator


def test_the_excess_over_the_schedule_is_a_change_too() -> None:
    found = run(REVIEW + "重点项目完成投资86亿元，超序时进度8个百分点。")
    assert short(found[1])[2:] == ("growth", 8.0, "百分点", "=")


# a bound written before a money figure, then the class it bounds and their count


def test_a_bound_inside_the_name_of_a_class_is_not_a_figure() -> None:
    found = run(TASKS + "培育营业收入超10亿元企业5家。")
    assert [(s.value, s.unit) for s in found] == [(5.0, "家")]
    assert "营业收入超10亿元企业" in found[0].indicator


def test_the_same_bound_with_its_count_after_a_verb() -> None:
    found = run(REVIEW + "全区营业收入超过50亿元的企业达到6家。")
    assert [(s.value, s.unit) for s in found] == [(6.0, "家")]


def test_an_amount_over_a_bound_at_the_end_of_its_clause_is_a_figure() -> None:
    found = run(REVIEW + "全年实现营业收入超10亿元，企业5家。")
    assert (found[0].value, found[0].unit, found[0].comparator.value) == (1e9, "元", ">")


# bare 超 before a number is 超过


def test_bare_超_before_a_number_is_more_than() -> None:
    found = run(REVIEW + "数字经济核心产业营业收入超150亿元，全年接待游客超300万人次，增长12%。")
    assert [short(s) for s in found] == [
        ("数字经济核心产业营业收入", "actual", "level", 1.5e10, "元", ">"),
        ("接待游客", "actual", "level", 3e6, "人次", ">"),
        ("接待游客", "actual", "growth", 12.0, "%", "="),
    ]


def test_bare_不超_before_a_number_is_at_most() -> None:
    found = run(TASKS + "城镇调查失业率不超5.5%。")
    assert [short(s) for s in found] == [("城镇调查失业率", "target", "level", 5.5, "%", "<=")]


# classes found on the second fresh batch (fresh2: a county budget report and a district plan's mid-term review)

BUDGET = "关于青溪县2023年预算执行情况和2024年预算草案的报告\n"


def test_a_budget_drafts_heading_is_a_heading_of_targets() -> None:
    text = BUDGET + "二、2024年预算草案\n一般公共预算支出安排50.6亿元，其中民生支出安排39.5亿元，占比78.1%。"
    found = run(text, region="青溪县")
    assert [(s.modality.value, s.value, s.year) for s in found] == [
        ("target", 5.06e9, 2024),
        ("target", 3.95e9, 2024),
        ("target", 78.1, 2024),
    ]


def test_a_budgets_execution_heading_is_a_review_and_争取_there_is_what_was_obtained() -> None:
    text = BUDGET + "一、2023年预算执行情况\n（三）政府债务\n全年争取新增专项债券资金11.3亿元，支持项目27个。"
    found = run(text, region="青溪县")
    assert [(s.modality.value, s.value, s.year) for s in found] == [("actual", 1.13e9, 2023), ("actual", 27.0, 2023)]


def test_the_years_carry_over_is_a_budget_item_not_a_time() -> None:
    text = BUDGET + "一、2023年预算执行情况\n加上上级补助收入31.86亿元、上年结转2.14亿元等，收入总计58.73亿元。"
    found = run(text, region="青溪县")
    assert [(s.value, s.year) for s in found] == [(3.186e9, 2023), (2.14e8, 2023), (5.873e9, 2023)]
    assert found[1].indicator == "上年结转"


def test_counts_of_households_served_keep_their_classifier() -> None:
    found = run(BUDGET + "一、2023年预算执行情况\n全年新增减税降费3.86亿元，惠及市场主体2.3万户次。", region="青溪县")
    assert (found[1].value, found[1].unit) == (23000.0, "户次")


MIDTERM = "江北区“十四五”规划纲要实施中期评估报告\n江北区发展和改革委员会\n2023年11月\n\n一、主要指标完成情况\n"


def test_the_first_half_of_a_plan_is_the_years_so_far_not_the_plans_last_year() -> None:
    text = MIDTERM + (
        "“十四五”前半程（2021—2023年），全区主要指标总体符合预期。\n"
        "但也要看到，部分指标进度滞后：固定资产投资年均增长2.4%，低于规划目标5.6个百分点；"
        "实际使用外资累计1.8亿美元，仅完成规划目标的36%。"
    )
    found = run(text, doc_year=2023, region="江北区")
    assert [(s.modality.value, s.measure.value, s.value, s.year) for s in found] == [
        ("actual", "growth", 2.4, 2022),
        ("actual", "growth", -5.6, 2022),
        ("actual", "level", 1.8e8, 2022),
        ("actual", "level", 36.0, 2022),
    ]


def test_a_structure_named_well_before_it_is_still_three_shares() -> None:
    text = MIDTERM + "三次产业结构由2020年的4.2:41.5:54.3调整为2022年的3.8:39.6:56.6。"
    found = run(text, doc_year=2023, region="江北区")
    assert [(s.indicator[:4], s.value, s.year) for s in found][3:] == [
        ("第一产业", 3.8, 2022),
        ("第二产业", 39.6, 2022),
        ("第三产业", 56.6, 2022),
    ]


def test_nearly_doubled_is_about_a_hundred_percent() -> None:
    text = MIDTERM + "高新技术企业数量由2020年的126家增加到2022年的205家，翻了近一番。"
    found = run(text, doc_year=2023, region="江北区")
    assert [(s.measure.value, s.value, s.unit, s.comparator.value) for s in found][2] == ("growth", 100.0, "%", "~")


# classes found on the third fresh batch (fresh3: a street's half-year summary and a county's rural work report)

RURAL = "关于全县2023年农业农村工作情况和2024年工作安排的报告\n一、2023年工作回顾\n"


def test_poultry_are_counted_in_羽_even_in_chinese_numerals() -> None:
    found = run(RURAL + "生猪出栏56.4万头，家禽出栏一千二百万羽。", region="云岭县")
    assert [(s.value, s.unit) for s in found] == [(564000.0, "头"), (12000000.0, "羽")]


def test_a_ratio_to_one_is_a_multiple() -> None:
    found = run(RURAL + "农产品加工业产值与农业总产值之比达到2.3:1。", region="云岭县")
    assert [short(s) for s in found] == [("农产品加工业产值与农业总产值之比", "actual", "level", 2.3, "倍", "=")]


def test_a_time_of_day_is_no_ratio() -> None:
    assert run(RURAL + "会议于8:1开始。", region="云岭县") == []


def test_two_tenths_is_twenty_percent() -> None:
    found = run(RURAL + "其中50万元以上的村达到37个，占比两成。", region="云岭县")
    assert [(s.value, s.unit) for s in found] == [(37.0, "个"), (20.0, "%")]


def test_more_than_last_years_figure_is_a_change_of_this_years() -> None:
    found = run(RURAL + "帮助脱贫劳动力务工就业3.12万人，超过上年规模500人。", region="云岭县")
    assert [(s.measure.value, s.value, s.year) for s in found] == [("level", 31200.0, 2023), ("growth", 500.0, 2023)]
    assert found[0].indicator == found[1].indicator and found[1].indicator.endswith("脱贫劳动力务工就业")
