"""The audit trail's hash chain: each entry's canonical form, its digest, and the walk that checks a chain.

Every audit entry carries ``seq`` (its place in the chain: 1, 2, 3, ... with no gaps), ``prev_hash`` (the
``entry_hash`` of the entry before it; 64 zeros for the first), ``hash_alg`` and ``entry_hash``: the digest
of the entry's canonical form, which includes ``seq`` and ``prev_hash``. So changing an entry breaks its
own hash, deleting one breaks the next one's ``prev_hash`` (and leaves a gap in ``seq``), and inserting one
breaks the ``prev_hash`` of the entry after it. The canonical form (docs/security.md):

>>> from datetime import datetime, UTC
>>> canonical({"seq": 1, "prev_hash": GENESIS, "at": datetime(2026, 1, 2, 3, 4, 5, 6, UTC), "actor": "li",
...     "action": "create", "object_type": "unit", "object_key": "pc-tjj", "plan_code": None,
...     "old": None, "new": {"名称": "统计局", "n": 1.5}, "reason": None, "version": 7, "hash_alg": "sha256"})[:60]
b'{"action":"create","actor":"li","at":"2026-01-02T03:04:05.00'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from luoshi.domain.security import HashAlgorithm

#: the prev_hash of the first entry of a chain
GENESIS = "0" * 64
#: the fields an entry's hash covers, in addition to nothing else (the row id is not hashed: seq orders)
HASHED_FIELDS = (
    "seq",
    "prev_hash",
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
)
#: the object type of the entry an archive leaves: ``new`` holds the last archived entry's seq and hash
CHECKPOINT_TYPE = "audit_archive"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def timestamp(at: datetime) -> str:
    """A moment as the canonical form writes it: UTC, microseconds, ``Z`` (2026-01-02T03:04:05.000006Z)."""
    if at.tzinfo is None:  # SQLite hands back what it stored, which is UTC
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime(TIME_FORMAT)


def _plain(value: Any) -> bool:
    """Whether ``value`` serialises as it reads back from JSON: no dict in it has a key that is not text
    (a tuple is written as the list it reads back as; a value JSON cannot hold fails either way)."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            for key in item:
                if type(key) is not str:
                    return False
            stack.extend(item.values())
        elif kind is list or kind is tuple:
            stack.extend(item)
    return True


def _json_form(value: Any) -> Any:
    """A value as it reads back from a JSON column (integer keys become text, tuples lists)."""
    if _plain(value):  # a round trip through JSON would give it back unchanged: skip its cost
        return value
    return json.loads(json.dumps(value, ensure_ascii=False, allow_nan=False))


def canonical(entry: Mapping[str, Any]) -> bytes:
    """The bytes an entry's hash is taken of: a JSON object of :data:`HASHED_FIELDS`, keys sorted, no
    spaces, non-ASCII as is, UTF-8; ``at`` as :func:`timestamp`; ``old`` and ``new`` as read back from JSON."""
    record = {name: entry.get(name) for name in HASHED_FIELDS}
    at = entry["at"]
    record["at"] = at if isinstance(at, str) else timestamp(at)  # an export's entries carry the text
    record["old"] = _json_form(record["old"])
    record["new"] = _json_form(record["new"])
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def digest(algorithm: HashAlgorithm | str, data: bytes) -> str:
    """The hex digest of ``data``: SHA-256, or SM3 from OpenSSL through ``hashlib`` when it has it, else
    from the ``gmssl`` package (pure Python, about a hundred times slower).

    >>> digest("sm3", b"abc")[:16]
    '66c7f0f462eeedd9'
    """
    if HashAlgorithm(algorithm) is HashAlgorithm.SM3:
        if _OPENSSL_SM3:
            return hashlib.new("sm3", data).hexdigest()
        from gmssl import func, sm3  # a registry package; loaded only when SM3 is chosen

        return str(sm3.sm3_hash(func.bytes_to_list(data)))
    return hashlib.sha256(data).hexdigest()


_OPENSSL_SM3 = "sm3" in hashlib.algorithms_available


def entry_hash(entry: Mapping[str, Any]) -> str:
    """The hash of ``entry`` with its own ``hash_alg``."""
    return digest(entry["hash_alg"], canonical(entry))


