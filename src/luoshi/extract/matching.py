"""Match the indicator a text names to an indicator of a plan's catalogue, by name, alias and unit.

Names are compared after :func:`normalise` strips what varies between texts and catalogues (region
prefixes 全区/全县, filler such as 年均/增长率/总量, quotes and spaces). An exact name beats an alias, an
alias beats containment (one name inside the other); the unit must fit: the statement's base unit must
be the indicator's, except that a growth rate in percent fits any indicator (地区生产总值增长4.2%).

>>> from luoshi.domain.indicator import Indicator
>>> gdp = Indicator("gdp", "地区生产总值", "元", "亿元", aliases=("GDP",))
>>> match_indicator("全区地区生产总值", "元", Measure.LEVEL, [gdp])
Match(code='gdp', score=1.0, reason='name 地区生产总值')
>>> match_indicator("地区生产总值", "家", Measure.LEVEL, [gdp]) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Final

from luoshi.domain.indicator import Indicator
from luoshi.domain.measurement import UnknownUnit, base_unit
from luoshi.domain.target import Measure

#: how sure each kind of match is: an exact name, an exact alias, one name containing the other
EXACT_SCORE: Final = 1.0
ALIAS_SCORE: Final = 0.9
#: containment scores CONTAINMENT_BASE plus up to CONTAINMENT_SPAN times the share of the longer name covered
CONTAINMENT_BASE: Final = 0.4
CONTAINMENT_SPAN: Final = 0.4
#: a contained name shorter than this says too little ("投资" inside every investment indicator)
MIN_CONTAINED_CHARS: Final = 3

#: words that vary between a text and a catalogue without changing the indicator:
#: "全区地区生产总值年均增长率" and "地区生产总值" name the same thing
_FILLER: Final[re.Pattern[str]] = re.compile(
    r"^(?:全区|全县|全市|全省|全旗|全镇|全国|我区|我县|我市|我省|本区|本县)"
    r"|年均|平均|增长率|增速|增幅|增长|总量|总额|累计|共计|全年|实现|完成|达到"
    r"|[\s“”\"'‘’《》「」()（）、·]"
)


class MatchKind(Enum):
    NAME = "name"
    ALIAS = "alias"
    CONTAINS = "contains"


@dataclass(frozen=True)
class Match:
    """The best catalogue indicator for a statement: its code, a score in (0, 1] and why."""

    code: str
    score: float
    reason: str


def normalise(name: str) -> str:
    """The part of an indicator name that identifies it.

    >>> normalise("全区地区生产总值年均增长率")
    '地区生产总值'
    >>> normalise("“双百工程”示范党组织")
    '双百工程示范党组织'
    """
    return _FILLER.sub("", name.strip())


def unit_fits(statement_unit: str, measure: Measure, indicator: Indicator) -> bool:
    """Whether a figure in ``statement_unit`` (a base unit) can be a value of ``indicator``.

    >>> unemployment = Indicator("unemployment", "城镇登记失业率", "%", "%")
    >>> unit_fits("%", Measure.LEVEL, unemployment), unit_fits("人", Measure.LEVEL, unemployment)
    (True, False)
    """
    if measure is Measure.GROWTH and statement_unit == "%":
        return True
    try:
        wanted = base_unit(indicator.unit)
    except UnknownUnit:
        wanted = indicator.unit
    return statement_unit == wanted


def match_indicator(name: str, unit: str, measure: Measure, indicators: Iterable[Indicator]) -> Match | None:
    """The catalogue indicator ``name`` most likely means, or None when none fits.

    Among indicators whose unit fits (:func:`unit_fits`), an exact normalised name scores
    :data:`EXACT_SCORE`, an exact alias :data:`ALIAS_SCORE`, and a name or alias contained in the other
    (at least :data:`MIN_CONTAINED_CHARS` characters) scores by how much of the longer one it covers.
    Ties go to the catalogue's order.
    """
    wanted = normalise(name)
    if not wanted:
        return None
    best: Match | None = None
    for indicator in indicators:
        if not unit_fits(unit, measure, indicator):
            continue
        candidate = _score(wanted, indicator)
        if candidate is not None and (best is None or candidate.score > best.score):
            best = candidate
    return best


def _score(wanted: str, indicator: Indicator) -> Match | None:
    names = [(MatchKind.NAME, indicator.name)] + [(MatchKind.ALIAS, a) for a in indicator.aliases]
    best: Match | None = None
    for kind, raw in names:
        known = normalise(raw)
        if not known:
            continue
        if known == wanted:
            score = EXACT_SCORE if kind is MatchKind.NAME else ALIAS_SCORE
            found = Match(indicator.code, score, f"{kind.value} {raw}")
        else:
            shorter, longer = sorted((known, wanted), key=len)
            if len(shorter) < MIN_CONTAINED_CHARS or shorter not in longer:
                continue
            score = round(CONTAINMENT_BASE + CONTAINMENT_SPAN * len(shorter) / len(longer), 3)
            found = Match(indicator.code, score, f"{MatchKind.CONTAINS.value} {raw}")
        if best is None or found.score > best.score:
            best = found
    return best
