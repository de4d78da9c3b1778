"""Accounts that share a password (the demo's, the web tests'): one argon2 hash, every account usable."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from luoshi.domain.account import Role, User
from luoshi.domain.errors import InvalidInput
from luoshi.services import accounts
from luoshi.services.audit import AuditFilter, audit_page
from luoshi.services.context import Context
from luoshi.services.plans import load_plan
from luoshi.storage.tables import UserRow

pytestmark = pytest.mark.integration
PASSWORD = "shared-secret-1"


def test_accounts_added_together_share_one_hash_and_each_logs_in(ctx: Context, mini_plan: Path) -> None:
    load_plan(ctx, mini_plan)
    made = accounts.add_users(ctx, [User("ann", Role.ADMIN, "Ann"), User("bob", Role.REPORTER, "Bob", "tjj")], PASSWORD)
    assert [u.name for u in made] == ["ann", "bob"]
    with ctx.reading() as snapshot:
        hashes = {snapshot.accounts.password_hash(name) for name in ("ann", "bob")}
    assert len(hashes) == 1 and None not in hashes
    ann = accounts.authenticate(ctx, "ann", PASSWORD)
    bob = accounts.authenticate(ctx, "bob", PASSWORD)
    assert ann is not None and ann.role is Role.ADMIN
    assert bob is not None and bob.unit_code == "tjj"
    assert accounts.authenticate(ctx, "bob", PASSWORD + "x") is None
    # each account is its own audited change, as with add_user
    added = [e for e in audit_page(ctx, AuditFilter(object_type="user")).items if e.reason == "user add"]
    assert len(added) == 2


def test_a_bad_account_or_password_adds_none_of_them(ctx: Context) -> None:
    with pytest.raises(InvalidInput, match="works for one unit"):
        accounts.add_users(ctx, [User("ann", Role.ADMIN), User("bob", Role.REPORTER)], PASSWORD)
    with pytest.raises(InvalidInput, match="至少"):
        accounts.add_users(ctx, [User("ann", Role.ADMIN)], "short")
    with ctx.reading() as snapshot:
        assert snapshot.session.scalar(select(func.count()).select_from(UserRow)) == 0
