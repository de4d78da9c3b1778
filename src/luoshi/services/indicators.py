"""One indicator's metadata edited by planners (元数据), and all of its data downloaded (CSV, xlsx, JSON).

The metadata a planner edits on the indicator page are the definition (``description``), 统计口径
(``scope``), 数据来源 (``data_source``), the frequency, the price basis (价格口径) and the owner unit
(责任单位). The change goes through a unit of work and is audited as an update of the indicator; a plan
file loaded again later sets them to what it says.

A download holds every stored figure of the indicator, real and simulated (column ``scenario``), and its
targets, each with its provenance, values at full precision in the base unit and in the display unit.
"""

from __future__ import annotations

import io
import json
from typing import Any, Literal

from openpyxl import Workbook
from pydantic import BaseModel, Field

from luoshi.domain.account import Permission, User, can
from luoshi.domain.errors import Forbidden, NotFound
from luoshi.domain.indicator import (
    FREQUENCY_LABELS,
    PRICE_BASIS_LABELS,
    Frequency,
    Indicator,
    IndicatorMetadata,
    PriceBasis,
)
from luoshi.domain.measurement import UnknownUnit, from_base
from luoshi.domain.observation import Observation
from luoshi.domain.plan import PlanBundle
from luoshi.domain.target import Target
from luoshi.report.tables import csv_bytes
from luoshi.services.context import Context
from luoshi.services.plans import plan_snapshot

METADATA_TEXT_MAX = 4000
EXPORT_FORMATS = ("csv", "xlsx", "json")
ExportFormat = Literal["csv", "xlsx", "json"]

MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}

#: the download's columns: key (JSON and the first row of CSV/xlsx use the Chinese title)
EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("record", "类别"),
    ("indicator_code", "指标代码"),
    ("indicator_name", "指标名称"),
    ("region", "地区"),
    ("period", "时期"),
    ("base_year", "基期"),
    ("measure", "计量方式"),
    ("comparator", "比较"),
    ("annualized", "年均"),
    ("value", "数值（基本单位）"),
    ("unit", "基本单位"),
    ("display_value", "数值（显示单位）"),
    ("display_unit", "显示单位"),
    ("base_value", "基期值（基本单位）"),
    ("printed_value", "原文数值"),
    ("printed_unit", "原文单位"),
    ("status", "数据状态"),
    ("scenario", "情景"),
    ("provenance_kind", "来源类型"),
    ("document_code", "来源文件"),
    ("span_start", "原文起"),
    ("span_end", "原文止"),
    ("quote", "原文摘录"),
    ("note", "说明"),
)


#: text a database can store (PostgreSQL refuses NUL characters)
NO_NUL = r"^[^\x00]*$"


class MetadataInput(BaseModel):
    """An indicator's metadata as a planner types them (every field is set; an empty owner clears it)."""

    description: str = Field(
        default="", max_length=METADATA_TEXT_MAX, pattern=NO_NUL, description="指标解释 (definition)"
    )
    scope: str = Field(default="", max_length=METADATA_TEXT_MAX, pattern=NO_NUL, description="统计口径")
    data_source: str = Field(default="", max_length=METADATA_TEXT_MAX, pattern=NO_NUL, description="数据来源")
    frequency: Frequency = Frequency.ANNUAL
    price_basis: PriceBasis = PriceBasis.NOT_APPLICABLE
    owner_unit_code: str | None = Field(
        default=None, max_length=64, pattern=NO_NUL, description="责任单位 code; empty or null: none"
    )


class MetadataWritten(BaseModel):
    changed: bool
    version: int | None = Field(description="the data version whose reads show the change (None when unchanged)")


def update_metadata(ctx: Context, user: User, plan_code: str, code: str, data: MetadataInput) -> MetadataWritten:
    """Store an indicator's metadata as a planner edited them (Forbidden without ``edit_plan``); audited."""
    if not can(user, Permission.EDIT_PLAN):
        raise Forbidden(f"{user.name} may not edit indicator metadata")
    metadata = IndicatorMetadata(
        description=data.description.strip(),
        scope=data.scope.strip(),
        data_source=data.data_source.strip(),
        frequency=data.frequency,
        price_basis=data.price_basis,
        owner_unit_code=(data.owner_unit_code or "").strip() or None,
    )
    with ctx.unit_of_work(reason="修改指标元数据", actor=user.name) as uow:
        summary = uow.figures.update_indicator_metadata(plan_code, code, metadata)
        version = uow.commit()
    changed = summary.total > 0
    return MetadataWritten(changed=changed, version=version if changed else None)


def _indicator(bundle: PlanBundle, code: str) -> Indicator:
    for ind in bundle.indicators:
        if ind.code == code:
            return ind
    raise NotFound(f"no indicator {code!r} in plan {bundle.plan.code!r}")


def _display(value: float | None, ind: Indicator) -> float | None:
    if value is None:
        return None
    try:
        return from_base(value, ind.display_unit)
    except UnknownUnit:
        return value


