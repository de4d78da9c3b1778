"""Conflicting figures (数据冲突): figures for the same indicator, region, period and measure whose values
differ by more than their printed digits allow.

A printed figure is rounded to its last printed digit: "452.3" 亿元 may be any value that rounds to it. Two
figures **agree** when the more precise one, rounded to the digits of the less precise one, could give it:
when they differ by at most half a unit of the less precise figure's last printed digit (:func:`tolerance`,
a tolerance relative to the figure of ``0.05 / 452.3`` here). So 452.3 亿元 and 452.34 亿元 agree (one is
the other rounded), while 452.3 and 452.4 亿元, or 452.3 and 560.4 亿元, are a conflict. A figure whose
digits are not known (typed in, computed) counts as exact: the other figure's digits alone set the
tolerance, and two such figures must be equal (up to binary noise).

The worked example: a stored observation, a more precise statement that agrees with it, and a statement
from another document that agrees with neither.

>>> key = FigureKey("gdp", "140213", "2022", Measure.LEVEL)
>>> stored = Figure(FigureSource.OBSERVATION, 1, key, 4.523e10, "元", "452.3", "亿元")
>>> precise = Figure(FigureSource.STATEMENT, 7, key, 4.5234e10, "元", "452.34", "亿元")
>>> other = Figure(FigureSource.STATEMENT, 8, key, 5.604e10, "元", "560.4", "亿元")
>>> agree(stored, precise), agree(stored, other)
(True, False)
>>> (conflict,) = find_conflicts([other, precise, stored])
>>> [(d.first.ref, d.second.ref) for d in conflict.disagreements]
[(1, 8), (7, 8)]
>>> [f.ref for f in disagreeing(other, conflict.figures)]
[1, 7]

Bounds (3000余个, 310天以上) are no single value and are left out by the caller, as are figures whose unit
does not fit the indicator: figures in different base units never agree.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from luoshi.domain.measurement import UnknownUnit, parse_unit
from luoshi.domain.target import Measure
from luoshi.engine.growth import PrintedNumberError, decimals

#: relative slack for binary floating point, so that equal printed figures always agree
FLOAT_SLACK = 1e-9


class FigureSource(StrEnum):
    """What a figure of a conflict is: a pending statement of the review queue, or a stored observation."""

    STATEMENT = "statement"
    OBSERVATION = "observation"


@dataclass(frozen=True, order=True)
class FigureKey:
    """What a figure is a value of: an observation's natural key within its plan (``period`` is a code)."""

    indicator_code: str
    region_code: str
    period: str
    measure: Measure

    @property
    def code(self) -> str:
        """``gdp/140213:2022:level``, the key the audit log records a decision under."""
        return f"{self.indicator_code}/{self.region_code}:{self.period}:{self.measure.value}"


@dataclass(frozen=True)
class Figure:
    """One value for a key: ``value`` in the base ``unit`` (元, %), with the digits and unit as printed.

    ``ref`` is the statement's or the observation's id, as ``source`` says.
    """

    source: FigureSource
    ref: int
    key: FigureKey
    value: float
    unit: str
    printed_value: str | None = None
    printed_unit: str | None = None

    @property
    def half_step(self) -> float:
        """Half a unit of the last printed digit, in the base unit; 0 when the digits are not known.

        >>> key = FigureKey("gdp", "140213", "2022", Measure.LEVEL)
        >>> Figure(FigureSource.STATEMENT, 1, key, 4.523e10, "元", "452.3", "亿元").half_step
        5000000.0
        >>> Figure(FigureSource.STATEMENT, 1, key, 5.1, "%", "5.1", "%").half_step
        0.05
        """
        if self.printed_value is None:
            return 0.0
        try:
            places = decimals(self.printed_value)
            base, scale = parse_unit(self.printed_unit) if self.printed_unit else (self.unit, 1.0)
        except (PrintedNumberError, UnknownUnit):
            return 0.0
        if base != self.unit:
            return 0.0
        return float(Decimal(5).scaleb(-places - 1) * Decimal(repr(scale)))


@dataclass(frozen=True)
class Disagreement:
    """Two figures of one key that cannot both be right: ``difference`` > ``tolerance`` (base unit)."""

    first: Figure
    second: Figure
    difference: float
    tolerance: float


@dataclass(frozen=True)
class FigureConflict:
    """Every figure of one key, at least two of which disagree.

    ``figures`` holds the observation first, then the statements by id; figures that agree with all the
    others are kept too, since choosing one figure decides the key for all of them.
    """

    key: FigureKey
    figures: tuple[Figure, ...]
    disagreements: tuple[Disagreement, ...]

    @property
    def observation(self) -> Figure | None:
        """The stored observation of the key, if there is one."""
        return next((f for f in self.figures if f.source is FigureSource.OBSERVATION), None)

    @property
    def statement_ids(self) -> tuple[int, ...]:
        return tuple(f.ref for f in self.figures if f.source is FigureSource.STATEMENT)

    def against(self, figure: Figure) -> tuple[Figure, ...]:
        """The figures of the conflict that disagree with ``figure``."""
        return disagreeing(figure, self.figures)


def tolerance(a: Figure, b: Figure) -> float:
    """How far apart two figures may be and still agree (base unit): half a unit of the last printed digit
    of the less precise one, whatever unit each is printed in.

    >>> key = FigureKey("gdp", "140213", "2022", Measure.LEVEL)
    >>> a = Figure(FigureSource.STATEMENT, 1, key, 4.523e10, "元", "452.3", "亿元")  # ± 0.05 亿元
    >>> b = Figure(FigureSource.STATEMENT, 2, key, 4.5234e10, "元", "45234", "百万元")  # ± 0.005 亿元
    >>> round(tolerance(a, b) / 1e8, 6)
    0.05
    """
    slack = FLOAT_SLACK * max(abs(a.value), abs(b.value), 1.0)
    return max(a.half_step, b.half_step) + slack


def agree(a: Figure, b: Figure) -> bool:
    """Whether two figures can both be right: same base unit, values within :func:`tolerance`."""
    if a.unit != b.unit:
        return False
    return math.fabs(a.value - b.value) <= tolerance(a, b)


def disagreeing(winner: Figure, figures: Iterable[Figure]) -> tuple[Figure, ...]:
    """The figures (other than ``winner`` itself) of ``winner``'s key that disagree with it."""
    return tuple(
        f
        for f in figures
        if f.key == winner.key and (f.source, f.ref) != (winner.source, winner.ref) and not agree(f, winner)
    )


def _order(f: Figure) -> tuple[bool, int]:
    return f.source is not FigureSource.OBSERVATION, f.ref


def find_conflicts(figures: Iterable[Figure]) -> tuple[FigureConflict, ...]:
    """The conflicts among ``figures``, by key: each key with two figures that disagree.

    A figure given twice (same source and ref) counts once.
    """
    by_key: dict[FigureKey, dict[tuple[FigureSource, int], Figure]] = defaultdict(dict)
    for f in figures:
        by_key[f.key].setdefault((f.source, f.ref), f)
    found: list[FigureConflict] = []
    for key in sorted(by_key):
        group: Sequence[Figure] = sorted(by_key[key].values(), key=_order)
        pairs = tuple(
            Disagreement(a, b, math.fabs(a.value - b.value), tolerance(a, b))
            for i, a in enumerate(group)
            for b in group[i + 1 :]
            if not agree(a, b)
        )
        if pairs:
            found.append(FigureConflict(key, tuple(group), pairs))
    return tuple(found)
