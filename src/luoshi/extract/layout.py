"""Repair of OCR'd newspaper columns: lines broken inside words and sentences are joined again, and
every offset into the repaired text maps back to the text as read.

A column break leaves a line that stops mid-sentence, often mid-word::

    把平城区作为推进市域社会治理现代化的标杆地,织密社会治理网
    <blank line>
    络,完善基层治理体系

Such a break is removed when the line before it does not end a sentence and either ends in a comma, or is
followed by a mark that cannot open a line ("、"), or (for breaks with a blank line, as column breaks are)
is prose (holds a comma or an enumeration mark) or a column-wide line after a line that was continued.
Headings ("“数”说三年成绩"), captions and list items carry no comma and keep their breaks:
they stay paragraphs of their own.

Three more kinds of break never end a thought, whatever the layout:

* a number broken from its unit: ``国内生产总值达到74.4\n\n万亿元``;
* a quotation or title broken at its marks: ``“\n十三五\n”实现了良好开局``, ``根据《\n中共中央…``;
* in a text whose paragraphs are separated by blank lines, a single line break inside a sentence (the
  links and emphasis of a web page: ``党的十八届六中全会\n正式明确\n习近平\n总书记的核心地位``).

And in a text re-wrapped to a fixed width (a report set as newspaper columns), a line as wide as the
column runs on into the next one.

>>> page = Page.repair("织密社会治理网\\n\\n络,完善")
>>> page.text
'织密社会治理网\\n\\n络,完善'
>>> page = Page.repair("标杆地,织密社会治理网\\n\\n络,完善")
>>> page.text, page.original_span(4, 13)
('标杆地,织密社会治理网络,完善', (4, 15))
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Final

from luoshi.extract.units import MULTIPLIER, UNIT

#: a line break (with blank lines, indentation and Windows' \r around it) between two lines of text:
#: the "\n\n" in "织密社会治理网\n\n络,完善基层治理体系"
_BREAK: Final[re.Pattern[str]] = re.compile(r"[ \t\u3000\r]*\n(?:[ \t\u3000\r]*\n)*[ \t\u3000]*")
#: the end of a sentence or of a self-contained line: "…控制在4.5%。", "以内:", "…的殷殷嘱托。”"
_LINE_END: Final[re.Pattern[str]] = re.compile(r"[。！？!?；;：:…]['’”\"」』)）]*$")
#: a line that stands alone: no punctuation and either long ("平城区档案馆举办…档案移交仪式") or spaced
#: ("站在新起点 再创新辉煌", "本报记者 孙露"); a short fragment of a column ("坚持把融合发展作为第一命") may still join
_STANDALONE: Final[re.Pattern[str]] = re.compile(r"^(?=[^，,、。；;：:！？!?]*$)(?:.{16,}|.*\S[ \u3000]+\S.*)$")
#: a full stop inside a line: the "。" of "…传承英烈精神。本报记者 孙露"
_SENTENCE_END: Final[re.Pattern[str]] = re.compile(r"[。！？!?；;]")
#: list numbering at the start of a line: "一、" "3." "（二）" (its "、" does not make the line prose)
_LIST_NUMBER: Final[re.Pattern[str]] = re.compile(
    r"\s*(?:[一二三四五六七八九十]+[、.．]|[0-9]+[、.．](?![0-9])|[（(][一二三四五六七八九十0-9]+[）)])"
)
#: prose marks: a line that holds one of these is running text, not a heading ("…标杆地,织密社会治理网")
_PROSE: Final[re.Pattern[str]] = re.compile(r"[，,、]")
#: a line that continues: the next line opens with a mark that cannot start a sentence ("、把党的…")
_CONTINUATION_START: Final[re.Pattern[str]] = re.compile(r"^[，,、。；;：:！？!?）)”’》」』]")
#: a line that stops at an opening mark: "…圆满完成，“" then "十三五"
_OPEN_END: Final[re.Pattern[str]] = re.compile(r"[“‘《（(「『]$")
#: a line that stops in a number: "国内生产总值达到74.4" then "万亿元，增长6.7%"
_NUMBER_END: Final[re.Pattern[str]] = re.compile(r"[0-9０-９][.．·]?$")
#: a line that opens with the last character of a broken word: "革，加快推进…" after "要全面深化各领域改"
_FRAGMENT_START: Final[re.Pattern[str]] = re.compile(r"^[\u4e00-\u9fff][，,、；;]")
#: the same before the figure that its word names: "幅3%左右" after "…居民消费价格涨"
_FRAGMENT_FIGURE: Final[re.Pattern[str]] = re.compile(r"^[\u4e00-\u9fff](?:[0-9０-９]|百分之)")
#: the rest of a number: "2万元", ".1%"
_DIGITS_ON: Final[re.Pattern[str]] = re.compile(r"^[0-9０-９]|^[.．][0-9]")
#: the widest line width taken for a column, and the share of lines that must have it
_MIN_COLUMN: Final = 8
#: how far a line's length may be from the column's and still fill the column (OCR drops and adds a character)
_SLACK: Final = 2
_COLUMN_SHARE: Final = 0.3


@dataclass(frozen=True, slots=True)
class Page:
    """Text with its column breaks repaired; ``segments`` map repaired offsets back to the original.

    ``segments`` holds ``(repaired_start, original_start)`` for each run of characters copied unchanged.
    """

    original: str
    text: str
    segments: tuple[tuple[int, int], ...]

    @classmethod
    def repair(cls, original: str) -> Page:
        breaks = [m.group().count("\n") > 1 for m in _BREAK.finditer(original)]
        # paragraphs separated by blank lines: a single break inside a sentence is a soft one
        soft_singles = len(breaks) >= 4 and sum(breaks) >= 0.5 * len(breaks)
        width = _column_width(original)
        pieces: list[str] = []
        segments: list[tuple[int, int]] = [(0, 0)]
        copied_to = 0  # original offset up to which text is copied
        length = 0  # length of the repaired text so far
        line_start = 0
        logical_start = 0  # where the line that the joins so far make up began
        continued = False
        skip_until = 0  # the end of a caption left out of the sentence it cut
        for m in _BREAK.finditer(original):
            if m.start() < skip_until:
                continue  # the break after a caption that was left out
            line = original[line_start : m.start()]
            # only the part after the line's last full stop can run on ("…精神。本报记者 孙露" is a byline)
            tail = _SENTENCE_END.split(line)[-1]
            numbered = _LIST_NUMBER.match(tail)
            if numbered:  # a numbered line is a heading unless it runs on after a comma ("(三)坚持…,全力构筑功")
                tail = tail[numbered.end() :]
                if not re.search(r"[，,]", tail):
                    tail = ""
            next_end = original.find("\n", m.end())
            next_line = original[m.end() : next_end if next_end >= 0 else len(original)]
            nxt = next_line[:1]
            after_caption = _caption_gap(original, line, tail, next_line, next_end)
            if after_caption is not None:
                # "2024年是中华人民共" / "图为…开幕现场。 记者 李晓峰 摄" / "和国成立75周年": the caption stays out
                pieces.append(original[copied_to : m.start()])
                length += m.start() - copied_to
                copied_to = skip_until = line_start = after_caption
                segments.append((length, copied_to))
                continued = True
                continue
            blank = m.group().count("\n") > 1  # OCR column breaks leave a blank line; list items do not
            stripped = line.strip()
            broken = bool(nxt) and (
                (_NUMBER_END.search(line) is not None and _UNIT_START.match(next_line) is not None)
                # a number cut in its digits: "4.0" then "2万元", "8" then ".1%"
                or (_NUMBER_END.search(line) is not None and _DIGITS_ON.match(next_line) is not None)
                or (_OPEN_END.search(line) is not None and not _LINE_END.search(line))
                or (bool(stripped) and _CONTINUATION_START.match(nxt) is not None)
                or (
                    bool(tail)
                    and not _LINE_END.search(line)
                    and _FRAGMENT_START.match(next_line) is not None
                    and not _LIST_NUMBER.match(original, m.end())
                )
                or (not _LINE_END.search(line) and _term_across(line, next_line))
            )
            # a numbered line with no comma is a heading, even when a column wraps it ("二、2018年经济社会发\n\n展…")
            heading = _numbered_heading(original[logical_start : m.start()].replace("\n", ""))
            full_width = width is not None and width - _SLACK <= len(stripped) <= width + _SLACK
            if next_line.lstrip().startswith("——"):
                full_width = False  # "——2024年1月16日在…" opens a dateline or an item: the line before ends
            wrapped = (
                bool(nxt)
                and not _LIST_NUMBER.match(original, m.end())
                and not line.lstrip().startswith(("- ", "* "))
                and (
                    (bool(tail) and not _LINE_END.search(line) and ((soft_singles and not blank) or full_width))
                    # a column-wide line that happens to end a sentence is still inside its paragraph
                    or (
                        full_width
                        and _LINE_END.search(line) is not None
                        and not _STANDALONE.match(next_line)
                        and not next_line.lstrip().startswith(("——", "- ", "* "))
                    )
                )
            )
            # the rest of a heading that the column wrapped: "二、2017年工作总体部" then "署"
            heading_tail = (
                heading
                and full_width
                and 0 < len(next_line.strip()) < (width or 0) - 1
                and not _PROSE.search(next_line)
                and not _LINE_END.search(next_line)
                and not _LIST_NUMBER.match(original, m.end())
            )
            # a figure that a column moved to the next line: "…城镇新增就业" then "1100万人以上，…", or "…涨" then
            # "幅3%左右"; after running text only, since a heading may well be followed by "建设141家…"
            figure_next = (
                bool(tail)
                and not _LINE_END.search(line)
                and (_PROSE.search(tail) is not None or full_width)
                and (re.match(r"[0-9０-９]", next_line) is not None or _FRAGMENT_FIGURE.match(next_line) is not None)
                and not _LIST_NUMBER.match(original, m.end())
            )
            join = (
                broken
                or figure_next
                or heading_tail
                or (not heading and wrapped)
                or (
                    not heading
                    and bool(tail)
                    and bool(nxt)
                    and not _LINE_END.search(line)
                    and (
                        _CONTINUATION_START.match(nxt) is not None
                        or tail[-1] in "，,、"
                        or (blank and _PROSE.search(tail) is not None and len(tail) >= 6)
                        or (blank and continued and 10 <= len(tail) <= 20 and " " not in tail)
                    )
                    and not line.lstrip().startswith(("- ", "* ", "——"))
                    and not _LIST_NUMBER.match(original, m.end())  # "一、…" "（二）…" open a new item
                    and not _STANDALONE.match(next_line)  # a headline or byline, not the rest of a sentence
                )
            )
            if join and not broken and _SPACED.search(line.strip()):
                join = False  # "国务院总理\u3000李克强", a byline
            if join:
                pieces.append(original[copied_to : m.start()])
                length += m.start() - copied_to
                copied_to = m.end()
                segments.append((length, copied_to))
            continued = join
            line_start = m.end()
            if not join:
                logical_start = m.end()
        pieces.append(original[copied_to:])
        text = "".join(pieces)
        return cls(original, text, tuple(segments))

    def original_offset(self, offset: int) -> int:
        """The offset in the original text of the character at ``offset`` in the repaired text."""
        i = bisect_right(self.segments, (offset, len(self.original) + 1)) - 1
        repaired_start, original_start = self.segments[max(i, 0)]
        return original_start + offset - repaired_start

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty ``[start, end)`` span of the repaired text to the original text."""
        if end <= start:
            at = self.original_offset(start)
            return at, at
        return self.original_offset(start), self.original_offset(end - 1) + 1


