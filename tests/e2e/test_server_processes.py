"""Several server processes on one database: a write through one is in the other's cockpit at once, and
writes that meet each other over HTTP are all answered 2xx (SQLite file and PostgreSQL)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy import func, select

from luoshi.domain.account import Role
from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.services.plans import init_database, load_plan
from luoshi.storage.tables import AuditRow, ObservationRow

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

LUOSHI = [sys.executable, "-m", "luoshi.cli.main"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(url: str, *extra: str) -> Iterator[str]:
    """``luoshi serve`` in a process of its own on a free loopback port."""
    port = free_port()
    env = {**os.environ, "LUOSHI_DATABASE_URL": url}
    process = subprocess.Popen(
        [*LUOSHI, "serve", "--port", str(port), *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                raise RuntimeError(f"luoshi serve did not start: {output}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture
def served(database_url: str, mini_plan: Path) -> Iterator[tuple[str, Context, dict[str, str]]]:
    ctx = Context.from_url(database_url)
    init_database(ctx)
    load_plan(ctx, mini_plan)
    accounts.add_user(ctx, "planner", Role.PLANNER, "correct-horse-1")
    headers = {"Authorization": f"Bearer {accounts.create_token(ctx, 'planner', 'test')}"}
    try:
        yield database_url, ctx, headers
    finally:
        ctx.dispose()


def current(base: str, headers: dict[str, str], at_least: int | None = None) -> tuple[int | None, float | None]:
    asked = {**headers, "X-Min-Version": str(at_least)} if at_least is not None else headers
    page = httpx.get(f"{base}/api/indicators/mini/gdp", headers=asked, timeout=30)
    assert page.status_code == 200, page.text
    progress = page.json()["progress"]
    return progress["current_year"], progress["current_value"]


def test_a_write_through_one_process_is_in_the_others_cockpit(served: tuple[str, Context, dict[str, str]]) -> None:
    url, _, headers = served
    with server(url) as a, server(url) as b:
        assert current(b, headers) == (2020, pytest.approx(428.2))  # b has read and cached the plan
        cockpit = httpx.get(f"{b}/api/plans/mini/cockpit", headers=headers, timeout=30)
        assert cockpit.status_code == 200
        posted = httpx.post(
            f"{a}/api/indicators/mini/gdp/observations", json={"period": "2024", "value": 560.5}, headers=headers
        )
        assert posted.status_code == 200 and posted.json()["result"] == "created"
        version = posted.json()["version"]
        # asked for the version the write answered, b serves it at once
        assert current(b, headers, at_least=version) == (2024, pytest.approx(560.5))
        # a reader that asks for nothing sees it within the read lag (250 ms by default)
        deadline = time.monotonic() + 1.0
        while True:
            cockpit = httpx.get(f"{b}/api/plans/mini/cockpit", headers=headers, timeout=30).json()
            if cockpit["data_version"] >= version:
                break
            assert time.monotonic() < deadline, "the other process did not show the write within 1 s"
            time.sleep(0.05)
        assert cockpit["latest"][0]["period"] == "2024" and "560.5" in cockpit["latest"][0]["text"]


def test_twenty_concurrent_first_writes_over_http(served: tuple[str, Context, dict[str, str]]) -> None:
    url, ctx, headers = served
    statuses: list[int] = []
    start = threading.Barrier(20)
    with server(url) as a, server(url) as b:

        def post(k: int) -> None:
            start.wait()
            response = httpx.post(
                f"{(a, b)[k % 2]}/api/indicators/mini/gdp/observations",
                json={"period": "2022", "value": 450 + k},
                headers=headers,
                timeout=60,
            )
            statuses.append(response.status_code)

        threads = [threading.Thread(target=post, args=(k,)) for k in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(statuses) == [200] * 20
    with ctx.reading() as snapshot:
        rows = snapshot.session.scalar(
            select(func.count()).select_from(ObservationRow).where(ObservationRow.period == "2022")
        )
        audited = snapshot.session.scalar(
            select(func.count()).select_from(AuditRow).where(AuditRow.object_key.like("mini/gdp/%:2022:%"))
        )
    assert (rows, audited) == (1, 20)


def test_serve_with_workers_shows_every_write_at_once(served: tuple[str, Context, dict[str, str]]) -> None:
    url, _, headers = served
    with server(url, "--workers", "2") as base:
        for k in range(12):  # each request may land on either process
            value = 500 + k
            posted = httpx.post(
                f"{base}/api/indicators/mini/gdp/observations",
                json={"period": "2024", "value": value},
                headers=headers,
                timeout=30,
            )
            assert posted.status_code == 200, posted.text
            assert current(base, headers, at_least=posted.json()["version"]) == (2024, pytest.approx(value))
