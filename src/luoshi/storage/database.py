"""Engines, sessions and schema migrations.

``make_engine(url)`` is a factory (no import-time engine). SQLite runs in WAL mode with foreign keys
on; PostgreSQL through psycopg 3. ``upgrade(engine)`` brings the schema to the newest Alembic revision.

Transactions. Readers get one consistent snapshot for all their queries: ``REPEATABLE READ`` on
PostgreSQL, and on SQLite a real ``BEGIN`` (Python's sqlite3 module would otherwise run each SELECT in a
transaction of its own, each seeing a different state). Writers on SQLite begin with ``BEGIN IMMEDIATE``:
they queue for the write lock (``busy_timeout``) when they start, rather than failing with "database is
locked" when a read transaction tries to become a write transaction after another writer committed.
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
from sqlalchemy import Connection, Engine, create_engine, event
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
        event.listen(engine, "begin", _sqlite_begin)
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
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
    # SQLAlchemy emits BEGIN itself (below), so that reads run in a transaction too
    dbapi_connection.isolation_level = None


#: execution option of writing connections: on SQLite they begin with BEGIN IMMEDIATE
WRITE_OPTION = "luoshi_write"


def _sqlite_begin(connection: Connection) -> None:
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for writing transactions (BEGIN IMMEDIATE on SQLite; READ COMMITTED on PostgreSQL)."""
    return sessionmaker(engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False)


def snapshot_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for reading: every query of one transaction sees the same committed state."""
    if engine.dialect.name == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
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
