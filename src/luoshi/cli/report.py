"""``luoshi report ...``: documents made from the data."""

from __future__ import annotations

import typer

from luoshi.cli import report_evaluation

report_app = typer.Typer(help="Reports made from the data: the evaluation report.", no_args_is_help=True)
report_app.command(name="evaluation")(report_evaluation.evaluation)
