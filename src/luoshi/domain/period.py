"""Periods a figure is for: a year, a quarter, a month, a half, a year-to-date span, or several years.

Codes are compact and sort sensibly as text within one kind:

========== ===================================================== ==================
code       meaning                                               example text
========== ===================================================== ==================
2020       the calendar year 2020                                2020年
2020H1     first half of 2020                                    上半年
2020Q3     third quarter of 2020                                 三季度
2020M09    September 2020                                        9月份
2020YTD09  January to September 2020, cumulative (累计)          1-9月 / 前三季度
2016-2020  the five years 2016 to 2020 (a plan period, 十三五)    "十三五"时期
========== ===================================================== ==================

>>> Period.parse("2020YTD09").fraction_of_year
0.75
>>> Period.parse("2016-2020").years
5
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property, lru_cache

from luoshi.domain.errors import InvalidValue


class PeriodKind(StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"
    YEAR_TO_DATE = "ytd"
    SPAN = "span"


PERIOD_KIND_LABELS: dict[PeriodKind, str] = {
    PeriodKind.YEAR: "年度",
    PeriodKind.HALF: "半年",
    PeriodKind.QUARTER: "季度",
    PeriodKind.MONTH: "月度",
    PeriodKind.YEAR_TO_DATE: "年内累计",
    PeriodKind.SPAN: "多年",
}


class InvalidPeriod(InvalidValue):
    """A period code that cannot be read."""


# A year has four digits and no leading zero: "0000" or "0999" would be stored as 0 or 999, whose codes
# ("0", "999") this pattern could not read back.
_PATTERN = re.compile(
    r"^(?P<year>[1-9]\d{3})(?:(?P<half>H[12])|(?P<quarter>Q[1-4])|M(?P<month>0[1-9]|1[0-2])"
    r"|YTD(?P<ytd>0[1-9]|1[0-2])|-(?P<end>[1-9]\d{3}))?$"
)
#: the same pattern without group names, for validators and JSON Schema (``pattern``) that know no ``(?P<>)``
CODE_PATTERN = re.sub(r"\?P<\w+>", "", _PATTERN.pattern)

_MONTHS_IN = {PeriodKind.HALF: 6, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}


@dataclass(frozen=True, order=True)
class Period:
    """A period: ``start_year``..``year`` for spans, else one ``year`` with an optional sub-year index."""

    year: int
    kind: PeriodKind = PeriodKind.YEAR
    index: int | None = None  # half 1-2, quarter 1-4, month 1-12, or the last month of a ytd span
    start_year: int | None = None  # only for spans

    @classmethod
    def parse(cls, code: str | int) -> Period:
        return _parse_code(str(code).strip())

    @cached_property  # a period is shared by thousands of figures; each asks for its code several times
    def code(self) -> str:
        match self.kind:
            case PeriodKind.YEAR:
                return str(self.year)
            case PeriodKind.HALF:
                return f"{self.year}H{self.index}"
            case PeriodKind.QUARTER:
                return f"{self.year}Q{self.index}"
            case PeriodKind.MONTH:
                return f"{self.year}M{self.index:02d}"
            case PeriodKind.YEAR_TO_DATE:
                return f"{self.year}YTD{self.index:02d}"
            case PeriodKind.SPAN:
                return f"{self.start_year}-{self.year}"
        raise AssertionError(self.kind)  # pragma: no cover

    def __str__(self) -> str:
        return self.code

    @property
    def first_year(self) -> int:
        return self.start_year if self.start_year is not None else self.year

    @property
    def years(self) -> int:
        """Calendar years the period touches (5 for 2016-2020)."""
        return self.year - self.first_year + 1

    @property
    def is_annual(self) -> bool:
        return self.kind is PeriodKind.YEAR

    @property
    def fraction_of_year(self) -> float:
        """Share of its year that a sub-year period covers (序时进度): Q1 ytd = 0.25, a year = 1."""
        if self.kind is PeriodKind.YEAR_TO_DATE:
            assert self.index is not None
            return self.index / 12
        if self.kind in _MONTHS_IN:
            assert self.index is not None
            return _MONTHS_IN[self.kind] / 12
        return 1.0

    @property
    def label(self) -> str:
        """The period as Chinese text: 2020年, 2020年第三季度, 2020年1-9月, 2016-2020年."""
        match self.kind:
            case PeriodKind.YEAR:
                return f"{self.year}年"
            case PeriodKind.HALF:
                return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
            case PeriodKind.QUARTER:
                return f"{self.year}年第{'一二三四'[(self.index or 1) - 1]}季度"
            case PeriodKind.MONTH:
                return f"{self.year}年{self.index}月"
            case PeriodKind.YEAR_TO_DATE:
                return f"{self.year}年1-{self.index}月"
            case PeriodKind.SPAN:
                return f"{self.start_year}-{self.year}年"
        raise AssertionError(self.kind)  # pragma: no cover


@lru_cache(maxsize=4096)  # periods repeat: a plan file's 10,000 figures have a few dozen distinct ones
def _parse_code(text: str) -> Period:
    m = _PATTERN.match(text)
    if not m:
        raise InvalidPeriod(f"period {text!r} is not one of YYYY, YYYYH1, YYYYQ3, YYYYM09, YYYYYTD09, YYYY-YYYY")
    year = int(m["year"])
    if m["half"]:
        return Period(year, PeriodKind.HALF, int(m["half"][1]))
    if m["quarter"]:
        return Period(year, PeriodKind.QUARTER, int(m["quarter"][1]))
    if m["month"]:
        return Period(year, PeriodKind.MONTH, int(m["month"]))
    if m["ytd"]:
        return Period(year, PeriodKind.YEAR_TO_DATE, int(m["ytd"]))
    if m["end"]:
        end = int(m["end"])
        if end <= year:
            raise InvalidPeriod(f"period {text!r}: the span must end after it starts")
        return Period(end, PeriodKind.SPAN, None, year)
    return Period(year)
