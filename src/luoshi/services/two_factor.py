"""Two factors (TOTP, RFC 6238): enrolment, checking a code or a recovery code, regenerating recovery codes,
turning the second factor off, and an administrator's reset.

    enrolment = begin(ctx, "li")                 # a new secret, unconfirmed: show enrolment.uri as a QR code
    codes = confirm(ctx, "li", "123456")         # the user proves it with a code: 10 recovery codes, shown once
    verify(ctx, "li", "654321")                  # at login: Check.TOTP, Check.RECOVERY or None
    reset(ctx, "li", actor="root")               # an administrator: secret and codes gone, sessions ended

The secret is kept as it is (a code cannot be checked against a hash of it); the recovery codes are kept as
SHA-256 hashes (random 60-bit codes, each usable once). A TOTP code is accepted once: the last accepted
time step is stored and a code of that step or an earlier one is refused. Time is ``ctx.clock()``. Each
change is a security event (设置双因素认证, 使用恢复码, 重置双因素认证) in the audit trail.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

import pyotp

from luoshi.domain.account import User
from luoshi.domain.errors import Conflict, Forbidden, InvalidInput, Location, Problem
from luoshi.domain.security import SecurityEvent
from luoshi.domain.session import EndReason
from luoshi.domain.two_factor import (
    DIGITS,
    RECOVERY_ALPHABET,
    RECOVERY_CODES,
    RECOVERY_LENGTH,
    STEP,
    candidate_steps,
    format_recovery_code,
    looks_like_totp,
    normalise_recovery_code,
)
from luoshi.services import sessions
from luoshi.services.context import Context
from luoshi.services.unit_of_work import UnitOfWork

#: the issuer an authenticator app shows next to the account
ISSUER = "落实 luoshi"


class Check(StrEnum):
    """What a right second factor was."""

    TOTP = "totp"
    RECOVERY = "recovery"


@dataclass(frozen=True)
class Status:
    """An account's second factor: in use, required by policy, recovery codes left, enrolment begun."""

    enrolled: bool
    required: bool
    recovery_left: int
    pending: bool = False


@dataclass(frozen=True)
class Enrolment:
    """A new secret awaiting its confirmation: the text for manual entry and the otpauth:// URI for the QR."""

    secret: str
    uri: str


def _wrong_code() -> InvalidInput:
    return InvalidInput([Problem(Location("code"), "验证码不正确或已使用，请输入验证器中当前显示的 6 位数字")])


def _hash(code: str) -> str:
    return hashlib.sha256(normalise_recovery_code(code).encode("ascii", "replace")).hexdigest()


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP)


def _matching_step(ctx: Context, secret: str, code: str, last_step: int | None) -> int | None:
    """The time step (after ``last_step``) whose code is ``code``, or None."""
    digits = code.replace(" ", "")
    if not looks_like_totp(digits):
        return None
    totp = _totp(secret)
    for step in candidate_steps(ctx.clock(), last_step):
        if hmac.compare_digest(totp.at(step * STEP), digits):
            return step
    return None


def _new_recovery_codes(uow: UnitOfWork, ctx: Context, user_name: str) -> list[str]:
    codes = ["".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH)) for _ in range(RECOVERY_CODES)]
    uow.two_factor.replace_recovery(user_name, [_hash(c) for c in codes], ctx.clock())
    return [format_recovery_code(c) for c in codes]


def required(ctx: Context, user: User) -> bool:
    """Whether the policy makes ``user`` have a second factor (demo accounts never)."""
    with ctx.reading() as snapshot:
        demo = snapshot.accounts.is_demo(user.name)
    return ctx.security.two_factor.requires(user.role, demo=demo)


def status(ctx: Context, user: User) -> Status:
    with ctx.reading() as snapshot:
        found = snapshot.two_factor.find(user.name)
        left = snapshot.two_factor.recovery_left(user.name)
        demo = snapshot.accounts.is_demo(user.name)
    enrolled = found is not None and found.confirmed
    return Status(
        enrolled,
        ctx.security.two_factor.requires(user.role, demo=demo),
        left if enrolled else 0,
        found is not None and not found.confirmed,
    )


def enrolled(ctx: Context, user_name: str) -> bool:
    """Whether ``user_name`` has a confirmed second factor (then a login asks for it)."""
    with ctx.reading() as snapshot:
        found = snapshot.two_factor.find(user_name)
    return found is not None and found.confirmed


