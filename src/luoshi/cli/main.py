"""The ``luoshi`` command: one Typer app; each group of commands lives in its own module."""

from __future__ import annotations

import typer

from luoshi import __version__
from luoshi.cli import (
    assess,
    audit_log,
    db,
    extract,
    plan,
    project,
    report,
    review,
    rounds,
    serve,
    sheets,
    supervise,
    unit,
    user,
)

app = typer.Typer(
    name="luoshi",
    help="luoshi (落实): run a development plan — plan tree, indicators against targets, gaps, reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def root() -> None:
    """luoshi (落实): run a development plan — plan tree, indicators against targets, gaps, reports.

    The database is LUOSHI_DATABASE_URL (default sqlite:///./luoshi.db).
    """


@app.command()
def version() -> None:
    """Print luoshi's version."""
    typer.echo(__version__)


app.command()(db.init)
app.command()(db.backup)
app.command()(db.restore)
app.add_typer(db.db_app, name="db")
app.add_typer(plan.plan_app, name="plan")
app.command()(serve.serve)
app.command()(serve.demo)
app.add_typer(unit.unit_app, name="unit")
app.add_typer(user.user_app, name="user")
app.add_typer(user.token_app, name="token")
app.command()(assess.assess)
app.command()(assess.audit)
app.command(name="extract")(extract.extract)
app.add_typer(review.ingest_app, name="ingest")
app.add_typer(review.review_app, name="review")
app.add_typer(rounds.round_app, name="round")
app.add_typer(sheets.sheet_app, name="sheet")
app.add_typer(supervise.supervise_app, name="supervise")
app.add_typer(report.report_app, name="report")
app.add_typer(audit_log.audit_app, name="audit-log")
app.add_typer(project.project_app, name="project")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
