"""The reports of a reporting round: a unit's own round report (单位填报情况报告) and the supervision office's
bulletin (督查通报), gathered from the services the pages use (rounds, progress and the gap list,
supervision, ranking) for the documents of :mod:`luoshi.report.unit_report` and
:mod:`luoshi.report.supervision_bulletin`.

Each report names the data version it was made from. It reads through several services, so it notes the
newest data version before and after gathering and gathers again if a write came in between: the figures
are all of the version named.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from luoshi.domain.errors import Conflict, InvalidValue, NotFound
from luoshi.domain.rounds import TIMELINESS_LABELS, Timeliness, timeliness
from luoshi.domain.supervision import MatterState, Urgency
from luoshi.report import present
from luoshi.report import supervision_bulletin as bulletin_doc
from luoshi.report import unit_report as unit_doc
from luoshi.report.supervision_bulletin import OverdueMatter, RankCriterion, RankLine, Reporter, SupervisionBulletin
from luoshi.report.unit_report import IndicatorLine, MatterLine, OwedLine, OwedTask, UnitRoundDocument
from luoshi.services.context import Context
from luoshi.services.progress import STATUS_LABELS, STATUS_ORDER, assessment_snapshot, gap_list
from luoshi.services.ranking import unit_ranking
from luoshi.services.reports import FORMATS, MEDIA_TYPES, ReportFile
from luoshi.services.rounds import (
    default_plan,
    list_rounds,
    newest_open_round,
    round_status,
    submission_view,
    today,
)
from luoshi.services.supervision import MatterView, list_matters

T = TypeVar("T")

#: how often a report is gathered again when a write lands while it is being gathered
ATTEMPTS = 3
#: the bulletin's issuing office, after the plan's region name (平城区督查室)
OFFICE_SUFFIX = "督查室"


def _consistent(ctx: Context, gather: Callable[[int], T]) -> T:
    """``gather(version)`` at a data version no write moved while it ran (Conflict after :data:`ATTEMPTS`)."""
    for _ in range(ATTEMPTS):
        before = ctx.data_version()
        made = gather(before)
        if ctx.data_version() == before:
            return made
    raise Conflict("数据正在频繁更新，报告无法取得一致的数据版本，请稍后再试")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InvalidValue(f"格式只能是 docx 或 xlsx，不能是 {fmt}")


def resolve_unit(ctx: Context, unit: str) -> tuple[str, str]:
    """A unit named by code or name: (code, name); NotFound for neither."""
    with ctx.reading() as uow:
        names = uow.rounds.unit_names()
    if unit in names:
        return unit, names[unit]
    code = next((c for c, n in names.items() if n == unit), None)
    if code is None:
        raise NotFound(f"没有单位 {unit}")
    return code, names[code]


def _matter_line(m: MatterView, unit_code: str) -> MatterLine:
    return MatterLine(
        code=m.code,
        title=m.title,
        role="牵头" if m.lead_unit.code == unit_code else "配合",
        lead_unit=m.lead_unit.name,
        deadline=m.deadline,
        state_label=m.state_label,
        urgency=m.urgency.value,
        urgency_label=m.urgency_label,
        days_overdue=m.days_overdue,
        days_overdue_text=present.days(m.days_overdue),
        closed=m.state is MatterState.CLOSED,
        closed_on=m.closed_on,
    )


# ---------------------------------------------------------------------------------------------- a unit's report


def unit_round_document(
    ctx: Context,
    unit: str,
    round_code: str | None = None,
    *,
    include_simulated: bool = False,
    on: date | None = None,
) -> UnitRoundDocument:
    """A unit's report for a round (default: the newest open round it owes a submission in): the figures
    and tasks the round asked of it, its submission, its indicators' status and gaps (as on the cockpit
    and /gaps), and its supervision matters as of ``on`` (default today)."""
    day = on or today()
    unit_code, unit_name = resolve_unit(ctx, unit)
    code = round_code or newest_open_round(ctx, unit_code=unit_code).code

    def gather(version: int) -> UnitRoundDocument:
        sub = submission_view(ctx, None, code, unit_code, on=day)
        rnd = sub.round
        assessed = assessment_snapshot(ctx, rnd.plan_code, include_simulated=include_simulated)
        progress = assessed.value.progress
        owned = [i for i in progress.indicators if i.owner_unit_code == unit_code]
        gaps = {g.code: g for g in gap_list(progress, None)}
        counts = {s: 0 for s in STATUS_ORDER}
        for i in owned:
            counts[i.status] = counts.get(i.status, 0) + 1
        status = next(u for u in round_status(ctx, code, on=day).units if u.unit_code == unit_code)
        return UnitRoundDocument(
            round_code=rnd.code,
            round_title=rnd.title,
            period_label=rnd.period_label,
            due=rnd.due,
            unit_code=unit_code,
            unit_name=unit_name,
            state_label=sub.state_label,
            timeliness=sub.timeliness,
            timeliness_label=sub.timeliness_label,
            first_submitted=status.first_submitted,
            returned_count=status.returned_count,
            awaiting=sub.awaiting,
            lines=[
                OwedLine(
                    name=line.name,
                    unit=line.unit,
                    value_text=present.with_unit(line.value, line.unit) if line.value is not None else "未填",
                    last_text=(
                        f"{present.period_text(line.last_period)} {present.with_unit(line.last_value, line.unit)}"
                        if line.last_value is not None and line.last_period
                        else present.NO_VALUE
                    ),
                    filled=line.value is not None,
                )
                for line in sub.lines
            ],
            tasks=[
                OwedTask(
                    name=t.name,
                    status_label=t.status_label,
                    percent_text=present.percent(None if t.percent is None else t.percent / 100, 0),
                    reported=t.reported,
                    text=t.text,
                )
                for t in sub.tasks
            ],
            indicators=[
                IndicatorLine(
                    code=i.code,
                    name=i.name,
                    unit=i.unit,
                    latest_text=present.dated_quantity(i.current_year, i.current_value, i.unit)
                    if i.current_value is not None
                    else present.NO_VALUE,
                    target_text=i.target_text or present.NO_VALUE,
                    status=i.status,
                    status_label=i.status_label,
                    completion=i.completion,
                    completion_text=present.percent(i.completion, 0),
                    gap_text=gaps[i.code].gap_text if i.code in gaps else present.NO_VALUE,
                    uses_simulated=i.uses_simulated,
                )
                for i in owned
            ],
            counts=counts,
            status_labels=STATUS_LABELS,
            matters=[_matter_line(m, unit_code) for m in list_matters(ctx, unit=unit_code, today=day)],
            data_version=version,
            made_on=day,
        )

    return _consistent(ctx, gather)


def unit_round_file(
    ctx: Context,
    unit: str,
    round_code: str | None,
    fmt: str,
    *,
    include_simulated: bool = False,
    on: date | None = None,
) -> ReportFile:
    """A unit's round report as a file: ``fmt`` docx or xlsx."""
    _check_format(fmt)
    doc = unit_round_document(ctx, unit, round_code, include_simulated=include_simulated, on=on)
    content = unit_doc.docx_bytes(doc) if fmt == "docx" else unit_doc.xlsx_bytes(doc)
    return ReportFile(content=content, media_type=MEDIA_TYPES[fmt], file_name=f"{doc.title}.{fmt}")


