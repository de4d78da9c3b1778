"""Progress of an indicator against its target (对照找差距): status, score and the rates behind them.

The rules follow Open SDG's progress measure (the method behind Statistics Canada's and the UK's SDG
progress pages) with luoshi's extensions; ``docs/methodology.md`` explains each with a worked example.

Two implementations of the same rules live here:

- :func:`assess_series` judges one :class:`Series` in plain Python; it is the reference, easy to read;
- :func:`assess_batch` judges a :class:`SeriesBatch` (many series as numpy arrays) at once; it is what
  the cockpit and the CLI use (:func:`assess_many` wraps it for plain values). Tests and the benchmark
  check that both give the same answers.

Worked example (平城区 GDP, 亿元; 年均增长 8.5 % from 2020 to 2025 is the growth target):

>>> gdp = Series({2020: 428.2, 2021: 460.0, 2022: 490.0}, Direction.INCREASE, 2020,
...              TargetSpec(8.5, 2025, Measure.GROWTH))
>>> result = assess_series(gdp)
>>> result.status, round(result.observed_rate, 4), result.required_rate, round(result.ratio, 3)
(<ProgressStatus.ACCELERATION_NEEDED: 'acceleration_needed'>, 0.0697, 0.085, 0.82)
>>> round(result.completion, 3), result.time_elapsed
(0.287, 0.4)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import pairwise
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from luoshi.domain.errors import InvalidValue
from luoshi.domain.indicator import Direction, Indicator
from luoshi.domain.observation import Observation
from luoshi.domain.period import Period, PeriodKind
from luoshi.domain.target import Measure, Target

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class ProgressStatus(StrEnum):
    """Where an indicator stands. The order is from "cannot say" through best to worst."""

    INSUFFICIENT_DATA = "insufficient_data"
    TARGET_ACHIEVED = "target_achieved"
    ON_TRACK = "on_track"
    ACCELERATION_NEEDED = "acceleration_needed"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"


PROGRESS_STATUS_LABELS: Final[dict[ProgressStatus, str]] = {
    ProgressStatus.INSUFFICIENT_DATA: "数据不足",
    ProgressStatus.TARGET_ACHIEVED: "已达目标",
    ProgressStatus.ON_TRACK: "进度正常",
    ProgressStatus.ACCELERATION_NEEDED: "需加快进度",
    ProgressStatus.LIMITED_PROGRESS: "进展缓慢",
    ProgressStatus.DETERIORATION: "出现倒退",
}

#: the words of a status for a series without a target (the codes stay Open SDG's): with no target there is
#: no "progress" to be on track with, only a direction of change, so none of a target status's words is used
NO_TARGET_STATUS_LABELS: Final[dict[ProgressStatus, str]] = {
    ProgressStatus.INSUFFICIENT_DATA: "数据不足",
    ProgressStatus.ON_TRACK: "明显向好",
    ProgressStatus.ACCELERATION_NEEDED: "稳步向好",
    ProgressStatus.LIMITED_PROGRESS: "基本持平",
    ProgressStatus.DETERIORATION: "出现倒退",
}


def status_label(status: ProgressStatus, targeted: bool) -> str:
    """The words of a status: a target status's for a series judged against a target, else the no-target
    words (``target_achieved`` never happens without a target; it keeps its words).

    >>> status_label(ProgressStatus.ON_TRACK, True), status_label(ProgressStatus.ON_TRACK, False)
    ('进度正常', '明显向好')
    """
    if targeted:
        return PROGRESS_STATUS_LABELS[status]
    return NO_TARGET_STATUS_LABELS.get(status, PROGRESS_STATUS_LABELS[status])


#: status codes of :class:`ProgressBatch`: ``STATUSES[code]``
STATUSES: Final[tuple[ProgressStatus, ...]] = tuple(ProgressStatus)
_INSUFFICIENT, _ACHIEVED, _ON_TRACK, _ACCELERATION, _LIMITED, _DETERIORATION = range(len(STATUSES))


class ProgressWarning(StrEnum):
    """Something a reader of a result should know; the result is still what the rules give."""

    BASE_YEAR_NOT_OBSERVED = "base_year_not_observed"
    TOO_FEW_YEARS = "too_few_years"
    NON_POSITIVE_LEVEL = "non_positive_level"
    ZERO_TARGET = "zero_target"
    NON_POSITIVE_TARGET = "non_positive_target"
    TARGET_YEAR_NOT_AFTER_BASE = "target_year_not_after_base"
    PAST_TARGET_YEAR = "past_target_year"


PROGRESS_WARNING_MESSAGES: Final[dict[ProgressWarning, str]] = {
    ProgressWarning.BASE_YEAR_NOT_OBSERVED: "no figure for the base year; the first later year is the base",
    ProgressWarning.TOO_FEW_YEARS: "fewer than two years observed from the base year on",
    ProgressWarning.NON_POSITIVE_LEVEL: "a level used for a growth rate is zero or negative",
    ProgressWarning.ZERO_TARGET: "a target of 0 is counted as 0.001",
    ProgressWarning.NON_POSITIVE_TARGET: "the target level is negative, so no growth rate reaches it",
    ProgressWarning.TARGET_YEAR_NOT_AFTER_BASE: "the target year is not after the (effective) base year",
    ProgressWarning.PAST_TARGET_YEAR: "the latest figure is after the target year",
}

#: warning bits of :class:`ProgressBatch`: bit i is ``WARNINGS[i]``
WARNINGS: Final[tuple[ProgressWarning, ...]] = tuple(ProgressWarning)
_SHIFT: Final[dict[ProgressWarning, int]] = {w: i for i, w in enumerate(WARNINGS)}
_BIT: Final[dict[ProgressWarning, int]] = {w: 1 << i for w, i in _SHIFT.items()}
assert len(WARNINGS) <= 8, "warning bits are computed in one byte"

#: the tolerance when turning a fractional number of years into the year a target is reached
_YEAR_EPSILON: Final = 1e-9
#: thresholds are met within this much: 1000 -> 1015 is 1.5 % on paper and 1.4999999999999 % in binary
_TOLERANCE: Final = 1e-9
#: beyond this many years "the year the target is reached" is reported as never
_YEARS_HORIZON: Final = 1e6


class InvalidRules(InvalidValue):
    """Progress rules whose thresholds or score points are out of order."""


@dataclass(frozen=True)
class ProgressRules:
    """Thresholds and score points of the assessment; configurable per plan, defaults from issue 4.

    With a target the status comes from the ratio R = observed_rate / required_rate: ``on_track`` from
    ``on_track_ratio``, ``acceleration_needed`` from ``acceleration_ratio``, ``limited_progress`` from 0,
    else ``deterioration``. Without a target the direction-signed rate s takes ``on_track_rate`` and
    ``acceleration_rate`` instead. Scores interpolate linearly through the points, clamped at both ends.

    Without a target a compound annual rate is shown only from a base level of ``min_rate_base`` (in the
    base unit: 家, 次, 人, %) and over ``min_rate_span`` years or more; below either, the absolute change
    is what is shown (2 → 45 家 is +43 家, not 374 % a year). The status still follows the rate.

    >>> round(ProgressRules().score_for_ratio(0.775), 6)
    1.25
    >>> ProgressRules().score_for_rate(-1.0)
    -5.0
    """

    on_track_ratio: float = 0.95
    acceleration_ratio: float = 0.60
    on_track_rate: float = 0.015
    acceleration_rate: float = 0.005
    ratio_score_points: tuple[tuple[float, float], ...] = (
        (-0.6, -5.0),
        (0.0, -2.5),
        (0.6, 0.0),
        (0.95, 2.5),
        (1.3, 5.0),
    )
    rate_score_points: tuple[tuple[float, float], ...] = (
        (-0.02, -5.0),
        (0.0, -2.5),
        (0.005, 0.0),
        (0.015, 2.5),
        (0.02, 5.0),
    )
    achieved_score: float = 5.0
    broken_constraint_score: float = -5.0
    zero_target: float = 0.001
    min_rate_base: float = 100.0
    min_rate_span: int = 2

    def __post_init__(self) -> None:
        if not 0.0 <= self.acceleration_ratio <= self.on_track_ratio:
            raise InvalidRules("need 0 <= acceleration_ratio <= on_track_ratio")
        if not 0.0 <= self.acceleration_rate <= self.on_track_rate:
            raise InvalidRules("need 0 <= acceleration_rate <= on_track_rate")
        for name in ("ratio_score_points", "rate_score_points"):
            points = getattr(self, name)
            xs = [x for x, _ in points]
            ys = [y for _, y in points]
            if len(points) < 2 or any(b <= a for a, b in pairwise(xs)):
                raise InvalidRules(f"{name}: need two or more points with increasing x")
            if any(b < a for a, b in pairwise(ys)):
                raise InvalidRules(f"{name}: scores must not decrease (a better rate never scores less)")
        if not self.zero_target > 0:
            raise InvalidRules("zero_target must be positive")
        if not (self.min_rate_base >= 0 and self.min_rate_span >= 1):
            raise InvalidRules("need min_rate_base >= 0 and min_rate_span >= 1")

    def shows_rate(self, base_value: float, years: int) -> bool:
        """Whether a series without a target shows its compound rate (else its absolute change)."""
        return base_value >= self.min_rate_base and years >= self.min_rate_span

    def score_for_ratio(self, ratio: float) -> float:
        """Score of a target ratio R, piecewise linear and clamped."""
        return _interpolate(ratio, self.ratio_score_points)

    def score_for_rate(self, rate: float) -> float:
        """Score of a direction-signed rate s (no target), piecewise linear and clamped."""
        return _interpolate(rate, self.rate_score_points)

    def status_for_ratio(self, ratio: float) -> ProgressStatus:
        """Status of a target ratio R when the target is not yet met."""
        ratio += _TOLERANCE
        if ratio >= self.on_track_ratio:
            return ProgressStatus.ON_TRACK
        if ratio >= self.acceleration_ratio:
            return ProgressStatus.ACCELERATION_NEEDED
        if ratio >= 0.0:
            return ProgressStatus.LIMITED_PROGRESS
        return ProgressStatus.DETERIORATION

    def status_for_rate(self, rate: float) -> ProgressStatus:
        """Status of a direction-signed rate s when there is no target."""
        rate += _TOLERANCE
        if rate >= self.on_track_rate:
            return ProgressStatus.ON_TRACK
        if rate >= self.acceleration_rate:
            return ProgressStatus.ACCELERATION_NEEDED
        if rate >= 0.0:
            return ProgressStatus.LIMITED_PROGRESS
        return ProgressStatus.DETERIORATION


DEFAULT_RULES: Final = ProgressRules()


def _interpolate(x: float, points: Sequence[tuple[float, float]]) -> float:
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


@dataclass(frozen=True)
class TargetSpec:
    """A target as the engine needs it.

    ``TargetSpec(20, 2025)``: a level of 20 by 2025. ``TargetSpec(8.5, 2025, Measure.GROWTH)``: 年均增长
    8.5 % per year from the base year to 2025. With ``annualized=False`` a growth target is growth over
    the whole span (累计增长 10 % by 2025). Met means reached or exceeded in the indicator's direction.
    """

    value: float
    year: int
    measure: Measure = Measure.LEVEL
    annualized: bool = True

    @classmethod
    def of(cls, target: Target) -> TargetSpec:
        """The engine's view of a domain :class:`~luoshi.domain.target.Target` (its comparator is not used:
        the indicator's direction says which way is better)."""
        annualized = target.annualized or target.measure is Measure.LEVEL
        return cls(target.value, target.target_year, target.measure, annualized)


