"""Inputs the domain refuses are 422s in the documented shape (HTTPValidationError), never 500s.

Each case is a request that schemathesis once found ending in a 500, or in a 422 whose body the spec
does not describe.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.web.app import create_app
from tests.web import client_for, csrf_of, seed

pytestmark = pytest.mark.integration

OBSERVATIONS = "/api/indicators/mini/gdp/observations"
#: account, method, path, JSON body, the field the 422 names (None: not checked); the planner calls with an API
#: token, the administrators (who use no tokens) with their logged-in session
REFUSED: list[tuple[str, str, str, dict[str, Any] | None, str | None]] = [
    ("planner", "POST", OBSERVATIONS, {"period": "0000", "value": 300.0}, "period"),  # was year 0, unreadable
    ("planner", "POST", OBSERVATIONS, {"period": "2021-2020", "value": 3.0}, "period"),  # refused by the domain
    ("planner", "POST", OBSERVATIONS, {"period": "2021", "value": 3.0, "unit": "斤"}, "unit"),
    ("planner", "POST", OBSERVATIONS, {"period": "2021", "value": 1e305}, "value"),  # 1e305 亿元: infinite 元
    ("planner", "POST", OBSERVATIONS, {"period": "2021", "value": "NaN"}, "value"),
    ("admin", "POST", "/api/admin/users", {"name": "rep", "password": "long-enough"}, None),  # a weak password
    ("auditor", "GET", "/api/audit?page=184467440737095518", None, "page"),  # an OFFSET past 64 bits
    ("auditor", "GET", "/api/audit?page=0", None, "page"),  # a negative OFFSET
    ("admin", "POST", "/api/admin/tokens/9223372036854775808/revoke", None, "token_id"),  # past a 32-bit key
]


def test_refused_input_is_a_documented_422(ctx: Context, mini_plan: Path) -> None:
    seed(ctx, mini_plan)
    token = TestClient(create_app(ctx), raise_server_exceptions=False)
    token.headers["Authorization"] = f"Bearer {accounts.create_token(ctx, 'planner')}"
    clients = {"planner": (token, {})}
    for name in ("admin", "auditor"):
        client = client_for(ctx, name)
        clients[name] = (client, {"X-CSRF-Token": csrf_of(client)})
    for name, method, path, body, field in REFUSED:
        client, headers = clients[name]
        response = client.request(method, path, json=body, headers=headers)
        assert response.status_code == 422, f"{method} {path} {body}: {response.status_code} {response.text}"
        [problem] = response.json()["detail"]
        assert set(problem) == {"loc", "msg", "type", "msg_zh"} and problem["msg"] and problem["msg_zh"], problem
        assert field is None or problem["loc"][-1] == field, problem
