"""Two factors (TOTP, RFC 6238): which roles must have a second factor, and which time steps a code may match.

A TOTP code belongs to a time step of ``STEP`` seconds (step = seconds since 1970 // 30). A code is accepted
for the current step or ``WINDOW`` steps either side (a phone's clock a little off), and only for a step
later than the last one accepted for the account, so a code seen over a shoulder cannot be used again:

>>> now = datetime.fromisoformat("2026-03-01T09:00:10+00:00")
>>> time_step(now)
59078520
>>> candidate_steps(now, last_step=None)
[59078520, 59078519, 59078521]
>>> candidate_steps(now, last_step=59078520)
[59078521]

Which roles must have one: ``LUOSHI_TWO_FACTOR_ROLES`` names them; without it, the three administrator
roles (三员). Demo accounts (a documented password) are exempt, as from the password policy:

>>> policy = TwoFactorPolicy()
>>> policy.requires(Role.ADMIN), policy.requires(Role.VIEWER)
(True, False)
>>> policy.requires(Role.ADMIN, demo=True)
False
>>> normalise_recovery_code(" abcd-efgh jkmn ")
'ABCDEFGHJKMN'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from luoshi.domain.account import ADMINISTRATOR_ROLES, Role

#: seconds per TOTP time step, and the code's digits (what every authenticator app uses)
STEP = 30
DIGITS = 6
#: steps accepted either side of the current one
WINDOW = 1
#: one-time recovery codes made at enrolment (and on each regeneration)
RECOVERY_CODES = 10
#: characters of a recovery code: no 0/O, 1/I/L to misread
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECOVERY_LENGTH = 12


def administrator_roles() -> frozenset[Role]:
    """The three administrator roles (系统管理员, 安全管理员, 审计管理员): the default of the policy."""
    return frozenset(ADMINISTRATOR_ROLES)


@dataclass(frozen=True)
class TwoFactorPolicy:
    """The roles that must use a second factor (None: :func:`administrator_roles`)."""

    roles: frozenset[Role] | None = None

    @property
    def required_roles(self) -> frozenset[Role]:
        return administrator_roles() if self.roles is None else self.roles

    def requires(self, role: Role, *, demo: bool = False) -> bool:
        """Whether an account of ``role`` must have a second factor (a demo account never must)."""
        return not demo and role in self.required_roles


def time_step(now: datetime) -> int:
    """The TOTP time step of ``now``."""
    return int(now.timestamp()) // STEP


def candidate_steps(now: datetime, last_step: int | None, window: int = WINDOW) -> list[int]:
    """The steps a code may match at ``now``, the current one first; none at or before ``last_step``
    (a code is accepted once)."""
    current = time_step(now)
    steps = [current] + [current + d * sign for d in range(1, window + 1) for sign in (-1, 1)]
    return [s for s in steps if last_step is None or s > last_step]


def looks_like_totp(code: str) -> bool:
    """Six digits (spaces allowed): a TOTP code rather than a recovery code."""
    digits = code.replace(" ", "")
    return len(digits) == DIGITS and digits.isdigit()


def normalise_recovery_code(code: str) -> str:
    """Upper case, without the spaces and dashes a user may type between the groups."""
    return "".join(c for c in code.upper() if c not in " -")


def format_recovery_code(code: str) -> str:
    """In groups of four, as shown: ``ABCD-EFGH-JKMN``."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