def chained(entries: Iterable[dict[str, Any]], seq: int, prev_hash: str, algorithm: HashAlgorithm) -> tuple[int, str]:
    """Give ``entries`` (in order, after the chain's head ``seq``/``prev_hash``) their chain fields; the new head."""
    for entry in entries:
        seq += 1
        entry["seq"] = seq
        entry["prev_hash"] = prev_hash
        entry["hash_alg"] = algorithm.value
        prev_hash = entry["entry_hash"] = entry_hash(entry)
    return seq, prev_hash


class Break(StrEnum):
    """How a chain is broken at an entry."""

    CHANGED = "changed"  # its content no longer gives its hash
    DELETED = "deleted"  # entries before it are missing (a gap in seq, prev_hash of none present)
    INSERTED = "inserted"  # it was not written by the chain (no hash, or the next entry skips it)
    TRUNCATED = "truncated"  # entries after the last one are missing (the head row is further on)
    REORDERED = "reordered"  # prev_hash and seq disagree with the entries around it otherwise


@dataclass(frozen=True)
class Finding:
    """The first broken place of a chain: the entry (row id, time, seq) and what differs."""

    kind: Break
    id: int | None
    at: datetime | None
    seq: int | None
    detail: str


@dataclass(frozen=True)
class Verdict:
    """What :func:`walk` found: entries checked and the first break, if any."""

    checked: int
    finding: Finding | None
    head_seq: int
    head_hash: str

    @property
    def intact(self) -> bool:
        return self.finding is None


def walk(
    rows: Iterable[Mapping[str, Any]],
    *,
    start_seq: int = 0,
    start_hash: str = GENESIS,
    head: tuple[int, str] | None = None,
) -> Verdict:
    """Check a chain's entries in row order (each with ``id`` and the hashed fields and ``entry_hash``).

    ``start_seq``/``start_hash``: what the first entry chains onto (0 and :data:`GENESIS`, or an archive's
    checkpoint). ``head``: the seq and hash the chain's head row names, so that entries deleted from the
    end are found too. Stops at the first break.
    """
    seq, prev = start_seq, start_hash
    before: str | None = None  # the hash of the entry before the previous one
    last: Mapping[str, Any] | None = None
    checked = 0
    for row in rows:
        if row.get("entry_hash") is None or row.get("seq") is None:
            return _stop(checked, Break.INSERTED, row, "no chain hash: written outside the application", seq, prev)
        if entry_hash(row) != row["entry_hash"]:
            return _stop(checked, Break.CHANGED, row, "its content no longer matches its hash", seq, prev)
        if row["prev_hash"] != prev:
            if row["seq"] > seq + 1:
                missing = f"seq {seq + 1}" if row["seq"] == seq + 2 else f"seq {seq + 1} to {row['seq'] - 1}"
                return _stop(checked, Break.DELETED, row, f"entries before it are missing ({missing})", seq, prev)
            if last is not None and row["prev_hash"] == before:
                return _stop(
                    checked - 1,
                    Break.INSERTED,
                    last,
                    f"not part of the chain: the entry after it (id {row.get('id')}) chains onto the one before it",
                    seq,
                    prev,
                )
            detail = "its prev_hash is not the hash of the entry before it"
            return _stop(checked, Break.REORDERED, row, detail, seq, prev)
        if row["seq"] != seq + 1:
            return _stop(checked, Break.REORDERED, row, f"seq {row['seq']} where {seq + 1} was due", seq, prev)
        before, prev, seq, last = prev, row["entry_hash"], row["seq"], row
        checked += 1
    if head is not None and head[0] > seq:
        gone = head[0] - seq
        return Verdict(
            checked,
            Finding(
                Break.TRUNCATED,
                last.get("id") if last else None,
                last.get("at") if last else None,
                seq,
                f"{gone} entr{'y' if gone == 1 else 'ies'} after this one missing (the chain's head is seq {head[0]})",
            ),
            seq,
            prev,
        )
    if head is not None and (head[0] < seq or head[1] != prev):
        kind = Break.INSERTED if head[0] < seq else Break.CHANGED
        detail = (
            f"entries after seq {head[0]} (the chain's head) were not written by the chain"
            if head[0] < seq
            else "the chain's head names another hash for this entry"
        )
        where = last or {}
        return Verdict(checked, Finding(kind, where.get("id"), where.get("at"), seq, detail), seq, prev)
    return Verdict(checked, None, seq, prev)


def _stop(checked: int, kind: Break, row: Mapping[str, Any], detail: str, seq: int, prev: str) -> Verdict:
    return Verdict(checked, Finding(kind, row.get("id"), row.get("at"), row.get("seq"), detail), seq, prev)
