"""Indicators (指标): what the plan measures, in which unit, and which way is better."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Direction(StrEnum):
    """Desired direction: more is better (GDP) or less is better (unemployment, energy intensity)."""

    INCREASE = "increase"
    DECREASE = "decrease"


class IndicatorKind(StrEnum):
    """预期性 (indicative, expected) or 约束性 (binding, a legal constraint)."""

    INDICATIVE = "indicative"
    BINDING = "binding"


INDICATOR_KIND_LABELS: dict[IndicatorKind, str] = {
    IndicatorKind.INDICATIVE: "预期性",
    IndicatorKind.BINDING: "约束性",
}


class Frequency(StrEnum):
    """How often figures are published."""

    ANNUAL = "annual"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    PLAN_PERIOD = "plan_period"
    IRREGULAR = "irregular"


@dataclass(frozen=True)
class Indicator:
    """One indicator of a plan.

    ``unit`` is the base unit values are stored in (元, %, 家); ``display_unit`` the unit people read
    (亿元). ``goal_codes`` link the indicator to the goals it measures.
    """

    code: str
    name: str
    unit: str
    display_unit: str
    direction: Direction = Direction.INCREASE
    kind: IndicatorKind = IndicatorKind.INDICATIVE
    frequency: Frequency = Frequency.ANNUAL
    aliases: tuple[str, ...] = ()
    owner_unit_code: str | None = None
    goal_codes: tuple[str, ...] = ()
    description: str = ""
    public: bool = True
    extra: dict[str, str] = field(default_factory=dict, compare=False)
