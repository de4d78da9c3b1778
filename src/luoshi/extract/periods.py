"""Time expressions that say which year a figure is for.

Each pattern below carries the sentence it is meant for. Relative expressions (今年, 去年, 五年来,
目前, 3月17日) resolve against the document's year and stay unresolved (``year is None``) without it.

>>> [(r.year, r.start_year) for r in find_periods("“十三五”时期年均增长7.22%", None)]
[(2020, 2016)]
>>> [(r.year, r.kind.value) for r in find_periods("比上年增长8.1%，今年", 2021)]
[(2020, 'comparison'), (2021, 'relative')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Final

from luoshi.extract.numerals import parse_number


class TimeKind(StrEnum):
    """What a time expression is: a calendar year, a span of years, a year relative to the document,
    the document's present (目前, 近日), or the base of a comparison (比上年: not the figure's year)."""

    YEAR = "year"
    SPAN = "span"
    RELATIVE = "relative"
    PRESENT = "present"
    COMPARISON = "comparison"
    SUB_YEAR = "sub_year"  # a part of a year: 一季度, 上半年, 前三季度, 1—9月


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression at ``[start, end)`` of the text searched; ``year`` is its last year.

    ``target`` is set for the "到2025年" form that names the year a goal is due.
    """

    start: int
    end: int
    kind: TimeKind
    year: int | None
    start_year: int | None = None
    target: bool = False
    sub: str | None = None  # the part of a year, as in period codes: "Q1", "H1", "YTD09", "M09"
    named: bool = False  # a plan named as a document ("“十四五”规划"), not the time of what follows
    since: bool = False  # "今年以来": from the start of the year to the document's present

    @property
    def code(self) -> str | None:
        """The period code of :mod:`luoshi.domain.period`: "2023", "2016-2020", "2023YTD09"."""
        if self.year is None:
            return None
        if self.start_year is not None and self.start_year < self.year:
            return f"{self.start_year}-{self.year}"
        return f"{self.year}{self.sub or ''}"


#: the sixth to the fifteenth five-year plans: 十三五 is 2016-2020 (the sixth began in 1981)
def plan_years(number: int) -> tuple[int, int]:
    """First and last year of the n-th five-year plan: ``plan_years(14) == (2021, 2025)``."""
    first = 1981 + 5 * (number - 6)
    return first, first + 4


_N = "[一二两三四五六七八九十0-9]{1,2}"
_YEAR = r"(?:19|20)[0-9]{2}"
_CN_YEAR = "[〇○零一二三四五六七八九]{4}"

_MONTH = "(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_QUARTER = {"一": 1, "1": 1, "二": 2, "2": 2, "三": 3, "3": 3, "四": 4, "4": 4}

#: the characters a time expression can start with: positions without one are skipped at once
_START = "[0-9一二两三四五六七八九十〇○零今本明来下去上前过近这截目至当现日是第]"

_PATTERN: Final[re.Pattern[str]] = re.compile(
    f"(?={_START})(?:"
    + "|".join(
        [
            # "2023年前三季度" / "一季度" / "上半年" / "1—9月" / "1-9月份" / "前9个月": a part of a year
            rf"(?:(?P<subyear>{_YEAR})\s*年(?:度)?)?(?P<sub>前(?P<qn>[三两二])季度|(?:一|1)\s*(?:至|—|-|–|~)\s*(?P<qto>[二三四2-4])季度"
            r"|(?:第)?(?P<q>[一二三四1-4])季度"
            rf"|(?P<half>[上下])半年|(?:前(?P<mn>{_MONTH})个月)|(?:1|一)\s*(?:-|—|–|~|～|至)\s*(?P<m2>{_MONTH})月(?:份)?"
            rf"|(?<![0-9一二三四五六七八九十])(?P<m1>{_MONTH})月(?:份|当月|末|底))",
            # "2016-2020年" / "2018年至2020年": a span of years
            rf"(?P<span>(?P<s1>{_YEAR})年?\s*(?:-|—|–|~|～|至|到)\s*(?P<s2>{_YEAR})\s*年)",
            # "2020年地区生产总值" / "到2025年": a calendar year (not 90年代)
            rf"(?<![0-9])(?P<year>{_YEAR})\s*年(?!代)(?:底|末|初)?",
            # "二〇三五年远景目标" / "二○二〇年": a year written in Chinese digits
            rf"(?P<cnyear>{_CN_YEAR})年",
            # "“十三五”时期" / "十四五规划": a five-year plan; "第十四个五年规划"
            r"(?<![一二三四五六七八九十])(?P<plan>十[一二三四五六七八九]|[六七八九])(?:五(?![年个十百千万亿0-9])|个五年)",
            # "五年来" / "过去三年" / "“数”说三年成绩": the years before the document's year
            rf"(?:(?:过去的?|近|这)(?P<ago1>{_N})年|(?<![0-9第])(?P<ago2>{_N})年(?:来(?![到自])|以来|里|间|成绩|成就"
            r"|(?=年均|年平均|累计|共|增加|增长|提高|下降|减少)))",
            # "力争三年内产值翻一番" / "五年内": the years from the document's on (a period ahead)
            rf"(?<![0-9第])(?P<within>{_N})年(?:之)?内",
            # "今年" / "去年" / "明年": a year relative to the document's
            # "今明两年": this year and the next
            r"(?P<thisnext>今明两年)",
            r"(?P<rel>今年|本年|明年|去年|上年|上一年|前年|下一年|来年)",
            # "目前，平城区有老年大学分校10所" / "至今已推发40余期" / "近日": the document's present
            r"(?P<now>截至目前|目前|至今|当前|现在|近日|日前|近期|是日|当日|当天|今天|本月)",
            # "3月17日上午" / "三月二十日": a day without a year, in the document's year
            r"(?<![年0-9])(?P<md>(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})月(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[日号])",
        ]
    )
    + ")"
)

