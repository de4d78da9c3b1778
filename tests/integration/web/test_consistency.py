"""Pages under a read lag: a reader may be served a page a little behind the newest change, but a browser
session always sees its own changes, and an API client that names a version gets at least that one."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from luoshi.services import accounts
from luoshi.services.context import Context
from tests.web import client_for, csrf_of, seed

pytestmark = pytest.mark.integration


@pytest.fixture
def lagging(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    ctx.read_lag = 30.0  # long enough that only the rules below can make a page fresh during the test
    return ctx


def gdp_now(client: object, **headers: str) -> tuple[int, float]:
    data = client.get("/api/indicators/mini/gdp", headers=headers).json()  # type: ignore[attr-defined]
    return data["progress"]["current_year"], data["progress"]["current_value"]


def test_a_session_sees_its_own_change_while_others_may_lag(lagging: Context) -> None:
    writer, watcher = client_for(lagging, "planner"), client_for(lagging, "viewer")
    assert gdp_now(writer) == gdp_now(watcher) == (2020, pytest.approx(428.2))  # both cached now
    form = {"period": "2024", "value": "510.5", "csrf_token": csrf_of(writer)}
    assert writer.post("/indicators/mini/gdp/observations", data=form).status_code == 303
    assert gdp_now(writer) == (2024, pytest.approx(510.5))  # read-your-writes: the session asks for its version
    assert writer.get("/").headers["X-Data-Version"] == str(lagging.data_version())
    assert gdp_now(watcher) == (2024, pytest.approx(510.5))  # the page is shared: brought up to date for all
    form = {"period": "2025", "value": "530", "csrf_token": csrf_of(writer)}
    assert writer.post("/indicators/mini/gdp/observations", data=form).status_code == 303
    assert gdp_now(watcher) == (2024, pytest.approx(510.5))  # within the lag, another reader may be behind
    lagging.read_lag = 0.05
    time.sleep(0.1)
    assert gdp_now(watcher) == (2025, pytest.approx(530))  # and no further than the lag


def test_an_api_client_names_the_version_it_needs(lagging: Context) -> None:
    token = accounts.create_token(lagging, "planner", "api")
    bearer = {"Authorization": f"Bearer {token}"}
    client = client_for(lagging, None)
    assert gdp_now(client, **bearer) == (2020, pytest.approx(428.2))
    written = client.post(
        "/api/indicators/mini/gdp/observations", json={"period": "2023", "value": 490}, headers=bearer
    )
    version = written.json()["version"]
    assert gdp_now(client, **bearer) == (2020, pytest.approx(428.2))  # behind, within the lag
    assert gdp_now(client, **bearer, **{"X-Min-Version": str(version)}) == (2023, pytest.approx(490))
    cockpit = client.get("/api/plans/mini/cockpit", headers={**bearer, "X-Min-Version": str(version)}).json()
    assert cockpit["data_version"] >= version
    # a nonsense header is ignored, not an error
    assert client.get("/api/plans/mini/cockpit", headers={**bearer, "X-Min-Version": "x" * 40}).status_code == 200
