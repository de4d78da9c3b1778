"""``luoshi report ...``: the reports people file; ``luoshi report narrative`` prints the 数说 narrative."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from luoshi.cli import report_evaluation, report_rounds
from luoshi.cli.common import context
from luoshi.cli.console import guarded
from luoshi.services.narrative import plan_narrative

report_app = typer.Typer(
    help="Reports (数说, evaluation, unit round reports, 督查通报) written from the stored data.", no_args_is_help=True
)
report_app.command(name="evaluation")(report_evaluation.evaluation)
report_app.command(name="unit")(report_rounds.unit)
report_app.command(name="supervision")(report_rounds.supervision)


class NarrativeFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@report_app.command("narrative")
@guarded
def narrative(
    plan: Annotated[str | None, typer.Option("--plan", help="Plan code; default: the only plan.")] = None,
    goal: Annotated[str | None, typer.Option("--goal", help="Only this goal (code) and its subtree.")] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="Only the indicators this unit (name or code) owns.")
    ] = None,
    indicator: Annotated[str | None, typer.Option("--indicator", help="Only this indicator (name or code).")] = None,
    year: Annotated[
        int | None, typer.Option("--year", min=1900, max=2100, help="As of this year: figures up to it.")
    ] = None,
    output: Annotated[
        NarrativeFormat, typer.Option("--format", help="text, or json with each sentence's figures and sources.")
    ] = NarrativeFormat.TEXT,
    simulated: Annotated[
        bool, typer.Option("--simulated", help="Use simulated figures where no real one exists (marked 模拟).")
    ] = False,
) -> None:
    """Print the 数说 narrative: the figures in the sentences a district's paper prints."""
    with context() as ctx:
        ctx.require_schema()
        view = plan_narrative(
            ctx, plan, goal=goal, unit=unit, indicator=indicator, year=year, include_simulated=simulated
        )
    if output is NarrativeFormat.JSON:
        typer.echo(json.dumps(view.model_dump(mode="json"), ensure_ascii=False, indent=1))
    else:
        typer.echo(view.text, nl=False)
