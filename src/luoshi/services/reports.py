"""The evaluation report's data (规划实施年度监测报告 / 中期评估报告): one read snapshot of a plan assessed as of
a year, gathered for the documents of :mod:`luoshi.report.evaluation` (docx and xlsx).

Every figure is written by :mod:`luoshi.report.present`, as on the pages; the numbers stay alongside at full
precision (in each indicator's display unit) for the spreadsheet and for tests.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from luoshi.domain.errors import InvalidValue
from luoshi.domain.indicator import INDICATOR_KIND_LABELS, Indicator
from luoshi.domain.measurement import UnknownUnit, from_base
from luoshi.domain.observation import Observation
from luoshi.domain.period import PeriodKind
from luoshi.domain.plan import TASK_STATUS_LABELS, PlanBundle
from luoshi.domain.target import Measure
from luoshi.report import present
from luoshi.report.evaluation import (
    EvaluationDocument,
    EvaluationRow,
    EvaluationSection,
    GapLine,
    OverdueRow,
    docx_bytes,
    xlsx_bytes,
)
from luoshi.services.cockpit import as_of, year_choices
from luoshi.services.context import Context
from luoshi.services.progress import (
    ACTUAL,
    SIMULATED,
    STATUS_LABELS,
    STATUS_ORDER,
    IndicatorProgress,
    assess,
    assessment_snapshot,
    gap_list,
    real_first,
)

FORMATS = ("docx", "xlsx")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ReportFile(BaseModel):
    content: bytes
    media_type: str
    file_name: str = Field(description="a Chinese file name for the download")


def _display(value: float, indicator: Indicator) -> float:
    try:
        return from_base(value, indicator.display_unit)
    except UnknownUnit:
        return value


def _series(
    observations: tuple[Observation, ...], indicator: Indicator, region: str, include_simulated: bool
) -> tuple[dict[int, float], dict[int, bool], int | None]:
    """Year -> level (display unit) of the plan's region, which years are simulated, and the printed decimals."""
    values: dict[int, float] = {}
    simulated: dict[int, bool] = {}
    decimals: int | None = None
    for o in real_first(observations, include_simulated=include_simulated):
        if o.region_code != region or o.period.kind is not PeriodKind.YEAR or o.measure is not Measure.LEVEL:
            continue
        if o.scenario not in (ACTUAL, SIMULATED):
            continue
        if o.period.year in values and o.scenario == SIMULATED:
            continue  # a real figure of the year wins
        values[o.period.year] = _display(o.value, indicator)
        simulated[o.period.year] = o.scenario == SIMULATED
        if o.printed_value:
            decimals = max(decimals or 0, present.decimals_of(o.printed_value))
    return dict(sorted(values.items())), simulated, decimals


def _sources(bundle: PlanBundle, observations: tuple[Observation, ...], include_simulated: bool) -> str:
    """Where an indicator's figures come from: the documents cited, and whether a plan file or the simulation."""
    titles = {d.code: d.title for d in bundle.documents}
    cited: list[str] = []
    for o in real_first(observations, include_simulated=include_simulated):
        p = o.provenance
        name = titles.get(p.document_code, p.document_code) if p is not None and p.document_code else None
        if o.scenario == SIMULATED:
            name = "模拟情景"
        if name and name not in cited:
            cited.append(name)
    return "；".join(cited)


def _row(
    bundle: PlanBundle, view: IndicatorProgress, indicator: Indicator, units: dict[str, str], include_simulated: bool
) -> EvaluationRow:
    observations = bundle.observations.get(indicator.code, ())
    series, simulated, decimals = _series(observations, indicator, bundle.plan.region_code, include_simulated)
    # the published level of the base and latest year where there is one (a 可比价 indicator is judged on
    # levels at base-year prices, but the report prints what the statistics published)
    base_value = series.get(view.base_year, view.base_value) if view.base_year is not None else view.base_value
    current_value = view.current_value
    if view.current_year is not None:
        current_value = series.get(view.current_year, view.current_value)
    return EvaluationRow(
        code=view.code,
        name=view.name,
        unit=view.unit,
        kind_label=INDICATOR_KIND_LABELS[indicator.kind],
        owner=units.get(view.owner_unit_code or ""),
        base_year=view.base_year,
        base_value=base_value,
        base_text=_dated(view.base_year, base_value, view.unit, decimals),
        current_year=view.current_year,
        current_value=current_value,
        current_text=_dated(view.current_year, current_value, view.unit, decimals),
        target_value=view.target_value,
        target_year=view.target_year,
        target_text=view.target_text or present.NO_VALUE,
        status=view.status,
        status_label=view.status_label,
        completion=view.completion,
        completion_text=present.percent(view.completion, 0),
        uses_simulated=view.uses_simulated,
        series=series,
        simulated_years=sorted(y for y, s in simulated.items() if s),
        decimals=decimals,
        data_source=indicator.data_source,
        sources=_sources(bundle, observations, include_simulated),
    )


def _dated(year: int | None, value: float | None, unit: str, decimals: int | None) -> str:
    """A level with its year, at the indicator's printed precision: ``2024年 617.1 亿元``."""
    if value is None:
        return present.NO_VALUE
    text = present.quantity(value, unit, decimals)
    return text if year is None else f"{year}年 {text}"


