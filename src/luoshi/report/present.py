"""How figures are written: values, targets, periods, statuses and gaps as Chinese text.

The one home of figure wording, for the CLI, the pages and the reports, so that the same figure never reads
two ways (docs/methodology.md 1.13, "How figures are written"). Its rules:

- **Grouping.** The integer part is grouped in thousands with a comma, always from four digits on:
  ``1,562 人``, ``428.2 亿元``, ``15,620 人``.
- **Rounding.** Half away from zero (四舍五入) on the decimal digits, never on binary noise. A figure keeps its
  printed digits (``428.0`` stays ``428.0``); a computed value gets the default precision (0 decimals from
  1,000, 1 from 100, else 2, trailing zeros dropped; small values keep two significant digits).
- **Scaling.** A value in a base unit that people count in 万 and 亿 (元, 人, 吨, …) is scaled from 10万 on:
  ``15620000 元`` reads ``1,562 万元``, ``3.2e9 元`` reads ``32 亿元``. A display unit that already has a
  multiplier (亿元, 万人) is kept as it is.
- **Spacing.** A number and a unit word are one space apart (``20 家``, ``差 36 家``); ``%`` sits on the number.
- **Rates** are fractions in and percent out (``0.042`` → ``4.2%``); a difference of rates or shares is in
  百分点 (``差 2.7 个百分点``).
- **Comparators** follow the number: 以上, 超过, 以内, 低于, 左右.
- **Periods** use the em dash of printed plans: ``2021—2025年``, ``2024年1—9月``.

Negative numbers carry a plain minus sign; a value that rounds to zero has none (``-0.001`` at 2 decimals → ``0.00``).
"""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from luoshi.domain.indicator import Direction
from luoshi.domain.measurement import UnknownUnit, from_base, parse_unit
from luoshi.domain.observation import Observation
from luoshi.domain.period import InvalidPeriod, Period, PeriodKind
from luoshi.domain.target import COMPARATOR_LABELS, Comparator, Measure, Target
from luoshi.engine.progress import ProgressStatus, status_label

#: what a missing figure reads
NO_VALUE = "—"
#: base units that are counted in 万 and 亿 (money, people, quantities); shares, times and ages never are
SCALABLE_UNITS = frozenset(
    {"元", "美元", "欧元", "港元", "日元", "人", "人次", "户", "吨", "千瓦", "千瓦时", "平方米",
     "立方米", "公顷", "亩", "件", "件次", "个", "辆", "台", "套", "株", "棵", "头", "只", "次", "公斤", "斤"}
)  # fmt: skip
#: a base-unit value is scaled from this size on (below it, ``15,620 人`` reads better than ``1.56 万人``)
SCALE_FROM = 1e5
#: the multipliers used for scaling, largest first
SCALE_STEPS = ((1e8, "亿"), (1e4, "万"))
#: units written on the number without a space
ATTACHED_UNITS = frozenset({"%", "‰"})
#: the unit whose differences are 百分点
SHARE_UNITS = frozenset({"%"})


def decimals_of(printed: str) -> int:
    """How many decimal digits a printed number has.

    >>> decimals_of("428.2"), decimals_of("1,562"), decimals_of("20"), decimals_of("0.050")
    (1, 0, 0, 3)
    """
    _, dot, fraction = printed.strip().partition(".")
    return len(fraction) if dot else 0


def default_decimals(value: float) -> int:
    """The precision of a computed value that has no printed digits: 0 from 1,000, 1 from 100, else 2;
    a value under 0.01 keeps two significant digits.

    >>> default_decimals(15620.4), default_decimals(428.23), default_decimals(4.282), default_decimals(0.0012)
    (0, 1, 2, 4)
    """
    size = abs(value)
    if size >= 1000:
        return 0
    if size >= 100:
        return 1
    if size == 0 or size >= 0.01:
        return 2
    return min(10, 1 - math.floor(math.log10(size)))


