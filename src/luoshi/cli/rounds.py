"""``luoshi round open|list|status|close|remind|submit|approve|return|reopen``: reporting rounds on the
command line.

The command line acts as the server's administrator (named by LUOSHI_ACTOR) unless ``--as NAME`` names a
stored account, whose role and unit then apply exactly as in the web app.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.table import Table

from luoshi.cli.common import PlanOption, context
from luoshi.cli.console import guarded, out
from luoshi.domain.account import User, operator
from luoshi.domain.errors import InvalidInput, Location, Problem
from luoshi.services import accounts, rounds
from luoshi.services.context import Context

round_app = typer.Typer(help="Reporting rounds (填报轮次): open, follow, remind, approve.", no_args_is_help=True)

AsOption = Annotated[
    str | None,
    typer.Option("--as", help="Act as this stored account (default: the administrator named by LUOSHI_ACTOR)."),
]


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


FormatOption = Annotated[Format, typer.Option("--format", help="table, csv or json.")]


def acting_user(ctx: Context, name: str | None) -> User:
    """The account the command acts as."""
    if name is None:
        return operator(ctx.actor)
    return accounts.user_by_name(ctx, name)


def _print_rows(header: list[str], rows: list[list[str]], fmt: Format, title: str | None = None) -> None:
    if fmt is Format.JSON:
        out.print(
            json.dumps([dict(zip(header, r, strict=True)) for r in rows], ensure_ascii=False, indent=2), markup=False
        )
    elif fmt is Format.CSV:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    else:
        table = Table(*header, title=title)
        for r in rows:
            table.add_row(*r)
        out.print(table)


@round_app.command("open")
@guarded
def open_(
    period: Annotated[str, typer.Option("--period", help="2024, 2024H1, 2024Q3, 2024M09 or 2024YTD09 (1-9月).")],
    due: Annotated[str, typer.Option("--due", help="Due date, YYYY-MM-DD.")],
    plan: PlanOption = None,
    title: Annotated[str | None, typer.Option("--title", help="Title (default: from the period).")] = None,
    levels: Annotated[
        int, typer.Option("--levels", min=1, max=2, help="Approval levels: 1 bureau; 2 unit head, then bureau.")
    ] = 2,
    indicator: Annotated[
        list[str] | None, typer.Option("--indicator", help="An indicator code (repeat; default: all with an owner).")
    ] = None,
    task: Annotated[
        list[str] | None, typer.Option("--task", help="A task code (repeat; default: all with a lead unit).")
    ] = None,
    code: Annotated[str | None, typer.Option("--code", help="Round code (default: PLAN-PERIOD).")] = None,
    projects: Annotated[
        bool,
        typer.Option(
            "--projects",
            help="Also ask for the key projects' monthly reports (a month's round, e.g. 2024M03): every unit "
            "with a project under way that month owes one report per project.",
        ),
    ] = False,
    as_: AsOption = None,
) -> None:
    """Open a reporting round; every unit owning an asked indicator or leading an asked task owes a submission
    (with --projects, every unit with a key project under way that month too)."""
    try:
        due_date = date.fromisoformat(due)
    except ValueError:
        raise typer.BadParameter(f"{due!r} is not a date YYYY-MM-DD", param_hint="--due") from None
    with context() as ctx:
        ctx.require_schema()
        plan_code = plan or rounds.default_plan(ctx)
        rnd = rounds.open_round(
            ctx,
            acting_user(ctx, as_),
            plan_code,
            period,
            due_date,
            title=title,
            indicator_codes=indicator or None,
            task_codes=task or None,
            approval_levels=levels,
            code=code,
            projects=projects,
        )
        status = rounds.round_status(ctx, rnd.code)
    out.print(
        f"round {rnd.code} opened: {rnd.title}, due {rnd.due}, {len(status.units)} units owe a submission", markup=False
    )
    if status.project_month is not None:
        out.print(f"key projects owing the {status.project_month} report: {status.projects_owed}", markup=False)


@round_app.command("list")
@guarded
def list_(plan: PlanOption = None, fmt: FormatOption = Format.TABLE) -> None:
    """Every round, newest due first, with its reporting figures."""
    with context() as ctx:
        ctx.require_schema()
        view = rounds.list_rounds(ctx, plan_code=plan)
    header = ["code", "title", "period", "due", "state", "units", "submitted", "on_time", "late", "missing", "approved"]
    rows = [
        [
            r.code,
            r.title,
            r.period,
            str(r.due),
            r.state,
            str(r.units),
            str(r.submitted),
            str(r.on_time),
            str(r.late),
            str(r.missing),
            str(r.approved),
        ]
        for r in view.rounds
    ]
    _print_rows(header, rows, fmt, "填报轮次")


@round_app.command("status")
@guarded
def status(
    code: Annotated[str | None, typer.Argument(help="Round code (default: the newest open round).")] = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Completeness and timeliness of each unit in a round."""
    with context() as ctx:
        ctx.require_schema()
        code = code or rounds.newest_open_round(ctx).code
        view = rounds.round_status(ctx, code)
    header = ["unit", "name", "state", "timeliness", "first_submitted", "filled", "owed", "returned", "reminders"]
    rows = [
        [
            u.unit_code,
            u.unit_name,
            u.state,
            u.timeliness,
            str(u.first_submitted or ""),
            str(u.filled),
            str(u.owed),
            str(u.returned_count),
            str(u.reminders),
        ]
        for u in view.units
    ]
    _print_rows(header, rows, fmt, f"{view.round.title}（截止 {view.round.due}）")
    if fmt is Format.TABLE:
        rate = "—" if view.reporting_rate is None else f"{view.reporting_rate:.0%}"
        on_time = "—" if view.on_time_rate is None else f"{view.on_time_rate:.0%}"
        out.print(f"reporting rate {rate}, on time {on_time}", markup=False)