def _headline(rows: list[EvaluationRow], limit: int = 6) -> list[str]:
    """Sentences on the binding indicators first, then the others with a target: latest figure against target."""
    chosen = sorted(
        (r for r in rows if r.target_text != present.NO_VALUE and r.current_value is not None),
        key=lambda r: r.kind_label != "约束性",
    )[:limit]
    lines = []
    for r in chosen:
        text = f"{r.name}：{r.current_text}"
        if r.base_value is not None and r.base_year is not None and r.base_year != r.current_year:
            text = f"{r.name}：从{r.base_text}到{r.current_text}"
        lines.append(f"{text}，目标为{r.target_text}，{r.status_label}。")
    return lines


def evaluation_document(
    ctx: Context,
    plan_code: str | None = None,
    *,
    year: int | None = None,
    mid_term: bool = False,
    include_simulated: bool = False,
    today: date | None = None,
) -> EvaluationDocument:
    """The plan assessed as of the end of ``year`` (default: the newest year with a figure), gathered from one
    read snapshot for the evaluation report; ``include_simulated`` takes in the simulated scenario (模拟)."""
    assessed = assessment_snapshot(ctx, plan_code, include_simulated=include_simulated)
    version, bundle = assessed.version, assessed.value.bundle
    choices = year_choices(bundle, include_simulated)
    if year is None:
        year = choices[0]
    elif year > choices[0]:
        raise InvalidValue(f"评估年份不能晚于有数据的最新年份（{choices[0]}年），不能是{year}年")
    bundle = as_of(bundle, year)  # no figure of a later year, in the assessment or in the series
    value = assess(bundle, include_simulated=include_simulated)
    progress = value.progress
    plan = bundle.plan
    units = {u.code: u.name for u in bundle.units}
    indicators = {i.code: i for i in bundle.indicators}
    rows = {v.code: _row(bundle, v, indicators[v.code], units, include_simulated) for v in progress.indicators}
    parents = {g.code: g.parent_code for g in bundle.goals}

    def top(code: str) -> str:
        seen = 0
        while (parent := parents.get(code)) is not None and seen < len(parents):
            code, seen = parent, seen + 1
        return code

    placed: dict[str, list[str]] = {}
    for v in progress.indicators:
        for top_code in dict.fromkeys(top(g) for g in v.goal_codes if g in parents):
            placed.setdefault(top_code, []).append(v.code)
    summaries = {g.code: g.summary for g in progress.goals}
    sections = [
        EvaluationSection(
            code=g.code,
            name=g.name,
            counts=summaries[g.code].counts if g.code in summaries else {},
            rows=[rows[c] for c in placed[g.code]],
        )
        for g in bundle.goals
        if g.parent_code is None and placed.get(g.code)
    ]
    unplaced = [rows[v.code] for v in progress.indicators if not any(v.code in s for s in placed.values())]
    if unplaced:
        counts: dict[str, int] = {}
        for r in unplaced:
            counts[r.status] = counts.get(r.status, 0) + 1
        sections.append(EvaluationSection(code="", name="其他指标", counts=counts, rows=unplaced))
    day = today or date.today()
    when = min(day, date(year, 12, 31))
    overdue = [
        OverdueRow(
            code=t.code,
            name=t.name,
            lead_unit=units.get(t.lead_unit_code or "") or present.NO_VALUE,
            deadline=t.deadline.isoformat() if t.deadline else "",
            status_label=TASK_STATUS_LABELS[t.status],
        )
        for t in bundle.tasks
        if t.is_overdue(when)
    ]
    gaps = gap_list(progress, None)
    for g in gaps:
        g.owner = units.get(g.owner_unit_code or "")
    all_rows = list(rows.values())
    return EvaluationDocument(
        plan_code=plan.code,
        plan_name=plan.name,
        plan_years=present.years_text(plan.start_year, plan.end_year),
        year=year,
        mid_term=mid_term,
        include_simulated=include_simulated,
        data_version=version,
        made_on=day,
        counts={s: progress.plan.counts.get(s, 0) for s in STATUS_ORDER},
        status_labels=STATUS_LABELS,
        total=progress.plan.total,
        share_on_track=progress.plan.share_on_track,
        headline=_headline(all_rows),
        sections=sections,
        gaps=[GapLine.model_validate(g.model_dump()) for g in gaps],
        overdue=overdue,
        years=sorted({y for r in all_rows for y in r.series}),
    )


def evaluation_file(
    ctx: Context,
    plan_code: str | None,
    fmt: str,
    *,
    year: int | None = None,
    mid_term: bool = False,
    include_simulated: bool = False,
    today: date | None = None,
) -> ReportFile:
    """The evaluation report as a file: ``fmt`` docx (the document) or xlsx (every indicator's series)."""
    if fmt not in FORMATS:
        raise InvalidValue(f"格式只能是 docx 或 xlsx，不能是 {fmt}")
    doc = evaluation_document(
        ctx, plan_code, year=year, mid_term=mid_term, include_simulated=include_simulated, today=today
    )
    content = docx_bytes(doc) if fmt == "docx" else xlsx_bytes(doc)
    kind = "中期评估报告" if mid_term else "年度监测报告"
    return ReportFile(
        content=content, media_type=MEDIA_TYPES[fmt], file_name=f"{doc.plan_name}{doc.year}年{kind}.{fmt}"
    )