@dataclass(frozen=True)
class Series:
    """One indicator's annual values (year -> value) with its direction, base year and optional target.

    ``Series({2018: 394.5, 2020: 428.2}, Direction.INCREASE, 2018)``. Values before the base year and NaN
    values are ignored.
    """

    values: Mapping[int, float]
    direction: Direction
    base_year: int
    target: TargetSpec | None = None

    @classmethod
    def from_domain(
        cls,
        indicator: Indicator,
        observations: Iterable[Observation],
        target: Target | None = None,
        base_year: int | None = None,
        *,
        region_code: str | None = None,
        scenario: str = "actual",
    ) -> Series:
        """A series from domain objects: the annual level observations of ``indicator`` (optionally one
        region's) and one of its targets.

        The base year is ``base_year`` if given, else the target's; a target's ``base_value`` stands in
        for a base year with no observation. Raises DomainError if neither gives a base year.
        """
        base = base_year if base_year is not None else (target.base_year if target is not None else None)
        if base is None:
            raise InvalidValue(f"indicator {indicator.code}: no base year (give one, or a target with one)")
        values = annual_values(observations, region_code=region_code, scenario=scenario)
        if target is not None and target.base_value is not None:
            values.setdefault(base, target.base_value)
        spec = TargetSpec.of(target) if target is not None else None
        return cls(values, indicator.direction, base, spec)


