"""The rules of the unit scorecard and ranking (考核排名): which criteria count and how much.

Four criteria score a unit, each a rate from 0 to 1 (docs/methodology.md, "Unit scorecard and ranking"):

============  ===================  =====================================================================
criterion     中文                  rate
============  ===================  =====================================================================
on_time       按时报送率            submissions made on time / rounds owed (a late one counts ``late_credit``)
first_pass    一次审核通过率        submissions approved the first time / submissions approved
on_track      指标序时达标率        indicators on track or achieved / indicators assessed
supervision   督办事项按期办结率    matters closed on time / matters due
============  ===================  =====================================================================

A plan's configuration names the weights; they need not add up to 1 (they are shares of their sum).
A unit with no data for a criterion (nothing owed, approved, assessed or due) is scored on the others:
the missing criterion's weight is shared among them in proportion to their weights.

>>> rules = RankingRules.from_mapping({"weights": {"on_time": 3, "on_track": 3, "supervision": 2}, "late_credit": 0.5})
>>> rules.weights[Criterion.ON_TIME], rules.weights[Criterion.FIRST_PASS], rules.late_credit
(3.0, 0.0, 0.5)
>>> RankingRules.from_mapping({"weights": {"on_time": -1}})
Traceback (most recent call last):
...
luoshi.domain.errors.InvalidInput: ranking: weights.on_time: a weight must be a number of 0 or more, not -1
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

from luoshi.domain.errors import InvalidInput, Location, Problem


class Criterion(StrEnum):
    """What a unit is scored on, in the order the scorecard shows them."""

    ON_TIME = "on_time"  # 按时报送率
    FIRST_PASS = "first_pass"  # 一次审核通过率
    ON_TRACK = "on_track"  # 指标序时达标率
    SUPERVISION = "supervision"  # 督办事项按期办结率


CRITERION_LABELS: Final[Mapping[Criterion, str]] = MappingProxyType(
    {
        Criterion.ON_TIME: "按时报送率",
        Criterion.FIRST_PASS: "一次审核通过率",
        Criterion.ON_TRACK: "指标序时达标率",
        Criterion.SUPERVISION: "督办事项按期办结率",
    }
)

#: the weights when a plan configures none: reporting and the indicators count most
DEFAULT_WEIGHTS: Final[Mapping[Criterion, float]] = MappingProxyType(
    {Criterion.ON_TIME: 0.3, Criterion.FIRST_PASS: 0.2, Criterion.ON_TRACK: 0.3, Criterion.SUPERVISION: 0.2}
)
#: where the problems of a ranking configuration are reported
CONFIG: Final = "ranking"
#: the keys a ranking configuration may have
CONFIG_KEYS: Final = frozenset({"weights", "late_credit", "decimals"})
MAX_DECIMALS: Final = 4


@dataclass(frozen=True)
class RankingRules:
    """Weights per criterion (criteria left out weigh 0), the credit a late submission earns (0: none,
    1: as much as an on-time one) and the decimals a score is shown with (and ranked by)."""

    weights: Mapping[Criterion, float] = field(default_factory=lambda: DEFAULT_WEIGHTS)
    late_credit: float = 0.0
    decimals: int = 1

    def __post_init__(self) -> None:
        problems = _weight_problems(self.weights)
        if not (_is_number(self.late_credit) and 0 <= self.late_credit <= 1):
            problems.append(_problem("late_credit", f"must be a number from 0 to 1, not {self.late_credit!r}"))
        whole = isinstance(self.decimals, int) and not isinstance(self.decimals, bool)
        if not (whole and 0 <= self.decimals <= MAX_DECIMALS):
            problems.append(_problem("decimals", f"must be a whole number from 0 to {MAX_DECIMALS}"))
        if problems:
            raise InvalidInput(problems)
        weights = {c: float(self.weights.get(c, 0.0)) for c in Criterion}
        object.__setattr__(self, "weights", MappingProxyType(weights))
        object.__setattr__(self, "late_credit", float(self.late_credit))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> RankingRules:
        """Rules from a plan's configuration, e.g. ``{"weights": {"on_time": 0.3, ...}, "late_credit": 0.5}``;
        a key left out keeps its default. InvalidInput names every key that is wrong."""
        if not isinstance(data, Mapping):
            raise InvalidInput([Problem(Location(CONFIG), "the ranking configuration must be a mapping")])
        keys = ", ".join(sorted(CONFIG_KEYS))
        problems = [_problem(str(k), f"unknown key; known: {keys}") for k in data if k not in CONFIG_KEYS]
        raw = data.get("weights", DEFAULT_WEIGHTS)
        weights: dict[Criterion, float] = {}
        if not isinstance(raw, Mapping):
            problems.append(_problem("weights", "must map criteria to weights"))
        else:
            known = ", ".join(c.value for c in Criterion)
            for key, value in raw.items():
                if key not in Criterion.__members__.values():
                    problems.append(_problem(f"weights.{key}", f"unknown criterion; known: {known}"))
                else:
                    weights[Criterion(key)] = value
        if problems:
            raise InvalidInput(problems)
        return cls(weights, data.get("late_credit", 0.0), data.get("decimals", 1))


def _weight_problems(weights: Mapping[Criterion, Any]) -> list[Problem]:
    problems = [
        _problem(f"weights.{c}", f"a weight must be a number of 0 or more, not {w!r}")
        for c, w in weights.items()
        if not (_is_number(w) and w >= 0)
    ]
    if not problems and not any(w > 0 for w in weights.values()):
        problems.append(_problem("weights", "at least one criterion must weigh more than 0"))
    return problems


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _problem(key: str, message: str) -> Problem:
    return Problem(Location(CONFIG, field=key), message)
