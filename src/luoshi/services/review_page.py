"""The review page of one document: its text with every extracted figure marked, and the queue."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field

from luoshi.domain.measurement import UnknownUnit, from_base
from luoshi.domain.review import ReviewStatus
from luoshi.domain.target import Measure
from luoshi.extract.matching import MatchKind
from luoshi.report import present
from luoshi.services.conflicts import ConflictList, list_conflicts
from luoshi.services.context import Context
from luoshi.services.plans import read_plan
from luoshi.services.review import StatementView, get_statement, list_statements


class StatementItem(StatementView):
    display_value: str  # the figure as a reader writes it: 428.2 亿元, 年均增长 4.2%
    display_number: str  # the number in the matched indicator's display unit (the accept form's hint)
    match_label: str | None  # why it matched, in words: 名称相同 / 别名 GDP / 名称相近
    conflict: str | None = Field(
        default=None, description="the conflict (数据冲突) this pending statement is part of, by key; None if none"
    )
    conflicts_with: list[str] = Field(
        default_factory=list, description="the figures it disagrees with, in words: 现有数据 428.2 亿元（规划文件）"
    )


MATCH_LABELS = {MatchKind.NAME.value: "名称相同", MatchKind.ALIAS.value: "别名", MatchKind.CONTAINS.value: "名称相近"}


def match_label(reason: str | None) -> str | None:
    """``"alias GDP"`` -> ``"别名：GDP"``."""
    if not reason:
        return None
    kind, _, words = reason.partition(" ")
    return f"{MATCH_LABELS.get(kind, kind)}：{words}" if words else MATCH_LABELS.get(kind, kind)


class ReviewSegment(BaseModel):
    text: str
    item: int | None = None
    status: str | None = None


class ReviewPageContext(BaseModel):
    document: str
    title: str
    items: list[StatementItem]
    counts: dict[str, int]
    conflicts: int = Field(description="pending statements of this document that are part of a conflict")
    segments: list[ReviewSegment]
    indicator_choices: list[tuple[str, str]]


def _number(value: float) -> str:
    """The number for the accept form's input: plain digits (no grouping), as many as the value has."""
    return f"{value:.6g}"


def statement_item(view: StatementView, display_units: dict[str, str]) -> StatementItem:
    """A queue entry with its figure in the units people read (the matched indicator's display unit)."""
    if view.measure is Measure.GROWTH:
        number = _number(view.value)
        shown = present.growth_text(view.value, annualized=view.annualized)
    else:
        unit = display_units.get(view.indicator_code or "", view.unit)
        try:
            value = from_base(view.value, unit)
        except UnknownUnit:
            unit, value = view.unit, view.value
        number = _number(value)
        shown = present.quantity(value, unit)
    return StatementItem(
        **view.model_dump(), display_value=shown, display_number=number, match_label=match_label(view.match_reason)
    )


def with_conflicts(item: StatementItem, found: ConflictList) -> StatementItem:
    """The item marked with the conflict it is part of, and what it disagrees with."""
    for c in found.conflicts:
        if item.id in c.statement_ids:
            sides = {s.key: s for s in c.sides}
            mine = sides[f"statement:{item.id}"]
            against = [sides[k] for k in mine.disagrees_with]
            words = [
                f"{s.source_label} {s.text}（{s.origin_label or s.document_title}）"
                if s.source == "observation"
                else f"第{s.id}条 {s.text}（{s.document_title}）"
                for s in against
            ]
            return item.model_copy(update={"conflict": c.key, "conflicts_with": words})
    return item


def review_page(ctx: Context, document_code: str) -> ReviewPageContext:
    views = list_statements(ctx, document=document_code)
    with ctx.reading() as snapshot:
        doc = snapshot.registry.document(document_code)
    plan_code = views[0].plan if views else None
    bundle = read_plan(ctx, plan_code)
    display_units = {i.code: i.display_unit for i in bundle.indicators}
    found = list_conflicts(ctx, plan_code=bundle.plan.code, document=document_code)
    items = [with_conflicts(statement_item(v, display_units), found) for v in views]
    return ReviewPageContext(
        document=doc.code,
        title=doc.title,
        items=items,
        counts=dict(Counter(i.status.value for i in items)),
        conflicts=sum(1 for i in items if i.conflict),
        segments=_segments(doc.text, items),
        indicator_choices=[(i.code, i.name) for i in bundle.indicators],
    )


def statement_page_item(ctx: Context, statement_id: int) -> tuple[StatementItem, list[tuple[str, str]]]:
    """One queue entry as the review page shows it (for the htmx partial after accept or reject)."""
    view = get_statement(ctx, statement_id)
    bundle = read_plan(ctx, view.plan)
    units = {i.code: i.display_unit for i in bundle.indicators}
    item = statement_item(view, units)
    if view.status is ReviewStatus.PENDING:
        item = with_conflicts(item, list_conflicts(ctx, statement_id=statement_id))
    return item, [(i.code, i.name) for i in bundle.indicators]


def _segments(text: str, items: list[StatementItem]) -> list[ReviewSegment]:
    out: list[ReviewSegment] = []
    pos = 0
    for item in sorted(items, key=lambda i: (i.start, -i.end)):
        if item.start < pos:
            continue
        if item.start > pos:
            out.append(ReviewSegment(text=text[pos : item.start]))
        out.append(ReviewSegment(text=text[item.start : item.end], item=item.id, status=item.status.value))
        pos = item.end
    if pos < len(text):
        out.append(ReviewSegment(text=text[pos:]))
    return out
