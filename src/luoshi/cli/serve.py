"""``luoshi serve`` and ``luoshi demo``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli.common import context, settings
from luoshi.cli.console import guarded, out
from luoshi.cli.plan import print_demo_accounts, report_load
from luoshi.config import Settings
from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.services.demo import load_demo
from luoshi.services.plans import init_database

HostOption = Annotated[str | None, typer.Option("--host", help="Address to listen on (default 127.0.0.1).")]
PortOption = Annotated[int | None, typer.Option("--port", help="Port (default 8000).")]
PublicOption = Annotated[
    bool | None, typer.Option("--public/--no-public", help="Serve /public without a login (LUOSHI_PUBLIC_VIEW).")
]


WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        max=64,
        help="Server processes (default 1, or LUOSHI_WORKERS); they share the database and stay consistent.",
    ),
]


def _serve(ctx: Context, s: Settings, host: str, port: int, *, public_view: bool, workers: int = 1) -> None:
    import uvicorn  # imported here: the other commands start faster without the web stack

    from luoshi.web.app import create_app

    ctx.require_schema()
    out.print(
        f"luoshi serves on [bold]http://{host}:{port}/[/] (Ctrl+C stops)"
        + (f", {workers} processes" if workers > 1 else "")
    )
    if public_view:
        out.print(f"public page (no login): http://{host}:{port}/public")
    if workers == 1:
        app = create_app(
            ctx,
            secure_cookies=s.secure_cookies,
            public_view=public_view,
            throttle=s.throttle,
            trusted_proxies=s.trusted_proxies,
            max_body_bytes=s.max_body_bytes,
        )
        # X-Forwarded-For is the app's business (LUOSHI_TRUSTED_PROXIES): uvicorn would trust 127.0.0.1's
        uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)
        return
    # each worker process builds its own app from the environment (the settings); the database is shared
    accounts.session_secret(ctx)  # made once here, so that the workers sign sessions alike
    os.environ["LUOSHI_DATABASE_URL"] = ctx.engine.url.render_as_string(hide_password=False)
    os.environ["LUOSHI_PUBLIC_VIEW"] = "1" if public_view else "0"
    ctx.dispose()
    uvicorn.run(
        "luoshi.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=False,
    )


@guarded
def serve(
    host: HostOption = None, port: PortOption = None, public: PublicOption = None, workers: WorkersOption = None
) -> None:
    """Serve the web app on the database named by LUOSHI_DATABASE_URL.

    LUOSHI_SECURE_COOKIES=1 (behind HTTPS) sends the session cookie over HTTPS only; --public or
    LUOSHI_PUBLIC_VIEW=1 serves /public, the indicators marked public, without a login. Behind a reverse
    proxy, LUOSHI_TRUSTED_PROXIES names it; the login throttle's LUOSHI_LOGIN_* settings: docs/security.md;
    LUOSHI_MAX_BODY_BYTES caps request bodies (default 25 MB).
    """
    s = settings()
    with context() as ctx:
        _serve(
            ctx,
            s,
            host or s.host,
            port or s.port,
            public_view=s.public_view if public is None else public,
            workers=workers or s.workers,
        )


@guarded
def demo(
    db: Annotated[Path, typer.Option("--db", help="SQLite file of the demo.")] = Path("luoshi-demo.db"),
    host: HostOption = None,
    port: PortOption = None,
    simulation: Annotated[
        bool, typer.Option("--simulation/--no-simulation", help="Add the simulated 2021-2024 scenario.")
    ] = True,
) -> None:
    """Create the demo database (the Pingcheng plan on SQLite) if it is absent, then serve it."""
    s = settings()
    with context(f"sqlite:///{db.resolve()}") as ctx:
        if not db.exists():
            with out.status(f"creating {db} with the Pingcheng demo plan ..."):
                init_database(ctx)
                result, _ = load_demo(ctx, simulation=simulation)
            report_load(result)
        else:
            init_database(ctx)  # bring an older demo database up to date
            out.print(f"using the existing demo database {db}")
        print_demo_accounts()
        _serve(ctx, s, host or s.host, port or s.port, public_view=True)
