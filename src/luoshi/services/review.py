"""The review queue: read a document's figures into pending statements, then accept, edit or reject each.

``ingest_text`` stores the document (keyed by the sha256 of its text), extracts its statements, matches
each to the plan's catalogue and stores them pending. ``accept`` turns a statement into an observation
(an actual figure) or a target, with the document and the ``[start, end)`` span of the evidence as its
provenance and origin ``review``; ``reject`` records why not. Every write is audited, as the user or
actor given. Used by the CLI (``luoshi ingest text``, ``luoshi review ...``) and the web pages.

Worked example, on the demo plan with seed page 001 (doc year 2021)::

    result = ingest_text(ctx, None, text, "001.txt", doc_year=2021)   # 42 statements queued
    gdp = next(v for v in list_statements(ctx) if v.text == "428.2亿元")  # matched to gdp, year 2020
    accept(ctx, None, gdp.id)    # observation gdp 140213 2020 level = 4.282e10 元, span 338-345
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, Field

from luoshi.domain.account import Permission, User, can
from luoshi.domain.errors import Conflict, InvalidInput, Location, Problem
from luoshi.domain.indicator import Indicator
from luoshi.domain.measurement import NonFiniteValue, base_unit, require_finite, to_base
from luoshi.domain.observation import Document, FigureStatus, Observation, StoredObservation
from luoshi.domain.period import InvalidPeriod, Period, PeriodKind
from luoshi.domain.provenance import Provenance, ProvenanceKind
from luoshi.domain.review import (
    CONTEXT_CHARS,
    ReviewStatus,
    StoredStatement,
    growth_base_year,
    observation_period,
    printed_figure,
    statement_period,
)
from luoshi.domain.target import Comparator, Measure, Target
from luoshi.engine.conflict import Figure, FigureKey, FigureSource
from luoshi.extract import Modality, Statement, extract_statements
from luoshi.extract.matching import match_indicator
from luoshi.services import conflicts
from luoshi.services.context import Context
from luoshi.services.figures import Forbidden
from luoshi.services.unit_of_work import UnitOfWork
from luoshi.storage.figures import FigureStore

REVIEW_ORIGIN = "review"

Actor = User | str | None


class IngestResult(BaseModel):
    """What ``ingest_text`` did: ``already_ingested`` when the same text was stored and read before."""

    document: str = Field(description="code of the stored document, doc-<first 12 hex digits of sha256>")
    title: str
    plan: str
    new_document: bool
    already_ingested: bool
    statements: int = Field(description="figures extracted from the text")
    added: int = Field(description="statements newly put in the queue")
    matched: int = Field(description="extracted statements matched to a catalogue indicator")
    unmatched: int


class StatementView(BaseModel):
    """One statement of the queue as pages and ``--format json`` show it."""

    id: int
    document: str
    document_title: str
    plan: str
    start: int
    end: int
    text: str = Field(description="the evidence, = document text[start:end]")
    context_before: str
    context_after: str
    indicator: str = Field(description="indicator as the text names it")
    region: str | None
    modality: Modality
    measure: Measure
    value: float = Field(description="in the base unit; growth in percent")
    unit: str
    comparator: Comparator
    year: int | None
    start_year: int | None
    period: str | None = None  # the period code the text said (2024YTD09 for 前三季度), beside the year
    annualized: bool
    status: ReviewStatus
    indicator_code: str | None = Field(description="matched or chosen catalogue indicator")
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


class AcceptResult(BaseModel):
    """What accepting made: an observation or a target of ``indicator``, created, updated or unchanged."""

    statement_id: int
    kind: Literal["observation", "target"]
    indicator: str
    created_indicator: bool
    change: Literal["created", "updated", "unchanged"]
    figure_id: int
    period: str = Field(description="observation period (2020, 2018-2020) or target base-target years")
    value: float
    unit: str
    conflict_rejected: list[int] = Field(
        default_factory=list, description="pending statements rejected because they disagree with this figure"
    )
    superseded_value: float | None = Field(
        default=None, description="the value the observation held before, when it disagreed (base unit)"
    )


class Keep(StrEnum):
    """Which side of a conflict holds, besides another statement named by its id."""

    STATEMENT = "statement"  # the statement the decision is made on
    OBSERVATION = "observation"  # the stored observation


class ResolveResult(BaseModel):
    """What deciding a conflict did."""

    statement_id: int
    key: str = Field(description="the conflict: <indicator>/<region>:<period>:<measure>")
    kept: str = Field(description="the figure that holds: statement:<id> or observation:<id>")
    accepted: AcceptResult | None = Field(description="the accepted statement's figure (None: observation kept)")
    rejected: list[int] = Field(description="pending statements rejected because they disagree with the kept figure")
    superseded_value: float | None = Field(description="the replaced observation's value before (base unit)")


def _actor(ctx: Context, who: Actor, permission: Permission, what: str) -> str:
    if isinstance(who, User):
        if not can(who, permission):
            raise Forbidden(f"{who.name} may not {what}")
        return who.name
    return who or ctx.actor


def document_code(sha256: str) -> str:
    """The code an ingested document is stored under: ``doc-`` and the first 12 hex digits of its hash."""
    return f"doc-{sha256[:12]}"


def proposed_unit(s: Statement) -> str | None:
    """The display unit proposed for a new indicator: 亿元 or 万元 for large sums, else the base unit;
    None for a growth rate, which does not say what the indicator is measured in.

    >>> proposed_unit(Statement("d", 0, 6, "4.9亿元", "x", None, Modality.ACTUAL, Measure.LEVEL, 4.9e8,
    ...     "元", Comparator.EQ, 2020, None, False))
    '亿元'
    """
    if s.measure is Measure.GROWTH:
        return None
    if s.unit == "元":
        return "亿元" if abs(s.value) >= 1e8 else "万元" if abs(s.value) >= 1e4 else "元"
    return s.unit


def ingest_text(
    ctx: Context,
    user: Actor,
    text: str,
    file_name: str,
    *,
    doc_year: int | None,
    plan_code: str | None = None,
    region: str | None = None,
    title: str | None = None,
    kind: str = "other",
) -> IngestResult:
    """Store ``text`` as a document, extract its figures and queue them, matched to ``plan_code``'s
    catalogue (default: the only plan). ``region`` is a region code (default: the plan's region).

    The document is keyed by the sha256 of its UTF-8 text: the same text again (under any file name, or
    already stored by a plan file) reuses the stored document and queues only statements not queued
    yet, so a second ingest adds nothing and reports ``already_ingested``.
    """
    actor = _actor(ctx, user, Permission.UPLOAD_DOCUMENTS, "upload documents")
    if not text.strip():
        raise InvalidInput([Problem(Location(file_name), "the text is empty")])
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with ctx.unit_of_work(reason=f"ingest {file_name}", actor=actor) as uow:
        plan_code = plan_code or uow.plans.default_plan_code()
        plan = uow.plans.header(plan_code)
        regions = {r.code: r for r in uow.registry.regions()}
        region_code = region or plan.region_code
        if region_code not in regions:
            raise InvalidInput([Problem(Location("--region"), f"no region {region_code!r} is stored")])
        existing = uow.registry.document_by_sha256(sha)
        if existing is not None:
            document_id, document = existing
        else:
            document = Document(
                code=document_code(sha),
                title=title or file_name,
                kind=kind,
                file_name=file_name,
                text=text,
                sha256=sha,
            )
            document_id = uow.registry.add_document(document, plan_code)
        found = extract_statements(
            document.text, doc=document.code, doc_year=doc_year, region=regions[region_code].name
        )
        indicators = uow.plans.read(plan_code, scenarios=[]).indicators
        matches = [match_indicator(s.indicator, s.unit, s.measure, indicators) for s in found]
        added = uow.statements.add(
            document_id,
            uow.plans.plan_row(plan_code).id,
            list(zip(found, matches, strict=True)),
            proposed_units=[proposed_unit(s) for s in found],
        )
        uow.commit()
    matched = sum(1 for m in matches if m is not None)
    return IngestResult(
        document=document.code,
        title=document.title,
        plan=plan_code,
        new_document=existing is None,
        already_ingested=existing is not None and added == 0,
        statements=len(found),
        added=added,
        matched=matched,
        unmatched=len(found) - matched,
    )


def list_statements(
    ctx: Context, *, document: str | None = None, status: ReviewStatus | None = None, plan_code: str | None = None
) -> list[StatementView]:
    """The queue in document order, filtered by document code, status and plan, with the text around
    each statement's evidence (:data:`CONTEXT_CHARS` on each side) for display."""
    with ctx.reading() as snapshot:
        queue = snapshot.statements
        stored = queue.find(document_code=document, status=status, plan_code=plan_code)
        texts = {code: queue.document_text(code) for code in {s.document_code for s in stored}}
    return [_view(s, texts[s.document_code]) for s in stored]


def get_statement(ctx: Context, statement_id: int) -> StatementView:
    """One statement of the queue (NotFound if there is none with this id)."""
    with ctx.reading() as snapshot:
        queue = snapshot.statements
        stored = queue.get(statement_id)
        return _view(stored, queue.document_text(stored.document_code))


def _view(s: StoredStatement, text: str) -> StatementView:
    st = s.statement
    return StatementView(
        id=s.id,
        document=s.document_code,
        document_title=s.document_title,
        plan=s.plan_code,
        start=st.start,
        end=st.end,
        text=st.text,
        context_before=text[max(0, st.start - CONTEXT_CHARS) : st.start],
        context_after=text[st.end : st.end + CONTEXT_CHARS],
        indicator=st.indicator,
        region=st.region,
        modality=st.modality,
        measure=st.measure,
        value=st.value,
        unit=st.unit,
        comparator=st.comparator,
        year=st.year,
        start_year=st.start_year,
        period=st.period,
        annualized=st.annualized,
        status=s.status,
        indicator_code=s.indicator_code,
        indicator_name=s.indicator_name,
        match_score=s.match_score,
        match_reason=s.match_reason,
        proposed_name=s.proposed_name,
        proposed_unit=s.proposed_unit,
        reviewer=s.reviewer,
        reviewed_at=s.reviewed_at,
        edits=s.edits,
        observation_id=s.observation_id,
        target_id=s.target_id,
        reject_reason=s.reject_reason,
    )


def accept(
    ctx: Context,
    user: Actor,
    statement_id: int,
    *,
    indicator_code: str | None = None,
    value: float | None = None,
    year: int | None = None,
    period: str | None = None,
    measure: Measure | None = None,
    comparator: Comparator | None = None,
    create_indicator: bool = False,
) -> AcceptResult:
    """Accept a statement: an actual figure becomes an observation, a target a target, with provenance
    (document, span, quote) and origin ``review``; the statement records the figure and the edits.

    Edits override the extracted fields: ``indicator_code``; ``value`` (in the indicator's display unit
    for a level, e.g. 428.2 for 亿元, percent for growth); ``year``; ``period`` (an observation's period
    code such as ``2018-2020``, or a target's ``2020-2025``, base year to target year); ``measure``;
    ``comparator``. An unmatched statement needs ``indicator_code`` or ``create_indicator`` (which adds
    the proposed indicator to the plan, audited). Refused with InvalidInput when the year is unknown, a
    growth figure is not in percent, or the unit does not fit the indicator; Conflict when the statement
    was accepted already.

    A growth figure over a span runs from a base year's level (:func:`growth_base_year`): the extractor's
    十三五 average (2016-2020) is stored over 2015-2020, 从2018年…到2020年 over 2018-2020.

    An accepted actual figure settles its conflicts (:func:`luoshi.services.conflicts.settle`): the other
    pending statements of its indicator, region, period and measure that disagree with it are rejected,
    naming it, and the decision is audited with the value the observation had before.
    """
    actor = _actor(ctx, user, Permission.REVIEW, "review extracted figures")
    with ctx.unit_of_work(reason=f"review accept {statement_id}", actor=actor) as uow:
        result = _accept(
            uow,
            statement_id,
            Edits(indicator_code, value, year, period, measure, comparator, create_indicator),
        )
        uow.commit()
    return result


@dataclass(frozen=True)
class Edits:
    """What a reviewer changed of a statement when accepting it (None: as extracted)."""

    indicator_code: str | None = None
    value: float | None = None
    year: int | None = None
    period: str | None = None
    measure: Measure | None = None
    comparator: Comparator | None = None
    create_indicator: bool = False


def _accept(uow: UnitOfWork, statement_id: int, e: Edits, reason: str | None = None) -> AcceptResult:
    """Accept a statement inside ``uow`` as its actor (see :func:`accept`); ``reason`` is the reviewer's
    why, recorded when the acceptance settles a conflict."""
    actor = uow.actor
    where = Location(f"statement {statement_id}")
    store, queue = uow.figures, uow.statements
    stored = queue.get(statement_id, lock=True)
    if stored.status is ReviewStatus.ACCEPTED:
        raise Conflict(f"statement {statement_id} was accepted already (by {stored.reviewer})")
    s = stored.statement
    plan_code = stored.plan_code
    edits: dict[str, Any] = {}

    indicator, created = _indicator_for(store, stored, e.indicator_code, e.create_indicator, where)
    if indicator.code != stored.indicator_code:
        edits["indicator"] = indicator.code
    the_measure = e.measure or s.measure
    if the_measure is not s.measure:
        edits["measure"] = the_measure.value
    the_comparator = e.comparator or s.comparator
    if the_comparator is not s.comparator:
        edits["comparator"] = the_comparator.value

    base_value, unit, printed = _value_for(s, indicator, the_measure, e.value, where)
    if e.value is not None:
        edits["value"] = e.value
    if e.year is not None and e.year != s.year:
        edits["year"] = e.year
    if e.period is not None:
        edits["period"] = e.period
    the_year = e.year if e.year is not None else s.year
    start_year = s.start_year if s.start_year is not None and the_year and s.start_year < the_year else None
    provenance = Provenance(
        ProvenanceKind.DOCUMENT,
        document_code=stored.document_code,
        start=s.start,
        end=s.end,
        quote=s.text,
        note=f"review queue, statement {statement_id}",
    )

    settlement = conflicts.Settlement((), None)
    if s.modality is Modality.TARGET:
        plan_base_year = store.header(plan_code).start_year - 1
        target = _target(s, the_measure, the_comparator, base_value, the_year, start_year, e.period, provenance)
        if target.measure is Measure.GROWTH and target.base_year is None:  # 增长率 by 2025: over the plan
            target = replace(target, base_year=plan_base_year)
        summary, figure_id = store.save_target(plan_code, indicator.code, target, REVIEW_ORIGIN)
        queue.accepted(statement_id, actor, indicator.code, edits, target_id=figure_id)
        kind: Literal["observation", "target"] = "target"
        period_code = f"{target.base_year}-{target.target_year}" if target.base_year else str(target.target_year)
    else:
        # a part of a year the text said (前三季度 -> 2024YTD09) holds unless the reviewer changed the figure's time
        extracted = statement_period(s) if e.year is None and the_measure is s.measure else None
        the_period = _observation_period(
            the_measure, the_year, start_year, e.period or (extracted.code if extracted else None), where
        )
        obs = Observation(
            indicator_code=indicator.code,
            region_code=_region_code(uow, s.region, plan_code),
            period=the_period,
            value=base_value,
            measure=the_measure,
            unit=unit,
            printed_value=printed[0] if printed else None,
            printed_unit=printed[1] if printed else None,
            comparator=the_comparator,
            annualized=s.annualized and the_period.kind is PeriodKind.SPAN,
            status=FigureStatus.FINAL,
            provenance=provenance,
        )
        previous = _stored_observation(uow, plan_code, obs)
        summary = store.save_observation(plan_code, obs, REVIEW_ORIGIN)
        figure_id = store.observation_id(plan_code, indicator.code, obs)
        queue.accepted(statement_id, actor, indicator.code, edits, observation_id=figure_id)
        kind = "observation"
        period_code = the_period.code
        figure = Figure(
            FigureSource.STATEMENT,
            statement_id,
            FigureKey(indicator.code, obs.region_code, the_period.code, the_measure),
            base_value,
            unit,
            obs.printed_value,
            obs.printed_unit,
        )
        if the_comparator in conflicts.SINGLE_VALUES:
            chosen = conflicts.Chosen(
                figure, conflicts.statement_label(stored), conflicts.statement_record(stored, figure)
            )
            settlement = conflicts.settle(uow, plan_code, chosen, previous=previous, reason=reason)
    change: Literal["created", "updated", "unchanged"] = (
        "created" if summary.created.get(kind) else "updated" if summary.updated.get(kind) else "unchanged"
    )
    return AcceptResult(
        statement_id=statement_id,
        kind=kind,
        indicator=indicator.code,
        created_indicator=created,
        change=change,
        figure_id=figure_id,
        period=period_code,
        value=base_value,
        unit=unit,
        conflict_rejected=list(settlement.rejected),
        superseded_value=settlement.superseded.observation.value if settlement.superseded else None,
    )


def _stored_observation(uow: UnitOfWork, plan_code: str, obs: Observation) -> StoredObservation | None:
    """The stored actual observation with ``obs``'s natural key, if any."""
    stored = uow.figures.stored_observations(plan_code, [obs.indicator_code])
    return next((so for so in stored if so.observation.key == obs.key), None)


def resolve(ctx: Context, user: Actor, statement_id: int, keep: Keep | int, reason: str | None = None) -> ResolveResult:
    """Decide the conflict a pending statement is part of (:mod:`luoshi.services.conflicts`) by choosing
    the figure that holds for its indicator, region, period and measure:

    - ``Keep.STATEMENT``: this statement, accepted as extracted; the stored observation, if it disagrees,
      is superseded (its old value is recorded);
    - another statement's id: that pending statement of the same conflict, accepted likewise;
    - ``Keep.OBSERVATION``: the stored observation stays as it is.

    Either way every pending statement of the key that disagrees with the chosen figure is rejected with
    a reason naming it (and the reviewer's ``reason``), and one audit entry (object type ``conflict``)
    records who chose what over what, and why. A statement that agrees with the chosen figure stays
    pending. Refused with InvalidInput when the statement is in no conflict, the chosen statement is not
    of the same conflict, or there is no observation to keep; Conflict when it was decided already.
    """
    actor = _actor(ctx, user, Permission.REVIEW, "review extracted figures")
    where = Location(f"statement {statement_id}")
    why = f"review resolve {statement_id}" + (f": {reason}" if reason else "")
    with ctx.unit_of_work(reason=why, actor=actor) as uow:
        stored = uow.statements.get(statement_id, lock=True)
        if stored.status is not ReviewStatus.PENDING:
            done = "采用" if stored.status is ReviewStatus.ACCEPTED else "退回"
            raise Conflict(f"第{statement_id}条已被{done}（{stored.reviewer}），不能再裁决")
        conflict = None
        if stored.indicator_code is not None:
            found = conflicts.read_figures(uow, stored.plan_code, indicator_code=stored.indicator_code)
            conflict = next((c for c in found.conflicts() if statement_id in c.statement_ids), None)
        if conflict is None:
            raise InvalidInput([Problem(where, f"第{statement_id}条数据没有冲突：直接采用或退回即可")])
        if keep is Keep.OBSERVATION:
            kept = conflict.observation
            if kept is None:
                raise InvalidInput([Problem(where, f"第{statement_id}条所在的冲突中没有现有数据可保留")])
            observation = found.observations[kept.ref]
            chosen = conflicts.Chosen(
                kept, conflicts.observation_label(observation), conflicts.observation_record(observation)
            )
            settlement = conflicts.settle(uow, stored.plan_code, chosen, reason=reason)
            result = ResolveResult(
                statement_id=statement_id,
                key=conflict.key.code,
                kept=f"observation:{kept.ref}",
                accepted=None,
                rejected=list(settlement.rejected),
                superseded_value=None,
            )
        else:
            winner = statement_id if keep is Keep.STATEMENT else int(keep)
            if winner not in conflict.statement_ids:
                raise InvalidInput(
                    [Problem(where, f"第{winner}条不是第{statement_id}条所在冲突（{conflict.key.code}）中的待审核数据")]
                )
            accepted = _accept(uow, winner, Edits(), reason)
            result = ResolveResult(
                statement_id=statement_id,
                key=conflict.key.code,
                kept=f"statement:{winner}",
                accepted=accepted,
                rejected=accepted.conflict_rejected,
                superseded_value=accepted.superseded_value,
            )
        uow.commit()
    return result


def reject(ctx: Context, user: Actor, statement_id: int, reason: str | None = None) -> None:
    """Reject a pending statement, recording who and why (audited). An accepted statement cannot be
    rejected (its figure is stored; change that figure instead): Conflict."""
    actor = _actor(ctx, user, Permission.REVIEW, "review extracted figures")
    with ctx.unit_of_work(reason=f"review reject {statement_id}", actor=actor) as uow:
        stored = uow.statements.get(statement_id, lock=True)
        if stored.status is not ReviewStatus.PENDING:
            raise Conflict(f"statement {statement_id} is {stored.status.value} already (by {stored.reviewer})")
        uow.statements.rejected(statement_id, actor, reason)
        uow.commit()


# --- accepting, piece by piece ------------------------------------------------------------------------


def _indicator_for(
    store: FigureStore, stored: StoredStatement, code: str | None, create: bool, where: Location
) -> tuple[Indicator, bool]:
    if code is not None:
        return store.indicator(stored.plan_code, code), False
    if create:
        name = stored.proposed_name or stored.statement.indicator
        display = stored.proposed_unit
        if display is None:
            raise InvalidInput(
                [Problem(where, f"a growth rate does not say what {name} is measured in: choose an indicator")]
            )
        indicator = Indicator(
            code=f"new-{stored.id}",
            name=name,
            unit=base_unit(display),
            display_unit=display,
            description=f"proposed by the review queue from {stored.document_code}: {stored.statement.text}",
        )
        store.add_indicator(stored.plan_code, indicator, REVIEW_ORIGIN)
        return indicator, True
    if stored.indicator_code is not None:
        return store.indicator(stored.plan_code, stored.indicator_code), False
    raise InvalidInput(
        [
            Problem(
                where,
                f"{stored.statement.indicator!r} matches no indicator of {stored.plan_code}: name one "
                f"(--indicator CODE) or create the proposed one ({stored.proposed_name}, "
                f"{stored.proposed_unit or 'unit unknown'}) with --create-indicator",
            )
        ]
    )


def _value_for(
    s: Statement, indicator: Indicator, measure: Measure, value: float | None, where: Location
) -> tuple[float, str, tuple[str, str] | None]:
    """(value in the base unit, base unit, printed digits and unit) of the accepted figure."""
    if value is not None:  # edited: percent for growth, else in the indicator's display unit
        try:
            if measure is Measure.GROWTH:
                return require_finite(value), "%", (f"{value:g}", "%")
            base, unit = to_base(value, indicator.display_unit)
        except NonFiniteValue as exc:
            raise InvalidInput([Problem(where, f"value: {exc}")]) from None
        return base, unit, (f"{value:g}", indicator.display_unit)
    if measure is Measure.GROWTH:
        if s.unit != "%":
            raise InvalidInput(
                [Problem(where, f"a growth figure must be in % (this one is in {s.unit}): give --value in %")]
            )
        return s.value, "%", printed_figure(s.text, s.value, s.unit)
    if s.unit != indicator.unit:
        raise InvalidInput(
            [Problem(where, f"{s.text} is in {s.unit}, which does not fit {indicator.name} ({indicator.display_unit})")]
        )
    return s.value, s.unit, printed_figure(s.text, s.value, s.unit)


def _observation_period(
    measure: Measure, year: int | None, start_year: int | None, period: str | None, where: Location
) -> Period:
    if period is not None:
        try:
            return Period.parse(period)
        except InvalidPeriod as exc:
            raise InvalidInput([Problem(where, str(exc))]) from None
    if year is None:
        raise InvalidInput([Problem(where, "the year of this figure is unknown: give --year")])
    return observation_period(measure, year, start_year)


def _target(
    s: Statement,
    measure: Measure,
    comparator: Comparator,
    value: float,
    year: int | None,
    start_year: int | None,
    period: str | None,
    provenance: Provenance,
) -> Target:
    where = Location(f"statement {s.doc}/{s.start}")
    base_year: int | None = None
    if period is not None:
        try:
            span = Period.parse(period)
        except InvalidPeriod as exc:
            raise InvalidInput([Problem(where, str(exc))]) from None
        year, base_year = span.year, span.start_year
    elif start_year is not None and measure is Measure.GROWTH and year is not None:
        base_year = growth_base_year(start_year, year)
    if year is None:
        raise InvalidInput([Problem(where, "the target year is unknown: give --year")])
    return Target(
        measure=measure,
        comparator=comparator,
        value=value,
        target_year=year,
        base_year=base_year,
        annualized=s.annualized,
        provenance=provenance,
    )


def _region_code(uow: UnitOfWork, region_name: str | None, plan_code: str) -> str:
    """The code of the region the statement names, else the plan's region."""
    return conflicts.region_code(uow.registry.regions(), region_name, uow.plans.header(plan_code).region_code)
