"""Targets (目标值): a level to reach, or a growth rate to sustain, by a target year."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from luoshi.domain.provenance import Provenance


class Measure(StrEnum):
    """A level (an amount, count or share) or a growth rate (percent per year or over a period)."""

    LEVEL = "level"
    GROWTH = "growth"


class Comparator(StrEnum):
    """How a value relates to the figure: 以上 ``>=``, 超过 ``>``, 以内 ``<=``, 低于 ``<``, 左右 ``~``."""

    EQ = "="
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    APPROX = "~"


MEASURE_LABELS: dict[Measure, str] = {Measure.LEVEL: "水平值", Measure.GROWTH: "增速"}

COMPARATOR_LABELS: dict[Comparator, str] = {
    Comparator.EQ: "",
    Comparator.GE: "以上",
    Comparator.GT: "超过",
    Comparator.LE: "以内",
    Comparator.LT: "低于",
    Comparator.APPROX: "左右",
}


@dataclass(frozen=True)
class Target:
    """A target of one indicator.

    Level: "高新技术企业数量达到20家以上 by 2025" is ``Target(LEVEL, GE, 20, target_year=2025)``.
    Growth: "地区生产总值年均增长率达到8.5%以上 to 2025" is
    ``Target(GROWTH, GE, 8.5, base_year=2020, target_year=2025, annualized=True)`` (value in percent).
    """

    measure: Measure
    comparator: Comparator
    value: float
    target_year: int
    base_year: int | None = None
    base_value: float | None = None
    annualized: bool = False
    provenance: Provenance | None = None

    @property
    def key(self) -> str:
        """Natural key within its indicator: one target per measure and target year."""
        return f"{self.measure.value}:{self.target_year}"