_RELATIVE: Final[dict[str, int]] = {
    "今年": 0,
    "本年": 0,
    "明年": 1,
    "来年": 1,
    "下一年": 1,
    "去年": -1,
    "上年": -1,
    "上一年": -1,
    "前年": -2,
}

#: a month or the end of a year after a time: "延长至明年3月底" is a deadline
_DEADLINE_AFTER: Final[re.Pattern[str]] = re.compile(r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})月|底|年底")
#: since the start of a plan: "“十四五”以来", and its part so far in a mid-term review: "“十四五”前半程", "中期"
_SINCE: Final[re.Pattern[str]] = re.compile(r"[”\"」』]?(?:以来|来|前半程|上半程|前半期|中期|过半)")
#: a five-year plan named as a document: "“十四五”规划重大工程项目", "十三五规划纲要"
_PLAN_NAME: Final[re.Pattern[str]] = re.compile(r"[”\"」』]?(?:规划|计划)")
#: the end of a plan's period: "到“十四五”末", "十四五期末"
_PLAN_END: Final[re.Pattern[str]] = re.compile(r"[”\"」』]?(?:期末|末)")
_TO_BEFORE: Final[re.Pattern[str]] = re.compile(r"(?:到|至)[“\"「『]?$")

#: words before a time expression that make it the base of a comparison: "比上年增长", "较2019年"
_COMPARISON_BEFORE: Final[re.Pattern[str]] = re.compile(
    r"(?:比|较|同|与|相比|对比|高于|低于|大于|小于|多于|少于|好于|超过|超出)[“\"「『]?$"
)
#: a time inside the name of a thing: "继续执行去年出台的…政策", "2023年发布的标准" (a policy's date, not a period)
_DATED_THING_AFTER: Final[re.Pattern[str]] = re.compile(
    r"(?:以来)?(?:出台|制定|发布|印发|颁布|推出|部署|确定|提出|启动|开始实施|实施)的"
)
#: a budget's items carried over from the year before: "上年结转", "上年结余"
_CARRIED_OVER: Final[re.Pattern[str]] = re.compile(r"结转|结余|结存|滚存")
#: "今年以来": the year so far
_SINCE_AFTER: Final[re.Pattern[str]] = re.compile(r"以来")
#: a verb of change before 到: "增加到2020年的428.2亿元" is not a due date
_CHANGE_BEFORE_TO: Final[re.Pattern[str]] = re.compile(r"(?:增加|提高|增长|提升|下降|降低|减少|上升|扩大|达)[到至]$")


