"""Roll-ups of indicator assessments: per goal of the plan tree, per government unit, and for the plan.

Each :class:`Summary` counts indicators per status, gives the share on track or achieved, and a mean
score. Scores combine bottom-up: a goal's score is the weighted mean of its child goals' scores and its
own indicators' scores (equal weights unless given). Weights that are missing, zero, invalid or do not
add up to 100 % are normalised, and the summary says so in its warnings.

>>> from luoshi.engine.progress import ProgressResult, ProgressStatus as S
>>> r = rollup(
...     children={"H": ["H1", "H2"]},
...     indicators={"H1": ["gdp"], "H2": ["jobless", "air"]},
...     assessments={"gdp": ProgressResult(S.ACCELERATION_NEEDED, 1.0),
...                  "jobless": ProgressResult(S.TARGET_ACHIEVED, 5.0),
...                  "air": ProgressResult(S.DETERIORATION, -3.0)},
...     goal_weights={"H1": 60, "H2": 40},
... )
>>> r.goals["H"].score, r.goals["H"].total, r.goals["H"].share_on_track    # 0.6 * 1 + 0.4 * 1
(1.0, 3, 0.3333333333333333)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from luoshi.domain.errors import InvalidValue
from luoshi.domain.indicator import Indicator
from luoshi.domain.plan import Goal
from luoshi.engine.progress import ProgressResult, ProgressStatus

#: statuses that count as "on track or achieved"
GOOD_STATUSES: Final = frozenset({ProgressStatus.TARGET_ACHIEVED, ProgressStatus.ON_TRACK})
#: key of the plan's own summary
PLAN: Final = "plan"
_WEIGHT_TOTALS: Final = (1.0, 100.0)


@dataclass(frozen=True)
class Summary:
    """Counts per status (every status present, zeros included) over ``total`` distinct indicators.

    ``share_on_track``: indicators on track or achieved among those with enough data (None if none);
    ``score``: the weighted mean score in [-5, 5] (None if nothing below has a score).
    """

    counts: Mapping[ProgressStatus, int]
    total: int
    share_on_track: float | None
    score: float | None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rollup:
    """Summaries by goal code, by unit code, and for the whole plan."""

    goals: Mapping[str, Summary]
    units: Mapping[str, Summary]
    plan: Summary
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class _Item:
    code: str
    weight: float | None
    score: float | None


@dataclass(frozen=True)
class RollupShape:
    """The part of a roll-up that depends on the plan's structure only (goal tree, indicator placement,
    weights, owners), computed once per structure and reused for every new set of assessments."""

    order: tuple[str, ...]  # every goal, children before their parents
    kids: Mapping[str, tuple[str, ...]]
    own: Mapping[str, tuple[str, ...]]
    subtree: Mapping[str, frozenset[str]]
    roots: tuple[str, ...]
    under_goals: frozenset[str]
    placed: frozenset[str]  # indicators placed under some goal
    goal_weights: Mapping[str, float | None]
    by_unit: Mapping[str, tuple[str, ...]]


def shape(
    children: Mapping[str, Sequence[str]],
    indicators: Mapping[str, Sequence[str]],
    *,
    goal_weights: Mapping[str, float | None] | None = None,
    units: Mapping[str, str] | None = None,
) -> RollupShape:
    """The structure of :func:`rollup` (same arguments); raises DomainError if the goals form a cycle."""
    child_codes = {c for cs in children.values() for c in cs}
    goals = list(dict.fromkeys([*children, *indicators, *(c for cs in children.values() for c in cs)]))
    roots = [g for g in goals if g not in child_codes]  # in the order given: the plan's order
    kids: dict[str, tuple[str, ...]] = {}
    own: dict[str, tuple[str, ...]] = {}
    subtree: dict[str, frozenset[str]] = {}
    order: list[str] = []
    visiting: set[str] = set()

    def visit(code: str) -> None:
        if code in subtree:
            return
        if code in visiting:
            raise InvalidValue(f"goal {code} is its own ancestor: the goal tree has a cycle")
        visiting.add(code)
        kids[code] = tuple(dict.fromkeys(children.get(code, ())))
        own[code] = tuple(dict.fromkeys(indicators.get(code, ())))
        for kid in kids[code]:
            visit(kid)
        subtree[code] = frozenset(own[code]).union(*(subtree[k] for k in kids[code]))
        order.append(code)
        visiting.discard(code)

    for root in roots:
        visit(root)
    if len(subtree) < len(goals):  # every goal left over sits on a cycle with no root above it
        visit(next(g for g in goals if g not in subtree))
    by_unit: dict[str, list[str]] = {}
    for code, unit in (units or {}).items():
        by_unit.setdefault(unit, []).append(code)
    return RollupShape(
        order=tuple(order),
        kids=kids,
        own=own,
        subtree=subtree,
        roots=tuple(roots),
        under_goals=frozenset().union(*subtree.values()) if subtree else frozenset(),
        placed=frozenset(i for codes in indicators.values() for i in codes),
        goal_weights=dict(goal_weights or {}),
        by_unit={unit: tuple(sorted(codes)) for unit, codes in sorted(by_unit.items())},
    )


def summarise(
    form: RollupShape,
    assessments: Mapping[str, ProgressResult],
    *,
    indicator_weights: Mapping[str, float | None] | None = None,
) -> Rollup:
    """Summarise ``assessments`` over a :class:`RollupShape` (see :func:`rollup`)."""
    indicator_weights = indicator_weights or {}
    goal_weights = form.goal_weights
    notes: list[str] = []
    missing = sorted(form.placed - set(assessments))
    if missing:
        notes.append(f"no assessment for {', '.join(missing)}: counted as insufficient_data")
    summaries: dict[str, Summary] = {}
    # each indicator's status as a position in STATUSES, looked up once (hashing enum members is slow)
    positions = {code: _POSITION[result.status] for code, result in assessments.items()}
    for code in form.order:
        items = [_Item(k, goal_weights.get(k), summaries[k].score) for k in form.kids[code]]
        items += [_Item(i, indicator_weights.get(i), _score(assessments.get(i))) for i in form.own[code]]
        summaries[code] = _summary(form.subtree[code], positions, items)
    loose = sorted(set(assessments) - form.under_goals)
    plan_items = [_Item(g, goal_weights.get(g), summaries[g].score) for g in form.roots]
    plan_items += [_Item(i, indicator_weights.get(i), _score(assessments[i])) for i in loose]
    plan = _summary(form.under_goals | frozenset(loose), positions, plan_items)
    unit_summaries = {
        unit: _summary(
            frozenset(codes),
            positions,
            [_Item(i, indicator_weights.get(i), _score(assessments.get(i))) for i in codes],
        )
        for unit, codes in form.by_unit.items()
    }
    return Rollup(summaries, unit_summaries, plan, tuple(notes))


def rollup(
    children: Mapping[str, Sequence[str]],
    indicators: Mapping[str, Sequence[str]],
    assessments: Mapping[str, ProgressResult],
    *,
    goal_weights: Mapping[str, float | None] | None = None,
    indicator_weights: Mapping[str, float | None] | None = None,
    units: Mapping[str, str] | None = None,
) -> Rollup:
    """Summarise ``assessments`` (indicator code -> result) over the goal tree and the units.

    ``children``: goal code -> child goal codes; ``indicators``: goal code -> codes of the indicators
    directly under it; ``goal_weights``/``indicator_weights``: a weight among siblings (any scale: 60/40,
    0.6/0.4, or 3/2); ``units``: indicator code -> owner unit code. The plan is the root of the goals
    that are nobody's child, plus the assessed indicators under no goal. An indicator with no assessment
    counts as ``insufficient_data``. Raises DomainError if the goals form a cycle.
    """
    form = shape(children, indicators, goal_weights=goal_weights, units=units)
    return summarise(form, assessments, indicator_weights=indicator_weights)


def plan_shape(goals: Iterable[Goal], indicators: Iterable[Indicator]) -> RollupShape:
    """The :class:`RollupShape` of a plan: the goal tree from ``Goal.parent_code`` (siblings in
    ``position`` order, weights from ``Goal.weight``), indicators under their ``goal_codes``, units from
    ``owner_unit_code``."""
    ordered = sorted(goals, key=lambda g: g.position)
    children: dict[str, list[str]] = {g.code: [] for g in ordered}
    for g in ordered:
        if g.parent_code is not None:
            children.setdefault(g.parent_code, []).append(g.code)
    under: dict[str, list[str]] = {}
    units: dict[str, str] = {}
    for indicator in indicators:
        for code in indicator.goal_codes:
            under.setdefault(code, []).append(indicator.code)
        if indicator.owner_unit_code is not None:
            units[indicator.code] = indicator.owner_unit_code
    return shape(children, under, goal_weights={g.code: g.weight for g in ordered}, units=units)


def rollup_plan(
    goals: Iterable[Goal],
    indicators: Iterable[Indicator],
    assessments: Mapping[str, ProgressResult],
    *,
    indicator_weights: Mapping[str, float | None] | None = None,
) -> Rollup:
    """:func:`rollup` over a plan's domain objects (see :func:`plan_shape`).

    >>> from luoshi.domain.plan import GoalKind
    >>> from luoshi.engine.progress import ProgressStatus as S
    >>> goals = [Goal("H", "七大高地", GoalKind.SECTION), Goal("H1", "现代产业新高地", GoalKind.PILLAR, "H")]
    >>> gdp = Indicator("gdp", "地区生产总值", "元", "亿元", owner_unit_code="pc-fgj", goal_codes=("H1",))
    >>> r = rollup_plan(goals, [gdp], {"gdp": ProgressResult(S.ON_TRACK, 3.0)})
    >>> r.goals["H"].score, r.units["pc-fgj"].counts[S.ON_TRACK]
    (3.0, 1)
    """
    return summarise(plan_shape(goals, indicators), assessments, indicator_weights=indicator_weights)


def _score(result: ProgressResult | None) -> float | None:
    return None if result is None else result.score


_STATUSES: Final = tuple(ProgressStatus)
_POSITION: Final = {status: k for k, status in enumerate(_STATUSES)}
_NO_DATA: Final = _POSITION[ProgressStatus.INSUFFICIENT_DATA]


def _summary(codes: frozenset[str], positions: Mapping[str, int], items: list[_Item]) -> Summary:
    tally = [0] * len(_STATUSES)
    for code in codes:
        tally[positions.get(code, _NO_DATA)] += 1
    counts = dict(zip(_STATUSES, tally, strict=True))
    assessed = len(codes) - counts[ProgressStatus.INSUFFICIENT_DATA]
    good = sum(counts[s] for s in GOOD_STATUSES)
    score, warnings = _weighted_mean(items)
    return Summary(counts, len(codes), good / assessed if assessed else None, score, warnings)


def _weighted_mean(items: Sequence[_Item]) -> tuple[float | None, tuple[str, ...]]:
    """The weighted mean score of sibling items, and what was done to their weights.

    Items without a score (insufficient data) are left out. No weights at all: equal weights. Some
    missing: they take the mean of the given ones. Negative or non-finite weights count as missing. All
    zero: equal weights. Weights that do not add up to 1 or 100 (over all siblings) are normalised.
    """
    warnings: list[str] = []
    if not items:
        return None, ()
    weights: dict[str, float | None] = {}
    for item in items:
        w = item.weight
        if w is not None and not (math.isfinite(w) and w >= 0):
            warnings.append(f"weight of {item.code} is {w!r}, not a non-negative number: treated as missing")
            w = None
        weights[item.code] = w
    given = [w for w in weights.values() if w is not None]
    if given and len(given) < len(weights):
        fill = sum(given) / len(given)
        lacking = [c for c, w in weights.items() if w is None]
        warnings.append(f"no weight for {', '.join(lacking)}: used the mean of the others ({fill:g})")
        weights = {c: fill if w is None else w for c, w in weights.items()}
    if not given:
        weights = dict.fromkeys(weights, 1.0)
    total = sum(w for w in weights.values() if w is not None)
    if total == 0:
        warnings.append("all weights are zero: used equal weights")
        weights = dict.fromkeys(weights, 1.0)
    elif given and not any(math.isclose(total, t, rel_tol=1e-9) for t in _WEIGHT_TOTALS):
        warnings.append(f"weights add up to {total:g}, not 100 %: normalised")
    zero = [c for c, w in weights.items() if w == 0]
    if zero and total != 0:
        warnings.append(f"weight 0 for {', '.join(zero)}: not counted in the score")
    scored = [(weights[i.code] or 0.0, i.score) for i in items if i.score is not None]
    unscored = [i.code for i in items if i.score is None]
    if unscored and scored:
        warnings.append(f"no score for {', '.join(unscored)} (insufficient data): the mean is over the others")
    mass = sum(w for w, _ in scored)
    if not scored or mass == 0:
        return None, tuple(warnings)
    return sum(w * s for w, s in scored) / mass, tuple(warnings)
