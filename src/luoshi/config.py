"""Settings: the only reader of the environment.

Every setting has the prefix ``LUOSHI_``: ``LUOSHI_DATABASE_URL`` takes any SQLAlchemy URL
(``sqlite:///path/luoshi.db``, ``postgresql+psycopg://user@127.0.0.1/db``); the default is
``sqlite:///./luoshi.db``. A bad value fails loudly when settings are read.
"""

from __future__ import annotations

from functools import cached_property

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LUOSHI_", frozen=True, extra="ignore")

    database_url: str = Field(
        default="sqlite:///./luoshi.db",
        description="SQLAlchemy URL of the database (SQLite file or PostgreSQL).",
    )
    actor: str = Field(default="cli", description="Who the audit log names for CLI changes.")
    secure_cookies: bool = Field(default=False, description="Send the session cookie over HTTPS only.")
    public_view: bool = Field(default=False, description="Serve /public: indicators marked public, no login.")
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

    @cached_property
    def url(self) -> URL:
        return make_url(self.database_url)
