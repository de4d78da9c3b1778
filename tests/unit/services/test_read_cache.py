"""The read cache: results kept at the data version they were computed from, reused while it holds,
built from the previous result when it moves, and built once when many ask at once."""

from __future__ import annotations

import threading
import time

import pytest

from luoshi.services.context import ReadCache, ReadPolicy, Versioned


def test_a_result_is_reused_until_the_version_moves() -> None:
    cache, calls = ReadCache(), []

    def build(previous: Versioned[int] | None) -> Versioned[int]:
        calls.append(previous)
        return Versioned(len(calls), len(calls))

    assert cache.get("k", 1, build).value == 1
    assert cache.get("k", 1, build).value == 1
    assert cache.get("k", 2, build).value == 2
    assert calls == [None, Versioned(1, 1)]  # the second build was handed the first result


def test_a_result_built_at_a_newer_version_serves_the_older_asks() -> None:
    cache = ReadCache()
    assert cache.get("k", 3, lambda _: Versioned(5, "at 5")).value == "at 5"
    # asked at 4 (a reader that checked the version before the writer at 5 committed): still at 5, no build
    assert cache.get("k", 4, lambda _: pytest.fail("built again")).value == "at 5"
    assert cache.get("k", 6, lambda prev: Versioned(6, f"{prev.value if prev else ''} then 6")).value == "at 5 then 6"


def test_an_older_build_does_not_replace_a_newer_entry() -> None:
    cache = ReadCache()
    cache.get("k", 9, lambda _: Versioned(9, "new"))
    cache.get("k", 10, lambda _: Versioned(8, "old"))  # a builder that read an older snapshot
    assert cache.get("k", 9, lambda _: pytest.fail("built again")).value == "new"


def test_concurrent_misses_compute_once_and_share_the_result() -> None:
    cache, calls = ReadCache(), []
    start = threading.Barrier(8)
    results: list[int] = []

    def build(_previous: Versioned[int] | None) -> Versioned[int]:
        calls.append(1)
        time.sleep(0.05)  # long enough for every other thread to arrive while this one computes
        return Versioned(7, 42)

    def ask() -> None:
        start.wait()
        results.append(cache.get("plan", 7, build).value)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 8
    assert len(calls) == 1


def test_a_failed_computation_is_not_cached() -> None:
    cache = ReadCache()

    def fail(_previous: Versioned[int] | None) -> Versioned[int]:
        raise LookupError("no plan")

    for _ in range(2):
        with pytest.raises(LookupError):
            cache.get("k", 1, fail)
    assert cache.get("k", 1, lambda _: Versioned(1, 3)).value == 3


def test_under_a_lag_a_recent_result_is_served_until_the_lag_passes() -> None:
    cache = ReadCache()
    cache.get("k", 1, lambda _: Versioned(1, "one"))
    lagging = ReadPolicy(lag=60.0)
    assert cache.get("k", 2, lambda _: pytest.fail("built within the lag"), lagging).value == "one"
    # a reader whose own change is at version 2 is not served the older result
    assert cache.get("k", 2, lambda _: Versioned(2, "two"), ReadPolicy(lag=60.0, floor=2)).value == "two"
    old = Versioned(2, "two", at=time.monotonic() - 61)
    cache.clear()
    cache.get("k", 2, lambda _: old)
    assert cache.get("k", 3, lambda _: Versioned(3, "three"), lagging).value == "three"  # past the lag


def test_under_a_lag_readers_do_not_wait_for_the_one_bringing_it_up_to_date() -> None:
    cache = ReadCache()
    cache.get("k", 1, lambda _: Versioned(1, "one", at=time.monotonic() - 100))
    building = threading.Event()
    release = threading.Event()

    def slow(_previous: Versioned[str] | None) -> Versioned[str]:
        building.set()
        release.wait(5)
        return Versioned(2, "two")

    lagging = ReadPolicy(lag=1.0)
    builder = threading.Thread(target=lambda: cache.get("k", 2, slow, lagging))
    builder.start()
    building.wait(5)
    assert cache.get("k", 2, lambda _: pytest.fail("a second build"), lagging).value == "one"  # served at once
    release.set()
    builder.join()
    assert cache.get("k", 2, lambda _: pytest.fail("built again")).value == "two"


def test_a_result_found_newest_is_served_without_asking_again_within_the_lag() -> None:
    cache = ReadCache()
    lagging = ReadPolicy(lag=60.0)
    old = Versioned(4, "four", at=time.monotonic() - 100)
    cache.get("k", 4, lambda _: old)
    assert cache.recent("k", lagging) is None  # found newest too long ago: the version must be asked for
    confirmed = cache.get("k", 4, lambda _: pytest.fail("built again"), lagging)
    assert confirmed.value == "four" and confirmed.at > old.at  # still the newest: its lag starts again
    assert cache.recent("k", lagging) is confirmed
    assert cache.recent("k", ReadPolicy(lag=60.0, floor=5)) is None  # a reader who wrote version 5
    assert cache.recent("k", ReadPolicy()) is None  # strict readers always ask