def number(value: float, decimals: int | None = None, *, trim: bool = False) -> str:
    """A number grouped in thousands and rounded half away from zero.

    With ``decimals`` (the printed precision) exactly that many digits are shown, or at most that many
    with ``trim``; without, the default precision with trailing zeros dropped.

    >>> number(1562), number(15620000), number(428.25, 1), number(428.0, 1), number(2.675, 2)
    ('1,562', '15,620,000', '428.3', '428.0', '2.68')
    >>> number(20.0), number(4.282), number(-1234.5), number(-0.001, 2), number(0), number(0.0012)
    ('20', '4.28', '-1,235', '0.00', '0', '0.0012')
    >>> number(11.0, 2, trim=True), number(26.77, 1, trim=True)
    ('11', '26.8')
    """
    if not math.isfinite(value):
        return NO_VALUE
    fixed = decimals is not None and not trim
    places = decimals if decimals is not None else default_decimals(value)
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if exact == 0:
        exact = abs(exact)  # no "-0"
    text = f"{exact:,f}"
    if not fixed and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def with_unit(digits: str, unit: str) -> str:
    """A number and its unit: ``20 家``, ``4.2%``.

    >>> with_unit("20", "家"), with_unit("4.2", "%"), with_unit("3", "")
    ('20 家', '4.2%', '3')
    """
    if not unit:
        return digits
    return f"{digits}{unit}" if unit in ATTACHED_UNITS else f"{digits} {unit}"


def scaled(value: float, unit: str) -> tuple[float, str, int]:
    """A value of a base unit scaled to 万 or 亿 when it is large: (value, unit, power of ten divided by).

    >>> scaled(15620000, "元"), scaled(3.2e9, "元"), scaled(15620, "人"), scaled(2e6, "亿元"), scaled(5e5, "%")
    ((1562.0, '万元', 4), (32.0, '亿元', 8), (15620, '人', 0), (2000000.0, '亿元', 0), (500000.0, '%', 0))
    """
    if unit not in SCALABLE_UNITS or abs(value) < SCALE_FROM:
        return value, unit, 0
    for size, prefix in SCALE_STEPS:
        if abs(value) >= size:
            return value / size, prefix + unit, round(math.log10(size))
    return value, unit, 0  # pragma: no cover - SCALE_FROM is above the smallest step


def quantity(value: float | None, unit: str, decimals: int | None = None, *, trim: bool = False) -> str:
    """A value in ``unit`` (an indicator's display unit, or a base unit that is scaled to 万/亿).

    ``decimals`` is the precision of ``value`` in ``unit``; scaling moves it (4 fewer for 万).

    >>> quantity(15620000, "元"), quantity(1562, "人"), quantity(428.2, "亿元"), quantity(36.5, "%")
    ('1,562 万元', '1,562 人', '428.2 亿元', '36.5%')
    >>> quantity(-2500000, "元"), quantity(0, "家"), quantity(None, "家"), quantity(2.0e5, "人", 0)
    ('-250 万元', '0 家', '—', '20 万人')
    """
    if value is None:
        return NO_VALUE
    shown, shown_unit, power = scaled(value, unit)
    places = None if decimals is None else max(0, decimals - power)
    if places is not None and power:
        places = None  # scaled: the default precision of the scaled value reads better than trailing zeros
    return with_unit(number(shown, places, trim=trim), shown_unit)


def investment(wan: float | None) -> str:
    """A project's investment given in 万元, scaled as every amount is (万元, 亿元).

    >>> investment(1562.5), investment(4610900), investment(None)
    ('1,562.5 万元', '461.09 亿元', '—')
    """
    if wan is None:
        return NO_VALUE
    value, unit, _ = scaled(wan * 10_000, "元")
    return with_unit(number(value, 2, trim=True), unit)


def dated_quantity(year: int | None, value: float | None, unit: str) -> str:
    """A value in ``unit`` with its year: ``2023年 1,562 人``; without a value ``—``.

    >>> dated_quantity(2023, 1562, "人"), dated_quantity(2025, 428.2, "亿元"), dated_quantity(None, None, "人")
    ('2023年 1,562 人', '2025年 428.2 亿元', '—')
    """
    if value is None:
        return NO_VALUE
    text = quantity(value, unit)
    return text if year is None else f"{year}年 {text}"


