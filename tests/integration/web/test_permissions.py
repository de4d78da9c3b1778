"""The permission matrix: every route × every role (and anonymous), from the routes themselves.

Each route declares the permission it needs through a ``require(...)`` dependency; this test finds it,
calls the route as every role, and checks: anonymous gets 401 (API) or a login redirect (pages), a role
without the permission gets 403, a role with it gets past the check. Routes without a permission must be
on the short public list.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.routing import Mount

from luoshi.domain.account import Permission, Role, User, can
from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.web.app import create_app
from luoshi.web.auth import landing
from tests.web import ACCOUNTS, PASSWORD, api_routes, client_for, csrf_of, required_permission, seed

pytestmark = pytest.mark.integration

PUBLIC = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/healthz"),
    ("GET", "/public"),
    ("GET", "/api/public/indicators"),
    ("POST", "/logout"),
    # one's own password: any logged-in account (the route itself sends an anonymous browser to /login)
    ("GET", "/password"),
    ("POST", "/password"),
    # the second step of a login (a session awaiting its second factor), and one's own second factor
    ("GET", "/login/2fa"),
    ("POST", "/login/2fa"),
    ("GET", "/account/2fa"),
    ("POST", "/account/2fa/begin"),
    ("POST", "/account/2fa/confirm"),
    ("POST", "/account/2fa/recovery"),
    ("POST", "/account/2fa/disable"),
    ("GET", "/api/openapi.json"),
    ("GET", "/api/docs"),
}
#: routes whose right depends on the object beyond the declared permission: approving a submission is the
#: unit head's or the bureau's by the level it awaits, reopening is an administrator's
OBJECT_CHECKED = {
    ("POST", "/rounds/{code}/units/{unit_code}/decision"),
    ("POST", "/api/rounds/{code}/units/{unit_code}/{action}"),
}
PATH_VALUES = {
    "plan_code": "mini",
    "code": "gdp",
    "name": "spare",  # an account nobody's client uses: ending its sessions ends no one's in this test
    "token_id": "1",
    "unit_code": "tjj",
    "fmt": "csv",
}
TASK_PATH_VALUES = {**PATH_VALUES, "code": "T1"}


def routes(ctx: Context) -> list[tuple[str, str, Permission | None]]:
    app = create_app(ctx)
    out = []
    for route in api_routes(app.routes):
        for method in sorted(route.methods - {"HEAD"}):
            out.append((method, route.path, required_permission(route)))
    assert sum(isinstance(r, Mount) for r in app.routes) == 1  # /static
    return out


def fill(path: str) -> str:
    values = TASK_PATH_VALUES if "/tasks/" in path else PATH_VALUES
    for key, value in values.items():
        path = path.replace("{" + key + "}", value)
    return path


@pytest.fixture
def seeded(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    accounts.create_token(ctx, "viewer", "matrix")  # token 1 exists for the revoke route
    accounts.add_user(ctx, "spare", Role.VIEWER, PASSWORD)
    return ctx


def test_every_route_declares_a_permission_or_is_public(ctx: Context) -> None:
    found = routes(ctx)
    assert len(found) >= 25
    undeclared = [(m, p) for m, p, perm in found if perm is None and (m, p) not in PUBLIC]
    assert undeclared == []


def test_permission_matrix(seeded: Context) -> None:
    table = [(m, p, perm) for m, p, perm in routes(seeded) if perm is not None]
    assert len(table) >= 20
    clients = {name: client_for(seeded, name) for name in [None, *ACCOUNTS]}
    tokens = {name: csrf_of(c) for name, c in clients.items() if name is not None}

    failures = []
    for method, path, permission in table:
        for name, client in clients.items():
            headers = {"X-CSRF-Token": tokens[name]} if name else {}
            response = client.request(method, fill(path), headers=headers, json={} if method != "GET" else None)
            code = response.status_code
            if name is None:
                expected_ok = code == 401 or (code == 303 and response.headers["location"].startswith("/login"))
            else:
                role, unit = ACCOUNTS[name]
                allowed = can(User(name, role, unit_code=unit), permission, unit_code=unit)
                expected_ok = (code == 403) if not allowed else code not in (401, 403)
                if not allowed and (method, path) == ("GET", "/"):  # home: an administrator goes to its own
                    expected_ok = code == 303 and response.headers["location"] == landing(User(name, role))
                if (
                    allowed
                    and code == 403
                    and permission is Permission.ENTER_FIGURES
                    and name not in ("reporter", "head")
                ):
                    expected_ok = True  # unit-bound: a reporter of another unit is refused by the object check
                if allowed and code == 403 and (method, path) in OBJECT_CHECKED:
                    expected_ok = True
            if not expected_ok:
                failures.append(f"{method} {path} as {name}: {code}")
    assert failures == [], "\n".join(failures)


def test_unauthenticated_writes_in_openapi_are_refused(seeded: Context) -> None:
    client = client_for(seeded, None)
    spec = client.get("/api/openapi.json").json()
    writes = [
        (m.upper(), p) for p, ops in spec["paths"].items() for m in ops if m in {"post", "put", "patch", "delete"}
    ]
    assert writes
    for method, path in writes:
        assert client.request(method, fill(path), json={}).status_code in (401, 403), (method, path)
