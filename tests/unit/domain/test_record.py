"""Audit and export records: the per-type converters give exactly what the rules say, for any value."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from luoshi.domain.indicator import Indicator
from luoshi.domain.observation import Observation, Provenance, ProvenanceKind
from luoshi.domain.period import Period
from luoshi.domain.plan import Goal, GoalKind, Task
from luoshi.domain.record import as_record
from luoshi.domain.target import Comparator, Measure, Target


def reference_record(value: Any) -> Any:
    """The rules spelt out one isinstance test after another (as_record decides once per type)."""
    if isinstance(value, Period):
        return value.code
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: reference_record(getattr(value, f.name)) for f in dataclasses.fields(value) if f.compare}
    if isinstance(value, Mapping):
        return {str(k): reference_record(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [reference_record(v) for v in value]
    return value


@dataclasses.dataclass(frozen=True)
class Note:
    text: str
    cache: dict[str, int] = dataclasses.field(default_factory=dict, compare=False)
    when: datetime | None = None


def test_records_follow_the_rules() -> None:
    provenance = Provenance(ProvenanceKind.DOCUMENT, "report", 3, 9, "394.5亿元")
    values: list[Any] = [
        Observation("gdp", "990101", Period.parse("2020Q3"), 4.282e10, Measure.LEVEL, "元", "428.2", "亿元"),
        Observation("gdp", "990101", Period.parse("2016-2020"), 7.1, Measure.GROWTH, "%", provenance=provenance),
        Target(Measure.LEVEL, Comparator.GE, 5e10, 2025, 2020, 4.282e10, False, provenance),
        Goal("G1", "目标", GoalKind.PILLAR, None, "一", "", 0, 0.5),
        Task("T1", "任务", "G1", "fgj", ("tjj",), date(2025, 6, 30)),
        Indicator(code="gdp", name="地区生产总值", unit="元", display_unit="亿元", aliases=("GDP",)),
        Note("x", {"hidden": 1}, datetime(2024, 1, 2, 3, 4, 5)),
        {"a": Period.parse("2020"), 1: [Measure.GROWTH, None, True, 2.5]},
        (1, "二", frozenset({3})),
        Note,  # a dataclass class itself is left as it is
        None,
        "text",
    ]
    for value in values:
        assert as_record(value) == reference_record(value)
        assert as_record(value) == as_record(value)  # the second time through the remembered converter
    assert "cache" not in as_record(Note("x"))
    assert list(as_record(values[0])) == [f.name for f in dataclasses.fields(Observation)]
