"""The service context: one database (engine and sessions) and who is acting. Built by a factory from
Settings; the CLI and the web app each make one and pass it to the use cases."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from luoshi.config import Settings
from luoshi.domain.errors import DomainError
from luoshi.storage.audit import AuditLog
from luoshi.storage.database import current_revision, head_revision, make_engine, session_factory
from luoshi.storage.repository import PlanStore
from luoshi.storage.tables import AuditRow

T = TypeVar("T")


class SchemaOutOfDate(DomainError):
    """The database has no schema or an older one: run ``luoshi init`` or ``luoshi db upgrade``."""


class ReadCache:
    """Results of expensive reads, valid while the data version is unchanged (thread-safe, bounded).

    Every change to plan data writes an audit entry, so the newest audit entry is a version stamp of the
    whole database: a cached result computed at one version is reused until the stamp moves.

    One thread computes a missing (key, version) while the others asking for it wait for its result: after
    a change, 32 concurrent cockpit requests would otherwise each re-read and re-assess the whole plan
    at once (30 s for a 2,000-indicator plan instead of 2 s; benchmarks/web.py, ``cold_burst``).
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, tuple[Hashable, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[tuple[Hashable, Hashable], threading.Lock] = {}

    def _hit(self, key: Hashable, version: Hashable) -> tuple[bool, Any]:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] == version:
                self._items.move_to_end(key)
                return True, hit[1]
            return False, None

    def get(self, key: Hashable, version: Hashable, compute: Callable[[], T]) -> T:
        found, value = self._hit(key, version)
        if found:
            return value  # type: ignore[no-any-return]
        with self._lock:
            flight = self._computing.setdefault((key, version), threading.Lock())
        with flight:
            found, value = self._hit(key, version)  # computed by the thread we waited for
            if found:
                return value  # type: ignore[no-any-return]
            try:
                computed = compute()
                with self._lock:
                    self._items[key] = (version, computed)
                    self._items.move_to_end(key)
                    while len(self._items) > self.size:
                        self._items.popitem(last=False)
            finally:
                with self._lock:
                    self._computing.pop((key, version), None)
        return computed

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


@dataclass
class Context:
    engine: Engine
    sessions: sessionmaker[Session]
    actor: str = "cli"
    cache: ReadCache = field(default_factory=ReadCache, repr=False)
    _schema_ok: bool = field(default=False, repr=False)

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

    def data_version(self) -> tuple[Any, ...]:
        """A stamp that changes whenever plan data changes: the newest audit entry (id and time).

        Each part is its own scalar subquery, which SQLite and PostgreSQL answer from an index; a restore
        (which may bring back an older log) clears the cache itself.
        """
        stamp = select(
            select(func.max(AuditRow.id)).scalar_subquery(),
            select(func.max(AuditRow.at)).scalar_subquery(),
        )
        with self.engine.connect() as connection:
            row = connection.execute(stamp).one()
        return tuple(row)

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, or its result from an earlier call at the same data version."""
        return self.cache.get(key, self.data_version(), compute)

    def require_schema(self) -> None:
        if self._schema_ok:
            return
        revision = current_revision(self.engine)
        if revision is None:
            if inspect(self.engine).get_table_names():
                raise SchemaOutOfDate("the database has tables but no luoshi schema version")
            raise SchemaOutOfDate("the database is empty: run `luoshi init` first")
        if revision != head_revision():
            raise SchemaOutOfDate(
                f"the database schema is at {revision}, luoshi needs {head_revision()}: run `luoshi db upgrade`"
            )
        self._schema_ok = True

    def dispose(self) -> None:
        self.engine.dispose()
