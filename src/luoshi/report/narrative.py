"""数说: an indicator's figures as the sentences a district's paper prints, each with its sources.

Pure: from the figures an assessment used (annual levels, growth rates, the target, the status and what
is needed) to Chinese sentences, every figure written by :mod:`luoshi.report.present`. The phrasings are
the standard ones luoshi's own extractor reads back (the round trip of docs/reports.md):

- a span of years: ``全区地区生产总值从2018年的 394.5 亿元增加到2020年的 428.2 亿元，年均增长 4.2%。``
  (``2018年为 1,200 人，2020年达到 1,562 人，年均增长 …`` when a grouped number would split the clause);
- one year: ``全区网格员2023年达到 1,562 人，比2022年增长 2.8%。``; a share moves in 百分点;
- the target and status: ``地区生产总值的目标是2025年达到 500 亿元，目前需加快进度。``;
- the gap and the rate needed: ``地区生产总值距2025年目标还差 71.8 亿元，2024—2025年地区生产总值需年均增长 8.1%。``

A sentence that uses a simulated figure says so (``（模拟）``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from luoshi.domain.indicator import Direction
from luoshi.domain.measurement import UnknownUnit, to_base
from luoshi.domain.observation import Observation
from luoshi.domain.provenance import Provenance
from luoshi.domain.target import Comparator, Measure, Target
from luoshi.engine.growth import cagr
from luoshi.engine.progress import ProgressStatus
from luoshi.report import present

#: the scenario of simulated figures (services/progress.py SIMULATED)
SIMULATED = "simulated"
#: what a sentence built on a simulated figure carries
SIMULATED_MARK = "（模拟）"
#: counts read 达到 (达到22家); other levels read 为
COUNT_UNITS = frozenset({"家", "个", "所", "项", "名", "件", "起", "次", "期", "人", "户", "座", "处", "支", "条"})


@dataclass(frozen=True)
class Source:
    """Where a figure of a sentence comes from: its indicator and period, and the document span it was
    read from (or the kind of provenance: a sheet row, entered by hand, a simulation)."""

    indicator_code: str
    period: str
    kind: str | None = None
    document_code: str | None = None
    start: int | None = None
    end: int | None = None
    quote: str | None = None
    simulated: bool = False


@dataclass(frozen=True)
class Figure:
    """A figure a sentence prints, as a reader (or the extractor) reads it back.

    ``kind``: level, growth (a rate in %), points (a change of a share in 百分点), target, gap or needed;
    ``printed``: the number and unit as printed; ``value``/``unit``: that number in its base unit (a rate
    in %, signed: a fall is negative); ``period``: the period code it is for (2020, 2018-2020).
    """

    indicator_code: str
    kind: str
    printed: str
    value: float
    unit: str
    period: str
    comparator: str = Comparator.EQ.value


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text, the indicator it is about, the figures it prints and their sources."""

    text: str
    indicator_code: str
    figures: tuple[Figure, ...] = ()
    sources: tuple[Source, ...] = ()
    simulated: bool = False

    @property
    def periods(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.period for f in self.figures))


@dataclass(frozen=True)
class Paragraph:
    """The sentences about one indicator."""

    indicator_code: str
    name: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Facts:
    """What the narrative of one indicator is written from (values of the assessment in ``unit``).

    ``levels``: the annual level figures used, one per year (real before simulated); ``growths``: reported
    growth rates; ``base_year``: the year the assessment measures from.
    """

    code: str
    name: str
    unit: str
    direction: Direction
    levels: tuple[Observation, ...] = ()
    growths: tuple[Observation, ...] = ()
    base_year: int | None = None
    target: Target | None = None
    status: ProgressStatus = ProgressStatus.INSUFFICIENT_DATA
    current_year: int | None = None
    current_value: float | None = None
    target_value: float | None = None
    needed_rate: float | None = None
    area: str = "全区"
    #: 可比价: its growth is judged at comparable prices, so a rate computed from its (current-price) levels
    #: is said to be 按现价计算
    comparable: bool = False


def source_of(o: Observation) -> Source:
    """The source of an observation: its document span where it was read from one."""
    p: Provenance | None = o.provenance
    return Source(
        indicator_code=o.indicator_code,
        period=o.period.code,
        kind=p.kind.value if p is not None else None,
        document_code=p.document_code if p is not None else None,
        start=p.start if p is not None else None,
        end=p.end if p is not None else None,
        quote=p.quote if p is not None else None,
        simulated=o.scenario == SIMULATED,
    )


def target_source(code: str, target: Target) -> Source:
    p = target.provenance
    return Source(
        indicator_code=code,
        period=str(target.target_year),
        kind=p.kind.value if p is not None else None,
        document_code=p.document_code if p is not None else None,
        start=p.start if p is not None else None,
        end=p.end if p is not None else None,
        quote=p.quote if p is not None else None,
    )


