"""``luoshi assess`` and ``luoshi audit``: the progress engine and the consistency audit on plain CSV files.

Statisticians use them on their own sheets, no database needed::

    luoshi assess --observations obs.csv --targets targets.csv --format table
    luoshi audit --observations obs.csv --claims claims.csv --format csv

Bad input exits with code 2 and names the file, row and column; nothing is printed to stdout then.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

from luoshi.cli.common import EncodingOption, context
from luoshi.cli.console import err, errors_to_exit, fail, out
from luoshi.engine.audit import audit_claims
from luoshi.engine.pricebasis import BASIS_NOTES
from luoshi.engine.progress import assess_many
from luoshi.ingest.sheet import growth_claims, parse_claims, parse_observations, parse_targets, series_for_assessment
from luoshi.ingest.text import read_text
from luoshi.services.progress import assess_plan, audit_plan
from luoshi.web.zh import note_zh

ASSESS_COLUMNS = (
    "indicator",
    "status",
    "observed_rate",
    "required_rate",
    "ratio",
    "completion",
    "time_elapsed",
    "score",
    "projected_value",
    "needed_rate",
)
AUDIT_COLUMNS = ("indicator", "start_year", "end_year", "claimed_rate", "computed_rate", "low", "high", "verdict")

Cell = str | int | float | list[str] | None


class OutputFormat(StrEnum):
    CSV = "csv"
    TABLE = "table"
    JSON = "json"


ObservationsOption = Annotated[
    Path | None, typer.Option("--observations", help="CSV with columns indicator,year,value.", dir_okay=False)
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="Output format.", case_sensitive=False)]


def _significant(value: float | None, fmt: OutputFormat, digits: int = 6) -> float | None:
    """For the table, a float shortened to ``digits`` significant digits (0.0418371217 -> 0.0418371);
    CSV and JSON are for machines and carry the float whole."""
    if value is None or fmt is not OutputFormat.TABLE:
        return value
    return float(f"{value:.{digits}g}")


def _decimals(value: float, fmt: OutputFormat, places: int = 4) -> float:
    """For the table, a float rounded to ``places`` decimals; CSV and JSON carry it whole."""
    return round(value, places) if fmt is OutputFormat.TABLE else value


def _render(columns: Sequence[str], rows: list[dict[str, Cell]], fmt: OutputFormat, title: str) -> None:
    """Print all rows at once (the whole text is built first, so nothing is half-printed)."""
    if fmt is OutputFormat.JSON:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt is OutputFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if r[c] is None else r[c] for c in columns] for r in rows])
        typer.echo(buffer.getvalue(), nl=False)
        return
    table = Table(title=title)
    for c in columns:
        table.add_column(c, justify="left" if c in {"indicator", "status", "verdict"} else "right")
    for r in rows:
        table.add_row(*("" if r[c] is None else str(r[c]) for c in columns))
    # a table is for reading, so it is never cut to a narrow terminal or a pipe's default 80 columns
    width = Measurement.get(out, out.options.update(width=100_000), table).maximum
    Console(file=out.file, width=max(width, out.width), highlight=False, soft_wrap=True).print(table)


def _files_or_database(command: str, options: dict[str, Path | None]) -> bool:
    """True to work on files (all given), False on the database's plan (none given); else exit 2."""
    given = [name for name, path in options.items() if path is not None]
    if given and len(given) < len(options):
        missing = " and ".join(name for name in options if name not in given)
        fail(f"{command} on files needs {missing} too (or no file options, to work on the database's plan)")
    return bool(given)


PlanOption = Annotated[
    str | None, typer.Option("--plan", help="Without files: the plan to work on (default: the only one).")
]
SimulationOption = Annotated[
    bool,
    typer.Option("--simulation/--no-simulation", help="Without files: include the simulated scenario, if any."),
]


