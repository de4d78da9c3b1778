"""Units and classifiers after a number, normalised to the base units of :mod:`luoshi.domain.measurement`.

The unit pattern is built from the domain's base units and aliases, longest spelling first, so that
"个百分点" wins over "个" and "平方公里" over "公里":

>>> normalise(394.5, "亿", "元")
(39450000000.0, '元')
>>> normalise(2.0, "", "个百分点")
(2.0, '百分点')
"""

from __future__ import annotations

import re
from typing import Final

from luoshi.domain.measurement import ALIASES, BASE_UNITS, MULTIPLIERS, to_base

#: units that never follow a number as a figure: 年 and 月 are dates (2020年, 3月) unless written as
#: 个月 or with a decimal (see :data:`DURATION_UNITS`); 亿元项目 is a noun; 度 is mostly degrees (30度)
_NOT_AFTER_NUMBER: Final[frozenset[str]] = frozenset({"年", "月", "亿元项目", "度"})

#: units that are ages or durations: a figure only with a decimal ("人均预期寿命78.3岁",
#: "平均受教育年限11.2年"), since "16岁的王振翼" and "50多年办学经验" are not figures of a plan
DURATION_UNITS: Final[frozenset[str]] = frozenset({"年", "岁", "月"})

#: classifiers that count things: the counted noun often follows ("建成10所学校")
COUNT_UNITS: Final[frozenset[str]] = frozenset(
    u
    for u in BASE_UNITS
    if len(u) <= 2
    and u
    not in {
        "元",
        "美元",
        "欧元",
        "港元",
        "日元",
        "%",
        "‰",
        "百分点",
        "天",
        "年",
        "小时",
        "分钟",
        "月",
        "吨",
        "公里",
        "米",
        "毫米",
        "平方米",
        "公顷",
        "亩",
        "立方米",
        "千瓦",
        "斤",
        "公斤",
        "岁",
        "倍",
    }
)

#: rates: a change in these is a growth figure ("增长8.1%", "提高2个百分点", "增长1.5倍")
RATE_UNITS: Final[frozenset[str]] = frozenset({"%", "‰", "百分点", "倍"})

_SPELLINGS = sorted(
    ({u for u in BASE_UNITS if u not in _NOT_AFTER_NUMBER} | set(ALIASES) | {"年"}),
    key=len,
    reverse=True,
)

#: a unit as printed: "亿元" is the multiplier 亿 then 元; "个百分点", "万平方米", "%"
UNIT: Final[str] = "(?:" + "|".join(re.escape(u) for u in _SPELLINGS) + ")"

#: a multiplier between a number and its unit: "1.2万亿元", "5千万元", "3万余人"
MULTIPLIER: Final[str] = "(?:" + "|".join(re.escape(m) for m in sorted(MULTIPLIERS, key=len, reverse=True)) + ")"


def normalise(value: float, multiplier: str, unit: str) -> tuple[float, str]:
    """Scale ``value`` printed with ``multiplier`` and ``unit`` into the base unit.

    ``normalise(1312, "万", "人") == (13120000.0, "人")``; ``normalise(3, "", "万平方米")`` is 30000 平方米.
    """
    if multiplier:
        value *= MULTIPLIERS[multiplier]
    if unit == "年":
        return value, "年"
    return to_base(value, unit)
