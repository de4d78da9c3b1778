"""数说 sentences (luoshi.report.narrative): 万/亿 scaling, one year against a span, falls, shares in 百分点,
no target, a target reached, bounds, the gap and the rate needed, simulated marks, sources — and every
figure read back by the extractor."""

from __future__ import annotations

from luoshi.domain.indicator import Direction, Indicator
from luoshi.domain.observation import Observation
from luoshi.domain.period import Period
from luoshi.domain.provenance import Provenance, ProvenanceKind
from luoshi.domain.target import Comparator, Measure, Target
from luoshi.engine.progress import ProgressStatus
from luoshi.extract import extract_statements
from luoshi.extract.matching import match_indicator
from luoshi.report.narrative import Facts, narrative, paragraph, plain_text


def level(
    code: str,
    year: int,
    value: float,
    unit: str,
    printed: tuple[str, str] | None = None,
    *,
    scenario: str = "actual",
    comparator: Comparator = Comparator.EQ,
    provenance: Provenance | None = None,
) -> Observation:
    digits, shown = printed if printed else (None, None)
    return Observation(
        code, "r", Period.parse(str(year)), value, Measure.LEVEL, unit, digits, shown, comparator,
        scenario=scenario, provenance=provenance,
    )  # fmt: skip


def texts(f: Facts) -> list[str]:
    return [s.text for s in paragraph(f).sentences]


def reads_back(f: Facts, catalogue: list[Indicator]) -> None:
    """Every figure the sentences print is read back by the extractor, of the same indicator."""
    for s in paragraph(f).sentences:
        found = extract_statements(s.text, doc="n.txt")
        for figure in s.figures:
            hits = [
                x
                for x in found
                if abs(x.value - figure.value) < 1e-6 * max(1.0, abs(figure.value)) and x.unit == figure.unit
            ]
            assert hits, (s.text, figure)
            unit = "%" if hits[0].unit == "百分点" else hits[0].unit
            measure = Measure.GROWTH if hits[0].measure is Measure.GROWTH else Measure.LEVEL
            match = match_indicator(hits[0].indicator, unit, measure, catalogue)
            assert match is not None and match.code == f.code, (s.text, hits[0].indicator)


GDP = Indicator("gdp", "地区生产总值", "元", "亿元")
SOURCE = Provenance(ProvenanceKind.DOCUMENT, "seed", 10, 16, "428.2亿元")


def test_span_in_yi_with_annual_average_growth_and_its_sources() -> None:
    f = Facts(
        "gdp", "地区生产总值", "亿元", Direction.INCREASE,
        levels=(
            level("gdp", 2018, 3.945e10, "元", ("394.5", "亿元")),
            level("gdp", 2020, 4.282e10, "元", ("428.2", "亿元"), provenance=SOURCE),
        ),
        base_year=2018,
    )  # fmt: skip
    assert texts(f) == ["全区地区生产总值从2018年的 394.5 亿元增加到2020年的 428.2 亿元，年均增长 4.2%。"]
    s = paragraph(f).sentences[0]
    assert [x.kind for x in s.figures] == ["level", "level", "growth"]
    assert (
        s.figures[2].value == 4.2 and s.figures[2].period == "2018-2020" and s.periods == ("2018", "2020", "2018-2020")
    )
    assert s.sources[1].document_code == "seed" and (s.sources[1].start, s.sources[1].end) == (10, 16)
    reads_back(f, [GDP])


def test_one_year_reads_bi_and_a_fall_reads_xiajiang() -> None:
    f = Facts(
        "gdp", "地区生产总值", "亿元", Direction.INCREASE,
        levels=(level("gdp", 2022, 4.4e10, "元"), level("gdp", 2023, 4.282e10, "元")),
    )  # fmt: skip
    assert texts(f) == ["全区地区生产总值2023年为 428.2 亿元，比2022年下降 2.7%。"]
    assert paragraph(f).sentences[0].figures[1].value == -2.7
    reads_back(f, [GDP])


def test_base_units_scale_to_wan_and_grouped_numbers_name_each_year() -> None:
    income = Indicator("inc", "一般公共预算收入", "元", "元")
    f = Facts(
        "inc", "一般公共预算收入", "元", Direction.INCREASE,
        levels=(level("inc", 2020, 15_620_000, "元"), level("inc", 2023, 23_450_000, "元")),
    )  # fmt: skip
    assert texts(f) == ["全区一般公共预算收入2020年为 1,562 万元，2023年为 2,345 万元，年均增长 14.5%。"]
    reads_back(f, [income])
    people = Indicator("pop", "常住人口", "人", "人")
    g = Facts("pop", "常住人口", "人", Direction.INCREASE, levels=(level("pop", 2023, 453_000, "人"),))
    assert texts(g) == ["全区常住人口2023年达到 45.3 万人。"]
    reads_back(g, [people])


