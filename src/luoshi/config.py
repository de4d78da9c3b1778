"""Settings: the only reader of the environment.

Every setting has the prefix ``LUOSHI_``: ``LUOSHI_DATABASE_URL`` takes any SQLAlchemy URL
(``sqlite:///path/luoshi.db``, ``postgresql+psycopg://user@127.0.0.1/db``); the default is
``sqlite:///./luoshi.db``. A bad value fails loudly when settings are read.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from functools import cached_property
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from luoshi.domain.account import ACCOUNT_ROLES, Role
from luoshi.domain.password import PasswordPolicy
from luoshi.domain.security import MIN_RETENTION_DAYS, HashAlgorithm
from luoshi.domain.session import SessionPolicy
from luoshi.domain.throttle import ThrottlePolicy
from luoshi.domain.two_factor import TwoFactorPolicy

_THROTTLE = ThrottlePolicy()
_SESSIONS = SessionPolicy()
_PASSWORDS = PasswordPolicy()
#: the largest request body the web app accepts: a 20 MB document upload plus its form fields
MAX_BODY_BYTES = 25 * 1024 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LUOSHI_", frozen=True, extra="ignore")

    database_url: str = Field(
        default="sqlite:///./luoshi.db",
        description="SQLAlchemy URL of the database (SQLite file or PostgreSQL).",
    )
    actor: str = Field(default="cli", description="Who the audit log names for CLI changes.")
    secure_cookies: bool = Field(default=False, description="Send the session cookie over HTTPS only.")
    public_view: bool = Field(default=False, description="Serve /public: indicators marked public, no login.")
    max_body_bytes: int = Field(
        default=MAX_BODY_BYTES,
        ge=1024,
        description="Largest request body in bytes; a larger one is refused (413) before it is read or parsed.",
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64, description="Server processes of `luoshi serve`.")
    read_lag_ms: int = Field(
        default=250,
        ge=0,
        le=60_000,
        description="Milliseconds a cockpit or indicator page may be served behind the newest change while it "
        "is brought up to date (0: never). A browser session always sees its own changes.",
    )
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Addresses or networks of reverse proxies whose X-Forwarded-For names the client, "
        "comma-separated (10.0.0.5,10.1.0.0/16); without one the client is the connecting address.",
    )
    login_pair_failures: int = Field(
        default=_THROTTLE.pair_failures,
        ge=1,
        description="Failed logins for one name from one address before each further try must wait.",
    )
    login_max_delay: int = Field(
        default=int(_THROTTLE.max_delay.total_seconds()),
        ge=1,
        description="Seconds: the longest wait between tries for one name from one address (it doubles from 1 s).",
    )
    login_pair_window: int = Field(
        default=int(_THROTTLE.pair_window.total_seconds()),
        ge=1,
        description="Seconds a name's failures from one address are remembered (a correct login forgets them).",
    )
    login_address_failures: int = Field(
        default=_THROTTLE.address_failures,
        ge=1,
        description="Failed logins from one address, whatever the names, before the address must wait.",
    )
    login_address_window: int = Field(
        default=int(_THROTTLE.address_window.total_seconds()),
        ge=1,
        description="Seconds over which an address's failed logins are counted.",
    )
    audit_hash: HashAlgorithm = Field(
        default=HashAlgorithm.SHA256,
        description="Digest of the audit chain for new entries: sha256, or sm3 (商用密码); old entries keep theirs.",
    )
    audit_retention_days: int = Field(
        default=MIN_RETENTION_DAYS,
        ge=MIN_RETENTION_DAYS,
        description="Days audit entries are kept before `luoshi audit-log archive` may remove them (180 at least).",
    )
    audit_export_key: SecretStr | None = Field(
        default=None,
        min_length=16,
        description="Key of the HMAC-SHA256 that signs `luoshi audit-log export --format json` (16 characters "
        "at least); keep a copy away from the database server to check exports with.",
    )

    env: str = Field(
        default="development",
        pattern=r"^(development|production)$",
        description="development or production; production refuses the demo accounts at login.",
    )
    session_idle_minutes: int = Field(
        default=int(_SESSIONS.idle.total_seconds() // 60),
        ge=1,
        description="Minutes without a request after which a login session ends (idle timeout).",
    )
    session_absolute_hours: int = Field(
        default=int(_SESSIONS.absolute.total_seconds() // 3600),
        ge=1,
        description="Hours after login at which a session ends however busy it is (absolute timeout).",
    )
    session_single: bool = Field(
        default=_SESSIONS.single,
        description="One session per account: a new login ends the account's other sessions (the user is told).",
    )
    password_min_length: int = Field(default=_PASSWORDS.min_length, ge=8, le=128, description="Shortest password.")
    password_classes: int = Field(
        default=_PASSWORDS.classes,
        ge=1,
        le=4,
        description="How many of lower case, upper case, digits and symbols a password must use.",
    )
    password_expiry_days: int = Field(
        default=_PASSWORDS.expiry_days,
        ge=0,
        description="Days after which a password must be changed at the next login (0: never).",
    )
    password_history: int = Field(
        default=_PASSWORDS.history,
        ge=0,
        le=24,
        description="A new password may not be any of the account's last N (the current one included; 0: off).",
    )
    two_factor_roles: Annotated[tuple[str, ...] | None, NoDecode] = Field(
        default=None,
        description="Roles that must log in with a second factor (TOTP), comma-separated (admin,planner); "
        "unset: every role whose permissions include administration; empty: none.",
    )
    token_days: int = Field(
        default=365,
        ge=0,
        description="Days an API token is valid from its creation unless another expiry is given (0: no expiry).",
    )

    @field_validator("database_url")
    @classmethod
    def _valid_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError(f"LUOSHI_DATABASE_URL is not a database URL: {value!r}") from exc
        if url.get_backend_name() not in {"sqlite", "postgresql"}:
            raise ValueError(
                f"LUOSHI_DATABASE_URL: backend {url.get_backend_name()!r} is not supported "
                "(use sqlite:///FILE or postgresql+psycopg://...)"
            )
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _valid_proxies(cls, value: Any) -> Any:
        items = [p.strip() for p in value.split(",")] if isinstance(value, str) else value
        proxies = tuple(p for p in items if p)
        for proxy in proxies:
            try:
                ipaddress.ip_network(proxy)  # strict: 10.9.0.1/16 is refused, not widened
            except ValueError as exc:
                raise ValueError(
                    f"LUOSHI_TRUSTED_PROXIES: {proxy!r} is not an address or a network (10.0.0.5, 10.1.0.0/16)"
                ) from exc
        return proxies

    @field_validator("two_factor_roles", mode="before")
    @classmethod
    def _valid_roles(cls, value: Any) -> Any:
        if value is None:
            return None
        items = [r.strip() for r in value.split(",")] if isinstance(value, str) else value
        roles = tuple(r for r in items if r)
        known = {role.value for role in ACCOUNT_ROLES}
        for role in roles:
            if role not in known:
                raise ValueError(f"LUOSHI_TWO_FACTOR_ROLES: {role!r} is not a role (roles: {', '.join(sorted(known))})")
        return roles

    @cached_property
    def two_factor(self) -> TwoFactorPolicy:
        """Which roles must have a second factor (luoshi.domain.two_factor)."""
        if self.two_factor_roles is None:
            return TwoFactorPolicy()
        return TwoFactorPolicy(frozenset(Role(r) for r in self.two_factor_roles))

    @cached_property
    def url(self) -> URL:
        return make_url(self.database_url)

    @property
    def production(self) -> bool:
        return self.env == "production"

    @cached_property
    def sessions(self) -> SessionPolicy:
        """The login sessions' policy (luoshi.domain.session) from the ``session_*`` settings."""
        return SessionPolicy(
            idle=timedelta(minutes=self.session_idle_minutes),
            absolute=timedelta(hours=self.session_absolute_hours),
            single=self.session_single,
        )

    @cached_property
    def passwords(self) -> PasswordPolicy:
        """The password policy (luoshi.domain.password) from the ``password_*`` settings."""
        return PasswordPolicy(
            min_length=self.password_min_length,
            classes=self.password_classes,
            expiry_days=self.password_expiry_days,
            history=self.password_history,
        )

    @cached_property
    def throttle(self) -> ThrottlePolicy:
        """The login throttle's policy (luoshi.domain.throttle) from the ``login_*`` settings."""
        return ThrottlePolicy(
            pair_failures=self.login_pair_failures,
            max_delay=timedelta(seconds=self.login_max_delay),
            pair_window=timedelta(seconds=self.login_pair_window),
            address_failures=self.login_address_failures,
            address_window=timedelta(seconds=self.login_address_window),
        )