def _observation_row(ind: Indicator, o: Observation) -> dict[str, Any]:
    p = o.provenance
    growth = o.measure.value == "growth"
    return {
        "record": "observation",
        "indicator_code": ind.code,
        "indicator_name": ind.name,
        "region": o.region_code,
        "period": o.period.code,
        "base_year": None,
        "measure": o.measure.value,
        "comparator": o.comparator.value,
        "annualized": o.annualized,
        "value": o.value,
        "unit": o.unit,
        "display_value": o.value if growth else _display(o.value, ind),
        "display_unit": "%" if growth else ind.display_unit,
        "base_value": None,
        "printed_value": o.printed_value,
        "printed_unit": o.printed_unit,
        "status": o.status.value,
        "scenario": o.scenario,
        "provenance_kind": p.kind.value if p else None,
        "document_code": p.document_code if p else None,
        "span_start": p.start if p else None,
        "span_end": p.end if p else None,
        "quote": p.quote if p else None,
        "note": p.note if p else None,
    }


def _target_row(ind: Indicator, region: str, t: Target) -> dict[str, Any]:
    p = t.provenance
    growth = t.measure.value == "growth"
    return {
        "record": "target",
        "indicator_code": ind.code,
        "indicator_name": ind.name,
        "region": region,
        "period": str(t.target_year),
        "base_year": t.base_year,
        "measure": t.measure.value,
        "comparator": t.comparator.value,
        "annualized": t.annualized,
        "value": t.value,
        "unit": "%" if growth else ind.unit,
        "display_value": t.value if growth else _display(t.value, ind),
        "display_unit": "%" if growth else ind.display_unit,
        "base_value": t.base_value,
        "printed_value": None,
        "printed_unit": None,
        "status": None,
        "scenario": "target",
        "provenance_kind": p.kind.value if p else None,
        "document_code": p.document_code if p else None,
        "span_start": p.start if p else None,
        "span_end": p.end if p else None,
        "quote": p.quote if p else None,
        "note": p.note if p else None,
    }


def indicator_records(bundle: PlanBundle, code: str) -> list[dict[str, Any]]:
    """Every stored figure of an indicator (real and simulated), then its targets, as flat records."""
    ind = _indicator(bundle, code)
    rows = [_observation_row(ind, o) for o in bundle.observations.get(code, ())]
    rows += [_target_row(ind, bundle.plan.region_code, t) for t in bundle.targets.get(code, ())]
    return rows


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def export_indicator(ctx: Context, plan_code: str, code: str, fmt: ExportFormat) -> tuple[bytes, str]:
    """An indicator's data as a file: (content, file name). CSV is UTF-8 with a BOM (Excel opens it
    right), xlsx has one sheet of data and one of metadata, JSON has the metadata and the records."""
    bundle = plan_snapshot(ctx, plan_code).value
    ind = _indicator(bundle, code)
    records = indicator_records(bundle, code)
    name = f"{bundle.plan.code}-{ind.code}.{fmt}"
    if fmt == "json":
        document = {
            "plan_code": bundle.plan.code,
            "indicator": {
                "code": ind.code,
                "name": ind.name,
                "unit": ind.unit,
                "display_unit": ind.display_unit,
                "direction": ind.direction.value,
                "kind": ind.kind.value,
                "description": ind.description,
                "scope": ind.scope,
                "data_source": ind.data_source,
                "frequency": ind.frequency.value,
                "price_basis": ind.price_basis.value,
                "owner_unit_code": ind.owner_unit_code,
            },
            "records": records,
        }
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"), name
    titles = [title for _, title in EXPORT_COLUMNS]
    keys = [key for key, _ in EXPORT_COLUMNS]
    if fmt == "csv":
        return csv_bytes(titles, [[_cell(r[k]) for k in keys] for r in records]), name
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "数据"
    sheet.append(titles)
    for r in records:
        sheet.append([_cell(r[k]) for k in keys])
    sheet.freeze_panes = "A2"
    meta = book.create_sheet("元数据")
    for label, value in metadata_rows(ind, {u.code: u.name for u in bundle.units}):
        meta.append([label, value])
    out_bytes = io.BytesIO()
    book.save(out_bytes)
    return out_bytes.getvalue(), name


def metadata_rows(ind: Indicator, units: dict[str, str]) -> list[tuple[str, str]]:
    """The metadata panel's lines, in Chinese (the indicator page and the xlsx download show the same)."""
    owner = units.get(ind.owner_unit_code or "", ind.owner_unit_code or "")
    return [
        ("指标名称", ind.name),
        ("指标解释", ind.description),
        ("统计口径", ind.scope),
        ("数据来源", ind.data_source),
        ("频率", FREQUENCY_LABELS[ind.frequency]),
        ("价格口径", PRICE_BASIS_LABELS[ind.price_basis]),
        ("责任单位", owner),
        ("计量单位", ind.display_unit),
    ]
