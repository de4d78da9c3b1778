"""Price basis (价格口径): a growth target of a 可比价 indicator judged from its reported real growth rates.

Levels of money indicators such as GDP are published at current prices (现价); their growth rates and
growth targets are at comparable prices (可比价: price changes removed). Computing growth from two current-price
levels mixes inflation into it, so for a 可比价 indicator this module chains the reported real rates from
the base year on, Π(1+gᵢ), and only where no rate was reported for some years does it fall back on the
ratio of the current-price levels (and then says so). The result is a series of levels at base-year prices
(the base year's current-price level grown at real rates), which the progress engine judges like any
other series: its compound rate is the real growth rate.

Rates are in percent, as printed. A rate for one year (2021: 比上年增长 4 %) covers 2020 -> 2021; a rate
over a span ``2020-2023`` covers 2020 -> 2023, per year when ``annualized``, else in total.

>>> nominal = {2020: 100.0, 2021: 107.0, 2022: 114.49}
>>> real = chain_real_levels(nominal, [ReportedRate(2020, 2021, 4.0), ReportedRate(2021, 2022, 4.0)], 2020)
>>> {year: round(value, 2) for year, value in real.levels.items()}
{2020: 100.0, 2021: 104.0, 2022: 108.16}
>>> real.from_rates, real.from_levels, real.notes
((2021, 2022), (), ())
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class ReportedRate:
    """A reported real growth rate from ``start_year``'s level to ``end_year``'s, in percent.

    ``annualized``: per year over the span (年均增长), else over the whole span (累计增长); a one-year rate
    is the same either way. ``simulated`` marks a rate of the simulated scenario (carried through).
    """

    start_year: int
    end_year: int
    percent: float
    annualized: bool = True
    simulated: bool = False

    @property
    def factor(self) -> float:
        """The growth factor over the whole span: (1 + g)^years, or 1 + g for growth over the span."""
        years = self.end_year - self.start_year
        return (1.0 + self.percent / 100.0) ** (years if self.annualized else 1)


#: the result's notes (English, like the engine's; pages show them in Chinese through web/zh.py's note_zh)
SOME_YEARS_FROM_LEVELS: Final = "no comparable-price growth rate for some years: they are from current-price levels"
ALL_YEARS_FROM_LEVELS: Final = "no comparable-price growth rate reported: growth is from current-price levels"
BASIS_NOTES: Final = (SOME_YEARS_FROM_LEVELS, ALL_YEARS_FROM_LEVELS)


@dataclass(frozen=True)
class RealGrowth:
    """Real (comparable-price) growth of one indicator from its base year.

    ``index``: year -> growth factor since ``base_year`` (1.0 at the base), for every year it is known;
    ``levels``: the same as levels at base-year prices (``base_value`` × index); ``from_rates``/``from_levels``:
    the years whose growth came from reported rates / from current-price levels; ``used``: the rates chained.
    """

    base_year: int
    base_value: float
    index: Mapping[int, float]
    from_rates: tuple[int, ...]
    from_levels: tuple[int, ...]
    used: tuple[ReportedRate, ...]

    @property
    def levels(self) -> dict[int, float]:
        return {year: self.base_value * factor for year, factor in self.index.items()}

    @property
    def last_year(self) -> int:
        return max(self.index)

    @property
    def judged_from_rates(self) -> bool:
        """True when at least one year's growth is a reported real rate."""
        return bool(self.from_rates)

    @property
    def annual_rate(self) -> float | None:
        """Compound real growth per year from the base year to the last known year (a fraction)."""
        years = self.last_year - self.base_year
        return None if years < 1 else self.index[self.last_year] ** (1.0 / years) - 1.0

    @property
    def notes(self) -> tuple[str, ...]:
        if not self.from_levels:
            return ()
        return (SOME_YEARS_FROM_LEVELS if self.from_rates else ALL_YEARS_FROM_LEVELS,)


def chain_real_levels(levels: Mapping[int, float], rates: Sequence[ReportedRate], base_year: int) -> RealGrowth | None:
    """Chain real growth from the base year over the reported rates, falling back on levels where none.

    ``levels``: year -> current-price level (positive); the effective base is the first year at or after
    ``base_year`` with a level (as the progress engine takes it). Walking from the base year, each step
    takes the longest reported span that starts at the year reached (a real rate before a simulated one,
    whatever their spans; a one-year rate is a span of one), else
    the ratio of current-price levels to the next year with a level (from the last year reached with a
    level, so a rate-only stretch without a level at its end is replaced by the levels). The walk ends
    where neither a rate nor a later level goes on. None when no positive level exists at or after the base.

    Chaining over years, with a gap filled from levels (2022 has no rate; its levels grew 10 %):

    >>> rates = [ReportedRate(2020, 2021, 5.0), ReportedRate(2022, 2023, 3.0)]
    >>> real = chain_real_levels({2020: 100.0, 2021: 108.0, 2022: 118.8}, rates, 2020)
    >>> round(real.index[2023], 4), real.from_rates, real.from_levels
    (1.1897, (2021, 2023), (2022,))
    """
    usable = {y: v for y, v in levels.items() if y >= base_year and v == v and v > 0}
    if not usable:
        return None
    base = min(usable)
    by_start: dict[int, list[ReportedRate]] = {}
    for r in rates:
        if r.end_year > r.start_year >= base and r.percent > -100.0:
            by_start.setdefault(r.start_year, []).append(r)
    last = max([*usable, *(r.end_year for group in by_start.values() for r in group)])
    index: dict[int, float] = {base: 1.0}
    source: dict[int, str] = {}  # year -> "rate" | "level"
    used: dict[int, ReportedRate] = {}  # end year -> the rate that reached it
    year = base
    while year < last:
        candidates = [r for r in by_start.get(year, ()) if r.end_year <= last]
        if candidates:
            step = max(candidates, key=lambda r: (not r.simulated, r.end_year))
            for y in range(year + 1, step.end_year):  # the years inside a span: compound at its mean rate
                index[y] = index[year] * step.factor ** ((y - year) / (step.end_year - year))
                source[y] = "rate"
            index[step.end_year] = index[year] * step.factor
            source[step.end_year] = "rate"
            used[step.end_year] = step
            year = step.end_year
            continue
        later = [y for y in usable if y > year]
        if not later:
            break
        nxt = min(later)
        start = max(y for y in usable if y <= year and y in index)
        for y in range(start + 1, nxt + 1):
            index.pop(y, None)
            used.pop(y, None)
            source[y] = "level"
        index[nxt] = index[start] * usable[nxt] / usable[start]
        year = nxt
    for y in [y for y in index if y > year]:  # rate-only years replaced by a fallback stretch
        del index[y]
    kept = {y: s for y, s in source.items() if y <= year}
    return RealGrowth(
        base_year=base,
        base_value=usable[base],
        index=dict(sorted(index.items())),
        from_rates=tuple(sorted(y for y, s in kept.items() if s == "rate")),
        from_levels=tuple(sorted(y for y, s in kept.items() if s == "level")),
        used=tuple(used[y] for y in sorted(used) if y <= year),
    )


__all__ = [
    "ALL_YEARS_FROM_LEVELS",
    "BASIS_NOTES",
    "SOME_YEARS_FROM_LEVELS",
    "RealGrowth",
    "ReportedRate",
    "chain_real_levels",
]
