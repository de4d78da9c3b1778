"""Rows written at once (COPY on PostgreSQL, one executemany elsewhere) are stored exactly as a SQLAlchemy
insert stores them, and a natural-key clash among them is a Conflict like any other."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Table, cast, insert, select
from sqlalchemy.types import Text

from luoshi.domain.errors import Conflict
from luoshi.services.context import Context
from luoshi.services.plans import load_plan
from luoshi.storage.database import insert_rows
from luoshi.storage.tables import AuditRow, ObservationRow

pytestmark = pytest.mark.integration

AUDIT: Table = AuditRow.__table__  # type: ignore[assignment]
OBSERVATIONS: Table = ObservationRow.__table__  # type: ignore[assignment]


def stored(connection: Connection, table: Table, ids: list[int]) -> list[tuple[Any, ...]]:
    """Every column but the id as the database holds it (as text, so JSON null is not SQL NULL)."""
    columns = [cast(c, Text) for c in table.columns if c.key != "id"]
    query = select(*columns).where(table.c.id.in_(ids)).order_by(table.c.id)
    return [tuple(row) for row in connection.execute(query)]


def test_audit_entries_are_stored_as_a_core_insert_stores_them(ctx: Context) -> None:
    entries = [
        {
            "at": datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC),
            "actor": "张三",
            "action": "create",
            "object_type": "observation",
            "object_key": "p/gdp/990101:2020:level:actual",
            "plan_code": "p",
            "old": None,
            "new": {"value": 4.282e10, "note": "平城\t区\n\\N", "codes": ["a", None], "annualized": False},
            "reason": None,
            "version": 7,
        },
        {
            "at": datetime(2024, 5, 6, 7, 8, 10, tzinfo=UTC),
            "actor": "a",
            "action": "delete",
            "object_type": "target",
            "object_key": "p/gdp/level:2025",
            "plan_code": None,
            "old": {"value": 1.5},
            "new": None,
            "reason": "plan load p.yaml",
            "version": None,
        },
    ]
    with ctx.engine.begin() as connection:
        connection.execute(insert(AuditRow), entries)
        insert_rows(connection, AUDIT, entries)
        ids = list(connection.scalars(select(AUDIT.c.id).order_by(AUDIT.c.id)))
        rows = stored(connection, AUDIT, ids)
    assert len(rows) == 4
    assert rows[2:] == rows[:2]
    assert rows[0][6] == "null"  # JSON null, as the ORM and Core store None, not SQL NULL


def test_observations_are_stored_as_a_core_insert_stores_them(ctx: Context, mini_plan: Path) -> None:
    load_plan(ctx, mini_plan)
    with ctx.engine.begin() as connection:
        existing = [dict(r._mapping) for r in connection.execute(select(OBSERVATIONS).order_by(OBSERVATIONS.c.id))]
        by_core = [{k: v for k, v in r.items() if k != "id"} | {"scenario": "core"} for r in existing]
        by_rows = [{k: v for k, v in r.items() if k != "id"} | {"scenario": "rows"} for r in existing]
        connection.execute(insert(ObservationRow), by_core)
        insert_rows(connection, OBSERVATIONS, by_rows)
        core_ids = list(connection.scalars(select(OBSERVATIONS.c.id).where(OBSERVATIONS.c.scenario == "core")))
        rows_ids = list(connection.scalars(select(OBSERVATIONS.c.id).where(OBSERVATIONS.c.scenario == "rows")))
        assert len(core_ids) == len(rows_ids) == len(existing) > 0
        scenario = [c.key for c in OBSERVATIONS.columns if c.key != "id"].index("scenario")
        core = [r[:scenario] + r[scenario + 1 :] for r in stored(connection, OBSERVATIONS, core_ids)]
        mine = [r[:scenario] + r[scenario + 1 :] for r in stored(connection, OBSERVATIONS, rows_ids)]
        assert core == mine


def test_a_clash_is_a_conflict_and_nothing_is_written(ctx: Context, mini_plan: Path) -> None:
    load_plan(ctx, mini_plan)
    with ctx.engine.connect() as connection:
        row = dict(connection.execute(select(OBSERVATIONS).limit(1)).one()._mapping)
        before = len(connection.execute(select(OBSERVATIONS.c.id)).all())
    del row["id"]
    with pytest.raises(Conflict), ctx.unit_of_work(reason="clash") as uow:
        insert_rows(uow.session.connection(), OBSERVATIONS, [row | {"scenario": "new"}, row])
        uow.commit()
    with ctx.engine.connect() as connection:
        assert len(connection.execute(select(OBSERVATIONS.c.id)).all()) == before


def test_rows_must_give_the_columns_with_defaults(ctx: Context) -> None:
    with ctx.engine.begin() as connection, pytest.raises(ValueError, match="defaults left out"):
        insert_rows(connection, AUDIT, [{"actor": "a", "action": "create", "object_type": "x", "object_key": "k"}])
    with ctx.engine.begin() as connection:
        insert_rows(connection, AUDIT, [])  # nothing to write is fine
