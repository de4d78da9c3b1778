"""``luoshi supervise``: supervised matters (督查督办) on the command line, as the configured actor.

Everything happens in :mod:`luoshi.services.supervision`; these commands read options, print, and turn
errors into exit codes (2 for bad input, a refused step or an unknown matter).

    luoshi supervise assign --title 推进营商环境改革 --lead fgj --assist tjj --deadline 2025-06-30
    luoshi supervise overdue --format csv
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.console import Console
from rich.table import Table

from luoshi.cli.common import context
from luoshi.cli.console import guarded, out
from luoshi.domain.errors import InvalidInput, Location, Problem
from luoshi.domain.supervision import MatterState, SourceKind, Urgency
from luoshi.services import supervision
from luoshi.services.supervision import AssignInput, MatterView, MatterWritten, Step, StepInput

supervise_app = typer.Typer(help="Supervised matters (督查督办): assign, follow up, close.", no_args_is_help=True)


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


M = TypeVar("M", bound=BaseModel)


def _validated(model: type[M], **values: Any) -> M:
    """``model(**values)``; what it refuses is bad input naming the option (exit 2), not a traceback."""
    try:
        return model(**values)
    except ValidationError as exc:
        problems = [Problem(Location(f"--{'-'.join(map(str, e['loc']))}"), e["msg"]) for e in exc.errors()]
        raise InvalidInput(problems) from None


CodeArgument = Annotated[str, typer.Argument(help="Matter code, e.g. DB2025-001.")]
TextOption = Annotated[str, typer.Option("--text", help="What to record with the step.")]
UnitOption = Annotated[str | None, typer.Option("--unit", help="Unit code (default: the lead unit).")]
TodayOption = Annotated[
    datetime | None, typer.Option("--today", formats=["%Y-%m-%d"], help="As if today were (YYYY-MM-DD).")
]
FormatOption = Annotated[Format, typer.Option("--format", help="table, csv or json.")]

#: the columns of a matter list: heading and value
COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "code"),
    ("lead_unit", "lead unit"),
    ("deadline", "deadline"),
    ("days_overdue", "days overdue"),
    ("state", "state"),
    ("title", "title"),
)


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _row(v: MatterView) -> dict[str, str]:
    return {
        "code": v.code,
        "lead_unit": v.lead_unit.name,
        "deadline": v.deadline.isoformat(),
        "days_overdue": str(v.days_overdue),
        "state": v.state_label,
        "title": v.title,
    }


def _print(views: list[MatterView], output: Format, columns: tuple[tuple[str, str], ...] = COLUMNS) -> None:
    if output is Format.JSON:
        typer.echo(json.dumps([v.model_dump(mode="json") for v in views], ensure_ascii=False, indent=1))
        return
    rows = [_row(v) for v in views]
    if output is Format.CSV:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([key for key, _ in columns])
        writer.writerows([[r[key] for key, _ in columns] for r in rows])
        return
    table = Table(*(heading for _, heading in columns))
    for r in rows:
        table.add_row(*(r[key] for key, _ in columns))
    console = out if out.is_terminal else Console(file=out.file, width=200, highlight=False)
    console.print(table)
    if not views:
        out.print("no matters", markup=False)


def _done(written: MatterWritten) -> None:
    out.print(
        f"{written.code}: {written.state_label} ({written.state.value}), deadline {written.deadline}", markup=False
    )


@supervise_app.command("assign")
@guarded
def assign(
    title: Annotated[str | None, typer.Option("--title", help="What is to be done (a task's by default).")] = None,
    lead: Annotated[str | None, typer.Option("--lead", help="Lead unit code (牵头单位).")] = None,
    assist: Annotated[
        list[str] | None, typer.Option("--assist", help="Assisting unit code (配合单位), repeatable.")
    ] = None,
    deadline: Annotated[
        datetime | None, typer.Option("--deadline", formats=["%Y-%m-%d"], help="Deadline, YYYY-MM-DD.")
    ] = None,
    source: Annotated[SourceKind, typer.Option("--source", help="instruction, meeting, task or other.")] = (
        SourceKind.INSTRUCTION
    ),
    source_text: Annotated[str, typer.Option("--source-text", help="The instruction or decision.")] = "",
    plan: Annotated[str | None, typer.Option("--plan", help="Plan code (a task matter's plan).")] = None,
    task: Annotated[
        str | None, typer.Option("--task", help="Task code: title, units and deadline default to it.")
    ] = None,
    code: Annotated[str | None, typer.Option("--code", help="Matter code (default: DB<year>-<n>).")] = None,
) -> None:
    """Assign a matter to a lead unit with a deadline (--deadline YYYY-MM-DD)."""
    data = _validated(
        AssignInput,
        code=code,
        title=title,
        source_kind=SourceKind.TASK if task else source,
        source_text=source_text,
        plan_code=plan,
        task_code=task,
        lead_unit=lead,
        assisting_units=assist or [],
        deadline=_day(deadline),
    )
    with context() as ctx:
        _done(supervision.assign(ctx, None, data))


@supervise_app.command("list")
@guarded
def list_matters(
    state: Annotated[MatterState | None, typer.Option("--state", help="Only matters in this state.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Only matters of this (lead or assisting) unit.")] = None,
    urgency: Annotated[Urgency | None, typer.Option("--urgency", help="none, due_soon or overdue.")] = None,
    today: TodayOption = None,
    output: FormatOption = Format.TABLE,
) -> None:
    """List matters by deadline."""
    with context() as ctx:
        views = supervision.list_matters(ctx, state=state, unit=unit, level=urgency, today=_day(today))
    _print(views, output)


@supervise_app.command("overdue")
@guarded
def overdue(today: TodayOption = None, output: FormatOption = Format.TABLE) -> None:
    """One line per overdue matter: code, lead unit, deadline, days overdue, title (exit 0 either way)."""
    with context() as ctx:
        views = supervision.overdue(ctx, today=_day(today))
    columns = tuple(c for c in COLUMNS if c[0] != "state")
    _print(views, output, columns)


def _step(code: str, step: Step, today: datetime | None = None, **values: Any) -> None:
    """Take ``step`` on matter ``code`` with the StepInput ``values``, and say where the matter stands."""
    data = _validated(StepInput, **values)
    with context() as ctx:
        _done(supervision.take_step(ctx, None, code, step, data, today=_day(today)))


@supervise_app.command("feedback")
@guarded
def feedback(
    code: CodeArgument, text: Annotated[str, typer.Argument(help="The progress.")], unit: UnitOption = None
) -> None:
    """Record a unit's feedback on a matter's progress."""
    _step(code, Step.FEEDBACK, text=text, unit=unit)


@supervise_app.command("request-close")
@guarded
def request_close(code: CodeArgument, text: TextOption = "", unit: UnitOption = None) -> None:
    """Ask to close a matter (申请办结), for its lead (or --unit) unit."""
    _step(code, Step.REQUEST_CLOSE, text=text, unit=unit)


@supervise_app.command("request-extension")
@guarded
def request_extension(
    code: CodeArgument,
    reason: Annotated[str, typer.Option("--reason", help="Why more time is needed.")],
    deadline: Annotated[datetime, typer.Option("--deadline", formats=["%Y-%m-%d"], help="The new deadline asked for.")],
    unit: UnitOption = None,
) -> None:
    """Ask to extend a matter's deadline (申请延期), with a reason."""
    _step(code, Step.REQUEST_EXTENSION, text=reason, new_deadline=deadline.date(), unit=unit)


