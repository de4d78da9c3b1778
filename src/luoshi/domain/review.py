"""The review queue's concepts: where an extracted statement stands, and a stored statement with its
document and plan context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from luoshi.domain.statement import Statement


class ReviewStatus(StrEnum):
    """Where a statement stands in the queue."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


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
