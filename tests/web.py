"""Helpers for driving the web app in tests: a client per role, logged in through the real login form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute

from luoshi.domain.account import ADMINISTRATOR_ROLES, Permission, Role, User
from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.services.plans import load_plan
from luoshi.web.app import create_app

PASSWORD = "correct-horse-1"
#: one account per role; the reporters are bound to the mini plan's units (tjj owns gdp)
ACCOUNTS = {
    "admin": (Role.ADMIN, None),
    "security": (Role.SECURITY_ADMIN, None),
    "auditor": (Role.AUDITOR, None),
    "planner": (Role.PLANNER, None),
    "reviewer": (Role.REVIEWER, None),
    "reporter": (Role.REPORTER, "tjj"),
    "other_reporter": (Role.REPORTER, "fgj"),
    "head": (Role.UNIT_HEAD, "tjj"),
    "supervisor": (Role.SUPERVISOR, None),
    "viewer": (Role.VIEWER, None),
}


def seed(ctx: Context, plan: Path) -> None:
    """The mini plan and one account per role. The three administrators are demo accounts (like scripts/demo.sh's),
    so exempt from the second factor its role otherwise must have; tests/integration/web/test_two_factor.py
    logs real administrators in with their codes."""
    load_plan(ctx, plan)
    people = [User(name, role, name, unit) for name, (role, unit) in ACCOUNTS.items()]
    accounts.add_users(ctx, [u for u in people if u.role not in ADMINISTRATOR_ROLES], PASSWORD)
    accounts.add_users(ctx, [u for u in people if u.role in ADMINISTRATOR_ROLES], PASSWORD, demo=True)


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def client_for(ctx: Context, name: str | None, password: str = PASSWORD) -> TestClient:
    """A client logged in as ``name`` with ``password`` (None: anonymous)."""
    client = TestClient(create_app(ctx), follow_redirects=False)
    if name is None:
        return client
    page = client.get("/login")
    response = client.post(
        "/login", data={"name": name, "password": password, "csrf_token": csrf_from(page.text), "next": "/"}
    )
    assert response.status_code == 303, response.text
    return client


def csrf_of(client: TestClient) -> str:
    """The session's CSRF token, from a page every logged-in account may open (one's own password)."""
    return csrf_from(client.get("/password", follow_redirects=True).text)


def required_permission(route: APIRoute) -> Permission | None:
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        permission = getattr(dep.call, "permission", None)
        if permission is not None:
            return Permission(permission)
        stack.extend(dep.dependencies)
    return None


def api_routes(routes: list[BaseRoute]) -> Iterator[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI keeps those as wrappers of the original)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif (original := getattr(route, "original_router", None)) is not None:
            yield from api_routes(original.routes)
