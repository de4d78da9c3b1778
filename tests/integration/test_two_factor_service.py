"""The second factor's service (TOTP, RFC 6238) on a clock the test moves: a valid code, the window either
side, a code accepted once (replay refused), recovery codes that work once and die when regenerated, the
policy per role, an administrator's reset ending the sessions; each change a security event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select

from luoshi.domain.account import Role, User
from luoshi.domain.errors import Conflict, Forbidden, InvalidInput
from luoshi.domain.security import SecurityEvent
from luoshi.domain.two_factor import STEP, TwoFactorPolicy
from luoshi.services import accounts, sessions, two_factor
from luoshi.services.context import Context
from luoshi.storage.audit import security_events
from luoshi.storage.tables import AuditRow

pytestmark = pytest.mark.integration
PASSWORD = "correct-horse-1"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, 5, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(ctx: Context) -> Clock:
    clock = Clock()
    ctx.clock = clock
    accounts.add_user(ctx, "root", Role.ADMIN, PASSWORD)
    accounts.add_user(ctx, "wang", Role.VIEWER, PASSWORD)
    return clock


def code_at(secret: str, moment: datetime) -> str:
    return pyotp.TOTP(secret).at(moment)


def enrol(ctx: Context, name: str, clock: Clock) -> tuple[str, list[str]]:
    secret = two_factor.begin(ctx, name).secret
    codes = two_factor.confirm(ctx, name, code_at(secret, clock.now))
    clock.advance(STEP)  # the next code belongs to a later step
    return secret, codes


def events(ctx: Context, kind: SecurityEvent) -> list[dict[str, object]]:
    """The details of the security events of ``kind``, oldest first."""
    with ctx.reading() as snapshot:
        return security_events(snapshot.session, kind.value)


def test_enrolment_needs_a_right_code_and_gives_ten_recovery_codes(ctx: Context, clock: Clock) -> None:
    enrolment = two_factor.begin(ctx, "root")
    assert enrolment.uri.startswith("otpauth://totp/") and enrolment.secret in enrolment.uri
    assert not two_factor.enrolled(ctx, "root")
    wrong = "000000" if code_at(enrolment.secret, clock.now) != "000000" else "111111"
    with pytest.raises(InvalidInput):
        two_factor.confirm(ctx, "root", wrong)
    codes = two_factor.confirm(ctx, "root", code_at(enrolment.secret, clock.now))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert two_factor.enrolled(ctx, "root")
    assert two_factor.status(ctx, User("root", Role.ADMIN)).recovery_left == 10
    with pytest.raises(Conflict):  # a second factor in use is not replaced by a new enrolment
        two_factor.begin(ctx, "root")
    assert events(ctx, SecurityEvent.TWO_FACTOR_SETUP) == [{"action": "enrol"}]


def test_a_code_is_accepted_within_the_window_and_only_once(ctx: Context, clock: Clock) -> None:
    secret, _ = enrol(ctx, "root", clock)
    code = code_at(secret, clock.now)
    assert two_factor.verify(ctx, "root", code) is two_factor.Check.TOTP
    assert two_factor.verify(ctx, "root", code) is None  # replay: the same code again is refused
    clock.advance(STEP)
    late = code_at(secret, clock.now - timedelta(seconds=STEP))  # the step before: already used, refused
    assert two_factor.verify(ctx, "root", late) is None
    assert two_factor.verify(ctx, "root", code_at(secret, clock.now + timedelta(seconds=STEP))) is two_factor.Check.TOTP
    clock.advance(5 * STEP)
    stale = code_at(secret, clock.now - timedelta(seconds=3 * STEP))  # outside the window
    assert two_factor.verify(ctx, "root", stale) is None
    assert two_factor.verify(ctx, "root", code_at(secret, clock.now)) is two_factor.Check.TOTP


def test_recovery_codes_work_once_and_regenerating_kills_the_old_ones(ctx: Context, clock: Clock) -> None:
    _, codes = enrol(ctx, "root", clock)
    assert two_factor.verify(ctx, "root", codes[0].lower().replace("-", " ")) is two_factor.Check.RECOVERY
    assert two_factor.verify(ctx, "root", codes[0]) is None  # once only
    assert two_factor.status(ctx, User("root", Role.ADMIN)).recovery_left == 9
    assert events(ctx, SecurityEvent.RECOVERY_CODE_USED) == [{"recovery_left": 9}]
    fresh = two_factor.regenerate(ctx, "root")
    assert not set(fresh) & set(codes)
    assert two_factor.verify(ctx, "root", codes[1]) is None  # an old code died with the regeneration
    assert two_factor.verify(ctx, "root", fresh[1]) is two_factor.Check.RECOVERY
    assert two_factor.verify(ctx, "root", "not-a-code") is None


def test_the_policy_requires_administrators_and_may_be_set_per_role(ctx: Context, clock: Clock) -> None:
    root, wang = User("root", Role.ADMIN), User("wang", Role.VIEWER)
    assert two_factor.required(ctx, root) and not two_factor.required(ctx, wang)
    accounts.add_user(ctx, "demo-admin", Role.ADMIN, "luoshi-demo", demo=True)
    assert not two_factor.required(ctx, User("demo-admin", Role.ADMIN))  # demo accounts are exempt
    ctx.security = type(ctx.security)(two_factor=TwoFactorPolicy(frozenset({Role.VIEWER})))
    assert two_factor.required(ctx, wang) and not two_factor.required(ctx, root)


def test_turning_off_needs_a_code_and_is_refused_where_required(ctx: Context, clock: Clock) -> None:
    secret, _ = enrol(ctx, "root", clock)
    with pytest.raises(Forbidden):
        two_factor.disable(ctx, User("root", Role.ADMIN), code_at(secret, clock.now))
    secret, _ = enrol(ctx, "wang", clock)
    wang = User("wang", Role.VIEWER)
    with pytest.raises(InvalidInput):
        two_factor.disable(ctx, wang, "12345")
    two_factor.disable(ctx, wang, code_at(secret, clock.now))
    assert not two_factor.enrolled(ctx, "wang")


def test_a_reset_removes_the_second_factor_and_ends_the_sessions(ctx: Context, clock: Clock) -> None:
    _, codes = enrol(ctx, "root", clock)
    sessions.start(ctx, User("root", Role.ADMIN), "10.0.0.5")
    assert sessions.open_sessions(ctx, "root") == 1
    assert two_factor.reset(ctx, "root", actor="boss") is True
    assert sessions.open_sessions(ctx, "root") == 0
    assert not two_factor.enrolled(ctx, "root")
    assert two_factor.verify(ctx, "root", codes[0]) is None
    assert events(ctx, SecurityEvent.TWO_FACTOR_RESET) == [{"user": "root", "sessions": 1}]
    with ctx.reading() as snapshot:
        actors = snapshot.session.scalars(
            select(AuditRow.actor).where(AuditRow.object_key == SecurityEvent.TWO_FACTOR_RESET.value)
        ).all()
    assert actors == ["boss"]
    assert two_factor.reset(ctx, "root") is False