def annual_values(
    observations: Iterable[Observation], *, region_code: str | None = None, scenario: str = "actual"
) -> dict[int, float]:
    """Year -> value of the annual level observations: what an annual assessment uses.

    Quarters, months, year-to-date figures (see :func:`assess_year_to_date`), growth rates and
    multi-year spans are left out.
    """
    return {
        o.period.year: o.value
        for o in observations
        if o.period.kind is PeriodKind.YEAR
        and o.measure is Measure.LEVEL
        and o.scenario == scenario
        and (region_code is None or o.region_code == region_code)
    }


@dataclass(frozen=True)
class ProgressResult:
    """The assessment of one series. Rates are fractions (0.042 = 4.2 %); None where not defined.

    - ``base_year``/``base_value``: the effective base (the base year, or the first observed year after
      it); ``current_year``/``current_value``: the latest observed year.
    - ``target_value``: the target as a level (a growth target is converted; a target of 0 is 0.001).
    - ``observed_rate``: compound annual growth from base to current; ``required_rate``: from base to
      the target; ``ratio`` = observed / required.
    - ``completion``/``time_elapsed``: 序时进度, the share of the way to the target that is done and the
      share of the time that has passed.
    - ``projected_value``: the level at the target year at the observed rate (if that is not past);
      ``needed_rate``: the rate now needed from the current year to still reach the target;
      ``year_reached``: when the target would be reached at the observed rate (None: not yet met and
      never at this rate, or already met).
    - ``change``: the absolute change from base to current (x_t − x_b), wherever two years are observed;
      ``rate_shown``: whether the observed rate is for showing — always with a target, and without one
      only above the rules' minimum base and span (else the change is what a reader sees).
    """

    status: ProgressStatus
    score: float | None = None
    observed_rate: float | None = None
    required_rate: float | None = None
    ratio: float | None = None
    completion: float | None = None
    time_elapsed: float | None = None
    projected_value: float | None = None
    needed_rate: float | None = None
    year_reached: int | None = None
    base_year: int | None = None
    base_value: float | None = None
    current_year: int | None = None
    current_value: float | None = None
    target_value: float | None = None
    target_year: int | None = None
    warnings: tuple[ProgressWarning, ...] = ()
    change: float | None = None
    rate_shown: bool = False

    @property
    def messages(self) -> tuple[str, ...]:
        """The warnings in words."""
        return tuple(PROGRESS_WARNING_MESSAGES[w] for w in self.warnings)


