"""Consistency audit of reported figures (数据核查): do printed growth rates, sums, shares and units add up?

Every printed figure is rounded to its last printed digit, so "394.5" stands for [394.45, 394.55] and a
growth rate computed from two printed levels is only known within an interval. A claimed rate is

- ``consistent`` when the rate computed from the levels rounds (half up, at the claim's decimals) to it;
- ``within_rounding`` when it does not, but the claim's own rounding interval overlaps the interval of
  rates the rounded levels allow;
- ``inconsistent`` otherwise;
- ``basis_differs`` (口径不同) instead of any of these when the rate is at comparable prices (可比价) and the
  levels at current prices (现价), as for a 可比价 indicator such as GDP: price changes separate the two, so
  the rate computed from the levels is shown but no verdict is given.

The three claims of the 平城区 seed page (2018 -> 2020, 亿元):

>>> for name, a, b, claimed in [("地区生产总值", "394.5", "428.2", "4.2"), ("固定资产投资", "164.7", "216.4", "14.6"),
...                             ("一般公共预算收入", "4.9", "9.2", "36.6")]:
...     c = check_growth_claim(GrowthClaim(name, 2018, 2020, claimed, a, b))
...     print(name, f"{c.computed_rate:.2f}", f"[{c.low:.2f}, {c.high:.2f}]", c.verdict)
地区生产总值 4.18 [4.17, 4.20] consistent
固定资产投资 14.63 [14.60, 14.66] consistent
一般公共预算收入 37.02 [35.96, 38.10] within_rounding
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from luoshi.domain.errors import InvalidValue
from luoshi.domain.indicator import PriceBasis
from luoshi.domain.measurement import from_base, parse_unit
from luoshi.domain.observation import Observation
from luoshi.domain.period import PeriodKind
from luoshi.engine.growth import (
    GrowthError,
    cagr,
    decimals,
    parse_printed,
    quantize_half_up,
    rate_bounds,
    rounding_interval,
)


class Verdict(StrEnum):
    """How a claimed growth rate relates to the levels it is printed with."""

    CONSISTENT = "consistent"
    WITHIN_ROUNDING = "within_rounding"
    INCONSISTENT = "inconsistent"
    BASIS_DIFFERS = "basis_differs"


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.CONSISTENT: "一致",
    Verdict.WITHIN_ROUNDING: "舍入误差内",
    Verdict.INCONSISTENT: "不一致",
    Verdict.BASIS_DIFFERS: "口径不同",
}


@dataclass(frozen=True)
class GrowthClaim:
    """A printed growth claim with its printed levels: "从2018年的394.5亿元增加到2020年的428.2亿元，年均增长4.2%"
    is ``GrowthClaim("gdp", 2018, 2020, "4.2", "394.5", "428.2")``. Rates are percent as printed;
    ``annualized=False`` for growth over the whole span (累计增长). The levels' printed units matter only
    when they differ (one in 万元, the other in 亿元): then each level is read in its own unit.
    """

    indicator: str
    start_year: int
    end_year: int
    claimed_rate: str
    start_level: str
    end_level: str
    annualized: bool = True
    start_unit: str | None = None
    end_unit: str | None = None
    #: the indicator's price basis: a 可比价 rate against (现价) levels is audited as 口径不同
    price_basis: PriceBasis = PriceBasis.NOT_APPLICABLE


@dataclass(frozen=True)
class ClaimCheck:
    """The audit of one claim: rates in percent; ``low``/``high`` bound what the rounded levels allow."""

    claim: GrowthClaim
    computed_rate: float
    low: float
    high: float
    verdict: Verdict

    @property
    def message(self) -> str:
        """One line a statistician can read."""
        c = self.claim
        return (
            f"{c.indicator} {c.start_year}-{c.end_year}: claimed {c.claimed_rate} %, levels give "
            f"{self.computed_rate:.2f} % (rounding allows {self.low:.2f} to {self.high:.2f} %): {self.verdict}"
        )


def check_growth_claim(claim: GrowthClaim, price_basis: PriceBasis | None = None) -> ClaimCheck:
    """Audit one claim. Raises GrowthError if the span is not positive or a level is not positive.

    ``price_basis`` is the indicator's (default: the claim's own): for a 可比价 one the printed rate is real
    growth and the levels are current-price, so the verdict is ``basis_differs`` (the rates are still
    computed, for reading).

    >>> gdp = GrowthClaim("地区生产总值", 2018, 2020, "4.2", "394.5", "428.2")
    >>> check_growth_claim(gdp, PriceBasis.COMPARABLE).verdict
    <Verdict.BASIS_DIFFERS: 'basis_differs'>
    """
    span = claim.end_year - claim.start_year
    if span < 1:
        period = f"{claim.start_year}-{claim.end_year}"
        raise GrowthError(f"{claim.indicator}: the claim must end after it starts ({period})")
    years = span if claim.annualized else 1
    start_scale, end_scale = _scales(claim)
    start = float(parse_printed(claim.start_level)) * start_scale
    end = float(parse_printed(claim.end_level)) * end_scale
    # 12 significant digits: 100 -> 102.5 is 2.5 % exactly on paper, 2.499999999999991 in binary
    computed = float(f"{cagr(start, end, years) * 100.0:.12g}")
    start_low, start_high = rounding_interval(claim.start_level)
    end_low, end_high = rounding_interval(claim.end_level)
    bounds = rate_bounds(
        (start_low * start_scale, start_high * start_scale), (end_low * end_scale, end_high * end_scale), years
    )
    low, high = (r * 100.0 for r in bounds)
    claimed = parse_printed(claim.claimed_rate)
    places = decimals(claim.claimed_rate)
    rounded = quantize_half_up(Decimal(repr(computed)), places)
    claim_low, claim_high = rounding_interval(claim.claimed_rate)
    if (price_basis or claim.price_basis) is PriceBasis.COMPARABLE:
        verdict = Verdict.BASIS_DIFFERS
    elif rounded == claimed:
        verdict = Verdict.CONSISTENT
    elif claim_low <= high and claim_high >= low:
        verdict = Verdict.WITHIN_ROUNDING
    else:
        verdict = Verdict.INCONSISTENT
    return ClaimCheck(claim, computed, low, high, verdict)


def _scales(claim: GrowthClaim) -> tuple[float, float]:
    """How the two printed levels compare: (1, 1) in one unit; (1, 1e-4) for 亿元 then 万元."""
    if claim.start_unit is None or claim.end_unit is None or claim.start_unit == claim.end_unit:
        return 1.0, 1.0
    (start_base, start_scale), (end_base, end_scale) = parse_unit(claim.start_unit), parse_unit(claim.end_unit)
    if start_base != end_base:
        raise GrowthError(
            f"{claim.indicator}: levels in {claim.start_unit} and {claim.end_unit} measure different things"
        )
    return 1.0, end_scale / start_scale


def claim_from_observations(growth: Observation, levels: Mapping[int, Observation]) -> GrowthClaim:
    """The claim a stored growth figure makes, with the stored levels it is printed with.

    A growth figure for a span ``2018-2020`` (年均 if ``annualized``) claims growth from the 2018 level to
    the 2020 level; one for a single year (比上年增长) from the year before. ``levels`` maps a year to its
    annual level observation. Printed digits are used where kept (they tell the precision), else the
    value in its printed unit. Raises DomainError if a level is missing.

    >>> from luoshi.domain.period import Period
    >>> from luoshi.domain.target import Measure
    >>> def level(year, value, printed):
    ...     return Observation("gdp", "140213", Period.parse(year), value, Measure.LEVEL, "元", printed, "亿元")
    >>> rate = Observation("gdp", "140213", Period.parse("2018-2020"), 4.2, Measure.GROWTH, "%", "4.2",
    ...                    annualized=True)
    >>> check_growth_claim(claim_from_observations(rate, {2018: level(2018, 3.945e10, "394.5"),
    ...                                                   2020: level(2020, 4.282e10, "428.2")})).verdict
    <Verdict.CONSISTENT: 'consistent'>
    """
    period = growth.period
    if period.kind is PeriodKind.SPAN:
        start_year, annualized = period.first_year, growth.annualized
    elif period.kind is PeriodKind.YEAR:
        start_year, annualized = period.year - 1, True
    else:
        raise InvalidValue(f"{growth.indicator_code} {period.code}: only yearly and multi-year growth is audited")
    found = {year: levels.get(year) for year in (start_year, period.year)}
    missing = [str(year) for year, o in found.items() if o is None]
    if missing:
        raise InvalidValue(f"{growth.indicator_code}: no level for {', '.join(missing)} to check {period.code}")
    start, end = found[start_year], found[period.year]
    assert start is not None and end is not None
    return GrowthClaim(
        growth.indicator_code,
        start_year,
        period.year,
        _printed(growth),
        _printed(start),
        _printed(end),
        annualized,
        start.printed_unit or start.unit,
        end.printed_unit or end.unit,
    )


def _printed(o: Observation) -> str:
    if o.printed_value is not None:
        return o.printed_value
    return repr(from_base(o.value, o.printed_unit)) if o.printed_unit else repr(o.value)


def audit_claims(claims: Iterable[GrowthClaim]) -> list[ClaimCheck]:
    """Audit every claim, in order."""
    return [check_growth_claim(c) for c in claims]


class FindingKind(StrEnum):
    PARTS_EXCEED_TOTAL = "parts_exceed_total"
    SHARE_ABOVE_100 = "share_above_100"
    UNIT_MISMATCH = "unit_mismatch"
    UNIT_INCOMPATIBLE = "unit_incompatible"


@dataclass(frozen=True)
class Finding:
    """Something in the reported figures that cannot be right as printed."""

    kind: FindingKind
    subject: str
    message: str


def check_parts(subject: str, total: str, parts: Mapping[str, str]) -> Finding | None:
    """Flag parts that add up to more than their sum, beyond what rounding allows.

    The smallest the parts can be (each at the low end of its rounding) is compared with the largest the
    total can be: 三次产业 5.1 + 120.3 + 302.9 = 428.3 against a printed total 428.2 is within rounding.

    >>> check_parts("GDP", "428.2", {"一产": "5.1", "二产": "120.3", "三产": "302.9"}) is None
    True
    >>> check_parts("GDP", "428.2", {"一产": "5.1", "二产": "130.3", "三产": "302.9"}).kind
    <FindingKind.PARTS_EXCEED_TOTAL: 'parts_exceed_total'>
    """
    smallest = sum(rounding_interval(v)[0] for v in parts.values())
    largest = rounding_interval(total)[1]
    if smallest <= largest:
        return None
    printed = sum(parse_printed(v) for v in parts.values())
    return Finding(
        FindingKind.PARTS_EXCEED_TOTAL,
        subject,
        f"{subject}: the parts ({', '.join(parts)}) add up to {printed}, more than the total {total} "
        "even allowing for rounding",
    )


def check_share(subject: str, printed: str, unit: str = "%") -> Finding | None:
    """Flag a share (in % or ‰) above the whole, beyond rounding: "100.4%" is flagged, "100.04" with one
    decimal shown as "100.0" is not.

    >>> check_share("城镇化率", "100.4").kind
    <FindingKind.SHARE_ABOVE_100: 'share_above_100'>
    >>> check_share("城镇化率", "73.6") is None
    True
    """
    whole = {"%": 100.0, "‰": 1000.0}.get(parse_unit(unit)[0])
    if whole is None:
        raise GrowthError(f"{subject}: {unit!r} is not a share unit (% or ‰)")
    if rounding_interval(printed)[0] <= whole:
        return None
    message = f"{subject}: a share of {printed}{unit} is more than the whole"
    return Finding(FindingKind.SHARE_ABOVE_100, subject, message)


def check_unit(
    subject: str, figure_unit: str, series_unit: str, value: float | None = None, series_values: Sequence[float] = ()
) -> Finding | None:
    """Flag a figure whose unit differs from its series' (万元 vs 亿元), or measures something else.

    With the figure's ``value`` and the series' values, the message says what the figure is in the series'
    unit, and whether it looks like it was written in the series' unit already (its number matches the
    series but its unit does not).

    >>> finding = check_unit("地区生产总值", "万元", "亿元", 428.2, [394.5, 410.0])
    >>> print(finding.message)  # doctest: +NORMALIZE_WHITESPACE
    地区生产总值: figure in 万元 but series in 亿元 (428.2 万元 = 0.04282 亿元);
    its number fits the series: is the unit a typo?
    >>> check_unit("地区生产总值", "亿元", "亿元") is None
    True
    """
    figure_base, figure_scale = parse_unit(figure_unit)
    series_base, series_scale = parse_unit(series_unit)
    if figure_base != series_base:
        return Finding(
            FindingKind.UNIT_INCOMPATIBLE,
            subject,
            f"{subject}: figure in {figure_unit} ({figure_base}) but series in {series_unit} ({series_base})",
        )
    if figure_scale == series_scale:
        return None
    message = f"{subject}: figure in {figure_unit} but series in {series_unit}"
    if value is not None:
        converted = float(f"{value * figure_scale / series_scale:.12g}")
        message += f" ({value:g} {figure_unit} = {converted:g} {series_unit})"
        typical = sorted(abs(v) for v in series_values if v)
        if typical:
            median = typical[len(typical) // 2]
            if _same_magnitude(abs(value), median) and not _same_magnitude(abs(converted), median):
                message += "; its number fits the series: is the unit a typo?"
    return Finding(FindingKind.UNIT_MISMATCH, subject, message)


def _same_magnitude(a: float, b: float) -> bool:
    """Within a factor of 10 of each other."""
    return a > 0 and b > 0 and 0.1 <= a / b <= 10.0


__all__ = [
    "ClaimCheck",
    "Finding",
    "FindingKind",
    "GrowthClaim",
    "GrowthError",
    "Verdict",
    "audit_claims",
    "check_growth_claim",
    "check_parts",
    "check_share",
    "check_unit",
    "claim_from_observations",
]