def test_counts_reach_and_the_gap_and_needed_rate_to_the_target() -> None:
    firms = Indicator("firms", "规模以上工业企业数", "家", "家")
    target = Target(Measure.LEVEL, Comparator.GE, 30, target_year=2025)
    f = Facts(
        "firms", "规模以上工业企业数", "家", Direction.INCREASE,
        levels=(level("firms", 2022, 20, "家"), level("firms", 2023, 22, "家")),
        target=target, status=ProgressStatus.ACCELERATION_NEEDED,
        current_year=2023, current_value=22, target_value=30, needed_rate=0.1677,
    )  # fmt: skip
    assert texts(f) == [
        "全区规模以上工业企业数2023年达到 22 家，比2022年增长 10.0%。",
        "规模以上工业企业数的目标是2025年达到 30 家以上，目前需加快进度。",
        "规模以上工业企业数距2025年目标还差 8 家，2024—2025年规模以上工业企业数需年均增长 16.8%。",
    ]
    needed = paragraph(f).sentences[2].figures
    assert [(x.kind, x.value, x.period) for x in needed] == [("gap", 8, "2025"), ("needed", 16.8, "2024-2025")]
    reads_back(f, [firms])


def test_no_target_says_nothing_of_one_and_an_achieved_target_needs_nothing() -> None:
    share = Indicator("green", "绿化覆盖率", "%", "%")
    f = Facts(
        "green", "绿化覆盖率", "%", Direction.INCREASE,
        levels=(level("green", 2020, 43.73, "%", ("43.73", "%")), level("green", 2024, 38.78, "%", ("38.78", "%"))),
        base_year=2020,
    )  # fmt: skip
    assert texts(f) == ["全区绿化覆盖率从2020年的 43.73%下降到2024年的 38.78%，下降 4.9 个百分点。"]
    reads_back(f, [share])
    cap = Target(Measure.LEVEL, Comparator.LE, 4.5, target_year=2025)
    jobless = Indicator("u", "城镇登记失业率", "%", "%", direction=Direction.DECREASE)
    g = Facts(
        "u", "城镇登记失业率", "%", Direction.DECREASE, levels=(level("u", 2023, 3.8, "%"),), target=cap,
        status=ProgressStatus.TARGET_ACHIEVED, current_year=2023, current_value=3.8, target_value=4.5, needed_rate=None,
    )  # fmt: skip
    assert texts(g) == ["全区城镇登记失业率2023年为 3.8%。", "城镇登记失业率的目标是2025年控制在 4.5%以内，已达目标。"]
    reads_back(g, [jobless])


def test_bounds_keep_their_word_and_give_no_growth() -> None:
    learners = Indicator("l", "老年大学学员人数", "人", "人")
    f = Facts(
        "l", "老年大学学员人数", "人", Direction.INCREASE,
        levels=(level("l", 2019, 1200, "人"), level("l", 2020, 1500, "人", comparator=Comparator.GT)),
    )  # fmt: skip
    assert texts(f) == ["全区老年大学学员人数2020年超过 1,500 人。"]
    assert paragraph(f).sentences[0].figures[0].comparator == ">"
    reads_back(f, [learners])
    g = Facts(
        "l",
        "老年大学学员人数",
        "人",
        Direction.INCREASE,
        levels=(level("l", 2020, 3000, "人", comparator=Comparator.GE),),
    )
    assert texts(g) == ["全区老年大学学员人数2020年达到 3,000 人以上。"]


def test_simulated_figures_are_marked_and_unchanged_levels_are_flat() -> None:
    f = Facts(
        "gdp", "地区生产总值", "亿元", Direction.INCREASE, comparable=True,
        levels=(
            level("gdp", 2020, 4.282e10, "元", ("428.2", "亿元")),
            level("gdp", 2021, 4.5e10, "元", scenario="simulated"),
        ),
    )  # fmt: skip
    (s,) = paragraph(f).sentences
    assert s.text == "按现价计算，全区地区生产总值2021年为 450 亿元，比2020年增长 5.1%（模拟）。" and s.simulated
    assert s.sources[1].simulated and not s.sources[0].simulated
    reads_back(f, [GDP])
    flat = Facts(
        "n", "竣工项目数", "个", Direction.INCREASE, levels=(level("n", 2020, 120, "个"), level("n", 2024, 120, "个"))
    )
    assert texts(flat) == ["全区竣工项目数2024年达到 120 个，与2020年持平。"]


def test_growth_only_indicators_and_empty_ones() -> None:
    rate = Observation("inc", "r", Period.parse("2015-2020"), 7.04, Measure.GROWTH, "%", "7.04", annualized=True)
    f = Facts("inc", "城镇居民人均可支配收入", "元", Direction.INCREASE, growths=(rate,))
    assert texts(f) == ["全区城镇居民人均可支配收入2015—2020年年均增长 7.04%。"]
    reads_back(f, [Indicator("inc", "城镇居民人均可支配收入", "元", "元")])
    empty = Facts("x", "某指标", "个", Direction.INCREASE)
    assert narrative([empty, f]) == [paragraph(f)] and plain_text([]) == ""
    assert plain_text(narrative([f])) == "全区城镇居民人均可支配收入2015—2020年年均增长 7.04%。\n"
