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

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, Table, create_engine, event
from sqlalchemy.engine import URL, Dialect, make_url
from sqlalchemy.exc import DBAPIError
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


def insert_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many new rows into ``table`` at once, in the transaction of ``connection``.

    Every row gives the same columns, among them each column with a Python-side default (none is
    computed here); the columns left out take their server default or NULL. Values are converted as
    SQLAlchemy converts them for the dialect (JSON to text, dates to SQLite's text, ...), then sent with
    one ``COPY ... FROM STDIN`` on PostgreSQL and one ``executemany`` of the compiled INSERT elsewhere.
    A Core or ORM insert of the same rows runs SQLAlchemy's per-row parameter machinery, which costs
    SQLite as much time again as the database's own work, and on PostgreSQL sends one statement per
    row: a plan file's 10,000 figures and their 10,000 audit entries took two and a half times as long
    that way. Driver errors come out as SQLAlchemy's (IntegrityError, OperationalError, ...), as from
    any statement.
    """
    if not rows:
        return
    keys = list(rows[0])
    unknown = set(keys) - set(table.c.keys())
    defaulted = [c.key for c in table.columns if c.default is not None and c.key not in keys]
    if unknown or defaulted:
        raise ValueError(f"rows for {table.name}: unknown columns {sorted(unknown)}, defaults left out {defaulted}")
    dialect = connection.dialect
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy_rows(connection, table, keys, _converted(dialect, table, keys, rows))
        return
    compiled = table.insert().compile(dialect=dialect, column_keys=keys, for_executemany=True)
    if compiled.positional:
        order = list(compiled.positiontup or ())
        connection.exec_driver_sql(compiled.string, list(_converted(dialect, table, order, rows)))
    else:
        names = [compiled.escaped_bind_names.get(key, key) for key in keys]
        values = _converted(dialect, table, keys, rows)
        connection.exec_driver_sql(compiled.string, [dict(zip(names, v, strict=True)) for v in values])


def _converted(
    dialect: Dialect, table: Table, keys: list[str], rows: Sequence[Mapping[str, Any]]
) -> Iterator[tuple[Any, ...]]:
    """The rows' values of ``keys``, in that order, as the dialect's driver takes them (column by column,
    each through its type's bind processor if it has one)."""
    columns = []
    for key in keys:
        column = [row[key] for row in rows]
        process = table.c[key].type.dialect_impl(dialect).bind_processor(dialect)
        columns.append(column if process is None else list(map(process, column)))
    return zip(*columns, strict=True)


def _copy_rows(connection: Connection, table: Table, keys: list[str], values: Iterator[tuple[Any, ...]]) -> None:
    """``COPY table (keys) FROM STDIN`` through psycopg, inside the connection's transaction."""
    dialect = connection.dialect
    quote = dialect.identifier_preparer
    columns = ", ".join(quote.format_column(table.c[key]) for key in keys)
    sql = f"COPY {quote.format_table(table)} ({columns}) FROM STDIN"
    dbapi_error = dialect.loaded_dbapi.Error
    cursor: Any = connection.connection.cursor()
    try:
        with cursor.copy(sql) as copy:
            for row_values in values:
                copy.write_row(row_values)
    except dbapi_error as exc:
        raise DBAPIError.instance(sql, None, exc, dbapi_error, dialect=dialect) from exc
    finally:
        cursor.close()


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
