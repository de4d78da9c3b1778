"""The unit of work: one transaction with named stores, the actor fixed when it opens.

    with ctx.unit_of_work(actor=user.name, reason="figure entered") as uow:
        uow.figures.save_observation(plan_code, obs, "manual")
        uow.commit()

Everything written inside commits together or not at all: leaving the block without :meth:`commit`, or
with an exception, rolls back. :meth:`commit` increments the data version (when anything was audited) and
stamps the audit entries with it just before the database commit, so versions follow commit order. A
read-only unit (``ctx.reading()``) is one snapshot: every store sees the same committed state, and
``version`` says which.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from luoshi.domain.security import HashAlgorithm
from luoshi.storage import version as data_version
from luoshi.storage.accounts import AccountStore
from luoshi.storage.audit import AuditLog
from luoshi.storage.figures import FigureStore
from luoshi.storage.plans import PlanStore
from luoshi.storage.projects import ProjectStore
from luoshi.storage.registry import RegistryStore
from luoshi.storage.rounds import RoundStore
from luoshi.storage.sessions import SessionStore
from luoshi.storage.statements import StatementStore
from luoshi.storage.supervision import SupervisionStore
from luoshi.storage.taskprogress import TaskProgressStore
from luoshi.storage.throttle import ThrottleStore
from luoshi.storage.two_factor import TwoFactorStore
from luoshi.storage.version import Change


class ReadOnly(RuntimeError):
    """A read snapshot was asked to commit (a programming error, not a user's)."""


class UnitOfWork:
    """The stores of one transaction: ``plans``, ``figures``, ``task_progress``, ``registry``, ``statements``,
    ``rounds``, ``supervision`` (matters and their trails), ``projects`` (key projects, their stages and
    monthly reports), ``accounts``, ``throttle`` (failed logins, never audited), ``sessions`` (login sessions,
    never audited), ``two_factor`` (TOTP secrets and recovery codes; the service writes their security
    events), ``audit``."""

    def __init__(
        self,
        session: Session,
        actor: str,
        reason: str | None,
        *,
        writable: bool,
        algorithm: HashAlgorithm = HashAlgorithm.SHA256,
    ) -> None:
        self.session = session
        self.actor = actor
        self.writable = writable
        self.audit = AuditLog(session, actor, reason, algorithm)
        self.plans = PlanStore(session, self.audit)
        self.figures = FigureStore(session, self.audit)
        self.task_progress = TaskProgressStore(session, self.audit)
        self.registry = RegistryStore(session, self.audit)
        self.statements = StatementStore(session, self.audit)
        self.rounds = RoundStore(session, self.audit)
        self.accounts = AccountStore(session, self.audit)
        self.supervision = SupervisionStore(session, self.audit)
        self.projects = ProjectStore(session, self.audit)
        self.throttle = ThrottleStore(session)
        self.sessions = SessionStore(session)
        self.two_factor = TwoFactorStore(session)
        self.committed = False
        #: the data version this transaction saw when it began (read units) or wrote (after commit)
        self.version: int | None = None if writable else data_version.current(session)

    def commit(self) -> int | None:
        """Commit; returns the data version written (None when nothing was audited)."""
        if not self.writable:
            raise ReadOnly("a read snapshot cannot commit")
        written = None
        if self.audit.pending:
            written = data_version.bump(self.session)
        if self.audit.buffered:
            self.audit.flush(written)
        self.session.commit()
        self.committed = True
        self.version = written
        return written

    def changes_since(self, version: int) -> Sequence[Change]:
        """The audited changes of the transactions numbered above ``version`` that this one can see."""
        return data_version.changes_since(self.session, version)
