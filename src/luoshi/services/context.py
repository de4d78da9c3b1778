"""The service context: one database (engine, writing sessions, read snapshots), who is acting, and the
cache of results derived from the data, keyed by the data version they were computed from. Built by a
factory from Settings; the CLI and the web app each make one and pass it to the use cases."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from luoshi.config import Settings
from luoshi.domain.errors import Conflict, Unavailable
from luoshi.domain.password import PasswordPolicy
from luoshi.domain.security import MIN_RETENTION_DAYS, HashAlgorithm
from luoshi.domain.session import SessionPolicy
from luoshi.domain.two_factor import TwoFactorPolicy
from luoshi.services.unit_of_work import UnitOfWork
from luoshi.storage import version as data_version
from luoshi.storage.database import current_revision, head_revision, make_engine, session_factory, snapshot_factory
from luoshi.storage.tables import utcnow

T = TypeVar("T")


class SchemaOutOfDate(Unavailable):
    """The database has no schema or an older one: run ``luoshi init`` or ``luoshi db upgrade``."""


@dataclass(frozen=True)
class Versioned(Generic[T]):
    """A value derived from the data as it stood at ``version`` (``at``: when it was made, monotonic)."""

    version: int
    value: T
    at: float = field(default_factory=time.monotonic, compare=False)


@dataclass(frozen=True)
class ReadPolicy:
    """How far behind the newest commit a page may be served.

    ``lag``: seconds a derived result may be served after it was built or last found to be the newest
    (0: never; while one thread brings it up to date the others are served the one they have). ``floor``:
    a data version the reader must see whatever the lag, the newest it wrote itself (read-your-writes).

    >>> ReadPolicy(0.25, floor=17).allows(Versioned(16, "x"), now=0.0)
    False
    """

    lag: float = 0.0
    floor: int = 0

    def allows(self, entry: Versioned[Any], *, now: float) -> bool:
        """Whether ``entry``, behind the newest version, may still be served."""
        return self.lag > 0 and entry.version >= self.floor and now - entry.at < self.lag


STRICT = ReadPolicy()


class ReadCache:
    """Results derived from the data, each valid at the data version it was computed from (thread-safe,
    bounded).

    ``get(key, current, build)`` returns the entry of ``key`` when it is at the ``current`` version, else
    calls ``build(previous)`` with the entry it holds (or None), so that the builder can bring an old
    result up to date from what changed instead of starting again; the result is kept at the version its
    builder read the data at (which may be newer than ``current``).

    One thread builds a missing (key, version) while the others asking for it wait for its result: after
    a change, 32 concurrent cockpit requests would otherwise each re-read and re-assess the plan at once.
    Under a :class:`ReadPolicy` with a lag, a result younger than the lag is served although the data
    moved on, and while one thread brings it up to date the others are served the one there is: under a
    storm of writes a page is rebuilt at most once per lag, not once per write.
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Versioned[Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    def _entry(self, key: Hashable) -> Versioned[Any] | None:
        with self._lock:
            entry = self._items.get(key)
            if entry is not None:
                self._items.move_to_end(key)
            return entry

    def get(
        self,
        key: Hashable,
        current: int,
        build: Callable[[Versioned[T] | None], Versioned[T]],
        policy: ReadPolicy = STRICT,
    ) -> Versioned[T]:
        entry = self._entry(key)
        if entry is not None and entry.version >= current:
            return self._confirmed(key, entry) if policy.lag > 0 else entry
        with self._lock:
            flight = self._building.setdefault(key, threading.Lock())
        if entry is not None and policy.lag > 0 and entry.version >= policy.floor:
            if policy.allows(entry, now=time.monotonic()):
                return entry
            if not flight.acquire(blocking=False):  # another thread is bringing it up to date
                return entry
            flight.release()
        with flight:
            entry = self._entry(key)  # built by the thread we waited for
            if entry is not None and entry.version >= current:
                return entry
            built = build(entry)
            with self._lock:
                held = self._items.get(key)
                if held is None or held.version <= built.version:
                    self._items[key] = built
                    self._items.move_to_end(key)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return built

    def recent(self, key: Hashable, policy: ReadPolicy) -> Versioned[Any] | None:
        """The entry of ``key`` if ``policy`` lets it be served without asking for the newest version: it
        was built or last found to be the newest less than the lag ago, and it is not below the floor."""
        entry = self._entry(key)
        return entry if entry is not None and policy.allows(entry, now=time.monotonic()) else None

    def _confirmed(self, key: Hashable, entry: Versioned[T]) -> Versioned[T]:
        """``entry``, just found to be the newest: its lag starts again from now (same value)."""
        fresh = replace(entry, at=time.monotonic())
        with self._lock:
            if self._items.get(key) is entry:
                self._items[key] = fresh
        return fresh

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


@dataclass(frozen=True)
class SecurityPolicy:
    """Sessions, passwords, API tokens and whether this is production (demo accounts refused)."""

    sessions: SessionPolicy = field(default_factory=SessionPolicy)
    passwords: PasswordPolicy = field(default_factory=PasswordPolicy)
    production: bool = False
    #: an API token's life unless its creator gives another (None: no expiry)
    token_life: timedelta | None = timedelta(days=365)
    #: which roles must log in with a second factor
    two_factor: TwoFactorPolicy = field(default_factory=TwoFactorPolicy)

    @classmethod
    def from_settings(cls, settings: Settings) -> SecurityPolicy:
        return cls(
            settings.sessions,
            settings.passwords,
            settings.production,
            timedelta(days=settings.token_days) if settings.token_days else None,
            settings.two_factor,
        )


@dataclass
class Context:
    engine: Engine
    sessions: sessionmaker[Session]
    snapshots: sessionmaker[Session]
    actor: str = "cli"
    #: seconds a page may be served behind the newest commit (0: never); ``luoshi serve`` sets it
    read_lag: float = 0.0
    cache: ReadCache = field(default_factory=ReadCache, repr=False)
    security: SecurityPolicy = field(default_factory=SecurityPolicy)
    #: the time now, for sessions, passwords and tokens (tests set a clock they move by hand)
    clock: Callable[[], datetime] = field(default=utcnow, repr=False)
    #: the audit chain's digest for new entries, the retention of entries, the key that signs exports
    audit_hash: HashAlgorithm = HashAlgorithm.SHA256
    audit_retention_days: int = MIN_RETENTION_DAYS
    audit_export_key: str | None = field(default=None, repr=False)
    _schema_ok: bool = field(default=False, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings, actor: str | None = None) -> Context:
        engine = make_engine(settings.url)
        return cls(
            engine,
            session_factory(engine),
            snapshot_factory(engine),
            actor or settings.actor,
            read_lag=settings.read_lag_ms / 1000,
            security=SecurityPolicy.from_settings(settings),
            audit_hash=settings.audit_hash,
            audit_retention_days=settings.audit_retention_days,
            audit_export_key=settings.audit_export_key.get_secret_value() if settings.audit_export_key else None,
        )

    @classmethod
    def from_url(cls, url: str, actor: str = "cli") -> Context:
        engine = make_engine(url)
        return cls(engine, session_factory(engine), snapshot_factory(engine), actor)

    @contextmanager
    def unit_of_work(self, reason: str | None = None, *, actor: str | None = None) -> Iterator[UnitOfWork]:
        """A writing transaction with named stores; see :mod:`luoshi.services.unit_of_work`.

        Leaving the block without ``uow.commit()`` or with an exception rolls everything back. A write that
        meets another one on a natural key it could not settle becomes :class:`Conflict`, not a crash.
        """
        self.require_schema()
        with self.sessions() as session:
            uow = UnitOfWork(session, actor or self.actor, reason, writable=True, algorithm=self.audit_hash)
            try:
                yield uow
            except IntegrityError as exc:
                session.rollback()
                raise Conflict(f"another change to the same data was saved at the same moment: {exc.orig}") from None
            except OperationalError as exc:
                session.rollback()
                raise Unavailable(f"the database cannot take this change now: {exc.orig}") from None
            except BaseException:
                session.rollback()
                raise
            if not uow.committed:
                session.rollback()

    @contextmanager
    def reading(self) -> Iterator[UnitOfWork]:
        """A read-only snapshot: every query inside sees the same committed state (``uow.version``)."""
        self.require_schema()
        with self.snapshots() as session:
            try:
                yield UnitOfWork(session, self.actor, None, writable=False)
            except OperationalError as exc:
                raise Unavailable(f"the database cannot be read now: {exc.orig}") from None
            finally:
                session.rollback()

    def data_version(self) -> int:
        """The newest committed data version (one indexed single-row read)."""
        self.require_schema()
        try:
            with self.engine.connect() as connection:
                return data_version.current(connection)
        except OperationalError as exc:
            raise Unavailable(f"the database cannot be read now: {exc.orig}") from None

    def versioned(
        self,
        key: Hashable,
        build: Callable[[Versioned[T] | None], Versioned[T]],
        policy: ReadPolicy = STRICT,
    ) -> Versioned[T]:
        """The cached ``key`` if it is at the newest data version (or, under ``policy``, recent enough),
        else ``build(previous)``'s (see ReadCache). Under a lag, a result found to be the newest less than
        the lag ago is served without even asking the database for the version."""
        if policy.lag > 0 and (hit := self.cache.recent(key, policy)) is not None:
            return hit
        return self.cache.get(key, self.data_version(), build, policy)

    def policy(self, floor: int = 0) -> ReadPolicy:
        """The read policy of a page view: this context's lag, and the version the reader must see."""
        return ReadPolicy(self.read_lag, floor)

    def require_schema(self) -> None:
        """Raise :class:`SchemaOutOfDate` (or :class:`Unavailable` when the database cannot be reached)
        unless the schema is at the newest revision; checked once per context."""
        if self._schema_ok:
            return
        try:
            revision = current_revision(self.engine)
            tables = inspect(self.engine).get_table_names() if revision is None else []
        except OperationalError as exc:
            raise Unavailable(f"the database cannot be reached: {str(exc.orig).strip()}") from None
        if revision is None:
            if tables:
                raise SchemaOutOfDate("the database has tables but no luoshi schema version")
            raise SchemaOutOfDate("the database is empty: run `luoshi init` first")
        if revision != head_revision():
            raise SchemaOutOfDate(
                f"the database schema is at {revision}, luoshi needs {head_revision()}: run `luoshi db upgrade`"
            )
        self._schema_ok = True

    def dispose(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc: object) -> None:
        """``with Context.from_settings(s) as ctx:`` closes the connections however the block ends."""
        self.dispose()
