"""No application path edits or deletes audit entries: the audit log is appended to, and only an archive
(after an export covered the entries, leaving a checkpoint) takes the oldest ones away."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).parents[2] / "src" / "luoshi"
#: a statement that changes or removes rows of the audit log, in SQLAlchemy or in SQL
MUTATION = re.compile(
    r"(update|delete)\(\s*(AuditRow|AUDIT_TABLE)\b"
    r"|(AuditRow|AUDIT_TABLE)(\.__table__)?\.(update|delete)\("
    r"|\b(UPDATE\s+audit_log|DELETE\s+FROM\s+audit_log)\b"
    r"|AuditRow\b[^\n]*\.delete\(|\.delete\([^\n]*AuditRow\b",
    re.IGNORECASE,
)
#: where such a statement may be, and the one function each may be in
ALLOWED = {("storage/audit.py", "remove_through")}


def _function_at(text: str, offset: int) -> str:
    names = re.findall(r"^def (\w+)", text[:offset], re.M)
    return names[-1] if names else ""


def test_no_path_edits_or_deletes_audit_entries() -> None:
    found = set()
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC).as_posix()
        if relative.startswith("storage/migrations/"):
            continue  # 0012 writes the chain's columns of entries written before it, once
        text = path.read_text(encoding="utf-8")
        for match in MUTATION.finditer(text):
            found.add((relative, _function_at(text, match.start())))
    assert found == ALLOWED


def test_only_the_archive_service_removes_entries() -> None:
    callers = {
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if "remove_through(" in path.read_text(encoding="utf-8")
    }
    assert callers == {"storage/audit.py", "services/audit_trail.py"}


def test_the_scan_finds_what_it_looks_for() -> None:
    for sql in (
        "session.execute(delete(AuditRow).where(AuditRow.id == 3))",
        "connection.execute(update(AUDIT_TABLE).values(actor='x'))",
        'text("DELETE FROM audit_log WHERE id = 1")',
        'text("update audit_log set actor = 1")',
        "session.delete(session.get(AuditRow, 3))",
        "AuditRow.__table__.delete()",
    ):
        assert MUTATION.search(sql), sql
    assert not MUTATION.search("select(AuditRow).where(AuditRow.seq > 3)")
