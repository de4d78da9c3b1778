"""Security events as audit entries: logins, failed logins, logouts, refusals, token use, timeouts, 2FA setup.

    record_security_event(ctx, SecurityEvent.LOGIN_FAILED, ANONYMOUS, {"name": "li", "address": "10.0.0.5"})

Each event is one audit entry (object type ``security``, key the event's kind) in its own short
transaction, in the hash chain like every other entry; it moves no data version, so no cached page is
rebuilt because someone logged in. A password never reaches an event: callers pass the name tried.
"""

from __future__ import annotations

from typing import Any

from luoshi.domain.security import SecurityEvent
from luoshi.services.context import Context

#: the actor of events with no account behind them (a failed login, a refused anonymous request)
ANONYMOUS = "anonymous"
#: the longest text an event's detail keeps of one value (a name tried, a path)
MAX_TEXT = 200
#: detail keys that are never recorded, whatever a caller passes
SECRET_KEYS = frozenset({"password", "token", "secret", "code", "recovery_code", "totp"})


def record_security_event(ctx: Context, kind: SecurityEvent, actor: str, detail: dict[str, Any] | None = None) -> None:
    """Append a security event to the audit trail (its own transaction, committed at once).

    ``actor``: the account the event is about (:data:`ANONYMOUS` when there is none); ``detail``: plain
    JSON values (address, path, name tried); text is cut to :data:`MAX_TEXT` characters and keys named
    like secrets (:data:`SECRET_KEYS`) are dropped.
    """
    with ctx.unit_of_work(reason="security event", actor=actor or ANONYMOUS) as uow:
        uow.audit.event(SecurityEvent(kind).value, _clean(detail or {}))
        uow.commit()


def _clean(detail: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value[:MAX_TEXT] if isinstance(value, str) else value
        for key, value in detail.items()
        if key.lower() not in SECRET_KEYS
    }