@round_app.command("close")
@guarded
def close(code: Annotated[str, typer.Argument(help="Round code.")], as_: AsOption = None) -> None:
    """Close a round: no more values can be saved or submitted."""
    with context() as ctx:
        ctx.require_schema()
        changed = rounds.close_round(ctx, acting_user(ctx, as_), code)
    out.print(f"round {code} {'closed' if changed else 'was already closed'}", markup=False)


@round_app.command("remind")
@guarded
def remind(
    code: Annotated[str, typer.Argument(help="Round code.")],
    unit: Annotated[
        list[str] | None, typer.Option("--unit", help="A unit code (repeat; default: every unit not yet submitted).")
    ] = None,
    note: Annotated[str, typer.Option("--note", help="What the reminder says.")] = "",
    as_: AsOption = None,
) -> None:
    """Record a reminder (催报) to units that have not submitted."""
    with context() as ctx:
        ctx.require_schema()
        units = unit or [u.unit_code for u in rounds.round_status(ctx, code).units]
        sent = rounds.remind(ctx, acting_user(ctx, as_), code, units, note)
    out.print(f"{sent} reminder{'s' if sent != 1 else ''} recorded", markup=False)


@round_app.command("submit")
@guarded
def submit(
    code: Annotated[str, typer.Argument(help="Round code.")],
    unit: Annotated[str, typer.Option("--unit", help="The unit whose submission it is.")],
    as_: AsOption = None,
) -> None:
    """Submit a unit's saved values for approval."""
    with context() as ctx:
        ctx.require_schema()
        sub = rounds.submit(ctx, acting_user(ctx, as_), code, unit)
    out.print(f"{code}/{unit}: {sub.state}", markup=False)


def _decide(action: str, code: str, unit: str, comment: str, as_: str | None) -> None:
    with context() as ctx:
        ctx.require_schema()
        user = acting_user(ctx, as_)
        if action == "approve":
            sub = rounds.approve(ctx, user, code, unit, comment)
        elif action == "return":
            sub = rounds.return_submission(ctx, user, code, unit, comment)
        else:
            sub = rounds.reopen(ctx, user, code, unit, comment)
    out.print(f"{code}/{unit}: {sub.state}", markup=False)


UnitOption = Annotated[str, typer.Option("--unit", help="The unit whose submission it is.")]


@round_app.command("approve")
@guarded
def approve(
    code: Annotated[str, typer.Argument(help="Round code.")],
    unit: UnitOption,
    comment: Annotated[str, typer.Option("--comment", help="An approval comment.")] = "",
    as_: AsOption = None,
) -> None:
    """Approve a submission at the level it awaits (the final approval locks it)."""
    _decide("approve", code, unit, comment, as_)


@round_app.command("return")
@guarded
def return_(
    code: Annotated[str, typer.Argument(help="Round code.")],
    unit: UnitOption,
    comment: Annotated[str, typer.Option("--comment", help="What the unit must fix (required).")],
    as_: AsOption = None,
) -> None:
    """Return a submission to its unit with a comment."""
    _decide("return", code, unit, comment, as_)


@round_app.command("reopen")
@guarded
def reopen(
    code: Annotated[str, typer.Argument(help="Round code.")],
    unit: UnitOption,
    reason: Annotated[str, typer.Option("--reason", help="Why approved data is reopened (required, audited).")],
    as_: AsOption = None,
) -> None:
    """Reopen an approved (locked) submission: administrators only."""
    _decide("reopen", code, unit, reason, as_)


@round_app.command("rules")
@guarded
def rules(
    plan: PlanOption = None,
    set_: Annotated[
        Path | None,
        typer.Option("--set", help="A YAML or JSON file with jump_share, ranges and ranking: replaces the rules."),
    ] = None,
    as_: AsOption = None,
) -> None:
    """Show the plan's reporting rules (ranges, the jump share, the ranking weights), or replace them."""
    with context() as ctx:
        ctx.require_schema()
        plan_code = plan or rounds.default_plan(ctx)
        if set_ is not None:
            loaded = yaml.safe_load(set_.read_text(encoding="utf-8")) or {}
            if not isinstance(loaded, dict):
                raise InvalidInput([Problem(Location(set_.name), "须为映射：jump_share、ranges、ranking")])
            changed = rounds.set_reporting_rules(ctx, acting_user(ctx, as_), plan_code, loaded, set_.name)
            out.print(f"rules of {plan_code} {'replaced' if changed else 'unchanged'}", markup=False)
            return
        stored = rounds.reporting_rules_of(ctx, plan_code)
    out.print(yaml.safe_dump(stored, allow_unicode=True, sort_keys=False) if stored else "{}  # defaults", markup=False)
