"""The review queue's concepts: where an extracted statement stands, a stored statement with its document
and plan context, and the pure rules that turn a statement into a figure (its period, its printed digits)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from luoshi.domain.measurement import UnknownUnit, to_base
from luoshi.domain.period import InvalidPeriod, Period
from luoshi.domain.statement import Statement
from luoshi.domain.target import Measure

#: characters of the document shown on each side of a statement's evidence
CONTEXT_CHARS = 40
#: a plan period is five years starting in a year ending in 1 or 6 (2016-2020, 2021-2025)
PLAN_PERIOD_YEARS = 5


class ReviewStatus(StrEnum):
    """Where a statement stands in the queue."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


REVIEW_STATUS_LABELS: dict[ReviewStatus, str] = {
    ReviewStatus.PENDING: "待审核",
    ReviewStatus.ACCEPTED: "已采用",
    ReviewStatus.REJECTED: "已退回",
}


@dataclass(frozen=True)
class StoredStatement:
    """One statement of the queue with its document and plan context.

    ``statement`` is the figure as extracted (``doc`` is the document's code); ``indicator_code`` the
    matched (or, once accepted, the chosen) catalogue indicator, None when unmatched.
    """

    id: int
    document_code: str
    document_title: str
    plan_code: str
    statement: Statement
    status: ReviewStatus
    indicator_code: str | None
    indicator_name: str | None
    match_score: float | None
    match_reason: str | None
    proposed_name: str | None
    proposed_unit: str | None
    reviewer: str | None
    reviewed_at: datetime | None
    edits: dict[str, Any] | None
    observation_id: int | None
    target_id: int | None
    reject_reason: str | None

    @property
    def key(self) -> str:
        return statement_key(self.document_code, self.statement)


def statement_key(document_code: str, s: Statement) -> str:
    """The audit key of a statement: ``seed-001/338-345/level``."""
    return f"{document_code}/{s.start}-{s.end}/{s.measure.value}"


def growth_base_year(start_year: int, year: int) -> int:
    """The year whose level a growth figure over ``start_year``..``year`` starts from.

    A plan period (五年规划, 2016-2020) counts its first year's growth, so it starts from the year before;
    any other span (从2018年…到2020年，年均增长4.2%) starts from its first year.

    >>> growth_base_year(2016, 2020), growth_base_year(2018, 2020), growth_base_year(2021, 2025)
    (2015, 2018, 2020)
    """
    if year - start_year + 1 == PLAN_PERIOD_YEARS and start_year % PLAN_PERIOD_YEARS == 1:
        return start_year - 1
    return start_year


def observation_period(measure: Measure, year: int, start_year: int | None) -> Period:
    """The period of the observation an actual figure of ``year`` (over ``start_year``..``year``) becomes.

    A span that does not run backwards is one; a growth span starts at its base year (:func:`growth_base_year`).

    >>> [observation_period(Measure.LEVEL, 2020, None).code, observation_period(Measure.LEVEL, 2020, 2018).code,
    ...  observation_period(Measure.GROWTH, 2020, 2016).code, observation_period(Measure.GROWTH, 2020, 2020).code]
    ['2020', '2018-2020', '2015-2020', '2020']
    """
    if start_year is None or start_year >= year:
        return Period(year)
    first = growth_base_year(start_year, year) if measure is Measure.GROWTH else start_year
    return Period.parse(f"{first}-{year}")


def statement_period(s: Statement) -> Period | None:
    """The period of the observation an actual statement becomes as extracted: a part of a year when the
    text said one (前三季度 -> 2024YTD09, 一季度 -> 2024Q1), else :func:`observation_period`; None without a year.

    >>> from luoshi.domain.statement import Modality
    >>> from luoshi.domain.target import Comparator
    >>> s = Statement("d", 0, 4, "5.6%", "地区生产总值", None, Modality.ACTUAL, Measure.GROWTH, 5.6, "%",
    ...               Comparator.EQ, 2024, None, False, "2024YTD09")
    >>> statement_period(s).code
    '2024YTD09'
    """
    if s.year is None:
        return None
    if s.period is not None:
        try:
            sub = Period.parse(s.period)
        except InvalidPeriod:
            sub = None
        if sub is not None and not sub.is_annual and sub.start_year is None and sub.year == s.year:
            return sub
    return observation_period(s.measure, s.year, s.start_year)


def printed_figure(text: str, value: float, unit: str) -> tuple[str, str] | None:
    """The digits and unit as printed in ``text`` that make ``value`` in base ``unit``, if any.

    >>> printed_figure("增加到2020年的428.2亿元", 4.282e10, "元")
    ('428.2', '亿元')
    >>> printed_figure("下降5.6%", -5.6, "%")
    ('5.6', '%')
    """
    for number in re.finditer(r"\d+(?:\.\d+)?", text):
        rest = text[number.end() :].lstrip(" \u3000余多")
        for length in range(min(len(rest), 8), 0, -1):
            try:
                base, printed_unit = to_base(float(number.group()), rest[:length]), rest[:length]
            except UnknownUnit:
                continue
            if base[1] == unit and abs(abs(base[0]) - abs(value)) <= 1e-9 * max(1.0, abs(value)):
                return number.group(), printed_unit
    return None