@supervise_app.command("approve")
@guarded
def approve(
    code: CodeArgument,
    text: TextOption = "",
    deadline: Annotated[
        datetime | None, typer.Option("--deadline", formats=["%Y-%m-%d"], help="Grant this deadline instead.")
    ] = None,
    today: TodayOption = None,
) -> None:
    """Approve the pending request: close the matter, or move its deadline."""
    _step(code, Step.APPROVE, today, text=text, new_deadline=_day(deadline))


@supervise_app.command("deny")
@guarded
def deny(code: CodeArgument, reason: Annotated[str, typer.Option("--reason", help="Why not.")]) -> None:
    """Deny the pending request, with a reason."""
    _step(code, Step.DENY, text=reason)


@supervise_app.command("remind")
@guarded
def remind(code: CodeArgument, text: TextOption = "", unit: UnitOption = None) -> None:
    """Send a reminder (催办) to the lead (or --unit) unit; recorded with sender and time."""
    _step(code, Step.REMIND, text=text, unit=unit)


@supervise_app.command("escalate")
@guarded
def escalate(code: CodeArgument, reason: Annotated[str, typer.Option("--reason", help="Why.")]) -> None:
    """Escalate a matter (升级督办), with a reason."""
    _step(code, Step.ESCALATE, text=reason)
