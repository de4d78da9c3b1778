"""schemathesis against the JSON API's OpenAPI spec, on the demo database (SQLite and PostgreSQL).

Two passes over every operation in ``/api/openapi.json``:

* as the demo account that holds each operation's permission (a bearer token for the data roles, a
  logged-in session for the three administrators, who use no tokens), so every operation is reachable:
  generated requests, valid and invalid, on real path values (the demo plan, indicator, unit, ...) and on
  generated ones, and then the reads again (fewer examples each) on what the writes stored. No response may
  be a 5xx, and every response must have a status code the spec lists for the operation, and the
  documented content type and schema;
* anonymous: every write operation refuses with 401 or 403.

Hypothesis runs derandomized with a bounded number of examples and no example database, so CI is stable and
nothing is written into the repository.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from luoshi.domain.account import Permission
from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.services.demo import DEMO_PASSWORD
from luoshi.web.app import create_app
from tests.web import api_routes, client_for, csrf_of, required_permission

pytestmark = [pytest.mark.integration, pytest.mark.slow]

MAX_EXAMPLES = 30
#: examples per read operation in the second pass, on what the writes stored
READS_AGAIN_EXAMPLES = 10
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
#: real objects of the demo, by the path prefix that names what ``{code}`` means there
DEMO_PATH_VALUES: dict[str, dict[str, Any]] = {
    "/api/indicators/": {"plan_code": "pingcheng-14", "code": "gdp"},
    "/api/tasks/": {"plan_code": "pingcheng-14", "code": "T-DAG-1"},
    "/api/units/": {"code": "pc-shenpi"},
    "/api/documents/": {"code": "seed-000"},
    "/api/plans/{plan_code}/tasks/": {"plan_code": "pingcheng-14", "code": "T-SP-1"},
    "/api/plans/": {"plan_code": "pingcheng-14"},
    "/api/admin/users/": {"name": "leader"},
    "/api/security/users/": {"name": "leader"},
    "/api/admin/units/": {"code": "pc-shenpi"},
    "/api/admin/tokens/": {"token_id": 1},
    "/api/rounds/": {"code": "pingcheng-14-2024Q3", "unit_code": "pc-shenpi"},
}


@pytest.fixture
def api(demo_ctx: Context) -> schemathesis.BaseSchema:
    """The app's spec, loaded in-process over ASGI, on the demo database (with a token 1 to revoke)."""
    accounts.create_token(demo_ctx, "leader", "to be revoked")
    return schemathesis.openapi.from_asgi("/api/openapi.json", create_app(demo_ctx))


def demo_path_values(path: str) -> dict[str, Any]:
    return next((values for prefix, values in DEMO_PATH_VALUES.items() if path.startswith(prefix)), {})


def _body_agrees_with_path(case: schemathesis.Case) -> schemathesis.Case:
    if isinstance(case.body, dict):
        case.body.update({k: v for k, v in case.path_parameters.items() if k in case.body})
    return case


def operations(schema: schemathesis.BaseSchema) -> list[schemathesis.APIOperation]:
    return [result.ok() for result in schema.get_all_operations()]


#: the demo account that calls operations needing each permission: the data roles with a bearer token, the
#: three administrators (三员分立: no tokens for them) with a logged-in session and its CSRF token
CALLER: dict[Permission | None, str] = {
    None: "planner",
    Permission.READ: "planner",
    Permission.EDIT_PLAN: "planner",
    Permission.ENTER_FIGURES: "planner",
    Permission.UPLOAD_DOCUMENTS: "planner",
    Permission.MANAGE_ROUNDS: "planner",
    Permission.REVIEW: "reviewer",
    Permission.APPROVE_UNIT: "head",
    Permission.SUPERVISE: "supervisor",
    Permission.ADMINISTER: "admin",
    Permission.MANAGE_SECURITY: "security",
    Permission.READ_AUDIT: "auditor",
}
SESSION_CALLERS = frozenset({"admin", "security", "auditor"})