def assess_series(series: Series, rules: ProgressRules = DEFAULT_RULES) -> ProgressResult:
    """Assess one series by the rules (plain Python; the reference for :func:`assess_batch`).

    平城区 urban registered unemployment (%, decrease), ``<= 4.5`` by 2025, already met at the base:

    >>> jobless = Series({2020: 4.2, 2022: 4.4}, Direction.DECREASE, 2020, TargetSpec(4.5, 2025))
    >>> r = assess_series(jobless)
    >>> r.status, r.score, r.ratio, r.completion
    (<ProgressStatus.TARGET_ACHIEVED: 'target_achieved'>, 5.0, None, None)
    """
    warnings: list[ProgressWarning] = []
    observed = sorted(
        (year, value) for year, value in series.values.items() if year >= series.base_year and not math.isnan(value)
    )
    if not observed:
        return ProgressResult(ProgressStatus.INSUFFICIENT_DATA, warnings=(ProgressWarning.TOO_FEW_YEARS,))
    (b, xb), (t, xt) = observed[0], observed[-1]
    known = ProgressResult(
        ProgressStatus.INSUFFICIENT_DATA, base_year=b, base_value=xb, current_year=t, current_value=xt
    )
    if b != series.base_year:
        warnings.append(ProgressWarning.BASE_YEAR_NOT_OBSERVED)
    if t - b < 1:
        warnings.append(ProgressWarning.TOO_FEW_YEARS)
        return replace(known, warnings=tuple(warnings))
    known = replace(known, change=xt - xb)
    if not (xb > 0 and xt > 0):
        warnings.append(ProgressWarning.NON_POSITIVE_LEVEL)
        return replace(known, warnings=tuple(warnings))
    rate = _annual_rate(xt / xb, t - b)
    decrease = series.direction is Direction.DECREASE
    target = series.target

    if target is None:
        signed = -rate if decrease else rate
        return replace(
            known,
            status=rules.status_for_rate(signed),
            score=rules.score_for_rate(signed),
            observed_rate=rate,
            rate_shown=rules.shows_rate(xb, t - b),
            warnings=tuple(warnings),
        )

    big_t = target.year
    span = big_t - b
    if target.measure is Measure.GROWTH:
        level = xb * (1.0 + target.value / 100.0) ** (span if target.annualized else 1)
    elif target.value == 0:
        level = rules.zero_target
        warnings.append(ProgressWarning.ZERO_TARGET)
    else:
        level = target.value
    known = replace(known, observed_rate=rate, rate_shown=True, target_value=level, target_year=big_t)
    if span < 1:
        warnings.append(ProgressWarning.TARGET_YEAR_NOT_AFTER_BASE)
        return replace(known, warnings=tuple(warnings))
    if not level > 0:
        warnings.append(ProgressWarning.NON_POSITIVE_TARGET)
        return replace(known, warnings=tuple(warnings))
    if t > big_t:
        warnings.append(ProgressWarning.PAST_TARGET_YEAR)

    def meets(x: float) -> bool:
        return x <= level if decrease else x >= level

    known = replace(known, projected_value=xt * (1.0 + rate) ** (big_t - t) if big_t >= t else None)
    if meets(xb):  # a constraint already met when the plan starts: keep it met
        achieved = meets(xt)
        return replace(
            known,
            status=ProgressStatus.TARGET_ACHIEVED if achieved else ProgressStatus.DETERIORATION,
            score=rules.achieved_score if achieved else rules.broken_constraint_score,
            warnings=tuple(warnings),
        )

    if target.measure is Measure.GROWTH and target.annualized:
        required = target.value / 100.0  # exactly g, not g through a power and back
    else:
        required = _annual_rate(level / xb, span)
    ratio = rate / required
    known = replace(
        known,
        required_rate=required,
        ratio=ratio,
        completion=(xt - xb) / (level - xb),
        time_elapsed=(t - b) / span,
        warnings=tuple(warnings),
    )
    if meets(xt):
        return replace(known, status=ProgressStatus.TARGET_ACHIEVED, score=rules.achieved_score)
    years = _years_to_reach(xt, level, rate)
    return replace(
        known,
        status=rules.status_for_ratio(ratio),
        score=rules.score_for_ratio(ratio),
        needed_rate=_annual_rate(level / xt, big_t - t) if big_t > t else None,
        year_reached=None if years is None or years >= _YEARS_HORIZON else t + math.ceil(years - _YEAR_EPSILON),
    )


def _annual_rate(growth: float, years: float) -> float:
    """The compound annual rate of a total growth factor: (growth)^(1/years) - 1, computed as
    expm1(log(growth) / years), which keeps its digits when the rate is tiny."""
    return math.expm1(math.log(growth) / years)


