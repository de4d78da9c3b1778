"""``luoshi audit-log verify|export|archive``: the audit trail's hash chain checked, exported, archived."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli.common import context
from luoshi.cli.console import EXIT_FAILURE, fail, guarded, out
from luoshi.services import audit_trail

audit_app = typer.Typer(
    help="The audit log's hash chain: verify it, export it (CSV, signed JSON), archive old entries.",
    no_args_is_help=True,
)


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"--before: {value!r} is not a date (YYYY-MM-DD)")


@audit_app.command("verify")
@guarded
def verify() -> None:
    """Check every entry's hash and its link to the one before; exit 1 naming the first broken entry."""
    with context() as ctx:
        verdict = audit_trail.verify(ctx)
    if verdict.finding is not None:
        out.print(f"audit chain BROKEN after {verdict.checked} intact entries")
        out.print(audit_trail.describe(verdict.finding))
        raise typer.Exit(EXIT_FAILURE)
    out.print(f"audit chain intact: {verdict.checked} entries, head seq {verdict.head_seq} hash {verdict.head_hash}")


@audit_app.command("export")
@guarded
def export(
    output: Annotated[Path, typer.Option("--output", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="csv, or json (signed with LUOSHI_AUDIT_EXPORT_KEY).")] = "json",
    before: Annotated[str | None, typer.Option("--before", help="Only entries written before this day.")] = None,
) -> None:
    """Export the audit log (all of it, or the entries before a day) and record the export."""
    if fmt not in ("csv", "json"):
        fail(f"--format: {fmt!r} is neither csv nor json")
    with context() as ctx:
        done = audit_trail.export(ctx, "csv" if fmt == "csv" else "json", output, before=_day(before))
    out.print(
        f"{done.count} entries (seq {done.first_seq} to {done.last_seq}) written to {done.path} "
        f"({done.format}); last hash {done.last_hash}; file sha256 {done.sha256}"
    )


@audit_app.command("archive")
@guarded
def archive(
    before: Annotated[str, typer.Option("--before", help="Remove entries written before this day (YYYY-MM-DD).")],
    confirm: Annotated[bool, typer.Option("--confirm", help="Really remove them (an export must cover them).")] = False,
) -> None:
    """Remove entries older than the retention period that an export covered; verify goes on from a checkpoint.

    Acts as LUOSHI_ACTOR, which must be an administrator's account."""
    day = _day(before)
    assert day is not None
    if not confirm:
        fail("archive removes audit entries: add --confirm (after `luoshi audit-log export --before ...`)")
    with context() as ctx:
        done = audit_trail.archive(ctx, before=day)
    out.print(
        f"{done.count} entries archived through seq {done.through_seq} ({datetime.now().date()}); "
        f"checkpoint hash {done.through_hash}"
    )
