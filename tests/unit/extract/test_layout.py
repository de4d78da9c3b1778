from __future__ import annotations

from luoshi.extract.layout import Page


def test_column_break_inside_a_word_is_joined_and_offsets_map_back() -> None:
    original = "把平城区作为标杆地,织密社会治理网\n\n络,完善基层治理体系。"
    page = Page.repair(original)
    assert page.text == "把平城区作为标杆地,织密社会治理网络,完善基层治理体系。"
    at = page.text.index("网络")
    start, end = page.original_span(at, at + 2)
    assert original[start:end] == "网\n\n络"
    assert page.original_offset(0) == 0
    assert page.original_offset(len(page.text) - 1) == len(original) - 1


def test_headings_and_full_sentences_keep_their_breaks() -> None:
    original = "“数”说三年成绩\n\n建设141家社区党群服务中心;\n\n城镇登记失业率始终控制在4.5%。\n\n以内:"
    assert Page.repair(original).text == original


def test_a_numbered_item_starts_a_new_line() -> None:
    original = "政府工作报告（摘编，供测试）\n\n一、2021年工作回顾"
    assert Page.repair(original).text == original


def test_a_byline_after_a_full_stop_does_not_run_on() -> None:
    original = "供世人缅怀追思中传承英烈精神。本报记者 孙露\n\n《直通平城政务》广播直播受欢迎"
    assert Page.repair(original).text == original


def test_a_headline_after_a_list_line_stays_apart() -> None:
    original = (
        "紧扣廉政建设,一体推进“三不”,不断提升拒腐防变的免疫力\n\n"
        "平城区档案馆举办乡镇(街道)行政区划优化档案移交仪式\n\n本报讯 (记者 张诗珩) 为进一步推进"
    )
    assert Page.repair(original).text == original


def test_windows_line_ends() -> None:
    original = "标杆地,织密社会治理网\r\n\r\n络,完善。\r\n\r\n“数”说三年成绩\r\n"
    page = Page.repair(original)
    assert page.text.startswith("标杆地,织密社会治理网络,完善。\r\n\r\n“数”说三年成绩")
