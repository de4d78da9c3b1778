"""Source documents: the list, and one document's text with the spans figures were taken from."""

from __future__ import annotations

from pydantic import BaseModel, Field

from luoshi.domain.errors import NotFound
from luoshi.report.present import period_text
from luoshi.services.context import Context
from luoshi.services.plans import read_plan


class DocumentItem(BaseModel):
    code: str
    title: str
    kind: str
    file_name: str
    published: str | None
    characters: int


class PlanChoice(BaseModel):
    code: str
    name: str


class DocumentList(BaseModel):
    documents: list[DocumentItem]
    plans: list[PlanChoice] = Field(
        description="the plans an upload's figures can be matched to (the form asks when there are several)"
    )


class Span(BaseModel):
    start: int
    end: int
    label: str
    url: str | None


class Segment(BaseModel):
    """A piece of the text: plain, or a figure's evidence (``span``), or the one asked for (``focus``)."""

    text: str
    span: Span | None = None
    focus: bool = False


class DocumentContext(BaseModel):
    code: str
    title: str
    kind: str
    published: str | None
    text: str
    spans: list[Span]
    segments: list[Segment]
    focus_start: int | None
    focus_end: int | None


def document_list(ctx: Context) -> DocumentList:
    with ctx.reading() as snapshot:
        return DocumentList(
            documents=[
                DocumentItem(
                    code=d.code,
                    title=d.title,
                    kind=d.kind,
                    file_name=d.file_name,
                    published=d.published,
                    characters=len(d.text),
                )
                for d in snapshot.registry.documents()
            ],
            plans=[PlanChoice(code=p.code, name=p.name) for p in snapshot.plans.plans()],
        )


def plan_choices(ctx: Context) -> list[PlanChoice]:
    """The stored plans, by code: what an upload can be matched to."""
    with ctx.reading() as snapshot:
        return [PlanChoice(code=p.code, name=p.name) for p in snapshot.plans.plans()]


def document_view(ctx: Context, code: str, *, focus: tuple[int, int] | None = None) -> DocumentContext:
    """The text cut into segments so that every stored figure's evidence can be highlighted and linked."""
    with ctx.reading() as snapshot:
        doc = snapshot.registry.document(code)
        spans: list[Span] = []
        for plan in snapshot.plans.plans():
            bundle = read_plan(ctx, plan.code)
            names = {i.code: i.name for i in bundle.indicators}
            figures = [(c, o.provenance, period_text(o.period)) for c, obs in bundle.observations.items() for o in obs]
            figures += [(c, t.provenance, f"{t.target_year}年目标") for c, ts in bundle.targets.items() for t in ts]
            for indicator, p, label in figures:
                if p is None or p.document_code != code or p.start is None or p.end is None:
                    continue
                spans.append(
                    Span(
                        start=p.start,
                        end=p.end,
                        label=f"{names[indicator]}（{label}）",
                        url=f"/indicators/{plan.code}/{indicator}",
                    )
                )
    if focus is not None and not (0 <= focus[0] < focus[1] <= len(doc.text)):
        raise NotFound(f"the span {focus[0]}-{focus[1]} is not inside document {code!r}")
    return DocumentContext(
        code=doc.code,
        title=doc.title,
        kind=doc.kind,
        published=doc.published,
        text=doc.text,
        spans=sorted(spans, key=lambda s: (s.start, s.end)),
        segments=segments(doc.text, spans, focus),
        focus_start=focus[0] if focus else None,
        focus_end=focus[1] if focus else None,
    )


def segments(text: str, spans: list[Span], focus: tuple[int, int] | None) -> list[Segment]:
    """Cut ``text`` at span boundaries; overlapping spans keep the first; the focus span wins.

    >>> [s.text for s in segments("GDP 428.2亿元。", [Span(start=4, end=11, label="GDP", url=None)], None)]
    ['GDP ', '428.2亿元', '。']
    """
    marks = sorted(spans, key=lambda s: (s.start, -s.end))
    if focus is not None:
        marks = [s for s in marks if s.end <= focus[0] or s.start >= focus[1]]
        marks.append(Span(start=focus[0], end=focus[1], label="所选数据", url=None))
        marks.sort(key=lambda s: (s.start, -s.end))
    out: list[Segment] = []
    pos = 0
    for span in marks:
        if span.start < pos:
            continue  # overlaps one already shown
        if span.start > pos:
            out.append(Segment(text=text[pos : span.start]))
        is_focus = focus is not None and (span.start, span.end) == focus
        out.append(Segment(text=text[span.start : span.end], span=span, focus=is_focus))
        pos = span.end
    if pos < len(text):
        out.append(Segment(text=text[pos:]))
    return out
