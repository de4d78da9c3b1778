"""Benchmark of the progress engine: 1,000,000 series x 10 years assessed at once by the vectorised engine,
against the plain per-series Python loop on the first 10,000 of the same series, in the same run.

    .venv/bin/python benchmarks/engine.py [--series 1000000] [--loop 10000] [--seed 20210101]

The data are synthetic and seeded: levels that wander around a trend, 10 % of figures missing, base
years 2015-2018, four in ten indicators less-is-better, and targets of every kind (none, level, 年均增长,
zero). Both implementations must give identical statuses. The last line is the headline:
``RESULT series=... vectorised_s=... series_per_s=... loop_series_per_s=... speedup=... statuses_identical=...``
"""

from __future__ import annotations

import argparse
import math
import sys
import time

import numpy as np

from luoshi.domain.indicator import Direction
from luoshi.domain.target import Measure
from luoshi.engine.progress import STATUSES, Series, SeriesBatch, TargetSpec, assess_batch, assess_series

YEARS = np.arange(2016, 2026, dtype=np.int64)


def synthetic(n: int, seed: int) -> SeriesBatch:
    rng = np.random.default_rng(seed)
    m = len(YEARS)
    steps = rng.normal(0.02, 0.05, (n, m))
    values = 100.0 * rng.lognormal(0.0, 1.0, (n, 1)) * np.exp(np.cumsum(steps, axis=1))
    values = np.round(values, 1)
    values[rng.random((n, m)) < 0.10] = np.nan
    base_year = rng.integers(2015, 2019, n, dtype=np.int64)
    decrease = rng.random(n) < 0.4
    kind = rng.random(n)
    level = values[:, 0] * rng.uniform(0.6, 1.8, n)
    growth_rate = np.round(rng.uniform(-4, 12, n), 1)
    target_value = np.where(kind < 0.3, np.nan, np.where(kind < 0.7, np.round(level, 1), growth_rate))
    target_value[kind > 0.995] = 0.0
    target_growth = (kind >= 0.7) & (kind <= 0.995)
    target_year = rng.integers(2020, 2031, n, dtype=np.int64)
    return SeriesBatch(YEARS, values, base_year, decrease, target_value, target_year, target_growth)


def plain(batch: SeriesBatch, count: int) -> list[Series]:
    """The first ``count`` series as plain Python values (what a per-series loop would start from)."""
    out: list[Series] = []
    for i in range(count):
        values = {int(y): float(v) for y, v in zip(batch.years, batch.values[i], strict=True) if not math.isnan(v)}
        target = None
        if not math.isnan(batch.target_value[i]):
            measure = Measure.GROWTH if batch.target_growth[i] else Measure.LEVEL
            target = TargetSpec(float(batch.target_value[i]), int(batch.target_year[i]), measure)
        direction = Direction.DECREASE if batch.decrease[i] else Direction.INCREASE
        out.append(Series(values, direction, int(batch.base_year[i]), target))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--series", type=int, default=1_000_000)
    parser.add_argument("--loop", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20210101)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each side; the fastest counts")
    args = parser.parse_args(argv)
    n, loop_n = args.series, min(args.loop, args.series)

    batch = synthetic(n, args.seed)
    print(f"data: {n:,} series x {len(YEARS)} years, seed {args.seed}")
    assess_batch(synthetic(1000, args.seed + 1))  # warm-up: first-call costs of numpy are not the engine's

    series = plain(batch, loop_n)
    # Best of a few rounds, as timeit does (noise from other processes only ever adds time); the two
    # sides take turns so that both see the same quiet and busy moments of the machine.
    vectorised_s = loop_s = math.inf
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = assess_batch(batch)
        vectorised_s = min(vectorised_s, time.perf_counter() - started)
        started = time.perf_counter()
        reference = [assess_series(s) for s in series]
        loop_s = min(loop_s, time.perf_counter() - started)
    series_per_s = n / vectorised_s
    loop_per_s = loop_n / loop_s
    print(f"vectorised: {n:,} series in {vectorised_s:.3f} s = {series_per_s:,.0f} series/s")
    print(f"per-series loop: {loop_n:,} series in {loop_s:.3f} s = {loop_per_s:,.0f} series/s")

    vectorised_statuses = result.statuses()[:loop_n]
    identical = vectorised_statuses == [r.status for r in reference]
    mismatches = sum(a != b.status for a, b in zip(vectorised_statuses, reference, strict=True))
    speedup = series_per_s / loop_per_s
    codes, tallies = np.unique(result.status, return_counts=True)
    counts = {STATUSES[int(c)].value: int(t) for c, t in zip(codes, tallies, strict=True)}
    print("statuses:", ", ".join(f"{k}={v}" for k, v in counts.items()))
    print(f"speed-up: {speedup:,.0f}x; statuses identical on the first {loop_n:,}: {identical} ({mismatches} differ)")
    print(
        f"RESULT series={n} years={len(YEARS)} vectorised_s={vectorised_s:.3f} series_per_s={series_per_s:.0f} "
        f"loop_series={loop_n} loop_s={loop_s:.3f} loop_series_per_s={loop_per_s:.0f} speedup={speedup:.0f} "
        f"statuses_identical={str(identical).lower()}"
    )
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