def _years_to_reach(value: float, level: float, rate: float) -> float | None:
    """Years at ``rate`` from ``value`` to ``level`` (both positive, level not yet reached)."""
    if rate == 0.0 or (level > value) != (rate > 0.0):
        return None
    return math.log(level / value) / math.log1p(rate)


@dataclass(frozen=True)
class SeriesBatch:
    """Many series as arrays: what :func:`assess_batch` takes.

    ``values[i, j]`` is series i in ``years[j]`` (NaN: no figure); ``years`` ascend. Per series:
    ``base_year``, ``decrease`` (direction), ``target_value`` (NaN: no target), ``target_year``,
    ``target_growth`` (the target is 年均增长 in percent), ``target_annualized`` (False: growth over the
    whole span). Build one from plain values with :meth:`from_series`.
    """

    years: IntArray
    values: FloatArray
    base_year: IntArray
    decrease: BoolArray
    target_value: FloatArray
    target_year: IntArray
    target_growth: BoolArray
    target_annualized: BoolArray = field(default_factory=lambda: np.ones(0, dtype=np.bool_))

    def __post_init__(self) -> None:
        n, m = self.values.shape
        if self.target_annualized.shape == (0,) and n:
            object.__setattr__(self, "target_annualized", np.ones(n, dtype=np.bool_))
        if self.years.shape != (m,) or (m > 1 and not bool(np.all(np.diff(self.years) > 0))):
            raise InvalidValue("years must be one strictly ascending row matching the columns of values")
        for name in ("base_year", "decrease", "target_value", "target_year", "target_growth", "target_annualized"):
            if getattr(self, name).shape != (n,):
                raise InvalidValue(f"{name} must have one entry per series ({n})")

    def __len__(self) -> int:
        return int(self.values.shape[0])

    @classmethod
    def from_series(cls, series: Sequence[Series]) -> SeriesBatch:
        """Stack plain series into arrays over the union of their years."""
        years = sorted({y for s in series for y in s.values})
        column = {y: j for j, y in enumerate(years)}
        n = len(series)
        values = np.full((n, len(years)), np.nan)
        base = np.zeros(n, dtype=np.int64)
        decrease = np.zeros(n, dtype=np.bool_)
        target_value = np.full(n, np.nan)
        target_year = np.zeros(n, dtype=np.int64)
        growth = np.zeros(n, dtype=np.bool_)
        annualized = np.ones(n, dtype=np.bool_)
        for i, s in enumerate(series):
            for year, value in s.values.items():
                values[i, column[year]] = value
            base[i] = s.base_year
            decrease[i] = s.direction is Direction.DECREASE
            if s.target is not None:
                target_value[i] = s.target.value
                target_year[i] = s.target.year
                growth[i] = s.target.measure is Measure.GROWTH
                annualized[i] = s.target.annualized
        return cls(
            np.array(years, dtype=np.int64), values, base, decrease, target_value, target_year, growth, annualized
        )


@dataclass(frozen=True)
class ProgressBatch:
    """The results of :func:`assess_batch` as arrays, one entry per series (NaN or -1: not defined).

    ``status`` holds codes into :data:`STATUSES`; ``warnings`` bits into :data:`WARNINGS`.
    :meth:`result` gives one series' :class:`ProgressResult`.
    """

    status: npt.NDArray[np.int8]
    score: FloatArray
    observed_rate: FloatArray
    required_rate: FloatArray
    ratio: FloatArray
    completion: FloatArray
    time_elapsed: FloatArray
    projected_value: FloatArray
    needed_rate: FloatArray
    year_reached: IntArray
    base_year: IntArray
    base_value: FloatArray
    current_year: IntArray
    current_value: FloatArray
    target_value: FloatArray
    target_year: IntArray
    warnings: npt.NDArray[np.int64]
    change: FloatArray
    rate_shown: BoolArray

    def __len__(self) -> int:
        return int(self.status.shape[0])

    def statuses(self) -> list[ProgressStatus]:
        return [STATUSES[code] for code in self.status.tolist()]

    def result(self, i: int) -> ProgressResult:
        def num(a: FloatArray) -> float | None:
            v = float(a[i])
            return None if math.isnan(v) else v

        def year(a: IntArray) -> int | None:
            v = int(a[i])
            return None if v < 0 else v

        bits = int(self.warnings[i])
        return ProgressResult(
            STATUSES[int(self.status[i])],
            num(self.score),
            num(self.observed_rate),
            num(self.required_rate),
            num(self.ratio),
            num(self.completion),
            num(self.time_elapsed),
            num(self.projected_value),
            num(self.needed_rate),
            year(self.year_reached),
            year(self.base_year),
            num(self.base_value),
            year(self.current_year),
            num(self.current_value),
            num(self.target_value),
            year(self.target_year),
            tuple(w for w in WARNINGS if bits & _BIT[w]),
            num(self.change),
            bool(self.rate_shown[i]),
        )

    def results(self) -> list[ProgressResult]:
        return [self.result(i) for i in range(len(self))]