#: the start of a unit after a number: "万亿元", "%", "个百分点"
_UNIT_START: Final[re.Pattern[str]] = re.compile(
    rf"^[ \t\u3000]*(?:[%％‰]|(?:{MULTIPLIER})?(?:{UNIT})|余|多|(?:{MULTIPLIER}))"
)
#: spaced words, as in bylines: "国务院总理　李克强"
_SPACED: Final[re.Pattern[str]] = re.compile(r"\S[ \u3000\u2002]+\S")


#: a photo caption or byline that a page sets between two lines of a sentence
_CAPTION: Final[re.Pattern[str]] = re.compile(
    r"^\s*(?:图为|图：|图:|[（(]图|上图|下图|左图|右图|题图)|(?:记者|通讯员|摄影)\s*\S{2,4}\s*摄\s*$|摄影[:：]"
    # a byline: "本报记者 张三", "通讯员 李四 王五"
    r"|^\s*(?:本报|新华社|本台|融媒体中心)?(?:记者|通讯员)[ \u3000]*[\u4e00-\u9fff]{2,4}"
    r"(?:[ \u3000、]+[\u4e00-\u9fff]{2,4})*\s*$"
)


def _caption_gap(original: str, line: str, tail: str, next_line: str, next_end: int) -> int | None:
    """Where the text resumes after a caption set inside a sentence, or None: the line before must stop
    mid-sentence and the line after the caption must run on."""
    if not tail or _LINE_END.search(line) or not _CAPTION.search(next_line) or next_end < 0:
        return None
    gap = _BREAK.match(original, next_end)
    if gap is None or gap.end() >= len(original):
        return None
    resumed = original[gap.end() : gap.end() + 1]
    if _LIST_NUMBER.match(original, gap.end()) or not resumed or resumed in "—-*":
        return None
    return gap.end()