def base_quantity(value: float | None, display_unit: str, decimals: int | None = None) -> str:
    """A value stored in its base unit, written in the indicator's display unit (15620000 元 as 万元 → 1,562 万元).

    >>> base_quantity(4.282e10, "亿元"), base_quantity(1562, "人"), base_quantity(15620000, "元")
    ('428.2 亿元', '1,562 人', '1,562 万元')
    """
    if value is None:
        return NO_VALUE
    try:
        return quantity(from_base(value, display_unit), display_unit, decimals)
    except UnknownUnit:
        return quantity(value, display_unit, decimals)


def percent(fraction: float | None, decimals: int = 1) -> str:
    """A rate or share given as a fraction, in percent.

    >>> percent(0.042), percent(0.0425, 2), percent(-0.013), percent(0.85, 0), percent(None), percent(0)
    ('4.2%', '4.25%', '-1.3%', '85%', '—', '0.0%')
    """
    if fraction is None or not math.isfinite(fraction):
        return NO_VALUE
    return number(fraction * 100, decimals) + "%"


def date_text(day: date) -> str:
    """A date as an official document writes it.

    >>> date_text(date(2026, 3, 5))
    '2026年3月5日'
    """
    return f"{day.year}年{day.month}月{day.day}日"


def version_note(version: int, made_on: date) -> str:
    """The line a report ends or its footer carries: the data version it was made from, and the day.

    >>> version_note(361, date(2026, 11, 30))
    '数据版本 361 · 2026年11月30日生成'
    """
    return f"数据版本 {version} · {date_text(made_on)}生成"


def score(value: float | None) -> str:
    """A unit's ranking score (0-100), to one decimal as the ranking page shows it.

    >>> score(87.25), score(100.0), score(None)
    ('87.3', '100.0', '—')
    """
    return NO_VALUE if value is None else number(value, 1)


def days(count: int | None) -> str:
    """A number of days (overdue, late).

    >>> days(3), days(1200), days(None)
    ('3 天', '1,200 天', '—')
    """
    return NO_VALUE if count is None else f"{number(count)} 天"


def points(difference: float | None, decimals: int = 1) -> str:
    """A difference of two rates or shares (in percent) as 百分点.

    >>> points(2.7), points(-0.35, 2), points(0), points(None)
    ('2.7 个百分点', '-0.35 个百分点', '0.0 个百分点', '—')
    """
    if difference is None or not math.isfinite(difference):
        return NO_VALUE
    return f"{number(difference, decimals)} 个百分点"


def comparator_word(comparator: Comparator) -> str:
    """The word of a bounded figure: ``>=`` 以上, ``<=`` 以内, ``~`` 左右, ``>`` 超过, ``<`` 低于.

    >>> comparator_word(Comparator.GE), comparator_word(Comparator.LE), comparator_word(Comparator.EQ)
    ('以上', '以内', '')
    """
    return COMPARATOR_LABELS[comparator]


#: comparators whose word stands before the figure (超过 3,000 个); the others follow it (310 天以上)
_PREFIXED = frozenset({Comparator.GT, Comparator.LT})


def bounded(text: str, comparator: Comparator) -> str:
    """A figure with its comparator: ``20 家以上``, ``4.5%以内``, ``超过 3,000 个``, ``8.5%左右``.

    >>> bounded("20 家", Comparator.GE), bounded("3,000 个", Comparator.GT), bounded("4.5%", Comparator.LE)
    ('20 家以上', '超过 3,000 个', '4.5%以内')
    """
    word = comparator_word(comparator)
    return f"{word} {text}" if comparator in _PREFIXED else f"{text}{word}"