def _printed_value(text: str) -> tuple[float, str]:
    """``428.2 亿元`` -> (4.282e10, 元); ``4.2%`` -> (4.2, %); ``2.7 个百分点`` -> (2.7, 百分点)."""
    text = text.strip()
    for word in ("超过 ", "低于 "):
        text = text.removeprefix(word)
    for word in ("以上", "以内", "左右"):
        text = text.removesuffix(word)
    if text.endswith("个百分点"):
        return float(text.removesuffix("个百分点").strip().replace(",", "")), "百分点"
    if text.endswith("%"):
        return float(text[:-1].replace(",", "")), "%"
    digits, _, unit = text.partition(" ")
    number = float(digits.replace(",", ""))
    try:
        return to_base(number, unit)
    except UnknownUnit:
        return number, unit


def _figure(
    code: str, kind: str, printed: str, period: str, *, sign: int = 1, comparator: Comparator = Comparator.EQ
) -> Figure:
    value, unit = _printed_value(printed)
    return Figure(code, kind, printed, sign * value, unit, period, comparator.value)


def _quantity(o: Observation, unit: str) -> str:
    """A level as printed, without its comparator (that is written around it)."""
    plain = Observation(
        o.indicator_code, o.region_code, o.period, o.value, o.measure, o.unit, o.printed_value, o.printed_unit
    )
    return present.figure_text(plain, unit)


def _ends(text: str, simulated: bool) -> str:
    return text + (SIMULATED_MARK if simulated else "") + "。"


def _verb(unit: str, direction: Direction) -> str:
    return "达到" if unit in COUNT_UNITS and direction is Direction.INCREASE else "为"


def level_sentence(f: Facts) -> Sentence | None:
    """The levels: from the base year (or the first year) to the newest, with the growth computed from them."""
    if not f.levels:
        return None
    last = f.levels[-1]
    # from the base year the assessment measures from; when that is the newest year, from the first year known
    firsts = [o for o in f.levels if o.period.year == f.base_year and o is not last] or [f.levels[0]]
    first = firsts[0]
    subject = f"{f.area}{f.name}"
    now = _quantity(last, f.unit)
    now_text = present.bounded(now, last.comparator)
    year1 = last.period.year
    figures = [_figure(f.code, "level", now, last.period.code, comparator=last.comparator)]
    simulated = last.scenario == SIMULATED
    if first is last or first.comparator is not Comparator.EQ or last.comparator is not Comparator.EQ:
        verb = "" if last.comparator in (Comparator.GT, Comparator.LT) else _verb(f.unit, f.direction) + " "
        text = f"{subject}{year1}年{verb}{now_text}"
        return Sentence(_ends(text, simulated), f.code, tuple(figures), (source_of(last),), simulated)
    year0 = first.period.year
    if _quantity(first, f.unit) == now:  # unchanged as printed: no growth to speak of
        text = f"{subject}{year1}年{_verb(f.unit, f.direction)} {now}，与{year0}年持平"
        simulated = simulated or first.scenario == SIMULATED
        return Sentence(_ends(text, simulated), f.code, tuple(figures), (source_of(first), source_of(last)), simulated)
    years = year1 - year0
    then = _quantity(first, f.unit)
    simulated = simulated or first.scenario == SIMULATED
    sources = (source_of(first), source_of(last))
    change = _change(f, first, last, years)
    if years == 1:
        text = f"{subject}{year1}年{_verb(f.unit, f.direction)} {now}"
        if change is not None:
            text = _at_current_prices(f, text + f"，比{year0}年{change[0]}")
            figures.append(change[1])
        return Sentence(_ends(text, simulated), f.code, tuple(figures), sources, simulated)
    figures.insert(0, _figure(f.code, "level", then, first.period.code))
    if "," in then:  # a grouped number would end the extractor's clause inside 从…的 1,200 人: name each year
        text = f"{subject}{year0}年为 {then}，{year1}年{_verb(f.unit, f.direction)} {now}"
    else:
        moved = "增加到" if last.value > first.value else "减少到"
        if f.unit in present.SHARE_UNITS:
            moved = moved.replace("增加", "提高").replace("减少", "下降")
        text = f"{subject}从{year0}年的 {then}{moved}{year1}年的 {now}"
    if change is not None:
        text += f"，{change[0]}"
        figures.append(change[1])
        text = _at_current_prices(f, text)
    return Sentence(_ends(text, simulated), f.code, tuple(figures), sources, simulated)


def _at_current_prices(f: Facts, text: str) -> str:
    """A growth rate computed from a 可比价 indicator's current-price levels says so."""
    return f"按现价计算，{text}" if f.comparable else text