def find_periods(text: str, doc_year: int | None) -> list[TimeRef]:
    """Every time expression in ``text`` in order, resolved against ``doc_year`` where relative."""
    refs: list[TimeRef] = []
    for m in _PATTERN.finditer(text):
        ref = _resolve(m, doc_year)
        if ref is None:
            continue
        if ref.kind is TimeKind.RELATIVE and _CARRIED_OVER.match(text, ref.end):
            continue  # "上年结转2.14亿元": a budget's item named by the year it comes from, not a time
        if (
            m["plan"]
            and _PLAN_NAME.match(text, m.end())
            and not _TO_BEFORE.search(text[max(0, m.start() - 3) : m.start()])
        ):
            # "提前实施“十四五”规划重大工程项目" names a plan: a time only for its own clause
            ref = replace(ref, named=True)
        before = text[max(0, m.start() - 3) : m.start()]
        if ref.kind is not TimeKind.PRESENT and _COMPARISON_BEFORE.search(before):
            ref = TimeRef(ref.start, ref.end, TimeKind.COMPARISON, ref.year, ref.start_year)
        elif before.endswith(("至", "到")) and _DEADLINE_AFTER.match(text, ref.end):
            ref = replace(ref, named=True)  # "政策再延长至明年3月底": the end of a policy, not a period
        elif ref.kind in (TimeKind.YEAR, TimeKind.RELATIVE) and _DATED_THING_AFTER.match(text, ref.end):
            ref = replace(ref, named=True)  # "继续执行去年出台的…政策，新增减税降费约5000亿元": the policy's date
        elif ref.kind is TimeKind.YEAR and before.endswith("面向"):
            ref = replace(ref, named=True)  # "面向2030年的科技创新重大项目" names a programme
        elif ref.kind is TimeKind.YEAR and before.endswith(("到", "至")) and not _CHANGE_BEFORE_TO.search(before):
            ref = TimeRef(ref.start, ref.end, ref.kind, ref.year, None, target=True)
        elif m["plan"] and _TO_BEFORE.search(before) and _PLAN_END.match(text, ref.end):
            # "力争到“十四五”末突破370亿元": the plan's last year, a due date
            ref = TimeRef(ref.start, ref.end, TimeKind.YEAR, ref.year, None, target=True)
        if ref.kind is TimeKind.RELATIVE and _SINCE_AFTER.match(text, ref.end):
            ref = replace(ref, since=True)
        refs.append(ref)
    return refs


def _resolve(m: re.Match[str], doc_year: int | None) -> TimeRef | None:
    start, end = m.start(), m.end()
    if m["sub"]:
        year = int(m["subyear"]) if m["subyear"] else None
        return TimeRef(start, end, TimeKind.SUB_YEAR, year, sub=_sub_code(m))
    if m["span"]:
        first, last = int(m["s1"]), int(m["s2"])
        if last <= first:
            return None
        return TimeRef(start, end, TimeKind.SPAN, last, first)
    if m["year"]:
        return TimeRef(start, end, TimeKind.YEAR, int(m["year"]))
    if m["cnyear"]:
        year = int(parse_number(m["cnyear"]))
        return TimeRef(start, end, TimeKind.YEAR, year) if 1900 <= year <= 2100 else None
    if m["plan"]:
        first, last = plan_years(int(parse_number(m["plan"])))
        if _SINCE.match(m.string, end) and doc_year is not None and first < doc_year <= last:
            last = doc_year - 1  # "“十四五”以来" in 2024: 2021-2023
        return TimeRef(start, end, TimeKind.SPAN, last, first)
    ago = m["ago1"] or m["ago2"]
    if ago:
        years = int(parse_number(ago))
        if years < 1 or years > 30:
            return None
        if doc_year is None:
            return TimeRef(start, end, TimeKind.SPAN, None, None)
        last = doc_year - 1
        return TimeRef(start, end, TimeKind.SPAN, last, last - years + 1 if years > 1 else None)
    if m["within"]:
        years = int(parse_number(m["within"]))
        if years < 2 or years > 10:
            return None
        if doc_year is None:
            return TimeRef(start, end, TimeKind.SPAN, None, None, target=True)
        return TimeRef(start, end, TimeKind.SPAN, doc_year + years - 1, doc_year, target=True)
    if m["thisnext"]:
        return TimeRef(start, end, TimeKind.SPAN, None if doc_year is None else doc_year + 1, doc_year)
    if m["rel"]:
        relative = None if doc_year is None else doc_year + _RELATIVE[m["rel"]]
        return TimeRef(start, end, TimeKind.RELATIVE, relative)
    # present (目前, 近日) and a day of the document's year (3月17日)
    return TimeRef(start, end, TimeKind.PRESENT, doc_year)


def _sub_code(m: re.Match[str]) -> str:
    """The sub-year part of a period code: 前三季度 -> YTD09, 一季度 -> Q1, 上半年 -> H1, 1—9月 -> YTD09."""
    if m["qn"]:
        return f"YTD{3 * int(parse_number(m['qn'])):02d}"
    if m["qto"]:  # "一至三季度": the year to the end of the third quarter
        return f"YTD{3 * _QUARTER[m['qto']]:02d}"
    if m["q"]:
        return f"Q{_QUARTER[m['q']]}"
    if m["half"]:
        return "H1" if m["half"] == "上" else "H2"
    if m["mn"] or m["m2"]:
        return f"YTD{int(parse_number(m['mn'] or m['m2'])):02d}"
    return f"M{int(parse_number(m['m1'])):02d}"
