"""Use cases on accounts: add users, check passwords (and the password policy), issue and check API tokens,
the session secret. A change of password or role, or a deactivation, ends the account's sessions.

三员分立: the 系统管理员 creates accounts (with the least privileged role), sets their unit and deactivates them
(:func:`change_account`); only the 安全管理员 gives an account another role (:func:`assign_role`), never its own;
the last active account of each administrator role can be neither deactivated nor given another role; the
administrators use no API tokens (a token is one factor, and they must use two)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from luoshi.domain.account import (
    ADMINISTRATOR_ROLES,
    NEW_ACCOUNT_ROLE,
    ROLE_LABELS,
    UNIT_ROLES,
    Permission,
    Role,
    User,
    can,
)
from luoshi.domain.errors import Forbidden, InvalidInput, Location, Problem
from luoshi.domain.password import problems
from luoshi.domain.security import SecurityEvent
from luoshi.domain.session import EndReason
from luoshi.services import sessions
from luoshi.services.context import Context
from luoshi.services.unit_of_work import UnitOfWork

_hasher = PasswordHasher()
#: the shortest password any policy accepts (forms check it first; the policy may ask for more)
MIN_PASSWORD = 8
COMMON_PASSWORDS = "security/common-passwords.txt"
SECRET_KEY = "session_secret"
#: the largest token id there can be: api_tokens.id is an INTEGER, 32 bits on PostgreSQL
MAX_TOKEN_ID = 2**31 - 1


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list of common passwords (src/luoshi/data/security/common-passwords.txt), lower case."""
    text = resources.files("luoshi.data").joinpath(COMMON_PASSWORDS).read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def check_password(ctx: Context, password: str, name: str = "") -> None:
    """Raise :class:`InvalidInput` (each problem in Chinese) unless ``password`` meets the password policy."""
    found = problems(ctx.security.passwords, password, common=common_passwords(), name=name)
    if found:
        raise InvalidInput([Problem(Location("password"), text) for text in found])


