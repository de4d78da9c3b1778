"""The audit trail kept honest: verify its hash chain, export it (CSV, signed JSON), archive old entries.

    verdict = verify(ctx)            # Verdict(checked=1234, finding=None, ...)
    export(ctx, "json", Path("audit-2026.json"), before=date(2026, 6, 1))
    archive(ctx, before=date(2026, 6, 1))   # as an administrator, after that export

The chain (storage/audit_chain.py) is walked from the first entry there is: from the start (seq 1) or
from the checkpoint an archive left (an ``audit_archive`` security event naming the last removed entry's
seq and hash). An archive removes only entries older than the retention period
(``LUOSHI_AUDIT_RETENTION_DAYS``, 180 days at least) and only when an export covered them.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from luoshi.domain.account import Permission, can
from luoshi.domain.errors import Forbidden, InvalidInput, Location, NotFound, Problem
from luoshi.domain.security import SecurityEvent
from luoshi.services import accounts
from luoshi.services.context import Context
from luoshi.services.security import record_security_event
from luoshi.storage import audit as audit_store
from luoshi.storage.audit_chain import GENESIS, Break, Finding, Verdict, entry_hash, timestamp, walk
from luoshi.storage.tables import utcnow

EXPORT_FORMAT = "luoshi-audit-export/1"
ExportFormat = Literal["csv", "json"]
CSV_COLUMNS = (
    "id",
    "seq",
    "at",
    "actor",
    "action",
    "object_type",
    "object_key",
    "plan_code",
    "old",
    "new",
    "reason",
    "version",
    "hash_alg",
    "prev_hash",
    "entry_hash",
)


def verify(ctx: Context) -> Verdict:
    """Walk the whole chain in one snapshot; the verdict names the first broken entry, if any."""
    ctx.require_schema()
    with ctx.reading() as snapshot:
        session = snapshot.session
        head = audit_store.head(session)
        first = audit_store.first_entry(session)
        start_seq, start_hash = 0, GENESIS
        if first is not None and first[1] is not None and first[1] > 1:
            checkpoint = _checkpoint(session, first[1] - 1)
            if checkpoint is None:
                return Verdict(
                    0,
                    Finding(
                        Break.DELETED,
                        first[0],
                        None,
                        first[1],
                        f"entries before it are missing (seq 1 to {first[1] - 1}) and no archive covers them",
                    ),
                    0,
                    GENESIS,
                )
            start_seq, start_hash = checkpoint
        return walk(audit_store.chain_rows(session), start_seq=start_seq, start_hash=start_hash, head=head)


def _checkpoint(session: Any, through_seq: int) -> tuple[int, str] | None:
    for detail in reversed(audit_store.security_events(session, SecurityEvent.AUDIT_ARCHIVE.value)):
        if detail.get("through_seq") == through_seq and isinstance(detail.get("through_hash"), str):
            return through_seq, str(detail["through_hash"])
    return None


def describe(finding: Finding) -> str:
    """A finding in one line: ``entry id 17 (seq 17, 2026-11-30T10:00:00Z): changed: ...``."""
    when = timestamp(finding.at) if finding.at else "time unknown"
    return f"entry id {finding.id} (seq {finding.seq}, {when}): {finding.kind.value}: {finding.detail}"


@dataclass(frozen=True)
class Export:
    """What an export wrote: entries seq ``first_seq`` to ``last_seq``, the last one's hash, the file's digest."""

    path: Path
    format: ExportFormat
    count: int
    first_seq: int
    last_seq: int
    last_hash: str
    sha256: str


def _json_entry(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "at": timestamp(row["at"])}


def canonical_json(value: Any) -> bytes:
    """The bytes a JSON export's signature covers: sorted keys, no spaces, non-ASCII as is, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def sign(key: str, document: dict[str, Any]) -> str:
    """HMAC-SHA256 (hex) over the canonical JSON of ``document`` without its ``signature``."""
    body = {k: v for k, v in document.items() if k != "signature"}
    return hmac.new(key.encode(), canonical_json(body), hashlib.sha256).hexdigest()


