"""The review page of one document: its text with every extracted figure marked, and the queue."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from luoshi.domain.measurement import UnknownUnit, from_base
from luoshi.domain.target import Measure
from luoshi.extract.matching import MatchKind
from luoshi.services.context import Context
from luoshi.services.plans import read_plan
from luoshi.services.review import StatementView, get_statement, list_statements


class StatementItem(StatementView):
    display_value: str  # the figure as a reader writes it: 428.2 亿元, 年均增长 4.2%
    display_number: str  # the number in the matched indicator's display unit (the accept form's hint)
    match_label: str | None  # why it matched, in words: 名称相同 / 别名 GDP / 名称相近


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
    segments: list[ReviewSegment]
    indicator_choices: list[tuple[str, str]]


def _number(value: float) -> str:
    return f"{value:,.6g}".replace(",", "")


def statement_item(view: StatementView, display_units: dict[str, str]) -> StatementItem:
    """A queue entry with its figure in the units people read (the matched indicator's display unit)."""
    if view.measure is Measure.GROWTH:
        number = _number(view.value)
        shown = f"{'年均' if view.annualized else ''}增长 {number}{view.unit}"
    else:
        unit = display_units.get(view.indicator_code or "", view.unit)
        try:
            number = _number(from_base(view.value, unit))
        except UnknownUnit:
            unit, number = view.unit, _number(view.value)
        shown = f"{number} {unit}"
    return StatementItem(
        **view.model_dump(), display_value=shown, display_number=number, match_label=match_label(view.match_reason)
    )


def review_page(ctx: Context, document_code: str) -> ReviewPageContext:
    views = list_statements(ctx, document=document_code)
    with ctx.reading() as snapshot:
        doc = snapshot.registry.document(document_code)
    plan_code = views[0].plan if views else None
    bundle = read_plan(ctx, plan_code)
    display_units = {i.code: i.display_unit for i in bundle.indicators}
    items = [statement_item(v, display_units) for v in views]
    return ReviewPageContext(
        document=doc.code,
        title=doc.title,
        items=items,
        counts=dict(Counter(i.status.value for i in items)),
        segments=_segments(doc.text, items),
        indicator_choices=[(i.code, i.name) for i in bundle.indicators],
    )


def statement_page_item(ctx: Context, statement_id: int) -> tuple[StatementItem, list[tuple[str, str]]]:
    """One queue entry as the review page shows it (for the htmx partial after accept or reject)."""
    view = get_statement(ctx, statement_id)
    bundle = read_plan(ctx, view.plan)
    units = {i.code: i.display_unit for i in bundle.indicators}
    return statement_item(view, units), [(i.code, i.name) for i in bundle.indicators]


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
