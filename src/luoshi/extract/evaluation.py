"""Scoring extracted records against gold records: precision, recall and F1.

A prediction matches a gold record when value, unit, modality, measure and year agree and the indicator
names overlap (one contains the other, or they share a run of characters at least half as long as the
shorter name, and at least two characters). Each gold record is matched at most once.

>>> names_overlap("地区生产总值", "全区地区生产总值"), names_overlap("家长推发", "家庭教育大课堂推发期数")
(True, True)
>>> names_overlap("固定资产投资", "一般公共预算收入")
False
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: the fields that must agree exactly (value agrees to a relative 1e-9)
KEY_FIELDS = ("unit", "modality", "measure", "year")


def names_overlap(a: str, b: str) -> bool:
    """Whether two indicator names overlap (see the module docstring)."""
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    need = max(2, math.ceil(len(shorter) / 2))
    return any(shorter[i : i + need] in longer for i in range(len(shorter) - need + 1))


def matches(predicted: Mapping[str, object], gold: Mapping[str, object]) -> bool:
    """Whether one predicted record matches one gold record."""
    if any(predicted.get(k) != gold.get(k) for k in KEY_FIELDS):
        return False
    p, g = predicted.get("value"), gold.get("value")
    if not isinstance(p, int | float) or not isinstance(g, int | float):
        return False
    if not math.isclose(float(p), float(g), rel_tol=1e-9, abs_tol=1e-12):
        return False
    return names_overlap(str(predicted.get("indicator") or ""), str(gold.get("indicator") or ""))


@dataclass(frozen=True)
class Score:
    """Counts of one comparison, with the unmatched records kept for a report."""

    predicted: int
    gold: int
    matched: int
    false_positives: tuple[Mapping[str, object], ...] = ()
    false_negatives: tuple[Mapping[str, object], ...] = ()

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.predicted + other.predicted,
            self.gold + other.gold,
            self.matched + other.matched,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )


def score(predicted: Iterable[Mapping[str, object]], gold: Iterable[Mapping[str, object]]) -> Score:
    """Match predictions to gold records one to one, in order, and count."""
    preds = list(predicted)
    golds = list(gold)
    used = [False] * len(golds)
    false_positives = []
    for p in preds:
        for i, g in enumerate(golds):
            if not used[i] and matches(p, g):
                used[i] = True
                break
        else:
            false_positives.append(p)
    false_negatives = tuple(g for g, u in zip(golds, used, strict=True) if not u)
    return Score(len(preds), len(golds), sum(used), tuple(false_positives), false_negatives)