def assess_batch(batch: SeriesBatch, rules: ProgressRules = DEFAULT_RULES) -> ProgressBatch:
    """Assess every series of ``batch`` at once; the same rules as :func:`assess_series`, in numpy.

    >>> batch = SeriesBatch.from_series([
    ...     Series({2018: 394.5, 2020: 428.2}, Direction.INCREASE, 2018),
    ...     Series({2020: 4.2, 2022: 4.4}, Direction.DECREASE, 2020, TargetSpec(4.5, 2025)),
    ... ])
    >>> assess_batch(batch).statuses()
    [<ProgressStatus.ON_TRACK: 'on_track'>, <ProgressStatus.TARGET_ACHIEVED: 'target_achieved'>]
    """
    n = len(batch)

    def chunk(lo: int, hi: int) -> dict[str, npt.NDArray[np.generic]]:
        return _assess_chunk(
            batch.years,
            batch.values[lo:hi],
            batch.base_year[lo:hi],
            batch.decrease[lo:hi],
            batch.target_value[lo:hi],
            batch.target_year[lo:hi],
            batch.target_growth[lo:hi],
            batch.target_annualized[lo:hi],
            rules,
        )

    if n <= _CHUNK:
        return ProgressBatch(**chunk(0, n))  # type: ignore[arg-type]
    # Work through the series in chunks whose temporaries stay in the CPU cache: two to three times
    # faster than whole-array passes over a million series, and the results are the same.
    out: dict[str, npt.NDArray[np.generic]] = {}
    for lo in range(0, n, _CHUNK):
        hi = min(lo + _CHUNK, n)
        part = chunk(lo, hi)
        if not out:
            out = _allocate(part, n)
        for name, array in part.items():
            out[name][lo:hi] = array
    return ProgressBatch(**out)  # type: ignore[arg-type]


def _allocate(example: dict[str, npt.NDArray[np.generic]], n: int) -> dict[str, npt.NDArray[np.generic]]:
    """Output arrays of n rows like ``example``'s, each dtype's in one block: one large allocation is
    backed by huge pages and fills several times faster than many separate ones."""
    names_by_dtype: dict[np.dtype[Any], list[str]] = {}
    for name, array in example.items():
        names_by_dtype.setdefault(array.dtype, []).append(name)
    out: dict[str, npt.NDArray[np.generic]] = {}
    for dtype, names in names_by_dtype.items():
        block = np.empty((len(names), n), dtype=dtype)
        out.update(zip(names, block, strict=True))
    return out


#: series per chunk of :func:`assess_batch`: 125 KiB per float column, just under the 128 KiB above
#: which the C library maps fresh (page-faulting) memory for each temporary, and within the L2 cache
_CHUNK: Final = 16000


