"""Indicators (指标): what the plan measures, in which unit, and which way is better."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class Direction(StrEnum):
    """Desired direction: more is better (GDP) or less is better (unemployment, energy intensity)."""

    INCREASE = "increase"
    DECREASE = "decrease"


DIRECTION_LABELS: dict[Direction, str] = {Direction.INCREASE: "越大越好", Direction.DECREASE: "越小越好"}


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


class PriceBasis(StrEnum):
    """The price basis of a money indicator's figures (价格口径).

    GDP levels are printed at current prices (现价) while its growth rates and growth targets are at comparable
    prices (可比价, inflation removed); an indicator marked ``comparable`` has its growth targets judged from the
    real growth rates reported for it (docs/methodology.md). ``not_applicable`` for counts, shares and rates.
    """

    CURRENT = "current"
    COMPARABLE = "comparable"
    NOT_APPLICABLE = "not_applicable"


PRICE_BASIS_LABELS: dict[PriceBasis, str] = {
    PriceBasis.CURRENT: "现价",
    PriceBasis.COMPARABLE: "可比价",
    PriceBasis.NOT_APPLICABLE: "不适用",
}

FREQUENCY_LABELS: dict[Frequency, str] = {
    Frequency.ANNUAL: "年度",
    Frequency.QUARTERLY: "季度",
    Frequency.MONTHLY: "月度",
    Frequency.PLAN_PERIOD: "规划期",
    Frequency.IRREGULAR: "不定期",
}


@dataclass(frozen=True)
class Indicator:
    """One indicator of a plan.

    ``unit`` is the base unit values are stored in (元, %, 家); ``display_unit`` the unit people read
    (亿元). ``goal_codes`` link the indicator to the goals it measures. Its metadata (元数据) are
    ``description`` (the definition, 指标解释), ``scope`` (统计口径: what is counted, where and how),
    ``data_source`` (数据来源: who publishes it, in which release), ``frequency`` and ``owner_unit_code``.
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
    price_basis: PriceBasis = PriceBasis.NOT_APPLICABLE
    scope: str = ""
    data_source: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class IndicatorMetadata:
    """The part of an indicator planners edit on its page (元数据); the rest comes from the plan file."""

    description: str = ""
    scope: str = ""
    data_source: str = ""
    frequency: Frequency = Frequency.ANNUAL
    price_basis: PriceBasis = PriceBasis.NOT_APPLICABLE
    owner_unit_code: str | None = None

    @classmethod
    def of(cls, indicator: Indicator) -> IndicatorMetadata:
        return cls(
            indicator.description,
            indicator.scope,
            indicator.data_source,
            indicator.frequency,
            indicator.price_basis,
            indicator.owner_unit_code,
        )


def keep_edited_metadata(from_file: Indicator, stored: Indicator, units: frozenset[str]) -> Indicator:
    """The indicator a plan file re-loads, keeping the metadata planners edited in the app where the file is
    silent: an empty definition, 统计口径 or 数据来源, or no owner (when the stored owner is still one of the
    plan's ``units``) keep the stored value; whatever the file states wins. Frequency and price basis always
    come from the file (it cannot be told apart from a file that states the default).

    >>> stored = Indicator("gdp", "地区生产总值", "元", "亿元", scope="全区", owner_unit_code="tjj")
    >>> kept = keep_edited_metadata(Indicator("gdp", "地区生产总值", "元", "亿元"), stored, frozenset({"tjj"}))
    >>> (kept.scope, kept.owner_unit_code)
    ('全区', 'tjj')
    """
    owner = from_file.owner_unit_code
    if owner is None and stored.owner_unit_code in units:
        owner = stored.owner_unit_code
    return replace(
        from_file,
        description=from_file.description or stored.description,
        scope=from_file.scope or stored.scope,
        data_source=from_file.data_source or stored.data_source,
        owner_unit_code=owner,
    )