class Credentials:
    """What a call carries for the account that holds the operation's permission; a new token or login when
    a generated write may have revoked or ended the last one."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        app = create_app(ctx)
        self.permissions = {
            (method, route.path): required_permission(route)
            for route in api_routes(app.routes)
            for method in route.methods
        }
        self.tokens: dict[str, str] = {}
        self.sessions: dict[str, dict[str, str]] = {}
        self.after_write = False

    def _session(self, name: str) -> dict[str, str]:
        client = client_for(self.ctx, name, DEMO_PASSWORD)
        return {"Cookie": f"luoshi_session={client.cookies['luoshi_session']}", "X-CSRF-Token": csrf_of(client)}

    def headers(self, operation: schemathesis.APIOperation) -> dict[str, str]:
        name = CALLER[self.permissions.get((operation.method.upper(), operation.path))]
        renew, self.after_write = self.after_write, False
        if name in SESSION_CALLERS:
            if name not in self.sessions or renew:
                self.sessions[name] = self._session(name)
            return self.sessions[name]
        token = self.tokens.get(name)
        if token is None or (renew and accounts.user_for_token(self.ctx, token) is None):
            token = self.tokens[name] = accounts.create_token(self.ctx, name, "schemathesis")
        return {"Authorization": f"Bearer {token}"}


def run_operation(operation: schemathesis.APIOperation, creds: Credentials, examples: int = MAX_EXAMPLES) -> None:
    known = demo_path_values(operation.path)
    strategies = [
        operation.as_strategy(mode, path_parameters=known or None)
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
    ]
    if known:
        strategies.append(operation.as_strategy(schemathesis.GenerationMode.POSITIVE))
        # a body that repeats a path value (PUT /api/admin/units/{code} with {"code": ...}) must agree with it
        strategies.append(strategies[0].map(_body_agrees_with_path))

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(strategies))
    def check(case: schemathesis.Case) -> None:
        headers = creds.headers(operation)
        # a generated revocation or end of sessions may hit the credentials in use
        creds.after_write = case.method.upper() in WRITE_METHODS
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def test_no_server_errors_as_each_permitted_role(demo_ctx: Context, api: schemathesis.BaseSchema) -> None:
    failures = []
    creds = Credentials(demo_ctx)
    every = operations(api)
    # the reads again at the end: the writes have stored generated users, units, figures and task states
    reads = [
        (op, " (after the writes)", READS_AGAIN_EXAMPLES) for op in every if op.method.upper() not in WRITE_METHODS
    ]
    for operation, when, examples in [*((op, "", MAX_EXAMPLES) for op in every), *reads]:
        try:
            run_operation(operation, creds, examples)
        except Exception as exc:
            failures.append(f"{operation.method.upper()} {operation.path}{when}: {_head(exc)}")
    assert not failures, "\n\n".join(failures)


def _head(exc: Exception, lines: int = 40) -> str:
    """The start of a failure report (schemathesis's are long: the schema, the value, a curl command)."""
    text = str(exc) + "".join(f"\n{note}" for note in getattr(exc, "__notes__", []))
    for sub in getattr(exc, "exceptions", []):
        text += f"\n{sub}"
    return "\n".join(text.splitlines()[:lines])


def test_writes_refuse_anonymous_requests(api: schemathesis.BaseSchema) -> None:
    writes = [op for op in operations(api) if op.method.upper() in WRITE_METHODS]
    assert writes, "the spec lists no write operation"
    for operation in writes:

        @settings(max_examples=10, derandomize=True, database=None, deadline=None, phases=[Phase.generate])
        @given(case=operation.as_strategy(path_parameters=demo_path_values(operation.path) or None))
        def refused(case: schemathesis.Case) -> None:
            response = case.call()
            assert response.status_code in (401, 403), (
                f"{case.operation.method.upper()} {case.operation.path} answered an anonymous request with "
                f"{response.status_code}: {response.text[:200]}"
            )

        refused()
