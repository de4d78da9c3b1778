"""``luoshi user add|list|passwd|reset-2fa`` and ``luoshi token create|list|revoke``."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import Annotated

import typer
from rich.table import Table

from luoshi.cli.common import context
from luoshi.cli.console import fail, guarded, out
from luoshi.domain.account import ROLE_LABELS, Role
from luoshi.services import accounts, two_factor

user_app = typer.Typer(help="Accounts: who may read and write what.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for machine clients (Authorization: Bearer ...).", no_args_is_help=True)


ROLE_HELP = (
    "admin (系统管理员), security_admin (安全管理员), auditor (审计管理员), planner, reviewer, reporter, "
    "unit_head, supervisor or viewer."
)


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            fail("no password on standard input")
        return password
    password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    return str(password)


@user_app.command("add")
@guarded
def user_add(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[
        Role,
        typer.Option(
            "--role",
            help=ROLE_HELP,
        ),
    ],
    unit: Annotated[str | None, typer.Option("--unit", help="Unit code (required for a reporter).")] = None,
    display_name: Annotated[str, typer.Option("--display-name", help="Name shown in the app.")] = "",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
    permanent: Annotated[
        bool, typer.Option("--permanent", help="The user chose this password: no change at the first login.")
    ] = False,
) -> None:
    """Create an account (the user must change the password at the first login, unless --permanent)."""
    with context() as ctx:
        ctx.require_schema()
        user = accounts.add_user(
            ctx,
            name,
            role,
            read_password(password_stdin),
            unit_code=unit,
            display_name=display_name,
            temporary=not permanent,
        )
        out.print(f"user {user.name} added: {ROLE_LABELS[user.role]}{f'，{user.unit_code}' if user.unit_code else ''}")
        if not permanent:
            out.print("the password must be changed at the first login")


@user_app.command("list")
@guarded
def user_list() -> None:
    """List the accounts."""
    with context() as ctx:
        ctx.require_schema()
        table = Table("name", "display name", "role", "unit", "active")
        for u in accounts.users(ctx):
            table.add_row(
                u.name,
                u.display_name,
                f"{u.role.value} ({ROLE_LABELS[u.role]})",
                u.unit_code or "",
                "yes" if u.active else "no",
            )
        out.print(table)


@user_app.command("passwd")
@guarded
def user_passwd(
    name: Annotated[str, typer.Argument(help="Login name.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
    permanent: Annotated[
        bool, typer.Option("--permanent", help="The user chose this password: no change at the next login.")
    ] = False,
) -> None:
    """Set an account's password (ends its sessions; to be changed at the next login, unless --permanent)."""
    with context() as ctx:
        ctx.require_schema()
        accounts.set_password(ctx, name, read_password(password_stdin), temporary=not permanent)
        out.print(f"password of {name} changed; its sessions ended")


@user_app.command("reset-2fa")
@guarded
def user_reset_two_factor(name: Annotated[str, typer.Argument(help="Login name.")]) -> None:
    """Remove an account's second factor (a lost phone): its sessions end and it enrols again at the next login."""
    with context() as ctx:
        ctx.require_schema()
        removed = two_factor.reset(ctx, name)
        what = "second factor removed" if removed else "had no second factor"
        out.print(f"{name}: {what}; its sessions ended")


@token_app.command("create")
@guarded
def token_create(
    name: Annotated[str, typer.Argument(help="The user the token acts as.")],
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "",
    days: Annotated[
        int | None, typer.Option("--days", min=1, help="Days the token is valid (default: LUOSHI_TOKEN_DAYS).")
    ] = None,
) -> None:
    """Create a bearer token and print it (it is shown only this once)."""
    with context() as ctx:
        ctx.require_schema()
        token = accounts.create_token(ctx, name, label, life=timedelta(days=days) if days else None)
        typer.echo(token)


@token_app.command("list")
@guarded
def token_list() -> None:
    """List API tokens (not their values, which are not kept)."""
    with context() as ctx:
        ctx.require_schema()
        table = Table("id", "user", "label", "created", "last used", "expires", "revoked")
        for i, user, label, created, last, revoked, expires in accounts.tokens(ctx):
            table.add_row(str(i), user, label, created, last or "", expires or "never", "yes" if revoked else "")
        out.print(table)


@token_app.command("revoke")
@guarded
def token_revoke(token_id: Annotated[int, typer.Argument(help="Token id from `luoshi token list`.")]) -> None:
    """Revoke an API token."""
    with context() as ctx:
        ctx.require_schema()
        accounts.revoke_token(ctx, token_id)
        out.print(f"token {token_id} revoked")
