"""Units of measure: every printed unit maps to a base unit and a scale (亿元 -> 元 x 1e8).

Values are stored in base units; the printed unit is kept beside them so that a figure can be shown
as it was written and its precision (the last printed digit) is known.

>>> to_base(394.5, "亿元")
(39450000000.0, '元')
>>> base_unit("万人")
'人'
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Final

from luoshi.domain.errors import InvalidValue

#: multipliers that prefix a unit in Chinese texts
MULTIPLIERS: Final[dict[str, float]] = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}

#: base units of quantities (money, shares, time, physical measures) and classifiers used for counts
# fmt: off
BASE_UNITS: Final[frozenset[str]] = frozenset(
    {
        # money
        "元", "美元", "欧元",
        # shares and changes of shares
        "%", "‰", "百分点",
        # time
        "天", "年", "小时", "分钟", "月",
        # physical
        "吨", "公里", "米", "毫米", "米/秒", "平方米", "平方公里", "公顷", "亩", "立方米", "千瓦", "千瓦时", "标准煤吨",
        # classifiers for counts (kept as written)
        "个", "家", "所", "处", "人", "座", "项", "名", "户", "套", "间", "条", "件", "卷", "起", "台",
        "辆", "张", "次", "批", "期", "场", "支", "床", "位", "亿元项目", "人次", "班", "株", "棵",
        "栋", "篇", "种", "部", "只", "头", "门", "册", "本", "块", "对", "例", "份", "宗", "笔", "档",
        "工作日", "类", "件次", "户次", "台次", "架次", "艘次", "羽",
        # mass, age, multiples, concentration
        "斤", "公斤", "岁", "倍", "微克/立方米", "港元", "日元",
        # transport work and temperature: "旅客周转量8.6亿人公里", "全年平均气温14.2℃"
        "人公里", "吨公里", "℃",
    }
)
# fmt: on

#: unit spellings that are not multiplier + base unit
ALIASES: Final[dict[str, tuple[str, float]]] = {
    "万平方米": ("平方米", 1e4),
    "平方千米": ("平方公里", 1.0),
    "km": ("公里", 1.0),
    "千米": ("公里", 1.0),
    "m/s": ("米/秒", 1.0),
    "米每秒": ("米/秒", 1.0),
    "万千瓦": ("千瓦", 1e4),
    "亿千瓦时": ("千瓦时", 1e8),
    "万千瓦时": ("千瓦时", 1e4),
    "度": ("千瓦时", 1.0),
    "万吨标准煤": ("标准煤吨", 1e4),
    "吨标准煤": ("标准煤吨", 1.0),
    "％": ("%", 1.0),
    "个百分点": ("百分点", 1.0),
    "个月": ("月", 1.0),
    "个工作日": ("工作日", 1.0),
    "千克": ("公斤", 1.0),
    "摄氏度": ("℃", 1.0),
    "千公顷": ("公顷", 1e3),
}


class UnknownUnit(InvalidValue):
    """A unit of measure that luoshi does not know."""


class NonFiniteValue(InvalidValue, ValueError):
    """A value that is infinite or not a number: ``1e400``, ``.nan``, or 1e305 亿元 (no float holds it in 元).

    No such figure means anything; JSON cannot carry it and PostgreSQL refuses it, so every value is checked
    here before it is stored. Also a ValueError, so that code which skips unreadable numbers skips it too.
    """


def require_finite(value: float) -> float:
    """``value`` if it is a finite number, else :class:`NonFiniteValue`.

    >>> require_finite(394.5)
    394.5
    >>> require_finite(float("1e400"))
    Traceback (most recent call last):
    ...
    luoshi.domain.measurement.NonFiniteValue: inf is not a finite number
    """
    if not math.isfinite(value):
        raise NonFiniteValue(f"{value} is not a finite number")
    return value


@lru_cache(maxsize=1024)  # a plan file names a handful of units, each for thousands of figures
def parse_unit(unit: str) -> tuple[str, float]:
    """Split a printed unit into (base unit, scale): ``parse_unit("亿元") == ("元", 1e8)``.

    Raises UnknownUnit for a unit that is neither a base unit, an alias, nor multiplier + base unit.
    """
    unit = unit.strip()
    if unit in BASE_UNITS:
        return unit, 1.0
    if unit in ALIASES:
        return ALIASES[unit]
    for prefix, scale in MULTIPLIERS.items():  # longest prefixes first (dict order above)
        if unit.startswith(prefix) and len(unit) > len(prefix):
            rest = unit[len(prefix) :]
            if rest in BASE_UNITS:
                return rest, scale
            if rest in ALIASES:
                base, inner = ALIASES[rest]
                return base, scale * inner
    raise UnknownUnit(f"unknown unit of measure {unit!r}")


def base_unit(unit: str) -> str:
    """The base unit a printed unit is stored in."""
    return parse_unit(unit)[0]


def to_base(value: float, unit: str) -> tuple[float, str]:
    """Convert a printed value to the base unit, rounding away binary noise (394.5 亿元 -> 3.945e10 元).

    Raises UnknownUnit for a unit it does not know, and NonFiniteValue for a value that is not a finite
    number or has none in the base unit (1e305 亿元).
    """
    base, scale = parse_unit(unit)
    converted = _clean(require_finite(value) * scale)
    if not math.isfinite(converted):
        raise NonFiniteValue(f"{value:g} {unit} is too large: it is no finite number of {base}")
    return converted, base


def from_base(value: float, unit: str) -> float:
    """Convert a base-unit value into ``unit`` (3.945e10 元 in 亿元 -> 394.5)."""
    _, scale = parse_unit(unit)
    return _clean(value / scale)


def _clean(value: float) -> float:
    """Round to 12 significant digits: 394.5 * 1e8 is 39450000000.00001 in binary floating point."""
    return float(f"{value:.12g}")
