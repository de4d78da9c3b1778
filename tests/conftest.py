"""Shared fixtures: databases (SQLite always; PostgreSQL when reachable, and always under CI=true)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from luoshi.services.context import Context
from luoshi.services.plans import init_database
from tests.demo_db import DemoDatabases

FIXTURES = Path(__file__).parent / "fixtures"
POSTGRES_URL = os.environ.get("LUOSHI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _postgres_available() -> str | None:
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except OperationalError as exc:
        return str(exc).splitlines()[0]


_PG_PROBLEM: str | bool | None = False  # False: not probed yet


def require_postgres() -> None:
    """Skip (or fail in CI) unless the PostgreSQL test server answers."""
    global _PG_PROBLEM
    if _PG_PROBLEM is False:
        _PG_PROBLEM = _postgres_available()
    if _PG_PROBLEM:
        message = f"PostgreSQL not reachable at {POSTGRES_URL}: {_PG_PROBLEM}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def postgres_url_for_test() -> str:
    """A URL on a fresh, private schema of the PostgreSQL test database; skip (or fail in CI) without one."""
    require_postgres()
    schema = f"luoshi_t_{uuid.uuid4().hex[:10]}"
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"


def drop_postgres_schema(url: str) -> None:
    schema = url.rsplit("%3D", 1)[1]
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind (no schema yet)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'luoshi.db'}"
        return
    url = postgres_url_for_test()
    try:
        yield url
    finally:
        drop_postgres_schema(url)


@pytest.fixture
def ctx(database_url: str) -> Iterator[Context]:
    """A service context on an empty database with the newest schema."""
    context = Context.from_url(database_url, actor="tester")
    init_database(context)
    try:
        yield context
    finally:
        context.dispose()


@pytest.fixture(scope="session")
def demo_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoDatabases]:
    """The demo databases built once per session (on first use, by kind), to copy for each test."""
    databases = DemoDatabases(tmp_path_factory.mktemp("demo_databases"), POSTGRES_URL)
    try:
        yield databases
    finally:
        databases.close()


def _demo_context(request: pytest.FixtureRequest, tmp_path: Path, simulation: bool) -> Iterator[Context]:
    kind = request.param
    if kind == "postgresql":
        require_postgres()
    databases: DemoDatabases = request.getfixturevalue("demo_databases")
    url = databases.copy(kind, simulation, tmp_path)
    context = Context.from_url(url, actor="tester")
    try:
        yield context
    finally:
        context.dispose()
        databases.drop(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_ctx(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Context]:
    """A service context on this test's own copy of the whole demo (plan, simulated scenario, reporting
    rounds, accounts), on each kind of database: ``load_demo`` on the ``ctx`` fixture, but built once."""
    yield from _demo_context(request, tmp_path, simulation=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_plan_ctx(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Context]:
    """As ``demo_ctx`` without the simulation: ``load_demo(ctx, simulation=False)``."""
    yield from _demo_context(request, tmp_path, simulation=False)


@pytest.fixture
def mini_plan() -> Path:
    return FIXTURES / "plans" / "mini.yaml"
