"""Cross-document conflicts in the review queue (数据冲突): figures for the same indicator, region, period
and measure that cannot both be right.

A pending actual statement is read as the observation it would become if accepted as extracted (indicator
matched, year known, unit fitting, one value rather than a bound such as 3000余个). It is compared with the
stored observation of that key (scenario ``actual``) and with the other pending statements of the key, from
any document, at the precision printed (:mod:`luoshi.engine.conflict`: 452.3 and 452.34 亿元 agree, 452.3
and 560.4 亿元 do not).

:func:`list_conflicts` shows each conflict with every side and its source (document and evidence, or the
observation's origin and provenance). :func:`settle` is what a decision does inside the reviewer's
transaction (``luoshi.services.review.accept`` and ``resolve`` call it): every pending statement of the
key that disagrees with the chosen figure is rejected with a reason naming the chosen one, and one audit
entry (object type ``conflict``) records who chose which figure over which, why, and the value an
observation held before an accepted statement replaced it.

Worked example, on the demo plan (gdp 2020 is stored as 428.2 亿元 from seed page 001)::

    ingest_text(ctx, None, "2020年，全区地区生产总值达到452.3亿元。", "a.txt", doc_year=2021)
    (c,) = list_conflicts(ctx).conflicts   # gdp/140213:2020:level: 现有数据 428.2 亿元 vs 452.3 亿元
    resolve(ctx, reviewer, c.sides[1].id, keep=Keep.OBSERVATION)   # luoshi.services.review
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from luoshi.domain.measurement import UnknownUnit, from_base
from luoshi.domain.observation import Observation, StoredObservation
from luoshi.domain.period import Period, PeriodKind
from luoshi.domain.region import Region
from luoshi.domain.review import (
    CONTEXT_CHARS,
    ReviewStatus,
    StoredStatement,
    observation_period,
    printed_figure,
    statement_period,
)
from luoshi.domain.statement import Modality
from luoshi.domain.target import Comparator, Measure
from luoshi.engine.conflict import Figure, FigureConflict, FigureKey, FigureSource, agree, disagreeing, find_conflicts
from luoshi.report.present import figure_text, period_text
from luoshi.services.context import Context
from luoshi.services.unit_of_work import UnitOfWork

#: the audit log's object type of a decision on a conflict
CONFLICT_OBJECT = "conflict"
#: what wrote an observation, as the conflict view names it
ORIGIN_LABELS = {
    "planfile": "规划文件",
    "review": "审核采用",
    "manual": "手工录入",
    "round": "填报审核通过",
    "upload": "上传表格",
    "simulation": "模拟情景",
}
MEASURE_LABELS = {Measure.LEVEL: "总量", Measure.GROWTH: "增速"}
SOURCE_LABELS = {FigureSource.STATEMENT: "待审核数据", FigureSource.OBSERVATION: "现有数据"}
#: figures of these comparators are one value; bounds (3000余个, 310天以上) are not compared
SINGLE_VALUES = frozenset({Comparator.EQ, Comparator.APPROX})


# --- figures of a plan, as the engine compares them ----------------------------------------------------


def region_code(regions: Sequence[Region], name: str | None, default: str) -> str:
    """The code of the region a statement names (by name or code), else ``default`` (the plan's region)."""
    if name:
        for region in regions:
            if name in (region.name, region.code):
                return region.code
    return default


def statement_figure(stored: StoredStatement, indicator_unit: str, region: str) -> Figure | None:
    """The figure a pending statement would store if accepted as extracted, or None when it is no actual
    single value that fits its matched indicator (a target, a bound, no year, a unit that does not fit:
    accepting those needs edits, which then decide the figure)."""
    s = stored.statement
    if stored.indicator_code is None or s.modality is not Modality.ACTUAL or s.year is None:
        return None
    if s.comparator not in SINGLE_VALUES or s.unit != ("%" if s.measure is Measure.GROWTH else indicator_unit):
        return None
    period = statement_period(s) or observation_period(s.measure, s.year, s.start_year)
    printed = printed_figure(s.text, s.value, s.unit) or (None, None)
    key = FigureKey(stored.indicator_code, region, period.code, s.measure)
    return Figure(FigureSource.STATEMENT, stored.id, key, s.value, s.unit, *printed)


def observation_figure(stored: StoredObservation) -> Figure | None:
    """A stored observation as a figure to compare, or None for a bound."""
    o = stored.observation
    if o.comparator not in SINGLE_VALUES:
        return None
    key = FigureKey(o.indicator_code, o.region_code, o.period.code, o.measure)
    return Figure(FigureSource.OBSERVATION, stored.id, key, o.value, o.unit, o.printed_value, o.printed_unit)


@dataclass(frozen=True)
class PlanFigures:
    """A plan's pending statements as figures, the stored observations of the same indicators, and what
    each figure stands for (``statements`` and ``observations`` by id)."""

    plan_code: str
    figures: tuple[Figure, ...]
    statements: Mapping[int, StoredStatement]
    observations: Mapping[int, StoredObservation]

    def conflicts(self) -> tuple[FigureConflict, ...]:
        return find_conflicts(self.figures)

    def at(self, key: FigureKey) -> tuple[Figure, ...]:
        return tuple(f for f in self.figures if f.key == key)


def read_figures(uow: UnitOfWork, plan_code: str, *, indicator_code: str | None = None) -> PlanFigures:
    """The figures of ``plan_code``'s pending statements (of one indicator, if given) and of the stored
    actual observations of the indicators they are matched to."""
    pending = uow.statements.find(status=ReviewStatus.PENDING, plan_code=plan_code, indicator_code=indicator_code)
    plan_region = uow.plans.header(plan_code).region_code
    regions = uow.registry.regions()
    units: dict[str, str] = {}
    figures: list[Figure] = []
    statements: dict[int, StoredStatement] = {}
    for stored in pending:
        code = stored.indicator_code
        if code is None:
            continue
        if code not in units:
            units[code] = uow.figures.indicator(plan_code, code).unit
        figure = statement_figure(stored, units[code], region_code(regions, stored.statement.region, plan_region))
        if figure is not None:
            figures.append(figure)
            statements[stored.id] = stored
    observations = {so.id: so for so in uow.figures.stored_observations(plan_code, list(units))}
    figures += [f for so in observations.values() if (f := observation_figure(so)) is not None]
    return PlanFigures(plan_code, tuple(figures), statements, observations)


# --- the conflict view -----------------------------------------------------------------------------------


class ConflictSide(BaseModel):
    """One figure of a conflict with its source: a pending statement, or the stored observation."""

    key: str = Field(description="statement:<id> or observation:<id>, how pairs name the sides")
    label: str = Field(description="the side in words: 现有数据, 第62条")
    source: FigureSource = Field(description="statement (pending in the review queue) or observation (stored)")
    source_label: str = Field(description="待审核数据 or 现有数据")
    id: int = Field(description="the statement's id, or the observation's")
    text: str = Field(description="the figure as written: 465.3 亿元, 增长 5.1%")
    value: float = Field(description="in the base unit; growth in percent")
    unit: str = Field(description="the base unit")
    printed_value: str | None = Field(description="digits as printed, which set the precision compared at")
    printed_unit: str | None
    in_conflict: bool = Field(description="whether it disagrees with another side (else it agrees with all)")
    disagrees_with: list[str] = Field(description="keys of the sides it disagrees with")
    document: str | None = Field(description="code of the source document, if any")
    document_title: str | None
    evidence: str | None = Field(description="the statement's evidence, or the observation's quoted source")
    context_before: str | None = Field(description="document text before the evidence")
    context_after: str | None
    origin: str | None = Field(description="what wrote the observation: planfile, review, manual, round, ...")
    origin_label: str | None = Field(description="the origin in words: 规划文件, 审核采用, 填报审核通过, ...")
    note: str | None = Field(description="the observation's provenance note")
    status_label: str | None = Field(description="初步核算 or 年报 for an observation; 待审核 for a statement")
    url: str | None = Field(description="where to read the source: the review card or the document's span")


class ConflictPair(BaseModel):
    """Two sides that cannot both be right."""

    first: str
    second: str
    first_label: str
    second_label: str
    difference: str = Field(description="how far apart, in the indicator's unit (percentage points for growth)")
    tolerance: str = Field(description="how far apart the printed digits allow them to be")


class ConflictView(BaseModel):
    """Every figure of one indicator, region, period and measure, at least two of which disagree."""

    key: str = Field(description="<indicator>/<region>:<period>:<measure>, as the audit log records a decision")
    plan: str
    indicator_code: str
    indicator_name: str
    region_code: str
    region_name: str
    period: str
    period_label: str = Field(description="2022年, 2018—2020年")
    measure: Measure
    measure_label: str = Field(description="总量 or 增速")
    sides: list[ConflictSide] = Field(description="the stored observation first, then the statements by id")
    pairs: list[ConflictPair]
    statement_ids: list[int] = Field(description="the pending statements of the conflict")
    has_observation: bool = Field(description="whether a stored observation is one of the sides")


class ConflictList(BaseModel):
    """The conflicts page (数据冲突): every conflict of the review queue, filtered."""

    plan: str | None = Field(description="only this plan's (None: every plan's)")
    document: str | None = Field(description="only conflicts with a statement of this document")
    statement: int | None = Field(description="only the conflict of this statement")
    conflicts: list[ConflictView]
    statement_ids: list[int] = Field(description="every pending statement that is part of a listed conflict")
    plans: list[str] = Field(description="the stored plans, for the filter")


def list_conflicts(
    ctx: Context, *, plan_code: str | None = None, document: str | None = None, statement_id: int | None = None
) -> ConflictList:
    """The conflicts of the review queue: of one plan (default every plan), only those with a statement
    of ``document``, or only the one ``statement_id`` is part of (NotFound for a plan or statement that
    is not stored)."""
    with ctx.reading() as snapshot:
        plans = [p.code for p in snapshot.plans.plans()]
        wanted = [plan_code] if plan_code else plans
        if plan_code:
            snapshot.plans.plan_row(plan_code)  # NotFound for an unknown plan
        indicator: str | None = None
        if statement_id is not None:
            stored = snapshot.statements.get(statement_id)
            wanted = [stored.plan_code] if stored.indicator_code is not None else []
            indicator = stored.indicator_code  # its conflict is among its indicator's figures
        views: list[ConflictView] = []
        for code in wanted:
            found = read_figures(snapshot, code, indicator_code=indicator)
            chosen = [c for c in found.conflicts() if _wanted(c, found, document, statement_id)]
            views += _views(snapshot, found, chosen)
    return ConflictList(
        plan=plan_code,
        document=document,
        statement=statement_id,
        conflicts=views,
        statement_ids=sorted({i for v in views for i in v.statement_ids}),
        plans=plans,
    )


def _wanted(c: FigureConflict, found: PlanFigures, document: str | None, statement_id: int | None) -> bool:
    if statement_id is not None and statement_id not in c.statement_ids:
        return False
    return document is None or any(found.statements[i].document_code == document for i in c.statement_ids)


def _views(uow: UnitOfWork, found: PlanFigures, conflicts: Sequence[FigureConflict]) -> list[ConflictView]:
    if not conflicts:
        return []
    plan = found.plan_code
    regions = {r.code: r.name for r in uow.registry.regions()}
    statement_docs = {found.statements[i].document_code for c in conflicts for i in c.statement_ids}
    texts = {code: uow.statements.document_text(code) for code in statement_docs}
    cited = {
        so.observation.provenance.document_code
        for c in conflicts
        if (f := c.observation) is not None
        and (so := found.observations[f.ref]).observation.provenance is not None
        and so.observation.provenance.document_code
    }
    titles = {d.code: d.title for d in uow.registry.documents(with_text=False, codes=sorted(cited))} if cited else {}
    views = []
    for c in conflicts:
        indicator = uow.figures.indicator(plan, c.key.indicator_code)
        against = {_side_key(f): [_side_key(g) for g in c.against(f)] for f in c.figures}
        sides = [_side(f, found, indicator.display_unit, texts, titles, against[_side_key(f)], plan) for f in c.figures]
        period = Period.parse(c.key.period)
        views.append(
            ConflictView(
                key=c.key.code,
                plan=plan,
                indicator_code=indicator.code,
                indicator_name=indicator.name,
                region_code=c.key.region_code,
                region_name=regions.get(c.key.region_code, c.key.region_code),
                period=period.code,
                period_label=period_text(period),
                measure=c.key.measure,
                measure_label=MEASURE_LABELS[c.key.measure],
                sides=sides,
                pairs=[
                    ConflictPair(
                        first=_side_key(d.first),
                        second=_side_key(d.second),
                        first_label=_side_label(d.first),
                        second_label=_side_label(d.second),
                        difference=_amount(d.difference, d.first, indicator.display_unit),
                        tolerance="±" + _amount(d.tolerance, d.first, indicator.display_unit, digits=3),
                    )
                    for d in c.disagreements
                ],
                statement_ids=list(c.statement_ids),
                has_observation=c.observation is not None,
            )
        )
    return views


def _side_key(f: Figure) -> str:
    return f"{f.source.value}:{f.ref}"


def _side_label(f: Figure) -> str:
    return SOURCE_LABELS[f.source] if f.source is FigureSource.OBSERVATION else f"第{f.ref}条"


def _side(
    f: Figure,
    found: PlanFigures,
    display_unit: str,
    texts: Mapping[str, str],
    titles: Mapping[str, str],
    against: list[str],
    plan: str,
) -> ConflictSide:
    common: dict[str, Any] = {
        "key": _side_key(f),
        "label": _side_label(f),
        "source": f.source,
        "source_label": SOURCE_LABELS[f.source],
        "id": f.ref,
        "value": f.value,
        "unit": f.unit,
        "printed_value": f.printed_value,
        "printed_unit": f.printed_unit,
        "in_conflict": bool(against),
        "disagrees_with": against,
    }
    if f.source is FigureSource.STATEMENT:
        stored = found.statements[f.ref]
        s = stored.statement
        text = texts[stored.document_code]
        return ConflictSide(
            **common,
            text=figure_text(statement_observation(stored, f), display_unit),
            document=stored.document_code,
            document_title=stored.document_title,
            evidence=s.text,
            context_before=text[max(0, s.start - CONTEXT_CHARS) : s.start],
            context_after=text[s.end : s.end + CONTEXT_CHARS],
            origin=None,
            origin_label=None,
            note=None,
            status_label="待审核",
            url=f"/documents/{stored.document_code}/review#s{stored.id}",
        )
    so = found.observations[f.ref]
    o, p = so.observation, so.observation.provenance
    doc = p.document_code if p else None
    url = f"/indicators/{plan}/{o.indicator_code}"
    if doc and p is not None and p.start is not None and p.end is not None:
        url = f"/documents/{doc}?start={p.start}&end={p.end}#focus"
    return ConflictSide(
        **common,
        text=figure_text(o, display_unit),
        document=doc,
        document_title=titles.get(doc) if doc else None,
        evidence=p.quote if p else None,
        context_before=None,
        context_after=None,
        origin=so.origin,
        origin_label=origin_label(so.origin),
        note=p.note if p else None,
        status_label="初步核算" if o.status.value == "preliminary" else "年报",
        url=url,
    )


def origin_label(origin: str) -> str:
    """``planfile:pingcheng-14`` -> 规划文件; an origin not known reads as itself."""
    return ORIGIN_LABELS.get(origin.split(":", 1)[0], origin)


def _amount(value: float, like: Figure, display_unit: str, *, digits: int = 6) -> str:
    """A difference in the indicator's unit: 108.1 亿元; 0.5 个百分点 between growth rates."""
    if like.key.measure is Measure.GROWTH:
        return f"{value:.{digits}g} 个百分点"
    try:
        return f"{from_base(value, display_unit):.{digits}g} {display_unit}"
    except UnknownUnit:
        return f"{value:.{digits}g} {like.unit}"


def statement_observation(stored: StoredStatement, f: Figure) -> Observation:
    """The observation a statement's figure would be, for writing it as every figure is written."""
    s = stored.statement
    period = Period.parse(f.key.period)
    return Observation(
        indicator_code=f.key.indicator_code,
        region_code=f.key.region_code,
        period=period,
        value=f.value,
        measure=f.key.measure,
        unit=f.unit,
        printed_value=f.printed_value,
        printed_unit=f.printed_unit,
        comparator=s.comparator,
        annualized=s.annualized and period.kind is PeriodKind.SPAN,
    )


# --- deciding ---------------------------------------------------------------------------------------------


def statement_label(stored: StoredStatement) -> str:
    """How a decision names a statement: 第12条（2022年统计快报：达到465.3亿元）."""
    return f"第{stored.id}条（{stored.document_title}：{stored.statement.text}）"


def observation_label(stored: StoredObservation) -> str:
    """How a decision names an observation: 现有数据（规划文件：428.2 亿元）."""
    o = stored.observation
    return f"现有数据（{origin_label(stored.origin)}：{figure_text(o, o.printed_unit or o.unit)}）"


def statement_record(stored: StoredStatement, f: Figure | None = None) -> dict[str, Any]:
    """A statement as the audit entry of a decision records it."""
    s = stored.statement
    return {
        "statement": stored.id,
        "document": stored.document_code,
        "title": stored.document_title,
        "text": s.text,
        "value": f.value if f else s.value,
        "unit": f.unit if f else s.unit,
        "printed": f"{f.printed_value}{f.printed_unit}" if f and f.printed_value else None,
    }


def observation_record(stored: StoredObservation) -> dict[str, Any]:
    """An observation as the audit entry of a decision records it: its value then, origin and source."""
    o, p = stored.observation, stored.observation.provenance
    return {
        "observation": stored.id,
        "origin": stored.origin,
        "value": o.value,
        "unit": o.unit,
        "printed": f"{o.printed_value}{o.printed_unit or ''}" if o.printed_value else None,
        "document": p.document_code if p else None,
        "quote": p.quote if p else None,
        "note": p.note if p else None,
    }


@dataclass(frozen=True)
class Chosen:
    """The figure a reviewer chose for its key, how the decision names it, and its audit record."""

    figure: Figure
    label: str
    record: dict[str, Any]


@dataclass(frozen=True)
class Settlement:
    """What a decision did to the other side: the statements rejected, the observation replaced."""

    rejected: tuple[int, ...]
    superseded: StoredObservation | None

    @property
    def settled(self) -> bool:
        return bool(self.rejected) or self.superseded is not None


def _verb(chosen: Chosen) -> str:
    """A statement is accepted (采用), an observation kept (保留)."""
    return "采用" if chosen.figure.source is FigureSource.STATEMENT else "保留"


def loser_reason(chosen: Chosen, reason: str | None) -> str:
    """The reason a losing statement is rejected with: it names the chosen figure, then the reviewer's why.

    数据冲突，已采用第65条（2022年统计公报：470.12亿元）；公报为准
    """
    return f"数据冲突，已{_verb(chosen)}{chosen.label}" + (f"；{reason}" if reason else "")


def settle(
    uow: UnitOfWork,
    plan_code: str,
    chosen: Chosen,
    *,
    previous: StoredObservation | None = None,
    reason: str | None = None,
) -> Settlement:
    """Settle ``chosen``'s key after the reviewer chose it (an accepted statement, or a kept observation).

    Every pending statement of the key that disagrees with it is rejected with :func:`loser_reason` (rows
    locked without waiting: Conflict if another reviewer holds one). ``previous`` is the observation the
    key held before an accepted statement replaced it; it was superseded if it disagrees with the chosen
    figure. When anything lost, one audit entry (``conflict``, key ``<plan>/<indicator>/<region>:<period>:
    <measure>``) records the chosen figure, the rejected statements, the superseded observation with its
    old value, and the reason; the actor is the unit of work's.
    """
    figure = chosen.figure
    found = read_figures(uow, plan_code, indicator_code=figure.key.indicator_code)
    others = [f for f in found.at(figure.key) if f.source is FigureSource.STATEMENT]
    losers = sorted(disagreeing(figure, others), key=lambda f: f.ref)
    locked = {s.id: s for s in uow.statements.lock_now([f.ref for f in losers])}
    why = loser_reason(chosen, reason)
    rejected: list[tuple[StoredStatement, Figure]] = []
    for f in losers:
        stored = locked.get(f.ref)
        if stored is None or stored.status is not ReviewStatus.PENDING:
            continue  # decided by another reviewer a moment ago
        uow.statements.rejected(stored.id, uow.actor, why)
        rejected.append((stored, f))
    superseded = None
    if previous is not None and figure.source is FigureSource.STATEMENT:
        before = observation_figure(previous)
        if before is not None and before.key == figure.key and not agree(before, figure):
            superseded = previous
    settlement = Settlement(tuple(s.id for s, _ in rejected), superseded)
    if settlement.settled:
        uow.audit.created(
            CONFLICT_OBJECT,
            f"{plan_code}/{figure.key.code}",
            _decision(chosen, rejected, superseded, reason),
            plan_code,
        )
    return settlement


def _decision(
    chosen: Chosen,
    rejected: Iterable[tuple[StoredStatement, Figure]],
    superseded: StoredObservation | None,
    reason: str | None,
) -> dict[str, Any]:
    rejected = list(rejected)
    key = chosen.figure.key
    summary = [f"{_verb(chosen)}{chosen.label}"]
    if rejected:
        summary.append("退回" + "、".join(statement_label(s) for s, _ in rejected))
    if superseded is not None:
        summary.append(f"取代{observation_label(superseded)}")
    if reason:
        summary.append(f"理由：{reason}")
    return {
        "summary": "；".join(summary),
        "indicator": key.indicator_code,
        "region": key.region_code,
        "period": key.period,
        "measure": key.measure.value,
        "chosen": chosen.record,
        "rejected": [statement_record(s, f) for s, f in rejected],
        "superseded": observation_record(superseded) if superseded is not None else None,
        "reason": reason,
    }
