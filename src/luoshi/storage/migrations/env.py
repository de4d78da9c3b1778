"""Alembic environment: runs migrations on the engine luoshi hands over (no alembic.ini, no URL here)."""

from __future__ import annotations

from alembic import context

from luoshi.storage.tables import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # pragma: no cover - luoshi always passes its engine
    raise RuntimeError("luoshi migrations run through luoshi.storage.database.upgrade(engine)")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
