"""``luoshi unit list`` and ``luoshi unit ranking``: the government units (责任单位) and their scorecard."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from luoshi.cli.common import context
from luoshi.cli.console import guarded, out
from luoshi.services.ranking import unit_ranking
from luoshi.services.units import unit_list

unit_app = typer.Typer(help="Government units (责任单位): the list, and their ranking.", no_args_is_help=True)


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


class RankingFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


@unit_app.command("ranking")
@guarded
def ranking(
    year: Annotated[int, typer.Option("--year", min=1900, max=2100, help="The year scored.")],
    plan: Annotated[str | None, typer.Option("--plan", help="Plan code (default: the only plan).")] = None,
    output: Annotated[RankingFormat, typer.Option("--format", help="table, csv or json.")] = RankingFormat.TABLE,
    simulated: Annotated[
        bool, typer.Option("--simulated/--no-simulated", help="Count the simulated scenario's figures (default: yes).")
    ] = True,
) -> None:
    """The units' scorecard and ranking (考核排名) for a year; the rules are in docs/methodology.md."""
    with context() as ctx:
        ctx.require_schema()
        view = unit_ranking(ctx, year, plan_code=plan, include_simulated=simulated)
    criteria = list(view.labels)
    if output is RankingFormat.JSON:
        out.print(json.dumps(view.model_dump(mode="json"), ensure_ascii=False, indent=2), markup=False)
        return
    rows = [
        [
            "" if u.rank is None else str(u.rank),
            u.unit_code,
            u.unit_name,
            "" if u.score is None else f"{u.score:.1f}",
            *("" if c.rate is None else f"{c.rate:.4f}" for c in u.criteria),
        ]
        for u in view.units
    ]
    header = ["rank", "unit", "name", "score", *criteria]
    if output is RankingFormat.CSV:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return
    table = Table("名次", "单位", "得分", *(view.labels[c] for c in criteria), title=f"{view.year}年单位考核排名")
    for r in rows:
        table.add_row(r[0], r[2], r[3], *(f"{float(v):.0%}" if v else "—" for v in r[4:]))
    out.print(table)
