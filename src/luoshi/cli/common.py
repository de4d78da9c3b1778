"""Options and the service context shared by the commands."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError

from luoshi.cli.console import fail
from luoshi.config import Settings
from luoshi.services.context import Context

PlanOption = Annotated[str | None, typer.Option("--plan", help="Plan code (default: the only plan in the database).")]
EncodingOption = Annotated[
    str | None,
    typer.Option("--encoding", help="Encoding of the files read, e.g. gbk or utf-8 (default: detected, UTF-8 or GBK)."),
]


def settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        fail("; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors()))


def context(database_url: str | None = None) -> Context:
    """The service context for ``database_url`` or LUOSHI_DATABASE_URL."""
    s = settings()
    if database_url is not None:
        try:
            s = Settings(database_url=database_url, actor=s.actor)
        except ValidationError as exc:
            fail("; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors()))
    return Context.from_settings(s)