def export(
    ctx: Context, fmt: ExportFormat, output: Path, *, before: date | None = None, actor: str | None = None
) -> Export:
    """Write the chain's entries (those older than ``before``: the run of oldest entries written before
    that day, as an archive would take them) to ``output`` and record the export as a security event.

    JSON is signed with ``LUOSHI_AUDIT_EXPORT_KEY`` (refused without one); CSV is UTF-8 with a
    byte-order mark, ``old`` and ``new`` as JSON text, and unsigned (its rows carry their chain hashes).
    ``actor``: who asked (the 审计管理员 on the web; the command line's actor otherwise).
    """
    ctx.require_schema()
    where = Location(str(output))
    if fmt == "json" and not ctx.audit_export_key:
        raise InvalidInput([Problem(where, "a JSON export is signed: set LUOSHI_AUDIT_EXPORT_KEY first")])
    verdict = verify(ctx)
    if verdict.finding is not None:
        raise InvalidInput([Problem(where, f"the audit chain is broken, export refused: {describe(verdict.finding)}")])
    with ctx.reading() as snapshot:
        through = audit_store.last_seq_before(snapshot.session, _day_start(before)) if before else None
        rows = [_json_entry(r) for r in audit_store.chain_rows(snapshot.session, through_seq=through)]
    if not rows:
        raise InvalidInput([Problem(where, "no audit entries to export" + (f" before {before}" if before else ""))])
    first_seq, last_seq, last_hash = int(rows[0]["seq"]), int(rows[-1]["seq"]), str(rows[-1]["entry_hash"])
    tmp = output.with_name(output.name + ".part")
    if fmt == "json":
        document: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "exported_at": timestamp(utcnow()),
            "before": before.isoformat() if before else None,
            "chain": {
                "first_seq": first_seq,
                "start_hash": rows[0]["prev_hash"],
                "last_seq": last_seq,
                "last_hash": last_hash,
            },
            "entries": rows,
            "signature_algorithm": "hmac-sha256",
        }
        document["signature"] = sign(str(ctx.audit_export_key), document)
        tmp.write_bytes(json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False).encode())
    else:
        with tmp.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(CSV_COLUMNS)
            for row in rows:
                writer.writerow(
                    [
                        json.dumps(row[c], ensure_ascii=False) if c in ("old", "new") and row[c] is not None else row[c]
                        for c in CSV_COLUMNS
                    ]
                )
    tmp.replace(output)
    digest = hashlib.sha256(output.read_bytes()).hexdigest()
    done = Export(output, fmt, len(rows), first_seq, last_seq, last_hash, digest)
    record_security_event(
        ctx,
        SecurityEvent.AUDIT_EXPORT,
        actor or ctx.actor,
        {
            "file": output.name,
            "format": fmt,
            "first_seq": first_seq,
            "last_seq": last_seq,
            "last_hash": last_hash,
            "sha256": digest,
            "count": len(rows),
        },
    )
    return done


def check_export(path: Path, key: str) -> bool:
    """Whether a JSON export's signature is right and its entries chain: what an auditor checks."""
    document = json.loads(path.read_text(encoding="utf-8"))
    if not hmac.compare_digest(sign(key, document), str(document.get("signature", ""))):
        return False
    prev = document["chain"]["start_hash"]
    for entry in document["entries"]:
        if entry["prev_hash"] != prev or entry_hash(entry) != entry["entry_hash"]:
            return False
        prev = entry["entry_hash"]
    return bool(prev == document["chain"]["last_hash"])


@dataclass(frozen=True)
class Archive:
    """What an archive removed: ``count`` entries up to seq ``through_seq`` (hash ``through_hash``)."""

    count: int
    through_seq: int
    through_hash: str


def archive(ctx: Context, *, before: date, today: date | None = None) -> Archive:
    """Remove the entries written before ``before`` that an export covered, leaving a checkpoint.

    Refused (:class:`Forbidden`) unless the acting account (``ctx.actor``) is a 审计管理员 (三员分立);
    refused (:class:`InvalidInput`) for a day inside the retention period, a broken chain, or
    entries no export covered. ``today`` is for tests.
    """
    ctx.require_schema()
    try:
        user = accounts.user_by_name(ctx, ctx.actor)
    except NotFound:
        user = None
    if user is None or not user.active or not can(user, Permission.READ_AUDIT):
        record_security_event(
            ctx,
            SecurityEvent.PERMISSION_REFUSED,
            ctx.actor,
            {"path": "luoshi audit-log archive", "reason": "归档审计日志需要审计管理员账号"},
        )
        raise Forbidden(f"archiving the audit log needs an auditor's (审计管理员) account (acting as {ctx.actor!r})")
    where = Location("audit_log")
    today = today or utcnow().date()
    latest = today - timedelta(days=ctx.audit_retention_days)
    if before > latest:
        raise InvalidInput(
            [
                Problem(
                    where,
                    f"entries are kept {ctx.audit_retention_days} days: archive only before {latest.isoformat()} "
                    f"or earlier, not {before.isoformat()}",
                )
            ]
        )
    verdict = verify(ctx)
    if verdict.finding is not None:
        raise InvalidInput([Problem(where, f"the audit chain is broken, archive refused: {describe(verdict.finding)}")])
    with ctx.unit_of_work(reason="audit archive") as uow:
        session = uow.session
        audit_store.lock_head(session)  # no append while the prefix is taken away
        first = audit_store.first_entry(session)
        through = audit_store.last_seq_before(session, _day_start(before))
        if first is None or first[1] is None or through is None or through < first[1]:
            raise InvalidInput([Problem(where, f"no audit entries before {before.isoformat()} to archive")])
        exports = audit_store.security_events(session, SecurityEvent.AUDIT_EXPORT.value)
        covered = max((int(e["last_seq"]) for e in exports if int(e.get("first_seq", 1 << 62)) <= first[1]), default=0)
        if covered < first[1]:
            raise InvalidInput(
                [
                    Problem(
                        where,
                        f"no export covers the entries from seq {first[1]}: run "
                        f"`luoshi audit-log export --before {before.isoformat()}` first",
                    )
                ]
            )
        through = min(through, covered)  # the export's own event (and anything after it) stays
        last = audit_store.hash_of(session, through)
        count = audit_store.remove_through(session, through)
        uow.audit.event(
            SecurityEvent.AUDIT_ARCHIVE.value,
            {
                "through_seq": through,
                "through_hash": last,
                "count": count,
                "before": before.isoformat(),
            },
        )
        uow.commit()
    return Archive(count, through, last)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)