# ---------------------------------------------------------------------------------------------- the bulletin


def _reporters(ctx: Context, codes: list[str], day: date) -> tuple[int, int, list[Reporter], list[Reporter]]:
    """Submissions due by ``day`` in the rounds, on time, late and missing (a submission made after ``day``
    counts as not made)."""
    owing = on_time = 0
    late: list[Reporter] = []
    missing: list[Reporter] = []
    for code in codes:
        status = round_status(ctx, code, on=day)
        rnd = status.round
        for u in status.units:
            first = u.first_submitted if u.first_submitted is not None and u.first_submitted <= day else None
            kind = timeliness(first, rnd.due, day)
            if kind is Timeliness.NOT_DUE:
                continue
            owing += 1
            if kind is Timeliness.ON_TIME:
                on_time += 1
                continue
            (late if kind is Timeliness.LATE else missing).append(
                Reporter(
                    round_code=rnd.code,
                    round_title=rnd.title,
                    unit_code=u.unit_code,
                    unit_name=u.unit_name,
                    due=rnd.due,
                    timeliness=kind.value,
                    timeliness_label=TIMELINESS_LABELS[kind],
                    first_submitted=first,
                    reminders=u.reminders,
                )
            )
    return owing, on_time, late, missing


def supervision_bulletin(
    ctx: Context,
    round_code: str | None = None,
    *,
    as_of: date | None = None,
    plan_code: str | None = None,
    include_simulated: bool = True,
    office: str | None = None,
) -> SupervisionBulletin:
    """The 督查通报 as of ``as_of`` (default today): the supervision matters overdue on that day, the units
    late or missing in the round (or, without one, in every round of the plan for the as-of year due by
    then) and the units' ranking of the round's year (or the as-of year)."""
    day = as_of or today()

    def gather(version: int) -> SupervisionBulletin:
        listed = list_rounds(ctx, on=day).rounds
        if round_code is not None:
            chosen = [r for r in listed if r.code == round_code]
            if not chosen:
                raise NotFound(f"没有填报轮次 {round_code}")
            plan = chosen[0].plan_code
            year = int(chosen[0].period[:4])
        else:
            plan = plan_code or default_plan(ctx)
            year = day.year
            chosen = [r for r in listed if r.plan_code == plan and int(r.period[:4]) == year and r.due <= day]
        owing, on_time, late, missing = _reporters(ctx, [r.code for r in chosen], day)
        matters = list_matters(ctx, today=day)
        ranking = unit_ranking(ctx, year, plan_code=plan, include_simulated=include_simulated, on=day)
        with ctx.reading() as uow:
            region = uow.plans.header(plan).region_code
            region_name = next((r.name for r in uow.registry.regions() if r.code == region), "")
        return SupervisionBulletin(
            office=office or f"{region_name}{OFFICE_SUFFIX}",
            as_of=day,
            round_title=chosen[0].title if round_code is not None else None,
            year=year,
            matters_total=len(matters),
            matters_open=sum(1 for m in matters if m.state is not MatterState.CLOSED),
            matters_closed=sum(1 for m in matters if m.state is MatterState.CLOSED),
            overdue=[
                OverdueMatter(
                    code=m.code,
                    title=m.title,
                    lead_unit=m.lead_unit.name,
                    assisting_units="、".join(a.name for a in m.assisting_units),
                    deadline=m.deadline,
                    days_overdue=m.days_overdue,
                    days_overdue_text=present.days(m.days_overdue),
                    state_label=m.state_label,
                )
                for m in sorted(matters, key=lambda m: -m.days_overdue)
                if m.urgency is Urgency.OVERDUE
            ],
            units_owing=owing,
            on_time=on_time,
            late=late,
            missing=missing,
            criterion_labels=list(ranking.labels.values()),
            ranking=[
                RankLine(
                    rank=u.rank,
                    unit_code=u.unit_code,
                    unit_name=u.unit_name,
                    score=u.score,
                    score_text=present.score(u.score),
                    criteria=[
                        RankCriterion(
                            rate=c.rate,
                            rate_text=f"{present.percent(c.rate, 0)}（{c.counted}）"
                            if c.rate is not None
                            else "无数据",
                        )
                        for c in u.criteria
                    ],
                )
                for u in ranking.units
            ],
            data_version=version,
            made_on=today(),
        )

    return _consistent(ctx, gather)


def supervision_file(
    ctx: Context,
    fmt: str,
    round_code: str | None = None,
    *,
    as_of: date | None = None,
    plan_code: str | None = None,
    include_simulated: bool = True,
    office: str | None = None,
) -> ReportFile:
    """The 督查通报 as a file: ``fmt`` docx or xlsx."""
    _check_format(fmt)
    made = supervision_bulletin(
        ctx, round_code, as_of=as_of, plan_code=plan_code, include_simulated=include_simulated, office=office
    )
    content = bulletin_doc.docx_bytes(made) if fmt == "docx" else bulletin_doc.xlsx_bytes(made)
    return ReportFile(content=content, media_type=MEDIA_TYPES[fmt], file_name=f"督查通报{made.as_of.isoformat()}.{fmt}")
