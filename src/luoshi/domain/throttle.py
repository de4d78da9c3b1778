"""Login throttling: how long a login attempt must wait, given the failed logins remembered for it.

Two limits, and neither lets a stranger lock a user out:

- **a pair** (account name, client address): the first ``pair_failures`` failures are free; after that each
  further try from the pair waits ``first_delay`` doubled for every failure beyond them (1 s, 2 s, 4 s ...),
  at most ``max_delay``, counted from the pair's last failure. A pair's failures are remembered for
  ``pair_window``, and a correct login from the pair forgets them. Failures from one address never slow
  down the same name from another address: the right password still works from the user's own desk.
- **an address**, across all names: at most ``address_failures`` failures within ``address_window``; past
  that the address waits until the oldest of them leaves the window. The ceiling is set far above what an
  office behind one proxy mistypes, so it stops a password-spraying address, not a building.

Attempts that are refused are not failures: hammering a refused pair does not make its wait longer.

>>> policy = ThrottlePolicy()
>>> [policy.pair_delay(n).seconds for n in (4, 5, 6, 7, 15)]
[0, 1, 2, 4, 900]
>>> now = datetime.fromisoformat('2026-03-01T09:00:00+00:00')
>>> five = Failures(pair=5, pair_last=now - timedelta(seconds=0.25), address=(now,) * 5)
>>> verdict(policy, five, now)
Verdict(wait=datetime.timedelta(microseconds=750000), limit=<Limit.PAIR: 'pair'>)
>>> wait_text(timedelta(seconds=0.75)), wait_text(timedelta(seconds=61))
('1 秒', '2 分钟')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

#: beyond this many doublings every delay is the cap anyway (and 2**n stays a small number)
_MAX_DOUBLINGS = 40


class Limit(StrEnum):
    """Which limit refused an attempt."""

    PAIR = "pair"  # too many failures for this name from this address
    ADDRESS = "address"  # too many failures from this address, whatever the names


@dataclass(frozen=True)
class ThrottlePolicy:
    """The numbers of the two limits (see the module docstring); Settings builds one from the environment."""

    pair_failures: int = 5
    first_delay: timedelta = timedelta(seconds=1)
    max_delay: timedelta = timedelta(minutes=15)
    pair_window: timedelta = timedelta(days=1)
    address_failures: int = 100
    address_window: timedelta = timedelta(minutes=15)

    def __post_init__(self) -> None:
        if self.pair_failures < 1 or self.address_failures < 1:
            raise ValueError("a throttle needs at least one free failure per pair and per address")
        if min(self.first_delay, self.max_delay, self.pair_window, self.address_window) <= timedelta(0):
            raise ValueError("throttle delays and windows must be positive")

    @property
    def memory(self) -> timedelta:
        """How long a failure matters to either limit: older ones can be deleted."""
        return max(self.pair_window, self.address_window)

    def pair_delay(self, failures: int) -> timedelta:
        """The wait after the last of a pair's ``failures``: 0 while they are few, then doubling to the cap."""
        if failures < self.pair_failures:
            return timedelta(0)
        doublings = min(failures - self.pair_failures, _MAX_DOUBLINGS)
        return min(self.first_delay * (1 << doublings), self.max_delay)


@dataclass(frozen=True)
class Failures:
    """The failed logins that bear on one attempt, as read from the store at one moment.

    ``pair`` counts the pair's failures within ``pair_window`` and ``pair_last`` is the newest of them;
    ``address`` holds the times of the address's newest failures within ``address_window``, newest first,
    at most ``address_failures`` of them (more would not change the verdict).
    """

    pair: int = 0
    pair_last: datetime | None = None
    address: tuple[datetime, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """How long the attempt must wait (zero: go ahead and check the password), and which limit says so."""

    wait: timedelta = timedelta(0)
    limit: Limit | None = None

    @property
    def allowed(self) -> bool:
        return self.limit is None


def verdict(policy: ThrottlePolicy, failures: Failures, now: datetime) -> Verdict:
    """May an attempt go ahead at ``now``? If not, the longer of the two limits' waits."""
    waits: list[tuple[timedelta, Limit]] = []
    if failures.pair_last is not None:
        pair_wait = failures.pair_last + policy.pair_delay(failures.pair) - now
        if pair_wait > timedelta(0):
            waits.append((pair_wait, Limit.PAIR))
    if len(failures.address) >= policy.address_failures:
        address_wait = failures.address[policy.address_failures - 1] + policy.address_window - now
        if address_wait > timedelta(0):
            waits.append((address_wait, Limit.ADDRESS))
    if not waits:
        return Verdict()
    wait, limit = max(waits)
    return Verdict(wait, limit)


def wait_seconds(wait: timedelta) -> int:
    """Whole seconds, rounded up (for ``Retry-After``): ``wait_seconds(timedelta(seconds=0.2)) == 1``."""
    return max(1, math.ceil(wait.total_seconds()))


def wait_text(wait: timedelta) -> str:
    """The wait as a person reads it: seconds under a minute, else whole minutes (both rounded up)."""
    seconds = wait_seconds(wait)
    if seconds < 60:
        return f"{seconds} 秒"
    return f"{math.ceil(seconds / 60)} 分钟"
