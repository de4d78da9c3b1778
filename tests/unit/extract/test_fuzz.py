"""Arbitrary text never makes the extractor raise, and every record's offsets point at its evidence."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.extract import extract_statements

#: pieces of real figure sentences, so that the fuzzer reaches the deep rules and not only the fast exit
PIECES = [
    "地区生产总值",
    "增长",
    "下降",
    "达到",
    "亿元",
    "万人",
    "%",
    "个百分点",
    "以上",
    "左右",
    "余",
    "分别",
    "、",
    "，",
    "。",
    "\n",
    "\n\n",
    "2020年",
    "十三五",
    "今年",
    "从",
    "的",
    "增加到",
    "年均",
    "确保到2025年",
    "百分之",
    "三点五",
    "一千二百",
    "二〇三五",
    "第",
    "“",
    "”",
    "—",
    "-",
    "家",
    "个",
    "所",
    "4.2",
    "394.5",
    "12",
]

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, doc_year=st.one_of(st.none(), st.integers(1900, 2100)))
def test_offsets_always_point_at_the_evidence(text: str, doc_year: int | None) -> None:
    for s in extract_statements(text, doc="fuzz", doc_year=doc_year, region="区"):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.indicator


@settings(max_examples=300, deadline=None)
@given(text=st.text())
def test_arbitrary_unicode_never_raises(text: str) -> None:
    for s in extract_statements(text):
        assert text[s.start : s.end] == s.text
