"""The audit chain's walk over plain entries: each kind of break is told apart and named at the right entry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from luoshi.domain.security import HashAlgorithm
from luoshi.storage import audit_chain
from luoshi.storage.audit_chain import GENESIS, Break, canonical, chained, walk

START = datetime(2026, 5, 1, 8, 0, 0, 123456, UTC)


def entries(n: int, algorithm: HashAlgorithm = HashAlgorithm.SHA256) -> list[dict[str, Any]]:
    rows = [
        {
            "id": i + 10,
            "at": START + timedelta(seconds=i),
            "actor": "li",
            "action": "create",
            "object_type": "unit",
            "object_key": f"u{i}",
            "plan_code": None,
            "old": None,
            "new": {"code": f"u{i}", "名称": "统计局", 2: (1, 2.5)},
            "reason": "unit edit",
            "version": i + 1,
        }
        for i in range(n)
    ]
    chained(rows, 0, GENESIS, algorithm)
    return rows


def head(rows: list[dict[str, Any]]) -> tuple[int, str]:
    return rows[-1]["seq"], rows[-1]["entry_hash"]


def test_an_intact_chain() -> None:
    rows = entries(5)
    verdict = walk(rows, head=head(rows))
    assert verdict.intact and verdict.checked == 5 and verdict.head_seq == 5


def test_the_canonical_form_is_as_documented() -> None:
    row = entries(1)[0]
    text = canonical(row).decode()
    assert text.startswith('{"action":"create","actor":"li","at":"2026-05-01T08:00:00.123456Z",')
    assert '"new":{"2":[1,2.5],"code":"u0","名称":"统计局"}' in text  # keys as JSON reads them back, sorted
    assert '"prev_hash":"' + GENESIS + '"' in text and '"id"' not in text


@pytest.mark.parametrize("algorithm", list(HashAlgorithm))
def test_a_changed_entry(algorithm: HashAlgorithm) -> None:
    rows = entries(5, algorithm)
    rows[2]["new"] = {**rows[2]["new"], "名称": "发改委"}
    finding = walk(rows, head=head(rows)).finding
    assert finding is not None and (finding.kind, finding.id, finding.seq) == (Break.CHANGED, 12, 3)


def test_a_deleted_entry_and_a_deleted_run() -> None:
    rows = entries(6)
    finding = walk(rows[:2] + rows[3:], head=head(rows)).finding
    assert finding is not None and (finding.kind, finding.seq, finding.detail) == (
        Break.DELETED,
        4,
        "entries before it are missing (seq 3)",
    )
    finding = walk(rows[:1] + rows[4:], head=head(rows)).finding
    assert finding is not None and "seq 2 to 4" in finding.detail


def test_an_inserted_entry_that_chains_onto_the_one_before() -> None:
    rows = entries(4)
    forged = dict(rows[1], id=99, actor="mallory")
    chained([forged], 2, rows[1]["entry_hash"], HashAlgorithm.SHA256)  # takes seq 3, as rows[2] has
    finding = walk([*rows[:2], forged, *rows[2:]], head=head(rows)).finding
    assert finding is not None and (finding.kind, finding.id) == (Break.INSERTED, 99)


def test_entries_gone_from_the_end_or_added_past_it() -> None:
    rows = entries(4)
    finding = walk(rows[:3], head=head(rows)).finding
    assert finding is not None and (finding.kind, finding.seq) == (Break.TRUNCATED, 3)
    finding = walk(rows, head=(3, rows[2]["entry_hash"])).finding
    assert finding is not None and finding.kind is Break.INSERTED


def test_a_walk_from_a_checkpoint() -> None:
    rows = entries(5)
    assert walk(rows[2:], start_seq=2, start_hash=rows[1]["entry_hash"], head=head(rows)).intact
    assert not walk(rows[2:], head=head(rows)).intact


def test_sm3_from_openssl_and_from_gmssl_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    data = "审计".encode() * 50
    first = audit_chain.digest(HashAlgorithm.SM3, data)
    monkeypatch.setattr(audit_chain, "_OPENSSL_SM3", not audit_chain._OPENSSL_SM3)
    assert audit_chain.digest(HashAlgorithm.SM3, data) == first
    assert audit_chain.digest("sm3", b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
