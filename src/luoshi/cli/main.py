"""The ``luoshi`` command: one Typer app; each group of commands lives in its own module."""

from __future__ import annotations

import typer

from luoshi import __version__

app = typer.Typer(
    name="luoshi",
    help="luoshi (落实): run a development plan — plan tree, indicators against targets, gaps, reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def root() -> None:
    """luoshi (落实): run a development plan — plan tree, indicators against targets, gaps, reports."""


@app.command()
def version() -> None:
    """Print luoshi's version."""
    typer.echo(__version__)


from luoshi.cli.extract import extract  # noqa: E402  (one block per command group, for easy merges)

app.command(name="extract")(extract)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
