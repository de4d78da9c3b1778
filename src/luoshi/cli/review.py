"""``luoshi ingest text FILE`` and ``luoshi review list|accept|reject|conflicts|resolve``: the review queue on
the command line.

Everything happens in :mod:`luoshi.services.review`; these commands read options and files, print, and
turn errors into exit code 2.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from luoshi.cli.common import EncodingOption, PlanOption, context
from luoshi.cli.console import guarded, out
from luoshi.cli.extract import DEFAULT_MAX_MB, read_text
from luoshi.cli.rounds import AsOption, acting_user
from luoshi.domain.review import ReviewStatus
from luoshi.domain.target import Comparator, Measure
from luoshi.services import review
from luoshi.services.conflicts import list_conflicts

ingest_app = typer.Typer(help="Read documents into the review queue.", no_args_is_help=True)
review_app = typer.Typer(help="The review queue: accept, edit or reject extracted figures.", no_args_is_help=True)


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


@ingest_app.command("text")
@guarded
def ingest_text(
    file: Annotated[Path, typer.Argument(help="A Chinese text file (UTF-8 or GBK, unless --encoding says otherwise).")],
    doc_year: Annotated[
        int, typer.Option("--doc-year", min=1900, max=2100, help="Year of the document: resolves 今年, 去年.")
    ],
    plan: PlanOption = None,
    region: Annotated[str | None, typer.Option("--region", help="Region code (default: the plan's).")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title (default: the file name).")] = None,
    encoding: EncodingOption = None,
    max_mb: Annotated[int, typer.Option("--max-mb", min=1, help="Refuse files larger than this.")] = DEFAULT_MAX_MB,
) -> None:
    """Store a text document, extract its figures and queue them for review, matched to the plan."""
    text = read_text(file, encoding, max_mb * 1_000_000)
    with context() as ctx:
        ctx.require_schema()
        result = review.ingest_text(
            ctx, None, text, file.name, doc_year=doc_year, plan_code=plan, region=region, title=title
        )
    if result.already_ingested:
        out.print(
            f"{file.name} was already ingested as {result.document}: nothing added "
            f"(its {result.statements} statements are in the queue)",
            markup=False,
        )
        return
    stored = "stored as" if result.new_document else "already stored as"
    out.print(
        f"{file.name}: {stored} {result.document}; {result.statements} statements "
        f"({result.matched} matched, {result.unmatched} unmatched), {result.added} added to the queue of {result.plan}",
        markup=False,
    )


@review_app.command("list")
@guarded
def review_list(
    document: Annotated[str | None, typer.Option("--document", help="Only this document's (code).")] = None,
    status: Annotated[ReviewStatus | None, typer.Option("--status", help="pending, accepted or rejected.")] = None,
    plan: PlanOption = None,
    output: Annotated[ListFormat, typer.Option("--format", help="table or json.")] = ListFormat.TABLE,
) -> None:
    """List the statements of the review queue."""
    with context() as ctx:
        ctx.require_schema()
        views = review.list_statements(ctx, document=document, status=status, plan_code=plan)
    if output is ListFormat.JSON:
        typer.echo(json.dumps([v.model_dump(mode="json") for v in views], ensure_ascii=False, indent=1))
        return
    table = Table("id", "document", "span", "text", "named", "indicator", "modality", "measure", "year", "status")
    for v in views:
        year = "" if v.year is None else f"{v.start_year}-{v.year}" if v.start_year else str(v.year)
        match = v.indicator_code or f"new? {v.proposed_name}"
        table.add_row(
            str(v.id),
            v.document,
            f"{v.start}-{v.end}",
            v.text,
            v.indicator,
            match,
            v.modality.value,
            v.measure.value,
            year,
            v.status.value,
        )
    console = out if out.is_terminal else Console(file=out.file, width=200, highlight=False)
    console.print(table)
    if not views:
        out.print("no statements", markup=False)


@review_app.command("accept")
@guarded
def review_accept(
    statement_id: Annotated[int, typer.Argument(help="Statement id from `luoshi review list`.")],
    indicator: Annotated[str | None, typer.Option("--indicator", help="Indicator code (overrides the match).")] = None,
    value: Annotated[
        float | None, typer.Option("--value", help="Corrected value, in the indicator's unit (growth: %).")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", min=1900, max=2100, help="Corrected year.")] = None,
    period: Annotated[str | None, typer.Option("--period", help="Period code, e.g. 2018-2020.")] = None,
    measure: Annotated[Measure | None, typer.Option("--measure", help="level or growth.")] = None,
    comparator: Annotated[Comparator | None, typer.Option("--comparator", help="= >= > <= < ~")] = None,
    create_indicator: Annotated[
        bool, typer.Option("--create-indicator", help="Add the proposed indicator to the plan.")
    ] = False,
) -> None:
    """Accept a statement: it becomes an observation or a target, with the document span as provenance."""
    with context() as ctx:
        ctx.require_schema()
        result = review.accept(
            ctx,
            None,
            statement_id,
            indicator_code=indicator,
            value=value,
            year=year,
            period=period,
            measure=measure,
            comparator=comparator,
            create_indicator=create_indicator,
        )
    created = f" (new indicator {result.indicator})" if result.created_indicator else ""
    out.print(
        f"statement {statement_id} accepted: {result.kind} {result.indicator} {result.period} "
        f"= {result.value:.12g} {result.unit}, {result.change}{created}",
        markup=False,
    )
    _print_settled(result.conflict_rejected, result.superseded_value, result.unit)


def _print_settled(rejected: list[int], superseded: float | None, unit: str) -> None:
    if rejected:
        listed = ", ".join(map(str, rejected))
        out.print(f"conflicting statements rejected: {listed}", markup=False)
    if superseded is not None:
        out.print(f"the stored observation was {superseded:.12g} {unit} (recorded in the audit log)", markup=False)


@review_app.command("reject")
@guarded
def review_reject(
    statement_id: Annotated[int, typer.Argument(help="Statement id from `luoshi review list`.")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why it is not a figure to keep.")] = None,
) -> None:
    """Reject a statement (it stays in the queue, marked rejected, with the reason)."""
    with context() as ctx:
        ctx.require_schema()
        review.reject(ctx, None, statement_id, reason)
    out.print(f"statement {statement_id} rejected", markup=False)


@review_app.command("conflicts")
@guarded
def review_conflicts(
    plan: Annotated[str | None, typer.Option("--plan", help="Only this plan's (default: every plan's).")] = None,
    document: Annotated[str | None, typer.Option("--document", help="Only those with this document's.")] = None,
    statement: Annotated[int | None, typer.Option("--statement", min=1, help="Only this statement's.")] = None,
    output: Annotated[ListFormat, typer.Option("--format", help="table or json.")] = ListFormat.TABLE,
) -> None:
    """List conflicts (数据冲突): figures of one indicator, region, period and measure that disagree by more
    than their printed digits allow, from pending statements of any document and the stored observation."""
    with context() as ctx:
        ctx.require_schema()
        found = list_conflicts(ctx, plan_code=plan, document=document, statement_id=statement)
    if output is ListFormat.JSON:
        typer.echo(json.dumps(found.model_dump(mode="json")["conflicts"], ensure_ascii=False, indent=1))
        return
    if not found.conflicts:
        out.print("no conflicts", markup=False)
        return
    table = Table("conflict", "indicator", "period", "side", "figure", "source", "evidence", "disagrees with")
    for c in found.conflicts:
        for side in c.sides:
            if side.source == "statement":
                source = side.document_title or ""
            else:
                source = side.origin_label or ""
                source += f" ({side.document_title})" if side.document_title else ""
            table.add_row(
                c.key,
                c.indicator_name,
                c.period_label,
                side.key,
                side.text,
                source,
                side.evidence or "",
                ", ".join(side.disagrees_with),
            )
    console = out if out.is_terminal else Console(file=out.file, width=200, highlight=False)
    console.print(table)


def _keep(value: str) -> review.Keep | int:
    if value in {k.value for k in review.Keep}:
        return review.Keep(value)
    if value.isascii() and value.isdigit() and int(value) > 0:
        return int(value)
    raise typer.BadParameter(f"{value!r} is not statement, observation or a statement id", param_hint="--keep")


@review_app.command("resolve")
@guarded
def review_resolve(
    statement_id: Annotated[int, typer.Argument(help="A pending statement of the conflict (see `review conflicts`).")],
    keep: Annotated[
        str,
        typer.Option(
            "--keep",
            help="What holds: statement (this one), observation (the stored one) or another statement's id.",
        ),
    ],
    reason: Annotated[str | None, typer.Option("--reason", help="Why (recorded with the decision).")] = None,
    as_: AsOption = None,
) -> None:
    """Decide a conflict: keep one figure; the pending statements that disagree with it are rejected."""
    chosen = _keep(keep)
    with context() as ctx:
        ctx.require_schema()
        result = review.resolve(ctx, acting_user(ctx, as_), statement_id, chosen, reason)
    out.print(f"conflict {result.key} resolved: kept {result.kept}", markup=False)
    unit = result.accepted.unit if result.accepted else ""
    _print_settled(result.rejected, result.superseded_value, unit)
