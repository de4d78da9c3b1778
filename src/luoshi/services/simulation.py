"""A simulated scenario for a plan: made-up figures for the years after the real ones stop, so that the
cockpit has something to show before real figures arrive (and so that every status occurs in a demo).

The scenario is seeded and deterministic: the same plan and seed give the same figures. Simulated
figures are stored as observations of scenario ``simulated`` with provenance kind ``simulated`` and
origin ``simulation``; real figures are never altered, and the app shows simulated ones with a 模拟数据
badge (and can hide them). Each indicator is given an intended status in turn (indicators with a target
and those without take turns in separate cycles, so that each kind shows every status it can have), a path
from the base year is drawn that produces it, and the engine checks the result (a draw that rounds to
another status is drawn again; if no draw gives it, the next status of the cycle is tried).

The base-year level comes from the real figures where they give one: the base year's own figure, else the
newest real figure of a year or span starting by the base year (a sum of money over a span of years is
spread evenly over them; any other figure over a span is read as the level at its end). An indicator
without a target whose only real figures fall after the base year (a one-off event reported in the
plan's first year, or another region's figure) is left out: a simulated history before a real one-off
figure would be an invention. Those stay 数据不足.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from luoshi.domain.indicator import Direction, Indicator
from luoshi.domain.measurement import UnknownUnit, from_base, to_base
from luoshi.domain.observation import FigureStatus, Observation
from luoshi.domain.period import Period, PeriodKind
from luoshi.domain.plan import PlanBundle
from luoshi.domain.provenance import Provenance, ProvenanceKind
from luoshi.domain.target import Measure, Target
from luoshi.engine.progress import ProgressStatus, Series, TargetSpec, assess_series
from luoshi.services.context import Context
from luoshi.services.plans import read_plan
from luoshi.services.progress import SIMULATED, main_target, series_values
from luoshi.storage.store import ChangeSummary

ORIGIN = "simulation"
DEFAULT_SEED = 2021
#: the statuses handed out in turn to indicators with a target: each once before any repeats
CYCLE: tuple[ProgressStatus, ...] = (
    ProgressStatus.ON_TRACK,
    ProgressStatus.ACCELERATION_NEEDED,
    ProgressStatus.TARGET_ACHIEVED,
    ProgressStatus.LIMITED_PROGRESS,
    ProgressStatus.DETERIORATION,
)
#: the statuses handed out in turn to indicators without a target (good progress half the time, as in a
#: real plan; nothing is "achieved" without a target)
NO_TARGET_CYCLE: tuple[ProgressStatus, ...] = (
    ProgressStatus.ON_TRACK,
    ProgressStatus.ACCELERATION_NEEDED,
    ProgressStatus.ON_TRACK,
    ProgressStatus.LIMITED_PROGRESS,
    ProgressStatus.ON_TRACK,
    ProgressStatus.DETERIORATION,
)
#: base units whose figure over a span is a total of flows (money spent, collected, invested), spread evenly
#: over the span's years; any other figure over a span (a count, a share, days a year) is read as the level
#: at the span's end
FLOW_UNITS = frozenset({"元"})
#: the range of a made-up base-year level, in the display unit, where no real figure gives one (per-capita
#: money in 元 is tens of thousands; other amounts 10 to 1000 of their display unit)
BASE_RANGES: dict[str, tuple[float, float]] = {"元": (25000.0, 45000.0), "%": (5.0, 60.0)}
DEFAULT_BASE_RANGE = (10.0, 1000.0)
#: the most a level in these display units can be (a share of a whole, days in a year)
CAPS: dict[str, float] = {"%": 100.0, "天": 365.0}
#: observed-rate / required-rate ranges that give each status with a target (see the engine's rules)
RATIO_RANGES: dict[ProgressStatus, tuple[float, float]] = {
    ProgressStatus.ON_TRACK: (1.0, 1.15),
    ProgressStatus.ACCELERATION_NEEDED: (0.65, 0.9),
    ProgressStatus.LIMITED_PROGRESS: (0.1, 0.5),
    ProgressStatus.DETERIORATION: (-0.6, -0.15),
}
#: direction-signed annual rates that give each status without a target
RATE_RANGES: dict[ProgressStatus, tuple[float, float]] = {
    ProgressStatus.ON_TRACK: (0.03, 0.08),
    ProgressStatus.ACCELERATION_NEEDED: (0.007, 0.013),
    ProgressStatus.LIMITED_PROGRESS: (0.0005, 0.004),
    ProgressStatus.DETERIORATION: (-0.05, -0.01),
    ProgressStatus.TARGET_ACHIEVED: (0.03, 0.08),
}
ATTEMPTS = 40


@dataclass(frozen=True)
class SimulationResult:
    plan_code: str
    seed: int
    observations: int
    intended: dict[str, ProgressStatus]
    summary: ChangeSummary


def _decimals(indicator: Indicator, observations: Sequence[Observation]) -> int:
    """Decimals to print: as the real figures are printed, else 1 for money and shares, 0 for counts."""
    for o in observations:
        if o.measure is Measure.LEVEL and o.printed_value and o.scenario == "actual":
            return -Decimal(o.printed_value).as_tuple().exponent  # type: ignore[operator]
    return 1 if indicator.unit in ("元", "%", "美元", "百分点") else 0


def _printed(value: float, places: int) -> str:
    return f"{value:.{places}f}"


def real_base(indicator: Indicator, observations: Sequence[Observation], region: str, base_year: int) -> float | None:
    """The base-year level (base units) the real figures give: the base year's own level, else the newest
    level of a year or span that starts by the base year (a span's total of money spread over its years,
    see FLOW_UNITS); None if the real figures give none."""
    levels = [
        o
        for o in observations
        if o.scenario == "actual"
        and o.region_code == region
        and o.measure is Measure.LEVEL
        and o.period.first_year <= base_year
        and o.period.kind in (PeriodKind.YEAR, PeriodKind.SPAN)
    ]
    if not levels:
        return None
    newest = max(levels, key=lambda o: (o.period.year, o.period.kind is PeriodKind.YEAR))
    if newest.period.kind is PeriodKind.SPAN and indicator.unit in FLOW_UNITS:
        return newest.value / newest.period.years
    return newest.value


def one_off(observations: Sequence[Observation], base_year: int) -> bool:
    """Real figures exist, and all are for periods after the base year (a one-off event of the plan's first
    years, or another region's): no base-year level can honestly be made up for them."""
    real = [o for o in observations if o.scenario == "actual" and o.measure is Measure.LEVEL]
    return bool(real) and all(o.period.first_year > base_year for o in real)


def simulate_indicator(
    indicator: Indicator,
    observations: Sequence[Observation],
    target: Target | None,
    *,
    base_year: int,
    last_year: int,
    region: str,
    intended: ProgressStatus,
    rng: random.Random,
) -> tuple[list[Observation], ProgressStatus]:
    """Made-up annual levels from the base year (only where no real figure exists) to ``last_year``, and
    the status they give (``intended``, or the nearest possible: a constraint met at the start can only be
    achieved or broken; without a target nothing is achieved). Empty if no draw gives it."""
    real = series_values(observations, region, include_simulated=False)
    known_base = real_base(indicator, observations, region, base_year)
    places = _decimals(indicator, observations)
    unit = indicator.display_unit
    try:
        from_base(1.0, unit)
    except UnknownUnit:
        unit = indicator.unit
    increase = indicator.direction is Direction.INCREASE
    spec = TargetSpec.of(target) if target is not None else None
    if spec is None and intended is ProgressStatus.TARGET_ACHIEVED:
        intended = ProgressStatus.ON_TRACK  # without a target nothing is "achieved"

    def level(v: float) -> float:  # base units -> display units
        return from_base(v, unit)

    low_base, high_base = BASE_RANGES.get(unit, DEFAULT_BASE_RANGE)
    for _ in range(ATTEMPTS):
        base = known_base
        target_level = None
        if spec is not None and target is not None:
            if spec.measure is Measure.GROWTH:
                base = base if base is not None else rng.uniform(50, 500) * to_base(1.0, unit)[0]
                target_level = base * (1 + spec.value / 100) ** (spec.year - base_year)
            else:
                target_level = spec.value
                if base is None:
                    factor = rng.uniform(0.45, 0.75) if increase else rng.uniform(1.3, 1.7)
                    base = target_level * factor
        if base is None:
            base = rng.uniform(low_base, high_base) * to_base(1.0, unit)[0]
        base = max(base, 1e-9)
        years = last_year - base_year
        if intended is ProgressStatus.INSUFFICIENT_DATA:
            path = {base_year: base}  # the base only: too few years to judge
        else:
            met_at_base = target_level is not None and (base >= target_level if increase else base <= target_level)
            if met_at_base and target_level is not None:
                # a constraint already met at the start: it holds (achieved) or it breaks (deterioration)
                if intended is ProgressStatus.DETERIORATION:
                    end = target_level * (0.92 if increase else 1.08)
                else:
                    intended = ProgressStatus.TARGET_ACHIEVED
                    end = base * (rng.uniform(1.0, 1.03) if increase else rng.uniform(0.97, 1.0))
                rate = (end / base) ** (1 / years) - 1
            elif target_level is not None and spec is not None:
                horizon = spec.year - base_year
                required = (target_level / base) ** (1 / horizon) - 1 if target_level > 0 else -0.5
                if intended is ProgressStatus.TARGET_ACHIEVED:
                    end = target_level * (rng.uniform(1.02, 1.1) if increase else rng.uniform(0.9, 0.98))
                    rate = (end / base) ** (1 / years) - 1
                else:
                    rate = required * rng.uniform(*RATIO_RANGES[intended])
            else:
                low, high = RATE_RANGES[intended]
                rate = rng.uniform(low, high) * (1 if increase else -1)
            path = {base_year + k: base * (1 + rate) ** k for k in range(years + 1)}
            for year in list(path)[1:-1]:  # some noise in the middle years, none at the ends
                path[year] *= 1 + rng.uniform(-0.01, 0.01)
        rounded = {y: float(_printed(level(v), places)) for y, v in path.items()}
        values = {y: to_base(v, unit)[0] for y, v in rounded.items()}
        if any(v <= 0 or v > CAPS.get(unit, math.inf) for v in rounded.values()):
            continue
        merged = {**values, **real}
        got = assess_series(Series(merged, indicator.direction, base_year, spec)).status
        if got is intended:
            made = [
                Observation(
                    indicator_code=indicator.code,
                    region_code=region,
                    period=Period(year),
                    value=values[year],
                    measure=Measure.LEVEL,
                    unit=indicator.unit,
                    printed_value=_printed(rounded[year], places),
                    printed_unit=unit,
                    status=FigureStatus.PRELIMINARY,
                    scenario=SIMULATED,
                    provenance=Provenance(ProvenanceKind.SIMULATED, note=f"模拟数据：意在“{intended.value}”"),
                )
                for year in sorted(values)
                if year not in real
            ]
            return made, intended
    return [], intended


def growth_claims(indicator: Indicator, simulated: Sequence[Observation], *, consistent: bool) -> list[Observation]:
    """A simulated 年均增长 claim over the simulated span: printed right, or printed wrong on purpose."""
    if len(simulated) < 2:
        return []
    first, last = simulated[0], simulated[-1]
    years = last.period.year - first.period.year
    rate = ((float(last.printed_value or 0) / float(first.printed_value or 1)) ** (1 / years) - 1) * 100
    claimed = round(rate, 1) if consistent else round(rate + 2.3, 1)
    return [
        Observation(
            indicator_code=indicator.code,
            region_code=first.region_code,
            period=Period(last.period.year, PeriodKind.SPAN, None, first.period.year),
            value=claimed,
            measure=Measure.GROWTH,
            unit="%",
            printed_value=f"{claimed:.1f}",
            printed_unit="%",
            annualized=True,
            status=FigureStatus.PRELIMINARY,
            scenario=SIMULATED,
            provenance=Provenance(
                ProvenanceKind.SIMULATED, note="模拟数据：" + ("与总量一致的增速" if consistent else "故意印错的增速")
            ),
        )
    ]


def simulate_bundle(
    bundle: PlanBundle, *, seed: int = DEFAULT_SEED, last_year: int | None = None
) -> tuple[dict[str, tuple[Observation, ...]], dict[str, ProgressStatus]]:
    """The scenario for a plan (pure): indicator code -> simulated observations, and the intended statuses.

    Every indicator takes part, in plan order, except those without a target whose real figures are all
    one-off figures after the base year (see :func:`one_off`).
    """
    plan = bundle.plan
    base_year = plan.start_year - 1
    last = last_year if last_year is not None else plan.end_year - 1
    rng = random.Random(seed)
    out: dict[str, tuple[Observation, ...]] = {}
    intended: dict[str, ProgressStatus] = {}
    turns = {True: 0, False: 0}
    claims_made = 0
    for ind in bundle.indicators:
        observations = bundle.observations.get(ind.code, ())
        target = main_target(bundle.targets.get(ind.code, ()), plan.end_year)
        if target is None and one_off(observations, base_year):
            continue
        cycle = CYCLE if target is not None else NO_TARGET_CYCLE
        turn = turns[target is not None]
        turns[target is not None] += 1
        made: list[Observation] = []
        for step in range(len(cycle)):  # the intended status, else the next of the cycle that a draw gives
            made, status = simulate_indicator(
                ind,
                observations,
                target,
                base_year=base_year,
                last_year=last,
                region=plan.region_code,
                intended=cycle[(turn + step) % len(cycle)],
                rng=rng,
            )
            if made:
                break
        if not made:
            continue
        if claims_made < 2 and ind.unit == "元" and status is not ProgressStatus.INSUFFICIENT_DATA:
            made += growth_claims(ind, made, consistent=claims_made == 0)
            claims_made += 1
        out[ind.code] = tuple(made)
        intended[ind.code] = status
    return out, intended


def simulate_plan(ctx: Context, plan_code: str | None = None, *, seed: int = DEFAULT_SEED) -> SimulationResult:
    """Store (or refresh) the simulated scenario of a plan; running it again with the same seed changes nothing."""
    bundle = read_plan(ctx, plan_code)
    observations, intended = simulate_bundle(bundle, seed=seed)
    with ctx.unit_of_work(reason=f"simulated scenario (seed {seed})") as uow:
        summary = uow.plans.sync_observations(bundle.plan.code, observations, origin=ORIGIN)
        uow.commit()
    return SimulationResult(bundle.plan.code, seed, sum(len(v) for v in observations.values()), intended, summary)


def remove_simulation(ctx: Context, plan_code: str | None = None) -> ChangeSummary:
    """Delete the simulated scenario of a plan (audited), its simulated key projects too; real figures and
    projects stay as they are."""
    bundle = read_plan(ctx, plan_code)
    with ctx.unit_of_work(reason="simulated scenario removed") as uow:
        summary = uow.plans.sync_observations(bundle.plan.code, {}, origin=ORIGIN)
        if projects := uow.projects.delete_simulated(bundle.plan.code):
            summary.deleted["project"] += projects
        uow.commit()
    return summary
