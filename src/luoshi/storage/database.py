"""Engines, sessions and schema migrations.

``make_engine(url)`` is a factory (no import-time engine). SQLite runs in WAL mode with foreign keys
on; PostgreSQL through psycopg 3. ``upgrade(engine)`` brings the schema to the newest Alembic revision.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")
#: connections kept open, and opened beyond that under load (the web server runs up to 40 request threads)
POOL_SIZE = 10
POOL_OVERFLOW = 30


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """Create an engine for a SQLite or PostgreSQL URL, with luoshi's connection settings.

    >>> make_engine("sqlite:///:memory:").dialect.name
    'sqlite'
    """
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        if database and database != ":memory:":
            kwargs.setdefault("pool_size", POOL_SIZE)
            kwargs.setdefault("max_overflow", POOL_OVERFLOW)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", POOL_SIZE)
    kwargs.setdefault("max_overflow", POOL_OVERFLOW)
    return create_engine(url, **kwargs)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work commits when the block ends and rolls back entirely on any error."""
    with factory() as session, session.begin():
        yield session


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config(create_engine("sqlite://")))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str]:
    """Upgrade the schema to ``revision``; returns (revision before, revision after)."""
    before = current_revision(engine)
    command.upgrade(alembic_config(engine), revision)
    after = current_revision(engine)
    assert after is not None
    return before, after
