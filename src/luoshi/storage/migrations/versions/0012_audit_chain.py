"""the audit trail as a hash chain: seq, prev_hash, entry_hash, hash_alg on audit_log; the chain's head row

Existing entries are hashed in the order they were written (by id), with SHA-256.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 00:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from luoshi.domain.security import HashAlgorithm
from luoshi.storage.audit_chain import GENESIS, chained

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2000


def upgrade() -> None:
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False, comment="always 1"),
        sa.Column("seq", sa.BigInteger(), nullable=False, comment="seq of the newest entry (0: none yet)"),
        sa.Column("entry_hash", sa.String(length=64), nullable=False, comment="entry_hash of the newest entry"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
        comment="One row: the audit chain's newest seq and hash. Every append locks and moves it, so the "
        "chain stays linear under concurrent writers; verify finds entries deleted from the end by it.",
    )
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(
            sa.Column(
                "seq",
                sa.BigInteger(),
                nullable=True,
                comment="place in the hash chain: 1, 2, 3, ... (docs/security.md)",
            )
        )
        batch.add_column(
            sa.Column(
                "prev_hash", sa.String(length=64), nullable=True, comment="entry_hash of the entry before (chain)"
            )
        )
        batch.add_column(
            sa.Column("entry_hash", sa.String(length=64), nullable=True, comment="digest of the entry's canonical form")
        )
        batch.add_column(sa.Column("hash_alg", sa.String(length=10), nullable=True, comment="sha256 or sm3"))
        batch.create_index(batch.f("ix_audit_log_seq"), ["seq"], unique=True)

    bind = op.get_bind()
    log = sa.table(
        "audit_log",
        *(
            sa.column(name)
            for name in ("id", "actor", "action", "object_type", "object_key", "plan_code", "reason", "version")
        ),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("old", sa.JSON()),
        sa.column("new", sa.JSON()),
        sa.column("seq"),
        sa.column("prev_hash"),
        sa.column("entry_hash"),
        sa.column("hash_alg"),
    )
    seq, prev, last_id = 0, GENESIS, 0
    while True:  # in batches by id: a long log need not fit in memory
        rows = [
            dict(r._mapping)
            for r in bind.execute(sa.select(log).where(log.c.id > last_id).order_by(log.c.id).limit(BATCH))
        ]
        if not rows:
            break
        seq, prev = chained(rows, seq, prev, HashAlgorithm.SHA256)
        bind.execute(
            sa.update(log)
            .where(log.c.id == sa.bindparam("row_id"))
            .values(
                seq=sa.bindparam("row_seq"),
                prev_hash=sa.bindparam("row_prev"),
                entry_hash=sa.bindparam("row_hash"),
                hash_alg=sa.bindparam("row_alg"),
            ),
            [
                {
                    "row_id": r["id"],
                    "row_seq": r["seq"],
                    "row_prev": r["prev_hash"],
                    "row_hash": r["entry_hash"],
                    "row_alg": r["hash_alg"],
                }
                for r in rows
            ],
        )
        last_id = rows[-1]["id"]
    op.bulk_insert(head, [{"id": 1, "seq": seq, "entry_hash": prev}])


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_index(batch.f("ix_audit_log_seq"))
        batch.drop_column("hash_alg")
        batch.drop_column("entry_hash")
        batch.drop_column("prev_hash")
        batch.drop_column("seq")
    op.drop_table("audit_head")
