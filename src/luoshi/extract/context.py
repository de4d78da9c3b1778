"""What a document is and which period it reports on, read from its title before any clause rule runs.

Most figures in a report carry no year of their own: the document and its section say it. A statistical
communiqué is about the year in its title, a quarterly release about a part of that year, a work report
reviews the year before it was delivered and sets targets for the year it was delivered in:

>>> doc = read_document("2023年国民经济和社会发展统计公报\\n国家统计局\\n2024年2月29日\\n一、综合\\n", 2024)
>>> doc.kind.value, doc.time.year if doc.time else None, doc.period
('communique', 2023, '2023')
>>> read_document("某县2024年前三季度经济运行情况\\n前三季度，全县…", 2024).period
'2024YTD09'
>>> doc = read_document("政府工作报告\\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\\n", 2024)
>>> doc.kind.value, doc.review_year, doc.target_year
('work_report', 2023, 2024)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from luoshi.extract.periods import TimeKind, TimeRef, find_periods


class DocumentKind(StrEnum):
    """The kinds of document that say their period in different ways."""

    WORK_REPORT = "work_report"  # 政府工作报告: reviews Y-1 (or five years), sets targets for Y
    COMMUNIQUE = "communique"  # 统计公报: about the year of its title
    QUARTERLY = "quarterly"  # 前三季度经济运行情况: a year to date
    PLAN = "plan"  # 规划, 纲要, 实施方案: targets with their own years
    NEWS = "news"  # anything else: each figure's own words say its time, or nothing does


@dataclass(frozen=True, slots=True)
class Document:
    """A document's kind, title and the time its figures are for when nothing nearer says it."""

    kind: DocumentKind
    title: str
    doc_year: int | None
    time: TimeRef | None = None  # the document's own period: the communiqué's year, the quarter's ytd

    @property
    def period(self) -> str | None:
        return self.time.code if self.time is not None else None

    @property
    def review_year(self) -> int | None:
        """The year a work report reviews: the year before it was delivered."""
        return self.doc_year - 1 if self.doc_year is not None else None

    @property
    def target_year(self) -> int | None:
        return self.doc_year


#: a dateline or byline, not a title: "——2017年3月5日在第十二届全国人民代表大会第五次会议上",
#: "新华社北京5月29日电", "国家统计局\n2024年2月29日", "本报记者 孙露"
_DATELINE: Final[re.Pattern[str]] = re.compile(
    r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})月(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[日号]"
    r"|会议上$|^——|电$|记者|通讯员|^来源|^发布|^作者|统计局$|^国务院总理"
)
_KINDS: Final[tuple[tuple[DocumentKind, re.Pattern[str]], ...]] = (
    (DocumentKind.COMMUNIQUE, re.compile(r"统计公报|统计年鉴|统计数据|国民经济和社会发展统计")),
    (
        DocumentKind.QUARTERLY,
        re.compile(r"季度|上半年|[0-9一二三四五六七八九十]+[-—–~至][0-9一二三四五六七八九十]+月|月份"),
    ),
    (DocumentKind.WORK_REPORT, re.compile(r"工作报告|工作总结|工作情况的报告|执行情况的报告|计划执行情况")),
    (DocumentKind.PLAN, re.compile(r"规划|纲要|实施方案|行动方案|行动计划|实施意见")),
)
#: a line that cannot be part of a title: running text
_PROSE: Final[re.Pattern[str]] = re.compile(r"[。！？；，,]")
#: the numbered heading that opens the body: "一、综合", "（一）"
_BODY: Final[re.Pattern[str]] = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_TITLE_LINES: Final = 4


def read_document(text: str, doc_year: int | None) -> Document:
    """The kind and period of the document ``text`` begins, from its title lines (the lines before the
    first numbered heading or running text, datelines and bylines left out)."""
    title_lines: list[str] = []
    for line in text.lstrip().split("\n", 12)[:12]:
        line = line.strip()
        if not line:
            continue
        if _PROSE.search(line) or _BODY.match(line) or len(title_lines) >= _TITLE_LINES:
            break
        line = line.split("——", 1)[0].strip()  # "某县政府工作报告——2024年1月16日在…" (a title run into its dateline)
        if not line or _DATELINE.search(line):
            continue
        title_lines.append(line)
    title = "".join(title_lines)
    kind = next((k for k, pattern in _KINDS if pattern.search(title)), DocumentKind.NEWS)
    refs = [r for r in find_periods(title, doc_year) if r.kind in (TimeKind.YEAR, TimeKind.SPAN, TimeKind.SUB_YEAR)]
    time: TimeRef | None = refs[-1] if refs else None
    if kind is DocumentKind.COMMUNIQUE and time is None and doc_year is not None:
        time = TimeRef(0, 0, TimeKind.YEAR, doc_year - 1)  # a communiqué comes out the year after
    elif kind is DocumentKind.QUARTERLY and time is not None and time.year is None and doc_year is not None:
        time = TimeRef(0, 0, TimeKind.SUB_YEAR, doc_year, sub=time.sub)
    elif kind in (DocumentKind.WORK_REPORT, DocumentKind.PLAN, DocumentKind.NEWS):
        time = None  # their sections and sentences say the time; a plan's title names its whole period
    return Document(kind, title, doc_year, time)