def period_text(period: Period | str | int) -> str:
    """A period in words; a code that is no period is returned as it is.

    >>> period_text("2023"), period_text("2021-2025"), period_text("2024YTD09"), period_text("2024Q3")
    ('2023年', '2021—2025年', '2024年1—9月', '2024年第三季度')
    >>> period_text("2024H1"), period_text("2024M03"), period_text("soon")
    ('2024年上半年', '2024年3月', 'soon')
    """
    if not isinstance(period, Period):
        try:
            period = Period.parse(period)
        except InvalidPeriod:
            return str(period)
    match period.kind:
        case PeriodKind.YEAR_TO_DATE:
            return f"{period.year}年1—{period.index}月"
        case PeriodKind.SPAN:
            return f"{period.start_year}—{period.year}年"
    return period.label


def years_text(start: int, end: int) -> str:
    """A span of years: ``2021—2025年``; one year: ``2025年``.

    >>> years_text(2021, 2025), years_text(2025, 2025)
    ('2021—2025年', '2025年')
    """
    return f"{start}年" if start == end else f"{start}—{end}年"


def growth_text(
    value_percent: float, *, annualized: bool, comparator: Comparator = Comparator.EQ, decimals: int | None = None
) -> str:
    """A growth rate given in percent: ``年均增长 8.5%以上``; a fall reads 下降.

    >>> growth_text(8.5, annualized=True, comparator=Comparator.GE), growth_text(-3.2, annualized=False)
    ('年均增长 8.5%以上', '下降 3.2%')
    >>> growth_text(8.5, annualized=True, comparator=Comparator.GT)
    '年均增长超过 8.5%'
    """
    verb = ("年均" if annualized else "") + ("增长" if value_percent >= 0 else "下降")
    body = bounded(f"{number(abs(value_percent), decimals)}%", comparator)
    return f"{verb}{body}" if comparator in _PREFIXED else f"{verb} {body}"


_LEVEL_VERBS = {Comparator.LE: "控制在", Comparator.GT: "", Comparator.LT: ""}


def target_text(target: Target, display_unit: str) -> str:
    """A target in words, as a plan prints it.

    A growth target from its base year's level runs over the years after it (base 2020, target 2025:
    2021—2025年).

    >>> from luoshi.domain.target import Target, Measure, Comparator
    >>> growth = Target(Measure.GROWTH, Comparator.GE, 8.5, base_year=2020, target_year=2025, annualized=True)
    >>> target_text(growth, "亿元")
    '2021—2025年年均增长 8.5%以上'
    >>> target_text(Target(Measure.LEVEL, Comparator.GE, 20, target_year=2025), "家")
    '2025年达到 20 家以上'
    >>> target_text(Target(Measure.LEVEL, Comparator.LE, 4.5, target_year=2025), "%")
    '2025年控制在 4.5%以内'
    >>> target_text(Target(Measure.LEVEL, Comparator.GT, 3000, target_year=2025), "个")
    '2025年超过 3,000 个'
    """
    if target.measure is Measure.GROWTH:
        start = target.base_year + 1 if target.base_year is not None else target.target_year
        kind = "年均增长" if target.annualized else "累计增长"
        body = bounded(f"{number(target.value)}%", target.comparator)
        joint = "" if target.comparator in _PREFIXED else " "
        return f"{years_text(start, target.target_year)}{kind}{joint}{body}"
    verb = _LEVEL_VERBS.get(target.comparator, "达到")
    body = bounded(base_quantity(target.value, display_unit), target.comparator)
    return f"{target.target_year}年{verb}{' ' if verb else ''}{body}"


