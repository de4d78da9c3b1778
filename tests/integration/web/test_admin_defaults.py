"""The admin page's defaults are the least surprising and least privileged: a new user is a viewer (the
安全管理员 assigns any other role: 三员分立), a new unit is in the plan's region; the header names the user and
the role once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from luoshi.domain.account import ROLE_LABELS, Role
from luoshi.services import accounts
from luoshi.services.context import Context
from tests.web import PASSWORD, client_for, csrf_from, seed

pytestmark = pytest.mark.integration


@pytest.fixture
def seeded(ctx: Context, mini_plan: Path) -> Context:
    seed(ctx, mini_plan)
    return ctx


def _form(html: str, action: str) -> str:
    match = re.search(rf'<form method="post" action="{re.escape(action)}" class="inline">(.*?)</form>', html, re.S)
    assert match, f"no form posting to {action}"
    return match.group(1)


def _selected(form: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', form, re.S)
    assert select, f"no select {name}"
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select.group(1))


def test_the_new_user_form_gives_the_viewer_role_and_names_who_assigns_others(seeded: Context) -> None:
    form = _form(client_for(seeded, "admin").get("/admin/users").text, "/admin/users")
    assert '<input type="hidden" name="role" value="viewer">' in form
    assert '<select name="role"' not in form
    assert "其他角色由安全管理员分配" in form


def test_a_user_added_without_choosing_a_role_is_a_viewer(seeded: Context) -> None:
    admin = client_for(seeded, "admin")
    token = csrf_from(admin.get("/admin/users").text)
    form = {"name": "zhao", "password": "long-enough-1", "csrf_token": token}
    assert admin.post("/admin/users", data=form).status_code == 303
    assert accounts.user_by_name(seeded, "zhao").role is Role.VIEWER
    created = admin.post(
        "/api/admin/users", json={"name": "qian", "password": "long-enough-1"}, headers={"X-CSRF-Token": token}
    )
    assert created.status_code == 201
    assert accounts.user_by_name(seeded, "qian").role is Role.VIEWER
    # the 系统管理员 may not choose another role (三员分立): refused, nothing written
    refused = admin.post("/admin/users", data={**form, "name": "sun", "role": "planner"})
    assert refused.status_code == 403 and "安全管理员" in refused.text
    assert "sun" not in {u.name for u in accounts.users(seeded)}
    # ... the 安全管理员 assigns it
    security = client_for(seeded, "security")
    headers = {"X-CSRF-Token": csrf_from(security.get("/security").text)}
    assigned = security.put("/api/security/users/qian/role", json={"role": "planner"}, headers=headers)
    assert assigned.status_code == 200
    assert accounts.user_by_name(seeded, "qian").role is Role.PLANNER


def test_the_new_unit_form_preselects_the_plans_region(seeded: Context) -> None:
    admin = client_for(seeded, "admin")
    html = admin.get("/admin/users").text
    # the mini plan is 示例区 (990101); its province 示例省 comes first in the list
    assert _selected(_form(html, "/admin/units"), "region_code") == ["990101"]
    assert admin.get("/api/admin").json()["default_region"] == "990101"
    assert admin.get("/api/admin").json()["default_role"] == "viewer"


def test_without_a_plan_the_unit_form_asks_for_a_region(ctx: Context) -> None:
    accounts.add_user(ctx, "admin", Role.ADMIN, PASSWORD, display_name="王工", demo=True)  # no second factor
    html = client_for(ctx, "admin").get("/admin/users").text
    assert _selected(_form(html, "/admin/units"), "region_code") == [""]


@pytest.mark.parametrize("display_name", ["王工", ROLE_LABELS[Role.ADMIN]])
def test_the_header_names_the_user_and_the_role_once(ctx: Context, display_name: str) -> None:
    accounts.add_user(ctx, "boss", Role.ADMIN, PASSWORD, display_name=display_name, demo=True)
    html = client_for(ctx, "boss").get("/admin/users").text
    header = re.search(r'<header class="top">(.*?)</header>', html, re.S)
    assert header
    assert header.group(1).count(ROLE_LABELS[Role.ADMIN]) == 1
    assert header.group(1).count(display_name) == 1
