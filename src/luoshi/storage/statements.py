"""The review queue's repository: statements extracted from documents, and what reviewers made of them.

A statement's natural key is (document, start, end, measure): :meth:`StatementStore.add` skips those
already stored, so ingesting a document twice adds nothing the second time. Rows are converted to
:class:`StoredStatement` values at this boundary; every change is audited (object type ``statement``,
key ``<document code>/<start>-<end>/<measure>``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from luoshi.domain.errors import Conflict, NotFound
from luoshi.domain.review import ReviewStatus, StoredStatement, statement_key
from luoshi.domain.target import Comparator, Measure
from luoshi.extract import Modality, Statement
from luoshi.extract.matching import Match
from luoshi.storage.audit import AuditLog
from luoshi.storage.tables import DocumentRow, IndicatorRow, PlanRow, StatementRow, utcnow

#: PostgreSQL's SQLSTATE for a row lock not granted at once (``FOR UPDATE NOWAIT``)
LOCK_NOT_AVAILABLE = "55P03"


class StatementStore:
    """Reads and writes the review queue inside the caller's transaction."""

    def __init__(self, session: Session, audit: AuditLog) -> None:
        self.session = session
        self.audit = audit

    def add(
        self,
        document_id: int,
        plan_id: int,
        found: Sequence[tuple[Statement, Match | None]],
        *,
        proposed_units: Sequence[str | None] | None = None,
    ) -> int:
        """Store each (statement, match) not stored yet as pending; returns how many were added.

        An unmatched statement proposes a new indicator named as the text names it, in the statement's
        unit (``proposed_units[i]`` overrides that unit, e.g. 亿元 for a figure in 元).
        """
        doc = self.session.get(DocumentRow, document_id)
        plan = self.session.get(PlanRow, plan_id)
        if doc is None or plan is None:
            raise NotFound(f"no document {document_id} or plan {plan_id}")
        stored: set[tuple[int, int, str]] = set(
            (start, end, measure)
            for start, end, measure in self.session.execute(
                select(StatementRow.start, StatementRow.end, StatementRow.measure).where(
                    StatementRow.document_id == document_id
                )
            )
        )
        indicator_ids = dict(
            self.session.execute(
                select(IndicatorRow.code, IndicatorRow.id).where(IndicatorRow.plan_id == plan_id)
            ).all()
        )
        added = 0
        for i, (s, match) in enumerate(found):
            natural = (s.start, s.end, s.measure.value)
            if natural in stored:
                continue
            stored.add(natural)
            proposed_unit = (proposed_units[i] if proposed_units else None) or s.unit
            row = StatementRow(
                document_id=document_id,
                plan_id=plan_id,
                start=s.start,
                end=s.end,
                text=s.text,
                indicator=s.indicator,
                region=s.region,
                modality=s.modality.value,
                measure=s.measure.value,
                value=s.value,
                unit=s.unit,
                comparator=s.comparator.value,
                year=s.year,
                start_year=s.start_year,
                annualized=s.annualized,
                period=s.period,
                status=ReviewStatus.PENDING.value,
                indicator_id=indicator_ids[match.code] if match else None,
                match_score=match.score if match else None,
                match_reason=match.reason if match else None,
                proposed_name=None if match else s.indicator,
                proposed_unit=None if match else proposed_unit,
            )
            self.session.add(row)
            record = s.as_record() | {"indicator_match": match.code if match else None}
            self.audit.created("statement", statement_key(doc.code, s), record, plan.code)
            added += 1
        self.session.flush()
        return added

    def get(self, statement_id: int, *, lock: bool = False) -> StoredStatement:
        """The statement with this id, or NotFound. With ``lock``, its row stays locked until the
        transaction ends (PostgreSQL), so that two reviewers deciding at once are taken one after the other."""
        if lock:
            self.session.execute(select(StatementRow.id).where(StatementRow.id == statement_id).with_for_update())
        found = self._select(StatementRow.id == statement_id, fresh=lock)
        if not found:
            raise NotFound(f"no statement {statement_id} in the review queue")
        return found[0]

    def lock_now(self, statement_ids: Collection[int]) -> list[StoredStatement]:
        """Lock these statements' rows until the transaction ends and read them afresh, in document order.

        Unlike :meth:`get`, it does not wait for a row another transaction holds (PostgreSQL ``NOWAIT``):
        a reviewer deciding a conflict takes the rows of its other side after their own, and two reviewers
        deciding one conflict from its two ends would otherwise wait for each other. The later one gets
        Conflict and may try again.
        """
        if not statement_ids:
            return []
        ids = sorted(statement_ids)
        try:
            self.session.execute(
                select(StatementRow.id)
                .where(StatementRow.id.in_(ids))
                .order_by(StatementRow.id)
                .with_for_update(nowait=True)
            )
        except OperationalError as exc:
            if getattr(exc.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                raise
            raise Conflict("另一位审核人正在处理这组数据，请稍后重试") from None
        return self._select(StatementRow.id.in_(ids), fresh=True)

    def find(
        self,
        *,
        document_code: str | None = None,
        status: ReviewStatus | None = None,
        plan_code: str | None = None,
        document_id: int | None = None,
        indicator_code: str | None = None,
    ) -> list[StoredStatement]:
        """Statements in document order, filtered (``indicator_code``: the matched or chosen indicator)."""
        conditions: list[Any] = []
        if document_code is not None:
            conditions.append(DocumentRow.code == document_code)
        if document_id is not None:
            conditions.append(StatementRow.document_id == document_id)
        if status is not None:
            conditions.append(StatementRow.status == status.value)
        if plan_code is not None:
            conditions.append(PlanRow.code == plan_code)
        if indicator_code is not None:
            conditions.append(IndicatorRow.code == indicator_code)
        return self._select(*conditions)

    def document_text(self, document_code: str) -> str:
        text = self.session.scalar(select(DocumentRow.text).where(DocumentRow.code == document_code))
        if text is None:
            raise NotFound(f"no document {document_code!r}")
        return text

    def accepted(
        self,
        statement_id: int,
        reviewer: str,
        indicator_code: str,
        edits: dict[str, Any],
        *,
        observation_id: int | None = None,
        target_id: int | None = None,
    ) -> None:
        """Mark a statement accepted as ``indicator_code``, with the figure it became (audited)."""
        self._review(
            statement_id,
            reviewer,
            {
                "status": ReviewStatus.ACCEPTED.value,
                "indicator_code": indicator_code,
                "edits": edits or None,
                "observation_id": observation_id,
                "target_id": target_id,
                "reject_reason": None,
            },
        )

    def rejected(self, statement_id: int, reviewer: str, reason: str | None) -> None:
        """Mark a statement rejected, with the reviewer's reason (audited)."""
        self._review(
            statement_id,
            reviewer,
            {
                "status": ReviewStatus.REJECTED.value,
                "reject_reason": reason,
                "observation_id": None,
                "target_id": None,
                "edits": None,
            },
        )

    def _review(self, statement_id: int, reviewer: str, changes: dict[str, Any]) -> None:
        row = self.session.get(StatementRow, statement_id)
        if row is None:
            raise NotFound(f"no statement {statement_id} in the review queue")
        current = self.get(statement_id)
        old = _review_record(current)
        if "indicator_code" in changes:
            code = changes.pop("indicator_code")
            row.indicator_id = self.session.scalar(
                select(IndicatorRow.id).where(IndicatorRow.plan_id == row.plan_id, IndicatorRow.code == code)
            )
            if row.indicator_id is None:
                raise NotFound(f"no indicator {code!r} in plan {current.plan_code!r}")
        for name, value in changes.items():
            setattr(row, name, value)
        row.reviewer = reviewer
        row.reviewed_at = utcnow()
        self.session.flush()
        self.audit.updated("statement", current.key, old, _review_record(self.get(statement_id)), current.plan_code)

    def _select(self, *conditions: Any, fresh: bool = False) -> list[StoredStatement]:
        """The statements matching ``conditions``; ``fresh`` reads rows already in the session again (after
        a lock, another transaction may have changed them)."""
        query = (
            select(
                StatementRow, DocumentRow.code, DocumentRow.title, PlanRow.code, IndicatorRow.code, IndicatorRow.name
            )
            .join(DocumentRow, DocumentRow.id == StatementRow.document_id)
            .join(PlanRow, PlanRow.id == StatementRow.plan_id)
            .outerjoin(IndicatorRow, IndicatorRow.id == StatementRow.indicator_id)
            .where(*conditions)
            .order_by(DocumentRow.code, StatementRow.start, StatementRow.measure, StatementRow.id)
        )
        if fresh:
            query = query.execution_options(populate_existing=True)
        return [
            _stored(row, doc_code, doc_title, plan_code, ind_code, ind_name)
            for row, doc_code, doc_title, plan_code, ind_code, ind_name in self.session.execute(query)
        ]


def _stored(
    row: StatementRow, doc_code: str, doc_title: str, plan_code: str, ind_code: str | None, ind_name: str | None
) -> StoredStatement:
    statement = Statement(
        doc=doc_code,
        start=row.start,
        end=row.end,
        text=row.text,
        indicator=row.indicator,
        region=row.region,
        modality=Modality(row.modality),
        measure=Measure(row.measure),
        value=row.value,
        unit=row.unit,
        comparator=Comparator(row.comparator),
        year=row.year,
        start_year=row.start_year,
        annualized=row.annualized,
        period=row.period,
    )
    return StoredStatement(
        id=row.id,
        document_code=doc_code,
        document_title=doc_title,
        plan_code=plan_code,
        statement=statement,
        status=ReviewStatus(row.status),
        indicator_code=ind_code,
        indicator_name=ind_name,
        match_score=row.match_score,
        match_reason=row.match_reason,
        proposed_name=row.proposed_name,
        proposed_unit=row.proposed_unit,
        reviewer=row.reviewer,
        reviewed_at=row.reviewed_at,
        edits=dict(row.edits) if row.edits else None,
        observation_id=row.observation_id,
        target_id=row.target_id,
        reject_reason=row.reject_reason,
    )


def _review_record(s: StoredStatement) -> dict[str, Any]:
    return {
        "status": s.status.value,
        "indicator": s.indicator_code,
        "edits": s.edits,
        "observation_id": s.observation_id,
        "target_id": s.target_id,
        "reject_reason": s.reject_reason,
        "reviewer": s.reviewer,
    }
