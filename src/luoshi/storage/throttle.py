"""Repository of failed logins for the login throttle (:mod:`luoshi.domain.throttle` decides with them).

The rows live in the database so that every server process counts the same failures. They are not plan
data and write no audit entries: an attempt must not move the data version that the read cache keys on.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from luoshi.domain.throttle import Failures, ThrottlePolicy
from luoshi.storage.tables import LoginFailureRow

#: the column widths: a longer name cannot be an account, a longer address is cut to fit
NAME_LENGTH = 64
ADDRESS_LENGTH = 64


class ThrottleStore:
    """Failed logins by account name and client address, in the session's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def failures(self, name: str, address: str, policy: ThrottlePolicy, now: datetime) -> Failures:
        """What ``policy`` needs to judge an attempt for ``name`` from ``address`` at ``now``."""
        name, address = name[:NAME_LENGTH], address[:ADDRESS_LENGTH]
        count, last = self.session.execute(
            select(func.count(), func.max(LoginFailureRow.at)).where(
                LoginFailureRow.name == name,
                LoginFailureRow.address == address,
                LoginFailureRow.at > now - policy.pair_window,
            )
        ).one()
        recent = self.session.scalars(
            select(LoginFailureRow.at)
            .where(LoginFailureRow.address == address, LoginFailureRow.at > now - policy.address_window)
            .order_by(LoginFailureRow.at.desc())
            .limit(policy.address_failures)
        )
        return Failures(
            pair=count,
            pair_last=last,
            address=tuple(recent),
        )

    def add(self, name: str, address: str, at: datetime) -> None:
        """Count a failure for ``name`` from ``address``."""
        self.session.add(LoginFailureRow(name=name[:NAME_LENGTH], address=address[:ADDRESS_LENGTH], at=at))
        self.session.flush()

    def forget_pair(self, name: str, address: str) -> None:
        """A correct login: the pair starts afresh (the address's other names keep their failures)."""
        self.session.execute(
            delete(LoginFailureRow).where(
                LoginFailureRow.name == name[:NAME_LENGTH], LoginFailureRow.address == address[:ADDRESS_LENGTH]
            )
        )

    def prune(self, before: datetime) -> int:
        """Delete failures older than ``before`` (no limit looks at them any more); returns how many."""
        result = self.session.execute(delete(LoginFailureRow).where(LoginFailureRow.at < before))
        return int(result.rowcount)  # type: ignore[attr-defined]

    def count(self) -> int:
        """How many failures are stored, of all names and addresses."""
        return self.session.scalar(select(func.count()).select_from(LoginFailureRow)) or 0
