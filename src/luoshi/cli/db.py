"""``luoshi init``, ``luoshi db upgrade``, ``luoshi backup`` and ``luoshi restore``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli.common import EncodingOption, context
from luoshi.cli.console import guarded, out
from luoshi.cli.plan import print_demo_accounts, report_load
from luoshi.cli.user import read_password
from luoshi.domain.account import Role
from luoshi.services import accounts
from luoshi.services import backup as backup_service
from luoshi.services.demo import load_demo
from luoshi.services.plans import init_database

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


@guarded
def init(
    demo: Annotated[bool, typer.Option("--demo", help="Also load the bundled Pingcheng demo plan.")] = False,
    simulation: Annotated[
        bool, typer.Option("--simulation/--no-simulation", help="With --demo: add the simulated 2021-2024 scenario.")
    ] = True,
    admin: Annotated[
        str | None,
        typer.Option("--admin", help="Create this administrator, asking for its password on the terminal."),
    ] = None,
) -> None:
    """Create the database (or upgrade it to the newest schema); with --demo load the Pingcheng plan.

    Without --demo no account is made with a known password: --admin NAME asks for the first
    administrator's password on the terminal (or reads it from standard input when that is not a terminal).
    """
    with context() as ctx:
        with out.status("creating or upgrading the database schema ..."):
            before, after = init_database(ctx)
        out.print(
            f"database {ctx.engine.url.render_as_string(hide_password=True)}: schema "
            f"{'created' if before is None else 'upgraded' if before != after else 'up to date'} ({after})"
        )
        if demo:
            with out.status("loading the Pingcheng demo plan ..."):
                result, _created = load_demo(ctx, simulation=simulation)
            report_load(result)
            print_demo_accounts()
        if admin:
            password = read_password(not sys.stdin.isatty())
            accounts.add_user(ctx, admin, Role.ADMIN, password, display_name="系统管理员")
            out.print(
                f"administrator {admin} added; add the 安全管理员 and the 审计管理员 (三员分立) with "
                "`luoshi user add NAME --role security_admin` and `luoshi user add NAME --role auditor`"
            )
        elif not demo and not accounts.users(ctx):
            out.print(
                "no account yet: create the first administrator with `luoshi init --admin NAME` "
                "(it asks for the password on the terminal)"
            )


@db_app.command("upgrade")
@guarded
def db_upgrade() -> None:
    """Upgrade the database schema to the newest revision."""
    with context() as ctx:
        before, after = init_database(ctx)
        out.print(f"schema {'up to date' if before == after else f'upgraded from {before}'} at {after}")


@guarded
def backup(file: Annotated[Path, typer.Argument(help="Backup file to write (.json or .json.gz).")]) -> None:
    """Write the whole database to a portable backup file."""
    with context() as ctx:
        with out.status("writing the backup ..."):
            counts = backup_service.backup(ctx, file)
        out.print(f"backup written to {file}: {sum(counts.values())} rows in {len(counts)} tables")


@guarded
def restore(
    file: Annotated[Path, typer.Argument(help="Backup file written by `luoshi backup`.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before replacing the database content.")] = False,
    encoding: EncodingOption = None,
) -> None:
    """Replace the database content with a backup's (one transaction: all or nothing)."""
    with context() as ctx:
        if not yes and not typer.confirm(f"replace everything in {ctx.engine.url.database} with {file}?"):
            raise typer.Exit(1)
        with out.status("restoring ..."):
            counts = backup_service.restore(ctx, file, encoding=encoding)
        out.print(f"restored {sum(counts.values())} rows in {len(counts)} tables from {file}")
