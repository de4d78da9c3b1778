"""三员分立 (GB/T 22239-2019 level 3): the 系统管理员, the 安全管理员 and the 审计管理员 each do their own duty
and nothing else; none touches plan data; the last of each stays; administrators use no API tokens."""

from __future__ import annotations

import csv
import io
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from luoshi.domain.account import ADMINISTRATOR_ROLES, ROLE_PERMISSIONS, Permission, Role, User, can, operator
from luoshi.domain.errors import Forbidden
from luoshi.services import accounts, audit_trail, rounds
from luoshi.services.context import Context
from luoshi.web.auth import landing
from tests.web import PASSWORD, client_for, csrf_of, seed

pytestmark = pytest.mark.integration

KEY = "an audit export key of some length"


@pytest.fixture
def seeded(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    return ctx


def test_each_administrator_role_holds_exactly_one_duty_and_no_data_right() -> None:
    duties = [ROLE_PERMISSIONS[role] for role in ADMINISTRATOR_ROLES]
    assert duties == [{Permission.ADMINISTER}, {Permission.MANAGE_SECURITY}, {Permission.READ_AUDIT}]
    for role in Role:
        if role not in ADMINISTRATOR_ROLES:
            assert not ROLE_PERMISSIONS[role] & {
                Permission.ADMINISTER,
                Permission.MANAGE_SECURITY,
                Permission.READ_AUDIT,
            }
    # the command line's operator has every data right and none of the administrators'
    cli = operator("cli")
    assert can(cli, Permission.EDIT_PLAN) and can(cli, Permission.REVIEW) and not can(cli, Permission.READ_AUDIT)


@pytest.mark.parametrize(
    ("name", "own", "refused"),
    [
        ("admin", "/admin/users", ["/plans", "/audit", "/security", "/api/audit", "/api/security", "/api/plans"]),
        ("security", "/security", ["/plans", "/audit", "/admin/users", "/api/admin", "/api/plans", "/rounds"]),
        ("auditor", "/audit", ["/plans", "/admin/users", "/security", "/api/admin", "/api/plans", "/gaps"]),
    ],
)
def test_each_administrator_reaches_its_own_pages_only(
    seeded: Context, name: str, own: str, refused: list[str]
) -> None:
    client = client_for(seeded, name)
    home = client.get("/")
    assert home.status_code == 303 and home.headers["location"] == own  # the home page sends it to its duty
    page = client.get(own)
    assert page.status_code == 200
    assert f'href="{own}"' in page.text  # in the menu
    for path in refused:
        assert client.get(path).status_code == 403, path
    for data_link in ('href="/plans"', 'href="/gaps"'):
        assert data_link not in page.text  # no menu entry it could not open


def test_data_roles_are_refused_the_administrators_pages(seeded: Context) -> None:
    for name in ("planner", "reviewer", "reporter", "supervisor", "viewer"):
        client = client_for(seeded, name)
        for path in ("/admin/users", "/security", "/audit", "/api/audit", "/audit/export.csv"):
            assert client.get(path).status_code == 403, (name, path)
    assert landing(User("v", Role.VIEWER)) == "/"


def test_the_system_administrator_creates_accounts_but_assigns_no_role(seeded: Context) -> None:
    admin = client_for(seeded, "admin")
    headers = {"X-CSRF-Token": csrf_of(admin)}
    made = admin.post("/api/admin/users", json={"name": "zhou", "password": "Long-enough-1"}, headers=headers)
    assert made.status_code == 201 and accounts.user_by_name(seeded, "zhou").role is Role.VIEWER
    for role in ("planner", "admin", "auditor"):
        body = {"name": f"x{role}", "role": role, "password": "Long-enough-1"}
        refused = admin.post("/api/admin/users", json=body, headers=headers)
        assert refused.status_code == 403 and "安全管理员" in refused.json()["detail"]
    # it sets a unit and deactivates, but a changed role is refused and changes nothing
    changed = admin.put("/api/admin/users/zhou", json={"role": "viewer", "unit_code": "tjj"}, headers=headers)
    assert changed.status_code == 200 and accounts.user_by_name(seeded, "zhou").unit_code == "tjj"
    promoted = admin.put("/api/admin/users/zhou", json={"role": "planner", "unit_code": "tjj"}, headers=headers)
    assert promoted.status_code == 403 and accounts.user_by_name(seeded, "zhou").role is Role.VIEWER
    # no API token for an administrator (one factor where two are required)
    for name in ("admin", "security", "auditor"):
        refused = admin.post("/api/admin/tokens", json={"user": name}, headers=headers)
        assert refused.status_code == 403, name
    assert admin.post("/api/admin/tokens", json={"user": "zhou"}, headers=headers).status_code == 201


def test_the_security_administrator_assigns_roles_ends_sessions_and_shows_the_policy(seeded: Context) -> None:
    security = client_for(seeded, "security")
    headers = {"X-CSRF-Token": csrf_of(security)}
    viewer = client_for(seeded, "viewer")
    assert viewer.get("/plans/mini").status_code == 200
    made = security.put("/api/security/users/viewer/role", json={"role": "planner"}, headers=headers)
    assert made.status_code == 200 and accounts.user_by_name(seeded, "viewer").role is Role.PLANNER
    assert viewer.get("/plans/mini").status_code == 303  # the role change ended its session
    # its own role: never
    own = security.put("/api/security/users/security/role", json={"role": "auditor"}, headers=headers)
    assert own.status_code == 403 and accounts.user_by_name(seeded, "security").role is Role.SECURITY_ADMIN
    # a unit role needs a unit, which is the 系统管理员's to set
    unitless = security.put("/api/security/users/planner/role", json={"role": "reporter"}, headers=headers)
    assert unitless.status_code == 422 and "单位" in unitless.text
    # ending a user's sessions
    planner = client_for(seeded, "planner")
    ended = security.post("/api/security/users/planner/end-sessions", headers=headers)
    assert ended.json() == {"ended": 1}
    assert planner.get("/plans/mini").status_code == 303
    desk = security.get("/api/security").json()
    assert {p["setting"] for p in desk["policy"]} >= {"LUOSHI_PASSWORD_MIN_LENGTH", "LUOSHI_SESSION_IDLE_MINUTES"}
    assert [r["label"] for r in desk["matrix"]][:3] == ["系统管理员", "安全管理员", "审计管理员"]
    page = security.get("/security").text
    assert "在用的安全策略" in page and "角色与权限" in page and "分配" in page
    # it creates no account and reads no audit log
    body = {"name": "wu", "password": "Long-enough-1"}
    assert security.post("/api/admin/users", json=body, headers=headers).status_code == 403


def test_the_last_of_each_administrator_role_stays(seeded: Context) -> None:
    security = client_for(seeded, "security")
    admin = client_for(seeded, "admin")
    s_headers, a_headers = {"X-CSRF-Token": csrf_of(security)}, {"X-CSRF-Token": csrf_of(admin)}
    # the only 审计管理员 cannot be given another role, nor deactivated
    moved = security.put("/api/security/users/auditor/role", json={"role": "viewer"}, headers=s_headers)
    assert moved.status_code == 403 and "最后一个" in moved.json()["detail"]
    off = admin.put("/api/admin/users/auditor", json={"role": "auditor", "active": False}, headers=a_headers)
    assert off.status_code == 403 and accounts.user_by_name(seeded, "auditor").active
    # the only 安全管理员 cannot be deactivated by the 系统管理员, nor the admin deactivate itself
    off = admin.put("/api/admin/users/security", json={"role": "security_admin", "active": False}, headers=a_headers)
    assert off.status_code == 403
    assert (
        admin.put("/api/admin/users/admin", json={"role": "admin", "active": False}, headers=a_headers).status_code
        == 403
    )
    # with a second 审计管理员, the first may go
    accounts.add_user(seeded, "auditor2", Role.AUDITOR, PASSWORD, demo=True)
    off = admin.put("/api/admin/users/auditor", json={"role": "auditor", "active": False}, headers=a_headers)
    assert off.status_code == 200 and not accounts.user_by_name(seeded, "auditor").active
    # the service refuses it whoever calls (the command line too)
    with pytest.raises(Forbidden, match="最后一个"):
        accounts.update_user(seeded, User("auditor2", Role.VIEWER))


def test_the_auditor_reads_verifies_and_exports_the_audit_log(seeded: Context) -> None:
    seeded.audit_export_key = KEY
    auditor = client_for(seeded, "auditor")
    page = auditor.get("/audit", params={"check": 1})
    assert page.status_code == 200 and "哈希链完整" in page.text and "导出签名 JSON" in page.text
    assert auditor.get("/api/audit/verify").json()["intact"] is True
    exported = auditor.get("/audit/export.csv")
    assert exported.status_code == 200 and "attachment" in exported.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["id", "seq", "at", "actor"] and len(rows) > 5
    signed = auditor.get("/audit/export.json")
    document = json.loads(signed.content)
    assert audit_trail.sign(KEY, document) == document["signature"]
    # the export is itself an audit entry naming the 审计管理员
    exports = auditor.get("/api/audit", params={"event": "audit_export"}).json()["items"]
    assert [e["actor"] for e in exports] == ["auditor", "auditor"]


def test_reopening_approved_data_is_the_bureaus_not_the_administrators(seeded: Context) -> None:
    with pytest.raises(Forbidden):
        rounds.reopen(seeded, User("admin", Role.ADMIN), "no-such-round", "tjj", "更正")
    # the planner passes the permission check (and then learns the round does not exist)
    with pytest.raises(Exception) as found:
        rounds.reopen(seeded, User("planner", Role.PLANNER), "no-such-round", "tjj", "更正")
    assert not isinstance(found.value, Forbidden)


def test_two_demotions_at_once_leave_one_auditor(ctx: Context) -> None:
    """Two changes at the same moment, each of which would leave the other auditor: one wins, one is refused
    (the auditors' rows are locked while the change looks for another), on SQLite and PostgreSQL."""
    for name in ("aud1", "aud2"):
        accounts.add_user(ctx, name, Role.AUDITOR, PASSWORD, demo=True)
    barrier = threading.Barrier(2)

    def demote(name: str) -> str:
        barrier.wait()
        try:
            accounts.update_user(ctx, User(name, Role.VIEWER))
        except Forbidden:
            return "refused"
        return "changed"

    with ThreadPoolExecutor(2) as pool:
        results = sorted(pool.map(demote, ["aud1", "aud2"]))
    assert results == ["changed", "refused"]
    assert len([u for u in accounts.users(ctx) if u.role is Role.AUDITOR and u.active]) == 1