def _assess_chunk(
    years: IntArray,
    values: FloatArray,
    base_year: IntArray,
    decrease: BoolArray,
    tv: FloatArray,
    target_year: IntArray,
    target_growth: BoolArray,
    annualized: BoolArray,
    rules: ProgressRules,
) -> dict[str, npt.NDArray[np.generic]]:
    """The rules of :func:`assess_series` for a chunk of series, in whole-array passes.

    Cheap passes (comparisons, masks) run over every row; the costly ones (logarithms, powers,
    interpolation) run only over the rows that need them, gathered into compact arrays: the rows with
    a rate, the rows without a target, the rows still on their way to a target.
    """
    n, m = values.shape
    if m == 0:
        values = np.full((n, 1), np.nan)
        years = np.zeros(1, dtype=np.int64)
        m = 1
    flat = np.ascontiguousarray(values).ravel()
    offsets = np.arange(n) * m
    with np.errstate(all="ignore"):
        # effective base b: the first figure at or after the base year; current t: the last figure.
        # Most rows have figures where the search starts, so step only the rows that are still on a gap.
        consecutive = bool(years[-1] - years[0] == m - 1)  # the usual case: plain arithmetic, no search
        bi = np.clip(base_year - years[0], 0, m) if consecutive else np.searchsorted(years, base_year)
        _step_over_gaps(flat, offsets, bi, np.flatnonzero(bi < m), +1, m)
        any_usable = bi < m
        bi = np.minimum(bi, m - 1)
        ti = np.full(n, m - 1)
        _step_over_gaps(flat, offsets, ti, np.flatnonzero(any_usable), -1, m)
        xb = np.where(any_usable, flat.take(offsets + bi), np.nan)
        xt = np.where(any_usable, flat.take(offsets + ti), np.nan)
        b = np.where(any_usable, years.take(bi), -1)
        t = np.where(any_usable, years.take(ti), -1)
        k = t - b
        enough = any_usable & (k >= 1)
        positive = (xb > 0) & (xt > 0)
        ok = enough & positive
        rate = _annual_rates(xt / xb, k, ok)
        has_target = tv == tv  # not NaN
        increase = ~decrease

        # no target: bands of the direction-signed rate
        no_target = ok & ~has_target
        signed = np.where(decrease, -rate, rate)
        rows = np.flatnonzero(no_target)
        status_rate = _bands(signed.take(rows), rules.on_track_rate, rules.acceleration_rate)
        score_rate = _interpolate_array(signed.take(rows), rules.rate_score_points)

        # a target as a level X (growth targets converted, 0 counted as zero_target)
        targeted = ok & has_target
        span = target_year - b
        growth = target_growth & targeted
        level = tv.copy()
        g = np.flatnonzero(growth)
        exponent = np.where(annualized.take(g), span.take(g), 1)
        level[g] = xb.take(g) * (1.0 + tv.take(g) / 100.0) ** exponent
        zero = targeted & ~target_growth & (tv == 0)
        level[zero] = rules.zero_target
        span_ok = span >= 1
        level_ok = level > 0
        judged = targeted & span_ok & level_ok
        meets_b = (increase & (xb >= level)) | (decrease & (xb <= level))
        meets_t = (increase & (xt >= level)) | (decrease & (xt <= level))
        achieved = judged & meets_t
        broken = judged & meets_b & ~meets_t  # a constraint met at the base, no longer met
        towards = judged & ~meets_b  # not met at the base: rates, ratio and 序时进度 apply
        open_ = towards & ~meets_t  # ... and not met yet

        # rows on their way to a target, gathered
        w = np.flatnonzero(towards)
        xb_w, xt_w, level_w, span_w, rate_w = xb.take(w), xt.take(w), level.take(w), span.take(w), rate.take(w)
        exact_w = (growth & annualized).take(w)  # the required rate is g itself
        required_w = np.where(exact_w, tv.take(w) / 100.0, np.expm1(np.log(level_w / xb_w) / span_w))
        ratio_w = rate_w / required_w
        open_w = open_.take(w)
        remaining_w = target_year.take(w) - t.take(w)
        with_time = open_w & (remaining_w > 0)
        needed_w = np.where(with_time, np.expm1(np.log(level_w / xt_w) / np.where(with_time, remaining_w, 1)), np.nan)
        moving_w = open_w & (rate_w != 0.0) & ((level_w > xt_w) == (rate_w > 0.0))
        years_w = np.log(level_w / xt_w) / np.log1p(rate_w)
        reached_w = np.where(moving_w & (years_w < _YEARS_HORIZON), t.take(w) + np.ceil(years_w - _YEAR_EPSILON), -1.0)
        o = np.flatnonzero(open_w)
        status_ratio = _bands(ratio_w.take(o), rules.on_track_ratio, rules.acceleration_ratio)
        score_ratio = _interpolate_array(ratio_w.take(o), rules.ratio_score_points)
        open_rows = w.take(o)

        # status and score, case by case
        status = np.full(n, _INSUFFICIENT, dtype=np.int8)
        status[rows] = status_rate
        status[open_rows] = status_ratio
        status[broken] = _DETERIORATION
        status[achieved] = _ACHIEVED
        score = np.full(n, np.nan)
        score[rows] = score_rate
        score[open_rows] = score_ratio
        score[broken] = rules.broken_constraint_score
        score[achieved] = rules.achieved_score

        remaining = target_year - t
        projected = np.full(n, np.nan)
        p = np.flatnonzero(judged & (remaining >= 0))
        projected[p] = xt.take(p) * (1.0 + rate.take(p)) ** remaining.take(p)

        warnings = (
            _bit(any_usable & (b != base_year), ProgressWarning.BASE_YEAR_NOT_OBSERVED)
            | _bit(~enough, ProgressWarning.TOO_FEW_YEARS)
            | _bit(enough & ~positive, ProgressWarning.NON_POSITIVE_LEVEL)
            | _bit(zero, ProgressWarning.ZERO_TARGET)
            | _bit(targeted & ~span_ok, ProgressWarning.TARGET_YEAR_NOT_AFTER_BASE)
            | _bit(targeted & span_ok & ~level_ok, ProgressWarning.NON_POSITIVE_TARGET)
            | _bit(judged & (t > target_year), ProgressWarning.PAST_TARGET_YEAR)
        )

        return {
            "status": status,
            "score": score,
            "observed_rate": rate,
            "required_rate": _scatter(n, w, required_w),
            "ratio": _scatter(n, w, ratio_w),
            "completion": _scatter(n, w, (xt_w - xb_w) / (level_w - xb_w)),
            "time_elapsed": _scatter(n, w, k.take(w) / span_w),
            "projected_value": projected,
            "needed_rate": _scatter(n, w, needed_w),
            "year_reached": _scatter(n, w, reached_w, -1.0).astype(np.int64),
            "base_year": b,
            "base_value": xb,
            "current_year": t,
            "current_value": xt,
            "target_value": np.where(targeted, level, np.nan),
            "target_year": np.where(targeted, target_year, -1),
            "warnings": warnings.astype(np.int64),
            "change": np.where(enough, xt - xb, np.nan),
            "rate_shown": ok & (has_target | ((xb >= rules.min_rate_base) & (k >= rules.min_rate_span))),
        }


def _scatter(n: int, rows: IntArray, values: FloatArray, fill: float = np.nan) -> FloatArray:
    """An array of n ``fill`` values with ``values`` at ``rows``."""
    out = np.full(n, fill)
    out[rows] = values
    return out