def figure_text(o: Observation, display_unit: str) -> str:
    """An observation as printed, with its printed digits and unit when it has them.

    >>> from luoshi.domain.observation import Observation
    >>> from luoshi.domain.period import Period
    >>> gdp = Observation("gdp", "r", Period.parse("2020"), 4.282e10, Measure.LEVEL, "元", "428.2", "亿元")
    >>> people = Observation("n", "r", Period.parse("2020"), 1562, Measure.LEVEL, "人")
    >>> figure_text(gdp, "亿元"), figure_text(people, "人")
    ('428.2 亿元', '1,562 人')
    >>> rate = Observation("g", "r", Period.parse("2016-2020"), 4.2, Measure.GROWTH, "%", "4.2", annualized=True)
    >>> figure_text(rate, "%")
    '年均增长 4.2%'
    >>> firms = Observation("e", "r", Period.parse("2020"), 3000, Measure.LEVEL, "个", comparator=Comparator.GT)
    >>> figure_text(firms, "个")
    '超过 3,000 个'
    """
    if o.measure is Measure.GROWTH:
        places = decimals_of(o.printed_value) if o.printed_value else None
        return growth_text(o.value, annualized=o.annualized, comparator=o.comparator, decimals=places)
    if o.printed_value and o.printed_unit:
        try:
            digits = number(float(o.printed_value.replace(",", "")), decimals_of(o.printed_value))
        except ValueError:
            digits = o.printed_value
        return bounded(with_unit(digits, o.printed_unit), o.comparator)
    try:
        parse_unit(display_unit)
    except UnknownUnit:
        return bounded(quantity(o.value, o.unit), o.comparator)
    return bounded(base_quantity(o.value, display_unit), o.comparator)


def status_text(status: ProgressStatus | str, targeted: bool = True) -> str:
    """A progress status in words: a target status's words, or the no-target words (docs/methodology.md 1.6).

    >>> status_text(ProgressStatus.ON_TRACK), status_text("deterioration"), status_text("on_track", False)
    ('进度正常', '出现倒退', '明显向好')
    """
    return status_label(ProgressStatus(status), targeted)


def change_text(change: float | None, unit: str) -> str | None:
    """An absolute change as shown (+43 家, −0.3 个百分点, +12.5 亿元): sign, at most two decimals; None
    without one.

    >>> change_text(43, "家"), change_text(-0.3, "%"), change_text(0.001, "亿元"), change_text(None, "家")
    ('+43 家', '−0.3 个百分点', '0 亿元', None)
    """
    if change is None:
        return None
    digits = number(abs(change), 2, trim=True)
    sign = "+" if change > 0 and digits != "0" else "−" if change < 0 and digits != "0" else ""
    words = "个百分点" if unit in ("%", "％") else unit
    return f"{sign}{digits} {words}".rstrip()


def remaining(current: float | None, target: float | None, direction: Direction | str) -> float | None:
    """How far a value still is from its target, in the value's unit: positive while short of it, zero or
    negative once reached (a cap counts downwards).

    >>> remaining(14, 50, Direction.INCREASE), remaining(0.52, 0.48, "decrease"), remaining(None, 5, "increase")
    (36, 0.040000000000000036, None)
    """
    if current is None or target is None:
        return None
    gap = target - current
    return -gap if Direction(direction) is Direction.DECREASE else gap


def gap_text(current: float | None, target: float | None, unit: str, direction: Direction | str) -> str:
    """The gap to a target in words: ``差 36 家``, ``差 120 亿元``, ``差 2.7 个百分点`` (shares), ``需再降 0.04 吨``
    (a cap), ``已达到`` once reached. Values in ``unit``; the gap is written no finer than the coarser of the
    two values it comes from (617.1 and 643.9 亿元: ``差 26.8 亿元``).

    >>> gap_text(14, 50, "家", "increase"), gap_text(380, 500, "亿元", "increase"), gap_text(62.3, 65, "%", "increase")
    ('差 36 家', '差 120 亿元', '差 2.7 个百分点')
    >>> gap_text(0.52, 0.48, "吨", "decrease"), gap_text(60, 50, "家", "increase"), gap_text(None, 50, "家", "increase")
    ('需再降 0.04 吨', '已达到', '—')
    >>> gap_text(617.12, 643.89, "亿元", "increase"), gap_text(-5, 0, "%", "increase")
    ('差 26.8 亿元', '差 5.0 个百分点')
    """
    left = remaining(current, target, direction)
    if left is None:
        return NO_VALUE
    if left <= 0:
        return "已达到"
    verb = "需再降" if Direction(direction) is Direction.DECREASE else "差"
    places = min(default_decimals(current or 0.0), default_decimals(target or 0.0))
    amount = points(left) if unit in SHARE_UNITS else quantity(left, unit, places, trim=True)
    return f"{verb} {amount}"
