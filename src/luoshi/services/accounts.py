"""Use cases on accounts: add users, check passwords, issue and check API tokens, the session secret."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from luoshi.domain.account import UNIT_ROLES, Role, User
from luoshi.domain.errors import InvalidInput, Location, Problem
from luoshi.domain.security import SecurityEvent
from luoshi.services.context import Context

_hasher = PasswordHasher()
MIN_PASSWORD = 8
SECRET_KEY = "session_secret"
#: the largest token id there can be: api_tokens.id is an INTEGER, 32 bits on PostgreSQL
MAX_TOKEN_ID = 2**31 - 1


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput([Problem(Location("password"), f"a password needs at least {MIN_PASSWORD} characters")])


def add_user(
    ctx: Context, name: str, role: Role, password: str, *, unit_code: str | None = None, display_name: str = ""
) -> User:
    """Create an account. A reporter or unit head must name its unit; other roles may name one."""
    if role in UNIT_ROLES and unit_code is None:
        raise InvalidInput([Problem(Location("--unit"), f"a {role.value} works for one unit: name it with --unit")])
    _check_password(password)
    user = User(name, role, display_name, unit_code)
    with ctx.unit_of_work(reason="user add") as uow:
        uow.accounts.add(user, _hasher.hash(password))
        uow.commit()
    return user


def update_user(ctx: Context, user: User) -> None:
    with ctx.unit_of_work(reason="user update") as uow:
        uow.accounts.update(user)
        uow.commit()


def set_password(ctx: Context, name: str, password: str) -> None:
    _check_password(password)
    with ctx.unit_of_work(reason="password change") as uow:
        uow.accounts.set_password_hash(name, _hasher.hash(password))
        uow.commit()


def authenticate(ctx: Context, name: str, password: str) -> User | None:
    """The user, if the name and password match an active account; else None (and no hint which was wrong)."""
    with ctx.reading() as snapshot:
        store = snapshot.accounts
        stored = store.password_hash(name)
        if stored is None:
            _hasher.hash(password)  # spend the same time as a real check
            return None
        try:
            _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        return store.user(name)


def user_by_name(ctx: Context, name: str) -> User:
    with ctx.reading() as snapshot:
        return snapshot.accounts.user(name)


def users(ctx: Context) -> list[User]:
    with ctx.reading() as snapshot:
        return snapshot.accounts.users()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(ctx: Context, user_name: str, label: str = "") -> str:
    """Issue a bearer token for ``user_name``; only its hash is stored, so it is shown once."""
    token = "ls_" + secrets.token_urlsafe(32)
    with ctx.unit_of_work(reason="token create") as uow:
        uow.accounts.add_token(user_name, label, token_hash(token))
        uow.commit()
    return token


def user_for_token(ctx: Context, token: str) -> User | None:
    with ctx.reading() as snapshot:
        found = snapshot.accounts.user_for_token(token_hash(token))
    if found is None:
        return None
    user, token_id, due = found
    if due:  # a write at most once a minute per token, so that API reads stay reads
        with ctx.unit_of_work(reason="security event", actor=user.name) as uow:
            uow.accounts.touch_token(token_id)
            uow.audit.event(SecurityEvent.TOKEN_USE.value, {"token_id": token_id})  # with last use: once a minute
            uow.commit()
    return user


def tokens(ctx: Context) -> list[tuple[int, str, str, str, str | None, bool]]:
    with ctx.reading() as snapshot:
        return [
            (i, u, label, c.isoformat(timespec="minutes"), last.isoformat(timespec="minutes") if last else None, r)
            for i, u, label, c, last, r in snapshot.accounts.tokens()
        ]


def revoke_token(ctx: Context, token_id: int) -> None:
    with ctx.unit_of_work(reason="token revoke") as uow:
        uow.accounts.revoke_token(token_id)
        uow.commit()


def session_secret(ctx: Context) -> str:
    """The secret that signs session cookies: made once per installation and kept in the database."""
    with ctx.reading() as snapshot:
        secret = snapshot.accounts.setting(SECRET_KEY)
    if secret is not None:
        return secret
    with ctx.unit_of_work() as uow:
        secret = uow.accounts.setting(SECRET_KEY)  # another process may have made it meanwhile
        if secret is None:
            secret = secrets.token_urlsafe(48)
            uow.accounts.set_setting(SECRET_KEY, secret)
        uow.commit()
    return secret
