"""The migrations create exactly the tables the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from luoshi.services.context import Context
from luoshi.services.plans import init_database
from luoshi.storage.database import current_revision, head_revision, make_engine
from luoshi.storage.tables import Base

pytestmark = pytest.mark.integration


def test_schema_matches_models(ctx: Context) -> None:
    with ctx.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
    assert current_revision(ctx.engine) == head_revision()


def test_upgrade_is_idempotent(ctx: Context) -> None:
    before, after = init_database(ctx)
    assert before == after == head_revision()


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
