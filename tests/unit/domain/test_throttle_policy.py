"""The login throttle's policy, on plain values: pair back-off, the address ceiling, the wait as text."""

from __future__ import annotations

import doctest
from datetime import UTC, datetime, timedelta

import pytest

from luoshi.domain import throttle
from luoshi.domain.throttle import Failures, Limit, ThrottlePolicy, Verdict, verdict, wait_seconds, wait_text

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
POLICY = ThrottlePolicy()


def seconds(n: float) -> timedelta:
    return timedelta(seconds=n)


def test_the_pair_delay_doubles_from_one_second_to_the_cap() -> None:
    delays = [POLICY.pair_delay(n).total_seconds() for n in range(0, 17)]
    assert delays == [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]
    assert POLICY.pair_delay(10_000) == timedelta(minutes=15)  # no overflow however long the streak


def test_few_failures_need_no_wait() -> None:
    assert verdict(POLICY, Failures(), NOW) == Verdict()
    four = Failures(pair=4, pair_last=NOW, address=(NOW,) * 4)
    assert verdict(POLICY, four, NOW).allowed


def test_the_pair_waits_from_its_last_failure() -> None:
    seven = Failures(pair=7, pair_last=NOW - seconds(1), address=(NOW - seconds(1),) * 7)
    refused = verdict(POLICY, seven, NOW)
    assert not refused.allowed and refused.limit is Limit.PAIR and refused.wait == seconds(3)
    assert verdict(POLICY, seven, NOW + seconds(3)).allowed


def test_the_address_ceiling_slides_with_its_window() -> None:
    policy = ThrottlePolicy(address_failures=3, address_window=timedelta(minutes=15))
    # newest first: one failure per name, so no pair is anywhere near its limit
    recent = (NOW - seconds(10), NOW - seconds(20), NOW - timedelta(minutes=14))
    refused = verdict(policy, Failures(pair=1, pair_last=recent[0], address=recent), NOW)
    assert refused.limit is Limit.ADDRESS and refused.wait == timedelta(minutes=1)
    assert verdict(policy, Failures(address=recent[:2]), NOW).allowed


def test_the_ceiling_counts_the_nth_newest_failure_not_the_oldest() -> None:
    policy = ThrottlePolicy(address_failures=2)
    recent = (NOW - seconds(5), NOW - seconds(60))  # at most address_failures times are read
    assert verdict(policy, Failures(address=recent), NOW).wait == timedelta(minutes=15) - seconds(60)


def test_the_longer_wait_wins() -> None:
    policy = ThrottlePolicy(address_failures=5)
    both = Failures(pair=6, pair_last=NOW, address=(NOW,) * 5)
    assert verdict(policy, both, NOW) == Verdict(timedelta(minutes=15), Limit.ADDRESS)


def test_a_bad_policy_is_refused() -> None:
    with pytest.raises(ValueError):
        ThrottlePolicy(pair_failures=0)
    with pytest.raises(ValueError):
        ThrottlePolicy(max_delay=timedelta(0))


def test_the_defaults_leave_room_for_an_office() -> None:
    assert POLICY.address_failures == 100 and POLICY.address_window == timedelta(minutes=15)
    assert POLICY.memory == timedelta(days=1)


@pytest.mark.parametrize(
    ("wait", "text", "header"),
    [
        (0.2, "1 秒", 1),
        (1, "1 秒", 1),
        (59, "59 秒", 59),
        (59.5, "1 分钟", 60),
        (60, "1 分钟", 60),
        (61, "2 分钟", 61),
        (900, "15 分钟", 900),
    ],
)
def test_the_wait_as_text_and_header(wait: float, text: str, header: int) -> None:
    assert wait_text(seconds(wait)) == text and wait_seconds(seconds(wait)) == header


def test_docstring_examples() -> None:
    result = doctest.testmod(throttle)
    assert result.attempted > 0 and result.failed == 0
