"""``luoshi project import|export|lagging``: the key-project register (重点项目) on the command line.

Everything happens in :mod:`luoshi.services.projects`; these commands read options, print, and turn
errors into exit codes (2 for bad input: nothing is written, each problem named by file, sheet, row, column).

    luoshi project import 2024年重点项目.xlsx
    luoshi project export --output 重点项目.xlsx
    luoshi project lagging --month 2024-06
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli.common import context
from luoshi.cli.console import fail, guarded, out
from luoshi.cli.rounds import AsOption, acting_user
from luoshi.services import projects

project_app = typer.Typer(help="Key projects (重点项目): the register, lagging projects.", no_args_is_help=True)

#: registers larger than this are refused before they are read
MAX_REGISTER_MB = 100
MonthOption = Annotated[str | None, typer.Option("--month", help="The month YYYY-MM (default: this month).")]
DayOption = Annotated[
    datetime | None, typer.Option("--on", formats=["%Y-%m-%d"], help="Date stage changes (default: today).")
]


def _month(value: str | None) -> str | None:
    if value is not None and projects.MONTH_PATTERN.match(value) is None:
        raise typer.BadParameter(f"{value!r} is not a month YYYY-MM", param_hint="--month")
    return value


@project_app.command("import")
@guarded
def import_(
    file: Annotated[Path, typer.Argument(help="The register: .xlsx with sheet 重点项目.")],
    on: DayOption = None,
    as_: AsOption = None,
) -> None:
    """Import the register: all or nothing; a project is created or updated by its code, a changed stage
    is a stage change dated --on; the same file again changes nothing."""
    size = file.stat().st_size
    if size > MAX_REGISTER_MB * 1_000_000:
        fail(f"{file}: {size / 1e6:.0f} MB is larger than {MAX_REGISTER_MB} MB")
    with context() as ctx:
        ctx.require_schema()
        user = acting_user(ctx, as_) if as_ is not None else None
        done = projects.import_register(ctx, user, file.read_bytes(), file.name, on=on.date() if on else None)
    what = f"{done.created} created, {done.updated} updated, {done.stage_changes} stage changes"
    out.print(
        f"{file.name}: {done.projects} projects; {what}"
        if done.version
        else f"{file.name}: {done.projects} projects; nothing changed",
        markup=False,
    )


@project_app.command("export")
@guarded
def export(
    output: Annotated[Path, typer.Option("--output", help="Where to write the register (.xlsx).")],
    year: Annotated[int | None, typer.Option("--year", help="Whose annual plan to write (default: newest).")] = None,
) -> None:
    """Write the register as xlsx, in the layout `luoshi project import` reads."""
    with context() as ctx:
        ctx.require_schema()
        output.write_bytes(projects.export_register(ctx, year))
    out.print(f"{output}: register written", markup=False)


@project_app.command("lagging")
@guarded
def lagging(
    month: MonthOption = None,
    margin: Annotated[float, typer.Option("--margin", help="Points behind 序时进度 that count as lagging.")] = 0.10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the projects behind 序时进度 by more than --margin, or past their planned start without 开工."""
    with context() as ctx:
        ctx.require_schema()
        found = projects.lagging(ctx, _month(month), margin=margin)
    if as_json:
        out.print_json(json.dumps(found.model_dump(mode="json"), ensure_ascii=False))
        return
    out.print(
        f"{found.month}: {len(found.projects)} lagging projects (序时进度 {found.time_elapsed:.0%})", markup=False
    )
    for v in found.projects:
        done = "—" if v.completion is None else f"{v.completion:.0%}"
        out.print(
            f"{v.code}\t{v.unit_name}\t{v.stage_label}\t{done}\t{'；'.join(v.lag_reasons)}\t{v.name}", markup=False
        )
