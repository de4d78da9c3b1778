"""The 数说 round trip: luoshi's own extractor reads a narrative back and must recover every figure it prints
(value, unit, year or period, and the same catalogue indicator)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from luoshi.domain.indicator import Indicator
from luoshi.domain.target import Measure
from luoshi.extract import extract_statements
from luoshi.extract.matching import match_indicator
from luoshi.services.narrative import FigureView, NarrativeContext

#: what the extractor reads a figure of each kind as (a gap reads as a target-like level; a change in 百分点
#: as a growth in 百分点)
MEASURES = {"level": "level", "growth": "growth", "points": "growth", "target": None, "gap": None, "needed": "growth"}


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _found(figure: FigureView, statements: Sequence[object], catalogue: Sequence[Indicator]) -> bool:
    for s in statements:
        if not (_close(s.value, figure.value) and s.unit == figure.unit):  # type: ignore[attr-defined]
            continue
        wanted = MEASURES[figure.kind]
        if wanted is not None and s.measure.value != wanted:  # type: ignore[attr-defined]
            continue
        end = int(figure.period.split("-")[-1])
        if s.year != end:  # type: ignore[attr-defined]
            continue
        if "-" in figure.period and figure.kind in ("level", "growth") and s.start_year != int(figure.period[:4]):  # type: ignore[attr-defined]
            continue
        unit = "%" if s.unit == "百分点" else s.unit  # type: ignore[attr-defined]
        measure = Measure.GROWTH if s.measure is Measure.GROWTH else Measure.LEVEL  # type: ignore[attr-defined]
        match = match_indicator(s.indicator, unit, measure, catalogue)  # type: ignore[attr-defined]
        if match is not None and match.code == figure.indicator_code:
            return True
    return False


def missed(view: NarrativeContext, catalogue: Sequence[Indicator]) -> list[str]:
    """Every printed figure the extractor does not read back, as ``sentence: figure`` (empty: all recovered)."""
    lost: list[str] = []
    for p in view.paragraphs:
        for s in p.sentences:
            statements = extract_statements(s.text, doc="narrative.txt")
            lost.extend(f"{s.text}: {f.kind} {f.printed}" for f in s.figures if not _found(f, statements, catalogue))
    return lost


def figure_count(view: NarrativeContext) -> int:
    return sum(len(s.figures) for p in view.paragraphs for s in p.sentences)
