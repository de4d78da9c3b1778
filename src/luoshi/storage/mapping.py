"""Rows <-> domain values: the only place where table rows and domain objects meet.

``to_*`` turn a row (with the id -> code maps it refers through) into a frozen domain value;
``*_values`` turn a domain value into the columns of its row. Stores call these and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Row

from luoshi.domain.indicator import Direction, Frequency, Indicator, IndicatorKind, PriceBasis
from luoshi.domain.observation import Document, FigureStatus, Observation, Provenance, ProvenanceKind
from luoshi.domain.period import Period
from luoshi.domain.plan import Goal, GoalKind, Plan, Task, TaskProgress, TaskStatus
from luoshi.domain.region import Region, RegionLevel
from luoshi.domain.target import Comparator, Measure, Target
from luoshi.domain.unit import Unit
from luoshi.storage.tables import (
    DocumentRow,
    GoalRow,
    IndicatorRow,
    ObservationRow,
    PlanRow,
    RegionRow,
    TargetRow,
    TaskProgressRow,
    TaskRow,
    UnitRow,
)


def to_region(row: RegionRow, codes: Mapping[int, str]) -> Region:
    parent = codes.get(row.parent_id) if row.parent_id is not None else None
    return Region(row.code, row.name, RegionLevel(row.level), parent)


def to_provenance(row: TargetRow | ObservationRow | Row[Any], documents: Mapping[int, str]) -> Provenance | None:
    if row.provenance_kind is None:
        return None
    return Provenance(
        kind=ProvenanceKind(row.provenance_kind),
        document_code=documents.get(row.document_id) if row.document_id is not None else None,
        start=row.span_start,
        end=row.span_end,
        quote=row.quote,
        row=row.source_row,
        note=row.source_note,
    )


def to_target(row: TargetRow, documents: Mapping[int, str]) -> Target:
    return Target(
        measure=Measure(row.measure),
        comparator=Comparator(row.comparator),
        value=row.value,
        target_year=row.target_year,
        base_year=row.base_year,
        base_value=row.base_value,
        annualized=row.annualized,
        provenance=to_provenance(row, documents),
    )


def to_observation(
    row: ObservationRow | Row[Any], indicator_code: str, regions: Mapping[int, str], documents: Mapping[int, str]
) -> Observation:
    return Observation(
        indicator_code=indicator_code,
        region_code=regions[row.region_id],
        period=Period.parse(row.period),
        value=row.value,
        measure=Measure(row.measure),
        unit=row.unit,
        printed_value=row.printed_value,
        printed_unit=row.printed_unit,
        comparator=Comparator(row.comparator),
        annualized=row.annualized,
        status=FigureStatus(row.status),
        scenario=row.scenario,
        provenance=to_provenance(row, documents),
    )


def provenance_columns(p: Provenance | None, document_ids: Mapping[str, int]) -> dict[str, Any]:
    if p is None:
        return {
            "provenance_kind": None,
            "document_id": None,
            "span_start": None,
            "span_end": None,
            "quote": None,
            "source_row": None,
            "source_note": None,
        }
    return {
        "provenance_kind": p.kind.value,
        "document_id": document_ids[p.document_code] if p.document_code else None,
        "span_start": p.start,
        "span_end": p.end,
        "quote": p.quote,
        "source_row": p.row,
        "source_note": p.note,
    }


def to_plan(row: PlanRow, regions: Mapping[int, str]) -> Plan:
    return Plan(
        row.code,
        row.name,
        regions[row.region_id],
        row.start_year,
        row.end_year,
        row.vision_year,
        row.description,
    )


def to_goal(row: GoalRow, codes: Mapping[int, str]) -> Goal:
    return Goal(
        code=row.code,
        name=row.name,
        kind=GoalKind(row.kind),
        parent_code=codes[row.parent_id] if row.parent_id is not None else None,
        display_code=row.display_code,
        description=row.description,
        position=row.position,
        weight=row.weight,
    )


def to_task(row: TaskRow, goals: Mapping[int, str], units: Mapping[int, str]) -> Task:
    return Task(
        code=row.code,
        name=row.name,
        goal_code=goals[row.goal_id],
        lead_unit_code=units[row.lead_unit_id] if row.lead_unit_id is not None else None,
        support_unit_codes=tuple(row.support_unit_codes or ()),
        deadline=row.deadline,
        status=TaskStatus(row.status),
        position=row.position,
    )


def to_task_progress(row: TaskProgressRow, task_code: str) -> TaskProgress:
    return TaskProgress(
        task_code=task_code,
        status=TaskStatus(row.status),
        percent=row.percent,
        text=row.text,
        reporter=row.reporter,
        unit_code=row.unit_code,
        at=row.at,
        round_code=row.round_code,
    )


def task_progress_values(task_id: int, report: TaskProgress) -> dict[str, Any]:
    return {
        "task_id": task_id,
        "at": report.at,
        "reporter": report.reporter,
        "unit_code": report.unit_code,
        "status": report.status.value,
        "percent": report.percent,
        "text": report.text,
        "round_code": report.round_code,
    }


def to_indicator(row: IndicatorRow, units: Mapping[int, str]) -> Indicator:
    return Indicator(
        code=row.code,
        name=row.name,
        unit=row.unit,
        display_unit=row.display_unit,
        direction=Direction(row.direction),
        kind=IndicatorKind(row.kind),
        frequency=Frequency(row.frequency),
        aliases=tuple(row.aliases or ()),
        owner_unit_code=units[row.owner_unit_id] if row.owner_unit_id is not None else None,
        goal_codes=tuple(row.goal_codes or ()),
        description=row.description,
        public=row.public,
        price_basis=PriceBasis(row.price_basis),
        scope=row.scope,
        data_source=row.data_source,
    )


def indicator_values(plan_id: int, ind: Indicator, unit_ids: Mapping[str, int], position: int) -> dict[str, Any]:
    """The columns of an indicator row (its ``origin`` is set only when it is created)."""
    return {
        "plan_id": plan_id,
        "code": ind.code,
        "name": ind.name,
        "aliases": list(ind.aliases),
        "unit": ind.unit,
        "display_unit": ind.display_unit,
        "direction": ind.direction.value,
        "kind": ind.kind.value,
        "frequency": ind.frequency.value,
        "owner_unit_id": unit_ids[ind.owner_unit_code] if ind.owner_unit_code else None,
        "goal_codes": list(ind.goal_codes),
        "description": ind.description,
        "public": ind.public,
        "position": position,
        "price_basis": ind.price_basis.value,
        "scope": ind.scope,
        "data_source": ind.data_source,
    }


#: the document columns the audit log records (the text itself is left out; its sha256 stands for it)
DOCUMENT_AUDITED = ("code", "title", "kind", "file_name", "published", "sha256")


def document_values(doc: Document) -> dict[str, Any]:
    """The columns of a document row, its text included."""
    return {
        "code": doc.code,
        "title": doc.title,
        "kind": doc.kind,
        "file_name": doc.file_name,
        "published": doc.published,
        "sha256": doc.sha256 or "",
        "text": doc.text,
    }


def target_values(indicator_id: int, target: Target, origin: str, document_ids: Mapping[str, int]) -> dict[str, Any]:
    """The columns of a target row."""
    return {
        "indicator_id": indicator_id,
        "measure": target.measure.value,
        "comparator": target.comparator.value,
        "value": target.value,
        "base_year": target.base_year,
        "base_value": target.base_value,
        "target_year": target.target_year,
        "annualized": target.annualized,
        "origin": origin,
        **provenance_columns(target.provenance, document_ids),
    }


def observation_values(
    indicator_id: int, region_id: int, obs: Observation, origin: str, document_ids: Mapping[str, int]
) -> dict[str, Any]:
    """The columns of an observation row."""
    return {
        "indicator_id": indicator_id,
        "region_id": region_id,
        "period": obs.period.code,
        "period_kind": obs.period.kind.value,
        "year": obs.period.year,
        "start_year": obs.period.start_year,
        "measure": obs.measure.value,
        "value": obs.value,
        "unit": obs.unit,
        "printed_value": obs.printed_value,
        "printed_unit": obs.printed_unit,
        "comparator": obs.comparator.value,
        "annualized": obs.annualized,
        "status": obs.status.value,
        "scenario": obs.scenario,
        "origin": origin,
        **provenance_columns(obs.provenance, document_ids),
    }


def document_record(row: DocumentRow) -> dict[str, Any]:
    """What the audit log keeps of a stored document: every column but the (long) text."""
    return {name: getattr(row, name) for name in DOCUMENT_AUDITED}


def to_unit(row: UnitRow, regions: Mapping[int, str]) -> Unit:
    return Unit(row.code, row.name, regions[row.region_id], row.kind)


def to_document(row: DocumentRow, *, with_text: bool = True) -> Document:
    return Document(
        row.code, row.title, row.kind, row.file_name, row.text if with_text else "", row.published, row.sha256
    )
