"""``luoshi init`` makes no account with a known password; ``luoshi user`` applies the password policy and
resets a lost second factor."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyotp
import pytest

from luoshi.services import two_factor
from luoshi.services.context import Context

pytestmark = pytest.mark.e2e

LUOSHI = [sys.executable, "-m", "luoshi.cli.main"]


def run(args: list[str], url: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LUOSHI_DATABASE_URL": url, "COLUMNS": "200"}
    return subprocess.run(
        [*LUOSHI, *args], env=env, cwd=cwd, capture_output=True, text=True, input=stdin, timeout=300, check=False
    )


def test_init_creates_no_account_unless_asked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'l.db'}"
    done = run(["init"], url, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "no account yet" in done.stdout and "luoshi init --admin" in done.stdout
    listed = run(["user", "list"], url, tmp_path)
    assert "admin" not in listed.stdout
    weak = run(["init", "--admin", "boss"], url, tmp_path, stdin="password123\n")
    assert weak.returncode != 0 and "常见密码" in weak.stdout + weak.stderr
    made = run(["init", "--admin", "boss"], url, tmp_path, stdin="Chosen-by-me-77\n")
    assert made.returncode == 0, made.stderr
    assert "administrator boss added" in made.stdout
    assert "boss" in run(["user", "list"], url, tmp_path).stdout


def test_user_add_refuses_a_weak_password(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'l.db'}"
    run(["init"], url, tmp_path)
    weak = run(["user", "add", "li", "--role", "viewer", "--password-stdin"], url, tmp_path, stdin="short\n")
    assert weak.returncode != 0
    good = run(["user", "add", "li", "--role", "viewer", "--password-stdin"], url, tmp_path, stdin="Li-temporary-9\n")
    assert good.returncode == 0, good.stderr
    assert "must be changed at the first login" in good.stdout


def test_user_reset_2fa_removes_the_second_factor(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'l.db'}"
    assert run(["init", "--admin", "boss"], url, tmp_path, stdin="Chosen-by-me-77\n").returncode == 0
    ctx = Context.from_url(url)
    try:
        secret = two_factor.begin(ctx, "boss").secret
        two_factor.confirm(ctx, "boss", pyotp.TOTP(secret).now())
        assert two_factor.enrolled(ctx, "boss")
        done = run(["user", "reset-2fa", "boss"], url, tmp_path)
        assert done.returncode == 0, done.stderr
        assert "boss: second factor removed; its sessions ended" in done.stdout
        assert not two_factor.enrolled(ctx, "boss")
        assert "had no second factor" in run(["user", "reset-2fa", "boss"], url, tmp_path).stdout
        unknown = run(["user", "reset-2fa", "nobody"], url, tmp_path)
        assert unknown.returncode != 0
    finally:
        ctx.dispose()