def _annual_rates(growth: FloatArray, years: npt.NDArray[Any], where: BoolArray) -> FloatArray:
    """:func:`_annual_rate` where ``where`` holds, NaN elsewhere."""
    rows = np.flatnonzero(where)
    return _scatter(growth.shape[0], rows, np.expm1(np.log(growth.take(rows)) / years.take(rows)))


def _interpolate_array(x: FloatArray, points: Sequence[tuple[float, float]]) -> FloatArray:
    """The piecewise linear score of ``x`` through ``points``, clamped at both ends."""
    return np.interp(x, [p for p, _ in points], [s for _, s in points])


def _step_over_gaps(flat: FloatArray, offsets: IntArray, column: IntArray, rows: IntArray, step: int, m: int) -> None:
    """Move ``column[i]`` by ``step`` while the value of row i there is NaN, for the given rows, in place.

    ``flat`` holds the rows of m values one after another; ``offsets[i]`` is where row i starts.
    Stepping forward stops at ``m``; stepping back must start from rows with a figure on the way.
    """
    if rows.size == column.size:  # the first pass over every row needs no gathering of rows
        gap = np.isnan(flat.take(offsets + column))
        rows = np.flatnonzero(gap)
        column[rows] += step
        if step > 0:
            rows = rows[column[rows] < m]
    while rows.size:
        gap = np.isnan(flat.take(offsets.take(rows) + column.take(rows)))
        rows = rows[gap]
        column[rows] += step
        if step > 0:
            rows = rows[column[rows] < m]


_BAND_CODES: Final = np.array([_DETERIORATION, _LIMITED, _ACCELERATION, _ON_TRACK], dtype=np.int8)


def _bands(x: FloatArray, upper: float, lower: float) -> npt.NDArray[np.int8]:
    """Status codes of a ratio or signed rate: >= upper on track, >= lower acceleration, >= 0 limited."""
    x = x + _TOLERANCE
    steps = (x >= 0.0).view(np.int8) + (x >= lower).view(np.int8) + (x >= upper).view(np.int8)
    return _BAND_CODES.take(steps)


def _points(points: Sequence[tuple[float, float]]) -> tuple[FloatArray, FloatArray]:
    return np.array([x for x, _ in points]), np.array([y for _, y in points])


def _bit(where: BoolArray, warning: ProgressWarning) -> npt.NDArray[np.uint8]:
    """The warning's bit where ``where`` holds (bytes: an eighth of the work of 64-bit integers)."""
    return where.view(np.uint8) << np.uint8(_SHIFT[warning])


def assess_many(series: Sequence[Series], rules: ProgressRules = DEFAULT_RULES) -> list[ProgressResult]:
    """Assess plain series with the vectorised engine: the call for the service layer and the CLI."""
    if not series:
        return []
    return assess_batch(SeriesBatch.from_series(series), rules).results()


def assess_year_to_date(
    value: float,
    period: Period | str,
    year_target: float,
    direction: Direction = Direction.INCREASE,
    rules: ProgressRules = DEFAULT_RULES,
) -> ProgressResult:
    """序时进度 of a cumulative figure for part of a year against the year's target.

    ``completion`` = value / year_target, ``time_elapsed`` = the period's share of its year (1-3 quarters:
    0.25, 0.5, 0.75; 1-8 months: 8/12). For more-is-better figures (investment completed, 完成年度目标的
    …%) R = completion / time_elapsed; for a cap (energy use, less is better) R = time_elapsed /
    completion, and a cap already exceeded is ``deterioration``. Status and score then follow the ratio
    rules; a whole year's figure that meets the target is ``target_achieved``.

    >>> r = assess_year_to_date(52.0, "2021YTD06", 100.0)   # half the year, 52 % done: 超序时进度
    >>> r.status, r.completion, r.time_elapsed, r.ratio
    (<ProgressStatus.ON_TRACK: 'on_track'>, 0.52, 0.5, 1.04)
    """
    p = period if isinstance(period, Period) else Period.parse(period)
    if p.kind is PeriodKind.SPAN:
        raise InvalidValue(f"period {p.code}: 序时进度 compares part of one year with that year's target")
    if not year_target > 0:
        raise InvalidValue(f"a year's target must be positive for 序时进度, got {year_target!r}")
    elapsed = p.fraction_of_year
    completion = value / year_target
    common = ProgressResult(
        ProgressStatus.INSUFFICIENT_DATA,
        completion=completion,
        time_elapsed=elapsed,
        current_value=value,
        current_year=p.year,
        target_value=year_target,
        target_year=p.year,
    )
    decrease = direction is Direction.DECREASE
    if decrease:
        if completion > 1.0:
            return replace(common, status=ProgressStatus.DETERIORATION, score=rules.broken_constraint_score)
        ratio = math.inf if completion <= 0 else elapsed / completion
    else:
        ratio = completion / elapsed
    if elapsed >= 1.0 and (completion <= 1.0 if decrease else completion >= 1.0):
        return replace(common, status=ProgressStatus.TARGET_ACHIEVED, score=rules.achieved_score, ratio=ratio)
    return replace(common, status=rules.status_for_ratio(ratio), score=rules.score_for_ratio(ratio), ratio=ratio)
