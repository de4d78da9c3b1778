"""``luoshi sheet template|import``: a unit's reporting spreadsheet for a round, out and back in."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli.common import context
from luoshi.cli.console import err, fail, guarded, out
from luoshi.cli.rounds import AsOption, acting_user
from luoshi.services import sheets

sheet_app = typer.Typer(
    help="Reporting spreadsheets: a unit's template for a round, and its upload.", no_args_is_help=True
)

#: uploads larger than this are refused before they are read
MAX_SHEET_MB = 100


class CsvEncoding(StrEnum):
    UTF8 = "utf-8"
    GBK = "gbk"


@sheet_app.command("template")
@guarded
def template(
    unit: Annotated[str, typer.Option("--unit", help="The unit code whose template it is.")],
    output: Annotated[Path, typer.Option("--output", help="Where to write it: FILE.xlsx, or FILE.csv for CSV.")],
    round_: Annotated[
        str | None, typer.Option("--round", help="Round code (default: the newest open round the unit owes).")
    ] = None,
    encoding: Annotated[
        CsvEncoding, typer.Option("--encoding", help="For a .csv output: utf-8 or gbk.")
    ] = CsvEncoding.UTF8,
) -> None:
    """Write a unit's template for a round, pre-filled with its indicators, units, periods and last values."""
    as_csv = output.suffix.lower() == ".csv"
    with context() as ctx:
        ctx.require_schema()
        made = sheets.template(
            ctx, unit, round_, csv_encoding=("utf-8-sig" if encoding is CsvEncoding.UTF8 else "gbk") if as_csv else None
        )
    output.write_bytes(made.content)
    out.print(f"{output}: template of {made.file_name.rsplit('.', 1)[0]}", markup=False)


@sheet_app.command("import")
@guarded
def import_(
    file: Annotated[Path, typer.Argument(help="A filled-in template: .xlsx, or .csv in UTF-8 or GBK.")],
    round_: Annotated[str | None, typer.Option("--round", help="Refuse the file unless it is this round's.")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Refuse the file unless it is this unit's.")] = None,
    as_: AsOption = None,
) -> None:
    """Read a filled-in template into its unit's draft: all or nothing (exit 2 and nothing written on any
    problem, each named by sheet, row and column); the same file again changes nothing."""
    size = file.stat().st_size
    if size > MAX_SHEET_MB * 1_000_000:
        fail(f"{file}: {size / 1e6:.0f} MB is larger than {MAX_SHEET_MB} MB")
    data = file.read_bytes()
    with context() as ctx:
        ctx.require_schema()
        result = sheets.import_sheet(ctx, acting_user(ctx, as_), data, file.name, round_code=round_, unit_code=unit)
    for warning in result.warnings:
        err.print(f"warning: {warning}", markup=False, highlight=False)
    what = f"{result.changed} changed" if result.changed else "nothing changed"
    where = f"{result.round_code}/{result.unit_code}"
    out.print(f"{file.name}: {result.values} values, {result.reports} task reports for {where}; {what}", markup=False)
