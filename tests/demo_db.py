"""The demo database, built once per test session and database kind and copied for each test.

Loading the Pingcheng demo (the plan, its simulated scenario, four reporting rounds of 21 units, nine
accounts) takes seconds; copying a built one takes far less. A test gets its own copy, so it may write
without touching another test's data. SQLite copies the file. PostgreSQL builds the demo once in a schema
of its own, and a copy is a new schema made by the migrations (as the ``ctx`` fixture makes one) into which
every table's rows are copied from the built schema, its sequences then set past the copied keys. (A
database made with ``CREATE DATABASE ... TEMPLATE`` is quicker to make, but dropping a database forces a
checkpoint of the whole server: seconds each on a busy one.) Names carry the process id and a random part:
other test runs share the server.
"""

from __future__ import annotations

import os
import shutil
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, inspect, text

from luoshi.services.context import Context
from luoshi.services.demo import load_demo
from luoshi.services.plans import init_database
from luoshi.storage.tables import Base

#: the actor the demo is loaded as: the one the ``ctx`` fixture acts as
ACTOR = "tester"
#: the migrations' own bookkeeping, written by ``init_database`` in each schema
MIGRATIONS_TABLE = "alembic_version"


def schema_url(postgres_url: str, schema: str) -> str:
    """The URL of ``schema`` of the PostgreSQL test database (the search path set per connection)."""
    return f"{postgres_url}?options=-csearch_path%3D{schema}"


def schema_of(url: str) -> str:
    return url.rsplit("%3D", 1)[1]


class DemoDatabases:
    """Built demo databases by (kind, simulation), and copies of them."""

    def __init__(self, directory: Path, postgres_url: str) -> None:
        self.directory = directory
        self.postgres_url = postgres_url
        self._built: dict[tuple[str, bool], str] = {}
        self._built_on: dict[tuple[str, bool], date] = {}
        self._engine: Engine | None = None

    def _postgres(self) -> Engine:
        if self._engine is None:
            self._engine = create_engine(self.postgres_url)
        return self._engine

    def _create_schema(self, schema: str) -> str:
        with self._postgres().begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        return schema_url(self.postgres_url, schema)

    def _drop_schema(self, schema: str) -> None:
        with self._postgres().begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))

    def _build(self, kind: str, simulation: bool) -> str:
        """The SQLite file path or the PostgreSQL schema of a freshly loaded demo."""
        suffix = "sim" if simulation else "plain"
        if kind == "sqlite":
            path = self.directory / f"demo_{suffix}_{date.today():%Y%m%d}.db"
            url = f"sqlite:///{path}"
            built = str(path)
        else:
            built = f"luoshi_demo_{os.getpid()}_{uuid.uuid4().hex[:6]}_{suffix}"
            url = self._create_schema(built)
        ctx = Context.from_url(url, actor=ACTOR)
        try:
            init_database(ctx)
            load_demo(ctx, simulation=simulation)
        finally:
            ctx.dispose()
        if kind == "sqlite":
            assert not Path(built + "-wal").exists(), "the demo database's write-ahead log was not folded in"
        return built

    def copy(self, kind: str, simulation: bool, directory: Path) -> str:
        """The URL of a new copy of the demo database of ``kind`` (``simulation``: with the simulated scenario
        and reporting rounds), for one test to use and change; ``drop`` it after the test."""
        key, today = (kind, simulation), date.today()
        # the demo's supervision matters are dated around today: a run past midnight builds it again
        if key not in self._built or self._built_on[key] != today:
            if key in self._built and kind == "postgresql":
                self._drop_schema(self._built[key])
            self._built[key] = self._build(kind, simulation)
            self._built_on[key] = today
        built = self._built[key]
        if kind == "sqlite":
            target = directory / "demo.db"
            shutil.copyfile(built, target)
            return f"sqlite:///{target}"
        url = self._create_schema(f"luoshi_t_{os.getpid()}_{uuid.uuid4().hex[:10]}")
        ctx = Context.from_url(url, actor=ACTOR)
        try:
            init_database(ctx)
        finally:
            ctx.dispose()
        with self._postgres().begin() as connection:
            _copy_rows(connection, built, schema_of(url))
        return url

    def drop(self, url: str) -> None:
        """Drop a PostgreSQL copy (a SQLite copy goes with its test's temporary directory)."""
        if not url.startswith("sqlite"):
            self._drop_schema(schema_of(url))

    def close(self) -> None:
        """Drop the PostgreSQL schemas built."""
        for (kind, _), built in self._built.items():
            if kind == "postgresql":
                self._drop_schema(built)
        if self._engine is not None:
            self._engine.dispose()


def _copy_rows(connection: Connection, source: str, target: str) -> None:
    """Copy every row of schema ``source`` into the same tables of the freshly migrated schema ``target``
    (emptied first: the migrations may have written rows), parents before children; then set each sequence
    past the largest key copied."""
    tables = list(Base.metadata.sorted_tables)
    in_database = set(inspect(connection).get_table_names(schema=source)) - {MIGRATIONS_TABLE}
    assert in_database == {t.name for t in tables}, "the migrations and tables.py name different tables"
    for table in reversed(tables):
        connection.execute(text(f'DELETE FROM "{target}"."{table.name}"'))
    for table in tables:
        columns = ", ".join(f'"{c.name}"' for c in table.columns)
        connection.execute(
            text(f'INSERT INTO "{target}"."{table.name}" ({columns}) SELECT {columns} FROM "{source}"."{table.name}"')
        )
    serials = connection.execute(
        text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = :schema AND column_default LIKE 'nextval(%'"
        ),
        {"schema": target},
    ).all()
    for table_name, column in serials:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('\"{target}\".\"{table_name}\"', '{column}'), "
                f'coalesce(max("{column}"), 1), max("{column}") IS NOT NULL) FROM "{target}"."{table_name}"'
            )
        )