def _numbered_heading(line: str) -> bool:
    """A numbered line with no comma: a heading ("二、2018年经济社会发展总体要求和政策取向")."""
    return _LIST_NUMBER.match(line) is not None and not re.search(r"[，,。；;！？!?]", line)


def _column_width(text: str) -> int | None:
    """The width of a text re-wrapped into columns, or None: the line length that at least
    :data:`_COLUMN_SHARE` of the lines share (give or take one), when lines are short."""
    lengths = [len(line.strip()) for line in text.split("\n") if line.strip()]
    if len(lengths) < 20:
        return None
    counts: dict[int, int] = {}
    for n in lengths:
        counts[n] = counts.get(n, 0) + 1
    best = max(counts, key=lambda n: counts.get(n - 1, 0) + counts[n] + counts.get(n + 1, 0))
    share = (counts.get(best - 1, 0) + counts[best] + counts.get(best + 1, 0)) / len(lengths)
    return best if best >= _MIN_COLUMN and share >= _COLUMN_SHARE else None


#: names of statistics that a column break must not cut: "地区生\n\n产总值" is one word
_TERMS: Final[tuple[str, ...]] = (
    "地区生产总值",
    "国内生产总值",
    "生产总值",
    "增加值",
    "固定资产投资",
    "社会消费品零售总额",
    "一般公共预算收入",
    "一般公共预算支出",
    "税收收入",
    "人均可支配收入",
    "城镇居民",
    "农村居民",
    "居民消费价格",
    "规模以上工业",
    "城镇新增就业",
    "城镇登记失业率",
    "城镇调查失业率",
    "常住人口",
    "户籍人口",
    "城镇化率",
    "进出口总额",
    "实际使用外资",
    "研发经费",
    "粮食产量",
    "财政收入",
    "财政支出",
    "存款余额",
    "贷款余额",
    "空气质量",
    "优良天数",
    "森林覆盖率",
    "单位国内生产总值",
    "能源消耗",
    "营业收入",
    "利润总额",
    "亿元",
    "万元",
    "万人",
    "百分点",
    "平方米",
    "平方公里",
    "公里",
    "项目",
    "继续",
    "增长",
    "提高",
    "发展",
    "建设",
    "推进",
    "实现",
    "完成",
    "达到",
    "超过",
    "下降",
    "减少",
    "增加",
)


#: each way a term can be cut, indexed by the first character after the cut: "产" -> [("地区生", "产总值"), …]
_CUTS: Final[dict[str, tuple[tuple[str, str], ...]]] = {}
for _term in _TERMS:
    for _k in range(1, len(_term)):
        _CUTS[_term[_k]] = (*_CUTS.get(_term[_k], ()), (_term[:_k], _term[_k:]))


def _term_across(line: str, next_line: str) -> bool:
    """Whether a known name runs across the break: "全区地区生" then "产总值达到428.2"."""
    left = line.rstrip()
    right = next_line.lstrip()
    if not left or not right:
        return False
    return any(left.endswith(before) and right.startswith(after) for before, after in _CUTS.get(right[0], ()))
