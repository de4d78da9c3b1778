"""The read cache: results reused while the data version holds, computed once when many ask at once."""

from __future__ import annotations

import threading
import time

import pytest

from luoshi.services.context import ReadCache


def test_a_result_is_reused_until_the_version_moves() -> None:
    cache, calls = ReadCache(), []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get("k", 1, compute) == 1
    assert cache.get("k", 1, compute) == 1
    assert cache.get("k", 2, compute) == 2


def test_concurrent_misses_compute_once_and_share_the_result() -> None:
    cache, calls = ReadCache(), []
    start = threading.Barrier(8)
    results: list[int] = []

    def compute() -> int:
        calls.append(1)
        time.sleep(0.05)  # long enough for every other thread to arrive while this one computes
        return 42

    def ask() -> None:
        start.wait()
        results.append(cache.get("plan", 7, compute))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 8
    assert len(calls) == 1


def test_a_failed_computation_is_not_cached() -> None:
    cache = ReadCache()

    def fail() -> int:
        raise LookupError("no plan")

    for _ in range(2):
        with pytest.raises(LookupError):
            cache.get("k", 1, fail)
    assert cache.get("k", 1, lambda: 3) == 3
