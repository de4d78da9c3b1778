"""A figure read from a document: what the extractor produces and the review queue stores.

>>> Statement("seed", 0, 9, "GDP增长8.5%", "GDP", None, Modality.TARGET, Measure.GROWTH, 8.5, "%",
...           Comparator.GE, 2025, 2021, True).as_record()["modality"]
'target'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from luoshi.domain.target import Comparator, Measure


class Modality(StrEnum):
    """An observed figure (实际值, achieved) or a target (goal, plan, expectation)."""

    ACTUAL = "actual"
    TARGET = "target"


MODALITY_LABELS: dict[Modality, str] = {Modality.ACTUAL: "实际", Modality.TARGET: "目标"}

#: the JSON fields of a record, in order
FIELDS: Final[tuple[str, ...]] = (
    "doc",
    "start",
    "end",
    "text",
    "indicator",
    "region",
    "modality",
    "measure",
    "value",
    "unit",
    "comparator",
    "year",
    "start_year",
    "annualized",
    "period",
)


@dataclass(frozen=True, slots=True)
class Statement:
    """One figure read from a document, with the span of its evidence.

    ``text == source[start:end]`` where ``source`` is the document's text as read; ``value`` is in the
    base ``unit`` (394.5亿元 -> 39450000000.0 元), a growth rate in percent, negative for a fall.
    """

    doc: str
    start: int
    end: int
    text: str
    indicator: str
    region: str | None
    modality: Modality
    measure: Measure
    value: float
    unit: str
    comparator: Comparator
    year: int | None
    start_year: int | None
    annualized: bool
    #: the period code the figure is for (:mod:`luoshi.domain.period`): "2023", "2023YTD09", "2016-2020"
    period: str | None = None

    def as_record(self) -> dict[str, object]:
        """The record with exactly :data:`FIELDS`, enums as their values, ready for ``json.dumps``."""
        return {
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "indicator": self.indicator,
            "region": self.region,
            "modality": self.modality.value,
            "measure": self.measure.value,
            "value": self.value,
            "unit": self.unit,
            "comparator": self.comparator.value,
            "year": self.year,
            "start_year": self.start_year,
            "annualized": self.annualized,
            "period": self.period,
        }
