"""``luoshi unit list``: the government units (责任单位)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from luoshi.cli.common import context
from luoshi.cli.console import guarded, out
from luoshi.services.units import unit_list

unit_app = typer.Typer(help="Government units (责任单位): the list.", no_args_is_help=True)


class UnitListFormat(StrEnum):
    NAMES = "names"
    TABLE = "table"
    JSON = "json"


@unit_app.command("list")
@guarded
def list_units(
    plan: Annotated[
        str | None, typer.Option("--plan", help="Only the units of this plan (code); default: every unit.")
    ] = None,
    output: Annotated[
        UnitListFormat,
        typer.Option("--format", help="names (one name a line), table, or json (code, name, region, counts)."),
    ] = UnitListFormat.NAMES,
) -> None:
    """List the units: by default one name a line and nothing else, for scripts."""
    with context() as ctx:
        ctx.require_schema()
        units = unit_list(ctx, plan_code=plan).units
    if output is UnitListFormat.NAMES:
        for u in units:
            typer.echo(u.name)
    elif output is UnitListFormat.JSON:
        typer.echo(json.dumps([u.model_dump(mode="json") for u in units], ensure_ascii=False, indent=1))
    else:
        table = Table("code", "name", "region", "tasks led", "indicators owned", title="责任单位 units")
        for u in units:
            table.add_row(u.code, u.name, u.region, str(u.tasks_led), str(u.indicators_owned))
        console = out if out.is_terminal else Console(file=out.file, width=200, highlight=False)
        console.print(table)