def uri(user_name: str, secret: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return _totp(secret).provisioning_uri(name=user_name, issuer_name=ISSUER)


def begin(ctx: Context, user_name: str) -> Enrolment:
    """Start (or restart) enrolment: a new random secret, unconfirmed until :func:`confirm`. Refused
    (:class:`Conflict`) when the account already has a second factor in use."""
    secret = pyotp.random_base32()
    with ctx.unit_of_work(reason="two factor enrolment", actor=user_name) as uow:
        found = uow.two_factor.find(user_name)
        if found is not None and found.confirmed:
            raise Conflict("双因素认证已启用；如需更换，请先关闭或请管理员重置")
        uow.two_factor.begin(user_name, secret, ctx.clock())
        uow.commit()
    return Enrolment(secret, uri(user_name, secret))


def pending_secret(ctx: Context, user_name: str) -> str | None:
    """The secret of an unfinished enrolment (to show it again), or None."""
    with ctx.reading() as snapshot:
        found = snapshot.two_factor.find(user_name)
    return found.secret if found is not None and not found.confirmed else None


def confirm(ctx: Context, user_name: str, code: str) -> list[str]:
    """Finish enrolment with a code from the app; returns the recovery codes (shown once, kept hashed)."""
    with ctx.unit_of_work(reason="two factor enrolment", actor=user_name) as uow:
        found = uow.two_factor.find(user_name)
        if found is None or found.confirmed:
            raise Conflict("没有待确认的双因素认证设置，请重新开始")
        step = _matching_step(ctx, found.secret, code, None)
        if step is None:
            raise _wrong_code()
        uow.two_factor.confirm(user_name, step, ctx.clock())
        codes = _new_recovery_codes(uow, ctx, user_name)
        uow.audit.event(SecurityEvent.TWO_FACTOR_SETUP.value, {"action": "enrol"})
        uow.commit()
    return codes


def verify(ctx: Context, user_name: str, code: str) -> Check | None:
    """Check a second factor: a 6-digit TOTP code (each accepted once) or an unused recovery code (spent).
    None when it is wrong (the caller counts the failure in the login throttle)."""
    with ctx.unit_of_work(reason="two factor check", actor=user_name) as uow:
        found = uow.two_factor.find(user_name)
        if found is None or not found.confirmed:
            return None
        result = _check(uow, ctx, user_name, found.secret, found.last_step, code)
        if result is Check.RECOVERY:
            left = uow.two_factor.recovery_left(user_name)
            uow.audit.event(SecurityEvent.RECOVERY_CODE_USED.value, {"recovery_left": left})
        uow.commit()
    return result


def _check(uow: UnitOfWork, ctx: Context, user_name: str, secret: str, last: int | None, code: str) -> Check | None:
    if looks_like_totp(code):
        step = _matching_step(ctx, secret, code, last)
        if step is not None and uow.two_factor.accept_step(user_name, step):
            return Check.TOTP
        return None
    if normalise_recovery_code(code) and uow.two_factor.use_recovery(user_name, _hash(code), ctx.clock()):
        return Check.RECOVERY
    return None


def regenerate(ctx: Context, user_name: str) -> list[str]:
    """New recovery codes; the old ones stop working. Returns them (shown once)."""
    with ctx.unit_of_work(reason="two factor recovery codes", actor=user_name) as uow:
        found = uow.two_factor.find(user_name)
        if found is None or not found.confirmed:
            raise Conflict("尚未启用双因素认证")
        codes = _new_recovery_codes(uow, ctx, user_name)
        uow.audit.event(SecurityEvent.TWO_FACTOR_SETUP.value, {"action": "regenerate"})
        uow.commit()
    return codes


def disable(ctx: Context, user: User, code: str) -> None:
    """Turn the second factor off, proving a current code; refused where the policy requires it."""
    if required(ctx, user):
        raise Forbidden("您的角色必须使用双因素认证，不能关闭")
    with ctx.unit_of_work(reason="two factor disable", actor=user.name) as uow:
        found = uow.two_factor.find(user.name)
        if found is None or not found.confirmed:
            raise Conflict("尚未启用双因素认证")
        step = _matching_step(ctx, found.secret, code, found.last_step)
        if step is None or not uow.two_factor.accept_step(user.name, step):
            raise _wrong_code()
        uow.two_factor.remove(user.name)
        uow.audit.event(SecurityEvent.TWO_FACTOR_SETUP.value, {"action": "disable"})
        uow.commit()


def reset(ctx: Context, user_name: str, *, actor: str | None = None) -> bool:
    """An administrator removes ``user_name``'s second factor (a lost phone): secret and recovery codes go,
    the account's sessions end; at the next login the user enrols again. False (and nothing changes) if
    there was none."""
    with ctx.unit_of_work(reason="two factor reset", actor=actor or ctx.actor) as uow:
        uow.accounts.user(user_name)  # NotFound for an unknown name
        if not uow.two_factor.remove(user_name):
            return False
        ended = sessions.end_all(uow, user_name, EndReason.TWO_FACTOR, ctx.clock())
        uow.audit.event(SecurityEvent.TWO_FACTOR_RESET.value, {"user": user_name, "sessions": ended})
        uow.commit()
    return True
