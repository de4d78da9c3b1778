"""The audit trail as a hash chain, on SQLite and PostgreSQL: tampering with raw SQL is found by verify,
concurrent writers keep the chain linear, the migration chains old entries, SM3 works, export and archive."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.domain.account import Role
from luoshi.domain.errors import Forbidden, InvalidInput
from luoshi.domain.security import HashAlgorithm, SecurityEvent
from luoshi.services import accounts, audit_trail
from luoshi.services.context import Context
from luoshi.services.security import record_security_event
from luoshi.storage.audit_chain import Break, chained
from luoshi.storage.database import upgrade

pytestmark = pytest.mark.integration
KEY = "an export key of some length"


def write(ctx: Context, n: int, prefix: str = "u") -> None:
    """``n`` audited changes, each in its own unit of work (the application's only way to write)."""
    for i in range(n):
        with ctx.unit_of_work(reason="unit edit") as uow:
            uow.audit.created("unit", f"{prefix}{i}", {"code": f"{prefix}{i}", "名称": "统计局", "n": i + 0.5})
            uow.commit()


def raw(ctx: Context, sql: str, **params: object) -> None:
    with ctx.engine.begin() as connection:
        connection.execute(text(sql), params)


def row_id(ctx: Context, seq: int) -> int:
    with ctx.engine.connect() as connection:
        return int(connection.execute(text("SELECT id FROM audit_log WHERE seq = :s"), {"s": seq}).scalar_one())


def test_an_untouched_chain_verifies(ctx: Context) -> None:
    write(ctx, 5)
    record_security_event(ctx, SecurityEvent.LOGIN, "li", {"address": "10.0.0.5"})
    verdict = audit_trail.verify(ctx)
    assert verdict.intact and verdict.checked == 6 and verdict.head_seq == 6


def test_a_changed_entry_is_named(ctx: Context) -> None:
    write(ctx, 5)
    raw(ctx, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")
    finding = audit_trail.verify(ctx).finding
    assert finding is not None
    assert (finding.kind, finding.seq, finding.id) == (Break.CHANGED, 3, row_id(ctx, 3))
    assert finding.at is not None


def test_a_changed_value_inside_the_json_is_found(ctx: Context) -> None:
    write(ctx, 3)
    raw(ctx, "UPDATE audit_log SET new = :v WHERE seq = 2", v=json.dumps({"code": "u1", "名称": "统计局", "n": 9.5}))
    finding = audit_trail.verify(ctx).finding
    assert finding is not None and (finding.kind, finding.seq) == (Break.CHANGED, 2)


def test_a_deleted_entry_is_found_at_the_next_one(ctx: Context) -> None:
    write(ctx, 5)
    raw(ctx, "DELETE FROM audit_log WHERE seq = 3")
    finding = audit_trail.verify(ctx).finding
    assert finding is not None
    assert (finding.kind, finding.seq, finding.id) == (Break.DELETED, 4, row_id(ctx, 4))
    assert "seq 3" in finding.detail


def test_entries_deleted_from_either_end_are_found(ctx: Context) -> None:
    write(ctx, 4)
    raw(ctx, "DELETE FROM audit_log WHERE seq = 4")
    finding = audit_trail.verify(ctx).finding
    assert finding is not None and (finding.kind, finding.seq) == (Break.TRUNCATED, 3)
    raw(ctx, "DELETE FROM audit_log WHERE seq = 1")
    finding = audit_trail.verify(ctx).finding
    assert finding is not None and (finding.kind, finding.seq) == (Break.DELETED, 2)


def test_an_inserted_entry_is_found(ctx: Context) -> None:
    write(ctx, 3)
    raw(
        ctx,
        "INSERT INTO audit_log (at, actor, action, object_type, object_key, reason) "
        "VALUES (CURRENT_TIMESTAMP, 'mallory', 'create', 'unit', 'fake', 'unit edit')",
    )
    finding = audit_trail.verify(ctx).finding
    assert finding is not None and finding.kind is Break.INSERTED and finding.seq is None


def test_an_inserted_entry_with_a_forged_hash_is_found(ctx: Context) -> None:
    """A copy of the last entry given the next seq and a hash that chains: the head row does not know it."""
    write(ctx, 3)
    with ctx.engine.begin() as connection:
        last = dict(connection.execute(text("SELECT * FROM audit_log WHERE seq = 3")).mappings().one())
    forged = {k: v for k, v in last.items() if k != "id"}
    forged["actor"], forged["old"] = "mallory", None
    if isinstance(forged["new"], str):  # SQLite hands back text where PostgreSQL parses
        forged["new"] = json.loads(forged["new"])
    stored_at = forged["at"]
    if isinstance(forged["at"], str):
        forged["at"] = datetime.fromisoformat(forged["at"]).replace(tzinfo=UTC)
    chained([forged], 3, last["entry_hash"], HashAlgorithm.SHA256)
    forged["new"] = json.dumps(forged["new"], ensure_ascii=False)
    forged["at"] = stored_at  # as the database wrote it
    columns = ", ".join(k for k in forged if k not in ("old",))
    values = ", ".join(f":{k}" for k in forged if k not in ("old",))
    raw(ctx, f"INSERT INTO audit_log ({columns}) VALUES ({values})", **{k: v for k, v in forged.items() if k != "old"})
    finding = audit_trail.verify(ctx).finding
    assert finding is not None and finding.kind is Break.INSERTED


def test_concurrent_writers_keep_one_linear_chain(ctx: Context) -> None:
    threads, each = 6, 8
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(each):
                if i % 2:
                    record_security_event(ctx, SecurityEvent.TOKEN_USE, f"client{n}", {"token_id": n})
                else:
                    write(ctx, 1, prefix=f"t{n}-{i}-")
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    verdict = audit_trail.verify(ctx)
    assert verdict.intact and verdict.checked == threads * each
    with ctx.engine.connect() as connection:
        seqs = [r[0] for r in connection.execute(text("SELECT seq FROM audit_log ORDER BY id"))]
    assert seqs == list(range(1, threads * each + 1))


def test_security_events_move_no_data_version(ctx: Context) -> None:
    write(ctx, 1)
    version = ctx.data_version()
    record_security_event(ctx, SecurityEvent.LOGIN_FAILED, "anonymous", {"name_tried": "li", "password": "x"})
    assert ctx.data_version() == version
    with ctx.engine.connect() as connection:
        new = connection.execute(text("SELECT new FROM audit_log WHERE object_key = 'login_failed'")).scalar_one()
    new = json.loads(new) if isinstance(new, str) else new
    assert new == {"name_tried": "li"}  # a password never reaches the log


def test_sm3_chains_after_sha256(ctx: Context) -> None:
    write(ctx, 2)
    ctx.audit_hash = HashAlgorithm.SM3
    write(ctx, 2, prefix="sm")
    with ctx.engine.connect() as connection:
        algorithms = [r[0] for r in connection.execute(text("SELECT hash_alg FROM audit_log ORDER BY seq"))]
    assert algorithms == ["sha256", "sha256", "sm3", "sm3"]
    assert audit_trail.verify(ctx).intact
    raw(ctx, "UPDATE audit_log SET object_key = 'x' WHERE seq = 4")
    finding = audit_trail.verify(ctx).finding
    assert finding is not None and (finding.kind, finding.seq) == (Break.CHANGED, 4)


def test_the_migration_chains_the_entries_already_there(database_url: str) -> None:
    ctx = Context.from_url(database_url, actor="tester")
    try:
        upgrade(ctx.engine, "0010")
        for i in range(3):
            raw(
                ctx,
                "INSERT INTO audit_log (at, actor, action, object_type, object_key, new, reason, version) "
                "VALUES (:at, 'li', 'create', 'unit', :key, :new, 'unit edit', :v)",
                at=f"2026-0{i + 1}-01 08:00:00.123456",
                key=f"old{i}",
                new=json.dumps({"code": f"old{i}", "名称": "统计局", "2": [1, 2.5]}, ensure_ascii=False),
                v=i + 1,
            )
        upgrade(ctx.engine)
        verdict = audit_trail.verify(ctx)
        assert verdict.intact and verdict.checked == 3
        write(ctx, 1)
        assert audit_trail.verify(ctx).checked == 4
    finally:
        ctx.dispose()


def cli(url: str, *args: str, **env: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"LUOSHI_DATABASE_URL": url, "COLUMNS": "200", **env})
    return result.exit_code, result.output


def test_cli_verify_exit_codes(ctx: Context) -> None:
    url = ctx.engine.url.render_as_string(hide_password=False)
    write(ctx, 3)
    code, output = cli(url, "audit-log", "verify")
    assert code == 0 and "3 entries" in output
    raw(ctx, "DELETE FROM audit_log WHERE seq = 2")
    code, output = cli(url, "audit-log", "verify")
    assert code == 1
    assert f"entry id {row_id(ctx, 3)} (seq 3" in output and "deleted" in output


def test_export_then_archive_keeps_the_chain_verifiable(ctx: Context, tmp_path: Path) -> None:
    accounts.add_user(ctx, "admin", Role.AUDITOR, "correct-horse-1")  # the 审计管理员 archives
    write(ctx, 4)
    ctx.audit_export_key = KEY
    ctx.actor = "admin"
    today = date.today() + timedelta(days=400)  # every entry is older than the retention period then
    before = today - timedelta(days=200)
    with pytest.raises(InvalidInput, match="no export covers"):
        audit_trail.archive(ctx, before=before, today=today)
    with pytest.raises(InvalidInput, match="kept 180 days"):
        audit_trail.archive(ctx, before=today - timedelta(days=10), today=today)
    done = audit_trail.export(ctx, "json", tmp_path / "audit.json", before=before)
    assert (done.first_seq, done.last_seq, done.count) == (1, 5, 5)
    assert audit_trail.check_export(tmp_path / "audit.json", KEY)
    assert not audit_trail.check_export(tmp_path / "audit.json", "another key of some length")
    document = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    document["entries"][1]["actor"] = "mallory"
    (tmp_path / "forged.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert not audit_trail.check_export(tmp_path / "forged.json", KEY)

    ctx.actor = "nobody"
    with pytest.raises(Forbidden):
        audit_trail.archive(ctx, before=before, today=today)
    ctx.actor = "admin"
    archived = audit_trail.archive(ctx, before=before, today=today)
    assert (archived.count, archived.through_seq) == (5, 5)  # the admin's creation and the four changes
    verdict = audit_trail.verify(ctx)
    assert verdict.intact and verdict.checked == 3  # the export's event, nobody's refusal, the checkpoint
    write(ctx, 2)
    assert audit_trail.verify(ctx).intact
    raw(ctx, "DELETE FROM audit_log WHERE seq = :s", s=archived.through_seq + 3)  # the checkpoint itself
    assert not audit_trail.verify(ctx).intact


def test_a_csv_export_and_the_cli(ctx: Context, tmp_path: Path) -> None:
    url = ctx.engine.url.render_as_string(hide_password=False)
    write(ctx, 2)
    code, output = cli(url, "audit-log", "export", "--format", "csv", "--output", str(tmp_path / "a.csv"))
    assert code == 0, output
    lines = (tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("id,seq,at,actor") and len(lines) == 3
    code, output = cli(url, "audit-log", "export", "--format", "json", "--output", str(tmp_path / "a.json"))
    assert code == 2 and "LUOSHI_AUDIT_EXPORT_KEY" in output
    code, output = cli(url, "audit-log", "export", "--output", str(tmp_path / "a.json"), LUOSHI_AUDIT_EXPORT_KEY=KEY)
    assert code == 0 and audit_trail.check_export(tmp_path / "a.json", KEY)
    code, output = cli(url, "audit-log", "archive", "--before", "2020-01-01", "--confirm", LUOSHI_ACTOR="cli")
    assert code == 2 and "auditor" in output
    code, output = cli(url, "audit-log", "verify")
    assert code == 0 and "5 entries" in output  # two changes, two exports, the refusal; verify only reads