def _change(f: Facts, first: Observation, last: Observation, years: int) -> tuple[str, Figure] | None:
    """The change from ``first`` to ``last``: 百分点 for a share, else the (annual average) growth rate."""
    period = f"{first.period.year}-{last.period.year}" if years > 1 else last.period.code
    if f.unit in present.SHARE_UNITS:
        before, after = _printed_value(_quantity(first, f.unit))[0], _printed_value(_quantity(last, f.unit))[0]
        diff = after - before
        printed = present.points(abs(diff))
        word = "提高" if diff > 0 else "下降" if diff < 0 else "持平，变化"
        if diff == 0:
            return None
        return f"{word} {printed}", _figure(f.code, "points", printed, period, sign=1 if diff > 0 else -1)
    try:
        rate = cagr(first.value, last.value, years) * 100
    except Exception:
        return None
    if not math.isfinite(rate):
        return None
    words = present.growth_text(rate, annualized=years > 1, decimals=1)
    printed = f"{present.number(abs(rate), 1)}%"
    return words, _figure(f.code, "growth", printed, period, sign=-1 if rate < 0 else 1)


def growth_sentence(f: Facts) -> Sentence | None:
    """Without levels: the newest reported growth rate (全区地区生产总值2016—2020年年均增长 7.22%)."""
    if f.levels or not f.growths:
        return None
    o = f.growths[-1]
    words = present.figure_text(o, "%")
    places = present.decimals_of(o.printed_value) if o.printed_value else 1
    printed = present.bounded(f"{present.number(abs(o.value), places)}%", Comparator.EQ)
    simulated = o.scenario == SIMULATED
    text = f"{f.area}{f.name}{present.period_text(o.period)}{words}"
    figure = _figure(f.code, "growth", printed, o.period.code, sign=-1 if o.value < 0 else 1, comparator=o.comparator)
    return Sentence(_ends(text, simulated), f.code, (figure,), (source_of(o),), simulated)


def target_sentence(f: Facts) -> Sentence | None:
    """The target and the status against it."""
    t = f.target
    if t is None:
        return None
    words = present.target_text(t, f.unit)
    printed = f"{present.number(t.value)}%" if t.measure is Measure.GROWTH else present.base_quantity(t.value, f.unit)
    figure = _figure(f.code, "target", printed, str(t.target_year), comparator=t.comparator)
    state = {
        ProgressStatus.TARGET_ACHIEVED: "已达目标",
        ProgressStatus.INSUFFICIENT_DATA: "数据不足，尚难判断进度",
    }.get(f.status, f"目前{present.status_text(f.status)}")
    text = f"{f.name}的目标是{words}，{state}"
    return Sentence(_ends(text, False), f.code, (figure,), (target_source(f.code, t),))


def needed_sentence(f: Facts, current: Observation | None) -> Sentence | None:
    """How far the newest level is from the target, and the annual rate needed from now on."""
    t = f.target
    if t is None or f.status in (ProgressStatus.TARGET_ACHIEVED, ProgressStatus.INSUFFICIENT_DATA):
        return None
    if f.current_year is None or f.current_year >= t.target_year:
        return None
    parts: list[str] = []
    figures: list[Figure] = []
    period = str(t.target_year)
    if t.measure is Measure.LEVEL and f.current_value is not None and f.target_value is not None:
        gap = present.gap_text(f.current_value, f.target_value, f.unit, f.direction)
        if gap not in (present.NO_VALUE, "已达到"):
            verb, _, amount = gap.partition(" ")
            verb = "还差" if verb == "差" else verb
            parts.append(f"{f.name}距{t.target_year}年目标{verb} {amount}")
            sign = -1 if verb == "需再降" else 1
            figures.append(_figure(f.code, "gap", amount, period, sign=sign))
    if f.needed_rate is not None and math.isfinite(f.needed_rate) and f.unit not in present.SHARE_UNITS:
        years = t.target_year - f.current_year
        rate = f.needed_rate * 100
        words = present.growth_text(rate, annualized=years > 1, decimals=1)
        span = present.years_text(f.current_year + 1, t.target_year)
        parts.append(f"{span}{f.name}需{words}")
        printed = f"{present.number(abs(rate), 1)}%"
        needed_period = f"{f.current_year + 1}-{t.target_year}" if years > 1 else period
        figures.append(_figure(f.code, "needed", printed, needed_period, sign=-1 if rate < 0 else 1))
    if not parts:
        return None
    simulated = current is not None and current.scenario == SIMULATED
    sources = ((source_of(current),) if current is not None else ()) + (target_source(f.code, t),)
    return Sentence(_ends("，".join(parts), simulated), f.code, tuple(figures), sources, simulated)


def paragraph(f: Facts) -> Paragraph:
    """The sentences about one indicator: its levels (or growth), its target and status, what is needed."""
    current = next((o for o in reversed(f.levels) if o.period.year == f.current_year), None)
    built = (level_sentence(f), growth_sentence(f), target_sentence(f), needed_sentence(f, current))
    return Paragraph(f.code, f.name, tuple(s for s in built if s is not None))


def narrative(facts: Sequence[Facts]) -> list[Paragraph]:
    """The paragraphs of several indicators, in order; an indicator with nothing to say is left out."""
    return [p for p in (paragraph(f) for f in facts) if p.sentences]


def plain_text(paragraphs: Sequence[Paragraph]) -> str:
    """The narrative as text: one paragraph a line."""
    return "\n".join("".join(s.text for s in p.sentences) for p in paragraphs) + ("\n" if paragraphs else "")
