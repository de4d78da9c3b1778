"""The service context: one database (engine and sessions) and who is acting. Built by a factory from
Settings; the CLI and the web app each make one and pass it to the use cases."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session, sessionmaker

from luoshi.config import Settings
from luoshi.domain.errors import DomainError
from luoshi.storage.audit import AuditLog
from luoshi.storage.database import current_revision, head_revision, make_engine, session_factory
from luoshi.storage.repository import PlanStore


class SchemaOutOfDate(DomainError):
    """The database has no schema or an older one: run ``luoshi init`` or ``luoshi db upgrade``."""


@dataclass
class Context:
    engine: Engine
    sessions: sessionmaker[Session]
    actor: str = "cli"

    @classmethod
    def from_settings(cls, settings: Settings, actor: str | None = None) -> Context:
        engine = make_engine(settings.url)
        return cls(engine, session_factory(engine), actor or settings.actor)

    @classmethod
    def from_url(cls, url: str, actor: str = "cli") -> Context:
        engine = make_engine(url)
        return cls(engine, session_factory(engine), actor)

    @contextmanager
    def unit_of_work(self, reason: str | None = None) -> Iterator[tuple[Session, PlanStore, AuditLog]]:
        """A transaction: everything inside commits together or not at all."""
        with self.sessions() as session, session.begin():
            audit = AuditLog(session, self.actor, reason)
            yield session, PlanStore(session, audit), audit
            audit.flush()

    @contextmanager
    def reading(self) -> Iterator[PlanStore]:
        """A read-only session (its transaction is rolled back at the end)."""
        self.require_schema()
        with self.sessions() as session:
            yield PlanStore(session, AuditLog(session, self.actor))

    def require_schema(self) -> None:
        revision = current_revision(self.engine)
        if revision is None:
            if inspect(self.engine).get_table_names():
                raise SchemaOutOfDate("the database has tables but no luoshi schema version")
            raise SchemaOutOfDate("the database is empty: run `luoshi init` first")
        if revision != head_revision():
            raise SchemaOutOfDate(
                f"the database schema is at {revision}, luoshi needs {head_revision()}: run `luoshi db upgrade`"
            )

    def dispose(self) -> None:
        self.engine.dispose()