def assess(
    observations: ObservationsOption = None,
    targets: Annotated[
        Path | None,
        typer.Option(
            "--targets",
            help="CSV with columns indicator,direction,base_year,target_year,target_value,measure.",
            dir_okay=False,
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.CSV,
    plan: PlanOption = None,
    simulation: SimulationOption = True,
    encoding: EncodingOption = None,
) -> None:
    """Where each indicator stands against its target: status, rates (as fractions), score, projection.

    With --observations and --targets: on those CSV files (UTF-8 or GBK, detected). Without: on the
    database's plan (every indicator; the JSON then also carries the roll-ups by goal, unit and plan).
    """
    if not _files_or_database("assess", {"--observations": observations, "--targets": targets}):
        _assess_database(plan, simulation, fmt)
        return
    assert observations is not None and targets is not None
    obs_path, targets_path = observations, targets
    with errors_to_exit():
        sheet = parse_observations(read_text(obs_path, encoding), str(obs_path))
        target_rows = parse_targets(read_text(targets_path, encoding), str(targets_path))
        prepared = series_for_assessment(sheet, target_rows)
        results = assess_many(prepared.series)
    rows: list[dict[str, Cell]] = []
    for code, r in zip(prepared.indicators, results, strict=True):
        row: dict[str, Cell] = {"indicator": code, "status": r.status.value}
        for column in ASSESS_COLUMNS[2:]:
            row[column] = _significant(getattr(r, column), fmt)
        if fmt is OutputFormat.JSON:
            row["warnings"] = list(r.messages)
        rows.append(row)
    _render(ASSESS_COLUMNS, rows, fmt, "progress against targets (rates as fractions)")
    for note in prepared.notes:
        err.print(f"[yellow]note:[/] {note}", markup=True, highlight=False)
    for code, r in zip(prepared.indicators, results, strict=True):
        for message in r.messages:
            err.print(f"[yellow]note:[/] {code}: {message}", markup=True, highlight=False)


def audit(
    observations: ObservationsOption = None,
    claims: Annotated[
        Path | None,
        typer.Option(
            "--claims", help="CSV with columns indicator,start_year,end_year,claimed_rate (percent).", dir_okay=False
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.CSV,
    plan: PlanOption = None,
    simulation: SimulationOption = True,
    encoding: EncodingOption = None,
) -> None:
    """Check printed growth rates against the printed levels, allowing for rounding (rates in percent).

    With --observations and --claims: on those CSV files (UTF-8 or GBK, detected). Without: every growth
    claim stored in the database's plan whose levels are stored too.
    """
    if not _files_or_database("audit", {"--observations": observations, "--claims": claims}):
        _audit_database(plan, simulation, fmt)
        return
    assert observations is not None and claims is not None
    obs_path, claims_path = observations, claims
    with errors_to_exit():
        sheet = parse_observations(read_text(obs_path, encoding), str(obs_path))
        claim_rows = parse_claims(read_text(claims_path, encoding), str(claims_path))
        checks = audit_claims(growth_claims(sheet, claim_rows, str(claims_path)))
    rows: list[dict[str, Cell]] = [
        {
            "indicator": c.claim.indicator,
            "start_year": c.claim.start_year,
            "end_year": c.claim.end_year,
            "claimed_rate": float(c.claim.claimed_rate) if fmt is OutputFormat.JSON else c.claim.claimed_rate,
            "computed_rate": _decimals(c.computed_rate, fmt),
            "low": _decimals(c.low, fmt),
            "high": _decimals(c.high, fmt),
            "verdict": c.verdict.value,
        }
        for c in checks
    ]
    _render(AUDIT_COLUMNS, rows, fmt, "growth claims against levels (rates in percent)")


def _assess_database(plan: str | None, simulation: bool, fmt: OutputFormat) -> None:
    with errors_to_exit(), context() as ctx:
        progress = assess_plan(ctx, plan, include_simulated=simulation)
    if fmt is OutputFormat.JSON:
        typer.echo(progress.model_dump_json(indent=2))
        return
    rows: list[dict[str, Cell]] = []
    for i in progress.indicators:
        row: dict[str, Cell] = {"indicator": i.code, "status": i.status}
        for column in ASSESS_COLUMNS[2:]:
            row[column] = _significant(getattr(i, column), fmt)
        row["name"] = i.name
        row["status_label"] = i.status_label
        row["change"] = i.change_text  # without a target on a small base or span: the change, not a rate
        if fmt is OutputFormat.TABLE:  # the table is for reading; CSV keeps its columns
            row["basis"] = "可比价增速" if i.judged_from_rates else ""
        rows.append(row)
    columns = (*ASSESS_COLUMNS, "name", "status_label", "change", *(("basis",) if fmt is OutputFormat.TABLE else ()))
    _render(columns, rows, fmt, f"{progress.plan_name}: progress against targets")
    for i in progress.indicators:  # where a status was judged from real growth rates (价格口径), say so
        if i.judged_from_rates:
            first, last = i.base_year, i.current_year
            err.print(f"note: {i.code}: 按可比价增速判断（{first}—{last}年逐年增速连乘）", highlight=False)
        for note in i.warnings:
            if note in BASIS_NOTES:
                err.print(f"note: {i.code}: {note_zh(note)}", highlight=False)


def _audit_database(plan: str | None, simulation: bool, fmt: OutputFormat) -> None:
    with errors_to_exit(), context() as ctx:
        result = audit_plan(ctx, plan, include_simulated=simulation)
    if fmt is OutputFormat.JSON:
        typer.echo(result.model_dump_json(indent=2))
        return
    rows: list[dict[str, Cell]] = [
        {
            "indicator": c.indicator,
            "start_year": c.start_year,
            "end_year": c.end_year,
            "claimed_rate": c.claimed_rate,
            "computed_rate": _decimals(c.computed_rate, fmt),
            "low": _decimals(c.low, fmt),
            "high": _decimals(c.high, fmt),
            "verdict": c.verdict,
            "name": c.name,
            "simulated": "yes" if c.simulated else "",
        }
        for c in result.claims
    ]
    _render((*AUDIT_COLUMNS, "name", "simulated"), rows, fmt, "growth claims against levels (rates in percent)")
    for finding in result.findings:
        err.print(f"[yellow]finding:[/] {finding.message}", markup=True, highlight=False)