def _matches(password: str, stored: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def add_user(
    ctx: Context,
    name: str,
    role: Role,
    password: str,
    *,
    unit_code: str | None = None,
    display_name: str = "",
    temporary: bool = False,
    demo: bool = False,
) -> User:
    """Create an account. A reporter or unit head must name its unit; other roles may name one.

    ``temporary``: the password was chosen by an administrator, so the user must change it at the first
    login. ``demo``: a demo account with a documented password, exempt from the policy and refused at login
    in production.
    """
    user = User(name, role, display_name, unit_code)
    return add_users(ctx, [user], password, temporary=temporary, demo=demo)[0]


def add_users(
    ctx: Context, users: Sequence[User], password: str, *, temporary: bool = False, demo: bool = False
) -> list[User]:
    """Create accounts that share one password (the demo's, say), each as ``add_user`` does, in turn; the
    password is hashed once (argon2 is slow by design) and the one hash kept for every account."""
    for user in users:
        if user.role is Role.OPERATOR:
            raise InvalidInput([Problem(Location("--role"), "命令行操作员不是账号的角色")])
        if user.role in UNIT_ROLES and user.unit_code is None:
            raise InvalidInput(
                [Problem(Location("--unit"), f"a {user.role.value} works for one unit: name it with --unit")]
            )
        if not demo:
            check_password(ctx, password, user.name)
    hashed = _hasher.hash(password) if users else ""
    for user in users:
        with ctx.unit_of_work(reason="user add") as uow:
            uow.accounts.add(user, hashed, must_change=temporary, demo=demo, now=ctx.clock())
            uow.commit()
    return list(users)


def add_account(
    ctx: Context,
    actor: User,
    name: str,
    password: str,
    *,
    role: Role = NEW_ACCOUNT_ROLE,
    unit_code: str | None = None,
    display_name: str = "",
) -> User:
    """A 系统管理员 creates an account: with the least privileged role (the 安全管理员 assigns any other) and a
    password the user must change at the first login."""
    if not can(actor, Permission.ADMINISTER):
        raise Forbidden("只有系统管理员可以新增账号")
    if role is not NEW_ACCOUNT_ROLE:
        raise Forbidden(f"新账号的角色为“{ROLE_LABELS[NEW_ACCOUNT_ROLE]}”，其他角色由安全管理员分配")
    return add_user(ctx, name, role, password, unit_code=unit_code, display_name=display_name, temporary=True)


def change_account(ctx: Context, actor: User, user: User) -> None:
    """A 系统管理员 changes an account's name shown, unit and whether it is active, not its role."""
    if not can(actor, Permission.ADMINISTER):
        raise Forbidden("只有系统管理员可以修改账号")
    if user_by_name(ctx, user.name).role is not user.role:
        raise Forbidden("账号的角色由安全管理员分配")
    if user.name == actor.name and not user.active:
        raise Forbidden("不能停用自己的账号")
    update_user(ctx, user)


def assign_role(ctx: Context, actor: User, name: str, role: Role) -> User:
    """A 安全管理员 gives an account another role (never its own); the account's sessions end."""
    if not can(actor, Permission.MANAGE_SECURITY):
        raise Forbidden("只有安全管理员可以分配角色")
    if name == actor.name:
        raise Forbidden("不能修改自己的角色")
    old = user_by_name(ctx, name)
    changed = User(old.name, role, old.display_name, old.unit_code, old.active)
    if role in UNIT_ROLES and old.unit_code is None:
        raise InvalidInput(
            [Problem(Location("role"), f"“{ROLE_LABELS[role]}”属于一个责任单位：请系统管理员先为账号设置单位")]
        )
    update_user(ctx, changed)
    return changed


def _check_administrators_remain(uow: UnitOfWork, old: User, new: User) -> None:
    """The last active account of an administrator role keeps that role and stays active."""
    if old.role not in ADMINISTRATOR_ROLES or not old.active or (new.active and new.role is old.role):
        return
    others = [name for name in uow.accounts.active_names_with_role(old.role, lock=True) if name != old.name]
    if not others:
        raise Forbidden(f"“{old.name}”是最后一个启用的{ROLE_LABELS[old.role]}，不能停用或改为其他角色")


def update_user(ctx: Context, user: User) -> None:
    """Change an account; a change of role or a deactivation ends its sessions at once. The last active
    account of each administrator role cannot lose its role or be deactivated."""
    if user.role is Role.OPERATOR:
        raise InvalidInput([Problem(Location("role"), "命令行操作员不是账号的角色")])
    with ctx.unit_of_work(reason="user update") as uow:
        old = uow.accounts.user(user.name)
        _check_administrators_remain(uow, old, user)
        uow.accounts.update(user)
        if old.active and not user.active:
            sessions.end_all(uow, user.name, EndReason.DEACTIVATED, ctx.clock())
        elif old.role != user.role:
            sessions.end_all(uow, user.name, EndReason.ROLE, ctx.clock())
        uow.commit()


def _set_password(uow: UnitOfWork, ctx: Context, name: str, password: str, *, temporary: bool) -> None:
    check_password(ctx, password, name)
    history = ctx.security.passwords.history
    if any(_matches(password, old) for old in uow.accounts.recent_password_hashes(name, history)):
        raise InvalidInput([Problem(Location("password"), f"新密码不能与最近 {history} 次使用过的密码相同")])
    now = ctx.clock()
    uow.accounts.set_password_hash(name, _hasher.hash(password), must_change=temporary, now=now)
    sessions.end_all(uow, name, EndReason.PASSWORD, now)


def set_password(ctx: Context, name: str, password: str, *, temporary: bool = False) -> None:
    """Set ``name``'s password (policy and history checked) and end the account's sessions. ``temporary``:
    set by an administrator, to be changed by the user at the next login."""
    with ctx.unit_of_work(reason="password change") as uow:
        _set_password(uow, ctx, name, password, temporary=temporary)
        uow.commit()


def change_own_password(ctx: Context, name: str, current: str, new: str) -> None:
    """The user changes their own password, proving the current one; every session of theirs ends."""
    with ctx.unit_of_work(reason="password change", actor=name) as uow:
        stored = uow.accounts.password_hash(name)
        if stored is None or not _matches(current, stored):
            raise InvalidInput([Problem(Location("current"), "当前密码不正确")])
        if new == current:
            raise InvalidInput([Problem(Location("password"), "新密码不能与当前密码相同")])
        _set_password(uow, ctx, name, new, temporary=False)
        uow.commit()


def authenticate(ctx: Context, name: str, password: str) -> User | None:
    """The user, if the name and password match an active account; else None (and no hint which was wrong)."""
    with ctx.reading() as snapshot:
        store = snapshot.accounts
        stored = store.password_hash(name)
        if stored is None:
            _hasher.hash(password)  # spend the same time as a real check
            return None
        if not _matches(password, stored):
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


def create_token(ctx: Context, user_name: str, label: str = "", *, life: timedelta | None = None) -> str:
    """Issue a bearer token for ``user_name``, valid for ``life`` (default: the policy's token life); only
    its hash is stored, so it is shown once."""
    if user_by_name(ctx, user_name).role in ADMINISTRATOR_ROLES:
        raise Forbidden("管理员账号不使用接口令牌（须以双因素登录）")
    token = "ls_" + secrets.token_urlsafe(32)
    life = life if life is not None else ctx.security.token_life
    expires_at: datetime | None = ctx.clock() + life if life else None
    with ctx.unit_of_work(reason="token create") as uow:
        uow.accounts.add_token(user_name, label, token_hash(token), expires_at)
        uow.commit()
    return token


def user_for_token(ctx: Context, token: str) -> User | None:
    """The user of a valid token (not revoked, not expired, account active); its use is recorded."""
    now = ctx.clock()
    with ctx.reading() as snapshot:
        found = snapshot.accounts.user_for_token(token_hash(token), now)
    if found is None:
        return None
    user, token_id, due = found
    if user.role in ADMINISTRATOR_ROLES:  # a token made before the account became an administrator's
        return None
    if due:  # a write at most once a minute per token, so that API reads stay reads
        with ctx.unit_of_work(reason="security event", actor=user.name) as uow:
            uow.accounts.touch_token(token_id, now)
            uow.audit.event(SecurityEvent.TOKEN_USE.value, {"token_id": token_id})  # with last use: once a minute
            uow.commit()
    return user


def _minutes(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="minutes") if moment else None


def tokens(ctx: Context) -> list[tuple[int, str, str, str, str | None, bool, str | None]]:
    """Every token: id, user, label, created, last used, revoked, expires (times to the minute, ISO)."""
    with ctx.reading() as snapshot:
        return [
            (i, u, label, c.isoformat(timespec="minutes"), _minutes(last), r, _minutes(expires))
            for i, u, label, c, last, r, expires in snapshot.accounts.tokens()
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
